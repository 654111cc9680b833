/* Unit test: the NIC names of guests' network configurations
 * (parse-netcfg.h).
 */

#include <config.h>

#include <string.h>

#include "parse-netcfg.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define IFUPDOWN FERRY_NETCFG_IFUPDOWN
#define NETWORKD FERRY_NETCFG_NETWORKD
#define NM FERRY_NETCFG_NM
#define NETPLAN FERRY_NETCFG_NETPLAN

/* What each text configures, written "NAME MAC METHOD;" per NIC ("-" for
 * NULL), then "<PATH" or "<PATH/" (a directory) per include.
 */
static const struct {
  const char *what;
  enum ferry_netcfg_tool tool;
  const char *text;
  const char *expect;
} cases[] = {
  /* ifupdown */
  { "the Debian installer's interfaces", IFUPDOWN,
    "# This file describes the network interfaces\n"
    "source /etc/network/interfaces.d/*\n\n"
    "auto lo\niface lo inet loopback\n\n"
    "# The primary network interface\n"
    "allow-hotplug ens192\niface ens192 inet dhcp\n",
    "ens192 - dhcp;</etc/network/interfaces.d/*" },
  { "a static stanza with options", IFUPDOWN,
    "auto eth0\niface eth0 inet static\n\taddress 192.0.2.7/24\n"
    "\tgateway 192.0.2.1\n\tdns-nameservers 192.0.2.53\n"
    "iface eth0 inet6 auto\n",
    "eth0 - static;" },
  { "relative source and source-directory", IFUPDOWN,
    "source-directory interfaces.d\nsource /etc/net/a b\nsource ../x\n",
    "</etc/network/interfaces.d/</etc/net/a</etc/network/../x" },
  { "a bridge's ports and a bond's slaves", IFUPDOWN,
    "iface br0 inet dhcp\n  bridge_ports ens192 ens224 regex eth.*\n"
    "iface bond0 inet manual\n  bond-slaves ens256 none\n",
    "ens192 - port;ens224 - port;ens256 - port;" },
  { "ports outside a stanza are nothing", IFUPDOWN,
    "auto br0\n  bridge_ports ens192\n", "" },
  { "a VLAN and an alias name their device", IFUPDOWN,
    "iface ens192.100 inet static\n address 10.1.1.1/24\n"
    "iface ens224:1 inet static\n"
    "iface vlan7 inet manual\n vlan-raw-device eth1\n",
    "ens192 - vlan;ens224 - static;eth1 - vlan;" },
  { "a continued line", IFUPDOWN,
    "iface \\\nens192 inet \\\n dhcp\n", "ens192 - dhcp;" },
  { "comments and blanks", IFUPDOWN,
    "#iface ens192 inet dhcp\n   # iface ens224 inet dhcp\n\n\t\n", "" },
  { "not NIC names", IFUPDOWN,
    "iface lo inet loopback\niface wlan0 inet dhcp\niface br0 inet dhcp\n"
    "iface en inet dhcp\niface ens1234567890123 inet dhcp\n"
    "iface ens$(x) inet dhcp\niface eth0/1 inet dhcp\n",
    "" },
  { "CRLF and a NUL", IFUPDOWN,
    "iface ens192 inet dhcp\r\niface ens2\0" "24 inet dhcp\niface ens256\r\n",
    "ens192 - dhcp;ens2 - -;ens256 - -;" },
  { "a name configured twice", IFUPDOWN,
    "iface ens192 inet6 auto\niface ens192 inet dhcp\n", "ens192 - auto;" },
  { "iface alone", IFUPDOWN, "iface\nsource\n", "" },

  /* systemd-networkd */
  { "a .network by name", NETWORKD,
    "[Match]\nName=ens224\n\n[Network]\nAddress=10.0.2.24/24\n",
    "ens224 - static;" },
  { "a .network by name and MAC", NETWORKD,
    "[Match]\nMACAddress=00:50:56:AB:CD:EF\nName=ens192\n"
    "[Network]\nDHCP=yes\n",
    "ens192 00:50:56:ab:cd:ef dhcp;" },
  { "several names, patterns and an [Address]", NETWORKD,
    "# comment\n[Match]\nName=ens192 en* !eth0\nName=eth1\n"
    "[Address]\nAddress=192.0.2.1/24\n",
    "ens192 - static;eth1 - static;" },
  { "several names share no MAC", NETWORKD,
    "[Match]\nName=ens192 ens224\nMACAddress=00:50:56:ab:cd:ef\n",
    "ens192 - -;ens224 - -;" },
  { "an empty Name= resets the list", NETWORKD,
    "[Match]\nName=ens192\nName=\nName=ens224\n", "ens224 - -;" },
  { "a MAC alone needs nothing", NETWORKD,
    "[Match]\nMACAddress=00:50:56:ab:cd:ef\n[Network]\nDHCP=ipv4\n", "" },
  { "keys outside [Match]", NETWORKD,
    "Name=ens192\n[Link]\nName=ens224\n", "" },

  /* NetworkManager */
  { "a keyfile with a MAC", NM,
    "[connection]\nid=Wired\nuuid=x\ntype=ethernet\ninterface-name=ens192\n\n"
    "[ethernet]\nmac-address=00:50:56:A1:3C:07\n\n"
    "[ipv4]\naddress1=10.0.2.20/24,10.0.2.2\nmethod=manual\n",
    "ens192 00:50:56:a1:3c:07 static;" },
  { "an old keyfile", NM,
    "[connection]\ntype=802-3-ethernet\ninterface-name=eth0\n"
    "[802-3-ethernet]\nmac-address=0;80;86;161;60;7;\n[ipv4]\nmethod=auto\n",
    "eth0 00:50:56:a1:3c:07 dhcp;" },
  { "a keyfile without a type, with [ethernet]", NM,
    "[connection]\ninterface-name=ens224\n[ethernet]\n", "ens224 - -;" },
  { "a bad MAC is no MAC", NM,
    "[connection]\ntype=ethernet\ninterface-name=ens192\n"
    "[ethernet]\nmac-address=0;80;86;161;60;700;\n",
    "ens192 - -;" },
  { "a VLAN names its parent", NM,
    "[connection]\ntype=vlan\ninterface-name=vlan7\n[vlan]\nparent=ens192\n",
    "ens192 - vlan;" },
  { "a bridge is no NIC", NM,
    "[connection]\ntype=bridge\ninterface-name=ens192\n", "" },
  { "a keyfile by MAC alone", NM,
    "[connection]\ntype=ethernet\n[ethernet]\nmac-address=00:50:56:a1:3c:07\n",
    "" },

  /* netplan */
  { "cloud-init's netplan", NETPLAN,
    "# generated\nnetwork:\n    version: 2\n    renderer: networkd\n"
    "    ethernets:\n        ens192:\n            dhcp4: true\n",
    "ens192 - dhcp;" },
  { "match and set-name", NETPLAN,
    "network:\n  ethernets:\n    id0:\n      match:\n"
    "        macaddress: \"00:50:56:AB:CD:EF\"\n      set-name: ens192\n"
    "      addresses:\n        - 10.0.2.20/24\n      routes:\n"
    "      - to: default\n        via: 10.0.2.2\n"
    "    ens224: {dhcp4: yes}\n",
    "ens192 00:50:56:ab:cd:ef static;ens224 - dhcp;" },
  { "a flow match", NETPLAN,
    "network:\n ethernets:\n  lan:\n   match: {name: 'eth1', macaddress: "
    "00:50:56:00:00:01}\n   addresses: [10.0.0.1/8]\n",
    "eth1 00:50:56:00:00:01 static;" },
  { "a match by MAC alone, and a pattern", NETPLAN,
    "network:\n  ethernets:\n    a:\n      match:\n        macaddress: "
    "00:50:56:00:00:01\n    b:\n      match:\n        name: en*\n",
    "" },
  { "bridges and comments", NETPLAN,
    "network:  # the network\n  ethernets:\n    ens192: {}\n"
    "  bridges:\n    br0:\n      interfaces: [ens192]\n      dhcp4: true\n"
    "    ens999:\n      dhcp4: true\n",
    "ens192 - -;" },
  { "tabs, documents and nonsense", NETPLAN,
    "---\nnetwork:\n\tethernets:\n  ethernets:\n    \"ens192\":\n"
    "      dhcp4: no\n...\nethernets:\n  ens224:\n:\n- x\n",
    "ens192 - -;" },
};

static char *
describe (const struct ferry_netcfg *cfg)
{
  GString *s = g_string_new (NULL);
  size_t i;

  for (i = 0; i < cfg->nics->len; i++) {
    const struct ferry_netcfg_nic *nic = cfg->nics->pdata[i];
    g_string_append_printf (s, "%s %s %s;", nic->name,
                            nic->mac ? nic->mac : "-",
                            nic->method ? nic->method : "-");
  }
  for (i = 0; i < cfg->includes->len; i++) {
    const struct ferry_netcfg_include *inc = cfg->includes->pdata[i];
    g_string_append_printf (s, "<%s%s", inc->path, inc->directory ? "/" : "");
  }
  return g_string_free (s, FALSE);
}

/* The length of a case's text: up to its last byte, NULs included. */
static size_t
text_len (const char *text)
{
  size_t len = strlen (text);

  /* The one case with a NUL goes on after it. */
  if (strncmp (text, "iface ens192 inet dhcp\r\niface ens2", 34) == 0)
    len += 1 + strlen (text + len + 1);
  return len;
}

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (cases) + 15);

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    g_autofree char *got = NULL;
    int r = ferry_netcfg_parse (cfg, cases[i].tool, "/etc/network/interfaces",
                                cases[i].text, text_len (cases[i].text));
    got = describe (cfg);
    if (!tap_ok (r == 0 && strcmp (got, cases[i].expect) == 0, "%s: %s (%s)",
                 ferry_netcfg_tool_name (cases[i].tool), cases[i].what,
                 cases[i].expect))
      printf ("# got %d '%s'\n", r, got);
  }

  /* Files accumulate in one configuration. */
  {
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    static const char a[] = "iface ens192 inet dhcp\n";
    static const char b[] = "[Match]\nName=ens192\nMACAddress=00:50:56:00:00:02\n";
    g_autofree char *got = NULL;
    ferry_netcfg_parse (cfg, IFUPDOWN, "/etc/network/interfaces", a,
                        sizeof a - 1);
    ferry_netcfg_parse (cfg, NETWORKD, "/etc/systemd/network/a.network", b,
                        sizeof b - 1);
    got = describe (cfg);
    tap_ok (strcmp (got, "ens192 00:50:56:00:00:02 dhcp;") == 0,
            "a name in two files is one NIC, with the MAC of the second (%s)",
            got);
    tap_ok (((struct ferry_netcfg_nic *) cfg->nics->pdata[0])->tool ==
            IFUPDOWN &&
            strcmp (((struct ferry_netcfg_nic *) cfg->nics->pdata[0])->file,
                    "/etc/network/interfaces") == 0,
            "... and keeps the tool and file that named it first");
  }

  /* Bounds. */
  {
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    g_autoptr (GString) many = g_string_new (NULL);
    unsigned n;
    for (n = 0; n <= FERRY_NETCFG_MAX_NICS; n++)
      g_string_append_printf (many, "iface eth%u inet dhcp\n", n);
    tap_ok (ferry_netcfg_parse (cfg, IFUPDOWN, "/etc/network/many", many->str,
                                many->len) == -1,
            "more than %u NICs is refused", FERRY_NETCFG_MAX_NICS);
    tap_ok (strstr (ferry_error_get (), "'/etc/network/many'") != NULL &&
            strstr (ferry_error_get (), "more than") != NULL,
            "... naming the file (%s)", ferry_error_get ());
    tap_ok (cfg->nics->len == FERRY_NETCFG_MAX_NICS,
            "... keeping the %u read before", FERRY_NETCFG_MAX_NICS);
  }
  {
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    g_autoptr (GString) many = g_string_new ("network:\n  ethernets:\n");
    unsigned n;
    for (n = 0; n <= FERRY_NETCFG_MAX_NICS; n++)
      g_string_append_printf (many, "    eth%u: {}\n", n);
    tap_ok (ferry_netcfg_parse (cfg, NETPLAN, "/etc/netplan/many.yaml",
                                many->str, many->len) == -1 &&
            strstr (ferry_error_get (), "'/etc/netplan/many.yaml'") != NULL,
            "more than %u netplan ethernets is refused",
            FERRY_NETCFG_MAX_NICS);
  }
  {
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    g_autoptr (GString) many = g_string_new (NULL);
    unsigned n;
    for (n = 0; n <= FERRY_NETCFG_MAX_INCLUDES; n++)
      g_string_append_printf (many, "source /etc/n%u\n", n);
    tap_ok (ferry_netcfg_parse (cfg, IFUPDOWN, "/etc/network/interfaces",
                                many->str, many->len) == -1 &&
            strstr (ferry_error_get (), "includes") != NULL,
            "more than %u includes is refused", FERRY_NETCFG_MAX_INCLUDES);
  }
  {
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    g_autofree char *big = g_malloc0 (FERRY_NETCFG_MAX_FILE + 1);
    tap_ok (ferry_netcfg_parse (cfg, NM, "/etc/x\n\"y", big,
                                FERRY_NETCFG_MAX_FILE + 1) == -1,
            "a file over %u bytes is refused", FERRY_NETCFG_MAX_FILE);
    tap_ok (strstr (ferry_error_get (), "'/etc/x\\n\\\"y'") != NULL,
            "... its name escaped in the message (%s)", ferry_error_get ());
    tap_ok (ferry_netcfg_parse (cfg, NM, "/etc/x", big,
                                FERRY_NETCFG_MAX_FILE) == 0,
            "a file of exactly %u bytes is read", FERRY_NETCFG_MAX_FILE);
  }
  {
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    g_autoptr (GString) deep = g_string_new ("network:\n  ethernets:\n"
                                             "    ens192:\n");
    unsigned n;
    for (n = 0; n < 100; n++)
      g_string_append_printf (deep, "%*sk%u:\n", 6 + 2 * (int) n, "", n);
    g_string_append (deep, "    ens224: {dhcp4: true}\n");
    ferry_netcfg_parse (cfg, NETPLAN, "/etc/netplan/deep.yaml", deep->str,
                        deep->len);
    g_autofree char *got = describe (cfg);
    tap_ok (strcmp (got, "ens192 - -;ens224 - dhcp;") == 0,
            "netplan nested deeper than the parser follows (%s)", got);
  }

  tap_ok (ferry_netcfg_nic_name ("ens192", 6), "ens192 is a NIC name");
  tap_ok (ferry_netcfg_nic_name ("eth0", 4), "eth0 is a NIC name");
  tap_ok (!ferry_netcfg_nic_name ("ens192", 2), "the length counts, not the NUL");
  tap_ok (!ferry_netcfg_nic_name ("ens1234567890123", 16),
          "16 characters are too many");
  return tap_done ();
}

/* Unit test: which source NIC each configured name goes with, and the
 * files that give it its name (linux-network.h).
 */

#include <config.h>

#include <string.h>

#include "linux-network.h"
#include "parse-netcfg.h"
#include "source.h"
#include "tap.h"
#include "banned.h"

#define A "00:50:56:3f:12:34"
#define B "00:50:56:3f:56:78"
#define C "00:50:56:a1:3c:07"

/* CONFIG: a netplan file (names and their MACs); MACS: the source NICs'
 * MACs, "-" for none.  EXPECT: per NIC "NAME MAC FLAGS;" (NAME and MAC
 * "-" for none; FLAGS "c" for a MAC from the configuration, "d" for a
 * match by driver, "-"), then "|" and the names no NIC takes.
 */
static const struct {
  const char *what;
  const char *config;
  const char *macs[3];
  const char *expect;
} cases[] = {
  { "VMware NICs by MAC, names in VMware's order",
    "    ens224: {}\n    ens192: {}\n", { A, B },
    "ens192 " A " -;ens224 " B " -;|" },
  { "a bare disk: one NIC without MAC, matched by driver",
    "    ens192: {}\n    ens224: {}\n", { "-" },
    "ens192 - d;|ens224" },
  { "a MAC in the configuration, none in the source",
    "    id0:\n      match: {macaddress: " C "}\n      set-name: ens192\n",
    { "-" }, "ens192 " C " c;|" },
  { "a configuration bound to the second NIC's MAC",
    "    ens192:\n      match: {macaddress: " B ", name: ens192}\n"
    "    ens224: {}\n", { A, B },
    "ens224 " A " -;ens192 " B " -;|" },
  { "a configuration bound to a MAC no NIC has",
    "    ens192:\n      match: {macaddress: " C ", name: ens192}\n",
    { A }, "- " A " -;|ens192" },
  { "two NICs without MAC cannot be told apart",
    "    ens192: {}\n    ens224: {}\n", { "-", "-" },
    "ens192 - -;ens224 - -;|" },
  { "... unless the configuration gives one its MAC",
    "    ens224: {}\n    x:\n      match: {macaddress: " C "}\n"
    "      set-name: ens192\n", { "-", "-" },
    "ens192 " C " c;ens224 - d;|" },
  { "no NIC at all", "    ens192: {}\n", { NULL }, "|ens192" },
  { "eth2 comes before eth10", "    eth10: {}\n    eth2: {}\n", { A, B },
    "eth2 " A " -;eth10 " B " -;|" },
  { "a NIC no configuration names", "    ens192: {}\n", { A, B },
    "ens192 " A " -;- " B " -;|" },
  { "source MACs are compared without regard to case",
    "    ens192:\n      match: {macaddress: 00:50:56:3F:56:78, name: ens192}\n",
    { A, "00:50:56:3F:56:78" }, "- " A " -;ens192 " B " -;|" },
};

static char *
describe (GPtrArray *names, GPtrArray *unmatched)
{
  GString *s = g_string_new (NULL);
  size_t i;

  for (i = 0; i < names->len; i++) {
    const struct ferry_nic_name *r = names->pdata[i];
    g_string_append_printf (s, "%s %s %s;", r->config ? r->config->name : "-",
                            r->mac ? r->mac : "-",
                            r->mac_from_config ? "c" : r->by_driver ? "d"
                            : "-");
  }
  g_string_append_c (s, '|');
  for (i = 0; i < unmatched->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "",
                            ((struct ferry_netcfg_nic *) unmatched->pdata[i])->name);
  return g_string_free (s, FALSE);
}

int
main (void)
{
  size_t i, j;

  tap_plan (G_N_ELEMENTS (cases) + 3);

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (ferry_source) source = ferry_source_new ();
    g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
    g_autoptr (GPtrArray) unmatched = g_ptr_array_new ();
    g_autoptr (GPtrArray) names = NULL;
    g_autofree char *yaml = g_strconcat ("network:\n  ethernets:\n",
                                         cases[i].config, NULL);
    g_autofree char *got = NULL;

    for (j = 0; j < 3 && cases[i].macs[j] != NULL; j++)
      ferry_source_add_nic (source, strcmp (cases[i].macs[j], "-") == 0
                            ? NULL : g_strdup (cases[i].macs[j]),
                            g_strdup ("VM Network"), NULL);
    ferry_netcfg_parse (cfg, FERRY_NETCFG_NETPLAN, "/etc/netplan/a.yaml",
                        yaml, strlen (yaml));
    names = ferry_linux_network_match (cfg, source, unmatched);
    got = describe (names, unmatched);
    if (!tap_ok (strcmp (got, cases[i].expect) == 0, "%s: %s", cases[i].what,
                 cases[i].expect))
      printf ("# got '%s'\n", got);
  }

  {
    struct ferry_netcfg_nic config = {
      .name = (char *) "ens192", .tool = FERRY_NETCFG_IFUPDOWN,
      .file = (char *) "/etc/network/interfaces",
    };
    struct ferry_nic_name by_mac = { .config = &config, .mac = (char *) A };
    struct ferry_nic_name by_driver = { .config = &config, .by_driver = true };
    g_autofree char *link = ferry_linux_network_rule (&by_mac, "virtio_net",
                                                      true);
    g_autofree char *link_driver = ferry_linux_network_rule (&by_driver,
                                                             "e1000", true);
    g_autofree char *udev = ferry_linux_network_rule (&by_mac, "virtio_net",
                                                      false);

    tap_ok (strstr (link, "\n[Match]\nMACAddress=" A "\n\n[Link]\n"
                    "Name=ens192\n") != NULL && link[0] == '#',
            "the .link file matches the MAC and names the NIC");
    tap_ok (strstr (link_driver, "\n[Match]\nDriver=e1000\n\n[Link]\n"
                    "Name=ens192\n") != NULL,
            "without a MAC it matches the driver");
    tap_ok (strcmp (udev, "SUBSYSTEM==\"net\", ACTION==\"add\", "
                    "ATTR{address}==\"" A "\", NAME=\"ens192\"\n") == 0,
            "the udev rule matches the MAC and names the NIC");
  }
  return tap_done ();
}

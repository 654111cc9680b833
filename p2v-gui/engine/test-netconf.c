/* Unit test: the network port's LED (nic.h) and the configuration of
 * an interface (netconf.h).
 *
 * Tables of names, addresses and prefixes, good, bogus and at the
 * boundaries; the commands built for each way (NetworkManager, ip,
 * dhclient); the file replaced through a temporary one; then
 * ferry_p2v_netconf_apply and ferry_p2v_identify_nic for real, with
 * stand-in nmcli, ip, dhclient and ethtool scripts first in PATH that
 * record their arguments.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "nic.h"
#include "netconf.h"
#include "probe.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static char *dir;                     /* the test's temporary folder */

/* ARGV as "a b c" (arguments in [] when empty or with spaces). */
static char *
show (char **argv)
{
  GString *s = g_string_new (NULL);
  size_t i;

  for (i = 0; argv != NULL && argv[i] != NULL; i++) {
    const char *a = argv[i];
    bool plain = a[0] != '\0' && strchr (a, ' ') == NULL;

    g_string_append_printf (s, "%s%s%s%s", i ? " " : "", plain ? "" : "[",
                            a, plain ? "" : "]");
  }
  return g_string_free (s, FALSE);
}

/* The commands of NC for one way, "; "-separated. */
static char *
commands (const struct ferry_p2v_netconf *nc, bool networkmanager)
{
  g_autoptr (GPtrArray) list = ferry_p2v_netconf_commands (nc,
                                                           networkmanager);
  GString *s = g_string_new (NULL);
  size_t i;

  for (i = 0; i < list->len; i++) {
    g_autofree char *one = show (list->pdata[i]);

    g_string_append_printf (s, "%s%s", i ? "; " : "", one);
  }
  return g_string_free (s, FALSE);
}

static bool
error_is (const char *expected)
{
  if (strcmp (ferry_error_get (), expected) == 0)
    return true;
  printf ("# error: %s\n# expected: %s\n", ferry_error_get (), expected);
  return false;
}

static bool
same (const char *got, const char *expected)
{
  if (g_strcmp0 (got, expected) == 0)
    return true;
  printf ("# got:      %s\n# expected: %s\n", got ? got : "(null)",
          expected);
  return false;
}

static void
test_names (void)
{
  static const struct { const char *name; bool ok; } names[] = {
    { "eth0", true }, { "enp1s0", true }, { "wlp0s20f3", true },
    { "abcdefghijklmno", true },         /* 15 bytes, the most */
    { "abcdefghijklmnop", false },       /* 16 */
    { "", false }, { "-p", false }, { "a/b", false }, { "a b", false },
    { ".", false }, { "..", false }, { "eth0:1", false },
    { "eth\n0", false },
  };
  g_auto (GStrv) argv = NULL;
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autofree char *shown = g_strescape (names[i].name, NULL);

    tap_ok (ferry_p2v_nic_name_ok (names[i].name) == names[i].ok,
            "interface name '%s' %s", shown,
            names[i].ok ? "taken" : "refused");
  }
  tap_ok (!ferry_p2v_nic_name_ok (NULL) &&
          error_is ("not an interface name: ''"), "no name refused");

  argv = ferry_p2v_identify_argv ("eth0", 5);
  {
    g_autofree char *s = show (argv);
    tap_ok (same (s, "ethtool -p eth0 5"), "identify eth0 for 5 s: %s", s);
  }
  tap_ok (ferry_p2v_identify_argv ("eth0", 0) == NULL &&
          error_is ("cannot blink 'eth0' for 0 seconds: give 1 to 300"),
          "identify for 0 s refused");
  tap_ok (ferry_p2v_identify_argv ("eth0", FERRY_P2V_IDENTIFY_MAX + 1)
          == NULL, "identify for too long refused");
  tap_ok (ferry_p2v_identify_argv ("-s", 5) == NULL &&
          error_is ("not an interface name: '-s'"),
          "identify of an option refused");
}

static void
test_ipv4 (void)
{
  static const struct { const char *text; bool ok; } addresses[] = {
    { "192.168.1.10", true }, { "0.0.0.0", true },
    { "255.255.255.255", true }, { "10.0.0.1", true },
    { "256.1.1.1", false }, { "1.2.3", false }, { "1.2.3.4.5", false },
    { "01.2.3.4", false }, { " 1.2.3.4", false }, { "1.2.3.4 ", false },
    { "", false }, { "a.b.c.d", false }, { "::1", false },
    { "1.2.3.4/24", false }, { "0x1.2.3.4", false },
  };
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (addresses); i++)
    tap_ok (ferry_p2v_ipv4_ok (addresses[i].text) == addresses[i].ok,
            "IPv4 '%s' %s", addresses[i].text,
            addresses[i].ok ? "taken" : "refused");
  tap_ok (!ferry_p2v_ipv4_ok (NULL), "IPv4 NULL refused");
}

static void
test_check (const struct ferry_p2v_machine *machine)
{
  static const struct {
    const char *prefix;
    const char *error;                 /* NULL: taken */
  } prefixes[] = {
    { "0", NULL }, { "24", NULL }, { "32", NULL }, { "9", NULL },
    { "33", "invalid prefix '33': give a number from 0 to 32 "
      "(24 is 255.255.255.0)" },
    { "", "invalid prefix '': give a number from 0 to 32 "
      "(24 is 255.255.255.0)" },
    { "-1", "invalid prefix '-1': give a number from 0 to 32 "
      "(24 is 255.255.255.0)" },
    { "024", "invalid prefix '024': give a number from 0 to 32 "
      "(24 is 255.255.255.0)" },
    { "08", "invalid prefix '08': give a number from 0 to 32 "
      "(24 is 255.255.255.0)" },
    { "2a", "invalid prefix '2a': give a number from 0 to 32 "
      "(24 is 255.255.255.0)" },
    { "100", "invalid prefix '100': give a number from 0 to 32 "
      "(24 is 255.255.255.0)" },
  };
  struct ferry_p2v_netconf nc = {
    .iface = "eth0", .address = "192.168.1.10", .prefix = "24",
    .gateway = "192.168.1.1", .dns = "192.168.1.2, 9.9.9.9",
  };
  struct ferry_p2v_netconf other;
  size_t i;

  tap_ok (ferry_p2v_netconf_check (&nc, machine) == 0, "static eth0 taken");
  other = nc;
  other.dhcp = true;
  other.address = "garbage";
  tap_ok (ferry_p2v_netconf_check (&other, machine) == 0,
          "DHCP ignores the static fields");
  other.iface = "eth9";
  tap_ok (ferry_p2v_netconf_check (&other, machine) == -1 &&
          error_is ("no network interface 'eth9' on this machine"),
          "an interface the machine does not have refused");
  tap_ok (ferry_p2v_netconf_check (&other, NULL) == 0,
          "... any well-formed name without a machine");
  other.iface = "../x";
  tap_ok (ferry_p2v_netconf_check (&other, NULL) == -1 &&
          error_is ("not an interface name: '../x'"),
          "a bogus interface name refused");

  other = nc;
  other.address = "";
  tap_ok (ferry_p2v_netconf_check (&other, machine) == -1 &&
          error_is ("no address given for 'eth0': type one, or choose "
                    "DHCP"), "static without an address refused");
  other.address = "192.168.1.300";
  tap_ok (ferry_p2v_netconf_check (&other, machine) == -1 &&
          error_is ("invalid address '192.168.1.300': an IPv4 address is "
                    "four numbers from 0 to 255, like 192.168.1.10"),
          "a bad address refused");
  for (i = 0; i < G_N_ELEMENTS (prefixes); i++) {
    other = nc;
    other.prefix = prefixes[i].prefix;
    if (prefixes[i].error == NULL)
      tap_ok (ferry_p2v_netconf_check (&other, machine) == 0,
              "prefix '%s' taken", prefixes[i].prefix);
    else
      tap_ok (ferry_p2v_netconf_check (&other, machine) == -1 &&
              error_is (prefixes[i].error), "prefix '%s' refused",
              prefixes[i].prefix);
  }
  other = nc;
  other.prefix = NULL;
  tap_ok (ferry_p2v_netconf_check (&other, machine) == -1,
          "no prefix refused");
  other = nc;
  other.gateway = "gw";
  tap_ok (ferry_p2v_netconf_check (&other, machine) == -1 &&
          error_is ("invalid gateway 'gw': an IPv4 address is four "
                    "numbers from 0 to 255, like 192.168.1.10"),
          "a bad gateway refused");
  other.gateway = "";
  other.dns = NULL;
  tap_ok (ferry_p2v_netconf_check (&other, machine) == 0,
          "no gateway and no DNS taken");
  other.dns = "1.1.1.1 dns.example";
  tap_ok (ferry_p2v_netconf_check (&other, machine) == -1 &&
          error_is ("invalid DNS server 'dns.example': an IPv4 address is "
                    "four numbers from 0 to 255, like 192.168.1.10"),
          "a DNS server by name refused");
}

static void
test_commands (void)
{
  struct ferry_p2v_netconf nc = {
    .iface = "eth0", .address = "192.168.1.10", .prefix = "24",
    .gateway = "192.168.1.1", .dns = " 192.168.1.2,9.9.9.9 ",
  };
  struct ferry_p2v_netconf bare = {
    .iface = "eth1", .address = "10.0.0.5", .prefix = "8",
  };
  struct ferry_p2v_netconf dhcp = { .iface = "eth0", .dhcp = true };
  g_autofree char *nm = commands (&nc, true);
  g_autofree char *nm_bare = commands (&bare, true);
  g_autofree char *nm_dhcp = commands (&dhcp, true);
  g_autofree char *ip = commands (&nc, false);
  g_autofree char *ip_bare = commands (&bare, false);
  g_autofree char *ip_dhcp = commands (&dhcp, false);
  g_autofree char *resolv = ferry_p2v_netconf_resolv (&nc);

  tap_ok (same (nm, "nmcli device modify eth0 ipv4.method manual "
                "ipv4.addresses 192.168.1.10/24 ipv4.gateway 192.168.1.1 "
                "ipv4.dns 192.168.1.2,9.9.9.9"),
          "NetworkManager, static: %s", nm);
  tap_ok (same (nm_bare, "nmcli device modify eth1 ipv4.method manual "
                "ipv4.addresses 10.0.0.5/8 ipv4.gateway [] ipv4.dns []"),
          "NetworkManager, no gateway nor DNS: emptied");
  tap_ok (same (nm_dhcp, "nmcli device modify eth0 ipv4.method auto "
                "ipv4.addresses [] ipv4.gateway [] ipv4.dns []"),
          "NetworkManager, DHCP: %s", nm_dhcp);
  tap_ok (same (ip, "ip addr flush dev eth0; "
                "ip addr add 192.168.1.10/24 dev eth0; "
                "ip link set eth0 up; "
                "ip route replace default via 192.168.1.1 dev eth0"),
          "by hand, static: %s", ip);
  tap_ok (same (ip_bare, "ip addr flush dev eth1; "
                "ip addr add 10.0.0.5/8 dev eth1; ip link set eth1 up"),
          "by hand, no gateway: no route");
  tap_ok (same (ip_dhcp, "dhclient eth0"), "by hand, DHCP: dhclient");
  tap_ok (same (resolv, "# written by ferry-p2v\nnameserver 192.168.1.2\n"
                "nameserver 9.9.9.9\n"), "resolv.conf lines");
  tap_ok (ferry_p2v_netconf_resolv (&bare) == NULL &&
          ferry_p2v_netconf_resolv (&dhcp) == NULL,
          "no resolv.conf without DNS servers, nor for DHCP");
}

static void
test_write_file (void)
{
  g_autofree char *path = g_build_filename (dir, "resolv.conf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GDir) d = NULL;
  const char *entry;
  unsigned entries = 0;
  struct stat st;
  bool ok;

  g_assert (g_file_set_contents (path, "old\n", -1, NULL));
  tap_ok (ferry_p2v_netconf_write_file (path, "nameserver 1.2.3.4\n") == 0 &&
          g_file_get_contents (path, &contents, NULL, NULL) &&
          strcmp (contents, "nameserver 1.2.3.4\n") == 0,
          "a file replaced");
  tap_ok (stat (path, &st) == 0 && (st.st_mode & 0777) == 0644,
          "... readable by everyone");
  d = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (d)) != NULL)
    entries++;
  tap_ok (entries == 1, "... and no temporary file left");
  /* Arguments are evaluated in any order: the call first, alone. */
  ok = ferry_p2v_netconf_write_file ("/nonexistent/resolv.conf", "x\n")
    == -1;
  tap_ok (ok && g_str_has_prefix (ferry_error_get (),
                                  "cannot create a file in "
                                  "'/nonexistent': "),
          "a folder that is not there: %s", ferry_error_get ());
  g_unlink (path);
}

/* Make DIR/bin/NAME, a shell script that logs its arguments to
 * DIR/log ("NAME [a] [b]") and then runs BODY.
 */
static void
stand_in (const char *name, const char *body)
{
  g_autofree char *bin = g_build_filename (dir, "bin", NULL);
  g_autofree char *path = g_build_filename (bin, name, NULL);
  g_autofree char *script =
    g_strdup_printf ("#!/bin/sh\n"
                     "{ printf %%s \"${0##*/}\"; for a; do "
                     "printf ' [%%s]' \"$a\"; done; echo; } >> '%s/log'\n"
                     "%s\n", dir, body);

  g_assert (g_mkdir_with_parents (bin, 0755) == 0);
  g_assert (g_file_set_contents (path, script, -1, NULL));
  g_assert (g_chmod (path, 0755) == 0);
}

/* The log, emptied. */
static char *
take_log (void)
{
  g_autofree char *path = g_build_filename (dir, "log", NULL);
  char *log = NULL;

  if (!g_file_get_contents (path, &log, NULL, NULL))
    log = g_strdup ("");
  g_unlink (path);
  return log;
}

static void
test_apply (const struct ferry_p2v_machine *machine)
{
  g_autofree char *bin = g_build_filename (dir, "bin", NULL);
  g_autofree char *resolv = g_build_filename (dir, "resolv.conf", NULL);
  g_autofree char *nmcli = g_build_filename (bin, "nmcli", NULL);
  g_autofree char *dhclient = g_build_filename (bin, "dhclient", NULL);
  g_autofree char *ethtool = g_build_filename (bin, "ethtool", NULL);
  g_autofree char *log = NULL;
  g_autofree char *contents = NULL;
  struct ferry_p2v_netconf nc = {
    .iface = "eth0", .address = "192.168.1.10", .prefix = "24",
    .gateway = "192.168.1.1", .dns = "192.168.1.2",
  };
  struct ferry_p2v_netconf dhcp = { .iface = "eth0", .dhcp = true };
  bool ok;

  /* Only the stand-ins: they use nothing but the shell's builtins. */
  g_setenv ("PATH", bin, TRUE);

  stand_in ("nmcli", "[ \"$2\" = -f ] && echo running; exit 0");
  stand_in ("ip", "exit 0");
  tap_ok (ferry_p2v_netconf_apply (&nc, machine, resolv) == 0,
          "applied with NetworkManager");
  log = take_log ();
  tap_ok (same (log, "nmcli [-t] [-f] [RUNNING] [general]\n"
                "nmcli [device] [modify] [eth0] [ipv4.method] [manual] "
                "[ipv4.addresses] [192.168.1.10/24] "
                "[ipv4.gateway] [192.168.1.1] [ipv4.dns] [192.168.1.2]\n"),
          "... asked it, then one nmcli");
  tap_ok (!g_file_test (resolv, G_FILE_TEST_EXISTS),
          "... and left resolv.conf to it");
  g_clear_pointer (&log, g_free);

  stand_in ("nmcli", "[ \"$2\" = -f ] && echo stopped; exit 0");
  tap_ok (ferry_p2v_netconf_apply (&nc, machine, resolv) == 0,
          "applied by hand when NetworkManager is stopped");
  log = take_log ();
  tap_ok (same (log, "nmcli [-t] [-f] [RUNNING] [general]\n"
                "ip [addr] [flush] [dev] [eth0]\n"
                "ip [addr] [add] [192.168.1.10/24] [dev] [eth0]\n"
                "ip [link] [set] [eth0] [up]\n"
                "ip [route] [replace] [default] [via] [192.168.1.1] "
                "[dev] [eth0]\n"), "... with ip");
  tap_ok (g_file_get_contents (resolv, &contents, NULL, NULL) &&
          same (contents, "# written by ferry-p2v\n"
                "nameserver 192.168.1.2\n"), "... and resolv.conf written");
  g_clear_pointer (&log, g_free);

  /* No NetworkManager at all, a failing ip. */
  g_unlink (nmcli);
  stand_in ("ip", "echo 'RTNETLINK answers: Operation not permitted' >&2; "
            "exit 2");
  ok = ferry_p2v_netconf_apply (&nc, machine, resolv) == -1;
  tap_ok (ok &&
          g_str_has_prefix (ferry_error_get (), "cannot configure 'eth0': "
                            "'ip' failed") &&
          strstr (ferry_error_get (), "Operation not permitted") != NULL,
          "a failing ip: %s", ferry_error_get ());
  g_free (take_log ());

  tap_ok (ferry_p2v_netconf_apply (&dhcp, machine, resolv) == -1 &&
          error_is ("cannot configure 'eth0' by DHCP: neither "
                    "NetworkManager nor dhclient is there; give a static "
                    "address"), "DHCP with neither NetworkManager nor "
          "dhclient refused");
  stand_in ("dhclient", "exit 0");
  tap_ok (ferry_p2v_netconf_apply (&dhcp, machine, resolv) == 0,
          "DHCP by dhclient");
  log = take_log ();
  tap_ok (same (log, "dhclient [eth0]\n"), "... dhclient eth0");
  g_clear_pointer (&log, g_free);
  g_unlink (dhclient);

  nc.prefix = "40";
  tap_ok (ferry_p2v_netconf_apply (&nc, machine, resolv) == -1 &&
          g_str_has_prefix (ferry_error_get (), "invalid prefix '40'"),
          "apply checks first");
  log = take_log ();
  tap_ok (same (log, ""), "... and runs nothing then");
  g_clear_pointer (&log, g_free);

  /* Identify. */
  ok = ferry_p2v_identify_nic ("eth0", 5) == -1;
  tap_ok (ok && g_str_has_prefix (ferry_error_get (),
                                  "cannot identify 'eth0': cannot run "
                                  "'ethtool'"),
          "identify without ethtool: %s", ferry_error_get ());
  stand_in ("ethtool", "exit 0");
  tap_ok (ferry_p2v_identify_nic ("eth0", 5) == 0, "identify eth0");
  log = take_log ();
  tap_ok (same (log, "ethtool [-p] [eth0] [5]\n"), "... ethtool -p eth0 5");
  g_clear_pointer (&log, g_free);
  stand_in ("ethtool", "echo 'Cannot identify NIC: Operation not "
            "supported' >&2; exit 75");
  tap_ok (ferry_p2v_identify_nic ("eth0", 5) == -1 &&
          error_is ("cannot identify 'eth0': Cannot identify NIC: "
                    "Operation not supported"),
          "a driver that cannot blink: ethtool's words");
  g_free (take_log ());
  g_unlink (ethtool);
  g_unlink (resolv);
  {
    g_autofree char *ip = g_build_filename (bin, "ip", NULL);
    g_unlink (ip);
  }
}

int
main (void)
{
  struct ferry_p2v_nic eth0 = { .name = "eth0" }, eth1 = { .name = "eth1" };
  g_autoptr (GPtrArray) nics = g_ptr_array_new ();
  struct ferry_p2v_machine machine = { .nics = nics };
  g_autofree char *bin = NULL;

  g_ptr_array_add (nics, &eth0);
  g_ptr_array_add (nics, &eth1);
  dir = g_dir_make_tmp ("ferry-test-netconf-XXXXXX", NULL);
  g_assert (dir != NULL);

  tap_plan (85);
  test_names ();
  test_ipv4 ();
  test_check (&machine);
  test_commands ();
  test_write_file ();
  test_apply (&machine);

  bin = g_build_filename (dir, "bin", NULL);
  g_rmdir (bin);
  tap_ok (g_rmdir (dir) == 0, "nothing left behind");
  g_free (dir);
  return tap_done ();
}

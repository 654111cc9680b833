/* ferry-p2v: configuring a network interface of the live system
 * (netconf.h).
 */

#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "netconf.h"
#include "nic.h"
#include "command.h"
#include "errors.h"
#include "banned.h"

#define IPV4_HINT "an IPv4 address is four numbers from 0 to 255, " \
  "like 192.168.1.10"

bool
ferry_p2v_ipv4_ok (const char *text)
{
  struct in_addr a;

  /* glibc's inet_pton takes only the dotted quad, without leading
   * zeros (unlike inet_aton, which reads "010" as octal and "1" as
   * 0.0.0.1).
   */
  return text != NULL && inet_pton (AF_INET, text, &a) == 1;
}

/* PREFIX ("0" to "32", decimal, no sign), or -1. */
static int
prefix_of (const char *text)
{
  if (text == NULL || !g_ascii_isdigit (text[0]))
    return -1;
  if (text[1] == '\0')
    return text[0] - '0';
  if (!g_ascii_isdigit (text[1]) || text[2] != '\0' || text[0] == '0')
    return -1;
  return (text[0] - '0') * 10 + (text[1] - '0') <= 32
    ? (text[0] - '0') * 10 + (text[1] - '0') : -1;
}

static bool
is_empty (const char *text)
{
  return text == NULL || text[0] == '\0';
}

/* The DNS servers of TEXT (split at spaces and commas), a new vector. */
static char **
dns_list (const char *text)
{
  g_auto (GStrv) parts = g_strsplit_set (text ? text : "", " \t,", -1);
  GStrvBuilder *b = g_strv_builder_new ();
  char **list;
  size_t i;

  for (i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (b, parts[i]);
  list = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return list;
}

int
ferry_p2v_netconf_check (const struct ferry_p2v_netconf *nc,
                         const struct ferry_p2v_machine *machine)
{
  g_auto (GStrv) dns = NULL;
  size_t i;

  if (!ferry_p2v_nic_name_ok (nc->iface))
    return -1;
  if (machine != NULL && ferry_p2v_machine_find_nic (machine, nc->iface)
      == NULL) {
    ferry_error ("no network interface '%s' on this machine", nc->iface);
    return -1;
  }
  if (nc->dhcp)
    return 0;

  if (is_empty (nc->address)) {
    ferry_error ("no address given for '%s': type one, or choose DHCP",
                 nc->iface);
    return -1;
  }
  if (!ferry_p2v_ipv4_ok (nc->address)) {
    ferry_error ("invalid address '%s': " IPV4_HINT, nc->address);
    return -1;
  }
  if (prefix_of (nc->prefix) == -1) {
    ferry_error ("invalid prefix '%s': give a number from 0 to 32 "
                 "(24 is 255.255.255.0)", nc->prefix ? nc->prefix : "");
    return -1;
  }
  if (!is_empty (nc->gateway) && !ferry_p2v_ipv4_ok (nc->gateway)) {
    ferry_error ("invalid gateway '%s': " IPV4_HINT, nc->gateway);
    return -1;
  }
  dns = dns_list (nc->dns);
  for (i = 0; dns[i] != NULL; i++)
    if (!ferry_p2v_ipv4_ok (dns[i])) {
      ferry_error ("invalid DNS server '%s': " IPV4_HINT, dns[i]);
      return -1;
    }
  return 0;
}

/* Add the command ARG0, ... (NULL-terminated) to COMMANDS. */
static void G_GNUC_NULL_TERMINATED
add (GPtrArray *commands, const char *arg0, ...)
{
  GStrvBuilder *b = g_strv_builder_new ();
  const char *arg;
  va_list args;

  va_start (args, arg0);
  for (arg = arg0; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (b, arg);
  va_end (args);
  g_ptr_array_add (commands, g_strv_builder_end (b));
  g_strv_builder_unref (b);
}

GPtrArray *
ferry_p2v_netconf_commands (const struct ferry_p2v_netconf *nc,
                            bool networkmanager)
{
  GPtrArray *commands = g_ptr_array_new_with_free_func
    ((GDestroyNotify) g_strfreev);
  g_autofree char *cidr = NULL;
  g_auto (GStrv) dns = NULL;
  g_autofree char *dns_text = NULL;
  const char *gateway = is_empty (nc->gateway) ? "" : nc->gateway;

  if (nc->dhcp) {
    if (networkmanager)
      add (commands, "nmcli", "device", "modify", nc->iface,
           "ipv4.method", "auto", "ipv4.addresses", "",
           "ipv4.gateway", "", "ipv4.dns", "", NULL);
    else
      add (commands, "dhclient", nc->iface, NULL);
    return commands;
  }

  cidr = g_strdup_printf ("%s/%d", nc->address, prefix_of (nc->prefix));
  if (networkmanager) {
    dns = dns_list (nc->dns);
    dns_text = g_strjoinv (",", dns);
    add (commands, "nmcli", "device", "modify", nc->iface,
         "ipv4.method", "manual", "ipv4.addresses", cidr,
         "ipv4.gateway", gateway, "ipv4.dns", dns_text, NULL);
    return commands;
  }
  add (commands, "ip", "addr", "flush", "dev", nc->iface, NULL);
  add (commands, "ip", "addr", "add", cidr, "dev", nc->iface, NULL);
  add (commands, "ip", "link", "set", nc->iface, "up", NULL);
  if (gateway[0] != '\0')
    add (commands, "ip", "route", "replace", "default", "via", gateway,
         "dev", nc->iface, NULL);
  return commands;
}

char *
ferry_p2v_netconf_resolv (const struct ferry_p2v_netconf *nc)
{
  g_auto (GStrv) dns = NULL;
  GString *text;
  size_t i;

  if (nc->dhcp)
    return NULL;
  dns = dns_list (nc->dns);
  if (dns[0] == NULL)
    return NULL;
  text = g_string_new ("# written by ferry-p2v\n");
  for (i = 0; dns[i] != NULL; i++)
    g_string_append_printf (text, "nameserver %s\n", dns[i]);
  return g_string_free (text, FALSE);
}

bool
ferry_p2v_networkmanager_running (void)
{
  const char *argv[] = { "nmcli", "-t", "-f", "RUNNING", "general", NULL };
  g_autofree char *out = NULL;
  int r;

  r = ferry_command_run (argv, &out, NULL, NULL, NULL);
  if (r == -1)
    ferry_error_clear ();   /* no nmcli: no NetworkManager to ask */
  return r == 0 && out != NULL && strcmp (g_strstrip (out), "running") == 0;
}

int
ferry_p2v_netconf_write_file (const char *path, const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp = NULL;
  size_t len = strlen (contents), done = 0;
  int fd = -1, r = -1;

  temp = g_strdup_printf ("%s/.%s.ferry-XXXXXX", dir, base);
  /* g_mkstemp opens with O_CREAT | O_EXCL: never an existing file. */
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd == -1) {
    ferry_error_errno (errno, "cannot create a file in '%s'", dir);
    return -1;
  }
  while (done < len) {
    ssize_t n = write (fd, contents + done, len - done);

    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1) {
      ferry_error_errno (errno, "cannot write '%s'", temp);
      goto out;
    }
    done += n;
  }
  /* The umask may have taken bits away: resolv.conf is for everyone. */
  if (fchmod (fd, 0644) == -1 || fsync (fd) == -1) {
    ferry_error_errno (errno, "cannot write '%s'", temp);
    goto out;
  }
  if (close (fd) == -1) {
    fd = -1;
    ferry_error_errno (errno, "cannot write '%s'", temp);
    goto out;
  }
  fd = -1;
  if (rename (temp, path) == -1) {
    ferry_error_errno (errno, "cannot replace '%s'", path);
    goto out;
  }
  r = 0;

 out:
  if (fd >= 0)
    close (fd);
  if (r == -1)
    unlink (temp);
  return r;
}

int
ferry_p2v_netconf_apply (const struct ferry_p2v_netconf *nc,
                         const struct ferry_p2v_machine *machine,
                         const char *resolv_conf)
{
  g_autoptr (GPtrArray) commands = NULL;
  g_autofree char *resolv = NULL;
  bool networkmanager;
  size_t i;

  if (ferry_p2v_netconf_check (nc, machine) == -1)
    return -1;
  networkmanager = ferry_p2v_networkmanager_running ();
  if (nc->dhcp && !networkmanager) {
    g_autofree char *dhclient = g_find_program_in_path ("dhclient");

    if (dhclient == NULL) {
      ferry_error ("cannot configure '%s' by DHCP: neither NetworkManager "
                   "nor dhclient is there; give a static address",
                   nc->iface);
      return -1;
    }
  }
  commands = ferry_p2v_netconf_commands (nc, networkmanager);
  for (i = 0; i < commands->len; i++)
    if (ferry_command_run_ok (commands->pdata[i], NULL) == -1) {
      ferry_error_prefix ("cannot configure '%s'", nc->iface);
      return -1;
    }
  if (!networkmanager && (resolv = ferry_p2v_netconf_resolv (nc)) != NULL &&
      ferry_p2v_netconf_write_file (resolv_conf, resolv) == -1) {
    ferry_error_prefix ("cannot set the DNS servers of '%s'", nc->iface);
    return -1;
  }
  return 0;
}

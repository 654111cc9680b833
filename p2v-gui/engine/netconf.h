/* ferry-p2v: configuring a network interface of the live system.
 *
 * Before it can reach the conversion server, the machine may need an
 * address: a network without DHCP, or a port other than the one the live
 * image configured.  This is the UI-neutral part of the wizard's
 * "Network…" dialog: the checks of what a person typed, the commands
 * that apply it, and running them.  Nothing here prints; failures set
 * the error (errors.h).  Only the live system's runtime state changes:
 * nothing is written to the machine's disks.
 *
 * Two ways, chosen by ferry_p2v_netconf_apply:
 *
 *   - NetworkManager runs ("nmcli -t -f RUNNING general" says
 *     "running"): one "nmcli device modify IFACE ..." with ipv4.method
 *     auto (DHCP; the static properties emptied) or manual with
 *     ipv4.addresses A/P, ipv4.gateway G and ipv4.dns D (a property
 *     not given is emptied).  NetworkManager applies it at once and
 *     looks after resolv.conf itself.
 *   - else, by hand: "ip addr flush dev IFACE", "ip addr add A/P dev
 *     IFACE", "ip link set IFACE up", and with a gateway "ip route
 *     replace default via G dev IFACE"; the DNS servers, if given,
 *     replace RESOLV_CONF (a temporary file created with O_EXCL beside
 *     it, then renamed over it).  DHCP is "dhclient IFACE", if dhclient
 *     is installed.
 */
#ifndef FERRY_P2V_NETCONF_H
#define FERRY_P2V_NETCONF_H

#include <stdbool.h>

#include <glib.h>

#include "probe.h"

/* What the person asked for, as typed.  The strings are the caller's. */
struct ferry_p2v_netconf {
  const char *iface;        /* an interface of the probed machine */
  bool dhcp;                /* true: the fields below are ignored */
  const char *address;      /* IPv4, dotted quad: "192.168.1.10" */
  const char *prefix;       /* 0 to 32, in decimal: "24" */
  const char *gateway;      /* IPv4, or NULL or "": none */
  const char *dns;          /* IPv4 addresses separated by spaces or
                               commas, or NULL or "": none */
};

/* Is TEXT an IPv4 address in dotted-quad form (four numbers 0 to 255,
 * no leading zeros, nothing around them)?
 */
bool ferry_p2v_ipv4_ok (const char *text);

/* Check NC against MACHINE (NULL: any well-formed interface name).
 * 0, or -1 with the error set to a message a person can act on, such as
 * "invalid prefix '33': give a number from 0 to 32 (24 is
 * 255.255.255.0)".
 */
int ferry_p2v_netconf_check (const struct ferry_p2v_netconf *nc,
                             const struct ferry_p2v_machine *machine);

/* The commands that apply NC, which must have passed
 * ferry_p2v_netconf_check: with NetworkManager (NETWORKMANAGER true) or
 * by hand, as above.  A new array of command vectors (GStrv, freed with
 * the array), in the order they run.  DHCP by hand is "dhclient IFACE"
 * whether or not dhclient is installed (ferry_p2v_netconf_apply checks).
 */
GPtrArray *ferry_p2v_netconf_commands (const struct ferry_p2v_netconf *nc,
                                       bool networkmanager);

/* The DNS servers of NC as resolv.conf lines ("nameserver A\n" each), a
 * new string; NULL when NC gives none or asks for DHCP.
 */
char *ferry_p2v_netconf_resolv (const struct ferry_p2v_netconf *nc);

/* Does NetworkManager run here?  false when nmcli is not installed or
 * says anything else than "running".  Leaves the error alone.
 */
bool ferry_p2v_networkmanager_running (void);

/* Replace the file PATH by CONTENTS, through a temporary file created
 * with O_EXCL in PATH's folder (mode 0644), written, synced and renamed
 * over PATH.  0, or -1 with the error set.
 */
int ferry_p2v_netconf_write_file (const char *path, const char *contents);

/* Check NC (as ferry_p2v_netconf_check), choose the way and run its
 * commands, each through common/command.h; without NetworkManager,
 * write the DNS servers to RESOLV_CONF ("/etc/resolv.conf"; tests give
 * another).  Blocks until done (dhclient may take a while): call it on
 * a worker thread.  0, or -1 with the error set, naming the interface
 * and what failed ("cannot configure 'eth0': 'ip' failed: ...").
 */
int ferry_p2v_netconf_apply (const struct ferry_p2v_netconf *nc,
                             const struct ferry_p2v_machine *machine,
                             const char *resolv_conf);

#endif /* FERRY_P2V_NETCONF_H */

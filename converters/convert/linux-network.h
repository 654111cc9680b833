/* ferry: a Linux guest's NICs come back on the network after conversion.
 *
 * A guest configures its NICs by name, and the name comes from where the
 * hypervisor plugs the NIC: VMware's first vmxnet3 NIC is ens192, the
 * same NIC on virtio is enp1s0, and a configuration of ens192 configures
 * nothing any more.  This module reads the guest's network configuration
 * (parse-netcfg.h: ifupdown, systemd-networkd, NetworkManager keyfiles,
 * netplan), finds the NIC each configured name belonged to, and makes the
 * NIC take that name again on the new hardware, so that every
 * configuration, firewall rule and script that names it keeps working:
 *
 *   - a guest whose udev is systemd's gets a systemd .link file per NIC,
 *     /etc/systemd/network/10-ferry-NAME.link, matching the NIC's MAC
 *     and naming it NAME;
 *   - a guest with another udev gets a rule per NIC in
 *     /etc/udev/rules.d/70-ferry-net.rules;
 *   - a guest with no udev is told about (a warning): its configuration
 *     is left as it is.
 *
 * NICs are matched by MAC, which every input carries when the source
 * has one:
 *   1. a configuration bound to a MAC (NetworkManager's mac-address=,
 *      networkd's MACAddress=, netplan's match: macaddress:) goes with
 *      the source NIC of that MAC; when no source NIC has a MAC, with the
 *      first NIC that has none, which then takes that MAC (the output
 *      gives the NIC the MAC the guest expects);
 *   2. the other configured names, in the order the hypervisor numbers
 *      them (ens192 before ens224, eth0 before eth1), go with the other
 *      source NICs in the source's order (VMware's ethernet0, ethernet1).
 * A NIC that then has no MAC (the source gives none: a bare disk image)
 * is said so, and matched without its MAC: by its driver (virtio_net or
 * e1000), which tells it apart only when it is the one NIC without a MAC.
 *
 * Each NIC gets one line in the conversion's messages saying what was
 * done, and so does each configured name no NIC takes.
 */
#ifndef FERRY_LINUX_NETWORK_H
#define FERRY_LINUX_NETWORK_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>
#include <guestfs.h>

#include "parse-netcfg.h"
#include "source.h"
#include "target.h"

/* What becomes of one source NIC. */
struct ferry_nic_name {
  const struct ferry_netcfg_nic *config;   /* the configured name it takes
                                            * (owned by the configuration),
                                            * or NULL: none */
  char *mac;               /* the MAC to match it by, lower case: the
                            * source's, or the configuration's when the
                            * source has none; NULL when neither has one */
  bool mac_from_config;    /* MAC is the configuration's: the output must
                            * give the NIC this MAC */
  bool by_driver;          /* no MAC: matched by its driver, as the one
                            * NIC without a MAC */
};

/* Match the names CFG configures to SOURCE's NICs, by the rules above.
 * Returns an array of struct ferry_nic_name *, one per source NIC in
 * order (freed with the array), and appends to UNMATCHED (not owned) the
 * struct ferry_netcfg_nic * of each configured name no NIC takes.
 */
GPtrArray *ferry_linux_network_match (const struct ferry_netcfg *cfg,
                                      const struct ferry_source *source,
                                      GPtrArray *unmatched);

/* The text of the systemd .link file (LINK true) or of the udev rule
 * line (LINK false) that gives NIC its configured name: NIC->config is
 * not NULL, and NIC->mac is set or NIC->by_driver.  DRIVER is the
 * kernel driver of the target's NICs ("virtio_net", "e1000").  A new
 * string.
 */
char *ferry_linux_network_rule (const struct ferry_nic_name *nic,
                                const char *driver, bool link);

/* Read the network configuration of the guest mounted in G, and give each
 * configured NIC its name on the target's NICs (TARGET->nic_model and
 * TARGET->nics, filled by the core; a NIC whose MAC comes from the
 * guest's configuration gets it in TARGET->nics).  Files the guest
 * cannot have written for these tools (too large, too many) are skipped
 * with a warning.  Returns 0, or -1 with the error set when the guest
 * cannot be written.
 */
int ferry_linux_network_convert (guestfs_h *g,
                                 const struct ferry_source *source,
                                 struct ferry_target *target);

/* The same decisions, writing nothing: a note in TARGET for each NIC. */
int ferry_linux_network_assess (guestfs_h *g,
                                const struct ferry_source *source,
                                struct ferry_target *target);

#endif /* FERRY_LINUX_NETWORK_H */

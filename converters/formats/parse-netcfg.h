/* ferry: which NICs a Linux guest's network configuration names.
 *
 * A guest configures its NICs by name ("ens192", "eth0"), and the name a
 * NIC gets depends on where the hypervisor plugs it: VMware's first
 * vmxnet3 NIC is ens192, the same NIC on virtio is enp1s0.  To bring the
 * guest back on its network after conversion, ferry must know which names
 * the guest's configuration uses, and, where the configuration binds a
 * name to a MAC address, which MAC.  These parsers read the files of the
 * four tools Debian-family guests configure their network with:
 *
 *   IFUPDOWN  /etc/network/interfaces and the files it sources:
 *             "iface NAME FAMILY METHOD" stanzas; the ports of bridges
 *             and bonds (bridge_ports, bond-slaves) and the raw devices
 *             of VLANs (vlan-raw-device, NAME.VLAN) count as configured
 *             too; "source PATTERN" and "source-directory DIR" are
 *             returned as includes for the caller to read.
 *   NETWORKD  systemd-networkd .network files: [Match] Name= (each name
 *             that is not a pattern) and MACAddress=.
 *   NM        NetworkManager keyfiles: [connection] interface-name= of an
 *             ethernet connection, [ethernet] mac-address=; the parent=
 *             of a VLAN.
 *   NETPLAN   netplan YAML: network: ethernets: ID: with match: name:,
 *             match: macaddress: and set-name:, in block style or with a
 *             one-line flow mapping ("match: {macaddress: ...}").
 *
 * Only names of physical Ethernet NICs count (see ferry_netcfg_nic_name):
 * bridges, bonds, VLANs and loopback keep their names on any hypervisor.
 * A configuration that matches its NIC by MAC alone, with no name, needs
 * nothing and is not listed.
 *
 * The files are untrusted guest data: each is at most
 * FERRY_NETCFG_MAX_FILE bytes and may hold any bytes (a NUL ends a line's
 * meaning, as in the tools); a configuration lists at most
 * FERRY_NETCFG_MAX_NICS names and FERRY_NETCFG_MAX_INCLUDES includes.
 * What the tools would ignore or refuse is ignored, as they would; the
 * parsers fail only on those bounds, with an error naming the file.
 */
#ifndef FERRY_NETCFG_H
#define FERRY_NETCFG_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#define FERRY_NETCFG_MAX_FILE     (1u << 20)   /* bytes */
#define FERRY_NETCFG_MAX_NICS     256
#define FERRY_NETCFG_MAX_INCLUDES 256

enum ferry_netcfg_tool {
  FERRY_NETCFG_IFUPDOWN = 0,
  FERRY_NETCFG_NETWORKD,
  FERRY_NETCFG_NM,
  FERRY_NETCFG_NETPLAN,
};

/* One NIC name the configuration uses. */
struct ferry_netcfg_nic {
  char *name;              /* "ens192": passes ferry_netcfg_nic_name */
  char *mac;               /* the MAC it is bound to, lower case, or NULL */
  char *method;            /* "dhcp", "static", "manual", "port" (of a
                            * bridge or bond), "vlan" (raw device of a
                            * VLAN); NULL when the file does not say */
  enum ferry_netcfg_tool tool;
  char *file;              /* the file that names it */
};

/* An ifupdown include: "source PATTERN" (a shell glob of files) or
 * "source-directory DIR" (the files of DIR whose names are made only of
 * A-Z a-z 0-9 _ -).  Relative paths are made absolute from the folder of
 * the file that holds the directive.
 */
struct ferry_netcfg_include {
  char *path;
  bool directory;          /* source-directory */
};

struct ferry_netcfg {
  GPtrArray *nics;         /* of struct ferry_netcfg_nic *, one per name,
                            * in the order found: a name configured again
                            * keeps its first entry, which takes the MAC
                            * and method of a later one when it has none */
  GPtrArray *includes;     /* of struct ferry_netcfg_include *, in order */
};

struct ferry_netcfg *ferry_netcfg_new (void);
void ferry_netcfg_free (struct ferry_netcfg *cfg);
typedef struct ferry_netcfg ferry_netcfg;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_netcfg, ferry_netcfg_free)

/* Add what TEXT (LEN bytes, not necessarily NUL-terminated), the content
 * of FILE written for TOOL, configures to CFG.  FILE is the file's path in
 * the guest: it names the file in errors and anchors relative includes.
 * Returns 0, or -1 with an error naming FILE when TEXT is larger than
 * FERRY_NETCFG_MAX_FILE or CFG would hold more than
 * FERRY_NETCFG_MAX_NICS names or FERRY_NETCFG_MAX_INCLUDES includes (CFG
 * then holds what was read before).
 */
int ferry_netcfg_parse (struct ferry_netcfg *cfg, enum ferry_netcfg_tool tool,
                        const char *file, const char *text, size_t len);

/* Is NAME (LEN bytes) the name of a physical Ethernet NIC as Linux names
 * them: 1 to 15 characters of A-Z a-z 0-9 _ -, starting with "en" or
 * "eth" ("ens192", "enp1s0", "eno1", "eth0")?
 */
bool ferry_netcfg_nic_name (const char *name, size_t len);

/* "ifupdown", "systemd-networkd", "NetworkManager" or "netplan". */
const char *ferry_netcfg_tool_name (enum ferry_netcfg_tool tool);

#endif /* FERRY_NETCFG_H */

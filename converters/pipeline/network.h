/* ferry: where the converted guest's NICs are plugged (-n, -b, --mac).
 *
 * The options take virt-v2v's forms:
 *
 *   -n IN:OUT     a NIC on source network IN goes on libvirt network OUT
 *   -n OUT        every NIC not otherwise mapped goes on network OUT
 *   -b IN:OUT     a NIC on source network IN goes on host bridge OUT
 *   -b OUT        every NIC not otherwise mapped goes on bridge OUT
 *   --mac MAC:network:OUT, --mac MAC:bridge:OUT
 *                 the NIC with that MAC goes on network or bridge OUT
 *
 * Each NIC takes the first of these that applies:
 *
 *   1. the --mac naming its MAC;
 *   2. the -n IN:OUT or -b IN:OUT whose IN is its source network's name;
 *      when both name it, the source's connection picks: -b for a NIC
 *      the source bridges (connection "bridged"), -n for any other;
 *   3. -n OUT or -b OUT, as virt-v2v maps them: -b OUT for a bridged
 *      NIC, -n OUT for any other (ferry_source_nic_is_bridge);
 *   4. none: a bridged NIC stays on the host bridge of its source
 *      network's name, any other goes on the libvirt network of that
 *      name, or "default" when the source names none.
 *
 * A spec is parsed when the option is read, so that a bad one fails the
 * run before any work; the map is applied by the core, which records the
 * result in the target model (target->nics), where every output reads it.
 */
#ifndef FERRY_NETWORK_H
#define FERRY_NETWORK_H

#include <glib.h>

#include "source.h"
#include "target.h"

struct ferry_network_map;

struct ferry_network_map *ferry_network_map_new (void);
void ferry_network_map_free (struct ferry_network_map *map);
typedef struct ferry_network_map ferry_network_map;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_network_map, ferry_network_map_free)

/* Add the spec of one -n (ferry_network_map_add_network), -b
 * (..._add_bridge) or --mac (..._add_mac) option to MAP.  Returns 0, or
 * -1 with an error that names the option and the spec: an empty name, a
 * name libvirt would refuse (a bridge name must be a host interface name:
 * 1 to 15 of A-Z a-z 0-9 _ . -), a malformed MAC, an unknown kind, or a
 * second mapping of the same network, default or MAC.
 */
int ferry_network_map_add_network (struct ferry_network_map *map,
                                   const char *spec);
int ferry_network_map_add_bridge (struct ferry_network_map *map,
                                  const char *spec);
int ferry_network_map_add_mac (struct ferry_network_map *map,
                               const char *spec);

/* Fill TARGET->nics (emptied first) with one entry per NIC of SOURCE, in
 * order, by the rules above.  MAP may be NULL: no mapping at all.
 */
void ferry_network_map_apply (const struct ferry_network_map *map,
                              const struct ferry_source *source,
                              struct ferry_target *target);

/* The options of MAP that name a network or MAC no NIC of SOURCE has
 * ("-n 'IN:OUT'", "--mac 'SPEC'"), for a warning: they are not errors,
 * as in virt-v2v.  A new array of new strings (empty when MAP is NULL).
 */
GPtrArray *ferry_network_map_unused (const struct ferry_network_map *map,
                                     const struct ferry_source *source);

/* "network" or "bridge". */
const char *ferry_vnet_type_name (enum ferry_vnet_type type);

#endif /* FERRY_NETWORK_H */

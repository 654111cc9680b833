/* ferry: the target model.
 *
 * What conversion decided about the converted guest: what it is (from
 * inspection), which devices it can drive, how it boots.  The outputs
 * read it, together with the source model, to describe the new guest.
 */
#ifndef FERRY_TARGET_H
#define FERRY_TARGET_H

#include <stdbool.h>
#include <glib.h>

#include "source.h"

/* What libguestfs inspection found in the guest. */
struct ferry_inspection {
  char *root;              /* root filesystem device, e.g. /dev/sda1 */
  char *type;              /* "linux", "windows" */
  char *distro;            /* "debian", "fedora", ... */
  char *product_name;      /* "Debian GNU/Linux 12 (bookworm)" */
  char *arch;              /* "x86_64" */
  char *hostname;
  char *package_format;    /* "deb", "rpm" */
  int major, minor;        /* version */
  char *osinfo;            /* libosinfo id, or NULL if none is known */
};

/* Where a NIC of the converted guest is plugged. */
enum ferry_vnet_type {
  FERRY_VNET_NETWORK = 0,  /* a libvirt network */
  FERRY_VNET_BRIDGE,       /* a host bridge */
};

/* A NIC of the converted guest: one per source NIC, in the same order.
 * The core fills them from the source and the -n, -b and --mac options
 * (network.h); the model is the target's nic_model.
 */
struct ferry_target_nic {
  char *mac;               /* lower case, or NULL to let the host choose */
  enum ferry_vnet_type vnet_type;
  char *vnet;              /* the network's or the bridge's name, never
                            * NULL */
  bool mapped;             /* chosen by -n, -b or --mac; false: the
                            * source's own network name, or "default" */
};

struct ferry_target {
  struct ferry_inspection inspection;

  /* True when the guest can boot and run on virtio: then disks are on
   * virtio-blk, the NIC is virtio-net and the machine is q35.  False is the
   * fallback for guests without virtio drivers: IDE disks, an e1000 NIC,
   * the i440fx machine.
   */
  bool virtio;
  enum ferry_bus disk_bus;
  const char *nic_model;   /* "virtio" or "e1000" (static strings) */
  const char *machine;     /* "q35" or "pc" */
  enum ferry_firmware firmware;

  /* Things the user should know about the result, one sentence each,
   * recorded in the output metadata (e.g. why devices fell back).
   */
  GPtrArray *notes;        /* of char * */

  /* The NICs, struct ferry_target_nic *, one per source NIC (empty until
   * the core fills it: outputs describe the NICs found here).
   */
  GPtrArray *nics;
};

void ferry_target_init (struct ferry_target *target);
void ferry_target_clear (struct ferry_target *target);

/* Record a note (and show it as a warning). */
void ferry_target_note (struct ferry_target *target, const char *fmt, ...)
  G_GNUC_PRINTF (2, 3);

/* Record a note without showing it: what a conversion would do, for
 * ferry-inspect's report.
 */
void ferry_target_add_note (struct ferry_target *target, const char *fmt, ...)
  G_GNUC_PRINTF (2, 3);

#endif /* FERRY_TARGET_H */

/* ferry: conversion modules, one per guest family.
 *
 * A conversion module works on the guest through an open libguestfs handle
 * whose filesystems are mounted, and leaves it able to boot on KVM: it
 * removes other hypervisors' tools, renames devices, makes the initramfs
 * carry the virtio drivers and repairs the boot loader configuration.  It
 * fills in the target's devices (virtio or the emulated fallbacks).
 *
 * Modules are listed in one table in convert.c; the first whose matches()
 * accepts the inspected guest converts it.
 */
#ifndef FERRY_CONVERT_H
#define FERRY_CONVERT_H

#include <stdbool.h>
#include <guestfs.h>

#include "source.h"
#include "target.h"

struct ferry_convert_module {
  /* Mandatory: the name listed as "convert:NAME" by --machine-readable. */
  const char *name;

  /* Mandatory: does this module know how to convert this guest? */
  bool (*matches) (const struct ferry_inspection *inspection);

  /* Mandatory.  Convert the guest mounted in G.  Sets TARGET->virtio and
   * the device fields.  Returns 0, or -1 with the error set.
   */
  int (*convert) (guestfs_h *g, const struct ferry_source *source,
                  struct ferry_target *target);

  /* Mandatory.  Decide what convert would, writing nothing to the guest
   * (ferry-inspect): set TARGET's device fields and add a note for each
   * change convert would make that the user should know about.  Returns
   * 0, or -1 with the error set.
   */
  int (*assess) (guestfs_h *g, const struct ferry_source *source,
                 struct ferry_target *target);
};

extern const struct ferry_convert_module *const ferry_convert_modules[];

/* The module for this guest, or NULL with the error set. */
const struct ferry_convert_module *
ferry_convert_find (const struct ferry_inspection *inspection);

extern const struct ferry_convert_module ferry_convert_linux_debian;

#endif /* FERRY_CONVERT_H */

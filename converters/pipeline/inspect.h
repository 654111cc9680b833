/* ferry: inspection of the guest.
 *
 * Inside the session's one appliance (session.h), inspection finds the
 * guest's operating system with libguestfs, picks its root filesystem
 * (--root), reads what the target model needs (type, distribution,
 * version, architecture, host name, package format, libosinfo id), mounts
 * its filesystems as its fstab says and tells which firmware it boots
 * with.  It reads the guest and writes nothing to it.
 *
 * Strings read from the guest reach terminals and XML documents: they are
 * made valid UTF-8 without control characters here.
 */
#ifndef FERRY_INSPECT_H
#define FERRY_INSPECT_H

#include <glib.h>
#include <guestfs.h>

#include "source.h"
#include "target.h"

/* The root filesystem to convert, by CHOICE (--root): NULL or "single"
 * (there must be exactly one operating system), "first", or a device such
 * as /dev/sda2 that inspection found as a root.  Returns a new string, or
 * NULL with the error set, naming SOURCE's first disk when there is no
 * operating system at all.
 */
char *ferry_inspect_choose_root (guestfs_h *g,
                                 const struct ferry_source *source,
                                 const char *choice);

/* Fill INSPECTION (whose strings it then owns) for the operating system
 * on ROOT.  Returns 0, or -1 with the error set.
 */
int ferry_inspect_os (guestfs_h *g, const char *root,
                      struct ferry_inspection *inspection);

/* Mount ROOT's filesystems, shortest mountpoint first, and add each
 * mountpoint mounted to MOUNTED (a GPtrArray of strings that frees them).
 * A filesystem other than / that does not mount is a warning.  Returns 0,
 * or -1 with the error set when / does not mount.
 */
int ferry_inspect_mount_all (guestfs_h *g, const char *root,
                             GPtrArray *mounted);

/* The firmware the guest boots with, read from its partition tables: UEFI
 * when a GPT disk holds an EFI system partition and no disk holds a BIOS
 * boot partition, BIOS otherwise.
 */
enum ferry_firmware ferry_inspect_firmware (guestfs_h *g);

#endif /* FERRY_INSPECT_H */

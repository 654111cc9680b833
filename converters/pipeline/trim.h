/* ferry: trimming the guest's filesystems.
 *
 * After conversion, and before the copy, every filesystem the session
 * mounted is trimmed (fstrim): its free blocks are discarded in the
 * overlay, so the copy, which skips holes and zeroes (copy.h), does not
 * copy them.  A filesystem that cannot be trimmed only costs space: that
 * is a debug message, not an error.
 */
#ifndef FERRY_TRIM_H
#define FERRY_TRIM_H

#include <glib.h>
#include <guestfs.h>

/* Flush the guest's writes and trim each mountpoint in MOUNTED. */
void ferry_trim_all (guestfs_h *g, GPtrArray *mounted);

#endif /* FERRY_TRIM_H */

/* ferry: the conversion session.
 *
 * One libguestfs appliance is launched per conversion, over the overlays
 * of all the source's disks.  In that one launch ferry inspects the guest
 * and mounts its filesystems (inspect.h), runs the conversion module for
 * its family (convert.h), and trims every filesystem so that free space
 * is not copied (trim.h).  Everything written lands in the overlays.
 */
#ifndef FERRY_SESSION_H
#define FERRY_SESSION_H

#include <stdbool.h>

#include <glib.h>
#include <guestfs.h>

#include "source.h"
#include "target.h"

struct ferry_guest_options {
  /* --root: "single" (the default: there must be exactly one operating
   * system), "first", or a root filesystem device such as /dev/sda2.
   */
  const char *root;
  bool verbose;            /* libguestfs debug messages */
  bool trace;              /* libguestfs API call trace */
  bool no_trim;            /* --no-fstrim: copy free blocks too */
};

/* Convert the guest whose disks are the qcow2 files OVERLAYS (one per
 * source disk, same order).  Fills TARGET (initialised by the caller).
 * Returns 0, or -1 with the error set.
 */
int ferry_guest_convert (const struct ferry_source *source,
                         char *const *overlays,
                         const struct ferry_guest_options *options,
                         struct ferry_target *target);

/* The same session without the conversion (ferry-inspect): inspect, decide
 * the firmware and the devices the conversion would give the guest, and
 * trim, so that the overlays then hold what a conversion would copy, but
 * for the conversion's own changes.  Writes only to the overlays.
 */
int ferry_guest_inspect (const struct ferry_source *source,
                         char *const *overlays,
                         const struct ferry_guest_options *options,
                         struct ferry_target *target);

/* Record libguestfs's last error on G as the error, after CONTEXT (for
 * the stages that run inside the session).
 */
void ferry_session_error (guestfs_h *g, const char *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (guestfs_h, guestfs_close)

#endif /* FERRY_SESSION_H */

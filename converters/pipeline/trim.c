/* ferry: trimming the guest's filesystems (see trim.h). */

#include <config.h>

#include <guestfs.h>

#include "trim.h"
#include "report.h"
#include "banned.h"

/* Discard the free blocks of every mounted filesystem, so that the copy
 * skips them.  Failure only costs space, so it is a debug message.
 */
void
ferry_trim_all (guestfs_h *g, GPtrArray *mounted)
{
  size_t i;

  guestfs_sync (g);
  for (i = 0; i < mounted->len; i++) {
    const char *mp = mounted->pdata[i];

    if (guestfs_fstrim (g, mp, -1) == -1)
      ferry_debug ("fstrim '%s': %s", mp, guestfs_last_error (g));
  }
}


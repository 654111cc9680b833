/* ferry: overlays over the source disks.
 *
 * Conversion writes to the guest's disks (package removal, configuration
 * edits, trims).  Those writes must never reach the source, so each source
 * disk gets a thin qcow2 overlay whose backing file is the source, opened
 * read-only.  The overlays live in a private temporary folder, removed by
 * ferry_overlays_free.
 */
#ifndef FERRY_OVERLAY_H
#define FERRY_OVERLAY_H

#include <glib.h>

#include "source.h"

struct ferry_overlays {
  char *dir;               /* the private folder (mode 0700) */
  GPtrArray *paths;        /* one qcow2 file name per source disk, then NULL */
};

/* Create one overlay per disk of SOURCE, in a new folder under $TMPDIR
 * (default /var/tmp, since overlays can grow large).  Returns NULL with
 * the error set.
 */
struct ferry_overlays *ferry_overlays_create (const struct ferry_source *source);

/* Delete the overlays and their folder; free OVERLAYS. */
void ferry_overlays_free (struct ferry_overlays *overlays);
typedef struct ferry_overlays ferry_overlays;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_overlays, ferry_overlays_free)

#endif /* FERRY_OVERLAY_H */

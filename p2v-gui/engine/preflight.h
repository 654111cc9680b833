/* ferry-p2v: the pre-flight checks, before the disks are sent.
 *
 * Given the probed machine (probe.h), the disks chosen to be sent and,
 * when the connection was tested (connection.h), what the server said,
 * ferry_p2v_preflight lists what may make the conversion fail or the
 * guest unusable.  They are warnings: the front end shows them and the
 * user decides (the headless ferry-p2v prints them before a run, and
 * alone with --preflight).  Nothing is ever written to a disk.
 *
 * The volumes of a disk are the disk itself and, for a block device, its
 * partitions (SYSFS/class/block/NAME/PART with a "partition" file, read
 * as DEV/PART).  Checks, each with its code:
 *
 *   mounted-rw    a volume is mounted read-write here (MOUNTINFO, by
 *                 device number): its data may change while it is copied
 *   hibernated    an NTFS volume whose hiberfil.sys starts with "hibr" or
 *                 "HIBR" (read with ntfs-3g's ntfscat, its first 4 bytes
 *                 only): Windows is hibernated or shut down with Fast
 *                 Startup, and its filesystems are not clean
 *   bitlocker     "-FVE-FS-" at byte 3 of a volume: BitLocker encrypted,
 *                 the converter cannot look inside
 *   luks          "LUKS\xba\xbe" at byte 0: a LUKS encrypted volume, same
 *   lvm-split     an LVM physical volume whose volume group also has
 *                 physical volumes on disks not sent (pvs, JSON report:
 *                 the volume groups the system sees)
 *   md-split      a member of an md RAID array (mdadm --examine) whose
 *                 other members are not all among the volumes sent: the
 *                 array of a RAID 1 still works degraded, others do not
 *   server-space  the disks' sizes add up to more than the server's free
 *                 space: the sizes, not the data, since sparse output of
 *                 a mostly empty disk needs less (a warning, not a
 *                 refusal), but preallocated or raw non-sparse output
 *                 needs all of it
 *
 * A tool that is missing or fails leaves its check silent: the checks
 * are advice, and never stop a conversion.  Every tool runs through
 * common/command.h.
 */
#ifndef FERRY_P2V_PREFLIGHT_H
#define FERRY_P2V_PREFLIGHT_H

#include <glib.h>

#include "connection.h"
#include "probe.h"

/* One warning.  Strings belong to the warning. */
struct ferry_p2v_warning {
  char *disk;              /* the disk's name ("sda"), or NULL: all */
  char *code;              /* one of the codes above */
  char *text;              /* one line for the user, valid UTF-8 */
};

/* Where the checks look: NULL members take the machine's own.  For
 * tests.
 */
struct ferry_p2v_preflight_paths {
  const char *mountinfo;   /* /proc/self/mountinfo */
  const char *sysfs;       /* /sys */
  const char *dev;         /* /dev */
};

/* Check the disks named DISKS (char *, names of MACHINE's disks, as
 * p2v.disks after ferry_p2v_config_resolve) against MACHINE and SERVER
 * (NULL: the server's free space is not checked).  PATHS may be NULL.
 * Returns a new array of struct ferry_p2v_warning * (empty: nothing to
 * say), in disk order, the server's last; it frees its elements.
 */
GPtrArray *ferry_p2v_preflight (const struct ferry_p2v_machine *machine,
                                const GPtrArray *disks,
                                const struct ferry_p2v_server_info *server,
                                const struct ferry_p2v_preflight_paths *paths);

#endif /* FERRY_P2V_PREFLIGHT_H */

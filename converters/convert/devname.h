/* ferry: renaming block devices in guest configuration files.
 *
 * A guest made on VMware, Xen or Hyper-V names its disks /dev/sdX, /dev/hdX
 * or /dev/xvdX in /etc/fstab, the boot loader's configuration and the
 * resume settings.  On virtio-blk the same disks are /dev/vdX, in the same
 * order.  These functions rewrite such names in the text of a
 * configuration file and leave every other byte as it was.
 *
 * A name is renamed only when it stands alone ("/dev/sda1", not
 * "/dev/sda1x" nor "/dev/disk/by-id/...sda"), and only when its disk
 * index (a=0, b=1, ..., z=25, aa=26, ...) is below NDISKS, the number of
 * disks being converted: a name for a disk that is not part of the
 * conversion (a USB stick, say) is left alone.
 *
 * The text is untrusted guest data; it may be any length and hold any
 * bytes, including NULs in the middle of what the guest calls a line
 * (ferry_devname_remap takes a length for that reason).
 */
#ifndef FERRY_DEVNAME_H
#define FERRY_DEVNAME_H

#include <stddef.h>

/* Rewrite TEXT (LEN bytes).  Returns a new NUL-terminated string of
 * *NEW_LEN bytes when something was renamed, or NULL when nothing was (or
 * on overflow of the disk index, which is treated as "not a disk").
 * *COUNT, when not NULL, receives the number of names rewritten.
 */
char *ferry_devname_remap (const char *text, size_t len, size_t ndisks,
                           size_t *new_len, size_t *count);

/* Replace every standalone occurrence of device name FROM (such as
 * "/dev/sdb1": not followed by another name character) in TEXT (LEN
 * bytes) with TO.  Returns a new string of *NEW_LEN bytes, or NULL when
 * FROM does not occur.
 */
char *ferry_devname_replace (const char *text, size_t len, const char *from,
                             const char *to, size_t *new_len);

/* The disk index of letters "a".."zz...", or -1 if S (of LEN bytes) is
 * not such a run of letters or its index is too large.
 */
long ferry_devname_index (const char *s, size_t len);

/* Letters for disk index I ("a" for 0, "aa" for 26), in a new string. */
char *ferry_devname_letters (size_t i);

#endif /* FERRY_DEVNAME_H */

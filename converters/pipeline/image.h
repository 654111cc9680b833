/* ferry: facts about a disk image file, from qemu-img.
 *
 * Disk images are hostile input.  An image format may name other files:
 * qcow2 backing files and external data files, VMDK extents and parent
 * disks.  ferry follows such a name only when it is a plain file name
 * (no protocol prefix such as "nbd:" or "json:") and it resolves, after
 * symlinks and the way qemu resolves it, inside the folder of the image
 * the user named.  Anything else is refused before qemu opens the image
 * for the conversion.
 */
#ifndef FERRY_IMAGE_H
#define FERRY_IMAGE_H

#include <stdint.h>

struct ferry_image_info {
  char *format;            /* the qemu block driver: raw, qcow2, vmdk... */
  uint64_t virtual_size;   /* bytes */
  uint64_t allocated;      /* bytes the file occupies on its filesystem */
};

/* Open FILE as FORMAT (NULL: let qemu-img probe) and fill INFO (the caller
 * frees INFO->format).  FILE should be an absolute path without symlinks
 * (realpath): qemu resolves the image's references from its folder.
 * Returns 0, or -1 with an error naming FILE.
 */
int ferry_image_probe (const char *file, const char *format,
                       struct ferry_image_info *info);

/* Open NAME, a disk image kept inside a package (an OVA), as FORMAT (NULL:
 * let qemu-img probe) and fill INFO (the caller frees INFO->format).  NAME
 * is the absolute path of a file extracted from the package, or a qemu
 * "json:" name reading the image in place, inside the package file
 * (INFO->allocated is then 0).  Stricter than ferry_image_probe: the image
 * may name no other file at all, not even in its folder: no backing file,
 * no data file, no extent but its own data.  A VMDK descriptor, which
 * names its extents, must be refused by the caller before (it is text,
 * where a sparse VMDK starts with "KDMV"): qemu resolves the extents of a
 * descriptor read through a json: name as it pleases.  Errors name
 * DISPLAY, the image as the user knows it ("guest.ova/disk1.vmdk").
 * Returns 0, or -1 with the error set.
 */
int ferry_image_probe_alone (const char *name, const char *format,
                             const char *display,
                             struct ferry_image_info *info);

/* Parse the text of "qemu-img info" (human output) into INFO.  The names
 * of the images it depends on (backing file, data file) go to IMAGES, the
 * names of VMDK extents (raw data, not images) to EXTENTS; the caller
 * frees both with g_strfreev.  The first "file format" and "virtual size"
 * lines win: they come before any name the image's author chose, so a
 * name with a newline in it cannot override them.  Exposed for the unit
 * test.  Returns 0, or -1 if the text has no format or virtual size.
 */
int ferry_image_parse_info (const char *text, struct ferry_image_info *info,
                            char ***images, char ***extents);

/* Is NAME, as written inside an image, something qemu would open as a
 * plain file?  False for protocol names ("nbd:...", "file:...",
 * "json:{...}"): qemu treats a ':' before the first '/' as a protocol.
 */
int ferry_image_name_is_plain (const char *name);

/* Open URI, a disk qemu reaches over the network (an NBD URI such as
 * nbd://HOST:PORT/EXPORT or nbd+unix:///EXPORT?socket=PATH), as FORMAT,
 * and fill INFO as ferry_image_probe does (allocated is 0: unknown).
 * FORMAT is required: data from the network is never probed.  The image
 * must not name any other image or file (backing file, data file, VMDK
 * extent other than itself): there is no folder to keep them in, so
 * they are refused.  Returns 0, or -1 with an error naming URI.
 */
int ferry_image_probe_uri (const char *uri, const char *format,
                           struct ferry_image_info *info);

#endif /* FERRY_IMAGE_H */

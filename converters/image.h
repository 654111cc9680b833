/* ferry: facts about a disk image file, from qemu-img.
 *
 * Disk images are hostile input.  An image format may name other files
 * (qcow2 backing files, VMDK extents); ferry follows such a name only when
 * it resolves, after symlinks, inside the folder of the image that names
 * it.  Anything else is refused before qemu opens the image for the
 * conversion.
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
 * frees INFO->format).  Checks that every file the image refers to stays
 * inside the image's folder.  Returns 0, or -1 with an error naming FILE.
 */
int ferry_image_probe (const char *file, const char *format,
                       struct ferry_image_info *info);

/* Parse the text of "qemu-img info" (human output) into INFO and return
 * the names of the files it refers to (backing file, extents) in REFS
 * (caller frees with g_strfreev).  Exposed for the unit test.  Returns 0
 * or -1 if the text does not have a format and a virtual size.
 */
int ferry_image_parse_info (const char *text, struct ferry_image_info *info,
                            char ***refs);

#endif /* FERRY_IMAGE_H */

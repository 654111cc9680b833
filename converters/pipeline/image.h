/* ferry: facts about a disk image file, from qemu-img.
 *
 * Disk images are hostile input.  An image format may name other files:
 * qcow2 backing files and external data files, VMDK extents and parent
 * disks.  ferry follows such a name only when it is a plain file name
 * (no protocol prefix such as "nbd:" or "json:") and it resolves, after
 * symlinks and the way qemu resolves it, inside the folder of the image
 * the user named.  Anything else is refused before qemu opens the image
 * for the conversion.
 *
 * ferry learns those names from "qemu-img info --output=json", never from
 * the text qemu-img prints for people: a name is a JSON string there,
 * whatever bytes its author chose (a newline, "backing file: "), and a
 * field the parser cannot read refuses the image.
 */
#ifndef FERRY_IMAGE_H
#define FERRY_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

struct ferry_image_info {
  char *format;            /* the qemu block driver: raw, qcow2, vmdk... */
  uint64_t virtual_size;   /* bytes */
  uint64_t allocated;      /* bytes the file occupies on its filesystem,
                            * as qemu-img counts them; 0: unknown */
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

/* The names an image holds, as "qemu-img info" reports them. */
struct ferry_image_refs {
  /* "filename": the name qemu opened the image by. */
  char *name;
  /* The images it depends on, as written in it: its backing file
   * ("backing-filename") and a qcow2's external data file
   * ("format-specific" "data" "data-file").  Each must be checked, then
   * opened and checked in turn.  NULL-terminated.
   */
  char **images;
  /* The other files it names: its backing file as qemu resolves it
   * ("full-backing-filename") and a VMDK's extents, raw data
   * ("format-specific" "data" "extents" [] "filename").  Each must be
   * checked, none is an image.  NULL-terminated.
   */
  char **files;
};

/* Free what REFS holds; REFS may be all zero. */
void ferry_image_refs_clear (struct ferry_image_refs *refs);
typedef struct ferry_image_refs ferry_image_refs;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ferry_image_refs, ferry_image_refs_clear)

/* Parse TEXT, LEN bytes that "qemu-img info --output=json" printed, into
 * INFO and REFS (the caller frees INFO->format and clears REFS).  The
 * text must be one JSON object (read with ferry_json_parse: bounded in
 * size and nesting) with "format" (a non-empty string), "virtual-size"
 * (an integer >= 0) and "filename" (a string); "actual-size" fills
 * INFO->allocated (0 when absent).  Any of the names above that is
 * present must have its type (a string, an object, an array of objects
 * with a string "filename"), whatever the image's format: a name that
 * cannot be read refuses the image rather than go unchecked.  Returns 0,
 * or -1 with the error set (INFO and REFS then hold nothing to free).
 * Exposed for the unit test and the fuzz target.
 */
int ferry_image_parse_info (const char *text, size_t len,
                            struct ferry_image_info *info,
                            struct ferry_image_refs *refs);

/* Parse TEXT, LEN bytes that "qemu-img measure --output=json" printed:
 * "required" (what a copy would allocate) into *REQUIRED and
 * "fully-allocated" into *FULLY_ALLOCATED, both integers >= 0.  Returns
 * 0, or -1 with the error set.
 */
int ferry_image_parse_measure (const char *text, size_t len,
                               uint64_t *required, uint64_t *fully_allocated);

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

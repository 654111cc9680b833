/* ferry: the layout of a VMDK disk.
 *
 * A VMDK disk is one of:
 *   - one binary file, a sparse VMDK (monolithicSparse, streamOptimized):
 *     it starts with the magic "KDMV" and embeds a text descriptor;
 *   - a small text descriptor naming the extents that hold the data:
 *     one raw extent NAME-flat.vmdk (monolithicFlat, and ESXi's "vmfs"
 *     disks), or several (twoGbMaxExtentFlat, twoGbMaxExtentSparse:
 *     2 GiB pieces), or a snapshot's delta (vmfsSparse, seSparse) on top
 *     of a parent disk, or a map of a raw device (RDM).
 * On a local disk qemu follows all of that itself (image.h checks where
 * it goes).  Over SSH ferry serves one remote file per disk with nbdkit,
 * so it must know beforehand which file holds the data and in which
 * format: this module reads the sparse header and the descriptor, and
 * says which disks one file can serve.
 *
 * Both are untrusted: every length is bounded, numbers are checked for
 * overflow, and refusals name the file and, in a descriptor, the line.
 *
 * The descriptor's syntax, as VMware writes it and as this parser reads
 * it: the first line is "# Disk DescriptorFile"; lines end with LF (a CR
 * before it is dropped); the text ends at the first NUL byte (an
 * embedded descriptor is padded with them); blank lines and lines
 * starting with '#' are comments; an extent line is
 *   ACCESS SECTORS TYPE ["FILE" [OFFSET]]
 * with ACCESS one of RW, RDONLY, NOACCESS (any case) and TYPE a word
 * (FLAT, SPARSE, ZERO, VMFS, VMFSSPARSE, SESPARSE, VMFSRDM, VMFSRAW...);
 * other lines are `key = value`, the value in double quotes or not.
 * Keys are compared without regard to case; the last one wins.  Lines
 * that are neither are ignored, as qemu ignores them.
 */
#ifndef FERRY_VMDK_H
#define FERRY_VMDK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* Bounds: real descriptors are well under 2 KiB. */
#define FERRY_VMDK_MAX_DESCRIPTOR (64u << 10)  /* bytes */
#define FERRY_VMDK_MAX_EXTENTS    1024
/* The sparse header ferry reads: the start of the file. */
#define FERRY_VMDK_HEADER_SIZE    512

struct ferry_vmdk_extent {
  char *access;            /* "RW", "RDONLY" or "NOACCESS" (upper case) */
  uint64_t sectors;        /* its size, in 512-byte sectors */
  char *type;              /* "FLAT", "VMFS", "SPARSE"... (upper case) */
  char *file;              /* the file name as written, or NULL (ZERO) */
  uint64_t offset;         /* FLAT, VMFS: first sector of data in FILE */
};

struct ferry_vmdk_descriptor {
  char *create_type;       /* createType, or NULL */
  char *parent_cid;        /* parentCID, or NULL */
  char *parent_file;       /* parentFileNameHint, or NULL */
  GPtrArray *extents;      /* of struct ferry_vmdk_extent *, in order */
};

/* Parse the descriptor text BUF (LEN bytes, at most
 * FERRY_VMDK_MAX_DESCRIPTOR; not necessarily NUL-terminated).  FILE names
 * it in errors.  Returns a new descriptor, or NULL with the error set.
 */
struct ferry_vmdk_descriptor *
ferry_vmdk_parse_descriptor (const char *buf, size_t len, const char *file);
void ferry_vmdk_descriptor_free (struct ferry_vmdk_descriptor *desc);
typedef struct ferry_vmdk_descriptor ferry_vmdk_descriptor;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_vmdk_descriptor,
                               ferry_vmdk_descriptor_free)

/* Is BUF (LEN bytes, the start of a file) a sparse VMDK?  0 when it does
 * not start with "KDMV".  1 when it does and its header is sound: the
 * embedded descriptor is *DESCRIPTOR_SIZE bytes (0: none, at most
 * FERRY_VMDK_MAX_DESCRIPTOR) at byte *DESCRIPTOR_OFFSET.  -1 with an error
 * naming FILE when the header is truncated or out of bounds.
 */
int ferry_vmdk_sparse_header (const void *buf, size_t len, const char *file,
                              uint64_t *descriptor_offset,
                              uint64_t *descriptor_size);

/* Does DESC (NULL: a sparse VMDK without an embedded descriptor) describe
 * a disk whose data one file holds whole?
 *   - SPARSE (DESC embedded in a sparse VMDK): yes unless it has a parent
 *     (a snapshot); *EXTENT is set to NULL: the sparse file is the disk;
 *   - a text descriptor: when it has no parent and exactly one FLAT or
 *     VMFS extent, at offset 0, readable, named as a file of the
 *     descriptor's own folder (no '/'): *EXTENT is that extent (it belongs
 *     to DESC), to read as raw.
 * Otherwise -1, with an error naming FILE that says what the disk is
 * (a snapshot, split into several extents, a raw device mapping...).
 * Returns 0 or -1.
 */
int ferry_vmdk_single_file (const struct ferry_vmdk_descriptor *desc,
                            bool sparse, const char *file,
                            const struct ferry_vmdk_extent **extent);

#endif /* FERRY_VMDK_H */

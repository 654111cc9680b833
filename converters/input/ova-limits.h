/* ferry: the bounds -i ova sets on what it writes from a package.
 *
 * A package is hostile input, and a few of its bytes can stand for many:
 * a few KiB of gzip (ovf:compression) can expand to terabytes, a zip
 * member can declare one size and hold far more, a sparse tar member can
 * declare gigabytes in a few blocks.  -i ova never writes more than the
 * package declares for a member, and never more than the filesystem it
 * writes to has free (input-ova.c).  This is the arithmetic of those
 * bounds, apart so that it is tested alone (test-ova-limits.c): every
 * function saturates at UINT64_MAX instead of wrapping.
 */
#ifndef FERRY_OVA_LIMITS_H
#define FERRY_OVA_LIMITS_H

#include <stdint.h>

/* The margin above a disk's declared capacity that its decompressed
 * image may take: 1/32 of the capacity, plus 1 MiB.  It is room for the
 * image format's own metadata: a streamOptimized VMDK's markers and
 * grain tables (under 1/128 of the capacity with VMware's 64 KiB grains,
 * even when no grain compresses), qcow2's tables (under 1/50 with the
 * smallest clusters, 512 bytes), and their headers and descriptors (the
 * 1 MiB, which small disks need).
 */
#define FERRY_OVA_MARGIN_SHIFT  5
#define FERRY_OVA_MARGIN_BYTES  (UINT64_C (1) << 20)

/* The most bytes a disk decompressed from a gzip member may hold:
 * CAPACITY (its Disk's ovf:capacity, in bytes) plus the margin above.
 * A capacity of 0 (none declared) gives 0: nothing bounds that disk,
 * and the caller refuses to decompress it.
 */
uint64_t ferry_ova_decompressed_limit (uint64_t capacity);

/* The bytes a filesystem has free for ferry: BLOCKS_AVAILABLE blocks
 * (statvfs f_bavail: what is left outside the root reserve) of
 * BLOCK_SIZE bytes (f_frsize).
 */
uint64_t ferry_ova_free_space (uint64_t blocks_available,
                               uint64_t block_size);

/* A + B: the space several extractions need together. */
uint64_t ferry_ova_add (uint64_t a, uint64_t b);

#endif /* FERRY_OVA_LIMITS_H */

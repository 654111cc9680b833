/* ferry: copying a converted disk to its target.
 *
 * The copy reads the overlay (the converted, trimmed guest disk) and
 * writes only allocated, non-zero data: qemu-img convert skips holes and
 * zeroes, and runs several requests in flight.  Progress is reported
 * through the caller's meter.
 */
#ifndef FERRY_COPY_H
#define FERRY_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include "output-format.h"
#include "report.h"

struct ferry_copy {
  const char *overlay;     /* qcow2 overlay to read */
  const char *dest;        /* the file to write, or NULL to throw the data
                            * away; named in messages */
  const char *dest_open;   /* the path qemu-img opens to write DEST:
                            * /proc/PID/fd/N of the file ferry created
                            * (outdir.h), or NULL for DEST itself */
  enum ferry_output_format format;
  enum ferry_output_alloc alloc; /* preallocated: allocate the whole target */
  uint64_t virtual_size;   /* bytes */
};

/* Copy one disk.  The meter P counts bytes of all disks: this disk covers
 * [BASE, BASE + virtual_size).  Returns 0, or -1 with an error naming the
 * destination (a full filesystem says so).
 */
int ferry_copy_disk (const struct ferry_copy *copy,
                     struct ferry_progress *p, uint64_t base);

/* Parse a qemu-img progress line "    (12.34/100%)" into 0..10000
 * (hundredths of a percent).  Returns -1 if LINE is not one.
 */
int ferry_copy_parse_progress (const char *line);

#endif /* FERRY_COPY_H */

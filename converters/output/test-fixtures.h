/* ferry: what the unit tests of the outputs and reports share.
 *
 * Golden files live in converters/output/testdata/.  Run a test with
 * REGENERATE=1 to rewrite them after a deliberate change, then review the
 * diff.  The fixtures hold quotes, commas, spaces and a newline where a
 * name or a string from the guest can, so that the quoting shows in the
 * golden files.
 */
#ifndef FERRY_TEST_FIXTURES_H
#define FERRY_TEST_FIXTURES_H

#include <stdbool.h>

#include "source.h"
#include "target.h"

/* A converted guest: with virtio (Debian 12, BIOS) or the fallback (an
 * unknown "Linux" with a hostile product name, UEFI, one note).
 */
void ferry_test_fill_target (struct ferry_target *t, bool virtio);

/* The Debian 12 guest either way: with virtio, as above, or without
 * (IDE, e1000, UEFI, one note without quotes).
 */
void ferry_test_fill_target_debian (struct ferry_target *t, bool virtio);

/* "web": 2 GiB, 4 vCPUs as 2 sockets x 2 cores, two VMDK disks, an empty
 * IDE CD-ROM, a vmxnet3 NIC on "VM Network" and a NIC with nothing known.
 */
void ferry_test_fill_source (struct ferry_source *source);

/* "odd": memory not a whole number of MiB, one vCPU, one raw disk, no
 * NIC.
 */
void ferry_test_fill_bare (struct ferry_source *source);

/* TEXT must equal the golden file NAME (one TAP check). */
void ferry_test_check_golden (const char *name, const char *text);

/* The command TOOL (NULL-terminated) followed by the golden file NAME
 * must exit 0 (one TAP check described by WHAT).
 */
void ferry_test_check_tool (const char *const *tool, const char *name,
                            const char *what);

#endif /* FERRY_TEST_FIXTURES_H */

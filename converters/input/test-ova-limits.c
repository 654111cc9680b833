/* Unit test: the bounds -i ova sets on what it writes (ova-limits.h). */

#include <config.h>

#include <inttypes.h>

#include "ova-limits.h"
#include "tap.h"
#include "banned.h"

#define MiB (UINT64_C (1) << 20)
#define GiB (UINT64_C (1) << 30)

static const struct {
  uint64_t capacity, limit;
} limits[] = {
  { 0, 0 },                                     /* none declared */
  { 1, 1 + MiB },
  { 31, 31 + MiB },                             /* 1/32 rounds down */
  { 32, 33 + MiB },
  { 4 * MiB, 4 * MiB + 128 * 1024 + MiB },
  { 10 * GiB, 10 * GiB + 320 * MiB + MiB },
  { UINT64_MAX - MiB, UINT64_MAX },             /* saturates */
  { UINT64_MAX, UINT64_MAX },
  { (UINT64_MAX / 33) * 32, UINT64_MAX },       /* capacity + 1/32 fits, */
};                                              /* + 1 MiB does not */

static const struct {
  uint64_t blocks, size, bytes;
} spaces[] = {
  { 0, 4096, 0 },
  { 2048, 4096, 8 * MiB },
  { 1, 0, 0 },
  { UINT64_MAX, 1, UINT64_MAX },
  { UINT64_MAX / 4096, 4096, (UINT64_MAX / 4096) * 4096 },
  { UINT64_MAX / 4096 + 1, 4096, UINT64_MAX },  /* saturates */
  { UINT64_MAX, UINT64_MAX, UINT64_MAX },
};

static const struct {
  uint64_t a, b, sum;
} sums[] = {
  { 0, 0, 0 },
  { 1, 2, 3 },
  { UINT64_MAX - 1, 1, UINT64_MAX },
  { UINT64_MAX, 1, UINT64_MAX },
  { UINT64_MAX, UINT64_MAX, UINT64_MAX },
};

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (limits) + G_N_ELEMENTS (spaces) +
            G_N_ELEMENTS (sums) + 1);
  for (i = 0; i < G_N_ELEMENTS (limits); i++) {
    uint64_t got = ferry_ova_decompressed_limit (limits[i].capacity);

    tap_ok (got == limits[i].limit,
            "capacity %" PRIu64 " bounds at %" PRIu64 " (got %" PRIu64 ")",
            limits[i].capacity, limits[i].limit, got);
  }
  /* Never below the capacity: a disk of exactly its capacity fits. */
  tap_ok (ferry_ova_decompressed_limit (UINT64_MAX / 2) > UINT64_MAX / 2,
          "the bound is above the capacity");
  for (i = 0; i < G_N_ELEMENTS (spaces); i++) {
    uint64_t got = ferry_ova_free_space (spaces[i].blocks, spaces[i].size);

    tap_ok (got == spaces[i].bytes,
            "%" PRIu64 " blocks of %" PRIu64 " bytes are %" PRIu64
            " bytes (got %" PRIu64 ")", spaces[i].blocks, spaces[i].size,
            spaces[i].bytes, got);
  }
  for (i = 0; i < G_N_ELEMENTS (sums); i++) {
    uint64_t got = ferry_ova_add (sums[i].a, sums[i].b);

    tap_ok (got == sums[i].sum,
            "%" PRIu64 " + %" PRIu64 " = %" PRIu64 " (got %" PRIu64 ")",
            sums[i].a, sums[i].b, sums[i].sum, got);
  }
  return tap_done ();
}

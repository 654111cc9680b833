/* ferry: the bounds -i ova sets on what it writes (ova-limits.h). */

#include <config.h>

#include "ova-limits.h"
#include "banned.h"

uint64_t
ferry_ova_add (uint64_t a, uint64_t b)
{
  uint64_t sum;

  if (__builtin_add_overflow (a, b, &sum))
    return UINT64_MAX;
  return sum;
}

uint64_t
ferry_ova_decompressed_limit (uint64_t capacity)
{
  if (capacity == 0)
    return 0;
  return ferry_ova_add (ferry_ova_add (capacity,
                                       capacity >> FERRY_OVA_MARGIN_SHIFT),
                        FERRY_OVA_MARGIN_BYTES);
}

uint64_t
ferry_ova_free_space (uint64_t blocks_available, uint64_t block_size)
{
  uint64_t bytes;

  if (__builtin_mul_overflow (blocks_available, block_size, &bytes))
    return UINT64_MAX;
  return bytes;
}

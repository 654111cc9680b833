/* ferry: a fuzz target that must fail.
 *
 * Built like every fuzz target, it overflows a signed integer on any
 * input that starts with 'x'.  tests/test-fuzz-replay.sh runs it over
 * such an input and passes only when it exits non-zero: that is the proof
 * that the fuzz build stops at the first undefined behaviour instead of
 * printing a report and going on.
 */

#include <config.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  volatile int big = INT_MAX;

  if (size > 0 && data[0] == 'x')
    big += (int) size;
  return big == 0;
}

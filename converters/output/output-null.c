/* ferry: -o null, convert and copy, then throw the result away.
 *
 * The whole pipeline runs, the copy included (into qemu's null device),
 * so that -o null measures and tests everything but the writing.
 */

#include <config.h>

#include "output.h"
#include "banned.h"

static int
null_setup (struct ferry_output *out)
{
  size_t i;

  for (i = 0; i < out->source->disks->len; i++) {
    g_ptr_array_add (out->disk_tmp, NULL);
    g_ptr_array_add (out->disk_final, NULL);
  }
  return 0;
}

const struct ferry_output_module ferry_output_null = {
  .name = "null",
  .description = "convert and copy, but write nothing",
  .needs_storage = false,
  .p2v = true,
  .setup = null_setup,
};

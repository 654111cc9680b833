/* Fuzz target: the VMDK sparse header and descriptor parsers, and the
 * layout check, as ferry-v2v -it ssh runs them on a remote disk's first
 * bytes.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "parse-vmdk.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Every refusal says why, naming the file. */
static void
check_error (void)
{
  if (strstr (ferry_error_get (), "'fuzz.vmdk'") == NULL)
    __builtin_trap ();
}

static void
check_layout (const struct ferry_vmdk_descriptor *desc, bool sparse)
{
  const struct ferry_vmdk_extent *extent = NULL;

  if (ferry_vmdk_single_file (desc, sparse, "fuzz.vmdk", &extent) == -1) {
    check_error ();
    return;
  }
  if (sparse) {
    if (extent != NULL)
      __builtin_trap ();
    return;
  }
  /* One extent, in the descriptor, flat, a plain name in its folder. */
  if (extent == NULL || desc->extents->len != 1 ||
      desc->extents->pdata[0] != extent || extent->file == NULL ||
      strchr (extent->file, '/') != NULL || extent->offset != 0 ||
      (strcmp (extent->type, "FLAT") != 0 &&
       strcmp (extent->type, "VMFS") != 0) ||
      extent->sectors > UINT64_MAX / 512)
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (ferry_vmdk_descriptor) desc = NULL;
  uint64_t offset = 0, desc_size = 0;
  int sparse;

  sparse = ferry_vmdk_sparse_header (data, size, "fuzz.vmdk", &offset,
                                     &desc_size);
  if (sparse == -1)
    check_error ();
  else if (sparse == 1 &&
           (desc_size > FERRY_VMDK_MAX_DESCRIPTOR ||
            (desc_size > 0 && (offset == 0 || offset % 512 != 0))))
    __builtin_trap ();

  desc = ferry_vmdk_parse_descriptor ((const char *) data, size,
                                      "fuzz.vmdk");
  if (desc == NULL) {
    check_error ();
    return 0;
  }
  if (desc->extents->len > FERRY_VMDK_MAX_EXTENTS)
    __builtin_trap ();
  check_layout (desc, false);
  check_layout (desc, true);
  return 0;
}

/* Fuzz target: the VMX parser and the source model built from it, as
 * ferry-v2v -i vmx --print-source runs them on an untrusted .vmx.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "parse-vmx.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (ferry_vmx) vmx = ferry_vmx_parse ((const char *) data, size,
                                               "fuzz.vmx");
  g_autoptr (ferry_source) source = NULL;
  size_t i;

  if (vmx == NULL) {
    /* Every refusal says why, naming the file. */
    if (strstr (ferry_error_get (), "'fuzz.vmx'") == NULL)
      __builtin_trap ();
    return 0;
  }

  source = ferry_vmx_source (vmx, "/vms/fuzz", "fuzz");
  if (source == NULL) {
    if (strstr (ferry_error_get (), "'fuzz.vmx'") == NULL)
      __builtin_trap ();
    return 0;
  }

  /* The model's invariants. */
  if (source->name == NULL || source->vcpus == 0 ||
      source->sockets * source->cores != source->vcpus ||
      source->memory == 0)
    __builtin_trap ();
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];

    if (disk->location == NULL || disk->location[0] != '/' ||
        disk->target == NULL || disk->removable != FERRY_REMOVABLE_NONE)
      __builtin_trap ();
  }
  for (i = 0; i < source->removables->len; i++) {
    const struct ferry_source_disk *drive = source->removables->pdata[i];

    if (drive->removable == FERRY_REMOVABLE_NONE || drive->target == NULL ||
        (drive->location != NULL && drive->location[0] != '/'))
      __builtin_trap ();
  }

  /* Both printers, and the JSON is valid UTF-8 whatever the input. */
  {
    g_autofree char *text = ferry_source_describe (source, false);
    g_autofree char *json = ferry_source_describe (source, true);

    if (text == NULL || !g_utf8_validate (json, -1, NULL))
      __builtin_trap ();
  }
  return 0;
}

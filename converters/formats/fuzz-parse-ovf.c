/* Fuzz target: the OVF parser and the source model built from it, as
 * ferry-v2v -i ova runs them on the .ovf of an untrusted package.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "parse-ovf.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (ferry_ovf) ovf = ferry_ovf_parse ((const char *) data, size,
                                               "fuzz.ovf", "fuzz");
  const struct ferry_source *source;
  size_t i;

  if (ovf == NULL) {
    /* Every refusal says why, naming the file, on one line. */
    if (strstr (ferry_error_get (), "'fuzz.ovf'") == NULL ||
        strchr (ferry_error_get (), '\n') != NULL)
      __builtin_trap ();
    return 0;
  }

  /* The model's invariants. */
  source = ovf->source;
  if (source->name == NULL || source->vcpus == 0 || source->vcpus > 4096 ||
      source->memory < (UINT64_C (1) << 20) ||
      source->memory > (UINT64_C (16) << 40) ||
      (source->sockets != 0 &&
       source->sockets * source->cores != source->vcpus) ||
      source->firmware == FERRY_FIRMWARE_UNKNOWN ||
      source->disks->len > FERRY_OVF_MAX_DISKS ||
      ovf->disk_files->len != source->disks->len ||
      ovf->files->len > FERRY_OVF_MAX_FILES)
    __builtin_trap ();
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];
    const struct ferry_ovf_file *file = ovf->disk_files->pdata[i];

    if (disk->location == NULL || strcmp (disk->location, file->href) != 0 ||
        disk->removable != FERRY_REMOVABLE_NONE ||
        disk->virtual_size > INT64_MAX)
      __builtin_trap ();
  }
  for (i = 0; i < source->removables->len; i++) {
    const struct ferry_source_disk *drive = source->removables->pdata[i];

    if (drive->removable == FERRY_REMOVABLE_NONE || drive->location != NULL)
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

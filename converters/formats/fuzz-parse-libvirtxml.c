/* Fuzz target: the libvirt domain XML parser and the source model built
 * from it, as ferry-v2v -i libvirtxml --print-source runs them on an
 * untrusted XML file.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "parse-libvirtxml.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (ferry_source) source = NULL;
  size_t i;

  source = ferry_libvirtxml_parse ((const char *) data, size, "fuzz.xml",
                                   "/vms/fuzz");
  if (source == NULL) {
    /* Every refusal says why, naming the file. */
    if (strstr (ferry_error_get (), "'fuzz.xml'") == NULL)
      __builtin_trap ();
    return 0;
  }

  /* The model's invariants. */
  if (source->name == NULL || source->name[0] == '\0' ||
      source->vcpus == 0 || source->memory == 0 ||
      (source->sockets != 0 &&
       source->sockets * source->cores *
       (source->threads ? source->threads : 1) != source->vcpus))
    __builtin_trap ();
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];

    if (disk->location == NULL || disk->removable != FERRY_REMOVABLE_NONE)
      __builtin_trap ();
    /* A file name is absolute; an NBD URI always has a format, one qemu-img
     * takes as a single word, and no character a URI must not hold.
     */
    if (ferry_libvirtxml_is_uri (disk->location)) {
      if (disk->format == NULL || strpbrk (disk->format, ", =:/") != NULL ||
          strpbrk (disk->location, " \"<>\\^`{|}\n") != NULL)
        __builtin_trap ();
    }
    else if (disk->location[0] != '/')
      __builtin_trap ();
  }
  for (i = 0; i < source->removables->len; i++) {
    const struct ferry_source_disk *drive = source->removables->pdata[i];

    if (drive->removable == FERRY_REMOVABLE_NONE ||
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

/* Fuzz target: reading what "qemu-img info --output=json" and "qemu-img
 * measure --output=json" print (image.h).  The names in an image report
 * are chosen by whoever made the image (backing files, data files,
 * extents); the parser must read them all or refuse the report.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "image.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  struct ferry_image_info info;
  g_auto (ferry_image_refs) refs = { 0 };
  uint64_t required, fully;
  size_t i;

  if (ferry_image_parse_info (text, size, &info, &refs) == 0) {
    if (info.format == NULL || info.format[0] == '\0' || refs.name == NULL ||
        refs.images == NULL || refs.files == NULL ||
        info.virtual_size > INT64_MAX || info.allocated > INT64_MAX)
      __builtin_trap ();
    for (i = 0; refs.images[i] != NULL; i++)
      (void) ferry_image_name_is_plain (refs.images[i]);
    for (i = 0; refs.files[i] != NULL; i++)
      (void) ferry_image_name_is_plain (refs.files[i]);
    g_free (info.format);
  }
  else if (info.format != NULL || refs.name != NULL || refs.images != NULL ||
           refs.files != NULL)
    __builtin_trap ();

  if (ferry_image_parse_measure (text, size, &required, &fully) == 0 &&
      (required > INT64_MAX || fully > INT64_MAX))
    __builtin_trap ();
  ferry_error_clear ();
  return 0;
}

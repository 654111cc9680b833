/* Fuzz target: the "qemu-img info" parser, whose text carries names
 * chosen by whoever made the image (extents, backing files).
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "image.h"
#include "../common/banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  struct ferry_image_info info;
  char **refs = NULL;

  if (ferry_image_parse_info (text, &info, &refs) == 0) {
    if (info.format == NULL || refs == NULL)
      __builtin_trap ();
    g_free (info.format);
    g_strfreev (refs);
  }
  return 0;
}

/* Fuzz target: the "qemu-img info" parser, whose text carries names
 * chosen by whoever made the image (extents, backing files).
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "image.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  struct ferry_image_info info;
  char **images = NULL, **extents = NULL;
  size_t i;

  if (ferry_image_parse_info (text, &info, &images, &extents) == 0) {
    if (info.format == NULL || images == NULL || extents == NULL)
      __builtin_trap ();
    for (i = 0; images[i] != NULL; i++)
      (void) ferry_image_name_is_plain (images[i]);
    g_free (info.format);
    g_strfreev (images);
    g_strfreev (extents);
  }
  return 0;
}

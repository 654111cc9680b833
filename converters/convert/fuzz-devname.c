/* Fuzz target: device renaming over arbitrary guest file contents. */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "devname.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  size_t new_len = 0, count = 0, again_len = 0, again_count = 0;
  size_t ndisks = size > 0 ? data[0] : 1;
  char *out = ferry_devname_remap ((const char *) data, size, ndisks,
                                   &new_len, &count);

  if (out != NULL) {
    char *again;

    /* Renaming never changes the length: sd/hd become vd, xvd shrinks. */
    if (new_len > size || count == 0)
      __builtin_trap ();
    /* Once renamed, nothing is left to rename. */
    again = ferry_devname_remap (out, new_len, ndisks, &again_len,
                                 &again_count);
    if (again != NULL)
      __builtin_trap ();
    g_free (out);
  }
  else if (count != 0)
    __builtin_trap ();
  return 0;
}

/* ferry: the format and the allocation of the output disks
 * (output-format.h).
 */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "output-format.h"
#include "banned.h"

const char *const ferry_output_format_names[] = {
  [FERRY_FORMAT_RAW] = "raw",
  [FERRY_FORMAT_QCOW2] = "qcow2",
  NULL,
};

const char *const ferry_output_alloc_names[] = {
  [FERRY_ALLOC_SPARSE] = "sparse",
  [FERRY_ALLOC_PREALLOCATED] = "preallocated",
  NULL,
};

/* The index of TEXT in NAMES, or -1. */
static int
find (const char *const *names, const char *text)
{
  int i;

  for (i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], text) == 0)
      return i;
  return -1;
}

int
ferry_output_format_parse (const char *text, enum ferry_output_format *format)
{
  int i = find (ferry_output_format_names, text);

  if (i == -1)
    return -1;
  *format = i;
  return 0;
}

int
ferry_output_alloc_parse (const char *text, enum ferry_output_alloc *alloc)
{
  int i = find (ferry_output_alloc_names, text);

  if (i == -1)
    return -1;
  *alloc = i;
  return 0;
}

const char *
ferry_output_format_name (enum ferry_output_format format)
{
  g_assert ((size_t) format < G_N_ELEMENTS (ferry_output_format_names) - 1);
  return ferry_output_format_names[format];
}

const char *
ferry_output_alloc_name (enum ferry_output_alloc alloc)
{
  g_assert ((size_t) alloc < G_N_ELEMENTS (ferry_output_alloc_names) - 1);
  return ferry_output_alloc_names[alloc];
}

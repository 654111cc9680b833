/* ferry: the table of conversion modules (see convert.h). */

#include <config.h>

#include "convert.h"
#include "errors.h"
#include "banned.h"

const struct ferry_convert_module *const ferry_convert_modules[] = {
  &ferry_convert_linux_debian,
  NULL,
};

const struct ferry_convert_module *
ferry_convert_find (const struct ferry_inspection *inspection)
{
  size_t i;

  for (i = 0; ferry_convert_modules[i] != NULL; i++)
    if (ferry_convert_modules[i]->matches (inspection))
      return ferry_convert_modules[i];
  ferry_error ("cannot convert this guest (%s, %s %d.%d): "
               "ferry does not support this operating system yet",
               inspection->product_name ? inspection->product_name
               : inspection->type,
               inspection->distro, inspection->major, inspection->minor);
  return NULL;
}

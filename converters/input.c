/* ferry: the table of input modules (see input.h). */

#include <config.h>

#include <string.h>

#include "input.h"
#include "../common/errors.h"
#include "../common/banned.h"

const struct ferry_input_module *const ferry_input_modules[] = {
  &ferry_input_disk,
  &ferry_input_vmx,
  &ferry_input_libvirtxml,
  &ferry_input_ova,
  NULL,
};

const struct ferry_input_module *
ferry_input_lookup (const char *name)
{
  size_t i;

  for (i = 0; ferry_input_modules[i] != NULL; i++)
    if (strcmp (ferry_input_modules[i]->name, name) == 0)
      return ferry_input_modules[i];
  return NULL;
}

struct ferry_source *
ferry_input_open (const struct ferry_input_module *module,
                  const struct ferry_input_options *options,
                  char *const *args, size_t nargs)
{
  struct ferry_source *source;

  if (nargs < module->min_args) {
    ferry_error ("-i %s: missing argument: name the input after the options",
                 module->name);
    return NULL;
  }
  if (nargs > module->max_args) {
    ferry_error ("-i %s: too many arguments (at most %zu)",
                 module->name, module->max_args);
    return NULL;
  }
  source = module->open (options, args, nargs);
  if (source == NULL)
    return NULL;
  if (source->disks->len == 0 && !options->metadata_only) {
    ferry_source_free (source);
    ferry_error ("-i %s: the source has no disks", module->name);
    return NULL;
  }
  return source;
}

/* ferry: input modules.
 *
 * An input module turns what the user named on the command line (disk
 * images, a VMX file, ...) into a source model (source.h).  It reads only
 * the metadata it needs; guest data is read later, through the overlays.
 *
 * Each module is a const struct ferry_input_module filled with designated
 * initializers and listed once in the table in input.c.  The core reaches
 * modules only through ferry_input_lookup and ferry_input_open, which
 * check the arguments and word the errors.
 */
#ifndef FERRY_INPUT_H
#define FERRY_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

/* Options every input module may use. */
struct ferry_input_options {
  const char *format;      /* -if: format of the input disks, or NULL */
  bool metadata_only;      /* --print-source: build the model from the
                            * input's description alone where the module
                            * can (-i vmx opens no disk); a source with no
                            * disks is then not an error */
};

struct ferry_input_module {
  /* Mandatory: the name used with -i. */
  const char *name;

  /* Mandatory: one line for --help. */
  const char *description;

  /* How many arguments the module takes after the options. */
  size_t min_args, max_args;

  /* Mandatory.  Build the source model from ARGS (NARGS of them, already
   * checked against min_args/max_args).  Returns a new source, or NULL
   * with the error set.
   */
  struct ferry_source *(*open) (const struct ferry_input_options *options,
                                char *const *args, size_t nargs);
};

/* The module called NAME, or NULL. */
const struct ferry_input_module *ferry_input_lookup (const char *name);

/* All modules, NULL-terminated, in the order --machine-readable lists them. */
extern const struct ferry_input_module *const ferry_input_modules[];

/* Check NARGS and call MODULE->open. */
struct ferry_source *ferry_input_open (const struct ferry_input_module *module,
                                       const struct ferry_input_options *options,
                                       char *const *args, size_t nargs);

extern const struct ferry_input_module ferry_input_disk;
extern const struct ferry_input_module ferry_input_vmx;
extern const struct ferry_input_module ferry_input_libvirtxml;
extern const struct ferry_input_module ferry_input_ova;

#endif /* FERRY_INPUT_H */

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
  const char *conn;        /* -ic: the libvirt URI for modules that take
                            * one (takes_conn), or NULL for libvirt's
                            * default */
  const char *transport;   /* -it: how the input is reached, one of the
                            * module's transports, or NULL: local files */
  const char *password_file; /* -ip: the file holding the password for
                            * the transport, or NULL (needs -it) */
  const char *const *module_options; /* -io KEY=VALUE..., in order,
                            * NULL-terminated, or NULL; ferry_input_open
                            * checks each KEY against the module's
                            * accepted_options */
  const char *const *allowed_paths; /* --allow-path PATH..., NULL-
                            * terminated, or NULL: where the disks an
                            * input file names may be besides its own
                            * folder (confine.h); ferry_input_open
                            * refuses them for a module that does not
                            * confine_disks */
};

struct ferry_input_module {
  /* Mandatory: the name used with -i. */
  const char *name;

  /* Mandatory: one line for --help. */
  const char *description;

  /* How many arguments the module takes after the options. */
  size_t min_args, max_args;

  /* Does the module take -ic?  ferry_input_open refuses -ic otherwise. */
  bool takes_conn;

  /* Does the module keep the disks its input file names inside the
   * file's folder, but for --allow-path (confine.h)?  ferry_input_open
   * refuses --allow-path otherwise.
   */
  bool confines_disks;

  /* The transports (-it) the module can read its input over,
   * NULL-terminated; NULL: local files only.  ferry_input_open refuses
   * any other, and -ip without -it.
   */
  const char *const *transports;

  /* The keys of the -io KEY=VALUE options the module takes,
   * NULL-terminated; NULL: none.
   */
  const char *const *accepted_options;

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

/* Helpers for input modules. */

/* The guest name a file suggests: its base name without the extension,
 * in a new string.
 */
char *ferry_input_name_from_file (const char *file);

/* Read FILE whole into a new buffer (*LEN bytes, NUL-terminated),
 * refusing anything but a regular file of at most MAX bytes.  WHAT names
 * the kind of file expected ("a VMX file") in the error for a file too
 * large.  *LEN may come out at MAX + 1 when the file grew meanwhile: the
 * caller's parser refuses that.  NULL with the error set on failure.
 */
char *ferry_input_read_file (const char *file, size_t max, const char *what,
                             size_t *len);

/* Open local disk DISK for the conversion as -i disk does: resolve its
 * location to an absolute path without symlinks (which replaces the
 * location), probe it as FORMAT (NULL: the disk's format, or probe) with
 * ferry_image_probe, and fill in its format and virtual size.
 */
int ferry_input_probe_local_disk (struct ferry_source_disk *disk,
                                  const char *format);

/* Build the source model from libvirt domain XML: BUF, LEN bytes (what
 * -i libvirtxml reads from its file, or -i libvirt gets from libvirt),
 * parsed as parse-libvirtxml.h says (FILE names the text in errors, FOLDER is
 * where relative disk names are resolved), then, unless
 * OPTIONS->metadata_only, each hard disk opened for the conversion: a
 * file or block device as ferry_input_probe_local_disk does, an NBD
 * disk in its declared format.  With CONFINE every file and block disk
 * must first pass ferry_confine_disk for FILE and FOLDER, and
 * OPTIONS->allowed_paths (confine.h).  OPTIONS->format (-if) overrides
 * the XML's formats.  A new source, or NULL with the error set.
 * (input-libvirtxml.c)
 */
struct ferry_source *
ferry_input_libvirtxml_source (const char *buf, size_t len, const char *file,
                               const char *folder, bool confine,
                               const struct ferry_input_options *options);

/* Hold each local hard disk of SOURCE to the rule of confine.h: FILE (as
 * the user named it; WHAT says what it is, ".vmx") names them, FOLDER is
 * where its relative names are resolved, and OPTIONS->allowed_paths may
 * let others through.  NBD disks (ferry_libvirtxml_is_uri) are not
 * files and are left alone.  Each checked location is replaced by its
 * resolved path.  Returns 0, or -1 with the error set.
 */
int ferry_input_confine_disks (struct ferry_source *source, const char *file,
                               const char *what, const char *folder,
                               const struct ferry_input_options *options);

/* The value of the last -io KEY=VALUE in OPTIONS, or NULL. */
const char *ferry_input_option (const struct ferry_input_options *options,
                                const char *key);

extern const struct ferry_input_module ferry_input_disk;
extern const struct ferry_input_module ferry_input_vmx;
extern const struct ferry_input_module ferry_input_libvirtxml;
extern const struct ferry_input_module ferry_input_ova;
extern const struct ferry_input_module ferry_input_libvirt;

#endif /* FERRY_INPUT_H */

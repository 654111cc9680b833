/* ferry: output modules.
 *
 * An output module decides where the converted disks go and writes the
 * description of the new guest (libvirt XML, ...).  The core drives every
 * module the same way:
 *
 *   setup      check the options and the destination, before any slow work
 *   (copy)     the core copies disk I to disk_tmp[I] (or discards it when
 *              disk_tmp[I] is NULL)
 *   finalize   write the metadata and move every file to its final name
 *   abort      on any failure: remove whatever was written
 *
 * Files are written under temporary names and renamed only when all of
 * them are complete, so an interrupted run never leaves output that looks
 * finished.
 *
 * Modules are const struct ferry_output_module, listed once in output.c.
 */
#ifndef FERRY_OUTPUT_H
#define FERRY_OUTPUT_H

#include <stdbool.h>
#include <glib.h>

#include "source.h"
#include "target.h"

struct ferry_output_options {
  const char *storage;     /* -os */
  const char *format;      /* -of: "raw" or "qcow2"; NULL means raw */
  bool preallocated;       /* -oa preallocated */
  const char *name;        /* -on: the guest's new name, or NULL */
};

struct ferry_output;

struct ferry_output_module {
  /* Mandatory: the name used with -o. */
  const char *name;
  /* Mandatory: one line for --help. */
  const char *description;
  /* Does the module need -os? */
  bool needs_storage;

  /* Mandatory.  Check OUT->options and the destination, and fill
   * OUT->disk_tmp and OUT->disk_final (one entry per source disk; leave
   * them NULL to discard the data).  Returns 0 or -1 with the error set.
   */
  int (*setup) (struct ferry_output *out);

  /* Optional.  Write the metadata for the converted guest.  Called after
   * every disk is copied; the disks are still under their temporary names
   * and the metadata must name the final ones.  Writes under a temporary
   * name too and records it with ferry_output_add_file.
   */
  int (*write_metadata) (struct ferry_output *out,
                         const struct ferry_target *target);
};

struct ferry_output {
  const struct ferry_output_module *module;
  struct ferry_output_options options;
  const struct ferry_source *source;
  char *name;              /* the guest's name in the output */
  char *dir;               /* the output folder (realpath), if any */
  char *format;            /* the disks' format */
  GPtrArray *disk_tmp;     /* char *, one per disk; NULL entries discard */
  GPtrArray *disk_final;   /* char *, one per disk */
  GPtrArray *files_tmp;    /* other files written: temporary names ... */
  GPtrArray *files_final;  /* ... and final names */
};

extern const struct ferry_output_module *const ferry_output_modules[];
const struct ferry_output_module *ferry_output_lookup (const char *name);

/* Create the output state and run the module's setup.  NULL on error. */
struct ferry_output *ferry_output_setup (const struct ferry_output_module *m,
                                         const struct ferry_output_options *o,
                                         const struct ferry_source *source);

/* Write the metadata, then rename every temporary file to its final
 * name (the metadata last).  On error everything written is removed.
 */
int ferry_output_finalize (struct ferry_output *out,
                           const struct ferry_target *target);

/* Remove every temporary file; free OUT.  Safe after finalize. */
void ferry_output_free (struct ferry_output *out);
typedef struct ferry_output ferry_output;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_output, ferry_output_free)

/* Record a file written under TMP that becomes FINAL (takes both). */
void ferry_output_add_file (struct ferry_output *out, char *tmp, char *final);

/* Helpers for modules that write to a local folder. */

/* Check that DIR is an existing folder ferry can write into (by creating
 * and removing a file there).  The error names DIR and the -os option.
 */
int ferry_output_check_dir (const char *dir);

/* "DIR/.BASE.part" and "DIR/BASE": a temporary and a final file name.
 * Fails, with an error that says what to do, when either exists already:
 * ferry never replaces a guest's files, nor those of a run in progress.
 */
int ferry_output_paths (const char *dir, const char *base,
                        char **tmp, char **final);

/* Write TEXT to TMP (created 0644, fsync'd).  The error names FINAL. */
int ferry_output_write_file (const char *tmp, const char *final,
                             const char *text, size_t len);

extern const struct ferry_output_module ferry_output_local;
extern const struct ferry_output_module ferry_output_null;

#endif /* FERRY_OUTPUT_H */

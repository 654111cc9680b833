/* ferry: output modules.
 *
 * An output module decides where the converted disks go and writes the
 * description of the new guest (libvirt XML, ...).  The core drives every
 * module the same way:
 *
 *   setup      check the options and the destination, before any slow work
 *   (copy)     the core copies disk I to disk_tmp[I] (or discards it when
 *              disk_tmp[I] is NULL)
 *   finalize   write the metadata and move every file to its final name,
 *              then publish the output where the module must (-o libvirt
 *              defines the domain)
 *   finished   optional: act on the complete output (-oo qemu-boot)
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
#include <sys/types.h>
#include <glib.h>

#include "outdir.h"
#include "output-format.h"
#include "source.h"
#include "target.h"

struct ferry_output_options {
  const char *storage;     /* -os */
  enum ferry_output_format format; /* -of */
  enum ferry_output_alloc alloc;   /* -oa */
  const char *name;        /* -on: the guest's new name, or NULL */
  const char *conn;        /* -oc: the libvirt URI for modules that take
                            * one (takes_conn), or NULL for libvirt's
                            * default */
  const char *const *module_options; /* -oo OPTION..., NULL-terminated, or
                            * NULL; ferry_output_setup checks each against
                            * the module's accepted_options */
};

struct ferry_output;

struct ferry_output_module {
  /* Mandatory: the name used with -o. */
  const char *name;
  /* Mandatory: one line for --help. */
  const char *description;
  /* Does the module need -os? */
  bool needs_storage;
  /* The -oo options the module takes, NULL-terminated; NULL: none. */
  const char *const *accepted_options;
  /* Does the module take -oc?  ferry_output_setup refuses it otherwise. */
  bool takes_conn;
  /* May a P2V client choose the module?  ferry-p2v-server offers these
   * in its capabilities and refuses the others in a description.  The
   * server confines every job to its output root, so only modules that
   * write nothing but files in the -os folder (or nothing at all) qualify:
   * -o libvirt needs a libvirt connection on the server and puts the
   * guest in a storage pool and libvirt's list of domains.
   */
  bool p2v;

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

  /* Optional.  Called by finalize once every file is under its final
   * name, to hand the output over to where it goes (-o libvirt refreshes
   * the storage pool and defines the domain).  Returns 0, or -1 with the
   * error set after undoing whatever it did; finalize then removes the
   * files as on any failure.
   */
  int (*publish) (struct ferry_output *out,
                  const struct ferry_target *target);

  /* Optional.  Release OUT->module_data (and whatever the module still
   * holds: connections, temporary files that are not in disk_tmp or
   * files_tmp).  Called by ferry_output_free, after a failed setup too,
   * once the temporary files are removed.
   */
  void (*close) (struct ferry_output *out);

  /* Optional.  Called once the output is complete (every file under its
   * final name), for what the user asked to do with it, such as booting
   * the guest.  A failure fails the run but leaves the output in place.
   */
  int (*finished) (struct ferry_output *out);
};

struct ferry_output {
  const struct ferry_output_module *module;
  struct ferry_output_options options;
  const struct ferry_source *source;
  char *name;              /* the guest's name in the output */
  char *dir;               /* the output folder (realpath), if any */
  struct ferry_outdir *outdir; /* the same, opened and locked (outdir.h),
                            * by ferry_output_open_dir; NULL for modules
                            * that write no local files */
  GPtrArray *disk_tmp;     /* char *, one per disk; NULL entries discard */
  GPtrArray *disk_final;   /* char *, one per disk */
  GArray *disk_fd;         /* int, one per disk: the open temporary file,
                            * or -1 */
  GPtrArray *files_tmp;    /* other files written: temporary names ... */
  GPtrArray *files_final;  /* ... and final names */
  GArray *files_fd;        /* ... and their open descriptors (int) */
  void *module_data;       /* the module's own state, or NULL (see close) */
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

/* Run the module's finished callback, if any, after a successful
 * finalize.  Returns 0 or -1 with the error set.
 */
int ferry_output_finished (struct ferry_output *out);

/* Remove every temporary file; free OUT.  Safe after finalize. */
void ferry_output_free (struct ferry_output *out);
typedef struct ferry_output ferry_output;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_output, ferry_output_free)

/* Record a file written under TMP that becomes FINAL (takes both), open
 * as FD (taken; -1 if it is not open).
 */
void ferry_output_add_file (struct ferry_output *out, char *tmp, char *final,
                            int fd);

/* Did the user give -oo NAME? */
bool ferry_output_has_option (const struct ferry_output *out,
                              const char *name);

/* Helpers for modules that write to a local folder.
 *
 * Every file goes through outdir.h: the folder is opened once and locked
 * for the guest's name, each file is created by ferry with O_EXCL and
 * O_NOFOLLOW under a temporary name (".BASE.part") and handed to the
 * program that fills it as /proc/PID/fd/N, and finalize gives it its name
 * with RENAME_NOREPLACE after checking it is still the file ferry made.
 */

/* Open PATH as the output folder (WHAT names it in messages: "-os
 * '/srv'") and lock the guest's name in it (ferry_outdir_lock): a second
 * conversion of the same name into the same folder is refused here.
 * Sets OUT->outdir and OUT->dir.  Returns 0 or -1 with the error set.
 */
int ferry_output_open_dir (struct ferry_output *out, const char *path,
                           const char *what);

/* Add the next disk, to be named BASE in the output folder: fails if BASE
 * exists, else creates ".BASE.part" (removing one a killed run left)
 * and records it in disk_tmp, disk_final and disk_fd.
 */
int ferry_output_add_disk (struct ferry_output *out, const char *base);

/* The setup of the modules that write disks the way -o local does: open
 * and lock the -os folder (ferry_output_open_dir), then add each disk as
 * NAME-sda, NAME-sdb, ... (in source order, the names virt-v2v uses).
 * METADATA is the NULL-terminated list of suffixes of the files
 * write_metadata will write (".xml" for NAME.xml): they are checked now,
 * not after the copy, so that a name already taken fails the run early.
 * Returns 0 or -1 with the error set.
 */
int ferry_output_local_disks (struct ferry_output *out,
                              const char *const *metadata);

/* Write TEXT as the metadata file NAME+SUFFIX (".xml", ".sh") of the
 * output folder under its temporary name, recorded with
 * ferry_output_add_file so that finalize renames it; MODE is its
 * permission bits (0644, or 0755 for a script).  Returns 0 or -1 with the
 * error set.
 */
int ferry_output_write_metadata_file (struct ferry_output *out,
                                      const char *suffix, const char *text,
                                      mode_t mode);

/* The texts -o qemu and -o json write, exposed for their unit test.
 * Guest NAME's disk I is the file DISKS[I] (NULL-terminated) in format
 * FORMAT.  They return new strings and cannot fail.
 */

/* A bash script that boots the guest with qemu (output-qemu.c).  DIR is
 * the output folder, where a UEFI guest keeps its variable store
 * (NAME-VARS.fd, copied from OVMF's template on the first boot).  Every
 * file name, the guest's name and anything else that came from the
 * source or the guest is quoted for the shell and for qemu's option
 * syntax.
 */
char *ferry_output_qemu_script (const char *name, const char *dir,
                                const struct ferry_source *source,
                                const struct ferry_target *target,
                                char *const *disks, const char *format);

/* A JSON object describing the converted guest (output-json.c); the
 * fields are documented in ferry-v2v(1), under -o json.
 */
char *ferry_output_json_describe (const char *name,
                                  const struct ferry_source *source,
                                  const struct ferry_target *target,
                                  char *const *disks, const char *format);

/* A KubeVirt VirtualMachine in YAML (output-kubevirt.c), for a guest whose
 * disk I is the raw file DISKS[I] (NULL-terminated), with the NICs of
 * TARGET->nics; the fields are documented in ferry-v2v(1), under
 * -o kubevirt.  Every string is a double-quoted YAML scalar in ASCII, so
 * the document parses whatever the source or the guest held.
 */
char *ferry_output_kubevirt_yaml (const char *name,
                                  const struct ferry_source *source,
                                  const struct ferry_target *target,
                                  char *const *disks);

/* NAME as a Kubernetes object name (a DNS-1123 label): letters and digits
 * lower-cased, every run of other characters one '-' between them, at
 * most 63 characters, "guest" when nothing is left.  A new string.
 */
char *ferry_output_kubevirt_name (const char *name);

extern const struct ferry_output_module ferry_output_local;
extern const struct ferry_output_module ferry_output_null;
extern const struct ferry_output_module ferry_output_qemu;
extern const struct ferry_output_module ferry_output_json;
extern const struct ferry_output_module ferry_output_libvirt;
extern const struct ferry_output_module ferry_output_kubevirt;

#endif /* FERRY_OUTPUT_H */

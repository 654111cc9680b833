/* ferry: the table of output modules and their common steps (output.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "devname.h"
#include "errors.h"
#include "outdir.h"
#include "tempfiles.h"
#include "text.h"
#include "banned.h"

const struct ferry_output_module *const ferry_output_modules[] = {
  &ferry_output_local,
  &ferry_output_null,
  &ferry_output_qemu,
  &ferry_output_json,
  &ferry_output_libvirt,
  &ferry_output_kubevirt,
  NULL,
};

const struct ferry_output_module *
ferry_output_lookup (const char *name)
{
  size_t i;

  for (i = 0; ferry_output_modules[i] != NULL; i++)
    if (strcmp (ferry_output_modules[i]->name, name) == 0)
      return ferry_output_modules[i];
  return NULL;
}

/* Is every -oo option one the module takes? */
static int
check_module_options (const struct ferry_output_module *module,
                      const char *const *options)
{
  size_t i;

  for (i = 0; options != NULL && options[i] != NULL; i++) {
    const char *const *accepted = module->accepted_options;
    g_autofree char *list = NULL;

    if (accepted != NULL && g_strv_contains (accepted, options[i]))
      continue;
    if (accepted == NULL || accepted[0] == NULL)
      ferry_error ("-oo '%s': -o %s takes no -oo option", options[i],
                   module->name);
    else {
      list = g_strjoinv (", ", (char **) accepted);
      ferry_error ("-oo '%s': not an option of -o %s (it takes: %s)",
                   options[i], module->name, list);
    }
    return -1;
  }
  return 0;
}

struct ferry_output *
ferry_output_setup (const struct ferry_output_module *module,
                    const struct ferry_output_options *options,
                    const struct ferry_source *source)
{
  g_autoptr (ferry_output) out = g_new0 (struct ferry_output, 1);
  size_t i;

  if (module->needs_storage &&
      (options->storage == NULL || options->storage[0] == '\0')) {
    ferry_error ("-o %s needs -os: name the output folder", module->name);
    return NULL;
  }
  if (check_module_options (module, options->module_options) == -1)
    return NULL;
  if (options->conn != NULL && !module->takes_conn) {
    ferry_error ("-oc '%s': -o %s takes no -oc (it is for -o libvirt)",
                 options->conn, module->name);
    return NULL;
  }
  out->module = module;
  out->options = *options;
  out->source = source;
  out->name = g_strdup (options->name ? options->name : source->name);
  out->disk_tmp = g_ptr_array_new_with_free_func (g_free);
  out->disk_final = g_ptr_array_new_with_free_func (g_free);
  out->files_tmp = g_ptr_array_new_with_free_func (g_free);
  out->files_final = g_ptr_array_new_with_free_func (g_free);
  out->disk_fd = g_array_new (FALSE, FALSE, sizeof (int));
  out->files_fd = g_array_new (FALSE, FALSE, sizeof (int));

  /* The name becomes file names, a libvirt name, YAML and JSON: a
   * name that came from the source without -on says how to change it.
   */
  if (!ferry_name_check (options->name ? "-on" : "the guest's name",
                         out->name)) {
    if (options->name == NULL) {
      g_autofree char *why = g_strdup (ferry_error_get ());
      ferry_error ("%s (rename the guest with -on)", why);
    }
    return NULL;
  }
  if (module->setup (out) == -1)
    return NULL;
  g_assert (out->disk_tmp->len == source->disks->len);
  g_assert (out->disk_final->len == source->disks->len);
  while (out->disk_fd->len < out->disk_tmp->len) {
    int none = -1;
    g_array_append_val (out->disk_fd, none);
  }
  for (i = 0; i < out->disk_tmp->len; i++)
    if (out->disk_tmp->pdata[i] != NULL &&
        ferry_tempfile_register (out->disk_tmp->pdata[i], false) == -1)
      return NULL;
  return g_steal_pointer (&out);
}

void
ferry_output_add_file (struct ferry_output *out, char *tmp, char *final,
                       int fd)
{
  /* A full table only loses the clean-up on a signal: not worth failing. */
  if (ferry_tempfile_register (tmp, false) == -1)
    ferry_error_clear ();
  g_ptr_array_add (out->files_tmp, tmp);
  g_ptr_array_add (out->files_final, final);
  g_array_append_val (out->files_fd, fd);
}

/* The name of PATH, a file of the output folder, in the folder. */
static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash ? slash + 1 : path;
}

/* Remove the temporary files still there and close every descriptor. */
static void
remove_tmp (struct ferry_output *out, GPtrArray *paths, GArray *fds)
{
  size_t i;

  for (i = 0; i < paths->len; i++) {
    int fd = i < fds->len ? g_array_index (fds, int, i) : -1;

    if (paths->pdata[i] != NULL) {
      if (out->outdir != NULL)
        ferry_outdir_unlink (out->outdir, base_name (paths->pdata[i]), fd);
      else
        unlink (paths->pdata[i]);
      ferry_tempfile_unregister (paths->pdata[i]);
    }
    if (fd >= 0)
      close (fd);
  }
}

/* TMP was renamed: it is no longer a temporary file. */
static void
forget_tmp (GPtrArray *paths, size_t i)
{
  ferry_tempfile_unregister (paths->pdata[i]);
  g_free (paths->pdata[i]);
  paths->pdata[i] = NULL;
}

/* Give file I of TMP its name in FINAL. */
static int
place (struct ferry_output *out, GPtrArray *tmp, GPtrArray *final,
       GArray *fds, size_t i)
{
  const char *from = tmp->pdata[i], *to = final->pdata[i];

  if (out->outdir != NULL) {
    if (ferry_outdir_rename (out->outdir, base_name (from), base_name (to),
                             g_array_index (fds, int, i)) == -1)
      return -1;
  }
  else if (rename (from, to) == -1) {
    ferry_error_errno (errno, "cannot rename '%s' to '%s'", from, to);
    return -1;
  }
  forget_tmp (tmp, i);
  /* Done with it: a file still open for writing cannot be run (-oo
   * qemu-boot runs the script).  unplace finds it by name.
   */
  if (g_array_index (fds, int, i) >= 0)
    close (g_array_index (fds, int, i));
  g_array_index (fds, int, i) = -1;
  return 0;
}

/* Remove FINAL[I] if it was placed (its TMP entry is gone). */
static void
unplace (struct ferry_output *out, GPtrArray *tmp, GPtrArray *final,
         GArray *fds, size_t i)
{
  if (tmp->pdata[i] != NULL || final->pdata[i] == NULL)
    return;
  if (out->outdir != NULL)
    ferry_outdir_unlink (out->outdir, base_name (final->pdata[i]),
                         g_array_index (fds, int, i));
  else
    unlink (final->pdata[i]);
}

int
ferry_output_finalize (struct ferry_output *out,
                       const struct ferry_target *target)
{
  size_t i;

  if (out->module->write_metadata != NULL &&
      out->module->write_metadata (out, target) == -1)
    return -1;

  /* Disks first, the metadata last: a description never names a disk
   * that is not there yet.
   */
  for (i = 0; i < out->disk_tmp->len; i++) {
    if (out->disk_tmp->pdata[i] == NULL)
      continue;
    if (place (out, out->disk_tmp, out->disk_final, out->disk_fd, i) == -1)
      goto fail;
  }
  for (i = 0; i < out->files_tmp->len; i++)
    if (place (out, out->files_tmp, out->files_final, out->files_fd, i) == -1)
      goto fail;
  if (out->module->publish != NULL &&
      out->module->publish (out, target) == -1)
    goto fail;
  return 0;

 fail:
  /* Undo what was already renamed: a partial result must not stay. */
  for (i = 0; i < out->disk_tmp->len; i++)
    unplace (out, out->disk_tmp, out->disk_final, out->disk_fd, i);
  for (i = 0; i < out->files_tmp->len; i++)
    unplace (out, out->files_tmp, out->files_final, out->files_fd, i);
  return -1;
}

int
ferry_output_finished (struct ferry_output *out)
{
  if (out->module->finished == NULL)
    return 0;
  return out->module->finished (out);
}

bool
ferry_output_has_option (const struct ferry_output *out, const char *name)
{
  const char *const *options = out->options.module_options;

  return options != NULL && g_strv_contains (options, name);
}

void
ferry_output_free (struct ferry_output *out)
{
  if (out == NULL)
    return;
  if (out->disk_tmp) {
    remove_tmp (out, out->disk_tmp, out->disk_fd);
    g_ptr_array_unref (out->disk_tmp);
  }
  if (out->files_tmp) {
    remove_tmp (out, out->files_tmp, out->files_fd);
    g_ptr_array_unref (out->files_tmp);
  }
  /* The lock on the name goes with the folder, once no temporary file
   * is left (before close: -o libvirt removes its private folder there).
   */
  ferry_outdir_free (out->outdir);
  out->outdir = NULL;
  if (out->module != NULL && out->module->close != NULL)
    out->module->close (out);
  if (out->disk_final)
    g_ptr_array_unref (out->disk_final);
  if (out->files_final)
    g_ptr_array_unref (out->files_final);
  if (out->disk_fd)
    g_array_unref (out->disk_fd);
  if (out->files_fd)
    g_array_unref (out->files_fd);
  g_free (out->name);
  g_free (out->dir);
  g_free (out);
}

int
ferry_output_open_dir (struct ferry_output *out, const char *path,
                       const char *what)
{
  g_assert (out->outdir == NULL);
  out->outdir = ferry_outdir_open (path, what);
  if (out->outdir == NULL)
    return -1;
  if (ferry_outdir_lock (out->outdir, out->name) == -1)
    return -1;
  g_free (out->dir);
  out->dir = g_strdup (out->outdir->path);
  return 0;
}

/* Fail when BASE, a final name, is taken in the output folder. */
static int
check_free_name (struct ferry_output *out, const char *base)
{
  if (ferry_outdir_exists (out->outdir, base)) {
    ferry_error ("'%s/%s' already exists: remove it, or name the guest "
                 "differently with -on", out->dir, base);
    return -1;
  }
  return 0;
}

int
ferry_output_add_disk (struct ferry_output *out, const char *base)
{
  g_autofree char *hidden = g_strconcat (".", base, ".part", NULL);
  int fd;

  if (check_free_name (out, base) == -1)
    return -1;
  /* The lock is held: a .part file of ours is a killed run's. */
  fd = ferry_outdir_create (out->outdir, hidden, 0644, true);
  if (fd == -1)
    return -1;
  g_ptr_array_add (out->disk_tmp, g_build_filename (out->dir, hidden, NULL));
  g_ptr_array_add (out->disk_final, g_build_filename (out->dir, base, NULL));
  g_array_append_val (out->disk_fd, fd);
  return 0;
}

int
ferry_output_local_disks (struct ferry_output *out,
                          const char *const *metadata)
{
  g_autofree char *what = g_strdup_printf ("-os '%s'", out->options.storage);
  size_t i;

  if (ferry_output_open_dir (out, out->options.storage, what) == -1)
    return -1;
  for (i = 0; metadata[i] != NULL; i++) {
    g_autofree char *base = g_strconcat (out->name, metadata[i], NULL);

    if (check_free_name (out, base) == -1)
      return -1;
  }
  for (i = 0; i < out->source->disks->len; i++) {
    g_autofree char *letters = ferry_devname_letters (i);
    g_autofree char *base = g_strconcat (out->name, "-sd", letters, NULL);

    if (ferry_output_add_disk (out, base) == -1)
      return -1;
  }
  return 0;
}

/* Write all of TEXT to FD; the error names FINAL. */
static int
write_all (int fd, const char *final, const char *text, size_t len)
{
  size_t done = 0;

  while (done < len) {
    ssize_t n = write (fd, text + done, len - done);
    if (n == -1) {
      if (errno == EINTR)
        continue;
      ferry_error_errno (errno, "cannot write '%s'", final);
      return -1;
    }
    done += n;
  }
  if (fsync (fd) == -1) {
    ferry_error_errno (errno, "cannot write '%s'", final);
    return -1;
  }
  return 0;
}

int
ferry_output_write_metadata_file (struct ferry_output *out, const char *suffix,
                                  const char *text, mode_t mode)
{
  g_autofree char *base = g_strconcat (out->name, suffix, NULL);
  g_autofree char *hidden = g_strconcat (".", base, ".part", NULL);
  int fd;

  g_assert (out->outdir != NULL);
  if (check_free_name (out, base) == -1)
    return -1;
  fd = ferry_outdir_create (out->outdir, hidden, 0600, true);
  if (fd == -1)
    return -1;
  ferry_output_add_file (out, g_build_filename (out->dir, hidden, NULL),
                         g_build_filename (out->dir, base, NULL), fd);
  if (write_all (fd, out->files_final->pdata[out->files_final->len - 1],
                 text, strlen (text)) == -1)
    return -1;
  /* The file was made 0600, whatever the umask; it gets MODE now. */
  if (fchmod (fd, mode & 0777) == -1) {
    ferry_error_errno (errno, "cannot set the mode of '%s/%s'", out->dir,
                       base);
    return -1;
  }
  return 0;
}

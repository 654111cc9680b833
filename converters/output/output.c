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
#include "tempfiles.h"
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

  if (out->name[0] == '\0' || strchr (out->name, '/') != NULL ||
      out->name[0] == '.') {
    ferry_error ("'%s' cannot be a guest name: it must not be empty, start "
                 "with '.' or hold '/' (rename it with -on)", out->name);
    return NULL;
  }
  if (module->setup (out) == -1)
    return NULL;
  g_assert (out->disk_tmp->len == source->disks->len);
  g_assert (out->disk_final->len == source->disks->len);
  for (i = 0; i < out->disk_tmp->len; i++)
    if (out->disk_tmp->pdata[i] != NULL &&
        ferry_tempfile_register (out->disk_tmp->pdata[i], false) == -1)
      return NULL;
  return g_steal_pointer (&out);
}

void
ferry_output_add_file (struct ferry_output *out, char *tmp, char *final)
{
  /* A full table only loses the clean-up on a signal: not worth failing. */
  if (ferry_tempfile_register (tmp, false) == -1)
    ferry_error_clear ();
  g_ptr_array_add (out->files_tmp, tmp);
  g_ptr_array_add (out->files_final, final);
}

static void
remove_tmp (GPtrArray *paths)
{
  size_t i;

  for (i = 0; i < paths->len; i++) {
    if (paths->pdata[i] != NULL) {
      unlink (paths->pdata[i]);
      ferry_tempfile_unregister (paths->pdata[i]);
    }
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
    const char *tmp = out->disk_tmp->pdata[i];
    const char *final = out->disk_final->pdata[i];

    if (tmp == NULL)
      continue;
    if (rename (tmp, final) == -1) {
      ferry_error_errno (errno, "cannot rename '%s' to '%s'", tmp, final);
      goto fail;
    }
    forget_tmp (out->disk_tmp, i);
  }
  for (i = 0; i < out->files_tmp->len; i++) {
    const char *tmp = out->files_tmp->pdata[i];
    const char *final = out->files_final->pdata[i];

    if (rename (tmp, final) == -1) {
      ferry_error_errno (errno, "cannot rename '%s' to '%s'", tmp, final);
      goto fail;
    }
    forget_tmp (out->files_tmp, i);
  }
  if (out->module->publish != NULL &&
      out->module->publish (out, target) == -1)
    goto fail;
  return 0;

 fail:
  /* Undo what was already renamed: a partial result must not stay. */
  for (i = 0; i < out->disk_tmp->len; i++)
    if (out->disk_tmp->pdata[i] == NULL && out->disk_final->pdata[i] != NULL)
      unlink (out->disk_final->pdata[i]);
  for (i = 0; i < out->files_tmp->len; i++)
    if (out->files_tmp->pdata[i] == NULL)
      unlink (out->files_final->pdata[i]);
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
    remove_tmp (out->disk_tmp);
    g_ptr_array_unref (out->disk_tmp);
  }
  if (out->files_tmp) {
    remove_tmp (out->files_tmp);
    g_ptr_array_unref (out->files_tmp);
  }
  if (out->module != NULL && out->module->close != NULL)
    out->module->close (out);
  if (out->disk_final)
    g_ptr_array_unref (out->disk_final);
  if (out->files_final)
    g_ptr_array_unref (out->files_final);
  g_free (out->name);
  g_free (out->dir);
  g_free (out);
}

int
ferry_output_check_dir (const char *dir)
{
  struct stat st;
  g_autofree char *probe = NULL;
  int fd;

  if (stat (dir, &st) == -1) {
    ferry_error_errno (errno, "-os '%s': cannot use the output folder", dir);
    return -1;
  }
  if (!S_ISDIR (st.st_mode)) {
    ferry_error ("-os '%s': the output folder is not a folder", dir);
    return -1;
  }
  probe = g_build_filename (dir, ".ferry-probe-XXXXXX", NULL);
  fd = g_mkstemp (probe);
  if (fd == -1) {
    ferry_error_errno (errno, "-os '%s': cannot write in the output folder",
                       dir);
    return -1;
  }
  close (fd);
  unlink (probe);
  return 0;
}

int
ferry_output_local_disks (struct ferry_output *out,
                          const char *const *metadata)
{
  char *tmp, *final;
  size_t i;

  if (ferry_output_check_dir (out->options.storage) == -1)
    return -1;
  out->dir = realpath (out->options.storage, NULL);
  if (out->dir == NULL) {
    ferry_error_errno (errno, "-os '%s': cannot use the output folder",
                       out->options.storage);
    return -1;
  }
  for (i = 0; i < out->source->disks->len; i++) {
    g_autofree char *letters = ferry_devname_letters (i);
    g_autofree char *base = g_strconcat (out->name, "-sd", letters, NULL);

    if (ferry_output_paths (out->dir, base, &tmp, &final) == -1)
      return -1;
    g_ptr_array_add (out->disk_tmp, tmp);
    g_ptr_array_add (out->disk_final, final);
  }
  for (i = 0; metadata[i] != NULL; i++) {
    g_autofree char *base = g_strconcat (out->name, metadata[i], NULL);

    if (ferry_output_paths (out->dir, base, &tmp, &final) == -1)
      return -1;
    g_free (tmp);
    g_free (final);
  }
  return 0;
}

int
ferry_output_paths (const char *dir, const char *base, char **tmp,
                    char **final)
{
  g_autofree char *hidden = g_strconcat (".", base, ".part", NULL);
  g_autofree char *t = g_build_filename (dir, hidden, NULL);
  g_autofree char *f = g_build_filename (dir, base, NULL);

  if (g_file_test (f, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
    ferry_error ("'%s' already exists: remove it, or name the guest "
                 "differently with -on", f);
    return -1;
  }
  if (g_file_test (t, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
    ferry_error ("'%s' exists: another conversion is writing there, or one "
                 "was killed (then remove the file)", t);
    return -1;
  }
  *tmp = g_steal_pointer (&t);
  *final = g_steal_pointer (&f);
  return 0;
}

int
ferry_output_write_file (const char *tmp, const char *final,
                         const char *text, size_t len)
{
  int fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                 0644);
  size_t done = 0;

  if (fd == -1) {
    ferry_error_errno (errno, "cannot write '%s'", final);
    return -1;
  }
  while (done < len) {
    ssize_t n = write (fd, text + done, len - done);
    if (n == -1) {
      if (errno == EINTR)
        continue;
      ferry_error_errno (errno, "cannot write '%s'", final);
      close (fd);
      unlink (tmp);
      return -1;
    }
    done += n;
  }
  if (fsync (fd) == -1) {
    ferry_error_errno (errno, "cannot write '%s'", final);
    close (fd);
    unlink (tmp);
    return -1;
  }
  if (close (fd) == -1) {
    ferry_error_errno (errno, "cannot write '%s'", final);
    unlink (tmp);
    return -1;
  }
  return 0;
}

int
ferry_output_write_metadata_file (struct ferry_output *out, const char *suffix,
                                  const char *text, mode_t mode)
{
  g_autofree char *base = g_strconcat (out->name, suffix, NULL);
  char *tmp, *final;

  if (ferry_output_paths (out->dir, base, &tmp, &final) == -1)
    return -1;
  ferry_output_add_file (out, tmp, final);
  if (ferry_output_write_file (tmp, final, text, strlen (text)) == -1)
    return -1;
  /* rename keeps the mode. */
  if ((mode & 0777) != 0644 && chmod (tmp, mode) == -1) {
    ferry_error_errno (errno, "cannot set the mode of '%s'", final);
    return -1;
  }
  return 0;
}

/* ferry: overlays over the source disks (see overlay.h). */

#include <config.h>

#include <errno.h>
#include <unistd.h>

#include "overlay.h"
#include "command.h"
#include "errors.h"
#include "tempfiles.h"
#include "banned.h"

struct ferry_overlays *
ferry_overlays_create (const struct ferry_source *source)
{
  g_autoptr (ferry_overlays) overlays = g_new0 (struct ferry_overlays, 1);
  const char *tmpdir = g_getenv ("TMPDIR");
  g_autofree char *template = NULL;
  size_t i;

  overlays->paths = g_ptr_array_new_with_free_func (g_free);
  template = g_build_filename (tmpdir && *tmpdir ? tmpdir : "/var/tmp",
                               "ferry.XXXXXX", NULL);
  overlays->dir = g_mkdtemp (template);
  if (overlays->dir == NULL) {
    ferry_error_errno (errno, "cannot create a temporary folder in '%s'",
                       tmpdir && *tmpdir ? tmpdir : "/var/tmp");
    return NULL;
  }
  g_steal_pointer (&template);
  if (ferry_tempfile_register (overlays->dir, true) == -1)
    return NULL;

  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];
    g_autofree char *name = g_strdup_printf ("overlay-%zu.qcow2", i);
    g_autofree char *path = g_build_filename (overlays->dir, name, NULL);
    const char *argv[] = {
      "qemu-img", "create", "-q", "-f", "qcow2",
      "-o", "compat=1.1",
      "-b", disk->location, "-F", disk->format,
      path, NULL,
    };

    if (ferry_tempfile_register (path, false) == -1)
      return NULL;
    g_ptr_array_add (overlays->paths, g_steal_pointer (&path));
    if (ferry_command_run_ok (argv, NULL) == -1) {
      ferry_error_prefix ("cannot create an overlay over '%s'",
                          disk->location);
      return NULL;
    }
  }
  g_ptr_array_add (overlays->paths, NULL);
  return g_steal_pointer (&overlays);
}

void
ferry_overlays_free (struct ferry_overlays *overlays)
{
  size_t i;

  if (overlays == NULL)
    return;
  if (overlays->paths != NULL) {
    for (i = 0; i < overlays->paths->len; i++) {
      if (overlays->paths->pdata[i] != NULL) {
        unlink (overlays->paths->pdata[i]);
        ferry_tempfile_unregister (overlays->paths->pdata[i]);
      }
    }
    g_ptr_array_unref (overlays->paths);
  }
  if (overlays->dir != NULL) {
    rmdir (overlays->dir);
    ferry_tempfile_unregister (overlays->dir);
  }
  g_free (overlays->dir);
  g_free (overlays);
}

/* ferry: disk image facts from qemu-img (see image.h). */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "image.h"
#include "../common/command.h"
#include "../common/errors.h"
#include "../common/banned.h"

/* How deep a chain of backing files may go. */
#define MAX_CHAIN 16

int
ferry_image_parse_info (const char *text, struct ferry_image_info *info,
                        char ***refs)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  bool have_size = false;
  bool in_extents = false;
  size_t i;

  info->format = NULL;
  info->virtual_size = 0;
  for (i = 0; lines[i] != NULL; i++) {
    const char *line = lines[i];
    const char *trimmed = line + strspn (line, " ");
    const char *p;

    if (g_str_has_prefix (line, "file format: ")) {
      g_free (info->format);
      info->format = g_strdup (line + strlen ("file format: "));
      g_strstrip (info->format);
    }
    else if (g_str_has_prefix (line, "virtual size: ") &&
             (p = strrchr (line, '(')) != NULL) {
      char *end;
      guint64 size;

      errno = 0;
      size = g_ascii_strtoull (p + 1, &end, 10);
      if (errno == 0 && end != p + 1 && g_str_has_prefix (end, " bytes)")) {
        info->virtual_size = size;
        have_size = true;
      }
    }
    else if (g_str_has_prefix (line, "backing file: ")) {
      /* "backing file: NAME" or "backing file: NAME (actual path: P)" */
      g_autofree char *name = g_strdup (line + strlen ("backing file: "));
      char *actual = strstr (name, " (actual path: ");

      if (actual != NULL)
        *actual = '\0';
      g_ptr_array_add (found, g_strdup (name));
    }
    else if (trimmed == line)
      in_extents = false;
    else if (g_str_equal (trimmed, "extents:"))
      in_extents = true;
    else if (in_extents && g_str_has_prefix (trimmed, "filename: "))
      g_ptr_array_add (found, g_strdup (trimmed + strlen ("filename: ")));
  }

  if (info->format == NULL || info->format[0] == '\0' || !have_size) {
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  g_ptr_array_add (found, NULL);
  *refs = (char **) g_ptr_array_free (g_steal_pointer (&found), FALSE);
  return 0;
}

/* qemu-img says "qemu-img: Could not open 'F': REASON"; keep REASON. */
static char *
qemu_reason (const char *err)
{
  g_autofree char *last = ferry_last_line (err);
  const char *p = last;
  const char *q;

  if (g_str_has_prefix (p, "qemu-img: "))
    p += strlen ("qemu-img: ");
  if (g_str_has_prefix (p, "Could not open '") &&
      (q = strstr (p, "': ")) != NULL)
    p = q + 3;
  return g_strdup (p[0] ? p : "qemu-img failed");
}

/* Does NAME, as written inside the image in folder DIR, resolve to an
 * existing file inside DIR?  Absolute names must point inside DIR too.
 */
static int
check_reference (const char *file, const char *dir, const char *name,
                 char **resolved_r)
{
  g_autofree char *joined = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *real = NULL;
  g_autofree char *prefix = NULL;

  if (strstr (name, "://") != NULL || strchr (name, ':') == name ||
      g_str_has_prefix (name, "json:")) {
    ferry_error ("'%s' refers to '%s', which is not a local file: refused",
                 file, name);
    return -1;
  }
  joined = g_path_is_absolute (name) ? g_strdup (name)
    : g_build_filename (dir, name, NULL);
  real_dir = realpath (dir, NULL);
  real = realpath (joined, NULL);
  if (real_dir == NULL || real == NULL) {
    ferry_error ("'%s' refers to '%s', which cannot be opened: %s",
                 file, name, g_strerror (errno));
    return -1;
  }
  prefix = g_str_has_suffix (real_dir, "/") ? g_strdup (real_dir)
    : g_strconcat (real_dir, "/", NULL);
  if (!g_str_has_prefix (real, prefix)) {
    ferry_error ("'%s' refers to '%s', outside its folder '%s': refused",
                 file, name, dir);
    return -1;
  }
  *resolved_r = g_steal_pointer (&real);
  return 0;
}

static int
probe (const char *file, const char *format, struct ferry_image_info *info,
       int depth)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) refs = NULL;
  g_autofree char *dir = NULL;
  struct stat st;
  const char *argv[8];
  size_t n = 0, i;
  int r;

  if (depth > MAX_CHAIN) {
    ferry_error ("'%s': the chain of backing files is longer than %d",
                 file, MAX_CHAIN);
    return -1;
  }
  if (stat (file, &st) == -1) {
    ferry_error_errno (errno, "cannot open '%s'", file);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    ferry_error ("'%s' is not a disk image: not a regular file or block device",
                 file);
    return -1;
  }

  argv[n++] = "qemu-img";
  argv[n++] = "info";
  if (format != NULL) {
    argv[n++] = "-f";
    argv[n++] = format;
  }
  argv[n++] = "--";
  argv[n++] = file;
  argv[n] = NULL;
  r = ferry_command_run (argv, &out, NULL, NULL, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    g_autofree char *reason = qemu_reason (err);
    if (format != NULL)
      ferry_error ("cannot open '%s' as %s: %s", file, format, reason);
    else
      ferry_error ("cannot open '%s': %s", file, reason);
    return -1;
  }
  if (ferry_image_parse_info (out, info, &refs) == -1) {
    ferry_error ("cannot read the output of 'qemu-img info' for '%s'", file);
    return -1;
  }
  info->allocated = (uint64_t) st.st_blocks * 512;

  dir = g_path_get_dirname (file);
  for (i = 0; refs[i] != NULL; i++) {
    g_autofree char *resolved = NULL;
    struct ferry_image_info ref_info = { 0 };

    if (check_reference (file, dir, refs[i], &resolved) == -1)
      goto fail;
    /* An extent or backing file that is the image itself needs no walk. */
    if (strcmp (resolved, file) == 0)
      continue;
    {
      g_autofree char *real_file = realpath (file, NULL);
      if (real_file != NULL && strcmp (resolved, real_file) == 0)
        continue;
    }
    /* VMDK extents are raw or sparse data, not images with references of
     * their own; backing files are images and are walked in turn.
     */
    if (g_str_equal (info->format, "vmdk"))
      continue;
    if (probe (resolved, NULL, &ref_info, depth + 1) == -1)
      goto fail;
    g_free (ref_info.format);
  }
  return 0;

 fail:
  g_clear_pointer (&info->format, g_free);
  return -1;
}

int
ferry_image_probe (const char *file, const char *format,
                   struct ferry_image_info *info)
{
  memset (info, 0, sizeof *info);
  return probe (file, format, info, 0);
}

/* ferry: disk image facts from qemu-img (see image.h). */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "image.h"
#include "command.h"
#include "errors.h"
#include "banned.h"

/* How deep a chain of backing files may go. */
#define MAX_CHAIN 16

int
ferry_image_name_is_plain (const char *name)
{
  const char *colon = strchr (name, ':');
  const char *slash = strchr (name, '/');

  if (name[0] == '\0')
    return 0;
  return colon == NULL || (slash != NULL && slash < colon);
}

/* "NAME" or "NAME (actual path: P)": keep NAME. */
static char *
strip_actual_path (const char *value)
{
  char *name = g_strdup (value);
  char *actual = strstr (name, " (actual path: ");

  if (actual != NULL)
    *actual = '\0';
  return name;
}

int
ferry_image_parse_info (const char *text, struct ferry_image_info *info,
                        char ***images, char ***extents)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GPtrArray) image_refs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) extent_refs = g_ptr_array_new_with_free_func (g_free);
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
      if (info->format == NULL) {
        info->format = g_strdup (line + strlen ("file format: "));
        g_strstrip (info->format);
      }
    }
    else if (g_str_has_prefix (line, "virtual size: ")) {
      char *end;
      guint64 size;

      if (have_size || (p = strrchr (line, '(')) == NULL)
        continue;
      errno = 0;
      size = g_ascii_strtoull (p + 1, &end, 10);
      if (errno == 0 && end != p + 1 && g_str_has_prefix (end, " bytes)")) {
        info->virtual_size = size;
        have_size = true;
      }
    }
    else if (g_str_has_prefix (line, "backing file: "))
      g_ptr_array_add (image_refs,
                       strip_actual_path (line + strlen ("backing file: ")));
    else if (trimmed == line)
      in_extents = false;
    else if (g_str_has_prefix (trimmed, "data file: "))
      g_ptr_array_add (image_refs,
                       g_strdup (trimmed + strlen ("data file: ")));
    else if (g_str_equal (trimmed, "extents:"))
      in_extents = true;
    else if (in_extents && g_str_has_prefix (trimmed, "filename: "))
      g_ptr_array_add (extent_refs,
                       g_strdup (trimmed + strlen ("filename: ")));
  }

  if (info->format == NULL || info->format[0] == '\0' || !have_size) {
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  g_ptr_array_add (image_refs, NULL);
  g_ptr_array_add (extent_refs, NULL);
  *images = (char **) g_ptr_array_free (g_steal_pointer (&image_refs), FALSE);
  *extents = (char **) g_ptr_array_free (g_steal_pointer (&extent_refs), FALSE);
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

/* NAME is written inside FILE (in folder DIR, as qemu opened it).  Check
 * that it is a plain file name resolving inside ROOT (the realpath of the
 * folder of the image the user named) and return the path qemu will open
 * (DIR/NAME, or NAME if absolute) in *OPENED.
 */
static int
check_reference (const char *file, const char *dir, const char *root,
                 const char *name, char **opened)
{
  g_autofree char *joined = NULL;
  g_autofree char *real = NULL;
  g_autofree char *prefix = NULL;

  if (!ferry_image_name_is_plain (name)) {
    ferry_error ("'%s' refers to '%s', which is not a local file: refused",
                 file, name);
    return -1;
  }
  joined = g_path_is_absolute (name) ? g_strdup (name)
    : g_build_filename (dir, name, NULL);
  real = realpath (joined, NULL);
  if (real == NULL) {
    ferry_error ("'%s' refers to '%s', which cannot be opened: %s",
                 file, name, g_strerror (errno));
    return -1;
  }
  prefix = g_str_has_suffix (root, "/") ? g_strdup (root)
    : g_strconcat (root, "/", NULL);
  if (!g_str_has_prefix (real, prefix)) {
    ferry_error ("'%s' refers to '%s', outside its folder '%s': refused",
                 file, name, root);
    return -1;
  }
  *opened = g_steal_pointer (&joined);
  return 0;
}

static int probe (const char *file, const char *format, const char *root,
                  struct ferry_image_info *info, int depth);

/* Run "qemu-img info" on NAME (as FORMAT, or probed when NULL) and parse
 * its output into INFO, IMAGES and EXTENTS (see ferry_image_parse_info).
 * Errors name DISPLAY.
 */
static int
run_info (const char *name, const char *format, const char *display,
          struct ferry_image_info *info, char ***images, char ***extents)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[8];
  size_t n = 0;
  int r;

  argv[n++] = "qemu-img";
  argv[n++] = "info";
  if (format != NULL) {
    argv[n++] = "-f";
    argv[n++] = format;
  }
  argv[n++] = "--";
  argv[n++] = name;
  argv[n] = NULL;
  r = ferry_command_run (argv, &out, NULL, NULL, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    g_autofree char *reason = qemu_reason (err);
    if (format != NULL)
      ferry_error ("cannot open '%s' as %s: %s", display, format, reason);
    else
      ferry_error ("cannot open '%s': %s", display, reason);
    return -1;
  }
  if (ferry_image_parse_info (out, info, images, extents) == -1) {
    ferry_error ("cannot read the output of 'qemu-img info' for '%s'",
                 display);
    return -1;
  }
  return 0;
}

static int
check_references (const char *file, const char *root, char **names,
                  bool walk, int depth)
{
  g_autofree char *dir = g_path_get_dirname (file);
  size_t i;

  for (i = 0; names[i] != NULL; i++) {
    g_autofree char *opened = NULL;
    struct ferry_image_info ref_info = { 0 };

    if (check_reference (file, dir, root, names[i], &opened) == -1)
      return -1;
    /* A VMDK's extents may name the VMDK itself. */
    if (!walk || strcmp (opened, file) == 0)
      continue;
    if (probe (opened, NULL, root, &ref_info, depth + 1) == -1)
      return -1;
    g_free (ref_info.format);
  }
  return 0;
}

static int
probe (const char *file, const char *format, const char *root,
       struct ferry_image_info *info, int depth)
{
  g_auto (GStrv) images = NULL;
  g_auto (GStrv) extents = NULL;
  struct stat st;

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

  if (run_info (file, format, file, info, &images, &extents) == -1)
    return -1;
  info->allocated = (uint64_t) st.st_blocks * 512;

  /* Extents are raw data; backing and data files are images in turn. */
  if (check_references (file, root, extents, false, depth) == -1 ||
      check_references (file, root, images, true, depth) == -1) {
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  return 0;
}

int
ferry_image_probe (const char *file, const char *format,
                   struct ferry_image_info *info)
{
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *root = realpath (dir, NULL);

  memset (info, 0, sizeof *info);
  if (root == NULL) {
    ferry_error_errno (errno, "cannot open '%s'", file);
    return -1;
  }
  return probe (file, format, root, info, 0);
}

/* The name qemu-img gives the image it opened, on its first line
 * ("image: NAME"), before anything the image's author wrote.
 */
static char *
info_image_name (const char *text)
{
  const char *end;

  if (!g_str_has_prefix (text, "image: "))
    return NULL;
  text += strlen ("image: ");
  end = strchr (text, '\n');
  return g_strndup (text, end ? (size_t) (end - text) : strlen (text));
}

int
ferry_image_probe_uri (const char *uri, const char *format,
                       struct ferry_image_info *info)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *self = NULL;
  g_auto (GStrv) images = NULL;
  g_auto (GStrv) extents = NULL;
  const char *argv[] = {
    "qemu-img", "info", "-f", format, "--", uri, NULL,
  };
  size_t i;
  int r;

  memset (info, 0, sizeof *info);
  r = ferry_command_run (argv, &out, NULL, NULL, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    g_autofree char *reason = qemu_reason (err);
    ferry_error ("cannot open '%s' as %s: %s", uri, format, reason);
    return -1;
  }
  if (ferry_image_parse_info (out, info, &images, &extents) == -1) {
    ferry_error ("cannot read the output of 'qemu-img info' for '%s'", uri);
    return -1;
  }
  self = info_image_name (out);
  if (images[0] != NULL) {
    ferry_error ("'%s' refers to '%s': a disk read over the network must "
                 "not name other images: refused", uri, images[0]);
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  for (i = 0; extents[i] != NULL; i++) {
    if (self == NULL || strcmp (extents[i], self) != 0) {
      ferry_error ("'%s' refers to '%s': a disk read over the network must "
                   "not name other files: refused", uri, extents[i]);
      g_clear_pointer (&info->format, g_free);
      return -1;
    }
  }
  return 0;
}

int
ferry_image_probe_alone (const char *name, const char *format,
                         const char *display, struct ferry_image_info *info)
{
  g_auto (GStrv) images = NULL;
  g_auto (GStrv) extents = NULL;
  bool in_place = g_str_has_prefix (name, "json:");
  struct stat st;
  size_t i;

  memset (info, 0, sizeof *info);
  if (!in_place) {
    if (!g_path_is_absolute (name) || stat (name, &st) == -1 ||
        !S_ISREG (st.st_mode)) {
      ferry_error ("cannot open '%s': not a regular file", display);
      return -1;
    }
    info->allocated = (uint64_t) st.st_blocks * 512;
  }
  if (run_info (name, format, display, info, &images, &extents) == -1)
    return -1;

  if (images[0] != NULL) {
    ferry_error ("'%s' refers to '%s', another file: refused", display,
                 images[0]);
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  /* The one extent of a sparse VMDK is its own data: NAME, or for a
   * json: name the node under the format driver, which qemu prints as
   * another json: name.
   */
  for (i = 0; extents[i] != NULL; i++) {
    if (in_place ? !g_str_has_prefix (extents[i], "json:")
        : strcmp (extents[i], name) != 0) {
      ferry_error ("'%s' refers to '%s', another file: refused", display,
                   extents[i]);
      g_clear_pointer (&info->format, g_free);
      return -1;
    }
  }
  return 0;
}

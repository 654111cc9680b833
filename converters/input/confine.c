/* ferry: the disks an input file names stay in its folder (confine.h). */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "confine.h"
#include "errors.h"
#include "text.h"
#include "banned.h"

bool
ferry_confine_holds (const char *folder, const char *path)
{
  size_t n = strlen (folder);

  if (strcmp (folder, "/") == 0)
    return path[0] == '/';
  return strncmp (path, folder, n) == 0 &&
    (path[n] == '\0' || path[n] == '/');
}

static char *
resolve_local (const char *path, void *opaque)
{
  char *real = realpath (path, NULL);

  if (real == NULL)
    ferry_error_errno (errno, "cannot open '%s'", path);
  return real;
}

int
ferry_confine_init (struct ferry_confine *c, const char *file,
                    const char *what, const char *folder,
                    const char *const *allowed,
                    ferry_confine_resolver resolve, void *opaque)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *real_folder = NULL;
  size_t i;

  memset (c, 0, sizeof *c);
  if (resolve == NULL)
    resolve = resolve_local;
  real_folder = resolve (folder, opaque);
  if (real_folder == NULL)
    return -1;
  for (i = 0; allowed != NULL && allowed[i] != NULL; i++) {
    char *real = resolve (allowed[i], opaque);

    if (real == NULL) {
      ferry_error_prefix ("--allow-path '%s'", allowed[i]);
      return -1;
    }
    g_ptr_array_add (paths, real);
  }
  g_ptr_array_add (paths, NULL);

  c->file = g_strdup (file);
  c->what = g_strdup (what);
  c->folder = g_steal_pointer (&real_folder);
  c->allowed = (char **) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
  return 0;
}

void
ferry_confine_clear (struct ferry_confine *c)
{
  g_free (c->file);
  g_free (c->what);
  g_free (c->folder);
  g_strfreev (c->allowed);
  memset (c, 0, sizeof *c);
}

/* Does NAME hold a control character (a newline...)? */
static bool
has_control (const char *name)
{
  for (; *name != '\0'; name++)
    if ((unsigned char) *name < 0x20 || *name == 0x7f)
      return true;
  return false;
}

/* PATH as the user would type it after --allow-path: as it is when the
 * shell leaves it so, else quoted (escaped, when quoting would break
 * the message's line).
 */
static char *
shell_word (const char *path)
{
  static const char plain[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "/._-+,:@%=";
  g_autofree char *escaped = NULL;

  if (path[strspn (path, plain)] == '\0')
    return g_strdup (path);
  if (!has_control (path))
    return g_shell_quote (path);
  escaped = ferry_text_cescape (path);
  return g_strdup_printf ("$'%s'", escaped);
}

int
ferry_confine_check (const struct ferry_confine *c, const char *name,
                     const char *location, const char *real,
                     enum ferry_confine_kind kind)
{
  g_autofree char *leads = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *shown_location = NULL, *shown_real = NULL;
  size_t i;

  if (kind == FERRY_CONFINE_BLOCK && c->files_only)
    kind = FERRY_CONFINE_OTHER;
  if (kind != FERRY_CONFINE_OTHER) {
    for (i = 0; c->allowed != NULL && c->allowed[i] != NULL; i++)
      if (ferry_confine_holds (c->allowed[i], real))
        return 0;
    if (kind == FERRY_CONFINE_FILE && ferry_confine_holds (c->folder, real))
      return 0;
  }

  shown_location = ferry_text_cescape (location);
  shown_real = ferry_text_cescape (real);
  leads = strcmp (location, real) != 0
    ? g_strdup_printf (", which leads to '%s'", shown_real) : g_strdup ("");
  switch (kind) {
  case FERRY_CONFINE_FILE:
    folder = g_path_get_dirname (real);
    hint = shell_word (folder);
    ferry_error ("'%s': disk '%s' names '%s'%s, outside the folder of the "
                 "%s (allow it with --allow-path %s)", c->file, name,
                 shown_location, leads, c->what, hint);
    break;
  case FERRY_CONFINE_BLOCK:
    hint = shell_word (real);
    ferry_error ("'%s': disk '%s' names '%s'%s, a block device, not a file "
                 "in the folder of the %s (allow it with --allow-path %s)",
                 c->file, name, shown_location, leads, c->what, hint);
    break;
  case FERRY_CONFINE_OTHER:
    ferry_error ("'%s': disk '%s' names '%s'%s, which is %s", c->file, name,
                 shown_location, leads, c->files_only ? "not a regular file"
                 : "neither a regular file nor a block device");
    break;
  }
  return -1;
}

int
ferry_confine_disk (const struct ferry_confine *c, const char *name,
                    char **location)
{
  g_autofree char *real = realpath (*location, NULL);
  enum ferry_confine_kind kind;
  struct stat st;

  if (real == NULL || stat (real, &st) == -1) {
    ferry_error_errno (errno, "cannot open '%s'", *location);
    return -1;
  }
  kind = S_ISREG (st.st_mode) ? FERRY_CONFINE_FILE
    : S_ISBLK (st.st_mode) ? FERRY_CONFINE_BLOCK : FERRY_CONFINE_OTHER;
  if (ferry_confine_check (c, name, *location, real, kind) == -1)
    return -1;
  g_free (*location);
  *location = g_steal_pointer (&real);
  return 0;
}

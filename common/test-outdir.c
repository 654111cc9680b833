/* Unit test: writing into an output folder safely (outdir.h).
 *
 * Runs as root, as conversion hosts run ferry: the attacks are made by
 * giving files and folders to another account (nobody).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define NOBODY 65534

static char *top;

static char *
make_dir (const char *name, mode_t mode, uid_t owner)
{
  char *path = g_build_filename (top, name, NULL);

  if (mkdir (path, 0700) == -1 || chmod (path, mode) == -1 ||
      chown (path, owner, -1) == -1)
    g_error ("cannot make '%s': %s", path, g_strerror (errno));
  return path;
}

static bool
error_has (const char *text)
{
  if (strstr (ferry_error_get (), text) != NULL)
    return true;
  printf ("# error: %s\n", ferry_error_get ());
  return false;
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("(unreadable)");
  return text;
}

static void
write_file (const char *path, const char *text)
{
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write '%s'", path);
}

/* Which folders are accepted. */
static void
test_open (void)
{
  struct { const char *name; mode_t mode; uid_t owner; bool ok;
           const char *why; } cases[] = {
    { "private", 0700, 0, true, NULL },
    { "readable", 0755, 0, true, NULL },
    { "world", 0777, 0, false, "other accounts may write in the output "
      "folder (mode 0777, owner 0)" },
    { "group", 0775, 0, false, "mode 0775" },
    { "sticky-mine", 01777, 0, true, NULL },
    { "sticky-theirs", 01777, NOBODY, false, "belongs to another account "
      "(65534)" },
    { "theirs", 0755, NOBODY, false, "the output folder belongs to "
      "another account (65534)" },
  };
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *path = make_dir (cases[i].name, cases[i].mode,
                                      cases[i].owner);
    g_autofree char *what = g_strdup_printf ("-os '%s'", path);
    g_autoptr (ferry_outdir) d = ferry_outdir_open (path, what);

    if (cases[i].ok)
      tap_ok (d != NULL && strcmp (d->path, path) == 0,
              "a folder of mode %04o owned by %u is used",
              (unsigned) cases[i].mode, (unsigned) cases[i].owner);
    else
      tap_ok (d == NULL && error_has (what) && error_has (cases[i].why),
              "a folder of mode %04o owned by %u is refused: %s",
              (unsigned) cases[i].mode, (unsigned) cases[i].owner,
              cases[i].why);
  }
  {
    g_autofree char *file = g_build_filename (top, "plain", NULL);
    g_autoptr (ferry_outdir) d = NULL;

    write_file (file, "x");
    d = ferry_outdir_open (file, "-os 'plain'");
    tap_ok (d == NULL && error_has ("-os 'plain': the output folder is not "
                                    "a folder"), "a file is not a folder");
  }
}

static void
test_lock (void)
{
  g_autofree char *path = make_dir ("lock", 0755, 0);
  g_autofree char *lock = g_build_filename (path, ".web.lock", NULL);
  g_autoptr (ferry_outdir) a = ferry_outdir_open (path, "a");
  g_autoptr (ferry_outdir) b = ferry_outdir_open (path, "b");
  struct stat st;

  tap_ok (ferry_outdir_lock (a, "web") == 0, "the name is locked");
  tap_ok (lstat (lock, &st) == 0 && S_ISREG (st.st_mode) &&
          (st.st_mode & 0777) == 0600, "... in '.web.lock', mode 0600");
  tap_ok (ferry_outdir_lock (b, "web") == -1 &&
          error_has ("another conversion is writing 'web' in"),
          "a second lock of the same name is refused");
  tap_ok (ferry_outdir_lock (b, "db") == 0, "... another name is not");
  g_clear_pointer (&a, ferry_outdir_free);
  tap_ok (lstat (lock, &st) == -1 && errno == ENOENT,
          "freeing the folder removes its lock file");

  /* A killed run's lock file does not hold the lock. */
  write_file (lock, "");
  a = ferry_outdir_open (path, "a");
  tap_ok (ferry_outdir_lock (a, "web") == 0,
          "a lock file nobody holds does not stop a run");
  g_clear_pointer (&a, ferry_outdir_free);

  /* Planted lock files. */
  if (symlink ("/etc/passwd", lock) == -1)
    g_error ("symlink: %s", g_strerror (errno));
  a = ferry_outdir_open (path, "a");
  tap_ok (ferry_outdir_lock (a, "web") == -1 &&
          error_has ("cannot create the lock file"),
          "a lock file that is a symbolic link is refused");
  unlink (lock);
  write_file (lock, "");
  if (chown (lock, NOBODY, -1) == -1)
    g_error ("chown: %s", g_strerror (errno));
  tap_ok (ferry_outdir_lock (a, "web") == -1 &&
          error_has ("is not a lock file of ferry's user"),
          "a lock file of another account is refused");
  unlink (lock);
}

static void
test_files (void)
{
  g_autofree char *path = make_dir ("files", 0755, 0);
  g_autofree char *victim = g_build_filename (top, "victim", NULL);
  g_autofree char *part = g_build_filename (path, ".web-sda.part", NULL);
  g_autofree char *final = g_build_filename (path, "web-sda", NULL);
  g_autofree char *via = NULL;
  g_autofree char *text = NULL;
  g_autoptr (ferry_outdir) d = ferry_outdir_open (path, "d");
  int fd;

  write_file (victim, "root's file\n");

  /* A planted link at the temporary name. */
  if (symlink (victim, part) == -1)
    g_error ("symlink: %s", g_strerror (errno));
  fd = ferry_outdir_create (d, ".web-sda.part", 0644, true);
  tap_ok (fd == -1 && error_has ("exists"),
          "a symbolic link at the name is not written through");
  text = read_file (victim);
  tap_ok (strcmp (text, "root's file\n") == 0, "... the file it names is "
          "unchanged");
  g_clear_pointer (&text, g_free);
  unlink (part);

  /* Another account's file at the name is not removed. */
  write_file (part, "theirs");
  if (chown (part, NOBODY, -1) == -1)
    g_error ("chown: %s", g_strerror (errno));
  fd = ferry_outdir_create (d, ".web-sda.part", 0644, true);
  tap_ok (fd == -1 && access (part, F_OK) == 0,
          "another account's file at the name is refused, and kept");
  unlink (part);

  /* A killed run's file of ours is replaced. */
  write_file (part, "stale");
  fd = ferry_outdir_create (d, ".web-sda.part", 0644, true);
  tap_ok (fd >= 0, "a file a killed run left is replaced");

  /* Written through /proc/PID/fd/N after the name was swapped for a link
   * to root's file: the data reaches ferry's file, not the link's.
   */
  if (unlink (part) == -1 || symlink (victim, part) == -1)
    g_error ("swap: %s", g_strerror (errno));
  via = ferry_outdir_fd_path (fd);
  {
    int w = open (via, O_WRONLY | O_CLOEXEC);
    if (w == -1 || write (w, "disk data", 9) != 9 || close (w) == -1)
      g_error ("cannot write '%s': %s", via, g_strerror (errno));
  }
  text = read_file (victim);
  tap_ok (strcmp (text, "root's file\n") == 0,
          "writing through the descriptor's path misses the planted link");
  g_clear_pointer (&text, g_free);
  {
    char buf[16] = "";
    ssize_t n = pread (fd, buf, sizeof buf - 1, 0);
    tap_ok (n == 9 && strcmp (buf, "disk data") == 0,
            "... and reaches the file ferry created");
  }
  tap_ok (ferry_outdir_rename (d, ".web-sda.part", "web-sda", fd) == -1 &&
          error_has ("was replaced or removed while ferry wrote it"),
          "the swapped name is not given the final name");
  tap_ok (access (final, F_OK) == -1, "... nothing has the final name");
  ferry_outdir_unlink (d, ".web-sda.part", fd);
  tap_ok (access (part, F_OK) == 0,
          "cleaning up leaves the planted link (it is not ferry's file)");
  unlink (part);
  close (fd);

  /* The final name is never replaced. */
  fd = ferry_outdir_create (d, ".web-sda.part", 0644, false);
  write_file (final, "earlier guest");
  tap_ok (fd >= 0 &&
          ferry_outdir_rename (d, ".web-sda.part", "web-sda", fd) == -1 &&
          error_has ("appeared while ferry wrote it"),
          "an existing final name is not replaced");
  text = read_file (final);
  tap_ok (strcmp (text, "earlier guest") == 0, "... it keeps its content");
  g_clear_pointer (&text, g_free);
  unlink (final);
  tap_ok (ferry_outdir_rename (d, ".web-sda.part", "web-sda", fd) == 0 &&
          access (final, F_OK) == 0 && access (part, F_OK) == -1,
          "the file gets its final name");
  tap_ok (ferry_outdir_exists (d, "web-sda") &&
          !ferry_outdir_exists (d, "web-sdb"), "exists says which is there");
  close (fd);
  {
    uint64_t bytes = 0;
    tap_ok (ferry_outdir_free_space (d, &bytes) == 0 && bytes > 0,
            "the folder's free space is known");
  }
}

int
main (void)
{
  char template[] = "/var/tmp/test-outdir.XXXXXX";

  g_set_prgname ("test-outdir");
  tap_plan (30);
  if (geteuid () != 0) {
    printf ("Bail out! the test gives files to another account: run it "
            "as root\n");
    return 1;
  }
  top = g_mkdtemp (template);
  if (top == NULL)
    g_error ("mkdtemp: %s", g_strerror (errno));
  test_open ();
  test_lock ();
  test_files ();
  {
    const char *argv[] = { "rm", "-rf", top, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                  NULL, NULL, NULL, NULL, NULL);
  }
  return tap_done ();
}

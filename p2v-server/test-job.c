/* Unit test: a job belongs to its creator (job.h), and the jobs' folder
 * as a whole (jobs-folder.h): the token line read from a request's
 * input, the token a request must give, the limit of waiting jobs, and
 * the removal of old jobs' folders, which follows no symlink.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "job.h"
#include "jobs-folder.h"
#include "p2v-protocol.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define T64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define DESCRIPTION "[machine]\nname=x\n"

/* INPUT (LEN bytes; the write end is then closed unless KEEP_OPEN) on a
 * pipe, read as a request's token line.  Returns what read_token says,
 * the token in TOKEN, and in *REST what was left in the pipe (up to 64
 * bytes).
 */
static bool
read_from (const char *input, size_t len, bool keep_open, char *token,
           char **rest)
{
  char buf[64];
  ssize_t n;
  int fds[2];
  bool ok;

  if (pipe (fds) == -1 || write (fds[1], input, len) != (ssize_t) len)
    abort ();
  if (!keep_open)
    close (fds[1]);
  ok = ferry_p2v_read_token (fds[0], 1, token);
  if (keep_open)
    close (fds[1]);
  n = read (fds[0], buf, sizeof buf);
  *rest = g_strndup (buf, n > 0 ? n : 0);
  close (fds[0]);
  return ok;
}

static void
test_read_token (void)
{
  static const struct {
    const char *input;
    bool good;
    const char *rest;
  } cases[] = {
    { "token " T64 "\nNBDMAGIC", true, "NBDMAGIC" },
    { "token " T64 "\n", true, "" },
    { "token " T64, false, "" },
    { "token " T64 "0\nNBDMAGIC", false, "\nNBDMAGIC" },
    { "token 0123\nNBDMAGIC", false, "NBDMAGIC" },
    { "NBDMAGIC", false, "" },
    { "", false, "" },
  };
  char token[FERRY_P2V_TOKEN_CHARS + 1];
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *rest = NULL, *rest_shown = NULL;
    g_autofree char *shown = g_strescape (cases[i].input, NULL);
    bool ok = read_from (cases[i].input, strlen (cases[i].input), false,
                         token, &rest);

    rest_shown = g_strescape (rest, NULL);
    tap_ok (ok == cases[i].good && (!ok || strcmp (token, T64) == 0) &&
            strcmp (rest, cases[i].rest) == 0,
            "read_token '%s': %s, leaving '%s'", shown,
            ok ? "a token" : "none", rest_shown);
  }

  /* A client that sends nothing and keeps its channel open. */
  {
    g_autofree char *rest = NULL;
    gint64 start = g_get_monotonic_time ();
    bool ok = read_from ("tok", 3, true, token, &rest);
    gint64 took = g_get_monotonic_time () - start;

    tap_ok (!ok && took >= G_USEC_PER_SEC && took < 5 * G_USEC_PER_SEC,
            "read_token gives up after its timeout (%.1f s)",
            took / (double) G_USEC_PER_SEC);
  }
}

/* Does any file in DIR hold TEXT? */
static bool
folder_holds (const char *dir, const char *text)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
    g_autofree char *path = g_build_filename (dir, name, NULL);
    g_autofree char *content = NULL;

    if (g_file_get_contents (path, &content, NULL, NULL) &&
        strstr (content, text) != NULL)
      return true;
  }
  return false;
}

/* Set PATH's mtime DAYS days back, without following a symlink. */
static void
age (const char *path, unsigned days)
{
  struct timespec times[2] = {
    { .tv_sec = time (NULL) - days * 24 * 3600 },
    { .tv_sec = time (NULL) - days * 24 * 3600 },
  };

  if (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW) == -1)
    abort ();
}

/* Write TEXT to DIR/NAME. */
static void
put (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents (path, text, -1, NULL))
    abort ();
}

/* Is DIR/NAME a regular file? */
static bool
is_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
on_removed (const char *name, const char *error, void *opaque)
{
  GString *removed = opaque;

  g_string_append_printf (removed, "%s%s%s;", name, error ? ": " : "",
                          error ? error : "");
}

static void
test_jobs (const char *root)
{
  struct ferry_p2v_job_limits limits = { .max_waiting = 1, .keep_days = 0 };
  char token[FERRY_P2V_TOKEN_CHARS + 1], second[FERRY_P2V_TOKEN_CHARS + 1];
  g_autoptr (ferry_p2v_job) job = NULL, other = NULL, opened = NULL;
  g_autofree char *digest = NULL, *digest_file = NULL, *path = NULL;
  g_autofree char *missing_error = NULL, *wrong_error = NULL;
  g_autofree char *none_error = NULL, *id = NULL;
  struct stat st;

  job = ferry_p2v_job_create (root, DESCRIPTION, strlen (DESCRIPTION),
                              &limits, token);
  tap_ok (job != NULL && ferry_p2v_job_id_made (job->id) &&
          ferry_p2v_token_valid (token),
          "a job is created with a made name and a token (%s)",
          job ? job->id : ferry_error_get ());
  if (job == NULL)
    return;
  id = g_strdup (job->id);
  path = g_build_filename (job->dir, "token-digest", NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  tap_ok (g_file_get_contents (path, &digest_file, NULL, NULL) &&
          g_str_has_prefix (digest_file, digest) && stat (path, &st) == 0 &&
          (st.st_mode & 0777) == 0600,
          "token-digest holds the token's SHA-256, mode 0600");
  tap_ok (!folder_holds (job->dir, token), "no file of the job holds its "
          "token");

  opened = ferry_p2v_job_open (root, id, token);
  tap_ok (opened != NULL, "the job opens with its token");
  g_clear_pointer (&opened, ferry_p2v_job_free);

  ferry_error_clear ();
  opened = ferry_p2v_job_open (root, "20991231-aaaaaaaaaaaaa", token);
  missing_error = g_strdup (ferry_error_get ());
  tap_ok (opened == NULL && strcmp (missing_error, "no job "
                                    "'20991231-aaaaaaaaaaaaa' on this "
                                    "server") == 0,
          "a job that does not exist: %s", missing_error);
  opened = ferry_p2v_job_open (root, id, T64);
  wrong_error = g_strdup (ferry_error_get ());
  opened = ferry_p2v_job_open (root, id, NULL);
  none_error = g_strdup (ferry_error_get ());
  {
    g_autofree char *want = g_strdup_printf ("no job '%s' on this server",
                                             id);

    tap_ok (opened == NULL && strcmp (wrong_error, want) == 0,
            "a wrong token gets the same answer: %s", wrong_error);
    tap_ok (strcmp (none_error, want) == 0,
            "no token gets the same answer: %s", none_error);
  }
  token[0] = token[0] == 'a' ? 'b' : 'a';
  opened = ferry_p2v_job_open (root, id, token);
  tap_ok (opened == NULL, "a token one character off is refused");

  /* The job waits, and holds its lock: the limit is reached. */
  other = ferry_p2v_job_create (root, DESCRIPTION, strlen (DESCRIPTION),
                                &limits, second);
  tap_ok (other == NULL && strstr (ferry_error_get (), "already has 1 job "
                                   "waiting for data") != NULL,
          "a job beyond the limit is refused: %s",
          other ? other->id : ferry_error_get ());

  /* Its session gone, the job no longer waits: it is over. */
  g_clear_pointer (&job, ferry_p2v_job_free);
  other = ferry_p2v_job_create (root, DESCRIPTION, strlen (DESCRIPTION),
                                &limits, second);
  tap_ok (other != NULL, "once that job's session is gone, a job takes its "
          "place");
}

static void
test_remove_old (const char *root, const char *outside)
{
  struct ferry_p2v_job_limits limits = { .max_waiting = 100 };
  char token[FERRY_P2V_TOKEN_CHARS + 1];
  g_autoptr (ferry_p2v_job) old = NULL, recent = NULL, alive = NULL;
  g_autoptr (GString) removed = g_string_new (NULL);
  g_autofree char *jobs = g_build_filename (root, "jobs", NULL);
  g_autofree char *precious = g_build_filename (outside, "precious", NULL);
  g_autofree char *planted = g_build_filename (outside, "planted", NULL);
  g_autofree char *link = NULL, *escape = NULL, *nested = NULL;
  g_autofree char *old_dir = NULL, *recent_dir = NULL, *alive_dir = NULL;
  g_autofree char *want = NULL;
  int jobs_fd;

  old = ferry_p2v_job_create (root, "x", 1, &limits, token);
  recent = ferry_p2v_job_create (root, "x", 1, &limits, token);
  alive = ferry_p2v_job_create (root, "x", 1, &limits, token);
  if (old == NULL || recent == NULL || alive == NULL)
    abort ();
  old_dir = g_strdup (old->dir);
  recent_dir = g_strdup (recent->dir);
  alive_dir = g_strdup (alive->dir);
  g_clear_pointer (&old, ferry_p2v_job_free);
  g_clear_pointer (&recent, ferry_p2v_job_free);

  /* In the old job: a symlink out, and a folder. */
  g_mkdir (precious, 0700);
  put (precious, "file", "keep");
  escape = g_build_filename (old_dir, "escape", NULL);
  nested = g_build_filename (old_dir, "ferry-nbdkit.abcdef", NULL);
  if (symlink (precious, escape) == -1 || g_mkdir (nested, 0700) == -1)
    abort ();
  put (nested, "nbdkit.log", "x");
  /* In the jobs' folder: a symlink to what looks like an old job. */
  g_mkdir (planted, 0700);
  put (planted, "status", "done\n");
  put (planted, "token-digest", "x\n");
  link = g_build_filename (jobs, "20200101-plantedsymlnk", NULL);
  if (symlink (planted, link) == -1)
    abort ();
  age (old_dir, 3);
  age (alive_dir, 3);
  age (planted, 3);
  age (link, 3);

  jobs_fd = ferry_p2v_jobs_lock (root);
  tap_ok (jobs_fd >= 0 && ferry_p2v_jobs_waiting (jobs_fd) == 1,
          "one job waits: the one whose session lives");
  ferry_p2v_jobs_remove_old (jobs_fd, 2, time (NULL), on_removed, removed);
  close (jobs_fd);

  want = g_strdup_printf ("%s;", strrchr (old_dir, '/') + 1);
  tap_ok (strcmp (removed->str, want) == 0, "removed: %s", removed->str);
  tap_ok (!g_file_test (old_dir, G_FILE_TEST_EXISTS) &&
          !g_file_test (old_dir, G_FILE_TEST_IS_SYMLINK),
          "the old job's folder is gone, with what it held");
  tap_ok (g_file_test (recent_dir, G_FILE_TEST_IS_DIR),
          "a job over for less than the days kept stays");
  tap_ok (g_file_test (alive_dir, G_FILE_TEST_IS_DIR),
          "an old job whose session lives stays");
  tap_ok (g_file_test (link, G_FILE_TEST_IS_SYMLINK) &&
          is_file (planted, "status"),
          "a symlink in the jobs' folder stays, and what it points to");
  tap_ok (is_file (precious, "file"),
          "what the old job's symlink pointed to stays");
}

/* Remove what the test made. */
static void
remove_all (const char *path)
{
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) ||
      !g_file_test (path, G_FILE_TEST_IS_DIR)) {
    g_unlink (path);
    return;
  }
  d = g_dir_open (path, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
    g_autofree char *child = g_build_filename (path, name, NULL);
    remove_all (child);
  }
  g_rmdir (path);
}

int
main (void)
{
  /* In /tmp, not $TMPDIR: the root's path must leave room for the
   * disks' unix sockets.
   */
  g_autofree char *base = g_strdup ("/tmp/ferry-test-job.XXXXXX");
  g_autofree char *root1 = NULL, *root2 = NULL, *outside = NULL;

  if (g_mkdtemp (base) == NULL)
    abort ();
  root1 = g_build_filename (base, "r1", NULL);
  root2 = g_build_filename (base, "r2", NULL);
  outside = g_build_filename (base, "outside", NULL);
  g_mkdir (root1, 0700);
  g_mkdir (root2, 0700);
  g_mkdir (outside, 0700);

  tap_plan (7 + 1 + 10 + 7);
  test_read_token ();
  test_jobs (root1);
  test_remove_old (root2, outside);
  remove_all (base);
  return tap_done ();
}

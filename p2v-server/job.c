/* ferry-p2v-server: the output root and the jobs' folders (job.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "job.h"
#include "description.h"
#include "jobs-folder.h"
#include "errors.h"
#include "nbdkit.h"
#include "banned.h"

#define MAX_LINE (60 * 1024)
#define DIGEST_CHARS 64          /* SHA-256 in hex */
#define MKDIR_TRIES 8

/* The longest path a disk's socket gets in the job's folder: nbdkit's
 * private folder and socket (nbdkit.h), before it becomes disk-63.sock.
 */
#define LONGEST_SOCKET FERRY_NBDKIT_FOLDER_TEMPLATE "/" FERRY_NBDKIT_SOCKET_NAME

char *
ferry_p2v_root_open (const char *dir)
{
  g_autofree char *real = realpath (dir, NULL);
  struct stat st;

  if (real == NULL || stat (real, &st) == -1) {
    ferry_error_errno (errno, "--root '%s': cannot use the output root", dir);
    return NULL;
  }
  if (!S_ISDIR (st.st_mode)) {
    ferry_error ("--root '%s': the output root is not a folder", dir);
    return NULL;
  }
  return g_steal_pointer (&real);
}

/* Is PATH ROOT or inside it (both real paths)? */
static bool
is_inside (const char *path, const char *root)
{
  size_t n = strlen (root);

  if (strcmp (root, "/") == 0)
    return true;
  return strncmp (path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

char *
ferry_p2v_confine_storage (const char *root, const char *storage)
{
  g_autofree char *path = NULL, *real = NULL, *jobs = NULL;
  struct stat st;

  if (!ferry_p2v_check_storage (storage))
    return NULL;
  path = storage[0] ? g_build_filename (root, storage, NULL) : g_strdup (root);
  real = realpath (path, NULL);
  if (real == NULL) {
    ferry_error_errno (errno, "-os '%s': cannot use the output folder",
                       storage);
    return NULL;
  }
  if (!is_inside (real, root)) {
    ferry_error ("-os '%s': the folder is outside the output root",
                 storage);
    return NULL;
  }
  jobs = g_build_filename (root, "jobs", NULL);
  if (is_inside (real, jobs)) {
    ferry_error ("-os '%s': the jobs' folder is not an output folder",
                 storage);
    return NULL;
  }
  if (stat (real, &st) == -1 || !S_ISDIR (st.st_mode)) {
    ferry_error ("-os '%s': not a folder", storage);
    return NULL;
  }
  return g_steal_pointer (&real);
}

void
ferry_p2v_job_free (struct ferry_p2v_job *job)
{
  if (job == NULL)
    return;
  if (job->log_fd >= 0)
    close (job->log_fd);
  if (job->lock_fd >= 0)
    close (job->lock_fd);
  g_free (job->root);
  g_free (job->id);
  g_free (job->dir);
  g_free (job);
}

/* Write all LEN bytes of BUF to FD. */
static int
write_all (int fd, const char *buf, size_t len)
{
  while (len > 0) {
    ssize_t n = write (fd, buf, len);

    if (n == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    buf += n;
    len -= n;
  }
  return 0;
}

/* Create NAME in the job's folder (it must not exist) holding TEXT. */
static int
create_file (const struct ferry_p2v_job *job, const char *name,
             const char *text, size_t len)
{
  g_autofree char *path = g_build_filename (job->dir, name, NULL);
  int fd = openat (job->lock_fd, name,
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

  if (fd == -1) {
    ferry_error_errno (errno, "cannot create '%s'", path);
    return -1;
  }
  if (write_all (fd, text, len) == -1) {
    ferry_error_errno (errno, "cannot write '%s'", path);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    ferry_error_errno (errno, "cannot write '%s'", path);
    return -1;
  }
  return 0;
}

static int
open_log (struct ferry_p2v_job *job)
{
  g_autofree char *path = g_build_filename (job->dir, "log", NULL);

  job->log_fd = open (path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
  if (job->log_fd == -1) {
    ferry_error_errno (errno, "cannot open the log of job '%s'", job->id);
    return -1;
  }
  return 0;
}

/* Remove the job's folder and what job_create put in it. */
static void
remove_job_dir (const char *dir)
{
  static const char *const files[] = {
    "description", "status", "log", "token-digest", ".status.new", NULL,
  };
  size_t i;

  for (i = 0; files[i] != NULL; i++) {
    g_autofree char *path = g_build_filename (dir, files[i], NULL);
    unlink (path);
  }
  rmdir (dir);
}

/* The SHA-256 of TOKEN in hex, in a new string. */
static char *
token_digest (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Make the job's folder under a new random name in JOBS_FD, and lock it:
 * sets JOB's id, dir and lock_fd.
 */
static int
make_job_dir (struct ferry_p2v_job *job, const char *jobs, int jobs_fd)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y%m%d");
  uint8_t random[FERRY_P2V_JOB_RANDOM_CHARS];
  char id[FERRY_P2V_JOB_ID_CHARS + 1];
  unsigned tries;

  for (tries = 0; tries < MKDIR_TRIES; tries++) {
    if (ferry_p2v_random (random, sizeof random) == -1)
      return -1;
    ferry_p2v_job_id_encode (date, random, id);
    if (mkdirat (jobs_fd, id, 0700) == 0)
      break;
    if (errno != EEXIST) {
      ferry_error_errno (errno, "cannot create a job folder in '%s'", jobs);
      return -1;
    }
  }
  if (tries == MKDIR_TRIES) {
    ferry_error ("cannot create a job folder in '%s': every name tried "
                 "exists", jobs);
    return -1;
  }
  job->id = g_strdup (id);
  job->dir = g_build_filename (jobs, id, NULL);
  job->lock_fd = openat (jobs_fd, id,
                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (job->lock_fd == -1 || flock (job->lock_fd, LOCK_EX | LOCK_NB) == -1) {
    ferry_error_errno (errno, "cannot lock '%s'", job->dir);
    rmdir (job->dir);
    return -1;
  }
  return 0;
}

/* The new job's log records the old jobs removed. */
static void
log_removed (const char *name, const char *error, void *opaque)
{
  struct ferry_p2v_job *job = opaque;

  if (error == NULL)
    ferry_p2v_job_log (job, "job", "removed the folder of the old job '%s'",
                       name);
  else
    ferry_p2v_job_log (job, "warning", "cannot remove the folder of the old "
                       "job '%s': %s", name, error);
}

/* Create the job under the locked JOBS_FD. */
static struct ferry_p2v_job *
create_locked (const char *root, const char *jobs, int jobs_fd,
               const char *text, size_t len,
               const struct ferry_p2v_job_limits *limits,
               char token[FERRY_P2V_TOKEN_CHARS + 1])
{
  g_autoptr (ferry_p2v_job) job = g_new0 (struct ferry_p2v_job, 1);
  g_autofree char *digest = NULL, *digest_line = NULL;
  int waiting;

  job->log_fd = job->lock_fd = -1;
  waiting = ferry_p2v_jobs_waiting (jobs_fd);
  if (waiting == -1)
    return NULL;
  if ((unsigned) waiting >= limits->max_waiting) {
    ferry_error ("the conversion server already has %d job%s waiting for "
                 "data, its limit: try again later", waiting,
                 waiting == 1 ? "" : "s");
    return NULL;
  }
  if (make_job_dir (job, jobs, jobs_fd) == -1)
    return NULL;
  job->root = g_strdup (root);
  if (ferry_p2v_token_new (token) == -1) {
    remove_job_dir (job->dir);
    return NULL;
  }
  digest = token_digest (token);
  digest_line = g_strconcat (digest, "\n", NULL);
  if (create_file (job, "description", text, len) == -1 ||
      create_file (job, "status", "waiting\n", 8) == -1 ||
      create_file (job, "token-digest", digest_line, strlen (digest_line)) ==
      -1 ||
      create_file (job, "log", "", 0) == -1 ||
      open_log (job) == -1) {
    ferry_p2v_wipe (token, FERRY_P2V_TOKEN_CHARS);
    remove_job_dir (job->dir);
    return NULL;
  }
  if (limits->keep_days > 0)
    ferry_p2v_jobs_remove_old (jobs_fd, limits->keep_days, time (NULL),
                               log_removed, job);
  return g_steal_pointer (&job);
}

struct ferry_p2v_job *
ferry_p2v_job_create (const char *root, const char *text, size_t len,
                      const struct ferry_p2v_job_limits *limits,
                      char token[FERRY_P2V_TOKEN_CHARS + 1])
{
  g_autofree char *jobs = g_build_filename (root, "jobs", NULL);
  struct ferry_p2v_job *job;
  int jobs_fd;

  if (strlen (jobs) + 1 + FERRY_P2V_JOB_ID_CHARS + 1 +
      strlen (LONGEST_SOCKET) >= sizeof ((struct sockaddr_un *) 0)->sun_path) {
    ferry_error ("the output root '%s' is too long a path for the disks' "
                 "unix sockets: choose a shorter one", root);
    return NULL;
  }
  jobs_fd = ferry_p2v_jobs_lock (root);
  if (jobs_fd == -1)
    return NULL;
  job = create_locked (root, jobs, jobs_fd, text, len, limits, token);
  close (jobs_fd);
  return job;
}

bool
ferry_p2v_read_token (int fd, unsigned timeout_s,
                      char token[FERRY_P2V_TOKEN_CHARS + 1])
{
  gint64 deadline = g_get_monotonic_time () +
    (gint64) timeout_s * G_USEC_PER_SEC;
  char line[FERRY_P2V_TOKEN_LINE_LEN];
  size_t len = 0;
  bool ok;

  /* One byte at a time: what follows the line (NBD) is not ours. */
  while (len < sizeof line) {
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    gint64 left = deadline - g_get_monotonic_time ();
    ssize_t n;
    int r;

    if (left <= 0)
      break;
    r = poll (&pfd, 1, (left + 999) / 1000);
    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    n = read (fd, line + len, 1);
    if (n == -1 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n <= 0)
      break;
    if (line[len++] == '\n')
      break;
  }
  ok = ferry_p2v_parse_token_line (line, len, token);
  ferry_p2v_wipe (line, sizeof line);
  return ok;
}

/* The digest in ROOT/jobs/ID/token-digest into DIGEST; false when there
 * is no such job, or no such file of the right form.
 */
static bool
read_digest (const char *dir, char digest[DIGEST_CHARS + 1])
{
  g_autofree char *path = g_build_filename (dir, "token-digest", NULL);
  char buf[DIGEST_CHARS + 2];
  struct stat st;
  ssize_t n;
  int fd;

  fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1)
    return false;
  if (fstat (fd, &st) == -1 || !S_ISREG (st.st_mode)) {
    close (fd);
    return false;
  }
  do
    n = read (fd, buf, sizeof buf);
  while (n == -1 && errno == EINTR);
  close (fd);
  if (n != DIGEST_CHARS + 1 || buf[DIGEST_CHARS] != '\n')
    return false;
  memcpy (digest, buf, DIGEST_CHARS);
  digest[DIGEST_CHARS] = '\0';
  return true;
}

struct ferry_p2v_job *
ferry_p2v_job_open (const char *root, const char *id, const char *token)
{
  g_autoptr (ferry_p2v_job) job = g_new0 (struct ferry_p2v_job, 1);
  g_autofree char *given = NULL;
  /* Compared with when there is no job: the same work either way. */
  char digest[DIGEST_CHARS + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";
  struct stat st;
  bool found;

  job->log_fd = job->lock_fd = -1;
  if (!ferry_p2v_job_id_valid (id)) {
    ferry_error ("'%s' is not a job name", id);
    return NULL;
  }
  job->root = g_strdup (root);
  job->id = g_strdup (id);
  job->dir = g_build_filename (root, "jobs", id, NULL);
  found = lstat (job->dir, &st) == 0 && S_ISDIR (st.st_mode) &&
    read_digest (job->dir, digest);
  given = token_digest (token != NULL ? token : "");
  if (!(ferry_p2v_equal (given, digest, DIGEST_CHARS) & found &
        (token != NULL))) {
    ferry_error ("no job '%s' on this server", id);
    return NULL;
  }
  if (open_log (job) == -1)
    return NULL;
  return g_steal_pointer (&job);
}

int
ferry_p2v_job_set_status (struct ferry_p2v_job *job, const char *status)
{
  g_autofree char *tmp = g_build_filename (job->dir, ".status.new", NULL);
  g_autofree char *path = g_build_filename (job->dir, "status", NULL);
  g_autofree char *line = ferry_p2v_one_line (status);
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  int fd;

  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
             0600);
  if (fd == -1) {
    ferry_error_errno (errno, "cannot write the status of job '%s'", job->id);
    return -1;
  }
  if (write_all (fd, text, strlen (text)) == -1 || close (fd) == -1) {
    int e = errno;

    close (fd);
    unlink (tmp);
    ferry_error_errno (e, "cannot write the status of job '%s'", job->id);
    return -1;
  }
  if (rename (tmp, path) == -1) {
    ferry_error_errno (errno, "cannot write the status of job '%s'", job->id);
    unlink (tmp);
    return -1;
  }
  return 0;
}

/* Read NAME in the job's folder, at most MAX bytes. */
static char *
read_job_file (struct ferry_p2v_job *job, const char *name, size_t max,
               size_t *len)
{
  g_autofree char *path = g_build_filename (job->dir, name, NULL);
  g_autoptr (GError) gerr = NULL;
  char *text = NULL;
  gsize n = 0;

  if (!g_file_get_contents (path, &text, &n, &gerr)) {
    ferry_error ("cannot read the %s of job '%s': %s", name, job->id,
                 gerr->message);
    return NULL;
  }
  if (n > max) {
    ferry_error ("the %s of job '%s' is too large", name, job->id);
    g_free (text);
    return NULL;
  }
  if (len != NULL)
    *len = n;
  return text;
}

char *
ferry_p2v_job_status (struct ferry_p2v_job *job)
{
  char *text = read_job_file (job, "status", MAX_LINE + 1, NULL);
  char *nl;

  if (text == NULL)
    return NULL;
  nl = strchr (text, '\n');
  if (nl != NULL)
    *nl = '\0';
  return text;
}

char *
ferry_p2v_job_description (struct ferry_p2v_job *job, size_t *len)
{
  return read_job_file (job, "description", FERRY_P2V_DESCRIPTION_MAX_SIZE,
                        len);
}

void
ferry_p2v_job_log (struct ferry_p2v_job *job, const char *type,
                   const char *fmt, ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = NULL, *text = NULL, *line = NULL, *entry = NULL;
  va_list args;

  if (job->log_fd < 0)
    return;
  va_start (args, fmt);
  text = g_strdup_vprintf (fmt, args);
  va_end (args);
  line = ferry_p2v_one_line (text);
  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f%:z");
  entry = g_strdup_printf ("%s %s %s\n", stamp ? stamp : "-", type, line);
  /* One write: lines of concurrent processes do not mix. */
  if (write_all (job->log_fd, entry, strlen (entry)) == -1)
    return;
}

char *
ferry_p2v_job_disk_socket (const struct ferry_p2v_job *job, unsigned index)
{
  g_autofree char *name = g_strdup_printf ("disk-%u.sock", index);

  return g_build_filename (job->dir, name, NULL);
}

char *
ferry_p2v_job_disk_uri (const struct ferry_p2v_job *job, unsigned index)
{
  g_autofree char *socket = ferry_p2v_job_disk_socket (job, index);
  g_autofree char *escaped = g_uri_escape_string (socket, "/", false);

  return g_strconcat ("nbd+unix:///?socket=", escaped, NULL);
}

char *
ferry_p2v_one_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *line = g_string_sized_new (strlen (valid));
  const char *p;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (line->len + 6 > MAX_LINE)
      break;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
      g_string_append_c (line, ' ');
    else
      g_string_append_unichar (line, c);
  }
  return g_string_free (line, FALSE);
}

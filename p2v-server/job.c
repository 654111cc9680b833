/* ferry-p2v-server: the output root and the jobs' folders (job.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "job.h"
#include "description.h"
#include "errors.h"
#include "nbdkit.h"
#include "banned.h"

#define MAX_JOB_ID 64
#define MAX_LINE (60 * 1024)

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

bool
ferry_p2v_job_id_valid (const char *id)
{
  size_t i, len = strlen (id);

  if (len == 0 || len > MAX_JOB_ID)
    return false;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-')
      return false;
  return true;
}

void
ferry_p2v_job_free (struct ferry_p2v_job *job)
{
  if (job == NULL)
    return;
  if (job->log_fd >= 0)
    close (job->log_fd);
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

/* Create FILE in the job's folder (it must not exist) holding TEXT. */
static int
create_file (const char *dir, const char *name, const char *text, size_t len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                 0600);

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
    "description", "status", "log", ".status.new", NULL,
  };
  size_t i;

  for (i = 0; files[i] != NULL; i++) {
    g_autofree char *path = g_build_filename (dir, files[i], NULL);
    unlink (path);
  }
  rmdir (dir);
}

struct ferry_p2v_job *
ferry_p2v_job_create (const char *root, const char *text, size_t len)
{
  g_autoptr (ferry_p2v_job) job = g_new0 (struct ferry_p2v_job, 1);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *jobs = g_build_filename (root, "jobs", NULL);
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *template = NULL;
  struct stat st;

  job->log_fd = -1;
  template = g_strdup_printf ("%s/%s-XXXXXX", jobs, stamp);
  if (strlen (template) + 1 + strlen (LONGEST_SOCKET) >=
      sizeof ((struct sockaddr_un *) 0)->sun_path) {
    ferry_error ("the output root '%s' is too long a path for the disks' "
                 "unix sockets: choose a shorter one", root);
    return NULL;
  }
  if (mkdir (jobs, 0700) == -1 && errno != EEXIST) {
    ferry_error_errno (errno, "cannot create '%s'", jobs);
    return NULL;
  }
  if (lstat (jobs, &st) == -1 || !S_ISDIR (st.st_mode)) {
    ferry_error ("'%s' is not a folder", jobs);
    return NULL;
  }
  if (g_mkdtemp_full (template, 0700) == NULL) {
    ferry_error_errno (errno, "cannot create a job folder in '%s'", jobs);
    return NULL;
  }
  job->root = g_strdup (root);
  job->dir = g_strdup (template);
  job->id = g_path_get_basename (template);
  if (create_file (job->dir, "description", text, len) == -1 ||
      create_file (job->dir, "status", "waiting\n", 8) == -1 ||
      create_file (job->dir, "log", "", 0) == -1 ||
      open_log (job) == -1) {
    remove_job_dir (job->dir);
    return NULL;
  }
  return g_steal_pointer (&job);
}

struct ferry_p2v_job *
ferry_p2v_job_open (const char *root, const char *id)
{
  g_autoptr (ferry_p2v_job) job = g_new0 (struct ferry_p2v_job, 1);
  struct stat st;

  job->log_fd = -1;
  if (!ferry_p2v_job_id_valid (id)) {
    ferry_error ("'%s' is not a job name", id);
    return NULL;
  }
  job->root = g_strdup (root);
  job->id = g_strdup (id);
  job->dir = g_build_filename (root, "jobs", id, NULL);
  if (lstat (job->dir, &st) == -1 || !S_ISDIR (st.st_mode)) {
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

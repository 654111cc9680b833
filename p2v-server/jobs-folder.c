/* ferry-p2v-server: the jobs' folder as a whole (jobs-folder.h). */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "jobs-folder.h"
#include "p2v-protocol.h"
#include "errors.h"
#include "banned.h"

#define STATUS_MAX 256           /* bytes read of a status: its start */
#define MAX_DEPTH 8              /* a job's folder holds one level of
                                    folders (nbdkit's): far fewer */
#define DAY_S (24 * 60 * 60)

int
ferry_p2v_jobs_lock (const char *root)
{
  g_autofree char *jobs = g_build_filename (root, "jobs", NULL);
  int fd;

  if (mkdir (jobs, 0700) == -1 && errno != EEXIST) {
    ferry_error_errno (errno, "cannot create '%s'", jobs);
    return -1;
  }
  fd = open (jobs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) {
    if (errno == ELOOP || errno == ENOTDIR)
      ferry_error ("'%s' is not a folder", jobs);
    else
      ferry_error_errno (errno, "cannot open '%s'", jobs);
    return -1;
  }
  while (flock (fd, LOCK_EX) == -1) {
    if (errno == EINTR)
      continue;
    ferry_error_errno (errno, "cannot lock '%s'", jobs);
    close (fd);
    return -1;
  }
  return fd;
}

/* The names in the folder DIR_FD (not "." and ".."), or NULL with the
 * error set.  DIR_FD itself is left as it was.
 */
static GPtrArray *
list_names (int dir_fd, const char *shown)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct dirent *entry;
  DIR *dir;
  int fd;

  /* A descriptor of its own: readdir moves its offset. */
  fd = openat (dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1 || (dir = fdopendir (fd)) == NULL) {
    ferry_error_errno (errno, "cannot list '%s'", shown);
    if (fd >= 0)
      close (fd);
    return NULL;
  }
  errno = 0;
  while ((entry = readdir (dir)) != NULL) {
    if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0)
      g_ptr_array_add (names, g_strdup (entry->d_name));
    errno = 0;
  }
  if (errno != 0) {
    ferry_error_errno (errno, "cannot list '%s'", shown);
    closedir (dir);
    return NULL;
  }
  closedir (dir);
  return g_steal_pointer (&names);
}

/* The first line of the regular file "status" in the job's folder DIR_FD,
 * or NULL.
 */
static char *
read_status (int dir_fd)
{
  char buf[STATUS_MAX + 1];
  struct stat st;
  ssize_t n;
  int fd;

  fd = openat (dir_fd, "status",
               O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1)
    return NULL;
  if (fstat (fd, &st) == -1 || !S_ISREG (st.st_mode)) {
    close (fd);
    return NULL;
  }
  do
    n = read (fd, buf, STATUS_MAX);
  while (n == -1 && errno == EINTR);
  close (fd);
  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  return g_strndup (buf, strcspn (buf, "\n"));
}

enum job_state {
  JOB_NOT_OURS,            /* not a job's folder this server made */
  JOB_WAITING,             /* alive, and its status is "waiting" */
  JOB_ALIVE,               /* alive, any other status */
  JOB_OVER,                /* nobody holds its lock: now the caller does */
};

/* What NAME in JOBS_FD is.  For a job of this server's, *ST is what
 * fstatat said of its folder and *DIR_FD the folder, open (the caller
 * closes it, which releases the lock of a JOB_OVER); else *DIR_FD is -1.
 */
static enum job_state
job_state (int jobs_fd, const char *name, struct stat *st, int *dir_fd)
{
  g_autofree char *status = NULL;
  struct stat opened, marker;
  bool alive;
  int fd;

  *dir_fd = -1;
  if (!ferry_p2v_job_id_made (name) ||
      fstatat (jobs_fd, name, st, AT_SYMLINK_NOFOLLOW) == -1 ||
      !S_ISDIR (st->st_mode) || st->st_uid != geteuid ())
    return JOB_NOT_OURS;
  fd = openat (jobs_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1)
    return JOB_NOT_OURS;
  /* The folder opened is the one looked at, and holds what every job's
   * folder holds from its start.
   */
  if (fstat (fd, &opened) == -1 || opened.st_dev != st->st_dev ||
      opened.st_ino != st->st_ino ||
      fstatat (fd, "token-digest", &marker, AT_SYMLINK_NOFOLLOW) == -1 ||
      !S_ISREG (marker.st_mode) || (status = read_status (fd)) == NULL) {
    close (fd);
    return JOB_NOT_OURS;
  }
  alive = flock (fd, LOCK_EX | LOCK_NB) == -1;
  *dir_fd = fd;
  if (!alive)
    return JOB_OVER;
  return strcmp (status, "waiting") == 0 ? JOB_WAITING : JOB_ALIVE;
}

int
ferry_p2v_jobs_waiting (int jobs_fd)
{
  g_autoptr (GPtrArray) names = list_names (jobs_fd, "jobs");
  int waiting = 0;
  size_t i;

  if (names == NULL)
    return -1;
  for (i = 0; i < names->len; i++) {
    struct stat st;
    int fd;

    if (job_state (jobs_fd, names->pdata[i], &st, &fd) == JOB_WAITING)
      waiting++;
    if (fd >= 0)
      close (fd);
  }
  return waiting;
}

/* Remove NAME in the folder PARENT: a folder with everything in it (at
 * most DEPTH levels of folders), anything else unlinked.  A symlink is
 * removed, not followed; nothing on a device other than DEV is touched.
 * SHOWN: NAME's path for errors.  Returns 0, or -1 with the error set.
 */
static int
remove_tree (int parent, const char *name, const char *shown, dev_t dev,
             unsigned depth)
{
  g_autoptr (GPtrArray) names = NULL;
  struct stat st, opened;
  size_t i;
  int fd, r = 0;

  if (fstatat (parent, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
    if (errno == ENOENT)
      return 0;
    ferry_error_errno (errno, "cannot look at '%s'", shown);
    return -1;
  }
  if (st.st_dev != dev) {
    ferry_error ("'%s' is on another file system", shown);
    return -1;
  }
  if (!S_ISDIR (st.st_mode)) {
    if (unlinkat (parent, name, 0) == -1 && errno != ENOENT) {
      ferry_error_errno (errno, "cannot remove '%s'", shown);
      return -1;
    }
    return 0;
  }
  if (depth == 0) {
    ferry_error ("'%s' has too many levels of folders", shown);
    return -1;
  }
  fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) {
    ferry_error_errno (errno, "cannot open '%s'", shown);
    return -1;
  }
  if (fstat (fd, &opened) == -1 || opened.st_dev != st.st_dev ||
      opened.st_ino != st.st_ino) {
    ferry_error ("'%s' changed while it was being removed", shown);
    close (fd);
    return -1;
  }
  names = list_names (fd, shown);
  if (names == NULL)
    r = -1;
  for (i = 0; names != NULL && i < names->len; i++) {
    g_autofree char *path = g_build_filename (shown, names->pdata[i], NULL);

    if (remove_tree (fd, names->pdata[i], path, dev, depth - 1) == -1)
      r = -1;
  }
  close (fd);
  if (r == 0 && unlinkat (parent, name, AT_REMOVEDIR) == -1) {
    ferry_error_errno (errno, "cannot remove '%s'", shown);
    r = -1;
  }
  return r;
}

void
ferry_p2v_jobs_remove_old (int jobs_fd, unsigned days, time_t now,
                           ferry_p2v_jobs_removed_fn fn, void *opaque)
{
  g_autoptr (GPtrArray) names = list_names (jobs_fd, "jobs");
  time_t limit = now - (time_t) days * DAY_S;
  size_t i;

  if (names == NULL) {
    fn ("jobs", ferry_error_get (), opaque);
    return;
  }
  for (i = 0; i < names->len; i++) {
    const char *name = names->pdata[i];
    struct stat st;
    int fd;

    /* The job's lock is held while its folder goes. */
    if (job_state (jobs_fd, name, &st, &fd) == JOB_OVER &&
        st.st_mtime < limit) {
      if (remove_tree (jobs_fd, name, name, st.st_dev, MAX_DEPTH) == -1)
        fn (name, ferry_error_get (), opaque);
      else
        fn (name, NULL, opaque);
    }
    if (fd >= 0)
      close (fd);
  }
}

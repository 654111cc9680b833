/* ferry: a folder ferry writes its results into (see outdir.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "outdir.h"
#include "errors.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

struct ferry_outdir *
ferry_outdir_open (const char *path, const char *what)
{
  g_autoptr (ferry_outdir) d = g_new0 (struct ferry_outdir, 1);
  struct stat st;

  d->fd = -1;
  d->lock_fd = -1;
  d->fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d->fd == -1) {
    if (errno == ENOTDIR)
      ferry_error ("%s: the output folder is not a folder", what);
    else
      ferry_error_errno (errno, "%s: cannot use the output folder", what);
    return NULL;
  }
  if (fstat (d->fd, &st) == -1) {
    ferry_error_errno (errno, "%s: cannot use the output folder", what);
    return NULL;
  }
  /* Its owner may change it at will; root is trusted anyway. */
  if (st.st_uid != geteuid () && st.st_uid != 0) {
    ferry_error ("%s: the output folder belongs to another account (%u), "
                 "which could replace ferry's files while it writes them: "
                 "use a folder of your own", what, (unsigned) st.st_uid);
    return NULL;
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
      !((st.st_mode & S_ISVTX) != 0 && st.st_uid == geteuid ())) {
    ferry_error ("%s: other accounts may write in the output folder "
                 "(mode %04o, owner %u): one could replace ferry's files "
                 "while it writes them; use a folder only you can write "
                 "in, or a sticky one you own (chmod o-w,g-w, or +t)",
                 what, (unsigned) (st.st_mode & 07777), (unsigned) st.st_uid);
    return NULL;
  }
  if (faccessat (d->fd, ".", W_OK, AT_EACCESS) == -1) {
    ferry_error_errno (errno, "%s: cannot write in the output folder", what);
    return NULL;
  }
  {
    g_autofree char *self = ferry_outdir_fd_path (d->fd);
    d->path = realpath (self, NULL);
  }
  if (d->path == NULL) {
    ferry_error_errno (errno, "%s: cannot use the output folder", what);
    return NULL;
  }
  return g_steal_pointer (&d);
}

void
ferry_outdir_free (struct ferry_outdir *d)
{
  if (d == NULL)
    return;
  if (d->lock_fd >= 0) {
    /* Removed while still held: a run waiting for it sees that the name
     * it locked is gone and starts again (ferry_outdir_lock).
     */
    ferry_outdir_unlink (d, d->lock_name, d->lock_fd);
    ferry_tempfile_unregister (d->lock_path);
    close (d->lock_fd);
  }
  g_free (d->lock_name);
  g_free (d->lock_path);
  if (d->fd >= 0)
    close (d->fd);
  g_free (d->path);
  g_free (d);
}

static bool
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Is NAME in D still the file FD? */
static bool
still_there (struct ferry_outdir *d, const char *name, int fd)
{
  struct stat by_name, by_fd;

  return fstatat (d->fd, name, &by_name, AT_SYMLINK_NOFOLLOW) == 0 &&
    fstat (fd, &by_fd) == 0 && same_file (&by_name, &by_fd);
}

int
ferry_outdir_lock (struct ferry_outdir *d, const char *name)
{
  g_autofree char *lock = g_strconcat (".", name, ".lock", NULL);
  int tries;

  g_assert (d->lock_fd == -1);
  /* A run that ends removes its lock file while it holds it: after
   * getting the lock, make sure the file is still the one named.
   */
  for (tries = 0; tries < 10; tries++) {
    struct stat st;
    int fd = openat (d->fd, lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
                     0600);

    if (fd == -1) {
      ferry_error_errno (errno, "cannot create the lock file '%s/%s'",
                         d->path, lock);
      return -1;
    }
    if (fstat (fd, &st) == -1 || !S_ISREG (st.st_mode) ||
        st.st_uid != geteuid ()) {
      ferry_error ("'%s/%s' is not a lock file of ferry's user: remove it",
                   d->path, lock);
      close (fd);
      return -1;
    }
    if (flock (fd, LOCK_EX | LOCK_NB) == -1) {
      int e = errno;

      close (fd);
      if (e == EWOULDBLOCK) {
        ferry_error ("another conversion is writing '%s' in '%s' (it holds "
                     "'%s'): wait for it, or name the guest differently "
                     "with -on", name, d->path, lock);
        return -1;
      }
      ferry_error_errno (e, "cannot lock '%s/%s'", d->path, lock);
      return -1;
    }
    if (!still_there (d, lock, fd)) {
      close (fd);
      continue;
    }
    d->lock_fd = fd;
    d->lock_name = g_steal_pointer (&lock);
    d->lock_path = g_build_filename (d->path, d->lock_name, NULL);
    if (ferry_tempfile_register (d->lock_path, false) == -1)
      ferry_error_clear ();  /* only the clean-up on a signal is lost */
    return 0;
  }
  ferry_error ("cannot lock '%s/%s': it keeps being replaced", d->path, lock);
  return -1;
}

int
ferry_outdir_create (struct ferry_outdir *d, const char *name, mode_t mode,
                     bool replace_stale)
{
  int fd;

  if (replace_stale) {
    struct stat st;

    if (fstatat (d->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG (st.st_mode) && st.st_uid == geteuid () &&
        unlinkat (d->fd, name, 0) == 0)
      ferry_warning ("removed '%s/%s', left by a conversion that was "
                     "stopped", d->path, name);
  }
  fd = openat (d->fd, name,
               O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd == -1) {
    if (errno == EEXIST)
      ferry_error ("'%s/%s' exists: another conversion is writing there, "
                   "or someone else put it there (then remove it)",
                   d->path, name);
    else
      ferry_error_errno (errno, "cannot create '%s/%s'", d->path, name);
    return -1;
  }
  return fd;
}

bool
ferry_outdir_exists (struct ferry_outdir *d, const char *name)
{
  struct stat st;

  return fstatat (d->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
    errno != ENOENT;
}

char *
ferry_outdir_fd_path (int fd)
{
  return g_strdup_printf ("/proc/%ld/fd/%d", (long) getpid (), fd);
}

int
ferry_outdir_rename (struct ferry_outdir *d, const char *from,
                     const char *to, int fd)
{
  if (!still_there (d, from, fd)) {
    ferry_error ("'%s/%s' was replaced or removed while ferry wrote it: "
                 "the result is not trusted", d->path, from);
    return -1;
  }
  if (renameat2 (d->fd, from, d->fd, to, RENAME_NOREPLACE) == -1) {
    if (errno == EEXIST)
      ferry_error ("'%s/%s' appeared while ferry wrote it: remove it, or "
                   "name the guest differently with -on", d->path, to);
    else
      ferry_error_errno (errno, "cannot rename '%s/%s' to '%s'", d->path,
                         from, to);
    return -1;
  }
  return 0;
}

void
ferry_outdir_unlink (struct ferry_outdir *d, const char *name, int fd)
{
  if (fd >= 0 && !still_there (d, name, fd))
    return;
  unlinkat (d->fd, name, 0);
}

int
ferry_outdir_free_space (struct ferry_outdir *d, uint64_t *bytes)
{
  struct statvfs sv;

  if (fstatvfs (d->fd, &sv) == -1) {
    ferry_error_errno (errno, "cannot tell the free space in '%s'", d->path);
    return -1;
  }
  *bytes = (uint64_t) (geteuid () == 0 ? sv.f_bfree : sv.f_bavail) *
    sv.f_frsize;
  return 0;
}

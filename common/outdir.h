/* ferry: a folder ferry writes its results into, safely.
 *
 * ferry runs as root and writes into folders that other accounts may be
 * able to change (a shared /var/tmp, a P2V job root, a storage pool).
 * Every file ferry puts there is made through this module:
 *
 *   - the folder is opened once (ferry_outdir_open); every file operation
 *     after that is relative to that descriptor (openat, renameat2), so
 *     renaming the folder or a folder above it mid-run redirects nothing;
 *   - a folder that other accounts may write into is refused, unless it
 *     is sticky and owned by ferry's user (like /tmp): there, nobody else
 *     can rename or remove ferry's files; so is a folder owned by another
 *     account than ferry's or root (its owner can change it at will);
 *   - files are created with O_CREAT|O_EXCL|O_NOFOLLOW: a planted file or
 *     symbolic link makes the creation fail instead of being written
 *     through; programs that write a file (qemu-img) get it as
 *     /proc/PID/fd/N, a path that leads to the file ferry created whatever
 *     happens to its name;
 *   - before a file gets its final name, its name is checked to still be
 *     the file ferry created, and the rename never replaces anything
 *     (RENAME_NOREPLACE);
 *   - one conversion at a time writes a given guest name in a folder: an
 *     exclusive lock on ".NAME.lock" (ferry_outdir_lock) is taken before
 *     any work and held until the result is complete or removed.
 */
#ifndef FERRY_OUTDIR_H
#define FERRY_OUTDIR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <glib.h>

struct ferry_outdir {
  int fd;                  /* the folder, opened once */
  char *path;              /* its real path, for messages and other programs */
  char *lock_name;         /* ".NAME.lock" while the lock is held, or NULL */
  char *lock_path;         /* the same as a full path (signal clean-up) */
  int lock_fd;             /* the lock file, or -1 */
};

/* Open the folder PATH for writing results.  WHAT names the folder in
 * messages, as the user gave it ("-os '/srv/out'").  Fails, with the error
 * set, when PATH is not a folder, cannot be written, belongs to an account
 * other than ferry's or root, or may be written by another account (group
 * or others may write and it is not both sticky and owned by ferry's
 * user).  Returns a new outdir or NULL.
 */
struct ferry_outdir *ferry_outdir_open (const char *path, const char *what);

/* Release the lock (removing the lock file) and close the folder. */
void ferry_outdir_free (struct ferry_outdir *d);
typedef struct ferry_outdir ferry_outdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_outdir, ferry_outdir_free)

/* Take the exclusive lock for guest NAME in the folder, without waiting:
 * ".NAME.lock", created 0600 if missing, must be a regular file owned by
 * ferry's user.  Fails, with an error that says another conversion is
 * writing NAME there, when the lock is held.  Held until
 * ferry_outdir_free; a killed run's lock file does not hold the lock.
 */
int ferry_outdir_lock (struct ferry_outdir *d, const char *name);

/* Create the file NAME in the folder with O_CREAT|O_EXCL|O_NOFOLLOW and
 * MODE, open for reading and writing.  With REPLACE_STALE, a file of that
 * name that is a regular file of ferry's user (one a killed run left:
 * callers hold the lock) is removed first, with a warning.  Returns the
 * descriptor (close-on-exec), or -1 with the error set naming the file.
 */
int ferry_outdir_create (struct ferry_outdir *d, const char *name,
                         mode_t mode, bool replace_stale);

/* Does NAME exist in the folder (as anything, a dangling link too)? */
bool ferry_outdir_exists (struct ferry_outdir *d, const char *name);

/* "/proc/PID/fd/FD": a path another program can open to reach exactly the
 * file FD of this process, whatever becomes of its name.
 */
char *ferry_outdir_fd_path (int fd);

/* Give the file FD, created as FROM, its final name TO: fails if FROM is
 * no longer that file (it was replaced or removed) or if TO exists.
 * Returns 0 or -1 with the error set.
 */
int ferry_outdir_rename (struct ferry_outdir *d, const char *from,
                         const char *to, int fd);

/* Remove NAME from the folder if it is still the file FD (FD -1: remove
 * NAME whatever it is).  Errors are ignored: for clean-ups.
 */
void ferry_outdir_unlink (struct ferry_outdir *d, const char *name, int fd);

/* *BYTES: what ferry's user may still write on the folder's filesystem
 * (root may use the blocks kept for root).  Returns 0 or -1 with the
 * error set.
 */
int ferry_outdir_free_space (struct ferry_outdir *d, uint64_t *bytes);

#endif /* FERRY_OUTDIR_H */

/* ferry-p2v-server: the jobs' folder ROOT/jobs as a whole.
 *
 * Each job's control session holds an exclusive flock on the job's
 * folder from the folder's creation until the session exits (its
 * conversion process shares the lock): a job whose folder is locked is
 * alive.  A job is over when its status is "done ..." or "failed: ...",
 * or when nobody holds its lock any more (its session was killed before
 * it could write either).
 *
 * Changes to the set of jobs happen under an exclusive flock of ROOT/jobs
 * itself: a new job (after counting the jobs that wait for their data,
 * so that two sessions cannot both take the last place) and the removal
 * of old jobs.
 *
 * Only folders the server made are ever removed: their name is one the
 * server makes (p2v-protocol.h), they are folders (not symlinks) owned by
 * the server's user, and they hold the token-digest and status files
 * every job gets.  Removal works below the jobs' folder's descriptor with
 * openat, fstatat (AT_SYMLINK_NOFOLLOW) and unlinkat: a symlink is
 * removed, never followed, and nothing on another file system is
 * touched.
 */
#ifndef FERRY_P2V_JOBS_FOLDER_H
#define FERRY_P2V_JOBS_FOLDER_H

#include <time.h>

/* Open ROOT/jobs (creating it with mode 0700 when it is missing; it must
 * be a folder, not a symlink) and lock it.  Returns its descriptor, whose
 * close unlocks it, or -1 with the error set.
 */
int ferry_p2v_jobs_lock (const char *root);

/* How many jobs in the locked JOBS_FD wait for their data: status
 * "waiting", and alive.  -1 with the error set when the folder cannot be
 * listed.
 */
int ferry_p2v_jobs_waiting (int jobs_fd);

/* Called for each old job removed, with ERROR NULL, or that could not be
 * removed (whole), with ERROR saying why.
 */
typedef void (*ferry_p2v_jobs_removed_fn) (const char *name, const char *error,
                                          void *opaque);

/* Remove from the locked JOBS_FD the folders of the jobs that are over
 * and whose folder was last changed (its mtime) more than DAYS days
 * before NOW.  Reports each to FN.
 */
void ferry_p2v_jobs_remove_old (int jobs_fd, unsigned days, time_t now,
                                ferry_p2v_jobs_removed_fn fn, void *opaque);

#endif /* FERRY_P2V_JOBS_FOLDER_H */

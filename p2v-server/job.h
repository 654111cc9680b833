/* ferry-p2v-server: the output root and the jobs' folders.
 *
 * The server writes only under its output root (--root): the guests'
 * output in the folders the clients name with -os, each job's own files
 * in ROOT/jobs/JOB (docs/p2v-protocol.md).  Every path here is built from
 * the root's real path, so that what the server checks is what it uses.
 *
 * A job's folder (mode 0700) holds:
 *   description      the key file as the client sent it
 *   status           one line: waiting, running, done [FILE] or
 *                    failed: MESSAGE; replaced whole (written under a
 *                    temporary name, then renamed), so a reader never
 *                    sees half of it
 *   token-digest     the SHA-256 of the job's token, in hex: the token
 *                    itself is kept nowhere on the server
 *   log              timestamped lines, appended by every process of the
 *                    job (control session and data bridges)
 *   disk-N.sock      the socket of disk N's nbdkit, while it is bridged
 *   disk-N.lock      held (flock) by the data bridge of disk N
 *   ferry-nbdkit.XXXXXX
 *                    the private folder of a data bridge's nbdkit
 *                    (nbdkit.h) while it runs: its pid file, its log,
 *                    and its socket until nbdkit is ready
 *
 * Job names are random (p2v-protocol.h); the folder is made with mkdir,
 * so concurrent clients never share one.  The folder itself is locked
 * (flock) by the job's control session while it lives (jobs-folder.h).
 *
 * A request about an existing job (a data bridge, a status query) must
 * give the job's token: whether the job is missing or the token wrong,
 * the answer is the same, "no job 'JOB' on this server", after the same
 * work.
 */
#ifndef FERRY_P2V_JOB_H
#define FERRY_P2V_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "p2v-protocol.h"

struct ferry_p2v_job {
  char *root;              /* the output root's real path */
  char *id;                /* JOB: [A-Za-z0-9-]+ */
  char *dir;               /* ROOT/jobs/JOB */
  int log_fd;              /* the log, opened for appending, or -1 */
  int lock_fd;             /* the job's folder, locked, for the session
                            * that created it; else -1 */
};

/* What the server allows of new jobs (its options). */
struct ferry_p2v_job_limits {
  unsigned max_waiting;    /* jobs whose status is "waiting", at most */
  unsigned keep_days;      /* jobs over for longer are removed when a job
                            * is created; 0: never */
};

/* The real path of DIR, which must be an existing folder, in a new
 * string; NULL with the error set.
 */
char *ferry_p2v_root_open (const char *dir);

/* Where -os STORAGE goes: the real path of ROOT/STORAGE (ROOT itself for
 * ""), which must be an existing folder inside ROOT (after symlinks) and
 * not the jobs' folder or inside it.  STORAGE must pass
 * ferry_p2v_check_storage.  A new string, or NULL with an error that
 * names STORAGE.  Creates nothing.
 */
char *ferry_p2v_confine_storage (const char *root, const char *storage);

/* Create a new job under ROOT (a real path), within LIMITS: ROOT/jobs if
 * needed, then, unless LIMITS->max_waiting jobs wait already, the job's
 * folder, locked, with its description (the LEN bytes of TEXT), status
 * "waiting", its token's digest and an empty log; then the removal of
 * old jobs (LIMITS->keep_days), which the new job's log records.  The
 * job's token goes to TOKEN, for its creator alone.  NULL with the error
 * set; on failure nothing is left behind.
 */
struct ferry_p2v_job *ferry_p2v_job_create (
  const char *root, const char *text, size_t len,
  const struct ferry_p2v_job_limits *limits,
  char token[FERRY_P2V_TOKEN_CHARS + 1]);

/* Read the first line of a request's input from FD, "token TOKEN" (no
 * byte past its newline is read), within TIMEOUT_S seconds, into TOKEN.
 * false when it is not there, late or malformed.
 */
bool ferry_p2v_read_token (int fd, unsigned timeout_s,
                           char token[FERRY_P2V_TOKEN_CHARS + 1]);

/* Open the existing job ID under ROOT for a request that gave TOKEN
 * (NULL: it gave none).  NULL with the error set: "'ID' is not a job
 * name" for a malformed ID, else "no job 'ID' on this server", alike for
 * a job that does not exist, that is not one of this version's, and a
 * token that does not match.
 */
struct ferry_p2v_job *ferry_p2v_job_open (const char *root, const char *id,
                                          const char *token);

void ferry_p2v_job_free (struct ferry_p2v_job *job);
typedef struct ferry_p2v_job ferry_p2v_job;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_p2v_job, ferry_p2v_job_free)

/* Replace the job's status with the line STATUS.  Returns 0, or -1 with
 * the error set.
 */
int ferry_p2v_job_set_status (struct ferry_p2v_job *job, const char *status);

/* The job's status line, without its newline, in a new string; NULL with
 * the error set if it cannot be read.
 */
char *ferry_p2v_job_status (struct ferry_p2v_job *job);

/* Read the job's description file into a new string (*LEN its length);
 * NULL with the error set.
 */
char *ferry_p2v_job_description (struct ferry_p2v_job *job, size_t *len);

/* Append "TIMESTAMP TYPE TEXT" to the job's log, TEXT made one line.  A
 * log that cannot be written loses the line: the job goes on.
 */
void ferry_p2v_job_log (struct ferry_p2v_job *job, const char *type,
                        const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* ROOT/jobs/JOB/disk-INDEX.sock, and the NBD URI qemu opens for it. */
char *ferry_p2v_job_disk_socket (const struct ferry_p2v_job *job,
                                 unsigned index);
char *ferry_p2v_job_disk_uri (const struct ferry_p2v_job *job,
                              unsigned index);

/* TEXT as one line of the protocol: invalid UTF-8 replaced, every control
 * character (newline included) a space, at most 60 KiB.  A new string.
 */
char *ferry_p2v_one_line (const char *text);

#endif /* FERRY_P2V_JOB_H */

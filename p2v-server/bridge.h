/* ferry-p2v-server: the data bridge of one disk ("data JOB INDEX").
 *
 * The client's SSH channel (this process's standard input and output)
 * carries first the line "token TOKEN", the job's token (job.h), then the
 * NBD connection to the client's nbdkit, which serves the disk
 * read-only.  Without the right token the bridge answers as for a job
 * that does not exist.  The bridge hands that stream to an nbdkit of its own
 * (nbdkit.h: the nbd plugin on one end of a socketpair, socket-fd=3, one
 * shared upstream connection) which listens on the unix socket
 * ROOT/jobs/JOB/disk-INDEX.sock, where the job's conversion connects.
 *
 * nbdkit listens first in its private folder, inside the job's folder;
 * the socket is renamed to disk-INDEX.sock only once nbdkit is ready, so
 * a socket under that name always accepts connections.  The bridge pumps
 * bytes both ways (pump.h) from the start, for nbdkit opens its upstream
 * connection before it is ready, until either side closes, nbdkit exits
 * or the job is over (its status is neither waiting nor running), then
 * stops nbdkit, which removes the socket.  A flock on disk-INDEX.lock
 * keeps two bridges from serving the same disk.
 */
#ifndef FERRY_P2V_BRIDGE_H
#define FERRY_P2V_BRIDGE_H

/* Bridge disk INDEX (decimal text) of job JOB under the output root ROOT
 * (as given with --root).  Errors go to standard error as "error: ...".
 * Returns the exit status.
 */
int ferry_p2v_bridge (const char *root, const char *job, const char *index);

#endif /* FERRY_P2V_BRIDGE_H */

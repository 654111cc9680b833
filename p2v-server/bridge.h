/* ferry-p2v-server: the data bridge of one disk ("data JOB INDEX").
 *
 * The client's SSH channel (this process's standard input and output)
 * carries the NBD connection to the client's nbdkit, which serves the
 * disk read-only.  The bridge hands that stream to an nbdkit of its own
 * (the nbd plugin on one end of a socketpair, socket-fd=3, one shared
 * upstream connection) which listens on the unix socket
 * ROOT/jobs/JOB/disk-INDEX.sock, where the job's conversion connects.
 *
 * nbdkit listens first under a temporary name; the socket gets its final
 * name only once nbdkit has written its pid file (it is then ready), so
 * a socket under its final name always accepts connections.  The bridge
 * pumps bytes both ways until either side closes, nbdkit exits or the
 * job is over (its status is neither waiting nor running), then stops
 * nbdkit and removes the socket.  A flock on disk-INDEX.lock keeps two
 * bridges from serving the same disk.
 */
#ifndef FERRY_P2V_BRIDGE_H
#define FERRY_P2V_BRIDGE_H

/* Bridge disk INDEX (decimal text) of job JOB under the output root ROOT
 * (as given with --root).  Errors go to standard error as "error: ...".
 * Returns the exit status.
 */
int ferry_p2v_bridge (const char *root, const char *job, const char *index);

#endif /* FERRY_P2V_BRIDGE_H */

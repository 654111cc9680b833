/* ferry-p2v: the conversion, driven over SSH.
 *
 * The client side of docs/p2v-protocol.md.  Over one logged-in SSH
 * session it opens a control channel running the server's "convert",
 * sends the machine's description, then opens one channel per disk
 * running "data JOB INDEX" and joins each to the unix socket of the local
 * nbdkit that serves that disk (read-only).  One thread moves the bytes
 * of every disk and reads the server's messages until the server says
 * "done" or "failed", or the connection breaks.
 *
 * Nothing listens on the network: the local nbdkits are on unix sockets,
 * and the NBD traffic is inside the SSH connection.
 */
#ifndef FERRY_P2V_TRANSFER_H
#define FERRY_P2V_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

#include <libssh/libssh.h>

/* What the server reports while it works, for the front end.  Either
 * callback may be NULL.
 */
struct ferry_p2v_events {
  /* TYPE is "message" or "warning"; TEXT one line from the server. */
  void (*message) (const char *type, const char *text, void *opaque);
  /* DONE of TOTAL bytes of disk INDEX are converted. */
  void (*progress) (size_t index, uint64_t done, uint64_t total,
                    void *opaque);
  void *opaque;
};

/* Run REQUEST ("version", "capabilities") on the server and return what
 * it printed, in a new string, or NULL with the error set.
 */
char *ferry_p2v_query (ssh_session session, const char *request);

/* What crossed the connection: the bytes of NBD traffic sent to the
 * server in all (the disks' data, mostly), and during the copy alone
 * (from the server's first progress report to its last), with the copy's
 * seconds: the data rate of the copy is copy_bytes / copy_seconds.
 */
struct ferry_p2v_traffic {
  uint64_t bytes;
  uint64_t copy_bytes;
  double copy_seconds;
};

/* Convert: DESCRIPTION is the machine's description (a key file, see the
 * protocol), SOCKETS[I] the unix socket of the nbdkit serving disk I
 * (NSOCKETS of them, as many as the description's disks).  Returns 0 when
 * the server finished, with *RESULT the metadata file it wrote (relative
 * to its output root; caller frees), or -1 with the error set: the
 * server's own message when it failed, or what broke.  *TRAFFIC is
 * filled either way.
 */
int ferry_p2v_transfer (ssh_session session, const char *description,
                        char *const *sockets, size_t nsockets,
                        const struct ferry_p2v_events *events,
                        char **result, struct ferry_p2v_traffic *traffic);

#endif /* FERRY_P2V_TRANSFER_H */

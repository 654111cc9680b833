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
 *
 * Internal to the engine: the server's messages and progress go to the
 * front end's callbacks (notify.h), and every wait also watches the run's
 * cancel handle (engine.h), which ends the transfer within 0.2 s.  A
 * cancelled transfer closes its channels and returns -1 with the error
 * "the conversion was cancelled"; the caller closes the connection.
 */
#ifndef FERRY_P2V_TRANSFER_H
#define FERRY_P2V_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <libssh/libssh.h>

#include "engine.h"
#include "notify.h"

/* The whole answer to a request: what the server (or whatever the
 * account runs) wrote on its stdout and stderr, and its exit status (-1
 * when SSH did not say).
 */
struct ferry_p2v_answer {
  char *out;
  char *err;               /* only its last 256 KiB */
  int status;
};

/* Free what ANSWER holds. */
void ferry_p2v_answer_clear (struct ferry_p2v_answer *answer);
typedef struct ferry_p2v_answer ferry_p2v_answer;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ferry_p2v_answer, ferry_p2v_answer_clear)

/* Run REQUEST on the server, its input closed at once, and wait (120 s
 * at most) for its end, reading both its stdout (64 KiB at most) and its
 * stderr.  Returns 0 with *ANSWER filled, whatever the exit status, or
 * -1 with the error set when the connection failed, the answer was too
 * long or late, or CANCEL (may be NULL) was cancelled.
 */
int ferry_p2v_request (ssh_session session, const char *request,
                       const struct ferry_p2v_cancel *cancel,
                       struct ferry_p2v_answer *answer);

/* Run REQUEST ("version", "capabilities") on the server and return what
 * it printed, in a new string, or NULL with the error set: as
 * ferry_p2v_request, and when the request exits with a status other than
 * 0 (the error quotes the last line of its stderr).
 */
char *ferry_p2v_query (ssh_session session, const char *request,
                       const struct ferry_p2v_cancel *cancel);

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
 * (NSOCKETS of them, as many as the description's disks).  The server's
 * messages and progress go to NOTIFY.  Returns 0 when the server
 * finished, with *RESULT the metadata file it wrote (relative to its
 * output root, "" when it wrote none; caller frees), or -1 with the
 * error set: the server's own message when it failed, what broke, or
 * that CANCEL (may be NULL) was cancelled.  *TRAFFIC is filled either
 * way.
 */
int ferry_p2v_transfer (ssh_session session, const char *description,
                        char *const *sockets, size_t nsockets,
                        const struct ferry_p2v_notify *notify,
                        const struct ferry_p2v_cancel *cancel,
                        char **result, struct ferry_p2v_traffic *traffic);

#endif /* FERRY_P2V_TRANSFER_H */

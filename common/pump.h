/* ferry: moving bytes both ways between two streams.
 *
 * P2V carries the NBD connection of each disk over SSH, and each end of
 * it joins two streams with a pump: the client joins the unix socket of
 * the nbdkit serving the disk to an SSH channel (libssh); the server's
 * data bridge joins that channel (its standard input and output, which
 * sshd connects to the channel) to a socket of the nbdkit the conversion
 * reads.
 *
 * Each direction has a buffer of its own: what one stream gives waits
 * there until the other takes it, so a slow reader on one side never
 * stops the other direction, and a full buffer stops reading from its
 * source until its destination has taken some (the pump holds at most
 * two buffers of bytes).  Nothing in the pump waits: the streams read and
 * write without blocking (an SSH channel's write waits for the channel's
 * window, as libssh does), and the caller waits in poll on the
 * descriptors the pump names.  ferry_pump_run is that loop, for a caller
 * with nothing else to watch but a periodic check; a caller that watches
 * more (the P2V client: a control channel and several disks) calls
 * ferry_pump_poll_fds and ferry_pump_move from its own loop.
 *
 * Writing to a pipe whose reader is gone raises SIGPIPE: a program that
 * pumps into a pipe ignores it (sockets are written without it).
 */
#ifndef FERRY_PUMP_H
#define FERRY_PUMP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>

/* One stream: something bytes are read from and written to. */
struct ferry_stream {
  /* The other end, for messages: "nbdkit", "the client". */
  const char *name;
  /* What poll watches: READ_FD for bytes to read (POLLIN), WRITE_FD for
   * room to write (POLLOUT).  WRITE_FD -1: the stream cannot say, and
   * the pump writes whenever bytes wait.
   */
  int read_fd, write_fd;
  /* Read up to LEN bytes into BUF without waiting.  Returns how many
   * (> 0), 0 when none are there now, or -1 at the end of the stream or
   * on an error, with the error set ("NAME closed the connection", or the
   * cause).
   */
  ssize_t (*read) (struct ferry_stream *s, void *buf, size_t len);
  /* Write up to LEN bytes from BUF.  Returns how many were written (0
   * when none can be now), or -1 with the error set.
   */
  ssize_t (*write) (struct ferry_stream *s, const void *buf, size_t len);
  /* Optional.  Does the stream hold bytes to read that poll on READ_FD
   * would not announce (a library's own buffer)?
   */
  bool (*buffered) (struct ferry_stream *s);
  /* The stream's own: the fds' stream leaves it NULL; an SSH channel's
   * is the channel (ssh.h).
   */
  void *handle;
};

/* Make S the stream over READ_FD and WRITE_FD (one socket twice, or the
 * two ends of a channel: standard input and output), which stay the
 * caller's.  Both are made non-blocking.  Returns 0, or -1 with the error
 * set.
 */
int ferry_stream_fds (struct ferry_stream *s, const char *name, int read_fd,
                      int write_fd);

struct ferry_pump;

/* A pump between streams A and B, which stay the caller's and must live
 * as long as the pump.
 */
struct ferry_pump *ferry_pump_new (struct ferry_stream *a,
                                   struct ferry_stream *b);
void ferry_pump_free (struct ferry_pump *pump);
typedef struct ferry_pump ferry_pump;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_pump, ferry_pump_free)

/* The most entries ferry_pump_poll_fds writes. */
#define FERRY_PUMP_POLL_FDS 4

/* Fill FDS (room for FERRY_PUMP_POLL_FDS) with what to wait for before
 * the next ferry_pump_move: bytes to read where a buffer has room, room
 * to write where bytes wait.  Returns the number of entries.
 */
size_t ferry_pump_poll_fds (const struct ferry_pump *pump,
                            struct pollfd *fds);

/* Must the caller not wait in poll before the next ferry_pump_move (a
 * stream holds bytes poll would not announce, or bytes wait for a stream
 * poll cannot watch for room)?
 */
bool ferry_pump_busy (const struct ferry_pump *pump);

/* Move what can be moved each way without waiting (after poll, but it
 * need not say anything: the streams tell).  Returns 0, or 1 once a
 * stream has ended: *ENDED is that stream, and the error says why.  A
 * stream ends when it fails to take bytes, or when reading it fails or
 * meets its end, once what it sent before has been delivered.  After 1
 * the pump moves nothing more.
 */
int ferry_pump_move (struct ferry_pump *pump, struct ferry_stream **ended);

/* The bytes moved so far from stream FROM (A or B) to the other. */
uint64_t ferry_pump_bytes (const struct ferry_pump *pump,
                           const struct ferry_stream *from);

/* A periodic check of ferry_pump_run: 0 to go on, 1 to stop, -1 with
 * the error set to fail.
 */
typedef int (*ferry_pump_tick_fn) (void *opaque);

/* Pump until a stream ends or TICK, called first and then every
 * INTERVAL_MS milliseconds, stops it.  Returns 0: *ENDED is the stream
 * that ended (the error says why), or NULL when TICK stopped the pump; or
 * -1 with the error set when TICK failed or poll did.
 */
int ferry_pump_run (struct ferry_pump *pump, unsigned interval_ms,
                    ferry_pump_tick_fn tick, void *opaque,
                    struct ferry_stream **ended);

#endif /* FERRY_PUMP_H */

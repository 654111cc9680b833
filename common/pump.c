/* ferry: moving bytes both ways between two streams (pump.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pump.h"
#include "errors.h"
#include "banned.h"

#define BUFFER_SIZE (256 * 1024)

/* The bytes on their way from one stream to the other. */
struct direction {
  struct ferry_stream *from, *to;
  char *data;              /* BUFFER_SIZE bytes */
  size_t start, end;       /* data[start..end) waits to be written */
  uint64_t bytes;          /* written to TO so far */
  char *why;               /* FROM has ended: its error; nothing more is
                            * read from it */
};

struct ferry_pump {
  struct direction ab, ba;
  struct ferry_stream *ended;
};

static ssize_t
fd_read (struct ferry_stream *s, void *buf, size_t len)
{
  ssize_t n = read (s->read_fd, buf, len);

  if (n > 0)
    return n;
  if (n == 0) {
    ferry_error ("%s closed the connection", s->name);
    return -1;
  }
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    return 0;
  ferry_error_errno (errno, "cannot read from %s", s->name);
  return -1;
}

static ssize_t
fd_write (struct ferry_stream *s, const void *buf, size_t len)
{
  /* send, where it can be, so that a closed socket is EPIPE, not
   * SIGPIPE.
   */
  ssize_t n = send (s->write_fd, buf, len, MSG_NOSIGNAL);

  if (n == -1 && errno == ENOTSOCK)
    n = write (s->write_fd, buf, len);
  if (n >= 0)
    return n;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    return 0;
  ferry_error_errno (errno, "cannot write to %s", s->name);
  return -1;
}

static int
set_nonblocking (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags == -1 || fcntl (fd, F_SETFL, flags | O_NONBLOCK) == -1) {
    ferry_error_errno (errno, "cannot make descriptor %d non-blocking", fd);
    return -1;
  }
  return 0;
}

int
ferry_stream_fds (struct ferry_stream *s, const char *name, int read_fd,
                  int write_fd)
{
  *s = (struct ferry_stream) {
    .name = name, .read_fd = read_fd, .write_fd = write_fd,
    .read = fd_read, .write = fd_write,
  };
  if (set_nonblocking (read_fd) == -1 ||
      (write_fd != read_fd && set_nonblocking (write_fd) == -1))
    return -1;
  return 0;
}

static void
direction_init (struct direction *d, struct ferry_stream *from,
                struct ferry_stream *to)
{
  d->from = from;
  d->to = to;
  d->data = g_malloc (BUFFER_SIZE);
}

struct ferry_pump *
ferry_pump_new (struct ferry_stream *a, struct ferry_stream *b)
{
  struct ferry_pump *pump = g_new0 (struct ferry_pump, 1);

  direction_init (&pump->ab, a, b);
  direction_init (&pump->ba, b, a);
  return pump;
}

void
ferry_pump_free (struct ferry_pump *pump)
{
  if (pump == NULL)
    return;
  g_free (pump->ab.data);
  g_free (pump->ab.why);
  g_free (pump->ba.data);
  g_free (pump->ba.why);
  g_free (pump);
}

static bool
room (const struct direction *d)
{
  return d->why == NULL && d->end < BUFFER_SIZE;
}

static bool
waiting (const struct direction *d)
{
  return d->start < d->end;
}

size_t
ferry_pump_poll_fds (const struct ferry_pump *pump, struct pollfd *fds)
{
  const struct direction *dirs[] = { &pump->ab, &pump->ba };
  size_t i, n = 0;

  if (pump->ended != NULL)
    return 0;
  for (i = 0; i < G_N_ELEMENTS (dirs); i++) {
    const struct direction *d = dirs[i];

    if (room (d) && d->from->read_fd >= 0)
      fds[n++] = (struct pollfd) { .fd = d->from->read_fd, .events = POLLIN };
    if (waiting (d) && d->to->write_fd >= 0)
      fds[n++] = (struct pollfd) { .fd = d->to->write_fd, .events = POLLOUT };
  }
  return n;
}

bool
ferry_pump_busy (const struct ferry_pump *pump)
{
  const struct direction *dirs[] = { &pump->ab, &pump->ba };
  size_t i;

  if (pump->ended != NULL)
    return false;
  for (i = 0; i < G_N_ELEMENTS (dirs); i++) {
    const struct direction *d = dirs[i];

    if (room (d) && d->from->buffered != NULL &&
        d->from->buffered (d->from))
      return true;
    if (waiting (d) && d->to->write_fd < 0)
      return true;
  }
  return false;
}

/* One read from D->from and one write to D->to.  Returns 0, or -1 with
 * the error set when D->to failed.
 */
static int
flow (struct direction *d)
{
  ssize_t n;

  if (room (d)) {
    n = d->from->read (d->from, d->data + d->end, BUFFER_SIZE - d->end);
    if (n == -1)
      d->why = g_strdup (ferry_error_get ());
    else
      d->end += n;
  }
  if (waiting (d)) {
    n = d->to->write (d->to, d->data + d->start, d->end - d->start);
    if (n == -1)
      return -1;
    d->start += n;
    d->bytes += n;
    if (d->start == d->end)
      d->start = d->end = 0;
  }
  return 0;
}

int
ferry_pump_move (struct ferry_pump *pump, struct ferry_stream **ended)
{
  struct direction *dirs[] = { &pump->ab, &pump->ba };
  size_t i;

  g_assert (pump->ended == NULL);
  for (i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (flow (dirs[i]) == -1) {
      *ended = pump->ended = dirs[i]->to;
      return 1;
    }
  /* A stream that ended has its last bytes delivered first. */
  for (i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (dirs[i]->why != NULL && !waiting (dirs[i])) {
      ferry_error ("%s", dirs[i]->why);
      *ended = pump->ended = dirs[i]->from;
      return 1;
    }
  return 0;
}

uint64_t
ferry_pump_bytes (const struct ferry_pump *pump,
                  const struct ferry_stream *from)
{
  g_assert (from == pump->ab.from || from == pump->ba.from);
  return from == pump->ab.from ? pump->ab.bytes : pump->ba.bytes;
}

int
ferry_pump_run (struct ferry_pump *pump, unsigned interval_ms,
                ferry_pump_tick_fn tick, void *opaque,
                struct ferry_stream **ended)
{
  gint64 next_tick = 0;

  *ended = NULL;
  for (;;) {
    struct pollfd fds[FERRY_PUMP_POLL_FDS];
    gint64 now = g_get_monotonic_time ();
    size_t n;
    int timeout;

    if (now >= next_tick) {
      int r = tick (opaque);

      if (r != 0)
        return r == 1 ? 0 : -1;
      next_tick = now + (gint64) interval_ms * 1000;
    }
    n = ferry_pump_poll_fds (pump, fds);
    timeout = ferry_pump_busy (pump) ? 0
      : (int) MAX (0, (next_tick - now + 999) / 1000);
    if (poll (fds, n, timeout) == -1 && errno != EINTR) {
      ferry_error_errno (errno, "cannot wait for %s and %s",
                         pump->ab.from->name, pump->ab.to->name);
      return -1;
    }
    if (ferry_pump_move (pump, ended) == 1)
      return 0;
  }
}

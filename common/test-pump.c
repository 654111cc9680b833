/* Unit test: the byte pump (pump.h).
 *
 * The pump joins two streams over socket pairs (and pipes, as the
 * server's data bridge has its standard input and output); the test holds
 * the other ends and plays both peers.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "pump.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

/* A socket pair: [0] is the stream's, [1] the peer's (non-blocking). */
static void
pair (int sv[2])
{
  g_assert (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
  g_assert (fcntl (sv[1], F_SETFL, O_NONBLOCK) == 0);
}

/* Move bytes until DONE says so, at most 100000 rounds; the peers act
 * through STEP between rounds.  Returns what the last move returned.
 */
static int
pump_until (struct ferry_pump *pump, bool (*step) (void *), void *opaque,
            struct ferry_stream **ended)
{
  unsigned i;

  *ended = NULL;
  for (i = 0; i < 100000; i++) {
    struct pollfd fds[FERRY_PUMP_POLL_FDS];
    size_t n = ferry_pump_poll_fds (pump, fds);

    if (step (opaque))
      return 0;
    poll (fds, n, ferry_pump_busy (pump) ? 0 : 10);
    if (ferry_pump_move (pump, ended) == 1)
      return 1;
  }
  return -1;
}

/* Both peers send SIZE bytes and read what comes, at once. */
struct both_ways {
  int a, b;                /* the peers' ends */
  GByteArray *to_b, *to_a; /* what each sends */
  size_t sent_b, sent_a;
  GByteArray *got_b, *got_a;
};

static void
send_some (int fd, GByteArray *data, size_t *sent)
{
  ssize_t n;

  if (*sent == data->len)
    return;
  n = write (fd, data->data + *sent, data->len - *sent);
  if (n > 0)
    *sent += n;
}

static void
read_some (int fd, GByteArray *into)
{
  guint8 buf[65536];
  ssize_t n = read (fd, buf, sizeof buf);

  if (n > 0)
    g_byte_array_append (into, buf, n);
}

static bool
both_ways_step (void *opaque)
{
  struct both_ways *w = opaque;

  send_some (w->a, w->to_b, &w->sent_b);
  send_some (w->b, w->to_a, &w->sent_a);
  read_some (w->a, w->got_a);
  read_some (w->b, w->got_b);
  return w->got_a->len == w->to_a->len && w->got_b->len == w->to_b->len;
}

static GByteArray *
random_bytes (size_t size, guint32 seed)
{
  GByteArray *data = g_byte_array_sized_new (size);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  size_t i;

  for (i = 0; i < size; i++) {
    guint8 c = g_rand_int (rand);
    g_byte_array_append (data, &c, 1);
  }
  return data;
}

static void
check_both_ways (void)
{
  const size_t size = 3 * 1024 * 1024 + 17;
  int sa[2], sb[2];
  struct ferry_stream a, b, *ended;
  g_autoptr (ferry_pump) pump = NULL;
  struct both_ways w = { 0 };
  int r;

  pair (sa);
  pair (sb);
  g_assert (ferry_stream_fds (&a, "A", sa[0], sa[0]) == 0);
  g_assert (ferry_stream_fds (&b, "B", sb[0], sb[0]) == 0);
  pump = ferry_pump_new (&a, &b);
  {
    struct pollfd fds[FERRY_PUMP_POLL_FDS];
    size_t n = ferry_pump_poll_fds (pump, fds);

    tap_ok (n == 2 && fds[0].fd == sa[0] && fds[0].events == POLLIN &&
            fds[1].fd == sb[0] && fds[1].events == POLLIN &&
            !ferry_pump_busy (pump),
            "an idle pump waits for bytes from either stream, and only "
            "for that");
  }
  w.a = sa[1];
  w.b = sb[1];
  w.to_b = random_bytes (size, 1);
  w.to_a = random_bytes (size, 2);
  w.got_a = g_byte_array_new ();
  w.got_b = g_byte_array_new ();
  r = pump_until (pump, both_ways_step, &w, &ended);
  tap_ok (r == 0 && memcmp (w.got_b->data, w.to_b->data, size) == 0 &&
          memcmp (w.got_a->data, w.to_a->data, size) == 0,
          "%zu bytes cross each way at once, in order (got %u and %u)",
          size, w.got_b->len, w.got_a->len);
  tap_ok (ferry_pump_bytes (pump, &a) == size &&
          ferry_pump_bytes (pump, &b) == size,
          "the bytes moved each way are counted");
  g_byte_array_unref (w.to_a);
  g_byte_array_unref (w.to_b);
  g_byte_array_unref (w.got_a);
  g_byte_array_unref (w.got_b);
  close (sa[0]);
  close (sa[1]);
  close (sb[0]);
  close (sb[1]);
}

/* The peer of B reads what comes. */
struct reader {
  int fd;
  GByteArray *got;
};

static bool
reader_step (void *opaque)
{
  struct reader *rd = opaque;

  read_some (rd->fd, rd->got);
  return false;
}

/* A closes after sending; everything it sent reaches B first.  Over
 * pipes, as standard input and output are.
 */
static void
check_end_of_stream (void)
{
  int in[2], out[2], sb[2];
  struct ferry_stream a, b, *ended;
  g_autoptr (ferry_pump) pump = NULL;
  g_autoptr (GByteArray) data = random_bytes (128 * 1024, 3);
  struct reader rd;
  size_t sent = 0;
  unsigned idle = 0, early = 0, i;
  int sndbuf = 16384;
  int r;

  g_assert (pipe2 (in, O_CLOEXEC) == 0 && pipe2 (out, O_CLOEXEC) == 0);
  pair (sb);
  /* B's socket holds less than A sends: the rest waits in the pump. */
  g_assert (setsockopt (sb[0], SOL_SOCKET, SO_SNDBUF, &sndbuf,
                        sizeof sndbuf) == 0);
  g_assert (ferry_stream_fds (&a, "A", in[0], out[1]) == 0);
  g_assert (ferry_stream_fds (&b, "B", sb[0], sb[0]) == 0);
  pump = ferry_pump_new (&a, &b);
  rd.fd = sb[1];
  rd.got = g_byte_array_new ();
  /* B's peer does not read yet: A sends everything and closes while
   * bytes still wait for B.
   */
  g_assert (fcntl (in[1], F_SETFL, O_NONBLOCK) == 0);
  while (sent < data->len && idle < 10) {
    struct ferry_stream *none;
    size_t before = sent;

    send_some (in[1], data, &sent);
    g_assert (ferry_pump_move (pump, &none) == 0);
    idle = sent == before ? idle + 1 : 0;
  }
  close (in[1]);
  for (i = 0; i < 10 && early == 0; i++)
    if (ferry_pump_move (pump, &ended) != 0)
      early++;
  r = early ? 1 : pump_until (pump, reader_step, &rd, &ended);
  read_some (sb[1], rd.got);
  tap_ok (r == 1 && ended == &a && early == 0 &&
          strcmp (ferry_error_get (), "A closed the connection") == 0,
          "a stream that closes ends the pump (got %d, %s: %s)", r,
          ended ? ended->name : "none", ferry_error_get ());
  tap_ok (sent == data->len && rd.got->len == sent &&
          memcmp (rd.got->data, data->data, sent) == 0,
          "... once what it sent has been delivered (%u of %zu bytes)",
          rd.got->len, sent);
  {
    struct pollfd fds[FERRY_PUMP_POLL_FDS];

    tap_ok (ferry_pump_poll_fds (pump, fds) == 0 && !ferry_pump_busy (pump),
            "... and then waits for nothing");
  }
  g_byte_array_unref (rd.got);
  close (in[0]);
  close (out[0]);
  close (out[1]);
  close (sb[0]);
  close (sb[1]);
}

/* The peer of A sends; nobody reads B. */
static bool
writer_step (void *opaque)
{
  int fd = *(int *) opaque;
  static const char hello[] = "hello";

  if (write (fd, hello, sizeof hello) == -1)
    g_assert (errno == EAGAIN);
  return false;
}

static void
check_broken_stream (void)
{
  int sa[2], sb[2];
  struct ferry_stream a, b, *ended;
  g_autoptr (ferry_pump) pump = NULL;
  int r;

  pair (sa);
  pair (sb);
  g_assert (ferry_stream_fds (&a, "A", sa[0], sa[0]) == 0);
  g_assert (ferry_stream_fds (&b, "B", sb[0], sb[0]) == 0);
  pump = ferry_pump_new (&a, &b);
  close (sb[1]);
  r = pump_until (pump, writer_step, &sa[1], &ended);
  tap_ok (r == 1 && ended == &b &&
          g_str_has_prefix (ferry_error_get (), "cannot write to B: ") &&
          ferry_error_errno_get () != 0,
          "a stream that cannot take bytes ends the pump (got %d, %s: %s)",
          r, ended ? ended->name : "none", ferry_error_get ());
  close (sa[0]);
  close (sa[1]);
  close (sb[0]);
}

/* A stream that holds bytes of its own, as libssh does for a channel. */
static ssize_t
held_read (struct ferry_stream *s, void *buf, size_t len)
{
  int *held = s->handle;

  if (*held == 0)
    return 0;
  memset (buf, 'x', 1);
  (*held)--;
  return 1;
}

static bool
held_buffered (struct ferry_stream *s)
{
  return *(int *) s->handle > 0;
}

static void
check_buffered (void)
{
  int sb[2], held = 3;
  struct ferry_stream a = {
    .name = "A", .read_fd = -1, .write_fd = -1, .read = held_read,
    .buffered = held_buffered, .handle = &held,
  };
  struct ferry_stream b, *ended;
  g_autoptr (ferry_pump) pump = NULL;
  bool busy_then, busy_after;
  char got[8] = "";

  pair (sb);
  g_assert (ferry_stream_fds (&b, "B", sb[0], sb[0]) == 0);
  pump = ferry_pump_new (&a, &b);
  busy_then = ferry_pump_busy (pump);
  while (held > 0)
    g_assert (ferry_pump_move (pump, &ended) == 0);
  busy_after = ferry_pump_busy (pump);
  tap_ok (busy_then && !busy_after && read (sb[1], got, sizeof got) == 3 &&
          strcmp (got, "xxx") == 0,
          "bytes a stream holds keep the caller from waiting, until moved");
  close (sb[0]);
  close (sb[1]);
}

/* ferry_pump_run's ticks. */
struct ticks {
  unsigned n, stop_at;
  int result;
};

static int
tick (void *opaque)
{
  struct ticks *t = opaque;

  if (++t->n < t->stop_at)
    return 0;
  if (t->result == -1)
    ferry_error ("the tick failed");
  return t->result;
}

static void
check_run (void)
{
  int sa[2], sb[2];
  struct ferry_stream a, b, *ended;
  struct ticks stop = { .stop_at = 3, .result = 1 };
  struct ticks fail = { .stop_at = 1, .result = -1 };
  struct ticks never = { .stop_at = G_MAXUINT };
  gint64 start;
  int r;

  pair (sa);
  pair (sb);
  g_assert (ferry_stream_fds (&a, "A", sa[0], sa[0]) == 0);
  g_assert (ferry_stream_fds (&b, "B", sb[0], sb[0]) == 0);
  {
    g_autoptr (ferry_pump) pump = ferry_pump_new (&a, &b);

    start = g_get_monotonic_time ();
    r = ferry_pump_run (pump, 20, tick, &stop, &ended);
    tap_ok (r == 0 && ended == NULL && stop.n == 3 &&
            g_get_monotonic_time () - start >= 40000,
            "ferry_pump_run: a tick that says stop, every interval, stops "
            "it (got %d after %u ticks)", r, stop.n);
  }
  {
    g_autoptr (ferry_pump) pump = ferry_pump_new (&a, &b);

    r = ferry_pump_run (pump, 20, tick, &fail, &ended);
    tap_ok (r == -1 && strcmp (ferry_error_get (), "the tick failed") == 0,
            "ferry_pump_run: a tick that fails fails it");
  }
  {
    g_autoptr (ferry_pump) pump = ferry_pump_new (&a, &b);

    close (sb[1]);
    r = ferry_pump_run (pump, 20, tick, &never, &ended);
    tap_ok (r == 0 && ended == &b &&
            strcmp (ferry_error_get (), "B closed the connection") == 0,
            "ferry_pump_run: a stream that ends ends it (got %d, %s)", r,
            ferry_error_get ());
  }
  close (sa[0]);
  close (sa[1]);
  close (sb[0]);
}

int
main (void)
{
  /* As the programs that pump into pipes do. */
  signal (SIGPIPE, SIG_IGN);
  tap_plan (11);
  check_both_ways ();
  check_end_of_stream ();
  check_broken_stream ();
  check_buffered ();
  check_run ();
  return tap_done ();
}

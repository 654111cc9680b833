/* ferry-p2v: the conversion, driven over SSH (see transfer.h). */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>

#include "transfer.h"
#include "errors.h"
#include "p2v-protocol.h"
#include "pump.h"
#include "ssh.h"
#include "command.h"
#include "banned.h"

#define MAX_LINE (64 * 1024)     /* the protocol's longest line */
#define BUF_SIZE (256 * 1024)    /* bytes moved per read */
#define REPLY_TIMEOUT_MS (120 * 1000) /* for the answer to "describe" */
#define SLICE_MS 200             /* the longest wait without a look at the
                                    cancel handle */

/* Has the run been cancelled?  Then the error says so. */
static bool
cancelled (const struct ferry_p2v_cancel *cancel)
{
  if (!ferry_p2v_cancel_requested (cancel))
    return false;
  ferry_error ("the conversion was cancelled");
  return true;
}

/* One SSH channel running a server request, with what the server wrote
 * on its stdout (whole lines are taken off the front) and stderr.
 */
struct chan {
  ssh_channel channel;
  GString *out;
  GString *err;
  int fd;                  /* data channels: the local nbdkit, else -1 */
  bool eof;
  /* Data channels: the pump between the local nbdkit and the channel's
   * standard input and output (pump.h), until the server ends it.
   */
  char *nbdkit_name;
  struct ferry_stream nbdkit, server;
  struct ferry_pump *pump;
  bool pump_ended;
};

static void
chan_close (struct chan *c)
{
  if (c->channel) {
    if (ssh_channel_is_open (c->channel)) {
      ssh_channel_send_eof (c->channel);
      ssh_channel_close (c->channel);
    }
    ssh_channel_free (c->channel);
    c->channel = NULL;
  }
  g_clear_pointer (&c->pump, ferry_pump_free);
  g_clear_pointer (&c->nbdkit_name, g_free);
  if (c->fd >= 0)
    close (c->fd);
  c->fd = -1;
  if (c->out)
    g_string_free (c->out, TRUE);
  if (c->err)
    g_string_free (c->err, TRUE);
  c->out = c->err = NULL;
}

/* The last line the server wrote on the channel's stderr, without a
 * leading "error: ", or NULL.
 */
static char *
chan_last_error (const struct chan *c)
{
  g_auto (GStrv) lines = NULL;
  size_t n;

  if (c->err == NULL || c->err->len == 0)
    return NULL;
  lines = g_strsplit (g_strstrip (c->err->str), "\n", -1);
  n = g_strv_length (lines);
  if (n == 0)
    return NULL;
  return g_strdup (g_str_has_prefix (lines[n - 1], "error: ")
                   ? lines[n - 1] + strlen ("error: ") : lines[n - 1]);
}

static int
chan_open (ssh_session session, const char *request, struct chan *c)
{
  *c = (struct chan) { .fd = -1 };
  c->out = g_string_new (NULL);
  c->err = g_string_new (NULL);
  c->channel = ssh_channel_new (session);
  if (c->channel == NULL ||
      ssh_channel_open_session (c->channel) != SSH_OK ||
      ssh_channel_request_exec (c->channel, request) != SSH_OK) {
    ferry_error ("cannot start '%s' on the conversion server: %s",
                 request, ssh_get_error (session));
    return -1;
  }
  return 0;
}

/* Move whatever the server has sent on C into C->out and C->err, without
 * waiting (a data channel's standard output is its pump's).  Returns -1
 * (error set) when the channel failed.
 */
static int
chan_pull (ssh_session session, struct chan *c, char *buf, size_t size)
{
  int is_stderr, r;

  for (is_stderr = c->fd >= 0; is_stderr <= 1; is_stderr++) {
    GString *to = is_stderr ? c->err : c->out;

    while ((r = ssh_channel_read_nonblocking (c->channel, buf, size,
                                              is_stderr)) > 0) {
      if (to->len + r > 4 * MAX_LINE) {
        ferry_error ("the conversion server sent a line longer than %d "
                     "bytes", MAX_LINE);
        return -1;
      }
      g_string_append_len (to, buf, r);
    }
    if (r == SSH_ERROR) {
      ferry_error ("connection to the conversion server lost: %s",
                   ssh_get_error (session));
      return -1;
    }
  }
  if (ssh_channel_is_eof (c->channel))
    c->eof = true;
  return 0;
}

/* Take the first whole line off C->out, in a new string, or NULL. */
static char *
chan_line (struct chan *c)
{
  char *nl = memchr (c->out->str, '\n', c->out->len);
  char *line;

  if (nl == NULL)
    return NULL;
  line = g_strndup (c->out->str, nl - c->out->str);
  g_string_erase (c->out, 0, nl - c->out->str + 1);
  return line;
}

static int
chan_write (ssh_session session, struct chan *c, const char *buf,
            size_t len)
{
  while (len > 0) {
    int w = ssh_channel_write (c->channel, buf, len);
    if (w == SSH_ERROR) {
      ferry_error ("connection to the conversion server lost: %s",
                   ssh_get_error (session));
      return -1;
    }
    buf += w;
    len -= w;
  }
  return 0;
}

/* Move what the server wrote on C's stderr so far into C->err, without
 * waiting; only the end is kept past 4 lines' worth (the last line says
 * why a request failed).  libssh counts a channel as at its end only once
 * both its stdout and its stderr are read: a wait for stdout alone would
 * never see the end of a server that wrote on stderr.  Returns -1 (error
 * set) when the connection failed.
 */
static int
chan_drain_stderr (ssh_session session, struct chan *c, char *buf)
{
  int r;

  while ((r = ssh_channel_read_nonblocking (c->channel, buf, BUF_SIZE,
                                            1)) > 0) {
    g_string_append_len (c->err, buf, r);
    if (c->err->len > 4 * MAX_LINE)
      g_string_erase (c->err, 0, c->err->len - 4 * MAX_LINE);
  }
  if (r == SSH_ERROR) {
    ferry_error ("connection to the conversion server lost: %s",
                 ssh_get_error (session));
    return -1;
  }
  return 0;
}

int
ferry_p2v_request (ssh_session session, const char *request,
                   const struct ferry_p2v_cancel *cancel,
                   struct ferry_p2v_answer *answer)
{
  struct chan c;
  g_autofree char *buf = g_malloc (BUF_SIZE);
  gint64 deadline = g_get_monotonic_time ()
    + (gint64) REPLY_TIMEOUT_MS * 1000;
  int r;

  *answer = (struct ferry_p2v_answer) { .status = -1 };
  /* The request gets no input: a program that reads its input (not the
   * server, a shell's "cat") sees its end at once.
   */
  if (chan_open (session, request, &c) == -1) {
    chan_close (&c);
    return -1;
  }
  if (ssh_channel_send_eof (c.channel) == SSH_ERROR) {
    ferry_error ("cannot start '%s' on the conversion server: %s",
                 request, ssh_get_error (session));
    chan_close (&c);
    return -1;
  }
  for (;;) {
    if (cancelled (cancel)) {
      chan_close (&c);
      return -1;
    }
    r = ssh_channel_read_timeout (c.channel, buf, BUF_SIZE, 0, SLICE_MS);
    if (r > 0 && c.out->len + r > MAX_LINE) {
      ferry_error ("the conversion server's answer to '%s' is too long",
                   request);
      chan_close (&c);
      return -1;
    }
    if (r > 0)
      g_string_append_len (c.out, buf, r);
    if (r == SSH_ERROR || chan_drain_stderr (session, &c, buf) == -1) {
      ferry_error ("no answer from the conversion server to '%s': %s",
                   request, ssh_get_error (session));
      chan_close (&c);
      return -1;
    }
    if (r == 0 && ssh_channel_is_eof (c.channel))
      break;
    if (r == 0 && g_get_monotonic_time () >= deadline) {
      ferry_error ("no answer from the conversion server to '%s': timed "
                   "out after %d s", request, REPLY_TIMEOUT_MS / 1000);
      chan_close (&c);
      return -1;
    }
  }
  ssh_channel_close (c.channel);
  answer->status = ssh_channel_get_exit_status (c.channel);
  answer->out = g_strdup (c.out->str);
  answer->err = g_strdup (c.err->str);
  chan_close (&c);
  return 0;
}

void
ferry_p2v_answer_clear (struct ferry_p2v_answer *answer)
{
  g_clear_pointer (&answer->out, g_free);
  g_clear_pointer (&answer->err, g_free);
}

char *
ferry_p2v_query (ssh_session session, const char *request,
                 const struct ferry_p2v_cancel *cancel)
{
  g_auto (ferry_p2v_answer) answer = { 0 };

  if (ferry_p2v_request (session, request, cancel, &answer) == -1)
    return NULL;
  if (answer.status != 0) {
    g_autofree char *last = ferry_last_line (answer.err);
    const char *reason = last;

    if (g_str_has_prefix (reason, "error: "))
      reason += strlen ("error: ");
    {
      g_autofree char *clean = g_utf8_make_valid (reason, -1);
      ferry_error ("the conversion server refused '%s': %s", request,
                   clean[0] ? clean : "no reason given");
    }
    return NULL;
  }
  return g_steal_pointer (&answer.out);
}

static int
connect_unix (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof addr.sun_path) {
    ferry_error ("socket name too long: %s", path);
    return -1;
  }
  memcpy (addr.sun_path, path, strlen (path) + 1);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd == -1 || connect (fd, (struct sockaddr *) &addr, sizeof addr) == -1) {
    ferry_error ("cannot connect to the local nbdkit at '%s': %s", path,
                 g_strerror (errno));
    if (fd >= 0)
      close (fd);
    return -1;
  }
  return fd;
}

/* Parse "progress INDEX DONE TOTAL". */
static bool
parse_progress (const char *args, size_t ndisks, size_t *index,
                uint64_t *done, uint64_t *total)
{
  g_auto (GStrv) w = g_strsplit (args, " ", -1);
  guint64 v[3];
  size_t i;

  if (g_strv_length (w) != 3)
    return false;
  for (i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (w[i], 10, 0, G_MAXUINT64, &v[i], NULL))
      return false;
  if (v[0] >= ndisks)
    return false;
  *index = v[0];
  *done = v[1];
  *total = v[2];
  return true;
}

/* One line from the control channel.  Returns 1 when the run is over
 * (*RESULT set), -1 with the error set, 0 to go on.
 */
static int
control_line (const char *line, size_t ndisks,
              const struct ferry_p2v_notify *notify, char **result)
{
  const char *sp = strchr (line, ' ');
  g_autofree char *word = sp ? g_strndup (line, sp - line) : g_strdup (line);
  const char *args = sp ? sp + 1 : "";
  g_autofree char *clean = g_utf8_make_valid (args, -1);
  size_t index;
  uint64_t done, total;

  if (strcmp (word, "message") == 0 || strcmp (word, "warning") == 0) {
    ferry_p2v_notify_message (notify, strcmp (word, "warning") == 0
                              ? FERRY_P2V_WARNING : FERRY_P2V_MESSAGE,
                              clean);
    return 0;
  }
  if (strcmp (word, "progress") == 0) {
    if (!parse_progress (args, ndisks, &index, &done, &total)) {
      ferry_error ("the conversion server sent a bad progress line: %s",
                   clean);
      return -1;
    }
    ferry_p2v_notify_progress (notify, index, done, total);
    return 0;
  }
  if (strcmp (word, "done") == 0) {
    *result = g_steal_pointer (&clean);
    return 1;
  }
  if (strcmp (word, "failed") == 0) {
    ferry_error ("the conversion failed on the server: %s", clean);
    return -1;
  }
  ferry_error ("the conversion server sent an unknown line: %s", clean);
  return -1;
}

/* Wait for one line on C (the answer to "describe"). */
static char *
wait_line (ssh_session session, struct chan *c, char *buf,
           const struct ferry_p2v_cancel *cancel)
{
  char *line;
  gint64 deadline = g_get_monotonic_time ()
    + (gint64) REPLY_TIMEOUT_MS * 1000;

  while ((line = chan_line (c)) == NULL) {
    int r;

    if (cancelled (cancel))
      return NULL;
    r = ssh_channel_read_timeout (c->channel, buf, BUF_SIZE, 0, SLICE_MS);
    if (r > 0) {
      if (c->out->len + r > MAX_LINE) {
        ferry_error ("the conversion server sent a line longer than %d "
                     "bytes", MAX_LINE);
        return NULL;
      }
      g_string_append_len (c->out, buf, r);
      continue;
    }
    if (r == SSH_ERROR) {
      ferry_error ("connection to the conversion server lost: %s",
                   ssh_get_error (session));
      return NULL;
    }
    /* Its stderr too: until that is read, the channel never ends. */
    if (chan_drain_stderr (session, c, buf) == -1)
      return NULL;
    if (ssh_channel_is_eof (c->channel)) {
      g_autofree char *err = chan_last_error (c);
      g_autofree char *clean = err ? g_utf8_make_valid (err, -1) : NULL;

      ferry_error ("the conversion server ended the session without "
                   "an answer%s%s", clean ? ": " : "", clean ? clean : "");
      return NULL;
    }
    if (g_get_monotonic_time () > deadline) {
      ferry_error ("no answer from the conversion server in %d s",
                   REPLY_TIMEOUT_MS / 1000);
      return NULL;
    }
  }
  return line;
}

/* Move bytes and messages until the server's last word, or a cancel. */
static int
pump (ssh_session session, struct chan *control, struct chan *links,
      size_t n, const struct ferry_p2v_notify *notify,
      const struct ferry_p2v_cancel *cancel, char *buf, char **result,
      struct ferry_p2v_traffic *traffic)
{
  /* The SSH connection, the pumps' descriptors, then the cancel
   * handle.
   */
  g_autofree struct pollfd *pfd =
    g_new0 (struct pollfd, n * FERRY_PUMP_POLL_FDS + 2);
  gint64 copy_start = 0;
  uint64_t copy_start_bytes = 0;
  size_t i;

  for (;;) {
    char *line;
    int timeout = SLICE_MS;
    size_t npfd = 1;

    if (cancelled (cancel))
      return -1;

    /* Bytes libssh already holds would not wake poll. */
    for (i = 0; i < n; i++)
      if (links[i].pump && ferry_pump_busy (links[i].pump))
        timeout = 0;
    if (ssh_channel_poll (control->channel, 0) > 0)
      timeout = 0;

    pfd[0] = (struct pollfd) { .fd = ssh_get_fd (session), .events = POLLIN };
    for (i = 0; i < n; i++)
      if (links[i].pump)
        npfd += ferry_pump_poll_fds (links[i].pump, pfd + npfd);
    if (cancel != NULL)
      pfd[npfd++] = (struct pollfd) { .fd = ferry_p2v_cancel_fd (cancel),
                                      .events = POLLIN };
    if (poll (pfd, npfd, timeout) == -1 && errno != EINTR) {
      ferry_error ("poll: %s", g_strerror (errno));
      return -1;
    }
    if (cancelled (cancel))
      return -1;

    /* NBD both ways, between the local nbdkits and the server. */
    for (i = 0; i < n; i++) {
      struct ferry_stream *ended;

      if (links[i].pump == NULL || links[i].pump_ended)
        continue;
      if (ferry_pump_move (links[i].pump, &ended) == 1) {
        if (ended == &links[i].nbdkit)
          return -1;
        /* The server ended the channel: its stderr may say why. */
        links[i].pump_ended = true;
        ferry_error_clear ();
      }
    }
    traffic->bytes = 0;
    for (i = 0; i < n; i++)
      if (links[i].pump)
        traffic->bytes += ferry_pump_bytes (links[i].pump, &links[i].nbdkit);

    /* What the server says on the data channels' stderr. */
    for (i = 0; i < n; i++) {
      if (links[i].channel == NULL || links[i].eof)
        continue;
      if (chan_pull (session, &links[i], buf, BUF_SIZE) == -1)
        return -1;
    }

    if (chan_pull (session, control, buf, BUF_SIZE) == -1)
      return -1;
    while ((line = chan_line (control)) != NULL) {
      int r;

      if (g_str_has_prefix (line, "progress ")) {
        gint64 now = g_get_monotonic_time ();
        if (copy_start == 0) {
          copy_start = now;
          copy_start_bytes = traffic->bytes;
        }
        traffic->copy_bytes = traffic->bytes - copy_start_bytes;
        traffic->copy_seconds = (now - copy_start) / 1e6;
      }
      r = control_line (line, n, notify, result);
      g_free (line);
      if (r != 0)
        return r == 1 ? 0 : -1;
    }
    if (control->eof) {
      g_autofree char *err = chan_last_error (control);
      ferry_error ("the conversion server ended the session without a "
                   "result%s%s", err ? ": " : "", err ? err : "");
      return -1;
    }
    for (i = 0; i < n; i++)
      if (links[i].eof) {
        g_autofree char *err = chan_last_error (&links[i]);
        if (err != NULL) {
          ferry_error ("the conversion server stopped serving disk %zu: %s",
                       i, err);
          return -1;
        }
      }
    if (!ssh_is_connected (session)) {
      ferry_error ("connection to the conversion server lost");
      return -1;
    }
  }
}

int
ferry_p2v_transfer (ssh_session session, const char *description,
                    char *const *sockets, size_t nsockets,
                    const struct ferry_p2v_notify *notify,
                    const struct ferry_p2v_cancel *cancel, char **result,
                    struct ferry_p2v_traffic *traffic)
{
  struct chan control = { .fd = -1 };
  g_autofree struct chan *links = g_new0 (struct chan, nsockets);
  g_autofree char *buf = g_malloc (BUF_SIZE);
  g_autofree char *header = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *job = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_line = NULL;
  size_t i;
  int r = -1;

  *result = NULL;
  memset (traffic, 0, sizeof *traffic);
  for (i = 0; i < nsockets; i++)
    links[i].fd = -1;

  if (chan_open (session, "convert", &control) == -1)
    goto out;
  header = g_strdup_printf ("describe %zu\n", strlen (description));
  if (chan_write (session, &control, header, strlen (header)) == -1 ||
      chan_write (session, &control, description, strlen (description)) == -1)
    goto out;
  reply = wait_line (session, &control, buf, cancel);
  if (reply == NULL)
    goto out;
  if (g_str_has_prefix (reply, "error ")) {
    g_autofree char *clean = g_utf8_make_valid (reply + 6, -1);
    ferry_error ("the conversion server refused the job: %s", clean);
    goto out;
  }
  if (!ferry_p2v_parse_job_reply (reply, &job, &token)) {
    /* A third word may be a token: the message shows two words. */
    g_auto (GStrv) words = g_strsplit (reply, " ", 3);
    g_autofree char *shown = g_strjoin (" ", words[0] ? words[0] : "",
                                        words[0] && words[1] ? words[1] : "",
                                        NULL);
    g_autofree char *clean = g_utf8_make_valid (g_strstrip (shown), -1);

    ferry_error ("the conversion server answered 'describe' with: %s%s",
                 clean, words[0] && words[1] && words[2] ? " ..." : "");
    ferry_p2v_wipe (reply, strlen (reply));
    if (words[0] && words[1] && words[2])
      ferry_p2v_wipe (words[2], strlen (words[2]));
    goto out;
  }
  ferry_p2v_wipe (reply, strlen (reply));
  ferry_p2v_notify_log (notify, FERRY_P2V_LOG_DEBUG,
                        "the conversion server's job: %s", job);
  /* Every data channel proves first that it is this client's. */
  token_line = g_strconcat ("token ", token, "\n", NULL);

  for (i = 0; i < nsockets; i++) {
    g_autofree char *request = g_strdup_printf ("data %s %zu", job, i);

    if (chan_open (session, request, &links[i]) == -1 ||
        chan_write (session, &links[i], token_line, strlen (token_line)) == -1)
      goto out;
    links[i].fd = connect_unix (sockets[i]);
    if (links[i].fd == -1)
      goto out;
    links[i].nbdkit_name =
      g_strdup_printf ("the local nbdkit serving disk %zu", i);
    if (ferry_stream_fds (&links[i].nbdkit, links[i].nbdkit_name,
                          links[i].fd, links[i].fd) == -1)
      goto out;
    ferry_ssh_channel_stream (&links[i].server, links[i].channel,
                              "the conversion server");
    links[i].pump = ferry_pump_new (&links[i].nbdkit, &links[i].server);
  }
  if (chan_write (session, &control, "start\n", 6) == -1)
    goto out;

  r = pump (session, &control, links, nsockets, notify, cancel, buf, result,
            traffic);

 out:
  if (token != NULL)
    ferry_p2v_wipe (token, strlen (token));
  if (token_line != NULL)
    ferry_p2v_wipe (token_line, strlen (token_line));
  for (i = 0; i < nsockets; i++)
    if (links[i].out != NULL || links[i].channel != NULL)
      chan_close (&links[i]);
  if (control.out != NULL || control.channel != NULL)
    chan_close (&control);
  return r;
}

/* ferry-p2v-server: the control session (control.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "description.h"
#include "job.h"
#include "core.h"
#include "image.h"
#include "errors.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

#define MAX_LINE (64 * 1024)
#define SOCKET_TIMEOUT_S 60
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 4)
#define KILL_TIMEOUT_S 30

#define LOST "connection to the client lost"

struct session {
  const struct ferry_p2v_control_options *options;
  char *root;              /* the output root's real path */
  bool verbose;
  int proto_fd;            /* the protocol's output: the original stdout */
  GString *in;             /* read from stdin, not consumed yet */
  bool in_eof;
  gint64 deadline;         /* monotonic time after which reading stdin
                            * fails, or 0 */
  int signal;              /* the last of SIGHUP, SIGINT, SIGTERM seen */
  struct ferry_p2v_job *job;
  struct ferry_p2v_description *description;
  char *storage;           /* the real path of -os */

  /* The conversion's progress, per disk (worker only). */
  size_t progress_disk;    /* the disk being copied */
  uint64_t progress_sent;  /* what was last sent for it */
  gint64 progress_time;    /* when */
  bool progress_started;   /* something was sent for it */
};

/* Signals reach the session's poll loops through this pipe. */
static int signal_pipe[2] = { -1, -1 };
static const int session_signals[] = { SIGHUP, SIGINT, SIGTERM };

static void
on_signal (int sig)
{
  unsigned char b = sig;
  int saved = errno;

  if (write (signal_pipe[1], &b, 1) == -1) {
    /* The pipe is full: a signal is pending already. */
  }
  errno = saved;
}

static int
install_signals (void)
{
  struct sigaction sa;
  size_t i;

  if (pipe2 (signal_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
    ferry_error_errno (errno, "cannot create a pipe");
    return -1;
  }
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  for (i = 0; i < G_N_ELEMENTS (session_signals); i++)
    sigaction (session_signals[i], &sa, NULL);
  /* A closed channel shows as EPIPE on a write. */
  signal (SIGPIPE, SIG_IGN);
  return 0;
}

/* Write the LEN bytes at P to the client.  Returns 0, or -1 when the
 * channel is closed.
 */
static int
send_bytes (struct session *s, const char *p, size_t len)
{
  while (len > 0) {
    ssize_t n = write (s->proto_fd, p, len);

    if (n == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += n;
    len -= n;
  }
  return 0;
}

/* Write LINE and a newline to the client. */
static int
send_raw (struct session *s, const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  return send_bytes (s, text, strlen (text));
}

/* Send "WORD TEXT", TEXT made one line. */
static int
send_line (struct session *s, const char *word, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);

static int
send_line (struct session *s, const char *word, const char *fmt, ...)
{
  g_autofree char *text = NULL, *line = NULL, *full = NULL;
  va_list args;

  va_start (args, fmt);
  text = g_strdup_vprintf (fmt, args);
  va_end (args);
  line = ferry_p2v_one_line (text);
  full = line[0] ? g_strconcat (word, " ", line, NULL) : g_strdup (word);
  return send_raw (s, full);
}

/* Read more of stdin into S->in.  Returns 1 when something was read, 0
 * at the end of the input (or an error reading it), -1 when a signal
 * came (S->signal says which), -3 when S->deadline passed.
 */
static int
fill (struct session *s)
{
  for (;;) {
    struct pollfd fds[2] = {
      { .fd = STDIN_FILENO, .events = POLLIN },
      { .fd = signal_pipe[0], .events = POLLIN },
    };
    int timeout = -1, r;
    unsigned char sig;
    char buf[65536];
    ssize_t n;

    if (s->deadline != 0) {
      gint64 left = s->deadline - g_get_monotonic_time ();

      if (left <= 0)
        return -3;
      timeout = (left + 999) / 1000;
    }
    r = poll (fds, 2, timeout);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      return 0;
    }
    if (r == 0)
      continue;
    if (fds[1].revents != 0 && read (signal_pipe[0], &sig, 1) == 1) {
      s->signal = sig;
      return -1;
    }
    if (fds[0].revents == 0)
      continue;
    n = read (STDIN_FILENO, buf, sizeof buf);
    if (n == -1 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n <= 0) {
      s->in_eof = true;
      return 0;
    }
    g_string_append_len (s->in, buf, n);
    return 1;
  }
}

/* Read one line (without its newline) into *LINE.  Returns 1, 0 at the
 * end of the input, -1 on a signal, -2 for a line longer than MAX_LINE,
 * -3 when S->deadline passed.
 */
static int
read_line (struct session *s, char **line)
{
  for (;;) {
    const char *nl = memchr (s->in->str, '\n', s->in->len);
    int r;

    if (nl != NULL) {
      size_t n = nl - s->in->str;

      *line = g_strndup (s->in->str, n);
      g_string_erase (s->in, 0, n + 1);
      return 1;
    }
    if (s->in->len > MAX_LINE)
      return -2;
    if (s->in_eof)
      return 0;
    if ((r = fill (s)) <= 0)
      return r;
  }
}

/* Read exactly LEN bytes into *BUF.  Returns as read_line. */
static int
read_bytes (struct session *s, size_t len, char **buf)
{
  while (s->in->len < len) {
    int r;

    if (s->in_eof)
      return 0;
    if ((r = fill (s)) <= 0)
      return r;
  }
  *buf = g_strndup (s->in->str, len);
  g_string_erase (s->in, 0, len);
  return 1;
}

/* Refuse the request before any job exists. */
static int
refuse (struct session *s, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static int
refuse (struct session *s, const char *fmt, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, fmt);
  text = g_strdup_vprintf (fmt, args);
  va_end (args);
  send_line (s, "error", "%s", text);
  return EXIT_FAILURE;
}

/* End the job as failed: status, log, and (when TELL) the client. */
static int
fail_job (struct session *s, bool tell, const char *message)
{
  g_autofree char *status = g_strconcat ("failed: ", message, NULL);

  ferry_p2v_job_log (s->job, "error", "%s", message);
  if (ferry_p2v_job_set_status (s->job, status) == -1)
    ferry_p2v_job_log (s->job, "error", "%s", ferry_error_get ());
  if (tell)
    send_line (s, "failed", "%s", message);
  return EXIT_FAILURE;
}

/* The reason the session stops, for a signal SIG. */
static char *
signal_reason (int sig)
{
  if (sig == SIGHUP || sig == SIGPIPE)
    return g_strdup (LOST);
  return g_strdup_printf ("the conversion server was stopped (signal %d)",
                          sig);
}

static struct ferry_output_options
output_options (const struct session *s)
{
  const struct ferry_p2v_description *d = s->description;

  return (struct ferry_output_options) {
    .storage = s->storage,
    .format = d->output_format,
    .alloc = d->output_alloc,
    .name = d->output_name,
    .conn = NULL,
    .module_options = (const char *const *) d->output_options,
  };
}

/* Check the output the way the conversion will set it up (the folder is
 * writable, no file of the guest's name is there already), before the
 * job exists.  Writes nothing that stays.
 */
static int
check_output (const struct session *s)
{
  struct ferry_output_options options = output_options (s);
  g_autoptr (ferry_output) out = NULL;

  out = ferry_output_setup (s->description->output, &options,
                            s->description->source);
  return out == NULL ? -1 : 0;
}

/* The worker: everything below runs in the conversion's own process. */

static void
on_report_message (const char *type, const char *text, void *opaque)
{
  struct session *s = opaque;

  ferry_p2v_job_log (s->job, type, "%s", text);
  send_line (s, type, "%s", text);
}

/* Send "progress INDEX DONE SIZE", unless the last one for this disk was
 * the same or less than PROGRESS_INTERVAL_US ago (and not FORCE).
 */
static void
send_progress (struct session *s, size_t index, uint64_t done, uint64_t size,
               bool force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && (done == s->progress_sent ||
                 now - s->progress_time < PROGRESS_INTERVAL_US))
    return;
  send_line (s, "progress", "%zu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
             index, done, size);
  s->progress_sent = done;
  s->progress_time = now;
  s->progress_started = true;
}

/* DONE of TOTAL bytes over all disks, in source order, becomes "progress
 * INDEX DONE SIZE" for the disk being copied: at most four a second, but
 * always each disk's first and last figure.
 */
static void
on_report_progress (uint64_t done, uint64_t total, void *opaque)
{
  struct session *s = opaque;
  GPtrArray *disks = s->description->source->disks;
  const struct ferry_source_disk *disk;
  uint64_t base = 0, mine;
  size_t i;

  for (i = 0; i + 1 < disks->len; i++) {
    disk = disks->pdata[i];
    if (done < base + disk->virtual_size)
      break;
    base += disk->virtual_size;
  }
  /* The disks before this one are complete. */
  while (s->progress_disk < i) {
    disk = disks->pdata[s->progress_disk];
    if (!s->progress_started || s->progress_sent != disk->virtual_size)
      send_progress (s, s->progress_disk, disk->virtual_size,
                     disk->virtual_size, true);
    s->progress_disk++;
    s->progress_sent = 0;
    s->progress_started = false;
  }
  disk = disks->pdata[i];
  mine = done > base ? MIN (done - base, disk->virtual_size) : 0;
  send_progress (s, i, mine, disk->virtual_size,
                 !s->progress_started ||
                 (mine == disk->virtual_size && s->progress_sent != mine));
}

/* Wait for every disk's socket: the data bridges create them once their
 * nbdkit is ready.
 */
static int
wait_for_sockets (struct session *s)
{
  GPtrArray *disks = s->description->source->disks;
  gint64 deadline = g_get_monotonic_time () +
    SOCKET_TIMEOUT_S * G_USEC_PER_SEC;
  size_t i = 0;

  while (i < disks->len) {
    g_autofree char *path = ferry_p2v_job_disk_socket (s->job, i);
    struct stat st;

    if (lstat (path, &st) == 0 && S_ISSOCK (st.st_mode)) {
      i++;
      continue;
    }
    if (g_get_monotonic_time () > deadline) {
      const struct ferry_source_disk *disk = disks->pdata[i];

      ferry_error ("disk %zu ('%s'): no data connection within %d s (the "
                   "client opens one with 'data %s %zu')", i, disk->target,
                   SOCKET_TIMEOUT_S, s->job->id, i);
      return -1;
    }
    g_usleep (100000);
  }
  return 0;
}

/* Point each disk at its socket and check its size against the NBD
 * export's.
 */
static int
open_disks (struct session *s)
{
  GPtrArray *disks = s->description->source->disks;
  size_t i;

  for (i = 0; i < disks->len; i++) {
    struct ferry_source_disk *disk = disks->pdata[i];
    struct ferry_image_info info = { 0 };
    g_autofree char *found = NULL;

    g_free (disk->location);
    disk->location = ferry_p2v_job_disk_uri (s->job, i);
    if (ferry_image_probe_uri (disk->location, "raw", &info) == -1) {
      ferry_error_prefix ("disk %zu ('%s')", i, disk->target);
      return -1;
    }
    g_free (info.format);
    if (info.virtual_size != disk->virtual_size) {
      ferry_error ("disk %zu ('%s'): the description says %" G_GUINT64_FORMAT
                   " bytes, the client's NBD export has %" G_GUINT64_FORMAT,
                   i, disk->target, disk->virtual_size, info.virtual_size);
      return -1;
    }
    found = ferry_human_size (info.virtual_size);
    ferry_message ("Disk %zu ('%s'): %s", i, disk->target, found);
  }
  return 0;
}

/* The metadata file, relative to the root. */
static const char *
relative_to_root (const struct session *s, const char *path)
{
  size_t n = strlen (s->root);

  if (strncmp (path, s->root, n) == 0 && path[n] == '/')
    return path + n + 1;
  return path;
}

static int
convert (struct session *s)
{
  struct ferry_core_options options = { 0 };
  struct ferry_core_result result = { 0 };
  struct ferry_report_sink sink = {
    .message = on_report_message,
    .progress = on_report_progress,
    .opaque = s,
  };
  g_autofree char *written = NULL, *status = NULL;
  const char *file = NULL;

  ferry_report_set_sink (&sink);
  ferry_message ("Waiting for the data connection of %u disk%s",
                 s->description->source->disks->len,
                 s->description->source->disks->len == 1 ? "" : "s");
  if (wait_for_sockets (s) == -1 || open_disks (s) == -1)
    return fail_job (s, true, ferry_error_get ());

  options.output = s->description->output;
  options.output_options = output_options (s);
  options.guest_options = (struct ferry_guest_options) {
    .root = NULL, .verbose = s->verbose, .trace = false,
  };
  options.networks = s->description->networks;
  if (ferry_core_convert (s->description->source, &options, &result) == -1)
    return fail_job (s, true, ferry_error_get ());

  written = ferry_human_size (result.bytes_written);
  if (result.metadata != NULL) {
    file = relative_to_root (s, result.metadata);
    ferry_message ("Finished: %s (%s written)", file, written);
    status = g_strconcat ("done ", file, NULL);
  }
  else {
    ferry_message ("Finished (-o %s: nothing written)", options.output->name);
    status = g_strdup ("done");
  }
  ferry_report_set_sink (NULL);
  ferry_p2v_job_log (s->job, "job", "%s", status);
  if (ferry_p2v_job_set_status (s->job, status) == -1)
    ferry_p2v_job_log (s->job, "error", "%s", ferry_error_get ());
  send_line (s, "done", "%s", file ? file : "");
  g_free (result.metadata);
  return EXIT_SUCCESS;
}

/* The child's start: the default signal actions, then the handlers that
 * remove temporary files; stdin belongs to the session.
 */
static int
worker (struct session *s, const sigset_t *old_mask)
{
  static const int defaults[] = { SIGHUP, SIGINT, SIGTERM, SIGPIPE };
  size_t i;
  int fd;

  for (i = 0; i < G_N_ELEMENTS (defaults); i++)
    signal (defaults[i], SIG_DFL);
  close (signal_pipe[0]);
  close (signal_pipe[1]);
  fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    dup2 (fd, STDIN_FILENO);
    close (fd);
  }
  ferry_tempfiles_install ();
  sigprocmask (SIG_SETMASK, old_mask, NULL);
  return convert (s);
}

/* Does the control channel close within a second (anything read on it
 * is ignored)?
 */
static bool
channel_closes (struct session *s)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  for (;;) {
    struct pollfd fd = { .fd = STDIN_FILENO, .events = POLLIN };
    gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
    char buf[4096];
    ssize_t n;

    if (left <= 0 || poll (&fd, 1, left) <= 0)
      return false;
    n = read (STDIN_FILENO, buf, sizeof buf);
    if (n == 0 || (n == -1 && errno != EINTR && errno != EAGAIN)) {
      s->in_eof = true;
      return true;
    }
  }
}

/* The session while the worker converts: watch the channel and the
 * signals; stop the worker when the channel closes.
 */
/* Has the conversion finished (status "done ...")? */
static bool
job_done (struct session *s)
{
  g_autofree char *status = ferry_p2v_job_status (s->job);

  return status != NULL && (strcmp (status, "done") == 0 ||
                            g_str_has_prefix (status, "done "));
}

static int
supervise (struct session *s, pid_t pid)
{
  gint64 kill_at = 0;
  bool lost = false;
  int stop_signal = 0, status;
  g_autofree char *reason = NULL;

  for (;;) {
    struct pollfd fds[2] = {
      { .fd = s->in_eof ? -1 : STDIN_FILENO, .events = POLLIN },
      { .fd = signal_pipe[0], .events = POLLIN },
    };
    pid_t r = waitpid (pid, &status, WNOHANG);
    unsigned char sig;

    if (r == pid)
      break;
    if (r == -1 && errno != EINTR) {
      ferry_error_errno (errno, "cannot wait for the conversion");
      return fail_job (s, !lost, ferry_error_get ());
    }
    if (kill_at != 0 && g_get_monotonic_time () > kill_at) {
      kill (pid, SIGKILL);
      kill_at = 0;
    }
    if (poll (fds, 2, 200) <= 0)
      continue;
    if (fds[0].revents != 0) {
      char buf[4096];
      ssize_t n = read (STDIN_FILENO, buf, sizeof buf);

      /* Nothing is expected after "start": what comes is ignored. */
      if (n == 0 || (n == -1 && errno != EINTR && errno != EAGAIN)) {
        s->in_eof = true;
        lost = true;
      }
    }
    if (fds[1].revents != 0 && read (signal_pipe[0], &sig, 1) == 1) {
      if (sig == SIGHUP)
        lost = true;
      else
        stop_signal = sig;
    }
    if ((lost || stop_signal) && kill_at == 0 && !job_done (s)) {
      kill (pid, SIGTERM);
      kill_at = g_get_monotonic_time () + KILL_TIMEOUT_S * G_USEC_PER_SEC;
    }
  }

  /* The conversion wrote its output and said "done" before the client
   * went away (it does not wait for the end of the process): the job is
   * done, whatever happened since.
   */
  if (job_done (s))
    return EXIT_SUCCESS;

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return EXIT_SUCCESS;
  /* A client that went away takes its data connections with it: the
   * conversion may fail on them just before the control channel shows
   * the end.  Then the lost connection is the reason.
   */
  if (WIFEXITED (status) && !lost && !stop_signal && !s->in_eof)
    lost = channel_closes (s);
  if (WIFEXITED (status) && !lost)
    return WEXITSTATUS (status);
  /* Killed, or failed for want of its client: its own status was not
   * written, or does not say why.
   */
  if (lost || (WIFSIGNALED (status) && WTERMSIG (status) == SIGPIPE))
    return fail_job (s, false, LOST);
  if (stop_signal)
    reason = signal_reason (stop_signal);
  else
    reason = g_strdup_printf ("the conversion process was killed by signal "
                              "%d", WTERMSIG (status));
  return fail_job (s, true, reason);
}

/* After "job JOB": wait for "start", then convert in a child. */
static int
run_job (struct session *s)
{
  g_autofree char *line = NULL;
  sigset_t block, old;
  pid_t pid;
  size_t i;
  int r;

  r = read_line (s, &line);
  s->deadline = 0;
  if (r == 0)
    return fail_job (s, false, LOST);
  if (r == -3) {
    g_autofree char *message =
      g_strdup_printf ("the client did not start the job within %u s",
                       s->options->wait_timeout_s);
    return fail_job (s, true, message);
  }
  if (r == -1) {
    g_autofree char *reason = signal_reason (s->signal);
    return fail_job (s, s->signal != SIGHUP, reason);
  }
  if (r == -2 || strcmp (line, "start") != 0) {
    g_autofree char *shown = r == -2 ? g_strdup ("a line too long")
      : g_strdup_printf ("'%s'", line);
    g_autofree char *message = g_strdup_printf ("expected 'start', got %s",
                                                shown);
    return fail_job (s, true, message);
  }

  ferry_p2v_job_log (s->job, "job", "start");
  if (ferry_p2v_job_set_status (s->job, "running") == -1)
    return fail_job (s, true, ferry_error_get ());

  /* The worker must not see the session's handlers, not even between
   * fork and its own set-up.
   */
  sigemptyset (&block);
  for (i = 0; i < G_N_ELEMENTS (session_signals); i++)
    sigaddset (&block, session_signals[i]);
  sigprocmask (SIG_BLOCK, &block, &old);
  fflush (NULL);
  pid = fork ();
  if (pid == -1) {
    sigprocmask (SIG_SETMASK, &old, NULL);
    ferry_error_errno (errno, "cannot start the conversion");
    return fail_job (s, true, ferry_error_get ());
  }
  if (pid == 0)
    /* The worker is a program of its own from here: it ends here. */
    exit (worker (s, &old));
  sigprocmask (SIG_SETMASK, &old, NULL);
  return supervise (s, pid);
}

/* "describe LENGTH": LENGTH in decimal, at most the description's limit. */
static bool
parse_describe (const char *line, size_t *len)
{
  const char *n;
  size_t digits;
  guint64 v;

  if (!g_str_has_prefix (line, "describe "))
    return false;
  n = line + strlen ("describe ");
  digits = strlen (n);
  if (digits == 0 || digits > 7 || strspn (n, "0123456789") != digits ||
      (n[0] == '0' && digits > 1))
    return false;
  v = g_ascii_strtoull (n, NULL, 10);
  if (v > FERRY_P2V_DESCRIPTION_MAX_SIZE)
    return false;
  *len = v;
  return true;
}

/* Send "job JOB TOKEN": the token goes to this client alone, and is
 * wiped from memory once sent.
 */
static int
send_job (struct session *s, char token[FERRY_P2V_TOKEN_CHARS + 1])
{
  char reply[sizeof "job " + FERRY_P2V_MAX_JOB_ID + 1 +
             FERRY_P2V_TOKEN_CHARS + 1];
  int n, r;

  n = g_snprintf (reply, sizeof reply, "job %s %s\n", s->job->id, token);
  r = send_bytes (s, reply, n);
  ferry_p2v_wipe (reply, sizeof reply);
  ferry_p2v_wipe (token, FERRY_P2V_TOKEN_CHARS + 1);
  return r;
}

static int
session_run (struct session *s, const char *root_arg)
{
  g_autofree char *line = NULL, *text = NULL;
  const char *client = g_getenv ("SSH_CONNECTION");
  char token[FERRY_P2V_TOKEN_CHARS + 1];
  size_t len = 0;
  int r;

  if (install_signals () == -1)
    return refuse (s, "%s", ferry_error_get ());
  if (root_arg == NULL)
    return refuse (s, "the server has no output root (start it with "
                   "--root DIR)");
  s->root = ferry_p2v_root_open (root_arg);
  if (s->root == NULL)
    return refuse (s, "%s", ferry_error_get ());

  r = read_line (s, &line);
  if (r <= 0)
    return EXIT_FAILURE;
  if (r == -2 || !parse_describe (line, &len))
    return refuse (s, "expected 'describe LENGTH' (LENGTH at most %d bytes)",
                   FERRY_P2V_DESCRIPTION_MAX_SIZE);
  r = read_bytes (s, len, &text);
  if (r <= 0)
    return EXIT_FAILURE;

  s->description = ferry_p2v_description_parse (text, len);
  if (s->description == NULL)
    return refuse (s, "%s", ferry_error_get ());
  s->storage = ferry_p2v_confine_storage (s->root,
                                          s->description->output_storage);
  if (s->storage == NULL || check_output (s) == -1)
    return refuse (s, "%s", ferry_error_get ());

  s->job = ferry_p2v_job_create (s->root, text, len, &s->options->limits,
                                 token);
  if (s->job == NULL)
    return refuse (s, "%s", ferry_error_get ());
  s->deadline = g_get_monotonic_time () +
    (gint64) s->options->wait_timeout_s * G_USEC_PER_SEC;
  ferry_p2v_job_log (s->job, "job", "created for '%s' (-o %s%s%s)%s%s",
                     s->description->source->name,
                     s->description->output->name,
                     s->description->output_storage[0] ? " -os " : "",
                     s->description->output_storage,
                     client ? " from " : "", client ? client : "");
  if (send_job (s, token) == -1)
    return fail_job (s, false, LOST);
  return run_job (s);
}

int
ferry_p2v_control (const struct ferry_p2v_control_options *options)
{
  struct session s = {
    .options = options, .verbose = options->verbose, .proto_fd = -1,
  };
  int r;

  /* The protocol owns the original stdout; anything else printed there
   * (by a library, say) goes to stderr instead of into the protocol.
   */
  s.proto_fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (s.proto_fd == -1 || dup2 (STDERR_FILENO, STDOUT_FILENO) == -1) {
    ferry_report_error ("cannot set up the control channel");
    return EXIT_FAILURE;
  }
  s.in = g_string_new (NULL);
  r = session_run (&s, options->root);

  g_string_free (s.in, TRUE);
  ferry_p2v_job_free (s.job);
  ferry_p2v_description_free (s.description);
  g_free (s.storage);
  g_free (s.root);
  close (s.proto_fd);
  return r;
}

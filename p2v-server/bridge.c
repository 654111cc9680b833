/* ferry-p2v-server: the data bridge of one disk (bridge.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bridge.h"
#include "description.h"
#include "job.h"
#include "command.h"
#include "errors.h"
#include "tempfiles.h"
#include "banned.h"

#define BUFFER_SIZE (256 * 1024)
#define READY_TIMEOUT_S 60
#define STOP_TIMEOUT_MS 5000
#define POLL_MS 100

/* Bytes on their way from one fd to another. */
struct pipe_buffer {
  char data[BUFFER_SIZE];
  size_t start, end;       /* data[start..end) waits to be written */
};

struct bridge {
  struct ferry_p2v_job *job;
  unsigned index;
  char *tmp_socket;        /* where nbdkit listens until it is ready */
  char *socket;            /* disk-INDEX.sock */
  char *pidfile;
  int lock_fd;
  int nbdkit;              /* its pid, 0 when not running */
  int sock;                /* the bridge's end of the socketpair */
  int err_fd;              /* nbdkit's stderr, or -1 */
  GString *err_text;       /* nbdkit's unfinished stderr line */
  bool ready;              /* the socket has its final name */
  struct pipe_buffer up;   /* client -> nbdkit */
  struct pipe_buffer down; /* nbdkit -> client */
};

static int
set_nonblocking (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags == -1 || fcntl (fd, F_SETFL, flags | O_NONBLOCK) == -1)
    return -1;
  return 0;
}

/* Fill B from FD.  Returns 1 when bytes came (or none could yet), 0 at
 * the end of the stream or on an error.
 */
static int
buffer_read (struct pipe_buffer *b, int fd)
{
  ssize_t n;

  if (b->start == b->end)
    b->start = b->end = 0;
  if (b->end == sizeof b->data)
    return 1;
  n = read (fd, b->data + b->end, sizeof b->data - b->end);
  if (n == -1)
    return errno == EAGAIN || errno == EINTR ? 1 : 0;
  if (n == 0)
    return 0;
  b->end += n;
  return 1;
}

/* Drain B into FD.  Returns 1, or 0 when FD is closed. */
static int
buffer_write (struct pipe_buffer *b, int fd)
{
  ssize_t n;

  if (b->start == b->end)
    return 1;
  n = write (fd, b->data + b->start, b->end - b->start);
  if (n == -1)
    return errno == EAGAIN || errno == EINTR ? 1 : 0;
  b->start += n;
  return 1;
}

/* Log the complete lines nbdkit wrote on its stderr. */
static int
read_nbdkit_errors (struct bridge *b)
{
  char chunk[4096];
  ssize_t n = read (b->err_fd, chunk, sizeof chunk);
  char *nl;

  if (n == -1 && (errno == EAGAIN || errno == EINTR))
    return 1;
  if (n > 0)
    g_string_append_len (b->err_text, chunk, n);
  while ((nl = memchr (b->err_text->str, '\n', b->err_text->len)) != NULL) {
    *nl = '\0';
    ferry_p2v_job_log (b->job, "bridge", "disk %u: nbdkit: %s", b->index,
                       b->err_text->str);
    g_string_erase (b->err_text, 0, nl - b->err_text->str + 1);
  }
  if (n <= 0 || b->err_text->len > 65536) {
    if (b->err_text->len > 0)
      ferry_p2v_job_log (b->job, "bridge", "disk %u: nbdkit: %s", b->index,
                         b->err_text->str);
    g_string_truncate (b->err_text, 0);
  }
  return n > 0;
}

/* Start nbdkit on the other end of the socketpair, as fd 3. */
static int
start_nbdkit (struct bridge *b)
{
  const char *argv[] = {
    "nbdkit", "-r", "-f", "--exit-with-parent",
    "-U", b->tmp_socket, "-P", b->pidfile,
    "nbd", "socket-fd=3", NULL,
  };
  g_autoptr (GError) gerr = NULL;
  int sv[2];
  int target = 3;
  GPid pid;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
    ferry_error_errno (errno, "cannot create a socket pair");
    return -1;
  }
  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                         G_SPAWN_SEARCH_PATH |
                                         G_SPAWN_DO_NOT_REAP_CHILD |
                                         G_SPAWN_STDIN_FROM_DEV_NULL |
                                         G_SPAWN_STDOUT_TO_DEV_NULL,
                                         NULL, NULL, -1, -1, -1,
                                         &sv[1], &target, 1, &pid,
                                         NULL, NULL, &b->err_fd, &gerr)) {
    ferry_error ("cannot run 'nbdkit': %s", gerr->message);
    close (sv[0]);
    close (sv[1]);
    return -1;
  }
  close (sv[1]);
  b->sock = sv[0];
  b->nbdkit = pid;
  ferry_tempfiles_set_child (pid);
  if (set_nonblocking (b->sock) == -1 || set_nonblocking (b->err_fd) == -1) {
    ferry_error_errno (errno, "cannot set up the bridge's sockets");
    return -1;
  }
  return 0;
}

/* Has nbdkit written its pid, whole, in the pid file?  It does so once it
 * listens and the upstream connection is open.
 */
static bool
nbdkit_ready (const struct bridge *b)
{
  g_autofree char *text = NULL;
  g_autofree char *want = g_strdup_printf ("%d\n", b->nbdkit);

  return g_file_get_contents (b->pidfile, &text, NULL, NULL) &&
    strcmp (text, want) == 0;
}

/* Give the socket its final name: from now on the conversion may use it. */
static int
publish_socket (struct bridge *b)
{
  if (ferry_tempfile_register (b->socket, false) == -1)
    return -1;
  if (rename (b->tmp_socket, b->socket) == -1) {
    ferry_error_errno (errno, "cannot rename '%s'", b->tmp_socket);
    ferry_tempfile_unregister (b->socket);
    return -1;
  }
  b->ready = true;
  ferry_p2v_job_log (b->job, "bridge", "disk %u: ready on '%s'", b->index,
                     b->socket);
  return 0;
}

/* Is the job still one a disk may be bridged for? */
static bool
job_active (struct bridge *b)
{
  g_autofree char *status = ferry_p2v_job_status (b->job);

  return status != NULL && (strcmp (status, "waiting") == 0 ||
                            strcmp (status, "running") == 0);
}

/* Pump bytes until one side closes.  Returns 0 with *WHY saying why the
 * bridge ended normally, or -1 with the error set.
 */
static int
pump (struct bridge *b, const char **why)
{
  gint64 ready_deadline = g_get_monotonic_time () +
    READY_TIMEOUT_S * G_USEC_PER_SEC;
  gint64 next_check = 0;

  if (set_nonblocking (STDIN_FILENO) == -1 ||
      set_nonblocking (STDOUT_FILENO) == -1) {
    ferry_error_errno (errno, "cannot set up the data channel");
    return -1;
  }
  for (;;) {
    struct pollfd fds[4] = {
      { .fd = STDIN_FILENO,
        .events = b->up.end < BUFFER_SIZE || b->up.start == b->up.end
                  ? POLLIN : 0 },
      { .fd = b->sock,
        .events = (b->up.start < b->up.end ? POLLOUT : 0) |
                  (b->down.end < BUFFER_SIZE || b->down.start == b->down.end
                   ? POLLIN : 0) },
      { .fd = STDOUT_FILENO,
        .events = b->down.start < b->down.end ? POLLOUT : 0 },
      { .fd = b->err_fd, .events = POLLIN },
    };
    gint64 now;

    if (poll (fds, 4, POLL_MS) == -1 && errno != EINTR) {
      ferry_error_errno (errno, "cannot wait for the data channel");
      return -1;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!buffer_read (&b->up, STDIN_FILENO)) {
        *why = "the client closed the data channel";
        return 0;
      }
    }
    if (fds[1].revents & POLLOUT) {
      if (!buffer_write (&b->up, b->sock)) {
        *why = "nbdkit closed its connection";
        return 0;
      }
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!buffer_read (&b->down, b->sock)) {
        *why = "nbdkit closed its connection";
        return 0;
      }
    }
    if (fds[2].revents & (POLLOUT | POLLHUP | POLLERR)) {
      if (!buffer_write (&b->down, STDOUT_FILENO)) {
        *why = "the client closed the data channel";
        return 0;
      }
    }
    if (fds[3].fd >= 0 && (fds[3].revents & (POLLIN | POLLHUP | POLLERR)) &&
        !read_nbdkit_errors (b)) {
      close (b->err_fd);
      b->err_fd = -1;
    }

    now = g_get_monotonic_time ();
    if (!b->ready) {
      if (nbdkit_ready (b)) {
        if (publish_socket (b) == -1)
          return -1;
      }
      else if (now > ready_deadline) {
        ferry_error ("nbdkit did not start serving the disk within %d s",
                     READY_TIMEOUT_S);
        return -1;
      }
    }
    if (now >= next_check) {
      int status;
      int r = ferry_command_exited (b->nbdkit, &status);

      next_check = now + G_USEC_PER_SEC;
      if (r != 0) {
        g_autofree char *how = r == 1 ? ferry_command_status_text (status)
          : g_strdup (ferry_error_get ());

        b->nbdkit = 0;
        ferry_tempfiles_set_child (0);
        ferry_error ("nbdkit ended (%s)", how);
        return -1;
      }
      if (!job_active (b)) {
        *why = "the job is over";
        return 0;
      }
    }
  }
}

/* Stop nbdkit and remove the socket: the disk is no longer bridged. */
static void
bridge_stop (struct bridge *b)
{
  if (b->nbdkit > 0)
    ferry_command_stop (b->nbdkit, STOP_TIMEOUT_MS);
  ferry_tempfiles_set_child (0);
  if (b->sock >= 0)
    close (b->sock);
  if (b->err_fd >= 0) {
    read_nbdkit_errors (b);
    close (b->err_fd);
  }
  if (b->ready) {
    unlink (b->socket);
    ferry_tempfile_unregister (b->socket);
  }
  if (b->tmp_socket != NULL) {
    unlink (b->tmp_socket);
    ferry_tempfile_unregister (b->tmp_socket);
  }
  if (b->pidfile != NULL) {
    unlink (b->pidfile);
    ferry_tempfile_unregister (b->pidfile);
  }
  b->nbdkit = 0;
  b->sock = b->err_fd = -1;
  b->ready = false;
}

static void
bridge_close (struct bridge *b)
{
  bridge_stop (b);
  if (b->lock_fd >= 0)
    close (b->lock_fd);
  if (b->err_text != NULL)
    g_string_free (b->err_text, TRUE);
  g_free (b->tmp_socket);
  g_free (b->socket);
  g_free (b->pidfile);
  ferry_p2v_job_free (b->job);
  g_free (b);
}

/* INDEX in decimal without leading zeros, below FERRY_P2V_MAX_DISKS. */
static int
parse_index (const char *text, unsigned *index)
{
  size_t len = strlen (text);

  if (len == 0 || len > 2 || strspn (text, "0123456789") != len ||
      (text[0] == '0' && len > 1))
    return -1;
  *index = (unsigned) g_ascii_strtoull (text, NULL, 10);
  return 0;
}

/* Check the request and take the disk's lock. */
static struct bridge *
bridge_open (const char *root_arg, const char *id, const char *index_text)
{
  struct bridge *b = g_new0 (struct bridge, 1);
  g_autofree char *root = NULL, *text = NULL, *status = NULL;
  g_autofree char *lock = NULL, *base = NULL;
  g_autoptr (ferry_p2v_description) description = NULL;
  struct stat st;
  size_t len = 0;

  b->lock_fd = b->sock = b->err_fd = -1;
  if (parse_index (index_text, &b->index) == -1) {
    ferry_error ("'%s' is not a disk index", index_text);
    goto fail;
  }
  if (root_arg == NULL) {
    ferry_error ("the server has no output root (start it with --root DIR)");
    goto fail;
  }
  root = ferry_p2v_root_open (root_arg);
  if (root == NULL)
    goto fail;
  b->job = ferry_p2v_job_open (root, id);
  if (b->job == NULL)
    goto fail;
  status = ferry_p2v_job_status (b->job);
  if (status == NULL)
    goto fail;
  if (strcmp (status, "waiting") != 0 && strcmp (status, "running") != 0) {
    ferry_error ("job '%s' takes no data connection: it is %s", id, status);
    goto fail;
  }
  text = ferry_p2v_job_description (b->job, &len);
  if (text == NULL)
    goto fail;
  description = ferry_p2v_description_parse (text, len);
  if (description == NULL)
    goto fail;
  if (b->index >= description->source->disks->len) {
    ferry_error ("job '%s' has no disk %u (it has %u)", id, b->index,
                 description->source->disks->len);
    goto fail;
  }

  base = g_strdup_printf ("disk-%u", b->index);
  lock = g_strdup_printf ("%s/%s.lock", b->job->dir, base);
  b->socket = ferry_p2v_job_disk_socket (b->job, b->index);
  b->tmp_socket = g_strdup_printf ("%s/%s.tmp.sock", b->job->dir, base);
  b->pidfile = g_strdup_printf ("%s/%s.pid", b->job->dir, base);
  b->lock_fd = open (lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (b->lock_fd == -1) {
    ferry_error_errno (errno, "cannot create '%s'", lock);
    goto fail;
  }
  if (flock (b->lock_fd, LOCK_EX | LOCK_NB) == -1 ||
      lstat (b->socket, &st) == 0) {
    ferry_error ("disk %u of job '%s' is already connected", b->index, id);
    goto fail;
  }
  /* What a killed bridge may have left (the lock is ours now). */
  unlink (b->tmp_socket);
  unlink (b->pidfile);
  return b;

 fail:
  bridge_close (b);
  return NULL;
}

int
ferry_p2v_bridge (const char *root, const char *id, const char *index_text)
{
  struct bridge *b;
  const char *why = NULL;
  int r;

  /* A closed channel shows as EPIPE: the bridge then ends as it should. */
  signal (SIGPIPE, SIG_IGN);
  ferry_tempfiles_install ();
  b = bridge_open (root, id, index_text);
  if (b == NULL) {
    fprintf (stderr, "error: %s\n", ferry_error_get ());
    return EXIT_FAILURE;
  }
  b->err_text = g_string_new (NULL);
  if (ferry_tempfile_register (b->tmp_socket, false) == -1 ||
      ferry_tempfile_register (b->pidfile, false) == -1)
    r = -1;
  else {
    ferry_p2v_job_log (b->job, "bridge", "disk %u: data connection open",
                       b->index);
    r = start_nbdkit (b);
    if (r == 0)
      r = pump (b, &why);
  }
  bridge_stop (b);
  if (r == -1) {
    ferry_p2v_job_log (b->job, "error", "disk %u: %s", b->index,
                       ferry_error_get ());
    fprintf (stderr, "error: disk %u: %s\n", b->index, ferry_error_get ());
  }
  else
    ferry_p2v_job_log (b->job, "bridge", "disk %u: data connection closed: %s",
                       b->index, why);
  bridge_close (b);
  return r == -1 ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ferry-p2v-server: the data bridge of one disk (bridge.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
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
#include "errors.h"
#include "nbdkit.h"
#include "pump.h"
#include "tempfiles.h"
#include "banned.h"

#define TICK_MS 100              /* how often the bridge looks at nbdkit */
#define CHECK_US G_USEC_PER_SEC  /* ... and at the job */
#define TOKEN_TIMEOUT_S 60       /* for the token line, first on stdin */

struct bridge {
  struct ferry_p2v_job *job;
  unsigned index;
  char *socket;            /* disk-INDEX.sock */
  int lock_fd;
  struct ferry_nbdkit *nbdkit;
  int sock;                /* the bridge's end of nbdkit's socket-fd */
  bool ready;              /* the socket has its name: the job may use it */
  gint64 next_check;
};

/* Start nbdkit's nbd plugin on one end of a socket pair (its fd 3): the
 * other end is the bridge's, and the plugin's one upstream connection.
 * Its private folder is in the job's folder, so that the socket can be
 * renamed to disk-INDEX.sock.
 */
static int
start_nbdkit (struct bridge *b)
{
  const char *args[] = { "nbd", "socket-fd=3", NULL };
  int sv[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
    ferry_error_errno (errno, "cannot create a socket pair");
    return -1;
  }
  b->nbdkit = ferry_nbdkit_spawn (args, &(struct ferry_nbdkit_options) {
      .readonly = true, .folder = b->job->dir, .pass_fd = sv[1],
    });
  close (sv[1]);
  if (b->nbdkit == NULL) {
    close (sv[0]);
    return -1;
  }
  b->sock = sv[0];
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

/* The pump's periodic check.  nbdkit talks to the client through the
 * pump before it listens: once it is ready, its socket gets its name.
 * The bridge ends when nbdkit does, or when the job is over.
 */
static int
tick (void *opaque)
{
  struct bridge *b = opaque;
  gint64 now = g_get_monotonic_time ();

  if (!b->ready) {
    int r = ferry_nbdkit_ready (b->nbdkit);

    if (r == -1)
      return -1;
    if (r == 1) {
      if (ferry_nbdkit_publish (b->nbdkit, b->socket) == -1)
        return -1;
      b->ready = true;
      ferry_p2v_job_log (b->job, "bridge", "disk %u: ready on '%s'",
                         b->index, b->socket);
    }
  }
  if (now >= b->next_check) {
    b->next_check = now + CHECK_US;
    if (b->ready && ferry_nbdkit_check (b->nbdkit) == -1)
      return -1;
    if (!job_active (b))
      return 1;
  }
  return 0;
}

/* Pump bytes between the client (standard input and output: the SSH
 * channel) and nbdkit until one ends, nbdkit fails or the job is over.
 * Returns 0 with *WHY saying why the bridge ended normally (a new
 * string), or -1 with the error set.
 */
static int
bridge_pump (struct bridge *b, char **why)
{
  struct ferry_stream client, server;
  g_autoptr (ferry_pump) pump = NULL;
  struct ferry_stream *ended;

  if (ferry_stream_fds (&client, "the client", STDIN_FILENO,
                        STDOUT_FILENO) == -1 ||
      ferry_stream_fds (&server, "nbdkit", b->sock, b->sock) == -1)
    return -1;
  pump = ferry_pump_new (&client, &server);
  if (ferry_pump_run (pump, TICK_MS, tick, b, &ended) == -1)
    return -1;
  *why = g_strdup (ended != NULL ? ferry_error_get () : "the job is over");
  return 0;
}

/* Stop nbdkit (which removes the socket: the disk is no longer bridged),
 * keeping what it said in the job's log.
 */
static void
bridge_stop (struct bridge *b)
{
  if (b->nbdkit != NULL) {
    g_autofree char *messages = ferry_nbdkit_messages (b->nbdkit);
    g_auto (GStrv) lines = g_strsplit (messages, "\n", -1);
    size_t i;

    for (i = 0; lines[i] != NULL; i++)
      if (lines[i][0] != '\0')
        ferry_p2v_job_log (b->job, "bridge", "disk %u: nbdkit: %s",
                           b->index, lines[i]);
    ferry_nbdkit_stop (g_steal_pointer (&b->nbdkit));
  }
  if (b->sock >= 0)
    close (b->sock);
  b->sock = -1;
  b->ready = false;
}

static void
bridge_close (struct bridge *b)
{
  bridge_stop (b);
  if (b->lock_fd >= 0)
    close (b->lock_fd);
  g_free (b->socket);
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
  g_autofree char *lock = NULL;
  g_autoptr (ferry_p2v_description) description = NULL;
  char token[FERRY_P2V_TOKEN_CHARS + 1];
  bool have_token;
  struct stat st;
  size_t len = 0;

  b->lock_fd = b->sock = -1;
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
  /* The job's token comes first on the channel, before NBD. */
  have_token = ferry_p2v_read_token (STDIN_FILENO, TOKEN_TIMEOUT_S, token);
  b->job = ferry_p2v_job_open (root, id, have_token ? token : NULL);
  ferry_p2v_wipe (token, sizeof token);
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

  lock = g_strdup_printf ("%s/disk-%u.lock", b->job->dir, b->index);
  b->socket = ferry_p2v_job_disk_socket (b->job, b->index);
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
  return b;

 fail:
  bridge_close (b);
  return NULL;
}

int
ferry_p2v_bridge (const char *root, const char *id, const char *index_text)
{
  struct bridge *b;
  g_autofree char *why = NULL;
  int r;

  /* A closed channel shows as EPIPE: the bridge then ends as it should. */
  signal (SIGPIPE, SIG_IGN);
  ferry_tempfiles_install ();
  b = bridge_open (root, id, index_text);
  if (b == NULL) {
    fprintf (stderr, "error: %s\n", ferry_error_get ());
    return EXIT_FAILURE;
  }
  ferry_p2v_job_log (b->job, "bridge", "disk %u: data connection open",
                     b->index);
  r = start_nbdkit (b);
  if (r == 0)
    r = bridge_pump (b, &why);
  if (r == -1) {
    g_autofree char *error = g_strdup (ferry_error_get ());

    bridge_stop (b);
    ferry_p2v_job_log (b->job, "error", "disk %u: %s", b->index, error);
    fprintf (stderr, "error: disk %u: %s\n", b->index, error);
  }
  else {
    bridge_stop (b);
    ferry_p2v_job_log (b->job, "bridge", "disk %u: data connection closed: %s",
                       b->index, why);
  }
  bridge_close (b);
  return r == -1 ? EXIT_FAILURE : EXIT_SUCCESS;
}

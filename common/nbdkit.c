/* ferry: serving a disk with nbdkit on a private unix socket (nbdkit.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "command.h"
#include "errors.h"
#include "nbdkit.h"
#include "tempfiles.h"
#include "banned.h"

/* How long nbdkit may take to start listening, and to exit when asked. */
#define START_TIMEOUT_MS 60000
#define STOP_TIMEOUT_MS 5000

struct ferry_nbdkit {
  char *dir;               /* the private folder, mode 0700 */
  char *socket;            /* DIR/nbd.sock, or its public name */
  char *pidfile;           /* DIR/nbdkit.pid, written when nbdkit is ready */
  char *log;               /* DIR/nbdkit.log, nbdkit's stdout and stderr */
  char *uri;
  int pid;                 /* 0 when not running */
  bool ready;              /* its pid file said so */
  gint64 deadline;         /* when it must be ready by (monotonic, us) */
};

const char *
ferry_nbdkit_uri (const struct ferry_nbdkit *nbdkit)
{
  return nbdkit->uri;
}

const char *
ferry_nbdkit_socket (const struct ferry_nbdkit *nbdkit)
{
  return nbdkit->socket;
}

char *
ferry_nbdkit_messages (const struct ferry_nbdkit *nbdkit)
{
  char *text = NULL;

  if (!g_file_get_contents (nbdkit->log, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

char *
ferry_nbdkit_last_error (const struct ferry_nbdkit *nbdkit)
{
  g_autofree char *text = ferry_nbdkit_messages (nbdkit);

  return ferry_last_line (text);
}

/* Remove FILE, which tempfiles knows about. */
static void
remove_file (char *file)
{
  if (file == NULL)
    return;
  unlink (file);
  ferry_tempfile_unregister (file);
  g_free (file);
}

void
ferry_nbdkit_stop (struct ferry_nbdkit *nbdkit)
{
  if (nbdkit == NULL)
    return;
  if (nbdkit->pid > 0)
    ferry_command_stop (nbdkit->pid, STOP_TIMEOUT_MS);
  remove_file (nbdkit->socket);
  remove_file (nbdkit->pidfile);
  remove_file (nbdkit->log);
  if (nbdkit->dir != NULL) {
    rmdir (nbdkit->dir);
    ferry_tempfile_unregister (nbdkit->dir);
    g_free (nbdkit->dir);
  }
  g_free (nbdkit->uri);
  g_free (nbdkit);
}

/* A new file name in the folder, registered for removal. */
static char *
folder_file (struct ferry_nbdkit *nbdkit, const char *name)
{
  char *file = g_build_filename (nbdkit->dir, name, NULL);

  if (ferry_tempfile_register (file, false) == -1) {
    g_free (file);
    return NULL;
  }
  return file;
}

/* Has nbdkit written its pid, whole, in the pid file?  It does so once
 * it listens (and the nbd plugin's upstream connection is open).
 */
static bool
pidfile_written (const struct ferry_nbdkit *nbdkit)
{
  g_autofree char *text = NULL;
  g_autofree char *want = g_strdup_printf ("%d\n", nbdkit->pid);

  return g_file_get_contents (nbdkit->pidfile, &text, NULL, NULL) &&
    strcmp (text, want) == 0;
}

int
ferry_nbdkit_check (struct ferry_nbdkit *nbdkit)
{
  int status, r;

  if (nbdkit->pid == 0) {
    ferry_error ("nbdkit is not running");
    return -1;
  }
  r = ferry_command_exited (nbdkit->pid, &status);
  if (r == -1)
    return -1;
  if (r == 1) {
    g_autofree char *how = ferry_command_status_text (status);
    g_autofree char *last = ferry_nbdkit_last_error (nbdkit);

    nbdkit->pid = 0;
    ferry_error ("nbdkit %s (%s)%s%s", nbdkit->ready ? "ended"
                 : "failed to start", how, last[0] ? ": " : "", last);
    return -1;
  }
  return 0;
}

int
ferry_nbdkit_ready (struct ferry_nbdkit *nbdkit)
{
  if (nbdkit->ready)
    return 1;
  if (pidfile_written (nbdkit)) {
    nbdkit->ready = true;
    return 1;
  }
  if (ferry_nbdkit_check (nbdkit) == -1)
    return -1;
  if (g_get_monotonic_time () > nbdkit->deadline) {
    ferry_error ("nbdkit did not start listening on '%s' within %d s",
                 nbdkit->socket, START_TIMEOUT_MS / 1000);
    return -1;
  }
  return 0;
}

int
ferry_nbdkit_publish (struct ferry_nbdkit *nbdkit, const char *path)
{
  g_autofree char *public = g_strdup (path);
  g_autofree char *escaped = NULL;

  g_assert (nbdkit->ready);
  if (ferry_tempfile_register (public, false) == -1)
    return -1;
  if (renameat2 (AT_FDCWD, nbdkit->socket, AT_FDCWD, public,
                 RENAME_NOREPLACE) == -1) {
    ferry_error_errno (errno, "cannot rename '%s' to '%s'", nbdkit->socket,
                       public);
    ferry_tempfile_unregister (public);
    return -1;
  }
  ferry_tempfile_unregister (nbdkit->socket);
  g_free (nbdkit->socket);
  nbdkit->socket = g_steal_pointer (&public);
  escaped = g_uri_escape_string (nbdkit->socket, "/", false);
  g_free (nbdkit->uri);
  nbdkit->uri = g_strconcat ("nbd+unix:///?socket=", escaped, NULL);
  return 0;
}

struct ferry_nbdkit *
ferry_nbdkit_start (const char *const *args, bool readonly)
{
  g_autoptr (ferry_nbdkit) nbdkit = NULL;
  int r;

  nbdkit = ferry_nbdkit_spawn (args, &(struct ferry_nbdkit_options) {
      .readonly = readonly, .pass_fd = -1,
    });
  if (nbdkit == NULL)
    return NULL;
  while ((r = ferry_nbdkit_ready (nbdkit)) == 0)
    g_usleep (10000);
  if (r == -1)
    return NULL;
  return g_steal_pointer (&nbdkit);
}

struct ferry_nbdkit *
ferry_nbdkit_spawn (const char *const *args,
                    const struct ferry_nbdkit_options *options)
{
  g_autoptr (ferry_nbdkit) nbdkit = g_new0 (struct ferry_nbdkit, 1);
  const char *folder = options->folder ? options->folder : g_get_tmp_dir ();
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *template = NULL;
  g_autofree char *escaped = NULL;
  struct sockaddr_un sun;
  int log_fd;
  size_t i;

  template = g_build_filename (folder, FERRY_NBDKIT_FOLDER_TEMPLATE, NULL);
  nbdkit->dir = g_mkdtemp (template);
  if (nbdkit->dir == NULL) {
    ferry_error_errno (errno, "cannot create a temporary folder in '%s'",
                       folder);
    return NULL;
  }
  g_steal_pointer (&template);
  if (ferry_tempfile_register (nbdkit->dir, true) == -1)
    return NULL;
  if ((nbdkit->socket = folder_file (nbdkit,
                                     FERRY_NBDKIT_SOCKET_NAME)) == NULL ||
      (nbdkit->pidfile = folder_file (nbdkit, "nbdkit.pid")) == NULL ||
      (nbdkit->log = folder_file (nbdkit, "nbdkit.log")) == NULL)
    return NULL;
  if (strlen (nbdkit->socket) >= sizeof sun.sun_path) {
    ferry_error ("cannot create the socket '%s': its name is longer than "
                 "%zu bytes%s", nbdkit->socket, sizeof sun.sun_path - 1,
                 options->folder ? "" : " (set TMPDIR to a shorter folder)");
    return NULL;
  }
  escaped = g_uri_escape_string (nbdkit->socket, "/", false);
  nbdkit->uri = g_strconcat ("nbd+unix:///?socket=", escaped, NULL);

  g_ptr_array_add (argv, (char *) "nbdkit");
  g_ptr_array_add (argv, (char *) "--exit-with-parent");
  if (options->readonly)
    g_ptr_array_add (argv, (char *) "--readonly");
  g_ptr_array_add (argv, (char *) "--unix");
  g_ptr_array_add (argv, nbdkit->socket);
  g_ptr_array_add (argv, (char *) "--pidfile");
  g_ptr_array_add (argv, nbdkit->pidfile);
  for (i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  log_fd = open (nbdkit->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
                 O_NOFOLLOW, 0600);
  if (log_fd == -1) {
    ferry_error_errno (errno, "cannot create '%s'", nbdkit->log);
    return NULL;
  }
  nbdkit->pid = ferry_command_start_passing ((const char *const *)
                                             argv->pdata, log_fd,
                                             options->pass_fd);
  close (log_fd);
  if (nbdkit->pid == -1) {
    nbdkit->pid = 0;
    return NULL;
  }
  nbdkit->deadline = g_get_monotonic_time () +
    (gint64) START_TIMEOUT_MS * 1000;
  return g_steal_pointer (&nbdkit);
}

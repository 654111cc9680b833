/* ferry: serving a disk with nbdkit on a private unix socket (nbdkit.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
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
  char *socket;            /* DIR/nbd.sock */
  char *pidfile;           /* DIR/nbdkit.pid, written when nbdkit is ready */
  char *log;               /* DIR/nbdkit.log, nbdkit's stdout and stderr */
  char *uri;
  int pid;                 /* 0 when not running */
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
ferry_nbdkit_last_error (const struct ferry_nbdkit *nbdkit)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (nbdkit->log, &text, NULL, NULL))
    return g_strdup ("");
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

/* Is nbdkit ready: has it written its pid, whole, in the pid file? */
static bool
ready (const struct ferry_nbdkit *nbdkit)
{
  g_autofree char *text = NULL;
  g_autofree char *want = g_strdup_printf ("%d\n", nbdkit->pid);

  return g_file_get_contents (nbdkit->pidfile, &text, NULL, NULL) &&
    strcmp (text, want) == 0;
}

/* Wait until nbdkit is ready, or has died, or START_TIMEOUT_MS passed. */
static int
wait_ready (struct ferry_nbdkit *nbdkit)
{
  unsigned waited = 0;
  int status;

  for (;;) {
    int r;

    if (ready (nbdkit))
      return 0;
    r = ferry_command_exited (nbdkit->pid, &status);
    if (r == -1)
      return -1;
    if (r == 1) {
      g_autofree char *how = ferry_command_status_text (status);
      g_autofree char *last = ferry_nbdkit_last_error (nbdkit);

      nbdkit->pid = 0;
      ferry_error ("nbdkit failed to start (%s)%s%s", how,
                   last[0] ? ": " : "", last);
      return -1;
    }
    if (waited >= START_TIMEOUT_MS) {
      ferry_error ("nbdkit did not start listening on '%s' within %d s",
                   nbdkit->socket, START_TIMEOUT_MS / 1000);
      return -1;
    }
    g_usleep (10000);
    waited += 10;
  }
}

struct ferry_nbdkit *
ferry_nbdkit_start (const char *const *args, bool readonly)
{
  g_autoptr (ferry_nbdkit) nbdkit = g_new0 (struct ferry_nbdkit, 1);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *template = NULL;
  g_autofree char *escaped = NULL;
  struct sockaddr_un sun;
  int log_fd;
  size_t i;

  template = g_build_filename (g_get_tmp_dir (), "ferry-nbdkit.XXXXXX", NULL);
  nbdkit->dir = g_mkdtemp (template);
  if (nbdkit->dir == NULL) {
    ferry_error_errno (errno, "cannot create a temporary folder in '%s'",
                       g_get_tmp_dir ());
    return NULL;
  }
  g_steal_pointer (&template);
  if (ferry_tempfile_register (nbdkit->dir, true) == -1)
    return NULL;
  if ((nbdkit->socket = folder_file (nbdkit, "nbd.sock")) == NULL ||
      (nbdkit->pidfile = folder_file (nbdkit, "nbdkit.pid")) == NULL ||
      (nbdkit->log = folder_file (nbdkit, "nbdkit.log")) == NULL)
    return NULL;
  if (strlen (nbdkit->socket) >= sizeof sun.sun_path) {
    ferry_error ("cannot create the socket '%s': its name is longer than "
                 "%zu bytes (set TMPDIR to a shorter folder)",
                 nbdkit->socket, sizeof sun.sun_path - 1);
    return NULL;
  }
  escaped = g_uri_escape_string (nbdkit->socket, "/", false);
  nbdkit->uri = g_strconcat ("nbd+unix:///?socket=", escaped, NULL);

  g_ptr_array_add (argv, (char *) "nbdkit");
  g_ptr_array_add (argv, (char *) "--exit-with-parent");
  if (readonly)
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
  nbdkit->pid = ferry_command_start ((const char *const *) argv->pdata,
                                     log_fd);
  close (log_fd);
  if (nbdkit->pid == -1) {
    nbdkit->pid = 0;
    return NULL;
  }
  if (wait_ready (nbdkit) == -1)
    return NULL;
  return g_steal_pointer (&nbdkit);
}

/* ferry: running other programs (see command.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"
#include "errors.h"
#include "tempfiles.h"
#include "banned.h"

static bool trace;

void
ferry_command_set_trace (bool on)
{
  trace = on;
}

char *
ferry_last_line (const char *text)
{
  g_auto (GStrv) lines = NULL;
  size_t i;

  if (text == NULL)
    return g_strdup ("");
  lines = g_strsplit_set (text, "\r\n", -1);
  for (i = g_strv_length (lines); i > 0; i--) {
    g_strstrip (lines[i - 1]);
    if (lines[i - 1][0] != '\0')
      return g_strdup (lines[i - 1]);
  }
  return g_strdup ("");
}

static void
print_trace (const char *const *argv)
{
  g_autoptr (GString) line = g_string_new ("+");
  size_t i;

  for (i = 0; argv[i] != NULL; i++) {
    g_autofree char *quoted = g_shell_quote (argv[i]);
    g_string_append_c (line, ' ');
    g_string_append (line, quoted);
  }
  fprintf (stderr, "%s\n", line->str);
}

/* Split BUF at line ends, calling LINE_FN for each complete line; what is
 * left (an unfinished line) stays in BUF.
 */
static int
dispatch_lines (GString *buf, ferry_command_line_fn line_fn, void *opaque)
{
  size_t start = 0, i;

  for (i = 0; i < buf->len; i++) {
    if (buf->str[i] == '\n' || buf->str[i] == '\r') {
      g_autofree char *line = g_strndup (buf->str + start, i - start);
      start = i + 1;
      if (line_fn (line, opaque) == -1) {
        g_string_erase (buf, 0, start);
        return -1;
      }
    }
  }
  g_string_erase (buf, 0, start);
  return 0;
}

int
ferry_command_run (const char *const *argv,
                   char **out, ferry_command_line_fn line_fn, void *opaque,
                   char **err)
{
  g_autoptr (GError) gerr = NULL;
  g_autoptr (GString) out_buf = g_string_new (NULL);
  g_autoptr (GString) err_buf = g_string_new (NULL);
  GPid pid;
  int out_fd = -1, err_fd = -1;
  int status, r = -1;
  bool stopped = false;

  if (trace)
    print_trace (argv);

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH |
                                 G_SPAWN_DO_NOT_REAP_CHILD |
                                 G_SPAWN_STDIN_FROM_DEV_NULL,
                                 NULL, NULL, &pid,
                                 NULL, &out_fd, &err_fd, &gerr)) {
    ferry_error ("cannot run '%s': %s", argv[0], gerr->message);
    return -1;
  }
  ferry_tempfiles_set_child (pid);

  while (!stopped && (out_fd >= 0 || err_fd >= 0)) {
    struct pollfd fds[2] = {
      { .fd = out_fd, .events = POLLIN },
      { .fd = err_fd, .events = POLLIN },
    };
    char chunk[8192];
    size_t i;

    if (poll (fds, 2, -1) == -1) {
      if (errno == EINTR)
        continue;
      ferry_error_errno (errno, "cannot read the output of '%s'", argv[0]);
      kill (pid, SIGKILL);
      stopped = true;
      break;
    }
    for (i = 0; i < 2; i++) {
      int *fd = i == 0 ? &out_fd : &err_fd;
      ssize_t n;

      if (*fd < 0 || fds[i].revents == 0)
        continue;
      n = read (*fd, chunk, sizeof chunk);
      if (n == -1 && errno == EINTR)
        continue;
      if (n <= 0) {
        close (*fd);
        *fd = -1;
        continue;
      }
      if (i == 1) {
        g_string_append_len (err_buf, chunk, n);
        continue;
      }
      if (out != NULL || line_fn == NULL) {
        if (out != NULL)
          g_string_append_len (out_buf, chunk, n);
        continue;
      }
      g_string_append_len (out_buf, chunk, n);
      if (!stopped && dispatch_lines (out_buf, line_fn, opaque) == -1) {
        stopped = true;
        kill (pid, SIGTERM);
      }
    }
  }
  if (out_fd >= 0)
    close (out_fd);
  if (err_fd >= 0)
    close (err_fd);

  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      ferry_error_errno (errno, "cannot wait for '%s'", argv[0]);
      ferry_tempfiles_set_child (0);
      g_spawn_close_pid (pid);
      return -1;
    }
  }
  g_spawn_close_pid (pid);
  ferry_tempfiles_set_child (0);

  if (!stopped && line_fn != NULL && out == NULL && out_buf->len > 0) {
    g_string_append_c (out_buf, '\n');
    if (dispatch_lines (out_buf, line_fn, opaque) == -1)
      stopped = true;
  }

  if (stopped)
    r = -1;
  else if (WIFEXITED (status))
    r = WEXITSTATUS (status);
  else if (WIFSIGNALED (status)) {
    ferry_error ("'%s' was killed by signal %d", argv[0], WTERMSIG (status));
    r = -1;
  }
  else {
    ferry_error ("'%s' stopped with wait status %d", argv[0], status);
    r = -1;
  }

  if (out != NULL)
    *out = g_string_free (g_steal_pointer (&out_buf), FALSE);
  if (err != NULL)
    *err = g_string_free (g_steal_pointer (&err_buf), FALSE);
  return r;
}

int
ferry_command_run_ok (const char *const *argv, char **out)
{
  g_autofree char *err = NULL;
  int r;

  r = ferry_command_run (argv, out, NULL, NULL, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    g_autofree char *last = ferry_last_line (err);
    ferry_error ("'%s' failed (exit status %d)%s%s", argv[0], r,
                 last[0] ? ": " : "", last);
    if (out != NULL)
      g_clear_pointer (out, g_free);
    return -1;
  }
  return 0;
}

int
ferry_command_start (const char *const *argv, int output_fd)
{
  return ferry_command_start_passing (argv, output_fd, -1);
}

int
ferry_command_start_passing (const char *const *argv, int output_fd,
                             int pass_fd)
{
  g_autoptr (GError) gerr = NULL;
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
    G_SPAWN_STDIN_FROM_DEV_NULL;
  const int target_fd = 3;
  GPid pid;

  if (trace)
    print_trace (argv);
  if (output_fd == -1)
    flags |= G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL;
  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, flags,
                                         NULL, NULL, -1, output_fd,
                                         output_fd,
                                         pass_fd >= 0 ? &pass_fd : NULL,
                                         pass_fd >= 0 ? &target_fd : NULL,
                                         pass_fd >= 0 ? 1 : 0, &pid,
                                         NULL, NULL, NULL, &gerr)) {
    ferry_error ("cannot run '%s': %s", argv[0], gerr->message);
    return -1;
  }
  return pid;
}

int
ferry_command_exited (int pid, int *status)
{
  pid_t r;

  do
    r = waitpid (pid, status, WNOHANG);
  while (r == -1 && errno == EINTR);
  if (r == -1) {
    ferry_error_errno (errno, "cannot wait for process %d", pid);
    return -1;
  }
  if (r == 0)
    return 0;
  g_spawn_close_pid (pid);
  return 1;
}

int
ferry_command_stop (int pid, unsigned timeout_ms)
{
  unsigned waited = 0;
  int status;
  int r;

  kill (pid, SIGTERM);
  while ((r = ferry_command_exited (pid, &status)) == 0 &&
         waited < timeout_ms) {
    g_usleep (10000);
    waited += 10;
  }
  if (r == 1)
    return status;
  if (r == -1)
    return -1;
  kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR)
      return -1;
  }
  g_spawn_close_pid (pid);
  return status;
}

char *
ferry_command_status_text (int status)
{
  if (WIFEXITED (status))
    return g_strdup_printf ("exit status %d", WEXITSTATUS (status));
  if (WIFSIGNALED (status))
    return g_strdup_printf ("signal %d", WTERMSIG (status));
  return g_strdup_printf ("wait status %d", status);
}

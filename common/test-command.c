/* Unit test: running programs (command.h). */

#include <config.h>

#include <string.h>

#include "command.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static int
collect (const char *line, void *opaque)
{
  g_ptr_array_add (opaque, g_strdup (line));
  return 0;
}

static int
stop_at_two (const char *line, void *opaque)
{
  int *n = opaque;

  if (++*n == 2) {
    ferry_error ("stopped at line two");
    return -1;
  }
  return 0;
}

int
main (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  int n = 0, r;

  tap_plan (12);

  {
    const char *argv[] = { "sh", "-c", "echo hello; echo oops >&2; exit 3", NULL };
    r = ferry_command_run (argv, &out, NULL, NULL, &err);
    tap_ok (r == 3, "the exit status is returned (%d)", r);
    tap_ok (strcmp (out, "hello\n") == 0, "stdout is captured");
    tap_ok (strcmp (err, "oops\n") == 0, "stderr is captured");
  }
  {
    const char *argv[] = { "sh", "-c", "printf 'a\\rb\\nc'", NULL };
    r = ferry_command_run (argv, NULL, collect, lines, NULL);
    tap_ok (r == 0, "a line reader gets exit status 0");
    tap_ok (lines->len == 3 && strcmp (lines->pdata[0], "a") == 0 &&
            strcmp (lines->pdata[1], "b") == 0 &&
            strcmp (lines->pdata[2], "c") == 0,
            "lines split at \\r and \\n, the last without a terminator");
  }
  {
    const char *argv[] = { "sh", "-c", "echo 1; echo 2; echo 3; sleep 5", NULL };
    r = ferry_command_run (argv, NULL, stop_at_two, &n, NULL);
    tap_ok (r == -1 && n == 2, "a reader can stop the command");
    tap_ok (strstr (ferry_error_get (), "stopped at line two") != NULL,
            "and its error is kept");
  }
  {
    const char *argv[] = { "ferry-no-such-program", NULL };
    r = ferry_command_run (argv, NULL, NULL, NULL, NULL);
    tap_ok (r == -1, "a missing program is an error");
    tap_ok (strstr (ferry_error_get (), "cannot run 'ferry-no-such-program'")
            != NULL, "which names it: %s", ferry_error_get ());
  }
  {
    const char *argv[] = { "sh", "-c", "kill -9 $$", NULL };
    r = ferry_command_run (argv, NULL, NULL, NULL, NULL);
    tap_ok (r == -1 && strstr (ferry_error_get (), "signal 9") != NULL,
            "a killed command is an error naming the signal");
  }
  {
    const char *argv[] = { "sh", "-c", "echo first >&2; echo 'last words' >&2; exit 1", NULL };
    r = ferry_command_run_ok (argv, NULL);
    tap_ok (r == -1 && strstr (ferry_error_get (), "last words") != NULL,
            "run_ok quotes the last line of stderr: %s", ferry_error_get ());
  }
  {
    g_autofree char *last = ferry_last_line ("a\n\n  b  \n\n");
    tap_ok (strcmp (last, "b") == 0, "last_line skips blank lines");
  }
  ferry_error_clear ();
  return tap_done ();
}

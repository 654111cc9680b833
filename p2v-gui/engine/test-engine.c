/* Unit test: the engine's contract with its front ends (engine.h),
 * without a conversion server.
 *
 * The cancel handle, from another thread and from a signal handler; then
 * runs that end before the server is reached, each with callbacks that
 * record what they are told: a run cancelled before it starts (nothing
 * runs), a p2v.pre that fails (p2v.fail runs after the failed callback),
 * a server that refuses the connection (the local nbdkit is stopped
 * before the outcome is reported), and a cancel once the local nbdkit
 * runs (it is stopped, p2v.fail does not run).
 */

#include <config.h>

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "engine.h"
#include "command.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static char *root;                /* the test's scratch folder */

/* What one run told its front end. */
struct record {
  GString *calls;                 /* one letter per callback: s(tatus),
                                     l(og), F(inished), X (failed),
                                     C(ancelled) */
  GPtrArray *status;              /* the status lines */
  char *failed;                   /* the failed callback's message */
  char *nbdkit_socket;            /* from the debug line */
  bool socket_gone;               /* at the outcome callback */
  struct ferry_p2v_cancel *cancel_on_nbdkit; /* cancel when it starts */
  struct ferry_p2v_cancel *cancel_in_pre; /* cancel from another thread
                                             while p2v.pre runs */
  GThread *canceller;
};

static void
record_clear (struct record *r)
{
  g_string_free (r->calls, TRUE);
  g_ptr_array_unref (r->status);
  g_free (r->failed);
  g_free (r->nbdkit_socket);
}

static gpointer
cancel_thread (gpointer cancel)
{
  g_usleep (50 * 1000);
  ferry_p2v_cancel_request (cancel);
  return NULL;
}

static void
on_status (const char *text, void *opaque)
{
  struct record *r = opaque;

  g_string_append_c (r->calls, 's');
  g_ptr_array_add (r->status, g_strdup (text));
  if (r->cancel_in_pre && g_str_has_prefix (text, "Running p2v.pre"))
    r->canceller = g_thread_new ("cancel", cancel_thread, r->cancel_in_pre);
}

static void
on_log (enum ferry_p2v_log_level level, const char *text, void *opaque)
{
  struct record *r = opaque;
  const char *on = strstr (text, "nbdkit on ");

  g_string_append_c (r->calls, 'l');
  if (level == FERRY_P2V_LOG_DEBUG && on != NULL) {
    r->nbdkit_socket = g_strdup (on + strlen ("nbdkit on "));
    if (r->cancel_on_nbdkit)
      ferry_p2v_cancel_request (r->cancel_on_nbdkit);
  }
}

static void
outcome (struct record *r, char letter)
{
  g_string_append_c (r->calls, letter);
  r->socket_gone = r->nbdkit_socket != NULL &&
    !g_file_test (r->nbdkit_socket, G_FILE_TEST_EXISTS);
}

static void
on_finished (const char *result, void *opaque)
{
  outcome (opaque, 'F');
}

static void
on_failed (const char *message, void *opaque)
{
  struct record *r = opaque;

  r->failed = g_strdup (message);
  outcome (r, 'X');
}

static void
on_cancelled (void *opaque)
{
  outcome (opaque, 'C');
}

static const struct ferry_p2v_callbacks callbacks = {
  .status = on_status,
  .log = on_log,
  .finished = on_finished,
  .failed = on_failed,
  .cancelled = on_cancelled,
};

/* A configuration from CMDLINE, resolved against this machine with one
 * test disk (a small raw image).
 */
static struct ferry_p2v_config *
config_for (const char *cmdline, struct ferry_p2v_machine **machine)
{
  g_autofree char *disk = g_build_filename (root, "disk.img", NULL);
  g_autofree char *line = g_strconcat ("p2v.interfaces= p2v.removable= "
                                       "p2v.name=test p2v.vcpus=1 "
                                       "p2v.memory=1G ", cmdline, NULL);
  struct ferry_p2v_config *config = ferry_p2v_config_new ();

  if (!g_file_test (disk, G_FILE_TEST_EXISTS))
    g_assert (ferry_command_run_ok ((const char *[]) {
          "qemu-img", "create", "-q", "-f", "raw", disk, "1M", NULL },
        NULL) == 0);
  *machine = ferry_p2v_probe ("/sys", "/proc");
  g_assert (*machine != NULL);
  g_assert (ferry_p2v_machine_use_test_disks (*machine, (const char *[]) {
        disk, NULL }) == 0);
  if (ferry_p2v_config_parse (config, line, strlen (line)) == -1 ||
      ferry_p2v_config_resolve (config, *machine) == -1)
    g_error ("%s: %s", line, ferry_error_get ());
  return config;
}

/* Run CMDLINE with CANCEL and record it in R. */
static enum ferry_p2v_outcome
run (const char *cmdline, struct ferry_p2v_cancel *cancel, struct record *r)
{
  g_autoptr (ferry_p2v_machine) machine = NULL;
  g_autoptr (ferry_p2v_config) config = config_for (cmdline, &machine);

  r->calls = g_string_new (NULL);
  r->status = g_ptr_array_new_with_free_func (g_free);
  return ferry_p2v_run (config, machine, &callbacks, r, cancel);
}

static bool
readable (int fd)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };

  return poll (&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

static struct ferry_p2v_cancel *signal_cancel;

static void
on_signal (int sig)
{
  ferry_p2v_cancel_request (signal_cancel);
}

static void
test_cancel_handle (void)
{
  g_autoptr (ferry_p2v_cancel) cancel = ferry_p2v_cancel_new ();
  g_autoptr (ferry_p2v_cancel) by_signal = ferry_p2v_cancel_new ();
  struct sigaction sa = { .sa_handler = on_signal }, old;
  GThread *thread;
  struct pollfd pfd;

  g_assert (cancel != NULL && by_signal != NULL);
  tap_ok (!ferry_p2v_cancel_requested (cancel) &&
          !readable (ferry_p2v_cancel_fd (cancel)),
          "cancel handle: not cancelled when new");
  tap_ok (!ferry_p2v_cancel_requested (NULL),
          "cancel handle: NULL is never cancelled");

  /* Another thread wakes a poll on the handle's fd. */
  thread = g_thread_new ("cancel", cancel_thread, cancel);
  pfd = (struct pollfd) { .fd = ferry_p2v_cancel_fd (cancel),
                          .events = POLLIN };
  tap_ok (poll (&pfd, 1, 5000) == 1 && ferry_p2v_cancel_requested (cancel),
          "cancel handle: another thread's cancel wakes poll");
  g_thread_join (thread);
  ferry_p2v_cancel_request (cancel);
  tap_ok (ferry_p2v_cancel_requested (cancel) &&
          readable (ferry_p2v_cancel_fd (cancel)),
          "cancel handle: a second cancel changes nothing");

  /* From a signal handler. */
  signal_cancel = by_signal;
  sigemptyset (&sa.sa_mask);
  g_assert (sigaction (SIGUSR1, &sa, &old) == 0);
  raise (SIGUSR1);
  sigaction (SIGUSR1, &old, NULL);
  tap_ok (ferry_p2v_cancel_requested (by_signal) &&
          readable (ferry_p2v_cancel_fd (by_signal)),
          "cancel handle: cancelled from a signal handler");
}

static void
test_runs (void)
{
  g_autofree char *pre = g_build_filename (root, "pre-ran", NULL);
  g_autofree char *fail = g_build_filename (root, "fail-ran", NULL);
  g_autofree char *hooks = g_strdup_printf ("p2v.pre=\"touch %s\" "
                                            "p2v.fail=\"touch %s\"",
                                            pre, fail);
  g_autofree char *fail_hook = g_strdup_printf ("p2v.fail=\"touch %s\"",
                                                fail);
  g_autofree char *failing_pre = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *want_status = NULL;
  struct record r = { 0 };
  enum ferry_p2v_outcome o;

  /* Cancelled before it starts: nothing runs, only "cancelled". */
  {
    g_autoptr (ferry_p2v_cancel) cancel = ferry_p2v_cancel_new ();

    ferry_p2v_cancel_request (cancel);
    o = run (hooks, cancel, &r);
    tap_ok (o == FERRY_P2V_CANCELLED && strcmp (r.calls->str, "C") == 0 &&
            strcmp (ferry_error_get (), "the conversion was cancelled") == 0,
            "cancelled before the start: only the cancelled callback (%s)",
            r.calls->str);
    tap_ok (!g_file_test (pre, G_FILE_TEST_EXISTS) &&
            !g_file_test (fail, G_FILE_TEST_EXISTS),
            "... and neither p2v.pre nor p2v.fail ran");
    record_clear (&r);
    memset (&r, 0, sizeof r);
  }

  /* p2v.pre fails: failed, then p2v.fail runs. */
  failing_pre = g_strdup_printf ("p2v.pre=false %s", fail_hook);
  o = run (failing_pre, NULL, &r);
  tap_ok (o == FERRY_P2V_FAILED && strcmp (r.calls->str, "sXs") == 0 &&
          g_str_has_prefix (r.failed, "p2v.pre 'false' failed: ") &&
          strcmp (ferry_error_get (), r.failed) == 0,
          "a failing p2v.pre: status, failed, status (%s): %s",
          r.calls->str, r.failed);
  want_status = g_strdup_printf ("Running p2v.fail: touch %s", fail);
  tap_ok (r.status->len == 2 &&
          strcmp (r.status->pdata[1], want_status) == 0 &&
          g_file_test (fail, G_FILE_TEST_EXISTS),
          "... then p2v.fail ran");
  record_clear (&r);
  memset (&r, 0, sizeof r);
  g_unlink (fail);

  /* Nothing listens on the port: the nbdkit is stopped before failed. */
  refused = g_strdup_printf ("p2v.server=127.0.0.1 p2v.port=1 %s",
                             fail_hook);
  o = run (refused, NULL, &r);
  tap_ok (o == FERRY_P2V_FAILED && strstr (r.failed, "127.0.0.1") &&
          strcmp (r.calls->str, "lsXs") == 0,
          "a refused connection fails (%s): %s", r.calls->str, r.failed);
  tap_ok (r.socket_gone,
          "... after the local nbdkit stopped (%s)", r.nbdkit_socket);
  tap_ok (g_file_test (fail, G_FILE_TEST_EXISTS), "... and p2v.fail ran");
  record_clear (&r);
  memset (&r, 0, sizeof r);
  g_unlink (fail);

  /* A cancel once the local nbdkit runs: it stops, p2v.fail does not
   * run.
   */
  {
    g_autoptr (ferry_p2v_cancel) cancel = ferry_p2v_cancel_new ();

    r.cancel_on_nbdkit = cancel;
    o = run (refused, cancel, &r);
    tap_ok (o == FERRY_P2V_CANCELLED && strcmp (r.calls->str, "lC") == 0,
            "a cancel while the nbdkit starts: cancelled (%s)",
            r.calls->str);
    tap_ok (r.socket_gone && !g_file_test (fail, G_FILE_TEST_EXISTS),
            "... after the local nbdkit stopped, and p2v.fail did not run");
    record_clear (&r);
    memset (&r, 0, sizeof r);
  }

  /* A cancel from another thread while p2v.pre runs: p2v.pre
   * finishes, nothing else runs.
   */
  {
    g_autoptr (ferry_p2v_cancel) cancel = ferry_p2v_cancel_new ();
    g_autofree char *slow_pre = g_strdup_printf ("p2v.pre=\"sleep 0.5\" %s",
                                                 fail_hook);
    gint64 start = g_get_monotonic_time ();

    r.cancel_in_pre = cancel;
    o = run (slow_pre, cancel, &r);
    if (r.canceller)
      g_thread_join (r.canceller);
    tap_ok (o == FERRY_P2V_CANCELLED && strcmp (r.calls->str, "sC") == 0 &&
            g_get_monotonic_time () - start >= G_USEC_PER_SEC / 2 &&
            !g_file_test (fail, G_FILE_TEST_EXISTS),
            "a cancel while p2v.pre runs: p2v.pre ends, then cancelled "
            "(%s)", r.calls->str);
    record_clear (&r);
  }
}

int
main (void)
{
  g_autofree char *tmpdir = g_strdup ("/tmp/ferry-test-engine.XXXXXX");

  tap_plan (15);
  root = g_mkdtemp (tmpdir);
  g_assert (root != NULL);

  test_cancel_handle ();
  test_runs ();

  g_assert (ferry_command_run_ok ((const char *[]) { "rm", "-rf", root,
                                                     NULL }, NULL) == 0);
  return tap_done ();
}

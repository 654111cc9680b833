/* ferry-p2v: the client that runs on a physical machine booted from
 * ferry's live image.
 *
 * This file is the program's command line only: it parses the options
 * (declared once, in the table below, with ferry's option machinery,
 * common/options.h), reads the p2v.* keys of the kernel command
 * line into the configuration (settings.h), probes the machine (probe.h)
 * and resolves the configuration against it.  Without a --dump-* option
 * it then hands the conversion to the engine (engine.h), printing what
 * the engine says through the console's callbacks (console.h); SIGINT
 * and SIGTERM cancel the conversion.
 *
 * Without a p2v.server key, on a display, the person at the machine
 * chooses the server: ferry-p2v execs the GTK wizard, ferry-p2v-gtk
 * (../gtk/), with the same arguments.  The wizard is a program of its
 * own so that ferry-p2v links no GTK: it runs on consoles and serial
 * lines of machines that have no display libraries to load.
 */

#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "settings.h"
#include "probe.h"
#include "engine.h"
#include "connection.h"
#include "preflight.h"
#include "console.h"
#include "options.h"
#include "errors.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

enum option_id {
  OPT_CMDLINE = 256, OPT_CMDLINE_FILE, OPT_DUMP_CONFIG, OPT_DUMP_MACHINE,
  OPT_PREFLIGHT, OPT_TEST_CONNECTION, OPT_TEST_DISK, OPT_VERBOSE,
};

/* Every option, once. */
static const struct ferry_option options[] = {
  { OPT_CMDLINE, "cmdline", 0, "STRING", "read the p2v.* keys from STRING, not /proc/cmdline" },
  { OPT_CMDLINE_FILE, "cmdline-file", 0, "FILE", "read them from FILE (better than --cmdline for a password)" },
  { OPT_DUMP_CONFIG, "dump-config", 0, NULL, "print the configuration and exit" },
  { OPT_DUMP_MACHINE, "dump-machine", 0, NULL, "print the machine and the configuration for it, and exit" },
  { OPT_PREFLIGHT, "preflight", 0, NULL, "print the pre-flight checks' warnings about the disks, and exit" },
  { OPT_TEST_CONNECTION, "test-connection", 0, NULL, "log in to the conversion server, print what it offers, and exit" },
  { OPT_TEST_DISK, "test-disk", 0, "FILE", "for tests: FILE stands for a disk (repeatable: sda, sdb...)" },
  { OPT_VERBOSE, "verbose", 'v', NULL, "debug messages (as p2v.verbose)" },
  FERRY_OPTIONS_STANDARD,
};

struct settings {
  const char *cmdline;
  const char *cmdline_file;
  GPtrArray *test_disks;      /* NULL-terminated */
  bool dump_config, dump_machine, preflight, test_connection, verbose;
};

/* The start of --help: the usage, then every kernel command line key of
 * the table with its doc and default (the options follow).
 */
static char *
synopsis (void)
{
  const char *prg = g_get_prgname ();
  GString *synopsis = g_string_new (NULL);
  size_t i;

  g_string_append_printf (synopsis,
    "%s: convert this physical machine to run on KVM\n"
    "\n"
    "usage:\n"
    "  %s                 (reads p2v.* keys from /proc/cmdline)\n"
    "  %s --cmdline='p2v.server=HOST p2v.disks=sda' --dump-config\n"
    "  %s --test-disk=disk.img --dump-machine\n"
    "  %s --cmdline-file=FILE --test-connection\n"
    "\n"
    "kernel command line keys:\n", prg, prg, prg, prg, prg);
  for (i = 0; i < ferry_p2v_n_settings; i++) {
    const struct ferry_p2v_setting *s = &ferry_p2v_settings[i];

    if (s->type == FERRY_P2V_BOOL)
      g_string_append_printf (synopsis, "  %s\n", s->key);
    else
      g_string_append_printf (synopsis, "  %s=%s\n", s->key, s->metavar);
    g_string_append_printf (synopsis, "      %s", s->doc);
    if (s->default_value || s->default_doc)
      g_string_append_printf (synopsis, " (default: %s)",
                              s->default_value ? s->default_value
                              : s->default_doc);
    g_string_append_c (synopsis, '\n');
  }
  return g_string_free (synopsis, FALSE);
}

static int
handle_option (int id, const char *arg, void *opaque)
{
  struct settings *s = opaque;

  switch (id) {
  case OPT_CMDLINE: s->cmdline = arg; return 0;
  case OPT_CMDLINE_FILE: s->cmdline_file = arg; return 0;
  case OPT_DUMP_CONFIG: s->dump_config = true; return 0;
  case OPT_DUMP_MACHINE: s->dump_machine = true; return 0;
  case OPT_TEST_CONNECTION: s->test_connection = true; return 0;
  case OPT_PREFLIGHT: s->preflight = true; return 0;
  case OPT_TEST_DISK:
    g_ptr_array_insert (s->test_disks, s->test_disks->len - 1,
                        (char *) arg);
    return 0;
  case OPT_VERBOSE: s->verbose = true; return 0;
  default: {
    g_autofree char *help = id == FERRY_OPTION_HELP ? synopsis () : NULL;

    return ferry_options_standard (id, help, options,
                                   G_N_ELEMENTS (options));
  }
  }
}

/* Parse argv; returns 0, or -1 after printing a message (exit 1), or -2
 * when the program is done (exit 0).
 */
static int
parse_options (int argc, char **argv, struct settings *s)
{
  int first = ferry_options_parse (argc, argv, options,
                                   G_N_ELEMENTS (options), 0, handle_option,
                                   s);

  if (first == -1)
    fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
  if (first < 0)
    return first;
  if (first < argc) {
    fprintf (stderr, "%s: unexpected argument '%s': ferry-p2v takes only "
             "options (see --help)\n", g_get_prgname (), argv[first]);
    return -1;
  }
  if ((s->test_connection + s->preflight +
       (s->dump_config || s->dump_machine)) > 1) {
    fprintf (stderr, "%s: --test-connection, --preflight and --dump-* are "
             "exclusive\n",
             g_get_prgname ());
    return -1;
  }
  if (s->cmdline && s->cmdline_file) {
    fprintf (stderr, "%s: --cmdline and --cmdline-file are exclusive\n",
             g_get_prgname ());
    return -1;
  }
  return 0;
}

static int
fail (void)
{
  fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
  return EXIT_FAILURE;
}

static int
print (char *text)
{
  g_autofree char *owned = text;

  fputs (owned, stdout);
  if (fflush (stdout) == EOF) {
    fprintf (stderr, "%s: cannot write on standard output: %s\n",
             g_get_prgname (), g_strerror (errno));
    return -1;
  }
  return 0;
}

/* Is there a display for the wizard? */
static bool
have_display (void)
{
  const char *x = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x != NULL && x[0] != '\0') || (wayland != NULL && wayland[0] != '\0');
}

/* Replace this program by the wizard, with ARGV's options: the one
 * beside this program (the build folder, or where it is installed), else
 * the first in PATH.  Returns only on failure, with the error set.
 */
static void
exec_wizard (char **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir ? g_build_filename (dir, "ferry-p2v-gtk",
                                                    NULL) : NULL;

  argv[0] = (char *) "ferry-p2v-gtk";
  if (beside != NULL && access (beside, X_OK) == 0)
    execv (beside, argv);
  else
    execvp ("ferry-p2v-gtk", argv);
  ferry_error_errno (errno, "cannot start the wizard 'ferry-p2v-gtk'");
}

/* The exit status of a cancelled conversion (see the man page). */
#define EXIT_CANCELLED 2

/* The conversion's cancel handle, and what SIGINT and SIGTERM did before
 * (tempfiles.h's handler, which removes temporary files and ends the
 * program).
 */
static struct ferry_p2v_cancel *cancel_handle;
static const int stop_signals[] = { SIGINT, SIGTERM };
static struct sigaction previous[G_N_ELEMENTS (stop_signals)];
static bool handled[G_N_ELEMENTS (stop_signals)];

/* SIGINT, SIGTERM: the first one cancels the conversion, which stops
 * both ends cleanly; a second one ends the program at once, as the
 * signal did before.
 */
static void
on_stop_signal (int sig)
{
  size_t i;

  if (!ferry_p2v_cancel_requested (cancel_handle)) {
    ferry_p2v_cancel_request (cancel_handle);
    return;
  }
  for (i = 0; i < G_N_ELEMENTS (stop_signals); i++)
    if (stop_signals[i] == sig)
      sigaction (sig, &previous[i], NULL);
  raise (sig);
}

/* Catch SIGINT and SIGTERM (INSTALL), or give them back their previous
 * handlers.  Signals ignored when the program started stay ignored.
 */
static void
stop_signals_catch (bool install)
{
  struct sigaction sa = { .sa_handler = on_stop_signal,
                          .sa_flags = SA_RESTART };
  size_t i;

  sigemptyset (&sa.sa_mask);
  for (i = 0; i < G_N_ELEMENTS (stop_signals); i++) {
    if (!install) {
      if (handled[i])
        sigaction (stop_signals[i], &previous[i], NULL);
      handled[i] = false;
      continue;
    }
    if (sigaction (stop_signals[i], NULL, &previous[i]) == 0 &&
        previous[i].sa_handler != SIG_IGN) {
      sigaction (stop_signals[i], &sa, NULL);
      handled[i] = true;
    }
  }
}

/* "NAME NAME ..." of the strings of ARRAY. */
static char *
words (const GPtrArray *array)
{
  GString *out = g_string_new (NULL);
  size_t i;

  for (i = 0; array != NULL && i < array->len; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "",
                            (const char *) array->pdata[i]);
  return g_string_free (out, FALSE);
}

/* --test-connection: log in, ask the server what it is and offers, print
 * it.  Returns the exit status.
 */
static int
test_connection (const struct ferry_p2v_config *config)
{
  g_auto (ferry_p2v_server_info) info = { 0 };
  g_autofree char *outputs = NULL, *formats = NULL, *allocations = NULL;
  g_autofree char *free_text = NULL;
  enum ferry_p2v_connection_result r;

  if (config->server == NULL) {
    ferry_error ("no conversion server to test: give p2v.server");
    return fail ();
  }
  cancel_handle = ferry_p2v_cancel_new ();
  if (cancel_handle == NULL)
    return fail ();
  stop_signals_catch (true);
  r = ferry_p2v_test_connection (config, &info, cancel_handle);
  stop_signals_catch (false);
  g_clear_pointer (&cancel_handle, ferry_p2v_cancel_free);
  if (r == FERRY_P2V_CONNECTION_CANCELLED) {
    fail ();
    return EXIT_CANCELLED;
  }
  if (r != FERRY_P2V_CONNECTION_OK)
    return fail ();

  outputs = words (info.outputs);
  formats = words (info.formats);
  allocations = words (info.allocations);
  if (info.has_free) {
    g_autofree char *human = ferry_human_size (info.free);
    free_text = g_strdup_printf ("%s (%" G_GUINT64_FORMAT " bytes)", human,
                                 info.free);
  }
  else
    free_text = g_strdup ("unknown (the server does not say)");
  return print (g_strdup_printf ("Connected to %s:%d as %s\n"
                                 "host key: %s\n"
                                 "server: %s\n"
                                 "protocol: %d\n"
                                 "outputs: %s\n"
                                 "formats: %s\n"
                                 "allocations: %s\n"
                                 "free space: %s\n",
                                 config->server, config->port,
                                 config->username,
                                 info.fingerprint ? info.fingerprint
                                 : "unknown",
                                 info.version, info.protocol, outputs,
                                 formats, allocations, free_text)) == 0
    ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Print the pre-flight checks' warnings on stderr; with ASK_SERVER (and
 * a server), test the connection first, for the server's free space.
 */
static void
preflight (const struct ferry_p2v_config *config,
           const struct ferry_p2v_machine *machine, bool ask_server)
{
  g_auto (ferry_p2v_server_info) info = { 0 };
  g_autoptr (GPtrArray) warnings = NULL;
  bool have_server = false;
  size_t i;

  if (ask_server && config->server != NULL) {
    have_server = ferry_p2v_test_connection (config, &info, NULL)
      == FERRY_P2V_CONNECTION_OK;
    if (!have_server)
      fprintf (stderr, "%s: warning: the server's free space was not "
               "checked: %s\n", g_get_prgname (), ferry_error_get ());
  }
  warnings = ferry_p2v_preflight (machine, config->disks,
                                  have_server ? &info : NULL, NULL);
  for (i = 0; i < warnings->len; i++) {
    const struct ferry_p2v_warning *w = warnings->pdata[i];

    fprintf (stderr, "%s: warning: %s%s%s [%s]\n", g_get_prgname (),
             w->disk ? w->disk : "", w->disk ? ": " : "", w->text, w->code);
  }
}

/* Convert the machine, printing what the engine says.  Returns the exit
 * status.
 */
static int
convert (const struct ferry_p2v_config *config,
         const struct ferry_p2v_machine *machine)
{
  size_t n = config->disks->len, i;
  g_autofree const char **names = g_new0 (const char *, n + 1);
  g_autofree uint64_t *sizes = g_new0 (uint64_t, n + 1);
  struct ferry_p2v_console *console;
  enum ferry_p2v_outcome outcome;

  for (i = 0; i < n; i++) {
    const struct ferry_p2v_disk *d =
      ferry_p2v_machine_find_disk (machine, config->disks->pdata[i]);

    names[i] = config->disks->pdata[i];
    sizes[i] = d ? d->size : 0;
  }
  cancel_handle = ferry_p2v_cancel_new ();
  if (cancel_handle == NULL)
    return fail ();
  stop_signals_catch (true);
  console = ferry_p2v_console_new (n, names, sizes, isatty (STDOUT_FILENO),
                                   config->verbose);
  outcome = ferry_p2v_run (config, machine, &ferry_p2v_console_callbacks,
                           console, cancel_handle);
  ferry_p2v_console_free (console);
  stop_signals_catch (false);
  g_clear_pointer (&cancel_handle, ferry_p2v_cancel_free);

  switch (outcome) {
  case FERRY_P2V_FINISHED: return EXIT_SUCCESS;
  case FERRY_P2V_CANCELLED: return EXIT_CANCELLED;
  case FERRY_P2V_FAILED: return EXIT_FAILURE;
  }
  g_assert_not_reached ();
}

int
main (int argc, char **argv)
{
  struct settings s = { 0 };
  g_autoptr (GPtrArray) test_disks = g_ptr_array_new ();
  g_autoptr (ferry_p2v_config) config = NULL;
  g_autoptr (ferry_p2v_machine) machine = NULL;
  int r;

  g_set_prgname ("ferry-p2v");
  g_ptr_array_add (test_disks, NULL);
  s.test_disks = test_disks;
  r = parse_options (argc, argv, &s);
  if (r == -2)
    return EXIT_SUCCESS;
  if (r == -1)
    return EXIT_FAILURE;

  config = ferry_p2v_config_load (s.cmdline, s.cmdline_file, s.verbose);
  if (config == NULL)
    return fail ();

  if (s.dump_config && !s.dump_machine)
    return print (ferry_p2v_config_dump (config)) == 0
      ? EXIT_SUCCESS : EXIT_FAILURE;
  /* The server alone: the machine does not matter. */
  if (s.test_connection)
    return test_connection (config);

  machine = ferry_p2v_machine_load ((const char *const *) test_disks->pdata);
  if (machine == NULL)
    return fail ();
  /* The machine first: when the configuration does not fit it, what it
   * has is what the user needs to see.
   */
  if (s.dump_machine && print (ferry_p2v_machine_describe (machine)) == -1)
    return EXIT_FAILURE;
  if (ferry_p2v_config_resolve (config, machine) == -1)
    return fail ();
  if (s.dump_machine)
    return print (ferry_p2v_config_dump (config)) == 0
      ? EXIT_SUCCESS : EXIT_FAILURE;
  if (s.preflight) {
    preflight (config, machine, true);
    return EXIT_SUCCESS;
  }

  /* The configuration is right for this machine: the wizard starts from
   * it, and errors in it were said here, on the console.
   */
  if (config->server == NULL && have_display ()) {
    exec_wizard (argv);
    return fail ();
  }
  if (config->server == NULL) {
    ferry_error ("no conversion server: give p2v.server on the kernel "
                 "command line, or run ferry-p2v on a display for the "
                 "wizard");
    return fail ();
  }
  ferry_report_configure (&(struct ferry_report_settings) {
      .verbose = config->verbose,
    });
  ferry_tempfiles_install ();
  /* Advice only: the user booted the machine to convert it. */
  preflight (config, machine, false);
  return convert (config, machine);
}

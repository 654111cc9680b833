/* ferry-p2v-server: the conversion server of ferry's P2V.
 *
 * sshd starts it for the dedicated account with a forced command
 * ("ferry-p2v-server --root DIR"); the client's request is then in
 * SSH_ORIGINAL_COMMAND.  Without one (a test, a user at a shell) the
 * words after the options are the request.  The request is split on
 * single spaces, never by a shell, and must be one of:
 *
 *   version | capabilities | convert | data JOB INDEX | status JOB
 *
 * This file is the command line and the three queries; the control
 * session is control.c, the data bridge bridge.c (docs/p2v-protocol.md).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include <glib.h>

#include "bridge.h"
#include "control.h"
#include "description.h"
#include "job.h"
#include "p2v-protocol.h"
#include "convert.h"
#include "output.h"
#include "errors.h"
#include "options.h"
#include "report.h"
#include "banned.h"

#define MAX_REQUEST 256          /* bytes of SSH_ORIGINAL_COMMAND */
#define MAX_WORDS 3
#define TOKEN_TIMEOUT_S 60       /* for "status": its token line */
#define REQUESTS "version, capabilities, convert, data JOB INDEX or " \
  "status JOB"

/* The defaults of the jobs' limits, and the largest values taken. */
#define DEFAULT_MAX_WAITING_JOBS 8
#define DEFAULT_JOB_WAIT_TIMEOUT_S 300
#define DEFAULT_KEEP_JOBS_DAYS 30
#define MAX_MAX_WAITING_JOBS 10000
#define MAX_JOB_WAIT_TIMEOUT_S (7 * 24 * 3600)
#define MAX_KEEP_JOBS_DAYS 36500

enum option_id {
  OPT_ROOT = 256, OPT_VERBOSE, OPT_MAX_WAITING_JOBS, OPT_JOB_WAIT_TIMEOUT,
  OPT_KEEP_JOBS,
};

/* Every option, once: the parser, --help and --long-options derive from
 * it (options.h).
 */
static const struct ferry_option options[] = {
  { OPT_ROOT, "root", 0, "DIR", "the output root: everything is written under it" },
  { OPT_MAX_WAITING_JOBS, "max-waiting-jobs", 0, "N", "refuse a new job while N wait for their data (default " G_STRINGIFY (DEFAULT_MAX_WAITING_JOBS) ")" },
  { OPT_JOB_WAIT_TIMEOUT, "job-wait-timeout", 0, "SECONDS", "fail a job not started within SECONDS (default " G_STRINGIFY (DEFAULT_JOB_WAIT_TIMEOUT_S) ")" },
  { OPT_KEEP_JOBS, "keep-jobs", 0, "DAYS", "remove the folders of jobs over for DAYS days (default " G_STRINGIFY (DEFAULT_KEEP_JOBS_DAYS) ", 0: never)" },
  { OPT_VERBOSE, "verbose", 'v', NULL, "debug messages on stderr (libguestfs too)" },
  FERRY_OPTIONS_STANDARD,
};

struct settings {
  struct ferry_p2v_control_options control;
};

/* ARG of option NAME as a decimal number from MIN to MAX into *VALUE. */
static int
parse_number (const char *name, const char *arg, unsigned min, unsigned max,
              unsigned *value)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (arg, 10, min, max, &v, NULL) ||
      (arg[0] == '0' && arg[1] != '\0')) {
    ferry_error ("--%s '%s': expected a number from %u to %u", name, arg,
                 min, max);
    return -1;
  }
  *value = v;
  return 0;
}

/* The start of --help. */
static char *
synopsis (void)
{
  const char *prg = g_get_prgname ();
  return g_strdup_printf (
    "%1$s: the conversion server of ferry's P2V, run through SSH\n"
    "\n"
    "usage:\n"
    "  %1$s --root DIR [OPTION...]     (request in SSH_ORIGINAL_COMMAND)\n"
    "  %1$s --root DIR [OPTION...] version | capabilities | convert |\n"
    "      data JOB INDEX | status JOB\n",
    prg);
}

static int
handle_option (int id, const char *arg, void *opaque)
{
  struct settings *s = opaque;

  switch (id) {
  case OPT_ROOT: s->control.root = arg; return 0;
  case OPT_VERBOSE: s->control.verbose = true; return 0;
  case OPT_MAX_WAITING_JOBS:
    return parse_number ("max-waiting-jobs", arg, 1, MAX_MAX_WAITING_JOBS,
                         &s->control.limits.max_waiting);
  case OPT_JOB_WAIT_TIMEOUT:
    return parse_number ("job-wait-timeout", arg, 1, MAX_JOB_WAIT_TIMEOUT_S,
                         &s->control.wait_timeout_s);
  case OPT_KEEP_JOBS:
    return parse_number ("keep-jobs", arg, 0, MAX_KEEP_JOBS_DAYS,
                         &s->control.limits.keep_days);
  default: {
    g_autofree char *help = id == FERRY_OPTION_HELP ? synopsis () : NULL;

    return ferry_options_standard (id, help, options,
                                   G_N_ELEMENTS (options));
  }
  }
}

/* SSH_ORIGINAL_COMMAND as words: printable ASCII, split on single spaces,
 * no empty word.  NULL after an error message.
 */
static char **
split_request (const char *command)
{
  g_auto (GStrv) words = NULL;
  size_t i, len = strlen (command);

  if (len == 0 || len > MAX_REQUEST) {
    fprintf (stderr, "error: the request is empty or too long\n");
    return NULL;
  }
  for (i = 0; i < len; i++)
    if (command[i] < 0x20 || command[i] > 0x7e) {
      fprintf (stderr, "error: the request holds a character that is not "
               "printable ASCII\n");
      return NULL;
    }
  words = g_strsplit (command, " ", -1);
  for (i = 0; words[i] != NULL; i++)
    if (words[i][0] == '\0') {
      fprintf (stderr, "error: the request must be words separated by "
               "single spaces\n");
      return NULL;
    }
  if (g_strv_length (words) > MAX_WORDS) {
    fprintf (stderr, "error: the request has too many words (expected "
             REQUESTS ")\n");
    return NULL;
  }
  return g_steal_pointer (&words);
}

/* "capabilities": the protocol, the outputs, the conversion modules,
 * and the space free for the server's user in the output ROOT (may be
 * NULL: then, or when ROOT cannot be looked at, no "free:" line).
 */
static void
print_capabilities (const char *root)
{
  struct statvfs fs;
  size_t i;

  printf ("protocol %d\n", FERRY_P2V_PROTOCOL);
  for (i = 0; ferry_output_modules[i] != NULL; i++)
    if (ferry_output_modules[i]->p2v)
      printf ("output:%s\n", ferry_output_modules[i]->name);
  for (i = 0; ferry_convert_modules[i] != NULL; i++)
    printf ("convert:%s\n", ferry_convert_modules[i]->name);
  if (root != NULL && statvfs (root, &fs) == 0)
    printf ("free:%" G_GUINT64_FORMAT "\n",
            (guint64) fs.f_bavail * (guint64) fs.f_frsize);
}

/* "status JOB": the job's status line, for a request that gives the
 * job's token first on its input.
 */
static int
print_status (const char *root_arg, const char *id)
{
  g_autofree char *root = NULL, *status = NULL;
  g_autoptr (ferry_p2v_job) job = NULL;
  char token[FERRY_P2V_TOKEN_CHARS + 1];
  bool have_token;

  if (root_arg == NULL) {
    fprintf (stderr, "error: the server has no output root (start it with "
             "--root DIR)\n");
    return EXIT_FAILURE;
  }
  root = ferry_p2v_root_open (root_arg);
  if (root != NULL) {
    have_token = ferry_p2v_read_token (STDIN_FILENO, TOKEN_TIMEOUT_S, token);
    job = ferry_p2v_job_open (root, id, have_token ? token : NULL);
    ferry_p2v_wipe (token, sizeof token);
  }
  if (job != NULL)
    status = ferry_p2v_job_status (job);
  if (status == NULL) {
    fprintf (stderr, "error: %s\n", ferry_error_get ());
    return EXIT_FAILURE;
  }
  printf ("%s\n", status);
  return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
main (int argc, char **argv)
{
  struct settings s = {
    .control = {
      .limits = {
        .max_waiting = DEFAULT_MAX_WAITING_JOBS,
        .keep_days = DEFAULT_KEEP_JOBS_DAYS,
      },
      .wait_timeout_s = DEFAULT_JOB_WAIT_TIMEOUT_S,
    },
  };
  g_auto (GStrv) owned = NULL;
  char *const *words;
  size_t nwords;
  const char *command = g_getenv ("SSH_ORIGINAL_COMMAND");
  int first;

  g_set_prgname ("ferry-p2v-server");
  /* The words after the options are the request, whatever they hold. */
  first = ferry_options_parse (argc, argv, options, G_N_ELEMENTS (options),
                               FERRY_OPTIONS_STOP_AT_ARGUMENT, handle_option,
                               &s);
  if (first == -2)
    return EXIT_SUCCESS;
  if (first == -1) {
    fprintf (stderr, "error: %s\n", ferry_error_get ());
    return EXIT_FAILURE;
  }

  /* The words of the command line win: a forced command has none. */
  if (first < argc) {
    words = argv + first;
    nwords = argc - first;
  }
  else if (command != NULL) {
    owned = split_request (command);
    if (owned == NULL)
      return EXIT_FAILURE;
    words = owned;
    nwords = g_strv_length (owned);
  }
  else {
    fprintf (stderr, "error: no request (expected " REQUESTS ")\n");
    return EXIT_FAILURE;
  }

  ferry_report_configure (&(struct ferry_report_settings) {
      .verbose = s.control.verbose,
    });

  if (strcmp (words[0], "version") == 0 && nwords == 1) {
    printf ("%s %s\nprotocol %d\n", g_get_prgname (), FERRY_VERSION,
            FERRY_P2V_PROTOCOL);
    return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  if (strcmp (words[0], "capabilities") == 0 && nwords == 1) {
    print_capabilities (s.control.root);
    return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  if (strcmp (words[0], "convert") == 0 && nwords == 1)
    return ferry_p2v_control (&s.control);
  if (strcmp (words[0], "data") == 0 && nwords == 3)
    return ferry_p2v_bridge (s.control.root, words[1], words[2]);
  if (strcmp (words[0], "status") == 0 && nwords == 2)
    return print_status (s.control.root, words[1]);

  {
    g_autofree char *shown = g_strjoinv (" ", (char **) words);
    g_autofree char *quoted = g_strescape (shown, NULL);

    fprintf (stderr, "error: unknown request '%s' (expected " REQUESTS
             ")\n", quoted);
  }
  return EXIT_FAILURE;
}

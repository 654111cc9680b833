/* ferry-p2v-server: the conversion server of ferry's P2V.
 *
 * sshd starts it for the dedicated account with a forced command
 * ("ferry-p2v-server --root DIR"); the client's request is then in
 * SSH_ORIGINAL_COMMAND.  Without one (a test, a user at a shell) the
 * words after the options are the request.  The request is split on
 * single spaces, never by a shell, and must be one of:
 *
 *   version | capabilities | convert | data JOB INDEX
 *
 * This file is the command line and the two queries; the control
 * session is control.c, the data bridge bridge.c (docs/p2v-protocol.md).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "bridge.h"
#include "control.h"
#include "description.h"
#include "convert.h"
#include "output.h"
#include "errors.h"
#include "options.h"
#include "report.h"
#include "banned.h"

#define PROTOCOL 1
#define MAX_REQUEST 256          /* bytes of SSH_ORIGINAL_COMMAND */
#define MAX_WORDS 3

enum option_id {
  OPT_ROOT = 256, OPT_VERBOSE,
};

/* Every option, once: the parser, --help and --long-options derive from
 * it (options.h).
 */
static const struct ferry_option options[] = {
  { OPT_ROOT, "root", 0, "DIR", "the output root: everything is written under it" },
  { OPT_VERBOSE, "verbose", 'v', NULL, "debug messages on stderr (libguestfs too)" },
  FERRY_OPTIONS_STANDARD,
};

struct settings {
  const char *root;
  bool verbose;
};

/* The start of --help. */
static char *
synopsis (void)
{
  const char *prg = g_get_prgname ();
  return g_strdup_printf (
    "%1$s: the conversion server of ferry's P2V, run through SSH\n"
    "\n"
    "usage:\n"
    "  %1$s --root DIR                 (request in SSH_ORIGINAL_COMMAND)\n"
    "  %1$s --root DIR version | capabilities | convert | data JOB INDEX\n",
    prg);
}

static int
handle_option (int id, const char *arg, void *opaque)
{
  struct settings *s = opaque;

  switch (id) {
  case OPT_ROOT: s->root = arg; return 0;
  case OPT_VERBOSE: s->verbose = true; return 0;
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
             "version, capabilities, convert or data JOB INDEX)\n");
    return NULL;
  }
  return g_steal_pointer (&words);
}

static void
print_capabilities (void)
{
  size_t i;

  printf ("protocol %d\n", PROTOCOL);
  for (i = 0; ferry_output_modules[i] != NULL; i++)
    if (ferry_output_modules[i]->p2v)
      printf ("output:%s\n", ferry_output_modules[i]->name);
  for (i = 0; ferry_convert_modules[i] != NULL; i++)
    printf ("convert:%s\n", ferry_convert_modules[i]->name);
}

int
main (int argc, char **argv)
{
  struct settings s = { 0 };
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
    fprintf (stderr, "error: no request (expected version, capabilities, "
             "convert or data JOB INDEX)\n");
    return EXIT_FAILURE;
  }

  ferry_report_configure (&(struct ferry_report_settings) {
      .verbose = s.verbose,
    });

  if (strcmp (words[0], "version") == 0 && nwords == 1) {
    printf ("%s %s\nprotocol %d\n", g_get_prgname (), FERRY_VERSION,
            PROTOCOL);
    return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  if (strcmp (words[0], "capabilities") == 0 && nwords == 1) {
    print_capabilities ();
    return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  if (strcmp (words[0], "convert") == 0 && nwords == 1)
    return ferry_p2v_control (s.root, s.verbose);
  if (strcmp (words[0], "data") == 0 && nwords == 3)
    return ferry_p2v_bridge (s.root, words[1], words[2]);

  {
    g_autofree char *shown = g_strjoinv (" ", (char **) words);
    g_autofree char *quoted = g_strescape (shown, NULL);

    fprintf (stderr, "error: unknown request '%s' (expected version, "
             "capabilities, convert or data JOB INDEX)\n", quoted);
  }
  return EXIT_FAILURE;
}

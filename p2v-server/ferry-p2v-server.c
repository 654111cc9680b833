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

#include <getopt.h>
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
#include "report.h"
#include "banned.h"

#define PROTOCOL 1
#define MAX_REQUEST 256          /* bytes of SSH_ORIGINAL_COMMAND */
#define MAX_WORDS 3

enum option_id {
  OPT_ROOT = 256, OPT_VERBOSE, OPT_VERSION, OPT_HELP,
  OPT_SHORT_OPTIONS, OPT_LONG_OPTIONS,
};

/* Every option, once: getopt, --help and --long-options derive from it. */
static const struct option_spec {
  enum option_id id;
  const char *name;
  char short_name;
  const char *metavar;     /* NULL: takes no argument */
  const char *doc;
} option_specs[] = {
  { OPT_ROOT, "root", 0, "DIR", "the output root: everything is written under it" },
  { OPT_VERBOSE, "verbose", 'v', NULL, "debug messages on stderr (libguestfs too)" },
  { OPT_VERSION, "version", 'V', NULL, "print the version and exit" },
  { OPT_HELP, "help", 0, NULL, "print this help and exit" },
  { OPT_SHORT_OPTIONS, "short-options", 0, NULL, "list the short options (for shell completion)" },
  { OPT_LONG_OPTIONS, "long-options", 0, NULL, "list the long options (for shell completion)" },
};

struct settings {
  const char *root;
  bool verbose;
};

static void
usage (FILE *f)
{
  const char *prg = g_get_prgname ();
  size_t i;

  fprintf (f,
           "%s: the conversion server of ferry's P2V, run through SSH\n"
           "\n"
           "usage:\n"
           "  %s --root DIR                 (request in SSH_ORIGINAL_COMMAND)\n"
           "  %s --root DIR version | capabilities | convert | data JOB INDEX\n"
           "\n"
           "options:\n", prg, prg, prg);
  for (i = 0; i < G_N_ELEMENTS (option_specs); i++) {
    const struct option_spec *s = &option_specs[i];
    g_autofree char *left = NULL;

    if (s->short_name)
      left = g_strdup_printf ("-%c, --%s", s->short_name, s->name);
    else
      left = g_strdup_printf ("--%s", s->name);
    if (s->metavar) {
      char *with_arg = g_strconcat (left, " ", s->metavar, NULL);
      g_free (left);
      left = with_arg;
    }
    fprintf (f, "  %-24s %s\n", left, s->doc);
  }
  fprintf (f, "\nSee ferry-p2v-server(1) for the details.\n");
}

static void
list_options (bool short_ones)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (option_specs); i++) {
    if (short_ones && option_specs[i].short_name)
      printf ("-%c\n", option_specs[i].short_name);
    else if (!short_ones)
      printf ("--%s\n", option_specs[i].name);
  }
}

/* Parse argv; returns the index of the first request word, -1 after an
 * error message (exit 1), -2 when the program is done (exit 0).
 */
static int
parse_options (int argc, char **argv, struct settings *s)
{
  struct option longopts[G_N_ELEMENTS (option_specs) + 1];
  g_autoptr (GString) shortopts = g_string_new ("+:");
  size_t i;
  int c;

  for (i = 0; i < G_N_ELEMENTS (option_specs); i++) {
    longopts[i] = (struct option) {
      .name = option_specs[i].name,
      .has_arg = option_specs[i].metavar ? required_argument : no_argument,
      .flag = NULL,
      .val = option_specs[i].id,
    };
    if (option_specs[i].short_name) {
      g_string_append_c (shortopts, option_specs[i].short_name);
      if (option_specs[i].metavar)
        g_string_append_c (shortopts, ':');
    }
  }
  memset (&longopts[i], 0, sizeof longopts[i]);

  opterr = 0;
  while ((c = getopt_long (argc, argv, shortopts->str, longopts,
                           NULL)) != -1) {
    for (i = 0; i < G_N_ELEMENTS (option_specs); i++)
      if (c == option_specs[i].short_name)
        c = option_specs[i].id;
    switch (c) {
    case OPT_ROOT: s->root = optarg; break;
    case OPT_VERBOSE: s->verbose = true; break;
    case OPT_VERSION:
      printf ("%s %s\n", g_get_prgname (), FERRY_VERSION);
      return -2;
    case OPT_HELP:
      usage (stdout);
      return -2;
    case OPT_SHORT_OPTIONS:
      list_options (true);
      return -2;
    case OPT_LONG_OPTIONS:
      list_options (false);
      return -2;
    case ':':
      fprintf (stderr, "error: option '%s' needs an argument\n",
               argv[optind - 1]);
      return -1;
    default:
      fprintf (stderr, "error: unknown option '%s' (see --help)\n",
               argv[optind - 1]);
      return -1;
    }
  }
  return optind;
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
  for (i = 0; ferry_p2v_output_names[i] != NULL; i++)
    if (ferry_p2v_output_lookup (ferry_p2v_output_names[i]) != NULL)
      printf ("output:%s\n", ferry_p2v_output_names[i]);
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
  first = parse_options (argc, argv, &s);
  if (first == -2)
    return EXIT_SUCCESS;
  if (first == -1)
    return EXIT_FAILURE;

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

/* Unit test: the option parser, --help and the option lists (options.h).
 *
 * Each case is a command line, the flags, and what must come of it: the
 * options the handler saw in order ("id=arg"), the return value, the
 * words left as arguments, and the error.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "options.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

enum {
  O_INPUT = 256, O_INPUT_FORMAT, O_OUTPUT_STORAGE, O_VERBOSE, O_TRACE,
  O_QUIET, O_VERSION, O_ROOT, O_HELP, O_BAD,
};

static const struct ferry_option table[] = {
  { O_INPUT, "i", 'i', "INPUT", "input type" },
  { O_INPUT_FORMAT, "if", 0, "FORMAT", "input format" },
  { O_OUTPUT_STORAGE, "os", 0, "DIR", "output folder" },
  { O_VERBOSE, "verbose", 'v', NULL, "debug messages" },
  { O_TRACE, "x", 'x', NULL, "trace commands" },
  { O_QUIET, "quiet", 'q', NULL, "no status messages" },
  { O_VERSION, "version", 'V', NULL, "print the version and exit" },
  { O_ROOT, "root", 0, "ROOT", "which operating system" },
  { O_HELP, "help", 0, NULL, "print this help and exit" },
  { O_BAD, "bad", 0, "VALUE", "refused by the handler" },
};

/* What the handler saw: "name=arg" or "name", space-separated. */
static int
record (int id, const char *arg, void *opaque)
{
  GString *seen = opaque;
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].id == id)
      break;
  g_assert (i < G_N_ELEMENTS (table));
  if (seen->len > 0)
    g_string_append_c (seen, ' ');
  g_string_append (seen, table[i].name);
  if (arg != NULL)
    g_string_append_printf (seen, "=%s", arg);
  if (id == O_HELP)
    return -2;
  if (id == O_BAD) {
    ferry_error ("bad value '%s'", arg);
    return -1;
  }
  return 0;
}

static const struct {
  const char *label;
  const char *argv;        /* the words after the program's name, '|'
                            * between them */
  unsigned flags;
  int result;              /* -1, -2, or >= 0: the index of the first
                            * argument (1 is the first word after the
                            * program's name) */
  const char *seen;
  const char *args;        /* the arguments from RESULT on, '|' between */
  const char *error;       /* the error of -1 */
} cases[] = {
  { "nothing", "", 0, 1, "", "", NULL },
  { "one-dash two-letter options",
    "-i|disk|-if|raw|-os|/tmp|a.img", 0, 7, "i=disk if=raw os=/tmp",
    "a.img", NULL },
  { "the same with two dashes",
    "--i|disk|--if|raw|--os|/tmp|a.img", 0, 7, "i=disk if=raw os=/tmp",
    "a.img", NULL },
  { "a long option with one dash", "-root|/dev/sda2", 0, 3,
    "root=/dev/sda2", "", NULL },
  { "an argument after '='", "--root=first|-os=out", 0, 3,
    "root=first os=out", "", NULL },
  { "an unambiguous prefix", "--verb|--ro|single", 0, 4,
    "verbose root=single", "", NULL },
  { "short options grouped", "-vqx", 0, 2, "verbose quiet x", "", NULL },
  { "a group that ends with an option's argument", "-xidisk", 0, 2,
    "x i=disk", "", NULL },
  { "a group, then the argument in the next word", "-vi|vmx", 0, 3,
    "verbose i=vmx", "", NULL },
  { "an argument that starts with a dash", "-i|-v|-if|--x", 0, 5,
    "i=-v if=--x", "", NULL },
  { "options and arguments mixed", "a.img|-v|b.img|-os|out|c.img", 0, 4,
    "verbose os=out", "a.img|b.img|c.img", NULL },
  { "'-' is an argument", "-|-x", 0, 2, "x", "-", NULL },
  { "'--' ends the options", "-v|--|-x|--root", 0, 3, "verbose",
    "-x|--root", NULL },
  { "stop at the first argument", "-v|data|-x|--root|/",
    FERRY_OPTIONS_STOP_AT_ARGUMENT, 2, "verbose", "data|-x|--root|/", NULL },
  { "stop at the first argument, after '--'", "--|-v",
    FERRY_OPTIONS_STOP_AT_ARGUMENT, 2, "", "-v", NULL },
  { "missing argument of a two-letter option", "-i|disk|-os", 0, -1,
    "i=disk", NULL, "option '-os' needs an argument" },
  { "missing argument of a long option", "--root", 0, -1, "", NULL,
    "option '--root' needs an argument" },
  { "missing argument at the end of a group", "-vi", 0, -1, "verbose",
    NULL, "option '-i' needs an argument" },
  { "unknown long option", "-v|--frobnicate|a.img", 0, -1, "verbose", NULL,
    "unknown option '--frobnicate' (see --help)" },
  { "unknown one-dash option", "-zz", 0, -1, "", NULL,
    "unknown option '-zz' (see --help)" },
  { "unknown letter in a group", "-vz", 0, -1, "verbose", NULL,
    "unknown option '-z' (see --help)" },
  { "unknown letter in the middle of a group", "a.img|-vzx", 0, -1,
    "verbose", NULL, "unknown option '-z' (see --help)" },
  { "an ambiguous prefix", "--ver|x", 0, -1, "", NULL,
    "unknown option '--ver' (see --help)" },
  { "an argument to an option that takes none", "--verbose=yes", 0, -1,
    "", NULL, "option '--verbose=yes' takes no argument" },
  { "the handler is done (-2): nothing after is parsed", "-v|--help|-x|-zz",
    0, -2, "verbose help", NULL, NULL },
  { "the handler fails (-1): its error, nothing after is parsed",
    "-bad|x|-v", 0, -1, "bad=x", NULL, "bad value 'x'" },
};

static void
check_case (size_t c)
{
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree char *line = g_strconcat ("prog|", cases[c].argv, NULL);
  g_auto (GStrv) argv = g_strsplit (line, "|", -1);
  g_autofree char *args = NULL;
  int argc, r;
  bool ok;

  /* "" is no word at all. */
  if (cases[c].argv[0] == '\0') {
    g_free (argv[1]);
    argv[1] = NULL;
  }
  argc = g_strv_length (argv);
  ferry_error_clear ();
  r = ferry_options_parse (argc, argv, table, G_N_ELEMENTS (table),
                           cases[c].flags, record, seen);
  if (r >= 0 && r <= argc)
    args = g_strjoinv ("|", argv + r);
  ok = r == cases[c].result && strcmp (seen->str, cases[c].seen) == 0;
  if (cases[c].result >= 0)
    ok = ok && args != NULL && strcmp (args, cases[c].args) == 0;
  if (cases[c].error != NULL)
    ok = ok && strcmp (ferry_error_get (), cases[c].error) == 0;
  if (!tap_ok (ok, "%s: %s", cases[c].label, cases[c].argv))
    printf ("# got %d, seen [%s], arguments [%s], error [%s]\n", r,
            seen->str, args ? args : "", r == -1 ? ferry_error_get () : "");
}

/* What F received, in a new string. */
static char *
printed (void (*print) (FILE *f, bool flag), bool flag)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);

  g_assert (f != NULL);
  print (f, flag);
  g_assert (fclose (f) == 0);
  return text;
}

static void
print_list (FILE *f, bool short_ones)
{
  ferry_options_list (f, table, G_N_ELEMENTS (table), short_ones);
}

static void
print_usage (FILE *f, bool unused)
{
  ferry_options_usage (f, "prog: do things\n", table, 3);
}

static void
check_text (const char *label, const char *got, const char *want)
{
  if (!tap_ok (strcmp (got, want) == 0, "%s", label)) {
    g_autofree char *shown = g_strescape (got, NULL);
    printf ("# got: %s\n", shown);
  }
}

int
main (void)
{
  g_autofree char *short_list = NULL, *long_list = NULL, *usage = NULL;
  size_t i;

  g_set_prgname ("prog");
  tap_plan (G_N_ELEMENTS (cases) + 3);
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    check_case (i);

  short_list = printed (print_list, true);
  check_text ("--short-options: the letters", short_list, "-i\n-v\n-x\n-q\n-V\n");
  long_list = printed (print_list, false);
  check_text ("--long-options: every name of more than one letter",
              long_list,
              "-if\n-os\n--verbose\n--quiet\n--version\n--root\n--help\n"
              "--bad\n");
  usage = printed (print_usage, false);
  check_text ("--help: the synopsis, then one line per option", usage,
              "prog: do things\n"
              "\n"
              "options:\n"
              "  -i INPUT    input type\n"
              "  -if FORMAT  input format\n"
              "  -os DIR     output folder\n"
              "\n"
              "See prog(1) for the details.\n");
  return tap_done ();
}

/* ferry: command-line options, declared once per program (options.h). */

#include <config.h>

#include <getopt.h>
#include <string.h>

#include <glib.h>

#include "options.h"
#include "errors.h"
#include "banned.h"

/* How an option is written: one dash for one or two letters. */
static char *
option_display (const struct ferry_option *o)
{
  return g_strconcat (strlen (o->name) <= 2 ? "-" : "--", o->name, NULL);
}

/* Whether O's argument may be left out: metavar "[=FORMAT]". */
static bool
optional_argument_of (const struct ferry_option *o)
{
  return o->metavar != NULL && g_str_has_prefix (o->metavar, "[=");
}

/* The left column of --help: "-v, --verbose", "-os DIR|POOL". */
static char *
usage_left (const struct ferry_option *o)
{
  g_autofree char *name = option_display (o);
  GString *left = g_string_new (NULL);

  if (o->short_name && strlen (o->name) > 1)
    g_string_append_printf (left, "-%c, ", o->short_name);
  g_string_append (left, name);
  if (o->metavar)
    g_string_append_printf (left, "%s%s", optional_argument_of (o) ? ""
                            : " ", o->metavar);
  return g_string_free (left, FALSE);
}

void
ferry_options_usage (FILE *f, const char *synopsis,
                     const struct ferry_option *options, size_t n)
{
  g_autoptr (GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  int width = 0;
  size_t i;

  /* The docs line up two spaces after the widest left column. */
  for (i = 0; i < n; i++) {
    g_ptr_array_add (left, usage_left (&options[i]));
    width = MAX (width, (int) strlen (left->pdata[i]) + 1);
  }
  fputs (synopsis, f);
  fprintf (f, "\noptions:\n");
  for (i = 0; i < n; i++)
    fprintf (f, "  %-*s %s\n", width, (char *) left->pdata[i],
             options[i].doc);
  fprintf (f, "\nSee %s(1) for the details.\n", g_get_prgname ());
}

void
ferry_options_list (FILE *f, const struct ferry_option *options, size_t n,
                    bool short_ones)
{
  size_t i;

  for (i = 0; i < n; i++) {
    const struct ferry_option *o = &options[i];

    if (short_ones && o->short_name)
      fprintf (f, "-%c\n", o->short_name);
    else if (!short_ones && strlen (o->name) > 1) {
      g_autofree char *name = option_display (o);
      fprintf (f, "%s\n", name);
    }
  }
}

/* The table's invariants: ids that getopt cannot confuse with a letter,
 * and no name, letter or id twice.
 */
static void
check_table (const struct ferry_option *options, size_t n)
{
  size_t i, j;

  for (i = 0; i < n; i++) {
    g_assert (options[i].id >= 256);
    g_assert (options[i].name != NULL && options[i].name[0] != '\0');
    g_assert (options[i].name[1] != '\0' ||
              options[i].short_name == options[i].name[0]);
    for (j = 0; j < i; j++) {
      g_assert (options[j].id != options[i].id);
      g_assert (strcmp (options[j].name, options[i].name) != 0);
      g_assert (options[i].short_name == 0 ||
                options[j].short_name != options[i].short_name);
    }
  }
}

int
ferry_options_parse (int argc, char **argv,
                     const struct ferry_option *options, size_t n,
                     unsigned flags, ferry_option_fn fn, void *opaque)
{
  g_autofree struct option *longopts = g_new0 (struct option, n + 1);
  g_autoptr (GString) shortopts = g_string_new (NULL);
  size_t i;
  int c, r;

  check_table (options, n);
  /* '+': stop at the first argument; ':': report a missing argument as
   * ':', not '?'.
   */
  if (flags & FERRY_OPTIONS_STOP_AT_ARGUMENT)
    g_string_append_c (shortopts, '+');
  g_string_append_c (shortopts, ':');
  for (i = 0; i < n; i++) {
    longopts[i] = (struct option) {
      .name = options[i].name,
      .has_arg = optional_argument_of (&options[i]) ? optional_argument
      : options[i].metavar ? required_argument : no_argument,
      .flag = NULL,
      .val = options[i].id,
    };
    if (options[i].short_name) {
      g_string_append_c (shortopts, options[i].short_name);
      if (options[i].metavar)
        g_string_append_c (shortopts, ':');
      if (optional_argument_of (&options[i]))
        g_string_append_c (shortopts, ':');
    }
  }

  /* 0, not 1: getopt starts afresh (a second command line, a test). */
  optind = 0;
  opterr = 0;
  while ((c = getopt_long_only (argc, argv, shortopts->str, longopts,
                                NULL)) != -1) {
    /* optopt is the letter of a short option at fault, the id of a long
     * one, 0 for a word that is no option at all.
     */
    if (c == ':') {
      if (optopt > 0 && optopt < 256)
        ferry_error ("option '-%c' needs an argument", optopt);
      else
        ferry_error ("option '%s' needs an argument", argv[optind - 1]);
      return -1;
    }
    if (c == '?') {
      if (optopt > 0 && optopt < 256)
        ferry_error ("unknown option '-%c' (see --help)", optopt);
      else if (optopt >= 256)
        ferry_error ("option '%s' takes no argument", argv[optind - 1]);
      else
        ferry_error ("unknown option '%s' (see --help)", argv[optind - 1]);
      return -1;
    }
    for (i = 0; i < n; i++)
      if (c == options[i].short_name || c == options[i].id)
        break;
    g_assert (i < n);
    r = fn (options[i].id, optarg, opaque);
    if (r != 0) {
      g_assert (r == -1 || r == -2);
      return r;
    }
  }
  return optind;
}

int
ferry_options_standard (int id, const char *synopsis,
                        const struct ferry_option *options, size_t n)
{
  switch (id) {
  case FERRY_OPTION_VERSION:
    printf ("%s %s\n", g_get_prgname (), FERRY_VERSION);
    break;
  case FERRY_OPTION_HELP:
    ferry_options_usage (stdout, synopsis, options, n);
    break;
  case FERRY_OPTION_SHORT_OPTIONS:
  case FERRY_OPTION_LONG_OPTIONS:
    ferry_options_list (stdout, options, n,
                        id == FERRY_OPTION_SHORT_OPTIONS);
    break;
  default:
    g_assert_not_reached ();
  }
  return -2;
}

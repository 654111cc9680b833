/* ferry: command-line options, declared once per program (see
 * options.h).
 */

#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "options.h"
#include "banned.h"

/* How an option is written: one dash for one or two letters. */
static char *
option_display (const struct ferry_option *o)
{
  return g_strconcat (strlen (o->name) <= 2 ? "-" : "--", o->name, NULL);
}

void
ferry_cmdline_usage (FILE *f, const char *synopsis,
                     const struct ferry_option *options, size_t n)
{
  size_t i;

  fputs (synopsis, f);
  fprintf (f, "\noptions:\n");
  for (i = 0; i < n; i++) {
    const struct ferry_option *o = &options[i];
    g_autofree char *name = option_display (o);
    g_autofree char *left = NULL;

    if (o->short_name && strlen (o->name) > 1)
      left = g_strdup_printf ("-%c, %s", o->short_name, name);
    else
      left = g_strdup (name);
    if (o->metavar) {
      char *with_arg = g_strconcat (left, " ", o->metavar, NULL);
      g_free (left);
      left = with_arg;
    }
    fprintf (f, "  %-34s %s\n", left, o->doc);
  }
  fprintf (f, "\nSee %s(1) for the details.\n", g_get_prgname ());
}

void
ferry_cmdline_list (const struct ferry_option *options, size_t n,
                    bool short_ones)
{
  size_t i;

  for (i = 0; i < n; i++) {
    const struct ferry_option *o = &options[i];

    if (short_ones && o->short_name)
      printf ("-%c\n", o->short_name);
    else if (!short_ones && strlen (o->name) > 1) {
      g_autofree char *name = option_display (o);
      printf ("%s\n", name);
    }
  }
}

int
ferry_cmdline_parse (int argc, char **argv,
                     const struct ferry_option *options, size_t n,
                     ferry_option_fn fn, void *opaque)
{
  g_autofree struct option *longopts = g_new0 (struct option, n + 1);
  g_autoptr (GString) shortopts = g_string_new (":");
  size_t i;
  int c, r;

  for (i = 0; i < n; i++) {
    longopts[i] = (struct option) {
      .name = options[i].name,
      .has_arg = options[i].metavar ? required_argument : no_argument,
      .flag = NULL,
      .val = options[i].id,
    };
    if (options[i].short_name) {
      g_string_append_c (shortopts, options[i].short_name);
      if (options[i].metavar)
        g_string_append_c (shortopts, ':');
    }
  }

  opterr = 0;
  while ((c = getopt_long_only (argc, argv, shortopts->str, longopts,
                                NULL)) != -1) {
    if (c == ':') {
      fprintf (stderr, "%s: option '%s' needs an argument\n",
               g_get_prgname (), argv[optind - 1]);
      return -1;
    }
    for (i = 0; i < n; i++)
      if (c == options[i].short_name || c == options[i].id)
        break;
    if (i == n) {
      fprintf (stderr, "%s: unknown option '%s' (see --help)\n",
               g_get_prgname (), argv[optind - 1]);
      return -1;
    }
    r = fn (options[i].id, optarg, opaque);
    if (r != 0)
      return r;
  }
  return optind;
}

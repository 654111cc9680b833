/* ferry: command-line options, declared once per program.
 *
 * A program lists its options in one table; getopt's tables, --help,
 * --short-options and --long-options all come from it.  Like virt-v2v,
 * ferry's programs take their one- and two-letter options with one dash
 * (-i, -if, -os) and every option also with two.
 */
#ifndef FERRY_OPTIONS_H
#define FERRY_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ferry_option {
  int id;                  /* what the handler is called with, >= 256 */
  const char *name;        /* what follows the dash(es) */
  char short_name;         /* one-letter form that may be grouped (-vx), or 0 */
  const char *metavar;     /* NULL: takes no argument */
  const char *doc;         /* one line for --help */
};

/* Called for each option met, with its argument (NULL if none).  Returns
 * 0 to go on, -1 after printing an error (the program exits 1) or -2 when
 * the program is done (it exits 0: --help, --version).
 */
typedef int (*ferry_option_fn) (int id, const char *arg, void *opaque);

/* Parse ARGV with the N options of OPTIONS.  Returns the index of the
 * first argument that is not an option, or -1 or -2 as above.  Unknown
 * options and missing arguments are reported here.
 */
int ferry_cmdline_parse (int argc, char **argv,
                         const struct ferry_option *options, size_t n,
                         ferry_option_fn fn, void *opaque);

/* "--help": SYNOPSIS (already formatted), then one line per option. */
void ferry_cmdline_usage (FILE *f, const char *synopsis,
                          const struct ferry_option *options, size_t n);

/* --short-options (SHORT_ONES) or --long-options: one option per line. */
void ferry_cmdline_list (const struct ferry_option *options, size_t n,
                         bool short_ones);

#endif /* FERRY_OPTIONS_H */

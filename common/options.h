/* ferry: command-line options, declared once per program.
 *
 * Every ferry program (ferry-v2v, ferry-inspect, ferry-p2v,
 * ferry-p2v-server) lists its options in one table of struct
 * ferry_option; the parser, --help, --short-options and --long-options
 * all come from that table, so that what a program accepts, what its
 * help says and what its man page is checked against cannot drift apart.
 *
 * The syntax is virt-v2v's:
 *
 *   - an option whose name has one or two letters is written with one
 *     dash: -i, -if, -os;
 *   - every option may also be written with two dashes (--if, --root) and
 *     a longer one with one (-root); an unambiguous prefix of a longer name
 *     is accepted, as getopt_long_only does;
 *   - an option with a short_name may also be written -v, and such
 *     options may be grouped: -vx is -v -x (unless a longer option's
 *     name begins with the group: that option is meant);
 *   - an argument follows as the next word (-os DIR) or after '='
 *     (--root=DIR); a short option's may be glued on (-oDIR);
 *   - "--" ends the options: every word after it is an argument.
 *
 * The parser uses getopt, whose state is global: parse from one thread,
 * one command line at a time.
 */
#ifndef FERRY_OPTIONS_H
#define FERRY_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ferry_option {
  int id;                  /* what the handler is called with; >= 256 so
                            * that it cannot be taken for a short option
                            * letter; unique in the table */
  const char *name;        /* what follows the dash(es); unique */
  char short_name;         /* one-letter form that may be grouped (-vx), or
                            * 0; for a one-letter NAME, that letter */
  const char *metavar;     /* the argument's name in --help ("DIR"), or
                            * NULL: the option takes no argument; one
                            * that starts with "[=" ("[=FORMAT]") makes
                            * the argument optional, given only after
                            * '=' (--machine-readable=file:out), and the
                            * handler gets NULL when there is none */
  const char *doc;         /* one line for --help */
};

/* Called for each option met, in the order of the command line, with its
 * id and its argument (NULL for an option without one; otherwise it
 * points into argv).  Returns 0 to go on, -1 with the error set (see
 * errors.h) to fail, or -2 when the program is done and must exit
 * successfully (--help, --version have printed what they print).
 */
typedef int (*ferry_option_fn) (int id, const char *arg, void *opaque);

/* The options every ferry program has, with ids of their own (above any
 * program's): -V/--version, --help, --short-options, --long-options.  A
 * program puts FERRY_OPTIONS_STANDARD in its table, where --help is to
 * list them, and hands the ids it does not know to ferry_options_standard.
 */
enum {
  FERRY_OPTION_VERSION = 0x7f00,
  FERRY_OPTION_HELP,
  FERRY_OPTION_SHORT_OPTIONS,
  FERRY_OPTION_LONG_OPTIONS,
};

#define FERRY_OPTIONS_STANDARD \
  { FERRY_OPTION_VERSION, "version", 'V', NULL, "print the version and exit" }, \
  { FERRY_OPTION_HELP, "help", 0, NULL, "print this help and exit" }, \
  { FERRY_OPTION_SHORT_OPTIONS, "short-options", 0, NULL, "list the short options (for shell completion)" }, \
  { FERRY_OPTION_LONG_OPTIONS, "long-options", 0, NULL, "list the long options (for shell completion)" }

/* Flags of ferry_options_parse. */
enum {
  /* The options end at the first word that is not an option: every word
   * from there on is an argument, even one that starts with a dash
   * (ferry-p2v-server: the words after the options are a request).
   * Without it, as in virt-v2v, options and arguments may come in any
   * order (ARGV is then reordered: options first).
   */
  FERRY_OPTIONS_STOP_AT_ARGUMENT = 1 << 0,
};

/* Parse ARGV (ARGC words, the program's name first) with the N options of
 * OPTIONS, calling FN (with OPAQUE) for each option met.  Returns the
 * index in ARGV of the first argument that is not an option (ARGC when
 * there is none), or:
 *   -1 with the error set: an unknown option ("unknown option '--frob'
 *      (see --help)"), an option without its argument ("option '-os'
 *      needs an argument"), or FN's own error;
 *   -2 when FN returned -2.
 * The caller prints the error (prefixed with the program's name) and
 * exits 1 on -1, and exits 0 on -2.  FLAGS: 0 or FERRY_OPTIONS_*.
 */
int ferry_options_parse (int argc, char **argv,
                         const struct ferry_option *options, size_t n,
                         unsigned flags, ferry_option_fn fn, void *opaque);

/* --help: SYNOPSIS (already formatted, ending with a newline), then
 * "options:" and one line per option of the table, in its order, the docs
 * lined up after the widest option:
 *
 *   -v, --verbose   debug messages
 *   -os DIR|POOL    output folder ...
 *
 * then a line sending the reader to the man page, all on F.
 */
void ferry_options_usage (FILE *f, const char *synopsis,
                          const struct ferry_option *options, size_t n);

/* --short-options (SHORT_ONES) or --long-options, on F, one option per
 * line as the user writes it: the short ones are the short_names ("-v"),
 * the long ones every other name ("-if", "--root"; a one-letter name is a
 * short option only).  Shell completion and the tests that compare a
 * program's options with its man page read these lists.
 */
void ferry_options_list (FILE *f, const struct ferry_option *options,
                         size_t n, bool short_ones);

/* Handle standard option ID, as a ferry_option_fn does, on stdout: the
 * program's name and version; --help with SYNOPSIS and the N options of
 * OPTIONS, the program's whole table; or the lists of that table.
 * Returns -2 (the program is done).  ID must be a standard option's.
 */
int ferry_options_standard (int id, const char *synopsis,
                            const struct ferry_option *options, size_t n);

#endif /* FERRY_OPTIONS_H */

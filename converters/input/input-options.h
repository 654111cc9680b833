/* ferry: the command-line options of the programs that open a source
 * (ferry-v2v, ferry-inspect), on top of the option tables of options.h.
 */
#ifndef FERRY_CMDLINE_H
#define FERRY_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <glib.h>

#include "input.h"
#include "options.h"

/* The options of every program that opens a source (ferry-v2v,
 * ferry-inspect): -i, -if, -ic, -it, -ip, -io, --root, -n, -b, --mac,
 * and -q, -v, -x, -V, --help, --short-options, --long-options.  Their
 * ids are FERRY_OPT_SOURCE and up; a program's own ids stay below.
 */
enum {
  FERRY_OPT_SOURCE = 0x1000,
  FERRY_OPT_INPUT = FERRY_OPT_SOURCE, FERRY_OPT_INPUT_FORMAT,
  FERRY_OPT_INPUT_CONN, FERRY_OPT_INPUT_TRANSPORT, FERRY_OPT_INPUT_PASSWORD,
  FERRY_OPT_INPUT_OPTION, FERRY_OPT_ROOT, FERRY_OPT_NETWORK,
  FERRY_OPT_BRIDGE, FERRY_OPT_MAC, FERRY_OPT_QUIET, FERRY_OPT_VERBOSE,
  FERRY_OPT_TRACE, FERRY_OPT_VERSION, FERRY_OPT_HELP,
  FERRY_OPT_SHORT_OPTIONS, FERRY_OPT_LONG_OPTIONS,
};

struct ferry_network_map;

/* What those options set. */
struct ferry_source_settings {
  const char *input;                 /* -i */
  const char *input_format;          /* -if */
  const char *input_conn;            /* -ic */
  const char *input_transport;       /* -it */
  const char *input_password;        /* -ip: a file name */
  GPtrArray *input_options;          /* -io, in order, NULL-terminated */
  const char *root;                  /* --root */
  struct ferry_network_map *networks; /* -n, -b, --mac */
  bool quiet, verbose, trace;
};

/* A program's option table: its own options (OWN, NOWN of them) followed
 * by the source options, the ones in SKIP (FERRY_OPT_ ids ending with 0)
 * left out.  *N is set to the number of options; free with g_free.
 */
struct ferry_option *ferry_cmdline_with_source (const struct ferry_option *own,
                                                size_t nown, const int *skip,
                                                size_t *n);

/* Fill S for a new run (its arrays and map are created; free them with
 * ferry_source_settings_clear).
 */
void ferry_source_settings_init (struct ferry_source_settings *s);
void ferry_source_settings_clear (struct ferry_source_settings *s);

/* Handle source option ID with ARG, as a ferry_option_fn does: 0, -1
 * after printing an error, or -2 when done (-V, --short-options,
 * --long-options: the program's whole table, OPTIONS, is listed; --help
 * prints SYNOPSIS and OPTIONS).
 */
int ferry_cmdline_source_option (int id, const char *arg,
                                 struct ferry_source_settings *s,
                                 const char *synopsis,
                                 const struct ferry_option *options,
                                 size_t n);

/* The input options S describes (pointers into S). */
void ferry_source_settings_input (const struct ferry_source_settings *s,
                                  struct ferry_input_options *options);

#endif /* FERRY_CMDLINE_H */

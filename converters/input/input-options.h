/* ferry: the command-line options that open a source.
 *
 * ferry-v2v and ferry-inspect open a source the same way, with the same
 * options (virt-v2v's -i, -if, -ic, ... and -n, -b, --mac), declared here
 * once in options.h's form.  Each program puts its own options in front
 * of these (ferry_source_options_table), parses the whole table with
 * ferry_options_parse, and passes the ids it does not know itself to
 * ferry_source_option_handle.
 */
#ifndef FERRY_INPUT_OPTIONS_H
#define FERRY_INPUT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <glib.h>

#include "input.h"
#include "options.h"

/* The options of every program that opens a source (ferry-v2v,
 * ferry-inspect): -i, -if, -ic, -it, -ip, -io, --allow-path, --root,
 * -n, -b, --mac, and -q, -v, -x, -V, --help, --short-options,
 * --long-options.  Their ids are FERRY_OPT_SOURCE and up; a program's
 * own ids stay below.
 */
enum {
  FERRY_OPT_SOURCE = 0x1000,
  FERRY_OPT_INPUT = FERRY_OPT_SOURCE, FERRY_OPT_INPUT_FORMAT,
  FERRY_OPT_INPUT_CONN, FERRY_OPT_INPUT_TRANSPORT, FERRY_OPT_INPUT_PASSWORD,
  FERRY_OPT_INPUT_OPTION, FERRY_OPT_ALLOW_PATH, FERRY_OPT_ROOT,
  FERRY_OPT_NETWORK,
  FERRY_OPT_BRIDGE, FERRY_OPT_MAC, FERRY_OPT_QUIET, FERRY_OPT_VERBOSE,
  FERRY_OPT_TRACE,
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
  GPtrArray *allowed_paths;          /* --allow-path, in order,
                                      * NULL-terminated */
  const char *root;                  /* --root */
  struct ferry_network_map *networks; /* -n, -b, --mac */
  bool quiet, verbose, trace;
};

/* A program's option table: its own options (OWN, NOWN of them, with ids
 * below FERRY_OPT_SOURCE) followed by the source options.  *N is set to
 * the number of options; free the table with g_free.
 */
struct ferry_option *ferry_source_options_table (const struct ferry_option *own,
                                                 size_t nown, size_t *n);

/* Fill S for a new run (its arrays and map are created; free them with
 * ferry_source_settings_clear).
 */
void ferry_source_settings_init (struct ferry_source_settings *s);
void ferry_source_settings_clear (struct ferry_source_settings *s);

/* Handle source option ID with ARG, as a ferry_option_fn does: 0, -1
 * with the error set (a bad -n, -b or --mac, an empty --allow-path), or
 * -2 when done (-V prints the version; --short-options and
 * --long-options list the program's whole table, OPTIONS; --help prints
 * SYNOPSIS and OPTIONS).
 */
int ferry_source_option_handle (int id, const char *arg,
                                struct ferry_source_settings *s,
                                const char *synopsis,
                                const struct ferry_option *options,
                                size_t n);

/* The input options S describes (pointers into S). */
void ferry_source_settings_input (const struct ferry_source_settings *s,
                                  struct ferry_input_options *options);

#endif /* FERRY_INPUT_OPTIONS_H */

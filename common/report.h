/* ferry: what a program tells its user while it works.
 *
 * Status messages go to stdout, prefixed with the seconds elapsed since
 * the program started, as virt-v2v does:
 *   [   4.1] Opening the source
 * -q silences them.  Debug output (-v) goes to stderr.  Errors are not
 * reported here: see errors.h.
 *
 * A progress meter follows a long copy.  On a terminal it is one line,
 * rewritten in place, with percent, bytes, throughput and ETA.  In
 * machine-readable mode it is a line "N/100" (N the percent done) each
 * time the percent changes, as nbdcopy prints for management tools.
 * Otherwise (stdout not a terminal, or -q) nothing is printed.
 *
 * In machine-readable mode every status message, warning and error is
 * also an event line on stdout, one JSON object per line, as virt-v2v
 * prints them for management tools:
 *   {"message":"Opening the source","timestamp":
 *   "2026-11-22T02:10:11.123456+00:00","type":"message"}
 * TYPE is "message", "warning" or "error".  Status messages are then
 * printed only this way; warnings and errors still go to stderr as text.
 * Event lines and "N/100" lines go to the machine-readable stream the
 * settings name (--machine-readable=file:..., =fd:N, =stream:stderr),
 * stdout unless they name one.
 */
#ifndef FERRY_REPORT_H
#define FERRY_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <glib.h>

struct ferry_report_settings {
  bool quiet;                   /* -q: no status messages, no progress */
  bool verbose;                 /* -v: debug messages on stderr */
  bool machine_readable;        /* --machine-readable */
  FILE *machine_stream;         /* where its lines go; NULL: stdout */
};

/* Set once by main before any message; the defaults are all false. */
void ferry_report_configure (const struct ferry_report_settings *settings);

/* Where a program that is not talking to a terminal sends its reports
 * (ferry-p2v-server sends them to its client).  When a sink is set,
 * status messages (TYPE "message", unless quiet) and warnings (TYPE
 * "warning") go to MESSAGE instead of stdout and stderr, and every
 * progress update goes to PROGRESS (DONE of TOTAL bytes; the callback
 * decides how often to pass it on).  Debug messages and errors are not
 * affected.  Either callback may be NULL.  NULL removes the sink.
 */
struct ferry_report_sink {
  void (*message) (const char *type, const char *text, void *opaque);
  void (*progress) (uint64_t done, uint64_t total, void *opaque);
  void *opaque;
};
void ferry_report_set_sink (const struct ferry_report_sink *sink);
const struct ferry_report_settings *ferry_report_settings (void);

/* A status message ("[  12.3] text"), unless quiet. */
void ferry_message (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* A warning on stderr ("PROGRAM: warning: text"); shown even when quiet. */
void ferry_warning (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* The error that ends the program: "PROGRAM: MSG" on stderr, and
 * an event line in machine-readable mode.
 */
void ferry_report_error (const char *msg);

/* A debug message on stderr, only with -v. */
void ferry_debug (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* Seconds since ferry_report_configure (or program start). */
double ferry_elapsed (void);

struct ferry_progress;

/* Start a meter for TOTAL bytes of work. */
struct ferry_progress *ferry_progress_start (uint64_t total);

/* DONE bytes of TOTAL are done.  Cheap: redraws at most ten times a second
 * on a terminal, or once per percent in machine-readable mode.
 */
void ferry_progress_update (struct ferry_progress *p, uint64_t done);

/* Draw 100% (when COMPLETE) and end the line; free P. */
void ferry_progress_finish (struct ferry_progress *p, bool complete);

/* "1.5 GiB" for 1610612736: in a new string. */
char *ferry_human_size (uint64_t bytes);

#endif /* FERRY_REPORT_H */

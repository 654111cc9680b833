/* ferry: status messages and progress meters (see report.h). */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "json.h"
#include "report.h"
#include "text.h"
#include "banned.h"

static struct ferry_report_settings settings;
static gint64 start_time;
static struct ferry_report_sink sink;
static bool have_sink;

/* MSG (taken) as ferry_text_escape shows it: messages quote names from
 * untrusted files, and no control character of theirs may reach the
 * terminal or the P2V client.
 */
static char *
escaped (char *msg, bool keep_newlines)
{
  char *s = ferry_text_escape (msg, keep_newlines);

  g_free (msg);
  return s;
}

void
ferry_report_set_sink (const struct ferry_report_sink *s)
{
  have_sink = s != NULL;
  if (s != NULL)
    sink = *s;
}

void
ferry_report_configure (const struct ferry_report_settings *s)
{
  settings = *s;
  start_time = g_get_monotonic_time ();
}

const struct ferry_report_settings *
ferry_report_settings (void)
{
  return &settings;
}

double
ferry_elapsed (void)
{
  if (start_time == 0)
    start_time = g_get_monotonic_time ();
  return (g_get_monotonic_time () - start_time) / 1e6;
}

/* Where machine-readable lines go. */
static FILE *
machine_stream (void)
{
  return settings.machine_stream ? settings.machine_stream : stdout;
}

/* One event line: {"message":...,"timestamp":...,"type":...}.  The
 * timestamp is local time in ISO 8601 with microseconds and the offset
 * from UTC.
 */
static void
print_event (const char *type, const char *msg)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = NULL;
  g_autofree char *line = NULL;

  if (now != NULL)
    stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f%:z");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "message", msg);
  ferry_json_add_string (b, "timestamp", stamp);
  ferry_json_add_string (b, "type", type);
  json_builder_end_object (b);
  line = ferry_json_generate (b, false);
  fprintf (machine_stream (), "%s\n", line);
  fflush (machine_stream ());
}

void
ferry_message (const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  if (settings.quiet)
    return;
  va_start (args, fmt);
  msg = escaped (g_strdup_vprintf (fmt, args), false);
  va_end (args);
  if (have_sink) {
    if (sink.message)
      sink.message ("message", msg, sink.opaque);
  }
  else if (settings.machine_readable)
    print_event ("message", msg);
  else {
    printf ("[%6.1f] %s\n", ferry_elapsed (), msg);
    fflush (stdout);
  }
}

void
ferry_report_error (const char *msg)
{
  if (settings.machine_readable)
    print_event ("error", msg);
  fflush (stdout);
  fflush (machine_stream ());
  fprintf (stderr, "%s: %s\n", g_get_prgname (), msg);
}

void
ferry_warning (const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = escaped (g_strdup_vprintf (fmt, args), false);
  va_end (args);
  if (have_sink) {
    if (sink.message)
      sink.message ("warning", msg, sink.opaque);
    return;
  }
  if (settings.machine_readable)
    print_event ("warning", msg);
  fflush (stdout);
  fprintf (stderr, "%s: warning: %s\n", g_get_prgname (), msg);
}

void
ferry_debug (const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  if (!settings.verbose)
    return;
  va_start (args, fmt);
  msg = escaped (g_strdup_vprintf (fmt, args), true);
  va_end (args);
  fprintf (stderr, "%s: debug: %s\n", g_get_prgname (), msg);
}

char *
ferry_human_size (uint64_t bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  double v = bytes;
  size_t u = 0;

  while (v >= 1024 && u + 1 < G_N_ELEMENTS (units)) {
    v /= 1024;
    u++;
  }
  if (u == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  return g_strdup_printf ("%.1f %s", v, units[u]);
}

enum progress_mode { PROGRESS_NONE, PROGRESS_TERMINAL, PROGRESS_MACHINE };

struct ferry_progress {
  enum progress_mode mode;
  uint64_t total;
  uint64_t done;
  gint64 started;
  gint64 last_draw;
  int last_percent;
};

struct ferry_progress *
ferry_progress_start (uint64_t total)
{
  struct ferry_progress *p = g_new0 (struct ferry_progress, 1);

  p->total = total;
  p->started = g_get_monotonic_time ();
  p->last_percent = -1;
  if (settings.machine_readable)
    p->mode = PROGRESS_MACHINE;
  else if (!settings.quiet && isatty (STDOUT_FILENO))
    p->mode = PROGRESS_TERMINAL;
  else
    p->mode = PROGRESS_NONE;
  return p;
}

static void
draw_terminal (struct ferry_progress *p, int percent)
{
  double secs = (g_get_monotonic_time () - p->started) / 1e6;
  double rate = secs > 0 ? p->done / secs : 0;
  g_autofree char *done = ferry_human_size (p->done);
  g_autofree char *total = ferry_human_size (p->total);
  g_autofree char *speed = ferry_human_size ((uint64_t) rate);
  char eta[32] = "--:--";
  char bar[26];
  int filled = percent / 4, i;

  if (rate > 0 && p->done < p->total) {
    uint64_t left = (p->total - p->done) / rate;
    g_snprintf (eta, sizeof eta, "%" G_GUINT64_FORMAT ":%02" G_GUINT64_FORMAT,
                left / 60, left % 60);
  }
  else if (p->done >= p->total)
    g_snprintf (eta, sizeof eta, "0:00");
  for (i = 0; i < 25; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[25] = '\0';
  printf ("\r[%s] %3d%%  %s / %s  %s/s  ETA %s   ",
          bar, percent, done, total, speed, eta);
  fflush (stdout);
}

void
ferry_progress_update (struct ferry_progress *p, uint64_t done)
{
  int percent;
  gint64 now;

  p->done = done > p->total ? p->total : done;
  percent = p->total ? (int) (p->done * 100 / p->total) : 100;

  if (have_sink) {
    if (sink.progress)
      sink.progress (p->done, p->total, sink.opaque);
    p->last_percent = percent;
    return;
  }

  switch (p->mode) {
  case PROGRESS_NONE:
    break;
  case PROGRESS_MACHINE:
    if (percent != p->last_percent) {
      fprintf (machine_stream (), "%d/100\n", percent);
      fflush (machine_stream ());
    }
    break;
  case PROGRESS_TERMINAL:
    now = g_get_monotonic_time ();
    if (now - p->last_draw >= G_USEC_PER_SEC / 10 || percent != p->last_percent) {
      draw_terminal (p, percent);
      p->last_draw = now;
    }
    break;
  }
  p->last_percent = percent;
}

void
ferry_progress_finish (struct ferry_progress *p, bool complete)
{
  if (p == NULL)
    return;
  if (complete)
    ferry_progress_update (p, p->total);
  if (p->mode == PROGRESS_TERMINAL) {
    printf ("\n");
    fflush (stdout);
  }
  g_free (p);
}

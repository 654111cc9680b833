/* ferry-p2v: the headless front end's console output (see console.h). */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "console.h"
#include "report.h"
#include "banned.h"

struct ferry_p2v_console {
  size_t n;
  char **names;
  uint64_t *done, *total;
  bool tty, verbose;
  gint64 started;          /* first progress, or 0 */
  gint64 last_print;
  bool line_open;          /* a tty line is drawn and not ended */
  int last_percent;        /* of the total, printed last (non-tty) */
};

struct ferry_p2v_console *
ferry_p2v_console_new (size_t ndisks, const char *const *names,
                       const uint64_t *sizes, bool tty, bool verbose)
{
  struct ferry_p2v_console *c = g_new0 (struct ferry_p2v_console, 1);
  size_t i;

  c->n = ndisks;
  c->names = g_new0 (char *, ndisks + 1);
  c->done = g_new0 (uint64_t, ndisks);
  c->total = g_new0 (uint64_t, ndisks);
  for (i = 0; i < ndisks; i++) {
    c->names[i] = g_strdup (names[i]);
    c->total[i] = sizes[i];
  }
  c->tty = tty;
  c->verbose = verbose;
  c->last_percent = -1;
  return c;
}

void
ferry_p2v_console_free (struct ferry_p2v_console *c)
{
  if (c == NULL)
    return;
  g_strfreev (c->names);
  g_free (c->done);
  g_free (c->total);
  g_free (c);
}

static int
percent (uint64_t done, uint64_t total)
{
  if (total == 0)
    return 100;
  return (int) (done >= total ? 100 : done * 100 / total);
}

void
ferry_p2v_console_set (struct ferry_p2v_console *c, size_t index,
                       uint64_t done, uint64_t total)
{
  if (index >= c->n)
    return;
  c->total[index] = total;
  c->done[index] = done > total ? total : done;
}

char *
ferry_p2v_console_line (const struct ferry_p2v_console *c, double seconds)
{
  GString *line = g_string_new (NULL);
  uint64_t done = 0, total = 0;
  g_autofree char *hdone = NULL, *htotal = NULL, *hrate = NULL;
  double rate;
  size_t i;

  for (i = 0; i < c->n; i++) {
    g_string_append_printf (line, "%s %d%%  ", c->names[i],
                            percent (c->done[i], c->total[i]));
    done += c->done[i];
    total += c->total[i];
  }
  rate = seconds > 0 ? done / seconds : 0;
  hdone = ferry_human_size (done);
  htotal = ferry_human_size (total);
  hrate = ferry_human_size ((uint64_t) rate);
  g_string_append_printf (line, "| total %d%%  %s / %s  %s/s  ETA ",
                          percent (done, total), hdone, htotal, hrate);
  if (done >= total)
    g_string_append (line, "0:00");
  else if (rate > 0) {
    uint64_t left = (uint64_t) ((total - done) / rate);
    g_string_append_printf (line, "%" PRIu64 ":%02" PRIu64, left / 60,
                            left % 60);
  }
  else
    g_string_append (line, "--:--");
  return g_string_free (line, FALSE);
}

static void
end_line (struct ferry_p2v_console *c)
{
  if (c->line_open) {
    printf ("\n");
    c->line_open = false;
  }
}

static void
on_status (const char *text, void *opaque)
{
  struct ferry_p2v_console *c = opaque;

  end_line (c);
  printf ("%s\n", text);
  fflush (stdout);
}

static void
on_message (enum ferry_p2v_message_type type, const char *text,
            void *opaque)
{
  struct ferry_p2v_console *c = opaque;

  end_line (c);
  printf ("server: %s%s\n", type == FERRY_P2V_WARNING ? "warning: " : "",
          text);
  fflush (stdout);
}

static void
on_log (enum ferry_p2v_log_level level, const char *text, void *opaque)
{
  struct ferry_p2v_console *c = opaque;

  if (level == FERRY_P2V_LOG_DEBUG && !c->verbose)
    return;
  end_line (c);
  fflush (stdout);
  fprintf (stderr, "%s: %s: %s\n", g_get_prgname (),
           level == FERRY_P2V_LOG_WARNING ? "warning" : "debug", text);
}

static void
on_progress (size_t index, uint64_t done, uint64_t total, void *opaque)
{
  struct ferry_p2v_console *c = opaque;
  gint64 now = g_get_monotonic_time ();
  bool disk_end = index < c->n && done >= total && c->done[index] < total;
  g_autofree char *line = NULL;
  uint64_t all_done = 0, all_total = 0;
  size_t i;
  int pct;

  if (c->started == 0)
    c->started = now;
  ferry_p2v_console_set (c, index, done, total);
  for (i = 0; i < c->n; i++) {
    all_done += c->done[i];
    all_total += c->total[i];
  }
  pct = percent (all_done, all_total);
  if (c->tty) {
    if (now - c->last_print < G_USEC_PER_SEC / 5 && !disk_end)
      return;
  }
  else if (now - c->last_print < 10 * G_USEC_PER_SEC && !disk_end &&
           pct == c->last_percent)
    return;
  else if (now - c->last_print < 10 * G_USEC_PER_SEC && !disk_end)
    return;
  c->last_print = now;
  c->last_percent = pct;
  line = ferry_p2v_console_line (c, (now - c->started) / 1e6);
  if (c->tty) {
    printf ("\r%s   ", line);
    c->line_open = true;
  }
  else
    printf ("%s\n", line);
  fflush (stdout);
}

static void
on_finished (const char *result, void *opaque)
{
  struct ferry_p2v_console *c = opaque;

  end_line (c);
  if (result[0] != '\0')
    printf ("Finished: the server wrote %s\n", result);
  else
    printf ("Finished: the server wrote no file\n");
  fflush (stdout);
}

static void
on_failed (const char *message, void *opaque)
{
  struct ferry_p2v_console *c = opaque;

  end_line (c);
  fflush (stdout);
  fprintf (stderr, "%s: %s\n", g_get_prgname (), message);
}

static void
on_cancelled (void *opaque)
{
  struct ferry_p2v_console *c = opaque;

  end_line (c);
  fflush (stdout);
  fprintf (stderr, "%s: the conversion was cancelled\n", g_get_prgname ());
}

const struct ferry_p2v_callbacks ferry_p2v_console_callbacks = {
  .status = on_status,
  .progress = on_progress,
  .message = on_message,
  .log = on_log,
  .finished = on_finished,
  .failed = on_failed,
  .cancelled = on_cancelled,
};

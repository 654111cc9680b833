/* ferry-p2v: how the engine speaks to its front end (see notify.h). */

#include <config.h>

#include <stdarg.h>

#include <glib.h>

#include "notify.h"
#include "banned.h"

/* TEXT as one line of valid UTF-8, in a new string. */
static char *
one_line (const char *text)
{
  char *line = g_utf8_make_valid (text, -1);
  char *p;

  for (p = line; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return line;
}

void
ferry_p2v_notify_status (const struct ferry_p2v_notify *n,
                         const char *fmt, ...)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  va_list args;

  if (n->callbacks->status == NULL)
    return;
  va_start (args, fmt);
  text = g_strdup_vprintf (fmt, args);
  va_end (args);
  line = one_line (text);
  n->callbacks->status (line, n->opaque);
}

void
ferry_p2v_notify_log (const struct ferry_p2v_notify *n,
                      enum ferry_p2v_log_level level, const char *fmt, ...)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  va_list args;

  if (n->callbacks->log == NULL)
    return;
  va_start (args, fmt);
  text = g_strdup_vprintf (fmt, args);
  va_end (args);
  line = one_line (text);
  n->callbacks->log (level, line, n->opaque);
}

void
ferry_p2v_notify_message (const struct ferry_p2v_notify *n,
                          enum ferry_p2v_message_type type, const char *text)
{
  g_autofree char *line = NULL;

  if (n->callbacks->message == NULL)
    return;
  line = one_line (text);
  n->callbacks->message (type, line, n->opaque);
}

void
ferry_p2v_notify_progress (const struct ferry_p2v_notify *n, size_t disk,
                           uint64_t done, uint64_t total)
{
  if (n->callbacks->progress != NULL)
    n->callbacks->progress (disk, done, total, n->opaque);
}

void
ferry_p2v_notify_finished (const struct ferry_p2v_notify *n,
                           const char *result)
{
  g_autofree char *line = NULL;

  if (n->callbacks->finished == NULL)
    return;
  line = one_line (result);
  n->callbacks->finished (line, n->opaque);
}

void
ferry_p2v_notify_failed (const struct ferry_p2v_notify *n,
                         const char *message)
{
  g_autofree char *line = NULL;

  if (n->callbacks->failed == NULL)
    return;
  line = one_line (message);
  n->callbacks->failed (line, n->opaque);
}

void
ferry_p2v_notify_cancelled (const struct ferry_p2v_notify *n)
{
  if (n->callbacks->cancelled != NULL)
    n->callbacks->cancelled (n->opaque);
}

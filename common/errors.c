/* ferry: the per-thread last error (see errors.h). */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "errors.h"
#include "text.h"
#include "banned.h"

static __thread char *last_error;
static __thread int last_errno;

/* Messages quote names and paths from untrusted files: whatever reads
 * the record (a terminal, a P2V client, a log) gets no control character
 * and no byte that is not UTF-8.  MSG is taken; NULL clears the record.
 */
static void
replace (char *msg, int errnum)
{
  g_free (last_error);
  last_error = msg != NULL ? ferry_text_escape (msg, false) : NULL;
  g_free (msg);
  last_errno = errnum;
}

void
ferry_error (const char *fmt, ...)
{
  va_list args;

  va_start (args, fmt);
  replace (g_strdup_vprintf (fmt, args), 0);
  va_end (args);
}

void
ferry_error_errno (int errnum, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  replace (g_strdup_printf ("%s: %s", msg, g_strerror (errnum)), errnum);
}

void
ferry_error_prefix (const char *fmt, ...)
{
  va_list args;
  g_autofree char *context = NULL;

  if (last_error == NULL)
    return;
  va_start (args, fmt);
  context = g_strdup_vprintf (fmt, args);
  va_end (args);
  replace (g_strdup_printf ("%s: %s", context, last_error), last_errno);
}

const char *
ferry_error_get (void)
{
  return last_error ? last_error : "unknown error";
}

int
ferry_error_errno_get (void)
{
  return last_errno;
}

void
ferry_error_clear (void)
{
  replace (NULL, 0);
}

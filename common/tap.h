/* ferry: a few TAP helpers for the C unit tests.
 *
 * Unit tests print TAP (the Test Anything Protocol) so that prove counts
 * each check: tap_plan first, then one tap_ok per check, and return
 * tap_done () from main.
 */
#ifndef FERRY_TAP_H
#define FERRY_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include <glib.h>

/* One count per program, shared by every file that includes this one
 * (a test and its fixtures): weak symbols are merged by the linker.
 */
__attribute__ ((weak)) unsigned tap_count, tap_failed;

static inline void
tap_plan (unsigned n)
{
  printf ("1..%u\n", n);
}

static inline bool G_GNUC_PRINTF (2, 3)
tap_ok (bool ok, const char *fmt, ...)
{
  va_list args;

  tap_count++;
  if (!ok)
    tap_failed++;
  printf ("%s %u - ", ok ? "ok" : "not ok", tap_count);
  va_start (args, fmt);
  vprintf (fmt, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
  return ok;
}

static inline int
tap_done (void)
{
  return tap_failed ? 1 : 0;
}

#endif /* FERRY_TAP_H */

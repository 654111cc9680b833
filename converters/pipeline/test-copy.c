/* Unit test: reading qemu-img's progress lines (copy.h). */

#include <config.h>

#include "copy.h"
#include "tap.h"
#include "banned.h"

static const struct {
  const char *line;
  int want;
} cases[] = {
  { "    (0.00/100%)", 0 },
  { "    (12.34/100%)", 1234 },
  { "(100.00/100%)", 10000 },
  { "    (99.999/100%)", 9999 },
  { "    (5/100%)", 500 },
  { "    (5.5/100%)", 550 },
  { "    (100.01/100%)", -1 },
  { "    (101.00/100%)", -1 },
  { "    (12.34/100%) trailing", -1 },
  { "(12.34/99%)", -1 },
  { "12.34/100%", -1 },
  { "()", -1 },
  { "(/100%)", -1 },
  { "", -1 },
  { "(99999999999999999999/100%)", -1 },
  { "qemu-img: error while writing", -1 },
};

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (cases));
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    int got = ferry_copy_parse_progress (cases[i].line);
    tap_ok (got == cases[i].want, "'%s' -> %d (got %d)",
            cases[i].line, cases[i].want, got);
  }
  return tap_done ();
}

/* Unit test: libosinfo ids (osinfo.h). */

#include <config.h>

#include <string.h>

#include "osinfo.h"
#include "tap.h"
#include "banned.h"

static const struct {
  const char *type, *distro;
  int major, minor;
  const char *want;        /* NULL: no id */
} cases[] = {
  { "linux", "debian", 12, 5, "http://debian.org/debian/12" },
  { "linux", "debian", 11, 0, "http://debian.org/debian/11" },
  { "linux", "debian", 13, 1, "http://debian.org/debian/13" },
  { "linux", "ubuntu", 22, 4, "http://ubuntu.com/ubuntu/22.04" },
  { "linux", "fedora", 39, 0, "http://fedoraproject.org/fedora/39" },
  { "linux", "rhel", 9, 2, "http://redhat.com/rhel/9.2" },
  { "linux", "sles", 15, 5, "http://suse.com/sles/15sp5" },
  { "linux", "sles", 12, 0, "http://suse.com/sles/12" },
  { "linux", "debian", 0, 0, NULL },          /* debian testing, no number */
  { "linux", "unknown", 1, 0, NULL },
  { "windows", "windows", 10, 0, NULL },
  { "linux", "debian", -1, 0, NULL },
  { NULL, "debian", 12, 0, NULL },
};

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (cases));
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *got = ferry_osinfo_id (cases[i].type, cases[i].distro,
                                            cases[i].major, cases[i].minor);
    if (cases[i].want == NULL)
      tap_ok (got == NULL, "%s %d.%d has no id", cases[i].distro,
              cases[i].major, cases[i].minor);
    else
      tap_ok (got != NULL && strcmp (got, cases[i].want) == 0,
              "%s %d.%d is %s", cases[i].distro, cases[i].major,
              cases[i].minor, cases[i].want);
  }
  return tap_done ();
}

/* ferry: libosinfo identifiers (see osinfo.h). */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "osinfo.h"
#include "banned.h"

/* How a distribution writes its version in the id. */
enum version_style {
  MAJOR,                 /* debian/12, fedora/39 */
  MAJOR_DOT_MINOR,       /* rhel/9.2, ubuntu/22.04 (minor two digits) */
  MAJOR_DOT_MINOR2,      /* ubuntu: 22.04 */
  SLES,                  /* sles/15sp5, or sles/15 */
};

static const struct {
  const char *distro;
  const char *prefix;
  enum version_style style;
} linux_ids[] = {
  { "debian", "http://debian.org/debian/", MAJOR },
  { "ubuntu", "http://ubuntu.com/ubuntu/", MAJOR_DOT_MINOR2 },
  { "fedora", "http://fedoraproject.org/fedora/", MAJOR },
  { "rhel", "http://redhat.com/rhel/", MAJOR_DOT_MINOR },
  { "centos", "http://centos.org/centos/", MAJOR_DOT_MINOR },
  { "rocky", "http://rockylinux.org/rocky/", MAJOR_DOT_MINOR },
  { "almalinux", "http://almalinux.org/almalinux/", MAJOR_DOT_MINOR },
  { "oraclelinux", "http://oracle.com/ol/", MAJOR_DOT_MINOR },
  { "sles", "http://suse.com/sles/", SLES },
  { "opensuse", "http://opensuse.org/opensuse/", MAJOR_DOT_MINOR },
};

char *
ferry_osinfo_id (const char *type, const char *distro, int major, int minor)
{
  size_t i;

  if (type == NULL || distro == NULL || major < 0 || minor < 0)
    return NULL;
  if (strcmp (type, "linux") != 0)
    return NULL;
  for (i = 0; i < G_N_ELEMENTS (linux_ids); i++) {
    if (strcmp (linux_ids[i].distro, distro) != 0)
      continue;
    if (major == 0)
      return NULL;
    switch (linux_ids[i].style) {
    case MAJOR:
      return g_strdup_printf ("%s%d", linux_ids[i].prefix, major);
    case MAJOR_DOT_MINOR:
      return g_strdup_printf ("%s%d.%d", linux_ids[i].prefix, major, minor);
    case MAJOR_DOT_MINOR2:
      return g_strdup_printf ("%s%d.%02d", linux_ids[i].prefix, major, minor);
    case SLES:
      if (minor == 0)
        return g_strdup_printf ("%s%d", linux_ids[i].prefix, major);
      return g_strdup_printf ("%s%dsp%d", linux_ids[i].prefix, major, minor);
    }
  }
  return NULL;
}

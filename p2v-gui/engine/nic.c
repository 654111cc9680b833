/* ferry-p2v: blinking a network port's LED (nic.h). */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "nic.h"
#include "command.h"
#include "errors.h"
#include "banned.h"

bool
ferry_p2v_nic_name_ok (const char *name)
{
  size_t i, n = name ? strlen (name) : 0;

  /* IFNAMSIZ is 16, with its terminating zero. */
  if (n == 0 || n > 15 || name[0] == '-' ||
      strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    goto bad;
  for (i = 0; i < n; i++)
    if (name[i] == '/' || name[i] == ':' || g_ascii_isspace (name[i]) ||
        g_ascii_iscntrl (name[i]))
      goto bad;
  return true;

 bad:
  ferry_error ("not an interface name: '%s'", name ? name : "");
  return false;
}

char **
ferry_p2v_identify_argv (const char *name, unsigned seconds)
{
  GStrvBuilder *b;
  g_autofree char *time = NULL;
  char **argv;

  if (!ferry_p2v_nic_name_ok (name))
    return NULL;
  if (seconds < 1 || seconds > FERRY_P2V_IDENTIFY_MAX) {
    ferry_error ("cannot blink '%s' for %u seconds: give 1 to %u", name,
                 seconds, FERRY_P2V_IDENTIFY_MAX);
    return NULL;
  }
  time = g_strdup_printf ("%u", seconds);
  b = g_strv_builder_new ();
  g_strv_builder_add (b, "ethtool");
  g_strv_builder_add (b, "-p");
  g_strv_builder_add (b, name);
  g_strv_builder_add (b, time);
  argv = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return argv;
}

int
ferry_p2v_identify_nic (const char *name, unsigned seconds)
{
  g_auto (GStrv) argv = ferry_p2v_identify_argv (name, seconds);
  g_autofree char *err = NULL;
  g_autofree char *last = NULL;
  int r;

  if (argv == NULL)
    return -1;
  r = ferry_command_run ((const char *const *) argv, NULL, NULL, NULL, &err);
  if (r == -1) {
    ferry_error_prefix ("cannot identify '%s'", name);
    return -1;
  }
  if (r != 0) {
    last = ferry_last_line (err ? err : "");
    ferry_error ("cannot identify '%s': %s", name,
                 last[0] ? last : "ethtool failed");
    return -1;
  }
  return 0;
}

/* Fuzz target: the kernel command line, as ferry-p2v reads it from
 * /proc/cmdline or --cmdline: the split (kernel-cmdline.h), the configuration
 * built from it and its dump (settings.h).
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "kernel-cmdline.h"
#include "settings.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  g_autoptr (GPtrArray) params = ferry_p2v_cmdline_split (text, size);
  g_autoptr (ferry_p2v_config) config = ferry_p2v_config_new ();
  size_t i, total = 0;

  if (params == NULL) {
    /* Refused only for a NUL byte or the length, and saying so. */
    if (memchr (data, '\0', size) == NULL && size <= FERRY_P2V_CMDLINE_MAX)
      __builtin_trap ();
    if (strstr (ferry_error_get (), "kernel command line") == NULL)
      __builtin_trap ();
    return 0;
  }

  /* The split only removes bytes: never more key and value bytes than
   * the line had, and no key or value holds a NUL.
   */
  for (i = 0; i < params->len; i++) {
    const struct ferry_p2v_param *p = params->pdata[i];

    if (p->key == NULL)
      __builtin_trap ();
    total += strlen (p->key) + (p->value ? strlen (p->value) : 0);
  }
  if (total > size)
    __builtin_trap ();

  if (ferry_p2v_config_parse (config, text, size) == -1) {
    const char *error = ferry_error_get ();

    /* One line of valid UTF-8, naming a key or the line. */
    if (strchr (error, '\n') != NULL || !g_utf8_validate (error, -1, NULL) ||
        (strstr (error, "p2v.") == NULL &&
         strstr (error, "kernel command line") == NULL))
      __builtin_trap ();
    return 0;
  }

  /* The dump: one valid UTF-8 line per setting, and the password's
   * value never in it.
   */
  {
    g_autofree char *dump = ferry_p2v_config_dump (config);
    size_t lines = 0;
    const char *p;

    if (!g_utf8_validate (dump, -1, NULL))
      __builtin_trap ();
    for (p = dump; *p; p++)
      if (*p == '\n')
        lines++;
    if (lines != ferry_p2v_n_settings)
      __builtin_trap ();
    if (config->password != NULL &&
        strstr (dump, "\np2v.password = <hidden>\n") == NULL)
      __builtin_trap ();
  }
  return 0;
}

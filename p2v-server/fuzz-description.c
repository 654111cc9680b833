/* Fuzz target: the P2V description parser, as ferry-p2v-server runs it on
 * what a client sends after "describe LENGTH".
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "description.h"
#include "text.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (ferry_p2v_description) d =
    ferry_p2v_description_parse ((const char *) data, size);
  const struct ferry_source *s;
  size_t i;

  if (d == NULL) {
    /* Every refusal says why, in one line that names the description. */
    const char *error = ferry_error_get ();

    if (!g_str_has_prefix (error, "description: ") &&
        !g_str_has_prefix (error, "-os "))
      __builtin_trap ();
    return 0;
  }

  /* The model's invariants. */
  s = d->source;
  if (s->name == NULL || !ferry_name_check ("name", s->name) ||
      s->vcpus == 0 || s->memory == 0 ||
      s->sockets * s->cores != (s->sockets ? s->vcpus : 0) ||
      s->disks->len == 0 || s->disks->len > FERRY_P2V_MAX_DISKS ||
      s->nics->len > FERRY_P2V_MAX_NICS)
    __builtin_trap ();
  for (i = 0; i < s->disks->len; i++) {
    const struct ferry_source_disk *disk = s->disks->pdata[i];

    if (disk->location != NULL || disk->virtual_size == 0 ||
        disk->target == NULL || strcmp (disk->format, "raw") != 0)
      __builtin_trap ();
  }
  for (i = 0; i < s->nics->len; i++) {
    const struct ferry_source_nic *nic = s->nics->pdata[i];

    if (nic->network == NULL || nic->network[0] == '\0')
      __builtin_trap ();
  }
  if (d->output == NULL || ferry_p2v_output_lookup (d->output->name) == NULL ||
      !ferry_p2v_check_storage (d->output_storage) ||
      (d->output_name != NULL &&
       !ferry_name_check ("-on", d->output_name)) ||
      d->output_options == NULL ||
      ferry_output_format_name (d->output_format) == NULL ||
      ferry_output_alloc_name (d->output_alloc) == NULL)
    __builtin_trap ();

  /* The source model prints, and its JSON is valid UTF-8. */
  {
    g_autofree char *json = ferry_source_describe (s, true);

    if (!g_utf8_validate (json, -1, NULL))
      __builtin_trap ();
  }
  return 0;
}

/* ferry: -o local, a libvirt guest in a local folder.
 *
 * Writes each disk as -os DIR/NAME-sdX (X: a, b, ... in source order, the
 * names virt-v2v uses) in raw or qcow2, and DIR/NAME.xml, a libvirt domain
 * that "virsh define" accepts and that names the disks by absolute path.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "../output.h"
#include "../devname.h"
#include "../domain-xml.h"
#include "../../common/errors.h"
#include "../../common/banned.h"

static int
local_setup (struct ferry_output *out)
{
  g_autofree char *xml = g_strconcat (out->name, ".xml", NULL);
  char *tmp, *final;
  size_t i;

  if (ferry_output_check_dir (out->options.storage) == -1)
    return -1;
  out->dir = realpath (out->options.storage, NULL);
  if (out->dir == NULL) {
    ferry_error_errno (errno, "-os '%s': cannot use the output folder",
                       out->options.storage);
    return -1;
  }
  for (i = 0; i < out->source->disks->len; i++) {
    g_autofree char *letters = ferry_devname_letters (i);
    g_autofree char *base = g_strconcat (out->name, "-sd", letters, NULL);

    if (ferry_output_paths (out->dir, base, &tmp, &final) == -1)
      return -1;
    g_ptr_array_add (out->disk_tmp, tmp);
    g_ptr_array_add (out->disk_final, final);
  }
  /* Refuse now, not after the copy, if the XML's name is taken. */
  if (ferry_output_paths (out->dir, xml, &tmp, &final) == -1)
    return -1;
  g_free (tmp);
  g_free (final);
  return 0;
}

static int
local_write_metadata (struct ferry_output *out,
                      const struct ferry_target *target)
{
  g_autofree char *base = g_strconcat (out->name, ".xml", NULL);
  g_autofree char *xml = NULL;
  char *tmp, *final;

  g_ptr_array_add (out->disk_final, NULL);
  xml = ferry_domain_xml (out->name, out->source, target,
                          (char *const *) out->disk_final->pdata, out->format);
  g_ptr_array_remove_index (out->disk_final, out->disk_final->len - 1);
  if (xml == NULL)
    return -1;

  if (ferry_output_paths (out->dir, base, &tmp, &final) == -1)
    return -1;
  ferry_output_add_file (out, tmp, final);
  return ferry_output_write_file (tmp, final, xml, strlen (xml));
}

const struct ferry_output_module ferry_output_local = {
  .name = "local",
  .description = "libvirt XML and disks in a local folder (-os DIR)",
  .needs_storage = true,
  .setup = local_setup,
  .write_metadata = local_write_metadata,
};

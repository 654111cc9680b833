/* ferry: -o local, a libvirt guest in a local folder.
 *
 * Writes each disk as -os DIR/NAME-sdX (X: a, b, ... in source order, the
 * names virt-v2v uses) in raw or qcow2, and DIR/NAME.xml, a libvirt domain
 * that "virsh define" accepts and that names the disks by absolute path.
 */

#include <config.h>

#include <string.h>

#include "output.h"
#include "domain-xml.h"
#include "errors.h"
#include "banned.h"

static int
local_setup (struct ferry_output *out)
{
  static const char *const metadata[] = { ".xml", NULL };

  return ferry_output_local_disks (out, metadata);
}

static int
local_write_metadata (struct ferry_output *out,
                      const struct ferry_target *target)
{
  g_autofree char *xml = NULL;

  g_ptr_array_add (out->disk_final, NULL);
  xml = ferry_domain_xml (out->name, out->source, target,
                          (char *const *) out->disk_final->pdata,
                          ferry_output_format_name
                          (out->options.format));
  g_ptr_array_remove_index (out->disk_final, out->disk_final->len - 1);
  if (xml == NULL)
    return -1;
  return ferry_output_write_metadata_file (out, ".xml", xml, 0644);
}

const struct ferry_output_module ferry_output_local = {
  .name = "local",
  .description = "libvirt XML and disks in a local folder (-os DIR)",
  .needs_storage = true,
  .p2v = true,
  .setup = local_setup,
  .write_metadata = local_write_metadata,
};

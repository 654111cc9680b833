/* ferry: -o json, disks and a JSON description of the guest.
 *
 * Writes each disk as -o local does (DIR/NAME-sda, ...) and DIR/NAME.json,
 * one JSON object that describes the converted guest for programs that
 * do not read libvirt XML: its name, memory, vCPUs, firmware, machine,
 * whether it runs on virtio, its libosinfo id, the disks (absolute file
 * names) and NICs as the target has them, and conversion's notes.  The
 * fields are documented in ferry-v2v(1).  json-glib writes the document
 * (json.h), so the file is valid JSON whatever the source or the guest
 * held.
 */

#include <config.h>

#include <string.h>

#include "output.h"
#include "domain-xml.h"
#include "network.h"
#include "json.h"
#include "banned.h"

char *
ferry_output_json_describe (const char *name,
                            const struct ferry_source *source,
                            const struct ferry_target *target,
                            char *const *disks, const char *format)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  size_t i;

  json_builder_begin_object (b);
  ferry_json_add_string (b, "name", name);
  ferry_json_add_u64 (b, "memory", source->memory);
  ferry_json_add_u64 (b, "vcpus", source->vcpus);
  ferry_json_add_string (b, "firmware", ferry_firmware_name (target->firmware));
  ferry_json_add_string (b, "machine", target->machine);
  ferry_json_add_bool (b, "virtio", target->virtio);
  ferry_json_add_string (b, "osinfo", target->inspection.osinfo);
  json_builder_set_member_name (b, "os");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "product", target->inspection.product_name);
  ferry_json_add_string (b, "distro", target->inspection.distro);
  ferry_json_add_string (b, "arch", target->inspection.arch);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "disks");
  json_builder_begin_array (b);
  for (i = 0; disks[i] != NULL; i++) {
    g_autofree char *dev = ferry_domain_disk_target (target->disk_bus, i);

    json_builder_begin_object (b);
    ferry_json_add_string (b, "file", disks[i]);
    ferry_json_add_string (b, "format", format);
    ferry_json_add_string (b, "bus", ferry_bus_name (target->disk_bus));
    ferry_json_add_string (b, "target", dev);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);

  /* The NICs as the domain XML has them: on the network or bridge -n,
   * -b or --mac chose (else the source's network, or the libvirt network
   * "default"), with the model conversion chose.
   */
  json_builder_set_member_name (b, "nics");
  json_builder_begin_array (b);
  for (i = 0; i < target->nics->len; i++) {
    const struct ferry_target_nic *nic = target->nics->pdata[i];

    json_builder_begin_object (b);
    ferry_json_add_string (b, "mac", nic->mac);
    ferry_json_add_string (b, "type", ferry_vnet_type_name (nic->vnet_type));
    ferry_json_add_string (b, "network", nic->vnet);
    ferry_json_add_string (b, "model", target->nic_model);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (i = 0; i < target->notes->len; i++)
    ferry_json_add_string (b, NULL, target->notes->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return ferry_json_generate (b, true);
}

static int
json_setup (struct ferry_output *out)
{
  static const char *const metadata[] = { ".json", NULL };

  return ferry_output_local_disks (out, metadata);
}

static int
json_write_metadata (struct ferry_output *out,
                     const struct ferry_target *target)
{
  g_autofree char *text = NULL;

  g_ptr_array_add (out->disk_final, NULL);
  text = ferry_output_json_describe (out->name, out->source, target,
                                     (char *const *) out->disk_final->pdata,
                                     ferry_output_format_name
                                     (out->options.format));
  g_ptr_array_remove_index (out->disk_final, out->disk_final->len - 1);
  return ferry_output_write_metadata_file (out, ".json", text, 0644);
}

const struct ferry_output_module ferry_output_json = {
  .name = "json",
  .description = "disks and a JSON description of the guest (-os DIR)",
  .needs_storage = true,
  .p2v = true,
  .setup = json_setup,
  .write_metadata = json_write_metadata,
};

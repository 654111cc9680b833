/* ferry: -o json, disks and a JSON description of the guest.
 *
 * Writes each disk as -o local does (DIR/NAME-sda, ...) and DIR/NAME.json,
 * one JSON object that describes the converted guest for programs that
 * do not read libvirt XML: its name, memory, vCPUs, firmware, machine,
 * whether it runs on virtio, its libosinfo id, the disks (absolute file
 * names) and NICs as the target has them, and conversion's notes.  The
 * fields are documented in ferry-v2v(1).  Strings go through
 * ferry_json_append_string, so the file is valid JSON whatever the
 * source or the guest held.
 */

#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "output.h"
#include "domain-xml.h"
#include "network.h"
#include "json.h"
#include "banned.h"

/* INDENT"KEY": VALUE, with VALUE a JSON string (or null), then ",\n" or
 * "\n" when LAST.
 */
static void
string_field (GString *out, const char *indent, const char *key,
              const char *value, bool last)
{
  g_string_append_printf (out, "%s\"%s\": ", indent, key);
  ferry_json_append_string (out, value);
  g_string_append (out, last ? "\n" : ",\n");
}

char *
ferry_output_json_describe (const char *name,
                            const struct ferry_source *source,
                            const struct ferry_target *target,
                            char *const *disks, const char *format)
{
  GString *out = g_string_new ("{\n");
  size_t i;

  string_field (out, "  ", "name", name, false);
  g_string_append_printf (out, "  \"memory\": %" PRIu64 ",\n",
                          source->memory);
  g_string_append_printf (out, "  \"vcpus\": %u,\n", source->vcpus);
  string_field (out, "  ", "firmware", ferry_firmware_name (target->firmware),
                false);
  string_field (out, "  ", "machine", target->machine, false);
  g_string_append_printf (out, "  \"virtio\": %s,\n",
                          target->virtio ? "true" : "false");
  string_field (out, "  ", "osinfo", target->inspection.osinfo, false);
  g_string_append (out, "  \"os\": {\n");
  string_field (out, "    ", "product", target->inspection.product_name,
                false);
  string_field (out, "    ", "distro", target->inspection.distro, false);
  string_field (out, "    ", "arch", target->inspection.arch, true);
  g_string_append (out, "  },\n");

  g_string_append (out, "  \"disks\": [");
  for (i = 0; disks[i] != NULL; i++) {
    g_autofree char *dev = ferry_domain_disk_target (target->disk_bus, i);

    g_string_append (out, i == 0 ? "\n    {\n" : ",\n    {\n");
    string_field (out, "      ", "file", disks[i], false);
    string_field (out, "      ", "format", format, false);
    string_field (out, "      ", "bus", ferry_bus_name (target->disk_bus),
                  false);
    string_field (out, "      ", "target", dev, true);
    g_string_append (out, "    }");
  }
  g_string_append (out, i > 0 ? "\n  ],\n" : "],\n");

  /* The NICs as the domain XML has them: on the network or bridge -n,
   * -b or --mac chose (else the source's network, or the libvirt network
   * "default"), with the model conversion chose.
   */
  g_string_append (out, "  \"nics\": [");
  for (i = 0; i < target->nics->len; i++) {
    const struct ferry_target_nic *nic = target->nics->pdata[i];

    g_string_append (out, i == 0 ? "\n    {\n" : ",\n    {\n");
    string_field (out, "      ", "mac", nic->mac, false);
    string_field (out, "      ", "type", ferry_vnet_type_name (nic->vnet_type),
                  false);
    string_field (out, "      ", "network", nic->vnet, false);
    string_field (out, "      ", "model", target->nic_model, true);
    g_string_append (out, "    }");
  }
  g_string_append (out, target->nics->len ? "\n  ],\n" : "],\n");

  g_string_append (out, "  \"notes\": [");
  for (i = 0; i < target->notes->len; i++) {
    g_string_append (out, i == 0 ? "\n    " : ",\n    ");
    ferry_json_append_string (out, target->notes->pdata[i]);
  }
  g_string_append (out, target->notes->len ? "\n  ]\n" : "]\n");
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
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

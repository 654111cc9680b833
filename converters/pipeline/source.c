/* ferry: the source model (see source.h). */

#include <config.h>

#include <inttypes.h>

#include <string.h>

#include "source.h"
#include "json.h"
#include "report.h"
#include "text.h"
#include "banned.h"

static void
disk_free (gpointer p)
{
  struct ferry_source_disk *disk = p;

  g_free (disk->location);
  g_free (disk->format);
  g_free (disk->target);
  g_free (disk->input_name);
  g_free (disk);
}

static void
nic_free (gpointer p)
{
  struct ferry_source_nic *nic = p;

  g_free (nic->mac);
  g_free (nic->network);
  g_free (nic->model);
  g_free (nic->connection);
  g_free (nic);
}

static void
cpu_feature_free (gpointer p)
{
  struct ferry_source_cpu_feature *f = p;

  g_free (f->name);
  g_free (f->policy);
  g_free (f);
}

struct ferry_source *
ferry_source_new (void)
{
  struct ferry_source *source = g_new0 (struct ferry_source, 1);

  source->disks = g_ptr_array_new_with_free_func (disk_free);
  source->nics = g_ptr_array_new_with_free_func (nic_free);
  source->removables = g_ptr_array_new_with_free_func (disk_free);
  source->cpu_features = g_ptr_array_new_with_free_func (cpu_feature_free);
  return source;
}

void
ferry_source_free (struct ferry_source *source)
{
  if (source == NULL)
    return;
  g_free (source->name);
  g_ptr_array_unref (source->disks);
  g_ptr_array_unref (source->nics);
  g_ptr_array_unref (source->removables);
  g_free (source->guest_os);
  g_free (source->video);
  g_free (source->genid);
  g_free (source->cpu_vendor);
  g_free (source->cpu_model);
  g_ptr_array_unref (source->cpu_features);
  g_free (source->sound);
  if (source->input_data_free != NULL)
    source->input_data_free (source->input_data);
  g_free (source);
}

struct ferry_source_disk *
ferry_source_add_disk (struct ferry_source *source, char *location,
                       char *format)
{
  struct ferry_source_disk *disk = g_new0 (struct ferry_source_disk, 1);

  disk->location = location;
  disk->format = format;
  g_ptr_array_add (source->disks, disk);
  return disk;
}

struct ferry_source_nic *
ferry_source_add_nic (struct ferry_source *source, char *mac, char *network,
                      char *model)
{
  struct ferry_source_nic *nic = g_new0 (struct ferry_source_nic, 1);

  nic->mac = mac;
  nic->network = network;
  nic->model = model;
  g_ptr_array_add (source->nics, nic);
  return nic;
}

struct ferry_source_disk *
ferry_source_add_removable (struct ferry_source *source,
                            enum ferry_removable kind, enum ferry_bus bus,
                            char *target, char *location)
{
  struct ferry_source_disk *drive = g_new0 (struct ferry_source_disk, 1);

  g_assert (kind != FERRY_REMOVABLE_NONE);
  drive->removable = kind;
  drive->bus = bus;
  drive->target = target;
  drive->location = location;
  drive->slot = -1;
  g_ptr_array_add (source->removables, drive);
  return drive;
}

bool
ferry_source_nic_is_bridge (const struct ferry_source_nic *nic)
{
  return nic->connection != NULL && strcmp (nic->connection, "bridged") == 0;
}

char *
ferry_source_normalize_mac (const char *s)
{
  g_autofree char *mac = NULL;
  size_t i;

  if (s == NULL || strlen (s) != 17)
    return NULL;
  mac = g_ascii_strdown (s, -1);
  for (i = 0; i < 17; i++) {
    if (i % 3 == 2 ? mac[i] != ':' : !g_ascii_isxdigit (mac[i]))
      return NULL;
  }
  return g_steal_pointer (&mac);
}

const char *
ferry_bus_name (enum ferry_bus bus)
{
  switch (bus) {
  case FERRY_BUS_IDE: return "ide";
  case FERRY_BUS_SCSI: return "scsi";
  case FERRY_BUS_SATA: return "sata";
  case FERRY_BUS_VIRTIO: return "virtio";
  case FERRY_BUS_NVME: return "nvme";
  case FERRY_BUS_FDC: return "fdc";
  case FERRY_BUS_UNKNOWN: break;
  }
  return "unknown";
}

const char *
ferry_firmware_name (enum ferry_firmware firmware)
{
  switch (firmware) {
  case FERRY_FIRMWARE_BIOS: return "bios";
  case FERRY_FIRMWARE_UEFI: return "uefi";
  case FERRY_FIRMWARE_UNKNOWN: break;
  }
  return "unknown";
}

const char *
ferry_removable_name (enum ferry_removable kind)
{
  switch (kind) {
  case FERRY_REMOVABLE_CDROM: return "cdrom";
  case FERRY_REMOVABLE_FLOPPY: return "floppy";
  case FERRY_REMOVABLE_NONE: break;
  }
  return "none";
}

/* For people: one "label: value" line per fact, one indented line per
 * device.  Strings are the source's own and may hold anything (newlines
 * too), so they are printed escaped.
 */
static void
describe_text (GString *out, const struct ferry_source *source)
{
  g_autofree char *memory = ferry_human_size (source->memory);
  g_autofree char *name = ferry_text_cescape (source->name);
  size_t i;

  g_string_append_printf (out, "name: %s\n", name);
  g_string_append_printf (out, "memory: %s (%" PRIu64 " bytes)\n",
                          memory, source->memory);
  g_string_append_printf (out, "vcpus: %u", source->vcpus);
  if (source->sockets != 0 && source->threads > 1)
    g_string_append_printf (out, " (%u socket%s, %u core%s each, %u threads "
                            "per core)",
                            source->sockets, source->sockets == 1 ? "" : "s",
                            source->cores, source->cores == 1 ? "" : "s",
                            source->threads);
  else if (source->sockets != 0)
    g_string_append_printf (out, " (%u socket%s, %u core%s each)",
                            source->sockets, source->sockets == 1 ? "" : "s",
                            source->cores, source->cores == 1 ? "" : "s");
  g_string_append_printf (out, "\nfirmware: %s%s\n",
                          ferry_firmware_name (source->firmware),
                          source->secure_boot ? " (secure boot)" : "");
  if (source->guest_os != NULL) {
    g_autofree char *os = ferry_text_cescape (source->guest_os);
    g_string_append_printf (out, "guest os: %s\n", os);
  }
  if (source->video != NULL) {
    g_autofree char *video = ferry_text_cescape (source->video);
    g_string_append_printf (out, "video: %s\n", video);
  }

  g_string_append_printf (out, "disks: %u\n", source->disks->len);
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];
    g_autofree char *location = ferry_text_cescape (disk->location);

    g_string_append_printf (out, "  %s %s %s '%s'\n",
                            disk->target ? disk->target : "-",
                            ferry_bus_name (disk->bus),
                            disk->format ? disk->format : "(probe)",
                            location);
  }

  g_string_append_printf (out, "removables: %u\n", source->removables->len);
  for (i = 0; i < source->removables->len; i++) {
    const struct ferry_source_disk *drive = source->removables->pdata[i];

    g_string_append_printf (out, "  %s %s %s ",
                            drive->target ? drive->target : "-",
                            ferry_bus_name (drive->bus),
                            ferry_removable_name (drive->removable));
    if (drive->location != NULL) {
      g_autofree char *location = ferry_text_cescape (drive->location);
      g_string_append_printf (out, "'%s'\n", location);
    }
    else
      g_string_append (out, "(empty)\n");
  }

  g_string_append_printf (out, "nics: %u\n", source->nics->len);
  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *nic = source->nics->pdata[i];
    g_autofree char *network =
      nic->network ? ferry_text_cescape (nic->network) : NULL;
    g_autofree char *mac =
      ferry_text_cescape (nic->mac ? nic->mac : "(any-mac)");
    g_autofree char *model =
      ferry_text_cescape (nic->model ? nic->model : "(any-model)");
    g_autofree char *connection =
      ferry_text_cescape (nic->connection ? nic->connection : "(unknown)");

    g_string_append_printf (out, "  %s %s %s", mac, model, connection);
    if (network != NULL)
      g_string_append_printf (out, " '%s'", network);
    g_string_append_c (out, '\n');
  }
}

/* For programs: one JSON object, fields as documented in ferry-v2v(1). */
static char *
describe_json (const struct ferry_source *source)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  size_t i;

  json_builder_begin_object (b);
  ferry_json_add_string (b, "name", source->name);
  ferry_json_add_u64 (b, "memory", source->memory);
  ferry_json_add_u64 (b, "vcpus", source->vcpus);
  if (source->sockets != 0) {
    ferry_json_add_u64 (b, "sockets", source->sockets);
    ferry_json_add_u64 (b, "cores", source->cores);
  }
  else {
    ferry_json_add_null (b, "sockets");
    ferry_json_add_null (b, "cores");
  }
  ferry_json_add_string (b, "firmware", ferry_firmware_name (source->firmware));
  ferry_json_add_bool (b, "secure_boot", source->secure_boot);
  ferry_json_add_string (b, "guest_os", source->guest_os);
  ferry_json_add_string (b, "genid", source->genid);
  ferry_json_add_u64 (b, "threads", source->threads ? source->threads : 1);
  ferry_json_add_string (b, "cpu_vendor", source->cpu_vendor);
  ferry_json_add_string (b, "cpu_model", source->cpu_model);
  json_builder_set_member_name (b, "cpu_features");
  json_builder_begin_array (b);
  for (i = 0; i < source->cpu_features->len; i++) {
    const struct ferry_source_cpu_feature *f = source->cpu_features->pdata[i];

    json_builder_begin_object (b);
    ferry_json_add_string (b, "name", f->name);
    ferry_json_add_string (b, "policy", f->policy);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  ferry_json_add_string (b, "sound", source->sound);

  json_builder_set_member_name (b, "disks");
  json_builder_begin_array (b);
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];

    json_builder_begin_object (b);
    ferry_json_add_string (b, "location", disk->location);
    ferry_json_add_string (b, "format", disk->format);
    ferry_json_add_string (b, "bus", ferry_bus_name (disk->bus));
    ferry_json_add_string (b, "target", disk->target);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "removables");
  json_builder_begin_array (b);
  for (i = 0; i < source->removables->len; i++) {
    const struct ferry_source_disk *drive = source->removables->pdata[i];

    json_builder_begin_object (b);
    ferry_json_add_string (b, "kind", ferry_removable_name (drive->removable));
    ferry_json_add_string (b, "bus", ferry_bus_name (drive->bus));
    ferry_json_add_string (b, "target", drive->target);
    ferry_json_add_string (b, "location", drive->location);
    if (drive->slot >= 0)
      ferry_json_add_u64 (b, "slot", drive->slot);
    else
      ferry_json_add_null (b, "slot");
    json_builder_end_object (b);
  }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "nics");
  json_builder_begin_array (b);
  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *nic = source->nics->pdata[i];

    json_builder_begin_object (b);
    ferry_json_add_string (b, "mac", nic->mac);
    ferry_json_add_string (b, "network", nic->network);
    ferry_json_add_string (b, "connection", nic->connection);
    ferry_json_add_string (b, "vnet_type",
                           ferry_source_nic_is_bridge (nic) ? "bridge"
                           : "network");
    ferry_json_add_string (b, "model", nic->model);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);

  ferry_json_add_string (b, "video", source->video);
  json_builder_end_object (b);
  return ferry_json_generate (b, true);
}

char *
ferry_source_describe (const struct ferry_source *source,
                       bool machine_readable)
{
  GString *out = NULL;

  if (machine_readable)
    return describe_json (source);
  out = g_string_new (NULL);
  describe_text (out, source);
  return g_string_free (out, FALSE);
}

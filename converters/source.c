/* ferry: the source model (see source.h). */

#include <config.h>

#include "source.h"
#include "../common/banned.h"

static void
disk_free (gpointer p)
{
  struct ferry_source_disk *disk = p;

  g_free (disk->location);
  g_free (disk->format);
  g_free (disk);
}

static void
nic_free (gpointer p)
{
  struct ferry_source_nic *nic = p;

  g_free (nic->mac);
  g_free (nic->network);
  g_free (nic->model);
  g_free (nic);
}

struct ferry_source *
ferry_source_new (void)
{
  struct ferry_source *source = g_new0 (struct ferry_source, 1);

  source->disks = g_ptr_array_new_with_free_func (disk_free);
  source->nics = g_ptr_array_new_with_free_func (nic_free);
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

const char *
ferry_bus_name (enum ferry_bus bus)
{
  switch (bus) {
  case FERRY_BUS_IDE: return "ide";
  case FERRY_BUS_SCSI: return "scsi";
  case FERRY_BUS_SATA: return "sata";
  case FERRY_BUS_VIRTIO: return "virtio";
  case FERRY_BUS_NVME: return "nvme";
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

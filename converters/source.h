/* ferry: the source model.
 *
 * What an input module learns about the machine to convert, before any
 * guest data is read: its name, memory, vCPUs, firmware, disks, removable
 * drives and NICs.  Every later stage reads it; only inputs write it.
 *
 * All strings are owned by the structure that holds them and freed by
 * ferry_source_free.
 */
#ifndef FERRY_SOURCE_H
#define FERRY_SOURCE_H

#include <stdint.h>
#include <glib.h>

enum ferry_firmware {
  FERRY_FIRMWARE_UNKNOWN = 0,   /* decided by inspection of the disks */
  FERRY_FIRMWARE_BIOS,
  FERRY_FIRMWARE_UEFI,
};

/* A disk controller, as the source had it or the target will have it. */
enum ferry_bus {
  FERRY_BUS_UNKNOWN = 0,
  FERRY_BUS_IDE,
  FERRY_BUS_SCSI,
  FERRY_BUS_SATA,
  FERRY_BUS_VIRTIO,
  FERRY_BUS_NVME,
};

struct ferry_source_disk {
  char *location;          /* absolute file name, or an NBD URI */
  char *format;            /* qemu block driver name: raw, qcow2, vmdk... */
  enum ferry_bus bus;      /* as on the source; UNKNOWN for bare images */
  uint64_t virtual_size;   /* bytes; 0 until known */
};

struct ferry_source_nic {
  char *mac;               /* "52:54:00:..." or NULL to let libvirt choose */
  char *network;           /* source network name, e.g. "VM Network" */
  char *model;             /* source NIC model, e.g. "e1000", or NULL */
};

struct ferry_source {
  char *name;              /* guest name */
  uint64_t memory;         /* bytes */
  unsigned vcpus;
  enum ferry_firmware firmware;
  GPtrArray *disks;        /* of struct ferry_source_disk *, in order */
  GPtrArray *nics;         /* of struct ferry_source_nic * */
};

struct ferry_source *ferry_source_new (void);
void ferry_source_free (struct ferry_source *source);
typedef struct ferry_source ferry_source;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_source, ferry_source_free)

/* Append a disk or NIC; the source takes ownership of the strings. */
struct ferry_source_disk *ferry_source_add_disk (struct ferry_source *source,
                                                 char *location, char *format);
struct ferry_source_nic *ferry_source_add_nic (struct ferry_source *source,
                                               char *mac, char *network,
                                               char *model);

const char *ferry_bus_name (enum ferry_bus bus);
const char *ferry_firmware_name (enum ferry_firmware firmware);

#endif /* FERRY_SOURCE_H */

/* ferry: the source model.
 *
 * What an input module learns about the machine to convert, before any
 * guest data is read: its name, memory, vCPUs, firmware, disks, removable
 * drives and NICs.  Every later stage reads it; only inputs write it.
 *
 * Hard disks are in source->disks: the core gives each one an overlay and
 * copies it.  CD-ROM and floppy drives are in source->removables: they are
 * described, never copied.
 *
 * All strings are owned by the structure that holds them and freed by
 * ferry_source_free.
 */
#ifndef FERRY_SOURCE_H
#define FERRY_SOURCE_H

#include <stdbool.h>
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
  FERRY_BUS_FDC,           /* floppy controller (removables only) */
};

/* What kind of drive a disk entry is. */
enum ferry_removable {
  FERRY_REMOVABLE_NONE = 0,   /* a hard disk, in source->disks */
  FERRY_REMOVABLE_CDROM,      /* in source->removables */
  FERRY_REMOVABLE_FLOPPY,     /* in source->removables */
};

struct ferry_source_disk {
  char *location;          /* absolute file name, or an NBD URI; for a
                            * removable, its image file or NULL (empty
                            * drive, or a host device) */
  char *format;            /* qemu block driver name: raw, qcow2, vmdk...;
                            * NULL until known (always for removables) */
  enum ferry_bus bus;      /* as on the source; UNKNOWN for bare images */
  uint64_t virtual_size;   /* bytes; 0 until known */
  char *target;            /* the source's name for it, as libvirt would
                            * write <target dev>: "sda", "hdc",
                            * "nvme0n1", "fda"; NULL if unknown */
  enum ferry_removable removable;  /* NONE for everything in disks */
  char *input_name;        /* the input file's own name for the drive, for
                            * messages: the VMX device ("scsi0:0"); NULL
                            * when the input has none (target names it) */
  int slot;                /* for a removable: its place on its controller
                            * as the source says (OVF AddressOnParent),
                            * which the output keeps when it is free, or
                            * -1 when the source does not say */
};

struct ferry_source_nic {
  char *mac;               /* "52:54:00:..." or NULL to let libvirt choose */
  char *network;           /* source network name, e.g. "VM Network" */
  char *model;             /* source NIC model, e.g. "e1000", or NULL */
  char *connection;        /* how the source connects it, lower case:
                            * "bridged", "nat", "custom", "hostonly",
                            * "vds", "null"; NULL if unknown.  "bridged"
                            * makes it a bridge NIC, as virt-v2v sees it
                            * (ferry_source_nic_is_bridge): -b maps it,
                            * and unmapped it stays on a bridge of its
                            * network's name; any other is a network
                            * NIC, which -n maps */
};

/* A CPU feature the source asks for, or refuses (libvirt's <feature>). */
struct ferry_source_cpu_feature {
  char *name;              /* "avx2" */
  char *policy;            /* "require", "disable", ...; NULL: libvirt's
                            * default, require */
};

struct ferry_source {
  char *name;              /* guest name */
  uint64_t memory;         /* bytes */
  unsigned vcpus;
  enum ferry_firmware firmware;
  GPtrArray *disks;        /* of struct ferry_source_disk *, in order */
  GPtrArray *nics;         /* of struct ferry_source_nic * */
  GPtrArray *removables;   /* of struct ferry_source_disk *, CD-ROMs and
                            * floppies, in order; never copied */
  unsigned sockets, cores; /* CPU topology, sockets * cores * threads =
                            * vcpus; both 0 when the source does not say */
  unsigned threads;        /* threads per core: 0 (said nothing) is 1 */
  char *cpu_vendor;        /* the source's <cpu> <vendor> ("Intel"), */
  char *cpu_model;         /* ... <model> ("Skylake-Client"), or NULL */
  GPtrArray *cpu_features; /* of struct ferry_source_cpu_feature *, as
                            * the source's <cpu> lists them */
  char *sound;             /* the first sound device's model ("ich9"),
                            * or NULL */
  bool secure_boot;        /* UEFI secure boot enabled on the source */
  char *guest_os;          /* the source's guest OS hint (VMware guestOS,
                            * e.g. "rhel9-64"), or NULL */
  char *video;             /* source video model, e.g. "vmvga", or NULL */
  char *genid;             /* the VM generation ID, a UUID as libvirt's
                            * <genid> writes it, or NULL */

  /* What the input module keeps for as long as the source lives, and how
   * it is released: ferry_source_free calls INPUT_DATA_FREE (INPUT_DATA)
   * when it is not NULL.  -i ova keeps here the private temporary folder
   * of the disks it had to extract, which is then removed.  Both NULL for
   * the other inputs.
   */
  void *input_data;
  void (*input_data_free) (void *input_data);
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

/* Append a CD-ROM or floppy drive (KIND is not NONE); the source takes
 * ownership of LOCATION (NULL: empty drive) and TARGET.
 */
struct ferry_source_disk *
ferry_source_add_removable (struct ferry_source *source,
                            enum ferry_removable kind, enum ferry_bus bus,
                            char *target, char *location);

/* "00:50:56:AB:cd:01" as "00:50:56:ab:cd:01" in a new string, or NULL
 * if S (which may be NULL) is not a MAC address.
 */
char *ferry_source_normalize_mac (const char *s);

const char *ferry_bus_name (enum ferry_bus bus);

/* Whether NIC is on a bridge (connection "bridged") on the source, rather
 * than on a network.
 */
bool ferry_source_nic_is_bridge (const struct ferry_source_nic *nic);
const char *ferry_firmware_name (enum ferry_firmware firmware);
const char *ferry_removable_name (enum ferry_removable kind);

/* The source model as text for people (MACHINE_READABLE false) or as one
 * JSON object (true), ending with a newline, in a new string.  The JSON
 * fields are documented in ferry-v2v(1), under --print-source.
 */
char *ferry_source_describe (const struct ferry_source *source,
                             bool machine_readable);

#endif /* FERRY_SOURCE_H */

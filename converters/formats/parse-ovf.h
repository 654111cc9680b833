/* ferry: OVF descriptors (the .ovf file of an OVA).
 *
 * An OVF descriptor is the XML document (DMTF DSP0243) that describes the
 * virtual machine of an OVA package: its References (the files of the
 * package), its DiskSection (the disks, each held by a file) and a
 * VirtualSystem with a VirtualHardwareSection of Items (memory, CPUs,
 * controllers, disks, NICs, drives).  This module parses that text and
 * turns it into a source model (source.h).  It opens no file: the input
 * module (input/input-ova.c) finds the files in the package.
 *
 * The text is untrusted.  It is parsed by libxml2 from memory, with no
 * network access and no entity expansion; a document with a DTD (an
 * internal subset, where entities would be declared, or an external one)
 * is refused before any of it is read.  Sizes and counts are bounded
 * (below), and every number is checked for overflow.
 *
 * Elements and attributes are matched by their local name, whatever
 * their namespace prefix (ovf:, rasd:, vmw:, or OVF 2's sasd: and
 * epasd:), as writers differ in how they spell them.
 */
#ifndef FERRY_OVF_H
#define FERRY_OVF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "source.h"

/* Bounds on what the parser accepts.  Real descriptors are a few KiB. */
#define FERRY_OVF_MAX_SIZE   (16u << 20)   /* bytes in a descriptor */
#define FERRY_OVF_MAX_FILES  1024          /* References/File elements */
#define FERRY_OVF_MAX_ITEMS  4096          /* hardware Items */
#define FERRY_OVF_MAX_DISKS  64            /* hard disks */

/* One References/File: a file of the package. */
struct ferry_ovf_file {
  char *id;                /* ovf:id */
  char *href;              /* ovf:href as written: a name in the package,
                            * relative to the descriptor's folder (not
                            * checked here: the input module checks it) */
  int64_t size;            /* ovf:size, bytes, or -1 when not given */
  bool gzip;               /* ovf:compression="gzip" */
};

struct ferry_ovf {
  char *file;              /* the name given to ferry_ovf_parse */

  /* The machine, built as virt-v2v reads an OVF:
   *   - name: VirtualSystem/Name, else VirtualSystem's ovf:id, else the
   *     fallback name;
   *   - memory: the Item of ResourceType 4, VirtualQuantity times its
   *     AllocationUnits ("byte * 2^20", "MegaBytes", ...; MiB when
   *     absent), required;
   *   - vCPUs: the Item of ResourceType 3 (1 when absent); the topology
   *     from its vmw:CoresPerSocket, when given;
   *   - firmware: UEFI with vmw:Config vmw:key="firmware"
   *     vmw:value="efi", else BIOS; secure boot from the key
   *     "uefi.secureBoot.enabled";
   *   - guest_os: OperatingSystemSection's vmw:osType, or NULL;
   *   - hard disks: the Items of ResourceType 17, in the order they are
   *     listed, each naming a Disk ("ovf:/disk/ID", or "/disk/ID" as old
   *     VMware exports write) that names a File (ovf:fileRef), or a File
   *     directly ("ovf:/file/ID").  Each disk's location is its File's
   *     href, as written (the input module replaces it); its format
   *     "vmdk" when the Disk's ovf:format is a VMware VMDK URI, "qcow2"
   *     for the QCOW URI, else NULL (to probe); its virtual size from
   *     ovf:capacity and ovf:capacityAllocationUnits (0 when absent); its
   *     bus from the controller Item its Parent names (ResourceType 5
   *     IDE, 6 SCSI, 20 SATA or NVMe by ResourceSubType); no target;
   *   - CD-ROM and DVD drives (ResourceType 15, 16) and floppy drives
   *     (14) as removables, empty (their media stay in the package);
   *   - NICs (ResourceType 10): model from ResourceSubType, lower-cased;
   *     network from Connection; MAC from Address when it is one.
   */
  struct ferry_source *source;

  GPtrArray *files;        /* of struct ferry_ovf_file *, in References
                            * order; ids and hrefs are unique */
  GPtrArray *disk_files;   /* of struct ferry_ovf_file * (borrowed from
                            * FILES): the file of source->disks[i] */
};

/* Parse BUF (LEN bytes, not necessarily NUL-terminated).  FILE is the name
 * used in error messages ("invalid 'ResourceType' in 'FILE' line N: ...");
 * FALLBACK_NAME names the guest when the descriptor does not.  Returns a
 * new ferry_ovf, or NULL with an error naming FILE (and the line, when
 * the problem has one).
 */
struct ferry_ovf *ferry_ovf_parse (const char *buf, size_t len,
                                   const char *file,
                                   const char *fallback_name);
void ferry_ovf_free (struct ferry_ovf *ovf);
typedef struct ferry_ovf ferry_ovf;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_ovf, ferry_ovf_free)

/* The number of bytes in one unit of UNITS, a CIM programmatic unit as
 * OVF writes them in AllocationUnits and capacityAllocationUnits: "byte",
 * "byte * 2^N" (N up to 62), "KiloBytes", "MegaBytes", "GigaBytes",
 * "TeraBytes" (powers of 1024, as VMware means them), and their short
 * forms KB, MB, GB, TB, KiB, MiB, GiB, TiB.  Case and spaces do not
 * matter.  Returns 0, or -1 for anything else (no error is set).
 */
int ferry_ovf_parse_units (const char *units, uint64_t *bytes);

#endif /* FERRY_OVF_H */

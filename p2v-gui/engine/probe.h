/* ferry-p2v: what the physical machine has.
 *
 * ferry_p2v_probe reads the machine's disks, CD-ROM drives, network
 * interfaces, CPU, memory, firmware and host name from the kernel's
 * files: SYSFS (/sys) and PROCFS (/proc) are parameters, so that the unit
 * test runs the probe on a fake tree.  The probe only reads; it starts no
 * program and opens no device.
 *
 * Disks, from SYSFS/block (whole disks only: partitions are not there):
 *
 *   - Kept: the families of real disks, by kernel name: sd* (SCSI, SATA,
 *     USB, SAS), hd* (old IDE), vd* (virtio), xvd* (Xen), nvmeXnY (NVMe
 *     namespaces) and mmcblkN (eMMC, SD).  Everything else is not a disk
 *     of the machine and is skipped: loop, ram, zram, nbd, dm-* and md*
 *     (device mapper and software RAID are built on the member disks,
 *     which are converted instead, and the guest assembles them again),
 *     fd* (floppies), nvmeXcYnZ (the hidden per-path devices of NVMe
 *     multipath), mmcblkNbootM and mmcblkNrpmb (eMMC hardware partitions).
 *     A device whose "hidden" attribute is 1 is skipped too.
 *   - sr* are CD-ROM drives: they go to the removables.  A disk whose
 *     "removable" attribute is 1 (a USB stick, a card reader) is a
 *     removable too, not a fixed disk; its media are never copied unless
 *     p2v.disks names it.
 *   - A disk or drive that holds a mounted filesystem or an active swap
 *     (found in PROCFS/self/mountinfo by device number and in
 *     PROCFS/swaps by name), on itself or on one of its partitions, is
 *     in use by the live system (it is the medium ferry-p2v booted from):
 *     it is listed with in_use set, and never converted.
 *   - A fixed disk of size 0 (no medium) is skipped.
 *
 * Network interfaces, from SYSFS/class/net: every interface with a
 * "device" link (a real device behind it).  lo, bridges, bonds, VLANs,
 * tunnels and veth pairs have none and are skipped.
 *
 * CPU: vendor and model name from PROCFS/cpuinfo (x86 fields; NULL
 * elsewhere); the online CPUs from SYSFS/devices/system/cpu/online (else
 * the "processor" entries of cpuinfo), and the sockets, cores and threads
 * from each online CPU's topology/physical_package_id and core_id.  The
 * topology always multiplies out to the online CPUs: when the machine's
 * is not uniform (hybrid cores), it is flattened to one thread per core.
 *
 * Memory: MemTotal of PROCFS/meminfo.  Firmware: UEFI when SYSFS/firmware/
 * efi exists.  Host name: PROCFS/sys/kernel/hostname.
 */
#ifndef FERRY_P2V_PROBE_H
#define FERRY_P2V_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

enum ferry_p2v_firmware {
  FERRY_P2V_FIRMWARE_BIOS,
  FERRY_P2V_FIRMWARE_UEFI,
};

enum ferry_p2v_link {
  FERRY_P2V_LINK_UNKNOWN,   /* the kernel does not say (operstate unknown) */
  FERRY_P2V_LINK_DOWN,
  FERRY_P2V_LINK_UP,
};

/* A disk or a removable drive. */
struct ferry_p2v_disk {
  char *name;      /* the kernel's name: "sda", "nvme0n1", "sr0" */
  char *path;      /* what to read: "/dev/sda", or a --test-disk image */
  char *format;    /* "raw" for a device; a test image's format */
  uint64_t size;   /* bytes; 0 for a drive without a medium */
  char *model;     /* as the device reports it, trimmed; NULL if none */
  char *serial;    /* same */
  bool removable;  /* a removable drive (in machine->removables) */
  bool cdrom;      /* a CD-ROM drive (sr*); implies removable */
  bool in_use;     /* the live system uses it (see above) */
};

/* A network interface. */
struct ferry_p2v_nic {
  char *name;              /* "eth0", "enp1s0" */
  char *mac;               /* "52:54:00:12:34:56", lowercase; NULL if none */
  enum ferry_p2v_link link;
};

struct ferry_p2v_cpu {
  char *vendor;            /* "GenuineIntel", "AuthenticAMD"; or NULL */
  char *model;             /* cpuinfo's model name; or NULL */
  unsigned online;         /* logical CPUs online, >= 1 */
  unsigned sockets;        /* sockets * cores * threads == online */
  unsigned cores;          /* per socket */
  unsigned threads;        /* per core */
};

struct ferry_p2v_machine {
  char *hostname;          /* NULL when the kernel has none */
  enum ferry_p2v_firmware firmware;
  struct ferry_p2v_cpu cpu;
  uint64_t memory;         /* bytes (MemTotal), > 0 */
  GPtrArray *disks;        /* struct ferry_p2v_disk *, fixed disks */
  GPtrArray *removables;   /* struct ferry_p2v_disk *, removable drives */
  GPtrArray *nics;         /* struct ferry_p2v_nic * */
};
/* Each list is sorted by name, shorter names first ("sdb" before "sdaa",
 * "eth2" before "eth10"), as the kernel names them in order.
 */

/* Probe the machine whose kernel files are under SYSFS and PROCFS ("/sys"
 * and "/proc" on the machine itself).  Returns a new machine, or NULL
 * with an error naming the file that could not be read or understood.
 */
struct ferry_p2v_machine *ferry_p2v_probe (const char *sysfs,
                                           const char *procfs);

/* For tests: replace MACHINE's fixed disks by the image files FILES (NULL
 * terminated), named sda, sdb, ... sdz, sdaa, ... in order.  Each file is
 * opened with qemu-img to learn its format and virtual size (a qcow2's
 * size is not its file's).  The removables stay.  Returns 0, or -1 with
 * an error naming the file.
 */
int ferry_p2v_machine_use_test_disks (struct ferry_p2v_machine *machine,
                                      const char *const *files);

/* What a front end converts: this machine (ferry_p2v_probe of /sys and
 * /proc), its fixed disks replaced by TEST_DISKS (NULL-terminated; NULL
 * or empty: the machine's own) as ferry_p2v_machine_use_test_disks
 * does.  NULL with the error set.
 */
struct ferry_p2v_machine *
ferry_p2v_machine_load (const char *const *test_disks);

/* The disk or removable drive called NAME, or NULL. */
const struct ferry_p2v_disk *
ferry_p2v_machine_find_disk (const struct ferry_p2v_machine *machine,
                             const char *name);

/* The network interface called NAME, or NULL. */
const struct ferry_p2v_nic *
ferry_p2v_machine_find_nic (const struct ferry_p2v_machine *machine,
                            const char *name);

/* MACHINE as text, one "machine.KEY = VALUE" line per fact, in a stable
 * order (what ferry-p2v --dump-machine prints).  Strings are quoted with
 * C escapes; a missing string is <unknown>.
 */
char *ferry_p2v_machine_describe (const struct ferry_p2v_machine *machine);

/* The Linux name of the INDEX-th disk (from 0) of PREFIX: sda ... sdz,
 * sdaa ... sdzz, sdaaa ...  Returns a new string.
 */
char *ferry_p2v_disk_name (const char *prefix, unsigned index);

void ferry_p2v_machine_free (struct ferry_p2v_machine *machine);
typedef struct ferry_p2v_machine ferry_p2v_machine;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_p2v_machine, ferry_p2v_machine_free)

#endif /* FERRY_P2V_PROBE_H */

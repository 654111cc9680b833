/* Unit test: the machine probe (probe.h).
 *
 * The probe runs on fake /sys and /proc trees built in a temporary folder,
 * with files in the formats the kernel writes: disks of every family that
 * must be kept or skipped, partitions, a mounted medium and a swap, CD-ROM
 * and removable drives, real and virtual network interfaces, a CPU
 * topology, meminfo, cpuinfo, EFI.  Then variants (no EFI, no topology, a
 * hybrid topology, broken files), --test-disk images, and one run on this
 * machine that only checks that what it found is sane.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "probe.h"
#include "command.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static char *root;

/* Write CONTENTS to ROOT/PATH, making its folders. */
static void
put (const char *path, const char *contents)
{
  g_autofree char *file = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (file);

  g_assert (g_mkdir_with_parents (dir, 0755) == 0);
  g_assert (g_file_set_contents (file, contents, -1, NULL));
}

static void
mkdir_p (const char *path)
{
  g_autofree char *dir = g_build_filename (root, path, NULL);

  g_assert (g_mkdir_with_parents (dir, 0755) == 0);
}

static void
unlink_in (const char *path)
{
  g_autofree char *file = g_build_filename (root, path, NULL);

  g_assert (g_unlink (file) == 0);
}

/* A block device of SECTORS 512-byte sectors. */
static void
block (const char *name, const char *dev, const char *sectors,
       const char *removable)
{
  g_autofree char *size = g_strdup_printf ("sys/block/%s/size", name);
  g_autofree char *devf = g_strdup_printf ("sys/block/%s/dev", name);
  g_autofree char *rem = g_strdup_printf ("sys/block/%s/removable", name);
  g_autofree char *line = g_strdup_printf ("%s\n", sectors);
  g_autofree char *devline = g_strdup_printf ("%s\n", dev);
  g_autofree char *remline = g_strdup_printf ("%s\n", removable);

  put (size, line);
  put (devf, devline);
  put (rem, remline);
}

static void
partition (const char *disk, const char *name, const char *dev)
{
  g_autofree char *part = g_strdup_printf ("sys/block/%s/%s/partition",
                                           disk, name);
  g_autofree char *devf = g_strdup_printf ("sys/block/%s/%s/dev", disk, name);
  g_autofree char *devline = g_strdup_printf ("%s\n", dev);

  put (part, "1\n");
  put (devf, devline);
}

static void
cpu (unsigned n, unsigned package, unsigned core)
{
  g_autofree char *pkg = g_strdup_printf
    ("sys/devices/system/cpu/cpu%u/topology/physical_package_id", n);
  g_autofree char *cid = g_strdup_printf
    ("sys/devices/system/cpu/cpu%u/topology/core_id", n);
  g_autofree char *p = g_strdup_printf ("%u\n", package);
  g_autofree char *c = g_strdup_printf ("%u\n", core);

  put (pkg, p);
  put (cid, c);
}

static const char cpuinfo[] =
  "processor\t: 0\n"
  "vendor_id\t: GenuineIntel\n"
  "cpu family\t: 6\n"
  "model\t\t: 85\n"
  "model name\t: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz\n"
  "physical id\t: 0\n"
  "\n"
  "processor\t: 1\n"
  "vendor_id\t: GenuineIntel\n"
  "model name\t: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz\n"
  "\n";

static void
build_tree (void)
{
  unsigned n;

  /* Disks kept. */
  block ("sda", "8:0", "2097152", "0");           /* 1 GiB */
  put ("sys/block/sda/device/model", "QEMU HARDDISK   \n");
  put ("sys/block/sda/device/vendor", "ATA     \n");
  partition ("sda", "sda1", "8:1");
  partition ("sda", "sda2", "8:2");
  put ("sys/block/sda/queue/rotational", "1\n");   /* not a partition */
  block ("sdb", "8:16", "4194304", "0");          /* the live medium */
  partition ("sdb", "sdb1", "8:17");
  block ("sdaa", "65:160", "2048", "0");
  block ("sdf", "8:80", "2048", "0");             /* a partition is swap */
  partition ("sdf", "sdf2", "8:82");
  block ("vda", "252:0", "20971520", "0");
  put ("sys/block/vda/serial", "VIRTIO-SERIAL-1\n");
  block ("nvme0n1", "259:0", "1000215216", "0");
  put ("sys/block/nvme0n1/device/model", "Samsung SSD 970 EVO 500GB \n");
  put ("sys/block/nvme0n1/device/serial", "  S466NX0K123456  \n");
  block ("mmcblk0", "179:0", "30777344", "0");
  block ("xvda", "202:0", "2048", "0");
  block ("hda", "3:0", "2048", "0");
  /* Skipped. */
  block ("nvme1n1", "259:5", "2048", "0");        /* hidden */
  put ("sys/block/nvme1n1/hidden", "1\n");
  block ("nvme0c0n1", "259:6", "2048", "0");      /* a multipath path */
  block ("sde", "8:64", "0", "0");                /* no medium */
  block ("loop0", "7:0", "2048", "0");
  block ("dm-0", "253:0", "2048", "0");
  block ("md0", "9:0", "2048", "0");
  block ("zram0", "251:0", "2048", "0");
  block ("ram0", "1:0", "2048", "0");
  block ("nbd0", "43:0", "2048", "0");
  block ("fd0", "2:0", "2880", "1");
  block ("mmcblk0boot0", "179:8", "8192", "0");
  block ("mmcblk0rpmb", "179:24", "256", "0");
  block ("sr", "11:9", "2048", "1");              /* not srN */
  block ("sdA", "8:240", "2048", "0");             /* not sd + a-z */
  /* Removable drives. */
  block ("sr0", "11:0", "0", "1");
  put ("sys/block/sr0/device/model", "DVD-ROM\n");
  block ("sr1", "11:1", "1290240", "1");
  block ("sdc", "8:32", "15728640", "1");         /* a USB stick */
  block ("sdd", "8:48", "0", "1");                /* an empty reader */
  block ("sdg", "8:96", "15728640", "1");         /* the boot stick */
  partition ("sdg", "sdg1", "8:97");

  /* Network interfaces. */
  put ("sys/class/net/lo/address", "00:00:00:00:00:00\n");
  put ("sys/class/net/lo/operstate", "unknown\n");
  put ("sys/class/net/eth0/address", "52:54:00:AB:CD:EF\n");
  put ("sys/class/net/eth0/operstate", "up\n");
  mkdir_p ("sys/class/net/eth0/device");
  put ("sys/class/net/eth10/address", "52:54:00:00:00:10\n");
  put ("sys/class/net/eth10/operstate", "down\n");
  mkdir_p ("sys/class/net/eth10/device");
  put ("sys/class/net/eth2/address", "52:54:00:00:00:02\n");
  put ("sys/class/net/eth2/operstate", "unknown\n");
  put ("sys/class/net/eth2/carrier", "1\n");
  mkdir_p ("sys/class/net/eth2/device");
  put ("sys/class/net/wlan0/address", "aa:bb:cc:dd:ee:ff\n");
  put ("sys/class/net/wlan0/operstate", "dormant\n");
  mkdir_p ("sys/class/net/wlan0/device");
  put ("sys/class/net/ib0/operstate", "testing\n");
  mkdir_p ("sys/class/net/ib0/device");
  put ("sys/class/net/br0/address", "52:54:00:00:00:99\n");
  put ("sys/class/net/br0/operstate", "up\n");
  put ("sys/class/net/veth1/operstate", "up\n");

  /* 2 sockets, 2 cores each, 2 threads each; cpu8 is offline. */
  put ("sys/devices/system/cpu/online", "0-7\n");
  for (n = 0; n < 8; n++)
    cpu (n, n / 4, (n / 2) % 2);
  cpu (8, 9, 9);
  mkdir_p ("sys/firmware/efi/efivars");

  put ("proc/cpuinfo", cpuinfo);
  put ("proc/meminfo",
       "MemTotal:       16303012 kB\n"
       "MemFree:         1234567 kB\n");
  put ("proc/sys/kernel/hostname", "web01.example.com\n");
  put ("proc/self/mountinfo",
       "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
       "31 1 7:0 / /run/rootfsbase ro - squashfs /dev/loop0 ro\n"
       "32 1 8:17 / /run/initramfs/live ro - iso9660 /dev/sdb1 ro\n"
       "33 1 8:97 / /run/media/stick ro - vfat /dev/sdg1 ro\n");
  put ("proc/swaps",
       "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
       "/dev/sdf2                               partition\t2097148\t\t0\t\t-2\n");
}

static struct ferry_p2v_machine *
probe (void)
{
  g_autofree char *sysfs = g_build_filename (root, "sys", NULL);
  g_autofree char *procfs = g_build_filename (root, "proc", NULL);

  return ferry_p2v_probe (sysfs, procfs);
}

static char *
names (const GPtrArray *disks)
{
  GString *out = g_string_new (NULL);
  size_t i;

  for (i = 0; i < disks->len; i++) {
    const struct ferry_p2v_disk *d = disks->pdata[i];

    g_string_append_printf (out, "%s%s", i ? " " : "", d->name);
  }
  return g_string_free (out, FALSE);
}

static const char expected_description[] =
  "machine.hostname = \"web01.example.com\"\n"
  "machine.firmware = uefi\n"
  "machine.cpu.vendor = \"GenuineIntel\"\n"
  "machine.cpu.model = \"Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz\"\n"
  "machine.cpu.online = 8\n"
  "machine.cpu.sockets = 2\n"
  "machine.cpu.cores = 2\n"
  "machine.cpu.threads = 2\n"
  "machine.memory = 16694284288\n"
  "machine.disk.hda.size = 1048576\n"
  "machine.disk.hda.model = <unknown>\n"
  "machine.disk.hda.serial = <unknown>\n"
  "machine.disk.hda.path = \"/dev/hda\"\n"
  "machine.disk.hda.format = raw\n"
  "machine.disk.hda.in-use = false\n"
  "machine.disk.sda.size = 1073741824\n"
  "machine.disk.sda.model = \"QEMU HARDDISK\"\n"
  "machine.disk.sda.serial = <unknown>\n"
  "machine.disk.sda.path = \"/dev/sda\"\n"
  "machine.disk.sda.format = raw\n"
  "machine.disk.sda.in-use = false\n";

static void
test_fake_tree (void)
{
  g_autoptr (ferry_p2v_machine) m = probe ();
  g_autofree char *disks = NULL, *removables = NULL, *text = NULL;
  const struct ferry_p2v_disk *d;
  const struct ferry_p2v_nic *nic;
  GString *nics;
  size_t i;

  if (!tap_ok (m != NULL, "the fake machine is probed")) {
    printf ("# %s\n", ferry_error_get ());
    exit (1);
  }
  disks = names (m->disks);
  removables = names (m->removables);
  tap_ok (strcmp (disks, "hda sda sdb sdf vda sdaa xvda mmcblk0 nvme0n1")
          == 0, "the fixed disks, in order: %s", disks);
  tap_ok (strcmp (removables, "sdc sdd sdg sr0 sr1") == 0,
          "the removable drives, in order: %s", removables);

  d = ferry_p2v_machine_find_disk (m, "sda");
  tap_ok (d && d->size == 1073741824 && strcmp (d->model, "QEMU HARDDISK") == 0
          && d->serial == NULL && strcmp (d->path, "/dev/sda") == 0 &&
          strcmp (d->format, "raw") == 0 && !d->removable && !d->in_use,
          "sda: size in bytes, model trimmed, no serial");
  d = ferry_p2v_machine_find_disk (m, "nvme0n1");
  tap_ok (d && d->size == UINT64_C (1000215216) * 512 &&
          strcmp (d->model, "Samsung SSD 970 EVO 500GB") == 0 &&
          strcmp (d->serial, "S466NX0K123456") == 0,
          "nvme0n1: model and serial from the controller");
  d = ferry_p2v_machine_find_disk (m, "vda");
  tap_ok (d && strcmp (d->serial, "VIRTIO-SERIAL-1") == 0,
          "vda: the serial of the disk itself");
  d = ferry_p2v_machine_find_disk (m, "sdb");
  tap_ok (d && d->in_use, "sdb, whose partition is mounted, is in use");
  d = ferry_p2v_machine_find_disk (m, "sdf");
  tap_ok (d && d->in_use, "sdf, whose partition is swap, is in use");
  tap_ok (!ferry_p2v_machine_find_disk (m, "sda")->in_use &&
          !ferry_p2v_machine_find_disk (m, "vda")->in_use,
          "the other disks are not");
  d = ferry_p2v_machine_find_disk (m, "sr0");
  tap_ok (d && d->cdrom && d->removable && d->size == 0 &&
          strcmp (d->model, "DVD-ROM") == 0, "sr0: an empty CD-ROM drive");
  d = ferry_p2v_machine_find_disk (m, "sdc");
  tap_ok (d && !d->cdrom && d->removable && d->size == 15728640ull * 512 &&
          !d->in_use, "sdc: a removable disk with a medium");
  d = ferry_p2v_machine_find_disk (m, "sdg");
  tap_ok (d && d->removable && d->in_use,
          "sdg, a removable disk with a mounted partition, is in use");
  tap_ok (ferry_p2v_machine_find_disk (m, "nvme1n1") == NULL &&
          ferry_p2v_machine_find_disk (m, "sde") == NULL &&
          ferry_p2v_machine_find_disk (m, "mmcblk0boot0") == NULL &&
          ferry_p2v_machine_find_disk (m, "fd0") == NULL,
          "hidden, empty, eMMC boot and floppy devices are skipped");

  nics = g_string_new (NULL);
  for (i = 0; i < m->nics->len; i++) {
    nic = m->nics->pdata[i];
    g_string_append_printf (nics, "%s%s/%s/%d", i ? " " : "", nic->name,
                            nic->mac ? nic->mac : "-", nic->link);
  }
  tap_ok (strcmp (nics->str,
                  "ib0/-/0 eth0/52:54:00:ab:cd:ef/2 eth2/52:54:00:00:00:02/2 "
                  "eth10/52:54:00:00:00:10/1 wlan0/aa:bb:cc:dd:ee:ff/1") == 0,
          "NICs with a device, MAC in lowercase, link state: %s", nics->str);
  g_string_free (nics, TRUE);

  tap_ok (m->cpu.online == 8 && m->cpu.sockets == 2 && m->cpu.cores == 2 &&
          m->cpu.threads == 2, "CPU topology: 2 sockets, 2 cores, 2 threads");
  tap_ok (strcmp (m->cpu.vendor, "GenuineIntel") == 0 &&
          strcmp (m->cpu.model,
                  "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz") == 0,
          "CPU vendor and model");
  tap_ok (m->memory == UINT64_C (16303012) * 1024, "memory from MemTotal");
  tap_ok (m->firmware == FERRY_P2V_FIRMWARE_UEFI, "UEFI");
  tap_ok (strcmp (m->hostname, "web01.example.com") == 0, "host name");

  text = ferry_p2v_machine_describe (m);
  tap_ok (g_str_has_prefix (text, expected_description),
          "the description starts as expected");
  tap_ok (strstr (text, "machine.disk.sdb.in-use = true\n") &&
          strstr (text, "machine.removable.sr0.type = cdrom\n") &&
          strstr (text, "machine.removable.sdc.type = disk\n") &&
          strstr (text, "machine.nic.eth0.mac = \"52:54:00:ab:cd:ef\"\n") &&
          strstr (text, "machine.nic.eth0.link = up\n") &&
          strstr (text, "machine.nic.ib0.mac = <unknown>\n"),
          "the description holds every device");
}

static void
test_variants (void)
{
  unsigned n;

  /* BIOS, no host name, no topology files: flat; no online file: the
   * processors of cpuinfo.
   */
  {
    g_autofree char *efi = g_build_filename (root, "sys/firmware/efi", NULL);
    g_autofree char *cpus =
      g_build_filename (root, "sys/devices/system/cpu", NULL);
    g_autoptr (ferry_p2v_machine) m = NULL;

    g_assert (ferry_command_run_ok ((const char *[]) { "rm", "-rf", efi, cpus,
                                                       NULL }, NULL) == 0);
    put ("proc/sys/kernel/hostname", "(none)\n");
    m = probe ();
    tap_ok (m && m->firmware == FERRY_P2V_FIRMWARE_BIOS &&
            m->hostname == NULL && m->cpu.online == 2 &&
            m->cpu.sockets == 1 && m->cpu.cores == 2 && m->cpu.threads == 1,
            "BIOS, no host name, CPUs counted in cpuinfo");
  }

  /* A hybrid CPU: 2 cores with 2 threads and 4 cores with 1 (8 CPUs, 6
   * cores): flattened to 8 cores of one thread.
   */
  {
    static const unsigned core_of[] = { 0, 0, 1, 1, 8, 9, 10, 11 };
    g_autoptr (ferry_p2v_machine) m = NULL;

    put ("sys/devices/system/cpu/online", "0-7\n");
    for (n = 0; n < 8; n++)
      cpu (n, 0, core_of[n]);
    m = probe ();
    tap_ok (m && m->cpu.online == 8 && m->cpu.sockets == 1 &&
            m->cpu.cores == 8 && m->cpu.threads == 1,
            "a hybrid topology is flattened");
  }

  /* Holes in the online list. */
  {
    g_autoptr (ferry_p2v_machine) m = NULL;

    put ("sys/devices/system/cpu/online", "0,2-3,5\n");
    for (n = 0; n < 6; n++)
      cpu (n, 0, n);
    m = probe ();
    tap_ok (m && m->cpu.online == 4 && m->cpu.cores == 4,
            "online list with holes");
  }

  /* Broken files: one clear error each, naming the file. */
  {
    g_autoptr (ferry_p2v_machine) m = NULL;

    put ("sys/devices/system/cpu/online", "0-\n");
    m = probe ();
    tap_ok (m == NULL && strstr (ferry_error_get (), "online") &&
            strstr (ferry_error_get (), "'0-' is not a CPU list"),
            "bad online list: %s", ferry_error_get ());
    put ("sys/devices/system/cpu/online", "0-1\n");
  }
  {
    g_autoptr (ferry_p2v_machine) m = NULL;

    put ("proc/meminfo", "MemFree: 1 kB\n");
    m = probe ();
    tap_ok (m == NULL && strstr (ferry_error_get (), "meminfo") &&
            strstr (ferry_error_get (), "MemTotal"),
            "no MemTotal: %s", ferry_error_get ());
    put ("proc/meminfo", "MemTotal:       99999999999999999999999 kB\n");
    g_clear_pointer (&m, ferry_p2v_machine_free);
    m = probe ();
    tap_ok (m == NULL, "MemTotal out of range: %s", ferry_error_get ());
    unlink_in ("proc/meminfo");
    g_clear_pointer (&m, ferry_p2v_machine_free);
    m = probe ();
    tap_ok (m == NULL && strstr (ferry_error_get (), "cannot read") &&
            strstr (ferry_error_get (), "meminfo"),
            "no meminfo: %s", ferry_error_get ());
    put ("proc/meminfo", "MemTotal: 1024 kB\n");
  }
  {
    g_autoptr (ferry_p2v_machine) m = NULL;

    put ("sys/block/sda/size", "lots\n");
    m = probe ();
    tap_ok (m == NULL && strstr (ferry_error_get (), "'sda'") &&
            strstr (ferry_error_get (), "sda/size"),
            "bad disk size: %s", ferry_error_get ());
    put ("sys/block/sda/size", "2097152\n");
  }
  {
    g_autofree char *net = g_build_filename (root, "sys/class/net", NULL);
    g_autoptr (ferry_p2v_machine) m = NULL;

    g_assert (ferry_command_run_ok ((const char *[]) { "rm", "-rf", net,
                                                       NULL }, NULL) == 0);
    m = probe ();
    tap_ok (m == NULL && strstr (ferry_error_get (), "class/net"),
            "no /sys/class/net: %s", ferry_error_get ());
  }
}

static void
test_disk_names (void)
{
  static const struct { unsigned index; const char *name; } cases[] = {
    { 0, "sda" }, { 1, "sdb" }, { 25, "sdz" }, { 26, "sdaa" },
    { 51, "sdaz" }, { 701, "sdzz" }, { 702, "sdaaa" },
  };
  bool all = true;
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *name = ferry_p2v_disk_name ("sd", cases[i].index);

    if (strcmp (name, cases[i].name) != 0) {
      printf ("# %u: %s, want %s\n", cases[i].index, name, cases[i].name);
      all = false;
    }
  }
  tap_ok (all, "disk names: sda..sdz, sdaa..sdzz, sdaaa");
}

static void
test_test_disks (void)
{
  g_autofree char *raw = g_build_filename (root, "raw.img", NULL);
  g_autofree char *qcow2 = g_build_filename (root, "disk.qcow2", NULL);
  g_autofree char *missing = g_build_filename (root, "missing.img", NULL);
  g_autofree char *bad = g_build_filename (root, "bad.qcow2", NULL);
  /* A qcow2 header of a version qemu does not know. */
  static const char bad_header[8] = { 'Q', 'F', 'I', '\xfb', 0, 0, 0, 9 };
  g_autofree char *bad_image = g_malloc0 (512);
  g_autoptr (ferry_p2v_machine) m = NULL;
  const struct ferry_p2v_disk *a, *b;
  int r;

  g_assert (ferry_command_run_ok ((const char *[]) {
        "qemu-img", "create", "-q", "-f", "raw", raw, "3M", NULL }, NULL) == 0);
  g_assert (ferry_command_run_ok ((const char *[]) {
        "qemu-img", "create", "-q", "-f", "qcow2", qcow2, "1G", NULL },
      NULL) == 0);
  m = ferry_p2v_probe ("/sys", "/proc");
  g_assert (m != NULL);
  r = ferry_p2v_machine_use_test_disks (m, (const char *[]) { raw, qcow2,
                                                             NULL });
  a = m->disks->len == 2 ? m->disks->pdata[0] : NULL;
  b = m->disks->len == 2 ? m->disks->pdata[1] : NULL;
  tap_ok (r == 0 && a && b && strcmp (a->name, "sda") == 0 &&
          strcmp (b->name, "sdb") == 0, "--test-disk: sda and sdb");
  tap_ok (a && strcmp (a->format, "raw") == 0 && a->size == 3 << 20 &&
          strcmp (a->path, raw) == 0, "a raw image: its file size");
  tap_ok (b && strcmp (b->format, "qcow2") == 0 && b->size == 1 << 30,
          "a qcow2 image: its virtual size");
  r = ferry_p2v_machine_use_test_disks (m, (const char *[]) { missing,
                                                             NULL });
  tap_ok (r == -1 && strstr (ferry_error_get (), "missing.img") &&
          strstr (ferry_error_get (), "No such file"),
          "a missing image: %s", ferry_error_get ());
  memcpy (bad_image, bad_header, sizeof bad_header);
  g_assert (g_file_set_contents (bad, bad_image, 512, NULL));
  r = ferry_p2v_machine_use_test_disks (m, (const char *[]) { bad, NULL });
  tap_ok (r == -1 &&
          g_str_has_prefix (ferry_error_get (), "cannot read test disk '") &&
          strstr (ferry_error_get (), "bad.qcow2': Unsupported qcow2 version") &&
          !strstr (ferry_error_get (), "qemu-img"),
          "an image qemu-img cannot open: %s", ferry_error_get ());
}

static void
test_this_machine (void)
{
  g_autoptr (ferry_p2v_machine) m = ferry_p2v_probe ("/sys", "/proc");
  size_t i;
  bool sizes = true;

  if (!tap_ok (m != NULL, "this machine is probed")) {
    printf ("# %s\n", ferry_error_get ());
    return;
  }
  tap_ok (m->memory > 0 && m->cpu.online >= 1 &&
          m->cpu.sockets * m->cpu.cores * m->cpu.threads == m->cpu.online,
          "this machine: %u CPUs (%u x %u x %u), %" G_GUINT64_FORMAT
          " bytes of memory", m->cpu.online, m->cpu.sockets, m->cpu.cores,
          m->cpu.threads, m->memory);
  for (i = 0; i < m->disks->len; i++) {
    const struct ferry_p2v_disk *d = m->disks->pdata[i];

    if (d->size == 0 || d->removable)
      sizes = false;
  }
  tap_ok (sizes, "this machine: %u fixed disks, all with a size",
          m->disks->len);
}

int
main (void)
{
  g_autofree char *tmpdir = g_strdup ("/tmp/ferry-test-probe.XXXXXX");

  tap_plan (39);
  root = g_mkdtemp (tmpdir);
  g_assert (root != NULL);

  build_tree ();
  test_fake_tree ();
  test_variants ();
  test_disk_names ();
  test_test_disks ();
  test_this_machine ();

  g_assert (ferry_command_run_ok ((const char *[]) { "rm", "-rf", root,
                                                     NULL }, NULL) == 0);
  return tap_done ();
}

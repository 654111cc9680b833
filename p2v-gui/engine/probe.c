/* ferry-p2v: what the physical machine has (see probe.h). */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "probe.h"
#include "kernel-cmdline.h"
#include "command.h"
#include "errors.h"
#include "banned.h"

/* More CPUs than any machine has: a bound on what a cpulist may ask. */
#define MAX_CPUS 65536

static void
disk_free (void *p)
{
  struct ferry_p2v_disk *disk = p;

  g_free (disk->name);
  g_free (disk->path);
  g_free (disk->format);
  g_free (disk->model);
  g_free (disk->serial);
  g_free (disk);
}

static void
nic_free (void *p)
{
  struct ferry_p2v_nic *nic = p;

  g_free (nic->name);
  g_free (nic->mac);
  g_free (nic);
}

void
ferry_p2v_machine_free (struct ferry_p2v_machine *machine)
{
  if (machine == NULL)
    return;
  g_free (machine->hostname);
  g_free (machine->cpu.vendor);
  g_free (machine->cpu.model);
  if (machine->disks)
    g_ptr_array_unref (machine->disks);
  if (machine->removables)
    g_ptr_array_unref (machine->removables);
  if (machine->nics)
    g_ptr_array_unref (machine->nics);
  g_free (machine);
}

/* The contents of file DIR/NAME with white space trimmed at both ends,
 * or NULL if it cannot be read (sysfs attributes come and go with the
 * driver: a missing one is not an error).
 */
static char *
read_attr (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* Same, as an unsigned number; -1 if missing or not a number. */
static int
read_attr_u64 (const char *dir, const char *name, uint64_t *value)
{
  g_autofree char *text = read_attr (dir, name);
  char *end;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return -1;
  errno = 0;
  *value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || *end != '\0')
    return -1;
  return 0;
}

/* S, or NULL when S is empty: an attribute that says nothing is as good
 * as a missing one.
 */
static char *
nonempty (char *s)
{
  if (s != NULL && s[0] == '\0') {
    g_free (s);
    return NULL;
  }
  return s;
}

/* Does NAME start with PREFIX followed by one or more of the bytes that
 * ACCEPT says yes to, and nothing else?
 */
static bool
name_is (const char *name, const char *prefix, int (*accept) (int))
{
  const char *p;

  if (!g_str_has_prefix (name, prefix))
    return false;
  p = name + strlen (prefix);
  if (*p == '\0')
    return false;
  for (; *p; p++)
    if (!accept ((unsigned char) *p))
      return false;
  return true;
}

static int
is_lower (int c)
{
  return c >= 'a' && c <= 'z';
}

static int
is_digit (int c)
{
  return c >= '0' && c <= '9';
}

/* nvmeXnY: an NVMe namespace (not nvmeXcYnZ, a hidden path). */
static bool
is_nvme_namespace (const char *name)
{
  const char *p = name + strlen ("nvme");
  size_t digits;

  if (!g_str_has_prefix (name, "nvme"))
    return false;
  digits = strspn (p, "0123456789");
  if (digits == 0 || p[digits] != 'n')
    return false;
  p += digits + 1;
  return *p != '\0' && strspn (p, "0123456789") == strlen (p);
}

enum kind { NOT_A_DISK, DISK, CDROM };

static enum kind
block_kind (const char *name)
{
  if (name_is (name, "sd", is_lower) || name_is (name, "hd", is_lower) ||
      name_is (name, "vd", is_lower) || name_is (name, "xvd", is_lower) ||
      name_is (name, "mmcblk", is_digit) || is_nvme_namespace (name))
    return DISK;
  if (name_is (name, "sr", is_digit))
    return CDROM;
  return NOT_A_DISK;
}

/* Shorter names first, then byte order: sda < sdb < sdaa, eth2 < eth10. */
static int
compare_names (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (a, b);
}

static int
compare_disks (const void *a, const void *b)
{
  const struct ferry_p2v_disk *da = *(struct ferry_p2v_disk *const *) a;
  const struct ferry_p2v_disk *db = *(struct ferry_p2v_disk *const *) b;

  return compare_names (da->name, db->name);
}

static int
compare_nics (const void *a, const void *b)
{
  const struct ferry_p2v_nic *na = *(struct ferry_p2v_nic *const *) a;
  const struct ferry_p2v_nic *nb = *(struct ferry_p2v_nic *const *) b;

  return compare_names (na->name, nb->name);
}

/* What the live system uses: the device numbers ("MAJOR:MINOR") of every
 * mounted filesystem, and the names of the block devices that are active
 * swap.  Missing files mean nothing is in use.
 */
struct in_use {
  GHashTable *devices;     /* "8:17" */
  GHashTable *names;       /* "sdb2" */
};

static void
in_use_read (const char *procfs, struct in_use *in_use)
{
  g_autofree char *mountinfo_path =
    g_build_filename (procfs, "self", "mountinfo", NULL);
  g_autofree char *swaps_path = g_build_filename (procfs, "swaps", NULL);
  g_autofree char *mountinfo = NULL, *swaps = NULL;
  g_auto (GStrv) lines = NULL;
  size_t i;

  in_use->devices = g_hash_table_new_full (g_str_hash, g_str_equal,
                                           g_free, NULL);
  in_use->names = g_hash_table_new_full (g_str_hash, g_str_equal,
                                         g_free, NULL);

  /* "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw":
   * the third field is the device.
   */
  if (g_file_get_contents (mountinfo_path, &mountinfo, NULL, NULL)) {
    lines = g_strsplit (mountinfo, "\n", -1);
    for (i = 0; lines[i] != NULL; i++) {
      g_auto (GStrv) fields = g_strsplit (lines[i], " ", 4);

      if (g_strv_length (fields) >= 3)
        g_hash_table_add (in_use->devices, g_strdup (fields[2]));
    }
    g_clear_pointer (&lines, g_strfreev);
  }

  /* "Filename  Type  Size  Used  Priority", then "/dev/sda2 partition ..." */
  if (g_file_get_contents (swaps_path, &swaps, NULL, NULL)) {
    lines = g_strsplit (swaps, "\n", -1);
    for (i = 1; lines[0] != NULL && lines[i] != NULL; i++) {
      g_auto (GStrv) fields = g_strsplit_set (lines[i], " \t", 2);

      if (fields[0] != NULL && g_str_has_prefix (fields[0], "/dev/"))
        g_hash_table_add (in_use->names,
                          g_path_get_basename (fields[0]));
    }
  }
}

static void
in_use_clear (struct in_use *in_use)
{
  g_clear_pointer (&in_use->devices, g_hash_table_unref);
  g_clear_pointer (&in_use->names, g_hash_table_unref);
}

/* Is block device NAME, whose folder is DIR, or one of its partitions
 * (the subfolders with a "partition" attribute) in use?
 */
static bool
block_in_use (const struct in_use *in_use, const char *dir, const char *name)
{
  g_autofree char *dev = read_attr (dir, "dev");
  g_autoptr (GDir) folder = NULL;
  const char *entry;

  if ((dev && g_hash_table_contains (in_use->devices, dev)) ||
      g_hash_table_contains (in_use->names, name))
    return true;
  folder = g_dir_open (dir, 0, NULL);
  if (folder == NULL)
    return false;
  while ((entry = g_dir_read_name (folder)) != NULL) {
    g_autofree char *part = g_build_filename (dir, entry, NULL);
    g_autofree char *partition = read_attr (part, "partition");
    g_autofree char *part_dev = NULL;

    if (partition == NULL)
      continue;
    part_dev = read_attr (part, "dev");
    if ((part_dev && g_hash_table_contains (in_use->devices, part_dev)) ||
        g_hash_table_contains (in_use->names, entry))
      return true;
  }
  return false;
}

static int
probe_disks (const char *sysfs, const char *procfs,
             struct ferry_p2v_machine *machine)
{
  g_autofree char *block = g_build_filename (sysfs, "block", NULL);
  g_autoptr (GDir) folder = NULL;
  g_autoptr (GError) gerror = NULL;
  struct in_use in_use;
  const char *name;
  int ret = -1;

  folder = g_dir_open (block, 0, &gerror);
  if (folder == NULL) {
    ferry_error ("cannot list the disks in '%s': %s", block,
                 gerror->message);
    return -1;
  }
  in_use_read (procfs, &in_use);
  while ((name = g_dir_read_name (folder)) != NULL) {
    g_autofree char *dir = g_build_filename (block, name, NULL);
    g_autofree char *device = g_build_filename (dir, "device", NULL);
    g_autofree char *hidden = NULL, *removable = NULL;
    enum kind kind = block_kind (name);
    struct ferry_p2v_disk *disk;
    uint64_t sectors;

    if (kind == NOT_A_DISK)
      continue;
    hidden = read_attr (dir, "hidden");
    if (hidden && strcmp (hidden, "1") == 0)
      continue;
    /* The size is always in 512-byte units, whatever the sector size. */
    if (read_attr_u64 (dir, "size", &sectors) == -1 ||
        sectors > UINT64_MAX / 512) {
      ferry_error ("cannot read the size of disk '%s' in '%s/size'",
                   name, dir);
      goto out;
    }
    removable = read_attr (dir, "removable");

    disk = g_new0 (struct ferry_p2v_disk, 1);
    disk->name = g_strdup (name);
    disk->path = g_strconcat ("/dev/", name, NULL);
    disk->format = g_strdup ("raw");
    disk->size = sectors * 512;
    /* SCSI, ATA and NVMe put these on the device (for NVMe, the
     * controller), virtio puts its serial on the disk.
     */
    disk->model = nonempty (read_attr (device, "model"));
    disk->serial = nonempty (read_attr (device, "serial"));
    if (disk->serial == NULL)
      disk->serial = nonempty (read_attr (dir, "serial"));
    disk->cdrom = kind == CDROM;
    disk->removable = disk->cdrom ||
      (removable != NULL && strcmp (removable, "1") == 0);

    disk->in_use = block_in_use (&in_use, dir, name);

    if (disk->removable)
      g_ptr_array_add (machine->removables, disk);
    else if (disk->size == 0)
      disk_free (disk);
    else
      g_ptr_array_add (machine->disks, disk);
  }
  g_ptr_array_sort (machine->disks, compare_disks);
  g_ptr_array_sort (machine->removables, compare_disks);
  ret = 0;
 out:
  in_use_clear (&in_use);
  return ret;
}

static enum ferry_p2v_link
nic_link (const char *dir)
{
  g_autofree char *operstate = read_attr (dir, "operstate");
  g_autofree char *carrier = NULL;

  if (operstate != NULL) {
    if (strcmp (operstate, "up") == 0)
      return FERRY_P2V_LINK_UP;
    if (strcmp (operstate, "down") == 0 ||
        strcmp (operstate, "lowerlayerdown") == 0 ||
        strcmp (operstate, "notpresent") == 0 ||
        strcmp (operstate, "dormant") == 0)
      return FERRY_P2V_LINK_DOWN;
    if (strcmp (operstate, "unknown") != 0)
      return FERRY_P2V_LINK_UNKNOWN;
  }
  /* Drivers that do not report an operational state: the carrier says.
   * (Reading it fails on an interface that is down.)
   */
  carrier = read_attr (dir, "carrier");
  if (carrier != NULL && strcmp (carrier, "1") == 0)
    return FERRY_P2V_LINK_UP;
  if (carrier != NULL && strcmp (carrier, "0") == 0)
    return FERRY_P2V_LINK_DOWN;
  return FERRY_P2V_LINK_UNKNOWN;
}

static int
probe_nics (const char *sysfs, struct ferry_p2v_machine *machine)
{
  g_autofree char *net = g_build_filename (sysfs, "class", "net", NULL);
  g_autoptr (GDir) folder = NULL;
  g_autoptr (GError) gerror = NULL;
  const char *name;

  folder = g_dir_open (net, 0, &gerror);
  if (folder == NULL) {
    ferry_error ("cannot list the network interfaces in '%s': %s", net,
                 gerror->message);
    return -1;
  }
  while ((name = g_dir_read_name (folder)) != NULL) {
    g_autofree char *dir = g_build_filename (net, name, NULL);
    g_autofree char *device = g_build_filename (dir, "device", NULL);
    g_autofree char *mac = NULL;
    struct ferry_p2v_nic *nic;

    /* lo has no device link either; virtual interfaces have none. */
    if (strcmp (name, "lo") == 0 ||
        !g_file_test (device, G_FILE_TEST_EXISTS))
      continue;
    nic = g_new0 (struct ferry_p2v_nic, 1);
    nic->name = g_strdup (name);
    mac = nonempty (read_attr (dir, "address"));
    nic->mac = mac ? g_ascii_strdown (mac, -1) : NULL;
    nic->link = nic_link (dir);
    g_ptr_array_add (machine->nics, nic);
  }
  g_ptr_array_sort (machine->nics, compare_nics);
  return 0;
}

/* Parse a kernel cpulist ("0-3,8,10-11") into the set CPUS.  Returns the
 * number of CPUs, or -1 if LIST is not one.
 */
static int
parse_cpulist (const char *list, GHashTable *cpus)
{
  g_auto (GStrv) ranges = g_strsplit (list, ",", -1);
  size_t i;

  for (i = 0; ranges[i] != NULL; i++) {
    guint64 first, last, cpu;
    char *end;

    if (!g_ascii_isdigit (ranges[i][0]))
      return -1;
    first = g_ascii_strtoull (ranges[i], &end, 10);
    last = first;
    if (*end == '-') {
      if (!g_ascii_isdigit (end[1]))
        return -1;
      last = g_ascii_strtoull (end + 1, &end, 10);
    }
    if (*end != '\0' || last < first || last >= MAX_CPUS)
      return -1;
    for (cpu = first; cpu <= last; cpu++)
      g_hash_table_add (cpus, GUINT_TO_POINTER ((guint) cpu + 1));
  }
  return g_hash_table_size (cpus);
}

/* The value of "KEY<tabs>: VALUE" lines of /proc/cpuinfo. */
static char *
cpuinfo_value (const char *line, const char *key)
{
  size_t len = strlen (key);
  const char *p;

  if (strncmp (line, key, len) != 0)
    return NULL;
  p = line + len;
  p += strspn (p, " \t");
  if (*p != ':')
    return NULL;
  p++;
  return g_strstrip (g_strdup (p));
}

static int
probe_cpu (const char *sysfs, const char *procfs,
           struct ferry_p2v_machine *machine)
{
  struct ferry_p2v_cpu *cpu = &machine->cpu;
  g_autofree char *cpuinfo_path = g_build_filename (procfs, "cpuinfo", NULL);
  g_autofree char *cpu_dir =
    g_build_filename (sysfs, "devices", "system", "cpu", NULL);
  g_autofree char *cpuinfo = NULL, *online_list = NULL;
  g_autoptr (GHashTable) online =
    g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) packages =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) cores =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = NULL;
  unsigned processors = 0;
  bool have_topology = true;
  GHashTableIter iter;
  void *key;
  size_t i;

  if (!g_file_get_contents (cpuinfo_path, &cpuinfo, NULL, NULL))
    cpuinfo = g_strdup ("");
  lines = g_strsplit (cpuinfo, "\n", -1);
  for (i = 0; lines[i] != NULL; i++) {
    char *value;

    if ((value = cpuinfo_value (lines[i], "processor")) != NULL) {
      processors++;
      g_free (value);
    }
    else if ((value = cpuinfo_value (lines[i], "vendor_id")) != NULL) {
      if (cpu->vendor == NULL)
        cpu->vendor = nonempty (value);
      else
        g_free (value);
    }
    else if ((value = cpuinfo_value (lines[i], "model name")) != NULL) {
      if (cpu->model == NULL)
        cpu->model = nonempty (value);
      else
        g_free (value);
    }
  }

  online_list = read_attr (cpu_dir, "online");
  if (online_list != NULL) {
    if (parse_cpulist (online_list, online) <= 0) {
      ferry_error ("cannot read the online CPUs in '%s/online': '%s' is "
                   "not a CPU list", cpu_dir, online_list);
      return -1;
    }
    cpu->online = g_hash_table_size (online);
  }
  else if (processors > 0) {
    cpu->online = processors;
    have_topology = false;
  }
  else {
    ferry_error ("cannot count the CPUs: neither '%s/online' nor the "
                 "processors of '%s' can be read", cpu_dir, cpuinfo_path);
    return -1;
  }

  /* Count the distinct sockets and the distinct (socket, core) pairs of
   * the online CPUs.
   */
  g_hash_table_iter_init (&iter, online);
  while (have_topology && g_hash_table_iter_next (&iter, &key, NULL)) {
    unsigned n = GPOINTER_TO_UINT (key) - 1;
    g_autofree char *name = g_strdup_printf ("cpu%u", n);
    g_autofree char *topology =
      g_build_filename (cpu_dir, name, "topology", NULL);
    uint64_t package, core;

    if (read_attr_u64 (topology, "physical_package_id", &package) == -1 ||
        read_attr_u64 (topology, "core_id", &core) == -1) {
      have_topology = false;
      break;
    }
    g_hash_table_add (packages, g_strdup_printf ("%" PRIu64, package));
    g_hash_table_add (cores,
                      g_strdup_printf ("%" PRIu64 ":%" PRIu64, package, core));
  }

  cpu->sockets = 1;
  cpu->cores = cpu->online;
  cpu->threads = 1;
  if (have_topology) {
    unsigned sockets = g_hash_table_size (packages);
    unsigned all_cores = g_hash_table_size (cores);

    if (sockets > 0 && all_cores % sockets == 0 &&
        cpu->online % all_cores == 0) {
      cpu->sockets = sockets;
      cpu->cores = all_cores / sockets;
      cpu->threads = cpu->online / all_cores;
    }
    else if (sockets > 0 && cpu->online % sockets == 0) {
      cpu->sockets = sockets;
      cpu->cores = cpu->online / sockets;
    }
  }
  return 0;
}

/* The kibibytes of a meminfo line's value, "       24684084 kB"; 0 if
 * it is not one.
 */
static uint64_t
meminfo_kib (const char *value)
{
  const char *p = value + strspn (value, " \t");
  guint64 kib;
  char *end;

  if (!g_ascii_isdigit (*p))
    return 0;
  errno = 0;
  kib = g_ascii_strtoull (p, &end, 10);
  if (errno != 0 || strcmp (end, " kB") != 0 || kib > UINT64_MAX / 1024)
    return 0;
  return kib;
}

static int
probe_memory (const char *procfs, struct ferry_p2v_machine *machine)
{
  g_autofree char *path = g_build_filename (procfs, "meminfo", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  size_t i;

  if (!g_file_get_contents (path, &text, NULL, NULL)) {
    ferry_error_errno (errno, "cannot read '%s'", path);
    return -1;
  }
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "MemTotal:")) {
      machine->memory = meminfo_kib (lines[i] + strlen ("MemTotal:")) * 1024;
      break;
    }
  if (machine->memory == 0) {
    ferry_error ("cannot find the memory size (MemTotal: N kB) in '%s'",
                 path);
    return -1;
  }
  return 0;
}

struct ferry_p2v_machine *
ferry_p2v_probe (const char *sysfs, const char *procfs)
{
  g_autoptr (ferry_p2v_machine) machine = g_new0 (struct ferry_p2v_machine, 1);
  g_autofree char *efi = g_build_filename (sysfs, "firmware", "efi", NULL);
  g_autofree char *kernel =
    g_build_filename (procfs, "sys", "kernel", NULL);

  machine->disks = g_ptr_array_new_with_free_func (disk_free);
  machine->removables = g_ptr_array_new_with_free_func (disk_free);
  machine->nics = g_ptr_array_new_with_free_func (nic_free);

  machine->hostname = nonempty (read_attr (kernel, "hostname"));
  if (machine->hostname && strcmp (machine->hostname, "(none)") == 0)
    g_clear_pointer (&machine->hostname, g_free);
  machine->firmware = g_file_test (efi, G_FILE_TEST_IS_DIR)
    ? FERRY_P2V_FIRMWARE_UEFI : FERRY_P2V_FIRMWARE_BIOS;
  if (probe_cpu (sysfs, procfs, machine) == -1 ||
      probe_memory (procfs, machine) == -1 ||
      probe_disks (sysfs, procfs, machine) == -1 ||
      probe_nics (sysfs, machine) == -1)
    return NULL;
  return g_steal_pointer (&machine);
}

char *
ferry_p2v_disk_name (const char *prefix, unsigned index)
{
  char letters[16];
  size_t n = sizeof letters - 1;
  unsigned long i = (unsigned long) index + 1;

  /* Bijective base 26: a..z, aa..zz, aaa... */
  letters[n] = '\0';
  while (i > 0) {
    i--;
    letters[--n] = 'a' + i % 26;
    i /= 26;
  }
  return g_strconcat (prefix, letters + n, NULL);
}

/* The format and virtual size of the image FILE (DISPLAY to the user),
 * from "qemu-img info --output=json" (it does not open backing files).
 */
static int
test_disk_info (const char *file, const char *display, char **format,
                uint64_t *size)
{
  const char *argv[] = { "qemu-img", "info", "--output=json", "--", file,
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *info;
  const char *fmt;
  gint64 vsize;
  int r;

  r = ferry_command_run (argv, &out, NULL, NULL, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    /* "qemu-img: Could not open 'FILE': REASON": keep REASON. */
    g_autofree char *last = ferry_last_line (err);
    const char *reason = strstr (last, "': ");

    reason = reason ? reason + 3 : last;
    ferry_error ("cannot read test disk '%s': %s", display,
                 reason[0] ? reason : "qemu-img failed");
    return -1;
  }
  if (!json_parser_load_from_data (parser, out, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      (info = json_node_get_object (root)) == NULL ||
      (fmt = json_object_get_string_member_with_default (info, "format",
                                                         NULL)) == NULL ||
      (vsize = json_object_get_int_member_with_default (info, "virtual-size",
                                                        -1)) < 0) {
    ferry_error ("cannot read test disk '%s': qemu-img info gave no format "
                 "and virtual size", display);
    return -1;
  }
  *format = g_strdup (fmt);
  *size = vsize;
  return 0;
}

struct ferry_p2v_machine *
ferry_p2v_machine_load (const char *const *test_disks)
{
  g_autoptr (ferry_p2v_machine) machine = ferry_p2v_probe ("/sys", "/proc");

  if (machine == NULL)
    return NULL;
  if (test_disks != NULL && test_disks[0] != NULL &&
      ferry_p2v_machine_use_test_disks (machine, test_disks) == -1)
    return NULL;
  return g_steal_pointer (&machine);
}

int
ferry_p2v_machine_use_test_disks (struct ferry_p2v_machine *machine,
                                  const char *const *files)
{
  g_autoptr (GPtrArray) disks = g_ptr_array_new_with_free_func (disk_free);
  size_t i;

  for (i = 0; files[i] != NULL; i++) {
    g_autofree char *path = realpath (files[i], NULL);
    g_autofree char *format = NULL;
    uint64_t size;
    struct ferry_p2v_disk *disk;
    struct stat st;

    if (path == NULL) {
      ferry_error_errno (errno, "cannot open test disk '%s'", files[i]);
      return -1;
    }
    /* A loop device may stand for a disk too (the pre-flight checks'
     * test: LVM, md RAID, mounted filesystems).
     */
    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
        !(stat (path, &st) == 0 && S_ISBLK (st.st_mode))) {
      ferry_error ("test disk '%s' is neither a regular file nor a block "
                   "device", files[i]);
      return -1;
    }
    if (test_disk_info (path, files[i], &format, &size) == -1)
      return -1;
    disk = g_new0 (struct ferry_p2v_disk, 1);
    disk->name = ferry_p2v_disk_name ("sd", i);
    disk->path = g_steal_pointer (&path);
    disk->format = g_steal_pointer (&format);
    disk->size = size;
    g_ptr_array_add (disks, disk);
  }
  g_ptr_array_unref (machine->disks);
  machine->disks = g_steal_pointer (&disks);
  return 0;
}

const struct ferry_p2v_disk *
ferry_p2v_machine_find_disk (const struct ferry_p2v_machine *machine,
                             const char *name)
{
  GPtrArray *lists[] = { machine->disks, machine->removables };
  size_t l, i;

  for (l = 0; l < G_N_ELEMENTS (lists); l++)
    for (i = 0; i < lists[l]->len; i++) {
      const struct ferry_p2v_disk *disk = lists[l]->pdata[i];

      if (strcmp (disk->name, name) == 0)
        return disk;
    }
  return NULL;
}

const struct ferry_p2v_nic *
ferry_p2v_machine_find_nic (const struct ferry_p2v_machine *machine,
                            const char *name)
{
  size_t i;

  for (i = 0; i < machine->nics->len; i++) {
    const struct ferry_p2v_nic *nic = machine->nics->pdata[i];

    if (strcmp (nic->name, name) == 0)
      return nic;
  }
  return NULL;
}

/* "KEY = "VALUE"" with VALUE quoted, or <unknown>. */
static void
describe_string (GString *out, const char *key, const char *value)
{
  if (value == NULL)
    g_string_append_printf (out, "%s = <unknown>\n", key);
  else {
    g_autofree char *quoted = ferry_p2v_quote (value, '"');
    g_string_append_printf (out, "%s = %s\n", key, quoted);
  }
}

static void
describe_disk (GString *out, const char *list,
               const struct ferry_p2v_disk *disk)
{
  g_autofree char *name = ferry_p2v_quote (disk->name, 0);
  g_autofree char *prefix = g_strdup_printf ("machine.%s.%s", list, name);
  g_autofree char *model = g_strconcat (prefix, ".model", NULL);
  g_autofree char *serial = g_strconcat (prefix, ".serial", NULL);
  g_autofree char *path = g_strconcat (prefix, ".path", NULL);

  if (disk->removable)
    g_string_append_printf (out, "%s.type = %s\n", prefix,
                            disk->cdrom ? "cdrom" : "disk");
  g_string_append_printf (out, "%s.size = %" PRIu64 "\n", prefix,
                          disk->size);
  describe_string (out, model, disk->model);
  describe_string (out, serial, disk->serial);
  describe_string (out, path, disk->path);
  g_string_append_printf (out, "%s.format = %s\n", prefix, disk->format);
  g_string_append_printf (out, "%s.in-use = %s\n", prefix,
                          disk->in_use ? "true" : "false");
}

char *
ferry_p2v_machine_describe (const struct ferry_p2v_machine *machine)
{
  static const char *const links[] = {
    [FERRY_P2V_LINK_UNKNOWN] = "unknown",
    [FERRY_P2V_LINK_DOWN] = "down",
    [FERRY_P2V_LINK_UP] = "up",
  };
  GString *out = g_string_new (NULL);
  const struct ferry_p2v_cpu *cpu = &machine->cpu;
  size_t i;

  describe_string (out, "machine.hostname", machine->hostname);
  g_string_append_printf (out, "machine.firmware = %s\n",
                          machine->firmware == FERRY_P2V_FIRMWARE_UEFI
                          ? "uefi" : "bios");
  describe_string (out, "machine.cpu.vendor", cpu->vendor);
  describe_string (out, "machine.cpu.model", cpu->model);
  g_string_append_printf (out,
                          "machine.cpu.online = %u\n"
                          "machine.cpu.sockets = %u\n"
                          "machine.cpu.cores = %u\n"
                          "machine.cpu.threads = %u\n",
                          cpu->online, cpu->sockets, cpu->cores,
                          cpu->threads);
  g_string_append_printf (out, "machine.memory = %" PRIu64 "\n",
                          machine->memory);
  for (i = 0; i < machine->disks->len; i++)
    describe_disk (out, "disk", machine->disks->pdata[i]);
  for (i = 0; i < machine->removables->len; i++)
    describe_disk (out, "removable", machine->removables->pdata[i]);
  for (i = 0; i < machine->nics->len; i++) {
    const struct ferry_p2v_nic *nic = machine->nics->pdata[i];
    g_autofree char *name = ferry_p2v_quote (nic->name, 0);
    g_autofree char *mac = g_strdup_printf ("machine.nic.%s.mac", name);

    describe_string (out, mac, nic->mac);
    g_string_append_printf (out, "machine.nic.%s.link = %s\n", name,
                            links[nic->link]);
  }
  return g_string_free (out, FALSE);
}

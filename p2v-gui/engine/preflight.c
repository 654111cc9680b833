/* ferry-p2v: the pre-flight checks (preflight.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "preflight.h"
#include "command.h"
#include "report.h"
#include "banned.h"

#define NTFSCAT_TIMEOUT_MS 10000 /* for hiberfil.sys's first bytes */

/* A volume of a disk being sent. */
struct volume {
  char *path;              /* the disk's path, or DEV/PART */
  const char *disk;        /* the disk's name */
};

static void
volume_free (struct volume *v)
{
  g_free (v->path);
  g_free (v);
}

static void
warning_free (struct ferry_p2v_warning *w)
{
  g_free (w->disk);
  g_free (w->code);
  g_free (w->text);
  g_free (w);
}

static void G_GNUC_PRINTF (4, 5)
warn (GPtrArray *warnings, const char *disk, const char *code,
      const char *fmt, ...)
{
  struct ferry_p2v_warning *w = g_new0 (struct ferry_p2v_warning, 1);
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, fmt);
  text = g_strdup_vprintf (fmt, args);
  va_end (args);
  w->disk = g_strdup (disk);
  w->code = g_strdup (code);
  w->text = g_utf8_make_valid (text, -1);
  g_ptr_array_add (warnings, w);
}

/* PATH and, when it is a block device, its partitions. */
static void
add_volumes (GPtrArray *volumes, const struct ferry_p2v_disk *d,
             const char *sysfs, const char *dev)
{
  struct volume *v = g_new0 (struct volume, 1);
  struct stat st;
  g_autofree char *real = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *entry;

  v->path = g_strdup (d->path);
  v->disk = d->name;
  g_ptr_array_add (volumes, v);
  if (stat (d->path, &st) == -1 || !S_ISBLK (st.st_mode))
    return;
  real = realpath (d->path, NULL);
  if (real == NULL)
    return;
  name = g_path_get_basename (real);
  folder = g_build_filename (sysfs, "class", "block", name, NULL);
  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL) {
    g_autofree char *partition = g_build_filename (folder, entry,
                                                   "partition", NULL);

    if (!g_str_has_prefix (entry, name) ||
        !g_file_test (partition, G_FILE_TEST_EXISTS))
      continue;
    v = g_new0 (struct volume, 1);
    v->path = g_build_filename (dev, entry, NULL);
    v->disk = d->name;
    g_ptr_array_add (volumes, v);
  }
}

/* mounted-rw: the mountinfo lines whose device is a volume's and whose
 * mount options start with "rw".
 */
static void
check_mounted (GPtrArray *warnings, GPtrArray *volumes,
               const char *mountinfo)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  size_t i, j;

  if (!g_file_get_contents (mountinfo, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; i < volumes->len; i++) {
    const struct volume *v = volumes->pdata[i];
    struct stat st;

    if (stat (v->path, &st) == -1 || !S_ISBLK (st.st_mode))
      continue;
    for (j = 0; lines[j] != NULL; j++) {
      g_auto (GStrv) f = g_strsplit (lines[j], " ", 7);
      unsigned maj, min;
      g_autofree char *where = NULL;

      if (g_strv_length (f) < 7 ||
          sscanf (f[2], "%u:%u", &maj, &min) != 2 ||
          maj != major (st.st_rdev) || min != minor (st.st_rdev) ||
          !(strcmp (f[5], "rw") == 0 || g_str_has_prefix (f[5], "rw,")))
        continue;
      /* mountinfo writes space, tab, newline and backslash as \ooo. */
      where = g_strcompress (f[4]);
      warn (warnings, v->disk, "mounted-rw",
            "%s is mounted read-write on '%s': its data may change while "
            "it is copied (unmount it, or remount it read-only)",
            v->path, where);
      break;
    }
  }
}

/* The first bytes of hiberfil.sys on the NTFS volume PATH ("" when it
 * has none), in BUF (LEN bytes at most, NUL-terminated).  ntfscat would
 * print it all (gigabytes): its output is a pipe of which only the start
 * is read, then ntfscat is stopped.
 */
static void
hiberfil_start (const char *path, char *buf, size_t len)
{
  const char *argv[] = { "ntfscat", path, "hiberfil.sys", NULL };
  int fds[2];
  size_t got = 0;
  int pid;

  buf[0] = '\0';
  if (pipe2 (fds, O_CLOEXEC) == -1)
    return;
  pid = ferry_command_start (argv, fds[1]);
  close (fds[1]);
  if (pid > 0) {
    struct pollfd p = { .fd = fds[0], .events = POLLIN };

    while (got < len - 1 && poll (&p, 1, NTFSCAT_TIMEOUT_MS) == 1) {
      ssize_t r = read (fds[0], buf + got, len - 1 - got);

      if (r <= 0)
        break;
      got += r;
    }
    ferry_command_stop (pid, 1000);
  }
  close (fds[0]);
  buf[got] = '\0';
}

/* hibernated, bitlocker, luks: from the signatures of each volume. */
static void
check_signatures (GPtrArray *warnings, GPtrArray *volumes)
{
  size_t i;

  for (i = 0; i < volumes->len; i++) {
    const struct volume *v = volumes->pdata[i];
    unsigned char head[16] = { 0 };
    char hiberfil[5];
    int fd = open (v->path, O_RDONLY | O_CLOEXEC);
    ssize_t r;

    if (fd == -1)
      continue;
    r = pread (fd, head, sizeof head, 0);
    close (fd);
    if (r < (ssize_t) sizeof head)
      continue;
    if (memcmp (head + 3, "-FVE-FS-", 8) == 0)
      warn (warnings, v->disk, "bitlocker",
            "%s is encrypted with BitLocker: the conversion cannot read "
            "it (decrypt it in Windows first, or suspend BitLocker and "
            "convert with the volume unlocked)", v->path);
    else if (memcmp (head, "LUKS\xba\xbe", 6) == 0)
      warn (warnings, v->disk, "luks",
            "%s is encrypted with LUKS: the conversion cannot look inside "
            "it (its guest may not be converted)", v->path);
    else if (memcmp (head + 3, "NTFS    ", 8) == 0) {
      hiberfil_start (v->path, hiberfil, sizeof hiberfil);
      if (g_ascii_strncasecmp (hiberfil, "hibr", 4) == 0)
        warn (warnings, v->disk, "hibernated",
              "%s holds a Windows that is hibernated or was shut down "
              "with Fast Startup: its filesystem is not clean (start "
              "Windows and shut it down fully: shutdown /s /t 0)",
              v->path);
    }
  }
}

/* The disk whose volume is PATH, or NULL. */
static const char *
volume_disk (GPtrArray *volumes, const char *path)
{
  g_autofree char *real = realpath (path, NULL);
  size_t i;

  for (i = 0; i < volumes->len; i++) {
    const struct volume *v = volumes->pdata[i];
    g_autofree char *vreal = realpath (v->path, NULL);

    if (g_strcmp0 (v->path, path) == 0 ||
        (real != NULL && g_strcmp0 (vreal, real) == 0))
      return v->disk;
  }
  return NULL;
}

/* lvm-split: every PV the system sees, by VG; a VG with PVs both on the
 * volumes sent and elsewhere is split.
 */
static void
check_lvm (GPtrArray *warnings, GPtrArray *volumes)
{
  const char *argv[] = { "pvs", "--reportformat", "json", "--noheadings",
                         "-o", "pv_name,vg_name", NULL };
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *reports, *pvs;
  g_autoptr (GHashTable) outside =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint i;

  if (ferry_command_run (argv, &out, NULL, NULL, NULL) != 0 ||
      !json_parser_load_from_data (parser, out, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "report"))
    return;
  reports = json_object_get_array_member (json_node_get_object (root),
                                          "report");
  if (reports == NULL || json_array_get_length (reports) == 0)
    return;
  pvs = json_object_get_array_member
    (json_array_get_object_element (reports, 0), "pv");
  if (pvs == NULL)
    return;
  /* First the PVs outside, by VG: one named for each. */
  for (i = 0; i < json_array_get_length (pvs); i++) {
    JsonObject *pv = json_array_get_object_element (pvs, i);
    const char *name = json_object_get_string_member_with_default (pv, "pv_name", "");
    const char *vg = json_object_get_string_member_with_default (pv, "vg_name", "");

    if (vg[0] != '\0' && volume_disk (volumes, name) == NULL)
      g_hash_table_insert (outside, g_strdup (vg), g_strdup (name));
  }
  for (i = 0; i < json_array_get_length (pvs); i++) {
    JsonObject *pv = json_array_get_object_element (pvs, i);
    const char *name = json_object_get_string_member_with_default (pv, "pv_name", "");
    const char *vg = json_object_get_string_member_with_default (pv, "vg_name", "");
    const char *disk = volume_disk (volumes, name);
    const char *other = g_hash_table_lookup (outside, vg);

    if (disk != NULL && vg[0] != '\0' && other != NULL)
      warn (warnings, disk, "lvm-split",
            "%s belongs to the LVM volume group '%s', which also has %s, "
            "on a disk not sent: the guest will not find the whole group "
            "(send that disk too)", name, vg, other);
  }
}

/* md-split: each member (mdadm --examine --export) counts its array's
 * members among the volumes sent.
 */
static void
check_md (GPtrArray *warnings, GPtrArray *volumes)
{
  g_autoptr (GHashTable) found =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) expected = g_ptr_array_new ();
  g_autoptr (GPtrArray) member_volume = g_ptr_array_new ();
  size_t i;

  for (i = 0; i < volumes->len; i++) {
    const struct volume *v = volumes->pdata[i];
    const char *argv[] = { "mdadm", "--examine", "--export", v->path, NULL };
    g_autofree char *out = NULL;
    g_auto (GStrv) lines = NULL;
    const char *uuid = NULL;
    guint64 devices = 0;
    size_t j;

    if (ferry_command_run (argv, &out, NULL, NULL, NULL) != 0)
      continue;
    lines = g_strsplit (out, "\n", -1);
    for (j = 0; lines[j] != NULL; j++) {
      if (g_str_has_prefix (lines[j], "MD_UUID="))
        uuid = lines[j] + strlen ("MD_UUID=");
      else if (g_str_has_prefix (lines[j], "MD_DEVICES="))
        g_ascii_string_to_unsigned (lines[j] + strlen ("MD_DEVICES="), 10,
                                    1, 100000, &devices, NULL);
    }
    if (uuid == NULL || devices == 0)
      continue;
    g_hash_table_insert (found, g_strdup (uuid), GUINT_TO_POINTER (
      GPOINTER_TO_UINT (g_hash_table_lookup (found, uuid)) + 1));
    g_ptr_array_add (members, g_strdup (uuid));
    g_ptr_array_add (expected, GUINT_TO_POINTER ((guint) devices));
    g_ptr_array_add (member_volume, (gpointer) v);
  }
  for (i = 0; i < members->len; i++) {
    const struct volume *v = member_volume->pdata[i];
    guint n = GPOINTER_TO_UINT (g_hash_table_lookup (found,
                                                      members->pdata[i]));
    guint want = GPOINTER_TO_UINT (expected->pdata[i]);

    if (n < want)
      warn (warnings, v->disk, "md-split",
            "%s is a member of an md RAID array of %u devices of which "
            "%u %s sent: the guest gets the array incomplete (send its "
            "other members too)", v->path, want, n, n == 1 ? "is" : "are");
  }
}

GPtrArray *
ferry_p2v_preflight (const struct ferry_p2v_machine *machine,
                     const GPtrArray *disks,
                     const struct ferry_p2v_server_info *server,
                     const struct ferry_p2v_preflight_paths *paths)
{
  GPtrArray *warnings =
    g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
  g_autoptr (GPtrArray) volumes =
    g_ptr_array_new_with_free_func ((GDestroyNotify) volume_free);
  const struct ferry_p2v_preflight_paths none = { 0 };
  const char *mountinfo, *sysfs, *dev;
  uint64_t total = 0;
  size_t i;

  if (paths == NULL)
    paths = &none;
  mountinfo = paths->mountinfo ? paths->mountinfo : "/proc/self/mountinfo";
  sysfs = paths->sysfs ? paths->sysfs : "/sys";
  dev = paths->dev ? paths->dev : "/dev";

  for (i = 0; i < disks->len; i++) {
    const struct ferry_p2v_disk *d =
      ferry_p2v_machine_find_disk (machine, disks->pdata[i]);

    if (d == NULL)
      continue;
    total += d->size;
    add_volumes (volumes, d, sysfs, dev);
  }
  check_mounted (warnings, volumes, mountinfo);
  check_signatures (warnings, volumes);
  check_lvm (warnings, volumes);
  check_md (warnings, volumes);
  /* In disk order: a stable sort by the disks' places. */
  {
    g_autoptr (GPtrArray) sorted =
      g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
    size_t j;

    for (i = 0; i < disks->len; i++)
      for (j = 0; j < warnings->len; j++) {
        struct ferry_p2v_warning *w = warnings->pdata[j];

        if (w != NULL && g_strcmp0 (w->disk, disks->pdata[i]) == 0) {
          g_ptr_array_add (sorted, w);
          warnings->pdata[j] = NULL;
        }
      }
    g_ptr_array_set_free_func (warnings, NULL);
    g_ptr_array_unref (warnings);
    warnings = g_steal_pointer (&sorted);
  }

  if (server != NULL && server->has_free && total > server->free) {
    g_autofree char *need = ferry_human_size (total);
    g_autofree char *have = ferry_human_size (server->free);

    warn (warnings, NULL, "server-space",
          "the disks sent add up to %s (%" G_GUINT64_FORMAT " bytes) but "
          "the conversion server has %s (%" G_GUINT64_FORMAT " bytes) "
          "free: sparse output may fit if the disks are mostly empty, "
          "preallocated output will not", need, total, have, server->free);
  }
  return warnings;
}

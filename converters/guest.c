/* ferry: the conversion session (see guest.h). */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "guest.h"
#include "convert.h"
#include "osinfo.h"
#include "../common/errors.h"
#include "../common/report.h"
#include "../common/banned.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (guestfs_h, guestfs_close)

/* Record libguestfs's last error, after CONTEXT. */
static void
guest_error (guestfs_h *g, const char *context)
{
  const char *msg = guestfs_last_error (g);

  ferry_error ("%s: %s", context, msg ? msg : "unknown libguestfs error");
}

static char *
choose_root (guestfs_h *g, const struct ferry_source *source,
             const char *choice)
{
  g_auto (GStrv) roots = guestfs_inspect_os (g);
  size_t n, i;

  if (roots == NULL) {
    guest_error (g, "inspection failed");
    return NULL;
  }
  n = g_strv_length (roots);
  if (n == 0) {
    const struct ferry_source_disk *disk = source->disks->pdata[0];
    if (source->disks->len == 1)
      ferry_error ("no operating system found in '%s': "
                   "it is not a bootable disk, or its filesystems are "
                   "damaged or encrypted", disk->location);
    else
      ferry_error ("no operating system found in '%s' or the other %u disks",
                   disk->location, source->disks->len - 1);
    return NULL;
  }
  if (choice == NULL || strcmp (choice, "single") == 0) {
    if (n > 1) {
      g_autofree char *list = g_strjoinv (", ", roots);
      ferry_error ("several operating systems found (%s): "
                   "choose one with --root", list);
      return NULL;
    }
    return g_strdup (roots[0]);
  }
  if (strcmp (choice, "first") == 0)
    return g_strdup (roots[0]);
  for (i = 0; i < n; i++)
    if (strcmp (roots[i], choice) == 0)
      return g_strdup (roots[i]);
  ferry_error ("--root '%s': no operating system has this root filesystem",
               choice);
  return NULL;
}

/* Strings from the guest reach the terminal and the output XML: make
 * them valid UTF-8 without control characters.
 */
static void
sanitize (char **s)
{
  char *valid, *p;

  if (*s == NULL)
    return;
  valid = g_utf8_make_valid (*s, -1);
  for (p = valid; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = '?';
  g_free (*s);
  *s = valid;
}

static int
inspect (guestfs_h *g, const char *root, struct ferry_inspection *i)
{
  i->root = g_strdup (root);
  i->type = guestfs_inspect_get_type (g, root);
  i->distro = guestfs_inspect_get_distro (g, root);
  i->product_name = guestfs_inspect_get_product_name (g, root);
  i->arch = guestfs_inspect_get_arch (g, root);
  i->hostname = guestfs_inspect_get_hostname (g, root);
  i->package_format = guestfs_inspect_get_package_format (g, root);
  i->major = guestfs_inspect_get_major_version (g, root);
  i->minor = guestfs_inspect_get_minor_version (g, root);
  if (i->type == NULL || i->distro == NULL || i->arch == NULL ||
      i->product_name == NULL || i->package_format == NULL ||
      i->major == -1 || i->minor == -1) {
    guest_error (g, "inspection failed");
    return -1;
  }
  sanitize (&i->product_name);
  sanitize (&i->hostname);
  sanitize (&i->distro);
  sanitize (&i->arch);
  i->osinfo = ferry_osinfo_id (i->type, i->distro, i->major, i->minor);
  /* Debian's product name is only its version ("12.5"): name it. */
  if (g_ascii_isdigit (i->product_name[0])) {
    g_autofree char *distro = g_strdup (i->distro);
    char *named;

    distro[0] = g_ascii_toupper (distro[0]);
    named = g_strconcat (distro, " ", i->product_name, NULL);
    g_free (i->product_name);
    i->product_name = named;
  }
  return 0;
}

static int
compare_mountpoints (const void *a, const void *b)
{
  const char *const *ma = a, *const *mb = b;

  return (int) strlen (ma[0]) - (int) strlen (mb[0]);
}

/* Mount the guest's filesystems as its fstab does, shortest mountpoint
 * first.  A filesystem that will not mount is a warning, except root.
 */
static int
mount_all (guestfs_h *g, const char *root, GPtrArray *mounted)
{
  g_auto (GStrv) pairs = guestfs_inspect_get_mountpoints (g, root);
  size_t n, i;

  if (pairs == NULL) {
    guest_error (g, "cannot read the guest's mountpoints");
    return -1;
  }
  n = g_strv_length (pairs) / 2;
  /* pairs is mountpoint, device, mountpoint, device, ... */
  qsort (pairs, n, 2 * sizeof (char *), compare_mountpoints);
  for (i = 0; i < n; i++) {
    const char *mp = pairs[2 * i], *dev = pairs[2 * i + 1];

    if (guestfs_mount (g, dev, mp) == -1) {
      if (strcmp (mp, "/") == 0) {
        guest_error (g, "cannot mount the guest's root filesystem");
        return -1;
      }
      ferry_warning ("cannot mount '%s' on '%s' in the guest: %s",
                     dev, mp, guestfs_last_error (g));
      continue;
    }
    g_ptr_array_add (mounted, g_strdup (mp));
  }
  return 0;
}

#define GPT_ESP "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
#define GPT_BIOS_BOOT "21686148-6449-6E6F-744E-656564454649"

/* Firmware the guest boots with, read from its disk layout: when a GPT
 * disk has an EFI system partition and no disk has a BIOS boot partition,
 * the guest boots by UEFI; otherwise (MBR, or GPT with a BIOS boot
 * partition) by BIOS.  Every disk is looked at: the root filesystem may
 * be on LVM, and the ESP on another disk.
 */
static enum ferry_firmware
detect_firmware (guestfs_h *g)
{
  g_auto (GStrv) devices = guestfs_list_devices (g);
  bool esp = false, bios_boot = false;
  size_t d, i;

  for (d = 0; devices != NULL && devices[d] != NULL; d++) {
    g_autofree char *type = guestfs_part_get_parttype (g, devices[d]);
    struct guestfs_partition_list *parts;

    if (type == NULL || strcmp (type, "gpt") != 0)
      continue;
    parts = guestfs_part_list (g, devices[d]);
    if (parts == NULL)
      continue;
    for (i = 0; i < parts->len; i++) {
      g_autofree char *guid =
        guestfs_part_get_gpt_type (g, devices[d], parts->val[i].part_num);
      if (guid == NULL)
        continue;
      if (g_ascii_strcasecmp (guid, GPT_ESP) == 0)
        esp = true;
      else if (g_ascii_strcasecmp (guid, GPT_BIOS_BOOT) == 0)
        bios_boot = true;
    }
    guestfs_free_partition_list (parts);
  }
  return esp && !bios_boot ? FERRY_FIRMWARE_UEFI : FERRY_FIRMWARE_BIOS;
}

/* Discard the free blocks of every mounted filesystem, so that the copy
 * skips them.  Failure only costs space, so it is a debug message.
 */
static void
trim_all (guestfs_h *g, GPtrArray *mounted)
{
  size_t i;

  guestfs_sync (g);
  for (i = 0; i < mounted->len; i++) {
    const char *mp = mounted->pdata[i];

    if (guestfs_fstrim (g, mp, -1) == -1)
      ferry_debug ("fstrim '%s': %s", mp, guestfs_last_error (g));
  }
}

/* Launch the appliance over OVERLAYS, inspect the guest, mount its
 * filesystems (recorded in MOUNTED) and decide its firmware.  Returns the
 * handle and the guest's conversion module, or NULL with the error set.
 */
static guestfs_h *
open_guest (const struct ferry_source *source, char *const *overlays,
            const struct ferry_guest_options *options,
            struct ferry_target *target, GPtrArray *mounted,
            const struct ferry_convert_module **module)
{
  g_autoptr (guestfs_h) g = NULL;
  g_autofree char *root = NULL;
  size_t i;

  g = guestfs_create ();
  if (g == NULL) {
    ferry_error ("cannot create a libguestfs handle");
    return NULL;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  /* Only switch debugging on: LIBGUESTFS_DEBUG and LIBGUESTFS_TRACE in
   * the environment may have done so already.
   */
  if (options->verbose)
    guestfs_set_verbose (g, 1);
  if (options->trace)
    guestfs_set_trace (g, 1);
  /* Two vCPUs let TCG run the guest's tools on both host cores. */
  guestfs_set_smp (g, 2);

  for (i = 0; overlays[i] != NULL; i++) {
    if (guestfs_add_drive_opts (g, overlays[i],
                                GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                                GUESTFS_ADD_DRIVE_OPTS_CACHEMODE, "unsafe",
                                GUESTFS_ADD_DRIVE_OPTS_DISCARD, "besteffort",
                                -1) == -1) {
      guest_error (g, "cannot add the overlay of a source disk");
      return NULL;
    }
  }

  ferry_message ("Starting the libguestfs appliance");
  if (guestfs_launch (g) == -1) {
    guest_error (g, "cannot start the libguestfs appliance");
    return NULL;
  }

  ferry_message ("Inspecting the guest");
  root = choose_root (g, source, options->root);
  if (root == NULL)
    return NULL;
  if (inspect (g, root, &target->inspection) == -1)
    return NULL;
  ferry_message ("Found %s (%s %s) on %s",
                 target->inspection.product_name,
                 target->inspection.distro, target->inspection.arch, root);

  *module = ferry_convert_find (&target->inspection);
  if (*module == NULL)
    return NULL;

  if (mount_all (g, root, mounted) == -1)
    return NULL;

  target->firmware = source->firmware != FERRY_FIRMWARE_UNKNOWN
    ? source->firmware : detect_firmware (g);
  return g_steal_pointer (&g);
}

/* Trim, unmount, and shut the appliance down, flushing every write to
 * the overlays.
 */
static int
close_guest (guestfs_h *g, GPtrArray *mounted)
{
  ferry_message ("Trimming the filesystems");
  trim_all (g, mounted);

  if (guestfs_umount_all (g) == -1 || guestfs_shutdown (g) == -1) {
    guest_error (g, "cannot close the guest cleanly");
    return -1;
  }
  return 0;
}

/* One session: open, then convert the guest (CONVERT) or only decide
 * what a conversion would (ferry-inspect), then trim and close.
 */
static int
run_session (const struct ferry_source *source, char *const *overlays,
             const struct ferry_guest_options *options,
             struct ferry_target *target, bool convert)
{
  g_autoptr (guestfs_h) g = NULL;
  g_autoptr (GPtrArray) mounted = g_ptr_array_new_with_free_func (g_free);
  const struct ferry_convert_module *module;
  int r;

  g = open_guest (source, overlays, options, target, mounted, &module);
  if (g == NULL)
    return -1;

  if (convert) {
    ferry_message ("Converting %s to run on KVM",
                   target->inspection.product_name);
    r = module->convert (g, source, target);
  }
  else {
    ferry_message ("Deciding the devices for KVM");
    r = module->assess (g, source, target);
  }
  if (r == -1)
    return -1;

  return close_guest (g, mounted);
}

int
ferry_guest_convert (const struct ferry_source *source,
                     char *const *overlays,
                     const struct ferry_guest_options *options,
                     struct ferry_target *target)
{
  return run_session (source, overlays, options, target, true);
}

int
ferry_guest_inspect (const struct ferry_source *source,
                     char *const *overlays,
                     const struct ferry_guest_options *options,
                     struct ferry_target *target)
{
  return run_session (source, overlays, options, target, false);
}

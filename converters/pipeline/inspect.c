/* ferry: inspection of the guest (see inspect.h). */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "inspect.h"
#include "osinfo.h"
#include "session.h"
#include "errors.h"
#include "report.h"
#include "banned.h"

char *
ferry_inspect_choose_root (guestfs_h *g, const struct ferry_source *source,
             const char *choice)
{
  g_auto (GStrv) roots = guestfs_inspect_os (g);
  size_t n, i;

  if (roots == NULL) {
    ferry_session_error (g, "inspection failed");
    return NULL;
  }
  n = g_strv_length (roots);
  if (n == 0) {
    const struct ferry_source_disk *disk = source->disks->pdata[0];
    if (source->disks->len == 1)
      ferry_error ("no operating system found in '%s': "
                   "it is blank, not a bootable disk, or its filesystems "
                   "are damaged or encrypted", disk->location);
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

int
ferry_inspect_os (guestfs_h *g, const char *root, struct ferry_inspection *i)
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
    ferry_session_error (g, "inspection failed");
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
int
ferry_inspect_mount_all (guestfs_h *g, const char *root, GPtrArray *mounted)
{
  g_auto (GStrv) pairs = guestfs_inspect_get_mountpoints (g, root);
  size_t n, i;

  if (pairs == NULL) {
    ferry_session_error (g, "cannot read the guest's mountpoints");
    return -1;
  }
  n = g_strv_length (pairs) / 2;
  /* pairs is mountpoint, device, mountpoint, device, ... */
  qsort (pairs, n, 2 * sizeof (char *), compare_mountpoints);
  for (i = 0; i < n; i++) {
    const char *mp = pairs[2 * i], *dev = pairs[2 * i + 1];

    if (guestfs_mount (g, dev, mp) == -1) {
      if (strcmp (mp, "/") == 0) {
        ferry_session_error (g, "cannot mount the guest's root filesystem");
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
enum ferry_firmware
ferry_inspect_firmware (guestfs_h *g)
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


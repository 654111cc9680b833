/* ferry: -i vmx, a VMware virtual machine from its .vmx file.
 *
 * The one argument is the .vmx file.  The source model comes from the
 * file alone (vmx.h): name, memory, vCPUs, firmware, hard disks, CD-ROM
 * and floppy drives, NICs.  Disk file names are taken relative to the
 * .vmx's folder.  Building the model opens no disk, so --print-source
 * works on a .vmx whose disks are elsewhere (on the ESXi datastore).
 *
 * For a conversion each hard disk is then opened the way -i disk opens
 * its images: by its real path, probed with qemu-img (as VMDK for a
 * .vmdk file, unless -if says otherwise), which also checks that the
 * files a VMDK names stay in its folder.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../input.h"
#include "../image.h"
#include "../vmx.h"
#include "../../common/errors.h"
#include "../../common/banned.h"

/* Read FILE whole, refusing anything but a regular file of at most
 * FERRY_VMX_MAX_SIZE bytes (a disk image named by mistake is not read).
 */
static char *
read_vmx (const char *file, size_t *len)
{
  g_autofree char *buf = NULL;
  struct stat st;
  size_t size = 0;
  int fd;

  fd = open (file, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    ferry_error_errno (errno, "cannot open '%s'", file);
    return NULL;
  }
  if (fstat (fd, &st) == -1) {
    ferry_error_errno (errno, "cannot read '%s'", file);
    close (fd);
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    ferry_error ("cannot read '%s': not a regular file", file);
    close (fd);
    return NULL;
  }
  if (st.st_size > FERRY_VMX_MAX_SIZE) {
    ferry_error ("cannot parse '%s': larger than %u MiB, not a VMX file",
                 file, FERRY_VMX_MAX_SIZE >> 20);
    close (fd);
    return NULL;
  }

  /* One byte more than the limit: a file that grew is caught too. */
  buf = g_malloc (FERRY_VMX_MAX_SIZE + 1);
  for (;;) {
    ssize_t r = read (fd, buf + size, FERRY_VMX_MAX_SIZE + 1 - size);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      ferry_error_errno (errno, "cannot read '%s'", file);
      close (fd);
      return NULL;
    }
    if (r == 0 || size + r > FERRY_VMX_MAX_SIZE) {
      size += r;
      break;
    }
    size += r;
  }
  close (fd);
  *len = size;
  return g_steal_pointer (&buf);
}

/* The guest's name when the .vmx has no displayName: its file name
 * without the extension.
 */
static char *
name_from_file (const char *file)
{
  g_autofree char *base = g_path_get_basename (file);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* Open each hard disk for the conversion, as -i disk does. */
static int
probe_disks (struct ferry_source *source, const char *format)
{
  size_t i;

  for (i = 0; i < source->disks->len; i++) {
    struct ferry_source_disk *disk = source->disks->pdata[i];
    struct ferry_image_info info;
    g_autofree char *abs = realpath (disk->location, NULL);

    if (abs == NULL) {
      ferry_error_errno (errno, "cannot open '%s'", disk->location);
      return -1;
    }
    if (ferry_image_probe (abs, format ? format : disk->format,
                           &info) == -1)
      return -1;
    g_free (disk->location);
    disk->location = g_steal_pointer (&abs);
    g_free (disk->format);
    disk->format = info.format;
    disk->virtual_size = info.virtual_size;
  }
  return 0;
}

static struct ferry_source *
vmx_open (const struct ferry_input_options *options,
          char *const *args, size_t nargs)
{
  const char *file = args[0];
  g_autofree char *buf = NULL;
  g_autofree char *abs = NULL, *folder = NULL, *name = NULL;
  g_autoptr (ferry_vmx) vmx = NULL;
  g_autoptr (ferry_source) source = NULL;
  size_t len = 0;

  buf = read_vmx (file, &len);
  if (buf == NULL)
    return NULL;
  if (len > FERRY_VMX_MAX_SIZE) {
    ferry_error ("cannot parse '%s': larger than %u MiB, not a VMX file",
                 file, FERRY_VMX_MAX_SIZE >> 20);
    return NULL;
  }
  vmx = ferry_vmx_parse (buf, len, file);
  if (vmx == NULL)
    return NULL;

  abs = g_canonicalize_filename (file, NULL);
  folder = g_path_get_dirname (abs);
  name = name_from_file (file);
  source = ferry_vmx_source (vmx, folder, name);
  if (source == NULL)
    return NULL;

  if (!options->metadata_only &&
      probe_disks (source, options->format) == -1)
    return NULL;
  return g_steal_pointer (&source);
}

const struct ferry_input_module ferry_input_vmx = {
  .name = "vmx",
  .description = "a VMware guest from its .vmx file",
  .min_args = 1,
  .max_args = 1,
  .open = vmx_open,
};

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

/* Open each hard disk for the conversion, as -i disk does. */
static int
probe_disks (struct ferry_source *source, const char *format)
{
  size_t i;

  for (i = 0; i < source->disks->len; i++)
    if (ferry_input_probe_local_disk (source->disks->pdata[i], format) == -1)
      return -1;
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

  buf = ferry_input_read_file (file, FERRY_VMX_MAX_SIZE, "a VMX file", &len);
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
  name = ferry_input_name_from_file (file);
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

/* ferry: -i disk, bare disk images.
 *
 * Each argument is one disk image, in the order the guest sees them.  A
 * disk image says nothing about the machine around it, so the model gets
 * the same defaults virt-v2v gives: the name of the first image without
 * its extension, 2 GiB of memory, one vCPU, one NIC on the "default"
 * network, and firmware decided later by inspection.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../input.h"
#include "../image.h"
#include "../../common/errors.h"
#include "../../common/banned.h"

static char *
name_from_file (const char *file)
{
  g_autofree char *base = g_path_get_basename (file);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static struct ferry_source *
disk_open (const struct ferry_input_options *options,
           char *const *args, size_t nargs)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  size_t i;

  source->name = name_from_file (args[0]);
  source->memory = UINT64_C (2) << 30;
  source->vcpus = 1;
  source->firmware = FERRY_FIRMWARE_UNKNOWN;

  for (i = 0; i < nargs; i++) {
    struct ferry_image_info info;
    struct ferry_source_disk *disk;
    g_autofree char *abs = realpath (args[i], NULL);

    /* Probe the very path the overlay will name, so that qemu resolves
     * the image's references from the folder that was checked.
     */
    if (abs == NULL) {
      ferry_error_errno (errno, "cannot open '%s'", args[i]);
      return NULL;
    }
    if (ferry_image_probe (abs, options->format, &info) == -1)
      return NULL;
    disk = ferry_source_add_disk (source, g_steal_pointer (&abs), info.format);
    disk->virtual_size = info.virtual_size;
  }

  ferry_source_add_nic (source, NULL, g_strdup ("default"), NULL);
  return g_steal_pointer (&source);
}

const struct ferry_input_module ferry_input_disk = {
  .name = "disk",
  .description = "local disk images (raw, qcow2, vmdk, ...)",
  .min_args = 1,
  .max_args = 64,
  .open = disk_open,
};

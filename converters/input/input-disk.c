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

#include "input.h"
#include "image.h"
#include "errors.h"
#include "banned.h"

static struct ferry_source *
disk_open (const struct ferry_input_options *options,
           char *const *args, size_t nargs)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  size_t i;

  source->name = ferry_input_name_from_file (args[0]);
  source->memory = UINT64_C (2) << 30;
  source->vcpus = 1;
  source->firmware = FERRY_FIRMWARE_UNKNOWN;

  for (i = 0; i < nargs; i++) {
    struct ferry_source_disk *disk =
      ferry_source_add_disk (source, g_strdup (args[i]), NULL);

    if (ferry_input_probe_local_disk (disk, options->format) == -1)
      return NULL;
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

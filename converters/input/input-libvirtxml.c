/* ferry: -i libvirtxml, a guest from its libvirt domain XML.
 *
 * The one argument is the XML file ("virsh dumpxml" output, or what
 * ferry-p2v-server writes for a physical machine).  The source model
 * comes from the file alone (parse-libvirtxml.h): relative disk file names are
 * taken relative to the XML's folder, and NBD network disks become NBD
 * URIs.  Building the model opens no disk, so --print-source works on an
 * XML whose disks are elsewhere or whose NBD servers are not running.
 *
 * For a conversion every file or block disk must first resolve to a
 * file inside the XML's folder, or to a place --allow-path names
 * (confine.h): the XML is hostile input, its names could point at any
 * host file or device.  Each disk is then opened: a file or block device
 * the way -i disk opens its images (by its real path, probed with
 * qemu-img, its references kept in its folder), an NBD disk with
 * qemu-img info in its declared format, for its size.  -if overrides the
 * XML's formats.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "image.h"
#include "parse-libvirtxml.h"
#include "errors.h"
#include "banned.h"

/* Open each hard disk for the conversion (FORMAT: -if, or NULL). */
static int
probe_disks (struct ferry_source *source, const char *format)
{
  size_t i;

  for (i = 0; i < source->disks->len; i++) {
    struct ferry_source_disk *disk = source->disks->pdata[i];
    const char *want = format ? format : disk->format;
    struct ferry_image_info info;

    if (ferry_libvirtxml_is_uri (disk->location)) {
      /* The parser gives every NBD disk a format. */
      g_assert (want != NULL);
      if (ferry_image_probe_uri (disk->location, want, &info) == -1)
        return -1;
      g_free (disk->format);
      disk->format = info.format;
      disk->virtual_size = info.virtual_size;
    }
    else if (ferry_input_probe_local_disk (disk, format) == -1)
      return -1;
  }
  return 0;
}

/* Shared with -i libvirt (input.h). */
struct ferry_source *
ferry_input_libvirtxml_source (const char *buf, size_t len, const char *file,
                               const char *folder, bool confine,
                               const struct ferry_input_options *options)
{
  g_autoptr (ferry_source) source = NULL;

  source = ferry_libvirtxml_parse (buf, len, file, folder);
  if (source == NULL)
    return NULL;

  /* Every disk is checked before any is opened. */
  if (options->metadata_only)
    return g_steal_pointer (&source);
  if (confine &&
      ferry_input_confine_disks (source, file, "XML", folder, options) == -1)
    return NULL;
  if (probe_disks (source, options->format) == -1)
    return NULL;
  return g_steal_pointer (&source);
}

static struct ferry_source *
libvirtxml_open (const struct ferry_input_options *options,
                 char *const *args, size_t nargs)
{
  const char *file = args[0];
  g_autofree char *buf = NULL;
  g_autofree char *abs = NULL, *folder = NULL;
  size_t len = 0;

  buf = ferry_input_read_file (file, FERRY_LIBVIRTXML_MAX_SIZE,
                               "a libvirt domain XML file", &len);
  if (buf == NULL)
    return NULL;
  abs = g_canonicalize_filename (file, NULL);
  folder = g_path_get_dirname (abs);
  return ferry_input_libvirtxml_source (buf, len, file, folder, true,
                                        options);
}

const struct ferry_input_module ferry_input_libvirtxml = {
  .name = "libvirtxml",
  .description = "a libvirt guest from its domain XML (file, block or NBD "
                 "disks)",
  .min_args = 1,
  .max_args = 1,
  .confines_disks = true,
  .open = libvirtxml_open,
};

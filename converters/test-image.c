/* Unit test: parsing "qemu-img info" output (image.h). */

#include <config.h>

#include <string.h>

#include "image.h"
#include "../common/tap.h"
#include "../common/banned.h"

static const char vmdk_info[] =
  "image: disk.vmdk\n"
  "file format: vmdk\n"
  "virtual size: 5 GiB (5368709120 bytes)\n"
  "disk size: 731 MiB\n"
  "cluster_size: 65536\n"
  "Format specific information:\n"
  "    cid: 1234\n"
  "    parent cid: 4294967295\n"
  "    create type: monolithicSparse\n"
  "    extents:\n"
  "        [0]:\n"
  "            virtual size: 5368709120\n"
  "            filename: disk.vmdk\n"
  "            cluster size: 65536\n"
  "            format: \n"
  "        [1]:\n"
  "            virtual size: 1024\n"
  "            filename: ../../etc/shadow\n"
  "Child node '/file':\n"
  "    filename: disk.vmdk\n";

static const char qcow2_info[] =
  "image: top.qcow2\n"
  "file format: qcow2\n"
  "virtual size: 1 MiB (1048576 bytes)\n"
  "disk size: 196 KiB\n"
  "cluster_size: 65536\n"
  "backing file: base.raw (actual path: /tmp/x/base.raw)\n"
  "backing file format: raw\n";

static const char raw_info[] =
  "image: r.img\n"
  "file format: raw\n"
  "virtual size: 0 B (0 bytes)\n"
  "disk size: 0 B\n";

int
main (void)
{
  struct ferry_image_info info;
  char **refs = NULL;

  tap_plan (15);

  tap_ok (ferry_image_parse_info (vmdk_info, &info, &refs) == 0,
          "a VMDK's info parses");
  tap_ok (strcmp (info.format, "vmdk") == 0, "format vmdk");
  tap_ok (info.virtual_size == 5368709120ULL, "virtual size in bytes");
  tap_ok (g_strv_length (refs) == 2 && strcmp (refs[0], "disk.vmdk") == 0 &&
          strcmp (refs[1], "../../etc/shadow") == 0,
          "both extents are reported, the hostile one included");
  g_free (info.format);
  g_strfreev (refs);

  tap_ok (ferry_image_parse_info (qcow2_info, &info, &refs) == 0,
          "a qcow2 with a backing file parses");
  tap_ok (strcmp (info.format, "qcow2") == 0, "format qcow2");
  tap_ok (g_strv_length (refs) == 1 && strcmp (refs[0], "base.raw") == 0,
          "the backing file is reported as written in the image");
  g_free (info.format);
  g_strfreev (refs);

  tap_ok (ferry_image_parse_info (raw_info, &info, &refs) == 0,
          "an empty raw image parses");
  tap_ok (info.virtual_size == 0 && g_strv_length (refs) == 0,
          "size 0, no references");
  g_free (info.format);
  g_strfreev (refs);

  refs = NULL;
  tap_ok (ferry_image_parse_info ("", &info, &refs) == -1 && refs == NULL,
          "empty text is refused");
  tap_ok (ferry_image_parse_info ("file format: raw\n", &info, &refs) == -1,
          "no virtual size is refused");
  tap_ok (ferry_image_parse_info ("virtual size: 1 B (1 bytes)\n", &info,
                                  &refs) == -1,
          "no format is refused");
  tap_ok (ferry_image_parse_info ("file format: raw\nvirtual size: x (bytes)\n",
                                  &info, &refs) == -1,
          "a size with no number is refused");
  tap_ok (ferry_image_parse_info ("file format: raw\n"
                                  "virtual size: 9 (99999999999999999999999 bytes)\n",
                                  &info, &refs) == -1,
          "an overflowing size is refused");
  tap_ok (ferry_image_parse_info ("file format: \nvirtual size: 1 B (1 bytes)\n",
                                  &info, &refs) == -1,
          "an empty format is refused");
  return tap_done ();
}

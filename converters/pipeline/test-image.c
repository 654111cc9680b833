/* Unit test: parsing "qemu-img info" output (image.h). */

#include <config.h>

#include <string.h>

#include "image.h"
#include "tap.h"
#include "banned.h"

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
  "backing file format: raw\n"
  "file format: raw\n"
  "virtual size: 1 GiB (1073741824 bytes)\n"
  "Format specific information:\n"
  "    compat: 1.1\n"
  "    data file: /dev/sda\n";

static const char raw_info[] =
  "image: r.img\n"
  "file format: raw\n"
  "virtual size: 0 B (0 bytes)\n"
  "disk size: 0 B\n";

int
main (void)
{
  struct ferry_image_info info;
  char **refs = NULL, **extents = NULL;

  tap_plan (26);

  tap_ok (ferry_image_parse_info (vmdk_info, &info, &refs, &extents) == 0,
          "a VMDK's info parses");
  tap_ok (strcmp (info.format, "vmdk") == 0, "format vmdk");
  tap_ok (info.virtual_size == 5368709120ULL, "virtual size in bytes");
  tap_ok (g_strv_length (extents) == 2 && strcmp (extents[0], "disk.vmdk") == 0 &&
          strcmp (extents[1], "../../etc/shadow") == 0,
          "both extents are reported, the hostile one included");
  tap_ok (g_strv_length (refs) == 0, "a VMDK with no parent names no image");
  g_free (info.format);
  g_strfreev (refs);
  g_strfreev (extents);

  tap_ok (ferry_image_parse_info (qcow2_info, &info, &refs, &extents) == 0,
          "a qcow2 with a backing file parses");
  tap_ok (strcmp (info.format, "qcow2") == 0, "format qcow2");
  tap_ok (g_strv_length (refs) == 2 && strcmp (refs[0], "base.raw") == 0,
          "the backing file is reported as written in the image");
  tap_ok (strcmp (refs[1], "/dev/sda") == 0, "so is the external data file");
  tap_ok (info.virtual_size == 1048576, "an injected size does not win");
  g_free (info.format);
  g_strfreev (refs);
  g_strfreev (extents);

  tap_ok (ferry_image_parse_info (raw_info, &info, &refs, &extents) == 0,
          "an empty raw image parses");
  tap_ok (info.virtual_size == 0 && g_strv_length (refs) == 0 &&
          g_strv_length (extents) == 0, "size 0, no references");
  g_free (info.format);
  g_strfreev (refs);
  g_strfreev (extents);

  refs = NULL;
  tap_ok (ferry_image_parse_info ("", &info, &refs, &extents) == -1 && refs == NULL,
          "empty text is refused");
  tap_ok (ferry_image_parse_info ("file format: raw\n", &info, &refs, &extents) == -1,
          "no virtual size is refused");
  tap_ok (ferry_image_parse_info ("virtual size: 1 B (1 bytes)\n", &info,
                                  &refs, &extents) == -1,
          "no format is refused");
  tap_ok (ferry_image_parse_info ("file format: raw\nvirtual size: x (bytes)\n",
                                  &info, &refs, &extents) == -1,
          "a size with no number is refused");
  tap_ok (ferry_image_parse_info ("file format: raw\n"
                                  "virtual size: 9 (99999999999999999999999 bytes)\n",
                                  &info, &refs, &extents) == -1,
          "an overflowing size is refused");
  tap_ok (ferry_image_parse_info ("file format: \nvirtual size: 1 B (1 bytes)\n",
                                  &info, &refs, &extents) == -1,
          "an empty format is refused");
  tap_ok (ferry_image_name_is_plain ("base.qcow2"), "a file name is plain");
  tap_ok (ferry_image_name_is_plain ("/srv/a:b.qcow2"),
          "a colon after a slash is plain");
  tap_ok (ferry_image_name_is_plain ("./a:b"), "./a:b is plain");
  tap_ok (!ferry_image_name_is_plain ("nbd:host:10809"), "nbd: is a protocol");
  tap_ok (!ferry_image_name_is_plain ("file:/etc/shadow"), "file: is a protocol");
  tap_ok (!ferry_image_name_is_plain ("json:{\"driver\":\"raw\"}"),
          "json: is a protocol");
  tap_ok (!ferry_image_name_is_plain ("host_device:/dev/sda"),
          "host_device: is a protocol");
  tap_ok (!ferry_image_name_is_plain (""), "an empty name is not a file");
  return tap_done ();
}

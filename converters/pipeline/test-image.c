/* Unit test: reading what "qemu-img info --output=json" and "qemu-img
 * measure --output=json" print (image.h).  The first texts are qemu-img's
 * own (7.2), for images made with qemu-img create; the corpus of the
 * fuzz target holds them too (corpus/image-info/).  The hostile ones are
 * made by hand from them.
 */

#include <config.h>

#include <string.h>

#include "image.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

/* A qcow2 over a raw backing file
 * (qcow2-backing.json). */
static const char qcow2_backing[] =
  "{\n"
  "    \"backing-filename-format\": \"raw\",\n"
  "    \"virtual-size\": 1048576,\n"
  "    \"filename\": \"/var/tmp/img/top.qcow2\",\n"
  "    \"cluster-size\": 65536,\n"
  "    \"format\": \"qcow2\",\n"
  "    \"actual-size\": 200704,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"qcow2\",\n"
  "        \"data\": {\n"
  "            \"compat\": \"1.1\",\n"
  "            \"compression-type\": \"zlib\",\n"
  "            \"lazy-refcounts\": false,\n"
  "            \"refcount-bits\": 16,\n"
  "            \"corrupt\": false,\n"
  "            \"extended-l2\": false\n"
  "        }\n"
  "    },\n"
  "    \"full-backing-filename\": \"/var/tmp/img/base.raw\",\n"
  "    \"backing-filename\": \"base.raw\",\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* A qcow2 with an external data file
 * (qcow2-data-file.json). */
static const char qcow2_data_file[] =
  "{\n"
  "    \"virtual-size\": 1048576,\n"
  "    \"filename\": \"/var/tmp/img/data.qcow2\",\n"
  "    \"cluster-size\": 65536,\n"
  "    \"format\": \"qcow2\",\n"
  "    \"actual-size\": 200704,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"qcow2\",\n"
  "        \"data\": {\n"
  "            \"compat\": \"1.1\",\n"
  "            \"compression-type\": \"zlib\",\n"
  "            \"lazy-refcounts\": false,\n"
  "            \"refcount-bits\": 16,\n"
  "            \"data-file\": \"data.raw\",\n"
  "            \"data-file-raw\": false,\n"
  "            \"corrupt\": false,\n"
  "            \"extended-l2\": false\n"
  "        }\n"
  "    },\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* A qcow2 whose backing file name holds newlines and
 * qemu-img's own words
 * (qcow2-backing-newline.json). */
static const char qcow2_newline[] =
  "{\n"
  "    \"backing-filename-format\": \"raw\",\n"
  "    \"virtual-size\": 1048576,\n"
  "    \"filename\": \"/var/tmp/img/odd.qcow2\",\n"
  "    \"cluster-size\": 65536,\n"
  "    \"format\": \"qcow2\",\n"
  "    \"actual-size\": 200704,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"qcow2\",\n"
  "        \"data\": {\n"
  "            \"compat\": \"1.1\",\n"
  "            \"compression-type\": \"zlib\",\n"
  "            \"lazy-refcounts\": false,\n"
  "            \"refcount-bits\": 16,\n"
  "            \"corrupt\": false,\n"
  "            \"extended-l2\": false\n"
  "        }\n"
  "    },\n"
  "    \"full-backing-filename\": \"x\\nfile format: raw\\nvirtu"
  "al size: 1 B (1 bytes)\",\n"
  "    \"backing-filename\": \"x\\nfile format: raw\\nvirtual si"
  "ze: 1 B (1 bytes)\",\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* A monolithicSparse VMDK: its one extent is itself
 * (vmdk-monolithic-sparse.json). */
static const char vmdk_sparse[] =
  "{\n"
  "    \"virtual-size\": 5368709120,\n"
  "    \"filename\": \"/var/tmp/img/disk.vmdk\",\n"
  "    \"cluster-size\": 65536,\n"
  "    \"format\": \"vmdk\",\n"
  "    \"actual-size\": 16384,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"vmdk\",\n"
  "        \"data\": {\n"
  "            \"cid\": 3220443873,\n"
  "            \"parent-cid\": 4294967295,\n"
  "            \"create-type\": \"monolithicSparse\",\n"
  "            \"extents\": [\n"
  "                {\n"
  "                    \"virtual-size\": 5368709120,\n"
  "                    \"filename\": \"/var/tmp/img/disk.vmdk\""
  ",\n"
  "                    \"cluster-size\": 65536,\n"
  "                    \"format\": \"\"\n"
  "                }\n"
  "            ]\n"
  "        }\n"
  "    },\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* A twoGbMaxExtentSparse VMDK: three extent files
 * (vmdk-two-gb-extents.json). */
static const char vmdk_split[] =
  "{\n"
  "    \"virtual-size\": 5368709120,\n"
  "    \"filename\": \"/var/tmp/img/split.vmdk\",\n"
  "    \"cluster-size\": 65536,\n"
  "    \"format\": \"vmdk\",\n"
  "    \"actual-size\": 40960,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"vmdk\",\n"
  "        \"data\": {\n"
  "            \"cid\": 2734610608,\n"
  "            \"parent-cid\": 4294967295,\n"
  "            \"create-type\": \"twoGbMaxExtentSparse\",\n"
  "            \"extents\": [\n"
  "                {\n"
  "                    \"virtual-size\": 2147483648,\n"
  "                    \"filename\": \"/var/tmp/img/split-s001"
  ".vmdk\",\n"
  "                    \"cluster-size\": 65536,\n"
  "                    \"format\": \"SPARSE\"\n"
  "                },\n"
  "                {\n"
  "                    \"virtual-size\": 2147483648,\n"
  "                    \"filename\": \"/var/tmp/img/split-s002"
  ".vmdk\",\n"
  "                    \"cluster-size\": 65536,\n"
  "                    \"format\": \"SPARSE\"\n"
  "                },\n"
  "                {\n"
  "                    \"virtual-size\": 1073741824,\n"
  "                    \"filename\": \"/var/tmp/img/split-s003"
  ".vmdk\",\n"
  "                    \"cluster-size\": 65536,\n"
  "                    \"format\": \"SPARSE\"\n"
  "                }\n"
  "            ]\n"
  "        }\n"
  "    },\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* A monolithicFlat VMDK: a descriptor and its flat extent
 * (vmdk-flat.json). */
static const char vmdk_flat[] =
  "{\n"
  "    \"virtual-size\": 1048576,\n"
  "    \"filename\": \"/var/tmp/img/flat.vmdk\",\n"
  "    \"format\": \"vmdk\",\n"
  "    \"actual-size\": 8192,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"vmdk\",\n"
  "        \"data\": {\n"
  "            \"cid\": 389895648,\n"
  "            \"parent-cid\": 4294967295,\n"
  "            \"create-type\": \"monolithicFlat\",\n"
  "            \"extents\": [\n"
  "                {\n"
  "                    \"virtual-size\": 1048576,\n"
  "                    \"filename\": \"/var/tmp/img/flat-flat."
  "vmdk\",\n"
  "                    \"format\": \"FLAT\"\n"
  "                }\n"
  "            ]\n"
  "        }\n"
  "    },\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* A VMDK over a parent VMDK
 * (vmdk-parent.json). */
static const char vmdk_parent[] =
  "{\n"
  "    \"backing-filename-format\": \"vmdk\",\n"
  "    \"virtual-size\": 5368709120,\n"
  "    \"filename\": \"/var/tmp/img/child.vmdk\",\n"
  "    \"cluster-size\": 65536,\n"
  "    \"format\": \"vmdk\",\n"
  "    \"actual-size\": 16384,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"vmdk\",\n"
  "        \"data\": {\n"
  "            \"cid\": 1393399699,\n"
  "            \"parent-cid\": 3220443873,\n"
  "            \"create-type\": \"monolithicSparse\",\n"
  "            \"extents\": [\n"
  "                {\n"
  "                    \"virtual-size\": 5368709120,\n"
  "                    \"filename\": \"/var/tmp/img/child.vmdk"
  "\",\n"
  "                    \"cluster-size\": 65536,\n"
  "                    \"format\": \"\"\n"
  "                }\n"
  "            ]\n"
  "        }\n"
  "    },\n"
  "    \"full-backing-filename\": \"/var/tmp/img/disk.vmdk\",\n"
  "    \"backing-filename\": \"disk.vmdk\",\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* A sparse VMDK read in place inside a package, through
 * a json: name
 * (vmdk-in-place.json). */
static const char vmdk_in_place[] =
  "{\n"
  "    \"virtual-size\": 5368709120,\n"
  "    \"filename\": \"json:{\\\"driver\\\": \\\"vmdk\\\", \\\"file\\\": {"
  "\\\"offset\\\": 512, \\\"driver\\\": \\\"raw\\\", \\\"size\\\": 720896, "
  "\\\"file\\\": {\\\"driver\\\": \\\"file\\\", \\\"filename\\\": \\\"/var/tm"
  "p/img/disk.ova\\\"}}}\",\n"
  "    \"cluster-size\": 65536,\n"
  "    \"format\": \"vmdk\",\n"
  "    \"actual-size\": 724992,\n"
  "    \"format-specific\": {\n"
  "        \"type\": \"vmdk\",\n"
  "        \"data\": {\n"
  "            \"cid\": 3220443873,\n"
  "            \"parent-cid\": 4294967295,\n"
  "            \"create-type\": \"monolithicSparse\",\n"
  "            \"extents\": [\n"
  "                {\n"
  "                    \"virtual-size\": 5368709120,\n"
  "                    \"filename\": \"json:{\\\"offset\\\": 512, "
  "\\\"driver\\\": \\\"raw\\\", \\\"size\\\": 720896, \\\"file\\\": {\\\"driv"
  "er\\\": \\\"file\\\", \\\"filename\\\": \\\"/var/tmp/img/disk.ova\\\"}"
  "}\",\n"
  "                    \"cluster-size\": 65536,\n"
  "                    \"format\": \"\"\n"
  "                }\n"
  "            ]\n"
  "        }\n"
  "    },\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* An empty raw image
 * (raw.json). */
static const char raw[] =
  "{\n"
  "    \"virtual-size\": 0,\n"
  "    \"filename\": \"/var/tmp/img/empty.img\",\n"
  "    \"format\": \"raw\",\n"
  "    \"actual-size\": 0,\n"
  "    \"dirty-flag\": false\n"
  "}\n";

/* "qemu-img measure -O qcow2" of the qcow2 over a raw
 * backing file
 * (measure.json). */
static const char measure[] =
  "{\n"
  "    \"bitmaps\": 0,\n"
  "    \"required\": 393216,\n"
  "    \"fully-allocated\": 1376256\n"
  "}\n";

/* One parse: R is what ferry_image_parse_info returns; then FORMAT,
 * VIRTUAL_SIZE, ALLOCATED, NAME, and the IMAGES and FILES lists joined
 * with '|' must be read; or, when R is -1, ERROR must be in the error.
 */
struct info_case {
  const char *what;
  const char *text;
  int r;
  const char *format;
  uint64_t virtual_size;
  uint64_t allocated;
  const char *name;
  const char *images;
  const char *files;
  const char *error;
};

#define HEAD "{\"format\": \"qcow2\", \"virtual-size\": 1, \"filename\": \"t\""
#define OK(what, text, images, files) \
  { what, text, 0, "qcow2", 1, 0, "t", images, files, NULL }
#define BAD(what, text, error) \
  { what, text, -1, NULL, 0, 0, NULL, NULL, NULL, error }

static const struct info_case info_cases[] = {
  { "a qcow2 with a backing file", qcow2_backing, 0, "qcow2", 1048576,
    200704, "/var/tmp/img/top.qcow2", "base.raw", "/var/tmp/img/base.raw",
    NULL },
  { "a qcow2 with a data file", qcow2_data_file, 0, "qcow2", 1048576, 200704,
    "/var/tmp/img/data.qcow2", "data.raw", "", NULL },
  { "a backing file name with newlines is one name", qcow2_newline, 0,
    "qcow2", 1048576, 200704, "/var/tmp/img/odd.qcow2",
    "x\nfile format: raw\nvirtual size: 1 B (1 bytes)",
    "x\nfile format: raw\nvirtual size: 1 B (1 bytes)", NULL },
  { "a monolithicSparse VMDK", vmdk_sparse, 0, "vmdk", 5368709120, 16384,
    "/var/tmp/img/disk.vmdk", "", "/var/tmp/img/disk.vmdk", NULL },
  { "a twoGbMaxExtentSparse VMDK", vmdk_split, 0, "vmdk", 5368709120, 40960,
    "/var/tmp/img/split.vmdk", "",
    "/var/tmp/img/split-s001.vmdk|/var/tmp/img/split-s002.vmdk|"
    "/var/tmp/img/split-s003.vmdk", NULL },
  { "a monolithicFlat VMDK", vmdk_flat, 0, "vmdk", 1048576, 8192,
    "/var/tmp/img/flat.vmdk", "", "/var/tmp/img/flat-flat.vmdk", NULL },
  { "a VMDK with a parent", vmdk_parent, 0, "vmdk", 5368709120, 16384,
    "/var/tmp/img/child.vmdk", "disk.vmdk",
    "/var/tmp/img/disk.vmdk|/var/tmp/img/child.vmdk", NULL },
  { "a VMDK read through a json: name", vmdk_in_place, 0, "vmdk",
    5368709120, 724992,
    "json:{\"driver\": \"vmdk\", \"file\": {\"offset\": 512, \"driver\": "
    "\"raw\", \"size\": 720896, \"file\": {\"driver\": \"file\", "
    "\"filename\": \"/var/tmp/img/disk.ova\"}}}", "",
    "json:{\"offset\": 512, \"driver\": \"raw\", \"size\": 720896, \"file\": "
    "{\"driver\": \"file\", \"filename\": \"/var/tmp/img/disk.ova\"}}", NULL },
  { "an empty raw image", raw, 0, "raw", 0, 0, "/var/tmp/img/empty.img", "",
    "", NULL },

  OK ("the smallest report", HEAD "}", "", ""),
  OK ("escapes are decoded before the names are checked",
      HEAD ", \"backing-filename\": \"\\u002e\\u002e/\\/etc\"}",
      "..//etc", ""),
  OK ("qemu's full backing name alone is the backing file",
      HEAD ", \"full-backing-filename\": \"/b\"}", "/b", ""),
  OK ("extents are read in any format",
      HEAD ", \"format-specific\": {\"type\": \"qcow2\", \"data\": "
      "{\"extents\": [{\"filename\": \"e\"}]}}}", "", "e"),
  OK ("a data file is read in any format",
      HEAD ", \"format-specific\": {\"type\": \"vmdk\", \"data\": "
      "{\"data-file\": \"d\"}}}", "d", ""),
  OK ("unknown members are ignored",
      HEAD ", \"children\": [{\"name\": \"file\"}], \"dirty-flag\": false}",
      "", ""),

  BAD ("a size of 2^64", "{\"format\": \"raw\", \"virtual-size\": "
       "18446744073709551616, \"filename\": \"t\"}", "out of range"),
  BAD ("a size of 2^63", "{\"format\": \"raw\", \"virtual-size\": "
       "9223372036854775808, \"filename\": \"t\"}", "out of range"),
  BAD ("a huge size", "{\"format\": \"raw\", \"virtual-size\": "
       "99999999999999999999999999, \"filename\": \"t\"}", "out of range"),
  BAD ("a negative size", "{\"format\": \"raw\", \"virtual-size\": -1, "
       "\"filename\": \"t\"}", "negative"),
  BAD ("a fractional size", "{\"format\": \"raw\", \"virtual-size\": 1.5, "
       "\"filename\": \"t\"}", "\"virtual-size\" is not an integer"),
  BAD ("a size as a string", "{\"format\": \"raw\", \"virtual-size\": \"1\", "
       "\"filename\": \"t\"}", "\"virtual-size\" is not an integer"),
  BAD ("a negative allocation", HEAD ", \"actual-size\": -512}", "negative"),
  BAD ("an allocation as a string", HEAD ", \"actual-size\": \"512\"}",
       "\"actual-size\" is not an integer"),
  BAD ("no size", "{\"format\": \"raw\", \"filename\": \"t\"}",
       "\"virtual-size\" is missing"),
  BAD ("no format", "{\"virtual-size\": 1, \"filename\": \"t\"}",
       "\"format\" is missing"),
  BAD ("an empty format", "{\"format\": \"\", \"virtual-size\": 1, "
       "\"filename\": \"t\"}", "\"format\" is empty"),
  BAD ("a format as a number", "{\"format\": 7, \"virtual-size\": 1, "
       "\"filename\": \"t\"}", "\"format\" is not a string"),
  BAD ("no file name", "{\"format\": \"raw\", \"virtual-size\": 1}",
       "\"filename\" is missing"),
  BAD ("a backing file in an array", HEAD ", \"backing-filename\": "
       "[\"../x\"]}", "\"backing-filename\" is not a string"),
  BAD ("a null backing file", HEAD ", \"backing-filename\": null}",
       "\"backing-filename\" is not a string"),
  BAD ("a full backing name as a number", HEAD ", \"backing-filename\": "
       "\"b\", \"full-backing-filename\": 1}",
       "\"full-backing-filename\" is not a string"),
  BAD ("a backing file cut by a NUL", HEAD ", \"backing-filename\": "
       "\"b\\u0000/../../x\"}", "NUL"),
  BAD ("format-specific as a string", HEAD ", \"format-specific\": \"x\"}",
       "\"format-specific\" is not an object"),
  BAD ("data as an array", HEAD ", \"format-specific\": {\"data\": []}}",
       "\"format-specific\" \"data\" is not an object"),
  BAD ("a data file as a number", HEAD ", \"format-specific\": {\"data\": "
       "{\"data-file\": 5}}}", "\"data-file\" is not a string"),
  BAD ("extents as an object", HEAD ", \"format-specific\": {\"data\": "
       "{\"extents\": {\"filename\": \"e\"}}}}", "\"extents\" is not an array"),
  BAD ("an extent as a string", HEAD ", \"format-specific\": {\"data\": "
       "{\"extents\": [{\"filename\": \"e\"}, \"f\"]}}}",
       "\"extents\" [1] is not an object"),
  BAD ("an extent with no file name", HEAD ", \"format-specific\": "
       "{\"data\": {\"extents\": [{\"format\": \"FLAT\"}]}}}",
       "\"extents\" [0] \"filename\" is missing"),
  BAD ("an extent's file name as a number", HEAD ", \"format-specific\": "
       "{\"data\": {\"extents\": [{\"filename\": 7}]}}}",
       "\"filename\" is not a string"),
  BAD ("deep nesting", HEAD ", \"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
       "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", "nested deeper"),
  BAD ("an array", "[" HEAD "}]", "not an object"),
  BAD ("a string", "\"qcow2\"", "not an object"),
  BAD ("text after the object", HEAD "}\nfile format: raw\n",
       "invalid JSON"),
  BAD ("two objects", HEAD "}" HEAD "}", "invalid JSON"),
  BAD ("the text qemu-img prints for people",
       "image: t\nfile format: raw\nvirtual size: 1 B (1 bytes)\n",
       "invalid JSON"),
  BAD ("nothing", "", "invalid JSON"),
};

/* LIST joined with '|'. */
static char *
joined (char **list)
{
  return list ? g_strjoinv ("|", list) : g_strdup ("(null)");
}

static void
check_info (const struct info_case *c)
{
  struct ferry_image_info info;
  g_auto (ferry_image_refs) refs = { 0 };
  g_autofree char *images = NULL;
  g_autofree char *files = NULL;
  int r;

  ferry_error_clear ();
  r = ferry_image_parse_info (c->text, strlen (c->text), &info, &refs);
  if (c->r == -1) {
    if (!tap_ok (r == -1 && info.format == NULL && refs.images == NULL &&
                 strstr (ferry_error_get (), c->error) != NULL,
                 "%s is refused: %s", c->what, c->error))
      printf ("# got: %s\n", r == 0 ? "success" : ferry_error_get ());
    g_free (info.format);
    return;
  }
  if (r == -1) {
    tap_ok (false, "%s is read", c->what);
    printf ("# got: %s\n", ferry_error_get ());
    return;
  }
  images = joined (refs.images);
  files = joined (refs.files);
  if (!tap_ok (strcmp (info.format, c->format) == 0 &&
               info.virtual_size == c->virtual_size &&
               info.allocated == c->allocated &&
               strcmp (refs.name, c->name) == 0 &&
               strcmp (images, c->images) == 0 &&
               strcmp (files, c->files) == 0, "%s is read", c->what))
    printf ("# got: %s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
            " '%s' images '%s' files '%s'\n", info.format,
            info.virtual_size, info.allocated, refs.name, images, files);
  g_free (info.format);
}

/* "qemu-img measure": R, then REQUIRED and FULLY. */
static const struct {
  const char *what;
  const char *text;
  int r;
  uint64_t required;
  uint64_t fully;
} measure_cases[] = {
  { "a measure", measure, 0, 393216, 1376256 },
  { "a measure of nothing", "{\"required\": 0, \"fully-allocated\": 0}", 0,
    0, 0 },
  { "no required size", "{\"fully-allocated\": 1}", -1, 0, 0 },
  { "no fully-allocated size", "{\"required\": 1}", -1, 0, 0 },
  { "a negative size", "{\"required\": -1, \"fully-allocated\": 1}", -1, 0,
    0 },
  { "a size of 2^64", "{\"required\": 18446744073709551616, "
    "\"fully-allocated\": 1}", -1, 0, 0 },
  { "a size as a string", "{\"required\": \"1\", \"fully-allocated\": 1}",
    -1, 0, 0 },
  { "the text for people", "required size: 393216\n"
    "fully allocated size: 1376256\n", -1, 0, 0 },
};

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (info_cases) + G_N_ELEMENTS (measure_cases) + 9);

  for (i = 0; i < G_N_ELEMENTS (info_cases); i++)
    check_info (&info_cases[i]);

  for (i = 0; i < G_N_ELEMENTS (measure_cases); i++) {
    uint64_t required = 7, fully = 7;
    int r;

    ferry_error_clear ();
    r = ferry_image_parse_measure (measure_cases[i].text,
                                   strlen (measure_cases[i].text),
                                   &required, &fully);
    if (!tap_ok (r == measure_cases[i].r &&
                 (r == -1 || (required == measure_cases[i].required &&
                              fully == measure_cases[i].fully)),
                 "%s is %s", measure_cases[i].what, r ? "refused" : "read"))
      printf ("# got: %d %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %s\n",
              r, required, fully, ferry_error_get ());
  }

  tap_ok (ferry_image_name_is_plain ("base.qcow2"), "a file name is plain");
  tap_ok (ferry_image_name_is_plain ("/srv/a:b.qcow2"),
          "a colon after a slash is plain");
  tap_ok (ferry_image_name_is_plain ("./a:b"), "./a:b is plain");
  tap_ok (!ferry_image_name_is_plain ("nbd:host:10809"), "nbd: is a protocol");
  tap_ok (!ferry_image_name_is_plain ("file:/etc/shadow"),
          "file: is a protocol");
  tap_ok (!ferry_image_name_is_plain ("json:{\"driver\":\"raw\"}"),
          "json: is a protocol");
  tap_ok (!ferry_image_name_is_plain ("host_device:/dev/sda"),
          "host_device: is a protocol");
  tap_ok (!ferry_image_name_is_plain ("x\nfile format: raw"),
          "a name with a colon before any slash is a protocol");
  tap_ok (!ferry_image_name_is_plain (""), "an empty name is not a file");
  ferry_error_clear ();
  return tap_done ();
}

/* Unit test: VMDK descriptors, sparse headers, and which disks one file
 * holds whole (parse-vmdk.h).
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "parse-vmdk.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define HEAD "# Disk DescriptorFile\nversion=1\nCID=a01a538\n"

/* What qemu-img writes in a monolithicSparse VMDK (the test guests'). */
#define SPARSE_DESC HEAD \
  "parentCID=ffffffff\n" \
  "createType=\"monolithicSparse\"\n\n" \
  "# Extent description\n" \
  "RW 10485760 SPARSE \"disk.vmdk\"\n\n" \
  "# The Disk Data Base\n#DDB\n\n" \
  "ddb.virtualHWVersion = \"4\"\n" \
  "ddb.adapterType = \"ide\"\n"

/* What ESXi writes for a thick or thin disk. */
#define ESXI_DESC HEAD \
  "parentCID=ffffffff\r\n" \
  "isNativeSnapshot=\"no\"\r\n" \
  "createType=\"vmfs\"\r\n" \
  "\r\n# Extent description\r\n" \
  "RW 16777216 VMFS \"web-flat.vmdk\"\r\n" \
  "\r\n# The Disk Data Base\r\n#DDB\r\n" \
  "ddb.adapterType = \"lsilogic\"\r\n" \
  "ddb.thinProvisioned = \"1\"\r\n" \
  "ddb.uuid = \"60 00 C2 9a\"\r\n"

/* Parse TEXT.  PARSE_ERROR not NULL: parsing must fail with it.  Else
 * ferry_vmdk_single_file (SPARSE) must give EXTENT_FILE (NULL: the sparse
 * file itself) with SECTORS, or fail with LAYOUT_ERROR.
 */
static const struct {
  const char *what;
  const char *text;
  bool sparse;
  const char *parse_error;
  const char *extent_file;
  uint64_t sectors;
  const char *layout_error;
} cases[] = {
  /* Disks one file holds. */
  { "monolithicSparse, embedded", SPARSE_DESC, true, NULL, NULL, 0, NULL },
  { "streamOptimized, embedded", HEAD "parentCID=ffffffff\n"
    "createType=\"streamOptimized\"\nRW 4194304 SPARSE \"s.vmdk\"\n",
    true, NULL, NULL, 0, NULL },
  { "ESXi vmfs, CRLF", ESXI_DESC, false, NULL, "web-flat.vmdk", 16777216,
    NULL },
  { "monolithicFlat with offset 0", HEAD "createType=\"monolithicFlat\"\n"
    "RW 204800 FLAT \"w-flat.vmdk\" 0\n", false, NULL, "w-flat.vmdk",
    204800, NULL },
  { "a name with spaces", HEAD "createType=\"monolithicFlat\"\n"
    "RW 8 FLAT \"my vm-flat.vmdk\"\n", false, NULL, "my vm-flat.vmdk", 8,
    NULL },
  { "lower case, tabs, unquoted values", "# disk descriptorfile\n"
    "createtype=monolithicFlat\n\trdonly\t8\tflat\t\"f.vmdk\"\t\n", false,
    NULL, "f.vmdk", 8, NULL },
  { "text ends at a NUL", HEAD "RW 8 FLAT \"f.vmdk\"\n\0RW 8 FLAT \"g\"\n",
    false, NULL, "f.vmdk", 8, NULL },
  { "unknown lines are ignored", HEAD "something odd\n"
    "RW 8 FLAT \"f.vmdk\"\n", false, NULL, "f.vmdk", 8, NULL },
  { "the last parentCID wins", HEAD "parentCID=12345678\n"
    "parentCID=ffffffff\nRW 8 FLAT \"f.vmdk\"\n", false, NULL, "f.vmdk", 8,
    NULL },
  { "a size of 2^64/512 - 1 sectors", HEAD
    "RW 36028797018963967 FLAT \"f.vmdk\"\n", false, NULL, "f.vmdk",
    36028797018963967ull, NULL },
  /* Disks it does not. */
  { "a snapshot's sparse delta", HEAD "parentCID=a01a538\n"
    "createType=\"monolithicSparse\"\nparentFileNameHint=\"web.vmdk\"\n"
    "RW 8 SPARSE \"web-000001.vmdk\"\n", true, NULL, NULL, 0,
    "is a snapshot: it holds the changes since its parent disk 'web.vmdk'" },
  { "an ESXi snapshot", HEAD "parentCID=a01a538\n"
    "createType=\"vmfsSparse\"\nparentFileNameHint=\"web.vmdk\"\n"
    "RW 8 VMFSSPARSE \"web-000001-delta.vmdk\"\n", false, NULL, NULL, 0,
    "is a snapshot" },
  { "a parent named only", HEAD "parentFileNameHint=\"base.vmdk\"\n"
    "RW 8 FLAT \"f.vmdk\"\n", false, NULL, NULL, 0,
    "parent disk 'base.vmdk'" },
  { "an seSparse delta", HEAD "RW 8 SESPARSE \"web-sesparse.vmdk\"\n",
    false, NULL, NULL, 0, "is a snapshot (a SESPARSE extent)" },
  { "split flat", HEAD "createType=\"twoGbMaxExtentFlat\"\n"
    "RW 4192256 FLAT \"w-f001.vmdk\" 0\nRW 4192256 FLAT \"w-f002.vmdk\" 0\n",
    false, NULL, NULL, 0,
    "is split into 2 extent files (createType \"twoGbMaxExtentFlat\")" },
  { "split sparse", HEAD "createType=\"twoGbMaxExtentSparse\"\n"
    "RW 4192256 SPARSE \"w-s001.vmdk\"\nRW 4192256 SPARSE \"w-s002.vmdk\"\n"
    "RW 2048 SPARSE \"w-s003.vmdk\"\n", false, NULL, NULL, 0,
    "is split into 3 extent files" },
  { "one separate sparse extent", HEAD
    "createType=\"twoGbMaxExtentSparse\"\nRW 2048 SPARSE \"w-s001.vmdk\"\n",
    false, NULL, NULL, 0, "a separate sparse extent 'w-s001.vmdk'" },
  { "a raw device mapping", HEAD "createType=\"vmfsPassthroughRawDeviceMap\"\n"
    "RW 8 VMFSRDM \"w-rdmp.vmdk\"\n", false, NULL, NULL, 0,
    "maps a raw device (a VMFSRDM extent)" },
  { "a ZERO extent", HEAD "RW 8 ZERO\n", false, NULL, NULL, 0,
    "cannot read an extent of type ZERO" },
  { "an unknown extent type", HEAD "RW 8 VMFSTHING \"x\"\n", false, NULL,
    NULL, 0, "cannot read an extent of type VMFSTHING" },
  { "NOACCESS", HEAD "NOACCESS 8 FLAT \"f.vmdk\"\n", false, NULL, NULL, 0,
    "is marked NOACCESS" },
  { "data at an offset", HEAD "RW 8 FLAT \"f.vmdk\" 2048\n", false, NULL,
    NULL, 0, "its data starts at sector 2048 of 'f.vmdk'" },
  { "an extent in another folder", HEAD "RW 8 FLAT \"../other/f.vmdk\"\n",
    false, NULL, NULL, 0, "refers to '../other/f.vmdk', outside its folder" },
  { "an absolute extent", HEAD "RW 8 FLAT \"/etc/shadow\"\n", false, NULL,
    NULL, 0, "outside its folder" },
  { "an extent named ..", HEAD "RW 8 FLAT \"..\"\n", false, NULL, NULL, 0,
    "outside its folder" },
  { "no extent", HEAD "createType=\"vmfs\"\n", false, NULL, NULL, 0,
    "names no extent" },
  /* Not descriptors. */
  { "not a descriptor", "KDMV\1\0\0\0", false, "not a VMDK descriptor",
    NULL, 0, NULL },
  { "empty", "", false, "not a VMDK descriptor", NULL, 0, NULL },
  { "the magic line not first", "\n# Disk DescriptorFile\n", false,
    "not a VMDK descriptor", NULL, 0, NULL },
  { "size not a number", HEAD "RW abc FLAT \"f\"\n", false,
    "line 4: invalid extent: the size is not a number of sectors", NULL, 0,
    NULL },
  { "size overflows", HEAD "RW 99999999999999999999 FLAT \"f\"\n", false,
    "the size is not a number of sectors", NULL, 0, NULL },
  { "size too large in bytes", HEAD "RW 36028797018963968 FLAT \"f\"\n",
    false, "the size is not a number of sectors", NULL, 0, NULL },
  { "no type", HEAD "RW 8\n", false, "no extent type after the size", NULL,
    0, NULL },
  { "a type that is not a word", HEAD "RW 8 FL4T \"f\"\n", false,
    "the extent type is not a word", NULL, 0, NULL },
  { "no file name", HEAD "RW 8 FLAT\n", false, "no file name", NULL, 0,
    NULL },
  { "unquoted file name", HEAD "RW 8 FLAT f.vmdk\n", false,
    "unexpected text at the end", NULL, 0, NULL },
  { "no closing quote", HEAD "RW 8 FLAT \"f.vmdk\n", false,
    "the file name has no closing quote", NULL, 0, NULL },
  { "empty file name", HEAD "RW 8 FLAT \"\"\n", false, "empty file name",
    NULL, 0, NULL },
  { "bad offset", HEAD "RW 8 FLAT \"f\" x\n", false,
    "the offset is not a number of sectors", NULL, 0, NULL },
  { "text after the offset", HEAD "RW 8 FLAT \"f\" 0 x\n", false,
    "unexpected text at the end", NULL, 0, NULL },
};

static void
test_case (size_t i)
{
  g_autoptr (ferry_vmdk_descriptor) desc = NULL;
  const struct ferry_vmdk_extent *extent = NULL;
  size_t len = strlen (cases[i].text);
  bool ok;

  /* The NUL case: measure past it. */
  if (strstr (cases[i].what, "NUL") != NULL)
    len += 1 + strlen (cases[i].text + len + 1);
  ferry_error_clear ();
  desc = ferry_vmdk_parse_descriptor (cases[i].text, len, "t.vmdk");
  if (cases[i].parse_error != NULL) {
    ok = desc == NULL &&
      strstr (ferry_error_get (), cases[i].parse_error) != NULL &&
      strstr (ferry_error_get (), "'t.vmdk'") != NULL;
  }
  else if (desc == NULL)
    ok = false;
  else if (ferry_vmdk_single_file (desc, cases[i].sparse, "t.vmdk",
                                   &extent) == -1)
    ok = cases[i].layout_error != NULL &&
      strstr (ferry_error_get (), cases[i].layout_error) != NULL &&
      strstr (ferry_error_get (), "'t.vmdk'") != NULL;
  else if (cases[i].layout_error != NULL)
    ok = false;
  else if (cases[i].extent_file == NULL)
    ok = extent == NULL;
  else
    ok = extent != NULL && strcmp (extent->file, cases[i].extent_file) == 0 &&
      extent->sectors == cases[i].sectors;
  if (!ok)
    printf ("# error: %s\n", ferry_error_get ());
  tap_ok (ok, "%s", cases[i].what);
}

/* Fields the parse keeps. */
static void
test_fields (void)
{
  g_autoptr (ferry_vmdk_descriptor) desc =
    ferry_vmdk_parse_descriptor (SPARSE_DESC, strlen (SPARSE_DESC), "d");
  const struct ferry_vmdk_extent *e;

  tap_ok (desc != NULL && strcmp (desc->create_type, "monolithicSparse") == 0
          && strcmp (desc->parent_cid, "ffffffff") == 0 &&
          desc->parent_file == NULL && desc->extents->len == 1 &&
          (e = desc->extents->pdata[0]) != NULL &&
          strcmp (e->access, "RW") == 0 && e->sectors == 10485760 &&
          strcmp (e->type, "SPARSE") == 0 &&
          strcmp (e->file, "disk.vmdk") == 0 && e->offset == 0,
          "the descriptor's fields");
}

static void
test_bounds (void)
{
  g_autoptr (GString) text = g_string_new (HEAD);
  g_autoptr (ferry_vmdk_descriptor) desc = NULL;
  g_autoptr (ferry_vmdk_descriptor) big = NULL;
  g_autofree char *large = g_strnfill (FERRY_VMDK_MAX_DESCRIPTOR + 1, '#');
  size_t i;

  for (i = 0; i <= FERRY_VMDK_MAX_EXTENTS; i++)
    g_string_append (text, "RW 1 FLAT \"x\"\n");
  desc = ferry_vmdk_parse_descriptor (text->str, text->len, "many.vmdk");
  tap_ok (desc == NULL &&
          strstr (ferry_error_get (), "more than 1024 extents") != NULL,
          "more than %d extents are refused", FERRY_VMDK_MAX_EXTENTS);
  big = ferry_vmdk_parse_descriptor (large, strlen (large), "big.vmdk");
  tap_ok (big == NULL &&
          strstr (ferry_error_get (), "larger than 64 KiB") != NULL,
          "a descriptor larger than 64 KiB is refused");
}

/* A sparse header: magic, version, flags, capacity, grain size,
 * descriptor offset and size (sectors).
 */
static size_t
make_header (unsigned char *h, const char *magic, uint64_t offset,
             uint64_t size)
{
  uint64_t fields[5] = { 10485760, 128, offset, size, 0 };
  size_t i, j;

  memset (h, 0, FERRY_VMDK_HEADER_SIZE);
  memcpy (h, magic, 4);
  h[4] = 1;
  for (i = 0; i < 4; i++)
    for (j = 0; j < 8; j++)
      h[12 + i * 8 + j] = fields[i] >> (8 * j);
  return FERRY_VMDK_HEADER_SIZE;
}

static const struct {
  const char *what;
  const char *magic;
  uint64_t offset, size;   /* sectors, in the header */
  size_t len;              /* bytes given; 0: the whole header */
  int result;
  uint64_t want_offset, want_size;  /* bytes */
} header_cases[] = {
  { "an embedded descriptor", "KDMV", 1, 20, 0, 1, 512, 10240 },
  { "no embedded descriptor", "KDMV", 0, 0, 0, 1, 0, 0 },
  { "the largest descriptor", "KDMV", 1, 128, 0, 1, 512, 65536 },
  { "only the fields read", "KDMV", 1, 20, 44, 1, 512, 10240 },
  { "not sparse", "# Di", 1, 20, 0, 0, 0, 0 },
  { "shorter than the magic", "KDMV", 1, 20, 3, 0, 0, 0 },
  { "truncated", "KDMV", 1, 20, 43, -1, 0, 0 },
  { "a descriptor too large", "KDMV", 1, 129, 0, -1, 0, 0 },
  { "a descriptor at sector 0", "KDMV", 0, 20, 0, -1, 0, 0 },
  { "an offset that overflows", "KDMV", UINT64_MAX / 512, 1, 0, -1, 0, 0 },
  { "an offset of 2^64 - 1", "KDMV", UINT64_MAX, 1, 0, -1, 0, 0 },
};

static void
test_header (size_t i)
{
  unsigned char h[FERRY_VMDK_HEADER_SIZE];
  size_t len = make_header (h, header_cases[i].magic, header_cases[i].offset,
                            header_cases[i].size);
  uint64_t offset = 99, size = 99;
  int r;

  if (header_cases[i].len)
    len = header_cases[i].len;
  ferry_error_clear ();
  r = ferry_vmdk_sparse_header (h, len, "h.vmdk", &offset, &size);
  tap_ok (r == header_cases[i].result &&
          (r != 1 || (offset == header_cases[i].want_offset &&
                      size == header_cases[i].want_size)) &&
          (r != -1 || strstr (ferry_error_get (), "'h.vmdk'") != NULL),
          "sparse header: %s", header_cases[i].what);
}

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (cases) + 1 + 2 + G_N_ELEMENTS (header_cases) + 1);
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    test_case (i);
  test_fields ();
  test_bounds ();
  for (i = 0; i < G_N_ELEMENTS (header_cases); i++)
    test_header (i);
  {
    const struct ferry_vmdk_extent *extent = (void *) 1;
    tap_ok (ferry_vmdk_single_file (NULL, true, "s.vmdk", &extent) == 0 &&
            extent == NULL,
            "a sparse VMDK without an embedded descriptor is one file");
  }
  return tap_done ();
}

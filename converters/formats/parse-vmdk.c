/* ferry: the layout of a VMDK disk (parse-vmdk.h). */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "parse-vmdk.h"
#include "errors.h"
#include "banned.h"

#define SECTOR 512

static void
extent_free (void *p)
{
  struct ferry_vmdk_extent *extent = p;

  g_free (extent->access);
  g_free (extent->type);
  g_free (extent->file);
  g_free (extent);
}

void
ferry_vmdk_descriptor_free (struct ferry_vmdk_descriptor *desc)
{
  if (desc == NULL)
    return;
  g_free (desc->create_type);
  g_free (desc->parent_cid);
  g_free (desc->parent_file);
  if (desc->extents != NULL)
    g_ptr_array_unref (desc->extents);
  g_free (desc);
}

/* A decimal number of at most 20 digits from *P, which moves past it. */
static bool
parse_number (const char **p, uint64_t *value)
{
  const char *s = *p;
  uint64_t v = 0;

  if (!g_ascii_isdigit (*s))
    return false;
  for (; g_ascii_isdigit (*s); s++) {
    unsigned digit = *s - '0';

    if (v > (UINT64_MAX - digit) / 10)
      return false;
    v = v * 10 + digit;
  }
  *value = v;
  *p = s;
  return true;
}

static const char *
skip_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* A word of letters from *P, in a new upper-case string, or NULL. */
static char *
parse_word (const char **p)
{
  const char *s = *p;
  size_t n = 0;

  while (g_ascii_isalpha (s[n]))
    n++;
  if (n == 0)
    return NULL;
  *p = s + n;
  return g_ascii_strup (s, n);
}

/* Does LINE start with an access word and a blank? */
static bool
is_extent_line (const char *line)
{
  static const char *const access[] = { "RW", "RDONLY", "NOACCESS" };
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (access); i++) {
    size_t n = strlen (access[i]);

    if (g_ascii_strncasecmp (line, access[i], n) == 0 &&
        (line[n] == ' ' || line[n] == '\t'))
      return true;
  }
  return false;
}

/* ACCESS SECTORS TYPE ["FILE" [OFFSET]] */
static struct ferry_vmdk_extent *
parse_extent (const char *line, const char *file, size_t lineno)
{
  struct ferry_vmdk_extent *extent = g_new0 (struct ferry_vmdk_extent, 1);
  const char *p = line;
  const char *why;

  extent->access = parse_word (&p);
  p = skip_blanks (p);
  if (!parse_number (&p, &extent->sectors) ||
      extent->sectors > UINT64_MAX / SECTOR) {
    why = "the size is not a number of sectors";
    goto fail;
  }
  if (*p != ' ' && *p != '\t') {
    why = "no extent type after the size";
    goto fail;
  }
  p = skip_blanks (p);
  extent->type = parse_word (&p);
  if (extent->type == NULL || (*p != '\0' && *p != ' ' && *p != '\t')) {
    why = "the extent type is not a word";
    goto fail;
  }
  p = skip_blanks (p);
  if (*p == '"') {
    const char *end = strchr (p + 1, '"');

    if (end == NULL) {
      why = "the file name has no closing quote";
      goto fail;
    }
    if (end == p + 1) {
      why = "empty file name";
      goto fail;
    }
    extent->file = g_strndup (p + 1, end - p - 1);
    p = skip_blanks (end + 1);
    if (*p != '\0' && !parse_number (&p, &extent->offset)) {
      why = "the offset is not a number of sectors";
      goto fail;
    }
    p = skip_blanks (p);
  }
  if (*p != '\0') {
    why = "unexpected text at the end";
    goto fail;
  }
  if (extent->file == NULL && strcmp (extent->type, "ZERO") != 0) {
    why = "no file name";
    goto fail;
  }
  return extent;

 fail:
  ferry_error ("cannot parse '%s' line %zu: invalid extent: %s",
               file, lineno, why);
  extent_free (extent);
  return NULL;
}

/* KEY = VALUE, the value perhaps in quotes: store the keys we use. */
static void
parse_setting (struct ferry_vmdk_descriptor *desc, const char *line)
{
  const char *eq = strchr (line, '=');
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  char **slot;
  size_t n;

  if (eq == NULL)
    return;
  key = g_strstrip (g_strndup (line, eq - line));
  value = g_strstrip (g_strdup (eq + 1));
  n = strlen (value);
  if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
    memmove (value, value + 1, n - 2);
    value[n - 2] = '\0';
  }
  if (g_ascii_strcasecmp (key, "createType") == 0)
    slot = &desc->create_type;
  else if (g_ascii_strcasecmp (key, "parentCID") == 0)
    slot = &desc->parent_cid;
  else if (g_ascii_strcasecmp (key, "parentFileNameHint") == 0)
    slot = &desc->parent_file;
  else
    return;
  g_free (*slot);
  *slot = g_steal_pointer (&value);
}

struct ferry_vmdk_descriptor *
ferry_vmdk_parse_descriptor (const char *buf, size_t len, const char *file)
{
  g_autoptr (ferry_vmdk_descriptor) desc =
    g_new0 (struct ferry_vmdk_descriptor, 1);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  size_t i;

  if (len > FERRY_VMDK_MAX_DESCRIPTOR) {
    ferry_error ("cannot parse '%s': its descriptor is larger than %u KiB",
                 file, FERRY_VMDK_MAX_DESCRIPTOR >> 10);
    return NULL;
  }
  desc->extents = g_ptr_array_new_with_free_func (extent_free);
  text = g_strndup (buf, len);  /* the text ends at a NUL byte */
  lines = g_strsplit (text, "\n", -1);

  if (lines[0] == NULL ||
      g_ascii_strcasecmp (g_strstrip (lines[0]),
                          "# Disk DescriptorFile") != 0) {
    ferry_error ("cannot parse '%s': not a VMDK descriptor (it does not "
                 "start with '# Disk DescriptorFile')", file);
    return NULL;
  }
  for (i = 1; lines[i] != NULL; i++) {
    char *line = g_strstrip (lines[i]);   /* CR, spaces and tabs */

    if (line[0] == '\0' || line[0] == '#')
      continue;
    if (is_extent_line (line)) {
      struct ferry_vmdk_extent *extent;

      if (desc->extents->len >= FERRY_VMDK_MAX_EXTENTS) {
        ferry_error ("cannot parse '%s' line %zu: more than %d extents",
                     file, i + 1, FERRY_VMDK_MAX_EXTENTS);
        return NULL;
      }
      extent = parse_extent (line, file, i + 1);
      if (extent == NULL)
        return NULL;
      g_ptr_array_add (desc->extents, extent);
    }
    else
      parse_setting (desc, line);
  }
  return g_steal_pointer (&desc);
}

/* Little-endian integers of the sparse header. */
static uint32_t
le32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 |
    (uint32_t) p[3] << 24;
}

static uint64_t
le64 (const unsigned char *p)
{
  return (uint64_t) le32 (p) | (uint64_t) le32 (p + 4) << 32;
}

int
ferry_vmdk_sparse_header (const void *buf, size_t len, const char *file,
                          uint64_t *descriptor_offset,
                          uint64_t *descriptor_size)
{
  /* The header: magic "KDMV", version (u32), flags (u32), capacity,
   * grain size, descriptor offset, descriptor size (u64, in sectors),
   * and more that qemu reads.
   */
  const unsigned char *h = buf;
  uint64_t offset, size;

  if (len < 4 || memcmp (h, "KDMV", 4) != 0)
    return 0;
  if (len < 44) {
    ferry_error ("'%s': the sparse VMDK header is truncated", file);
    return -1;
  }
  offset = le64 (h + 28);
  size = le64 (h + 36);
  if (size > FERRY_VMDK_MAX_DESCRIPTOR / SECTOR) {
    ferry_error ("'%s': the sparse VMDK header gives a descriptor of %"
                 G_GUINT64_FORMAT " sectors (at most %u)", file, size,
                 FERRY_VMDK_MAX_DESCRIPTOR / SECTOR);
    return -1;
  }
  if (size > 0 && (offset == 0 || offset > UINT64_MAX / SECTOR - size)) {
    ferry_error ("'%s': the sparse VMDK header gives an invalid descriptor "
                 "offset (sector %" G_GUINT64_FORMAT ")", file, offset);
    return -1;
  }
  *descriptor_offset = size > 0 ? offset * SECTOR : 0;
  *descriptor_size = size * SECTOR;
  return 1;
}

/* Does DESC have a parent: is it a snapshot's delta? */
static bool
has_parent (const struct ferry_vmdk_descriptor *desc)
{
  return (desc->parent_cid != NULL &&
          g_ascii_strcasecmp (desc->parent_cid, "ffffffff") != 0) ||
    (desc->parent_file != NULL && desc->parent_file[0] != '\0');
}

static const char *const snapshot_help =
  "delete or consolidate the guest's snapshots first, or copy the guest's "
  "files and convert the copy";
static const char *const split_help =
  "make it one file first (vmkfstools -i, vmware-vdiskmanager -r), or copy "
  "the guest's files and convert the copy";

int
ferry_vmdk_single_file (const struct ferry_vmdk_descriptor *desc,
                        bool sparse, const char *file,
                        const struct ferry_vmdk_extent **extent)
{
  const struct ferry_vmdk_extent *e;
  const char *create_type = desc && desc->create_type ? desc->create_type
    : "(none)";

  *extent = NULL;
  if (desc != NULL && has_parent (desc)) {
    ferry_error ("'%s' is a snapshot: it holds the changes since its parent "
                 "disk '%s', and ferry reads snapshots only from local "
                 "files (%s)", file,
                 desc->parent_file ? desc->parent_file : "(not named)",
                 snapshot_help);
    return -1;
  }
  if (sparse)
    return 0;
  if (desc == NULL || desc->extents->len == 0) {
    ferry_error ("'%s': the descriptor names no extent", file);
    return -1;
  }
  if (desc->extents->len > 1) {
    ferry_error ("'%s' is split into %u extent files (createType \"%s\"), "
                 "which ferry reads only from local files (%s)",
                 file, desc->extents->len, create_type, split_help);
    return -1;
  }
  e = desc->extents->pdata[0];
  if (strcmp (e->type, "VMFSSPARSE") == 0 ||
      strcmp (e->type, "SESPARSE") == 0) {
    ferry_error ("'%s' is a snapshot (a %s extent), and ferry reads "
                 "snapshots only from local files (%s)", file, e->type,
                 snapshot_help);
    return -1;
  }
  if (strcmp (e->type, "VMFSRDM") == 0 || strcmp (e->type, "VMFSRAW") == 0) {
    ferry_error ("'%s' maps a raw device (a %s extent): ferry cannot read it "
                 "over the network (convert the guest where it sees the "
                 "device, or copy the device to a disk file)", file, e->type);
    return -1;
  }
  if (strcmp (e->type, "SPARSE") == 0) {
    ferry_error ("'%s' keeps its data in a separate sparse extent '%s' "
                 "(createType \"%s\"), which ferry reads only from local "
                 "files (%s)", file, e->file, create_type, split_help);
    return -1;
  }
  if (strcmp (e->type, "FLAT") != 0 && strcmp (e->type, "VMFS") != 0) {
    ferry_error ("'%s': ferry cannot read an extent of type %s over the "
                 "network", file, e->type);
    return -1;
  }
  if (strcmp (e->access, "NOACCESS") == 0) {
    ferry_error ("'%s': its extent '%s' is marked NOACCESS", file, e->file);
    return -1;
  }
  if (e->offset != 0) {
    ferry_error ("'%s': its data starts at sector %" G_GUINT64_FORMAT
                 " of '%s', which ferry reads only from local files",
                 file, e->offset, e->file);
    return -1;
  }
  if (strchr (e->file, '/') != NULL || strcmp (e->file, ".") == 0 ||
      strcmp (e->file, "..") == 0) {
    ferry_error ("'%s' refers to '%s', outside its folder: refused",
                 file, e->file);
    return -1;
  }
  *extent = e;
  return 0;
}

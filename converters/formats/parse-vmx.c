/* ferry: VMware .vmx files (see parse-vmx.h).
 *
 * The parser reads the text line by line into a hash table of entries
 * keyed by the lower-cased key, then marks the entries that a
 * `X.present = "FALSE"` hides.  The source builder only looks keys up:
 * it probes the fixed set of device slots VMware can have, so nothing it
 * does grows with the input beyond one pass over the keys.
 */

#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "parse-vmx.h"
#include "devname.h"
#include "errors.h"
#include "banned.h"

struct vmx_entry {
  char *key;               /* lower case */
  char *value;             /* decoded */
  size_t line;
  bool hidden;             /* below an "X.present = FALSE" */
};

struct ferry_vmx {
  char *file;
  GHashTable *entries;     /* key -> struct vmx_entry *, owning both */
};

static void
entry_free (gpointer p)
{
  struct vmx_entry *entry = p;

  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

void
ferry_vmx_free (struct ferry_vmx *vmx)
{
  if (vmx == NULL)
    return;
  g_free (vmx->file);
  if (vmx->entries)
    g_hash_table_unref (vmx->entries);
  g_free (vmx);
}

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static bool
is_key_char (char c)
{
  return c > ' ' && c < 0x7f && c != '=' && c != '"' && c != '#';
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* One line without its end of line; LINE holds no NUL byte. */
static int
parse_line (struct ferry_vmx *vmx, const char *line, size_t len,
            size_t lineno)
{
  const char *p = line, *end = line + len;
  const char *key_start;
  g_autofree char *key = NULL;
  g_autoptr (GString) value = NULL;
  struct vmx_entry *entry;

  while (p < end && is_blank (*p))
    p++;
  while (end > p && is_blank (end[-1]))
    end--;
  if (p == end || *p == '#')
    return 0;

  key_start = p;
  while (p < end && is_key_char (*p))
    p++;
  if (p == key_start) {
    ferry_error ("cannot parse '%s' line %zu: expected 'key = \"value\"'",
                 vmx->file, lineno);
    return -1;
  }
  if (p - key_start > FERRY_VMX_MAX_KEY) {
    ferry_error ("cannot parse '%s' line %zu: key longer than %d bytes",
                 vmx->file, lineno, FERRY_VMX_MAX_KEY);
    return -1;
  }
  key = g_ascii_strdown (key_start, p - key_start);

  while (p < end && is_blank (*p))
    p++;
  if (p == end || *p != '=') {
    ferry_error ("cannot parse '%s' line %zu: expected '=' after '%s'",
                 vmx->file, lineno, key);
    return -1;
  }
  p++;
  while (p < end && is_blank (*p))
    p++;
  if (p == end || *p != '"') {
    ferry_error ("cannot parse '%s' line %zu: the value of '%s' is not in "
                 "double quotes", vmx->file, lineno, key);
    return -1;
  }
  p++;

  value = g_string_sized_new (end - p);
  for (;;) {
    if (p == end) {
      ferry_error ("cannot parse '%s' line %zu: the value of '%s' has no "
                   "closing quote", vmx->file, lineno, key);
      return -1;
    }
    if (*p == '"')
      break;
    if (*p == '|' && end - p >= 3 &&
        hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0) {
      char byte = (char) (hex_value (p[1]) * 16 + hex_value (p[2]));

      if (byte == '\0') {
        ferry_error ("cannot parse '%s' line %zu: the value of '%s' holds "
                     "a NUL byte (|00)", vmx->file, lineno, key);
        return -1;
      }
      g_string_append_c (value, byte);
      p += 3;
      continue;
    }
    g_string_append_c (value, *p);
    p++;
  }
  p++;
  if (p != end) {
    ferry_error ("cannot parse '%s' line %zu: unexpected text after the "
                 "value of '%s'", vmx->file, lineno, key);
    return -1;
  }

  if (!g_hash_table_contains (vmx->entries, key) &&
      g_hash_table_size (vmx->entries) >= FERRY_VMX_MAX_ENTRIES) {
    ferry_error ("cannot parse '%s' line %zu: more than %d keys",
                 vmx->file, lineno, FERRY_VMX_MAX_ENTRIES);
    return -1;
  }
  entry = g_new0 (struct vmx_entry, 1);
  entry->key = g_steal_pointer (&key);
  entry->value = g_string_free (g_steal_pointer (&value), FALSE);
  entry->line = lineno;
  g_hash_table_replace (vmx->entries, entry->key, entry);
  return 0;
}

/* A key prefix, for the set of switched-off devices: a slice of an
 * entry's key with its hash, so that the hash of every prefix of a key
 * is found in one pass over the key (djb2, extended byte by byte).
 */
struct prefix {
  const char *s;
  size_t len;
  guint hash;
};

static guint
hash_step (guint hash, char c)
{
  return hash * 33 + (unsigned char) c;
}

static guint
prefix_hash (gconstpointer p)
{
  return ((const struct prefix *) p)->hash;
}

static gboolean
prefix_equal (gconstpointer a, gconstpointer b)
{
  const struct prefix *x = a, *y = b;

  return x->len == y->len && memcmp (x->s, y->s, x->len) == 0;
}

/* Mark every entry below a switched-off prefix.  OFF holds each X with
 * "X.present" false; an entry "X.REST" is hidden unless REST is
 * "present" itself.  Linear in the total length of the keys.
 */
static void
hide_absent (struct ferry_vmx *vmx)
{
  static const char present[] = ".present";
  const size_t plen = sizeof present - 1;
  g_autoptr (GHashTable) off = g_hash_table_new_full (prefix_hash,
                                                      prefix_equal,
                                                      g_free, NULL);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, vmx->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    const struct vmx_entry *entry = value;
    size_t len = strlen (entry->key);

    if (len >= plen && strcmp (entry->key + len - plen, present) == 0 &&
        ferry_vmx_parse_bool (entry->value) == 0) {
      struct prefix *x = g_new (struct prefix, 1);
      size_t i;

      x->s = entry->key;
      x->len = len - plen;
      x->hash = 5381;
      for (i = 0; i < x->len; i++)
        x->hash = hash_step (x->hash, x->s[i]);
      g_hash_table_add (off, x);
    }
  }
  if (g_hash_table_size (off) == 0)
    return;

  g_hash_table_iter_init (&iter, vmx->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    struct vmx_entry *entry = value;
    struct prefix x = { .s = entry->key, .len = 0, .hash = 5381 };

    for (; entry->key[x.len] != '\0'; x.len++) {
      if (entry->key[x.len] == '.') {
        if (strcmp (entry->key + x.len, present) == 0)
          break;
        if (g_hash_table_contains (off, &x)) {
          entry->hidden = true;
          break;
        }
      }
      x.hash = hash_step (x.hash, entry->key[x.len]);
    }
  }
}

struct ferry_vmx *
ferry_vmx_parse (const char *buf, size_t len, const char *file)
{
  g_autoptr (ferry_vmx) vmx = g_new0 (struct ferry_vmx, 1);
  size_t pos = 0, lineno = 0;

  vmx->file = g_strdup (file);
  vmx->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        entry_free);
  if (len > FERRY_VMX_MAX_SIZE) {
    ferry_error ("cannot parse '%s': larger than %u MiB, not a VMX file",
                 file, FERRY_VMX_MAX_SIZE >> 20);
    return NULL;
  }
  while (pos < len) {
    const char *line = buf + pos;
    const char *nl = memchr (line, '\n', len - pos);
    size_t n = nl ? (size_t) (nl - line) : len - pos;

    pos += n + (nl ? 1 : 0);
    lineno++;
    if (n > FERRY_VMX_MAX_LINE) {
      ferry_error ("cannot parse '%s' line %zu: longer than %u bytes",
                   file, lineno, FERRY_VMX_MAX_LINE);
      return NULL;
    }
    if (memchr (line, '\0', n) != NULL) {
      ferry_error ("cannot parse '%s' line %zu: NUL byte, not a text file",
                   file, lineno);
      return NULL;
    }
    if (n > 0 && line[n - 1] == '\r')
      n--;
    if (parse_line (vmx, line, n, lineno) == -1)
      return NULL;
  }
  hide_absent (vmx);
  return g_steal_pointer (&vmx);
}

const char *
ferry_vmx_file (const struct ferry_vmx *vmx)
{
  return vmx->file;
}

size_t
ferry_vmx_count (const struct ferry_vmx *vmx)
{
  return g_hash_table_size (vmx->entries);
}

static const struct vmx_entry *
lookup (const struct ferry_vmx *vmx, const char *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);
  const struct vmx_entry *entry = g_hash_table_lookup (vmx->entries, lower);

  return entry && !entry->hidden ? entry : NULL;
}

const char *
ferry_vmx_get (const struct ferry_vmx *vmx, const char *key)
{
  const struct vmx_entry *entry = lookup (vmx, key);

  return entry ? entry->value : NULL;
}

const char *
ferry_vmx_getf (const struct ferry_vmx *vmx, const char *fmt, ...)
{
  va_list args;
  g_autofree char *key = NULL;

  va_start (args, fmt);
  key = g_strdup_vprintf (fmt, args);
  va_end (args);
  return ferry_vmx_get (vmx, key);
}

size_t
ferry_vmx_line (const struct ferry_vmx *vmx, const char *key)
{
  const struct vmx_entry *entry = lookup (vmx, key);

  return entry ? entry->line : 0;
}

int
ferry_vmx_parse_bool (const char *value)
{
  if (value == NULL)
    return -1;
  if (g_ascii_strcasecmp (value, "true") == 0 ||
      g_ascii_strcasecmp (value, "yes") == 0 || strcmp (value, "1") == 0)
    return 1;
  if (g_ascii_strcasecmp (value, "false") == 0 ||
      g_ascii_strcasecmp (value, "no") == 0 || strcmp (value, "0") == 0)
    return 0;
  return -1;
}

int
ferry_vmx_get_bool (const struct ferry_vmx *vmx, const char *key,
                    bool default_value, bool *value)
{
  const struct vmx_entry *entry = lookup (vmx, key);
  int b;

  if (entry == NULL) {
    *value = default_value;
    return 0;
  }
  b = ferry_vmx_parse_bool (entry->value);
  if (b == -1) {
    g_autofree char *shown = g_strescape (entry->value, NULL);
    ferry_error ("invalid '%s' in '%s' line %zu: '%s' is not TRUE or FALSE",
                 entry->key, vmx->file, entry->line, shown);
    return -1;
  }
  *value = b;
  return 0;
}

/* Digits only, at most MAX; -1 on anything else (overflow included). */
static int
parse_uint (const char *s, uint64_t max, uint64_t *value)
{
  uint64_t n = 0;

  if (*s == '\0')
    return -1;
  for (; *s != '\0'; s++) {
    unsigned digit;

    if (*s < '0' || *s > '9')
      return -1;
    digit = *s - '0';
    if (n > (max - digit) / 10)
      return -1;
    n = n * 10 + digit;
  }
  *value = n;
  return 0;
}

int
ferry_vmx_get_uint (const struct ferry_vmx *vmx, const char *key,
                    uint64_t min, uint64_t max, uint64_t default_value,
                    uint64_t *value)
{
  const struct vmx_entry *entry = lookup (vmx, key);
  uint64_t n;

  if (entry == NULL) {
    *value = default_value;
    return 0;
  }
  if (parse_uint (entry->value, max, &n) == -1 || n < min) {
    g_autofree char *shown = g_strescape (entry->value, NULL);
    ferry_error ("invalid '%s' in '%s' line %zu: '%s' is not a number from "
                 "%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                 entry->key, vmx->file, entry->line, shown, min, max);
    return -1;
  }
  *value = n;
  return 0;
}

long
ferry_vmx_max_index (const struct ferry_vmx *vmx, const char *prefix,
                     long limit)
{
  size_t plen = strlen (prefix);
  GHashTableIter iter;
  gpointer value;
  long best = -1;

  g_hash_table_iter_init (&iter, vmx->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    const struct vmx_entry *entry = value;
    const char *p = entry->key + plen;
    long n = 0;

    if (entry->hidden || strncmp (entry->key, prefix, plen) != 0 ||
        !g_ascii_isdigit (*p))
      continue;
    for (; g_ascii_isdigit (*p) && n <= limit; p++)
      n = n * 10 + (*p - '0');
    if (*p == '.' && n <= limit && n > best)
      best = n;
  }
  return best;
}

/* The source builder. */

struct builder {
  const struct ferry_vmx *vmx;
  const char *folder;
  struct ferry_source *source;
};

static bool
has_suffix_ci (const char *s, const char *suffix)
{
  size_t n = strlen (s), m = strlen (suffix);

  return n >= m && g_ascii_strcasecmp (s + n - m, suffix) == 0;
}

/* "SLOT.NAME", e.g. "scsi0:1.filename". */
static char *
slot_key (const char *slot, const char *name)
{
  return g_strconcat (slot, ".", name, NULL);
}

static const char *
slot_get (const struct builder *b, const char *slot, const char *name)
{
  g_autofree char *key = slot_key (slot, name);

  return ferry_vmx_get (b->vmx, key);
}

/* *VALUE is SLOT.NAME as a boolean, false when absent. */
static int
slot_bool (const struct builder *b, const char *slot, const char *name,
           bool *value)
{
  g_autofree char *key = slot_key (slot, name);

  return ferry_vmx_get_bool (b->vmx, key, false, value);
}

/* A file name from the VMX, absolute: relative ones are relative to the
 * VMX's folder, as VMware reads them.
 */
static char *
resolve (const struct builder *b, const char *name)
{
  return g_canonicalize_filename (name, b->folder);
}

static bool
is_cdrom_type (const char *type)
{
  return g_ascii_strncasecmp (type, "cdrom", 5) == 0 ||
    g_ascii_strcasecmp (type, "atapi-cdrom") == 0;
}

static bool
is_hard_disk_type (const char *type)
{
  return has_suffix_ci (type, "harddisk") ||
    g_ascii_strcasecmp (type, "disk") == 0;
}

/* The drive in SLOT ("scsi0:3", "ide1:0"...), if present: a hard disk
 * into source->disks or a CD-ROM into source->removables.  Takes TARGET.
 */
static int
add_drive (struct builder *b, enum ferry_bus bus, const char *slot,
           char *target)
{
  g_autofree char *owned_target = target;
  const char *type, *file;
  bool present, client, has_file;
  struct ferry_source_disk *disk;

  if (slot_bool (b, slot, "present", &present) == -1)
    return -1;
  if (!present)
    return 0;
  if (slot_bool (b, slot, "clientdevice", &client) == -1)
    return -1;
  if (client)           /* the vSphere client's own drive: not the VM's */
    return 0;

  type = slot_get (b, slot, "devicetype");
  file = slot_get (b, slot, "filename");
  has_file = file != NULL && file[0] != '\0' &&
    g_ascii_strcasecmp (file, "emptyBackingString") != 0;

  if (type != NULL && g_ascii_strcasecmp (type, "scsi-passthru") == 0) {
    /* A host's CD drive passed through; any other passthrough device
     * (tape, changer) cannot move to another host and is left out.
     */
    if (file != NULL && g_str_has_prefix (file, "/vmfs/devices/cdrom/"))
      ferry_source_add_removable (b->source, FERRY_REMOVABLE_CDROM, bus,
                                  g_steal_pointer (&owned_target), NULL);
    return 0;
  }
  if ((type != NULL && is_cdrom_type (type)) ||
      (type == NULL && (!has_file || has_suffix_ci (file, ".iso")))) {
    /* Only an image is worth naming: a host device ("/dev/scd0",
     * "auto detect") means nothing on another host.
     */
    bool image = has_file &&
      (type == NULL || g_ascii_strcasecmp (type, "cdrom-image") == 0);

    ferry_source_add_removable (b->source, FERRY_REMOVABLE_CDROM, bus,
                                g_steal_pointer (&owned_target),
                                image ? resolve (b, file) : NULL);
    return 0;
  }
  if (!has_file) {
    g_autofree char *key = slot_key (slot, "filename");

    if (type != NULL && is_hard_disk_type (type)) {
      ferry_error ("invalid '%s' in '%s': a hard disk needs '%s'",
                   slot, ferry_vmx_file (b->vmx), key);
      return -1;
    }
    return 0;
  }
  if (type != NULL && has_suffix_ci (file, ".iso")) {
    /* An ISO image on a drive whose type is neither a CD nor a disk. */
    ferry_source_add_removable (b->source, FERRY_REMOVABLE_CDROM, bus,
                                g_steal_pointer (&owned_target),
                                resolve (b, file));
    return 0;
  }

  disk = ferry_source_add_disk (b->source, resolve (b, file),
                                has_suffix_ci (file, ".vmdk")
                                ? g_strdup ("vmdk") : NULL);
  disk->bus = bus;
  disk->target = g_steal_pointer (&owned_target);
  disk->input_name = g_strdup (slot);
  return 0;
}

/* Is controller PREFIX+N (scsi0, sata1, nvme0) present? */
static int
controller_present (struct builder *b, const char *prefix, unsigned n,
                    bool *present)
{
  g_autofree char *key = g_strdup_printf ("%s%u.present", prefix, n);

  return ferry_vmx_get_bool (b->vmx, key, false, present);
}

static char *
disk_name (const char *prefix, size_t index)
{
  g_autofree char *letters = ferry_devname_letters (index);

  return g_strconcat (prefix, letters, NULL);
}

static int
add_drives (struct builder *b)
{
  uint64_t hw;
  unsigned ctrl, unit, scsi_units;
  bool present;

  /* From virtual hardware 13 on, a paravirtual SCSI controller takes 64
   * units ("super-wide"); unit 7 is always the controller's own.
   */
  if (ferry_vmx_get_uint (b->vmx, "virtualhw.version", 0, 1000, 0, &hw) == -1)
    return -1;
  scsi_units = hw >= 13 ? 65 : 16;

  for (ctrl = 0; ctrl < 4; ctrl++) {
    if (controller_present (b, "scsi", ctrl, &present) == -1)
      return -1;
    for (unit = 0; present && unit < scsi_units; unit++) {
      g_autofree char *slot = g_strdup_printf ("scsi%u:%u", ctrl, unit);

      if (unit == 7)
        continue;
      if (add_drive (b, FERRY_BUS_SCSI, slot,
                     disk_name ("sd", ctrl * 15 +
                                (unit < 7 ? unit : unit - 1))) == -1)
        return -1;
    }
  }
  for (ctrl = 0; ctrl < 2; ctrl++)
    for (unit = 0; unit < 2; unit++) {
      g_autofree char *slot = g_strdup_printf ("ide%u:%u", ctrl, unit);

      if (add_drive (b, FERRY_BUS_IDE, slot,
                     disk_name ("hd", ctrl * 2 + unit)) == -1)
        return -1;
    }
  for (ctrl = 0; ctrl < 4; ctrl++) {
    if (controller_present (b, "sata", ctrl, &present) == -1)
      return -1;
    for (unit = 0; present && unit < 30; unit++) {
      g_autofree char *slot = g_strdup_printf ("sata%u:%u", ctrl, unit);

      if (add_drive (b, FERRY_BUS_SATA, slot,
                     disk_name ("sd", ctrl * 30 + unit)) == -1)
        return -1;
    }
  }
  for (ctrl = 0; ctrl < 4; ctrl++) {
    if (controller_present (b, "nvme", ctrl, &present) == -1)
      return -1;
    for (unit = 0; present && unit < 64; unit++) {
      g_autofree char *slot = g_strdup_printf ("nvme%u:%u", ctrl, unit);

      if (add_drive (b, FERRY_BUS_NVME, slot,
                     g_strdup_printf ("nvme%un%u", ctrl, unit + 1)) == -1)
        return -1;
    }
  }
  return 0;
}

/* vm.genid and vm.genidX, two signed 64-bit numbers, as the UUID libvirt
 * writes in <genid>: the same bytes, in the order virt-v2v puts them.
 * Either missing: no generation ID.
 */
static int
read_genid (const struct ferry_vmx *vmx, char **genid)
{
  static const char *const keys[2] = { "vm.genid", "vm.genidx" };
  gint64 value[2];
  g_autofree char *hex = NULL;
  size_t i;

  for (i = 0; i < 2; i++) {
    const char *text = ferry_vmx_get (vmx, keys[i]);

    if (text == NULL)
      return 0;
    if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64,
                                   &value[i], NULL)) {
      g_autofree char *shown = g_strescape (text, NULL);

      ferry_error ("invalid '%s' in '%s' line %zu: '%s' is not a signed "
                   "64-bit number", keys[i], ferry_vmx_file (vmx),
                   ferry_vmx_line (vmx, keys[i]), shown);
      return -1;
    }
  }
  hex = g_strdup_printf ("%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER
                         "x", (guint64) value[0], (guint64) value[1]);
  *genid = g_strdup_printf ("%.8s-%.4s-%.4s-%.2s%.2s-%.2s%.2s%.2s%.2s%.2s%.2s",
                            hex + 8, hex + 4, hex, hex + 30, hex + 28,
                            hex + 26, hex + 24, hex + 22, hex + 20, hex + 18,
                            hex + 16);
  return 0;
}

/* Give every drive (disk or removable) a target name no other drive has:
 * the names VMware's buses give are not all apart (sata0:0 and scsi0:0
 * are both "sda"); a later drive that repeats one takes the first free
 * name of its kind.
 */
static void
unique_targets (struct ferry_source *source)
{
  g_autoptr (GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *lists[2] = { source->disks, source->removables };
  size_t l, i;

  for (l = 0; l < 2; l++)
    for (i = 0; i < lists[l]->len; i++) {
      struct ferry_source_disk *d = lists[l]->pdata[i];
      size_t n;

      if (d->target == NULL)
        continue;
      if (!g_hash_table_contains (taken, d->target)) {
        g_hash_table_add (taken, d->target);
        continue;
      }
      /* Only "sd", "hd" and "fd" names repeat; NVMe names are apart. */
      for (n = 0; ; n++) {
        g_autofree char *name = NULL;
        char prefix[3] = { d->target[0], d->target[1], '\0' };

        name = disk_name (prefix, n);
        if (!g_hash_table_contains (taken, name)) {
          g_free (d->target);
          d->target = g_steal_pointer (&name);
          g_hash_table_add (taken, d->target);
          break;
        }
      }
    }
}

static int
add_floppies (struct builder *b)
{
  unsigned unit;

  for (unit = 0; unit < 2; unit++) {
    g_autofree char *slot = g_strdup_printf ("floppy%u", unit);
    const char *type, *file;
    bool present, client;

    if (slot_bool (b, slot, "present", &present) == -1 ||
        slot_bool (b, slot, "clientdevice", &client) == -1)
      return -1;
    if (!present || client)
      continue;
    type = slot_get (b, slot, "filetype");
    file = slot_get (b, slot, "filename");
    ferry_source_add_removable (b->source, FERRY_REMOVABLE_FLOPPY,
                                FERRY_BUS_FDC, disk_name ("fd", unit),
                                type != NULL &&
                                g_ascii_strcasecmp (type, "file") == 0 &&
                                file != NULL && file[0] != '\0'
                                ? resolve (b, file) : NULL);
  }
  return 0;
}

static int
add_nic (struct builder *b, long n)
{
  g_autofree char *slot = g_strdup_printf ("ethernet%ld", n);
  g_autofree char *mac = NULL, *model = NULL, *connection = NULL;
  const char *address_type, *mac_key, *address, *network, *type, *dev;
  struct ferry_source_nic *nic;
  bool present;

  if (slot_bool (b, slot, "present", &present) == -1)
    return -1;
  if (!present)
    return 0;

  address_type = slot_get (b, slot, "addresstype");
  mac_key = address_type && g_ascii_strcasecmp (address_type, "static") == 0
    ? "address" : "generatedaddress";
  address = slot_get (b, slot, mac_key);
  if (address != NULL) {
    mac = ferry_source_normalize_mac (address);
    if (mac == NULL) {
      g_autofree char *key = slot_key (slot, mac_key);
      g_autofree char *shown = g_strescape (address, NULL);

      ferry_error ("invalid '%s' in '%s' line %zu: '%s' is not a MAC address",
                   key, ferry_vmx_file (b->vmx),
                   ferry_vmx_line (b->vmx, key), shown);
      return -1;
    }
  }

  dev = slot_get (b, slot, "virtualdev");
  if (dev != NULL) {
    const char *features = slot_get (b, slot, "features");

    if (g_ascii_strcasecmp (dev, "vmxnet") == 0 && features != NULL &&
        strcmp (features, "15") == 0)
      model = g_strdup ("vmxnet2");
    else
      model = g_ascii_strdown (dev, -1);
  }

  type = slot_get (b, slot, "connectiontype");
  network = slot_get (b, slot, "networkname");
  if (slot_get (b, slot, "dvs.switchid") != NULL) {
    connection = g_strdup ("vds");
    if (network == NULL)
      network = slot_get (b, slot, "dvs.portgroupid");
  }
  else if (type != NULL) {
    connection = g_ascii_strdown (type, -1);
    if (network == NULL && g_ascii_strcasecmp (type, "custom") == 0)
      network = slot_get (b, slot, "vnet");
  }
  /* As virt-v2v 2.x reads it: no connectionType is no bridge (a network
   * NIC), and a NIC whose network has no name is named after its slot,
   * "ethernet0".
   */
  if (network == NULL)
    network = slot;

  nic = ferry_source_add_nic (b->source, g_steal_pointer (&mac),
                              g_strdup (network), g_steal_pointer (&model));
  nic->connection = g_steal_pointer (&connection);
  return 0;
}

struct ferry_source *
ferry_vmx_source (const struct ferry_vmx *vmx, const char *folder,
                  const char *fallback_name)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  struct builder b = { .vmx = vmx, .folder = folder, .source = source };
  const char *name = ferry_vmx_get (vmx, "displayname");
  const char *firmware = ferry_vmx_get (vmx, "firmware");
  uint64_t memsize, vcpus, cores;
  bool svga;
  long n, last;

  if (name == NULL || name[0] == '\0')
    name = fallback_name ? fallback_name : "guest";
  source->name = g_strdup (name);

  /* In MiB; 1 PiB is far beyond any VMware release. */
  if (ferry_vmx_get_uint (vmx, "memsize", 1, UINT64_C (1) << 30, 32,
                          &memsize) == -1)
    return NULL;
  source->memory = memsize << 20;

  if (ferry_vmx_get_uint (vmx, "numvcpus", 1, 4096, 1, &vcpus) == -1 ||
      ferry_vmx_get_uint (vmx, "cpuid.corespersocket", 1, 4096, 1,
                          &cores) == -1)
    return NULL;
  if (vcpus % cores != 0) {
    ferry_error ("invalid 'cpuid.corespersocket' in '%s' line %zu: %"
                 G_GUINT64_FORMAT " cores per socket do not divide "
                 "numvcpus (%" G_GUINT64_FORMAT ")",
                 ferry_vmx_file (vmx),
                 ferry_vmx_line (vmx, "cpuid.corespersocket"), cores, vcpus);
    return NULL;
  }
  source->vcpus = vcpus;
  source->cores = cores;
  source->sockets = vcpus / cores;

  source->firmware = firmware && g_ascii_strcasecmp (firmware, "efi") == 0
    ? FERRY_FIRMWARE_UEFI : FERRY_FIRMWARE_BIOS;
  if (ferry_vmx_get_bool (vmx, "uefi.secureboot.enabled", false,
                          &source->secure_boot) == -1)
    return NULL;
  source->guest_os = g_strdup (ferry_vmx_get (vmx, "guestos"));
  if (read_genid (vmx, &source->genid) == -1)
    return NULL;
  if (ferry_vmx_get_bool (vmx, "svga.present", true, &svga) == -1)
    return NULL;
  source->video = svga ? g_strdup ("vmvga") : NULL;

  if (add_drives (&b) == -1 || add_floppies (&b) == -1)
    return NULL;

  /* NICs are numbered from 0 with gaps allowed; VMware has at most 10. */
  last = ferry_vmx_max_index (vmx, "ethernet", 255);
  for (n = 0; n <= last; n++)
    if (add_nic (&b, n) == -1)
      return NULL;
  unique_targets (source);
  /* A drive's slot is its place on its bus ("hdc": 2), which the output
   * keeps, as virt-v2v keeps it.
   */
  for (n = 0; n < (long) source->removables->len; n++) {
    struct ferry_source_disk *d = source->removables->pdata[n];

    if (d->target != NULL && strlen (d->target) > 2)
      d->slot = ferry_devname_index (d->target + 2, strlen (d->target) - 2);
  }

  return g_steal_pointer (&source);
}

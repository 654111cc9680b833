/* ferry: OVF descriptors (see parse-ovf.h). */

#include <config.h>

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "parse-ovf.h"
#include "errors.h"
#include "banned.h"

/* CIM ResourceType values (DSP1041) that ferry reads. */
enum {
  RESOURCE_PROCESSOR = 3,
  RESOURCE_MEMORY = 4,
  RESOURCE_IDE = 5,
  RESOURCE_SCSI = 6,
  RESOURCE_ETHERNET = 10,
  RESOURCE_FLOPPY = 14,
  RESOURCE_CDROM = 15,
  RESOURCE_DVD = 16,
  RESOURCE_DISK = 17,
  RESOURCE_OTHER_STORAGE = 20,
};

/* The parse in progress. */
struct parser {
  const char *file;
  struct ferry_ovf *ovf;
  GHashTable *files;        /* ovf:id -> struct ferry_ovf_file * */
  GHashTable *disks;        /* ovf:diskId -> xmlNode * of the Disk */
  GHashTable *used_disks;   /* ovf:diskId or file id of each disk taken */
  GHashTable *controllers;  /* InstanceID -> enum ferry_bus, + 1 */
};

/* NAME without a prefix: libxml2 keeps "rasd:Name" whole when the file
 * does not declare the prefix.
 */
static bool
name_is (const xmlChar *name, const char *local)
{
  const char *colon = strrchr ((const char *) name, ':');

  return strcmp (colon ? colon + 1 : (const char *) name, local) == 0;
}

static bool
is_element (const xmlNode *node, const char *local)
{
  return node->type == XML_ELEMENT_NODE && name_is (node->name, local);
}

static xmlNode *
first_child (const xmlNode *parent, const char *local)
{
  xmlNode *node;

  for (node = parent->children; node != NULL; node = node->next)
    if (is_element (node, local))
      return node;
  return NULL;
}

/* The text in NODE, without the spaces around it, in a new string. */
static char *
node_text (const xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup (content != NULL ? (const char *) content : "");

  xmlFree (content);
  return g_strstrip (text);
}

/* The text of PARENT's first child element LOCAL, or NULL. */
static char *
child_text (const xmlNode *parent, const char *local)
{
  const xmlNode *node = first_child (parent, local);

  return node != NULL ? node_text (node) : NULL;
}

/* NODE's attribute LOCAL (in any namespace), or NULL. */
static const xmlAttr *
find_attribute (const xmlNode *node, const char *local)
{
  const xmlAttr *attr;

  for (attr = node->properties; attr != NULL; attr = attr->next)
    if (name_is (attr->name, local))
      return attr;
  return NULL;
}

/* The value of NODE's attribute LOCAL, in a new string, or NULL. */
static char *
attribute (const xmlNode *node, const char *local)
{
  const xmlAttr *attr = find_attribute (node, local);
  xmlChar *value;
  char *copy;

  if (attr == NULL)
    return NULL;
  value = xmlNodeListGetString (node->doc, attr->children, 1);
  copy = g_strdup (value != NULL ? (const char *) value : "");
  xmlFree (value);
  return copy;
}

/* "prefix:name" of an element or attribute, as the file writes it. */
static char *
qualified_name (const xmlNs *ns, const xmlChar *name)
{
  if (ns != NULL && ns->prefix != NULL)
    return g_strconcat ((const char *) ns->prefix, ":", (const char *) name,
                        NULL);
  return g_strdup ((const char *) name);
}

/* Decimal digits only, at most MAX. */
static int
parse_uint (const char *text, uint64_t max, uint64_t *value)
{
  uint64_t n = 0;
  const char *s;

  if (text[0] == '\0')
    return -1;
  for (s = text; *s != '\0'; s++) {
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

/* The number in the child element LOCAL of ITEM, from MIN to MAX.  Returns
 * 1 with *VALUE set, 0 when ITEM has no such child, -1 with the error set.
 */
static int
child_number (const struct parser *p, const xmlNode *item, const char *local,
              uint64_t min, uint64_t max, uint64_t *value)
{
  const xmlNode *node = first_child (item, local);
  g_autofree char *text = NULL;
  uint64_t n;

  if (node == NULL)
    return 0;
  text = node_text (node);
  if (parse_uint (text, max, &n) == -1 || n < min) {
    g_autofree char *name = qualified_name (node->ns, node->name);
    g_autofree char *shown = g_strescape (text, NULL);

    ferry_error ("invalid '%s' in '%s' line %ld: '%s' is not a number from %"
                 G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT, name, p->file,
                 xmlGetLineNo (node), shown, min, max);
    return -1;
  }
  *value = n;
  return 1;
}

int
ferry_ovf_parse_units (const char *units, uint64_t *bytes)
{
  static const struct {
    const char *name;
    unsigned shift;
  } names[] = {
    { "byte", 0 }, { "bytes", 0 },
    { "kilobytes", 10 }, { "kb", 10 }, { "kib", 10 },
    { "megabytes", 20 }, { "mb", 20 }, { "mib", 20 },
    { "gigabytes", 30 }, { "gb", 30 }, { "gib", 30 },
    { "terabytes", 40 }, { "tb", 40 }, { "tib", 40 },
  };
  g_autoptr (GString) compact = g_string_new (NULL);
  const char *s;
  uint64_t shift;
  size_t i;

  for (s = units; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      g_string_append_c (compact, g_ascii_tolower (*s));
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (compact->str, names[i].name) == 0) {
      *bytes = UINT64_C (1) << names[i].shift;
      return 0;
    }
  if (g_str_has_prefix (compact->str, "byte*2^") &&
      parse_uint (compact->str + strlen ("byte*2^"), 62, &shift) == 0) {
    *bytes = UINT64_C (1) << shift;
    return 0;
  }
  return -1;
}

/* QUANTITY (the text of NODE) times the units UNITS (NULL: DEFAULT_UNITS)
 * in bytes, at most MAX.  WHAT names the quantity in errors.
 */
static int
scaled (const struct parser *p, const xmlNode *node, const char *what,
        const char *quantity, const char *units, const char *default_units,
        uint64_t max, uint64_t *bytes)
{
  g_autofree char *shown = g_strescape (quantity, NULL);
  uint64_t n, unit;

  if (parse_uint (quantity, UINT64_MAX, &n) == -1) {
    ferry_error ("invalid %s in '%s' line %ld: '%s' is not a number",
                 what, p->file, xmlGetLineNo (node), shown);
    return -1;
  }
  if (units == NULL)
    units = default_units;
  if (ferry_ovf_parse_units (units, &unit) == -1) {
    g_autofree char *shown_units = g_strescape (units, NULL);

    ferry_error ("invalid %s in '%s' line %ld: unknown units '%s'",
                 what, p->file, xmlGetLineNo (node), shown_units);
    return -1;
  }
  if (n > max / unit) {
    g_autofree char *shown_units = g_strescape (units, NULL);

    ferry_error ("invalid %s in '%s' line %ld: %s times '%s' is more than %"
                 G_GUINT64_FORMAT " bytes", what, p->file,
                 xmlGetLineNo (node), shown, shown_units, max);
    return -1;
  }
  *bytes = n * unit;
  return 0;
}

static void
file_free (gpointer data)
{
  struct ferry_ovf_file *f = data;

  g_free (f->id);
  g_free (f->href);
  g_free (f);
}

void
ferry_ovf_free (struct ferry_ovf *ovf)
{
  if (ovf == NULL)
    return;
  g_free (ovf->file);
  ferry_source_free (ovf->source);
  if (ovf->disk_files != NULL)
    g_ptr_array_unref (ovf->disk_files);
  if (ovf->files != NULL)
    g_ptr_array_unref (ovf->files);
  g_free (ovf);
}

/* References: every File, with a unique id and href. */
static int
read_references (struct parser *p, const xmlNode *envelope)
{
  const xmlNode *references = first_child (envelope, "References");
  g_autoptr (GHashTable) hrefs = g_hash_table_new (g_str_hash, g_str_equal);
  xmlNode *node;

  if (references == NULL)
    return 0;
  for (node = references->children; node != NULL; node = node->next) {
    g_autofree char *size = NULL, *compression = NULL, *chunk = NULL;
    struct ferry_ovf_file *f;
    uint64_t n;

    if (!is_element (node, "File"))
      continue;
    if (p->ovf->files->len >= FERRY_OVF_MAX_FILES) {
      ferry_error ("invalid References in '%s' line %ld: more than %d files",
                   p->file, xmlGetLineNo (node), FERRY_OVF_MAX_FILES);
      return -1;
    }
    f = g_new0 (struct ferry_ovf_file, 1);
    g_ptr_array_add (p->ovf->files, f);
    f->id = attribute (node, "id");
    f->href = attribute (node, "href");
    f->size = -1;
    if (f->id == NULL || f->href == NULL || f->href[0] == '\0') {
      ferry_error ("invalid File in '%s' line %ld: it needs ovf:id and "
                   "ovf:href", p->file, xmlGetLineNo (node));
      return -1;
    }
    if (g_hash_table_contains (p->files, f->id) ||
        g_hash_table_contains (hrefs, f->href)) {
      g_autofree char *shown = g_strescape (g_hash_table_contains (p->files,
                                                                   f->id)
                                            ? f->id : f->href, NULL);

      ferry_error ("invalid File in '%s' line %ld: '%s' is listed twice",
                   p->file, xmlGetLineNo (node), shown);
      return -1;
    }
    g_hash_table_insert (p->files, f->id, f);
    g_hash_table_add (hrefs, f->href);

    size = attribute (node, "size");
    if (size != NULL) {
      if (parse_uint (size, INT64_MAX, &n) == -1) {
        g_autofree char *shown = g_strescape (size, NULL);

        ferry_error ("invalid ovf:size in '%s' line %ld: '%s' is not a "
                     "number of bytes", p->file, xmlGetLineNo (node), shown);
        return -1;
      }
      f->size = n;
    }
    compression = attribute (node, "compression");
    if (compression != NULL && strcmp (compression, "gzip") == 0)
      f->gzip = true;
    else if (compression != NULL && compression[0] != '\0' &&
             strcmp (compression, "identity") != 0) {
      g_autofree char *shown = g_strescape (compression, NULL);

      ferry_error ("invalid ovf:compression in '%s' line %ld: '%s' is not "
                   "gzip", p->file, xmlGetLineNo (node), shown);
      return -1;
    }
    chunk = attribute (node, "chunkSize");
    if (chunk != NULL) {
      ferry_error ("invalid File in '%s' line %ld: files split in chunks "
                   "(ovf:chunkSize) are not supported", p->file,
                   xmlGetLineNo (node));
      return -1;
    }
  }
  return 0;
}

/* DiskSection: remember each Disk by its id. */
static int
read_disk_section (struct parser *p, const xmlNode *envelope)
{
  const xmlNode *section = first_child (envelope, "DiskSection");
  xmlNode *node;

  if (section == NULL)
    return 0;
  for (node = section->children; node != NULL; node = node->next) {
    g_autofree char *id = NULL;

    if (!is_element (node, "Disk"))
      continue;
    id = attribute (node, "diskId");
    if (id == NULL || id[0] == '\0') {
      ferry_error ("invalid Disk in '%s' line %ld: it has no ovf:diskId",
                   p->file, xmlGetLineNo (node));
      return -1;
    }
    if (g_hash_table_contains (p->disks, id)) {
      g_autofree char *shown = g_strescape (id, NULL);

      ferry_error ("invalid Disk in '%s' line %ld: ovf:diskId '%s' is used "
                   "twice", p->file, xmlGetLineNo (node), shown);
      return -1;
    }
    if (g_hash_table_size (p->disks) >= FERRY_OVF_MAX_FILES) {
      ferry_error ("invalid DiskSection in '%s' line %ld: more than %d disks",
                   p->file, xmlGetLineNo (node), FERRY_OVF_MAX_FILES);
      return -1;
    }
    g_hash_table_insert (p->disks, g_steal_pointer (&id), node);
  }
  return 0;
}

/* The qemu driver for a Disk's ovf:format URI, or NULL. */
static char *
disk_format (const char *uri)
{
  g_autofree char *lower = uri ? g_ascii_strdown (uri, -1) : NULL;

  if (lower == NULL)
    return NULL;
  if (strstr (lower, "vmdk.html") != NULL)
    return g_strdup ("vmdk");
  if (strstr (lower, "qcow-image-format") != NULL)
    return g_strdup ("qcow2");
  return NULL;
}

static enum ferry_bus
item_bus (const struct parser *p, const xmlNode *item)
{
  g_autofree char *parent = child_text (item, "Parent");
  gpointer bus;

  if (parent == NULL)
    return FERRY_BUS_UNKNOWN;
  bus = g_hash_table_lookup (p->controllers, parent);
  return bus != NULL ? (enum ferry_bus) (GPOINTER_TO_INT (bus) - 1)
    : FERRY_BUS_UNKNOWN;
}

/* The first pass over the Items: which bus each controller is. */
static int
read_controller (struct parser *p, const xmlNode *item, uint64_t type)
{
  g_autofree char *id = NULL, *subtype = NULL, *lower = NULL;
  enum ferry_bus bus;

  switch (type) {
  case RESOURCE_IDE: bus = FERRY_BUS_IDE; break;
  case RESOURCE_SCSI: bus = FERRY_BUS_SCSI; break;
  case RESOURCE_OTHER_STORAGE:
    subtype = child_text (item, "ResourceSubType");
    lower = g_ascii_strdown (subtype ? subtype : "", -1);
    if (strstr (lower, "nvme") != NULL)
      bus = FERRY_BUS_NVME;
    else if (strstr (lower, "sata") != NULL || strstr (lower, "ahci") != NULL)
      bus = FERRY_BUS_SATA;
    else
      bus = FERRY_BUS_UNKNOWN;
    break;
  default:
    return 0;
  }
  id = child_text (item, "InstanceID");
  if (id != NULL && id[0] != '\0')
    g_hash_table_replace (p->controllers, g_steal_pointer (&id),
                          GINT_TO_POINTER (bus + 1));
  return 0;
}

/* The File and Disk that a disk Item's HostResource names. */
static int
read_disk (struct parser *p, const xmlNode *item)
{
  const xmlNode *host = first_child (item, "HostResource");
  g_autofree char *resource = NULL, *file_id = NULL, *format = NULL;
  g_autofree char *shown = NULL, *name = NULL;
  const struct ferry_ovf_file *f;
  const char *disk_id = NULL;
  const xmlNode *disk = NULL;
  struct ferry_source_disk *sd;
  uint64_t capacity = 0;

  if (host == NULL) {
    ferry_error ("invalid Item in '%s' line %ld: a disk needs a "
                 "HostResource", p->file, xmlGetLineNo (item));
    return -1;
  }
  resource = node_text (host);
  shown = g_strescape (resource, NULL);
  name = qualified_name (host->ns, host->name);
  if (g_str_has_prefix (resource, "ovf:/disk/"))
    disk_id = resource + strlen ("ovf:/disk/");
  else if (g_str_has_prefix (resource, "/disk/"))
    disk_id = resource + strlen ("/disk/");
  else if (g_str_has_prefix (resource, "ovf:/file/"))
    file_id = g_strdup (resource + strlen ("ovf:/file/"));
  else {
    ferry_error ("invalid '%s' in '%s' line %ld: '%s' is not "
                 "'ovf:/disk/ID' or 'ovf:/file/ID'", name, p->file,
                 xmlGetLineNo (host), shown);
    return -1;
  }

  if (disk_id != NULL) {
    g_autofree char *units = NULL, *size = NULL, *uri = NULL;

    disk = g_hash_table_lookup (p->disks, disk_id);
    if (disk == NULL) {
      ferry_error ("invalid '%s' in '%s' line %ld: '%s' names no Disk of the "
                   "DiskSection", name, p->file, xmlGetLineNo (host), shown);
      return -1;
    }
    file_id = attribute (disk, "fileRef");
    if (file_id == NULL) {
      ferry_error ("invalid Disk in '%s' line %ld: it has no ovf:fileRef "
                   "(an empty disk to create is not supported)", p->file,
                   xmlGetLineNo (disk));
      return -1;
    }
    uri = attribute (disk, "format");
    format = disk_format (uri);
    size = attribute (disk, "capacity");
    units = attribute (disk, "capacityAllocationUnits");
    /* A capacity may be a property to be set on deployment: "${size}". */
    if (size != NULL && !g_str_has_prefix (size, "${") &&
        scaled (p, disk, "ovf:capacity", size, units, "byte", INT64_MAX,
                &capacity) == -1)
      return -1;
  }

  f = g_hash_table_lookup (p->files, file_id);
  if (f == NULL) {
    g_autofree char *shown_id = g_strescape (file_id, NULL);

    ferry_error ("invalid %s in '%s' line %ld: file '%s' is not in the "
                 "References", disk ? "Disk" : name, p->file,
                 xmlGetLineNo (disk ? disk : host), shown_id);
    return -1;
  }
  if (!g_hash_table_add (p->used_disks, g_strdup (f->id))) {
    ferry_error ("invalid '%s' in '%s' line %ld: '%s' is used by two disks",
                 name, p->file, xmlGetLineNo (host), shown);
    return -1;
  }
  if (p->ovf->source->disks->len >= FERRY_OVF_MAX_DISKS) {
    ferry_error ("invalid Item in '%s' line %ld: more than %d hard disks",
                 p->file, xmlGetLineNo (item), FERRY_OVF_MAX_DISKS);
    return -1;
  }
  sd = ferry_source_add_disk (p->ovf->source, g_strdup (f->href),
                              g_steal_pointer (&format));
  sd->bus = item_bus (p, item);
  sd->virtual_size = capacity;
  g_ptr_array_add (p->ovf->disk_files, (gpointer) f);
  return 0;
}

/* A NIC, as virt-v2v reads one: on a bridge of its Connection's name, or
 * when it has none on a network named "ethN" (N its place among NICs).
 */
static void
read_nic (struct parser *p, const xmlNode *item)
{
  g_autofree char *subtype = child_text (item, "ResourceSubType");
  g_autofree char *network = child_text (item, "Connection");
  g_autofree char *address = child_text (item, "Address");
  struct ferry_source_nic *nic;
  char *model = NULL;
  bool bridged = true;

  if (subtype != NULL && subtype[0] != '\0')
    model = g_ascii_strdown (subtype, -1);
  if (network == NULL || network[0] == '\0') {
    g_free (network);
    network = g_strdup_printf ("eth%u", p->ovf->source->nics->len);
    bridged = false;
  }
  /* OVF tools write MACs with '-' as well as ':'. */
  if (address != NULL)
    g_strdelimit (address, "-", ':');
  nic = ferry_source_add_nic (p->ovf->source,
                              ferry_source_normalize_mac (address),
                              g_steal_pointer (&network), model);
  if (bridged)
    nic->connection = g_strdup ("bridged");
}

/* A CD-ROM or floppy drive, in its slot (AddressOnParent) when it says. */
static int
read_removable (struct parser *p, const xmlNode *item,
                enum ferry_removable kind)
{
  struct ferry_source_disk *drive;
  uint64_t slot;
  int r;

  drive = ferry_source_add_removable (p->ovf->source, kind,
                                      kind == FERRY_REMOVABLE_FLOPPY
                                      ? FERRY_BUS_FDC : item_bus (p, item),
                                      NULL, NULL);
  /* A slot that is not a number is no slot: the drive goes where it can. */
  r = child_number (p, item, "AddressOnParent", 0, 255, &slot);
  if (r == -1)
    ferry_error_clear ();
  if (r == 1)
    drive->slot = slot;
  return 0;
}

static int
read_memory (struct parser *p, const xmlNode *item)
{
  const xmlNode *quantity = first_child (item, "VirtualQuantity");
  g_autofree char *text = NULL, *units = NULL;
  uint64_t bytes;

  if (quantity == NULL) {
    ferry_error ("invalid Item in '%s' line %ld: the memory has no "
                 "VirtualQuantity", p->file, xmlGetLineNo (item));
    return -1;
  }
  text = node_text (quantity);
  units = child_text (item, "AllocationUnits");
  if (scaled (p, quantity, "memory", text, units, "MegaBytes",
              UINT64_C (16) << 40, &bytes) == -1)
    return -1;
  if (bytes < (UINT64_C (1) << 20)) {
    ferry_error ("invalid memory in '%s' line %ld: %" G_GUINT64_FORMAT
                 " bytes is less than 1 MiB", p->file,
                 xmlGetLineNo (quantity), bytes);
    return -1;
  }
  p->ovf->source->memory = bytes;
  return 0;
}

static int
read_vcpus (struct parser *p, const xmlNode *item)
{
  uint64_t vcpus, cores;
  int r;

  r = child_number (p, item, "VirtualQuantity", 1, 4096, &vcpus);
  if (r == -1)
    return -1;
  if (r == 0) {
    ferry_error ("invalid Item in '%s' line %ld: the CPUs have no "
                 "VirtualQuantity", p->file, xmlGetLineNo (item));
    return -1;
  }
  p->ovf->source->vcpus = vcpus;
  r = child_number (p, item, "CoresPerSocket", 1, 4096, &cores);
  if (r == -1)
    return -1;
  if (r == 1) {
    if (vcpus % cores != 0) {
      ferry_error ("invalid CoresPerSocket in '%s' line %ld: %"
                   G_GUINT64_FORMAT " cores per socket do not divide %"
                   G_GUINT64_FORMAT " vCPUs", p->file,
                   xmlGetLineNo (first_child (item, "CoresPerSocket")),
                   cores, vcpus);
      return -1;
    }
    p->ovf->source->cores = cores;
    p->ovf->source->sockets = vcpus / cores;
  }
  return 0;
}

static bool
is_item (const xmlNode *node)
{
  return is_element (node, "Item") || is_element (node, "StorageItem") ||
    is_element (node, "EthernetPortItem");
}

/* The Items of the VirtualHardwareSection, in two passes: controllers
 * first (a disk may come before the controller it names), then the rest.
 */
static int
read_hardware (struct parser *p, const xmlNode *hardware)
{
  struct ferry_source *source = p->ovf->source;
  bool have_memory = false, have_cpus = false;
  unsigned items = 0;
  const xmlNode *node;
  int pass;

  for (pass = 0; pass < 2; pass++) {
    for (node = hardware->children; node != NULL; node = node->next) {
      uint64_t type;
      int r;

      if (!is_item (node))
        continue;
      if (pass == 0 && ++items > FERRY_OVF_MAX_ITEMS) {
        ferry_error ("invalid VirtualHardwareSection in '%s' line %ld: more "
                     "than %d Items", p->file, xmlGetLineNo (node),
                     FERRY_OVF_MAX_ITEMS);
        return -1;
      }
      r = child_number (p, node, "ResourceType", 0, 65535, &type);
      if (r == -1)
        return -1;
      if (r == 0) {
        ferry_error ("invalid Item in '%s' line %ld: it has no ResourceType",
                     p->file, xmlGetLineNo (node));
        return -1;
      }
      if (pass == 0) {
        if (read_controller (p, node, type) == -1)
          return -1;
        continue;
      }

      switch (type) {
      case RESOURCE_MEMORY:
        if (have_memory)
          break;              /* the first one wins */
        have_memory = true;
        if (read_memory (p, node) == -1)
          return -1;
        break;
      case RESOURCE_PROCESSOR:
        if (have_cpus)
          break;
        have_cpus = true;
        if (read_vcpus (p, node) == -1)
          return -1;
        break;
      case RESOURCE_DISK:
        if (read_disk (p, node) == -1)
          return -1;
        break;
      case RESOURCE_ETHERNET:
        read_nic (p, node);
        break;
      case RESOURCE_CDROM:
      case RESOURCE_DVD:
        if (read_removable (p, node, FERRY_REMOVABLE_CDROM) == -1)
          return -1;
        break;
      case RESOURCE_FLOPPY:
        if (read_removable (p, node, FERRY_REMOVABLE_FLOPPY) == -1)
          return -1;
        break;
      default:
        break;
      }
    }
  }

  if (!have_memory) {
    ferry_error ("invalid VirtualHardwareSection in '%s' line %ld: no memory "
                 "Item (ResourceType 4)", p->file, xmlGetLineNo (hardware));
    return -1;
  }
  if (!have_cpus)
    source->vcpus = 1;

  /* vmw:Config: firmware and secure boot. */
  source->firmware = FERRY_FIRMWARE_BIOS;
  for (node = hardware->children; node != NULL; node = node->next) {
    g_autofree char *key = NULL, *value = NULL;

    if (!is_element (node, "Config"))
      continue;
    key = attribute (node, "key");
    value = attribute (node, "value");
    if (key == NULL || value == NULL)
      continue;
    if (strcmp (key, "firmware") == 0)
      source->firmware = g_ascii_strcasecmp (value, "efi") == 0
        ? FERRY_FIRMWARE_UEFI : FERRY_FIRMWARE_BIOS;
    else if (strcmp (key, "uefi.secureBoot.enabled") == 0)
      source->secure_boot = g_ascii_strcasecmp (value, "true") == 0;
  }
  return 0;
}

static int
read_envelope (struct parser *p, const xmlNode *envelope,
               const char *fallback_name)
{
  struct ferry_source *source = p->ovf->source;
  const xmlNode *system, *hardware, *os;
  g_autofree char *name = NULL;

  if (read_references (p, envelope) == -1 ||
      read_disk_section (p, envelope) == -1)
    return -1;

  system = first_child (envelope, "VirtualSystem");
  if (system == NULL) {
    if (first_child (envelope, "VirtualSystemCollection") != NULL)
      ferry_error ("cannot convert '%s': it describes several virtual "
                   "machines (VirtualSystemCollection), ferry converts one",
                   p->file);
    else
      ferry_error ("invalid '%s': it has no VirtualSystem", p->file);
    return -1;
  }

  name = child_text (system, "Name");
  if (name == NULL || name[0] == '\0') {
    g_free (name);
    name = attribute (system, "id");
  }
  if (name == NULL || name[0] == '\0') {
    g_free (name);
    name = g_strdup (fallback_name);
  }
  source->name = g_steal_pointer (&name);

  os = first_child (system, "OperatingSystemSection");
  if (os != NULL) {
    source->guest_os = attribute (os, "osType");
    if (source->guest_os != NULL && source->guest_os[0] == '\0')
      g_clear_pointer (&source->guest_os, g_free);
  }

  hardware = first_child (system, "VirtualHardwareSection");
  if (hardware == NULL) {
    ferry_error ("invalid VirtualSystem in '%s' line %ld: it has no "
                 "VirtualHardwareSection", p->file, xmlGetLineNo (system));
    return -1;
  }
  return read_hardware (p, hardware);
}

/* libxml2 calls this when it meets <!DOCTYPE, before reading any of it:
 * a descriptor has no business declaring entities, so stop there.
 */
static void
refuse_dtd (void *ctx, const xmlChar *name, const xmlChar *external_id,
            const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = ctx;
  bool *seen = ctxt->_private;

  *seen = true;
  xmlStopParser (ctxt);
}

/* Parse BUF into a tree: no network, no entity substitution, no DTD. */
static xmlDoc *
read_xml (const char *buf, size_t len, const char *file)
{
  xmlParserCtxtPtr ctxt = NULL;
  xmlDoc *doc = NULL;
  bool dtd = false;

  xmlInitParser ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL) {
    ferry_error ("cannot parse '%s': out of memory", file);
    return NULL;
  }
  ctxt->_private = &dtd;
  ctxt->sax->internalSubset = refuse_dtd;
  ctxt->sax->externalSubset = refuse_dtd;
  doc = xmlCtxtReadMemory (ctxt, buf, (int) len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                           XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
  if (dtd) {
    ferry_error ("cannot parse '%s' line %d: it has a DTD (<!DOCTYPE>), "
                 "which could declare entities: refused", file,
                 ctxt->input ? ctxt->input->line : 0);
    xmlFreeDoc (doc);
    doc = NULL;
  }
  else if (doc == NULL || !ctxt->wellFormed) {
    const xmlError *err = xmlCtxtGetLastError (ctxt);
    g_autofree char *message = g_strdup (err && err->message ? err->message
                                         : "not well-formed XML");
    char *c;

    /* One line: libxml2 puts the offending bytes on a second one. */
    for (c = message; *c != '\0'; c++)
      if ((unsigned char) *c < 0x20)
        *c = ' ';
    g_strstrip (message);
    ferry_error ("cannot parse '%s' line %d: %s", file, err ? err->line : 0,
                 message);
    xmlFreeDoc (doc);
    doc = NULL;
  }
  else if (doc->intSubset != NULL || doc->extSubset != NULL) {
    ferry_error ("cannot parse '%s': it has a DTD, which could declare "
                 "entities: refused", file);
    xmlFreeDoc (doc);
    doc = NULL;
  }
  xmlFreeParserCtxt (ctxt);
  return doc;
}

struct ferry_ovf *
ferry_ovf_parse (const char *buf, size_t len, const char *file,
                 const char *fallback_name)
{
  g_autoptr (ferry_ovf) ovf = NULL;
  g_autoptr (GHashTable) files = NULL, disks = NULL, used = NULL;
  g_autoptr (GHashTable) controllers = NULL;
  struct parser p;
  xmlDoc *doc;
  const xmlNode *root;
  int r;

  if (len > FERRY_OVF_MAX_SIZE) {
    ferry_error ("cannot parse '%s': larger than %u MiB, not an OVF "
                 "descriptor", file, FERRY_OVF_MAX_SIZE >> 20);
    return NULL;
  }
  doc = read_xml (buf, len, file);
  if (doc == NULL)
    return NULL;

  ovf = g_new0 (struct ferry_ovf, 1);
  ovf->file = g_strdup (file);
  ovf->source = ferry_source_new ();
  ovf->files = g_ptr_array_new_with_free_func (file_free);
  ovf->disk_files = g_ptr_array_new ();
  files = g_hash_table_new (g_str_hash, g_str_equal);
  disks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  controllers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p = (struct parser) {
    .file = file, .ovf = ovf, .files = files, .disks = disks,
    .used_disks = used, .controllers = controllers,
  };

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "Envelope")) {
    g_autofree char *shown = root ? g_strescape ((const char *) root->name,
                                                 NULL) : g_strdup ("");

    ferry_error ("cannot parse '%s': the root element is '%s', not an OVF "
                 "Envelope", file, shown);
    r = -1;
  }
  else
    r = read_envelope (&p, root, fallback_name);
  xmlFreeDoc (doc);
  if (r == -1)
    return NULL;
  return g_steal_pointer (&ovf);
}

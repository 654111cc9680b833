/* ferry: libvirt domain XML as input (see parse-libvirtxml.h). */

#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "parse-libvirtxml.h"
#include "errors.h"
#include "banned.h"

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"
#define MAX_VCPUS 4096
#define MAX_CPU_FEATURES 256

/* The parser's own options: see the header.  BIG_LINES only makes the
 * line numbers in messages right past line 65535.
 */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | \
                       XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | \
                       XML_PARSE_NOCDATA)

/* What the <!DOCTYPE> callback saw. */
struct doctype {
  bool seen;
  int line;
};

struct parser {
  const char *file;
  const char *folder;
  struct ferry_source *source;
};

int
ferry_libvirtxml_is_uri (const char *location)
{
  return g_str_has_prefix (location, "nbd://") ||
    g_str_has_prefix (location, "nbd+unix://");
}

/* Errors: "invalid WHAT in 'FILE' line N: WHY". */
static void G_GNUC_PRINTF (4, 5)
invalid (const struct parser *p, xmlNodePtr node, const char *what,
         const char *fmt, ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, fmt);
  why = g_strdup_vprintf (fmt, args);
  va_end (args);
  ferry_error ("invalid %s in '%s' line %ld: %s", what, p->file,
               xmlGetLineNo (node), why);
}

/* A value from the file, fit for an error message. */
static char *
shown (const char *value)
{
  return g_strescape (value ? value : "", NULL);
}

/* Is NODE the libvirt element NAME (libvirt's elements have no
 * namespace)?
 */
static bool
is_element (xmlNodePtr node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
    xmlStrEqual (node->name, BAD_CAST name);
}

/* The first child element NAME of PARENT, or NULL. */
static xmlNodePtr
child (xmlNodePtr parent, const char *name)
{
  xmlNodePtr node;

  if (parent == NULL)
    return NULL;
  for (node = parent->children; node != NULL; node = node->next)
    if (is_element (node, name))
      return node;
  return NULL;
}

/* Attribute NAME of NODE in a new string, or NULL when absent. */
static char *
attr (xmlNodePtr node, const char *name)
{
  xmlChar *value;
  char *copy;

  if (node == NULL)
    return NULL;
  value = xmlGetNoNsProp (node, BAD_CAST name);
  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

/* The text of NODE, without surrounding white space, in a new string. */
static char *
text (xmlNodePtr node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value ? (const char *) value : "");

  xmlFree (value);
  return g_strstrip (copy);
}

/* Decimal digits only, no sign, no overflow. */
static int
parse_u64 (const char *s, uint64_t *value)
{
  uint64_t v = 0;

  if (s == NULL || s[0] == '\0')
    return -1;
  for (; *s != '\0'; s++) {
    if (!g_ascii_isdigit (*s) || v > (UINT64_MAX - (*s - '0')) / 10)
      return -1;
    v = v * 10 + (*s - '0');
  }
  *value = v;
  return 0;
}

/* A number from MIN to MAX in attribute NAME of NODE, DEFAULT when
 * absent.
 */
static int
attr_uint (const struct parser *p, xmlNodePtr node, const char *name,
           uint64_t min, uint64_t max, uint64_t default_value,
           uint64_t *value)
{
  g_autofree char *s = attr (node, name);
  g_autofree char *what = NULL;
  g_autofree char *v = NULL;

  if (s == NULL) {
    *value = default_value;
    return 0;
  }
  if (parse_u64 (s, value) == 0 && *value >= min && *value <= max)
    return 0;
  what = g_strdup_printf ("<%s %s>", (const char *) node->name, name);
  v = shown (s);
  invalid (p, node, what, "'%s' is not a number from %" G_GUINT64_FORMAT
           " to %" G_GUINT64_FORMAT, v, min, max);
  return -1;
}

/* libvirt's units of memory (virScaleInteger), in any case: "b" or
 * "bytes", one of k, M, G, T, P, E alone or followed by "iB" (powers of
 * 1024) or by "B" (powers of 1000).  No unit is KiB.
 */
static int
memory_scale (const char *unit, uint64_t *scale)
{
  static const char powers[] = "kmgtpe";
  const char *power;
  uint64_t base;
  int i;

  if (unit == NULL || unit[0] == '\0') {
    *scale = 1024;
    return 0;
  }
  if (g_ascii_strcasecmp (unit, "b") == 0 ||
      g_ascii_strcasecmp (unit, "byte") == 0 ||
      g_ascii_strcasecmp (unit, "bytes") == 0) {
    *scale = 1;
    return 0;
  }
  power = strchr (powers, g_ascii_tolower (unit[0]));
  if (power == NULL || *power == '\0')
    return -1;
  if (unit[1] == '\0' || g_ascii_strcasecmp (unit + 1, "ib") == 0)
    base = 1024;
  else if (g_ascii_tolower (unit[1]) == 'b' && unit[2] == '\0')
    base = 1000;
  else
    return -1;
  *scale = 1;
  for (i = 0; i <= power - powers; i++)
    *scale *= base;
  return 0;
}

static int
parse_memory (struct parser *p, xmlNodePtr domain)
{
  xmlNodePtr node = child (domain, "memory");
  g_autofree char *value = NULL;
  g_autofree char *unit = NULL;
  uint64_t n, scale;

  if (node == NULL) {
    ferry_error ("invalid <domain> in '%s': it has no <memory>", p->file);
    return -1;
  }
  value = text (node);
  unit = attr (node, "unit");
  if (memory_scale (unit, &scale) == -1) {
    g_autofree char *u = shown (unit);
    invalid (p, node, "<memory unit>", "'%s' is not a unit of memory", u);
    return -1;
  }
  if (parse_u64 (value, &n) == -1) {
    g_autofree char *v = shown (value);
    invalid (p, node, "<memory>", "'%s' is not a number", v);
    return -1;
  }
  if (n == 0) {
    invalid (p, node, "<memory>", "the guest has no memory");
    return -1;
  }
  if (n > UINT64_MAX / scale) {
    g_autofree char *u = shown (unit);
    invalid (p, node, "<memory>", "%" G_GUINT64_FORMAT " %s is too large",
             n, u);
    return -1;
  }
  p->source->memory = n * scale;
  return 0;
}

static bool
is_cpu_policy (const char *policy)
{
  return strcmp (policy, "force") == 0 || strcmp (policy, "require") == 0 ||
    strcmp (policy, "optional") == 0 || strcmp (policy, "disable") == 0 ||
    strcmp (policy, "forbid") == 0;
}

/* The text of NODE, or NULL when there is no NODE or no text. */
static char *
text_or_null (xmlNodePtr node)
{
  char *value = node ? text (node) : NULL;

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* <vcpu> and <cpu>: as virt-v2v reads them, the vCPUs are <vcpu>, or
 * when it is absent (or fewer) sockets x dies x cores x threads of the
 * <topology>; the topology, vendor, model and features are kept.
 */
static int
parse_vcpus (struct parser *p, xmlNodePtr domain)
{
  xmlNodePtr node = child (domain, "vcpu");
  xmlNodePtr cpu = child (domain, "cpu");
  xmlNodePtr topology = child (cpu, "topology");
  xmlNodePtr feature;
  uint64_t n = 1, sockets, dies, cores, threads, product;

  if (node != NULL) {
    g_autofree char *value = text (node);

    if (parse_u64 (value, &n) == -1 || n == 0 || n > MAX_VCPUS) {
      g_autofree char *v = shown (value);
      invalid (p, node, "<vcpu>", "'%s' is not a number from 1 to %d", v,
               MAX_VCPUS);
      return -1;
    }
  }
  p->source->vcpus = n;

  p->source->cpu_vendor = text_or_null (child (cpu, "vendor"));
  p->source->cpu_model = text_or_null (child (cpu, "model"));
  for (feature = cpu ? cpu->children : NULL; feature != NULL;
       feature = feature->next) {
    struct ferry_source_cpu_feature *f;
    g_autofree char *name = NULL, *policy = NULL;

    if (!is_element (feature, "feature") ||
        (name = attr (feature, "name")) == NULL || name[0] == '\0')
      continue;
    if (p->source->cpu_features->len >= MAX_CPU_FEATURES) {
      invalid (p, feature, "<cpu>", "more than %d <feature> elements",
               MAX_CPU_FEATURES);
      return -1;
    }
    policy = attr (feature, "policy");
    if (policy != NULL && !is_cpu_policy (policy)) {
      g_autofree char *v = shown (policy);
      invalid (p, feature, "<feature policy>", "'%s' is not force, require, "
               "optional, disable or forbid", v);
      return -1;
    }
    f = g_new0 (struct ferry_source_cpu_feature, 1);
    f->name = g_steal_pointer (&name);
    f->policy = g_steal_pointer (&policy);
    g_ptr_array_add (p->source->cpu_features, f);
  }

  if (topology == NULL)
    return 0;
  if (attr_uint (p, topology, "sockets", 1, MAX_VCPUS, 1, &sockets) == -1 ||
      attr_uint (p, topology, "dies", 1, MAX_VCPUS, 1, &dies) == -1 ||
      attr_uint (p, topology, "cores", 1, MAX_VCPUS, 1, &cores) == -1 ||
      attr_uint (p, topology, "threads", 1, MAX_VCPUS, 1, &threads) == -1)
    return -1;
  /* Each is at most 4096: the product fits. */
  product = sockets * dies * cores * threads;
  if (product > MAX_VCPUS) {
    invalid (p, topology, "<topology>", "it makes %" G_GUINT64_FORMAT
             " vCPUs, more than %d", product, MAX_VCPUS);
    return -1;
  }
  if (node == NULL || n < product)
    p->source->vcpus = product;
  /* Dies are sockets to the guest's kernel; a topology that does not
   * make the vCPUs is not kept.
   */
  if (product == p->source->vcpus) {
    p->source->sockets = sockets * dies;
    p->source->cores = cores;
    p->source->threads = threads;
  }
  return 0;
}

static int
parse_os (struct parser *p, xmlNodePtr domain)
{
  xmlNodePtr os = child (domain, "os");
  xmlNodePtr loader = child (os, "loader");
  xmlNodePtr node;
  g_autofree char *firmware = attr (os, "firmware");
  g_autofree char *type = attr (loader, "type");
  g_autofree char *secure = attr (loader, "secure");

  if (firmware != NULL) {
    if (strcmp (firmware, "efi") == 0)
      p->source->firmware = FERRY_FIRMWARE_UEFI;
    else if (strcmp (firmware, "bios") == 0)
      p->source->firmware = FERRY_FIRMWARE_BIOS;
    else {
      g_autofree char *v = shown (firmware);
      invalid (p, os, "<os firmware>", "'%s' is not efi or bios", v);
      return -1;
    }
  }
  else if (type != NULL) {
    if (strcmp (type, "pflash") == 0)
      p->source->firmware = FERRY_FIRMWARE_UEFI;
    else if (strcmp (type, "rom") == 0)
      p->source->firmware = FERRY_FIRMWARE_BIOS;
    else {
      g_autofree char *v = shown (type);
      invalid (p, loader, "<loader type>", "'%s' is not pflash or rom", v);
      return -1;
    }
  }

  if (secure != NULL && strcmp (secure, "yes") == 0)
    p->source->secure_boot = true;
  node = child (os, "firmware");
  for (node = node ? node->children : NULL; node != NULL; node = node->next) {
    g_autofree char *name = NULL;
    g_autofree char *enabled = NULL;

    if (!is_element (node, "feature"))
      continue;
    name = attr (node, "name");
    enabled = attr (node, "enabled");
    if (name != NULL && strcmp (name, "secure-boot") == 0 &&
        enabled != NULL && strcmp (enabled, "yes") == 0)
      p->source->secure_boot = true;
  }
  return 0;
}

/* <metadata><libosinfo:libosinfo><libosinfo:os id=.../>: the guest OS. */
static void
parse_osinfo (struct parser *p, xmlNodePtr domain)
{
  xmlNodePtr metadata = child (domain, "metadata");
  xmlNodePtr node, os;

  for (node = metadata ? metadata->children : NULL; node != NULL;
       node = node->next) {
    if (node->type != XML_ELEMENT_NODE || node->ns == NULL ||
        !xmlStrEqual (node->ns->href, BAD_CAST LIBOSINFO_NS) ||
        !xmlStrEqual (node->name, BAD_CAST "libosinfo"))
      continue;
    for (os = node->children; os != NULL; os = os->next) {
      if (os->type == XML_ELEMENT_NODE && os->ns != NULL &&
          xmlStrEqual (os->ns->href, BAD_CAST LIBOSINFO_NS) &&
          xmlStrEqual (os->name, BAD_CAST "os")) {
        g_free (p->source->guest_os);
        p->source->guest_os = attr (os, "id");
        return;
      }
    }
  }
}

/* The bus of a disk: <target bus>, else guessed from <target dev> as
 * libvirt does (hdX IDE, sdX SCSI, vdX virtio, fdX floppy).
 */
static enum ferry_bus
disk_bus (const char *bus, const char *dev)
{
  static const struct {
    const char *name;
    enum ferry_bus bus;
  } buses[] = {
    { "ide", FERRY_BUS_IDE }, { "scsi", FERRY_BUS_SCSI },
    { "sata", FERRY_BUS_SATA }, { "virtio", FERRY_BUS_VIRTIO },
    { "nvme", FERRY_BUS_NVME }, { "fdc", FERRY_BUS_FDC },
  };
  size_t i;

  if (bus != NULL) {
    for (i = 0; i < G_N_ELEMENTS (buses); i++)
      if (strcmp (bus, buses[i].name) == 0)
        return buses[i].bus;
    return FERRY_BUS_UNKNOWN;   /* usb, xen, sd: nothing to say */
  }
  if (dev == NULL)
    return FERRY_BUS_UNKNOWN;
  if (g_str_has_prefix (dev, "hd"))
    return FERRY_BUS_IDE;
  if (g_str_has_prefix (dev, "sd"))
    return FERRY_BUS_SCSI;
  if (g_str_has_prefix (dev, "vd"))
    return FERRY_BUS_VIRTIO;
  if (g_str_has_prefix (dev, "fd"))
    return FERRY_BUS_FDC;
  return FERRY_BUS_UNKNOWN;
}

/* A qemu block driver name: it goes to qemu-img as it is. */
static bool
is_format_name (const char *s)
{
  size_t i;

  if (s[0] == '\0' || strlen (s) > 32)
    return false;
  for (i = 0; s[i] != '\0'; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_')
      return false;
  return true;
}

/* A host name (letters, digits, '.', '-', '_') or an IPv4 address, or an
 * IPv6 address (hex digits, ':' and '.'), which URIs write in brackets.
 */
static bool
check_host (const char *host, bool *ipv6)
{
  size_t i, len = strlen (host);
  bool colon = strchr (host, ':') != NULL;

  if (len == 0 || len > 253)
    return false;
  for (i = 0; i < len; i++) {
    char c = host[i];

    if (colon ? !(g_ascii_isxdigit (c) || c == ':' || c == '.')
        : !(g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_'))
      return false;
  }
  *ipv6 = colon;
  return true;
}

/* NAME relative to the XML's folder, or as it is when absolute. */
static char *
resolve (const struct parser *p, const char *name)
{
  if (g_path_is_absolute (name))
    return g_strdup (name);
  return g_build_filename (p->folder, name, NULL);
}

/* The NBD URI qemu opens for a network disk's <source>. */
static char *
nbd_location (const struct parser *p, xmlNodePtr source)
{
  g_autofree char *protocol = attr (source, "protocol");
  g_autofree char *tls = attr (source, "tls");
  g_autofree char *name = attr (source, "name");
  g_autofree char *export_name = NULL;
  g_autofree char *transport = NULL;
  xmlNodePtr host = NULL, node;
  size_t nhosts = 0;

  if (protocol == NULL || strcmp (protocol, "nbd") != 0) {
    g_autofree char *v = shown (protocol);
    invalid (p, source, "<source protocol>", "'%s' cannot be converted: "
             "network disks must be nbd", v);
    return NULL;
  }
  if (tls != NULL && strcmp (tls, "no") != 0) {
    invalid (p, source, "<source tls>", "NBD over TLS is not supported");
    return NULL;
  }
  for (node = source->children; node != NULL; node = node->next) {
    if (is_element (node, "host")) {
      host = host ? host : node;
      nhosts++;
    }
  }
  if (nhosts != 1) {
    invalid (p, source, "<source>", "an NBD disk needs exactly one <host>, "
             "not %zu", nhosts);
    return NULL;
  }

  /* Percent-encoded: qemu decodes the export name and the socket. */
  export_name = g_uri_escape_string (name ? name : "", "/", FALSE);
  transport = attr (host, "transport");
  if (transport == NULL || strcmp (transport, "tcp") == 0) {
    g_autofree char *hostname = attr (host, "name");
    uint64_t port;
    bool ipv6 = false;

    if (hostname == NULL || !check_host (hostname, &ipv6)) {
      g_autofree char *v = shown (hostname);
      invalid (p, host, "<host name>", "'%s' is not a host name or an IP "
               "address", v);
      return NULL;
    }
    if (attr_uint (p, host, "port", 1, 65535, FERRY_NBD_DEFAULT_PORT,
                   &port) == -1)
      return NULL;
    return g_strdup_printf ("nbd://%s%s%s:%" G_GUINT64_FORMAT "/%s",
                            ipv6 ? "[" : "", hostname, ipv6 ? "]" : "",
                            port, export_name);
  }
  if (strcmp (transport, "unix") == 0) {
    g_autofree char *socket = attr (host, "socket");
    g_autofree char *path = NULL;
    g_autofree char *escaped = NULL;

    if (socket == NULL || socket[0] == '\0') {
      invalid (p, host, "<host>", "an NBD unix socket needs <host socket>");
      return NULL;
    }
    path = resolve (p, socket);
    escaped = g_uri_escape_string (path, "/", FALSE);
    return g_strdup_printf ("nbd+unix:///%s?socket=%s", export_name, escaped);
  }
  {
    g_autofree char *v = shown (transport);
    invalid (p, host, "<host transport>", "'%s' is not tcp or unix", v);
  }
  return NULL;
}

static int
parse_disk (struct parser *p, xmlNodePtr node)
{
  g_autofree char *type = attr (node, "type");
  g_autofree char *device = attr (node, "device");
  xmlNodePtr source = child (node, "source");
  xmlNodePtr driver = child (node, "driver");
  xmlNodePtr target = child (node, "target");
  g_autofree char *format = attr (driver, "type");
  g_autofree char *dev = attr (target, "dev");
  g_autofree char *bus_name = attr (target, "bus");
  g_autofree char *location = NULL;
  enum ferry_bus bus = disk_bus (bus_name, dev);
  struct ferry_source_disk *disk;

  if (type == NULL)
    type = g_strdup ("file");
  if (device == NULL)
    device = g_strdup ("disk");
  if (format != NULL && !is_format_name (format)) {
    g_autofree char *v = shown (format);
    invalid (p, driver, "<driver type>", "'%s' is not a disk format", v);
    return -1;
  }

  if (strcmp (device, "cdrom") == 0 || strcmp (device, "floppy") == 0) {
    bool floppy = device[0] == 'f';
    g_autofree char *file = strcmp (type, "file") == 0
      ? attr (source, "file") : NULL;

    /* Only an image file is worth naming: a host device or a network
     * source means nothing to the converted guest.
     */
    ferry_source_add_removable (p->source,
                                floppy ? FERRY_REMOVABLE_FLOPPY
                                : FERRY_REMOVABLE_CDROM,
                                floppy ? FERRY_BUS_FDC : bus,
                                g_steal_pointer (&dev),
                                file && file[0] ? resolve (p, file) : NULL);
    return 0;
  }
  if (strcmp (device, "disk") != 0 && strcmp (device, "lun") != 0) {
    g_autofree char *v = shown (device);
    invalid (p, node, "<disk device>", "'%s' is not disk, lun, cdrom or "
             "floppy", v);
    return -1;
  }

  if (strcmp (type, "file") == 0 || strcmp (type, "block") == 0) {
    const char *key = type[0] == 'f' ? "file" : "dev";
    g_autofree char *name = attr (source, key);

    if (name == NULL || name[0] == '\0') {
      g_autofree char *what = g_strdup_printf ("<disk type='%s'>", type);
      invalid (p, node, what, "a hard disk without <source %s> is blank: "
               "there is nothing to convert on it", key);
      return -1;
    }
    location = resolve (p, name);
  }
  else if (strcmp (type, "network") == 0) {
    if (source == NULL) {
      invalid (p, node, "<disk type='network'>", "a hard disk needs "
               "<source protocol='nbd'>");
      return -1;
    }
    location = nbd_location (p, source);
    if (location == NULL)
      return -1;
    /* Never probed: the bytes an NBD server sends are the guest's. */
    if (format == NULL)
      format = g_strdup ("raw");
  }
  else {
    g_autofree char *v = shown (type);
    invalid (p, node, "<disk type>", "'%s' cannot be converted: hard disks "
             "must be file, block or network (nbd)", v);
    return -1;
  }

  disk = ferry_source_add_disk (p->source, g_steal_pointer (&location),
                                g_steal_pointer (&format));
  disk->bus = bus;
  disk->target = g_steal_pointer (&dev);
  return 0;
}

static int
parse_interface (struct parser *p, xmlNodePtr node)
{
  g_autofree char *type = attr (node, "type");
  xmlNodePtr mac_node = child (node, "mac");
  g_autofree char *address = attr (mac_node, "address");
  g_autofree char *mac = NULL;
  xmlNodePtr source = child (node, "source");
  g_autofree char *model = attr (child (node, "model"), "type");
  char *network = NULL;
  const char *connection = NULL;
  struct ferry_source_nic *nic;

  if (address != NULL) {
    mac = ferry_source_normalize_mac (address);
    if (mac == NULL) {
      g_autofree char *v = shown (address);
      invalid (p, mac_node, "<mac address>", "'%s' is not a MAC address", v);
      return -1;
    }
  }
  if (type != NULL && strcmp (type, "network") == 0)
    network = attr (source, "network");
  else if (type != NULL && strcmp (type, "bridge") == 0) {
    network = attr (source, "bridge");
    connection = "bridged";
  }
  else if (type != NULL && strcmp (type, "user") == 0)
    connection = "nat";

  nic = ferry_source_add_nic (p->source, g_steal_pointer (&mac), network,
                              g_steal_pointer (&model));
  nic->connection = g_strdup (connection);
  return 0;
}

static int
parse_devices (struct parser *p, xmlNodePtr domain)
{
  xmlNodePtr devices = child (domain, "devices");
  xmlNodePtr node;

  for (node = devices ? devices->children : NULL; node != NULL;
       node = node->next) {
    if (is_element (node, "disk")) {
      if (parse_disk (p, node) == -1)
        return -1;
    }
    else if (is_element (node, "interface")) {
      if (parse_interface (p, node) == -1)
        return -1;
    }
    else if (is_element (node, "video") && p->source->video == NULL)
      p->source->video = attr (child (node, "model"), "type");
    /* The first sound device, as virt-v2v keeps it. */
    else if (is_element (node, "sound") && p->source->sound == NULL)
      p->source->sound = attr (node, "model");
  }
  return 0;
}

static struct ferry_source *
parse_domain (const char *file, const char *folder, xmlNodePtr domain)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  struct parser p = { .file = file, .folder = folder, .source = source };
  xmlNodePtr name = child (domain, "name");

  if (name == NULL) {
    ferry_error ("invalid <domain> in '%s': it has no <name>", file);
    return NULL;
  }
  source->name = text (name);
  if (source->name[0] == '\0') {
    invalid (&p, name, "<name>", "the name is empty");
    return NULL;
  }
  if (parse_memory (&p, domain) == -1 || parse_vcpus (&p, domain) == -1 ||
      parse_os (&p, domain) == -1)
    return NULL;
  parse_osinfo (&p, domain);
  if (parse_devices (&p, domain) == -1)
    return NULL;
  return g_steal_pointer (&source);
}

/* The SAX callback for <!DOCTYPE ...>: stop before the internal subset
 * (and any entity it declares) is parsed.
 */
static void
refuse_doctype (void *opaque, const xmlChar *name, const xmlChar *external_id,
                const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = opaque;
  struct doctype *doctype = ctxt->_private;

  doctype->seen = true;
  doctype->line = ctxt->input ? ctxt->input->line : 0;
  xmlStopParser (ctxt);
}

/* Errors are read from the context once the parse is over. */
static void
quiet_errors (void *opaque, xmlErrorPtr error)
{
}

struct ferry_source *
ferry_libvirtxml_parse (const char *buf, size_t len, const char *file,
                        const char *folder)
{
  xmlParserCtxtPtr ctxt = NULL;
  xmlDocPtr doc = NULL;
  xmlNodePtr root;
  struct ferry_source *source = NULL;
  struct doctype doctype = { .seen = false };

  if (len > FERRY_LIBVIRTXML_MAX_SIZE) {
    ferry_error ("cannot parse '%s': larger than %u MiB, not a libvirt "
                 "domain XML file", file, FERRY_LIBVIRTXML_MAX_SIZE >> 20);
    return NULL;
  }
  if (len == 0) {
    ferry_error ("cannot parse '%s': the file is empty", file);
    return NULL;
  }
  ctxt = xmlCreateMemoryParserCtxt (buf, (int) len);
  if (ctxt == NULL) {
    ferry_error ("cannot parse '%s': out of memory", file);
    return NULL;
  }
  xmlCtxtUseOptions (ctxt, PARSE_OPTIONS);
  ctxt->sax->internalSubset = refuse_doctype;
  ctxt->sax->externalSubset = NULL;
  ctxt->sax->serror = quiet_errors;
  ctxt->sax->error = NULL;
  ctxt->sax->warning = NULL;
  ctxt->vctxt.error = NULL;
  ctxt->vctxt.warning = NULL;
  ctxt->_private = &doctype;

  xmlParseDocument (ctxt);
  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;

  if (doctype.seen) {
    ferry_error ("cannot parse '%s' line %d: a <!DOCTYPE> is refused "
                 "(libvirt never writes one)", file, doctype.line);
    goto out;
  }
  if (!ctxt->wellFormed || doc == NULL) {
    xmlErrorPtr error = xmlCtxtGetLastError (ctxt);
    g_autofree char *message = g_strdup (error && error->message
                                         ? error->message
                                         : "not well-formed XML");

    g_strstrip (message);
    ferry_error ("cannot parse '%s' line %d: %s", file,
                 error ? error->line : 0, message);
    goto out;
  }
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "domain")) {
    g_autofree char *qname = NULL;

    if (root != NULL && root->ns != NULL && root->ns->prefix != NULL)
      qname = g_strconcat ((const char *) root->ns->prefix, ":",
                           (const char *) root->name, NULL);
    else if (root != NULL && root->ns != NULL)
      qname = g_strdup_printf ("%s xmlns='%s'", (const char *) root->name,
                               (const char *) root->ns->href);
    else if (root != NULL)
      qname = g_strdup ((const char *) root->name);
    ferry_error ("cannot read '%s': not a libvirt domain (the root element "
                 "is <%s>, not <domain>)", file, qname ? qname : "");
    goto out;
  }
  source = parse_domain (file, folder, root);

 out:
  xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return source;
}

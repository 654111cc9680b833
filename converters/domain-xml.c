/* ferry: libvirt domain XML (see domain-xml.h). */

#include <config.h>

#include <string.h>

#include <libxml/xmlwriter.h>

#include "domain-xml.h"
#include "devname.h"
#include "../common/errors.h"
#include "../common/banned.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextWriter, xmlFreeTextWriter)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)

char *
ferry_domain_disk_target (enum ferry_bus bus, size_t i)
{
  g_autofree char *letters = ferry_devname_letters (i);
  const char *prefix;

  switch (bus) {
  case FERRY_BUS_VIRTIO: prefix = "vd"; break;
  case FERRY_BUS_IDE: prefix = "hd"; break;
  default: prefix = "sd"; break;
  }
  return g_strconcat (prefix, letters, NULL);
}

/* Short names for the writer calls; each returns < 0 on error, which the
 * caller checks once at the end through the writer's own state.
 */
#define START(w, n) xmlTextWriterStartElement (w, BAD_CAST (n))
#define END(w) xmlTextWriterEndElement (w)
#define ATTR(w, n, v) xmlTextWriterWriteAttribute (w, BAD_CAST (n), BAD_CAST (v))
#define TEXT(w, n, v) xmlTextWriterWriteElement (w, BAD_CAST (n), BAD_CAST (v))

static int
write_metadata (xmlTextWriterPtr w, const struct ferry_target *target)
{
  size_t i;
  int r = 0;

  r |= START (w, "metadata");
  if (target->inspection.osinfo != NULL) {
    r |= xmlTextWriterStartElementNS (w, BAD_CAST "libosinfo",
                                      BAD_CAST "libosinfo",
                                      BAD_CAST "http://libosinfo.org/xmlns/libvirt/domain/1.0");
    r |= xmlTextWriterStartElementNS (w, BAD_CAST "libosinfo", BAD_CAST "os",
                                      NULL);
    r |= ATTR (w, "id", target->inspection.osinfo);
    r |= END (w);
    r |= END (w);
  }
  r |= xmlTextWriterStartElementNS (w, BAD_CAST "ferry", BAD_CAST "conversion",
                                    BAD_CAST FERRY_XMLNS);
  r |= ATTR (w, "virtio", target->virtio ? "yes" : "no");
  r |= xmlTextWriterStartElementNS (w, BAD_CAST "ferry", BAD_CAST "guest", NULL);
  r |= ATTR (w, "product", target->inspection.product_name);
  r |= ATTR (w, "distro", target->inspection.distro);
  r |= ATTR (w, "arch", target->inspection.arch);
  r |= END (w);
  for (i = 0; i < target->notes->len; i++)
    r |= xmlTextWriterWriteElementNS (w, BAD_CAST "ferry", BAD_CAST "note",
                                      NULL, BAD_CAST target->notes->pdata[i]);
  r |= END (w);
  r |= END (w);
  return r;
}

static int
write_devices (xmlTextWriterPtr w, const struct ferry_source *source,
               const struct ferry_target *target, char *const *disks,
               const char *format)
{
  size_t i;
  int r = 0;

  r |= START (w, "devices");
  for (i = 0; disks[i] != NULL; i++) {
    g_autofree char *dev = ferry_domain_disk_target (target->disk_bus, i);

    r |= START (w, "disk");
    r |= ATTR (w, "type", "file");
    r |= ATTR (w, "device", "disk");
    r |= START (w, "driver");
    r |= ATTR (w, "name", "qemu");
    r |= ATTR (w, "type", format);
    if (target->virtio)
      r |= ATTR (w, "discard", "unmap");
    r |= END (w);
    r |= START (w, "source");
    r |= ATTR (w, "file", disks[i]);
    r |= END (w);
    r |= START (w, "target");
    r |= ATTR (w, "dev", dev);
    r |= ATTR (w, "bus", ferry_bus_name (target->disk_bus));
    r |= END (w);
    r |= END (w);
  }

  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *nic = source->nics->pdata[i];

    r |= START (w, "interface");
    r |= ATTR (w, "type", "network");
    if (nic->mac != NULL) {
      r |= START (w, "mac");
      r |= ATTR (w, "address", nic->mac);
      r |= END (w);
    }
    r |= START (w, "source");
    r |= ATTR (w, "network", nic->network ? nic->network : "default");
    r |= END (w);
    r |= START (w, "model");
    r |= ATTR (w, "type", target->nic_model);
    r |= END (w);
    r |= END (w);
  }

  /* The serial console the guest already uses (ttyS0). */
  r |= START (w, "serial");
  r |= ATTR (w, "type", "pty");
  r |= START (w, "target");
  r |= ATTR (w, "port", "0");
  r |= END (w);
  r |= END (w);
  r |= START (w, "console");
  r |= ATTR (w, "type", "pty");
  r |= START (w, "target");
  r |= ATTR (w, "type", "serial");
  r |= ATTR (w, "port", "0");
  r |= END (w);
  r |= END (w);

  r |= START (w, "input");
  r |= ATTR (w, "type", "tablet");
  r |= ATTR (w, "bus", "usb");
  r |= END (w);
  r |= START (w, "graphics");
  r |= ATTR (w, "type", "vnc");
  r |= ATTR (w, "autoport", "yes");
  r |= END (w);
  r |= START (w, "video");
  r |= START (w, "model");
  r |= ATTR (w, "type", target->virtio ? "virtio" : "vga");
  r |= END (w);
  r |= END (w);

  if (target->virtio) {
    r |= START (w, "memballoon");
    r |= ATTR (w, "model", "virtio");
    r |= END (w);
    r |= START (w, "rng");
    r |= ATTR (w, "model", "virtio");
    r |= START (w, "backend");
    r |= ATTR (w, "model", "random");
    r |= xmlTextWriterWriteString (w, BAD_CAST "/dev/urandom");
    r |= END (w);
    r |= END (w);
  }
  r |= END (w);
  return r;
}

char *
ferry_domain_xml (const char *name, const struct ferry_source *source,
                  const struct ferry_target *target, char *const *disks,
                  const char *format)
{
  g_autoptr (xmlBuffer) buf = xmlBufferCreate ();
  g_autoptr (xmlTextWriter) w = NULL;
  g_autofree char *memory = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             source->memory / 1024);
  g_autofree char *vcpus = g_strdup_printf ("%u", source->vcpus);
  g_autofree char *description = NULL;
  const char *arch = target->inspection.arch;
  int r = 0;

  if (buf == NULL || (w = xmlNewTextWriterMemory (buf, 0)) == NULL) {
    ferry_error ("cannot create an XML writer: out of memory");
    return NULL;
  }
  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterSetIndentString (w, BAD_CAST "  ");

  description = g_strdup_printf ("%s, converted by ferry-v2v %s",
                                 target->inspection.product_name,
                                 FERRY_VERSION);

  r |= xmlTextWriterStartDocument (w, NULL, NULL, NULL);
  r |= START (w, "domain");
  r |= ATTR (w, "type", "kvm");
  r |= TEXT (w, "name", name);
  r |= TEXT (w, "description", description);
  r |= write_metadata (w, target);
  r |= START (w, "memory");
  r |= ATTR (w, "unit", "KiB");
  r |= xmlTextWriterWriteString (w, BAD_CAST memory);
  r |= END (w);
  r |= START (w, "currentMemory");
  r |= ATTR (w, "unit", "KiB");
  r |= xmlTextWriterWriteString (w, BAD_CAST memory);
  r |= END (w);
  r |= TEXT (w, "vcpu", vcpus);

  r |= START (w, "os");
  if (target->firmware == FERRY_FIRMWARE_UEFI)
    r |= ATTR (w, "firmware", "efi");
  r |= START (w, "type");
  r |= ATTR (w, "arch", arch && strcmp (arch, "i386") != 0 ? arch : "i686");
  r |= ATTR (w, "machine", target->machine);
  r |= xmlTextWriterWriteString (w, BAD_CAST "hvm");
  r |= END (w);
  r |= START (w, "boot");
  r |= ATTR (w, "dev", "hd");
  r |= END (w);
  r |= END (w);

  r |= START (w, "features");
  r |= START (w, "acpi");
  r |= END (w);
  r |= START (w, "apic");
  r |= END (w);
  r |= END (w);
  r |= START (w, "clock");
  r |= ATTR (w, "offset", "utc");
  r |= END (w);
  r |= TEXT (w, "on_poweroff", "destroy");
  r |= TEXT (w, "on_reboot", "restart");
  r |= TEXT (w, "on_crash", "restart");

  r |= write_devices (w, source, target, disks, format);
  r |= END (w);
  r |= xmlTextWriterEndDocument (w);

  if (r < 0) {
    ferry_error ("cannot write the domain XML for '%s'", name);
    return NULL;
  }
  g_clear_pointer (&w, xmlFreeTextWriter);
  return g_strdup ((const char *) xmlBufferContent (buf));
}

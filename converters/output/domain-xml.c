/* ferry: libvirt domain XML (see domain-xml.h). */

#include <config.h>

#include <string.h>

#include "domain-xml.h"
#include "devname.h"
#include "xml-writer.h"
#include "errors.h"
#include "banned.h"

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

/* The source's CPU as it was: vendor, model (a minimum, that qemu may
 * better), features and topology, as virt-v2v carries them.
 */
static int
write_cpu (xmlTextWriterPtr w, const struct ferry_source *source)
{
  size_t i;
  int r = 0;

  if (source->cpu_model == NULL && source->cpu_vendor == NULL &&
      source->sockets == 0)
    return 0;
  r |= START (w, "cpu");
  if (source->cpu_model != NULL) {
    r |= ATTR (w, "match", "minimum");
    if (source->cpu_vendor != NULL)
      r |= TEXT (w, "vendor", source->cpu_vendor);
    r |= START (w, "model");
    r |= ATTR (w, "fallback", "allow");
    r |= xmlTextWriterWriteString (w, BAD_CAST source->cpu_model);
    r |= END (w);
  }
  if (source->sockets != 0) {
    g_autofree char *sockets = g_strdup_printf ("%u", source->sockets);
    g_autofree char *cores = g_strdup_printf ("%u", source->cores);
    g_autofree char *threads =
      g_strdup_printf ("%u", source->threads ? source->threads : 1);

    r |= ferry_xml_empty (w, "topology", "sockets", sockets,
                          "cores", cores, "threads", threads, NULL);
  }
  /* Features refine a model: without one there is nothing to refine. */
  for (i = 0; source->cpu_model && i < source->cpu_features->len; i++) {
    const struct ferry_source_cpu_feature *f = source->cpu_features->pdata[i];

    r |= ferry_xml_empty (w, "feature", "policy",
                          f->policy ? f->policy : "require",
                          "name", f->name, NULL);
  }
  r |= END (w);
  return r;
}

/* Whether libvirt knows sound model MODEL: the source's sound device is
 * kept when it does.
 */
static bool
is_sound_model (const char *model)
{
  static const char *const models[] = {
    "ac97", "ich6", "ich7", "ich9", "es1370", "sb16", "pcspk", "usb",
  };
  size_t i;

  for (i = 0; model != NULL && i < G_N_ELEMENTS (models); i++)
    if (strcmp (model, models[i]) == 0)
      return true;
  return false;
}

static int
write_devices (xmlTextWriterPtr w, const struct ferry_source *source,
               const struct ferry_target *target, char *const *disks,
               const char *format)
{
  bool taken[26] = { false };   /* CD-ROM places taken */
  size_t i, ndisks;
  int r = 0;

  r |= START (w, "devices");
  for (i = 0; disks[i] != NULL; i++) {
    g_autofree char *dev = ferry_domain_disk_target (target->disk_bus, i);

    r |= START (w, "disk");
    r |= ATTR (w, "type", "file");
    r |= ATTR (w, "device", "disk");
    if (target->virtio)
      r |= ferry_xml_empty (w, "driver", "name", "qemu", "type", format,
                            "discard", "unmap", NULL);
    else
      r |= ferry_xml_empty (w, "driver", "name", "qemu", "type", format,
                            NULL);
    r |= ferry_xml_empty (w, "source", "file", disks[i], NULL);
    r |= ferry_xml_empty (w, "target", "dev", dev,
                          "bus", ferry_bus_name (target->disk_bus), NULL);
    r |= END (w);
  }

  /* CD-ROM drives stay, empty: their media are on the old host.  They go
   * on SATA on q35 (which has no IDE) and after the hard disks on IDE,
   * each in the slot the source gave it when that one is free, else in
   * the first free one: no two drives share a target name.  Floppy
   * drives do not exist on q35 and are rarely wanted: dropped.
   */
  ndisks = i;
  for (i = 0; i < source->removables->len; i++) {
    const struct ferry_source_disk *drive = source->removables->pdata[i];
    enum ferry_bus bus = target->virtio ? FERRY_BUS_SATA : FERRY_BUS_IDE;
    size_t first = bus == FERRY_BUS_IDE ? ndisks : 0;
    size_t places = bus == FERRY_BUS_IDE ? 4 : G_N_ELEMENTS (taken);
    size_t index;
    g_autofree char *dev = NULL;

    if (drive->removable != FERRY_REMOVABLE_CDROM)
      continue;
    if (drive->slot >= 0 && (size_t) drive->slot >= first &&
        (size_t) drive->slot < places && !taken[drive->slot])
      index = drive->slot;
    else {
      for (index = first; index < places && taken[index]; index++)
        ;
      if (index >= places)
        continue;               /* IDE has four places */
    }
    taken[index] = true;
    dev = ferry_domain_disk_target (bus, index);
    r |= START (w, "disk");
    r |= ATTR (w, "type", "file");
    r |= ATTR (w, "device", "cdrom");
    r |= ferry_xml_empty (w, "driver", "name", "qemu", "type", "raw", NULL);
    r |= ferry_xml_empty (w, "target", "dev", dev,
                          "bus", ferry_bus_name (bus), NULL);
    r |= ferry_xml_empty (w, "readonly", NULL);
    r |= END (w);
  }

  /* The NICs where -n, -b and --mac put them (target->nics). */
  for (i = 0; i < target->nics->len; i++) {
    const struct ferry_target_nic *nic = target->nics->pdata[i];
    const char *type = nic->vnet_type == FERRY_VNET_BRIDGE
      ? "bridge" : "network";

    r |= START (w, "interface");
    r |= ATTR (w, "type", type);
    if (nic->mac != NULL)
      r |= ferry_xml_empty (w, "mac", "address", nic->mac, NULL);
    r |= ferry_xml_empty (w, "source", type, nic->vnet, NULL);
    r |= ferry_xml_empty (w, "model", "type", target->nic_model, NULL);
    r |= END (w);
  }

  /* The serial console the guest already uses (ttyS0). */
  r |= START (w, "serial");
  r |= ATTR (w, "type", "pty");
  r |= ferry_xml_empty (w, "target", "port", "0", NULL);
  r |= END (w);
  r |= START (w, "console");
  r |= ATTR (w, "type", "pty");
  r |= ferry_xml_empty (w, "target", "type", "serial", "port", "0", NULL);
  r |= END (w);

  if (is_sound_model (source->sound))
    r |= ferry_xml_empty (w, "sound", "model", source->sound, NULL);
  r |= ferry_xml_empty (w, "input", "type", "tablet", "bus", "usb", NULL);
  r |= ferry_xml_empty (w, "graphics", "type", "vnc", "autoport", "yes", NULL);
  r |= START (w, "video");
  r |= ferry_xml_empty (w, "model", "type",
                        target->virtio ? "virtio" : "vga", NULL);
  r |= END (w);

  if (target->virtio) {
    r |= ferry_xml_empty (w, "memballoon", "model", "virtio", NULL);
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
  g_autoptr (xmlTextWriter) w = ferry_xml_writer_new (buf);
  g_autofree char *memory = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             source->memory / 1024);
  g_autofree char *vcpus = g_strdup_printf ("%u", source->vcpus);
  g_autofree char *description = NULL;
  const char *arch = target->inspection.arch;
  bool secure_boot = target->firmware == FERRY_FIRMWARE_UEFI &&
    source->secure_boot && g_strcmp0 (target->machine, "q35") == 0;
  int r = 0;

  if (w == NULL) {
    ferry_error ("cannot create an XML writer: out of memory");
    return NULL;
  }

  description = g_strdup_printf ("%s, converted by ferry-v2v %s",
                                 target->inspection.product_name,
                                 FERRY_VERSION);

  r |= xmlTextWriterStartDocument (w, NULL, NULL, NULL);
  r |= START (w, "domain");
  r |= ATTR (w, "type", "kvm");
  r |= TEXT (w, "name", name);
  if (source->genid != NULL)
    r |= TEXT (w, "genid", source->genid);
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
  r |= write_cpu (w, source);

  r |= START (w, "os");
  if (target->firmware == FERRY_FIRMWARE_UEFI)
    r |= ATTR (w, "firmware", "efi");
  /* Secure boot, as on the source: firmware that enforces it, which
   * needs SMM (below) and q35.
   */
  if (secure_boot) {
    r |= START (w, "firmware");
    r |= ferry_xml_empty (w, "feature", "enabled", "yes",
                          "name", "secure-boot", NULL);
    r |= END (w);
  }
  r |= START (w, "type");
  r |= ATTR (w, "arch", arch && strcmp (arch, "i386") != 0 ? arch : "i686");
  r |= ATTR (w, "machine", target->machine);
  r |= xmlTextWriterWriteString (w, BAD_CAST "hvm");
  r |= END (w);
  r |= ferry_xml_empty (w, "boot", "dev", "hd", NULL);
  r |= END (w);

  r |= START (w, "features");
  r |= ferry_xml_empty (w, "acpi", NULL);
  r |= ferry_xml_empty (w, "apic", NULL);
  if (secure_boot)
    r |= ferry_xml_empty (w, "smm", "state", "on", NULL);
  r |= END (w);
  r |= ferry_xml_empty (w, "clock", "offset", "utc", NULL);
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

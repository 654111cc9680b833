/* ferry: the report of ferry-inspect (see inspect-report.h). */

#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "inspect-report.h"
#include "domain-xml.h"
#include "network.h"
#include "xml-writer.h"
#include "errors.h"
#include "json.h"
#include "banned.h"

static const char *
yes_no (bool b)
{
  return b ? "yes" : "no";
}

/* The converted guest's name for source disk I ("vda"). */
static char *
target_dev (const struct ferry_inspect_report *r, size_t i)
{
  return ferry_domain_disk_target (r->target->disk_bus, i);
}

/* Where NIC I of the converted guest goes, or NULL if not decided. */
static const struct ferry_target_nic *
target_nic (const struct ferry_inspect_report *r, size_t i)
{
  const GPtrArray *nics = r->target->nics;

  return nics != NULL && i < nics->len ? nics->pdata[i] : NULL;
}

static int
xml_text_u64 (xmlTextWriterPtr w, const char *name, uint64_t v)
{
  g_autofree char *s = g_strdup_printf ("%" PRIu64, v);

  return TEXT (w, name, s);
}

/* An element with text, left out when the value is unknown. */
static int
xml_text_opt (xmlTextWriterPtr w, const char *name, const char *v)
{
  return v ? TEXT (w, name, v) : 0;
}

static int
xml_os (xmlTextWriterPtr w, const struct ferry_inspection *i,
        enum ferry_firmware firmware)
{
  int r = START (w, "operatingsystem");

  r |= xml_text_opt (w, "root", i->root);
  r |= xml_text_opt (w, "type", i->type);
  r |= xml_text_opt (w, "distro", i->distro);
  r |= xml_text_opt (w, "product_name", i->product_name);
  r |= xml_text_u64 (w, "major_version", i->major);
  r |= xml_text_u64 (w, "minor_version", i->minor);
  r |= xml_text_opt (w, "arch", i->arch);
  r |= xml_text_opt (w, "hostname", i->hostname);
  r |= xml_text_opt (w, "package_format", i->package_format);
  r |= xml_text_opt (w, "osinfo", i->osinfo);
  r |= TEXT (w, "firmware", ferry_firmware_name (firmware));
  return r | END (w);
}

static int
xml_disks (xmlTextWriterPtr w, const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  size_t i;
  int r = START (w, "disks");

  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *d = source->disks->pdata[i];
    g_autofree char *dev = target_dev (rep, i);

    r |= START (w, "disk");
    r |= xml_text_opt (w, "source", d->location);
    r |= xml_text_opt (w, "format", d->format);
    r |= TEXT (w, "source_bus", ferry_bus_name (d->bus));
    r |= xml_text_opt (w, "source_target", d->target);
    r |= xml_text_u64 (w, "virtual_size", d->virtual_size);
    r |= xml_text_u64 (w, "estimated_allocated_size", rep->allocated[i]);
    r |= TEXT (w, "target_bus", ferry_bus_name (rep->target->disk_bus));
    r |= TEXT (w, "target_dev", dev);
    r |= END (w);
  }
  return r | END (w);
}

static int
xml_nics (xmlTextWriterPtr w, const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  size_t i;
  int r = START (w, "nics");

  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *n = source->nics->pdata[i];
    const struct ferry_target_nic *t = target_nic (rep, i);

    r |= START (w, "nic");
    r |= xml_text_opt (w, "mac", n->mac);
    r |= xml_text_opt (w, "network", n->network);
    r |= xml_text_opt (w, "source_model", n->model);
    r |= TEXT (w, "target_model", rep->target->nic_model);
    if (t != NULL) {
      r |= TEXT (w, "target_type", ferry_vnet_type_name (t->vnet_type));
      r |= TEXT (w, "target_name", t->vnet);
    }
    r |= END (w);
  }
  return r | END (w);
}

char *
ferry_inspect_report_xml (const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  const struct ferry_target *target = rep->target;
  g_autoptr (xmlBuffer) buf = xmlBufferCreate ();
  g_autoptr (xmlTextWriter) w = ferry_xml_writer_new (buf);
  size_t i;
  int r = 0;

  if (w == NULL) {
    ferry_error ("cannot create an XML writer: out of memory");
    return NULL;
  }
  r |= xmlTextWriterStartDocument (w, NULL, NULL, NULL);
  r |= START (w, "ferry-inspect");
  r |= ATTR (w, "version", FERRY_VERSION);
  r |= START (w, "source");
  r |= TEXT (w, "input", rep->input);
  r |= TEXT (w, "name", source->name);
  r |= xml_text_u64 (w, "memory", source->memory);
  r |= xml_text_u64 (w, "vcpus", source->vcpus);
  r |= TEXT (w, "firmware", ferry_firmware_name (source->firmware));
  r |= END (w);
  r |= xml_os (w, &target->inspection, target->firmware);
  r |= xml_disks (w, rep);
  r |= xml_nics (w, rep);
  r |= START (w, "devices");
  r |= TEXT (w, "virtio", yes_no (target->virtio));
  r |= TEXT (w, "machine", target->machine);
  r |= TEXT (w, "disk_bus", ferry_bus_name (target->disk_bus));
  r |= TEXT (w, "nic_model", target->nic_model);
  r |= TEXT (w, "firmware", ferry_firmware_name (target->firmware));
  r |= END (w);
  r |= START (w, "notes");
  for (i = 0; i < target->notes->len; i++)
    r |= TEXT (w, "note", target->notes->pdata[i]);
  r |= END (w);
  r |= END (w);
  r |= xmlTextWriterEndDocument (w);
  if (r < 0) {
    ferry_error ("cannot write the inspection report as XML");
    return NULL;
  }
  g_clear_pointer (&w, xmlFreeTextWriter);
  return g_strdup ((const char *) xmlBufferContent (buf));
}

static void
json_os (JsonBuilder *b, const struct ferry_inspection *i,
         enum ferry_firmware firmware)
{
  json_builder_set_member_name (b, "operatingsystem");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "root", i->root);
  ferry_json_add_string (b, "type", i->type);
  ferry_json_add_string (b, "distro", i->distro);
  ferry_json_add_string (b, "product_name", i->product_name);
  ferry_json_add_u64 (b, "major_version", i->major);
  ferry_json_add_u64 (b, "minor_version", i->minor);
  ferry_json_add_string (b, "arch", i->arch);
  ferry_json_add_string (b, "hostname", i->hostname);
  ferry_json_add_string (b, "package_format", i->package_format);
  ferry_json_add_string (b, "osinfo", i->osinfo);
  ferry_json_add_string (b, "firmware", ferry_firmware_name (firmware));
  json_builder_end_object (b);
}

static void
json_disks (JsonBuilder *b, const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  size_t i;

  json_builder_set_member_name (b, "disks");
  json_builder_begin_array (b);
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *d = source->disks->pdata[i];
    g_autofree char *dev = target_dev (rep, i);

    json_builder_begin_object (b);
    ferry_json_add_string (b, "source", d->location);
    ferry_json_add_string (b, "format", d->format);
    ferry_json_add_string (b, "source_bus", ferry_bus_name (d->bus));
    ferry_json_add_string (b, "source_target", d->target);
    ferry_json_add_u64 (b, "virtual_size", d->virtual_size);
    ferry_json_add_u64 (b, "estimated_allocated_size", rep->allocated[i]);
    ferry_json_add_string (b, "target_bus",
                           ferry_bus_name (rep->target->disk_bus));
    ferry_json_add_string (b, "target_dev", dev);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

static void
json_nics (JsonBuilder *b, const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  size_t i;

  json_builder_set_member_name (b, "nics");
  json_builder_begin_array (b);
  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *n = source->nics->pdata[i];
    const struct ferry_target_nic *t = target_nic (rep, i);

    json_builder_begin_object (b);
    ferry_json_add_string (b, "mac", n->mac);
    ferry_json_add_string (b, "network", n->network);
    ferry_json_add_string (b, "source_model", n->model);
    ferry_json_add_string (b, "target_model", rep->target->nic_model);
    ferry_json_add_string (b, "target_type",
                           t ? ferry_vnet_type_name (t->vnet_type) : NULL);
    ferry_json_add_string (b, "target_name", t ? t->vnet : NULL);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

char *
ferry_inspect_report_json (const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  const struct ferry_target *target = rep->target;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  size_t i;

  json_builder_begin_object (b);
  ferry_json_add_string (b, "version", FERRY_VERSION);
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "input", rep->input);
  ferry_json_add_string (b, "name", source->name);
  ferry_json_add_u64 (b, "memory", source->memory);
  ferry_json_add_u64 (b, "vcpus", source->vcpus);
  ferry_json_add_string (b, "firmware", ferry_firmware_name (source->firmware));
  json_builder_end_object (b);
  json_os (b, &target->inspection, target->firmware);
  json_disks (b, rep);
  json_nics (b, rep);
  json_builder_set_member_name (b, "devices");
  json_builder_begin_object (b);
  ferry_json_add_bool (b, "virtio", target->virtio);
  ferry_json_add_string (b, "machine", target->machine);
  ferry_json_add_string (b, "disk_bus", ferry_bus_name (target->disk_bus));
  ferry_json_add_string (b, "nic_model", target->nic_model);
  ferry_json_add_string (b, "firmware", ferry_firmware_name (target->firmware));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (i = 0; i < target->notes->len; i++)
    ferry_json_add_string (b, NULL, target->notes->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return ferry_json_generate (b, true);
}

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

/* "KEY": "VALUE" (or null), after INDENT; COMMA adds ",". */
static void
json_str (GString *out, const char *indent, const char *key, const char *v,
          bool comma)
{
  g_string_append_printf (out, "%s\"%s\": ", indent, key);
  ferry_json_append_string (out, v);
  g_string_append (out, comma ? ",\n" : "\n");
}

static void
json_u64 (GString *out, const char *indent, const char *key, uint64_t v,
          bool comma)
{
  g_string_append_printf (out, "%s\"%s\": %" PRIu64 "%s\n", indent, key, v,
                          comma ? "," : "");
}

static void
json_os (GString *out, const struct ferry_inspection *i,
         enum ferry_firmware firmware)
{
  const char *in = "    ";

  g_string_append (out, "  \"operatingsystem\": {\n");
  json_str (out, in, "root", i->root, true);
  json_str (out, in, "type", i->type, true);
  json_str (out, in, "distro", i->distro, true);
  json_str (out, in, "product_name", i->product_name, true);
  json_u64 (out, in, "major_version", i->major, true);
  json_u64 (out, in, "minor_version", i->minor, true);
  json_str (out, in, "arch", i->arch, true);
  json_str (out, in, "hostname", i->hostname, true);
  json_str (out, in, "package_format", i->package_format, true);
  json_str (out, in, "osinfo", i->osinfo, true);
  json_str (out, in, "firmware", ferry_firmware_name (firmware), false);
  g_string_append (out, "  },\n");
}

static void
json_disks (GString *out, const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  const char *in = "      ";
  size_t i;

  g_string_append (out, "  \"disks\": [");
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *d = source->disks->pdata[i];
    g_autofree char *dev = target_dev (rep, i);

    g_string_append (out, i > 0 ? ",\n    {\n" : "\n    {\n");
    json_str (out, in, "source", d->location, true);
    json_str (out, in, "format", d->format, true);
    json_str (out, in, "source_bus", ferry_bus_name (d->bus), true);
    json_str (out, in, "source_target", d->target, true);
    json_u64 (out, in, "virtual_size", d->virtual_size, true);
    json_u64 (out, in, "estimated_allocated_size", rep->allocated[i], true);
    json_str (out, in, "target_bus", ferry_bus_name (rep->target->disk_bus),
              true);
    json_str (out, in, "target_dev", dev, false);
    g_string_append (out, "    }");
  }
  g_string_append (out, source->disks->len ? "\n  ],\n" : "],\n");
}

static void
json_nics (GString *out, const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  const char *in = "      ";
  size_t i;

  g_string_append (out, "  \"nics\": [");
  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *n = source->nics->pdata[i];
    const struct ferry_target_nic *t = target_nic (rep, i);

    g_string_append (out, i > 0 ? ",\n    {\n" : "\n    {\n");
    json_str (out, in, "mac", n->mac, true);
    json_str (out, in, "network", n->network, true);
    json_str (out, in, "source_model", n->model, true);
    json_str (out, in, "target_model", rep->target->nic_model, true);
    json_str (out, in, "target_type",
              t ? ferry_vnet_type_name (t->vnet_type) : NULL, true);
    json_str (out, in, "target_name", t ? t->vnet : NULL, false);
    g_string_append (out, "    }");
  }
  g_string_append (out, source->nics->len ? "\n  ],\n" : "],\n");
}

char *
ferry_inspect_report_json (const struct ferry_inspect_report *rep)
{
  const struct ferry_source *source = rep->source;
  const struct ferry_target *target = rep->target;
  GString *out = g_string_new ("{\n");
  const char *in = "    ";
  size_t i;

  json_str (out, "  ", "version", FERRY_VERSION, true);
  g_string_append (out, "  \"source\": {\n");
  json_str (out, in, "input", rep->input, true);
  json_str (out, in, "name", source->name, true);
  json_u64 (out, in, "memory", source->memory, true);
  json_u64 (out, in, "vcpus", source->vcpus, true);
  json_str (out, in, "firmware", ferry_firmware_name (source->firmware), false);
  g_string_append (out, "  },\n");
  json_os (out, &target->inspection, target->firmware);
  json_disks (out, rep);
  json_nics (out, rep);
  g_string_append (out, "  \"devices\": {\n");
  g_string_append_printf (out, "%s\"virtio\": %s,\n", in,
                          target->virtio ? "true" : "false");
  json_str (out, in, "machine", target->machine, true);
  json_str (out, in, "disk_bus", ferry_bus_name (target->disk_bus), true);
  json_str (out, in, "nic_model", target->nic_model, true);
  json_str (out, in, "firmware", ferry_firmware_name (target->firmware), false);
  g_string_append (out, "  },\n");
  g_string_append (out, "  \"notes\": [");
  for (i = 0; i < target->notes->len; i++) {
    g_string_append (out, i > 0 ? ",\n    " : "\n    ");
    ferry_json_append_string (out, target->notes->pdata[i]);
  }
  g_string_append (out, target->notes->len ? "\n  ]\n}\n" : "]\n}\n");
  return g_string_free (out, FALSE);
}

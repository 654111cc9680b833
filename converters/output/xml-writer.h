/* ferry: short names for libxml2's text writer.
 *
 * The documents ferry writes (domain XML, -o libvirt's volumes,
 * ferry-inspect's report) are built with xmlTextWriter.  Each call
 * returns < 0 on error; callers OR the results together and check once
 * at the end.
 */
#ifndef FERRY_XML_WRITER_H
#define FERRY_XML_WRITER_H

#include <glib.h>
#include <libxml/xmlwriter.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextWriter, xmlFreeTextWriter)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)

#define START(w, n) xmlTextWriterStartElement (w, BAD_CAST (n))
#define END(w) xmlTextWriterEndElement (w)
#define ATTR(w, n, v) xmlTextWriterWriteAttribute (w, BAD_CAST (n), BAD_CAST (v))
#define TEXT(w, n, v) xmlTextWriterWriteElement (w, BAD_CAST (n), BAD_CAST (v))

/* <NAME KEY="VALUE" .../>, with KEY, VALUE pairs ending at NULL. */
int ferry_xml_empty (xmlTextWriterPtr w, const char *name, ...)
  G_GNUC_NULL_TERMINATED;

/* A writer into BUF, indenting by two spaces, or NULL (out of memory). */
xmlTextWriterPtr ferry_xml_writer_new (xmlBufferPtr buf);

#endif /* FERRY_XML_WRITER_H */

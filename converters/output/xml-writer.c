/* ferry: short names for libxml2's text writer (see xml-writer.h). */

#include <config.h>

#include <stdarg.h>

#include "xml-writer.h"
#include "banned.h"

int
ferry_xml_empty (xmlTextWriterPtr w, const char *name, ...)
{
  va_list args;
  const char *key;
  int r = START (w, name);

  va_start (args, name);
  while ((key = va_arg (args, const char *)) != NULL)
    r |= ATTR (w, key, va_arg (args, const char *));
  va_end (args);
  return r | END (w);
}

xmlTextWriterPtr
ferry_xml_writer_new (xmlBufferPtr buf)
{
  xmlTextWriterPtr w;

  if (buf == NULL || (w = xmlNewTextWriterMemory (buf, 0)) == NULL)
    return NULL;
  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterSetIndentString (w, BAD_CAST "  ");
  return w;
}

/* ferry: the report of ferry-inspect.
 *
 * What ferry-inspect learnt about a guest without converting it: the
 * source (name, memory, vCPUs), the operating system inspection found,
 * each disk's virtual size and the bytes a conversion would copy after
 * trimming, and the devices the converted guest would get.  Written as
 * XML or as JSON; both hold the same facts under the same names, which
 * ferry-inspect(1) documents.
 */
#ifndef FERRY_INSPECT_REPORT_H
#define FERRY_INSPECT_REPORT_H

#include <stdint.h>

#include "source.h"
#include "target.h"

struct ferry_inspect_report {
  const char *input;                 /* the -i module's name */
  const struct ferry_source *source;
  const struct ferry_target *target;
  const uint64_t *allocated;         /* per source disk: bytes a qcow2
                                      * copy would allocate */
};

/* The report as an XML document or a JSON object, in a new string ending
 * with a newline.  NULL with the error set if the XML writer fails.
 */
char *ferry_inspect_report_xml (const struct ferry_inspect_report *report);
char *ferry_inspect_report_json (const struct ferry_inspect_report *report);

#endif /* FERRY_INSPECT_REPORT_H */

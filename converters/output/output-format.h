/* ferry: the format and the allocation of the output disks (-of, -oa).
 *
 * People and clients name them as text: ferry-v2v's -of and -oa, the
 * of= and oa= keys of a P2V description.  The text is parsed once, where
 * it comes in, into these enums; the output modules and the copy work
 * with the enums only, and turn them back into names where a tool or a
 * file format wants one (qemu-img -O, libvirt's <driver type=...>).
 */
#ifndef FERRY_OUTPUT_FORMAT_H
#define FERRY_OUTPUT_FORMAT_H

/* The zero values are the defaults: raw, sparse. */
enum ferry_output_format { FERRY_FORMAT_RAW, FERRY_FORMAT_QCOW2 };
enum ferry_output_alloc { FERRY_ALLOC_SPARSE, FERRY_ALLOC_PREALLOCATED };

/* The names, indexed by the enums, NULL-terminated: "raw", "qcow2" and
 * "sparse", "preallocated".
 */
extern const char *const ferry_output_format_names[];
extern const char *const ferry_output_alloc_names[];

/* The choices, for messages that refuse a name. */
#define FERRY_OUTPUT_FORMAT_CHOICES "raw or qcow2"
#define FERRY_OUTPUT_ALLOC_CHOICES "sparse or preallocated"

/* Parse TEXT, one of the names, into *FORMAT (*ALLOC).  Returns 0, or -1
 * when TEXT is none of them.  No error is recorded: the caller words it,
 * naming where TEXT came from ("-of 'vmdk': ...", "[output] of 'vmdk':
 * ..."), with the CHOICES above.
 */
int ferry_output_format_parse (const char *text,
                               enum ferry_output_format *format);
int ferry_output_alloc_parse (const char *text,
                              enum ferry_output_alloc *alloc);

/* The name of FORMAT (ALLOC), a static string. */
const char *ferry_output_format_name (enum ferry_output_format format);
const char *ferry_output_alloc_name (enum ferry_output_alloc alloc);

#endif /* FERRY_OUTPUT_FORMAT_H */

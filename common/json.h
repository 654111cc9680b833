/* ferry: JSON documents, through json-glib.
 *
 * ferry writes JSON for programs (--print-source --machine-readable, -o
 * json, ferry-inspect --json, machine-readable event lines, qemu "json:"
 * names) and reads the JSON qemu-img prints.  json-glib does the work:
 * a JsonBuilder makes the document and a JsonGenerator writes it, a
 * JsonParser reads one.  This module holds what ferry adds around it:
 *
 * - Strings ferry writes come from untrusted files (a VMX may hold any
 *   bytes) and JSON text must be UTF-8, but json-glib writes a string's
 *   bytes as they are.  The string adders replace bytes that are not
 *   valid UTF-8 with U+FFFD first; json-glib escapes the rest (but
 *   U+001F, which ferry_json_generate escapes after it).
 * - json-glib's parser recurses once per nesting level, with no limit of
 *   its own, and reads more than JSON (single-quoted strings, comments).
 *   ferry_json_parse bounds the size and the nesting of what it reads and
 *   takes strict JSON's tokens only.
 */
#ifndef FERRY_JSON_H
#define FERRY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-glib/json-glib.h>

/* The largest text ferry_json_parse reads, and the deepest nesting of
 * arrays and objects it accepts.  qemu-img's reports nest four or five
 * levels; a VMDK split in 2 GiB extents lists a few hundred bytes per
 * extent.
 */
#define FERRY_JSON_MAX_BYTES (16 * 1024 * 1024)
#define FERRY_JSON_MAX_DEPTH 32

/* The adders below add one value to the document B is building: as
 * member KEY of the object being built, or, when KEY is NULL, as the
 * next element of the array being built.
 */

/* VALUE as a JSON string, or null when VALUE is NULL.  Bytes that are not
 * valid UTF-8 become U+FFFD.
 */
void ferry_json_add_string (JsonBuilder *b, const char *key,
                            const char *value);

/* VALUE as a JSON integer.  json-glib holds integers as int64: a VALUE
 * above INT64_MAX is written as a floating-point number (its magnitude
 * right, its last digits not).
 */
void ferry_json_add_u64 (JsonBuilder *b, const char *key, uint64_t value);

/* VALUE as true or false. */
void ferry_json_add_bool (JsonBuilder *b, const char *key, bool value);

/* null. */
void ferry_json_add_null (JsonBuilder *b, const char *key);

/* The document B built, as text in a new string: PRETTY, indented by two
 * spaces, one member or element per line, with a final newline (a file
 * or a dump); else on one line with no spaces and no newline (an event
 * line, a "json:" name).  B must have closed every object and array it
 * began.
 */
char *ferry_json_generate (JsonBuilder *b, bool pretty);

/* Parse TEXT, LEN bytes of JSON made by another program, and return its
 * root (free it with json_node_unref).  Refused, with the error set:
 * text over FERRY_JSON_MAX_BYTES; anything outside strings that strict
 * JSON does not have (single quotes, comments, hexadecimal numbers, NUL
 * bytes); an integer outside the int64 range, which json-glib 1.6 would
 * wrap (2^64 read as -1, -2^64 + 1 as 1); "\u0000" in a string, where
 * json-glib would cut it short; nesting deeper than FERRY_JSON_MAX_DEPTH;
 * a second value after the first, which json-glib would drop; and
 * whatever json-glib cannot parse.
 */
JsonNode *ferry_json_parse (const char *text, size_t len);

#endif /* FERRY_JSON_H */

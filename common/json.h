/* ferry: writing JSON strings.
 *
 * ferry prints a few small JSON documents (--print-source, machine-readable
 * events) and has no JSON library among its dependencies.  Numbers,
 * booleans and punctuation are plain text; only strings need care, and
 * this is the one place that quotes them.
 *
 * The strings come from untrusted files (a VMX may hold any bytes), so the
 * output is always valid JSON: control characters, '"' and '\' are
 * escaped, and bytes that are not valid UTF-8 become U+FFFD.
 */
#ifndef FERRY_JSON_H
#define FERRY_JSON_H

#include <glib.h>

/* Append S to OUT as a JSON string literal, quotes included, or "null"
 * when S is NULL.
 */
void ferry_json_append_string (GString *out, const char *s);

#endif /* FERRY_JSON_H */

/* ferry: writing JSON strings (see json.h). */

#include <config.h>

#include "json.h"
#include "banned.h"

void
ferry_json_append_string (GString *out, const char *s)
{
  const char *p = s;

  if (s == NULL) {
    g_string_append (out, "null");
    return;
  }

  g_string_append_c (out, '"');
  while (*p != '\0') {
    unsigned char c = *p;
    size_t len;

    switch (c) {
    case '"': g_string_append (out, "\\\""); p++; continue;
    case '\\': g_string_append (out, "\\\\"); p++; continue;
    case '\b': g_string_append (out, "\\b"); p++; continue;
    case '\f': g_string_append (out, "\\f"); p++; continue;
    case '\n': g_string_append (out, "\\n"); p++; continue;
    case '\r': g_string_append (out, "\\r"); p++; continue;
    case '\t': g_string_append (out, "\\t"); p++; continue;
    default: break;
    }
    if (c < 0x20 || c == 0x7f) {
      g_string_append_printf (out, "\\u%04x", c);
      p++;
      continue;
    }
    if (c < 0x80) {
      g_string_append_c (out, c);
      p++;
      continue;
    }
    /* One multi-byte character: copied when it is valid UTF-8 (no
     * overlong form, no surrogate), else U+FFFD in place of its first
     * byte.  Validation stops at the terminating NUL.
     */
    len = g_utf8_skip[c];
    if (g_utf8_validate_len (p, len, NULL)) {
      g_string_append_len (out, p, len);
      p += len;
    }
    else {
      g_string_append (out, "\xef\xbf\xbd");
      p++;
    }
  }
  g_string_append_c (out, '"');
}

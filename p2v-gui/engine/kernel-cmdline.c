/* ferry-p2v: splitting a kernel command line (see kernel-cmdline.h). */

#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "kernel-cmdline.h"
#include "errors.h"
#include "banned.h"

/* The kernel's isspace: its ctype table marks \t..\r, ' ' and 0xa0. */
static bool
kernel_space (unsigned char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static void
param_free (void *p)
{
  struct ferry_p2v_param *param = p;

  g_free (param->key);
  g_free (param->value);
  g_free (param);
}

GPtrArray *
ferry_p2v_cmdline_split (const char *text, size_t len)
{
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (param_free);
  const char *nul;
  size_t pos = 0;

  if (len > FERRY_P2V_CMDLINE_MAX) {
    ferry_error ("the kernel command line is too long: %zu bytes "
                 "(at most %d)", len, FERRY_P2V_CMDLINE_MAX);
    return NULL;
  }
  nul = memchr (text, '\0', len);
  if (nul != NULL) {
    ferry_error ("the kernel command line holds a NUL byte at offset %zu",
                 (size_t) (nul - text));
    return NULL;
  }

  while (pos < len && kernel_space (text[pos]))
    pos++;
  while (pos < len) {
    /* One word: WORD[0..N), quotes and all, then the spans of its key
     * and value inside it.  EQUALS is the offset of the first '=' in the
     * word, 0 when there is none (or only at offset 0, as in the kernel).
     */
    const char *word = text + pos;
    bool quoted = false, in_quote = false;
    size_t n, equals = 0, key_end, value_start = 0, value_end = 0;
    struct ferry_p2v_param *param;

    if (word[0] == '"') {
      word++;
      pos++;
      quoted = in_quote = true;
    }
    for (n = 0; pos + n < len; n++) {
      if (!in_quote && kernel_space (word[n]))
        break;
      if (equals == 0 && word[n] == '=')
        equals = n;
      if (word[n] == '"')
        in_quote = !in_quote;
    }

    key_end = n;
    if (equals > 0) {
      key_end = equals;
      value_start = equals + 1;
      value_end = n;
      /* A quote opening the value goes, and so does a quote ending the
       * word.
       */
      if (value_start < n && word[value_start] == '"') {
        value_start++;
        if (word[n - 1] == '"')
          value_end = n - 1;
      }
    }
    /* A word that opened with a quote loses a quote that ends it. */
    if (quoted && n > 0 && word[n - 1] == '"') {
      if (equals > 0)
        value_end = MIN (value_end, n - 1);
      else
        key_end = n - 1;
    }
    if (value_end < value_start)
      value_end = value_start;   /* the value was a lone quote */

    param = g_new0 (struct ferry_p2v_param, 1);
    param->key = g_strndup (word, key_end);
    if (equals > 0)
      param->value = g_strndup (word + value_start, value_end - value_start);
    g_ptr_array_add (params, param);

    pos += n;
    while (pos < len && kernel_space (text[pos]))
      pos++;
  }
  return g_steal_pointer (&params);
}

char *
ferry_p2v_quote (const char *s, char quote)
{
  GString *out = g_string_new (NULL);
  const char *p = s;
  const char *end = s + strlen (s);

  if (quote)
    g_string_append_c (out, quote);
  while (p < end) {
    unsigned char c = *p;
    const char *valid_end;

    if (c == '\\' || (quote && c == (unsigned char) quote)) {
      g_string_append_c (out, '\\');
      g_string_append_c (out, c);
      p++;
    }
    else if (c == '\n') {
      g_string_append (out, "\\n");
      p++;
    }
    else if (c == '\t') {
      g_string_append (out, "\\t");
      p++;
    }
    else if (c < 0x20 || c == 0x7f) {
      g_string_append_printf (out, "\\x%02x", c);
      p++;
    }
    else if (c < 0x80) {
      g_string_append_c (out, c);
      p++;
    }
    else {
      /* A run of bytes from 0x80 up: keep its valid UTF-8 prefix, escape
       * the first byte that is not.  C1 controls (U+0080..U+009F) are
       * escaped like the C0 ones.
       */
      gunichar u = g_utf8_get_char_validated (p, end - p);

      if (u == (gunichar) -1 || u == (gunichar) -2 ||
          (u >= 0x80 && u <= 0x9f)) {
        g_string_append_printf (out, "\\x%02x", c);
        p++;
      }
      else {
        valid_end = g_utf8_next_char (p);
        g_string_append_len (out, p, valid_end - p);
        p = valid_end;
      }
    }
  }
  if (quote)
    g_string_append_c (out, quote);
  return g_string_free (out, FALSE);
}

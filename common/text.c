/* ferry: untrusted text made safe to show (see text.h). */

#include <config.h>

#include <string.h>

#include "text.h"
#include "errors.h"
#include "banned.h"

static bool
is_c1 (gunichar c)
{
  return c >= 0x80 && c <= 0x9f;
}

char *
ferry_text_escape (const char *text, bool keep_newlines)
{
  GString *s = g_string_sized_new (strlen (text) + 1);
  const char *p = text;

  while (*p != '\0') {
    unsigned char b = *p;
    const char *end;
    gunichar c;

    if (b < 0x80) {
      if (b == '\n' && keep_newlines)
        g_string_append_c (s, '\n');
      else if (b == '\n')
        g_string_append (s, "\\n");
      else if (b == '\r')
        g_string_append (s, "\\r");
      else if (b == '\t')
        g_string_append (s, "\\t");
      else if (b < 0x20 || b == 0x7f)
        g_string_append_printf (s, "\\x%02x", b);
      else
        g_string_append_c (s, b);
      p++;
      continue;
    }
    c = g_utf8_get_char_validated (p, -1);
    if (c == (gunichar) -1 || c == (gunichar) -2) {
      g_string_append_printf (s, "\\x%02x", b);
      p++;
      continue;
    }
    end = g_utf8_next_char (p);
    if (is_c1 (c))
      g_string_append_printf (s, "\\u%04x", (unsigned) c);
    else
      g_string_append_len (s, p, end - p);
    p = end;
  }
  return g_string_free (s, FALSE);
}

char *
ferry_text_cescape (const char *text)
{
  char high[129];
  int c;

  for (c = 0x80; c <= 0xff; c++)
    high[c - 0x80] = (char) c;
  high[128] = '\0';
  return g_strescape (text ? text : "", high);
}

bool
ferry_text_has_control (const char *text)
{
  const char *p = text;

  while (*p != '\0') {
    unsigned char b = *p;
    gunichar c;

    if (b < 0x20 || b == 0x7f)
      return true;
    if (b < 0x80) {
      p++;
      continue;
    }
    c = g_utf8_get_char_validated (p, -1);
    if (c == (gunichar) -1 || c == (gunichar) -2) {
      p++;                      /* not UTF-8: not ours to judge here */
      continue;
    }
    if (is_c1 (c))
      return true;
    p = g_utf8_next_char (p);
  }
  return false;
}

bool
ferry_name_check (const char *what, const char *name)
{
  const char *why = NULL;

  if (name[0] == '\0')
    why = "it is empty";
  else if (strlen (name) > FERRY_NAME_MAX)
    why = "it is longer than " G_STRINGIFY (FERRY_NAME_MAX) " bytes";
  else if (!g_utf8_validate (name, -1, NULL))
    why = "it is not UTF-8";
  else if (ferry_text_has_control (name))
    why = "it holds control characters";
  else if (strchr (name, '/') != NULL)
    why = "it holds '/'";
  else if (name[0] == '.')
    why = "it starts with '.'";
  if (why == NULL)
    return true;
  /* The error record escapes the name (errors.c). */
  ferry_error ("%s '%s': not a valid name: %s", what, name, why);
  return false;
}

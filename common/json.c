/* ferry: JSON documents, through json-glib (see json.h). */

#include <config.h>

#include <string.h>

#include "json.h"
#include "errors.h"
#include "banned.h"

static void
member (JsonBuilder *b, const char *key)
{
  if (key != NULL)
    json_builder_set_member_name (b, key);
}

void
ferry_json_add_string (JsonBuilder *b, const char *key, const char *value)
{
  g_autofree char *valid = NULL;

  member (b, key);
  if (value == NULL) {
    json_builder_add_null_value (b);
    return;
  }
  valid = g_utf8_make_valid (value, -1);
  json_builder_add_string_value (b, valid);
}

void
ferry_json_add_u64 (JsonBuilder *b, const char *key, uint64_t value)
{
  member (b, key);
  if (value <= G_MAXINT64)
    json_builder_add_int_value (b, (gint64) value);
  else
    json_builder_add_double_value (b, (double) value);
}

void
ferry_json_add_bool (JsonBuilder *b, const char *key, bool value)
{
  member (b, key);
  json_builder_add_boolean_value (b, value);
}

void
ferry_json_add_null (JsonBuilder *b, const char *key)
{
  member (b, key);
  json_builder_add_null_value (b);
}

/* The generator's TEXT as ferry writes it.  json-glib 1.6 escapes the
 * control characters below U+001F but writes U+001F itself as it is,
 * which JSON forbids in a string; it can only be in a string (UTF-8 has
 * no 0x1f byte but that character), so each one becomes "\u001f" here.
 */
static char *
finish (const char *text, bool pretty)
{
  GString *out = g_string_sized_new (strlen (text) + 2);
  const char *p;

  for (p = text; *p != '\0'; p++) {
    if (*p == '\x1f')
      g_string_append (out, "\\u001f");
    else
      g_string_append_c (out, *p);
  }
  if (pretty)
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
ferry_json_generate (JsonBuilder *b, bool pretty)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  g_assert (root != NULL);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  return finish (text, pretty);
}

/* Is WORD, a run of letters, digits, '+', '-' and '.' outside strings, a
 * literal of strict JSON?  An integer must also fit in an int64, which
 * json-glib does not check.
 */
static bool
word_is_json (const char *word)
{
  const char *p = word;
  bool integer = true;

  if (strcmp (word, "true") == 0 || strcmp (word, "false") == 0 ||
      strcmp (word, "null") == 0)
    return true;
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (g_ascii_isdigit (*p))
    while (g_ascii_isdigit (*p))
      p++;
  else
    return false;
  if (*p == '.') {
    integer = false;
    p++;
    if (!g_ascii_isdigit (*p))
      return false;
    while (g_ascii_isdigit (*p))
      p++;
  }
  if (*p == 'e' || *p == 'E') {
    integer = false;
    p++;
    if (*p == '+' || *p == '-')
      p++;
    if (!g_ascii_isdigit (*p))
      return false;
    while (g_ascii_isdigit (*p))
      p++;
  }
  if (*p != '\0')
    return false;
  return !integer ||
    g_ascii_string_to_signed (word, 10, G_MININT64, G_MAXINT64, NULL, NULL);
}

static bool
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.';
}

/* Check what json-glib would read outside strings before it reads it:
 * strict JSON's tokens only, one value, nested at most
 * FERRY_JSON_MAX_DEPTH deep.
 * Strings are skipped as JSON writes them ('"', backslash escapes);
 * json-glib parses their contents, but for U+0000, which it would take
 * for the end of the string.
 */
static int
check_tokens (const char *text, size_t len)
{
  unsigned depth = 0;
  bool have_value = false;
  size_t i = 0;

  while (i < len) {
    char c = text[i];

    /* json-glib reads the first of several values and drops the rest. */
    if (depth == 0 && (c == '"' || c == '[' || c == '{' || is_word_char (c))) {
      if (have_value) {
        ferry_error ("invalid JSON at byte %zu: text after the value", i);
        return -1;
      }
      have_value = true;
    }

    if (c == '"') {
      for (i++; i < len && text[i] != '"'; i++) {
        if (text[i] != '\\')
          continue;
        /* json-glib would end the string there, silently. */
        if (len - i >= 6 && memcmp (text + i, "\\u0000", 6) == 0) {
          ferry_error ("invalid JSON at byte %zu: a NUL character in a "
                       "string", i);
          return -1;
        }
        i++;
      }
      i++;
    }
    else if (c == '[' || c == '{') {
      if (++depth > FERRY_JSON_MAX_DEPTH) {
        ferry_error ("JSON nested deeper than %d levels",
                     FERRY_JSON_MAX_DEPTH);
        return -1;
      }
      i++;
    }
    else if (c == ']' || c == '}') {
      if (depth > 0)
        depth--;
      i++;
    }
    else if (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' ||
             c == '\r')
      i++;
    else if (is_word_char (c)) {
      size_t start = i;
      g_autofree char *word = NULL;

      while (i < len && is_word_char (text[i]))
        i++;
      word = g_strndup (text + start, i - start);
      if (!word_is_json (word)) {
        ferry_error ("invalid JSON at byte %zu: '%.20s' is not a JSON "
                     "value%s", start, word,
                     g_ascii_isdigit (word[word[0] == '-'])
                     ? " or is out of range" : "");
        return -1;
      }
    }
    else {
      ferry_error ("invalid JSON at byte %zu: unexpected character 0x%02x",
                   i, (unsigned char) c);
      return -1;
    }
  }
  return 0;
}

JsonNode *
ferry_json_parse (const char *text, size_t len)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) err = NULL;
  JsonNode *root;

  if (len > FERRY_JSON_MAX_BYTES) {
    ferry_error ("JSON text of %zu bytes, more than %d", len,
                 FERRY_JSON_MAX_BYTES);
    return NULL;
  }
  if (check_tokens (text, len) == -1)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &err)) {
    ferry_error ("invalid JSON: %s", err->message);
    return NULL;
  }
  root = json_parser_get_root (parser);
  if (root == NULL) {
    ferry_error ("invalid JSON: no value");
    return NULL;
  }
  return json_node_ref (root);
}

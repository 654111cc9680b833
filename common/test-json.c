/* Unit test: writing and reading JSON through json-glib (json.h). */

#include <config.h>

#include <string.h>

#include "json.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

/* A string member, written on one line. */
static const struct {
  const char *in;          /* NULL: JSON null */
  const char *out;
} strings[] = {
  { NULL, "{\"k\":null}" },
  { "", "{\"k\":\"\"}" },
  { "plain text", "{\"k\":\"plain text\"}" },
  { "a\"b", "{\"k\":\"a\\\"b\"}" },
  { "a\\b", "{\"k\":\"a\\\\b\"}" },
  { "/", "{\"k\":\"/\"}" },
  { "\b\f\n\r\t", "{\"k\":\"\\b\\f\\n\\r\\t\"}" },
  { "\x01\x1f\x7f", "{\"k\":\"\\u0001\\u001f\\u007f\"}" },
  { "caf\xc3\xa9", "{\"k\":\"caf\xc3\xa9\"}" },             /* UTF-8 kept */
  { "\xe2\x82\xac\xf0\x9f\x98\x80",
    "{\"k\":\"\xe2\x82\xac\xf0\x9f\x98\x80\"}" },
  { "\xff", "{\"k\":\"\xef\xbf\xbd\"}" },                   /* invalid byte */
  { "a\xc3", "{\"k\":\"a\xef\xbf\xbd\"}" },                 /* cut at the end */
  { "\xc3\"", "{\"k\":\"\xef\xbf\xbd\\\"\"}" },             /* cut by a quote */
  { "\xc0\xaf", "{\"k\":\"\xef\xbf\xbd\xef\xbf\xbd\"}" },   /* overlong '/' */
  { "\x80x", "{\"k\":\"\xef\xbf\xbdx\"}" },           /* lone continuation */
};

/* An integer member, written on one line. */
static const struct {
  uint64_t in;
  const char *out;
} numbers[] = {
  { 0, "{\"k\":0}" },
  { G_MAXINT64, "{\"k\":9223372036854775807}" },
  { G_MAXUINT64, "{\"k\":1.8446744073709552e+19}" },
};

/* Texts to parse: OK says whether ferry_json_parse takes them. */
static const struct {
  const char *text;
  bool ok;
  const char *why;
} parses[] = {
  { "{\"a\": [1, -2, 0.5, 1e3, true, false, null, \"x\\\"]{\"]}", true,
    "strict JSON" },
  { "  {}\n", true, "an empty object" },
  { "[9223372036854775807, -9223372036854775808]", true, "int64's bounds" },
  { "[9223372036854775808]", false, "int64's maximum plus one" },
  { "[-9223372036854775809]", false, "int64's minimum minus one" },
  { "[18446744073709551616]", false, "2^64" },
  { "[-18446744073709551615]", false, "minus 2^64 plus one" },
  { "[99999999999999999999999]", false, "a huge number" },
  { "[0x10]", false, "a hexadecimal number" },
  { "[010]", false, "a leading zero" },
  { "[+1]", false, "a plus sign" },
  { "[1.]", false, "a dot with no digits" },
  { "[1e]", false, "an exponent with no digits" },
  { "[-]", false, "a lone minus" },
  { "['a']", false, "a single-quoted string" },
  { "['\"', [[]]]", false, "a double quote in a single-quoted string" },
  { "[1 /* c */]", false, "a comment" },
  { "[TRUE]", false, "a literal in capitals" },
  { "[NaN]", false, "NaN" },
  { "[1] x", false, "text after the value" },
  { "[1][2]", false, "a second array after the first" },
  { "{} {\"a\": 1}", false, "a second object after the first" },
  { "{\"a\": 1", false, "an unclosed object" },
  { "[\"a]", false, "an unclosed string" },
  { "[\"a\\u0000b\"]", false, "an escaped NUL, where json-glib cuts" },
  { "[\"a\\\\u0000b\"]", true, "an escaped backslash before u0000" },
  { "", false, "nothing" },
  { "   ", false, "blanks" },
};

static char *
one (const char *text, size_t len)
{
  g_autoptr (JsonNode) root = ferry_json_parse (text, len);

  return root ? json_to_string (root, FALSE) : NULL;
}

static char *
nested (unsigned depth)
{
  GString *s = g_string_new (NULL);
  unsigned i;

  for (i = 0; i < depth; i++)
    g_string_append (s, i % 2 ? "{\"k\":" : "[");
  g_string_append (s, "1");
  for (i = depth; i > 0; i--)
    g_string_append (s, (i - 1) % 2 ? "}" : "]");
  return g_string_free (s, FALSE);
}

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (strings) + G_N_ELEMENTS (numbers) + 2 +
            1 + G_N_ELEMENTS (parses) + 5);

  for (i = 0; i < G_N_ELEMENTS (strings); i++) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autofree char *in = strings[i].in ? g_strescape (strings[i].in, NULL)
      : NULL;
    g_autofree char *out = NULL;

    json_builder_begin_object (b);
    ferry_json_add_string (b, "k", strings[i].in);
    json_builder_end_object (b);
    out = ferry_json_generate (b, false);
    if (!tap_ok (strcmp (out, strings[i].out) == 0 &&
                 g_utf8_validate (out, -1, NULL),
                 "'%s' is written right", in ? in : "(null)")) {
      g_autofree char *got = g_strescape (out, NULL);
      printf ("# got: %s\n", got);
    }
  }

  for (i = 0; i < G_N_ELEMENTS (numbers); i++) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autofree char *out = NULL;

    json_builder_begin_object (b);
    ferry_json_add_u64 (b, "k", numbers[i].in);
    json_builder_end_object (b);
    out = ferry_json_generate (b, false);
    if (!tap_ok (strcmp (out, numbers[i].out) == 0,
                 "%" G_GUINT64_FORMAT " is written right", numbers[i].in))
      printf ("# got: %s\n", out);
  }

  {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autofree char *out = NULL;
    g_autofree char *back = NULL;
    static const char want[] =
      "{\n  \"s\" : \"x\",\n  \"t\" : true,\n  \"n\" : null,\n"
      "  \"a\" : [\n    1,\n    \"y\"\n  ],\n  \"e\" : []\n}\n";

    json_builder_begin_object (b);
    ferry_json_add_string (b, "s", "x");
    ferry_json_add_bool (b, "t", true);
    ferry_json_add_null (b, "n");
    json_builder_set_member_name (b, "a");
    json_builder_begin_array (b);
    ferry_json_add_u64 (b, NULL, 1);
    ferry_json_add_string (b, NULL, "y");
    json_builder_end_array (b);
    json_builder_set_member_name (b, "e");
    json_builder_begin_array (b);
    json_builder_end_array (b);
    json_builder_end_object (b);
    out = ferry_json_generate (b, true);
    if (!tap_ok (strcmp (out, want) == 0,
                 "a pretty document: two-space indent, final newline"))
      printf ("# got:\n%s", out);
    back = one (out, strlen (out));
    tap_ok (back != NULL &&
            strcmp (back, "{\"s\":\"x\",\"t\":true,\"n\":null,\"a\":[1,\"y\"],"
                    "\"e\":[]}") == 0,
            "it reads back, members in order");
  }

  /* Every ASCII character, written and read back: no control character
   * may be left unescaped.
   */
  {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (JsonNode) back = NULL;
    g_autofree char *out = NULL;
    char ascii[128];
    const char *p;
    bool raw = false;

    for (i = 1; i < 128; i++)
      ascii[i - 1] = i;
    ascii[127] = '\0';
    json_builder_begin_array (b);
    ferry_json_add_string (b, NULL, ascii);
    json_builder_end_array (b);
    out = ferry_json_generate (b, false);
    for (p = out; *p != '\0'; p++)
      raw |= (unsigned char) *p < 0x20;
    back = ferry_json_parse (out, strlen (out));
    tap_ok (!raw && back != NULL &&
            strcmp (json_array_get_string_element (json_node_get_array (back),
                                                   0), ascii) == 0,
            "every ASCII character is escaped or kept, and reads back");
  }

  for (i = 0; i < G_N_ELEMENTS (parses); i++) {
    g_autofree char *got = NULL;

    ferry_error_clear ();
    got = one (parses[i].text, strlen (parses[i].text));
    if (!tap_ok ((got != NULL) == parses[i].ok, "%s is %s", parses[i].why,
                 parses[i].ok ? "read" : "refused"))
      printf ("# got: %s\n", got ? got : ferry_error_get ());
  }

  {
    g_autofree char *deepest = nested (FERRY_JSON_MAX_DEPTH);
    g_autofree char *deeper = nested (FERRY_JSON_MAX_DEPTH + 1);
    g_autofree char *abyss = nested (1000000);
    g_autofree char *huge = g_malloc (FERRY_JSON_MAX_BYTES + 2);
    g_autofree char *got = NULL;

    got = one (deepest, strlen (deepest));
    tap_ok (got != NULL, "nesting %d deep is read", FERRY_JSON_MAX_DEPTH);
    ferry_error_clear ();
    tap_ok (one (deeper, strlen (deeper)) == NULL &&
            strstr (ferry_error_get (), "nested deeper") != NULL,
            "nesting one deeper is refused");
    tap_ok (one (abyss, strlen (abyss)) == NULL,
            "nesting a million deep is refused, not a crash");
    memset (huge, ' ', FERRY_JSON_MAX_BYTES + 1);
    huge[0] = '1';
    huge[FERRY_JSON_MAX_BYTES + 1] = '\0';
    ferry_error_clear ();
    tap_ok (one (huge, FERRY_JSON_MAX_BYTES + 1) == NULL &&
            strstr (ferry_error_get (), "bytes") != NULL,
            "text over %d bytes is refused", FERRY_JSON_MAX_BYTES);
    tap_ok (one ("[1]\0[2]", 7) == NULL && one ("[\"a\0b\"]", 7) == NULL,
            "a NUL byte is refused");
  }

  ferry_error_clear ();
  return tap_done ();
}

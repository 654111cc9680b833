/* Unit test: JSON string quoting (json.h). */

#include <config.h>

#include <string.h>

#include "json.h"
#include "tap.h"
#include "banned.h"

static const struct {
  const char *in;          /* NULL: JSON null */
  const char *out;
} cases[] = {
  { NULL, "null" },
  { "", "\"\"" },
  { "plain text", "\"plain text\"" },
  { "a\"b", "\"a\\\"b\"" },
  { "a\\b", "\"a\\\\b\"" },
  { "/", "\"/\"" },
  { "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
  { "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
  { "caf\xc3\xa9", "\"caf\xc3\xa9\"" },                  /* UTF-8 kept */
  { "\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xe2\x82\xac\xf0\x9f\x98\x80\"" },
  { "\xff", "\"\xef\xbf\xbd\"" },                        /* invalid byte */
  { "a\xc3", "\"a\xef\xbf\xbd\"" },                      /* cut at the end */
  { "\xc3\"", "\"\xef\xbf\xbd\\\"\"" },                  /* cut by a quote */
  { "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },        /* overlong '/' */
  { "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" }, /* surrogate */
  { "\x80x", "\"\xef\xbf\xbdx\"" },                      /* lone continuation */
};

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (cases));
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GString) out = g_string_new (NULL);
    g_autofree char *in = cases[i].in ? g_strescape (cases[i].in, NULL) : NULL;
    g_autofree char *got = NULL;

    ferry_json_append_string (out, cases[i].in);
    if (!tap_ok (strcmp (out->str, cases[i].out) == 0 &&
                 g_utf8_validate (out->str, -1, NULL),
                 "'%s' is quoted right", in ? in : "(null)")) {
      got = g_strescape (out->str, NULL);
      printf ("# got: %s\n", got);
    }
  }
  return tap_done ();
}

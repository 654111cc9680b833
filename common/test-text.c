/* Unit test: escaping untrusted text and checking names (text.h). */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static void
tap_is_str (const char *got, const char *want, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);

static void
tap_is_str (const char *got, const char *want, const char *fmt, ...)
{
  va_list args;
  g_autofree char *what = NULL;
  g_autofree char *g = ferry_text_escape (got, false);

  va_start (args, fmt);
  what = g_strdup_vprintf (fmt, args);
  va_end (args);
  if (!tap_ok (strcmp (got, want) == 0, "%s", what))
    printf ("#   got: '%s'\n", g);
}

static void
escapes (const char *in, bool keep, const char *want)
{
  g_autofree char *got = ferry_text_escape (in, keep);
  g_autofree char *again = ferry_text_escape (got, keep);
  g_autofree char *shown = ferry_text_escape (in, false);

  tap_is_str (got, want, "escape '%s'%s", shown,
              keep ? ", keeping newlines" : "");
  tap_is_str (again, got, "... escaping it again changes nothing");
}

static void
name (const char *n, const char *want_error)
{
  bool ok = ferry_name_check ("-on", n);
  g_autofree char *shown = ferry_text_escape (n, false);

  if (want_error == NULL)
    tap_ok (ok, "'%s' is a valid name", shown);
  else {
    tap_ok (!ok, "'%s' is refused", shown);
    tap_is_str (ferry_error_get (), want_error, "... with the message");
  }
}

int
main (void)
{
  char long_name[FERRY_NAME_MAX + 2];

  tap_plan (45);
  escapes ("web01", false, "web01");
  escapes ("caf\xc3\xa9 \xe6\x97\xa5", false, "caf\xc3\xa9 \xe6\x97\xa5");
  escapes ("a\nb", false, "a\\nb");
  escapes ("a\nb", true, "a\nb");
  escapes ("a\r\tb", false, "a\\r\\tb");
  escapes ("\x1b[2J\x1b]0;x\x07", false, "\\x1b[2J\\x1b]0;x\\x07");
  escapes ("del\x7f", false, "del\\x7f");
  escapes ("c1\xc2\x9b" "31m", false, "c1\\u009b31m");
  escapes ("bad\xff\xfe utf8 \xc3", false, "bad\\xff\\xfe utf8 \\xc3");
  escapes ("over\xc0\xaflong", false, "over\\xc0\\xaflong");
  escapes ("back\\slash", false, "back\\slash");
  escapes ("", false, "");

  tap_ok (!ferry_text_has_control ("plain caf\xc3\xa9"), "no control");
  tap_ok (ferry_text_has_control ("a\x1b"), "ESC is a control");
  tap_ok (ferry_text_has_control ("a\xc2\x85"), "NEL (C1) is a control");

  name ("web01", NULL);
  name ("caf\xc3\xa9", NULL);
  name ("", "-on '': not a valid name: it is empty");
  name ("a\nb", "-on 'a\\nb': not a valid name: it holds control characters");
  name ("\x1b[31mred", "-on '\\x1b[31mred': not a valid name: it holds control characters");
  name ("bad\xff", "-on 'bad\\xff': not a valid name: it is not UTF-8");
  name ("a/b", "-on 'a/b': not a valid name: it holds '/'");
  name (".hidden", "-on '.hidden': not a valid name: it starts with '.'");
  memset (long_name, 'x', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  tap_ok (!ferry_name_check ("-on", long_name), "201 bytes are too long");
  long_name[FERRY_NAME_MAX] = '\0';
  tap_ok (ferry_name_check ("-on", long_name), "200 bytes are not");

  /* The error record itself escapes whatever a message quotes. */
  ferry_error ("cannot open '%s'", "evil\n\x1b[1Aferry-v2v: Finished");
  tap_is_str (ferry_error_get (),
              "cannot open 'evil\\n\\x1b[1Aferry-v2v: Finished'",
              "the error record escapes what it quotes");
  ferry_error_prefix ("-i vmx '%s'", "x\ty");
  tap_is_str (ferry_error_get (),
              "-i vmx 'x\\ty': cannot open 'evil\\n\\x1b[1Aferry-v2v: Finished'",
              "... and its prefixes, without escaping twice");
  return tap_done ();
}

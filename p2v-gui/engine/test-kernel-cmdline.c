/* Unit test: splitting a kernel command line (kernel-cmdline.h) the way the
 * kernel's next_arg does, and showing untrusted strings (ferry_p2v_quote).
 *
 * Each case of the table is split; the parameters are written one after
 * the other, separated by '|', a flag as KEY and a parameter with a value
 * as KEY=[VALUE], and compared with what the kernel makes of the same
 * line (worked out by hand from lib/cmdline.c).
 */

#include <config.h>

#include <string.h>

#include "kernel-cmdline.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static const struct split_case {
  const char *line;
  unsigned count;
  const char *params;
} cases[] = {
  { "", 0, "" },
  { " \t\n ", 0, "" },
  { "quiet", 1, "quiet" },
  { "ro root=/dev/sda1 quiet", 3, "ro|root=[/dev/sda1]|quiet" },
  { "  a=b\t\n\v\f\r c  \n", 2, "a=[b]|c" },
  /* Quotes around the value, or around the whole parameter. */
  { "p2v.password=\"a b\"", 1, "p2v.password=[a b]" },
  { "\"p2v.password=a b\"", 1, "p2v.password=[a b]" },
  /* Quotes do not nest: the inner ones close and reopen. */
  { "\"p2v.password=\"a b\"\"", 2, "p2v.password=[a]|b\"\"" },
  /* Quotes inside a value stay. */
  { "p2v.name=a\"b c\"d e", 2, "p2v.name=[a\"b c\"d]|e" },
  { "k=\"a\"b c", 2, "k=[a\"b]|c" },
  { "\"k=v\"x", 1, "k=[v\"x]" },
  { "\"k\"=v", 1, "k\"=[v]" },
  { "k=\"\"\"\"", 1, "k=[\"\"]" },
  /* Empty values, lone quotes. */
  { "x=\"\" y", 2, "x=[]|y" },
  { "x=\"", 1, "x=[]" },
  { "x= y", 2, "x=[]|y" },
  { "\"\"", 1, "" },
  { "\"", 1, "" },
  { "a \"", 2, "a|" },
  /* A quote left open runs to the end of the line. */
  { "p2v.x=\"open value p2v.y=1", 1, "p2v.x=[open value p2v.y=1]" },
  { "\"a b", 1, "a b" },
  { "a\"b c", 1, "a\"b c" },
  /* '=': the first one splits, except at the very start of a word. */
  { "a==b", 1, "a=[=b]" },
  { "k=v=w", 1, "k=[v=w]" },
  { "=x", 1, "=x" },
  { "=a=b", 1, "=a=[b]" },
  /* The kernel's white space: 0xa0 too, but not other bytes. */
  { "a\xa0" "b", 2, "a|b" },
  { "\"a\xa0" "b\"", 1, "a\xa0" "b" },
  { "caf\xc3\xa0=1", 2, "caf\xc3|=1" },
  { "a\x1f" "b", 1, "a\x1f" "b" },
  { "\"a\tb\" c", 2, "a\tb|c" },
  /* "--" is a word like any other. */
  { "ro -- p2v.x=1", 3, "ro|--|p2v.x=[1]" },
};

static char *
render (const GPtrArray *params)
{
  GString *out = g_string_new (NULL);
  size_t i;

  for (i = 0; i < params->len; i++) {
    const struct ferry_p2v_param *p = params->pdata[i];

    if (i > 0)
      g_string_append_c (out, '|');
    g_string_append (out, p->key);
    if (p->value)
      g_string_append_printf (out, "=[%s]", p->value);
  }
  return g_string_free (out, FALSE);
}

static const struct quote_case {
  const char *in;
  char quote;
  const char *out;
} quotes[] = {
  { "plain", '"', "\"plain\"" },
  { "", '\'', "''" },
  { "a\nb\tc", 0, "a\\nb\\tc" },
  { "back\\slash", 0, "back\\\\slash" },
  { "say \"hi\" it's", '"', "\"say \\\"hi\\\" it's\"" },
  { "it's", '\'', "'it\\'s'" },
  { "\x01\x7f", 0, "\\x01\\x7f" },
  { "caf\xc3\xa9", 0, "caf\xc3\xa9" },
  { "\xff\xfe" "a", 0, "\\xff\\xfea" },
  { "\xc3", 0, "\\xc3" },                 /* truncated UTF-8 */
  { "\xc2\x85", 0, "\\xc2\\x85" },        /* U+0085, a C1 control */
  { "\xe2\x82\xac", 0, "\xe2\x82\xac" },  /* the euro sign */
};

int
main (void)
{
  g_autofree char *long_line = NULL;
  size_t i;

  tap_plan (2 * G_N_ELEMENTS (cases) + G_N_ELEMENTS (quotes) + 6);

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    const struct split_case *c = &cases[i];
    g_autoptr (GPtrArray) params =
      ferry_p2v_cmdline_split (c->line, strlen (c->line));
    g_autofree char *got = params ? render (params) : NULL;
    g_autofree char *shown = ferry_p2v_quote (c->line, '\'');

    tap_ok (params != NULL && params->len == c->count,
            "%s: %u parameters", shown, c->count);
    if (!tap_ok (got != NULL && strcmp (got, c->params) == 0,
                 "%s: split as the kernel does", shown))
      printf ("# got: %s\n# want: %s\n", got ? got : "(error)", c->params);
  }

  for (i = 0; i < G_N_ELEMENTS (quotes); i++) {
    g_autofree char *got = ferry_p2v_quote (quotes[i].in, quotes[i].quote);

    if (!tap_ok (strcmp (got, quotes[i].out) == 0 &&
                 g_utf8_validate (got, -1, NULL),
                 "quote %zu", i))
      printf ("# got: %s\n# want: %s\n", got, quotes[i].out);
  }

  /* A NUL byte is refused, naming where it is. */
  {
    static const char line[] = "p2v.server=a\0b";
    g_autoptr (GPtrArray) params =
      ferry_p2v_cmdline_split (line, sizeof line - 1);

    tap_ok (params == NULL &&
            strstr (ferry_error_get (), "NUL byte at offset 12") != NULL,
            "a NUL byte is refused: %s", ferry_error_get ());
  }

  /* The size limit: the longest line is taken, one byte more refused. */
  long_line = g_malloc (FERRY_P2V_CMDLINE_MAX + 1);
  memset (long_line, 'x', FERRY_P2V_CMDLINE_MAX + 1);
  memcpy (long_line, "p2v.name=", strlen ("p2v.name="));
  {
    g_autoptr (GPtrArray) params =
      ferry_p2v_cmdline_split (long_line, FERRY_P2V_CMDLINE_MAX);

    tap_ok (params != NULL && params->len == 1 &&
            strlen (((struct ferry_p2v_param *) params->pdata[0])->value) ==
            FERRY_P2V_CMDLINE_MAX - strlen ("p2v.name="),
            "a line of %d bytes is taken", FERRY_P2V_CMDLINE_MAX);
  }
  {
    g_autoptr (GPtrArray) params =
      ferry_p2v_cmdline_split (long_line, FERRY_P2V_CMDLINE_MAX + 1);

    tap_ok (params == NULL &&
            strstr (ferry_error_get (), "too long: 65537 bytes") != NULL,
            "one byte more is refused: %s", ferry_error_get ());
  }

  /* Many words: all of them, in order. */
  {
    g_autoptr (GString) line = g_string_new (NULL);
    g_autoptr (GPtrArray) params = NULL;
    unsigned n;
    bool in_order = true;

    for (n = 0; n < 5000; n++)
      g_string_append_printf (line, "k%u=%u ", n, n);
    params = ferry_p2v_cmdline_split (line->str, line->len);
    tap_ok (params != NULL && params->len == 5000, "5000 words");
    for (n = 0; params && n < params->len; n++) {
      const struct ferry_p2v_param *p = params->pdata[n];
      g_autofree char *key = g_strdup_printf ("k%u", n);

      if (strcmp (p->key, key) != 0)
        in_order = false;
    }
    tap_ok (in_order, "in order");
  }

  /* Not NUL-terminated: only LEN bytes are read. */
  {
    static const char line[] = "a=1 b=2";
    g_autoptr (GPtrArray) params = ferry_p2v_cmdline_split (line, 3);
    g_autofree char *got = params ? render (params) : NULL;

    tap_ok (got != NULL && strcmp (got, "a=[1]") == 0,
            "only LEN bytes are read");
  }
  return tap_done ();
}

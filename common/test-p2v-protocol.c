/* Unit test: the P2V protocol's tokens, job names and the lines that
 * carry them (p2v-protocol.h).
 */

#include <config.h>

#include <string.h>

#include "p2v-protocol.h"
#include "tap.h"
#include "banned.h"

#define T64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define T63 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"

/* "job JOB TOKEN": NULL ID means refused. */
static const struct {
  const char *line;
  const char *id;
} reply_cases[] = {
  { "job 20261122-abcdefghijklm " T64, "20261122-abcdefghijklm" },
  { "job x " T64, "x" },
  { "job A-9 " T64, "A-9" },
  { "job 20261122-abcdefghijklm", NULL },          /* no token */
  { "job 20261122-abcdefghijklm ", NULL },
  { "job  " T64, NULL },                           /* empty name */
  { "job " T64, NULL },                            /* the token alone */
  { "job a/b " T64, NULL },
  { "job a.b " T64, NULL },
  { "job a " T63, NULL },                          /* short token */
  { "job a " T64 "0", NULL },                      /* long token */
  { "job a " T64 " ", NULL },
  { "job a  " T64, NULL },                         /* two spaces */
  { "job a " "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    NULL },                                        /* uppercase */
  { "job a " "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    NULL },
  { "Job a " T64, NULL },
  { "error job a " T64, NULL },
  { "job aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
    T64, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
  { "job aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
    T64, NULL },                                   /* 65 characters */
  { "", NULL },
};

/* The first line of a data or status request: LEN bytes (-1: strlen). */
static const struct {
  const char *line;
  int len;
  bool good;
} token_cases[] = {
  { "token " T64 "\n", -1, true },
  { "token " T64, -1, false },                     /* no newline */
  { "token " T64 "\r\n", -1, false },
  { "token " T63 "\n", -1, false },
  { "token " T64 "0\n", -1, false },
  { "token  " T63 "\n", -1, false },               /* right length */
  { "token " T63 " \n", -1, false },
  { "Token " T64 "\n", -1, false },
  { "tokens" T64 "\n", -1, false },
  { "token " "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"
    "\n", -1, false },
  { "token 0123456789abcdef\0" "123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef\n", 71, false },             /* a NUL inside */
  { "\n", -1, false },
  { "", 0, false },
};

static void
test_encode (void)
{
  uint8_t bytes[FERRY_P2V_TOKEN_BYTES];
  char token[FERRY_P2V_TOKEN_CHARS + 1];
  char other[FERRY_P2V_TOKEN_CHARS + 1];
  size_t i;

  for (i = 0; i < sizeof bytes; i++)
    bytes[i] = i * 8 + 7;
  ferry_p2v_token_encode (bytes, token);
  tap_ok (strcmp (token, "070f171f272f373f474f575f676f777f"
                  "878f979fa7afb7bfc7cfd7dfe7eff7ff") == 0,
          "token_encode writes lowercase hex: %s", token);
  memset (bytes, 0, sizeof bytes);
  ferry_p2v_token_encode (bytes, token);
  tap_ok (strspn (token, "0") == FERRY_P2V_TOKEN_CHARS &&
          token[FERRY_P2V_TOKEN_CHARS] == '\0',
          "token_encode: zeros, and the terminating NUL");

  tap_ok (ferry_p2v_token_new (token) == 0 && ferry_p2v_token_valid (token),
          "token_new makes a valid token");
  tap_ok (ferry_p2v_token_new (other) == 0 && strcmp (token, other) != 0,
          "two new tokens differ");
  tap_ok (FERRY_P2V_TOKEN_BYTES * 8 >= 128,
          "a token holds at least 128 random bits (%d)",
          FERRY_P2V_TOKEN_BYTES * 8);
}

static void
test_valid (void)
{
  tap_ok (ferry_p2v_token_valid (T64), "token_valid: 64 hex digits");
  tap_ok (!ferry_p2v_token_valid (T63), "token_valid: 63 are refused");
  tap_ok (!ferry_p2v_token_valid (T64 "0"), "token_valid: 65 are refused");
  tap_ok (!ferry_p2v_token_valid (""), "token_valid: empty is refused");
  tap_ok (!ferry_p2v_token_valid ("0123456789abcdef0123456789abcdef"
                                  "0123456789abcdef0123456789abcdeF"),
          "token_valid: uppercase is refused");
}

static void
test_equal (void)
{
  char a[] = T64, b[] = T64;

  tap_ok (ferry_p2v_equal (a, b, sizeof a), "equal: the same bytes");
  tap_ok (ferry_p2v_equal (a, "x", 0), "equal: no bytes are equal");
  b[0] = 'x';
  tap_ok (!ferry_p2v_equal (a, b, sizeof a), "equal: the first byte differs");
  b[0] = a[0];
  b[FERRY_P2V_TOKEN_CHARS - 1] ^= 1;
  tap_ok (!ferry_p2v_equal (a, b, sizeof a), "equal: the last byte differs");
  b[FERRY_P2V_TOKEN_CHARS - 1] = a[FERRY_P2V_TOKEN_CHARS - 1];
  b[FERRY_P2V_TOKEN_CHARS] = 'z';   /* past the compared length */
  tap_ok (ferry_p2v_equal (a, b, FERRY_P2V_TOKEN_CHARS),
          "equal: only LEN bytes are compared");
  tap_ok (!ferry_p2v_equal ("\x80", "\x00", 1), "equal: the high bit counts");

  ferry_p2v_wipe (a, sizeof a);
  tap_ok (a[0] == 0 && a[FERRY_P2V_TOKEN_CHARS] == 0, "wipe zeroes the secret");
  ferry_p2v_wipe (NULL, 10);
}

/* Job names a request may give, names it may not, and names the server
 * does not make.
 */
static const char *const ids_given[] = {
  "a", "20261122-abcdefghijklm", "20261122-101010-Ab1xYz", "-",
};
static const char *const ids_not_given[] = {
  "", "a b", "a/b", "..", "a_b", "a\nb", "\xc3\xa9",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};
static const char *const ids_not_made[] = {
  "20261122-101010-Ab1xYz",        /* the names of earlier versions */
  "20261122-abcdefghijkl", "20261122-abcdefghijklmn",
  "2026112x-abcdefghijklm", "20261122_abcdefghijklm",
  "20261122-abcdefghijkl1", "20261122-abcdefghijklM",
  "20261122-abcdefghijkl/", "",
};

static void
test_job_ids (void)
{
  uint8_t random[FERRY_P2V_JOB_RANDOM_CHARS];
  char id[FERRY_P2V_JOB_ID_CHARS + 1];
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (ids_given); i++)
    tap_ok (ferry_p2v_job_id_valid (ids_given[i]), "job_id_valid '%s'",
            ids_given[i]);
  for (i = 0; i < G_N_ELEMENTS (ids_not_given); i++) {
    g_autofree char *shown = g_strescape (ids_not_given[i], NULL);

    tap_ok (!ferry_p2v_job_id_valid (ids_not_given[i]),
            "job_id_valid refuses '%s'", shown);
  }

  for (i = 0; i < sizeof random; i++)
    random[i] = i * 37 + 255 * (i % 2);
  ferry_p2v_job_id_encode ("20261122", random, id);
  tap_ok (strcmp (id, "20261122-aekouy6cimsw4") == 0,
          "job_id_encode: the date, '-', one character per random byte: %s",
          id);
  for (i = 0; i < sizeof random; i++)
    random[i] = 255;
  ferry_p2v_job_id_encode ("19991231", random, id);
  tap_ok (strcmp (id, "19991231-7777777777777") == 0,
          "job_id_encode: the alphabet's last character: %s", id);
  tap_ok (ferry_p2v_job_id_made (id) && ferry_p2v_job_id_valid (id) &&
          strlen (id) == FERRY_P2V_JOB_ID_CHARS,
          "a name the server makes is one it recognises, and a valid one");
  tap_ok (ferry_p2v_job_id_made ("20261122-abcdefghijklm"),
          "job_id_made '20261122-abcdefghijklm'");
  for (i = 0; i < G_N_ELEMENTS (ids_not_made); i++)
    tap_ok (!ferry_p2v_job_id_made (ids_not_made[i]),
            "job_id_made refuses '%s'", ids_not_made[i]);
}

static void
test_job_reply (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (reply_cases); i++) {
    g_autofree char *id = NULL, *token = NULL;
    bool got = ferry_p2v_parse_job_reply (reply_cases[i].line, &id, &token);

    if (reply_cases[i].id == NULL)
      tap_ok (!got && id == NULL && token == NULL,
              "job reply refused: '%s'", reply_cases[i].line);
    else
      tap_ok (got && strcmp (id, reply_cases[i].id) == 0 &&
              strcmp (token, T64) == 0,
              "job reply: '%s'", reply_cases[i].line);
  }
}

static void
test_token_line (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (token_cases); i++) {
    const char *line = token_cases[i].line;
    size_t len = token_cases[i].len < 0 ? strlen (line)
      : (size_t) token_cases[i].len;
    char token[FERRY_P2V_TOKEN_CHARS + 1] = "unchanged";
    g_autofree char *shown = g_strescape (line, NULL);
    bool got = ferry_p2v_parse_token_line (line, len, token);

    if (token_cases[i].good)
      tap_ok (got && strcmp (token, T64) == 0, "token line: '%s'", shown);
    else
      tap_ok (!got && strcmp (token, "unchanged") == 0,
              "token line refused: '%s' (%zu bytes)", shown, len);
  }
  tap_ok (FERRY_P2V_TOKEN_LINE_LEN == strlen ("token " T64 "\n"),
          "FERRY_P2V_TOKEN_LINE_LEN is the line's length");
}

int
main (void)
{
  tap_plan (5 + 5 + 7 + G_N_ELEMENTS (ids_given) +
            G_N_ELEMENTS (ids_not_given) + 4 + G_N_ELEMENTS (ids_not_made) +
            G_N_ELEMENTS (reply_cases) + G_N_ELEMENTS (token_cases) + 1);
  test_encode ();
  test_valid ();
  test_equal ();
  test_job_ids ();
  test_job_reply ();
  test_token_line ();
  return tap_done ();
}

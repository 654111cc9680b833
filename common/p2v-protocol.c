/* ferry: what both ends of the P2V protocol share (p2v-protocol.h). */

#include <config.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib.h>

#include "p2v-protocol.h"
#include "errors.h"
#include "banned.h"

#define TOKEN_WORD "token "
#define JOB_WORD "job "

static const char hex[] = "0123456789abcdef";
static const char base32[] = "abcdefghijklmnopqrstuvwxyz234567";

void
ferry_p2v_token_encode (const uint8_t *bytes,
                        char token[FERRY_P2V_TOKEN_CHARS + 1])
{
  size_t i;

  for (i = 0; i < FERRY_P2V_TOKEN_BYTES; i++) {
    token[2 * i] = hex[bytes[i] >> 4];
    token[2 * i + 1] = hex[bytes[i] & 0xf];
  }
  token[FERRY_P2V_TOKEN_CHARS] = '\0';
}

int
ferry_p2v_random (void *buf, size_t len)
{
  size_t got = 0;

  /* Without GRND_NONBLOCK: before the kernel's pool is seeded this
   * waits rather than give guessable bytes.
   */
  while (got < len) {
    ssize_t n = getrandom ((char *) buf + got, len - got, 0);

    if (n == -1) {
      if (errno == EINTR)
        continue;
      ferry_error_errno (errno, "cannot read random bytes: getrandom");
      return -1;
    }
    got += n;
  }
  return 0;
}

int
ferry_p2v_token_new (char token[FERRY_P2V_TOKEN_CHARS + 1])
{
  uint8_t bytes[FERRY_P2V_TOKEN_BYTES];

  if (ferry_p2v_random (bytes, sizeof bytes) == -1)
    return -1;
  ferry_p2v_token_encode (bytes, token);
  ferry_p2v_wipe (bytes, sizeof bytes);
  return 0;
}

bool
ferry_p2v_token_valid (const char *text)
{
  size_t len = strlen (text);

  return len == FERRY_P2V_TOKEN_CHARS &&
    strspn (text, hex) == FERRY_P2V_TOKEN_CHARS;
}

bool
ferry_p2v_equal (const void *a, const void *b, size_t len)
{
  /* volatile: the compiler must not turn the loop into a memcmp that
   * stops at the first difference.
   */
  const volatile unsigned char *x = a, *y = b;
  unsigned char diff = 0;
  size_t i;

  for (i = 0; i < len; i++)
    diff |= x[i] ^ y[i];
  return diff == 0;
}

void
ferry_p2v_wipe (void *secret, size_t len)
{
  if (secret != NULL)
    explicit_bzero (secret, len);
}

bool
ferry_p2v_job_id_valid (const char *id)
{
  size_t i, len = strlen (id);

  if (len == 0 || len > FERRY_P2V_MAX_JOB_ID)
    return false;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-')
      return false;
  return true;
}

bool
ferry_p2v_job_id_made (const char *name)
{
  size_t i;

  if (strlen (name) != FERRY_P2V_JOB_ID_CHARS)
    return false;
  for (i = 0; i < 8; i++)
    if (!g_ascii_isdigit (name[i]))
      return false;
  if (name[8] != '-')
    return false;
  for (i = 9; i < FERRY_P2V_JOB_ID_CHARS; i++)
    if (strchr (base32, name[i]) == NULL)
      return false;
  return true;
}

void
ferry_p2v_job_id_encode (const char *date, const uint8_t *random,
                         char id[FERRY_P2V_JOB_ID_CHARS + 1])
{
  size_t i;

  memcpy (id, date, 8);
  id[8] = '-';
  /* 32 divides 256: each character is uniform over the alphabet. */
  for (i = 0; i < FERRY_P2V_JOB_RANDOM_CHARS; i++)
    id[9 + i] = base32[random[i] & 31];
  id[FERRY_P2V_JOB_ID_CHARS] = '\0';
}

bool
ferry_p2v_parse_job_reply (const char *line, char **id, char **token)
{
  const char *rest, *sp;
  g_autofree char *name = NULL;

  if (!g_str_has_prefix (line, JOB_WORD))
    return false;
  rest = line + strlen (JOB_WORD);
  sp = strchr (rest, ' ');
  if (sp == NULL)
    return false;
  name = g_strndup (rest, sp - rest);
  if (!ferry_p2v_job_id_valid (name) || !ferry_p2v_token_valid (sp + 1))
    return false;
  *id = g_steal_pointer (&name);
  *token = g_strdup (sp + 1);
  return true;
}

bool
ferry_p2v_parse_token_line (const char *line, size_t len,
                            char token[FERRY_P2V_TOKEN_CHARS + 1])
{
  const size_t word = strlen (TOKEN_WORD);
  size_t i;

  if (len != FERRY_P2V_TOKEN_LINE_LEN || memcmp (line, TOKEN_WORD, word) != 0
      || line[len - 1] != '\n')
    return false;
  for (i = word; i < len - 1; i++)
    if (strchr (hex, line[i]) == NULL || line[i] == '\0')
      return false;
  memcpy (token, line + word, FERRY_P2V_TOKEN_CHARS);
  token[FERRY_P2V_TOKEN_CHARS] = '\0';
  return true;
}

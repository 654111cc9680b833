/* Fuzz target: the P2V protocol's lines that carry a job's name and token
 * (p2v-protocol.h): "token TOKEN", the first line of every data and
 * status request, which ferry-p2v-server reads from any client that can
 * log in; and "job JOB TOKEN", the server's answer, which ferry-p2v reads.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "p2v-protocol.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  char token[FERRY_P2V_TOKEN_CHARS + 1];
  g_autofree char *line = g_strndup (text, size);
  g_autofree char *id = NULL, *reply_token = NULL;

  /* Accepted: the input is exactly the line the token makes. */
  if (ferry_p2v_parse_token_line (text, size, token)) {
    g_autofree char *again = g_strconcat ("token ", token, "\n", NULL);

    if (!ferry_p2v_token_valid (token) || strlen (again) != size ||
        memcmp (again, data, size) != 0)
      __builtin_trap ();
  }

  /* The same for the answer, read as a C string (up to a NUL). */
  if (ferry_p2v_parse_job_reply (line, &id, &reply_token)) {
    g_autofree char *again = g_strconcat ("job ", id, " ", reply_token, NULL);

    if (!ferry_p2v_job_id_valid (id) || !ferry_p2v_token_valid (reply_token) ||
        strcmp (again, line) != 0)
      __builtin_trap ();
  }

  /* Every name the server would make from these bytes is one it
   * recognises, and one a client may give.
   */
  if (size >= 8 + FERRY_P2V_JOB_RANDOM_CHARS) {
    char date[9], made[FERRY_P2V_JOB_ID_CHARS + 1];
    size_t i;

    for (i = 0; i < 8; i++)
      date[i] = '0' + data[i] % 10;
    date[8] = '\0';
    ferry_p2v_job_id_encode (date, data + 8, made);
    if (!ferry_p2v_job_id_made (made) || !ferry_p2v_job_id_valid (made))
      __builtin_trap ();
  }
  return 0;
}

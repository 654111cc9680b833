/* ferry: what both ends of the P2V protocol share (docs/p2v-protocol.md).
 *
 * A job belongs to the control session that created it.  The server
 * answers that session, and no one else, with "job JOB TOKEN": JOB names
 * the job, TOKEN proves that a request comes from its creator.  Every
 * later request about the job ("data JOB INDEX", "status JOB") sends
 * "token TOKEN" as the first line of its standard input, never on its
 * command line: the request line is an SSH exec request, which sshd puts
 * in the environment, in a shell's argv when there is no forced command,
 * and in its debug log.
 *
 * A token is FERRY_P2V_TOKEN_BYTES random bytes from the kernel's CSPRNG
 * (getrandom(2)) written in lowercase hex.  A job's name is the day of
 * its creation and 13 random characters of base32 (65 bits): nobody can
 * guess another client's job, and even one who knows its name cannot use
 * it without its token.
 */
#ifndef FERRY_P2V_PROTOCOL_H
#define FERRY_P2V_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The version both "version" and "capabilities" announce
 * ("protocol 2"); a client talks only to a server of its own version.
 */
#define FERRY_P2V_PROTOCOL 2

#define FERRY_P2V_TOKEN_BYTES 32
#define FERRY_P2V_TOKEN_CHARS (2 * FERRY_P2V_TOKEN_BYTES)

/* A job's name: "YYYYMMDD-" and FERRY_P2V_JOB_RANDOM_CHARS of base32. */
#define FERRY_P2V_JOB_RANDOM_CHARS 13
#define FERRY_P2V_JOB_ID_CHARS (9 + FERRY_P2V_JOB_RANDOM_CHARS)

/* The longest job name a request may give (names the server makes are
 * shorter; a longer one is refused before anything is looked up).
 */
#define FERRY_P2V_MAX_JOB_ID 64

/* The first line of a "data" or "status" request's input, newline
 * included, is exactly this long.
 */
#define FERRY_P2V_TOKEN_LINE_LEN (6 + FERRY_P2V_TOKEN_CHARS + 1)

/* BYTES (FERRY_P2V_TOKEN_BYTES of them) as a token: lowercase hex into
 * TOKEN, NUL-terminated.
 */
void ferry_p2v_token_encode (const uint8_t *bytes,
                             char token[FERRY_P2V_TOKEN_CHARS + 1]);

/* Fill LEN bytes at BUF from getrandom(2).  Returns 0, or -1 with the
 * error set.
 */
int ferry_p2v_random (void *buf, size_t len);

/* A new token from getrandom(2) into TOKEN.  Returns 0, or -1 with the
 * error set.
 */
int ferry_p2v_token_new (char token[FERRY_P2V_TOKEN_CHARS + 1]);

/* Is TEXT a token: exactly FERRY_P2V_TOKEN_CHARS of [0-9a-f]? */
bool ferry_p2v_token_valid (const char *text);

/* Do the LEN bytes at A and B match?  The time taken does not depend on
 * where they differ, or whether they do: for secrets.
 */
bool ferry_p2v_equal (const void *a, const void *b, size_t len);

/* Overwrite LEN bytes of a secret (a token) before its memory is freed
 * or goes out of scope.  A NULL SECRET is nothing to do.
 */
void ferry_p2v_wipe (void *secret, size_t len);

/* Is ID a job name a client may give: 1 to FERRY_P2V_MAX_JOB_ID of
 * [A-Za-z0-9-]?
 */
bool ferry_p2v_job_id_valid (const char *id);

/* Is NAME a job name the server makes: 8 digits, "-", then
 * FERRY_P2V_JOB_RANDOM_CHARS of [a-z2-7]?
 */
bool ferry_p2v_job_id_made (const char *name);

/* A new job name for the day DATE ("YYYYMMDD") with RANDOM, at least
 * FERRY_P2V_JOB_RANDOM_CHARS random bytes, into ID.
 */
void ferry_p2v_job_id_encode (const char *date, const uint8_t *random,
                              char id[FERRY_P2V_JOB_ID_CHARS + 1]);

/* Parse the server's answer "job JOB TOKEN" (a line without its
 * newline): JOB a valid job name, TOKEN a valid token.  On success *ID
 * and *TOKEN are new strings (wipe the token before freeing it).
 */
bool ferry_p2v_parse_job_reply (const char *line, char **id, char **token);

/* Parse the first line of a "data" or "status" request's input: LEN
 * bytes at LINE, which must be "token TOKEN\n" exactly.  On success the
 * token is copied into TOKEN.
 */
bool ferry_p2v_parse_token_line (const char *line, size_t len,
                                 char token[FERRY_P2V_TOKEN_CHARS + 1]);

#endif /* FERRY_P2V_PROTOCOL_H */

/* ferry-p2v: the connection test, and the connection a run makes
 * (connection.h).
 */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "connection.h"
#include "transfer.h"
#include "command.h"
#include "errors.h"
#include "p2v-protocol.h"
#include "banned.h"

#define MAX_NAME 64              /* bytes of an output's name */

void
ferry_p2v_server_info_clear (struct ferry_p2v_server_info *info)
{
  g_free (info->fingerprint);
  g_free (info->version);
  if (info->outputs)
    g_ptr_array_unref (info->outputs);
  if (info->formats)
    g_ptr_array_unref (info->formats);
  if (info->allocations)
    g_ptr_array_unref (info->allocations);
  memset (info, 0, sizeof *info);
}

struct ferry_ssh *
ferry_p2v_connect (const struct ferry_p2v_config *config,
                   enum ferry_ssh_failure *failure, char **fingerprint)
{
  g_autofree char *identity = NULL;
  struct ferry_ssh_config sc = { 0 };

  if (failure != NULL)
    *failure = FERRY_SSH_FAILED_SETUP;
  if (fingerprint != NULL)
    *fingerprint = NULL;
  if (config->server == NULL) {
    ferry_error ("no conversion server: give one with p2v.server");
    return NULL;
  }
  if (config->identity != NULL) {
    identity = ferry_p2v_identity_path (config->identity);
    if (identity == NULL)
      return NULL;
  }
  sc.host = config->server;
  sc.port = config->port;
  sc.user = config->username;
  sc.identity = identity;
  sc.password = config->password;
  sc.host_key = config->hostkey;
  return ferry_ssh_connect_why (&sc, failure, fingerprint);
}

/* A decimal number without sign, space or leading zero. */
static bool
parse_decimal (const char *text, guint64 max, guint64 *value)
{
  if (text[0] == '\0' || (text[0] == '0' && text[1] != '\0'))
    return false;
  return g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

/* Printable ASCII only, 1 to MAX bytes. */
static bool
printable (const char *text, size_t max)
{
  size_t i, n = strlen (text);

  if (n == 0 || n > max)
    return false;
  for (i = 0; i < n; i++)
    if (text[i] < 0x20 || text[i] > 0x7e)
      return false;
  return true;
}

static bool
output_name (const char *name)
{
  size_t i, n = strlen (name);

  if (n == 0 || n > MAX_NAME)
    return false;
  for (i = 0; i < n; i++)
    if (!(g_ascii_islower (name[i]) || g_ascii_isdigit (name[i]) ||
          name[i] == '_' || name[i] == '-'))
      return false;
  return true;
}

bool
ferry_p2v_parse_version (const char *answer,
                         struct ferry_p2v_server_info *info)
{
  g_auto (GStrv) lines = g_strsplit (answer, "\n", -1);
  guint64 protocol = 0;
  size_t i;

  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "ferry-p2v-server ")
      || !printable (lines[0] + strlen ("ferry-p2v-server "), 200))
    return false;
  for (i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "protocol ") &&
        parse_decimal (lines[i] + strlen ("protocol "), G_MAXINT, &protocol)
        && protocol > 0)
      break;
  if (protocol == 0)
    return false;
  g_free (info->version);
  info->version = g_strdup (lines[0]);
  info->protocol = protocol;
  return true;
}

bool
ferry_p2v_parse_capabilities (const char *answer,
                              struct ferry_p2v_server_info *info)
{
  g_auto (GStrv) lines = g_strsplit (answer, "\n", -1);
  guint64 v;
  size_t i;

  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "protocol ") ||
      !parse_decimal (lines[0] + strlen ("protocol "), G_MAXINT, &v))
    return false;
  if (info->outputs == NULL)
    info->outputs = g_ptr_array_new_with_free_func (g_free);
  for (i = 1; lines[i] != NULL; i++) {
    const char *line = lines[i];

    if (g_str_has_prefix (line, "output:") &&
        output_name (line + strlen ("output:")))
      g_ptr_array_add (info->outputs, g_strdup (line + strlen ("output:")));
    else if (g_str_has_prefix (line, "free:") &&
             parse_decimal (line + strlen ("free:"), G_MAXUINT64, &v)) {
      info->has_free = true;
      info->free = v;
    }
  }
  return true;
}

/* The answer's first line, as a message may quote it. */
static char *
first_line (const char *text)
{
  g_autofree char *line = g_strndup (text, strcspn (text, "\n"));
  g_autofree char *valid = g_utf8_make_valid (line, -1);
  char *p;

  for (p = valid; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  if (strlen (valid) > 200)
    valid[200] = '\0';
  return g_strdup (g_strstrip (valid));
}

/* The formats and allocations a protocol 2 server takes for every output
 * (its description's refusals: docs/p2v-protocol.md).
 */
static GPtrArray *
strings (const char *const *list)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_free);

  for (; *list; list++)
    g_ptr_array_add (a, g_strdup (*list));
  return a;
}

/* "version", then "capabilities". */
static enum ferry_p2v_connection_result
query_server (ssh_session session, const char *name,
              struct ferry_p2v_server_info *info,
              struct ferry_p2v_cancel *cancel)
{
  static const char *const formats[] = { "raw", "qcow2", NULL };
  static const char *const allocations[] = { "sparse", "preallocated",
                                             NULL };
  g_auto (ferry_p2v_answer) answer = { 0 };
  g_autofree char *capabilities = NULL;

  if (ferry_p2v_request (session, "version", cancel, &answer) == -1)
    return ferry_p2v_cancel_requested (cancel)
      ? FERRY_P2V_CONNECTION_CANCELLED : FERRY_P2V_CONNECTION_FAILED;
  if (answer.status != 0) {
    g_autofree char *last = ferry_last_line (answer.err);
    g_autofree char *shown = first_line (last);

    ferry_error ("'%s' does not run ferry-p2v-server: the request 'version' "
                 "failed (exit status %d%s%s): is the account's forced "
                 "command ferry-p2v-server?", name, answer.status,
                 shown[0] ? ": " : "", shown);
    return FERRY_P2V_NOT_FERRY_SERVER;
  }
  if (!ferry_p2v_parse_version (answer.out, info)) {
    g_autofree char *shown = first_line (answer.out);

    ferry_error ("'%s' does not run ferry-p2v-server: it answered 'version' "
                 "with %s%s%s", name, shown[0] ? "'" : "nothing",
                 shown, shown[0] ? "'" : "");
    return FERRY_P2V_NOT_FERRY_SERVER;
  }
  if (info->protocol != FERRY_P2V_PROTOCOL) {
    ferry_error ("'%s' runs %s, which speaks protocol %d: this client "
                 "speaks protocol %d", name, info->version, info->protocol,
                 FERRY_P2V_PROTOCOL);
    return FERRY_P2V_SERVER_INCOMPATIBLE;
  }

  capabilities = ferry_p2v_query (session, "capabilities", cancel);
  if (capabilities == NULL)
    return ferry_p2v_cancel_requested (cancel)
      ? FERRY_P2V_CONNECTION_CANCELLED : FERRY_P2V_CONNECTION_FAILED;
  if (!ferry_p2v_parse_capabilities (capabilities, info)) {
    g_autofree char *shown = first_line (capabilities);

    ferry_error ("'%s' runs %s but answered 'capabilities' with '%s'",
                 name, info->version, shown);
    return FERRY_P2V_NOT_FERRY_SERVER;
  }
  info->formats = strings (formats);
  info->allocations = strings (allocations);
  return FERRY_P2V_CONNECTION_OK;
}

enum ferry_p2v_connection_result
ferry_p2v_test_connection (const struct ferry_p2v_config *config,
                           struct ferry_p2v_server_info *info,
                           struct ferry_p2v_cancel *cancel)
{
  g_autoptr (ferry_ssh) ssh = NULL;
  enum ferry_ssh_failure failure;
  g_autofree char *name = NULL;
  enum ferry_p2v_connection_result r;

  ferry_p2v_server_info_clear (info);
  if (ferry_p2v_cancel_requested (cancel)) {
    ferry_error ("the connection test was cancelled");
    return FERRY_P2V_CONNECTION_CANCELLED;
  }
  ssh = ferry_p2v_connect (config, &failure, &info->fingerprint);
  if (ssh == NULL) {
    switch (failure) {
    case FERRY_SSH_FAILED_CONNECT:
      return FERRY_P2V_UNREACHABLE;
    case FERRY_SSH_FAILED_HOST_KEY_UNKNOWN:
      if (info->fingerprint == NULL)
        return FERRY_P2V_CONNECTION_FAILED;
      ferry_error ("the conversion server '%s' is not known yet: its host "
                   "key's fingerprint is %s; trust it only if the server "
                   "shows the same (ssh-keygen -l -f "
                   "/etc/ssh/ssh_host_ed25519_key.pub), by setting "
                   "p2v.hostkey=%s", config->server, info->fingerprint,
                   info->fingerprint);
      return FERRY_P2V_HOSTKEY_UNKNOWN;
    case FERRY_SSH_FAILED_HOST_KEY_CHANGED:
      return FERRY_P2V_HOSTKEY_CHANGED;
    case FERRY_SSH_FAILED_LOGIN:
      return FERRY_P2V_LOGIN_REFUSED;
    case FERRY_SSH_FAILED_SETUP:
    case FERRY_SSH_FAILED_HOST_KEY:
      return FERRY_P2V_CONNECTION_FAILED;
    }
    return FERRY_P2V_CONNECTION_FAILED;
  }
  name = g_strdup_printf ("%s:%d", config->server, config->port);
  r = query_server (ferry_ssh_session (ssh), name, info, cancel);
  if (r != FERRY_P2V_CONNECTION_OK && ferry_p2v_cancel_requested (cancel)) {
    ferry_error ("the connection test was cancelled");
    return FERRY_P2V_CONNECTION_CANCELLED;
  }
  return r;
}

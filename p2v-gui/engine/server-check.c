/* ferry-p2v: "Test connection" (see server-check.h). */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "server-check.h"
#include "transfer.h"
#include "errors.h"
#include "p2v-protocol.h"
#include "ssh.h"
#include "banned.h"

void
ferry_p2v_server_info_clear (struct ferry_p2v_server_info *info)
{
  g_clear_pointer (&info->fingerprint, g_free);
  g_clear_pointer (&info->version, g_free);
  g_clear_pointer (&info->outputs, g_ptr_array_unref);
  info->key_unknown = false;
}

/* The server's answers to "version" and "capabilities" into INFO. */
static int
query (const struct ferry_p2v_config *config, ssh_session session,
       const struct ferry_p2v_cancel *cancel,
       struct ferry_p2v_server_info *info)
{
  g_autofree char *version = ferry_p2v_query (session, "version", cancel);
  g_autofree char *caps = NULL;
  g_autofree char *want = g_strdup_printf ("protocol %d",
                                           FERRY_P2V_PROTOCOL);
  g_auto (GStrv) lines = NULL;
  bool protocol = false;
  size_t i;

  if (version == NULL)
    return -1;
  lines = g_strsplit (version, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    if (strcmp (lines[i], want) == 0)
      protocol = true;
  if (!protocol) {
    g_autofree char *clean = g_utf8_make_valid (lines[0], -1);
    ferry_error ("'%s' does not run a ferry-p2v-server this client can "
                 "talk to (it answered: %s)", config->server, clean);
    return -1;
  }
  info->version = g_utf8_make_valid (g_strstrip (lines[0]), -1);

  caps = ferry_p2v_query (session, "capabilities", cancel);
  if (caps == NULL)
    return -1;
  g_strfreev (lines);
  lines = g_strsplit (caps, "\n", -1);
  info->outputs = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "output:") && lines[i][7] != '\0')
      g_ptr_array_add (info->outputs,
                       g_utf8_make_valid (lines[i] + 7, -1));
  return 0;
}

int
ferry_p2v_server_check (const struct ferry_p2v_config *config,
                        const struct ferry_p2v_cancel *cancel,
                        struct ferry_p2v_server_info *info)
{
  g_autofree char *identity = NULL;
  g_autoptr (ferry_ssh) ssh = NULL;
  struct ferry_ssh_config sc = {
    .host = config->server,
    .port = config->port,
    .user = config->username,
    .password = config->password,
    .host_key = config->hostkey,
  };
  enum ferry_ssh_host_key_state state;

  memset (info, 0, sizeof *info);
  if (config->server == NULL || config->server[0] == '\0') {
    ferry_error ("no conversion server: type its name or address");
    return -1;
  }
  if (config->identity != NULL) {
    identity = ferry_p2v_identity_path (config->identity);
    if (identity == NULL)
      return -1;
    sc.identity = identity;
  }

  if (sc.host_key == NULL) {
    if (ferry_ssh_peek_host_key (&sc, &info->fingerprint, &state) == -1)
      return -1;
    if (state == FERRY_SSH_HOST_KEY_UNKNOWN) {
      info->key_unknown = true;
      return 0;
    }
    if (state == FERRY_SSH_HOST_KEY_CHANGED) {
      ferry_error ("host key verification failed for '%s': its key (%s) is "
                   "not the one recorded in the known hosts: refused "
                   "(someone may be impersonating the host)",
                   config->server, info->fingerprint);
      return -1;
    }
    /* Log in with the key just seen: the same one known_hosts holds. */
    sc.host_key = info->fingerprint;
  }
  else
    info->fingerprint = g_strdup (sc.host_key);

  if (ferry_p2v_cancel_requested (cancel)) {
    ferry_error ("the connection test was cancelled");
    return -1;
  }
  ssh = ferry_ssh_connect (&sc);
  if (ssh == NULL)
    return -1;
  return query (config, ferry_ssh_session (ssh), cancel, info);
}

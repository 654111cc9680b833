/* ferry-p2v: "Test connection", a login without a conversion.
 *
 * A front end that lets a person type the server's address (the GTK
 * wizard) checks it before it converts anything: can it reach the
 * server, is the host key the one the person expects, does the login
 * work, and does the account run a ferry-p2v-server this client can talk
 * to?  The answer also says which outputs the server offers, for the
 * wizard's choices.
 *
 * The host key.  With CONFIG->hostkey set (p2v.hostkey, or a fingerprint
 * the person confirmed), the key must have that fingerprint.  Without
 * it, the key must be recorded in ~/.ssh/known_hosts; a key that is not
 * recorded is a first contact: the check stops before logging in and
 * returns the key's fingerprint with key_unknown set, for the person to
 * confirm (the caller then sets CONFIG->hostkey to it and checks again).
 * A key that differs from the recorded one is refused.
 *
 * Runs on the caller's thread and may wait up to the SSH timeout (60 s):
 * a GUI calls it on a worker thread.  It speaks through nothing: the
 * outcome is its return value, INFO and the error record (errors.h).
 */
#ifndef FERRY_P2V_SERVER_CHECK_H
#define FERRY_P2V_SERVER_CHECK_H

#include <stdbool.h>

#include <glib.h>

#include "engine.h"

struct ferry_p2v_server_info {
  char *fingerprint;   /* the host key's "SHA256:..." */
  bool key_unknown;    /* first contact: not logged in, the rest unset */
  char *version;       /* the first line of "version":
                          "ferry-p2v-server 0.1.0" */
  GPtrArray *outputs;  /* char *: the outputs a client may choose */
};

/* Check the server of CONFIG (server, port, username, password,
 * identity, hostkey) as above, filling INFO (cleared first; release it
 * with ferry_p2v_server_info_clear).  CANCEL may be NULL.  Returns 0, or
 * -1 with the error set: cannot connect, host key refused, cannot log
 * in, not a ferry-p2v-server, cancelled.
 */
int ferry_p2v_server_check (const struct ferry_p2v_config *config,
                            const struct ferry_p2v_cancel *cancel,
                            struct ferry_p2v_server_info *info);

void ferry_p2v_server_info_clear (struct ferry_p2v_server_info *info);

#endif /* FERRY_P2V_SERVER_CHECK_H */

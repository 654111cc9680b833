/* ferry-p2v: the connection test, and the connection a run makes.
 *
 * Before a front end lets the user start a conversion it tests the
 * connection (virt-p2v's "Test connection" button): it logs in to the
 * conversion server exactly as a run does (ferry_p2v_connect: host key
 * checked against p2v.hostkey, else known_hosts; then the key of
 * p2v.identity, ssh-agent or ~/.ssh, then p2v.password), asks the server
 * "version" and "capabilities", and disconnects.  What the server is and
 * offers goes into a struct ferry_p2v_server_info, from which the front
 * end fills its choices (outputs, formats, allocation) and which the
 * pre-flight checks (preflight.h) compare the disks with (free space).
 *
 * A server met for the first time.  Its host key is in no known hosts
 * file and p2v.hostkey is not set: the test fails with
 * FERRY_P2V_HOSTKEY_UNKNOWN and info->fingerprint holds the key's SHA256
 * fingerprint.  The front end shows it and asks the user to compare it
 * with the server's own (ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub
 * on the server); if the user confirms, it sets the configuration's
 * hostkey (p2v.hostkey) to that fingerprint and tests again: from then on
 * the key must have that fingerprint, in the test and in the run.  A key
 * that is not the one recorded, or not of the expected fingerprint, is
 * FERRY_P2V_HOSTKEY_CHANGED: never offer to accept it; someone may be
 * impersonating the server.
 *
 * Like the run, the test never prints: the error record of the calling
 * thread (errors.h) holds one message for the user, on every result but
 * FERRY_P2V_CONNECTION_OK.  It runs on the caller's thread and may take
 * up to a minute (the SSH connection's timeout); the GTK wizard calls it
 * on a worker thread.
 */
#ifndef FERRY_P2V_CONNECTION_H
#define FERRY_P2V_CONNECTION_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "engine.h"
#include "settings.h"
#include "ssh.h"

/* How a connection test ended; each but OK with the error set. */
enum ferry_p2v_connection_result {
  FERRY_P2V_CONNECTION_OK = 0,   /* logged in, a ferry-p2v-server this
                                    client can talk to: INFO is filled */
  FERRY_P2V_CONNECTION_FAILED,   /* anything below does not say: no
                                    server in the settings, an identity
                                    file that cannot be read, the
                                    connection lost after login... */
  FERRY_P2V_UNREACHABLE,         /* no SSH server there: the name does not
                                    resolve, nothing listens (connection
                                    refused), no route, time out */
  FERRY_P2V_HOSTKEY_UNKNOWN,     /* first contact: info->fingerprint is
                                    the key to show and confirm (above) */
  FERRY_P2V_HOSTKEY_CHANGED,     /* not the key expected: refused */
  FERRY_P2V_LOGIN_REFUSED,       /* wrong password, or no key taken */
  FERRY_P2V_NOT_FERRY_SERVER,    /* the account does not run
                                    ferry-p2v-server: "version" fails
                                    (command not found) or answers
                                    something else */
  FERRY_P2V_SERVER_INCOMPATIBLE, /* a ferry-p2v-server of another
                                    protocol: info->version says which */
  FERRY_P2V_CONNECTION_CANCELLED,/* CANCEL was cancelled */
};

/* What the test learned.  Strings and arrays belong to the struct:
 * free them with ferry_p2v_server_info_clear.
 */
struct ferry_p2v_server_info {
  char *fingerprint;       /* the host key's "SHA256:..." once it was
                              seen (also on failures after that), or NULL */
  char *version;           /* the first line of "version", as
                              "ferry-p2v-server 0.1.0" (valid UTF-8, no
                              control characters), or NULL */
  int protocol;            /* its "protocol N", 0 if none */
  GPtrArray *outputs;      /* char *: the outputs a client may choose
                              ("local", "qemu"...), in the server's order */
  GPtrArray *formats;      /* char *: the output formats ("raw", "qcow2") */
  GPtrArray *allocations;  /* char *: "sparse", "preallocated" */
  bool has_free;           /* the server said how much space is free */
  uint64_t free;           /* then: bytes free in its output root */
};

/* Free what INFO holds and zero it.  A zeroed struct is allowed. */
void ferry_p2v_server_info_clear (struct ferry_p2v_server_info *info);
typedef struct ferry_p2v_server_info ferry_p2v_server_info;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ferry_p2v_server_info,
                                  ferry_p2v_server_info_clear)

/* Test the connection to the server of CONFIG (p2v.server, p2v.port,
 * p2v.username, p2v.password, p2v.identity, p2v.hostkey).  *INFO is
 * cleared first, then filled as far as the test got.  CANCEL may be
 * NULL; it is looked at between the steps and while waiting for the
 * server's answers (logging in itself cannot be interrupted).
 */
enum ferry_p2v_connection_result
ferry_p2v_test_connection (const struct ferry_p2v_config *config,
                           struct ferry_p2v_server_info *info,
                           struct ferry_p2v_cancel *cancel);

/* For the engine (run.c and the test): connect and log in as CONFIG
 * says.  Returns the session, or NULL with the error set and *FAILURE
 * (may be NULL) saying which step failed; *FINGERPRINT as
 * ferry_ssh_connect_why gives it (may be NULL).
 */
struct ferry_ssh *ferry_p2v_connect (const struct ferry_p2v_config *config,
                                     enum ferry_ssh_failure *failure,
                                     char **fingerprint);

/* Parse the answer to "capabilities" into INFO's outputs, has_free and
 * free.  Lines it does not know are ignored (later servers may add
 * some), and so are output names that are not 1 to 64 of [a-z0-9_-] and
 * a "free:" that is not a decimal number; a second "free:" line wins.
 * Returns false when the answer does not say "protocol N" on its first
 * line.  For the unit test, too.
 */
bool ferry_p2v_parse_capabilities (const char *answer,
                                   struct ferry_p2v_server_info *info);

/* Parse the answer to "version" into INFO's version and protocol.
 * Returns false, with nothing set, when it is not ferry-p2v-server's
 * (a first line "ferry-p2v-server VERSION", and a line "protocol N").
 */
bool ferry_p2v_parse_version (const char *answer,
                              struct ferry_p2v_server_info *info);

#endif /* FERRY_P2V_CONNECTION_H */

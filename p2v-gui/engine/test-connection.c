/* Unit test: the connection test's parsers of the server's answers, and
 * the results that need no SSH server (connection.h).  The logins, host
 * keys and servers that are not ferry-p2v-server are tested end to end by
 * tests/test-p2v-connection.sh.
 */

#include <config.h>

#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "connection.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static const struct version_case {
  const char *answer;
  const char *version;      /* NULL: refused */
  int protocol;
} version_cases[] = {
  { "ferry-p2v-server 0.1.0\nprotocol 2\n", "ferry-p2v-server 0.1.0", 2 },
  { "ferry-p2v-server 0.1.0\nprotocol 2", "ferry-p2v-server 0.1.0", 2 },
  { "ferry-p2v-server 9\nsomething new\nprotocol 3\n", "ferry-p2v-server 9", 3 },
  { "", NULL, 0 },
  { "\n", NULL, 0 },
  { "garbage\n", NULL, 0 },
  { "protocol 2\n", NULL, 0 },
  { "ferry-p2v-server 0.1.0\n", NULL, 0 },
  { "ferry-p2v-server \nprotocol 2\n", NULL, 0 },
  { "ferry-p2v-server 0.1\x01\nprotocol 2\n", NULL, 0 },
  { "ferry-p2v-server 0.1.0\nprotocol 0\n", NULL, 0 },
  { "ferry-p2v-server 0.1.0\nprotocol 02\n", NULL, 0 },
  { "ferry-p2v-server 0.1.0\nprotocol -2\n", NULL, 0 },
  { "ferry-p2v-server 0.1.0\nprotocol 99999999999\n", NULL, 0 },
  { "ferry-p2v-server 0.1.0\nprotocol 2 \n", NULL, 0 },
  { "bash: line 1: version: command not found\n", NULL, 0 },
};

static const struct capabilities_case {
  const char *answer;
  bool good;
  const char *outputs;      /* joined with ' ' */
  bool has_free;
  uint64_t free;
} capabilities_cases[] = {
  { "protocol 2\noutput:local\noutput:null\nconvert:linux-debian\n", true,
    "local null", false, 0 },
  { "protocol 2\noutput:local\nfree:1073741824\n", true, "local", true,
    1073741824 },
  { "protocol 2\nfree:0\n", true, "", true, 0 },
  { "protocol 2\nfree:18446744073709551615\n", true, "", true,
    UINT64_MAX },
  /* Lines a later server may add are ignored; so are bad values. */
  { "protocol 2\nformat:raw\nnew thing\noutput:qemu\n", true, "qemu", false,
    0 },
  { "protocol 2\nfree:18446744073709551616\n", true, "", false, 0 },
  { "protocol 2\nfree:-1\nfree:1x\nfree:01\nfree:\n", true, "", false, 0 },
  { "protocol 2\nfree:5\nfree:7\n", true, "", true, 7 },
  { "protocol 2\noutput:\noutput:Local\noutput:a/b\noutput:x y\n", true, "",
    false, 0 },
  { "protocol 2\noutput:"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
    true, "", false, 0 },
  /* Not an answer to capabilities. */
  { "", false, NULL, false, 0 },
  { "output:local\n", false, NULL, false, 0 },
  { "protocol x\n", false, NULL, false, 0 },
  { "garbage\nprotocol 2\n", false, NULL, false, 0 },
};

static void
test_version (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (version_cases); i++) {
    const struct version_case *c = &version_cases[i];
    g_auto (ferry_p2v_server_info) info = { 0 };
    g_autofree char *shown = g_strescape (c->answer, NULL);
    bool r = ferry_p2v_parse_version (c->answer, &info);

    if (c->version == NULL)
      tap_ok (!r && info.version == NULL && info.protocol == 0,
              "version '%s' is refused", shown);
    else
      tap_ok (r && g_strcmp0 (info.version, c->version) == 0 &&
              info.protocol == c->protocol,
              "version '%s': '%s', protocol %d", shown, c->version,
              c->protocol);
  }
}

static void
test_capabilities (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (capabilities_cases); i++) {
    const struct capabilities_case *c = &capabilities_cases[i];
    g_auto (ferry_p2v_server_info) info = { 0 };
    g_autofree char *shown = g_strescape (c->answer, NULL);
    bool r = ferry_p2v_parse_capabilities (c->answer, &info);
    g_autofree char *outputs = NULL;

    if (!c->good) {
      tap_ok (!r, "capabilities '%s' is refused", shown);
      continue;
    }
    g_ptr_array_add (info.outputs, NULL);
    outputs = g_strjoinv (" ", (char **) info.outputs->pdata);
    tap_ok (r && strcmp (outputs, c->outputs) == 0 &&
            info.has_free == c->has_free && info.free == c->free,
            "capabilities '%s': outputs '%s', free %s%" G_GUINT64_FORMAT,
            shown, c->outputs, c->has_free ? "" : "none ", c->free);
  }
}

/* A port of 127.0.0.1 where nothing listens: bound, never listened on. */
static int
closed_port (int *fd)
{
  struct sockaddr_in addr = { .sin_family = AF_INET,
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;

  *fd = socket (AF_INET, SOCK_STREAM, 0);
  if (*fd == -1 || bind (*fd, (struct sockaddr *) &addr, len) == -1 ||
      getsockname (*fd, (struct sockaddr *) &addr, &len) == -1)
    return -1;
  return ntohs (addr.sin_port);
}

static void
test_without_server (void)
{
  g_autoptr (ferry_p2v_config) config = ferry_p2v_config_new ();
  g_autoptr (ferry_p2v_cancel) cancel = ferry_p2v_cancel_new ();
  g_auto (ferry_p2v_server_info) info = { 0 };
  enum ferry_p2v_connection_result r;
  int fd = -1, port;

  r = ferry_p2v_test_connection (config, &info, NULL);
  tap_ok (r == FERRY_P2V_CONNECTION_FAILED &&
          strstr (ferry_error_get (), "no conversion server") != NULL,
          "no p2v.server: FAILED, saying so (%s)", ferry_error_get ());

  config->server = g_strdup ("127.0.0.1");
  port = closed_port (&fd);
  config->port = port;
  r = ferry_p2v_test_connection (config, &info, NULL);
  tap_ok (port > 0 && r == FERRY_P2V_UNREACHABLE &&
          info.fingerprint == NULL &&
          strstr (ferry_error_get (), "cannot connect to '127.0.0.1:") &&
          strstr (ferry_error_get (), "refused"),
          "a closed port: UNREACHABLE, connection refused (%s)",
          ferry_error_get ());
  if (fd >= 0)
    close (fd);

  ferry_p2v_cancel_request (cancel);
  r = ferry_p2v_test_connection (config, &info, cancel);
  tap_ok (r == FERRY_P2V_CONNECTION_CANCELLED,
          "cancelled before it starts: CANCELLED (%s)", ferry_error_get ());
}

int
main (void)
{
  tap_plan (G_N_ELEMENTS (version_cases) +
            G_N_ELEMENTS (capabilities_cases) + 3);
  test_version ();
  test_capabilities ();
  test_without_server ();
  return tap_done ();
}

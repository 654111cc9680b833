/* ferry: SSH sessions and SFTP, with libssh (ssh.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/sftp.h>

#include "errors.h"
#include "pump.h"
#include "ssh.h"
#include "banned.h"

/* How long libssh waits for the server (connecting, each reply). */
#define SSH_TIMEOUT_SECONDS 60L

/* A password file larger than this is not a password file. */
#define MAX_PASSWORD_FILE 4096u

/* SFTP reads, in pieces of this size. */
#define READ_CHUNK (32u << 10)

struct ferry_ssh {
  ssh_session session;
  sftp_session sftp;       /* NULL until the first SFTP call */
  char *name;              /* "HOST:PORT", for messages */
};

int
ferry_ssh_url_parse (const char *url, struct ferry_ssh_url *out)
{
  g_autoptr (GError) gerr = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *host, *user, *path;
  int port;

  memset (out, 0, sizeof *out);
  uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD, &gerr);
  if (uri == NULL) {
    ferry_error ("invalid URL '%s': %s", url, gerr->message);
    return -1;
  }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "ssh") != 0) {
    ferry_error ("invalid URL '%s': it must start with ssh://", url);
    return -1;
  }
  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0') {
    ferry_error ("invalid URL '%s': no host (ssh://[USER@]HOST[:PORT]/PATH)",
                 url);
    return -1;
  }
  if (g_uri_get_password (uri) != NULL) {
    ferry_error ("invalid URL '%s': a password must not be written in a URL "
                 "(give it in a password file)", url);
    return -1;
  }
  user = g_uri_get_user (uri);
  if (user != NULL && user[0] == '\0') {
    ferry_error ("invalid URL '%s': empty user name", url);
    return -1;
  }
  port = g_uri_get_port (uri);
  if (port == 0) {
    ferry_error ("invalid URL '%s': port 0", url);
    return -1;
  }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL) {
    ferry_error ("invalid URL '%s': an ssh:// URL has no '?' or '#' part "
                 "(write them %%3F and %%23 in a file name)", url);
    return -1;
  }
  path = g_uri_get_path (uri);
  if (path[0] != '/' || path[1] == '\0') {
    ferry_error ("invalid URL '%s': no file after the host", url);
    return -1;
  }
  if (g_str_has_suffix (path, "/")) {
    ferry_error ("invalid URL '%s': it names a folder, not a file", url);
    return -1;
  }

  out->user = g_strdup (user);
  out->host = g_strdup (host);
  out->port = port == -1 ? 22 : port;
  out->path = g_strdup (path);
  return 0;
}

void
ferry_ssh_url_clear (struct ferry_ssh_url *url)
{
  g_free (url->user);
  g_free (url->host);
  g_free (url->path);
  memset (url, 0, sizeof *url);
}

char *
ferry_ssh_url_for_path (const struct ferry_ssh_url *url, const char *path)
{
  return g_uri_join (G_URI_FLAGS_NONE, "ssh", url->user, url->host,
                     url->port == 22 ? -1 : url->port, path, NULL, NULL);
}

char *
ferry_ssh_escape_path (const char *file)
{
  GString *out = g_string_new (NULL);

  for (; *file; file++) {
    if (*file == '%')
      g_string_append_c (out, '%');
    g_string_append_c (out, *file);
  }
  return g_string_free (out, FALSE);
}

char *
ferry_ssh_default_known_hosts (void)
{
  return g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL);
}

void
ferry_ssh_password_free (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

char *
ferry_ssh_read_password (const char *file)
{
  char buf[MAX_PASSWORD_FILE + 1];
  struct stat st;
  size_t size = 0;
  char *password = NULL;
  int fd;

  fd = open (file, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    ferry_error_errno (errno, "cannot read the password file '%s'", file);
    return NULL;
  }
  if (fstat (fd, &st) == -1) {
    ferry_error_errno (errno, "cannot read the password file '%s'", file);
    goto out;
  }
  if (!S_ISREG (st.st_mode) || st.st_size > MAX_PASSWORD_FILE) {
    ferry_error ("cannot read the password file '%s': not a regular file "
                 "of at most %u bytes", file, MAX_PASSWORD_FILE);
    goto out;
  }
  while (size < sizeof buf - 1) {
    ssize_t r = read (fd, buf + size, sizeof buf - 1 - size);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      ferry_error_errno (errno, "cannot read the password file '%s'", file);
      goto out;
    }
    if (r == 0)
      break;
    size += r;
  }
  buf[size] = '\0';
  password = g_strndup (buf, strcspn (buf, "\n"));

 out:
  explicit_bzero (buf, sizeof buf);
  close (fd);
  return password;
}

/* "HOST:PORT", "[V6]:PORT" for messages. */
static char *
host_port (const char *host, int port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);
  return g_strdup_printf ("%s:%d", host, port);
}

/* The server's key as "TYPE SHA256:...", in a new string. */
static char *
server_key_text (ssh_session session)
{
  ssh_key key = NULL;
  unsigned char *hash = NULL;
  size_t hash_len = 0;
  char *fingerprint = NULL;
  char *text;

  if (ssh_get_server_publickey (session, &key) != SSH_OK)
    return g_strdup ("(unknown key)");
  if (ssh_get_publickey_hash (key, SSH_PUBLICKEY_HASH_SHA256,
                              &hash, &hash_len) == 0)
    fingerprint = ssh_get_fingerprint_hash (SSH_PUBLICKEY_HASH_SHA256,
                                            hash, hash_len);
  text = g_strdup_printf ("%s %s", ssh_key_type_to_char (ssh_key_type (key)),
                          fingerprint ? fingerprint : "(no fingerprint)");
  ssh_string_free_char (fingerprint);
  ssh_clean_pubkey_hash (&hash);
  ssh_key_free (key);
  return text;
}

/* The server's key's SHA256 fingerprint ("SHA256:..."), in a new string,
 * or NULL.
 */
static char *
server_fingerprint (ssh_session session)
{
  ssh_key key = NULL;
  unsigned char *hash = NULL;
  size_t hash_len = 0;
  char *fingerprint = NULL;
  char *copy = NULL;

  if (ssh_get_server_publickey (session, &key) != SSH_OK)
    return NULL;
  if (ssh_get_publickey_hash (key, SSH_PUBLICKEY_HASH_SHA256,
                              &hash, &hash_len) == 0)
    fingerprint = ssh_get_fingerprint_hash (SSH_PUBLICKEY_HASH_SHA256,
                                            hash, hash_len);
  if (fingerprint != NULL)
    copy = g_strdup (fingerprint);
  ssh_string_free_char (fingerprint);
  ssh_clean_pubkey_hash (&hash);
  ssh_key_free (key);
  return copy;
}

/* The key must have the fingerprint EXPECTED ("SHA256:base64"; the
 * base64 padding is optional, as ssh-keygen leaves it out).
 */
static int
verify_fingerprint (struct ferry_ssh *ssh, const char *expected)
{
  g_autofree char *got = server_fingerprint (ssh->session);
  g_autofree char *want = g_strdup (expected);
  g_autofree char *key = NULL;
  size_t n;

  n = strlen (want);
  while (n > 0 && want[n - 1] == '=')
    want[--n] = '\0';
  if (got != NULL) {
    n = strlen (got);
    while (n > 0 && got[n - 1] == '=')
      got[--n] = '\0';
  }
  if (got != NULL && strcmp (got, want) == 0)
    return 0;
  key = server_key_text (ssh->session);
  ferry_error ("host key verification failed for '%s': its key (%s) does "
               "not have the expected fingerprint %s: refused (someone may "
               "be impersonating the host)", ssh->name, key, expected);
  return -1;
}

static int
verify_host_key (struct ferry_ssh *ssh, const char *known_hosts)
{
  g_autofree char *key = NULL;
  enum ssh_known_hosts_e state;

  state = ssh_session_is_known_server (ssh->session);
  if (state == SSH_KNOWN_HOSTS_OK)
    return 0;
  key = server_key_text (ssh->session);
  if (state == SSH_KNOWN_HOSTS_UNKNOWN && access (known_hosts, F_OK) == -1)
    state = SSH_KNOWN_HOSTS_NOT_FOUND;
  switch (state) {
  case SSH_KNOWN_HOSTS_CHANGED:
    ferry_error ("host key verification failed for '%s': its key (%s) is "
                 "not the one recorded in '%s': refused (someone may be "
                 "impersonating the host; if its key really changed, "
                 "correct that file)", ssh->name, key, known_hosts);
    break;
  case SSH_KNOWN_HOSTS_OTHER:
    ferry_error ("host key verification failed for '%s': '%s' records a key "
                 "of another type for it, not its key (%s): refused",
                 ssh->name, known_hosts, key);
    break;
  case SSH_KNOWN_HOSTS_NOT_FOUND:
    ferry_error ("host key verification failed for '%s': the known hosts "
                 "file '%s' does not exist (add the host's key, %s, once "
                 "you have checked it)", ssh->name, known_hosts, key);
    break;
  case SSH_KNOWN_HOSTS_UNKNOWN:
    ferry_error ("host key verification failed for '%s': the host is not in "
                 "'%s' (add its key, %s, once you have checked it, "
                 "e.g. with ssh-keyscan)", ssh->name, known_hosts, key);
    break;
  default:
    ferry_error ("host key verification failed for '%s': %s", ssh->name,
                 ssh_get_error (ssh->session));
    break;
  }
  return -1;
}

static int
authenticate (struct ferry_ssh *ssh, const struct ferry_ssh_config *config,
              const char *password)
{
  const char *user = config->user ? config->user : g_get_user_name ();
  int methods;
  int r;

  r = ssh_userauth_none (ssh->session, NULL);
  if (r == SSH_AUTH_SUCCESS)
    return 0;
  if (r == SSH_AUTH_ERROR)
    goto error;
  methods = ssh_userauth_list (ssh->session, NULL);

  if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
    r = ssh_userauth_publickey_auto (ssh->session, NULL, NULL);
    if (r == SSH_AUTH_SUCCESS)
      return 0;
    if (r == SSH_AUTH_ERROR)
      goto error;
  }

  if (password != NULL) {
    if (!(methods & SSH_AUTH_METHOD_PASSWORD)) {
      ferry_error ("cannot log in to '%s' as '%s': the server does not take "
                   "passwords%s", ssh->name, user,
                   methods & SSH_AUTH_METHOD_PUBLICKEY
                   ? ", and took none of the keys" : "");
      return -1;
    }
    r = ssh_userauth_password (ssh->session, NULL, password);
    if (r == SSH_AUTH_SUCCESS)
      return 0;
    if (r == SSH_AUTH_ERROR)
      goto error;
    if (config->password_file != NULL)
      ferry_error ("cannot log in to '%s' as '%s': the password in '%s' "
                   "was refused", ssh->name, user, config->password_file);
    else
      ferry_error ("cannot log in to '%s' as '%s': the password was "
                   "refused", ssh->name, user);
    return -1;
  }

  if (!(methods & SSH_AUTH_METHOD_PUBLICKEY))
    ferry_error ("cannot log in to '%s' as '%s': the server takes no public "
                 "key (give a password file)", ssh->name, user);
  else if (config->identity != NULL)
    ferry_error ("cannot log in to '%s' as '%s': the server took neither "
                 "the key in '%s' nor those of ssh-agent or ~/.ssh (a key "
                 "with a passphrase must be loaded in ssh-agent)",
                 ssh->name, user, config->identity);
  else
    ferry_error ("cannot log in to '%s' as '%s': the server took none of "
                 "the keys of ssh-agent or ~/.ssh (name a key file, or give "
                 "a password file)", ssh->name, user);
  return -1;

 error:
  ferry_error ("cannot log in to '%s' as '%s': %s", ssh->name, user,
               ssh_get_error (ssh->session));
  return -1;
}

#define CIPHERS "aes128-gcm@openssh.com,aes256-gcm@openssh.com," \
  "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr"

/* Apply CONFIG to the new session. */
static int
set_options (struct ferry_ssh *ssh, const struct ferry_ssh_config *config,
             const char *known_hosts)
{
  g_autofree char *known_hosts_option = ferry_ssh_escape_path (known_hosts);
  g_autofree char *identity_option = NULL;
  bool process_config = false;
  long timeout = SSH_TIMEOUT_SECONDS;
  int port = config->port ? config->port : 22;

  if (ssh_options_set (ssh->session, SSH_OPTIONS_HOST, config->host) != 0 ||
      ssh_options_set (ssh->session, SSH_OPTIONS_PORT, &port) != 0 ||
      ssh_options_set (ssh->session, SSH_OPTIONS_PROCESS_CONFIG,
                       &process_config) != 0 ||
      ssh_options_set (ssh->session, SSH_OPTIONS_KNOWNHOSTS,
                       known_hosts_option) != 0 ||
      ssh_options_set (ssh->session, SSH_OPTIONS_TIMEOUT, &timeout) != 0)
    goto error;
  /* AES-GCM first: with AES instructions it is the fastest cipher for
   * disk data, in libssh as in OpenSSH; chacha20-poly1305 for machines
   * without them.
   */
  if (ssh_options_set (ssh->session, SSH_OPTIONS_CIPHERS_C_S, CIPHERS) != 0 ||
      ssh_options_set (ssh->session, SSH_OPTIONS_CIPHERS_S_C, CIPHERS) != 0)
    goto error;
  if (config->user != NULL &&
      ssh_options_set (ssh->session, SSH_OPTIONS_USER, config->user) != 0)
    goto error;
  if (config->identity != NULL) {
    identity_option = ferry_ssh_escape_path (config->identity);
    if (ssh_options_set (ssh->session, SSH_OPTIONS_ADD_IDENTITY,
                         identity_option) != 0)
      goto error;
  }
  return 0;

 error:
  ferry_error ("cannot connect to '%s': %s", ssh->name,
               ssh_get_error (ssh->session));
  return -1;
}

struct ferry_ssh *
ferry_ssh_connect (const struct ferry_ssh_config *config)
{
  g_autoptr (ferry_ssh) ssh = g_new0 (struct ferry_ssh, 1);
  g_autofree char *default_known_hosts = NULL;
  const char *known_hosts = config->known_hosts;
  char *password = NULL;
  int r;

  ssh->name = host_port (config->host, config->port ? config->port : 22);
  if (known_hosts == NULL)
    known_hosts = default_known_hosts = ferry_ssh_default_known_hosts ();
  if (config->identity != NULL && access (config->identity, R_OK) == -1) {
    ferry_error_errno (errno, "cannot read the identity file '%s'",
                       config->identity);
    return NULL;
  }
  /* Read before connecting: a missing file costs no connection. */
  if (config->password_file != NULL &&
      (password = ferry_ssh_read_password (config->password_file)) == NULL)
    return NULL;
  if (config->password != NULL)
    password = g_strdup (config->password);

  ssh->session = ssh_new ();
  if (ssh->session == NULL) {
    ferry_error ("cannot connect to '%s': cannot create an SSH session",
                 ssh->name);
    goto fail;
  }
  if (set_options (ssh, config, known_hosts) == -1)
    goto fail;
  if (ssh_connect (ssh->session) != SSH_OK) {
    ferry_error ("cannot connect to '%s': %s", ssh->name,
                 ssh_get_error (ssh->session));
    goto fail;
  }
  if (config->host_key != NULL
      ? verify_fingerprint (ssh, config->host_key) == -1
      : verify_host_key (ssh, known_hosts) == -1)
    goto fail;
  r = authenticate (ssh, config, password);
  ferry_ssh_password_free (password);
  if (r == -1)
    return NULL;
  return g_steal_pointer (&ssh);

 fail:
  ferry_ssh_password_free (password);
  return NULL;
}

int
ferry_ssh_peek_host_key (const struct ferry_ssh_config *config,
                         char **fingerprint,
                         enum ferry_ssh_host_key_state *state)
{
  g_autoptr (ferry_ssh) ssh = g_new0 (struct ferry_ssh, 1);
  g_autofree char *default_known_hosts = NULL;
  struct ferry_ssh_config anonymous = *config;
  const char *known_hosts = config->known_hosts;

  ssh->name = host_port (config->host, config->port ? config->port : 22);
  if (known_hosts == NULL)
    known_hosts = default_known_hosts = ferry_ssh_default_known_hosts ();
  anonymous.identity = NULL;
  ssh->session = ssh_new ();
  if (ssh->session == NULL) {
    ferry_error ("cannot connect to '%s': cannot create an SSH session",
                 ssh->name);
    return -1;
  }
  if (set_options (ssh, &anonymous, known_hosts) == -1)
    return -1;
  if (ssh_connect (ssh->session) != SSH_OK) {
    ferry_error ("cannot connect to '%s': %s", ssh->name,
                 ssh_get_error (ssh->session));
    return -1;
  }
  *fingerprint = server_fingerprint (ssh->session);
  if (*fingerprint == NULL) {
    ferry_error ("cannot connect to '%s': the server showed no host key",
                 ssh->name);
    return -1;
  }
  switch (ssh_session_is_known_server (ssh->session)) {
  case SSH_KNOWN_HOSTS_OK: *state = FERRY_SSH_HOST_KEY_KNOWN; break;
  case SSH_KNOWN_HOSTS_CHANGED:
  case SSH_KNOWN_HOSTS_OTHER: *state = FERRY_SSH_HOST_KEY_CHANGED; break;
  default: *state = FERRY_SSH_HOST_KEY_UNKNOWN; break;
  }
  return 0;
}

void
ferry_ssh_close (struct ferry_ssh *ssh)
{
  if (ssh == NULL)
    return;
  if (ssh->sftp != NULL)
    sftp_free (ssh->sftp);
  if (ssh->session != NULL) {
    if (ssh_is_connected (ssh->session))
      ssh_disconnect (ssh->session);
    ssh_free (ssh->session);
  }
  g_free (ssh->name);
  g_free (ssh);
}

ssh_session
ferry_ssh_session (struct ferry_ssh *ssh)
{
  return ssh->session;
}

static ssize_t
stream_channel_read (struct ferry_stream *s, void *buf, size_t len)
{
  ssh_channel channel = s->handle;
  int n = ssh_channel_read_nonblocking (channel, buf, MIN (len, INT32_MAX),
                                        0);

  if (n > 0)
    return n;
  if (n == SSH_ERROR) {
    ferry_error ("connection to %s lost: %s", s->name,
                 ssh_get_error (ssh_channel_get_session (channel)));
    return -1;
  }
  /* Nothing now (0, or SSH_AGAIN), unless nothing ever will be. */
  if (ssh_channel_is_eof (channel)) {
    ferry_error ("%s closed the connection", s->name);
    return -1;
  }
  return 0;
}

static ssize_t
stream_channel_write (struct ferry_stream *s, const void *buf, size_t len)
{
  ssh_channel channel = s->handle;
  int n = ssh_channel_write (channel, buf, MIN (len, INT32_MAX));

  if (n == SSH_ERROR) {
    ferry_error ("connection to %s lost: %s", s->name,
                 ssh_get_error (ssh_channel_get_session (channel)));
    return -1;
  }
  return n > 0 ? n : 0;
}

static bool
stream_channel_buffered (struct ferry_stream *s)
{
  return ssh_channel_poll (s->handle, 0) > 0;
}

void
ferry_ssh_channel_stream (struct ferry_stream *s, ssh_channel channel,
                          const char *name)
{
  *s = (struct ferry_stream) {
    .name = name,
    .read_fd = ssh_get_fd (ssh_channel_get_session (channel)),
    .write_fd = -1,
    .read = stream_channel_read, .write = stream_channel_write,
    .buffered = stream_channel_buffered, .handle = channel,
  };
}

/* Start SFTP on the session, once. */
static int
sftp_start (struct ferry_ssh *ssh)
{
  if (ssh->sftp != NULL)
    return 0;
  ssh->sftp = sftp_new (ssh->session);
  if (ssh->sftp == NULL) {
    ferry_error ("cannot start SFTP on '%s': %s", ssh->name,
                 ssh_get_error (ssh->session));
    return -1;
  }
  if (sftp_init (ssh->sftp) != SSH_OK) {
    ferry_error ("cannot start SFTP on '%s': %s (is the SFTP subsystem "
                 "enabled on the server?)", ssh->name,
                 ssh_get_error (ssh->session));
    sftp_free (ssh->sftp);
    ssh->sftp = NULL;
    return -1;
  }
  return 0;
}

/* Record the failure of the last SFTP request: "VERB 'FILE': CAUSE". */
static void
sftp_failed (struct ferry_ssh *ssh, const char *verb, const char *file)
{
  int errnum = 0;

  switch (sftp_get_error (ssh->sftp)) {
  case SSH_FX_NO_SUCH_FILE:
  case SSH_FX_NO_SUCH_PATH:
    errnum = ENOENT;
    break;
  case SSH_FX_PERMISSION_DENIED:
    errnum = EACCES;
    break;
  case SSH_FX_FAILURE:
    errnum = EIO;
    break;
  }
  if (errnum != 0)
    ferry_error_errno (errnum, "%s '%s'", verb, file);
  else
    ferry_error ("%s '%s': %s", verb, file, ssh_get_error (ssh->session));
}

char *
ferry_ssh_realpath (struct ferry_ssh *ssh, const char *path,
                    const char *url_display)
{
  const char *file = url_display ? url_display : path;
  char *real;
  char *copy;

  if (sftp_start (ssh) == -1)
    return NULL;
  real = sftp_canonicalize_path (ssh->sftp, path);
  if (real == NULL) {
    sftp_failed (ssh, "cannot open", file);
    return NULL;
  }
  /* An answer that is not an absolute path cannot be checked. */
  if (real[0] != '/') {
    ferry_error ("cannot open '%s': the server resolves it to '%s', not an "
                 "absolute path", file, real);
    ssh_string_free_char (real);
    return NULL;
  }
  copy = g_strdup (real);
  ssh_string_free_char (real);
  return copy;
}

int
ferry_ssh_stat (struct ferry_ssh *ssh, const char *path,
                const char *url_display, struct ferry_ssh_file_info *info)
{
  const char *file = url_display ? url_display : path;
  sftp_attributes attrs;

  if (sftp_start (ssh) == -1)
    return -1;
  attrs = sftp_stat (ssh->sftp, path);
  if (attrs == NULL) {
    sftp_failed (ssh, "cannot open", file);
    return -1;
  }
  info->size = attrs->size;
  info->regular = attrs->type == SSH_FILEXFER_TYPE_REGULAR;
  if (!(attrs->flags & SSH_FILEXFER_ATTR_SIZE) && info->regular) {
    sftp_attributes_free (attrs);
    ferry_error ("cannot open '%s': the server does not tell its size", file);
    return -1;
  }
  sftp_attributes_free (attrs);
  return 0;
}

/* Read up to MAX bytes from FILE's current position into BUF. */
static int
read_upto (struct ferry_ssh *ssh, sftp_file handle, const char *file,
           char *buf, size_t max, size_t *len)
{
  size_t size = 0;

  while (size < max) {
    size_t want = MIN (max - size, READ_CHUNK);
    ssize_t r = sftp_read (handle, buf + size, want);

    if (r < 0) {
      sftp_failed (ssh, "cannot read", file);
      return -1;
    }
    if (r == 0)
      break;
    size += r;
  }
  *len = size;
  return 0;
}

/* Open PATH for reading over SFTP; errors name it FILE. */
static sftp_file
open_remote (struct ferry_ssh *ssh, const char *path, const char *file)
{
  sftp_file handle;

  if (sftp_start (ssh) == -1)
    return NULL;
  handle = sftp_open (ssh->sftp, path, O_RDONLY, 0);
  if (handle == NULL)
    sftp_failed (ssh, "cannot open", file);
  return handle;
}

char *
ferry_ssh_read (struct ferry_ssh *ssh, const char *path,
                const char *url_display, uint64_t offset, size_t max,
                size_t *len)
{
  const char *file = url_display ? url_display : path;
  g_autofree char *buf = NULL;
  sftp_file handle;
  int r;

  handle = open_remote (ssh, path, file);
  if (handle == NULL)
    return NULL;
  if (sftp_seek64 (handle, offset) != 0) {
    sftp_failed (ssh, "cannot read", file);
    sftp_close (handle);
    return NULL;
  }
  buf = g_malloc (max + 1);
  r = read_upto (ssh, handle, file, buf, max, len);
  sftp_close (handle);
  if (r == -1)
    return NULL;
  buf[*len] = '\0';
  return g_steal_pointer (&buf);
}

char *
ferry_ssh_read_file (struct ferry_ssh *ssh, const char *path,
                     const char *url_display, size_t max, const char *what,
                     size_t *len)
{
  const char *file = url_display ? url_display : path;
  g_autofree char *buf = NULL;
  sftp_attributes attrs;
  sftp_file handle;
  int r;

  handle = open_remote (ssh, path, file);
  if (handle == NULL)
    return NULL;
  attrs = sftp_fstat (handle);
  if (attrs == NULL) {
    sftp_failed (ssh, "cannot read", file);
    goto fail;
  }
  if (attrs->type != SSH_FILEXFER_TYPE_REGULAR) {
    ferry_error ("cannot read '%s': not a regular file", file);
    sftp_attributes_free (attrs);
    goto fail;
  }
  if (attrs->size > max) {
    ferry_error ("cannot parse '%s': larger than %zu MiB, not %s",
                 file, max >> 20, what);
    sftp_attributes_free (attrs);
    goto fail;
  }
  sftp_attributes_free (attrs);

  /* One byte more than the limit: a file that grew is caught too. */
  buf = g_malloc (max + 2);
  r = read_upto (ssh, handle, file, buf, max + 1, len);
  sftp_close (handle);
  if (r == -1)
    return NULL;
  buf[*len] = '\0';
  return g_steal_pointer (&buf);

 fail:
  sftp_close (handle);
  return NULL;
}

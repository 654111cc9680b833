/* ferry: SSH sessions and SFTP, with libssh.
 *
 * ferry-v2v -it ssh reads a VMware guest's .vmx and VMDK descriptors
 * from the VMware host over SFTP; ferry-p2v talks to the conversion
 * server over SSH.  Both connect through here, one way:
 *
 *   - the server's host key must already be in a known hosts file (by
 *     default ~/.ssh/known_hosts, plus libssh's global
 *     /etc/ssh/ssh_known_hosts).  An unknown or different key is an
 *     error and nothing more happens: there is no prompt and no trust on
 *     first use;
 *   - then ferry logs in by public key (an identity file if one is named,
 *     then ssh-agent and the default keys ~/.ssh/id_*), then by password
 *     if a password file is named.  Keys protected by a passphrase must
 *     be loaded in ssh-agent;
 *   - SSH configuration files (~/.ssh/config, /etc/ssh/ssh_config) are
 *     not read: ferry connects to exactly what the command line names.
 *
 * nbdkit's ssh plugin, which serves the remote disks, is given the same
 * host, port, user, files and no configuration (config=), so that it
 * connects the same way.
 *
 * Passwords live in files, never in argv.  A password is the first line
 * of its file, without the newline, as nbdkit's password=+FILE reads it.
 */
#ifndef FERRY_SSH_H
#define FERRY_SSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <libssh/libssh.h>

/* A remote file named as ssh://[USER@]HOST[:PORT]/PATH. */
struct ferry_ssh_url {
  char *user;              /* NULL: the local user name */
  char *host;              /* a host name or address; IPv6 without [] */
  int port;                /* 1-65535; 22 when the URL has none */
  char *path;              /* absolute, %-escapes decoded */
};

/* Parse URL into *OUT (cleared first; free it with ferry_ssh_url_clear).
 * The scheme is "ssh" (any case).  Characters URLs reserve are written
 * %XX (a space may also be written as it is).  Refused, with an error
 * naming URL: another scheme, no host, a password ("user:pw@": use a
 * password file), an empty user name, port 0, a query or fragment, no
 * file (an empty path or "/"), a path ending in '/', invalid %-escapes,
 * a decoded path or user holding a NUL or invalid UTF-8.  Dot segments
 * ("/a/../b") are resolved as in any URL.  Returns 0 or -1.
 */
int ferry_ssh_url_parse (const char *url, struct ferry_ssh_url *out);

/* Free what *URL holds and zero it. */
void ferry_ssh_url_clear (struct ferry_ssh_url *url);
typedef struct ferry_ssh_url ferry_ssh_url;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ferry_ssh_url, ferry_ssh_url_clear)

/* The URL of PATH (absolute) on URL's host, with URL's user and port (a
 * port of 22 is left out), escaped as needed: for messages and for
 * --print-source.  In a new string.
 */
char *ferry_ssh_url_for_path (const struct ferry_ssh_url *url,
                              const char *path);

/* FILE with every '%' doubled, in a new string.  libssh and nbdkit's ssh
 * plugin expand %d, %u, %h... in the names of identity and known hosts
 * files; a '%' in a real file name must be escaped for them.
 */
char *ferry_ssh_escape_path (const char *file);

/* How to reach a host and log in.  File names should be absolute. */
struct ferry_ssh_config {
  const char *host;
  int port;                /* 0: 22 */
  const char *user;        /* NULL: the local user name */
  const char *known_hosts; /* NULL: ~/.ssh/known_hosts */
  const char *identity;    /* private key tried first, or NULL */
  const char *password_file; /* password tried after the keys, or NULL */
  const char *password;    /* or the password itself (ferry-p2v, from its
                            * kernel command line); never both */
  const char *host_key;    /* the host key's fingerprint as ssh-keygen -l
                            * prints it ("SHA256:base64"): when set, the
                            * key must have it, and known_hosts is not
                            * read */
};

/* ~/.ssh/known_hosts, in a new string. */
char *ferry_ssh_default_known_hosts (void);

/* Read the password in FILE: its first line, without the newline, in a
 * new string to release with ferry_ssh_password_free.  NULL with an error
 * naming FILE if it cannot be read (or is larger than 4096 bytes).
 */
char *ferry_ssh_read_password (const char *file);

/* Overwrite PASSWORD, then free it.  NULL is allowed. */
void ferry_ssh_password_free (char *password);

struct ferry_ssh;

/* Connect to CONFIG->host, check its host key, log in.  Returns the
 * session, or NULL with one error saying which step failed and why:
 *   cannot connect to '[HOST]:PORT': REASON
 *   host key verification failed for '[HOST]:PORT': ...
 *   cannot log in to '[HOST]:PORT' as 'USER': ...
 */
struct ferry_ssh *ferry_ssh_connect (const struct ferry_ssh_config *config);

/* Which step of ferry_ssh_connect_why failed. */
enum ferry_ssh_failure {
  FERRY_SSH_FAILED_SETUP,            /* before connecting: a file that
                                        cannot be read, a bad option */
  FERRY_SSH_FAILED_CONNECT,          /* the host was not reached, or the
                                        SSH handshake failed */
  FERRY_SSH_FAILED_HOST_KEY_UNKNOWN, /* no key is recorded for the host
                                        (or there is no known hosts file) */
  FERRY_SSH_FAILED_HOST_KEY_CHANGED, /* the host's key is not the one
                                        recorded, or not of the expected
                                        fingerprint: maybe an impostor */
  FERRY_SSH_FAILED_HOST_KEY,         /* the key could not be checked */
  FERRY_SSH_FAILED_LOGIN,            /* the server took no key or
                                        password */
};

/* ferry_ssh_connect, also saying, when it fails, which step did in
 * *FAILURE (may be NULL).  *FINGERPRINT (FINGERPRINT may be NULL) gets
 * the host key's fingerprint ("SHA256:base64", no padding; caller frees)
 * as soon as the key is known, success or not; NULL when the host was
 * not reached.  The errors are those of ferry_ssh_connect.
 */
struct ferry_ssh *ferry_ssh_connect_why (const struct ferry_ssh_config *config,
                                         enum ferry_ssh_failure *failure,
                                         char **fingerprint);


/* Disconnect and free SSH.  NULL is allowed. */
void ferry_ssh_close (struct ferry_ssh *ssh);
typedef struct ferry_ssh ferry_ssh;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_ssh, ferry_ssh_close)

/* The libssh session, to open channels on (the session stays SSH's). */
ssh_session ferry_ssh_session (struct ferry_ssh *ssh);

struct ferry_stream;

/* Make S a stream (pump.h) over CHANNEL, an open channel of a blocking
 * session: reading takes what the other end writes on its standard
 * output (its standard error stays in the channel for the caller),
 * writing sends to its standard input.  Reading never waits; writing
 * waits for the channel's window, as libssh does.  NAME names the other
 * end in messages ("the conversion server").
 */
void ferry_ssh_channel_stream (struct ferry_stream *s, ssh_channel channel,
                               const char *name);

/* SFTP.  PATH is a path on the server.  Errors name the remote file as
 * URL_DISPLAY says (ferry_ssh_url_for_path) when it is not NULL, else
 * as PATH; the cause is worded as strerror would ("No such file or
 * directory", "Permission denied") when SFTP says which.
 */

struct ferry_ssh_file_info {
  uint64_t size;           /* bytes */
  bool regular;            /* a regular file (not a folder, device...) */
};

/* The absolute path PATH leads to on the server, every symbolic link
 * followed (the server's realpath), in a new string; NULL with the error
 * set (PATH must exist).
 */
char *ferry_ssh_realpath (struct ferry_ssh *ssh, const char *path,
                          const char *url_display);

/* Facts about PATH (symbolic links followed).  Returns 0 or -1. */
int ferry_ssh_stat (struct ferry_ssh *ssh, const char *path,
                    const char *url_display, struct ferry_ssh_file_info *info);

/* Read up to MAX bytes of PATH from byte OFFSET into a new buffer (*LEN
 * bytes, NUL-terminated; fewer than MAX only at the end of the file).
 * NULL with the error set on failure.
 */
char *ferry_ssh_read (struct ferry_ssh *ssh, const char *path,
                      const char *url_display, uint64_t offset, size_t max,
                      size_t *len);

/* Read PATH whole into a new buffer (*LEN bytes, NUL-terminated),
 * refusing anything but a regular file of at most MAX bytes, as
 * ferry_input_read_file does for a local file: WHAT names the kind of
 * file expected ("a VMX file"), and *LEN may come out at MAX + 1 when the
 * file grew meanwhile.  NULL with the error set on failure.
 */
char *ferry_ssh_read_file (struct ferry_ssh *ssh, const char *path,
                           const char *url_display, size_t max,
                           const char *what, size_t *len);

#endif /* FERRY_SSH_H */

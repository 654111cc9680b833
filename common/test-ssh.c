/* Unit test: ssh:// URLs, file name escapes and password files (ssh.h).
 * Connecting is tested against a private sshd by
 * tests/test-v2v-vmx-ssh.sh.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "ssh.h"
#include "tap.h"
#include "banned.h"

/* Parse URL: ERROR NULL: it must give USER, HOST, PORT and PATH; else the
 * parse must fail with an error holding ERROR (and naming the URL).
 */
static const struct {
  const char *url;
  const char *user, *host;
  int port;
  const char *path;
  const char *error;
} url_cases[] = {
  { "ssh://root@esxi.example.com/vmfs/volumes/datastore1/web/web.vmx",
    "root", "esxi.example.com", 22,
    "/vmfs/volumes/datastore1/web/web.vmx", NULL },
  { "ssh://esxi/vm/guest.vmx", NULL, "esxi", 22, "/vm/guest.vmx", NULL },
  { "ssh://root@127.0.0.1:2222/a/b.vmx", "root", "127.0.0.1", 2222,
    "/a/b.vmx", NULL },
  { "ssh://h:22/x.vmx", NULL, "h", 22, "/x.vmx", NULL },
  { "ssh://h:65535/x.vmx", NULL, "h", 65535, "/x.vmx", NULL },
  { "ssh://h:1/x.vmx", NULL, "h", 1, "/x.vmx", NULL },
  { "SSH://h/x.vmx", NULL, "h", 22, "/x.vmx", NULL },
  { "ssh://[::1]:2200/x.vmx", NULL, "::1", 2200, "/x.vmx", NULL },
  { "ssh://[fe80::1]/x.vmx", NULL, "fe80::1", 22, "/x.vmx", NULL },
  /* Escapes, spaces, dot segments. */
  { "ssh://h/datastore%201/x%25y%3F%23.vmx", NULL, "h", 22,
    "/datastore 1/x%y?#.vmx", NULL },
  { "ssh://h/my vm/my vm.vmx", NULL, "h", 22, "/my vm/my vm.vmx", NULL },
  { "ssh://r%40x@h/x", "r@x", "h", 22, "/x", NULL },
  { "ssh://h/a/../b.vmx", NULL, "h", 22, "/b.vmx", NULL },
  { "ssh://h/caf%C3%A9.vmx", NULL, "h", 22, "/caf\xc3\xa9.vmx", NULL },
  /* Refused. */
  { "", NULL, NULL, 0, NULL, "invalid URL ''" },
  { "guest.vmx", NULL, NULL, 0, NULL, "invalid URL 'guest.vmx'" },
  { "/vm/guest.vmx", NULL, NULL, 0, NULL, "invalid URL '/vm/guest.vmx'" },
  { "http://h/x.vmx", NULL, NULL, 0, NULL, "it must start with ssh://" },
  { "sftp://h/x.vmx", NULL, NULL, 0, NULL, "it must start with ssh://" },
  { "ssh:/x.vmx", NULL, NULL, 0, NULL, "no host" },
  { "ssh:///x.vmx", NULL, NULL, 0, NULL, "no host" },
  { "ssh://root:secret@h/x.vmx", NULL, NULL, 0, NULL,
    "a password must not be written in a URL" },
  { "ssh://root:@h/x.vmx", NULL, NULL, 0, NULL,
    "a password must not be written in a URL" },
  { "ssh://@h/x.vmx", NULL, NULL, 0, NULL, "empty user name" },
  { "ssh://h:0/x.vmx", NULL, NULL, 0, NULL, "port 0" },
  { "ssh://h:65536/x.vmx", NULL, NULL, 0, NULL, "invalid URL" },
  { "ssh://h:99999999999999999999/x.vmx", NULL, NULL, 0, NULL,
    "invalid URL" },
  { "ssh://h:ssh/x.vmx", NULL, NULL, 0, NULL, "invalid URL" },
  { "ssh://h/x.vmx?a=b", NULL, NULL, 0, NULL, "no '?' or '#' part" },
  { "ssh://h/x.vmx#top", NULL, NULL, 0, NULL, "no '?' or '#' part" },
  { "ssh://h", NULL, NULL, 0, NULL, "no file after the host" },
  { "ssh://h/", NULL, NULL, 0, NULL, "no file after the host" },
  { "ssh://h/vm/", NULL, NULL, 0, NULL, "it names a folder" },
  { "ssh://h/%zz.vmx", NULL, NULL, 0, NULL, "invalid URL" },
  { "ssh://h/a%00b.vmx", NULL, NULL, 0, NULL, "invalid URL" },
  { "ssh://h/a%FFb.vmx", NULL, NULL, 0, NULL, "invalid URL" },
  { "ssh://[::1/x.vmx", NULL, NULL, 0, NULL, "invalid URL" },
};

static bool
same (const char *a, const char *b)
{
  return a == b || (a != NULL && b != NULL && strcmp (a, b) == 0);
}

static void
test_url (size_t i)
{
  g_auto (ferry_ssh_url) url = { 0 };
  int r;

  ferry_error_clear ();
  r = ferry_ssh_url_parse (url_cases[i].url, &url);
  if (url_cases[i].error == NULL) {
    if (r == -1)
      printf ("# error: %s\n", ferry_error_get ());
    else if (!same (url.user, url_cases[i].user) ||
             !same (url.host, url_cases[i].host) ||
             url.port != url_cases[i].port ||
             !same (url.path, url_cases[i].path))
      printf ("# got user=%s host=%s port=%d path=%s\n",
              url.user ? url.user : "(null)", url.host, url.port, url.path);
    tap_ok (r == 0 && same (url.user, url_cases[i].user) &&
            same (url.host, url_cases[i].host) &&
            url.port == url_cases[i].port &&
            same (url.path, url_cases[i].path),
            "parse '%s'", url_cases[i].url);
  }
  else {
    g_autofree char *quoted = g_strdup_printf ("'%s'", url_cases[i].url);
    const char *err = ferry_error_get ();

    if (r == 0 || strstr (err, url_cases[i].error) == NULL)
      printf ("# got r=%d, error: %s\n", r, err);
    tap_ok (r == -1 && strstr (err, url_cases[i].error) != NULL &&
            strstr (err, quoted) != NULL && url.host == NULL &&
            url.path == NULL,
            "refuse '%s'", url_cases[i].url);
  }
}

/* The URL of a path, and back. */
static const struct {
  const char *user, *host;
  int port;
  const char *path;
  const char *url;
} for_path_cases[] = {
  { "root", "esxi", 22, "/vmfs/volumes/ds1/web/web-flat.vmdk",
    "ssh://root@esxi/vmfs/volumes/ds1/web/web-flat.vmdk" },
  { NULL, "esxi", 2222, "/x.vmdk", "ssh://esxi:2222/x.vmdk" },
  { "root", "::1", 2200, "/x.vmdk", "ssh://root@[::1]:2200/x.vmdk" },
  { "r@x", "h", 22, "/a b/c%d?#.vmdk", "ssh://r%40x@h/a%20b/c%25d%3F%23.vmdk" },
};

static void
test_for_path (size_t i)
{
  struct ferry_ssh_url in = {
    .user = (char *) for_path_cases[i].user,
    .host = (char *) for_path_cases[i].host,
    .port = for_path_cases[i].port,
    .path = (char *) "/unused",
  };
  g_auto (ferry_ssh_url) back = { 0 };
  g_autofree char *url = ferry_ssh_url_for_path (&in,
                                                 for_path_cases[i].path);

  if (strcmp (url, for_path_cases[i].url) != 0)
    printf ("# got %s\n", url);
  tap_ok (strcmp (url, for_path_cases[i].url) == 0 &&
          ferry_ssh_url_parse (url, &back) == 0 &&
          same (back.user, in.user) && same (back.host, in.host) &&
          back.port == in.port && same (back.path, for_path_cases[i].path),
          "the URL of '%s' is '%s', and parses back",
          for_path_cases[i].path, for_path_cases[i].url);
}

static const struct {
  const char *in, *out;
} escape_cases[] = {
  { "/root/.ssh/known_hosts", "/root/.ssh/known_hosts" },
  { "/keys/100%/id", "/keys/100%%/id" },
  { "%d%%", "%%d%%%%" },
  { "", "" },
};

/* Write CONTENT (LEN bytes) to a new file in DIR; the password read must
 * be WANT, or with WANT NULL reading must fail with an error naming the
 * file.
 */
static const struct {
  const char *content;
  size_t len;
  const char *want;
  const char *what;
} password_cases[] = {
  { "secret\n", 7, "secret", "one line" },
  { "secret", 6, "secret", "no final newline" },
  { "first\nsecond\n", 13, "first", "the first line only" },
  { "", 0, "", "an empty file: an empty password" },
  { "\n", 1, "", "an empty line: an empty password" },
  { "pa ss\r\n", 7, "pa ss\r", "spaces and a CR are kept, as nbdkit does" },
};

static void
test_password (const char *dir, size_t i)
{
  g_autofree char *file = g_strdup_printf ("%s/pw%zu", dir, i);
  char *password;

  g_file_set_contents (file, password_cases[i].content,
                       password_cases[i].len, NULL);
  password = ferry_ssh_read_password (file);
  tap_ok (password != NULL && strcmp (password, password_cases[i].want) == 0,
          "password file: %s", password_cases[i].what);
  ferry_ssh_password_free (password);
  unlink (file);
}

static void
test_password_errors (const char *dir)
{
  g_autofree char *missing = g_strdup_printf ("%s/missing", dir);
  g_autofree char *large = g_strdup_printf ("%s/large", dir);
  g_autofree char *big = g_strnfill (4097, 'x');
  char *password;

  password = ferry_ssh_read_password (missing);
  tap_ok (password == NULL &&
          strstr (ferry_error_get (), missing) != NULL &&
          strstr (ferry_error_get (), "No such file") != NULL,
          "a missing password file is an error naming it");
  password = ferry_ssh_read_password (dir);
  tap_ok (password == NULL && strstr (ferry_error_get (), dir) != NULL &&
          strstr (ferry_error_get (), "not a regular file") != NULL,
          "a folder is not a password file");
  g_file_set_contents (large, big, -1, NULL);
  password = ferry_ssh_read_password (large);
  tap_ok (password == NULL && strstr (ferry_error_get (), large) != NULL,
          "a password file larger than 4096 bytes is refused");
  unlink (large);
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ferry-test-ssh.XXXXXX", NULL);
  g_autofree char *known_hosts = ferry_ssh_default_known_hosts ();
  size_t i;

  tap_plan (G_N_ELEMENTS (url_cases) + G_N_ELEMENTS (for_path_cases) +
            G_N_ELEMENTS (escape_cases) + G_N_ELEMENTS (password_cases) +
            3 + 1);
  for (i = 0; i < G_N_ELEMENTS (url_cases); i++)
    test_url (i);
  for (i = 0; i < G_N_ELEMENTS (for_path_cases); i++)
    test_for_path (i);
  for (i = 0; i < G_N_ELEMENTS (escape_cases); i++) {
    g_autofree char *out = ferry_ssh_escape_path (escape_cases[i].in);
    tap_ok (strcmp (out, escape_cases[i].out) == 0, "escape '%s' as '%s'",
            escape_cases[i].in, escape_cases[i].out);
  }
  for (i = 0; i < G_N_ELEMENTS (password_cases); i++)
    test_password (dir, i);
  test_password_errors (dir);
  tap_ok (g_str_has_prefix (known_hosts, g_get_home_dir ()) &&
          g_str_has_suffix (known_hosts, "/.ssh/known_hosts"),
          "the default known hosts file is ~/.ssh/known_hosts");
  rmdir (dir);
  return tap_done ();
}

/* Unit test: the configuration from the p2v.* keys (settings.h).
 *
 * A table of command lines: each good one must give the expected value
 * (as the dump writes it) to one key, each bad one must be refused with
 * the expected message.  Then the whole dump of the defaults, the
 * password that never shows, the helpers (sizes, commands, identity), the
 * resolution against a machine, and the man page: every key of the table
 * is documented in p2v-gui/headless/ferry-p2v.pod, and every key documented there
 * is in the table.
 */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "settings.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define HOSTKEY "SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSY"
#define POD "p2v-gui/headless/ferry-p2v.pod"

static const struct parse_case {
  const char *line;
  const char *key;          /* NULL: LINE is refused */
  const char *value;        /* the dump's value of KEY; or the error's
                               beginning */
} cases[] = {
  /* Defaults. */
  { "", "p2v.port", "22" },
  { "", "p2v.username", "\"root\"" },
  { "", "p2v.server", "<unset>" },
  { "", "p2v.disks", "<all fixed disks>" },
  { "", "p2v.oo", "[]" },
  /* Strings, quotes, aliases, the last one wins. */
  { "p2v.server=conv.example.com", "p2v.server", "\"conv.example.com\"" },
  { "p2v.remote.server=192.0.2.1", "p2v.server", "\"192.0.2.1\"" },
  { "p2v.server=[2001:db8::1]", "p2v.server", "\"[2001:db8::1]\"" },
  { "p2v.server=a p2v.server=b", "p2v.server", "\"b\"" },
  { "p2v.name=\"web 01\"", "p2v.name", "\"web 01\"" },
  { "\"p2v.name=it's \\\"", "p2v.name", "\"it's \\\\\"" },
  { "p2v.name=caf\xc3\xa9", "p2v.name", "\"caf\xc3\xa9\"" },
  { "p2v.guestname=x", "p2v.name", "\"x\"" },
  { "root=/dev/sda1 quiet p2v=1 P2V.server=x p2vserver=y -- init=/bin/sh",
    "p2v.server", "<unset>" },
  { "ro -- p2v.server=after", "p2v.server", "\"after\"" },
  /* Numbers. */
  { "p2v.port=1", "p2v.port", "1" },
  { "p2v.port=65535", "p2v.port", "65535" },
  { "p2v.port=22 p2v.remote.port=2222", "p2v.port", "2222" },
  { "p2v.port=0022", "p2v.port", "22" },
  { "p2v.vcpus=4096", "p2v.vcpus", "4096" },
  { "p2v.vcpu.cores=2", "p2v.vcpus", "2" },
  /* Booleans. */
  { "p2v.sudo", "p2v.sudo", "true" },
  { "p2v.sudo=", "p2v.sudo", "true" },
  { "p2v.sudo=YES", "p2v.sudo", "true" },
  { "p2v.sudo=on", "p2v.sudo", "true" },
  { "p2v.sudo=0", "p2v.sudo", "false" },
  { "p2v.sudo p2v.sudo=off", "p2v.sudo", "false" },
  { "p2v.auth.sudo=t", "p2v.sudo", "true" },
  { "p2v.verbose", "p2v.verbose", "true" },
  /* Memory. */
  { "p2v.memory=1024M", "p2v.memory", "1G" },
  { "p2v.memory=1536M", "p2v.memory", "1536M" },
  { "p2v.memory=4G", "p2v.memory", "4G" },
  { "p2v.memory=4GiB", "p2v.memory", "4G" },
  { "p2v.memory=2048k", "p2v.memory", "2M" },
  { "p2v.memory=1025K", "p2v.memory", "1025K" },
  { "p2v.memory=1M", "p2v.memory", "1M" },
  { "p2v.memory=2T", "p2v.memory", "2T" },
  { "p2v.memory=15E", "p2v.memory", "15E" },
  /* Lists. */
  { "p2v.disks=sda", "p2v.disks", "[\"sda\"]" },
  { "p2v.disks=sda p2v.disks=sdb,nvme0n1", "p2v.disks",
    "[\"sda\", \"sdb\", \"nvme0n1\"]" },
  { "p2v.removable=", "p2v.removable", "[]" },
  { "p2v.removable= p2v.removable=sr0", "p2v.removable", "[\"sr0\"]" },
  { "p2v.interfaces=eth0,enp1s0f0np0", "p2v.interfaces",
    "[\"eth0\", \"enp1s0f0np0\"]" },
  { "p2v.oo=a=1,b p2v.output.misc=a=1", "p2v.oo",
    "[\"a=1\", \"b\", \"a=1\"]" },
  { "p2v.network=em1:ovirtmgmt,em2:management,other", "p2v.network",
    "[\"em1:ovirtmgmt\", \"em2:management\", \"other\"]" },
  { "p2v.network=em1:a p2v.network_map=b", "p2v.network",
    "[\"em1:a\", \"b\"]" },
  { "p2v.network=em1:a:b", "p2v.network", "[\"em1:a:b\"]" },
  /* Choices and checked strings. */
  { "p2v.oa=preallocated", "p2v.oa", "\"preallocated\"" },
  { "p2v.output.format=qcow2", "p2v.of", "\"qcow2\"" },
  { "p2v.o=libvirt p2v.oc=qemu:///system p2v.os=default", "p2v.oc",
    "\"qemu:///system\"" },
  { "p2v.identity=file:///root/.ssh/id_ed25519", "p2v.identity",
    "\"file:///root/.ssh/id_ed25519\"" },
  { "p2v.identity=file://localhost/k", "p2v.identity",
    "\"file://localhost/k\"" },
  { "p2v.hostkey=" HOSTKEY, "p2v.hostkey", "\"" HOSTKEY "\"" },
  { "p2v.pre=\"logger -t p2v 'a b'\"", "p2v.pre",
    "\"logger -t p2v 'a b'\"" },
  { "p2v.post=", "p2v.post", "\"\"" },
  { "p2v.fail=reboot", "p2v.fail", "\"reboot\"" },
  /* The password is never shown. */
  { "p2v.password=\"s3cret pass\"", "p2v.password", "<hidden>" },
  { "p2v.password=", "p2v.password", "<hidden>" },
  { "p2v.password=a\tb", "p2v.password", "<hidden>" },

  /* Unknown keys. */
  { "p2v.sever=x", NULL, "unknown key 'p2v.sever' on the kernel command "
    "line (did you mean 'p2v.server'?)" },
  { "p2v.disk=sda", NULL, "unknown key 'p2v.disk' on the kernel command "
    "line (did you mean 'p2v.disks'?)" },
  { "p2v.frobnicate=1", NULL, "unknown key 'p2v.frobnicate' on the kernel "
    "command line\001" },
  { "p2v.cpu.vendor=Intel", NULL, "'p2v.cpu.vendor' is a virt-p2v key that "
    "ferry-p2v does not take" },
  { "p2v.dump_config_and_exit", NULL, "'p2v.dump_config_and_exit' is a "
    "virt-p2v key" },
  { "p2v.Server=x", NULL, "malformed key 'p2v....' on the kernel command "
    "line: a key is made of a-z, 0-9, '.', '_' and '-', and '=' comes "
    "before its value" },
  { "\"p2v.password s3cret\"", NULL, "malformed key 'p2v.password...'" },
  /* Values missing or empty. */
  { "p2v.port", NULL, "p2v.port needs a value: p2v.port=PORT" },
  { "p2v.server", NULL, "p2v.server needs a value: p2v.server=SERVER" },
  { "p2v.disks", NULL, "p2v.disks needs a value: p2v.disks=DISK,..." },
  { "p2v.server=", NULL, "p2v.server: the value is empty" },
  /* Numbers. */
  { "p2v.port=abc", NULL, "p2v.port 'abc': not a number" },
  { "p2v.port=22x", NULL, "p2v.port '22x': not a number" },
  { "p2v.port=-1", NULL, "p2v.port '-1': not a number" },
  { "p2v.port=+22", NULL, "p2v.port '+22': not a number" },
  { "p2v.port=\" 22\"", NULL, "p2v.port ' 22': not a number" },
  { "p2v.port=0", NULL, "p2v.port '0': must be from 1 to 65535" },
  { "p2v.port=65536", NULL, "p2v.port '65536': must be from 1 to 65535" },
  { "p2v.port=99999999999999999999", NULL,
    "p2v.port '99999999999999999999': must be from 1 to 65535" },
  { "p2v.remote.port=x", NULL, "p2v.remote.port 'x': not a number" },
  { "p2v.vcpus=0", NULL, "p2v.vcpus '0': must be from 1 to 4096" },
  { "p2v.vcpus=4097", NULL, "p2v.vcpus '4097': must be from 1 to 4096" },
  { "p2v.sudo=maybe", NULL, "p2v.sudo 'maybe': must be true or false "
    "(or yes/no, on/off, 1/0)" },
  /* Memory. */
  { "p2v.memory=4096", NULL,
    "p2v.memory '4096': give a unit, as in 4096M or 4096G" },
  { "p2v.memory=4GB", NULL, "p2v.memory '4GB': not a size: a number and a "
    "unit, K, M, G, T, P or E (1536M, 4G)" },
  { "p2v.memory=4g", NULL, "p2v.memory '4g': not a size" },
  { "p2v.memory=4Z", NULL, "p2v.memory '4Z': not a size" },
  { "p2v.memory=G", NULL, "p2v.memory 'G': not a size" },
  { "p2v.memory=-1G", NULL, "p2v.memory '-1G': not a size" },
  { "p2v.memory=1.5G", NULL, "p2v.memory '1.5G': not a size" },
  { "p2v.memory=512K", NULL, "p2v.memory '512K': must be at least 1M" },
  { "p2v.memory=0G", NULL, "p2v.memory '0G': must be at least 1M" },
  { "p2v.memory=16E", NULL, "p2v.memory '16E': too big" },
  { "p2v.memory=99999999999999999999M", NULL,
    "p2v.memory '99999999999999999999M': too big" },
  /* Choices. */
  { "p2v.oa=thick", NULL, "p2v.oa 'thick': must be sparse or preallocated" },
  { "p2v.of=vmdk", NULL, "p2v.of 'vmdk': must be raw or qcow2" },
  { "p2v.output.format=RAW", NULL,
    "p2v.output.format 'RAW': must be raw or qcow2" },
  { "p2v.o=LOCAL", NULL, "p2v.o 'LOCAL': not an output type" },
  /* Lists. */
  { "p2v.disks=sda,,sdb", NULL,
    "p2v.disks 'sda,,sdb': an element of the list is empty" },
  { "p2v.disks=sda,", NULL, "p2v.disks 'sda,': an element of the list is "
    "empty" },
  { "p2v.disks=sda p2v.disks=sdb,sda", NULL,
    "p2v.disks: 'sda' is listed twice" },
  { "p2v.disks=/dev/sda", NULL,
    "p2v.disks '/dev/sda': name the device without /dev/ ('sda')" },
  { "p2v.disks=SDA", NULL, "p2v.disks 'SDA': not a kernel device name" },
  { "p2v.removable=sr0,sr0", NULL, "p2v.removable: 'sr0' is listed twice" },
  { "p2v.interfaces=eth0/1", NULL,
    "p2v.interfaces 'eth0/1': not a network interface name" },
  { "p2v.interfaces=abcdefghijklmnop", NULL,
    "p2v.interfaces 'abcdefghijklmnop': not a network interface name" },
  { "p2v.interfaces=..", NULL, "p2v.interfaces '..': not a network" },
  { "p2v.network=em1:a,em1:b", NULL,
    "p2v.network: interface 'em1' is mapped twice" },
  { "p2v.network=em1:a p2v.network=em1:b", NULL,
    "p2v.network: interface 'em1' is mapped twice" },
  { "p2v.network=a p2v.network=b", NULL,
    "p2v.network: two networks for the other interfaces, 'a' and 'b'" },
  { "p2v.network=:lan", NULL,
    "p2v.network ':lan': '' is not a network interface name" },
  { "p2v.network=em1:", NULL, "p2v.network 'em1:': no network name after "
    "':'" },
  { "p2v.network=em1:a/b", NULL,
    "p2v.network 'em1:a/b': 'a/b' is not a network name" },
  { "p2v.network_map=x:", NULL, "p2v.network_map 'x:': no network name" },
  /* Checked strings. */
  { "p2v.identity=https://example.com/key", NULL,
    "p2v.identity 'https://example.com/key': only file:// URLs are taken "
    "(ferry-p2v downloads nothing)" },
  { "p2v.identity=/root/key", NULL,
    "p2v.identity '/root/key': only file:// URLs are taken" },
  { "p2v.identity=file://host/key", NULL,
    "p2v.identity 'file://host/key': the file must be local (file:///PATH)" },
  { "p2v.identity=file://", NULL, "p2v.identity 'file://': not a file:// "
    "URL" },
  { "p2v.auth.identity.url=ftp://x/y", NULL,
    "p2v.auth.identity.url 'ftp://x/y': only file:// URLs" },
  { "p2v.hostkey=MD5:03:cc:30:df:f6:7f:a7:19:2b:8d:e4:f2:e1:e9:75:53", NULL,
    "p2v.hostkey 'MD5:03:cc:30:df:f6:7f:a7:19:2b:8d:e4:f2:e1:e9:75:53': an "
    "MD5 fingerprint; give the SHA256 one (ssh-keygen -l -E sha256 -f KEY)" },
  { "p2v.hostkey=n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSY", NULL,
    "p2v.hostkey 'n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSY': not a host "
    "key fingerprint (SHA256: and 43 base64 characters, as ssh-keygen -l "
    "prints it)" },
  { "p2v.hostkey=SHA256:short", NULL, "p2v.hostkey 'SHA256:short': not a "
    "SHA256 fingerprint (43 base64 characters after SHA256:, as ssh-keygen "
    "-l prints it)" },
  { "p2v.hostkey=SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RS", NULL,
    "p2v.hostkey 'SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RS': not "
    "a SHA256" },
  { "p2v.hostkey=SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSYA", NULL,
    "p2v.hostkey 'SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSYA': not "
    "a SHA256" },
  { "p2v.hostkey=SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSZ", NULL,
    "p2v.hostkey 'SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSZ': not "
    "a SHA256" },
  { "p2v.hostkey=SHA256:n4k8cq8VoBBchRs3n-NEighchnnfNyXZHlg1ywh6RSY", NULL,
    "p2v.hostkey 'SHA256:n4k8cq8VoBBchRs3n-NEighchnnfNyXZHlg1ywh6RSY': not "
    "a SHA256" },
  { "p2v.hostkey=SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSY=", NULL,
    "p2v.hostkey 'SHA256:n4k8cq8VoBBchRs3n/NEighchnnfNyXZHlg1ywh6RSY=': not "
    "a SHA256" },
  { "p2v.pre=\"logger 'open\"", NULL, "p2v.pre 'logger \\'open': cannot "
    "split the command into words: " },
  { "p2v.name=.hidden", NULL, "p2v.name '.hidden': not a valid name: it "
    "starts with '.'" },
  { "p2v.name=a/b", NULL, "p2v.name 'a/b': not a valid name: it holds '/'" },
  { "p2v.name=\"a\tb\"", NULL,
    "p2v.name 'a\\tb': control characters are not allowed" },
  { "p2v.server=a\x01" "b", NULL,
    "p2v.server 'a\\x01b': control characters are not allowed" },
  { "p2v.server=root@conv", NULL, "p2v.server 'root@conv': not a host name "
    "or address (the user goes in p2v.username, the port in p2v.port)" },
  { "p2v.server=conv/x", NULL, "p2v.server 'conv/x': not a host name" },
  { "p2v.disks=sda\xff", NULL,
    "p2v.disks 'sda\\xff': not a kernel device name" },
};

/* The value KEY has in DUMP, in a new string, or NULL. */
static char *
dump_value (const char *dump, const char *key)
{
  g_autofree char *prefix = g_strconcat (key, " = ", NULL);
  g_auto (GStrv) lines = g_strsplit (dump, "\n", -1);
  size_t i;

  for (i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i] + strlen (prefix));
  return NULL;
}

/* Parse LINE into a new config; NULL (error set) if refused. */
static struct ferry_p2v_config *
parse (const char *line)
{
  g_autoptr (ferry_p2v_config) config = ferry_p2v_config_new ();

  if (ferry_p2v_config_parse (config, line, strlen (line)) == -1)
    return NULL;
  return g_steal_pointer (&config);
}

static void
test_cases (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    const struct parse_case *c = &cases[i];
    g_autoptr (ferry_p2v_config) config = parse (c->line);
    g_autofree char *shown = g_strescape (c->line, NULL);

    if (c->key != NULL) {
      g_autofree char *dump = config ? ferry_p2v_config_dump (config) : NULL;
      g_autofree char *value = dump ? dump_value (dump, c->key) : NULL;

      if (!tap_ok (value != NULL && strcmp (value, c->value) == 0,
                   "'%s': %s = %s", shown, c->key, c->value))
        printf ("# got: %s\n", config ? value : ferry_error_get ());
    }
    else {
      const char *error = ferry_error_get ();
      g_autofree char *want = g_strdup (c->value);
      char *exact = strchr (want, '\001');
      bool ok;

      /* A message ending in \001 must match whole, others begin so. */
      if (exact != NULL) {
        *exact = '\0';
        ok = config == NULL && strcmp (error, want) == 0;
      }
      else
        ok = config == NULL && g_str_has_prefix (error, want);
      if (!tap_ok (ok, "'%s' is refused: %s", shown, want))
        printf ("# got: %s\n", config ? "(accepted)" : error);
    }
  }
}

static const char default_dump[] =
  "p2v.server = <unset>\n"
  "p2v.port = 22\n"
  "p2v.username = \"root\"\n"
  "p2v.password = <unset>\n"
  "p2v.identity = <unset>\n"
  "p2v.sudo = false\n"
  "p2v.name = <short host name>\n"
  "p2v.vcpus = <online CPUs>\n"
  "p2v.memory = <machine's memory>\n"
  "p2v.disks = <all fixed disks>\n"
  "p2v.removable = <all CD-ROM drives>\n"
  "p2v.interfaces = <all network interfaces>\n"
  "p2v.network = []\n"
  "p2v.o = \"local\"\n"
  "p2v.oa = \"sparse\"\n"
  "p2v.oc = <unset>\n"
  "p2v.of = \"raw\"\n"
  "p2v.os = <server's choice>\n"
  "p2v.oo = []\n"
  "p2v.pre = <unset>\n"
  "p2v.post = <poweroff, on the live image>\n"
  "p2v.fail = <unset>\n"
  "p2v.hostkey = <unset>\n"
  "p2v.verbose = false\n";

static void
test_dump (void)
{
  g_autoptr (ferry_p2v_config) config = ferry_p2v_config_new ();
  g_autofree char *dump = ferry_p2v_config_dump (config);

  if (!tap_ok (strcmp (dump, default_dump) == 0, "the dump of the defaults"))
    printf ("# got:\n%s", dump);
}

/* Wherever the password is, it shows neither in the dump nor in errors. */
static void
test_password (void)
{
  static const char *const lines[] = {
    "p2v.password=s3cret",
    "p2v.password=\"s3cret with spaces\"",
    "\"p2v.password=s3cret with spaces\"",
    "p2v.auth.password=s3cret",
    "p2v.password=s3cret p2v.port=bad",
    "p2v.port=bad p2v.password=s3cret",
    "\"p2v.password s3cret\"",
    "p2v.pasword=s3cret",
    "p2v.password=s3cret\x01",
    "p2v.password=\"s3cret p2v.port=1",
    "p2v.password=s3cret,a,,b",
  };
  bool hidden = true;
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (lines); i++) {
    g_autoptr (ferry_p2v_config) config = parse (lines[i]);
    g_autofree char *text = config ? ferry_p2v_config_dump (config)
      : g_strdup (ferry_error_get ());

    if (strstr (text, "s3cret") != NULL) {
      printf ("# %s: %s\n", lines[i], text);
      hidden = false;
    }
  }
  tap_ok (hidden, "the password shows nowhere");
}

static void
test_helpers (void)
{
  static const struct { uint64_t bytes; const char *text; } sizes[] = {
    { 0, "0" }, { 1, "1" }, { 1023, "1023" }, { 1024, "1K" },
    { 1536ull << 20, "1536M" }, { 1ull << 30, "1G" }, { 3ull << 40, "3T" },
    { 1ull << 63, "8E" }, { UINT64_MAX, "18446744073709551615" },
  };
  g_autoptr (ferry_p2v_config) config = NULL;
  g_auto (GStrv) argv = NULL;
  g_autofree char *path = NULL;
  bool all = true;
  size_t i;
  int r;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autofree char *text = ferry_p2v_format_size (sizes[i].bytes);

    if (strcmp (text, sizes[i].text) != 0) {
      printf ("# %s, want %s\n", text, sizes[i].text);
      all = false;
    }
  }
  tap_ok (all, "sizes are written with the largest exact unit");

  r = ferry_p2v_command_argv ("p2v.pre", "logger -t p2v 'a b' \"c d\" e\\ f",
                              &argv);
  tap_ok (r == 0 && argv && g_strv_length (argv) == 6 &&
          strcmp (argv[3], "a b") == 0 && strcmp (argv[4], "c d") == 0 &&
          strcmp (argv[5], "e f") == 0, "a command is split into words");
  g_clear_pointer (&argv, g_strfreev);
  r = ferry_p2v_command_argv ("p2v.pre", "echo $HOME *", &argv);
  tap_ok (r == 0 && argv && strcmp (argv[1], "$HOME") == 0 &&
          strcmp (argv[2], "*") == 0, "nothing is expanded");
  g_clear_pointer (&argv, g_strfreev);
  r = ferry_p2v_command_argv ("p2v.post", " ", &argv);
  tap_ok (r == 0 && argv == NULL, "an empty command runs nothing");

  path = ferry_p2v_identity_path ("file:///root/my%20key");
  tap_ok (path && strcmp (path, "/root/my key") == 0,
          "the identity's path, %%XX decoded");

  config = parse ("p2v.remote.port=22 p2v.disks=");
  tap_ok (config && ferry_p2v_config_is_set (config, "p2v.port") &&
          ferry_p2v_config_is_set (config, "p2v.disks") &&
          !ferry_p2v_config_is_set (config, "p2v.server") &&
          !ferry_p2v_config_is_set (config, "p2v.username"),
          "which keys were given");
}

/* A machine made by hand for the resolution. */
static struct ferry_p2v_machine *
machine_new (const char *hostname)
{
  struct ferry_p2v_machine *m = g_new0 (struct ferry_p2v_machine, 1);
  static const struct { const char *name; bool removable, cdrom, in_use; }
  devices[] = {
    { "sda", false, false, false },
    { "sdb", false, false, true },
    { "nvme0n1", false, false, false },
    { "sdc", true, false, false },
    { "sdd", true, false, true },
    { "sr0", true, true, false },
  };
  size_t i;

  m->hostname = g_strdup (hostname);
  m->cpu.online = 8;
  m->cpu.sockets = 1;
  m->cpu.cores = 4;
  m->cpu.threads = 2;
  m->memory = UINT64_C (16303012) * 1024;
  m->disks = g_ptr_array_new ();
  m->removables = g_ptr_array_new ();
  m->nics = g_ptr_array_new ();
  for (i = 0; i < G_N_ELEMENTS (devices); i++) {
    struct ferry_p2v_disk *d = g_new0 (struct ferry_p2v_disk, 1);

    d->name = g_strdup (devices[i].name);
    d->path = g_strconcat ("/dev/", d->name, NULL);
    d->format = g_strdup ("raw");
    d->size = 1 << 30;
    d->removable = devices[i].removable;
    d->cdrom = devices[i].cdrom;
    d->in_use = devices[i].in_use;
    g_ptr_array_add (d->removable ? m->removables : m->disks, d);
  }
  for (i = 0; i < 2; i++) {
    struct ferry_p2v_nic *nic = g_new0 (struct ferry_p2v_nic, 1);

    nic->name = g_strdup_printf ("eth%zu", i);
    g_ptr_array_add (m->nics, nic);
  }
  return m;
}

static void
machine_free (struct ferry_p2v_machine *m)
{
  size_t i;

  for (i = 0; i < m->disks->len; i++) {
    struct ferry_p2v_disk *d = m->disks->pdata[i];
    g_free (d->name); g_free (d->path); g_free (d->format); g_free (d);
  }
  for (i = 0; i < m->removables->len; i++) {
    struct ferry_p2v_disk *d = m->removables->pdata[i];
    g_free (d->name); g_free (d->path); g_free (d->format); g_free (d);
  }
  for (i = 0; i < m->nics->len; i++) {
    struct ferry_p2v_nic *nic = m->nics->pdata[i];
    g_free (nic->name); g_free (nic);
  }
  g_ptr_array_unref (m->disks);
  g_ptr_array_unref (m->removables);
  g_ptr_array_unref (m->nics);
  g_free (m->hostname);
  g_free (m);
}

static const struct resolve_case {
  const char *line;
  const char *key;          /* NULL: refused */
  const char *value;
} resolve_cases[] = {
  { "", "p2v.name", "\"web01\"" },
  { "", "p2v.vcpus", "8" },
  { "", "p2v.memory", "16G" },
  { "", "p2v.disks", "[\"sda\", \"nvme0n1\"]" },
  { "", "p2v.removable", "[\"sr0\"]" },
  { "", "p2v.interfaces", "[\"eth0\", \"eth1\"]" },
  { "p2v.name=db p2v.vcpus=2 p2v.memory=3G", "p2v.memory", "3G" },
  { "p2v.disks=nvme0n1,sdc", "p2v.disks", "[\"nvme0n1\", \"sdc\"]" },
  { "p2v.removable=", "p2v.removable", "[]" },
  { "p2v.interfaces=eth1 p2v.network=eth0:a,b", "p2v.interfaces",
    "[\"eth1\"]" },
  { "p2v.disks=sdz", NULL,
    "p2v.disks: no disk 'sdz' on this machine (its disks: sda, sdb, "
    "nvme0n1)" },
  { "p2v.disks=sdb", NULL, "p2v.disks: disk 'sdb' is in use by the live "
    "system (it holds a mounted filesystem or swap)" },
  { "p2v.disks=sr0", NULL, "p2v.disks: 'sr0' is a CD-ROM drive, not a disk "
    "(name it in p2v.removable)" },
  { "p2v.disks=", NULL, "p2v.disks is empty: no disk to convert" },
  { "p2v.disks=sda,sdd", NULL, "p2v.disks: disk 'sdd' is in use by the "
    "live system (it holds a mounted filesystem or swap)" },
  { "p2v.removable=sdc", NULL, "p2v.removable: 'sdc' is not a CD-ROM drive "
    "(to convert a disk, name it in p2v.disks)" },
  { "p2v.removable=sr1", NULL, "p2v.removable: no CD-ROM drive 'sr1' on "
    "this machine (its CD-ROM drives: sr0)" },
  { "p2v.interfaces=em1", NULL, "p2v.interfaces: no network interface "
    "'em1' on this machine (its interfaces: eth0, eth1)" },
  { "p2v.network=em1:lan", NULL, "p2v.network: no network interface 'em1' "
    "on this machine (its interfaces: eth0, eth1)" },
};

static void
test_resolve (void)
{
  size_t i;
  int r;

  for (i = 0; i < G_N_ELEMENTS (resolve_cases); i++) {
    const struct resolve_case *c = &resolve_cases[i];
    struct ferry_p2v_machine *m = machine_new ("web01.example.com");
    g_autoptr (ferry_p2v_config) config = parse (c->line);

    g_assert (config != NULL);
    r = ferry_p2v_config_resolve (config, m);
    if (c->key) {
      g_autofree char *dump = ferry_p2v_config_dump (config);
      g_autofree char *value = dump_value (dump, c->key);

      if (!tap_ok (r == 0 && value && strcmp (value, c->value) == 0,
                   "resolve '%s': %s = %s", c->line, c->key, c->value))
        printf ("# got: %s\n", r == 0 ? value : ferry_error_get ());
    }
    else if (!tap_ok (r == -1 && strcmp (ferry_error_get (), c->value) == 0,
                      "resolve '%s' is refused: %s", c->line, c->value))
      printf ("# got: %s\n", r == 0 ? "(accepted)" : ferry_error_get ());
    machine_free (m);
  }

  /* No host name, or localhost: a random name. */
  {
    static const char *const hostnames[] = { NULL, "localhost",
                                             "localhost.localdomain" };
    bool random = true;

    for (i = 0; i < G_N_ELEMENTS (hostnames); i++) {
      struct ferry_p2v_machine *m = machine_new (hostnames[i]);
      g_autoptr (ferry_p2v_config) config = parse ("");

      if (ferry_p2v_config_resolve (config, m) == -1 ||
          !g_regex_match_simple ("^p2v-[a-z]{8}$", config->name, 0, 0))
        random = false;
      machine_free (m);
    }
    tap_ok (random, "without a host name, the guest is p2v-XXXXXXXX");
  }

  /* Memory that is a whole GiB stays as it is. */
  {
    struct ferry_p2v_machine *m = machine_new ("h");
    g_autoptr (ferry_p2v_config) config = parse ("");

    m->memory = UINT64_C (8) << 30;
    tap_ok (ferry_p2v_config_resolve (config, m) == 0 &&
            config->memory == UINT64_C (8) << 30, "8G stays 8G");
    machine_free (m);
  }

  /* Every fixed disk in use, or none at all. */
  {
    struct ferry_p2v_machine *m = machine_new ("h");
    g_autoptr (ferry_p2v_config) config = parse ("");
    size_t j;

    for (j = 0; j < m->disks->len; j++)
      ((struct ferry_p2v_disk *) m->disks->pdata[j])->in_use = true;
    r = ferry_p2v_config_resolve (config, m);
    tap_ok (r == -1 &&
            strcmp (ferry_error_get (), "no disk to convert: every fixed "
                    "disk of this machine (sda, sdb, nvme0n1) is in use by "
                    "the live system") == 0,
            "every disk in use: %s", ferry_error_get ());
    machine_free (m);
  }
  {
    struct ferry_p2v_machine *m = machine_new ("h");
    g_autoptr (ferry_p2v_config) config = parse ("");
    size_t j;

    for (j = 0; j < m->disks->len; j++) {
      struct ferry_p2v_disk *d = m->disks->pdata[j];
      g_free (d->name); g_free (d->path); g_free (d->format); g_free (d);
    }
    g_ptr_array_set_size (m->disks, 0);
    r = ferry_p2v_config_resolve (config, m);
    tap_ok (r == -1 &&
            g_str_has_prefix (ferry_error_get (), "no disk to convert: this "
                              "machine has no fixed disk"),
            "no disk: %s", ferry_error_get ());
    machine_free (m);
  }
}

/* How the man page lists a key: "=item B<p2v.port=>I<PORT>", or
 * "=item B<p2v.sudo>" for a boolean.
 */
static char *
pod_item (const struct ferry_p2v_setting *s, const char *key)
{
  if (s->type == FERRY_P2V_BOOL)
    return g_strdup_printf ("=item B<%s>", key);
  return g_strdup_printf ("=item B<%s=>I<%s>", key, s->metavar);
}

static void
test_pod (void)
{
  g_autofree char *pod = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GHashTable) expected =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) missing = g_string_new (NULL);
  g_autoptr (GString) unknown = g_string_new (NULL);
  size_t i;

  if (!g_file_get_contents (POD, &pod, NULL, NULL)) {
    tap_ok (false, "cannot read %s (run from the top folder)", POD);
    tap_ok (false, "(skipped)");
    return;
  }
  for (i = 0; i < ferry_p2v_n_settings; i++) {
    const struct ferry_p2v_setting *s = &ferry_p2v_settings[i];

    g_hash_table_add (expected, pod_item (s, s->key));
    if (s->alias)
      g_hash_table_add (expected, pod_item (s, s->alias));
  }
  lines = g_strsplit (pod, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "=item B<p2v.") &&
        !g_hash_table_remove (expected, lines[i]))
      g_string_append_printf (unknown, " [%s]", lines[i]);
  {
    GHashTableIter iter;
    void *item;

    g_hash_table_iter_init (&iter, expected);
    while (g_hash_table_iter_next (&iter, &item, NULL))
      g_string_append_printf (missing, " [%s]", (char *) item);
  }
  tap_ok (missing->len == 0, "every key is documented in %s:%s", POD,
          missing->str);
  tap_ok (unknown->len == 0, "every key documented in %s is known:%s", POD,
          unknown->str);
}

int
main (void)
{
  tap_plan (G_N_ELEMENTS (cases) + 1 + 1 + 6 +
            G_N_ELEMENTS (resolve_cases) + 4 + 2);
  test_cases ();
  test_dump ();
  test_password ();
  test_helpers ();
  test_resolve ();
  test_pod ();
  return tap_done ();
}

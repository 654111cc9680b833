/* ferry-p2v: the configuration and its table (see settings.h). */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "settings.h"
#include "kernel-cmdline.h"
#include "errors.h"
#include "text.h"
#include "banned.h"

#define FIELD(name) offsetof (struct ferry_p2v_config, name)

static int check_server (const char *key, const char *value);
static int check_identity (const char *key, const char *value);
static int check_name (const char *key, const char *value);
static int check_disk (const char *key, const char *value);
static int check_interface (const char *key, const char *value);
static int check_mapping (const char *key, const char *value);
static int check_mappings (const char *key, const GPtrArray *list);
static int check_output (const char *key, const char *value);
static int check_command (const char *key, const char *value);
static int check_hostkey (const char *key, const char *value);

static const char *const alloc_choices[] = { "sparse", "preallocated", NULL };
static const char *const format_choices[] = { "raw", "qcow2", NULL };

/* Every setting, once.  The order is the dump's and the man page's. */
const struct ferry_p2v_setting ferry_p2v_settings[] = {
  { .key = "p2v.server", .alias = "p2v.remote.server",
    .type = FERRY_P2V_STRING, .offset = FIELD (server),
    .metavar = "SERVER", .check = check_server,
    .doc = "name or address of the conversion server (needed to convert)" },
  { .key = "p2v.port", .alias = "p2v.remote.port",
    .type = FERRY_P2V_INT, .offset = FIELD (port),
    .metavar = "PORT", .default_value = "22", .min = 1, .max = 65535,
    .doc = "SSH port of the conversion server" },
  { .key = "p2v.username", .alias = "p2v.auth.username",
    .type = FERRY_P2V_STRING, .offset = FIELD (username),
    .metavar = "USER", .default_value = "root",
    .doc = "user to log in as on the conversion server" },
  { .key = "p2v.password", .alias = "p2v.auth.password",
    .type = FERRY_P2V_STRING, .offset = FIELD (password),
    .metavar = "PASSWORD", .flags = FERRY_P2V_SECRET | FERRY_P2V_ALLOW_EMPTY,
    .doc = "SSH password (anyone can read /proc/cmdline: prefer p2v.identity)" },
  { .key = "p2v.identity", .alias = "p2v.auth.identity.url",
    .type = FERRY_P2V_STRING, .offset = FIELD (identity),
    .metavar = "file:///PATH", .check = check_identity,
    .doc = "SSH private key file, as a file:// URL (wins over p2v.password)" },
  { .key = "p2v.sudo", .alias = "p2v.auth.sudo",
    .type = FERRY_P2V_BOOL, .offset = FIELD (sudo),
    .default_value = "false",
    .doc = "run the conversion with sudo on the server" },
  { .key = "p2v.name", .alias = "p2v.guestname",
    .type = FERRY_P2V_STRING, .offset = FIELD (name),
    .metavar = "NAME", .default_doc = "short host name", .check = check_name,
    .doc = "name of the converted guest" },
  { .key = "p2v.vcpus", .alias = "p2v.vcpu.cores",
    .type = FERRY_P2V_INT, .offset = FIELD (vcpus),
    .metavar = "N", .default_doc = "online CPUs", .min = 1, .max = 4096,
    .doc = "number of virtual CPUs of the guest" },
  { .key = "p2v.memory", .alias = NULL,
    .type = FERRY_P2V_SIZE, .offset = FIELD (memory),
    .metavar = "SIZE", .default_doc = "machine's memory",
    .min = 1024 * 1024,
    .doc = "memory of the guest, with a unit: 1536M, 4G" },
  { .key = "p2v.disks", .alias = NULL,
    .type = FERRY_P2V_LIST, .offset = FIELD (disks),
    .metavar = "DISK,...", .default_doc = "all fixed disks",
    .flags = FERRY_P2V_UNIQUE, .check = check_disk,
    .doc = "disks to convert, by kernel name: sda,nvme0n1" },
  { .key = "p2v.removable", .alias = NULL,
    .type = FERRY_P2V_LIST, .offset = FIELD (removable),
    .metavar = "DRIVE,...", .default_doc = "all CD-ROM drives",
    .flags = FERRY_P2V_UNIQUE, .check = check_disk,
    .doc = "CD-ROM drives the guest gets (empty: none): sr0" },
  { .key = "p2v.interfaces", .alias = NULL,
    .type = FERRY_P2V_LIST, .offset = FIELD (interfaces),
    .metavar = "IFACE,...", .default_doc = "all network interfaces",
    .flags = FERRY_P2V_UNIQUE, .check = check_interface,
    .doc = "network interfaces the guest gets (empty: none): eth0" },
  { .key = "p2v.network", .alias = "p2v.network_map",
    .type = FERRY_P2V_LIST, .offset = FIELD (network),
    .metavar = "IFACE:NETWORK,...,NETWORK", .check = check_mapping,
    .check_list = check_mappings,
    .doc = "network of each interface on the target; a bare one for the others" },
  { .key = "p2v.o", .alias = "p2v.output.type",
    .type = FERRY_P2V_STRING, .offset = FIELD (output),
    .metavar = "OUTPUT", .default_value = "local", .check = check_output,
    .doc = "output type, as ferry-v2v -o" },
  { .key = "p2v.oa", .alias = "p2v.output.allocation",
    .type = FERRY_P2V_ENUM, .offset = FIELD (output_alloc),
    .metavar = "sparse|preallocated", .default_value = "sparse",
    .choices = alloc_choices,
    .doc = "output allocation, as ferry-v2v -oa" },
  { .key = "p2v.oc", .alias = "p2v.output.connection",
    .type = FERRY_P2V_STRING, .offset = FIELD (output_conn),
    .metavar = "URI",
    .doc = "libvirt connection of -o libvirt, as ferry-v2v -oc" },
  { .key = "p2v.of", .alias = "p2v.output.format",
    .type = FERRY_P2V_ENUM, .offset = FIELD (output_format),
    .metavar = "raw|qcow2", .default_value = "raw",
    .choices = format_choices,
    .doc = "output disk format, as ferry-v2v -of" },
  { .key = "p2v.os", .alias = "p2v.output.storage",
    .type = FERRY_P2V_STRING, .offset = FIELD (output_storage),
    .metavar = "STORAGE", .default_doc = "server's choice",
    .doc = "output folder or storage pool, as ferry-v2v -os" },
  { .key = "p2v.oo", .alias = "p2v.output.misc",
    .type = FERRY_P2V_LIST, .offset = FIELD (output_options),
    .metavar = "OPTION,...",
    .doc = "output options, each one as a ferry-v2v -oo" },
  { .key = "p2v.pre", .alias = NULL,
    .type = FERRY_P2V_STRING, .offset = FIELD (pre),
    .metavar = "COMMAND", .flags = FERRY_P2V_ALLOW_EMPTY,
    .check = check_command,
    .doc = "command to run before the conversion" },
  { .key = "p2v.post", .alias = NULL,
    .type = FERRY_P2V_STRING, .offset = FIELD (post),
    .metavar = "COMMAND", .flags = FERRY_P2V_ALLOW_EMPTY,
    .default_doc = "poweroff, on the live image", .check = check_command,
    .doc = "command to run after a conversion that worked (empty: none)" },
  { .key = "p2v.fail", .alias = NULL,
    .type = FERRY_P2V_STRING, .offset = FIELD (fail),
    .metavar = "COMMAND", .flags = FERRY_P2V_ALLOW_EMPTY,
    .check = check_command,
    .doc = "command to run after a conversion that failed" },
  { .key = "p2v.hostkey", .alias = NULL,
    .type = FERRY_P2V_STRING, .offset = FIELD (hostkey),
    .metavar = "SHA256:FINGERPRINT", .check = check_hostkey,
    .doc = "fingerprint of the server's host key, as ssh-keygen -l prints it" },
  { .key = "p2v.verbose", .alias = NULL,
    .type = FERRY_P2V_BOOL, .offset = FIELD (verbose),
    .default_value = "false",
    .doc = "debug messages" },
};
const size_t ferry_p2v_n_settings = G_N_ELEMENTS (ferry_p2v_settings);

G_STATIC_ASSERT (G_N_ELEMENTS (ferry_p2v_settings) <= 64);

/* virt-p2v keys that ferry-p2v does not take: refused by name, so that a
 * command line written for virt-p2v fails clearly rather than half works.
 */
static const char *const virt_p2v_only[] = {
  "p2v.vcpu.phys_topo", "p2v.cpu.vendor", "p2v.cpu.model", "p2v.cpu.acpi",
  "p2v.cpu.apic", "p2v.cpu.pae", "p2v.rtc.basis", "p2v.rtc.offset",
  "p2v.skip_test_connection", "p2v.dump_config_and_exit",
};

/* The field of SETTING in CONFIG. */
#define AT(config, setting, type) \
  ((type *) ((char *) (config) + (setting)->offset))
#define AT_CONST(config, setting, type) \
  ((const type *) ((const char *) (config) + (setting)->offset))

const struct ferry_p2v_setting *
ferry_p2v_setting_find (const char *key)
{
  size_t i;

  for (i = 0; i < ferry_p2v_n_settings; i++) {
    const struct ferry_p2v_setting *s = &ferry_p2v_settings[i];

    if (strcmp (s->key, key) == 0 ||
        (s->alias != NULL && strcmp (s->alias, key) == 0))
      return s;
  }
  return NULL;
}

/* "KEY 'VALUE'", VALUE escaped: how messages show a parameter. */
static char *
shown (const char *key, const char *value)
{
  g_autofree char *quoted = ferry_p2v_quote (value, '\'');

  return g_strdup_printf ("%s %s", key, quoted);
}

static bool
has_control (const char *s)
{
  for (; *s; s++)
    if ((unsigned char) *s < 0x20 || *s == 0x7f)
      return true;
  return false;
}

static bool
has_space (const char *s)
{
  for (; *s; s++)
    if (g_ascii_isspace (*s))
      return true;
  return false;
}

/* Checks of string values and list elements.  Each one names the key as
 * the command line wrote it.
 */

static int
check_server (const char *key, const char *value)
{
  if (has_space (value) || strchr (value, '/') || strchr (value, '@')) {
    g_autofree char *s = shown (key, value);
    ferry_error ("%s: not a host name or address (the user goes in "
                 "p2v.username, the port in p2v.port)", s);
    return -1;
  }
  return 0;
}

static char *
identity_path (const char *key, const char *url)
{
  g_autoptr (GError) gerror = NULL;
  g_autofree char *hostname = NULL;
  g_autofree char *s = shown (key, url);
  char *path;

  if (g_ascii_strncasecmp (url, "file://", strlen ("file://")) != 0) {
    ferry_error ("%s: only file:// URLs are taken (ferry-p2v downloads "
                 "nothing)", s);
    return NULL;
  }
  path = g_filename_from_uri (url, &hostname, &gerror);
  if (path == NULL) {
    /* GLib's message holds the URL as it was: escape it too. */
    g_autofree char *why = ferry_p2v_quote (gerror->message, 0);
    ferry_error ("%s: not a file:// URL: %s", s, why);
    return NULL;
  }
  if (hostname != NULL && g_ascii_strcasecmp (hostname, "localhost") != 0) {
    ferry_error ("%s: the file must be local (file:///PATH)", s);
    g_free (path);
    return NULL;
  }
  return path;
}

char *
ferry_p2v_identity_path (const char *url)
{
  return identity_path ("p2v.identity", url);
}

static int
check_identity (const char *key, const char *value)
{
  g_autofree char *path = identity_path (key, value);

  return path ? 0 : -1;
}

static int
check_name (const char *key, const char *value)
{
  return ferry_name_check (key, value) ? 0 : -1;
}

static int
check_disk (const char *key, const char *value)
{
  g_autofree char *s = shown (key, value);
  const char *p;

  if (g_str_has_prefix (value, "/dev/") && value[5] != '\0') {
    g_autofree char *bare = ferry_p2v_quote (value + strlen ("/dev/"), '\'');
    ferry_error ("%s: name the device without /dev/ (%s)", s, bare);
    return -1;
  }
  for (p = value; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p)) {
      ferry_error ("%s: not a kernel device name (sda, nvme0n1, sr0)", s);
      return -1;
    }
  return 0;
}

/* Linux interface names: 1 to 15 bytes, no '/', ':' or white space, and
 * not "." or "..".
 */
static bool
interface_name_ok (const char *name)
{
  size_t len = strlen (name);

  return len >= 1 && len <= 15 && strcmp (name, ".") != 0 &&
    strcmp (name, "..") != 0 && strpbrk (name, "/:") == NULL &&
    !has_space (name);
}

static int
check_interface (const char *key, const char *value)
{
  if (!interface_name_ok (value)) {
    g_autofree char *s = shown (key, value);
    ferry_error ("%s: not a network interface name", s);
    return -1;
  }
  return 0;
}

/* "IFACE:NETWORK" or "NETWORK", as virt-p2v: split at the first ':'. */
static int
check_mapping (const char *key, const char *value)
{
  g_autofree char *s = shown (key, value);
  const char *colon = strchr (value, ':');
  const char *network = colon ? colon + 1 : value;

  if (colon != NULL) {
    g_autofree char *iface = g_strndup (value, colon - value);

    if (!interface_name_ok (iface)) {
      g_autofree char *i = ferry_p2v_quote (iface, '\'');
      ferry_error ("%s: %s is not a network interface name", s, i);
      return -1;
    }
  }
  if (network[0] == '\0') {
    ferry_error ("%s: no network name after ':'", s);
    return -1;
  }
  if (strchr (network, '/') != NULL || !g_utf8_validate (network, -1, NULL)) {
    g_autofree char *n = ferry_p2v_quote (network, '\'');
    ferry_error ("%s: %s is not a network name", s, n);
    return -1;
  }
  return 0;
}

/* Each interface mapped once, and one default at most. */
static int
check_mappings (const char *key, const GPtrArray *list)
{
  const char *fallback = NULL;
  size_t i, j;

  for (i = 0; i < list->len; i++) {
    const char *a = list->pdata[i];
    const char *colon = strchr (a, ':');

    if (colon == NULL) {
      if (fallback != NULL) {
        g_autofree char *x = ferry_p2v_quote (fallback, '\'');
        g_autofree char *y = ferry_p2v_quote (a, '\'');
        ferry_error ("%s: two networks for the other interfaces, %s and %s",
                     key, x, y);
        return -1;
      }
      fallback = a;
      continue;
    }
    for (j = 0; j < i; j++) {
      const char *b = list->pdata[j];
      size_t len = colon - a + 1;

      if (strncmp (a, b, len) == 0) {
        g_autofree char *iface = g_strndup (a, len - 1);
        g_autofree char *q = ferry_p2v_quote (iface, '\'');
        ferry_error ("%s: interface %s is mapped twice", key, q);
        return -1;
      }
    }
  }
  return 0;
}

static int
check_output (const char *key, const char *value)
{
  const char *p;

  for (p = value; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-') {
      g_autofree char *s = shown (key, value);
      ferry_error ("%s: not an output type (local, libvirt, qemu, ...)", s);
      return -1;
    }
  return 0;
}

int
ferry_p2v_command_argv (const char *key, const char *command, char ***argv)
{
  g_autoptr (GError) gerror = NULL;
  const char *p = command;

  *argv = NULL;
  while (*p && g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    return 0;
  if (!g_shell_parse_argv (command, NULL, argv, &gerror)) {
    g_autofree char *s = shown (key, command);

    if (g_error_matches (gerror, G_SHELL_ERROR, G_SHELL_ERROR_BAD_QUOTING))
      ferry_error ("%s: cannot split the command into words: a quote is "
                   "not closed", s);
    else {
      g_autofree char *why = ferry_p2v_quote (gerror->message, 0);
      ferry_error ("%s: cannot split the command into words: %s", s, why);
    }
    return -1;
  }
  return 0;
}

static int
check_command (const char *key, const char *value)
{
  g_auto (GStrv) argv = NULL;

  return ferry_p2v_command_argv (key, value, &argv);
}

/* "SHA256:" and the 32 bytes of the hash in base64 without padding: 43
 * characters, the last of which holds 4 bits (so it is one of
 * AEIMQUYcgkosw048).
 */
static int
check_hostkey (const char *key, const char *value)
{
  static const char base64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  g_autofree char *s = shown (key, value);
  const char *hash = value + strlen ("SHA256:");
  size_t i;

  if (!g_str_has_prefix (value, "SHA256:")) {
    if (g_str_has_prefix (value, "MD5:"))
      ferry_error ("%s: an MD5 fingerprint; give the SHA256 one "
                   "(ssh-keygen -l -E sha256 -f KEY)", s);
    else
      ferry_error ("%s: not a host key fingerprint (SHA256: and 43 base64 "
                   "characters, as ssh-keygen -l prints it)", s);
    return -1;
  }
  for (i = 0; hash[i] != '\0'; i++)
    if (strchr (base64, hash[i]) == NULL)
      break;
  if (hash[i] != '\0' || i != 43 ||
      (strchr (base64, hash[42]) - base64) % 4 != 0) {
    ferry_error ("%s: not a SHA256 fingerprint (43 base64 characters "
                 "after SHA256:, as ssh-keygen -l prints it)", s);
    return -1;
  }
  return 0;
}

/* Numbers. */

static const char units[] = "KMGTPE";

int
ferry_p2v_parse_size (const char *key, const char *value, uint64_t *bytes)
{
  g_autofree char *s = shown (key, value);
  const char *unit;
  const char *u;
  guint64 n;
  unsigned shift;
  char *end;

  if (!g_ascii_isdigit (value[0]))
    goto bad;
  errno = 0;
  n = g_ascii_strtoull (value, &end, 10);
  if (errno == ERANGE)
    goto too_big;
  unit = end;
  if (*unit == '\0') {
    ferry_error ("%s: give a unit, as in %sM or %sG", s, value, value);
    return -1;
  }
  u = strchr (units, g_ascii_toupper (*unit));
  if (u == NULL || (*unit != 'k' && !g_ascii_isupper (*unit)) ||
      (unit[1] != '\0' && strcmp (unit + 1, "iB") != 0))
    goto bad;
  shift = 10 * (u - units + 1);
  if (n > (UINT64_MAX >> shift))
    goto too_big;
  *bytes = n << shift;
  return 0;

 bad:
  ferry_error ("%s: not a size: a number and a unit, K, M, G, T, P or E "
               "(1536M, 4G)", s);
  return -1;
 too_big:
  ferry_error ("%s: too big", s);
  return -1;
}

char *
ferry_p2v_format_size (uint64_t bytes)
{
  int i;

  for (i = (int) strlen (units) - 1; i >= 0; i--) {
    unsigned shift = 10 * (i + 1);

    if (bytes != 0 && (bytes & ((UINT64_C (1) << shift) - 1)) == 0)
      return g_strdup_printf ("%" PRIu64 "%c", bytes >> shift, units[i]);
  }
  return g_strdup_printf ("%" PRIu64, bytes);
}

static int
parse_int (const char *key, const struct ferry_p2v_setting *setting,
           const char *value, int *out)
{
  g_autofree char *s = shown (key, value);
  gint64 n;
  char *end;

  if (!g_ascii_isdigit (value[0])) {
    ferry_error ("%s: not a number", s);
    return -1;
  }
  errno = 0;
  n = g_ascii_strtoll (value, &end, 10);
  if (*end != '\0') {
    ferry_error ("%s: not a number", s);
    return -1;
  }
  if (errno == ERANGE || n < setting->min || n > setting->max) {
    ferry_error ("%s: must be from %lld to %lld", s, setting->min,
                 setting->max);
    return -1;
  }
  *out = (int) n;
  return 0;
}

static int
parse_bool (const char *key, const char *value, bool *out)
{
  static const char *const yes[] = { "", "1", "true", "t", "yes", "y", "on" };
  static const char *const no[] = { "0", "false", "f", "no", "n", "off" };
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (value, yes[i]) == 0) {
      *out = true;
      return 0;
    }
  for (i = 0; i < G_N_ELEMENTS (no); i++)
    if (g_ascii_strcasecmp (value, no[i]) == 0) {
      *out = false;
      return 0;
    }
  {
    g_autofree char *s = shown (key, value);
    ferry_error ("%s: must be true or false (or yes/no, on/off, 1/0)", s);
  }
  return -1;
}

static int
parse_enum (const char *key, const struct ferry_p2v_setting *setting,
            const char *value, char **out)
{
  g_autoptr (GString) choices = g_string_new (NULL);
  g_autofree char *s = NULL;
  size_t i, n;

  for (n = 0; setting->choices[n] != NULL; n++)
    if (strcmp (setting->choices[n], value) == 0) {
      g_free (*out);
      *out = g_strdup (value);
      return 0;
    }
  for (i = 0; i < n; i++) {
    if (i > 0)
      g_string_append (choices, i == n - 1 ? " or " : ", ");
    g_string_append (choices, setting->choices[i]);
  }
  s = shown (key, value);
  ferry_error ("%s: must be %s", s, choices->str);
  return -1;
}

/* Add the elements of VALUE, a comma-separated list, to *LIST. */
static int
parse_list (const char *key, const struct ferry_p2v_setting *setting,
            const char *value, GPtrArray **list)
{
  g_auto (GStrv) elements = NULL;
  size_t i, j;

  if (*list == NULL)
    *list = g_ptr_array_new_with_free_func (g_free);
  if (value[0] == '\0')
    return 0;
  elements = g_strsplit (value, ",", -1);
  for (i = 0; elements[i] != NULL; i++) {
    const char *element = elements[i];

    if (element[0] == '\0') {
      g_autofree char *s = shown (key, value);
      ferry_error ("%s: an element of the list is empty", s);
      return -1;
    }
    if (has_control (element)) {
      g_autofree char *s = shown (key, value);
      ferry_error ("%s: control characters are not allowed", s);
      return -1;
    }
    if (setting->check && setting->check (key, element) == -1)
      return -1;
    if (setting->flags & FERRY_P2V_UNIQUE)
      for (j = 0; j < (*list)->len; j++)
        if (strcmp ((*list)->pdata[j], element) == 0) {
          g_autofree char *q = ferry_p2v_quote (element, '\'');
          ferry_error ("%s: %s is listed twice", key, q);
          return -1;
        }
    g_ptr_array_add (*list, g_strdup (element));
  }
  if (setting->check_list && setting->check_list (key, *list) == -1)
    return -1;
  return 0;
}

/* Apply VALUE (NULL for a bare key) to SETTING of CONFIG.  KEY is the key
 * as written.
 */
static int
apply (struct ferry_p2v_config *config,
       const struct ferry_p2v_setting *setting, const char *key,
       const char *value)
{
  bool secret = setting->flags & FERRY_P2V_SECRET;

  if (value == NULL) {
    if (setting->type == FERRY_P2V_BOOL) {
      *AT (config, setting, bool) = true;
      return 0;
    }
    ferry_error ("%s needs a value: %s=%s", key, key, setting->metavar);
    return -1;
  }

  switch (setting->type) {
  case FERRY_P2V_STRING: {
    char **field = AT (config, setting, char *);

    if (value[0] == '\0' && !(setting->flags & FERRY_P2V_ALLOW_EMPTY)) {
      ferry_error ("%s: the value is empty", key);
      return -1;
    }
    if (!secret && has_control (value)) {
      g_autofree char *s = shown (key, value);
      ferry_error ("%s: control characters are not allowed", s);
      return -1;
    }
    if (setting->check && setting->check (key, value) == -1)
      return -1;
    g_free (*field);
    *field = g_strdup (value);
    return 0;
  }
  case FERRY_P2V_INT:
    return parse_int (key, setting, value, AT (config, setting, int));
  case FERRY_P2V_BOOL:
    return parse_bool (key, value, AT (config, setting, bool));
  case FERRY_P2V_ENUM:
    return parse_enum (key, setting, value, AT (config, setting, char *));
  case FERRY_P2V_SIZE: {
    uint64_t bytes;

    if (ferry_p2v_parse_size (key, value, &bytes) == -1)
      return -1;
    if (bytes < (uint64_t) setting->min) {
      g_autofree char *s = shown (key, value);
      g_autofree char *min = ferry_p2v_format_size (setting->min);
      ferry_error ("%s: must be at least %s", s, min);
      return -1;
    }
    *AT (config, setting, uint64_t) = bytes;
    return 0;
  }
  case FERRY_P2V_LIST:
    return parse_list (key, setting, value, AT (config, setting, GPtrArray *));
  }
  g_assert_not_reached ();
}

struct ferry_p2v_config *
ferry_p2v_config_new (void)
{
  struct ferry_p2v_config *config = g_new0 (struct ferry_p2v_config, 1);
  size_t i;

  for (i = 0; i < ferry_p2v_n_settings; i++) {
    const struct ferry_p2v_setting *s = &ferry_p2v_settings[i];

    if (s->default_value != NULL) {
      int r = apply (config, s, s->key, s->default_value);
      g_assert (r == 0);
    }
  }
  return config;
}

void
ferry_p2v_config_free (struct ferry_p2v_config *config)
{
  size_t i;

  if (config == NULL)
    return;
  for (i = 0; i < ferry_p2v_n_settings; i++) {
    const struct ferry_p2v_setting *s = &ferry_p2v_settings[i];

    switch (s->type) {
    case FERRY_P2V_STRING:
    case FERRY_P2V_ENUM: {
      char **field = AT (config, s, char *);

      /* The password is wiped before its memory goes back. */
      if (*field && (s->flags & FERRY_P2V_SECRET))
        memset (*field, 0, strlen (*field));
      g_free (*field);
      break;
    }
    case FERRY_P2V_LIST: {
      GPtrArray **field = AT (config, s, GPtrArray *);

      if (*field)
        g_ptr_array_unref (*field);
      break;
    }
    case FERRY_P2V_INT:
    case FERRY_P2V_BOOL:
    case FERRY_P2V_SIZE:
      break;
    }
  }
  g_free (config);
}

/* Levenshtein distance between A and B, for "did you mean". */
static size_t
distance (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b), i, j;
  g_autofree size_t *row = g_new (size_t, lb + 1);

  for (j = 0; j <= lb; j++)
    row[j] = j;
  for (i = 1; i <= la; i++) {
    size_t diagonal = row[0];

    row[0] = i;
    for (j = 1; j <= lb; j++) {
      size_t above = row[j];
      size_t best = diagonal + (a[i - 1] != b[j - 1]);

      best = MIN (best, above + 1);
      best = MIN (best, row[j - 1] + 1);
      row[j] = best;
      diagonal = above;
    }
  }
  return row[lb];
}

/* The known key nearest to KEY, if it is near (at most 2 edits). */
static const char *
nearest_key (const char *key)
{
  const char *best = NULL;
  size_t best_distance = 3, i;

  if (strlen (key) > 64)
    return NULL;
  for (i = 0; i < ferry_p2v_n_settings; i++) {
    const struct ferry_p2v_setting *s = &ferry_p2v_settings[i];
    size_t d = distance (key, s->key);

    if (d < best_distance) {
      best = s->key;
      best_distance = d;
    }
    if (s->alias && (d = distance (key, s->alias)) < best_distance) {
      best = s->alias;
      best_distance = d;
    }
  }
  return best;
}

/* One p2v.* parameter. */
static int
apply_param (struct ferry_p2v_config *config, const char *key,
             const char *value)
{
  const struct ferry_p2v_setting *setting;
  size_t good = strspn (key, "abcdefghijklmnopqrstuvwxyz0123456789._-");
  size_t i;

  /* Keys are plain words.  Anything else (a key that quotes ran into,
   * such as "p2v.password secret") is shown only up to its first odd
   * byte: what follows may be a secret.
   */
  if (key[good] != '\0') {
    g_autofree char *start = g_strndup (key, good);
    ferry_error ("malformed key '%s...' on the kernel command line: a key "
                 "is made of a-z, 0-9, '.', '_' and '-', and '=' comes "
                 "before its value", start);
    return -1;
  }
  setting = ferry_p2v_setting_find (key);
  if (setting == NULL) {
    const char *near;

    for (i = 0; i < G_N_ELEMENTS (virt_p2v_only); i++)
      if (strcmp (key, virt_p2v_only[i]) == 0) {
        ferry_error ("'%s' is a virt-p2v key that ferry-p2v does not take",
                     key);
        return -1;
      }
    near = nearest_key (key);
    if (near != NULL)
      ferry_error ("unknown key '%s' on the kernel command line "
                   "(did you mean '%s'?)", key, near);
    else
      ferry_error ("unknown key '%s' on the kernel command line", key);
    return -1;
  }
  if (apply (config, setting, key, value) == -1)
    return -1;
  config->given |= UINT64_C (1) << (setting - ferry_p2v_settings);
  return 0;
}

int
ferry_p2v_config_parse (struct ferry_p2v_config *config,
                        const char *text, size_t len)
{
  g_autoptr (GPtrArray) params = ferry_p2v_cmdline_split (text, len);
  size_t i;

  if (params == NULL)
    return -1;
  for (i = 0; i < params->len; i++) {
    const struct ferry_p2v_param *param = params->pdata[i];

    if (!g_str_has_prefix (param->key, "p2v."))
      continue;
    if (apply_param (config, param->key, param->value) == -1)
      return -1;
  }
  return 0;
}

int
ferry_p2v_config_parse_file (struct ferry_p2v_config *config,
                             const char *path)
{
  g_autoptr (GError) gerror = NULL;
  g_autofree char *text = NULL;
  size_t len;

  if (!g_file_get_contents (path, &text, &len, &gerror)) {
    ferry_error ("cannot read the kernel command line in '%s': %s", path,
                 gerror->message);
    return -1;
  }
  if (ferry_p2v_config_parse (config, text, len) == -1) {
    ferry_error_prefix ("%s", path);
    return -1;
  }
  return 0;
}

struct ferry_p2v_config *
ferry_p2v_config_load (const char *cmdline, const char *cmdline_file,
                       bool verbose)
{
  g_autoptr (ferry_p2v_config) config = ferry_p2v_config_new ();
  int r;

  if (cmdline != NULL)
    r = ferry_p2v_config_parse (config, cmdline, strlen (cmdline));
  else
    r = ferry_p2v_config_parse_file (config, cmdline_file
                                     ? cmdline_file : "/proc/cmdline");
  if (r == -1)
    return NULL;
  if (verbose)
    config->verbose = true;
  return g_steal_pointer (&config);
}

bool
ferry_p2v_config_is_set (const struct ferry_p2v_config *config,
                         const char *key)
{
  const struct ferry_p2v_setting *setting = ferry_p2v_setting_find (key);

  g_assert (setting != NULL);
  return (config->given >> (setting - ferry_p2v_settings)) & 1;
}

/* The dump. */

static void
dump_list (GString *out, const GPtrArray *list)
{
  size_t i;

  g_string_append_c (out, '[');
  for (i = 0; i < list->len; i++) {
    g_autofree char *q = ferry_p2v_quote (list->pdata[i], '"');

    if (i > 0)
      g_string_append (out, ", ");
    g_string_append (out, q);
  }
  g_string_append_c (out, ']');
}

char *
ferry_p2v_config_dump (const struct ferry_p2v_config *config)
{
  GString *out = g_string_new (NULL);
  size_t i;

  for (i = 0; i < ferry_p2v_n_settings; i++) {
    const struct ferry_p2v_setting *s = &ferry_p2v_settings[i];
    g_autofree char *unset =
      g_strdup_printf ("<%s>", s->default_doc ? s->default_doc : "unset");

    g_string_append_printf (out, "%s = ", s->key);
    switch (s->type) {
    case FERRY_P2V_STRING:
    case FERRY_P2V_ENUM: {
      const char *value = *AT_CONST (config, s, char *);

      if (value == NULL)
        g_string_append (out, unset);
      else if (s->flags & FERRY_P2V_SECRET)
        g_string_append (out, "<hidden>");
      else {
        g_autofree char *q = ferry_p2v_quote (value, '"');
        g_string_append (out, q);
      }
      break;
    }
    case FERRY_P2V_INT: {
      int value = *AT_CONST (config, s, int);

      if (value == 0 && s->default_doc)
        g_string_append (out, unset);
      else
        g_string_append_printf (out, "%d", value);
      break;
    }
    case FERRY_P2V_BOOL:
      g_string_append (out, *AT_CONST (config, s, bool) ? "true" : "false");
      break;
    case FERRY_P2V_SIZE: {
      uint64_t value = *AT_CONST (config, s, uint64_t);

      if (value == 0 && s->default_doc)
        g_string_append (out, unset);
      else {
        g_autofree char *size = ferry_p2v_format_size (value);
        g_string_append (out, size);
      }
      break;
    }
    case FERRY_P2V_LIST: {
      const GPtrArray *list = *AT_CONST (config, s, GPtrArray *);

      if (list == NULL && s->default_doc)
        g_string_append (out, unset);
      else if (list == NULL)
        g_string_append (out, "[]");
      else
        dump_list (out, list);
      break;
    }
    }
    g_string_append_c (out, '\n');
  }
  return g_string_free (out, FALSE);
}

/* Resolution against the machine. */

/* "sda, sdb" or "none": the names of the disks in LIST that are CD-ROM
 * drives (CDROM true) or not, for messages.
 */
static char *
names_of_disks (const GPtrArray *list, bool cdrom)
{
  g_autoptr (GString) names = g_string_new (NULL);
  size_t i;

  for (i = 0; i < list->len; i++) {
    const struct ferry_p2v_disk *disk = list->pdata[i];

    if (disk->cdrom != cdrom)
      continue;
    if (names->len > 0)
      g_string_append (names, ", ");
    g_string_append (names, disk->name);
  }
  return g_strdup (names->len ? names->str : "none");
}

static char *
names_of_nics (const GPtrArray *nics)
{
  g_autoptr (GString) names = g_string_new (NULL);
  size_t i;

  for (i = 0; i < nics->len; i++) {
    const struct ferry_p2v_nic *nic = nics->pdata[i];
    g_autofree char *q = ferry_p2v_quote (nic->name, 0);

    if (i > 0)
      g_string_append (names, ", ");
    g_string_append (names, q);
  }
  return g_strdup (names->len ? names->str : "none");
}

static char *
default_name (const struct ferry_p2v_machine *machine)
{
  const char *host = machine->hostname;
  GString *name;
  int i;

  if (host != NULL && host[0] != '.' && strchr (host, '/') == NULL &&
      strcmp (host, "localhost") != 0 &&
      !g_str_has_prefix (host, "localhost."))
    return g_strndup (host, strcspn (host, "."));
  name = g_string_new ("p2v-");
  for (i = 0; i < 8; i++)
    g_string_append_c (name, 'a' + g_random_int_range (0, 26));
  return g_string_free (name, FALSE);
}

static int
resolve_disks (struct ferry_p2v_config *config,
               const struct ferry_p2v_machine *machine)
{
  size_t i;

  if (config->disks == NULL) {
    config->disks = g_ptr_array_new_with_free_func (g_free);
    for (i = 0; i < machine->disks->len; i++) {
      const struct ferry_p2v_disk *disk = machine->disks->pdata[i];

      if (!disk->in_use)
        g_ptr_array_add (config->disks, g_strdup (disk->name));
    }
    if (config->disks->len == 0 && machine->disks->len == 0) {
      ferry_error ("no disk to convert: this machine has no fixed disk "
                   "(a removable one can be named in p2v.disks)");
      return -1;
    }
    if (config->disks->len == 0) {
      g_autofree char *names = names_of_disks (machine->disks, false);
      ferry_error ("no disk to convert: every fixed disk of this machine "
                   "(%s) is in use by the live system", names);
      return -1;
    }
    return 0;
  }
  if (config->disks->len == 0) {
    ferry_error ("p2v.disks is empty: no disk to convert");
    return -1;
  }
  for (i = 0; i < config->disks->len; i++) {
    const char *name = config->disks->pdata[i];
    const struct ferry_p2v_disk *disk =
      ferry_p2v_machine_find_disk (machine, name);

    if (disk == NULL) {
      g_autofree char *names = names_of_disks (machine->disks, false);
      ferry_error ("p2v.disks: no disk '%s' on this machine (its disks: %s)",
                   name, names);
      return -1;
    }
    if (disk->cdrom) {
      ferry_error ("p2v.disks: '%s' is a CD-ROM drive, not a disk "
                   "(name it in p2v.removable)", name);
      return -1;
    }
    if (disk->in_use) {
      ferry_error ("p2v.disks: disk '%s' is in use by the live system "
                   "(it holds a mounted filesystem or swap)", name);
      return -1;
    }
  }
  return 0;
}

static int
resolve_removables (struct ferry_p2v_config *config,
                    const struct ferry_p2v_machine *machine)
{
  size_t i;

  if (config->removable == NULL) {
    config->removable = g_ptr_array_new_with_free_func (g_free);
    for (i = 0; i < machine->removables->len; i++) {
      const struct ferry_p2v_disk *drive = machine->removables->pdata[i];

      if (drive->cdrom)
        g_ptr_array_add (config->removable, g_strdup (drive->name));
    }
    return 0;
  }
  for (i = 0; i < config->removable->len; i++) {
    const char *name = config->removable->pdata[i];
    const struct ferry_p2v_disk *drive =
      ferry_p2v_machine_find_disk (machine, name);

    if (drive == NULL) {
      g_autofree char *names = names_of_disks (machine->removables, true);
      ferry_error ("p2v.removable: no CD-ROM drive '%s' on this machine "
                   "(its CD-ROM drives: %s)", name, names);
      return -1;
    }
    if (!drive->cdrom) {
      ferry_error ("p2v.removable: '%s' is not a CD-ROM drive (to convert "
                   "a disk, name it in p2v.disks)", name);
      return -1;
    }
  }
  return 0;
}

static int
resolve_interfaces (struct ferry_p2v_config *config,
                    const struct ferry_p2v_machine *machine)
{
  size_t i;

  if (config->interfaces == NULL) {
    config->interfaces = g_ptr_array_new_with_free_func (g_free);
    for (i = 0; i < machine->nics->len; i++) {
      const struct ferry_p2v_nic *nic = machine->nics->pdata[i];
      g_ptr_array_add (config->interfaces, g_strdup (nic->name));
    }
  }
  for (i = 0; i < config->interfaces->len; i++) {
    const char *name = config->interfaces->pdata[i];

    if (ferry_p2v_machine_find_nic (machine, name) == NULL) {
      g_autofree char *names = names_of_nics (machine->nics);
      g_autofree char *q = ferry_p2v_quote (name, '\'');
      ferry_error ("p2v.interfaces: no network interface %s on this "
                   "machine (its interfaces: %s)", q, names);
      return -1;
    }
  }
  for (i = 0; config->network && i < config->network->len; i++) {
    const char *mapping = config->network->pdata[i];
    const char *colon = strchr (mapping, ':');
    g_autofree char *iface = NULL;

    if (colon == NULL)
      continue;
    iface = g_strndup (mapping, colon - mapping);
    if (ferry_p2v_machine_find_nic (machine, iface) == NULL) {
      g_autofree char *names = names_of_nics (machine->nics);
      g_autofree char *q = ferry_p2v_quote (iface, '\'');
      ferry_error ("p2v.network: no network interface %s on this machine "
                   "(its interfaces: %s)", q, names);
      return -1;
    }
  }
  return 0;
}

int
ferry_p2v_config_resolve (struct ferry_p2v_config *config,
                          const struct ferry_p2v_machine *machine)
{
  const uint64_t gib = UINT64_C (1) << 30;
  const struct ferry_p2v_setting *vcpus = ferry_p2v_setting_find ("p2v.vcpus");

  if (config->name == NULL)
    config->name = default_name (machine);
  if (config->vcpus == 0)
    config->vcpus = MIN ((long long) machine->cpu.online, vcpus->max);
  if (config->memory == 0)
    config->memory = machine->memory > UINT64_MAX - gib
      ? machine->memory : (machine->memory + gib - 1) / gib * gib;
  if (resolve_disks (config, machine) == -1 ||
      resolve_removables (config, machine) == -1 ||
      resolve_interfaces (config, machine) == -1)
    return -1;
  return 0;
}

/* ferry-p2v-server: parsing the machine's description (description.h). */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "description.h"
#include "errors.h"
#include "text.h"
#include "banned.h"

#define MAX_DEVICE_NAME 64       /* bytes of a disk's or NIC's name */
#define MAX_STORAGE 1024         /* bytes of -os */
#define MAX_LIST 64              /* items of oo= and networks= */
#define MAX_VCPUS 4096
#define MIN_MEMORY (UINT64_C (1) << 20)
#define MAX_MEMORY (UINT64_C (1) << 46)   /* 64 TiB */
#define MAX_DISK_SIZE (UINT64_C (1) << 60)

/* -oo options a module takes that make no sense on a server: -oo
 * qemu-boot would boot the guest here, its console on the control
 * channel.
 */
static const char *const refused_output_options[] = { "qemu-boot", NULL };

const struct ferry_output_module *
ferry_p2v_output_lookup (const char *name)
{
  const struct ferry_output_module *module = ferry_output_lookup (name);

  return module != NULL && module->p2v ? module : NULL;
}

bool
ferry_p2v_check_storage (const char *storage)
{
  g_auto (GStrv) parts = NULL;
  const char *why = NULL;
  size_t i;

  if (strlen (storage) > MAX_STORAGE)
    why = "it is longer than 1024 bytes";
  else if (!g_utf8_validate (storage, -1, NULL))
    why = "it is not UTF-8";
  else if (ferry_text_has_control (storage))
    why = "it holds control characters";
  else if (storage[0] == '/')
    why = "it must be a folder relative to the output root";
  else {
    parts = g_strsplit (storage, "/", -1);
    for (i = 0; parts[i] != NULL; i++)
      if (strcmp (parts[i], "..") == 0)
        why = "it must not hold a '..' component";
  }
  if (why == NULL)
    return true;
  ferry_error ("-os '%s': %s", storage, why);
  return false;
}

/* A disk's or NIC's own name: letters, digits, '-', '_', '.', not
 * starting with '.'.
 */
static bool
check_device_name (const char *group, const char *name)
{
  size_t i, len = strlen (name);

  if (len == 0 || len > MAX_DEVICE_NAME || name[0] == '.')
    goto bad;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && strchr ("-_.", name[i]) == NULL)
      goto bad;
  return true;

 bad:
  ferry_error ("description: [%s] name '%s': a disk or NIC name is 1 to "
               "64 letters, digits, '-', '_' or '.', not starting with '.'",
               group, name);
  return false;
}

/* A decimal number from MIN to MAX: digits only, no sign, no space, no
 * leading zero.
 */
static bool
parse_number (const char *group, const char *key, const char *value,
              uint64_t min, uint64_t max, uint64_t *out)
{
  guint64 n;
  char *end;
  size_t len = strlen (value);

  if (len == 0 || len > 20 || strspn (value, "0123456789") != len ||
      (value[0] == '0' && len > 1)) {
    ferry_error ("description: [%s] %s '%s': not a decimal number", group,
                 key, value);
    return false;
  }
  errno = 0;
  n = g_ascii_strtoull (value, &end, 10);
  if (errno != 0 || *end != '\0' || n < min || n > max) {
    ferry_error ("description: [%s] %s '%s': must be from %" G_GUINT64_FORMAT
                 " to %" G_GUINT64_FORMAT, group, key, value, min, max);
    return false;
  }
  *out = n;
  return true;
}

/* The keys of GROUP: each must be one of ALLOWED, and given once. */
static bool
check_keys (GKeyFile *kf, const char *group, const char *const *allowed)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);
  size_t i, j;

  for (i = 0; keys != NULL && keys[i] != NULL; i++) {
    if (!g_strv_contains (allowed, keys[i])) {
      g_autofree char *list = g_strjoinv (", ", (char **) allowed);
      ferry_error ("description: [%s] '%s': unknown key (the group takes: "
                   "%s)", group, keys[i], list);
      return false;
    }
    for (j = 0; j < i; j++)
      if (strcmp (keys[i], keys[j]) == 0) {
        ferry_error ("description: [%s] '%s': given twice", group, keys[i]);
        return false;
      }
  }
  return true;
}

/* The string value of KEY, or NULL: then, if REQUIRED, with the error
 * set; else with *FAILED false when the key is absent and true when it
 * could not be read.
 */
static char *
get_string (GKeyFile *kf, const char *group, const char *key, bool required,
            bool *failed)
{
  g_autoptr (GError) gerr = NULL;
  char *value;

  *failed = false;
  if (!g_key_file_has_key (kf, group, key, NULL)) {
    if (required) {
      ferry_error ("description: [%s] '%s' is missing", group, key);
      *failed = true;
    }
    return NULL;
  }
  value = g_key_file_get_string (kf, group, key, &gerr);
  if (value == NULL) {
    ferry_error ("description: [%s] '%s': %s", group, key, gerr->message);
    *failed = true;
  }
  return value;
}

#define GET(kf, group, key, required, out)                              \
  do {                                                                  \
    bool failed_;                                                       \
    (out) = get_string ((kf), (group), (key), (required), &failed_);    \
    if (failed_)                                                        \
      return false;                                                     \
  } while (0)

static bool
get_number (GKeyFile *kf, const char *group, const char *key, bool required,
            uint64_t min, uint64_t max, uint64_t *out, bool *present)
{
  g_autofree char *value = NULL;

  GET (kf, group, key, required, value);
  if (present != NULL)
    *present = value != NULL;
  if (value == NULL)
    return true;
  return parse_number (group, key, value, min, max, out);
}

static bool
parse_machine (GKeyFile *kf, struct ferry_source *source)
{
  static const char *const keys[] = {
    "name", "vcpus", "memory", "firmware", "sockets", "cores", NULL,
  };
  g_autofree char *firmware = NULL;
  uint64_t vcpus = 0, memory = 0, sockets = 0, cores = 0;
  bool have_sockets, have_cores;

  if (!g_key_file_has_group (kf, "machine")) {
    ferry_error ("description: the [machine] group is missing");
    return false;
  }
  if (!check_keys (kf, "machine", keys))
    return false;
  GET (kf, "machine", "name", true, source->name);
  if (!ferry_name_check ("description: [machine] name", source->name))
    return false;
  if (!get_number (kf, "machine", "vcpus", true, 1, MAX_VCPUS, &vcpus, NULL) ||
      !get_number (kf, "machine", "memory", true, MIN_MEMORY, MAX_MEMORY,
                   &memory, NULL) ||
      !get_number (kf, "machine", "sockets", false, 1, MAX_VCPUS, &sockets,
                   &have_sockets) ||
      !get_number (kf, "machine", "cores", false, 1, MAX_VCPUS, &cores,
                   &have_cores))
    return false;
  if (have_sockets != have_cores) {
    ferry_error ("description: [machine] 'sockets' and 'cores' go together: "
                 "give both or neither");
    return false;
  }
  if (have_sockets && sockets * cores != vcpus) {
    ferry_error ("description: [machine] sockets %" G_GUINT64_FORMAT
                 " times cores %" G_GUINT64_FORMAT " is not vcpus %"
                 G_GUINT64_FORMAT, sockets, cores, vcpus);
    return false;
  }
  source->vcpus = vcpus;
  source->memory = memory;
  source->sockets = sockets;
  source->cores = cores;

  GET (kf, "machine", "firmware", false, firmware);
  if (firmware == NULL)
    source->firmware = FERRY_FIRMWARE_UNKNOWN;
  else if (strcmp (firmware, "bios") == 0)
    source->firmware = FERRY_FIRMWARE_BIOS;
  else if (strcmp (firmware, "uefi") == 0)
    source->firmware = FERRY_FIRMWARE_UEFI;
  else {
    ferry_error ("description: [machine] firmware '%s': must be bios or uefi",
                 firmware);
    return false;
  }
  return true;
}

static bool
parse_disk (GKeyFile *kf, const char *group, struct ferry_source *source)
{
  static const char *const keys[] = { "name", "size", NULL };
  g_autofree char *name = NULL;
  struct ferry_source_disk *disk;
  uint64_t size = 0;
  size_t i;

  if (!check_keys (kf, group, keys))
    return false;
  GET (kf, group, "name", true, name);
  if (!check_device_name (group, name) ||
      !get_number (kf, group, "size", true, 1, MAX_DISK_SIZE, &size, NULL))
    return false;
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *other = source->disks->pdata[i];

    if (strcmp (other->target, name) == 0) {
      ferry_error ("description: [%s] name '%s': [disk %zu] has it too",
                   group, name, i);
      return false;
    }
  }
  disk = ferry_source_add_disk (source, NULL, g_strdup ("raw"));
  disk->target = g_steal_pointer (&name);
  disk->virtual_size = size;
  return true;
}

/* A NIC's network: "NAME" or "network:NAME" (a libvirt network),
 * "bridge:NAME" (a host bridge).
 */
static bool
parse_nic_network (const char *group, const char *value, char **name,
                   bool *bridged)
{
  const char *rest = value;

  *bridged = false;
  if (g_str_has_prefix (value, "bridge:")) {
    *bridged = true;
    rest = value + strlen ("bridge:");
  }
  else if (g_str_has_prefix (value, "network:"))
    rest = value + strlen ("network:");
  if (!*bridged) {
    g_autofree char *what = g_strdup_printf ("description: [%s] network",
                                             group);

    if (!ferry_name_check (what, rest))
      return false;
    if (strchr (rest, ':') != NULL) {
      ferry_error ("description: [%s] network '%s': a network name must not "
                   "hold ':' (write network:NAME or bridge:NAME)", group,
                   value);
      return false;
    }
  }
  *name = g_strdup (rest);
  return true;
}

static bool
parse_nic (GKeyFile *kf, const char *group, struct ferry_source *source,
           GPtrArray *names, GPtrArray *bridges)
{
  static const char *const keys[] = { "name", "mac", "network", NULL };
  g_autofree char *name = NULL, *mac_text = NULL, *network_text = NULL;
  g_autofree char *mac = NULL, *network = NULL;
  struct ferry_source_nic *nic;
  bool bridged = false;
  size_t i;

  if (!check_keys (kf, group, keys))
    return false;
  GET (kf, group, "name", true, name);
  if (!check_device_name (group, name))
    return false;
  GET (kf, group, "mac", false, mac_text);
  if (mac_text != NULL) {
    mac = ferry_source_normalize_mac (mac_text);
    if (mac == NULL) {
      ferry_error ("description: [%s] mac '%s': not a MAC address "
                   "(xx:xx:xx:xx:xx:xx)", group, mac_text);
      return false;
    }
  }
  GET (kf, group, "network", false, network_text);
  if (network_text == NULL)
    network = g_strdup ("default");
  else if (!parse_nic_network (group, network_text, &network, &bridged))
    return false;

  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *other = source->nics->pdata[i];
    bool other_bridged = other->connection != NULL;

    if (strcmp (names->pdata[i], name) == 0) {
      ferry_error ("description: [%s] name '%s': [nic %zu] has it too",
                   group, name, i);
      return false;
    }
    if (mac != NULL && other->mac != NULL && strcmp (other->mac, mac) == 0) {
      ferry_error ("description: [%s] mac '%s': [nic %zu] has it too",
                   group, mac, i);
      return false;
    }
    if (other_bridged != bridged && strcmp (other->network, network) == 0) {
      ferry_error ("description: [%s] network '%s': [nic %zu] names '%s' "
                   "as a %s", group, network_text, i, network,
                   other_bridged ? "bridge" : "libvirt network");
      return false;
    }
  }
  if (bridged && !g_ptr_array_find_with_equal_func (bridges, network,
                                                    g_str_equal, NULL))
    g_ptr_array_add (bridges, g_strdup (network));

  g_ptr_array_add (names, g_steal_pointer (&name));
  nic = ferry_source_add_nic (source, g_steal_pointer (&mac),
                              g_steal_pointer (&network), NULL);
  if (bridged)
    nic->connection = g_strdup ("bridged");
  return true;
}

/* The list value of KEY ("a;b;"), at most MAX_LIST items, or NULL. */
static bool
get_list (GKeyFile *kf, const char *key, char ***out)
{
  g_autoptr (GError) gerr = NULL;
  gsize n = 0;

  *out = NULL;
  if (!g_key_file_has_key (kf, "output", key, NULL))
    return true;
  *out = g_key_file_get_string_list (kf, "output", key, &n, &gerr);
  if (*out == NULL) {
    if (g_error_matches (gerr, G_KEY_FILE_ERROR,
                         G_KEY_FILE_ERROR_INVALID_VALUE) ||
        g_error_matches (gerr, G_KEY_FILE_ERROR,
                         G_KEY_FILE_ERROR_UNKNOWN_ENCODING)) {
      ferry_error ("description: [output] '%s': %s", key, gerr->message);
      return false;
    }
    /* An empty value is an empty list. */
    *out = g_new0 (char *, 1);
    return true;
  }
  if (n > MAX_LIST) {
    ferry_error ("description: [output] '%s': more than %d items", key,
                 MAX_LIST);
    return false;
  }
  return true;
}

static bool
parse_output (GKeyFile *kf, struct ferry_p2v_description *d,
              GPtrArray *bridges)
{
  static const char *const keys[] = {
    "o", "of", "oa", "os", "on", "oo", "networks", NULL,
  };
  g_autofree char *o = NULL, *of = NULL, *oa = NULL;
  g_auto (GStrv) oo = NULL, networks = NULL;
  size_t i;

  if (!g_key_file_has_group (kf, "output")) {
    ferry_error ("description: the [output] group is missing");
    return false;
  }
  if (!check_keys (kf, "output", keys))
    return false;

  GET (kf, "output", "o", true, o);
  d->output = ferry_p2v_output_lookup (o);
  if (d->output == NULL) {
    g_autoptr (GPtrArray) names = g_ptr_array_new ();

    for (i = 0; ferry_output_modules[i] != NULL; i++)
      if (ferry_output_modules[i]->p2v)
        g_ptr_array_add (names, (char *) ferry_output_modules[i]->name);
    g_ptr_array_add (names, NULL);
    {
      g_autofree char *list = g_strjoinv (", ", (char **) names->pdata);
      ferry_error ("description: [output] o '%s': not an output of this "
                   "server (it has: %s)", o, list);
    }
    return false;
  }

  GET (kf, "output", "of", false, of);
  if (of != NULL && ferry_output_format_parse (of, &d->output_format) == -1) {
    ferry_error ("description: [output] of '%s': must be "
                 FERRY_OUTPUT_FORMAT_CHOICES, of);
    return false;
  }

  GET (kf, "output", "oa", false, oa);
  if (oa != NULL && ferry_output_alloc_parse (oa, &d->output_alloc) == -1) {
    ferry_error ("description: [output] oa '%s': must be "
                 FERRY_OUTPUT_ALLOC_CHOICES, oa);
    return false;
  }

  GET (kf, "output", "os", false, d->output_storage);
  if (d->output_storage == NULL)
    d->output_storage = g_strdup ("");
  if (!ferry_p2v_check_storage (d->output_storage)) {
    ferry_error_prefix ("description: [output] os");
    return false;
  }

  GET (kf, "output", "on", false, d->output_name);
  if (d->output_name != NULL &&
      !ferry_name_check ("description: [output] on", d->output_name))
    return false;

  if (!get_list (kf, "oo", &oo))
    return false;
  for (i = 0; oo != NULL && oo[i] != NULL; i++) {
    const char *const *accepted = d->output->accepted_options;

    if (g_strv_contains (refused_output_options, oo[i])) {
      ferry_error ("description: [output] oo '%s': not allowed on the "
                   "conversion server", oo[i]);
      return false;
    }
    if (accepted == NULL || !g_strv_contains (accepted, oo[i])) {
      ferry_error ("description: [output] oo '%s': not an option of -o %s",
                   oo[i], d->output->name);
      return false;
    }
  }
  d->output_options = oo ? g_steal_pointer (&oo) : g_new0 (char *, 1);

  if (!get_list (kf, "networks", &networks))
    return false;
  for (i = 0; networks != NULL && networks[i] != NULL; i++)
    if (ferry_network_map_add_network (d->networks, networks[i]) == -1) {
      ferry_error_prefix ("description: [output] networks");
      return false;
    }
  for (i = 0; i < bridges->len; i++) {
    g_autofree char *spec = g_strdup_printf ("%s:%s",
                                             (char *) bridges->pdata[i],
                                             (char *) bridges->pdata[i]);

    if (ferry_network_map_add_bridge (d->networks, spec) == -1) {
      ferry_error_prefix ("description: a NIC's network 'bridge:%s'",
                          (char *) bridges->pdata[i]);
      return false;
    }
  }
  return true;
}

/* "disk 12" -> 12, for KIND "disk".  Returns -1 if GROUP is not KIND
 * followed by one space and a number written without leading zeros,
 * -2 if the number is too large.
 */
static int
group_index (const char *group, const char *kind, unsigned max)
{
  size_t k = strlen (kind);
  const char *n = group + k + 1;
  size_t len;
  unsigned v = 0;

  if (strncmp (group, kind, k) != 0 || group[k] != ' ')
    return -1;
  len = strlen (n);
  if (len == 0 || strspn (n, "0123456789") != len ||
      (n[0] == '0' && len > 1))
    return -1;
  if (len > 3)
    return -2;
  for (; *n != '\0'; n++)
    v = v * 10 + (*n - '0');
  return v < max ? (int) v : -2;
}

/* GKeyFile merges a group given twice, and keeps localized keys
 * ("name[fr]") out of sight: both are refused here, from the text.
 */
static bool
check_text (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal,
                                                         g_free, NULL);
  size_t i;

  for (i = 0; lines[i] != NULL; i++) {
    const char *line = lines[i] + strspn (lines[i], " \t");
    const char *eq, *bracket;

    if (line[0] == '#' || line[0] == '\0')
      continue;
    if (line[0] == '[') {
      const char *end = strchr (line, ']');
      g_autofree char *name = NULL;

      if (end == NULL)
        continue;       /* GKeyFile refuses it */
      name = g_strndup (line + 1, end - line - 1);
      if (g_hash_table_contains (groups, name)) {
        ferry_error ("description: [%s]: the group is given twice", name);
        return false;
      }
      g_hash_table_add (groups, g_steal_pointer (&name));
      continue;
    }
    eq = strchr (line, '=');
    bracket = strchr (line, '[');
    if (eq != NULL && bracket != NULL && bracket < eq) {
      g_autofree char *key = g_strndup (line, eq - line);
      ferry_error ("description: '%s': localized keys are not allowed",
                   g_strstrip (key));
      return false;
    }
  }
  return true;
}

struct ferry_p2v_description *
ferry_p2v_description_parse (const char *text, size_t len)
{
  g_autoptr (ferry_p2v_description) d = g_new0 (struct ferry_p2v_description,
                                                1);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) gerr = NULL;
  g_autoptr (GPtrArray) bridges = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) nic_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *copy = NULL;
  g_auto (GStrv) groups = NULL;
  bool disk_seen[FERRY_P2V_MAX_DISKS] = { false };
  bool nic_seen[FERRY_P2V_MAX_NICS] = { false };
  unsigned ndisks = 0, nnics = 0;
  size_t i;

  d->source = ferry_source_new ();
  d->networks = ferry_network_map_new ();

  if (len > FERRY_P2V_DESCRIPTION_MAX_SIZE) {
    ferry_error ("description: larger than %d bytes",
                 FERRY_P2V_DESCRIPTION_MAX_SIZE);
    return NULL;
  }
  if (memchr (text, '\0', len) != NULL) {
    ferry_error ("description: it holds a NUL byte");
    return NULL;
  }
  if (!g_utf8_validate (text, len, NULL)) {
    ferry_error ("description: it is not UTF-8 text");
    return NULL;
  }
  copy = g_strndup (text, len);
  if (!check_text (copy))
    return NULL;
  if (!g_key_file_load_from_data (kf, copy, len, G_KEY_FILE_NONE, &gerr)) {
    ferry_error ("description: not a key file: %s", gerr->message);
    return NULL;
  }

  /* Which groups there are, before reading any. */
  groups = g_key_file_get_groups (kf, NULL);
  for (i = 0; groups[i] != NULL; i++) {
    const char *g = groups[i];
    int n;

    if (strcmp (g, "machine") == 0 || strcmp (g, "output") == 0)
      continue;
    if ((n = group_index (g, "disk", FERRY_P2V_MAX_DISKS)) >= 0) {
      disk_seen[n] = true;
      ndisks++;
      continue;
    }
    if (n == -2) {
      ferry_error ("description: [%s]: more than %d disks", g,
                   FERRY_P2V_MAX_DISKS);
      return NULL;
    }
    if ((n = group_index (g, "nic", FERRY_P2V_MAX_NICS)) >= 0) {
      nic_seen[n] = true;
      nnics++;
      continue;
    }
    if (n == -2) {
      ferry_error ("description: [%s]: more than %d NICs", g,
                   FERRY_P2V_MAX_NICS);
      return NULL;
    }
    ferry_error ("description: [%s]: unknown group (expected [machine], "
                 "[disk N], [nic N] or [output])", g);
    return NULL;
  }
  if (ndisks == 0) {
    ferry_error ("description: no disk: a [disk 0] group is needed");
    return NULL;
  }
  for (i = 0; i < ndisks; i++)
    if (!disk_seen[i]) {
      ferry_error ("description: [disk %zu] is missing: disks are numbered "
                   "from 0 without gaps", i);
      return NULL;
    }
  for (i = 0; i < nnics; i++)
    if (!nic_seen[i]) {
      ferry_error ("description: [nic %zu] is missing: NICs are numbered "
                   "from 0 without gaps", i);
      return NULL;
    }

  if (!parse_machine (kf, d->source))
    return NULL;
  for (i = 0; i < ndisks; i++) {
    g_autofree char *g = g_strdup_printf ("disk %zu", i);
    if (!parse_disk (kf, g, d->source))
      return NULL;
  }
  for (i = 0; i < nnics; i++) {
    g_autofree char *g = g_strdup_printf ("nic %zu", i);
    if (!parse_nic (kf, g, d->source, nic_names, bridges))
      return NULL;
  }
  if (!parse_output (kf, d, bridges))
    return NULL;
  return g_steal_pointer (&d);
}

void
ferry_p2v_description_free (struct ferry_p2v_description *d)
{
  if (d == NULL)
    return;
  ferry_source_free (d->source);
  g_free (d->output_storage);
  g_free (d->output_name);
  g_strfreev (d->output_options);
  ferry_network_map_free (d->networks);
  g_free (d);
}

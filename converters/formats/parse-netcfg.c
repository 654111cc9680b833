/* ferry: which NICs a Linux guest's network configuration names.
 *
 * Four small parsers (ifupdown, systemd-networkd and NetworkManager's INI
 * files, a subset of YAML for netplan) over one line reader.  Each reads
 * only what names a NIC and ignores the rest, as the tools ignore what
 * they do not know.  See parse-netcfg.h.
 */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "parse-netcfg.h"
#include "errors.h"
#include "source.h"
#include "text.h"
#include "banned.h"

struct ferry_netcfg *
ferry_netcfg_new (void)
{
  struct ferry_netcfg *cfg = g_new0 (struct ferry_netcfg, 1);

  cfg->nics = g_ptr_array_new ();
  cfg->includes = g_ptr_array_new ();
  return cfg;
}

void
ferry_netcfg_free (struct ferry_netcfg *cfg)
{
  size_t i;

  if (cfg == NULL)
    return;
  for (i = 0; i < cfg->nics->len; i++) {
    struct ferry_netcfg_nic *nic = cfg->nics->pdata[i];
    g_free (nic->name);
    g_free (nic->mac);
    g_free (nic->method);
    g_free (nic->file);
    g_free (nic);
  }
  for (i = 0; i < cfg->includes->len; i++) {
    struct ferry_netcfg_include *inc = cfg->includes->pdata[i];
    g_free (inc->path);
    g_free (inc);
  }
  g_ptr_array_free (cfg->nics, TRUE);
  g_ptr_array_free (cfg->includes, TRUE);
  g_free (cfg);
}

const char *
ferry_netcfg_tool_name (enum ferry_netcfg_tool tool)
{
  switch (tool) {
  case FERRY_NETCFG_IFUPDOWN: return "ifupdown";
  case FERRY_NETCFG_NETWORKD: return "systemd-networkd";
  case FERRY_NETCFG_NM: return "NetworkManager";
  case FERRY_NETCFG_NETPLAN: return "netplan";
  }
  return "unknown";
}

bool
ferry_netcfg_nic_name (const char *name, size_t len)
{
  size_t i;

  if (name == NULL || len < 3 || len > 15)
    return false;
  if (strncmp (name, "en", 2) != 0 && strncmp (name, "eth", 3) != 0)
    return false;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '-')
      return false;
  return true;
}

/* Record NAME (LEN bytes) when it names a NIC.  A name already recorded
 * takes MAC and METHOD only where it has none.
 */
static int
add_nic (struct ferry_netcfg *cfg, enum ferry_netcfg_tool tool,
         const char *file, const char *name, size_t len, const char *mac,
         const char *method)
{
  struct ferry_netcfg_nic *nic;
  size_t i;

  if (!ferry_netcfg_nic_name (name, len))
    return 0;
  for (i = 0; i < cfg->nics->len; i++) {
    nic = cfg->nics->pdata[i];
    if (strlen (nic->name) == len && memcmp (nic->name, name, len) == 0) {
      if (nic->mac == NULL && mac != NULL)
        nic->mac = g_strdup (mac);
      if (nic->method == NULL && method != NULL)
        nic->method = g_strdup (method);
      return 0;
    }
  }
  if (cfg->nics->len >= FERRY_NETCFG_MAX_NICS) {
    g_autofree char *q = ferry_text_cescape (file);
    ferry_error ("cannot read '%s': more than %u network interfaces", q,
                 FERRY_NETCFG_MAX_NICS);
    return -1;
  }
  nic = g_new0 (struct ferry_netcfg_nic, 1);
  nic->name = g_strndup (name, len);
  nic->mac = g_strdup (mac);
  nic->method = g_strdup (method);
  nic->tool = tool;
  nic->file = g_strdup (file);
  g_ptr_array_add (cfg->nics, nic);
  return 0;
}

/* Lines: the text up to each LF, without a CR before it, and only up to
 * a NUL byte within it.
 */
struct lines {
  const char *p, *end;
};

static bool
next_line (struct lines *l, const char **line, size_t *len)
{
  const char *nl, *nul;

  if (l->p >= l->end)
    return false;
  nl = memchr (l->p, '\n', l->end - l->p);
  if (nl == NULL)
    nl = l->end;
  *line = l->p;
  *len = nl - l->p;
  l->p = nl < l->end ? nl + 1 : nl;
  nul = memchr (*line, '\0', *len);
  if (nul != NULL)
    *len = nul - *line;
  if (*len > 0 && (*line)[*len - 1] == '\r')
    (*len)--;
  return true;
}

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Split S (LEN bytes) into its blank-separated words, at most MAX. */
static size_t
split_words (const char *s, size_t len, const char **words, size_t *lens,
             size_t max)
{
  size_t n = 0, i = 0;

  while (i < len && n < max) {
    size_t start;
    while (i < len && is_blank (s[i]))
      i++;
    if (i >= len)
      break;
    start = i;
    while (i < len && !is_blank (s[i]))
      i++;
    words[n] = s + start;
    lens[n] = i - start;
    n++;
  }
  return n;
}

static bool
word_is (const char *w, size_t len, const char *s)
{
  return strlen (s) == len && memcmp (w, s, len) == 0;
}

static int
add_include (struct ferry_netcfg *cfg, const char *file, const char *path,
             size_t len, bool directory)
{
  struct ferry_netcfg_include *inc;
  g_autofree char *rel = g_strndup (path, len);

  if (len == 0)
    return 0;
  if (cfg->includes->len >= FERRY_NETCFG_MAX_INCLUDES) {
    g_autofree char *q = ferry_text_cescape (file);
    ferry_error ("cannot read '%s': more than %u includes", q,
                 FERRY_NETCFG_MAX_INCLUDES);
    return -1;
  }
  inc = g_new0 (struct ferry_netcfg_include, 1);
  if (rel[0] == '/')
    inc->path = g_steal_pointer (&rel);
  else {
    g_autofree char *dir = g_path_get_dirname (file);
    inc->path = g_build_filename (dir, rel, NULL);
  }
  inc->directory = directory;
  g_ptr_array_add (cfg->includes, inc);
  return 0;
}

/* The name before the first '.' (a VLAN) or ':' (an alias), if any. */
static size_t
base_name_len (const char *name, size_t len)
{
  size_t i;

  for (i = 0; i < len; i++)
    if (name[i] == '.' || name[i] == ':')
      return i;
  return len;
}

#define MAX_WORDS 64

static int
parse_ifupdown (struct ferry_netcfg *cfg, const char *file, const char *text,
                size_t len)
{
  struct lines l = { text, text + len };
  g_autoptr (GString) logical = g_string_new (NULL);
  const char *line;
  size_t line_len;
  bool in_iface = false;

  while (next_line (&l, &line, &line_len)) {
    const char *words[MAX_WORDS];
    size_t lens[MAX_WORDS], n, i, skip = 0;

    /* A backslash at the end continues the line. */
    if (line_len > 0 && line[line_len - 1] == '\\') {
      g_string_append_len (logical, line, line_len - 1);
      g_string_append_c (logical, ' ');
      continue;
    }
    g_string_append_len (logical, line, line_len);
    while (skip < logical->len && is_blank (logical->str[skip]))
      skip++;
    if (skip == logical->len || logical->str[skip] == '#') {
      g_string_truncate (logical, 0);
      continue;
    }
    n = split_words (logical->str + skip, logical->len - skip, words, lens,
                     MAX_WORDS);
    if (word_is (words[0], lens[0], "iface")) {
      in_iface = true;
      if (n >= 2) {
        size_t base = base_name_len (words[1], lens[1]);
        const char *method = NULL;
        g_autofree char *m = n >= 4 ? g_strndup (words[3], lens[3]) : NULL;
        if (base < lens[1] && words[1][base] == '.')
          method = "vlan";
        else
          method = m;
        if (add_nic (cfg, FERRY_NETCFG_IFUPDOWN, file, words[1], base, NULL,
                     method) == -1)
          return -1;
      }
    }
    else if (word_is (words[0], lens[0], "source") ||
             word_is (words[0], lens[0], "source-directory")) {
      in_iface = false;
      if (n >= 2 &&
          add_include (cfg, file, words[1], lens[1],
                       word_is (words[0], lens[0], "source-directory")) == -1)
        return -1;
    }
    else if (word_is (words[0], lens[0], "auto") ||
             word_is (words[0], lens[0], "mapping") ||
             word_is (words[0], lens[0], "rename") ||
             (lens[0] > 6 && memcmp (words[0], "allow-", 6) == 0) ||
             word_is (words[0], lens[0], "no-auto-down") ||
             word_is (words[0], lens[0], "no-scripts"))
      in_iface = false;
    else if (in_iface) {
      const char *method = NULL;
      if (word_is (words[0], lens[0], "bridge_ports") ||
          word_is (words[0], lens[0], "bridge-ports") ||
          word_is (words[0], lens[0], "bond-slaves") ||
          word_is (words[0], lens[0], "bond_slaves") ||
          word_is (words[0], lens[0], "slaves"))
        method = "port";
      else if (word_is (words[0], lens[0], "vlan-raw-device") ||
               word_is (words[0], lens[0], "vlan_raw_device"))
        method = "vlan";
      for (i = 1; method != NULL && i < n; i++)
        if (add_nic (cfg, FERRY_NETCFG_IFUPDOWN, file, words[i], lens[i],
                     NULL, method) == -1)
          return -1;
    }
    g_string_truncate (logical, 0);
  }
  return 0;
}

/* MAC in any of the forms the tools write: "00:50:56:AB:CD:EF", or
 * NetworkManager's old "0;80;86;171;205;239;".  A new lower-case
 * "00:50:56:ab:cd:ef", or NULL.
 */
static char *
parse_mac (const char *s, size_t len)
{
  g_autofree char *copy = g_strndup (s, len);

  if (len == 17 && strchr (copy, ';') == NULL)
    return ferry_source_normalize_mac (copy);
  if (len >= 11 && len <= 24 && strchr (copy, ';') != NULL) {
    unsigned bytes[6];
    size_t n = 0, i = 0;
    while (i < len && n < 6) {
      unsigned v = 0;
      size_t digits = 0;
      while (i < len && g_ascii_isdigit (copy[i]) && digits < 3) {
        v = v * 10 + (copy[i] - '0');
        i++;
        digits++;
      }
      if (digits == 0 || v > 255 || (i < len && copy[i] != ';'))
        return NULL;
      bytes[n++] = v;
      i++;
    }
    if (n != 6 || i < len)
      return NULL;
    return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", bytes[0],
                            bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);
  }
  return NULL;
}

static void
trim (const char **s, size_t *len)
{
  while (*len > 0 && is_blank (**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len > 0 && is_blank ((*s)[*len - 1]))
    (*len)--;
}

static bool
is_pattern (const char *s, size_t len)
{
  size_t i;

  for (i = 0; i < len; i++)
    if (s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '!')
      return true;
  return false;
}

/* The INI files of systemd-networkd and NetworkManager: what this parser
 * keeps of one file.
 */
struct ini {
  GString *names;          /* networkd [Match] Name=: the last value */
  GString *macs;           /* networkd [Match] MACAddress=: the last value */
  bool dhcp, address;      /* networkd DHCP= enabled, an Address= */
  char *type;              /* NM [connection] type= */
  char *ifname;            /* NM [connection] interface-name= */
  char *mac;               /* NM [ethernet] mac-address=, normalized */
  char *parent;            /* NM [vlan] parent= */
  char *method;            /* NM [ipv4] method= */
  bool ethernet_section;   /* NM: an [ethernet] section */
};

static bool
value_true (const char *v, size_t len)
{
  return word_is (v, len, "yes") || word_is (v, len, "true") ||
    word_is (v, len, "1") || word_is (v, len, "on") ||
    word_is (v, len, "ipv4") || word_is (v, len, "both");
}

static void
ini_read (struct ini *ini, enum ferry_netcfg_tool tool, const char *text,
          size_t len)
{
  struct lines l = { text, text + len };
  g_autofree char *section = NULL;
  const char *line;
  size_t line_len;

  while (next_line (&l, &line, &line_len)) {
    const char *eq, *key, *value;
    size_t key_len, value_len;

    trim (&line, &line_len);
    if (line_len == 0 || line[0] == '#' || line[0] == ';')
      continue;
    if (line[0] == '[') {
      const char *close = memchr (line, ']', line_len);
      g_free (section);
      section = close ? g_strndup (line + 1, close - line - 1) : NULL;
      if (tool == FERRY_NETCFG_NM && section != NULL &&
          (strcmp (section, "ethernet") == 0 ||
           strcmp (section, "802-3-ethernet") == 0))
        ini->ethernet_section = true;
      continue;
    }
    eq = memchr (line, '=', line_len);
    if (eq == NULL || section == NULL)
      continue;
    key = line;
    key_len = eq - line;
    value = eq + 1;
    value_len = line_len - key_len - 1;
    trim (&key, &key_len);
    trim (&value, &value_len);

    if (tool == FERRY_NETCFG_NETWORKD) {
      if (strcmp (section, "Match") == 0) {
        /* Each assignment adds to the list; an empty one empties it. */
        GString *list = NULL;
        if (word_is (key, key_len, "Name"))
          list = ini->names;
        else if (word_is (key, key_len, "MACAddress") ||
                 word_is (key, key_len, "PermanentMACAddress"))
          list = ini->macs;
        if (list != NULL && value_len == 0)
          g_string_truncate (list, 0);
        else if (list != NULL && list->len < FERRY_NETCFG_MAX_FILE) {
          g_string_append_len (list, value, value_len);
          g_string_append_c (list, ' ');
        }
      }
      else if (strcmp (section, "Network") == 0) {
        if (word_is (key, key_len, "DHCP"))
          ini->dhcp = value_true (value, value_len);
        else if (word_is (key, key_len, "Address") && value_len > 0)
          ini->address = true;
      }
      else if (strcmp (section, "Address") == 0 &&
               word_is (key, key_len, "Address") && value_len > 0)
        ini->address = true;
      continue;
    }

    /* NetworkManager: the last value of a key wins. */
    if (strcmp (section, "connection") == 0) {
      if (word_is (key, key_len, "type")) {
        g_free (ini->type);
        ini->type = g_strndup (value, value_len);
      }
      else if (word_is (key, key_len, "interface-name")) {
        g_free (ini->ifname);
        ini->ifname = g_strndup (value, value_len);
      }
    }
    else if ((strcmp (section, "ethernet") == 0 ||
              strcmp (section, "802-3-ethernet") == 0) &&
             word_is (key, key_len, "mac-address")) {
      g_free (ini->mac);
      ini->mac = parse_mac (value, value_len);
    }
    else if (strcmp (section, "vlan") == 0 && word_is (key, key_len, "parent")) {
      g_free (ini->parent);
      ini->parent = g_strndup (value, value_len);
    }
    else if (strcmp (section, "ipv4") == 0 && word_is (key, key_len, "method")) {
      g_free (ini->method);
      ini->method = g_strndup (value, value_len);
    }
  }
}

static int
parse_networkd (struct ferry_netcfg *cfg, const char *file, const char *text,
                size_t len)
{
  struct ini ini = { .names = g_string_new (NULL), .macs = g_string_new (NULL) };
  const char *words[MAX_WORDS], *macs[2];
  size_t lens[MAX_WORDS], mac_lens[2], n, nmacs, i;
  g_autofree char *mac = NULL;
  const char *method;
  int r = 0;

  ini_read (&ini, FERRY_NETCFG_NETWORKD, text, len);
  n = split_words (ini.names->str, ini.names->len, words, lens, MAX_WORDS);
  nmacs = split_words (ini.macs->str, ini.macs->len, macs, mac_lens, 2);
  /* A MAC binds the name only when it is the one MAC and the one name. */
  if (n == 1 && nmacs == 1)
    mac = parse_mac (macs[0], mac_lens[0]);
  method = ini.dhcp ? "dhcp" : ini.address ? "static" : NULL;
  for (i = 0; i < n && r == 0; i++)
    if (!is_pattern (words[i], lens[i]))
      r = add_nic (cfg, FERRY_NETCFG_NETWORKD, file, words[i], lens[i], mac,
                   method);
  g_string_free (ini.names, TRUE);
  g_string_free (ini.macs, TRUE);
  return r;
}

static int
parse_nm (struct ferry_netcfg *cfg, const char *file, const char *text,
          size_t len)
{
  struct ini ini = { 0 };
  const char *method = NULL;
  bool ethernet;
  int r = 0;

  ini_read (&ini, FERRY_NETCFG_NM, text, len);
  ethernet = ini.type ? (strcmp (ini.type, "ethernet") == 0 ||
                         strcmp (ini.type, "802-3-ethernet") == 0)
    : ini.ethernet_section;
  if (ini.method != NULL)
    method = strcmp (ini.method, "auto") == 0 ? "dhcp"
      : strcmp (ini.method, "manual") == 0 ? "static" : ini.method;
  if (ethernet && ini.ifname != NULL)
    r = add_nic (cfg, FERRY_NETCFG_NM, file, ini.ifname, strlen (ini.ifname),
                 ini.mac, method);
  else if (ini.type != NULL && strcmp (ini.type, "vlan") == 0 &&
           ini.parent != NULL)
    r = add_nic (cfg, FERRY_NETCFG_NM, file, ini.parent, strlen (ini.parent),
                 NULL, "vlan");
  g_free (ini.type);
  g_free (ini.ifname);
  g_free (ini.mac);
  g_free (ini.parent);
  g_free (ini.method);
  return r;
}

/* netplan: one entry of network: ethernets:. */
struct netplan_nic {
  char *id;
  char *set_name;
  char *match_name;
  char *match_mac;
  bool match, dhcp, addresses;
};

static void
netplan_nic_free (gpointer p)
{
  struct netplan_nic *e = p;

  g_free (e->id);
  g_free (e->set_name);
  g_free (e->match_name);
  g_free (e->match_mac);
  g_free (e);
}

#define YAML_DEPTH 16

/* A YAML scalar: S (LEN bytes) without its quotes. */
static void
unquote (const char **s, size_t *len)
{
  trim (s, len);
  if (*len >= 2 && ((*s)[0] == '"' || (*s)[0] == '\'') &&
      (*s)[*len - 1] == (*s)[0]) {
    (*s)++;
    *len -= 2;
  }
}

/* The end of a line's content: before a comment (a '#' at the start or
 * after a blank, outside quotes).
 */
static size_t
yaml_content_len (const char *s, size_t len)
{
  char quote = 0;
  size_t i;

  for (i = 0; i < len; i++) {
    if (quote) {
      if (s[i] == quote)
        quote = 0;
    }
    else if (s[i] == '"' || s[i] == '\'')
      quote = s[i];
    else if (s[i] == '#' && (i == 0 || is_blank (s[i - 1])))
      return i;
  }
  return len;
}

/* A mapping key at S: "KEY:" followed by a blank or the end.  Sets the
 * key and the value after it; false when S is not a key.
 */
static bool
yaml_key (const char *s, size_t len, const char **key, size_t *key_len,
          const char **value, size_t *value_len)
{
  size_t i = 0;

  if (len > 0 && (s[0] == '"' || s[0] == '\'')) {
    const char *close = memchr (s + 1, s[0], len - 1);
    if (close == NULL)
      return false;
    i = close - s + 1;
    if (i >= len || s[i] != ':')
      return false;
    *key = s + 1;
    *key_len = i - 2;
  }
  else {
    for (i = 0; i < len; i++)
      if (s[i] == ':' && (i + 1 == len || is_blank (s[i + 1])))
        break;
    if (i == len || i == 0)
      return false;
    *key = s;
    *key_len = i;
    trim (key, key_len);
  }
  *value = s + i + 1;
  *value_len = len - i - 1;
  trim (value, value_len);
  return true;
}

/* Apply KEY: VALUE at PATH (the keys above it, DEPTH of them) to the
 * netplan entries.
 */
static void
netplan_apply (GPtrArray *entries, char **path, size_t depth,
               const char *key, size_t key_len, const char *value,
               size_t value_len)
{
  struct netplan_nic *e;
  const char *v = value;
  size_t vl = value_len;

  if (depth < 3 || strcmp (path[0], "network") != 0 ||
      strcmp (path[1], "ethernets") != 0 || entries->len == 0)
    return;
  e = entries->pdata[entries->len - 1];
  unquote (&v, &vl);
  if (depth == 3) {
    if (word_is (key, key_len, "set-name")) {
      g_free (e->set_name);
      e->set_name = g_strndup (v, vl);
    }
    else if (word_is (key, key_len, "match"))
      e->match = true;
    else if (word_is (key, key_len, "dhcp4") || word_is (key, key_len, "dhcp6"))
      e->dhcp = e->dhcp || value_true (v, vl);
    else if (word_is (key, key_len, "addresses"))
      e->addresses = true;
  }
  else if (depth == 4 && strcmp (path[3], "match") == 0) {
    if (word_is (key, key_len, "name")) {
      g_free (e->match_name);
      e->match_name = g_strndup (v, vl);
    }
    else if (word_is (key, key_len, "macaddress")) {
      g_free (e->match_mac);
      e->match_mac = parse_mac (v, vl);
    }
  }
}

/* A one-line flow mapping "{k: v, k: v}" (no nesting) as the value of
 * the key at PATH[DEPTH - 1].
 */
static void
netplan_flow (GPtrArray *entries, char **path, size_t depth, const char *s,
              size_t len)
{
  size_t i = 1;

  if (len < 2 || s[0] != '{' || s[len - 1] != '}' ||
      memchr (s + 1, '{', len - 2) != NULL || memchr (s + 1, '[', len - 2))
    return;
  len--;
  while (i < len) {
    size_t start = i;
    const char *key, *value;
    size_t key_len, value_len;

    while (i < len && s[i] != ',')
      i++;
    if (yaml_key (s + start, i - start, &key, &key_len, &value, &value_len))
      netplan_apply (entries, path, depth, key, key_len, value, value_len);
    i++;
  }
}

static int
parse_netplan (struct ferry_netcfg *cfg, const char *file, const char *text,
               size_t len)
{
  struct lines l = { text, text + len };
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func
    (netplan_nic_free);
  char *path[YAML_DEPTH] = { NULL };
  size_t indents[YAML_DEPTH], depth = 0, i;
  const char *line;
  size_t line_len;
  int r = 0;

  while (next_line (&l, &line, &line_len)) {
    const char *key, *value;
    size_t key_len, value_len, indent = 0;

    while (indent < line_len && line[indent] == ' ')
      indent++;
    if (indent < line_len && line[indent] == '\t')
      continue;             /* YAML indents with spaces only */
    line += indent;
    line_len = yaml_content_len (line, line_len - indent);
    while (line_len > 0 && is_blank (line[line_len - 1]))
      line_len--;
    if (line_len == 0)
      continue;
    if (word_is (line, line_len, "---") || word_is (line, line_len, "...")) {
      while (depth > 0)
        g_free (path[--depth]);
      continue;
    }
    if (line[0] == '-') {
      /* A sequence item: nothing a NIC name needs is in one. */
      while (depth > 0 && indents[depth - 1] > indent)
        g_free (path[--depth]);
      continue;
    }
    if (!yaml_key (line, line_len, &key, &key_len, &value, &value_len))
      continue;
    while (depth > 0 && indents[depth - 1] >= indent)
      g_free (path[--depth]);
    if (depth == 2 && strcmp (path[0], "network") == 0 &&
        strcmp (path[1], "ethernets") == 0) {
      struct netplan_nic *e;
      if (entries->len >= FERRY_NETCFG_MAX_NICS) {
        g_autofree char *q = ferry_text_cescape (file);
        ferry_error ("cannot read '%s': more than %u network interfaces", q,
                     FERRY_NETCFG_MAX_NICS);
        r = -1;
        break;
      }
      e = g_new0 (struct netplan_nic, 1);
      e->id = g_strndup (key, key_len);
      g_ptr_array_add (entries, e);
    }
    else
      netplan_apply (entries, path, depth, key, key_len, value, value_len);
    if (depth >= YAML_DEPTH)
      continue;
    indents[depth] = indent;
    path[depth++] = g_strndup (key, key_len);
    if (value_len > 0 && value[0] == '{')
      netplan_flow (entries, path, depth, value, value_len);
  }
  while (depth > 0)
    g_free (path[--depth]);

  for (i = 0; i < entries->len && r == 0; i++) {
    struct netplan_nic *e = entries->pdata[i];
    const char *name = e->set_name ? e->set_name
      : e->match ? e->match_name : e->id;
    const char *method = e->dhcp ? "dhcp" : e->addresses ? "static" : NULL;

    /* Matched by MAC alone, with no name: nothing depends on the name. */
    if (name == NULL || is_pattern (name, strlen (name)))
      continue;
    r = add_nic (cfg, FERRY_NETCFG_NETPLAN, file, name, strlen (name),
                 e->match_mac, method);
  }
  return r;
}

int
ferry_netcfg_parse (struct ferry_netcfg *cfg, enum ferry_netcfg_tool tool,
                    const char *file, const char *text, size_t len)
{
  if (len > FERRY_NETCFG_MAX_FILE) {
    g_autofree char *q = ferry_text_cescape (file);
    ferry_error ("cannot read '%s': larger than %u bytes", q,
                 FERRY_NETCFG_MAX_FILE);
    return -1;
  }
  switch (tool) {
  case FERRY_NETCFG_IFUPDOWN: return parse_ifupdown (cfg, file, text, len);
  case FERRY_NETCFG_NETWORKD: return parse_networkd (cfg, file, text, len);
  case FERRY_NETCFG_NM: return parse_nm (cfg, file, text, len);
  case FERRY_NETCFG_NETPLAN: return parse_netplan (cfg, file, text, len);
  }
  return 0;
}

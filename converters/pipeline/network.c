/* ferry: where the converted guest's NICs are plugged (see network.h). */

#include <config.h>

#include <string.h>

#include "network.h"
#include "errors.h"
#include "text.h"
#include "banned.h"

/* One -n, -b or --mac option. */
struct mapping {
  char *option;            /* as the user wrote it, for messages:
                            * "-n 'IN:OUT'" */
  char *in;                /* the source network's name, the MAC (lower
                            * case), or NULL for a default (-n OUT) */
  enum ferry_vnet_type type;
  char *out;               /* the network's or bridge's name */
};

struct ferry_network_map {
  GPtrArray *macs;         /* struct mapping *, --mac */
  GPtrArray *networks;     /* struct mapping *, -n IN:OUT */
  GPtrArray *bridges;      /* struct mapping *, -b IN:OUT */
  struct mapping *default_network;   /* -n OUT, or NULL */
  struct mapping *default_bridge;    /* -b OUT, or NULL */
};

static void
mapping_free (gpointer p)
{
  struct mapping *m = p;

  if (m == NULL)
    return;
  g_free (m->option);
  g_free (m->in);
  g_free (m->out);
  g_free (m);
}

struct ferry_network_map *
ferry_network_map_new (void)
{
  struct ferry_network_map *map = g_new0 (struct ferry_network_map, 1);

  map->macs = g_ptr_array_new_with_free_func (mapping_free);
  map->networks = g_ptr_array_new_with_free_func (mapping_free);
  map->bridges = g_ptr_array_new_with_free_func (mapping_free);
  return map;
}

void
ferry_network_map_free (struct ferry_network_map *map)
{
  if (map == NULL)
    return;
  g_ptr_array_unref (map->macs);
  g_ptr_array_unref (map->networks);
  g_ptr_array_unref (map->bridges);
  mapping_free (map->default_network);
  mapping_free (map->default_bridge);
  g_free (map);
}

const char *
ferry_vnet_type_name (enum ferry_vnet_type type)
{
  return type == FERRY_VNET_BRIDGE ? "bridge" : "network";
}

/* OPTION 'SPEC', with control characters escaped: the way messages show
 * an option.  Bytes from 0x80 up are kept, so that UTF-8 names read.
 */
static char *
show_option (const char *option, const char *spec)
{
  g_autofree char *escaped = ferry_text_cescape (spec);

  return g_strdup_printf ("%s '%s'", option, escaped);
}

/* Can NAME be the target of a mapping of TYPE?  A host bridge is named
 * as a Linux interface (at most 15 bytes, no '/', ':' or space), in the
 * characters libvirt's schema allows; a libvirt network name holds no
 * '/' and, here, no control character.
 */
static int
check_name (enum ferry_vnet_type type, const char *name, const char *shown)
{
  const unsigned char *p;

  if (name[0] == '\0') {
    ferry_error ("%s: the %s name is empty", shown,
                 ferry_vnet_type_name (type));
    return -1;
  }
  if (type == FERRY_VNET_BRIDGE) {
    size_t len = strlen (name);
    bool good = len <= 15 && strcmp (name, ".") != 0 &&
      strcmp (name, "..") != 0;

    for (p = (const unsigned char *) name; good && *p != '\0'; p++)
      good = g_ascii_isalnum (*p) || *p == '_' || *p == '.' || *p == '-';
    if (!good) {
      ferry_error ("%s: '%s' is not a host bridge name (1 to 15 of A-Z, "
                   "a-z, 0-9, '_', '.' and '-')", shown, name);
      return -1;
    }
    return 0;
  }
  for (p = (const unsigned char *) name; *p != '\0'; p++) {
    if (*p == '/' || *p < 0x20 || *p == 0x7f) {
      ferry_error ("%s: not a libvirt network name: it holds '/' or a "
                   "control character", shown);
      return -1;
    }
  }
  if (!g_utf8_validate (name, -1, NULL)) {
    ferry_error ("%s: not a libvirt network name: it is not UTF-8", shown);
    return -1;
  }
  return 0;
}

static struct mapping *
find (GPtrArray *mappings, const char *in)
{
  size_t i;

  if (in == NULL)
    return NULL;
  for (i = 0; i < mappings->len; i++) {
    struct mapping *m = mappings->pdata[i];

    if (strcmp (m->in, in) == 0)
      return m;
  }
  return NULL;
}

/* -n and -b: IN:OUT (split at the first ':') or OUT. */
static int
add_in_out (struct ferry_network_map *map, enum ferry_vnet_type type,
            const char *option, const char *spec)
{
  g_autofree char *shown = show_option (option, spec);
  const char *colon = strchr (spec, ':');
  const char *out = colon ? colon + 1 : spec;
  g_autofree char *in = colon ? g_strndup (spec, colon - spec) : NULL;
  struct mapping **fallback = type == FERRY_VNET_BRIDGE
    ? &map->default_bridge : &map->default_network;
  GPtrArray *named = type == FERRY_VNET_BRIDGE ? map->bridges : map->networks;
  struct mapping *m, *other;

  if (in != NULL && in[0] == '\0') {
    ferry_error ("%s: no source network name before ':' (use %s OUT to "
                 "map every network)", shown, option);
    return -1;
  }
  if (check_name (type, out, shown) == -1)
    return -1;
  if (in == NULL && *fallback != NULL) {
    ferry_error ("%s: %s already maps every other network: give only one "
                 "%s OUT", shown, (*fallback)->option, option);
    return -1;
  }
  if (in != NULL && (other = find (named, in)) != NULL) {
    ferry_error ("%s: source network '%s' is already mapped by %s", shown,
                 in, other->option);
    return -1;
  }
  m = g_new0 (struct mapping, 1);
  m->option = g_steal_pointer (&shown);
  m->in = g_steal_pointer (&in);
  m->type = type;
  m->out = g_strdup (out);
  if (m->in == NULL)
    *fallback = m;
  else
    g_ptr_array_add (named, m);
  return 0;
}

int
ferry_network_map_add_network (struct ferry_network_map *map,
                               const char *spec)
{
  return add_in_out (map, FERRY_VNET_NETWORK, "-n", spec);
}

int
ferry_network_map_add_bridge (struct ferry_network_map *map,
                              const char *spec)
{
  return add_in_out (map, FERRY_VNET_BRIDGE, "-b", spec);
}

/* --mac MAC:network:OUT or MAC:bridge:OUT. */
int
ferry_network_map_add_mac (struct ferry_network_map *map, const char *spec)
{
  g_autofree char *shown = show_option ("--mac", spec);
  g_autofree char *prefix = g_strndup (spec, 17);
  g_autofree char *mac = ferry_source_normalize_mac (prefix);
  g_autofree char *kind = NULL;
  const char *rest, *colon;
  enum ferry_vnet_type type;
  struct mapping *m, *other;

  if (mac == NULL || spec[17] != ':' ||
      (colon = strchr ((rest = spec + 18), ':')) == NULL) {
    ferry_error ("%s: expected MAC:network:NAME or MAC:bridge:NAME, with "
                 "a MAC such as 52:54:00:12:34:56", shown);
    return -1;
  }
  kind = g_strndup (rest, colon - rest);
  if (strcmp (kind, "network") == 0)
    type = FERRY_VNET_NETWORK;
  else if (strcmp (kind, "bridge") == 0)
    type = FERRY_VNET_BRIDGE;
  else if (strcmp (kind, "ip") == 0) {
    ferry_error ("%s: static IP addresses (MAC:ip:...) are not supported",
                 shown);
    return -1;
  }
  else {
    ferry_error ("%s: '%s' is not network or bridge", shown, kind);
    return -1;
  }
  if (check_name (type, colon + 1, shown) == -1)
    return -1;
  if ((other = find (map->macs, mac)) != NULL) {
    ferry_error ("%s: MAC %s is already mapped by %s", shown, mac,
                 other->option);
    return -1;
  }
  m = g_new0 (struct mapping, 1);
  m->option = g_steal_pointer (&shown);
  m->in = g_steal_pointer (&mac);
  m->type = type;
  m->out = g_strdup (colon + 1);
  g_ptr_array_add (map->macs, m);
  return 0;
}

/* The source network's name, or NULL when the source names none. */
static const char *
source_network (const struct ferry_source_nic *nic)
{
  return nic->network != NULL && nic->network[0] != '\0'
    ? nic->network : NULL;
}

/* The mapping that applies to NIC (network.h, rules 1 to 3), or NULL. */
static const struct mapping *
lookup (const struct ferry_network_map *map,
        const struct ferry_source_nic *nic)
{
  bool bridged = ferry_source_nic_is_bridge (nic);
  const struct mapping *m, *n, *b;

  if ((m = find (map->macs, nic->mac)) != NULL)
    return m;
  n = find (map->networks, source_network (nic));
  b = find (map->bridges, source_network (nic));
  if (n != NULL && b != NULL)
    return bridged ? b : n;
  if (n != NULL || b != NULL)
    return n != NULL ? n : b;
  return bridged ? map->default_bridge : map->default_network;
}

void
ferry_network_map_apply (const struct ferry_network_map *map,
                         const struct ferry_source *source,
                         struct ferry_target *target)
{
  size_t i;

  g_ptr_array_set_size (target->nics, 0);
  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *nic = source->nics->pdata[i];
    const struct mapping *m = map ? lookup (map, nic) : NULL;
    struct ferry_target_nic *t = g_new0 (struct ferry_target_nic, 1);

    t->mac = g_strdup (nic->mac);
    if (m != NULL) {
      t->vnet_type = m->type;
      t->vnet = g_strdup (m->out);
      t->mapped = true;
    }
    else if (ferry_source_nic_is_bridge (nic) && source_network (nic)) {
      t->vnet_type = FERRY_VNET_BRIDGE;
      t->vnet = g_strdup (source_network (nic));
    }
    else {
      const char *network = source_network (nic);

      t->vnet_type = FERRY_VNET_NETWORK;
      t->vnet = g_strdup (network ? network : "default");
    }
    g_ptr_array_add (target->nics, t);
  }
}

/* Does a NIC of SOURCE have this MAC (MAC true) or network name? */
static bool
has_nic (const struct ferry_source *source, const char *in, bool mac)
{
  size_t i;

  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *nic = source->nics->pdata[i];
    const char *value = mac ? nic->mac : source_network (nic);

    if (value != NULL && strcmp (value, in) == 0)
      return true;
  }
  return false;
}

GPtrArray *
ferry_network_map_unused (const struct ferry_network_map *map,
                          const struct ferry_source *source)
{
  GPtrArray *unused = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *lists[3];
  size_t i, j;

  if (map == NULL)
    return unused;
  lists[0] = map->macs;
  lists[1] = map->networks;
  lists[2] = map->bridges;
  for (i = 0; i < G_N_ELEMENTS (lists); i++) {
    for (j = 0; j < lists[i]->len; j++) {
      const struct mapping *m = lists[i]->pdata[j];

      if (!has_nic (source, m->in, lists[i] == map->macs))
        g_ptr_array_add (unused, g_strdup (m->option));
    }
  }
  return unused;
}

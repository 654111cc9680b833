/* Unit test: the -n, -b and --mac specs and where they put each NIC
 * (network.h).
 *
 * Each spec of the table is added to a map of its own: a good one must be
 * taken, a bad one refused with an error naming the option and holding
 * the expected words.  Then one map of several options is applied to a
 * source with NICs that exercise every rule, in order of priority.
 */

#include <config.h>

#include <string.h>

#include "network.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

enum option { N, B, MAC };

static const struct spec_case {
  enum option option;
  const char *spec;
  const char *error;       /* NULL: accepted; else a part of the error */
} specs[] = {
  { N, "VM Network:default", NULL },
  { N, "default", NULL },
  { N, "a:b:c", NULL },                 /* split at the first ':' */
  { N, "réseau:réseau-kvm", NULL },
  { B, "VM Network:br0", NULL },
  { B, "br-lan.10", NULL },
  { B, "virbr_0:abcdefghijklmno", NULL },   /* 15 characters */
  { MAC, "00:50:56:3F:12:34:network:default", NULL },
  { MAC, "00:50:56:3f:12:34:bridge:br0", NULL },
  { MAC, "52:54:00:00:00:01:network:a:b", NULL },

  { N, "", "-n '': the network name is empty" },
  { N, ":default", "-n ':default': no source network name before ':'" },
  { N, "VM Network:", "-n 'VM Network:': the network name is empty" },
  { N, "in:a/b", "-n 'in:a/b': not a libvirt network name" },
  { N, "in:a\nb", "-n 'in:a\\nb': not a libvirt network name" },
  { N, "in:\xff", "not a libvirt network name: it is not UTF-8" },
  { B, "", "-b '': the bridge name is empty" },
  { B, ":br0", "-b ':br0': no source network name before ':'" },
  { B, "in:", "-b 'in:': the bridge name is empty" },
  { B, "in:br 0", "'br 0' is not a host bridge name" },
  { B, "in:abcdefghijklmnop", "is not a host bridge name" },  /* 16 */
  { B, "in:..", "'..' is not a host bridge name" },
  { B, "in:br:0", "'br:0' is not a host bridge name" },
  { B, "in:br/0", "'br/0' is not a host bridge name" },
  { MAC, "", "--mac '': expected MAC:network:NAME or MAC:bridge:NAME" },
  { MAC, "00:50:56:3f:12:34", "--mac '00:50:56:3f:12:34': expected" },
  { MAC, "00:50:56:3f:12:34:network", "expected MAC:network:NAME" },
  { MAC, "00:50:56:3f:12:3:network:x", "expected MAC:network:NAME" },
  { MAC, "00-50-56-3f-12-34:network:x", "expected MAC:network:NAME" },
  { MAC, "00:50:56:3g:12:34:network:x", "expected MAC:network:NAME" },
  { MAC, "00:50:56:3f:12:34:vlan:x", "'vlan' is not network or bridge" },
  { MAC, "00:50:56:3f:12:34:ip:192.0.2.1",
    "static IP addresses (MAC:ip:...) are not supported" },
  { MAC, "00:50:56:3f:12:34:network:", "the network name is empty" },
  { MAC, "00:50:56:3f:12:34:bridge:", "the bridge name is empty" },
  { MAC, "00:50:56:3f:12:34:bridge:br 0", "is not a host bridge name" },
};

static int
add (struct ferry_network_map *map, enum option option, const char *spec)
{
  switch (option) {
  case N: return ferry_network_map_add_network (map, spec);
  case B: return ferry_network_map_add_bridge (map, spec);
  case MAC: return ferry_network_map_add_mac (map, spec);
  }
  return -1;
}

static const char *const option_names[] = { "-n", "-b", "--mac" };

/* A second option that repeats a mapping is refused. */
static const struct repeat_case {
  enum option first_option;
  const char *first;
  enum option option;
  const char *spec;
  const char *error;       /* NULL: accepted */
} repeats[] = {
  { N, "VM Network:a", N, "VM Network:b",
    "-n 'VM Network:b': source network 'VM Network' is already mapped by "
    "-n 'VM Network:a'" },
  { B, "lan:br0", B, "lan:br1", "is already mapped by -b 'lan:br0'" },
  { N, "a", N, "b", "-n 'b': -n 'a' already maps every other network" },
  { B, "br0", B, "br1", "-b 'br1': -b 'br0' already maps every other" },
  { MAC, "00:50:56:3f:12:34:network:a", MAC, "00:50:56:3F:12:34:bridge:br0",
    "MAC 00:50:56:3f:12:34 is already mapped by --mac "
    "'00:50:56:3f:12:34:network:a'" },
  /* The same source network for -n and -b, and both defaults: allowed,
   * the source's connection picks.
   */
  { N, "lan:a", B, "lan:br0", NULL },
  { N, "a", B, "br0", NULL },
};

static void
check_specs (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (specs); i++) {
    const struct spec_case *c = &specs[i];
    g_autoptr (ferry_network_map) map = ferry_network_map_new ();
    g_autofree char *shown = g_strescape (c->spec, NULL);
    int r = add (map, c->option, c->spec);

    if (c->error == NULL) {
      if (!tap_ok (r == 0, "%s '%s' is taken", option_names[c->option],
                   shown))
        printf ("# error: %s\n", ferry_error_get ());
    }
    else if (!tap_ok (r == -1 && strstr (ferry_error_get (), c->error) &&
                      g_str_has_prefix (ferry_error_get (),
                                        option_names[c->option]),
                      "%s '%s' is refused", option_names[c->option], shown))
      printf ("# error: %s\n# want: %s\n", r == -1 ? ferry_error_get ()
              : "(none)", c->error);
    ferry_error_clear ();
  }

  for (i = 0; i < G_N_ELEMENTS (repeats); i++) {
    const struct repeat_case *c = &repeats[i];
    g_autoptr (ferry_network_map) map = ferry_network_map_new ();
    int r = add (map, c->first_option, c->first);

    r = r == 0 ? add (map, c->option, c->spec) : -2;
    if (c->error == NULL)
      tap_ok (r == 0, "%s '%s' then %s '%s' are taken",
              option_names[c->first_option], c->first,
              option_names[c->option], c->spec);
    else if (!tap_ok (r == -1 && strstr (ferry_error_get (), c->error),
                      "%s '%s' after %s '%s' is refused",
                      option_names[c->option], c->spec,
                      option_names[c->first_option], c->first))
      printf ("# error: %s\n# want: %s\n", r == -1 ? ferry_error_get ()
              : "(none)", c->error);
    ferry_error_clear ();
  }
}

static void
add_nic (struct ferry_source *source, const char *mac, const char *network,
         const char *connection)
{
  struct ferry_source_nic *nic =
    ferry_source_add_nic (source, g_strdup (mac), g_strdup (network), NULL);

  nic->connection = g_strdup (connection);
}

/* NIC I of TARGET is on TYPE WANT, mapped or not. */
static void
check_nic (const struct ferry_target *target, size_t i,
           enum ferry_vnet_type type, const char *want, bool mapped,
           const char *why)
{
  const struct ferry_target_nic *nic = target->nics->pdata[i];

  if (!tap_ok (nic->vnet_type == type && strcmp (nic->vnet, want) == 0 &&
               nic->mapped == mapped, "NIC %zu: %s %s (%s)", i,
               ferry_vnet_type_name (type), want, why))
    printf ("# got: %s %s%s\n", ferry_vnet_type_name (nic->vnet_type),
            nic->vnet, nic->mapped ? " (mapped)" : "");
}

static void
check_apply (void)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  g_autoptr (ferry_network_map) map = ferry_network_map_new ();
  g_autoptr (GPtrArray) unused = NULL;
  struct ferry_target target;
  static const char *const options[][2] = {
    { "--mac", "00:50:56:00:00:01:bridge:br-mac" },
    { "-n", "VM Network:prod" },
    { "-b", "Storage:br-san" },
    { "-n", "Storage:san" },
    { "-n", "other" },
    { "-b", "br-all" },
    { "-n", "Nowhere:x" },
    { "--mac", "52:54:00:99:99:99:network:x" },
  };
  size_t i;

  /* 0: --mac wins over the -n of its network.
   * 1: -n IN:OUT.
   * 2, 3: the same network in -n and -b: the connection picks.
   * 4, 5: the defaults, by connection.
   * 6: no network name: a default too.
   */
  add_nic (source, "00:50:56:00:00:01", "VM Network", NULL);
  add_nic (source, "00:50:56:00:00:02", "VM Network", "bridged");
  add_nic (source, NULL, "Storage", "bridged");
  add_nic (source, NULL, "Storage", "custom");
  add_nic (source, NULL, "Backup", "bridged");
  add_nic (source, NULL, "Backup", "nat");
  add_nic (source, NULL, "", NULL);

  for (i = 0; i < G_N_ELEMENTS (options); i++) {
    const char *o = options[i][0], *spec = options[i][1];
    int r = strcmp (o, "-n") == 0 ? ferry_network_map_add_network (map, spec)
      : strcmp (o, "-b") == 0 ? ferry_network_map_add_bridge (map, spec)
      : ferry_network_map_add_mac (map, spec);

    g_assert (r == 0);
  }

  ferry_target_init (&target);
  ferry_network_map_apply (map, source, &target);
  tap_ok (target.nics->len == source->nics->len, "one target NIC per NIC");
  check_nic (&target, 0, FERRY_VNET_BRIDGE, "br-mac", true, "--mac first");
  check_nic (&target, 1, FERRY_VNET_NETWORK, "prod", true, "-n IN:OUT");
  check_nic (&target, 2, FERRY_VNET_BRIDGE, "br-san", true,
             "-n and -b name it: bridged takes -b");
  check_nic (&target, 3, FERRY_VNET_NETWORK, "san", true,
             "-n and -b name it: custom takes -n");
  check_nic (&target, 4, FERRY_VNET_BRIDGE, "br-all", true,
             "bridged: -b OUT");
  check_nic (&target, 5, FERRY_VNET_NETWORK, "other", true, "nat: -n OUT");
  check_nic (&target, 6, FERRY_VNET_NETWORK, "other", true,
             "unnamed: -n OUT");
  tap_ok (strcmp (((struct ferry_target_nic *) target.nics->pdata[0])->mac,
                  "00:50:56:00:00:01") == 0, "the MAC is kept");

  unused = ferry_network_map_unused (map, source);
  if (!tap_ok (unused->len == 2 &&
               strcmp (unused->pdata[0],
                       "--mac '52:54:00:99:99:99:network:x'") == 0 &&
               strcmp (unused->pdata[1], "-n 'Nowhere:x'") == 0,
               "the options that map no NIC are listed"))
    for (i = 0; i < unused->len; i++)
      printf ("# unused: %s\n", (const char *) unused->pdata[i]);

  /* Only one default: as in virt-v2v, -b OUT takes the bridged NICs
   * alone, the others stay on their networks.
   */
  {
    g_autoptr (ferry_network_map) only_bridge = ferry_network_map_new ();

    g_assert (ferry_network_map_add_bridge (only_bridge, "br0") == 0);
    ferry_network_map_apply (only_bridge, source, &target);
    check_nic (&target, 4, FERRY_VNET_BRIDGE, "br0", true,
               "-b OUT alone takes a bridged NIC");
    check_nic (&target, 5, FERRY_VNET_NETWORK, "Backup", false,
               "-b OUT alone leaves a nat NIC on its network");
    check_nic (&target, 6, FERRY_VNET_NETWORK, "default", false,
               "-b OUT alone leaves an unnamed NIC on default");
  }
  {
    g_autoptr (ferry_network_map) only_network = ferry_network_map_new ();

    g_assert (ferry_network_map_add_network (only_network, "net0") == 0);
    ferry_network_map_apply (only_network, source, &target);
    check_nic (&target, 4, FERRY_VNET_BRIDGE, "Backup", false,
               "-n OUT alone leaves a bridged NIC on its bridge");
    check_nic (&target, 5, FERRY_VNET_NETWORK, "net0", true,
               "-n OUT alone takes a nat NIC");
  }

  /* No map: the source's names, on a bridge for a bridged NIC, else a
   * network ("default" for none).
   */
  ferry_network_map_apply (NULL, source, &target);
  tap_ok (target.nics->len == source->nics->len,
          "no map: still one target NIC per NIC");
  check_nic (&target, 2, FERRY_VNET_BRIDGE, "Storage", false,
             "no map: a bridged NIC on the bridge of its name");
  check_nic (&target, 3, FERRY_VNET_NETWORK, "Storage", false,
             "no map: a custom NIC on the network of its name");
  check_nic (&target, 6, FERRY_VNET_NETWORK, "default", false,
             "no map, no name: default");
  g_ptr_array_unref (unused);
  unused = ferry_network_map_unused (NULL, source);
  tap_ok (unused->len == 0, "no map: nothing unused");
  ferry_target_clear (&target);
}

int
main (void)
{
  tap_plan (G_N_ELEMENTS (specs) + G_N_ELEMENTS (repeats) + 20);
  check_specs ();
  check_apply ();
  return tap_done ();
}

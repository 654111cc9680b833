/* ferry: a Linux guest's NICs come back on the network after conversion
 * (linux-network.h).
 *
 * Reading the configuration goes through libguestfs, file by file, each
 * checked for its size before it is read; the parsers (parse-netcfg.c)
 * and the matching below never touch the guest.
 */

#include <config.h>

#include <string.h>

#include <glib.h>
#include <guestfs.h>

#include "linux-network.h"
#include "errors.h"
#include "report.h"
#include "text.h"
#include "banned.h"

/* How many files of ifupdown's includes are read, at most. */
#define MAX_IFUPDOWN_FILES 256

#define LINK_DIR "/etc/systemd/network"
#define RULES_FILE "/etc/udev/rules.d/70-ferry-net.rules"

static void
nic_name_free (gpointer p)
{
  struct ferry_nic_name *n = p;

  g_free (n->mac);
  g_free (n);
}

static const char *
source_mac (const struct ferry_source *source, size_t i)
{
  const struct ferry_source_nic *nic = source->nics->pdata[i];

  return nic->mac;
}

static gint
by_name (gconstpointer a, gconstpointer b)
{
  const struct ferry_netcfg_nic *na = *(const struct ferry_netcfg_nic *const *) a;
  const struct ferry_netcfg_nic *nb = *(const struct ferry_netcfg_nic *const *) b;

  return strverscmp (na->name, nb->name);
}

GPtrArray *
ferry_linux_network_match (const struct ferry_netcfg *cfg,
                           const struct ferry_source *source,
                           GPtrArray *unmatched)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (nic_name_free);
  g_autoptr (GPtrArray) by_order = g_ptr_array_new ();
  size_t n = source->nics->len, i, j, without_mac = 0;

  for (i = 0; i < n; i++)
    g_ptr_array_add (result, g_new0 (struct ferry_nic_name, 1));

  for (j = 0; j < cfg->nics->len; j++) {
    const struct ferry_netcfg_nic *c = cfg->nics->pdata[j];
    struct ferry_nic_name *taker = NULL;

    if (c->mac == NULL) {
      g_ptr_array_add (by_order, (gpointer) c);
      continue;
    }
    /* 1. The source NIC of the MAC the configuration is bound to... */
    for (i = 0; i < n && taker == NULL; i++) {
      struct ferry_nic_name *r = result->pdata[i];
      const char *mac = source_mac (source, i);
      if (r->config == NULL && mac != NULL &&
          g_ascii_strcasecmp (mac, c->mac) == 0) {
        taker = r;
        taker->mac = g_ascii_strdown (mac, -1);
      }
    }
    /* ... or the first NIC the source gives no MAC. */
    for (i = 0; i < n && taker == NULL; i++) {
      struct ferry_nic_name *r = result->pdata[i];
      if (r->config == NULL && r->mac == NULL &&
          source_mac (source, i) == NULL) {
        taker = r;
        taker->mac = g_strdup (c->mac);
        taker->mac_from_config = true;
      }
    }
    if (taker != NULL)
      taker->config = c;
    else
      g_ptr_array_add (unmatched, (gpointer) c);
  }

  /* 2. The other names, in the hypervisor's order, with the other NICs
   * in the source's.
   */
  g_ptr_array_sort (by_order, by_name);
  j = 0;
  for (i = 0; i < n; i++) {
    struct ferry_nic_name *r = result->pdata[i];
    const char *mac = source_mac (source, i);

    if (r->config != NULL)
      continue;
    if (r->mac == NULL && mac != NULL)
      r->mac = g_ascii_strdown (mac, -1);
    if (j < by_order->len)
      r->config = by_order->pdata[j++];
  }
  for (; j < by_order->len; j++)
    g_ptr_array_add (unmatched, by_order->pdata[j]);

  /* A NIC without a MAC is told apart by its driver when it is the only
   * one.
   */
  for (i = 0; i < n; i++)
    if (((struct ferry_nic_name *) result->pdata[i])->mac == NULL)
      without_mac++;
  for (i = 0; i < n; i++) {
    struct ferry_nic_name *r = result->pdata[i];
    if (r->mac == NULL && r->config != NULL && without_mac == 1)
      r->by_driver = true;
  }
  return result;
}

char *
ferry_linux_network_rule (const struct ferry_nic_name *nic,
                          const char *driver, bool link)
{
  const char *name = nic->config->name;

  if (!link)
    return nic->mac
      ? g_strdup_printf ("SUBSYSTEM==\"net\", ACTION==\"add\", "
                         "ATTR{address}==\"%s\", NAME=\"%s\"\n",
                         nic->mac, name)
      : g_strdup_printf ("SUBSYSTEM==\"net\", ACTION==\"add\", "
                         "DRIVERS==\"%s\", NAME=\"%s\"\n", driver, name);
  return g_strdup_printf
    ("# Written by ferry when it converted this guest to KVM: the NIC that\n"
     "# the network configuration calls %s (%s) keeps that name.\n"
     "[Match]\n%s%s\n\n[Link]\nName=%s\n",
     name, ferry_netcfg_tool_name (nic->config->tool),
     nic->mac ? "MACAddress=" : "Driver=", nic->mac ? nic->mac : driver,
     name);
}

/* Read FILE of the guest into CFG as TOOL's, if it is a file. */
static void
read_config (guestfs_h *g, struct ferry_netcfg *cfg,
             enum ferry_netcfg_tool tool, const char *file)
{
  g_autofree char *content = NULL;
  g_autofree char *q = NULL;
  int64_t size;
  size_t len;

  if (guestfs_is_file_opts (g, file, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1,
                            -1) <= 0)
    return;
  q = ferry_text_cescape (file);
  size = guestfs_filesize (g, file);
  if (size < 0 || size > FERRY_NETCFG_MAX_FILE) {
    ferry_warning ("network: skipped '%s': %s", q, size < 0
                   ? guestfs_last_error (g) : "too large for a network "
                   "configuration");
    return;
  }
  content = guestfs_read_file (g, file, &len);
  if (content == NULL) {
    ferry_warning ("network: cannot read '%s': %s", q,
                   guestfs_last_error (g));
    return;
  }
  ferry_debug ("network: reading '%s' (%s)", q, ferry_netcfg_tool_name (tool));
  if (ferry_netcfg_parse (cfg, tool, file, content, len) == -1)
    ferry_warning ("network: %s", ferry_error_get ());
}

/* The files of FOLDER whose names are made of A-Z a-z 0-9 _ - (ifupdown's
 * source-directory), or whose names end in SUFFIX (SUFFIX not NULL), or
 * all of them (SUFFIX ""), sorted.
 */
static GPtrArray *
list_folder (guestfs_h *g, const char *folder, const char *suffix)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) names = NULL;
  size_t i;

  if (guestfs_is_dir_opts (g, folder, GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1,
                           -1) <= 0)
    return files;
  names = guestfs_ls (g, folder);
  if (names == NULL)
    return files;
  for (i = 0; names[i] != NULL; i++) {
    const char *name = names[i];
    if (suffix == NULL
        ? strspn (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                  "0123456789_-") != strlen (name)
        : !g_str_has_suffix (name, suffix))
      continue;
    g_ptr_array_add (files, g_build_filename (folder, name, NULL));
  }
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  return files;
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* /etc/network/interfaces and what it sources, each file once. */
static void
read_ifupdown (guestfs_h *g, struct ferry_netcfg *cfg)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
  g_autoptr (GPtrArray) queue = g_ptr_array_new_with_free_func (g_free);
  size_t next = 0, done = 0;

  g_ptr_array_add (queue, g_strdup ("/etc/network/interfaces"));
  while (done < queue->len) {
    const char *file = queue->pdata[done++];

    if (g_hash_table_contains (seen, file))
      continue;
    if (g_hash_table_size (seen) >= MAX_IFUPDOWN_FILES) {
      ferry_warning ("network: read only the first %u files that "
                     "/etc/network/interfaces sources", MAX_IFUPDOWN_FILES);
      break;
    }
    g_hash_table_add (seen, g_strdup (file));
    read_config (g, cfg, FERRY_NETCFG_IFUPDOWN, file);

    /* The includes of this file, in order, before the files after it. */
    for (; next < cfg->includes->len; next++) {
      const struct ferry_netcfg_include *inc = cfg->includes->pdata[next];
      g_autoptr (GPtrArray) files = NULL;
      size_t i;

      if (inc->directory)
        files = list_folder (g, inc->path, NULL);
      else {
        g_auto (GStrv) paths = guestfs_glob_expand (g, inc->path);
        files = g_ptr_array_new_with_free_func (g_free);
        for (i = 0; paths != NULL && paths[i] != NULL; i++)
          g_ptr_array_add (files, g_strdup (paths[i]));
        g_ptr_array_sort (files, compare_paths);
      }
      for (i = 0; i < files->len && i < MAX_IFUPDOWN_FILES; i++)
        g_ptr_array_insert (queue, done + i, g_strdup (files->pdata[i]));
    }
  }
}

static void
read_folder (guestfs_h *g, struct ferry_netcfg *cfg,
             enum ferry_netcfg_tool tool, const char *folder,
             const char *suffix)
{
  g_autoptr (GPtrArray) files = list_folder (g, folder, suffix);
  size_t i;

  for (i = 0; i < files->len && i < MAX_IFUPDOWN_FILES; i++)
    read_config (g, cfg, tool, files->pdata[i]);
}

static struct ferry_netcfg *
read_guest_config (guestfs_h *g)
{
  struct ferry_netcfg *cfg = ferry_netcfg_new ();

  read_ifupdown (g, cfg);
  read_folder (g, cfg, FERRY_NETCFG_NETWORKD, "/etc/systemd/network",
               ".network");
  read_folder (g, cfg, FERRY_NETCFG_NM,
               "/etc/NetworkManager/system-connections", "");
  read_folder (g, cfg, FERRY_NETCFG_NETPLAN, "/lib/netplan", ".yaml");
  read_folder (g, cfg, FERRY_NETCFG_NETPLAN, "/etc/netplan", ".yaml");
  return cfg;
}

enum renamer { RENAME_LINK, RENAME_UDEV, RENAME_NONE };

static enum renamer
find_renamer (guestfs_h *g)
{
  static const char *const udevd[] = {
    "/lib/systemd/systemd-udevd", "/usr/lib/systemd/systemd-udevd", NULL,
  };
  size_t i;

  for (i = 0; udevd[i] != NULL; i++)
    if (guestfs_is_file_opts (g, udevd[i], GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                              1, -1) > 0)
      return RENAME_LINK;
  if (guestfs_is_dir (g, "/etc/udev/rules.d") > 0)
    return RENAME_UDEV;
  return RENAME_NONE;
}

/* Write TEXT to PATH in the guest, replacing what is there (a symbolic
 * link is replaced, not followed).
 */
static int
write_guest_file (guestfs_h *g, const char *path, const char *text)
{
  if (guestfs_rm_f (g, path) == -1 ||
      guestfs_write (g, path, text, strlen (text)) == -1) {
    ferry_error ("cannot write '%s' in the guest: %s", path,
                 guestfs_last_error (g));
    return -1;
  }
  return 0;
}

static const char *
driver_of (const struct ferry_target *target)
{
  return target->nic_model != NULL && strcmp (target->nic_model, "e1000") == 0
    ? "e1000" : "virtio_net";
}

/* "NIC 2 (00:50:56:3f:12:34)", or how its MAC came. */
static char *
describe_nic (size_t i, const struct ferry_nic_name *r)
{
  if (r->mac_from_config) {
    g_autofree char *file = ferry_text_cescape (r->config->file);
    return g_strdup_printf ("NIC %zu (no MAC in the source; %s, from '%s')",
                            i + 1, r->mac, file);
  }
  if (r->mac == NULL)
    return g_strdup_printf ("NIC %zu (no MAC in the source)", i + 1);
  return g_strdup_printf ("NIC %zu (%s)", i + 1, r->mac);
}

static char *
describe_config (const struct ferry_netcfg_nic *c)
{
  g_autofree char *file = ferry_text_cescape (c->file);

  return g_strdup_printf ("%s (%s%s%s, '%s')", c->name,
                          ferry_netcfg_tool_name (c->tool),
                          c->method ? ", " : "", c->method ? c->method : "",
                          file);
}

static int
run (guestfs_h *g, const struct ferry_source *source,
     struct ferry_target *target, bool write)
{
  g_autoptr (ferry_netcfg) cfg = read_guest_config (g);
  g_autoptr (GPtrArray) unmatched = g_ptr_array_new ();
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GString) rules = g_string_new (NULL);
  const char *driver = driver_of (target);
  enum renamer renamer;
  size_t i;

  if (cfg->nics->len == 0) {
    if (write)
      ferry_message ("Network: the guest's configuration (ifupdown, "
                     "systemd-networkd, NetworkManager, netplan) names no "
                     "NIC: nothing to rename");
    return 0;
  }
  renamer = find_renamer (g);
  names = ferry_linux_network_match (cfg, source, unmatched);

  for (i = 0; i < names->len; i++) {
    const struct ferry_nic_name *r = names->pdata[i];
    g_autofree char *nic = describe_nic (i, r);
    g_autofree char *config = r->config ? describe_config (r->config) : NULL;
    g_autofree char *link = NULL;

    if (r->config == NULL) {
      if (write)
        ferry_message ("Network: %s: no configuration in the guest names it",
                       nic);
      continue;
    }
    if (r->mac_from_config && i < target->nics->len) {
      struct ferry_target_nic *t = target->nics->pdata[i];
      if (write && t->mac == NULL)
        t->mac = g_strdup (r->mac);
    }
    if (r->mac == NULL && !r->by_driver) {
      if (write)
        ferry_warning ("network: %s: cannot keep the name %s: neither the "
                       "source nor the guest's configuration gives its MAC, "
                       "and other NICs have none either", nic, config);
      else
        ferry_target_add_note (target, "%s: %s cannot be kept: no MAC to "
                               "tell the NIC apart", nic, config);
      continue;
    }
    if (renamer == RENAME_NONE) {
      if (write)
        ferry_warning ("network: %s: the guest has no udev: %s keeps no "
                       "name; configure the NIC's new name by hand", nic,
                       config);
      else
        ferry_target_add_note (target, "%s: the guest has no udev: %s "
                               "cannot be kept", nic, config);
      continue;
    }
    if (renamer == RENAME_UDEV) {
      g_autofree char *line = ferry_linux_network_rule (r, driver, false);
      g_string_append (rules, line);
      link = g_strdup (RULES_FILE);
    }
    else {
      link = g_strdup_printf (LINK_DIR "/10-ferry-%s.link", r->config->name);
      if (write) {
        g_autofree char *text = ferry_linux_network_rule (r, driver, true);
        if (guestfs_mkdir_p (g, LINK_DIR) == -1) {
          ferry_error ("cannot create '" LINK_DIR "' in the guest: %s",
                       guestfs_last_error (g));
          return -1;
        }
        if (write_guest_file (g, link, text) == -1)
          return -1;
      }
    }
    if (write)
      ferry_message ("Network: %s: %s keeps its name, matched by %s: %s",
                     nic, config, r->mac ? "MAC" : driver, link);
    else
      ferry_target_add_note (target, "%s: conversion keeps the name of %s, "
                             "matched by %s (%s)", nic, config,
                             r->mac ? "MAC" : driver, link);
  }
  if (write && rules->len > 0) {
    g_string_prepend (rules, "# Written by ferry when it converted this "
                      "guest to KVM: each NIC keeps the\n# name its network "
                      "configuration gives it.\n");
    if (write_guest_file (g, RULES_FILE, rules->str) == -1)
      return -1;
  }
  for (i = 0; i < unmatched->len; i++) {
    g_autofree char *config = describe_config (unmatched->pdata[i]);
    if (write)
      ferry_message ("Network: %s: no NIC of the source matches it: left "
                     "as it is", config);
  }
  return 0;
}

int
ferry_linux_network_convert (guestfs_h *g, const struct ferry_source *source,
                             struct ferry_target *target)
{
  return run (g, source, target, true);
}

int
ferry_linux_network_assess (guestfs_h *g, const struct ferry_source *source,
                            struct ferry_target *target)
{
  return run (g, source, target, false);
}

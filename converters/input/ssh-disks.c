/* ferry: the disks of a source, read over SSH (ssh-disks.h). */

#include <config.h>

#include <string.h>

#include "confine.h"
#include "image.h"
#include "ssh-disks.h"
#include "parse-vmdk.h"
#include "errors.h"
#include "nbdkit.h"
#include "report.h"
#include "banned.h"

/* What to serve for one disk. */
struct plan {
  char *display;           /* the disk's ssh:// URL, for messages */
  char *path;              /* the remote file holding its data */
  const char *format;      /* how qemu reads that file (static or -if) */
};

static void
plan_clear (struct plan *plan)
{
  g_free (plan->display);
  g_free (plan->path);
}

/* A remote regular file that the user can read, its size in *SIZE.
 * Opening it here words a refusal better than nbdkit would.
 */
static int
check_file (struct ferry_ssh *ssh, const char *path, const char *display,
            uint64_t *size)
{
  struct ferry_ssh_file_info info;
  g_autofree char *nothing = NULL;
  size_t len;

  if (ferry_ssh_stat (ssh, path, display, &info) == -1)
    return -1;
  if (!info.regular) {
    ferry_error ("cannot open '%s': not a regular file", display);
    return -1;
  }
  nothing = ferry_ssh_read (ssh, path, display, 0, 0, &len);
  if (nothing == NULL)
    return -1;
  *size = info.size;
  return 0;
}

/* A VMDK: which file to serve, and as what (parse-vmdk.h). */
static int
plan_vmdk (struct ferry_ssh *ssh, const struct ferry_ssh_url *url,
           const char *location, uint64_t size, struct plan *plan)
{
  g_autofree char *head = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *named = NULL, *extent_path = NULL;
  g_autofree char *extent_display = NULL;
  g_autoptr (ferry_vmdk_descriptor) desc = NULL;
  const struct ferry_vmdk_extent *extent;
  uint64_t offset = 0, desc_size = 0, extent_size;
  size_t len = 0;
  int sparse;

  head = ferry_ssh_read (ssh, location, plan->display, 0,
                         MIN (size, FERRY_VMDK_MAX_DESCRIPTOR), &len);
  if (head == NULL)
    return -1;
  sparse = ferry_vmdk_sparse_header (head, len, plan->display,
                                     &offset, &desc_size);
  if (sparse == -1)
    return -1;

  if (sparse) {
    if (desc_size > 0) {
      text = ferry_ssh_read (ssh, location, plan->display, offset, desc_size,
                             &len);
      if (text == NULL)
        return -1;
      desc = ferry_vmdk_parse_descriptor (text, len, plan->display);
      if (desc == NULL)
        return -1;
    }
    if (ferry_vmdk_single_file (desc, true, plan->display, &extent) == -1)
      return -1;
    plan->path = g_strdup (location);
    plan->format = "vmdk";
    return 0;
  }

  if (size > FERRY_VMDK_MAX_DESCRIPTOR) {
    ferry_error ("cannot open '%s' as vmdk: it is neither a sparse VMDK "
                 "nor a VMDK descriptor", plan->display);
    return -1;
  }
  desc = ferry_vmdk_parse_descriptor (head, len, plan->display);
  if (desc == NULL ||
      ferry_vmdk_single_file (desc, false, plan->display, &extent) == -1)
    return -1;

  /* The extent, as qemu would for a local descriptor, must resolve
   * inside the descriptor's folder (LOCATION is resolved already).
   */
  folder = g_path_get_dirname (location);
  named = g_build_filename (folder, extent->file, NULL);
  extent_display = ferry_ssh_url_for_path (url, named);
  extent_path = ferry_ssh_realpath (ssh, named, extent_display);
  if (extent_path == NULL)
    return -1;
  if (!ferry_confine_holds (folder, extent_path)) {
    ferry_error ("'%s' refers to '%s', outside its folder '%s': refused",
                 plan->display, extent->file, folder);
    return -1;
  }
  if (check_file (ssh, extent_path, extent_display, &extent_size) == -1)
    return -1;
  if (extent_size != extent->sectors * 512) {
    ferry_error ("'%s': its extent '%s' is %" G_GUINT64_FORMAT " bytes, "
                 "where the descriptor says %" G_GUINT64_FORMAT,
                 plan->display, extent->file, extent_size,
                 extent->sectors * 512);
    return -1;
  }
  plan->path = g_steal_pointer (&extent_path);
  plan->format = "raw";
  return 0;
}

static int
plan_disk (struct ferry_ssh *ssh, const struct ferry_ssh_url *url,
           const struct ferry_source_disk *disk, const char *format,
           const struct ferry_confine *confine, struct plan *plan)
{
  const char *want = format ? format : disk->format;
  const char *name = disk->input_name ? disk->input_name : disk->target;
  g_autofree char *named = ferry_ssh_url_for_path (url, disk->location);
  g_autofree char *real = NULL;
  struct ferry_ssh_file_info info;
  uint64_t size;

  /* Resolved on the remote host and held to its rule: the path served
   * is the one checked.
   */
  real = ferry_ssh_realpath (ssh, disk->location, named);
  if (real == NULL ||
      ferry_ssh_stat (ssh, real, named, &info) == -1 ||
      ferry_confine_check (confine, name ? name : "?", disk->location, real,
                           info.regular ? FERRY_CONFINE_FILE
                           : FERRY_CONFINE_OTHER) == -1)
    return -1;
  plan->display = ferry_ssh_url_for_path (url, real);
  if (check_file (ssh, real, plan->display, &size) == -1)
    return -1;
  if (want == NULL) {
    ferry_error ("cannot tell the format of '%s': a disk read over the "
                 "network is never probed (name its format with -if)",
                 plan->display);
    return -1;
  }
  if (strcmp (want, "vmdk") == 0)
    return plan_vmdk (ssh, url, real, size, plan);
  plan->path = g_steal_pointer (&real);
  plan->format = want;
  return 0;
}

/* The nbdkit ssh plugin's arguments for PATH on CONFIG's host. */
static GPtrArray *
nbdkit_args (const struct ferry_ssh_config *config, const char *path)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *known_hosts = config->known_hosts
    ? g_strdup (config->known_hosts) : ferry_ssh_default_known_hosts ();
  g_autofree char *escaped = ferry_ssh_escape_path (known_hosts);

  g_ptr_array_add (args, g_strdup ("ssh"));
  g_ptr_array_add (args, g_strdup_printf ("host=%s", config->host));
  g_ptr_array_add (args, g_strdup_printf ("port=%d",
                                          config->port ? config->port : 22));
  if (config->user != NULL)
    g_ptr_array_add (args, g_strdup_printf ("user=%s", config->user));
  g_ptr_array_add (args, g_strdup_printf ("path=%s", path));
  g_ptr_array_add (args, g_strdup ("config="));
  g_ptr_array_add (args, g_strdup ("verify-remote-host=true"));
  g_ptr_array_add (args, g_strdup_printf ("known-hosts=%s", escaped));
  if (config->identity != NULL) {
    g_autofree char *identity = ferry_ssh_escape_path (config->identity);
    g_ptr_array_add (args, g_strdup_printf ("identity=%s", identity));
  }
  /* The password stays in its file: nbdkit reads it from there. */
  if (config->password_file != NULL)
    g_ptr_array_add (args, g_strdup_printf ("password=+%s",
                                            config->password_file));
  g_ptr_array_add (args, NULL);
  return args;
}

/* Replace each location in DISKS, a path on URL's host, with its URL. */
static void
name_locations (GPtrArray *disks, const struct ferry_ssh_url *url)
{
  size_t i;

  for (i = 0; i < disks->len; i++) {
    struct ferry_source_disk *disk = disks->pdata[i];
    char *named;

    if (disk->location == NULL)
      continue;
    named = ferry_ssh_url_for_path (url, disk->location);
    g_free (disk->location);
    disk->location = named;
  }
}

static void
free_servers (void *servers)
{
  g_ptr_array_unref (servers);
}

/* Serve PLAN with nbdkit (kept in SERVERS) and point DISK at it. */
static int
serve_disk (struct ferry_source_disk *disk, const struct plan *plan,
            const struct ferry_ssh_config *config, GPtrArray *servers)
{
  g_autoptr (GPtrArray) args = nbdkit_args (config, plan->path);
  struct ferry_nbdkit *nbdkit;
  struct ferry_image_info info;

  ferry_debug ("serving '%s' (%s) with nbdkit", plan->display, plan->format);
  nbdkit = ferry_nbdkit_start ((const char *const *) args->pdata, true);
  if (nbdkit == NULL) {
    ferry_error_prefix ("cannot serve '%s'", plan->display);
    return -1;
  }
  g_ptr_array_add (servers, nbdkit);

  if (ferry_image_probe_uri (ferry_nbdkit_uri (nbdkit), plan->format,
                             &info) == -1) {
    g_autofree char *why = g_strdup (ferry_error_get ());
    g_autofree char *last = ferry_nbdkit_last_error (nbdkit);

    if (last[0] != '\0')
      ferry_error ("cannot read '%s' over ssh: %s (%s)",
                   plan->display, why, last);
    else
      ferry_error ("cannot read '%s' over ssh: %s", plan->display, why);
    return -1;
  }
  g_free (disk->location);
  disk->location = g_strdup (ferry_nbdkit_uri (nbdkit));
  g_free (disk->format);
  disk->format = info.format;
  disk->virtual_size = info.virtual_size;
  return 0;
}

int
ferry_ssh_disks_open (struct ferry_source *source, struct ferry_ssh *ssh,
                      const struct ferry_ssh_url *url,
                      const struct ferry_ssh_config *config,
                      const char *format, const struct ferry_confine *confine)
{
  g_autofree struct plan *plans = NULL;
  GPtrArray *servers;
  size_t n = source->disks->len;
  size_t i;
  int r = -1;

  g_assert (source->input_data == NULL);
  servers = g_ptr_array_new_with_free_func
    ((GDestroyNotify) ferry_nbdkit_stop);
  source->input_data = servers;
  source->input_data_free = free_servers;

  /* Look at every disk before serving any. */
  plans = g_new0 (struct plan, n);
  for (i = 0; i < n; i++)
    if (plan_disk (ssh, url, source->disks->pdata[i], format, confine,
                   &plans[i]) == -1)
      goto out;
  for (i = 0; i < n; i++)
    if (serve_disk (source->disks->pdata[i], &plans[i], config,
                    servers) == -1)
      goto out;
  name_locations (source->removables, url);
  r = 0;

 out:
  for (i = 0; i < n; i++)
    plan_clear (&plans[i]);
  return r;
}

void
ferry_ssh_disks_name (struct ferry_source *source,
                      const struct ferry_ssh_url *url)
{
  name_locations (source->disks, url);
  name_locations (source->removables, url);
}

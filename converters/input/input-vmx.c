/* ferry: -i vmx, a VMware virtual machine from its .vmx file.
 *
 * The one argument is the .vmx file.  The source model comes from the
 * file alone (parse-vmx.h): name, memory, vCPUs, firmware, hard disks, CD-ROM
 * and floppy drives, NICs.  Disk file names are taken relative to the
 * .vmx's folder.  Building the model opens no disk, so --print-source
 * works on a .vmx whose disks are elsewhere (on the ESXi datastore).
 *
 * For a conversion every hard disk must first resolve inside the .vmx's
 * folder, or in a place --allow-path names (confine.h): the .vmx is
 * hostile input, and its file names could point at any host file.  Each
 * is then opened the way -i disk opens its images: by its real path,
 * probed with qemu-img (as VMDK for a .vmdk file, unless -if says
 * otherwise), which also checks that the files a VMDK names stay in its
 * folder.
 *
 * With -it ssh the argument is an ssh:// URL: the .vmx is read over SFTP
 * (ssh.h), its relative disk names are taken relative to its remote
 * folder, the same rule holds on the remote host (paths resolved there,
 * regular files only), and each hard disk is served from the remote
 * host by nbdkit (ssh-disks.h).  --print-source then connects only to
 * read the .vmx.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "confine.h"
#include "image.h"
#include "ssh-disks.h"
#include "parse-vmx.h"
#include "errors.h"
#include "ssh.h"
#include "banned.h"

/* Open each hard disk for the conversion, as -i disk does. */
static int
probe_disks (struct ferry_source *source, const char *format)
{
  size_t i;

  for (i = 0; i < source->disks->len; i++)
    if (ferry_input_probe_local_disk (source->disks->pdata[i], format) == -1)
      return -1;
  return 0;
}

/* The file named by -io KEY (or DEFAULT_FILE when absent), absolute, in
 * *FILE: nbdkit needs absolute names.
 */
static int
option_file (const struct ferry_input_options *options, const char *key,
             const char *default_file, char **file)
{
  const char *value = ferry_input_option (options, key);

  if (value == NULL)
    value = default_file;
  if (value != NULL && value[0] == '\0') {
    ferry_error ("-io %s: empty file name", key);
    return -1;
  }
  *file = value ? g_canonicalize_filename (value, NULL) : NULL;
  return 0;
}

/* Paths on the host that -it ssh reads, resolved there (confine.h). */
struct remote {
  struct ferry_ssh *ssh;
  const struct ferry_ssh_url *url;
};

static char *
resolve_remote (const char *path, void *opaque)
{
  const struct remote *remote = opaque;
  g_autofree char *display = ferry_ssh_url_for_path (remote->url, path);
  g_autofree char *real = ferry_ssh_realpath (remote->ssh, path, display);
  struct ferry_ssh_file_info info;

  /* A server may resolve a path that does not exist: it must. */
  if (real == NULL ||
      ferry_ssh_stat (remote->ssh, real, display, &info) == -1)
    return NULL;
  return g_steal_pointer (&real);
}

/* -i vmx -it ssh ssh://[USER@]HOST[:PORT]/PATH/GUEST.vmx */
static struct ferry_source *
vmx_open_ssh (const struct ferry_input_options *options, const char *arg)
{
  g_auto (ferry_ssh_url) url = { 0 };
  g_autofree char *default_known_hosts = ferry_ssh_default_known_hosts ();
  g_autofree char *identity = NULL, *known_hosts = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *display = NULL, *buf = NULL;
  g_autofree char *folder = NULL, *name = NULL;
  g_autoptr (ferry_ssh) ssh = NULL;
  g_autoptr (ferry_vmx) vmx = NULL;
  g_autoptr (ferry_source) source = NULL;
  g_auto (ferry_confine) confine = { 0 };
  struct ferry_ssh_config config;
  struct remote remote;
  size_t len = 0;

  if (ferry_ssh_url_parse (arg, &url) == -1 ||
      option_file (options, "ssh-identity", NULL, &identity) == -1 ||
      option_file (options, "ssh-known-hosts", default_known_hosts,
                   &known_hosts) == -1)
    return NULL;
  if (options->password_file != NULL)
    password_file = g_canonicalize_filename (options->password_file, NULL);
  config = (struct ferry_ssh_config) {
    .host = url.host, .port = url.port, .user = url.user,
    .known_hosts = known_hosts, .identity = identity,
    .password_file = password_file,
  };
  ssh = ferry_ssh_connect (&config);
  if (ssh == NULL)
    return NULL;

  display = ferry_ssh_url_for_path (&url, url.path);
  buf = ferry_ssh_read_file (ssh, url.path, display, FERRY_VMX_MAX_SIZE,
                             "a VMX file", &len);
  if (buf == NULL)
    return NULL;
  if (len > FERRY_VMX_MAX_SIZE) {
    ferry_error ("cannot parse '%s': larger than %u MiB, not a VMX file",
                 display, FERRY_VMX_MAX_SIZE >> 20);
    return NULL;
  }
  vmx = ferry_vmx_parse (buf, len, display);
  if (vmx == NULL)
    return NULL;
  folder = g_path_get_dirname (url.path);
  name = ferry_input_name_from_file (url.path);
  source = ferry_vmx_source (vmx, folder, name);
  if (source == NULL)
    return NULL;

  if (options->metadata_only) {
    ferry_ssh_disks_name (source, &url);
    return g_steal_pointer (&source);
  }
  remote = (struct remote) { .ssh = ssh, .url = &url };
  if (ferry_confine_init (&confine, display, ".vmx", folder,
                          options->allowed_paths, resolve_remote,
                          &remote) == -1)
    return NULL;
  confine.files_only = true;
  if (ferry_ssh_disks_open (source, ssh, &url, &config, options->format,
                            &confine) == -1)
    return NULL;
  return g_steal_pointer (&source);
}

static struct ferry_source *
vmx_open (const struct ferry_input_options *options,
          char *const *args, size_t nargs)
{
  const char *file = args[0];
  g_autofree char *buf = NULL;
  g_autofree char *abs = NULL, *folder = NULL, *name = NULL;
  g_autoptr (ferry_vmx) vmx = NULL;
  g_autoptr (ferry_source) source = NULL;
  size_t len = 0;

  if (options->transport != NULL)
    return vmx_open_ssh (options, file);
  if (options->module_options != NULL && options->module_options[0] != NULL) {
    ferry_error ("-io '%s': needs -it ssh", options->module_options[0]);
    return NULL;
  }

  buf = ferry_input_read_file (file, FERRY_VMX_MAX_SIZE, "a VMX file", &len);
  if (buf == NULL)
    return NULL;
  if (len > FERRY_VMX_MAX_SIZE) {
    ferry_error ("cannot parse '%s': larger than %u MiB, not a VMX file",
                 file, FERRY_VMX_MAX_SIZE >> 20);
    return NULL;
  }
  vmx = ferry_vmx_parse (buf, len, file);
  if (vmx == NULL)
    return NULL;

  abs = g_canonicalize_filename (file, NULL);
  folder = g_path_get_dirname (abs);
  name = ferry_input_name_from_file (file);
  source = ferry_vmx_source (vmx, folder, name);
  if (source == NULL)
    return NULL;

  /* Every disk is checked before any is opened. */
  if (!options->metadata_only &&
      (ferry_input_confine_disks (source, file, ".vmx", folder,
                                  options) == -1 ||
       probe_disks (source, options->format) == -1))
    return NULL;
  return g_steal_pointer (&source);
}

const struct ferry_input_module ferry_input_vmx = {
  .name = "vmx",
  .description = "a VMware guest from its .vmx file (local, or over SSH "
                 "with -it ssh)",
  .min_args = 1,
  .max_args = 1,
  .confines_disks = true,
  .transports = (const char *const[]) { "ssh", NULL },
  .accepted_options = (const char *const[]) {
    "ssh-identity", "ssh-known-hosts", NULL,
  },
  .open = vmx_open,
};

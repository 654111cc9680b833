/* ferry: converting Linux guests of the Debian family.
 *
 * What a careful administrator would do by hand to move a Debian or
 * Ubuntu machine from VMware, Xen or Hyper-V onto KVM, and no more:
 *
 * 1. Remove the other hypervisors' guest tools with the guest's own
 *    package manager.
 * 2. Find the kernels and whether they have virtio drivers.  A guest with
 *    no virtio-capable kernel keeps its device names and falls back to
 *    emulated devices.
 * 3. Rename /dev/sdX, /dev/hdX, /dev/xvdX to /dev/vdX in fstab, crypttab,
 *    the boot loader's defaults and the resume settings.
 * 4. Make sure each initramfs carries virtio_pci, virtio_blk, virtio_scsi
 *    and virtio_net.  The initramfs is listed with the guest's own tool and
 *    rebuilt (update-initramfs, or dracut) only when a driver is missing
 *    or the resume device it holds was renamed: a rebuild costs minutes
 *    under emulation, and Debian's default initramfs already has them.
 * 5. Regenerate grub.cfg when its defaults changed, and rename devices in
 *    the generated file (grub-mkconfig sees the appliance's /dev/sdX).
 * 6. Give each NIC the name the guest's network configuration knows it
 *    by (linux-network.h), before the initramfs is rebuilt so that the
 *    new initramfs names the NICs alike.
 *
 * The guest's programs run only inside the libguestfs appliance.
 */

#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "convert.h"
#include "devname.h"
#include "errors.h"
#include "linux-network.h"
#include "report.h"
#include "banned.h"

/* Packages of other hypervisors' guest tools. */
static const char *const other_tools[] = {
  "open-vm-tools", "open-vm-tools-desktop", "open-vm-tools-dev",
  "open-vm-tools-sdmp", "open-vm-tools-containerinfo",
  "virtualbox-guest-utils", "virtualbox-guest-x11", "virtualbox-guest-dkms",
  "hyperv-daemons", "xe-guest-utilities", "xen-guest-agent",
  NULL,
};

/* The drivers the initramfs must carry to boot on virtio. */
static const char *const virtio_drivers[] = {
  "virtio_pci", "virtio_blk", "virtio_scsi", "virtio_net", NULL,
};

/* Configuration files whose device names are renamed. */
static const char *const device_files[] = {
  "/etc/fstab", "/etc/crypttab", "/etc/default/grub",
  "/etc/initramfs-tools/conf.d/resume", "/etc/uswsusp.conf",
  "/boot/grub/device.map", NULL,
};

#define RESUME_FILE "/etc/initramfs-tools/conf.d/resume"
#define GRUB_DEFAULTS "/etc/default/grub"

struct kernel {
  char *version;
  char *initrd;            /* /boot/initrd.img-VERSION, or NULL */
  bool virtio;             /* has virtio_blk and virtio_pci */
  char *dep;               /* modules.dep text */
  char *builtin;           /* modules.builtin text */
};

static void
kernel_free (gpointer p)
{
  struct kernel *k = p;

  g_free (k->version);
  g_free (k->initrd);
  g_free (k->dep);
  g_free (k->builtin);
  g_free (k);
}

static bool
linux_debian_matches (const struct ferry_inspection *i)
{
  return strcmp (i->type, "linux") == 0 &&
    strcmp (i->package_format, "deb") == 0;
}

/* Record libguestfs's last error after a formatted context. */
static void G_GNUC_PRINTF (2, 3)
guest_error (guestfs_h *g, const char *fmt, ...)
{
  const char *msg = guestfs_last_error (g);
  g_autofree char *context = NULL;
  va_list args;

  va_start (args, fmt);
  context = g_strdup_vprintf (fmt, args);
  va_end (args);
  ferry_error ("%s: %s", context, msg ? msg : "unknown libguestfs error");
}

/* Does TEXT (a module list: modules.dep, modules.builtin or an initramfs
 * listing) name module NAME?  It appears as ".../NAME.ko" followed by
 * ':', a compression suffix ('.'), or the end of the line.
 */
static bool
module_listed (const char *text, const char *name)
{
  g_autofree char *needle = g_strconcat ("/", name, ".ko", NULL);
  size_t nlen = strlen (needle);
  const char *p = text;

  if (text == NULL)
    return false;
  while ((p = strstr (p, needle)) != NULL) {
    char c = p[nlen];
    if (c == '\0' || c == '\n' || c == ':' || c == '.')
      return true;
    p += nlen;
  }
  return false;
}

/* Read a whole guest file into a string, or NULL if it does not exist. */
static char *
read_optional (guestfs_h *g, const char *path, size_t *size)
{
  char *content;

  if (guestfs_is_file_opts (g, path, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1,
                            -1) <= 0)
    return NULL;
  content = guestfs_read_file (g, path, size);
  if (content == NULL)
    ferry_debug ("cannot read '%s': %s", path, guestfs_last_error (g));
  return content;
}

static bool
package_installed (struct guestfs_application2_list *apps, const char *name)
{
  size_t i;

  for (i = 0; i < apps->len; i++)
    if (strcmp (apps->val[i].app2_name, name) == 0)
      return true;
  return false;
}

/* The other hypervisors' tools installed as packages, as " name name...",
 * in NAMES; *TARBALL is set when VMware Tools were installed from
 * VMware's own tarball.
 */
static int
find_other_tools (guestfs_h *g, const char *root, GString *names,
                  bool *tarball)
{
  struct guestfs_application2_list *apps;
  size_t i;

  apps = guestfs_inspect_list_applications2 (g, root);
  if (apps == NULL) {
    guest_error (g, "cannot list the guest's packages");
    return -1;
  }
  for (i = 0; other_tools[i] != NULL; i++)
    if (package_installed (apps, other_tools[i]))
      g_string_append_printf (names, " %s", other_tools[i]);
  guestfs_free_application2_list (apps);
  *tarball = guestfs_is_file (g, "/usr/bin/vmware-uninstall-tools.pl") > 0;
  return 0;
}

static int
remove_other_tools (guestfs_h *g, const char *root)
{
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  bool tarball;

  if (find_other_tools (g, root, names, &tarball) == -1)
    return -1;

  if (tarball) {
    ferry_message ("Removing VMware Tools (vmware-uninstall-tools.pl)");
    out = guestfs_sh (g, "/usr/bin/vmware-uninstall-tools.pl </dev/null");
    if (out == NULL)
      ferry_warning ("could not uninstall VMware Tools: %s",
                     guestfs_last_error (g));
    g_clear_pointer (&out, g_free);
  }

  if (names->len == 0)
    return 0;
  ferry_message ("Removing other hypervisors' tools:%s", names->str);
  cmd = g_strdup_printf ("DEBIAN_FRONTEND=noninteractive "
                         "apt-get -y -q -o Dpkg::Options::=--force-confold "
                         "purge%s </dev/null 2>&1 || "
                         "dpkg --purge%s </dev/null 2>&1",
                         names->str, names->str);
  out = guestfs_sh (g, cmd);
  if (out == NULL) {
    ferry_warning ("could not remove%s: %s", names->str,
                   guestfs_last_error (g));
    return 0;
  }
  ferry_debug ("%s", out);
  return 0;
}

/* Newest kernel first: that is the one grub boots by default. */
static gint
newest_first (gconstpointer a, gconstpointer b)
{
  const struct kernel *ka = *(const struct kernel *const *) a;
  const struct kernel *kb = *(const struct kernel *const *) b;

  return strverscmp (kb->version, ka->version);
}

static int
find_kernels (guestfs_h *g, GPtrArray *kernels)
{
  g_auto (GStrv) versions = NULL;
  size_t i, j;

  if (guestfs_is_dir (g, "/lib/modules") <= 0)
    return 0;
  versions = guestfs_ls (g, "/lib/modules");
  if (versions == NULL) {
    guest_error (g, "cannot list '/lib/modules' in the guest");
    return -1;
  }
  for (i = 0; versions[i] != NULL; i++) {
    g_autofree char *vmlinuz = g_strconcat ("/boot/vmlinuz-", versions[i], NULL);
    g_autofree char *initrd = g_strconcat ("/boot/initrd.img-", versions[i], NULL);
    g_autofree char *dep_path = NULL;
    g_autofree char *builtin_path = NULL;
    struct kernel *k;
    size_t size;

    if (guestfs_is_file_opts (g, vmlinuz, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                              1, -1) <= 0)
      continue;
    k = g_new0 (struct kernel, 1);
    k->version = g_strdup (versions[i]);
    if (guestfs_is_file_opts (g, initrd, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                              1, -1) > 0)
      k->initrd = g_steal_pointer (&initrd);
    dep_path = g_strconcat ("/lib/modules/", versions[i], "/modules.dep", NULL);
    builtin_path = g_strconcat ("/lib/modules/", versions[i],
                                "/modules.builtin", NULL);
    k->dep = read_optional (g, dep_path, &size);
    k->builtin = read_optional (g, builtin_path, &size);
    k->virtio = true;
    for (j = 0; j < 2; j++) {
      const char *need = j == 0 ? "virtio_blk" : "virtio_pci";
      if (!module_listed (k->dep, need) && !module_listed (k->builtin, need))
        k->virtio = false;
    }
    ferry_debug ("kernel %s: virtio %s, initrd %s", k->version,
                 k->virtio ? "yes" : "no", k->initrd ? k->initrd : "none");
    g_ptr_array_add (kernels, k);
  }
  g_ptr_array_sort (kernels, newest_first);
  return 0;
}

/* Rename devices in one file.  Sets *CHANGED when the file was rewritten. */
static int
remap_file (guestfs_h *g, const char *path, size_t ndisks, bool *changed)
{
  g_autofree char *content = NULL;
  g_autofree char *renamed = NULL;
  size_t size, new_size, count;

  *changed = false;
  content = read_optional (g, path, &size);
  if (content == NULL)
    return 0;
  renamed = ferry_devname_remap (content, size, ndisks, &new_size, &count);
  if (renamed == NULL)
    return 0;
  if (guestfs_write (g, path, renamed, new_size) == -1) {
    guest_error (g, "cannot write '%s' in the guest", path);
    return -1;
  }
  ferry_message ("Renamed %zu device name%s in %s", count,
                 count == 1 ? "" : "s", path);
  *changed = true;
  return 0;
}

/* Xen consoles become the serial console. */
static int
fix_console (guestfs_h *g, bool *changed)
{
  g_autofree char *content = NULL;
  g_autoptr (GString) text = NULL;
  size_t size;
  guint n;

  content = read_optional (g, GRUB_DEFAULTS, &size);
  if (content == NULL || memchr (content, '\0', size) != NULL)
    return 0;
  text = g_string_new (content);
  n = g_string_replace (text, "console=hvc0", "console=ttyS0", 0);
  n += g_string_replace (text, "console=xvc0", "console=ttyS0", 0);
  if (n == 0)
    return 0;
  if (guestfs_write (g, GRUB_DEFAULTS, text->str, text->len) == -1) {
    guest_error (g, "cannot write '%s' in the guest", GRUB_DEFAULTS);
    return -1;
  }
  ferry_message ("Moved the Xen console to ttyS0 in " GRUB_DEFAULTS);
  *changed = true;
  return 0;
}

enum initramfs_tool { TOOL_NONE, TOOL_INITRAMFS_TOOLS, TOOL_DRACUT };

static enum initramfs_tool
find_initramfs_tool (guestfs_h *g)
{
  if (guestfs_is_file_opts (g, "/usr/sbin/mkinitramfs",
                            GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1) > 0)
    return TOOL_INITRAMFS_TOOLS;
  if (guestfs_is_file_opts (g, "/usr/bin/dracut",
                            GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1) > 0 ||
      guestfs_is_file_opts (g, "/usr/sbin/dracut",
                            GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1) > 0)
    return TOOL_DRACUT;
  return TOOL_NONE;
}

/* Which virtio drivers does kernel K need in its initramfs that are not
 * there?  Appends their names to MISSING.
 */
static int
check_initramfs (guestfs_h *g, enum initramfs_tool tool,
                 const struct kernel *k, GPtrArray *missing)
{
  const char *argv[3];
  g_autofree char *listing = NULL;
  g_auto (GStrv) lines = NULL;
  size_t i;

  argv[0] = tool == TOOL_DRACUT ? "lsinitrd" : "lsinitramfs";
  argv[1] = k->initrd;
  argv[2] = NULL;
  lines = guestfs_command_lines (g, (char **) argv);
  if (lines == NULL) {
    ferry_warning ("cannot list '%s' with %s: %s", k->initrd, argv[0],
                   guestfs_last_error (g));
    listing = g_strdup ("");
  }
  else {
    listing = g_strjoinv ("\n", lines);
  }

  for (i = 0; virtio_drivers[i] != NULL; i++) {
    const char *drv = virtio_drivers[i];

    if (module_listed (k->builtin, drv) || module_listed (listing, drv))
      continue;
    /* A driver the kernel does not have cannot be added. */
    if (!module_listed (k->dep, drv))
      continue;
    g_ptr_array_add (missing, g_strdup (drv));
  }
  return 0;
}

/* Add NAMES to the guest's list of modules for every initramfs, so that a
 * later kernel update keeps them.
 */
static int
persist_modules (guestfs_h *g, enum initramfs_tool tool, GPtrArray *names)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *old = NULL;
  const char *path;
  size_t size, i;

  if (tool == TOOL_DRACUT) {
    path = "/etc/dracut.conf.d/90-ferry-virtio.conf";
    if (guestfs_mkdir_p (g, "/etc/dracut.conf.d") == -1) {
      guest_error (g, "cannot create '/etc/dracut.conf.d' in the guest");
      return -1;
    }
    g_string_append (text, "# Added by ferry: drivers to boot on KVM.\n"
                     "add_drivers+=\"");
    for (i = 0; i < names->len; i++)
      g_string_append_printf (text, " %s", (char *) names->pdata[i]);
    g_string_append (text, " \"\n");
  }
  else {
    path = "/etc/initramfs-tools/modules";
    old = read_optional (g, path, &size);
    if (old != NULL) {
      g_string_append_len (text, old, size);
      if (size > 0 && old[size - 1] != '\n')
        g_string_append_c (text, '\n');
    }
    for (i = 0; i < names->len; i++) {
      g_autofree char *line = g_strconcat ("\n", (char *) names->pdata[i],
                                           "\n", NULL);
      g_autofree char *prefixed = g_strconcat ("\n", text->str, NULL);
      if (strstr (prefixed, line) == NULL)
        g_string_append_printf (text, "%s\n", (char *) names->pdata[i]);
    }
  }
  if (guestfs_write (g, path, text->str, text->len) == -1) {
    guest_error (g, "cannot write '%s' in the guest", path);
    return -1;
  }
  return 0;
}

static int
rebuild_initramfs (guestfs_h *g, enum initramfs_tool tool,
                   const struct kernel *k)
{
  const char *argv[6];
  g_autofree char *out = NULL;

  ferry_message ("Rebuilding %s (this is slow in the appliance)", k->initrd);
  if (tool == TOOL_DRACUT) {
    argv[0] = "dracut";
    argv[1] = "-f";
    argv[2] = k->initrd;
    argv[3] = k->version;
    argv[4] = NULL;
  }
  else {
    argv[0] = "update-initramfs";
    argv[1] = "-u";
    argv[2] = "-k";
    argv[3] = k->version;
    argv[4] = NULL;
  }
  out = guestfs_command (g, (char **) argv);
  if (out == NULL) {
    ferry_error ("cannot rebuild '%s' in the guest with %s: %s",
                 k->initrd, argv[0], guestfs_last_error (g));
    return -1;
  }
  ferry_debug ("%s", out);
  return 0;
}

static int
ensure_initramfs (guestfs_h *g, GPtrArray *kernels, bool resume_changed)
{
  enum initramfs_tool tool = find_initramfs_tool (g);
  size_t i;

  for (i = 0; i < kernels->len; i++) {
    const struct kernel *k = kernels->pdata[i];
    g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);

    if (!k->virtio || k->initrd == NULL)
      continue;
    if (tool == TOOL_NONE) {
      ferry_warning ("no initramfs tool (initramfs-tools or dracut) in the "
                     "guest: cannot check '%s'", k->initrd);
      continue;
    }
    if (check_initramfs (g, tool, k, missing) == -1)
      return -1;
    if (missing->len == 0 && !resume_changed) {
      ferry_message ("%s already has the virtio drivers", k->initrd);
      continue;
    }
    if (missing->len > 0) {
      g_ptr_array_add (missing, NULL);
      g_autofree char *list = g_strjoinv (" ", (char **) missing->pdata);
      g_ptr_array_remove_index (missing, missing->len - 1);
      ferry_message ("%s lacks %s", k->initrd, list);
      if (persist_modules (g, tool, missing) == -1)
        return -1;
    }
    if (rebuild_initramfs (g, tool, k) == -1)
      return -1;
  }
  return 0;
}

static const char *
find_grub_cfg (guestfs_h *g)
{
  static const char *const paths[] = {
    "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg", NULL,
  };
  size_t i;

  for (i = 0; paths[i] != NULL; i++)
    if (guestfs_is_file (g, paths[i]) > 0)
      return paths[i];
  return NULL;
}

/* The guest's root device as its own grub-probe names it inside the
 * appliance, in a new string, or NULL.  The appliance's kernel names disks
 * in the order it finds them, which is not always the order libguestfs
 * shows (/dev/sda may be the kernel's sdb), and grub-mkconfig writes the
 * kernel's name.
 */
static char *
probe_root_device (guestfs_h *g)
{
  const char *argv[] = { "grub-probe", "--target=device", "/", NULL };
  char *out = guestfs_command (g, (char **) argv);

  if (out == NULL) {
    ferry_debug ("grub-probe: %s", guestfs_last_error (g));
    return NULL;
  }
  g_strstrip (out);
  return out;
}

/* Put the root device's name on the target (ROOT_TARGET) in place of the
 * appliance kernel's name for it (KERNEL_ROOT) in a generated grub.cfg.
 */
static int
fix_generated_root (guestfs_h *g, const char *cfg, const char *kernel_root,
                    const char *root_target)
{
  g_autofree char *content = NULL;
  g_autofree char *fixed = NULL;
  size_t size, new_size;

  content = read_optional (g, cfg, &size);
  if (content == NULL)
    return 0;
  fixed = ferry_devname_replace (content, size, kernel_root, root_target,
                                 &new_size);
  if (fixed == NULL)
    return 0;
  if (guestfs_write (g, cfg, fixed, new_size) == -1) {
    guest_error (g, "cannot write '%s' in the guest", cfg);
    return -1;
  }
  ferry_debug ("%s: %s renamed %s", cfg, kernel_root, root_target);
  return 0;
}

static int
update_grub (guestfs_h *g, const char *root, size_t ndisks,
             bool defaults_changed)
{
  const char *cfg = find_grub_cfg (g);
  bool changed;

  if (cfg == NULL) {
    ferry_warning ("no grub configuration found in the guest: "
                   "its boot loader was left as it was");
    return 0;
  }
  if (defaults_changed) {
    const char *argv[] = { "grub-mkconfig", "-o", cfg, NULL };
    g_autofree char *out = NULL;
    g_autofree char *kernel_root = probe_root_device (g);
    g_autofree char *root_target = NULL;
    size_t len;

    ferry_message ("Regenerating %s", cfg);
    out = guestfs_command (g, (char **) argv);
    if (out == NULL) {
      ferry_error ("cannot regenerate '%s' with grub-mkconfig: %s",
                   cfg, guestfs_last_error (g));
      return -1;
    }
    root_target = ferry_devname_remap (root, strlen (root), ndisks, &len,
                                       NULL);
    if (kernel_root != NULL && g_str_has_prefix (kernel_root, "/dev/") &&
        fix_generated_root (g, cfg, kernel_root,
                            root_target ? root_target : root) == -1)
      return -1;
  }
  /* Device names the guest wrote itself (or libguestfs's names, when the
   * appliance's kernel agrees with them) become /dev/vdX.
   */
  return remap_file (g, cfg, ndisks, &changed);
}

/* The devices the guest gets: virtio when its default (newest) kernel
 * has the drivers, else the emulated fallbacks.  Older kernels without
 * virtio only get a note.  Returns whether it is virtio.
 */
static bool
choose_devices (GPtrArray *kernels, struct ferry_target *target)
{
  bool virtio;
  size_t i;

  virtio = kernels->len > 0 && ((struct kernel *) kernels->pdata[0])->virtio;
  for (i = 1; virtio && i < kernels->len; i++) {
    const struct kernel *k = kernels->pdata[i];
    if (!k->virtio)
      ferry_target_note (target, "kernel %s has no virtio drivers: it will "
                         "not boot on KVM; use the default kernel",
                         k->version);
  }
  target->virtio = virtio;
  if (!virtio) {
    target->disk_bus = FERRY_BUS_IDE;
    target->nic_model = "e1000";
    target->machine = "pc";
    ferry_target_note (target, "no kernel in the guest has virtio drivers: "
                       "it gets emulated devices (IDE disks, e1000 NIC)");
  }
  else {
    target->disk_bus = FERRY_BUS_VIRTIO;
    target->nic_model = "virtio";
    target->machine = "q35";
  }
  return virtio;
}

static int
linux_debian_convert (guestfs_h *g, const struct ferry_source *source,
                      struct ferry_target *target)
{
  g_autoptr (GPtrArray) kernels = g_ptr_array_new_with_free_func (kernel_free);
  size_t ndisks = source->disks->len;
  bool grub_changed = false, resume_changed = false, virtio;
  size_t i;

  if (remove_other_tools (g, target->inspection.root) == -1)
    return -1;

  if (find_kernels (g, kernels) == -1)
    return -1;
  virtio = choose_devices (kernels, target);
  /* The NICs come back under their names on emulated devices too. */
  if (ferry_linux_network_convert (g, source, target) == -1)
    return -1;
  if (!virtio)
    return 0;

  for (i = 0; device_files[i] != NULL; i++) {
    bool changed;

    if (remap_file (g, device_files[i], ndisks, &changed) == -1)
      return -1;
    if (changed && strcmp (device_files[i], GRUB_DEFAULTS) == 0)
      grub_changed = true;
    if (changed && strcmp (device_files[i], RESUME_FILE) == 0)
      resume_changed = true;
  }
  if (fix_console (g, &grub_changed) == -1)
    return -1;

  if (ensure_initramfs (g, kernels, resume_changed) == -1)
    return -1;
  if (update_grub (g, target->inspection.root, ndisks, grub_changed) == -1)
    return -1;
  return 0;
}

/* What linux_debian_convert would decide, changing nothing. */
static int
linux_debian_assess (guestfs_h *g, const struct ferry_source *source,
                     struct ferry_target *target)
{
  g_autoptr (GPtrArray) kernels = g_ptr_array_new_with_free_func (kernel_free);
  g_autoptr (GString) names = g_string_new (NULL);
  bool tarball;

  if (find_other_tools (g, target->inspection.root, names, &tarball) == -1)
    return -1;
  if (names->len > 0)
    ferry_target_add_note (target, "conversion removes other hypervisors' "
                       "tools:%s", names->str);
  if (tarball)
    ferry_target_add_note (target, "conversion uninstalls VMware Tools "
                       "(installed from VMware's tarball)");
  if (find_kernels (g, kernels) == -1)
    return -1;
  choose_devices (kernels, target);
  return ferry_linux_network_assess (g, source, target);
}

const struct ferry_convert_module ferry_convert_linux_debian = {
  .name = "linux-debian",
  .matches = linux_debian_matches,
  .convert = linux_debian_convert,
  .assess = linux_debian_assess,
};

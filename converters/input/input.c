/* ferry: the table of input modules (see input.h). */

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
#include "parse-libvirtxml.h"
#include "errors.h"
#include "banned.h"

const struct ferry_input_module *const ferry_input_modules[] = {
  &ferry_input_disk,
  &ferry_input_vmx,
  &ferry_input_libvirtxml,
  &ferry_input_ova,
  &ferry_input_libvirt,
  NULL,
};

const struct ferry_input_module *
ferry_input_lookup (const char *name)
{
  size_t i;

  for (i = 0; ferry_input_modules[i] != NULL; i++)
    if (strcmp (ferry_input_modules[i]->name, name) == 0)
      return ferry_input_modules[i];
  return NULL;
}

/* Is -it one of the module's transports?  Is -ip used with one? */
static int
check_transport (const struct ferry_input_module *module,
                 const struct ferry_input_options *options)
{
  const char *const *transports = module->transports;

  if (options->transport != NULL &&
      (transports == NULL ||
       !g_strv_contains (transports, options->transport))) {
    if (transports == NULL)
      ferry_error ("-it '%s': -i %s reads only local files (-it ssh is for "
                   "-i vmx)", options->transport, module->name);
    else {
      g_autofree char *list = g_strjoinv (", ", (char **) transports);
      ferry_error ("-it '%s': -i %s cannot read over that (it can over: %s)",
                   options->transport, module->name, list);
    }
    return -1;
  }
  if (options->password_file != NULL && options->transport == NULL) {
    ferry_error ("-ip '%s': a password file is for a transport: it needs -it",
                 options->password_file);
    return -1;
  }
  return 0;
}

/* Is every -io KEY=VALUE one the module takes? */
static int
check_module_options (const struct ferry_input_module *module,
                      const char *const *options)
{
  size_t i;

  for (i = 0; options != NULL && options[i] != NULL; i++) {
    const char *const *accepted = module->accepted_options;
    const char *eq = strchr (options[i], '=');
    g_autofree char *key = NULL;
    g_autofree char *list = NULL;

    if (eq == NULL || eq == options[i]) {
      ferry_error ("-io '%s': not OPTION=VALUE", options[i]);
      return -1;
    }
    key = g_strndup (options[i], eq - options[i]);
    if (accepted != NULL && g_strv_contains (accepted, key))
      continue;
    if (accepted == NULL || accepted[0] == NULL)
      ferry_error ("-io '%s': -i %s takes no -io option", options[i],
                   module->name);
    else {
      list = g_strjoinv (", ", (char **) accepted);
      ferry_error ("-io '%s': not an option of -i %s (it takes: %s)",
                   options[i], module->name, list);
    }
    return -1;
  }
  return 0;
}

const char *
ferry_input_option (const struct ferry_input_options *options,
                    const char *key)
{
  const char *value = NULL;
  size_t n = strlen (key);
  size_t i;

  for (i = 0; options->module_options != NULL &&
         options->module_options[i] != NULL; i++) {
    const char *o = options->module_options[i];

    if (strncmp (o, key, n) == 0 && o[n] == '=')
      value = o + n + 1;
  }
  return value;
}

struct ferry_source *
ferry_input_open (const struct ferry_input_module *module,
                  const struct ferry_input_options *options,
                  char *const *args, size_t nargs)
{
  struct ferry_source *source;

  if (nargs < module->min_args) {
    ferry_error ("-i %s: missing argument: name the input after the options",
                 module->name);
    return NULL;
  }
  if (nargs > module->max_args) {
    ferry_error ("-i %s: too many arguments (at most %zu)",
                 module->name, module->max_args);
    return NULL;
  }
  if (options->conn != NULL && !module->takes_conn) {
    ferry_error ("-ic '%s': -i %s takes no -ic (it is for -i libvirt)",
                 options->conn, module->name);
    return NULL;
  }
  if (options->allowed_paths != NULL && options->allowed_paths[0] != NULL &&
      !module->confines_disks) {
    ferry_error ("--allow-path '%s': -i %s takes no --allow-path (it is "
                 "for -i vmx and -i libvirtxml)", options->allowed_paths[0],
                 module->name);
    return NULL;
  }
  if (check_transport (module, options) == -1 ||
      check_module_options (module, options->module_options) == -1)
    return NULL;
  source = module->open (options, args, nargs);
  if (source == NULL)
    return NULL;
  if (source->disks->len == 0 && !options->metadata_only) {
    ferry_source_free (source);
    ferry_error ("-i %s: the source has no disks", module->name);
    return NULL;
  }
  return source;
}

char *
ferry_input_name_from_file (const char *file)
{
  g_autofree char *base = g_path_get_basename (file);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

char *
ferry_input_read_file (const char *file, size_t max, const char *what,
                       size_t *len)
{
  g_autofree char *buf = NULL;
  struct stat st;
  size_t size = 0;
  int fd;

  fd = open (file, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    ferry_error_errno (errno, "cannot open '%s'", file);
    return NULL;
  }
  if (fstat (fd, &st) == -1) {
    ferry_error_errno (errno, "cannot read '%s'", file);
    goto fail;
  }
  if (!S_ISREG (st.st_mode)) {
    ferry_error ("cannot read '%s': not a regular file", file);
    goto fail;
  }
  if ((uint64_t) st.st_size > max) {
    ferry_error ("cannot parse '%s': larger than %zu MiB, not %s",
                 file, max >> 20, what);
    goto fail;
  }

  /* One byte more than the limit: a file that grew is caught too. */
  buf = g_malloc (max + 2);
  while (size <= max) {
    ssize_t r = read (fd, buf + size, max + 1 - size);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      ferry_error_errno (errno, "cannot read '%s'", file);
      goto fail;
    }
    if (r == 0)
      break;
    size += r;
  }
  close (fd);
  buf[size] = '\0';
  *len = size;
  return g_steal_pointer (&buf);

 fail:
  close (fd);
  return NULL;
}

int
ferry_input_probe_local_disk (struct ferry_source_disk *disk,
                              const char *format)
{
  g_autofree char *abs = realpath (disk->location, NULL);
  struct ferry_image_info info;

  /* Probe the very path the overlay will name, so that qemu resolves
   * the image's references from the folder that was checked.
   */
  if (abs == NULL) {
    ferry_error_errno (errno, "cannot open '%s'", disk->location);
    return -1;
  }
  if (ferry_image_probe (abs, format ? format : disk->format, &info) == -1)
    return -1;
  g_free (disk->location);
  disk->location = g_steal_pointer (&abs);
  g_free (disk->format);
  disk->format = info.format;
  disk->virtual_size = info.virtual_size;
  return 0;
}

int
ferry_input_confine_disks (struct ferry_source *source, const char *file,
                           const char *what, const char *folder,
                           const struct ferry_input_options *options)
{
  g_auto (ferry_confine) confine = { 0 };
  size_t i;

  if (ferry_confine_init (&confine, file, what, folder,
                          options->allowed_paths, NULL, NULL) == -1)
    return -1;
  for (i = 0; i < source->disks->len; i++) {
    struct ferry_source_disk *disk = source->disks->pdata[i];
    g_autofree char *number = g_strdup_printf ("#%zu", i + 1);
    const char *name = disk->input_name ? disk->input_name
      : disk->target ? disk->target : number;

    if (ferry_libvirtxml_is_uri (disk->location))
      continue;
    if (ferry_confine_disk (&confine, name, &disk->location) == -1)
      return -1;
  }
  return 0;
}

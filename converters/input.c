/* ferry: the table of input modules (see input.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "image.h"
#include "../common/errors.h"
#include "../common/banned.h"

const struct ferry_input_module *const ferry_input_modules[] = {
  &ferry_input_disk,
  &ferry_input_vmx,
  &ferry_input_libvirtxml,
  &ferry_input_ova,
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

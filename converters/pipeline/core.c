/* ferry: the converter core (see core.h). */

#include <config.h>

#include <string.h>
#include <sys/stat.h>

#include "core.h"
#include "copy.h"
#include "image.h"
#include "network.h"
#include "overlay.h"
#include "command.h"
#include "errors.h"
#include "report.h"
#include "banned.h"

static uint64_t
allocated_bytes (const char *path)
{
  struct stat st;

  if (path == NULL || stat (path, &st) == -1)
    return 0;
  return (uint64_t) st.st_blocks * 512;
}

/* What a copy of OVERLAY to qcow2 would allocate, by qemu-img measure:
 * the allocated clusters that do not read as zeroes, and the qcow2
 * metadata (*BYTES); and the size of a fully allocated copy (*FULL, may
 * be NULL).
 */
static int
measure_overlay (const char *overlay, uint64_t *bytes, uint64_t *full)
{
  const char *argv[] = { "qemu-img", "measure", "--output=json",
                         "-O", "qcow2", "-f", "qcow2", overlay, NULL };
  g_autofree char *out = NULL;
  uint64_t fully_allocated;

  if (ferry_command_run_ok (argv, &out) == -1)
    return -1;
  if (ferry_image_parse_measure (out, strlen (out), bytes,
                                 &fully_allocated) == -1) {
    ferry_error_prefix ("cannot read the size qemu-img measure gives for "
                        "'%s'", overlay);
    return -1;
  }
  if (full != NULL)
    *full = fully_allocated;
  return 0;
}

/* Is there room in the output folder for what the copy will write?
 * Checked after trim, when the estimate is known, instead of failing
 * far into the copy.
 */
static int
check_space (const struct ferry_output *out,
             const struct ferry_overlays *overlays,
             const struct ferry_source *source)
{
  uint64_t needed = 0, available;
  g_autofree char *need_text = NULL, *free_text = NULL;
  size_t i;

  if (out->outdir == NULL)
    return 0;
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];
    uint64_t data, full;

    if (out->disk_tmp->pdata[i] == NULL)
      continue;
    if (measure_overlay (overlays->paths->pdata[i], &data, &full) == -1)
      return -1;
    if (out->options.alloc == FERRY_ALLOC_PREALLOCATED)
      data = out->options.format == FERRY_FORMAT_QCOW2
        ? full : disk->virtual_size;
    needed += data;
  }
  if (ferry_outdir_free_space (out->outdir, &available) == -1)
    return -1;
  if (needed <= available)
    return 0;
  need_text = ferry_human_size (needed);
  free_text = ferry_human_size (available);
  ferry_error ("not enough space in '%s' for the converted disk%s: %s "
               "needed, %s free (free some space, or write elsewhere with "
               "-os)", out->dir, source->disks->len == 1 ? "" : "s",
               need_text, free_text);
  return -1;
}

static int
copy_disks (struct ferry_output *out, const struct ferry_overlays *overlays,
            const struct ferry_source *source)
{
  struct ferry_progress *p;
  uint64_t total = 0, base = 0;
  size_t i;

  for (i = 0; i < source->disks->len; i++)
    total += ((struct ferry_source_disk *) source->disks->pdata[i])->virtual_size;

  ferry_message ("Copying %u disk%s (%s)", source->disks->len,
                 source->disks->len == 1 ? "" : "s",
                 out->disk_tmp->pdata[0]
                 ? ferry_output_format_name (out->options.format)
                 : "to null");
  p = ferry_progress_start (total);
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_source_disk *disk = source->disks->pdata[i];
    int fd = g_array_index (out->disk_fd, int, i);
    g_autofree char *dest_open = fd >= 0 ? ferry_outdir_fd_path (fd) : NULL;
    struct ferry_copy copy = {
      .overlay = overlays->paths->pdata[i],
      .dest = out->disk_tmp->pdata[i],
      .dest_open = dest_open,
      .format = out->options.format,
      .alloc = out->options.alloc,
      .virtual_size = disk->virtual_size,
    };

    if (ferry_copy_disk (&copy, p, base) == -1) {
      ferry_progress_finish (p, false);
      return -1;
    }
    base += disk->virtual_size;
  }
  ferry_progress_finish (p, true);
  return 0;
}

int
ferry_core_convert (const struct ferry_source *source,
                    const struct ferry_core_options *options,
                    struct ferry_core_result *result)
{
  g_autoptr (ferry_output) out = NULL;
  g_autoptr (ferry_overlays) overlays = NULL;
  g_autoptr (GPtrArray) unused = NULL;
  struct ferry_target target;
  size_t i;
  int r = -1;

  result->bytes_written = 0;
  result->metadata = NULL;
  ferry_target_init (&target);

  out = ferry_output_setup (options->output, &options->output_options, source);
  if (out == NULL)
    goto out;

  /* The NICs' networks: an option that maps nothing is a likely typo,
   * worth a warning before the long work.
   */
  ferry_network_map_apply (options->networks, source, &target);
  unused = ferry_network_map_unused (options->networks, source);
  for (i = 0; i < unused->len; i++)
    ferry_warning ("%s maps no NIC: the source has no such network or MAC",
                   (const char *) unused->pdata[i]);

  ferry_message ("Creating an overlay to protect the source from being "
                 "modified");
  overlays = ferry_overlays_create (source);
  if (overlays == NULL)
    goto out;

  if (ferry_guest_convert (source, (char *const *) overlays->paths->pdata,
                           &options->guest_options, &target) == -1)
    goto out;

  if (check_space (out, overlays, source) == -1)
    goto out;

  if (copy_disks (out, overlays, source) == -1)
    goto out;

  if (ferry_output_finalize (out, &target) == -1)
    goto out;

  for (i = 0; i < out->disk_final->len; i++)
    result->bytes_written += allocated_bytes (out->disk_final->pdata[i]);
  for (i = 0; i < out->files_final->len; i++)
    result->bytes_written += allocated_bytes (out->files_final->pdata[i]);
  if (out->files_final->len > 0)
    result->metadata = g_strdup (out->files_final->pdata[0]);

  /* The output is complete and stays, whatever happens now. */
  if (ferry_output_finished (out) == -1)
    goto out;
  r = 0;

 out:
  if (r == -1)
    g_clear_pointer (&result->metadata, g_free);
  ferry_target_clear (&target);
  return r;
}

int
ferry_core_inspect (const struct ferry_source *source,
                    const struct ferry_guest_options *options,
                    const struct ferry_network_map *networks,
                    struct ferry_target *target, uint64_t *allocated)
{
  g_autoptr (ferry_overlays) overlays = NULL;
  size_t i;

  ferry_network_map_apply (networks, source, target);

  overlays = ferry_overlays_create (source);
  if (overlays == NULL)
    return -1;
  if (ferry_guest_inspect (source, (char *const *) overlays->paths->pdata,
                           options, target) == -1)
    return -1;
  ferry_message ("Measuring what a conversion would copy");
  for (i = 0; i < source->disks->len; i++)
    if (measure_overlay (overlays->paths->pdata[i], &allocated[i], NULL) == -1)
      return -1;
  return 0;
}

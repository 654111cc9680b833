/* ferry: the conversion session (see session.h). */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "session.h"
#include "convert.h"
#include "inspect.h"
#include "trim.h"
#include "errors.h"
#include "report.h"
#include "banned.h"

void
ferry_session_error (guestfs_h *g, const char *context)
{
  const char *msg = guestfs_last_error (g);

  ferry_error ("%s: %s", context, msg ? msg : "unknown libguestfs error");
}

/* Launch the appliance over OVERLAYS, inspect the guest, mount its
 * filesystems (recorded in MOUNTED) and decide its firmware.  Returns the
 * handle and the guest's conversion module, or NULL with the error set.
 */
static guestfs_h *
open_guest (const struct ferry_source *source, char *const *overlays,
            const struct ferry_guest_options *options,
            struct ferry_target *target, GPtrArray *mounted,
            const struct ferry_convert_module **module)
{
  g_autoptr (guestfs_h) g = NULL;
  g_autofree char *root = NULL;
  size_t i;

  g = guestfs_create ();
  if (g == NULL) {
    ferry_error ("cannot create a libguestfs handle");
    return NULL;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  /* Only switch debugging on: LIBGUESTFS_DEBUG and LIBGUESTFS_TRACE in
   * the environment may have done so already.
   */
  if (options->verbose)
    guestfs_set_verbose (g, 1);
  if (options->trace)
    guestfs_set_trace (g, 1);
  /* Two vCPUs let TCG run the guest's tools on both host cores. */
  guestfs_set_smp (g, 2);

  for (i = 0; overlays[i] != NULL; i++) {
    if (guestfs_add_drive_opts (g, overlays[i],
                                GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                                GUESTFS_ADD_DRIVE_OPTS_CACHEMODE, "unsafe",
                                GUESTFS_ADD_DRIVE_OPTS_DISCARD, "besteffort",
                                -1) == -1) {
      ferry_session_error (g, "cannot add the overlay of a source disk");
      return NULL;
    }
  }

  ferry_message ("Starting the libguestfs appliance");
  if (guestfs_launch (g) == -1) {
    ferry_session_error (g, "cannot start the libguestfs appliance");
    return NULL;
  }

  ferry_message ("Inspecting the guest");
  root = ferry_inspect_choose_root (g, source, options->root);
  if (root == NULL)
    return NULL;
  if (ferry_inspect_os (g, root, &target->inspection) == -1)
    return NULL;
  ferry_message ("Found %s (%s %s) on %s",
                 target->inspection.product_name,
                 target->inspection.distro, target->inspection.arch, root);

  *module = ferry_convert_find (&target->inspection);
  if (*module == NULL)
    return NULL;

  if (ferry_inspect_mount_all (g, root, mounted) == -1)
    return NULL;

  target->firmware = source->firmware != FERRY_FIRMWARE_UNKNOWN
    ? source->firmware : ferry_inspect_firmware (g);
  return g_steal_pointer (&g);
}

/* Trim, unmount, and shut the appliance down, flushing every write to
 * the overlays.
 */
static int
close_guest (guestfs_h *g, GPtrArray *mounted, bool trim)
{
  if (trim) {
    ferry_message ("Trimming the filesystems");
    ferry_trim_all (g, mounted);
  }

  if (guestfs_umount_all (g) == -1 || guestfs_shutdown (g) == -1) {
    ferry_session_error (g, "cannot close the guest cleanly");
    return -1;
  }
  return 0;
}

/* One session: open, then convert the guest (CONVERT) or only decide
 * what a conversion would (ferry-inspect), then trim and close.
 */
static int
run_session (const struct ferry_source *source, char *const *overlays,
             const struct ferry_guest_options *options,
             struct ferry_target *target, bool convert)
{
  g_autoptr (guestfs_h) g = NULL;
  g_autoptr (GPtrArray) mounted = g_ptr_array_new_with_free_func (g_free);
  const struct ferry_convert_module *module;
  int r;

  g = open_guest (source, overlays, options, target, mounted, &module);
  if (g == NULL)
    return -1;

  if (convert) {
    ferry_message ("Converting %s to run on KVM",
                   target->inspection.product_name);
    r = module->convert (g, source, target);
  }
  else {
    ferry_message ("Deciding the devices for KVM");
    r = module->assess (g, source, target);
  }
  if (r == -1)
    return -1;

  return close_guest (g, mounted, !options->no_trim);
}

int
ferry_guest_convert (const struct ferry_source *source,
                     char *const *overlays,
                     const struct ferry_guest_options *options,
                     struct ferry_target *target)
{
  return run_session (source, overlays, options, target, true);
}

int
ferry_guest_inspect (const struct ferry_source *source,
                     char *const *overlays,
                     const struct ferry_guest_options *options,
                     struct ferry_target *target)
{
  return run_session (source, overlays, options, target, false);
}

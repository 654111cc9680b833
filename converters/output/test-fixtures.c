/* ferry: what the unit tests of the outputs and reports share (see
 * test-fixtures.h).
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "test-fixtures.h"
#include "command.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define GOLDEN_DIR "converters/output/testdata/"

/* The guest of both fillers below.  HOSTILE makes it the unknown "Linux":
 * a product name with quotes and a newline, no libosinfo id, quotes in
 * its note.
 */
static void
fill_target (struct ferry_target *t, bool virtio, bool hostile)
{
  ferry_target_init (t);
  t->inspection.product_name = g_strdup (hostile ? "Old \"Linux\"\n$(reboot)"
                                         : "Debian 12.5");
  t->inspection.distro = g_strdup ("debian");
  t->inspection.arch = g_strdup ("x86_64");
  t->inspection.osinfo = hostile ? NULL
    : g_strdup ("http://debian.org/debian/12");
  t->virtio = virtio;
  t->disk_bus = virtio ? FERRY_BUS_VIRTIO : FERRY_BUS_IDE;
  t->nic_model = virtio ? "virtio" : "e1000";
  t->machine = virtio ? "q35" : "pc";
  t->firmware = virtio ? FERRY_FIRMWARE_BIOS : FERRY_FIRMWARE_UEFI;
  if (!virtio)
    g_ptr_array_add (t->notes,
                     g_strdup (hostile
                               ? "no kernel in the guest has virtio drivers: "
                               "it gets \"emulated\" devices"
                               : "no kernel in the guest has virtio drivers: "
                               "it gets emulated devices"));
}

void
ferry_test_fill_target (struct ferry_target *t, bool virtio)
{
  fill_target (t, virtio, !virtio);
}

void
ferry_test_fill_target_debian (struct ferry_target *t, bool virtio)
{
  fill_target (t, virtio, false);
}

void
ferry_test_fill_source (struct ferry_source *source)
{
  source->name = g_strdup ("web");
  source->memory = UINT64_C (2) << 30;
  source->vcpus = 4;
  source->sockets = 2;
  source->cores = 2;
  ferry_source_add_disk (source, g_strdup ("/a.vmdk"), g_strdup ("vmdk"));
  ferry_source_add_disk (source, g_strdup ("/b.vmdk"), g_strdup ("vmdk"));
  ferry_source_add_removable (source, FERRY_REMOVABLE_CDROM, FERRY_BUS_IDE,
                              g_strdup ("hdc"), NULL);
  ferry_source_add_nic (source, g_strdup ("00:50:56:01:02:03"),
                        g_strdup ("VM Network"), g_strdup ("vmxnet3"));
  ferry_source_add_nic (source, NULL, NULL, NULL);
}

void
ferry_test_fill_bare (struct ferry_source *source)
{
  source->name = g_strdup ("odd");
  source->memory = (UINT64_C (512) << 20) + 1;
  source->vcpus = 1;
  ferry_source_add_disk (source, g_strdup ("/c.raw"), g_strdup ("raw"));
}

void
ferry_test_check_golden (const char *name, const char *text)
{
  g_autofree char *path = g_strconcat (GOLDEN_DIR, name, NULL);
  g_autofree char *want = NULL;

  if (getenv ("REGENERATE") != NULL)
    g_file_set_contents (path, text, -1, NULL);
  if (!g_file_get_contents (path, &want, NULL, NULL)) {
    tap_ok (false, "%s: cannot read the golden file", path);
    return;
  }
  if (!tap_ok (strcmp (want, text) == 0, "%s matches", path))
    printf ("# got:\n%s", text);
}

void
ferry_test_check_tool (const char *const *tool, const char *name,
                       const char *what)
{
  g_autofree char *path = g_strconcat (GOLDEN_DIR, name, NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  size_t i;
  int r;

  for (i = 0; tool[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) tool[i]);
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, NULL);
  r = ferry_command_run ((const char *const *) argv->pdata, NULL, NULL, NULL,
                         &err);
  if (!tap_ok (r == 0, "%s %s", path, what))
    printf ("# %s\n", r == -1 ? ferry_error_get () : err);
}

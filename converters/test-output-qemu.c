/* Unit test: the texts -o qemu and -o json write (output.h), against
 * golden files.
 *
 * Run with REGENERATE=1 to rewrite the golden files after a deliberate
 * change, then review the diff.  The scripts must also pass "bash -n"
 * and the JSON must parse (with Perl's core JSON::PP).  Names, paths and
 * strings from the guest hold quotes, commas, spaces and a newline, so
 * that the quoting shows in the golden files.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "../common/command.h"
#include "../common/errors.h"
#include "../common/tap.h"
#include "../common/banned.h"

#define GOLDEN_DIR "converters/testdata/"

static void
fill_target (struct ferry_target *t, bool virtio)
{
  ferry_target_init (t);
  t->inspection.product_name = g_strdup (virtio ? "Debian 12.5"
                                         : "Old \"Linux\"\n$(reboot)");
  t->inspection.distro = g_strdup ("debian");
  t->inspection.arch = g_strdup ("x86_64");
  t->inspection.osinfo = virtio ? g_strdup ("http://debian.org/debian/12")
    : NULL;
  t->virtio = virtio;
  t->disk_bus = virtio ? FERRY_BUS_VIRTIO : FERRY_BUS_IDE;
  t->nic_model = virtio ? "virtio" : "e1000";
  t->machine = virtio ? "q35" : "pc";
  t->firmware = virtio ? FERRY_FIRMWARE_BIOS : FERRY_FIRMWARE_UEFI;
  if (!virtio)
    g_ptr_array_add (t->notes, g_strdup ("no kernel in the guest has virtio "
                                         "drivers: it gets \"emulated\" "
                                         "devices"));
}

static void
check_golden (const char *name, const char *text)
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

/* The command TOOL followed by the golden file NAME must exit 0. */
static void
check_tool (const char *const *tool, const char *name, const char *what)
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

int
main (void)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  g_autoptr (ferry_source) bare = ferry_source_new ();
  struct ferry_target target;
  char *disks[] = { "/srv/guests/web-sda", "/srv/guests/web-sdb", NULL };
  char *odd[] = { "/srv/it's, here/web & <co>-sda", NULL };
  static const char *const bash_n[] = { "bash", "-n", NULL };
  static const char *const json_pp[] = {
    "perl", "-MJSON::PP", "-0777", "-ne", "decode_json $_", NULL,
  };

  tap_plan (4 + 4);

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

  /* Memory not a whole number of MiB, one vCPU, no NIC. */
  bare->name = g_strdup ("odd");
  bare->memory = (UINT64_C (512) << 20) + 1;
  bare->vcpus = 1;
  ferry_source_add_disk (bare, g_strdup ("/c.raw"), g_strdup ("raw"));

  fill_target (&target, true);
  {
    g_autofree char *script =
      ferry_output_qemu_script ("web", "/srv/guests", source, &target, disks,
                                "qcow2");
    g_autofree char *json =
      ferry_output_json_describe ("web", source, &target, disks, "qcow2");

    check_golden ("qemu-virtio.sh", script);
    check_golden ("guest-virtio.json", json);
  }
  ferry_target_clear (&target);

  fill_target (&target, false);
  {
    g_autofree char *script =
      ferry_output_qemu_script ("web & <co>", "/srv/it's, here", bare,
                                &target, odd, "raw");
    g_autofree char *json =
      ferry_output_json_describe ("web & <co>", bare, &target, odd, "raw");

    check_golden ("qemu-fallback-uefi.sh", script);
    check_golden ("guest-fallback.json", json);
  }
  ferry_target_clear (&target);

  check_tool (bash_n, "qemu-virtio.sh", "passes bash -n");
  check_tool (bash_n, "qemu-fallback-uefi.sh", "passes bash -n");
  check_tool (json_pp, "guest-virtio.json", "is valid JSON");
  check_tool (json_pp, "guest-fallback.json", "is valid JSON");
  ferry_error_clear ();
  return tap_done ();
}

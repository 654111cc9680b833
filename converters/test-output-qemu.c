/* Unit test: the texts -o qemu, -o json and -o kubevirt write
 * (output.h), against golden files.
 *
 * Run with REGENERATE=1 to rewrite the golden files after a deliberate
 * change, then review the diff.  The scripts must also pass "bash -n",
 * the JSON must parse (with Perl's core JSON::PP) and the YAML too (with
 * python3-yaml), giving back the strings that went in.  Names, paths and
 * strings from the guest hold quotes, commas, spaces and a newline (and
 * for the YAML, ': ', '#', characters beyond ASCII, a C1 control and a
 * byte that is not UTF-8), so that the quoting shows in the golden files.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "network.h"
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

/* The golden YAML file NAME parses, as a VirtualMachine whose guest-name
 * annotation is GUEST and metadata.name LABEL, and whose first volume is
 * the file DISK.
 */
static void
check_yaml (const char *name, const char *guest, const char *label,
            const char *disk)
{
  static const char script[] =
    "import sys, yaml\n"
    "d = yaml.safe_load(open(sys.argv[1], encoding='ascii'))\n"
    "assert d['apiVersion'] == 'kubevirt.io/v1', d['apiVersion']\n"
    "assert d['kind'] == 'VirtualMachine', d['kind']\n"
    "m = d['metadata']\n"
    "assert m['annotations']['ferry.invalid/guest-name'] == sys.argv[2], "
    "ascii(m['annotations'])\n"
    "assert m['name'] == sys.argv[3], m['name']\n"
    "v = d['spec']['template']['spec']['volumes'][0]['hostDisk']\n"
    "assert v == {'path': sys.argv[4], 'type': 'Disk'}, ascii(v)\n";
  g_autofree char *path = g_strconcat (GOLDEN_DIR, name, NULL);
  const char *argv[] = { "python3", "-c", script, path, guest, label, disk,
                         NULL };
  g_autofree char *err = NULL;
  int r = ferry_command_run (argv, NULL, NULL, NULL, &err);

  if (!tap_ok (r == 0, "%s parses as YAML, with the strings put in", path))
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
  /* YAML's own syntax, U+00DC, U+0085 (not printable in YAML 1.1),
   * U+1F600, and a byte that is not UTF-8 (read back as U+FFFD).
   */
  static const char odd_name[] =
    "Web \xc3\x9c" "ber: #1 \"x\"\xc2\x85\tz\xf0\x9f\x98\x80\xff---";
  static const char odd_name_read[] =
    "Web \xc3\x9c" "ber: #1 \"x\"\xc2\x85\tz\xf0\x9f\x98\x80\xef\xbf\xbd---";
  char *odd_yaml[] = { "/srv/a: b #c/'it'/\"d\"\\e-sda", NULL };
  static const char *const bash_n[] = { "bash", "-n", NULL };
  static const char *const json_pp[] = {
    "perl", "-MJSON::PP", "-0777", "-ne", "decode_json $_", NULL,
  };

  tap_plan (4 + 4 + 2 + 2 + 4);

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

  /* Memory not a whole number of MiB, one vCPU, no NIC, secure boot. */
  bare->name = g_strdup ("odd");
  bare->memory = (UINT64_C (512) << 20) + 1;
  bare->vcpus = 1;
  bare->secure_boot = true;
  ferry_source_add_disk (bare, g_strdup ("/c.raw"), g_strdup ("raw"));

  /* -n maps the first NIC; the second, unmapped, is the one on
   * KubeVirt's pod network.
   */
  fill_target (&target, true);
  {
    g_autoptr (ferry_network_map) map = ferry_network_map_new ();
    g_autofree char *script = NULL, *json = NULL, *yaml = NULL;

    g_assert (ferry_network_map_add_network (map, "VM Network:prod-net")
              == 0);
    ferry_network_map_apply (map, source, &target);
    script = ferry_output_qemu_script ("web", "/srv/guests", source, &target,
                                       disks, "qcow2");
    json = ferry_output_json_describe ("web", source, &target, disks,
                                       "qcow2");
    yaml = ferry_output_kubevirt_yaml ("web", source, &target, disks);
    check_golden ("qemu-virtio.sh", script);
    check_golden ("guest-virtio.json", json);
    check_golden ("kubevirt-virtio.yaml", yaml);
  }
  ferry_target_clear (&target);

  fill_target (&target, false);
  {
    g_autofree char *script =
      ferry_output_qemu_script ("web & <co>", "/srv/it's, here", bare,
                                &target, odd, "raw");
    g_autofree char *json =
      ferry_output_json_describe ("web & <co>", bare, &target, odd, "raw");
    g_autofree char *yaml =
      ferry_output_kubevirt_yaml (odd_name, bare, &target, odd_yaml);

    check_golden ("qemu-fallback-uefi.sh", script);
    check_golden ("guest-fallback.json", json);
    check_golden ("kubevirt-fallback-uefi.yaml", yaml);
  }
  ferry_target_clear (&target);

  check_tool (bash_n, "qemu-virtio.sh", "passes bash -n");
  check_tool (bash_n, "qemu-fallback-uefi.sh", "passes bash -n");
  check_tool (json_pp, "guest-virtio.json", "is valid JSON");
  check_tool (json_pp, "guest-fallback.json", "is valid JSON");
  check_yaml ("kubevirt-virtio.yaml", "web", "web", disks[0]);
  check_yaml ("kubevirt-fallback-uefi.yaml", odd_name_read, "web-ber-1-x-z",
              odd_yaml[0]);
  {
    g_autofree char *empty = ferry_output_kubevirt_name ("--- ...");
    g_autofree char *upper = ferry_output_kubevirt_name ("WEB01.example.COM");
    g_autofree char *lng = ferry_output_kubevirt_name (
      "a123456789b123456789c123456789d123456789e123456789f123456789g12-x");
    g_autofree char *cut = ferry_output_kubevirt_name (
      "a123456789b123456789c123456789d123456789e123456789f123456789g1-x");

    tap_ok (strcmp (empty, "guest") == 0, "a name with no letter or digit "
            "is 'guest' in Kubernetes (%s)", empty);
    tap_ok (strcmp (upper, "web01-example-com") == 0, "'.' becomes '-', "
            "capitals lower case (%s)", upper);
    tap_ok (strlen (lng) == 63 && lng[62] == '2', "a long name is cut at "
            "63 characters (%s)", lng);
    tap_ok (strlen (cut) == 62 && cut[61] == '1', "... and no '-' ends it "
            "(%s)", cut);
  }
  ferry_error_clear ();
  return tap_done ();
}

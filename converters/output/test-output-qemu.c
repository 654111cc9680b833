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

#include <string.h>

#include "output.h"
#include "network.h"
#include "test-fixtures.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

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
    "d = yaml.safe_load(open(sys.argv[4], encoding='ascii'))\n"
    "assert d['apiVersion'] == 'kubevirt.io/v1', d['apiVersion']\n"
    "assert d['kind'] == 'VirtualMachine', d['kind']\n"
    "m = d['metadata']\n"
    "assert m['annotations']['ferry.invalid/guest-name'] == sys.argv[1], "
    "ascii(m['annotations'])\n"
    "assert m['name'] == sys.argv[2], m['name']\n"
    "v = d['spec']['template']['spec']['volumes'][0]['hostDisk']\n"
    "assert v == {'path': sys.argv[3], 'type': 'Disk'}, ascii(v)\n";
  const char *const python[] = { "python3", "-c", script, guest, label, disk,
                                 NULL };

  ferry_test_check_tool (python, name,
                         "parses as YAML, with the strings put in");
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

  ferry_test_fill_source (source);
  /* "odd" (test-fixtures.h), with secure boot. */
  ferry_test_fill_bare (bare);
  bare->secure_boot = true;

  /* -n maps the first NIC; the second, unmapped, is the one on
   * KubeVirt's pod network.
   */
  ferry_test_fill_target (&target, true);
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
    ferry_test_check_golden ("qemu-virtio.sh", script);
    ferry_test_check_golden ("guest-virtio.json", json);
    ferry_test_check_golden ("kubevirt-virtio.yaml", yaml);
  }
  ferry_target_clear (&target);

  ferry_test_fill_target (&target, false);
  {
    g_autofree char *script =
      ferry_output_qemu_script ("web & <co>", "/srv/it's, here", bare,
                                &target, odd, "raw");
    g_autofree char *json =
      ferry_output_json_describe ("web & <co>", bare, &target, odd, "raw");
    g_autofree char *yaml =
      ferry_output_kubevirt_yaml (odd_name, bare, &target, odd_yaml);

    ferry_test_check_golden ("qemu-fallback-uefi.sh", script);
    ferry_test_check_golden ("guest-fallback.json", json);
    ferry_test_check_golden ("kubevirt-fallback-uefi.yaml", yaml);
  }
  ferry_target_clear (&target);

  ferry_test_check_tool (bash_n, "qemu-virtio.sh", "passes bash -n");
  ferry_test_check_tool (bash_n, "qemu-fallback-uefi.sh", "passes bash -n");
  ferry_test_check_tool (json_pp, "guest-virtio.json", "is valid JSON");
  ferry_test_check_tool (json_pp, "guest-fallback.json", "is valid JSON");
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

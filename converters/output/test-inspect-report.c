/* Unit test: ferry-inspect's report as XML and JSON (inspect-report.h),
 * against golden files; the XML must be well-formed and the JSON must
 * parse.
 */

#include <config.h>

#include <stdlib.h>

#include "inspect-report.h"
#include "network.h"
#include "test-fixtures.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static void
check_report (const struct ferry_source *source, bool virtio,
              const uint64_t *allocated, const char *xml_name,
              const char *json_name)
{
  struct ferry_target target;
  struct ferry_inspect_report report = {
    .input = "vmx", .source = source, .target = &target,
    .allocated = allocated,
  };
  g_autofree char *xml = NULL;
  g_autofree char *json = NULL;

  ferry_test_fill_target (&target, virtio);
  target.inspection.root = g_strdup ("/dev/sda1");
  target.inspection.type = g_strdup ("linux");
  target.inspection.major = 12;
  target.inspection.minor = 5;
  ferry_network_map_apply (NULL, source, &target);
  xml = ferry_inspect_report_xml (&report);
  json = ferry_inspect_report_json (&report);
  ferry_target_clear (&target);
  if (!tap_ok (xml != NULL, "%s: the XML writer succeeds", xml_name))
    printf ("# %s\n", ferry_error_get ());
  ferry_test_check_golden (xml_name, xml ? xml : "");
  ferry_test_check_golden (json_name, json);
}

int
main (void)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  g_autoptr (ferry_source) bare = ferry_source_new ();
  static const uint64_t allocated[] = { UINT64_C (748683264), 196608 };
  static const char *const xmllint[] = { "xmllint", "--noout", NULL };
  static const char *const json_pp[] = {
    "perl", "-MJSON::PP", "-0777", "-ne", "decode_json $_", NULL,
  };

  tap_plan (6 + 4);

  ferry_test_fill_source (source);
  ferry_test_fill_bare (bare);
  check_report (source, true, allocated, "inspect-virtio.xml",
                "inspect-virtio.json");
  check_report (bare, false, allocated, "inspect-fallback.xml",
                "inspect-fallback.json");

  ferry_test_check_tool (xmllint, "inspect-virtio.xml", "is well-formed XML");
  ferry_test_check_tool (xmllint, "inspect-fallback.xml", "is well-formed XML");
  ferry_test_check_tool (json_pp, "inspect-virtio.json", "is valid JSON");
  ferry_test_check_tool (json_pp, "inspect-fallback.json", "is valid JSON");
  ferry_error_clear ();
  return tap_done ();
}

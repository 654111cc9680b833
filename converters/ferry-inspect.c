/* ferry-inspect: what ferry-v2v would make of a guest, without
 * converting or copying it.
 *
 * It opens the source with the same input modules as ferry-v2v, puts
 * overlays over its disks, inspects the guest in one libguestfs launch,
 * decides the devices the conversion would give it, trims, measures what
 * a copy would allocate, and prints a report as XML (the default) or
 * JSON.  The source is never written.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cmdline.h"
#include "core.h"
#include "input.h"
#include "inspect-report.h"
#include "../common/command.h"
#include "../common/errors.h"
#include "../common/report.h"
#include "../common/tempfiles.h"
#include "../common/banned.h"

enum option_id {
  OPT_INPUT = 256, OPT_INPUT_FORMAT, OPT_ROOT, OPT_JSON, OPT_XML,
  OPT_QUIET, OPT_VERBOSE, OPT_TRACE, OPT_VERSION, OPT_HELP,
  OPT_SHORT_OPTIONS, OPT_LONG_OPTIONS,
};

static const struct ferry_option options[] = {
  { OPT_INPUT, "i", 'i', "INPUT", "input type, as for ferry-v2v (default: disk)" },
  { OPT_INPUT_FORMAT, "if", 0, "FORMAT", "input disk format (default: probe)" },
  { OPT_ROOT, "root", 0, "single|first|/dev/sdX", "which operating system to inspect" },
  { OPT_JSON, "json", 0, NULL, "print the report as JSON" },
  { OPT_XML, "xml", 0, NULL, "print the report as XML (the default)" },
  { OPT_QUIET, "quiet", 'q', NULL, "no status messages on stderr" },
  { OPT_VERBOSE, "verbose", 'v', NULL, "debug messages (libguestfs too)" },
  { OPT_TRACE, "x", 'x', NULL, "trace commands and libguestfs calls" },
  { OPT_VERSION, "version", 'V', NULL, "print the version and exit" },
  { OPT_HELP, "help", 0, NULL, "print this help and exit" },
  { OPT_SHORT_OPTIONS, "short-options", 0, NULL, "list the short options (for shell completion)" },
  { OPT_LONG_OPTIONS, "long-options", 0, NULL, "list the long options (for shell completion)" },
};

struct settings {
  const char *input;
  const char *input_format;
  const char *root;
  bool json, quiet, verbose, trace;
};

static int
handle_option (int id, const char *arg, void *opaque)
{
  struct settings *s = opaque;
  g_autofree char *synopsis = NULL;

  switch (id) {
  case OPT_INPUT: s->input = arg; break;
  case OPT_INPUT_FORMAT: s->input_format = arg; break;
  case OPT_ROOT: s->root = arg; break;
  case OPT_JSON: s->json = true; break;
  case OPT_XML: s->json = false; break;
  case OPT_QUIET: s->quiet = true; break;
  case OPT_VERBOSE: s->verbose = true; break;
  case OPT_TRACE: s->trace = true; break;
  case OPT_VERSION:
    printf ("%s %s\n", g_get_prgname (), FERRY_VERSION);
    return -2;
  case OPT_HELP:
    synopsis = g_strdup_printf (
      "%1$s: report what ferry-v2v would make of a guest, converting nothing\n"
      "\n"
      "usage:\n"
      "  %1$s [-i disk] [-if FORMAT] FILE... [--json]\n"
      "  %1$s -i vmx GUEST.vmx [--json]\n"
      "  %1$s -i ova GUEST.ova [--json]\n"
      "  %1$s -i libvirtxml GUEST.xml [--json]\n",
      g_get_prgname ());
    ferry_cmdline_usage (stdout, synopsis, options, G_N_ELEMENTS (options));
    return -2;
  case OPT_SHORT_OPTIONS:
  case OPT_LONG_OPTIONS:
    ferry_cmdline_list (options, G_N_ELEMENTS (options),
                        id == OPT_SHORT_OPTIONS);
    return -2;
  }
  return 0;
}

int
main (int argc, char **argv)
{
  struct settings s = { .input = "disk" };
  const struct ferry_input_module *input;
  struct ferry_input_options input_options = { 0 };
  struct ferry_guest_options guest_options = { 0 };
  struct ferry_target target;
  g_autoptr (ferry_source) source = NULL;
  g_autofree uint64_t *allocated = NULL;
  g_autofree char *text = NULL;
  int first, r = EXIT_FAILURE;

  g_set_prgname ("ferry-inspect");
  first = ferry_cmdline_parse (argc, argv, options, G_N_ELEMENTS (options),
                               handle_option, &s);
  if (first == -2)
    return EXIT_SUCCESS;
  if (first == -1)
    return EXIT_FAILURE;

  /* stdout is the report's: status messages are left out. */
  ferry_report_configure (&(struct ferry_report_settings) {
      .quiet = true, .verbose = s.verbose,
    });
  ferry_command_set_trace (s.trace);
  ferry_tempfiles_install ();

  input = ferry_input_lookup (s.input);
  if (input == NULL) {
    fprintf (stderr, "%s: -i '%s': unknown input type "
             "(ferry-v2v --machine-readable lists them)\n",
             g_get_prgname (), s.input);
    return EXIT_FAILURE;
  }
  input_options.format = s.input_format;
  guest_options = (struct ferry_guest_options) {
    .root = s.root, .verbose = s.verbose, .trace = s.trace,
  };

  ferry_target_init (&target);
  source = ferry_input_open (input, &input_options, argv + first,
                             argc - first);
  if (source == NULL)
    goto out;
  allocated = g_new0 (uint64_t, source->disks->len);
  if (ferry_core_inspect (source, &guest_options, &target, allocated) == -1)
    goto out;

  {
    struct ferry_inspect_report report = {
      .input = input->name, .source = source, .target = &target,
      .allocated = allocated,
    };
    text = s.json ? ferry_inspect_report_json (&report)
      : ferry_inspect_report_xml (&report);
  }
  if (text == NULL)
    goto out;
  fputs (text, stdout);
  if (fflush (stdout) == EOF) {
    ferry_error ("cannot write the report: %s", g_strerror (errno));
    goto out;
  }
  r = EXIT_SUCCESS;

 out:
  if (r != EXIT_SUCCESS)
    ferry_report_error (ferry_error_get ());
  ferry_target_clear (&target);
  return r;
}

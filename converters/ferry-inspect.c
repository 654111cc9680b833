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

#include "input-options.h"
#include "core.h"
#include "input.h"
#include "inspect-report.h"
#include "command.h"
#include "errors.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

enum option_id { OPT_JSON = 256, OPT_XML };

/* ferry-inspect's own options; the ones that open the source and place
 * the NICs are ferry-v2v's (input-options.h) and follow these.
 */
static const struct ferry_option own_options[] = {
  { OPT_JSON, "json", 0, NULL, "print the report as JSON" },
  { OPT_XML, "xml", 0, NULL, "print the report as XML (the default)" },
};

struct settings {
  struct ferry_source_settings source;
  bool json;
  const struct ferry_option *options;  /* the whole table */
  size_t noptions;
};

static int
handle_option (int id, const char *arg, void *opaque)
{
  struct settings *s = opaque;
  g_autofree char *synopsis = NULL;

  switch (id) {
  case OPT_JSON: s->json = true; return 0;
  case OPT_XML: s->json = false; return 0;
  }
  synopsis = g_strdup_printf (
    "%1$s: report what ferry-v2v would make of a guest, converting nothing\n"
    "\n"
    "usage:\n"
    "  %1$s [-i disk] [-if FORMAT] FILE... [--json]\n"
    "  %1$s -i vmx GUEST.vmx [--json]\n"
    "  %1$s -i vmx -it ssh [-ip FILE] ssh://[USER@]HOST[:PORT]/PATH/GUEST.vmx\n"
    "  %1$s -i ova GUEST.ova [--json]\n"
    "  %1$s -i libvirt [-ic URI] NAME [--json]\n",
    g_get_prgname ());
  return ferry_source_option_handle (id, arg, &s->source, synopsis,
                                     s->options, s->noptions);
}

static int
run (struct settings *s, int nargs, char **args)
{
  const struct ferry_input_module *input;
  struct ferry_input_options input_options;
  struct ferry_guest_options guest_options;
  struct ferry_target target;
  g_autoptr (ferry_source) source = NULL;
  g_autofree uint64_t *allocated = NULL;
  g_autofree char *text = NULL;
  int r = EXIT_FAILURE;

  /* stdout is the report's: status messages are left out. */
  ferry_report_configure (&(struct ferry_report_settings) {
      .quiet = true, .verbose = s->source.verbose,
    });
  ferry_command_set_trace (s->source.trace);
  ferry_tempfiles_install ();

  input = ferry_input_lookup (s->source.input ? s->source.input : "disk");
  if (input == NULL) {
    fprintf (stderr, "%s: -i '%s': unknown input type "
             "(ferry-v2v --machine-readable lists them)\n",
             g_get_prgname (), s->source.input);
    return EXIT_FAILURE;
  }
  ferry_source_settings_input (&s->source, &input_options);
  guest_options = (struct ferry_guest_options) {
    .root = s->source.root, .verbose = s->source.verbose,
    .trace = s->source.trace,
  };

  ferry_target_init (&target);
  source = ferry_input_open (input, &input_options, args, nargs);
  if (source == NULL)
    goto out;
  allocated = g_new0 (uint64_t, source->disks->len);
  if (ferry_core_inspect (source, &guest_options, s->source.networks,
                          &target, allocated) == -1)
    goto out;

  {
    struct ferry_inspect_report report = {
      .input = input->name, .source = source, .target = &target,
      .allocated = allocated,
    };
    text = s->json ? ferry_inspect_report_json (&report)
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

int
main (int argc, char **argv)
{
  struct settings s = { 0 };
  g_autofree struct ferry_option *options = NULL;
  int first, r;

  g_set_prgname ("ferry-inspect");
  ferry_source_settings_init (&s.source);
  options = ferry_source_options_table (own_options,
                                        G_N_ELEMENTS (own_options),
                                        &s.noptions);
  s.options = options;
  first = ferry_options_parse (argc, argv, options, s.noptions, 0,
                               handle_option, &s);
  if (first == -1)
    fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
  if (first < 0)
    r = first == -2 ? EXIT_SUCCESS : EXIT_FAILURE;
  else
    r = run (&s, argc - first, argv + first);
  ferry_source_settings_clear (&s.source);
  return r;
}

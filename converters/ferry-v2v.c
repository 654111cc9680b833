/* ferry-v2v: convert a guest from another hypervisor to run on KVM.
 *
 * This file is the command line only: it parses the options (declared once,
 * in the table below, from which getopt, --help and --long-options are
 * derived), opens the input module, and hands the source model to the
 * converter core.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core.h"
#include "convert.h"
#include "input.h"
#include "network.h"
#include "output.h"
#include "../common/command.h"
#include "../common/errors.h"
#include "../common/report.h"
#include "../common/tempfiles.h"
#include "../common/banned.h"

enum option_id {
  OPT_INPUT = 256, OPT_INPUT_FORMAT, OPT_OUTPUT, OPT_OUTPUT_STORAGE,
  OPT_OUTPUT_FORMAT, OPT_OUTPUT_ALLOC, OPT_OUTPUT_NAME, OPT_OUTPUT_OPTION,
  OPT_ROOT, OPT_INPUT_CONN, OPT_OUTPUT_CONN,
  OPT_NETWORK, OPT_BRIDGE, OPT_MAC,
  OPT_INPUT_TRANSPORT, OPT_INPUT_PASSWORD, OPT_INPUT_OPTION,
  OPT_PRINT_SOURCE, OPT_MACHINE_READABLE, OPT_QUIET, OPT_VERBOSE, OPT_TRACE,
  OPT_VERSION, OPT_HELP, OPT_SHORT_OPTIONS, OPT_LONG_OPTIONS,
};

/* Every option, once.  NAME is what follows the dash(es): like virt-v2v,
 * ferry-v2v takes -if, -os and so on with a single dash, and every option
 * also with two.  SHORT is the one-letter form that may be grouped (-vx).
 */
static const struct option_spec {
  enum option_id id;
  const char *name;
  char short_name;
  const char *metavar;     /* NULL: takes no argument */
  const char *doc;
} option_specs[] = {
  { OPT_INPUT, "i", 'i', "INPUT", "input type (see --machine-readable)" },
  { OPT_INPUT_FORMAT, "if", 0, "FORMAT", "input disk format (default: probe)" },
  { OPT_INPUT_CONN, "ic", 0, "URI", "libvirt connection of -i libvirt (default: libvirt's)" },
  { OPT_INPUT_TRANSPORT, "it", 0, "ssh", "read the input over SSH (-i vmx: an ssh:// URL)" },
  { OPT_INPUT_PASSWORD, "ip", 0, "FILE", "file holding the password for -it ssh" },
  { OPT_INPUT_OPTION, "io", 0, "OPTION=VALUE", "input option, repeatable (-it ssh: ssh-identity, ssh-known-hosts)" },
  { OPT_OUTPUT, "o", 'o', "OUTPUT", "output type: local, libvirt, qemu, json, kubevirt or null" },
  { OPT_OUTPUT_CONN, "oc", 0, "URI", "libvirt connection of -o libvirt (default: libvirt's)" },
  { OPT_OUTPUT_STORAGE, "os", 0, "DIR|POOL", "output folder (-o local, qemu, json, kubevirt) or storage pool (-o libvirt)" },
  { OPT_OUTPUT_FORMAT, "of", 0, "raw|qcow2", "output disk format (default: raw)" },
  { OPT_OUTPUT_ALLOC, "oa", 0, "sparse|preallocated", "output allocation (default: sparse)" },
  { OPT_OUTPUT_NAME, "on", 0, "NAME", "rename the guest" },
  { OPT_OUTPUT_OPTION, "oo", 0, "OPTION", "output option, repeatable (-o qemu: qemu-boot)" },
  { OPT_ROOT, "root", 0, "single|first|/dev/sdX", "which operating system to convert" },
  { OPT_NETWORK, "n", 'n', "IN:OUT|OUT", "put NICs on source network IN (or all others) on libvirt network OUT" },
  { OPT_BRIDGE, "b", 'b', "IN:OUT|OUT", "put NICs on source network IN (or all others) on host bridge OUT" },
  { OPT_MAC, "mac", 0, "MAC:network|bridge:OUT", "put the NIC with that MAC on network or bridge OUT" },
  { OPT_PRINT_SOURCE, "print-source", 0, NULL, "print the source model and exit, converting nothing" },
  { OPT_MACHINE_READABLE, "machine-readable", 0, NULL, "output for programs; alone: list capabilities" },
  { OPT_QUIET, "quiet", 'q', NULL, "no status messages or progress" },
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
  const char *output;
  const char *output_storage;
  const char *output_format;
  const char *output_alloc;
  const char *output_name;
  const char *root;
  const char *input_conn;     /* -ic */
  const char *input_transport;  /* -it */
  const char *input_password;   /* -ip: a file name */
  GPtrArray *input_options;   /* -io, in order, NULL-terminated */
  const char *output_conn;    /* -oc */
  struct ferry_network_map *networks;  /* -n, -b, --mac */
  GPtrArray *output_options;  /* -oo, in order, NULL-terminated */
  bool print_source, machine_readable, quiet, verbose, trace;
};

/* How an option is written: virt-v2v's one- and two-letter options with
 * one dash (-i, -if, -os), words with two (--root).
 */
static char *
option_display (const struct option_spec *s)
{
  return g_strconcat (strlen (s->name) <= 2 ? "-" : "--", s->name, NULL);
}

static void
usage (FILE *f)
{
  const char *prg = g_get_prgname ();
  size_t i;

  fprintf (f,
           "%s: convert a guest from VMware, Xen or Hyper-V to run on KVM\n"
           "\n"
           "usage:\n"
           "  %s -i disk [-if FORMAT] FILE... -o local -os DIR [-of raw|qcow2]\n"
           "  %s -i disk FILE... -o null\n"
           "  %s -i vmx GUEST.vmx -o local -os DIR [-of raw|qcow2]\n"
           "  %s -i vmx GUEST.vmx --print-source [--machine-readable]\n"
           "  %s -i libvirtxml GUEST.xml -o qemu -os DIR [-oo qemu-boot]\n"
           "  %s -i libvirtxml GUEST.xml -o json -os DIR\n"
           "  %s -i vmx GUEST.vmx -o kubevirt -os DIR [-n IN:OUT] [-b OUT]\n"
           "  %s -i libvirt [-ic URI] NAME -o libvirt [-oc URI] [-os POOL]\n"
           "  %s -i vmx -it ssh [-ip FILE] ssh://[USER@]HOST[:PORT]/PATH/GUEST.vmx\n"
           "       -o local -os DIR\n"
           "\n"
           "options:\n", prg, prg, prg, prg, prg, prg, prg, prg, prg, prg);
  for (i = 0; i < G_N_ELEMENTS (option_specs); i++) {
    const struct option_spec *s = &option_specs[i];
    g_autofree char *name = option_display (s);
    g_autofree char *left = NULL;

    if (s->short_name && strlen (s->name) > 1)
      left = g_strdup_printf ("-%c, %s", s->short_name, name);
    else
      left = g_strdup (name);
    if (s->metavar) {
      char *with_arg = g_strconcat (left, " ", s->metavar, NULL);
      g_free (left);
      left = with_arg;
    }
    fprintf (f, "  %-34s %s\n", left, s->doc);
  }
  fprintf (f, "\nSee ferry-v2v(1) for the details.\n");
}

static void
list_options (bool short_ones)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (option_specs); i++) {
    const struct option_spec *s = &option_specs[i];

    if (short_ones && s->short_name)
      printf ("-%c\n", s->short_name);
    else if (!short_ones && strlen (s->name) > 1) {
      g_autofree char *name = option_display (s);
      printf ("%s\n", name);
    }
  }
}

static void
print_capabilities (void)
{
  size_t i;

  printf ("ferry-v2v\n");
  for (i = 0; ferry_input_modules[i] != NULL; i++)
    printf ("input:%s\n", ferry_input_modules[i]->name);
  for (i = 0; ferry_output_modules[i] != NULL; i++)
    printf ("output:%s\n", ferry_output_modules[i]->name);
  for (i = 0; ferry_convert_modules[i] != NULL; i++)
    printf ("convert:%s\n", ferry_convert_modules[i]->name);
}

/* Parse argv; returns the index of the first non-option argument, or -1
 * after printing a message (exit 1), or -2 when the program is done
 * (exit 0).
 */
static int
parse_options (int argc, char **argv, struct settings *s)
{
  struct option longopts[G_N_ELEMENTS (option_specs) + 1];
  g_autoptr (GString) shortopts = g_string_new (":");
  size_t i;
  int c;

  for (i = 0; i < G_N_ELEMENTS (option_specs); i++) {
    longopts[i] = (struct option) {
      .name = option_specs[i].name,
      .has_arg = option_specs[i].metavar ? required_argument : no_argument,
      .flag = NULL,
      .val = option_specs[i].id,
    };
    if (option_specs[i].short_name) {
      g_string_append_c (shortopts, option_specs[i].short_name);
      if (option_specs[i].metavar)
        g_string_append_c (shortopts, ':');
    }
  }
  memset (&longopts[i], 0, sizeof longopts[i]);

  opterr = 0;
  while ((c = getopt_long_only (argc, argv, shortopts->str, longopts,
                                NULL)) != -1) {
    for (i = 0; i < G_N_ELEMENTS (option_specs); i++)
      if (c == option_specs[i].short_name)
        c = option_specs[i].id;
    switch (c) {
    case OPT_INPUT: s->input = optarg; break;
    case OPT_INPUT_FORMAT: s->input_format = optarg; break;
    case OPT_OUTPUT: s->output = optarg; break;
    case OPT_OUTPUT_STORAGE: s->output_storage = optarg; break;
    case OPT_OUTPUT_FORMAT: s->output_format = optarg; break;
    case OPT_OUTPUT_ALLOC: s->output_alloc = optarg; break;
    case OPT_OUTPUT_NAME: s->output_name = optarg; break;
    case OPT_OUTPUT_OPTION:
      g_ptr_array_insert (s->output_options, s->output_options->len - 1,
                          optarg);
      break;
    case OPT_ROOT: s->root = optarg; break;
    case OPT_INPUT_CONN: s->input_conn = optarg; break;
    case OPT_INPUT_TRANSPORT: s->input_transport = optarg; break;
    case OPT_INPUT_PASSWORD: s->input_password = optarg; break;
    case OPT_INPUT_OPTION:
      g_ptr_array_insert (s->input_options, s->input_options->len - 1,
                          optarg);
      break;
    case OPT_OUTPUT_CONN: s->output_conn = optarg; break;
    case OPT_NETWORK:
    case OPT_BRIDGE:
    case OPT_MAC:
      if ((c == OPT_NETWORK ? ferry_network_map_add_network
           : c == OPT_BRIDGE ? ferry_network_map_add_bridge
           : ferry_network_map_add_mac) (s->networks, optarg) == -1) {
        fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
        return -1;
      }
      break;
    case OPT_PRINT_SOURCE: s->print_source = true; break;
    case OPT_MACHINE_READABLE: s->machine_readable = true; break;
    case OPT_QUIET: s->quiet = true; break;
    case OPT_VERBOSE: s->verbose = true; break;
    case OPT_TRACE: s->trace = true; break;
    case OPT_VERSION:
      printf ("%s %s\n", g_get_prgname (), FERRY_VERSION);
      return -2;
    case OPT_HELP:
      usage (stdout);
      return -2;
    case OPT_SHORT_OPTIONS:
      list_options (true);
      return -2;
    case OPT_LONG_OPTIONS:
      list_options (false);
      return -2;
    case ':':
      fprintf (stderr, "%s: option '%s' needs an argument\n",
               g_get_prgname (), argv[optind - 1]);
      return -1;
    default:
      fprintf (stderr, "%s: unknown option '%s' (see --help)\n",
               g_get_prgname (), argv[optind - 1]);
      return -1;
    }
  }
  return optind;
}

/* --print-source: the source model, on stdout, and nothing else (no
 * status message: with --machine-readable stdout is one JSON object).
 */
static int
print_source (const struct ferry_input_module *input,
              const struct settings *s, char *const *args, size_t nargs)
{
  struct ferry_input_options options = {
    .format = s->input_format, .metadata_only = true,
    .conn = s->input_conn,
    .transport = s->input_transport, .password_file = s->input_password,
    .module_options = (const char *const *) s->input_options->pdata,
  };
  g_autoptr (ferry_source) source = NULL;
  g_autofree char *text = NULL;

  source = ferry_input_open (input, &options, args, nargs);
  if (source == NULL) {
    fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
    return EXIT_FAILURE;
  }
  text = ferry_source_describe (source, s->machine_readable);
  fputs (text, stdout);
  if (fflush (stdout) == EOF) {
    fprintf (stderr, "%s: cannot write the source model: %s\n",
             g_get_prgname (), g_strerror (errno));
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  struct settings s = { 0 };
  g_autoptr (GPtrArray) output_options = g_ptr_array_new ();
  g_autoptr (GPtrArray) input_module_options = g_ptr_array_new ();
  g_autoptr (ferry_network_map) networks = ferry_network_map_new ();
  const struct ferry_input_module *input;
  struct ferry_input_options input_options = { 0 };
  struct ferry_core_options core_options = { 0 };
  struct ferry_core_result result;
  g_autoptr (ferry_source) source = NULL;
  g_autofree char *written = NULL;
  int first;

  g_set_prgname ("ferry-v2v");
  g_ptr_array_add (output_options, NULL);
  s.output_options = output_options;
  g_ptr_array_add (input_module_options, NULL);
  s.input_options = input_module_options;
  s.networks = networks;
  first = parse_options (argc, argv, &s);
  if (first == -2)
    return EXIT_SUCCESS;
  if (first == -1)
    return EXIT_FAILURE;

  if (s.machine_readable && s.input == NULL && first == argc) {
    print_capabilities ();
    return EXIT_SUCCESS;
  }

  ferry_report_configure (&(struct ferry_report_settings) {
      .quiet = s.quiet, .verbose = s.verbose,
      .machine_readable = s.machine_readable,
    });
  ferry_command_set_trace (s.trace);
  ferry_tempfiles_install ();

  if (s.input == NULL) {
    fprintf (stderr, "%s: no input: choose one with -i (for example -i disk)\n",
             g_get_prgname ());
    return EXIT_FAILURE;
  }
  input = ferry_input_lookup (s.input);
  if (input == NULL) {
    fprintf (stderr, "%s: -i '%s': unknown input type "
             "(--machine-readable lists them)\n", g_get_prgname (), s.input);
    return EXIT_FAILURE;
  }
  if (s.print_source)
    return print_source (input, &s, argv + first, argc - first);
  if (s.output == NULL) {
    fprintf (stderr, "%s: no output: choose one with -o (local, libvirt, "
             "qemu, json, kubevirt or null)\n",
             g_get_prgname ());
    return EXIT_FAILURE;
  }
  core_options.output = ferry_output_lookup (s.output);
  if (core_options.output == NULL) {
    fprintf (stderr, "%s: -o '%s': unknown output type "
             "(--machine-readable lists them)\n", g_get_prgname (), s.output);
    return EXIT_FAILURE;
  }
  if (s.output_alloc != NULL && strcmp (s.output_alloc, "sparse") != 0 &&
      strcmp (s.output_alloc, "preallocated") != 0) {
    fprintf (stderr, "%s: -oa '%s': must be sparse or preallocated\n",
             g_get_prgname (), s.output_alloc);
    return EXIT_FAILURE;
  }

  input_options.format = s.input_format;
  input_options.conn = s.input_conn;
  input_options.transport = s.input_transport;
  input_options.password_file = s.input_password;
  input_options.module_options =
    (const char *const *) s.input_options->pdata;
  core_options.output_options = (struct ferry_output_options) {
    .storage = s.output_storage,
    .format = s.output_format,
    .preallocated = s.output_alloc && strcmp (s.output_alloc, "preallocated") == 0,
    .name = s.output_name,
    .conn = s.output_conn,
    .module_options = (const char *const *) s.output_options->pdata,
  };
  core_options.networks = networks;
  core_options.guest_options = (struct ferry_guest_options) {
    .root = s.root, .verbose = s.verbose, .trace = s.trace,
  };

  ferry_message ("Opening the source (-i %s)", input->name);
  source = ferry_input_open (input, &input_options, argv + first,
                             argc - first);
  if (source == NULL)
    goto fail;

  if (ferry_core_convert (source, &core_options, &result) == -1)
    goto fail;

  written = ferry_human_size (result.bytes_written);
  if (result.metadata != NULL)
    ferry_message ("Finished: %s (%s written)", result.metadata, written);
  else if (result.bytes_written > 0)
    ferry_message ("Finished (%s written)", written);
  else
    ferry_message ("Finished (-o %s: nothing written)",
                   core_options.output->name);
  g_free (result.metadata);
  return EXIT_SUCCESS;

 fail:
  ferry_report_error (ferry_error_get ());
  return EXIT_FAILURE;
}

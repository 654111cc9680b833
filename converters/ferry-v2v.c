/* ferry-v2v: convert a guest from another hypervisor to run on KVM.
 *
 * This file is the command line only: it parses the options (declared once,
 * in the table below, from which getopt, --help and --long-options are
 * derived), opens the input module, and hands the source model to the
 * converter core.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "input-options.h"
#include "core.h"
#include "convert.h"
#include "input.h"
#include "network.h"
#include "output.h"
#include "command.h"
#include "errors.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

enum option_id {
  OPT_OUTPUT = 256, OPT_OUTPUT_CONN, OPT_OUTPUT_STORAGE, OPT_OUTPUT_FORMAT,
  OPT_OUTPUT_ALLOC, OPT_OUTPUT_NAME, OPT_OUTPUT_OPTION, OPT_PRINT_SOURCE,
  OPT_MACHINE_READABLE, OPT_NO_FSTRIM, OPT_BLOCK_DRIVER, OPT_MEMSIZE,
  OPT_COLOURS, OPT_COLORS, OPT_WRAP,
  /* virt-v2v's options for what ferry-v2v does not do (refused). */
  OPT_COLLECT, OPT_COLLECT_OUTPUT, OPT_IN_PLACE, OPT_PARALLEL, OPT_SMP,
  OPT_OUTPUT_PASSWORD, OPT_ECHO_KEYS, OPT_KEY, OPT_KEYS_FROM_STDIN,
};

/* Why each refused option is: one line, after the option's name. */
static const struct {
  int id;
  const char *why;
} refused_options[] = {
  { OPT_COLLECT, "ferry-v2v collects no files from the guest" },
  { OPT_COLLECT_OUTPUT, "ferry-v2v collects no files from the guest" },
  { OPT_IN_PLACE, "ferry-v2v converts a copy, never the guest in place" },
  { OPT_PARALLEL, "ferry-v2v copies one disk at a time" },
  { OPT_SMP, "the conversion appliance has libguestfs's vCPUs" },
  { OPT_OUTPUT_PASSWORD, "no output of ferry-v2v takes a password" },
  { OPT_ECHO_KEYS, "ferry-v2v does not open encrypted disks" },
  { OPT_KEY, "ferry-v2v does not open encrypted disks" },
  { OPT_KEYS_FROM_STDIN, "ferry-v2v does not open encrypted disks" },
};

/* ferry-v2v's own options; the ones that open the source (-i, -ic, ...)
 * and place the NICs (-n, -b, --mac) are shared with ferry-inspect
 * (input-options.h) and follow these.
 */
static const struct ferry_option own_options[] = {
  { OPT_OUTPUT, "o", 'o', "OUTPUT", "output type: local, libvirt, qemu, json, kubevirt or null" },
  { OPT_OUTPUT_CONN, "oc", 0, "URI", "libvirt connection of -o libvirt (default: libvirt's)" },
  { OPT_OUTPUT_STORAGE, "os", 0, "DIR|POOL", "output folder (-o local, qemu, json, kubevirt) or storage pool (-o libvirt)" },
  { OPT_OUTPUT_FORMAT, "of", 0, "raw|qcow2", "output disk format (default: raw)" },
  { OPT_OUTPUT_ALLOC, "oa", 0, "sparse|preallocated", "output allocation (default: sparse)" },
  { OPT_OUTPUT_NAME, "on", 0, "NAME", "rename the guest" },
  { OPT_OUTPUT_OPTION, "oo", 0, "OPTION", "output option, repeatable (-o qemu: qemu-boot)" },
  { OPT_PRINT_SOURCE, "print-source", 0, NULL, "print the source model and exit, converting nothing" },
  { OPT_MACHINE_READABLE, "machine-readable", 0, "[=FORMAT]", "output for programs (to fd:N, file:NAME, stream:stdout or stream:stderr); alone: list capabilities" },
  { OPT_NO_FSTRIM, "no-fstrim", 0, NULL, "do not trim the guest's filesystems (copy their free blocks)" },
  { OPT_BLOCK_DRIVER, "block-driver", 0, "virtio-blk", "the converted disks' driver (only virtio-blk)" },
  { OPT_MEMSIZE, "memsize", 'm', "MB", "memory of the conversion appliance" },
  { OPT_COLOURS, "colours", 0, NULL, "accepted: ferry-v2v's messages have no colours" },
  { OPT_COLORS, "colors", 0, NULL, "the same as --colours" },
  { OPT_WRAP, "wrap", 0, NULL, "accepted: ferry-v2v's messages are not wrapped" },
  { OPT_COLLECT, "collect", 0, "GUEST[:LOCAL]", "virt-v2v's; refused: ferry-v2v collects no files" },
  { OPT_COLLECT_OUTPUT, "collect-output", 0, "FILE", "virt-v2v's; refused: ferry-v2v collects no files" },
  { OPT_IN_PLACE, "in-place", 0, NULL, "virt-v2v's; refused: ferry-v2v converts a copy" },
  { OPT_PARALLEL, "parallel", 0, "N", "virt-v2v's; refused: ferry-v2v copies one disk at a time" },
  { OPT_SMP, "smp", 0, "N", "virt-v2v's; refused" },
  { OPT_OUTPUT_PASSWORD, "op", 0, "FILE", "virt-v2v's; refused: no output takes a password" },
  { OPT_ECHO_KEYS, "echo-keys", 0, NULL, "virt-v2v's; refused: no encrypted disks" },
  { OPT_KEY, "key", 0, "SELECTOR", "virt-v2v's; refused: no encrypted disks" },
  { OPT_KEYS_FROM_STDIN, "keys-from-stdin", 0, NULL, "virt-v2v's; refused: no encrypted disks" },
};

struct settings {
  struct ferry_source_settings source;
  const char *output;
  const char *output_storage;
  enum ferry_output_format output_format;
  enum ferry_output_alloc output_alloc;
  const char *output_name;
  const char *output_conn;    /* -oc */
  GPtrArray *output_options;  /* -oo, in order, NULL-terminated */
  bool print_source, machine_readable, no_trim;
  FILE *machine_stream;       /* --machine-readable=FORMAT, or NULL */
  const struct ferry_option *options;  /* the whole table */
  size_t noptions;
};

static char *
synopsis (void)
{
  return g_strdup_printf (
    "%1$s: convert a guest from VMware, Xen or Hyper-V to run on KVM\n"
    "\n"
    "usage:\n"
    "  %1$s -i disk [-if FORMAT] FILE... -o local -os DIR [-of raw|qcow2]\n"
    "  %1$s -i disk FILE... -o null\n"
    "  %1$s -i vmx GUEST.vmx -o local -os DIR [-of raw|qcow2]\n"
    "  %1$s -i vmx GUEST.vmx --print-source [--machine-readable]\n"
    "  %1$s -i libvirtxml GUEST.xml -o qemu -os DIR [-oo qemu-boot]\n"
    "  %1$s -i libvirtxml GUEST.xml -o json -os DIR\n"
    "  %1$s -i vmx GUEST.vmx -o kubevirt -os DIR [-n IN:OUT] [-b OUT]\n"
    "  %1$s -i libvirt [-ic URI] NAME -o libvirt [-oc URI] [-os POOL]\n"
    "  %1$s -i vmx -it ssh [-ip FILE] ssh://[USER@]HOST[:PORT]/PATH/GUEST.vmx\n"
    "       -o local -os DIR\n",
    g_get_prgname ());
}

static void
print_capabilities (FILE *f)
{
  size_t i;

  fprintf (f, "ferry-v2v\n");
  /* The features of virt-v2v's list that ferry-v2v has, by their names,
   * for the tools that look for them.
   */
  fprintf (f, "colours-option\nio/oo\nmac-option\n");
  for (i = 0; ferry_input_modules[i] != NULL; i++)
    fprintf (f, "input:%s\n", ferry_input_modules[i]->name);
  for (i = 0; ferry_output_modules[i] != NULL; i++)
    fprintf (f, "output:%s\n", ferry_output_modules[i]->name);
  for (i = 0; ferry_convert_modules[i] != NULL; i++)
    fprintf (f, "convert:%s\n", ferry_convert_modules[i]->name);
  fflush (f);
}

/* --machine-readable=FORMAT, as virt-v2v takes it: fd:N (an open file
 * descriptor), file:NAME (a new file), stream:stdout or stream:stderr.
 */
static int
open_machine_stream (const char *format, FILE **out)
{
  const char *value;
  int fd;

  if (strcmp (format, "stream:stdout") == 0) {
    *out = stdout;
    return 0;
  }
  if (strcmp (format, "stream:stderr") == 0) {
    *out = stderr;
    return 0;
  }
  if ((value = g_str_has_prefix (format, "fd:") ? format + 3 : NULL)) {
    guint64 n;

    if (!g_ascii_string_to_unsigned (value, 10, 3, G_MAXINT, &n, NULL)) {
      ferry_error ("--machine-readable='%s': fd:N needs a file descriptor "
                   "number, 3 or more", format);
      return -1;
    }
    fd = fcntl ((int) n, F_DUPFD_CLOEXEC, 3);
    if (fd == -1) {
      ferry_error_errno (errno, "--machine-readable='%s': file descriptor "
                         "%s is not open", format, value);
      return -1;
    }
  }
  else if ((value = g_str_has_prefix (format, "file:") ? format + 5 : NULL)) {
    if (value[0] == '\0') {
      ferry_error ("--machine-readable='%s': file: needs a file name",
                   format);
      return -1;
    }
    fd = open (value, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
               0644);
    if (fd == -1) {
      ferry_error_errno (errno, "--machine-readable: cannot create '%s'",
                         value);
      return -1;
    }
  }
  else {
    ferry_error ("--machine-readable='%s': expected fd:N, file:NAME, "
                 "stream:stdout or stream:stderr", format);
    return -1;
  }
  *out = fdopen (fd, "w");
  if (*out == NULL) {
    ferry_error_errno (errno, "--machine-readable='%s'", format);
    close (fd);
    return -1;
  }
  return 0;
}

/* The option of the table with ID, as the user writes it. */
static const char *
option_name (const struct settings *s, int id)
{
  size_t i;

  for (i = 0; i < s->noptions; i++)
    if (s->options[i].id == id)
      return s->options[i].name;
  g_assert_not_reached ();
}

static int
handle_option (int id, const char *arg, void *opaque)
{
  struct settings *s = opaque;

  switch (id) {
  case OPT_OUTPUT: s->output = arg; break;
  case OPT_OUTPUT_CONN: s->output_conn = arg; break;
  case OPT_OUTPUT_STORAGE: s->output_storage = arg; break;
  case OPT_OUTPUT_FORMAT:
    if (ferry_output_format_parse (arg, &s->output_format) == -1) {
      ferry_error ("-of '%s': the output format must be "
                   FERRY_OUTPUT_FORMAT_CHOICES, arg);
      return -1;
    }
    break;
  case OPT_OUTPUT_ALLOC:
    if (ferry_output_alloc_parse (arg, &s->output_alloc) == -1) {
      ferry_error ("-oa '%s': must be " FERRY_OUTPUT_ALLOC_CHOICES, arg);
      return -1;
    }
    break;
  case OPT_OUTPUT_NAME: s->output_name = arg; break;
  case OPT_OUTPUT_OPTION:
    g_ptr_array_insert (s->output_options, s->output_options->len - 1,
                        (char *) arg);
    break;
  case OPT_PRINT_SOURCE: s->print_source = true; break;
  case OPT_MACHINE_READABLE:
    s->machine_readable = true;
    if (arg != NULL && s->machine_stream != NULL) {
      ferry_error ("--machine-readable='%s': a stream is already chosen",
                   arg);
      return -1;
    }
    if (arg != NULL && open_machine_stream (arg, &s->machine_stream) == -1)
      return -1;
    break;
  case OPT_NO_FSTRIM: s->no_trim = true; break;
  case OPT_BLOCK_DRIVER:
    /* virt-v2v's default, and the only driver ferry's outputs write. */
    if (strcmp (arg, "virtio-blk") != 0) {
      ferry_error ("--block-driver '%s': not supported by ferry-v2v, whose "
                   "disks go on virtio-blk", arg);
      return -1;
    }
    break;
  case OPT_MEMSIZE: {
    guint64 mb;

    if (!g_ascii_string_to_unsigned (arg, 10, 256, 1 << 20, &mb, NULL)) {
      ferry_error ("-m '%s': the appliance's memory must be a number of "
                   "MiB from 256 to 1048576", arg);
      return -1;
    }
    /* libguestfs reads it when the appliance's handle is made. */
    g_setenv ("LIBGUESTFS_MEMSIZE", arg, TRUE);
    break;
  }
  case OPT_COLOURS: case OPT_COLORS: case OPT_WRAP: break;
  case OPT_COLLECT: case OPT_COLLECT_OUTPUT: case OPT_IN_PLACE:
  case OPT_PARALLEL: case OPT_SMP: case OPT_OUTPUT_PASSWORD:
  case OPT_ECHO_KEYS: case OPT_KEY: case OPT_KEYS_FROM_STDIN: {
    size_t i;
    const char *name = option_name (s, id);

    for (i = 0; refused_options[i].id != id; i++)
      ;
    ferry_error ("option '%s%s' of virt-v2v is not supported: %s",
                 strlen (name) <= 2 ? "-" : "--", name,
                 refused_options[i].why);
    return -1;
  }
  default: {
    g_autofree char *text = synopsis ();
    return ferry_source_option_handle (id, arg, &s->source, text,
                                       s->options, s->noptions);
  }
  }
  return 0;
}

/* --print-source: the source model, on stdout, and nothing else (no
 * status message: with --machine-readable stdout is one JSON object).
 */
static int
print_source (const struct ferry_input_module *input,
              const struct settings *s, char *const *args, size_t nargs)
{
  struct ferry_input_options options;
  g_autoptr (ferry_source) source = NULL;
  g_autofree char *text = NULL;

  ferry_source_settings_input (&s->source, &options);
  options.metadata_only = true;
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

static int
run (struct settings *s, int nargs, char **args)
{
  const struct ferry_input_module *input;
  struct ferry_input_options input_options;
  struct ferry_core_options core_options = { 0 };
  struct ferry_core_result result;
  g_autoptr (ferry_source) source = NULL;
  g_autofree char *written = NULL;

  if (s->machine_readable && s->source.input == NULL && nargs == 0) {
    print_capabilities (s->machine_stream ? s->machine_stream : stdout);
    return EXIT_SUCCESS;
  }

  ferry_report_configure (&(struct ferry_report_settings) {
      .quiet = s->source.quiet, .verbose = s->source.verbose,
      .machine_readable = s->machine_readable,
      .machine_stream = s->machine_stream,
    });
  ferry_command_set_trace (s->source.trace);
  ferry_tempfiles_install ();

  if (s->source.input == NULL) {
    fprintf (stderr, "%s: no input: choose one with -i (for example -i disk)\n",
             g_get_prgname ());
    return EXIT_FAILURE;
  }
  input = ferry_input_lookup (s->source.input);
  if (input == NULL) {
    fprintf (stderr, "%s: -i '%s': unknown input type "
             "(--machine-readable lists them)\n", g_get_prgname (),
             s->source.input);
    return EXIT_FAILURE;
  }
  if (s->print_source)
    return print_source (input, s, args, nargs);
  if (s->output == NULL) {
    fprintf (stderr, "%s: no output: choose one with -o (local, libvirt, "
             "qemu, json, kubevirt or null)\n",
             g_get_prgname ());
    return EXIT_FAILURE;
  }
  core_options.output = ferry_output_lookup (s->output);
  if (core_options.output == NULL) {
    fprintf (stderr, "%s: -o '%s': unknown output type "
             "(--machine-readable lists them)\n", g_get_prgname (), s->output);
    return EXIT_FAILURE;
  }

  ferry_source_settings_input (&s->source, &input_options);
  core_options.output_options = (struct ferry_output_options) {
    .storage = s->output_storage,
    .format = s->output_format,
    .alloc = s->output_alloc,
    .name = s->output_name,
    .conn = s->output_conn,
    .module_options = (const char *const *) s->output_options->pdata,
  };
  core_options.networks = s->source.networks;
  core_options.guest_options = (struct ferry_guest_options) {
    .root = s->source.root, .verbose = s->source.verbose,
    .trace = s->source.trace, .no_trim = s->no_trim,
  };

  ferry_message ("Opening the source (-i %s)", input->name);
  source = ferry_input_open (input, &input_options, args, nargs);
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

int
main (int argc, char **argv)
{
  struct settings s = { 0 };
  g_autoptr (GPtrArray) output_options = g_ptr_array_new ();
  g_autofree struct ferry_option *options = NULL;
  int first, r = EXIT_FAILURE;

  g_set_prgname ("ferry-v2v");
  g_ptr_array_add (output_options, NULL);
  s.output_options = output_options;
  ferry_source_settings_init (&s.source);
  options = ferry_source_options_table (own_options,
                                        G_N_ELEMENTS (own_options),
                                        &s.noptions);
  s.options = options;
  first = ferry_options_parse (argc, argv, options, s.noptions, 0,
                               handle_option, &s);
  if (first == -1)
    fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
  if (first < 0) {
    r = first == -2 ? EXIT_SUCCESS : EXIT_FAILURE;
    goto out;
  }
  r = run (&s, argc - first, argv + first);
 out:
  ferry_source_settings_clear (&s.source);
  return r;
}

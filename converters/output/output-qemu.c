/* ferry: -o qemu, disks and a script that boots them with qemu.
 *
 * Writes each disk as -o local does (DIR/NAME-sda, ...) and DIR/NAME.sh,
 * an executable bash script that runs qemu-system-x86_64 on them with the
 * machine, memory, vCPUs, disk bus and NIC model conversion chose, user
 * networking, the serial console on stdio and, for UEFI guests, OVMF.
 * The script takes environment overrides and extra qemu arguments (see
 * its header and ferry-v2v(1)), so that tests can run it under TCG with
 * no display.  With -oo qemu-boot the script is run once the output is
 * complete.
 *
 * Everything written into the script that did not come from ferry itself
 * (file names, the guest's name, MACs, what inspection read in the guest)
 * is quoted twice: for qemu's option syntax (',' doubled) and then for
 * the shell (g_shell_quote).  Comments get no control characters.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "output.h"
#include "domain-xml.h"
#include "command.h"
#include "errors.h"
#include "report.h"
#include "banned.h"

#define OVMF_CODE "/usr/share/OVMF/OVMF_CODE_4M.fd"
#define OVMF_VARS "/usr/share/OVMF/OVMF_VARS_4M.fd"

/* S as a value in a qemu option list: ',' is doubled. */
static char *
qemu_value (const char *s)
{
  g_auto (GStrv) parts = g_strsplit (s, ",", -1);

  return g_strjoinv (",,", parts);
}

/* One line "  OPTION VALUE" of the args array, VALUE built from a printf
 * format and quoted for the shell.
 */
static void G_GNUC_PRINTF (3, 4)
append_option (GString *script, const char *option, const char *fmt, ...)
{
  g_autofree char *value = NULL;
  g_autofree char *quoted = NULL;
  va_list args;

  va_start (args, fmt);
  value = g_strdup_vprintf (fmt, args);
  va_end (args);
  quoted = g_shell_quote (value);
  g_string_append_printf (script, "  %s %s\n", option, quoted);
}

/* S for a comment: control characters (a newline would end the comment
 * and start a command) become '?'.
 */
static char *
comment_text (const char *s)
{
  char *copy = g_strdup (s ? s : "");
  char *p;

  for (p = copy; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return copy;
}

/* The qemu device for the NIC model conversion chose. */
static const char *
nic_device (const char *model)
{
  if (strcmp (model, "virtio") == 0)
    return "virtio-net-pci";
  return model;                 /* e1000, rtl8139: qemu's own names */
}

static void
append_disks (GString *script, const struct ferry_target *target,
              char *const *disks, const char *format)
{
  g_autofree char *fmt = qemu_value (format);
  size_t i;

  for (i = 0; disks[i] != NULL; i++) {
    g_autofree char *file = qemu_value (disks[i]);

    switch (target->disk_bus) {
    case FERRY_BUS_IDE:
      append_option (script, "-drive",
                     "file=%s,format=%s,if=ide,index=%zu,media=disk",
                     file, fmt, i);
      break;
    case FERRY_BUS_SATA:
      append_option (script, "-drive", "file=%s,format=%s,if=none,id=disk%zu",
                     file, fmt, i);
      g_string_append_printf (script, "  -device ide-hd,drive=disk%zu\n", i);
      break;
    case FERRY_BUS_SCSI:
      append_option (script, "-drive", "file=%s,format=%s,if=none,id=disk%zu",
                     file, fmt, i);
      if (i == 0)
        g_string_append (script, "  -device virtio-scsi-pci,id=scsi0\n");
      g_string_append_printf (script,
                              "  -device scsi-hd,drive=disk%zu,bus=scsi0.0\n",
                              i);
      break;
    case FERRY_BUS_NVME:
      append_option (script, "-drive", "file=%s,format=%s,if=none,id=disk%zu",
                     file, fmt, i);
      g_string_append_printf (script,
                              "  -device nvme,drive=disk%zu,serial=disk%zu\n",
                              i, i);
      break;
    default:
      append_option (script, "-drive",
                     "file=%s,format=%s,if=virtio,index=%zu,media=disk",
                     file, fmt, i);
      break;
    }
  }
}

static void
append_nics (GString *script, const struct ferry_source *source,
             const struct ferry_target *target)
{
  g_autofree char *device = qemu_value (nic_device (target->nic_model
                                                    ? target->nic_model
                                                    : "e1000"));
  size_t i;

  for (i = 0; i < source->nics->len; i++) {
    const struct ferry_source_nic *nic = source->nics->pdata[i];

    g_string_append_printf (script, "  -netdev user,id=net%zu\n", i);
    if (nic->mac != NULL) {
      g_autofree char *mac = qemu_value (nic->mac);
      append_option (script, "-device", "%s,netdev=net%zu,mac=%s", device, i,
                     mac);
    }
    else
      append_option (script, "-device", "%s,netdev=net%zu", device, i);
  }
}

char *
ferry_output_qemu_script (const char *name, const char *dir,
                          const struct ferry_source *source,
                          const struct ferry_target *target,
                          char *const *disks, const char *format)
{
  g_autoptr (GString) script = g_string_new (NULL);
  g_autofree char *shown_name = comment_text (name);
  g_autofree char *product = comment_text (target->inspection.product_name);
  g_autofree char *guest = qemu_value (name);
  g_autofree char *machine = qemu_value (target->machine ? target->machine
                                         : "pc");
  g_autofree char *machine_prefix = g_strconcat (machine, ",accel=", NULL);
  g_autofree char *machine_accel = g_shell_quote (machine_prefix);
  uint64_t mib = (source->memory + (UINT64_C (1) << 20) - 1) >> 20;
  bool uefi = target->firmware == FERRY_FIRMWARE_UEFI;

  g_string_append_printf (script,
    "#!/bin/bash -\n"
    "# Boot the guest '%s' (%s), converted by ferry-v2v %s.\n"
    "#\n"
    "# The serial console is on standard input and output (Ctrl-A X quits\n"
    "# qemu, Ctrl-A C switches to its monitor).  The script's arguments go\n"
    "# to qemu after its own, for example: -display none -snapshot\n"
    "#\n"
    "# Environment:\n"
    "#   FERRY_QEMU         the emulator (default: qemu-system-x86_64)\n"
    "#   FERRY_QEMU_ACCEL   accelerators, tried in order (default: kvm:tcg)\n"
    "#   FERRY_QEMU_CPU     the CPU model (default: max)\n"
    "#   FERRY_QEMU_SERIAL  the serial port's backend (default: mon:stdio)\n",
    shown_name, product, FERRY_VERSION);
  if (uefi)
    g_string_append (script,
      "#   FERRY_OVMF_CODE    the UEFI firmware (default: " OVMF_CODE ")\n"
      "#   FERRY_OVMF_VARS    the variable store template, copied beside the\n"
      "#                      disks on the first boot (default: "
      OVMF_VARS ")\n");
  g_string_append (script,
    "set -eu\n"
    "\n"
    "qemu=${FERRY_QEMU:-qemu-system-x86_64}\n"
    "accel=${FERRY_QEMU_ACCEL:-kvm:tcg}\n"
    "cpu=${FERRY_QEMU_CPU:-max}\n"
    "serial=${FERRY_QEMU_SERIAL:-mon:stdio}\n"
    "\n"
    "args=(\n"
    "  -no-user-config -nodefaults\n");
  append_option (script, "-name", "guest=%s", guest);
  /* The machine, quoted, followed by the user's accelerators. */
  g_string_append_printf (script, "  -machine %s\"$accel\"\n",
                          machine_accel);
  g_string_append (script, "  -cpu \"$cpu\"\n");
  g_string_append_printf (script, "  -m %" G_GUINT64_FORMAT "\n", mib);
  if (source->sockets != 0)
    g_string_append_printf (script, "  -smp %u,sockets=%u,cores=%u,threads=1\n",
                            source->vcpus, source->sockets, source->cores);
  else
    g_string_append_printf (script, "  -smp %u\n", source->vcpus);
  append_disks (script, target, disks, format);
  append_nics (script, source, target);
  g_string_append (script,
    "  -vga std\n"
    "  -serial \"$serial\"\n"
    ")\n");

  if (uefi) {
    g_autofree char *base = g_strconcat (name, "-VARS.fd", NULL);
    g_autofree char *vars = g_build_filename (dir, base, NULL);
    g_autofree char *quoted = g_shell_quote (vars);

    g_string_append_printf (script,
      "\n"
      "# UEFI: OVMF, and the guest's own variable store (boot entries).\n"
      "code=${FERRY_OVMF_CODE:-" OVMF_CODE "}\n"
      "vars=%s\n"
      "if [ ! -e \"$vars\" ]; then\n"
      "  cp -- \"${FERRY_OVMF_VARS:-" OVMF_VARS "}\" \"$vars\"\n"
      "fi\n"
      "args+=(\n"
      "  -drive \"if=pflash,format=raw,unit=0,readonly=on,"
      "file=${code//,/,,}\"\n"
      "  -drive \"if=pflash,format=raw,unit=1,file=${vars//,/,,}\"\n"
      ")\n", quoted);
  }
  g_string_append (script, "\nexec \"$qemu\" \"${args[@]}\" \"$@\"\n");
  return g_string_free (g_steal_pointer (&script), FALSE);
}

static int
qemu_setup (struct ferry_output *out)
{
  static const char *const metadata[] = { ".sh", NULL };

  return ferry_output_local_disks (out, metadata);
}

static int
qemu_write_metadata (struct ferry_output *out,
                     const struct ferry_target *target)
{
  g_autofree char *script = NULL;

  g_ptr_array_add (out->disk_final, NULL);
  script = ferry_output_qemu_script (out->name, out->dir, out->source,
                                     target,
                                     (char *const *) out->disk_final->pdata,
                                     ferry_output_format_name
                                     (out->options.format));
  g_ptr_array_remove_index (out->disk_final, out->disk_final->len - 1);
  return ferry_output_write_metadata_file (out, ".sh", script, 0755);
}

/* Each line of the guest's serial console, on our stdout. */
static int
print_console (const char *line, void *opaque)
{
  printf ("%s\n", line);
  fflush (stdout);
  return 0;
}

/* -oo qemu-boot: run the script; its serial console is relayed to our
 * stdout.  Returns when qemu exits (the guest powered off).
 */
static int
qemu_finished (struct ferry_output *out)
{
  g_autofree char *script = NULL;
  g_autofree char *err = NULL;
  const char *argv[2];
  int r;

  if (!ferry_output_has_option (out, "qemu-boot"))
    return 0;
  script = g_strconcat (out->dir, "/", out->name, ".sh", NULL);
  argv[0] = script;
  argv[1] = NULL;
  ferry_message ("Booting the guest with %s (-oo qemu-boot)", script);
  r = ferry_command_run (argv, NULL, print_console, NULL, &err);
  if (r == -1) {
    ferry_error_prefix ("-oo qemu-boot");
    return -1;
  }
  if (r != 0) {
    g_autofree char *last = ferry_last_line (err);
    ferry_error ("-oo qemu-boot: '%s' failed (exit status %d): %s", script,
                 r, last[0] ? last : "no message");
    return -1;
  }
  return 0;
}

static const char *const qemu_options[] = { "qemu-boot", NULL };

const struct ferry_output_module ferry_output_qemu = {
  .name = "qemu",
  .description = "disks and a script that boots them with qemu (-os DIR)",
  .needs_storage = true,
  .p2v = true,
  .accepted_options = qemu_options,
  .setup = qemu_setup,
  .write_metadata = qemu_write_metadata,
  .finished = qemu_finished,
};

/* libvirt-output: drive -o libvirt over a ready disk, without converting
 * anything, for tests/test-v2v-libvirt.sh.
 *
 *   libvirt-output [--clash] [--qcow2] URI POOL NAME DISK.qcow2
 *
 * Runs the output module the way the converter core does (setup, copy
 * of DISK.qcow2 as the guest's one disk, finalize) for a guest NAME of
 * 1 GiB and one vCPU that "conversion" found to be an x86_64 Linux with
 * virtio.  Which way the disk reaches the pool (written in place, or
 * uploaded) is -o libvirt's choice from URI, as in a real run.  With
 * --clash a domain called NAME is defined on URI after setup, so that
 * the output's last step fails and must undo everything it did: the
 * domain defined here is the only thing that may then be left.  With
 * --qcow2 the output disk is qcow2 (-of qcow2), else raw.
 *
 * Prints the error and exits 1 when the output fails.  The copy and the
 * messages are the converter's own (copy.h, report.h).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copy.h"
#include "image.h"
#include "output.h"
#include "virt.h"
#include "errors.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

static int
clash (const char *uri, const char *name)
{
  g_autoptr (virConnect) conn = ferry_virt_open (uri, false);
  g_autofree char *xml = NULL;
  virDomainPtr dom;

  if (conn == NULL)
    return -1;
  xml = g_markup_printf_escaped ("<domain type='qemu'><name>%s</name>"
                                 "<memory unit='MiB'>64</memory><os>"
                                 "<type arch='x86_64'>hvm</type></os>"
                                 "</domain>", name);
  dom = virDomainDefineXML (conn, xml);
  if (dom == NULL) {
    ferry_virt_error ("cannot define the clashing domain '%s'", name);
    return -1;
  }
  virDomainFree (dom);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  g_autoptr (ferry_output) out = NULL;
  g_autofree char *dest_open = NULL;
  struct ferry_output_options options = { 0 };
  struct ferry_target target;
  struct ferry_image_info info;
  struct ferry_source_disk *disk;
  struct ferry_progress *p;
  bool with_clash = false, qcow2 = false;
  int r = EXIT_FAILURE;

  g_set_prgname ("libvirt-output");
  for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
    if (strcmp (argv[1], "--clash") == 0)
      with_clash = true;
    else if (strcmp (argv[1], "--qcow2") == 0)
      qcow2 = true;
    else
      break;
  }
  if (argc != 5) {
    fprintf (stderr, "usage: libvirt-output [--clash] [--qcow2] URI POOL "
             "NAME DISK.qcow2\n");
    return 2;
  }
  ferry_report_configure (&(struct ferry_report_settings) { 0 });
  ferry_tempfiles_install ();
  ferry_target_init (&target);

  if (ferry_image_probe (argv[4], "qcow2", &info) == -1)
    goto out;
  source->name = g_strdup (argv[3]);
  source->memory = 1u << 30;
  source->vcpus = 1;
  source->firmware = FERRY_FIRMWARE_BIOS;
  disk = ferry_source_add_disk (source, g_strdup (argv[4]), info.format);
  disk->virtual_size = info.virtual_size;
  disk->bus = FERRY_BUS_SCSI;

  target.inspection.type = g_strdup ("linux");
  target.inspection.product_name = g_strdup ("Debian GNU/Linux 12");
  target.inspection.distro = g_strdup ("debian");
  target.inspection.arch = g_strdup ("x86_64");
  target.virtio = true;
  target.disk_bus = FERRY_BUS_VIRTIO;
  target.nic_model = "virtio";
  target.machine = "q35";
  target.firmware = FERRY_FIRMWARE_BIOS;

  options.conn = argv[1];
  options.storage = argv[2];
  options.format = qcow2 ? FERRY_FORMAT_QCOW2 : FERRY_FORMAT_RAW;
  out = ferry_output_setup (&ferry_output_libvirt, &options, source);
  if (out == NULL)
    goto out;
  if (with_clash && clash (argv[1], argv[3]) == -1)
    goto out;

  dest_open = ferry_outdir_fd_path (g_array_index (out->disk_fd, int, 0));
  p = ferry_progress_start (disk->virtual_size);
  if (ferry_copy_disk (&(struct ferry_copy) {
        .overlay = argv[4], .dest = out->disk_tmp->pdata[0],
        .dest_open = dest_open,
        .format = out->options.format, .virtual_size = disk->virtual_size,
      }, p, 0) == -1) {
    ferry_progress_finish (p, false);
    goto out;
  }
  ferry_progress_finish (p, true);
  if (ferry_output_finalize (out, &target) == -1)
    goto out;
  r = EXIT_SUCCESS;

 out:
  if (r != EXIT_SUCCESS)
    fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
  ferry_target_clear (&target);
  return r;
}

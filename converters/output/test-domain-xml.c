/* Unit test: libvirt domain XML against golden files (domain-xml.h).
 *
 * Run with REGENERATE=1 to rewrite the golden files after a deliberate
 * change, then review the diff.  tests/test-v2v-xml.sh validates the same
 * files with virt-xml-validate.
 */

#include <config.h>

#include <string.h>

#include "domain-xml.h"
#include "network.h"
#include "test-fixtures.h"
#include "tap.h"
#include "banned.h"

int
main (void)
{
  g_autoptr (ferry_source) source = ferry_source_new ();
  struct ferry_target target;
  char *disks[] = { "/srv/guests/web-sda", "/srv/guests/web-sdb", NULL };
  g_autofree char *t0 = ferry_domain_disk_target (FERRY_BUS_VIRTIO, 0);
  g_autofree char *t27 = ferry_domain_disk_target (FERRY_BUS_VIRTIO, 27);
  g_autofree char *h1 = ferry_domain_disk_target (FERRY_BUS_IDE, 1);

  tap_plan (6);

  source->name = g_strdup ("web");
  source->memory = UINT64_C (2) << 30;
  source->vcpus = 2;
  source->genid = g_strdup ("55667788-3344-1122-e13c-602f1120e1ff");
  source->secure_boot = true;
  source->sockets = 1;
  source->cores = 2;
  source->cpu_vendor = g_strdup ("Intel");
  source->cpu_model = g_strdup ("Skylake-Client");
  g_ptr_array_add (source->cpu_features,
                   g_memdup2 (&(struct ferry_source_cpu_feature) {
                       g_strdup ("avx2"), NULL },
                     sizeof (struct ferry_source_cpu_feature)));
  g_ptr_array_add (source->cpu_features,
                   g_memdup2 (&(struct ferry_source_cpu_feature) {
                       g_strdup ("vmx"), g_strdup ("disable") },
                     sizeof (struct ferry_source_cpu_feature)));
  source->sound = g_strdup ("ich9");
  ferry_source_add_disk (source, g_strdup ("/a.vmdk"), g_strdup ("vmdk"));
  ferry_source_add_disk (source, g_strdup ("/b.vmdk"), g_strdup ("vmdk"));
  ferry_source_add_removable (source, FERRY_REMOVABLE_CDROM, FERRY_BUS_IDE,
                              g_strdup ("hdc"),
                              g_strdup ("/vmfs/volumes/ds1/tools.iso"));
  ferry_source_add_removable (source, FERRY_REMOVABLE_FLOPPY, FERRY_BUS_FDC,
                              g_strdup ("fda"), NULL);
  /* Two CD-ROMs in the same slot (3): the second takes the first free. */
  ferry_source_add_removable (source, FERRY_REMOVABLE_CDROM, FERRY_BUS_SATA,
                              NULL, NULL)->slot = 3;
  ferry_source_add_removable (source, FERRY_REMOVABLE_CDROM, FERRY_BUS_SATA,
                              NULL, NULL)->slot = 3;
  ferry_source_add_nic (source, g_strdup ("00:50:56:01:02:03"),
                        g_strdup ("default"), NULL);
  ferry_source_add_nic (source, g_strdup ("00:50:56:01:02:04"),
                        g_strdup ("VM Network"), NULL)->connection =
    g_strdup ("bridged");

  /* No mapping: each NIC on the libvirt network or, bridged, the bridge
   * of its source's name.
   */
  ferry_test_fill_target_debian (&target, true);
  target.firmware = FERRY_FIRMWARE_UEFI;   /* with secure boot, on q35 */
  ferry_network_map_apply (NULL, source, &target);
  {
    g_autofree char *xml = ferry_domain_xml ("web", source, &target, disks,
                                             "qcow2");
    ferry_test_check_golden ("domain-virtio.xml", xml);
  }
  ferry_target_clear (&target);

  /* --mac puts the first NIC on a bridge, -n the second on a network. */
  ferry_test_fill_target_debian (&target, false);
  {
    g_autoptr (ferry_network_map) map = ferry_network_map_new ();

    g_assert (ferry_network_map_add_mac (map, "00:50:56:01:02:03:bridge:br0")
              == 0);
    g_assert (ferry_network_map_add_network (map, "VM Network:lan") == 0);
    ferry_network_map_apply (map, source, &target);
  }
  {
    g_autofree char *xml = ferry_domain_xml ("web & <co>", source, &target,
                                             disks, "raw");
    ferry_test_check_golden ("domain-fallback.xml", xml);
  }
  ferry_target_clear (&target);

  tap_ok (strcmp (t0, "vda") == 0, "virtio disk 0 is vda");
  tap_ok (strcmp (t27, "vdab") == 0, "virtio disk 27 is vdab");
  tap_ok (strcmp (h1, "hdb") == 0, "IDE disk 1 is hdb");
  tap_ok (strcmp (ferry_bus_name (FERRY_BUS_SATA), "sata") == 0, "bus names");
  return tap_done ();
}

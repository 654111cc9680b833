/* Unit test: the OVF parser and the source model built from it (parse-ovf.h). */

#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "parse-ovf.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define NS "xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\" " \
  "xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" " \
  "xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/" \
  "CIM_ResourceAllocationSettingData\" " \
  "xmlns:vmw=\"http://www.vmware.com/schema/ovf\""

/* An Envelope with the given References, DiskSection and hardware Items. */
#define ENVELOPE(refs, disks, hardware)                                 \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                        \
  "<Envelope " NS ">\n"                                                 \
  "<References>" refs "</References>\n"                                 \
  "<DiskSection><Info>disks</Info>" disks "</DiskSection>\n"            \
  "<VirtualSystem ovf:id=\"vs-id\"><Name>guest</Name>\n"                \
  "<VirtualHardwareSection>\n" hardware "\n</VirtualHardwareSection>\n" \
  "</VirtualSystem>\n</Envelope>\n"

#define ITEM(type, rest) \
  "<Item><rasd:ResourceType>" type "</rasd:ResourceType>" rest "</Item>"
#define MEMORY_MB(n) ITEM ("4", "<rasd:VirtualQuantity>" n \
                           "</rasd:VirtualQuantity>")
#define CPUS(n) ITEM ("3", "<rasd:VirtualQuantity>" n "</rasd:VirtualQuantity>")
#define HW(items) ENVELOPE ("", "", MEMORY_MB ("1024") items)

#define FILE1 "<File ovf:id=\"f1\" ovf:href=\"disk1.vmdk\" ovf:size=\"100\"/>"
#define DISK1 "<Disk ovf:diskId=\"d1\" ovf:fileRef=\"f1\" " \
  "ovf:capacity=\"4\" ovf:capacityAllocationUnits=\"byte * 2^30\" " \
  "ovf:format=\"http://www.vmware.com/interfaces/specifications/" \
  "vmdk.html#streamOptimized\"/>"
#define END "</VirtualHardwareSection></VirtualSystem></Envelope>"
#define DISK_ITEM(host) ITEM ("17", "<rasd:HostResource>" host \
                              "</rasd:HostResource>")

/* The memory Item with QUANTITY and UNITS (NULL: no AllocationUnits):
 * WANT bytes, or an error holding ERROR.
 */
static const struct {
  const char *quantity;
  const char *units;
  uint64_t want;
  const char *error;
} memory_cases[] = {
  { "1024", "byte * 2^20", UINT64_C (1) << 30, NULL },
  { "1024", "byte*2^20", UINT64_C (1) << 30, NULL },
  { "1024", "MegaBytes", UINT64_C (1) << 30, NULL },
  { "1024", "MB", UINT64_C (1) << 30, NULL },
  { "2", "GigaBytes", UINT64_C (2) << 30, NULL },
  { "2", "byte * 2^30", UINT64_C (2) << 30, NULL },
  { "2", " BYTE * 2 ^ 30 ", UINT64_C (2) << 30, NULL },
  { "1048576", "KiloBytes", UINT64_C (1) << 30, NULL },
  { "1073741824", "byte", UINT64_C (1) << 30, NULL },
  { "1", "TeraBytes", UINT64_C (1) << 40, NULL },
  { "16", "TeraBytes", UINT64_C (16) << 40, NULL },      /* the limit */
  { "512", NULL, UINT64_C (512) << 20, NULL },           /* MiB by default */
  { "  1024\n ", "MegaBytes", UINT64_C (1) << 30, NULL },
  { "1", "MegaBytes", UINT64_C (1) << 20, NULL },
  { "17", "TeraBytes", 0, "is more than 17592186044416 bytes" },
  { "17592186044417", "MegaBytes", 0, "is more than" },
  { "18446744073709551615", "byte * 2^20", 0, "is more than" },
  { "18446744073709551616", "byte", 0, "'18446744073709551616' is not a "
    "number" },
  { "99999999999999999999999", "MegaBytes", 0, "is not a number" },
  { "-1", "MegaBytes", 0, "'-1' is not a number" },
  { "+1", "MegaBytes", 0, "is not a number" },
  { "0x10", "MegaBytes", 0, "is not a number" },
  { "1.5", "GigaBytes", 0, "'1.5' is not a number" },
  { "1e3", "MegaBytes", 0, "is not a number" },
  { "", "MegaBytes", 0, "'' is not a number" },
  { "1 024", "MegaBytes", 0, "is not a number" },
  { "1", "byte * 2^63", 0, "unknown units 'byte * 2^63'" },
  { "1", "byte * 2^", 0, "unknown units" },
  { "1", "byte * 10^6", 0, "unknown units" },
  { "1", "furlongs", 0, "unknown units 'furlongs'" },
  { "1", "", 0, "unknown units ''" },
  { "1048575", "byte", 0, "1048575 bytes is less than 1 MiB" },
  { "0", "MegaBytes", 0, "0 bytes is less than 1 MiB" },
};

static const struct {
  const char *units;
  uint64_t want;               /* 0: refused */
} unit_cases[] = {
  { "byte", 1 }, { "bytes", 1 }, { "Byte", 1 },
  { "byte * 2^0", 1 }, { "byte * 2^10", 1024 }, { "byte * 2^62",
                                                  UINT64_C (1) << 62 },
  { "KB", 1024 }, { "kib", 1024 }, { "MiB", 1 << 20 }, { "GiB", 1 << 30 },
  { "TB", UINT64_C (1) << 40 },
  { "byte * 2^63", 0 }, { "byte * 2^-1", 0 }, { "byte * 2^1x", 0 },
  { "byte * 2^99999999999999999999", 0 }, { "byte * 3^2", 0 },
  { "2^20", 0 }, { "bit", 0 }, { "", 0 }, { "PetaBytes", 0 },
};

/* Whole documents: WANT is the summary (see summarize) of what parses,
 * or ERROR a fragment of the error.
 */
static const struct {
  const char *what;
  const char *text;
  const char *want;
  const char *error;
} document_cases[] = {
  { "a VMware export",
    ENVELOPE (FILE1, DISK1,
              CPUS ("2")
              ITEM ("4", "<rasd:AllocationUnits>byte * 2^20"
                    "</rasd:AllocationUnits><rasd:VirtualQuantity>2048"
                    "</rasd:VirtualQuantity>")
              ITEM ("6", "<rasd:InstanceID>3</rasd:InstanceID>"
                    "<rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>")
              ITEM ("17", "<rasd:HostResource>ovf:/disk/d1</rasd:HostResource>"
                    "<rasd:Parent>3</rasd:Parent>")
              ITEM ("10", "<rasd:Connection>VM Network</rasd:Connection>"
                    "<rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>"
                    "<rasd:Address>00:50:56:AB:CD:EF</rasd:Address>")
              ITEM ("15", "")
              "<vmw:Config ovf:required=\"false\" vmw:key=\"firmware\" "
              "vmw:value=\"efi\"/>"),
    "guest mem=2147483648 cpus=2 fw=uefi | disk disk1.vmdk vmdk scsi "
    "size=100 cap=4294967296 | nic vmxnet3 'VM Network' 00:50:56:ab:cd:ef bridge "
    "| cdrom unknown", NULL },

  /* Disks in the order of the Items, whatever the DiskSection's order;
   * a controller may come after the disk that names it.
   */
  { "disks in Item order",
    ENVELOPE ("<File ovf:id=\"fa\" ovf:href=\"a.vmdk\"/>"
              "<File ovf:id=\"fb\" ovf:href=\"b.vmdk\" "
              "ovf:compression=\"gzip\"/>"
              "<File ovf:id=\"fc\" ovf:href=\"c.img\"/>",
              "<Disk ovf:diskId=\"da\" ovf:fileRef=\"fa\" ovf:capacity=\"1\""
              " ovf:capacityAllocationUnits=\"MegaBytes\"/>"
              "<Disk ovf:diskId=\"db\" ovf:fileRef=\"fb\" ovf:format=\""
              "http://www.gnome.org/~markmc/qcow-image-format.html\"/>"
              "<Disk ovf:diskId=\"dc\" ovf:fileRef=\"fc\" "
              "ovf:capacity=\"${size}\"/>",
              MEMORY_MB ("1024")
              ITEM ("17", "<rasd:HostResource>ovf:/disk/dc</rasd:HostResource>"
                    "<rasd:Parent>ide1</rasd:Parent>")
              ITEM ("17", "<rasd:HostResource>/disk/db</rasd:HostResource>"
                    "<rasd:Parent>sata</rasd:Parent>")
              ITEM ("17", "<rasd:HostResource>ovf:/disk/da</rasd:HostResource>"
                    "<rasd:Parent>nvme</rasd:Parent>")
              ITEM ("5", "<rasd:InstanceID>ide1</rasd:InstanceID>")
              ITEM ("20", "<rasd:InstanceID>sata</rasd:InstanceID>"
                    "<rasd:ResourceSubType>vmware.sata.ahci"
                    "</rasd:ResourceSubType>")
              ITEM ("20", "<rasd:InstanceID>nvme</rasd:InstanceID>"
                    "<rasd:ResourceSubType>vmware.nvme.controller"
                    "</rasd:ResourceSubType>")),
    "guest mem=1073741824 cpus=1 fw=bios | disk c.img (probe) ide | "
    "disk b.vmdk qcow2 sata gzip | disk a.vmdk (probe) nvme cap=1048576",
    NULL },
  { "a disk naming its File directly",
    HW (DISK_ITEM ("ovf:/file/f1")), NULL, "file 'f1' is not in the "
    "References" },
  { "a disk naming its File directly, which exists",
    ENVELOPE (FILE1, "", MEMORY_MB ("1024") DISK_ITEM ("ovf:/file/f1")),
    "guest mem=1073741824 cpus=1 fw=bios | disk disk1.vmdk (probe) unknown "
    "size=100", NULL },

  /* Names, firmware, topology, OS. */
  { "the name falls back to ovf:id",
    "<Envelope " NS "><VirtualSystem ovf:id=\"the-id\">"
    "<VirtualHardwareSection>" MEMORY_MB ("64") "</VirtualHardwareSection>"
    "</VirtualSystem></Envelope>",
    "the-id mem=67108864 cpus=1 fw=bios", NULL },
  { "the name falls back to the file name",
    "<Envelope " NS "><VirtualSystem><Name> </Name>"
    "<VirtualHardwareSection>" MEMORY_MB ("64") "</VirtualHardwareSection>"
    "</VirtualSystem></Envelope>",
    "fallback mem=67108864 cpus=1 fw=bios", NULL },
  { "predefined entities and character references are read",
    "<Envelope " NS "><VirtualSystem><Name>a &amp; b&#x21;&lt;</Name>"
    "<VirtualHardwareSection>" MEMORY_MB ("64") "</VirtualHardwareSection>"
    "</VirtualSystem></Envelope>",
    "a & b!< mem=67108864 cpus=1 fw=bios", NULL },
  { "firmware bios, secure boot, cores per socket, OS type",
    "<Envelope " NS "><VirtualSystem><Name>g</Name>"
    "<OperatingSystemSection ovf:id=\"96\" vmw:osType=\"debian10_64Guest\"/>"
    "<VirtualHardwareSection>" MEMORY_MB ("64")
    ITEM ("3", "<rasd:VirtualQuantity>8</rasd:VirtualQuantity>"
          "<vmw:CoresPerSocket ovf:required=\"false\">4</vmw:CoresPerSocket>")
    "<vmw:Config vmw:key=\"firmware\" vmw:value=\"efi\"/>"
    "<vmw:Config vmw:key=\"uefi.secureBoot.enabled\" vmw:value=\"true\"/>"
    "<vmw:Config vmw:key=\"firmware\" vmw:value=\"bios\"/>"
    "</VirtualHardwareSection></VirtualSystem></Envelope>",
    "g mem=67108864 cpus=8/2x4 fw=bios+sb os=debian10_64Guest", NULL },
  { "the first memory and CPU Items win",
    HW (CPUS ("2") CPUS ("junk") MEMORY_MB ("junk")),
    "guest mem=1073741824 cpus=2 fw=bios", NULL },
  { "NICs, drives and unknown Items",
    HW (ITEM ("10", "") ITEM ("10", "<rasd:Address>not-a-mac</rasd:Address>"
                              "<rasd:Connection></rasd:Connection>")
        ITEM ("10", "<rasd:Address>00-50-56-01-02-03</rasd:Address>")
        ITEM ("16", "") ITEM ("14", "") ITEM ("24", "") ITEM ("1", "")
        ITEM ("0", "")),
    "guest mem=1073741824 cpus=1 fw=bios | nic - 'eth0' - | nic - 'eth1' - | "
    "nic - 'eth2' 00:50:56:01:02:03 | cdrom unknown | floppy fdc", NULL },
  { "drives in their slots (AddressOnParent), a slot that is not one",
    HW ("<Item><rasd:InstanceID>7</rasd:InstanceID>"
        "<rasd:ResourceType>5</rasd:ResourceType></Item>"
        ITEM ("15", "<rasd:Parent>7</rasd:Parent>"
              "<rasd:AddressOnParent>1</rasd:AddressOnParent>")
        ITEM ("16", "<rasd:AddressOnParent>x</rasd:AddressOnParent>")
        ITEM ("14", "<rasd:AddressOnParent>0</rasd:AddressOnParent>")
        ITEM ("15", "<rasd:AddressOnParent>256</rasd:AddressOnParent>")),
    "guest mem=1073741824 cpus=1 fw=bios | cdrom ide@1 | cdrom unknown | "
    "floppy fdc@0 | cdrom unknown", NULL },
  { "OVF 2 items",
    "<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/2\" "
    "xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/2\" "
    "xmlns:rasd=\"r\" xmlns:epasd=\"x\" xmlns:sasd=\"y\"><References>"
    "<File ovf:id=\"f\" ovf:href=\"d.vmdk\"/></References><DiskSection>"
    "<Disk ovf:diskId=\"d\" ovf:fileRef=\"f\"/></DiskSection>"
    "<VirtualSystem><VirtualHardwareSection>" MEMORY_MB ("64")
    "<StorageItem><sasd:ResourceType>17</sasd:ResourceType>"
    "<sasd:HostResource>ovf:/disk/d</sasd:HostResource></StorageItem>"
    "<EthernetPortItem><epasd:ResourceType>10</epasd:ResourceType>"
    "<epasd:Connection>lan</epasd:Connection></EthernetPortItem>"
    "</VirtualHardwareSection></VirtualSystem></Envelope>",
    "fallback mem=67108864 cpus=1 fw=bios | disk d.vmdk (probe) unknown | "
    "nic - 'lan' - bridge", NULL },

  /* Missing sections. */
  { "no VirtualSystem", "<Envelope " NS "/>", NULL,
    "invalid 'test.ovf': it has no VirtualSystem" },
  { "several virtual systems",
    "<Envelope " NS "><VirtualSystemCollection/></Envelope>", NULL,
    "cannot convert 'test.ovf': it describes several virtual machines" },
  { "no VirtualHardwareSection",
    "<Envelope " NS ">\n<VirtualSystem/></Envelope>", NULL,
    "invalid VirtualSystem in 'test.ovf' line 2: it has no "
    "VirtualHardwareSection" },
  { "no memory",
    ENVELOPE ("", "", CPUS ("1")), NULL,
    "invalid VirtualHardwareSection in 'test.ovf' line 6: no memory Item" },
  { "a memory Item without a quantity",
    ENVELOPE ("", "", ITEM ("4", "")), NULL,
    "the memory has no VirtualQuantity" },
  { "undeclared prefixes are read as local names",
    "<Envelope><VirtualSystem><VirtualHardwareSection>"
    "<Item><rasd:ResourceType>4</rasd:ResourceType>"
    "<rasd:VirtualQuantity>64</rasd:VirtualQuantity></Item>"
    "<vmw:Config vmw:key=\"firmware\" vmw:value=\"efi\"/>"
    "</VirtualHardwareSection></VirtualSystem></Envelope>",
    "fallback mem=67108864 cpus=1 fw=uefi", NULL },
  { "no DiskSection",
    "<Envelope " NS "><References>" FILE1 "</References><VirtualSystem>"
    "<VirtualHardwareSection>" MEMORY_MB ("64") DISK_ITEM ("ovf:/disk/d1")
    "</VirtualHardwareSection></VirtualSystem></Envelope>", NULL,
    "invalid 'rasd:HostResource' in 'test.ovf' line 1: 'ovf:/disk/d1' names "
    "no Disk of the DiskSection" },
  { "no References",
    "<Envelope " NS "><DiskSection>" DISK1 "</DiskSection><VirtualSystem>"
    "<VirtualHardwareSection>" MEMORY_MB ("64") DISK_ITEM ("ovf:/disk/d1")
    "</VirtualHardwareSection></VirtualSystem></Envelope>", NULL,
    "invalid Disk in 'test.ovf' line 1: file 'f1' is not in the References" },
  { "a disk without HostResource", HW (ITEM ("17", "")), NULL,
    "invalid Item in 'test.ovf' line 7: a disk needs a HostResource" },
  { "a HostResource of another kind",
    ENVELOPE (FILE1, DISK1, MEMORY_MB ("64") DISK_ITEM ("/dev/sda")), NULL,
    "invalid 'rasd:HostResource' in 'test.ovf' line 7: '/dev/sda' is not "
    "'ovf:/disk/ID' or 'ovf:/file/ID'" },
  { "an empty disk (no fileRef)",
    ENVELOPE ("", "<Disk ovf:diskId=\"d1\" ovf:capacity=\"1\"/>",
              MEMORY_MB ("64") DISK_ITEM ("ovf:/disk/d1")), NULL,
    "it has no ovf:fileRef (an empty disk to create is not supported)" },
  { "two disks on one file",
    ENVELOPE (FILE1, DISK1, MEMORY_MB ("64") DISK_ITEM ("ovf:/disk/d1")
              DISK_ITEM ("ovf:/disk/d1")), NULL,
    "'ovf:/disk/d1' is used by two disks" },
  { "an Item without ResourceType", HW ("<Item/>"), NULL,
    "invalid Item in 'test.ovf' line 7: it has no ResourceType" },

  /* Bogus numbers and attributes. */
  { "vCPUs: zero", HW (CPUS ("0")), NULL,
    "invalid 'rasd:VirtualQuantity' in 'test.ovf' line 7: '0' is not a "
    "number from 1 to 4096" },
  { "vCPUs: too many", HW (CPUS ("4097")), NULL, "'4097' is not a number" },
  { "vCPUs: overflow", HW (CPUS ("99999999999999999999")), NULL,
    "is not a number from 1 to 4096" },
  { "vCPUs: words", HW (CPUS ("four")), NULL, "'four' is not a number" },
  { "vCPUs: no quantity", HW (ITEM ("3", "")), NULL,
    "the CPUs have no VirtualQuantity" },
  { "cores per socket that do not divide",
    HW (ITEM ("3", "<rasd:VirtualQuantity>4</rasd:VirtualQuantity>"
              "<vmw:CoresPerSocket>3</vmw:CoresPerSocket>")), NULL,
    "3 cores per socket do not divide 4 vCPUs" },
  { "ResourceType: words", HW (ITEM ("disk", "")), NULL,
    "invalid 'rasd:ResourceType' in 'test.ovf' line 7: 'disk' is not a "
    "number from 0 to 65535" },
  { "ResourceType: too large", HW (ITEM ("65536", "")), NULL,
    "'65536' is not a number" },
  { "a File without href",
    ENVELOPE ("<File ovf:id=\"f\"/>", "", MEMORY_MB ("1")), NULL,
    "invalid File in 'test.ovf' line 3: it needs ovf:id and ovf:href" },
  { "a File listed twice",
    ENVELOPE (FILE1 "<File ovf:id=\"f2\" ovf:href=\"disk1.vmdk\"/>", "",
              MEMORY_MB ("1")), NULL, "'disk1.vmdk' is listed twice" },
  { "a File id used twice",
    ENVELOPE (FILE1 "<File ovf:id=\"f1\" ovf:href=\"x\"/>", "",
              MEMORY_MB ("1")), NULL, "'f1' is listed twice" },
  { "a negative size",
    ENVELOPE ("<File ovf:id=\"f\" ovf:href=\"x\" ovf:size=\"-5\"/>", "",
              MEMORY_MB ("1")), NULL,
    "invalid ovf:size in 'test.ovf' line 3: '-5' is not a number of bytes" },
  { "a size over 2^63",
    ENVELOPE ("<File ovf:id=\"f\" ovf:href=\"x\" "
              "ovf:size=\"9223372036854775808\"/>", "", MEMORY_MB ("1")),
    NULL, "'9223372036854775808' is not a number of bytes" },
  { "compression other than gzip",
    ENVELOPE ("<File ovf:id=\"f\" ovf:href=\"x\" ovf:compression=\"bzip2\"/>",
              "", MEMORY_MB ("1")), NULL,
    "invalid ovf:compression in 'test.ovf' line 3: 'bzip2' is not gzip" },
  { "chunked files",
    ENVELOPE ("<File ovf:id=\"f\" ovf:href=\"x\" ovf:chunkSize=\"1000\"/>",
              "", MEMORY_MB ("1")), NULL,
    "files split in chunks (ovf:chunkSize) are not supported" },
  { "a Disk id used twice",
    ENVELOPE (FILE1, DISK1 DISK1, MEMORY_MB ("1")), NULL,
    "invalid Disk in 'test.ovf' line 4: ovf:diskId 'd1' is used twice" },
  { "a capacity overflowing",
    ENVELOPE (FILE1, "<Disk ovf:diskId=\"d1\" ovf:fileRef=\"f1\" "
              "ovf:capacity=\"9000000000\" "
              "ovf:capacityAllocationUnits=\"byte * 2^40\"/>",
              MEMORY_MB ("1") DISK_ITEM ("ovf:/disk/d1")), NULL,
    "invalid ovf:capacity in 'test.ovf' line 4: 9000000000 times 'byte * "
    "2^40' is more than 9223372036854775807 bytes" },
  { "a capacity in words",
    ENVELOPE (FILE1, "<Disk ovf:diskId=\"d1\" ovf:fileRef=\"f1\" "
              "ovf:capacity=\"big\"/>",
              MEMORY_MB ("1") DISK_ITEM ("ovf:/disk/d1")), NULL,
    "invalid ovf:capacity in 'test.ovf' line 4: 'big' is not a number" },
  { "a number with an escape in it is shown escaped",
    HW (CPUS ("1&#10;2")), NULL, "'1\\n2' is not a number" },

  /* Entities and DTDs: refused before they are read. */
  { "an internal subset declaring an entity",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE Envelope [\n"
    "<!ENTITY name \"evil\">\n]>\n"
    "<Envelope " NS "><VirtualSystem><Name>&name;</Name>"
    "<VirtualHardwareSection>" MEMORY_MB ("64") "</VirtualHardwareSection>"
    "</VirtualSystem></Envelope>", NULL,
    "cannot parse 'test.ovf' line 2: it has a DTD (<!DOCTYPE>), which could "
    "declare entities: refused" },
  { "billion laughs",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n<Envelope><VirtualSystem><Name>&lol9;</Name></VirtualSystem>"
    "</Envelope>", NULL, "it has a DTD (<!DOCTYPE>)" },
  { "an external entity (file)",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE Envelope [\n"
    "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
    "<Envelope><VirtualSystem><Name>&x;</Name></VirtualSystem></Envelope>",
    NULL, "it has a DTD" },
  { "an external DTD",
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Envelope SYSTEM \"http://127.0.0.1:1/ovf.dtd\">\n"
    "<Envelope/>", NULL, "line 2: it has a DTD" },
  { "an undeclared entity",
    "<Envelope " NS "><VirtualSystem><Name>&x;</Name></VirtualSystem>"
    "</Envelope>", NULL,
    "cannot parse 'test.ovf' line 1: Entity 'x' not defined" },
  { "a parameter entity outside a DTD",
    "<Envelope>%x;</Envelope>", NULL, "no VirtualSystem" },

  /* Not OVF, not XML. */
  { "not XML", "memsize = \"1024\"\n", NULL,
    "cannot parse 'test.ovf' line 1: Start tag expected" },
  { "nothing", "", NULL, "cannot parse 'test.ovf' line" },
  { "unclosed", "<Envelope " NS ">\n<VirtualSystem>\n", NULL,
    "cannot parse 'test.ovf' line 3:" },
  { "another root", "<domain type='kvm'/>", NULL,
    "cannot parse 'test.ovf': the root element is 'domain', not an OVF "
    "Envelope" },
  { "an XInclude is only an element",
    "<Envelope " NS " xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
    "<VirtualSystem><Name><xi:include href=\"/etc/passwd\" parse=\"text\"/>"
    "</Name><VirtualHardwareSection>" MEMORY_MB ("64")
    "</VirtualHardwareSection></VirtualSystem></Envelope>",
    "fallback mem=67108864 cpus=1 fw=bios", NULL },
};

/* A compact description of what OVF holds, to compare with a string. */
static char *
summarize (const struct ferry_ovf *ovf)
{
  const struct ferry_source *s = ovf->source;
  GString *out = g_string_new (NULL);
  size_t i;

  g_string_append_printf (out, "%s mem=%" PRIu64 " cpus=%u", s->name,
                          s->memory, s->vcpus);
  if (s->sockets != 0)
    g_string_append_printf (out, "/%ux%u", s->sockets, s->cores);
  g_string_append_printf (out, " fw=%s%s", ferry_firmware_name (s->firmware),
                          s->secure_boot ? "+sb" : "");
  if (s->guest_os != NULL)
    g_string_append_printf (out, " os=%s", s->guest_os);
  for (i = 0; i < s->disks->len; i++) {
    const struct ferry_source_disk *d = s->disks->pdata[i];
    const struct ferry_ovf_file *f = ovf->disk_files->pdata[i];

    g_string_append_printf (out, " | disk %s %s %s", d->location,
                            d->format ? d->format : "(probe)",
                            ferry_bus_name (d->bus));
    if (f->size >= 0)
      g_string_append_printf (out, " size=%" PRId64, f->size);
    if (f->gzip)
      g_string_append (out, " gzip");
    if (d->virtual_size != 0)
      g_string_append_printf (out, " cap=%" PRIu64, d->virtual_size);
  }
  for (i = 0; i < s->nics->len; i++) {
    const struct ferry_source_nic *n = s->nics->pdata[i];

    g_string_append_printf (out, " | nic %s %s%s%s %s",
                            n->model ? n->model : "-",
                            n->network ? "'" : "",
                            n->network ? n->network : "-",
                            n->network ? "'" : "",
                            n->mac ? n->mac : "-");
    if (ferry_source_nic_is_bridge (n))
      g_string_append (out, " bridge");
  }
  for (i = 0; i < s->removables->len; i++) {
    const struct ferry_source_disk *r = s->removables->pdata[i];

    g_string_append_printf (out, " | %s %s",
                            ferry_removable_name (r->removable),
                            ferry_bus_name (r->bus));
    if (r->slot >= 0)
      g_string_append_printf (out, "@%d", r->slot);
  }
  return g_string_free (out, FALSE);
}

static struct ferry_ovf *
parse (const char *text)
{
  return ferry_ovf_parse (text, strlen (text), "test.ovf", "fallback");
}

static bool
error_has (const char *fragment)
{
  return strstr (ferry_error_get (), fragment) != NULL;
}

static void
test_units (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (unit_cases); i++) {
    uint64_t bytes = 12345;
    int r = ferry_ovf_parse_units (unit_cases[i].units, &bytes);

    if (unit_cases[i].want != 0)
      tap_ok (r == 0 && bytes == unit_cases[i].want, "units '%s' are %"
              PRIu64 " bytes", unit_cases[i].units, unit_cases[i].want);
    else
      tap_ok (r == -1 && bytes == 12345, "units '%s' are refused",
              unit_cases[i].units);
  }
}

static void
test_memory (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (memory_cases); i++) {
    g_autofree char *units = NULL, *text = NULL, *shown = NULL;
    g_autoptr (ferry_ovf) ovf = NULL;

    units = memory_cases[i].units
      ? g_strdup_printf ("<rasd:AllocationUnits>%s</rasd:AllocationUnits>",
                         memory_cases[i].units) : g_strdup ("");
    text = g_strdup_printf (ENVELOPE ("", "", "<Item>%s<rasd:ResourceType>4"
                                      "</rasd:ResourceType><rasd:"
                                      "VirtualQuantity>%s</rasd:"
                                      "VirtualQuantity></Item>"),
                            units, memory_cases[i].quantity);
    shown = g_strescape (memory_cases[i].quantity, NULL);
    ferry_error_clear ();
    ovf = parse (text);
    if (memory_cases[i].error == NULL) {
      if (!tap_ok (ovf != NULL && ovf->source->memory == memory_cases[i].want,
                   "memory '%s' '%s' is %" PRIu64 " bytes", shown,
                   memory_cases[i].units ? memory_cases[i].units : "(none)",
                   memory_cases[i].want))
        printf ("# got: %s\n", ovf ? "another size" : ferry_error_get ());
    }
    else if (!tap_ok (ovf == NULL && error_has (memory_cases[i].error) &&
                      error_has ("invalid memory in 'test.ovf' line 7: "),
                      "memory '%s' '%s' is refused: %s", shown,
                      memory_cases[i].units ? memory_cases[i].units
                      : "(none)", memory_cases[i].error))
      printf ("# got: %s\n", ovf ? "success" : ferry_error_get ());
  }
}

static void
test_documents (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (document_cases); i++) {
    g_autoptr (ferry_ovf) ovf = NULL;
    g_autofree char *got = NULL;

    ferry_error_clear ();
    ovf = parse (document_cases[i].text);
    got = ovf ? summarize (ovf) : NULL;
    if (document_cases[i].error == NULL) {
      if (!tap_ok (got != NULL && strcmp (got, document_cases[i].want) == 0,
                   "%s", document_cases[i].what))
        printf ("# got:  %s\n# want: %s\n", got ? got : ferry_error_get (),
                document_cases[i].want);
    }
    else if (!tap_ok (ovf == NULL && error_has (document_cases[i].error),
                      "%s is refused: %s", document_cases[i].what,
                      document_cases[i].error))
      printf ("# got: %s\n", got ? got : ferry_error_get ());
  }
}

/* Bounds: sizes and counts, and tricks with encodings and bytes. */
static void
test_bounds (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (ferry_ovf) ovf = NULL;
  g_autofree char *utf16 = NULL, *big = NULL;
  gsize utf16_len = 0;
  size_t i;

  /* 64 disks parse; 65 do not. */
  g_string_assign (text, "<Envelope " NS "><References>");
  for (i = 0; i <= FERRY_OVF_MAX_DISKS; i++)
    g_string_append_printf (text, "<File ovf:id=\"f%zu\" ovf:href=\"d%zu\"/>",
                            i, i);
  g_string_append (text, "</References><VirtualSystem>"
                   "<VirtualHardwareSection>" MEMORY_MB ("64"));
  for (i = 0; i < FERRY_OVF_MAX_DISKS; i++)
    g_string_append_printf (text, DISK_ITEM ("ovf:/file/f%zu"), i);
  g_string_append (text, END);
  ovf = ferry_ovf_parse (text->str, text->len, "many.ovf", "x");
  tap_ok (ovf != NULL && ovf->source->disks->len == FERRY_OVF_MAX_DISKS &&
          ovf->disk_files->len == FERRY_OVF_MAX_DISKS,
          "%d disks parse", FERRY_OVF_MAX_DISKS);
  g_clear_pointer (&ovf, ferry_ovf_free);
  g_string_truncate (text, text->len - strlen (END));
  g_string_append_printf (text, DISK_ITEM ("ovf:/file/f%d"),
                          FERRY_OVF_MAX_DISKS);
  g_string_append (text, END);
  ovf = ferry_ovf_parse (text->str, text->len, "many.ovf", "x");
  tap_ok (ovf == NULL && error_has ("more than 64 hard disks"),
          "%d disks are refused", FERRY_OVF_MAX_DISKS + 1);

  /* Too many Items, too many Files. */
  g_string_assign (text, "<Envelope " NS "><VirtualSystem>"
                   "<VirtualHardwareSection>" MEMORY_MB ("64"));
  for (i = 0; i < FERRY_OVF_MAX_ITEMS; i++)
    g_string_append (text, ITEM ("1", ""));
  g_string_append (text, END);
  ovf = ferry_ovf_parse (text->str, text->len, "items.ovf", "x");
  tap_ok (ovf == NULL && error_has ("more than 4096 Items"),
          "more than %d Items are refused", FERRY_OVF_MAX_ITEMS);
  g_string_assign (text, "<Envelope " NS "><References>");
  for (i = 0; i <= FERRY_OVF_MAX_FILES; i++)
    g_string_append_printf (text, "<File ovf:id=\"f%zu\" ovf:href=\"d%zu\"/>",
                            i, i);
  g_string_append (text, "</References></Envelope>");
  ovf = ferry_ovf_parse (text->str, text->len, "files.ovf", "x");
  tap_ok (ovf == NULL && error_has ("more than 1024 files"),
          "more than %d Files are refused", FERRY_OVF_MAX_FILES);

  /* Size. */
  big = g_malloc (FERRY_OVF_MAX_SIZE + 1);
  memset (big, ' ', FERRY_OVF_MAX_SIZE + 1);
  ovf = ferry_ovf_parse (big, FERRY_OVF_MAX_SIZE + 1, "big.ovf", "x");
  tap_ok (ovf == NULL && error_has ("cannot parse 'big.ovf': larger than 16 "
                                    "MiB, not an OVF descriptor"),
          "a descriptor over 16 MiB is refused unread");

  /* Deep nesting stops at libxml2's limit, not at the stack's. */
  g_string_truncate (text, 0);
  for (i = 0; i < 100000; i++)
    g_string_append (text, "<a>");
  ovf = ferry_ovf_parse (text->str, text->len, "deep.ovf", "x");
  tap_ok (ovf == NULL && error_has ("cannot parse 'deep.ovf' line 1: "),
          "100000 nested elements are refused");

  /* A NUL byte; the length is what counts. */
  {
    static const char nul[] = "<Envelope " NS "><VirtualSystem>\0</Envelope>";

    ovf = ferry_ovf_parse (nul, sizeof nul - 1, "nul.ovf", "x");
    tap_ok (ovf == NULL && error_has ("cannot parse 'nul.ovf' line 1"),
            "a NUL byte is refused");
  }

  /* A DTD hidden from byte searches in UTF-16. */
  utf16 = g_convert ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
                     "<!DOCTYPE Envelope [<!ENTITY x \"y\">]>\n"
                     "<Envelope><VirtualSystem><Name>&x;</Name>"
                     "</VirtualSystem></Envelope>", -1, "UTF-16", "UTF-8",
                     NULL, &utf16_len, NULL);
  ovf = utf16 ? ferry_ovf_parse (utf16, utf16_len, "utf16.ovf", "x") : NULL;
  tap_ok (ovf == NULL && error_has ("'utf16.ovf' line 2: it has a DTD"),
          "a DTD in a UTF-16 document is refused");
  g_clear_pointer (&ovf, ferry_ovf_free);
}

int
main (void)
{
  tap_plan (G_N_ELEMENTS (unit_cases) + G_N_ELEMENTS (memory_cases) +
            G_N_ELEMENTS (document_cases) + 8);
  test_units ();
  test_memory ();
  test_documents ();
  test_bounds ();
  ferry_error_clear ();
  return tap_done ();
}

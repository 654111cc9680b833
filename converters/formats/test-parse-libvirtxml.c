/* Unit test: the libvirt domain XML parser and the source model built
 * from it (parse-libvirtxml.h).
 *
 * Each case is a document and either a fragment of the model's text
 * description (ferry_source_describe) that must appear, or a fragment of
 * the error that must be reported.
 */

#include <config.h>

#include <string.h>

#include "parse-libvirtxml.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define FOLDER "/vms/guest"

/* A domain with a name and BODY; with 1 GiB of memory; with devices. */
#define DOM(body) "<domain type='kvm'><name>g</name>" body "</domain>"
#define MEM(body) DOM ("<memory>1048576</memory>" body)
#define DEV(body) MEM ("<devices>" body "</devices>")
#define DISK(attrs, body) DEV ("<disk " attrs ">" body "</disk>")
#define NBD(source) DISK ("type='network' device='disk'", \
                          source "<target dev='vda' bus='virtio'/>")

/* <memory> with UNIT (NULL: none) and VALUE: BYTES, or 0 for an error. */
static const struct {
  const char *unit;
  const char *value;
  uint64_t bytes;
} memory_cases[] = {
  { NULL, "1048576", UINT64_C (1073741824) },
  { "", "1024", UINT64_C (1048576) },
  { "KiB", "1024", UINT64_C (1048576) },
  { "k", "1", 1024 },
  { "K", "1", 1024 },
  { "kib", "3", 3072 },
  { "KB", "1", 1000 },
  { "kb", "1", 1000 },
  { "MiB", "1536", UINT64_C (1610612736) },
  { "M", "2", UINT64_C (2097152) },
  { "MB", "2", UINT64_C (2000000) },
  { "GiB", "2", UINT64_C (2147483648) },
  { "G", "1", UINT64_C (1073741824) },
  { "GB", "1", UINT64_C (1000000000) },
  { "TiB", "1", UINT64_C (1099511627776) },
  { "TB", "1", UINT64_C (1000000000000) },
  { "PiB", "1", UINT64_C (1125899906842624) },
  { "EiB", "15", UINT64_C (15) << 60 },
  { "b", "4096", 4096 },
  { "B", "4096", 4096 },
  { "bytes", "4096", 4096 },
  { "byte", "1", 1 },
  { "bytes", "18446744073709551615", UINT64_MAX },
  { "KiB", " 2048\n ", UINT64_C (2097152) },   /* spaces around */
  /* Refused. */
  { "EiB", "16", 0 },                           /* overflows */
  { "KiB", "18446744073709551615", 0 },
  { "bytes", "18446744073709551616", 0 },
  { "KiB", "0", 0 },
  { "KiB", "", 0 },
  { "KiB", "-1", 0 },
  { "KiB", "+1", 0 },
  { "KiB", "1.5", 0 },
  { "KiB", "0x10", 0 },
  { "KiB", "1 024", 0 },
  { "furlong", "1", 0 },
  { "KiBs", "1", 0 },
  { "ZiB", "1", 0 },
  { "iB", "1", 0 },
  { "Mb2", "1", 0 },
};

static const struct {
  const char *xml;
  const char *want;       /* in the description, or NULL */
  const char *error;      /* in the error, or NULL */
} cases[] = {
  /* The machine. */
  { MEM (""), "name: g\nmemory: 1.0 GiB (1073741824 bytes)\nvcpus: 1\n"
    "firmware: unknown\n", NULL },
  { "<domain><name> web 01 </name><memory>1</memory></domain>",
    "name: web 01\n", NULL },
  { "<domain><memory>1</memory></domain>", NULL, "has no <name>" },
  { "<domain><name> </name><memory>1</memory></domain>", NULL,
    "the name is empty" },
  { DOM (""), NULL, "invalid <domain> in 'test.xml': it has no <memory>" },
  { MEM ("<vcpu>4</vcpu>"), "vcpus: 4\n", NULL },
  { MEM ("<vcpu placement='static' current='1'>8</vcpu>"), "vcpus: 8\n",
    NULL },
  { MEM ("<vcpu>4096</vcpu>"), "vcpus: 4096\n", NULL },
  { MEM ("<vcpu>0</vcpu>"), NULL, "'0' is not a number from 1 to 4096" },
  { MEM ("<vcpu>4097</vcpu>"), NULL, "not a number from 1 to 4096" },
  { MEM ("<vcpu>two</vcpu>"), NULL, "invalid <vcpu> in 'test.xml' line 1" },
  { MEM ("<vcpu>4</vcpu><cpu><topology sockets='2' cores='2' "
         "threads='1'/></cpu>"), "vcpus: 4 (2 sockets, 2 cores each)\n",
    NULL },
  { MEM ("<vcpu>4</vcpu><cpu><topology sockets='1' dies='1' cores='4'/>"
         "</cpu>"), "vcpus: 4 (1 socket, 4 cores each)\n", NULL },
  { MEM ("<vcpu>4</vcpu><cpu><topology sockets='1' cores='2' "
         "threads='2'/></cpu>"),
    "vcpus: 4 (1 socket, 2 cores each, 2 threads per core)\n", NULL },
  /* Fewer <vcpu> than the topology makes, or none: the topology's. */
  { MEM ("<vcpu>4</vcpu><cpu><topology sockets='2' cores='4'/></cpu>"),
    "vcpus: 8 (2 sockets, 4 cores each)\n", NULL },
  { MEM ("<cpu><topology sockets='2' dies='2' cores='2' threads='2'/></cpu>"),
    "vcpus: 16 (4 sockets, 2 cores each, 2 threads per core)\n", NULL },
  /* More: <vcpu> stands, the topology that does not make it is left. */
  { MEM ("<vcpu>6</vcpu><cpu><topology sockets='1' cores='4'/></cpu>"),
    "vcpus: 6\n", NULL },
  { MEM ("<cpu><model>x</model><feature policy='maybe' name='a'/></cpu>"),
    NULL, "invalid <feature policy> in 'test.xml' line 1: 'maybe' is not "
    "force, require, optional, disable or forbid" },
  { MEM ("<cpu><topology sockets='64' cores='64' threads='2'/></cpu>"),
    NULL, "invalid <topology> in 'test.xml' line 1: it makes 8192 vCPUs, "
    "more than 4096" },
  { MEM ("<vcpu>4</vcpu><cpu><topology sockets='x' cores='4'/></cpu>"),
    NULL, "invalid <topology sockets> in 'test.xml' line 1: 'x' is not" },
  { MEM ("<cpu><topology sockets='0'/></cpu>"), NULL,
    "'0' is not a number from 1 to 4096" },

  /* Firmware and secure boot. */
  { MEM ("<os firmware='efi'><type>hvm</type></os>"), "firmware: uefi\n",
    NULL },
  { MEM ("<os firmware='bios'/>"), "firmware: bios\n", NULL },
  { MEM ("<os><loader readonly='yes' type='pflash'>/usr/share/OVMF/"
         "OVMF_CODE.fd</loader></os>"), "firmware: uefi\n", NULL },
  { MEM ("<os><loader type='rom'>/usr/share/seabios/bios.bin</loader></os>"),
    "firmware: bios\n", NULL },
  { MEM ("<os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>"),
    "firmware: unknown\n", NULL },
  { MEM ("<os><loader>/x.fd</loader></os>"), "firmware: unknown\n", NULL },
  { MEM ("<os firmware='coreboot'/>"), NULL,
    "invalid <os firmware> in 'test.xml' line 1: 'coreboot' is not efi" },
  { MEM ("<os><loader type='flash'/></os>"), NULL,
    "'flash' is not pflash or rom" },
  { MEM ("<os><loader type='pflash' secure='yes'/></os>"),
    "firmware: uefi (secure boot)\n", NULL },
  { MEM ("<os firmware='efi'><firmware><feature enabled='no' "
         "name='enrolled-keys'/><feature enabled='yes' name='secure-boot'/>"
         "</firmware></os>"), "firmware: uefi (secure boot)\n", NULL },
  { MEM ("<os firmware='efi'><firmware><feature enabled='no' "
         "name='secure-boot'/></firmware></os>"), "firmware: uefi\n", NULL },

  /* Metadata. */
  { MEM ("<metadata><libosinfo:libosinfo xmlns:libosinfo="
         "'http://libosinfo.org/xmlns/libvirt/domain/1.0'><libosinfo:os "
         "id='http://debian.org/debian/12'/></libosinfo:libosinfo>"
         "</metadata>"), "guest os: http://debian.org/debian/12\n", NULL },
  { MEM ("<metadata><o:libosinfo xmlns:o='urn:other'><o:os id='x'/>"
         "</o:libosinfo></metadata><devices><video><model type='vga'/>"
         "</video></devices>"), "firmware: unknown\nvideo: vga\n", NULL },
  { DEV ("<video><model type='qxl'/></video><video><model type='vga'/>"
         "</video>"), "video: qxl\n", NULL },

  /* File and block disks. */
  { DISK ("type='file' device='disk'", "<driver name='qemu' type='qcow2'/>"
          "<source file='disk.qcow2'/><target dev='sda' bus='scsi'/>"),
    "disks: 1\n  sda scsi qcow2 '" FOLDER "/disk.qcow2'\n", NULL },
  { DISK ("type='file'", "<source file='/srv/a.img'/><target dev='hdb'/>"),
    "  hdb ide (probe) '/srv/a.img'\n", NULL },
  { DISK ("", "<source file='../b.raw'/><target dev='vdc'/>"),
    "  vdc virtio (probe) '" FOLDER "/../b.raw'\n", NULL },
  { DISK ("type='file'", "<source file='c.raw'/><target dev='xvda'/>"),
    "  xvda unknown (probe) '" FOLDER "/c.raw'\n", NULL },
  { DISK ("type='file'", "<source file='c.raw'/><target dev='sda' "
          "bus='usb'/>"), "  sda unknown (probe)", NULL },
  { DISK ("type='file'", "<source file='c.raw'/><target dev='nvme0n1' "
          "bus='nvme'/>"), "  nvme0n1 nvme (probe)", NULL },
  { DISK ("type='file'", "<source file='c.raw'/><target bus='sata'/>"),
    "  - sata (probe) '" FOLDER "/c.raw'\n", NULL },
  { DISK ("type='file'", "<source file='c.raw'/>"),
    "  - unknown (probe)", NULL },
  { DISK ("type='block' device='disk'", "<driver type='raw'/>"
          "<source dev='/dev/sdb'/><target dev='sdb' bus='sata'/>"),
    "  sdb sata raw '/dev/sdb'\n", NULL },
  { DISK ("type='block' device='lun'", "<source dev='/dev/sdc'/>"
          "<target dev='sdc'/>"), "  sdc scsi (probe) '/dev/sdc'\n", NULL },
  { DISK ("type='file' device='disk'", "<target dev='sda'/>"), NULL,
    "invalid <disk type='file'> in 'test.xml' line 1: a hard disk without "
    "<source file> is blank: there is nothing to convert on it" },
  { DISK ("type='file' device='disk'", "<source file=''/>"), NULL,
    "a hard disk without <source file> is blank" },
  { DISK ("type='block' device='disk'", "<source file='/dev/sda'/>"), NULL,
    "a hard disk without <source dev> is blank" },
  { DISK ("type='volume' device='disk'", "<source pool='p' volume='v'/>"),
    NULL, "invalid <disk type> in 'test.xml' line 1: 'volume' cannot be "
    "converted" },
  { DISK ("type='dir' device='disk'", "<source dir='/srv'/>"), NULL,
    "'dir' cannot be converted" },
  { DISK ("type='file' device='tape'", "<source file='t'/>"), NULL,
    "invalid <disk device> in 'test.xml' line 1: 'tape' is not disk" },
  { DISK ("type='file'", "<driver type='qcow2,backing=/etc/shadow'/>"
          "<source file='a'/>"), NULL,
    "invalid <driver type> in 'test.xml' line 1: 'qcow2,backing=/etc/shadow' "
    "is not a disk format" },
  { DISK ("type='file'", "<driver type=''/><source file='a'/>"), NULL,
    "'' is not a disk format" },
  /* Document order, removables apart. */
  { DEV ("<disk type='file' device='cdrom'><target dev='hda'/></disk>"
         "<disk><source file='2'/><target dev='sdb'/></disk>"
         "<interface type='network'><source network='n'/></interface>"
         "<disk><source file='1'/><target dev='sda'/></disk>"),
    "disks: 2\n  sdb scsi (probe) '" FOLDER "/2'\n"
    "  sda scsi (probe) '" FOLDER "/1'\nremovables: 1\n"
    "  hda ide cdrom (empty)\n", NULL },

  /* NBD disks. */
  { NBD ("<source protocol='nbd'><host transport='unix' "
         "socket='/run/ferry/sda.sock'/></source>"),
    "  vda virtio raw 'nbd+unix:///?socket=/run/ferry/sda.sock'\n", NULL },
  { NBD ("<source protocol='nbd' name='sda'><host transport='unix' "
         "socket='sock'/></source>"),
    "  vda virtio raw 'nbd+unix:///sda?socket=" FOLDER "/sock'\n", NULL },
  { NBD ("<source protocol='nbd' name='a b/c?d#e&amp;f'><host "
         "transport='unix' socket='/tmp/x y,z=&amp;.sock'/></source>"),
    "'nbd+unix:///a%20b/c%3Fd%23e%26f?socket=/tmp/x%20y%2Cz%3D%26.sock'",
    NULL },
  { NBD ("<source protocol='nbd'><host name='nbd.example.org'/></source>"),
    "  vda virtio raw 'nbd://nbd.example.org:10809/'\n", NULL },
  { NBD ("<source protocol='nbd' name='export'><host transport='tcp' "
         "name='127.0.0.1' port='10810'/></source>"),
    "'nbd://127.0.0.1:10810/export'", NULL },
  { NBD ("<source protocol='nbd' name=''><host name='::1' port='1'/>"
         "</source>"), "'nbd://[::1]:1/'", NULL },
  { NBD ("<source protocol='nbd' tls='no'><host name='h' port='65535'/>"
         "</source>"), "'nbd://h:65535/'", NULL },
  { DISK ("type='network' device='disk'", "<driver name='qemu' "
          "type='qcow2'/><source protocol='nbd'><host name='h'/></source>"),
    "  - unknown qcow2 'nbd://h:10809/'\n", NULL },
  { NBD ("<source protocol='nbd'><host name='h' port='0'/></source>"), NULL,
    "invalid <host port> in 'test.xml' line 1: '0' is not a number from 1 "
    "to 65535" },
  { NBD ("<source protocol='nbd'><host name='h' port='65536'/></source>"),
    NULL, "'65536' is not a number from 1 to 65535" },
  { NBD ("<source protocol='nbd'><host name='h' port='-1'/></source>"),
    NULL, "'-1' is not a number" },
  { NBD ("<source protocol='nbd'><host name='h/x?y'/></source>"), NULL,
    "invalid <host name> in 'test.xml' line 1: 'h/x?y' is not a host name" },
  { NBD ("<source protocol='nbd'><host name='user@h'/></source>"), NULL,
    "'user@h' is not a host name" },
  { NBD ("<source protocol='nbd'><host name='[::1]'/></source>"), NULL,
    "is not a host name" },
  { NBD ("<source protocol='nbd'><host name='fe80::1%eth0'/></source>"),
    NULL, "is not a host name" },
  { NBD ("<source protocol='nbd'><host name=''/></source>"), NULL,
    "'' is not a host name" },
  { NBD ("<source protocol='nbd'><host port='10809'/></source>"), NULL,
    "invalid <host name>" },
  { NBD ("<source protocol='nbd'><host transport='unix'/></source>"), NULL,
    "an NBD unix socket needs <host socket>" },
  { NBD ("<source protocol='nbd'><host transport='rdma' name='h'/>"
         "</source>"), NULL, "'rdma' is not tcp or unix" },
  { NBD ("<source protocol='nbd'/>"), NULL,
    "an NBD disk needs exactly one <host>, not 0" },
  { NBD ("<source protocol='nbd'><host name='a'/><host name='b'/></source>"),
    NULL, "exactly one <host>, not 2" },
  { NBD ("<source protocol='nbd' tls='yes'><host name='h'/></source>"), NULL,
    "invalid <source tls> in 'test.xml' line 1: NBD over TLS is not "
    "supported" },
  { NBD ("<source protocol='iscsi' name='iqn.x/0'><host name='h'/>"
         "</source>"), NULL,
    "invalid <source protocol> in 'test.xml' line 1: 'iscsi' cannot be "
    "converted" },
  { NBD ("<source name='x'><host name='h'/></source>"), NULL,
    "'' cannot be converted: network disks must be nbd" },
  { DISK ("type='network' device='disk'", "<target dev='vda'/>"), NULL,
    "a hard disk needs <source protocol='nbd'>" },

  /* Removables. */
  { DEV ("<disk type='file' device='cdrom'><source file='d.iso'/>"
         "<target dev='sda' bus='sata'/><readonly/></disk>"),
    "disks: 0\nremovables: 1\n  sda sata cdrom '" FOLDER "/d.iso'\n", NULL },
  { DEV ("<disk type='block' device='cdrom'><source dev='/dev/sr0'/>"
         "<target dev='hdc' bus='ide'/></disk>"),
    "  hdc ide cdrom (empty)\n", NULL },
  { DEV ("<disk type='network' device='cdrom'><source protocol='http' "
         "name='/x.iso'><host name='h'/></source><target dev='hdc'/></disk>"),
    "  hdc ide cdrom (empty)\n", NULL },
  { DEV ("<disk type='file' device='floppy'><source file='/f.img'/>"
         "<target dev='fda'/></disk><disk device='floppy'><target "
         "dev='fdb' bus='fdc'/></disk>"),
    "  fda fdc floppy '/f.img'\n  fdb fdc floppy (empty)\n", NULL },

  /* NICs. */
  { DEV ("<interface type='network'><mac address='52:54:00:AB:cd:EF'/>"
         "<source network='default'/><model type='virtio'/></interface>"),
    "nics: 1\n  52:54:00:ab:cd:ef virtio (unknown) 'default'\n", NULL },
  { DEV ("<interface type='bridge'><source bridge='br0'/><model "
         "type='e1000'/></interface>"),
    "  (any-mac) e1000 bridged 'br0'\n", NULL },
  { DEV ("<interface type='user'><model type='rtl8139'/></interface>"),
    "  (any-mac) rtl8139 nat\n", NULL },
  { DEV ("<interface type='direct'><source dev='eth0' mode='vepa'/>"
         "</interface>"), "  (any-mac) (any-model) (unknown)\n", NULL },
  { DEV ("<interface type='network'><mac address='52:54:00:ab:cd'/>"
         "</interface>"), NULL,
    "invalid <mac address> in 'test.xml' line 1: '52:54:00:ab:cd' is not a "
    "MAC address" },
  { DEV ("<interface type='network'><mac address='52-54-00-ab-cd-ef'/>"
         "</interface>"), NULL, "is not a MAC address" },

  /* Elements in other namespaces are not libvirt's. */
  { "<domain xmlns:x='urn:x'><x:name>no</x:name><name>yes</name>"
    "<memory>1</memory></domain>", "name: yes\n", NULL },
  { "<x:domain xmlns:x='urn:x'><name>g</name><memory>1</memory>"
    "</x:domain>", NULL, "the root element is <x:domain>, not <domain>" },

  /* Not XML, not a domain, or refused. */
  { "", NULL, "cannot parse 'test.xml': the file is empty" },
  { "   ", NULL, "cannot parse 'test.xml' line" },
  { "name = \"vmx\"\n", NULL, "cannot parse 'test.xml' line 1: " },
  { "<domain><name>g</name>", NULL, "cannot parse 'test.xml' line 1: " },
  { "<domain>\n<name>g</nom>\n</domain>", NULL,
    "cannot parse 'test.xml' line 2: Opening and ending tag mismatch" },
  { "<domain><name a='1' a='2'>g</name></domain>", NULL,
    "cannot parse 'test.xml' line 1: Attribute a redefined" },
  { "<vm><name>g</name></vm>", NULL,
    "cannot read 'test.xml': not a libvirt domain (the root element is <vm>, "
    "not <domain>)" },
  { "<domain><name>&amp;&lt;&#x41;</name><memory>1</memory></domain>",
    "name: &<A\n", NULL },
  { "<domain><name>&undefined;</name><memory>1</memory></domain>", NULL,
    "cannot parse 'test.xml' line 1: Entity 'undefined' not defined" },
  { "<?xml version='1.0'?>\n<!DOCTYPE domain [\n<!ENTITY n 'g'>\n]>\n"
    "<domain><name>&n;</name><memory>1</memory></domain>", NULL,
    "cannot parse 'test.xml' line 2: a <!DOCTYPE> is refused" },
  { "<!DOCTYPE domain SYSTEM 'http://example.org/domain.dtd'>"
    "<domain><name>g</name><memory>1</memory></domain>", NULL,
    "a <!DOCTYPE> is refused" },
  { "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
    "<domain><name>&x;</name><memory>1</memory></domain>", NULL,
    "a <!DOCTYPE> is refused" },
  { "<!DOCTYPE lolz [<!ENTITY lol 'lol'>"
    "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
    "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>"
    "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
    "<domain><name>&lol3;</name><memory>1</memory></domain>", NULL,
    "a <!DOCTYPE> is refused" },
  { "<domain xmlns:xi='http://www.w3.org/2001/XInclude'><name>g</name>"
    "<memory>1</memory><devices><xi:include href='/etc/passwd' "
    "parse='text'/></devices></domain>", "disks: 0\n", NULL },
};

static bool
error_has (const char *fragment)
{
  return strstr (ferry_error_get (), fragment) != NULL;
}

static void
check (const char *xml, size_t len, const char *want, const char *error)
{
  g_autoptr (ferry_source) source = NULL;
  g_autofree char *head = g_strndup (xml, MIN (len, 200));
  g_autofree char *shown = g_strescape (head, NULL);
  g_autofree char *text = NULL;

  ferry_error_clear ();
  source = ferry_libvirtxml_parse (xml, len, "test.xml", FOLDER);
  if (error != NULL) {
    if (!tap_ok (source == NULL && error_has (error), "%s is refused: %s",
                 shown, error))
      printf ("# got: %s\n", source ? "success" : ferry_error_get ());
    return;
  }
  text = source ? ferry_source_describe (source, false) : NULL;
  if (!tap_ok (text != NULL && strstr (text, want) != NULL, "%s", shown))
    printf ("# got:\n%s\n", text ? text : ferry_error_get ());
}

static void
test_memory (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (memory_cases); i++) {
    g_autofree char *xml = NULL;
    g_autofree char *want = NULL;

    if (memory_cases[i].unit != NULL)
      xml = g_strdup_printf ("<domain><name>g</name><memory unit='%s'>%s"
                             "</memory></domain>", memory_cases[i].unit,
                             memory_cases[i].value);
    else
      xml = g_strdup_printf ("<domain><name>g</name><memory>%s</memory>"
                             "</domain>", memory_cases[i].value);
    if (memory_cases[i].bytes == 0) {
      check (xml, strlen (xml), NULL, "invalid <memory");
      continue;
    }
    want = g_strdup_printf ("(%" G_GUINT64_FORMAT " bytes)\n",
                            memory_cases[i].bytes);
    check (xml, strlen (xml), want, NULL);
  }
}

/* Lengths: the buffer is not NUL-terminated, NUL bytes, the size bound. */
static void
test_bounds (void)
{
  static const char doc[] = MEM ("");
  static const char nul[] = "<domain><name>g\0h</name><memory>1</memory>"
    "</domain>";
  g_autofree char *padded = NULL;
  g_autofree char *huge = NULL;
  size_t n = sizeof doc - 1;

  /* The same document followed by garbage that LEN leaves out. */
  padded = g_strconcat (doc, "<<<garbage", NULL);
  check (padded, n, "name: g\n", NULL);
  check (doc, n - 1, NULL, "cannot parse 'test.xml' line 1");
  check (nul, sizeof nul - 1, NULL, "cannot parse 'test.xml' line 1");

  /* A document of the largest size is parsed; one byte more is not. */
  huge = g_malloc (FERRY_LIBVIRTXML_MAX_SIZE + 1);
  memset (huge, ' ', FERRY_LIBVIRTXML_MAX_SIZE + 1);
  memcpy (huge, doc, n);
  /* Comments after the root, short: libxml2 refuses a single run of
   * text (white space too) longer than 10 MB without XML_PARSE_HUGE.
   */
  {
    size_t i;

    for (i = n; i + 8 <= FERRY_LIBVIRTXML_MAX_SIZE; i += 8)
      memcpy (huge + i, "<!---->\n", 8);
  }
  check (huge, FERRY_LIBVIRTXML_MAX_SIZE, "name: g\n", NULL);
  check (huge, FERRY_LIBVIRTXML_MAX_SIZE + 1, NULL,
         "cannot parse 'test.xml': larger than 16 MiB");

  /* Deep nesting stops at libxml2's limit, without recursion trouble. */
  {
    g_autoptr (GString) deep = g_string_new ("<domain><name>g</name>"
                                             "<memory>1</memory>");
    size_t i;

    for (i = 0; i < 100000; i++)
      g_string_append (deep, "<a>");
    check (deep->str, deep->len, NULL, "cannot parse 'test.xml' line 1");
  }
}

/* What the text description leaves out: the CPU and the sound. */
static void
test_cpu_sound (void)
{
  static const char xml[] = MEM (
    "<cpu mode='custom'><vendor>AMD</vendor><model>EPYC</model>"
    "<feature policy='disable' name='svm'/><feature name='x2apic'/>"
    "<feature policy='require'/></cpu>"
    "<devices><sound model='ich9'/><sound model='ac97'/></devices>");
  static const char bare[] = MEM ("<cpu><vendor></vendor></cpu>");
  g_autoptr (ferry_source) s = ferry_libvirtxml_parse (xml, strlen (xml),
                                                       "test.xml", FOLDER);
  g_autoptr (ferry_source) b = ferry_libvirtxml_parse (bare, strlen (bare),
                                                       "test.xml", FOLDER);
  const struct ferry_source_cpu_feature *f0 = NULL, *f1 = NULL;

  if (s != NULL && s->cpu_features->len == 2) {
    f0 = s->cpu_features->pdata[0];
    f1 = s->cpu_features->pdata[1];
  }
  tap_ok (s && g_strcmp0 (s->cpu_vendor, "AMD") == 0 &&
          g_strcmp0 (s->cpu_model, "EPYC") == 0 && f0 && f1 &&
          strcmp (f0->name, "svm") == 0 &&
          g_strcmp0 (f0->policy, "disable") == 0 &&
          strcmp (f1->name, "x2apic") == 0 && f1->policy == NULL &&
          g_strcmp0 (s->sound, "ich9") == 0,
          "the CPU's vendor, model and named features, and the first sound "
          "device, are kept");
  tap_ok (b && b->cpu_vendor == NULL && b->cpu_model == NULL &&
          b->cpu_features->len == 0 && b->sound == NULL,
          "an empty <vendor> is none");
}

static void
test_is_uri (void)
{
  tap_ok (ferry_libvirtxml_is_uri ("nbd://h:1/x") &&
          ferry_libvirtxml_is_uri ("nbd+unix:///?socket=/s") &&
          !ferry_libvirtxml_is_uri ("/srv/nbd://x") &&
          !ferry_libvirtxml_is_uri ("nbd:h:1"), "NBD URIs are told from "
          "files");
}

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (memory_cases) + G_N_ELEMENTS (cases) + 6 + 1 + 2);
  test_memory ();
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    check (cases[i].xml, strlen (cases[i].xml), cases[i].want,
           cases[i].error);
  test_bounds ();
  test_cpu_sound ();
  test_is_uri ();
  ferry_error_clear ();
  return tap_done ();
}

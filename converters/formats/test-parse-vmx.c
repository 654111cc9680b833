/* Unit test: the VMX parser and the source model built from it (parse-vmx.h). */

#include <config.h>

#include <string.h>

#include "parse-vmx.h"
#include "errors.h"
#include "json.h"
#include "tap.h"
#include "banned.h"

/* Parse TEXT; look KEY up.  VALUE NULL: KEY must read as absent.  ERROR
 * not NULL: the parse must fail with an error holding ERROR.
 */
static const struct {
  const char *text;
  const char *key;
  const char *value;
  const char *error;
} parse_cases[] = {
  /* The basic form, spacing, line ends. */
  { "a = \"b\"\n", "a", "b", NULL },
  { "a = \"b\"", "a", "b", NULL },                    /* no final newline */
  { "a=\"b\"\n", "a", "b", NULL },
  { "  \ta \t=\t \"b\"  \t\n", "a", "b", NULL },
  { "a = \"b\"\r\n", "a", "b", NULL },
  { "a = \"\"\n", "a", "", NULL },
  { "a = \"x = \\\"y\\\"\"\n", NULL, NULL, "unexpected text after the value" },
  { "a = \"1\"\na = \"2\"\n", "a", "2", NULL },        /* the last one wins */
  { "a = \"b # not a comment\"\n", "a", "b # not a comment", NULL },
  /* Keys: any case, stored lower-cased; values keep their case. */
  { "displayName = \"Fedora 11\"\n", "displayname", "Fedora 11", NULL },
  { "SCSI0:0.FILENAME = \"FEDORA11.VMDK\"\n", "scsi0:0.fileName",
    "FEDORA11.VMDK", NULL },
  { "memSize = \"1024\"\n", "MEMSIZE", "1024", NULL },
  { ".encoding = \"UTF-8\"\n", ".encoding", "UTF-8", NULL },
  { "nvp.iface-id.0 = \"x\"\n", "nvp.iface-id.0", "x", NULL },
  { "root-disk-uuid = \"u\"\n", "root-disk-uuid", "u", NULL },
  { "usb_xhci:4.port = \"4\"\n", "usb_xhci:4.port", "4", NULL },
  { "a = \"b\"\n", "b", NULL, NULL },
  /* Escapes. */
  { "a = \"|22quoted|22\"\n", "a", "\"quoted\"", NULL },
  { "a = \"x|7Cy|7cz\"\n", "a", "x|y|z", NULL },
  { "a = \"one|0Atwo\"\n", "a", "one\ntwo", NULL },
  { "a = \"|45|73|63|61|70|65|64|21\"\n", "a", "Escaped!", NULL },
  { "a = \"|C3|A9\"\n", "a", "\xc3\xa9", NULL },
  { "a = \"|FF\"\n", "a", "\xff", NULL },
  { "a = \"a|b\"\n", "a", "a|b", NULL },              /* not an escape */
  { "a = \"a|4\"\n", "a", "a|4", NULL },
  { "a = \"a|4g\"\n", "a", "a|4g", NULL },
  { "a = \"|\"\n", "a", "|", NULL },
  { "a = \"|||22\"\n", "a", "||\"", NULL },
  { "a = \"|00\"\n", NULL, NULL, "line 1: the value of 'a' holds a NUL byte" },
  { "a = \"é\"\n", "a", "é", NULL },
  /* Comments and blank lines. */
  { "#!/usr/bin/vmware\n# comment\n\n \t \n  # indented\na = \"b\"\n",
    "a", "b", NULL },
  { "#!/usr/bin/vmware\n", "a", NULL, NULL },
  { "", "a", NULL, NULL },
  { "\n\n\n", "a", NULL, NULL },
  /* present = FALSE hides the subtree, not the present key itself. */
  { "ide1:0.present = \"FALSE\"\nide1:0.fileName = \"/dev/hda\"\n",
    "ide1:0.filename", NULL, NULL },
  { "ide1:0.present = \"FALSE\"\nide1:0.fileName = \"/dev/hda\"\n",
    "ide1:0.present", "FALSE", NULL },
  { "ide1:0.fileName = \"/dev/hda\"\nide1:0.present = \"false\"\n",
    "ide1:0.filename", NULL, NULL },                /* order does not matter */
  { "sound.present = \"False\"\nsound.a.b.c = \"x\"\n", "sound.a.b.c",
    NULL, NULL },
  { "sound.present = \"False\"\nsound.a.present = \"TRUE\"\n",
    "sound.a.present", NULL, NULL },
  { "a.b.present = \"FALSE\"\na.c = \"x\"\n", "a.c", "x", NULL },
  { "a.b.present = \"FALSE\"\na.b.c = \"x\"\n", "a.b.c", NULL, NULL },
  { "a.present = \"TRUE\"\na.b = \"x\"\n", "a.b", "x", NULL },
  { "a.present = \"maybe\"\na.b = \"x\"\n", "a.b", "x", NULL },
  { "scsi0.present = \"FALSE\"\nscsi0:0.fileName = \"d.vmdk\"\n",
    "scsi0:0.filename", "d.vmdk", NULL },           /* ':' is no level */
  { "eth.present = \"FALSE\"\nethernet0.x = \"y\"\n", "ethernet0.x", "y",
    NULL },                                         /* a prefix, not a level */
  { "pciPassthru*.present = \"False\"\npciPassthru0.present = \"TRUE\"\n",
    "pcipassthru0.present", "TRUE", NULL },
  { "pciPassthru*.present = \"False\"\npciPassthru*.x = \"y\"\n",
    "pcipassthru*.x", NULL, NULL },
  { ".present = \"FALSE\"\n.encoding = \"UTF-8\"\n", ".encoding", NULL,
    NULL },
  /* Malformed lines: the file and the line are named. */
  { "a \"b\"\n", NULL, NULL,
    "cannot parse 'test.vmx' line 1: expected '=' after 'a'" },
  { "a = b\n", NULL, NULL, "line 1: the value of 'a' is not in double quotes" },
  { "a = 'b'\n", NULL, NULL, "not in double quotes" },
  { "a = \"b\n", NULL, NULL, "line 1: the value of 'a' has no closing quote" },
  { "a = \"b\" c\n", NULL, NULL, "unexpected text after the value of 'a'" },
  { "a = \"b\"\"c\"\n", NULL, NULL, "unexpected text after the value" },
  { "= \"b\"\n", NULL, NULL, "line 1: expected 'key = \"value\"'" },
  { "a =\n", NULL, NULL, "not in double quotes" },
  { "a\n", NULL, NULL, "expected '=' after 'a'" },
  { "a = \"1\"\n\nbad line\n", NULL, NULL, "cannot parse 'test.vmx' line 3:" },
  { "a = \"1\"\r\n\r\nb\r\n", NULL, NULL, "line 3: expected '=' after 'b'" },
  { "k\xc3\xa9 = \"v\"\n", NULL, NULL, "expected '=' after 'k'" },
  { "\"a\" = \"b\"\n", NULL, NULL, "expected 'key = \"value\"'" },
  { "a#b = \"c\"\n", NULL, NULL, "expected '=' after 'a'" },
  { "\x7f\x45\x4c\x46\x02\x01\x01\n", NULL, NULL, "line 1" },
};

static const struct {
  const char *value;
  int want;
} bool_cases[] = {
  { "TRUE", 1 }, { "true", 1 }, { "True", 1 }, { "tRuE", 1 },
  { "FALSE", 0 }, { "false", 0 }, { "False", 0 }, { "fALSE", 0 },
  { "yes", 1 }, { "NO", 0 }, { "1", 1 }, { "0", 0 },
  { "", -1 }, { "maybe", -1 }, { " true", -1 }, { "true ", -1 },
  { "truee", -1 }, { "2", -1 }, { "01", -1 },
};

/* "n" looked up as a number from MIN to MAX; WANT_OK 0: an error. */
static const struct {
  const char *value;
  uint64_t min, max, want;
  int want_ok;
} uint_cases[] = {
  { "4096", 1, 1u << 30, 4096, 1 },
  { "0", 0, 10, 0, 1 },
  { "0", 1, 10, 0, 0 },                   /* below the minimum */
  { "11", 1, 10, 0, 0 },                  /* above the maximum */
  { "10", 1, 10, 10, 1 },
  { "007", 0, 10, 7, 1 },
  { "18446744073709551615", 0, UINT64_MAX, UINT64_MAX, 1 },
  { "18446744073709551616", 0, UINT64_MAX, 0, 0 },  /* overflow */
  { "99999999999999999999999999", 0, UINT64_MAX, 0, 0 },
  { "4294967296", 0, UINT32_MAX, 0, 0 },
  { "-1", 0, 10, 0, 0 },
  { "+1", 0, 10, 0, 0 },
  { " 1", 0, 10, 0, 0 },
  { "1 ", 0, 10, 0, 0 },
  { "1x", 0, 10, 0, 0 },
  { "0x10", 0, 100, 0, 0 },
  { "", 0, 10, 0, 0 },
  { "1e3", 0, 10000, 0, 0 },
};

static struct ferry_vmx *
parse (const char *text)
{
  return ferry_vmx_parse (text, strlen (text), "test.vmx");
}

static bool
error_has (const char *fragment)
{
  return strstr (ferry_error_get (), fragment) != NULL;
}

static void
test_parse_cases (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (parse_cases); i++) {
    g_autofree char *shown = g_strescape (parse_cases[i].text, NULL);
    g_autoptr (ferry_vmx) vmx = NULL;

    ferry_error_clear ();
    vmx = parse (parse_cases[i].text);
    if (parse_cases[i].error != NULL) {
      if (!tap_ok (vmx == NULL && error_has (parse_cases[i].error),
                   "'%s' is refused: %s", shown, parse_cases[i].error))
        printf ("# got: %s\n", vmx ? "success" : ferry_error_get ());
    }
    else if (parse_cases[i].value == NULL)
      tap_ok (vmx != NULL && ferry_vmx_get (vmx, parse_cases[i].key) == NULL,
              "'%s': '%s' is absent", shown, parse_cases[i].key);
    else {
      const char *got = vmx ? ferry_vmx_get (vmx, parse_cases[i].key) : NULL;

      if (!tap_ok (got != NULL && strcmp (got, parse_cases[i].value) == 0,
                   "'%s': '%s' reads right", shown, parse_cases[i].key))
        printf ("# got: %s\n", vmx ? (got ? got : "(absent)")
                : ferry_error_get ());
    }
  }
}

static void
test_values (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (bool_cases); i++)
    tap_ok (ferry_vmx_parse_bool (bool_cases[i].value) == bool_cases[i].want,
            "boolean '%s' is %d", bool_cases[i].value, bool_cases[i].want);
  tap_ok (ferry_vmx_parse_bool (NULL) == -1, "no value is no boolean");

  for (i = 0; i < G_N_ELEMENTS (uint_cases); i++) {
    g_autofree char *text = g_strdup_printf ("x = \"y\"\nn = \"%s\"\n",
                                             uint_cases[i].value);
    g_autoptr (ferry_vmx) vmx = parse (text);
    uint64_t n = 12345;
    int r = ferry_vmx_get_uint (vmx, "N", uint_cases[i].min,
                                uint_cases[i].max, 99, &n);

    if (uint_cases[i].want_ok)
      tap_ok (r == 0 && n == uint_cases[i].want, "number '%s' reads as %"
              G_GUINT64_FORMAT, uint_cases[i].value, uint_cases[i].want);
    else
      tap_ok (r == -1 && n == 12345 &&
              error_has ("invalid 'n' in 'test.vmx' line 2: '"),
              "number '%s' is refused from %" G_GUINT64_FORMAT " to %"
              G_GUINT64_FORMAT, uint_cases[i].value, uint_cases[i].min,
              uint_cases[i].max);
  }

  {
    g_autoptr (ferry_vmx) vmx = parse ("a = \"TRUE\"\nb = \"sometimes\"\n"
                                       "c.present = \"FALSE\"\nc.d = \"1\"\n");
    bool v = false;
    uint64_t n = 0;

    tap_ok (ferry_vmx_get_bool (vmx, "A", false, &v) == 0 && v,
            "get_bool reads TRUE");
    tap_ok (ferry_vmx_get_bool (vmx, "missing", true, &v) == 0 && v,
            "get_bool gives the default for an absent key");
    tap_ok (ferry_vmx_get_bool (vmx, "b", false, &v) == -1 &&
            error_has ("invalid 'b' in 'test.vmx' line 2: 'sometimes' is "
                       "not TRUE or FALSE"),
            "get_bool refuses a value that is no boolean");
    tap_ok (ferry_vmx_get_uint (vmx, "c.d", 0, 10, 7, &n) == 0 && n == 7,
            "a hidden number reads as the default");
    tap_ok (ferry_vmx_line (vmx, "b") == 2 && ferry_vmx_line (vmx, "c.d") == 0,
            "line numbers of a key and of a hidden key");
    tap_ok (ferry_vmx_count (vmx) == 4, "four keys");
    tap_ok (ferry_vmx_getf (vmx, "%s", "a") != NULL, "getf");
  }

  {
    g_autoptr (ferry_vmx) vmx = parse ("ethernet0.present = \"TRUE\"\n"
                                       "ethernet9.x = \"y\"\n"
                                       "ethernet12 = \"no dot\"\n"
                                       "ethernet20.present = \"FALSE\"\n"
                                       "ethernet20.a = \"hidden\"\n"
                                       "ethernet999.a = \"too far\"\n"
                                       "ethernetx.a = \"no digit\"\n");
    g_autoptr (ferry_vmx) none = parse ("a = \"b\"\n");

    tap_ok (ferry_vmx_max_index (vmx, "ethernet", 255) == 20,
            "max_index counts a present key of a switched-off device");
    tap_ok (ferry_vmx_max_index (vmx, "ethernet", 19) == 9,
            "max_index stays within its limit");
    tap_ok (ferry_vmx_max_index (none, "ethernet", 255) == -1,
            "max_index of nothing is -1");
  }
}

/* Inputs at and beyond the bounds. */
static void
test_bounds (void)
{
  g_autoptr (GString) text = g_string_new ("a = \"");
  g_autoptr (ferry_vmx) vmx = NULL;
  g_autofree char *big = NULL, *nul = NULL;
  size_t i;

  /* A line just at the limit parses; one byte more does not. */
  while (text->len < FERRY_VMX_MAX_LINE - 1)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"\n");
  vmx = ferry_vmx_parse (text->str, text->len, "long.vmx");
  tap_ok (vmx != NULL && strlen (ferry_vmx_get (vmx, "a")) ==
          FERRY_VMX_MAX_LINE - strlen ("a = \"\""),
          "a line of %u bytes parses", FERRY_VMX_MAX_LINE);
  g_clear_pointer (&vmx, ferry_vmx_free);
  g_string_insert_c (text, 5, 'y');
  vmx = ferry_vmx_parse (text->str, text->len, "long.vmx");
  tap_ok (vmx == NULL && error_has ("cannot parse 'long.vmx' line 1: longer "
                                    "than 1048576 bytes"),
          "a longer line is refused");

  /* A line of escapes: the value is a third of the line. */
  g_string_assign (text, "a = \"");
  for (i = 0; i < 1000; i++)
    g_string_append (text, "|41");
  g_string_append (text, "\"\n");
  vmx = ferry_vmx_parse (text->str, text->len, "esc.vmx");
  tap_ok (vmx != NULL && strlen (ferry_vmx_get (vmx, "a")) == 1000,
          "1000 escapes decode to 1000 bytes");
  g_clear_pointer (&vmx, ferry_vmx_free);

  /* Keys. */
  g_string_truncate (text, 0);
  for (i = 0; i < FERRY_VMX_MAX_KEY; i++)
    g_string_append_c (text, i % 2 ? '.' : 'k');
  g_string_append (text, " = \"v\"\n");
  vmx = ferry_vmx_parse (text->str, text->len, "key.vmx");
  tap_ok (vmx != NULL && ferry_vmx_count (vmx) == 1,
          "a key of %d bytes (and %d dots) parses", FERRY_VMX_MAX_KEY,
          FERRY_VMX_MAX_KEY / 2);
  g_clear_pointer (&vmx, ferry_vmx_free);
  g_string_prepend_c (text, 'k');
  vmx = ferry_vmx_parse (text->str, text->len, "key.vmx");
  tap_ok (vmx == NULL && error_has ("line 1: key longer than 512 bytes"),
          "a longer key is refused");

  /* Too many keys; the same key over and over is fine. */
  g_string_truncate (text, 0);
  for (i = 0; i <= FERRY_VMX_MAX_ENTRIES; i++)
    g_string_append_printf (text, "k%zu = \"v\"\n", i);
  vmx = ferry_vmx_parse (text->str, text->len, "many.vmx");
  tap_ok (vmx == NULL && error_has ("line 100001: more than 100000 keys"),
          "more than %d keys are refused", FERRY_VMX_MAX_ENTRIES);
  g_string_truncate (text, 0);
  for (i = 0; i <= FERRY_VMX_MAX_ENTRIES; i++)
    g_string_append (text, "k = \"v\"\n");
  vmx = ferry_vmx_parse (text->str, text->len, "same.vmx");
  tap_ok (vmx != NULL && ferry_vmx_count (vmx) == 1,
          "one key set %d times is one key", FERRY_VMX_MAX_ENTRIES + 1);
  g_clear_pointer (&vmx, ferry_vmx_free);

  /* Too large a file, whatever it holds. */
  big = g_malloc (FERRY_VMX_MAX_SIZE + 1);
  memset (big, '\n', FERRY_VMX_MAX_SIZE + 1);
  vmx = ferry_vmx_parse (big, FERRY_VMX_MAX_SIZE + 1, "big.vmx");
  tap_ok (vmx == NULL && error_has ("'big.vmx': larger than 16 MiB"),
          "a file over 16 MiB is refused");
  vmx = ferry_vmx_parse (big, FERRY_VMX_MAX_SIZE, "big.vmx");
  tap_ok (vmx != NULL && ferry_vmx_count (vmx) == 0,
          "16 MiB of blank lines parse");
  g_clear_pointer (&vmx, ferry_vmx_free);

  /* A NUL byte, in a value, a comment or between lines. */
  nul = g_strdup ("a = \"b\"\n# x\nc = \"d\"\n");
  nul[10] = '\0';
  vmx = ferry_vmx_parse (nul, 20, "nul.vmx");
  tap_ok (vmx == NULL && error_has ("'nul.vmx' line 2: NUL byte"),
          "a NUL byte in a comment is refused");
  nul[10] = 'x';
  nul[17] = '\0';
  vmx = ferry_vmx_parse (nul, 20, "nul.vmx");
  tap_ok (vmx == NULL && error_has ("line 3: NUL byte"),
          "a NUL byte in a value is refused");
  vmx = ferry_vmx_parse (nul, 17, "nul.vmx");
  tap_ok (vmx == NULL && error_has ("line 3: the value of 'c' has no "
                                    "closing quote"),
          "the length is what counts, not a NUL after it");
  vmx = ferry_vmx_parse (NULL, 0, "empty.vmx");
  tap_ok (vmx != NULL && ferry_vmx_count (vmx) == 0,
          "an empty buffer parses to nothing");
}

/* The source model. */

static struct ferry_source *
build (const char *text)
{
  g_autoptr (ferry_vmx) vmx = parse (text);

  if (vmx == NULL)
    return NULL;
  return ferry_vmx_source (vmx, "/vms/guest", "guest");
}

static const struct ferry_source_disk *
disk_at (const struct ferry_source *s, size_t i)
{
  return i < s->disks->len ? s->disks->pdata[i] : NULL;
}

static const struct ferry_source_disk *
removable_at (const struct ferry_source *s, size_t i)
{
  return i < s->removables->len ? s->removables->pdata[i] : NULL;
}

static bool
str_is (const char *got, const char *want)
{
  return got == want || (got && want && strcmp (got, want) == 0);
}

static bool
disk_is (const struct ferry_source_disk *d, const char *location,
         const char *format, enum ferry_bus bus, const char *target)
{
  return d != NULL && str_is (d->location, location) &&
    str_is (d->format, format) && d->bus == bus && str_is (d->target, target);
}

/* Source models that must fail, with a fragment of the error. */
static const struct {
  const char *text;
  const char *error;
} bad_sources[] = {
  { "memsize = \"lots\"\n", "invalid 'memsize' in 'test.vmx' line 1: 'lots'" },
  { "memsize = \"0\"\n", "invalid 'memsize'" },
  { "memsize = \"99999999999999999999\"\n", "invalid 'memsize'" },
  { "memsize = \"1073741825\"\n", "invalid 'memsize'" },
  { "numvcpus = \"0\"\n", "invalid 'numvcpus'" },
  { "numvcpus = \"-2\"\n", "invalid 'numvcpus'" },
  { "numvcpus = \"8\"\ncpuid.coresPerSocket = \"3\"\n",
    "invalid 'cpuid.corespersocket' in 'test.vmx' line 2: 3 cores per socket "
    "do not divide numvcpus (8)" },
  { "ethernet0.present = \"TRUE\"\nethernet0.address = \"00:50:56:11:22\"\n"
    "ethernet0.addressType = \"static\"\n",
    "invalid 'ethernet0.address' in 'test.vmx' line 2: '00:50:56:11:22' is "
    "not a MAC address" },
  { "ethernet0.present = \"TRUE\"\n"
    "ethernet0.generatedAddress = \"00:50:56:11:22:3g\"\n",
    "invalid 'ethernet0.generatedaddress'" },
  { "ethernet3.present = \"often\"\n", "invalid 'ethernet3.present'" },
  { "scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\n"
    "scsi0:0.deviceType = \"scsi-hardDisk\"\n",
    "invalid 'scsi0:0' in 'test.vmx': a hard disk needs 'scsi0:0.filename'" },
  { "uefi.secureBoot.enabled = \"on\"\n", "invalid 'uefi.secureboot.enabled'" },
  { "virtualHW.version = \"x\"\n", "invalid 'virtualhw.version'" },
};

static void
test_source (void)
{
  size_t i;

  {
    g_autoptr (ferry_source) s = build ("");

    tap_ok (s != NULL && str_is (s->name, "guest") &&
            s->memory == 32u << 20 && s->vcpus == 1 && s->sockets == 1 &&
            s->cores == 1 && s->firmware == FERRY_FIRMWARE_BIOS &&
            !s->secure_boot && s->guest_os == NULL &&
            str_is (s->video, "vmvga") && s->disks->len == 0 &&
            s->removables->len == 0 && s->nics->len == 0,
            "an empty VMX gives VMware's defaults");
  }
  {
    g_autoptr (ferry_source) s =
      build ("displayName = \"Test-Mig |28one|29 |7C |22x|22\"\n"
             "memSize = \"1000\"\nnumvcpus = \"16\"\n"
             "cpuid.coresPerSocket = \"4\"\nfirmware = \"EFI\"\n"
             "uefi.secureBoot.enabled = \"TRUE\"\nguestOS = \"rhel9-64\"\n"
             "svga.present = \"FALSE\"\nsvga.vramSize = \"8\"\n");

    tap_ok (s != NULL && str_is (s->name, "Test-Mig (one) | \"x\"") &&
            s->memory == UINT64_C (1000) << 20 && s->vcpus == 16 &&
            s->sockets == 4 && s->cores == 4 &&
            s->firmware == FERRY_FIRMWARE_UEFI && s->secure_boot &&
            str_is (s->guest_os, "rhel9-64") && s->video == NULL,
            "name, memory, topology, firmware, secure boot, guest OS, video");
  }
  {
    g_autoptr (ferry_source) s = build ("displayName = \"\"\n"
                                        "firmware = \"bios\"\n");

    tap_ok (s != NULL && str_is (s->name, "guest") &&
            s->firmware == FERRY_FIRMWARE_BIOS,
            "an empty displayName falls back on the file's name");
  }
  {
    g_autoptr (ferry_source) s =
      build ("scsi0.present = \"TRUE\"\nscsi1.present = \"TRUE\"\n"
             "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"a.vmdk\"\n"
             "scsi0:8.present = \"TRUE\"\n"
             "scsi0:8.fileName = \"/vmfs/volumes/ds/b.VMDK\"\n"
             "scsi0:7.present = \"TRUE\"\nscsi0:7.fileName = \"ctrl.vmdk\"\n"
             "scsi0:16.present = \"TRUE\"\nscsi0:16.fileName = \"wide.vmdk\"\n"
             "scsi1:0.present = \"TRUE\"\nscsi1:0.fileName = \"../c.img\"\n"
             "scsi1:1.present = \"FALSE\"\nscsi1:1.fileName = \"off.vmdk\"\n"
             "scsi2:0.present = \"TRUE\"\nscsi2:0.fileName = \"noctrl.vmdk\"\n"
             "ide1:1.present = \"TRUE\"\nide1:1.fileName = \"sub/d.vmdk\"\n"
             "ide1:1.deviceType = \"ata-hardDisk\"\n"
             "sata0.present = \"TRUE\"\nsata1.present = \"TRUE\"\n"
             "sata1:2.present = \"TRUE\"\nsata1:2.fileName = \"e.vmdk\"\n"
             "nvme0.present = \"TRUE\"\nnvme0:1.present = \"TRUE\"\n"
             "nvme0:1.fileName = \"f.vmdk\"\n");

    tap_ok (s != NULL && s->disks->len == 6, "six hard disks");
    tap_ok (s && disk_is (disk_at (s, 0), "/vms/guest/a.vmdk", "vmdk",
                          FERRY_BUS_SCSI, "sda"), "scsi0:0 is sda");
    tap_ok (s && disk_is (disk_at (s, 1), "/vmfs/volumes/ds/b.VMDK", "vmdk",
                          FERRY_BUS_SCSI, "sdh"),
            "scsi0:8 is sdh, an absolute path is kept");
    tap_ok (s && disk_is (disk_at (s, 2), "/vms/c.img", NULL,
                          FERRY_BUS_SCSI, "sdp"),
            "scsi1:0 is sdp, a raw image has no format yet");
    tap_ok (s && disk_is (disk_at (s, 3), "/vms/guest/sub/d.vmdk", "vmdk",
                          FERRY_BUS_IDE, "hdd"), "ide1:1 is hdd");
    tap_ok (s && disk_is (disk_at (s, 4), "/vms/guest/e.vmdk", "vmdk",
                          FERRY_BUS_SATA, "sdag"), "sata1:2 is sdag");
    tap_ok (s && disk_is (disk_at (s, 5), "/vms/guest/f.vmdk", "vmdk",
                          FERRY_BUS_NVME, "nvme0n2"), "nvme0:1 is nvme0n2");
    tap_ok (s && s->disks->len == 6 &&
            str_is (disk_at (s, 0)->input_name, "scsi0:0") &&
            str_is (disk_at (s, 1)->input_name, "scsi0:8") &&
            str_is (disk_at (s, 2)->input_name, "scsi1:0") &&
            str_is (disk_at (s, 3)->input_name, "ide1:1") &&
            str_is (disk_at (s, 4)->input_name, "sata1:2") &&
            str_is (disk_at (s, 5)->input_name, "nvme0:1"),
            "each disk keeps its VMX device as its input name");
  }
  {
    g_autoptr (ferry_source) s =
      build ("virtualHW.version = \"13\"\nscsi0.present = \"TRUE\"\n"
             "scsi0:16.present = \"TRUE\"\nscsi0:16.fileName = \"p.vmdk\"\n"
             "scsi0:64.present = \"TRUE\"\nscsi0:64.fileName = \"q.vmdk\"\n"
             "scsi0:65.present = \"TRUE\"\nscsi0:65.fileName = \"r.vmdk\"\n");

    tap_ok (s != NULL && s->disks->len == 2 &&
            disk_is (disk_at (s, 0), "/vms/guest/p.vmdk", "vmdk",
                     FERRY_BUS_SCSI, "sdp") &&
            disk_is (disk_at (s, 1), "/vms/guest/q.vmdk", "vmdk",
                     FERRY_BUS_SCSI, "sdbl"),
            "from hardware 13, SCSI units go to 64");
  }
  {
    g_autoptr (ferry_source) s =
      build ("ide0:0.present = \"TRUE\"\nide0:0.deviceType = \"cdrom-image\"\n"
             "ide0:0.fileName = \"tools.iso\"\n"
             "ide0:1.present = \"TRUE\"\nide0:1.deviceType = \"atapi-cdrom\"\n"
             "ide0:1.fileName = \"/dev/scd0\"\n"
             "ide1:0.present = \"TRUE\"\nide1:0.deviceType = \"cdrom-raw\"\n"
             "ide1:0.fileName = \"auto detect\"\nide1:0.clientDevice = \"TRUE\"\n"
             "ide1:1.present = \"TRUE\"\nide1:1.deviceType = \"cdrom-image\"\n"
             "ide1:1.fileName = \"emptyBackingString\"\n"
             "scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\n"
             "scsi0:0.deviceType = \"scsi-passthru\"\n"
             "scsi0:0.fileName = \"/vmfs/devices/cdrom/mpx.vmhba32:C0:T0:L0\"\n"
             "scsi0:1.present = \"TRUE\"\nscsi0:1.deviceType = \"scsi-passthru\"\n"
             "scsi0:1.fileName = \"/vmfs/devices/genscsi/tape\"\n"
             "scsi0:2.present = \"TRUE\"\nscsi0:2.fileName = \"x.ISO\"\n"
             "sata0.present = \"TRUE\"\nsata0:0.present = \"TRUE\"\n"
             "sata0:0.deviceType = \"cdrom-image\"\nsata0:0.fileName = \"\"\n"
             "floppy0.present = \"TRUE\"\nfloppy0.fileType = \"file\"\n"
             "floppy0.fileName = \"boot.flp\"\n"
             "floppy1.present = \"TRUE\"\nfloppy1.fileType = \"device\"\n"
             "floppy1.fileName = \"/dev/fd0\"\n");

    tap_ok (s != NULL && s->disks->len == 0 && s->removables->len == 8,
            "CD-ROMs and floppies are removables, not disks");
    tap_ok (s && disk_is (removable_at (s, 0), NULL, NULL, FERRY_BUS_SCSI,
                          "sda") &&
            removable_at (s, 0)->removable == FERRY_REMOVABLE_CDROM,
            "a passthrough CD drive is an empty CD-ROM");
    tap_ok (s && disk_is (removable_at (s, 1), "/vms/guest/x.ISO", NULL,
                          FERRY_BUS_SCSI, "sdc"),
            "an .iso file with no deviceType is a CD-ROM");
    tap_ok (s && disk_is (removable_at (s, 2), "/vms/guest/tools.iso", NULL,
                          FERRY_BUS_IDE, "hda"), "a CD-ROM image");
    tap_ok (s && disk_is (removable_at (s, 3), NULL, NULL, FERRY_BUS_IDE,
                          "hdb"), "a host CD drive is an empty CD-ROM");
    tap_ok (s && disk_is (removable_at (s, 4), NULL, NULL, FERRY_BUS_IDE,
                          "hdd"),
            "emptyBackingString is an empty CD-ROM; a client drive is "
            "left out");
    /* sata0:0 would be "sda", the SCSI CD-ROM's name: it takes sdb. */
    tap_ok (s && disk_is (removable_at (s, 5), NULL, NULL, FERRY_BUS_SATA,
                          "sdb"), "an empty file name is an empty CD-ROM");
    tap_ok (s && disk_is (removable_at (s, 6), "/vms/guest/boot.flp", NULL,
                          FERRY_BUS_FDC, "fda") &&
            removable_at (s, 6)->removable == FERRY_REMOVABLE_FLOPPY,
            "a floppy image");
    tap_ok (s && disk_is (removable_at (s, 7), NULL, NULL, FERRY_BUS_FDC,
                          "fdb") &&
            removable_at (s, 7)->removable == FERRY_REMOVABLE_FLOPPY,
            "a host floppy drive is an empty floppy");
  }
  {
    g_autoptr (ferry_source) s =
      build ("ethernet0.present = \"TRUE\"\nethernet0.virtualDev = \"E1000E\"\n"
             "ethernet0.networkName = \"VM Network\"\n"
             "ethernet0.addressType = \"generated\"\n"
             "ethernet0.generatedAddress = \"00:0C:29:AB:CD:EF\"\n"
             "ethernet0.address = \"00:50:56:00:00:01\"\n"
             "ethernet1.present = \"FALSE\"\nethernet1.networkName = \"x\"\n"
             "ethernet2.present = \"TRUE\"\nethernet2.virtualDev = \"vmxnet\"\n"
             "ethernet2.features = \"15\"\nethernet2.addressType = \"static\"\n"
             "ethernet2.address = \"00:50:56:11:22:33\"\n"
             "ethernet2.connectionType = \"NAT\"\n"
             "ethernet3.present = \"TRUE\"\n"
             "ethernet9.present = \"TRUE\"\nethernet9.dvs.switchId = \"50 34\"\n"
             "ethernet9.dvs.portgroupId = \"dvportgroup-1\"\n"
             "ethernet10.present = \"TRUE\"\nethernet10.connectionType = \"custom\"\n"
             "ethernet10.vnet = \"vmnet7\"\n");
    const struct ferry_source_nic *n[5] = { 0 };

    for (i = 0; s && i < 5 && i < s->nics->len; i++)
      n[i] = s->nics->pdata[i];
    tap_ok (s != NULL && s->nics->len == 5, "five NICs, gaps skipped");
    tap_ok (n[0] && str_is (n[0]->mac, "00:0c:29:ab:cd:ef") &&
            str_is (n[0]->model, "e1000e") &&
            str_is (n[0]->network, "VM Network") &&
            n[0]->connection == NULL && !ferry_source_nic_is_bridge (n[0]),
            "a generated MAC, lower-cased; no connectionType: a network");
    tap_ok (n[1] && str_is (n[1]->mac, "00:50:56:11:22:33") &&
            str_is (n[1]->model, "vmxnet2") &&
            str_is (n[1]->network, "ethernet2") &&
            str_is (n[1]->connection, "nat"),
            "a static MAC, vmxnet2, NAT, on a network named after the NIC");
    tap_ok (n[2] && n[2]->mac == NULL && n[2]->model == NULL &&
            str_is (n[2]->network, "ethernet3") && n[2]->connection == NULL,
            "no network at all: a network named after the NIC");
    tap_ok (n[3] && str_is (n[3]->connection, "vds") &&
            str_is (n[3]->network, "dvportgroup-1"), "a distributed switch");
    tap_ok (n[4] && str_is (n[4]->connection, "custom") &&
            str_is (n[4]->network, "vmnet7"), "a custom vnet");
  }
  {
    /* virt-v2v's byte order: lo's bytes 4-7, 2-3, 0-1, then hi's from
     * the end.  -1 and 1 are all ones, and fifteen zeros then a one.
     */
    g_autoptr (ferry_source) s =
      build ("vm.genid = \"-1\"\nvm.genidX = \"1\"\n");
    g_autoptr (ferry_source) t =
      build ("vm.genid = \"1234605616436508552\"\n"
             "vm.genidX = \"-8690466096661279\"\n");
    g_autoptr (ferry_source) u = build ("vm.genid = \"5\"\n");

    tap_ok (s && str_is (s->genid, "ffffffff-ffff-ffff-0100-000000000000") &&
            t && str_is (t->genid, "55667788-3344-1122-e13c-602f1120e1ff") &&
            u && u->genid == NULL,
            "vm.genid and vm.genidX make the generation ID; one alone none");
    ferry_error_clear ();
    tap_ok (build ("vm.genid = \"x\"\nvm.genidX = \"1\"\n") == NULL &&
            error_has ("invalid 'vm.genid' in 'test.vmx' line 1: 'x' is "
                       "not a signed 64-bit number"),
            "a vm.genid that is not a number is refused");
  }
  {
    /* scsi0:0 and sata0:0 are both "sda" on their buses: the SATA
     * CD-ROMs take the next free names.
     */
    g_autoptr (ferry_source) s =
      build ("scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\n"
             "scsi0:0.fileName = \"a.vmdk\"\n"
             "sata0.present = \"TRUE\"\nsata0:0.present = \"TRUE\"\n"
             "sata0:0.deviceType = \"cdrom-image\"\n"
             "sata0:0.fileName = \"x.iso\"\n"
             "sata0:1.present = \"TRUE\"\n"
             "sata0:1.deviceType = \"atapi-cdrom\"\n");

    tap_ok (s && s->disks->len == 1 && s->removables->len == 2 &&
            str_is (((struct ferry_source_disk *) s->disks->pdata[0])->target,
                    "sda") &&
            str_is (removable_at (s, 0)->target, "sdb") &&
            removable_at (s, 0)->bus == FERRY_BUS_SATA &&
            str_is (removable_at (s, 1)->target, "sdc") &&
            removable_at (s, 0)->slot == 1 && removable_at (s, 1)->slot == 2,
            "a SATA CD-ROM that would share a SCSI disk's name gets its own, "
            "and its slot from it");
  }
  {
    g_autoptr (ferry_source) s =
      build ("ethernet0.present = \"TRUE\"\n"
             "ethernet0.connectionType = \"Bridged\"\n"
             "ethernet0.networkName = \"VM Network\"\n");
    const struct ferry_source_nic *n =
      s && s->nics->len == 1 ? s->nics->pdata[0] : NULL;

    tap_ok (n && str_is (n->network, "VM Network") &&
            ferry_source_nic_is_bridge (n),
            "connectionType bridged (any case) is a bridge NIC");
  }

  for (i = 0; i < G_N_ELEMENTS (bad_sources); i++) {
    g_autofree char *shown = g_strescape (bad_sources[i].text, NULL);
    g_autoptr (ferry_source) s = NULL;

    ferry_error_clear ();
    s = build (bad_sources[i].text);
    if (!tap_ok (s == NULL && error_has (bad_sources[i].error),
                 "'%s' is refused: %s", shown, bad_sources[i].error))
      printf ("# got: %s\n", s ? "success" : ferry_error_get ());
  }

  /* --print-source's JSON carries what the VMX decoded, in UTF-8. */
  {
    g_autoptr (ferry_source) s =
      build ("displayName = \"a|22b|5Cc|0Ad|09|01|FF\xc3\xa9\"\n");
    g_autofree char *json = s ? ferry_source_describe (s, true) : NULL;
    g_autoptr (JsonNode) root = json ? ferry_json_parse (json, strlen (json))
      : NULL;
    JsonObject *o = root && JSON_NODE_HOLDS_OBJECT (root)
      ? json_node_get_object (root) : NULL;

    tap_ok (o != NULL &&
            str_is (json_object_get_string_member_with_default (o, "name", ""),
                    "a\"b\\c\nd\t\x01\xef\xbf\xbd\xc3\xa9"),
            "the JSON name reads back as decoded, in valid UTF-8");
  }
}

int
main (void)
{
  tap_plan (G_N_ELEMENTS (parse_cases) + G_N_ELEMENTS (bool_cases) + 1 +
            G_N_ELEMENTS (uint_cases) + 7 + 3 + 13 +
            3 + 7 + 1 + 9 + 6 + G_N_ELEMENTS (bad_sources) + 1 + 1 + 1 + 3);
  test_parse_cases ();
  test_values ();
  test_bounds ();
  test_source ();
  ferry_error_clear ();
  return tap_done ();
}

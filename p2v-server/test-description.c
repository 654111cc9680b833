/* Unit test: the P2V description parser (description.h). */

#include <config.h>

#include <string.h>

#include "description.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

/* The smallest good description, with room for one more line in each
 * group: MACHINE, DISK, NIC (a whole [nic 0] group, or "") and OUTPUT.
 */
static char *
make (const char *machine, const char *disk, const char *nic,
      const char *output)
{
  /* A "size=" or "o=" line replaces the group's own. */
  bool own_size = g_str_has_prefix (disk, "size=");
  bool own_o = g_str_has_prefix (output, "o=");

  return g_strdup_printf ("[machine]\nname=web01\nvcpus=4\n"
                          "memory=8589934592\n%s\n"
                          "[disk 0]\nname=sda\n%s%s\n"
                          "%s\n"
                          "[output]\n%s%s\n",
                          machine, own_size ? "" : "size=53687091200\n",
                          disk, nic, own_o ? "" : "o=local\n", output);
}

/* [machine] cases: MACHINE is added to a good [machine] group. */
static const struct {
  const char *machine;
  const char *error;       /* NULL: must be accepted */
} machine_cases[] = {
  { "", NULL },
  { "cores=4\nsockets=1", NULL },
  { "sockets=2\ncores=2", NULL },
  { "sockets=2", "'sockets' and 'cores' go together" },
  { "cores=2", "'sockets' and 'cores' go together" },
  { "sockets=2\ncores=4", "is not vcpus 4" },
  { "sockets=0\ncores=4", "sockets '0': must be from 1" },
  { "vcpus=4", "[machine] 'vcpus': given twice" },
};

static void
check_bad (const char *machine, const char *disk, const char *nic,
           const char *output, const char *error, const char *label)
{
  g_autofree char *text = make (machine, disk, nic, output);
  g_autoptr (ferry_p2v_description) d = NULL;
  g_autofree char *shown = g_strdelimit (g_strdup (label), "\n", ';');

  g_autofree char *got = NULL;

  label = shown;
  ferry_error_clear ();
  d = ferry_p2v_description_parse (text, strlen (text));
  got = g_strdelimit (g_strdup (d ? "accepted" : ferry_error_get ()), "\n",
                      ' ');
  if (error == NULL)
    tap_ok (d != NULL, "%s: accepted (got: %s)", label, got);
  else
    tap_ok (d == NULL && strstr (ferry_error_get (), error) != NULL,
            "%s: refused with \"%s\" (got: %s)", label, error, got);
}

/* Whole texts, for what make() cannot express. */
static const struct {
  const char *text;
  const char *error;       /* NULL: must be accepted */
} text_cases[] = {
  { "", "no disk: a [disk 0] group is needed" },
  { "[disk 0]\nname=sda\nsize=1\n[output]\no=null\n",
    "the [machine] group is missing" },
  { "garbage", "not a key file" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[output]\no=null\n",
    "no disk: a [disk 0] group is needed" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 1]\nname=sda\n"
    "size=1\n[output]\no=null\n",
    "[disk 0] is missing" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[nic 1]\nname=eth0\n[output]\no=null\n",
    "[nic 0] is missing" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[disk 64]\nname=sdb\nsize=1\n[output]\no=null\n",
    "more than 64 disks" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[disk 007]\nname=sdb\nsize=1\n[output]\no=null\n",
    "[disk 007]: unknown group" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[nic 99999999999999999999]\nname=x\n[output]\no=null\n",
    "more than 64 NICs" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n[extra]\na=b\n",
    "[extra]: unknown group" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n[machine]\nname=b\n",
    "[machine]: the group is given twice" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\nname[fr]=b\n[disk 0]\n"
    "name=sda\nsize=1\n[output]\no=null\n",
    "'name[fr]': localized keys are not allowed" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n",
    "the [output] group is missing" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", NULL },
  { "# a comment\n\n[machine]\n  name = a b c  \nvcpus=1\nmemory=1048576\n"
    "[disk 0]\nname=sda\nsize=1\n[output]\no=null\n", NULL },
  { "[machine]\nname=\xc3\xa9t\xc3\xa9\nvcpus=1\nmemory=1048576\n"
    "[disk 0]\nname=sda\nsize=1\n[output]\no=null\n", NULL },
  { "[machine]\nname=a\nvcpus=0\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", "vcpus '0': must be from 1 to 4096" },
  { "[machine]\nname=a\nvcpus=4097\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", "vcpus '4097': must be from 1 to 4096" },
  { "[machine]\nname=a\nvcpus=4096\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", NULL },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048575\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", "memory '1048575': must be from 1048576" },
  { "[machine]\nname=a\nvcpus=1\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", "[machine] 'memory' is missing" },
  { "[machine]\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", "[machine] 'name' is missing" },
  { "[machine]\nname=..\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", "name '..': not a valid name" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "[output]\no=null\n", "[disk 0] 'size' is missing" },
  { "[machine]\nname=a\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\nos=x\n", "[output] 'o' is missing" },
  { "[machine]\nname=\xff\nvcpus=1\nmemory=1048576\n[disk 0]\nname=sda\n"
    "size=1\n[output]\no=null\n", "not UTF-8" },
};

static void
check_text (const char *text, const char *error, size_t i)
{
  g_autoptr (ferry_p2v_description) d = NULL;

  ferry_error_clear ();
  d = ferry_p2v_description_parse (text, strlen (text));
  if (error == NULL)
    tap_ok (d != NULL, "text %zu: accepted%s%s", i, d ? "" : ": ",
            d ? "" : ferry_error_get ());
  else
    tap_ok (d == NULL && strstr (ferry_error_get (), error) != NULL,
            "text %zu: refused with \"%s\" (got: %s)", i, error,
            d ? "accepted" : ferry_error_get ());
}

/* Field cases: GROUP ("machine", "disk", "nic", "output") gets LINE. */
static const struct {
  const char *group;
  const char *line;
  const char *error;
} field_cases[] = {
  /* Numbers: decimal digits only, within limits. */
  { "disk", "size=0", "size '0': must be from 1" },
  { "disk", "size=-1", "size '-1': not a decimal number" },
  { "disk", "size=+1", "size '+1': not a decimal number" },
  { "disk", "size= 1x", "size '1x': not a decimal number" },
  { "disk", "size=0x10", "not a decimal number" },
  { "disk", "size=012", "size '012': not a decimal number" },
  { "disk", "size=1e9", "not a decimal number" },
  { "disk", "size=1.5", "not a decimal number" },
  { "disk", "size=", "size '': not a decimal number" },
  { "disk", "size=18446744073709551616", "must be from 1" },
  { "disk", "size=99999999999999999999999", "not a decimal number" },
  { "disk", "size=1152921504606846977", "must be from 1" },
  { "disk", "size=1152921504606846976", NULL },
  /* Keys: known, once. */
  { "disk", "colour=blue", "[disk 0] 'colour': unknown key" },
  { "disk", "name=sda", "[disk 0] 'name': given twice" },
  { "machine", "firmware=efi", "firmware 'efi': must be bios or uefi" },
  { "machine", "firmware=uefi", NULL },
  { "machine", "firmware=bios", NULL },
  /* Names. */
  { "disk", "name=sdb", "'name': given twice" },
  { "disk", "size=1\nsize=2", "[disk 0] 'size': given twice" },
  { "output", "on=web/02", "on 'web/02': not a valid name: it holds '/'" },
  { "output", "on=.hidden", "it starts with '.'" },
  { "output", "on=", "it is empty" },
  { "output", "on=a\\tb", "it holds control characters" },
  { "output", "on=a\\nb", "it holds control characters" },
  { "output", "on=web 02", NULL },
  { "output", "on=" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "longer than 200 bytes" },
  /* Output options. */
  { "output", "o=libvirt", "o 'libvirt': not an output of this server" },
  { "output", "o=rhv", "o 'rhv': not an output of this server" },
  { "output", "of=vmdk", "of 'vmdk': must be raw or qcow2" },
  { "output", "of=qcow2", NULL },
  { "output", "oa=thick", "oa 'thick': must be sparse or preallocated" },
  { "output", "oa=preallocated", NULL },
  { "output", "os=guests/web", NULL },
  { "output", "os=", NULL },
  { "output", "os=./guests", NULL },
  { "output", "os=/etc", "-os '/etc': it must be a folder relative" },
  { "output", "os=../../etc", "-os '../../etc': it must not hold a '..'" },
  { "output", "os=a/../../b", "must not hold a '..'" },
  { "output", "os=a/..", "must not hold a '..'" },
  { "output", "os=..a/b..", NULL },
  { "output", "oo=qemu-boot;",
    "oo 'qemu-boot': not allowed on the conversion server" },
  { "output", "oo=sparse;", "oo 'sparse': not an option of -o local" },
  { "output", "oo=", NULL },
  { "output", "networks=lan:prod;", NULL },
  { "output", "networks=prod;", NULL },
  { "output", "networks=:prod;", "networks: -n ':prod'" },
  { "output", "networks=a:b;a:c;", "networks: -n 'a:c'" },
  { "output", "unknown=1", "[output] 'unknown': unknown key" },
};

static void
check_field (const char *group, const char *line, const char *error,
             size_t i)
{
  bool machine = strcmp (group, "machine") == 0;
  bool disk = strcmp (group, "disk") == 0;
  bool nic = strcmp (group, "nic") == 0;
  bool output = strcmp (group, "output") == 0;
  g_autofree char *nic_group = nic ? g_strdup_printf ("[nic 0]\nname=eth0\n"
                                                      "%s\n", line)
                                   : g_strdup ("");
  g_autofree char *label = g_strdup_printf ("[%s] %s", group, line);

  check_bad (machine ? line : "", disk ? line : "", nic_group,
             output ? line : "", error, label);
  (void) i;
}

/* NIC cases: the lines of [nic 0] and [nic 1] ("" for no [nic 1]). */
static const struct {
  const char *nic0, *nic1;
  const char *error;
} nic_cases[] = {
  { "name=eth0", "", NULL },
  { "name=eth0\nmac=52:54:00:12:34:56", "", NULL },
  { "name=eth0\nmac=52:54:00:12:34", "", "mac '52:54:00:12:34': not a MAC" },
  { "name=eth0\nmac=zz:54:00:12:34:56", "", "not a MAC" },
  { "name=eth0\nnetwork=prod", "", NULL },
  { "name=eth0\nnetwork=network:prod", "", NULL },
  { "name=eth0\nnetwork=bridge:br0", "", NULL },
  { "name=eth0\nnetwork=bridge:br 0", "", "'br 0' is not a host bridge" },
  { "name=eth0\nnetwork=bridge:", "", "bridge" },
  { "name=eth0\nnetwork=", "", "it is empty" },
  { "name=eth0\nnetwork=a:b", "", "must not hold ':'" },
  { "name=eth0\nnetwork=a/b", "", "it holds '/'" },
  { "name=eth/0", "", "name 'eth/0': a disk or NIC name" },
  { "name=.eth0", "", "a disk or NIC name" },
  { "mac=52:54:00:12:34:56", "", "[nic 0] 'name' is missing" },
  { "name=eth0", "name=eth0", "[nic 1] name 'eth0': [nic 0] has it too" },
  { "name=eth0\nmac=52:54:00:12:34:56", "name=eth1\nmac=52:54:00:12:34:56",
    "[nic 1] mac '52:54:00:12:34:56': [nic 0] has it too" },
  { "name=eth0\nnetwork=br0", "name=eth1\nnetwork=bridge:br0",
    "names 'br0' as a libvirt network" },
  { "name=eth0\nnetwork=bridge:br0", "name=eth1\nnetwork=bridge:br0", NULL },
};

static void
check_nics (void)
{
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (nic_cases); i++) {
    g_autofree char *nics = NULL;
    g_autofree char *label = NULL;

    if (nic_cases[i].nic1[0])
      nics = g_strdup_printf ("[nic 0]\n%s\n[nic 1]\n%s\n", nic_cases[i].nic0,
                              nic_cases[i].nic1);
    else
      nics = g_strdup_printf ("[nic 0]\n%s\n", nic_cases[i].nic0);
    label = g_strdup_printf ("nics %zu", i);
    check_bad ("", "", nics, "", nic_cases[i].error, label);
  }
}

/* What a good description becomes. */
static void
check_model (void)
{
  const char *text =
    "[machine]\nname=web01\nvcpus=4\nmemory=8589934592\nfirmware=uefi\n"
    "sockets=2\ncores=2\n"
    "[disk 0]\nname=sda\nsize=53687091200\n"
    "[disk 1]\nname=nvme0n1\nsize=1000\n"
    "[nic 0]\nname=eth0\nmac=52:54:00:AB:CD:EF\nnetwork=prod\n"
    "[nic 1]\nname=eth1\nnetwork=bridge:br0\n"
    "[nic 2]\nname=eth2\n"
    "[output]\no=qemu\nof=qcow2\noa=preallocated\nos=guests\non=web02\n"
    "networks=prod:production;\n";
  g_autoptr (ferry_p2v_description) d =
    ferry_p2v_description_parse (text, strlen (text));
  const struct ferry_source *s;
  const struct ferry_source_disk *d0, *d1;
  const struct ferry_source_nic *n0, *n1, *n2;

  if (!tap_ok (d != NULL, "the full description parses%s%s",
               d ? "" : ": ", d ? "" : ferry_error_get ())) {
    tap_ok (false, "the machine");
    tap_ok (false, "the disks");
    tap_ok (false, "the NICs");
    tap_ok (false, "the output");
    tap_ok (false, "a text that is cut short is refused");
    return;
  }
  s = d->source;
  tap_ok (strcmp (s->name, "web01") == 0 && s->vcpus == 4 &&
          s->memory == UINT64_C (8589934592) &&
          s->firmware == FERRY_FIRMWARE_UEFI && s->sockets == 2 &&
          s->cores == 2, "the machine");
  d0 = s->disks->pdata[0];
  d1 = s->disks->pdata[1];
  tap_ok (s->disks->len == 2 && d0->location == NULL &&
          strcmp (d0->format, "raw") == 0 &&
          strcmp (d0->target, "sda") == 0 &&
          d0->virtual_size == UINT64_C (53687091200) &&
          strcmp (d1->target, "nvme0n1") == 0 && d1->virtual_size == 1000,
          "the disks");
  n0 = s->nics->pdata[0];
  n1 = s->nics->pdata[1];
  n2 = s->nics->pdata[2];
  tap_ok (s->nics->len == 3 &&
          g_strcmp0 (n0->mac, "52:54:00:ab:cd:ef") == 0 &&
          strcmp (n0->network, "prod") == 0 && n0->connection == NULL &&
          n1->mac == NULL && strcmp (n1->network, "br0") == 0 &&
          g_strcmp0 (n1->connection, "bridged") == 0 &&
          strcmp (n2->network, "default") == 0,
          "the NICs");
  tap_ok (strcmp (d->output->name, "qemu") == 0 &&
          d->output_format == FERRY_FORMAT_QCOW2 &&
          d->output_alloc == FERRY_ALLOC_PREALLOCATED &&
          strcmp (d->output_storage, "guests") == 0 &&
          strcmp (d->output_name, "web02") == 0 &&
          d->output_options[0] == NULL,
          "the output");
  {
    g_autoptr (ferry_p2v_description) cut =
      ferry_p2v_description_parse (text, strstr (text, "[disk 1]") - text);
    tap_ok (cut == NULL, "a text that is cut short is refused (no "
            "[output])");
  }
}

static void
check_limits (void)
{
  g_autoptr (GString) text = g_string_new ("[machine]\nname=a\nvcpus=1\n"
                                           "memory=1048576\n");
  g_autoptr (ferry_p2v_description) d = NULL;
  g_autofree char *big = NULL;
  char with_nul[] = "[machine]\nname=a\0b\n";
  size_t i;

  for (i = 0; i < 64; i++)
    g_string_append_printf (text, "[disk %zu]\nname=d%zu\nsize=1\n", i, i);
  g_string_append (text, "[output]\no=null\n");
  d = ferry_p2v_description_parse (text->str, text->len);
  tap_ok (d != NULL && d->source->disks->len == 64, "64 disks are accepted");

  big = g_malloc0 (FERRY_P2V_DESCRIPTION_MAX_SIZE + 2);
  memset (big, '#', FERRY_P2V_DESCRIPTION_MAX_SIZE + 1);
  ferry_error_clear ();
  tap_ok (ferry_p2v_description_parse (big, FERRY_P2V_DESCRIPTION_MAX_SIZE + 1)
          == NULL && strstr (ferry_error_get (), "larger than") != NULL,
          "a description over 1 MiB is refused");
  ferry_error_clear ();
  tap_ok (ferry_p2v_description_parse (with_nul, sizeof with_nul - 1) == NULL
          && strstr (ferry_error_get (), "NUL byte") != NULL,
          "a NUL byte is refused");
}

static void
check_helpers (void)
{
  g_autofree char *bare = make ("", "", "", "");
  size_t i;
  g_autoptr (ferry_p2v_description) d =
    ferry_p2v_description_parse (bare, strlen (bare));

  tap_ok (d != NULL && d->output_format == FERRY_FORMAT_RAW &&
          d->output_alloc == FERRY_ALLOC_SPARSE,
          "without of and oa, the disks are raw and sparse");
  tap_ok (ferry_p2v_output_lookup ("local") != NULL &&
          ferry_p2v_output_lookup ("null") != NULL &&
          ferry_p2v_output_lookup ("libvirt") == NULL &&
          ferry_p2v_output_lookup ("nonesuch") == NULL,
          "only the server's outputs can be chosen");
  for (i = 0; ferry_output_modules[i] != NULL; i++)
    if ((ferry_p2v_output_lookup (ferry_output_modules[i]->name) != NULL) !=
        ferry_output_modules[i]->p2v)
      break;
  tap_ok (ferry_output_modules[i] == NULL,
          "a client may choose the outputs whose table entry says so%s%s",
          ferry_output_modules[i] ? ", not -o " : "",
          ferry_output_modules[i] ? ferry_output_modules[i]->name : "");
  tap_ok (ferry_p2v_check_storage ("") && ferry_p2v_check_storage ("a/b") &&
          !ferry_p2v_check_storage ("..") &&
          !ferry_p2v_check_storage ("a/../b") &&
          !ferry_p2v_check_storage ("/") &&
          !ferry_p2v_check_storage ("a\nb"),
          "ferry_p2v_check_storage");
}

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (machine_cases) + G_N_ELEMENTS (text_cases) +
            G_N_ELEMENTS (field_cases) + G_N_ELEMENTS (nic_cases) + 6 + 3 + 4);
  for (i = 0; i < G_N_ELEMENTS (machine_cases); i++) {
    g_autofree char *label = g_strdup_printf ("[machine] %s",
                                              machine_cases[i].machine);
    check_bad (machine_cases[i].machine, "", "", "", machine_cases[i].error,
               label);
  }
  for (i = 0; i < G_N_ELEMENTS (text_cases); i++)
    check_text (text_cases[i].text, text_cases[i].error, i);
  for (i = 0; i < G_N_ELEMENTS (field_cases); i++)
    check_field (field_cases[i].group, field_cases[i].line,
                 field_cases[i].error, i);
  check_nics ();
  check_model ();
  check_limits ();
  check_helpers ();
  return tap_done ();
}

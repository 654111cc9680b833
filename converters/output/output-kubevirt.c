/* ferry: -o kubevirt, disks and a KubeVirt VirtualMachine.
 *
 * Writes each disk as -o local does (DIR/NAME-sda, ...), raw, and
 * DIR/NAME.yaml: one KubeVirt VirtualMachine (kubevirt.io/v1), stopped
 * (runStrategy Halted), whose volumes are hostDisk entries naming those
 * files.  Its metadata.name is the guest's name made a DNS-1123 label
 * (ferry_output_kubevirt_name); the guest's own name, its libosinfo id,
 * product and conversion's notes are annotations.
 *
 * The document is YAML in block style with fixed keys; every string is
 * a double-quoted YAML scalar in plain ASCII: '"', '\', control
 * characters and everything beyond ASCII are escapes (\x, \u, \U), and
 * bytes that are not UTF-8 become U+FFFD.  Whatever the source or the
 * guest held, the file parses, with YAML 1.1 and 1.2 parsers alike, to
 * the same strings.
 *
 * KubeVirt has no IDE: the emulated fallback puts the disks on SATA.  It
 * has q35 only, which boots the fallback's e1000 too.  CD-ROM drives are
 * left out: each KubeVirt disk needs a volume, and the media stayed on
 * the old host.
 */

#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "output.h"
#include "network.h"
#include "errors.h"
#include "banned.h"

#define ANNOTATION "ferry.invalid/"

/* S as a double-quoted YAML scalar, in ASCII, or "" for NULL. */
static void
yaml_string (GString *out, const char *s)
{
  const char *p = s ? s : "";
  const char *end = p + strlen (p);

  g_string_append_c (out, '"');
  while (p < end) {
    gunichar c = g_utf8_get_char_validated (p, end - p);

    if (c == (gunichar) -1 || c == (gunichar) -2) {
      c = 0xfffd;               /* not UTF-8: one byte replaced */
      p++;
    }
    else
      p = g_utf8_next_char (p);

    if (c == '"' || c == '\\')
      g_string_append_printf (out, "\\%c", (char) c);
    else if (c == '\n')
      g_string_append (out, "\\n");
    else if (c == '\t')
      g_string_append (out, "\\t");
    else if (c == '\r')
      g_string_append (out, "\\r");
    else if (c < 0x20 || c == 0x7f)
      g_string_append_printf (out, "\\x%02x", (unsigned) c);
    else if (c < 0x7f)
      g_string_append_c (out, (char) c);
    else if (c <= 0xffff)
      g_string_append_printf (out, "\\u%04x", (unsigned) c);
    else
      g_string_append_printf (out, "\\U%08x", (unsigned) c);
  }
  g_string_append_c (out, '"');
}

/* INDENT KEY: "VALUE" */
static void
string_field (GString *out, int indent, const char *key, const char *value)
{
  g_string_append_printf (out, "%*s%s: ", indent, "", key);
  yaml_string (out, value);
  g_string_append_c (out, '\n');
}

char *
ferry_output_kubevirt_name (const char *name)
{
  GString *label = g_string_new (NULL);
  bool separate = false;
  const char *p;

  /* Letters and digits stay, lower-cased; every run of anything else
   * (punctuation, spaces, bytes beyond ASCII) becomes one '-' between
   * them.
   */
  for (p = name; *p != '\0'; p++) {
    if (!g_ascii_isalnum (*p)) {
      separate = true;
      continue;
    }
    if (separate && label->len > 0)
      g_string_append_c (label, '-');
    separate = false;
    g_string_append_c (label, g_ascii_tolower (*p));
  }
  if (label->len > 63)
    g_string_truncate (label, 63);
  while (label->len > 0 && label->str[label->len - 1] == '-')
    g_string_truncate (label, label->len - 1);
  if (label->len == 0)
    g_string_assign (label, "guest");
  return g_string_free (label, FALSE);
}

/* A Kubernetes quantity for BYTES, in the largest binary unit that holds
 * it exactly.
 */
static char *
memory_quantity (uint64_t bytes)
{
  if (bytes != 0 && bytes % (UINT64_C (1) << 20) == 0)
    return g_strdup_printf ("%" PRIu64 "Mi", bytes >> 20);
  if (bytes != 0 && bytes % 1024 == 0)
    return g_strdup_printf ("%" PRIu64 "Ki", bytes >> 10);
  return g_strdup_printf ("%" PRIu64, bytes);
}

/* KubeVirt's name for the bus of the target's disks. */
static const char *
disk_bus (enum ferry_bus bus)
{
  switch (bus) {
  case FERRY_BUS_VIRTIO: return "virtio";
  case FERRY_BUS_SCSI: return "scsi";
  default: return "sata";     /* IDE, and anything else: no IDE there */
  }
}

static void
write_metadata (GString *out, const char *name,
                const struct ferry_target *target)
{
  g_autofree char *label = ferry_output_kubevirt_name (name);
  size_t i;

  g_string_append (out, "metadata:\n");
  string_field (out, 2, "name", label);
  g_string_append (out, "  annotations:\n");
  string_field (out, 4, ANNOTATION "guest-name", name);
  if (target->inspection.osinfo != NULL)
    string_field (out, 4, ANNOTATION "osinfo", target->inspection.osinfo);
  if (target->inspection.product_name != NULL)
    string_field (out, 4, ANNOTATION "product",
                  target->inspection.product_name);
  string_field (out, 4, ANNOTATION "virtio",
                target->virtio ? "true" : "false");
  if (target->notes->len > 0) {
    g_autoptr (GString) notes = g_string_new (NULL);

    for (i = 0; i < target->notes->len; i++)
      g_string_append_printf (notes, "%s%s", i ? "\n" : "",
                              (const char *) target->notes->pdata[i]);
    string_field (out, 4, ANNOTATION "notes", notes->str);
  }
}

/* spec.template.spec.domain, at indent 6. */
static void
write_domain (GString *out, const struct ferry_source *source,
              const struct ferry_target *target, size_t ndisks, int pod)
{
  g_autofree char *memory = memory_quantity (source->memory);
  unsigned sockets = source->sockets ? source->sockets : 1;
  unsigned cores = source->sockets ? source->cores : source->vcpus;
  bool uefi = target->firmware == FERRY_FIRMWARE_UEFI;
  bool secure_boot = uefi && source->secure_boot;
  size_t i;

  g_string_append (out, "      domain:\n");
  g_string_append_printf (out,
                          "        cpu:\n"
                          "          sockets: %u\n"
                          "          cores: %u\n"
                          "          threads: 1\n", sockets, cores ? cores : 1);
  g_string_append (out, "        memory:\n");
  string_field (out, 10, "guest", memory);
  g_string_append (out, "        resources:\n"
                   "          requests:\n");
  string_field (out, 12, "memory", memory);
  g_string_append (out, "        firmware:\n"
                   "          bootloader:\n");
  if (uefi)
    g_string_append_printf (out, "            efi:\n"
                            "              secureBoot: %s\n",
                            secure_boot ? "true" : "false");
  else
    g_string_append (out, "            bios: {}\n");
  /* KubeVirt refuses secure boot without SMM. */
  if (secure_boot)
    g_string_append (out, "        features:\n"
                     "          smm:\n"
                     "            enabled: true\n");
  g_string_append (out, "        machine:\n");
  string_field (out, 10, "type", "q35");

  g_string_append (out, "        devices:\n");
  g_string_append (out, ndisks ? "          disks:\n" : "          disks: []\n");
  for (i = 0; i < ndisks; i++) {
    g_autofree char *id = g_strdup_printf ("disk-%zu", i);

    g_string_append (out, "            - ");
    string_field (out, 0, "name", id);
    g_string_append (out, "              disk:\n");
    string_field (out, 16, "bus", disk_bus (target->disk_bus));
  }
  g_string_append (out, target->nics->len
                   ? "          interfaces:\n" : "          interfaces: []\n");
  for (i = 0; i < target->nics->len; i++) {
    const struct ferry_target_nic *nic = target->nics->pdata[i];
    g_autofree char *id = g_strdup_printf ("net%zu", i);

    g_string_append (out, "            - ");
    string_field (out, 0, "name", id);
    /* The pod network is masqueraded; the others are bridged to their
     * Multus network.
     */
    g_string_append_printf (out, "              %s: {}\n",
                            (int) i == pod ? "masquerade" : "bridge");
    string_field (out, 14, "model", target->nic_model);
    if (nic->mac != NULL)
      string_field (out, 14, "macAddress", nic->mac);
  }
  if (target->virtio)
    g_string_append (out, "          rng: {}\n");
}

char *
ferry_output_kubevirt_yaml (const char *name,
                            const struct ferry_source *source,
                            const struct ferry_target *target,
                            char *const *disks)
{
  GString *out = g_string_new (NULL);
  size_t i, ndisks = 0;
  int pod = -1;

  while (disks[ndisks] != NULL)
    ndisks++;
  /* The first NIC no option mapped goes on the pod network; the others
   * go on the Multus network of their name.
   */
  for (i = 0; i < target->nics->len && pod == -1; i++)
    if (!((const struct ferry_target_nic *) target->nics->pdata[i])->mapped)
      pod = i;

  g_string_append_printf (out, "# KubeVirt VirtualMachine written by "
                          "ferry-v2v %s\n", FERRY_VERSION);
  g_string_append (out, "apiVersion: kubevirt.io/v1\n"
                   "kind: VirtualMachine\n");
  write_metadata (out, name, target);
  g_string_append (out, "spec:\n"
                   "  runStrategy: Halted\n"
                   "  template:\n"
                   "    spec:\n");
  write_domain (out, source, target, ndisks, pod);

  g_string_append (out, target->nics->len
                   ? "      networks:\n" : "      networks: []\n");
  for (i = 0; i < target->nics->len; i++) {
    const struct ferry_target_nic *nic = target->nics->pdata[i];
    g_autofree char *id = g_strdup_printf ("net%zu", i);

    g_string_append (out, "        - ");
    string_field (out, 0, "name", id);
    if ((int) i == pod)
      g_string_append (out, "          pod: {}\n");
    else {
      g_string_append (out, "          multus:\n");
      string_field (out, 12, "networkName", nic->vnet);
    }
  }

  g_string_append (out, ndisks ? "      volumes:\n" : "      volumes: []\n");
  for (i = 0; i < ndisks; i++) {
    g_autofree char *id = g_strdup_printf ("disk-%zu", i);

    g_string_append (out, "        - ");
    string_field (out, 0, "name", id);
    g_string_append (out, "          hostDisk:\n");
    string_field (out, 12, "path", disks[i]);
    string_field (out, 12, "type", "Disk");
  }
  return g_string_free (out, FALSE);
}

static int
kubevirt_setup (struct ferry_output *out)
{
  static const char *const metadata[] = { ".yaml", NULL };

  /* KubeVirt reads a hostDisk as a raw image. */
  if (out->options.format != FERRY_FORMAT_RAW) {
    ferry_error ("-of '%s': -o kubevirt writes raw disks only (KubeVirt "
                 "reads hostDisk volumes as raw images)",
                 ferry_output_format_name (out->options.format));
    return -1;
  }
  return ferry_output_local_disks (out, metadata);
}

static int
kubevirt_write_metadata (struct ferry_output *out,
                         const struct ferry_target *target)
{
  g_autofree char *text = NULL;

  g_ptr_array_add (out->disk_final, NULL);
  text = ferry_output_kubevirt_yaml (out->name, out->source, target,
                                     (char *const *) out->disk_final->pdata);
  g_ptr_array_remove_index (out->disk_final, out->disk_final->len - 1);
  return ferry_output_write_metadata_file (out, ".yaml", text, 0644);
}

const struct ferry_output_module ferry_output_kubevirt = {
  .name = "kubevirt",
  .description = "disks and a KubeVirt VirtualMachine in YAML (-os DIR)",
  .needs_storage = true,
  .p2v = true,
  .setup = kubevirt_setup,
  .write_metadata = kubevirt_write_metadata,
};

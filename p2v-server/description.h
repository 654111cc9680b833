/* ferry-p2v-server: the machine's description, as the client sends it.
 *
 * The description is a GLib key file (docs/p2v-protocol.md, "The
 * description"): the machine in [machine], each disk in [disk N], each
 * NIC in [nic N], and the output options in [output].  It crosses the
 * network, so it is parsed strictly: an unknown group or key, a key given
 * twice, a number with anything but decimal digits, a value out of its
 * limits, a name that could escape a folder or break a line of the
 * protocol, all refuse the whole description with one error that names
 * the group and the key.
 *
 * Parsing touches no file: whether the output folder exists and stays
 * inside the output root is job.h's business (ferry_p2v_confine_storage).
 */
#ifndef FERRY_P2V_DESCRIPTION_H
#define FERRY_P2V_DESCRIPTION_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "network.h"
#include "output.h"
#include "source.h"

/* Limits of a description. */
#define FERRY_P2V_DESCRIPTION_MAX_SIZE (1024 * 1024)   /* bytes */
#define FERRY_P2V_MAX_DISKS 64
#define FERRY_P2V_MAX_NICS 64

struct ferry_p2v_description {
  /* The machine: name, memory, vcpus, firmware (UNKNOWN when the client
   * did not say: inspection decides), sockets and cores (both 0 when not
   * given), and one entry per disk and NIC, in index order.  Each disk
   * has format "raw", its virtual_size, its target (the machine's name
   * for it, "sda"), and location NULL until the job knows its socket
   * (ferry_p2v_job_disk_uri).  Each NIC has its MAC (normalized, or
   * NULL), its network (the libvirt network or host bridge it goes on,
   * "default" when not given) and connection "bridged" for a bridge.
   */
  struct ferry_source *source;

  /* [output]: the module (one of those ferry_p2v_output_lookup accepts),
   * -of, -oa (raw and sparse when not given), -os (relative to the output
   * root, ""
   * for the root itself; checked for form only), -on (or NULL), the -oo
   * options (NULL-terminated, never NULL) and the NIC mapping: the
   * "networks" -n specs, plus -b NAME:NAME for each bridge a NIC names.
   */
  const struct ferry_output_module *output;
  enum ferry_output_format output_format;
  enum ferry_output_alloc output_alloc;
  char *output_storage;
  char *output_name;
  char **output_options;
  struct ferry_network_map *networks;
};

/* Parse the LEN bytes of TEXT (which need not end in NUL).  Returns a new
 * description, or NULL with an error "description: ..." naming the group
 * and the key at fault.
 */
struct ferry_p2v_description *ferry_p2v_description_parse (const char *text,
                                                           size_t len);

void ferry_p2v_description_free (struct ferry_p2v_description *d);
typedef struct ferry_p2v_description ferry_p2v_description;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_p2v_description,
                               ferry_p2v_description_free)

/* The output module NAME if a client may choose it (its p2v field says
 * so, output.h), else NULL.
 */
const struct ferry_output_module *ferry_p2v_output_lookup (const char *name);

/* Is STORAGE acceptable in form as -os: relative, without a ".."
 * component or control characters, at most 1024 bytes?  "" is the root
 * itself.  If not, set the error "-os 'STORAGE': why" and return false.
 */
bool ferry_p2v_check_storage (const char *storage);

#endif /* FERRY_P2V_DESCRIPTION_H */

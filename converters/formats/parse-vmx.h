/* ferry: VMware .vmx files.
 *
 * A VMX file is what VMware (ESXi, Workstation, Fusion) writes to describe
 * a virtual machine: one setting per line, `key = "value"`.  This module
 * parses that text and turns it into a source model (source.h).
 *
 * The syntax, as VMware writes it and as this parser accepts it:
 *   - lines end with LF (a CR before it is dropped); leading and trailing
 *     spaces and tabs are ignored; blank lines and lines starting with '#'
 *     (a "#!/usr/bin/vmware" first line too) are skipped;
 *   - a key is a run of printable ASCII other than '=', '"' and '#':
 *     letters, digits, '.', ':', '_', '-', even '*' (`pciPassthru*.present`)
 *     and a leading dot (`.encoding`).  Keys are compared without regard
 *     to case: they are stored lower-cased;
 *   - the value is always in double quotes and keeps its case.  Inside
 *     it, "|XX" (two hex digits) stands for the byte 0xXX: "|22" is '"',
 *     "|7C" is '|', "|0A" a newline.  A '|' not followed by two hex digits
 *     is kept as it is.  "|00" is refused (values are C strings);
 *   - when a key appears twice, the last line wins.
 * Anything else on a line (no '=', no quotes, text after the closing
 * quote) makes the whole file invalid, with an error naming the file and
 * the line.
 *
 * Keys form a tree on '.': `ide1:0.present = "FALSE"` switches off the
 * device ide1:0, and then every key below it (ide1:0.fileName,
 * ide1:0.foo.bar) reads as absent.  The "present" key itself stays
 * readable, so that callers can tell "switched off" from "never there".
 * Only '.' separates levels: scsi0.present does not hide scsi0:0.*.
 *
 * The text is untrusted: every length is bounded (below), nothing
 * recurses on the input, and a NUL byte anywhere makes it invalid.
 */
#ifndef FERRY_VMX_H
#define FERRY_VMX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "source.h"

/* Bounds on what the parser accepts.  Real VMX files are a few KiB; the
 * largest values are guestinfo blobs (cloud-init or Ignition
 * configurations, base64) of a few hundred KiB.
 */
#define FERRY_VMX_MAX_SIZE    (16u << 20)  /* bytes in a file */
#define FERRY_VMX_MAX_LINE    (1u << 20)   /* bytes in a line */
#define FERRY_VMX_MAX_KEY     512          /* bytes in a key */
#define FERRY_VMX_MAX_ENTRIES 100000       /* lines with a key */

struct ferry_vmx;

/* Parse BUF (LEN bytes, not necessarily NUL-terminated).  FILE is the
 * name used in error messages ("cannot parse 'FILE' line N: ...").
 * Returns a new ferry_vmx, or NULL with the error set.
 */
struct ferry_vmx *ferry_vmx_parse (const char *buf, size_t len,
                                   const char *file);
void ferry_vmx_free (struct ferry_vmx *vmx);
typedef struct ferry_vmx ferry_vmx;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_vmx, ferry_vmx_free)

/* The file name given to ferry_vmx_parse. */
const char *ferry_vmx_file (const struct ferry_vmx *vmx);

/* How many keys the file sets (each key once), hidden ones included. */
size_t ferry_vmx_count (const struct ferry_vmx *vmx);

/* The decoded value of KEY (in any case), or NULL when the file does not
 * set it or a "present" switch hides it.  The string belongs to VMX.
 */
const char *ferry_vmx_get (const struct ferry_vmx *vmx, const char *key);

/* Same, the key built from a printf format. */
const char *ferry_vmx_getf (const struct ferry_vmx *vmx, const char *fmt, ...)
  G_GNUC_PRINTF (2, 3);

/* The line that set KEY, or 0 when ferry_vmx_get would return NULL. */
size_t ferry_vmx_line (const struct ferry_vmx *vmx, const char *key);

/* A VMX boolean: "true" or "false" in any case (VMware writes "TRUE",
 * older files "true", some "False"), also "yes"/"no" and "1"/"0".
 * Returns 1, 0, or -1 when VALUE (which may be NULL) is none of these.
 */
int ferry_vmx_parse_bool (const char *value);

/* KEY as a boolean into *VALUE: DEFAULT when KEY is absent (or hidden).
 * Returns 0, or -1 with an error naming the file, line and key when the
 * value is not a boolean.
 */
int ferry_vmx_get_bool (const struct ferry_vmx *vmx, const char *key,
                        bool default_value, bool *value);

/* KEY as a decimal number from MIN to MAX into *VALUE: DEFAULT when KEY
 * is absent (or hidden).  Only digits are accepted (no sign, no spaces).
 * Returns 0, or -1 with an error naming the file, line and key when the
 * value is not a number or is out of range (overflow included).
 */
int ferry_vmx_get_uint (const struct ferry_vmx *vmx, const char *key,
                        uint64_t min, uint64_t max, uint64_t default_value,
                        uint64_t *value);

/* The largest N (at most LIMIT) such that some readable key starts with
 * PREFIX (lower case), then N in decimal, then '.'; -1 when there is
 * none.  For example PREFIX "ethernet" finds ethernet9 in
 * "ethernet9.present".
 */
long ferry_vmx_max_index (const struct ferry_vmx *vmx, const char *prefix,
                          long limit);

/* Build the source model that VMX describes, as libvirt's VMX driver and
 * virt-v2v read it:
 *   - name from displayName, else FALLBACK_NAME; memory from memsize
 *     (MiB, 32 MiB when absent); vCPUs from numvcpus (1 when absent) and
 *     the topology from cpuid.coresPerSocket; firmware UEFI when
 *     `firmware = "efi"`, else BIOS; secure boot from
 *     uefi.secureBoot.enabled; guest_os from guestOS; video "vmvga"
 *     unless svga.present is false;
 *   - devices count only with `DEV.present = "TRUE"`, and on SCSI, SATA
 *     and NVMe only when their controller (scsiN, sataN, nvmeN) is
 *     present too.  Devices in "client" mode (clientDevice, the CD drive
 *     of the machine running the vSphere client) are left out;
 *   - hard disks, in the order SCSI (controllers 0-3, units 0-15 but 7,
 *     or 0-64 from virtualHW.version 13), IDE (buses 0-1, units 0-1),
 *     SATA (controllers 0-3, units 0-29), NVMe (controllers 0-3, units
 *     0-63), each with its source target name (see the corpus README:
 *     sd, hd, nvmeXnY) and its VMX device ("scsi0:0") as input_name,
 *     format "vmdk" for a .vmdk file, else NULL (probe later).  Generic
 *     SCSI passthrough devices (tapes, changers) are left out;
 *   - CD-ROMs (an .iso file, deviceType cdrom-* or atapi-cdrom, an empty
 *     or missing file name, emptyBackingString, /vmfs/devices/cdrom/
 *     passthrough) and floppies (floppy0, floppy1) go to
 *     source->removables, with the image file as location, or NULL when
 *     the drive is empty or backed by a host device;
 *   - NICs ethernet0 upwards: MAC from `address` (static) or
 *     `generatedAddress`, lower-cased; model from virtualDev ("vmxnet2"
 *     for vmxnet with features 15); network from networkName;
 *     connection from connectionType, lower-cased, or "vds" (a
 *     dvs.switchId), "bridged" (a networkName) or "null" (neither).
 * File names are resolved against FOLDER when relative and kept
 * otherwise; no file is opened.  Returns a new source, or NULL with an
 * error naming the file, line and key that is wrong.
 */
struct ferry_source *ferry_vmx_source (const struct ferry_vmx *vmx,
                                       const char *folder,
                                       const char *fallback_name);

#endif /* FERRY_VMX_H */

/* ferry: libvirt domain XML as input.
 *
 * A libvirt domain XML ("virsh dumpxml", or one ferry-p2v-server writes
 * for a physical machine whose disks arrive over NBD) describes a guest
 * completely.  This module parses that text with libxml2 and turns it
 * into a source model (source.h).  It reads the description only: no disk
 * is opened.
 *
 * The text is untrusted, so libxml2 runs with its network access off
 * (XML_PARSE_NONET), entities left unexpanded, no DTD loaded and its own
 * limits on depth and text sizes (no XML_PARSE_HUGE).  A document with a
 * <!DOCTYPE> is refused as soon as the parser meets it, before any entity
 * it declares is read: libvirt never writes one.  The size of the text is
 * bounded too (FERRY_LIBVIRTXML_MAX_SIZE).
 *
 * What is read, as libvirt and virt-v2v read it:
 *   - <name> (required); <memory> (required) with its unit attribute:
 *     KiB by default, and libvirt's units in any case: b or bytes, KB,
 *     k or KiB, MB, M or MiB, GB, G or GiB, TB, T or TiB, PB, P or PiB,
 *     EB, E or EiB; <vcpu> (1 when absent, at most 4096) and the
 *     topology in <cpu><topology> when its sockets * cores (one die, one
 *     thread) is the vCPU count;
 *   - the firmware: <os firmware='efi'> or a <loader type='pflash'> is
 *     UEFI, <os firmware='bios'> or <loader type='rom'> is BIOS; neither
 *     leaves it unknown (decided by inspection).  Secure boot from
 *     <loader secure='yes'> or a <firmware><feature name='secure-boot'
 *     enabled='yes'/>;
 *   - the libosinfo id in <metadata> as guest_os, the first <video>
 *     model as video;
 *   - <devices><disk> in document order.  device='disk' (or 'lun') is a
 *     hard disk: type='file' (<source file>, relative names resolved
 *     against FOLDER), type='block' (<source dev>), or type='network'
 *     with <source protocol='nbd'> over TCP (<host name port>, port 10809
 *     by default) or a unix socket (<host transport='unix' socket>), and
 *     an optional export name (<source name>).  Its location is then an
 *     NBD URI that qemu opens: nbd://HOST:PORT/EXPORT or
 *     nbd+unix:///EXPORT?socket=SOCKET, percent-encoded.  The format is
 *     <driver type>: NULL (probe later) for files and block devices, raw
 *     by default over NBD, never probed.  The bus and target come from
 *     <target bus dev> (the bus guessed from the dev prefix, as libvirt
 *     does, when absent).  device='cdrom' and 'floppy' are removables:
 *     located when they hold an image file, else empty;
 *   - <interface>: <mac address> (lower-cased), the network from
 *     <source network> (type='network') or <source bridge> (type='bridge',
 *     connection "bridged"; type='user' is "nat"), <model type>.
 * Anything that cannot be converted (another disk type or protocol, NBD
 * over TLS, a hard disk without a source) is an error naming the file and
 * the line, as is any value that is not what libvirt would accept.
 */
#ifndef FERRY_LIBVIRTXML_H
#define FERRY_LIBVIRTXML_H

#include <stddef.h>

#include "source.h"

/* Bytes in a file.  Domain XML files are a few KiB; metadata can add
 * some.
 */
#define FERRY_LIBVIRTXML_MAX_SIZE (16u << 20)

/* NBD's well-known port, used when <host> names none. */
#define FERRY_NBD_DEFAULT_PORT 10809

/* Parse BUF (LEN bytes, not necessarily NUL-terminated) and build the
 * source model.  FILE is the name used in error messages; FOLDER (an
 * absolute path) is where relative file names are resolved.  Returns a
 * new source, or NULL with an error naming FILE.
 */
struct ferry_source *ferry_libvirtxml_parse (const char *buf, size_t len,
                                             const char *file,
                                             const char *folder);

/* Is LOCATION, a source disk's location, an NBD URI rather than a file? */
int ferry_libvirtxml_is_uri (const char *location);

#endif /* FERRY_LIBVIRTXML_H */

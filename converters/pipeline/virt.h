/* ferry: connections to libvirt.
 *
 * -i libvirt and -o libvirt reach libvirt only through here.  A
 * connection is opened from a URI (-ic, -oc) or from libvirt's default,
 * and libvirt's own errors become ferry errors (errors.h): the failure
 * first in ferry's words, libvirt's explanation last.  libvirt's habit of
 * printing every error on stderr as it happens is turned off, so that
 * each error is reported once, by the program's main.
 *
 * libvirt objects are released with g_autoptr: virConnect, virDomain,
 * virStoragePool, virStorageVol and virStream have cleanup functions
 * declared below.
 */
#ifndef FERRY_VIRT_H
#define FERRY_VIRT_H

#include <stdbool.h>

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* Open a connection to URI, or to libvirt's default when URI is NULL
 * (LIBVIRT_DEFAULT_URI, then libvirt's configured default, then the
 * local hypervisor).  READ_ONLY for a connection that only reads.
 * Credentials libvirt asks for (a password for a remote host) are asked
 * on the terminal, as virsh does, never taken from the command line.
 * Returns the connection, or NULL with the error set:
 *   cannot connect to libvirt at 'URI': CAUSE
 */
virConnectPtr ferry_virt_open (const char *uri, bool read_only);

/* Set the error to the message formatted from FMT, followed by ": " and
 * libvirt's last error of this thread (if it has one), and reset
 * libvirt's error.
 */
void ferry_virt_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* libvirt's last error code in this thread (VIR_ERR_NO_DOMAIN, ...), or
 * VIR_ERR_OK.  Read it before ferry_virt_error, which resets it.
 */
int ferry_virt_last_error_code (void);

/* The URI CONN is connected to (the default resolved), in a new string;
 * "the default libvirt URI" when libvirt cannot tell.
 */
char *ferry_virt_uri (virConnectPtr conn);

/* Does URI (as ferry_virt_uri gives it) reach a hypervisor on this
 * machine, whose files ferry can open itself?  True when it names no
 * host and its transport is the local unix socket (none, or "+unix"):
 * "qemu:///system", "qemu+unix:///session?socket=/run/x.sock",
 * "test:///default".  False for ssh, tls, tcp, ext ... even without a
 * host name, and for anything that is not a URI.
 */
bool ferry_virt_uri_is_local (const char *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomain, virDomainFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStoragePool, virStoragePoolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStorageVol, virStorageVolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStream, virStreamFree)

#endif /* FERRY_VIRT_H */

/* ferry: the disks of a source, read over SSH.
 *
 * With -it ssh the guest's disks are files on a remote host (a VMware
 * host's datastore).  Nothing is copied to the local host first: for each
 * hard disk ferry looks at the remote file over SFTP (parse-vmdk.h says which
 * one file holds the disk's data, and in which format), then serves that
 * file with nbdkit's ssh plugin, read-only, on a private unix socket
 * (nbdkit.h).  The disk's location becomes the NBD URI, which the
 * overlay, the appliance and the copy read as any NBD disk.
 *
 * nbdkit connects on its own, once per NBD client, with the same host,
 * port, user, known hosts file, identity and password file as the SFTP
 * session, its host key check on (verify-remote-host=true) and no SSH
 * configuration file (config=).
 */
#ifndef FERRY_SSH_DISKS_H
#define FERRY_SSH_DISKS_H

#include "confine.h"
#include "source.h"
#include "ssh.h"

/* Open every hard disk of SOURCE for the conversion.  Each location is
 * an absolute path on the host that SSH is connected to; URL names that
 * host (user, port) in messages; CONFIG says how nbdkit connects (the
 * same as SSH did).  Each location is first resolved on that host (the
 * server's realpath) and held to CONFINE (confine.h: set up with paths
 * of that host, files_only): the path served is the resolved one, and a
 * descriptor's extent must resolve inside the descriptor's folder.
 * FORMAT is -if, or NULL for the disk's own format
 * (source.h): a VMDK (see parse-vmdk.h: one sparse file, or a descriptor with
 * one flat extent) is served as vmdk or as its raw extent; another
 * format is served as it is; a disk of unknown format is refused (data
 * from the network is never probed).  Each disk's location, format and
 * virtual size are replaced by what qemu reads through nbdkit.
 *
 * Removables (never read) get their ssh:// URL as location.
 *
 * Every remote file is checked before the first nbdkit starts.  The
 * nbdkit processes are kept in source->input_data (which must be free)
 * and stopped when SOURCE is freed, whether this succeeds or not.
 * Returns 0, or -1 with an error naming the disk by its ssh:// URL.
 */
int ferry_ssh_disks_open (struct ferry_source *source, struct ferry_ssh *ssh,
                          const struct ferry_ssh_url *url,
                          const struct ferry_ssh_config *config,
                          const char *format,
                          const struct ferry_confine *confine);

/* Replace each location of SOURCE (hard disks and removables), a path on
 * URL's host, with its ssh:// URL: for --print-source.
 */
void ferry_ssh_disks_name (struct ferry_source *source,
                           const struct ferry_ssh_url *url);

#endif /* FERRY_SSH_DISKS_H */

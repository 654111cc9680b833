/* ferry: the disks an input file names stay in its folder.
 *
 * A .vmx or a libvirt domain XML is hostile input that names its disks
 * by path, and ferry-v2v runs as root.  A disk named "/etc/shadow",
 * "../../etc/passwd", a symbolic link leading out of the folder or a
 * device node would have a host file or device copied into the output.
 * So every disk such a file names must resolve, once every symbolic link
 * is followed (realpath(3)), to a regular file inside the folder of the
 * file, or below it.  Anything else is refused before any disk is
 * opened, unless the user let it through for the run with --allow-path:
 * a folder (and everything below it) or one file or block device.
 *
 * Paths are compared after resolving, component by component: "/srv/vm"
 * holds "/srv/vm" and "/srv/vm/a/b", not "/srv/vm2".
 *
 * The resolved path replaces the disk's location: the later stages open
 * exactly the path that was checked.  They open it by name, though, so
 * whoever can change the folder's files while ferry runs could still
 * swap one for a link: the rule is about what the input file says, not
 * about a folder someone rewrites under a running conversion.  A hard
 * link is a file of the folder like any other.
 */
#ifndef FERRY_CONFINE_H
#define FERRY_CONFINE_H

#include <stdbool.h>

#include <glib.h>

/* The rule for the disks of one input file. */
struct ferry_confine {
  char *file;              /* the input file as the user named it */
  char *what;              /* how messages call it: ".vmx", "XML" */
  char *folder;            /* its folder, resolved */
  char **allowed;          /* --allow-path, resolved, NULL-terminated */
  bool files_only;         /* no device, even allowed: a block device is
                            * refused as any other non-file (the disks
                            * of -it ssh, read by nbdkit's ssh plugin);
                            * false after ferry_confine_init */
};

/* How a path resolves.  Returns the absolute path PATH leads to, every
 * symbolic link followed, in a new string, or NULL with the error set
 * (naming PATH).  OPAQUE is the resolver's own.
 */
typedef char *(*ferry_confine_resolver) (const char *path, void *opaque);

/* Set up C for FILE (as the user named it, for messages; WHAT says what
 * it is), whose relative names are resolved against FOLDER, with the
 * paths of --allow-path in ALLOWED (NULL-terminated, or NULL).  FOLDER
 * and each allowed path are resolved by RESOLVE (NULL: realpath(3) on
 * this host): an allowed path that does not exist is an error.  Returns
 * 0, or -1 with the error set (C then holds nothing to clear).
 */
int ferry_confine_init (struct ferry_confine *c, const char *file,
                        const char *what, const char *folder,
                        const char *const *allowed,
                        ferry_confine_resolver resolve, void *opaque);

/* Free what C holds; C may be all zero. */
void ferry_confine_clear (struct ferry_confine *c);
typedef struct ferry_confine ferry_confine;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ferry_confine, ferry_confine_clear)

/* What a resolved path is. */
enum ferry_confine_kind {
  FERRY_CONFINE_FILE,      /* a regular file */
  FERRY_CONFINE_BLOCK,     /* a block device */
  FERRY_CONFINE_OTHER,     /* a folder, a character device, a FIFO... */
};

/* May the disk that C's file calls NAME ("scsi0:0", "sda"), written
 * there as LOCATION (absolute) and resolving to REAL, of KIND, be read?
 * A regular file inside C->folder, or anything but OTHER (and BLOCK with
 * C->files_only) inside or equal to an allowed path, may.  Returns 0, or -1 with an error naming the
 * file, the disk, the path and, when it can be let through, the
 * --allow-path that would do it:
 *   'web01.vmx': disk 'scsi0:0' names '/etc/shadow', outside the folder
 *   of the .vmx (allow it with --allow-path /etc)
 * Only compares strings: for the unit test, and for files the caller
 * resolved itself.
 */
int ferry_confine_check (const struct ferry_confine *c, const char *name,
                         const char *location, const char *real,
                         enum ferry_confine_kind kind);

/* Check the disk NAME at *LOCATION, an absolute path on this host, as
 * ferry_confine_check does after resolving it with realpath(3) and
 * looking at what it is, then replace *LOCATION with the resolved path.
 * Returns 0, or -1 with the error set (a disk that does not exist:
 * "cannot open 'LOCATION': No such file or directory").
 */
int ferry_confine_disk (const struct ferry_confine *c, const char *name,
                        char **location);

/* Is PATH equal to FOLDER or below it?  Both absolute and resolved (no
 * ".", "..", "//" or trailing '/', except "/" itself).
 */
bool ferry_confine_holds (const char *folder, const char *path);

#endif /* FERRY_CONFINE_H */

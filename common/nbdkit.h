/* ferry: serving a disk with nbdkit on a private unix socket.
 *
 * ferry reads disks that are not local files through nbdkit: a VMware
 * host's datastore over SSH (nbdkit's ssh plugin) for ferry-v2v -it ssh,
 * the physical machine's own disks for ferry-p2v.  One nbdkit process
 * serves one disk.  Its unix socket is in a private folder (mode 0700)
 * that only ferry's user can enter, so the socket needs no other access
 * control; the folder also holds nbdkit's pid file and its log (what
 * nbdkit writes on stderr), and nothing else.
 *
 * nbdkit runs in the foreground as ferry's child, with --exit-with-parent:
 * if ferry dies, nbdkit dies with it.  Because Linux ties that to the
 * thread that started the child, start nbdkit from a thread that lives
 * at least as long as the server is needed (the main thread).  The
 * folder and its files are registered with tempfiles.h, so a fatal signal
 * removes them too.
 */
#ifndef FERRY_NBDKIT_H
#define FERRY_NBDKIT_H

#include <stdbool.h>

#include <glib.h>

struct ferry_nbdkit;

/* Start nbdkit with ARGS: "[--filter=FILTER...] PLUGIN [KEY=VALUE...]",
 * NULL-terminated (ferry adds the socket, pid file and
 * --exit-with-parent), read-only when READONLY, and wait until it accepts
 * connections.  Secrets must not be in ARGS (they are visible to every
 * user in the process list, and in -x traces): pass them in files
 * (password=+FILE).  Returns the running server, or NULL with the error
 * set (nbdkit's own message quoted when it failed to start).
 */
struct ferry_nbdkit *ferry_nbdkit_start (const char *const *args,
                                         bool readonly);

/* Stop the server (SIGTERM, then SIGKILL), reap it, remove its folder and
 * free NBDKIT.  NULL is allowed.
 */
void ferry_nbdkit_stop (struct ferry_nbdkit *nbdkit);
typedef struct ferry_nbdkit ferry_nbdkit;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_nbdkit, ferry_nbdkit_stop)

/* The NBD URI qemu and libnbd open: "nbd+unix:///?socket=PATH" (PATH
 * %-escaped where needed).  Belongs to NBDKIT.
 */
const char *ferry_nbdkit_uri (const struct ferry_nbdkit *nbdkit);

/* The socket's path.  Belongs to NBDKIT. */
const char *ferry_nbdkit_socket (const struct ferry_nbdkit *nbdkit);

/* The last line nbdkit wrote on its standard error (an error of the
 * plugin while a client was connected, say), in a new string, empty when
 * it wrote nothing.
 */
char *ferry_nbdkit_last_error (const struct ferry_nbdkit *nbdkit);

#endif /* FERRY_NBDKIT_H */

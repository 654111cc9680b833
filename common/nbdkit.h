/* ferry: serving a disk with nbdkit on a private unix socket.
 *
 * ferry reads disks that are not local files through nbdkit: a VMware
 * host's datastore over SSH (nbdkit's ssh plugin) for ferry-v2v -it ssh,
 * the physical machine's own disks for ferry-p2v, the disks a P2V client
 * sends for ferry-p2v-server (the nbd plugin on the data channel).  One
 * nbdkit process serves one disk.  Its unix socket is in a private folder
 * (mode 0700) that only ferry's user can enter, so the socket needs no
 * other access control; the folder also holds nbdkit's pid file and its
 * log (what nbdkit writes on stdout and stderr), and nothing else.
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

/* The private folder's name (a mkdtemp template) and the socket's name in
 * it.
 */
#define FERRY_NBDKIT_FOLDER_TEMPLATE "ferry-nbdkit.XXXXXX"
#define FERRY_NBDKIT_SOCKET_NAME "nbd.sock"

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

/* How ferry_nbdkit_spawn starts nbdkit, beyond ferry_nbdkit_start. */
struct ferry_nbdkit_options {
  bool readonly;
  /* The folder the private folder is made in, or NULL for the temporary
   * folder (TMPDIR).  ferry_nbdkit_publish renames the socket: give the
   * folder of its public name.
   */
  const char *folder;
  /* A descriptor nbdkit gets as its descriptor 3 (for the nbd plugin's
   * socket-fd=3), or -1.  It stays the caller's: close it once nbdkit
   * runs.
   */
  int pass_fd;
};

/* Start nbdkit as ferry_nbdkit_start does, but return at once, before it
 * is ready, for a server that needs its caller meanwhile: the nbd plugin
 * on socket-fd=3 talks to the other end of that socket (its upstream
 * server) before nbdkit listens.  Call ferry_nbdkit_ready until it
 * returns 1.  NULL with the error set if it cannot be started.
 */
struct ferry_nbdkit *
ferry_nbdkit_spawn (const char *const *args,
                    const struct ferry_nbdkit_options *options);

/* Is NBDKIT ready: does it accept connections?  Returns 1 when it does,
 * 0 not yet, or -1 with the error set when it failed to start (nbdkit's
 * own message quoted) or did not start listening within a minute.
 * Does not wait.
 */
int ferry_nbdkit_ready (struct ferry_nbdkit *nbdkit);

/* Is NBDKIT still running?  Returns 0, or -1 with the error set once it
 * has ended: "nbdkit ended (exit status 1): LAST LINE OF ITS LOG".
 */
int ferry_nbdkit_check (struct ferry_nbdkit *nbdkit);

/* Give the socket of a ready NBDKIT its public name PATH, in the folder
 * of options.folder: a rename, so that a socket under that name always
 * accepts connections, and that never replaces a file (PATH must not
 * exist).  From then on ferry_nbdkit_socket and ferry_nbdkit_uri name
 * PATH, and ferry_nbdkit_stop removes it.  Returns 0 or -1 with the
 * error set.
 */
int ferry_nbdkit_publish (struct ferry_nbdkit *nbdkit, const char *path);

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

/* Everything nbdkit wrote on its standard output and error so far, in a
 * new string (empty when nothing).
 */
char *ferry_nbdkit_messages (const struct ferry_nbdkit *nbdkit);

#endif /* FERRY_NBDKIT_H */

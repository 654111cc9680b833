/* ferry: removing half-written files when the program is killed.
 *
 * Files ferry writes under temporary names (output disks, metadata,
 * overlays) are registered here while they exist.  If the program is
 * stopped by SIGINT, SIGTERM, SIGHUP or SIGPIPE (its output closed), the
 * signal handler removes every
 * registered file and folder (unlink and rmdir are async-signal-safe) and
 * then lets the signal end the program as it would have.
 *
 * The child ferry is waiting for (a qemu-img copy, say) is killed first,
 * so that it does not go on filling the disk with a file already removed.
 * Signals that were ignored when the program started (nohup) stay
 * ignored.
 *
 * Registration blocks those signals while it changes the table, so the
 * handler always sees a consistent table.  The table holds the caller's
 * pointers: a path must stay allocated until it is unregistered.
 */
#ifndef FERRY_TEMPFILES_H
#define FERRY_TEMPFILES_H

#include <stdbool.h>

/* Install the signal handlers.  Called once by main. */
void ferry_tempfiles_install (void);

/* Remove PATH (a file, or with IS_DIR an empty folder) if a fatal signal
 * arrives.  Returns 0, or -1 with the error set when the table is full.
 */
int ferry_tempfile_register (const char *path, bool is_dir);

/* Forget PATH (the same pointer that was registered). */
void ferry_tempfile_unregister (const char *path);

/* The child process being waited for, or 0 for none (command.c). */
void ferry_tempfiles_set_child (int pid);

#endif /* FERRY_TEMPFILES_H */

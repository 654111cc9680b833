/* ferry-p2v-server: the control session of one conversion ("convert").
 *
 * The client sends the machine's description; the server checks it and
 * the output options, creates the job's folder, answers "job JOB", waits
 * for "start", then converts with the converter core, relaying messages,
 * warnings and per-disk progress, and ends with "done" or "failed"
 * (docs/p2v-protocol.md).
 *
 * The conversion runs in a child process of the session; the session
 * itself only watches the control channel and signals.  When the channel
 * closes (or SIGHUP, or SIGPIPE) before the end, the session stops the
 * child with SIGTERM, whose handler (common/tempfiles.h) removes every
 * file the conversion had under a temporary name, and only once the child
 * is gone marks the job failed: a status written then cannot be
 * overwritten by a conversion still running.
 */
#ifndef FERRY_P2V_CONTROL_H
#define FERRY_P2V_CONTROL_H

#include <stdbool.h>

/* Run a control session on standard input and output, for the output
 * root ROOT (as given with --root).  VERBOSE: debug messages on standard
 * error.  Returns the exit status (0: the conversion is done).
 */
int ferry_p2v_control (const char *root, bool verbose);

#endif /* FERRY_P2V_CONTROL_H */

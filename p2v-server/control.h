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
 *
 * The job belongs to this session: its token goes to this client alone,
 * in the answer "job JOB TOKEN", and the session holds the job's lock
 * while it lives.  A job waits for "start" for a limited time, and only
 * so many jobs may wait at once (struct ferry_p2v_job_limits).
 */
#ifndef FERRY_P2V_CONTROL_H
#define FERRY_P2V_CONTROL_H

#include <stdbool.h>

#include "job.h"

struct ferry_p2v_control_options {
  const char *root;        /* the output root as given with --root, or
                            * NULL */
  bool verbose;            /* debug messages on standard error */
  struct ferry_p2v_job_limits limits;
  unsigned wait_timeout_s; /* from its creation, how long a job waits for
                            * "start" before it fails */
};

/* Run a control session on standard input and output with OPTIONS.
 * Returns the exit status (0: the conversion is done).
 */
int ferry_p2v_control (const struct ferry_p2v_control_options *options);

#endif /* FERRY_P2V_CONTROL_H */

/* ferry-p2v: the engine's one entry point, and its contract with the
 * front ends.
 *
 * A front end (the headless ferry-p2v in ../headless/, the GTK wizard in
 * ../gtk/) reads the settings (settings.h), probes the machine (probe.h),
 * resolves the one against the other, and calls ferry_p2v_run with a
 * table of callbacks, an opaque pointer of its own and, if it wants to be
 * able to stop the run, a cancel handle.  One run is:
 *
 *   p2v.pre -> an nbdkit -r per chosen disk, on private unix sockets
 *     -> SSH to the conversion server (host key checked against
 *        p2v.hostkey or known_hosts, then key or password)
 *     -> "version" (the server must speak protocol 2)
 *     -> the machine's description, the disks' NBD streams through SSH
 *        channels (docs/p2v-protocol.md), the server's messages and
 *        progress
 *     -> the outcome: finished, failed or cancelled
 *     -> p2v.post after finished, p2v.fail after failed, nothing after
 *        cancelled.
 *
 * The engine never speaks for itself: it prints nothing, on stdout or
 * stderr, and includes no GTK.  Everything the user may see goes through
 * the callbacks; what to show, and how, is the front end's business.
 * (tests/test-p2v-layers.sh checks the engine's objects for printing
 * functions; test-engine.c checks this contract.)
 *
 * THREADS.  ferry_p2v_run runs on the thread that calls it, "the engine's
 * thread", and returns when the run is over.  Every callback is called on
 * that thread, from inside ferry_p2v_run, one at a time, never after it
 * returned.  The GTK wizard calls ferry_p2v_run on a worker thread and
 * moves each callback onto its main loop with g_idle_add (copying the
 * strings first: see below); the headless front end calls it on its main
 * thread and prints from the callbacks directly.  The engine moves the
 * disks' data on the same thread between two callbacks, so a callback
 * must return quickly and must not call ferry_p2v_run.  The engine's
 * thread must be the one that lives for the whole run (it is, as long as
 * ferry_p2v_run has not returned): the local nbdkits are tied to it with
 * --exit-with-parent (see nbdkit.h).
 *
 * STRINGS.  Every string passed to a callback belongs to the engine and
 * is valid only until the callback returns: copy what you keep.  Each is
 * one line of valid UTF-8, without its newline.
 *
 * ERRORS.  A failed run reports its error once, through the failed
 * callback; the per-thread error record of the engine's thread
 * (errors.h) holds the same message when ferry_p2v_run returns.
 */
#ifndef FERRY_P2V_ENGINE_H
#define FERRY_P2V_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "settings.h"
#include "probe.h"

/* How a run ended. */
enum ferry_p2v_outcome {
  FERRY_P2V_FINISHED = 0,  /* the server converted the machine */
  FERRY_P2V_FAILED,        /* something failed, here or on the server */
  FERRY_P2V_CANCELLED,     /* the front end cancelled the run */
};

/* What a line from the server is (protocol lines "message", "warning"). */
enum ferry_p2v_message_type {
  FERRY_P2V_MESSAGE,
  FERRY_P2V_WARNING,
};

/* What a log line from the engine itself is. */
enum ferry_p2v_log_level {
  FERRY_P2V_LOG_DEBUG,     /* details, for -v (p2v.verbose) */
  FERRY_P2V_LOG_WARNING,   /* something went wrong, but not the run:
                              p2v.post or p2v.fail failed */
};

/* The engine's callbacks.  Every one may be NULL (nothing is said).
 * OPAQUE is the pointer given to ferry_p2v_run.
 */
struct ferry_p2v_callbacks {
  /* A step of the run begins, or has news: one line for the user, such
   * as "Connecting to HOST:PORT as USER", "Connected to HOST
   * (ferry-p2v-server 0.1.0)", "Converting NAME: 2 disks", "Running
   * p2v.post: poweroff", and once the disks' data has moved, "Copy: sent
   * SIZE (BYTES bytes) in SECONDS s: RATE/s, cipher CIPHER".
   */
  void (*status) (const char *text, void *opaque);

  /* DONE of TOTAL bytes of disk DISK (an index into the configuration's
   * p2v.disks, in order) are converted.  For each disk the server sends
   * a first report (DONE 0) and a last one (DONE = TOTAL), and at most
   * four a second in between.  TOTAL is the disk's size.  The rate and
   * the time left are the front end's to compute, from its own clock.
   */
  void (*progress) (size_t disk, uint64_t done, uint64_t total,
                    void *opaque);

  /* One line the conversion server sent: a status message of the
   * conversion ("Inspecting the guest") or a warning.
   */
  void (*message) (enum ferry_p2v_message_type type, const char *text,
                   void *opaque);

  /* One line from the engine itself, for the log (the GUI's log window,
   * stderr with -v).  Debug lines come whatever p2v.verbose says: the
   * front end chooses whether to show them.
   */
  void (*log) (enum ferry_p2v_log_level level, const char *text,
               void *opaque);

  /* The outcome.  Exactly one of these three is called per run, after
   * both ends are stopped (the local nbdkits stopped, the SSH connection
   * closed) and before p2v.post or p2v.fail runs; only status and log
   * may follow it (for that command).
   *
   * finished: RESULT is the metadata file the server wrote, relative to
   * its output root ("out/web01.xml"), or "" for an output that writes
   * none (-o null).
   *
   * failed: MESSAGE is the error (errors.h's form: "cannot connect to
   * 'conv:22': Connection refused", "the conversion failed on the
   * server: ...").
   *
   * cancelled: the run stopped because ferry_p2v_cancel_request was
   * called.
   */
  void (*finished) (const char *result, void *opaque);
  void (*failed) (const char *message, void *opaque);
  void (*cancelled) (void *opaque);
};

/* A cancel handle: how a front end stops a run from elsewhere, another
 * thread (the GTK wizard's Cancel button on the main loop) or a signal
 * handler (the headless front end's SIGINT and SIGTERM), with
 * ferry_p2v_cancel_request.
 *
 * Cancelling stops both ends cleanly:
 *   - the local nbdkits are stopped (and reaped);
 *   - the SSH channels and the connection are closed.  The protocol has
 *     no cancel message: the server sees its client gone, stops the
 *     conversion, removes everything it wrote (no partial output stays)
 *     and marks the job "failed: connection to the client lost";
 *   - p2v.fail does not run (nor p2v.post): a cancelled run did not
 *     fail, somebody chose to stop it.  (virt-p2v's only cancel, in its
 *     GUI, never runs p2v.fail either.)
 *   - the cancelled callback is called and ferry_p2v_run returns
 *     FERRY_P2V_CANCELLED (with the error record saying "the conversion
 *     was cancelled").
 *
 * A cancel takes effect within a fraction of a second while the engine
 * waits for the server or moves data.  A step that cannot be interrupted
 * finishes first: p2v.pre while it runs, starting a local nbdkit, and
 * opening the SSH connection (bounded by its 60 s timeout).  A cancel
 * that comes before ferry_p2v_run starts makes it return at once, with
 * nothing done (p2v.pre does not run).  A cancel after the outcome is
 * known changes nothing.
 */
struct ferry_p2v_cancel;

/* A new handle, for one run.  Returns NULL with the error set when the
 * system has no file descriptor to spare.
 */
struct ferry_p2v_cancel *ferry_p2v_cancel_new (void);

/* Free CANCEL (NULL is allowed).  Not while a run uses it. */
void ferry_p2v_cancel_free (struct ferry_p2v_cancel *cancel);
typedef struct ferry_p2v_cancel ferry_p2v_cancel;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_p2v_cancel, ferry_p2v_cancel_free)

/* Ask the run using CANCEL to stop.  Callable from any thread and from a
 * signal handler (async-signal-safe: an atomic store and a write(2) to an
 * eventfd); calling it again does nothing more.
 */
void ferry_p2v_cancel_request (struct ferry_p2v_cancel *cancel);

/* Has CANCEL been cancelled?  Async-signal-safe too. */
bool ferry_p2v_cancel_requested (const struct ferry_p2v_cancel *cancel);

/* A file descriptor that becomes readable once CANCEL is cancelled (for
 * poll; the engine's waits watch it).  Belongs to CANCEL.
 */
int ferry_p2v_cancel_fd (const struct ferry_p2v_cancel *cancel);

/* Convert MACHINE as CONFIG (already resolved against it) says, calling
 * CALLBACKS with OPAQUE as the run goes; CANCEL may be NULL (the run
 * cannot be cancelled).  Returns the outcome: the one that finished,
 * failed or cancelled reported.
 */
enum ferry_p2v_outcome ferry_p2v_run (const struct ferry_p2v_config *config,
                                      const struct ferry_p2v_machine *machine,
                                      const struct ferry_p2v_callbacks *callbacks,
                                      void *opaque,
                                      struct ferry_p2v_cancel *cancel);

/* The description of the machine sent to the server (a key file, see
 * docs/p2v-protocol.md), in a new string, or NULL with the error set.
 */
char *ferry_p2v_description (const struct ferry_p2v_config *config,
                             const struct ferry_p2v_machine *machine);

#endif /* FERRY_P2V_ENGINE_H */

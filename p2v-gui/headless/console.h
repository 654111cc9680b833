/* ferry-p2v: the headless front end's console output.
 *
 * Everything the engine says (engine.h) arrives through its callbacks;
 * the console prints it.  Status lines and the outcome go to stdout as
 * they come; while the server converts, the console shows the server's
 * messages ("server: ...") and a progress line: each disk's percent, the
 * total percent, bytes, throughput and the time left.  On a terminal the
 * line is rewritten in place; otherwise (a serial console log, a file) a
 * new line is printed at most every 10 seconds and at each disk's end, so
 * that logs stay short.  Errors, warnings and (with -v) debug lines go to
 * stderr, as "ferry-p2v: ...".
 */
#ifndef FERRY_P2V_CONSOLE_H
#define FERRY_P2V_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

struct ferry_p2v_console;

/* NDISKS disks called NAMES[I] of SIZES[I] bytes; TTY: rewrite in place;
 * VERBOSE: print the engine's debug lines.
 */
struct ferry_p2v_console *ferry_p2v_console_new (size_t ndisks,
                                                 const char *const *names,
                                                 const uint64_t *sizes,
                                                 bool tty, bool verbose);
void ferry_p2v_console_free (struct ferry_p2v_console *c);

/* The engine's callbacks, printing; their opaque pointer is the console. */
extern const struct ferry_p2v_callbacks ferry_p2v_console_callbacks;

/* The progress line for the current state, SECONDS after the copy
 * started, in a new string (exposed for the unit test).
 */
char *ferry_p2v_console_line (const struct ferry_p2v_console *c,
                              double seconds);

/* Record progress without printing (for the unit test). */
void ferry_p2v_console_set (struct ferry_p2v_console *c, size_t index,
                            uint64_t done, uint64_t total);

#endif /* FERRY_P2V_CONSOLE_H */

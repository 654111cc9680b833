/* ferry-p2v: the headless front end's console output.
 *
 * While the server converts, the console shows the server's messages
 * ("server: ...") and a progress line: each disk's percent, the total
 * percent, bytes, throughput and the time left.  On a terminal the line
 * is rewritten in place; otherwise (a serial console log, a file) a new
 * line is printed at most every 10 seconds and at each disk's end, so
 * that logs stay short.
 */
#ifndef FERRY_P2V_CONSOLE_H
#define FERRY_P2V_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transfer.h"

struct ferry_p2v_console;

/* NDISKS disks called NAMES[I] of SIZES[I] bytes; TTY: rewrite in place. */
struct ferry_p2v_console *ferry_p2v_console_new (size_t ndisks,
                                                 const char *const *names,
                                                 const uint64_t *sizes,
                                                 bool tty);
void ferry_p2v_console_free (struct ferry_p2v_console *c);

/* Callbacks for ferry_p2v_transfer that print to stdout. */
void ferry_p2v_console_events (struct ferry_p2v_console *c,
                               struct ferry_p2v_events *events);

/* End the progress line (before a final status). */
void ferry_p2v_console_finish (struct ferry_p2v_console *c);

/* The progress line for the current state, SECONDS after the copy
 * started, in a new string (exposed for the unit test).
 */
char *ferry_p2v_console_line (const struct ferry_p2v_console *c,
                              double seconds);

/* Record progress without printing (for the unit test). */
void ferry_p2v_console_set (struct ferry_p2v_console *c, size_t index,
                            uint64_t done, uint64_t total);

#endif /* FERRY_P2V_CONSOLE_H */

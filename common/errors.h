/* ferry: the per-thread last error.
 *
 * A function that fails records why, once, where the failure happens, and
 * returns -1 (or NULL).  Its callers may add context in front of the
 * message with ferry_error_prefix and return -1 in turn.  Only the
 * outermost caller (a program's main, the GUI, the P2V server) reads the
 * message with ferry_error_get and shows it.  Nothing below main prints an
 * error and also returns it.
 *
 * The record holds no control character and only UTF-8: what a message
 * quotes is escaped as ferry_text_escape does (text.h), so a name read
 * from a hostile file cannot forge lines or move a terminal's cursor.
 *
 * Messages follow one form: lowercase, no final period, the failure first,
 * the object in quotes, the cause last:
 *   cannot open 'guest.vmx': No such file or directory
 */
#ifndef FERRY_ERRORS_H
#define FERRY_ERRORS_H

#include <glib.h>

/* Replace the last error with a formatted message. */
void ferry_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* Same, with ": strerror(errnum)" appended; the errno is kept too. */
void ferry_error_errno (int errnum, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* Put "CONTEXT: " in front of the last error.  Does nothing when no error
 * has been recorded in this thread.
 */
void ferry_error_prefix (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* The last error message of this thread, or "unknown error" if none.  The
 * string belongs to the error record and lives until the next call that
 * changes it.
 */
const char *ferry_error_get (void);

/* The errno recorded with the last error, or 0. */
int ferry_error_errno_get (void);

/* Forget the last error. */
void ferry_error_clear (void);

#endif /* FERRY_ERRORS_H */

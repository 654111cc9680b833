/* ferry: running other programs.
 *
 * Every subprocess ferry starts goes through here.  A command is an argv
 * vector, never a shell string; the program is looked up in PATH.  Standard
 * input is /dev/null, standard output and standard error are captured
 * through pipes, the child is always reaped, and its wait status is decoded
 * into an exit code or an error naming the signal.
 *
 * With tracing on (ferry_command_set_trace, the -x of the programs) each
 * command line is printed on stderr before it runs.
 */
#ifndef FERRY_COMMAND_H
#define FERRY_COMMAND_H

#include <stdbool.h>
#include <glib.h>

/* Called with each line the command writes on its standard output.  Lines
 * end at '\n' or '\r' (progress meters rewrite one line with '\r'); the
 * terminator is not included.  Return 0 to go on, -1 to stop reading (the
 * command is then killed and ferry_command_run returns -1; set the error
 * before returning -1).
 */
typedef int (*ferry_command_line_fn) (const char *line, void *opaque);

/* Run ARGV to completion.
 *
 * If OUT is not NULL, *OUT receives everything the command wrote on
 * stdout (caller frees); else, if LINE_FN is not NULL, it is called for
 * each line of stdout; else stdout is discarded.  If ERR is not NULL, *ERR
 * receives its standard error (caller frees), else stderr is discarded.
 *
 * Returns the exit status (0-255) of a command that ran and exited, or -1
 * with the error set if it could not be started or was killed by a signal.
 * A non-zero exit status is not an error here: the caller decides what it
 * means and words the message.
 */
int ferry_command_run (const char *const *argv,
                       char **out, ferry_command_line_fn line_fn,
                       void *opaque, char **err);

/* Run ARGV and require exit status 0.  On failure the error names the
 * program and quotes the last line of its stderr.  OUT as above.
 */
int ferry_command_run_ok (const char *const *argv, char **out);

/* Print each command on stderr before it runs. */
void ferry_command_set_trace (bool trace);

/* The last non-empty line of TEXT, without its terminator, in a new string
 * (empty string if none).  Used to quote a failing tool's message.
 */
char *ferry_last_line (const char *text);

#endif /* FERRY_COMMAND_H */

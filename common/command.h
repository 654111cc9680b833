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

/* Background commands: servers ferry needs while it works (nbdkit).
 *
 * ferry_command_start starts ARGV and returns at once.  Standard input is
 * /dev/null; standard output and standard error both go to OUTPUT_FD (a
 * log file the caller opened; it stays the caller's), or to /dev/null
 * when OUTPUT_FD is -1.  Returns the child's process id (> 0), or -1 with
 * the error set if it could not be started.  The caller must end every
 * child it started with ferry_command_stop, which reaps it.
 */
int ferry_command_start (const char *const *argv, int output_fd);

/* The same, and the child also gets PASS_FD (which stays the caller's,
 * open) as its descriptor 3: how a plugin's socket-fd=3 reaches nbdkit.
 * PASS_FD -1 passes nothing.
 */
int ferry_command_start_passing (const char *const *argv, int output_fd,
                                 int pass_fd);

/* Has background child PID ended?  Returns 0 while it runs, 1 when it has
 * ended (it is then reaped: *STATUS is its wait status, and PID must not
 * be stopped), -1 with the error set if it cannot be waited for.
 */
int ferry_command_exited (int pid, int *status);

/* Stop background child PID: SIGTERM, then SIGKILL if it is still there
 * after TIMEOUT_MS milliseconds; always reaps it.  Returns its wait
 * status, or -1 if it could not be waited for.
 */
int ferry_command_stop (int pid, unsigned timeout_ms);

/* A wait status as words, in a new string: "exit status 1", "signal 9". */
char *ferry_command_status_text (int status);

#endif /* FERRY_COMMAND_H */

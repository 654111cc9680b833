/* ferry-p2v: one conversion, start to end, without a screen.
 *
 * The engine the headless front end (and later the GTK wizard) drives:
 *
 *   p2v.pre -> an nbdkit -r per chosen disk, on private unix sockets
 *     -> SSH to the conversion server (host key checked against
 *        p2v.hostkey or known_hosts, then key or password)
 *     -> "version" (the server must speak protocol 1)
 *     -> the machine's description, the disks' NBD streams through SSH
 *        channels, the server's messages and progress on the console
 *     -> p2v.post on success, p2v.fail on failure.
 */
#ifndef FERRY_P2V_RUN_H
#define FERRY_P2V_RUN_H

#include "settings.h"
#include "probe.h"

/* Convert MACHINE as CONFIG (resolved against it) says.  Prints progress
 * on stdout.  Returns 0, or -1 with the error set.
 */
int ferry_p2v_run (const struct ferry_p2v_config *config,
                   const struct ferry_p2v_machine *machine);

/* The description of the machine sent to the server (a key file, see
 * docs/p2v-protocol.md), in a new string, or NULL with the error set.
 */
char *ferry_p2v_description (const struct ferry_p2v_config *config,
                             const struct ferry_p2v_machine *machine);

#endif /* FERRY_P2V_RUN_H */

/* ferry-p2v: making a network port show itself.
 *
 * A machine with several network ports rarely says which socket on its
 * back is "eth1".  "Identify" blinks the port's LED (ethtool -p), so that
 * the person at the machine can see which cable goes where before
 * choosing the interfaces to convert and their target networks.  This is
 * the UI-neutral part: the command and its checks.  Nothing here prints;
 * failures set the error (errors.h).
 */
#ifndef FERRY_P2V_NIC_H
#define FERRY_P2V_NIC_H

#include <stdbool.h>

#include <glib.h>

/* The longest time ferry blinks a port, in seconds. */
#define FERRY_P2V_IDENTIFY_MAX 300

/* Is NAME a plausible interface name, as the kernel allows them (1 to 15
 * bytes, no '/', no white space, not "." or "..")?  A leading '-' is
 * refused too: the name goes on command lines.  false with the error set
 * ("not an interface name: '...'").
 */
bool ferry_p2v_nic_name_ok (const char *name);

/* The command that blinks NAME's LED for SECONDS (1 to
 * FERRY_P2V_IDENTIFY_MAX): { "ethtool", "-p", NAME, "SECONDS", NULL }, a
 * new NULL-terminated vector (g_strfreev).  NULL with the error set when
 * NAME or SECONDS is not acceptable.
 */
char **ferry_p2v_identify_argv (const char *name, unsigned seconds);

/* Blink NAME's LED for SECONDS and return when it stops (so: call it on
 * a worker thread).  0, or -1 with the error set: ethtool is not
 * installed, or the driver cannot blink ("cannot identify 'eth0':
 * Operation not supported", ethtool's own last words).
 */
int ferry_p2v_identify_nic (const char *name, unsigned seconds);

#endif /* FERRY_P2V_NIC_H */

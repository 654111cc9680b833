/* ferry: untrusted text made safe to show, and names made safe to use.
 *
 * Names and paths come from files other people made (a .vmx's
 * displayName, an OVF, a libvirt XML, a P2V client's description) and
 * end up in file names, libvirt names, YAML and JSON documents, and in
 * messages on a terminal.  A newline in a name forges lines of output; an
 * escape sequence rewrites the screen of whoever reads the message.
 */
#ifndef FERRY_TEXT_H
#define FERRY_TEXT_H

#include <stdbool.h>
#include <glib.h>

/* The longest guest name ferry accepts, in bytes. */
#define FERRY_NAME_MAX 200

/* TEXT with every byte that is not printable UTF-8 written as an escape,
 * in a new string: control characters C0 and DEL as \n, \r, \t or \xNN,
 * C1 controls (U+0080 to U+009F) as \u0080 to \u009f, bytes that are not
 * valid UTF-8 as \xNN.  With KEEP_NEWLINES, '\n' stays.  Text that holds
 * none of these comes back unchanged, and so does escaped text: escaping
 * twice is escaping once (a backslash is not escaped, so what reads as an
 * escape may have been one in the original).
 */
char *ferry_text_escape (const char *text, bool keep_newlines);

/* TEXT as messages quote a name or a path, in a new string (NULL reads
 * as ""): C escapes (g_strescape) for control characters, quotes and
 * backslashes, so that it stays on one line and its quotes cannot close
 * the message's; bytes from 0x80 up are kept, so that UTF-8 names read.
 */
char *ferry_text_cescape (const char *text);

/* Does TEXT (NUL-terminated) hold a control character, C0, DEL or C1? */
bool ferry_text_has_control (const char *text);

/* Is NAME acceptable as a guest's name, which becomes file names
 * (NAME.xml, NAME-sda), a libvirt domain name and a YAML or JSON value:
 * 1 to FERRY_NAME_MAX bytes of valid UTF-8, without control characters
 * or '/', not starting with '.'?  If not, set the error
 * "WHAT 'NAME': not a valid name: why" (NAME escaped) and return false.
 */
bool ferry_name_check (const char *what, const char *name);

#endif /* FERRY_TEXT_H */

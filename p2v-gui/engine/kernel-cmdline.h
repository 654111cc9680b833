/* ferry-p2v: splitting a kernel command line into parameters.
 *
 * ferry-p2v reads its settings from the p2v.* parameters of the kernel
 * command line (/proc/cmdline), so it must see the same parameters the
 * kernel saw.  The split follows the kernel's next_arg (lib/cmdline.c)
 * byte for byte:
 *
 *   - words are separated by runs of the kernel's white space: space,
 *     \t \n \v \f \r, and also the byte 0xa0 (the kernel's ctype table
 *     counts Latin-1's no-break space as a space);
 *   - a double quote switches "inside quotes" on and off, wherever it
 *     is in a word; white space inside quotes does not end the word;
 *   - the key is everything before the first '=' of the word, the value
 *     everything after it; a word without '=' is a bare key, a flag.  An
 *     '=' that is the very first byte of a word does not count (the
 *     kernel's quirk: "=a=b" is key "=a", value "b");
 *   - quotes are removed in three places only: a quote opening the word
 *     (and then the last byte of the word if it is a quote), and a quote
 *     opening the value (and then the last byte of the word if it is a
 *     quote).  Other quotes stay: p2v.name=a"b c"d is the value a"b c"d;
 *   - there is no escape: a value cannot hold a double quote and white
 *     space at once.  A quote left open runs to the end of the line.
 *
 * "--" is an ordinary word here: the kernel hands what follows it to
 * init, but it stays in /proc/cmdline, and ferry-p2v reads p2v.* keys on
 * both sides of it.
 *
 * The text is untrusted (a --cmdline argument, or a boot loader entry
 * someone typed): any bytes, any length.  It is refused when longer than
 * FERRY_P2V_CMDLINE_MAX bytes or when it holds a NUL byte (the kernel's
 * command line is a C string: /proc/cmdline never has one).
 */
#ifndef FERRY_P2V_CMDLINE_H
#define FERRY_P2V_CMDLINE_H

#include <stddef.h>

#include <glib.h>

/* The longest command line ferry-p2v accepts, in bytes.  The kernel's own
 * limit (COMMAND_LINE_SIZE) is 2048 or 4096 bytes on most architectures;
 * this leaves room for boot configuration appended to it.
 */
#define FERRY_P2V_CMDLINE_MAX 65536

/* One parameter of the command line. */
struct ferry_p2v_param {
  char *key;       /* never NULL; may be empty (a word such as "") */
  char *value;     /* NULL for a bare key (a flag); may be empty */
};

/* Split TEXT, LEN bytes (no terminating NUL needed), into parameters, in
 * order.  Returns a new array of struct ferry_p2v_param * (the array
 * frees them: g_ptr_array_unref), or NULL with the error set when TEXT is
 * too long or holds a NUL byte.  Keys and values are bytes as they were,
 * not checked for UTF-8.
 */
GPtrArray *ferry_p2v_cmdline_split (const char *text, size_t len);

/* S as ferry-p2v shows an untrusted string, in a new string: between two
 * QUOTE characters (none when QUOTE is 0), with the backslash, QUOTE,
 * control characters and bytes that are not UTF-8 escaped as in C
 * (\\, \", \n, \t, \xNN).  Valid UTF-8 is kept as it is.  The result is
 * one line of valid UTF-8, whatever S holds.
 */
char *ferry_p2v_quote (const char *s, char quote);

#endif /* FERRY_P2V_CMDLINE_H */

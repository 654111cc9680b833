/* ferry: libc calls that must not be used.
 *
 * Included last by every ferry source file, after the system and library
 * headers, so that a use of one of these functions fails to compile.  Each
 * has a bounded or safer replacement in GLib (g_strlcpy, g_strdup_printf,
 * g_strsplit) or in ferry's own command module (no shell strings).
 */
#ifndef FERRY_BANNED_H
#define FERRY_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED (strcpy)
#undef strcat
#define strcat(x, y) BANNED (strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED (strncpy)
#undef strncat
#define strncat(x, y, n) BANNED (strncat)
#undef sprintf
#define sprintf(...) BANNED (sprintf)
#undef vsprintf
#define vsprintf(...) BANNED (vsprintf)
#undef strtok
#define strtok(x, y) BANNED (strtok)
#undef strtok_r
#define strtok_r(x, y, z) BANNED (strtok_r)
#undef gets
#define gets(x) BANNED (gets)
#undef system
#define system(x) BANNED (system)
#undef popen
#define popen(x, y) BANNED (popen)
#undef tmpnam
#define tmpnam(x) BANNED (tmpnam)
#undef mktemp
#define mktemp(x) BANNED (mktemp)
#undef atoi
#define atoi(x) BANNED (atoi)

#endif /* FERRY_BANNED_H */

/* ferry: renaming block devices in guest files (see devname.h). */

#include <config.h>

#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "devname.h"
#include "banned.h"

/* Disk letters are at most this long; sdzzzz is well past any real disk. */
#define MAX_LETTERS 4

long
ferry_devname_index (const char *s, size_t len)
{
  long index = 0;
  size_t i;

  if (len == 0 || len > MAX_LETTERS)
    return -1;
  for (i = 0; i < len; i++) {
    if (s[i] < 'a' || s[i] > 'z')
      return -1;
    index = index * 26 + (s[i] - 'a' + 1);
  }
  return index - 1;
}

char *
ferry_devname_letters (size_t i)
{
  char buf[16];
  size_t n = sizeof buf - 1;

  buf[n] = '\0';
  do {
    buf[--n] = 'a' + i % 26;
    i = i / 26;
  } while (i-- > 0 && n > 0);
  return g_strdup (buf + n);
}

static bool
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.';
}

/* If a renameable device name starts at TEXT[POS] (just after "/dev/"),
 * return the length of its prefix ("sd", "hd" or "xvd") and set the
 * letters' span and the end of the whole name; else return 0.
 */
static size_t
match_name (const char *text, size_t len, size_t pos, size_t ndisks,
            size_t *letters_end, size_t *name_end)
{
  static const char *const prefixes[] = { "xvd", "sd", "hd" };
  size_t i;

  for (i = 0; i < G_N_ELEMENTS (prefixes); i++) {
    size_t plen = strlen (prefixes[i]);
    size_t p, l;
    long index;

    if (len - pos < plen || memcmp (text + pos, prefixes[i], plen) != 0)
      continue;
    p = pos + plen;
    l = p;
    while (l < len && text[l] >= 'a' && text[l] <= 'z')
      l++;
    index = ferry_devname_index (text + p, l - p);
    if (index < 0 || (size_t) index >= ndisks)
      return 0;
    *letters_end = l;
    while (l < len && text[l] >= '0' && text[l] <= '9')
      l++;
    if (l < len && is_name_char (text[l]))
      return 0;
    *name_end = l;
    return plen;
  }
  return 0;
}

char *
ferry_devname_remap (const char *text, size_t len, size_t ndisks,
                     size_t *new_len, size_t *count)
{
  g_autoptr (GString) out = NULL;
  size_t copied = 0, pos = 0, renamed = 0;
  static const char dev[] = "/dev/";
  const size_t dlen = sizeof dev - 1;

  while (pos + dlen <= len) {
    const char *hit = memmem (text + pos, len - pos, dev, dlen);
    size_t at, letters_end, name_end, plen;

    if (hit == NULL)
      break;
    at = hit - text;
    pos = at + dlen;
    if (at > 0 && is_name_char (text[at - 1]))
      continue;
    plen = match_name (text, len, pos, ndisks, &letters_end, &name_end);
    if (plen == 0)
      continue;

    if (out == NULL)
      out = g_string_sized_new (len + 16);
    g_string_append_len (out, text + copied, pos - copied);
    g_string_append (out, "vd");
    g_string_append_len (out, text + pos + plen, name_end - (pos + plen));
    copied = pos = name_end;
    renamed++;
  }

  if (count != NULL)
    *count = renamed;
  if (out == NULL)
    return NULL;
  g_string_append_len (out, text + copied, len - copied);
  *new_len = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
ferry_devname_replace (const char *text, size_t len, const char *from,
                       const char *to, size_t *new_len)
{
  g_autoptr (GString) out = NULL;
  size_t flen = strlen (from), copied = 0, pos = 0;

  if (flen == 0)
    return NULL;
  while (pos + flen <= len) {
    const char *hit = memmem (text + pos, len - pos, from, flen);
    size_t at, end;

    if (hit == NULL)
      break;
    at = hit - text;
    end = at + flen;
    pos = at + 1;
    if ((at > 0 && is_name_char (text[at - 1])) ||
        (end < len && is_name_char (text[end])))
      continue;
    if (out == NULL)
      out = g_string_sized_new (len + 16);
    g_string_append_len (out, text + copied, at - copied);
    g_string_append (out, to);
    copied = pos = end;
  }
  if (out == NULL)
    return NULL;
  g_string_append_len (out, text + copied, len - copied);
  *new_len = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

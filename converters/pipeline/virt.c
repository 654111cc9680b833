/* ferry: connections to libvirt (see virt.h). */

#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "virt.h"
#include "errors.h"
#include "banned.h"

/* libvirt calls this for every error instead of printing it: ferry reads
 * the error itself, with virGetLastError, where the call failed.
 */
static void
ignore_error (void *opaque, virErrorPtr error)
{
}

/* libvirt's last error message, on one line, in a new string; NULL when
 * there is none.
 */
static char *
last_message (void)
{
  virErrorPtr e = virGetLastError ();
  char *msg;

  if (e == NULL || e->code == VIR_ERR_OK || e->message == NULL)
    return NULL;
  msg = g_strstrip (g_strdup (e->message));
  g_strdelimit (msg, "\r\n", ' ');
  return msg;
}

void
ferry_virt_error (const char *fmt, ...)
{
  va_list args;
  g_autofree char *what = NULL;
  g_autofree char *cause = last_message ();

  va_start (args, fmt);
  what = g_strdup_vprintf (fmt, args);
  va_end (args);
  if (cause != NULL && cause[0] != '\0')
    ferry_error ("%s: %s", what, cause);
  else
    ferry_error ("%s", what);
  virResetLastError ();
}

int
ferry_virt_last_error_code (void)
{
  virErrorPtr e = virGetLastError ();

  return e ? e->code : VIR_ERR_OK;
}

virConnectPtr
ferry_virt_open (const char *uri, bool read_only)
{
  virConnectPtr conn;

  /* Once would do; it is cheap and idempotent. */
  virSetErrorFunc (NULL, ignore_error);
  conn = virConnectOpenAuth (uri, virConnectAuthPtrDefault,
                             read_only ? VIR_CONNECT_RO : 0);
  if (conn == NULL) {
    if (uri != NULL)
      ferry_virt_error ("cannot connect to libvirt at '%s'", uri);
    else
      ferry_virt_error ("cannot connect to libvirt (the default URI; name "
                        "one with -ic or -oc)");
    return NULL;
  }
  return conn;
}

char *
ferry_virt_uri (virConnectPtr conn)
{
  char *uri = virConnectGetURI (conn);
  char *copy;

  if (uri == NULL) {
    virResetLastError ();
    return g_strdup ("the default libvirt URI");
  }
  /* libvirt's string is free()d, not g_free()d. */
  copy = g_strdup (uri);
  free (uri);
  return copy;
}

bool
ferry_virt_uri_is_local (const char *uri)
{
  g_autoptr (GUri) u = NULL;
  const char *scheme, *host, *plus;

  if (uri == NULL)
    return false;
  u = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
  if (u == NULL)
    return false;
  scheme = g_uri_get_scheme (u);
  host = g_uri_get_host (u);
  if (host != NULL && host[0] != '\0')
    return false;
  plus = strchr (scheme, '+');
  return plus == NULL || g_ascii_strcasecmp (plus + 1, "unix") == 0;
}

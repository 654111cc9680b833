/* ferry-p2v: the cancel handle (see engine.h).
 *
 * A flag for the engine's quick checks and an eventfd for its poll(2)
 * loops, so that a cancel wakes a wait at once.  Setting both is
 * async-signal-safe: a lock-free atomic store and one write(2).
 */

#include <config.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <glib.h>

#include "engine.h"
#include "errors.h"
#include "banned.h"

struct ferry_p2v_cancel {
  atomic_bool requested;
  int fd;                       /* eventfd, readable once requested */
};

/* A signal handler may call ferry_p2v_cancel_request only if the flag
 * needs no lock.
 */
G_STATIC_ASSERT (ATOMIC_BOOL_LOCK_FREE == 2);

struct ferry_p2v_cancel *
ferry_p2v_cancel_new (void)
{
  struct ferry_p2v_cancel *cancel;
  int fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);

  if (fd == -1) {
    ferry_error_errno (errno, "cannot create the cancel handle");
    return NULL;
  }
  cancel = g_new0 (struct ferry_p2v_cancel, 1);
  atomic_init (&cancel->requested, false);
  cancel->fd = fd;
  return cancel;
}

void
ferry_p2v_cancel_free (struct ferry_p2v_cancel *cancel)
{
  if (cancel == NULL)
    return;
  close (cancel->fd);
  g_free (cancel);
}

void
ferry_p2v_cancel_request (struct ferry_p2v_cancel *cancel)
{
  uint64_t one = 1;
  int saved_errno = errno;      /* a signal handler must keep errno */
  ssize_t r;

  if (atomic_exchange (&cancel->requested, true))
    return;
  /* The counter cannot overflow after one write; nothing to do if it
   * fails (EAGAIN cannot happen): the flag is set.
   */
  r = write (cancel->fd, &one, sizeof one);
  (void) r;
  errno = saved_errno;
}

bool
ferry_p2v_cancel_requested (const struct ferry_p2v_cancel *cancel)
{
  return cancel != NULL && atomic_load (&cancel->requested);
}

int
ferry_p2v_cancel_fd (const struct ferry_p2v_cancel *cancel)
{
  return cancel->fd;
}

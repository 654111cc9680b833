/* ferry: removing half-written files on fatal signals (tempfiles.h). */

#include <config.h>

#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "tempfiles.h"
#include "banned.h"

/* Enough for 64 disks, their overlays, the metadata, and for disks read
 * through nbdkit each nbdkit's folder (four entries, nbdkit.h).
 */
#define MAX_TEMPFILES 480

static struct {
  const char *path;
  bool is_dir;
} table[MAX_TEMPFILES];

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

static volatile sig_atomic_t child;

void
ferry_tempfiles_set_child (int pid)
{
  child = pid;
}

static void
block (sigset_t *old)
{
  sigset_t set;
  size_t i;

  sigemptyset (&set);
  for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
    sigaddset (&set, fatal_signals[i]);
  sigprocmask (SIG_BLOCK, &set, old);
}

static void
on_fatal_signal (int sig)
{
  size_t i;

  if (child > 0)
    kill (child, SIGTERM);
  /* Files first, then folders (which must be empty by then). */
  for (i = 0; i < MAX_TEMPFILES; i++)
    if (table[i].path != NULL && !table[i].is_dir)
      unlink (table[i].path);
  for (i = 0; i < MAX_TEMPFILES; i++)
    if (table[i].path != NULL && table[i].is_dir)
      rmdir (table[i].path);
  signal (sig, SIG_DFL);
  raise (sig);
}

void
ferry_tempfiles_install (void)
{
  struct sigaction sa;
  size_t i;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sigemptyset (&sa.sa_mask);
  for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
    sigaddset (&sa.sa_mask, fatal_signals[i]);
  for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
    struct sigaction old;

    if (sigaction (fatal_signals[i], NULL, &old) == 0 &&
        old.sa_handler == SIG_IGN)
      continue;
    sigaction (fatal_signals[i], &sa, NULL);
  }
}

int
ferry_tempfile_register (const char *path, bool is_dir)
{
  sigset_t old;
  size_t i;
  int r = -1;

  block (&old);
  for (i = 0; i < MAX_TEMPFILES; i++) {
    if (table[i].path == NULL) {
      table[i].path = path;
      table[i].is_dir = is_dir;
      r = 0;
      break;
    }
  }
  sigprocmask (SIG_SETMASK, &old, NULL);
  if (r == -1)
    ferry_error ("too many temporary files (at most %d)", MAX_TEMPFILES);
  return r;
}

void
ferry_tempfile_unregister (const char *path)
{
  sigset_t old;
  size_t i;

  block (&old);
  for (i = 0; i < MAX_TEMPFILES; i++)
    if (table[i].path == path)
      table[i].path = NULL;
  sigprocmask (SIG_SETMASK, &old, NULL);
}

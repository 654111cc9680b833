/* Unit test: the disks an input file names stay in its folder
 * (confine.h).  The comparison of paths and the verdicts, from tables;
 * then real files in a scratch folder: links inside and out, "..",
 * devices, missing files, --allow-path.  tests/test-v2v-vmx-bad.sh,
 * tests/test-v2v-libvirtxml-parse.sh and tests/test-v2v-vmx-ssh.sh check
 * the same through ferry-v2v.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

static const struct {
  const char *folder, *path;
  bool holds;
} holds_cases[] = {
  { "/srv/vm", "/srv/vm", true },
  { "/srv/vm", "/srv/vm/disk.vmdk", true },
  { "/srv/vm", "/srv/vm/a/b/disk.vmdk", true },
  { "/srv/vm", "/srv/vm2", false },
  { "/srv/vm", "/srv/vm2/disk.vmdk", false },
  { "/srv/vm", "/srv/v", false },
  { "/srv/vm", "/srv", false },
  { "/srv/vm", "/", false },
  { "/srv/vm", "/etc/shadow", false },
  { "/srv/vm", "", false },
  { "/", "/", true },
  { "/", "/etc/shadow", true },
  { "/dev/sdb", "/dev/sdb", true },
  { "/dev/sdb", "/dev/sdb1", false },
  { "/dev/sdb", "/dev/sd", false },
};

static void
test_holds (size_t i)
{
  bool got = ferry_confine_holds (holds_cases[i].folder, holds_cases[i].path);

  tap_ok (got == holds_cases[i].holds, "'%s' %s '%s'",
          holds_cases[i].folder, holds_cases[i].holds ? "holds" : "does not hold",
          holds_cases[i].path);
}

/* The verdicts, for a .vmx in /srv/vm run with --allow-path /mnt/ds2,
 * /dev/sdb and /srv/extra/disk.raw.  ERROR NULL: let through; else the
 * whole error.
 */
static const struct {
  const char *location, *real;
  enum ferry_confine_kind kind;
  const char *error;
} check_cases[] = {
  { "/srv/vm/web01.vmdk", "/srv/vm/web01.vmdk", FERRY_CONFINE_FILE, NULL },
  { "/srv/vm/sub/a.vmdk", "/srv/vm/sub/a.vmdk", FERRY_CONFINE_FILE, NULL },
  { "/srv/vm/link.vmdk", "/srv/vm/sub/a.vmdk", FERRY_CONFINE_FILE, NULL },
  { "/srv/other/a.vmdk", "/srv/vm/a.vmdk", FERRY_CONFINE_FILE, NULL },
  { "/mnt/ds2/web/web01.vmdk", "/mnt/ds2/web/web01.vmdk",
    FERRY_CONFINE_FILE, NULL },
  { "/srv/extra/disk.raw", "/srv/extra/disk.raw", FERRY_CONFINE_FILE, NULL },
  { "/dev/sdb", "/dev/sdb", FERRY_CONFINE_BLOCK, NULL },
  { "/srv/vm/sdb", "/dev/sdb", FERRY_CONFINE_BLOCK, NULL },
  { "/mnt/ds2/dev", "/mnt/ds2/dev", FERRY_CONFINE_BLOCK, NULL },
  { "/etc/shadow", "/etc/shadow", FERRY_CONFINE_FILE,
    "'web01.vmx': disk 'scsi0:0' names '/etc/shadow', outside the folder "
    "of the .vmx (allow it with --allow-path /etc)" },
  { "/srv/vm/link.vmdk", "/etc/shadow", FERRY_CONFINE_FILE,
    "'web01.vmx': disk 'scsi0:0' names '/srv/vm/link.vmdk', which leads "
    "to '/etc/shadow', outside the folder of the .vmx (allow it with "
    "--allow-path /etc)" },
  { "/srv/vm2/a.vmdk", "/srv/vm2/a.vmdk", FERRY_CONFINE_FILE,
    "'web01.vmx': disk 'scsi0:0' names '/srv/vm2/a.vmdk', outside the "
    "folder of the .vmx (allow it with --allow-path /srv/vm2)" },
  { "/srv/extra/other.raw", "/srv/extra/other.raw", FERRY_CONFINE_FILE,
    "'web01.vmx': disk 'scsi0:0' names '/srv/extra/other.raw', outside "
    "the folder of the .vmx (allow it with --allow-path /srv/extra)" },
  { "/srv/my vm/a.vmdk", "/srv/my vm/a.vmdk", FERRY_CONFINE_FILE,
    "(allow it with --allow-path '/srv/my vm')" },
  { "/srv/it's/a.vmdk", "/srv/it's/a.vmdk", FERRY_CONFINE_FILE,
    "(allow it with --allow-path '/srv/it'\\''s')" },
  { "/srv/x\ny/a.vmdk", "/srv/x\ny/a.vmdk", FERRY_CONFINE_FILE,
    "'web01.vmx': disk 'scsi0:0' names '/srv/x\\ny/a.vmdk', outside the "
    "folder of the .vmx (allow it with --allow-path $'/srv/x\\ny')" },
  { "/srv/vm/evil.vmdk", "/srv/\x1b[2J", FERRY_CONFINE_FILE,
    "which leads to '/srv/\\033[2J', outside" },
  { "/dev/loop0", "/dev/loop0", FERRY_CONFINE_BLOCK,
    "'web01.vmx': disk 'scsi0:0' names '/dev/loop0', a block device, not a "
    "file in the folder of the .vmx (allow it with --allow-path "
    "/dev/loop0)" },
  { "/srv/vm/disk", "/srv/vm/disk", FERRY_CONFINE_BLOCK,
    "names '/srv/vm/disk', a block device, not a file in the folder of the "
    ".vmx (allow it with --allow-path /srv/vm/disk)" },
  { "/dev/sdb1", "/dev/sdb1", FERRY_CONFINE_BLOCK,
    "(allow it with --allow-path /dev/sdb1)" },
  { "/dev/null", "/dev/null", FERRY_CONFINE_OTHER,
    "'web01.vmx': disk 'scsi0:0' names '/dev/null', which is neither a "
    "regular file nor a block device" },
  { "/srv/vm/sub", "/srv/vm/sub", FERRY_CONFINE_OTHER,
    "names '/srv/vm/sub', which is neither" },
  { "/mnt/ds2/fifo", "/mnt/ds2/fifo", FERRY_CONFINE_OTHER,
    "names '/mnt/ds2/fifo', which is neither" },
};

static void
test_check (const struct ferry_confine *c, size_t i)
{
  g_autofree char *real = g_strescape (check_cases[i].real, NULL);
  g_autofree char *location = g_strescape (check_cases[i].location, NULL);
  int r;
  const char *err;

  ferry_error_clear ();
  r = ferry_confine_check (c, "scsi0:0", check_cases[i].location,
                           check_cases[i].real, check_cases[i].kind);
  err = ferry_error_get ();
  if (check_cases[i].error == NULL) {
    if (r == -1)
      printf ("# error: %s\n", err);
    tap_ok (r == 0, "let '%s' (as '%s') through", real, location);
  }
  else {
    if (r == 0 || strstr (err, check_cases[i].error) == NULL)
      printf ("# got r=%d, error: %s\n", r, err);
    tap_ok (r == -1 && strstr (err, check_cases[i].error) != NULL,
            "refuse '%s' (as '%s')", real, location);
  }
}

/* DIR/NAME, written. */
static void
touch (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert (g_file_set_contents (path, "disk", -1, NULL));
}

static void
symlink_at (const char *target, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert (symlink (target, path) == 0);
}

/* A block device of this machine, or NULL. */
static char *
some_block_device (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/sys/block", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *dev = g_build_filename ("/dev", name, NULL);
    struct stat st;

    if (stat (dev, &st) == 0 && S_ISBLK (st.st_mode))
      return g_steal_pointer (&dev);
  }
  return NULL;
}

/* ferry_confine_disk on DIR/NAME (a file of the folder, or absolute): OK
 * with REAL (DIR/REAL when relative) as the new location, or an error
 * holding ERROR.
 */
static void
disk (const struct ferry_confine *c, const char *dir, const char *name,
      const char *real, const char *error, const char *what)
{
  g_autofree char *location = g_path_is_absolute (name) ? g_strdup (name)
    : g_build_filename (dir, name, NULL);
  g_autofree char *want = real == NULL || g_path_is_absolute (real)
    ? g_strdup (real) : g_build_filename (dir, real, NULL);
  int r;

  ferry_error_clear ();
  r = ferry_confine_disk (c, "sda", &location);
  if (error == NULL) {
    if (r == -1 || strcmp (location, want) != 0)
      printf ("# r=%d, location %s, error: %s\n", r, location,
              ferry_error_get ());
    tap_ok (r == 0 && strcmp (location, want) == 0, "%s", what);
  }
  else {
    if (r == 0 || strstr (ferry_error_get (), error) == NULL)
      printf ("# r=%d, error: %s\n", r, ferry_error_get ());
    tap_ok (r == -1 && strstr (ferry_error_get (), error) != NULL, "%s",
            what);
  }
}

static void
test_files (const char *block)
{
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (),
                                           "ferry-confine.XXXXXX", NULL);
  g_autofree char *top = NULL, *vm = NULL, *sub = NULL, *outside = NULL;
  g_autofree char *vm_link = NULL, *escape = NULL;
  g_autofree char *via_link = NULL, *err = NULL, *resolved = NULL;
  g_autofree char *other = NULL;
  g_auto (ferry_confine) c = { 0 };
  g_auto (ferry_confine) allow = { 0 };
  g_auto (ferry_confine) linked = { 0 };
  const char *allowed[4] = { NULL };
  const char *missing[] = { "/no/such/folder", NULL };
  int r;

  g_assert (g_mkdtemp (tmp) != NULL);
  top = realpath (tmp, NULL);
  g_assert (top != NULL);
  vm = g_build_filename (top, "vm", NULL);
  sub = g_build_filename (vm, "sub", NULL);
  outside = g_build_filename (top, "outside", NULL);
  g_assert (g_mkdir_with_parents (sub, 0700) == 0);
  g_assert (g_mkdir_with_parents (outside, 0700) == 0);
  touch (vm, "web01.vmdk");
  touch (sub, "data.vmdk");
  touch (outside, "other.vmdk");
  symlink_at ("sub/data.vmdk", vm, "inner-link.vmdk");
  symlink_at ("/etc/passwd", vm, "passwd.vmdk");
  symlink_at ("../outside/other.vmdk", vm, "out-link.vmdk");
  symlink_at ("../outside", vm, "out-dir");
  symlink_at ("/dev/null", vm, "null.vmdk");
  symlink_at ("loop.vmdk", vm, "loop.vmdk");

  g_assert (ferry_confine_init (&c, "web01.vmx", ".vmx", vm, NULL, NULL,
                                NULL) == 0);
  disk (&c, vm, "web01.vmdk", "web01.vmdk", NULL, "a file of the folder");
  disk (&c, vm, "sub/data.vmdk", "sub/data.vmdk", NULL,
        "a file below the folder");
  disk (&c, vm, "inner-link.vmdk", "sub/data.vmdk", NULL,
        "a link to a file of the folder, replaced by that file");
  err = g_strdup_printf ("'web01.vmx': disk 'sda' names '%s/passwd.vmdk', "
                         "which leads to '/etc/passwd', outside the folder "
                         "of the .vmx (allow it with --allow-path /etc)", vm);
  disk (&c, vm, "passwd.vmdk", NULL, err, "a link to /etc/passwd is refused");
  disk (&c, vm, "out-link.vmdk", NULL, "outside the folder of the .vmx",
        "a relative link out of the folder is refused");
  disk (&c, vm, "out-dir/other.vmdk", NULL, "which leads to",
        "a file under a linked folder outside is refused");
  escape = g_strdup_printf ("%s/../outside/other.vmdk", vm);
  disk (&c, vm, escape, NULL, "outside the folder of the .vmx",
        "a '..' out of the folder is refused");
  disk (&c, vm, "/etc/shadow", NULL,
        "'web01.vmx': disk 'sda' names '/etc/shadow', outside the folder of "
        "the .vmx (allow it with --allow-path /etc)",
        "/etc/shadow is refused");
  disk (&c, vm, "null.vmdk", NULL, "which is neither a regular file nor a "
        "block device", "a link to /dev/null is refused");
  disk (&c, vm, "sub", NULL, "which is neither a regular file nor a block "
        "device", "a folder is refused");
  disk (&c, vm, "missing.vmdk", NULL, "cannot open '", "a missing disk");
  disk (&c, vm, "loop.vmdk", NULL, "cannot open '", "a link to itself");
  if (block != NULL) {
    g_autofree char *want = g_strdup_printf ("a block device, not a file in "
                                             "the folder of the .vmx (allow "
                                             "it with --allow-path %s)",
                                             block);
    disk (&c, vm, block, NULL, want, "a block device is refused");
  }
  else
    tap_ok (true, "# SKIP no block device on this machine");

  /* --allow-path: a folder, a file, a device. */
  allowed[0] = outside;
  allowed[1] = "/etc/passwd";
  allowed[2] = block;
  g_assert (ferry_confine_init (&allow, "web01.vmx", ".vmx", vm, allowed,
                                NULL, NULL) == 0);
  other = g_build_filename (outside, "other.vmdk", NULL);
  disk (&allow, vm, "out-link.vmdk", other, NULL,
        "a link into an allowed folder is let through");
  disk (&allow, vm, "passwd.vmdk", "/etc/passwd", NULL,
        "a link to an allowed file is let through");
  disk (&allow, vm, "/etc/shadow", NULL, "outside the folder",
        "a file beside an allowed file is still refused");
  disk (&allow, vm, "null.vmdk", NULL, "which is neither",
        "a character device is refused whatever is allowed");
  if (block != NULL)
    disk (&allow, vm, block, block, NULL, "an allowed block device is let "
          "through");
  else
    tap_ok (true, "# SKIP no block device on this machine");

  /* The folder itself through a link: its resolved path counts. */
  via_link = g_build_filename (top, "vm-link", NULL);
  g_assert (symlink ("vm", via_link) == 0);
  g_assert (ferry_confine_init (&linked, "web01.vmx", ".vmx", via_link,
                                NULL, NULL, NULL) == 0);
  resolved = g_build_filename (vm, "web01.vmdk", NULL);
  disk (&linked, via_link, "web01.vmdk", resolved, NULL,
        "a folder named through a link holds its files");

  ferry_error_clear ();
  {
    g_auto (ferry_confine) bad = { 0 };

    r = ferry_confine_init (&bad, "web01.vmx", ".vmx", vm, missing, NULL,
                            NULL);
    if (r == 0 || strstr (ferry_error_get (), "--allow-path "
                          "'/no/such/folder': cannot open") == NULL)
      printf ("# r=%d, error: %s\n", r, ferry_error_get ());
    tap_ok (r == -1 && bad.folder == NULL &&
            strstr (ferry_error_get (), "--allow-path '/no/such/folder': "
                    "cannot open") != NULL,
            "an --allow-path that does not exist is an error");
  }

  {
    char *argv[] = { (char *) "rm", (char *) "-rf", top, NULL };

    g_assert (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                            NULL, NULL, NULL, NULL, NULL));
  }
}

int
main (void)
{
  const char *allowed[] = { "/mnt/ds2", "/dev/sdb", "/srv/extra/disk.raw",
                            NULL };
  struct ferry_confine c = {
    .file = (char *) "web01.vmx", .what = (char *) ".vmx",
    .folder = (char *) "/srv/vm", .allowed = (char **) allowed,
  };
  g_autofree char *block = some_block_device ();
  size_t i;

  tap_plan (G_N_ELEMENTS (holds_cases) + G_N_ELEMENTS (check_cases) + 23);
  for (i = 0; i < G_N_ELEMENTS (holds_cases); i++)
    test_holds (i);
  for (i = 0; i < G_N_ELEMENTS (check_cases); i++)
    test_check (&c, i);

  /* Files only (-it ssh): an allowed device is refused all the same. */
  c.files_only = true;
  ferry_error_clear ();
  tap_ok (ferry_confine_check (&c, "scsi0:0", "/dev/sdb", "/dev/sdb",
                               FERRY_CONFINE_BLOCK) == -1 &&
          strstr (ferry_error_get (), "'web01.vmx': disk 'scsi0:0' names "
                  "'/dev/sdb', which is not a regular file") != NULL,
          "files only: an allowed block device is refused");
  tap_ok (ferry_confine_check (&c, "scsi0:0", "/srv/vm/web01.vmdk",
                               "/srv/vm/web01.vmdk", FERRY_CONFINE_FILE) == 0,
          "files only: a file of the folder is let through");
  tap_ok (ferry_confine_check (&c, "scsi0:0", "/mnt/ds2/a.vmdk",
                               "/mnt/ds2/a.vmdk", FERRY_CONFINE_FILE) == 0,
          "files only: a file of an allowed folder is let through");
  c.files_only = false;
  test_files (block);
  return tap_done ();
}

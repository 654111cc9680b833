/* Unit test: libvirt connections (virt.h), and what -i libvirt and
 * -o libvirt check before any slow work, against libvirt's built-in test
 * driver (test:///default, no daemon: a running domain "test" and an
 * active pool "default-pool" whose folder is not on this machine).
 *
 * The conversion itself, with a real daemon and a real guest, is
 * tests/test-v2v-libvirt.sh.
 */

#include <config.h>

#include <string.h>

#include "input.h"
#include "output.h"
#include "virt.h"
#include "errors.h"
#include "tap.h"
#include "banned.h"

#define TEST_URI "test:///default"

static const struct {
  const char *uri;
  bool local;
} uris[] = {
  { "qemu:///system", true },
  { "qemu:///session", true },
  { "test:///default", true },
  { "qemu+unix:///session?socket=/tmp/x/libvirt-sock", true },
  { "QEMU+UNIX:///system", true },
  { "qemu+ssh://root@host/system", false },
  { "qemu+ssh:///system", false },
  { "qemu+tcp://127.0.0.1/system", false },
  { "qemu+ext:///system?command=/bin/nc", false },
  { "qemu+tls://host.example/system", false },
  { "qemu://host.example/system", false },
  { "xen+libssh2://host/", false },
  { "not a uri", false },
  { "", false },
};

/* Does the last error contain WANT? */
static bool
error_has (const char *want)
{
  if (strstr (ferry_error_get (), want) != NULL)
    return true;
  printf ("# error: %s\n# want:  %s\n", ferry_error_get (), want);
  return false;
}

static struct ferry_source *
open_input (const char *conn, const char *name, bool metadata_only)
{
  struct ferry_input_options options = {
    .conn = conn, .metadata_only = metadata_only,
  };
  char *args[] = { (char *) name, NULL };

  ferry_error_clear ();
  return ferry_input_open (&ferry_input_libvirt, &options, args, 1);
}

static struct ferry_output *
setup_output (const char *conn, const char *pool, const char *name,
              const struct ferry_source *source)
{
  struct ferry_output_options options = {
    .conn = conn, .storage = pool, .name = name,
  };

  ferry_error_clear ();
  return ferry_output_setup (&ferry_output_libvirt, &options, source);
}

int
main (void)
{
  g_autoptr (ferry_source) source = NULL;
  g_autoptr (ferry_source) disk = ferry_source_new ();
  g_autoptr (virConnect) conn = NULL;
  struct ferry_output *out;
  virStoragePoolPtr pool;
  size_t i;

  tap_plan (G_N_ELEMENTS (uris) + 6 + 4 + 4);

  for (i = 0; i < G_N_ELEMENTS (uris); i++)
    tap_ok (ferry_virt_uri_is_local (uris[i].uri) == uris[i].local,
            "'%s' is %s", uris[i].uri, uris[i].local ? "local" : "remote");

  /* -i libvirt */
  source = open_input (TEST_URI, "test", true);
  tap_ok (source != NULL && strcmp (source->name, "test") == 0 &&
          source->memory == 8ull << 30 && source->vcpus == 2,
          "--print-source of a running domain: name, memory, vCPUs");
  tap_ok (source != NULL && source->disks->len == 1 &&
          strcmp (((struct ferry_source_disk *) source->disks->pdata[0])
                  ->location, "/guest/diskimage1") == 0 &&
          source->nics->len == 1,
          "--print-source: the disk and the NIC");
  ferry_source_free (source);
  source = open_input (TEST_URI, "6695eb01-f6a4-8304-79aa-97f2502e193f", true);
  tap_ok (source != NULL && strcmp (source->name, "test") == 0,
          "a domain by UUID");
  tap_ok (open_input (TEST_URI, "test", false) == NULL &&
          error_has ("libvirt domain 'test' on 'test:///default' is "
                     "running: shut it down before converting it"),
          "a running domain is not converted");
  tap_ok (open_input (TEST_URI, "nosuchguest", true) == NULL &&
          error_has ("-i libvirt: there is no domain 'nosuchguest' on "
                     "'test:///default'"),
          "a domain that does not exist");
  tap_ok (open_input ("nosuchdriver:///x", "test", true) == NULL &&
          error_has ("cannot connect to libvirt at 'nosuchdriver:///x': "),
          "a URI libvirt cannot open");

  /* -o libvirt: what setup refuses.  The test driver's state lives as
   * long as one connection to it is open.
   */
  conn = ferry_virt_open (TEST_URI, false);
  ferry_source_add_disk (disk, g_strdup ("/guest/diskimage1"),
                         g_strdup ("raw"));
  disk->name = g_strdup ("newguest");
  out = setup_output (TEST_URI, "nosuchpool", NULL, disk);
  tap_ok (out == NULL &&
          error_has ("-os 'nosuchpool': there is no libvirt storage pool of "
                     "that name on 'test:///default'"),
          "a pool that does not exist");
  out = setup_output (TEST_URI, "default-pool", "test", disk);
  tap_ok (out == NULL &&
          error_has ("a libvirt domain called 'test' already exists on "
                     "'test:///default'"),
          "a domain name already taken");
  out = setup_output (TEST_URI, "default-pool", NULL, disk);
  tap_ok (out == NULL &&
          error_has ("keeps its volumes in '/default-pool', which is not a "
                     "folder on this machine"),
          "a pool whose folder is elsewhere");
  pool = virStoragePoolLookupByName (conn, "default-pool");
  tap_ok (pool != NULL && virStoragePoolDestroy (pool) == 0 &&
          (out = setup_output (TEST_URI, "default-pool", NULL, disk)) == NULL &&
          error_has ("-os 'default-pool': the libvirt storage pool on "
                     "'test:///default' is not active"),
          "a pool that is not active");
  if (pool != NULL) {
    virStoragePoolCreate (pool, 0);
    virStoragePoolFree (pool);
  }

  /* -ic and -oc only where they mean something. */
  {
    struct ferry_input_options options = { .conn = TEST_URI };
    struct ferry_output_options ooptions = {
      .conn = TEST_URI, .storage = "/tmp",
    };
    char *args[] = { (char *) "x.vmx", NULL };

    ferry_error_clear ();
    tap_ok (ferry_input_open (&ferry_input_vmx, &options, args, 1) == NULL &&
            error_has ("-ic 'test:///default': -i vmx takes no -ic"),
            "-ic with -i vmx");
    ferry_error_clear ();
    tap_ok (ferry_output_setup (&ferry_output_local, &ooptions, disk) == NULL &&
            error_has ("-oc 'test:///default': -o local takes no -oc"),
            "-oc with -o local");
  }
  tap_ok (ferry_virt_open ("test+unix:///default?socket=/nonexistent",
                           true) == NULL &&
          error_has ("cannot connect to libvirt at 'test+unix:///default?"
                     "socket=/nonexistent': ") &&
          strchr (ferry_error_get (), '\n') == NULL,
          "a socket that is not there: libvirt's error, on one line");
  {
    g_autofree char *uri = conn ? ferry_virt_uri (conn) : NULL;

    tap_ok (uri != NULL && strcmp (uri, TEST_URI) == 0,
            "the URI of a connection");
  }
  return tap_done ();
}

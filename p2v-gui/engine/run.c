/* ferry-p2v: one conversion, start to end (see engine.h). */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "engine.h"
#include "connection.h"
#include "notify.h"
#include "transfer.h"
#include "command.h"
#include "errors.h"
#include "nbdkit.h"
#include "p2v-protocol.h"
#include "report.h"
#include "ssh.h"
#include "banned.h"

/* One run: what the steps below share. */
struct run {
  const struct ferry_p2v_config *config;
  const struct ferry_p2v_machine *machine;
  struct ferry_p2v_notify notify;
  struct ferry_p2v_cancel *cancel;   /* may be NULL */
};

/* Has the run been cancelled?  Then the error says so. */
static bool
cancelled (const struct run *run)
{
  if (!ferry_p2v_cancel_requested (run->cancel))
    return false;
  ferry_error ("the conversion was cancelled");
  return true;
}


/* Where NIC IFACE goes, by p2v.network ("IFACE:NETWORK" entries, and a
 * bare "NETWORK" for every other interface), or NULL: the server's
 * default.
 */
static const char *
nic_network (const struct ferry_p2v_config *config, const char *iface)
{
  const char *fallback = NULL;
  size_t i, n;

  for (i = 0; config->network != NULL && i < config->network->len; i++) {
    const char *m = config->network->pdata[i];
    const char *colon = strchr (m, ':');

    if (colon == NULL)
      fallback = m;
    else {
      n = colon - m;
      if (strlen (iface) == n && strncmp (m, iface, n) == 0)
        return colon + 1;
    }
  }
  return fallback;
}

char *
ferry_p2v_description (const struct ferry_p2v_config *config,
                       const struct ferry_p2v_machine *machine)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  const struct ferry_p2v_cpu *cpu = &machine->cpu;
  size_t i;

  g_key_file_set_string (kf, "machine", "name", config->name);
  g_key_file_set_uint64 (kf, "machine", "vcpus", config->vcpus);
  g_key_file_set_uint64 (kf, "machine", "memory", config->memory);
  g_key_file_set_string (kf, "machine", "firmware",
                         machine->firmware == FERRY_P2V_FIRMWARE_UEFI
                         ? "uefi" : "bios");
  /* The machine's own topology, when the guest keeps all its CPUs. */
  if ((unsigned) config->vcpus == cpu->online && cpu->sockets > 0 &&
      cpu->cores * cpu->threads > 0) {
    g_key_file_set_uint64 (kf, "machine", "sockets", cpu->sockets);
    g_key_file_set_uint64 (kf, "machine", "cores",
                           cpu->cores * cpu->threads);
  }

  for (i = 0; i < config->disks->len; i++) {
    const struct ferry_p2v_disk *d =
      ferry_p2v_machine_find_disk (machine, config->disks->pdata[i]);
    g_autofree char *group = g_strdup_printf ("disk %zu", i);

    if (d == NULL) {
      ferry_error ("p2v.disks: no disk '%s' on this machine",
                   (const char *) config->disks->pdata[i]);
      return NULL;
    }
    g_key_file_set_string (kf, group, "name", d->name);
    g_key_file_set_uint64 (kf, group, "size", d->size);
  }

  for (i = 0; config->interfaces != NULL && i < config->interfaces->len;
       i++) {
    const char *iface = config->interfaces->pdata[i];
    const struct ferry_p2v_nic *nic = ferry_p2v_machine_find_nic (machine,
                                                                  iface);
    g_autofree char *group = g_strdup_printf ("nic %zu", i);
    const char *network = nic_network (config, iface);

    g_key_file_set_string (kf, group, "name", iface);
    if (nic != NULL && nic->mac != NULL)
      g_key_file_set_string (kf, group, "mac", nic->mac);
    if (network != NULL)
      g_key_file_set_string (kf, group, "network", network);
  }

  g_key_file_set_string (kf, "output", "o", config->output);
  if (config->output_format)
    g_key_file_set_string (kf, "output", "of", config->output_format);
  if (config->output_alloc)
    g_key_file_set_string (kf, "output", "oa", config->output_alloc);
  if (config->output_storage)
    g_key_file_set_string (kf, "output", "os", config->output_storage);
  if (config->output_options != NULL && config->output_options->len > 0)
    g_key_file_set_string_list (kf, "output", "oo",
                                (const char *const *)
                                config->output_options->pdata,
                                config->output_options->len);
  return g_key_file_to_data (kf, NULL, NULL);
}

/* Run p2v.pre, p2v.post or p2v.fail (KEY) if set.  A failure of p2v.pre
 * stops the conversion; the others are only reported.
 */
static int
run_hook (const struct run *run, const char *key, const char *command)
{
  g_auto (GStrv) argv = NULL;
  g_autofree char *err = NULL;
  g_autofree char *last = NULL;
  int r;

  if (command == NULL || command[0] == '\0')
    return 0;
  if (ferry_p2v_command_argv (key, command, &argv) == -1)
    return -1;
  if (argv == NULL)
    return 0;
  ferry_p2v_notify_status (&run->notify, "Running %s: %s", key, command);
  r = ferry_command_run ((const char *const *) argv, NULL, NULL, NULL, &err);
  if (r == -1) {
    ferry_error ("%s '%s' failed: %s", key, command, ferry_error_get ());
    return -1;
  }
  if (r != 0) {
    last = ferry_last_line (err);
    ferry_error ("%s '%s' failed: exit status %d%s%s", key, command, r,
                 last[0] ? ": " : "", last);
    return -1;
  }
  return 0;
}

/* Check the server's answer to "version". */
static int
check_version (const struct run *run, ssh_session session)
{
  const char *server = run->config->server;
  g_autofree char *answer = ferry_p2v_query (session, "version",
                                             run->cancel);
  g_autofree char *want = g_strdup_printf ("protocol %d",
                                           FERRY_P2V_PROTOCOL);
  g_auto (GStrv) lines = NULL;
  size_t i;
  bool protocol = false;

  if (answer == NULL)
    return -1;
  lines = g_strsplit (answer, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    if (strcmp (lines[i], want) == 0)
      protocol = true;
  if (!protocol) {
    g_autofree char *clean = g_utf8_make_valid (lines[0], -1);
    ferry_error ("'%s' does not run a ferry-p2v-server this client can "
                 "talk to (it answered: %s)", server, clean);
    return -1;
  }
  g_strstrip (lines[0]);
  ferry_p2v_notify_status (&run->notify, "Connected to %s (%s)", server,
                           lines[0]);
  return 0;
}

/* Everything between the hooks.  Returns 0 with *RESULT the server's
 * metadata file, or -1 with the error set; both ends are stopped either
 * way.
 */
static int
convert (const struct run *run, char **result)
{
  const struct ferry_p2v_config *config = run->config;
  const struct ferry_p2v_machine *machine = run->machine;
  g_autoptr (GPtrArray) servers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_nbdkit_stop);
  g_autoptr (GPtrArray) sockets = g_ptr_array_new ();
  g_autofree char *description = NULL;
  g_autoptr (ferry_ssh) ssh = NULL;
  struct ferry_p2v_traffic traffic;
  size_t i;
  int r;

  if (config->server == NULL) {
    ferry_error ("no conversion server: give one with p2v.server");
    return -1;
  }
  description = ferry_p2v_description (config, machine);
  if (description == NULL)
    return -1;

  /* Each disk, read-only, on its own unix socket: nothing listens on
   * the network.
   */
  for (i = 0; i < config->disks->len; i++) {
    const struct ferry_p2v_disk *d =
      ferry_p2v_machine_find_disk (machine, config->disks->pdata[i]);
    g_autofree char *file = g_strconcat ("file=", d->path, NULL);
    const char *args[] = { "file", file, NULL };
    struct ferry_nbdkit *nbdkit;

    if (d->format != NULL && strcmp (d->format, "raw") != 0) {
      ferry_error ("disk '%s' (%s) is %s: only raw disks can be sent",
                   d->name, d->path, d->format);
      return -1;
    }
    if (cancelled (run))
      return -1;
    nbdkit = ferry_nbdkit_start (args, true);
    if (nbdkit == NULL)
      return -1;
    ferry_p2v_notify_log (&run->notify, FERRY_P2V_LOG_DEBUG,
                          "disk %s (%s): nbdkit on %s", d->name, d->path,
                          ferry_nbdkit_socket (nbdkit));
    g_ptr_array_add (servers, nbdkit);
    g_ptr_array_add (sockets, (char *) ferry_nbdkit_socket (nbdkit));
  }
  g_ptr_array_add (sockets, NULL);

  if (cancelled (run))
    return -1;
  ferry_p2v_notify_status (&run->notify, "Connecting to %s:%d as %s",
                           config->server, config->port, config->username);
  ssh = ferry_p2v_connect (config, NULL, NULL);
  if (ssh == NULL)
    return -1;
  if (cancelled (run) || check_version (run, ferry_ssh_session (ssh)) == -1)
    return -1;

  ferry_p2v_notify_status (&run->notify, "Converting %s: %u disk%s",
                           config->name, config->disks->len,
                           config->disks->len == 1 ? "" : "s");
  r = ferry_p2v_transfer (ferry_ssh_session (ssh), description,
                          (char *const *) sockets->pdata,
                          config->disks->len, &run->notify, run->cancel,
                          result, &traffic);
  if (traffic.copy_bytes > 0) {
    g_autofree char *sent = ferry_human_size (traffic.copy_bytes);
    g_autofree char *rate =
      ferry_human_size (traffic.copy_seconds > 0
                        ? traffic.copy_bytes / traffic.copy_seconds : 0);
    ferry_p2v_notify_status (&run->notify,
                             "Copy: sent %s (%" G_GUINT64_FORMAT " bytes) in "
                             "%.1f s: %s/s, cipher %s", sent,
                             traffic.copy_bytes, traffic.copy_seconds, rate,
                             ssh_get_cipher_out (ferry_ssh_session (ssh)));
  }
  /* Both ends stop here: the SSH connection closes (the server, seeing
   * its client gone, stops the job), then the local nbdkits.
   */
  g_clear_pointer (&ssh, ferry_ssh_close);
  g_clear_pointer (&servers, g_ptr_array_unref);
  return r;
}

enum ferry_p2v_outcome
ferry_p2v_run (const struct ferry_p2v_config *config,
               const struct ferry_p2v_machine *machine,
               const struct ferry_p2v_callbacks *callbacks, void *opaque,
               struct ferry_p2v_cancel *cancel)
{
  static const struct ferry_p2v_callbacks none = { 0 };
  struct run run = {
    .config = config,
    .machine = machine,
    .notify = { .callbacks = callbacks ? callbacks : &none,
                .opaque = opaque },
    .cancel = cancel,
  };
  g_autofree char *result = NULL;
  g_autofree char *error = NULL;

  if (cancelled (&run) ||
      run_hook (&run, "p2v.pre", config->pre) == -1 ||
      cancelled (&run) ||
      convert (&run, &result) == -1) {
    /* A cancel explains whatever failed after it. */
    if (cancelled (&run)) {
      ferry_p2v_notify_cancelled (&run.notify);
      return FERRY_P2V_CANCELLED;
    }
    /* p2v.fail must not lose the conversion's error. */
    error = g_strdup (ferry_error_get ());
    ferry_p2v_notify_failed (&run.notify, error);
    if (run_hook (&run, "p2v.fail", config->fail) == -1)
      ferry_p2v_notify_log (&run.notify, FERRY_P2V_LOG_WARNING, "%s",
                            ferry_error_get ());
    ferry_error ("%s", error);
    return FERRY_P2V_FAILED;
  }

  ferry_p2v_notify_finished (&run.notify, result);
  if (run_hook (&run, "p2v.post", config->post) == -1)
    ferry_p2v_notify_log (&run.notify, FERRY_P2V_LOG_WARNING, "%s",
                          ferry_error_get ());
  ferry_error_clear ();
  return FERRY_P2V_FINISHED;
}

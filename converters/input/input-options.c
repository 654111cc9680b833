/* ferry: the command-line options that open a source (input-options.h). */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "input-options.h"
#include "network.h"
#include "errors.h"
#include "banned.h"

static const struct ferry_option source_options[] = {
  { FERRY_OPT_INPUT, "i", 'i', "INPUT", "input type (see ferry-v2v --machine-readable)" },
  { FERRY_OPT_INPUT_FORMAT, "if", 0, "FORMAT", "input disk format (default: probe)" },
  { FERRY_OPT_INPUT_CONN, "ic", 0, "URI", "libvirt connection of -i libvirt (default: libvirt's)" },
  { FERRY_OPT_INPUT_TRANSPORT, "it", 0, "ssh", "read the input over SSH (-i vmx: an ssh:// URL)" },
  { FERRY_OPT_INPUT_PASSWORD, "ip", 0, "FILE", "file holding the password for -it ssh" },
  { FERRY_OPT_INPUT_OPTION, "io", 0, "OPTION=VALUE", "input option, repeatable (-it ssh: ssh-identity, ssh-known-hosts)" },
  { FERRY_OPT_ALLOW_PATH, "allow-path", 0, "PATH", "let disks of -i vmx or libvirtxml be in folder PATH or be PATH, repeatable" },
  { FERRY_OPT_ROOT, "root", 0, "single|first|/dev/sdX", "which operating system to convert" },
  { FERRY_OPT_NETWORK, "network", 'n', "IN:OUT|OUT", "put NICs on source network IN (or all other network NICs) on libvirt network OUT" },
  { FERRY_OPT_BRIDGE, "bridge", 'b', "IN:OUT|OUT", "put NICs on source network IN (or all other bridged NICs) on host bridge OUT" },
  { FERRY_OPT_MAC, "mac", 0, "MAC:network|bridge:OUT", "put the NIC with that MAC on network or bridge OUT" },
  { FERRY_OPT_QUIET, "quiet", 'q', NULL, "no status messages or progress" },
  { FERRY_OPT_VERBOSE, "verbose", 'v', NULL, "debug messages (libguestfs too)" },
  { FERRY_OPT_TRACE, "trace", 'x', NULL, "trace commands and libguestfs calls" },
  FERRY_OPTIONS_STANDARD,
};

struct ferry_option *
ferry_source_options_table (const struct ferry_option *own, size_t nown,
                            size_t *n)
{
  struct ferry_option *all =
    g_new (struct ferry_option, nown + G_N_ELEMENTS (source_options));
  size_t i;

  for (i = 0; i < nown; i++) {
    g_assert (own[i].id < FERRY_OPT_SOURCE);
    all[i] = own[i];
  }
  memcpy (all + nown, source_options, sizeof source_options);
  *n = nown + G_N_ELEMENTS (source_options);
  return all;
}

void
ferry_source_settings_init (struct ferry_source_settings *s)
{
  memset (s, 0, sizeof *s);
  s->input_options = g_ptr_array_new ();
  g_ptr_array_add (s->input_options, NULL);
  s->allowed_paths = g_ptr_array_new ();
  g_ptr_array_add (s->allowed_paths, NULL);
  s->networks = ferry_network_map_new ();
}

void
ferry_source_settings_clear (struct ferry_source_settings *s)
{
  if (s->input_options)
    g_ptr_array_unref (s->input_options);
  if (s->allowed_paths)
    g_ptr_array_unref (s->allowed_paths);
  ferry_network_map_free (s->networks);
  memset (s, 0, sizeof *s);
}

int
ferry_source_option_handle (int id, const char *arg,
                            struct ferry_source_settings *s,
                            const char *synopsis,
                            const struct ferry_option *options, size_t n)
{
  switch (id) {
  case FERRY_OPT_INPUT: s->input = arg; break;
  case FERRY_OPT_INPUT_FORMAT: s->input_format = arg; break;
  case FERRY_OPT_INPUT_CONN: s->input_conn = arg; break;
  case FERRY_OPT_INPUT_TRANSPORT: s->input_transport = arg; break;
  case FERRY_OPT_INPUT_PASSWORD: s->input_password = arg; break;
  case FERRY_OPT_INPUT_OPTION:
    g_ptr_array_insert (s->input_options, s->input_options->len - 1,
                        (char *) arg);
    break;
  case FERRY_OPT_ALLOW_PATH:
    if (arg[0] == '\0') {
      ferry_error ("--allow-path '': name a folder, a file or a device");
      return -1;
    }
    g_ptr_array_insert (s->allowed_paths, s->allowed_paths->len - 1,
                        (char *) arg);
    break;
  case FERRY_OPT_ROOT: s->root = arg; break;
  case FERRY_OPT_NETWORK:
  case FERRY_OPT_BRIDGE:
  case FERRY_OPT_MAC:
    if ((id == FERRY_OPT_NETWORK ? ferry_network_map_add_network
         : id == FERRY_OPT_BRIDGE ? ferry_network_map_add_bridge
         : ferry_network_map_add_mac) (s->networks, arg) == -1)
      return -1;
    break;
  case FERRY_OPT_QUIET: s->quiet = true; break;
  case FERRY_OPT_VERBOSE: s->verbose = true; break;
  case FERRY_OPT_TRACE: s->trace = true; break;
  case FERRY_OPTION_VERSION:
  case FERRY_OPTION_HELP:
  case FERRY_OPTION_SHORT_OPTIONS:
  case FERRY_OPTION_LONG_OPTIONS:
    return ferry_options_standard (id, synopsis, options, n);
  }
  return 0;
}

void
ferry_source_settings_input (const struct ferry_source_settings *s,
                             struct ferry_input_options *options)
{
  memset (options, 0, sizeof *options);
  options->format = s->input_format;
  options->conn = s->input_conn;
  options->transport = s->input_transport;
  options->password_file = s->input_password;
  options->module_options = (const char *const *) s->input_options->pdata;
  options->allowed_paths = (const char *const *) s->allowed_paths->pdata;
}

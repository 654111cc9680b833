/* Fuzz target: the network configuration parsers, as the conversion of a
 * Linux guest runs them on the guest's files.  The first byte picks the
 * tool; the rest is the file.
 */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "parse-netcfg.h"
#include "errors.h"
#include "banned.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (ferry_netcfg) cfg = ferry_netcfg_new ();
  enum ferry_netcfg_tool tool;
  size_t i;

  if (size == 0)
    return 0;
  tool = (enum ferry_netcfg_tool) (data[0] % 4);
  if (ferry_netcfg_parse (cfg, tool, "/etc/fuzz/conf", (const char *) data + 1,
                          size - 1) == -1) {
    /* Every refusal names the file. */
    if (strstr (ferry_error_get (), "'/etc/fuzz/conf'") == NULL)
      __builtin_trap ();
    return 0;
  }
  if (cfg->nics->len > FERRY_NETCFG_MAX_NICS ||
      cfg->includes->len > FERRY_NETCFG_MAX_INCLUDES)
    __builtin_trap ();
  for (i = 0; i < cfg->nics->len; i++) {
    const struct ferry_netcfg_nic *nic = cfg->nics->pdata[i];
    /* Names are safe to put in a file name and a message. */
    if (!ferry_netcfg_nic_name (nic->name, strlen (nic->name)) ||
        nic->tool != tool || strcmp (nic->file, "/etc/fuzz/conf") != 0)
      __builtin_trap ();
    if (nic->mac != NULL && (strlen (nic->mac) != 17 ||
                             strspn (nic->mac, "0123456789abcdef:") != 17))
      __builtin_trap ();
  }
  for (i = 0; i < cfg->includes->len; i++) {
    const struct ferry_netcfg_include *inc = cfg->includes->pdata[i];
    if (tool != FERRY_NETCFG_IFUPDOWN || inc->path[0] != '/')
      __builtin_trap ();
  }
  return 0;
}

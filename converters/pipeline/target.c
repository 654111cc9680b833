/* ferry: the target model (see target.h). */

#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "target.h"
#include "report.h"
#include "banned.h"

static void
nic_free (gpointer p)
{
  struct ferry_target_nic *nic = p;

  g_free (nic->mac);
  g_free (nic->vnet);
  g_free (nic);
}

void
ferry_target_init (struct ferry_target *target)
{
  memset (target, 0, sizeof *target);
  target->inspection.major = target->inspection.minor = -1;
  target->notes = g_ptr_array_new_with_free_func (g_free);
  target->nics = g_ptr_array_new_with_free_func (nic_free);
}

void
ferry_target_clear (struct ferry_target *target)
{
  struct ferry_inspection *i = &target->inspection;

  g_free (i->root);
  g_free (i->type);
  g_free (i->distro);
  g_free (i->product_name);
  g_free (i->arch);
  g_free (i->hostname);
  g_free (i->package_format);
  g_free (i->osinfo);
  if (target->notes)
    g_ptr_array_unref (target->notes);
  if (target->nics)
    g_ptr_array_unref (target->nics);
  memset (target, 0, sizeof *target);
}

void
ferry_target_note (struct ferry_target *target, const char *fmt, ...)
{
  va_list args;
  char *note;

  va_start (args, fmt);
  note = g_strdup_vprintf (fmt, args);
  va_end (args);
  ferry_warning ("%s", note);
  g_ptr_array_add (target->notes, note);
}

void
ferry_target_add_note (struct ferry_target *target, const char *fmt, ...)
{
  va_list args;

  va_start (args, fmt);
  g_ptr_array_add (target->notes, g_strdup_vprintf (fmt, args));
  va_end (args);
}

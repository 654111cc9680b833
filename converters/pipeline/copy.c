/* ferry: copying a converted disk (see copy.h). */

#include <config.h>

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "copy.h"
#include "command.h"
#include "errors.h"
#include "banned.h"

int
ferry_copy_parse_progress (const char *line)
{
  const char *p = line + strspn (line, " ");
  unsigned whole = 0, frac = 0, digits = 0;

  if (*p++ != '(')
    return -1;
  if (!g_ascii_isdigit (*p))
    return -1;
  while (g_ascii_isdigit (*p) && whole <= 100)
    whole = whole * 10 + (*p++ - '0');
  if (*p == '.') {
    p++;
    while (g_ascii_isdigit (*p)) {
      if (digits < 2) {
        frac = frac * 10 + (*p - '0');
        digits++;
      }
      p++;
    }
  }
  while (digits < 2) {
    frac *= 10;
    digits++;
  }
  if (strcmp (p, "/100%)") != 0 || whole > 100 || (whole == 100 && frac > 0))
    return -1;
  return (int) (whole * 100 + frac);
}

struct progress_state {
  struct ferry_progress *p;
  uint64_t base, size;
};

static int
on_line (const char *line, void *opaque)
{
  struct progress_state *s = opaque;
  int hundredths = ferry_copy_parse_progress (line);

  if (hundredths >= 0 && s->p != NULL)
    ferry_progress_update (s->p, s->base + s->size / 10000 * hundredths
                           + s->size % 10000 * hundredths / 10000);
  return 0;
}

int
ferry_copy_disk (const struct ferry_copy *copy, struct ferry_progress *p,
                 uint64_t base)
{
  struct progress_state state = {
    .p = p, .base = base, .size = copy->virtual_size,
  };
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *err = NULL;
  bool preallocated = copy->alloc == FERRY_ALLOC_PREALLOCATED;
  int r;

#define ARG(s) g_ptr_array_add (argv, g_strdup (s))
  ARG ("qemu-img");
  ARG ("convert");
  ARG ("-p");
  ARG ("-W");
  ARG ("-m");
  ARG ("8");
  ARG ("-f");
  ARG ("qcow2");
  if (copy->dest == NULL) {
    /* Read everything, write nowhere: -o null still proves the copy. */
    ARG ("-n");
    ARG (copy->overlay);
    ARG ("--target-image-opts");
    g_ptr_array_add (argv,
                     g_strdup_printf ("driver=null-co,size=%" G_GUINT64_FORMAT,
                                      copy->virtual_size));
  }
  else {
    ARG ("-O");
    ARG (ferry_output_format_name (copy->format));
    if (copy->format == FERRY_FORMAT_QCOW2)
      g_ptr_array_add (argv, g_strdup_printf ("-ocompat=1.1%s",
                                              preallocated
                                              ? ",preallocation=falloc" : ""));
    else if (preallocated)
      ARG ("-opreallocation=falloc");
    ARG (copy->overlay);
    ARG (copy->dest_open ? copy->dest_open : copy->dest);
  }
  g_ptr_array_add (argv, NULL);
#undef ARG

  r = ferry_command_run ((const char *const *) argv->pdata, NULL, on_line,
                         &state, &err);
  if (r == -1) {
    if (copy->dest)
      ferry_error_prefix ("cannot copy the disk to '%s'", copy->dest);
    else
      ferry_error_prefix ("cannot read the converted disk");
    return -1;
  }
  if (r != 0) {
    g_autofree char *last = ferry_last_line (err);
    const char *why = last[0] ? last : "qemu-img convert failed";

    if (copy->dest == NULL)
      ferry_error ("cannot read the converted disk: %s", why);
    else if (strstr (err, "No space left on device") != NULL)
      ferry_error ("cannot write '%s': No space left on device", copy->dest);
    else
      ferry_error ("cannot copy the disk to '%s': %s", copy->dest, why);
    return -1;
  }
  return 0;
}

/* ferry-p2v-gtk: the GTK3 wizard of ferry-p2v.
 *
 * ferry-p2v execs this program when no p2v.server key is given and a
 * display is there, with its own arguments: the same options (--cmdline,
 * --cmdline-file, --test-disk, -v).  This file reads them and the p2v.*
 * keys (which prefill the wizard), probes the machine, resolves the one
 * against the other, then builds the window and its pages and runs GTK's
 * main loop.  The pages are in connection.c, machine.c and converting.c.
 */

#include <config.h>

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "wizard.h"
#include "settings.h"
#include "probe.h"
#include "errors.h"
#include "options.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

#ifndef FERRY_LOCALEDIR
#define FERRY_LOCALEDIR "/usr/share/locale"
#endif

enum option_id {
  OPT_CMDLINE = 256, OPT_CMDLINE_FILE, OPT_TEST_DISK, OPT_VERBOSE,
};

static const struct ferry_option options[] = {
  { OPT_CMDLINE, "cmdline", 0, "STRING", "read the p2v.* keys from STRING, not /proc/cmdline" },
  { OPT_CMDLINE_FILE, "cmdline-file", 0, "FILE", "read them from FILE" },
  { OPT_TEST_DISK, "test-disk", 0, "FILE", "for tests: FILE stands for a disk (repeatable: sda, sdb...)" },
  { OPT_VERBOSE, "verbose", 'v', NULL, "debug messages in the log (as p2v.verbose)" },
  FERRY_OPTIONS_STANDARD,
};

struct settings {
  const char *cmdline;
  const char *cmdline_file;
  GPtrArray *test_disks;      /* NULL-terminated */
  bool verbose;
};

static int
handle_option (int id, const char *arg, void *opaque)
{
  struct settings *s = opaque;

  switch (id) {
  case OPT_CMDLINE: s->cmdline = arg; return 0;
  case OPT_CMDLINE_FILE: s->cmdline_file = arg; return 0;
  case OPT_TEST_DISK:
    g_ptr_array_insert (s->test_disks, s->test_disks->len - 1,
                        (char *) arg);
    return 0;
  case OPT_VERBOSE: s->verbose = true; return 0;
  default:
    return ferry_options_standard (id,
      "ferry-p2v-gtk: the graphical wizard of ferry-p2v\n"
      "\n"
      "usage: ferry-p2v-gtk [--cmdline=STRING | --cmdline-file=FILE]\n"
      "  (ferry-p2v starts it when no p2v.server key is given and a\n"
      "  display is there; the p2v.* keys given prefill the wizard)\n",
      options, G_N_ELEMENTS (options));
  }
}

void
wizard_name (GtkWidget *w, const char *id, const char *accessible)
{
  gtk_widget_set_name (w, id);
  atk_object_set_name (gtk_widget_get_accessible (w), accessible);
}

void
wizard_grid_row (GtkGrid *grid, int row, int column, const char *mnemonic,
                 GtkWidget *w, const char *id, const char *accessible)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), w);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  gtk_grid_attach (grid, w, column + 1, row, 1, 1);
  wizard_name (w, id, accessible);
}

void
wizard_check (GtkWidget *check, const char *id, const char *accessible)
{
  wizard_name (check, id, accessible);
  gtk_widget_set_receives_default (check, FALSE);
}

GtkWidget *
wizard_heading_mnemonic (const char *mnemonic)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", mnemonic);

  gtk_label_set_markup_with_mnemonic (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  return label;
}

GtkWidget *
wizard_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  return label;
}

void
wizard_set_default (struct wizard *wizard, GtkWidget *button)
{
  GtkWidget *old = gtk_window_get_default_widget (GTK_WINDOW (wizard->window));

  if (old != NULL && old != button)
    gtk_style_context_remove_class (gtk_widget_get_style_context (old),
                                    "suggested-action");
  gtk_widget_grab_default (button);
  gtk_style_context_add_class (gtk_widget_get_style_context (button),
                               "suggested-action");
}

void
wizard_set_string (char **field, const char *value)
{
  g_free (*field);
  *field = value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

void
wizard_error (struct wizard *wizard, const char *primary,
              const char *secondary)
{
  GtkWidget *dialog =
    gtk_message_dialog_new (GTK_WINDOW (wizard->window),
                            GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                            GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s",
                            primary);

  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              "%s", secondary);
  gtk_dialog_run (GTK_DIALOG (dialog));
  gtk_widget_destroy (dialog);
}

void
wizard_show_page (struct wizard *wizard, enum wizard_page page)
{
  static const char *const names[] = {
    [WIZARD_CONNECTION] = "connection",
    [WIZARD_MACHINE] = "machine",
    [WIZARD_CONVERTING] = "converting",
  };

  wizard->page = page;
  gtk_stack_set_visible_child_name (GTK_STACK (wizard->stack), names[page]);
  gtk_widget_set_visible (wizard->buttons, page != WIZARD_CONVERTING);
  gtk_widget_set_sensitive (wizard->back, page != WIZARD_CONNECTION);
  switch (page) {
  case WIZARD_CONNECTION: connection_page_shown (wizard); break;
  case WIZARD_MACHINE: machine_page_shown (wizard); break;
  case WIZARD_CONVERTING: break;
  }
}

static void
on_back (GtkButton *button, struct wizard *wizard)
{
  if (wizard->page == WIZARD_MACHINE)
    wizard_show_page (wizard, WIZARD_CONNECTION);
}

static void
on_next (GtkButton *button, struct wizard *wizard)
{
  switch (wizard->page) {
  case WIZARD_CONNECTION:
    connection_page_apply (wizard);
    wizard_show_page (wizard, WIZARD_MACHINE);
    break;
  case WIZARD_MACHINE:
    connection_page_apply (wizard);
    if (!machine_page_apply (wizard))
      return;
    wizard_show_page (wizard, WIZARD_CONVERTING);
    converting_page_start (wizard);
    break;
  case WIZARD_CONVERTING:
    break;
  }
}

/* Closing the window during a conversion stops it first: the engine's
 * thread must end before the program does (its nbdkits are tied to it).
 */
static gboolean
on_delete (GtkWidget *window, GdkEvent *event, struct wizard *wizard)
{
  if (!converting_page_running (wizard))
    return FALSE;
  wizard->quit_when_stopped = true;
  converting_page_stop (wizard);
  gtk_widget_hide (window);
  return TRUE;
}

/* The progress bars' figures are read from afar, on a remote console:
 * in the text's own colour, not dimmed.
 */
static void
add_style (void)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_data (css,
                                   "progressbar text { color: @theme_fg_color; }",
                                   -1, NULL);
  gtk_style_context_add_provider_for_screen
    (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
     GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
build_window (struct wizard *wizard)
{
  GtkWidget *box, *pages[3];
  size_t i;
  static const char *const names[] = { "connection", "machine",
                                       "converting" };

  wizard->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  /* A BMC's remote console is often 800x600: everything fits there. */
  gtk_window_set_default_size (GTK_WINDOW (wizard->window), 800, 600);
  gtk_window_set_title (GTK_WINDOW (wizard->window),
                        _("ferry: move this machine to KVM"));
  wizard_name (wizard->window, "ferry-p2v", _("ferry-p2v"));
  g_signal_connect (wizard->window, "delete-event", G_CALLBACK (on_delete),
                    wizard);
  g_signal_connect (wizard->window, "destroy", G_CALLBACK (gtk_main_quit),
                    NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_container_add (GTK_CONTAINER (wizard->window), box);

  wizard->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (wizard->stack),
                                 GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_set_vexpand (wizard->stack, TRUE);
  gtk_box_pack_start (GTK_BOX (box), wizard->stack, TRUE, TRUE, 0);

  wizard->buttons = gtk_button_box_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_button_box_set_layout (GTK_BUTTON_BOX (wizard->buttons),
                             GTK_BUTTONBOX_END);
  gtk_box_set_spacing (GTK_BOX (wizard->buttons), 6);
  wizard->back = gtk_button_new_with_mnemonic (_("_Back"));
  wizard_name (wizard->back, "back", _("Back"));
  wizard->next = gtk_button_new_with_mnemonic (_("_Next"));
  wizard_name (wizard->next, "next", _("Next"));
  gtk_widget_set_can_default (wizard->next, TRUE);
  g_signal_connect (wizard->back, "clicked", G_CALLBACK (on_back), wizard);
  g_signal_connect (wizard->next, "clicked", G_CALLBACK (on_next), wizard);
  gtk_container_add (GTK_CONTAINER (wizard->buttons), wizard->back);
  gtk_container_add (GTK_CONTAINER (wizard->buttons), wizard->next);
  gtk_box_pack_end (GTK_BOX (box), wizard->buttons, FALSE, FALSE, 0);

  pages[0] = connection_page_new (wizard);
  pages[1] = machine_page_new (wizard);
  pages[2] = converting_page_new (wizard);
  for (i = 0; i < 3; i++)
    gtk_stack_add_named (GTK_STACK (wizard->stack), pages[i], names[i]);
  gtk_widget_show_all (wizard->window);
  gtk_window_move (GTK_WINDOW (wizard->window), 0, 0);
  wizard_show_page (wizard, WIZARD_CONNECTION);
}

static int
fail (void)
{
  fprintf (stderr, "%s: %s\n", g_get_prgname (), ferry_error_get ());
  return EXIT_FAILURE;
}

int
main (int argc, char **argv)
{
  struct settings s = { 0 };
  g_autoptr (GPtrArray) test_disks = g_ptr_array_new ();
  g_autoptr (ferry_p2v_config) config = NULL;
  g_autoptr (ferry_p2v_machine) machine = NULL;
  struct wizard wizard = { 0 };
  int r;

  setlocale (LC_ALL, "");
  bindtextdomain (FERRY_PACKAGE, FERRY_LOCALEDIR);
  bind_textdomain_codeset (FERRY_PACKAGE, "UTF-8");
  textdomain (FERRY_PACKAGE);
  g_set_prgname ("ferry-p2v-gtk");

  g_ptr_array_add (test_disks, NULL);
  s.test_disks = test_disks;
  r = ferry_options_parse (argc, argv, options, G_N_ELEMENTS (options), 0,
                           handle_option, &s);
  if (r == -2)
    return EXIT_SUCCESS;
  if (r == -1)
    return fail ();
  if (r < argc) {
    fprintf (stderr, "%s: unexpected argument '%s' (see --help)\n",
             g_get_prgname (), argv[r]);
    return EXIT_FAILURE;
  }

  config = ferry_p2v_config_load (s.cmdline, s.cmdline_file, s.verbose);
  if (config == NULL)
    return fail ();
  machine = ferry_p2v_machine_load ((const char *const *) test_disks->pdata);
  if (machine == NULL)
    return fail ();
  if (ferry_p2v_config_resolve (config, machine) == -1)
    return fail ();

  if (!gtk_init_check (NULL, NULL)) {
    fprintf (stderr, "%s: cannot open the display\n", g_get_prgname ());
    return EXIT_FAILURE;
  }
  ferry_tempfiles_install ();
  wizard.config = config;
  wizard.machine = machine;
  add_style ();
  build_window (&wizard);
  gtk_main ();
  return EXIT_SUCCESS;
}

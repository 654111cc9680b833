/* ferry-p2v-gtk: the second page, the machine and where it goes.
 *
 * The guest's name, vCPUs and memory (the probe's defaults, or the
 * keys'), the output (the server's offer once the connection was
 * tested, else what p2v.o is), storage, format and allocation; then,
 * in a scrolled list, the fixed disks, the removables and the network
 * interfaces, each with a check box.
 *
 * Under each disk, its pre-flight warnings (preflight.h), one line of
 * explanation each; the warnings about the whole machine (too little
 * space on the server, from the connection test's free space) at the
 * top of the list.  The checks run on a worker thread (they read the
 * disks and run pvs and mdadm) whenever the page is shown or a disk is
 * ticked or unticked; a result that a newer run made stale is dropped.
 *
 * Beside each network interface, "Identify" blinks its port's LED for
 * a few seconds (nic.h, on a worker thread; the button is insensitive
 * meanwhile), and a line under it says why when it cannot.
 */

#include <config.h>

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "wizard.h"
#include "errors.h"
#include "nic.h"
#include "preflight.h"
#include "report.h"
#include "banned.h"

struct wizard_machine {
  GtkWidget *name, *vcpus, *memory, *output, *storage, *format, *alloc;
  GPtrArray *disk_checks;       /* GtkWidget *, one per machine disk */
  GPtrArray *disk_warnings;     /* GtkWidget * (labels), same order */
  GtkWidget *machine_warnings;  /* the label for warnings of no one disk */
  unsigned preflight_runs;      /* runs started: the last one is shown */
  GPtrArray *removable_checks;  /* one per machine removable */
  GPtrArray *nic_checks;        /* one per machine NIC */
  GPtrArray *nic_networks;      /* GtkComboBoxText with entry, same order */
};

/* How long Identify blinks a port, in seconds. */
#define IDENTIFY_SECONDS 5

static bool
in_list (const GPtrArray *list, const char *name)
{
  size_t i;

  for (i = 0; list != NULL && i < list->len; i++)
    if (strcmp (list->pdata[i], name) == 0)
      return true;
  return false;
}

/* Where p2v.network sends IFACE ("IFACE:NET", else a bare "NET"). */
static const char *
network_of (const struct ferry_p2v_config *config, const char *iface)
{
  const char *fallback = NULL;
  size_t i, n = strlen (iface);

  for (i = 0; config->network != NULL && i < config->network->len; i++) {
    const char *m = config->network->pdata[i];
    const char *colon = strchr (m, ':');

    if (colon == NULL)
      fallback = m;
    else if ((size_t) (colon - m) == n && strncmp (m, iface, n) == 0)
      return colon + 1;
  }
  return fallback;
}

/* Fill COMBO with CHOICES (NULL-terminated) and select CURRENT. */
static void
fill_choices (GtkWidget *combo, const char *const *choices,
              const char *current)
{
  size_t i;

  gtk_combo_box_text_remove_all (GTK_COMBO_BOX_TEXT (combo));
  for (i = 0; choices[i] != NULL; i++)
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), choices[i],
                               choices[i]);
  if (current == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo),
                                                       current))
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
}

/* The disks ticked, by name (char *, a new array). */
static GPtrArray *
ticked_disks (struct wizard *wizard)
{
  struct wizard_machine *m = wizard->machine_page;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  size_t i;

  for (i = 0; i < m->disk_checks->len; i++)
    if (gtk_widget_get_sensitive (m->disk_checks->pdata[i]) &&
        gtk_toggle_button_get_active (m->disk_checks->pdata[i]))
      g_ptr_array_add (names, g_strdup (((struct ferry_p2v_disk *)
                                         wizard->machine->disks->pdata[i])
                                        ->name));
  return names;
}

/* One run of the pre-flight checks, on a worker thread. */
struct preflight_run {
  struct wizard *wizard;
  unsigned number;              /* its place in m->preflight_runs */
  GPtrArray *disks;             /* char *: the disks ticked */
  bool have_server;
  struct ferry_p2v_server_info server;  /* has_free and free alone */
  GPtrArray *warnings;          /* the result */
};

static void
preflight_run_free (struct preflight_run *run)
{
  g_ptr_array_unref (run->disks);
  if (run->warnings)
    g_ptr_array_unref (run->warnings);
  g_free (run);
}

static void
preflight_thread (GTask *task, gpointer source, gpointer data,
                  GCancellable *cancellable)
{
  struct preflight_run *run = data;

  /* The probed machine is only read, here and on the main thread. */
  run->warnings = ferry_p2v_preflight (run->wizard->machine, run->disks,
                                       run->have_server ? &run->server
                                                        : NULL,
                                       NULL);
  g_task_return_boolean (task, TRUE);
}

/* A label with no warning takes no room in the list. */
static void
set_warnings (GtkWidget *label, GString *lines)
{
  gtk_label_set_markup (GTK_LABEL (label), lines->str);
  gtk_widget_set_visible (label, lines->len > 0);
}

static void
append_warning (GString *lines, const char *text)
{
  g_autofree char *line =
    g_markup_printf_escaped ("<span foreground=\"#9c6e03\">⚠ %s</span>",
                             text);

  g_string_append_printf (lines, "%s%s", lines->len ? "\n" : "", line);
}

static void
preflight_done (GObject *source, GAsyncResult *result, gpointer data)
{
  struct preflight_run *run = g_task_get_task_data (G_TASK (result));
  struct wizard *wizard = run->wizard;
  struct wizard_machine *m = wizard->machine_page;
  const GPtrArray *disks = wizard->machine->disks;
  g_autoptr (GString) lines = g_string_new (NULL);
  size_t i, j;

  if (run->number != m->preflight_runs)
    return;                     /* a newer run is under way */
  for (i = 0; i < disks->len; i++) {
    const struct ferry_p2v_disk *d = disks->pdata[i];

    g_string_truncate (lines, 0);
    if (d->in_use)
      append_warning (lines, _("in use by the live system this machine "
                               "booted from: it cannot be converted"));
    for (j = 0; j < run->warnings->len; j++) {
      const struct ferry_p2v_warning *w = run->warnings->pdata[j];

      if (w->disk != NULL && strcmp (w->disk, d->name) == 0)
        append_warning (lines, w->text);
    }
    set_warnings (m->disk_warnings->pdata[i], lines);
  }
  g_string_truncate (lines, 0);
  for (j = 0; j < run->warnings->len; j++) {
    const struct ferry_p2v_warning *w = run->warnings->pdata[j];

    if (w->disk == NULL)
      append_warning (lines, w->text);
  }
  set_warnings (m->machine_warnings, lines);
}

/* Run the pre-flight checks on the disks ticked now. */
static void
preflight_start (struct wizard *wizard)
{
  struct wizard_machine *m = wizard->machine_page;
  const struct ferry_p2v_server_info *server =
    connection_page_server (wizard);
  struct preflight_run *run = g_new0 (struct preflight_run, 1);
  g_autoptr (GTask) task = g_task_new (NULL, NULL, preflight_done, NULL);

  run->wizard = wizard;
  run->number = ++m->preflight_runs;
  run->disks = ticked_disks (wizard);
  if (server != NULL) {
    run->have_server = true;
    run->server.has_free = server->has_free;
    run->server.free = server->free;
  }
  g_task_set_task_data (task, run, (GDestroyNotify) preflight_run_free);
  g_task_run_in_thread (task, preflight_thread);
}

static void
on_disk_toggled (GtkToggleButton *check, struct wizard *wizard)
{
  preflight_start (wizard);
}

/* Offer in COMBO only what the server offers, OFFER (char *; NULL or
 * empty: keep the choices as they are), keeping the choice made if it
 * is among them, else FALLBACK's.
 */
static void
offer_choices (GtkWidget *combo, const GPtrArray *offer,
               const char *fallback)
{
  g_autofree char *current =
    g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo)));
  g_autoptr (GPtrArray) choices = NULL;
  size_t i;

  if (offer == NULL || offer->len == 0)
    return;
  choices = g_ptr_array_new ();
  for (i = 0; i < offer->len; i++)
    g_ptr_array_add (choices, offer->pdata[i]);
  g_ptr_array_add (choices, NULL);
  fill_choices (combo, (const char *const *) choices->pdata,
                current && in_list (offer, current) ? current : fallback);
}

void
machine_page_shown (struct wizard *wizard)
{
  struct wizard_machine *m = wizard->machine_page;
  const struct ferry_p2v_server_info *server =
    connection_page_server (wizard);

  /* Only what the server offers, once the connection was tested. */
  if (server != NULL) {
    offer_choices (m->output, server->outputs, wizard->config->output);
    offer_choices (m->format, server->formats,
                   wizard->config->output_format);
    offer_choices (m->alloc, server->allocations,
                   wizard->config->output_alloc);
  }
  gtk_button_set_label (GTK_BUTTON (wizard->next), _("_Start conversion"));
  atk_object_set_name (gtk_widget_get_accessible (wizard->next),
                       _("Start conversion"));
  gtk_widget_set_sensitive (wizard->next, TRUE);
  wizard_set_default (wizard, wizard->next);
  gtk_widget_grab_focus (m->name);
  /* The server may have changed since the page was last shown. */
  preflight_start (wizard);
}

static void
set_list (GPtrArray **list, GPtrArray *checks, GPtrArray *disks)
{
  size_t i;

  g_clear_pointer (list, g_ptr_array_unref);
  *list = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < checks->len; i++)
    if (gtk_widget_get_sensitive (checks->pdata[i]) &&
        gtk_toggle_button_get_active (checks->pdata[i]))
      g_ptr_array_add (*list,
                       g_strdup (((struct ferry_p2v_disk *)
                                  disks->pdata[i])->name));
}

bool
machine_page_apply (struct wizard *wizard)
{
  struct wizard_machine *m = wizard->machine_page;
  struct ferry_p2v_config *config = wizard->config;
  const GPtrArray *nics = wizard->machine->nics;
  const char *name = gtk_entry_get_text (GTK_ENTRY (m->name));
  size_t i;

  if (name[0] == '\0' || strchr (name, '/') != NULL) {
    wizard_error (wizard, _("The guest needs a name"),
                  _("Type a name without '/': it names the files on "
                    "the server."));
    return false;
  }
  wizard_set_string (&config->name, name);
  config->vcpus =
    gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (m->vcpus));
  config->memory = (uint64_t)
    gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (m->memory))
    * 1024 * 1024;
  wizard_set_string (&config->output,
                     gtk_combo_box_get_active_id (GTK_COMBO_BOX (m->output)));
  wizard_set_string (&config->output_storage,
                     gtk_entry_get_text (GTK_ENTRY (m->storage)));
  wizard_set_string (&config->output_format,
                     gtk_combo_box_get_active_id (GTK_COMBO_BOX (m->format)));
  wizard_set_string (&config->output_alloc,
                     gtk_combo_box_get_active_id (GTK_COMBO_BOX (m->alloc)));

  set_list (&config->disks, m->disk_checks, wizard->machine->disks);
  set_list (&config->removable, m->removable_checks,
            wizard->machine->removables);
  g_clear_pointer (&config->interfaces, g_ptr_array_unref);
  g_clear_pointer (&config->network, g_ptr_array_unref);
  config->interfaces = g_ptr_array_new_with_free_func (g_free);
  config->network = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < nics->len; i++) {
    const struct ferry_p2v_nic *nic = nics->pdata[i];
    GtkWidget *entry = gtk_bin_get_child (GTK_BIN (m->nic_networks->pdata[i]));
    const char *network = gtk_entry_get_text (GTK_ENTRY (entry));

    if (!gtk_toggle_button_get_active (m->nic_checks->pdata[i]))
      continue;
    g_ptr_array_add (config->interfaces, g_strdup (nic->name));
    if (network[0] != '\0')
      g_ptr_array_add (config->network,
                       g_strdup_printf ("%s:%s", nic->name, network));
  }
  if (config->disks->len == 0) {
    wizard_error (wizard, _("No disk is selected"),
                  _("Tick at least one fixed disk to convert."));
    return false;
  }
  return true;
}

static GtkWidget *
choices_combo (const char *key, const char *current)
{
  const struct ferry_p2v_setting *s = ferry_p2v_setting_find (key);
  GtkWidget *combo = gtk_combo_box_text_new ();

  fill_choices (combo, s->choices, current);
  return combo;
}

/* "6.0 GiB  model  serial" for disk D. */
static char *
disk_text (const struct ferry_p2v_disk *d)
{
  g_autofree char *size = ferry_human_size (d->size);

  return g_strdup_printf ("%s   %s   %s%s%s", d->name, size,
                          d->model ? d->model : _("(no model)"),
                          d->serial ? _("   serial ") : "",
                          d->serial ? d->serial : "");
}

static void
add_disks (struct wizard *wizard, GtkWidget *list)
{
  struct wizard_machine *m = wizard->machine_page;
  const GPtrArray *disks = wizard->machine->disks;
  size_t i;

  for (i = 0; i < disks->len; i++) {
    const struct ferry_p2v_disk *d = disks->pdata[i];
    g_autofree char *text = disk_text (d);
    g_autofree char *id = g_strdup_printf ("disk-%s", d->name);
    g_autofree char *wid = g_strdup_printf ("preflight-%s", d->name);
    g_autofree char *wname = g_strdup_printf (_("Pre-flight %s"), d->name);
    GtkWidget *check = gtk_check_button_new_with_label (text);
    GtkWidget *warning = gtk_label_new (NULL);

    wizard_check (check, id, text);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check),
                                  in_list (wizard->config->disks, d->name));
    /* Pre-flight warnings go here, one line each (preflight_done);
     * hidden while there are none.
     */
    gtk_label_set_xalign (GTK_LABEL (warning), 0.0);
    gtk_label_set_line_wrap (GTK_LABEL (warning), TRUE);
    gtk_widget_set_margin_start (warning, 28);
    gtk_widget_set_no_show_all (warning, TRUE);
    wizard_name (warning, wid, wname);
    if (d->in_use)
      gtk_widget_set_sensitive (check, FALSE);
    g_signal_connect (check, "toggled", G_CALLBACK (on_disk_toggled),
                      wizard);
    gtk_box_pack_start (GTK_BOX (list), check, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (list), warning, FALSE, FALSE, 0);
    g_ptr_array_add (m->disk_checks, check);
    g_ptr_array_add (m->disk_warnings, warning);
  }
}

static void
add_removables (struct wizard *wizard, GtkWidget *list)
{
  struct wizard_machine *m = wizard->machine_page;
  const GPtrArray *removables = wizard->machine->removables;
  size_t i;

  if (removables->len == 0) {
    GtkWidget *none = gtk_label_new (_("none"));

    gtk_label_set_xalign (GTK_LABEL (none), 0.0);
    gtk_box_pack_start (GTK_BOX (list), none, FALSE, FALSE, 0);
  }
  for (i = 0; i < removables->len; i++) {
    const struct ferry_p2v_disk *d = removables->pdata[i];
    g_autofree char *text =
      g_strdup_printf ("%s   %s   %s", d->name,
                       d->cdrom ? _("CD-ROM drive") : _("removable"),
                       d->model ? d->model : "");
    g_autofree char *id = g_strdup_printf ("removable-%s", d->name);
    GtkWidget *check = gtk_check_button_new_with_label (text);

    wizard_check (check, id, text);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check),
                                  in_list (wizard->config->removable,
                                           d->name));
    gtk_box_pack_start (GTK_BOX (list), check, FALSE, FALSE, 0);
    g_ptr_array_add (m->removable_checks, check);
  }
}

/* One Identify, on a worker thread. */
struct identify_run {
  char *nic;
  GtkWidget *button;            /* a reference each */
  GtkWidget *message;
  int r;
  char *error;
};

static void
identify_run_free (struct identify_run *run)
{
  g_free (run->nic);
  g_object_unref (run->button);
  g_object_unref (run->message);
  g_free (run->error);
  g_free (run);
}

static void
identify_thread (GTask *task, gpointer source, gpointer data,
                 GCancellable *cancellable)
{
  struct identify_run *run = data;

  run->r = ferry_p2v_identify_nic (run->nic, IDENTIFY_SECONDS);
  if (run->r == -1)
    run->error = g_strdup (ferry_error_get ());
  g_task_return_boolean (task, TRUE);
}

static void
identify_done (GObject *source, GAsyncResult *result, gpointer data)
{
  struct identify_run *run = g_task_get_task_data (G_TASK (result));
  g_autofree char *markup = NULL;

  gtk_widget_set_sensitive (run->button, TRUE);
  if (run->r == 0)
    markup = g_strdup ("");
  else
    markup = g_markup_printf_escaped ("<span foreground=\"#c01c28\">"
                                      "%s</span>", run->error);
  gtk_label_set_markup (GTK_LABEL (run->message), markup);
  gtk_widget_set_tooltip_text (run->message, run->error);
}

static void
on_identify (GtkButton *button, GtkWidget *message)
{
  struct identify_run *run = g_new0 (struct identify_run, 1);
  g_autoptr (GTask) task = g_task_new (NULL, NULL, identify_done, NULL);
  g_autofree char *text = NULL;

  run->nic = g_strdup (g_object_get_data (G_OBJECT (button), "nic"));
  run->button = g_object_ref (GTK_WIDGET (button));
  run->message = g_object_ref (message);
  gtk_widget_set_sensitive (run->button, FALSE);
  text = g_strdup_printf (_("The LED of %s blinks for %d seconds…"),
                          run->nic, IDENTIFY_SECONDS);
  gtk_label_set_text (GTK_LABEL (message), text);
  g_task_set_task_data (task, run, (GDestroyNotify) identify_run_free);
  g_task_run_in_thread (task, identify_thread);
}

static void
add_nics (struct wizard *wizard, GtkWidget *list)
{
  struct wizard_machine *m = wizard->machine_page;
  const GPtrArray *nics = wizard->machine->nics;
  GtkWidget *grid = gtk_grid_new ();
  size_t i;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  if (nics->len == 0) {
    GtkWidget *none = gtk_label_new (_("none"));

    gtk_label_set_xalign (GTK_LABEL (none), 0.0);
    gtk_box_pack_start (GTK_BOX (list), none, FALSE, FALSE, 0);
  }
  for (i = 0; i < nics->len; i++) {
    const struct ferry_p2v_nic *nic = nics->pdata[i];
    const char *link = nic->link == FERRY_P2V_LINK_UP ? _("link up")
      : nic->link == FERRY_P2V_LINK_DOWN ? _("link down")
      : _("link unknown");
    g_autofree char *text = g_strdup_printf ("%s   %s   %s", nic->name,
                                             nic->mac ? nic->mac : "", link);
    g_autofree char *id = g_strdup_printf ("nic-%s", nic->name);
    g_autofree char *nid = g_strdup_printf ("network-%s", nic->name);
    g_autofree char *nname = g_strdup_printf (_("Network for %s"),
                                              nic->name);
    const char *network = network_of (wizard->config, nic->name);
    g_autofree char *iid = g_strdup_printf ("identify-%s", nic->name);
    g_autofree char *iname = g_strdup_printf (_("Identify %s"), nic->name);
    g_autofree char *mid = g_strdup_printf ("identify-message-%s",
                                            nic->name);
    g_autofree char *mname = g_strdup_printf (_("Identify message for %s"),
                                              nic->name);
    GtkWidget *check = gtk_check_button_new_with_label (text);
    GtkWidget *combo = gtk_combo_box_text_new_with_entry ();
    GtkWidget *identify = gtk_button_new_with_mnemonic (_("_Identify"));
    GtkWidget *message = gtk_label_new (NULL);
    GtkWidget *entry = gtk_bin_get_child (GTK_BIN (combo));

    wizard_check (check, id, text);
    wizard_name (combo, nid, nname);
    /* The entry is what has the focus: it carries the name too. */
    wizard_name (entry, nid, nname);
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    wizard_name (identify, iid, iname);
    wizard_name (message, mid, mname);
    gtk_widget_set_tooltip_text (identify, _("Blink this port's LED, to "
                                             "find it on the machine"));
    g_object_set_data_full (G_OBJECT (identify), "nic",
                            g_strdup (nic->name), g_free);
    g_signal_connect (identify, "clicked", G_CALLBACK (on_identify),
                      message);
    /* One line: a long message is cut, whole in the tooltip. */
    gtk_label_set_xalign (GTK_LABEL (message), 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (message), PANGO_ELLIPSIZE_END);
    gtk_widget_set_margin_start (message, 28);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check),
                                  in_list (wizard->config->interfaces,
                                           nic->name));
    gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), "default");
    gtk_entry_set_text (GTK_ENTRY (entry), network ? network : "default");
    gtk_widget_set_hexpand (check, TRUE);
    gtk_grid_attach (GTK_GRID (grid), check, 0, 2 * i, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), combo, 1, 2 * i, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), identify, 2, 2 * i, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), message, 0, 2 * i + 1, 3, 1);
    g_ptr_array_add (m->nic_checks, check);
    g_ptr_array_add (m->nic_networks, combo);
  }
  gtk_box_pack_start (GTK_BOX (list), grid, FALSE, FALSE, 0);
}

/* A heading's mnemonic moves the focus to the first item under it,
 * without ticking or unticking it (as a check box's own mnemonic would).
 */
static gboolean
on_heading_mnemonic (GtkWidget *heading, gboolean group_cycling,
                     GtkWidget *target)
{
  gtk_widget_grab_focus (target);
  return TRUE;
}

/* HEADING's mnemonic goes to the first usable check box of CHECKS. */
static void
set_mnemonic_target (GtkWidget *heading, const GPtrArray *checks)
{
  size_t i;

  for (i = 0; i < checks->len; i++)
    if (gtk_widget_get_sensitive (checks->pdata[i])) {
      g_signal_connect (heading, "mnemonic-activate",
                        G_CALLBACK (on_heading_mnemonic), checks->pdata[i]);
      return;
    }
}

GtkWidget *
machine_page_new (struct wizard *wizard)
{
  struct wizard_machine *m = g_new0 (struct wizard_machine, 1);
  struct ferry_p2v_config *config = wizard->config;
  const char *const current_output[] = { config->output, NULL };
  GtkWidget *page, *grid, *scrolled, *list, *disks, *removables, *nics;

  wizard->machine_page = m;
  m->disk_checks = g_ptr_array_new ();
  m->disk_warnings = g_ptr_array_new ();
  m->removable_checks = g_ptr_array_new ();
  m->nic_checks = g_ptr_array_new ();
  m->nic_networks = g_ptr_array_new ();

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_pack_start (GTK_BOX (page),
                      wizard_heading (_("The virtual machine")),
                      FALSE, FALSE, 0);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  m->name = gtk_entry_new ();
  gtk_entry_set_text (GTK_ENTRY (m->name), config->name);
  gtk_widget_set_hexpand (m->name, TRUE);
  m->vcpus = gtk_spin_button_new_with_range (1, 1024, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (m->vcpus), config->vcpus);
  m->memory = gtk_spin_button_new_with_range (256, 16 * 1024 * 1024, 256);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (m->memory),
                             (double) (config->memory / (1024 * 1024)));
  /* Until the server says what it offers: what the keys say. */
  m->output = gtk_combo_box_text_new ();
  fill_choices (m->output, current_output, config->output);
  m->storage = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (m->storage),
                                  _("the server's default"));
  if (config->output_storage)
    gtk_entry_set_text (GTK_ENTRY (m->storage), config->output_storage);
  gtk_widget_set_hexpand (m->storage, TRUE);
  m->format = choices_combo ("p2v.of", config->output_format);
  m->alloc = choices_combo ("p2v.oa", config->output_alloc);

  wizard_grid_row (GTK_GRID (grid), 0, 0, _("_Name:"), m->name, "name",
                   _("Name"));
  wizard_grid_row (GTK_GRID (grid), 0, 2, _("_vCPUs:"), m->vcpus, "vcpus",
                   _("vCPUs"));
  wizard_grid_row (GTK_GRID (grid), 1, 0, _("S_torage (on the server):"),
                   m->storage, "storage", _("Storage"));
  wizard_grid_row (GTK_GRID (grid), 1, 2, _("_Memory (MiB):"), m->memory,
                   "memory", _("Memory"));
  wizard_grid_row (GTK_GRID (grid), 2, 0, _("_Output:"), m->output,
                   "output", _("Output"));
  wizard_grid_row (GTK_GRID (grid), 2, 2, _("_Format:"), m->format,
                   "format", _("Format"));
  wizard_grid_row (GTK_GRID (grid), 3, 2, _("_Allocation:"), m->alloc,
                   "allocation", _("Allocation"));
  gtk_entry_set_activates_default (GTK_ENTRY (m->name), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (m->storage), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (m->vcpus), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (m->memory), TRUE);
  gtk_box_pack_start (GTK_BOX (page), grid, FALSE, FALSE, 0);

  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_container_set_border_width (GTK_CONTAINER (list), 6);
  /* Each heading's mnemonic goes to the first item under it. */
  disks = wizard_heading_mnemonic (_("Fixed _disks"));
  gtk_box_pack_start (GTK_BOX (list), disks, FALSE, FALSE, 0);
  /* Warnings about all the disks together come first. */
  m->machine_warnings = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (m->machine_warnings), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (m->machine_warnings), TRUE);
  gtk_widget_set_no_show_all (m->machine_warnings, TRUE);
  wizard_name (m->machine_warnings, "preflight-machine",
               _("Pre-flight all disks"));
  gtk_box_pack_start (GTK_BOX (list), m->machine_warnings, FALSE, FALSE, 0);
  add_disks (wizard, list);
  set_mnemonic_target (disks, m->disk_checks);
  removables = wizard_heading_mnemonic (_("_Removable media"));
  gtk_box_pack_start (GTK_BOX (list), removables, FALSE, FALSE, 6);
  add_removables (wizard, list);
  set_mnemonic_target (removables, m->removable_checks);
  nics = wizard_heading_mnemonic (_("Net_work interfaces and their "
                                    "target networks"));
  gtk_box_pack_start (GTK_BOX (list), nics, FALSE, FALSE, 6);
  add_nics (wizard, list);
  set_mnemonic_target (nics, m->nic_checks);

  scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled),
                                       GTK_SHADOW_IN);
  gtk_widget_set_vexpand (scrolled, TRUE);
  /* A scroll bar that shows, for a remote console without a wheel. */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scrolled),
                                            FALSE);
  wizard_name (scrolled, "machine-devices",
               _("Disks, removable media and network interfaces"));
  gtk_container_add (GTK_CONTAINER (scrolled), list);
  /* Keyboard focus moving down the list scrolls it. */
  gtk_container_set_focus_vadjustment
    (GTK_CONTAINER (list),
     gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));
  gtk_box_pack_start (GTK_BOX (page), scrolled, TRUE, TRUE, 0);
  return page;
}

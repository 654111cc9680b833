/* ferry-p2v-gtk: the "Network…" dialog of the connection page.
 *
 * Configures one interface of the live system before the connection to
 * the server: DHCP, or a static IPv4 address with its prefix, a gateway
 * and DNS servers.  The interfaces offered are the probed machine's.
 * What the person typed is checked by the engine (netconf.h) on Apply,
 * and the message shown in the dialog, which stays open; once checked,
 * ferry_p2v_netconf_apply runs on a worker thread (GTask; dhclient may
 * take a while) with the dialog's buttons insensitive.  Success closes
 * the dialog and says so on the connection page; a failure is shown in
 * the dialog.
 */

#include <config.h>

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "wizard.h"
#include "netconf.h"
#include "errors.h"
#include "banned.h"

struct network_dialog {
  struct wizard *wizard;
  GtkWidget *dialog, *iface, *dhcp, *fixed;
  GtkWidget *address, *prefix, *gateway, *dns, *message;
  bool applying;
};

/* One configuration applied on a worker thread: its own strings. */
struct network_run {
  struct network_dialog *nd;
  char *iface, *address, *prefix, *gateway, *dns;
  bool dhcp;
  int r;
  char *error;
};

static void
network_run_free (struct network_run *run)
{
  g_free (run->iface);
  g_free (run->address);
  g_free (run->prefix);
  g_free (run->gateway);
  g_free (run->dns);
  g_free (run->error);
  g_free (run);
}

static void
set_message (struct network_dialog *nd, bool error, const char *text)
{
  g_autofree char *markup =
    error ? g_markup_printf_escaped ("<span foreground=\"#c01c28\">%s</span>",
                                     text)
          : g_markup_escape_text (text, -1);

  gtk_label_set_markup (GTK_LABEL (nd->message), markup);
}

/* The static fields matter only without DHCP. */
static void
update_fields (struct network_dialog *nd)
{
  bool fixed = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (nd->fixed));

  gtk_widget_set_sensitive (nd->address, fixed && !nd->applying);
  gtk_widget_set_sensitive (nd->prefix, fixed && !nd->applying);
  gtk_widget_set_sensitive (nd->gateway, fixed && !nd->applying);
  gtk_widget_set_sensitive (nd->dns, fixed && !nd->applying);
  gtk_dialog_set_response_sensitive (GTK_DIALOG (nd->dialog),
                                     GTK_RESPONSE_APPLY, !nd->applying);
  gtk_dialog_set_response_sensitive (GTK_DIALOG (nd->dialog),
                                     GTK_RESPONSE_CANCEL, !nd->applying);
}

#define NETWORK_HINT N_("Changes this live system only, not the " \
                            "machine's disks.")

static void
on_method (GtkToggleButton *button, struct network_dialog *nd)
{
  update_fields (nd);
}

/* A message about fields as they were goes once they change. */
static void
on_edited (GtkWidget *w, struct network_dialog *nd)
{
  if (!nd->applying)
    set_message (nd, false, _(NETWORK_HINT));
}

static void
run_thread (GTask *task, gpointer source, gpointer data,
            GCancellable *cancellable)
{
  struct network_run *run = data;
  const struct ferry_p2v_netconf nc = {
    .iface = run->iface, .dhcp = run->dhcp, .address = run->address,
    .prefix = run->prefix, .gateway = run->gateway, .dns = run->dns,
  };

  /* The probed machine is only read, here and on the main thread. */
  run->r = ferry_p2v_netconf_apply (&nc, run->nd->wizard->machine,
                                    "/etc/resolv.conf");
  if (run->r == -1)
    run->error = g_strdup (ferry_error_get ());
  g_task_return_boolean (task, TRUE);
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer data)
{
  struct network_run *run = g_task_get_task_data (G_TASK (result));
  struct network_dialog *nd = run->nd;
  g_autofree char *text = NULL;

  nd->applying = false;
  if (run->r == -1) {
    update_fields (nd);
    set_message (nd, true, run->error);
    return;
  }
  if (run->dhcp)
    text = g_strdup_printf (_("Network: %s configured by DHCP."),
                            run->iface);
  else
    text = g_strdup_printf (_("Network: %s configured as %s/%s."),
                            run->iface, run->address, run->prefix);
  connection_page_network_changed (nd->wizard, text);
  gtk_widget_destroy (nd->dialog);
}

static void
apply (struct network_dialog *nd)
{
  struct network_run *run = g_new0 (struct network_run, 1);
  g_autoptr (GTask) task = NULL;
  struct ferry_p2v_netconf nc;
  g_autofree char *text = NULL;

  run->nd = nd;
  run->iface = g_strdup (gtk_combo_box_get_active_id
                           (GTK_COMBO_BOX (nd->iface)));
  run->dhcp = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (nd->dhcp));
  run->address = g_strdup (gtk_entry_get_text (GTK_ENTRY (nd->address)));
  run->prefix = g_strdup (gtk_entry_get_text (GTK_ENTRY (nd->prefix)));
  run->gateway = g_strdup (gtk_entry_get_text (GTK_ENTRY (nd->gateway)));
  run->dns = g_strdup (gtk_entry_get_text (GTK_ENTRY (nd->dns)));
  nc = (struct ferry_p2v_netconf) {
    .iface = run->iface, .dhcp = run->dhcp, .address = run->address,
    .prefix = run->prefix, .gateway = run->gateway, .dns = run->dns,
  };
  /* What was typed is checked here, at once, with the engine's words. */
  if (ferry_p2v_netconf_check (&nc, nd->wizard->machine) == -1) {
    set_message (nd, true, ferry_error_get ());
    network_run_free (run);
    return;
  }
  nd->applying = true;
  update_fields (nd);
  text = g_strdup_printf (_("Configuring %s…"), run->iface);
  set_message (nd, false, text);
  task = g_task_new (NULL, NULL, run_done, NULL);
  g_task_set_task_data (task, run, (GDestroyNotify) network_run_free);
  g_task_run_in_thread (task, run_thread);
}

static void
on_response (GtkDialog *dialog, int response, struct network_dialog *nd)
{
  if (response == GTK_RESPONSE_APPLY) {
    apply (nd);
    return;
  }
  /* Closing waits for a configuration under way. */
  if (!nd->applying)
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static gboolean
on_delete (GtkWidget *dialog, GdkEvent *event, struct network_dialog *nd)
{
  return nd->applying;
}

void
network_dialog_show (struct wizard *wizard)
{
  struct network_dialog *nd = g_new0 (struct network_dialog, 1);
  const GPtrArray *nics = wizard->machine->nics;
  GtkWidget *content, *grid, *methods, *apply_button;
  size_t i;

  nd->wizard = wizard;
  nd->dialog = gtk_dialog_new_with_buttons
    (_("Network"), GTK_WINDOW (wizard->window),
     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
     _("_Cancel"), GTK_RESPONSE_CANCEL, NULL);
  apply_button = gtk_dialog_add_button (GTK_DIALOG (nd->dialog), _("_Apply"),
                                        GTK_RESPONSE_APPLY);
  wizard_name (nd->dialog, "network-dialog", _("Network"));
  wizard_name (apply_button, "network-apply", _("Apply"));
  gtk_dialog_set_default_response (GTK_DIALOG (nd->dialog),
                                   GTK_RESPONSE_APPLY);
  /* The dialog's memory goes with it. */
  g_object_set_data_full (G_OBJECT (nd->dialog), "network-dialog", nd,
                          g_free);

  content = gtk_dialog_get_content_area (GTK_DIALOG (nd->dialog));
  gtk_container_set_border_width (GTK_CONTAINER (content), 12);
  gtk_box_set_spacing (GTK_BOX (content), 8);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  nd->iface = gtk_combo_box_text_new ();
  for (i = 0; i < nics->len; i++) {
    const struct ferry_p2v_nic *nic = nics->pdata[i];
    g_autofree char *text =
      g_strdup_printf ("%s   %s", nic->name, nic->mac ? nic->mac : "");

    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (nd->iface), nic->name,
                               text);
    /* The first with a cable plugged in, else the first. */
    if (nic->link == FERRY_P2V_LINK_UP &&
        gtk_combo_box_get_active (GTK_COMBO_BOX (nd->iface)) == -1)
      gtk_combo_box_set_active (GTK_COMBO_BOX (nd->iface), i);
  }
  if (gtk_combo_box_get_active (GTK_COMBO_BOX (nd->iface)) == -1)
    gtk_combo_box_set_active (GTK_COMBO_BOX (nd->iface), 0);

  nd->dhcp = gtk_radio_button_new_with_mnemonic (NULL,
                                                 _("Automatic (_DHCP)"));
  nd->fixed = gtk_radio_button_new_with_mnemonic_from_widget
    (GTK_RADIO_BUTTON (nd->dhcp), _("_Static address"));
  wizard_check (nd->dhcp, "network-dhcp", _("Automatic (DHCP)"));
  wizard_check (nd->fixed, "network-static", _("Static address"));
  methods = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_pack_start (GTK_BOX (methods), nd->dhcp, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (methods), nd->fixed, FALSE, FALSE, 0);

  nd->address = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (nd->address), "192.168.1.10");
  gtk_widget_set_hexpand (nd->address, TRUE);
  nd->prefix = gtk_entry_new ();
  gtk_entry_set_text (GTK_ENTRY (nd->prefix), "24");
  gtk_entry_set_width_chars (GTK_ENTRY (nd->prefix), 4);
  nd->gateway = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (nd->gateway), _("none"));
  nd->dns = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (nd->dns),
                                  _("none, or addresses separated by "
                                    "spaces"));

  wizard_grid_row (GTK_GRID (grid), 0, 0, _("_Interface:"), nd->iface,
                   "network-interface", _("Interface"));
  gtk_grid_attach (GTK_GRID (grid), methods, 1, 1, 1, 1);
  wizard_grid_row (GTK_GRID (grid), 2, 0, _("Add_ress:"), nd->address,
                   "network-address", _("Address"));
  wizard_grid_row (GTK_GRID (grid), 3, 0, _("_Prefix length:"), nd->prefix,
                   "network-prefix", _("Prefix length"));
  wizard_grid_row (GTK_GRID (grid), 4, 0, _("_Gateway:"), nd->gateway,
                   "network-gateway", _("Gateway"));
  wizard_grid_row (GTK_GRID (grid), 5, 0, _("D_NS servers:"), nd->dns,
                   "network-dns", _("DNS servers"));
  gtk_entry_set_activates_default (GTK_ENTRY (nd->address), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (nd->prefix), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (nd->gateway), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (nd->dns), TRUE);
  gtk_box_pack_start (GTK_BOX (content), grid, FALSE, FALSE, 0);

  nd->message = gtk_label_new (_(NETWORK_HINT));
  gtk_label_set_line_wrap (GTK_LABEL (nd->message), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (nd->message), 60);
  gtk_label_set_xalign (GTK_LABEL (nd->message), 0.0);
  wizard_name (nd->message, "network-message", _("Network message"));
  gtk_box_pack_start (GTK_BOX (content), nd->message, FALSE, FALSE, 0);

  g_signal_connect (nd->dhcp, "toggled", G_CALLBACK (on_method), nd);
  g_signal_connect (nd->dhcp, "toggled", G_CALLBACK (on_edited), nd);
  g_signal_connect (nd->iface, "changed", G_CALLBACK (on_edited), nd);
  g_signal_connect (nd->address, "changed", G_CALLBACK (on_edited), nd);
  g_signal_connect (nd->prefix, "changed", G_CALLBACK (on_edited), nd);
  g_signal_connect (nd->gateway, "changed", G_CALLBACK (on_edited), nd);
  g_signal_connect (nd->dns, "changed", G_CALLBACK (on_edited), nd);
  g_signal_connect (nd->dialog, "response", G_CALLBACK (on_response), nd);
  g_signal_connect (nd->dialog, "delete-event", G_CALLBACK (on_delete), nd);
  update_fields (nd);
  gtk_widget_show_all (nd->dialog);
}

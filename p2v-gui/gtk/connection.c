/* ferry-p2v-gtk: the first page, the connection to the conversion server.
 *
 * Server, port, user, password or identity file, and the keyboard
 * layout (the live image starts with a US layout: a person with another
 * keyboard must be able to type the password).  "Test connection" runs
 * the engine's connection check (connection.h) on a worker thread
 * (GTask); Next is offered once it succeeded with the fields as they
 * are.  On first contact the check stops at the host key: a dialog shows
 * its fingerprint, and if the person trusts it the check runs again with
 * that fingerprint as p2v.hostkey, which the conversion then uses too.
 * "Network…" beside it opens the dialog that gives an interface of the
 * live system an address (network.c).
 */

#include <config.h>

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "wizard.h"
#include "connection.h"
#include "command.h"
#include "errors.h"
#include "banned.h"

struct wizard_connection {
  GtkWidget *server, *port, *user, *password, *identity, *layout;
  GtkWidget *test, *network, *status;
  bool checking;               /* a check runs on a worker thread */
  bool connected;              /* the last check passed, fields unchanged */
  char *trusted_key;           /* the fingerprint the person confirmed */
  char *trusted_for;           /* for this "SERVER:PORT" */
  bool have_offer;             /* a test passed: OFFER is what it said */
  struct ferry_p2v_server_info offer;
};

/* Keyboard layouts offered: setxkbmap's names. */
static const char *const layouts[] = {
  "us", "de", "fr", "gb", "es", "it", "ch", "be", "nl", "se", "no", "dk",
  "fi", "pl", "cz", "pt", "jp",
};

static void
set_status (struct wizard_connection *c, bool error, const char *text)
{
  g_autofree char *markup =
    error ? g_markup_printf_escaped ("<span foreground=\"#c01c28\">%s</span>",
                                     text)
          : g_markup_escape_text (text, -1);

  gtk_label_set_markup (GTK_LABEL (c->status), markup);
}

/* The default button, which Enter activates and which is drawn as
 * such: Test connection until it passed, then Next.
 */
static void
update_buttons (struct wizard *wizard)
{
  struct wizard_connection *c = wizard->connection;

  gtk_widget_set_sensitive (c->test, !c->checking);
  if (wizard->page != WIZARD_CONNECTION)
    return;
  gtk_widget_set_sensitive (wizard->next, c->connected && !c->checking);
  wizard_set_default (wizard, c->connected ? wizard->next : c->test);
}

static char *
server_port (struct wizard_connection *c)
{
  return g_strdup_printf ("%s:%d", gtk_entry_get_text (GTK_ENTRY (c->server)),
                          gtk_spin_button_get_value_as_int
                            (GTK_SPIN_BUTTON (c->port)));
}

/* The host key to require: p2v.hostkey, or the one the person trusted
 * for this server.
 */
static const char *
host_key (struct wizard *wizard)
{
  struct wizard_connection *c = wizard->connection;
  g_autofree char *where = server_port (c);

  if (ferry_p2v_config_is_set (wizard->config, "p2v.hostkey"))
    return wizard->config->hostkey;
  if (c->trusted_for != NULL && strcmp (c->trusted_for, where) == 0)
    return c->trusted_key;
  return NULL;
}

/* Fill CONFIG's connection fields from the page. */
static void
fill (struct wizard *wizard, struct ferry_p2v_config *config)
{
  struct wizard_connection *c = wizard->connection;
  const char *identity = gtk_entry_get_text (GTK_ENTRY (c->identity));
  g_autofree char *url = NULL;

  if (identity[0] != '\0') {
    if (identity[0] == '/')
      url = g_filename_to_uri (identity, NULL, NULL);
    else {
      g_autofree char *abs = g_canonicalize_filename (identity, NULL);
      url = g_filename_to_uri (abs, NULL, NULL);
    }
  }
  wizard_set_string (&config->server,
                     gtk_entry_get_text (GTK_ENTRY (c->server)));
  config->port =
    gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (c->port));
  wizard_set_string (&config->username,
                     gtk_entry_get_text (GTK_ENTRY (c->user)));
  wizard_set_string (&config->password,
                     gtk_entry_get_text (GTK_ENTRY (c->password)));
  wizard_set_string (&config->identity, url);
  /* host_key may return config->hostkey itself. */
  {
    g_autofree char *key = g_strdup (host_key (wizard));
    wizard_set_string (&config->hostkey, key);
  }
}

void
connection_page_apply (struct wizard *wizard)
{
  fill (wizard, wizard->config);
}

const struct ferry_p2v_server_info *
connection_page_server (struct wizard *wizard)
{
  struct wizard_connection *c = wizard->connection;

  return c->have_offer ? &c->offer : NULL;
}

/* What a check on the worker thread found. */
struct check {
  struct wizard *wizard;
  struct ferry_p2v_config *config;   /* the worker's own copy */
  enum ferry_p2v_connection_result r;
  char *error;
  struct ferry_p2v_server_info info;
};

static void
check_free (struct check *check)
{
  ferry_p2v_config_free (check->config);
  g_free (check->error);
  ferry_p2v_server_info_clear (&check->info);
  g_free (check);
}

static void
check_thread (GTask *task, gpointer source, gpointer data,
              GCancellable *cancellable)
{
  struct check *check = data;

  check->r = ferry_p2v_test_connection (check->config, &check->info, NULL);
  if (check->r != FERRY_P2V_CONNECTION_OK)
    check->error = g_strdup (ferry_error_get ());
  g_task_return_boolean (task, TRUE);
}

static void start_check (struct wizard *wizard);

/* First contact: show the key's fingerprint and ask. */
static bool
trust_key (struct wizard *wizard, const char *fingerprint)
{
  struct wizard_connection *c = wizard->connection;
  g_autofree char *where = server_port (c);
  GtkWidget *dialog, *trust;
  int response;

  dialog = gtk_message_dialog_new (GTK_WINDOW (wizard->window),
                                   GTK_DIALOG_MODAL |
                                   GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("First connection to %s"), where);
  gtk_message_dialog_format_secondary_text
    (GTK_MESSAGE_DIALOG (dialog),
     _("This machine has never seen the server's host key.  Its "
       "fingerprint is:\n\n%s\n\nCompare it with what the server's "
       "administrator reads there (ssh-keygen -l -f on the server's "
       "host key).  Connect only if they are the same."), fingerprint);
  wizard_name (dialog, "host-key-dialog", _("First connection"));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Do not connect"),
                         GTK_RESPONSE_REJECT);
  trust = gtk_dialog_add_button (GTK_DIALOG (dialog),
                                 _("_Trust this key and connect"),
                                 GTK_RESPONSE_ACCEPT);
  wizard_name (trust, "trust-host-key", _("Trust this key and connect"));
  /* Enter must not trust a key: the safe answer is the default. */
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
  response = gtk_dialog_run (GTK_DIALOG (dialog));
  gtk_widget_destroy (dialog);
  if (response != GTK_RESPONSE_ACCEPT)
    return false;
  g_free (c->trusted_key);
  g_free (c->trusted_for);
  c->trusted_key = g_strdup (fingerprint);
  c->trusted_for = g_steal_pointer (&where);
  return true;
}

/* "a, b, c" from LIST (char *; NULL: ""). */
static char *
join (const GPtrArray *list)
{
  GString *text = g_string_new (NULL);
  size_t i;

  for (i = 0; list != NULL && i < list->len; i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "",
                            (const char *) list->pdata[i]);
  return g_string_free (text, FALSE);
}

static void
check_done (GObject *source, GAsyncResult *result, gpointer data)
{
  struct check *check = g_task_get_task_data (G_TASK (result));
  struct wizard *wizard = check->wizard;
  struct wizard_connection *c = wizard->connection;
  g_autofree char *text = NULL;

  c->checking = false;
  if (check->r == FERRY_P2V_HOSTKEY_CHANGED) {
    /* Never offered for confirmation: someone may be in the middle. */
    text = g_strdup_printf (_("Refused: the server's host key has "
                              "changed.  Someone may be impersonating "
                              "the server; ask its administrator.  (%s)"),
                            check->error);
    set_status (c, true, text);
  }
  else if (check->r == FERRY_P2V_HOSTKEY_UNKNOWN &&
           check->info.fingerprint != NULL) {
    set_status (c, false, _("The server's host key is new to this "
                            "machine."));
    if (trust_key (wizard, check->info.fingerprint)) {
      update_buttons (wizard);
      start_check (wizard);
      return;
    }
    set_status (c, true, _("Not connected: the server's host key was "
                           "not trusted."));
  }
  else if (check->r != FERRY_P2V_CONNECTION_OK) {
    text = g_strdup_printf (_("Cannot use this server: %s"), check->error);
    set_status (c, true, text);
  }
  else {
    g_autofree char *outputs = join (check->info.outputs);
    g_autofree char *formats = join (check->info.formats);
    g_autofree char *allocations = join (check->info.allocations);

    text = g_strdup_printf (_("Connected: %s, key %s.  Outputs: %s.  "
                              "Formats: %s.  Allocation: %s."),
                            check->info.version, check->info.fingerprint,
                            outputs, formats, allocations);
    set_status (c, false, text);
    ferry_p2v_server_info_clear (&c->offer);
    c->offer = check->info;
    memset (&check->info, 0, sizeof check->info);
    c->have_offer = true;
    c->connected = true;
  }
  update_buttons (wizard);
}

static void
start_check (struct wizard *wizard)
{
  struct wizard_connection *c = wizard->connection;
  struct check *check = g_new0 (struct check, 1);
  g_autoptr (GTask) task = g_task_new (NULL, NULL, check_done, NULL);
  g_autofree char *where = server_port (c);
  g_autofree char *text = NULL;

  check->wizard = wizard;
  check->config = ferry_p2v_config_new ();
  fill (wizard, check->config);
  c->checking = true;
  c->connected = false;
  text = g_strdup_printf (_("Connecting to %s…"), where);
  set_status (c, false, text);
  update_buttons (wizard);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_thread);
}

static void
on_test (GtkButton *button, struct wizard *wizard)
{
  if (!wizard->connection->checking)
    start_check (wizard);
}

/* Any change to the fields calls for a new test. */
static void
on_changed (GtkWidget *w, struct wizard *wizard)
{
  struct wizard_connection *c = wizard->connection;

  if (!c->connected)
    return;
  c->connected = false;
  set_status (c, false, _("The settings changed: test the connection "
                          "again."));
  update_buttons (wizard);
}

static void
on_layout (GtkComboBox *combo, struct wizard *wizard)
{
  const char *layout = gtk_combo_box_get_active_id (combo);
  const char *argv[] = { "setxkbmap", "-layout", layout, NULL };
  g_autofree char *err = NULL;
  int r;

  if (layout == NULL)
    return;
  r = ferry_command_run (argv, NULL, NULL, NULL, &err);
  if (r != 0) {
    g_autofree char *last = err ? ferry_last_line (err) : g_strdup ("");
    g_autofree char *text =
      g_strdup_printf (_("Cannot switch the keyboard to '%s': %s"), layout,
                       r == -1 ? ferry_error_get () : last);
    set_status (wizard->connection, true, text);
  }
}

static void
on_network (GtkButton *button, struct wizard *wizard)
{
  network_dialog_show (wizard);
}

void
connection_page_network_changed (struct wizard *wizard, const char *text)
{
  struct wizard_connection *c = wizard->connection;
  g_autofree char *line = g_strdup_printf (_("%s  Test the connection."),
                                           text);

  /* The way to the server may have changed. */
  c->connected = false;
  set_status (c, false, line);
  update_buttons (wizard);
}

void
connection_page_shown (struct wizard *wizard)
{
  gtk_button_set_label (GTK_BUTTON (wizard->next), _("_Next"));
  atk_object_set_name (gtk_widget_get_accessible (wizard->next), _("Next"));
  update_buttons (wizard);
  gtk_widget_grab_focus (wizard->connection->server);
}

GtkWidget *
connection_page_new (struct wizard *wizard)
{
  struct wizard_connection *c = g_new0 (struct wizard_connection, 1);
  struct ferry_p2v_config *config = wizard->config;
  GtkWidget *page, *grid, *intro, *hint;
  g_autofree char *identity = NULL;
  size_t i;

  wizard->connection = c;
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  intro = gtk_label_new (_("ferry copies this machine's disks to a "
                           "conversion server, which turns them into a "
                           "virtual machine for KVM.  Nothing on this "
                           "machine is changed.  First, the server:"));
  gtk_label_set_line_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0.0);
  gtk_box_pack_start (GTK_BOX (page), wizard_heading (_("Conversion server")),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (page), intro, FALSE, FALSE, 0);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  c->server = gtk_entry_new ();
  gtk_widget_set_hexpand (c->server, TRUE);
  c->port = gtk_spin_button_new_with_range (1, 65535, 1);
  c->user = gtk_entry_new ();
  c->password = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (c->password), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (c->password),
                               GTK_INPUT_PURPOSE_PASSWORD);
  c->identity = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (c->identity),
                                  _("a private key file, or empty"));
  c->layout = gtk_combo_box_text_new ();
  for (i = 0; i < G_N_ELEMENTS (layouts); i++)
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (c->layout), layouts[i],
                               layouts[i]);

  wizard_grid_row (GTK_GRID (grid), 0, 0, _("_Server:"), c->server,
                   "server", _("Server"));
  wizard_grid_row (GTK_GRID (grid), 1, 0, _("_Port:"), c->port, "port",
                   _("Port"));
  wizard_grid_row (GTK_GRID (grid), 2, 0, _("_User:"), c->user, "user",
                   _("User"));
  wizard_grid_row (GTK_GRID (grid), 3, 0, _("Pass_word:"), c->password,
                   "password", _("Password"));
  wizard_grid_row (GTK_GRID (grid), 4, 0, _("_Identity file:"), c->identity,
                   "identity", _("Identity file"));
  wizard_grid_row (GTK_GRID (grid), 5, 0, _("_Keyboard layout:"), c->layout,
                   "keyboard-layout", _("Keyboard layout"));
  gtk_box_pack_start (GTK_BOX (page), grid, FALSE, FALSE, 0);

  hint = gtk_label_new (_("Give a password, an identity file, or both: "
                          "the key is tried first."));
  gtk_label_set_line_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0.0);
  gtk_style_context_add_class (gtk_widget_get_style_context (hint),
                               "dim-label");
  gtk_box_pack_start (GTK_BOX (page), hint, FALSE, FALSE, 0);

  c->test = gtk_button_new_with_mnemonic (_("_Test connection"));
  wizard_name (c->test, "test-connection", _("Test connection"));
  gtk_widget_set_can_default (c->test, TRUE);
  g_signal_connect (c->test, "clicked", G_CALLBACK (on_test), wizard);
  c->network = gtk_button_new_with_mnemonic (_("N_etwork…"));
  wizard_name (c->network, "network", _("Network…"));
  gtk_widget_set_tooltip_text (c->network, _("Give a network interface of "
                                             "this machine an address"));
  g_signal_connect (c->network, "clicked", G_CALLBACK (on_network), wizard);
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

    gtk_box_pack_start (GTK_BOX (row), c->test, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (row), c->network, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (page), row, FALSE, FALSE, 0);
  }

  c->status = gtk_label_new (_("Not connected yet."));
  gtk_label_set_line_wrap (GTK_LABEL (c->status), TRUE);
  gtk_label_set_line_wrap_mode (GTK_LABEL (c->status), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (c->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (c->status), 0.0);
  gtk_label_set_max_width_chars (GTK_LABEL (c->status), 90);
  gtk_widget_set_can_focus (c->status, FALSE);
  wizard_name (c->status, "connection-status", _("Connection status"));
  gtk_box_pack_start (GTK_BOX (page), c->status, FALSE, FALSE, 0);

  /* The keys given prefill the fields. */
  if (config->server)
    gtk_entry_set_text (GTK_ENTRY (c->server), config->server);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (c->port), config->port);
  if (config->username)
    gtk_entry_set_text (GTK_ENTRY (c->user), config->username);
  if (config->password)
    gtk_entry_set_text (GTK_ENTRY (c->password), config->password);
  if (config->identity &&
      (identity = ferry_p2v_identity_path (config->identity)) != NULL)
    gtk_entry_set_text (GTK_ENTRY (c->identity), identity);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (c->layout), "us");
  /* Only a change by the person runs setxkbmap. */
  g_signal_connect (c->layout, "changed", G_CALLBACK (on_layout), wizard);

  g_signal_connect (c->server, "changed", G_CALLBACK (on_changed), wizard);
  g_signal_connect (c->port, "value-changed", G_CALLBACK (on_changed),
                    wizard);
  g_signal_connect (c->user, "changed", G_CALLBACK (on_changed), wizard);
  g_signal_connect (c->password, "changed", G_CALLBACK (on_changed), wizard);
  g_signal_connect (c->identity, "changed", G_CALLBACK (on_changed), wizard);
  gtk_entry_set_activates_default (GTK_ENTRY (c->server), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (c->port), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (c->user), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (c->password), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (c->identity), TRUE);
  return page;
}

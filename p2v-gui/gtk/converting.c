/* ferry-p2v-gtk: the third page, the conversion as it runs, and its end.
 *
 * The engine (engine.h) runs on a worker thread.  Each of its callbacks
 * copies what it was given into an event and queues it with g_idle_add;
 * the main loop applies the events in order: the status line, one
 * progress bar per disk and one for the total (percent, throughput and
 * time left, from the engine's byte counts and this program's clock),
 * the server's messages and the engine's log in a collapsible log, and
 * the outcome.  Cancel asks once, then calls ferry_p2v_cancel_request;
 * the run then ends with the cancelled callback.  When the worker's
 * ferry_p2v_run has returned, a last event joins the thread.
 */

#include <config.h>

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "wizard.h"
#include "engine.h"
#include "command.h"
#include "errors.h"
#include "report.h"
#include "banned.h"

/* The server's last messages shown after a failure. */
#define LAST_MESSAGES 8

/* The disks' progress bars shown at once; more scroll. */
#define BARS_SHOWN 5

struct disk_progress {
  GtkWidget *bar;
  uint64_t done, total;
  gint64 start;                /* monotonic µs of the first report, or 0 */
};

struct wizard_converting {
  GtkWidget *page, *title, *status, *bars, *bars_scrolled, *total_slot;
  GtkWidget *log, *expander;
  GtkWidget *cancel, *outcome, *end_buttons, *back, *reboot, *poweroff;
  struct disk_progress *disks;  /* one per configured disk */
  size_t ndisks;
  struct disk_progress total;
  GQueue last_messages;         /* char *, the server's, newest last */
  GThread *thread;
  struct ferry_p2v_cancel *cancel_handle;
  bool running;
};

enum event_kind {
  EVENT_STATUS, EVENT_PROGRESS, EVENT_MESSAGE, EVENT_LOG,
  EVENT_FINISHED, EVENT_FAILED, EVENT_CANCELLED, EVENT_RUN_ENDED,
};

/* One callback of the engine, copied for the main loop. */
struct event {
  struct wizard *wizard;
  enum event_kind kind;
  char *text;
  int type;                    /* message type or log level */
  size_t disk;
  uint64_t done, total;
};

static void
log_append (struct wizard_converting *c, const char *prefix,
            const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (c->log));
  GtkTextIter end;
  g_autofree char *line = g_strdup_printf ("%s%s\n", prefix, text);

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, line, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (c->log),
                                gtk_text_buffer_get_insert (buffer),
                                0.0, FALSE, 0, 0);
  gtk_text_buffer_place_cursor (buffer, &end);
}

/* "42 %   118 MiB/s   1:05 left" into P's bar. */
static void
show_progress (struct disk_progress *p, const char *name)
{
  double fraction = p->total ? (double) p->done / p->total : 0;
  double seconds = p->start ? (g_get_monotonic_time () - p->start) / 1e6 : 0;
  g_autofree char *text = NULL;

  if (fraction > 1)
    fraction = 1;
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (p->bar), fraction);
  if (p->done == 0 || seconds < 0.5)
    text = g_strdup_printf (_("%s: %d %%"), name, (int) (fraction * 100));
  else {
    double rate = p->done / seconds;
    g_autofree char *human = ferry_human_size ((uint64_t) rate);
    unsigned left = rate > 0 ? (p->total - p->done) / rate : 0;

    if (p->done >= p->total)
      text = g_strdup_printf (_("%s: 100 %%   %s/s   done"), name, human);
    else
      text = g_strdup_printf (_("%s: %d %%   %s/s   %u:%02u left"), name,
                              (int) (fraction * 100), human, left / 60,
                              left % 60);
  }
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (p->bar), text);
}

static void
on_progress (struct wizard *wizard, size_t disk, uint64_t done,
             uint64_t total)
{
  struct wizard_converting *c = wizard->converting;
  gint64 now = g_get_monotonic_time ();
  size_t i;

  if (disk >= c->ndisks)
    return;
  if (c->disks[disk].start == 0)
    c->disks[disk].start = now;
  if (c->total.start == 0)
    c->total.start = now;
  c->disks[disk].done = done;
  c->disks[disk].total = total;
  show_progress (&c->disks[disk], wizard->config->disks->pdata[disk]);
  c->total.done = c->total.total = 0;
  for (i = 0; i < c->ndisks; i++) {
    c->total.done += c->disks[i].done;
    c->total.total += c->disks[i].total;
  }
  show_progress (&c->total, _("total"));
}

/* The page's title, in bold. */
static void
set_title (struct wizard_converting *c, const char *text)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);

  gtk_label_set_markup (GTK_LABEL (c->title), markup);
}

static void
show_end (struct wizard *wizard, bool finished, const char *text)
{
  struct wizard_converting *c = wizard->converting;
  g_autofree char *markup =
    g_markup_printf_escaped (finished ? "<b>%s</b>"
                             : "<b><span foreground=\"#c01c28\">%s</span></b>",
                             text);

  gtk_label_set_markup (GTK_LABEL (c->outcome), markup);
  gtk_widget_show (c->outcome);
  gtk_widget_hide (c->cancel);
  /* After a failure or a cancel, only Back: to try again. */
  gtk_widget_show_all (c->end_buttons);
  gtk_widget_set_visible (c->reboot, finished);
  gtk_widget_set_visible (c->poweroff, finished);
  gtk_widget_grab_focus (c->back);
}

static void
on_outcome (struct wizard *wizard, enum event_kind kind, const char *text)
{
  struct wizard_converting *c = wizard->converting;
  g_autofree char *message = NULL;

  switch (kind) {
  case EVENT_FINISHED:
    if (text[0] == '\0')
      message = g_strdup_printf (_("Done: the server converted %s (this "
                                   "output writes no metadata file)."),
                                 wizard->config->name);
    else
      message = g_strdup_printf (_("Done: the server wrote %s (in its "
                                   "output root), with the disks beside "
                                   "it."), text);
    set_title (c, _("Conversion finished"));
    show_end (wizard, true, message);
    break;
  case EVENT_FAILED: {
    g_autoptr (GString) s = g_string_new (NULL);
    GList *l;

    g_string_append_printf (s, _("The conversion failed: %s"), text);
    if (c->last_messages.length > 0)
      g_string_append (s, _("\nThe server's last messages:"));
    for (l = c->last_messages.head; l != NULL; l = l->next)
      g_string_append_printf (s, "\n  %s", (char *) l->data);
    set_title (c, _("Conversion failed"));
    gtk_expander_set_expanded (GTK_EXPANDER (c->expander), TRUE);
    show_end (wizard, false, s->str);
    break;
  }
  case EVENT_CANCELLED:
    set_title (c, _("Conversion cancelled"));
    gtk_label_set_text (GTK_LABEL (c->status), _("Stopped."));
    show_end (wizard, false, _("The conversion was cancelled: the server "
                               "keeps nothing of it."));
    break;
  default:
    g_assert_not_reached ();
  }
}

static gboolean
dispatch (gpointer data)
{
  struct event *e = data;
  struct wizard *wizard = e->wizard;
  struct wizard_converting *c = wizard->converting;

  switch (e->kind) {
  case EVENT_STATUS:
    gtk_label_set_text (GTK_LABEL (c->status), e->text);
    log_append (c, "", e->text);
    break;
  case EVENT_PROGRESS:
    on_progress (wizard, e->disk, e->done, e->total);
    break;
  case EVENT_MESSAGE:
    log_append (c, e->type == FERRY_P2V_WARNING ? _("server warning: ")
                : _("server: "), e->text);
    g_queue_push_tail (&c->last_messages, g_strdup (e->text));
    while (c->last_messages.length > LAST_MESSAGES)
      g_free (g_queue_pop_head (&c->last_messages));
    break;
  case EVENT_LOG:
    if (e->type != FERRY_P2V_LOG_DEBUG || wizard->config->verbose)
      log_append (c, e->type == FERRY_P2V_LOG_DEBUG ? _("debug: ")
                  : _("warning: "), e->text);
    break;
  case EVENT_FINISHED:
  case EVENT_FAILED:
  case EVENT_CANCELLED:
    on_outcome (wizard, e->kind, e->text);
    break;
  case EVENT_RUN_ENDED:
    g_thread_join (c->thread);
    c->thread = NULL;
    g_clear_pointer (&c->cancel_handle, ferry_p2v_cancel_free);
    c->running = false;
    if (wizard->quit_when_stopped)
      gtk_widget_destroy (wizard->window);
    break;
  }
  g_free (e->text);
  g_free (e);
  return G_SOURCE_REMOVE;
}

/* On the engine's thread: copy, and queue for the main loop. */
static void
post (void *opaque, enum event_kind kind, const char *text, int type,
      size_t disk, uint64_t done, uint64_t total)
{
  struct event *e = g_new0 (struct event, 1);

  e->wizard = opaque;
  e->kind = kind;
  e->text = g_strdup (text);
  e->type = type;
  e->disk = disk;
  e->done = done;
  e->total = total;
  g_idle_add (dispatch, e);
}

static void
cb_status (const char *text, void *opaque)
{
  post (opaque, EVENT_STATUS, text, 0, 0, 0, 0);
}

static void
cb_progress (size_t disk, uint64_t done, uint64_t total, void *opaque)
{
  post (opaque, EVENT_PROGRESS, NULL, 0, disk, done, total);
}

static void
cb_message (enum ferry_p2v_message_type type, const char *text,
            void *opaque)
{
  post (opaque, EVENT_MESSAGE, text, type, 0, 0, 0);
}

static void
cb_log (enum ferry_p2v_log_level level, const char *text, void *opaque)
{
  post (opaque, EVENT_LOG, text, level, 0, 0, 0);
}

static void
cb_finished (const char *result, void *opaque)
{
  post (opaque, EVENT_FINISHED, result, 0, 0, 0, 0);
}

static void
cb_failed (const char *message, void *opaque)
{
  post (opaque, EVENT_FAILED, message, 0, 0, 0, 0);
}

static void
cb_cancelled (void *opaque)
{
  post (opaque, EVENT_CANCELLED, "", 0, 0, 0, 0);
}

static const struct ferry_p2v_callbacks callbacks = {
  .status = cb_status,
  .progress = cb_progress,
  .message = cb_message,
  .log = cb_log,
  .finished = cb_finished,
  .failed = cb_failed,
  .cancelled = cb_cancelled,
};

static gpointer
engine_thread (gpointer data)
{
  struct wizard *wizard = data;

  ferry_p2v_run (wizard->config, wizard->machine, &callbacks, wizard,
                 wizard->converting->cancel_handle);
  post (wizard, EVENT_RUN_ENDED, NULL, 0, 0, 0, 0);
  return NULL;
}

static GtkWidget *
new_bar (const char *id, const char *accessible)
{
  GtkWidget *bar = gtk_progress_bar_new ();

  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
  wizard_name (bar, id, accessible);
  return bar;
}

void
converting_page_start (struct wizard *wizard)
{
  struct wizard_converting *c = wizard->converting;
  const GPtrArray *disks = wizard->config->disks;
  g_autofree char *title = g_strdup_printf (_("Converting %s"),
                                            wizard->config->name);
  GList *children, *l;
  size_t i;

  g_assert (!c->running);
  c->cancel_handle = ferry_p2v_cancel_new ();
  if (c->cancel_handle == NULL) {
    wizard_error (wizard, _("Cannot start the conversion"),
                  ferry_error_get ());
    wizard_show_page (wizard, WIZARD_MACHINE);
    return;
  }

  /* A fresh page: bars for the disks chosen now. */
  children = g_list_concat
    (gtk_container_get_children (GTK_CONTAINER (c->bars)),
     gtk_container_get_children (GTK_CONTAINER (c->total_slot)));
  for (l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  g_list_free (children);
  g_free (c->disks);
  c->ndisks = disks->len;
  /* A scroll bar only when needed: it would make room for itself. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (c->bars_scrolled),
                                  GTK_POLICY_NEVER,
                                  c->ndisks > BARS_SHOWN
                                  ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER);
  c->disks = g_new0 (struct disk_progress, c->ndisks);
  for (i = 0; i < c->ndisks; i++) {
    g_autofree char *id = g_strdup_printf ("progress-%s",
                                           (char *) disks->pdata[i]);
    g_autofree char *name = g_strdup_printf (_("Progress of %s"),
                                             (char *) disks->pdata[i]);

    c->disks[i].bar = new_bar (id, name);
    gtk_box_pack_start (GTK_BOX (c->bars), c->disks[i].bar, FALSE, FALSE, 0);
    show_progress (&c->disks[i], disks->pdata[i]);
  }
  memset (&c->total, 0, sizeof c->total);
  c->total.bar = new_bar ("progress-total", _("Total progress"));
  gtk_box_pack_start (GTK_BOX (c->total_slot), c->total.bar, FALSE, FALSE,
                      0);
  show_progress (&c->total, _("total"));
  g_queue_clear_full (&c->last_messages, g_free);
  gtk_text_buffer_set_text
    (gtk_text_view_get_buffer (GTK_TEXT_VIEW (c->log)), "", 0);
  set_title (c, title);
  gtk_label_set_text (GTK_LABEL (c->status), _("Starting…"));
  gtk_widget_show_all (c->page);
  gtk_widget_hide (c->outcome);
  gtk_widget_hide (c->end_buttons);
  gtk_widget_set_sensitive (c->cancel, TRUE);
  gtk_widget_grab_focus (c->cancel);

  c->running = true;
  c->thread = g_thread_new ("ferry-p2v engine", engine_thread, wizard);
}

bool
converting_page_running (struct wizard *wizard)
{
  return wizard->converting->running;
}

void
converting_page_stop (struct wizard *wizard)
{
  if (wizard->converting->cancel_handle != NULL)
    ferry_p2v_cancel_request (wizard->converting->cancel_handle);
}

static void
on_cancel_response (GtkDialog *dialog, int response, struct wizard *wizard)
{
  struct wizard_converting *c = wizard->converting;

  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT && c->running) {
    gtk_label_set_text (GTK_LABEL (c->status), _("Stopping…"));
    gtk_widget_set_sensitive (c->cancel, FALSE);
    ferry_p2v_cancel_request (c->cancel_handle);
  }
}

/* Cancel asks first, in a modal dialog that does not block the main
 * loop: the engine's events go on arriving while it is up.
 */
static void
on_cancel (GtkButton *button, struct wizard *wizard)
{
  struct wizard_converting *c = wizard->converting;
  GtkWidget *dialog, *stop;

  if (!c->running)
    return;
  dialog = gtk_message_dialog_new (GTK_WINDOW (wizard->window),
                                   GTK_DIALOG_MODAL |
                                   GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Stop the conversion?"));
  gtk_message_dialog_format_secondary_text
    (GTK_MESSAGE_DIALOG (dialog),
     _("The server discards what it has written so far.  The disks of "
       "this machine stay as they are."));
  wizard_name (dialog, "cancel-dialog", _("Stop the conversion?"));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Go on converting"),
                         GTK_RESPONSE_REJECT);
  stop = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Stop"),
                                GTK_RESPONSE_ACCEPT);
  wizard_name (stop, "stop-conversion", _("Stop"));
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
  g_signal_connect (dialog, "response", G_CALLBACK (on_cancel_response),
                    wizard);
  gtk_widget_show (dialog);
}

static void
on_back (GtkButton *button, struct wizard *wizard)
{
  wizard_show_page (wizard, WIZARD_MACHINE);
}

static void
run_power (struct wizard *wizard, const char *command)
{
  const char *argv[] = { command, NULL };
  g_autofree char *err = NULL;
  int r = ferry_command_run (argv, NULL, NULL, NULL, &err);

  if (r != 0) {
    g_autofree char *last = err ? ferry_last_line (err) : g_strdup ("");
    g_autofree char *text = g_strdup_printf (_("'%s' failed: %s"), command,
                                             r == -1 ? ferry_error_get ()
                                             : last);
    wizard_error (wizard, _("Cannot do that"), text);
  }
}

static void
on_reboot (GtkButton *button, struct wizard *wizard)
{
  run_power (wizard, "reboot");
}

static void
on_poweroff (GtkButton *button, struct wizard *wizard)
{
  run_power (wizard, "poweroff");
}

static GtkWidget *
end_button (struct wizard *wizard, const char *mnemonic, const char *id,
            const char *accessible, GCallback callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  wizard_name (button, id, accessible);
  g_signal_connect (button, "clicked", callback, wizard);
  return button;
}

GtkWidget *
converting_page_new (struct wizard *wizard)
{
  struct wizard_converting *c = g_new0 (struct wizard_converting, 1);
  GtkWidget *scrolled, *buttons;

  wizard->converting = c;
  g_queue_init (&c->last_messages);
  c->page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  c->title = wizard_heading (_("Converting"));
  gtk_box_pack_start (GTK_BOX (c->page), c->title, FALSE, FALSE, 0);
  c->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (c->status), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (c->status), PANGO_ELLIPSIZE_END);
  wizard_name (c->status, "conversion-status", _("Conversion status"));
  gtk_box_pack_start (GTK_BOX (c->page), c->status, FALSE, FALSE, 0);

  /* The disks' bars scroll past five (converting_page_start), the
   * total's stays below them: the page fits 800x600 whatever the
   * number of disks.
   */
  c->bars = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  scrolled = c->bars_scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height
    (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height
    (GTK_SCROLLED_WINDOW (scrolled), BARS_SHOWN * 30);
  /* A scroll bar that shows, for a remote console without a wheel. */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scrolled),
                                            FALSE);
  wizard_name (scrolled, "progress-disks", _("Progress of the disks"));
  gtk_container_add (GTK_CONTAINER (scrolled), c->bars);
  gtk_box_pack_start (GTK_BOX (c->page), scrolled, FALSE, FALSE, 0);
  c->total_slot = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_pack_start (GTK_BOX (c->page), c->total_slot, FALSE, FALSE, 0);

  c->log = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (c->log), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (c->log), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (c->log), GTK_WRAP_WORD_CHAR);
  wizard_name (c->log, "log", _("Log"));
  scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled),
                                       GTK_SHADOW_IN);
  wizard_name (scrolled, "log-scrolled", _("Server messages"));
  gtk_container_add (GTK_CONTAINER (scrolled), c->log);
  gtk_widget_set_vexpand (scrolled, TRUE);
  c->expander = gtk_expander_new_with_mnemonic (_("Server _messages"));
  gtk_expander_set_expanded (GTK_EXPANDER (c->expander), TRUE);
  gtk_expander_set_resize_toplevel (GTK_EXPANDER (c->expander), FALSE);
  wizard_name (c->expander, "messages", _("Server messages"));
  gtk_container_add (GTK_CONTAINER (c->expander), scrolled);
  gtk_box_pack_start (GTK_BOX (c->page), c->expander, TRUE, TRUE, 0);

  c->outcome = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (c->outcome), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (c->outcome), TRUE);
  gtk_label_set_selectable (GTK_LABEL (c->outcome), TRUE);
  gtk_widget_set_can_focus (c->outcome, FALSE);
  wizard_name (c->outcome, "outcome", _("Outcome"));
  gtk_box_pack_start (GTK_BOX (c->page), c->outcome, FALSE, FALSE, 0);

  buttons = gtk_button_box_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_button_box_set_layout (GTK_BUTTON_BOX (buttons), GTK_BUTTONBOX_END);
  gtk_box_set_spacing (GTK_BOX (buttons), 6);
  c->cancel = end_button (wizard, _("_Cancel conversion"), "cancel",
                          _("Cancel conversion"), G_CALLBACK (on_cancel));
  gtk_container_add (GTK_CONTAINER (buttons), c->cancel);
  c->end_buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  c->back = end_button (wizard, _("_Back"), "back-to-machine", _("Back"),
                        G_CALLBACK (on_back));
  gtk_box_pack_start (GTK_BOX (c->end_buttons), c->back, FALSE, FALSE, 0);
  c->reboot = end_button (wizard, _("_Reboot"), "reboot", _("Reboot"),
                          G_CALLBACK (on_reboot));
  gtk_box_pack_start (GTK_BOX (c->end_buttons), c->reboot, FALSE, FALSE, 0);
  c->poweroff = end_button (wizard, _("_Power off"), "poweroff",
                            _("Power off"), G_CALLBACK (on_poweroff));
  gtk_box_pack_start (GTK_BOX (c->end_buttons), c->poweroff, FALSE, FALSE,
                      0);
  gtk_container_add (GTK_CONTAINER (buttons), c->end_buttons);
  gtk_box_pack_end (GTK_BOX (c->page), buttons, FALSE, FALSE, 0);
  return c->page;
}

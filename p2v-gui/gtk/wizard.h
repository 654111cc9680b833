/* ferry-p2v-gtk: the wizard's shared state, and how its pages meet.
 *
 * One window holds a GtkStack of three pages (connection.c, machine.c,
 * converting.c) above a row of buttons, Back and Next, that the pages
 * drive through wizard_show_page.  The settings live in one struct
 * ferry_p2v_config (settings.h), prefilled from the p2v.* keys and
 * resolved against the probed machine before the window opens; each page
 * reads its fields from it when built and writes them back before the
 * conversion starts (wizard_apply_*).  Everything here runs on GTK's main
 * thread; the engine's work runs on worker threads whose results come
 * back through g_idle_add (converting.c) or GTask (connection.c).
 *
 * Every widget a person uses has an accessible name (wizard_name), the
 * same words as its label, so that assistive technologies and the test
 * (tests/test-p2v-gtk.sh, through AT-SPI) find it.
 */
#ifndef FERRY_P2V_WIZARD_H
#define FERRY_P2V_WIZARD_H

#include <stdbool.h>

#include <gtk/gtk.h>

#include "connection.h"
#include "settings.h"
#include "probe.h"

enum wizard_page {
  WIZARD_CONNECTION,
  WIZARD_MACHINE,
  WIZARD_CONVERTING,
};

struct wizard_connection;
struct wizard_machine;
struct wizard_converting;

struct wizard {
  struct ferry_p2v_config *config;
  struct ferry_p2v_machine *machine;
  GtkWidget *window;
  GtkWidget *stack;
  GtkWidget *buttons;          /* the row of Back and Next */
  GtkWidget *back;
  GtkWidget *next;
  enum wizard_page page;
  struct wizard_connection *connection;
  struct wizard_machine *machine_page;
  struct wizard_converting *converting;
  bool quit_when_stopped;      /* the window was closed during a run */
};

/* Name widget W: ID for GtkBuilder-style lookups and CSS, ACCESSIBLE (a
 * translated, human name) for assistive technologies.
 */
void wizard_name (GtkWidget *w, const char *id, const char *accessible);

/* Put a label with MNEMONIC ("_Server:") and W in row ROW of GRID at
 * column COLUMN (the label) and COLUMN + 1 (W); the label's mnemonic
 * activates W, whose accessible name is ACCESSIBLE.
 */
void wizard_grid_row (GtkGrid *grid, int row, int column,
                      const char *mnemonic, GtkWidget *w, const char *id,
                      const char *accessible);

/* Name check box (or radio button) CHECK as wizard_name does.  Enter
 * on it activates the window's default button, as in an entry; space
 * ticks it.
 */
void wizard_check (GtkWidget *check, const char *id, const char *accessible);

/* A bold heading label. */
GtkWidget *wizard_heading (const char *text);
/* The same with a MNEMONIC ("Fixed _disks"), for a list below it: the
 * caller handles its "mnemonic-activate".
 */
GtkWidget *wizard_heading_mnemonic (const char *mnemonic);

/* Make BUTTON the window's default, the one Enter activates, and draw
 * it as such (the one before it no longer is).
 */
void wizard_set_default (struct wizard *wizard, GtkWidget *button);

/* Show PAGE; the pages set up Back and Next for themselves. */
void wizard_show_page (struct wizard *wizard, enum wizard_page page);

/* Show a modal error dialog with PRIMARY and SECONDARY text. */
void wizard_error (struct wizard *wizard, const char *primary,
                   const char *secondary);

/* Replace *FIELD by a copy of VALUE (NULL when VALUE is NULL or ""). */
void wizard_set_string (char **field, const char *value);

/* The pages. */
GtkWidget *connection_page_new (struct wizard *wizard);
void connection_page_shown (struct wizard *wizard);
/* Copy the page's fields into the configuration. */
void connection_page_apply (struct wizard *wizard);
/* What the last successful connection test learnt (the server's
 * outputs, formats, allocations, free space), or NULL before one.
 * Belongs to the page; valid until the next test succeeds.
 */
const struct ferry_p2v_server_info *
connection_page_server (struct wizard *wizard);

/* The network was configured (network.c): say TEXT on the page, and
 * ask for a new connection test.
 */
void connection_page_network_changed (struct wizard *wizard,
                                      const char *text);

/* Open the "Network…" dialog (network.c): configure one interface of
 * the live system.  It closes itself.
 */
void network_dialog_show (struct wizard *wizard);

GtkWidget *machine_page_new (struct wizard *wizard);
void machine_page_shown (struct wizard *wizard);
/* Copy the page's fields into the configuration; false (after showing
 * why) when they cannot be converted.
 */
bool machine_page_apply (struct wizard *wizard);

GtkWidget *converting_page_new (struct wizard *wizard);
/* Start the conversion with the configuration as it is. */
void converting_page_start (struct wizard *wizard);
/* Is a conversion running? */
bool converting_page_running (struct wizard *wizard);
/* Ask the running conversion to stop, without asking the person. */
void converting_page_stop (struct wizard *wizard);

#endif /* FERRY_P2V_WIZARD_H */

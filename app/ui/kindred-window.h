/* kindred-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"
#include "kindred-entry-editor.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_WINDOW (kindred_window_get_type ())
G_DECLARE_FINAL_TYPE (KindredWindow, kindred_window, KINDRED, WINDOW, AdwApplicationWindow)

/* Pages of the window, in the order a launch may meet them. */
#define KINDRED_WINDOW_PAGE_LOADING           "loading"
#define KINDRED_WINDOW_PAGE_UNLOCK            "unlock"
#define KINDRED_WINDOW_PAGE_CREATE_PASSPHRASE "create-passphrase"
#define KINDRED_WINDOW_PAGE_PROBLEM           "problem"
#define KINDRED_WINDOW_PAGE_MAIN              "main"
/* Crisis help while the journal is not open */
#define KINDRED_WINDOW_PAGE_HELP              "help"
/* A keyring journal, locked or in the background: nothing of it is in the widget tree */
#define KINDRED_WINDOW_PAGE_COVER             "cover"

/* Actions beyond the shortcuts: win.lock (passphrase journals lock, keyring journals
 * are covered), win.uncover, win.preferences, win.delete-entry ("s": the uuid; Undo in
 * a toast), win.undo-delete, win.share-entry ("s": the uuid; opens the Group view's
 * share dialog with that entry chosen). */

/* Opens @journal as soon as it is constructed (or shows the unlock page). */
KindredWindow      *kindred_window_new          (GtkApplication *application,
                                                 KindredJournal *journal);
KindredJournal     *kindred_window_get_journal  (KindredWindow  *self);
/* One of the KINDRED_WINDOW_PAGE_* names. Property "page" notifies. */
const char         *kindred_window_get_page     (KindredWindow  *self);
/* Switches to a view of the main page: "journal", "insights", "strategies", "group",
 * "resources". Does nothing while the journal is not open. */
void                kindred_window_show_view    (KindredWindow  *self,
                                                 const char     *name);
/* "Get help now": the help page (the safety plan's people while the journal is open,
 * local lines, the emergency number) over whatever page shows, with a way back. */
void                kindred_window_show_help    (KindredWindow  *self);

/* For tests, which drive the window as a person would. */
KindredEntryEditor *kindred_window_get_editor   (KindredWindow  *self);
/* (nullable): the journal's entries while it is open, newest first. */
GListModel         *kindred_window_get_entries  (KindredWindow  *self);
/* (nullable): a named widget of the window's template, e.g. "new_entry_button",
 * "menu_button", "help_button", "sync_button", "switcher_bar", "switcher_title",
 * "journal_stack", "list_view", "empty_page". */
GtkWidget          *kindred_window_lookup_widget (KindredWindow *self,
                                                  const char    *name);
/* (nullable): the open journal's sync (header Sync button, toasts); NULL while the
 * journal is locked.  Actions: win.sync-setup (the sync dialog), win.sync-now,
 * win.sync-passphrase, win.show-conflicts (opens the newest conflict copy),
 * win.keep-conflict-copy ("s": its uuid), win.import, win.export. */
KindredSync        *kindred_window_get_sync      (KindredWindow *self);
/* TRUE while an erase, a re-key or the index clean-up after deletes is under way. */
gboolean            kindred_window_get_busy      (KindredWindow *self);
/* The idle time before the journal locks, instead of auto-lock-minutes (0: back to
 * the setting); restarts the count. */
void                kindred_window_set_idle_timeout_seconds (KindredWindow *self,
                                                             guint          seconds);
/* What GtkApplication:screensaver-active calls: the session locked (or unlocked). */
void                kindred_window_screensaver_changed (KindredWindow *self,
                                                        gboolean       active);
/* TRUE while a deleted entry can still be brought back (its copy is in memory). */
gboolean            kindred_window_has_undo      (KindredWindow *self);
/* Dismisses the Undo toast, as its timeout would. */
void                kindred_window_dismiss_undo  (KindredWindow *self);

G_END_DECLS

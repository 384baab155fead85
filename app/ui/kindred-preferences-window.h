/* kindred-preferences-window.h: security, appearance and calendar preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_PREFERENCES_WINDOW (kindred_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KindredPreferencesWindow, kindred_preferences_window,
                      KINDRED, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Actions (the rows activate them):
 *   prefs.set-passphrase  "Use a Passphrase Instead…" / "Change Passphrase…"
 *   prefs.use-keyring     back to a key kept in the keyring
 *   prefs.show-recovery   the recovery key dialog
 *   prefs.erase           asks, then emits "erase-requested"
 *   prefs.sync            the sync dialog (set up, Sync Now, Turn Off)
 * Signals:
 *   "prepare-rekey" () → gboolean: before the journal is re-keyed (its store is
 *     replaced); a handler saves what is pending and returns TRUE to stop it.
 *   "erase-requested" (): the person confirmed erasing all their data.
 *   "rekey-finished" (gboolean success): after a re-key ran. */

GtkWidget *kindred_preferences_window_new           (GtkWindow                *parent,
                                                     KindredJournal           *journal);
/* Sets the rows from the journal's state again (after it is locked or re-keyed). */
void       kindred_preferences_window_update        (KindredPreferencesWindow *self);
/* The journal's sync (the window's; NULL while the journal is locked): the "Sync"
 * row (prefs.sync) opens the sync dialog and says whether sync is on. */
void       kindred_preferences_window_set_sync      (KindredPreferencesWindow *self,
                                                     KindredSync              *sync);
gboolean   kindred_preferences_window_get_busy      (KindredPreferencesWindow *self);
/* For tests: a named row or widget of the template, e.g. "color_scheme_row",
 * "auto_lock_row", "first_weekday_row", "hide_row", "hide_switch", "recovery_row",
 * "erase_row", "set_passphrase_row", "use_keyring_row", "protection_row", "sync_row". */
GtkWidget *kindred_preferences_window_lookup_widget (KindredPreferencesWindow *self,
                                                     const char               *name);

G_END_DECLS

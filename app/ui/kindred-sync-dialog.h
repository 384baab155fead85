/* kindred-sync-dialog.h: setting up sync, and how it goes once it is on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_SYNC_DIALOG (kindred_sync_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredSyncDialog, kindred_sync_dialog, KINDRED, SYNC_DIALOG, AdwWindow)

/* Pages: "setup" while sync is off (what it is, a folder, the sync passphrase twice,
 * "Remember in the keyring", this device's name), "enabled" once it is on (the last
 * result, Sync Now, the folder, the device name, automatic sync, Turn Off).
 * Actions: sync.choose-folder (the file chooser portal), sync.set-up (then the first
 * sync), sync.run, sync.turn-off (asks first). */

GtkWidget  *kindred_sync_dialog_new           (GtkWindow         *parent,
                                               KindredSync       *sync);
KindredSync *kindred_sync_dialog_get_sync     (KindredSyncDialog *self);
const char *kindred_sync_dialog_get_page      (KindredSyncDialog *self);
/* What the folder chooser does once a folder is picked (tests call it directly). */
void        kindred_sync_dialog_set_folder    (KindredSyncDialog *self,
                                               const char        *folder);
/* (nullable) */
const char *kindred_sync_dialog_get_folder    (KindredSyncDialog *self);
/* TRUE while set up, or a sync it started, is under way. */
gboolean    kindred_sync_dialog_get_busy      (KindredSyncDialog *self);
/* For tests: a named widget of the template ("passphrase_row", "confirm_row",
 * "remember_switch", "device_name_row", "set_up_button", "error_label", "hint_label",
 * "result_row", "progress_bar", "files_group", "sync_now_button", "device_row",
 * "auto_switch", "turn_off_row", "folder_status_row", "stack"). */
GtkWidget  *kindred_sync_dialog_lookup_widget (KindredSyncDialog *self,
                                               const char        *name);

G_END_DECLS

/* kindred-sync-button.h: the header bar's Sync button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_SYNC_BUTTON (kindred_sync_button_get_type ())
G_DECLARE_FINAL_TYPE (KindredSyncButton, kindred_sync_button, KINDRED, SYNC_BUTTON, GtkButton)

/* Visible while @sync is enabled; a spinner while it runs (automatic runs too),
 * a warning sign after a run that failed or could not read a file.  It activates
 * the action "win.sync-now".  Property "sync" (nullable). */
GtkWidget   *kindred_sync_button_new      (void);
KindredSync *kindred_sync_button_get_sync (KindredSyncButton *self);
void         kindred_sync_button_set_sync (KindredSyncButton *self,
                                           KindredSync       *sync);
/* Whether the header has room for it (the window says; TRUE at first).  Without room
 * it hides, whatever sync does. */
void         kindred_sync_button_set_fits  (KindredSyncButton *self,
                                            gboolean           fits);
gboolean     kindred_sync_button_get_fits  (KindredSyncButton *self);
/* "idle", "busy" or "problem": what the button shows. */
const char  *kindred_sync_button_get_state (KindredSyncButton *self);

G_END_DECLS

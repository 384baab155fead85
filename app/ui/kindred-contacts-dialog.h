/* kindred-contacts-dialog.h: add or edit one personal support contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_CONTACTS_DIALOG (kindred_contacts_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredContactsDialog, kindred_contacts_dialog, KINDRED, CONTACTS_DIALOG, AdwWindow)

/* Signal "saved" (KindredContact *contact): written to the journal; the dialog
 * then closes itself. */

/* @contact: (nullable): NULL adds a new one. */
KindredContactsDialog *kindred_contacts_dialog_new    (GtkWindow             *parent,
                                                       KindredStore          *store,
                                                       KindredContact        *contact);
/* What Save does: validates, writes, emits "saved" and closes; on failure shows
 * why in the dialog and returns FALSE. */
gboolean               kindred_contacts_dialog_save   (KindredContactsDialog *self);
/* (transfer none): "name_row", "phone_row", "other_row", "note_row",
 * "save_button", "error_label" (tests) */
GtkWidget             *kindred_contacts_dialog_lookup_widget (KindredContactsDialog *self,
                                                              const char            *name);

G_END_DECLS

/* kindred-join-dialog.h: open an invite, read the group's ground rules, choose a
 * pseudonym and save the join file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_JOIN_DIALOG (kindred_join_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredJoinDialog, kindred_join_dialog, KINDRED, JOIN_DIALOG, AdwWindow)

/* Pages: "passphrase" (the one the facilitator told), "opening" (Argon2id, in a
 * worker), "details" (name, description, meets, ground rules, escalation note to
 * accept; a pseudonym), "done".  Nothing is stored before the join file is saved.
 * Actions (group "join"): open, save, close.
 * Signal "joined" (KindredGroup *): the group was stored and the join file written. */

GtkWidget          *kindred_join_dialog_new             (GtkWindow         *parent,
                                                         KindredGroups     *groups,
                                                         GFile             *invite);
/* What the save dialog of "Join and Save…" calls: joins and writes the join file to
 * @file.  FALSE with the reason shown in the dialog. */
gboolean            kindred_join_dialog_save_join_file  (KindredJoinDialog *self,
                                                         GFile             *file);

/* For tests: what a person sees and uses.  (transfer none) */
const char         *kindred_join_dialog_get_page_name   (KindredJoinDialog *self);
/* (nullable): the opened invite */
KindredGroupInvite *kindred_join_dialog_get_invite      (KindredJoinDialog *self);
/* (nullable): the message under the passphrase or the pseudonym */
const char         *kindred_join_dialog_get_error       (KindredJoinDialog *self);
GtkEditable        *kindred_join_dialog_get_passphrase_row (KindredJoinDialog *self);
GtkEditable        *kindred_join_dialog_get_pseudonym_row  (KindredJoinDialog *self);
GtkCheckButton     *kindred_join_dialog_get_accept_button  (KindredJoinDialog *self);

G_END_DECLS

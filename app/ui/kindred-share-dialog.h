/* kindred-share-dialog.h: choose entries, what of them and for whom; see exactly
 * what will leave; save the share file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_SHARE_DIALOG (kindred_share_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredShareDialog, kindred_share_dialog, KINDRED, SHARE_DIALOG, AdwWindow)

/* Sharing is off by default: only the entry it was opened for is chosen, and no
 * level or audience until the person picks one.  Pages: "choose", "preview" (the
 * draft's text, exactly what the recipients will read), "done".  Nothing leaves
 * before "Save Share File…".
 * Actions (group "share"): preview, back, save, close.
 * Signal "shared" (KindredGroupShare *): the share file was written. */

/* @group: (nullable): the group to share with (a member's, not removed); NULL: the
 * first such group.  @entry_uuid: (nullable): the entry chosen at the start. */
GtkWidget         *kindred_share_dialog_new              (GtkWindow          *parent,
                                                          KindredGroups      *groups,
                                                          KindredGroup       *group,
                                                          const char         *entry_uuid);
/* What the save dialog calls: writes the share file to @file in a worker. */
void               kindred_share_dialog_save_to          (KindredShareDialog *self,
                                                          GFile              *file);

/* For tests: what a person sees and uses. */
const char        *kindred_share_dialog_get_page_name    (KindredShareDialog *self);
/* (transfer none) (nullable): the group shared with */
KindredGroup      *kindred_share_dialog_get_group        (KindredShareDialog *self);
/* (transfer none) (nullable): the draft previewed */
KindredShareDraft *kindred_share_dialog_get_draft        (KindredShareDialog *self);
/* (transfer full): the preview exactly as shown */
char              *kindred_share_dialog_dup_preview_text (KindredShareDialog *self);
/* (transfer none) (nullable): the share written */
KindredGroupShare *kindred_share_dialog_get_share        (KindredShareDialog *self);
/* uuids of the chosen entries, in the order they will be shared.  (transfer full) */
GStrv              kindred_share_dialog_dup_chosen       (KindredShareDialog *self);
/* (transfer none) */
GtkCheckButton    *kindred_share_dialog_get_level_button    (KindredShareDialog   *self,
                                                             KindredShareLevel     level);
GtkCheckButton    *kindred_share_dialog_get_audience_button (KindredShareDialog   *self,
                                                             KindredShareAudience  audience);
GtkEditable       *kindred_share_dialog_get_message_row  (KindredShareDialog *self);
GtkEditable       *kindred_share_dialog_get_search_entry (KindredShareDialog *self);
/* (transfer none) (nullable): the check button of @uuid in the entry list */
GtkCheckButton    *kindred_share_dialog_get_entry_check  (KindredShareDialog *self,
                                                          const char         *uuid);
/* (nullable): a message shown on the page (a refusal, a failed write) */
const char        *kindred_share_dialog_get_error        (KindredShareDialog *self);
/* TRUE while the entry list loads or a file is being written */
gboolean           kindred_share_dialog_get_busy         (KindredShareDialog *self);

G_END_DECLS

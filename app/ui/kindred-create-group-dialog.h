/* kindred-create-group-dialog.h: a facilitator starts a new peer group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_CREATE_GROUP_DIALOG (kindred_create_group_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredCreateGroupDialog, kindred_create_group_dialog, KINDRED,
                      CREATE_GROUP_DIALOG, AdwWindow)

/* A modal window: the group's name, description, how and when it meets, ground
 * rules and escalation note (both prefilled with the editable defaults), and the
 * facilitator's pseudonym.  "Create Group" makes it (kindred_groups_create_group),
 * emits "created" (KindredGroup *group), then offers to write the invite
 * (kindred-invite-dialog.h). */
GtkWidget    *kindred_create_group_dialog_new    (GtkWindow                *parent,
                                                  KindredGroups            *groups);
/* What "Create Group" does; NULL (and the error shown in the window) when the
 * group could not be made.  (transfer none) */
KindredGroup *kindred_create_group_dialog_create (KindredCreateGroupDialog *self,
                                                  GError                  **error);
/* (transfer none) (nullable): a named field of the form, for tests: "name_row",
 * "meets_row", "pseudonym_row" (AdwEntryRow), "description_view", "rules_view",
 * "escalation_view" (GtkTextView), "stack" ("form" or "created") */
GtkWidget    *kindred_create_group_dialog_lookup (KindredCreateGroupDialog *self,
                                                  const char               *name);

G_END_DECLS

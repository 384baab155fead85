/* kindred-group-view.h: the Group view: peer support groups, as a member or a
 * facilitator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"
#include "kindred-join-dialog.h"
#include "kindred-share-dialog.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_GROUP_VIEW (kindred_group_view_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroupView, kindred_group_view, KINDRED, GROUP_VIEW, GtkWidget)

/* With no group: a gentle explanation with "Join with an invite…" and "Create a
 * group…".  With groups: a picker of the group, and for a member the group's
 * details and ground rules, "Share entries…", what I shared (with the replies, and
 * a way to take a share back) and what others shared; for a facilitator the review
 * page.  Files come in through "Import a file…" or by dropping them on the view.
 *
 * Actions (group "group"): join, create, import, share, retract (s: share id),
 * write-join, forget.  Messages go to the window's toasts (kindred_show_toast). */

GtkWidget         *kindred_group_view_new               (void);
/* @groups: (nullable): the open journal's groups; NULL while it is locked. */
void               kindred_group_view_set_groups        (KindredGroupView *self,
                                                         KindredGroups    *groups);
KindredGroups     *kindred_group_view_get_groups        (KindredGroupView *self);
/* (nullable) (transfer none): the group shown */
KindredGroup      *kindred_group_view_get_group         (KindredGroupView *self);
void               kindred_group_view_set_group         (KindredGroupView *self,
                                                         KindredGroup     *group);
/* TRUE when a group I can share with is there (a member, not removed). */
gboolean           kindred_group_view_can_share         (KindredGroupView *self);

/* Opens the share dialog for the shown group (or the first I can share with), with
 * the entry @entry_uuid (nullable) chosen.  (transfer none) (nullable): the dialog */
KindredShareDialog *kindred_group_view_open_share_dialog (KindredGroupView *self,
                                                          const char       *entry_uuid);
/* Opens the join dialog for an invite file.  (transfer none) (nullable) */
KindredJoinDialog  *kindred_group_view_open_join_dialog  (KindredGroupView *self,
                                                          GFile            *invite);
/* What "Import a file…" and a drop call: imports @file in a worker, then says
 * what happened in a toast (an invite opens the join dialog instead). */
void               kindred_group_view_import_file       (KindredGroupView *self,
                                                         GFile            *file);
/* While the window is covered (the privacy cover), the view's dialogs hide too;
 * they come back, as they were, when it is lifted. */
void               kindred_group_view_set_covered       (KindredGroupView *self,
                                                         gboolean          covered);
/* What the retraction's save dialog calls: writes the retraction of @share (one of
 * mine) to @file and says so.  FALSE (and a message) when it could not. */
gboolean           kindred_group_view_write_retraction  (KindredGroupView  *self,
                                                         KindredGroupShare *share,
                                                         GFile             *file);

/* For tests. */
/* Imports still running */
guint              kindred_group_view_get_n_pending     (KindredGroupView *self);
/* (nullable): the last message shown in a toast */
const char        *kindred_group_view_get_last_message  (KindredGroupView *self);
/* "empty", "member" or "facilitator" */
const char        *kindred_group_view_get_page_name     (KindredGroupView *self);
/* (transfer none) (nullable): the join or share dialog while open */
KindredJoinDialog  *kindred_group_view_get_join_dialog  (KindredGroupView *self);
KindredShareDialog *kindred_group_view_get_share_dialog (KindredGroupView *self);
/* (transfer none) (nullable): the row showing @share (history or received) */
GtkWidget         *kindred_group_view_find_share_row    (KindredGroupView  *self,
                                                         KindredGroupShare *share);
/* (transfer none): "stack", "group_dropdown", "history_list", "received_list",
 * "details_box", "member_scroll", "share_button", "import_button", "empty_page" */
GtkWidget         *kindred_group_view_lookup_widget     (KindredGroupView *self,
                                                         const char       *name);

G_END_DECLS

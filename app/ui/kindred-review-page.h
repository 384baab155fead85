/* kindred-review-page.h: the facilitator's screen for one peer group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"
#include "kindred-group-mood-chart.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_REVIEW_PAGE (kindred_review_page_get_type ())
G_DECLARE_FINAL_TYPE (KindredReviewPage, kindred_review_page, KINDRED, REVIEW_PAGE, GtkWidget)

/* What the Group view shows for a group whose role is facilitator: the review
 * queue (newest first, new ones stand out, flagged ones carry a gentle check-in
 * prompt with the escalation note and crisis lines; mark reviewed, filter by
 * member, notes, replies), the group mood overview, the roster (notes, remove a
 * member with a key update), invites and group updates, files opened, dropped or
 * arriving in a watched folder.  Imports and refused files of the watched folder
 * become toasts in the nearest AdwToastOverlay.
 *
 * Actions: "review.invite", "review.write-update", "review.import",
 * "review.watch-folder", "review.stop-watching", "review.show-member" (s: member
 * id), "review.remove-member" (s: member id). */
GtkWidget             *kindred_review_page_new           (KindredGroups      *groups,
                                                          KindredGroup       *group);
KindredGroup          *kindred_review_page_get_group     (KindredReviewPage  *self);

/* "shares", "mood" or "members" */
void                   kindred_review_page_show_section  (KindredReviewPage  *self,
                                                          const char         *name);
/* The queue's filters: one member's shares (NULL: everyone's), only new ones. */
void                   kindred_review_page_set_member_filter (KindredReviewPage  *self,
                                                              KindredGroupMember *member);
void                   kindred_review_page_set_new_only  (KindredReviewPage  *self,
                                                          gboolean            new_only);
/* Shares the queue shows with the filters applied. */
guint                  kindred_review_page_get_n_shown   (KindredReviewPage  *self);
/* (transfer none) (nullable): the queue's KindredReviewShareRow of @share, the
 * roster's KindredRosterRow of @member */
GtkWidget             *kindred_review_page_lookup_share_row  (KindredReviewPage  *self,
                                                              KindredGroupShare  *share);
GtkWidget             *kindred_review_page_lookup_roster_row (KindredReviewPage  *self,
                                                              KindredGroupMember *member);
/* (transfer none) */
KindredGroupMoodChart *kindred_review_page_get_mood_chart (KindredReviewPage *self);

/* What the file choosers' answers do (after the confirmation, for removing). */
gboolean               kindred_review_page_remove_member_to_file (KindredReviewPage  *self,
                                                                  KindredGroupMember *member,
                                                                  GFile              *file,
                                                                  GError            **error);
gboolean               kindred_review_page_write_update_to_file  (KindredReviewPage  *self,
                                                                  GFile              *file,
                                                                  GError            **error);
/* What the folder chooser's answer does: watches @folder for files from members
 * (NULL: stops), for every group of this journal (kindred_groups_watch_folder). */
void                   kindred_review_page_watch_folder  (KindredReviewPage  *self,
                                                          GFile              *folder);
/* Imports @files (GFile) one after the other, oldest first: a member's shares
 * must arrive in order. */
void                   kindred_review_page_import_files  (KindredReviewPage  *self,
                                                          GSList             *files);

G_END_DECLS

/* kindred-review-share-row.h: one received share in the facilitator's review queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_REVIEW_SHARE_ROW (kindred_review_share_row_get_type ())
G_DECLARE_FINAL_TYPE (KindredReviewShareRow, kindred_review_share_row, KINDRED, REVIEW_SHARE_ROW,
                      GtkWidget)

/* A card: who shared it and when, a gentle check-in prompt when it is flagged
 * (kindred-review-flag.h), the exact text the member shared, the replies under
 * it, a private note, and buttons to mark it reviewed and to write a reply.  It
 * follows the share's changes itself.
 *
 * Actions on the row: "share.toggle-reviewed", "share.reply", "share.save-note".
 * Children named for tests: "share-text" (GtkLabel: kindred_group_share_get_text),
 * "status" (GtkLabel "New"/"Reviewed"), "replies" (GtkBox), "note-view"
 * (GtkTextView), "reviewed-button". */
GtkWidget         *kindred_review_share_row_new       (KindredGroups         *groups,
                                                       KindredGroup          *group,
                                                       KindredGroupShare     *share);
KindredGroupShare *kindred_review_share_row_get_share (KindredReviewShareRow *self);
/* (transfer none) (nullable): the check-in prompt while the share is flagged */
GtkWidget         *kindred_review_share_row_get_flag  (KindredReviewShareRow *self);
/* Saves the note view's text as the share's private note (what "share.save-note"
 * does). */
gboolean           kindred_review_share_row_save_note (KindredReviewShareRow *self,
                                                       GError               **error);

G_END_DECLS

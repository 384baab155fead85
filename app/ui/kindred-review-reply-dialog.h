/* kindred-review-reply-dialog.h: the facilitator writes a reply to one share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_REVIEW_REPLY_DIALOG (kindred_review_reply_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredReviewReplyDialog, kindred_review_reply_dialog, KINDRED,
                      REVIEW_REPLY_DIALOG, AdwWindow)

/* A modal window: the reply's text, then "Save Reply…" (a file chooser with
 * kindred_groups_suggest_filename), then kindred_groups_write_reply.  Emits
 * "saved" (KindredGroupReply *reply, GFile *file) and closes when it was written. */
GtkWidget *kindred_review_reply_dialog_new     (GtkWindow                *parent,
                                                KindredGroups            *groups,
                                                KindredGroupShare        *share);
void       kindred_review_reply_dialog_set_text (KindredReviewReplyDialog *self,
                                                 const char               *text);
/* What the file chooser's answer does: writes the reply to @file.  On error the
 * dialog stays open and says what happened. */
gboolean   kindred_review_reply_dialog_save_to  (KindredReviewReplyDialog *self,
                                                 GFile                    *file,
                                                 GError                  **error);

G_END_DECLS

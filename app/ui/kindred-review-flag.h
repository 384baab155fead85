/* kindred-review-flag.h: the gentle prompt beside a share that may need a check-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

/* How many crisis lines the prompt lists at most (the person's country first, then
 * the international ones). */
#define KINDRED_REVIEW_FLAG_MAX_LINES 3

#define KINDRED_TYPE_REVIEW_FLAG (kindred_review_flag_get_type ())
G_DECLARE_FINAL_TYPE (KindredReviewFlag, kindred_review_flag, KINDRED, REVIEW_FLAG, GtkWidget)

/* Why the share is highlighted (never a diagnosis: a prompt for a person), the
 * group's escalation note, and the Resources directory's crisis lines for the
 * person's country with their numbers.  Children named for tests:
 * "escalation-note" (GtkLabel), "crisis-lines" (GtkBox of one box per line, each
 * with a name label and number labels), "emergency" (GtkLabel). */
GtkWidget *kindred_review_flag_new           (KindredGroup      *group,
                                              KindredShareFlags  flags,
                                              const char        *pseudonym);
/* The crisis lines listed, in order: (transfer none) (element-type KindredDirectoryEntry) */
GPtrArray *kindred_review_flag_get_lines     (KindredReviewFlag *self);

G_END_DECLS

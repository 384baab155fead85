/* kindred-roster-row.h: one member on the facilitator's roster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_ROSTER_ROW (kindred_roster_row_get_type ())
G_DECLARE_FINAL_TYPE (KindredRosterRow, kindred_roster_row, KINDRED, ROSTER_ROW, AdwExpanderRow)

/* The member's pseudonym, when they joined and how many shares came from them;
 * expanded: the facilitator's private note about them, "Show Their Shares"
 * ("review.show-member" with the member's id) and "Remove from Group…"
 * ("review.remove-member" with the member's id), actions of the review page.
 * A removed member stays, marked, without the remove button. */
GtkWidget          *kindred_roster_row_new        (KindredGroups      *groups,
                                                   KindredGroup       *group,
                                                   KindredGroupMember *member);
KindredGroupMember *kindred_roster_row_get_member (KindredRosterRow   *self);
/* Saves the note view's text as the member's private note. */
gboolean            kindred_roster_row_save_note  (KindredRosterRow   *self,
                                                   GError            **error);
/* (transfer none): the note's text view, for tests */
GtkTextView        *kindred_roster_row_get_note_view (KindredRosterRow *self);

G_END_DECLS

/* kindred-strategy-dialog.h: add or edit one of the person's own strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_STRATEGY_DIALOG (kindred_strategy_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredStrategyDialog, kindred_strategy_dialog, KINDRED, STRATEGY_DIALOG, AdwMessageDialog)

/* Responses "cancel" and "save"; "save" writes the strategy into @store (a new one
 * when @strategy is NULL) and emits "saved" (KindredStrategy *), or on failure
 * "save-failed" (const char *message).  The same fields as a built-in strategy:
 * name, what you do, category (one of @library's, or none), roughly how long, when
 * it may help and the steps.  @library (nullable) names the categories. */

GtkWidget   *kindred_strategy_dialog_new                 (GtkWindow              *parent,
                                                          KindredStore           *store,
                                                          KindredStrategyLibrary *library,
                                                          KindredStrategy        *strategy);
/* (transfer none) */
AdwEntryRow *kindred_strategy_dialog_get_name_row         (KindredStrategyDialog  *self);
/* Sentences, so text areas that show all of them, not one-line entries */
GtkTextView *kindred_strategy_dialog_get_description_view (KindredStrategyDialog  *self);
GtkTextView *kindred_strategy_dialog_get_when_view        (KindredStrategyDialog  *self);
GtkTextView *kindred_strategy_dialog_get_steps_view       (KindredStrategyDialog  *self);
AdwComboRow *kindred_strategy_dialog_get_category_row    (KindredStrategyDialog  *self);
AdwComboRow *kindred_strategy_dialog_get_minutes_row     (KindredStrategyDialog  *self);
/* Picks the category row's item for @category_id (NULL: none); FALSE when the
 * row has no such category. */
gboolean     kindred_strategy_dialog_select_category     (KindredStrategyDialog  *self,
                                                          const char             *category_id);
/* Picks the minutes row's item for "about @minutes" (0: not said); FALSE when the
 * row has no such length. */
gboolean     kindred_strategy_dialog_select_minutes      (KindredStrategyDialog  *self,
                                                          guint                   minutes);

G_END_DECLS

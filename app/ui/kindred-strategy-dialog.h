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
 * "save-failed" (const char *message). */

GtkWidget   *kindred_strategy_dialog_new                 (GtkWindow             *parent,
                                                          KindredStore          *store,
                                                          KindredStrategy       *strategy);
/* (transfer none) */
AdwEntryRow *kindred_strategy_dialog_get_name_row        (KindredStrategyDialog *self);
AdwEntryRow *kindred_strategy_dialog_get_description_row (KindredStrategyDialog *self);

G_END_DECLS

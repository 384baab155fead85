/* kindred-strategy-picker.h: the strategies an entry used, and how much each helped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_STRATEGY_PICKER (kindred_strategy_picker_get_type ())
G_DECLARE_FINAL_TYPE (KindredStrategyPicker, kindred_strategy_picker, KINDRED, STRATEGY_PICKER, GtkWidget)

/* Lists the strategies of an entry, each with "how much it helped" (0–4, in words),
 * and an "Add strategies" popover with the store's strategies grouped by category:
 * built-in ones (names from the library, translated) and the person's own.  Archived
 * strategies are left out of the popover unless the entry uses them.  Every change
 * is written straight into the entry (kindred_entry_set_strategy). */

GtkWidget      *kindred_strategy_picker_new               (void);
void            kindred_strategy_picker_set_entry         (KindredStrategyPicker *self,
                                                           KindredEntry          *entry);
/* Where strategies come from; follows its "strategies-changed". */
void            kindred_strategy_picker_set_store         (KindredStrategyPicker *self,
                                                           KindredStore          *store);

/* "Not at all", "A little", "Somewhat", "Quite a bit", "A lot" for 0–4. */
const char     *kindred_strategy_picker_helped_label      (int                    helped);

/* The widgets a person uses, so tests can drive them as a person would.
 * (transfer none) (nullable) */
GtkMenuButton  *kindred_strategy_picker_get_add_button    (KindredStrategyPicker *self);
GtkCheckButton *kindred_strategy_picker_get_choice        (KindredStrategyPicker *self,
                                                           const char            *uuid);
GtkDropDown    *kindred_strategy_picker_get_helped        (KindredStrategyPicker *self,
                                                           const char            *uuid);
GtkButton      *kindred_strategy_picker_get_remove_button (KindredStrategyPicker *self,
                                                           const char            *uuid);

G_END_DECLS

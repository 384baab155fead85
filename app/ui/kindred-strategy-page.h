/* kindred-strategy-page.h: one strategy in full: what to do, when it may help, your numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_STRATEGY_PAGE (kindred_strategy_page_get_type ())
G_DECLARE_FINAL_TYPE (KindredStrategyPage, kindred_strategy_page, KINDRED, STRATEGY_PAGE, GtkWidget)

/* Its buttons activate the Strategies view's actions: "strategies.back",
 * "strategies.start-exercise", "strategies.edit", "strategies.archive",
 * "strategies.restore". */

GtkWidget *kindred_strategy_page_new          (void);
/* @info: the library's text for a built-in strategy, NULL for the person's own.
 * @stats_text: the person's numbers, in words. */
void       kindred_strategy_page_set_strategy (KindredStrategyPage *self,
                                               KindredStrategy     *strategy,
                                               KindredStrategyInfo *info,
                                               const char          *category_name,
                                               const char          *stats_text);
/* A quiet line at the top ("Saved to your journal."), NULL to hide it */
void       kindred_strategy_page_set_message  (KindredStrategyPage *self,
                                               const char          *message);

/* "About 5 minutes", "2–10 minutes"; NULL when unknown.  (transfer full) */
char      *kindred_strategy_format_minutes    (guint                minutes_min,
                                               guint                minutes_max);

/* (transfer none) */
GtkLabel  *kindred_strategy_page_get_stats_label (KindredStrategyPage *self);
GtkButton *kindred_strategy_page_get_start_button (KindredStrategyPage *self);
GtkLabel  *kindred_strategy_page_get_category_label (KindredStrategyPage *self);
GtkLabel  *kindred_strategy_page_get_duration_label (KindredStrategyPage *self);
GtkLabel  *kindred_strategy_page_get_when_label  (KindredStrategyPage *self);
/* The steps as shown, "1. …" each (transfer full) (nullable) */
GStrv      kindred_strategy_page_dup_steps       (KindredStrategyPage *self);

G_END_DECLS

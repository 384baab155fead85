/* kindred-strategies-view.h: the Strategies view: the library, your own strategies, exercises
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"
#include "kindred-exercise-page.h"
#include "kindred-strategy-dialog.h"
#include "kindred-strategy-page.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_STRATEGIES_VIEW (kindred_strategies_view_get_type ())
G_DECLARE_FINAL_TYPE (KindredStrategiesView, kindred_strategies_view, KINDRED, STRATEGIES_VIEW, GtkWidget)

/* The built-in library grouped by category, the person's own strategies (add,
 * edit, archive, restore) and each one's numbers from the journal; a detail page
 * and guided exercises that can log a use.  Everything it writes goes through
 * the store.  Actions (group "strategies"): back, add, edit, archive, restore,
 * restore-strategy (s: uuid), start-exercise, show-strategy (s: uuid).
 * After an exercise is logged it tries "win.show-toast" (s) and, when the
 * window has no such action, shows the message on the detail page. */

GtkWidget           *kindred_strategies_view_new               (void);
/* (nullable): NULL empties the view (locked journal) */
void                 kindred_strategies_view_set_store         (KindredStrategiesView *self,
                                                                KindredStore          *store);

/* For tests: what a person sees and uses.  (transfer none) */
GtkSearchEntry      *kindred_strategies_view_get_search_entry  (KindredStrategiesView *self);
/* "list", "detail" or "exercise" */
const char          *kindred_strategies_view_get_page_name     (KindredStrategiesView *self);
KindredStrategyPage *kindred_strategies_view_get_detail_page   (KindredStrategiesView *self);
KindredExercisePage *kindred_strategies_view_get_exercise_page (KindredStrategiesView *self);
/* The list's row for @uuid, whether shown or filtered out.  (nullable) */
AdwActionRow        *kindred_strategies_view_find_row          (KindredStrategiesView *self,
                                                                const char            *uuid);
/* The add/edit dialog while it is open.  (nullable) */
KindredStrategyDialog *kindred_strategies_view_get_dialog      (KindredStrategiesView *self);
/* Brings the list up to date with the store now instead of at idle */
void                 kindred_strategies_view_refresh           (KindredStrategiesView *self);

G_END_DECLS

/* kindred-insights-view.h: the Insights view (mood over time, year in pixels, what
 * helps, emotions and triggers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_INSIGHTS_VIEW (kindred_insights_view_get_type ())
G_DECLARE_FINAL_TYPE (KindredInsightsView, kindred_insights_view, KINDRED, INSIGHTS_VIEW, GtkWidget)

GtkWidget    *kindred_insights_view_new        (void);
/* @store: (nullable): NULL when the journal locks; the view forgets what it showed. */
void          kindred_insights_view_set_store  (KindredInsightsView *self,
                                                KindredStore        *store);
KindredStore *kindred_insights_view_get_store  (KindredInsightsView *self);
/* "30", "90", "365" or "all" (also the "period" property and the
 * "insights.period" action). */
void          kindred_insights_view_set_period (KindredInsightsView *self,
                                                const char          *period);
const char   *kindred_insights_view_get_period (KindredInsightsView *self);
void          kindred_insights_view_set_year   (KindredInsightsView *self,
                                                int                  year);
int           kindred_insights_view_get_year   (KindredInsightsView *self);
/* Whether a load is running or waiting (tests wait for FALSE: the "loading"
 * property). */
gboolean      kindred_insights_view_is_loading (KindredInsightsView *self);

G_END_DECLS

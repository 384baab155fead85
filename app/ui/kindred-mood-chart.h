/* kindred-mood-chart.h: daily moods as a line, with their moving average on top
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_MOOD_CHART (kindred_mood_chart_get_type ())
G_DECLARE_FINAL_TYPE (KindredMoodChart, kindred_mood_chart, KINDRED, MOOD_CHART, GtkWidget)

GtkWidget  *kindred_mood_chart_new         (void);
/* @series: (element-type KindredInsightsDay) (nullable): copied */
void        kindred_mood_chart_set_series  (KindredMoodChart *self,
                                            GArray           *series);
guint       kindred_mood_chart_get_n_days  (KindredMoodChart *self);
/* What a screen reader says for the chart (its accessible description). */
void        kindred_mood_chart_set_summary (KindredMoodChart *self,
                                            const char       *summary);

G_END_DECLS

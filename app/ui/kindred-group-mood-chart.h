/* kindred-group-mood-chart.h: a group's weekly moods, one line per pseudonym
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The most recent weeks drawn; older ones stay in the summary's totals only. */
#define KINDRED_GROUP_MOOD_CHART_MAX_WEEKS 12

#define KINDRED_TYPE_GROUP_MOOD_CHART (kindred_group_mood_chart_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroupMoodChart, kindred_group_mood_chart, KINDRED, GROUP_MOOD_CHART,
                      GtkWidget)

GtkWidget *kindred_group_mood_chart_new           (void);
/* @weeks: (element-type KindredGroupMoodWeek) (nullable): copied; what
 * kindred_groups_dup_mood_overview() gives.  Also sets the accessible description
 * to the summary. */
void       kindred_group_mood_chart_set_weeks     (KindredGroupMoodChart *self,
                                                   GPtrArray             *weeks);
/* Weeks drawn (at most KINDRED_GROUP_MOOD_CHART_MAX_WEEKS) and members in them. */
guint      kindred_group_mood_chart_get_n_weeks   (KindredGroupMoodChart *self);
guint      kindred_group_mood_chart_get_n_members (KindredGroupMoodChart *self);
/* The chart in words, for the label under it and for screen readers.
 * (transfer none) */
const char *kindred_group_mood_chart_get_summary  (KindredGroupMoodChart *self);

G_END_DECLS

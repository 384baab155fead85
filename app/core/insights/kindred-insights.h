/* kindred-insights.h: what the journal says over time (mood, what helps, triggers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "store/kindred-store.h"

G_BEGIN_DECLS

/* Every aggregate reads live entries only (tombstones never count) and groups by
 * local calendar day in the process's time zone (TZ).  Periods are [@from, @to);
 * @from NULL means from the first entry, @to NULL no end (the mood series and the
 * summary stop at now).  With both NULL the counts read the link tables alone.
 * Each call holds the store's lock while it reads: call from a worker (GTask) for
 * long periods. */

/**
 * KindredInsightsDay:
 * @year, @month, @day: the local calendar day
 * @average: the mean mood (1–5) of the day's entries that have one; 0 for a gap
 * @n_moods: the day's entries that have a mood
 * @moving: the moving average (see kindred_insights_mood_series()); 0 when none
 */
typedef struct
{
  int     year;
  int     month;
  int     day;
  double  average;
  guint   n_moods;
  double  moving;
} KindredInsightsDay;

/**
 * KindredInsightsStrategy:
 * @uuid, @name: the strategy
 * @uses: live entries in the period that used it
 * @average_helped: the mean "helped" (0–4) over those uses
 * @has_comparison: whether there are days with a mood both with and without it
 * @mood_with: mean of the day averages on days it was used (and a mood was noted)
 * @mood_without: the same on the other days with a mood in the period
 */
typedef struct
{
  char     *uuid;
  char     *name;
  guint     uses;
  double    average_helped;
  gboolean  has_comparison;
  double    mood_with;
  double    mood_without;
} KindredInsightsStrategy;

/**
 * KindredInsightsCount:
 * @name: an emotion id or a trigger tag
 * @count: how many live entries in the period carry it (for low-mood triggers:
 *   how many with a mood of 2 or less)
 * @share: top lists: @count / live entries in the period; low-mood triggers:
 *   @count / entries with a mood that carry the trigger (how often it comes with a
 *   low mood)
 */
typedef struct
{
  char   *name;
  guint   count;
  double  share;
} KindredInsightsCount;

/* Day by day from @from's local day to the day before @to (or @to's day when it is
 * not a midnight), gaps included.  @window_days (≥ 1) sets the moving average: the
 * mean of the day averages of the days that have a mood among the @window_days
 * calendar days ending on that day (days before @from count too).  @from NULL: from
 * the first entry's day.  (transfer full) (element-type KindredInsightsDay). */
GArray     *kindred_insights_mood_series       (KindredStore  *store,
                                                GDateTime     *from,
                                                GDateTime     *to,
                                                guint          window_days,
                                                GError       **error);
/* One KindredDayMood (kindred-store.h) per day of @year: 365 or 366. */
GArray     *kindred_insights_year_pixels       (KindredStore  *store,
                                                int            year,
                                                GError       **error);
/* Strategies used in the period, best average "helped" first (then more uses,
 * then name).  (transfer full) (element-type KindredInsightsStrategy). */
GPtrArray  *kindred_insights_what_helps        (KindredStore  *store,
                                                GDateTime     *from,
                                                GDateTime     *to,
                                                GError       **error);
/* Most frequent first (ties by name); @limit 0: all.
 * (transfer full) (element-type KindredInsightsCount). */
GPtrArray  *kindred_insights_top_emotions      (KindredStore  *store,
                                                GDateTime     *from,
                                                GDateTime     *to,
                                                guint          limit,
                                                GError       **error);
GPtrArray  *kindred_insights_top_triggers      (KindredStore  *store,
                                                GDateTime     *from,
                                                GDateTime     *to,
                                                guint          limit,
                                                GError       **error);
/* Triggers on entries with a mood of 2 or less, most often first. */
GPtrArray  *kindred_insights_low_mood_triggers (KindredStore  *store,
                                                GDateTime     *from,
                                                GDateTime     *to,
                                                guint          limit,
                                                GError       **error);
/* Mean mood of the live entries with a mood in the period; FALSE in
 * @has_mood when there is none.  @n_moods: (optional). */
gboolean    kindred_insights_average_mood      (KindredStore  *store,
                                                GDateTime     *from,
                                                GDateTime     *to,
                                                double        *average,
                                                guint         *n_moods,
                                                gboolean      *has_mood,
                                                GError       **error);
/* A plain, translated sentence for screen readers and the view, e.g. "Mood averaged
 * 3.4 in the last 30 days, up from 3.1."  @from NULL: all entries.  The comparison
 * is with the period of the same length just before @from.  (transfer full). */
char       *kindred_insights_summary           (KindredStore  *store,
                                                GDateTime     *from,
                                                GDateTime     *to,
                                                GError       **error);

void        kindred_insights_strategy_free     (KindredInsightsStrategy *strategy);
void        kindred_insights_count_free        (KindredInsightsCount    *count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredInsightsStrategy, kindred_insights_strategy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredInsightsCount, kindred_insights_count_free)

G_END_DECLS

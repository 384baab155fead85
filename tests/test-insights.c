/* test-insights.c: the insights' aggregates against hand-computed values, on a real
 * SQLCipher journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <time.h>

#include "kindred-core.h"

#define WALK  "0b7d1c2e-0000-4000-8000-000000000001"
#define MUSIC "0b7d1c2e-0000-4000-8000-000000000002"
#define UNUSED "0b7d1c2e-0000-4000-8000-000000000003"

typedef struct
{
  char         *dir;
  KindredStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-insights-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);

  kindred_store_add_strategy (fixture->store, WALK, "Walk", "physical", NULL, FALSE, &error);
  g_assert_no_error (error);
  kindred_store_add_strategy (fixture->store, MUSIC, "Music", "creative", NULL, FALSE, &error);
  g_assert_no_error (error);
  kindred_store_add_strategy (fixture->store, UNUSED, "Breathing", "breathing", NULL, FALSE,
                              &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  kindred_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* Local (Europe/Berlin) wall time. */
static GDateTime *
local (int month,
       int day,
       int hour,
       int minute)
{
  return g_date_time_new_local (2026, month, day, hour, minute, 0);
}

/* @mood 0: none.  @emotions and @triggers: NULL-terminated, nullable.  @strategy
 * nullable. */
static char *
add_entry (KindredStore       *store,
           GDateTime          *created_at,
           int                 mood,
           const char * const *emotions,
           const char * const *triggers,
           const char         *strategy,
           int                 helped)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GError) error = NULL;

  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_body (entry, "private words");
  if (mood > 0)
    kindred_entry_set_mood (entry, mood);
  for (guint i = 0; emotions != NULL && emotions[i] != NULL; i++)
    kindred_entry_set_emotion (entry, emotions[i], 3);
  if (triggers != NULL)
    kindred_entry_set_triggers (entry, triggers);
  if (strategy != NULL)
    kindred_entry_set_strategy (entry, strategy, helped);

  kindred_store_save_entry (store, entry, &error);
  g_assert_no_error (error);

  return g_strdup (kindred_entry_get_uuid (entry));
}

#define STRV(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* The journal every "known" test reads:
 *   E0 Feb 28 20:00  mood 5
 *   E1 Mar  1 09:00  mood 2  anxious, sad  work          Walk 3
 *   E2 Mar  1 23:30  mood 4  calm          sleep         Music 1  (22:30 UTC)
 *   E3 Mar  3 00:30  mood 1  anxious       work, sleep   Walk 4   (Mar 2 in UTC)
 *   E4 Mar  3 12:00  -       calm          work
 *   E5 Mar  5 10:00  mood 5                friends       Music 2
 *   E6 Mar  2 10:00  mood 1  sad           work          Music 0  deleted */
static void
add_known_journal (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *deleted = NULL;
  struct { int month, day, hour, minute; } t[] = {
    { 2, 28, 20, 0 }, { 3, 1, 9, 0 }, { 3, 1, 23, 30 }, { 3, 3, 0, 30 },
    { 3, 3, 12, 0 }, { 3, 5, 10, 0 }, { 3, 2, 10, 0 },
  };
  g_autoptr(GDateTime) t0 = local (t[0].month, t[0].day, t[0].hour, t[0].minute);
  g_autoptr(GDateTime) t1 = local (t[1].month, t[1].day, t[1].hour, t[1].minute);
  g_autoptr(GDateTime) t2 = local (t[2].month, t[2].day, t[2].hour, t[2].minute);
  g_autoptr(GDateTime) t3 = local (t[3].month, t[3].day, t[3].hour, t[3].minute);
  g_autoptr(GDateTime) t4 = local (t[4].month, t[4].day, t[4].hour, t[4].minute);
  g_autoptr(GDateTime) t5 = local (t[5].month, t[5].day, t[5].hour, t[5].minute);
  g_autoptr(GDateTime) t6 = local (t[6].month, t[6].day, t[6].hour, t[6].minute);

  g_free (add_entry (store, t0, 5, NULL, NULL, NULL, 0));
  g_free (add_entry (store, t1, 2, STRV ("anxious", "sad"), STRV ("work"), WALK, 3));
  g_free (add_entry (store, t2, 4, STRV ("calm"), STRV ("sleep"), MUSIC, 1));
  g_free (add_entry (store, t3, 1, STRV ("anxious"), STRV ("work", "sleep"), WALK, 4));
  g_free (add_entry (store, t4, 0, STRV ("calm"), STRV ("work"), NULL, 0));
  g_free (add_entry (store, t5, 5, NULL, STRV ("friends"), MUSIC, 2));
  deleted = add_entry (store, t6, 1, STRV ("sad"), STRV ("work"), MUSIC, 0);
  kindred_store_delete_entry (store, deleted, &error);
  g_assert_no_error (error);
}

static void
assert_day (GArray *series,
            guint   index,
            int     month,
            int     day,
            double  average,
            guint   n_moods,
            double  moving)
{
  KindredInsightsDay *d;

  g_assert_cmpuint (index, <, series->len);
  d = &g_array_index (series, KindredInsightsDay, index);
  g_assert_cmpint (d->year, ==, 2026);
  g_assert_cmpint (d->month, ==, month);
  g_assert_cmpint (d->day, ==, day);
  g_assert_cmpfloat_with_epsilon (d->average, average, 1e-9);
  g_assert_cmpuint (d->n_moods, ==, n_moods);
  g_assert_cmpfloat_with_epsilon (d->moving, moving, 1e-9);
}

static void
test_insights_mood_series_known (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) series = NULL;
  g_autoptr(GArray) wide = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GDateTime) from = local (3, 1, 0, 0);
  g_autoptr(GDateTime) to = local (3, 6, 0, 0);

  add_known_journal (fixture->store);

  /* Window of 2 days: Feb 28 (5) counts for Mar 1's moving average. */
  series = kindred_insights_mood_series (fixture->store, from, to, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 5);
  assert_day (series, 0, 3, 1, 3.0, 2, 4.0);
  assert_day (series, 1, 3, 2, 0.0, 0, 3.0);    /* a gap; the deleted entry is ignored */
  assert_day (series, 2, 3, 3, 1.0, 1, 1.0);    /* 00:30 local is Mar 3; E4 has no mood */
  assert_day (series, 3, 3, 4, 0.0, 0, 1.0);
  assert_day (series, 4, 3, 5, 5.0, 1, 5.0);

  wide = kindred_insights_mood_series (fixture->store, from, to, 3, &error);
  g_assert_no_error (error);
  assert_day (wide, 0, 3, 1, 3.0, 2, 4.0);
  assert_day (wide, 2, 3, 3, 1.0, 1, 2.0);
  assert_day (wide, 3, 3, 4, 0.0, 0, 1.0);
  assert_day (wide, 4, 3, 5, 5.0, 1, 3.0);

  /* From the first entry (Feb 28) to Mar 6. */
  all = kindred_insights_mood_series (fixture->store, NULL, to, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 6);
  g_assert_cmpint (g_array_index (all, KindredInsightsDay, 0).month, ==, 2);
  g_assert_cmpint (g_array_index (all, KindredInsightsDay, 0).day, ==, 28);
  g_assert_cmpfloat_with_epsilon (g_array_index (all, KindredInsightsDay, 0).average, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (all, KindredInsightsDay, 0).moving, 5.0, 1e-9);
  assert_day (all, 5, 3, 5, 5.0, 1, 5.0);
}

static void
test_insights_year_pixels_known (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) year = NULL;
  g_autoptr(GArray) leap = NULL;
  KindredDayMood *d;

  add_known_journal (fixture->store);

  year = kindred_insights_year_pixels (fixture->store, 2026, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (year->len, ==, 365);
  d = &g_array_index (year, KindredDayMood, 0);
  g_assert_cmpint (d->month, ==, 1);
  g_assert_cmpint (d->day, ==, 1);
  g_assert_cmpuint (d->count, ==, 0);
  d = &g_array_index (year, KindredDayMood, 58);   /* Feb 28 */
  g_assert_cmpint (d->day, ==, 28);
  g_assert_cmpfloat_with_epsilon (d->average, 5.0, 1e-9);
  d = &g_array_index (year, KindredDayMood, 59);   /* Mar 1 */
  g_assert_cmpint (d->month, ==, 3);
  g_assert_cmpfloat_with_epsilon (d->average, 3.0, 1e-9);
  g_assert_cmpuint (d->count, ==, 2);
  d = &g_array_index (year, KindredDayMood, 60);   /* Mar 2: only the deleted one */
  g_assert_cmpuint (d->count, ==, 0);
  d = &g_array_index (year, KindredDayMood, 61);   /* Mar 3: one without a mood */
  g_assert_cmpfloat_with_epsilon (d->average, 1.0, 1e-9);
  g_assert_cmpuint (d->count, ==, 2);
  d = &g_array_index (year, KindredDayMood, 364);
  g_assert_cmpint (d->month, ==, 12);
  g_assert_cmpint (d->day, ==, 31);

  leap = kindred_insights_year_pixels (fixture->store, 2028, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leap->len, ==, 366);
  for (guint i = 0; i < leap->len; i++)
    g_assert_cmpuint (g_array_index (leap, KindredDayMood, i).count, ==, 0);
}

static void
test_insights_what_helps_known (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autoptr(GDateTime) from = local (3, 1, 0, 0);
  g_autoptr(GDateTime) to = local (3, 6, 0, 0);
  KindredInsightsStrategy *s;

  add_known_journal (fixture->store);

  helps = kindred_insights_what_helps (fixture->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (helps->len, ==, 2);   /* Breathing was never used */

  /* Day moods in the period: Mar 1 = 3, Mar 3 = 1, Mar 5 = 5. */
  s = g_ptr_array_index (helps, 0);
  g_assert_cmpstr (s->uuid, ==, WALK);
  g_assert_cmpstr (s->name, ==, "Walk");
  g_assert_cmpuint (s->uses, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->average_helped, 3.5, 1e-9);
  g_assert_true (s->has_comparison);
  g_assert_cmpfloat_with_epsilon (s->mood_with, 2.0, 1e-9);       /* (3 + 1) / 2 */
  g_assert_cmpfloat_with_epsilon (s->mood_without, 5.0, 1e-9);

  /* The deleted entry's "helped 0" does not pull Music down. */
  s = g_ptr_array_index (helps, 1);
  g_assert_cmpstr (s->uuid, ==, MUSIC);
  g_assert_cmpuint (s->uses, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->average_helped, 1.5, 1e-9);
  g_assert_true (s->has_comparison);
  g_assert_cmpfloat_with_epsilon (s->mood_with, 4.0, 1e-9);       /* (3 + 5) / 2 */
  g_assert_cmpfloat_with_epsilon (s->mood_without, 1.0, 1e-9);
}

static void
assert_count (GPtrArray  *counts,
              guint       index,
              const char *name,
              guint       count,
              double      share)
{
  KindredInsightsCount *c;

  g_assert_cmpuint (index, <, counts->len);
  c = g_ptr_array_index (counts, index);
  g_assert_cmpstr (c->name, ==, name);
  g_assert_cmpuint (c->count, ==, count);
  g_assert_cmpfloat_with_epsilon (c->share, share, 1e-9);
}

static void
test_insights_counts_known (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) emotions = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GPtrArray) low = NULL;
  g_autoptr(GPtrArray) all_emotions = NULL;
  g_autoptr(GPtrArray) all_triggers = NULL;
  g_autoptr(GDateTime) from = local (3, 1, 0, 0);
  g_autoptr(GDateTime) to = local (3, 6, 0, 0);

  add_known_journal (fixture->store);

  /* Five live entries in the period. */
  emotions = kindred_insights_top_emotions (fixture->store, from, to, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (emotions->len, ==, 3);
  assert_count (emotions, 0, "anxious", 2, 0.4);
  assert_count (emotions, 1, "calm", 2, 0.4);
  assert_count (emotions, 2, "sad", 1, 0.2);

  triggers = kindred_insights_top_triggers (fixture->store, from, to, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (triggers->len, ==, 3);
  assert_count (triggers, 0, "work", 3, 0.6);
  assert_count (triggers, 1, "sleep", 2, 0.4);
  assert_count (triggers, 2, "friends", 1, 0.2);

  /* The whole journal (no bounds) reads the link tables alone: six live entries,
   * and the deleted one's links are gone with it. */
  all_emotions = kindred_insights_top_emotions (fixture->store, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all_emotions->len, ==, 3);
  assert_count (all_emotions, 0, "anxious", 2, 2.0 / 6);
  assert_count (all_emotions, 2, "sad", 1, 1.0 / 6);
  all_triggers = kindred_insights_top_triggers (fixture->store, NULL, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all_triggers->len, ==, 1);
  assert_count (all_triggers, 0, "work", 3, 0.5);

  top = kindred_insights_top_triggers (fixture->store, from, to, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (top->len, ==, 2);

  /* work: low on E1 and E3, both of its entries with a mood (E4 has none);
   * sleep: low on E3 of E2 and E3; friends never low. */
  low = kindred_insights_low_mood_triggers (fixture->store, from, to, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (low->len, ==, 2);
  assert_count (low, 0, "work", 2, 1.0);
  assert_count (low, 1, "sleep", 1, 0.5);
}

static void
test_insights_summary_known (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *period = NULL;
  g_autofree char *all = NULL;
  g_autofree char *first = NULL;
  g_autoptr(GDateTime) from = local (3, 1, 0, 0);
  g_autoptr(GDateTime) to = local (3, 6, 0, 0);
  g_autoptr(GDateTime) feb = local (2, 24, 0, 0);
  g_autoptr(GDateTime) feb_end = local (3, 1, 0, 0);

  add_known_journal (fixture->store);

  /* Moods 2, 4, 1, 5 → 3.0; the five days before hold E0 (5). */
  period = kindred_insights_summary (fixture->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (period, ==, "Mood averaged 3.0 in the last 5 days, down from 5.0.");

  first = kindred_insights_summary (fixture->store, feb, feb_end, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "Mood averaged 5.0 in the last 5 days.");

  all = kindred_insights_summary (fixture->store, NULL, to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (all, ==, "Mood averaged 3.4 over 5 entries.");
}

static void
test_insights_empty (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) series = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) year = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autoptr(GPtrArray) emotions = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(GPtrArray) low = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *summary_all = NULL;
  g_autoptr(GDateTime) from = local (3, 1, 0, 0);
  g_autoptr(GDateTime) to = local (3, 4, 0, 0);

  series = kindred_insights_mood_series (fixture->store, from, to, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 3);
  for (guint i = 0; i < series->len; i++)
    {
      g_assert_cmpfloat (g_array_index (series, KindredInsightsDay, i).average, ==, 0);
      g_assert_cmpfloat (g_array_index (series, KindredInsightsDay, i).moving, ==, 0);
    }

  all = kindred_insights_mood_series (fixture->store, NULL, to, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);

  year = kindred_insights_year_pixels (fixture->store, 2026, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (year->len, ==, 365);

  helps = kindred_insights_what_helps (fixture->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (helps->len, ==, 0);
  emotions = kindred_insights_top_emotions (fixture->store, NULL, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (emotions->len, ==, 0);
  triggers = kindred_insights_top_triggers (fixture->store, NULL, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (triggers->len, ==, 0);
  low = kindred_insights_low_mood_triggers (fixture->store, NULL, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (low->len, ==, 0);

  summary = kindred_insights_summary (fixture->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "No moods were noted in the last 3 days.");
  summary_all = kindred_insights_summary (fixture->store, NULL, to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary_all, ==, "No moods have been noted yet.");
}

static void
test_insights_single_entry (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) series = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autoptr(GPtrArray) low = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GDateTime) when = local (6, 10, 8, 0);
  g_autoptr(GDateTime) to = local (6, 11, 0, 0);
  KindredInsightsStrategy *s;

  g_free (add_entry (fixture->store, when, 3, STRV ("hopeful"), STRV ("rain"), WALK, 4));

  series = kindred_insights_mood_series (fixture->store, NULL, to, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 1);
  assert_day (series, 0, 6, 10, 3.0, 1, 3.0);

  /* One day with a mood: nothing to compare it with. */
  helps = kindred_insights_what_helps (fixture->store, NULL, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (helps->len, ==, 1);
  s = g_ptr_array_index (helps, 0);
  g_assert_cmpuint (s->uses, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->average_helped, 4.0, 1e-9);
  g_assert_false (s->has_comparison);

  triggers = kindred_insights_top_triggers (fixture->store, NULL, to, 0, &error);
  g_assert_no_error (error);
  assert_count (triggers, 0, "rain", 1, 1.0);
  low = kindred_insights_low_mood_triggers (fixture->store, NULL, to, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (low->len, ==, 0);

  summary = kindred_insights_summary (fixture->store, NULL, to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "Mood averaged 3.0 over 1 entry.");
}

static void
test_insights_entries_without_mood (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) series = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GDateTime) a = local (4, 1, 9, 0);
  g_autoptr(GDateTime) b = local (4, 2, 9, 0);
  g_autoptr(GDateTime) from = local (4, 1, 0, 0);
  g_autoptr(GDateTime) to = local (4, 3, 0, 0);

  g_free (add_entry (fixture->store, a, 0, NULL, STRV ("work"), WALK, 2));
  g_free (add_entry (fixture->store, b, 0, NULL, NULL, NULL, 0));

  series = kindred_insights_mood_series (fixture->store, from, to, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 2);
  assert_day (series, 0, 4, 1, 0, 0, 0);
  assert_day (series, 1, 4, 2, 0, 0, 0);

  helps = kindred_insights_what_helps (fixture->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (helps->len, ==, 1);
  g_assert_false (((KindredInsightsStrategy *) g_ptr_array_index (helps, 0))->has_comparison);

  summary = kindred_insights_summary (fixture->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "No moods were noted in the last 2 days.");
}

static void
test_insights_closed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) helps = NULL;

  kindred_store_close (fixture->store);
  helps = kindred_insights_what_helps (fixture->store, NULL, NULL, &error);
  g_assert_null (helps);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED);
}

/* Days across the changes to and from summer time (Berlin, 2026: Mar 29 has 23
 * hours, Oct 25 has 25), and entries saved out of time order (an import does
 * that), so that entry ids and times do not run together:
 *   Oct 26 00:30  mood 5  Music 1   (Oct 25 23:30 UTC)
 *   Oct 25 23:30  mood 3            (22:30 UTC: still Oct 25 at the end of a long day)
 *   Oct 24 23:30  mood 1
 *   Mar 28 23:30  mood 2  Walk 2
 *   Mar 29 00:30  mood 4
 *   Mar 29 23:30  mood 2            (21:30 UTC)
 *   Mar 30 00:15  mood 5  Walk 4    (Mar 29 22:15 UTC) */
static void
test_insights_summer_time (Fixture       *fixture,
                           gconstpointer  data)
{
  struct { int month, day, hour, minute, mood; const char *strategy; int helped; } t[] = {
    { 10, 26, 0, 30, 5, MUSIC, 1 }, { 10, 25, 23, 30, 3, NULL, 0 }, { 10, 24, 23, 30, 1, NULL, 0 },
    { 3, 28, 23, 30, 2, WALK, 2 }, { 3, 29, 0, 30, 4, NULL, 0 }, { 3, 29, 23, 30, 2, NULL, 0 },
    { 3, 30, 0, 15, 5, WALK, 4 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spring = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autoptr(GDateTime) from = local (3, 28, 0, 0);
  g_autoptr(GDateTime) to = local (3, 31, 0, 0);
  g_autoptr(GDateTime) end = local (10, 27, 0, 0);
  KindredInsightsStrategy *s;

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr(GDateTime) at = local (t[i].month, t[i].day, t[i].hour, t[i].minute);

      g_free (add_entry (fixture->store, at, t[i].mood, NULL, NULL, t[i].strategy, t[i].helped));
    }

  spring = kindred_insights_mood_series (fixture->store, from, to, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spring->len, ==, 3);
  assert_day (spring, 0, 3, 28, 2.0, 1, 2.0);
  assert_day (spring, 1, 3, 29, 3.0, 2, 2.5);
  assert_day (spring, 2, 3, 30, 5.0, 1, 4.0);

  /* From the first entry: Mar 28 to Oct 26, every day once */
  all = kindred_insights_mood_series (fixture->store, NULL, end, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 213);
  assert_day (all, 0, 3, 28, 2.0, 1, 2.0);
  assert_day (all, 2, 3, 30, 5.0, 1, 5.0);
  assert_day (all, 3, 3, 31, 0.0, 0, 0.0);
  assert_day (all, 210, 10, 24, 1.0, 1, 1.0);
  assert_day (all, 211, 10, 25, 3.0, 1, 3.0);
  assert_day (all, 212, 10, 26, 5.0, 1, 5.0);

  /* Day moods: Mar 28 = 2, Mar 29 = 3, Mar 30 = 5, Oct 24 = 1, Oct 25 = 3,
   * Oct 26 = 5 (19 over 6 days). */
  helps = kindred_insights_what_helps (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (helps->len, ==, 2);
  s = g_ptr_array_index (helps, 0);
  g_assert_cmpstr (s->uuid, ==, WALK);
  g_assert_cmpuint (s->uses, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->average_helped, 3.0, 1e-9);
  g_assert_true (s->has_comparison);
  g_assert_cmpfloat_with_epsilon (s->mood_with, 3.5, 1e-9);       /* (2 + 5) / 2 */
  g_assert_cmpfloat_with_epsilon (s->mood_without, 3.0, 1e-9);    /* (19 - 7) / 4 */
  s = g_ptr_array_index (helps, 1);
  g_assert_cmpstr (s->uuid, ==, MUSIC);
  g_assert_cmpuint (s->uses, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->average_helped, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->mood_with, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->mood_without, 2.8, 1e-9);    /* (19 - 5) / 5 */
}

int
main (int   argc,
      char *argv[])
{
  /* Local days must not depend on where the test runs; Berlin has a UTC offset
   * (and summer time), so a day boundary that used UTC would show. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  tzset ();

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/insights/mood-series/known", Fixture, NULL,
              fixture_set_up, test_insights_mood_series_known, fixture_tear_down);
  g_test_add ("/insights/year-pixels/known", Fixture, NULL,
              fixture_set_up, test_insights_year_pixels_known, fixture_tear_down);
  g_test_add ("/insights/what-helps/known", Fixture, NULL,
              fixture_set_up, test_insights_what_helps_known, fixture_tear_down);
  g_test_add ("/insights/counts/known", Fixture, NULL,
              fixture_set_up, test_insights_counts_known, fixture_tear_down);
  g_test_add ("/insights/summary/known", Fixture, NULL,
              fixture_set_up, test_insights_summary_known, fixture_tear_down);
  g_test_add ("/insights/mood-series/summer-time", Fixture, NULL,
              fixture_set_up, test_insights_summer_time, fixture_tear_down);
  g_test_add ("/insights/all/empty", Fixture, NULL,
              fixture_set_up, test_insights_empty, fixture_tear_down);
  g_test_add ("/insights/all/single-entry", Fixture, NULL,
              fixture_set_up, test_insights_single_entry, fixture_tear_down);
  g_test_add ("/insights/all/without-mood", Fixture, NULL,
              fixture_set_up, test_insights_entries_without_mood, fixture_tear_down);
  g_test_add ("/insights/all/closed", Fixture, NULL,
              fixture_set_up, test_insights_closed, fixture_tear_down);

  return g_test_run ();
}

/* kindred-insights.c: the numbers behind the Insights view, as SQL aggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-insights"

#include "config.h"

#include "insights/kindred-insights.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "store/kindred-store-private.h"

/* Every aggregate runs over [from, to): (deleted, created_at, …, mood) is the time
 * index, so the range is a search of it and not a scan of the table. */
/* From this many entries in a period, one scan of a link table (strategies,
 * triggers) beats looking up the period's entries in it one by one.  Tests build
 * with 0 to take the scan path on small journals too. */
#ifndef KINDRED_INSIGHTS_SCAN_FROM
#define KINDRED_INSIGHTS_SCAN_FROM 2000
#endif

#define IN_PERIOD "e.deleted = 0 AND e.created_at >= ?1 AND e.created_at < ?2"

#define LOW_MOOD 2

typedef struct
{
  gint64  from_us;
  gint64  to_us;
  guint   limit;
  gpointer out;     /* what the reader fills */
  gpointer extra;
} Query;

static gint64
to_us (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

static void
query_init (Query     *query,
            GDateTime *from,
            GDateTime *to,
            guint      limit)
{
  query->from_us = from != NULL ? to_us (from) : G_MININT64;
  query->to_us = to != NULL ? to_us (to) : G_MAXINT64;
  query->limit = limit;
  query->out = NULL;
  query->extra = NULL;
}

static sqlite3_stmt *
prepare_period (sqlite3     *db,
                const char  *sql,
                Query       *query,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _kindred_store_set_error (error, db, rc, "insights");
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, query->from_us);
  sqlite3_bind_int64 (stmt, 2, query->to_us);

  return stmt;
}

static gboolean
finish_step (sqlite3  *db,
             int       rc,
             GError  **error)
{
  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, db, rc, "insights");
      return FALSE;
    }
  return TRUE;
}

void
kindred_insights_strategy_free (KindredInsightsStrategy *strategy)
{
  if (strategy == NULL)
    return;
  g_free (strategy->uuid);
  g_free (strategy->name);
  g_free (strategy);
}

void
kindred_insights_count_free (KindredInsightsCount *count)
{
  if (count == NULL)
    return;
  g_free (count->name);
  g_free (count);
}

/* Local days in C rather than with SQLite's date(…, 'localtime'): that asks the C
 * library for every row (35 ms for 50,000 entries), this only when a row crosses
 * into another day, and rows come in time order.  The walk holds its own time
 * zone: g_date_time_new_local () looks the local zone up again on every call (a
 * stat and a readlink of /etc/localtime in GLib 2.74), which was most of the time
 * "what helps" took over a whole journal. */
typedef struct
{
  GTimeZone *tz;
  gint64     start_us;
  gint64     end_us;
  guint32    julian;
} DayWalk;

static void
day_walk_clear (DayWalk *walk)
{
  g_clear_pointer (&walk->tz, g_time_zone_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DayWalk, day_walk_clear)

static gint64
midnight_us (GTimeZone   *tz,
             const GDate *date)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  return midnight != NULL ? to_us (midnight) : G_MAXINT64;
}

static guint32
day_walk (DayWalk *walk,
          gint64   us)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date;
  int y, m, d;

  if (walk->julian != 0 && us >= walk->start_us && us < walk->end_us)
    return walk->julian;

  if (walk->tz == NULL)
    walk->tz = g_time_zone_new_local ();

  /* Most often the row is on the next day: it starts where this one ends. */
  if (walk->julian != 0 && us >= walk->end_us && walk->end_us != G_MAXINT64 &&
      g_date_valid_julian (walk->julian + 2))
    {
      g_date_clear (&date, 1);
      g_date_set_julian (&date, walk->julian + 2);
      walk->start_us = walk->end_us;
      walk->end_us = midnight_us (walk->tz, &date);
      walk->julian++;
      if (us < walk->end_us)
        return walk->julian;
    }

  utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC - (us % G_USEC_PER_SEC < 0));
  if (utc == NULL)
    return 0;
  local = g_date_time_to_timezone (utc, walk->tz);
  if (local == NULL)
    return 0;
  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  walk->julian = g_date_get_julian (&date);
  walk->start_us = midnight_us (walk->tz, &date);
  walk->end_us = G_MAXINT64;
  if (g_date_valid_julian (walk->julian + 1))
    {
      g_date_add_days (&date, 1);
      walk->end_us = midnight_us (walk->tz, &date);
    }
  if (walk->start_us == G_MAXINT64)
    walk->start_us = us;

  return walk->julian;
}

/* Mood series */

typedef struct
{
  double sum;
  guint  n;
} DaySum;

/* Day averages keyed by Julian day number (GDate), and the first live entry. */
static gboolean
read_day_sums (sqlite3   *db,
               gpointer   data,
               GError   **error)
{
  Query *query = data;
  GHashTable *days = query->out;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(DayWalk) walk = { 0 };
  guint32 last_julian = 0;
  DaySum *last_sum = NULL;
  int rc;

  if (query->extra != NULL)
    {
      g_autoptr(sqlite3_stmt) first = NULL;
      gint64 *first_us = query->extra;

      rc = sqlite3_prepare_v2 (db,
                               "SELECT min(created_at) FROM entries e WHERE " IN_PERIOD,
                               -1, &first, NULL);
      if (rc != SQLITE_OK)
        return finish_step (db, rc, error);
      sqlite3_bind_int64 (first, 1, query->from_us);
      sqlite3_bind_int64 (first, 2, query->to_us);
      rc = sqlite3_step (first);
      if (rc != SQLITE_ROW)
        return finish_step (db, rc, error);
      if (sqlite3_column_type (first, 0) == SQLITE_NULL)
        return TRUE;
      *first_us = sqlite3_column_int64 (first, 0);
      return TRUE;
    }

  /* The time index alone (it carries the mood). */
  stmt = prepare_period (db,
                         "SELECT e.created_at, e.mood FROM entries e"
                         " WHERE " IN_PERIOD " AND e.mood IS NOT NULL"
                         " ORDER BY e.created_at",
                         query, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 julian = day_walk (&walk, sqlite3_column_int64 (stmt, 0));
      DaySum *sum;

      if (julian == 0)
        continue;
      if (julian != last_julian)
        {
          sum = g_hash_table_lookup (days, GUINT_TO_POINTER (julian));
          if (sum == NULL)
            {
              sum = g_new0 (DaySum, 1);
              g_hash_table_insert (days, GUINT_TO_POINTER (julian), sum);
            }
          last_julian = julian;
          last_sum = sum;
        }
      last_sum->sum += sqlite3_column_int (stmt, 1);
      last_sum->n++;
    }

  return finish_step (db, rc, error);
}

static void
date_from_date_time (GDateTime *date_time,
                     GDate     *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date_time);
  int y, m, d;

  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
}

static GDateTime *
local_midnight (const GDate *date)
{
  return g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 0, 0, 0);
}

/**
 * kindred_insights_mood_series:
 *
 * The moving average is computed here in C, because SQLite 3.15 has no window
 * functions: for each day, the mean of the day averages (each day weighs the same,
 * however many entries it has) of the days with a mood among the @window_days
 * calendar days that end on it.
 *
 * Returns: (transfer full) (element-type KindredInsightsDay)
 */
GArray *
kindred_insights_mood_series (KindredStore  *store,
                              GDateTime     *from,
                              GDateTime     *to,
                              guint          window_days,
                              GError       **error)
{
  g_autoptr(GArray) series = NULL;
  g_autoptr(GHashTable) days = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) lookback = NULL;
  g_autoptr(GDateTime) last_instant = NULL;
  GDate first, last, look;
  gint64 first_us = G_MININT64;
  Query query;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (window_days >= 1, NULL);

  series = g_array_new (FALSE, TRUE, sizeof (KindredInsightsDay));
  days = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (to == NULL)
    to = now = g_date_time_new_now_local ();

  query_init (&query, from, to, 0);
  if (query.to_us <= query.from_us)
    return g_steal_pointer (&series);

  if (from == NULL)
    {
      /* First find where the journal starts, then read from there. */
      query.out = days;
      query.extra = &first_us;
      if (!_kindred_store_read (store, read_day_sums, &query, error))
        return NULL;
      if (first_us == G_MININT64)
        return g_steal_pointer (&series);
      {
        g_autoptr(GDateTime) first_dt = g_date_time_new_from_unix_utc (first_us / G_USEC_PER_SEC);

        date_from_date_time (first_dt, &first);
      }
    }
  else
    {
      date_from_date_time (from, &first);
    }

  last_instant = g_date_time_add (to, -1);
  date_from_date_time (last_instant, &last);

  /* Read the window's days before @from too, so the first days' moving average
   * is as honest as the later ones. */
  look = first;
  g_date_subtract_days (&look, window_days - 1);
  lookback = local_midnight (&look);
  query_init (&query, from != NULL ? lookback : NULL, to, 0);
  query.out = days;
  if (!_kindred_store_read (store, read_day_sums, &query, error))
    return NULL;

  for (guint32 j = g_date_get_julian (&first); j <= g_date_get_julian (&last); j++)
    {
      KindredInsightsDay day = { 0 };
      DaySum *sum;
      GDate date;
      double window_sum = 0;
      guint window_n = 0;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, j);
      day.year = g_date_get_year (&date);
      day.month = g_date_get_month (&date);
      day.day = g_date_get_day (&date);

      sum = g_hash_table_lookup (days, GUINT_TO_POINTER (j));
      if (sum != NULL && sum->n > 0)
        {
          day.average = sum->sum / sum->n;
          day.n_moods = sum->n;
        }

      for (guint k = 0; k < window_days && k < j; k++)
        {
          DaySum *other = g_hash_table_lookup (days, GUINT_TO_POINTER (j - k));

          if (other != NULL && other->n > 0)
            {
              window_sum += other->sum / other->n;
              window_n++;
            }
        }
      day.moving = window_n > 0 ? window_sum / window_n : 0;

      g_array_append_val (series, day);
    }

  return g_steal_pointer (&series);
}

/**
 * kindred_insights_year_pixels:
 *
 * Returns: (transfer full) (element-type KindredDayMood): Jan 1 to Dec 31
 */
GArray *
kindred_insights_year_pixels (KindredStore  *store,
                              int            year,
                              GError       **error)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (year >= 1 && year < 9999, NULL);

  from = g_date_time_new_local (year, 1, 1, 0, 0, 0);
  to = g_date_time_new_local (year + 1, 1, 1, 0, 0, 0);

  /* The calendar's day walk already reads the time index alone. */
  return kindred_store_get_day_moods (store, from, to, error);
}

/* What helps */

typedef struct
{
  GPtrArray  *strategies;   /* KindredInsightsStrategy */
} HelpsData;

typedef struct
{
  KindredInsightsStrategy *strategy;
  double                   helped_sum;
  GArray                  *days;   /* guint32 julian, distinct, ascending */
} Uses;

static void
uses_free (gpointer data)
{
  Uses *uses = data;

  g_clear_pointer (&uses->days, g_array_unref);
  g_free (uses);
}

static int
compare_julian (gconstpointer a,
                gconstpointer b)
{
  guint32 ja = *(const guint32 *) a;
  guint32 jb = *(const guint32 *) b;

  return ja < jb ? -1 : ja > jb;
}

/* An entry of the period and what a reader needs of it (its local day, or its
 * mood), to join the links to it in C: an array in entry id order and a binary
 * search cost a fraction of a probe into a link table per entry. */
typedef struct
{
  gint64  id;
  guint32 value;
} EntryRef;

static int
compare_entry_ref (gconstpointer a,
                   gconstpointer b)
{
  gint64 ia = ((const EntryRef *) a)->id;
  gint64 ib = ((const EntryRef *) b)->id;

  return ia < ib ? -1 : ia > ib;
}

/* Entries are made in time order, so a period read in time order is usually in id
 * order already; an import or a sync can add older entries later. */
static void
sort_entry_refs (GArray *entries)
{
  for (guint i = 1; i < entries->len; i++)
    if (g_array_index (entries, EntryRef, i - 1).id > g_array_index (entries, EntryRef, i).id)
      {
        g_array_sort (entries, compare_entry_ref);
        return;
      }
}

static const EntryRef *
find_entry_ref (GArray *entries,
                gint64  id)
{
  guint lo = 0, hi = entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const EntryRef *entry = &g_array_index (entries, EntryRef, mid);

      if (entry->id == id)
        return entry;
      if (entry->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

static gboolean
read_what_helps (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  Query *query = data;
  HelpsData *helps = query->out;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) names = NULL;
  g_autoptr(GHashTable) uses = NULL;        /* strategy id → Uses */
  g_autoptr(GHashTable) day_sums = NULL;    /* julian → DaySum */
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GArray) entry_days = NULL;      /* EntryRef → julian (0: none) */
  g_auto(DayWalk) walk = { 0 };
  guint32 last_julian = 0;
  DaySum *last_sum = NULL;
  gboolean scan;
  double total_sum = 0;
  guint total_n = 0;
  int rc;

  uses = g_hash_table_new_full (NULL, NULL, NULL, uses_free);
  day_sums = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  /* Two sequential reads joined in C rather than a join in SQL: on a whole
   * journal the join probes entry_strategies once per entry (38 ms for 50,000
   * entries through the cipher), while the two scans take 18 ms.
   * First the entries in time order: each day's mood (days weigh the same,
   * however many entries they have) and each entry's day. */
  stmt = prepare_period (db,
                         "SELECT e.id, e.created_at, e.mood FROM entries e"
                         " WHERE " IN_PERIOD
                         " ORDER BY e.created_at",
                         query, error);
  if (stmt == NULL)
    return FALSE;
  entry_days = g_array_new (FALSE, FALSE, sizeof (EntryRef));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EntryRef entry;

      entry.id = sqlite3_column_int64 (stmt, 0);
      entry.value = day_walk (&walk, sqlite3_column_int64 (stmt, 1));
      g_array_append_val (entry_days, entry);
      if (entry.value == 0 || sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        continue;

      if (entry.value != last_julian)
        {
          last_sum = g_hash_table_lookup (day_sums, GUINT_TO_POINTER (entry.value));
          if (last_sum == NULL)
            {
              last_sum = g_new0 (DaySum, 1);
              g_hash_table_insert (day_sums, GUINT_TO_POINTER (entry.value), last_sum);
            }
          last_julian = entry.value;
        }
      last_sum->sum += sqlite3_column_int (stmt, 2);
      last_sum->n++;
    }
  if (!finish_step (db, rc, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  sort_entry_refs (entry_days);

  /* Then the links: one scan of the table for a long period; for a short one
   * (where a scan would read links the period does not hold) the links of the
   * period's entries, in one statement: a statement reset per entry ends the read
   * transaction each time, and the next step checks the file again. */
  scan = entry_days->len > KINDRED_INSIGHTS_SCAN_FROM;
  if (scan)
    {
      rc = sqlite3_prepare_v2 (db,
                               "SELECT entry_id, strategy_id, helped FROM entry_strategies",
                               -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return finish_step (db, rc, error);
    }
  else
    {
      stmt = prepare_period (db,
                             "SELECT entry_id, strategy_id, helped FROM entry_strategies"
                             " WHERE entry_id IN (SELECT e.id FROM entries e WHERE "
                             IN_PERIOD ")",
                             query, error);
      if (stmt == NULL)
        return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const EntryRef *entry = find_entry_ref (entry_days, sqlite3_column_int64 (stmt, 0));
      Uses *u;

      /* Links of entries outside the period are skipped */
      if (entry == NULL)
        continue;

      key = GINT_TO_POINTER (sqlite3_column_int (stmt, 1));
      u = g_hash_table_lookup (uses, key);
      if (u == NULL)
        {
          u = g_new0 (Uses, 1);
          u->strategy = g_new0 (KindredInsightsStrategy, 1);
          u->days = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_ptr_array_add (helps->strategies, u->strategy);
          g_hash_table_insert (uses, key, u);
        }
      u->strategy->uses++;
      u->helped_sum += sqlite3_column_int (stmt, 2);
      if (entry->value != 0)
        g_array_append_val (u->days, entry->value);
    }
  if (!finish_step (db, rc, error))
    return FALSE;
  if (g_hash_table_size (uses) == 0)
    return TRUE;

  rc = sqlite3_prepare_v2 (db, "SELECT id, uuid, name FROM strategies", -1, &names, NULL);
  if (rc != SQLITE_OK)
    return finish_step (db, rc, error);
  while ((rc = sqlite3_step (names)) == SQLITE_ROW)
    {
      Uses *u = g_hash_table_lookup (uses, GINT_TO_POINTER (sqlite3_column_int (names, 0)));

      if (u == NULL)
        continue;
      u->strategy->uuid = g_strdup ((const char *) sqlite3_column_text (names, 1));
      u->strategy->name = g_strdup ((const char *) sqlite3_column_text (names, 2));
    }
  if (!finish_step (db, rc, error))
    return FALSE;

  g_hash_table_iter_init (&iter, day_sums);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DaySum *sum = value;

      total_sum += sum->sum / sum->n;
      total_n++;
    }

  g_hash_table_iter_init (&iter, uses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Uses *u = value;
      KindredInsightsStrategy *strategy = u->strategy;
      double sum_with = 0;
      guint n_with = 0;

      strategy->average_helped = u->helped_sum / strategy->uses;
      /* The scan reads links in entry order, not time order: count each day once */
      g_array_sort (u->days, compare_julian);
      for (guint i = 0; i < u->days->len; i++)
        {
          guint32 julian = g_array_index (u->days, guint32, i);
          DaySum *sum;

          if (i > 0 && g_array_index (u->days, guint32, i - 1) == julian)
            continue;
          sum = g_hash_table_lookup (day_sums, GUINT_TO_POINTER (julian));
          if (sum == NULL)
            continue;
          sum_with += sum->sum / sum->n;
          n_with++;
        }
      if (n_with > 0 && n_with < total_n)
        {
          strategy->has_comparison = TRUE;
          strategy->mood_with = sum_with / n_with;
          strategy->mood_without = (total_sum - sum_with) / (total_n - n_with);
        }
    }

  return TRUE;
}

static int
compare_strategies (gconstpointer a,
                    gconstpointer b)
{
  const KindredInsightsStrategy *sa = *(KindredInsightsStrategy * const *) a;
  const KindredInsightsStrategy *sb = *(KindredInsightsStrategy * const *) b;

  if (sa->average_helped != sb->average_helped)
    return sa->average_helped > sb->average_helped ? -1 : 1;
  if (sa->uses != sb->uses)
    return sa->uses > sb->uses ? -1 : 1;
  return g_utf8_collate (sa->name != NULL ? sa->name : "", sb->name != NULL ? sb->name : "");
}

/**
 * kindred_insights_what_helps:
 *
 * Returns: (transfer full) (element-type KindredInsightsStrategy)
 */
GPtrArray *
kindred_insights_what_helps (KindredStore  *store,
                             GDateTime     *from,
                             GDateTime     *to,
                             GError       **error)
{
  g_autoptr(GPtrArray) strategies = NULL;
  HelpsData helps;
  Query query;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  strategies = g_ptr_array_new_with_free_func ((GDestroyNotify) kindred_insights_strategy_free);
  helps.strategies = strategies;
  query_init (&query, from, to, 0);
  query.out = &helps;
  if (!_kindred_store_read (store, read_what_helps, &query, error))
    return NULL;

  g_ptr_array_sort (strategies, compare_strategies);

  return g_steal_pointer (&strategies);
}

/* Counts */

static gboolean
read_counts (sqlite3   *db,
             gpointer   data,
             GError   **error)
{
  Query *query = data;
  const char *sql = query->extra;
  GPtrArray *counts = query->out;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) total_stmt = NULL;
  double total = 0;
  int rc;

  /* Unbounded: the live count the store keeps, not a count over the index. */
  total_stmt = prepare_period (db,
                               query->from_us == G_MININT64 && query->to_us == G_MAXINT64
                               ? "SELECT live FROM entry_count"
                               : "SELECT count(*) FROM entries e WHERE " IN_PERIOD,
                               query, error);
  if (total_stmt == NULL)
    return FALSE;
  rc = sqlite3_step (total_stmt);
  if (rc != SQLITE_ROW)
    return finish_step (db, rc, error);
  total = sqlite3_column_int64 (total_stmt, 0);

  stmt = prepare_period (db, sql, query, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, query->limit > 0 ? (gint64) query->limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KindredInsightsCount *count = g_new0 (KindredInsightsCount, 1);

      count->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      count->count = (guint) sqlite3_column_int64 (stmt, 1);
      count->share = total > 0 ? count->count / total : 0;
      g_ptr_array_add (counts, count);
    }

  return finish_step (db, rc, error);
}

static GPtrArray *
list_counts (KindredStore  *store,
             const char    *sql,
             const char    *sql_all,
             GDateTime     *from,
             GDateTime     *to,
             guint          limit,
             GError       **error)
{
  g_autoptr(GPtrArray) counts = NULL;
  Query query;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  counts = g_ptr_array_new_with_free_func ((GDestroyNotify) kindred_insights_count_free);
  query_init (&query, from, to, limit);
  query.out = counts;
  /* A tombstone has no links (the store's tombstone trigger removes them), so
   * over the whole journal the link tables alone answer, through their own
   * indexes, without visiting 50,000 entries. */
  query.extra = (gpointer) (from == NULL && to == NULL && sql_all != NULL ? sql_all : sql);
  if (!_kindred_store_read (store, read_counts, &query, error))
    return NULL;

  return g_steal_pointer (&counts);
}

/**
 * kindred_insights_top_emotions:
 *
 * Returns: (transfer full) (element-type KindredInsightsCount)
 */
GPtrArray *
kindred_insights_top_emotions (KindredStore  *store,
                               GDateTime     *from,
                               GDateTime     *to,
                               guint          limit,
                               GError       **error)
{
  return list_counts (store,
                      "SELECT ee.emotion, count(*) AS n FROM entries e"
                      " JOIN entry_emotions ee ON ee.entry_id = e.id"
                      " WHERE " IN_PERIOD
                      " GROUP BY ee.emotion ORDER BY n DESC, ee.emotion LIMIT ?3",
                      "SELECT emotion, count(*) AS n FROM entry_emotions"
                      " GROUP BY emotion ORDER BY n DESC, emotion LIMIT ?3",
                      from, to, limit, error);
}

/**
 * kindred_insights_top_triggers:
 *
 * Returns: (transfer full) (element-type KindredInsightsCount)
 */
GPtrArray *
kindred_insights_top_triggers (KindredStore  *store,
                               GDateTime     *from,
                               GDateTime     *to,
                               guint          limit,
                               GError       **error)
{
  return list_counts (store,
                      "SELECT t.tag, count(*) AS n FROM entries e"
                      " JOIN entry_triggers t ON t.entry_id = e.id"
                      " WHERE " IN_PERIOD
                      " GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ?3",
                      "SELECT tag, count(*) AS n FROM entry_triggers"
                      " GROUP BY tag ORDER BY n DESC, tag LIMIT ?3",
                      from, to, limit, error);
}

typedef struct
{
  guint low;
  guint n;
} LowCount;

static int
compare_low (gconstpointer a,
             gconstpointer b)
{
  const KindredInsightsCount *ca = *(KindredInsightsCount * const *) a;
  const KindredInsightsCount *cb = *(KindredInsightsCount * const *) b;

  if (ca->count != cb->count)
    return ca->count > cb->count ? -1 : 1;
  if (ca->share != cb->share)
    return ca->share > cb->share ? -1 : 1;
  return strcmp (ca->name, cb->name);
}

static gboolean
read_low_triggers (sqlite3   *db,
                   gpointer   data,
                   GError   **error)
{
  Query *query = data;
  GPtrArray *counts = query->out;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) tags = NULL;   /* tag → LowCount */
  g_autoptr(GArray) moods = NULL;      /* EntryRef → mood */
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  /* Counted here rather than with GROUP BY: SQLite would sort every link into a
   * temporary tree first, twice the time of the join itself on a big journal.
   * And joined in C, as "what helps" does: first the period's entries with a
   * mood, then their triggers, all of them in one scan for a long period. */
  stmt = prepare_period (db,
                         "SELECT e.id, e.mood FROM entries e"
                         " WHERE " IN_PERIOD " AND e.mood IS NOT NULL"
                         " ORDER BY e.created_at",
                         query, error);
  if (stmt == NULL)
    return FALSE;
  moods = g_array_new (FALSE, FALSE, sizeof (EntryRef));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EntryRef entry;

      entry.id = sqlite3_column_int64 (stmt, 0);
      entry.value = (guint32) sqlite3_column_int (stmt, 1);
      g_array_append_val (moods, entry);
    }
  if (!finish_step (db, rc, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (moods->len == 0)
    return TRUE;
  sort_entry_refs (moods);

  if (moods->len > KINDRED_INSIGHTS_SCAN_FROM)
    {
      rc = sqlite3_prepare_v2 (db, "SELECT entry_id, tag FROM entry_triggers", -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return finish_step (db, rc, error);
    }
  else
    {
      stmt = prepare_period (db,
                             "SELECT entry_id, tag FROM entry_triggers"
                             " WHERE entry_id IN (SELECT e.id FROM entries e WHERE "
                             IN_PERIOD " AND e.mood IS NOT NULL)",
                             query, error);
      if (stmt == NULL)
        return FALSE;
    }

  tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const EntryRef *entry = find_entry_ref (moods, sqlite3_column_int64 (stmt, 0));
      const char *tag;
      LowCount *count;

      if (entry == NULL)
        continue;
      tag = (const char *) sqlite3_column_text (stmt, 1);
      if (tag == NULL)
        continue;
      count = g_hash_table_lookup (tags, tag);
      if (count == NULL)
        {
          count = g_new0 (LowCount, 1);
          g_hash_table_insert (tags, g_strdup (tag), count);
        }
      count->n++;
      if (entry->value <= LOW_MOOD)
        count->low++;
    }
  if (!finish_step (db, rc, error))
    return FALSE;

  g_hash_table_iter_init (&iter, tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LowCount *low = value;
      KindredInsightsCount *count;

      if (low->low == 0)
        continue;
      count = g_new0 (KindredInsightsCount, 1);
      count->name = g_strdup (key);
      count->count = low->low;
      count->share = (double) low->low / low->n;
      g_ptr_array_add (counts, count);
    }
  g_ptr_array_sort (counts, compare_low);
  if (query->limit > 0 && counts->len > query->limit)
    g_ptr_array_set_size (counts, query->limit);

  return TRUE;
}

/**
 * kindred_insights_low_mood_triggers:
 *
 * Returns: (transfer full) (element-type KindredInsightsCount)
 */
GPtrArray *
kindred_insights_low_mood_triggers (KindredStore  *store,
                                    GDateTime     *from,
                                    GDateTime     *to,
                                    guint          limit,
                                    GError       **error)
{
  g_autoptr(GPtrArray) counts = NULL;
  Query query;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  counts = g_ptr_array_new_with_free_func ((GDestroyNotify) kindred_insights_count_free);
  query_init (&query, from, to, limit);
  query.out = counts;
  if (!_kindred_store_read (store, read_low_triggers, &query, error))
    return NULL;

  return g_steal_pointer (&counts);
}

/* Average and summary */

typedef struct
{
  double   average;
  guint    n;
} Average;

static gboolean
read_average (sqlite3   *db,
              gpointer   data,
              GError   **error)
{
  Query *query = data;
  Average *average = query->out;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_period (db,
                         "SELECT avg(e.mood), count(e.mood) FROM entries e WHERE " IN_PERIOD,
                         query, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return finish_step (db, rc, error);
  average->average = sqlite3_column_double (stmt, 0);
  average->n = (guint) sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

gboolean
kindred_insights_average_mood (KindredStore  *store,
                               GDateTime     *from,
                               GDateTime     *to,
                               double        *average,
                               guint         *n_moods,
                               gboolean      *has_mood,
                               GError       **error)
{
  Average result = { 0 };
  Query query;

  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);

  query_init (&query, from, to, 0);
  query.out = &result;
  if (!_kindred_store_read (store, read_average, &query, error))
    return FALSE;

  if (average != NULL)
    *average = result.n > 0 ? result.average : 0;
  if (n_moods != NULL)
    *n_moods = result.n;
  if (has_mood != NULL)
    *has_mood = result.n > 0;

  return TRUE;
}

/**
 * kindred_insights_summary:
 *
 * Returns: (transfer full): one sentence
 */
char *
kindred_insights_summary (KindredStore  *store,
                          GDateTime     *from,
                          GDateTime     *to,
                          GError       **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *before_text = NULL;
  double average = 0, previous = 0;
  gboolean has_mood = FALSE, had_mood = FALSE;
  guint n_moods = 0;
  GTimeSpan span;
  int n_days;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  if (to == NULL)
    to = now = g_date_time_new_now_local ();

  if (!kindred_insights_average_mood (store, from, to, &average, &n_moods, &has_mood, error))
    return NULL;

  if (from == NULL)
    {
      if (!has_mood)
        return g_strdup (_("No moods have been noted yet."));
      now_text = g_strdup_printf ("%.1f", average);
      return g_strdup_printf (ngettext ("Mood averaged %s over %u entry.",
                                        "Mood averaged %s over %u entries.", n_moods),
                              now_text, n_moods);
    }

  /* Whole days, so a change to or from summer time still says "30 days". */
  span = g_date_time_difference (to, from);
  n_days = (int) MAX (1, (span + G_TIME_SPAN_DAY / 2) / G_TIME_SPAN_DAY);

  if (!has_mood)
    return g_strdup_printf (ngettext ("No moods were noted in the last %d day.",
                                      "No moods were noted in the last %d days.", n_days),
                            n_days);

  before = g_date_time_add (from, -span);
  if (!kindred_insights_average_mood (store, before, from, &previous, NULL, &had_mood, error))
    return NULL;

  now_text = g_strdup_printf ("%.1f", average);
  if (!had_mood)
    return g_strdup_printf (ngettext ("Mood averaged %s in the last %d day.",
                                      "Mood averaged %s in the last %d days.", n_days),
                            now_text, n_days);

  /* Compared as shown, to one decimal: "up from 3.4" next to "3.4" would confuse. */
  before_text = g_strdup_printf ("%.1f", previous);
  if (lround (average * 10) > lround (previous * 10))
    return g_strdup_printf (ngettext ("Mood averaged %s in the last %d day, up from %s.",
                                      "Mood averaged %s in the last %d days, up from %s.",
                                      n_days),
                            now_text, n_days, before_text);
  if (lround (average * 10) < lround (previous * 10))
    return g_strdup_printf (ngettext ("Mood averaged %s in the last %d day, down from %s.",
                                      "Mood averaged %s in the last %d days, down from %s.",
                                      n_days),
                            now_text, n_days, before_text);
  return g_strdup_printf (ngettext ("Mood averaged %s in the last %d day, the same as before.",
                                    "Mood averaged %s in the last %d days, the same as before.",
                                    n_days),
                          now_text, n_days);
}

/* kindred-bench.c: how fast the real encrypted store is with a 50,000-entry journal
 *
 * Goes only through kindred-core's public API, the same calls the app makes, on a
 * real SQLCipher file: bulk insert, open + unlock, the list's first page,
 * full-text search and the Insights view's aggregates.  kindred-bench-plain runs
 * the same SQL on plain SQLite for the ratio; build-aux/bench.sh runs both and
 * prints one table.  Not a test: nothing here passes or fails on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kindred-core.h"
#include "bench-data.h"

#define PROGRAM "kindred"

static void
die (const char *what,
     GError     *error)
{
  /* Only synthetic text is ever in this journal, so the message may be shown. */
  fprintf (stderr, "kindred-bench: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static KindredEntry *
make_entry (BenchJournal *journal,
            BenchEntry   *e)
{
  g_autoptr(GDateTime) created_at = g_date_time_new_from_unix_utc (e->created_at);
  const char *triggers[BENCH_MAX_TRIGGERS + 1] = { NULL, };
  KindredEntry *entry;

  entry = kindred_entry_new_with_uuid (e->uuid);
  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_mood (entry, e->mood);
  kindred_entry_set_title (entry, e->title);
  kindred_entry_set_body (entry, e->body);
  for (guint i = 0; i < e->n_emotions; i++)
    kindred_entry_set_emotion (entry, e->emotions[i], e->intensities[i]);
  for (guint i = 0; i < e->n_triggers; i++)
    triggers[i] = e->triggers[i];
  kindred_entry_set_triggers (entry, triggers);
  for (guint i = 0; i < e->n_links; i++)
    kindred_entry_set_strategy (entry, journal->strategy_uuids[e->strategies[i]],
                                e->helped[i]);

  return entry;
}

static KindredStore *
open_store (const char *path,
            KindredKey *key,
            gboolean    create)
{
  g_autoptr(GError) error = NULL;
  KindredStore *store;

  store = kindred_store_open (path, key, create, NULL, &error);
  if (store == NULL)
    die ("open", error);

  return store;
}

/* Returns the milliseconds spent in kindred_store_save_entries () only: building the
 * KindredEntry objects is the editor's work, not the store's. */
static double
insert_journal (BenchJournal *journal,
                const char   *path,
                KindredKey   *key)
{
  g_autoptr(KindredStore) store = open_store (path, key, TRUE);
  double total = 0;

  for (guint i = 0; i < BENCH_N_STRATEGIES; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!kindred_store_add_strategy (store, journal->strategy_uuids[i],
                                       journal->strategy_names[i],
                                       journal->strategy_categories[i],
                                       NULL, TRUE, &error))
        die ("add strategy", error);
    }

  for (guint start = 0; start < journal->n_entries; start += BENCH_BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      guint end = MIN (start + BENCH_BATCH, journal->n_entries);
      double t0;

      for (guint i = start; i < end; i++)
        g_ptr_array_add (batch, make_entry (journal, &journal->entries[i]));

      t0 = bench_now_ms ();
      if (!kindred_store_save_entries (store, batch, &error))
        die ("save entries", error);
      total += bench_now_ms () - t0;
    }

  kindred_store_close (store);

  return total;
}

static void
remove_journal_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  guint n_entries = BENCH_N_ENTRIES;
  guint runs = 20;
  guint insert_runs = 3;
  gboolean keep = FALSE;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  BenchJournal *journal;
  g_autofree double *times = NULL;
  guint n_queries = 0;
  guint fts_runs;

  bench_parse_args (argc, argv, &n_entries, &runs, &keep);
  insert_runs = MIN (insert_runs, runs);
  journal = bench_journal_new (n_entries);
  printf ("INFO\t%s\tentries\t%u\n", PROGRAM, n_entries);
  while (bench_queries[n_queries] != NULL)
    n_queries++;
  /* Every query the same number of times, at least 50 timings for the p95. */
  fts_runs = MAX (runs, 50 / n_queries + (50 % n_queries != 0));
  times = g_new0 (double, MAX (runs, fts_runs * n_queries));

  /* Bulk insert: a fresh folder each run, the same key. */
  for (guint r = 0; r < insert_runs; r++)
    {
      g_autoptr(GError) error = NULL;

      if (dir != NULL)
        remove_journal_dir (dir);
      g_free (dir);
      g_free (path);
      dir = g_dir_make_tmp ("kindred-bench-XXXXXX", &error);
      if (dir == NULL)
        die ("temporary folder", error);
      path = g_build_filename (dir, "journal.db", NULL);

      times[r] = insert_journal (journal, path, key);
      fprintf (stderr, "kindred-bench: insert run %u: %.0f ms\n", r + 1, times[r]);
    }
  bench_report (PROGRAM, "insert", times, insert_runs, FALSE);

  /* The last run's journal stays for the reads. */
  {
    GStatBuf st;

    if (g_stat (path, &st) == 0)
      printf ("INFO\t%s\tfile-size-mb\t%.1f\n", PROGRAM, st.st_size / 1048576.0);
  }

  /* Open + unlock: open the existing file with its key.  kindred_store_open ()
   * reads the first page itself (the key check, cipher and schema version), which
   * is where SQLCipher decrypts for the first time. */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(KindredStore) store = NULL;
      double t0 = bench_now_ms ();

      store = open_store (path, key, FALSE);
      times[r] = bench_now_ms () - t0;
      kindred_store_close (store);
    }
  bench_report (PROGRAM, "open", times, runs, FALSE);

  /* First page as the window gets it: a new KindredEntryList on a store just
   * opened (SQLite's page cache empty), its length, then rows 0–63. */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(KindredStore) store = open_store (path, key, FALSE);
      g_autoptr(KindredEntryList) list = NULL;
      guint n_items;
      double t0 = bench_now_ms ();

      list = kindred_entry_list_new (store);
      n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
      for (guint i = 0; i < MIN (BENCH_PAGE, n_items); i++)
        {
          g_autoptr(KindredEntry) entry = g_list_model_get_item (G_LIST_MODEL (list), i);

          if (entry == NULL)
            die ("first page: missing row", NULL);
        }
      times[r] = bench_now_ms () - t0;

      if (n_items != n_entries)
        die ("first page: wrong number of entries", NULL);
      g_clear_object (&list);
      kindred_store_close (store);
    }
  bench_report (PROGRAM, "first-page-model", times, runs, FALSE);

  /* The same through the store's keyset query alone. */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(KindredStore) store = open_store (path, key, FALSE);
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GError) error = NULL;
      double t0 = bench_now_ms ();

      page = kindred_store_list_entries (store, 0, NULL, BENCH_PAGE, &error);
      times[r] = bench_now_ms () - t0;
      if (page == NULL || page->len != BENCH_PAGE)
        die ("list entries", error);
      kindred_store_close (store);
    }
  bench_report (PROGRAM, "first-page-store", times, runs, FALSE);

  /* Counting the live entries, which the list model does for its length. */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(KindredStore) store = open_store (path, key, FALSE);
      g_autoptr(GError) error = NULL;
      guint count;
      double t0 = bench_now_ms ();

      count = kindred_store_count_entries (store, &error);
      times[r] = bench_now_ms () - t0;
      if (count != n_entries)
        die ("count", error);
      if (r == 0)
        {
          g_autofree char *cipher = kindred_store_dup_cipher_version (store);

          printf ("INFO\t%s\tversion\tSQLCipher %s (SQLite %s)\n", PROGRAM, cipher,
                  sqlite3_libversion ());
        }
      kindred_store_close (store);
    }
  bench_report (PROGRAM, "count", times, runs, FALSE);

  /* Full-text search: each query fts_runs times, on one open store, as a user
   * searching again and again would. */
  {
    g_autoptr(KindredStore) store = open_store (path, key, FALSE);
    guint n = 0;

    for (guint r = 0; r < fts_runs; r++)
      for (guint q = 0; q < n_queries; q++)
        {
          g_autoptr(GPtrArray) hits = NULL;
          g_autoptr(GError) error = NULL;
          double t0 = bench_now_ms ();

          hits = kindred_store_search (store, bench_queries[q], BENCH_SEARCH_LIMIT, &error);
          times[n++] = bench_now_ms () - t0;
          if (hits == NULL)
            die ("search", error);
          if (r == 0)
            printf ("INFO\t%s\tquery\t%s\t%u\n", PROGRAM, bench_queries[q], hits->len);
          if (r < 3 && g_getenv ("KINDRED_BENCH_VERBOSE") != NULL)
            fprintf (stderr, "kindred-bench: search \"%s\": %.2f ms\n", bench_queries[q],
                     times[n - 1]);
        }
    bench_report (PROGRAM, "fts", times, n, TRUE);
    kindred_store_close (store);
  }

  /* Search as you type, as the journal view does it: each prefix of a word goes
   * into the filter (text), the filtered list reloads (its count), and its first
   * page is read.  The words: a common one, a rarer one, a tag, a strategy word
   * and two words at once. */
  {
    static const char * const typed[] = {
      "today", "therapist", "deadlines", "walking", "felt calm", NULL,
    };
    g_autoptr(KindredStore) store = open_store (path, key, FALSE);
    g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
    g_autoptr(KindredEntryList) list = kindred_entry_list_new (store);
    g_autofree double *typing = NULL;
    guint n = 0, n_prefixes = 0;

    for (guint w = 0; typed[w] != NULL; w++)
      n_prefixes += strlen (typed[w]);
    typing = g_new0 (double, n_prefixes * runs);
    kindred_entry_list_set_filter (list, filter);

    for (guint r = 0; r < runs; r++)
      for (guint w = 0; typed[w] != NULL; w++)
        {
          for (guint len = 1; len <= strlen (typed[w]); len++)
            {
              g_autofree char *prefix = g_strndup (typed[w], len);
              guint n_items;
              double t0 = bench_now_ms ();

              kindred_entry_filter_set_text (filter, prefix);
              n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
              for (guint i = 0; i < MIN (BENCH_PAGE, n_items); i++)
                {
                  g_autoptr(KindredEntry) entry = g_list_model_get_item (G_LIST_MODEL (list), i);

                  if (entry == NULL)
                    die ("search as you type: missing row", NULL);
                }
              typing[n++] = bench_now_ms () - t0;
              /* Where the time goes, prefix by prefix. */
              if (r == 0 && g_getenv ("KINDRED_BENCH_VERBOSE") != NULL)
                fprintf (stderr, "kindred-bench: typing \"%s\" (%u): %.2f ms\n", prefix,
                         n_items, typing[n - 1]);
              if (r == 0 && len == strlen (typed[w]))
                printf ("INFO\t%s\ttyped\t%s\t%u\n", PROGRAM, typed[w], n_items);
            }
          /* Cleared between words, as closing the search bar does. */
          kindred_entry_filter_set_text (filter, NULL);
        }
    bench_report (PROGRAM, "typing", typing, n, TRUE);
  }

  /* The Insights view's aggregates (issue 5: each ≤ 50 ms), on one open store as the
   * view's worker calls them: the 30 days up to the newest entry (the journal is
   * synthetic and ends in the past) and the whole journal. */
  {
    static const char * const aggregates[] = {
      "mood-series", "what-helps", "top-emotions", "top-triggers", "low-mood-triggers",
      "summary", NULL,
    };
    g_autoptr(KindredStore) store = open_store (path, key, FALSE);
    BenchEntry *last = &journal->entries[journal->n_entries - 1];
    g_autoptr(GDateTime) newest = g_date_time_new_from_unix_local (last->created_at);
    g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (newest),
                                                      g_date_time_get_month (newest),
                                                      g_date_time_get_day_of_month (newest),
                                                      0, 0, 0);
    g_autoptr(GDateTime) to = g_date_time_add_days (day, 1);
    g_autoptr(GDateTime) from = g_date_time_add_days (to, -30);

    for (guint p = 0; p < 2; p++)
      for (guint a = 0; aggregates[a] != NULL; a++)
        {
          GDateTime *f = p == 0 ? from : NULL;
          GDateTime *t = p == 0 ? to : NULL;
          g_autofree char *measure = g_strdup_printf ("insights-%s-%s", aggregates[a],
                                                      p == 0 ? "30" : "all");

          for (guint r = 0; r < runs; r++)
            {
              g_autoptr(GError) error = NULL;
              gpointer result = NULL;
              double t0 = bench_now_ms ();

              switch (a)
                {
                case 0:
                  result = kindred_insights_mood_series (store, f, t, 7, &error);
                  times[r] = bench_now_ms () - t0;
                  g_clear_pointer ((GArray **) &result, g_array_unref);
                  break;
                case 1:
                  result = kindred_insights_what_helps (store, f, t, &error);
                  break;
                case 2:
                  result = kindred_insights_top_emotions (store, f, t, 5, &error);
                  break;
                case 3:
                  result = kindred_insights_top_triggers (store, f, t, 5, &error);
                  break;
                case 4:
                  result = kindred_insights_low_mood_triggers (store, f, t, 5, &error);
                  break;
                default:
                  result = kindred_insights_summary (store, f, t, &error);
                  times[r] = bench_now_ms () - t0;
                  g_clear_pointer ((char **) &result, g_free);
                  break;
                }
              if (a >= 1 && a <= 4)
                {
                  times[r] = bench_now_ms () - t0;
                  g_clear_pointer ((GPtrArray **) &result, g_ptr_array_unref);
                }
              if (error != NULL)
                die (measure, error);
            }
          bench_report (PROGRAM, measure, times, runs, TRUE);
        }
    kindred_store_close (store);
  }

  if (keep)
    fprintf (stderr, "%s: kept %s\n", argv[0], path);
  else
    remove_journal_dir (dir);
  bench_journal_free (journal);

  return 0;
}

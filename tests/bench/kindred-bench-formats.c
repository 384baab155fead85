/* kindred-bench-formats.c: plain export and import on the 50,000-entry journal
 *
 * Through kindred-core's public API on real SQLCipher files: the plain JSON
 * export, its import into an empty journal next to the raw bulk insert of the
 * same rows (kindred_store_save_entries, one transaction, as the import is), and
 * a Daylio CSV of five years of daily rows.  Prints RESULT lines like
 * kindred-bench, then the same as Markdown table rows.  Not a test: nothing here
 * passes or fails on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kindred-core.h"
#include "bench-data.h"

#define PROGRAM      "kindred-formats"
#define DAYLIO_DAYS  (5 * 365 + 1)

static void
die (const char *what,
     GError     *error)
{
  /* Only synthetic text is ever in these journals, so the message may be shown. */
  fprintf (stderr, "kindred-bench-formats: %s: %s\n", what, error ? error->message : "failed");
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

static void
add_strategies (BenchJournal *journal,
                KindredStore *store)
{
  for (guint i = 0; i < BENCH_N_STRATEGIES; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!kindred_store_add_strategy (store, journal->strategy_uuids[i],
                                       journal->strategy_names[i],
                                       journal->strategy_categories[i], NULL, TRUE, &error))
        die ("add strategy", error);
    }
}

static GPtrArray *
make_entries (BenchJournal *journal)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < journal->n_entries; i++)
    g_ptr_array_add (entries, make_entry (journal, &journal->entries[i]));

  return entries;
}

static char *
fresh_path (char **dir)
{
  g_autoptr(GError) error = NULL;

  *dir = g_dir_make_tmp ("kindred-bench-formats-XXXXXX", &error);
  if (*dir == NULL)
    die ("temporary folder", error);

  return g_build_filename (*dir, "journal.db", NULL);
}

static void
remove_dir (const char *dir)
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

static KindredStore *
open_new (const char *path,
          KindredKey *key)
{
  g_autoptr(GError) error = NULL;
  KindredStore *store = kindred_store_open (path, key, TRUE, NULL, &error);

  if (store == NULL)
    die ("open", error);
  return store;
}

/* Five years of one row a day, as Daylio writes them: newest first, 12-hour
 * times, a few activities, a note on most days, some spanning lines. */
static char *
make_daylio_csv (void)
{
  static const char *moods[] = { "rad", "good", "meh", "bad", "awful", "vaguely good" };
  static const char *activities[] = { "work", "friends", "walk", "reading", "gaming",
                                      "good sleep", "bad sleep", "family", "cooking", "music" };
  static const char *weekdays[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                    "Saturday", "Sunday" };
  GString *csv = g_string_new ("full_date,date,weekday,time,mood,activities,note_title,note\n");
  g_autoptr(GDateTime) first = g_date_time_new_utc (2019, 1, 1, 0, 0, 0);
  GRand *rand = g_rand_new_with_seed (BENCH_SEED);

  for (int day = DAYLIO_DAYS - 1; day >= 0; day--)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (first, day);
      g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
      g_autofree char *short_date = g_date_time_format (date, "%d %B");
      int hour = g_rand_int_range (rand, 1, 13);
      int minute = g_rand_int_range (rand, 0, 60);
      guint n_activities = (guint) g_rand_int_range (rand, 0, 4);

      g_string_append_printf (csv, "%s,%s,%s,%d:%02d %s,%s,\"", iso, short_date,
                              weekdays[g_date_time_get_day_of_week (date) - 1], hour, minute,
                              g_rand_boolean (rand) ? "pm" : "am",
                              moods[g_rand_int_range (rand, 0, G_N_ELEMENTS (moods))]);
      for (guint a = 0; a < n_activities; a++)
        g_string_append_printf (csv, "%s%s", a > 0 ? " | " : "",
                                activities[g_rand_int_range (rand, 0, G_N_ELEMENTS (activities))]);
      g_string_append (csv, "\",\"\",\"");
      if (g_rand_int_range (rand, 0, 4) != 0)
        g_string_append_printf (csv, "Day %d of the bench.%s", day,
                                g_rand_boolean (rand) ? "\nA second line, \"\"quoted\"\"." : "");
      g_string_append (csv, "\"\n");
    }

  g_rand_free (rand);
  return g_string_free (csv, FALSE);
}

static double
import_once (const char    *file,
             KindredFormat  format,
             KindredKey    *key,
             guint          expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = fresh_path (&dir);
  g_autoptr(KindredStore) store = open_new (path, key);
  g_autoptr(KindredImporter) importer = kindred_importer_new (store, file, format);
  double t0 = bench_now_ms ();
  double elapsed;

  if (!kindred_importer_prepare (importer, NULL, &error) ||
      !kindred_importer_run (importer, NULL, NULL, NULL, &error))
    die ("import", error);
  elapsed = bench_now_ms () - t0;

  if (kindred_importer_get_n_added (importer) != expected)
    {
      fprintf (stderr, "kindred-bench-formats: imported %u of %u\n",
               kindred_importer_get_n_added (importer), expected);
      exit (1);
    }

  kindred_store_close (store);
  remove_dir (dir);
  return elapsed;
}

typedef struct
{
  const char *label;
  double      median;
} Row;

int
main (int    argc,
      char **argv)
{
  guint n_entries = BENCH_N_ENTRIES;
  guint runs = 5;
  gboolean keep = FALSE;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *source_dir = NULL;
  g_autofree char *source = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree double *times = NULL;
  g_autoptr(KindredStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  BenchJournal *journal;
  Row rows[5];
  guint n_rows = 0;
  GStatBuf st;

  bench_parse_args (argc, argv, &n_entries, &runs, &keep);
  if (runs == 0)
    runs = 1;
  times = g_new0 (double, runs);
  journal = bench_journal_new (n_entries);
  printf ("INFO\t%s\tentries\t%u\n", PROGRAM, n_entries);

  /* The journal exported from: built once, as kindred-bench builds it. */
  source = fresh_path (&source_dir);
  store = open_new (source, key);
  add_strategies (journal, store);
  entries = make_entries (journal);
  for (guint start = 0; start < entries->len; start += BENCH_BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();

      for (guint i = start; i < MIN (start + BENCH_BATCH, entries->len); i++)
        g_ptr_array_add (batch, g_ptr_array_index (entries, i));
      if (!kindred_store_save_entries (store, batch, &error))
        die ("fill", error);
    }

  /* 1. Plain JSON export. */
  json = g_build_filename (source_dir, "export.json", NULL);
  for (guint r = 0; r < runs; r++)
    {
      double t0 = bench_now_ms ();
      guint n = 0;

      if (!kindred_export_json (store, json, NULL, NULL, NULL, &n, &error))
        die ("export", error);
      times[r] = bench_now_ms () - t0;
      fprintf (stderr, "kindred-bench-formats: export run %u: %.0f ms\n", r + 1, times[r]);
    }
  bench_report (PROGRAM, "export-json", times, runs, FALSE);
  rows[n_rows++] = (Row) { "Plain JSON export", bench_median (times, runs) };
  if (g_stat (json, &st) == 0)
    printf ("INFO\t%s\texport-size-mb\t%.1f\n", PROGRAM, st.st_size / 1048576.0);
  kindred_store_close (store);

  /* 2. The same rows: raw bulk insert (one transaction) vs the JSON import. */
  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *dir = NULL;
      g_autofree char *path = fresh_path (&dir);
      g_autoptr(KindredStore) empty = open_new (path, key);
      g_autoptr(GPtrArray) fresh = NULL;
      double t0;

      add_strategies (journal, empty);
      fresh = make_entries (journal);
      t0 = bench_now_ms ();
      if (!kindred_store_save_entries (empty, fresh, &error))
        die ("bulk insert", error);
      times[r] = bench_now_ms () - t0;
      fprintf (stderr, "kindred-bench-formats: bulk insert run %u: %.0f ms\n", r + 1, times[r]);
      kindred_store_close (empty);
      remove_dir (dir);
    }
  bench_report (PROGRAM, "bulk-insert-one-transaction", times, runs, FALSE);
  rows[n_rows++] = (Row) { "Raw bulk insert, same rows (one transaction)",
                           bench_median (times, runs) };

  for (guint r = 0; r < runs; r++)
    {
      times[r] = import_once (json, KINDRED_FORMAT_KINDRED_JSON, key, n_entries);
      fprintf (stderr, "kindred-bench-formats: import run %u: %.0f ms\n", r + 1, times[r]);
    }
  bench_report (PROGRAM, "import-json", times, runs, FALSE);
  rows[n_rows++] = (Row) { "Plain JSON import into an empty journal (read, parse, insert)",
                           bench_median (times, runs) };

  /* 3. Daylio: five years of daily rows. */
  csv = make_daylio_csv ();
  csv_path = g_build_filename (source_dir, "daylio.csv", NULL);
  if (!g_file_set_contents (csv_path, csv, -1, &error))
    die ("daylio file", error);
  for (guint r = 0; r < runs; r++)
    {
      times[r] = import_once (csv_path, KINDRED_FORMAT_DAYLIO_CSV, key, DAYLIO_DAYS);
      fprintf (stderr, "kindred-bench-formats: daylio run %u: %.0f ms\n", r + 1, times[r]);
    }
  bench_report (PROGRAM, "import-daylio-5-years", times, runs, FALSE);
  rows[n_rows++] = (Row) { "Daylio CSV import, 5 years of daily rows (1,826)",
                           bench_median (times, runs) };

  printf ("\n| Plain export and import (%u entries, median of %u) | Time |\n|---|---|\n",
          n_entries, runs);
  for (guint i = 0; i < n_rows; i++)
    printf ("| %s | %.0f ms |\n", rows[i].label, rows[i].median);
  printf ("| Import ÷ raw bulk insert | %.2f× |\n", rows[2].median / rows[1].median);

  if (keep)
    fprintf (stderr, "%s: kept %s\n", argv[0], source_dir);
  else
    remove_dir (source_dir);
  bench_journal_free (journal);

  return 0;
}

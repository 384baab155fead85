/* kindred-bench-sync.c: how fast sync is on the 50,000-entry journal
 *
 * The same deterministic journal as kindred-bench (bench-data.c), through the same
 * calls: the raw bulk insert of its rows (kindred_store_save_entries, 1,000 per
 * transaction) as the yardstick; writing this device's sync file (a run of
 * KindredSync with nothing to read: export, encrypt, fsync, rename); and merging
 * another device's full file, once into a journal that already holds the same
 * entries (every record is old news) and once into an empty one (every record is
 * new).  A merge is timed from the file on disk: read, decrypt, parse, merge in
 * one transaction.  The Argon2id key derivation is left out (a run derives each
 * key once per session and keeps it); it is reported on its own.
 *
 * Prints RESULT/INFO lines like the other bench programs, then the rows of the
 * Markdown table for README.md.  Not a test: nothing here passes or fails on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-bench-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kindred-core.h"
#include "store/kindred-store-sync.h"
#include "bench-data.h"

#define PROGRAM    "sync"
#define PASSPHRASE "a passphrase for the benchmark"

static void
die (const char *what,
     GError     *error)
{
  /* Only synthetic text is ever in these journals, so the message may be shown. */
  fprintf (stderr, "kindred-bench-sync: %s: %s\n", what, error ? error->message : "failed");
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
            KindredKey *key)
{
  g_autoptr(GError) error = NULL;
  KindredStore *store = kindred_store_open (path, key, TRUE, NULL, &error);

  if (store == NULL)
    die ("open", error);
  return store;
}

/* The bulk insert, as kindred-bench times it: only kindred_store_save_entries (). */
static double
insert_journal (BenchJournal *journal,
                KindredStore *store)
{
  double total = 0;

  for (guint i = 0; i < BENCH_N_STRATEGIES; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!kindred_store_add_strategy (store, journal->strategy_uuids[i],
                                       journal->strategy_names[i],
                                       journal->strategy_categories[i], NULL, TRUE, &error))
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

  return total;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static char *
make_dir (const char *parent,
          const char *name)
{
  char *path = g_build_filename (parent, name, NULL);

  if (g_mkdir_with_parents (path, 0700) != 0)
    die ("folder", NULL);
  return path;
}

/* Read, decrypt, parse: the file as a batch.  @key: derived once beforehand. */
static KindredSyncBatch *
read_batch (const char *path,
            KindredKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEnvelopeReader) reader = NULL;
  g_autoptr(GByteArray) clear = g_byte_array_new ();
  KindredSyncBatch *batch;

  reader = kindred_envelope_reader_open (path, "sync", KINDRED_SYNC_FORMAT_VERSION, &error);
  if (reader == NULL || !kindred_envelope_reader_set_key (reader, key, &error))
    die ("read", error);
  for (;;)
    {
      g_autoptr(GBytes) chunk = kindred_envelope_reader_read (reader, &error);
      const guint8 *data;
      gsize size;

      if (chunk == NULL)
        {
          if (error != NULL)
            die ("decrypt", error);
          break;
        }
      data = g_bytes_get_data (chunk, &size);
      g_byte_array_append (clear, data, (guint) size);
    }

  batch = _kindred_sync_batch_parse ((const char *) clear->data, clear->len, &error);
  if (batch == NULL)
    die ("parse", error);
  return batch;
}

static double
merge_file (KindredStore *store,
            const char   *path,
            KindredKey   *key,
            guint        *added)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSyncBatch) batch = NULL;
  KindredSyncCounts counts = { 0, };
  double t0 = bench_now_ms ();

  double t1;

  batch = read_batch (path, key);
  t1 = bench_now_ms ();
  if (!_kindred_store_sync_merge (store, batch, NULL, NULL, &counts, &error))
    die ("merge", error);
  *added = counts.added;
  fprintf (stderr, "kindred-bench-sync: read, decrypt and parse %.0f ms, merge %.0f ms\n",
           t1 - t0, bench_now_ms () - t1);
  return bench_now_ms () - t0;
}

static const char *
fmt (double ms,
     char   buf[32])
{
  if (ms >= 1000)
    g_snprintf (buf, 32, "%.2f s", ms / 1000);
  else if (ms >= 100)
    g_snprintf (buf, 32, "%.0f ms", ms);
  else
    g_snprintf (buf, 32, "%.1f ms", ms);
  return buf;
}

int
main (int    argc,
      char **argv)
{
  guint n_entries = BENCH_N_ENTRIES;
  guint runs = 5;
  gboolean keep = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autoptr(KindredKey) sync_key = NULL;
  g_autoptr(KindredStore) a = NULL;
  g_autoptr(KindredStore) equal = NULL;
  g_autoptr(KindredSync) sync = NULL;
  g_autofree char *root = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *dir_a = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *file_a = NULL;
  g_autofree double *insert = NULL;
  g_autofree double *write = NULL;
  g_autofree double *export = NULL;
  g_autofree double *merge_equal = NULL;
  g_autofree double *merge_empty = NULL;
  guint insert_runs, empty_runs;
  double kdf_ms, derive_ms, file_mb;
  double m_insert, m_write, m_export, m_equal, m_empty;
  char b1[32], b2[32];
  BenchJournal *journal;

  bench_parse_args (argc, argv, &n_entries, &runs, &keep);
  insert_runs = MIN (runs, 3);
  empty_runs = MIN (runs, 3);
  journal = bench_journal_new (n_entries);
  printf ("INFO\t%s\tentries\t%u\n", PROGRAM, n_entries);

  root = g_dir_make_tmp ("kindred-bench-sync-XXXXXX", &error);
  if (root == NULL)
    die ("temporary folder", error);
  folder = make_dir (root, "folder");
  insert = g_new0 (double, runs);
  write = g_new0 (double, runs);
  export = g_new0 (double, runs);
  merge_equal = g_new0 (double, runs);
  merge_empty = g_new0 (double, runs);

  /* The yardstick: the raw bulk insert of the same rows, in fresh journals. */
  for (guint r = 0; r < insert_runs; r++)
    {
      g_autofree char *name = g_strdup_printf ("insert-%u", r);
      g_autofree char *dir = make_dir (root, name);
      g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
      g_autoptr(KindredStore) store = open_store (path, key);

      insert[r] = insert_journal (journal, store);
      fprintf (stderr, "kindred-bench-sync: insert run %u: %.0f ms\n", r + 1, insert[r]);
      kindred_store_close (store);
      g_clear_object (&store);
      remove_dir (dir);
    }
  m_insert = bench_median (insert, insert_runs);
  bench_report (PROGRAM, "insert", insert, insert_runs, FALSE);

  /* Device A: the journal, sync set up with the default Argon2id cost. */
  dir_a = make_dir (root, "a");
  path_a = g_build_filename (dir_a, "journal.db", NULL);
  a = open_store (path_a, key);
  insert_journal (journal, a);
  sync = kindred_sync_new (a);
  kindred_sync_set_auto_sync (sync, FALSE);
  {
    double t0 = bench_now_ms ();

    if (!kindred_sync_set_up (sync, folder, PASSPHRASE, FALSE, NULL, &error))
      die ("set up", error);
    kdf_ms = bench_now_ms () - t0;
  }
  printf ("INFO\t%s\tset-up-ms\t%.0f\n", PROGRAM, kdf_ms);

  /* Writing: a run with nothing to read, forced to write each time (the digest of
   * the last write is forgotten, as if the journal had changed). */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(KindredSyncResult) result = NULL;
      double t0;

      if (!kindred_store_set_setting (a, "sync.digest", NULL, &error) ||
          !kindred_store_set_setting (a, "sync.fingerprint", NULL, &error))
        die ("setting", error);
      t0 = bench_now_ms ();
      result = kindred_sync_run (sync, NULL, &error);
      write[r] = bench_now_ms () - t0;
      if (result == NULL || !kindred_sync_result_get_wrote (result))
        die ("write", error);
      fprintf (stderr, "kindred-bench-sync: write run %u: %.0f ms\n", r + 1, write[r]);
    }
  m_write = bench_median (write, runs);
  bench_report (PROGRAM, "write", write, runs, FALSE);

  /* Of which: reading the journal into records (under the store's lock). */
  for (guint r = 0; r < runs; r++)
    {
      GString *out = g_string_new (NULL);
      double t0 = bench_now_ms ();

      if (!_kindred_store_sync_export (a, out, NULL, NULL, &error))
        die ("export", error);
      export[r] = bench_now_ms () - t0;
      g_string_free (out, TRUE);
    }
  m_export = bench_median (export, runs);
  bench_report (PROGRAM, "export", export, runs, FALSE);

  file_a = g_strconcat (folder, "/", kindred_sync_get_device_id (sync), KINDRED_SYNC_SUFFIX,
                        NULL);
  {
    GStatBuf st;

    file_mb = g_stat (file_a, &st) == 0 ? st.st_size / 1048576.0 : 0;
    printf ("INFO\t%s\tfile-size-mb\t%.1f\n", PROGRAM, file_mb);
  }

  /* The key as a reader derives it from the file's header (once per session). */
  {
    g_autoptr(KindredEnvelopeReader) reader = NULL;
    double t0 = bench_now_ms ();

    reader = kindred_envelope_reader_open (file_a, "sync", KINDRED_SYNC_FORMAT_VERSION, &error);
    if (reader == NULL)
      die ("open file", error);
    sync_key = kindred_envelope_kdf_derive (PASSPHRASE,
                                            kindred_envelope_reader_get_header (reader), &error);
    if (sync_key == NULL)
      die ("derive", error);
    derive_ms = bench_now_ms () - t0;
    printf ("INFO\t%s\tkdf-ms\t%.0f\n", PROGRAM, derive_ms);
  }

  /* Into an empty journal: every record is new. */
  for (guint r = 0; r < empty_runs; r++)
    {
      g_autofree char *name = g_strdup_printf ("empty-%u", r);
      g_autofree char *dir = make_dir (root, name);
      g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
      g_autoptr(KindredStore) store = open_store (path, key);
      guint added = 0;

      merge_empty[r] = merge_file (store, file_a, sync_key, &added);
      if (added != n_entries)
        die ("merge into an empty journal: entries missing", NULL);
      fprintf (stderr, "kindred-bench-sync: merge into empty run %u: %.0f ms\n", r + 1,
               merge_empty[r]);

      /* The last one is the equal journal for the next measure. */
      kindred_store_close (store);
      g_clear_object (&store);
      if (r + 1 < empty_runs)
        remove_dir (dir);
      else
        equal = open_store (path, key);
    }
  m_empty = bench_median (merge_empty, empty_runs);
  bench_report (PROGRAM, "merge-empty", merge_empty, empty_runs, FALSE);

  /* Into an equal journal: the same entries with the same stamps, every record
   * old news (what a run meets when another device rewrote its file after a small
   * change, before the generation check would skip it). */
  for (guint r = 0; r < runs; r++)
    {
      guint added = 0;

      merge_equal[r] = merge_file (equal, file_a, sync_key, &added);
      if (added != 0)
        die ("merge into an equal journal added entries", NULL);
      fprintf (stderr, "kindred-bench-sync: merge into equal run %u: %.0f ms\n", r + 1,
               merge_equal[r]);
    }
  m_equal = bench_median (merge_equal, runs);
  bench_report (PROGRAM, "merge-equal", merge_equal, runs, FALSE);

  /* The rows of README.md's table. */
  printf ("\n| Sync, %u entries (sync file %.1f MB) | Median | ÷ raw bulk insert | Goal |\n",
          n_entries, file_mb);
  printf ("|---|---|---|---|\n");
  printf ("| Raw bulk insert of the same rows, 1,000 per transaction (median of %u) | %s | 1.00× | |\n",
          insert_runs, fmt (m_insert, b1));
  printf ("| Writing this device's sync file (median of %u) | %s | %.2f× | ≤ 1 s: %s |\n",
          runs, fmt (m_write, b1), m_write / m_insert, m_write <= 1000 ? "met" : "**missed**");
  printf ("| … of which reading the journal into records, under the store's lock (median of %u) | %s | %.2f× | |\n",
          runs, fmt (m_export, b1), m_export / m_insert);
  printf ("| Merging another device's full file into an equal journal (median of %u) | %s | %.2f× | ≤ 2 s: %s; ≤ 2×: %s |\n",
          runs, fmt (m_equal, b1), m_equal / m_insert,
          m_equal <= 2000 ? "met" : "**missed**", m_equal <= 2 * m_insert ? "met" : "**missed**");
  printf ("| Merging it into an empty journal (median of %u) | %s | %.2f× | ≤ 2 s: %s; ≤ 2×: %s |\n",
          empty_runs, fmt (m_empty, b1), m_empty / m_insert,
          m_empty <= 2000 ? "met" : "**missed**", m_empty <= 2 * m_insert ? "met" : "**missed**");
  printf ("| Argon2id for a file's key, once per session and file (not in the rows above) | %s | | |\n",
          fmt (derive_ms, b2));

  kindred_store_close (equal);
  kindred_store_close (a);
  if (keep)
    fprintf (stderr, "kindred-bench-sync: kept %s\n", root);
  else
    remove_dir (root);
  bench_journal_free (journal);
  return 0;
}

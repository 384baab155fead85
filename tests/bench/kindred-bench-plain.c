/* kindred-bench-plain.c: the benchmark's insert and search in plain SQL
 *
 * Built twice:
 *  - kindred-bench-plain links Debian's plain libsqlite3 and never kindred-core
 *    (both define the sqlite3_* symbols, and a journal opened through the wrong
 *    ones would silently be unencrypted): the baseline of the SQLCipher ratio;
 *  - kindred-bench-sql (BENCH_SQLCIPHER) links SQLCipher alone and runs the very
 *    same statements on an encrypted file: the cost of the cipher by itself, apart
 *    from what the store's API adds.
 * The schema is the store's own: kindred-schema.c is compiled in (see the shims
 * below).  The statements in insert_entry () and search () copy the ones in
 * kindred-store.c and MUST be kept like them, or the ratio compares different work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/kindred-store-private.h"
#include "bench-data.h"

#ifdef BENCH_SQLCIPHER
#define PROGRAM "sqlcipher-sql"
#else
#define PROGRAM "plain"
#endif

/* What kindred-schema.c needs of kindred-store.c, without linking kindred-core. */
G_DEFINE_QUARK (kindred-store-error-quark, kindred_store_error)

void
_kindred_store_set_error (GError     **error,
                          sqlite3     *db,
                          int          rc,
                          const char  *what)
{
  g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_FAILED, "%s: %s (%d)",
               what, sqlite3_errmsg (db), rc);
}

gboolean
_kindred_store_exec (sqlite3     *db,
                     const char  *sql,
                     GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _kindred_store_set_error (error, db, rc, "exec");
      return FALSE;
    }

  return TRUE;
}

static void
die (const char *what,
     sqlite3    *db)
{
  fprintf (stderr, "kindred-bench-%s: %s: %s\n", PROGRAM, what,
           db ? sqlite3_errmsg (db) : "failed");
  exit (1);
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!_kindred_store_exec (db, sql, &error))
    {
      fprintf (stderr, "kindred-bench-%s: %s\n", PROGRAM, error->message);
      exit (1);
    }
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *find_entry;
  sqlite3_stmt *insert_entry;
  sqlite3_stmt *delete_emotions;
  sqlite3_stmt *delete_triggers;
  sqlite3_stmt *delete_links;
  sqlite3_stmt *insert_emotion;
  sqlite3_stmt *insert_trigger;
  sqlite3_stmt *find_strategy;
  sqlite3_stmt *insert_link;
  sqlite3_stmt *read_hlc;
  sqlite3_stmt *write_hlc;
} Bench;

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    die (sql, db);

  return stmt;
}

static void
step_done (sqlite3      *db,
           sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die ("step", db);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Returns the first column of the one row, or -1 when there is none. */
static gint64
step_id (sqlite3      *db,
         sqlite3_stmt *stmt)
{
  gint64 id = -1;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    die ("step", db);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return id;
}

/* The connection as open_connection () and prepare_schema () in kindred-store.c
 * set it up. */
static sqlite3 *
open_db (const char *path,
         const char *hex_key)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_PRIVATECACHE;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    die ("open", db);

#ifdef BENCH_SQLCIPHER
  {
    g_autofree char *raw = g_strdup_printf ("x'%s'", hex_key);

    if (sqlite3_key (db, raw, (int) strlen (raw)) != SQLITE_OK)
      die ("key", db);
    exec (db, "PRAGMA main.cipher_page_size = 4096; PRAGMA main.kdf_iter = 64000;");
  }
#endif

  exec (db,
        "PRAGMA temp_store = MEMORY;"
        "PRAGMA secure_delete = ON;"
        "PRAGMA synchronous = FULL;"
        "PRAGMA foreign_keys = ON;"
        "PRAGMA cache_size = -8000;");
  exec (db, "SELECT count(*) FROM sqlite_master");
  exec (db, "PRAGMA journal_mode = DELETE");

  return db;
}

static void
bench_prepare (Bench *b)
{
  b->find_entry = prepare (b->db, "SELECT id FROM entries WHERE uuid = ?");
  b->insert_entry =
    prepare (b->db,
             "INSERT INTO entries (uuid, created_at, updated_at, hlc, device_id,"
             " mood, title, body, deleted, tags)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  b->delete_emotions = prepare (b->db, "DELETE FROM entry_emotions WHERE entry_id = ?");
  b->delete_triggers = prepare (b->db, "DELETE FROM entry_triggers WHERE entry_id = ?");
  b->delete_links = prepare (b->db, "DELETE FROM entry_strategies WHERE entry_id = ?");
  b->insert_emotion =
    prepare (b->db,
             "INSERT INTO entry_emotions (entry_id, emotion, intensity, position)"
             " VALUES (?, ?, ?, ?)");
  b->insert_trigger =
    prepare (b->db,
             "INSERT INTO entry_triggers (entry_id, tag, position) VALUES (?, ?, ?)");
  b->find_strategy = prepare (b->db, "SELECT id FROM strategies WHERE uuid = ?");
  b->insert_link =
    prepare (b->db,
             "INSERT INTO entry_strategies (entry_id, strategy_id, helped, position)"
             " VALUES (?, ?, ?, ?)");
  b->read_hlc = prepare (b->db, "SELECT value FROM settings WHERE key = 'hlc'");
  b->write_hlc =
    prepare (b->db, "INSERT OR REPLACE INTO settings (key, value) VALUES ('hlc', ?)");
}

static void
bench_finish (Bench *b)
{
  sqlite3_stmt **stmts[] = {
    &b->find_entry, &b->insert_entry, &b->delete_emotions, &b->delete_triggers,
    &b->delete_links, &b->insert_emotion, &b->insert_trigger, &b->find_strategy,
    &b->insert_link, &b->read_hlc, &b->write_hlc,
  };

  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    g_clear_pointer (stmts[i], sqlite3_finalize);
  sqlite3_close (b->db);
}

/* write_entry () and write_children () in kindred-store.c, for a new entry. */
static void
insert_entry (Bench        *b,
              BenchJournal *journal,
              BenchEntry   *e,
              guint64       hlc,
              gint64        updated_us)
{
  g_autofree char *tags = NULL;
  gint64 id;

  /* The store joins the trigger tags for the index the same way. */
  if (e->n_triggers > 0)
    {
      const char *triggers[BENCH_MAX_TRIGGERS + 1] = { NULL, };

      for (guint i = 0; i < e->n_triggers; i++)
        triggers[i] = e->triggers[i];
      tags = g_strjoinv (" ", (char **) triggers);
    }

  sqlite3_bind_text (b->find_entry, 1, e->uuid, -1, SQLITE_STATIC);
  if (step_id (b->db, b->find_entry) >= 0)
    die ("the entry is there already", NULL);

  sqlite3_bind_text (b->insert_entry, 1, e->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (b->insert_entry, 2, e->created_at * G_USEC_PER_SEC);
  sqlite3_bind_int64 (b->insert_entry, 3, updated_us);
  sqlite3_bind_int64 (b->insert_entry, 4, (sqlite3_int64) hlc);
  sqlite3_bind_text (b->insert_entry, 5, "bench-device", -1, SQLITE_STATIC);
  sqlite3_bind_int (b->insert_entry, 6, e->mood);
  if (e->title != NULL)
    sqlite3_bind_text (b->insert_entry, 7, e->title, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (b->insert_entry, 7);
  sqlite3_bind_text (b->insert_entry, 8, e->body, -1, SQLITE_STATIC);
  sqlite3_bind_int (b->insert_entry, 9, 0);
  if (tags != NULL)
    sqlite3_bind_text (b->insert_entry, 10, tags, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (b->insert_entry, 10);
  step_done (b->db, b->insert_entry);
  id = sqlite3_last_insert_rowid (b->db);

  sqlite3_bind_int64 (b->delete_emotions, 1, id);
  step_done (b->db, b->delete_emotions);
  sqlite3_bind_int64 (b->delete_triggers, 1, id);
  step_done (b->db, b->delete_triggers);
  sqlite3_bind_int64 (b->delete_links, 1, id);
  step_done (b->db, b->delete_links);

  for (guint i = 0; i < e->n_emotions; i++)
    {
      sqlite3_bind_int64 (b->insert_emotion, 1, id);
      sqlite3_bind_text (b->insert_emotion, 2, e->emotions[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (b->insert_emotion, 3, e->intensities[i]);
      sqlite3_bind_int (b->insert_emotion, 4, (int) i);
      step_done (b->db, b->insert_emotion);
    }

  for (guint i = 0; i < e->n_triggers; i++)
    {
      sqlite3_bind_int64 (b->insert_trigger, 1, id);
      sqlite3_bind_text (b->insert_trigger, 2, e->triggers[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (b->insert_trigger, 3, (int) i);
      step_done (b->db, b->insert_trigger);
    }

  for (guint i = 0; i < e->n_links; i++)
    {
      gint64 strategy_id;

      sqlite3_bind_text (b->find_strategy, 1, journal->strategy_uuids[e->strategies[i]], -1,
                         SQLITE_STATIC);
      strategy_id = step_id (b->db, b->find_strategy);
      if (strategy_id < 0)
        die ("strategy not found", NULL);

      sqlite3_bind_int64 (b->insert_link, 1, id);
      sqlite3_bind_int64 (b->insert_link, 2, strategy_id);
      sqlite3_bind_int (b->insert_link, 3, e->helped[i]);
      sqlite3_bind_int (b->insert_link, 4, (int) i);
      step_done (b->db, b->insert_link);
    }
}

/* save_entries () in kindred-store.c: one transaction per batch, with the HLC read
 * before and written after. */
static void
insert_batch (Bench        *b,
              BenchJournal *journal,
              guint         start,
              guint         end)
{
  gint64 updated_us = g_get_real_time ();
  guint64 hlc = 0;
  char value[32];
  int rc;

  exec (b->db, "BEGIN IMMEDIATE");

  rc = sqlite3_step (b->read_hlc);
  if (rc == SQLITE_ROW)
    hlc = g_ascii_strtoull ((const char *) sqlite3_column_text (b->read_hlc, 0), NULL, 10);
  else if (rc != SQLITE_DONE)
    die ("hlc", b->db);
  sqlite3_reset (b->read_hlc);

  for (guint i = start; i < end; i++)
    {
      hlc = MAX (hlc + 1, (guint64) (updated_us / 1000) << 16);
      insert_entry (b, journal, &journal->entries[i], hlc, updated_us);
    }

  g_snprintf (value, sizeof value, "%" G_GUINT64_FORMAT, hlc);
  sqlite3_bind_text (b->write_hlc, 1, value, -1, SQLITE_TRANSIENT);
  step_done (b->db, b->write_hlc);

  exec (b->db, "COMMIT");
}

static double
insert_journal (BenchJournal *journal,
                const char   *path,
                const char   *hex_key)
{
  Bench b = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) strategy = NULL;
  double total = 0;

  b.db = open_db (path, hex_key);
  if (!_kindred_store_migrate (b.db, &error))
    {
      fprintf (stderr, "kindred-bench-%s: %s\n", PROGRAM, error->message);
      exit (1);
    }
  bench_prepare (&b);

  strategy = prepare (b.db,
                      "INSERT INTO strategies (uuid, name, category, builtin, created_at)"
                      " VALUES (?, ?, ?, 1, 0)");
  for (guint i = 0; i < BENCH_N_STRATEGIES; i++)
    {
      sqlite3_bind_text (strategy, 1, journal->strategy_uuids[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (strategy, 2, journal->strategy_names[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (strategy, 3, journal->strategy_categories[i], -1, SQLITE_STATIC);
      step_done (b.db, strategy);
    }
  g_clear_pointer (&strategy, sqlite3_finalize);

  for (guint start = 0; start < journal->n_entries; start += BENCH_BATCH)
    {
      double t0 = bench_now_ms ();

      insert_batch (&b, journal, start, MIN (start + BENCH_BATCH, journal->n_entries));
      total += bench_now_ms () - t0;
    }

  bench_finish (&b);

  return total;
}

/* kindred_store_search ()'s statement.  The store keeps it prepared; preparing it
 * here each time costs tens of microseconds, nothing next to the query. */
static guint
search (sqlite3    *db,
        const char *query)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;
  int rc;

  stmt = prepare (db,
                  "SELECT uuid FROM entries"
                  " WHERE deleted = 0"
                  " AND +id IN (SELECT docid FROM entries_fts WHERE entries_fts MATCH ?1)"
                  " ORDER BY created_at DESC, uuid DESC LIMIT ?2");
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, BENCH_SEARCH_LIMIT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Copied out, as the store copies the uuids into its result. */
      g_autofree char *uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

      n++;
    }
  if (rc != SQLITE_DONE)
    die ("search", db);

  return n;
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
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hex_key = NULL;
  BenchJournal *journal;
  g_autofree double *times = NULL;
  guint n_queries = 0;
  guint fts_runs;
  guint8 raw[32];

  bench_parse_args (argc, argv, &n_entries, &runs, &keep);
  insert_runs = MIN (insert_runs, runs);
  journal = bench_journal_new (n_entries);
  while (bench_queries[n_queries] != NULL)
    n_queries++;
  fts_runs = MAX (runs, 50 / n_queries + (50 % n_queries != 0));
  times = g_new0 (double, MAX (runs, fts_runs * n_queries));

  /* A random key like the store's (only used by the SQLCipher build). */
  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) g_random_int_range (0, 256);
  {
    GString *hex = g_string_new (NULL);

    for (guint i = 0; i < sizeof raw; i++)
      g_string_append_printf (hex, "%02x", raw[i]);
    hex_key = g_string_free (hex, FALSE);
  }

#ifdef BENCH_SQLCIPHER
  {
    sqlite3 *db = NULL;
    g_autoptr(sqlite3_stmt) stmt = NULL;

    /* The point of this build is the cipher: make sure it is there. */
    sqlite3_open (":memory:", &db);
    stmt = prepare (db, "PRAGMA cipher_version");
    if (sqlite3_step (stmt) != SQLITE_ROW)
      die ("this SQLite does not encrypt", db);
    g_clear_pointer (&stmt, sqlite3_finalize);
    sqlite3_close (db);
  }
#endif

#ifndef BENCH_SQLCIPHER
  printf ("INFO\t%s\tversion\tSQLite %s\n", PROGRAM, sqlite3_libversion ());
#endif

  for (guint r = 0; r < insert_runs; r++)
    {
      g_autoptr(GError) error = NULL;

      if (dir != NULL)
        remove_journal_dir (dir);
      g_free (dir);
      g_free (path);
      dir = g_dir_make_tmp ("kindred-bench-" PROGRAM "-XXXXXX", &error);
      if (dir == NULL)
        {
          fprintf (stderr, "kindred-bench-%s: %s\n", PROGRAM, error->message);
          return 1;
        }
      path = g_build_filename (dir, "journal.db", NULL);

      times[r] = insert_journal (journal, path, hex_key);
      fprintf (stderr, "kindred-bench-%s: insert run %u: %.0f ms\n", PROGRAM, r + 1, times[r]);
    }
  bench_report (PROGRAM, "insert", times, insert_runs, FALSE);

  {
    sqlite3 *db = open_db (path, hex_key);
    guint n = 0;

    for (guint r = 0; r < fts_runs; r++)
      for (guint q = 0; q < n_queries; q++)
        {
          double t0 = bench_now_ms ();
          guint hits = search (db, bench_queries[q]);

          times[n++] = bench_now_ms () - t0;
          if (r == 0)
            printf ("INFO\t%s\tquery\t%s\t%u\n", PROGRAM, bench_queries[q], hits);
        }
    bench_report (PROGRAM, "fts", times, n, TRUE);
    sqlite3_close (db);
  }

  if (keep)
    fprintf (stderr, "%s: kept %s\n", argv[0], path);
  else
    remove_journal_dir (dir);
  bench_journal_free (journal);

  return 0;
}

/* test-store.c: the encrypted journal, against real SQLCipher files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kindred-core.h"
#include "store/kindred-store-private.h"

#define MARKER "ZQX-marker-7f3a91-private-words"

typedef struct
{
  char       *dir;
  char       *journal_path;
  KindredKey *key;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->journal_path = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->key = kindred_key_new_random ();
}

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    {
      g_chmod (path, 0600);
      g_unlink (path);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->journal_path);
  kindred_key_unref (fixture->key);
}

/* Helpers */

static void
open_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A test-side wrapper that spins the main loop for the _async/_finish pair. */
static KindredStore *
open_sync (const char  *path,
           KindredKey  *key,
           gboolean     create,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kindred_store_open_async (path, key, create, NULL, open_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return kindred_store_open_finish (result, error);
}

static KindredStore *
create_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  KindredStore *store;

  store = open_sync (fixture->journal_path, fixture->key, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Every file in @dir_path that holds @needle (none, we hope). */
static guint
count_files_containing (const char *dir_path,
                        const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint found = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      if (memmem (contents, len, needle, strlen (needle)) != NULL)
        {
          g_test_message ("“%s” holds the marker", name);
          found++;
        }
    }

  return found;
}

static KindredEntry *
make_entry (const char *title,
            const char *body,
            int         mood)
{
  KindredEntry *entry = kindred_entry_new ();

  kindred_entry_set_title (entry, title);
  kindred_entry_set_body (entry, body);
  kindred_entry_set_mood (entry, mood);

  return entry;
}

static void
save_or_die (KindredStore *store,
             KindredEntry *entry)
{
  g_autoptr(GError) error = NULL;

  kindred_store_save_entry (store, entry, &error);
  g_assert_no_error (error);
}

/* A second connection of the test's own, keyed like the store's. */
static sqlite3 *
open_raw (const char *path,
          KindredKey *key,
          gboolean    pin_settings)
{
  g_autofree char *hex = kindred_key_to_hex (key);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA key = \"x'%s'\";", hex);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  if (pin_settings)
    g_assert_cmpint (sqlite3_exec (db,
                                   "PRAGMA cipher_page_size = 4096; PRAGMA kdf_iter = 64000;",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  memset (pragma, 0, strlen (pragma));
  memset (hex, 0, strlen (hex));

  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           const char *blob_arg)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (blob_arg != NULL)
    {
      sqlite3_bind_blob (stmt, 1, blob_arg, (int) strlen (blob_arg), SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, blob_arg, (int) strlen (blob_arg), SQLITE_TRANSIENT);
    }
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
search_finds (KindredStore *store,
              const char   *query,
              const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = NULL;

  uuids = kindred_store_search (store, query, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuids);

  for (guint i = 0; i < uuids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (uuids, i), uuid) == 0)
      return TRUE;

  return FALSE;
}

/* Entries */

static void
test_store_entry_round_trip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(KindredEntry) loaded = NULL;
  g_autoptr(GDateTime) created_at = g_date_time_new_utc (2024, 3, 9, 21, 15, 7.123456);
  const char *strategy_a = "6f1c4a1e-2a7b-4d7e-9a55-6a0d2d4a9b01";
  const char *strategy_b = "0c7f2f0e-8f41-4b39-b0a4-4f5c9a1d2e02";
  const char * const triggers[] = { "work", "Sleep", "  family ", "WORK", "", NULL };
  const char * const *loaded_triggers;
  char *uuid;
  int value;

  kindred_store_add_strategy (store, strategy_a, "Slow breathing", "body",
                              "Breathe out longer than in.", TRUE, &error);
  g_assert_no_error (error);
  kindred_store_add_strategy (store, strategy_b, "Call a friend", "people", NULL, FALSE,
                              &error);
  g_assert_no_error (error);

  entry = make_entry ("A long day", "Walked by the river.\nFelt lighter after.", 2);
  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_emotion (entry, "anxious", 4);
  kindred_entry_set_emotion (entry, "tired", 2);
  kindred_entry_set_emotion (entry, "hopeful", 1);
  kindred_entry_set_triggers (entry, triggers);
  kindred_entry_set_strategy (entry, strategy_a, 3);
  kindred_entry_set_strategy (entry, strategy_b, 0);
  save_or_die (store, entry);

  /* The save stamps the entry. */
  g_assert_cmpuint (kindred_entry_get_hlc (entry), >, 0);
  g_assert_nonnull (kindred_entry_get_updated_at (entry));
  g_assert_cmpstr (kindred_entry_get_device_id (entry), ==, kindred_store_get_device_id (store));
  g_assert_true (g_uuid_string_is_valid (kindred_store_get_device_id (store)));

  /* Read it back through a fresh connection, so nothing comes from a cache. */
  uuid = g_strdup (kindred_entry_get_uuid (entry));
  kindred_store_close (store);
  g_clear_object (&store);
  store = open_sync (fixture->journal_path, fixture->key, FALSE, &error);
  g_assert_no_error (error);

  loaded = kindred_store_get_entry (store, uuid, &error);
  g_assert_no_error (error);
  g_free (uuid);

  g_assert_cmpstr (kindred_entry_get_uuid (loaded), ==, kindred_entry_get_uuid (entry));
  g_assert_true (g_date_time_equal (kindred_entry_get_created_at (loaded), created_at));
  g_assert_cmpint (g_date_time_get_microsecond (kindred_entry_get_created_at (loaded)), ==,
                   g_date_time_get_microsecond (created_at));
  g_assert_true (g_date_time_equal (kindred_entry_get_updated_at (loaded),
                                    kindred_entry_get_updated_at (entry)));
  g_assert_cmpuint (kindred_entry_get_hlc (loaded), ==, kindred_entry_get_hlc (entry));
  g_assert_cmpstr (kindred_entry_get_device_id (loaded), ==, kindred_entry_get_device_id (entry));
  g_assert_cmpint (kindred_entry_get_mood (loaded), ==, 2);
  g_assert_cmpstr (kindred_entry_get_title (loaded), ==, "A long day");
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, "Walked by the river.\nFelt lighter after.");
  g_assert_false (kindred_entry_get_deleted (loaded));

  g_assert_cmpuint (kindred_entry_get_n_emotions (loaded), ==, 3);
  g_assert_cmpstr (kindred_entry_get_emotion (loaded, 0, &value), ==, "anxious");
  g_assert_cmpint (value, ==, 4);
  g_assert_cmpstr (kindred_entry_get_emotion (loaded, 1, &value), ==, "tired");
  g_assert_cmpint (value, ==, 2);
  g_assert_cmpstr (kindred_entry_get_emotion (loaded, 2, &value), ==, "hopeful");
  g_assert_cmpint (value, ==, 1);

  loaded_triggers = kindred_entry_get_triggers (loaded);
  g_assert_cmpstrv (loaded_triggers, ((const char * const[]) { "work", "Sleep", "family", NULL }));

  g_assert_cmpuint (kindred_entry_get_n_strategies (loaded), ==, 2);
  g_assert_cmpstr (kindred_entry_get_strategy (loaded, 0, &value), ==, strategy_a);
  g_assert_cmpint (value, ==, 3);
  g_assert_cmpstr (kindred_entry_get_strategy (loaded, 1, &value), ==, strategy_b);
  g_assert_cmpint (value, ==, 0);

  /* Updating by uuid replaces the children and moves the stamp on. */
  kindred_entry_set_mood (loaded, KINDRED_MOOD_NONE);
  kindred_entry_set_emotion (loaded, "tired", 0);
  kindred_entry_set_strategy (loaded, strategy_b, -1);
  kindred_entry_set_triggers (loaded, NULL);
  save_or_die (store, loaded);
  g_assert_cmpuint (kindred_entry_get_hlc (loaded), >, kindred_entry_get_hlc (entry));

  g_clear_object (&entry);
  entry = kindred_store_get_entry (store, kindred_entry_get_uuid (loaded), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, KINDRED_MOOD_NONE);
  g_assert_cmpuint (kindred_entry_get_n_emotions (entry), ==, 2);
  g_assert_cmpint (kindred_entry_get_emotion_intensity (entry, "tired"), ==, 0);
  g_assert_cmpuint (kindred_entry_get_n_strategies (entry), ==, 1);
  g_assert_null (kindred_entry_get_triggers (entry)[0]);
  g_assert_cmpuint (kindred_store_count_entries (store, NULL), ==, 1);

  g_assert_true (kindred_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

static void
test_store_entry_tombstone (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) entry = make_entry ("Title", "Body words", 4);
  g_autoptr(KindredEntry) loaded = NULL;

  kindred_entry_set_emotion (entry, "calm", 3);
  kindred_entry_add_trigger (entry, "evening");
  save_or_die (store, entry);

  kindred_store_delete_entry (store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);

  loaded = kindred_store_get_entry (store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_true (kindred_entry_get_deleted (loaded));
  g_assert_null (kindred_entry_get_title (loaded));
  g_assert_null (kindred_entry_get_body (loaded));
  g_assert_cmpint (kindred_entry_get_mood (loaded), ==, KINDRED_MOOD_NONE);
  g_assert_cmpuint (kindred_entry_get_n_emotions (loaded), ==, 0);
  g_assert_null (kindred_entry_get_triggers (loaded)[0]);
  g_assert_cmpuint (kindred_entry_get_hlc (loaded), >, kindred_entry_get_hlc (entry));
  g_assert_cmpuint (kindred_store_count_entries (store, NULL), ==, 0);

  g_assert_false (kindred_store_delete_entry (store, "5b0c2f6e-1111-4222-8333-944455556666",
                                              &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (kindred_store_get_entry (store, "5b0c2f6e-1111-4222-8333-944455556666",
                                          &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
}

/* Words the full-text index still holds for @word, read from the index itself
 * (not joined to live entries, which would hide a stale row). */
static gint64
index_count (KindredStore *store,
             const char   *word)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  guint count;

  /* Words alone: the store counts straight from entries_fts. */
  kindred_entry_filter_set_text (filter, word);
  count = kindred_store_count_entries_filtered (store, filter, &error);
  g_assert_no_error (error);

  return count;
}

static void
test_store_entry_tombstone_index (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) entry = make_entry ("Quokka", "Platypus words", 3);
  sqlite3 *db;

  /* With triggers: v1's tombstone left these words in the index. */
  kindred_entry_add_trigger (entry, "wombat");
  kindred_entry_add_trigger (entry, "numbat");
  save_or_die (store, entry);
  g_assert_cmpint (index_count (store, "platypus"), ==, 1);
  g_assert_cmpint (index_count (store, "wombat"), ==, 1);

  /* An edit drops the old words and the removed tag. */
  kindred_entry_set_body (entry, "Echidna words");
  kindred_entry_set_triggers (entry, (const char * const[]) { "numbat", NULL });
  save_or_die (store, entry);
  g_assert_cmpint (index_count (store, "platypus"), ==, 0);
  g_assert_cmpint (index_count (store, "wombat"), ==, 0);
  g_assert_cmpint (index_count (store, "echidna"), ==, 1);
  g_assert_cmpint (index_count (store, "numbat"), ==, 1);

  kindred_store_delete_entry (store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpint (index_count (store, "quokka"), ==, 0);
  g_assert_cmpint (index_count (store, "echidna"), ==, 0);
  g_assert_cmpint (index_count (store, "numbat"), ==, 0);
  g_assert_cmpint (index_count (store, "words"), ==, 0);

  /* Saved once, then deleted, while a live entry shares its words (the case
   * where v1 kept the tombstone's docid under the shared word). */
  {
    g_autoptr(KindredEntry) live = make_entry (NULL, "Axolotl in the aquarium, at work.", 4);
    g_autoptr(KindredEntry) other = make_entry (NULL, "An axolotl at work, by the pond.", 2);

    kindred_entry_add_trigger (live, "work");
    save_or_die (store, live);
    kindred_entry_add_trigger (other, "work");
    save_or_die (store, other);
    g_assert_cmpint (index_count (store, "axolotl"), ==, 2);
    kindred_store_delete_entry (store, kindred_entry_get_uuid (other), &error);
    g_assert_no_error (error);
    g_assert_cmpint (index_count (store, "axolotl"), ==, 1);
    g_assert_cmpint (index_count (store, "work"), ==, 1);
    g_assert_cmpint (index_count (store, "pond"), ==, 0);

    /* Edits too, with shared words and tags. */
    {
      g_autoptr(KindredEntry) third = make_entry (NULL, "The aquarium was closed.", 3);

      kindred_entry_add_trigger (third, "work");
      save_or_die (store, third);
      kindred_entry_set_body (live, "Axolotl at home.");
      kindred_entry_set_triggers (live, (const char * const[]) { "home", NULL });
      save_or_die (store, live);
      g_assert_cmpint (index_count (store, "aquarium"), ==, 1);
      g_assert_cmpint (index_count (store, "work"), ==, 1);
      g_assert_cmpint (index_count (store, "home"), ==, 1);
      kindred_entry_set_body (third, "Closed.");
      save_or_die (store, third);
      g_assert_cmpint (index_count (store, "aquarium"), ==, 0);
    }
  }

  /* And as a second connection sees the file. */
  kindred_store_close (store);
  db = open_raw (fixture->journal_path, fixture->key, TRUE);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM entries_fts"
                                  " WHERE entries_fts MATCH 'echidna OR numbat OR quokka OR pond'",
                              NULL),
                   ==, 0);
  g_assert_cmpint (query_int (db, "PRAGMA user_version", NULL), ==,
                   KINDRED_STORE_SCHEMA_VERSION);
  sqlite3_close (db);
}

/* The UI's Undo: it kept the entry it had before deleting and saves it again. */
static void
test_store_entry_undo_delete (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) kept = make_entry ("Evening by the lake", "Swans and a quiet bench.", 4);
  g_autoptr(KindredEntry) tombstone = NULL;
  g_autoptr(KindredEntry) back = NULL;
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  g_autoptr(KindredEntryList) list = NULL;
  g_autoptr(GDateTime) created_at = g_date_time_new_utc (2025, 6, 1, 19, 30, 0);
  const char *strategy = "6f1c4a1e-2a7b-4d7e-9a55-6a0d2d4a9b01";
  const char *uuid;
  guint uses = 0;
  int value;

  kindred_store_add_strategy (store, strategy, "A short walk", "physical", NULL, TRUE, &error);
  g_assert_no_error (error);

  kindred_entry_set_created_at (kept, created_at);
  kindred_entry_set_emotion (kept, "calm", 4);
  kindred_entry_set_emotion (kept, "tired", 2);
  kindred_entry_set_triggers (kept, (const char * const[]) { "evening", "Lake", NULL });
  kindred_entry_set_strategy (kept, strategy, 3);
  save_or_die (store, kept);
  uuid = kindred_entry_get_uuid (kept);

  list = kindred_entry_list_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  kindred_store_delete_entry (store, uuid, &error);
  g_assert_no_error (error);
  tombstone = kindred_store_get_entry (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_entry_get_deleted (tombstone));
  g_assert_false (search_finds (store, "\"swans*\"", uuid));
  g_assert_cmpint (index_count (store, "swans"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* Undo. */
  g_assert_false (kindred_entry_get_deleted (kept));
  save_or_die (store, kept);
  g_assert_cmpuint (kindred_entry_get_hlc (kept), >, kindred_entry_get_hlc (tombstone));

  back = kindred_store_get_entry (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_false (kindred_entry_get_deleted (back));
  g_assert_cmpstr (kindred_entry_get_title (back), ==, "Evening by the lake");
  g_assert_cmpstr (kindred_entry_get_body (back), ==, "Swans and a quiet bench.");
  g_assert_cmpint (kindred_entry_get_mood (back), ==, 4);
  g_assert_true (g_date_time_equal (kindred_entry_get_created_at (back), created_at));
  g_assert_cmpuint (kindred_entry_get_n_emotions (back), ==, 2);
  g_assert_cmpstr (kindred_entry_get_emotion (back, 0, &value), ==, "calm");
  g_assert_cmpint (value, ==, 4);
  g_assert_cmpstrv (kindred_entry_get_triggers (back),
                    ((const char * const[]) { "evening", "Lake", NULL }));
  g_assert_cmpuint (kindred_entry_get_n_strategies (back), ==, 1);
  g_assert_cmpstr (kindred_entry_get_strategy (back, 0, &value), ==, strategy);
  g_assert_cmpint (value, ==, 3);
  g_assert_cmpuint (kindred_entry_get_hlc (back), ==, kindred_entry_get_hlc (kept));

  /* Found again by its words, its tags and every filter; listed and counted. */
  g_assert_true (search_finds (store, "\"swans*\"", uuid));
  g_assert_true (search_finds (store, "\"lake*\"", uuid));
  g_assert_cmpint (index_count (store, "swans"), ==, 1);
  g_assert_cmpint (index_count (store, "evening"), ==, 1);
  kindred_entry_filter_set_trigger (filter, "lake");
  kindred_entry_filter_set_emotion (filter, "calm");
  kindred_entry_filter_set_strategy (filter, strategy);
  kindred_entry_filter_set_mood_min (filter, 4);
  g_assert_cmpuint (kindred_store_count_entries_filtered (store, filter, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_store_count_entries (store, NULL), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  kindred_store_get_strategy_stats (store, strategy, &uses, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses, ==, 1);

  g_assert_true (kindred_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_store_entry_invalid (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) mood = make_entry (NULL, "too much", 7);
  g_autoptr(KindredEntry) intensity = make_entry (NULL, "b", 3);
  g_autoptr(KindredEntry) helped = make_entry (NULL, "c", 3);
  g_autoptr(KindredEntry) good = make_entry (NULL, "fine", 3);
  g_autoptr(KindredEntry) unknown = make_entry (NULL, "d", 3);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_assert_false (kindred_store_save_entry (store, mood, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (kindred_entry_get_hlc (mood), ==, 0);

  kindred_entry_set_emotion (intensity, "sad", 9);
  g_assert_false (kindred_store_save_entry (store, intensity, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID);
  g_clear_error (&error);

  kindred_entry_set_strategy (helped, "6f1c4a1e-2a7b-4d7e-9a55-6a0d2d4a9b01", 5);
  g_assert_false (kindred_store_save_entry (store, helped, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpuint (kindred_store_count_entries (store, NULL), ==, 0);
  g_assert_null (kindred_store_get_entry (store, kindred_entry_get_uuid (mood), &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* All or nothing: a bad entry after a good one leaves neither, whether the
   * check fails before the transaction (range) or inside it (unknown link). */
  g_ptr_array_add (batch, good);
  g_ptr_array_add (batch, mood);
  g_assert_false (kindred_store_save_entries (store, batch, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID);
  g_clear_error (&error);

  kindred_entry_set_strategy (unknown, "0c7f2f0e-8f41-4b39-b0a4-4f5c9a1d2e02", 2);
  g_ptr_array_index (batch, 1) = unknown;
  g_assert_false (kindred_store_save_entries (store, batch, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (kindred_store_count_entries (store, NULL), ==, 0);
  g_assert_null (kindred_store_get_entry (store, kindred_entry_get_uuid (good), &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The store still works afterwards (no transaction left open). */
  save_or_die (store, good);
  g_assert_cmpuint (kindred_store_count_entries (store, NULL), ==, 1);
}

static void
changed_cb (KindredEntry *entry,
            guint        *count)
{
  (*count)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_store_entry_notify (void)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint changed = 0, notified = 0;

  g_assert_true (g_uuid_string_is_valid (kindred_entry_get_uuid (entry)));
  g_assert_nonnull (kindred_entry_get_created_at (entry));

  g_signal_connect (entry, "changed", G_CALLBACK (changed_cb), &changed);
  g_signal_connect (entry, "notify::body", G_CALLBACK (notify_cb), &notified);

  kindred_entry_set_body (entry, "hello");
  kindred_entry_set_body (entry, "hello");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  kindred_entry_set_emotion (entry, "calm", 2);
  kindred_entry_set_emotion (entry, "calm", 2);
  kindred_entry_add_trigger (entry, "rain");
  kindred_entry_add_trigger (entry, "RAIN");
  kindred_entry_set_strategy (entry, "6f1c4a1e-2a7b-4d7e-9a55-6a0d2d4a9b01", 1);
  kindred_entry_set_strategy (entry, "6f1c4a1e-2a7b-4d7e-9a55-6a0d2d4a9b01", 1);
  g_assert_cmpuint (changed, ==, 4);

  /* Stamps from a save do not count as an edit. */
  kindred_entry_set_hlc (entry, 42);
  kindred_entry_set_updated_at (entry, now);
  g_assert_cmpuint (changed, ==, 4);

  kindred_entry_set_title (entry, "  ");
  {
    g_autofree char *summary = kindred_entry_dup_summary (entry);

    g_assert_cmpstr (summary, ==, "hello");
  }
}

/* Full-text search */

static void
test_store_search_fts (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) first = make_entry ("Lighthouse evening", "Ate soup with Ana.", 3);
  g_autoptr(KindredEntry) second = make_entry (NULL, "The meeting ran late; crème brûlée after.", 2);
  g_autoptr(KindredEntry) gone = make_entry ("Quokkaword", "zebrafinch xylophonist", 1);
  g_autoptr(GPtrArray) uuids = NULL;
  g_autofree char *query = NULL;
  sqlite3 *raw;

  kindred_entry_add_trigger (second, "commute");
  save_or_die (store, first);
  save_or_die (store, second);
  save_or_die (store, gone);

  g_assert_true (search_finds (store, "lighthouse", kindred_entry_get_uuid (first)));   /* title */
  g_assert_true (search_finds (store, "soup", kindred_entry_get_uuid (first)));         /* body */
  g_assert_true (search_finds (store, "commute", kindred_entry_get_uuid (second)));     /* tag */
  g_assert_true (search_finds (store, "creme", kindred_entry_get_uuid (second)));       /* diacritics */
  g_assert_false (search_finds (store, "commute", kindred_entry_get_uuid (first)));

  /* A tag added later reaches the index through the triggers. */
  kindred_entry_add_trigger (first, "harbour");
  save_or_die (store, first);
  g_assert_true (search_finds (store, "harbour", kindred_entry_get_uuid (first)));
  g_assert_true (search_finds (store, "tags:harbour", kindred_entry_get_uuid (first)));

  /* Newest first. */
  uuids = kindred_store_search (store, "soup OR meeting", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uuids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (uuids, 0), ==, kindred_entry_get_uuid (second));
  g_clear_pointer (&uuids, g_ptr_array_unref);

  /* A malformed query is an error, not a crash. */
  uuids = kindred_store_search (store, "\"unterminated", 10, &error);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID);
  g_assert_null (uuids);
  g_clear_error (&error);

  /* Plain words typed by a person become safe prefix terms. */
  query = kindred_store_build_match_query ("  light\"house (AND soup* ");
  g_assert_cmpstr (query, ==, "\"light*\" \"house*\" \"AND*\" \"soup*\"");
  g_clear_pointer (&query, g_free);
  query = kindred_store_build_match_query ("lightho Ana");
  g_assert_true (search_finds (store, query, kindred_entry_get_uuid (first)));
  g_clear_pointer (&query, g_free);
  g_assert_null (kindred_store_build_match_query (" \"() - "));

  /* A tombstone leaves search at once... */
  kindred_store_delete_entry (store, kindred_entry_get_uuid (gone), &error);
  g_assert_no_error (error);
  g_assert_false (search_finds (store, "zebrafinch", kindred_entry_get_uuid (gone)));
  kindred_store_close (store);

  /* ...but its words still sit in an FTS4 segment until the merge. */
  raw = open_raw (fixture->journal_path, fixture->key, TRUE);
  g_assert_cmpint (query_int (raw,
                              "SELECT (SELECT count(*) FROM entries_fts_segments"
                              "         WHERE instr (block, ?1) > 0)"
                              "     + (SELECT count(*) FROM entries_fts_segdir"
                              "         WHERE instr (root, ?2) > 0)",
                              "xylophonist"), >, 0);
  sqlite3_close (raw);

  g_clear_object (&store);
  store = open_sync (fixture->journal_path, fixture->key, FALSE, &error);
  g_assert_no_error (error);
  kindred_store_optimize_index (store, &error);
  g_assert_no_error (error);
  g_assert_true (search_finds (store, "soup", kindred_entry_get_uuid (first)));
  kindred_store_close (store);

  raw = open_raw (fixture->journal_path, fixture->key, TRUE);
  g_assert_cmpint (query_int (raw,
                              "SELECT (SELECT count(*) FROM entries_fts_segments"
                              "         WHERE instr (block, ?1) > 0)"
                              "     + (SELECT count(*) FROM entries_fts_segdir"
                              "         WHERE instr (root, ?2) > 0)",
                              "xylophonist"), ==, 0);
  g_assert_cmpint (query_int (raw,
                              "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'quokkaword'",
                              NULL), ==, 0);
  sqlite3_close (raw);
}

/* Opening */

static void
test_store_open_wrong_key (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredStore) other = NULL;
  g_autoptr(KindredKey) wrong_key = kindred_key_new_random ();
  g_autoptr(KindredEntry) entry = make_entry ("t", "b", 3);
  g_autofree char *checksum_before = NULL;
  g_autofree char *checksum_after = NULL;

  save_or_die (store, entry);
  kindred_store_close (store);
  checksum_before = checksum_of (fixture->journal_path);

  other = open_sync (fixture->journal_path, wrong_key, TRUE, &error);
  g_assert_null (other);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_WRONG_KEY);

  checksum_after = checksum_of (fixture->journal_path);
  g_assert_cmpstr (checksum_after, ==, checksum_before);
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_store_open_missing (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = NULL;

  store = open_sync (fixture->journal_path, fixture->key, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_A_JOURNAL);
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

static void
test_store_open_new_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize len;

  /* A finished journal, private to its owner, and nothing else beside it. */
  g_assert_cmpint (g_stat (fixture->journal_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);

  g_assert_true (g_file_get_contents (fixture->journal_path, &contents, &len, NULL));
  g_assert_cmpuint (len % 4096, ==, 0);
  g_assert_cmpuint (len, >=, 4096);
  g_assert_false (memcmp (contents, "SQLite format 3", 16) == 0);
}

typedef enum
{
  BAD_TEXT,
  BAD_EMPTY,
  BAD_TRUNCATED,
  BAD_DIRECTORY,
  BAD_UNREADABLE,
  BAD_PLAIN_SQLITE,
  BAD_NEWER_SCHEMA,
} BadFile;

static void
make_bad_file (Fixture *fixture,
               BadFile  kind)
{
  g_autoptr(GError) error = NULL;

  switch (kind)
    {
    case BAD_TEXT:
      {
        g_autoptr(GString) text = g_string_new (NULL);

        /* Longer than a page and not a whole number of pages. */
        while (text->len < 5000)
          g_string_append (text, "Dear diary, this is a shopping list, not a journal.\n");
        g_file_set_contents (fixture->journal_path, text->str, text->len, &error);
        g_assert_no_error (error);
      }
      break;

    case BAD_EMPTY:
      g_file_set_contents (fixture->journal_path, "", 0, &error);
      g_assert_no_error (error);
      break;

    case BAD_TRUNCATED:
      {
        g_autoptr(KindredStore) store = create_store (fixture);
        g_autofree char *contents = NULL;
        gsize len;

        for (int i = 0; i < 20; i++)
          {
            g_autoptr(KindredEntry) entry = make_entry ("t", "Some words to fill a page or two.", 3);

            save_or_die (store, entry);
          }
        kindred_store_close (store);

        g_assert_true (g_file_get_contents (fixture->journal_path, &contents, &len, NULL));
        g_assert_cmpuint (len, >, 3 * 4096);
        /* Cut in the middle of the third page, as an interrupted copy would. */
        g_file_set_contents (fixture->journal_path, contents, 2 * 4096 + 1234, &error);
        g_assert_no_error (error);
      }
      break;

    case BAD_DIRECTORY:
      g_assert_cmpint (g_mkdir (fixture->journal_path, 0700), ==, 0);
      break;

    case BAD_UNREADABLE:
      {
        g_autoptr(KindredStore) store = create_store (fixture);

        kindred_store_close (store);
        g_assert_cmpint (g_chmod (fixture->journal_path, 0), ==, 0);
      }
      break;

    case BAD_PLAIN_SQLITE:
      {
        /* The header of an unencrypted SQLite file (no sqlite3 CLI here). */
        g_autofree char *contents = g_malloc0 (4096);

        memcpy (contents, "SQLite format 3", 16);
        contents[16] = 0x10;
        contents[17] = 0x00;
        g_file_set_contents (fixture->journal_path, contents, 4096, &error);
        g_assert_no_error (error);
      }
      break;

    case BAD_NEWER_SCHEMA:
      {
        g_autoptr(KindredStore) store = create_store (fixture);

        _kindred_store_set_user_version (store, 99, &error);
        g_assert_no_error (error);
        kindred_store_close (store);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  BadFile kind;
  int     code;
} BadFileCase;

static const BadFileCase bad_text = { BAD_TEXT, KINDRED_STORE_ERROR_NOT_A_JOURNAL };
static const BadFileCase bad_empty = { BAD_EMPTY, KINDRED_STORE_ERROR_NOT_A_JOURNAL };
static const BadFileCase bad_truncated = { BAD_TRUNCATED, KINDRED_STORE_ERROR_NOT_A_JOURNAL };
static const BadFileCase bad_directory = { BAD_DIRECTORY, KINDRED_STORE_ERROR_NOT_A_JOURNAL };
static const BadFileCase bad_unreadable = { BAD_UNREADABLE, KINDRED_STORE_ERROR_IO };
static const BadFileCase bad_plain = { BAD_PLAIN_SQLITE, KINDRED_STORE_ERROR_NOT_A_JOURNAL };
static const BadFileCase bad_newer = { BAD_NEWER_SCHEMA, KINDRED_STORE_ERROR_NEWER_SCHEMA };

static void
test_store_open_bad_file (Fixture       *fixture,
                          gconstpointer  data)
{
  const BadFileCase *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = NULL;
  g_autofree char *checksum_before = NULL;
  g_autofree char *checksum_after = NULL;

  gboolean as_nobody = FALSE;

  make_bad_file (fixture, bad->kind);
  if (bad->kind != BAD_DIRECTORY)
    checksum_before = checksum_of (fixture->journal_path);

  /* root reads a mode-000 file anyway: open it as "nobody" (the saved set-user-id
   * keeps root to come back to), with the folder itself open to all. */
  if (bad->kind == BAD_UNREADABLE && geteuid () == 0)
    {
      g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
      if (setegid (65534) != 0 || seteuid (65534) != 0)
        {
          g_test_skip ("Running as root and cannot act as another user, so chmod 000 "
                       "does not stop reading");
          return;
        }
      as_nobody = TRUE;
    }

  /* create = TRUE: even then an existing bad file is never replaced. */
  store = open_sync (fixture->journal_path, fixture->key, TRUE, &error);

  if (as_nobody)
    {
      g_assert_cmpint (seteuid (0), ==, 0);
      g_assert_cmpint (setegid (0), ==, 0);
    }

  g_assert_null (store);
  g_assert_error (error, KINDRED_STORE_ERROR, bad->code);
  g_test_message ("%s", error->message);

  if (bad->kind == BAD_DIRECTORY)
    {
      g_assert_true (g_file_test (fixture->journal_path, G_FILE_TEST_IS_DIR));
      g_assert_cmpuint (count_files (fixture->journal_path), ==, 0);
    }
  else
    {
      checksum_after = checksum_of (fixture->journal_path);
      g_assert_cmpstr (checksum_after, ==, checksum_before);
    }

  /* No -journal or half-made file left beside it. */
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

/* Encryption */

static void
test_store_cipher_settings (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) entry = make_entry ("t", "b", 1);
  g_autofree char *version = kindred_store_dup_cipher_version (store);
  sqlite3 *raw;

  save_or_die (store, entry);

  g_assert_cmpint (kindred_store_get_cipher_page_size (store), ==, 4096);
  g_assert_cmpint (kindred_store_get_kdf_iter (store), ==, 64000);
  g_assert_nonnull (version);
  g_assert_true (g_str_has_prefix (version, "3.") || g_str_has_prefix (version, "4."));
  kindred_store_close (store);

  /* The pinned values matter: with the library's own defaults the file does not
   * open (3.x: 1024-byte pages; 4.x: SHA-512 HMAC), with them it does. */
  raw = open_raw (fixture->journal_path, fixture->key, FALSE);
  g_assert_cmpint (sqlite3_exec (raw, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL),
                   ==, SQLITE_NOTADB);
  sqlite3_close (raw);

  raw = open_raw (fixture->journal_path, fixture->key, TRUE);
  if (g_str_has_prefix (version, "4."))
    g_assert_cmpint (sqlite3_exec (raw,
                                   "PRAGMA cipher_hmac_algorithm = HMAC_SHA1;"
                                   "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1;",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (raw, "SELECT count(*) FROM entries", NULL), ==, 1);
  sqlite3_close (raw);

  g_assert_no_error (error);
}

static void
test_store_privacy_no_plaintext (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autofree char *sql = NULL;
  g_autofree char *journal = g_strconcat (fixture->journal_path, "-journal", NULL);
  sqlite3 *raw;

  for (int i = 0; i < 50; i++)
    {
      g_autoptr(KindredEntry) entry = make_entry ("Title " MARKER, "Body " MARKER " text", 3);

      kindred_entry_add_trigger (entry, MARKER);
      kindred_entry_set_emotion (entry, MARKER, 2);
      save_or_die (store, entry);
    }
  {
    g_autoptr(GPtrArray) uuids = kindred_store_search (store, "\"" MARKER "\"", 0, NULL);

    /* The marker really went in (else the test below proves nothing). */
    g_assert_cmpuint (uuids->len, ==, 50);
  }
  kindred_store_close (store);

  g_assert_cmpuint (count_files_containing (fixture->dir, MARKER), ==, 0);
  g_assert_cmpuint (count_files_containing (fixture->dir, "SQLite format 3"), ==, 0);

  /* Mid-transaction: a tiny page cache makes SQLite spill dirty pages to the
   * file and keep the originals in the rollback journal before COMMIT. */
  raw = open_raw (fixture->journal_path, fixture->key, TRUE);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA cache_size = 2; BEGIN IMMEDIATE", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sql = g_strdup_printf ("INSERT INTO entries (uuid, created_at, body)"
                         " SELECT lower (hex (randomblob (16))), %d, '%s mid ' || value"
                         "   FROM (WITH RECURSIVE n (value) AS (SELECT 1 UNION ALL"
                         "         SELECT value + 1 FROM n WHERE value < 400) SELECT value FROM n)",
                         1, MARKER);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files_containing (fixture->dir, MARKER), ==, 0);
  g_assert_cmpint (sqlite3_exec (raw, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  g_assert_cmpuint (count_files_containing (fixture->dir, MARKER), ==, 0);
}

static void
test_store_rekey_export (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredStore) copy = NULL;
  g_autoptr(KindredStore) refused = NULL;
  g_autoptr(KindredKey) new_key = kindred_key_new_random ();
  g_autoptr(KindredEntry) entry = make_entry ("Kept", "Across the re-key", 5);
  g_autoptr(KindredEntry) loaded = NULL;
  g_autofree char *new_path = g_build_filename (fixture->dir, "journal.db.rekey", NULL);

  save_or_die (store, entry);
  kindred_store_export_rekeyed (store, new_path, new_key, &error);
  g_assert_no_error (error);

  copy = open_sync (new_path, new_key, FALSE, &error);
  g_assert_no_error (error);
  loaded = kindred_store_get_entry (copy, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, "Across the re-key");
  g_assert_cmpstr (kindred_store_get_device_id (copy), ==, kindred_store_get_device_id (store));
  g_assert_cmpint (kindred_store_get_cipher_page_size (copy), ==, 4096);
  g_assert_cmpint (kindred_store_get_kdf_iter (copy), ==, 64000);
  g_assert_true (search_finds (copy, "across", kindred_entry_get_uuid (entry)));
  g_assert_true (kindred_store_check_integrity (copy, &error));
  g_assert_no_error (error);
  kindred_store_close (copy);

  refused = open_sync (new_path, fixture->key, FALSE, &error);
  g_assert_null (refused);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_WRONG_KEY);
}

/* Threads and signals */

typedef struct
{
  GThread  *main_thread;
  char     *uuid;
  gboolean  on_main_thread;
  gboolean  saved;
  GError   *error;
} SignalState;

static void
entry_changed_cb (KindredStore *store,
                  const char   *uuid,
                  SignalState  *state)
{
  g_free (state->uuid);
  state->uuid = g_strdup (uuid);
  state->on_main_thread = g_thread_self () == state->main_thread &&
                          g_main_context_is_owner (g_main_context_default ());
}

static void
save_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SignalState *state = user_data;

  kindred_store_save_entry_finish (KINDRED_STORE (source), result, &state->error);
  state->saved = TRUE;
}

static void
test_store_signal_main_context (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) entry = make_entry ("t", "from a worker", 2);
  SignalState state = { g_thread_self (), NULL, FALSE, FALSE, NULL };

  g_signal_connect (store, "entry-changed", G_CALLBACK (entry_changed_cb), &state);
  kindred_store_save_entry_async (store, entry, NULL, save_ready_cb, &state);

  /* The editor may go on typing while the copy is written. */
  kindred_entry_set_body (entry, "typed meanwhile");

  while (!state.saved || state.uuid == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (state.error);
  g_assert_cmpstr (state.uuid, ==, kindred_entry_get_uuid (entry));
  g_assert_true (state.on_main_thread);
  g_assert_cmpuint (kindred_entry_get_hlc (entry), >, 0);
  g_assert_cmpstr (kindred_entry_get_device_id (entry), ==, kindred_store_get_device_id (store));
  g_assert_cmpstr (kindred_entry_get_body (entry), ==, "typed meanwhile");
  {
    g_autoptr(KindredEntry) loaded = kindred_store_get_entry (store, state.uuid, NULL);

    g_assert_cmpstr (kindred_entry_get_body (loaded), ==, "from a worker");
  }

  g_free (state.uuid);
}

static void
test_store_close_locked (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntry) entry = make_entry ("t", "b", 2);

  g_assert_true (kindred_store_is_open (store));
  kindred_store_close (store);
  kindred_store_close (store);
  g_assert_false (kindred_store_is_open (store));

  g_assert_false (kindred_store_save_entry (store, entry, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_null (kindred_store_get_entry (store, kindred_entry_get_uuid (entry), &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpuint (kindred_store_count_entries (store, &error), ==, 0);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_null (kindred_store_dup_setting (store, "device-id"));

  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_store_settings (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autofree char *device_id = kindred_store_dup_setting (store, "device-id");
  g_autofree char *value = NULL;

  g_assert_cmpstr (device_id, ==, kindred_store_get_device_id (store));

  kindred_store_set_setting (store, "theme", "dusk", &error);
  g_assert_no_error (error);
  kindred_store_set_setting (store, "theme", "dawn", &error);
  g_assert_no_error (error);
  value = kindred_store_dup_setting (store, "theme");
  g_assert_cmpstr (value, ==, "dawn");
  kindred_store_set_setting (store, "theme", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kindred_store_dup_setting (store, "theme"));
}

/* The paged model */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  calls[0]++;
  calls[1] = position;
  calls[2] = removed;
  calls[3] = added;
}

static gint64
created_us (KindredEntry *entry)
{
  GDateTime *created_at = kindred_entry_get_created_at (entry);

  return g_date_time_to_unix (created_at) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (created_at);
}

static void
test_store_list_paged (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = create_store (fixture);
  g_autoptr(KindredEntryList) list = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 1, 8, 0, 0);
  g_autoptr(KindredEntry) newest = NULL;
  g_autofree char *last_uuid = NULL;
  gint64 last_created = 0;
  guint calls[4] = { 0 };
  const guint n = 1000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("Entry number %u", i);
      /* Every tenth pair shares a minute, so the uuid tie-break is exercised. */
      int minute = (int) (i % 10 == 1 ? i - 1 : i);
      g_autoptr(GDateTime) when = g_date_time_add_minutes (base, minute);
      KindredEntry *entry = make_entry (NULL, body, 1 + i % 5);

      kindred_entry_set_created_at (entry, when);
      g_ptr_array_add (batch, entry);
    }
  kindred_store_save_entries (store, batch, &error);
  g_assert_no_error (error);

  /* What the store says, walked by its own keyset pages. */
  for (;;)
    {
      g_autoptr(GPtrArray) page = kindred_store_list_entries (store, last_created, last_uuid,
                                                              100, &error);

      g_assert_no_error (error);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (expected, g_strdup (kindred_entry_get_uuid (g_ptr_array_index (page, i))));
      last_created = created_us (g_ptr_array_index (page, page->len - 1));
      g_free (last_uuid);
      last_uuid = g_strdup (kindred_entry_get_uuid (g_ptr_array_index (page, page->len - 1)));
    }
  g_assert_cmpuint (expected->len, ==, n);

  list = kindred_entry_list_new (store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == KINDRED_TYPE_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  /* In order, newest first (ties by uuid, descending). */
  {
    gint64 previous_time = G_MAXINT64;
    g_autofree char *previous_uuid = NULL;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(KindredEntry) entry = g_list_model_get_item (G_LIST_MODEL (list), i);
        gint64 t = created_us (entry);

        g_assert_cmpstr (kindred_entry_get_uuid (entry), ==, g_ptr_array_index (expected, i));
        g_assert_cmpint (t, <=, previous_time);
        if (t == previous_time)
          g_assert_cmpstr (kindred_entry_get_uuid (entry), <, previous_uuid);
        previous_time = t;
        g_free (previous_uuid);
        previous_uuid = g_strdup (kindred_entry_get_uuid (entry));
      }
  }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));

  /* Jumps (no neighbouring page cached) agree with the store too. */
  kindred_entry_list_reload (list);
  for (guint i = 0; i < 200; i++)
    {
      guint position = (guint) g_test_rand_int_range (0, (gint32) n);
      g_autoptr(KindredEntry) entry = g_list_model_get_item (G_LIST_MODEL (list), position);
      g_autoptr(KindredEntry) again = g_list_model_get_item (G_LIST_MODEL (list), position);

      g_assert_cmpstr (kindred_entry_get_uuid (entry), ==, g_ptr_array_index (expected, position));
      /* A new reference each time, to the same row. */
      g_assert_true (entry == again);
    }

  /* A save tells the model, which tells its views. */
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), calls);
  newest = make_entry (NULL, "the newest of all", 5);
  save_or_die (store, newest);
  g_assert_cmpuint (calls[0], ==, 1);
  g_assert_cmpuint (calls[1], ==, 0);
  g_assert_cmpuint (calls[2], ==, n);
  g_assert_cmpuint (calls[3], ==, n + 1);
  {
    g_autoptr(KindredEntry) first = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpstr (kindred_entry_get_uuid (first), ==, kindred_entry_get_uuid (newest));
  }

  kindred_store_delete_entry (store, kindred_entry_get_uuid (newest), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls[0], ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* Clock */

static void
test_store_hlc (void)
{
  KindredHlc a = kindred_hlc_next (0, 1000);
  KindredHlc b = kindred_hlc_next (a, 1000);
  KindredHlc c = kindred_hlc_next (b, 900);     /* the clock stepped back */
  KindredHlc d = kindred_hlc_next (c, 2000);
  KindredHlc remote = ((KindredHlc) 5000 << 16) | 7;
  KindredHlc e = kindred_hlc_receive (d, remote, 2100);
  KindredHlc f = kindred_hlc_next (((KindredHlc) 10 << 16) | 0xffff, 10);

  g_assert_cmpint (KINDRED_HLC_PHYSICAL (a), ==, 1000);
  g_assert_cmpuint (KINDRED_HLC_COUNTER (a), ==, 0);
  g_assert_cmpuint (b, >, a);
  g_assert_cmpuint (c, >, b);
  g_assert_cmpint (KINDRED_HLC_PHYSICAL (c), ==, 1000);
  g_assert_cmpuint (d, >, c);
  g_assert_cmpuint (e, >, remote);
  g_assert_cmpint (KINDRED_HLC_PHYSICAL (e), ==, 5000);
  g_assert_cmpuint (KINDRED_HLC_COUNTER (e), ==, 8);
  g_assert_cmpuint (f, >, ((KindredHlc) 10 << 16) | 0xffff);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/entry/round-trip", Fixture, NULL,
              fixture_set_up, test_store_entry_round_trip, fixture_tear_down);
  g_test_add ("/store/entry/tombstone", Fixture, NULL,
              fixture_set_up, test_store_entry_tombstone, fixture_tear_down);
  g_test_add ("/store/entry/tombstone-leaves-index", Fixture, NULL,
              fixture_set_up, test_store_entry_tombstone_index, fixture_tear_down);
  g_test_add ("/store/entry/undo-delete", Fixture, NULL,
              fixture_set_up, test_store_entry_undo_delete, fixture_tear_down);
  g_test_add ("/store/entry/invalid", Fixture, NULL,
              fixture_set_up, test_store_entry_invalid, fixture_tear_down);
  g_test_add_func ("/store/entry/notify", test_store_entry_notify);
  g_test_add ("/store/search/fts", Fixture, NULL,
              fixture_set_up, test_store_search_fts, fixture_tear_down);
  g_test_add ("/store/open/new-file", Fixture, NULL,
              fixture_set_up, test_store_open_new_file, fixture_tear_down);
  g_test_add ("/store/open/wrong-key", Fixture, NULL,
              fixture_set_up, test_store_open_wrong_key, fixture_tear_down);
  g_test_add ("/store/open/missing", Fixture, NULL,
              fixture_set_up, test_store_open_missing, fixture_tear_down);
  g_test_add ("/store/open/bad-file/text", Fixture, &bad_text,
              fixture_set_up, test_store_open_bad_file, fixture_tear_down);
  g_test_add ("/store/open/bad-file/empty", Fixture, &bad_empty,
              fixture_set_up, test_store_open_bad_file, fixture_tear_down);
  g_test_add ("/store/open/bad-file/truncated", Fixture, &bad_truncated,
              fixture_set_up, test_store_open_bad_file, fixture_tear_down);
  g_test_add ("/store/open/bad-file/directory", Fixture, &bad_directory,
              fixture_set_up, test_store_open_bad_file, fixture_tear_down);
  g_test_add ("/store/open/bad-file/unreadable", Fixture, &bad_unreadable,
              fixture_set_up, test_store_open_bad_file, fixture_tear_down);
  g_test_add ("/store/open/bad-file/plain-sqlite", Fixture, &bad_plain,
              fixture_set_up, test_store_open_bad_file, fixture_tear_down);
  g_test_add ("/store/open/bad-file/newer-schema", Fixture, &bad_newer,
              fixture_set_up, test_store_open_bad_file, fixture_tear_down);
  g_test_add ("/store/cipher/settings", Fixture, NULL,
              fixture_set_up, test_store_cipher_settings, fixture_tear_down);
  g_test_add ("/store/privacy/no-plaintext", Fixture, NULL,
              fixture_set_up, test_store_privacy_no_plaintext, fixture_tear_down);
  g_test_add ("/store/rekey/export", Fixture, NULL,
              fixture_set_up, test_store_rekey_export, fixture_tear_down);
  g_test_add ("/store/signal/main-context", Fixture, NULL,
              fixture_set_up, test_store_signal_main_context, fixture_tear_down);
  g_test_add ("/store/close/locked", Fixture, NULL,
              fixture_set_up, test_store_close_locked, fixture_tear_down);
  g_test_add ("/store/settings/round-trip", Fixture, NULL,
              fixture_set_up, test_store_settings, fixture_tear_down);
  g_test_add ("/store/list/paged", Fixture, NULL,
              fixture_set_up, test_store_list_paged, fixture_tear_down);
  g_test_add_func ("/store/hlc/monotonic", test_store_hlc);

  return g_test_run ();
}

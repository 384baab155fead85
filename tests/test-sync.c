/* test-sync.c: sync between one's own devices (sync/, store/kindred-store-sync.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real journals (SQLCipher files in temporary folders), real sync files in a real
 * folder, the real keyring of the test session.  The merge is tested against a
 * model of what each simulated device has seen (not against the lineage code it
 * tests), and every bad file of tests/data/sync/ must leave the journal as it was.
 *
 * Longer runs of the property test (issue 10's harness):
 *   KINDRED_TEST_SYNC_SEEDS=first:count  which seeds (default 1:12, 1:40 with -m slow)
 *   KINDRED_TEST_SYNC_STEPS=n            steps of random history per seed (default 80)
 *   KINDRED_SYNC_TRACE=1                 each family merge's decision on stderr (stamps
 *                                        and device ids only), to replay a failing seed
 * `tests/test-sync --write-corpus DIR` writes the bad-file corpus anew.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kindred-core.h"
#include "store/kindred-store-private.h"
#include "store/kindred-store-sync.h"

#define PASSPHRASE "correct horse battery staple"
#define CHEAP_OPS  crypto_pwhash_argon2id_OPSLIMIT_MIN
#define CHEAP_MEM  crypto_pwhash_argon2id_MEMLIMIT_MIN

/* ---- Helpers -------------------------------------------------------------- */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-sync-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
make_subdir (Fixture    *fixture,
             const char *name)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static KindredStore *
open_store (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autofree char *dir = make_subdir (fixture, name);
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  KindredStore *store;

  store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);
  return store;
}

static KindredEntry *
save_new (KindredStore *store,
          const char   *title,
          const char   *body,
          int           mood)
{
  g_autoptr(GError) error = NULL;
  KindredEntry *entry = kindred_entry_new ();

  kindred_entry_set_title (entry, title);
  kindred_entry_set_body (entry, body);
  kindred_entry_set_mood (entry, mood);
  kindred_store_save_entry (store, entry, &error);
  g_assert_no_error (error);
  return entry;
}

static KindredEntry *
get_entry (KindredStore *store,
           const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  KindredEntry *entry = kindred_store_get_entry (store, uuid, &error);

  g_assert_no_error (error);
  return entry;
}

static void
edit_entry (KindredStore *store,
            const char   *uuid,
            const char   *title,
            const char   *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) entry = get_entry (store, uuid);

  kindred_entry_set_title (entry, title);
  kindred_entry_set_body (entry, body);
  kindred_store_save_entry (store, entry, &error);
  g_assert_no_error (error);
}

/* The journal as another device's file would carry it (the clear payload). */
static GBytes *
export_bytes (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  guint n = 0;

  _kindred_store_sync_export (store, out, NULL, &n, &error);
  g_assert_no_error (error);
  g_string_append_printf (out, "{\"t\":\"end\",\"records\":%u}\n", n);
  return g_string_free_to_bytes (out);
}

static KindredSyncCounts
merge_bytes (KindredStore *store,
             GBytes       *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSyncBatch) batch = NULL;
  KindredSyncCounts counts = { 0, };
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  batch = _kindred_sync_batch_parse (data, len, &error);
  g_assert_no_error (error);
  _kindred_store_sync_merge (store, batch, NULL, NULL, &counts, &error);
  g_assert_no_error (error);
  return counts;
}

static char *
dump (KindredStore *store,
      gboolean      with_lineage)
{
  g_autoptr(GError) error = NULL;
  char *text = _kindred_store_sync_dump (store, with_lineage, &error);

  g_assert_no_error (error);
  return text;
}

static guint
count_conflicts (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = _kindred_store_sync_list_conflicts (store, &error);

  g_assert_no_error (error);
  return uuids->len;
}

/* ---- Records ---------------------------------------------------------------- */

static void
test_sync_records_round_trip (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autoptr(KindredEntry) full = NULL;
  g_autoptr(KindredEntry) gone = NULL;
  g_autoptr(KindredEntry) back = NULL;
  g_autoptr(KindredSafetyPlan) plan = kindred_safety_plan_new ();
  g_autoptr(KindredContact) contact = kindred_contact_new ();
  g_autoptr(GBytes) file = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  g_autofree char *dump_b2 = NULL;
  const char *triggers[] = { "work", "late \"night\"", NULL };
  const char *warning[] = { "Not sleeping", "Skipping meals", NULL };
  KindredSyncCounts counts;
  int helped;

  kindred_store_add_strategy (a, "6b1d6f55-6f43-4b6e-9d56-6f7b8f3e1a01", "Box breathing",
                              "breathing", "In for four, hold for four.", TRUE, &error);
  g_assert_no_error (error);

  full = kindred_entry_new ();
  kindred_entry_set_title (full, "Line one\nline two\t\"quoted\" \\ back");
  kindred_entry_set_body (full, "Ünïcødé — ✓ and a control \x01 byte");
  kindred_entry_set_mood (full, 2);
  kindred_entry_set_emotion (full, "anxious", 4);
  kindred_entry_set_emotion (full, "tired", 2);
  kindred_entry_set_triggers (full, triggers);
  kindred_entry_set_strategy (full, "6b1d6f55-6f43-4b6e-9d56-6f7b8f3e1a01", 3);
  kindred_store_save_entry (a, full, &error);
  g_assert_no_error (error);

  gone = save_new (a, "To be deleted", "These words go", 3);
  kindred_store_delete_entry (a, kindred_entry_get_uuid (gone), &error);
  g_assert_no_error (error);

  kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_WARNING_SIGNS, warning);
  kindred_safety_plan_save (plan, a, &error);
  g_assert_no_error (error);
  kindred_contact_set_name (contact, "Sam");
  kindred_contact_set_phone (contact, "+44 20 7946 0000");
  kindred_contact_save (contact, a, &error);
  g_assert_no_error (error);

  file = export_bytes (a);
  counts = merge_bytes (b, file);
  g_assert_cmpuint (counts.added, ==, 1);
  g_assert_cmpuint (counts.conflicts, ==, 0);
  g_assert_true (counts.entries_changed);
  g_assert_true (counts.strategies_changed);

  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);

  /* Every field came across, read back through the store's own API. */
  back = get_entry (b, kindred_entry_get_uuid (full));
  g_assert_cmpstr (kindred_entry_get_title (back), ==, kindred_entry_get_title (full));
  g_assert_cmpstr (kindred_entry_get_body (back), ==, kindred_entry_get_body (full));
  g_assert_cmpint (kindred_entry_get_mood (back), ==, 2);
  g_assert_cmpint (kindred_entry_get_emotion_intensity (back, "anxious"), ==, 4);
  g_assert_cmpstrv (kindred_entry_get_triggers (back), triggers);
  g_assert_cmpstr (kindred_entry_get_strategy (back, 0, &helped), ==,
                   "6b1d6f55-6f43-4b6e-9d56-6f7b8f3e1a01");
  g_assert_cmpint (helped, ==, 3);
  g_assert_cmpuint (kindred_entry_get_hlc (back), ==, kindred_entry_get_hlc (full));
  g_assert_cmpstr (kindred_entry_get_device_id (back), ==, kindred_store_get_device_id (a));
  g_assert_null (kindred_entry_get_conflict_of (back));
  g_clear_object (&back);
  back = get_entry (b, kindred_entry_get_uuid (gone));
  g_assert_true (kindred_entry_get_deleted (back));
  g_assert_cmpuint (kindred_store_count_entries (b, NULL), ==, 1);

  /* The words are searchable on the other device too. */
  {
    g_autoptr(GPtrArray) hits = kindred_store_search (b, "\"late*\"", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
  }

  /* Idempotent: the same file again changes nothing. */
  counts = merge_bytes (b, file);
  g_assert_cmpuint (counts.added + counts.updated + counts.deleted + counts.conflicts, ==, 0);
  g_assert_false (counts.entries_changed);
  dump_b2 = dump (b, TRUE);
  g_assert_cmpstr (dump_b2, ==, dump_b);

  /* The clock moved past every stamp seen: B's next save comes later. */
  {
    g_autoptr(KindredEntry) later = save_new (b, "later", NULL, 0);

    g_assert_cmpuint (kindred_entry_get_hlc (later), >, kindred_entry_get_hlc (full));
  }
}

/* More entries than the export reads under one hold of the store's lock: the
 * pages join up, every entry with its own feelings and tags. */
static void
test_sync_records_pages (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) file = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  KindredSyncCounts counts;

  for (guint i = 0; i < 2345; i++)
    {
      KindredEntry *entry = kindred_entry_new ();
      g_autofree char *body = g_strdup_printf ("Entry number %u", i);
      g_autofree char *tag = g_strdup_printf ("tag%u", i % 7);
      const char *tags[] = { tag, NULL };

      kindred_entry_set_body (entry, body);
      kindred_entry_set_mood (entry, 1 + (int) (i % 5));
      if (i % 3 == 0)
        kindred_entry_set_emotion (entry, "calm", 1 + (int) (i % 5));
      kindred_entry_set_triggers (entry, tags);
      g_ptr_array_add (entries, entry);
    }
  kindred_store_save_entries (a, entries, &error);
  g_assert_no_error (error);

  file = export_bytes (a);
  counts = merge_bytes (b, file);
  g_assert_cmpuint (counts.added, ==, 2345);
  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);
}

static void
test_sync_records_malformed (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const bad[] = {
    "",
    "not json\n",
    "{\"t\":\"end\",\"records\":1}\n",
    "[1,2,3]\n{\"t\":\"end\",\"records\":1}\n",
    "{\"t\":\"entry\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a mood out of range */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"mood\":9,"
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a lineage without its own stamp */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=4\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a tombstone with words */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"deleted\":true,"
    "\"body\":\"x\",\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"}\n"
    "{\"t\":\"end\",\"records\":1}\n",
    /* superseded in its own family's eyes */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\","
    "\"superseded\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=6\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a lineage that is not one */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5 x=1\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a member twice */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"hlc\":6,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a stamp that is not an integer */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5.0,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a lone surrogate in a text */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"body\":\"\\ud83d\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* a NUL in a text */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"body\":\"a\\u0000b\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* something after the record */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"} x\n{\"t\":\"end\",\"records\":1}\n",
    /* an alias newer than the version it is an alias of */
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\","
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\",\"aliases\":[{\"device\":"
    "\"2b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"hlc\":9,\"lineage\":"
    "\"2b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=9\"}]}\n{\"t\":\"end\",\"records\":1}\n",
    /* no end: the writer stopped */
    "{\"t\":\"document\",\"key\":\"contacts\",\"value\":\"{}\"}\n",
    /* a wrong count */
    "{\"t\":\"document\",\"key\":\"contacts\",\"value\":\"{}\"}\n{\"t\":\"end\",\"records\":2}\n",
    /* a settings key that does not travel */
    "{\"t\":\"document\",\"key\":\"device-id\",\"value\":\"x\"}\n{\"t\":\"end\",\"records\":1}\n",
    /* nesting deeper than any record */
    "{\"t\":\"x\",\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n"
    "{\"t\":\"end\",\"records\":1}\n",
    /* a line after the end */
    "{\"t\":\"end\",\"records\":0}\n{\"t\":\"end\",\"records\":0}\n",
  };

  /* The same record done right parses: the ones below fail for their one fault. */
  static const char good[] =
    "{\"t\":\"entry\",\"uuid\":\"0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"created\":1,"
    "\"hlc\":5,\"device\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10\",\"mood\":3,"
    "\"title\":\"\\u00e9\\ud83d\\ude00\\/ok\",\"future\":{\"x\":[1,2.5e3,null,true]},"
    "\"lineage\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\","
    "\"superseded\":\"1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5 !1b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10=5\"}\n"
    "{\"t\":\"future-kind\"}\n"
    "{\"t\":\"end\",\"records\":2}\n";

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KindredSyncBatch) batch = _kindred_sync_batch_parse (good, strlen (good), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (_kindred_sync_batch_get_n_records (batch), ==, 2);
  }
  {
    g_autoptr(KindredStore) store = open_store (fixture, "good");
    g_autoptr(GBytes) bytes = g_bytes_new_static (good, strlen (good));
    g_autoptr(KindredEntry) entry = NULL;

    merge_bytes (store, bytes);
    entry = get_entry (store, "0b4bb9a4-5e41-4c8f-9a62-5d1b2f9d3c10");
    g_assert_cmpstr (kindred_entry_get_title (entry), ==, "é😀/ok");
    g_assert_cmpint (kindred_entry_get_mood (entry), ==, 3);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KindredSyncBatch) batch = NULL;

      batch = _kindred_sync_batch_parse (bad[i], strlen (bad[i]), &error);
      g_assert_null (batch);
      g_assert_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED);
    }
}

/* ---- Conflicts ---------------------------------------------------------------- */

static void
test_sync_conflict_concurrent (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autoptr(KindredEntry) entry = save_new (a, "Morning", "Slept well.", 4);
  g_autoptr(GBytes) file_a = NULL;
  g_autoptr(GBytes) file_b = NULL;
  g_autoptr(GBytes) first_a = export_bytes (a);
  g_autoptr(GPtrArray) copies_a = NULL;
  g_autoptr(GPtrArray) copies_b = NULL;
  g_autoptr(KindredEntry) copy = NULL;
  g_autoptr(KindredEntry) main_a = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  const char *uuid = kindred_entry_get_uuid (entry);
  KindredSyncCounts counts;

  merge_bytes (b, first_a);

  /* Sequential edits (B saw A's version): no copy. */
  edit_entry (b, uuid, "Morning", "Slept well, then a walk.");
  file_b = export_bytes (b);
  counts = merge_bytes (a, file_b);
  g_assert_cmpuint (counts.updated, ==, 1);
  g_assert_cmpuint (counts.conflicts, ==, 0);
  g_assert_cmpuint (count_conflicts (a), ==, 0);
  g_clear_pointer (&file_b, g_bytes_unref);

  /* Concurrent edits: neither saw the other. */
  edit_entry (a, uuid, "Morning", "A's words");
  edit_entry (b, uuid, "Morning", "B's words");
  file_a = export_bytes (a);
  file_b = export_bytes (b);
  counts = merge_bytes (a, file_b);
  g_assert_cmpuint (counts.conflicts, ==, 1);
  counts = merge_bytes (b, file_a);
  g_assert_cmpuint (counts.conflicts, ==, 1);

  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);

  /* B saved last: its words are the entry, A's the copy, on both devices. */
  main_a = get_entry (a, uuid);
  g_assert_cmpstr (kindred_entry_get_body (main_a), ==, "B's words");
  copies_a = _kindred_store_sync_list_conflicts (a, &error);
  g_assert_no_error (error);
  copies_b = _kindred_store_sync_list_conflicts (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (copies_a->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (copies_a, 0), ==, g_ptr_array_index (copies_b, 0));
  copy = get_entry (a, g_ptr_array_index (copies_a, 0));
  g_assert_cmpstr (kindred_entry_get_body (copy), ==, "A's words");
  g_assert_cmpstr (kindred_entry_get_conflict_of (copy), ==, uuid);

  /* The old files again, in any order: nothing new. */
  counts = merge_bytes (a, first_a);
  g_assert_cmpuint (counts.added + counts.updated + counts.conflicts, ==, 0);
  counts = merge_bytes (b, file_a);
  g_assert_cmpuint (counts.added + counts.updated + counts.conflicts, ==, 0);
  g_clear_pointer (&dump_a, g_free);
  dump_a = dump (a, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);
}

/* Resolving: keeping a copy makes it an entry everywhere; deleting it keeps it
 * deleted, even when an old file that still had it comes back. */
static void
test_sync_conflict_resolve (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autoptr(KindredEntry) one = save_new (a, "One", "first", 3);
  g_autoptr(KindredEntry) two = save_new (a, "Two", "second", 3);
  g_autoptr(GBytes) base = export_bytes (a);
  g_autoptr(GBytes) file_a = NULL;
  g_autoptr(GBytes) file_b = NULL;
  g_autoptr(GBytes) stale_a = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(KindredEntry) kept = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  char kept_uuid[37], deleted_uuid[37];

  merge_bytes (b, base);
  edit_entry (a, kindred_entry_get_uuid (one), "One", "a1");
  edit_entry (a, kindred_entry_get_uuid (two), "Two", "a2");
  edit_entry (b, kindred_entry_get_uuid (one), "One", "b1");
  edit_entry (b, kindred_entry_get_uuid (two), "Two", "b2");
  file_a = export_bytes (a);
  file_b = export_bytes (b);
  merge_bytes (a, file_b);
  merge_bytes (b, file_a);
  stale_a = export_bytes (a);
  g_assert_cmpuint (count_conflicts (a), ==, 2);

  copies = _kindred_store_sync_list_conflicts (a, &error);
  g_assert_no_error (error);
  {
    g_autoptr(KindredEntry) c0 = get_entry (a, g_ptr_array_index (copies, 0));

    if (g_strcmp0 (kindred_entry_get_conflict_of (c0), kindred_entry_get_uuid (one)) == 0)
      {
        g_strlcpy (kept_uuid, g_ptr_array_index (copies, 0), sizeof kept_uuid);
        g_strlcpy (deleted_uuid, g_ptr_array_index (copies, 1), sizeof deleted_uuid);
      }
    else
      {
        g_strlcpy (kept_uuid, g_ptr_array_index (copies, 1), sizeof kept_uuid);
        g_strlcpy (deleted_uuid, g_ptr_array_index (copies, 0), sizeof deleted_uuid);
      }
  }

  /* On A: keep one copy, delete the other. */
  _kindred_store_sync_keep_copy (a, kept_uuid, &error);
  g_assert_no_error (error);
  kindred_store_delete_entry (a, deleted_uuid, &error);
  g_assert_no_error (error);
  _kindred_store_sync_keep_copy (a, deleted_uuid, &error);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_conflicts (a), ==, 0);

  g_clear_pointer (&file_a, g_bytes_unref);
  file_a = export_bytes (a);
  merge_bytes (b, file_a);
  g_assert_cmpuint (count_conflicts (b), ==, 0);
  kept = get_entry (b, kept_uuid);
  g_assert_null (kindred_entry_get_conflict_of (kept));
  g_assert_false (kindred_entry_get_deleted (kept));
  g_clear_object (&kept);
  kept = get_entry (b, deleted_uuid);
  g_assert_true (kindred_entry_get_deleted (kept));

  /* An old file that still held both copies brings neither back. */
  merge_bytes (a, stale_a);
  merge_bytes (b, stale_a);
  merge_bytes (a, base);
  g_assert_cmpuint (count_conflicts (a), ==, 0);
  g_assert_cmpuint (count_conflicts (b), ==, 0);
  dump_a = dump (a, TRUE);
  g_clear_pointer (&file_b, g_bytes_unref);
  file_b = export_bytes (b);
  merge_bytes (a, file_b);
  g_clear_pointer (&dump_a, g_free);
  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);
}

/* A deletion and an edit that did not see each other: the later one wins, and
 * the edit's words are never lost. */
static void
test_sync_conflict_delete (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autoptr(KindredEntry) first = save_new (a, "First", "x", 3);
  g_autoptr(KindredEntry) second = save_new (a, "Second", "y", 3);
  g_autoptr(GBytes) base = export_bytes (a);
  g_autoptr(GBytes) file_a = NULL;
  g_autoptr(GBytes) file_b = NULL;
  g_autoptr(KindredEntry) back = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;

  merge_bytes (b, base);

  /* first: A deletes, then B edits (later): the edit wins, no copy needed. */
  kindred_store_delete_entry (a, kindred_entry_get_uuid (first), &error);
  g_assert_no_error (error);
  edit_entry (b, kindred_entry_get_uuid (first), "First", "B kept writing");
  /* second: B edits, then A deletes (later): deleted, B's words in a copy. */
  edit_entry (b, kindred_entry_get_uuid (second), "Second", "B's late thought");
  kindred_store_delete_entry (a, kindred_entry_get_uuid (second), &error);
  g_assert_no_error (error);

  file_a = export_bytes (a);
  file_b = export_bytes (b);
  merge_bytes (a, file_b);
  merge_bytes (b, file_a);
  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);

  back = get_entry (a, kindred_entry_get_uuid (first));
  g_assert_false (kindred_entry_get_deleted (back));
  g_assert_cmpstr (kindred_entry_get_body (back), ==, "B kept writing");
  g_clear_object (&back);
  back = get_entry (a, kindred_entry_get_uuid (second));
  g_assert_true (kindred_entry_get_deleted (back));

  copies = _kindred_store_sync_list_conflicts (a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (copies->len, ==, 1);
  g_clear_object (&back);
  back = get_entry (a, g_ptr_array_index (copies, 0));
  g_assert_cmpstr (kindred_entry_get_body (back), ==, "B's late thought");
  g_assert_cmpstr (kindred_entry_get_conflict_of (back), ==, kindred_entry_get_uuid (second));

  /* A deletion that saw the edit simply deletes. */
  kindred_store_delete_entry (b, kindred_entry_get_uuid (first), &error);
  g_assert_no_error (error);
  g_clear_pointer (&file_b, g_bytes_unref);
  file_b = export_bytes (b);
  {
    KindredSyncCounts counts = merge_bytes (a, file_b);

    g_assert_cmpuint (counts.deleted, ==, 1);
    g_assert_cmpuint (counts.conflicts, ==, 0);
  }
}

/* The same entry saved on two devices with the very same content (both imported
 * the same file: the importers derive an entry's uuid from it) is one entry, not
 * a conflict; and an edit on top of it is an ordinary edit. */
static void
test_sync_conflict_identical (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autoptr(GDateTime) created = g_date_time_new_utc (2025, 3, 1, 9, 30, 0);
  g_autoptr(GBytes) file_a = NULL;
  g_autoptr(GBytes) file_b = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  const char *uuid = "5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f";
  KindredSyncCounts counts;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(KindredEntry) entry = kindred_entry_new_with_uuid (uuid);

      kindred_entry_set_created_at (entry, created);
      kindred_entry_set_title (entry, "Imported");
      kindred_entry_set_body (entry, "From the old app");
      kindred_entry_set_mood (entry, 4);
      kindred_entry_set_emotion (entry, "calm", 3);
      kindred_store_save_entry (i == 0 ? a : b, entry, &error);
      g_assert_no_error (error);
    }

  file_a = export_bytes (a);
  file_b = export_bytes (b);
  counts = merge_bytes (a, file_b);
  g_assert_cmpuint (counts.conflicts, ==, 0);
  g_assert_cmpuint (counts.added + counts.updated, <=, 1);
  counts = merge_bytes (b, file_a);
  g_assert_cmpuint (counts.conflicts, ==, 0);
  g_assert_cmpuint (count_conflicts (a), ==, 0);
  g_assert_cmpuint (kindred_store_count_entries (a, NULL), ==, 1);
  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);

  /* An edit on one device, after both: taken on the other, no copy. */
  edit_entry (a, uuid, "Imported", "From the old app, and a note");
  g_clear_pointer (&file_a, g_bytes_unref);
  file_a = export_bytes (a);
  counts = merge_bytes (b, file_a);
  g_assert_cmpuint (counts.updated, ==, 1);
  g_assert_cmpuint (counts.conflicts, ==, 0);

  /* The other device's old file again: nothing. */
  counts = merge_bytes (b, file_b);
  g_assert_cmpuint (counts.conflicts + counts.updated + counts.added, ==, 0);
  g_assert_cmpuint (count_conflicts (b), ==, 0);
}

/* ---- Property test: three devices ---------------------------------------------- */

/* A model of what each simulated device has seen, kept apart from the code under
 * test: every saved version, and for each the versions its device had seen when
 * it was saved.  From it follows what the merged journal must hold. */

typedef struct
{
  guint       id;
  char       *uuid;
  KindredHlc  hlc;
  char       *device;
  gboolean    deleted;
  char       *title;
  char       *body;
  int         mood;
  GHashTable *seen;   /* version ids + 1, itself included */
} Version;

typedef struct
{
  KindredStore *store;
  GHashTable   *knowledge;  /* uuid → GHashTable of version ids + 1 */
} Device;

typedef struct
{
  GBytes     *bytes;
  GHashTable *knowledge;
} Snapshot;

typedef struct
{
  GPtrArray *versions;   /* Version */
  Device     devices[3];
  GPtrArray *snapshots;  /* Snapshot */
  GPtrArray *uuids;      /* every entry ever made */
  GRand     *rand;
} Model;

static void
version_free (gpointer data)
{
  Version *v = data;

  g_free (v->uuid);
  g_free (v->device);
  g_free (v->title);
  g_free (v->body);
  g_hash_table_unref (v->seen);
  g_free (v);
}

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new (NULL, NULL);
}

static GHashTable *
knowledge_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_hash_table_unref);
}

static GHashTable *
knowledge_of (GHashTable *knowledge,
              const char *uuid)
{
  GHashTable *set = g_hash_table_lookup (knowledge, uuid);

  if (set == NULL)
    {
      set = id_set_new ();
      g_hash_table_insert (knowledge, g_strdup (uuid), set);
    }
  return set;
}

static GHashTable *
knowledge_copy (GHashTable *knowledge)
{
  GHashTable *copy = knowledge_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, knowledge);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTable *set = knowledge_of (copy, key);
      GHashTableIter inner;
      gpointer id;

      g_hash_table_iter_init (&inner, value);
      while (g_hash_table_iter_next (&inner, &id, NULL))
        g_hash_table_add (set, id);
    }
  return copy;
}

static void
knowledge_merge (GHashTable *into,
                 GHashTable *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTable *set = knowledge_of (into, key);
      GHashTableIter inner;
      gpointer id;

      g_hash_table_iter_init (&inner, value);
      while (g_hash_table_iter_next (&inner, &id, NULL))
        g_hash_table_add (set, id);
    }
}

static void
snapshot_free (gpointer data)
{
  Snapshot *s = data;

  g_bytes_unref (s->bytes);
  g_hash_table_unref (s->knowledge);
  g_free (s);
}

static Version *
model_get (Model   *model,
           gpointer id)
{
  return g_ptr_array_index (model->versions, GPOINTER_TO_UINT (id) - 1);
}

static char *
dot_text (const Version *v)
{
  return g_strdup_printf ("%s=%" G_GUINT64_FORMAT, v->device, v->hlc);
}

/* The versions row @uuid stands for on @store (its own and those with the same
 * content), as "<device>=<hlc>" texts; NULL when there is no row. */
static GPtrArray *
row_dots (KindredStore *store,
          const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *dots = _kindred_store_sync_row_dots (store, uuid, &error);

  g_assert_no_error (error);
  return dots;
}

static gboolean
dots_contain (GPtrArray  *dots,
              const char *dot)
{
  return dots != NULL && g_ptr_array_find_with_equal_func (dots, dot, g_str_equal, NULL);
}

/* Whether version @v lives on in an untouched conflict copy on @store (as its
 * version or as one with the same content). */
static gboolean
has_live_copy (KindredStore *store,
               Version      *v)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) copies = _kindred_store_sync_list_conflicts (store, &error);
  g_autofree char *dot = dot_text (v);

  g_assert_no_error (error);
  for (guint i = 0; i < copies->len; i++)
    {
      g_autoptr(KindredEntry) copy = get_entry (store, g_ptr_array_index (copies, i));
      g_autoptr(GPtrArray) dots = NULL;
      char derived[37];

      if (g_strcmp0 (kindred_entry_get_conflict_of (copy), v->uuid) != 0)
        continue;
      _kindred_sync_copy_uuid (v->uuid, kindred_entry_get_hlc (copy),
                               kindred_entry_get_device_id (copy), derived);
      if (strcmp (derived, kindred_entry_get_uuid (copy)) != 0)
        continue;
      dots = row_dots (store, kindred_entry_get_uuid (copy));
      if (dots_contain (dots, dot))
        return TRUE;
    }
  return FALSE;
}

/* Records the save just made on device @d of entry @entry. */
static void
model_record (Model        *model,
              guint         d,
              KindredEntry *entry)
{
  Device *device = &model->devices[d];
  const char *uuid = kindred_entry_get_uuid (entry);
  GHashTable *known = knowledge_of (device->knowledge, uuid);
  Version *v = g_new0 (Version, 1);
  GHashTableIter iter;
  gpointer id;

  v->id = model->versions->len;
  v->uuid = g_strdup (uuid);
  v->hlc = kindred_entry_get_hlc (entry);
  v->device = g_strdup (kindred_entry_get_device_id (entry));
  v->deleted = kindred_entry_get_deleted (entry);
  v->title = g_strdup (kindred_entry_get_title (entry));
  v->body = g_strdup (kindred_entry_get_body (entry));
  v->mood = kindred_entry_get_mood (entry);
  v->seen = id_set_new ();

  /* The person edits what the entry shows; a version that lives on as a conflict
   * copy beside it is not what they wrote over. */
  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!has_live_copy (device->store, model_get (model, id)))
      g_hash_table_add (v->seen, id);
  g_hash_table_add (v->seen, GUINT_TO_POINTER (v->id + 1));

  g_ptr_array_add (model->versions, v);
  g_hash_table_add (known, GUINT_TO_POINTER (v->id + 1));
}

static const char * const words[] = { "calm", "rain", "tea", "walk", "late" };

static char *
random_text (GRand *rand)
{
  /* Few texts, so that two devices sometimes write the same words. */
  return g_strdup_printf ("%s %s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                          words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
}

/* A live entry of @store that is not a conflict copy, or NULL. */
static KindredEntry *
pick_entry (Model        *model,
            KindredStore *store)
{
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < model->uuids->len; i++)
    {
      KindredEntry *entry = kindred_store_get_entry (store, g_ptr_array_index (model->uuids, i),
                                                     NULL);

      if (entry == NULL)
        continue;
      if (kindred_entry_get_deleted (entry) || kindred_entry_get_conflict_of (entry) != NULL)
        g_object_unref (entry);
      else
        g_ptr_array_add (live, entry);
    }

  if (live->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (live, g_rand_int_range (model->rand, 0, live->len)));
}

static void
model_step (Model *model)
{
  g_autoptr(GError) error = NULL;
  guint d = g_rand_int_range (model->rand, 0, 3);
  Device *device = &model->devices[d];
  int what = g_rand_int_range (model->rand, 0, 100);

  if (what < 15)
    {
      g_autofree char *text = random_text (model->rand);
      g_autoptr(KindredEntry) entry = save_new (device->store, "new", text, 3);

      g_ptr_array_add (model->uuids, g_strdup (kindred_entry_get_uuid (entry)));
      model_record (model, d, entry);
    }
  else if (what < 45)
    {
      g_autoptr(KindredEntry) entry = pick_entry (model, device->store);
      g_autofree char *text = random_text (model->rand);

      if (entry == NULL)
        return;
      /* Sometimes only the mood: the text stays. */
      if (g_rand_boolean (model->rand))
        kindred_entry_set_body (entry, text);
      else
        kindred_entry_set_mood (entry, g_rand_int_range (model->rand, 1, 6));
      kindred_store_save_entry (device->store, entry, &error);
      g_assert_no_error (error);
      model_record (model, d, entry);
    }
  else if (what < 52)
    {
      g_autoptr(KindredEntry) entry = pick_entry (model, device->store);
      g_autoptr(KindredEntry) tombstone = NULL;

      if (entry == NULL)
        return;
      kindred_store_delete_entry (device->store, kindred_entry_get_uuid (entry), &error);
      g_assert_no_error (error);
      tombstone = get_entry (device->store, kindred_entry_get_uuid (entry));
      model_record (model, d, tombstone);
    }
  else if (what < 72)
    {
      Snapshot *s = g_new0 (Snapshot, 1);

      s->bytes = export_bytes (device->store);
      s->knowledge = knowledge_copy (device->knowledge);
      g_ptr_array_add (model->snapshots, s);
    }
  else if (model->snapshots->len > 0)
    {
      /* Any file ever written, the stale ones too. */
      Snapshot *s = g_ptr_array_index (model->snapshots,
                                       g_rand_int_range (model->rand, 0, model->snapshots->len));

      merge_bytes (device->store, s->bytes);
      knowledge_merge (device->knowledge, s->knowledge);
    }
}

/* Every device merges every other's current file until nothing changes. */
static void
model_converge (Model *model)
{
  for (guint round = 0; round < 10; round++)
    {
      GBytes *files[3];
      gboolean changed = FALSE;

      for (guint d = 0; d < 3; d++)
        files[d] = export_bytes (model->devices[d].store);
      for (guint d = 0; d < 3; d++)
        for (guint e = 0; e < 3; e++)
          if (d != e)
            {
              KindredSyncCounts counts = merge_bytes (model->devices[d].store, files[e]);

              changed |= counts.journal_changed;
              knowledge_merge (model->devices[d].knowledge, model->devices[e].knowledge);
            }
      for (guint d = 0; d < 3; d++)
        g_bytes_unref (files[d]);
      if (!changed && round > 0)
        return;
    }
  g_assert_not_reached ();
}

static int
compare_versions (const Version *a,
                  const Version *b)
{
  if (a->hlc != b->hlc)
    return a->hlc < b->hlc ? -1 : 1;
  return strcmp (a->device, b->device);
}

/* For sorting: the latest first. */
static int
compare_version_ptrs (gconstpointer a,
                      gconstpointer b)
{
  return compare_versions (*(Version * const *) b, *(Version * const *) a);
}

static gboolean
same_content (const Version *a,
              const Version *b)
{
  if (a->deleted || b->deleted)
    return a->deleted == b->deleted;
  return g_strcmp0 (a->title, b->title) == 0 && g_strcmp0 (a->body, b->body) == 0 &&
         a->mood == b->mood;
}

/* The row for @group (versions with one content) must stand for exactly them. */
static void
check_row_dots (KindredStore *store,
                const char   *row_uuid,
                GPtrArray    *group)
{
  g_autoptr(GPtrArray) dots = row_dots (store, row_uuid);

  g_assert_nonnull (dots);
  if (dots->len != group->len)
    {
      for (guint i = 0; i < group->len; i++)
        {
          g_autofree char *dot = dot_text (g_ptr_array_index (group, i));

          g_printerr ("expected %s\n", dot);
        }
      for (guint i = 0; i < dots->len; i++)
        g_printerr ("row has %s\n", (char *) g_ptr_array_index (dots, i));
      g_printerr ("row %s\n", row_uuid);
    }
  g_assert_cmpuint (dots->len, ==, group->len);
  for (guint i = 0; i < group->len; i++)
    {
      g_autofree char *dot = dot_text (g_ptr_array_index (group, i));

      g_assert_true (dots_contain (dots, dot));
    }
}

static void
print_versions (Model      *model,
                const char *uuid)
{
  for (guint j = 0; j < model->versions->len; j++)
    {
      Version *w = g_ptr_array_index (model->versions, j);
      GHashTableIter iter;
      gpointer id;
      g_autoptr(GString) seen = g_string_new (NULL);

      if (strcmp (w->uuid, uuid) != 0)
        continue;
      g_hash_table_iter_init (&iter, w->seen);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_string_append_printf (seen, " %u", GPOINTER_TO_UINT (id) - 1);
      g_printerr ("version %u %.8s=%" G_GUINT64_FORMAT " %s [%s] mood %d seen:%s\n", w->id,
                  w->device, w->hlc, w->deleted ? "deleted" : "", w->body, w->mood, seen->str);
    }
}

/* What the model says the journal must hold for entry @uuid, checked on @store.
 * The versions nobody saw (wrote over) are grouped by content: versions with the
 * same words and mood are one for the person (two devices that imported the same
 * file).  The entry is the group of the latest of them; every other group that is
 * not a deletion is a conflict copy named after its latest version; there is no
 * other copy; so no words are lost that were not written over. */
static void
check_entry (Model        *model,
             KindredStore *store,
             const char   *uuid)
{
  g_autoptr(GPtrArray) maximal = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(KindredEntry) main_entry = get_entry (store, uuid);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  Version *winner = NULL;
  guint n_copies = 0;

  for (guint i = 0; i < model->versions->len; i++)
    {
      Version *v = g_ptr_array_index (model->versions, i);
      gboolean overwritten = FALSE;

      if (strcmp (v->uuid, uuid) != 0)
        continue;
      for (guint j = 0; j < model->versions->len && !overwritten; j++)
        {
          Version *w = g_ptr_array_index (model->versions, j);

          overwritten = w != v && strcmp (w->uuid, uuid) == 0 &&
                        g_hash_table_contains (w->seen, GUINT_TO_POINTER (v->id + 1));
        }
      if (!overwritten)
        {
          g_ptr_array_add (maximal, v);
          if (winner == NULL || compare_versions (v, winner) > 0)
            winner = v;
        }
    }
  g_assert_nonnull (winner);

  /* Groups of one content; the latest of each first. */
  g_ptr_array_sort (maximal, (GCompareFunc) compare_version_ptrs);
  for (guint i = 0; i < maximal->len; i++)
    {
      Version *v = g_ptr_array_index (maximal, i);
      GPtrArray *group = NULL;

      for (guint j = 0; j < groups->len && group == NULL; j++)
        {
          GPtrArray *candidate = g_ptr_array_index (groups, j);

          if (same_content (g_ptr_array_index (candidate, 0), v))
            group = candidate;
        }
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group, v);
    }

  /* The entry itself: the latest of them, standing for its group. */
  g_assert_cmpuint (kindred_entry_get_hlc (main_entry), ==, winner->hlc);
  g_assert_cmpstr (kindred_entry_get_device_id (main_entry), ==, winner->device);
  g_assert_cmpint (kindred_entry_get_deleted (main_entry), ==, winner->deleted);
  if (!winner->deleted)
    {
      g_assert_cmpstr (kindred_entry_get_body (main_entry), ==, winner->body);
      g_assert_cmpint (kindred_entry_get_mood (main_entry), ==, winner->mood);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (groups, i);
      Version *latest = g_ptr_array_index (group, 0);
      g_autoptr(KindredEntry) copy = NULL;
      char copy_uuid[37];

      if (latest == winner)
        {
          g_autoptr(GPtrArray) with_deletions = g_ptr_array_copy (group, NULL, NULL);

          /* A live entry also stands for the deletions that lost beside it. */
          for (guint j = 0; !winner->deleted && j < groups->len; j++)
            {
              GPtrArray *other = g_ptr_array_index (groups, j);

              if (((Version *) g_ptr_array_index (other, 0))->deleted)
                g_ptr_array_extend (with_deletions, other, NULL, NULL);
            }
          if (g_getenv ("KINDRED_SYNC_TRACE") != NULL)
            print_versions (model, uuid);
          check_row_dots (store, uuid, with_deletions);
          continue;
        }
      if (latest->deleted)
        continue;

      _kindred_sync_copy_uuid (uuid, latest->hlc, latest->device, copy_uuid);
      copy = kindred_store_get_entry (store, copy_uuid, NULL);
      g_assert_nonnull (copy);
      g_assert_false (kindred_entry_get_deleted (copy));
      g_assert_cmpstr (kindred_entry_get_conflict_of (copy), ==, uuid);
      g_assert_cmpstr (kindred_entry_get_body (copy), ==, latest->body);
      g_assert_cmpstr (kindred_entry_get_title (copy), ==, latest->title);
      g_assert_cmpint (kindred_entry_get_mood (copy), ==, latest->mood);
      check_row_dots (store, copy_uuid, group);
      n_copies++;
    }

  /* And no copy beyond those. */
  conflicts = _kindred_store_sync_list_conflicts (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      g_autoptr(KindredEntry) copy = get_entry (store, g_ptr_array_index (conflicts, i));

      if (g_strcmp0 (kindred_entry_get_conflict_of (copy), uuid) == 0)
        n_copies--;
    }
  g_assert_cmpuint (n_copies, ==, 0);
}

static void
shuffle (GPtrArray *array,
         GRand     *rand)
{
  for (guint i = array->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer tmp = array->pdata[i - 1];

      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = tmp;
    }
}

/* For a failing comparison: the lines of two dumps that differ. */
static void
print_difference (const char *a,
                  const char *b)
{
  g_auto(GStrv) la = g_strsplit (a, "\n", -1);
  g_auto(GStrv) lb = g_strsplit (b, "\n", -1);

  for (guint i = 0; la[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) lb, la[i]))
      g_printerr ("- %s\n", la[i]);
  for (guint i = 0; lb[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) la, lb[i]))
      g_printerr ("+ %s\n", lb[i]);
}

/* Any set of files, in any order, any number of times: the same journal. */
static void
check_order_independence (Fixture *fixture,
                          Model   *model,
                          guint    seed)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autofree char *first = NULL;

  if (model->snapshots->len == 0)
    return;

  /* Every file ever written, or some of them. */
  for (guint i = 0; i < model->snapshots->len; i++)
    if (seed % 2 == 0 || g_rand_int_range (model->rand, 0, 3) == 0)
      g_ptr_array_add (chosen, g_ptr_array_index (model->snapshots, i));
  if (chosen->len == 0)
    g_ptr_array_add (chosen, g_ptr_array_index (model->snapshots, 0));

  for (guint trial = 0; trial < 3; trial++)
    {
      g_autofree char *name = g_strdup_printf ("order-%u-%u", seed, trial);
      g_autoptr(KindredStore) store = open_store (fixture, name);
      g_autoptr(GPtrArray) order = g_ptr_array_new ();
      g_autofree char *text = NULL;

      for (guint i = 0; i < chosen->len; i++)
        {
          g_ptr_array_add (order, g_ptr_array_index (chosen, i));
          /* Repeats, too. */
          if (g_rand_boolean (model->rand))
            g_ptr_array_add (order, g_ptr_array_index (chosen, i));
        }
      shuffle (order, model->rand);
      /* With KINDRED_SYNC_TRACE=1 the merges say what they decide (stamps only). */
      if (g_getenv ("KINDRED_SYNC_TRACE") != NULL)
        g_printerr ("sync trace: order trial %u\n", trial);
      for (guint i = 0; i < order->len; i++)
        merge_bytes (store, ((Snapshot *) g_ptr_array_index (order, i))->bytes);

      text = dump (store, TRUE);
      if (first == NULL)
        first = g_steal_pointer (&text);
      else
        {
          if (strcmp (text, first) != 0)
            {
              g_printerr ("order trial %u differs from the first:\n", trial);
              print_difference (first, text);
            }
          g_assert_cmpstr (text, ==, first);
        }
      kindred_store_close (store);
    }
}

static void
test_sync_merge_property (Fixture       *fixture,
                          gconstpointer  data)
{
  guint n_seeds = g_test_slow () ? 40 : 12;
  guint first = 1;
  guint n_steps = 80;
  const char *range = g_getenv ("KINDRED_TEST_SYNC_SEEDS");
  const char *steps = g_getenv ("KINDRED_TEST_SYNC_STEPS");

  /* "first:count", for long runs (issue 10's harness) and for replaying a seed. */
  if (range != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (range, ":", 2);

      first = (guint) g_ascii_strtoull (parts[0], NULL, 10);
      if (parts[1] != NULL)
        n_seeds = (guint) g_ascii_strtoull (parts[1], NULL, 10);
    }

  /* Longer histories per seed, e.g. 400. */
  if (steps != NULL)
    n_steps = (guint) g_ascii_strtoull (steps, NULL, 10);

  for (guint seed = first; seed < first + n_seeds; seed++)
    {
      Model model = { 0, };
      g_autofree char *dump0 = NULL;

      g_test_message ("seed %u", seed);
      model.versions = g_ptr_array_new_with_free_func (version_free);
      model.snapshots = g_ptr_array_new_with_free_func (snapshot_free);
      model.uuids = g_ptr_array_new_with_free_func (g_free);
      model.rand = g_rand_new_with_seed (seed);
      for (guint d = 0; d < 3; d++)
        {
          g_autofree char *name = g_strdup_printf ("seed-%u-device-%u", seed, d);

          model.devices[d].store = open_store (fixture, name);
          model.devices[d].knowledge = knowledge_new ();
        }

      for (guint step = 0; step < n_steps; step++)
        model_step (&model);

      check_order_independence (fixture, &model, seed);

      model_converge (&model);
      dump0 = dump (model.devices[0].store, TRUE);
      for (guint d = 1; d < 3; d++)
        {
          g_autofree char *other = dump (model.devices[d].store, TRUE);

          if (strcmp (other, dump0) != 0)
            print_difference (dump0, other);
          g_assert_cmpstr (other, ==, dump0);
        }
      for (guint i = 0; i < model.uuids->len; i++)
        check_entry (&model, model.devices[0].store, g_ptr_array_index (model.uuids, i));

      for (guint d = 0; d < 3; d++)
        {
          kindred_store_close (model.devices[d].store);
          g_object_unref (model.devices[d].store);
          g_hash_table_unref (model.devices[d].knowledge);
        }
      g_ptr_array_unref (model.versions);
      g_ptr_array_unref (model.snapshots);
      g_ptr_array_unref (model.uuids);
      g_rand_free (model.rand);
    }
}

/* ---- Files, through KindredSync ---------------------------------------------- */

static KindredSync *
new_sync (KindredStore *store)
{
  KindredSync *sync = kindred_sync_new (store);

  kindred_sync_set_auto_sync (sync, FALSE);
  kindred_sync_set_kdf_limits (sync, CHEAP_OPS, CHEAP_MEM);
  return sync;
}

static void
set_up_sync (KindredSync *sync,
             const char  *folder,
             const char  *passphrase,
             gboolean     remember)
{
  g_autoptr(GError) error = NULL;

  kindred_sync_set_up (sync, folder, passphrase, remember, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_sync_get_enabled (sync));
  g_assert_cmpstr (kindred_sync_get_folder (sync), ==, folder);
}

static KindredSyncResult *
run_sync (KindredSync *sync)
{
  g_autoptr(GError) error = NULL;
  KindredSyncResult *result = kindred_sync_run (sync, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  for (guint i = 0; i < kindred_sync_result_get_n_files (result); i++)
    {
      const GError *file_error = kindred_sync_result_get_file_error (result, i);

      if (file_error != NULL)
        g_error ("%s: %s", kindred_sync_result_get_file_name (result, i), file_error->message);
    }
  return result;
}

typedef struct
{
  GMainLoop         *loop;
  KindredSyncResult *result;
  GError            *error;
  guint              progress;
  guint              finished;
} AsyncRun;

static void
run_done_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->result = kindred_sync_run_finish (KINDRED_SYNC (source), res, &run->error);
  g_main_loop_quit (run->loop);
}

static void
progress_cb (KindredSync *sync,
             double       fraction,
             AsyncRun    *run)
{
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  run->progress++;
}

static void
finished_cb (KindredSync       *sync,
             KindredSyncResult *result,
             GError            *error,
             AsyncRun          *run)
{
  run->finished++;
}

static void
test_sync_run_two_journals (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autofree char *folder = make_subdir (fixture, "folder");
  g_autoptr(KindredSync) sync_a = new_sync (a);
  g_autoptr(KindredSync) sync_b = new_sync (b);
  g_autoptr(KindredSyncResult) result = NULL;
  g_autoptr(KindredEntry) shared = NULL;
  g_autoptr(KindredEntry) doomed = NULL;
  g_autofree char *own_a = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  g_autofree char *summary = NULL;
  AsyncRun async = { 0, };

  shared = save_new (a, "Shared", "Written on the laptop", 4);
  doomed = save_new (a, "Doomed", "To be deleted on the desktop", 2);
  g_object_unref (save_new (b, "Desktop", "Written on the desktop", 3));

  kindred_sync_set_device_name (sync_a, "Laptop");
  set_up_sync (sync_a, folder, PASSPHRASE, FALSE);
  set_up_sync (sync_b, folder, PASSPHRASE, FALSE);

  /* A goes first: nothing to read, its own file written. */
  result = run_sync (sync_a);
  g_assert_cmpuint (kindred_sync_result_get_n_files (result), ==, 0);
  g_assert_true (kindred_sync_result_get_wrote (result));
  own_a = g_build_filename (folder, kindred_sync_get_device_id (sync_a), NULL);
  {
    g_autofree char *path = g_strconcat (own_a, KINDRED_SYNC_SUFFIX, NULL);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  }
  g_clear_pointer (&result, kindred_sync_result_unref);

  /* B, through the async call: A's two entries come in. */
  async.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (sync_b, "progress", G_CALLBACK (progress_cb), &async);
  g_signal_connect (sync_b, "finished", G_CALLBACK (finished_cb), &async);
  kindred_sync_run_async (sync_b, NULL, run_done_cb, &async);
  g_assert_true (kindred_sync_get_busy (sync_b));
  g_main_loop_run (async.loop);
  g_assert_no_error (async.error);
  g_assert_false (kindred_sync_get_busy (sync_b));
  g_assert_cmpuint (kindred_sync_result_get_added (async.result), ==, 2);
  g_assert_cmpuint (kindred_sync_result_get_files_read (async.result), ==, 1);
  g_assert_cmpstr (kindred_sync_result_get_file_device (async.result, 0), ==, "Laptop");
  g_assert_true (kindred_sync_result_get_wrote (async.result));
  g_assert_cmpuint (async.progress, >=, 2);
  g_assert_cmpuint (async.finished, ==, 1);
  g_assert_true (kindred_sync_get_last_result (sync_b) == async.result);
  summary = kindred_sync_result_dup_summary (async.result);
  g_assert_cmpstr (summary, ==, "2 added");
  g_clear_pointer (&async.result, kindred_sync_result_unref);

  result = run_sync (sync_a);
  g_assert_cmpuint (kindred_sync_result_get_added (result), ==, 1);
  g_clear_pointer (&result, kindred_sync_result_unref);

  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);

  /* Edits on both sides, one of them concurrent. */
  edit_entry (a, kindred_entry_get_uuid (shared), "Shared", "Laptop's version");
  edit_entry (b, kindred_entry_get_uuid (shared), "Shared", "Desktop's version");
  kindred_store_delete_entry (b, kindred_entry_get_uuid (doomed), &error);
  g_assert_no_error (error);
  g_object_unref (save_new (a, "Another", "From the laptop again", 5));

  result = run_sync (sync_a);
  g_clear_pointer (&result, kindred_sync_result_unref);
  result = run_sync (sync_b);
  g_assert_cmpuint (kindred_sync_result_get_added (result), ==, 1);
  g_assert_cmpuint (kindred_sync_result_get_conflicts (result), ==, 1);
  g_clear_pointer (&result, kindred_sync_result_unref);
  result = run_sync (sync_a);
  g_assert_cmpuint (kindred_sync_result_get_deleted (result), ==, 1);
  g_assert_cmpuint (kindred_sync_result_get_conflicts (result), ==, 1);
  g_clear_pointer (&result, kindred_sync_result_unref);

  g_clear_pointer (&dump_a, g_free);
  g_clear_pointer (&dump_b, g_free);
  dump_a = dump (a, TRUE);
  dump_b = dump (b, TRUE);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpuint (kindred_store_count_entries (a, NULL), ==, 4);

  {
    g_autoptr(GPtrArray) conflicts = kindred_sync_list_conflicts (sync_a, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 1);
  }

  /* Nothing changed since: the other file is skipped, nothing is written. */
  result = run_sync (sync_a);
  g_assert_cmpuint (kindred_sync_result_get_files_read (result), ==, 1);
  g_assert_cmpuint (kindred_sync_result_get_added (result) +
                    kindred_sync_result_get_updated (result), ==, 0);
  g_assert_false (kindred_sync_result_get_wrote (result));
  g_clear_pointer (&summary, g_free);
  summary = kindred_sync_result_dup_summary (result);
  g_assert_cmpstr (summary, ==, "Everything is up to date");

  g_main_loop_unref (async.loop);
}

/* A second KindredSync for the same journal (the next launch, or `kindred --sync`)
 * knows the folder but not the passphrase. */
static void
test_sync_run_needs_passphrase (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autofree char *folder = make_subdir (fixture, "folder");
  g_autoptr(KindredSync) first = new_sync (a);
  g_autoptr(KindredSync) second = NULL;
  g_autoptr(KindredSyncResult) result = NULL;

  set_up_sync (first, folder, PASSPHRASE, FALSE);
  g_clear_object (&first);

  second = new_sync (a);
  g_assert_true (kindred_sync_get_enabled (second));
  g_assert_false (kindred_sync_has_passphrase (second));
  result = kindred_sync_run (second, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE);
  g_assert_true (g_error_matches (kindred_sync_get_last_error (second), KINDRED_SYNC_ERROR,
                                  KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE));
  g_clear_error (&error);

  kindred_sync_set_passphrase (second, PASSPHRASE, FALSE, &error);
  g_assert_no_error (error);
  result = run_sync (second);
  g_assert_true (kindred_sync_result_get_wrote (result));
  g_assert_null (kindred_sync_get_last_error (second));
}

static void
test_sync_run_keyring (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autofree char *folder = make_subdir (fixture, "folder");
  g_autoptr(KindredSync) first = new_sync (a);
  g_autoptr(KindredSync) second = NULL;
  g_autoptr(KindredSyncResult) result = NULL;
  char *stored;
  gboolean gone = FALSE;

  set_up_sync (first, folder, PASSPHRASE, TRUE);
  stored = kindred_keyring_lookup_sync_passphrase (kindred_store_get_device_id (a), folder,
                                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, PASSPHRASE);
  kindred_secret_free (stored);
  g_clear_object (&first);

  /* Headless: the passphrase comes from the keyring. */
  second = new_sync (a);
  g_assert_false (kindred_sync_has_passphrase (second));
  result = run_sync (second);
  g_assert_true (kindred_sync_result_get_wrote (result));
  g_assert_true (kindred_sync_has_passphrase (second));

  /* Turning sync off forgets the folder and the keyring item, and can take this
   * device's file away. */
  kindred_sync_forget (second, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (kindred_sync_get_enabled (second));
  g_assert_false (kindred_sync_has_passphrase (second));
  {
    g_autofree char *name = g_strconcat (kindred_sync_get_device_id (second),
                                         KINDRED_SYNC_SUFFIX, NULL);
    g_autofree char *path = g_build_filename (folder, name, NULL);

    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  /* The keyring item goes on a worker; wait until it is gone. */
  for (guint i = 0; i < 200 && !gone; i++)
    {
      g_autoptr(GError) lookup_error = NULL;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      stored = kindred_keyring_lookup_sync_passphrase (kindred_store_get_device_id (a), folder,
                                                       NULL, &lookup_error);
      if (stored == NULL && g_error_matches (lookup_error, KINDRED_KEYS_ERROR,
                                             KINDRED_KEYS_ERROR_KEY_MISSING))
        gone = TRUE;
      kindred_secret_free (stored);
      if (!gone)
        g_usleep (50000);
    }
  g_assert_true (gone);

  /* And a new KindredSync for the journal finds sync off. */
  g_clear_object (&second);
  second = new_sync (a);
  g_assert_false (kindred_sync_get_enabled (second));
  g_assert_null (kindred_sync_run (second, NULL, &error));
  g_assert_error (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NOT_SET_UP);
}

static void
test_sync_set_up_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autofree char *folder = make_subdir (fixture, "folder");
  g_autofree char *missing = g_build_filename (fixture->dir, "not-there", NULL);
  g_autoptr(KindredSync) sync_a = new_sync (a);
  g_autoptr(KindredSync) sync_b = new_sync (b);
  g_autoptr(KindredSyncResult) result = NULL;
  g_autofree char *message = NULL;

  set_up_sync (sync_a, folder, PASSPHRASE, FALSE);
  result = run_sync (sync_a);

  kindred_sync_set_up (sync_b, folder, "a different passphrase", FALSE, NULL, &error);
  g_assert_error (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WRONG_PASSPHRASE);
  g_assert_false (kindred_sync_get_enabled (sync_b));
  message = kindred_sync_describe_error (error);
  g_assert_nonnull (strstr (message, "same sync passphrase"));
  g_clear_error (&error);

  kindred_sync_set_up (sync_b, folder, "short", FALSE, NULL, &error);
  g_assert_error (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);

  kindred_sync_set_up (sync_b, missing, PASSPHRASE, FALSE, NULL, &error);
  g_assert_error (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_FOLDER);
  g_clear_error (&error);
  g_assert_false (kindred_sync_get_enabled (sync_b));

  /* The right one works. */
  set_up_sync (sync_b, folder, PASSPHRASE, FALSE);
}

/* ---- The bad-file corpus (tests/data/sync/) -------------------------------------- */

#define CORPUS_DEVICE  "5e7c1d2a-3b4f-4a6e-8c9d-0f1e2a3b4c5d"
#define CORPUS_STRATEGY "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"

typedef struct
{
  const char *name;
  GQuark      domain;
  int         code;
} CorpusFile;

static const CorpusFile *
corpus_files (guint *n)
{
  static CorpusFile files[16];
  guint i = 0;

#define FILE_(name_, domain_, code_) \
  files[i++] = (CorpusFile) { name_, domain_, code_ }
  FILE_ ("good.kindred-sync", 0, 0);
  FILE_ ("wrong-passphrase.kindred-sync", KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WRONG_PASSPHRASE);
  FILE_ ("newer-version.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_NEWER_VERSION);
  FILE_ ("truncated-middle.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_TRUNCATED);
  FILE_ ("truncated-at-chunk.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_TRUNCATED);
  FILE_ ("tampered-chunk.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_DECRYPT);
  FILE_ ("tampered-header.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_DECRYPT);
  FILE_ ("foreign-random.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_FOREIGN);
  FILE_ ("foreign-empty.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_FOREIGN);
  FILE_ ("foreign-json.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_FOREIGN);
  FILE_ ("wrong-kind.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_WRONG_KIND);
  FILE_ ("kdf-limits.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_KDF_LIMITS);
  FILE_ ("malformed-record.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED);
  FILE_ ("missing-end.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED);
  FILE_ ("unknown-strategy.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED);
  FILE_ ("no-device.kindred-sync", KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED);
#undef FILE_

  *n = i;
  return files;
}

/* An entry record of the corpus: uuid from the file's number and the entry's. */
static void
append_corpus_entry (GString    *out,
                     guint       file,
                     guint       index,
                     int         mood,
                     const char *body,
                     gboolean    with_strategy)
{
  /* @body is plain words: nothing in it needs escaping. */
  g_string_append_printf (out,
                          "{\"t\":\"entry\",\"uuid\":\"00000000-%04x-4000-8000-%012x\","
                          "\"created\":1767225600000000,\"hlc\":%" G_GUINT64_FORMAT ","
                          "\"device\":\"" CORPUS_DEVICE "\",\"mood\":%d,\"title\":\"Corpus\","
                          "\"body\":\"%s\"%s,\"lineage\":\"" CORPUS_DEVICE "=%" G_GUINT64_FORMAT "\"}\n",
                          file, index, (guint64) 115844640000000000ull + index, mood,
                          body,
                          with_strategy ? ",\"strategies\":[[\"" CORPUS_STRATEGY "\",3]]" : "",
                          (guint64) 115844640000000000ull + index);
}

static GString *
corpus_payload (guint    file,
                gboolean big,
                gboolean strategy)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  if (strategy)
    {
      g_string_append (out, "{\"t\":\"strategy\",\"uuid\":\"" CORPUS_STRATEGY "\",\"hlc\":"
                       "115844640000000000,\"device\":\"" CORPUS_DEVICE "\",\"cols\":{"
                       "\"name\":\"Slow walk\",\"category\":\"physical\",\"builtin\":0,"
                       "\"archived\":0,\"created_at\":1767225600000000}}\n");
      n++;
    }
  append_corpus_entry (out, file, 1, 4, "A calm evening.", strategy);
  append_corpus_entry (out, file, 2, 2, "A harder morning.", FALSE);
  n += 2;
  if (big)
    {
      /* More than one stream chunk (64 KiB). */
      g_autoptr(GString) body = g_string_new (NULL);

      while (body->len < 66 * 1024)
        g_string_append (body, "so many words ");
      append_corpus_entry (out, file, 3, 3, body->str, FALSE);
      n++;
    }
  g_string_append_printf (out, "{\"t\":\"end\",\"records\":%u}\n", n);
  return out;
}

static JsonObject *
corpus_header (const char *passphrase,
               KindredKey **key)
{
  g_autoptr(GError) error = NULL;
  JsonObject *header = json_object_new ();
  g_autofree char *check = NULL;

  *key = kindred_envelope_kdf_new_full (passphrase, CHEAP_OPS, CHEAP_MEM, header, &error);
  g_assert_no_error (error);
  check = kindred_key_check_value (*key);
  json_object_set_string_member (header, "device", CORPUS_DEVICE);
  json_object_set_string_member (header, "device_name", "Test laptop");
  json_object_set_int_member (header, "hlc", 115844640000000003);
  json_object_set_string_member (header, "generation", "7a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d");
  json_object_set_string_member (header, "written_at", "2026-01-01T00:00:00Z");
  json_object_set_string_member (header, "key_check", check);
  return header;
}

static void
write_corpus_envelope (const char *dir,
                       const char *name,
                       const char *kind,
                       gint        version,
                       JsonObject *header,
                       KindredKey *key,
                       GString    *payload)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(KindredEnvelopeWriter) writer = NULL;

  writer = kindred_envelope_writer_new (path, kind, version, header, key, &error);
  g_assert_no_error (error);
  kindred_envelope_writer_write (writer, payload->str, payload->len, &error);
  g_assert_no_error (error);
  kindred_envelope_writer_finish (g_steal_pointer (&writer), &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
write_bytes (const char   *dir,
             const char   *name,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
}

/* Where the first stream chunk ends: after the header line and its 4-byte length. */
static gsize
first_chunk_end (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  const guint8 *nl = memchr (data, '\n', len);
  gsize at = (gsize) (nl - data) + 1;
  guint32 chunk = ((guint32) data[at] << 24) | ((guint32) data[at + 1] << 16) |
                  ((guint32) data[at + 2] << 8) | data[at + 3];

  return at + 4 + chunk;
}

/* `test-sync --write-corpus DIR` writes tests/data/sync/; README.md there says what
 * each file is.  The files are kept in the tree so that a change of format shows. */
static void
write_corpus (const char *dir)
{
  guint file = 0;

  g_mkdir_with_parents (dir, 0755);

  /* One block per file (or group of files); each numbers its entries apart. */
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = corpus_payload (file, FALSE, TRUE);

    write_corpus_envelope (dir, "good.kindred-sync", "sync", 1, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header ("a different passphrase", &key);
    g_autoptr(GString) payload = corpus_payload (file, FALSE, TRUE);

    write_corpus_envelope (dir, "wrong-passphrase.kindred-sync", "sync", 1, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = corpus_payload (file, FALSE, TRUE);

    write_corpus_envelope (dir, "newer-version.kindred-sync", "sync", 2, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = corpus_payload (file, TRUE, FALSE);
    g_autoptr(GBytes) whole = NULL;
    gsize len, cut;
    const guint8 *data;

    write_corpus_envelope (dir, "big.tmp", "sync", 1, header, key, payload);
    whole = read_file (dir, "big.tmp");
    data = g_bytes_get_data (whole, &len);
    /* Cut inside the second chunk, and right after the first one. */
    cut = first_chunk_end (whole);
    g_assert_cmpuint (cut, <, len);
    write_bytes (dir, "truncated-middle.kindred-sync", data, cut + (len - cut) / 2);
    write_bytes (dir, "truncated-at-chunk.kindred-sync", data, cut);

    /* One bit changed in the last chunk. */
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);

      copy[len - 20] ^= 0x01;
      write_bytes (dir, "tampered-chunk.kindred-sync", copy, len);
    }
    {
      g_autofree char *tmp = g_build_filename (dir, "big.tmp", NULL);

      g_unlink (tmp);
    }
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = corpus_payload (file, FALSE, TRUE);
    g_autoptr(GBytes) whole = NULL;
    g_autofree guint8 *copy = NULL;
    guint8 *at;
    gsize len;

    write_corpus_envelope (dir, "tampered.tmp", "sync", 1, header, key, payload);
    whole = read_file (dir, "tampered.tmp");
    copy = g_memdup2 (g_bytes_get_data (whole, &len), len);
    /* The device's name in the header, same length: still well-formed JSON. */
    at = memmem (copy, len, "Test laptop", 11);
    g_assert_nonnull (at);
    memcpy (at, "Test lapTop", 11);
    write_bytes (dir, "tampered-header.kindred-sync", copy, len);
    {
      g_autofree char *tmp = g_build_filename (dir, "tampered.tmp", NULL);

      g_unlink (tmp);
    }
  }
  file++;
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (42);
    guint8 noise[4096];

    for (guint i = 0; i < sizeof noise; i++)
      noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
    write_bytes (dir, "foreign-random.kindred-sync", noise, sizeof noise);
    write_bytes (dir, "foreign-empty.kindred-sync", (const guint8 *) "", 0);
    write_bytes (dir, "foreign-json.kindred-sync",
                 (const guint8 *) "{\"hello\":\"world\"}\n", 18);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = corpus_payload (file, FALSE, TRUE);

    write_corpus_envelope (dir, "wrong-kind.kindred-sync", "share", 1, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = corpus_payload (file, FALSE, TRUE);
    JsonObject *kdf = json_object_get_object_member (header, "kdf");

    /* Far beyond the caps: refused before any Argon2id work. */
    json_object_set_int_member (kdf, "opslimit", 1000);
    write_corpus_envelope (dir, "kdf-limits.kindred-sync", "sync", 1, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = g_string_new (NULL);

    append_corpus_entry (payload, file, 1, 4, "Fine.", FALSE);
    append_corpus_entry (payload, file, 2, 9, "A mood of nine.", FALSE);
    g_string_append (payload, "{\"t\":\"end\",\"records\":2}\n");
    write_corpus_envelope (dir, "malformed-record.kindred-sync", "sync", 1, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = g_string_new (NULL);

    append_corpus_entry (payload, file, 1, 4, "The writer stopped.", FALSE);
    write_corpus_envelope (dir, "missing-end.kindred-sync", "sync", 1, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = g_string_new (NULL);

    append_corpus_entry (payload, file, 1, 4, "Fine.", FALSE);
    append_corpus_entry (payload, file, 2, 4, "Uses a strategy the file lacks.", TRUE);
    g_string_append (payload, "{\"t\":\"end\",\"records\":2}\n");
    /* Not even the good file's strategy: one nobody has. */
    g_string_replace (payload, CORPUS_STRATEGY, "0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c", 0);
    write_corpus_envelope (dir, "unknown-strategy.kindred-sync", "sync", 1, header, key, payload);
  }
  file++;
  {
    g_autoptr(KindredKey) key = NULL;
    g_autoptr(JsonObject) header = corpus_header (PASSPHRASE, &key);
    g_autoptr(GString) payload = corpus_payload (file, FALSE, TRUE);

    json_object_remove_member (header, "device");
    write_corpus_envelope (dir, "no-device.kindred-sync", "sync", 1, header, key, payload);
  }
}

static void
copy_file (const char *from_dir,
           const char *to_dir,
           const char *name)
{
  g_autoptr(GBytes) bytes = read_file (from_dir, name);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  write_bytes (to_dir, name, data, len);
}

static void
test_sync_files_bad (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autofree char *folder = make_subdir (fixture, "folder");
  g_autofree char *corpus = g_build_filename (g_getenv ("KINDRED_TEST_DATA"), "sync", NULL);
  g_autoptr(KindredSync) sync = new_sync (a);
  g_autoptr(KindredSyncResult) result = NULL;
  g_autoptr(KindredEntry) mine = save_new (a, "Mine", "My own entry", 3);
  g_autofree char *before = NULL;
  const CorpusFile *files;
  guint n_files;

  files = corpus_files (&n_files);
  set_up_sync (sync, folder, PASSPHRASE, FALSE);

  /* Each bad file alone: refused with its reason, the journal exactly as it was. */
  for (guint i = 1; i < n_files; i++)
    {
      g_autofree char *after = NULL;
      g_autofree char *path = g_build_filename (folder, files[i].name, NULL);
      g_autofree char *message = NULL;
      const GError *file_error;

      g_test_message ("%s", files[i].name);
      before = dump (a, TRUE);
      copy_file (corpus, folder, files[i].name);

      result = kindred_sync_run (sync, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kindred_sync_result_get_n_files (result), ==, 1);
      g_assert_cmpuint (kindred_sync_result_get_files_refused (result), ==, 1);
      file_error = kindred_sync_result_get_file_error (result, 0);
      g_assert_nonnull (file_error);
      if (file_error->domain != files[i].domain || file_error->code != files[i].code)
        g_error ("%s: %s (%s, %d)", files[i].name, file_error->message,
                 g_quark_to_string (file_error->domain), file_error->code);

      /* A sentence for a person: the device or the file, then why. */
      message = kindred_sync_result_dup_file_message (result, 0);
      g_assert_nonnull (message);
      g_assert_null (strstr (message, "A harder morning"));

      after = dump (a, TRUE);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (kindred_store_count_entries (a, NULL), ==, 1);

      g_unlink (path);
      g_clear_pointer (&before, g_free);
      g_clear_pointer (&result, kindred_sync_result_unref);
    }

  /* All of them beside a good one: the good one is merged, the rest refused. */
  for (guint i = 0; i < n_files; i++)
    copy_file (corpus, folder, files[i].name);
  result = kindred_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_sync_result_get_n_files (result), ==, n_files);
  g_assert_cmpuint (kindred_sync_result_get_files_read (result), ==, 1);
  g_assert_cmpuint (kindred_sync_result_get_added (result), ==, 2);
  g_assert_cmpuint (kindred_store_count_entries (a, NULL), ==, 3);
  {
    g_autofree char *summary = kindred_sync_result_dup_summary (result);

    g_assert_cmpstr (summary, ==, "2 added, 15 files could not be read");
  }
}

/* ---- Atomic writes under SIGKILL ------------------------------------------------ */

#define N_KILL_TRIALS 30
#define N_KILL_ENTRIES 1500

static int
run_kill_child (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredStore) store = NULL;
  g_autoptr(KindredSync) sync = NULL;
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autoptr(GPtrArray) page = NULL;
  char hex[80] = { 0 };
  gsize len = 0;

  while (len < sizeof hex - 1)
    {
      ssize_t n = read (STDIN_FILENO, hex + len, sizeof hex - 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      len += (gsize) n;
    }
  g_strstrip (hex);

  key = kindred_key_new_from_hex (hex, &error);
  store = key != NULL ? kindred_store_open (path, key, FALSE, NULL, &error) : NULL;
  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  sync = new_sync (store);
  kindred_sync_set_passphrase (sync, PASSPHRASE, FALSE, NULL);
  page = kindred_store_list_entries (store, 0, NULL, 1, &error);
  if (page == NULL || page->len == 0)
    return 1;

  /* Write, change, write again, until killed; each complete write is said. */
  for (guint i = 0;; i++)
    {
      g_autoptr(KindredSyncResult) result = NULL;
      g_autofree char *body = g_strdup_printf ("version %u", i);
      KindredEntry *entry = g_ptr_array_index (page, 0);

      kindred_entry_set_body (entry, body);
      if (!kindred_store_save_entry (store, entry, &error))
        return 1;
      result = kindred_sync_run (sync, NULL, &error);
      if (result == NULL)
        {
          g_printerr ("child: %s\n", error->message);
          return 1;
        }
      g_print ("wrote %u\n", i);
      fflush (stdout);
    }

  return 0;
}

/* The file under its final name must open whole with the passphrase. */
static void
check_file_opens (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEnvelopeReader) reader = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredSyncBatch) batch = NULL;
  g_autoptr(GByteArray) clear = g_byte_array_new ();

  reader = kindred_envelope_reader_open (path, "sync", KINDRED_SYNC_FORMAT_VERSION, &error);
  g_assert_no_error (error);
  key = kindred_envelope_kdf_derive (PASSPHRASE, kindred_envelope_reader_get_header (reader),
                                     &error);
  g_assert_no_error (error);
  kindred_envelope_reader_set_key (reader, key, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GBytes) chunk = kindred_envelope_reader_read (reader, &error);
      gsize size;
      const guint8 *data;

      g_assert_no_error (error);
      if (chunk == NULL)
        break;
      data = g_bytes_get_data (chunk, &size);
      g_byte_array_append (clear, data, (guint) size);
    }
  batch = _kindred_sync_batch_parse ((const char *) clear->data, clear->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_kindred_sync_batch_get_n_records (batch), ==, N_KILL_ENTRIES);
}

static void
test_sync_write_atomic_sigkill (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autofree char *dir = make_subdir (fixture, "journal");
  g_autofree char *folder = make_subdir (fixture, "folder");
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *own_path = NULL;
  guint ever_written = 0;
  guint left_behind = 0;

  g_assert_nonnull (self_path);

  {
    g_autoptr(KindredStore) store = kindred_store_open (path, key, TRUE, NULL, &error);
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(KindredSync) sync = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < N_KILL_ENTRIES; i++)
      {
        KindredEntry *entry = kindred_entry_new ();
        g_autofree char *body = g_strdup_printf ("Entry %u, long enough to make the file "
                                                 "take a little while to write: %s", i,
                                                 "the quick brown fox jumps over the lazy dog");

        kindred_entry_set_body (entry, body);
        g_ptr_array_add (entries, entry);
      }
    kindred_store_save_entries (store, entries, &error);
    g_assert_no_error (error);
    sync = new_sync (store);
    set_up_sync (sync, folder, PASSPHRASE, FALSE);
    own_path = g_strconcat (folder, "/", kindred_sync_get_device_id (sync), KINDRED_SYNC_SUFFIX,
                            NULL);
    kindred_store_close (store);
  }

  for (guint trial = 0; trial < N_KILL_TRIALS; trial++)
    {
      const char *argv[] = { self_path, "--sync-kill-child", dir, NULL };
      g_autoptr(GDir) listing = NULL;
      GPid pid;
      int stdin_fd, stdout_fd, status;
      char *hex;
      char buf[4096];
      guint reported = 0;
      const char *name;

      g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &stdin_fd, &stdout_fd, NULL, &error);
      g_assert_no_error (error);
      hex = kindred_key_to_hex (key);
      g_assert_cmpint (write (stdin_fd, hex, strlen (hex)), ==, (gssize) strlen (hex));
      kindred_secret_free (hex);
      close (stdin_fd);

      /* Anywhere: during the open, the first write, or any later one. */
      g_usleep ((gulong) g_test_rand_int_range (20000, 1500000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      if (WIFEXITED (status))
        g_error ("the child stopped by itself (%d)", WEXITSTATUS (status));
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      for (;;)
        {
          ssize_t n = read (stdout_fd, buf, sizeof buf);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          for (ssize_t i = 0; i < n; i++)
            reported += buf[i] == '\n';
        }
      close (stdout_fd);
      ever_written += reported;
      g_test_message ("trial %u: %u writes finished", trial, reported);

      /* Under a final name only whole files; the last complete one is there. */
      if (ever_written > 0)
        g_assert_true (g_file_test (own_path, G_FILE_TEST_IS_REGULAR));
      listing = g_dir_open (folder, 0, &error);
      g_assert_no_error (error);
      while ((name = g_dir_read_name (listing)) != NULL)
        if (g_str_has_suffix (name, KINDRED_SYNC_SUFFIX))
          {
            g_autofree char *file = g_build_filename (folder, name, NULL);

            check_file_opens (file);
          }
    }

  {
    g_autoptr(GDir) listing = g_dir_open (folder, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (listing)) != NULL)
      left_behind += name[0] == '.';
  }

  /* Temporary files a kill left (never under a final name): proof that kills
   * landed inside writes too.  Reported, not asserted: where a kill lands is
   * chance. */
  g_test_message ("%u writes finished; %u temporary files left by kills", ever_written,
                  left_behind);

  /* The kills must have hit both between writes and inside them. */
  g_assert_cmpuint (ever_written, >, 0);
}

/* ---- Automatic sync ---------------------------------------------------------- */

static void
auto_finished_cb (KindredSync       *sync,
                  KindredSyncResult *result,
                  GError            *error,
                  gpointer           user_data)
{
  AsyncRun *run = user_data;

  if (result != NULL && kindred_sync_result_get_added (result) > 0)
    {
      run->finished++;
      g_main_loop_quit (run->loop);
    }
}

static gboolean
give_up_cb (gpointer user_data)
{
  AsyncRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

/* A change on one device reaches the other with nobody pressing a button: the
 * first writes its file after the change, the second's folder watch sees it. */
static void
test_sync_auto (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KindredStore) a = open_store (fixture, "a");
  g_autoptr(KindredStore) b = open_store (fixture, "b");
  g_autofree char *folder = make_subdir (fixture, "folder");
  g_autoptr(KindredSync) sync_a = new_sync (a);
  g_autoptr(KindredSync) sync_b = new_sync (b);
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(KindredEntry) arrived = NULL;
  AsyncRun run = { 0, };
  guint give_up;

  set_up_sync (sync_a, folder, PASSPHRASE, FALSE);
  set_up_sync (sync_b, folder, PASSPHRASE, FALSE);
  kindred_sync_set_auto_sync (sync_a, TRUE);
  kindred_sync_set_auto_sync (sync_b, TRUE);

  run.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (sync_b, "finished", G_CALLBACK (auto_finished_cb), &run);
  entry = save_new (a, "Automatic", "No button pressed", 4);

  /* Not a timing assertion: a bound, so that a broken watch fails, not hangs. */
  give_up = g_timeout_add_seconds (120, give_up_cb, &run);
  g_main_loop_run (run.loop);
  g_source_remove (give_up);
  g_assert_cmpuint (run.finished, ==, 1);

  arrived = get_entry (b, kindred_entry_get_uuid (entry));
  g_assert_cmpstr (kindred_entry_get_body (arrived), ==, "No button pressed");

  kindred_sync_set_auto_sync (sync_a, FALSE);
  kindred_sync_set_auto_sync (sync_b, FALSE);
  g_main_loop_unref (run.loop);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--sync-kill-child") == 0)
    return run_kill_child (argv[2]);
  if (argc == 3 && strcmp (argv[1], "--write-corpus") == 0)
    {
      write_corpus (argv[2]);
      return 0;
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/records/round-trip", Fixture, NULL,
              fixture_set_up, test_sync_records_round_trip, fixture_tear_down);
  g_test_add ("/sync/records/pages", Fixture, NULL,
              fixture_set_up, test_sync_records_pages, fixture_tear_down);
  g_test_add ("/sync/records/malformed", Fixture, NULL,
              fixture_set_up, test_sync_records_malformed, fixture_tear_down);
  g_test_add ("/sync/conflict/concurrent", Fixture, NULL,
              fixture_set_up, test_sync_conflict_concurrent, fixture_tear_down);
  g_test_add ("/sync/conflict/resolve", Fixture, NULL,
              fixture_set_up, test_sync_conflict_resolve, fixture_tear_down);
  g_test_add ("/sync/conflict/delete", Fixture, NULL,
              fixture_set_up, test_sync_conflict_delete, fixture_tear_down);
  g_test_add ("/sync/conflict/identical", Fixture, NULL,
              fixture_set_up, test_sync_conflict_identical, fixture_tear_down);
  g_test_add ("/sync/merge/property", Fixture, NULL,
              fixture_set_up, test_sync_merge_property, fixture_tear_down);
  g_test_add ("/sync/run/two-journals", Fixture, NULL,
              fixture_set_up, test_sync_run_two_journals, fixture_tear_down);
  g_test_add ("/sync/run/needs-passphrase", Fixture, NULL,
              fixture_set_up, test_sync_run_needs_passphrase, fixture_tear_down);
  g_test_add ("/sync/run/keyring", Fixture, NULL,
              fixture_set_up, test_sync_run_keyring, fixture_tear_down);
  g_test_add ("/sync/set-up/refused", Fixture, NULL,
              fixture_set_up, test_sync_set_up_refused, fixture_tear_down);
  g_test_add ("/sync/files/bad", Fixture, NULL,
              fixture_set_up, test_sync_files_bad, fixture_tear_down);
  g_test_add ("/sync/write/atomic-sigkill", Fixture, NULL,
              fixture_set_up, test_sync_write_atomic_sigkill, fixture_tear_down);
  g_test_add ("/sync/auto", Fixture, NULL,
              fixture_set_up, test_sync_auto, fixture_tear_down);

  return g_test_run ();
}

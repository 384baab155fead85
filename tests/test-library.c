/* test-library.c: the built-in library of coping strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kindred-core.h"

static KindredStrategyLibrary *
load_library (void)
{
  g_autoptr(GError) error = NULL;
  KindredStrategyLibrary *library;

  library = kindred_strategy_library_new (&error);
  g_assert_no_error (error);
  g_assert_nonnull (library);
  return library;
}

static void
test_library_load (void)
{
  g_autoptr(KindredStrategyLibrary) library = load_library ();
  GListModel *strategies = kindred_strategy_library_get_strategies (library);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) used_categories = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (strategies);

  g_assert_cmpint (kindred_strategy_library_get_version (library), >=, 1);
  g_assert_cmpuint (g_list_model_get_item_type (strategies), ==, KINDRED_TYPE_STRATEGY_INFO);
  g_assert_cmpuint (n, >=, 20);
  g_assert_cmpuint (kindred_strategy_library_get_n_categories (library), >=, 8);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredStrategyInfo) info = g_list_model_get_item (strategies, i);
      const char *id = kindred_strategy_info_get_id (info);
      const KindredStrategyCategory *category;

      /* Journals link to built-in strategies by this uuid, forever. */
      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_true (g_hash_table_add (ids, (gpointer) id));

      category = kindred_strategy_library_lookup_category (library,
                                                           kindred_strategy_info_get_category (info));
      g_assert_nonnull (category);
      g_assert_cmpstr (category->name, !=, "");
      g_hash_table_add (used_categories, category->id);

      g_assert_cmpstr (kindred_strategy_info_get_name (info), !=, "");
      g_assert_cmpstr (kindred_strategy_info_get_description (info), !=, "");
      g_assert_cmpstr (kindred_strategy_info_get_when (info), !=, "");
      g_assert_cmpuint (g_strv_length ((GStrv) kindred_strategy_info_get_steps (info)), >=, 1);
      g_assert_cmpuint (kindred_strategy_info_get_minutes_min (info), >=, 1);
      g_assert_cmpuint (kindred_strategy_info_get_minutes_min (info), <=,
                        kindred_strategy_info_get_minutes_max (info));

      g_assert_true (kindred_strategy_library_lookup (library, id) == info);
      g_assert_true (kindred_strategy_library_lookup (library,
                                                      kindred_strategy_info_get_slug (info)) == info);
    }

  /* Every category has strategies (an empty one would be an empty page). */
  g_assert_cmpuint (g_hash_table_size (used_categories), ==,
                    kindred_strategy_library_get_n_categories (library));
  for (guint i = 0; i < kindred_strategy_library_get_n_categories (library); i++)
    {
      const KindredStrategyCategory *category = kindred_strategy_library_get_category (library, i);
      g_autoptr(GListModel) in_category =
        kindred_strategy_library_dup_category_strategies (library, category->id);

      g_assert_cmpuint (g_list_model_get_n_items (in_category), >=, 1);
    }

  g_assert_null (kindred_strategy_library_lookup (library, "no-such-strategy"));
}

static void
test_library_guided (void)
{
  g_autoptr(KindredStrategyLibrary) library = load_library ();
  GListModel *strategies = kindred_strategy_library_get_strategies (library);
  guint n_breathing = 0, n_grounding = 0;

  for (guint i = 0; i < g_list_model_get_n_items (strategies); i++)
    {
      g_autoptr(KindredStrategyInfo) info = g_list_model_get_item (strategies, i);

      switch (kindred_strategy_info_get_guided_kind (info))
        {
        case KINDRED_GUIDED_BREATHING:
          n_breathing++;
          g_assert_cmpuint (kindred_strategy_info_get_inhale (info), >=, 1);
          g_assert_cmpuint (kindred_strategy_info_get_exhale (info), >=, 1);
          g_assert_cmpuint (kindred_strategy_info_get_cycles (info), >=, 1);
          g_assert_cmpuint (kindred_strategy_info_get_hold (info), <=, 20);
          g_assert_cmpuint (kindred_strategy_info_get_hold_after (info), <=, 20);
          g_assert_cmpuint (g_strv_length ((GStrv) kindred_strategy_info_get_prompts (info)), ==, 0);
          break;
        case KINDRED_GUIDED_GROUNDING:
          n_grounding++;
          g_assert_cmpuint (g_strv_length ((GStrv) kindred_strategy_info_get_prompts (info)), >=, 1);
          g_assert_cmpuint (kindred_strategy_info_get_cycles (info), ==, 0);
          break;
        case KINDRED_GUIDED_NONE:
        default:
          g_assert_cmpuint (kindred_strategy_info_get_inhale (info), ==, 0);
          break;
        }
    }

  g_assert_cmpuint (n_breathing, >=, 2);
  g_assert_cmpuint (n_grounding, >=, 1);

  /* Box breathing is four, four, four, four. */
  {
    KindredStrategyInfo *box = kindred_strategy_library_lookup (library, "box-breathing");
    guint inhale, hold, exhale, hold_after;
    int kind;

    g_assert_nonnull (box);
    g_object_get (box, "inhale", &inhale, "hold", &hold, "exhale", &exhale,
                  "hold-after", &hold_after, "guided-kind", &kind, NULL);
    g_assert_cmpint (kind, ==, KINDRED_GUIDED_BREATHING);
    g_assert_cmpuint (inhale, ==, 4);
    g_assert_cmpuint (hold, ==, 4);
    g_assert_cmpuint (exhale, ==, 4);
    g_assert_cmpuint (hold_after, ==, 4);
  }
}

static void
assert_invalid (const char *json,
                const char *what)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStrategyLibrary) library = NULL;

  library = kindred_strategy_library_new_from_bytes (bytes, &error);
  g_assert_null (library);
  g_assert_error (error, KINDRED_STRATEGY_LIBRARY_ERROR, KINDRED_STRATEGY_LIBRARY_ERROR_INVALID);
  if (what != NULL && strstr (error->message, what) == NULL)
    g_error ("expected “%s” in: %s", what, error->message);
}

#define CATEGORY "{\"id\": \"breathing\", \"name\": \"Breathing\", \"description\": \"Slow breaths.\"}"
#define STRATEGY(id, category, guided) \
  "{\"id\": \"" id "\", \"slug\": \"s-" id "\", \"category\": \"" category "\"," \
  " \"name\": \"N\", \"description\": \"D\", \"steps\": [\"S\"]," \
  " \"minutes\": {\"min\": 1, \"max\": 2}, \"when\": \"W\"" guided "}"
#define UUID_A "b2ac9a7d-b1d8-48e5-a926-239c5a417e4b"
#define UUID_B "0f0c2a47-51b0-4c1e-8d3e-6f6a3c9b1d20"

/* What the C code relies on is checked when the library loads, so a bad edit of
 * the JSON fails the build's tests rather than the exercise. */
static void
test_library_invalid (void)
{
  g_autoptr(GBytes) good_bytes = NULL;
  g_autoptr(KindredStrategyLibrary) good = NULL;
  g_autoptr(GError) error = NULL;
  const char *good_json =
    "{\"format\": 1, \"version\": 1, \"categories\": [" CATEGORY "], \"strategies\": ["
    STRATEGY (UUID_A, "breathing", ", \"guided\": {\"kind\": \"breathing\", \"inhale\": 4,"
              " \"hold\": 0, \"exhale\": 6, \"hold_after\": 0, \"cycles\": 3}") "]}";

  good_bytes = g_bytes_new_static (good_json, strlen (good_json));
  good = kindred_strategy_library_new_from_bytes (good_bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_strategy_info_get_exhale (
                      kindred_strategy_library_lookup (good, UUID_A)), ==, 6);

  assert_invalid ("not json", "/");
  assert_invalid ("{\"format\": 2, \"version\": 1, \"categories\": [" CATEGORY "],"
                  " \"strategies\": [" STRATEGY (UUID_A, "breathing", "") "]}", "format");
  assert_invalid ("{\"format\": 1, \"version\": 1, \"categories\": [" CATEGORY "],"
                  " \"strategies\": [" STRATEGY (UUID_A, "no-such-category", "") "]}",
                  "strategies[0].category");
  assert_invalid ("{\"format\": 1, \"version\": 1, \"categories\": [" CATEGORY "],"
                  " \"strategies\": [" STRATEGY (UUID_A, "breathing", "") ","
                  STRATEGY (UUID_A, "breathing", "") "]}", "strategies[1].");
  assert_invalid ("{\"format\": 1, \"version\": 1, \"categories\": [" CATEGORY "],"
                  " \"strategies\": [" STRATEGY ("not-a-uuid", "breathing", "") "]}",
                  "strategies[0].id");
  assert_invalid ("{\"format\": 1, \"version\": 1, \"categories\": [" CATEGORY "],"
                  " \"strategies\": [" STRATEGY (UUID_B, "breathing",
                  ", \"guided\": {\"kind\": \"breathing\", \"inhale\": 0, \"hold\": 0,"
                  " \"exhale\": 6, \"hold_after\": 0, \"cycles\": 3}") "]}",
                  "guided.inhale");
  assert_invalid ("{\"format\": 1, \"version\": 1, \"categories\": [" CATEGORY "],"
                  " \"strategies\": [" STRATEGY (UUID_B, "breathing",
                  ", \"guided\": {\"kind\": \"breathing\", \"inhale\": \"4\", \"hold\": 0,"
                  " \"exhale\": 6, \"hold_after\": 0, \"cycles\": 3}") "]}",
                  "guided.inhale");
  assert_invalid ("{\"format\": 1, \"version\": 1, \"categories\": [" CATEGORY "],"
                  " \"strategies\": [" STRATEGY (UUID_B, "breathing",
                  ", \"guided\": {\"kind\": \"grounding\", \"prompts\": []}") "]}",
                  "guided.prompts");
}

/* Seeding into a real encrypted journal */

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

  fixture->dir = g_dir_make_tmp ("kindred-library-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->journal_path = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->key = kindred_key_new_random ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GDir *dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->journal_path);
  kindred_key_unref (fixture->key);
}

static guint
count_builtin (KindredStore *store,
               guint        *n_all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strategies = NULL;
  guint n_builtin = 0;

  strategies = kindred_store_list_strategies (store, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < strategies->len; i++)
    if (kindred_strategy_get_builtin (strategies->pdata[i]))
      n_builtin++;

  *n_all = strategies->len;
  return n_builtin;
}

static guint64
hlc_of (KindredStore *store,
        const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStrategy) strategy = kindred_store_get_strategy (store, uuid, &error);

  g_assert_no_error (error);
  return kindred_strategy_get_hlc (strategy);
}

static void
test_library_seed_idempotent (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(KindredStrategyLibrary) library = load_library ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = NULL;
  g_autoptr(KindredEntry) entry = NULL;
  GListModel *strategies = kindred_strategy_library_get_strategies (library);
  guint n = g_list_model_get_n_items (strategies);
  g_autoptr(KindredStrategyInfo) first = g_list_model_get_item (strategies, 0);
  const char *first_id = kindred_strategy_info_get_id (first);
  guint64 first_hlc;
  guint n_all;

  store = kindred_store_open (fixture->journal_path, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_builtin (store, &n_all), ==, 0);

  g_assert_true (kindred_strategy_library_seed (library, store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_builtin (store, &n_all), ==, n);
  g_assert_cmpuint (n_all, ==, n);
  first_hlc = hlc_of (store, first_id);
  {
    g_autoptr(KindredStrategy) stored = kindred_store_get_strategy (store, first_id, &error);

    g_assert_no_error (error);
    /* The English text, so the journal does not change with the locale. */
    g_assert_cmpstr (kindred_strategy_get_name (stored), ==,
                     kindred_strategy_info_get_name_msgid (first));
    g_assert_cmpstr (kindred_strategy_get_category (stored), ==,
                     kindred_strategy_info_get_category (first));
  }

  /* Every built-in strategy can be linked from an entry. */
  entry = kindred_entry_new ();
  kindred_entry_set_body (entry, "seeded");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredStrategyInfo) info = g_list_model_get_item (strategies, i);

      kindred_entry_set_strategy (entry, kindred_strategy_info_get_id (info), i % 5);
    }
  g_assert_true (kindred_store_save_entry (store, entry, &error));
  g_assert_no_error (error);

  /* Again, as on every unlock: no new rows, no new stamps (sync would see those as
   * changes), and the entry's links still hold. */
  g_assert_true (kindred_strategy_library_seed (library, store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_builtin (store, &n_all), ==, n);
  g_assert_cmpuint (n_all, ==, n);
  g_assert_cmpuint (hlc_of (store, first_id), ==, first_hlc);
  kindred_store_close (store);
  g_clear_object (&store);

  /* And once more after reopening the file. */
  store = kindred_store_open (fixture->journal_path, fixture->key, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_strategy_library_seed (library, store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_builtin (store, &n_all), ==, n);
  g_assert_cmpuint (n_all, ==, n);
  g_assert_cmpuint (hlc_of (store, first_id), ==, first_hlc);
  {
    g_autoptr(KindredEntry) reread = kindred_store_get_entry (store, kindred_entry_get_uuid (entry),
                                                              &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kindred_entry_get_n_strategies (reread), ==, n);
  }
  kindred_store_close (store);
}

/* The person's own strategies carry what a built-in one has: category, steps,
 * roughly how long and when it may help, through the journal and back. */
static void
assert_strv (const char * const *actual,
             const char * const *expected)
{
  if (expected == NULL)
    {
      g_assert_null (actual);
      return;
    }
  g_assert_nonnull (actual);
  g_assert_cmpuint (g_strv_length ((char **) actual), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (actual[i], ==, expected[i]);
}

static void
test_library_own_strategy_fields (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char * const typed[] = {
    "Run the cold tap.", "   ", "Splash your face\nthree times. ", "", NULL,
  };
  static const char * const kept[] = {
    "Run the cold tap.", "Splash your face three times.", NULL,
  };
  g_autoptr(KindredStrategyLibrary) library = load_library ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStore) store = NULL;
  g_autoptr(KindredStrategy) strategy = kindred_strategy_new ();
  g_autoptr(KindredStrategy) stored = NULL;
  g_autoptr(KindredStrategy) builtin = NULL;
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(KindredEntry) reread = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(KindredStrategyInfo) first = NULL;
  g_autofree char *uuid = g_strdup (kindred_strategy_get_uuid (strategy));
  gboolean found = FALSE;
  guint64 hlc;
  int helped = -1;

  store = kindred_store_open (fixture->journal_path, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_strategy_library_seed (library, store, &error));
  g_assert_no_error (error);

  /* The object keeps each step on one line and leaves out the empty ones, and a
   * single length is not a range */
  kindred_strategy_set_name (strategy, "Cold water");
  kindred_strategy_set_category (strategy, "grounding");
  kindred_strategy_set_description (strategy, "Cold water on my face.");
  kindred_strategy_set_steps (strategy, typed);
  assert_strv (kindred_strategy_get_steps (strategy), kept);
  kindred_strategy_set_minutes (strategy, 2, 0);
  g_assert_cmpuint (kindred_strategy_get_minutes_min (strategy), ==, 2);
  g_assert_cmpuint (kindred_strategy_get_minutes_max (strategy), ==, 2);
  kindred_strategy_set_when (strategy, "When a feeling is too big to think.");
  g_assert_true (kindred_store_save_strategy (store, strategy, &error));
  g_assert_no_error (error);
  hlc = kindred_strategy_get_hlc (strategy);

  /* Read back after the file was closed and opened again */
  kindred_store_close (store);
  g_clear_object (&store);
  store = kindred_store_open (fixture->journal_path, fixture->key, FALSE, NULL, &error);
  g_assert_no_error (error);
  stored = kindred_store_get_strategy (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_strategy_get_name (stored), ==, "Cold water");
  g_assert_cmpstr (kindred_strategy_get_category (stored), ==, "grounding");
  g_assert_cmpstr (kindred_strategy_get_description (stored), ==, "Cold water on my face.");
  assert_strv (kindred_strategy_get_steps (stored), kept);
  g_assert_cmpuint (kindred_strategy_get_minutes_min (stored), ==, 2);
  g_assert_cmpuint (kindred_strategy_get_minutes_max (stored), ==, 2);
  g_assert_cmpstr (kindred_strategy_get_when (stored), ==, "When a feeling is too big to think.");
  g_assert_false (kindred_strategy_get_builtin (stored));
  g_assert_cmpuint (kindred_strategy_get_hlc (stored), ==, hlc);

  listed = kindred_store_list_strategies (store, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    {
      KindredStrategy *s = g_ptr_array_index (listed, i);

      if (g_strcmp0 (kindred_strategy_get_uuid (s), uuid) != 0)
        continue;
      found = TRUE;
      assert_strv (kindred_strategy_get_steps (s), kept);
      g_assert_cmpuint (kindred_strategy_get_minutes_max (s), ==, 2);
      g_assert_cmpstr (kindred_strategy_get_when (s), ==, "When a feeling is too big to think.");
    }
  g_assert_true (found);

  /* A built-in strategy keeps none of its own: its text comes from the library */
  first = g_list_model_get_item (kindred_strategy_library_get_strategies (library), 0);
  builtin = kindred_store_get_strategy (store, kindred_strategy_info_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_null (kindred_strategy_get_steps (builtin));
  g_assert_cmpuint (kindred_strategy_get_minutes_min (builtin), ==, 0);
  g_assert_cmpuint (kindred_strategy_get_minutes_max (builtin), ==, 0);
  g_assert_null (kindred_strategy_get_when (builtin));

  /* An entry uses it; then it is edited to a range and archived: the entry keeps
   * its link, and the strategy its fields */
  entry = kindred_entry_new ();
  kindred_entry_set_body (entry, "cold water");
  kindred_entry_set_strategy (entry, uuid, 3);
  g_assert_true (kindred_store_save_entry (store, entry, &error));
  g_assert_no_error (error);
  kindred_strategy_set_minutes (stored, 5, 10);
  g_assert_true (kindred_store_save_strategy (store, stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_strategy_get_hlc (stored), >, hlc);
  g_assert_true (kindred_store_archive_strategy (store, uuid, TRUE, &error));
  g_assert_no_error (error);
  g_clear_object (&strategy);
  strategy = kindred_store_get_strategy (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_strategy_get_archived (strategy));
  g_assert_cmpuint (kindred_strategy_get_minutes_min (strategy), ==, 5);
  g_assert_cmpuint (kindred_strategy_get_minutes_max (strategy), ==, 10);
  assert_strv (kindred_strategy_get_steps (strategy), kept);
  reread = kindred_store_get_entry (store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_entry_get_n_strategies (reread), ==, 1);
  g_assert_cmpstr (kindred_entry_get_strategy (reread, 0, &helped), ==, uuid);
  g_assert_cmpint (helped, ==, 3);

  /* Cleared again: nothing left behind */
  kindred_strategy_set_category (strategy, NULL);
  kindred_strategy_set_steps (strategy, NULL);
  kindred_strategy_set_minutes (strategy, 0, 0);
  kindred_strategy_set_when (strategy, NULL);
  g_assert_true (kindred_store_save_strategy (store, strategy, &error));
  g_assert_no_error (error);
  g_clear_object (&stored);
  stored = kindred_store_get_strategy (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_null (kindred_strategy_get_category (stored));
  g_assert_null (kindred_strategy_get_steps (stored));
  g_assert_cmpuint (kindred_strategy_get_minutes_min (stored), ==, 0);
  g_assert_cmpuint (kindred_strategy_get_minutes_max (stored), ==, 0);
  g_assert_null (kindred_strategy_get_when (stored));
  g_assert_true (kindred_strategy_get_archived (stored));

  kindred_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/load/bundled", test_library_load);
  g_test_add_func ("/library/load/guided", test_library_guided);
  g_test_add_func ("/library/load/invalid", test_library_invalid);
  g_test_add ("/library/seed/idempotent", Fixture, NULL,
              fixture_set_up, test_library_seed_idempotent, fixture_tear_down);
  g_test_add ("/library/own-strategy/fields", Fixture, NULL,
              fixture_set_up, test_library_own_strategy_fields, fixture_tear_down);

  return g_test_run ();
}

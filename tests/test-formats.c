/* test-formats.c: plain export and import (Kindred JSON, Markdown, jrnl, Daylio)
 * against real SQLCipher journals in fresh folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kindred-core.h"

/* Every sample that has a record which must never reach a message carries it. */
#define SECRET "SECRET-WORDS-OF-THE-ENTRY"

typedef struct
{
  char         *dir;
  KindredKey   *key;
  KindredStore *store;    /* the journal exported from */
  KindredStore *other;    /* an empty one imported into */
} Fixture;

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-formats-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->key = kindred_key_new_random ();

  first = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->store = kindred_store_open (first, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);
  second = g_build_filename (fixture->dir, "other.db", NULL);
  fixture->other = kindred_store_open (second, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  kindred_store_close (fixture->store);
  kindred_store_close (fixture->other);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->other);
  kindred_key_unref (fixture->key);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
sample (const char *name)
{
  const char *root = g_getenv ("KINDRED_TEST_DATA");

  g_assert_nonnull (root);
  return g_build_filename (root, "formats", name, NULL);
}

static char *
tmp_path (Fixture    *fixture,
          const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static guint
count (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = kindred_store_count_entries (store, &error);

  g_assert_no_error (error);
  return n;
}

/* The whole journal as the plain export sees it: the fingerprint of "unchanged". */
static char *
export_text (Fixture      *fixture,
             KindredStore *store,
             const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path (fixture, name);

  g_assert_true (kindred_export_json (store, path, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return read_text (path);
}

/* prepare + run; returns the importer whatever happened, @error set on failure. */
static KindredImporter *
import (KindredStore   *store,
        const char     *path,
        KindredFormat   format,
        GError        **error)
{
  g_autoptr(KindredImporter) importer = kindred_importer_new (store, path, format);

  if (kindred_importer_prepare (importer, NULL, error))
    kindred_importer_run (importer, NULL, NULL, NULL, error);

  return g_steal_pointer (&importer);
}

static GDateTime *
utc (int year, int month, int day, int hour, int minute, double seconds)
{
  return g_date_time_new_utc (year, month, day, hour, minute, seconds);
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

/* All live entries, oldest first. */
static GPtrArray *
all_entries (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = kindred_store_list_entries (store, 0, NULL, 10000, &error);

  g_assert_no_error (error);
  for (guint i = 0, j = entries->len > 0 ? entries->len - 1 : 0; i < j; i++, j--)
    {
      gpointer tmp = entries->pdata[i];

      entries->pdata[i] = entries->pdata[j];
      entries->pdata[j] = tmp;
    }
  return entries;
}

/* A journal with every field Kindred has, and the awkward texts. */
static void
fill_journal (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStrategy) own = kindred_strategy_new_with_uuid ("0b8f2f4c-7a55-4e43-8e3e-5f0f0d6c9a11");
  g_autoptr(KindredStrategy) archived = kindred_strategy_new_with_uuid ("9d1b7c2e-1f3a-4b5c-8d6e-7f8a9b0c1d2e");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  const char *triggers[] = { "work", "Family", "late night", NULL };
  KindredEntry *entry;
  g_autoptr(GDateTime) t1 = utc (2023, 12, 31, 23, 59, 59.123456);
  g_autoptr(GDateTime) t2 = utc (2024, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) t3 = utc (2024, 2, 29, 12, 30, 15.5);

  g_assert_true (kindred_store_add_strategy (store, "5c0b3a52-0c1d-4a8e-9a7b-2f61d7a6c001",
                                             "Box breathing", "breathing", "In for four.", TRUE,
                                             &error));
  g_assert_no_error (error);
  kindred_strategy_set_name (own, "Call my sister");
  kindred_strategy_set_category (own, "reaching out");
  {
    const char *steps[] = { "Find a quiet room", "Say \"it's me\" and how you are", NULL };

    /* The v4 details travel too: the round trip below compares whole exports. */
    kindred_strategy_set_steps (own, steps);
    kindred_strategy_set_minutes (own, 10, 30);
    kindred_strategy_set_when (own, "When the evening feels long");
  }
  g_assert_true (kindred_store_save_strategy (store, own, &error));
  g_assert_no_error (error);
  kindred_strategy_set_name (archived, "Old habit \"quoted\"");
  g_assert_true (kindred_store_save_strategy (store, archived, &error));
  g_assert_no_error (error);
  g_assert_true (kindred_store_archive_strategy (store, kindred_strategy_get_uuid (archived), TRUE,
                                                 &error));
  g_assert_no_error (error);

  entry = kindred_entry_new ();
  kindred_entry_set_created_at (entry, t1);
  kindred_entry_set_mood (entry, 4);
  kindred_entry_set_title (entry, "New year's eve ✨ \"quoted\" \\ back");
  kindred_entry_set_body (entry, "Line one\nLine two\twith a tab\r\nand a bell \x07 and ümlauts");
  kindred_entry_set_emotion (entry, "joy", 4);
  kindred_entry_set_emotion (entry, "worry", 1);
  kindred_entry_set_triggers (entry, triggers);
  kindred_entry_set_strategy (entry, "5c0b3a52-0c1d-4a8e-9a7b-2f61d7a6c001", 4);
  kindred_entry_set_strategy (entry, kindred_strategy_get_uuid (own), 0);
  kindred_entry_set_strategy (entry, kindred_strategy_get_uuid (archived), 2);
  g_ptr_array_add (entries, entry);

  entry = kindred_entry_new ();
  kindred_entry_set_created_at (entry, t2);
  kindred_entry_set_body (entry, "No mood, no title.");
  g_ptr_array_add (entries, entry);

  entry = kindred_entry_new ();
  kindred_entry_set_created_at (entry, t3);
  kindred_entry_set_mood (entry, 1);
  kindred_entry_set_title (entry, "");
  g_ptr_array_add (entries, entry);

  g_assert_true (kindred_store_save_entries (store, entries, &error));
  g_assert_no_error (error);

  /* A deleted entry is not exported. */
  entry = kindred_entry_new ();
  kindred_entry_set_body (entry, "gone");
  g_assert_true (kindred_store_save_entry (store, entry, &error));
  g_assert_no_error (error);
  g_assert_true (kindred_store_delete_entry (store, kindred_entry_get_uuid (entry), &error));
  g_assert_no_error (error);
  g_object_unref (entry);
}

/* Kindred JSON */

static void
test_json_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = tmp_path (fixture, "first.json");
  GStatBuf st;

  fill_journal (fixture->store);
  first = export_text (fixture, fixture->store, "first.json");
  g_assert_nonnull (strstr (first, "\"format\": \"kindred-journal\""));
  g_assert_null (strstr (first, "gone"));
  g_assert_nonnull (strstr (first, "\"when\": \"When the evening feels long\""));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  importer = import (fixture->other, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_importer_get_format (importer), ==, KINDRED_FORMAT_KINDRED_JSON);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 3);
  g_assert_cmpuint (kindred_importer_get_n_duplicates (importer), ==, 0);
  g_assert_cmpuint (kindred_importer_get_n_rejected (importer), ==, 0);

  second = export_text (fixture, fixture->other, "second.json");
  g_assert_cmpstr (first, ==, second);

  /* The same, field by field, where bytes could hide a difference. */
  before = all_entries (fixture->store);
  after = all_entries (fixture->other);
  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    {
      KindredEntry *a = g_ptr_array_index (before, i);
      KindredEntry *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (kindred_entry_get_uuid (a), ==, kindred_entry_get_uuid (b));
      g_assert_true (g_date_time_equal (kindred_entry_get_created_at (a),
                                        kindred_entry_get_created_at (b)));
      g_assert_true (g_date_time_equal (kindred_entry_get_updated_at (a),
                                        kindred_entry_get_updated_at (b)));
      g_assert_cmpint (kindred_entry_get_mood (a), ==, kindred_entry_get_mood (b));
      g_assert_cmpstr (kindred_entry_get_title (a), ==, kindred_entry_get_title (b));
      g_assert_cmpstr (kindred_entry_get_body (a), ==, kindred_entry_get_body (b));
      g_assert_cmpuint (kindred_entry_get_n_strategies (a), ==, kindred_entry_get_n_strategies (b));
      g_assert_cmpuint (kindred_entry_get_n_emotions (a), ==, kindred_entry_get_n_emotions (b));
    }

  {
    g_autoptr(KindredStrategy) strategy =
      kindred_store_get_strategy (fixture->other, "9d1b7c2e-1f3a-4b5c-8d6e-7f8a9b0c1d2e", &error);

    g_assert_no_error (error);
    g_assert_true (kindred_strategy_get_archived (strategy));
    g_assert_false (kindred_strategy_get_builtin (strategy));
  }
}

static void
test_json_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) first = NULL;
  g_autoptr(KindredImporter) second = NULL;
  g_autofree char *path = tmp_path (fixture, "export.json");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *summary = NULL;

  fill_journal (fixture->store);
  g_free (export_text (fixture, fixture->store, "export.json"));

  first = import (fixture->other, path, KINDRED_FORMAT_KINDRED_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (first), ==, 3);
  before = export_text (fixture, fixture->other, "before.json");

  second = import (fixture->other, path, KINDRED_FORMAT_KINDRED_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (second), ==, 0);
  g_assert_cmpuint (kindred_importer_get_n_duplicates (second), ==, 3);
  after = export_text (fixture, fixture->other, "after.json");
  g_assert_cmpstr (before, ==, after);

  summary = kindred_importer_dup_summary (second);
  g_assert_nonnull (strstr (summary, "0 entries added"));
  g_assert_nonnull (strstr (summary, "3 already in your journal"));
}

/* The journal's own version of an entry wins over the file's, always. */
static void
test_json_keeps_journal (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(KindredEntry) entry = NULL;
  g_autofree char *path = sample ("kindred-sample.json");

  importer = import (fixture->other, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 2);
  g_clear_object (&importer);

  entry = get_entry (fixture->other, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  g_assert_cmpstr (kindred_entry_get_title (entry), ==, "A long Tuesday");
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 2);
  g_assert_cmpint (kindred_entry_get_emotion_intensity (entry, "tired"), ==, 4);
  g_assert_cmpstr (kindred_entry_get_triggers (entry)[0], ==, "work");
  g_assert_cmpuint (kindred_entry_get_n_strategies (entry), ==, 1);
  kindred_entry_set_title (entry, "Edited since");
  g_assert_true (kindred_store_save_entry (fixture->other, entry, &error));
  g_assert_no_error (error);
  g_assert_true (kindred_store_delete_entry (fixture->other, "2c5f39cb-3fb2-42e3-994f-1127e4ddb538",
                                             &error));
  g_assert_no_error (error);

  importer = import (fixture->other, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 0);
  g_assert_cmpuint (kindred_importer_get_n_duplicates (importer), ==, 2);

  g_clear_object (&entry);
  entry = get_entry (fixture->other, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  g_assert_cmpstr (kindred_entry_get_title (entry), ==, "Edited since");
  /* A deletion is not undone by importing an old copy. */
  g_assert_cmpuint (count (fixture->other), ==, 1);
}

/* jrnl */

static void
test_jrnl_sample (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *path = sample ("jrnl-sample.json");
  g_autoptr(GDateTime) expected = NULL;
  KindredEntry *entry;
  const char * const *triggers;

  g_assert_cmpint (kindred_format_detect (path, &error), ==, KINDRED_FORMAT_JRNL_JSON);
  g_assert_no_error (error);

  importer = import (fixture->store, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 3);

  entries = all_entries (fixture->store);
  g_assert_cmpuint (entries->len, ==, 3);

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (kindred_entry_get_title (entry), ==, "This is the first sample entry");
  g_assert_cmpstr (kindred_entry_get_body (entry), ==,
                   "This is the sample body text of the first sample entry.");
  /* jrnl's times are the writer's wall clock. */
  expected = g_date_time_new_local (2020, 6, 28, 18, 22, 0);
  g_assert_true (g_date_time_equal (kindred_entry_get_created_at (entry), expected));
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, KINDRED_MOOD_NONE);

  entry = g_ptr_array_index (entries, 1);
  triggers = kindred_entry_get_triggers (entry);
  g_assert_cmpstr (triggers[0], ==, "tag");
  g_assert_cmpstr (triggers[1], ==, "work");
  g_assert_cmpstr (triggers[2], ==, "starred");
  g_assert_null (triggers[3]);
  g_assert_nonnull (strstr (kindred_entry_get_body (entry), "\nAnd a second line"));

  /* The same file again: recognised by the uuids derived from the content. */
  g_clear_object (&importer);
  importer = import (fixture->store, path, KINDRED_FORMAT_JRNL_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 0);
  g_assert_cmpuint (kindred_importer_get_n_duplicates (importer), ==, 3);
  g_assert_cmpuint (count (fixture->store), ==, 3);
}

static void
test_jrnl_single_entry (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autofree char *path = sample ("jrnl-single-entry.json");

  importer = import (fixture->store, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_importer_get_format (importer), ==, KINDRED_FORMAT_JRNL_JSON);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 1);
}

/* Daylio */

static KindredEntry *
entry_at (GPtrArray *entries,
          int        year,
          int        month,
          int        day,
          int        hour,
          int        minute)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (year, month, day, hour, minute, 0);

  for (guint i = 0; i < entries->len; i++)
    if (g_date_time_equal (kindred_entry_get_created_at (g_ptr_array_index (entries, i)), when))
      return g_ptr_array_index (entries, i);

  g_assert_not_reached ();
}

static void
test_daylio_english (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *path = sample ("daylio-en.csv");
  g_auto(GStrv) moods = NULL;
  g_auto(GStrv) activities = NULL;
  KindredEntry *entry;
  const char * const *triggers;

  g_assert_cmpint (kindred_format_detect (path, &error), ==, KINDRED_FORMAT_DAYLIO_CSV);
  g_assert_no_error (error);

  importer = kindred_importer_new (fixture->store, path, KINDRED_FORMAT_AUTO);
  g_assert_true (kindred_importer_prepare (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_entries (importer), ==, 6);
  /* Nothing is written before run. */
  g_assert_cmpuint (count (fixture->store), ==, 0);

  moods = kindred_importer_dup_mood_names (importer);
  g_assert_cmpuint (g_strv_length (moods), ==, 6);
  g_assert_cmpstr (moods[0], ==, "rad");
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "rad"), ==, 5);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "good"), ==, 4);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "meh"), ==, 3);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "bad"), ==, 2);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "AWFUL"), ==, 1);
  g_assert_true (kindred_importer_is_mood_standard (importer, "awful"));
  /* "sad " in the file: trimmed, custom, proposed from its word. */
  g_assert_false (kindred_importer_is_mood_standard (importer, "sad"));
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "sad"), ==, 2);

  activities = kindred_importer_dup_activities (importer);
  g_assert_cmpstr (activities[0], ==, "work");
  g_assert_true (g_strv_contains ((const char * const *) activities, "movies / tv"));
  g_assert_true (g_strv_contains ((const char * const *) activities, "tired"));

  g_assert_true (kindred_importer_run (importer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 6);

  entries = all_entries (fixture->store);
  /* 12-hour times, midnight and noon included. */
  entry = entry_at (entries, 2020, 5, 30, 18, 50);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 5);
  g_assert_cmpstr (kindred_entry_get_body (entry), ==, "Awesome");
  g_assert_null (kindred_entry_get_title (entry));
  triggers = kindred_entry_get_triggers (entry);
  g_assert_cmpstr (triggers[0], ==, "friends");
  g_assert_cmpstr (triggers[3], ==, "nap");

  entry = entry_at (entries, 2020, 5, 30, 0, 5);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 3);
  g_assert_null (kindred_entry_get_body (entry));

  entry = entry_at (entries, 2020, 5, 29, 12, 38);
  g_assert_cmpstr (kindred_entry_get_body (entry), ==, "Went out\nfor lunch & a coffee");

  /* A multi-line quoted note with doubled quotes and a comma. */
  entry = entry_at (entries, 2020, 5, 30, 13, 8);
  g_assert_cmpstr (kindred_entry_get_title (entry), ==, "A walk");
  g_assert_cmpstr (kindred_entry_get_body (entry), ==,
                   "Life is beautiful.\nThe second line of the note, with \"quotes\", a comma\n\n"
                   "and an empty line before this one.");

  /* 24-hour time in the same file. */
  entry = entry_at (entries, 2020, 5, 25, 14, 58);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 1);

  entry = entry_at (entries, 2021, 9, 28, 22, 0);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 2);
  triggers = kindred_entry_get_triggers (entry);
  g_assert_cmpstr (triggers[4], ==, "tired");

  /* Twice: nothing more. */
  g_clear_object (&importer);
  importer = import (fixture->store, path, KINDRED_FORMAT_DAYLIO_CSV, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 0);
  g_assert_cmpuint (kindred_importer_get_n_duplicates (importer), ==, 6);
  g_assert_cmpuint (count (fixture->store), ==, 6);
}

static void
test_daylio_german (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *path = sample ("daylio-de.csv");
  KindredEntry *entry;

  g_assert_cmpint (kindred_format_detect (path, &error), ==, KINDRED_FORMAT_DAYLIO_CSV);
  g_assert_no_error (error);

  importer = kindred_importer_new (fixture->store, path, KINDRED_FORMAT_AUTO);
  g_assert_true (kindred_importer_prepare (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "Super"), ==, 5);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "gut"), ==, 4);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "Ok"), ==, 3);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "Schlecht"), ==, 2);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "Einfach scheiße"), ==, 1);
  g_assert_true (kindred_importer_is_mood_standard (importer, "Einfach scheiße"));

  g_assert_true (kindred_importer_run (importer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 5);

  entries = all_entries (fixture->store);
  entry = entry_at (entries, 2023, 3, 12, 21, 15);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 5);
  g_assert_cmpstr (kindred_entry_get_title (entry), ==, "Schöner Tag");
  /* CRLF inside the quoted note arrives as it was written. */
  g_assert_cmpstr (kindred_entry_get_body (entry), ==, "Mit Anna im Park.\r\nDanach Kuchen.");
  g_assert_cmpstr (kindred_entry_get_triggers (entry)[1], ==, "Sport");

  entry = entry_at (entries, 2023, 3, 8, 23, 59);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 1);
}

static void
test_daylio_custom_moods (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *path = sample ("daylio-custom-moods.csv");
  g_auto(GStrv) moods = NULL;
  KindredEntry *entry;

  importer = kindred_importer_new (fixture->store, path, KINDRED_FORMAT_AUTO);
  g_assert_true (kindred_importer_prepare (importer, NULL, &error));
  g_assert_no_error (error);

  moods = kindred_importer_dup_mood_names (importer);
  g_assert_cmpuint (g_strv_length (moods), ==, 7);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "vaguely ok"), ==, 3);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "vaguely bad"), ==, 2);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "helpless"), ==, 2);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "tired"), ==, 2);
  /* No word to go by: the middle, for the user to change. */
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "laughing"), ==, 3);
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "unknown mood"), ==, 0);

  /* The user's choices. */
  g_assert_true (kindred_importer_set_mood_mapping (importer, "laughing", 5));
  g_assert_true (kindred_importer_set_mood_mapping (importer, "rested", 4));
  g_assert_true (kindred_importer_set_mood_mapping (importer, "Helpless", 1));
  g_assert_false (kindred_importer_set_mood_mapping (importer, "not in the file", 4));

  g_assert_true (kindred_importer_run (importer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 7);

  entries = all_entries (fixture->store);
  entry = entry_at (entries, 2026, 4, 12, 13, 0);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 5);
  entry = entry_at (entries, 2026, 4, 12, 14, 3);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 1);
  /* Scales are kept in the body; "12:00 PM" is noon. */
  entry = entry_at (entries, 2026, 4, 12, 12, 0);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 4);
  g_assert_cmpstr (kindred_entry_get_body (entry), ==,
                   "Testing the note.\n\nSleep Quality: 8/10 points | Sleep Time: 8:00");
  entry = entry_at (entries, 2026, 3, 30, 20, 18);
  g_assert_cmpstr (kindred_entry_get_body (entry), ==, "Who knows.\n\nAm I [[virtual]]?");
  entry = entry_at (entries, 2026, 3, 29, 9, 30);
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 5);
}

static void
test_daylio_old_layout (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *path = sample ("daylio-old.csv");

  importer = import (fixture->store, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 3);
  entries = all_entries (fixture->store);
  g_assert_cmpstr (kindred_entry_get_body (entry_at (entries, 2018, 5, 18, 23, 54)), ==,
                   "Went to a party");
  g_assert_cmpint (kindred_entry_get_mood (entry_at (entries, 2018, 5, 16, 23, 41)), ==, 1);
}

static void
test_daylio_activities_as_strategies (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(KindredImporter) again = NULL;
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(KindredStrategy) walk = kindred_strategy_new ();
  g_autofree char *path = sample ("daylio-en.csv");
  KindredEntry *entry;
  guint before;
  int helped;

  /* An existing strategy of the same name (another case) is reused. */
  kindred_strategy_set_name (walk, "Walk");
  g_assert_true (kindred_store_save_strategy (fixture->store, walk, &error));
  g_assert_no_error (error);

  importer = kindred_importer_new (fixture->store, path, KINDRED_FORMAT_DAYLIO_CSV);
  g_assert_true (kindred_importer_prepare (importer, NULL, &error));
  g_assert_no_error (error);
  kindred_importer_set_activities_as (importer, KINDRED_IMPORT_ACTIVITIES_STRATEGIES);
  g_assert_true (kindred_importer_run (importer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  strategies = kindred_store_list_strategies (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  before = strategies->len;
  /* 13 distinct activities, "walk" among them: one reused, 12 new. */
  g_assert_cmpuint (strategies->len, ==, 13);

  entries = all_entries (fixture->store);
  entry = entry_at (entries, 2020, 5, 30, 13, 8);
  g_assert_null (kindred_entry_get_triggers (entry)[0]);
  g_assert_cmpuint (kindred_entry_get_n_strategies (entry), ==, 2);
  g_assert_cmpstr (kindred_entry_get_strategy (entry, 1, &helped), ==,
                   kindred_strategy_get_uuid (walk));
  g_assert_cmpint (helped, ==, 2);

  /* A second import makes no second set of strategies. */
  again = kindred_importer_new (fixture->store, path, KINDRED_FORMAT_DAYLIO_CSV);
  kindred_importer_set_activities_as (again, KINDRED_IMPORT_ACTIVITIES_STRATEGIES);
  g_assert_true (kindred_importer_run (again, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&strategies, g_ptr_array_unref);
  strategies = kindred_store_list_strategies (fixture->store, TRUE, &error);
  g_assert_cmpuint (strategies->len, ==, before);
}

static void
test_daylio_rejected_rows (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autofree char *path = sample ("daylio-bad-rows.csv");
  GPtrArray *rejected;

  importer = import (fixture->store, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 2);
  g_assert_cmpuint (kindred_importer_get_n_rejected (importer), ==, 2);

  rejected = kindred_importer_get_rejected (importer);
  g_assert_cmpstr (g_ptr_array_index (rejected, 0), ==, "Line 3: the date could not be read.");
  g_assert_cmpstr (g_ptr_array_index (rejected, 1), ==, "Line 4: the time could not be read.");
  for (guint i = 0; i < rejected->len; i++)
    g_assert_null (strstr (g_ptr_array_index (rejected, i), SECRET));
}

/* Bad files: an error naming where, the journal unchanged */

typedef struct
{
  const char          *file;
  KindredFormat        format;
  KindredFormatsError  code;
  const char          *where;   /* in the message */
} BadFile;

static const BadFile bad_files[] = {
  { "kindred-truncated.json", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_MALFORMED, "not valid JSON" },
  { "kindred-wrong-type.json", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_MALFORMED, "Entry 2: “mood”" },
  { "kindred-newer.json", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_NEWER_VERSION, "newer version" },
  { "kindred-bad-values.json", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_NOTHING_TO_IMPORT, "set aside" },
  { "jrnl-wrong-type.json", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_MALFORMED, "Entry 2: “tags”" },
  { "daylio-bad-quote.csv", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_MALFORMED, "Line 3" },
  { "daylio-unclosed-quote.csv", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_MALFORMED, "Line 3" },
  { "daylio-unknown-column.csv", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_MALFORMED, "Line 1: column 2 " },
  { "daylio-field-count.csv", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_MALFORMED, "Line 3: 9 fields" },
  { "not-a-journal.txt", KINDRED_FORMAT_AUTO, KINDRED_FORMATS_ERROR_UNKNOWN_FORMAT, "not one Kindred" },
  { "not-a-journal.txt", KINDRED_FORMAT_DAYLIO_CSV, KINDRED_FORMATS_ERROR_MALFORMED, "Line 1" },
  { "daylio-en.csv", KINDRED_FORMAT_KINDRED_JSON, KINDRED_FORMATS_ERROR_MALFORMED, "not valid JSON" },
  { "jrnl-sample.json", KINDRED_FORMAT_KINDRED_JSON, KINDRED_FORMATS_ERROR_MALFORMED, "“format”" },
};

static void
test_bad_file (Fixture       *fixture,
               gconstpointer  data)
{
  const BadFile *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autofree char *path = sample (bad->file);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fill_journal (fixture->store);
  before = export_text (fixture, fixture->store, "before.json");

  importer = import (fixture->store, path, bad->format, &error);
  g_assert_error (error, KINDRED_FORMATS_ERROR, (int) bad->code);
  g_test_message ("%s: %s", bad->file, error->message);
  g_assert_nonnull (strstr (error->message, bad->where));
  g_assert_null (strstr (error->message, SECRET));
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 0);

  after = export_text (fixture, fixture->store, "after.json");
  g_assert_cmpstr (before, ==, after);
}

static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GString) json = g_string_new ("{\"format\": \"kindred-journal\", \"version\": 1, "
                                          "\"entries\": ");
  g_autofree char *path = tmp_path (fixture, "deep.json");

  /* Deep enough to crash json-glib 1.6 were it to see it. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, '[');
  g_assert_true (g_file_set_contents (path, json->str, (gssize) json->len, &error));
  g_assert_no_error (error);

  importer = import (fixture->store, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_assert_cmpuint (count (fixture->store), ==, 0);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autofree char *path = tmp_path (fixture, "huge.json");
  FILE *file;

  /* Sparse: costs no disk, and must be refused before a byte is read. */
  file = fopen (path, "w");
  g_assert_nonnull (file);
  fputs ("{\"format\": \"kindred-journal\"", file);
  g_assert_cmpint (ftruncate (fileno (file), (off_t) KINDRED_FORMATS_MAX_FILE_SIZE + 1), ==, 0);
  fclose (file);

  importer = import (fixture->store, path, KINDRED_FORMAT_AUTO, &error);
  g_assert_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_TOO_LARGE);
}

/* Cancelling */

static void
make_many (KindredStore *store,
           guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      KindredEntry *entry = kindred_entry_new ();
      g_autoptr(GDateTime) when = utc (2022, 1, 1, 0, 0, 0);
      g_autoptr(GDateTime) later = g_date_time_add_minutes (when, (int) i * 90);
      g_autofree char *body = g_strdup_printf ("Entry number %u", i);

      kindred_entry_set_created_at (entry, later);
      kindred_entry_set_body (entry, body);
      kindred_entry_set_mood (entry, (int) (i % 5) + 1);
      g_ptr_array_add (entries, entry);
    }
  g_assert_true (kindred_store_save_entries (store, entries, &error));
  g_assert_no_error (error);
}

static void
cancel_midway_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  if (done > 0)
    g_cancellable_cancel (user_data);
}

static void
test_cancel_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = tmp_path (fixture, "many.json");

  make_many (fixture->store, 700);
  g_free (export_text (fixture, fixture->store, "many.json"));

  /* Cancelled part-way through the transaction: nothing stays. */
  importer = kindred_importer_new (fixture->other, path, KINDRED_FORMAT_AUTO);
  g_assert_true (kindred_importer_prepare (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kindred_importer_run (importer, cancellable, cancel_midway_cb, cancellable,
                                        &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count (fixture->other), ==, 0);
  g_clear_error (&error);

  /* And the same importer goes in whole afterwards. */
  g_assert_true (kindred_importer_run (importer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (fixture->other), ==, 700);
}

static void
test_cancel_export (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = tmp_path (fixture, "cancelled.json");
  g_autofree char *folder = tmp_path (fixture, "markdown");

  make_many (fixture->store, 700);

  g_assert_false (kindred_export_json (fixture->store, path, cancellable, cancel_midway_cb,
                                       cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_cancellable_reset (cancellable);
  g_assert_false (kindred_export_markdown (fixture->store, folder, cancellable, cancel_midway_cb,
                                           cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* Markdown */

static void
test_markdown (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = tmp_path (fixture, "markdown");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;
  guint n = 0;
  GStatBuf st;

  fill_journal (fixture->store);
  g_assert_true (kindred_export_markdown (fixture->store, folder, NULL, NULL, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (folder, name, NULL);

      g_assert_true (g_str_has_suffix (name, ".md"));
      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      n_files++;
    }
  /* December 2023, January and February 2024. */
  g_assert_cmpuint (n_files, ==, 3);

  path = g_build_filename (folder, "2023-12.md", NULL);
  text = read_text (path);
  g_assert_true (g_str_has_prefix (text, "# December 2023\n\n## 2023-12-31 23:59 · New year's eve"));
  g_assert_nonnull (strstr (text, "- Mood: 4 of 5\n"));
  g_assert_nonnull (strstr (text, "- Feelings: joy (4), worry (1)\n"));
  g_assert_nonnull (strstr (text, "- Tags: work, Family, late night\n"));
  g_assert_nonnull (strstr (text, "Box breathing (4/4)"));
  g_assert_nonnull (strstr (text, "Line one\nLine two"));
}

/* Async, as the UI calls it */

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
  guint progress_calls;
  GThread *thread;
} AsyncState;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;

  state->result = g_object_ref (result);
  g_main_loop_quit (state->loop);
}

static void
async_progress_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  AsyncState *state = user_data;

  /* The UI touches widgets here: it must be the caller's thread. */
  g_assert_true (g_thread_self () == state->thread);
  g_assert_cmpuint (done, <=, total);
  state->progress_calls++;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autofree char *path = tmp_path (fixture, "async.json");
  AsyncState state = { 0, };
  guint n = 0;

  state.loop = g_main_loop_new (NULL, FALSE);
  state.thread = g_thread_self ();
  make_many (fixture->store, 300);

  kindred_export_async (fixture->store, KINDRED_FORMAT_KINDRED_JSON, path, NULL,
                        async_progress_cb, &state, NULL, async_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_true (kindred_export_finish (state.result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 300);
  g_assert_cmpuint (state.progress_calls, >, 0);
  g_clear_object (&state.result);

  importer = kindred_importer_new (fixture->other, path, KINDRED_FORMAT_AUTO);
  kindred_importer_prepare_async (importer, NULL, async_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_true (kindred_importer_prepare_finish (importer, state.result, &error));
  g_assert_no_error (error);
  g_clear_object (&state.result);
  g_assert_cmpuint (kindred_importer_get_n_entries (importer), ==, 300);

  state.progress_calls = 0;
  kindred_importer_run_async (importer, NULL, async_progress_cb, &state, NULL, async_done_cb,
                              &state);
  g_main_loop_run (state.loop);
  g_assert_true (kindred_importer_run_finish (importer, state.result, &error));
  g_assert_no_error (error);
  g_clear_object (&state.result);
  g_assert_cmpuint (state.progress_calls, >, 0);
  g_assert_cmpuint (kindred_importer_get_n_added (importer), ==, 300);
  g_assert_cmpuint (count (fixture->other), ==, 300);

  g_main_loop_unref (state.loop);
}

/* Names and detection */

static void
test_names (void)
{
  KindredFormat format = KINDRED_FORMAT_AUTO;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample ("kindred-sample.json");
  g_autofree char *text = sample ("not-a-journal.txt");

  g_assert_true (kindred_format_from_string ("jrnl-json", &format));
  g_assert_cmpint (format, ==, KINDRED_FORMAT_JRNL_JSON);
  g_assert_true (kindred_format_from_string ("daylio-csv", &format));
  g_assert_cmpint (format, ==, KINDRED_FORMAT_DAYLIO_CSV);
  g_assert_true (kindred_format_from_string ("kindred-json", &format));
  g_assert_cmpint (format, ==, KINDRED_FORMAT_KINDRED_JSON);
  g_assert_false (kindred_format_from_string ("csv", &format));
  g_assert_cmpstr (kindred_format_to_string (KINDRED_FORMAT_DAYLIO_CSV), ==, "daylio-csv");
  g_assert_nonnull (strstr (kindred_formats_get_unencrypted_warning (), "not encrypted"));

  g_assert_cmpint (kindred_format_detect (path, &error), ==, KINDRED_FORMAT_KINDRED_JSON);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_format_detect (text, &error), ==, KINDRED_FORMAT_AUTO);
  g_assert_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_UNKNOWN_FORMAT);
}

int
main (int   argc,
      char *argv[])
{
  /* Month names in English, and one zone for the Markdown file names. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/names", test_names);
  g_test_add ("/formats/json/round-trip", Fixture, NULL, fixture_set_up, test_json_round_trip,
              fixture_tear_down);
  g_test_add ("/formats/json/twice", Fixture, NULL, fixture_set_up, test_json_twice,
              fixture_tear_down);
  g_test_add ("/formats/json/keeps-journal", Fixture, NULL, fixture_set_up,
              test_json_keeps_journal, fixture_tear_down);
  g_test_add ("/formats/jrnl/sample", Fixture, NULL, fixture_set_up, test_jrnl_sample,
              fixture_tear_down);
  g_test_add ("/formats/jrnl/single-entry", Fixture, NULL, fixture_set_up, test_jrnl_single_entry,
              fixture_tear_down);
  g_test_add ("/formats/daylio/english", Fixture, NULL, fixture_set_up, test_daylio_english,
              fixture_tear_down);
  g_test_add ("/formats/daylio/german", Fixture, NULL, fixture_set_up, test_daylio_german,
              fixture_tear_down);
  g_test_add ("/formats/daylio/custom-moods", Fixture, NULL, fixture_set_up,
              test_daylio_custom_moods, fixture_tear_down);
  g_test_add ("/formats/daylio/old-layout", Fixture, NULL, fixture_set_up, test_daylio_old_layout,
              fixture_tear_down);
  g_test_add ("/formats/daylio/activities-as-strategies", Fixture, NULL, fixture_set_up,
              test_daylio_activities_as_strategies, fixture_tear_down);
  g_test_add ("/formats/daylio/rejected-rows", Fixture, NULL, fixture_set_up,
              test_daylio_rejected_rows, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/formats/malformed/%s/%s", bad_files[i].file,
                                               bad_files[i].format == KINDRED_FORMAT_AUTO
                                               ? "auto"
                                               : kindred_format_to_string (bad_files[i].format));

      g_test_add (name, Fixture, &bad_files[i], fixture_set_up, test_bad_file, fixture_tear_down);
    }
  g_test_add ("/formats/malformed/deep-nesting", Fixture, NULL, fixture_set_up, test_deep_nesting,
              fixture_tear_down);
  g_test_add ("/formats/malformed/too-large", Fixture, NULL, fixture_set_up, test_too_large,
              fixture_tear_down);
  g_test_add ("/formats/cancel/import", Fixture, NULL, fixture_set_up, test_cancel_import,
              fixture_tear_down);
  g_test_add ("/formats/cancel/export", Fixture, NULL, fixture_set_up, test_cancel_export,
              fixture_tear_down);
  g_test_add ("/formats/markdown/export", Fixture, NULL, fixture_set_up, test_markdown,
              fixture_tear_down);
  g_test_add ("/formats/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);

  return g_test_run ();
}

/* test-search.c: search, filters, triggers, calendar days and strategies, on a
 * journal with known contents (a real SQLCipher file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "kindred-core.h"
#include "store/kindred-store-private.h"

/* The strategies the journal links to. */
#define S_BOX   "5b0a1f3e-0c1d-4e2f-8a3b-4c5d6e7f8a01"
#define S_WALK  "5b0a1f3e-0c1d-4e2f-8a3b-4c5d6e7f8a02"
#define S_CALL  "5b0a1f3e-0c1d-4e2f-8a3b-4c5d6e7f8a03"

typedef struct
{
  int         year, month, day, hour, minute;   /* UTC */
  int         mood;                             /* 0: none */
  const char *title;
  const char *body;
  const char *emotions;     /* "id:intensity,…" */
  const char *triggers;     /* "tag,…" */
  const char *strategies;   /* "B:helped,…" with B, W, C */
} Row;

/* Berlin is UTC+1 until 30 March 2025 (02:00 → 03:00), UTC+2 after. */
static const Row rows[] = {
  /*  0 */ { 2025, 3,  1,  8,  0, 4, "Morning walk", "Walked to the bakery and felt calm.", "calm:3", NULL, "W:3" },
  /*  1 */ { 2025, 3,  1, 20,  0, 3, NULL, "Long day at work. Tired now.", "tired:4", "work", NULL },
  /*  2 */ { 2025, 3,  2,  9, 30, 2, "Deadline", "The report is due and I am anxious.", "anxious:4,stressed:3", "work,deadlines", "B:2" },
  /* 23:30 UTC is 00:30 on 3 March in Berlin */
  /*  3 */ { 2025, 3,  2, 23, 30, 5, NULL, "Could not sleep, but the stars were beautiful.", "joyful:2", "sleep", NULL },
  /*  4 */ { 2025, 3,  3, 12,  0, 0, NULL, "Lunch with my sister.", NULL, "family", NULL },
  /*  5 */ { 2025, 3,  3, 18,  0, 1, "Argument", "We argued about money again.", "angry:4,hurt:3", "family,money", "C:1" },
  /*  6 */ { 2025, 3,  5,  7, 15, 3, NULL, "Rain all morning. Stayed in and read.", "bored:2", "weather", NULL },
  /*  7 */ { 2025, 3,  5, 21,  0, 4, "Called Mum", "Talking helped a lot.", "loved:4,relieved:3", "family", "C:4" },
  /*  8 */ { 2025, 3,  6, 10,  0, 2, NULL, "Overwhelmed by emails at work.", "overwhelmed:5", "Work,emails", "B:3" },
  /*  9 */ { 2025, 3,  7, 16, 45, 3, NULL, "A walking meeting outside, nice change.", "content:2", "work", "W:2" },
  /* 10 */ { 2025, 3,  8,  9,  0, 4, "Weekend", "Slept in. Pancakes!", "content:3,calm:2", NULL, NULL },
  /* 11 */ { 2025, 3,  8, 22, 50, 2, NULL, "Lonely evening.", "lonely:4", "being alone", NULL },
  /* 23:10 UTC is 00:10 on 9 March in Berlin */
  /* 12 */ { 2025, 3,  8, 23, 10, 4, NULL, "Text from a friend made me smile.", "hopeful:3", NULL, "C:3" },
  /* 13 */ { 2025, 3, 10,  8, 30, 3, NULL, "Back to work, calmer than last week.", "calm:2", "work", "B:4" },
  /* 14 */ { 2025, 3, 11, 19,  0, 1, "Bad news", "Grieving for my grandfather.", "grieving:5,sad:5", "family", "C:2" },
  /* 15 */ { 2025, 3, 12, 13,  0, 2, NULL, "Could not focus at all.", "numb:3", "work", NULL },
  /* 16 */ { 2025, 3, 13,  6,  0, 3, NULL, "Early walk in the park before work.", "calm:3", "work", "W:4" },
  /* 17 */ { 2025, 3, 14, 20, 30, 4, "Small win", "Finished the report. Proud!", "proud:4", "deadlines", NULL },
  /* 18 */ { 2025, 3, 16, 11,  0, 0, "Groceries", "Shopping list: eggs, bread, tea.", NULL, NULL, NULL },
  /* 19 */ { 2025, 3, 15, 15,  0, 5, "Sunny", "Sat in the sun in the garden, felt grateful.", "grateful:4,joyful:3", "weather", "W:3" },
  /* 20 */ { 2025, 3, 17,  9,  0, 2, NULL, "Anxiety before the appointment.", "anxious:3,scared:2", "health", "B:3" },
  /* 21 */ { 2025, 3, 17, 12, 30, 3, NULL, "Appointment went fine.", "relieved:4", "health", NULL },
  /* 22 */ { 2025, 3, 18, 21,  0, 3, NULL, "Quiet evening with music.", "calm:3", NULL, NULL },
  /* 23 */ { 2025, 3, 20, 18,  0, 2, NULL, "Friction with a colleague at work.", "irritated:3,frustrated:2", "work,conflict", "B:1" },
  /* 24 */ { 2025, 3, 22, 10,  0, 4, "Hike", "A long hike with friends, walked twelve kilometres.", "joyful:4", NULL, "W:4" },
  /* 25 */ { 2025, 3, 25,  7,  0, 3, NULL, "Tired but okay.", "tired:3", "sleep", NULL },
  /* 26 */ { 2025, 3, 27, 20,  0, 1, NULL, "Panic on the train, used box breathing.", "scared:5,ashamed:2", "crowds", "B:3" },
  /* 27 */ { 2025, 2, 20, 10,  0, 3, "February", "Snow and tea.", "calm:2", "weather", NULL },
  /* 28 */ { 2025, 4,  2,  9,  0, 4, "April", "Spring walk by the river.", "hopeful:3", NULL, "W:3" },
  /* 22:30 UTC on 31 March is 00:30 on 1 April in Berlin (summer time) */
  /* 29 */ { 2025, 3, 31, 22, 30, 5, NULL, "Late night chat with Sam.", "loved:3", NULL, "C:4" },
};
#define N_ROWS G_N_ELEMENTS (rows)

typedef struct
{
  char         *dir;
  char         *journal_path;
  KindredKey   *key;
  KindredStore *store;
  char         *uuids[N_ROWS];
  gint64        created[N_ROWS];   /* µs */
} Fixture;

static const char *
strategy_uuid (char letter)
{
  switch (letter)
    {
    case 'B':
      return S_BOX;
    case 'W':
      return S_WALK;
    case 'C':
      return S_CALL;
    default:
      g_assert_not_reached ();
    }
}

static gint64
us_of (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

static KindredEntry *
entry_from_row (const Row *row)
{
  KindredEntry *entry = kindred_entry_new ();
  g_autoptr(GDateTime) created_at = g_date_time_new_utc (row->year, row->month, row->day,
                                                         row->hour, row->minute, 0);

  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_mood (entry, row->mood);
  kindred_entry_set_title (entry, row->title);
  kindred_entry_set_body (entry, row->body);

  if (row->emotions != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (row->emotions, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (parts[i], ":", 2);

          kindred_entry_set_emotion (entry, pair[0], atoi (pair[1]));
        }
    }

  if (row->triggers != NULL)
    {
      g_auto(GStrv) tags = g_strsplit (row->triggers, ",", -1);

      kindred_entry_set_triggers (entry, (const char * const *) tags);
    }

  if (row->strategies != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (row->strategies, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        kindred_entry_set_strategy (entry, strategy_uuid (parts[i][0]), atoi (parts[i] + 2));
    }

  return entry;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) gone = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-search-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->journal_path = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->key = kindred_key_new_random ();
  fixture->store = kindred_store_open (fixture->journal_path, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);

  kindred_store_add_strategy (fixture->store, S_BOX, "Box breathing", "breathing",
                              "In, hold, out, hold: four counts each.", TRUE, &error);
  g_assert_no_error (error);
  kindred_store_add_strategy (fixture->store, S_WALK, "A short walk", "physical", NULL, TRUE,
                              &error);
  g_assert_no_error (error);
  kindred_store_add_strategy (fixture->store, S_CALL, "Call a friend", "reaching out", NULL,
                              TRUE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autoptr(KindredEntry) entry = entry_from_row (&rows[i]);

      kindred_store_save_entry (fixture->store, entry, &error);
      g_assert_no_error (error);
      fixture->uuids[i] = g_strdup (kindred_entry_get_uuid (entry));
      fixture->created[i] = us_of (kindred_entry_get_created_at (entry));
    }

  /* A tombstone that would match many searches if it were still there. */
  gone = kindred_entry_new ();
  kindred_entry_set_body (gone, "A walk at work, calm, with a friend.");
  kindred_entry_set_mood (gone, 3);
  kindred_entry_set_emotion (gone, "calm", 2);
  kindred_entry_add_trigger (gone, "work");
  kindred_entry_set_strategy (gone, S_WALK, 4);
  kindred_store_save_entry (fixture->store, gone, &error);
  g_assert_no_error (error);
  kindred_store_delete_entry (fixture->store, kindred_entry_get_uuid (gone), &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  for (guint i = 0; i < N_ROWS; i++)
    g_free (fixture->uuids[i]);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->journal_path);
  kindred_key_unref (fixture->key);
}

/* The oracle: what each filter should let through, worked out in C over the
 * rows above, independent of SQL. */

static gboolean
csv_has (const char *csv,
         const char *item,
         gboolean    ascii_case)
{
  g_auto(GStrv) parts = NULL;

  if (csv == NULL)
    return FALSE;

  parts = g_strsplit (csv, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup (parts[i]);
      char *colon = strchr (name, ':');

      if (colon != NULL)
        *colon = '\0';
      if (ascii_case ? g_ascii_strcasecmp (name, item) == 0 : g_str_equal (name, item))
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_word_with_prefix (const char *text,
                      const char *prefix)
{
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;

  if (text == NULL)
    return FALSE;

  lower = g_ascii_strdown (text, -1);
  for (char *p = lower; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = ' ';
  words = g_strsplit (lower, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && g_str_has_prefix (words[i], prefix))
      return TRUE;

  return FALSE;
}

static gboolean
oracle_matches (Fixture            *fixture,
                guint               i,
                KindredEntryFilter *filter)
{
  const Row *row = &rows[i];
  const char *text;
  const char *strategy;
  int mood_min, mood_max;
  gint64 from, to;

  if (filter == NULL)
    return TRUE;

  text = kindred_entry_filter_get_text (filter);
  strategy = kindred_entry_filter_get_strategy (filter);
  mood_min = kindred_entry_filter_get_mood_min (filter);
  mood_max = kindred_entry_filter_get_mood_max (filter);
  from = kindred_entry_filter_get_from (filter);
  to = kindred_entry_filter_get_to (filter);

  if (text != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);
      g_auto(GStrv) words = NULL;

      for (char *p = lower; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p))
          *p = ' ';
      words = g_strsplit (lower, " ", -1);

      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0' &&
            !has_word_with_prefix (row->title, words[w]) &&
            !has_word_with_prefix (row->body, words[w]) &&
            !has_word_with_prefix (row->triggers, words[w]))
          return FALSE;
    }

  if (mood_min > 0 && (row->mood == 0 || row->mood < mood_min))
    return FALSE;
  if (mood_max > 0 && (row->mood == 0 || row->mood > mood_max))
    return FALSE;
  if (kindred_entry_filter_get_emotion (filter) != NULL &&
      !csv_has (row->emotions, kindred_entry_filter_get_emotion (filter), FALSE))
    return FALSE;
  if (kindred_entry_filter_get_trigger (filter) != NULL &&
      !csv_has (row->triggers, kindred_entry_filter_get_trigger (filter), TRUE))
    return FALSE;
  if (strategy != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (row->strategies != NULL ? row->strategies : "", ",", -1);
      gboolean found = FALSE;

      for (guint p = 0; parts[p] != NULL; p++)
        if (parts[p][0] != '\0' && g_str_equal (strategy_uuid (parts[p][0]), strategy))
          found = TRUE;
      if (!found)
        return FALSE;
    }
  if (from > 0 && fixture->created[i] < from)
    return FALSE;
  if (to > 0 && fixture->created[i] >= to)
    return FALSE;

  return TRUE;
}

/* Row numbers the oracle expects, newest first (every time here is distinct). */
static GArray *
oracle_list (Fixture            *fixture,
             KindredEntryFilter *filter)
{
  GArray *expected = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < N_ROWS; i++)
    if (oracle_matches (fixture, i, filter))
      g_array_append_val (expected, i);

  for (guint a = 0; a < expected->len; a++)
    for (guint b = a + 1; b < expected->len; b++)
      if (fixture->created[g_array_index (expected, guint, b)] >
          fixture->created[g_array_index (expected, guint, a)])
        {
          guint t = g_array_index (expected, guint, a);

          g_array_index (expected, guint, a) = g_array_index (expected, guint, b);
          g_array_index (expected, guint, b) = t;
        }

  return expected;
}

static int
row_of (Fixture    *fixture,
        const char *uuid)
{
  for (guint i = 0; i < N_ROWS; i++)
    if (g_str_equal (fixture->uuids[i], uuid))
      return (int) i;

  return -1;
}

/* The store's rows for @filter as row numbers, in its order: all at once, and
 * walked in keyset pages of 3 (each entry exactly once, same order). */
static GArray *
store_list (Fixture            *fixture,
            KindredEntryFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *last_uuid = NULL;
  gint64 last_created = 0;
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint paged = 0;
  guint count;

  all = kindred_store_list_entries_filtered (fixture->store, filter, 0, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (all);
  for (guint i = 0; i < all->len; i++)
    {
      int row = row_of (fixture, kindred_entry_get_uuid (g_ptr_array_index (all, i)));

      g_assert_cmpint (row, >=, 0);
      g_array_append_val (found, row);
    }

  for (;;)
    {
      g_autoptr(GPtrArray) page = kindred_store_list_entries_filtered (fixture->store, filter,
                                                                       last_created, last_uuid,
                                                                       3, &error);
      KindredEntry *last;

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, 3);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++, paged++)
        {
          g_assert_cmpuint (paged, <, found->len);
          g_assert_cmpint (row_of (fixture, kindred_entry_get_uuid (g_ptr_array_index (page, i))),
                           ==, g_array_index (found, guint, paged));
        }
      last = g_ptr_array_index (page, page->len - 1);
      last_created = us_of (kindred_entry_get_created_at (last));
      g_free (last_uuid);
      last_uuid = g_strdup (kindred_entry_get_uuid (last));
    }
  g_assert_cmpuint (paged, ==, found->len);

  /* The positional pages (the list model's jumps) agree too. */
  for (guint offset = 0; offset < found->len; offset += 4)
    {
      g_autoptr(GPtrArray) page = _kindred_store_list_entries_filtered_at (fixture->store, filter,
                                                                           offset, 4, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (row_of (fixture, kindred_entry_get_uuid (g_ptr_array_index (page, i))),
                         ==, g_array_index (found, guint, offset + i));
    }

  count = kindred_store_count_entries_filtered (fixture->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, found->len);

  return found;
}

static void
assert_rows (GArray      *found,
             const guint *expected,
             guint        n_expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (got, "%u ", g_array_index (found, guint, i));
  g_test_message ("rows: %s", got->str);

  g_assert_cmpuint (found->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      gboolean present = FALSE;

      for (guint j = 0; j < found->len; j++)
        present |= g_array_index (found, guint, j) == expected[i];
      g_assert_true (present);
    }
}

/* Checks @filter against the oracle, and against @expected (any order) when
 * given: hand-worked answers keep the oracle honest. */
static void
check_filter (Fixture            *fixture,
              KindredEntryFilter *filter,
              const guint        *expected,
              gint                n_expected)
{
  g_autoptr(GArray) found = store_list (fixture, filter);
  g_autoptr(GArray) wanted = oracle_list (fixture, filter);

  g_assert_cmpuint (found->len, ==, wanted->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpuint (g_array_index (found, guint, i), ==, g_array_index (wanted, guint, i));

  if (n_expected >= 0)
    assert_rows (found, expected, (guint) n_expected);
}

#define CHECK(fixture, filter, ...) \
  G_STMT_START { \
    const guint expected_[] = { __VA_ARGS__ }; \
    check_filter ((fixture), (filter), expected_, G_N_ELEMENTS (expected_)); \
  } G_STMT_END
#define CHECK_NONE(fixture, filter) check_filter ((fixture), (filter), NULL, 0)

/* Tests */

static void
test_search_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();

  /* Prefixes: "walk" finds walk, walked, walking; never the tombstone. */
  kindred_entry_filter_set_text (filter, "walk");
  CHECK (fixture, filter, 0, 9, 16, 24, 28);
  kindred_entry_filter_set_text (filter, "WALKED");
  CHECK (fixture, filter, 0, 24);

  /* Title only, body only, trigger tag only. */
  kindred_entry_filter_set_text (filter, "argument");
  CHECK (fixture, filter, 5);
  kindred_entry_filter_set_text (filter, "pancakes");
  CHECK (fixture, filter, 10);
  kindred_entry_filter_set_text (filter, "crowds");
  CHECK (fixture, filter, 26);
  kindred_entry_filter_set_text (filter, "deadlines");
  CHECK (fixture, filter, 2, 17);

  /* Every word must match, in any field. */
  kindred_entry_filter_set_text (filter, "walk work");
  CHECK (fixture, filter, 9, 16);
  kindred_entry_filter_set_text (filter, "report proud");
  CHECK (fixture, filter, 17);

  /* Operators and quotes are plain characters to a person typing. */
  kindred_entry_filter_set_text (filter, "walk* -\"work");
  CHECK (fixture, filter, 9, 16);
  kindred_entry_filter_set_text (filter, "nothing-like-this");
  CHECK_NONE (fixture, filter);

  /* Punctuation alone is no search at all. */
  kindred_entry_filter_set_text (filter, " ?! ");
  g_assert_true (kindred_entry_filter_is_empty (filter));
  g_assert_cmpuint (kindred_store_count_entries_filtered (fixture->store, filter, NULL), ==,
                    N_ROWS);
}

static void
test_search_filters (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  g_autoptr(GDateTime) march8 = g_date_time_new_local (2025, 3, 8, 0, 0, 0);
  g_autoptr(GDateTime) march9 = g_date_time_new_local (2025, 3, 9, 0, 0, 0);

  /* No filter, and a NULL filter: every live entry. */
  g_assert_true (kindred_entry_filter_is_empty (filter));
  check_filter (fixture, NULL, NULL, -1);
  g_assert_cmpuint (kindred_store_count_entries_filtered (fixture->store, NULL, NULL), ==, N_ROWS);

  /* Mood: entries without a mood never match a bound. */
  kindred_entry_filter_set_mood_min (filter, 5);
  CHECK (fixture, filter, 3, 19, 29);
  kindred_entry_filter_set_mood_min (filter, 0);
  kindred_entry_filter_set_mood_max (filter, 1);
  CHECK (fixture, filter, 5, 14, 26);
  kindred_entry_filter_set_mood_min (filter, 2);
  kindred_entry_filter_set_mood_max (filter, 2);
  CHECK (fixture, filter, 2, 8, 11, 15, 20, 23);
  kindred_entry_filter_set_mood_max (filter, 3);
  check_filter (fixture, filter, NULL, -1);
  kindred_entry_filter_set_mood_min (filter, 0);
  kindred_entry_filter_set_mood_max (filter, 0);

  /* Emotion. */
  kindred_entry_filter_set_emotion (filter, "calm");
  CHECK (fixture, filter, 0, 10, 13, 16, 22, 27);
  kindred_entry_filter_set_emotion (filter, "an-id-from-an-import");
  CHECK_NONE (fixture, filter);
  kindred_entry_filter_set_emotion (filter, NULL);

  /* Trigger, whatever its ASCII case. */
  kindred_entry_filter_set_trigger (filter, "WORK");
  CHECK (fixture, filter, 1, 2, 8, 9, 13, 15, 16, 23);
  kindred_entry_filter_set_trigger (filter, "being alone");
  CHECK (fixture, filter, 11);
  kindred_entry_filter_set_trigger (filter, "wor");
  CHECK_NONE (fixture, filter);
  kindred_entry_filter_set_trigger (filter, NULL);

  /* Strategy. */
  kindred_entry_filter_set_strategy (filter, S_BOX);
  CHECK (fixture, filter, 2, 8, 13, 20, 23, 26);
  kindred_entry_filter_set_strategy (filter, S_CALL);
  CHECK (fixture, filter, 5, 7, 12, 14, 29);
  kindred_entry_filter_set_strategy (filter, NULL);

  /* Dates: [from, to), here one local (Berlin) day. */
  kindred_entry_filter_set_from (filter, us_of (march8));
  kindred_entry_filter_set_to (filter, us_of (march9));
  CHECK (fixture, filter, 10, 11);
  /* Inclusive from, exclusive to, to the microsecond. */
  kindred_entry_filter_set_from (filter, fixture->created[10]);
  kindred_entry_filter_set_to (filter, fixture->created[12]);
  CHECK (fixture, filter, 10, 11);
  kindred_entry_filter_set_to (filter, 0);
  check_filter (fixture, filter, NULL, -1);
  kindred_entry_filter_set_from (filter, 0);
  kindred_entry_filter_set_to (filter, us_of (march8));
  check_filter (fixture, filter, NULL, -1);
  g_assert_false (kindred_entry_filter_is_empty (filter));
  kindred_entry_filter_set_to (filter, 0);
  g_assert_true (kindred_entry_filter_is_empty (filter));
}

static void
test_search_combined (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  g_autoptr(GDateTime) march1 = g_date_time_new_local (2025, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) march15 = g_date_time_new_local (2025, 3, 15, 0, 0, 0);

  kindred_entry_filter_set_text (filter, "work");
  kindred_entry_filter_set_mood_max (filter, 2);
  CHECK (fixture, filter, 2, 8, 15, 23);

  kindred_entry_filter_set_strategy (filter, S_BOX);
  CHECK (fixture, filter, 2, 8, 23);

  kindred_entry_filter_set_from (filter, us_of (march1));
  kindred_entry_filter_set_to (filter, us_of (march15));
  CHECK (fixture, filter, 2, 8);

  kindred_entry_filter_set_emotion (filter, "overwhelmed");
  CHECK (fixture, filter, 8);

  kindred_entry_filter_set_trigger (filter, "emails");
  CHECK (fixture, filter, 8);

  kindred_entry_filter_set_trigger (filter, "family");
  CHECK_NONE (fixture, filter);

  kindred_entry_filter_clear (filter);
  g_assert_true (kindred_entry_filter_is_empty (filter));
  g_assert_null (kindred_entry_filter_get_text (filter));
  g_assert_null (kindred_entry_filter_get_strategy (filter));
  g_assert_cmpint (kindred_entry_filter_get_mood_max (filter), ==, 0);
  g_assert_cmpint (kindred_entry_filter_get_from (filter), ==, 0);
  g_assert_cmpuint (kindred_store_count_entries_filtered (fixture->store, filter, NULL), ==,
                    N_ROWS);

  /* Search with every kind of filter in turn, against the oracle. */
  {
    const char * const words[] = { "a", "wa", "work", "felt", "the", "t", NULL };

    for (guint w = 0; words[w] != NULL; w++)
      for (int mood = 0; mood <= 5; mood++)
        {
          kindred_entry_filter_clear (filter);
          kindred_entry_filter_set_text (filter, words[w]);
          kindred_entry_filter_set_mood_min (filter, mood);
          check_filter (fixture, filter, NULL, -1);
          kindred_entry_filter_set_emotion (filter, "calm");
          check_filter (fixture, filter, NULL, -1);
          kindred_entry_filter_set_emotion (filter, NULL);
          kindred_entry_filter_set_trigger (filter, "Work");
          check_filter (fixture, filter, NULL, -1);
          kindred_entry_filter_set_trigger (filter, NULL);
          kindred_entry_filter_set_strategy (filter, S_WALK);
          check_filter (fixture, filter, NULL, -1);
          kindred_entry_filter_set_strategy (filter, NULL);
          kindred_entry_filter_set_from (filter, us_of (march1));
          kindred_entry_filter_set_to (filter, us_of (march15));
          check_filter (fixture, filter, NULL, -1);
        }
  }
}

static void
count_cb (gpointer  object,
          guint    *count)
{
  (*count)++;
}

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

static void
test_search_filter_signal (void)
{
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  guint changed = 0;

  g_signal_connect (filter, "changed", G_CALLBACK (count_cb), &changed);

  kindred_entry_filter_set_text (filter, "walk");
  g_assert_cmpuint (changed, ==, 1);
  kindred_entry_filter_set_text (filter, "walk");
  g_assert_cmpuint (changed, ==, 1);
  g_object_set (filter, "mood-min", 2, "emotion", "calm", NULL);
  g_assert_cmpuint (changed, ==, 2);
  kindred_entry_filter_set_from (filter, 1000);
  g_assert_cmpuint (changed, ==, 3);

  /* clear(): one "changed" for everything. */
  kindred_entry_filter_clear (filter);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_true (kindred_entry_filter_is_empty (filter));
  kindred_entry_filter_clear (filter);
  g_assert_cmpuint (changed, ==, 4);

  /* An empty string is "any". */
  kindred_entry_filter_set_trigger (filter, "");
  g_assert_null (kindred_entry_filter_get_trigger (filter));
  g_assert_cmpuint (changed, ==, 4);
}

static void
test_search_list_model (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  g_autoptr(KindredEntryList) list = kindred_entry_list_new (fixture->store);
  GListModel *model = G_LIST_MODEL (list);
  guint calls[4] = { 0 };

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), calls);

  kindred_entry_list_set_filter (list, filter);
  g_assert_true (kindred_entry_list_get_filter (list) == filter);
  g_assert_cmpuint (calls[0], ==, 1);

  kindred_entry_filter_set_text (filter, "walk");
  g_assert_cmpuint (calls[0], ==, 2);
  g_assert_cmpuint (calls[2], ==, N_ROWS);
  g_assert_cmpuint (calls[3], ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  {
    g_autoptr(KindredEntry) first = g_list_model_get_item (model, 0);

    g_assert_cmpstr (kindred_entry_get_uuid (first), ==, fixture->uuids[28]);
  }

  /* An edit that keeps the entry in place changes its row only. */
  {
    g_autoptr(KindredEntry) entry = g_list_model_get_item (model, 1);
    g_autoptr(KindredEntry) row = NULL;

    g_assert_cmpstr (kindred_entry_get_uuid (entry), ==, fixture->uuids[24]);
    kindred_entry_set_title (entry, "Hike in the hills");
    kindred_store_save_entry (fixture->store, entry, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (calls[0], ==, 3);
    g_assert_cmpuint (calls[1], ==, 1);
    g_assert_cmpuint (calls[2], ==, 1);
    g_assert_cmpuint (calls[3], ==, 1);
    row = g_list_model_get_item (model, 1);
    g_assert_cmpstr (kindred_entry_get_title (row), ==, "Hike in the hills");

    /* An edit that takes it out of the search reloads. */
    kindred_entry_set_body (entry, "A long hike with friends.");
    kindred_store_save_entry (fixture->store, entry, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (calls[0], ==, 4);
    g_assert_cmpuint (calls[2], ==, 5);
    g_assert_cmpuint (calls[3], ==, 4);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  }

  /* clear() is one reload. */
  kindred_entry_filter_clear (filter);
  g_assert_cmpuint (calls[0], ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);

  kindred_entry_filter_set_trigger (filter, "health");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  kindred_entry_list_set_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);
  /* No longer listening to the filter. */
  kindred_entry_filter_set_trigger (filter, "work");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* The plans the search relies on to stay fast on a big journal: pages walk the
 * time index (no sort of all matches), counts read no row. */
static void
test_search_plan (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  g_autofree char *plan = NULL;

  kindred_entry_filter_set_text (filter, "walk");
  kindred_entry_filter_set_mood_min (filter, 2);
  kindred_entry_filter_set_emotion (filter, "calm");
  kindred_entry_filter_set_trigger (filter, "work");
  kindred_entry_filter_set_strategy (filter, S_WALK);

  plan = _kindred_store_explain_filtered (fixture->store, filter, FALSE);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "entries_by_time"));
  g_assert_null (strstr (plan, "TEMP B-TREE"));
  g_assert_null (strstr (plan, "CORRELATED"));
  g_assert_nonnull (strstr (plan, "entry_emotions_by_emotion"));
  g_assert_nonnull (strstr (plan, "entry_triggers_by_tag_nocase"));
  g_clear_pointer (&plan, g_free);

  plan = _kindred_store_explain_filtered (fixture->store, filter, TRUE);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "COVERING INDEX entries_by_time"));
  g_clear_pointer (&plan, g_free);

  kindred_entry_filter_clear (filter);
  kindred_entry_filter_set_mood_max (filter, 3);
  kindred_entry_filter_set_from (filter, 1);
  plan = _kindred_store_explain_filtered (fixture->store, filter, TRUE);
  g_assert_nonnull (strstr (plan, "COVERING INDEX entries_by_time"));
  g_clear_pointer (&plan, g_free);
  plan = _kindred_store_explain_filtered (fixture->store, filter, FALSE);
  g_assert_null (strstr (plan, "TEMP B-TREE"));
}

static void
test_search_triggers (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) w = NULL;
  g_auto(GStrv) wo = NULL;
  g_auto(GStrv) two = NULL;
  g_auto(GStrv) percent = NULL;

  all = kindred_store_list_triggers (fixture->store, NULL, 0, &error);
  g_assert_no_error (error);
  /* work 8 (once spelt "Work"), family 4, weather 3, then 2 each and 1 each,
   * ties by name. */
  g_assert_cmpstrv (all, ((const char * const[]) {
                      "work", "family", "weather", "deadlines", "health", "sleep",
                      "being alone", "conflict", "crowds", "emails", "money", NULL }));

  w = kindred_store_list_triggers (fixture->store, "w", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (w, ((const char * const[]) { "work", "weather", NULL }));

  wo = kindred_store_list_triggers (fixture->store, "WO", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (wo, ((const char * const[]) { "work", NULL }));

  two = kindred_store_list_triggers (fixture->store, "", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (two, ((const char * const[]) { "work", "family", NULL }));

  /* LIKE's wildcards are plain characters here. */
  percent = kindred_store_list_triggers (fixture->store, "%", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (percent), ==, 0);
}

typedef struct
{
  int    day;
  double average;
  guint  count;
} DayExpect;

static void
test_search_day_moods (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_local (2025, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2025, 4, 1, 0, 0, 0);
  g_autoptr(GArray) days = NULL;
  /* Worked by hand from the rows (Berlin days); the rest have no entry. */
  const DayExpect expected[] = {
    { 1, 3.5, 2 },    /* 4, 3 */
    { 2, 2.0, 1 },    /* entry 3 is already the 3rd here */
    { 3, 3.0, 3 },    /* 5, none, 1 */
    { 5, 3.5, 2 },
    { 6, 2.0, 1 },
    { 7, 3.0, 1 },
    { 8, 3.0, 2 },    /* 4, and 2 at 23:50 */
    { 9, 4.0, 1 },    /* 00:10 local, still the 8th in UTC */
    { 10, 3.0, 1 },
    { 11, 1.0, 1 },
    { 12, 2.0, 1 },
    { 13, 3.0, 1 },
    { 14, 4.0, 1 },
    { 15, 5.0, 1 },
    { 16, 0.0, 1 },   /* one entry, without a mood */
    { 17, 2.5, 2 },
    { 18, 3.0, 1 },
    { 20, 2.0, 1 },
    { 22, 4.0, 1 },
    { 25, 3.0, 1 },
    { 27, 1.0, 1 },
    /* 31st: entry 29 is 22:30 UTC, already 1 April in Berlin */
  };

  days = kindred_store_get_day_moods (fixture->store, from, to, &error);
  g_assert_no_error (error);
  /* Every day of March, the 23-hour one (summer time, the 30th) included. */
  g_assert_cmpuint (days->len, ==, 31);

  for (guint i = 0; i < days->len; i++)
    {
      KindredDayMood *day = &g_array_index (days, KindredDayMood, i);
      double average = 0;
      guint count = 0;

      g_assert_cmpint (day->year, ==, 2025);
      g_assert_cmpint (day->month, ==, 3);
      g_assert_cmpint (day->day, ==, (int) i + 1);

      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        if (expected[j].day == day->day)
          {
            average = expected[j].average;
            count = expected[j].count;
          }

      g_test_message ("%d March: %u, %.2f", day->day, day->count, day->average);
      g_assert_cmpuint (day->count, ==, count);
      g_assert_cmpfloat_with_epsilon (day->average, average, 1e-9);
    }
  g_clear_pointer (&days, g_array_unref);

  /* A range that starts and ends inside days: only the entries inside count,
   * each touched day listed. */
  {
    g_autoptr(GDateTime) noon = g_date_time_new_local (2025, 3, 3, 12, 0, 0);
    g_autoptr(GDateTime) evening = g_date_time_new_local (2025, 3, 5, 12, 0, 0);

    days = kindred_store_get_day_moods (fixture->store, noon, evening, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (days->len, ==, 3);
    g_assert_cmpint (g_array_index (days, KindredDayMood, 0).day, ==, 3);
    g_assert_cmpuint (g_array_index (days, KindredDayMood, 0).count, ==, 2);
    g_assert_cmpfloat_with_epsilon (g_array_index (days, KindredDayMood, 0).average, 1.0, 1e-9);
    g_assert_cmpuint (g_array_index (days, KindredDayMood, 1).count, ==, 0);
    g_assert_cmpuint (g_array_index (days, KindredDayMood, 2).count, ==, 1);
    g_assert_cmpfloat_with_epsilon (g_array_index (days, KindredDayMood, 2).average, 3.0, 1e-9);
    g_clear_pointer (&days, g_array_unref);
  }

  /* April starts with entry 29; an empty range is empty. */
  {
    g_autoptr(GDateTime) may = g_date_time_new_local (2025, 5, 1, 0, 0, 0);

    days = kindred_store_get_day_moods (fixture->store, to, may, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (days->len, ==, 30);
    g_assert_cmpuint (g_array_index (days, KindredDayMood, 0).count, ==, 1);
    g_assert_cmpfloat_with_epsilon (g_array_index (days, KindredDayMood, 0).average, 5.0, 1e-9);
    g_assert_cmpuint (g_array_index (days, KindredDayMood, 1).count, ==, 1);
    g_clear_pointer (&days, g_array_unref);

    days = kindred_store_get_day_moods (fixture->store, to, to, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (days->len, ==, 0);
  }
}

static void
test_search_strategies (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KindredStrategy) tea = kindred_strategy_new ();
  g_autoptr(KindredStrategy) loaded = NULL;
  g_autoptr(KindredStrategy) walk = NULL;
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  g_autoptr(GDateTime) created_at = NULL;
  guint64 hlc;
  guint uses = 99;
  double helped = -1;
  guint changed = 0;

  g_signal_connect (fixture->store, "strategies-changed", G_CALLBACK (count_cb), &changed);

  list = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (kindred_strategy_get_name (g_ptr_array_index (list, 0)), ==, "Box breathing");
  g_assert_cmpstr (kindred_strategy_get_name (g_ptr_array_index (list, 1)), ==, "A short walk");
  g_assert_cmpstr (kindred_strategy_get_name (g_ptr_array_index (list, 2)), ==, "Call a friend");
  g_assert_true (kindred_strategy_get_builtin (g_ptr_array_index (list, 0)));
  g_assert_cmpstr (kindred_strategy_get_description (g_ptr_array_index (list, 0)), ==,
                   "In, hold, out, hold: four counts each.");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A strategy of the user's own. */
  kindred_strategy_set_name (tea, "Make a cup of tea");
  kindred_strategy_set_category (tea, "comfort");
  kindred_strategy_set_description (tea, "Slowly, and drink it warm.");
  kindred_store_save_strategy (fixture->store, tea, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (kindred_strategy_get_hlc (tea), >, 0);
  g_assert_nonnull (kindred_strategy_get_created_at (tea));
  g_assert_nonnull (kindred_strategy_get_updated_at (tea));
  created_at = g_date_time_ref (kindred_strategy_get_created_at (tea));
  hlc = kindred_strategy_get_hlc (tea);

  loaded = kindred_store_get_strategy (fixture->store, kindred_strategy_get_uuid (tea), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_strategy_get_name (loaded), ==, "Make a cup of tea");
  g_assert_cmpstr (kindred_strategy_get_category (loaded), ==, "comfort");
  g_assert_cmpstr (kindred_strategy_get_description (loaded), ==, "Slowly, and drink it warm.");
  g_assert_false (kindred_strategy_get_builtin (loaded));
  g_assert_false (kindred_strategy_get_archived (loaded));
  g_assert_cmpuint (kindred_strategy_get_hlc (loaded), ==, hlc);
  g_assert_true (g_date_time_equal (kindred_strategy_get_created_at (loaded), created_at));

  /* Edit: same row, new stamp, first save's time kept. */
  kindred_strategy_set_name (loaded, "Make tea");
  kindred_store_save_strategy (fixture->store, loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_strategy_get_hlc (loaded), >, hlc);
  g_assert_true (g_date_time_equal (kindred_strategy_get_created_at (loaded), created_at));

  list = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  /* breathing, comfort, physical, reaching out */
  g_assert_cmpstr (kindred_strategy_get_name (g_ptr_array_index (list, 1)), ==, "Make tea");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A name is needed; a damaged uuid is refused. */
  {
    g_autoptr(KindredStrategy) nameless = kindred_strategy_new ();
    g_autoptr(KindredStrategy) damaged = kindred_strategy_new_with_uuid ("not-a-uuid");

    kindred_strategy_set_name (nameless, "   ");
    g_assert_false (kindred_store_save_strategy (fixture->store, nameless, &error));
    g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID);
    g_clear_error (&error);
    kindred_strategy_set_name (damaged, "Anything");
    g_assert_false (kindred_store_save_strategy (fixture->store, damaged, &error));
    g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Stats, worked by hand: walk helped 3, 2, 4, 3, 4, 3. */
  kindred_store_get_strategy_stats (fixture->store, S_WALK, &uses, &helped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses, ==, 6);
  g_assert_cmpfloat_with_epsilon (helped, 19.0 / 6.0, 1e-9);
  kindred_store_get_strategy_stats (fixture->store, S_CALL, &uses, &helped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses, ==, 5);
  g_assert_cmpfloat_with_epsilon (helped, 14.0 / 5.0, 1e-9);
  kindred_store_get_strategy_stats (fixture->store, kindred_strategy_get_uuid (tea), &uses,
                                    &helped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses, ==, 0);
  g_assert_cmpfloat (helped, ==, 0);
  g_assert_false (kindred_store_get_strategy_stats (fixture->store,
                                                    "5b0a1f3e-0c1d-4e2f-8a3b-4c5d6e7f8aff",
                                                    &uses, &helped, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Archiving hides it from the list, and nothing else changes. */
  changed = 0;
  kindred_store_archive_strategy (fixture->store, S_WALK, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  list = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpstr (kindred_strategy_get_uuid (g_ptr_array_index (list, i)), !=, S_WALK);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kindred_store_list_strategies (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_clear_pointer (&list, g_ptr_array_unref);

  walk = kindred_store_get_strategy (fixture->store, S_WALK, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_strategy_get_archived (walk));

  entry = kindred_store_get_entry (fixture->store, fixture->uuids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_entry_get_n_strategies (entry), ==, 1);
  g_assert_cmpstr (kindred_entry_get_strategy (entry, 0, NULL), ==, S_WALK);
  kindred_entry_filter_set_strategy (filter, S_WALK);
  CHECK (fixture, filter, 0, 9, 16, 19, 24, 28);
  kindred_store_get_strategy_stats (fixture->store, S_WALK, &uses, &helped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses, ==, 6);

  /* The seeder runs again at the next start: archived stays archived, and a
   * strategy already as given is not written again (no new stamp for sync). */
  hlc = kindred_strategy_get_hlc (walk);
  kindred_store_add_strategy (fixture->store, S_WALK, "A short walk", "physical", NULL, TRUE,
                              &error);
  g_assert_no_error (error);
  g_clear_object (&walk);
  walk = kindred_store_get_strategy (fixture->store, S_WALK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_strategy_get_hlc (walk), ==, hlc);
  g_assert_true (kindred_strategy_get_archived (walk));

  kindred_store_add_strategy (fixture->store, S_WALK, "A gentle walk", "physical",
                              "Ten minutes outside.", TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&walk);
  walk = kindred_store_get_strategy (fixture->store, S_WALK, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_strategy_get_name (walk), ==, "A gentle walk");
  g_assert_cmpstr (kindred_strategy_get_description (walk), ==, "Ten minutes outside.");
  g_assert_cmpuint (kindred_strategy_get_hlc (walk), >, hlc);
  g_assert_true (kindred_strategy_get_archived (walk));

  /* Back from the archive. */
  kindred_store_archive_strategy (fixture->store, S_WALK, FALSE, &error);
  g_assert_no_error (error);
  list = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);

  g_assert_false (kindred_store_archive_strategy (fixture->store,
                                                  "5b0a1f3e-0c1d-4e2f-8a3b-4c5d6e7f8aff",
                                                  TRUE, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (kindred_store_get_strategy (fixture->store,
                                             "5b0a1f3e-0c1d-4e2f-8a3b-4c5d6e7f8aff", &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_signal_handlers_disconnect_by_func (fixture->store, count_cb, &changed);
}

static void
test_search_emotions (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint total = 0;

  g_assert_cmpuint (kindred_emotions_get_n_groups (), >=, 5);
  for (guint g = 0; g < kindred_emotions_get_n_groups (); g++)
    {
      const KindredEmotion *emotions;
      guint n = 0;

      g_assert_nonnull (kindred_emotions_get_group_label (g));
      emotions = kindred_emotions_get (g, &n);
      g_assert_cmpuint (n, >, 0);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpuint (emotions[i].group, ==, g);
          /* Stable ids: lowercase ASCII letters only, each once. */
          for (const char *p = emotions[i].id; *p != '\0'; p++)
            g_assert_true (*p >= 'a' && *p <= 'z');
          g_assert_false (g_hash_table_contains (ids, emotions[i].id));
          g_hash_table_add (ids, (gpointer) emotions[i].id);
          g_assert_cmpstr (kindred_emotion_get_label (emotions[i].id), ==, emotions[i].label);
          g_assert_cmpint (kindred_emotion_get_group (emotions[i].id), ==, (int) g);
          total++;
        }
    }

  g_assert_cmpuint (total, >=, 25);
  for (guint i = 0; i < N_ROWS; i++)
    if (rows[i].emotions != NULL)
      {
        g_auto(GStrv) parts = g_strsplit (rows[i].emotions, ",", -1);

        for (guint j = 0; parts[j] != NULL; j++)
          {
            g_auto(GStrv) pair = g_strsplit (parts[j], ":", 2);

            g_assert_nonnull (kindred_emotion_get_label (pair[0]));
          }
      }
  g_assert_cmpstr (kindred_emotion_get_label ("calm"), ==, "Calm");
  g_assert_null (kindred_emotion_get_label ("an-id-from-an-import"));
  g_assert_null (kindred_emotion_get_label (NULL));
  g_assert_cmpint (kindred_emotion_get_group ("an-id-from-an-import"), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the local time zone: days are Berlin days. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  tzset ();
  /* The labels as written: no translation in the test's environment. */
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/text/prefix-and-fields", Fixture, NULL,
              fixture_set_up, test_search_text, fixture_tear_down);
  g_test_add ("/search/filter/each", Fixture, NULL,
              fixture_set_up, test_search_filters, fixture_tear_down);
  g_test_add ("/search/filter/combined", Fixture, NULL,
              fixture_set_up, test_search_combined, fixture_tear_down);
  g_test_add_func ("/search/filter/changed-signal", test_search_filter_signal);
  g_test_add ("/search/list-model/filter", Fixture, NULL,
              fixture_set_up, test_search_list_model, fixture_tear_down);
  g_test_add ("/search/plan/no-sort-no-row-reads", Fixture, NULL,
              fixture_set_up, test_search_plan, fixture_tear_down);
  g_test_add ("/search/triggers/completion", Fixture, NULL,
              fixture_set_up, test_search_triggers, fixture_tear_down);
  g_test_add ("/search/day-moods/berlin-march", Fixture, NULL,
              fixture_set_up, test_search_day_moods, fixture_tear_down);
  g_test_add ("/search/strategies/save-archive-stats", Fixture, NULL,
              fixture_set_up, test_search_strategies, fixture_tear_down);
  g_test_add_func ("/search/emotions/table", test_search_emotions);

  return g_test_run ();
}

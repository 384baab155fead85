/* test-journal-view.c: the Journal view (browse, search, filters, calendar) under
 * Xvfb, on a real encrypted journal with known entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kindred-calendar.h"
#include "kindred-entry-row.h"
#include "kindred-filter-popover.h"
#include "kindred-journal-view.h"
#include "kindred-application.h"

/* 40 entries, two a day, every fourth day from Wednesday 1 January 2025 */
#define N_ENTRIES   40
#define FIRST_YEAR  2025

static const char *bodies[] = {
  "Walked by the river",
  "Called my sister",
  "Rain all afternoon",
  "Riverside café with Sam",
};

typedef struct
{
  char      *dir;
  KindredStore *store;
  char      *strategy_uuid;
  char      *uuids[N_ENTRIES];     /* by index i: entry i */
  GtkWidget *window;
  KindredJournalView *view;
} Fixture;

static gboolean can_run;

#define SPIN_UNTIL(cond) \
  G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static void
flush_events (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The known journal, as functions of the entry's index */
static GDateTime *
entry_time (int i)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (FIRST_YEAR, 1, 1, i % 2 == 0 ? 9 : 18, 30, 0);

  return g_date_time_add_days (day, (i / 2) * 4);
}

static int
entry_mood (int i)
{
  return 1 + i % 5;
}

static gboolean has_calm (int i) { return i % 3 == 0; }
static gboolean has_work (int i) { return i % 5 == 0; }
static gboolean has_strategy (int i) { return i % 2 == 0; }

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredStrategy) strategy = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  int width = GPOINTER_TO_INT (data);

  if (!can_run)
    return;

  fixture->dir = g_dir_make_tmp ("kindred-test-journal-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  key = kindred_key_new_random ();
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);

  strategy = kindred_strategy_new ();
  kindred_strategy_set_name (strategy, "Slow breathing");
  g_assert_true (kindred_store_save_strategy (fixture->store, strategy, &error));
  g_assert_no_error (error);
  fixture->strategy_uuid = g_strdup (kindred_strategy_get_uuid (strategy));

  for (int i = 0; i < N_ENTRIES; i++)
    {
      KindredEntry *entry = kindred_entry_new ();
      g_autoptr(GDateTime) created_at = entry_time (i);

      kindred_entry_set_created_at (entry, created_at);
      kindred_entry_set_mood (entry, entry_mood (i));
      kindred_entry_set_body (entry, bodies[i % 4]);
      if (has_calm (i))
        kindred_entry_set_emotion (entry, "calm", 3);
      if (has_work (i))
        kindred_entry_add_trigger (entry, "work");
      if (has_strategy (i))
        kindred_entry_set_strategy (entry, fixture->strategy_uuid, 3);
      fixture->uuids[i] = g_strdup (kindred_entry_get_uuid (entry));
      g_ptr_array_add (entries, entry);
    }
  g_assert_true (kindred_store_save_entries (fixture->store, entries, &error));
  g_assert_no_error (error);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width > 0 ? width : 1000, 700);
  fixture->view = KINDRED_JOURNAL_VIEW (kindred_journal_view_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  kindred_journal_view_set_store (fixture->view, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  /* Laid out at the width asked for (the leaflet folds or not by it) */
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)) &&
              gtk_widget_get_width (GTK_WIDGET (fixture->view)) ==
              (width > 0 ? width : 1000));
  flush_events ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!can_run)
    return;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  flush_events ();
  kindred_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  for (int i = 0; i < N_ENTRIES; i++)
    g_free (fixture->uuids[i]);
  g_free (fixture->strategy_uuid);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
skip_if_no_display (void)
{
  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return TRUE;
    }

  return FALSE;
}

static GtkWidget *
lookup (Fixture    *fixture,
        const char *name)
{
  GtkWidget *widget = kindred_journal_view_lookup_widget (fixture->view, name);

  g_assert_nonnull (widget);

  return widget;
}

static guint
n_shown (Fixture *fixture)
{
  flush_events ();

  return g_list_model_get_n_items (kindred_journal_view_get_entries (fixture->view));
}

static guint
n_expected (gboolean (*predicate) (int i, gpointer data),
            gpointer  data)
{
  guint n = 0;

  for (int i = 0; i < N_ENTRIES; i++)
    if (predicate (i, data))
      n++;

  return n;
}

static int
index_of (Fixture    *fixture,
          const char *uuid)
{
  for (int i = 0; i < N_ENTRIES; i++)
    if (g_strcmp0 (fixture->uuids[i], uuid) == 0)
      return i;

  g_assert_not_reached ();
}

/* Every KindredEntryRow the list bound, with an entry */
static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (KINDRED_IS_ENTRY_ROW (widget))
    {
      if (kindred_entry_row_get_entry (KINDRED_ENTRY_ROW (widget)) != NULL &&
          gtk_widget_get_child_visible (gtk_widget_get_parent (widget)))
        g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static void
type_search (Fixture    *fixture,
             const char *text)
{
  KindredEntryFilter *filter = kindred_journal_view_get_filter (fixture->view);

  gtk_editable_set_text (GTK_EDITABLE (lookup (fixture, "search_entry")), text);
  /* search-changed comes after GtkSearchEntry's short pause */
  SPIN_UNTIL (g_strcmp0 (kindred_entry_filter_get_text (filter), *text ? text : NULL) == 0);
}

/* Browse */

static void
test_journal_view_browse_order (Fixture       *fixture,
                                gconstpointer  data)
{
  GListModel *entries;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  if (skip_if_no_display ())
    return;

  entries = kindred_journal_view_get_entries (fixture->view);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, N_ENTRIES);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (lookup (fixture, "stack"))),
                   ==, "browse");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (lookup (fixture, "content_stack"))),
                   ==, "list");

  /* Newest first */
  for (guint position = 0; position < 5; position++)
    {
      g_autoptr(KindredEntry) entry = g_list_model_get_item (entries, position);

      g_assert_cmpint (index_of (fixture, kindred_entry_get_uuid (entry)), ==,
                       N_ENTRIES - 1 - (int) position);
    }

  /* The rows on screen: a day header exactly on the first entry of each day */
  SPIN_UNTIL ((collect_rows (lookup (fixture, "list_view"), rows), rows->len > 0));
  g_assert_cmpuint (rows->len, >=, 4);
  for (guint r = 0; r < rows->len; r++)
    {
      KindredEntryRow *row = g_ptr_array_index (rows, r);
      int i = index_of (fixture, kindred_entry_get_uuid (kindred_entry_row_get_entry (row)));
      const char *header = kindred_entry_row_get_day_header (row);

      /* Newest first: the evening entry (odd i) opens its day */
      if (i % 2 == 1)
        {
          g_autoptr(GDateTime) created_at = entry_time (i);
          g_autofree char *expected = g_date_time_format (created_at, "%A %-d %B %Y");

          g_assert_cmpstr (header, ==, expected);
        }
      else
        g_assert_null (header);
    }
}

static void
test_journal_view_day_header_helper (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 5, 12, 0, 0);
  g_autoptr(GDateTime) today_late = g_date_time_new_local (2026, 3, 5, 23, 30, 0);
  g_autoptr(GDateTime) today_early = g_date_time_new_local (2026, 3, 5, 0, 10, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_new_local (2026, 3, 4, 23, 59, 0);
  g_autoptr(GDateTime) tuesday = g_date_time_new_local (2026, 3, 3, 8, 0, 0);
  g_autoptr(GDateTime) last_year = g_date_time_new_local (2025, 12, 31, 8, 0, 0);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

  a = kindred_entry_row_dup_day_header (today_late, NULL, now);
  g_assert_cmpstr (a, ==, "Today");
  /* Same local day as the entry above: no header */
  b = kindred_entry_row_dup_day_header (today_early, today_late, now);
  g_assert_null (b);
  c = kindred_entry_row_dup_day_header (yesterday, today_early, now);
  g_assert_cmpstr (c, ==, "Yesterday");
  d = kindred_entry_row_dup_day_header (tuesday, yesterday, now);
  g_assert_cmpstr (d, ==, "Tuesday 3 March");
  e = kindred_entry_row_dup_day_header (last_year, tuesday, now);
  g_assert_cmpstr (e, ==, "Wednesday 31 December 2025");
  f = kindred_entry_row_dup_day_header (tuesday, tuesday, now);
  g_assert_null (f);
}

static void
test_journal_view_browse_open (Fixture       *fixture,
                               gconstpointer  data)
{
  KindredEntryEditor *editor;
  g_autoptr(KindredEntry) first = NULL;

  if (skip_if_no_display ())
    return;

  /* Activating a row (a click, or Enter) opens that entry beside the list */
  first = g_list_model_get_item (kindred_journal_view_get_entries (fixture->view), 0);
  g_signal_emit_by_name (lookup (fixture, "list_view"), "activate", 0);
  g_assert_true (kindred_journal_view_get_editing (fixture->view));
  editor = kindred_journal_view_get_editor (fixture->view);
  g_assert_cmpstr (kindred_entry_get_uuid (kindred_entry_editor_get_entry (editor)),
                   ==, kindred_entry_get_uuid (first));
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (lookup (fixture, "leaflet"))));
  g_assert_true (gtk_widget_get_mapped (lookup (fixture, "list_view")));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));

  /* The list marks the open entry, and only that one */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    guint n_current = 0;

    collect_rows (lookup (fixture, "list_view"), rows);
    for (guint r = 0; r < rows->len; r++)
      if (gtk_widget_has_css_class (g_ptr_array_index (rows, r), "current"))
        {
          g_assert_cmpstr (kindred_entry_get_uuid (kindred_entry_row_get_entry (g_ptr_array_index (rows, r))),
                           ==, kindred_entry_get_uuid (first));
          n_current++;
        }
    g_assert_cmpuint (n_current, ==, 1);
  }

  kindred_journal_view_close_editor (fixture->view);
  g_assert_false (kindred_journal_view_get_editing (fixture->view));
  g_assert_null (kindred_entry_editor_get_entry (editor));
}

/* Search */

static gboolean
matches_river (int i, gpointer data)
{
  return i % 4 == 0 || i % 4 == 3;
}

static gboolean
matches_river_cafe (int i, gpointer data)
{
  return i % 4 == 3;
}

static void
test_journal_view_search (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  if (skip_if_no_display ())
    return;

  /* Ctrl+F's action opens the bar with the entry focused */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "journal.search", NULL));
  g_assert_true (kindred_journal_view_get_search_mode (fixture->view));
  SPIN_UNTIL (gtk_widget_get_mapped (lookup (fixture, "search_entry")));

  /* A prefix: "river" and "Riverside" */
  type_search (fixture, "rIver");
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_river, NULL));

  /* Every word must match; accents and case do not matter */
  type_search (fixture, "rive CAFE");
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_river_cafe, NULL));

  /* The rows show the matched words */
  SPIN_UNTIL ((g_ptr_array_set_size (rows, 0), collect_rows (lookup (fixture, "list_view"), rows),
               rows->len > 0));
  for (guint r = 0; r < rows->len; r++)
    g_assert_cmpstr (kindred_entry_row_get_summary (g_ptr_array_index (rows, r)),
                     ==, "Riverside café with Sam");

  type_search (fixture, "nothing-like-this");
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (lookup (fixture, "content_stack"))),
                   ==, "no-results");
  g_assert_true (gtk_widget_get_mapped (lookup (fixture, "no_results_page")));

  /* Closing the search forgets the words and shows everything again */
  kindred_journal_view_set_search_mode (fixture->view, FALSE);
  g_assert_null (kindred_entry_filter_get_text (kindred_journal_view_get_filter (fixture->view)));
  g_assert_cmpuint (n_shown (fixture), ==, N_ENTRIES);
}

static void
assert_ranges (const char *text,
               const char *words,
               const char *expected)
{
  g_autoptr(GArray) ranges = kindred_text_find_matches (text, words);
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < ranges->len; i++)
    {
      KindredTextRange *range = &g_array_index (ranges, KindredTextRange, i);

      g_string_append_printf (got, "%s%u-%u", i > 0 ? " " : "", range->start, range->end);
    }

  g_assert_cmpstr (got->str, ==, expected);
}

static void
test_journal_view_search_highlight (void)
{
  assert_ranges ("Walked by the river", "river", "14-19");
  /* Prefix, any case: the whole word is marked */
  assert_ranges ("Riverside café with Sam", "RIV", "0-9");
  /* Accents are ignored both ways (the index removes diacritics); offsets are bytes */
  assert_ranges ("Riverside café with Sam", "cafe", "10-15");
  assert_ranges ("Riverside cafe with Sam", "café", "10-14");
  /* Several words, each wherever it matches; not inside a word */
  assert_ranges ("the river, the rain", "the ra", "0-3 11-14 15-19");
  assert_ranges ("overriver", "river", "");
  /* Quotes and operators are plain characters to a person */
  assert_ranges ("rain \"river\"", "\"rain\" OR", "0-4");
  assert_ranges ("anything", "", "");
  assert_ranges ("", "word", "");
}

/* Filters */

static gboolean
matches_mood_4_5 (int i, gpointer data)
{
  return entry_mood (i) >= 4;
}

static gboolean
matches_mood_2_3 (int i, gpointer data)
{
  return entry_mood (i) >= 2 && entry_mood (i) <= 3;
}

static gboolean
matches_calm (int i, gpointer data)
{
  return has_calm (i);
}

static gboolean
matches_work (int i, gpointer data)
{
  return has_work (i);
}

static gboolean
matches_strategy (int i, gpointer data)
{
  return has_strategy (i);
}

static gboolean
matches_february (int i, gpointer data)
{
  g_autoptr(GDateTime) created_at = entry_time (i);

  return g_date_time_get_month (created_at) == 2;
}

static gboolean
matches_river_mood_4_5 (int i, gpointer data)
{
  return matches_river (i, NULL) && matches_mood_4_5 (i, NULL);
}

static gboolean
matches_river_calm_work (int i, gpointer data)
{
  return matches_river (i, NULL) && has_calm (i) && has_work (i);
}

static void
clear_filters (Fixture *fixture)
{
  /* The visible "Clear filters" button, one click away */
  g_assert_true (gtk_widget_get_visible (lookup (fixture, "clear_filters_button")));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (lookup (fixture, "chips_revealer"))));
  g_signal_emit_by_name (lookup (fixture, "clear_filters_button"), "clicked");
  g_assert_cmpuint (kindred_entry_filter_count_conditions (
                      kindred_journal_view_get_filter (fixture->view)), ==, 0);
}

static void
assert_filter_count (Fixture *fixture,
                     guint    count)
{
  GtkWidget *label = lookup (fixture, "filter_count_label");
  g_autofree char *text = g_strdup_printf ("%u", count);
  g_autofree char *accessible = g_strdup_printf ("Filters, %u on", count);

  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, text);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (lookup (fixture, "filter_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, accessible);
}

static void
select_in_calendar (GtkCalendar *calendar,
                    int          year,
                    int          month,
                    int          day)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 12, 0, 0);

  /* As a click on the day does: select it, then "day-selected" */
  gtk_calendar_select_day (calendar, date);
  g_signal_emit_by_name (calendar, "day-selected");
}

static void
test_journal_view_filters (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *filter_button;
  GtkDropDown *drop_down;
  guint strategy_index;
  GListModel *strategies;

  if (skip_if_no_display ())
    return;

  filter_button = lookup (fixture, "filter_button");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (filter_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Filters");
  g_assert_false (gtk_widget_get_visible (lookup (fixture, "filter_count_label")));
  gtk_menu_button_popup (GTK_MENU_BUTTON (filter_button));
  SPIN_UNTIL (gtk_widget_get_mapped (lookup (fixture, "filter_popover")));

  /* Mood range */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_from")), 4);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_to")), 5);
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_mood_4_5, NULL));
  assert_filter_count (fixture, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_from")), 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_to")), 3);
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_mood_2_3, NULL));
  clear_filters (fixture);
  g_assert_cmpuint (n_shown (fixture), ==, N_ENTRIES);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (lookup (fixture, "mood_from"))),
                    ==, 0);

  /* Emotion: the curated list, "Calm" first */
  drop_down = GTK_DROP_DOWN (lookup (fixture, "emotion"));
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (drop_down)),
                   ==, "Any emotion");
  gtk_drop_down_set_selected (drop_down, 1);
  g_assert_cmpstr (kindred_entry_filter_get_emotion (kindred_journal_view_get_filter (fixture->view)),
                   ==, "calm");
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_calm, NULL));
  clear_filters (fixture);

  /* Trigger: one used before applies as it is typed (completion knows it) */
  gtk_editable_set_text (GTK_EDITABLE (lookup (fixture, "trigger")), "wor");
  g_assert_cmpuint (n_shown (fixture), ==, N_ENTRIES);
  gtk_editable_set_text (GTK_EDITABLE (lookup (fixture, "trigger")), "Work");
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_work, NULL));
  clear_filters (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (lookup (fixture, "trigger"))), ==, "");

  /* Strategy: by name from the journal's strategies */
  drop_down = GTK_DROP_DOWN (lookup (fixture, "strategy"));
  strategies = gtk_drop_down_get_model (drop_down);
  strategy_index = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < g_list_model_get_n_items (strategies); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (strategies, i);

      if (g_strcmp0 (gtk_string_object_get_string (name), "Slow breathing") == 0)
        strategy_index = i;
    }
  g_assert_cmpuint (strategy_index, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (drop_down, strategy_index);
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_strategy, NULL));
  clear_filters (fixture);

  /* Dates: 1 to 28 February, both included */
  select_in_calendar (GTK_CALENDAR (lookup (fixture, "date_from_calendar")), FIRST_YEAR, 2, 1);
  select_in_calendar (GTK_CALENDAR (lookup (fixture, "date_to_calendar")), FIRST_YEAR, 2, 28);
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_february, NULL));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (lookup (fixture, "date_from"))),
                   ==, "1 Feb 2025");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (lookup (fixture, "date_to"))),
                   ==, "28 Feb 2025");
  assert_filter_count (fixture, 1);

  /* Clear from inside the popover too */
  g_signal_emit_by_name (lookup (fixture, "clear"), "clicked");
  g_assert_cmpuint (n_shown (fixture), ==, N_ENTRIES);
  g_assert_false (gtk_widget_get_visible (lookup (fixture, "filter_count_label")));
}

static void
test_journal_view_filters_with_search (Fixture       *fixture,
                                       gconstpointer  data)
{
  if (skip_if_no_display ())
    return;

  kindred_journal_view_set_search_mode (fixture->view, TRUE);
  type_search (fixture, "river");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_from")), 4);
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_river_mood_4_5, NULL));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_from")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "emotion")), 1);
  gtk_editable_set_text (GTK_EDITABLE (lookup (fixture, "trigger")), "work");
  g_signal_emit_by_name (lookup (fixture, "trigger"), "activate");
  assert_filter_count (fixture, 2);
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_river_calm_work, NULL));

  /* Clear filters keeps the words; the empty state's button clears both */
  clear_filters (fixture);
  g_assert_cmpstr (kindred_entry_filter_get_text (kindred_journal_view_get_filter (fixture->view)),
                   ==, "river");
  g_assert_cmpuint (n_shown (fixture), ==, n_expected (matches_river, NULL));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_from")), 5);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "emotion")), 1);
  if (n_shown (fixture) == 0)
    {
      g_assert_true (gtk_widget_get_mapped (lookup (fixture, "no_results_page")));
      g_signal_emit_by_name (lookup (fixture, "no_results_clear_button"), "clicked");
      g_assert_true (kindred_entry_filter_is_empty (kindred_journal_view_get_filter (fixture->view)));
      g_assert_cmpuint (n_shown (fixture), ==, N_ENTRIES);
    }
}

/* Calendar */

static void
test_journal_view_calendar (Fixture       *fixture,
                            gconstpointer  data)
{
  KindredCalendar *calendar;
  GtkWidget *button;
  GtkRoot *root;
  GtkEventController *keys = NULL;
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;
  int column, row;

  if (skip_if_no_display ())
    return;

  calendar = KINDRED_CALENDAR (lookup (fixture, "calendar"));
  g_signal_emit_by_name (lookup (fixture, "calendar_toggle"), "clicked");
  g_assert_true (kindred_journal_view_get_show_calendar (fixture->view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (calendar)));

  /* Monday first, from Preferences */
  kindred_calendar_set_first_weekday (calendar, 1);
  kindred_calendar_set_month (calendar, FIRST_YEAR, 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kindred_calendar_lookup_widget (calendar, "title"))),
                   ==, "January 2025");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (kindred_calendar_lookup_widget (calendar, "previous")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Previous month");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (kindred_calendar_lookup_widget (calendar, "next")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Next month");

  /* Each day with entries carries its average mood, in colour and in words */
  for (int day = 1; day <= 31; day++)
    {
      g_autoptr(GDateTime) noon = g_date_time_new_local (FIRST_YEAR, 1, day, 12, 0, 0);
      g_autofree char *name = g_date_time_format (noon, "%A %-d %B");
      g_autofree char *label = NULL;
      int k = (day - 1) / 4;
      static const char *words[] = { NULL, "Awful", "Bad", "Okay", "Good", "Great" };

      button = kindred_calendar_get_day_button (calendar, day);
      g_assert_nonnull (button);
      if ((day - 1) % 4 == 0)
        {
          int mood = (int) lround ((entry_mood (2 * k) + entry_mood (2 * k + 1)) / 2.0);
          g_autofree char *css = g_strdup_printf ("mood-%d", mood);

          g_assert_true (gtk_widget_has_css_class (button, css));
          label = g_strdup_printf ("%s, 2 entries, mood around %s", name, words[mood]);
        }
      else
        {
          for (int mood = 1; mood <= 5; mood++)
            {
              g_autofree char *css = g_strdup_printf ("mood-%d", mood);

              g_assert_false (gtk_widget_has_css_class (button, css));
            }
          label = g_strdup_printf ("%s, no entries", name);
        }
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, label);
    }
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (kindred_calendar_get_day_button (calendar, 1)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Wednesday 1 January, 2 entries, mood around Bad");

  /* 1 January 2025 was a Wednesday: third column when weeks start on Monday,
   * fourth when they start on Sunday (the GSettings key is followed) */
  button = kindred_calendar_get_day_button (calendar, 1);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (button)), button, &column, &row, NULL, NULL);
  g_assert_cmpint (column, ==, 2);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_int (settings, "first-weekday", 0);
    flush_events ();
    g_assert_cmpint (kindred_calendar_get_first_weekday (calendar), ==, 0);
    button = kindred_calendar_get_day_button (calendar, 1);
    gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (button)), button, &column, &row,
                          NULL, NULL);
    g_assert_cmpint (column, ==, 3);
    g_settings_reset (settings, "first-weekday");
  }

  /* Keyboard: arrows move between days, across months; Page Down changes month */
  controllers = gtk_widget_observe_controllers (gtk_widget_get_parent (button));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        keys = controller;
    }
  g_assert_nonnull (keys);
  root = gtk_widget_get_root (GTK_WIDGET (calendar));

  kindred_calendar_focus_day (calendar, 31);
  g_assert_true (gtk_root_get_focus (root) == kindred_calendar_get_day_button (calendar, 31));
  /* One tab stop for the whole month, where the arrows left it */
  for (int day = 1; day <= 31; day++)
    g_assert_true (gtk_widget_get_focusable (kindred_calendar_get_day_button (calendar, day))
                   == (day == 31));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpint (kindred_calendar_get_month (calendar), ==, 2);
  g_assert_true (gtk_root_get_focus (root) == kindred_calendar_get_day_button (calendar, 1));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (gtk_root_get_focus (root) == kindred_calendar_get_day_button (calendar, 8));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Left, 0, 0, &handled);
  g_assert_cmpint (kindred_calendar_get_month (calendar), ==, 1);
  g_assert_true (gtk_root_get_focus (root) == kindred_calendar_get_day_button (calendar, 31));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Page_Down, 0, 0, &handled);
  g_assert_cmpint (kindred_calendar_get_month (calendar), ==, 2);
  /* 31 February does not exist: the last day of February */
  g_assert_true (gtk_root_get_focus (root) == kindred_calendar_get_day_button (calendar, 28));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Page_Up, 0, 0, &handled);
  g_assert_cmpint (kindred_calendar_get_month (calendar), ==, 1);
  g_assert_true (gtk_root_get_focus (root) == kindred_calendar_get_day_button (calendar, 28));

  /* Choosing a day (Enter, Space or a click activate the button) shows its entries */
  gtk_widget_activate (kindred_calendar_get_day_button (calendar, 5));
  /* A button shows itself pressed for a moment before "clicked" */
  SPIN_UNTIL (!kindred_journal_view_get_show_calendar (fixture->view));
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_true (gtk_widget_get_visible (lookup (fixture, "day_chip")));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (lookup (fixture, "day_chip")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Show all days, not only 5 January");
  {
    g_autoptr(KindredEntry) evening = g_list_model_get_item (kindred_journal_view_get_entries (fixture->view), 0);
    g_autoptr(KindredEntry) morning = g_list_model_get_item (kindred_journal_view_get_entries (fixture->view), 1);

    g_assert_cmpint (index_of (fixture, kindred_entry_get_uuid (evening)), ==, 3);
    g_assert_cmpint (index_of (fixture, kindred_entry_get_uuid (morning)), ==, 2);
  }

  /* The chip clears it */
  g_signal_emit_by_name (lookup (fixture, "day_chip"), "clicked");
  g_assert_false (gtk_widget_get_visible (lookup (fixture, "day_chip")));
  g_assert_cmpuint (n_shown (fixture), ==, N_ENTRIES);

  /* A day without entries: the list says so, and offers the way back */
  g_signal_emit_by_name (lookup (fixture, "calendar_toggle"), "clicked");
  gtk_widget_activate (kindred_calendar_get_day_button (calendar, 2));
  SPIN_UNTIL (!kindred_journal_view_get_show_calendar (fixture->view));
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (lookup (fixture, "content_stack"))),
                   ==, "no-results");
}

/* Narrow */

static void
assert_fits (Fixture *fixture)
{
  int min_width = 0;

  flush_events ();
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
}

static void
test_journal_view_narrow (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwLeaflet *leaflet;

  if (skip_if_no_display ())
    return;

  leaflet = ADW_LEAFLET (lookup (fixture, "leaflet"));
  SPIN_UNTIL (adw_leaflet_get_folded (leaflet));
  assert_fits (fixture);

  kindred_journal_view_set_search_mode (fixture->view, TRUE);
  type_search (fixture, "river");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lookup (fixture, "mood_from")), 4);
  assert_fits (fixture);

  kindred_journal_view_set_show_calendar (fixture->view, TRUE);
  assert_fits (fixture);
  kindred_journal_view_set_show_calendar (fixture->view, FALSE);

  /* The editor covers the list, with a way back */
  g_signal_emit_by_name (lookup (fixture, "list_view"), "activate", 0);
  g_assert_true (kindred_journal_view_get_editing (fixture->view));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == lookup (fixture, "editor_stack"));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (kindred_journal_view_get_editor (fixture->view))));
  assert_fits (fixture);

  /* Going back (a swipe or Alt+Left) is being done with the entry */
  adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  g_assert_false (kindred_journal_view_get_editing (fixture->view));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == lookup (fixture, "list_pane"));

  /* So is the editor's own Done */
  g_signal_emit_by_name (lookup (fixture, "list_view"), "activate", 2);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == lookup (fixture, "editor_stack"));
  g_signal_emit_by_name (kindred_journal_view_get_editor (fixture->view), "close-requested");
  g_assert_false (kindred_journal_view_get_editing (fixture->view));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == lookup (fixture, "list_pane"));
}

static void
test_journal_view_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window;
  KindredJournalView *view;

  if (skip_if_no_display ())
    return;

  dir = g_dir_make_tmp ("kindred-test-journal-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "journal.db", NULL);
  key = kindred_key_new_random ();
  store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  view = KINDRED_JOURNAL_VIEW (kindred_journal_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  kindred_journal_view_set_store (view, store);
  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (kindred_journal_view_lookup_widget (view, "stack"))),
                   ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (
                     ADW_STATUS_PAGE (kindred_journal_view_lookup_widget (view, "empty_page"))),
                   ==, "Your journal is private");

  /* "Write your first entry" opens the editor */
  g_signal_emit_by_name (kindred_journal_view_lookup_widget (view, "write_first_button"),
                         "clicked");
  g_assert_true (kindred_journal_view_get_editing (view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (kindred_journal_view_lookup_widget (view, "stack"))),
                   ==, "browse");

  /* Closing it blank leaves nothing behind */
  kindred_journal_view_close_editor (view);
  g_assert_cmpuint (kindred_store_count_entries (store, NULL), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (kindred_journal_view_lookup_widget (view, "stack"))),
                   ==, "empty");

  /* Locking drops everything shown */
  kindred_journal_view_set_store (view, NULL);
  g_assert_null (kindred_journal_view_get_entries (view));

  gtk_window_destroy (GTK_WINDOW (window));
  flush_events ();
  kindred_store_close (store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Day boundaries and names are those of a fixed place and language */
  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  can_run = g_getenv ("DISPLAY") != NULL;

  if (can_run)
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
      kindred_ui_register_resources ();
      /* Sizes depend on the app's style sheet, as they do for a person */
      {
        g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

        gtk_css_provider_load_from_resource (css, "/io/github/kindredapp/Kindred/style.css");
        gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                    GTK_STYLE_PROVIDER (css),
                                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      }
    }
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/journal-view/browse/day-header-helper", test_journal_view_day_header_helper);
  g_test_add_func ("/journal-view/search/highlight", test_journal_view_search_highlight);
  g_test_add ("/journal-view/browse/order", Fixture, NULL,
              fixture_set_up, test_journal_view_browse_order, fixture_tear_down);
  g_test_add ("/journal-view/browse/open", Fixture, NULL,
              fixture_set_up, test_journal_view_browse_open, fixture_tear_down);
  g_test_add_func ("/journal-view/browse/empty", test_journal_view_empty);
  g_test_add ("/journal-view/search/as-you-type", Fixture, NULL,
              fixture_set_up, test_journal_view_search, fixture_tear_down);
  g_test_add ("/journal-view/filters/each", Fixture, NULL,
              fixture_set_up, test_journal_view_filters, fixture_tear_down);
  g_test_add ("/journal-view/filters/with-search", Fixture, NULL,
              fixture_set_up, test_journal_view_filters_with_search, fixture_tear_down);
  g_test_add ("/journal-view/calendar/month", Fixture, NULL,
              fixture_set_up, test_journal_view_calendar, fixture_tear_down);
  g_test_add ("/journal-view/narrow/fits", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_journal_view_narrow, fixture_tear_down);

  return g_test_run ();
}

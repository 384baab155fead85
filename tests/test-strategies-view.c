/* test-strategies-view.c: the Strategies view, its detail page and the guided
 * exercises under Xvfb, against a real SQLCipher journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "kindred-application.h"
#include "kindred-breathing-guide.h"
#include "kindred-strategies-view.h"

#define BOX_BREATHING "box-breathing"
#define FIVE_SENSES   "five-senses"

typedef struct
{
  char                   *dir;
  KindredStore           *store;
  KindredStrategyLibrary *library;
  GtkWindow              *window;
  KindredStrategiesView  *view;
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
  g_autofree char *path = NULL;

  if (!can_run)
    return;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->dir = g_dir_make_tmp ("kindred-test-strategies-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  key = kindred_key_new_random ();
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);

  fixture->library = kindred_strategy_library_new (&error);
  g_assert_no_error (error);
  kindred_strategy_library_seed (fixture->library, fixture->store, &error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 700);
  fixture->view = KINDRED_STRATEGIES_VIEW (kindred_strategies_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  kindred_strategies_view_set_store (fixture->view, fixture->store);
  gtk_window_present (fixture->window);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!can_run)
    return;

  gtk_window_destroy (fixture->window);
  flush_events ();
  g_clear_object (&fixture->library);
  kindred_store_close (fixture->store);
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
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

static void save_shot (GtkWidget  *widget,
                       const char *name);

static const char *
uuid_of (Fixture    *fixture,
         const char *slug)
{
  KindredStrategyInfo *info = kindred_strategy_library_lookup (fixture->library, slug);

  g_assert_nonnull (info);

  return kindred_strategy_info_get_id (info);
}

static void
activate (Fixture    *fixture,
          const char *action,
          const char *string_target)
{
  gboolean done;

  if (string_target != NULL)
    done = gtk_widget_activate_action (GTK_WIDGET (fixture->view), action, "s", string_target);
  else
    done = gtk_widget_activate_action (GTK_WIDGET (fixture->view), action, NULL);
  g_assert_true (done);
  flush_events ();
}

static void
activate_exercise (Fixture    *fixture,
                   const char *action)
{
  KindredExercisePage *page = kindred_strategies_view_get_exercise_page (fixture->view);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  flush_events ();
}

/* (transfer none) the preferences group a row sits in, or NULL */
static AdwPreferencesGroup *
group_of (gpointer row)
{
  return ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP));
}

static gboolean
row_is_archived (gpointer row)
{
  return gtk_widget_get_ancestor (gtk_widget_get_parent (row), ADW_TYPE_EXPANDER_ROW) != NULL;
}

static void
save_entry_with (Fixture    *fixture,
                 const char *strategy_uuid,
                 int         helped,
                 char      **uuid_out)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GError) error = NULL;

  kindred_entry_set_mood (entry, 3);
  kindred_entry_set_body (entry, "A test entry.");
  kindred_entry_set_strategy (entry, strategy_uuid, helped);
  kindred_store_save_entry (fixture->store, entry, &error);
  g_assert_no_error (error);
  if (uuid_out != NULL)
    *uuid_out = g_strdup (kindred_entry_get_uuid (entry));
}

static void
test_view_list_grouped (Fixture       *fixture,
                        gconstpointer  data)
{
  GListModel *strategies;
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  guint builtins = 0;
  int minimum = 0;
  int natural = 0;

  if (skip_if_no_display ())
    return;

  for (guint i = 0; i < kindred_strategy_library_get_n_categories (fixture->library); i++)
    g_hash_table_add (titles, kindred_strategy_library_get_category (fixture->library, i)->name);

  strategies = kindred_strategy_library_get_strategies (fixture->library);
  for (guint i = 0; i < g_list_model_get_n_items (strategies); i++)
    {
      g_autoptr(KindredStrategyInfo) info = g_list_model_get_item (strategies, i);
      AdwActionRow *row = kindred_strategies_view_find_row (fixture->view, kindred_strategy_info_get_id (info));
      const KindredStrategyCategory *category;

      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       kindred_strategy_info_get_name (info));
      /* Under the header of its own category */
      category = kindred_strategy_library_lookup_category (fixture->library,
                                                           kindred_strategy_info_get_category (info));
      g_assert_nonnull (group_of (row));
      g_assert_cmpstr (adw_preferences_group_get_title (group_of (row)), ==, category->name);
      g_assert_true (g_hash_table_contains (titles, adw_preferences_group_get_title (group_of (row))));
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Not used yet"));
      builtins++;
    }
  g_assert_cmpuint (builtins, >=, 20);

  /* Search narrows the list; a category with no match goes away with its header */
  gtk_editable_set_text (GTK_EDITABLE (kindred_strategies_view_get_search_entry (fixture->view)), "box breath");
  SPIN_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (kindred_strategies_view_find_row (fixture->view, uuid_of (fixture, FIVE_SENSES)))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kindred_strategies_view_find_row (fixture->view, uuid_of (fixture, BOX_BREATHING)))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (group_of (kindred_strategies_view_find_row (fixture->view, uuid_of (fixture, FIVE_SENSES))))));
  gtk_editable_set_text (GTK_EDITABLE (kindred_strategies_view_get_search_entry (fixture->view)), "");
  SPIN_UNTIL (gtk_widget_get_visible (GTK_WIDGET (kindred_strategies_view_find_row (fixture->view, uuid_of (fixture, FIVE_SENSES)))));

  /* It fits a phone: every page of the view at 360 px */
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
}

static void
test_view_stats (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *uuid;
  AdwActionRow *row;
  const char *stats;

  if (skip_if_no_display ())
    return;

  uuid = uuid_of (fixture, BOX_BREATHING);
  save_entry_with (fixture, uuid, 3, NULL);
  save_entry_with (fixture, uuid, 1, NULL);
  kindred_strategies_view_refresh (fixture->view);

  row = kindred_strategies_view_find_row (fixture->view, uuid);
  g_assert_nonnull (row);
  /* (3 + 1) / 2 = 2: "Somewhat" */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Used 2 times"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "helped Somewhat on average"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (kindred_strategies_view_find_row (fixture->view, uuid_of (fixture, FIVE_SENSES))),
                            "Not used yet"));

  /* The detail page: the same numbers, steps, and the exercise button */
  activate (fixture, "strategies.show-strategy", uuid);
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "detail");
  stats = gtk_label_get_label (kindred_strategy_page_get_stats_label (kindred_strategies_view_get_detail_page (fixture->view)));
  g_assert_cmpstr (stats, ==, "Used 2 times · helped Somewhat on average");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kindred_strategy_page_get_start_button (kindred_strategies_view_get_detail_page (fixture->view)))));
  activate (fixture, "strategies.back", NULL);
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "list");
}

static KindredStrategyDialog *
open_dialog (Fixture    *fixture,
             const char *action)
{
  KindredStrategyDialog *dialog;

  activate (fixture, action, NULL);
  dialog = kindred_strategies_view_get_dialog (fixture->view);
  g_assert_nonnull (dialog);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  return dialog;
}

/* What the dialog's button does: the response, then the dialog goes */
static void
respond (KindredStrategyDialog *dialog,
         const char            *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  flush_events ();
}

static void
test_view_own_strategies (Fixture       *fixture,
                          gconstpointer  data)
{
  KindredStrategyDialog *dialog;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *entry_uuid = NULL;
  AdwActionRow *row;
  int helped = -1;

  if (skip_if_no_display ())
    return;

  /* Add, through the dialog's own widgets */
  dialog = open_dialog (fixture, "strategies.add");
  gtk_editable_set_text (GTK_EDITABLE (kindred_strategy_dialog_get_name_row (dialog)), "Feed the ducks");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (kindred_strategy_dialog_get_description_view (dialog)),
                            "Bread is bad for them: peas.", -1);
  respond (dialog, "save");
  g_assert_null (kindred_strategies_view_get_dialog (fixture->view));

  listed = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    if (g_strcmp0 (kindred_strategy_get_name (g_ptr_array_index (listed, i)), "Feed the ducks") == 0)
      uuid = g_strdup (kindred_strategy_get_uuid (g_ptr_array_index (listed, i)));
  g_assert_nonnull (uuid);
  g_assert_false (kindred_strategy_get_builtin (kindred_store_get_strategy (fixture->store, uuid, NULL)));

  row = kindred_strategies_view_find_row (fixture->view, uuid);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_group_get_title (group_of (row)), ==, "My strategies");
  g_assert_false (row_is_archived (row));
  /* The dialog shows what it saved */
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "detail");

  /* Edit */
  dialog = open_dialog (fixture, "strategies.edit");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kindred_strategy_dialog_get_name_row (dialog))), ==, "Feed the ducks");
  gtk_editable_set_text (GTK_EDITABLE (kindred_strategy_dialog_get_name_row (dialog)), "Feed the ducks peas");
  respond (dialog, "save");
  row = kindred_strategies_view_find_row (fixture->view, uuid);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Feed the ducks peas");
  g_assert_cmpstr (kindred_strategy_get_name (kindred_store_get_strategy (fixture->store, uuid, NULL)), ==,
                   "Feed the ducks peas");

  /* Archive: out of "My strategies" and the pickers, into Archived; the old entry keeps it */
  save_entry_with (fixture, uuid, 4, &entry_uuid);
  activate (fixture, "strategies.archive", NULL);
  row = kindred_strategies_view_find_row (fixture->view, uuid);
  g_assert_nonnull (row);
  g_assert_true (row_is_archived (row));
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    g_assert_cmpstr (kindred_strategy_get_uuid (g_ptr_array_index (listed, i)), !=, uuid);
  entry = kindred_store_get_entry (fixture->store, entry_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_entry_get_n_strategies (entry), ==, 1);
  g_assert_cmpstr (kindred_entry_get_strategy (entry, 0, &helped), ==, uuid);
  g_assert_cmpint (helped, ==, 4);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Used 1 time"));
  if (g_getenv ("KINDRED_TEST_SHOTS") != NULL)
    {
      g_autoptr(KindredStrategy) other = kindred_strategy_new ();

      kindred_strategy_set_name (other, "Tea with the neighbour");
      kindred_store_save_strategy (fixture->store, other, &error);
      g_assert_no_error (error);
      save_shot (GTK_WIDGET (fixture->view), "own-detail.png");
      activate (fixture, "strategies.back", NULL);
      kindred_strategies_view_refresh (fixture->view);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (row)), ADW_TYPE_EXPANDER_ROW)), TRUE);
      gtk_window_set_default_size (fixture->window, 360, 1400);
      flush_events ();
      save_shot (GTK_WIDGET (fixture->view), "own-list.png");
      row = kindred_strategies_view_find_row (fixture->view, uuid);
    }

  /* Restore from the Archived group's own button */
  activate (fixture, "strategies.restore-strategy", uuid);
  row = kindred_strategies_view_find_row (fixture->view, uuid);
  g_assert_false (row_is_archived (row));
  g_assert_cmpstr (adw_preferences_group_get_title (group_of (row)), ==, "My strategies");
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static const char *
combo_text (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

/* The person's own strategy says as much as a built-in one: category, how long,
 * when it may help and steps, typed in the dialog, shown on its page */
static void
test_view_own_details (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const shown_steps[] = { "1. Run the cold tap.", "2. Splash your face.", NULL };
  KindredStrategyDialog *dialog;
  KindredStrategyPage *page;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(KindredStrategy) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *typed = NULL;
  g_auto(GStrv) steps = NULL;
  const KindredStrategyCategory *grounding;
  AdwActionRow *row;

  if (skip_if_no_display ())
    return;

  grounding = kindred_strategy_library_lookup_category (fixture->library, "grounding");
  g_assert_nonnull (grounding);
  page = kindred_strategies_view_get_detail_page (fixture->view);

  dialog = open_dialog (fixture, "strategies.add");
  /* Nothing chosen yet: no category, no length */
  g_assert_cmpstr (combo_text (kindred_strategy_dialog_get_category_row (dialog)), ==, "None");
  g_assert_cmpstr (combo_text (kindred_strategy_dialog_get_minutes_row (dialog)), ==, "Not set");
  gtk_editable_set_text (GTK_EDITABLE (kindred_strategy_dialog_get_name_row (dialog)), "Cold water");
  set_view_text (kindred_strategy_dialog_get_description_view (dialog), "Cold water on my face.");
  g_assert_true (kindred_strategy_dialog_select_category (dialog, "grounding"));
  g_assert_cmpstr (combo_text (kindred_strategy_dialog_get_category_row (dialog)), ==, grounding->name);
  g_assert_false (kindred_strategy_dialog_select_minutes (dialog, 7));
  g_assert_true (kindred_strategy_dialog_select_minutes (dialog, 5));
  g_assert_cmpstr (combo_text (kindred_strategy_dialog_get_minutes_row (dialog)), ==, "About 5 minutes");
  set_view_text (kindred_strategy_dialog_get_when_view (dialog), "When a feeling is too big.");
  set_view_text (kindred_strategy_dialog_get_steps_view (dialog), "Run the cold tap.\n\n  Splash your face.  \n");
  save_shot (GTK_WIDGET (dialog), "own-dialog.png");
  respond (dialog, "save");

  listed = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    if (g_strcmp0 (kindred_strategy_get_name (g_ptr_array_index (listed, i)), "Cold water") == 0)
      uuid = g_strdup (kindred_strategy_get_uuid (g_ptr_array_index (listed, i)));
  g_assert_nonnull (uuid);

  /* In the journal */
  stored = kindred_store_get_strategy (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_strategy_get_category (stored), ==, "grounding");
  g_assert_cmpuint (kindred_strategy_get_minutes_min (stored), ==, 5);
  g_assert_cmpuint (kindred_strategy_get_minutes_max (stored), ==, 5);
  g_assert_cmpstr (kindred_strategy_get_when (stored), ==, "When a feeling is too big.");
  g_assert_nonnull (kindred_strategy_get_steps (stored));
  g_assert_cmpuint (g_strv_length ((char **) kindred_strategy_get_steps (stored)), ==, 2);
  g_assert_cmpstr (kindred_strategy_get_steps (stored)[1], ==, "Splash your face.");

  /* On its page, as a built-in strategy shows them */
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "detail");
  {
    g_autofree char *expected = g_strdup_printf ("My strategies · %s", grounding->name);

    g_assert_cmpstr (gtk_label_get_label (kindred_strategy_page_get_category_label (page)), ==, expected);
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kindred_strategy_page_get_duration_label (page))));
  g_assert_cmpstr (gtk_label_get_label (kindred_strategy_page_get_duration_label (page)), ==, "About 5 minutes");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kindred_strategy_page_get_when_label (page))));
  g_assert_cmpstr (gtk_label_get_label (kindred_strategy_page_get_when_label (page)), ==, "When a feeling is too big.");
  steps = kindred_strategy_page_dup_steps (page);
  g_assert_nonnull (steps);
  g_assert_true (g_strv_equal ((const char * const *) steps, shown_steps));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kindred_strategy_page_get_start_button (page))));
  save_shot (GTK_WIDGET (fixture->view), "own-details.png");

  /* In the list: how long, like the built-in ones; found by when it may help */
  row = kindred_strategies_view_find_row (fixture->view, uuid);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "About 5 minutes"));
  activate (fixture, "strategies.back", NULL);
  gtk_editable_set_text (GTK_EDITABLE (kindred_strategies_view_get_search_entry (fixture->view)), "too big");
  SPIN_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (kindred_strategies_view_find_row (fixture->view, uuid_of (fixture, FIVE_SENSES)))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kindred_strategies_view_find_row (fixture->view, uuid))));
  gtk_editable_set_text (GTK_EDITABLE (kindred_strategies_view_get_search_entry (fixture->view)), "");
  activate (fixture, "strategies.show-strategy", uuid);

  /* Edit: the dialog shows what was saved; clearing it all leaves nothing behind */
  dialog = open_dialog (fixture, "strategies.edit");
  g_assert_cmpstr (combo_text (kindred_strategy_dialog_get_category_row (dialog)), ==, grounding->name);
  g_assert_cmpstr (combo_text (kindred_strategy_dialog_get_minutes_row (dialog)), ==, "About 5 minutes");
  typed = view_text (kindred_strategy_dialog_get_when_view (dialog));
  g_assert_cmpstr (typed, ==, "When a feeling is too big.");
  g_clear_pointer (&typed, g_free);
  typed = view_text (kindred_strategy_dialog_get_description_view (dialog));
  g_assert_cmpstr (typed, ==, "Cold water on my face.");
  g_clear_pointer (&typed, g_free);
  typed = view_text (kindred_strategy_dialog_get_steps_view (dialog));
  g_assert_cmpstr (typed, ==, "Run the cold tap.\nSplash your face.");
  g_assert_true (kindred_strategy_dialog_select_category (dialog, NULL));
  g_assert_true (kindred_strategy_dialog_select_minutes (dialog, 0));
  set_view_text (kindred_strategy_dialog_get_when_view (dialog), "");
  set_view_text (kindred_strategy_dialog_get_steps_view (dialog), " \n");
  respond (dialog, "save");

  g_clear_object (&stored);
  stored = kindred_store_get_strategy (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_null (kindred_strategy_get_category (stored));
  g_assert_cmpuint (kindred_strategy_get_minutes_min (stored), ==, 0);
  g_assert_null (kindred_strategy_get_when (stored));
  g_assert_null (kindred_strategy_get_steps (stored));
  g_assert_cmpstr (kindred_strategy_get_name (stored), ==, "Cold water");
  g_assert_cmpstr (gtk_label_get_label (kindred_strategy_page_get_category_label (page)), ==, "My strategies");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kindred_strategy_page_get_duration_label (page))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (kindred_strategy_page_get_when_label (page))));
  g_clear_pointer (&steps, g_strfreev);
  steps = kindred_strategy_page_dup_steps (page);
  g_assert_null (steps);
}

/* (transfer none) the first AdwActionRow under @widget titled @title, or NULL */
static AdwActionRow *
find_action_row (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_action_row (child, title);

      if (row != NULL)
        return row;
    }

  return NULL;
}

/* With none of one's own yet, the line that says "Add it here" does add one */
static void
test_view_own_placeholder (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwActionRow *placeholder;

  if (skip_if_no_display ())
    return;

  placeholder = find_action_row (GTK_WIDGET (fixture->view), "Something else that helps you? Add it here.");
  g_assert_nonnull (placeholder);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (placeholder)));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (placeholder)));
  g_assert_null (kindred_strategies_view_get_dialog (fixture->view));
  gtk_widget_activate (GTK_WIDGET (placeholder));
  flush_events ();
  g_assert_nonnull (kindred_strategies_view_get_dialog (fixture->view));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (kindred_strategies_view_get_dialog (fixture->view))));
  respond (kindred_strategies_view_get_dialog (fixture->view), "cancel");
  g_assert_null (kindred_strategies_view_get_dialog (fixture->view));
}

/* Runs the breathing exercise to its end on a clock the test moves on; returns
 * the cue texts seen, in order, without repeats */
static GPtrArray *
run_breathing (Fixture *fixture)
{
  KindredExercisePage *page = kindred_strategies_view_get_exercise_page (fixture->view);
  KindredBreathingGuide *guide = kindred_exercise_page_get_guide (page);
  GPtrArray *cues = g_ptr_array_new_with_free_func (g_free);
  gboolean saw_round_1 = FALSE;
  gboolean saw_last_round = FALSE;
  g_autofree char *last_round = NULL;
  guint steps = 0;

  kindred_breathing_guide_set_manual_clock (guide, TRUE);
  activate (fixture, "strategies.show-strategy", uuid_of (fixture, BOX_BREATHING));
  activate (fixture, "strategies.start-exercise", NULL);
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "exercise");
  g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "breathing");
  last_round = g_strdup_printf ("Round %u of %u", kindred_breathing_guide_get_cycles (guide),
                                kindred_breathing_guide_get_cycles (guide));

  while (g_strcmp0 (kindred_exercise_page_get_stage (page), "breathing") == 0)
    {
      const char *cue = gtk_label_get_label (kindred_exercise_page_get_cue_label (page));
      const char *round = gtk_label_get_label (kindred_exercise_page_get_round_label (page));

      if (cues->len == 0 || g_strcmp0 (g_ptr_array_index (cues, cues->len - 1), cue) != 0)
        g_ptr_array_add (cues, g_strdup (cue));
      const char *ellipsis = strstr (cue, "…");

      /* Screen readers get the phase (not every second of it) as the cue's description */
      if (ellipsis != NULL)
        {
          g_autofree char *word = g_strndup (cue, ellipsis - cue + strlen ("…"));
          g_autofree char *description = g_strdup_printf ("%s %s", word, round);

          gtk_test_accessible_assert_property (kindred_exercise_page_get_cue_label (page),
                                               GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
        }
      saw_round_1 |= g_strcmp0 (round, "Round 1 of 6") == 0;
      saw_last_round |= g_strcmp0 (round, last_round) == 0;

      kindred_breathing_guide_advance (guide, G_USEC_PER_SEC / 2);
      flush_events ();
      g_assert_cmpuint (++steps, <, 10000);
    }

  g_assert_true (saw_round_1);
  g_assert_true (saw_last_round);
  g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "rate");

  return cues;
}

static gboolean
cues_contain (GPtrArray  *cues,
              const char *text)
{
  for (guint i = 0; i < cues->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (cues, i), text))
      return TRUE;

  return FALSE;
}

static void
check_breathing_and_save (Fixture *fixture)
{
  KindredExercisePage *page = kindred_strategies_view_get_exercise_page (fixture->view);
  g_autoptr(GPtrArray) cues = run_breathing (fixture);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  KindredEntry *entry;
  int helped = -1;

  g_assert_true (cues_contain (cues, "Breathe in… 4"));
  g_assert_true (cues_contain (cues, "Breathe in… 1"));
  g_assert_true (cues_contain (cues, "Hold…"));
  g_assert_true (cues_contain (cues, "Breathe out…"));
  /* In order: in, hold, out, hold */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (cues, 0), "Breathe in"));

  /* Save is offered only once a choice is made */
  gtk_widget_activate_action (GTK_WIDGET (page), "exercise.save", NULL);
  g_assert_cmpuint (kindred_store_count_entries (fixture->store, NULL), ==, 0);
  g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "rate");
  gtk_check_button_set_active (kindred_exercise_page_get_helped_choice (page, 3), TRUE);
  g_assert_cmpstr (gtk_check_button_get_label (kindred_exercise_page_get_helped_choice (page, 3)), ==, "Quite a bit");
  activate_exercise (fixture, "exercise.save");

  entries = kindred_store_list_entries (fixture->store, 0, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpuint (kindred_entry_get_n_strategies (entry), ==, 1);
  g_assert_cmpstr (kindred_entry_get_strategy (entry, 0, &helped), ==, uuid_of (fixture, BOX_BREATHING));
  g_assert_cmpint (helped, ==, 3);

  /* Back on the detail page, with the news and the new numbers */
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "detail");
  kindred_strategies_view_refresh (fixture->view);
  g_assert_cmpstr (gtk_label_get_label (kindred_strategy_page_get_stats_label (kindred_strategies_view_get_detail_page (fixture->view))),
                   ==, "Used 1 time · helped Quite a bit on average");
}

static void
test_exercise_breathing (Fixture       *fixture,
                         gconstpointer  data)
{
  if (skip_if_no_display ())
    return;

  check_breathing_and_save (fixture);
}

static void
test_exercise_breathing_no_animations (Fixture       *fixture,
                                       gconstpointer  data)
{
  if (skip_if_no_display ())
    return;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  check_breathing_and_save (fixture);
}

static void
test_exercise_stop (Fixture       *fixture,
                    gconstpointer  data)
{
  KindredExercisePage *page;
  KindredBreathingGuide *guide;
  g_autoptr(GError) error = NULL;

  if (skip_if_no_display ())
    return;

  page = kindred_strategies_view_get_exercise_page (fixture->view);
  guide = kindred_exercise_page_get_guide (page);

  /* Stopping before a whole round: straight back, nothing asked */
  kindred_breathing_guide_set_manual_clock (guide, TRUE);
  activate (fixture, "strategies.show-strategy", uuid_of (fixture, BOX_BREATHING));
  activate (fixture, "strategies.start-exercise", NULL);
  kindred_breathing_guide_advance (guide, 3 * G_USEC_PER_SEC);
  activate_exercise (fixture, "exercise.stop");
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "detail");

  /* After a round: asked, and "Not now" saves nothing */
  activate (fixture, "strategies.start-exercise", NULL);
  kindred_breathing_guide_advance (guide, 17 * G_USEC_PER_SEC);
  activate_exercise (fixture, "exercise.stop");
  g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "rate");
  activate_exercise (fixture, "exercise.not-now");
  g_assert_cmpstr (kindred_strategies_view_get_page_name (fixture->view), ==, "detail");
  g_assert_cmpuint (kindred_store_count_entries (fixture->store, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_exercise_grounding (Fixture       *fixture,
                         gconstpointer  data)
{
  KindredExercisePage *page;
  KindredStrategyInfo *info;
  const char * const *prompts;
  g_autoptr(GError) error = NULL;

  if (skip_if_no_display ())
    return;

  page = kindred_strategies_view_get_exercise_page (fixture->view);
  info = kindred_strategy_library_lookup (fixture->library, FIVE_SENSES);
  prompts = kindred_strategy_info_get_prompts (info);

  g_assert_cmpuint (g_strv_length ((char **) prompts), >=, 3);
  activate (fixture, "strategies.show-strategy", kindred_strategy_info_get_id (info));
  activate (fixture, "strategies.start-exercise", NULL);
  g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "grounding");

  for (guint i = 0; prompts[i] != NULL; i++)
    {
      g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "grounding");
      g_assert_cmpstr (gtk_label_get_label (kindred_exercise_page_get_prompt_label (page)), ==, prompts[i]);
      activate_exercise (fixture, "exercise.next");
    }
  g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "rate");

  gtk_check_button_set_active (kindred_exercise_page_get_helped_choice (page, 4), TRUE);
  activate_exercise (fixture, "exercise.save");
  g_assert_cmpuint (kindred_store_count_entries (fixture->store, &error), ==, 1);
  g_assert_no_error (error);
}

static guint
count_painted_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc (width * height * 4);
  guint painted = 0;

  gdk_texture_download (texture, data, width * 4);
  for (int i = 0; i < width * height; i++)
    painted += data[i * 4 + 3] != 0; /* alpha of premultiplied ARGB32 */

  return painted;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits until the window has drawn a frame with what is on screen now */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  SPIN_UNTIL (painted);
  g_signal_handler_disconnect (clock, id);
}

static GdkTexture *
render_node (GtkWidget     *widget,
             GskRenderNode *node)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                           gtk_widget_get_height (widget)));
}

static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;

  return FALSE;
}

/* (transfer full) the whole window @widget is in, drawn afresh */
static GdkTexture *
render_window (GtkWidget *widget)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  GdkRGBA background = { 1, 1, 1, 1 };
  GtkWidget *stack = gtk_widget_get_first_child (widget);

  /* A crossfade caught halfway shows two pages at once */
  SPIN_UNTIL (!transition_running (stack));
  wait_for_frame (window);
  /* The vfunc draws the children, not the window's own CSS background */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (window), "window_bg_color", &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window)));
  GTK_WIDGET_GET_CLASS (window)->snapshot (window, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  return render_node (window, node);
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *dir = g_getenv ("KINDRED_TEST_SHOTS");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  /* Screenshots for a person to look at, only when asked for */
  if (dir == NULL)
    return;

  texture = render_window (widget);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
resize_and_wait (Fixture *fixture,
                 int      width)
{
  gtk_window_set_default_size (fixture->window, width, 700);
  gtk_widget_queue_resize (GTK_WIDGET (fixture->view));
  SPIN_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->view)) == width);
  flush_events ();
}

static void
test_guide_render (Fixture       *fixture,
                   gconstpointer  data)
{
  static const int widths[] = { 800, 360 };
  KindredExercisePage *page;
  KindredBreathingGuide *guide;

  if (skip_if_no_display ())
    return;

  page = kindred_strategies_view_get_exercise_page (fixture->view);
  guide = kindred_exercise_page_get_guide (page);

  kindred_breathing_guide_set_manual_clock (guide, TRUE);

  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          g_autoptr(GdkTexture) texture = NULL;
          g_autofree char *name = NULL;

          activate (fixture, "strategies.back", NULL);
          resize_and_wait (fixture, widths[w]);
          name = g_strdup_printf ("list-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (fixture->view), name);

          activate (fixture, "strategies.show-strategy", uuid_of (fixture, BOX_BREATHING));
          flush_events ();
          g_free (name);
          name = g_strdup_printf ("detail-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (fixture->view), name);

          activate (fixture, "strategies.start-exercise", NULL);
          kindred_breathing_guide_advance (guide, 2 * G_USEC_PER_SEC);
          SPIN_UNTIL (gtk_widget_get_width (GTK_WIDGET (guide)) > 0);
          flush_events ();

          /* The guide's own drawing, straight from its snapshot vfunc */
          {
            g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
            g_autoptr(GskRenderNode) node = NULL;

            GTK_WIDGET_GET_CLASS (guide)->snapshot (GTK_WIDGET (guide), snapshot);
            node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
            texture = render_node (GTK_WIDGET (guide), node);
          }
          g_assert_cmpint (gdk_texture_get_width (texture), >, 0);
          g_assert_cmpuint (count_painted_pixels (texture), >, 100);
          g_free (name);
          name = g_strdup_printf ("exercise-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (fixture->view), name);

          /* After a whole round, Stop asks how it went */
          kindred_breathing_guide_advance (guide, 16 * G_USEC_PER_SEC);
          activate_exercise (fixture, "exercise.stop");
          g_assert_cmpstr (kindred_exercise_page_get_stage (page), ==, "rate");
          g_free (name);
          name = g_strdup_printf ("rate-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (fixture->view), name);
          activate_exercise (fixture, "exercise.not-now");

          activate (fixture, "strategies.show-strategy", uuid_of (fixture, FIVE_SENSES));
          activate (fixture, "strategies.start-exercise", NULL);
          g_free (name);
          name = g_strdup_printf ("grounding-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (fixture->view), name);
          activate_exercise (fixture, "exercise.stop");
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  can_run = g_getenv ("DISPLAY") != NULL;

  if (can_run)
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
      kindred_ui_register_resources ();
      /* Screenshots look as in the app, which loads the app's style sheet */
      if (g_getenv ("KINDRED_TEST_SHOTS") != NULL)
        {
          g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

          gtk_css_provider_load_from_resource (css, "/io/github/kindredapp/Kindred/style.css");
          gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
    }
  else
    {
      g_test_init (&argc, &argv, NULL);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/strategies-view/list/grouped", test_view_list_grouped);
  ADD ("/strategies-view/list/stats", test_view_stats);
  ADD ("/strategies-view/own/add-edit-archive", test_view_own_strategies);
  ADD ("/strategies-view/own/details", test_view_own_details);
  ADD ("/strategies-view/own/placeholder", test_view_own_placeholder);
  ADD ("/strategies-view/exercise/breathing", test_exercise_breathing);
  ADD ("/strategies-view/exercise/breathing-no-animations", test_exercise_breathing_no_animations);
  ADD ("/strategies-view/exercise/stop", test_exercise_stop);
  ADD ("/strategies-view/exercise/grounding", test_exercise_grounding);
  ADD ("/strategies-view/guide/render", test_guide_render);

#undef ADD

  return g_test_run ();
}

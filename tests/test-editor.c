/* test-editor.c: the entry editor under Xvfb, saving into a real SQLCipher journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "kindred-application.h"
#include "kindred-entry-editor.h"

#define FIRST_LINE "The train was late and I kept checking the time."
#define BODY       FIRST_LINE "\nThen a walk home in the rain, which was better than it sounds."

typedef struct
{
  char               *dir;
  KindredStore       *store;
  GtkWindow          *window;
  KindredEntryEditor *editor;
  GPtrArray          *strategies;   /* KindredStrategy, not archived */
  guint               saves;        /* "entry-changed" from the store */
  char               *deleted_uuid; /* the parameter of win.delete-entry */
  guint               closes;       /* "close-requested" */
} Fixture;

static gboolean can_run;

/* Waits for something the main loop brings about (a save landing, a frame being
 * laid out). No time limit: the test's own timeout catches a hang. */
#define SPIN_UNTIL(cond) \
  G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static void
flush_events (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* A click: GtkButton's "activate" presses it and clicks only after a delay */
static void
click (gpointer button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
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
entry_changed_cb (KindredStore *store,
                  const char   *uuid,
                  Fixture      *fixture)
{
  fixture->saves++;
}

static void
delete_entry_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_free (fixture->deleted_uuid);
  fixture->deleted_uuid = g_variant_dup_string (parameter, NULL);
}

static void
close_requested_cb (KindredEntryEditor *editor,
                    Fixture            *fixture)
{
  fixture->closes++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredStrategyLibrary) library = NULL;
  g_autoptr(GSimpleActionGroup) group = NULL;
  g_autoptr(GSimpleAction) delete_entry = NULL;
  g_autofree char *path = NULL;

  if (!can_run)
    return;

  fixture->dir = g_dir_make_tmp ("kindred-test-editor-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  key = kindred_key_new_random ();
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "entry-changed", G_CALLBACK (entry_changed_cb), fixture);

  library = kindred_strategy_library_new (&error);
  g_assert_no_error (error);
  kindred_strategy_library_seed (library, fixture->store, &error);
  g_assert_no_error (error);
  fixture->strategies = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->strategies->len, >=, 2);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 640, 800);
  fixture->editor = KINDRED_ENTRY_EDITOR (kindred_entry_editor_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->editor));
  g_signal_connect (fixture->editor, "close-requested", G_CALLBACK (close_requested_cb), fixture);

  /* What the real window offers: "win.delete-entry" with the uuid */
  group = g_simple_action_group_new ();
  delete_entry = g_simple_action_new ("delete-entry", G_VARIANT_TYPE_STRING);
  g_signal_connect (delete_entry, "activate", G_CALLBACK (delete_entry_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (delete_entry));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));

  kindred_entry_editor_set_store (fixture->editor, fixture->store);
  gtk_window_present (fixture->window);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->editor)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!can_run)
    return;

  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  flush_events ();
  g_clear_pointer (&fixture->strategies, g_ptr_array_unref);
  kindred_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->deleted_uuid, g_free);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
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

/* A new entry in the editor, as the window does for "New entry". (transfer none) */
static KindredEntry *
start_new_entry (Fixture *fixture)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();

  kindred_entry_editor_set_entry (fixture->editor, entry);

  return kindred_entry_editor_get_entry (fixture->editor);
}

static void
type_text (Fixture    *fixture,
           const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (kindred_entry_editor_get_text_view (fixture->editor));

  gtk_widget_grab_focus (GTK_WIDGET (kindred_entry_editor_get_text_view (fixture->editor)));
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
}

static char *
buffer_text (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (kindred_entry_editor_get_text_view (fixture->editor));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
wait_until_saved (Fixture *fixture)
{
  SPIN_UNTIL (kindred_entry_editor_get_save_state (fixture->editor) == KINDRED_SAVE_STATE_SAVED);
}

/* Types into the trigger field as a person would, one character at a time. */
static void
type_trigger (KindredTagEntry *tags,
              const char      *text)
{
  GtkEditable *field = GTK_EDITABLE (kindred_tag_entry_get_text_entry (tags));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = gtk_editable_get_position (field);
      char c[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), c);
      gtk_editable_insert_text (field, c, -1, &position);
      gtk_editable_set_position (field, position);
    }
}

/* The completion row of the trigger field for @tag, picked as by a click. */
static gboolean
pick_completion (KindredTagEntry *tags,
                 const char      *typed,
                 const char      *tag)
{
  GtkEntry *field = kindred_tag_entry_get_text_entry (tags);
  GtkEntryCompletion *completion = gtk_entry_get_completion (field);
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *prefix = NULL;
  GtkTreeIter iter;
  gboolean valid;

  gtk_widget_grab_focus (GTK_WIDGET (field));
  type_trigger (tags, typed);
  gtk_entry_completion_complete (completion);
  /* What the popup would offer for what is typed: the common prefix of the matches */
  prefix = gtk_entry_completion_compute_prefix (completion, typed);
  g_assert_nonnull (prefix);
  g_assert_true (g_str_has_prefix (tag, prefix));

  for (valid = gtk_tree_model_get_iter_first (model, &iter);
       valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *text = NULL;
      gboolean handled = FALSE;

      gtk_tree_model_get (model, &iter, 0, &text, -1);
      if (g_strcmp0 (text, tag) != 0)
        continue;

      g_signal_emit_by_name (completion, "match-selected", model, &iter, &handled);
      return handled;
    }

  return FALSE;
}

static void
test_editor_save_round_trip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) earlier = NULL;
  g_autoptr(KindredEntry) loaded = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) day = NULL;
  KindredEmotionPicker *emotions;
  KindredTagEntry *tags;
  KindredStrategyPicker *strategies;
  KindredDatetimeButton *when;
  KindredEntry *entry;
  GDateTime *created_at;
  const char *strategy_a, *strategy_b;
  const char * const *triggers;
  int value = -1;

  if (skip_if_no_display ())
    return;

  /* An earlier entry whose trigger the field should offer again */
  earlier = kindred_entry_new ();
  kindred_entry_set_body (earlier, "Earlier.");
  kindred_entry_add_trigger (earlier, "Work deadline");
  kindred_store_save_entry (fixture->store, earlier, &error);
  g_assert_no_error (error);

  entry = start_new_entry (fixture);
  g_assert_nonnull (entry);
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_SAVED);
  g_assert_false (kindred_entry_editor_has_content (fixture->editor));

  /* Mood, title and text */
  click (kindred_entry_editor_get_mood_button (fixture->editor, 4));
  g_assert_true (gtk_toggle_button_get_active (kindred_entry_editor_get_mood_button (fixture->editor, 4)));
  g_assert_cmpint (kindred_entry_get_mood (entry), ==, 4);
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_PENDING);
  gtk_editable_set_text (kindred_entry_editor_get_title_entry (fixture->editor), "A long Tuesday");
  type_text (fixture, BODY);

  /* Two feelings, each with its own intensity */
  emotions = kindred_entry_editor_get_emotion_picker (fixture->editor);
  gtk_menu_button_popup (kindred_emotion_picker_get_add_button (emotions));
  click (kindred_emotion_picker_get_choice (emotions, "anxious"));
  click (kindred_emotion_picker_get_choice (emotions, "relieved"));
  gtk_menu_button_popdown (kindred_emotion_picker_get_add_button (emotions));
  g_assert_nonnull (kindred_emotion_picker_get_intensity (emotions, "anxious"));
  gtk_range_set_value (kindred_emotion_picker_get_intensity (emotions, "anxious"), 4);
  gtk_range_set_value (kindred_emotion_picker_get_intensity (emotions, "relieved"), 2);
  gtk_test_accessible_assert_property (kindred_emotion_picker_get_chip (emotions, "anxious"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Anxious, intensity 4 of 5");

  /* Triggers: a comma, a completion from the earlier entry, and Enter */
  tags = kindred_entry_editor_get_tag_entry (fixture->editor);
  type_trigger (tags, "Family,");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kindred_tag_entry_get_text_entry (tags))), ==, "");
  g_assert_true (pick_completion (tags, "Wor", "Work deadline"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kindred_tag_entry_get_text_entry (tags))), ==, "");
  type_trigger (tags, "Late night");
  /* Enter: the text inside the field activates, as on a key press */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (kindred_tag_entry_get_text_entry (tags))),
                         "activate");
  g_assert_nonnull (kindred_tag_entry_get_remove_button (tags, "Late night"));

  /* Two strategies, and how much each helped */
  strategies = kindred_entry_editor_get_strategy_picker (fixture->editor);
  strategy_a = kindred_strategy_get_uuid (g_ptr_array_index (fixture->strategies, 0));
  strategy_b = kindred_strategy_get_uuid (g_ptr_array_index (fixture->strategies, 1));
  gtk_widget_activate (GTK_WIDGET (kindred_strategy_picker_get_choice (strategies, strategy_a)));
  gtk_widget_activate (GTK_WIDGET (kindred_strategy_picker_get_choice (strategies, strategy_b)));
  g_assert_nonnull (kindred_strategy_picker_get_helped (strategies, strategy_a));
  gtk_drop_down_set_selected (kindred_strategy_picker_get_helped (strategies, strategy_a), 4);
  gtk_drop_down_set_selected (kindred_strategy_picker_get_helped (strategies, strategy_b), 1);

  /* Written later: three days ago at 07:45 */
  when = kindred_entry_editor_get_datetime_button (fixture->editor);
  now = g_date_time_new_now_local ();
  day = g_date_time_add_days (now, -3);
  gtk_calendar_select_day (kindred_datetime_button_get_calendar (when), day);
  gtk_spin_button_set_value (kindred_datetime_button_get_hour (when), 7);
  gtk_spin_button_set_value (kindred_datetime_button_get_minute (when), 45);

  wait_until_saved (fixture);
  g_assert_cmpstr (gtk_label_get_label (kindred_entry_editor_get_status_label (fixture->editor)), ==, "Saved");

  /* Everything came back from the journal as it was given */
  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_entry_get_mood (loaded), ==, 4);
  g_assert_cmpstr (kindred_entry_get_title (loaded), ==, "A long Tuesday");
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, BODY);

  g_assert_cmpuint (kindred_entry_get_n_emotions (loaded), ==, 2);
  g_assert_cmpstr (kindred_entry_get_emotion (loaded, 0, &value), ==, "anxious");
  g_assert_cmpint (value, ==, 4);
  g_assert_cmpstr (kindred_entry_get_emotion (loaded, 1, &value), ==, "relieved");
  g_assert_cmpint (value, ==, 2);

  triggers = kindred_entry_get_triggers (loaded);
  g_assert_cmpuint (g_strv_length ((char **) triggers), ==, 3);
  g_assert_cmpstr (triggers[0], ==, "Family");
  g_assert_cmpstr (triggers[1], ==, "Work deadline");
  g_assert_cmpstr (triggers[2], ==, "Late night");

  g_assert_cmpuint (kindred_entry_get_n_strategies (loaded), ==, 2);
  g_assert_cmpstr (kindred_entry_get_strategy (loaded, 0, &value), ==, strategy_a);
  g_assert_cmpint (value, ==, 4);
  g_assert_cmpstr (kindred_entry_get_strategy (loaded, 1, &value), ==, strategy_b);
  g_assert_cmpint (value, ==, 1);

  created_at = kindred_entry_get_created_at (loaded);
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (created_at);

    g_assert_cmpint (g_date_time_get_year (local), ==, g_date_time_get_year (day));
    g_assert_cmpint (g_date_time_get_day_of_year (local), ==, g_date_time_get_day_of_year (day));
    g_assert_cmpint (g_date_time_get_hour (local), ==, 7);
    g_assert_cmpint (g_date_time_get_minute (local), ==, 45);
  }

  /* Taking things off saves too */
  click (kindred_emotion_picker_get_remove_button (emotions, "relieved"));
  click (kindred_tag_entry_get_remove_button (tags, "Family"));
  click (kindred_strategy_picker_get_remove_button (strategies, strategy_b));
  g_assert_null (kindred_emotion_picker_get_chip (emotions, "relieved"));
  wait_until_saved (fixture);

  g_clear_object (&loaded);
  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_entry_get_n_emotions (loaded), ==, 1);
  g_assert_cmpuint (g_strv_length ((char **) kindred_entry_get_triggers (loaded)), ==, 2);
  g_assert_cmpuint (kindred_entry_get_n_strategies (loaded), ==, 1);
}

static void
test_editor_save_new_needs_content (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) loaded = NULL;
  g_autoptr(GDateTime) day = NULL;
  KindredEntry *entry;

  if (skip_if_no_display ())
    return;

  entry = start_new_entry (fixture);

  /* A time alone, or blank lines, are not an entry: nothing is written */
  day = g_date_time_new_local (2024, 5, 6, 8, 0, 0);
  gtk_calendar_select_day (kindred_datetime_button_get_calendar (
                             kindred_entry_editor_get_datetime_button (fixture->editor)), day);
  type_text (fixture, "\n  \n");
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_SAVED);
  g_assert_true (kindred_entry_editor_save_now (fixture->editor, &error));
  g_assert_no_error (error);
  flush_events ();
  g_assert_cmpuint (fixture->saves, ==, 0);
  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (entry), &error);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND);
  g_assert_null (loaded);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (kindred_entry_editor_get_delete_button (fixture->editor))));
}

static void
test_editor_save_debounce (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) loaded = NULL;
  g_autoptr(GString) typed = g_string_new (NULL);
  KindredEntry *entry;

  if (skip_if_no_display ())
    return;

  entry = start_new_entry (fixture);

  /* Fifty keystrokes, with the main loop running between them as it would */
  for (int i = 0; i < 50; i++)
    {
      char c[2] = { (char) ('a' + i % 26), '\0' };

      type_text (fixture, c);
      g_string_append (typed, c);
      flush_events ();
      /* Let a save that did start land, so saves cannot merely pile up behind it:
       * only the wait before saving may bring the count down */
      SPIN_UNTIL (kindred_entry_editor_get_save_state (fixture->editor) != KINDRED_SAVE_STATE_SAVING);
    }

  wait_until_saved (fixture);
  g_assert_cmpuint (fixture->saves, >=, 1);
  g_assert_cmpuint (fixture->saves, <, 5);

  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, typed->str);
}

static void
test_editor_save_now (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) loaded = NULL;
  g_autoptr(KindredEntry) entry = NULL;

  if (skip_if_no_display ())
    return;

  /* Held here too: switching entries below drops the editor's reference */
  entry = g_object_ref (start_new_entry (fixture));
  type_text (fixture, FIRST_LINE);
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_PENDING);

  /* No main loop: closing the window must not wait for the autosave */
  g_assert_true (kindred_entry_editor_save_now (fixture->editor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_SAVED);

  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, FIRST_LINE);

  /* A save already on its way is waited for, so the newest text lands last */
  type_text (fixture, " More.");
  SPIN_UNTIL (kindred_entry_editor_get_save_state (fixture->editor) == KINDRED_SAVE_STATE_SAVING);
  type_text (fixture, " And more.");
  g_assert_true (kindred_entry_editor_save_now (fixture->editor, &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, FIRST_LINE " More. And more.");

  /* Switching to another entry keeps what was typed in this one */
  type_text (fixture, " Last words.");
  start_new_entry (fixture);
  g_clear_object (&loaded);
  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, FIRST_LINE " More. And more. Last words.");
}

static void
test_editor_save_on_destroy (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) loaded = NULL;
  g_autofree char *uuid = NULL;

  if (skip_if_no_display ())
    return;

  uuid = g_strdup (kindred_entry_get_uuid (start_new_entry (fixture)));
  type_text (fixture, FIRST_LINE);
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_PENDING);

  /* The window goes before the autosave's wait is over */
  gtk_window_destroy (g_steal_pointer (&fixture->window));
  fixture->editor = NULL;

  loaded = kindred_store_get_entry (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_entry_get_body (loaded), ==, FIRST_LINE);
}

static void
test_editor_save_failure (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *status;

  if (skip_if_no_display ())
    return;

  start_new_entry (fixture);
  type_text (fixture, FIRST_LINE);
  wait_until_saved (fixture);

  /* The journal goes away under the editor (locked, disk gone) */
  kindred_store_close (fixture->store);
  type_text (fixture, " Still typing.");
  SPIN_UNTIL (kindred_entry_editor_get_save_state (fixture->editor) == KINDRED_SAVE_STATE_FAILED);

  text = buffer_text (fixture);
  g_assert_cmpstr (text, ==, FIRST_LINE " Still typing.");
  status = gtk_label_get_label (kindred_entry_editor_get_status_label (fixture->editor));
  g_assert_true (g_str_has_prefix (status, "Couldn’t save yet"));
  g_assert_null (strstr (status, FIRST_LINE));

  g_assert_false (kindred_entry_editor_save_now (fixture->editor, &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED);
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_FAILED);

  /* The next change tries again (and fails again, quietly) */
  type_text (fixture, "!");
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_PENDING);
  SPIN_UNTIL (kindred_entry_editor_get_save_state (fixture->editor) == KINDRED_SAVE_STATE_FAILED);
  g_clear_pointer (&text, g_free);
  text = buffer_text (fixture);
  g_assert_cmpstr (text, ==, FIRST_LINE " Still typing.!");
}

static void
test_editor_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkButton *delete_button;
  KindredEntry *entry;

  if (skip_if_no_display ())
    return;

  delete_button = kindred_entry_editor_get_delete_button (fixture->editor);

  entry = start_new_entry (fixture);
  /* Never saved: nothing to delete */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (delete_button)));

  type_text (fixture, FIRST_LINE);
  wait_until_saved (fixture);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (delete_button)));

  click (delete_button);
  g_assert_cmpstr (fixture->deleted_uuid, ==, kindred_entry_get_uuid (entry));

  /* Done asks the window to close the editor */
  click (kindred_entry_editor_get_done_button (fixture->editor));
  g_assert_cmpuint (fixture->closes, ==, 1);
}

static void
test_editor_load_existing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredEntry) stored = kindred_entry_new ();
  g_autoptr(KindredEntry) loaded = NULL;
  g_autoptr(GPtrArray) all = NULL;
  KindredStrategyPicker *strategies;
  KindredEmotionPicker *emotions;
  const char *used_archived = NULL;
  const char *unused_archived = NULL;
  g_autofree char *text = NULL;

  if (skip_if_no_display ())
    return;

  /* Two strategies archived: one this entry used, one it did not */
  used_archived = kindred_strategy_get_uuid (g_ptr_array_index (fixture->strategies, 0));
  unused_archived = kindred_strategy_get_uuid (g_ptr_array_index (fixture->strategies, 1));
  kindred_store_archive_strategy (fixture->store, used_archived, TRUE, &error);
  g_assert_no_error (error);
  kindred_store_archive_strategy (fixture->store, unused_archived, TRUE, &error);
  g_assert_no_error (error);

  /* An emotion id from an import that the curated list does not know */
  kindred_entry_set_mood (stored, 2);
  kindred_entry_set_body (stored, BODY);
  kindred_entry_set_emotion (stored, "wistful", 3);
  kindred_entry_set_strategy (stored, used_archived, 3);
  kindred_store_save_entry (fixture->store, stored, &error);
  g_assert_no_error (error);
  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (stored), &error);
  g_assert_no_error (error);
  fixture->saves = 0;

  kindred_entry_editor_set_entry (fixture->editor, loaded);
  flush_events ();

  /* Showing an entry is not a change */
  g_assert_cmpint (kindred_entry_editor_get_save_state (fixture->editor), ==, KINDRED_SAVE_STATE_SAVED);
  g_assert_cmpuint (fixture->saves, ==, 0);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (kindred_entry_editor_get_delete_button (fixture->editor))));
  g_assert_true (gtk_toggle_button_get_active (kindred_entry_editor_get_mood_button (fixture->editor, 2)));
  text = buffer_text (fixture);
  g_assert_cmpstr (text, ==, BODY);

  emotions = kindred_entry_editor_get_emotion_picker (fixture->editor);
  g_assert_nonnull (kindred_emotion_picker_get_chip (emotions, "wistful"));
  g_assert_null (kindred_emotion_picker_get_choice (emotions, "wistful"));
  gtk_test_accessible_assert_property (kindred_emotion_picker_get_chip (emotions, "wistful"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "wistful, intensity 3 of 5");

  strategies = kindred_entry_editor_get_strategy_picker (fixture->editor);
  g_assert_nonnull (kindred_strategy_picker_get_choice (strategies, used_archived));
  g_assert_true (gtk_check_button_get_active (kindred_strategy_picker_get_choice (strategies, used_archived)));
  g_assert_null (kindred_strategy_picker_get_choice (strategies, unused_archived));
  g_assert_cmpuint (gtk_drop_down_get_selected (kindred_strategy_picker_get_helped (strategies, used_archived)), ==, 3);

  /* An edit of an existing entry is saved over it */
  click (kindred_entry_editor_get_mood_button (fixture->editor, 3));
  wait_until_saved (fixture);
  g_clear_object (&loaded);
  loaded = kindred_store_get_entry (fixture->store, kindred_entry_get_uuid (stored), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_entry_get_mood (loaded), ==, 3);
  g_assert_cmpstr (kindred_entry_get_emotion (loaded, 0, NULL), ==, "wistful");

  all = kindred_store_list_entries (fixture->store, 0, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
}

static void
test_editor_a11y_labels (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const moods[] = { "Awful", "Bad", "Okay", "Good", "Great" };
  KindredEmotionPicker *emotions;
  KindredTagEntry *tags;
  KindredStrategyPicker *strategies;
  KindredStrategy *strategy;
  g_autofree char *helped = NULL;

  if (skip_if_no_display ())
    return;

  start_new_entry (fixture);

  gtk_test_accessible_assert_property (kindred_entry_editor_get_delete_button (fixture->editor),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete entry");
  gtk_test_accessible_assert_property (kindred_entry_editor_get_text_view (fixture->editor),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Entry text");
  gtk_test_accessible_assert_property (kindred_entry_editor_get_title_entry (fixture->editor),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Title");
  for (int mood = KINDRED_MOOD_MIN; mood <= KINDRED_MOOD_MAX; mood++)
    gtk_test_accessible_assert_property (kindred_entry_editor_get_mood_button (fixture->editor, mood),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, moods[mood - 1]);
  g_assert_true (gtk_test_accessible_has_property (
    GTK_ACCESSIBLE (kindred_datetime_button_get_button (
      kindred_entry_editor_get_datetime_button (fixture->editor))),
    GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_test_accessible_assert_property (kindred_datetime_button_get_hour (
                                         kindred_entry_editor_get_datetime_button (fixture->editor)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Hour");

  /* The icon-only buttons on chips and rows */
  emotions = kindred_entry_editor_get_emotion_picker (fixture->editor);
  click (kindred_emotion_picker_get_choice (emotions, "lonely"));
  gtk_test_accessible_assert_property (kindred_emotion_picker_get_remove_button (emotions, "lonely"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove Lonely");
  gtk_test_accessible_assert_property (kindred_emotion_picker_get_intensity (emotions, "lonely"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Intensity of Lonely");
  gtk_test_accessible_assert_property (kindred_emotion_picker_get_chip (emotions, "lonely"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Lonely, intensity 3 of 5");

  tags = kindred_entry_editor_get_tag_entry (fixture->editor);
  type_trigger (tags, "Mornings,");
  gtk_test_accessible_assert_property (kindred_tag_entry_get_remove_button (tags, "Mornings"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove trigger Mornings");

  strategies = kindred_entry_editor_get_strategy_picker (fixture->editor);
  strategy = g_ptr_array_index (fixture->strategies, 0);
  gtk_widget_activate (GTK_WIDGET (kindred_strategy_picker_get_choice (strategies,
                                                                       kindred_strategy_get_uuid (strategy))));
  g_assert_true (gtk_test_accessible_has_property (
    GTK_ACCESSIBLE (kindred_strategy_picker_get_remove_button (strategies, kindred_strategy_get_uuid (strategy))),
    GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_property (
    GTK_ACCESSIBLE (kindred_strategy_picker_get_helped (strategies, kindred_strategy_get_uuid (strategy))),
    GTK_ACCESSIBLE_PROPERTY_LABEL));
  helped = g_strdup (kindred_strategy_picker_helped_label (KINDRED_HELPED_MAX));
  g_assert_cmpstr (helped, ==, "A lot");

  kindred_entry_editor_save_now (fixture->editor, NULL);
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
    }
  else
    {
      g_test_init (&argc, &argv, NULL);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/editor/save/round-trip", test_editor_save_round_trip);
  ADD ("/editor/save/new-needs-content", test_editor_save_new_needs_content);
  ADD ("/editor/save/debounce", test_editor_save_debounce);
  ADD ("/editor/save/now", test_editor_save_now);
  ADD ("/editor/save/on-destroy", test_editor_save_on_destroy);
  ADD ("/editor/save/failure", test_editor_save_failure);
  ADD ("/editor/delete/action", test_editor_delete);
  ADD ("/editor/load/existing", test_editor_load_existing);
  ADD ("/editor/a11y/labels", test_editor_a11y_labels);

#undef ADD

  return g_test_run ();
}

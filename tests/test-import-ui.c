/* test-import-ui.c: the import dialog (a Daylio CSV with a mood of its own, the
 * mapping changed, Cancel) and the export dialog (the warning, JSON, Markdown),
 * under Xvfb, against a real SQLCipher journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "kindred-application.h"
#include "kindred-export-dialog.h"
#include "kindred-import-dialog.h"

/* Daylio's layout (see app/core/formats/kindred-import-daylio.c): 24- and 12-hour
 * times, a note over two lines, a mood of the person's own ("sleepy") */
#define DAYLIO_CSV \
  "full_date,date,weekday,time,mood,activities,note_title,note\n" \
  "2024-03-02,2 March,Saturday,21:10,sleepy,reading | tea,\"\",\"Tired but fine\"\n" \
  "2024-03-02,2 March,Saturday,9:05 am,rad,friends | walk,A good day,\"Walked by the sea.\n" \
  "Two lines.\"\n" \
  "2024-03-01,1 March,Friday,18:40,good,work,,\"Long day\"\n" \
  "2024-02-28,28 February,Wednesday,7:15 pm,awful,work | sleep,,\"Hard one\"\n"

typedef struct
{
  char         *dir;
  KindredStore *store;
  char         *finished;
  GtkWidget    *dialog;
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

/* A click as a person makes it: gtk_widget_activate() on a button only emits
 * "clicked" a quarter of a second later */
static void
click (GtkWidget *button)
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
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autofree char *path = NULL;

  if (!can_run)
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  fixture->dir = g_dir_make_tmp ("kindred-test-import-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  key = kindred_key_new_random ();
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!can_run)
    return;

  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  flush_events ();
  kindred_store_close (fixture->store);
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->finished, g_free);
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

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
finished_cb (GtkWidget  *dialog,
             const char *message,
             Fixture    *fixture)
{
  g_free (fixture->finished);
  fixture->finished = g_strdup (message);
}

/* A dialog that closes goes away (the weak pointer set when it was made) */
static void
wait_until_closed (Fixture *fixture)
{
  SPIN_UNTIL (fixture->dialog == NULL);
}

static KindredImportDialog *
new_import_dialog (Fixture *fixture)
{
  KindredImportDialog *dialog;

  dialog = KINDRED_IMPORT_DIALOG (kindred_import_dialog_new (NULL, fixture->store));
  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), fixture);
  fixture->dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &fixture->dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 760);
  gtk_window_present (GTK_WINDOW (dialog));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  return dialog;
}

static GtkWidget *
import_widget (KindredImportDialog *dialog,
               const char          *name)
{
  GtkWidget *widget = kindred_import_dialog_lookup_widget (dialog, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
next (KindredImportDialog *dialog)
{
  GtkWidget *button = import_widget (dialog, "next_button");

  /* The header's Next / Import / Done, as a person presses it */
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  click (button);
}

static const char *
row_title (KindredImportDialog *dialog,
           const char          *name)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (import_widget (dialog, name)));
}

/* Whether a row under @widget has @text as its title or subtitle */
static gboolean
group_has_text (GtkWidget  *widget,
                const char *text)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) == 0 ||
       g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text) == 0))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (group_has_text (child, text))
      return TRUE;

  return FALSE;
}

static KindredEntry *
find_entry (KindredStore *store,
            const char   *body)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = kindred_store_list_all_entries (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (kindred_entry_get_body (g_ptr_array_index (entries, i)), body) == 0)
      return g_object_ref (g_ptr_array_index (entries, i));

  return NULL;
}

static guint
count_entries (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = kindred_store_count_entries (store, &error);

  g_assert_no_error (error);
  return n;
}

/* Screenshots, only when KINDRED_TEST_SHOTS names a folder */

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* A crossfade caught halfway shows two pages at once */
static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  if (GTK_IS_REVEALER (widget) &&
      gtk_revealer_get_child_revealed (GTK_REVEALER (widget)) !=
      gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;

  return FALSE;
}

static void
save_shot (GtkWindow  *window,
           const char *name)
{
  const char *dir = g_getenv ("KINDRED_TEST_SHOTS");
  GtkWidget *widget = GTK_WIDGET (window);
  GdkFrameClock *clock;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GdkRGBA background = { 1, 1, 1, 1 };
  gboolean painted = FALSE;
  gulong id;

  if (dir == NULL)
    return;

  SPIN_UNTIL (!transition_running (widget));
  flush_events ();
  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  SPIN_UNTIL (painted);
  g_signal_handler_disconnect (clock, id);

  snapshot = gtk_snapshot_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color",
                                  &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  int default_width = 0;
  int default_height = 0;
  int before = gtk_widget_get_width (GTK_WIDGET (window));

  gtk_window_get_default_size (window, &default_width, &default_height);
  gtk_window_set_default_size (window, width, height);
  gtk_widget_queue_resize (GTK_WIDGET (window));
  /* Laid out anew once the width moved (the size asked for includes the window's
   * frame, which the width does not) */
  if (default_width != width)
    SPIN_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) != before);
  flush_events ();
}

static void
save_shots (GtkWindow  *window,
            const char *name,
            int         height)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *wide = g_strdup_printf ("%s-wide.png", name);
  g_autofree char *narrow = g_strdup_printf ("%s-360.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-360-dark.png", name);
  int width = 0;
  int old_height = 0;
  int min_width = 0;

  /* Usable at 360 px, shots or not */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);

  if (g_getenv ("KINDRED_TEST_SHOTS") == NULL)
    return;

  gtk_window_get_default_size (window, &width, &old_height);
  save_shot (window, wide);
  resize (window, 360, height);
  save_shot (window, narrow);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  flush_events ();
  save_shot (window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  resize (window, width, height);
}

/* Import */

static void
test_import_daylio_mapping (Fixture       *fixture,
                            gconstpointer  data)
{
  KindredImportDialog *dialog;
  KindredImporter *importer;
  AdwComboRow *format_row;
  AdwComboRow *sleepy;
  AdwComboRow *rad;
  g_autoptr(KindredEntry) tired = NULL;
  g_autoptr(KindredEntry) sea = NULL;
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean found_reading = FALSE;

  if (skip_if_no_display ())
    return;

  path = write_file (fixture, "daylio_export.csv", DAYLIO_CSV);
  dialog = new_import_dialog (fixture);
  g_assert_cmpstr (kindred_import_dialog_get_page (dialog), ==, "choose");
  save_shots (GTK_WINDOW (dialog), "import-choose", 760);

  /* What the file chooser does with the file picked */
  kindred_import_dialog_open_file (dialog, path);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "file") == 0);
  importer = kindred_import_dialog_get_importer (dialog);
  g_assert_cmpint (kindred_importer_get_format (importer), ==, KINDRED_FORMAT_DAYLIO_CSV);
  format_row = ADW_COMBO_ROW (import_widget (dialog, "format_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (format_row), ==, 2);
  g_assert_cmpstr (row_title (dialog, "found_row"), ==, "4 entries found");
  g_assert_false (gtk_widget_get_visible (import_widget (dialog, "rejected_row")));
  save_shots (GTK_WINDOW (dialog), "import-file", 760);

  /* The mapping page: every mood found, prefilled with the proposal */
  next (dialog);
  g_assert_cmpstr (kindred_import_dialog_get_page (dialog), ==, "moods");
  rad = ADW_COMBO_ROW (kindred_import_dialog_get_mood_row (dialog, "rad"));
  sleepy = ADW_COMBO_ROW (kindred_import_dialog_get_mood_row (dialog, "sleepy"));
  g_assert_nonnull (rad);
  g_assert_nonnull (sleepy);
  g_assert_nonnull (kindred_import_dialog_get_mood_row (dialog, "good"));
  g_assert_nonnull (kindred_import_dialog_get_mood_row (dialog, "awful"));
  g_assert_cmpuint (adw_combo_row_get_selected (rad), ==,
                    kindred_import_dialog_position_for_mood (5));
  g_assert_cmpuint (adw_combo_row_get_selected (sleepy), ==,
                    kindred_import_dialog_position_for_mood (
                      kindred_importer_get_mood_mapping (importer, "sleepy")));
  /* The person's own mood is pointed out; Daylio's own are not */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (sleepy)), "own mood"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (rad)), ==, "");
  g_assert_true (gtk_widget_get_visible (import_widget (dialog, "strategies_check")));
  save_shots (GTK_WINDOW (dialog), "import-daylio-moods", 760);

  /* "sleepy" is a bad day for this person; activities become strategies */
  adw_combo_row_set_selected (sleepy, kindred_import_dialog_position_for_mood (2));
  g_assert_cmpint (kindred_importer_get_mood_mapping (importer, "sleepy"), ==, 2);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (import_widget (dialog, "strategies_check")),
                               TRUE);
  g_assert_cmpint (kindred_importer_get_activities_as (importer), ==,
                   KINDRED_IMPORT_ACTIVITIES_STRATEGIES);

  next (dialog);
  g_assert_cmpstr (kindred_import_dialog_get_page (dialog), ==, "summary");
  g_assert_cmpuint (count_entries (fixture->store), ==, 0);
  /* The choice made for the person's own mood is said back */
  g_assert_true (group_has_text (import_widget (dialog, "summary_group"),
                                 "“sleepy” becomes Bad"));
  g_assert_true (group_has_text (import_widget (dialog, "summary_group"),
                                 "Activities become strategies"));
  save_shots (GTK_WINDOW (dialog), "import-summary", 760);

  next (dialog);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "result") == 0);
  g_assert_cmpstr (row_title (dialog, "added_row"), ==, "4 entries added");
  g_assert_false (gtk_widget_get_visible (import_widget (dialog, "duplicates_row")));
  g_assert_nonnull (fixture->finished);
  save_shots (GTK_WINDOW (dialog), "import-result", 760);

  /* The entries carry the moods chosen */
  g_assert_cmpuint (count_entries (fixture->store), ==, 4);
  tired = find_entry (fixture->store, "Tired but fine");
  g_assert_nonnull (tired);
  g_assert_cmpint (kindred_entry_get_mood (tired), ==, 2);
  sea = find_entry (fixture->store, "Walked by the sea.\nTwo lines.");
  g_assert_nonnull (sea);
  g_assert_cmpint (kindred_entry_get_mood (sea), ==, 5);
  g_assert_cmpstr (kindred_entry_get_title (sea), ==, "A good day");
  g_assert_cmpuint (kindred_entry_get_n_strategies (tired), ==, 2);

  strategies = kindred_store_list_strategies (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < strategies->len; i++)
    found_reading |= g_strcmp0 (kindred_strategy_get_name (g_ptr_array_index (strategies, i)),
                                "reading") == 0;
  g_assert_true (found_reading);

  /* Done closes it */
  next (dialog);
  wait_until_closed (fixture);
}

static void
test_import_twice (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;

  if (skip_if_no_display ())
    return;

  path = write_file (fixture, "daylio_export.csv", DAYLIO_CSV);

  for (int round = 0; round < 2; round++)
    {
      KindredImportDialog *dialog = new_import_dialog (fixture);

      kindred_import_dialog_open_file (dialog, path);
      SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "file") == 0);
      next (dialog);  /* moods */
      next (dialog);  /* summary */
      next (dialog);  /* import */
      SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "result") == 0);

      if (round == 0)
        {
          g_assert_cmpstr (row_title (dialog, "added_row"), ==, "4 entries added");
        }
      else
        {
          /* The same file again adds nothing, and says why */
          g_assert_cmpstr (row_title (dialog, "added_row"), ==, "0 entries added");
          g_assert_true (gtk_widget_get_visible (import_widget (dialog, "duplicates_row")));
          g_assert_cmpstr (row_title (dialog, "duplicates_row"), ==, "4 already there");
        }
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  g_assert_cmpuint (count_entries (fixture->store), ==, 4);
}

static void
test_import_change_format (Fixture       *fixture,
                           gconstpointer  data)
{
  KindredImportDialog *dialog;
  AdwComboRow *format_row;
  g_autofree char *path = NULL;

  if (skip_if_no_display ())
    return;

  path = write_file (fixture, "export.csv", DAYLIO_CSV);
  dialog = new_import_dialog (fixture);
  kindred_import_dialog_open_file (dialog, path);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "file") == 0);
  format_row = ADW_COMBO_ROW (import_widget (dialog, "format_row"));

  /* Read as jrnl's JSON, it cannot be: said plainly, and Next waits */
  adw_combo_row_set_selected (format_row, 1);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "file") == 0 &&
              gtk_widget_get_visible (import_widget (dialog, "file_error_label")));
  g_assert_cmpint (kindred_importer_get_format (kindred_import_dialog_get_importer (dialog)), ==,
                   KINDRED_FORMAT_JRNL_JSON);
  g_assert_false (gtk_widget_is_sensitive (import_widget (dialog, "next_button")));
  g_assert_cmpuint (adw_combo_row_get_selected (format_row), ==, 1);

  /* Back to Daylio: fine again */
  adw_combo_row_set_selected (format_row, 2);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "file") == 0 &&
              !gtk_widget_get_visible (import_widget (dialog, "file_error_label")));
  g_assert_true (gtk_widget_is_sensitive (import_widget (dialog, "next_button")));
  g_assert_cmpstr (row_title (dialog, "found_row"), ==, "4 entries found");

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_entries (fixture->store), ==, 0);
}

static void
test_import_unknown (Fixture       *fixture,
                     gconstpointer  data)
{
  KindredImportDialog *dialog;
  GtkLabel *error_label;
  g_autofree char *path = NULL;

  if (skip_if_no_display ())
    return;

  path = write_file (fixture, "notes.txt", "Dear diary, today was long.\n");
  dialog = new_import_dialog (fixture);
  kindred_import_dialog_open_file (dialog, path);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "file") == 0);

  /* Said plainly, with what Kindred can read; no format is pretended; Next waits */
  error_label = GTK_LABEL (import_widget (dialog, "file_error_label"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "Daylio"));
  g_assert_null (strstr (gtk_label_get_label (error_label), "Dear diary"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (import_widget (dialog,
                                                                            "format_row"))),
                    ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (gtk_widget_is_sensitive (import_widget (dialog, "next_button")));
  g_assert_cmpuint (count_entries (fixture->store), ==, 0);
}

static void
test_import_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  KindredImportDialog *dialog;
  g_autoptr(GString) csv = g_string_new ("full_date,date,weekday,time,mood,activities,"
                                         "note_title,note\n");
  g_autoptr(GDateTime) day = g_date_time_new_utc (2010, 1, 1, 12, 0, 0);
  g_autofree char *path = NULL;

  if (skip_if_no_display ())
    return;

  /* Large enough that the import is still going when Cancel is pressed right after
   * Import (the store looks at the cancellable before the first row, and every 256) */
  for (int i = 0; i < 3000; i++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (day, i);
      g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");

      g_string_append_printf (csv, "%s,x,x,12:00,good,walk,,\"Day %d\"\n", iso, i);
    }
  path = write_file (fixture, "big.csv", csv->str);

  dialog = new_import_dialog (fixture);
  kindred_import_dialog_open_file (dialog, path);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "file") == 0);
  g_assert_cmpstr (row_title (dialog, "found_row"), ==, "3000 entries found");
  next (dialog);  /* moods */
  next (dialog);  /* summary */
  next (dialog);  /* import */
  g_assert_cmpstr (kindred_import_dialog_get_page (dialog), ==, "running");
  g_assert_true (gtk_widget_get_visible (import_widget (dialog, "cancel_button")));
  click (import_widget (dialog, "cancel_button"));

  /* One transaction: nothing went in, and the dialog says so */
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "running") != 0);
  g_assert_cmpstr (kindred_import_dialog_get_page (dialog), ==, "summary");
  g_assert_true (gtk_widget_get_visible (import_widget (dialog, "stopped_label")));
  g_assert_cmpuint (count_entries (fixture->store), ==, 0);
  g_assert_null (fixture->finished);

  /* And it can still be done afterwards */
  next (dialog);
  SPIN_UNTIL (g_strcmp0 (kindred_import_dialog_get_page (dialog), "result") == 0);
  g_assert_cmpuint (count_entries (fixture->store), ==, 3000);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Export */

static void
add_entries (Fixture *fixture)
{
  const char *bodies[] = { "A slow morning with tea.", "Called my sister." };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(KindredEntry) entry = kindred_entry_new ();
      g_autoptr(GError) error = NULL;

      kindred_entry_set_body (entry, bodies[i]);
      kindred_entry_set_mood (entry, 3 + i);
      kindred_store_save_entry (fixture->store, entry, &error);
      g_assert_no_error (error);
    }
}

static KindredExportDialog *
new_export_dialog (Fixture *fixture)
{
  KindredExportDialog *dialog;

  dialog = KINDRED_EXPORT_DIALOG (kindred_export_dialog_new (NULL, fixture->store));
  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), fixture);
  fixture->dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &fixture->dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, 640);
  gtk_window_present (GTK_WINDOW (dialog));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  return dialog;
}

static void
test_export_json (Fixture       *fixture,
                  gconstpointer  data)
{
  KindredExportDialog *dialog;
  GtkWidget *warning;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  JsonObject *root;
  GStatBuf st;

  if (skip_if_no_display ())
    return;

  add_entries (fixture);
  dialog = new_export_dialog (fixture);

  /* The warning is there before anything is chosen: in plain words, in view */
  warning = kindred_export_dialog_lookup_widget (dialog, "warning_label");
  g_assert_true (gtk_widget_get_mapped (warning));
  g_assert_true (gtk_widget_get_mapped (kindred_export_dialog_lookup_widget (dialog,
                                                                            "warning_box")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (warning)), ==,
                   kindred_formats_get_unencrypted_warning ());
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (warning)), "not encrypted"));
  g_assert_cmpint (kindred_export_dialog_get_format (dialog), ==, KINDRED_FORMAT_KINDRED_JSON);
  save_shots (GTK_WINDOW (dialog), "export", 640);

  /* What the file chooser does with the name picked */
  path = g_build_filename (fixture->dir, "my-journal.json", NULL);
  kindred_export_dialog_export_to (dialog, path);
  SPIN_UNTIL (fixture->finished != NULL);
  g_assert_cmpstr (fixture->finished, ==, "2 entries exported to “my-journal.json”");
  /* It closes once done; the window shows the sentence as a toast */
  wait_until_closed (fixture);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "kindred-journal");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "entries")), ==, 2);
}

static void
test_export_markdown (Fixture       *fixture,
                      gconstpointer  data)
{
  KindredExportDialog *dialog;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *folder = NULL;
  g_autofree char *month = NULL;
  g_autofree char *month_path = NULL;

  if (skip_if_no_display ())
    return;

  add_entries (fixture);
  dialog = new_export_dialog (fixture);
  kindred_export_dialog_set_format (dialog, KINDRED_FORMAT_MARKDOWN);
  g_assert_true (gtk_check_button_get_active (
    GTK_CHECK_BUTTON (kindred_export_dialog_lookup_widget (dialog, "markdown_check"))));

  folder = g_build_filename (fixture->dir, "Journal", NULL);
  kindred_export_dialog_export_to (dialog, folder);
  SPIN_UNTIL (fixture->finished != NULL);
  g_assert_cmpstr (fixture->finished, ==, "2 entries exported to the folder “Journal”");

  month = g_date_time_format (now, "%Y-%m.md");
  month_path = g_build_filename (folder, month, NULL);
  g_assert_true (g_file_test (month_path, G_FILE_TEST_IS_REGULAR));
  wait_until_closed (fixture);
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
      /* As in the app, which loads its own style sheet */
      {
        g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

        gtk_css_provider_load_from_resource (css, "/io/github/kindredapp/Kindred/style.css");
        gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                    GTK_STYLE_PROVIDER (css),
                                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      }
    }
  else
    {
      g_test_init (&argc, &argv, NULL);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import-ui/daylio/mapping", test_import_daylio_mapping);
  ADD ("/import-ui/daylio/twice", test_import_twice);
  ADD ("/import-ui/format/change", test_import_change_format);
  ADD ("/import-ui/format/unknown", test_import_unknown);
  ADD ("/import-ui/cancel", test_import_cancel);
  ADD ("/export-ui/json", test_export_json);
  ADD ("/export-ui/markdown", test_export_markdown);

#undef ADD

  return g_test_run ();
}

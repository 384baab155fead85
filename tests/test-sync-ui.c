/* test-sync-ui.c: setting up sync through its dialog, Sync Now, the result, and
 * conflict copies in the journal, under Xvfb, against a real keyring, two real
 * journals and one real sync folder
 *
 * Journal A is the window's (its key in the keyring); journal B is a second device,
 * driven through the core the way `kindred --sync` would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kindred-application.h"
#include "kindred-entry-row.h"
#include "kindred-journal-view.h"
#include "kindred-import-dialog.h"
#include "kindred-passphrase-prompt.h"
#include "kindred-preferences-window.h"
#include "kindred-sync-button.h"
#include "kindred-sync-dialog.h"
#include "kindred-window.h"

#define PASSPHRASE   "a walk by the river"
#define FROM_B       "Written on the desktop: rain all day, a good book."
#define EDITED_ON_A  "Written on the desktop, then on the laptop: the rain stopped."
#define EDITED_ON_B  "Written on the desktop, then again on the desktop: still raining."

static gboolean            can_run;
static char               *data_dir;
static char               *sync_dir;
static KindredApplication *app;
static KindredJournal     *journal_a;
static KindredWindow      *window_a;
static KindredStore       *store_b;
static KindredSync        *sync_b;
static char               *shared_uuid;
static guint               n_finished;

#define SPIN_UNTIL(cond) \
  G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static gboolean
skip_if_no_session (void)
{
  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY) and a session bus with a Secret Service");
      return TRUE;
    }

  return FALSE;
}

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

static GtkWidget *
lookup (const char *name)
{
  GtkWidget *widget = kindred_window_lookup_widget (window_a, name);

  g_assert_nonnull (widget);
  return widget;
}

static KindredSync *
sync_a (void)
{
  KindredSync *sync = kindred_window_get_sync (window_a);

  g_assert_nonnull (sync);
  return sync;
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

/* The question a window asked (an AdwMessageDialog over it) */
static AdwMessageDialog *
find_question (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)) &&
          gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == parent)
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static KindredSyncDialog *
open_sync_dialog (void)
{
  KindredSyncDialog *dialog = find_toplevel (KINDRED_TYPE_SYNC_DIALOG);

  if (dialog == NULL)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.sync-setup", NULL));
      dialog = find_toplevel (KINDRED_TYPE_SYNC_DIALOG);
    }
  g_assert_nonnull (dialog);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  return dialog;
}

static GtkWidget *
dialog_widget (KindredSyncDialog *dialog,
               const char        *name)
{
  GtkWidget *widget = kindred_sync_dialog_lookup_widget (dialog, name);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
banner_shown (KindredEntryEditor *editor)
{
  return gtk_widget_get_visible (kindred_entry_editor_get_conflict_banner (editor));
}

static const char *
result_title (KindredSyncDialog *dialog)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dialog_widget (dialog,
                                                                            "result_row")));
}

static const char *
result_subtitle (KindredSyncDialog *dialog)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (dialog_widget (dialog, "result_row")));
}

static void
finished_cb (KindredSync       *sync,
             KindredSyncResult *result,
             const GError      *error,
             gpointer           user_data)
{
  n_finished++;
}

/* Every KindredEntryRow under @widget; the list recycles rows, so only what is laid
 * out now */
static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (KINDRED_IS_ENTRY_ROW (widget) && kindred_entry_row_get_entry (KINDRED_ENTRY_ROW (widget)))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static KindredEntryRow *
find_row (const char *summary)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (lookup ("list_view"), rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (kindred_entry_row_get_summary (g_ptr_array_index (rows, i)), summary) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static guint
count_conflict_rows (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n = 0;

  collect_rows (lookup ("list_view"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      KindredEntryRow *row = g_ptr_array_index (rows, i);

      /* The badge is there exactly for conflict copies */
      g_assert_cmpint (kindred_entry_row_get_shows_conflict (row), ==,
                       kindred_entry_get_conflict_of (kindred_entry_row_get_entry (row)) != NULL);
      n += kindred_entry_row_get_shows_conflict (row);
    }

  return n;
}

static guint
count_live_entries (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = kindred_store_count_entries (store, &error);

  g_assert_no_error (error);
  return n;
}

/* Screenshots, for a person to look at, only when KINDRED_TEST_SHOTS names a folder */

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

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
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GdkRGBA background = { 1, 1, 1, 1 };

  if (dir == NULL)
    return;

  SPIN_UNTIL (!transition_running (widget));
  flush_events ();
  wait_for_frame (widget);
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

/* Wide, 360 px, and dark at 360 px; then back as it was */
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

/* The tests, in order: each builds on the one before, as a person's afternoon would.
 * (GTest runs a suite's own cases before its sub-suites: every path here is
 * /sync-ui/SUITE/CASE, so they run in the order they are added.) */

static void
test_sync_ui_set_up (void)
{
  g_autoptr(GError) error = NULL;
  char *kept = NULL;
  KindredSyncDialog *dialog;
  KindredSync *sync;
  GtkWidget *set_up_button;
  GtkLabel *hint;
  g_autofree char *own_file = NULL;
  g_autofree char *summary = NULL;
  int min_width = 0;

  if (skip_if_no_session ())
    return;

  sync = sync_a ();
  g_signal_connect (sync, "finished", G_CALLBACK (finished_cb), NULL);
  g_assert_false (kindred_sync_get_enabled (sync));
  /* No Sync button while sync is off */
  g_assert_false (gtk_widget_get_visible (lookup ("sync_button")));

  dialog = open_sync_dialog ();
  g_assert_cmpstr (kindred_sync_dialog_get_page (dialog), ==, "setup");
  set_up_button = dialog_widget (dialog, "set_up_button");
  hint = GTK_LABEL (dialog_widget (dialog, "hint_label"));
  g_assert_false (gtk_widget_is_sensitive (set_up_button));

  /* The passphrase twice; a difference is pointed out and nothing can start */
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, "passphrase_row")), PASSPHRASE);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, "confirm_row")), "a walk by the");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (hint)));
  g_assert_nonnull (strstr (gtk_label_get_label (hint), "not the same"));
  g_assert_false (gtk_widget_is_sensitive (set_up_button));

  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, "confirm_row")), PASSPHRASE);
  /* Still no folder: the next step is named */
  g_assert_nonnull (strstr (gtk_label_get_label (hint), "folder"));
  g_assert_false (gtk_widget_is_sensitive (set_up_button));

  /* What the folder chooser does once a folder is picked */
  kindred_sync_dialog_set_folder (dialog, sync_dir);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hint)));
  g_assert_true (gtk_widget_is_sensitive (set_up_button));
  /* Remembered in the keyring unless the person says otherwise */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (dialog_widget (dialog, "remember_switch"))));
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, "device_name_row")), "Laptop");

  /* Usable at 360 px: nothing needs more */
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  save_shots (GTK_WINDOW (dialog), "sync-setup", 900);

  click (set_up_button);
  g_assert_true (kindred_sync_dialog_get_busy (dialog));

  /* Set up (a worker), then the first sync runs by itself */
  SPIN_UNTIL (kindred_sync_get_enabled (sync) && n_finished > 0 &&
              !kindred_sync_dialog_get_busy (dialog) && !kindred_sync_get_busy (sync));
  g_assert_no_error ((GError *) kindred_sync_get_last_error (sync));
  g_assert_nonnull (kindred_sync_get_last_result (sync));
  g_assert_cmpstr (kindred_sync_dialog_get_page (dialog), ==, "enabled");
  g_assert_cmpstr (kindred_sync_get_device_name (sync), ==, "Laptop");
  g_assert_cmpstr (kindred_sync_get_folder (sync), ==, sync_dir);

  /* The passphrase does not stay in the fields */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_widget (dialog, "passphrase_row"))),
                   ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_widget (dialog, "confirm_row"))),
                   ==, "");

  /* "Remember in the keyring" was on: the passphrase is there, for this folder */
  kept = kindred_keyring_lookup_sync_passphrase (kindred_sync_get_device_id (sync), sync_dir,
                                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, PASSPHRASE);
  g_clear_pointer (&kept, kindred_secret_free);

  /* This device's file is in the folder */
  own_file = g_strconcat (sync_dir, G_DIR_SEPARATOR_S, kindred_sync_get_device_id (sync),
                          KINDRED_SYNC_SUFFIX, NULL);
  g_assert_true (g_file_test (own_file, G_FILE_TEST_IS_REGULAR));

  /* The result, and the hint that the other devices are still to come */
  summary = kindred_sync_result_dup_summary (kindred_sync_get_last_result (sync));
  g_assert_cmpstr (result_title (dialog), ==, summary);
  g_assert_nonnull (strstr (result_subtitle (dialog), "No other device"));
  g_assert_false (gtk_widget_get_visible (dialog_widget (dialog, "files_group")));

  /* The header's Sync button shows now */
  SPIN_UNTIL (gtk_widget_get_mapped (lookup ("sync_button")));
}

static void
test_sync_ui_entry_from_other_device (void)
{
  KindredSyncDialog *dialog;
  KindredSync *sync;
  KindredSyncResult *result;
  g_autoptr(KindredSyncResult) result_b = NULL;
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint before;

  if (skip_if_no_session ())
    return;

  sync = sync_a ();
  g_assert_true (kindred_sync_get_enabled (sync));
  dialog = open_sync_dialog ();

  /* Automatic sync off, through its switch: this test says when A syncs */
  gtk_switch_set_active (GTK_SWITCH (dialog_widget (dialog, "auto_switch")), FALSE);
  g_assert_false (kindred_sync_get_auto_sync (sync));

  /* The other device joins with the same folder and passphrase, and writes */
  g_assert_true (kindred_sync_set_up (sync_b, sync_dir, PASSPHRASE, FALSE, NULL, &error));
  g_assert_no_error (error);
  kindred_entry_set_body (entry, FROM_B);
  kindred_entry_set_mood (entry, 4);
  g_assert_true (kindred_store_save_entry (store_b, entry, &error));
  g_assert_no_error (error);
  shared_uuid = g_strdup (kindred_entry_get_uuid (entry));
  result_b = kindred_sync_run (sync_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result_b);

  /* Sync Now, in the dialog, as a person would */
  before = n_finished;
  g_assert_true (gtk_widget_is_sensitive (dialog_widget (dialog, "sync_now_button")));
  click (dialog_widget (dialog, "sync_now_button"));
  SPIN_UNTIL (n_finished > before && !kindred_sync_get_busy (sync) &&
              !kindred_sync_dialog_get_busy (dialog));

  result = kindred_sync_get_last_result (sync);
  g_assert_no_error ((GError *) kindred_sync_get_last_error (sync));
  g_assert_nonnull (result);
  g_assert_cmpuint (kindred_sync_result_get_added (result), ==, 1);
  g_assert_cmpuint (kindred_sync_result_get_files_refused (result), ==, 0);
  summary = kindred_sync_result_dup_summary (result);
  g_assert_cmpstr (summary, ==, "1 added");
  g_assert_cmpstr (result_title (dialog), ==, summary);
  /* Which device it heard from */
  g_assert_nonnull (strstr (result_subtitle (dialog), "with Desktop"));

  /* A's journal shows the entry written on B */
  SPIN_UNTIL (find_row (FROM_B) != NULL);
  g_assert_cmpuint (count_conflict_rows (), ==, 0);

  save_shots (GTK_WINDOW (dialog), "sync-result", 900);
}

static void
test_sync_ui_header_button (void)
{
  KindredWindow *narrow;
  GtkSettings *settings;
  g_autofree char *layout = NULL;
  KindredSyncDialog *dialog;
  KindredSync *sync;
  GtkWidget *button;
  g_autofree char *summary = NULL;
  guint before;
  int min_width = 0;

  if (skip_if_no_session ())
    return;

  sync = sync_a ();
  dialog = find_toplevel (KINDRED_TYPE_SYNC_DIALOG);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));

  /* Beside three window buttons, the header has no room for it at 360 px: the
   * window's smallest width stays 360 px, and "Sync Now" is in the main menu */
  settings = gtk_settings_get_default ();
  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  button = lookup ("sync_button");
  g_object_set (settings, "gtk-decoration-layout", "menu:minimize,maximize,close", NULL);
  SPIN_UNTIL (!kindred_sync_button_get_fits (KINDRED_SYNC_BUTTON (button)));
  flush_events ();
  g_assert_false (gtk_widget_get_visible (button));
  gtk_widget_measure (GTK_WIDGET (window_a), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  /* Its action is there all the same (the button follows it) */
  g_assert_true (gtk_widget_get_sensitive (button));

  /* GNOME's own layout (a close button only) leaves room, at 360 px too */
  g_object_set (settings, "gtk-decoration-layout", "appmenu:close", NULL);
  SPIN_UNTIL (kindred_sync_button_get_fits (KINDRED_SYNC_BUTTON (button)));
  SPIN_UNTIL (gtk_widget_get_mapped (button));
  gtk_widget_measure (GTK_WIDGET (window_a), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Sync now");

  /* Made at 360 px (shrinking a window while a toast shows trips libadwaita 1.2,
   * a Gtk-CRITICAL from AdwToastWidget) */
  narrow = kindred_window_new (GTK_APPLICATION (app), journal_a);
  gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 700);
  gtk_window_present (GTK_WINDOW (narrow));
  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (narrow), KINDRED_WINDOW_PAGE_MAIN) == 0);
  SPIN_UNTIL (gtk_widget_get_mapped (kindred_window_lookup_widget (narrow, "sync_button")));
  SPIN_UNTIL (gtk_widget_get_width (GTK_WIDGET (narrow)) <= 360);
  save_shot (GTK_WINDOW (narrow), "window-sync-button-360.png");
  gtk_window_destroy (GTK_WINDOW (narrow));

  before = n_finished;
  click (button);
  SPIN_UNTIL (n_finished > before && !kindred_sync_get_busy (sync));
  g_assert_no_error ((GError *) kindred_sync_get_last_error (sync));
  summary = kindred_sync_result_dup_summary (kindred_sync_get_last_result (sync));
  g_assert_cmpstr (summary, ==, "Everything is up to date");
  g_assert_cmpstr (kindred_sync_button_get_state (KINDRED_SYNC_BUTTON (button)), ==, "idle");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), summary));

  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
}

/* Both devices change the shared entry without syncing in between; B syncs, then A
 * syncs through the window: A keeps both versions, one as a conflict copy */
static char *
make_conflict (const char *text_a,
               const char *text_b)
{
  KindredSync *sync = sync_a ();
  KindredJournalView *view = KINDRED_JOURNAL_VIEW (lookup ("journal_view"));
  KindredEntryEditor *editor = kindred_window_get_editor (window_a);
  KindredStore *store_a = kindred_journal_get_store (journal_a);
  g_autoptr(KindredSyncResult) result_b = NULL;
  g_autoptr(KindredEntry) on_b = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  guint before;

  /* Each device has the other's latest first */
  result_b = kindred_sync_run (sync_b, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result_b, kindred_sync_result_unref);
  before = n_finished;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.sync-now", NULL));
  SPIN_UNTIL (n_finished > before && !kindred_sync_get_busy (sync));

  /* On A, in the editor */
  kindred_journal_view_open_entry (view, shared_uuid);
  g_assert_cmpstr (kindred_entry_get_uuid (kindred_entry_editor_get_entry (editor)), ==,
                   shared_uuid);
  g_assert_false (banner_shown (editor));
  buffer = gtk_text_view_get_buffer (kindred_entry_editor_get_text_view (editor));
  gtk_text_buffer_set_text (buffer, text_a, -1);
  g_assert_true (kindred_journal_view_flush (view, &error));
  g_assert_no_error (error);
  kindred_journal_view_close_editor (view);

  /* On B, meanwhile */
  on_b = kindred_store_get_entry (store_b, shared_uuid, &error);
  g_assert_no_error (error);
  kindred_entry_set_body (on_b, text_b);
  g_assert_true (kindred_store_save_entry (store_b, on_b, &error));
  g_assert_no_error (error);
  result_b = kindred_sync_run (sync_b, NULL, &error);
  g_assert_no_error (error);

  before = n_finished;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.sync-now", NULL));
  SPIN_UNTIL (n_finished > before && !kindred_sync_get_busy (sync));
  g_assert_no_error ((GError *) kindred_sync_get_last_error (sync));
  g_assert_cmpuint (kindred_sync_result_get_conflicts (kindred_sync_get_last_result (sync)),
                    ==, 1);

  conflicts = kindred_sync_list_conflicts (sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  (void) store_a;

  return g_strdup (g_ptr_array_index (conflicts, 0));
}

/* The copy in its editor, wide, at 360 px and dark.  The narrow ones in a window made
 * at that width: shrinking one while a toast shows trips libadwaita 1.2 */
static void
save_conflict_shots (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  KindredWindow *narrow;

  if (g_getenv ("KINDRED_TEST_SHOTS") == NULL)
    return;

  save_shot (GTK_WINDOW (window_a), "conflict-editor-wide.png");

  narrow = kindred_window_new (GTK_APPLICATION (app), journal_a);
  gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 740);
  gtk_window_present (GTK_WINDOW (narrow));
  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (narrow), KINDRED_WINDOW_PAGE_MAIN) == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-conflicts", NULL));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (kindred_window_get_editor (narrow))));
  save_shot (GTK_WINDOW (narrow), "conflict-editor-360.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_shot (GTK_WINDOW (narrow), "conflict-editor-360-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_destroy (GTK_WINDOW (narrow));
  flush_events ();
}

static void
test_sync_ui_conflict_discard (void)
{
  KindredEntryEditor *editor;
  GtkWidget *keep;
  GtkWidget *discard;
  KindredStore *store_a;
  g_autoptr(KindredEntry) gone = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_uuid = NULL;
  guint live_before;

  if (skip_if_no_session ())
    return;

  store_a = kindred_journal_get_store (journal_a);
  copy_uuid = make_conflict (EDITED_ON_A, EDITED_ON_B);
  live_before = count_live_entries (store_a);

  /* The copy's row carries the badge */
  SPIN_UNTIL (count_conflict_rows () == 1);

  /* "Look" in the toast: the copy opens, and its editor says what it is */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.show-conflicts", NULL));
  editor = kindred_window_get_editor (window_a);
  g_assert_nonnull (kindred_entry_editor_get_entry (editor));
  g_assert_cmpstr (kindred_entry_get_uuid (kindred_entry_editor_get_entry (editor)), ==, copy_uuid);
  g_assert_cmpstr (kindred_entry_get_conflict_of (kindred_entry_editor_get_entry (editor)), ==,
                   shared_uuid);
  g_assert_true (banner_shown (editor));
  keep = GTK_WIDGET (kindred_entry_editor_get_keep_copy_button (editor));
  discard = GTK_WIDGET (kindred_entry_editor_get_discard_copy_button (editor));
  g_assert_true (gtk_widget_is_sensitive (keep) && gtk_widget_get_mapped (keep));
  g_assert_true (gtk_widget_is_sensitive (discard) && gtk_widget_get_mapped (discard));
  save_conflict_shots ();

  /* Discard This Copy: gone, the original stays */
  click (discard);
  gone = kindred_store_get_entry (store_a, copy_uuid, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_entry_get_deleted (gone));
  left = kindred_sync_list_conflicts (sync_a (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_cmpuint (count_live_entries (store_a), ==, live_before - 1);
  SPIN_UNTIL (count_conflict_rows () == 0);
  g_assert_true (kindred_window_has_undo (window_a));
  kindred_window_dismiss_undo (window_a);
  SPIN_UNTIL (!kindred_window_has_undo (window_a));
}

static void
test_sync_ui_conflict_keep (void)
{
  KindredEntryEditor *editor;
  KindredStore *store_a;
  g_autoptr(KindredEntry) kept = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_uuid = NULL;
  guint live_before;

  if (skip_if_no_session ())
    return;

  store_a = kindred_journal_get_store (journal_a);
  copy_uuid = make_conflict ("The laptop's second thoughts.", "The desktop's second thoughts.");
  live_before = count_live_entries (store_a);
  SPIN_UNTIL (count_conflict_rows () == 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.show-conflicts", NULL));
  editor = kindred_window_get_editor (window_a);
  g_assert_cmpstr (kindred_entry_get_uuid (kindred_entry_editor_get_entry (editor)), ==, copy_uuid);

  /* Keep as Its Own Entry: an entry like any other, on every device */
  click (GTK_WIDGET (kindred_entry_editor_get_keep_copy_button (editor)));
  kept = kindred_store_get_entry (store_a, copy_uuid, &error);
  g_assert_no_error (error);
  g_assert_false (kindred_entry_get_deleted (kept));
  g_assert_null (kindred_entry_get_conflict_of (kept));
  left = kindred_sync_list_conflicts (sync_a (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_cmpuint (count_live_entries (store_a), ==, live_before);

  /* The editor shows it afresh: no banner any more */
  g_assert_cmpstr (kindred_entry_get_uuid (kindred_entry_editor_get_entry (editor)), ==, copy_uuid);
  g_assert_null (kindred_entry_get_conflict_of (kindred_entry_editor_get_entry (editor)));
  g_assert_false (banner_shown (editor));
  SPIN_UNTIL (count_conflict_rows () == 0);
  kindred_journal_view_close_editor (KINDRED_JOURNAL_VIEW (lookup ("journal_view")));
}

static void
test_sync_ui_needs_passphrase (void)
{
  KindredSync *sync;
  KindredPassphrasePrompt *prompt;
  g_autoptr(GError) error = NULL;
  guint before;

  if (skip_if_no_session ())
    return;

  sync = sync_a ();
  /* As after a restart where the keyring did not keep it: forgotten here and there */
  g_assert_true (kindred_sync_set_passphrase (sync, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (kindred_keyring_delete_sync_passphrase (kindred_sync_get_device_id (sync), NULL,
                                                         NULL, &error));
  g_assert_no_error (error);

  before = n_finished;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.sync-now", NULL));
  SPIN_UNTIL (n_finished > before &&
              (prompt = find_toplevel (KINDRED_TYPE_PASSPHRASE_PROMPT)) != NULL);
  g_assert_true (g_error_matches (kindred_sync_get_last_error (sync), KINDRED_SYNC_ERROR,
                                  KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE));

  /* Typed once, for this session only */
  gtk_check_button_set_active (kindred_passphrase_prompt_get_remember_check (prompt), FALSE);
  gtk_editable_set_text (kindred_passphrase_prompt_get_entry (prompt), PASSPHRASE);
  before = n_finished;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (prompt), KINDRED_PASSPHRASE_PROMPT_RESPONSE);
  SPIN_UNTIL (n_finished > before && !kindred_sync_get_busy (sync));
  g_assert_no_error ((GError *) kindred_sync_get_last_error (sync));
  g_assert_true (kindred_sync_has_passphrase (sync));
  g_assert_cmpuint (kindred_sync_result_get_files_refused (kindred_sync_get_last_result (sync)),
                    ==, 0);
}

static void
test_sync_ui_preferences (void)
{
  KindredPreferencesWindow *preferences;
  KindredSyncDialog *dialog;
  GtkWidget *row;

  if (skip_if_no_session ())
    return;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.preferences", NULL));
  preferences = find_toplevel (KINDRED_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  row = kindred_preferences_window_lookup_widget (preferences, "sync_row");
  g_assert_nonnull (row);
  /* Says where it syncs */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), sync_dir));
  g_assert_true (gtk_widget_is_sensitive (row));

  /* The row opens the same dialog, over the preferences */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.sync", NULL));
  dialog = find_toplevel (KINDRED_TYPE_SYNC_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (preferences));
  g_assert_cmpstr (kindred_sync_dialog_get_page (dialog), ==, "enabled");
  g_assert_true (kindred_sync_dialog_get_sync (dialog) == sync_a ());

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (preferences));
  flush_events ();
}

static void
test_sync_ui_dialogs_leave_with_journal (void)
{
  GtkWidget *dialog;

  if (skip_if_no_session ())
    return;

  /* Whatever a dialog shows of the journal goes when it is locked (a keyring
   * journal is covered) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.import", NULL));
  dialog = find_toplevel (KINDRED_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.lock", NULL));
  g_assert_cmpstr (kindred_window_get_page (window_a), ==, KINDRED_WINDOW_PAGE_COVER);
  SPIN_UNTIL (dialog == NULL);
  /* And nothing of sync is offered under the cover */
  gtk_widget_activate_action (GTK_WIDGET (window_a), "win.sync-setup", NULL);
  g_assert_null (find_toplevel (KINDRED_TYPE_SYNC_DIALOG));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window_a), "win.uncover", NULL));
  g_assert_cmpstr (kindred_window_get_page (window_a), ==, KINDRED_WINDOW_PAGE_MAIN);
}

static void
test_sync_ui_turn_off (void)
{
  KindredSyncDialog *dialog;
  KindredSync *sync;
  AdwMessageDialog *question;
  GtkWidget *check;
  g_autofree char *own_file = NULL;
  g_autofree char *other_file = NULL;

  if (skip_if_no_session ())
    return;

  sync = sync_a ();
  own_file = g_strconcat (sync_dir, G_DIR_SEPARATOR_S, kindred_sync_get_device_id (sync),
                          KINDRED_SYNC_SUFFIX, NULL);
  other_file = g_strconcat (sync_dir, G_DIR_SEPARATOR_S, kindred_sync_get_device_id (sync_b),
                            KINDRED_SYNC_SUFFIX, NULL);
  g_assert_true (g_file_test (own_file, G_FILE_TEST_IS_REGULAR));

  dialog = open_sync_dialog ();
  g_assert_cmpstr (kindred_sync_dialog_get_page (dialog), ==, "enabled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sync.turn-off", NULL));
  question = find_question (GTK_WINDOW (dialog));
  g_assert_nonnull (question);
  g_assert_true (adw_message_dialog_has_response (question, "turn-off"));

  /* Asked first: Cancel changes nothing */
  adw_message_dialog_response (question, "cancel");
  flush_events ();
  g_assert_true (kindred_sync_get_enabled (sync));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sync.turn-off", NULL));
  question = find_question (GTK_WINDOW (dialog));
  check = adw_message_dialog_get_extra_child (question);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  adw_message_dialog_response (question, "turn-off");
  SPIN_UNTIL (find_toplevel (KINDRED_TYPE_SYNC_DIALOG) == NULL);

  g_assert_false (kindred_sync_get_enabled (sync));
  /* This device's file is gone; the other device's is left alone; entries stay */
  g_assert_false (g_file_test (own_file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other_file, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_live_entries (kindred_journal_get_store (journal_a)), >, 0);
  g_assert_false (gtk_widget_get_visible (lookup ("sync_button")));
}

static void
test_sync_ui_wrong_passphrase (void)
{
  KindredSyncDialog *dialog;
  KindredSync *sync;
  GtkLabel *error_label;

  if (skip_if_no_session ())
    return;

  sync = sync_a ();
  g_assert_false (kindred_sync_get_enabled (sync));
  dialog = open_sync_dialog ();
  g_assert_cmpstr (kindred_sync_dialog_get_page (dialog), ==, "setup");

  /* The folder still holds the other device's file: a different passphrase does
   * not open it, and the dialog says what to do */
  kindred_sync_dialog_set_folder (dialog, sync_dir);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, "passphrase_row")), "not the one");
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, "confirm_row")), "not the one");
  click (dialog_widget (dialog, "set_up_button"));
  error_label = GTK_LABEL (dialog_widget (dialog, "error_label"));
  SPIN_UNTIL (!kindred_sync_dialog_get_busy (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "same sync passphrase"));
  g_assert_false (kindred_sync_get_enabled (sync));
  g_assert_cmpstr (kindred_sync_dialog_get_page (dialog), ==, "setup");
  /* Nothing of it in the error */
  g_assert_null (strstr (gtk_label_get_label (error_label), "not the one"));

  gtk_window_destroy (GTK_WINDOW (dialog));
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_a = NULL;
  g_autofree char *path_b = NULL;
  int ret;

  /* libsodium's smallest Argon2id: the KDF's cost is not what is tested here */
  g_setenv ("KINDRED_TEST_CHEAP_KDF", "1", TRUE);

  data_dir = g_dir_make_tmp ("kindred-test-sync-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);

  can_run = g_getenv ("DISPLAY") != NULL && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;

  if (can_run)
    gtk_test_init (&argc, &argv, NULL);
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-ui/set-up/dialog", test_sync_ui_set_up);
  g_test_add_func ("/sync-ui/run/entry-from-other-device", test_sync_ui_entry_from_other_device);
  g_test_add_func ("/sync-ui/run/header-button", test_sync_ui_header_button);
  g_test_add_func ("/sync-ui/conflict/discard", test_sync_ui_conflict_discard);
  g_test_add_func ("/sync-ui/conflict/keep", test_sync_ui_conflict_keep);
  g_test_add_func ("/sync-ui/passphrase/asked", test_sync_ui_needs_passphrase);
  g_test_add_func ("/sync-ui/preferences/row", test_sync_ui_preferences);
  g_test_add_func ("/sync-ui/privacy/dialogs-close", test_sync_ui_dialogs_leave_with_journal);
  g_test_add_func ("/sync-ui/turn-off/dialog", test_sync_ui_turn_off);
  g_test_add_func ("/sync-ui/again/wrong-passphrase", test_sync_ui_wrong_passphrase);

  if (can_run)
    {
      g_autoptr(KindredKey) key_b = kindred_key_new_random ();

      app = kindred_application_new ();
      /* Another Kindred on this bus must not take our activation */
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      /* The screensaver's lock is not what is tested here, and with an
       * xdg-desktop-portal that has no Inhibit backend, GTK warns (fatally) while
       * setting up its watch */
      g_object_set (app, "register-session", FALSE, NULL);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_LIGHT);
      /* GNOME's window buttons (a close button only), not Xvfb's three; the header
       * button test tries both */
      g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close",
                    NULL);

      sync_dir = g_build_filename (data_dir, "Sync", NULL);
      dir_a = g_build_filename (data_dir, "laptop", NULL);
      path_b = g_build_filename (data_dir, "desktop.db", NULL);
      g_assert_cmpint (g_mkdir (sync_dir, 0700), ==, 0);
      g_assert_cmpint (g_mkdir (dir_a, 0700), ==, 0);

      /* A: the window's journal, its key in the keyring */
      journal_a = kindred_journal_new (dir_a);
      window_a = kindred_window_new (GTK_APPLICATION (app), journal_a);
      gtk_window_set_default_size (GTK_WINDOW (window_a), 1000, 700);
      gtk_window_present (GTK_WINDOW (window_a));
      SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (window_a), KINDRED_WINDOW_PAGE_MAIN) == 0);

      /* B: the other device */
      store_b = kindred_store_open (path_b, key_b, TRUE, NULL, &error);
      g_assert_no_error (error);
      sync_b = kindred_sync_new (store_b);
      kindred_sync_set_auto_sync (sync_b, FALSE);
      kindred_sync_set_device_name (sync_b, "Desktop");
    }

  ret = g_test_run ();

  if (can_run)
    {
      g_signal_handlers_disconnect_by_func (sync_a (), finished_cb, NULL);
      gtk_window_destroy (GTK_WINDOW (window_a));
      flush_events ();
      /* Leave nothing behind in the session's keyring */
      kindred_sync_forget (sync_b, FALSE, NULL);
      g_clear_object (&sync_b);
      kindred_store_close (store_b);
      g_clear_object (&store_b);
      kindred_journal_erase (journal_a, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&journal_a);
      g_clear_object (&app);
    }

  remove_tree (data_dir);
  g_free (data_dir);
  g_free (sync_dir);
  g_free (shared_uuid);

  return ret;
}

/* test-window.c: the first window, under Xvfb, against a real keyring and journal
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
#include "kindred-window.h"

#define ENTRY_FIRST_LINE "A quiet walk by the river helped more than I expected."
#define ENTRY_BODY       ENTRY_FIRST_LINE "\nThe second line stays out of the list."

static gboolean            can_run;
static char               *data_dir;
static KindredApplication *app;
static KindredWindow      *window;

/* Waits for something the main loop brings about (a worker finishing, a frame being
 * laid out). No time limit: the test's own timeout catches a hang. */
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

static KindredWindow *
new_window (int width,
            int height)
{
  KindredWindow *self = kindred_window_new (GTK_APPLICATION (app),
                                            kindred_application_get_journal (app));

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  gtk_window_present (GTK_WINDOW (self));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (self)));

  return self;
}

/* Depth-first: the KindredEntryRow below @widget that shows @summary, if any. */
static KindredEntryRow *
find_row (GtkWidget  *widget,
          const char *summary)
{
  if (KINDRED_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (kindred_entry_row_get_summary (KINDRED_ENTRY_ROW (widget)), summary) == 0)
    return KINDRED_ENTRY_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KindredEntryRow *row = find_row (child, summary);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static GtkWidget *
lookup (const char *name)
{
  GtkWidget *widget = kindred_window_lookup_widget (window, name);

  g_assert_nonnull (widget);

  return widget;
}

/* The Journal view holds the list and the editor */
static KindredJournalView *
journal_view (void)
{
  return KINDRED_JOURNAL_VIEW (lookup ("journal_view"));
}

static const char *
journal_page (const char *stack_name)
{
  GtkWidget *stack = kindred_journal_view_lookup_widget (journal_view (), stack_name);

  g_assert_nonnull (stack);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
test_window_open_first_launch (void)
{
  KindredJournal *journal;
  g_autofree char *db_path = NULL;

  if (skip_if_no_session ())
    return;

  g_assert_nonnull (window);
  journal = kindred_window_get_journal (window);

  /* A first launch with a Secret Service asks nothing: loading, then the journal */
  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (window), KINDRED_WINDOW_PAGE_LOADING) != 0);
  g_assert_cmpstr (kindred_window_get_page (window), ==, KINDRED_WINDOW_PAGE_MAIN);
  g_assert_true (kindred_journal_is_unlocked (journal));
  g_assert_cmpint (kindred_journal_get_state (journal), ==, KINDRED_JOURNAL_STATE_KEYRING);

  db_path = g_build_filename (data_dir, "kindred", "journal.db", NULL);
  g_assert_cmpstr (kindred_journal_get_db_path (journal), ==, db_path);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));

  /* The empty state says the journal is private and offers the first entry */
  g_assert_nonnull (kindred_window_get_entries (window));
  g_assert_cmpuint (g_list_model_get_n_items (kindred_window_get_entries (window)), ==, 0);
  g_assert_cmpstr (journal_page ("stack"), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (lookup ("empty_page")));
  g_assert_true (gtk_widget_get_mapped (lookup ("write_first_button")));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (lookup ("empty_page"))),
                   ==, "Your journal is private");
  g_assert_true (gtk_widget_get_mapped (lookup ("help_button")));
}

static void
test_window_entry_create (void)
{
  KindredEntryEditor *editor;
  GtkTextBuffer *buffer;
  GListModel *entries;
  KindredEntryRow *row = NULL;
  g_autoptr(KindredEntry) saved = NULL;
  g_autofree char *summary = NULL;

  if (skip_if_no_session ())
    return;

  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (window), KINDRED_WINDOW_PAGE_MAIN) == 0);
  entries = kindred_window_get_entries (window);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);

  /* Through the window's actions and the editor's widgets, as a person would */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-entry", NULL));
  g_assert_true (kindred_journal_view_get_editing (journal_view ()));
  g_assert_cmpstr (journal_page ("stack"), ==, "browse");
  g_assert_cmpstr (journal_page ("editor_stack"), ==, "editor");
  g_assert_true (gtk_widget_get_mapped (lookup ("editor")));

  editor = kindred_window_get_editor (window);
  g_assert_nonnull (kindred_entry_editor_get_entry (editor));
  g_assert_false (kindred_entry_editor_has_content (editor));

  gtk_toggle_button_set_active (kindred_entry_editor_get_mood_button (editor, 4), TRUE);
  buffer = gtk_text_view_get_buffer (kindred_entry_editor_get_text_view (editor));
  gtk_text_buffer_set_text (buffer, ENTRY_BODY, -1);

  g_assert_cmpint (kindred_entry_get_mood (kindred_entry_editor_get_entry (editor)), ==, 4);
  g_assert_cmpstr (kindred_entry_get_body (kindred_entry_editor_get_entry (editor)),
                   ==, ENTRY_BODY);
  g_assert_true (kindred_entry_editor_has_content (editor));

  /* Done saves what is there and closes the editor */
  g_assert_true (gtk_widget_activate_action (lookup ("done_button"), "journal.close-editor",
                                             NULL));
  g_assert_false (kindred_journal_view_get_editing (journal_view ()));

  /* The store's signal reaches the list model, which the list view shows */
  SPIN_UNTIL (g_list_model_get_n_items (entries) == 1);
  saved = g_list_model_get_item (entries, 0);
  g_assert_true (KINDRED_IS_ENTRY (saved));
  g_assert_cmpstr (kindred_entry_get_body (saved), ==, ENTRY_BODY);
  g_assert_cmpint (kindred_entry_get_mood (saved), ==, 4);

  summary = kindred_entry_dup_summary (saved);
  g_assert_cmpstr (summary, ==, ENTRY_FIRST_LINE);

  SPIN_UNTIL (g_strcmp0 (journal_page ("content_stack"), "list") == 0);
  g_assert_cmpstr (journal_page ("stack"), ==, "browse");
  SPIN_UNTIL ((row = find_row (lookup ("list_view"), ENTRY_FIRST_LINE)) != NULL);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  g_assert_cmpstr (kindred_entry_get_uuid (kindred_entry_row_get_entry (row)),
                   ==, kindred_entry_get_uuid (saved));

  /* What is written never reaches the title */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kindred");
  g_assert_null (kindred_entry_editor_get_entry (editor));
}

static void
test_window_search_action (void)
{
  KindredJournalView *view;

  if (skip_if_no_session ())
    return;

  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (window), KINDRED_WINDOW_PAGE_MAIN) == 0);
  view = journal_view ();

  /* Ctrl+F (win.search) from another view goes to the journal with the search open */
  kindred_window_show_view (window, "insights");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (lookup ("view_stack"))),
                   ==, "journal");
  g_assert_true (kindred_journal_view_get_search_mode (view));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (lookup ("search_bar"))));

  /* On the journal it toggles */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_false (kindred_journal_view_get_search_mode (view));
}

static void
test_window_a11y_labels (void)
{
  KindredEntryEditor *editor;
  static const char *moods[] = { "Awful", "Bad", "Okay", "Good", "Great" };

  if (skip_if_no_session ())
    return;

  /* Icon-only buttons carry an explicit label: a tooltip is only a description */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (lookup ("new_entry_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "New entry");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (lookup ("menu_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Main menu");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (lookup ("list_view")),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* "Get help now" has its words on it */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (lookup ("help_button"))),
                   ==, "Get help now");

  editor = kindred_window_get_editor (window);
  for (int mood = 1; mood <= 5; mood++)
    gtk_test_accessible_assert_property (
      GTK_ACCESSIBLE (kindred_entry_editor_get_mood_button (editor, mood)),
      GTK_ACCESSIBLE_PROPERTY_LABEL, moods[mood - 1]);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (kindred_entry_editor_get_text_view (editor)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Entry text");
}

static void
test_window_narrow_switcher_bar (void)
{
  AdwViewSwitcherBar *bar;
  int min_width = 0;

  if (skip_if_no_session ())
    return;

  /* Wide: the switcher sits in the header bar, the bottom bar stays hidden */
  SPIN_UNTIL (gtk_widget_get_width (lookup ("switcher_title")) > 0);
  flush_events ();
  bar = ADW_VIEW_SWITCHER_BAR (lookup ("switcher_bar"));
  g_assert_true (adw_squeezer_get_visible_child (ADW_SQUEEZER (lookup ("switcher_title")))
                 != lookup ("switcher_none"));
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));

  /* A new window at 360 px finds the journal open and goes straight to it */
  gtk_window_destroy (GTK_WINDOW (window));
  window = new_window (360, 640);
  g_assert_cmpstr (kindred_window_get_page (window), ==, KINDRED_WINDOW_PAGE_MAIN);

  bar = ADW_VIEW_SWITCHER_BAR (lookup ("switcher_bar"));
  SPIN_UNTIL (adw_view_switcher_bar_get_reveal (bar));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (bar)));

  /* Nothing needs more than 360 px: no cut-off, no sideways scrolling */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);

  /* Every view stays reachable */
  kindred_window_show_view (window, "resources");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (lookup ("view_stack"))),
                   ==, "resources");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "crisis-help"));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (lookup ("view_stack")), "journal");
  /* "Get help now" from every view: the help page, and Back returns to that view */
  {
    const char *views[] = { "journal", "insights", "strategies", "group", "resources" };

    for (guint i = 0; i < G_N_ELEMENTS (views); i++)
      {
        adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (lookup ("view_stack")), views[i]);
        g_action_group_activate_action (G_ACTION_GROUP (app), "crisis-help", NULL);
        g_assert_cmpstr (kindred_window_get_page (window), ==, KINDRED_WINDOW_PAGE_HELP);
        g_assert_true (gtk_widget_get_mapped (lookup ("help_page")));
        gtk_widget_activate_action (GTK_WIDGET (window), "win.help-back", NULL);
        g_assert_cmpstr (kindred_window_get_page (window), ==, KINDRED_WINDOW_PAGE_MAIN);
        g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (lookup ("view_stack"))),
                         ==, views[i]);
      }
  }
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static void
test_window_open_bad_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredJournal) journal = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *moved_checksum = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *moved = NULL;
  KindredWindow *bad_window;
  AdwMessageDialog *dialog;
  const char *name;
  guint8 noise[4096];

  if (skip_if_no_session ())
    return;

  /* Not a journal: noise where journal.db should be */
  dir = g_build_filename (data_dir, "bad-journal", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  db_path = g_build_filename (dir, "journal.db", NULL);
  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_random_int ();
  g_file_set_contents (db_path, (const char *) noise, sizeof noise, &error);
  g_assert_no_error (error);
  checksum = checksum_of (db_path);

  journal = kindred_journal_new (dir);
  bad_window = kindred_window_new (GTK_APPLICATION (app), journal);
  gtk_window_present (GTK_WINDOW (bad_window));

  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (bad_window), KINDRED_WINDOW_PAGE_LOADING) != 0);
  g_assert_cmpstr (kindred_window_get_page (bad_window), ==, KINDRED_WINDOW_PAGE_PROBLEM);
  g_assert_false (kindred_journal_is_unlocked (journal));
  g_assert_true (gtk_widget_get_visible (kindred_window_lookup_widget (bad_window,
                                                                       "problem_move_button")));
  /* Nothing was written over it */
  g_assert_cmpstr (checksum_of (db_path), ==, checksum);

  /* Moving aside asks first, and says where the old file is kept */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bad_window), "win.move-aside", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), dir));
  g_assert_cmpstr (checksum_of (db_path), ==, checksum);
  adw_message_dialog_response (dialog, "move");

  /* Then a new journal starts, and the old file is still there, unchanged */
  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (bad_window), KINDRED_WINDOW_PAGE_MAIN) == 0);
  g_assert_true (kindred_journal_is_unlocked (journal));

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "journal-") && g_str_has_suffix (name, ".db"))
      moved = g_build_filename (dir, name, NULL);
  g_assert_nonnull (moved);
  moved_checksum = checksum_of (moved);
  g_assert_cmpstr (moved_checksum, ==, checksum);

  gtk_window_destroy (GTK_WINDOW (bad_window));
  kindred_journal_erase (journal, NULL, &error);
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
  int ret;

  /* Before anything reads it: GLib caches the user data folder */
  data_dir = g_dir_make_tmp ("kindred-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);

  can_run = g_getenv ("DISPLAY") != NULL && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;

  if (can_run)
    gtk_test_init (&argc, &argv, NULL);
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/open/first-launch", test_window_open_first_launch);
  g_test_add_func ("/window/open/bad-file", test_window_open_bad_file);
  g_test_add_func ("/window/entry/create", test_window_entry_create);
  g_test_add_func ("/window/journal/search", test_window_search_action);
  g_test_add_func ("/window/a11y/labels", test_window_a11y_labels);
  g_test_add_func ("/window/narrow/switcher-bar", test_window_narrow_switcher_bar);

  if (can_run)
    {
      GList *windows;

      app = kindred_application_new ();
      /* Another Kindred on this bus must not take our activation */
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      g_application_activate (G_APPLICATION (app));

      windows = gtk_application_get_windows (GTK_APPLICATION (app));
      g_assert_nonnull (windows);
      window = KINDRED_WINDOW (windows->data);
      SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
    }

  ret = g_test_run ();

  if (app != NULL)
    {
      KindredJournal *journal = kindred_application_get_journal (app);

      if (window != NULL)
        gtk_window_destroy (GTK_WINDOW (window));
      /* Leave no key behind in the session's keyring */
      kindred_journal_erase (journal, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&app);
    }

  remove_tree (data_dir);
  g_free (data_dir);

  return ret;
}

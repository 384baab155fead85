/* test-resources.c: the Resources view, "Get help now" and the safety plan, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "kindred-application.h"
#include "kindred-contacts-dialog.h"
#include "kindred-country.h"
#include "kindred-directory-row.h"
#include "kindred-help-page.h"
#include "kindred-resources-view.h"
#include "kindred-safety-plan-page.h"


static gboolean can_run;

#define SPIN_UNTIL(cond) \
  G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

typedef struct
{
  char             *dir;
  char             *update_path;
  KindredDirectory *directory;
  GSettings        *settings;
  KindredKey       *key;
  KindredStore     *store;
  GtkWindow        *window;
  AdwToastOverlay  *overlay;
} Fixture;

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
  g_autofree char *folder = NULL;

  if (!can_run)
    return;

  fixture->dir = g_dir_make_tmp ("kindred-test-resources-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->update_path = g_build_filename (fixture->dir, "kindred", "directory.json", NULL);
  folder = g_path_get_dirname (fixture->update_path);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  fixture->directory = kindred_directory_new (fixture->update_path, &error);
  g_assert_no_error (error);

  fixture->settings = g_settings_new (KINDRED_SETTINGS_SCHEMA);
  g_settings_set_string (fixture->settings, KINDRED_SETTINGS_COUNTRY, "GB");

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 900);
  fixture->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->overlay));
}

static void
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredStrategyLibrary) library = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "journal.db", NULL);

  fixture->key = kindred_key_new_random ();
  fixture->store = kindred_store_open (path, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);
  library = kindred_strategy_library_new (&error);
  g_assert_no_error (error);
  g_assert_true (kindred_strategy_library_seed (library, fixture->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!can_run)
    return;

  /* Dialogs the test left open */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

        gtk_window_destroy (window);
      }
  }
  flush_events ();
  if (fixture->store != NULL)
    kindred_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->key, kindred_key_unref);
  g_settings_reset (fixture->settings, KINDRED_SETTINGS_COUNTRY);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->directory);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->update_path, g_free);
}

static void
show (Fixture   *fixture,
      GtkWidget *widget)
{
  adw_toast_overlay_set_child (fixture->overlay, widget);
  gtk_window_present (fixture->window);
  SPIN_UNTIL (gtk_widget_get_mapped (widget));
}

static KindredResourcesView *
show_view (Fixture *fixture)
{
  GtkWidget *view = kindred_resources_view_new (fixture->directory);

  show (fixture, view);

  return KINDRED_RESOURCES_VIEW (view);
}

static KindredDirectoryEntry *
result (KindredResourcesView *view,
        guint                 i)
{
  GListModel *results = kindred_resources_view_get_results (view);
  KindredDirectoryEntry *entry = g_list_model_get_item (results, i);

  g_object_unref (entry);  /* the model keeps it */

  return entry;
}

/* The KindredDirectoryRows below @widget, in order */
static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (KINDRED_IS_DIRECTORY_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* What a pointer click ends in; gtk_widget_activate() would wait for the
 * press animation's timeout first */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static char *
bundled_with_version (Fixture    *fixture,
                      const char *version)
{
  g_autofree char *path = g_build_filename (g_getenv ("KINDRED_TEST_DATA"), "..", "..", "data",
                                            "directory", "kindred-directory.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *needle = NULL;
  g_autofree char *replacement = NULL;
  g_autoptr(GString) text = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  text = g_string_new (contents);
  needle = g_strdup_printf ("\"version\": \"%s\"", kindred_directory_get_version (fixture->directory));
  replacement = g_strdup_printf ("\"version\": \"%s\"", version);
  g_assert_cmpuint (g_string_replace (text, needle, replacement, 1), ==, 1);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* The Resources view */

static void
test_resources_view_country_first (Fixture       *fixture,
                                   gconstpointer  data)
{
  KindredResourcesView *view;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GListModel *results;
  guint n_gb = 0;
  guint n;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  view = show_view (fixture);
  results = kindred_resources_view_get_results (view);
  n = g_list_model_get_n_items (results);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (kindred_directory_get_entries (fixture->directory)));

  /* Every GB entry before any other */
  while (n_gb < n && g_str_equal (kindred_directory_entry_get_country (result (view, n_gb)), "GB"))
    n_gb++;
  g_assert_cmpuint (n_gb, >=, 2);
  for (guint i = n_gb; i < n; i++)
    g_assert_cmpstr (kindred_directory_entry_get_country (result (view, i)), !=, "GB");
  g_assert_cmpstr (kindred_directory_entry_get_country (result (view, n_gb)), ==, "INT");

  /* …and the widgets show them in that order, under a heading */
  collect_rows (kindred_resources_view_lookup_widget (view, "results_list"), rows);
  g_assert_cmpuint (rows->len, ==, n);
  g_assert_true (kindred_directory_row_get_entry (g_ptr_array_index (rows, 0)) == result (view, 0));
  {
    GtkWidget *list_row = gtk_widget_get_ancestor (g_ptr_array_index (rows, 0), GTK_TYPE_LIST_BOX_ROW);
    GtkWidget *header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (list_row));

    g_assert_nonnull (header);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, "In United Kingdom");
  }

  /* Choosing another country in the setting moves its entries first */
  {
    guint notified = 0;

    g_signal_connect (view, "notify::results", G_CALLBACK (notify_count_cb), &notified);
    g_settings_set_string (fixture->settings, KINDRED_SETTINGS_COUNTRY, "JP");
    SPIN_UNTIL (notified > 0);
    g_assert_cmpstr (kindred_directory_entry_get_country (result (view, 0)), ==, "JP");
    g_signal_handlers_disconnect_by_func (view, notify_count_cb, &notified);
  }

  /* The drop-down writes the setting */
  {
    GtkWidget *box = kindred_resources_view_lookup_widget (view, "country_box");
    GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_last_child (box));
    GListModel *names = gtk_drop_down_get_model (dropdown);
    g_autofree char *country = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Australia"))
        gtk_drop_down_set_selected (dropdown, i);
    country = g_settings_get_string (fixture->settings, KINDRED_SETTINGS_COUNTRY);
    g_assert_cmpstr (country, ==, "AU");
    flush_events ();
    g_assert_cmpstr (kindred_directory_entry_get_country (result (view, 0)), ==, "AU");
  }
}

static void
search_changed_cb (GtkEditable *entry,
                   const char **wanted)
{
  /* An emptied entry reports at once; the typed text after a short delay */
  if (*wanted != NULL && g_str_equal (gtk_editable_get_text (entry), *wanted))
    *wanted = NULL;
}

/* Types @text and waits for the search it starts (the view's own handler ran
 * first, being connected first) */
static void
search_for (GtkWidget  *entry,
            const char *text)
{
  const char *wanted = text;
  gulong id = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &wanted);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  SPIN_UNTIL (wanted == NULL);
  g_signal_handler_disconnect (entry, id);
}

static void
test_resources_view_search (Fixture       *fixture,
                            gconstpointer  data)
{
  KindredResourcesView *view;
  GtkWidget *search;
  guint total;
  guint n;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  view = show_view (fixture);
  total = g_list_model_get_n_items (kindred_resources_view_get_results (view));
  search = kindred_resources_view_lookup_widget (view, "search_entry");

  search_for (search, "samaritans");
  n = g_list_model_get_n_items (kindred_resources_view_get_results (view));
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, total);
  g_assert_cmpstr (kindred_directory_entry_get_id (result (view, 0)), ==, "gb-samaritans");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *haystack = g_utf8_strdown (kindred_directory_entry_get_organisation (result (view, i)), -1);

      g_assert_nonnull (strstr (haystack, "samaritans"));
    }

  /* Nothing matches: the list says so */
  search_for (search, "zzzqqq");
  g_assert_cmpuint (g_list_model_get_n_items (kindred_resources_view_get_results (view)), ==, 0);

  search_for (search, "");
  g_assert_cmpuint (g_list_model_get_n_items (kindred_resources_view_get_results (view)), ==, total);
}

static void
test_resources_view_kind_filter (Fixture       *fixture,
                                 gconstpointer  data)
{
  KindredResourcesView *view;
  GtkWidget *button;
  guint total;
  guint n;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  view = show_view (fixture);
  total = g_list_model_get_n_items (kindred_resources_view_get_results (view));
  button = kindred_resources_view_get_kind_button (view, "young-people");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));

  click (button);
  flush_events ();
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  n = g_list_model_get_n_items (kindred_resources_view_get_results (view));
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, total);
  for (guint i = 0; i < n; i++)
    g_assert_true (kindred_directory_entry_has_kind (result (view, i), "young-people"));

  click (button);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (kindred_resources_view_get_results (view)), ==, total);
}

static void
test_resources_view_emergency (Fixture       *fixture,
                               gconstpointer  data)
{
  KindredResourcesView *view;
  GtkLabel *label;
  g_autoptr(GPtrArray) kr = NULL;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  view = show_view (fixture);
  label = GTK_LABEL (kindred_resources_view_lookup_widget (view, "emergency_label"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "If you are in immediate danger, call 999.");

  /* South Korea is in the directory without an official emergency number */
  kr = kindred_directory_dup_emergency_numbers (fixture->directory, "KR");
  g_assert_cmpuint (kr->len, ==, 0);
  g_settings_set_string (fixture->settings, KINDRED_SETTINGS_COUNTRY, "KR");
  flush_events ();
  g_assert_cmpstr (gtk_label_get_text (label), ==,
                   "If you are in immediate danger, call your local emergency number.");
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), res, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  SPIN_UNTIL (text != NULL);

  return text;
}

static void
test_resources_view_copy_number (Fixture       *fixture,
                                 gconstpointer  data)
{
  KindredResourcesView *view;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  KindredDirectoryRow *row;
  GtkWidget *button;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  view = show_view (fixture);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), "something else");
  collect_rows (kindred_resources_view_lookup_widget (view, "results_list"), rows);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (kindred_directory_entry_get_id (kindred_directory_row_get_entry (row)), ==,
                   "gb-samaritans");

  /* Nothing is copied until the button is pressed */
  before = read_clipboard (GTK_WIDGET (view));
  g_assert_cmpstr (before, ==, "something else");

  button = kindred_directory_row_get_copy_button (row, 0);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Copy number");
  click (button);
  after = read_clipboard (GTK_WIDGET (view));
  g_assert_cmpstr (after, ==, "116 123");
}

static void
test_resources_view_import (Fixture       *fixture,
                            gconstpointer  data)
{
  KindredResourcesView *view;
  g_autofree char *newer = NULL;
  g_autofree char *older = NULL;
  g_autofree char *newer_path = NULL;
  g_autofree char *older_path = NULL;
  g_autoptr(GFile) newer_file = NULL;
  g_autoptr(GFile) older_file = NULL;
  AdwMessageDialog *dialog;
  const char *label;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  view = show_view (fixture);
  newer = bundled_with_version (fixture, "2027-06-30");
  older = bundled_with_version (fixture, "2020-01-01");
  newer_path = g_build_filename (fixture->dir, "update-newer.json", NULL);
  older_path = g_build_filename (fixture->dir, "update-older.json", NULL);
  g_assert_true (g_file_set_contents (newer_path, newer, -1, NULL));
  g_assert_true (g_file_set_contents (older_path, older, -1, NULL));
  newer_file = g_file_new_for_path (newer_path);
  older_file = g_file_new_for_path (older_path);

  /* Accepted: the view uses it and says which version */
  g_assert_true (kindred_resources_view_import_file (view, newer_file));
  g_assert_cmpstr (kindred_directory_get_version (fixture->directory), ==, "2027-06-30");
  g_assert_true (kindred_directory_get_using_update (fixture->directory));
  g_assert_true (g_file_test (fixture->update_path, G_FILE_TEST_IS_REGULAR));
  label = gtk_label_get_text (GTK_LABEL (kindred_resources_view_lookup_widget (view, "version_label")));
  g_assert_nonnull (strstr (label, "2027-06-30"));
  g_assert_null (find_message_dialog ());

  /* Refused: nothing changes, and a dialog says why */
  g_assert_false (kindred_resources_view_import_file (view, older_file));
  g_assert_cmpstr (kindred_directory_get_version (fixture->directory), ==, "2027-06-30");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "This Update Was Not Used");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), !=, "");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);
  adw_message_dialog_response (dialog, "close");
  flush_events ();
}

static void
test_resources_view_contacts (Fixture       *fixture,
                              gconstpointer  data)
{
  KindredResourcesView *view;
  GtkWidget *locked_label;
  GtkWidget *list;
  KindredContactsDialog *dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  /* Locked: said gently, nothing to add to */
  view = show_view (fixture);
  locked_label = kindred_resources_view_lookup_widget (view, "contacts_locked_label");
  list = kindred_resources_view_lookup_widget (view, "contacts_list");
  g_assert_true (gtk_widget_get_mapped (locked_label));
  g_assert_false (gtk_widget_get_sensitive (kindred_resources_view_lookup_widget (view, "add_contact_button")));

  /* Unlocked: Add opens the dialog, Save writes the journal and the list shows it */
  open_store (fixture);
  kindred_resources_view_set_store (view, fixture->store);
  flush_events ();
  g_assert_false (gtk_widget_get_visible (locked_label));
  g_assert_true (gtk_widget_get_sensitive (kindred_resources_view_lookup_widget (view, "add_contact_button")));
  click (kindred_resources_view_lookup_widget (view, "add_contact_button"));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (KINDRED_IS_CONTACTS_DIALOG (window))
          dialog = KINDRED_CONTACTS_DIALOG (window);
      }
  }
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (kindred_contacts_dialog_lookup_widget (dialog, "save_button")));
  gtk_editable_set_text (GTK_EDITABLE (kindred_contacts_dialog_lookup_widget (dialog, "name_row")), "Sam");
  gtk_editable_set_text (GTK_EDITABLE (kindred_contacts_dialog_lookup_widget (dialog, "phone_row")),
                         "07700 900123");
  g_assert_true (gtk_widget_get_sensitive (kindred_contacts_dialog_lookup_widget (dialog, "save_button")));
  click (kindred_contacts_dialog_lookup_widget (dialog, "save_button"));
  flush_events ();

  stored = kindred_contact_load_all (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpstr (kindred_contact_get_name (g_ptr_array_index (stored, 0)), ==, "Sam");
  g_assert_cmpstr (kindred_contact_get_phone (g_ptr_array_index (stored, 0)), ==, "07700 900123");
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_true (ADW_IS_ACTION_ROW (gtk_widget_get_first_child (list)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (list))),
                   ==, "Sam");
}

/* Get help now */

static void
test_resources_help_locked (Fixture       *fixture,
                            gconstpointer  data)
{
  KindredHelpPage *page;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkLabel *emergency;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  page = KINDRED_HELP_PAGE (kindred_help_page_new (fixture->directory));
  show (fixture, GTK_WIDGET (page));

  g_assert_false (gtk_widget_get_visible (kindred_help_page_lookup_widget (page, "people_box")));
  collect_rows (kindred_help_page_lookup_widget (page, "lines_list"), rows);
  g_assert_cmpuint (rows->len, >=, 2);
  g_assert_cmpstr (kindred_directory_entry_get_id (kindred_directory_row_get_entry (g_ptr_array_index (rows, 0))),
                   ==, "gb-samaritans");
  /* Only local lines and the international one */
  for (guint i = 0; i < rows->len; i++)
    {
      const char *country = kindred_directory_entry_get_country (kindred_directory_row_get_entry (g_ptr_array_index (rows, i)));

      g_assert_true (g_str_equal (country, "GB") || g_str_equal (country, "INT"));
    }
  g_assert_nonnull (kindred_directory_row_get_copy_button (g_ptr_array_index (rows, 0), 0));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kindred_help_page_lookup_widget (page, "lines_heading"))),
                   ==, "Support lines in United Kingdom");
  emergency = GTK_LABEL (kindred_help_page_lookup_widget (page, "emergency_label"));
  g_assert_cmpstr (gtk_label_get_text (emergency), ==, "If you are in immediate danger, call 999.");

  /* A country with no line listed still gets the international service and a way on */
  g_settings_set_string (fixture->settings, KINDRED_SETTINGS_COUNTRY, "BR");
  flush_events ();
  g_ptr_array_set_size (rows, 0);
  collect_rows (kindred_help_page_lookup_widget (page, "lines_list"), rows);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (kindred_directory_entry_get_country (kindred_directory_row_get_entry (g_ptr_array_index (rows, 0))),
                   ==, "INT");
  g_assert_true (gtk_widget_get_visible (kindred_help_page_lookup_widget (page, "no_lines_label")));
  g_assert_cmpstr (gtk_label_get_text (emergency), ==,
                   "If you are in immediate danger, call your local emergency number.");
}

static void
test_resources_help_with_plan (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredContact) contact = kindred_contact_new ();
  g_autoptr(KindredSafetyPlan) plan = kindred_safety_plan_new ();
  KindredHelpPage *page;
  GtkWidget *people_box;
  GtkWidget *people_list;
  const char *uuids[2] = { NULL, NULL };
  const char *names[] = { "Auntie Rose", NULL };
  guint n = 0;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  open_store (fixture);
  kindred_contact_set_name (contact, "Sam");
  kindred_contact_set_phone (contact, "07700 900123");
  g_assert_true (kindred_contact_save (contact, fixture->store, &error));
  uuids[0] = kindred_contact_get_uuid (contact);
  kindred_safety_plan_set_contacts (plan, KINDRED_PLAN_SECTION_PEOPLE, uuids);
  kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_PEOPLE, names);
  g_assert_true (kindred_safety_plan_save (plan, fixture->store, &error));
  g_assert_no_error (error);

  page = KINDRED_HELP_PAGE (kindred_help_page_new (fixture->directory));
  kindred_help_page_set_store (page, fixture->store);
  show (fixture, GTK_WIDGET (page));

  people_box = kindred_help_page_lookup_widget (page, "people_box");
  people_list = kindred_help_page_lookup_widget (page, "people_list");
  g_assert_true (gtk_widget_get_mapped (people_box));
  for (GtkWidget *row = gtk_widget_get_first_child (people_list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  g_assert_cmpuint (n, ==, 2);

  /* People first, then the lines, then the emergency number */
  {
    GtkWidget *lines_box = gtk_widget_get_parent (kindred_help_page_lookup_widget (page, "lines_list"));
    GtkWidget *emergency = kindred_help_page_lookup_widget (page, "emergency_label");
    GtkWidget *parent = gtk_widget_get_parent (people_box);
    int order[3] = { -1, -1, -1 };
    int i = 0;

    /* Siblings of one vertical box: their order is the order on screen */
    g_assert_true (GTK_IS_BOX (parent));
    g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (parent)), ==, GTK_ORIENTATION_VERTICAL);
    for (GtkWidget *child = gtk_widget_get_first_child (parent); child != NULL;
         child = gtk_widget_get_next_sibling (child), i++)
      {
        if (child == people_box)
          order[0] = i;
        else if (child == lines_box)
          order[1] = i;
        else if (child == emergency)
          order[2] = i;
      }
    g_assert_cmpint (order[0], >=, 0);
    g_assert_cmpint (order[0], <, order[1]);
    g_assert_cmpint (order[1], <, order[2]);
  }

  /* Locking hides the people again */
  kindred_store_close (fixture->store);
  kindred_help_page_set_store (page, NULL);
  g_assert_false (gtk_widget_get_visible (people_box));
}

/* The safety plan */

static GtkCheckButton *
find_check (GtkWidget  *widget,
            const char *name)
{
  if (GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return GTK_CHECK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *check = find_check (child, name);

      if (check != NULL)
        return check;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_button (child, tooltip);

      if (button != NULL)
        return button;
    }

  return NULL;
}

static void
type_item (KindredSafetyPlanPage *page,
           KindredPlanSection     section,
           const char            *text)
{
  GtkWidget *add_row = kindred_safety_plan_page_get_step_widget (page, section, "add_row");

  g_assert_true (gtk_widget_get_mapped (add_row));
  gtk_editable_set_text (GTK_EDITABLE (add_row), text);
  g_signal_emit_by_name (add_row, "entry-activated");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add_row)), ==, "");
}

static void
press_next (KindredSafetyPlanPage *page)
{
  guint step = kindred_safety_plan_page_get_step (page);

  click (kindred_safety_plan_page_lookup_widget (page, "next_button"));
  flush_events ();
  g_assert_cmpuint (kindred_safety_plan_page_get_step (page), ==, step + 1);
}

static KindredSafetyPlanPage *
fill_plan_through_widgets (Fixture *fixture,
                           char   **contact_uuid,
                           char   **strategy_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredContact) contact = kindred_contact_new ();
  g_autoptr(GPtrArray) strategies = NULL;
  KindredSafetyPlanPage *page;
  GtkCheckButton *check;

  open_store (fixture);
  kindred_contact_set_name (contact, "Sam Okafor");
  kindred_contact_set_phone (contact, "07700 900123");
  g_assert_true (kindred_contact_save (contact, fixture->store, &error));
  strategies = kindred_store_list_strategies (fixture->store, FALSE, &error);
  g_assert_cmpuint (strategies->len, >, 0);
  *contact_uuid = g_strdup (kindred_contact_get_uuid (contact));
  *strategy_uuid = g_strdup (kindred_strategy_get_uuid (g_ptr_array_index (strategies, 0)));

  page = KINDRED_SAFETY_PLAN_PAGE (kindred_safety_plan_page_new (fixture->directory));
  kindred_safety_plan_page_set_store (page, fixture->store);
  show (fixture, GTK_WIDGET (page));

  /* 1 warning signs: two items, one removed again with its button */
  g_assert_cmpuint (kindred_safety_plan_page_get_step (page), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (kindred_safety_plan_page_lookup_widget (page, "prev_button")));
  type_item (page, KINDRED_PLAN_SECTION_WARNING_SIGNS, "Not sleeping");
  type_item (page, KINDRED_PLAN_SECTION_WARNING_SIGNS, "A typo to take back");
  {
    GtkWidget *list = kindred_safety_plan_page_get_step_widget (page, KINDRED_PLAN_SECTION_WARNING_SIGNS, "items_list");
    GtkWidget *second = gtk_widget_get_next_sibling (gtk_widget_get_first_child (list));
    GtkWidget *remove = find_button (second, "Remove");

    g_assert_nonnull (remove);
    click (remove);
  }
  press_next (page);

  /* 2 coping: an own item and a strategy from the library */
  type_item (page, KINDRED_PLAN_SECTION_COPING, "Cold water on my face");
  check = find_check (kindred_safety_plan_page_get_step_widget (page, KINDRED_PLAN_SECTION_COPING, "strategies_row"),
                      *strategy_uuid);
  g_assert_nonnull (check);
  gtk_check_button_set_active (check, TRUE);
  press_next (page);

  /* 3 distractions */
  type_item (page, KINDRED_PLAN_SECTION_DISTRACTIONS, "The library on Mill Street");
  press_next (page);

  /* 4 people: a contact */
  check = find_check (kindred_safety_plan_page_get_step_widget (page, KINDRED_PLAN_SECTION_PEOPLE, "contacts_row"),
                      *contact_uuid);
  g_assert_nonnull (check);
  gtk_check_button_set_active (check, TRUE);
  press_next (page);

  /* 5 professionals: a directory service */
  check = find_check (kindred_safety_plan_page_get_step_widget (page, KINDRED_PLAN_SECTION_PROFESSIONALS, "services_row"),
                      "gb-samaritans");
  g_assert_nonnull (check);
  gtk_check_button_set_active (check, TRUE);
  type_item (page, KINDRED_PLAN_SECTION_PROFESSIONALS, "Dr Patel at the surgery");
  press_next (page);

  /* 6, 7 */
  type_item (page, KINDRED_PLAN_SECTION_ENVIRONMENT, "Give the pills to my brother");
  press_next (page);
  type_item (page, KINDRED_PLAN_SECTION_REASONS, "My cat Pixel");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (kindred_safety_plan_page_lookup_widget (page, "next_button"))),
                   ==, "Done");

  return page;
}

static void
test_resources_plan_round_trip (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSafetyPlan) stored = NULL;
  g_autofree char *contact_uuid = NULL;
  g_autofree char *strategy_uuid = NULL;
  KindredSafetyPlanPage *page;
  guint closed = 0;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  page = fill_plan_through_widgets (fixture, &contact_uuid, &strategy_uuid);
  /* Done saves at once and asks to close */
  g_signal_connect (page, "close-requested", G_CALLBACK (notify_count_cb), &closed);
  click (kindred_safety_plan_page_lookup_widget (page, "next_button"));
  g_assert_cmpuint (closed, ==, 1);

  stored = kindred_safety_plan_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpuint (g_strv_length ((char **) kindred_safety_plan_get_items (stored, KINDRED_PLAN_SECTION_WARNING_SIGNS)), ==, 1);
  g_assert_cmpstr (kindred_safety_plan_get_items (stored, KINDRED_PLAN_SECTION_WARNING_SIGNS)[0], ==, "Not sleeping");
  g_assert_cmpstr (kindred_safety_plan_get_items (stored, KINDRED_PLAN_SECTION_COPING)[0], ==, "Cold water on my face");
  g_assert_cmpstr (kindred_safety_plan_get_strategies (stored)[0], ==, strategy_uuid);
  g_assert_cmpstr (kindred_safety_plan_get_items (stored, KINDRED_PLAN_SECTION_DISTRACTIONS)[0], ==, "The library on Mill Street");
  g_assert_cmpstr (kindred_safety_plan_get_contacts (stored, KINDRED_PLAN_SECTION_PEOPLE)[0], ==, contact_uuid);
  g_assert_cmpstr (kindred_safety_plan_get_services (stored)[0], ==, "gb-samaritans");
  g_assert_cmpstr (kindred_safety_plan_get_items (stored, KINDRED_PLAN_SECTION_PROFESSIONALS)[0], ==, "Dr Patel at the surgery");
  g_assert_cmpstr (kindred_safety_plan_get_items (stored, KINDRED_PLAN_SECTION_ENVIRONMENT)[0], ==, "Give the pills to my brother");
  g_assert_cmpstr (kindred_safety_plan_get_items (stored, KINDRED_PLAN_SECTION_REASONS)[0], ==, "My cat Pixel");

  /* A new page on the same journal shows it all again */
  {
    GtkWidget *again = kindred_safety_plan_page_new (fixture->directory);
    GtkWidget *list;

    kindred_safety_plan_page_set_store (KINDRED_SAFETY_PLAN_PAGE (again), fixture->store);
    show (fixture, again);
    list = kindred_safety_plan_page_get_step_widget (KINDRED_SAFETY_PLAN_PAGE (again),
                                                     KINDRED_PLAN_SECTION_WARNING_SIGNS, "items_list");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_first_child (list))), ==, "Not sleeping");
    g_assert_true (gtk_check_button_get_active (find_check (again, contact_uuid)));
  }
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&out);
}

static void
test_resources_plan_pdf (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contact_uuid = NULL;
  g_autofree char *strategy_uuid = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  KindredSafetyPlanPage *page;
  const char *pages;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }
  if (g_find_program_in_path ("pdfinfo") == NULL || g_find_program_in_path ("pdftotext") == NULL)
    {
      g_test_skip ("needs pdfinfo and pdftotext (poppler-utils, see build-aux/install-deps.sh)");
      return;
    }

  page = fill_plan_through_widgets (fixture, &contact_uuid, &strategy_uuid);
  pdf_path = g_build_filename (fixture->dir, "My safety plan.pdf", NULL);
  file = g_file_new_for_path (pdf_path);

  g_assert_true (kindred_safety_plan_page_export_pdf (page, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR));

  info = run ((const char *[]) { "pdfinfo", pdf_path, NULL });
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  g_assert_cmpint (atoi (pages + strlen ("Pages:")), >=, 1);

  text = run ((const char *[]) { "pdftotext", "-enc", "UTF-8", pdf_path, "-", NULL });
  g_assert_nonnull (strstr (text, "My safety plan"));
  g_assert_nonnull (strstr (text, "Made by you from your private journal"));
  g_assert_nonnull (strstr (text, "Not sleeping"));
  g_assert_nonnull (strstr (text, "Cold water on my face"));
  g_assert_nonnull (strstr (text, "Sam Okafor"));
  g_assert_nonnull (strstr (text, "Samaritans"));
  g_assert_nonnull (strstr (text, "My cat Pixel"));
  g_assert_nonnull (strstr (text, "999"));
  g_assert_null (strstr (text, "A typo to take back"));

  /* A second export replaces the file whole */
  g_assert_true (kindred_safety_plan_page_export_pdf (page, file, &error));
  g_assert_no_error (error);
}

static void
test_resources_narrow (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *widgets[3];
  g_autofree char *contact_uuid = NULL;
  g_autofree char *strategy_uuid = NULL;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  widgets[2] = GTK_WIDGET (fill_plan_through_widgets (fixture, &contact_uuid, &strategy_uuid));
  g_object_ref (widgets[2]);
  widgets[0] = kindred_help_page_new (fixture->directory);
  kindred_help_page_set_store (KINDRED_HELP_PAGE (widgets[0]), fixture->store);
  widgets[1] = kindred_resources_view_new (fixture->directory);
  kindred_resources_view_set_store (KINDRED_RESOURCES_VIEW (widgets[1]), fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      int minimum = 0;

      show (fixture, widgets[i]);
      gtk_widget_measure (widgets[i], GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("widget %u: minimum width %d", i, minimum);
      g_assert_cmpint (minimum, <=, 360);
    }
  g_object_unref (widgets[2]);
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

  ADD ("/resources/view/country-first", test_resources_view_country_first);
  ADD ("/resources/view/search", test_resources_view_search);
  ADD ("/resources/view/kind-filter", test_resources_view_kind_filter);
  ADD ("/resources/view/emergency", test_resources_view_emergency);
  ADD ("/resources/view/copy-number", test_resources_view_copy_number);
  ADD ("/resources/view/import", test_resources_view_import);
  ADD ("/resources/view/contacts", test_resources_view_contacts);
  ADD ("/resources/help/locked", test_resources_help_locked);
  ADD ("/resources/help/with-plan", test_resources_help_with_plan);
  ADD ("/resources/plan/round-trip", test_resources_plan_round_trip);
  ADD ("/resources/plan/pdf", test_resources_plan_pdf);
  ADD ("/resources/narrow/360", test_resources_narrow);

#undef ADD

  return g_test_run ();
}

/* test-privacy.c: lock, cover, auto-lock, delete and undo, recovery, erase and the
 * preferences, driven through the real window's actions under Xvfb, against a real
 * keyring and real journals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kindred-application.h"
#include "kindred-help-page.h"
#include "kindred-journal-view.h"
#include "kindred-passphrase-dialog.h"
#include "kindred-preferences-window.h"
#include "kindred-recovery-dialog.h"
#include "kindred-window.h"

/* Text no other part of the window could show by chance */
#define MARKER      "Marmalade-lighthouse-7431"
#define ENTRY_BODY  "Today " MARKER " felt calmer than yesterday."
#define PASSPHRASE  "correct horse battery staple"
#define PASSPHRASE2 "a different passphrase entirely"

static gboolean            can_run;
static char               *data_dir;
static KindredApplication *app;

typedef struct
{
  char           *dir;
  KindredJournal *journal;
  KindredWindow  *window;
} Fixture;

/* Waits for something the main loop brings about (a worker finishing, a frame being
 * laid out). No time limit: the test's own timeout catches a hang. */
#define SPIN_UNTIL(cond) \
  G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static void
flush_events (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

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
  static guint n = 0;
  g_autofree char *name = g_strdup_printf ("journal-%u", ++n);

  /* A folder of its own per test: as fresh as a new XDG_DATA_HOME */
  fixture->dir = g_build_filename (data_dir, name, NULL);
  fixture->journal = kindred_journal_new (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  flush_events ();

  if (fixture->journal != NULL)
    {
      /* Leave no key behind in the session's keyring */
      kindred_journal_erase (fixture->journal, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&fixture->journal);
    }

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
create_passphrase_journal (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  kindred_journal_create_passphrase (fixture->journal, PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
}

static void
create_keyring_journal (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  kindred_journal_open_keyring (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_journal_get_state (fixture->journal), ==,
                   KINDRED_JOURNAL_STATE_KEYRING);
}

static KindredEntry *
add_entry (Fixture    *fixture,
           const char *body)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GError) error = NULL;

  kindred_entry_set_mood (entry, 4);
  kindred_entry_set_body (entry, body);
  kindred_store_save_entry (kindred_journal_get_store (fixture->journal), entry, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&entry);
}

static GtkWidget *
lookup (Fixture    *fixture,
        const char *name)
{
  GtkWidget *widget = kindred_window_lookup_widget (fixture->window, name);

  g_assert_nonnull (widget);

  return widget;
}

static KindredJournalView *
journal_view (Fixture *fixture)
{
  return KINDRED_JOURNAL_VIEW (lookup (fixture, "journal_view"));
}

static guint
n_entries_shown (Fixture *fixture)
{
  GListModel *entries = kindred_journal_view_get_entries (journal_view (fixture));

  return entries != NULL ? g_list_model_get_n_items (entries) : 0;
}

static void
open_window (Fixture *fixture,
             int      width,
             int      height)
{
  fixture->window = kindred_window_new (GTK_APPLICATION (app), fixture->journal);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_present (GTK_WINDOW (fixture->window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
}

static void
wait_for_page (Fixture    *fixture,
               const char *page)
{
  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (fixture->window), page) == 0);
}

/* Depth-first over the whole widget tree: a GtkLabel below @widget whose text holds
 * @text, mapped (on screen and in the accessibility tree) or any when @mapped_only
 * is FALSE. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text,
            gboolean    mapped_only)
{
  if (GTK_IS_LABEL (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL &&
      (!mapped_only || gtk_widget_get_mapped (widget)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text, mapped_only);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first widget of @type below @widget that is drawable */
static GtkWidget *
find_drawable (GtkWidget *widget,
               GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_is_drawable (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drawable (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

/* As a click on the response's button: the response, then the dialog goes away */
static void
respond (gpointer    dialog,
         const char *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  flush_events ();
}

static void
unlock_with (Fixture    *fixture,
             const char *secret)
{
  GtkWidget *unlock_page = lookup (fixture, "unlock_page");
  GtkWidget *field;

  /* The field a person would type into: the one on screen */
  SPIN_UNTIL ((field = find_drawable (unlock_page, GTK_TYPE_TEXT)) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (field), secret);
  g_assert_true (gtk_widget_activate_action (unlock_page, "unlock.unlock", NULL));
}

static void
test_privacy_lock_passphrase (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(KindredStore) old_store = NULL;
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  char *recovery;

  if (skip_if_no_session ())
    return;

  create_passphrase_journal (fixture);
  entry = add_entry (fixture, ENTRY_BODY);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (n_entries_shown (fixture) == 1);
  SPIN_UNTIL (find_label (GTK_WIDGET (fixture->window), MARKER, TRUE) != NULL);

  old_store = g_object_ref (kindred_journal_get_store (fixture->journal));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_UNLOCK);

  /* The database is closed and the key gone: a store kept from before answers LOCKED */
  g_assert_null (kindred_journal_get_store (fixture->journal));
  g_assert_false (kindred_journal_is_unlocked (fixture->journal));
  g_assert_false (kindred_store_is_open (old_store));
  g_assert_cmpuint (kindred_store_count_entries (old_store, &error), ==, 0);
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_null (kindred_store_get_entry (old_store, kindred_entry_get_uuid (entry), &error));
  g_assert_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  recovery = kindred_journal_dup_recovery (fixture->journal);
  g_assert_null (recovery);

  /* Nothing of the entries is left in the window */
  g_assert_null (kindred_journal_view_get_store (journal_view (fixture)));
  g_assert_null (find_label (GTK_WIDGET (fixture->window), MARKER, TRUE));

  /* A wrong passphrase is refused gently; the right one opens it again */
  unlock_with (fixture, "not the passphrase");
  SPIN_UNTIL (gtk_widget_get_sensitive (lookup (fixture, "unlock_page")) &&
              !kindred_journal_is_unlocked (fixture->journal) &&
              find_label (lookup (fixture, "unlock_page"), "doesn’t open", TRUE) != NULL);
  g_assert_cmpstr (kindred_window_get_page (fixture->window), ==, KINDRED_WINDOW_PAGE_UNLOCK);

  unlock_with (fixture, PASSPHRASE);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  g_assert_true (kindred_journal_is_unlocked (fixture->journal));
  SPIN_UNTIL (n_entries_shown (fixture) == 1);
  SPIN_UNTIL (find_label (GTK_WIDGET (fixture->window), MARKER, TRUE) != NULL);
}

static void
test_privacy_lock_recovery (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(KindredEntry) entry = NULL;
  g_autofree char *recovery_copy = NULL;
  GtkWindow *dialog;
  char *recovery;

  if (skip_if_no_session ())
    return;

  create_passphrase_journal (fixture);
  entry = add_entry (fixture, ENTRY_BODY);
  recovery = kindred_journal_dup_recovery (fixture->journal);
  g_assert_nonnull (recovery);
  recovery_copy = g_strdup (recovery);
  kindred_secret_free (recovery);

  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_UNLOCK);

  /* "Use Recovery Key" on the unlock page, then the key as written down */
  g_assert_true (gtk_widget_activate_action (lookup (fixture, "unlock_page"),
                                             "unlock.toggle-mode", NULL));
  flush_events ();
  unlock_with (fixture, recovery_copy);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  g_assert_true (kindred_journal_is_unlocked (fixture->journal));
  SPIN_UNTIL (n_entries_shown (fixture) == 1);

  /* Then the window offers a new passphrase (or the keyring); here: a new one */
  SPIN_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "passphrase"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "keyring"));
  respond (dialog, "passphrase");

  SPIN_UNTIL ((dialog = find_toplevel (KINDRED_TYPE_PASSPHRASE_DIALOG)) != NULL);
  gtk_editable_set_text (kindred_passphrase_dialog_get_entry (KINDRED_PASSPHRASE_DIALOG (dialog), 0),
                         PASSPHRASE2);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           KINDRED_PASSPHRASE_DIALOG_RESPONSE));
  gtk_editable_set_text (kindred_passphrase_dialog_get_entry (KINDRED_PASSPHRASE_DIALOG (dialog), 1),
                         PASSPHRASE2);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          KINDRED_PASSPHRASE_DIALOG_RESPONSE));
  respond (dialog, KINDRED_PASSPHRASE_DIALOG_RESPONSE);

  /* The journal was re-keyed: the new passphrase opens it, the entries still show */
  SPIN_UNTIL (kindred_window_get_busy (fixture->window) == FALSE &&
              kindred_journal_is_unlocked (fixture->journal));
  SPIN_UNTIL (n_entries_shown (fixture) == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_UNLOCK);
  unlock_with (fixture, PASSPHRASE2);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (n_entries_shown (fixture) == 1);
}

static void
test_privacy_cover_keyring (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(KindredEntry) entry = NULL;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  entry = add_entry (fixture, ENTRY_BODY);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (find_label (GTK_WIDGET (fixture->window), MARKER, TRUE) != NULL);

  /* In keyring mode Lock covers the journal; the store stays open */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_COVER);
  flush_events ();
  g_assert_true (kindred_journal_is_unlocked (fixture->journal));
  g_assert_true (gtk_widget_get_mapped (lookup (fixture, "privacy_cover")));
  g_assert_nonnull (find_label (lookup (fixture, "privacy_cover"),
                                "Your journal is covered", TRUE));

  /* No entry text is on screen, nor in the accessibility tree (only mapped widgets
   * are in it) */
  g_assert_null (find_label (GTK_WIDGET (fixture->window), MARKER, TRUE));
  g_assert_false (gtk_widget_get_mapped (lookup (fixture, "journal_view")));

  /* "Get help now" stays within reach */
  g_assert_true (gtk_widget_is_drawable (lookup (fixture, "cover_help_button")));
  /* …and opens the help page without anything of the journal (no plan's people) */
  g_signal_emit_by_name (lookup (fixture, "cover_help_button"), "clicked");
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_HELP);
  g_assert_true (gtk_widget_get_mapped (lookup (fixture, "help_page")));
  g_assert_false (gtk_widget_get_visible (kindred_help_page_lookup_widget (KINDRED_HELP_PAGE (lookup (fixture, "help_page")),
                                                                           "people_box")));
  g_assert_true (gtk_widget_get_mapped (kindred_help_page_lookup_widget (KINDRED_HELP_PAGE (lookup (fixture, "help_page")),
                                                                         "emergency_label")));
  g_assert_null (find_label (GTK_WIDGET (fixture->window), MARKER, TRUE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.help-back", NULL));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_COVER);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.uncover", NULL));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (find_label (GTK_WIDGET (fixture->window), MARKER, TRUE) != NULL);
}

static void
test_privacy_lock_idle (Fixture       *fixture,
                        gconstpointer  data)
{
  if (skip_if_no_session ())
    return;

  create_passphrase_journal (fixture);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);

  /* Minutes in real use; a second here. Only "it eventually locks" is asserted. */
  kindred_window_set_idle_timeout_seconds (fixture->window, 1);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_UNLOCK);
  g_assert_false (kindred_journal_is_unlocked (fixture->journal));
}

static void
test_privacy_lock_session (Fixture       *fixture,
                           gconstpointer  data)
{
  if (skip_if_no_session ())
    return;

  create_passphrase_journal (fixture);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);

  /* What GtkApplication reports when the desktop session locks */
  kindred_window_screensaver_changed (fixture->window, TRUE);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_UNLOCK);
  g_assert_false (kindred_journal_is_unlocked (fixture->journal));
}

static void
test_privacy_delete_undo (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(KindredEntry) tombstone = NULL;
  g_autoptr(KindredEntry) restored = NULL;
  g_autoptr(GError) error = NULL;
  KindredStore *store;
  const char *uuid;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  entry = add_entry (fixture, ENTRY_BODY);
  uuid = kindred_entry_get_uuid (entry);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (n_entries_shown (fixture) == 1);
  store = kindred_journal_get_store (fixture->journal);

  /* What the editor's Delete does */
  kindred_journal_view_open_entry (journal_view (fixture), uuid);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-entry",
                                             "s", uuid));
  SPIN_UNTIL (n_entries_shown (fixture) == 0);
  g_assert_false (kindred_journal_view_get_editing (journal_view (fixture)));
  tombstone = kindred_store_get_entry (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_entry_get_deleted (tombstone));
  g_assert_cmpstr (kindred_entry_get_body (tombstone), !=, ENTRY_BODY);
  g_assert_true (kindred_window_has_undo (fixture->window));

  /* Undo brings it back, with the same text */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-delete",
                                             NULL));
  SPIN_UNTIL (n_entries_shown (fixture) == 1);
  restored = kindred_store_get_entry (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_false (kindred_entry_get_deleted (restored));
  g_assert_cmpstr (kindred_entry_get_body (restored), ==, ENTRY_BODY);
  g_assert_cmpint (kindred_entry_get_mood (restored), ==, 4);
  g_assert_false (kindred_window_has_undo (fixture->window));

  /* Deleted again, and the toast goes away: the copy in memory is dropped */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-entry",
                                             "s", uuid));
  SPIN_UNTIL (n_entries_shown (fixture) == 0);
  g_assert_true (kindred_window_has_undo (fixture->window));
  kindred_window_dismiss_undo (fixture->window);
  flush_events ();
  g_assert_false (kindred_window_has_undo (fixture->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-delete",
                                             NULL));
  flush_events ();
  g_assert_cmpuint (n_entries_shown (fixture), ==, 0);

  /* The words leave the search index too (optimized in a worker after deletes) */
  SPIN_UNTIL (!kindred_window_get_busy (fixture->window));
  {
    g_autoptr(GPtrArray) found = kindred_store_search (store, "Marmalade*", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

static void
test_privacy_erase (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(KindredSidecar) sidecar = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_id = NULL;
  g_autoptr(KindredSidecar) new_sidecar = NULL;
  GtkWindow *preferences;
  GtkWindow *dialog;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  entry = add_entry (fixture, ENTRY_BODY);
  sidecar = kindred_sidecar_load (kindred_journal_get_sidecar_path (fixture->journal), &error);
  g_assert_no_error (error);
  old_id = g_strdup (sidecar->journal_id);
  key = kindred_keyring_lookup (old_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_clear_pointer (&key, kindred_key_unref);

  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (n_entries_shown (fixture) == 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences",
                                             NULL));
  SPIN_UNTIL ((preferences = find_toplevel (KINDRED_TYPE_PREFERENCES_WINDOW)) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.erase", NULL));
  SPIN_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);

  /* It names what will go, and Cancel is what Enter does */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            kindred_journal_get_db_path (fixture->journal)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "keyring"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "cannot be undone"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)),
                   ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)),
                   ==, "cancel");
  respond (dialog, "erase");

  /* Everything went, and a fresh, empty journal starts */
  SPIN_UNTIL (!kindred_window_get_busy (fixture->window));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (kindred_journal_is_unlocked (fixture->journal));
  key = kindred_keyring_lookup (old_id, NULL, NULL, &error);
  g_assert_null (key);
  g_assert_nonnull (error);
  g_clear_error (&error);

  new_sidecar = kindred_sidecar_load (kindred_journal_get_sidecar_path (fixture->journal),
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (new_sidecar->journal_id, !=, old_id);
  g_assert_cmpuint (kindred_store_count_entries (kindred_journal_get_store (fixture->journal),
                                                 &error), ==, 0);
  g_assert_no_error (error);
  SPIN_UNTIL (n_entries_shown (fixture) == 0);
  g_assert_null (find_label (GTK_WIDGET (fixture->window), MARKER, FALSE));
}

static void
test_privacy_erase_cancel (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KindredEntry) entry = NULL;
  GtkWindow *preferences;
  GtkWindow *dialog;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  entry = add_entry (fixture, ENTRY_BODY);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences",
                                             NULL));
  SPIN_UNTIL ((preferences = find_toplevel (KINDRED_TYPE_PREFERENCES_WINDOW)) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.erase", NULL));
  SPIN_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  respond (dialog, "cancel");

  g_assert_true (g_file_test (kindred_journal_get_db_path (fixture->journal),
                              G_FILE_TEST_IS_REGULAR));
  g_assert_true (kindred_journal_is_unlocked (fixture->journal));
  gtk_window_destroy (preferences);
}

static void
test_privacy_preferences_rows (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char *rows[] = {
    "protection_row", "set_passphrase_row", "auto_lock_row", "hide_row", "recovery_row",
    "color_scheme_row", "first_weekday_row", "erase_row",
  };
  g_autoptr(GSettings) settings = NULL;
  KindredPreferencesWindow *preferences;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences",
                                             NULL));
  SPIN_UNTIL ((preferences = (KindredPreferencesWindow *)
                 find_toplevel (KINDRED_TYPE_PREFERENCES_WINDOW)) != NULL);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (preferences)));

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = kindred_preferences_window_lookup_widget (preferences, rows[i]);
      const char *title;

      g_assert_nonnull (row);
      title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      g_assert_nonnull (title);
      g_assert_cmpuint (strlen (title), >, 0);
      g_assert_true (gtk_widget_get_mapped (row));
    }

  /* Keyring mode: the way to a passphrase, not back to the keyring */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     kindred_preferences_window_lookup_widget (preferences,
                                                               "set_passphrase_row"))),
                   ==, "Use a Passphrase Instead…");
  g_assert_false (gtk_widget_get_visible (kindred_preferences_window_lookup_widget (
                    preferences, "use_keyring_row")));

  /* The rows are bound to GSettings, both ways */
  settings = g_settings_new (APP_ID);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kindred_preferences_window_lookup_widget (
                                preferences, "color_scheme_row")), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "dark");
  flush_events ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()),
                   ==, ADW_COLOR_SCHEME_FORCE_DARK);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kindred_preferences_window_lookup_widget (
                                preferences, "color_scheme_row")), 0);
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "system");

  adw_combo_row_set_selected (ADW_COMBO_ROW (kindred_preferences_window_lookup_widget (
                                preferences, "auto_lock_row")), 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "auto-lock-minutes"), ==, 15);
  g_settings_set_uint (settings, "auto-lock-minutes", 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (
                      kindred_preferences_window_lookup_widget (preferences, "auto_lock_row"))),
                    ==, 0);
  g_settings_reset (settings, "auto-lock-minutes");

  adw_combo_row_set_selected (ADW_COMBO_ROW (kindred_preferences_window_lookup_widget (
                                preferences, "first_weekday_row")), 1);
  g_assert_cmpint (g_settings_get_int (settings, "first-weekday"), ==, 1);
  g_settings_reset (settings, "first-weekday");

  gtk_switch_set_active (GTK_SWITCH (kindred_preferences_window_lookup_widget (
                           preferences, "hide_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "hide-when-inactive"));
  g_settings_reset (settings, "hide-when-inactive");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
count_rekey (guint    *n_rekeys,
             gboolean  success)
{
  g_assert_true (success);
  (*n_rekeys)++;
}

static void
test_privacy_preferences_rekey (Fixture       *fixture,
                                gconstpointer  data)
{
  guint n_rekeys = 0;
  g_autoptr(KindredEntry) entry = NULL;
  KindredPreferencesWindow *preferences;
  GtkWindow *dialog;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  entry = add_entry (fixture, ENTRY_BODY);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);
  SPIN_UNTIL (n_entries_shown (fixture) == 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences",
                                             NULL));
  SPIN_UNTIL ((preferences = (KindredPreferencesWindow *)
                 find_toplevel (KINDRED_TYPE_PREFERENCES_WINDOW)) != NULL);
  g_signal_connect_swapped (preferences, "rekey-finished", G_CALLBACK (count_rekey), &n_rekeys);

  /* Keyring → passphrase: typed twice, at least 8 characters */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.set-passphrase",
                                             NULL));
  SPIN_UNTIL ((dialog = find_toplevel (KINDRED_TYPE_PASSPHRASE_DIALOG)) != NULL);
  gtk_editable_set_text (kindred_passphrase_dialog_get_entry (KINDRED_PASSPHRASE_DIALOG (dialog), 0),
                         "short");
  gtk_editable_set_text (kindred_passphrase_dialog_get_entry (KINDRED_PASSPHRASE_DIALOG (dialog), 1),
                         "short");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           KINDRED_PASSPHRASE_DIALOG_RESPONSE));
  gtk_editable_set_text (kindred_passphrase_dialog_get_entry (KINDRED_PASSPHRASE_DIALOG (dialog), 0),
                         PASSPHRASE);
  gtk_editable_set_text (kindred_passphrase_dialog_get_entry (KINDRED_PASSPHRASE_DIALOG (dialog), 1),
                         PASSPHRASE);
  respond (dialog, KINDRED_PASSPHRASE_DIALOG_RESPONSE);
  SPIN_UNTIL (n_rekeys == 1);
  g_assert_false (kindred_preferences_window_get_busy (preferences));
  g_assert_cmpint (kindred_journal_get_state (fixture->journal), ==,
                   KINDRED_JOURNAL_STATE_PASSPHRASE);
  g_assert_true (kindred_journal_is_unlocked (fixture->journal));
  g_assert_true (gtk_widget_get_visible (kindred_preferences_window_lookup_widget (
                   preferences, "use_keyring_row")));

  /* The window follows the new store */
  SPIN_UNTIL (kindred_journal_view_get_store (journal_view (fixture)) ==
              kindred_journal_get_store (fixture->journal));
  SPIN_UNTIL (n_entries_shown (fixture) == 1);

  /* And back to the keyring */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.use-keyring",
                                             NULL));
  SPIN_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)),
                   ==, "cancel");
  respond (dialog, "keyring");
  SPIN_UNTIL (n_rekeys == 2);
  g_assert_cmpint (kindred_journal_get_state (fixture->journal), ==,
                   KINDRED_JOURNAL_STATE_KEYRING);
  SPIN_UNTIL (kindred_journal_view_get_store (journal_view (fixture)) ==
              kindred_journal_get_store (fixture->journal));
  SPIN_UNTIL (n_entries_shown (fixture) == 1);

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_privacy_recovery_dialog (Fixture       *fixture,
                              gconstpointer  data)
{
  KindredPreferencesWindow *preferences;
  KindredRecoveryDialog *dialog;
  GtkLabel *label;
  char *recovery;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences",
                                             NULL));
  SPIN_UNTIL ((preferences = (KindredPreferencesWindow *)
                 find_toplevel (KINDRED_TYPE_PREFERENCES_WINDOW)) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.show-recovery",
                                             NULL));
  SPIN_UNTIL ((dialog = (KindredRecoveryDialog *)
                 find_toplevel (KINDRED_TYPE_RECOVERY_DIALOG)) != NULL);

  /* First the explanation; the key only when asked for */
  label = kindred_recovery_dialog_get_key_label (dialog);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "Anyone who has it can read your journal"));

  g_assert_true (kindred_recovery_dialog_reveal (dialog));
  recovery = kindred_journal_dup_recovery (fixture->journal);
  g_assert_cmpstr (gtk_label_get_label (label), ==, recovery);
  kindred_secret_free (recovery);
  g_assert_true (gtk_label_get_selectable (label));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "monospace"));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (label)));

  /* Closing wipes it from the label */
  g_object_ref (label);
  respond (dialog, "close");
  g_assert_cmpstr (gtk_label_get_label (label), ==, "");
  g_object_unref (label);

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *shortcuts)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (shortcuts, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, shortcuts);
}

static void
test_privacy_shortcuts (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct { const char *action; const char *accel; } expected[] = {
    { "win.new-entry", "<Control>n" },
    { "win.search", "<Control>f" },
    { "win.lock", "<Control>l" },
    { "win.preferences", "<Control>comma" },
    { "win.show-help-overlay", "<Control>question" },
    { "app.crisis-help", "F1" },
    { "app.quit", "<Control>q" },
  };
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  GtkShortcutsWindow *overlay;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  open_window (fixture, 900, 680);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);

  /* GtkApplication found gtk/help-overlay.ui under the resource base path */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  g_assert_nonnull (overlay);
  collect_shortcuts (GTK_WIDGET (overlay), shortcuts);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i].action);
      gboolean listed = FALSE;

      g_assert_nonnull (accels);
      g_assert_true (g_strv_contains ((const char * const *) accels, expected[i].accel));

      /* Each is in the shortcuts window, which shows the application's accel */
      for (guint j = 0; j < shortcuts->len; j++)
        {
          g_autofree char *action_name = NULL;

          g_object_get (shortcuts->pdata[j], "action-name", &action_name, NULL);
          listed |= g_strcmp0 (action_name, expected[i].action) == 0;
        }
      g_assert_true (listed);

      /* And the window has the action, so the accel does something */
      if (g_str_has_prefix (expected[i].action, "win."))
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                                   expected[i].action, NULL) ||
                       g_strcmp0 (expected[i].action, "win.lock") == 0);
      flush_events ();
      /* Close what the action opened */
      {
        GtkWindow *opened;

        while ((opened = find_toplevel (KINDRED_TYPE_PREFERENCES_WINDOW)) != NULL ||
               (opened = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW)) != NULL)
          gtk_widget_set_visible (GTK_WIDGET (opened), FALSE);
        if (g_strcmp0 (kindred_window_get_page (fixture->window),
                       KINDRED_WINDOW_PAGE_COVER) == 0)
          gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.uncover", NULL);
      }
    }
}

static void
test_privacy_narrow_views (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwViewSwitcherBar *bar;
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) pages = NULL;
  int min_width = 0;

  if (skip_if_no_session ())
    return;

  create_keyring_journal (fixture);
  open_window (fixture, 360, 640);
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_MAIN);

  bar = ADW_VIEW_SWITCHER_BAR (lookup (fixture, "switcher_bar"));
  SPIN_UNTIL (adw_view_switcher_bar_get_reveal (bar));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (bar)));

  /* Each view through the bottom bar's own model, as a tap on it would */
  stack = adw_view_switcher_bar_get_stack (bar);
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), >=, 5);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (!adw_view_stack_page_get_visible (page))
        continue;

      g_assert_true (gtk_selection_model_select_item (pages, i, TRUE));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==,
                       adw_view_stack_page_get_name (page));
      g_assert_nonnull (adw_view_stack_page_get_title (page));
      SPIN_UNTIL (gtk_widget_get_mapped (adw_view_stack_page_get_child (page)));

      gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                          &min_width, NULL, NULL, NULL);
      g_assert_cmpint (min_width, <=, 360);
    }

  /* Locking and covering work at that width too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL));
  wait_for_page (fixture, KINDRED_WINDOW_PAGE_COVER);
  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* Before anything reads it: GLib caches the user data folder */
  data_dir = g_dir_make_tmp ("kindred-test-privacy-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  /* Passphrases with libsodium's smallest Argon2id cost: many re-keys here */
  g_setenv ("KINDRED_TEST_CHEAP_KDF", "1", TRUE);

  can_run = g_getenv ("DISPLAY") != NULL && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;

  if (can_run)
    gtk_test_init (&argc, &argv, NULL);
  else
    g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/privacy/lock/passphrase", test_privacy_lock_passphrase);
  ADD ("/privacy/lock/recovery", test_privacy_lock_recovery);
  ADD ("/privacy/lock/idle", test_privacy_lock_idle);
  ADD ("/privacy/lock/session", test_privacy_lock_session);
  ADD ("/privacy/cover/keyring", test_privacy_cover_keyring);
  ADD ("/privacy/delete/undo", test_privacy_delete_undo);
  ADD ("/privacy/erase/confirmed", test_privacy_erase);
  ADD ("/privacy/erase/cancelled", test_privacy_erase_cancel);
  ADD ("/privacy/preferences/rows", test_privacy_preferences_rows);
  ADD ("/privacy/preferences/rekey", test_privacy_preferences_rekey);
  ADD ("/privacy/preferences/recovery-key", test_privacy_recovery_dialog);
  ADD ("/privacy/shortcuts/window", test_privacy_shortcuts);
  ADD ("/privacy/narrow/views", test_privacy_narrow_views);

#undef ADD

  if (can_run)
    {
      app = kindred_application_new ();
      /* Another Kindred on this bus must not take our activation */
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      /* startup without activate: each test opens its own window on its own journal */
      g_application_hold (G_APPLICATION (app));
    }

  ret = g_test_run ();

  if (app != NULL)
    {
      g_application_release (G_APPLICATION (app));
      g_clear_object (&app);
    }

  remove_tree (data_dir);
  g_free (data_dir);

  return ret;
}

/* test-review-page.c: the facilitator's review page, the create-group and invite
 * dialogs and the group mood chart, under Xvfb, against real journals (a
 * facilitator's and two members') in temporary folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sodium.h>

#include "kindred-application.h"
#include "kindred-country.h"
#include "kindred-create-group-dialog.h"
#include "kindred-group-mood-chart.h"
#include "kindred-invite-dialog.h"
#include "kindred-review-flag.h"
#include "kindred-review-page.h"
#include "kindred-review-reply-dialog.h"
#include "kindred-review-share-row.h"
#include "kindred-roster-row.h"

#define PASSPHRASE      "heron-quarry-thursday"
#define GROUP_NAME      "Thursday circle"
#define ESCALATION_NOTE "If someone may be in danger I phone them the same evening 8812, and " \
                        "call the crisis line with them if they want."
#define CRISIS_TEXT     "Some evenings I feel I can't go on 4417."
#define CALM_TEXT       "A quiet week 2290, the walks helped."

typedef struct
{
  char               *dir;
  KindredStore       *facilitator_store;
  KindredStore       *kim_store;
  KindredStore       *sam_store;
  KindredGroups      *facilitator;
  KindredGroups      *kim;
  KindredGroups      *sam;
  KindredGroup       *group;         /* the facilitator's */
  KindredGroupMember *kim_member;    /* on the facilitator's roster */
  KindredGroupMember *sam_member;
  char               *kim_share_path;
  char               *sam_share_path;
  GtkWindow          *window;
  KindredReviewPage  *page;
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
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static KindredStore *
open_store (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autofree char *path = path_in (fixture, name);
  KindredStore *store;

  /* Each journal in its own folder, as on separate machines */
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_free (path);
  path = g_build_filename (fixture->dir, name, "journal.db", NULL);
  store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);

  return store;
}

static KindredGroups *
new_groups (KindredStore *store)
{
  g_autoptr(GError) error = NULL;
  KindredGroups *groups = kindred_groups_new (store, &error);

  g_assert_no_error (error);
  /* The KDF's cost is not what these tests are about */
  kindred_groups_set_invite_kdf_limits (groups, crypto_pwhash_OPSLIMIT_MIN,
                                        crypto_pwhash_MEMLIMIT_MIN);

  return groups;
}

static KindredEntry *
new_entry (KindredStore *store,
           int           days_ago,
           int           mood,
           const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now),
                                                     g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now),
                                                     12, 0, 0);
  g_autoptr(GDateTime) created_at = g_date_time_add_days (noon, -days_ago);
  KindredEntry *entry = kindred_entry_new ();

  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_mood (entry, mood);
  kindred_entry_set_body (entry, text);
  g_assert_true (kindred_store_save_entry (store, entry, &error));
  g_assert_no_error (error);

  return entry;
}

/* A member writes one share (two entries) to the facilitator to @path. */
static void
write_share (KindredGroups *member,
             KindredGroup  *group,
             KindredStore  *store,
             const char    *text,
             int            mood,
             const char    *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredShareDraft) draft = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (entries, new_entry (store, 9, mood, text));
  g_ptr_array_add (entries, new_entry (store, 1, mood, text));
  draft = kindred_groups_build_share (member, group, entries, KINDRED_SHARE_LEVEL_TEXT,
                                      KINDRED_SHARE_AUDIENCE_FACILITATOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kindred_groups_write_share (member, draft, path, &error));
  g_assert_no_error (error);
}

/* A member joins through the core API and writes one share to @share_name. */
static KindredGroupMember *
join_and_share (Fixture       *fixture,
                KindredGroups *member,
                KindredStore  *store,
                const char    *pseudonym,
                const char    *text,
                int            mood,
                const char    *share_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(KindredGroupImport) import = NULL;
  g_autofree char *invite_path = path_in (fixture, "invite.kindred-invite");
  g_autofree char *join_name = g_strconcat (pseudonym, ".kindred-join", NULL);
  g_autofree char *join_path = path_in (fixture, join_name);
  g_autofree char *share_path = path_in (fixture, share_name);
  KindredGroup *group;

  invite = kindred_groups_read_invite (member, invite_path, PASSPHRASE, &error);
  g_assert_no_error (error);
  group = kindred_groups_join (member, invite, pseudonym, TRUE, join_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (group);

  import = kindred_groups_import_file (fixture->facilitator, join_path, fixture->group, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_group_import_get_changed (import));

  write_share (member, group, store, text, mood, share_path);

  return kindred_group_import_get_member (import);
}

static void
present_page (Fixture *fixture,
              int      width)
{
  GtkWidget *overlay;

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, width, 900);
  overlay = adw_toast_overlay_new ();
  if (fixture->page == NULL)
    fixture->page = KINDRED_REVIEW_PAGE (kindred_review_page_new (fixture->facilitator,
                                                                  fixture->group));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (fixture->window, overlay);
  gtk_window_present (fixture->window);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)) &&
              gtk_widget_get_width (GTK_WIDGET (fixture->page)) > 0);
  flush_events ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *invite_path = NULL;
  GSList *files = NULL;
  GListModel *received;

  if (!can_run)
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  /* The crisis lines shown are the person's country's */
  settings = g_settings_new (KINDRED_SETTINGS_SCHEMA);
  g_settings_set_string (settings, KINDRED_SETTINGS_COUNTRY, "GB");

  fixture->dir = g_dir_make_tmp ("kindred-test-review-page-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->facilitator_store = open_store (fixture, "facilitator");
  fixture->kim_store = open_store (fixture, "kim");
  fixture->sam_store = open_store (fixture, "sam");
  fixture->facilitator = new_groups (fixture->facilitator_store);
  fixture->kim = new_groups (fixture->kim_store);
  fixture->sam = new_groups (fixture->sam_store);

  fixture->group = kindred_groups_create_group (fixture->facilitator, GROUP_NAME,
                                                "A small peer group.", "Thursdays at 7 pm",
                                                kindred_groups_get_default_ground_rules (),
                                                ESCALATION_NOTE, "Ana", &error);
  g_assert_no_error (error);
  g_object_ref (fixture->group);
  invite_path = path_in (fixture, "invite.kindred-invite");
  g_assert_true (kindred_groups_write_invite (fixture->facilitator, fixture->group, PASSPHRASE,
                                              invite_path, &error));
  g_assert_no_error (error);

  fixture->kim_member = g_object_ref (join_and_share (fixture, fixture->kim, fixture->kim_store,
                                                      "Kim", CRISIS_TEXT, 1,
                                                      "kim.kindred-share"));
  fixture->sam_member = g_object_ref (join_and_share (fixture, fixture->sam, fixture->sam_store,
                                                      "Sam", CALM_TEXT, 4,
                                                      "sam.kindred-share"));
  fixture->kim_share_path = path_in (fixture, "kim.kindred-share");
  fixture->sam_share_path = path_in (fixture, "sam.kindred-share");

  present_page (fixture, 800);

  /* The facilitator opens both share files through the page */
  files = g_slist_append (files, g_file_new_for_path (fixture->kim_share_path));
  files = g_slist_append (files, g_file_new_for_path (fixture->sam_share_path));
  kindred_review_page_import_files (fixture->page, files);
  g_slist_free_full (files, g_object_unref);
  received = kindred_group_get_received (fixture->group);
  SPIN_UNTIL (g_list_model_get_n_items (received) == 2);
  flush_events ();
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
  g_clear_object (&fixture->kim_member);
  g_clear_object (&fixture->sam_member);
  g_clear_object (&fixture->group);
  g_clear_object (&fixture->facilitator);
  g_clear_object (&fixture->kim);
  g_clear_object (&fixture->sam);
  kindred_store_close (fixture->facilitator_store);
  kindred_store_close (fixture->kim_store);
  kindred_store_close (fixture->sam_store);
  g_clear_object (&fixture->facilitator_store);
  g_clear_object (&fixture->kim_store);
  g_clear_object (&fixture->sam_store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->kim_share_path);
  g_free (fixture->sam_share_path);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* Widgets */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A label on screen (drawable) whose text contains @text */
static GtkWidget *
find_shown_label (GtkWidget  *widget,
                  const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
assert_shows (GtkWidget  *widget,
              const char *text)
{
  if (find_shown_label (widget, text) == NULL)
    g_error ("no label on screen with “%s”", text);
}

static KindredGroupShare *
share_of (Fixture            *fixture,
          KindredGroupMember *member)
{
  GListModel *received = kindred_group_get_received (fixture->group);

  for (guint i = 0; i < g_list_model_get_n_items (received); i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (received, i);

      if (g_strcmp0 (kindred_group_share_get_author_id (share),
                     kindred_group_member_get_id (member)) == 0)
        return share;  /* the group's received list keeps it */
    }
  g_assert_not_reached ();
}

static const char *
label_text (GtkWidget  *widget,
            const char *name)
{
  GtkWidget *label = find_named (widget, name);

  g_assert_true (GTK_IS_LABEL (label));

  return gtk_label_get_text (GTK_LABEL (label));
}

/* Tests */

static void
test_review_page_flagged (Fixture       *fixture,
                          gconstpointer  data)
{
  KindredGroupShare *kim_share, *sam_share;
  GtkWidget *kim_row, *sam_row, *flag, *lines;
  GListModel *received;
  g_autoptr(KindredGroupShare) newest = NULL;

  if (skip_if_no_display ())
    return;

  kim_share = share_of (fixture, fixture->kim_member);
  sam_share = share_of (fixture, fixture->sam_member);
  g_assert_true (kindred_group_share_get_flags (kim_share) & KINDRED_SHARE_FLAG_WORDS);
  g_assert_cmpint (kindred_group_share_get_flags (sam_share), ==, KINDRED_SHARE_FLAG_NONE);

  /* Newest first: Sam shared after Kim */
  received = kindred_group_get_received (fixture->group);
  newest = g_list_model_get_item (received, 0);
  g_assert_true (newest == sam_share);
  g_assert_cmpuint (kindred_review_page_get_n_shown (fixture->page), ==, 2);
  g_assert_true (kindred_review_share_row_get_share (KINDRED_REVIEW_SHARE_ROW (
    gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (gtk_widget_get_ancestor (kindred_review_page_lookup_share_row (fixture->page,
                                                                                   sam_share),
                                             GTK_TYPE_LIST_BOX)), 0)))) == sam_share);

  kim_row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  sam_row = kindred_review_page_lookup_share_row (fixture->page, sam_share);
  g_assert_nonnull (kim_row);
  g_assert_nonnull (sam_row);

  /* The exact text the member shared, as the core renders it */
  g_assert_cmpstr (label_text (kim_row, "share-text"), ==, kindred_group_share_get_text (kim_share));
  g_assert_nonnull (strstr (label_text (kim_row, "share-text"), CRISIS_TEXT));
  g_assert_true (gtk_widget_is_drawable (find_named (kim_row, "share-text")));

  /* Unreviewed ones stand out */
  g_assert_cmpstr (label_text (kim_row, "status"), ==, "New");
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (kim_row), "review-new"));

  /* Flagged: the gentle prompt, the escalation note and the crisis lines */
  flag = kindred_review_share_row_get_flag (KINDRED_REVIEW_SHARE_ROW (kim_row));
  g_assert_nonnull (flag);
  g_assert_true (gtk_widget_is_drawable (flag));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (kim_row), "review-flagged"));
  assert_shows (flag, "This share may be worth a gentle check-in");
  g_assert_cmpstr (label_text (flag, "escalation-note"), ==, ESCALATION_NOTE);
  g_assert_true (gtk_widget_is_drawable (find_named (flag, "escalation-note")));
  lines = find_named (flag, "crisis-lines");
  g_assert_nonnull (lines);
  g_assert_cmpuint (kindred_review_flag_get_lines (KINDRED_REVIEW_FLAG (flag))->len, >=, 1);
  for (guint i = 0; i < kindred_review_flag_get_lines (KINDRED_REVIEW_FLAG (flag))->len; i++)
    {
      KindredDirectoryEntry *entry = g_ptr_array_index (kindred_review_flag_get_lines (
                                                          KINDRED_REVIEW_FLAG (flag)), i);

      g_assert_true (kindred_directory_entry_has_kind (entry, "crisis-line"));
      assert_shows (lines, kindred_directory_entry_get_organisation (entry));
      for (guint p = 0; p < kindred_directory_entry_get_n_phones (entry); p++)
        assert_shows (lines, kindred_directory_entry_get_phone_number (entry, p));
    }
  /* GB: the Samaritans first, with their number */
  assert_shows (lines, "Samaritans");
  assert_shows (lines, "116 123");
  assert_shows (flag, "999");
  /* Never a diagnosis: nothing clinical in the prompt */
  g_assert_null (find_label_containing (flag, "suicidal"));
  g_assert_null (find_label_containing (flag, "risk"));

  /* Sam's share carries no prompt */
  g_assert_null (kindred_review_share_row_get_flag (KINDRED_REVIEW_SHARE_ROW (sam_row)));
  g_assert_null (find_named (sam_row, "escalation-note"));

  /* The page's summary counts both */
  assert_shows (GTK_WIDGET (fixture->page), "2 new shares to review.");
  assert_shows (GTK_WIDGET (fixture->page), "1 may be worth a gentle check-in.");
}

static void
test_review_page_mark_reviewed (Fixture       *fixture,
                                gconstpointer  data)
{
  KindredGroupShare *kim_share = share_of (fixture, fixture->kim_member);
  GtkWidget *kim_row;

  if (skip_if_no_display ())
    return;

  kim_row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_named (kim_row, "reviewed-button"))), ==,
                   "Mark as Reviewed");
  g_assert_true (gtk_widget_activate_action (kim_row, "share.toggle-reviewed", NULL));
  flush_events ();
  g_assert_true (kindred_group_share_get_reviewed (kim_share));
  g_assert_cmpstr (label_text (kim_row, "status"), ==, "Reviewed");
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_first_child (kim_row), "review-new"));
  assert_shows (GTK_WIDGET (fixture->page), "1 new share to review.");

  /* Only new ones: Kim's reviewed share leaves the list */
  kindred_review_page_set_new_only (fixture->page, TRUE);
  flush_events ();
  g_assert_cmpuint (kindred_review_page_get_n_shown (fixture->page), ==, 1);
  g_assert_null (kindred_review_page_lookup_share_row (fixture->page, kim_share));

  /* Filter by member: Kim has nothing new */
  kindred_review_page_set_member_filter (fixture->page, fixture->kim_member);
  flush_events ();
  g_assert_cmpuint (kindred_review_page_get_n_shown (fixture->page), ==, 0);
  assert_shows (GTK_WIDGET (fixture->page), "Nothing new from Kim.");
  kindred_review_page_set_new_only (fixture->page, FALSE);
  flush_events ();
  g_assert_cmpuint (kindred_review_page_get_n_shown (fixture->page), ==, 1);
  kim_row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  g_assert_nonnull (kim_row);
  g_assert_true (gtk_widget_is_drawable (kim_row));
  g_assert_null (kindred_review_page_lookup_share_row (fixture->page,
                                                       share_of (fixture, fixture->sam_member)));

  /* The roster's "Show Their Shares" does the same */
  kindred_review_page_set_member_filter (fixture->page, NULL);
  flush_events ();
  g_assert_cmpuint (kindred_review_page_get_n_shown (fixture->page), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "review.show-member",
                                             "s", kindred_group_member_get_id (fixture->sam_member)));
  flush_events ();
  g_assert_cmpuint (kindred_review_page_get_n_shown (fixture->page), ==, 1);

  /* And back to new */
  kindred_review_page_set_member_filter (fixture->page, NULL);
  flush_events ();
  kim_row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  g_assert_true (gtk_widget_activate_action (kim_row, "share.toggle-reviewed", NULL));
  g_assert_false (kindred_group_share_get_reviewed (kim_share));
}

static void
test_review_page_notes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroups) again = NULL;
  g_autofree char *share_id = NULL;
  g_autofree char *group_id = NULL;
  g_autofree char *member_id = NULL;
  KindredGroupShare *kim_share = share_of (fixture, fixture->kim_member);
  GtkWidget *kim_row, *roster_row, *note_view;
  KindredGroup *group;
  KindredGroupShare *share;
  KindredGroupMember *member;

  if (skip_if_no_display ())
    return;

  kim_row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  /* Folded until there is a note */
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (find_named (kim_row, "note-expander"))));
  gtk_expander_set_expanded (GTK_EXPANDER (find_named (kim_row, "note-expander")), TRUE);
  note_view = find_named (kim_row, "note-view");
  g_assert_true (GTK_IS_TEXT_VIEW (note_view));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note_view)),
                            "Call Kim on Friday 3391.", -1);
  g_assert_true (gtk_widget_activate_action (kim_row, "share.save-note", NULL));
  g_assert_cmpstr (kindred_group_share_get_note (kim_share), ==, "Call Kim on Friday 3391.");

  kindred_review_page_show_section (fixture->page, "members");
  flush_events ();
  roster_row = kindred_review_page_lookup_roster_row (fixture->page, fixture->kim_member);
  g_assert_nonnull (roster_row);
  g_assert_true (gtk_widget_is_drawable (roster_row));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (kindred_roster_row_get_note_view (
                              KINDRED_ROSTER_ROW (roster_row))),
                            "Prefers mornings 6620.", -1);
  g_assert_true (kindred_roster_row_save_note (KINDRED_ROSTER_ROW (roster_row), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_group_member_get_note (fixture->kim_member), ==, "Prefers mornings 6620.");

  /* Read back by a new KindredGroups on the same store: the notes are in the
   * facilitator's own journal */
  share_id = g_strdup (kindred_group_share_get_id (kim_share));
  group_id = g_strdup (kindred_group_get_id (fixture->group));
  member_id = g_strdup (kindred_group_member_get_id (fixture->kim_member));
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  fixture->page = NULL;
  flush_events ();
  g_clear_object (&fixture->kim_member);
  g_clear_object (&fixture->sam_member);
  g_clear_object (&fixture->group);
  g_assert_finalize_object (fixture->facilitator);
  fixture->facilitator = NULL;

  again = kindred_groups_new (fixture->facilitator_store, &error);
  g_assert_no_error (error);
  group = kindred_groups_lookup_group (again, group_id);
  g_assert_nonnull (group);
  share = kindred_group_lookup_share (group, share_id);
  g_assert_nonnull (share);
  g_assert_cmpstr (kindred_group_share_get_note (share), ==, "Call Kim on Friday 3391.");
  member = kindred_group_lookup_member (group, member_id);
  g_assert_nonnull (member);
  g_assert_cmpstr (kindred_group_member_get_note (member), ==, "Prefers mornings 6620.");

  /* A new page shows them */
  fixture->facilitator = g_object_ref (again);
  fixture->group = g_object_ref (group);
  present_page (fixture, 800);
  assert_shows (GTK_WIDGET (fixture->page), GROUP_NAME);
  {
    GtkWidget *row = kindred_review_page_lookup_share_row (fixture->page, share);

    /* A share with a note shows it unfolded */
    g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (find_named (row, "note-expander"))));
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_named (row, "note-view")));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Call Kim on Friday 3391.");
  }
}

static void
test_review_page_reply (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KindredGroupImport) import = NULL;
  g_autofree char *path = path_in (fixture, "reply.kindred-reply");
  KindredGroupShare *kim_share = share_of (fixture, fixture->kim_member);
  GtkWidget *kim_row, *dialog, *replies;

  if (skip_if_no_display ())
    return;

  kim_row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  replies = find_named (kim_row, "replies");
  g_assert_false (gtk_widget_get_visible (replies));

  dialog = kindred_review_reply_dialog_new (fixture->window, fixture->facilitator, kim_share);
  gtk_window_present (GTK_WINDOW (dialog));
  kindred_review_reply_dialog_set_text (KINDRED_REVIEW_REPLY_DIALOG (dialog),
                                        "Thank you for telling me 5150. I will call tonight.");
  file = g_file_new_for_path (path);
  g_assert_true (kindred_review_reply_dialog_save_to (KINDRED_REVIEW_REPLY_DIALOG (dialog), file,
                                                      &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  flush_events ();

  /* Shown under the share */
  g_assert_true (gtk_widget_get_visible (replies));
  assert_shows (replies, "Thank you for telling me 5150. I will call tonight.");

  /* Kim reads it next to her share */
  import = kindred_groups_import_file (fixture->kim, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_group_import_get_kind (import), ==, KINDRED_GROUP_FILE_REPLY);
}

static void
check_chart_at (Fixture  *fixture,
                int       width,
                gboolean  dark)
{
  KindredGroupMoodChart *chart;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int chart_width, chart_height;
  gsize stride;
  gboolean differs = FALSE;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  /* A new window of that size (a mapped window without a window manager keeps
   * its size), the same page in it */
  g_object_ref (fixture->page);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (gtk_window_get_child (fixture->window)), NULL);
  gtk_window_destroy (fixture->window);
  present_page (fixture, width);
  g_object_unref (fixture->page);
  kindred_review_page_show_section (fixture->page, "mood");
  flush_events ();

  /* Nothing wider than the window: no sideways scrolling at 360 px */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->page)), <=, width);

  chart = kindred_review_page_get_mood_chart (fixture->page);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (chart)));
  chart_width = gtk_widget_get_width (GTK_WIDGET (chart));
  chart_height = gtk_widget_get_height (GTK_WIDGET (chart));
  g_assert_cmpint (chart_width, >, 0);
  g_assert_cmpint (chart_width, <=, width);
  g_assert_cmpint (chart_height, >, 0);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (chart));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), chart_width, chart_height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (
                                           GTK_WIDGET (chart))),
                                         node, &GRAPHENE_RECT_INIT (0, 0, chart_width, chart_height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, chart_width);
  stride = (gsize) chart_width * 4;
  pixels = g_malloc (stride * chart_height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * chart_height && !differs; i += 4)
    differs = memcmp (pixels, pixels + i, 4) != 0;
  g_assert_true (differs);
}

static void
test_review_page_mood_chart (Fixture       *fixture,
                             gconstpointer  data)
{
  KindredGroupMoodChart *chart;
  const char *summary;

  if (skip_if_no_display ())
    return;

  chart = kindred_review_page_get_mood_chart (fixture->page);
  SPIN_UNTIL (kindred_group_mood_chart_get_n_members (chart) == 2);
  /* Entries 9 days and 1 day ago: two or three ISO weeks apart */
  g_assert_cmpuint (kindred_group_mood_chart_get_n_weeks (chart), >=, 2);
  summary = kindred_group_mood_chart_get_summary (chart);
  g_assert_nonnull (strstr (summary, "Moods shared by 2 members"));
  g_assert_nonnull (strstr (summary, "Kim 1.0"));
  g_assert_nonnull (strstr (summary, "Sam 4.0"));
  kindred_review_page_show_section (fixture->page, "mood");
  flush_events ();
  assert_shows (GTK_WIDGET (fixture->page), summary);

  check_chart_at (fixture, 800, FALSE);
  check_chart_at (fixture, 360, FALSE);
  check_chart_at (fixture, 800, TRUE);
  check_chart_at (fixture, 360, TRUE);

  /* And with nothing to draw */
  kindred_group_mood_chart_set_weeks (chart, NULL);
  g_assert_cmpuint (kindred_group_mood_chart_get_n_weeks (chart), ==, 0);
  g_assert_nonnull (strstr (kindred_group_mood_chart_get_summary (chart), "No moods"));
}

static AdwMessageDialog *
find_remove_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          g_strcmp0 (gtk_widget_get_name (window), "remove-member-dialog") == 0 &&
          gtk_widget_get_visible (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_review_page_remove_member (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KindredGroupImport) import = NULL;
  g_autofree char *path = path_in (fixture, "update.kindred-key-update");
  AdwMessageDialog *dialog;
  GtkWidget *roster_row;

  if (skip_if_no_display ())
    return;

  kindred_review_page_show_section (fixture->page, "members");
  flush_events ();
  assert_shows (GTK_WIDGET (fixture->page), "2 members");

  /* The confirmation explains the key rotation and the key-update file */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "review.remove-member",
                                             "s", kindred_group_member_get_id (fixture->sam_member)));
  flush_events ();
  dialog = find_remove_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove Sam from the Group?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "new key"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "key-update file"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "everyone who stays"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* Cancelling changes nothing */
  adw_message_dialog_response (dialog, "cancel");
  flush_events ();
  g_assert_false (kindred_group_member_get_removed (fixture->sam_member));
  g_assert_cmpuint (kindred_group_get_epoch (fixture->group), ==, 1);

  /* What the file chooser's answer does */
  file = g_file_new_for_path (path);
  g_assert_true (kindred_review_page_remove_member_to_file (fixture->page, fixture->sam_member,
                                                            file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (kindred_group_member_get_removed (fixture->sam_member));
  g_assert_cmpuint (kindred_group_get_epoch (fixture->group), ==, 2);
  flush_events ();
  assert_shows (GTK_WIDGET (fixture->page), "1 member");
  roster_row = kindred_review_page_lookup_roster_row (fixture->page, fixture->sam_member);
  g_assert_nonnull (roster_row);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (roster_row)), ==,
                   "Removed from the group · 1 share");

  /* Kim, who stays, takes the new key from the file; Sam is told he was removed */
  import = kindred_groups_import_file (fixture->kim, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_group_import_get_kind (import), ==, KINDRED_GROUP_FILE_KEY_UPDATE);
  g_clear_object (&import);
  import = kindred_groups_import_file (fixture->sam, path, NULL, &error);
  if (import != NULL)
    g_assert_true (kindred_group_get_removed (kindred_group_import_get_group (import)));
  g_clear_error (&error);
}

static void
test_review_page_write_update (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = path_in (fixture, "roster.kindred-key-update");

  if (skip_if_no_display ())
    return;

  file = g_file_new_for_path (path);
  g_assert_true (kindred_review_page_write_update_to_file (fixture->page, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (kindred_group_get_epoch (fixture->group), ==, 1);
}

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *ancestor)
{
  return widget != NULL && (widget == ancestor || gtk_widget_is_ancestor (widget, ancestor));
}

/* Tab alone reaches every control of the page: the section buttons, the
 * filters, a share's note, reply and review buttons, the file rows. */
static void
test_review_page_keyboard (Fixture       *fixture,
                           gconstpointer  data)
{
  KindredGroupShare *kim_share = share_of (fixture, fixture->kim_member);
  GtkWidget *kim_row, *reviewed, *expander;
  g_autoptr(GPtrArray) focused = g_ptr_array_new ();
  gboolean reached_reviewed = FALSE, reached_note = FALSE, reached_reply = FALSE;
  gboolean reached_filter = FALSE, reached_new_only = FALSE, reached_sections = FALSE;
  gboolean reached_open = FALSE;

  if (skip_if_no_display ())
    return;

  kim_row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  reviewed = find_named (kim_row, "reviewed-button");
  expander = find_named (kim_row, "note-expander");
  gtk_window_set_focus (fixture->window, NULL);
  for (guint i = 0; i < 400; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_window_get_focus (fixture->window);
      if (focus == NULL || g_ptr_array_find (focused, focus, NULL))
        break;
      g_ptr_array_add (focused, focus);

      reached_reviewed |= focus == reviewed;
      reached_note |= is_inside (focus, expander);
      reached_reply |= GTK_IS_BUTTON (focus) && is_inside (focus, kim_row) &&
                       g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)),
                                  "share.reply") == 0;
      reached_filter |= gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) != NULL;
      reached_new_only |= GTK_IS_CHECK_BUTTON (focus);
      reached_sections |= GTK_IS_TOGGLE_BUTTON (focus) &&
                          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)),
                                     "review.section") == 0;
      reached_open |= GTK_IS_BUTTON (focus) &&
                      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)),
                                 "review.import") == 0;
    }
  g_assert_true (reached_sections);
  g_assert_true (reached_filter);
  g_assert_true (reached_new_only);
  g_assert_true (reached_note);
  g_assert_true (reached_reply);
  g_assert_true (reached_reviewed);
  g_assert_true (reached_open);
}

/* Files arriving in a watched folder are imported and shown; a take-back empties
 * the share; stopping forgets the folder. */
static void
test_review_page_watch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *inbox = path_in (fixture, "inbox");
  g_autofree char *share_path = g_build_filename (inbox, "kim-2.kindred-share", NULL);
  g_autofree char *retraction_path = g_build_filename (inbox, "kim.kindred-retraction", NULL);
  KindredGroupShare *kim_share = share_of (fixture, fixture->kim_member);
  KindredGroup *kim_group;
  GListModel *history;
  g_autoptr(KindredGroupShare) first = NULL;
  GtkWidget *row;

  if (skip_if_no_display ())
    return;

  g_assert_cmpint (g_mkdir (inbox, 0700), ==, 0);
  folder = g_file_new_for_path (inbox);
  assert_shows (GTK_WIDGET (fixture->page), "Choose a folder");
  kindred_review_page_watch_folder (fixture->page, folder);
  g_assert_true (g_file_equal (kindred_groups_get_watched_folder (fixture->facilitator), folder));
  assert_shows (GTK_WIDGET (fixture->page), inbox);

  /* Kim writes a second share straight into the folder */
  kim_group = kindred_groups_lookup_group (fixture->kim, kindred_group_get_id (fixture->group));
  g_assert_nonnull (kim_group);
  write_share (fixture->kim, kim_group, fixture->kim_store, CALM_TEXT, 3, share_path);
  SPIN_UNTIL (g_list_model_get_n_items (kindred_group_get_received (fixture->group)) == 3);
  flush_events ();
  g_assert_cmpuint (kindred_review_page_get_n_shown (fixture->page), ==, 3);

  /* Then takes the first one back */
  history = kindred_group_get_history (kim_group);
  first = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);
  g_assert_true (kindred_groups_retract_share (fixture->kim, first, retraction_path, &error));
  g_assert_no_error (error);
  SPIN_UNTIL (kindred_group_share_get_retracted (kim_share));
  flush_events ();
  row = kindred_review_page_lookup_share_row (fixture->page, kim_share);
  g_assert_nonnull (strstr (label_text (row, "share-text"), "Kim took this share back"));
  g_assert_null (strstr (label_text (row, "share-text"), CRISIS_TEXT));
  g_assert_null (kindred_review_share_row_get_flag (KINDRED_REVIEW_SHARE_ROW (row)));
  g_assert_cmpstr (label_text (row, "status"), ==, "Taken back");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "review.stop-watching",
                                             NULL));
  g_assert_null (kindred_groups_get_watched_folder (fixture->facilitator));
  flush_events ();
  assert_shows (GTK_WIDGET (fixture->page), "Choose a folder");
}

/* The dialogs, on a facilitator journal of their own */

typedef struct
{
  char          *dir;
  KindredStore  *store;
  KindredGroups *groups;
  GtkWindow     *window;
} DialogFixture;

static void
dialog_set_up (DialogFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autofree char *path = NULL;

  if (!can_run)
    return;

  fixture->dir = g_dir_make_tmp ("kindred-test-create-group-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);
  fixture->groups = new_groups (fixture->store);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->window);
}

static void
dialog_tear_down (DialogFixture *fixture,
                  gconstpointer  data)
{
  if (!can_run)
    return;

  gtk_window_destroy (fixture->window);
  flush_events ();
  g_assert_finalize_object (fixture->groups);
  kindred_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
created_cb (GtkWidget    *dialog,
            KindredGroup *group,
            gpointer      user_data)
{
  *(KindredGroup **) user_data = group;
}

static void
test_create_group_dialog (DialogFixture *fixture,
                          gconstpointer  data)
{
  KindredCreateGroupDialog *dialog;
  KindredGroup *created = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *note = NULL;
  GtkWidget *invite;

  if (skip_if_no_display ())
    return;

  dialog = KINDRED_CREATE_GROUP_DIALOG (kindred_create_group_dialog_new (fixture->window,
                                                                         fixture->groups));
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  gtk_window_present (GTK_WINDOW (dialog));
  flush_events ();

  /* Prefilled with the editable defaults */
  rules = view_text (kindred_create_group_dialog_lookup (dialog, "rules_view"));
  note = view_text (kindred_create_group_dialog_lookup (dialog, "escalation_view"));
  g_assert_cmpstr (rules, ==, kindred_groups_get_default_ground_rules ());
  g_assert_cmpstr (note, ==, kindred_groups_get_default_escalation_note ());
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (
    kindred_create_group_dialog_lookup (dialog, "name_row"))));
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (
    kindred_create_group_dialog_lookup (dialog, "escalation_view"))));

  /* A name and a pseudonym are needed */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.create", NULL) &&
                  created != NULL);
  g_assert_null (created);
  gtk_editable_set_text (GTK_EDITABLE (kindred_create_group_dialog_lookup (dialog, "name_row")),
                         "Monday walkers");
  gtk_editable_set_text (GTK_EDITABLE (kindred_create_group_dialog_lookup (dialog, "meets_row")),
                         "Mondays at 10, by the lake");
  gtk_editable_set_text (GTK_EDITABLE (kindred_create_group_dialog_lookup (dialog,
                                                                          "pseudonym_row")),
                         "Robin");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
    kindred_create_group_dialog_lookup (dialog, "escalation_view"))), "I call Robin's supervisor.", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.create", NULL));
  g_assert_nonnull (created);
  g_assert_cmpstr (kindred_group_get_name (created), ==, "Monday walkers");
  g_assert_cmpstr (kindred_group_get_meets (created), ==, "Mondays at 10, by the lake");
  g_assert_cmpstr (kindred_group_get_pseudonym (created), ==, "Robin");
  g_assert_cmpstr (kindred_group_get_ground_rules (created), ==,
                   kindred_groups_get_default_ground_rules ());
  g_assert_cmpstr (kindred_group_get_escalation_note (created), ==, "I call Robin's supervisor.");
  g_assert_true (kindred_group_is_facilitator (created));
  g_assert_cmpuint (g_list_model_get_n_items (kindred_groups_get_groups (fixture->groups)), ==, 1);

  /* Then it offers the invite */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (
    kindred_create_group_dialog_lookup (dialog, "stack"))), ==, "created");
  invite = find_label_containing (GTK_WIDGET (dialog), "Write Invite");
  g_assert_nonnull (invite);
  g_assert_true (gtk_widget_is_drawable (invite));

  /* "Write Invite…" opens the invite for the new group, over the main window */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "create.invite", NULL));
  flush_events ();
  g_assert_null (dialog);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */
    GtkWindow *invite_dialog = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

        if (KINDRED_IS_INVITE_DIALOG (window))
          invite_dialog = window;
      }
    g_assert_nonnull (invite_dialog);
    g_assert_true (gtk_window_get_transient_for (invite_dialog) == fixture->window);
    g_assert_cmpstr (kindred_invite_dialog_get_state (KINDRED_INVITE_DIALOG (invite_dialog)), ==,
                     "form");
    gtk_window_destroy (invite_dialog);
  }
}

static void
saved_cb (GtkWidget *dialog,
          GFile     *file,
          gpointer   user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_invite_dialog (DialogFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "walkers.kindred-invite", NULL);
  KindredInviteDialog *dialog;
  KindredGroup *group;
  gboolean saved = FALSE;

  if (skip_if_no_display ())
    return;

  group = kindred_groups_create_group (fixture->groups, "Monday walkers", NULL, NULL, NULL, NULL,
                                       "Robin", &error);
  g_assert_no_error (error);
  dialog = KINDRED_INVITE_DIALOG (kindred_invite_dialog_new (fixture->window, fixture->groups,
                                                             group));
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  gtk_window_present (GTK_WINDOW (dialog));
  flush_events ();
  file = g_file_new_for_path (path);

  /* The advice to tell the passphrase separately is there */
  assert_shows (GTK_WIDGET (dialog), "never in the same message as the invite file");

  /* Too short, or not the same twice: nothing is written */
  kindred_invite_dialog_set_passphrase (dialog, "short", "short");
  g_assert_false (kindred_invite_dialog_save_to (dialog, file));
  kindred_invite_dialog_set_passphrase (dialog, PASSPHRASE, "heron-quarry-friday");
  assert_shows (GTK_WIDGET (dialog), "not the same yet");
  g_assert_false (kindred_invite_dialog_save_to (dialog, file));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  kindred_invite_dialog_set_passphrase (dialog, PASSPHRASE, PASSPHRASE);
  g_assert_true (kindred_invite_dialog_save_to (dialog, file));
  g_assert_cmpstr (kindred_invite_dialog_get_state (dialog), ==, "working");
  SPIN_UNTIL (saved);
  g_assert_cmpstr (kindred_invite_dialog_get_state (dialog), ==, "done");
  assert_shows (GTK_WIDGET (dialog), "walkers.kindred-invite");

  /* A member opens it with the passphrase */
  invite = kindred_groups_read_invite (fixture->groups, path, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_group_invite_get_name (invite), ==, "Monday walkers");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/London", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  can_run = g_getenv ("DISPLAY") != NULL;

  if (can_run)
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
      kindred_ui_register_resources ();
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

  g_test_add ("/review-page/queue/flagged", Fixture, NULL,
              fixture_set_up, test_review_page_flagged, fixture_tear_down);
  g_test_add ("/review-page/queue/mark-reviewed", Fixture, NULL,
              fixture_set_up, test_review_page_mark_reviewed, fixture_tear_down);
  g_test_add ("/review-page/keyboard/reachable", Fixture, NULL,
              fixture_set_up, test_review_page_keyboard, fixture_tear_down);
  g_test_add ("/review-page/watch/folder", Fixture, NULL,
              fixture_set_up, test_review_page_watch, fixture_tear_down);
  g_test_add ("/review-page/notes/persist", Fixture, NULL,
              fixture_set_up, test_review_page_notes, fixture_tear_down);
  g_test_add ("/review-page/reply/shown", Fixture, NULL,
              fixture_set_up, test_review_page_reply, fixture_tear_down);
  g_test_add ("/review-page/mood-chart/render", Fixture, NULL,
              fixture_set_up, test_review_page_mood_chart, fixture_tear_down);
  g_test_add ("/review-page/members/remove", Fixture, NULL,
              fixture_set_up, test_review_page_remove_member, fixture_tear_down);
  g_test_add ("/review-page/members/write-update", Fixture, NULL,
              fixture_set_up, test_review_page_write_update, fixture_tear_down);
  g_test_add ("/create-group-dialog/create/prefilled", DialogFixture, NULL,
              dialog_set_up, test_create_group_dialog, dialog_tear_down);
  g_test_add ("/invite-dialog/save/passphrase", DialogFixture, NULL,
              dialog_set_up, test_invite_dialog, dialog_tear_down);

  return g_test_run ();
}

/* test-group-view.c: the Group view as a member, the join and share dialogs, under
 * Xvfb, against two real journals (a facilitator's and a member's)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>
#include <sodium.h>

#include "kindred-application.h"
#include "kindred-group-view.h"
#include "kindred-join-dialog.h"
#include "kindred-journal-view.h"
#include "kindred-share-dialog.h"
#include "kindred-window.h"

#define INVITE_PASSPHRASE "lantern-orchard-tuesday"
#define GROUP_NAME        "Tuesday evening circle"
#define ENTRY_TEXT        "Walked to the river with Ana 7713 and felt lighter."
#define OTHER_TEXT        "A heavy morning 5521, but the breathing helped."

typedef struct
{
  char                   *dir;
  KindredStore           *facilitator_store;
  KindredStore           *member_store;
  KindredGroups          *facilitator;
  KindredGroups          *member;
  KindredStrategyLibrary *library;
  GtkWindow              *window;
  KindredGroupView       *view;
} Fixture;

static gboolean            can_run;
static KindredApplication *app;

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

  store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);

  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  if (!can_run)
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->dir = g_dir_make_tmp ("kindred-test-group-view-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->facilitator_store = open_store (fixture, "facilitator.db");
  fixture->member_store = open_store (fixture, "member.db");
  fixture->facilitator = kindred_groups_new (fixture->facilitator_store, &error);
  g_assert_no_error (error);
  fixture->member = kindred_groups_new (fixture->member_store, &error);
  g_assert_no_error (error);
  /* The KDF's cost is not what these tests are about */
  kindred_groups_set_invite_kdf_limits (fixture->facilitator, crypto_pwhash_OPSLIMIT_MIN,
                                        crypto_pwhash_MEMLIMIT_MIN);

  fixture->library = kindred_strategy_library_new (&error);
  g_assert_no_error (error);
  kindred_strategy_library_seed (fixture->library, fixture->member_store, &error);
  g_assert_no_error (error);

  /* As in the window: the view's toasts go to the overlay above it */
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 760);
  overlay = adw_toast_overlay_new ();
  fixture->view = KINDRED_GROUP_VIEW (kindred_group_view_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
  gtk_window_set_child (fixture->window, overlay);
  kindred_group_view_set_groups (fixture->view, fixture->member);
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
  g_clear_object (&fixture->facilitator);
  g_clear_object (&fixture->member);
  kindred_store_close (fixture->facilitator_store);
  kindred_store_close (fixture->member_store);
  g_clear_object (&fixture->facilitator_store);
  g_clear_object (&fixture->member_store);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Screenshots for a person to look at, only when asked for (KINDRED_TEST_SHOTS) */

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

static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  /* An expander row opening or closing */
  if (GTK_IS_REVEALER (widget) && gtk_widget_get_mapped (widget) &&
      gtk_revealer_get_child (GTK_REVEALER (widget)) != NULL &&
      gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) !=
      gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;

  return FALSE;
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *dir = g_getenv ("KINDRED_TEST_SHOTS");
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GdkRGBA background = { 1, 1, 1, 1 };

  if (dir == NULL)
    return;

  SPIN_UNTIL (!transition_running (window));
  wait_for_frame (window);
  snapshot = gtk_snapshot_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (window), "window_bg_color", &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window),
                                                  gtk_widget_get_height (window)));
  GTK_WIDGET_GET_CLASS (window)->snapshot (window, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window),
                                                              gtk_widget_get_height (window)));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

/* The view, moved into a new window of @width: a new window's first size is its
 * default size, while resizing a mapped one under Xvfb is not always honoured */
static void
rehome (Fixture *fixture,
        int      width)
{
  g_autoptr(GtkWidget) overlay = g_object_ref (gtk_window_get_child (fixture->window));

  gtk_window_set_child (fixture->window, NULL);
  gtk_window_destroy (fixture->window);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, width, 760);
  gtk_window_set_child (fixture->window, overlay);
  gtk_window_present (fixture->window);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)) &&
              gtk_widget_get_width (GTK_WIDGET (fixture->window)) > 0);
  wait_for_frame (GTK_WIDGET (fixture->window));
  flush_events ();
}

/* A dialog's default size counts its decorations: it is laid out a little smaller */
static void
resize_dialog (GtkWindow *dialog,
               int        width,
               int        height)
{
  gtk_window_set_default_size (dialog, width, height);
  gtk_widget_queue_resize (GTK_WIDGET (dialog));
  SPIN_UNTIL (gtk_widget_get_width (GTK_WIDGET (dialog)) > 0);
  wait_for_frame (GTK_WIDGET (dialog));
  wait_for_frame (GTK_WIDGET (dialog));
  flush_events ();
}

/* Scrolls the member page so that @row is at its top (for a screenshot) */
static void
scroll_to_row (Fixture   *fixture,
               GtkWidget *row)
{
  GtkWidget *scroll = kindred_group_view_lookup_widget (fixture->view, "member_scroll");
  GtkWidget *box = kindred_group_view_lookup_widget (fixture->view, "details_box");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll));
  graphene_point_t point;

  SPIN_UNTIL (!transition_running (GTK_WIDGET (gtk_widget_get_root (row))));
  wait_for_frame (row);
  g_assert_true (gtk_widget_compute_point (row, box, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 48);
  wait_for_frame (row);
}

/* The parties */

static KindredGroup *
create_group (Fixture    *fixture,
              const char *invite_path)
{
  g_autoptr(GError) error = NULL;
  KindredGroup *group;

  group = kindred_groups_create_group (fixture->facilitator, GROUP_NAME,
                                       "A small peer circle for people living with anxiety.",
                                       "Tuesdays at 19:00, in the library’s back room or by video.",
                                       kindred_groups_get_default_ground_rules (),
                                       kindred_groups_get_default_escalation_note (),
                                       "Sam", &error);
  g_assert_no_error (error);
  g_assert_nonnull (group);

  kindred_groups_write_invite (fixture->facilitator, group, INVITE_PASSPHRASE, invite_path, &error);
  g_assert_no_error (error);

  return group;
}

static KindredJoinDialog *
open_invite (Fixture    *fixture,
             const char *invite_path)
{
  g_autoptr(GFile) invite = g_file_new_for_path (invite_path);
  KindredJoinDialog *dialog;

  dialog = kindred_group_view_open_join_dialog (fixture->view, invite);
  g_assert_nonnull (dialog);
  g_assert_true (dialog == kindred_group_view_get_join_dialog (fixture->view));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_cmpstr (kindred_join_dialog_get_page_name (dialog), ==, "passphrase");

  return dialog;
}

static void
enter_passphrase (KindredJoinDialog *dialog,
                  const char        *passphrase)
{
  gtk_editable_set_text (kindred_join_dialog_get_passphrase_row (dialog), passphrase);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "join.open", NULL));
  g_assert_cmpstr (kindred_join_dialog_get_page_name (dialog), ==, "opening");
  SPIN_UNTIL (g_strcmp0 (kindred_join_dialog_get_page_name (dialog), "opening") != 0);
}

/* The member joins through the join dialog; the facilitator adds them and sends
 * the roster, which the member imports through the view.  (transfer none) */
static KindredGroup *
join_as_member (Fixture *fixture)
{
  g_autofree char *invite_path = path_in (fixture, GROUP_NAME ".kindred-invite");
  g_autofree char *join_path = path_in (fixture, "kim.kindred-join");
  g_autofree char *update_path = path_in (fixture, "roster.kindred-key-update");
  g_autoptr(GFile) join_file = g_file_new_for_path (join_path);
  g_autoptr(GFile) update_file = g_file_new_for_path (update_path);
  g_autoptr(KindredGroupImport) import = NULL;
  g_autoptr(GError) error = NULL;
  KindredGroup *facilitated;
  KindredJoinDialog *dialog;
  KindredGroup *group;

  facilitated = create_group (fixture, invite_path);
  dialog = open_invite (fixture, invite_path);
  enter_passphrase (dialog, INVITE_PASSPHRASE);
  g_assert_cmpstr (kindred_join_dialog_get_page_name (dialog), ==, "details");
  gtk_check_button_set_active (kindred_join_dialog_get_accept_button (dialog), TRUE);
  gtk_editable_set_text (kindred_join_dialog_get_pseudonym_row (dialog), "  Kim  ");
  g_assert_true (kindred_join_dialog_save_join_file (dialog, join_file));
  g_assert_cmpstr (kindred_join_dialog_get_page_name (dialog), ==, "done");
  g_assert_true (g_file_test (join_path, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (kindred_group_view_get_join_dialog (fixture->view));

  group = kindred_group_view_get_group (fixture->view);
  g_assert_nonnull (group);
  g_assert_cmpstr (kindred_group_get_id (group), ==, kindred_group_get_id (facilitated));
  g_assert_cmpstr (kindred_group_get_pseudonym (group), ==, "Kim");

  import = kindred_groups_import_file (fixture->facilitator, join_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_group_import_get_kind (import), ==, KINDRED_GROUP_FILE_JOIN);
  kindred_groups_write_update (fixture->facilitator, facilitated, update_path, &error);
  g_assert_no_error (error);

  kindred_group_view_import_file (fixture->view, update_file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);
  g_assert_nonnull (kindred_group_view_get_last_message (fixture->view));

  return group;
}

static char *
save_entry (Fixture    *fixture,
            int         mood,
            const char *body,
            int         days_ago)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) when = g_date_time_add_days (now, -days_ago);
  g_autoptr(GError) error = NULL;
  const char *triggers[] = { "work deadline", NULL };
  KindredStrategyInfo *info = kindred_strategy_library_lookup (fixture->library, "box-breathing");

  g_assert_nonnull (info);
  kindred_entry_set_created_at (entry, when);
  kindred_entry_set_mood (entry, mood);
  kindred_entry_set_title (entry, "By the river");
  kindred_entry_set_body (entry, body);
  kindred_entry_set_emotion (entry, "calm", 3);
  kindred_entry_set_emotion (entry, "hopeful", 2);
  kindred_entry_set_triggers (entry, triggers);
  kindred_entry_set_strategy (entry, kindred_strategy_info_get_id (info), 3);
  kindred_store_save_entry (fixture->member_store, entry, &error);
  g_assert_no_error (error);

  return g_strdup (kindred_entry_get_uuid (entry));
}

/* Chooses @level and @audience in the share dialog, previews, and saves to @path;
 * returns the preview text as shown.  (transfer full) */
static char *
preview_and_save (KindredShareDialog   *dialog,
                  KindredShareLevel     level,
                  KindredShareAudience  audience,
                  const char           *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *preview = NULL;
  KindredShareDraft *draft;

  gtk_check_button_set_active (kindred_share_dialog_get_level_button (dialog, level), TRUE);
  gtk_check_button_set_active (kindred_share_dialog_get_audience_button (dialog, audience), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "share.preview", NULL));
  g_assert_cmpstr (kindred_share_dialog_get_page_name (dialog), ==, "preview");

  draft = kindred_share_dialog_get_draft (dialog);
  g_assert_nonnull (draft);
  g_assert_cmpint (kindred_share_draft_get_level (draft), ==, level);
  g_assert_cmpint (kindred_share_draft_get_audience (draft), ==, audience);
  preview = kindred_share_dialog_dup_preview_text (dialog);
  /* The preview is the draft's text, all of it */
  g_assert_cmpstr (preview, ==, kindred_share_draft_get_text (draft));
  /* Nothing left yet */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  kindred_share_dialog_save_to (dialog, file);
  SPIN_UNTIL (!kindred_share_dialog_get_busy (dialog));
  g_assert_null (kindred_share_dialog_get_error (dialog));
  g_assert_cmpstr (kindred_share_dialog_get_page_name (dialog), ==, "done");
  g_assert_nonnull (kindred_share_dialog_get_share (dialog));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  return g_steal_pointer (&preview);
}

/* Depth-first: a GtkLabel below @widget whose text holds @text */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Tests */

static void
test_view_empty (Fixture       *fixture,
                 gconstpointer  data)
{
  int minimum = 0;

  if (skip_if_no_display ())
    return;

  g_assert_cmpstr (kindred_group_view_get_page_name (fixture->view), ==, "empty");
  g_assert_null (kindred_group_view_get_group (fixture->view));
  g_assert_false (kindred_group_view_can_share (fixture->view));
  /* Nothing to share with: the dialog does not open, and says why */
  g_assert_null (kindred_group_view_open_share_dialog (fixture->view, NULL));
  g_assert_nonnull (kindred_group_view_get_last_message (fixture->view));

  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  if (g_getenv ("KINDRED_TEST_SHOTS") != NULL)
    {
      save_shot (GTK_WIDGET (fixture->view), "empty-800-light.png");
      rehome (fixture, 360);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      save_shot (GTK_WIDGET (fixture->view), "empty-360-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
    }

  /* Locked: nothing of the groups is left */
  kindred_group_view_set_groups (fixture->view, NULL);
  g_assert_null (kindred_group_view_get_groups (fixture->view));
  g_assert_cmpstr (kindred_group_view_get_page_name (fixture->view), ==, "empty");
}

static void
test_join_wrong_passphrase (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *invite_path = path_in (fixture, "invite.kindred-invite");
  KindredJoinDialog *dialog;

  if (skip_if_no_display ())
    return;

  create_group (fixture, invite_path);
  dialog = open_invite (fixture, invite_path);

  enter_passphrase (dialog, "not the passphrase at all");
  g_assert_cmpstr (kindred_join_dialog_get_page_name (dialog), ==, "passphrase");
  g_assert_nonnull (kindred_join_dialog_get_error (dialog));
  g_assert_null (kindred_join_dialog_get_invite (dialog));
  /* Nothing was stored */
  g_assert_cmpuint (g_list_model_get_n_items (kindred_groups_get_groups (fixture->member)), ==, 0);

  enter_passphrase (dialog, INVITE_PASSPHRASE);
  g_assert_cmpstr (kindred_join_dialog_get_page_name (dialog), ==, "details");
  g_assert_null (kindred_join_dialog_get_error (dialog));
  g_assert_cmpstr (kindred_group_invite_get_name (kindred_join_dialog_get_invite (dialog)), ==,
                   GROUP_NAME);
  /* The passphrase does not stay in a widget once it has done its work */
  g_assert_cmpstr (gtk_editable_get_text (kindred_join_dialog_get_passphrase_row (dialog)), ==, "");
  /* The ground rules and the escalation note are there to read */
  g_assert_nonnull (find_label (GTK_WIDGET (dialog),
                                kindred_groups_get_default_escalation_note ()));

  /* Joining needs the rules accepted and a name; neither is there by default */
  g_assert_false (gtk_check_button_get_active (kindred_join_dialog_get_accept_button (dialog)));
  gtk_editable_set_text (kindred_join_dialog_get_pseudonym_row (dialog), "Kim");
  {
    g_autofree char *join_path = path_in (fixture, "kim.kindred-join");
    g_autoptr(GFile) join_file = g_file_new_for_path (join_path);

    g_assert_false (kindred_join_dialog_save_join_file (dialog, join_file));
    g_assert_nonnull (kindred_join_dialog_get_error (dialog));
    g_assert_false (g_file_test (join_path, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (g_list_model_get_n_items (kindred_groups_get_groups (fixture->member)), ==, 0);

    save_shot (GTK_WIDGET (dialog), "join-details.png");
    gtk_check_button_set_active (kindred_join_dialog_get_accept_button (dialog), TRUE);
    g_assert_true (kindred_join_dialog_save_join_file (dialog, join_file));
  }
  g_assert_cmpstr (kindred_group_view_get_page_name (fixture->view), ==, "member");
  g_assert_true (kindred_group_view_can_share (fixture->view));
}

static void
test_share_preview_equals_received (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *share_path = path_in (fixture, "share-1.kindred-share");
  g_autofree char *private_path = path_in (fixture, "share-2.kindred-share");
  g_autofree char *reply_path = path_in (fixture, "reply.kindred-reply");
  g_autofree char *retraction_path = path_in (fixture, "retract.kindred-retraction");
  g_autoptr(GFile) reply_file = g_file_new_for_path (reply_path);
  g_autoptr(GFile) retraction_file = g_file_new_for_path (retraction_path);
  g_autoptr(KindredGroupImport) import = NULL;
  g_autoptr(KindredGroupImport) private_import = NULL;
  g_autoptr(KindredGroupImport) retraction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *private_preview = NULL;
  g_autofree char *rendered = NULL;
  g_auto(GStrv) chosen = NULL;
  KindredShareDialog *dialog;
  KindredGroupShare *mine;
  KindredGroupShare *received;
  KindredGroupShare *mine_private;
  KindredGroup *group;
  GtkWidget *row;

  if (skip_if_no_display ())
    return;

  group = join_as_member (fixture);
  first = save_entry (fixture, 4, ENTRY_TEXT, 1);
  second = save_entry (fixture, 2, OTHER_TEXT, 3);

  /* Opened for one entry: that one is chosen, and nothing else is */
  dialog = kindred_group_view_open_share_dialog (fixture->view, first);
  g_assert_nonnull (dialog);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (kindred_share_dialog_get_group (dialog) == group);
  chosen = kindred_share_dialog_dup_chosen (dialog);
  g_assert_cmpuint (g_strv_length (chosen), ==, 1);
  g_assert_cmpstr (chosen[0], ==, first);
  for (int level = KINDRED_SHARE_LEVEL_MOOD; level <= KINDRED_SHARE_LEVEL_TEXT; level++)
    g_assert_false (gtk_check_button_get_active (kindred_share_dialog_get_level_button (dialog, level)));
  g_assert_false (gtk_check_button_get_active (kindred_share_dialog_get_audience_button (dialog, KINDRED_SHARE_AUDIENCE_GROUP)));
  g_assert_false (gtk_check_button_get_active (kindred_share_dialog_get_audience_button (dialog, KINDRED_SHARE_AUDIENCE_FACILITATOR)));
  /* With no level or audience chosen there is nothing to preview */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "share.preview", NULL);
  g_assert_cmpstr (kindred_share_dialog_get_page_name (dialog), ==, "choose");
  g_assert_null (kindred_share_dialog_get_draft (dialog));

  /* The other entry is in the list, unticked; ticking it adds it */
  g_assert_nonnull (kindred_share_dialog_get_entry_check (dialog, second));
  g_assert_false (gtk_check_button_get_active (kindred_share_dialog_get_entry_check (dialog, second)));
  g_assert_true (gtk_check_button_get_active (kindred_share_dialog_get_entry_check (dialog, first)));
  gtk_check_button_set_active (kindred_share_dialog_get_entry_check (dialog, second), TRUE);
  g_clear_pointer (&chosen, g_strfreev);
  chosen = kindred_share_dialog_dup_chosen (dialog);
  g_assert_cmpuint (g_strv_length (chosen), ==, 2);
  /* Oldest first */
  g_assert_cmpstr (chosen[0], ==, second);
  g_assert_cmpstr (chosen[1], ==, first);

  /* Search finds entries by their words, and keeps what was chosen */
  gtk_editable_set_text (kindred_share_dialog_get_search_entry (dialog), "5521");
  SPIN_UNTIL (kindred_share_dialog_get_entry_check (dialog, first) == NULL);
  g_assert_nonnull (kindred_share_dialog_get_entry_check (dialog, second));
  g_clear_pointer (&chosen, g_strfreev);
  chosen = kindred_share_dialog_dup_chosen (dialog);
  g_assert_cmpuint (g_strv_length (chosen), ==, 2);
  gtk_editable_set_text (kindred_share_dialog_get_search_entry (dialog), "");
  SPIN_UNTIL (kindred_share_dialog_get_entry_check (dialog, first) != NULL);

  gtk_editable_set_text (kindred_share_dialog_get_message_row (dialog), "Thinking of you all.");
  save_shot (GTK_WIDGET (dialog), "share-choose.png");
  preview = preview_and_save (dialog, KINDRED_SHARE_LEVEL_TRIGGERS, KINDRED_SHARE_AUDIENCE_GROUP,
                              share_path);
  g_assert_nonnull (strstr (preview, "Thinking of you all."));
  /* Triggers level: no text */
  g_assert_null (strstr (preview, "7713"));
  g_assert_nonnull (strstr (preview, "work deadline"));
  mine = kindred_share_dialog_get_share (dialog);
  g_object_ref (mine);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (kindred_group_view_get_share_dialog (fixture->view));

  /* What the facilitator reads is, byte for byte, what the member saw */
  import = kindred_groups_import_file (fixture->facilitator, share_path, NULL, &error);
  g_assert_no_error (error);
  received = kindred_group_import_get_share (import);
  g_assert_nonnull (received);
  g_assert_cmpstr (kindred_group_share_get_text (received), ==, preview);
  rendered = kindred_share_render_text (kindred_group_share_get_payload (received), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rendered, ==, preview);

  /* The history shows it, with exactly that content */
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_history (group)), ==, 1);
  row = kindred_group_view_find_share_row (fixture->view, mine);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            kindred_share_level_get_label (KINDRED_SHARE_LEVEL_TRIGGERS)));
  g_assert_nonnull (find_label (row, preview));

  /* A reply from the facilitator shows next to it */
  kindred_groups_write_reply (fixture->facilitator, received,
                              "Thank you for sharing this, Kim.", reply_path, &error);
  g_assert_no_error (error);
  kindred_group_view_import_file (fixture->view, reply_file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_share_get_replies (mine)), ==, 1);
  row = kindred_group_view_find_share_row (fixture->view, mine);
  g_assert_nonnull (find_label (row, "Thank you for sharing this, Kim."));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  if (g_getenv ("KINDRED_TEST_SHOTS") != NULL)
    {
      scroll_to_row (fixture, row);
      save_shot (GTK_WIDGET (fixture->view), "member-history.png");
    }

  /* A second share, the whole text, for the facilitator only */
  dialog = kindred_group_view_open_share_dialog (fixture->view, first);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_check_button_set_active (kindred_share_dialog_get_level_button (dialog, KINDRED_SHARE_LEVEL_TEXT), TRUE);
  gtk_check_button_set_active (kindred_share_dialog_get_audience_button (dialog, KINDRED_SHARE_AUDIENCE_FACILITATOR), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "share.preview", NULL));
  save_shot (GTK_WIDGET (dialog), "share-preview.png");
  /* Back discards the draft; a new preview makes a new one */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "share.back", NULL));
  g_assert_null (kindred_share_dialog_get_draft (dialog));
  private_preview = preview_and_save (dialog, KINDRED_SHARE_LEVEL_TEXT,
                                      KINDRED_SHARE_AUDIENCE_FACILITATOR, private_path);
  g_assert_nonnull (strstr (private_preview, ENTRY_TEXT));
  mine_private = kindred_share_dialog_get_share (dialog);
  g_assert_cmpint (kindred_group_share_get_audience (mine_private), ==,
                   KINDRED_SHARE_AUDIENCE_FACILITATOR);
  gtk_window_destroy (GTK_WINDOW (dialog));

  private_import = kindred_groups_import_file (fixture->facilitator, private_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_group_share_get_text (kindred_group_import_get_share (private_import)),
                   ==, private_preview);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_history (group)), ==, 2);

  /* Taking the first one back writes a retraction the facilitator's Kindred obeys */
  g_assert_true (kindred_group_view_write_retraction (fixture->view, mine, retraction_file));
  g_assert_true (g_file_test (retraction_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (kindred_group_share_get_retracted (mine));
  row = kindred_group_view_find_share_row (fixture->view, mine);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Taken back"));
  /* The member's own history keeps what left */
  g_assert_nonnull (find_label (row, preview));

  retraction = kindred_groups_import_file (fixture->facilitator, retraction_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kindred_group_import_get_kind (retraction), ==, KINDRED_GROUP_FILE_RETRACTION);
  g_assert_true (kindred_group_share_get_retracted (received));
  g_assert_cmpstr (kindred_group_share_get_text (received), ==, "");
  g_assert_null (kindred_group_share_get_payload (received));

  g_object_unref (mine);
}

static void
test_received_and_retracted (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *invite_path = path_in (fixture, "invite-2.kindred-invite");
  g_autofree char *alex_join = path_in (fixture, "alex.kindred-join");
  g_autofree char *update_path = path_in (fixture, "update-2.kindred-key-update");
  g_autofree char *alex_share = path_in (fixture, "alex.kindred-share");
  g_autofree char *alex_retraction = path_in (fixture, "alex.kindred-retraction");
  g_autoptr(GFile) update_file = NULL;
  g_autoptr(GFile) share_file = NULL;
  g_autoptr(GFile) retraction_file = NULL;
  g_autoptr(KindredStore) alex_store = NULL;
  g_autoptr(KindredGroups) alex = NULL;
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(KindredGroupImport) import = NULL;
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(KindredShareDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  KindredGroup *group;
  KindredGroup *alex_group;
  KindredGroup *facilitated;
  KindredGroupShare *alex_mine;
  KindredGroupShare *received;
  GtkWidget *row;

  if (skip_if_no_display ())
    return;

  /* Kim joins through the view; Alex, a third journal, through the core */
  group = join_as_member (fixture);
  facilitated = kindred_groups_lookup_group (fixture->facilitator, kindred_group_get_id (group));
  kindred_groups_write_invite (fixture->facilitator, facilitated, INVITE_PASSPHRASE, invite_path, &error);
  g_assert_no_error (error);
  alex_store = open_store (fixture, "alex.db");
  alex = kindred_groups_new (alex_store, &error);
  g_assert_no_error (error);
  invite = kindred_groups_read_invite (alex, invite_path, INVITE_PASSPHRASE, &error);
  g_assert_no_error (error);
  alex_group = kindred_groups_join (alex, invite, "Alex", TRUE, alex_join, &error);
  g_assert_no_error (error);
  g_clear_object (&import);
  import = kindred_groups_import_file (fixture->facilitator, alex_join, NULL, &error);
  g_assert_no_error (error);
  kindred_groups_write_update (fixture->facilitator, facilitated, update_path, &error);
  g_assert_no_error (error);
  update_file = g_file_new_for_path (update_path);
  kindred_group_view_import_file (fixture->view, update_file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);
  g_assert_nonnull (find_label (kindred_group_view_lookup_widget (fixture->view, "details_box"), "Alex"));

  kindred_entry_set_mood (entry, 3);
  kindred_entry_set_body (entry, "Alex's words 9090.");
  kindred_store_save_entry (alex_store, entry, &error);
  g_assert_no_error (error);
  g_ptr_array_add (entries, entry);
  draft = kindred_groups_build_share (alex, alex_group, entries, KINDRED_SHARE_LEVEL_TEXT,
                                      KINDRED_SHARE_AUDIENCE_GROUP, NULL, &error);
  g_assert_no_error (error);
  alex_mine = kindred_groups_write_share (alex, draft, alex_share, &error);
  g_assert_no_error (error);

  /* Dropped or opened: Kim reads it under Alex's pseudonym */
  share_file = g_file_new_for_path (alex_share);
  kindred_group_view_import_file (fixture->view, share_file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_received (group)), ==, 1);
  received = g_list_model_get_item (kindred_group_get_received (group), 0);
  g_object_unref (received);
  row = kindred_group_view_find_share_row (fixture->view, received);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Alex");
  g_assert_nonnull (find_label (row, kindred_share_draft_get_text (draft)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  if (g_getenv ("KINDRED_TEST_SHOTS") != NULL)
    {
      scroll_to_row (fixture, row);
      save_shot (GTK_WIDGET (fixture->view), "member-received.png");
    }

  /* Importing it again changes nothing */
  kindred_group_view_import_file (fixture->view, share_file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_received (group)), ==, 1);

  /* Alex takes it back: Kim's copy goes, a marker stays */
  kindred_groups_retract_share (alex, alex_mine, alex_retraction, &error);
  g_assert_no_error (error);
  retraction_file = g_file_new_for_path (alex_retraction);
  kindred_group_view_import_file (fixture->view, retraction_file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);
  g_assert_true (kindred_group_share_get_retracted (received));
  row = kindred_group_view_find_share_row (fixture->view, received);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Taken back"));
  g_assert_null (find_label (row, "9090"));

  g_clear_object (&alex);
  kindred_store_close (alex_store);
}

static void
test_import_bad_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "not-a-share.kindred-share");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  g_autoptr(GError) expected = NULL;

  if (skip_if_no_display ())
    return;

  g_file_set_contents (path, "{\"kindred\": \"share\", \"version\": 1", -1, &error);
  g_assert_no_error (error);

  kindred_group_view_import_file (fixture->view, file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);

  /* The same gentle sentence the core gives for this file */
  g_assert_null (kindred_groups_import_file (fixture->member, path, NULL, &expected));
  g_assert_nonnull (expected);
  described = kindred_envelope_describe_error (expected);
  g_assert_cmpstr (kindred_group_view_get_last_message (fixture->view), ==, described);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_groups_get_groups (fixture->member)), ==, 0);
  g_assert_cmpstr (kindred_group_view_get_page_name (fixture->view), ==, "empty");
}

static void
test_invite_import_opens_join (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *invite_path = path_in (fixture, "dropped.kindred-invite");
  g_autoptr(GFile) file = g_file_new_for_path (invite_path);

  if (skip_if_no_display ())
    return;

  create_group (fixture, invite_path);
  /* An invite imported (or dropped) asks for its passphrase */
  kindred_group_view_import_file (fixture->view, file);
  SPIN_UNTIL (kindred_group_view_get_n_pending (fixture->view) == 0);
  g_assert_nonnull (kindred_group_view_get_join_dialog (fixture->view));
  g_assert_cmpstr (kindred_join_dialog_get_page_name (kindred_group_view_get_join_dialog (fixture->view)),
                   ==, "passphrase");
  save_shot (GTK_WIDGET (kindred_group_view_get_join_dialog (fixture->view)), "join-passphrase.png");

  /* Locking closes it: nothing of the journal stays on screen */
  kindred_group_view_set_groups (fixture->view, NULL);
  flush_events ();
  g_assert_null (kindred_group_view_get_join_dialog (fixture->view));
}

static void
test_view_shots (Fixture       *fixture,
                 gconstpointer  data)
{
  static const int widths[] = { 900, 360 };
  g_autofree char *share_path = path_in (fixture, "shot.kindred-share");
  g_autofree char *uuid = NULL;
  KindredShareDialog *dialog;
  int minimum = 0;

  if (skip_if_no_display ())
    return;

  join_as_member (fixture);
  uuid = save_entry (fixture, 4, ENTRY_TEXT, 0);

  /* It fits a phone */
  gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  dialog = kindred_group_view_open_share_dialog (fixture->view, uuid);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_widget_measure (adw_window_get_content (ADW_WINDOW (dialog)),
                      GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_free (preview_and_save (dialog, KINDRED_SHARE_LEVEL_TEXT, KINDRED_SHARE_AUDIENCE_GROUP,
                            share_path));
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (g_getenv ("KINDRED_TEST_SHOTS") == NULL)
    return;

  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          g_autofree char *name = NULL;
          GtkWidget *history_row;

          rehome (fixture, widths[w]);
          name = g_strdup_printf ("member-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (fixture->view), name);

          /* What I shared, opened: exactly what left */
          history_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (kindred_group_view_lookup_widget (fixture->view, "history_list")), 0));
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (history_row), TRUE);
          scroll_to_row (fixture, history_row);
          g_free (name);
          name = g_strdup_printf ("member-history-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (fixture->view), name);
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (history_row), FALSE);
          gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (kindred_group_view_lookup_widget (fixture->view, "member_scroll"))), 0);

          dialog = kindred_group_view_open_share_dialog (fixture->view, uuid);
          SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
          resize_dialog (GTK_WINDOW (dialog), widths[w] == 360 ? 360 : 560, 760);
          g_free (name);
          name = g_strdup_printf ("share-choose-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (dialog), name);
          {
            GtkScrolledWindow *scroll =
              GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                  KINDRED_TYPE_SHARE_DIALOG,
                                                                  "choose_scroll"));
            GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroll);

            gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
            g_free (name);
            name = g_strdup_printf ("share-choose-end-%d-%s.png", widths[w], dark ? "dark" : "light");
            save_shot (GTK_WIDGET (dialog), name);
            gtk_adjustment_set_value (adjustment, 0);
          }
          gtk_check_button_set_active (kindred_share_dialog_get_level_button (dialog, KINDRED_SHARE_LEVEL_TEXT), TRUE);
          gtk_check_button_set_active (kindred_share_dialog_get_audience_button (dialog, KINDRED_SHARE_AUDIENCE_GROUP), TRUE);
          gtk_editable_set_text (kindred_share_dialog_get_message_row (dialog), "Thinking of you all.");
          gtk_widget_activate_action (GTK_WIDGET (dialog), "share.preview", NULL);
          g_free (name);
          name = g_strdup_printf ("share-preview-%d-%s.png", widths[w], dark ? "dark" : "light");
          save_shot (GTK_WIDGET (dialog), name);
          gtk_window_destroy (GTK_WINDOW (dialog));
          flush_events ();
        }
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  kindred_group_view_set_groups (fixture->view, fixture->facilitator);
  flush_events ();
  rehome (fixture, 900);
  save_shot (GTK_WIDGET (fixture->view), "facilitator-900-light.png");
}

/* The window's wiring: the groups come with the open journal, and the editor's
 * "Share with a group…" opens the share dialog with the entry chosen */
static void
test_window_share_entry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *journal_dir = path_in (fixture, "window-journal");
  g_autofree char *invite_path = path_in (fixture, "window.kindred-invite");
  g_autofree char *join_path = path_in (fixture, "window.kindred-join");
  g_autoptr(KindredJournal) journal = kindred_journal_new (journal_dir);
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) chosen = NULL;
  KindredWindow *window;
  KindredGroupView *view;
  KindredGroups *groups;
  KindredEntryEditor *editor;
  GtkWidget *more_button;
  KindredShareDialog *dialog;

  if (skip_if_no_display ())
    return;

  kindred_journal_open_keyring (journal, NULL, &error);
  g_assert_no_error (error);
  window = kindred_window_new (GTK_APPLICATION (app), journal);
  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (window), KINDRED_WINDOW_PAGE_MAIN) == 0);

  view = KINDRED_GROUP_VIEW (kindred_window_lookup_widget (window, "group_view"));
  g_assert_nonnull (view);
  groups = kindred_group_view_get_groups (view);
  g_assert_nonnull (groups);
  g_assert_true (kindred_groups_get_store (groups) == kindred_journal_get_store (journal));

  editor = kindred_window_get_editor (window);
  more_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                           KINDRED_TYPE_ENTRY_EDITOR,
                                                           "more_button"));
  g_assert_nonnull (more_button);
  /* No group yet: nothing to share with, so no such item */
  g_assert_false (gtk_widget_get_visible (more_button));

  create_group (fixture, invite_path);
  invite = kindred_groups_read_invite (groups, invite_path, INVITE_PASSPHRASE, &error);
  g_assert_no_error (error);
  kindred_groups_join (groups, invite, "Robin", TRUE, join_path, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_group_view_can_share (view));
  g_assert_true (gtk_widget_get_visible (more_button));

  kindred_entry_set_mood (entry, 4);
  kindred_entry_set_body (entry, ENTRY_TEXT);
  kindred_store_save_entry (kindred_journal_get_store (journal), entry, &error);
  g_assert_no_error (error);
  kindred_journal_view_open_entry (KINDRED_JOURNAL_VIEW (kindred_window_lookup_widget (window, "journal_view")),
                                   kindred_entry_get_uuid (entry));
  SPIN_UNTIL (kindred_entry_editor_get_entry (editor) != NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.share", NULL));
  dialog = kindred_group_view_get_share_dialog (view);
  g_assert_nonnull (dialog);
  chosen = kindred_share_dialog_dup_chosen (dialog);
  g_assert_cmpuint (g_strv_length (chosen), ==, 1);
  g_assert_cmpstr (chosen[0], ==, kindred_entry_get_uuid (entry));

  /* The privacy cover hides it too (a keyring journal is covered, not closed), and
   * lifting the cover brings it back as it was */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  flush_events ();
  g_assert_cmpstr (kindred_window_get_page (window), ==, KINDRED_WINDOW_PAGE_COVER);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.uncover", NULL));
  flush_events ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (kindred_group_view_get_share_dialog (view) == dialog);

  /* Something shared, for the screenshots below */
  if (g_getenv ("KINDRED_TEST_SHOTS") != NULL)
    {
      g_autofree char *share_path = path_in (fixture, "window.kindred-share");
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      g_autoptr(KindredShareDraft) draft = NULL;
      KindredGroup *group = g_list_model_get_item (kindred_groups_get_groups (groups), 0);

      g_object_unref (group);
      g_ptr_array_add (entries, entry);
      draft = kindred_groups_build_share (groups, group, entries, KINDRED_SHARE_LEVEL_EMOTIONS,
                                          KINDRED_SHARE_AUDIENCE_GROUP, "Hello, everyone.", &error);
      g_assert_no_error (error);
      kindred_groups_write_share (groups, draft, share_path, &error);
      g_assert_no_error (error);

    }

  gtk_window_destroy (GTK_WINDOW (window));
  flush_events ();

  /* The Group view as it looks in the window */
  if (g_getenv ("KINDRED_TEST_SHOTS") != NULL)
    {
      for (guint dark = 0; dark < 2; dark++)
        for (guint narrow = 0; narrow < 2; narrow++)
          {
            g_autofree char *name = g_strdup_printf ("window-member-%d-%s.png", narrow ? 360 : 900,
                                                     dark ? "dark" : "light");

            adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                                dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
            window = kindred_window_new (GTK_APPLICATION (app), journal);
            gtk_window_set_default_size (GTK_WINDOW (window), narrow ? 360 : 900, 720);
            gtk_window_present (GTK_WINDOW (window));
            SPIN_UNTIL (g_strcmp0 (kindred_window_get_page (window), KINDRED_WINDOW_PAGE_MAIN) == 0);
            kindred_window_show_view (window, "group");
            view = KINDRED_GROUP_VIEW (kindred_window_lookup_widget (window, "group_view"));
            SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)));
            save_shot (GTK_WIDGET (view), name);
            gtk_window_destroy (GTK_WINDOW (window));
            flush_events ();
          }
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
    }

  kindred_journal_erase (journal, NULL, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

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

  ADD ("/group-view/view/empty", test_view_empty);
  ADD ("/group-view/join/wrong-passphrase", test_join_wrong_passphrase);
  ADD ("/group-view/join/invite-import-opens-join", test_invite_import_opens_join);
  ADD ("/group-view/share/preview-equals-received", test_share_preview_equals_received);
  ADD ("/group-view/received/retracted", test_received_and_retracted);
  ADD ("/group-view/import/bad-file", test_import_bad_file);
  ADD ("/group-view/window/share-entry", test_window_share_entry);
  ADD ("/group-view/view/shots", test_view_shots);

#undef ADD

  if (can_run)
    {
      app = kindred_application_new ();
      /* Another Kindred on this bus must not take our activation */
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      g_application_hold (G_APPLICATION (app));
    }

  ret = g_test_run ();

  if (app != NULL)
    {
      g_application_release (G_APPLICATION (app));
      g_clear_object (&app);
    }

  return ret;
}

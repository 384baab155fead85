/* kindred-review-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-review-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-directory-row.h"
#include "kindred-group-mood-chart.h"
#include "kindred-invite-dialog.h"
#include "kindred-review-page.h"
#include "kindred-review-share-row.h"
#include "kindred-roster-row.h"

/* A burst of imports (a watched folder's first scan) redraws the chart once. */
#define MOOD_REFRESH_DELAY_MS 200

typedef enum
{
  CHOOSE_IMPORT,
  CHOOSE_UPDATE,
  CHOOSE_REMOVE,
  CHOOSE_FOLDER,
} ChooserPurpose;

struct _KindredReviewPage
{
  GtkWidget              parent_instance;

  GtkScrolledWindow     *scroller;
  GtkLabel              *title_label;
  GtkLabel              *status_label;
  GtkStack              *stack;
  GtkWidget             *shares_page;
  GtkWidget             *filter_box;
  GtkDropDown           *member_dropdown;
  GtkCheckButton        *new_only_check;
  GtkListBox            *queue_list;
  GtkLabel              *queue_placeholder;
  AdwActionRow          *watch_row;
  GtkWidget             *watch_button;
  GtkWidget             *stop_watching_button;
  KindredGroupMoodChart *mood_chart;
  GtkLabel              *mood_summary;
  GtkWidget             *update_banner;
  GtkLabel              *update_label;
  GtkLabel              *members_heading;
  GtkListBox            *roster_list;
  GtkWidget             *members_buttons;

  KindredGroups         *groups;
  KindredGroup          *group;
  GtkCustomFilter       *queue_filter;
  GtkFilterListModel    *queue_model;    /* the group's received shares, filtered */
  GHashTable            *watched;        /* shares and members whose changes we follow */
  GtkStringList         *member_names;   /* the dropdown's: "Everyone", then pseudonyms */
  GPtrArray             *member_ids;     /* parallel to member_names; NULL for "Everyone" */
  char                  *filter_member;  /* member id, NULL: everyone */
  gboolean               new_only;
  gboolean               updating_dropdown;
  guint                  mood_refresh_id;
  GPtrArray             *joined;         /* pseudonyms joined since the last group update */

  GtkFileChooserNative  *chooser;
  ChooserPurpose         purpose;
  KindredGroupMember    *removing;       /* CHOOSE_REMOVE */

  GQueue                 import_queue;   /* GFile, in order */
  gboolean               importing;
};

G_DEFINE_FINAL_TYPE (KindredReviewPage, kindred_review_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_GROUPS, PROP_GROUP, PROP_SECTION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void import_next (KindredReviewPage *self);

/* Helpers */

static void
show_toast (KindredReviewPage *self,
            const char        *message)
{
  kindred_show_toast (GTK_WIDGET (self), message);
}

static void
show_error_dialog (KindredReviewPage *self,
                   const char        *heading,
                   const GError      *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = kindred_envelope_describe_error (error);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWindow *
parent_window (KindredReviewPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static KindredReviewShareRow *
row_share_row (GtkListBoxRow *row)
{
  GtkWidget *child = row != NULL ? gtk_list_box_row_get_child (row) : NULL;

  return KINDRED_IS_REVIEW_SHARE_ROW (child) ? KINDRED_REVIEW_SHARE_ROW (child) : NULL;
}

static const char *
filter_pseudonym (KindredReviewPage *self)
{
  KindredGroupMember *member = NULL;

  if (self->filter_member != NULL)
    member = kindred_group_lookup_member (self->group, self->filter_member);

  return member != NULL ? kindred_group_member_get_pseudonym (member) : NULL;
}

static void
update_placeholder (KindredReviewPage *self)
{
  const char *pseudonym = filter_pseudonym (self);
  g_autofree char *text = NULL;

  if (g_list_model_get_n_items (kindred_group_get_received (self->group)) == 0)
    text = g_strdup (_("No shares yet. When members send you share files, open them below, "
                       "drop them on this page, or choose a folder for Kindred to watch."));
  else if (pseudonym != NULL && self->new_only)
    /* Translators: %s is a member's pseudonym */
    text = g_strdup_printf (_("Nothing new from %s."), pseudonym);
  else if (pseudonym != NULL)
    /* Translators: %s is a member's pseudonym */
    text = g_strdup_printf (_("No shares from %s yet."), pseudonym);
  else
    text = g_strdup (_("Nothing new to review."));
  gtk_label_set_text (self->queue_placeholder, text);
}

static void
update_status (KindredReviewPage *self)
{
  guint n_new = kindred_group_get_n_unreviewed (self->group);
  guint n_flagged = kindred_group_get_n_flagged (self->group);
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_label_set_text (self->title_label, kindred_group_get_name (self->group));

  /* Translators: %s is the facilitator's own pseudonym in the group */
  g_string_append_printf (text, _("You facilitate this group as “%s”."),
                          kindred_group_get_pseudonym (self->group));
  g_string_append_c (text, ' ');
  if (g_list_model_get_n_items (kindred_group_get_received (self->group)) == 0)
    g_string_append (text, _("No shares yet."));
  else if (n_new == 0)
    g_string_append (text, _("Every share is reviewed."));
  else
    g_string_append_printf (text, ngettext ("%u new share to review.",
                                            "%u new shares to review.", n_new), n_new);
  if (n_flagged > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, ngettext ("%u may be worth a gentle check-in.",
                                              "%u may be worth a gentle check-in.", n_flagged),
                              n_flagged);
    }
  gtk_label_set_text (self->status_label, text->str);
}

static void
update_watch_row (KindredReviewPage *self)
{
  GFile *folder = kindred_groups_get_watched_folder (self->groups);

  if (folder != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (folder);
      g_autofree char *text = NULL;

      /* Translators: %s is a folder */
      text = g_strdup_printf (_("Kindred imports the files that arrive in %s."), name);
      adw_action_row_set_subtitle (self->watch_row, text);
      gtk_button_set_label (GTK_BUTTON (self->watch_button), _("_Change…"));
    }
  else
    {
      adw_action_row_set_subtitle (self->watch_row,
                                   _("Choose a folder, such as a shared or synced one, and "
                                     "Kindred imports the files that arrive there."));
      gtk_button_set_label (GTK_BUTTON (self->watch_button), _("_Choose…"));
    }
  gtk_widget_set_visible (self->stop_watching_button, folder != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.stop-watching", folder != NULL);
}

static void
update_members_heading (KindredReviewPage *self)
{
  GListModel *roster = kindred_group_get_roster (self->group);
  guint n = g_list_model_get_n_items (roster);
  guint active = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupMember) member = g_list_model_get_item (roster, i);

      if (!kindred_group_member_get_removed (member))
        active++;
    }
  /* Translators: the heading above the roster */
  text = g_strdup_printf (ngettext ("%u member", "%u members", active), active);
  gtk_label_set_text (self->members_heading, text);
}

static void
update_banner (KindredReviewPage *self)
{
  g_autofree char *text = NULL;

  if (self->joined->len == 0)
    {
      gtk_widget_set_visible (self->update_banner, FALSE);
      return;
    }

  if (self->joined->len == 1)
    /* Translators: %s is a new member's pseudonym */
    text = g_strdup_printf (_("%s joined. Write a group update and send it to every member, so "
                              "that everyone can read each other’s shares."),
                            (const char *) g_ptr_array_index (self->joined, 0));
  else
    text = g_strdup_printf (ngettext ("%u person joined. Write a group update and send it to "
                                      "every member, so that everyone can read each other’s "
                                      "shares.",
                                      "%u people joined. Write a group update and send it to "
                                      "every member, so that everyone can read each other’s "
                                      "shares.", self->joined->len),
                            self->joined->len);
  gtk_label_set_text (self->update_label, text);
  gtk_widget_set_visible (self->update_banner, TRUE);
}

/* Queue */

static gboolean
queue_filter_func (gpointer item,
                   gpointer user_data)
{
  KindredReviewPage *self = user_data;
  KindredGroupShare *share = KINDRED_GROUP_SHARE (item);

  if (self->filter_member != NULL &&
      g_strcmp0 (kindred_group_share_get_author_id (share), self->filter_member) != 0)
    return FALSE;
  if (self->new_only &&
      (kindred_group_share_get_reviewed (share) || kindred_group_share_get_retracted (share)))
    return FALSE;

  return TRUE;
}

static void
refilter (KindredReviewPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->queue_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_placeholder (self);
}

static void
share_changed_cb (KindredReviewPage *self)
{
  /* With "Only new ones", a share marked reviewed leaves the list */
  if (self->new_only)
    refilter (self);
}

static void
watch_shares (KindredReviewPage *self,
              guint              position,
              guint              n)
{
  GListModel *received = kindred_group_get_received (self->group);

  for (guint i = position; i < position + n; i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (received, i);

      if (!g_hash_table_add (self->watched, g_object_ref (share)))
        continue;
      g_signal_connect_object (share, "notify::reviewed", G_CALLBACK (share_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (share, "notify::retracted", G_CALLBACK (share_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static GtkWidget *
create_share_row (gpointer item,
                  gpointer user_data)
{
  KindredReviewPage *self = user_data;
  GtkWidget *row = gtk_list_box_row_new ();

  /* The card holds its own buttons: the row itself needs no focus */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                              kindred_review_share_row_new (self->groups, self->group,
                                                            KINDRED_GROUP_SHARE (item)));

  return row;
}

static void
rebuild_member_dropdown (KindredReviewPage *self)
{
  GListModel *roster = kindred_group_get_roster (self->group);
  guint n = g_list_model_get_n_items (roster);
  guint selected = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  self->updating_dropdown = TRUE;
  g_ptr_array_set_size (self->member_ids, 0);
  g_ptr_array_add (self->member_ids, NULL);
  g_ptr_array_add (names, g_strdup (_("Everyone")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupMember) member = g_list_model_get_item (roster, i);
      const char *id = kindred_group_member_get_id (member);

      if (g_strcmp0 (id, self->filter_member) == 0)
        selected = self->member_ids->len;
      g_ptr_array_add (self->member_ids, g_strdup (id));
      if (kindred_group_member_get_removed (member))
        /* Translators: a removed member in the "Show shares from" list */
        g_ptr_array_add (names, g_strdup_printf (_("%s (removed)"),
                                                 kindred_group_member_get_pseudonym (member)));
      else
        g_ptr_array_add (names, g_strdup (kindred_group_member_get_pseudonym (member)));
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->member_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->member_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->member_dropdown, selected);
  self->updating_dropdown = FALSE;

  /* The member filtered on is not on the roster any more (a deleted group's) */
  if (selected == 0 && self->filter_member != NULL)
    {
      g_clear_pointer (&self->filter_member, g_free);
      refilter (self);
    }
}

static void
member_selected_cb (KindredReviewPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->member_dropdown);
  const char *id = NULL;

  if (self->updating_dropdown)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->member_ids->len)
    id = g_ptr_array_index (self->member_ids, selected);

  g_free (self->filter_member);
  self->filter_member = g_strdup (id);
  refilter (self);
}

static void
new_only_toggled_cb (KindredReviewPage *self)
{
  self->new_only = gtk_check_button_get_active (self->new_only_check);
  refilter (self);
}

static void
setup_dropdown_item_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* A pseudonym may be long: it must not widen the page past 360 px */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_list_item_set_child (item, label);
}

static void
bind_dropdown_item_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

/* Mood */

static gboolean
refresh_mood_cb (gpointer user_data)
{
  KindredReviewPage *self = user_data;
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GError) error = NULL;

  self->mood_refresh_id = 0;
  weeks = kindred_groups_dup_mood_overview (self->groups, self->group, &error);
  if (weeks == NULL)
    g_message ("The group mood overview could not be read: %s", error->message);
  kindred_group_mood_chart_set_weeks (self->mood_chart, weeks);
  gtk_label_set_text (self->mood_summary, kindred_group_mood_chart_get_summary (self->mood_chart));

  return G_SOURCE_REMOVE;
}

static void
queue_mood_refresh (KindredReviewPage *self)
{
  if (self->mood_refresh_id == 0)
    self->mood_refresh_id = g_timeout_add (MOOD_REFRESH_DELAY_MS, refresh_mood_cb, self);
}

/* Roster */

static GtkWidget *
create_roster_row (gpointer item,
                   gpointer user_data)
{
  KindredReviewPage *self = user_data;

  return kindred_roster_row_new (self->groups, self->group, KINDRED_GROUP_MEMBER (item));
}

static void
member_changed_cb (KindredReviewPage *self)
{
  rebuild_member_dropdown (self);
  update_members_heading (self);
}

static void
watch_members (KindredReviewPage *self,
               guint              position,
               guint              n)
{
  GListModel *roster = kindred_group_get_roster (self->group);

  for (guint i = position; i < position + n; i++)
    {
      g_autoptr(KindredGroupMember) member = g_list_model_get_item (roster, i);

      if (!g_hash_table_add (self->watched, g_object_ref (member)))
        continue;
      /* A removed member stays on the roster, marked */
      g_signal_connect_object (member, "notify::removed", G_CALLBACK (member_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (member, "notify::pseudonym", G_CALLBACK (member_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
roster_changed_cb (KindredReviewPage *self,
                   guint              position,
                   guint              removed,
                   guint              added)
{
  watch_members (self, position, added);
  member_changed_cb (self);
}

static void
received_changed_cb (KindredReviewPage *self,
                     guint              position,
                     guint              removed,
                     guint              added)
{
  watch_shares (self, position, added);
  update_status (self);
  update_placeholder (self);
  queue_mood_refresh (self);
}

/* Imports */

static void
imported_cb (KindredReviewPage  *self,
             KindredGroupImport *result)
{
  if (kindred_group_import_get_group (result) != self->group)
    return;

  if (kindred_group_import_get_kind (result) == KINDRED_GROUP_FILE_JOIN &&
      kindred_group_import_get_member (result) != NULL)
    {
      g_ptr_array_add (self->joined,
                       g_strdup (kindred_group_member_get_pseudonym (
                         kindred_group_import_get_member (result))));
      update_banner (self);
    }
  queue_mood_refresh (self);
  /* The page's own imports say so when they finish; this is for the others (the
   * watched folder above all) */
  if (!self->importing)
    show_toast (self, kindred_group_import_get_message (result));
}

static void
import_failed_cb (KindredReviewPage *self,
                  GFile             *file,
                  GError            *error)
{
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  /* The watched folder serves every group: the page on screen speaks for it */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  name = g_file_get_basename (file);
  reason = kindred_envelope_describe_error (error);
  /* Translators: %s is a file name, then why it was refused */
  message = g_strdup_printf (_("“%s” from the watched folder was not imported. %s"), name, reason);
  show_toast (self, message);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KindredReviewPage) self = user_data;
  g_autoptr(KindredGroupImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_queue_pop_head (&self->import_queue);

  import = kindred_groups_import_file_finish (KINDRED_GROUPS (source), result, &error);
  self->importing = FALSE;
  if (self->groups == NULL)
    return;

  if (import == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *reason = kindred_envelope_describe_error (error);
      g_autofree char *message = NULL;

      /* Translators: %s is a file name, then why it was refused */
      message = g_strdup_printf (_("“%s” was not imported. %s"), name, reason);
      show_toast (self, message);
    }
  else
    show_toast (self, kindred_group_import_get_message (import));

  import_next (self);
}

static void
import_next (KindredReviewPage *self)
{
  GFile *file;
  g_autofree char *path = NULL;

  while (!self->importing && (file = g_queue_peek_head (&self->import_queue)) != NULL)
    {
      path = g_file_get_path (file);
      if (path != NULL)
        break;
      g_object_unref (g_queue_pop_head (&self->import_queue));
      show_toast (self, _("Kindred can only open files that are on this computer."));
    }
  if (self->importing || path == NULL)
    return;

  self->importing = TRUE;
  kindred_groups_import_file_async (self->groups, path, self->group, NULL, import_done_cb,
                                    g_object_ref (self));
}

static gint64
file_mtime (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL ? (gint64) g_file_info_get_attribute_uint64 (info,
                                                                   G_FILE_ATTRIBUTE_TIME_MODIFIED)
                      : 0;
}

static int
compare_mtime (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = file_mtime (G_FILE (a));
  gint64 tb = file_mtime (G_FILE (b));

  return ta < tb ? -1 : ta > tb;
}

static gboolean
drop_cb (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         KindredReviewPage *self)
{
  g_autoptr(GSList) files = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  /* (transfer container): the files belong to the list */
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  kindred_review_page_import_files (self, files);

  return TRUE;
}

/* Choosers */

static void
clear_chooser (KindredReviewPage *self)
{
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->removing);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     KindredReviewPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroupMember) removing = g_steal_pointer (&self->removing);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GListModel) files = NULL;
  ChooserPurpose purpose = self->purpose;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      if (purpose == CHOOSE_IMPORT)
        files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      else
        file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
    }
  g_clear_object (&self->chooser);

  switch (purpose)
    {
    case CHOOSE_IMPORT:
      if (files != NULL)
        {
          GSList *list = NULL;

          for (guint i = g_list_model_get_n_items (files); i > 0; i--)
            list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
          kindred_review_page_import_files (self, list);
          g_slist_free_full (list, g_object_unref);
        }
      break;

    case CHOOSE_UPDATE:
      if (file != NULL && !kindred_review_page_write_update_to_file (self, file, &error))
        show_error_dialog (self, _("The Group Update Could Not Be Saved"), error);
      break;

    case CHOOSE_REMOVE:
      if (file != NULL && removing != NULL &&
          !kindred_review_page_remove_member_to_file (self, removing, file, &error))
        show_error_dialog (self, _("The Member Could Not Be Removed"), error);
      break;

    case CHOOSE_FOLDER:
      if (file != NULL)
        kindred_review_page_watch_folder (self, file);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
open_chooser (KindredReviewPage    *self,
              ChooserPurpose        purpose,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept,
              KindredGroupFileKind  kind)
{
  g_autoptr(GtkFileFilter) filter = NULL;

  if (self->chooser != NULL)
    return;

  self->purpose = purpose;
  self->chooser = gtk_file_chooser_native_new (title, parent_window (self), action, accept,
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autofree char *name = kindred_groups_suggest_filename (self->group, kind);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  else if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      static const KindredGroupFileKind kinds[] = {
        KINDRED_GROUP_FILE_JOIN, KINDRED_GROUP_FILE_SHARE, KINDRED_GROUP_FILE_RETRACTION,
      };
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Files from group members"));
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        {
          g_autofree char *pattern = g_strconcat ("*", kindred_group_file_kind_get_suffix (kinds[i]),
                                                  NULL);

          gtk_file_filter_add_pattern (filter, pattern);
        }
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Actions */

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (widget);
  GtkWidget *dialog = kindred_invite_dialog_new (parent_window (self), self->groups, self->group);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
write_update_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_chooser (KINDRED_REVIEW_PAGE (widget), CHOOSE_UPDATE, _("Save Group Update"),
                GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), KINDRED_GROUP_FILE_KEY_UPDATE);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (KINDRED_REVIEW_PAGE (widget), CHOOSE_IMPORT, _("Open Files from Members"),
                GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), KINDRED_GROUP_FILE_SHARE);
}

static void
watch_folder_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_chooser (KINDRED_REVIEW_PAGE (widget), CHOOSE_FOLDER, _("Choose a Folder to Watch"),
                GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Watch"), KINDRED_GROUP_FILE_SHARE);
}

static void
stop_watching_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (widget);

  kindred_review_page_watch_folder (self, NULL);
  show_toast (self, _("Kindred no longer watches the folder."));
}

static void
show_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (widget);
  KindredGroupMember *member = kindred_group_lookup_member (self->group,
                                                            g_variant_get_string (parameter, NULL));

  if (member == NULL)
    return;
  kindred_review_page_set_member_filter (self, member);
  kindred_review_page_show_section (self, "shares");
}

static void
remove_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    KindredReviewPage *self)
{
  KindredGroupMember *member = g_object_get_data (G_OBJECT (dialog), "member");

  if (g_strcmp0 (response, "remove") != 0 || member == NULL || self->chooser != NULL)
    return;

  open_chooser (self, CHOOSE_REMOVE, _("Save Key Update"), GTK_FILE_CHOOSER_ACTION_SAVE,
                _("_Save"), KINDRED_GROUP_FILE_KEY_UPDATE);
  g_set_object (&self->removing, member);
}

static void
remove_member_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (widget);
  KindredGroupMember *member = kindred_group_lookup_member (self->group,
                                                            g_variant_get_string (parameter, NULL));
  const char *pseudonym;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (member == NULL || kindred_group_member_get_removed (member))
    return;
  pseudonym = kindred_group_member_get_pseudonym (member);

  /* Translators: %s is a member's pseudonym */
  heading = g_strdup_printf (_("Remove %s from the Group?"), pseudonym);
  /* Translators: every %s is a member's pseudonym */
  body = g_strdup_printf (_("Kindred will make a new key for the group, so that %s can no longer "
                            "read what the group shares from now on.\n\nYou will save one "
                            "key-update file. Send it to everyone who stays in the group, so "
                            "that they can keep reading and sharing.\n\nWhat %s shared before "
                            "stays in your journal."),
                          pseudonym, pseudonym);
  dialog = adw_message_dialog_new (parent_window (self), heading, body);
  gtk_widget_set_name (dialog, "remove-member-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove and Save Key Update…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "member", g_object_ref (member), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Lifecycle */

static void
kindred_review_page_constructed (GObject *object)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (object);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (kindred_review_page_parent_class)->constructed (object);

  g_return_if_fail (KINDRED_IS_GROUPS (self->groups));
  g_return_if_fail (KINDRED_IS_GROUP (self->group));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_dropdown_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_dropdown_item_cb), NULL);
  gtk_drop_down_set_factory (self->member_dropdown, factory);
  gtk_drop_down_set_model (self->member_dropdown, G_LIST_MODEL (self->member_names));
  rebuild_member_dropdown (self);
  g_signal_connect_swapped (self->member_dropdown, "notify::selected",
                            G_CALLBACK (member_selected_cb), self);
  g_signal_connect_swapped (self->new_only_check, "toggled",
                            G_CALLBACK (new_only_toggled_cb), self);

  self->queue_filter = gtk_custom_filter_new (queue_filter_func, self, NULL);
  self->queue_model = gtk_filter_list_model_new (g_object_ref (kindred_group_get_received (self->group)),
                                                 g_object_ref (GTK_FILTER (self->queue_filter)));
  gtk_list_box_bind_model (self->queue_list, G_LIST_MODEL (self->queue_model),
                           create_share_row, self, NULL);
  watch_shares (self, 0, g_list_model_get_n_items (kindred_group_get_received (self->group)));
  watch_members (self, 0, g_list_model_get_n_items (kindred_group_get_roster (self->group)));
  gtk_list_box_bind_model (self->roster_list, kindred_group_get_roster (self->group),
                           create_roster_row, self, NULL);

  g_signal_connect_object (self->group, "notify", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (kindred_group_get_roster (self->group), "items-changed",
                           G_CALLBACK (roster_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (kindred_group_get_received (self->group), "items-changed",
                           G_CALLBACK (received_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->groups, "imported", G_CALLBACK (imported_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->groups, "import-failed", G_CALLBACK (import_failed_cb), self,
                           G_CONNECT_SWAPPED);

  update_status (self);
  update_placeholder (self);
  update_watch_row (self);
  update_members_heading (self);
  update_banner (self);
  refresh_mood_cb (self);
}

static void
kindred_review_page_dispose (GObject *object)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (object);

  clear_chooser (self);
  g_clear_handle_id (&self->mood_refresh_id, g_source_remove);
  if (self->groups != NULL)
    g_signal_handlers_disconnect_by_data (self->groups, self);
  if (self->queue_list != NULL)
    gtk_list_box_bind_model (self->queue_list, NULL, NULL, NULL, NULL);
  if (self->roster_list != NULL)
    gtk_list_box_bind_model (self->roster_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_REVIEW_PAGE);
  if (self->watched != NULL)
    {
      GHashTableIter iter;
      gpointer watched;

      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &watched, NULL))
        g_signal_handlers_disconnect_by_data (watched, self);
    }
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_object (&self->queue_model);
  g_clear_object (&self->queue_filter);
  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_clear_object (&self->member_names);
  g_clear_pointer (&self->member_ids, g_ptr_array_unref);
  g_clear_pointer (&self->joined, g_ptr_array_unref);
  g_clear_pointer (&self->filter_member, g_free);
  g_clear_object (&self->group);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (kindred_review_page_parent_class)->dispose (object);
}

static void
kindred_review_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_GROUPS:
      g_value_set_object (value, self->groups);
      break;
    case PROP_GROUP:
      g_value_set_object (value, self->group);
      break;
    case PROP_SECTION:
      g_value_set_string (value, gtk_stack_get_visible_child_name (self->stack));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_review_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KindredReviewPage *self = KINDRED_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_GROUPS:
      self->groups = g_value_dup_object (value);
      break;
    case PROP_GROUP:
      self->group = g_value_dup_object (value);
      break;
    case PROP_SECTION:
      kindred_review_page_show_section (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_review_page_class_init (KindredReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kindred_review_page_constructed;
  object_class->dispose = kindred_review_page_dispose;
  object_class->get_property = kindred_review_page_get_property;
  object_class->set_property = kindred_review_page_set_property;

  properties[PROP_GROUPS] =
    g_param_spec_object ("groups", NULL, NULL, KINDRED_TYPE_GROUPS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_GROUP] =
    g_param_spec_object ("group", NULL, NULL, KINDRED_TYPE_GROUP,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* The part shown: "shares", "mood" or "members" (the buttons above follow it) */
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "shares",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KINDRED_TYPE_GROUP_MOOD_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, shares_page);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, member_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, new_only_check);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, queue_placeholder);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, watch_row);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, watch_button);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, stop_watching_button);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, mood_chart);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, mood_summary);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, update_banner);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, update_label);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, members_heading);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, roster_list);
  gtk_widget_class_bind_template_child (widget_class, KindredReviewPage, members_buttons);

  gtk_widget_class_install_property_action (widget_class, "review.section", "section");
  gtk_widget_class_install_action (widget_class, "review.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "review.write-update", NULL, write_update_action);
  gtk_widget_class_install_action (widget_class, "review.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "review.watch-folder", NULL, watch_folder_action);
  gtk_widget_class_install_action (widget_class, "review.stop-watching", NULL,
                                   stop_watching_action);
  gtk_widget_class_install_action (widget_class, "review.show-member", "s", show_member_action);
  gtk_widget_class_install_action (widget_class, "review.remove-member", "s",
                                   remove_member_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewpage");
}

static void
kindred_review_page_init (KindredReviewPage *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->member_names = gtk_string_list_new (NULL);
  self->member_ids = g_ptr_array_new_with_free_func (g_free);
  self->joined = g_ptr_array_new_with_free_func (g_free);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  g_queue_init (&self->import_queue);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* Public API */

GtkWidget *
kindred_review_page_new (KindredGroups *groups,
                         KindredGroup  *group)
{
  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);

  return g_object_new (KINDRED_TYPE_REVIEW_PAGE, "groups", groups, "group", group, NULL);
}

KindredGroup *
kindred_review_page_get_group (KindredReviewPage *self)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_PAGE (self), NULL);

  return self->group;
}

void
kindred_review_page_show_section (KindredReviewPage *self,
                                  const char        *name)
{
  g_return_if_fail (KINDRED_IS_REVIEW_PAGE (self));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

void
kindred_review_page_set_member_filter (KindredReviewPage  *self,
                                       KindredGroupMember *member)
{
  const char *id;

  g_return_if_fail (KINDRED_IS_REVIEW_PAGE (self));
  g_return_if_fail (member == NULL || KINDRED_IS_GROUP_MEMBER (member));

  id = member != NULL ? kindred_group_member_get_id (member) : NULL;
  for (guint i = 0; i < self->member_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->member_ids, i), id) == 0)
      {
        /* member_selected_cb applies it */
        gtk_drop_down_set_selected (self->member_dropdown, i);
        break;
      }
}

void
kindred_review_page_set_new_only (KindredReviewPage *self,
                                  gboolean           new_only)
{
  g_return_if_fail (KINDRED_IS_REVIEW_PAGE (self));

  gtk_check_button_set_active (self->new_only_check, new_only);
}

guint
kindred_review_page_get_n_shown (KindredReviewPage *self)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->queue_model));
}

GtkWidget *
kindred_review_page_lookup_share_row (KindredReviewPage *self,
                                      KindredGroupShare *share)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_PAGE (self), NULL);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue_list, i);
      KindredReviewShareRow *share_row;

      if (row == NULL)
        return NULL;
      share_row = row_share_row (row);
      if (share_row != NULL && kindred_review_share_row_get_share (share_row) == share)
        return GTK_WIDGET (share_row);
    }
}

GtkWidget *
kindred_review_page_lookup_roster_row (KindredReviewPage  *self,
                                       KindredGroupMember *member)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_PAGE (self), NULL);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->roster_list, i);

      if (row == NULL)
        return NULL;
      if (KINDRED_IS_ROSTER_ROW (row) &&
          kindred_roster_row_get_member (KINDRED_ROSTER_ROW (row)) == member)
        return GTK_WIDGET (row);
    }
}

KindredGroupMoodChart *
kindred_review_page_get_mood_chart (KindredReviewPage *self)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_PAGE (self), NULL);

  return self->mood_chart;
}

gboolean
kindred_review_page_remove_member_to_file (KindredReviewPage   *self,
                                           KindredGroupMember  *member,
                                           GFile               *file,
                                           GError             **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  g_autofree char *pseudonym = NULL;

  g_return_val_if_fail (KINDRED_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (member), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Please choose a folder on this computer."));
      return FALSE;
    }

  pseudonym = g_strdup (kindred_group_member_get_pseudonym (member));
  if (!kindred_groups_remove_member (self->groups, self->group, member, path, error))
    return FALSE;

  name = g_file_get_basename (file);
  /* Translators: %s is a member's pseudonym, then a file name */
  message = g_strdup_printf (_("%s was removed. Send “%s” to everyone who stays in the group."),
                             pseudonym, name);
  show_toast (self, message);

  return TRUE;
}

gboolean
kindred_review_page_write_update_to_file (KindredReviewPage  *self,
                                          GFile              *file,
                                          GError            **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (KINDRED_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Please choose a folder on this computer."));
      return FALSE;
    }
  if (!kindred_groups_write_update (self->groups, self->group, path, error))
    return FALSE;

  g_ptr_array_set_size (self->joined, 0);
  update_banner (self);
  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("The group update was saved as “%s”. Send it to every member."),
                             name);
  show_toast (self, message);

  return TRUE;
}

void
kindred_review_page_watch_folder (KindredReviewPage *self,
                                  GFile             *folder)
{
  g_return_if_fail (KINDRED_IS_REVIEW_PAGE (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  kindred_groups_watch_folder (self->groups, folder);
  update_watch_row (self);
}

void
kindred_review_page_import_files (KindredReviewPage *self,
                                  GSList            *files)
{
  g_autoptr(GSList) sorted = NULL;

  g_return_if_fail (KINDRED_IS_REVIEW_PAGE (self));

  /* A member's later share refuses an earlier one (OLDER_SEQUENCE): the order
   * they were written in is the best guess of their order */
  sorted = g_slist_sort (g_slist_copy (files), compare_mtime);
  for (GSList *l = sorted; l != NULL; l = l->next)
    g_queue_push_tail (&self->import_queue, g_object_ref (l->data));
  import_next (self);
}

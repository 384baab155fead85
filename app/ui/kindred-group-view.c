/* kindred-group-view.c: the Group view: peer support groups, as a member or a
 * facilitator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-group-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-create-group-dialog.h"
#include "kindred-group-view.h"
#include "kindred-review-page.h"

struct _KindredGroupView
{
  GtkWidget             parent_instance;

  /* template */
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *group_bar;
  GtkDropDown          *group_dropdown;
  GtkWidget            *import_button;
  GtkWidget            *group_menu_button;
  GtkStack             *role_stack;
  GtkScrolledWindow    *member_scroll;
  GtkWidget            *details_box;
  GtkLabel             *name_label;
  GtkLabel             *role_label;
  GtkWidget            *removed_label;
  GtkWidget            *share_button;
  AdwActionRow         *description_row;
  AdwActionRow         *meets_row;
  AdwActionRow         *people_row;
  AdwExpanderRow       *rules_row;
  GtkLabel             *rules_label;
  AdwExpanderRow       *escalation_row;
  GtkLabel             *escalation_label;
  GtkListBox           *history_list;
  GtkListBox           *received_list;
  AdwBin               *facilitator_bin;

  KindredGroups        *groups;
  KindredGroup         *group;          /* the one shown */
  gulong                group_notify_id;
  gulong                roster_changed_id;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  KindredGroupShare    *retracting;     /* the share whose retraction is being saved */
  KindredJoinDialog    *join_dialog;    /* unowned: cleared on "destroy" */
  KindredShareDialog   *share_dialog;   /* unowned: cleared on "destroy" */
  GtkWidget            *create_dialog;  /* unowned: cleared on "destroy" */
  char                 *last_message;
  guint                 n_pending;
  gboolean              can_share;
  gboolean              covered;
};

G_DEFINE_FINAL_TYPE (KindredGroupView, kindred_group_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CAN_SHARE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update_group (KindredGroupView *self);

static gboolean
is_shareable (KindredGroup *group)
{
  return group != NULL && kindred_group_get_role (group) == KINDRED_GROUP_ROLE_MEMBER &&
         !kindred_group_get_removed (group);
}

static GtkWindow *
get_parent_window (KindredGroupView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_message (KindredGroupView *self,
              const char       *message)
{
  GtkWidget *overlay;

  g_free (self->last_message);
  self->last_message = g_strdup (message);

  /* Only the window owns a toast overlay */
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
show_error (KindredGroupView *self,
            const GError     *error)
{
  g_autofree char *message = kindred_envelope_describe_error (error);

  show_message (self, message);
}

static char *
format_when (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (date_time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (date_time);
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: when a share or reply was written, see strftime(3) */
    return g_date_time_format (local, _("%a %-d %B, %H:%M"));

  /* Translators: when a share or reply of another year was written, see strftime(3) */
  return g_date_time_format (local, _("%a %-d %B %Y, %H:%M"));
}

static void
set_row_subtitle (AdwActionRow *row,
                  const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  /* Titles and subtitles are markup in libadwaita 1.2: a group's text is not */
  adw_action_row_set_subtitle (row, escaped);
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL && *text != '\0');
}

static void
update_actions (KindredGroupView *self)
{
  gboolean have = self->groups != NULL;
  gboolean member = self->group != NULL &&
                    kindred_group_get_role (self->group) == KINDRED_GROUP_ROLE_MEMBER;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.join", have && self->chooser == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.create", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.import", have && self->chooser == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.share",
                                 have && is_shareable (self->group));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.retract",
                                 have && member && self->chooser == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.write-join",
                                 have && is_shareable (self->group) && self->chooser == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.forget", have && self->group != NULL);
}

static void
update_can_share (KindredGroupView *self)
{
  gboolean can_share = FALSE;

  if (self->groups != NULL)
    {
      GListModel *groups = kindred_groups_get_groups (self->groups);

      for (guint i = 0; i < g_list_model_get_n_items (groups) && !can_share; i++)
        {
          g_autoptr(KindredGroup) group = g_list_model_get_item (groups, i);

          can_share = is_shareable (group);
        }
    }

  if (can_share == self->can_share)
    return;

  self->can_share = can_share;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SHARE]);
}

/* Share rows, in "What you shared" and "Shared with you" */

static GtkWidget *
new_text_label (const char *text,
                const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static char *
share_counts (KindredGroupShare *share)
{
  guint n = kindred_group_share_get_n_entries (share);
  guint n_replies = g_list_model_get_n_items (kindred_group_share_get_replies (share));
  g_autofree char *entries = NULL;
  g_autofree char *replies = NULL;

  /* Translators: how many entries a share holds */
  entries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  if (n_replies == 0)
    return g_steal_pointer (&entries);

  /* Translators: how many replies the facilitator wrote to a share */
  replies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reply", "%u replies", n_replies),
                             n_replies);
  return g_strdup_printf ("%s · %s", entries, replies);
}

static void
add_reply (GtkBox            *body,
           KindredGroup      *group,
           KindredGroupReply *reply)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *when = format_when (kindred_group_reply_get_written_at (reply));
  g_autofree char *heading = NULL;
  GtkWidget *heading_label;
  GtkWidget *text;

  /* Translators: %1$s is the facilitator's pseudonym, %2$s when they wrote */
  heading = g_strdup_printf (_("Reply from %1$s · %2$s"),
                             group != NULL ? kindred_group_get_facilitator_pseudonym (group) : "",
                             when);
  heading_label = new_text_label (heading, "heading");
  text = new_text_label (kindred_group_reply_get_text (reply), NULL);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading_label, NULL,
                                  -1);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "group-reply");
  gtk_box_append (GTK_BOX (box), heading_label);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (body, box);
}

static void
update_share_row (GtkWidget *row)
{
  KindredGroupShare *share = g_object_get_data (G_OBJECT (row), "kindred-share");
  KindredGroupView *self = g_object_get_data (G_OBJECT (row), "kindred-view");
  GtkBox *body = g_object_get_data (G_OBJECT (row), "kindred-body");
  KindredGroup *group = self->group;
  gboolean mine = kindred_group_share_get_mine (share);
  gboolean retracted = kindred_group_share_get_retracted (share);
  g_autofree char *when = format_when (kindred_group_share_get_shared_at (share));
  g_autofree char *counts = share_counts (share);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  GListModel *replies = kindred_group_share_get_replies (share);
  const char *text = kindred_group_share_get_text (share);
  GtkWidget *child;

  if (mine)
    {
      title = g_strdup (when);
      if (retracted)
        /* Translators: a share in my history that I took back: who it was for,
         * what of the entries, how many */
        subtitle = g_strdup_printf (_("Taken back · %1$s · %2$s · %3$s"),
                                    kindred_share_audience_get_label (kindred_group_share_get_audience (share)),
                                    kindred_share_level_get_label (kindred_group_share_get_level (share)),
                                    counts);
      else
        subtitle = g_strdup_printf ("%s · %s · %s",
                                    kindred_share_audience_get_label (kindred_group_share_get_audience (share)),
                                    kindred_share_level_get_label (kindred_group_share_get_level (share)),
                                    counts);
    }
  else
    {
      title = g_strdup (kindred_group_share_get_pseudonym (share));
      if (retracted)
        /* Translators: %s is when the share was first written */
        subtitle = g_strdup_printf (_("Taken back · shared %s"), when);
      else
        subtitle = g_strdup_printf ("%s · %s · %s", when,
                                    kindred_share_level_get_label (kindred_group_share_get_level (share)),
                                    counts);
    }

  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  g_free (escaped);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (body))) != NULL)
    gtk_box_remove (body, child);

  if (retracted)
    {
      g_autofree char *taken = NULL;
      g_autofree char *taken_when = format_when (kindred_group_share_get_retracted_at (share));

      if (mine)
        /* Translators: %s is when I took the share back */
        taken = g_strdup_printf (_("You took this share back on %s. Where the retraction file "
                                   "was imported, the share is gone."),
                                 taken_when);
      else
        /* Translators: %s is the author's pseudonym */
        taken = g_strdup_printf (_("%s took this share back, so its content was removed from "
                                   "your journal."),
                                 kindred_group_share_get_pseudonym (share));
      gtk_box_append (body, new_text_label (taken, "dim-label"));
    }

  if (text != NULL && *text != '\0')
    {
      GtkWidget *heading = new_text_label (mine ? _("Exactly what left") : _("What they shared"),
                                           "caption-heading");
      GtkWidget *label = new_text_label (text, "monospace");

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "share-text");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                      -1);
      gtk_box_append (body, heading);
      gtk_box_append (body, label);
    }

  for (guint i = 0; i < g_list_model_get_n_items (replies); i++)
    {
      g_autoptr(KindredGroupReply) reply = g_list_model_get_item (replies, i);

      add_reply (body, group, reply);
    }

  if (mine && !retracted)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Take Back…"));

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (button,
                                   _("Save a retraction file that removes this share where "
                                     "it is imported"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "group.retract");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        kindred_group_share_get_id (share));
      gtk_box_append (body, button);
    }
}

static GtkWidget *
create_share_row (gpointer item,
                  gpointer user_data)
{
  KindredGroupShare *share = item;
  KindredGroupView *self = user_data;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *inner = gtk_list_box_row_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_widget_add_css_class (body, "group-share-body");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (inner), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (inner), body);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), inner);

  g_object_set_data_full (G_OBJECT (row), "kindred-share", g_object_ref (share), g_object_unref);
  g_object_set_data (G_OBJECT (row), "kindred-view", self);
  g_object_set_data (G_OBJECT (row), "kindred-body", body);

  /* The share changes in place (retracted, replies): the row follows it */
  g_signal_connect_object (share, "notify", G_CALLBACK (update_share_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (kindred_group_share_get_replies (share), "items-changed",
                           G_CALLBACK (update_share_row), row, G_CONNECT_SWAPPED);
  update_share_row (row);

  return row;
}

static GtkWidget *
new_placeholder (const char *text)
{
  GtkWidget *label = new_text_label (text, "dim-label");

  gtk_widget_add_css_class (label, "group-placeholder");
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0.5);

  return label;
}

/* The group's page */

static void
update_people (KindredGroupView *self)
{
  GListModel *roster;
  g_autoptr(GString) people = NULL;
  g_autofree char *facilitator = NULL;
  const char *me;

  if (self->group == NULL)
    return;

  roster = kindred_group_get_roster (self->group);
  me = kindred_group_get_pseudonym (self->group);
  /* Translators: %s is the facilitator's pseudonym in the list of people */
  facilitator = g_strdup_printf (_("%s (facilitator)"),
                                 kindred_group_get_facilitator_pseudonym (self->group));
  people = g_string_new (facilitator);

  for (guint i = 0; i < g_list_model_get_n_items (roster); i++)
    {
      g_autoptr(KindredGroupMember) member = g_list_model_get_item (roster, i);
      const char *pseudonym = kindred_group_member_get_pseudonym (member);

      if (kindred_group_member_get_removed (member))
        continue;

      /* Translators: between two names in the list of people in a group */
      g_string_append (people, _(", "));
      if (g_strcmp0 (pseudonym, me) == 0)
        {
          g_autofree char *you = NULL;

          /* Translators: %s is my own pseudonym in the list of people */
          you = g_strdup_printf (_("%s (you)"), pseudonym);
          g_string_append (people, you);
        }
      else
        g_string_append (people, pseudonym);
    }

  set_row_subtitle (self->people_row, people->str);
}

static void
update_details (KindredGroupView *self)
{
  KindredGroup *group = self->group;
  g_autofree char *role = NULL;

  if (group == NULL || kindred_group_get_role (group) != KINDRED_GROUP_ROLE_MEMBER)
    return;

  gtk_label_set_label (self->name_label, kindred_group_get_name (group));
  /* Translators: %1$s is my pseudonym in the group, %2$s the facilitator's */
  role = g_strdup_printf (_("You are “%1$s” here · facilitated by %2$s"),
                          kindred_group_get_pseudonym (group),
                          kindred_group_get_facilitator_pseudonym (group));
  gtk_label_set_label (self->role_label, role);
  gtk_widget_set_visible (self->removed_label, kindred_group_get_removed (group));
  gtk_widget_set_visible (self->share_button, !kindred_group_get_removed (group));

  set_row_subtitle (self->description_row, kindred_group_get_description (group));
  set_row_subtitle (self->meets_row, kindred_group_get_meets (group));
  gtk_label_set_label (self->rules_label, kindred_group_get_ground_rules (group));
  gtk_widget_set_visible (GTK_WIDGET (self->rules_row),
                          *kindred_group_get_ground_rules (group) != '\0');
  gtk_label_set_label (self->escalation_label, kindred_group_get_escalation_note (group));
  gtk_widget_set_visible (GTK_WIDGET (self->escalation_row),
                          *kindred_group_get_escalation_note (group) != '\0');
  update_people (self);
}

static void
group_notify_cb (KindredGroupView *self)
{
  update_details (self);
  update_can_share (self);
  update_actions (self);
}

static void
bind_lists (KindredGroupView *self)
{
  gboolean member = self->group != NULL &&
                    kindred_group_get_role (self->group) == KINDRED_GROUP_ROLE_MEMBER;

  gtk_list_box_bind_model (self->history_list,
                           member ? kindred_group_get_history (self->group) : NULL,
                           member ? create_share_row : NULL, self, NULL);
  gtk_list_box_bind_model (self->received_list,
                           member ? kindred_group_get_received (self->group) : NULL,
                           member ? create_share_row : NULL, self, NULL);
}

static void
update_group (KindredGroupView *self)
{
  gboolean facilitator;

  if (self->group == NULL)
    {
      bind_lists (self);
      adw_bin_set_child (self->facilitator_bin, NULL);
      update_actions (self);
      return;
    }

  facilitator = kindred_group_get_role (self->group) == KINDRED_GROUP_ROLE_FACILITATOR;
  if (facilitator)
    {
      bind_lists (self);
      adw_bin_set_child (self->facilitator_bin,
                         kindred_review_page_new (self->groups, self->group));
      gtk_stack_set_visible_child_name (self->role_stack, "facilitator");
    }
  else
    {
      adw_bin_set_child (self->facilitator_bin, NULL);
      update_details (self);
      bind_lists (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->member_scroll), 0);
      gtk_stack_set_visible_child_name (self->role_stack, "member");
    }

  update_actions (self);
}

static void
show_group (KindredGroupView *self,
            KindredGroup     *group)
{
  if (self->group == group)
    return;

  if (self->group != NULL)
    {
      g_clear_signal_handler (&self->group_notify_id, self->group);
      g_clear_signal_handler (&self->roster_changed_id, kindred_group_get_roster (self->group));
    }
  g_set_object (&self->group, group);
  if (group != NULL)
    {
      self->group_notify_id = g_signal_connect_swapped (group, "notify",
                                                        G_CALLBACK (group_notify_cb), self);
      self->roster_changed_id = g_signal_connect_swapped (kindred_group_get_roster (group),
                                                          "items-changed",
                                                          G_CALLBACK (update_people), self);
    }

  update_group (self);
}

static void
update_page (KindredGroupView *self)
{
  GListModel *groups = self->groups != NULL ? kindred_groups_get_groups (self->groups) : NULL;
  guint n = groups != NULL ? g_list_model_get_n_items (groups) : 0;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "groups" : "empty");
}

/* Callbacks */

static void
dropdown_selected_cb (KindredGroupView *self)
{
  show_group (self, gtk_drop_down_get_selected_item (self->group_dropdown));
}

static void
groups_changed_cb (KindredGroupView *self)
{
  update_page (self);
  update_can_share (self);
  /* The drop-down keeps (or moves) its selection by itself */
  show_group (self, gtk_drop_down_get_selected_item (self->group_dropdown));
}

static void
setup_button_label_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
setup_list_label_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  KindredGroup *group = gtk_list_item_get_item (item);
  GBinding *binding;

  binding = g_object_bind_property (group, "name", gtk_list_item_get_child (item), "label",
                                    G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (item), "kindred-binding", binding);
}

static void
unbind_label_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (item), "kindred-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

static GtkListItemFactory *
new_label_factory (gboolean wrap)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup",
                    wrap ? G_CALLBACK (setup_list_label_cb) : G_CALLBACK (setup_button_label_cb),
                    NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_label_cb), NULL);

  return factory;
}

/* Importing */

typedef struct
{
  GWeakRef  view;
  GFile    *file;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_weak_ref_clear (&data->view);
  g_object_unref (data->file);
  g_free (data);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImportData *data = user_data;
  g_autoptr(KindredGroupView) self = g_weak_ref_get (&data->view);
  g_autoptr(KindredGroupImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = kindred_groups_import_file_finish (KINDRED_GROUPS (object), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      import_data_free (data);
      return;
    }

  /* The journal was locked meanwhile (its imports were cancelled and the count
   * started again): nothing of it is shown any more */
  if (self->groups != KINDRED_GROUPS (object))
    {
      import_data_free (data);
      return;
    }

  self->n_pending--;
  if (import == NULL)
    show_error (self, error);
  else if (kindred_group_import_get_kind (import) == KINDRED_GROUP_FILE_INVITE)
    kindred_group_view_open_join_dialog (self, data->file);
  else
    {
      KindredGroup *group = kindred_group_import_get_group (import);

      if (group != NULL)
        kindred_group_view_set_group (self, group);
      show_message (self, kindred_group_import_get_message (import));
    }

  import_data_free (data);
}

static void
import_files (KindredGroupView *self,
              GListModel       *files)
{
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);

      kindred_group_view_import_file (self, file);
    }
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         KindredGroupView *self)
{
  GdkFileList *list;
  g_autoptr(GSList) files = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->groups == NULL)
    return FALSE;

  list = g_value_get_boxed (value);
  files = gdk_file_list_get_files (list);
  for (GSList *l = files; l != NULL; l = l->next)
    kindred_group_view_import_file (self, l->data);

  return files != NULL;
}

/* Dialogs */

static void
join_dialog_destroy_cb (KindredGroupView *self)
{
  self->join_dialog = NULL;
}

static void
share_dialog_destroy_cb (KindredGroupView *self)
{
  self->share_dialog = NULL;
}

static void
create_dialog_destroy_cb (KindredGroupView *self)
{
  self->create_dialog = NULL;
}

static void
joined_cb (KindredGroupView *self,
           KindredGroup     *group)
{
  kindred_group_view_set_group (self, group);
}

static void
shared_cb (KindredGroupView   *self,
           KindredGroupShare  *share,
           KindredShareDialog *dialog)
{
  KindredGroup *group = kindred_share_dialog_get_group (dialog);

  if (group != NULL)
    kindred_group_view_set_group (self, group);
}

static void
created_cb (KindredGroupView *self,
            KindredGroup     *group)
{
  kindred_group_view_set_group (self, group);
}

static void
close_dialogs (KindredGroupView *self)
{
  /* A locked journal shows nothing of itself, in dialogs neither */
  if (self->join_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->join_dialog));
  if (self->share_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->share_dialog));
  if (self->create_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->create_dialog));
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->retracting);
}

/* Actions */

typedef enum
{
  CHOOSE_IMPORT,
  CHOOSE_INVITE,
  CHOOSE_RETRACTION,
  CHOOSE_JOIN,
} Choosing;

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     KindredGroupView *self)
{
  Choosing choosing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kindred-choosing"));
  g_autoptr(GtkFileChooserNative) owned = g_steal_pointer (&self->chooser);
  g_autoptr(KindredGroupShare) share = g_steal_pointer (&self->retracting);
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GFile) file = NULL;

  update_actions (self);
  if (response != GTK_RESPONSE_ACCEPT || self->groups == NULL)
    return;

  if (choosing == CHOOSE_IMPORT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      import_files (self, files);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    return;

  switch (choosing)
    {
    case CHOOSE_INVITE:
      kindred_group_view_open_join_dialog (self, file);
      break;
    case CHOOSE_RETRACTION:
      if (share != NULL)
        kindred_group_view_write_retraction (self, share, file);
      break;
    case CHOOSE_JOIN:
      {
        g_autofree char *path = g_file_get_path (file);
        g_autoptr(GError) error = NULL;

        if (path == NULL || self->group == NULL)
          show_message (self, _("Please choose a folder on this computer."));
        else if (!kindred_groups_write_join (self->groups, self->group, path, &error))
          show_error (self, error);
        else
          show_message (self, _("Join file saved: give it to the facilitator"));
      }
      break;
    case CHOOSE_IMPORT:
    default:
      break;
    }
}

static void
add_suffix_filter (GtkFileChooser       *chooser,
                   const char           *name,
                   KindredGroupFileKind *kinds,
                   guint                 n_kinds)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; i < n_kinds; i++)
    gtk_file_filter_add_suffix (filter, kindred_group_file_kind_get_suffix (kinds[i]) + 1);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
run_chooser (KindredGroupView     *self,
             Choosing              choosing,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             const char           *current_name)
{
  self->chooser = gtk_file_chooser_native_new (title, get_parent_window (self), action,
                                               accept, _("_Cancel"));
  g_object_set_data (G_OBJECT (self->chooser), "kindred-choosing", GINT_TO_POINTER (choosing));

  if (choosing == CHOOSE_IMPORT)
    {
      KindredGroupFileKind kinds[] = {
        KINDRED_GROUP_FILE_INVITE, KINDRED_GROUP_FILE_JOIN, KINDRED_GROUP_FILE_SHARE,
        KINDRED_GROUP_FILE_RETRACTION, KINDRED_GROUP_FILE_REPLY, KINDRED_GROUP_FILE_KEY_UPDATE,
      };
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      add_suffix_filter (GTK_FILE_CHOOSER (self->chooser), _("Kindred group files"),
                         kinds, G_N_ELEMENTS (kinds));
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
    }
  else if (choosing == CHOOSE_INVITE)
    {
      KindredGroupFileKind kind = KINDRED_GROUP_FILE_INVITE;

      add_suffix_filter (GTK_FILE_CHOOSER (self->chooser), _("Kindred invites"), &kind, 1);
    }
  else if (choosing == CHOOSE_RETRACTION)
    {
      KindredGroupFileKind kind = KINDRED_GROUP_FILE_RETRACTION;

      add_suffix_filter (GTK_FILE_CHOOSER (self->chooser), _("Kindred retraction files"),
                         &kind, 1);
    }
  else if (choosing == CHOOSE_JOIN)
    {
      KindredGroupFileKind kind = KINDRED_GROUP_FILE_JOIN;

      add_suffix_filter (GTK_FILE_CHOOSER (self->chooser), _("Kindred join files"), &kind, 1);
    }

  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), current_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
  update_actions (self);
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (widget);

  if (self->groups == NULL || self->chooser != NULL)
    return;

  run_chooser (self, CHOOSE_INVITE, _("Open an Invite"), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("_Open"), NULL);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (widget);

  if (self->groups == NULL || self->chooser != NULL)
    return;

  run_chooser (self, CHOOSE_IMPORT, _("Import Group Files"), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("_Import"), NULL);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (widget);

  if (self->groups == NULL)
    return;

  if (self->create_dialog == NULL)
    {
      self->create_dialog = kindred_create_group_dialog_new (get_parent_window (self), self->groups);
      g_signal_connect_object (self->create_dialog, "created", G_CALLBACK (created_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->create_dialog, "destroy",
                               G_CALLBACK (create_dialog_destroy_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->create_dialog));
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kindred_group_view_open_share_dialog (KINDRED_GROUP_VIEW (widget), NULL);
}

static void
retract_response_cb (KindredGroupView *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  KindredGroupShare *share = g_object_get_data (G_OBJECT (dialog), "kindred-share");
  g_autofree char *name = NULL;
  KindredGroup *group;

  if (g_strcmp0 (response, "retract") != 0 || share == NULL || self->groups == NULL ||
      self->chooser != NULL)
    return;

  group = kindred_groups_lookup_group (self->groups, kindred_group_share_get_group_id (share));
  if (group == NULL)
    return;

  g_set_object (&self->retracting, share);
  name = kindred_groups_suggest_filename (group, KINDRED_GROUP_FILE_RETRACTION);
  run_chooser (self, CHOOSE_RETRACTION, _("Save the Retraction File"),
               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), name);
}

static void
retract_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  KindredGroupShare *share;
  GtkWidget *dialog;

  if (self->group == NULL || self->chooser != NULL)
    return;

  share = kindred_group_lookup_share (self->group, id);
  if (share == NULL || !kindred_group_share_get_mine (share) ||
      kindred_group_share_get_retracted (share))
    return;

  dialog = adw_message_dialog_new (get_parent_window (self), _("Take This Share Back?"),
                                   _("Kindred will save a retraction file. Give it to the same "
                                     "people as the share: when their Kindred imports it, the "
                                     "share is deleted there. Anyone who already read it will "
                                     "still remember it, so a retraction can’t undo that."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep It"),
                                    "retract", _("_Save Retraction File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retract",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kindred-share", g_object_ref (share),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (retract_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
write_join_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (widget);
  g_autofree char *name = NULL;

  if (!is_shareable (self->group) || self->chooser != NULL)
    return;

  name = kindred_groups_suggest_filename (self->group, KINDRED_GROUP_FILE_JOIN);
  run_chooser (self, CHOOSE_JOIN, _("Save Your Join File"), GTK_FILE_CHOOSER_ACTION_SAVE,
               _("_Save"), name);
}

static void
forget_response_cb (KindredGroupView *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  KindredGroup *group = g_object_get_data (G_OBJECT (dialog), "kindred-group");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "forget") != 0 || group == NULL || self->groups == NULL)
    return;

  name = g_strdup (kindred_group_get_name (group));
  if (!kindred_groups_delete_group (self->groups, group, &error))
    {
      show_error (self, error);
      return;
    }

  /* Translators: %s is the group's name */
  message = g_strdup_printf (_("“%s” is no longer in your journal"), name);
  show_message (self, message);
}

static void
forget_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (widget);
  g_autofree char *heading = NULL;
  const char *body;
  GtkWidget *dialog;

  if (self->group == NULL || self->groups == NULL)
    return;

  if (kindred_group_is_facilitator (self->group))
    body = _("Its keys, its members, the shares you received and your notes will be deleted "
             "from your journal, and you will no longer be able to run it or read what members "
             "send. Files already sent are not affected. This can’t be undone.");
  else
    body = _("Its keys, what you shared and what you received will be deleted from your "
             "journal. Files already sent are not affected. To come back, you would need a new "
             "invite. This can’t be undone.");

  /* Translators: %s is the group's name */
  heading = g_strdup_printf (_("Forget “%s”?"), kindred_group_get_name (self->group));
  dialog = adw_message_dialog_new (get_parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget Group"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kindred-group", g_object_ref (self->group),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
kindred_group_view_dispose (GObject *object)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  close_dialogs (self);
  show_group (self, NULL);
  if (self->groups != NULL)
    g_signal_handlers_disconnect_by_data (kindred_groups_get_groups (self->groups), self);
  if (self->group_dropdown != NULL)
    gtk_drop_down_set_model (self->group_dropdown, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_GROUP_VIEW);
  g_clear_object (&self->groups);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kindred_group_view_parent_class)->dispose (object);
}

static void
kindred_group_view_finalize (GObject *object)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (object);

  g_clear_pointer (&self->last_message, g_free);

  G_OBJECT_CLASS (kindred_group_view_parent_class)->finalize (object);
}

static void
kindred_group_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KindredGroupView *self = KINDRED_GROUP_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAN_SHARE:
      g_value_set_boolean (value, self->can_share);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_group_view_class_init (KindredGroupViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_group_view_dispose;
  object_class->finalize = kindred_group_view_finalize;
  object_class->get_property = kindred_group_view_get_property;

  properties[PROP_CAN_SHARE] =
    g_param_spec_boolean ("can-share", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-group-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, group_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, import_button);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, group_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, role_stack);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, member_scroll);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, details_box);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, name_label);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, role_label);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, removed_label);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, share_button);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, description_row);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, meets_row);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, people_row);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, rules_row);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, rules_label);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, escalation_row);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, escalation_label);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, history_list);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, received_list);
  gtk_widget_class_bind_template_child (widget_class, KindredGroupView, facilitator_bin);

  gtk_widget_class_install_action (widget_class, "group.join", NULL, join_action);
  gtk_widget_class_install_action (widget_class, "group.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "group.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "group.share", NULL, share_action);
  gtk_widget_class_install_action (widget_class, "group.retract", "s", retract_action);
  gtk_widget_class_install_action (widget_class, "group.write-join", NULL, write_join_action);
  gtk_widget_class_install_action (widget_class, "group.forget", NULL, forget_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredgroupview");
}

static void
kindred_group_view_init (KindredGroupView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  g_autoptr(GtkExpression) expression = NULL;
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* A long group name is cut short on the button, and wraps in the list */
  factory = new_label_factory (FALSE);
  list_factory = new_label_factory (TRUE);
  gtk_drop_down_set_factory (self->group_dropdown, factory);
  gtk_drop_down_set_list_factory (self->group_dropdown, list_factory);
  expression = gtk_property_expression_new (KINDRED_TYPE_GROUP, NULL, "name");
  gtk_drop_down_set_expression (self->group_dropdown, expression);
  g_signal_connect_swapped (self->group_dropdown, "notify::selected-item",
                            G_CALLBACK (dropdown_selected_cb), self);

  gtk_list_box_set_placeholder (self->history_list,
                                new_placeholder (_("Nothing shared yet. When you share "
                                                   "entries, they are listed here.")));
  gtk_list_box_set_placeholder (self->received_list,
                                new_placeholder (_("Nothing here yet. When the facilitator "
                                                   "or someone in the group gives you a "
                                                   "file, import it to read it here.")));

  /* Files dropped anywhere on the view are imported (an invite opens) */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  update_page (self);
  update_actions (self);
}

GtkWidget *
kindred_group_view_new (void)
{
  return g_object_new (KINDRED_TYPE_GROUP_VIEW, NULL);
}

void
kindred_group_view_set_groups (KindredGroupView *self,
                               KindredGroups    *groups)
{
  g_return_if_fail (KINDRED_IS_GROUP_VIEW (self));
  g_return_if_fail (groups == NULL || KINDRED_IS_GROUPS (groups));

  if (self->groups == groups)
    return;

  close_dialogs (self);
  show_group (self, NULL);
  if (self->groups != NULL)
    g_signal_handlers_disconnect_by_data (kindred_groups_get_groups (self->groups), self);
  gtk_drop_down_set_model (self->group_dropdown, NULL);

  /* Imports of the journal before are not its news any more */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_pending = 0;

  g_set_object (&self->groups, groups);
  if (groups != NULL)
    {
      GListModel *model = kindred_groups_get_groups (groups);

      gtk_drop_down_set_model (self->group_dropdown, model);
      g_signal_connect_swapped (model, "items-changed", G_CALLBACK (groups_changed_cb), self);
    }

  groups_changed_cb (self);
  update_actions (self);
}

KindredGroups *
kindred_group_view_get_groups (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);

  return self->groups;
}

KindredGroup *
kindred_group_view_get_group (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);

  return self->group;
}

void
kindred_group_view_set_group (KindredGroupView *self,
                              KindredGroup     *group)
{
  GListModel *model;

  g_return_if_fail (KINDRED_IS_GROUP_VIEW (self));
  g_return_if_fail (group == NULL || KINDRED_IS_GROUP (group));

  if (self->groups == NULL || group == NULL)
    return;

  model = kindred_groups_get_groups (self->groups);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KindredGroup) item = g_list_model_get_item (model, i);

      if (item == group)
        {
          gtk_drop_down_set_selected (self->group_dropdown, i);
          break;
        }
    }
}

gboolean
kindred_group_view_can_share (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), FALSE);

  return self->can_share;
}

KindredShareDialog *
kindred_group_view_open_share_dialog (KindredGroupView *self,
                                      const char       *entry_uuid)
{
  GtkWidget *dialog;

  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);

  if (self->groups == NULL)
    return NULL;

  /* One at a time: the choices made in an open one are not thrown away */
  if (self->share_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->share_dialog));
      return self->share_dialog;
    }

  if (!self->can_share)
    {
      show_message (self, _("Join a group first, then you can share with it"));
      return NULL;
    }

  dialog = kindred_share_dialog_new (get_parent_window (self), self->groups,
                                     is_shareable (self->group) ? self->group : NULL,
                                     entry_uuid);
  self->share_dialog = KINDRED_SHARE_DIALOG (dialog);
  g_signal_connect_object (dialog, "shared", G_CALLBACK (shared_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (share_dialog_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return self->share_dialog;
}

KindredJoinDialog *
kindred_group_view_open_join_dialog (KindredGroupView *self,
                                     GFile            *invite)
{
  GtkWidget *dialog;

  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (invite), NULL);

  if (self->groups == NULL)
    return NULL;

  /* Another invite replaces the one being read */
  if (self->join_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->join_dialog));

  dialog = kindred_join_dialog_new (get_parent_window (self), self->groups, invite);
  self->join_dialog = KINDRED_JOIN_DIALOG (dialog);
  g_signal_connect_object (dialog, "joined", G_CALLBACK (joined_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (join_dialog_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return self->join_dialog;
}

void
kindred_group_view_import_file (KindredGroupView *self,
                                GFile            *file)
{
  g_autofree char *path = NULL;
  ImportData *data;

  g_return_if_fail (KINDRED_IS_GROUP_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->groups == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_message (self, _("Please save the file on this computer first"));
      return;
    }

  data = g_new0 (ImportData, 1);
  g_weak_ref_init (&data->view, self);
  data->file = g_object_ref (file);
  self->n_pending++;
  kindred_groups_import_file_async (self->groups, path, NULL, self->cancellable, import_cb, data);
}

void
kindred_group_view_set_covered (KindredGroupView *self,
                                gboolean          covered)
{
  GtkWidget *dialogs[3];

  g_return_if_fail (KINDRED_IS_GROUP_VIEW (self));

  covered = !!covered;
  if (self->covered == covered)
    return;

  self->covered = covered;
  dialogs[0] = GTK_WIDGET (self->join_dialog);
  dialogs[1] = GTK_WIDGET (self->share_dialog);
  dialogs[2] = self->create_dialog;
  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      if (dialogs[i] == NULL)
        continue;
      if (covered)
        gtk_widget_set_visible (dialogs[i], FALSE);
      else
        gtk_window_present (GTK_WINDOW (dialogs[i]));
    }
}

gboolean
kindred_group_view_write_retraction (KindredGroupView  *self,
                                     KindredGroupShare *share,
                                     GFile             *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->groups == NULL)
    return FALSE;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_message (self, _("Please choose a folder on this computer"));
      return FALSE;
    }

  if (!kindred_groups_retract_share (self->groups, share, path, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  /* Toasts are one short line on a phone */
  if (kindred_group_share_get_audience (share) == KINDRED_SHARE_AUDIENCE_FACILITATOR)
    show_message (self, _("Retraction saved: give it to the facilitator"));
  else
    show_message (self, _("Retraction saved: give it to the group"));

  return TRUE;
}

guint
kindred_group_view_get_n_pending (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), 0);

  return self->n_pending;
}

const char *
kindred_group_view_get_last_message (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);

  return self->last_message;
}

const char *
kindred_group_view_get_page_name (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    return "empty";

  return gtk_stack_get_visible_child_name (self->role_stack);
}

KindredJoinDialog *
kindred_group_view_get_join_dialog (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);

  return self->join_dialog;
}

KindredShareDialog *
kindred_group_view_get_share_dialog (KindredGroupView *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);

  return self->share_dialog;
}

GtkWidget *
kindred_group_view_find_share_row (KindredGroupView  *self,
                                   KindredGroupShare *share)
{
  GtkListBox *lists[2];

  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), NULL);

  lists[0] = self->history_list;
  lists[1] = self->received_list;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (int i = 0; ; i++)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (lists[l], i);

        if (row == NULL)
          break;
        if (g_object_get_data (G_OBJECT (row), "kindred-share") == share)
          return GTK_WIDGET (row);
      }

  return NULL;
}

GtkWidget *
kindred_group_view_lookup_widget (KindredGroupView *self,
                                  const char       *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_GROUP_VIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_GROUP_VIEW, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

/* kindred-roster-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-roster-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-directory-row.h"
#include "kindred-roster-row.h"

struct _KindredRosterRow
{
  AdwExpanderRow      parent_instance;

  GtkTextView        *note_view;
  GtkLabel           *note_status;
  GtkWidget          *remove_button;

  KindredGroups      *groups;
  KindredGroup       *group;
  KindredGroupMember *member;
  gboolean            setting_note;
};

G_DEFINE_FINAL_TYPE (KindredRosterRow, kindred_roster_row, ADW_TYPE_EXPANDER_ROW)

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static guint
count_shares (KindredRosterRow *self)
{
  GListModel *received = kindred_group_get_received (self->group);
  guint n = g_list_model_get_n_items (received);
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (received, i);

      if (!kindred_group_share_get_retracted (share) &&
          g_strcmp0 (kindred_group_share_get_author_id (share),
                     kindred_group_member_get_id (self->member)) == 0)
        count++;
    }

  return count;
}

static void
update_row (KindredRosterRow *self)
{
  GDateTime *joined_at = kindred_group_member_get_joined_at (self->member);
  gboolean removed = kindred_group_member_get_removed (self->member);
  guint n_shares = count_shares (self);
  g_autofree char *shares = NULL;
  g_autofree char *first = NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 kindred_group_member_get_pseudonym (self->member));

  /* Translators: how many shares came from a member */
  shares = g_strdup_printf (ngettext ("%u share", "%u shares", n_shares), n_shares);
  if (removed)
    first = g_strdup (_("Removed from the group"));
  else if (joined_at != NULL)
    {
      /* Translators: the day a member joined, strftime format */
      g_autofree char *day = g_date_time_format (joined_at, _("%-d %b %Y"));

      /* Translators: %s is a date */
      first = g_strdup_printf (_("Joined %s"), g_strstrip (day));
    }
  if (first != NULL)
    /* Translators: a member's details on the roster: joined · how many shares */
    subtitle = g_strdup_printf (_("%s · %s"), first, shares);
  else
    subtitle = g_strdup (shares);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  gtk_widget_set_visible (self->remove_button, !removed);
  if (removed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");
}

static void
update_note_view (KindredRosterRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  const char *note = kindred_group_member_get_note (self->member);

  if (gtk_text_buffer_get_modified (buffer))
    return;

  self->setting_note = TRUE;
  gtk_text_buffer_set_text (buffer, note != NULL ? note : "", -1);
  gtk_text_buffer_set_modified (buffer, FALSE);
  self->setting_note = FALSE;
}

static void
member_notify_cb (KindredRosterRow *self,
                  GParamSpec       *pspec)
{
  if (g_str_equal (pspec->name, "note"))
    update_note_view (self);
  else
    update_row (self);
}

static void
note_changed_cb (KindredRosterRow *self)
{
  if (!self->setting_note)
    gtk_label_set_text (self->note_status, "");
}

static void
save_note_clicked_cb (KindredRosterRow *self)
{
  g_autoptr(GError) error = NULL;

  if (!kindred_roster_row_save_note (self, &error))
    {
      g_autofree char *message = kindred_envelope_describe_error (error);

      kindred_show_toast (GTK_WIDGET (self), message);
    }
}

static void
kindred_roster_row_dispose (GObject *object)
{
  KindredRosterRow *self = KINDRED_ROSTER_ROW (object);

  g_clear_object (&self->member);
  g_clear_object (&self->group);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (kindred_roster_row_parent_class)->dispose (object);
}

static void
kindred_roster_row_class_init (KindredRosterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kindred_roster_row_dispose;
}

static void
kindred_roster_row_init (KindredRosterRow *self)
{
}

GtkWidget *
kindred_roster_row_new (KindredGroups      *groups,
                        KindredGroup       *group,
                        KindredGroupMember *member)
{
  KindredRosterRow *self;
  GtkWidget *row, *box, *frame, *bottom, *button, *buttons, *label;
  const char *id;

  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (member), NULL);

  self = g_object_new (KINDRED_TYPE_ROSTER_ROW, NULL);
  self->groups = g_object_ref (groups);
  self->group = g_object_ref (group);
  self->member = g_object_ref (member);
  id = kindred_group_member_get_id (member);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = new_label (_("Your private note"), "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box),
                  new_label (_("Kept only in your own encrypted journal. Members never see "
                               "it."), "caption"));
  frame = gtk_frame_new (NULL);
  self->note_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->note_view), "member-note-view");
  gtk_text_view_set_wrap_mode (self->note_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->note_view, FALSE);
  gtk_text_view_set_top_margin (self->note_view, 6);
  gtk_text_view_set_bottom_margin (self->note_view, 6);
  gtk_text_view_set_left_margin (self->note_view, 6);
  gtk_text_view_set_right_margin (self->note_view, 6);
  gtk_widget_set_size_request (GTK_WIDGET (self->note_view), -1, 64);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->note_view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->note_view));
  gtk_box_append (GTK_BOX (box), frame);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->note_view), "changed",
                            G_CALLBACK (note_changed_cb), self);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->note_status = GTK_LABEL (new_label (NULL, "caption"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->note_status), TRUE);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->note_status));
  button = gtk_button_new_with_mnemonic (_("Save _Note"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (save_note_clicked_cb), self);
  gtk_box_append (GTK_BOX (bottom), button);
  gtk_box_append (GTK_BOX (box), bottom);

  /* One under the other: side by side they would not fit at 360 px */
  buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_START);
  gtk_widget_set_margin_top (buttons, 6);
  button = gtk_button_new_with_mnemonic (_("_Show Their Shares"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "review.show-member");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  gtk_box_append (GTK_BOX (buttons), button);
  self->remove_button = gtk_button_new_with_mnemonic (_("_Remove from Group…"));
  /* Plain: the confirmation that follows carries the warning colour */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_button), "review.remove-member");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", id);
  gtk_box_append (GTK_BOX (buttons), self->remove_button);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);

  update_row (self);
  update_note_view (self);
  g_signal_connect_object (member, "notify", G_CALLBACK (member_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (kindred_group_get_received (group), "items-changed",
                           G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

KindredGroupMember *
kindred_roster_row_get_member (KindredRosterRow *self)
{
  g_return_val_if_fail (KINDRED_IS_ROSTER_ROW (self), NULL);

  return self->member;
}

GtkTextView *
kindred_roster_row_get_note_view (KindredRosterRow *self)
{
  g_return_val_if_fail (KINDRED_IS_ROSTER_ROW (self), NULL);

  return self->note_view;
}

gboolean
kindred_roster_row_save_note (KindredRosterRow  *self,
                              GError           **error)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KINDRED_IS_ROSTER_ROW (self), FALSE);

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (!kindred_groups_set_member_note (self->groups, self->group, self->member, text, error))
    return FALSE;

  gtk_text_buffer_set_modified (buffer, FALSE);
  update_note_view (self);
  gtk_label_set_text (self->note_status, *text != '\0' ? _("Note saved") : _("Note removed"));

  return TRUE;
}

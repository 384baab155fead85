/* kindred-review-share-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-review-share-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-directory-row.h"
#include "kindred-review-flag.h"
#include "kindred-review-reply-dialog.h"
#include "kindred-review-share-row.h"

struct _KindredReviewShareRow
{
  GtkWidget          parent_instance;

  GtkWidget         *card;
  GtkLabel          *meta_label;
  GtkLabel          *status_label;
  GtkWidget         *flag_chip;
  GtkBox            *flag_slot;
  GtkWidget         *flag;
  GtkLabel          *text_label;
  GtkBox            *replies_box;
  GtkExpander       *note_expander;
  GtkTextView       *note_view;
  GtkLabel          *note_status;
  GtkButton         *reviewed_button;

  KindredGroups     *groups;
  KindredGroup      *group;
  KindredGroupShare *share;
  KindredShareFlags  shown_flags;
  gboolean           flag_shown;
  gboolean           setting_note;   /* the note view changes from the share, not a person */
};

G_DEFINE_FINAL_TYPE (KindredReviewShareRow, kindred_review_share_row, GTK_TYPE_WIDGET)

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

static char *
format_date_time (GDateTime *date_time)
{
  char *text;

  if (date_time == NULL)
    return g_strdup ("");
  /* Translators: when a share was sent or a reply written, strftime format */
  text = g_date_time_format (date_time, _("%-d %b %Y, %H:%M"));

  return g_strstrip (text);
}

static void
show_message (KindredReviewShareRow *self,
              const char            *message)
{
  kindred_show_toast (GTK_WIDGET (self), message);
}

static void
update_meta (KindredReviewShareRow *self)
{
  g_autofree char *when = format_date_time (kindred_group_share_get_shared_at (self->share));
  guint n_entries = kindred_group_share_get_n_entries (self->share);
  g_autofree char *entries = NULL;
  g_autofree char *text = NULL;
  const char *audience;

  if (kindred_group_share_get_audience (self->share) == KINDRED_SHARE_AUDIENCE_FACILITATOR)
    audience = _("To you only");
  else
    audience = _("To the whole group");

  /* Translators: how many journal entries a share holds */
  entries = g_strdup_printf (ngettext ("%u entry", "%u entries", n_entries), n_entries);
  if (kindred_group_share_get_retracted (self->share))
    /* Translators: a share's details: when it was shared · to whom */
    text = g_strdup_printf (_("%s · %s"), when, audience);
  else
    /* Translators: a share's details: when · to whom · how many entries · what of them */
    text = g_strdup_printf (_("%s · %s · %s · %s"), when, audience, entries,
                            kindred_share_level_get_label (kindred_group_share_get_level (self->share)));
  gtk_label_set_text (self->meta_label, text);
}

static void
update_status (KindredReviewShareRow *self)
{
  gboolean reviewed = kindred_group_share_get_reviewed (self->share);
  gboolean retracted = kindred_group_share_get_retracted (self->share);
  GtkWidget *status = GTK_WIDGET (self->status_label);

  if (retracted)
    gtk_label_set_text (self->status_label, _("Taken back"));
  else if (reviewed)
    gtk_label_set_text (self->status_label, _("Reviewed"));
  else
    gtk_label_set_text (self->status_label, _("New"));

  if (!reviewed && !retracted)
    {
      gtk_widget_add_css_class (status, "review-chip-new");
      gtk_widget_add_css_class (self->card, "review-new");
    }
  else
    {
      gtk_widget_remove_css_class (status, "review-chip-new");
      gtk_widget_remove_css_class (self->card, "review-new");
    }

  gtk_button_set_label (self->reviewed_button, reviewed ? _("Mark as New")
                                                         : _("Mark as Reviewed"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.reply", !retracted);
}

static void
update_flag (KindredReviewShareRow *self)
{
  KindredShareFlags flags = kindred_group_share_get_flags (self->share);
  gboolean show = flags != KINDRED_SHARE_FLAG_NONE && !kindred_group_share_get_retracted (self->share);

  if (show == self->flag_shown && flags == self->shown_flags)
    return;

  if (self->flag != NULL)
    {
      gtk_box_remove (self->flag_slot, self->flag);
      self->flag = NULL;
    }
  if (show)
    {
      self->flag = kindred_review_flag_new (self->group, flags,
                                            kindred_group_share_get_pseudonym (self->share));
      gtk_box_append (self->flag_slot, self->flag);
      gtk_widget_add_css_class (self->card, "review-flagged");
    }
  else
    gtk_widget_remove_css_class (self->card, "review-flagged");
  gtk_widget_set_visible (GTK_WIDGET (self->flag_slot), show);
  gtk_widget_set_visible (self->flag_chip, show);
  self->flag_shown = show;
  self->shown_flags = flags;
}

static void
update_text (KindredReviewShareRow *self)
{
  GtkWidget *label = GTK_WIDGET (self->text_label);

  if (kindred_group_share_get_retracted (self->share))
    {
      g_autofree char *when = format_date_time (kindred_group_share_get_retracted_at (self->share));
      g_autofree char *text = NULL;

      /* Translators: %s is a member's pseudonym, %s a date and time */
      text = g_strdup_printf (_("%s took this share back on %s. What it held is no longer in "
                                "your journal."),
                              kindred_group_share_get_pseudonym (self->share), when);
      gtk_label_set_text (self->text_label, text);
      gtk_label_set_selectable (self->text_label, FALSE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_remove_css_class (label, "review-share-text");
    }
  else
    {
      gtk_label_set_text (self->text_label, kindred_group_share_get_text (self->share));
      gtk_label_set_selectable (self->text_label, TRUE);
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "review-share-text");
    }
}

static void
update_note_view (KindredReviewShareRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  const char *note = kindred_group_share_get_note (self->share);

  /* What the person is typing wins over a change from elsewhere. */
  if (gtk_text_buffer_get_modified (buffer))
    return;

  self->setting_note = TRUE;
  gtk_text_buffer_set_text (buffer, note != NULL ? note : "", -1);
  gtk_text_buffer_set_modified (buffer, FALSE);
  self->setting_note = FALSE;
  gtk_expander_set_label (self->note_expander,
                          note != NULL && *note != '\0' ? _("Your private note (saved)")
                                                        : _("Your private note"));
}

static void
rebuild_replies (KindredReviewShareRow *self)
{
  GListModel *replies = kindred_group_share_get_replies (self->share);
  guint n = g_list_model_get_n_items (replies);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->replies_box))) != NULL)
    gtk_box_remove (self->replies_box, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupReply) reply = g_list_model_get_item (replies, i);
      g_autofree char *when = format_date_time (kindred_group_reply_get_written_at (reply));
      g_autofree char *heading = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *text;

      gtk_widget_add_css_class (box, "review-reply");
      /* Translators: above a reply under a share; %s is a date and time */
      heading = g_strdup_printf (_("Your reply, %s"), when);
      gtk_box_append (GTK_BOX (box), new_label (heading, "caption-heading"));
      text = new_label (kindred_group_reply_get_text (reply), NULL);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_box_append (GTK_BOX (box), text);
      gtk_box_append (self->replies_box, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->replies_box), n > 0);
}

static void
share_notify_cb (KindredReviewShareRow *self,
                 GParamSpec            *pspec)
{
  const char *name = pspec->name;

  if (g_str_equal (name, "note"))
    update_note_view (self);
  else if (g_str_equal (name, "replies"))
    rebuild_replies (self);
  else
    {
      update_meta (self);
      update_status (self);
      update_flag (self);
      update_text (self);
    }
}

static void
note_changed_cb (KindredReviewShareRow *self)
{
  if (!self->setting_note)
    gtk_label_set_text (self->note_status, "");
}

static void
reply_saved_cb (KindredReviewShareRow    *self,
                KindredGroupReply        *reply,
                GFile                    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  /* Translators: %s is a file name, then a member's pseudonym */
  message = g_strdup_printf (_("Your reply was saved as “%s”. Send it to %s."), name,
                             kindred_group_share_get_pseudonym (self->share));
  show_message (self, message);
}

static void
toggle_reviewed_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KindredReviewShareRow *self = KINDRED_REVIEW_SHARE_ROW (widget);
  g_autoptr(GError) error = NULL;

  if (!kindred_groups_mark_reviewed (self->groups, self->share,
                                     !kindred_group_share_get_reviewed (self->share), &error))
    {
      g_autofree char *message = kindred_envelope_describe_error (error);

      show_message (self, message);
    }
}

static void
reply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KindredReviewShareRow *self = KINDRED_REVIEW_SHARE_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = kindred_review_reply_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            self->groups, self->share);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (reply_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KindredReviewShareRow *self = KINDRED_REVIEW_SHARE_ROW (widget);
  g_autoptr(GError) error = NULL;

  if (!kindred_review_share_row_save_note (self, &error))
    {
      g_autofree char *message = kindred_envelope_describe_error (error);

      show_message (self, message);
    }
}

static void
kindred_review_share_row_dispose (GObject *object)
{
  KindredReviewShareRow *self = KINDRED_REVIEW_SHARE_ROW (object);

  g_clear_pointer (&self->card, gtk_widget_unparent);
  g_clear_object (&self->share);
  g_clear_object (&self->group);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (kindred_review_share_row_parent_class)->dispose (object);
}

static void
kindred_review_share_row_class_init (KindredReviewShareRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_review_share_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewsharerow");

  gtk_widget_class_install_action (widget_class, "share.toggle-reviewed", NULL,
                                   toggle_reviewed_action);
  gtk_widget_class_install_action (widget_class, "share.reply", NULL, reply_action);
  gtk_widget_class_install_action (widget_class, "share.save-note", NULL, save_note_action);
}

static void
kindred_review_share_row_init (KindredReviewShareRow *self)
{
}

static GtkWidget *
build_note (KindredReviewShareRow *self)
{
  GtkWidget *box, *frame, *bottom, *button, *caption;

  self->note_expander = GTK_EXPANDER (gtk_expander_new (_("Your private note")));
  gtk_widget_set_name (GTK_WIDGET (self->note_expander), "note-expander");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 6);

  caption = new_label (_("Kept only in your own encrypted journal. Members never see it."),
                       "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), caption);

  frame = gtk_frame_new (NULL);
  self->note_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->note_view), "note-view");
  gtk_text_view_set_wrap_mode (self->note_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->note_view, FALSE);
  gtk_text_view_set_top_margin (self->note_view, 6);
  gtk_text_view_set_bottom_margin (self->note_view, 6);
  gtk_text_view_set_left_margin (self->note_view, 6);
  gtk_text_view_set_right_margin (self->note_view, 6);
  gtk_widget_set_size_request (GTK_WIDGET (self->note_view), -1, 64);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Your private note on this share"),
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
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "share.save-note");
  gtk_box_append (GTK_BOX (bottom), button);
  gtk_box_append (GTK_BOX (box), bottom);

  gtk_expander_set_child (self->note_expander, box);

  return GTK_WIDGET (self->note_expander);
}

GtkWidget *
kindred_review_share_row_new (KindredGroups     *groups,
                              KindredGroup      *group,
                              KindredGroupShare *share)
{
  KindredReviewShareRow *self;
  GtkWidget *header, *titles, *name, *buttons, *button, *chips;
  GtkBox *card;
  const char *note;

  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), NULL);

  self = g_object_new (KINDRED_TYPE_REVIEW_SHARE_ROW, NULL);
  self->groups = g_object_ref (groups);
  self->group = g_object_ref (group);
  self->share = g_object_ref (share);

  self->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  card = GTK_BOX (self->card);
  gtk_widget_add_css_class (self->card, "card");
  gtk_widget_add_css_class (self->card, "review-share");
  gtk_widget_set_parent (self->card, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (titles, TRUE);
  name = new_label (kindred_group_share_get_pseudonym (share), "heading");
  gtk_widget_set_name (name, "pseudonym");
  g_object_bind_property (share, "pseudonym", name, "label", G_BINDING_DEFAULT);
  gtk_box_append (GTK_BOX (titles), name);
  self->meta_label = GTK_LABEL (new_label (NULL, "caption"));
  gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->meta_label));
  gtk_box_append (GTK_BOX (header), titles);
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->status_label), "status");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "review-chip");
  chips = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (chips, GTK_ALIGN_START);
  self->flag_chip = gtk_label_new (_("Check in"));
  gtk_widget_set_name (self->flag_chip, "flag-chip");
  gtk_widget_set_tooltip_text (self->flag_chip, _("This share may be worth a gentle check-in"));
  gtk_widget_add_css_class (self->flag_chip, "review-chip");
  gtk_widget_add_css_class (self->flag_chip, "review-chip-flag");
  gtk_widget_set_halign (self->flag_chip, GTK_ALIGN_END);
  gtk_widget_set_visible (self->flag_chip, FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->status_label), GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (chips), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (chips), self->flag_chip);
  gtk_box_append (GTK_BOX (header), chips);
  gtk_box_append (card, header);

  self->text_label = GTK_LABEL (new_label (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->text_label), "share-text");
  gtk_box_append (card, GTK_WIDGET (self->text_label));

  /* After the text: the person reads what was shared first, then the prompt */
  self->flag_slot = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_widget_set_visible (GTK_WIDGET (self->flag_slot), FALSE);
  gtk_box_append (card, GTK_WIDGET (self->flag_slot));

  self->replies_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_name (GTK_WIDGET (self->replies_box), "replies");
  gtk_box_append (card, GTK_WIDGET (self->replies_box));

  gtk_box_append (card, build_note (self));

  /* Short labels, so that both fit side by side at 360 px (a GTK 4.8 flow box
   * squeezes buttons of different widths) */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  button = gtk_button_new_with_mnemonic (_("_Reply…"));
  gtk_widget_set_tooltip_text (button, _("Write a reply that only this member can read"));
  {
    /* Translators: what a screen reader says for a share's Reply button; %s is a
     * member's pseudonym */
    g_autofree char *reply_label = g_strdup_printf (_("Reply to %s"),
                                                    kindred_group_share_get_pseudonym (share));

    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    reply_label, -1);
  }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "share.reply");
  gtk_box_append (GTK_BOX (buttons), button);
  self->reviewed_button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->reviewed_button), "reviewed-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reviewed_button), "share.toggle-reviewed");
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->reviewed_button));
  gtk_box_append (card, buttons);

  update_meta (self);
  update_status (self);
  update_flag (self);
  update_text (self);
  rebuild_replies (self);
  update_note_view (self);
  note = kindred_group_share_get_note (share);
  gtk_expander_set_expanded (self->note_expander, note != NULL && *note != '\0');

  g_signal_connect_object (share, "notify", G_CALLBACK (share_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (kindred_group_share_get_replies (share), "items-changed",
                           G_CALLBACK (rebuild_replies), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

KindredGroupShare *
kindred_review_share_row_get_share (KindredReviewShareRow *self)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_SHARE_ROW (self), NULL);

  return self->share;
}

GtkWidget *
kindred_review_share_row_get_flag (KindredReviewShareRow *self)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_SHARE_ROW (self), NULL);

  return self->flag;
}

gboolean
kindred_review_share_row_save_note (KindredReviewShareRow  *self,
                                    GError                **error)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KINDRED_IS_REVIEW_SHARE_ROW (self), FALSE);

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (!kindred_groups_set_share_note (self->groups, self->share, text, error))
    return FALSE;

  gtk_text_buffer_set_modified (buffer, FALSE);
  update_note_view (self);
  gtk_label_set_text (self->note_status, *text != '\0' ? _("Note saved") : _("Note removed"));

  return TRUE;
}

/* kindred-review-reply-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-review-reply-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-review-reply-dialog.h"

struct _KindredReviewReplyDialog
{
  AdwWindow             parent_instance;

  GtkTextView          *text_view;
  GtkWidget            *save_button;
  GtkLabel             *error_label;

  KindredGroups        *groups;
  KindredGroupShare    *share;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (KindredReviewReplyDialog, kindred_review_reply_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
dup_text (KindredReviewReplyDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_save (KindredReviewReplyDialog *self)
{
  g_autofree char *text = dup_text (self);

  gtk_widget_set_sensitive (self->save_button,
                            *g_strstrip (text) != '\0' && self->chooser == NULL);
}

static void
show_error (KindredReviewReplyDialog *self,
            const char               *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
chooser_response_cb (GtkNativeDialog          *chooser,
                     int                       response,
                     KindredReviewReplyDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  update_save (self);

  if (file != NULL)
    kindred_review_reply_dialog_save_to (self, file, NULL);
}

static void
save_clicked_cb (KindredReviewReplyDialog *self)
{
  KindredGroup *group;
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;

  group = kindred_groups_lookup_group (self->groups, kindred_group_share_get_group_id (self->share));
  if (group != NULL)
    name = kindred_groups_suggest_filename (group, KINDRED_GROUP_FILE_REPLY);

  self->chooser = gtk_file_chooser_native_new (_("Save Reply"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  update_save (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
kindred_review_reply_dialog_dispose (GObject *object)
{
  KindredReviewReplyDialog *self = KINDRED_REVIEW_REPLY_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->share);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (kindred_review_reply_dialog_parent_class)->dispose (object);
}

static void
kindred_review_reply_dialog_class_init (KindredReviewReplyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_review_reply_dialog_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /**
   * KindredReviewReplyDialog::saved:
   * @reply: the reply, also in the share's "replies"
   * @file: where it was written
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                 KINDRED_TYPE_GROUP_REPLY, G_TYPE_FILE);
}

static void
kindred_review_reply_dialog_init (KindredReviewReplyDialog *self)
{
}

GtkWidget *
kindred_review_reply_dialog_new (GtkWindow         *parent,
                                 KindredGroups     *groups,
                                 KindredGroupShare *share)
{
  KindredReviewReplyDialog *self;
  const char *pseudonym;
  g_autofree char *title = NULL;
  g_autofree char *about = NULL;
  GtkWidget *content, *header, *window_title, *cancel, *scroller, *clamp, *box, *label, *frame;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), NULL);

  self = g_object_new (KINDRED_TYPE_REVIEW_REPLY_DIALOG,
                       "modal", TRUE,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "default-width", 520,
                       "default-height", 480,
                       NULL);
  self->groups = g_object_ref (groups);
  self->share = g_object_ref (share);
  pseudonym = kindred_group_share_get_pseudonym (share);

  /* Translators: the title of the reply window; %s is a member's pseudonym */
  title = g_strdup_printf (_("Reply to %s"), pseudonym);
  gtk_window_set_title (GTK_WINDOW (self), title);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  window_title = adw_window_title_new (title, NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), window_title);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save Reply…"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (content), header);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  /* Translators: %s is a member's pseudonym */
  about = g_strdup_printf (_("Only %s can read your reply. Kindred saves it as a file: send "
                             "it to %s the way your group passes files around, and they will "
                             "see it next to their share."), pseudonym, pseudonym);
  label = gtk_label_new (about);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (_("Your reply"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  frame = gtk_frame_new (NULL);
  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->text_view, FALSE);
  gtk_text_view_set_top_margin (self->text_view, 8);
  gtk_text_view_set_bottom_margin (self->text_view, 8);
  gtk_text_view_set_left_margin (self->text_view, 8);
  gtk_text_view_set_right_margin (self->text_view, 8);
  gtk_widget_set_size_request (GTK_WIDGET (self->text_view), -1, 160);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->text_view));
  gtk_box_append (GTK_BOX (box), frame);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (update_save), self);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (self), content);

  update_save (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));

  return GTK_WIDGET (self);
}

void
kindred_review_reply_dialog_set_text (KindredReviewReplyDialog *self,
                                      const char               *text)
{
  g_return_if_fail (KINDRED_IS_REVIEW_REPLY_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "",
                            -1);
}

gboolean
kindred_review_reply_dialog_save_to (KindredReviewReplyDialog  *self,
                                     GFile                     *file,
                                     GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  KindredGroupReply *reply;

  g_return_val_if_fail (KINDRED_IS_REVIEW_REPLY_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Please choose a folder on this computer."));
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  text = dup_text (self);
  g_strstrip (text);
  reply = kindred_groups_write_reply (self->groups, self->share, text, path, &local_error);
  if (reply == NULL)
    {
      g_autofree char *message = kindred_envelope_describe_error (local_error);

      show_error (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, reply, file);
  gtk_window_destroy (GTK_WINDOW (self));

  return TRUE;
}

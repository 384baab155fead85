/* kindred-recovery-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-recovery-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-recovery-dialog.h"

struct _KindredRecoveryDialog
{
  AdwMessageDialog  parent_instance;

  KindredJournal   *journal;
  GtkStack         *stack;
  GtkLabel         *key_label;
  GtkButton        *copy_button;
};

G_DEFINE_FINAL_TYPE (KindredRecoveryDialog, kindred_recovery_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
wipe_key (KindredRecoveryDialog *self)
{
  /* GTK's layout keeps copies we cannot reach; at least the label lets go of it */
  if (self->key_label != NULL)
    gtk_label_set_label (self->key_label, "");
}

static void
show_clicked_cb (KindredRecoveryDialog *self)
{
  kindred_recovery_dialog_reveal (self);
}

static void
copy_clicked_cb (KindredRecoveryDialog *self)
{
  const char *key = gtk_label_get_label (self->key_label);

  /* Only ever on this explicit request: nothing else of the journal reaches the
   * clipboard */
  if (key == NULL || *key == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), key);
  gtk_button_set_label (self->copy_button, _("Copied"));
}

static void
kindred_recovery_dialog_response (AdwMessageDialog *dialog,
                                  const char       *response)
{
  KindredRecoveryDialog *self = KINDRED_RECOVERY_DIALOG (dialog);

  wipe_key (self);

  if (ADW_MESSAGE_DIALOG_CLASS (kindred_recovery_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (kindred_recovery_dialog_parent_class)->response (dialog,
                                                                                response);
}

static void
kindred_recovery_dialog_unmap (GtkWidget *widget)
{
  wipe_key (KINDRED_RECOVERY_DIALOG (widget));

  GTK_WIDGET_CLASS (kindred_recovery_dialog_parent_class)->unmap (widget);
}

static void
kindred_recovery_dialog_dispose (GObject *object)
{
  KindredRecoveryDialog *self = KINDRED_RECOVERY_DIALOG (object);

  wipe_key (self);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (kindred_recovery_dialog_parent_class)->dispose (object);
}

static void
kindred_recovery_dialog_class_init (KindredRecoveryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = kindred_recovery_dialog_dispose;
  widget_class->unmap = kindred_recovery_dialog_unmap;
  dialog_class->response = kindred_recovery_dialog_response;
}

static void
kindred_recovery_dialog_init (KindredRecoveryDialog *self)
{
  GtkWidget *button;
  GtkWidget *box;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);

  button = gtk_button_new_with_mnemonic (_("_Show Recovery Key"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (show_clicked_cb), self);
  gtk_stack_add_named (self->stack, button, "explain");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->key_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->key_label, TRUE);
  gtk_label_set_wrap (self->key_label, TRUE);
  gtk_label_set_wrap_mode (self->key_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (self->key_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->key_label), "recovery-key");
  gtk_widget_add_css_class (GTK_WIDGET (self->key_label), "monospace");
  gtk_widget_add_css_class (GTK_WIDGET (self->key_label), "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recovery key"),
                                  -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->key_label));

  self->copy_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Copy")));
  gtk_widget_set_halign (GTK_WIDGET (self->copy_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->copy_button), "pill");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button),
                               _("Copy the recovery key to the clipboard"));
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->copy_button));
  gtk_stack_add_named (self->stack, box, "key");

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), GTK_WIDGET (self->stack));
}

GtkWidget *
kindred_recovery_dialog_new (GtkWindow      *parent,
                             KindredJournal *journal)
{
  KindredRecoveryDialog *self;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (journal), NULL);

  self = g_object_new (KINDRED_TYPE_RECOVERY_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", _("Your Recovery Key"),
                       "body", _("The recovery key opens your journal if the key in your "
                                 "keyring or your passphrase is ever lost.\n\n"
                                 "Keep it somewhere safe and offline, for example written "
                                 "on paper. Anyone who has it can read your journal."),
                       NULL);
  self->journal = g_object_ref (journal);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "close", _("_Done"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "close");

  return GTK_WIDGET (self);
}

gboolean
kindred_recovery_dialog_reveal (KindredRecoveryDialog *self)
{
  char *recovery;

  g_return_val_if_fail (KINDRED_IS_RECOVERY_DIALOG (self), FALSE);

  recovery = kindred_journal_dup_recovery (self->journal);
  if (recovery == NULL)
    return FALSE;

  gtk_label_set_label (self->key_label, recovery);
  kindred_secret_free (recovery);

  gtk_stack_set_visible_child_name (self->stack, "key");
  gtk_widget_grab_focus (GTK_WIDGET (self->copy_button));

  return TRUE;
}

GtkLabel *
kindred_recovery_dialog_get_key_label (KindredRecoveryDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_RECOVERY_DIALOG (self), NULL);

  return self->key_label;
}

GtkButton *
kindred_recovery_dialog_get_copy_button (KindredRecoveryDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_RECOVERY_DIALOG (self), NULL);

  return self->copy_button;
}

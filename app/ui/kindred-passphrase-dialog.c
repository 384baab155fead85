/* kindred-passphrase-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-passphrase-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-core.h"
#include "kindred-passphrase-dialog.h"

struct _KindredPassphraseDialog
{
  AdwMessageDialog  parent_instance;

  GtkEditable      *entries[2];
  GtkLabel         *hint_label;
};

G_DEFINE_FINAL_TYPE (KindredPassphraseDialog, kindred_passphrase_dialog,
                     ADW_TYPE_MESSAGE_DIALOG)

static gboolean
is_valid (KindredPassphraseDialog *self)
{
  const char *first = gtk_editable_get_text (self->entries[0]);
  const char *second = gtk_editable_get_text (self->entries[1]);

  return g_utf8_strlen (first, -1) >= KINDRED_KEY_PASSPHRASE_MIN_CHARS &&
         g_strcmp0 (first, second) == 0;
}

static void
update (KindredPassphraseDialog *self)
{
  const char *first = gtk_editable_get_text (self->entries[0]);
  const char *second = gtk_editable_get_text (self->entries[1]);
  g_autofree char *hint = NULL;

  /* Say what is missing only once there is something to say it about */
  if (*first != '\0' && g_utf8_strlen (first, -1) < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Use at least %d character.",
                                         "Use at least %d characters.",
                                         KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                            KINDRED_KEY_PASSPHRASE_MIN_CHARS);
  else if (*second != '\0' && g_strcmp0 (first, second) != 0)
    hint = g_strdup (_("The two passphrases are not the same yet."));

  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           KINDRED_PASSPHRASE_DIALOG_RESPONSE,
                                           is_valid (self));
}

static void
activate_cb (KindredPassphraseDialog *self,
             GtkEditable             *entry)
{
  if (entry == self->entries[0])
    gtk_widget_grab_focus (GTK_WIDGET (self->entries[1]));
  else if (is_valid (self))
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (self),
                                 KINDRED_PASSPHRASE_DIALOG_RESPONSE);
}

static void
clear_entries (KindredPassphraseDialog *self)
{
  /* GTK keeps its own copies; at least ours do not linger in the fields */
  for (guint i = 0; i < G_N_ELEMENTS (self->entries); i++)
    if (self->entries[i] != NULL)
      gtk_editable_set_text (self->entries[i], "");
}

static void
kindred_passphrase_dialog_response (AdwMessageDialog *dialog,
                                    const char       *response)
{
  KindredPassphraseDialog *self = KINDRED_PASSPHRASE_DIALOG (dialog);

  /* The handlers connected by the caller have run: nothing needs the text now */
  if (ADW_MESSAGE_DIALOG_CLASS (kindred_passphrase_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (kindred_passphrase_dialog_parent_class)->response (dialog,
                                                                                  response);
  clear_entries (self);
}

static void
kindred_passphrase_dialog_dispose (GObject *object)
{
  KindredPassphraseDialog *self = KINDRED_PASSPHRASE_DIALOG (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->entries); i++)
    {
      GtkEditable *text;

      if (self->entries[i] == NULL)
        continue;

      /* GTK 4.8: the peek icon's handler on the inner GtkText outlives the entry
       * when the text still has the focus as the dialog goes (a use after free) */
      text = gtk_editable_get_delegate (self->entries[i]);
      if (text != NULL)
        g_signal_handlers_disconnect_matched (text, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                              self->entries[i]);
      self->entries[i] = NULL;
    }
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  G_OBJECT_CLASS (kindred_passphrase_dialog_parent_class)->dispose (object);
}

static void
kindred_passphrase_dialog_class_init (KindredPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = kindred_passphrase_dialog_dispose;

  /* Not on unmap: the dialog may hide before its "response" handlers run */
  dialog_class->response = kindred_passphrase_dialog_response;
}

static void
kindred_passphrase_dialog_init (KindredPassphraseDialog *self)
{
  static const char *placeholders[] = { N_("New passphrase"), N_("Type it again") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (guint i = 0; i < G_N_ELEMENTS (self->entries); i++)
    {
      GtkWidget *entry = gtk_password_entry_new ();

      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      g_object_set (entry, "placeholder-text", _(placeholders[i]), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(placeholders[i]),
                                      -1);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (update), self);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (activate_cb), self);
      gtk_box_append (GTK_BOX (box), entry);
      self->entries[i] = GTK_EDITABLE (entry);
    }

  self->hint_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->hint_label, TRUE);
  gtk_label_set_xalign (self->hint_label, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "caption");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->hint_label));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
}

GtkWidget *
kindred_passphrase_dialog_new (GtkWindow  *parent,
                               const char *heading,
                               const char *body,
                               const char *action_label)
{
  KindredPassphraseDialog *self;

  self = g_object_new (KINDRED_TYPE_PASSPHRASE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", body,
                       NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    KINDRED_PASSPHRASE_DIALOG_RESPONSE, action_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self),
                                              KINDRED_PASSPHRASE_DIALOG_RESPONSE,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self),
                                           KINDRED_PASSPHRASE_DIALOG_RESPONSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  update (self);

  return GTK_WIDGET (self);
}

const char *
kindred_passphrase_dialog_get_passphrase (KindredPassphraseDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_PASSPHRASE_DIALOG (self), NULL);

  if (!is_valid (self))
    return NULL;

  return gtk_editable_get_text (self->entries[0]);
}

GtkEditable *
kindred_passphrase_dialog_get_entry (KindredPassphraseDialog *self,
                                     guint                    n)
{
  g_return_val_if_fail (KINDRED_IS_PASSPHRASE_DIALOG (self), NULL);
  g_return_val_if_fail (n < G_N_ELEMENTS (self->entries), NULL);

  return self->entries[n];
}

/* kindred-passphrase-prompt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-passphrase-prompt"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-passphrase-prompt.h"

struct _KindredPassphrasePrompt
{
  AdwMessageDialog  parent_instance;

  GtkEditable      *entry;
  GtkCheckButton   *remember_check;
};

G_DEFINE_FINAL_TYPE (KindredPassphrasePrompt, kindred_passphrase_prompt,
                     ADW_TYPE_MESSAGE_DIALOG)

static void
update (KindredPassphrasePrompt *self)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           KINDRED_PASSPHRASE_PROMPT_RESPONSE,
                                           *gtk_editable_get_text (self->entry) != '\0');
}

static void
activate_cb (KindredPassphrasePrompt *self)
{
  if (*gtk_editable_get_text (self->entry) != '\0')
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (self),
                                 KINDRED_PASSPHRASE_PROMPT_RESPONSE);
}

static void
kindred_passphrase_prompt_response (AdwMessageDialog *dialog,
                                    const char       *response)
{
  KindredPassphrasePrompt *self = KINDRED_PASSPHRASE_PROMPT (dialog);

  if (ADW_MESSAGE_DIALOG_CLASS (kindred_passphrase_prompt_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (kindred_passphrase_prompt_parent_class)->response (dialog,
                                                                                  response);
  /* The handlers have taken what they need: the text does not linger in the field */
  if (self->entry != NULL)
    gtk_editable_set_text (self->entry, "");
}

static void
kindred_passphrase_prompt_dispose (GObject *object)
{
  KindredPassphrasePrompt *self = KINDRED_PASSPHRASE_PROMPT (object);

  if (self->entry != NULL)
    {
      GtkEditable *text = gtk_editable_get_delegate (self->entry);

      /* GTK 4.8: the peek icon's handler on the inner GtkText outlives the entry
       * when the text still has the focus as the dialog goes (see
       * kindred-passphrase-dialog.c) */
      if (text != NULL)
        g_signal_handlers_disconnect_matched (text, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                              self->entry);
      self->entry = NULL;
    }
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  G_OBJECT_CLASS (kindred_passphrase_prompt_parent_class)->dispose (object);
}

static void
kindred_passphrase_prompt_class_init (KindredPassphrasePromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = kindred_passphrase_prompt_dispose;
  dialog_class->response = kindred_passphrase_prompt_response;
}

static void
kindred_passphrase_prompt_init (KindredPassphrasePrompt *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_password_entry_new ();
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("_Remember in the keyring"));

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "placeholder-text", _("Sync passphrase"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sync passphrase"),
                                  -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update), self);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (activate_cb), self);
  gtk_box_append (GTK_BOX (box), entry);
  self->entry = GTK_EDITABLE (entry);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_box_append (GTK_BOX (box), check);
  self->remember_check = GTK_CHECK_BUTTON (check);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
}

GtkWidget *
kindred_passphrase_prompt_new (GtkWindow *parent)
{
  KindredPassphrasePrompt *self;

  self = g_object_new (KINDRED_TYPE_PASSPHRASE_PROMPT,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", _("Sync Passphrase"),
                       "body", _("To read the files your other devices left in the sync "
                                 "folder, Kindred needs the sync passphrase you chose when "
                                 "you set up sync. It is the same on every device."),
                       NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Not Now"),
                                    KINDRED_PASSPHRASE_PROMPT_RESPONSE, _("_Sync"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self),
                                              KINDRED_PASSPHRASE_PROMPT_RESPONSE,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self),
                                           KINDRED_PASSPHRASE_PROMPT_RESPONSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  update (self);

  return GTK_WIDGET (self);
}

const char *
kindred_passphrase_prompt_get_passphrase (KindredPassphrasePrompt *self)
{
  const char *text;

  g_return_val_if_fail (KINDRED_IS_PASSPHRASE_PROMPT (self), NULL);

  if (self->entry == NULL)
    return NULL;

  text = gtk_editable_get_text (self->entry);
  return *text != '\0' ? text : NULL;
}

gboolean
kindred_passphrase_prompt_get_remember (KindredPassphrasePrompt *self)
{
  g_return_val_if_fail (KINDRED_IS_PASSPHRASE_PROMPT (self), FALSE);

  return gtk_check_button_get_active (self->remember_check);
}

GtkEditable *
kindred_passphrase_prompt_get_entry (KindredPassphrasePrompt *self)
{
  g_return_val_if_fail (KINDRED_IS_PASSPHRASE_PROMPT (self), NULL);

  return self->entry;
}

GtkCheckButton *
kindred_passphrase_prompt_get_remember_check (KindredPassphrasePrompt *self)
{
  g_return_val_if_fail (KINDRED_IS_PASSPHRASE_PROMPT (self), NULL);

  return self->remember_check;
}

/* Asking, then running */

typedef struct
{
  KindredSync *sync;
  char        *passphrase;  /* a secret: wiped when freed */
} RememberData;

static void
remember_data_free (gpointer data)
{
  RememberData *remember = data;

  g_clear_object (&remember->sync);
  kindred_secret_free (remember->passphrase);
  g_free (remember);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KindredSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;

  /* The outcome reaches everyone who shows it through "finished" */
  sync_result = kindred_sync_run_finish (KINDRED_SYNC (object), result, &error);
  if (sync_result == NULL)
    g_debug ("Sync after asking for the passphrase: %s", error->message);
}

static void
remember_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RememberData *remember = task_data;
  GError *error = NULL;

  /* libsecret answers synchronously here: not on the main thread */
  if (kindred_sync_set_passphrase (remember->sync, remember->passphrase, TRUE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
remember_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RememberData *remember = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autoptr(GError) again = NULL;

      /* The keyring could not keep it: this session still can */
      g_debug ("Could not keep the sync passphrase in the keyring: %s", error->message);
      if (!kindred_sync_set_passphrase (remember->sync, remember->passphrase, FALSE, &again))
        {
          g_debug ("Could not use the sync passphrase: %s", again->message);
          return;
        }
    }

  kindred_sync_run_async (remember->sync, NULL, run_done_cb, NULL);
}

static void
ask_response_cb (KindredPassphrasePrompt *self,
                 const char              *response,
                 KindredSync             *sync)
{
  const char *passphrase = kindred_passphrase_prompt_get_passphrase (self);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, KINDRED_PASSPHRASE_PROMPT_RESPONSE) != 0 || passphrase == NULL)
    return;

  if (kindred_passphrase_prompt_get_remember (self))
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, remember_done_cb, NULL);
      RememberData *remember = g_new0 (RememberData, 1);

      remember->sync = g_object_ref (sync);
      remember->passphrase = g_strdup (passphrase);
      g_task_set_source_tag (task, kindred_passphrase_prompt_ask_and_run);
      g_task_set_task_data (task, remember, remember_data_free);
      g_task_run_in_thread (task, remember_worker);
      return;
    }

  if (!kindred_sync_set_passphrase (sync, passphrase, FALSE, &error))
    {
      g_debug ("Could not use the sync passphrase: %s", error->message);
      return;
    }

  kindred_sync_run_async (sync, NULL, run_done_cb, NULL);
}

GtkWidget *
kindred_passphrase_prompt_ask_and_run (GtkWindow   *parent,
                                       KindredSync *sync)
{
  GtkWidget *prompt;

  g_return_val_if_fail (KINDRED_IS_SYNC (sync), NULL);

  prompt = kindred_passphrase_prompt_new (parent);
  g_signal_connect_data (prompt, "response", G_CALLBACK (ask_response_cb),
                         g_object_ref (sync), (GClosureNotify) (void (*) (void)) g_object_unref,
                         0);
  gtk_window_present (GTK_WINDOW (prompt));

  return prompt;
}

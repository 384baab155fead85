/* kindred-invite-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-invite-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-invite-dialog.h"

struct _KindredInviteDialog
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  GtkWidget            *cancel_button;
  GtkWidget            *save_button;
  GtkStack             *stack;
  GtkLabel             *intro_label;
  AdwEntryRow          *passphrase_row;
  AdwEntryRow          *repeat_row;
  GtkLabel             *hint_label;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
  AdwStatusPage        *done_page;
  GtkWidget            *close_button;

  KindredGroups        *groups;
  KindredGroup         *group;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  GFile                *file;
};

G_DEFINE_FINAL_TYPE (KindredInviteDialog, kindred_invite_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Helpers */

static gboolean
passphrases_ok (KindredInviteDialog *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));

  return g_utf8_strlen (passphrase, -1) >= KINDRED_KEY_PASSPHRASE_MIN_CHARS &&
         g_strcmp0 (passphrase, repeat) == 0;
}

static void
update_actions (KindredInviteDialog *self)
{
  const char *state = gtk_stack_get_visible_child_name (self->stack);
  gboolean form = g_strcmp0 (state, "form") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invite.save",
                                 form && self->chooser == NULL && passphrases_ok (self));
  gtk_widget_set_visible (self->save_button, form);
  gtk_widget_set_visible (self->cancel_button, g_strcmp0 (state, "done") != 0);
}

static void
update_hint (KindredInviteDialog *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  glong length = g_utf8_strlen (passphrase, -1);
  g_autofree char *text = NULL;

  if (length < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    /* Translators: %d is the smallest number of characters of a passphrase */
    text = g_strdup_printf (ngettext ("At least %d character. A few unusual words are easy to "
                                      "say and hard to guess.",
                                      "At least %d characters. A few unusual words are easy to "
                                      "say and hard to guess.",
                                      KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                            KINDRED_KEY_PASSPHRASE_MIN_CHARS);
  else if (*repeat == '\0')
    text = g_strdup (_("Type it once more, to be sure of it."));
  else if (g_strcmp0 (passphrase, repeat) != 0)
    text = g_strdup (_("The two passphrases are not the same yet."));
  else
    text = g_strdup (_("The passphrases match."));
  gtk_label_set_text (self->hint_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_actions (self);
}

static void
set_state (KindredInviteDialog *self,
           const char          *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "working") == 0);
  update_actions (self);
  if (g_strcmp0 (state, "done") == 0)
    gtk_widget_grab_focus (self->close_button);
  else if (g_strcmp0 (state, "form") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
show_error (KindredInviteDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* Callbacks */

static void
invite_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KindredInviteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  /* Closed while the key was derived: the window is gone, only this ref is left */
  if (!kindred_groups_write_invite_finish (KINDRED_GROUPS (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (self->cancellable == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = kindred_envelope_describe_error (error);
      set_state (self, "form");
      show_error (self, message);
      return;
    }

  if (self->cancellable == NULL)
    return;

  /* The passphrase is not kept around once it did its work */
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
  name = g_file_get_basename (self->file);
  /* Translators: %s is a file name */
  description = g_strdup_printf (_("Saved as “%s”. Send the file to the people you invite and "
                                   "tell them the passphrase separately.\n\nWhen someone joins, "
                                   "they send you a join file. Open it in Kindred to add them "
                                   "to your group."), name);
  adw_status_page_set_description (self->done_page, description);
  set_state (self, "done");
  g_signal_emit (self, signals[SAVED], 0, self->file);
}

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     KindredInviteDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  update_actions (self);

  if (file != NULL)
    kindred_invite_dialog_save_to (self, file);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredInviteDialog *self = KINDRED_INVITE_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *pattern = NULL;

  if (self->chooser != NULL || !passphrases_ok (self))
    return;

  name = kindred_groups_suggest_filename (self->group, KINDRED_GROUP_FILE_INVITE);
  self->chooser = gtk_file_chooser_native_new (_("Save Invite"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Kindred invites"));
  pattern = g_strconcat ("*", kindred_group_file_kind_get_suffix (KINDRED_GROUP_FILE_INVITE), NULL);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  update_actions (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
repeat_activated_cb (KindredInviteDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invite.save", NULL);
}

/* Lifecycle */

static void
kindred_invite_dialog_dispose (GObject *object)
{
  KindredInviteDialog *self = KINDRED_INVITE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_INVITE_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->group);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (kindred_invite_dialog_parent_class)->dispose (object);
}

static void
kindred_invite_dialog_class_init (KindredInviteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_invite_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-invite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, KindredInviteDialog, close_button);

  gtk_widget_class_install_action (widget_class, "invite.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /**
   * KindredInviteDialog::saved:
   * @file: where the invite was written
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
kindred_invite_dialog_init (KindredInviteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->passphrase_row, "changed", G_CALLBACK (update_hint), self);
  g_signal_connect_swapped (self->repeat_row, "changed", G_CALLBACK (update_hint), self);
  g_signal_connect_swapped (self->repeat_row, "entry-activated",
                            G_CALLBACK (repeat_activated_cb), self);
  update_hint (self);
}

/* Public API */

GtkWidget *
kindred_invite_dialog_new (GtkWindow     *parent,
                           KindredGroups *groups,
                           KindredGroup  *group)
{
  KindredInviteDialog *self;
  g_autofree char *intro = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);

  self = g_object_new (KINDRED_TYPE_INVITE_DIALOG, "transient-for", parent, NULL);
  self->groups = g_object_ref (groups);
  self->group = g_object_ref (group);

  /* Translators: the title of the invite window; %s is a group's name */
  title = g_strdup_printf (_("Invite to %s"), kindred_group_get_name (group));
  adw_window_title_set_subtitle (self->window_title, kindred_group_get_name (group));
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* Translators: %s is a group's name */
  intro = g_strdup_printf (_("An invite is a file that holds what people need to join “%s”: "
                             "its description, its ground rules and the group’s key. It is "
                             "locked with a passphrase that you choose now."),
                           kindred_group_get_name (group));
  gtk_label_set_text (self->intro_label, intro);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));

  return GTK_WIDGET (self);
}

void
kindred_invite_dialog_set_passphrase (KindredInviteDialog *self,
                                      const char          *passphrase,
                                      const char          *repeat)
{
  g_return_if_fail (KINDRED_IS_INVITE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), repeat);
}

gboolean
kindred_invite_dialog_save_to (KindredInviteDialog *self,
                               GFile               *file)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (KINDRED_IS_INVITE_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!passphrases_ok (self))
    return FALSE;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Please choose a folder on this computer."));
      return FALSE;
    }

  g_set_object (&self->file, file);
  set_state (self, "working");
  kindred_groups_write_invite_async (self->groups, self->group,
                                     gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)),
                                     path, self->cancellable, invite_written_cb,
                                     g_object_ref (self));

  return TRUE;
}

const char *
kindred_invite_dialog_get_state (KindredInviteDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_INVITE_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

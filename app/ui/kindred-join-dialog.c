/* kindred-join-dialog.c: open an invite, read the group's ground rules, choose a
 * pseudonym and save the join file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-join-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kindred-join-dialog.h"

struct _KindredJoinDialog
{
  AdwWindow             parent_instance;

  /* template */
  GtkWidget            *cancel_button;
  GtkWidget            *open_button;
  GtkWidget            *join_button;
  GtkStack             *stack;
  AdwEntryRow          *passphrase_row;
  GtkLabel             *passphrase_error;
  GtkSpinner           *spinner;
  GtkScrolledWindow    *details_scroll;
  GtkLabel             *name_label;
  GtkLabel             *facilitator_label;
  GtkWidget            *already_label;
  GtkWidget            *description_box;
  GtkLabel             *description_label;
  GtkWidget            *meets_box;
  GtkLabel             *meets_label;
  GtkWidget            *rules_box;
  GtkLabel             *rules_label;
  GtkWidget            *escalation_box;
  GtkLabel             *escalation_label;
  GtkCheckButton       *accept_button;
  AdwEntryRow          *pseudonym_row;
  GtkLabel             *pseudonym_error;
  AdwStatusPage        *done_page;

  KindredGroups        *groups;
  GFile                *invite_file;
  KindredGroupInvite   *invite;
  KindredGroup         *group;      /* unowned: lives in the groups' model */
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *error;
};

G_DEFINE_FINAL_TYPE (KindredJoinDialog, kindred_join_dialog, ADW_TYPE_WINDOW)

enum { JOINED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
stripped_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static void
update_actions (KindredJoinDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *pseudonym = stripped_text (GTK_EDITABLE (self->pseudonym_row));
  gboolean details = g_strcmp0 (page, "details") == 0;
  gboolean can_join;

  can_join = details && self->invite != NULL &&
             !kindred_group_invite_get_already_joined (self->invite) &&
             gtk_check_button_get_active (self->accept_button) &&
             pseudonym[0] != '\0' && self->chooser == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.open",
                                 g_strcmp0 (page, "passphrase") == 0 &&
                                 *gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)) != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.save", can_join);

  gtk_widget_set_visible (self->open_button,
                          g_strcmp0 (page, "passphrase") == 0 || g_strcmp0 (page, "opening") == 0);
  gtk_widget_set_visible (self->join_button, details);
  gtk_widget_set_visible (self->cancel_button, g_strcmp0 (page, "done") != 0);
}

static void
set_error (KindredJoinDialog *self,
           GtkLabel          *label,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);

  gtk_label_set_label (self->passphrase_error, "");
  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_error), FALSE);
  gtk_label_set_label (self->pseudonym_error, "");
  gtk_widget_set_visible (GTK_WIDGET (self->pseudonym_error), FALSE);

  if (label != NULL && message != NULL)
    {
      gtk_label_set_label (label, message);
      gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
    }
}

static void
show_page (KindredJoinDialog *self,
           const char        *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (name, "opening") == 0);
  update_actions (self);
}

static void
set_text (GtkWidget  *box,
          GtkLabel   *label,
          const char *text)
{
  gboolean empty = text == NULL || *text == '\0';

  gtk_label_set_label (label, empty ? "" : text);
  gtk_widget_set_visible (box, !empty);
}

static void
show_invite (KindredJoinDialog *self)
{
  KindredGroupInvite *invite = self->invite;
  guint n_members = kindred_group_invite_get_n_members (invite);
  g_autofree char *facilitated = NULL;
  g_autofree char *people = NULL;
  g_autofree char *line = NULL;

  gtk_label_set_label (self->name_label, kindred_group_invite_get_name (invite));

  /* Translators: %s is the facilitator's pseudonym */
  facilitated = g_strdup_printf (_("Facilitated by %s"),
                                 kindred_group_invite_get_facilitator_pseudonym (invite));
  if (n_members == 0)
    line = g_strdup_printf ("%s · %s", facilitated, _("no members yet"));
  else
    {
      /* Translators: how many people joined the group so far */
      people = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members",
                                             n_members),
                                n_members);
      line = g_strdup_printf ("%s · %s", facilitated, people);
    }
  gtk_label_set_label (self->facilitator_label, line);

  set_text (self->description_box, self->description_label,
            kindred_group_invite_get_description (invite));
  set_text (self->meets_box, self->meets_label, kindred_group_invite_get_meets (invite));
  set_text (self->rules_box, self->rules_label, kindred_group_invite_get_ground_rules (invite));
  set_text (self->escalation_box, self->escalation_label,
            kindred_group_invite_get_escalation_note (invite));

  gtk_widget_set_visible (self->already_label,
                          kindred_group_invite_get_already_joined (invite));
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button),
                            !kindred_group_invite_get_already_joined (invite));
  gtk_widget_set_sensitive (GTK_WIDGET (self->pseudonym_row),
                            !kindred_group_invite_get_already_joined (invite));

  show_page (self, "details");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->details_scroll), 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->accept_button));
}

/* A name for the join file: the group has no KindredGroup of ours yet, so
 * kindred_groups_suggest_filename() can't make it */
static char *
suggest_join_name (KindredJoinDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GString) name = g_string_new (kindred_group_invite_get_name (self->invite));

  /* Characters file systems refuse (and leading dots) */
  for (gsize i = 0; i < name->len; i++)
    if (strchr ("/\\:*?\"<>|", name->str[i]) != NULL || (guchar) name->str[i] < 0x20)
      name->str[i] = '_';
  while (name->len > 0 && name->str[0] == '.')
    g_string_erase (name, 0, 1);
  if (name->len == 0)
    g_string_assign (name, _("Group"));

  /* Translators: the join file's suggested name: the group's name, a date, and the
   * file's suffix (.kindred-join) */
  return g_strdup_printf (_("%s – join %s%s"), name->str, date,
                          kindred_group_file_kind_get_suffix (KINDRED_GROUP_FILE_JOIN));
}

/* Callbacks */

static void
read_invite_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KindredJoinDialog) self = user_data;
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(GError) error = NULL;

  invite = kindred_groups_read_invite_finish (KINDRED_GROUPS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (invite == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE))
        message = g_strdup (_("That passphrase doesn’t open this invite. Please check it with "
                              "the facilitator, and mind Caps Lock, then try again."));
      else
        message = kindred_envelope_describe_error (error);

      show_page (self, "passphrase");
      set_error (self, self->passphrase_error, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }

  /* The passphrase has done its work: it does not stay in a widget */
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  set_error (self, NULL, NULL);
  self->invite = g_steal_pointer (&invite);
  show_invite (self);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     KindredJoinDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  update_actions (self);

  if (file != NULL)
    kindred_join_dialog_save_join_file (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredJoinDialog *self = KINDRED_JOIN_DIALOG (widget);
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  g_autofree char *path = g_file_get_path (self->invite_file);

  if (*passphrase == '\0' || self->groups == NULL)
    return;

  if (path == NULL)
    {
      set_error (self, self->passphrase_error,
                 _("Kindred can only open invites from a folder on this computer. Please "
                   "copy the invite there first."));
      return;
    }

  set_error (self, NULL, NULL);
  show_page (self, "opening");
  kindred_groups_read_invite_async (self->groups, path, passphrase, self->cancellable,
                                    read_invite_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredJoinDialog *self = KINDRED_JOIN_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->invite == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Your Join File"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Kindred join files"));
  gtk_file_filter_add_suffix (filter, kindred_group_file_kind_get_suffix (KINDRED_GROUP_FILE_JOIN) + 1);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  name = suggest_join_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
  update_actions (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
passphrase_changed_cb (KindredJoinDialog *self)
{
  update_actions (self);
}

static void
passphrase_activated_cb (KindredJoinDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "join.open", NULL);
}

static void
details_changed_cb (KindredJoinDialog *self)
{
  update_actions (self);
}

static void
pseudonym_activated_cb (KindredJoinDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "join.save", NULL);
}

/* GObject */

static void
kindred_join_dialog_dispose (GObject *object)
{
  KindredJoinDialog *self = KINDRED_JOIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_JOIN_DIALOG);
  g_clear_object (&self->invite);
  g_clear_object (&self->invite_file);
  g_clear_object (&self->groups);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kindred_join_dialog_parent_class)->dispose (object);
}

static void
kindred_join_dialog_finalize (GObject *object)
{
  KindredJoinDialog *self = KINDRED_JOIN_DIALOG (object);

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (kindred_join_dialog_parent_class)->finalize (object);
}

static void
kindred_join_dialog_class_init (KindredJoinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_join_dialog_dispose;
  object_class->finalize = kindred_join_dialog_finalize;

  signals[JOINED] =
    g_signal_new ("joined",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KINDRED_TYPE_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-join-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, join_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, passphrase_error);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, details_scroll);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, facilitator_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, already_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, description_box);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, meets_box);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, meets_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, rules_box);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, rules_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, escalation_box);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, escalation_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, pseudonym_row);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, pseudonym_error);
  gtk_widget_class_bind_template_child (widget_class, KindredJoinDialog, done_page);

  gtk_widget_class_install_action (widget_class, "join.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "join.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "join.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "join.close", NULL);
}

static void
kindred_join_dialog_init (KindredJoinDialog *self)
{
  GtkEditable *delegate;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* The core refuses longer ones; here they can't be typed */
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->pseudonym_row));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_max_length (GTK_TEXT (delegate), KINDRED_GROUPS_MAX_PSEUDONYM);

  g_signal_connect_swapped (self->passphrase_row, "changed",
                            G_CALLBACK (passphrase_changed_cb), self);
  g_signal_connect_swapped (self->passphrase_row, "entry-activated",
                            G_CALLBACK (passphrase_activated_cb), self);
  g_signal_connect_swapped (self->pseudonym_row, "changed",
                            G_CALLBACK (details_changed_cb), self);
  g_signal_connect_swapped (self->pseudonym_row, "entry-activated",
                            G_CALLBACK (pseudonym_activated_cb), self);
  g_signal_connect_swapped (self->accept_button, "notify::active",
                            G_CALLBACK (details_changed_cb), self);

  show_page (self, "passphrase");
}

GtkWidget *
kindred_join_dialog_new (GtkWindow     *parent,
                         KindredGroups *groups,
                         GFile         *invite)
{
  KindredJoinDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);
  g_return_val_if_fail (G_IS_FILE (invite), NULL);

  self = g_object_new (KINDRED_TYPE_JOIN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->groups = g_object_ref (groups);
  self->invite_file = g_object_ref (invite);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));

  return GTK_WIDGET (self);
}

gboolean
kindred_join_dialog_save_join_file (KindredJoinDialog *self,
                                    GFile             *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pseudonym = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  KindredGroup *group;

  g_return_val_if_fail (KINDRED_IS_JOIN_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->invite == NULL || self->group != NULL)
    return FALSE;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      set_error (self, self->pseudonym_error,
                 _("Please choose a folder on this computer for the join file."));
      return FALSE;
    }

  pseudonym = stripped_text (GTK_EDITABLE (self->pseudonym_row));
  group = kindred_groups_join (self->groups, self->invite, pseudonym,
                               gtk_check_button_get_active (self->accept_button),
                               path, &error);
  if (group == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NOT_ACCEPTED))
        message = g_strdup (_("To join, please read the ground rules and tick that you agree "
                              "to them."));
      else if (g_error_matches (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN))
        message = g_strdup (_("Someone in this group already goes by that name. Please "
                              "choose another one."));
      else
        message = kindred_envelope_describe_error (error);

      set_error (self, self->pseudonym_error, message);
      return FALSE;
    }

  self->group = group;
  set_error (self, NULL, NULL);

  basename = g_file_get_basename (file);
  /* Translators: %s is the group's name */
  title = g_strdup_printf (_("You Joined “%s”"), kindred_group_get_name (group));
  /* Translators: %1$s is the join file's name, %2$s the facilitator's pseudonym */
  body = g_strdup_printf (_("Give the file “%1$s” to %2$s however suits you: by e-mail, on a "
                            "USB stick or through a shared folder. Once they have added you, "
                            "they will send you a file that lets you read what others share."),
                          basename, kindred_group_get_facilitator_pseudonym (group));
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page, body);
  show_page (self, "done");

  g_signal_emit (self, signals[JOINED], 0, group);

  return TRUE;
}

const char *
kindred_join_dialog_get_page_name (KindredJoinDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_JOIN_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

KindredGroupInvite *
kindred_join_dialog_get_invite (KindredJoinDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_JOIN_DIALOG (self), NULL);

  return self->invite;
}

const char *
kindred_join_dialog_get_error (KindredJoinDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_JOIN_DIALOG (self), NULL);

  return self->error;
}

GtkEditable *
kindred_join_dialog_get_passphrase_row (KindredJoinDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_JOIN_DIALOG (self), NULL);

  return GTK_EDITABLE (self->passphrase_row);
}

GtkEditable *
kindred_join_dialog_get_pseudonym_row (KindredJoinDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_JOIN_DIALOG (self), NULL);

  return GTK_EDITABLE (self->pseudonym_row);
}

GtkCheckButton *
kindred_join_dialog_get_accept_button (KindredJoinDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_JOIN_DIALOG (self), NULL);

  return self->accept_button;
}

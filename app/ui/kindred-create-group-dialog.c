/* kindred-create-group-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-create-group-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-create-group-dialog.h"
#include "kindred-invite-dialog.h"

struct _KindredCreateGroupDialog
{
  AdwWindow      parent_instance;

  GtkWidget     *cancel_button;
  GtkWidget     *create_button;
  GtkStack      *stack;
  AdwEntryRow   *name_row;
  AdwEntryRow   *meets_row;
  AdwEntryRow   *pseudonym_row;
  GtkTextView   *description_view;
  GtkTextView   *rules_view;
  GtkTextView   *escalation_view;
  GtkLabel      *error_label;
  AdwStatusPage *created_page;
  GtkWidget     *invite_button;

  KindredGroups *groups;
  KindredGroup  *group;      /* once created */
};

G_DEFINE_FINAL_TYPE (KindredCreateGroupDialog, kindred_create_group_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
dup_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return g_strstrip (text);
}

static char *
dup_row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
update_actions (KindredCreateGroupDialog *self)
{
  g_autofree char *name = dup_row_text (self->name_row);
  g_autofree char *pseudonym = dup_row_text (self->pseudonym_row);
  gboolean form = self->group == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.create",
                                 form && *name != '\0' && *pseudonym != '\0');
  gtk_widget_set_visible (self->create_button, form);
  gtk_widget_set_visible (self->cancel_button, form);
}

static void
field_changed_cb (KindredCreateGroupDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_actions (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kindred_create_group_dialog_create (KINDRED_CREATE_GROUP_DIALOG (widget), NULL);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredCreateGroupDialog *self = KINDRED_CREATE_GROUP_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWidget *dialog;

  if (self->group == NULL)
    return;

  /* The invite belongs to the main window, not to this one, which closes now */
  dialog = kindred_invite_dialog_new (parent, self->groups, self->group);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
kindred_create_group_dialog_dispose (GObject *object)
{
  KindredCreateGroupDialog *self = KINDRED_CREATE_GROUP_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_CREATE_GROUP_DIALOG);
  g_clear_object (&self->group);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (kindred_create_group_dialog_parent_class)->dispose (object);
}

static void
kindred_create_group_dialog_class_init (KindredCreateGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_create_group_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-create-group-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, meets_row);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, pseudonym_row);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, rules_view);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, escalation_view);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, created_page);
  gtk_widget_class_bind_template_child (widget_class, KindredCreateGroupDialog, invite_button);

  gtk_widget_class_install_action (widget_class, "create.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "create.invite", NULL, invite_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /**
   * KindredCreateGroupDialog::created:
   * @group: the new group, in kindred_groups_get_groups()
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, KINDRED_TYPE_GROUP);
}

static void
kindred_create_group_dialog_init (KindredCreateGroupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rules_view),
                            kindred_groups_get_default_ground_rules (), -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->escalation_view),
                            kindred_groups_get_default_escalation_note (), -1);

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->pseudonym_row, "changed", G_CALLBACK (field_changed_cb), self);
  update_actions (self);
}

GtkWidget *
kindred_create_group_dialog_new (GtkWindow     *parent,
                                 KindredGroups *groups)
{
  KindredCreateGroupDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);

  self = g_object_new (KINDRED_TYPE_CREATE_GROUP_DIALOG, "transient-for", parent, NULL);
  self->groups = g_object_ref (groups);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return GTK_WIDGET (self);
}

KindredGroup *
kindred_create_group_dialog_create (KindredCreateGroupDialog  *self,
                                    GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *meets = NULL;
  g_autofree char *pseudonym = NULL;
  g_autofree char *description = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *escalation = NULL;
  g_autofree char *title = NULL;
  KindredGroup *group;

  g_return_val_if_fail (KINDRED_IS_CREATE_GROUP_DIALOG (self), NULL);

  if (self->group != NULL)
    return self->group;

  name = dup_row_text (self->name_row);
  meets = dup_row_text (self->meets_row);
  pseudonym = dup_row_text (self->pseudonym_row);
  description = dup_view_text (self->description_view);
  rules = dup_view_text (self->rules_view);
  escalation = dup_view_text (self->escalation_view);

  group = kindred_groups_create_group (self->groups, name, description, meets, rules, escalation,
                                       pseudonym, &local_error);
  if (group == NULL)
    {
      g_autofree char *message = kindred_envelope_describe_error (local_error);

      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self->group = g_object_ref (group);
  /* Translators: %s is the new group's name */
  title = g_strdup_printf (_("“%s” Is Ready"), kindred_group_get_name (group));
  adw_status_page_set_title (self->created_page, title);
  gtk_stack_set_visible_child_name (self->stack, "created");
  update_actions (self);
  gtk_widget_grab_focus (self->invite_button);

  g_signal_emit (self, signals[CREATED], 0, group);

  return group;
}

GtkWidget *
kindred_create_group_dialog_lookup (KindredCreateGroupDialog *self,
                                    const char               *name)
{
  g_return_val_if_fail (KINDRED_IS_CREATE_GROUP_DIALOG (self), NULL);

  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                    KINDRED_TYPE_CREATE_GROUP_DIALOG, name));
}

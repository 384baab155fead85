/* kindred-contacts-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-contacts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-contacts-dialog.h"

struct _KindredContactsDialog
{
  AdwWindow       parent_instance;

  AdwEntryRow    *name_row;
  AdwEntryRow    *phone_row;
  AdwEntryRow    *other_row;
  AdwEntryRow    *note_row;
  GtkWidget      *save_button;
  GtkLabel       *error_label;

  KindredStore   *store;
  KindredContact *contact;
};

G_DEFINE_FINAL_TYPE (KindredContactsDialog, kindred_contacts_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_error (KindredContactsDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kindred_contacts_dialog_save (KINDRED_CONTACTS_DIALOG (widget));
}

static void
name_changed_cb (KindredContactsDialog *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contact.save", *g_strstrip (name) != '\0');
}

static void
kindred_contacts_dialog_dispose (GObject *object)
{
  KindredContactsDialog *self = KINDRED_CONTACTS_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->contact);

  G_OBJECT_CLASS (kindred_contacts_dialog_parent_class)->dispose (object);
}

static void
kindred_contacts_dialog_class_init (KindredContactsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_contacts_dialog_dispose;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, KINDRED_TYPE_CONTACT);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-contacts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredContactsDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KindredContactsDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, KindredContactsDialog, other_row);
  gtk_widget_class_bind_template_child (widget_class, KindredContactsDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, KindredContactsDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KindredContactsDialog, error_label);
  gtk_widget_class_install_action (widget_class, "contact.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kindred_contacts_dialog_init (KindredContactsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
}

KindredContactsDialog *
kindred_contacts_dialog_new (GtkWindow      *parent,
                             KindredStore   *store,
                             KindredContact *contact)
{
  KindredContactsDialog *self;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (contact == NULL || KINDRED_IS_CONTACT (contact), NULL);

  self = g_object_new (KINDRED_TYPE_CONTACTS_DIALOG,
                       "transient-for", parent,
                       "title", contact != NULL ? _("Edit Contact") : _("Add a Contact"),
                       NULL);
  self->store = g_object_ref (store);
  self->contact = contact != NULL ? g_object_ref (contact) : kindred_contact_new ();

  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         or_empty (kindred_contact_get_name (self->contact)));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row),
                         or_empty (kindred_contact_get_phone (self->contact)));
  gtk_editable_set_text (GTK_EDITABLE (self->other_row),
                         or_empty (kindred_contact_get_other (self->contact)));
  gtk_editable_set_text (GTK_EDITABLE (self->note_row),
                         or_empty (kindred_contact_get_note (self->contact)));
  name_changed_cb (self);

  return self;
}

gboolean
kindred_contacts_dialog_save (KindredContactsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredContact) edited = NULL;

  g_return_val_if_fail (KINDRED_IS_CONTACTS_DIALOG (self), FALSE);

  /* A copy, so a failed save leaves the shown contact as it was */
  edited = kindred_contact_new_with_uuid (kindred_contact_get_uuid (self->contact));
  kindred_contact_set_hlc (edited, kindred_contact_get_hlc (self->contact));
  kindred_contact_set_name (edited, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  kindred_contact_set_phone (edited, gtk_editable_get_text (GTK_EDITABLE (self->phone_row)));
  kindred_contact_set_other (edited, gtk_editable_get_text (GTK_EDITABLE (self->other_row)));
  kindred_contact_set_note (edited, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));

  if (!kindred_contact_save (edited, self->store, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }

  g_set_object (&self->contact, edited);
  g_signal_emit (self, signals[SAVED], 0, edited);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

GtkWidget *
kindred_contacts_dialog_lookup_widget (KindredContactsDialog *self,
                                       const char            *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_CONTACTS_DIALOG (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_CONTACTS_DIALOG, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

/* kindred-create-passphrase-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-create-passphrase-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kindred-core.h"
#include "kindred-create-passphrase-page.h"

struct _KindredCreatePassphrasePage
{
  GtkWidget      parent_instance;

  AdwStatusPage *status_page;
  GtkEditable   *passphrase_entry;
  GtkEditable   *confirm_entry;
  GtkLabel      *hint_label;
  GtkLabel      *error_label;
  GtkSpinner    *spinner;

  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (KindredCreatePassphrasePage, kindred_create_passphrase_page,
                     GTK_TYPE_WIDGET)

enum { CREATE, CANCEL, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update (KindredCreatePassphrasePage *self)
{
  const char *passphrase = gtk_editable_get_text (self->passphrase_entry);
  const char *confirm = gtk_editable_get_text (self->confirm_entry);

  /* Not insensitive: a focused GtkText made insensitive in GTK 4.8 warns that it
   * "did not receive a focus-out event" */
  /* Not insensitive: a focused GtkText made insensitive in GTK 4.8 warns that it
   * "did not receive a focus-out event" */
  gtk_editable_set_editable (self->passphrase_entry, !self->busy);
  gtk_editable_set_editable (self->confirm_entry, !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.create",
                                 !self->busy && *passphrase != '\0' && *confirm != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.cancel", !self->busy);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredCreatePassphrasePage *self = KINDRED_CREATE_PASSPHRASE_PAGE (widget);
  const char *passphrase = gtk_editable_get_text (self->passphrase_entry);
  const char *confirm = gtk_editable_get_text (self->confirm_entry);

  if (self->busy)
    return;

  if (g_utf8_strlen (passphrase, -1) < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    {
      g_autofree char *message =
        g_strdup_printf (ngettext ("Please use at least %d character.",
                                   "Please use at least %d characters.",
                                   KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                         KINDRED_KEY_PASSPHRASE_MIN_CHARS);
      kindred_create_passphrase_page_set_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_entry));
      return;
    }

  if (g_strcmp0 (passphrase, confirm) != 0)
    {
      kindred_create_passphrase_page_set_error (self,
        _("The two passphrases are not the same. Please type it again."));
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_entry));
      return;
    }

  kindred_create_passphrase_page_set_error (self, NULL);
  g_signal_emit (self, signals[CREATE], 0, passphrase);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[CANCEL], 0);
}

static void
entry_changed_cb (KindredCreatePassphrasePage *self)
{
  update (self);
}

static void
passphrase_activate_cb (KindredCreatePassphrasePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_entry));
}

static void
confirm_activate_cb (KindredCreatePassphrasePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "create.create", NULL);
}

static void
kindred_create_passphrase_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), KINDRED_TYPE_CREATE_PASSPHRASE_PAGE);
  /* dispose_template clears only bound children; the root of a bin goes here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_create_passphrase_page_parent_class)->dispose (object);
}

static gboolean
kindred_create_passphrase_page_grab_focus (GtkWidget *widget)
{
  KindredCreatePassphrasePage *self = KINDRED_CREATE_PASSPHRASE_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_entry));
}

static void
kindred_create_passphrase_page_class_init (KindredCreatePassphrasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_create_passphrase_page_dispose;
  widget_class->grab_focus = kindred_create_passphrase_page_grab_focus;

  signals[CREATE] =
    g_signal_new ("create",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[CANCEL] =
    g_signal_new ("cancel",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-create-passphrase-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredCreatePassphrasePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, KindredCreatePassphrasePage,
                                        passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredCreatePassphrasePage, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredCreatePassphrasePage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KindredCreatePassphrasePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredCreatePassphrasePage, spinner);

  gtk_widget_class_install_action (widget_class, "create.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "create.cancel", NULL, cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kindred_create_passphrase_page_init (KindredCreatePassphrasePage *self)
{
  g_autofree char *hint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  hint = g_strdup_printf (ngettext ("At least %d character. A few unrelated words are easy "
                                    "to remember and hard to guess.",
                                    "At least %d characters. A few unrelated words are "
                                    "easy to remember and hard to guess.",
                                    KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                          KINDRED_KEY_PASSPHRASE_MIN_CHARS);
  gtk_label_set_label (self->hint_label, hint);

  kindred_create_passphrase_page_set_description (self, NULL);

  g_signal_connect_swapped (self->passphrase_entry, "changed",
                            G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->confirm_entry, "changed",
                            G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->passphrase_entry, "activate",
                            G_CALLBACK (passphrase_activate_cb), self);
  g_signal_connect_swapped (self->confirm_entry, "activate",
                            G_CALLBACK (confirm_activate_cb), self);

  update (self);
}

GtkWidget *
kindred_create_passphrase_page_new (void)
{
  return g_object_new (KINDRED_TYPE_CREATE_PASSPHRASE_PAGE, NULL);
}

void
kindred_create_passphrase_page_set_description (KindredCreatePassphrasePage *self,
                                                const char                  *description)
{
  g_return_if_fail (KINDRED_IS_CREATE_PASSPHRASE_PAGE (self));

  if (description == NULL)
    description = _("Your journal will be locked with a passphrase you choose. Nobody can "
                    "recover it for you: if you forget it, only the recovery key can open "
                    "your journal.");

  adw_status_page_set_description (self->status_page, description);
}

void
kindred_create_passphrase_page_set_busy (KindredCreatePassphrasePage *self,
                                         gboolean                     busy)
{
  g_return_if_fail (KINDRED_IS_CREATE_PASSPHRASE_PAGE (self));

  self->busy = !!busy;
  update (self);
}

void
kindred_create_passphrase_page_set_error (KindredCreatePassphrasePage *self,
                                          const char                  *message)
{
  g_return_if_fail (KINDRED_IS_CREATE_PASSPHRASE_PAGE (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
kindred_create_passphrase_page_reset (KindredCreatePassphrasePage *self)
{
  g_return_if_fail (KINDRED_IS_CREATE_PASSPHRASE_PAGE (self));

  gtk_editable_set_text (self->passphrase_entry, "");
  gtk_editable_set_text (self->confirm_entry, "");
  self->busy = FALSE;
  kindred_create_passphrase_page_set_error (self, NULL);
  update (self);
}

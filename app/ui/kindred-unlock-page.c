/* kindred-unlock-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-unlock-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kindred-unlock-page.h"

struct _KindredUnlockPage
{
  GtkWidget      parent_instance;

  AdwStatusPage *status_page;
  GtkEditable   *passphrase_entry;
  GtkEditable   *recovery_entry;
  GtkLabel      *error_label;
  GtkButton     *unlock_button;
  GtkSpinner    *spinner;
  GtkButton     *mode_button;

  gboolean       passphrase_mode;
  gboolean       use_recovery;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (KindredUnlockPage, kindred_unlock_page, GTK_TYPE_WIDGET)

enum { UNLOCK, CANCEL, N_SIGNALS };
static guint signals[N_SIGNALS];

static GtkEditable *
current_entry (KindredUnlockPage *self)
{
  return self->use_recovery ? self->recovery_entry : self->passphrase_entry;
}

static void
update (KindredUnlockPage *self)
{
  const char *text = gtk_editable_get_text (current_entry (self));

  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_entry), !self->use_recovery);
  gtk_widget_set_visible (GTK_WIDGET (self->recovery_entry), self->use_recovery);

  if (self->use_recovery)
    adw_status_page_set_description (self->status_page,
      _("Type the recovery key you wrote down when you set up the journal. Spaces and "
        "dashes do not matter."));
  else
    adw_status_page_set_description (self->status_page,
      _("Enter your passphrase to open your journal."));

  if (!self->use_recovery)
    gtk_button_set_label (self->mode_button, _("Use _Recovery Key"));
  else if (self->passphrase_mode)
    gtk_button_set_label (self->mode_button, _("Use _Passphrase"));
  else
    gtk_button_set_label (self->mode_button, _("Try the _Keyring Again"));

  /* Not insensitive: a focused GtkText made insensitive in GTK 4.8 warns that it
   * "did not receive a focus-out event" */
  /* Not insensitive: a focused GtkText made insensitive in GTK 4.8 warns that it
   * "did not receive a focus-out event" */
  gtk_editable_set_editable (self->passphrase_entry, !self->busy);
  gtk_editable_set_editable (self->recovery_entry, !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.unlock",
                                 !self->busy && text != NULL && *text != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.toggle-mode", !self->busy);
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredUnlockPage *self = KINDRED_UNLOCK_PAGE (widget);
  const char *text = gtk_editable_get_text (current_entry (self));

  if (self->busy || text == NULL || *text == '\0')
    return;

  kindred_unlock_page_set_error (self, NULL);
  g_signal_emit (self, signals[UNLOCK], 0, text, self->use_recovery);
}

static void
toggle_mode_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KindredUnlockPage *self = KINDRED_UNLOCK_PAGE (widget);

  if (self->use_recovery && !self->passphrase_mode)
    {
      g_signal_emit (self, signals[CANCEL], 0);
      return;
    }

  kindred_unlock_page_set_use_recovery (self, !self->use_recovery);
}

static void
entry_changed_cb (KindredUnlockPage *self)
{
  update (self);
}

static void
entry_activate_cb (KindredUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock.unlock", NULL);
}

static void
kindred_unlock_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), KINDRED_TYPE_UNLOCK_PAGE);
  /* dispose_template clears only bound children; the root of a bin goes here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_unlock_page_parent_class)->dispose (object);
}

static gboolean
kindred_unlock_page_grab_focus (GtkWidget *widget)
{
  KindredUnlockPage *self = KINDRED_UNLOCK_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (current_entry (self)));
}

static void
kindred_unlock_page_class_init (KindredUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_unlock_page_dispose;
  widget_class->grab_focus = kindred_unlock_page_grab_focus;

  signals[UNLOCK] =
    g_signal_new ("unlock",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
  signals[CANCEL] =
    g_signal_new ("cancel",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredUnlockPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, KindredUnlockPage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredUnlockPage, recovery_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, KindredUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredUnlockPage, mode_button);

  gtk_widget_class_install_action (widget_class, "unlock.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "unlock.toggle-mode", NULL,
                                   toggle_mode_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kindred_unlock_page_init (KindredUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->passphrase_mode = TRUE;

  g_signal_connect_swapped (self->passphrase_entry, "changed",
                            G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->recovery_entry, "changed",
                            G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->passphrase_entry, "activate",
                            G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->recovery_entry, "activate",
                            G_CALLBACK (entry_activate_cb), self);

  update (self);
}

GtkWidget *
kindred_unlock_page_new (void)
{
  return g_object_new (KINDRED_TYPE_UNLOCK_PAGE, NULL);
}

void
kindred_unlock_page_set_passphrase_mode (KindredUnlockPage *self,
                                         gboolean           passphrase_mode)
{
  g_return_if_fail (KINDRED_IS_UNLOCK_PAGE (self));

  self->passphrase_mode = !!passphrase_mode;
  /* A keyring journal has no passphrase to type: only its recovery key */
  if (!self->passphrase_mode)
    self->use_recovery = TRUE;
  update (self);
}

void
kindred_unlock_page_set_use_recovery (KindredUnlockPage *self,
                                      gboolean           use_recovery)
{
  g_return_if_fail (KINDRED_IS_UNLOCK_PAGE (self));

  self->use_recovery = !!use_recovery || !self->passphrase_mode;
  kindred_unlock_page_set_error (self, NULL);
  update (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (current_entry (self)));
}

gboolean
kindred_unlock_page_get_use_recovery (KindredUnlockPage *self)
{
  g_return_val_if_fail (KINDRED_IS_UNLOCK_PAGE (self), FALSE);

  return self->use_recovery;
}

void
kindred_unlock_page_set_busy (KindredUnlockPage *self,
                              gboolean           busy)
{
  g_return_if_fail (KINDRED_IS_UNLOCK_PAGE (self));

  self->busy = !!busy;
  update (self);
  if (!self->busy && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (current_entry (self)));
}

void
kindred_unlock_page_set_error (KindredUnlockPage *self,
                               const char        *message)
{
  g_return_if_fail (KINDRED_IS_UNLOCK_PAGE (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
kindred_unlock_page_reset (KindredUnlockPage *self)
{
  g_return_if_fail (KINDRED_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (self->passphrase_entry, "");
  gtk_editable_set_text (self->recovery_entry, "");
  self->busy = FALSE;
  self->use_recovery = !self->passphrase_mode;
  kindred_unlock_page_set_error (self, NULL);
  update (self);
}

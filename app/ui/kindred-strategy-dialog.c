/* kindred-strategy-dialog.c: add or edit one of the person's own strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-strategy-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-strategy-dialog.h"

struct _KindredStrategyDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *name_row;
  AdwEntryRow      *description_row;

  KindredStore     *store;
  KindredStrategy  *strategy; /* NULL: a new one */
};

G_DEFINE_FINAL_TYPE (KindredStrategyDialog, kindred_strategy_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum { SAVED, SAVE_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
name_changed_cb (KindredStrategyDialog *self)
{
  g_autofree char *name = stripped_text (self->name_row);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", name[0] != '\0');
}

static void
kindred_strategy_dialog_response (AdwMessageDialog *dialog,
                                  const char       *response)
{
  KindredStrategyDialog *self = KINDRED_STRATEGY_DIALOG (dialog);
  g_autoptr(KindredStrategy) strategy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  if (g_strcmp0 (response, "save") != 0 || self->store == NULL)
    return;

  name = stripped_text (self->name_row);
  description = stripped_text (self->description_row);
  if (name[0] == '\0')
    return;

  strategy = self->strategy != NULL ? g_object_ref (self->strategy) : kindred_strategy_new ();
  kindred_strategy_set_name (strategy, name);
  kindred_strategy_set_description (strategy, description[0] != '\0' ? description : NULL);
  kindred_strategy_set_builtin (strategy, FALSE);

  if (!kindred_store_save_strategy (self->store, strategy, &error))
    {
      /* The dialog closes after any response, and the name is still typed
       * nowhere else: the view hears "save-failed" and says so */
      g_signal_emit (self, signals[SAVE_FAILED], 0, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, strategy);
}

static void
kindred_strategy_dialog_dispose (GObject *object)
{
  KindredStrategyDialog *self = KINDRED_STRATEGY_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->strategy);

  G_OBJECT_CLASS (kindred_strategy_dialog_parent_class)->dispose (object);
}

static void
kindred_strategy_dialog_class_init (KindredStrategyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = kindred_strategy_dialog_dispose;
  dialog_class->response = kindred_strategy_dialog_response;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, KINDRED_TYPE_STRATEGY);
  signals[SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-strategy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, description_row);
}

static void
kindred_strategy_dialog_init (KindredStrategyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  name_changed_cb (self);
}

GtkWidget *
kindred_strategy_dialog_new (GtkWindow       *parent,
                             KindredStore    *store,
                             KindredStrategy *strategy)
{
  KindredStrategyDialog *self;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (strategy == NULL || KINDRED_IS_STRATEGY (strategy), NULL);

  self = g_object_new (KINDRED_TYPE_STRATEGY_DIALOG,
                       "transient-for", parent,
                       "heading", strategy != NULL ? _("Edit your strategy") : _("Add your own strategy"),
                       NULL);
  self->store = g_object_ref (store);
  if (strategy != NULL)
    {
      self->strategy = g_object_ref (strategy);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), kindred_strategy_get_name (strategy));
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             kindred_strategy_get_description (strategy) != NULL
                             ? kindred_strategy_get_description (strategy) : "");
    }

  return GTK_WIDGET (self);
}

AdwEntryRow *
kindred_strategy_dialog_get_name_row (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->name_row;
}

AdwEntryRow *
kindred_strategy_dialog_get_description_row (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->description_row;
}

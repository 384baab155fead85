/* kindred-sync-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-sync-button"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-sync-button.h"

struct _KindredSyncButton
{
  GtkButton    parent_instance;

  GtkStack    *stack;
  GtkSpinner  *spinner;
  KindredSync *sync;
  double       fraction;
  gboolean     fits;
};

G_DEFINE_FINAL_TYPE (KindredSyncButton, kindred_sync_button, GTK_TYPE_BUTTON)

enum { PROP_0, PROP_SYNC, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
update (KindredSyncButton *self)
{
  g_autofree char *tooltip = NULL;
  const char *state = "idle";

  if (self->sync == NULL || !kindred_sync_get_enabled (self->sync) || !self->fits)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  if (kindred_sync_get_busy (self->sync))
    {
      state = "busy";
      /* Translators: %d is how far the sync has come, in percent */
      tooltip = g_strdup_printf (_("Syncing… %d%%"), (int) (self->fraction * 100 + 0.5));
    }
  else if (kindred_sync_get_last_error (self->sync) != NULL)
    {
      const GError *error = kindred_sync_get_last_error (self->sync);
      g_autofree char *message = kindred_sync_describe_error (error);

      state = "problem";
      /* Translators: %s says why the last sync did not finish */
      tooltip = g_strdup_printf (_("Sync Now — the last sync didn’t finish: %s"), message);
    }
  else if (kindred_sync_get_last_result (self->sync) != NULL)
    {
      KindredSyncResult *result = kindred_sync_get_last_result (self->sync);
      g_autofree char *summary = kindred_sync_result_dup_summary (result);

      if (kindred_sync_result_get_files_refused (result) > 0)
        state = "problem";
      /* Translators: %s is the last sync's summary, e.g. "2 added, 1 updated" */
      tooltip = g_strdup_printf (_("Sync Now — last time: %s"), summary);
    }
  else
    {
      tooltip = g_strdup (_("Sync Now"));
    }

  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "busy") == 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_strcmp0 (state, "busy") == 0 ? _("Syncing")
                                                                 : _("Sync now"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

static void
progress_cb (KindredSyncButton *self,
             double             fraction)
{
  self->fraction = CLAMP (fraction, 0.0, 1.0);
  update (self);
}

static void
busy_changed_cb (KindredSyncButton *self)
{
  self->fraction = 0.0;
  update (self);
}

static void
kindred_sync_button_dispose (GObject *object)
{
  KindredSyncButton *self = KINDRED_SYNC_BUTTON (object);

  kindred_sync_button_set_sync (self, NULL);

  G_OBJECT_CLASS (kindred_sync_button_parent_class)->dispose (object);
}

static void
kindred_sync_button_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KindredSyncButton *self = KINDRED_SYNC_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_sync_button_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KindredSyncButton *self = KINDRED_SYNC_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      kindred_sync_button_set_sync (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_sync_button_class_init (KindredSyncButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kindred_sync_button_dispose;
  object_class->get_property = kindred_sync_button_get_property;
  object_class->set_property = kindred_sync_button_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         KINDRED_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_sync_button_init (KindredSyncButton *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *image;
  GtkWidget *spinner = gtk_spinner_new ();

  image = gtk_image_new_from_icon_name ("emblem-synchronizing-symbolic");
  gtk_stack_add_named (GTK_STACK (stack), image, "idle");
  gtk_stack_add_named (GTK_STACK (stack), spinner, "busy");
  image = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (image, "warning");
  gtk_stack_add_named (GTK_STACK (stack), image, "problem");
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), TRUE);
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), TRUE);
  gtk_button_set_child (GTK_BUTTON (self), stack);

  self->stack = GTK_STACK (stack);
  self->spinner = GTK_SPINNER (spinner);
  self->fits = TRUE;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.sync-now");
  gtk_widget_add_css_class (GTK_WIDGET (self), "image-button");
  update (self);
}

GtkWidget *
kindred_sync_button_new (void)
{
  return g_object_new (KINDRED_TYPE_SYNC_BUTTON, NULL);
}

KindredSync *
kindred_sync_button_get_sync (KindredSyncButton *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC_BUTTON (self), NULL);

  return self->sync;
}

void
kindred_sync_button_set_sync (KindredSyncButton *self,
                              KindredSync       *sync)
{
  g_return_if_fail (KINDRED_IS_SYNC_BUTTON (self));
  g_return_if_fail (sync == NULL || KINDRED_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  self->fraction = 0.0;

  if (sync != NULL)
    {
      g_signal_connect_swapped (sync, "notify::enabled", G_CALLBACK (update), self);
      g_signal_connect_swapped (sync, "notify::busy", G_CALLBACK (busy_changed_cb), self);
      g_signal_connect_swapped (sync, "finished", G_CALLBACK (update), self);
      g_signal_connect_swapped (sync, "progress", G_CALLBACK (progress_cb), self);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

void
kindred_sync_button_set_fits (KindredSyncButton *self,
                              gboolean           fits)
{
  g_return_if_fail (KINDRED_IS_SYNC_BUTTON (self));

  if (self->fits == !!fits)
    return;

  self->fits = !!fits;
  update (self);
}

gboolean
kindred_sync_button_get_fits (KindredSyncButton *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC_BUTTON (self), FALSE);

  return self->fits;
}

const char *
kindred_sync_button_get_state (KindredSyncButton *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC_BUTTON (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return "idle";

  return gtk_stack_get_visible_child_name (self->stack);
}

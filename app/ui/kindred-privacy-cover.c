/* kindred-privacy-cover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-privacy-cover"

#include "config.h"

#include <adwaita.h>

#include "kindred-privacy-cover.h"

struct _KindredPrivacyCover
{
  GtkWidget  parent_instance;

  GtkWidget *continue_button;
};

G_DEFINE_FINAL_TYPE (KindredPrivacyCover, kindred_privacy_cover, GTK_TYPE_WIDGET)

static gboolean
kindred_privacy_cover_grab_focus (GtkWidget *widget)
{
  KindredPrivacyCover *self = KINDRED_PRIVACY_COVER (widget);

  /* Enter or Space is all it takes to go on */
  return gtk_widget_grab_focus (self->continue_button);
}

static void
kindred_privacy_cover_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), KINDRED_TYPE_PRIVACY_COVER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_privacy_cover_parent_class)->dispose (object);
}

static void
kindred_privacy_cover_class_init (KindredPrivacyCoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_privacy_cover_dispose;
  widget_class->grab_focus = kindred_privacy_cover_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-privacy-cover.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredPrivacyCover, continue_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kindred_privacy_cover_init (KindredPrivacyCover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kindred_privacy_cover_new (void)
{
  return g_object_new (KINDRED_TYPE_PRIVACY_COVER, NULL);
}

/* kindred-strategy-page.c: one strategy in full: what to do, when it may help, your numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-strategy-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kindred-strategy-page.h"

struct _KindredStrategyPage
{
  GtkWidget  parent_instance;

  GtkLabel  *message_label;
  GtkLabel  *name_label;
  GtkLabel  *category_label;
  GtkLabel  *description_label;
  GtkButton *start_button;
  GtkWidget *duration_heading;
  GtkLabel  *duration_label;
  GtkWidget *when_heading;
  GtkLabel  *when_label;
  GtkWidget *steps_heading;
  GtkBox    *steps_box;
  GtkLabel  *stats_label;
  GtkWidget *own_box;
  GtkWidget *archive_button;
  GtkWidget *restore_button;
};

G_DEFINE_FINAL_TYPE (KindredStrategyPage, kindred_strategy_page, GTK_TYPE_WIDGET)

static void
set_optional_text (GtkLabel   *label,
                   GtkWidget  *heading,
                   const char *text)
{
  gboolean shown = text != NULL && text[0] != '\0';

  gtk_label_set_label (label, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  if (heading != NULL)
    gtk_widget_set_visible (heading, shown);
}

static void
kindred_strategy_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), KINDRED_TYPE_STRATEGY_PAGE);
  /* GTK 4.8 unparents only the template's bound children; the outer box is not one */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_strategy_page_parent_class)->dispose (object);
}

static void
kindred_strategy_page_class_init (KindredStrategyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_strategy_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-strategy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, category_label);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, duration_heading);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, duration_label);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, when_heading);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, when_label);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, steps_heading);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, steps_box);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, stats_label);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, own_box);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, archive_button);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPage, restore_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kindred_strategy_page_init (KindredStrategyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kindred_strategy_page_new (void)
{
  return g_object_new (KINDRED_TYPE_STRATEGY_PAGE, NULL);
}

char *
kindred_strategy_format_minutes (guint minutes_min,
                                 guint minutes_max)
{
  if (minutes_max == 0 && minutes_min == 0)
    return NULL;

  if (minutes_max <= minutes_min)
    /* Translators: how long a strategy takes */
    return g_strdup_printf (ngettext ("About %u minute", "About %u minutes", minutes_min),
                            minutes_min);

  /* Translators: how long a strategy takes, e.g. "2–5 minutes" */
  return g_strdup_printf (ngettext ("%u–%u minute", "%u–%u minutes", minutes_max),
                          minutes_min, minutes_max);
}

void
kindred_strategy_page_set_strategy (KindredStrategyPage *self,
                                    KindredStrategy     *strategy,
                                    KindredStrategyInfo *info,
                                    const char          *category_name,
                                    const char          *stats_text)
{
  g_autofree char *minutes = NULL;
  const char * const *steps = NULL;
  GtkWidget *child;
  gboolean own;

  g_return_if_fail (KINDRED_IS_STRATEGY_PAGE (self));
  g_return_if_fail (KINDRED_IS_STRATEGY (strategy));

  own = info == NULL;
  kindred_strategy_page_set_message (self, NULL);
  gtk_label_set_label (self->name_label, own ? kindred_strategy_get_name (strategy)
                                             : kindred_strategy_info_get_name (info));
  set_optional_text (self->category_label, NULL, category_name);
  set_optional_text (self->description_label, NULL,
                     own ? kindred_strategy_get_description (strategy)
                         : kindred_strategy_info_get_description (info));

  /* The person's own strategy says as much as a built-in one, in their words */
  if (own)
    minutes = kindred_strategy_format_minutes (kindred_strategy_get_minutes_min (strategy),
                                               kindred_strategy_get_minutes_max (strategy));
  else
    minutes = kindred_strategy_format_minutes (kindred_strategy_info_get_minutes_min (info),
                                               kindred_strategy_info_get_minutes_max (info));
  set_optional_text (self->duration_label, self->duration_heading, minutes);
  set_optional_text (self->when_label, self->when_heading,
                     own ? kindred_strategy_get_when (strategy) : kindred_strategy_info_get_when (info));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box))) != NULL)
    gtk_box_remove (self->steps_box, child);
  steps = own ? kindred_strategy_get_steps (strategy) : kindred_strategy_info_get_steps (info);
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      /* Translators: a numbered step, e.g. "1. Sit comfortably." */
      g_autofree char *text = g_strdup_printf (_("%u. %s"), i + 1, steps[i]);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (self->steps_box, label);
    }
  gtk_widget_set_visible (self->steps_heading, steps != NULL && steps[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_box), steps != NULL && steps[0] != NULL);

  gtk_label_set_label (self->stats_label, stats_text);

  gtk_widget_set_visible (GTK_WIDGET (self->start_button),
                          !own && kindred_strategy_info_get_guided_kind (info) != KINDRED_GUIDED_NONE);
  gtk_widget_set_visible (self->own_box, own);
  gtk_widget_set_visible (self->archive_button, own && !kindred_strategy_get_archived (strategy));
  gtk_widget_set_visible (self->restore_button, own && kindred_strategy_get_archived (strategy));
}

void
kindred_strategy_page_set_message (KindredStrategyPage *self,
                                   const char          *message)
{
  g_return_if_fail (KINDRED_IS_STRATEGY_PAGE (self));

  set_optional_text (self->message_label, NULL, message);
}

GtkLabel *
kindred_strategy_page_get_stats_label (KindredStrategyPage *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_PAGE (self), NULL);

  return self->stats_label;
}

GtkButton *
kindred_strategy_page_get_start_button (KindredStrategyPage *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_PAGE (self), NULL);

  return self->start_button;
}

GtkLabel *
kindred_strategy_page_get_category_label (KindredStrategyPage *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_PAGE (self), NULL);

  return self->category_label;
}

GtkLabel *
kindred_strategy_page_get_duration_label (KindredStrategyPage *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_PAGE (self), NULL);

  return self->duration_label;
}

GtkLabel *
kindred_strategy_page_get_when_label (KindredStrategyPage *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_PAGE (self), NULL);

  return self->when_label;
}

/**
 * kindred_strategy_page_dup_steps:
 *
 * Returns: (transfer full) (nullable): the steps' labels in order, NULL when none
 */
GStrv
kindred_strategy_page_dup_steps (KindredStrategyPage *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  GtkWidget *child;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_PAGE (self), NULL);

  if (gtk_widget_get_first_child (GTK_WIDGET (self->steps_box)) == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, gtk_label_get_label (GTK_LABEL (child)));

  return g_strv_builder_end (builder);
}

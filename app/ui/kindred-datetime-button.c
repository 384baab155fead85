/* kindred-datetime-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-datetime-button"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-datetime-button.h"

struct _KindredDatetimeButton
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkLabel      *label;
  GtkCalendar   *calendar;
  GtkSpinButton *hour;
  GtkSpinButton *minute;

  GDateTime     *date_time;
  /* Set while the popover's widgets are filled from date_time, so that is not a pick */
  gboolean       loading;
};

G_DEFINE_FINAL_TYPE (KindredDatetimeButton, kindred_datetime_button, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DATE_TIME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* "Today, 14:05", "Yesterday, 21:30", "Tue 24 Nov, 09:00", "3 Mar 2025, 09:00" (transfer full) */
static char *
format_date_time (GDateTime *date_time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *time = g_date_time_format (date_time, "%R");
  g_autofree char *day = NULL;

  if (same_day (date_time, now))
    /* Translators: the time of an entry written today, e.g. "Today, 14:05" */
    return g_strdup_printf (_("Today, %s"), time);
  if (same_day (date_time, yesterday))
    /* Translators: the time of an entry written yesterday, e.g. "Yesterday, 21:30" */
    return g_strdup_printf (_("Yesterday, %s"), time);

  if (g_date_time_get_year (date_time) == g_date_time_get_year (now))
    /* Translators: a day this year, strftime format, e.g. "Tue 24 Nov" */
    day = g_date_time_format (date_time, _("%a %e %b"));
  else
    /* Translators: a day of another year, strftime format, e.g. "3 Mar 2025" */
    day = g_date_time_format (date_time, _("%e %b %Y"));

  /* Translators: a day and a time, e.g. "Tue 24 Nov, 09:00" */
  return g_strdup_printf (_("%s, %s"), g_strstrip (day), time);
}

static void
update_widgets (KindredDatetimeButton *self)
{
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  if (self->date_time == NULL)
    {
      gtk_label_set_label (self->label, "");
      return;
    }

  text = format_date_time (self->date_time);
  gtk_label_set_label (self->label, text);
  /* Translators: the accessible name of the button that changes an entry's time */
  accessible = g_strdup_printf (_("Time of the entry: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  self->loading = TRUE;
  gtk_calendar_select_day (self->calendar, self->date_time);
  gtk_spin_button_set_value (self->hour, g_date_time_get_hour (self->date_time));
  gtk_spin_button_set_value (self->minute, g_date_time_get_minute (self->date_time));
  self->loading = FALSE;
}

static void
take_date_time (KindredDatetimeButton *self,
                GDateTime             *date_time)
{
  if (self->date_time != NULL && date_time != NULL &&
      g_date_time_equal (self->date_time, date_time))
    {
      g_date_time_unref (date_time);
      return;
    }

  g_clear_pointer (&self->date_time, g_date_time_unref);
  self->date_time = date_time;
  update_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_TIME]);
}

static void
picked_cb (KindredDatetimeButton *self)
{
  g_autoptr(GDateTime) day = NULL;
  GDateTime *picked;

  if (self->loading)
    return;

  day = gtk_calendar_get_date (self->calendar);
  picked = g_date_time_new_local (g_date_time_get_year (day),
                                  g_date_time_get_month (day),
                                  g_date_time_get_day_of_month (day),
                                  gtk_spin_button_get_value_as_int (self->hour),
                                  gtk_spin_button_get_value_as_int (self->minute),
                                  0);
  /* A time that does not exist (the hour skipped by a clock change) stays as it was */
  if (picked != NULL)
    take_date_time (self, picked);
}

static void
now_clicked_cb (KindredDatetimeButton *self)
{
  take_date_time (self, g_date_time_new_now_local ());
  gtk_menu_button_popdown (self->button);
}

static void
kindred_datetime_button_dispose (GObject *object)
{
  KindredDatetimeButton *self = KINDRED_DATETIME_BUTTON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_DATETIME_BUTTON);

  G_OBJECT_CLASS (kindred_datetime_button_parent_class)->dispose (object);
}

static void
kindred_datetime_button_finalize (GObject *object)
{
  KindredDatetimeButton *self = KINDRED_DATETIME_BUTTON (object);

  g_clear_pointer (&self->date_time, g_date_time_unref);

  G_OBJECT_CLASS (kindred_datetime_button_parent_class)->finalize (object);
}

static void
kindred_datetime_button_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  KindredDatetimeButton *self = KINDRED_DATETIME_BUTTON (object);

  switch (prop_id)
    {
    case PROP_DATE_TIME:
      g_value_set_boxed (value, self->date_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_datetime_button_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  KindredDatetimeButton *self = KINDRED_DATETIME_BUTTON (object);

  switch (prop_id)
    {
    case PROP_DATE_TIME:
      kindred_datetime_button_set_date_time (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_datetime_button_class_init (KindredDatetimeButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_datetime_button_dispose;
  object_class->finalize = kindred_datetime_button_finalize;
  object_class->get_property = kindred_datetime_button_get_property;
  object_class->set_property = kindred_datetime_button_set_property;

  properties[PROP_DATE_TIME] =
    g_param_spec_boxed ("date-time", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-datetime-button.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredDatetimeButton, button);
  gtk_widget_class_bind_template_child (widget_class, KindredDatetimeButton, label);
  gtk_widget_class_bind_template_child (widget_class, KindredDatetimeButton, calendar);
  gtk_widget_class_bind_template_child (widget_class, KindredDatetimeButton, hour);
  gtk_widget_class_bind_template_child (widget_class, KindredDatetimeButton, minute);
  gtk_widget_class_bind_template_callback (widget_class, now_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindreddatetimebutton");
}

static void
kindred_datetime_button_init (KindredDatetimeButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (picked_cb), self);
  g_signal_connect_swapped (self->hour, "value-changed", G_CALLBACK (picked_cb), self);
  g_signal_connect_swapped (self->minute, "value-changed", G_CALLBACK (picked_cb), self);

  take_date_time (self, g_date_time_new_now_local ());
}

GtkWidget *
kindred_datetime_button_new (void)
{
  return g_object_new (KINDRED_TYPE_DATETIME_BUTTON, NULL);
}

GDateTime *
kindred_datetime_button_get_date_time (KindredDatetimeButton *self)
{
  g_return_val_if_fail (KINDRED_IS_DATETIME_BUTTON (self), NULL);

  return self->date_time;
}

void
kindred_datetime_button_set_date_time (KindredDatetimeButton *self,
                                       GDateTime             *date_time)
{
  g_return_if_fail (KINDRED_IS_DATETIME_BUTTON (self));

  if (date_time == NULL)
    take_date_time (self, g_date_time_new_now_local ());
  else
    take_date_time (self, g_date_time_to_local (date_time));
}

GtkMenuButton *
kindred_datetime_button_get_button (KindredDatetimeButton *self)
{
  g_return_val_if_fail (KINDRED_IS_DATETIME_BUTTON (self), NULL);

  return self->button;
}

GtkCalendar *
kindred_datetime_button_get_calendar (KindredDatetimeButton *self)
{
  g_return_val_if_fail (KINDRED_IS_DATETIME_BUTTON (self), NULL);

  return self->calendar;
}

GtkSpinButton *
kindred_datetime_button_get_hour (KindredDatetimeButton *self)
{
  g_return_val_if_fail (KINDRED_IS_DATETIME_BUTTON (self), NULL);

  return self->hour;
}

GtkSpinButton *
kindred_datetime_button_get_minute (KindredDatetimeButton *self)
{
  g_return_val_if_fail (KINDRED_IS_DATETIME_BUTTON (self), NULL);

  return self->minute;
}

/* kindred-datetime-button.h: a button showing a date and time, editable in a popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_DATETIME_BUTTON (kindred_datetime_button_get_type ())
G_DECLARE_FINAL_TYPE (KindredDatetimeButton, kindred_datetime_button, KINDRED, DATETIME_BUTTON, GtkWidget)

/* Property "date-time" (GDateTime, local time, whole minutes shown): notified when the
 * person picks another day, hour or minute. */

GtkWidget     *kindred_datetime_button_new           (void);
/* (transfer none) (nullable) */
GDateTime     *kindred_datetime_button_get_date_time (KindredDatetimeButton *self);
void           kindred_datetime_button_set_date_time (KindredDatetimeButton *self,
                                                      GDateTime             *date_time);

/* The widgets a person uses, so tests can drive them as a person would. */
GtkMenuButton *kindred_datetime_button_get_button    (KindredDatetimeButton *self);
GtkCalendar   *kindred_datetime_button_get_calendar  (KindredDatetimeButton *self);
GtkSpinButton *kindred_datetime_button_get_hour      (KindredDatetimeButton *self);
GtkSpinButton *kindred_datetime_button_get_minute    (KindredDatetimeButton *self);

G_END_DECLS

/* kindred-calendar.h: a month of the journal, each day tinted by its mood
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_CALENDAR (kindred_calendar_get_type ())
G_DECLARE_FINAL_TYPE (KindredCalendar, kindred_calendar, KINDRED, CALENDAR, GtkWidget)

/* GtkCalendar can neither colour days nor take its first weekday from us, so this is
 * a grid of day buttons.  Each day with entries carries the CSS class mood-1 … mood-5
 * (the rounded average; "no-mood" when none of them has one) and an accessible label
 * such as "Tuesday 3 March, 2 entries, mood around Good".  Arrow keys move between
 * days (into the next or previous month), Page Up/Down change the month, Enter or
 * Space chooses the day.
 * Signal "day-selected" (int year, int month, int day).
 * Properties "year", "month" (1–12): the month shown; "first-weekday" (-1 = from the
 * locale, 0 = Sunday … 6 = Saturday), which follows the GSettings key of the same
 * name when the schema is installed. */

GtkWidget *kindred_calendar_new               (void);
void       kindred_calendar_set_store         (KindredCalendar *self,
                                               KindredStore    *store);
void       kindred_calendar_set_month         (KindredCalendar *self,
                                               int              year,
                                               int              month);
int        kindred_calendar_get_year          (KindredCalendar *self);
int        kindred_calendar_get_month         (KindredCalendar *self);
void       kindred_calendar_set_first_weekday (KindredCalendar *self,
                                               int              first_weekday);
/* The weekday of the first column: 0 = Sunday … 6 = Saturday. */
int        kindred_calendar_get_first_weekday (KindredCalendar *self);
/* Re-reads the moods of the month shown. */
void       kindred_calendar_reload            (KindredCalendar *self);
/* Marks the day as chosen and emits "day-selected". */
void       kindred_calendar_select_day        (KindredCalendar *self,
                                               int              year,
                                               int              month,
                                               int              day);
/* Moves keyboard focus to a day of the month shown. */
void       kindred_calendar_focus_day         (KindredCalendar *self,
                                               int              day);

/* For tests: (nullable) the button of @day (1–31) of the month shown; the
 * "previous"/"next" month buttons and the "title" label by name. */
GtkWidget *kindred_calendar_get_day_button    (KindredCalendar *self,
                                               int              day);
GtkWidget *kindred_calendar_lookup_widget     (KindredCalendar *self,
                                               const char      *name);

G_END_DECLS

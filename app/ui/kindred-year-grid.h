/* kindred-year-grid.h: a year in pixels, one small cell per day tinted by its mood
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_YEAR_GRID (kindred_year_grid_get_type ())
G_DECLARE_FINAL_TYPE (KindredYearGrid, kindred_year_grid, KINDRED, YEAR_GRID, GtkWidget)

GtkWidget  *kindred_year_grid_new         (void);
/* @days: (element-type KindredDayMood) (nullable): the year's days, copied */
void        kindred_year_grid_set_days    (KindredYearGrid *self,
                                           GArray          *days);
guint       kindred_year_grid_get_n_days  (KindredYearGrid *self);
void        kindred_year_grid_set_summary (KindredYearGrid *self,
                                           const char      *summary);

G_END_DECLS

/* kindred-year-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-year-grid"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "kindred-core.h"
#include "kindred-insights-colors.h"
#include "kindred-year-grid.h"

/* Twelve rows (months) of 31 cells: wide enough at 360 px for 7 px cells, and a
 * month reads left to right like a line of a diary. */
#define N_COLUMNS  31
#define N_ROWS     12
#define MAX_CELL   20.0
#define MIN_CELL   5.0
#define GAP_RATIO  0.18

struct _KindredYearGrid
{
  GtkWidget  parent_instance;

  GArray    *days;   /* KindredDayMood */
};

G_DEFINE_FINAL_TYPE (KindredYearGrid, kindred_year_grid, GTK_TYPE_WIDGET)

static int
month_label_width (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "MMM");
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width + 6;
}

static double
cell_size (GtkWidget *widget,
           int        width)
{
  double cell = (width - month_label_width (widget)) / (double) N_COLUMNS;

  return CLAMP (cell, MIN_CELL, MAX_CELL);
}

/* Rows are at least a line of small text high, so the month names never overlap
 * at narrow widths: the cells become a little taller than wide. */
static double
row_height (GtkWidget *widget,
            double     cell)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Mg");
  PangoAttrList *attrs = pango_attr_list_new ();
  int height;

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, NULL, &height);

  return MAX (cell, height + 1);
}

static void
kindred_year_grid_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  KindredYearGrid *self = KINDRED_YEAR_GRID (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  double cell, row, gap, left;
  GdkRGBA fg, accent;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->days == NULL || self->days->len == 0)
    return;

  kindred_insights_lookup_colors (widget, &fg, &accent);
  cell = cell_size (widget, width);
  row = row_height (widget, cell);
  gap = MAX (1.0, round (cell * GAP_RATIO));
  left = month_label_width (widget);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (int month = 1; month <= N_ROWS; month++)
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (2000, month, 1, 12, 0, 0);
      g_autofree char *name = g_date_time_format (date, "%b");
      int w, h;

      pango_layout_set_text (layout, name, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
      cairo_move_to (cr, 0, (month - 1) * row + (row - gap - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint i = 0; i < self->days->len; i++)
    {
      const KindredDayMood *day = &g_array_index (self->days, KindredDayMood, i);
      double x = left + (day->day - 1) * cell;
      double y = (day->month - 1) * row;
      double radius = MIN (3.0, (cell - gap) / 4);
      double w = cell - gap, h = row - gap;

      if (day->average > 0)
        {
          GdkRGBA color;

          kindred_insights_mood_color ((int) lround (day->average), &color);
          gdk_cairo_set_source_rgba (cr, &color);
        }
      else if (day->count > 0)
        /* Written, but without a mood: a hint of the accent, not a mood colour. */
        cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.25);
      else
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.08);

      cairo_new_sub_path (cr);
      cairo_arc (cr, x + radius, y + radius, radius, G_PI, 1.5 * G_PI);
      cairo_arc (cr, x + w - radius, y + radius, radius, 1.5 * G_PI, 2 * G_PI);
      cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, 0.5 * G_PI);
      cairo_arc (cr, x + radius, y + h - radius, radius, 0.5 * G_PI, G_PI);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static GtkSizeRequestMode
kindred_year_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kindred_year_grid_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  int label = month_label_width (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = label + (int) ceil (N_COLUMNS * MIN_CELL);
      *natural = label + (int) ceil (N_COLUMNS * MAX_CELL);
    }
  else
    {
      double cell = for_size < 0 ? MAX_CELL : cell_size (widget, for_size);

      *minimum = *natural = (int) ceil (N_ROWS * row_height (widget, cell));
    }
}

static void
kindred_year_grid_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (kindred_year_grid_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
kindred_year_grid_finalize (GObject *object)
{
  KindredYearGrid *self = KINDRED_YEAR_GRID (object);

  g_clear_pointer (&self->days, g_array_unref);

  G_OBJECT_CLASS (kindred_year_grid_parent_class)->finalize (object);
}

static void
kindred_year_grid_class_init (KindredYearGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kindred_year_grid_finalize;
  widget_class->snapshot = kindred_year_grid_snapshot;
  widget_class->measure = kindred_year_grid_measure;
  widget_class->get_request_mode = kindred_year_grid_get_request_mode;
  widget_class->css_changed = kindred_year_grid_css_changed;

  gtk_widget_class_set_css_name (widget_class, "yeargrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kindred_year_grid_init (KindredYearGrid *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Year in pixels"),
                                  -1);
}

GtkWidget *
kindred_year_grid_new (void)
{
  return g_object_new (KINDRED_TYPE_YEAR_GRID, NULL);
}

void
kindred_year_grid_set_days (KindredYearGrid *self,
                            GArray          *days)
{
  g_return_if_fail (KINDRED_IS_YEAR_GRID (self));

  g_clear_pointer (&self->days, g_array_unref);
  if (days != NULL)
    {
      self->days = g_array_sized_new (FALSE, FALSE, sizeof (KindredDayMood), days->len);
      g_array_append_vals (self->days, days->data, days->len);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
kindred_year_grid_get_n_days (KindredYearGrid *self)
{
  g_return_val_if_fail (KINDRED_IS_YEAR_GRID (self), 0);

  return self->days != NULL ? self->days->len : 0;
}

void
kindred_year_grid_set_summary (KindredYearGrid *self,
                               const char      *summary)
{
  g_return_if_fail (KINDRED_IS_YEAR_GRID (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

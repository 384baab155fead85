/* kindred-mood-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-mood-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "kindred-core.h"
#include "kindred-mood-chart.h"
#include "kindred-mood.h"
#include "kindred-insights-colors.h"

#define MIN_WIDTH   160
#define MIN_HEIGHT  150
#define NAT_HEIGHT  220
#define PAD         6.0

struct _KindredMoodChart
{
  GtkWidget  parent_instance;

  GArray    *series;   /* KindredInsightsDay */
};

G_DEFINE_FINAL_TYPE (KindredMoodChart, kindred_mood_chart, GTK_TYPE_WIDGET)

static double
value_to_y (double value,
            double top,
            double bottom)
{
  /* Mood 1 at the bottom, 5 at the top. */
  return bottom - (value - 1.0) / 4.0 * (bottom - top);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align)   /* 0 left, 0.5 centre, 1 right */
{
  int width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - align * width, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static char *
format_day (const KindredInsightsDay *day,
            gboolean                  with_year)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (day->year, day->month, day->day, 12, 0, 0);

  /* Translators: a short date under the mood chart, strftime format */
  return g_date_time_format (date, with_year ? _("%b %Y") : _("%e %b"));
}

static void
draw_series (cairo_t       *cr,
             GArray        *series,
             gboolean       moving,
             double         left,
             double         right,
             double         top,
             double         bottom)
{
  double step = series->len > 1 ? (right - left) / (series->len - 1) : 0;
  gboolean drawing = FALSE;
  guint n_points = 0;

  for (guint i = 0; i < series->len; i++)
    {
      const KindredInsightsDay *day = &g_array_index (series, KindredInsightsDay, i);
      double value = moving ? day->moving : day->average;
      double x = series->len > 1 ? left + i * step : (left + right) / 2;

      /* A day without a mood is a gap in the daily line; the moving average
       * carries over gaps that its window covers. */
      if (value <= 0)
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, value_to_y (value, top, bottom));
      else
        cairo_move_to (cr, x, value_to_y (value, top, bottom));
      drawing = TRUE;
      n_points++;
    }
  cairo_stroke (cr);

  /* Dots where the daily line is too sparse to see: a lone day between gaps. */
  if (!moving && series->len <= 120)
    {
      for (guint i = 0; i < series->len; i++)
        {
          const KindredInsightsDay *day = &g_array_index (series, KindredInsightsDay, i);
          double x = series->len > 1 ? left + i * step : (left + right) / 2;

          if (day->average <= 0)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, value_to_y (day->average, top, bottom), 2.0, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }
  (void) n_points;
}

static void
kindred_mood_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  KindredMoodChart *self = KINDRED_MOOD_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA fg, accent;
  double left, right, top, bottom;
  int label_width = 0, label_height = 0;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  kindred_insights_lookup_colors (widget, &fg, &accent);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }

  /* The widest mood word decides the left margin. */
  for (int mood = 1; mood <= 5; mood++)
    {
      int w, h;

      pango_layout_set_text (layout, kindred_mood_get_label (mood), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      label_width = MAX (label_width, w);
      label_height = MAX (label_height, h);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  left = PAD + label_width + 8;
  right = width - PAD - 4;
  top = PAD + label_height / 2.0;
  bottom = height - PAD - label_height - 6;
  if (right - left < 20 || bottom - top < 20)
    {
      cairo_destroy (cr);
      return;
    }

  /* Axis: a faint line per mood with its word. */
  cairo_set_line_width (cr, 1);
  for (int mood = 1; mood <= 5; mood++)
    {
      double y = round (value_to_y (mood, top, bottom)) + 0.5;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.12);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
      draw_text (cr, layout, kindred_mood_get_label (mood), left - 8, y, 1.0);
    }

  if (self->series != NULL && self->series->len > 0)
    {
      const KindredInsightsDay *first = &g_array_index (self->series, KindredInsightsDay, 0);
      const KindredInsightsDay *last =
        &g_array_index (self->series, KindredInsightsDay, self->series->len - 1);
      gboolean with_year = self->series->len > 120;
      g_autofree char *first_text = format_day (first, with_year);
      g_autofree char *last_text = format_day (last, with_year);

      /* The first and last day under the plot. */
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
      draw_text (cr, layout, g_strstrip (first_text), left, bottom + 6 + label_height / 2.0, 0);
      draw_text (cr, layout, g_strstrip (last_text), right, bottom + 6 + label_height / 2.0, 1.0);

      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

      /* Day averages: quiet, so the trend reads first. */
      cairo_set_line_width (cr, self->series->len > 120 ? 1.0 : 1.5);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.35);
      draw_series (cr, self->series, FALSE, left, right, top, bottom);

      cairo_set_line_width (cr, 3.0);
      gdk_cairo_set_source_rgba (cr, &accent);
      draw_series (cr, self->series, TRUE, left, right, top, bottom);
    }

  cairo_destroy (cr);
}

static void
kindred_mood_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 480;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NAT_HEIGHT;
    }
}

static void
kindred_mood_chart_finalize (GObject *object)
{
  KindredMoodChart *self = KINDRED_MOOD_CHART (object);

  g_clear_pointer (&self->series, g_array_unref);

  G_OBJECT_CLASS (kindred_mood_chart_parent_class)->finalize (object);
}

static void
kindred_mood_chart_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (kindred_mood_chart_parent_class)->css_changed (widget, change);

  /* Light/dark and the accent come from the style: draw again with them. */
  gtk_widget_queue_draw (widget);
}

static void
kindred_mood_chart_class_init (KindredMoodChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kindred_mood_chart_finalize;
  widget_class->snapshot = kindred_mood_chart_snapshot;
  widget_class->measure = kindred_mood_chart_measure;
  widget_class->css_changed = kindred_mood_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "moodchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kindred_mood_chart_init (KindredMoodChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mood over time"),
                                  -1);
}

GtkWidget *
kindred_mood_chart_new (void)
{
  return g_object_new (KINDRED_TYPE_MOOD_CHART, NULL);
}

void
kindred_mood_chart_set_series (KindredMoodChart *self,
                               GArray           *series)
{
  g_return_if_fail (KINDRED_IS_MOOD_CHART (self));

  g_clear_pointer (&self->series, g_array_unref);
  if (series != NULL)
    {
      self->series = g_array_sized_new (FALSE, FALSE, sizeof (KindredInsightsDay), series->len);
      g_array_append_vals (self->series, series->data, series->len);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
kindred_mood_chart_get_n_days (KindredMoodChart *self)
{
  g_return_val_if_fail (KINDRED_IS_MOOD_CHART (self), 0);

  return self->series != NULL ? self->series->len : 0;
}

void
kindred_mood_chart_set_summary (KindredMoodChart *self,
                                const char       *summary)
{
  g_return_if_fail (KINDRED_IS_MOOD_CHART (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

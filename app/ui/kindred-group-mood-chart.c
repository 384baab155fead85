/* kindred-group-mood-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-group-mood-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kindred-core.h"
#include "kindred-group-mood-chart.h"
#include "kindred-insights-colors.h"
#include "kindred-mood.h"

#define MIN_WIDTH        160
#define MIN_PLOT_HEIGHT  190
#define NAT_PLOT_HEIGHT  240
#define NAT_WIDTH        480
#define PAD              6.0
#define INSET            8.0    /* keeps the first and last markers off the axis */
#define SWATCH           14.0
#define LEGEND_GAP       16.0
#define LEGEND_SPACING   4.0

typedef struct
{
  char   *id;
  char   *pseudonym;
  double  values[KINDRED_GROUP_MOOD_CHART_MAX_WEEKS];  /* 0: nothing that week */
  guint   counts[KINDRED_GROUP_MOOD_CHART_MAX_WEEKS];
} Member;

struct _KindredGroupMoodChart
{
  GtkWidget  parent_instance;

  guint      n_weeks;
  guint32    first_week;   /* Julian day of the first drawn week's Monday */
  GPtrArray *members;      /* Member, by pseudonym */
  double     average[KINDRED_GROUP_MOOD_CHART_MAX_WEEKS];
  char      *summary;
};

G_DEFINE_FINAL_TYPE (KindredGroupMoodChart, kindred_group_mood_chart, GTK_TYPE_WIDGET)

/* Member lines in tones that read on both the light and the dark card; the group
 * average takes the accent colour, and each member also gets a marker shape, so
 * the lines stay apart for people who do not tell these colours apart. */
static const char * const member_colors[] = {
  "#26a269", "#e66100", "#9141ac", "#2190a4", "#c88800", "#c061cb", "#986a44", "#5e8c31",
};

static void
member_free (Member *member)
{
  g_free (member->id);
  g_free (member->pseudonym);
  g_free (member);
}

static void
member_color (guint    i,
              GdkRGBA *color)
{
  gdk_rgba_parse (color, member_colors[i % G_N_ELEMENTS (member_colors)]);
}

/* The Monday of ISO 8601 week @week of @year, as a Julian day: week 1 holds 4 January. */
static guint32
week_monday (int year,
             int week)
{
  g_autoptr(GDate) date = g_date_new_dmy (4, G_DATE_JANUARY, CLAMP (year, 1, 9999));
  guint32 julian = g_date_get_julian (date);

  return julian - (g_date_get_weekday (date) - 1) + (week - 1) * 7;
}

static char *
format_week (guint32 julian)
{
  g_autoptr(GDate) date = g_date_new_julian (julian);
  g_autoptr(GDateTime) date_time = g_date_time_new_local (g_date_get_year (date),
                                                          g_date_get_month (date),
                                                          g_date_get_day (date), 12, 0, 0);
  /* Translators: the Monday of a week under the group mood chart, strftime format */
  char *text = g_date_time_format (date_time, _("%-d %b"));

  return g_strstrip (text);
}

static double
value_to_y (double value,
            double top,
            double bottom)
{
  return bottom - (value - 1.0) / 4.0 * (bottom - top);
}

static double
week_to_x (KindredGroupMoodChart *self,
           guint                  i,
           double                 left,
           double                 right)
{
  if (self->n_weeks <= 1)
    return (left + right) / 2;

  return left + INSET + i * (right - left - 2 * INSET) / (self->n_weeks - 1);
}

static PangoLayout *
create_small_layout (GtkWidget *widget)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
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

static void
draw_marker (cairo_t *cr,
             guint    shape,
             double   x,
             double   y,
             double   r)
{
  cairo_new_sub_path (cr);
  switch (shape % 4)
    {
    case 0:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case 1:
      cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;
    case 2:
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.8);
      cairo_close_path (cr);
      break;
    default:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    }
}

/* TRUE when every week's date fits under its point without touching the next. */
static gboolean
weeks_fit (KindredGroupMoodChart *self,
           PangoLayout           *layout,
           double                 left,
           double                 right)
{
  double step = (right - left - 2 * INSET) / MAX (self->n_weeks - 1, 1);

  for (guint i = 0; i < self->n_weeks; i++)
    {
      g_autofree char *text = format_week (self->first_week + i * 7);
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      if (w + 12 > step)
        return FALSE;
    }

  return TRUE;
}

/* Lines between weeks that both have a value: a gap stays a gap. */
static void
draw_line (KindredGroupMoodChart *self,
           cairo_t               *cr,
           const double          *values,
           double                 left,
           double                 right,
           double                 top,
           double                 bottom)
{
  gboolean drawing = FALSE;

  for (guint i = 0; i < self->n_weeks; i++)
    {
      double x = week_to_x (self, i, left, right);

      if (values[i] <= 0)
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, value_to_y (values[i], top, bottom));
      else
        cairo_move_to (cr, x, value_to_y (values[i], top, bottom));
      drawing = TRUE;
    }
  cairo_stroke (cr);
}

/* The legend: "Group average" then every pseudonym, wrapped into rows.  Returns
 * its height for @width; draws it at @y when @cr is set. */
static double
layout_legend (KindredGroupMoodChart *self,
               PangoLayout           *layout,
               double                 width,
               cairo_t               *cr,
               const GdkRGBA         *fg,
               const GdkRGBA         *accent,
               double                 y)
{
  double x = PAD, row_height = 0, height = 0;
  guint n = self->members != NULL ? self->members->len : 0;

  if (n == 0)
    return 0;

  for (guint i = 0; i <= n; i++)
    {
      const char *text = i == 0 ? _("Group average")
                                : ((Member *) g_ptr_array_index (self->members, i - 1))->pseudonym;
      int text_width, text_height;
      double item_width;

      pango_layout_set_text (layout, text, -1);
      pango_layout_set_width (layout, -1);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      /* A pseudonym wider than the chart is cut, not allowed to widen it. */
      item_width = MIN (SWATCH + 6 + text_width, width - 2 * PAD);
      if (x > PAD && x + item_width > width - PAD)
        {
          x = PAD;
          height += row_height + LEGEND_SPACING;
          row_height = 0;
        }
      row_height = MAX (row_height, MAX (SWATCH, text_height));

      if (cr != NULL)
        {
          double cy = y + height + MAX (SWATCH, text_height) / 2.0;

          if (i == 0)
            {
              cairo_set_line_width (cr, 3.0);
              gdk_cairo_set_source_rgba (cr, accent);
              cairo_move_to (cr, x, cy);
              cairo_line_to (cr, x + SWATCH, cy);
              cairo_stroke (cr);
            }
          else
            {
              GdkRGBA color;

              member_color (i - 1, &color);
              gdk_cairo_set_source_rgba (cr, &color);
              draw_marker (cr, i - 1, x + SWATCH / 2, cy, 4.5);
              cairo_fill (cr);
            }
          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.8);
          pango_layout_set_width (layout, (int) (item_width - SWATCH - 6) * PANGO_SCALE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          cairo_move_to (cr, x + SWATCH + 6, cy - text_height / 2.0);
          pango_cairo_show_layout (cr, layout);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
          pango_layout_set_width (layout, -1);
        }
      x += item_width + LEGEND_GAP;
    }

  return height + row_height + PAD;
}

static void
kindred_group_mood_chart_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  KindredGroupMoodChart *self = KINDRED_GROUP_MOOD_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA fg, accent;
  double left, right, top, bottom, legend_height;
  int label_width = 0, label_height = 0;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  kindred_insights_lookup_colors (widget, &fg, &accent);
  layout = create_small_layout (widget);

  for (int mood = 1; mood <= 5; mood++)
    {
      int w, h;

      pango_layout_set_text (layout, kindred_mood_get_label (mood), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      label_width = MAX (label_width, w);
      label_height = MAX (label_height, h);
    }

  legend_height = layout_legend (self, layout, width, NULL, NULL, NULL, 0);
  left = PAD + label_width + 8;
  right = width - PAD;
  top = PAD + label_height / 2.0;
  bottom = height - legend_height - PAD - label_height - 6;
  if (right - left < 40 || bottom - top < 40)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

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

  if (self->n_weeks > 0)
    {
      g_autofree char *first = format_week (self->first_week);
      g_autofree char *last = format_week (self->first_week + (self->n_weeks - 1) * 7);
      double label_y = bottom + 6 + label_height / 2.0;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
      if (self->n_weeks == 1)
        draw_text (cr, layout, first, (left + right) / 2, label_y, 0.5);
      else if (weeks_fit (self, layout, left, right))
        {
          /* Every week under its own point, kept inside the plot at the ends */
          for (guint i = 0; i < self->n_weeks; i++)
            {
              g_autofree char *text = format_week (self->first_week + i * 7);
              double x = week_to_x (self, i, left, right);
              int w, h;

              pango_layout_set_text (layout, text, -1);
              pango_layout_get_pixel_size (layout, &w, &h);
              x = CLAMP (x, left + w / 2.0, right - w / 2.0);
              draw_text (cr, layout, text, x, label_y, 0.5);
            }
        }
      else
        {
          draw_text (cr, layout, first, left, label_y, 0);
          draw_text (cr, layout, last, right, label_y, 1.0);
        }

      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

      for (guint m = 0; m < self->members->len; m++)
        {
          Member *member = g_ptr_array_index (self->members, m);
          GdkRGBA color;

          member_color (m, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          cairo_set_line_width (cr, 1.5);
          draw_line (self, cr, member->values, left, right, top, bottom);
          for (guint i = 0; i < self->n_weeks; i++)
            if (member->values[i] > 0)
              draw_marker (cr, m, week_to_x (self, i, left, right),
                           value_to_y (member->values[i], top, bottom), 4.0);
          cairo_fill (cr);
        }

      /* The group's average last and thick, so it reads first. */
      cairo_set_line_width (cr, 3.0);
      gdk_cairo_set_source_rgba (cr, &accent);
      draw_line (self, cr, self->average, left, right, top, bottom);
      for (guint i = 0; i < self->n_weeks; i++)
        if (self->average[i] > 0)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, week_to_x (self, i, left, right),
                       value_to_y (self->average[i], top, bottom), 2.5, 0, 2 * G_PI);
          }
      cairo_fill (cr);

      layout_legend (self, layout, width, cr, &fg, &accent, height - legend_height);
    }

  cairo_destroy (cr);
}

static GtkSizeRequestMode
kindred_group_mood_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kindred_group_mood_chart_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  KindredGroupMoodChart *self = KINDRED_GROUP_MOOD_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NAT_WIDTH;
    }
  else
    {
      g_autoptr(PangoLayout) layout = create_small_layout (widget);
      int legend = (int) ceil (layout_legend (self, layout, for_size > 0 ? for_size : NAT_WIDTH,
                                              NULL, NULL, NULL, 0));

      *minimum = MIN_PLOT_HEIGHT + legend;
      *natural = NAT_PLOT_HEIGHT + legend;
    }
}

static void
kindred_group_mood_chart_css_changed (GtkWidget         *widget,
                                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (kindred_group_mood_chart_parent_class)->css_changed (widget, change);

  /* Light/dark and the accent come from the style: draw again with them. */
  gtk_widget_queue_draw (widget);
}

static void
kindred_group_mood_chart_finalize (GObject *object)
{
  KindredGroupMoodChart *self = KINDRED_GROUP_MOOD_CHART (object);

  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (kindred_group_mood_chart_parent_class)->finalize (object);
}

static void
kindred_group_mood_chart_class_init (KindredGroupMoodChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kindred_group_mood_chart_finalize;
  widget_class->snapshot = kindred_group_mood_chart_snapshot;
  widget_class->measure = kindred_group_mood_chart_measure;
  widget_class->get_request_mode = kindred_group_mood_chart_get_request_mode;
  widget_class->css_changed = kindred_group_mood_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "groupmoodchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kindred_group_mood_chart_init (KindredGroupMoodChart *self)
{
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Group mood by week"),
                                  -1);
  kindred_group_mood_chart_set_weeks (self, NULL);
}

GtkWidget *
kindred_group_mood_chart_new (void)
{
  return g_object_new (KINDRED_TYPE_GROUP_MOOD_CHART, NULL);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const Member *ma = *(Member * const *) a;
  const Member *mb = *(Member * const *) b;
  int order = g_utf8_collate (ma->pseudonym, mb->pseudonym);

  return order != 0 ? order : g_strcmp0 (ma->id, mb->id);
}

static char *
build_summary (KindredGroupMoodChart *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GString) latest = NULL;
  GString *summary;
  guint n_members = self->members->len;
  guint i_last = self->n_weeks - 1;

  if (self->n_weeks == 0 || n_members == 0)
    return g_strdup (_("No moods were shared with you yet. Shares that include a mood "
                       "will show here, week by week."));

  first = format_week (self->first_week);
  last = format_week (self->first_week + i_last * 7);
  summary = g_string_new (NULL);
  if (self->n_weeks == 1)
    /* Translators: %u is a number of members, %s the Monday of a week ("3 Nov") */
    g_string_append_printf (summary, ngettext ("Moods shared by %u member in the week of %s.",
                                               "Moods shared by %u members in the week of %s.",
                                               n_members),
                            n_members, first);
  else
    /* Translators: %u is a number of members, %s the Monday of a week ("3 Nov") */
    g_string_append_printf (summary, ngettext ("Moods shared by %u member, week by week, from "
                                               "the week of %s to the week of %s.",
                                               "Moods shared by %u members, week by week, from "
                                               "the week of %s to the week of %s.",
                                               n_members),
                            n_members, first, last);

  latest = g_string_new (NULL);
  for (guint m = 0; m < n_members; m++)
    {
      Member *member = g_ptr_array_index (self->members, m);
      double value = member->values[i_last];

      if (value <= 0)
        continue;
      if (latest->len > 0)
        /* Translators: between the members in the summary of the latest week */
        g_string_append (latest, _(", "));
      /* Translators: one member in the summary of the latest week: pseudonym,
       * average mood (1 to 5) and its word, e.g. Kim 2.0 (Low) */
      g_string_append_printf (latest, _("%s %.1f (%s)"), member->pseudonym, value,
                              kindred_mood_get_label ((int) round (value)));
    }
  if (latest->len > 0)
    {
      g_string_append_c (summary, ' ');
      /* Translators: %s lists members with their average mood, e.g. Kim 2.0 (Low), Sam 4.0 (Good) */
      g_string_append_printf (summary, _("In the latest week: %s."), latest->str);
    }
  if (self->average[i_last] > 0 && n_members > 1)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, _("The group’s average that week was %.1f."),
                              self->average[i_last]);
    }

  return g_string_free (summary, FALSE);
}

void
kindred_group_mood_chart_set_weeks (KindredGroupMoodChart *self,
                                    GPtrArray             *weeks)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  double sums[KINDRED_GROUP_MOOD_CHART_MAX_WEEKS] = { 0 };
  guint counts[KINDRED_GROUP_MOOD_CHART_MAX_WEEKS] = { 0 };
  guint32 min_week = G_MAXUINT32, max_week = 0;

  g_return_if_fail (KINDRED_IS_GROUP_MOOD_CHART (self));

  g_ptr_array_set_size (self->members, 0);
  self->n_weeks = 0;
  memset (self->average, 0, sizeof self->average);

  for (guint i = 0; weeks != NULL && i < weeks->len; i++)
    {
      const KindredGroupMoodWeek *week = g_ptr_array_index (weeks, i);
      guint32 monday;

      if (week->count == 0 || week->average <= 0)
        continue;
      monday = week_monday (week->year, week->week);
      min_week = MIN (min_week, monday);
      max_week = MAX (max_week, monday);
    }

  if (max_week > 0)
    {
      guint span = (max_week - min_week) / 7 + 1;

      self->n_weeks = MIN (span, KINDRED_GROUP_MOOD_CHART_MAX_WEEKS);
      self->first_week = max_week - (self->n_weeks - 1) * 7;
    }

  for (guint i = 0; weeks != NULL && i < weeks->len; i++)
    {
      const KindredGroupMoodWeek *week = g_ptr_array_index (weeks, i);
      Member *member;
      guint32 monday;
      guint slot;

      if (week->count == 0 || week->average <= 0)
        continue;
      monday = week_monday (week->year, week->week);
      if (monday < self->first_week)
        continue;
      slot = (monday - self->first_week) / 7;

      member = g_hash_table_lookup (by_id, week->member_id);
      if (member == NULL)
        {
          member = g_new0 (Member, 1);
          member->id = g_strdup (week->member_id);
          member->pseudonym = g_strdup (week->pseudonym != NULL ? week->pseudonym : "");
          g_ptr_array_add (self->members, member);
          g_hash_table_insert (by_id, member->id, member);
        }
      /* One row per week and member is expected; two are merged by weight. */
      member->values[slot] = (member->values[slot] * member->counts[slot] +
                              week->average * week->count) /
                             (member->counts[slot] + week->count);
      member->counts[slot] += week->count;
      sums[slot] += week->average * week->count;
      counts[slot] += week->count;
    }

  for (guint i = 0; i < self->n_weeks; i++)
    self->average[i] = counts[i] > 0 ? sums[i] / counts[i] : 0;
  g_ptr_array_sort (self->members, compare_members);

  g_free (self->summary);
  self->summary = build_summary (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
kindred_group_mood_chart_get_n_weeks (KindredGroupMoodChart *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MOOD_CHART (self), 0);

  return self->n_weeks;
}

guint
kindred_group_mood_chart_get_n_members (KindredGroupMoodChart *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MOOD_CHART (self), 0);

  return self->members->len;
}

const char *
kindred_group_mood_chart_get_summary (KindredGroupMoodChart *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MOOD_CHART (self), NULL);

  return self->summary;
}

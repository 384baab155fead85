/* kindred-report-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo's PDF surface with Pango, as kindred-plan-pdf.c does for the safety plan,
 * but a report can run to many pages: text is laid out line by line so a long
 * entry flows onto the next page, and every page gets its number.
 */

#define G_LOG_DOMAIN "kindred-report-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "kindred-report-pdf.h"
#include "kindred-mood.h"
#include "kindred-strategy-picker.h"
#include "kindred-util.h"

/* A4 in points, 2 cm margins; the page number sits in the bottom margin. */
#define PAGE_WIDTH    595.0
#define PAGE_HEIGHT   842.0
#define MARGIN        56.0
#define TEXT_WIDTH    (PAGE_WIDTH - 2 * MARGIN)
#define BOTTOM        (PAGE_HEIGHT - MARGIN)
#define CHART_HEIGHT  170.0
#define MOVING_DAYS   7
#define TOP_LIMIT     8
#define ENTRIES_PAGE  200

typedef struct
{
  cairo_t *cr;
  double   y;
  guint    page;
} Writer;

static cairo_status_t
write_bytes_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
make_layout (Writer     *writer,
             const char *text,
             const char *font,
             double      width)
{
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  PangoLayout *layout = pango_cairo_create_layout (writer->cr);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
finish_page (Writer *writer)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int width, height;

  /* Translators: the page number at the bottom of the printed report */
  number = g_strdup_printf (_("Page %u"), writer->page);
  layout = make_layout (writer, number, "Sans 9", TEXT_WIDTH);
  pango_layout_get_size (layout, &width, &height);
  cairo_save (writer->cr);
  cairo_set_source_rgb (writer->cr, 0.4, 0.4, 0.4);
  cairo_move_to (writer->cr, (PAGE_WIDTH - (double) width / PANGO_SCALE) / 2,
                 PAGE_HEIGHT - MARGIN / 2 - (double) height / PANGO_SCALE / 2);
  pango_cairo_show_layout (writer->cr, layout);
  cairo_restore (writer->cr);
}

static void
new_page (Writer *writer)
{
  finish_page (writer);
  cairo_show_page (writer->cr);
  writer->page++;
  writer->y = MARGIN;
}

/* A heading should not be the last line of a page: starts a new one unless
 * @needed points are left. */
static void
keep_space (Writer *writer,
            double  needed)
{
  if (writer->y + needed > BOTTOM && writer->y > MARGIN)
    new_page (writer);
}

/* Lays out @text line by line from the current position, going on to the next
 * page where a line does not fit. */
static void
put_text (Writer     *writer,
          const char *text,
          const char *font,
          double      indent,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (writer, text, font, TEXT_WIDTH - indent);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double offset = 0;   /* layout y at the top of the current page's part */
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double top, bottom, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      bottom = (double) (logical.y + logical.height) / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

      if (writer->y + bottom - offset > BOTTOM && (writer->y > MARGIN || top > offset))
        {
          new_page (writer);
          offset = top;
        }

      cairo_move_to (writer->cr, MARGIN + indent + (double) logical.x / PANGO_SCALE,
                     writer->y + baseline - offset);
      pango_cairo_show_layout_line (writer->cr, line);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  writer->y += (double) height / PANGO_SCALE - offset + space_after;
}

static void
put_heading (Writer     *writer,
             const char *text)
{
  writer->y += 10;
  keep_space (writer, 60);
  put_text (writer, text, "Sans Bold 14", 0, 6);
}

static char *
format_day (GDateTime *day)
{
  /* Translators: a date in the printed report, see g_date_time_format() */
  g_autofree char *text = g_date_time_format (day, _("%e %B %Y"));

  return g_strdup (g_strstrip (text));
}

static char *
format_series_day (const KindredInsightsDay *day)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (day->year, day->month, day->day, 0, 0, 0);

  return format_day (date);
}

static double
chart_y (double top,
         double mood)
{
  return top + CHART_HEIGHT - (mood - 1) / 4.0 * CHART_HEIGHT;
}

static void
stroke_series (cairo_t *cr,
               GArray  *series,
               double   left,
               double   width,
               double   top,
               gboolean moving,
               gboolean dots)
{
  gboolean drawing = FALSE;
  guint n = series->len;

  for (guint i = 0; i < n; i++)
    {
      const KindredInsightsDay *day = &g_array_index (series, KindredInsightsDay, i);
      double value = moving ? day->moving : day->average;
      double x = n > 1 ? left + width * i / (n - 1) : left + width / 2;

      /* A day without a mood is a gap, not a fall to zero. */
      if (value <= 0)
        {
          drawing = FALSE;
          continue;
        }
      if (dots)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, chart_y (top, value), 1.3, 0, 2 * G_PI);
          cairo_fill (cr);
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, chart_y (top, value));
      else
        cairo_move_to (cr, x, chart_y (top, value));
      /* A lone day still shows as a dot. */
      if (!drawing && !moving)
        cairo_rel_line_to (cr, 0.01, 0);
      drawing = TRUE;
    }
  cairo_stroke (cr);
}

static void
put_label (Writer     *writer,
           const char *text,
           double      x,
           double      y,
           double      align)
{
  g_autoptr(PangoLayout) layout = make_layout (writer, text, "Sans 8", -1);
  int width, height;

  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &width, &height);
  cairo_move_to (writer->cr, x - align * width / PANGO_SCALE, y - (double) height / PANGO_SCALE / 2);
  pango_cairo_show_layout (writer->cr, layout);
}

static void
put_chart (Writer *writer,
           GArray *series)
{
  cairo_t *cr = writer->cr;
  double left = MARGIN + 60;
  double width = TEXT_WIDTH - 60;
  double top;

  keep_space (writer, CHART_HEIGHT + 40);
  top = writer->y + 6;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  for (int mood = 1; mood <= 5; mood++)
    {
      g_autofree char *label = g_strdup_printf ("%s  %d", kindred_mood_get_label (mood), mood);

      put_label (writer, label, left - 6, chart_y (top, mood), 1.0);
    }
  cairo_set_line_width (cr, 0.5);
  cairo_set_source_rgb (cr, 0.82, 0.82, 0.82);
  for (int mood = 1; mood <= 5; mood++)
    {
      cairo_move_to (cr, left, chart_y (top, mood));
      cairo_line_to (cr, left + width, chart_y (top, mood));
    }
  cairo_stroke (cr);

  if (series != NULL && series->len > 0)
    {
      g_autofree char *first = format_series_day (&g_array_index (series, KindredInsightsDay, 0));
      g_autofree char *last = format_series_day (&g_array_index (series, KindredInsightsDay,
                                                                 series->len - 1));

      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      /* Over many days a line between the days is a blur of spikes: dots show
       * the spread, the moving average the trend. */
      cairo_set_line_width (cr, 1.4);
      cairo_set_source_rgb (cr, 0.6, 0.64, 0.7);
      stroke_series (cr, series, left, width, top, FALSE, series->len > 120);
      cairo_set_line_width (cr, 2.6);
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      stroke_series (cr, series, left, width, top, TRUE, FALSE);

      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      put_label (writer, first, left, top + CHART_HEIGHT + 12, 0.0);
      put_label (writer, last, left + width, top + CHART_HEIGHT + 12, 1.0);
    }
  cairo_restore (cr);

  writer->y = top + CHART_HEIGHT + 24;
}

/* The bullet hangs: wrapped lines line up with the text, not with the dot. */
static void
put_bullet (Writer     *writer,
            const char *text)
{
  g_autoptr(PangoLayout) bullet = NULL;

  keep_space (writer, 16);
  bullet = make_layout (writer, "•", "Sans 11", 20);
  cairo_move_to (writer->cr, MARGIN + 12, writer->y);
  pango_cairo_show_layout (writer->cr, bullet);
  put_text (writer, text, "Sans 11", 26, 3);
}

static void
put_counts (Writer     *writer,
            GPtrArray  *counts,
            gboolean    emotions,
            gboolean    low,
            const char *none)
{
  if (counts == NULL || counts->len == 0)
    {
      put_text (writer, none, "Sans Italic 11", 12, 3);
      return;
    }

  for (guint i = 0; i < counts->len; i++)
    {
      KindredInsightsCount *c = g_ptr_array_index (counts, i);
      const char *name = c->name;
      g_autofree char *line = NULL;

      if (emotions && kindred_emotion_get_label (c->name) != NULL)
        name = kindred_emotion_get_label (c->name);
      if (low)
        /* Translators: a trigger, how often it came with a low mood, and the share */
        line = g_strdup_printf (ngettext ("%s: %u time with a low mood (%d%% of the entries "
                                          "with it)",
                                          "%s: %u times with a low mood (%d%% of the entries "
                                          "with it)", c->count),
                                name, c->count, (int) lround (c->share * 100));
      else
        /* Translators: an emotion or a trigger and how often it was noted */
        line = g_strdup_printf (ngettext ("%s: %u time", "%s: %u times", c->count),
                                name, c->count);
      put_bullet (writer, line);
    }
}

static void
put_helps (Writer    *writer,
           GPtrArray *helps)
{
  if (helps == NULL || helps->len == 0)
    {
      put_text (writer, _("No strategies were noted in this period."), "Sans Italic 11", 12, 3);
      return;
    }

  for (guint i = 0; i < helps->len; i++)
    {
      KindredInsightsStrategy *s = g_ptr_array_index (helps, i);
      const char *helped = kindred_strategy_picker_helped_label ((int) lround (s->average_helped));
      g_autoptr(GString) line = g_string_new (NULL);

      /* Translators: a strategy, how often it was used and how much it helped on
       * average, e.g. "Box breathing: used 4 times, helped “Quite a bit” on average" */
      g_string_printf (line, ngettext ("%s: used %u time, helped “%s” on average",
                                       "%s: used %u times, helped “%s” on average", s->uses),
                       s->name, s->uses, helped);
      if (s->has_comparison)
        {
          g_string_append (line, ". ");
          g_string_append_printf (line, _("Mood on days you used it: %.1f, on other days: %.1f"),
                                  s->mood_with, s->mood_without);
        }
      put_bullet (writer, line->str);
    }
}

/* Every live entry of the period, oldest first (a report reads forward in time). */
static GPtrArray *
list_entries (KindredStore  *store,
              GDateTime     *from,
              GDateTime     *to,
              GError       **error)
{
  g_autoptr(KindredEntryFilter) filter = kindred_entry_filter_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 before = 0;
  g_autofree char *before_uuid = NULL;

  if (from != NULL)
    kindred_entry_filter_set_from (filter, g_date_time_to_unix (from) * G_USEC_PER_SEC);
  if (to != NULL)
    kindred_entry_filter_set_to (filter, g_date_time_to_unix (to) * G_USEC_PER_SEC);

  for (;;)
    {
      g_autoptr(GPtrArray) page = NULL;
      KindredEntry *last;

      page = kindred_store_list_entries_filtered (store, filter, before, before_uuid,
                                                  ENTRIES_PAGE, error);
      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (page, i)));
      if (page->len < ENTRIES_PAGE)
        break;

      last = g_ptr_array_index (page, page->len - 1);
      before = g_date_time_to_unix (kindred_entry_get_created_at (last)) * G_USEC_PER_SEC +
               g_date_time_get_microsecond (kindred_entry_get_created_at (last));
      g_free (before_uuid);
      before_uuid = g_strdup (kindred_entry_get_uuid (last));
    }

  for (guint i = 0; i < all->len / 2; i++)
    {
      gpointer swap = all->pdata[i];

      all->pdata[i] = all->pdata[all->len - 1 - i];
      all->pdata[all->len - 1 - i] = swap;
    }

  return g_steal_pointer (&all);
}

static void
put_entries (Writer    *writer,
             GPtrArray *entries)
{
  if (entries->len == 0)
    {
      put_text (writer, _("There are no entries in this period."), "Sans Italic 11", 0, 3);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      KindredEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (kindred_entry_get_created_at (entry));
      const char *mood = kindred_mood_get_label (kindred_entry_get_mood (entry));
      const char *title = kindred_entry_get_title (entry);
      const char *body = kindred_entry_get_body (entry);
      /* Translators: the date and time of an entry in the printed report */
      g_autofree char *when = g_date_time_format (local, _("%A %-d %B %Y, %H:%M"));
      g_autofree char *heading = NULL;

      if (mood != NULL)
        /* Translators: an entry's date, then its mood, e.g. "Monday 3 March 2026, 09:10 · Okay" */
        heading = g_strdup_printf (_("%s · %s"), when, mood);
      else
        heading = g_strdup (when);

      writer->y += 8;
      keep_space (writer, 50);
      put_text (writer, heading, "Sans Bold 10", 0, 2);
      if (title != NULL && *title != '\0')
        put_text (writer, title, "Sans Bold 11", 0, 2);
      if (body != NULL && *body != '\0')
        put_text (writer, body, "Serif 11", 0, 4);
    }
}

GBytes *
kindred_report_pdf_render (KindredStore  *store,
                           GDateTime     *made,
                           GDateTime     *from,
                           GDateTime     *to,
                           gboolean       include_entries,
                           GError       **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GArray) series = NULL;
  g_autoptr(GPtrArray) helps = NULL;
  g_autoptr(GPtrArray) emotions = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(GPtrArray) low = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *made_day = NULL;
  g_autofree char *made_line = NULL;
  g_autofree char *first_day = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *period = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Writer writer = { NULL, MARGIN, 1 };

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (made != NULL, NULL);

  /* Everything is read before the first byte of PDF exists. */
  if ((series = kindred_insights_mood_series (store, from, to, MOVING_DAYS, error)) == NULL ||
      (summary = kindred_insights_summary (store, from, to, error)) == NULL ||
      (helps = kindred_insights_what_helps (store, from, to, error)) == NULL ||
      (emotions = kindred_insights_top_emotions (store, from, to, TOP_LIMIT, error)) == NULL ||
      (triggers = kindred_insights_top_triggers (store, from, to, TOP_LIMIT, error)) == NULL ||
      (low = kindred_insights_low_mood_triggers (store, from, to, TOP_LIMIT, error)) == NULL)
    return NULL;
  if (include_entries && (entries = list_entries (store, from, to, error)) == NULL)
    return NULL;

  made_day = format_day (made);
  if (from != NULL)
    first_day = format_day (from);
  else if (series->len > 0)
    first_day = format_series_day (&g_array_index (series, KindredInsightsDay, 0));
  if (to != NULL)
    {
      g_autoptr(GDateTime) last = g_date_time_add_seconds (to, -1);

      last_day = format_day (last);
    }
  else
    {
      last_day = g_strdup (made_day);
    }
  if (first_day != NULL)
    /* Translators: the period a report covers, two dates */
    period = g_strdup_printf (_("Period: %s to %s"), first_day, last_day);
  else
    /* Translators: %s is a date */
    period = g_strdup_printf (_("Period: everything up to %s"), last_day);

  surface = cairo_pdf_surface_create_for_stream (write_bytes_cb, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("My journal report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kindred");
  writer.cr = cairo_create (surface);
  cairo_set_source_rgb (writer.cr, 0.1, 0.1, 0.1);

  /* Translators: at the top of the printed report; %s is a date */
  made_line = g_strdup_printf (_("Made by you from your private journal in Kindred on %s. "
                                 "It holds only what you chose to include."), made_day);

  put_text (&writer, _("My journal report"), "Sans Bold 22", 0, 6);
  put_text (&writer, made_line, "Sans Italic 11", 0, 10);
  put_text (&writer, period, "Sans Bold 12", 0, 4);
  put_text (&writer, summary, "Sans 11", 0, 6);

  put_heading (&writer, _("Mood over time"));
  put_chart (&writer, series);
  put_text (&writer, series->len > 120 ?
                      _("Each dot is a day’s average mood, the line the average of the past "
                        "week.") :
                      _("The thin line is each day’s average mood, the thick line the "
                        "average of the past week."), "Sans Italic 9", 0, 4);

  put_heading (&writer, _("What helped"));
  put_helps (&writer, helps);

  put_heading (&writer, _("Emotions noted most"));
  put_counts (&writer, emotions, TRUE, FALSE, _("No emotions were noted in this period."));
  put_heading (&writer, _("Triggers noted most"));
  put_counts (&writer, triggers, FALSE, FALSE, _("No triggers were noted in this period."));
  put_heading (&writer, _("Triggers that came with low moods"));
  put_counts (&writer, low, FALSE, TRUE, _("No trigger came with a low mood in this period."));

  /* The entries start a page of their own: the summary can be shown alone. */
  if (entries != NULL)
    {
      if (entries->len > 0)
        {
          new_page (&writer);
          put_text (&writer, _("Entries from this period"), "Sans Bold 14", 0, 6);
        }
      else
        {
          put_heading (&writer, _("Entries from this period"));
        }
      put_entries (&writer, entries);
    }

  finish_page (&writer);
  cairo_destroy (writer.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The PDF could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

gboolean
kindred_report_pdf_write (KindredStore  *store,
                          const char    *path,
                          GDateTime     *made,
                          GDateTime     *from,
                          GDateTime     *to,
                          gboolean       include_entries,
                          GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = kindred_report_pdf_render (store, made, from, to, include_entries, error);
  if (bytes == NULL)
    return FALSE;

  /* The report is not encrypted: only its owner may read it. */
  return kindred_write_file_atomic (path, g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes), 0600, error);
}

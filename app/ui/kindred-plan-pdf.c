/* kindred-plan-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo's PDF surface with Pango for the text: wrapping, any script the fonts
 * cover, and real text in the file (it can be searched, copied, read aloud).
 */

#define G_LOG_DOMAIN "kindred-plan-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "kindred-plan-pdf.h"

/* A4 in points, 2 cm margins */
#define PAGE_WIDTH  595.0
#define PAGE_HEIGHT 842.0
#define MARGIN      56.0

typedef struct
{
  cairo_t *cr;
  double   y;
  guint    pages;
} Writer;

static cairo_status_t
write_bytes_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/* Lays out @text at the current line; starts a new page when it does not fit. */
static void
put_text (Writer     *writer,
          const char *text,
          const char *font,
          double      indent,
          double      space_after)
{
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (writer->cr);
  int width, height;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) ((PAGE_WIDTH - 2 * MARGIN - indent) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &width, &height);

  if (writer->y + (double) height / PANGO_SCALE > PAGE_HEIGHT - MARGIN && writer->y > MARGIN)
    {
      cairo_show_page (writer->cr);
      writer->pages++;
      writer->y = MARGIN;
    }

  cairo_move_to (writer->cr, MARGIN + indent, writer->y);
  pango_cairo_show_layout (writer->cr, layout);
  writer->y += (double) height / PANGO_SCALE + space_after;
}

GBytes *
kindred_plan_pdf_render (GDateTime                   *made,
                         const KindredPlanPdfSection *sections,
                         guint                        n_sections,
                         const char                  *footer,
                         GError                     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *date = NULL;
  g_autofree char *made_line = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Writer writer = { NULL, MARGIN, 1 };

  g_return_val_if_fail (made != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (write_bytes_cb, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("My safety plan"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kindred");
  writer.cr = cairo_create (surface);
  cairo_set_source_rgb (writer.cr, 0.1, 0.1, 0.1);

  /* Translators: a date format for the printed safety plan, see g_date_time_format() */
  date = g_date_time_format (made, _("%e %B %Y"));
  /* Translators: %s is a date */
  made_line = g_strdup_printf (_("Made on %s"), g_strstrip (date));

  put_text (&writer, _("My safety plan"), "Sans Bold 22", 0, 6);
  put_text (&writer, made_line, "Sans 11", 0, 2);
  put_text (&writer, _("Made by you from your private journal"), "Sans Italic 11", 0, 18);

  for (guint i = 0; i < n_sections; i++)
    {
      g_autofree char *heading = g_strdup_printf ("%u. %s", i + 1, sections[i].title);

      put_text (&writer, heading, "Sans Bold 14", 0, 6);
      if (sections[i].lines == NULL || sections[i].lines[0] == NULL)
        /* Translators: under a heading of the printed plan that has nothing yet */
        put_text (&writer, _("(nothing written here yet)"), "Sans Italic 11", 12, 4);
      for (guint j = 0; sections[i].lines != NULL && sections[i].lines[j] != NULL; j++)
        {
          g_autofree char *line = g_strdup_printf ("•  %s", sections[i].lines[j]);

          put_text (&writer, line, "Sans 11", 12, 4);
        }
      writer.y += 12;
    }

  if (footer != NULL)
    put_text (&writer, footer, "Sans Bold 12", 0, 0);

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
kindred_plan_pdf_write (GFile                       *file,
                        GDateTime                   *made,
                        const KindredPlanPdfSection *sections,
                        guint                        n_sections,
                        const char                  *footer,
                        GError                     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = kindred_plan_pdf_render (made, sections, n_sections, footer, error);
  if (bytes == NULL)
    return FALSE;

  /* g_file_replace_contents writes a temporary file beside @file and renames it:
   * a crash leaves the old file or the new one, never half of one. */
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}

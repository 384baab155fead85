/* kindred-plan-pdf.h: the safety plan as a printable PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * KindredPlanPdfSection:
 * @title: the section's heading
 * @lines: (nullable): its items, one a line, already resolved to text
 */
typedef struct
{
  const char         *title;
  const char * const *lines;
} KindredPlanPdfSection;

/* The PDF bytes: a title, the date @made, "Made by you from your private journal",
 * every section (an empty one says so), and @footer (nullable: the emergency line).
 * (transfer full) */
GBytes   *kindred_plan_pdf_render (GDateTime                   *made,
                                   const KindredPlanPdfSection *sections,
                                   guint                        n_sections,
                                   const char                  *footer,
                                   GError                     **error);
/* Renders and writes @file atomically (a temporary file renamed into place). */
gboolean  kindred_plan_pdf_write  (GFile                       *file,
                                   GDateTime                   *made,
                                   const KindredPlanPdfSection *sections,
                                   guint                        n_sections,
                                   const char                  *footer,
                                   GError                     **error);

G_END_DECLS

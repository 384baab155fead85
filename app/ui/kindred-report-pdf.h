/* kindred-report-pdf.h: a summary of a period to bring to a professional or a group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kindred-core.h"

G_BEGIN_DECLS

/* The PDF bytes (A4, page numbers): who made it and when (@made), the period
 * [@from, @to) (NULL: from the first entry / up to @made), the mood chart, what
 * helped, frequent emotions and triggers, triggers that came with low moods and,
 * when @include_entries, every entry of the period (date, mood, title, text).
 * Reads the store: call from a worker.  (transfer full) */
GBytes   *kindred_report_pdf_render (KindredStore  *store,
                                     GDateTime     *made,
                                     GDateTime     *from,
                                     GDateTime     *to,
                                     gboolean       include_entries,
                                     GError       **error);
/* Renders and writes @path atomically, readable by its owner only. */
gboolean  kindred_report_pdf_write  (KindredStore  *store,
                                     const char    *path,
                                     GDateTime     *made,
                                     GDateTime     *from,
                                     GDateTime     *to,
                                     gboolean       include_entries,
                                     GError       **error);

G_END_DECLS

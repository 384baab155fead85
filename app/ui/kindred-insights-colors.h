/* kindred-insights-colors.h: the colours the insight charts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The text colour and the style's named accent_color (light/dark aware). */
void kindred_insights_lookup_colors (GtkWidget *widget,
                                     GdkRGBA   *fg,
                                     GdkRGBA   *accent);
/* The calendar's mood tints (style.css, .journal-calendar .mood-N) for @mood 1–5. */
void kindred_insights_mood_color    (int        mood,
                                     GdkRGBA   *color);

G_END_DECLS

/* kindred-insights-colors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kindred-insights-colors.h"

void
kindred_insights_lookup_colors (GtkWidget *widget,
                                GdkRGBA   *fg,
                                GdkRGBA   *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  /* gtk_widget_get_color () is GTK 4.10; the style context is what 4.8 has. */
  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

void
kindred_insights_mood_color (int      mood,
                             GdkRGBA *color)
{
  /* The same ramp as the Journal's calendar, so a day looks alike in both. */
  static const char * const colors[] = {
    "#4a5fc1", "#62a0d0", "#d1a93a", "#7cc47f", "#26a269",
  };

  gdk_rgba_parse (color, colors[CLAMP (mood, 1, 5) - 1]);
}

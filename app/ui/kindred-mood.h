/* kindred-mood.h: how the five moods are named and drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For @mood in 1–5; NULL for anything else (no mood set). */
const char *kindred_mood_get_label     (int mood);
const char *kindred_mood_get_icon_name (int mood);
/* A CSS class that tints the mood's icon (mood-1 … mood-5). */
const char *kindred_mood_get_css_class (int mood);

G_END_DECLS

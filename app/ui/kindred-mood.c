/* kindred-mood.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-mood"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-core.h"
#include "kindred-mood.h"

static const struct
{
  const char *label;
  const char *icon_name;
  const char *css_class;
} moods[] = {
  /* Translators: moods on a scale of five, from the lowest to the highest */
  { N_("Awful"), "face-crying-symbolic", "mood-1" },
  { N_("Bad"), "face-sad-symbolic", "mood-2" },
  { N_("Okay"), "face-plain-symbolic", "mood-3" },
  { N_("Good"), "face-smile-symbolic", "mood-4" },
  { N_("Great"), "face-smile-big-symbolic", "mood-5" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (moods) == KINDRED_MOOD_MAX - KINDRED_MOOD_MIN + 1);

const char *
kindred_mood_get_label (int mood)
{
  if (mood < KINDRED_MOOD_MIN || mood > KINDRED_MOOD_MAX)
    return NULL;

  return _(moods[mood - KINDRED_MOOD_MIN].label);
}

const char *
kindred_mood_get_icon_name (int mood)
{
  if (mood < KINDRED_MOOD_MIN || mood > KINDRED_MOOD_MAX)
    return NULL;

  return moods[mood - KINDRED_MOOD_MIN].icon_name;
}

const char *
kindred_mood_get_css_class (int mood)
{
  if (mood < KINDRED_MOOD_MIN || mood > KINDRED_MOOD_MAX)
    return NULL;

  return moods[mood - KINDRED_MOOD_MIN].css_class;
}

/* kindred-strategy-info.h: one coping strategy of the built-in library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KindredGuidedKind:
 * @KINDRED_GUIDED_NONE: no guided exercise
 * @KINDRED_GUIDED_BREATHING: a breathing guide (inhale, hold, exhale, hold after, cycles)
 * @KINDRED_GUIDED_GROUNDING: a sequence of grounding prompts
 */
typedef enum
{
  KINDRED_GUIDED_NONE,
  KINDRED_GUIDED_BREATHING,
  KINDRED_GUIDED_GROUNDING,
} KindredGuidedKind;

#define KINDRED_TYPE_STRATEGY_INFO (kindred_strategy_info_get_type ())
G_DECLARE_FINAL_TYPE (KindredStrategyInfo, kindred_strategy_info, KINDRED, STRATEGY_INFO, GObject)

/* Read-only properties (see data/library/kindred-strategies.schema.json):
 *   "id" (the uuid the journal's strategies table uses), "slug", "category" (a
 *   category id), "name", "description", "steps" (GStrv), "minutes-min",
 *   "minutes-max", "when", "guided-kind" (KindredGuidedKind as int), "inhale",
 *   "hold", "exhale", "hold-after" (seconds), "cycles" (0 unless breathing),
 *   "prompts" (GStrv, empty unless grounding), "keywords" (GStrv, untranslated).
 *
 * name, description, steps, when and prompts come back translated (gettext, the
 * English text as message id); the untranslated name and description, which the
 * journal stores so that it does not depend on the locale, are
 * kindred_strategy_info_get_name_msgid() and _get_description_msgid(). */

const char          *kindred_strategy_info_get_id                (KindredStrategyInfo *self);
const char          *kindred_strategy_info_get_slug              (KindredStrategyInfo *self);
const char          *kindred_strategy_info_get_category          (KindredStrategyInfo *self);
const char          *kindred_strategy_info_get_name              (KindredStrategyInfo *self);
const char          *kindred_strategy_info_get_name_msgid        (KindredStrategyInfo *self);
const char          *kindred_strategy_info_get_description       (KindredStrategyInfo *self);
const char          *kindred_strategy_info_get_description_msgid (KindredStrategyInfo *self);
const char * const  *kindred_strategy_info_get_steps             (KindredStrategyInfo *self);
guint                kindred_strategy_info_get_minutes_min       (KindredStrategyInfo *self);
guint                kindred_strategy_info_get_minutes_max       (KindredStrategyInfo *self);
const char          *kindred_strategy_info_get_when              (KindredStrategyInfo *self);
KindredGuidedKind    kindred_strategy_info_get_guided_kind       (KindredStrategyInfo *self);
/* Breathing timings in seconds; all 0 unless the guided kind is BREATHING. */
guint                kindred_strategy_info_get_inhale            (KindredStrategyInfo *self);
guint                kindred_strategy_info_get_hold              (KindredStrategyInfo *self);
guint                kindred_strategy_info_get_exhale            (KindredStrategyInfo *self);
guint                kindred_strategy_info_get_hold_after        (KindredStrategyInfo *self);
guint                kindred_strategy_info_get_cycles            (KindredStrategyInfo *self);
const char * const  *kindred_strategy_info_get_prompts           (KindredStrategyInfo *self);
const char * const  *kindred_strategy_info_get_keywords          (KindredStrategyInfo *self);

G_END_DECLS

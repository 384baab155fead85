/* kindred-exercise-page.h: a guided breathing or grounding exercise, and logging it afterwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"
#include "kindred-breathing-guide.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_EXERCISE_PAGE (kindred_exercise_page_get_type ())
G_DECLARE_FINAL_TYPE (KindredExercisePage, kindred_exercise_page, KINDRED, EXERCISE_PAGE, GtkWidget)

/* Actions: "exercise.stop" (Escape; ends the exercise, and after at least one
 * round or prompt offers to log it), "exercise.next" (the next grounding prompt),
 * "exercise.save" (log it with the chosen helped value), "exercise.not-now".
 * Signals: "closed" (): the page is done and should go away;
 *          "saved" (const char *entry_uuid): a new entry records the exercise. */

GtkWidget             *kindred_exercise_page_new               (void);
void                   kindred_exercise_page_set_store         (KindredExercisePage *self,
                                                                KindredStore        *store);
void                   kindred_exercise_page_start             (KindredExercisePage *self,
                                                                KindredStrategyInfo *info);

/* The widgets a person sees and uses, so tests drive them as a person would.
 * (transfer none) */
KindredBreathingGuide *kindred_exercise_page_get_guide         (KindredExercisePage *self);
GtkLabel              *kindred_exercise_page_get_cue_label     (KindredExercisePage *self);
GtkLabel              *kindred_exercise_page_get_round_label   (KindredExercisePage *self);
GtkLabel              *kindred_exercise_page_get_prompt_label  (KindredExercisePage *self);
GtkCheckButton        *kindred_exercise_page_get_helped_choice (KindredExercisePage *self,
                                                                int                  helped);
/* "breathing", "grounding" or "rate" */
const char            *kindred_exercise_page_get_stage         (KindredExercisePage *self);

G_END_DECLS

/* kindred-breathing-guide.h: a circle that grows as you breathe in and shrinks as you breathe out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  KINDRED_BREATHING_PHASE_IDLE,
  KINDRED_BREATHING_PHASE_INHALE,
  KINDRED_BREATHING_PHASE_HOLD,
  KINDRED_BREATHING_PHASE_EXHALE,
  KINDRED_BREATHING_PHASE_HOLD_AFTER,
  KINDRED_BREATHING_PHASE_DONE,
} KindredBreathingPhase;

#define KINDRED_TYPE_BREATHING_GUIDE (kindred_breathing_guide_get_type ())
G_DECLARE_FINAL_TYPE (KindredBreathingGuide, kindred_breathing_guide, KINDRED, BREATHING_GUIDE, GtkWidget)

/* The guide keeps the exercise's clock: phases of @inhale, @hold, @exhale and
 * @hold_after seconds (a 0 skips that phase), @cycles rounds.  Signals:
 *   "changed" (): the phase, the round or the whole seconds left changed
 *   "finished" (): the last round ended
 * With gtk-enable-animations off the circle stays still; the clock runs the same. */

GtkWidget             *kindred_breathing_guide_new              (void);
void                   kindred_breathing_guide_set_timing       (KindredBreathingGuide *self,
                                                                 guint                  inhale,
                                                                 guint                  hold,
                                                                 guint                  exhale,
                                                                 guint                  hold_after,
                                                                 guint                  cycles);
void                   kindred_breathing_guide_start            (KindredBreathingGuide *self);
void                   kindred_breathing_guide_stop             (KindredBreathingGuide *self);
KindredBreathingPhase  kindred_breathing_guide_get_phase        (KindredBreathingGuide *self);
/* 1-based; 0 before the start */
guint                  kindred_breathing_guide_get_round        (KindredBreathingGuide *self);
guint                  kindred_breathing_guide_get_cycles       (KindredBreathingGuide *self);
/* Whole seconds left in the phase, rounded up */
guint                  kindred_breathing_guide_get_seconds_left (KindredBreathingGuide *self);
/* Rounds finished completely */
guint                  kindred_breathing_guide_get_rounds_done  (KindredBreathingGuide *self);

/* Tests: a manual clock stops the frame clock from driving the exercise, and
 * advance moves it on by @usec. */
void                   kindred_breathing_guide_set_manual_clock (KindredBreathingGuide *self,
                                                                 gboolean               manual);
void                   kindred_breathing_guide_advance          (KindredBreathingGuide *self,
                                                                 gint64                 usec);

G_END_DECLS

/* kindred-exercise-page.c: a guided breathing or grounding exercise, and logging it afterwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-exercise-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kindred-exercise-page.h"
#include "kindred-strategy-picker.h"

#define N_HELPED (KINDRED_HELPED_MAX - KINDRED_HELPED_MIN + 1)

struct _KindredExercisePage
{
  GtkWidget              parent_instance;

  GtkWidget             *box;
  GtkLabel              *title_label;
  GtkWidget             *stop_button;
  GtkStack              *stack;
  KindredBreathingGuide *guide;
  GtkLabel              *cue_label;
  GtkLabel              *round_label;
  GtkLabel              *step_label;
  GtkLabel              *prompt_label;
  GtkButton             *next_button;
  GtkBox                *helped_box;
  GtkLabel              *error_label;
  GtkCheckButton        *helped[N_HELPED];

  KindredStore          *store;
  KindredStrategyInfo   *info;
  guint                  prompt;          /* index of the grounding prompt shown */
  KindredBreathingPhase  announced_phase; /* the phase the accessible description names */
};

G_DEFINE_FINAL_TYPE (KindredExercisePage, kindred_exercise_page, GTK_TYPE_WIDGET)

enum { CLOSED, SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int
chosen_helped (KindredExercisePage *self)
{
  for (int i = 0; i < N_HELPED; i++)
    if (gtk_check_button_get_active (self->helped[i]))
      return KINDRED_HELPED_MIN + i;

  return -1;
}

static void
update_actions (KindredExercisePage *self)
{
  const char *stage = gtk_stack_get_visible_child_name (self->stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "exercise.next",
                                 g_strcmp0 (stage, "grounding") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "exercise.save",
                                 g_strcmp0 (stage, "rate") == 0 && chosen_helped (self) >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "exercise.not-now",
                                 g_strcmp0 (stage, "rate") == 0);
}

static const char *
phase_word (KindredBreathingPhase phase)
{
  switch (phase)
    {
    case KINDRED_BREATHING_PHASE_INHALE: return _("Breathe in…");
    case KINDRED_BREATHING_PHASE_HOLD:
    case KINDRED_BREATHING_PHASE_HOLD_AFTER: return _("Hold…");
    case KINDRED_BREATHING_PHASE_EXHALE: return _("Breathe out…");
    case KINDRED_BREATHING_PHASE_DONE: return _("Well done.");
    case KINDRED_BREATHING_PHASE_IDLE:
    default: return "";
    }
}

static void
show_rating (KindredExercisePage *self)
{
  kindred_breathing_guide_stop (self->guide);
  for (int i = 0; i < N_HELPED; i++)
    gtk_check_button_set_active (self->helped[i], FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "rate");
  /* "Not now" takes over from Stop */
  gtk_widget_set_visible (self->stop_button, FALSE);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->helped[KINDRED_HELPED_MIN + 2]));
}

static void
show_prompt (KindredExercisePage *self)
{
  const char * const *prompts = kindred_strategy_info_get_prompts (self->info);
  guint n = prompts != NULL ? g_strv_length ((char **) prompts) : 0;
  g_autofree char *step = NULL;

  if (self->prompt >= n)
    {
      show_rating (self);
      return;
    }

  /* Translators: the step of a grounding exercise, e.g. "Step 2 of 5" */
  step = g_strdup_printf (_("Step %u of %u"), self->prompt + 1, n);
  gtk_label_set_label (self->step_label, step);
  gtk_label_set_label (self->prompt_label, prompts[self->prompt]);
  gtk_button_set_label (self->next_button, self->prompt + 1 < n ? _("Next") : _("Finish"));
  gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

static void
guide_changed_cb (KindredBreathingGuide *guide,
                  KindredExercisePage   *self)
{
  KindredBreathingPhase phase = kindred_breathing_guide_get_phase (guide);
  guint round = kindred_breathing_guide_get_round (guide);
  guint cycles = kindred_breathing_guide_get_cycles (guide);
  g_autofree char *cue = NULL;
  g_autofree char *rounds = NULL;

  if (phase == KINDRED_BREATHING_PHASE_DONE || phase == KINDRED_BREATHING_PHASE_IDLE)
    cue = g_strdup (phase_word (phase));
  else
    /* Translators: a breathing cue and the seconds left, e.g. "Breathe in… 4" */
    cue = g_strdup_printf (_("%s %u"), phase_word (phase), kindred_breathing_guide_get_seconds_left (guide));
  gtk_label_set_label (self->cue_label, cue);

  rounds = g_strdup_printf (_("Round %u of %u"), MAX (round, 1), cycles);
  gtk_label_set_label (self->round_label, rounds);

  /* GTK 4.8 has no way to announce: screen readers hear the label's own
   * text-changed events.  The countdown changes every second, so the
   * description carries just the phase, set once per phase, for a calm reading. */
  if (phase != self->announced_phase)
    {
      g_autofree char *description = g_strdup_printf ("%s %s", phase_word (phase), rounds);

      self->announced_phase = phase;
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->cue_label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
}

static void
guide_finished_cb (KindredBreathingGuide *guide,
                   KindredExercisePage   *self)
{
  show_rating (self);
}

static void
helped_toggled_cb (GtkCheckButton      *button,
                   KindredExercisePage *self)
{
  update_actions (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredExercisePage *self = KINDRED_EXERCISE_PAGE (widget);
  const char *stage = gtk_stack_get_visible_child_name (self->stack);
  gboolean did_some = FALSE;

  if (g_strcmp0 (stage, "breathing") == 0)
    did_some = kindred_breathing_guide_get_rounds_done (self->guide) >= 1;
  else if (g_strcmp0 (stage, "grounding") == 0)
    did_some = self->prompt >= 1;

  kindred_breathing_guide_stop (self->guide);

  /* After a real try it is worth asking how it went; before that, just leave */
  if (did_some)
    show_rating (self);
  else
    g_signal_emit (self, signals[CLOSED], 0);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredExercisePage *self = KINDRED_EXERCISE_PAGE (widget);

  self->prompt++;
  show_prompt (self);
}

static void
not_now_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSED], 0);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredExercisePage *self = KINDRED_EXERCISE_PAGE (widget);
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  int helped = chosen_helped (self);

  if (self->store == NULL || self->info == NULL || helped < 0)
    return;

  entry = kindred_entry_new ();
  kindred_entry_set_strategy (entry, kindred_strategy_info_get_id (self->info), helped);
  if (!kindred_store_save_entry (self->store, entry, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, kindred_entry_get_uuid (entry));
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
kindred_exercise_page_dispose (GObject *object)
{
  KindredExercisePage *self = KINDRED_EXERCISE_PAGE (object);

  if (self->guide != NULL)
    kindred_breathing_guide_stop (self->guide);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_EXERCISE_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (kindred_exercise_page_parent_class)->dispose (object);
}

static void
kindred_exercise_page_class_init (KindredExercisePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_exercise_page_dispose;

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (KINDRED_TYPE_BREATHING_GUIDE);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-exercise-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, box);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, guide);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, cue_label);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, round_label);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, step_label);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, next_button);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, helped_box);
  gtk_widget_class_bind_template_child (widget_class, KindredExercisePage, error_label);

  gtk_widget_class_install_action (widget_class, "exercise.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "exercise.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "exercise.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "exercise.not-now", NULL, not_now_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "exercise.stop", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "exercise-page");
}

static void
kindred_exercise_page_init (KindredExercisePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (int i = 0; i < N_HELPED; i++)
    {
      GtkCheckButton *button = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (
                                 kindred_strategy_picker_helped_label (KINDRED_HELPED_MIN + i)));

      if (i > 0)
        gtk_check_button_set_group (button, self->helped[0]);
      g_signal_connect (button, "toggled", G_CALLBACK (helped_toggled_cb), self);
      gtk_box_append (self->helped_box, GTK_WIDGET (button));
      self->helped[i] = button;
    }

  g_signal_connect (self->guide, "changed", G_CALLBACK (guide_changed_cb), self);
  g_signal_connect (self->guide, "finished", G_CALLBACK (guide_finished_cb), self);
  update_actions (self);
}

GtkWidget *
kindred_exercise_page_new (void)
{
  return g_object_new (KINDRED_TYPE_EXERCISE_PAGE, NULL);
}

void
kindred_exercise_page_set_store (KindredExercisePage *self,
                                 KindredStore        *store)
{
  g_return_if_fail (KINDRED_IS_EXERCISE_PAGE (self));

  g_set_object (&self->store, store);
}

void
kindred_exercise_page_start (KindredExercisePage *self,
                             KindredStrategyInfo *info)
{
  g_return_if_fail (KINDRED_IS_EXERCISE_PAGE (self));
  g_return_if_fail (KINDRED_IS_STRATEGY_INFO (info));

  g_set_object (&self->info, info);
  gtk_label_set_label (self->title_label, kindred_strategy_info_get_name (info));
  gtk_widget_set_visible (self->stop_button, TRUE);
  self->announced_phase = KINDRED_BREATHING_PHASE_IDLE;

  if (kindred_strategy_info_get_guided_kind (info) == KINDRED_GUIDED_GROUNDING)
    {
      kindred_breathing_guide_stop (self->guide);
      self->prompt = 0;
      gtk_stack_set_visible_child_name (self->stack, "grounding");
      show_prompt (self);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "breathing");
      kindred_breathing_guide_set_timing (self->guide,
                                          kindred_strategy_info_get_inhale (info),
                                          kindred_strategy_info_get_hold (info),
                                          kindred_strategy_info_get_exhale (info),
                                          kindred_strategy_info_get_hold_after (info),
                                          kindred_strategy_info_get_cycles (info));
      kindred_breathing_guide_start (self->guide);
      /* The button that started it is gone: keep the keyboard (and Escape) here */
      gtk_widget_grab_focus (self->stop_button);
    }
  update_actions (self);
}

KindredBreathingGuide *
kindred_exercise_page_get_guide (KindredExercisePage *self)
{
  g_return_val_if_fail (KINDRED_IS_EXERCISE_PAGE (self), NULL);

  return self->guide;
}

GtkLabel *
kindred_exercise_page_get_cue_label (KindredExercisePage *self)
{
  g_return_val_if_fail (KINDRED_IS_EXERCISE_PAGE (self), NULL);

  return self->cue_label;
}

GtkLabel *
kindred_exercise_page_get_round_label (KindredExercisePage *self)
{
  g_return_val_if_fail (KINDRED_IS_EXERCISE_PAGE (self), NULL);

  return self->round_label;
}

GtkLabel *
kindred_exercise_page_get_prompt_label (KindredExercisePage *self)
{
  g_return_val_if_fail (KINDRED_IS_EXERCISE_PAGE (self), NULL);

  return self->prompt_label;
}

GtkCheckButton *
kindred_exercise_page_get_helped_choice (KindredExercisePage *self,
                                         int                  helped)
{
  g_return_val_if_fail (KINDRED_IS_EXERCISE_PAGE (self), NULL);
  g_return_val_if_fail (helped >= KINDRED_HELPED_MIN && helped <= KINDRED_HELPED_MAX, NULL);

  return self->helped[helped - KINDRED_HELPED_MIN];
}

const char *
kindred_exercise_page_get_stage (KindredExercisePage *self)
{
  g_return_val_if_fail (KINDRED_IS_EXERCISE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

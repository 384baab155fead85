/* kindred-breathing-guide.c: a circle that grows as you breathe in and shrinks as you breathe out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-breathing-guide"

#include "config.h"

#include "kindred-breathing-guide.h"

#define N_PHASES 4

struct _KindredBreathingGuide
{
  GtkWidget              parent_instance;

  guint                  durations[N_PHASES]; /* seconds: inhale, hold, exhale, hold after */
  guint                  cycles;

  gboolean               running;
  gboolean               manual_clock;
  gint64                 elapsed;             /* µs since the start */
  gint64                 last_time;           /* µs, the clock's previous reading; 0 = none */
  guint                  tick_id;
  guint                  timeout_id;

  KindredBreathingPhase  phase;
  guint                  round;
  guint                  seconds_left;
  double                 level;               /* 0 = smallest, 1 = largest */
};

G_DEFINE_FINAL_TYPE (KindredBreathingGuide, kindred_breathing_guide, GTK_TYPE_WIDGET)

enum { CHANGED, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
animations_enabled (KindredBreathingGuide *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);

  return enabled;
}

static gint64
cycle_length (KindredBreathingGuide *self)
{
  gint64 total = 0;

  for (guint i = 0; i < N_PHASES; i++)
    total += (gint64) self->durations[i] * G_USEC_PER_SEC;

  return total;
}

static double
ease (double t)
{
  /* Breath speeds up and slows down gently: smoothstep, not a linear ramp */
  t = CLAMP (t, 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

static void stop_clock (KindredBreathingGuide *self);

/* Works out phase, round, seconds left and circle size from the elapsed time */
static void
update_state (KindredBreathingGuide *self)
{
  gint64 length = cycle_length (self);
  KindredBreathingPhase phase = KINDRED_BREATHING_PHASE_DONE;
  guint round = self->cycles;
  guint seconds_left = 0;
  double level = 0.0;
  gboolean changed;

  if (length > 0 && self->elapsed < length * self->cycles)
    {
      gint64 in_cycle = self->elapsed % length;

      round = (guint) (self->elapsed / length) + 1;
      for (guint i = 0; i < N_PHASES; i++)
        {
          gint64 d = (gint64) self->durations[i] * G_USEC_PER_SEC;
          double t;

          if (in_cycle >= d)
            {
              in_cycle -= d;
              continue;
            }

          phase = KINDRED_BREATHING_PHASE_INHALE + i;
          seconds_left = (guint) ((d - in_cycle + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
          t = (double) in_cycle / (double) d;
          switch (phase)
            {
            case KINDRED_BREATHING_PHASE_INHALE: level = ease (t); break;
            case KINDRED_BREATHING_PHASE_HOLD: level = 1.0; break;
            case KINDRED_BREATHING_PHASE_EXHALE: level = 1.0 - ease (t); break;
            case KINDRED_BREATHING_PHASE_HOLD_AFTER:
            case KINDRED_BREATHING_PHASE_IDLE:
            case KINDRED_BREATHING_PHASE_DONE:
            default: level = 0.0; break;
            }
          break;
        }
    }

  changed = phase != self->phase || round != self->round || seconds_left != self->seconds_left;
  self->phase = phase;
  self->round = round;
  self->seconds_left = seconds_left;

  if (self->level != level)
    {
      self->level = level;
      if (animations_enabled (self))
        gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  if (changed)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_signal_emit (self, signals[CHANGED], 0);
    }

  if (phase == KINDRED_BREATHING_PHASE_DONE && self->running)
    {
      self->running = FALSE;
      stop_clock (self);
      g_signal_emit (self, signals[FINISHED], 0);
    }
}

static void
clock_reading (KindredBreathingGuide *self,
               gint64                 now)
{
  if (self->last_time != 0 && now > self->last_time)
    self->elapsed += now - self->last_time;
  self->last_time = now;
  update_state (self);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  clock_reading (KINDRED_BREATHING_GUIDE (widget), gdk_frame_clock_get_frame_time (frame_clock));

  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  clock_reading (KINDRED_BREATHING_GUIDE (user_data), g_get_monotonic_time ());

  return G_SOURCE_CONTINUE;
}

static void
stop_clock (KindredBreathingGuide *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->last_time = 0;
}

static void
start_clock (KindredBreathingGuide *self)
{
  stop_clock (self);
  if (!self->running || self->manual_clock)
    return;

  /* Without animations nothing moves, so a quiet timer that only updates the
   * countdown is enough: no need to wake up for every frame */
  if (animations_enabled (self))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else
    self->timeout_id = g_timeout_add (200, timeout_cb, self);
}

static void
enable_animations_changed_cb (GtkSettings           *settings,
                              GParamSpec            *pspec,
                              KindredBreathingGuide *self)
{
  start_clock (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
append_circle (GtkSnapshot           *snapshot,
               float                  cx,
               float                  cy,
               float                  r,
               const GdkRGBA         *color)
{
  GskRoundedRect rect;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (cx - r, cy - r, 2 * r, 2 * r);

  gsk_rounded_rect_init_from_rect (&rect, &bounds, r);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

static void
kindred_breathing_guide_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  KindredBreathingGuide *self = KINDRED_BREATHING_GUIDE (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float max_r = MIN (width, height) / 2.0f;
  float min_r = max_r * 0.4f;
  float r;
  GdkRGBA accent = { 0.21f, 0.52f, 0.89f, 1.0f };
  GdkRGBA faint;
  GdkRGBA fill;

  if (max_r <= 1.0f)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color", &accent);
  G_GNUC_END_IGNORE_DEPRECATIONS

  faint = accent;
  faint.alpha = 0.15f;
  fill = accent;
  fill.alpha = 0.55f;

  /* The full breath as a faint ring, so the growing circle has something to fill */
  append_circle (snapshot, width / 2, height / 2, max_r, &faint);

  if (animations_enabled (self))
    r = min_r + (max_r - min_r) * (float) self->level;
  else
    r = (min_r + max_r) / 2.0f; /* reduced motion: a still shape, the text does the guiding */

  append_circle (snapshot, width / 2, height / 2, r, &fill);
}

static void
kindred_breathing_guide_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  *minimum = 120;
  *natural = 280;
}

static void
kindred_breathing_guide_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kindred_breathing_guide_parent_class)->map (widget);
  start_clock (KINDRED_BREATHING_GUIDE (widget));
}

static void
kindred_breathing_guide_unmap (GtkWidget *widget)
{
  stop_clock (KINDRED_BREATHING_GUIDE (widget));
  GTK_WIDGET_CLASS (kindred_breathing_guide_parent_class)->unmap (widget);
}

static void
kindred_breathing_guide_dispose (GObject *object)
{
  KindredBreathingGuide *self = KINDRED_BREATHING_GUIDE (object);

  stop_clock (self);
  g_signal_handlers_disconnect_by_func (gtk_settings_get_default (), enable_animations_changed_cb, self);

  G_OBJECT_CLASS (kindred_breathing_guide_parent_class)->dispose (object);
}

static void
kindred_breathing_guide_class_init (KindredBreathingGuideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_breathing_guide_dispose;
  widget_class->snapshot = kindred_breathing_guide_snapshot;
  widget_class->measure = kindred_breathing_guide_measure;
  widget_class->map = kindred_breathing_guide_map;
  widget_class->unmap = kindred_breathing_guide_unmap;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "breathing-guide");
  /* The circle is decoration: the text cue beside it carries the meaning */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
kindred_breathing_guide_init (KindredBreathingGuide *self)
{
  self->phase = KINDRED_BREATHING_PHASE_IDLE;
  g_signal_connect (gtk_settings_get_default (), "notify::gtk-enable-animations",
                    G_CALLBACK (enable_animations_changed_cb), self);
}

GtkWidget *
kindred_breathing_guide_new (void)
{
  return g_object_new (KINDRED_TYPE_BREATHING_GUIDE, NULL);
}

void
kindred_breathing_guide_set_timing (KindredBreathingGuide *self,
                                    guint                  inhale,
                                    guint                  hold,
                                    guint                  exhale,
                                    guint                  hold_after,
                                    guint                  cycles)
{
  g_return_if_fail (KINDRED_IS_BREATHING_GUIDE (self));

  self->durations[0] = inhale;
  self->durations[1] = hold;
  self->durations[2] = exhale;
  self->durations[3] = hold_after;
  self->cycles = cycles;
  self->running = FALSE;
  self->elapsed = 0;
  self->phase = KINDRED_BREATHING_PHASE_IDLE;
  self->round = 0;
  self->seconds_left = 0;
  self->level = 0.0;
  stop_clock (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kindred_breathing_guide_start (KindredBreathingGuide *self)
{
  g_return_if_fail (KINDRED_IS_BREATHING_GUIDE (self));

  self->elapsed = 0;
  self->running = TRUE;
  self->phase = KINDRED_BREATHING_PHASE_IDLE;
  update_state (self);
  if (self->running && gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_clock (self);
}

void
kindred_breathing_guide_stop (KindredBreathingGuide *self)
{
  g_return_if_fail (KINDRED_IS_BREATHING_GUIDE (self));

  self->running = FALSE;
  stop_clock (self);
}

KindredBreathingPhase
kindred_breathing_guide_get_phase (KindredBreathingGuide *self)
{
  g_return_val_if_fail (KINDRED_IS_BREATHING_GUIDE (self), KINDRED_BREATHING_PHASE_IDLE);

  return self->phase;
}

guint
kindred_breathing_guide_get_round (KindredBreathingGuide *self)
{
  g_return_val_if_fail (KINDRED_IS_BREATHING_GUIDE (self), 0);

  return self->round;
}

guint
kindred_breathing_guide_get_cycles (KindredBreathingGuide *self)
{
  g_return_val_if_fail (KINDRED_IS_BREATHING_GUIDE (self), 0);

  return self->cycles;
}

guint
kindred_breathing_guide_get_seconds_left (KindredBreathingGuide *self)
{
  g_return_val_if_fail (KINDRED_IS_BREATHING_GUIDE (self), 0);

  return self->seconds_left;
}

guint
kindred_breathing_guide_get_rounds_done (KindredBreathingGuide *self)
{
  gint64 length;

  g_return_val_if_fail (KINDRED_IS_BREATHING_GUIDE (self), 0);

  length = cycle_length (self);
  if (length == 0)
    return 0;

  return (guint) MIN ((gint64) self->cycles, self->elapsed / length);
}

void
kindred_breathing_guide_set_manual_clock (KindredBreathingGuide *self,
                                          gboolean               manual)
{
  g_return_if_fail (KINDRED_IS_BREATHING_GUIDE (self));

  self->manual_clock = !!manual;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_clock (self);
}

void
kindred_breathing_guide_advance (KindredBreathingGuide *self,
                                 gint64                 usec)
{
  g_return_if_fail (KINDRED_IS_BREATHING_GUIDE (self));

  if (!self->running)
    return;

  self->elapsed += MAX (usec, 0);
  update_state (self);
}

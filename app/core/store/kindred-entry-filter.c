/* kindred-entry-filter.c: what the journal list shows (search words and filters)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-entry-filter"

#include "config.h"

#include "store/kindred-entry-filter.h"
#include "store/kindred-entry.h"
#include "store/kindred-store.h"

struct _KindredEntryFilter
{
  GObject  parent_instance;

  char    *text;       /* what the user typed: never log it */
  int      mood_min;
  int      mood_max;
  char    *emotion;
  char    *trigger;
  char    *strategy;
  gint64   from_us;
  gint64   to_us;
};

G_DEFINE_FINAL_TYPE (KindredEntryFilter, kindred_entry_filter, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TEXT,
  PROP_MOOD_MIN,
  PROP_MOOD_MAX,
  PROP_EMOTION,
  PROP_TRIGGER,
  PROP_STRATEGY,
  PROP_FROM,
  PROP_TO,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* An empty string is "any" too: a cleared search entry gives "". */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* GObject calls this once per notify burst: once for a single setter, once at
 * the thaw after g_object_freeze_notify().  So "changed" follows it, and a list
 * reloads once however many fields changed together. */
static void
kindred_entry_filter_dispatch_properties_changed (GObject     *object,
                                                  guint        n_pspecs,
                                                  GParamSpec **pspecs)
{
  G_OBJECT_CLASS (kindred_entry_filter_parent_class)->dispatch_properties_changed (object,
                                                                                  n_pspecs,
                                                                                  pspecs);
  if (n_pspecs > 0)
    g_signal_emit (object, signals[CHANGED], 0);
}

/* GLib skips notifications altogether for an object whose class has no notify
 * handler and that nobody listens to: having one keeps "changed" coming. */
static void
kindred_entry_filter_notify (GObject    *object,
                             GParamSpec *pspec)
{
}

static void
kindred_entry_filter_finalize (GObject *object)
{
  KindredEntryFilter *self = KINDRED_ENTRY_FILTER (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->emotion, g_free);
  g_clear_pointer (&self->trigger, g_free);
  g_clear_pointer (&self->strategy, g_free);

  G_OBJECT_CLASS (kindred_entry_filter_parent_class)->finalize (object);
}

static void
kindred_entry_filter_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KindredEntryFilter *self = KINDRED_ENTRY_FILTER (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_MOOD_MIN:
      g_value_set_int (value, self->mood_min);
      break;
    case PROP_MOOD_MAX:
      g_value_set_int (value, self->mood_max);
      break;
    case PROP_EMOTION:
      g_value_set_string (value, self->emotion);
      break;
    case PROP_TRIGGER:
      g_value_set_string (value, self->trigger);
      break;
    case PROP_STRATEGY:
      g_value_set_string (value, self->strategy);
      break;
    case PROP_FROM:
      g_value_set_int64 (value, self->from_us);
      break;
    case PROP_TO:
      g_value_set_int64 (value, self->to_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_filter_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KindredEntryFilter *self = KINDRED_ENTRY_FILTER (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      kindred_entry_filter_set_text (self, g_value_get_string (value));
      break;
    case PROP_MOOD_MIN:
      kindred_entry_filter_set_mood_min (self, g_value_get_int (value));
      break;
    case PROP_MOOD_MAX:
      kindred_entry_filter_set_mood_max (self, g_value_get_int (value));
      break;
    case PROP_EMOTION:
      kindred_entry_filter_set_emotion (self, g_value_get_string (value));
      break;
    case PROP_TRIGGER:
      kindred_entry_filter_set_trigger (self, g_value_get_string (value));
      break;
    case PROP_STRATEGY:
      kindred_entry_filter_set_strategy (self, g_value_get_string (value));
      break;
    case PROP_FROM:
      kindred_entry_filter_set_from (self, g_value_get_int64 (value));
      break;
    case PROP_TO:
      kindred_entry_filter_set_to (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_filter_class_init (KindredEntryFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);

  object_class->dispatch_properties_changed = kindred_entry_filter_dispatch_properties_changed;
  object_class->finalize = kindred_entry_filter_finalize;
  object_class->notify = kindred_entry_filter_notify;
  object_class->get_property = kindred_entry_filter_get_property;
  object_class->set_property = kindred_entry_filter_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_MOOD_MIN] =
    g_param_spec_int ("mood-min", NULL, NULL, 0, KINDRED_MOOD_MAX, 0, flags);
  properties[PROP_MOOD_MAX] =
    g_param_spec_int ("mood-max", NULL, NULL, 0, KINDRED_MOOD_MAX, 0, flags);
  properties[PROP_EMOTION] =
    g_param_spec_string ("emotion", NULL, NULL, NULL, flags);
  properties[PROP_TRIGGER] =
    g_param_spec_string ("trigger", NULL, NULL, NULL, flags);
  properties[PROP_STRATEGY] =
    g_param_spec_string ("strategy", NULL, NULL, NULL, flags);
  properties[PROP_FROM] =
    g_param_spec_int64 ("from", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TO] =
    g_param_spec_int64 ("to", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kindred_entry_filter_init (KindredEntryFilter *self)
{
}

KindredEntryFilter *
kindred_entry_filter_new (void)
{
  return g_object_new (KINDRED_TYPE_ENTRY_FILTER, NULL);
}

const char *
kindred_entry_filter_get_text (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), NULL);

  return self->text;
}

void
kindred_entry_filter_set_text (KindredEntryFilter *self,
                               const char         *text)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));

  if (set_string (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

int
kindred_entry_filter_get_mood_min (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), 0);

  return self->mood_min;
}

void
kindred_entry_filter_set_mood_min (KindredEntryFilter *self,
                                   int                 mood_min)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));
  g_return_if_fail (mood_min >= 0 && mood_min <= KINDRED_MOOD_MAX);

  if (self->mood_min == mood_min)
    return;

  self->mood_min = mood_min;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOOD_MIN]);
}

int
kindred_entry_filter_get_mood_max (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), 0);

  return self->mood_max;
}

void
kindred_entry_filter_set_mood_max (KindredEntryFilter *self,
                                   int                 mood_max)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));
  g_return_if_fail (mood_max >= 0 && mood_max <= KINDRED_MOOD_MAX);

  if (self->mood_max == mood_max)
    return;

  self->mood_max = mood_max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOOD_MAX]);
}

const char *
kindred_entry_filter_get_emotion (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), NULL);

  return self->emotion;
}

void
kindred_entry_filter_set_emotion (KindredEntryFilter *self,
                                  const char         *emotion)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));

  if (set_string (&self->emotion, emotion))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMOTION]);
}

const char *
kindred_entry_filter_get_trigger (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), NULL);

  return self->trigger;
}

void
kindred_entry_filter_set_trigger (KindredEntryFilter *self,
                                  const char         *trigger)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));

  if (set_string (&self->trigger, trigger))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIGGER]);
}

const char *
kindred_entry_filter_get_strategy (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), NULL);

  return self->strategy;
}

void
kindred_entry_filter_set_strategy (KindredEntryFilter *self,
                                   const char         *strategy_uuid)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));

  if (set_string (&self->strategy, strategy_uuid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STRATEGY]);
}

gint64
kindred_entry_filter_get_from (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), 0);

  return self->from_us;
}

void
kindred_entry_filter_set_from (KindredEntryFilter *self,
                               gint64              from_us)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));
  g_return_if_fail (from_us >= 0);

  if (self->from_us == from_us)
    return;

  self->from_us = from_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM]);
}

gint64
kindred_entry_filter_get_to (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), 0);

  return self->to_us;
}

void
kindred_entry_filter_set_to (KindredEntryFilter *self,
                             gint64              to_us)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));
  g_return_if_fail (to_us >= 0);

  if (self->to_us == to_us)
    return;

  self->to_us = to_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO]);
}

/**
 * kindred_entry_filter_dup_match_query:
 *
 * Returns: (transfer full) (nullable): the FTS4 query for the filter's words
 */
char *
kindred_entry_filter_dup_match_query (KindredEntryFilter *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), NULL);

  return kindred_store_build_match_query (self->text);
}

gboolean
kindred_entry_filter_is_empty (KindredEntryFilter *self)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (KINDRED_IS_ENTRY_FILTER (self), TRUE);

  if (self->mood_min != 0 || self->mood_max != 0 ||
      self->emotion != NULL || self->trigger != NULL || self->strategy != NULL ||
      self->from_us != 0 || self->to_us != 0)
    return FALSE;

  /* Punctuation alone searches for nothing, so it filters nothing out. */
  query = kindred_store_build_match_query (self->text);
  return query == NULL;
}

void
kindred_entry_filter_clear (KindredEntryFilter *self)
{
  g_return_if_fail (KINDRED_IS_ENTRY_FILTER (self));

  g_object_freeze_notify (G_OBJECT (self));
  kindred_entry_filter_set_text (self, NULL);
  kindred_entry_filter_set_mood_min (self, 0);
  kindred_entry_filter_set_mood_max (self, 0);
  kindred_entry_filter_set_emotion (self, NULL);
  kindred_entry_filter_set_trigger (self, NULL);
  kindred_entry_filter_set_strategy (self, NULL);
  kindred_entry_filter_set_from (self, 0);
  kindred_entry_filter_set_to (self, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

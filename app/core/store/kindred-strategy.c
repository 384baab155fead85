/* kindred-strategy.c: one coping strategy (built in or the user's own)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-strategy"

#include "config.h"

#include "store/kindred-strategy.h"

struct _KindredStrategy
{
  GObject    parent_instance;

  char      *uuid;
  char      *name;
  char      *category;
  char      *description;
  GStrv      steps;       /* NULL or non-empty */
  guint      minutes_min;
  guint      minutes_max;
  char      *when;
  gboolean   builtin;
  gboolean   archived;
  GDateTime *created_at;
  GDateTime *updated_at;
  guint64    hlc;
};

G_DEFINE_FINAL_TYPE (KindredStrategy, kindred_strategy, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  PROP_CATEGORY,
  PROP_DESCRIPTION,
  PROP_STEPS,
  PROP_MINUTES_MIN,
  PROP_MINUTES_MAX,
  PROP_WHEN,
  PROP_BUILTIN,
  PROP_ARCHIVED,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_HLC,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}

static void
set_date_time (KindredStrategy  *self,
               GDateTime       **field,
               GDateTime        *value,
               int               prop)
{
  if (date_time_equal0 (*field, value))
    return;

  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_string (KindredStrategy  *self,
            char            **field,
            const char       *value,
            int               prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint (KindredStrategy *self,
          guint           *field,
          guint            value,
          int              prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Each step on one line (the journal keeps them one per line), trimmed, the empty
 * ones left out; NULL when none is left. */
static GStrv
normalize_steps (const char * const *steps)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      g_autofree char *step = g_strdup (steps[i]);

      g_strdelimit (step, "\r\n", ' ');
      g_strstrip (step);
      if (step[0] == '\0')
        continue;
      g_strv_builder_add (builder, step);
      n++;
    }

  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

static void
kindred_strategy_finalize (GObject *object)
{
  KindredStrategy *self = KINDRED_STRATEGY (object);

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->steps, g_strfreev);
  g_clear_pointer (&self->when, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (kindred_strategy_parent_class)->finalize (object);
}

static void
kindred_strategy_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KindredStrategy *self = KINDRED_STRATEGY (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_STEPS:
      g_value_set_boxed (value, self->steps);
      break;
    case PROP_MINUTES_MIN:
      g_value_set_uint (value, self->minutes_min);
      break;
    case PROP_MINUTES_MAX:
      g_value_set_uint (value, self->minutes_max);
      break;
    case PROP_WHEN:
      g_value_set_string (value, self->when);
      break;
    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    case PROP_HLC:
      g_value_set_uint64 (value, self->hlc);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_strategy_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KindredStrategy *self = KINDRED_STRATEGY (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* Construct-only: NULL makes a new strategy. */
      self->uuid = g_value_dup_string (value);
      if (self->uuid == NULL)
        self->uuid = g_uuid_string_random ();
      break;
    case PROP_NAME:
      kindred_strategy_set_name (self, g_value_get_string (value));
      break;
    case PROP_CATEGORY:
      kindred_strategy_set_category (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      kindred_strategy_set_description (self, g_value_get_string (value));
      break;
    case PROP_STEPS:
      kindred_strategy_set_steps (self, g_value_get_boxed (value));
      break;
    case PROP_MINUTES_MIN:
      set_uint (self, &self->minutes_min, g_value_get_uint (value), PROP_MINUTES_MIN);
      break;
    case PROP_MINUTES_MAX:
      set_uint (self, &self->minutes_max, g_value_get_uint (value), PROP_MINUTES_MAX);
      break;
    case PROP_WHEN:
      kindred_strategy_set_when (self, g_value_get_string (value));
      break;
    case PROP_BUILTIN:
      kindred_strategy_set_builtin (self, g_value_get_boolean (value));
      break;
    case PROP_ARCHIVED:
      kindred_strategy_set_archived (self, g_value_get_boolean (value));
      break;
    case PROP_CREATED_AT:
      kindred_strategy_set_created_at (self, g_value_get_boxed (value));
      break;
    case PROP_UPDATED_AT:
      kindred_strategy_set_updated_at (self, g_value_get_boxed (value));
      break;
    case PROP_HLC:
      kindred_strategy_set_hlc (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_strategy_class_init (KindredStrategyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);

  object_class->finalize = kindred_strategy_finalize;
  object_class->get_property = kindred_strategy_get_property;
  object_class->set_property = kindred_strategy_set_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_STEPS] =
    g_param_spec_boxed ("steps", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_MINUTES_MIN] =
    g_param_spec_uint ("minutes-min", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MINUTES_MAX] =
    g_param_spec_uint ("minutes-max", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_WHEN] =
    g_param_spec_string ("when", NULL, NULL, NULL, flags);
  properties[PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL, FALSE, flags);
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_HLC] =
    g_param_spec_uint64 ("hlc", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_strategy_init (KindredStrategy *self)
{
}

KindredStrategy *
kindred_strategy_new (void)
{
  return g_object_new (KINDRED_TYPE_STRATEGY, NULL);
}

KindredStrategy *
kindred_strategy_new_with_uuid (const char *uuid)
{
  return g_object_new (KINDRED_TYPE_STRATEGY, "uuid", uuid, NULL);
}

const char *
kindred_strategy_get_uuid (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return self->uuid;
}

const char *
kindred_strategy_get_name (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return self->name;
}

void
kindred_strategy_set_name (KindredStrategy *self,
                           const char      *name)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  set_string (self, &self->name, name, PROP_NAME);
}

const char *
kindred_strategy_get_category (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return self->category;
}

void
kindred_strategy_set_category (KindredStrategy *self,
                               const char      *category)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  set_string (self, &self->category, category, PROP_CATEGORY);
}

const char *
kindred_strategy_get_description (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return self->description;
}

void
kindred_strategy_set_description (KindredStrategy *self,
                                  const char      *description)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  set_string (self, &self->description, description, PROP_DESCRIPTION);
}

/**
 * kindred_strategy_get_steps:
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the steps, in order
 */
const char * const *
kindred_strategy_get_steps (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return (const char * const *) self->steps;
}

void
kindred_strategy_set_steps (KindredStrategy    *self,
                            const char * const *steps)
{
  g_auto(GStrv) normalized = NULL;

  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  normalized = normalize_steps (steps);
  if ((normalized == NULL && self->steps == NULL) ||
      (normalized != NULL && self->steps != NULL &&
       g_strv_equal ((const char * const *) normalized, (const char * const *) self->steps)))
    return;

  g_strfreev (self->steps);
  self->steps = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEPS]);
}

guint
kindred_strategy_get_minutes_min (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), 0);

  return self->minutes_min;
}

guint
kindred_strategy_get_minutes_max (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), 0);

  return self->minutes_max;
}

void
kindred_strategy_set_minutes (KindredStrategy *self,
                              guint            minutes_min,
                              guint            minutes_max)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, &self->minutes_min, minutes_min, PROP_MINUTES_MIN);
  set_uint (self, &self->minutes_max, MAX (minutes_min, minutes_max), PROP_MINUTES_MAX);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
kindred_strategy_get_when (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return self->when;
}

void
kindred_strategy_set_when (KindredStrategy *self,
                           const char      *when)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  set_string (self, &self->when, when, PROP_WHEN);
}

gboolean
kindred_strategy_get_builtin (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), FALSE);

  return self->builtin;
}

void
kindred_strategy_set_builtin (KindredStrategy *self,
                              gboolean         builtin)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  builtin = !!builtin;
  if (self->builtin == builtin)
    return;

  self->builtin = builtin;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILTIN]);
}

gboolean
kindred_strategy_get_archived (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), FALSE);

  return self->archived;
}

void
kindred_strategy_set_archived (KindredStrategy *self,
                               gboolean         archived)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  archived = !!archived;
  if (self->archived == archived)
    return;

  self->archived = archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

/**
 * kindred_strategy_get_created_at:
 *
 * Returns: (transfer none) (nullable): when it was first saved
 */
GDateTime *
kindred_strategy_get_created_at (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return self->created_at;
}

void
kindred_strategy_set_created_at (KindredStrategy *self,
                                 GDateTime       *created_at)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  set_date_time (self, &self->created_at, created_at, PROP_CREATED_AT);
}

/**
 * kindred_strategy_get_updated_at:
 *
 * Returns: (transfer none) (nullable): when it was last saved
 */
GDateTime *
kindred_strategy_get_updated_at (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), NULL);

  return self->updated_at;
}

void
kindred_strategy_set_updated_at (KindredStrategy *self,
                                 GDateTime       *updated_at)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  set_date_time (self, &self->updated_at, updated_at, PROP_UPDATED_AT);
}

guint64
kindred_strategy_get_hlc (KindredStrategy *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY (self), 0);

  return self->hlc;
}

void
kindred_strategy_set_hlc (KindredStrategy *self,
                          guint64          hlc)
{
  g_return_if_fail (KINDRED_IS_STRATEGY (self));

  if (self->hlc == hlc)
    return;

  self->hlc = hlc;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HLC]);
}

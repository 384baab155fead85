/* kindred-strategy-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-library"

#include "config.h"

#include "library/kindred-strategy-info.h"

#include <glib/gi18n-lib.h>

#include "library/kindred-strategy-library.h"
#include "library/kindred-strategy-library-private.h"

struct _KindredStrategyInfo
{
  GObject            parent_instance;

  char              *id;
  char              *slug;
  char              *category;
  char              *name_msgid;
  char              *name;
  char              *description_msgid;
  char              *description;
  GStrv              steps;
  guint              minutes_min;
  guint              minutes_max;
  char              *when;
  KindredGuidedKind  guided_kind;
  guint              inhale;
  guint              hold;
  guint              exhale;
  guint              hold_after;
  guint              cycles;
  GStrv              prompts;
  GStrv              keywords;
};

G_DEFINE_FINAL_TYPE (KindredStrategyInfo, kindred_strategy_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SLUG,
  PROP_CATEGORY,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_STEPS,
  PROP_MINUTES_MIN,
  PROP_MINUTES_MAX,
  PROP_WHEN,
  PROP_GUIDED_KIND,
  PROP_INHALE,
  PROP_HOLD,
  PROP_EXHALE,
  PROP_HOLD_AFTER,
  PROP_CYCLES,
  PROP_PROMPTS,
  PROP_KEYWORDS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* Helpers */

static gboolean
set_invalid_member (GError     **error,
                    const char  *where,
                    const char  *member)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", where, member);

  return _kindred_strategy_library_set_invalid (error, path);
}

static gboolean
is_nonblank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

static gboolean
has_upper (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return TRUE;

  return FALSE;
}

static gboolean
is_slug (const char *text)
{
  return g_regex_match_simple ("^[a-z0-9]+(-[a-z0-9]+)*$", text,
                               G_REGEX_DOLLAR_ENDONLY, 0);
}

static const char *
string_member (JsonObject  *object,
               const char  *member,
               const char  *where,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      !is_nonblank (json_node_get_string (node)))
    {
      set_invalid_member (error, where, member);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
int_member (JsonObject  *object,
            const char  *member,
            gint64       min,
            gint64       max,
            const char  *where,
            guint       *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    return set_invalid_member (error, where, member);

  *out = (guint) json_node_get_int (node);
  return TRUE;
}

static char *
translate (const char *msgid)
{
  return g_strdup (g_dgettext (GETTEXT_PACKAGE, msgid));
}

/* A non-empty array of non-blank strings, translated when @translated. */
static GStrv
strv_member (JsonObject  *object,
             const char  *member,
             gboolean     required,
             gboolean     translated,
             const char  *where,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL && !required)
    return g_strv_builder_end (builder);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      set_invalid_member (error, where, member);
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
          !is_nonblank (json_node_get_string (item)))
        {
          g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);

          set_invalid_member (error, where, path);
          return NULL;
        }

      /* g_strv_builder_take() needs GLib 2.80 */
      g_strv_builder_add (builder, translated
                                   ? g_dgettext (GETTEXT_PACKAGE, json_node_get_string (item))
                                   : json_node_get_string (item));
    }

  return g_strv_builder_end (builder);
}

static gboolean
parse_guided (KindredStrategyInfo  *self,
              JsonObject           *object,
              const char           *where,
              GError              **error)
{
  JsonNode *node = json_object_get_member (object, "guided");
  g_autofree char *path = NULL;
  JsonObject *guided;
  const char *kind;

  if (node == NULL)
    {
      self->prompts = g_new0 (char *, 1);
      return TRUE;
    }

  path = g_strdup_printf ("%s.guided", where);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _kindred_strategy_library_set_invalid (error, path);
  guided = json_node_get_object (node);

  kind = string_member (guided, "kind", path, error);
  if (kind == NULL)
    return FALSE;

  if (g_str_equal (kind, "breathing"))
    {
      /* The exercise divides by these and runs them as timers. */
      self->guided_kind = KINDRED_GUIDED_BREATHING;
      self->prompts = g_new0 (char *, 1);
      return int_member (guided, "inhale", 1, 20, path, &self->inhale, error) &&
             int_member (guided, "hold", 0, 20, path, &self->hold, error) &&
             int_member (guided, "exhale", 1, 20, path, &self->exhale, error) &&
             int_member (guided, "hold_after", 0, 20, path, &self->hold_after, error) &&
             int_member (guided, "cycles", 1, 30, path, &self->cycles, error);
    }

  if (g_str_equal (kind, "grounding"))
    {
      self->guided_kind = KINDRED_GUIDED_GROUNDING;
      self->prompts = strv_member (guided, "prompts", TRUE, TRUE, path, error);
      return self->prompts != NULL;
    }

  return set_invalid_member (error, path, "kind");
}

KindredStrategyInfo *
_kindred_strategy_info_new_from_json (JsonNode    *node,
                                      const char  *where,
                                      GError     **error)
{
  g_autoptr(KindredStrategyInfo) self = NULL;
  JsonObject *object;
  JsonNode *minutes;
  const char *id, *slug, *category, *name, *description, *when;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _kindred_strategy_library_set_invalid (error, where);
      return NULL;
    }
  object = json_node_get_object (node);

  self = g_object_new (KINDRED_TYPE_STRATEGY_INFO, NULL);

  if ((id = string_member (object, "id", where, error)) == NULL ||
      (slug = string_member (object, "slug", where, error)) == NULL ||
      (category = string_member (object, "category", where, error)) == NULL ||
      (name = string_member (object, "name", where, error)) == NULL ||
      (description = string_member (object, "description", where, error)) == NULL ||
      (when = string_member (object, "when", where, error)) == NULL)
    return NULL;

  /* Journals refer to built-in strategies by this uuid, lowercase as the store
   * writes its own. */
  if (!g_uuid_string_is_valid (id) || has_upper (id))
    {
      set_invalid_member (error, where, "id");
      return NULL;
    }
  if (!is_slug (slug))
    {
      set_invalid_member (error, where, "slug");
      return NULL;
    }
  if (!is_slug (category))
    {
      set_invalid_member (error, where, "category");
      return NULL;
    }

  minutes = json_object_get_member (object, "minutes");
  if (minutes == NULL || !JSON_NODE_HOLDS_OBJECT (minutes))
    {
      set_invalid_member (error, where, "minutes");
      return NULL;
    }
  {
    g_autofree char *path = g_strdup_printf ("%s.minutes", where);
    JsonObject *range = json_node_get_object (minutes);

    if (!int_member (range, "min", 1, 240, path, &self->minutes_min, error) ||
        !int_member (range, "max", 1, 240, path, &self->minutes_max, error))
      return NULL;
    if (self->minutes_min > self->minutes_max)
      {
        set_invalid_member (error, path, "max");
        return NULL;
      }
  }

  self->steps = strv_member (object, "steps", TRUE, TRUE, where, error);
  if (self->steps == NULL)
    return NULL;
  self->keywords = strv_member (object, "keywords", FALSE, FALSE, where, error);
  if (self->keywords == NULL)
    return NULL;
  if (!parse_guided (self, object, where, error))
    return NULL;

  self->id = g_strdup (id);
  self->slug = g_strdup (slug);
  self->category = g_strdup (category);
  self->name_msgid = g_strdup (name);
  self->name = translate (name);
  self->description_msgid = g_strdup (description);
  self->description = translate (description);
  self->when = translate (when);

  return g_steal_pointer (&self);
}

/* GObject */

static void
kindred_strategy_info_finalize (GObject *object)
{
  KindredStrategyInfo *self = KINDRED_STRATEGY_INFO (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->slug, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->name_msgid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description_msgid, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->steps, g_strfreev);
  g_clear_pointer (&self->when, g_free);
  g_clear_pointer (&self->prompts, g_strfreev);
  g_clear_pointer (&self->keywords, g_strfreev);

  G_OBJECT_CLASS (kindred_strategy_info_parent_class)->finalize (object);
}

static void
kindred_strategy_info_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KindredStrategyInfo *self = KINDRED_STRATEGY_INFO (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_SLUG: g_value_set_string (value, self->slug); break;
    case PROP_CATEGORY: g_value_set_string (value, self->category); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_STEPS: g_value_set_boxed (value, self->steps); break;
    case PROP_MINUTES_MIN: g_value_set_uint (value, self->minutes_min); break;
    case PROP_MINUTES_MAX: g_value_set_uint (value, self->minutes_max); break;
    case PROP_WHEN: g_value_set_string (value, self->when); break;
    case PROP_GUIDED_KIND: g_value_set_int (value, self->guided_kind); break;
    case PROP_INHALE: g_value_set_uint (value, self->inhale); break;
    case PROP_HOLD: g_value_set_uint (value, self->hold); break;
    case PROP_EXHALE: g_value_set_uint (value, self->exhale); break;
    case PROP_HOLD_AFTER: g_value_set_uint (value, self->hold_after); break;
    case PROP_CYCLES: g_value_set_uint (value, self->cycles); break;
    case PROP_PROMPTS: g_value_set_boxed (value, self->prompts); break;
    case PROP_KEYWORDS: g_value_set_boxed (value, self->keywords); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_strategy_info_class_init (KindredStrategyInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kindred_strategy_info_finalize;
  object_class->get_property = kindred_strategy_info_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_SLUG] = g_param_spec_string ("slug", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_STEPS] = g_param_spec_boxed ("steps", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_MINUTES_MIN] =
    g_param_spec_uint ("minutes-min", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MINUTES_MAX] =
    g_param_spec_uint ("minutes-max", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_WHEN] = g_param_spec_string ("when", NULL, NULL, NULL, flags);
  properties[PROP_GUIDED_KIND] =
    g_param_spec_int ("guided-kind", NULL, NULL, KINDRED_GUIDED_NONE,
                      KINDRED_GUIDED_GROUNDING, KINDRED_GUIDED_NONE, flags);
  properties[PROP_INHALE] = g_param_spec_uint ("inhale", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HOLD] = g_param_spec_uint ("hold", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_EXHALE] = g_param_spec_uint ("exhale", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HOLD_AFTER] =
    g_param_spec_uint ("hold-after", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CYCLES] = g_param_spec_uint ("cycles", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PROMPTS] = g_param_spec_boxed ("prompts", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_KEYWORDS] =
    g_param_spec_boxed ("keywords", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_strategy_info_init (KindredStrategyInfo *self)
{
}

/* Public API */

#define DEFINE_GETTER(type, field, fallback) \
  type \
  kindred_strategy_info_get_##field (KindredStrategyInfo *self) \
  { \
    g_return_val_if_fail (KINDRED_IS_STRATEGY_INFO (self), fallback); \
    return (type) self->field; \
  }

DEFINE_GETTER (const char *, id, NULL)
DEFINE_GETTER (const char *, slug, NULL)
DEFINE_GETTER (const char *, category, NULL)
DEFINE_GETTER (const char *, name, NULL)
DEFINE_GETTER (const char *, name_msgid, NULL)
DEFINE_GETTER (const char *, description, NULL)
DEFINE_GETTER (const char *, description_msgid, NULL)
DEFINE_GETTER (const char * const *, steps, NULL)
DEFINE_GETTER (guint, minutes_min, 0)
DEFINE_GETTER (guint, minutes_max, 0)
DEFINE_GETTER (const char *, when, NULL)
DEFINE_GETTER (KindredGuidedKind, guided_kind, KINDRED_GUIDED_NONE)
DEFINE_GETTER (guint, inhale, 0)
DEFINE_GETTER (guint, hold, 0)
DEFINE_GETTER (guint, exhale, 0)
DEFINE_GETTER (guint, hold_after, 0)
DEFINE_GETTER (guint, cycles, 0)
DEFINE_GETTER (const char * const *, prompts, NULL)
DEFINE_GETTER (const char * const *, keywords, NULL)

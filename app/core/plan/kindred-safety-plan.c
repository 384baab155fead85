/* kindred-safety-plan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored form (settings key "safety-plan", inside the encrypted journal):
 *
 *   { "format": "kindred-safety-plan", "version": 1,
 *     "updated-at": "2026-11-27T14:00:00.000000Z", "hlc": 123456789,
 *     "sections": { "warning-signs": { "items": ["…"] },
 *                   "coping": { "items": [], "strategies": ["<uuid>"] },
 *                   "people": { "items": [], "contacts": ["<uuid>"] },
 *                   "professionals": { "items": [], "contacts": [], "services": ["gb-samaritans"] },
 *                   … } }
 *
 * A settings row rather than tables: the plan is one small document a person edits
 * as a whole, and it needs no schema change.  The HLC stamp is the whole plan's, so
 * sync can keep the newer plan (a merge of single items is not worth the surprise).
 */

#define G_LOG_DOMAIN "kindred-safety-plan"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "plan/kindred-safety-plan.h"
#include "plan/kindred-plan-private.h"

#define PLAN_KEY     "safety-plan"
#define PLAN_FORMAT  "kindred-safety-plan"
#define PLAN_VERSION 1

struct _KindredSafetyPlan
{
  GObject     parent_instance;

  GStrv       items[KINDRED_PLAN_N_SECTIONS];   /* the person's words: never log them */
  GStrv       strategies;
  GStrv       people_contacts;
  GStrv       professional_contacts;
  GStrv       services;
  GDateTime  *updated_at;
  guint64     hlc;
};

G_DEFINE_FINAL_TYPE (KindredSafetyPlan, kindred_safety_plan, G_TYPE_OBJECT)

G_DEFINE_QUARK (kindred-plan-error-quark, kindred_plan_error)

enum { PROP_0, PROP_UPDATED_AT, PROP_HLC, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct
{
  const char *id;
  const char *title;
  const char *explanation;
} sections[KINDRED_PLAN_N_SECTIONS] = {
  { "warning-signs",
    N_("Warning signs"),
    N_("The thoughts, feelings, situations or habits that tell you a hard time may be "
       "coming. Noticing them early gives you time to use the rest of this plan.") },
  { "coping",
    N_("Things I can do on my own"),
    N_("Things you can do by yourself to get through a difficult moment, without "
       "needing anyone else. Pick from your strategies or write your own.") },
  { "distractions",
    N_("People and places that take my mind off things"),
    N_("People you can be around and places you can go that help you think about "
       "something else for a while. You don't have to talk about how you feel.") },
  { "people",
    N_("People I can ask for help"),
    N_("People you trust and could tell that you are struggling. Choose from your "
       "contacts or write their names.") },
  { "professionals",
    N_("Professionals and services"),
    N_("People and services whose job is to help: your doctor or therapist, and "
       "support lines you can call or text.") },
  { "environment",
    N_("Making my surroundings safer"),
    N_("Small steps that make the place you are in safer while things are hard, such "
       "as putting things that could hurt you out of reach, or asking someone to keep "
       "them for a while.") },
  { "reasons",
    N_("My reasons for living"),
    N_("The people, things, hopes and plans that matter to you, even on a hard day.") },
};

static const char * const empty_strv[] = { NULL };

/* Shared helpers (kindred-plan-private.h) */

/* json-glib 1.6 recurses once per level: a deeply nested document could exhaust the
 * stack before any check of ours runs, so depth is counted on the raw text. */
static gboolean
check_depth (const char *json,
             gsize       length)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > KINDRED_PLAN_MAX_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }

  return TRUE;
}

static gboolean
set_damaged (GError **error)
{
  g_set_error_literal (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_DAMAGED,
                       _("The saved information could not be read. It may have been "
                         "damaged."));
  return FALSE;
}

JsonNode *
_kindred_plan_parse (const char  *json,
                     gssize       length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize size;

  g_return_val_if_fail (json != NULL, NULL);

  size = length < 0 ? strlen (json) : (gsize) length;
  if (size > KINDRED_PLAN_MAX_DOCUMENT_SIZE || !check_depth (json, size))
    {
      set_damaged (error);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, (gssize) size, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_damaged (error);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

char *
_kindred_plan_dup_text (JsonNode *node)
{
  g_autofree char *text = NULL;
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;

  text = g_strstrip (g_strdup (value));
  if (*text == '\0')
    return NULL;

  if (g_utf8_strlen (text, -1) > KINDRED_PLAN_MAX_TEXT)
    {
      char *end = g_utf8_offset_to_pointer (text, KINDRED_PLAN_MAX_TEXT);

      *end = '\0';
    }

  return g_steal_pointer (&text);
}

char **
_kindred_plan_dup_strv (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = array != NULL ? json_array_get_length (array) : 0;
  guint kept = 0;

  for (guint i = 0; i < n && kept < KINDRED_PLAN_MAX_ITEMS; i++)
    {
      g_autofree char *text = _kindred_plan_dup_text (json_array_get_element (array, i));

      if (text != NULL)
        {
          g_strv_builder_add (builder, text);
          kept++;
        }
    }

  return g_strv_builder_end (builder);
}

KindredHlc
_kindred_plan_next_stamp (KindredStore *store,
                          KindredHlc    previous)
{
  g_autofree char *value = kindred_store_dup_setting (store, "hlc");
  KindredHlc last = value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;

  /* The journal's clock is read, not advanced: advancing it would be a second
   * write, and a stamp equal to one of an entry does no harm (stamps order one
   * record's versions, and each document is one record). */
  return kindred_hlc_next (MAX (last, previous), g_get_real_time () / 1000);
}

gboolean
_kindred_plan_read (KindredStore  *store,
                    const char    *key,
                    char         **value,
                    GError       **error)
{
  if (!kindred_store_is_open (store))
    {
      g_set_error_literal (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_LOCKED,
                           _("The journal is locked."));
      return FALSE;
    }

  *value = kindred_store_dup_setting (store, key);

  return TRUE;
}

gboolean
_kindred_plan_write (KindredStore  *store,
                     const char    *key,
                     const char    *value,
                     gboolean       damaged,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!kindred_store_is_open (store))
    {
      g_set_error_literal (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_LOCKED,
                           _("The journal is locked."));
      return FALSE;
    }

  if (damaged)
    {
      g_autofree char *aside_key = g_strconcat (key, "-damaged", NULL);
      g_autofree char *aside = kindred_store_dup_setting (store, aside_key);
      g_autofree char *old = kindred_store_dup_setting (store, key);

      /* Whatever is left of the person's words stays in the journal, for a later
       * version (or a person with a text editor) to recover. */
      if (aside == NULL && old != NULL &&
          !kindred_store_set_setting (store, aside_key, old, &local_error))
        {
          g_set_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_FAILED,
                       _("The journal could not be written: %s"), local_error->message);
          return FALSE;
        }
    }

  if (!kindred_store_set_setting (store, key, value, &local_error))
    {
      g_set_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_FAILED,
                   _("The journal could not be written: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Sections */

const char *
kindred_plan_section_get_id (KindredPlanSection section)
{
  g_return_val_if_fail (section < KINDRED_PLAN_N_SECTIONS, NULL);

  return sections[section].id;
}

const char *
kindred_plan_section_get_title (KindredPlanSection section)
{
  g_return_val_if_fail (section < KINDRED_PLAN_N_SECTIONS, NULL);

  return _(sections[section].title);
}

const char *
kindred_plan_section_get_explanation (KindredPlanSection section)
{
  g_return_val_if_fail (section < KINDRED_PLAN_N_SECTIONS, NULL);

  return _(sections[section].explanation);
}

/* Helpers */

static GStrv
clean_strv (const char * const *items)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint kept = 0;

  for (guint i = 0; items != NULL && items[i] != NULL && kept < KINDRED_PLAN_MAX_ITEMS; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (items[i]));

      if (*text != '\0')
        {
          g_strv_builder_add (builder, text);
          kept++;
        }
    }

  return g_strv_builder_end (builder);
}

static void
replace_strv (KindredSafetyPlan  *self,
              GStrv              *slot,
              const char * const *items)
{
  g_auto(GStrv) cleaned = clean_strv (items);

  if (g_strv_equal ((const char * const *) *slot, (const char * const *) cleaned))
    return;

  g_strfreev (*slot);
  *slot = g_steal_pointer (&cleaned);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GStrv *
contacts_slot (KindredSafetyPlan  *self,
               KindredPlanSection  section)
{
  if (section == KINDRED_PLAN_SECTION_PEOPLE)
    return &self->people_contacts;
  if (section == KINDRED_PLAN_SECTION_PROFESSIONALS)
    return &self->professional_contacts;

  return NULL;
}

static JsonNode *
strv_node (const char * const *strv)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_take_array (node, array);

  return node;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* GObject */

static void
kindred_safety_plan_finalize (GObject *object)
{
  KindredSafetyPlan *self = KINDRED_SAFETY_PLAN (object);

  for (guint i = 0; i < KINDRED_PLAN_N_SECTIONS; i++)
    g_clear_pointer (&self->items[i], g_strfreev);
  g_clear_pointer (&self->strategies, g_strfreev);
  g_clear_pointer (&self->people_contacts, g_strfreev);
  g_clear_pointer (&self->professional_contacts, g_strfreev);
  g_clear_pointer (&self->services, g_strfreev);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (kindred_safety_plan_parent_class)->finalize (object);
}

static void
kindred_safety_plan_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KindredSafetyPlan *self = KINDRED_SAFETY_PLAN (object);

  switch (prop_id)
    {
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
kindred_safety_plan_class_init (KindredSafetyPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kindred_safety_plan_finalize;
  object_class->get_property = kindred_safety_plan_get_property;

  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_HLC] =
    g_param_spec_uint64 ("hlc", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kindred_safety_plan_init (KindredSafetyPlan *self)
{
  for (guint i = 0; i < KINDRED_PLAN_N_SECTIONS; i++)
    self->items[i] = g_new0 (char *, 1);
  self->strategies = g_new0 (char *, 1);
  self->people_contacts = g_new0 (char *, 1);
  self->professional_contacts = g_new0 (char *, 1);
  self->services = g_new0 (char *, 1);
}

/* Public API */

KindredSafetyPlan *
kindred_safety_plan_new (void)
{
  return g_object_new (KINDRED_TYPE_SAFETY_PLAN, NULL);
}

const char * const *
kindred_safety_plan_get_items (KindredSafetyPlan  *self,
                               KindredPlanSection  section)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), empty_strv);
  g_return_val_if_fail (section < KINDRED_PLAN_N_SECTIONS, empty_strv);

  return (const char * const *) self->items[section];
}

void
kindred_safety_plan_set_items (KindredSafetyPlan  *self,
                               KindredPlanSection  section,
                               const char * const *items)
{
  g_return_if_fail (KINDRED_IS_SAFETY_PLAN (self));
  g_return_if_fail (section < KINDRED_PLAN_N_SECTIONS);

  replace_strv (self, &self->items[section], items);
}

const char * const *
kindred_safety_plan_get_strategies (KindredSafetyPlan *self)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), empty_strv);

  return (const char * const *) self->strategies;
}

void
kindred_safety_plan_set_strategies (KindredSafetyPlan  *self,
                                    const char * const *uuids)
{
  g_return_if_fail (KINDRED_IS_SAFETY_PLAN (self));

  replace_strv (self, &self->strategies, uuids);
}

const char * const *
kindred_safety_plan_get_contacts (KindredSafetyPlan  *self,
                                  KindredPlanSection  section)
{
  GStrv *slot;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), empty_strv);

  slot = contacts_slot (self, section);

  return slot != NULL ? (const char * const *) *slot : empty_strv;
}

void
kindred_safety_plan_set_contacts (KindredSafetyPlan  *self,
                                  KindredPlanSection  section,
                                  const char * const *uuids)
{
  GStrv *slot;

  g_return_if_fail (KINDRED_IS_SAFETY_PLAN (self));

  slot = contacts_slot (self, section);
  g_return_if_fail (slot != NULL);

  replace_strv (self, slot, uuids);
}

const char * const *
kindred_safety_plan_get_services (KindredSafetyPlan *self)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), empty_strv);

  return (const char * const *) self->services;
}

void
kindred_safety_plan_set_services (KindredSafetyPlan  *self,
                                  const char * const *ids)
{
  g_return_if_fail (KINDRED_IS_SAFETY_PLAN (self));

  replace_strv (self, &self->services, ids);
}

gboolean
kindred_safety_plan_is_empty (KindredSafetyPlan *self)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), TRUE);

  for (guint i = 0; i < KINDRED_PLAN_N_SECTIONS; i++)
    if (self->items[i][0] != NULL)
      return FALSE;

  return self->strategies[0] == NULL && self->people_contacts[0] == NULL &&
         self->professional_contacts[0] == NULL && self->services[0] == NULL;
}

GDateTime *
kindred_safety_plan_get_updated_at (KindredSafetyPlan *self)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), NULL);

  return self->updated_at;
}

guint64
kindred_safety_plan_get_hlc (KindredSafetyPlan *self)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), 0);

  return self->hlc;
}

char *
kindred_safety_plan_to_json (KindredSafetyPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, PLAN_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PLAN_VERSION);
  if (self->updated_at != NULL)
    {
      g_autofree char *stamp = g_date_time_format_iso8601 (self->updated_at);

      json_builder_set_member_name (builder, "updated-at");
      json_builder_add_string_value (builder, stamp);
    }
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_int_value (builder, (gint64) self->hlc);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_object (builder);
  for (guint i = 0; i < KINDRED_PLAN_N_SECTIONS; i++)
    {
      json_builder_set_member_name (builder, sections[i].id);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "items");
      json_builder_add_value (builder, strv_node ((const char * const *) self->items[i]));
      if (i == KINDRED_PLAN_SECTION_COPING)
        {
          json_builder_set_member_name (builder, "strategies");
          json_builder_add_value (builder, strv_node ((const char * const *) self->strategies));
        }
      if (i == KINDRED_PLAN_SECTION_PEOPLE || i == KINDRED_PLAN_SECTION_PROFESSIONALS)
        {
          json_builder_set_member_name (builder, "contacts");
          json_builder_add_value (builder, strv_node (kindred_safety_plan_get_contacts (self, i)));
        }
      if (i == KINDRED_PLAN_SECTION_PROFESSIONALS)
        {
          json_builder_set_member_name (builder, "services");
          json_builder_add_value (builder, strv_node ((const char * const *) self->services));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

KindredSafetyPlan *
kindred_safety_plan_new_from_json (const char  *json,
                                   gssize       length,
                                   GError     **error)
{
  g_autoptr(KindredSafetyPlan) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *section_objects;
  JsonNode *node;

  g_return_val_if_fail (json != NULL, NULL);

  root = _kindred_plan_parse (json, length, error);
  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  node = json_object_get_member (object, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      g_strcmp0 (json_node_get_string (node), PLAN_FORMAT) != 0)
    {
      set_damaged (error);
      return NULL;
    }

  self = kindred_safety_plan_new ();

  node = json_object_get_member (object, "updated-at");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    self->updated_at = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

  node = json_object_get_member (object, "hlc");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
    self->hlc = (guint64) json_node_get_int (node);

  /* A later version may add sections or members: what this one knows is kept. */
  section_objects = member_object (object, "sections");
  for (guint i = 0; i < KINDRED_PLAN_N_SECTIONS; i++)
    {
      JsonObject *section = member_object (section_objects, sections[i].id);

      g_strfreev (self->items[i]);
      self->items[i] = _kindred_plan_dup_strv (member_array (section, "items"));

      if (i == KINDRED_PLAN_SECTION_COPING)
        {
          g_strfreev (self->strategies);
          self->strategies = _kindred_plan_dup_strv (member_array (section, "strategies"));
        }
      else if (i == KINDRED_PLAN_SECTION_PEOPLE)
        {
          g_strfreev (self->people_contacts);
          self->people_contacts = _kindred_plan_dup_strv (member_array (section, "contacts"));
        }
      else if (i == KINDRED_PLAN_SECTION_PROFESSIONALS)
        {
          g_strfreev (self->professional_contacts);
          self->professional_contacts = _kindred_plan_dup_strv (member_array (section, "contacts"));
          g_strfreev (self->services);
          self->services = _kindred_plan_dup_strv (member_array (section, "services"));
        }
    }

  return g_steal_pointer (&self);
}

KindredSafetyPlan *
kindred_safety_plan_load (KindredStore  *store,
                          GError       **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  if (!_kindred_plan_read (store, PLAN_KEY, &json, error) || json == NULL)
    return NULL;

  return kindred_safety_plan_new_from_json (json, -1, error);
}

gboolean
kindred_safety_plan_save (KindredSafetyPlan  *self,
                          KindredStore       *store,
                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KindredSafetyPlan) stored = NULL;
  g_autoptr(GDateTime) previous_at = NULL;
  g_autofree char *json = NULL;
  guint64 previous_hlc;
  gboolean damaged = FALSE;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);

  stored = kindred_safety_plan_load (store, &local_error);
  if (local_error != NULL)
    {
      if (!g_error_matches (local_error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_DAMAGED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      damaged = TRUE;
    }

  /* Keeps the stamp moving forward even when @self was built fresh */
  previous_hlc = self->hlc;
  previous_at = self->updated_at != NULL ? g_date_time_ref (self->updated_at) : NULL;
  self->hlc = _kindred_plan_next_stamp (store, MAX (self->hlc,
                                                    stored != NULL ? stored->hlc : 0));
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_new_now_utc ();

  json = kindred_safety_plan_to_json (self);
  if (!_kindred_plan_write (store, PLAN_KEY, json, damaged, error))
    {
      self->hlc = previous_hlc;
      g_clear_pointer (&self->updated_at, g_date_time_unref);
      self->updated_at = g_steal_pointer (&previous_at);
      return FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HLC]);

  return TRUE;
}

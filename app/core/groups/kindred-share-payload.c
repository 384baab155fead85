/* kindred-share-payload.c: the one format of a share's content, built, checked and
 * rendered in one place so that the preview and the recipient's view cannot differ
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "groups/kindred-groups-private.h"
#include "library/kindred-emotions.h"
#include "store/kindred-entry.h"

/* Per-entry limits on read and write (the whole file is capped by its size). */
#define MAX_LIST     100
#define MAX_NAME     200
#define MAX_TITLE    1000

static const char * const level_names[] = {
  [KINDRED_SHARE_LEVEL_MOOD] = "mood",
  [KINDRED_SHARE_LEVEL_EMOTIONS] = "emotions",
  [KINDRED_SHARE_LEVEL_STRATEGIES] = "strategies",
  [KINDRED_SHARE_LEVEL_TRIGGERS] = "triggers",
  [KINDRED_SHARE_LEVEL_TEXT] = "text",
};

static const char * const audience_names[] = {
  [KINDRED_SHARE_AUDIENCE_GROUP] = "group",
  [KINDRED_SHARE_AUDIENCE_FACILITATOR] = "facilitator",
};

static const char * const helped_labels[] = {
  /* Translators: how much a coping strategy helped, 0 to 4, after its name in a
   * shared entry: "Going for a walk (helped a lot)" */
  N_("did not help"),
  N_("helped a little"),
  N_("helped somewhat"),
  N_("helped quite a bit"),
  N_("helped a lot"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (helped_labels) == KINDRED_HELPED_MAX - KINDRED_HELPED_MIN + 1);

const char *
_kindred_share_level_to_string (KindredShareLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (level_names), "mood");
  return level_names[level];
}

gboolean
_kindred_share_level_from_string (const char        *text,
                                  KindredShareLevel *level)
{
  for (guint i = 0; i < G_N_ELEMENTS (level_names); i++)
    if (g_strcmp0 (text, level_names[i]) == 0)
      {
        *level = (KindredShareLevel) i;
        return TRUE;
      }
  return FALSE;
}

const char *
_kindred_share_audience_to_string (KindredShareAudience audience)
{
  g_return_val_if_fail ((guint) audience < G_N_ELEMENTS (audience_names), "group");
  return audience_names[audience];
}

gboolean
_kindred_share_audience_from_string (const char           *text,
                                     KindredShareAudience *audience)
{
  for (guint i = 0; i < G_N_ELEMENTS (audience_names); i++)
    if (g_strcmp0 (text, audience_names[i]) == 0)
      {
        *audience = (KindredShareAudience) i;
        return TRUE;
      }
  return FALSE;
}

GBytes *
_kindred_json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  char *text;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, FALSE);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

static gboolean
too_long (const char *text,
          glong       max_chars)
{
  return text != NULL && g_utf8_strlen (text, -1) > max_chars;
}

static gboolean
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID, message);
  return FALSE;
}

GBytes *
_kindred_share_payload_build (const char           *group_id,
                              const char           *share_id,
                              KindredShareLevel     level,
                              KindredShareAudience  audience,
                              const char           *message,
                              GPtrArray            *entries,
                              GHashTable           *strategy_names,
                              GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (entries == NULL || entries->len == 0)
    {
      set_invalid (error, _("Choose at least one entry to share."));
      return NULL;
    }
  if (entries->len > KINDRED_GROUPS_MAX_ENTRIES)
    {
      g_set_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID,
                   ngettext ("A share can hold at most %d entry.",
                             "A share can hold at most %d entries.",
                             KINDRED_GROUPS_MAX_ENTRIES),
                   KINDRED_GROUPS_MAX_ENTRIES);
      return NULL;
    }
  if (too_long (message, KINDRED_GROUPS_MAX_MESSAGE))
    {
      set_invalid (error, _("The message is too long to share."));
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "group_id");
  json_builder_add_string_value (builder, group_id);
  json_builder_set_member_name (builder, "share_id");
  json_builder_add_string_value (builder, share_id);
  json_builder_set_member_name (builder, "audience");
  json_builder_add_string_value (builder, _kindred_share_audience_to_string (audience));
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, _kindred_share_level_to_string (level));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message != NULL ? message : "");
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);

  for (guint i = 0; i < entries->len; i++)
    {
      KindredEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *date = NULL;
      int mood;

      if (!KINDRED_IS_ENTRY (entry) || kindred_entry_get_deleted (entry))
        {
          set_invalid (error, _("One of the chosen entries was deleted."));
          return NULL;
        }

      json_builder_begin_object (builder);

      /* The entry's own offset: the recipient sees the time the writer saw. */
      date = g_date_time_format (kindred_entry_get_created_at (entry), "%Y-%m-%dT%H:%M:%S%:z");
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);

      mood = kindred_entry_get_mood (entry);
      if (mood >= KINDRED_MOOD_MIN && mood <= KINDRED_MOOD_MAX)
        {
          json_builder_set_member_name (builder, "mood");
          json_builder_add_int_value (builder, mood);
        }

      if (level >= KINDRED_SHARE_LEVEL_EMOTIONS)
        {
          guint n = kindred_entry_get_n_emotions (entry);

          if (n > MAX_LIST)
            {
              set_invalid (error, _("One of the chosen entries names too many emotions to share."));
              return NULL;
            }
          json_builder_set_member_name (builder, "emotions");
          json_builder_begin_array (builder);
          for (guint j = 0; j < n; j++)
            {
              int intensity = 0;
              const char *id = kindred_entry_get_emotion (entry, j, &intensity);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "id");
              json_builder_add_string_value (builder, id);
              json_builder_set_member_name (builder, "intensity");
              json_builder_add_int_value (builder, CLAMP (intensity, KINDRED_INTENSITY_MIN,
                                                          KINDRED_INTENSITY_MAX));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }

      if (level >= KINDRED_SHARE_LEVEL_STRATEGIES)
        {
          guint n = kindred_entry_get_n_strategies (entry);

          if (n > MAX_LIST)
            {
              set_invalid (error, _("One of the chosen entries has too many strategies to share."));
              return NULL;
            }
          json_builder_set_member_name (builder, "strategies");
          json_builder_begin_array (builder);
          for (guint j = 0; j < n; j++)
            {
              int helped = 0;
              const char *uuid = kindred_entry_get_strategy (entry, j, &helped);
              const char *name = strategy_names != NULL ?
                                 g_hash_table_lookup (strategy_names, uuid) : NULL;

              /* A strategy deleted since: nothing to call it, so it stays home. */
              if (name == NULL)
                continue;
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, name);
              json_builder_set_member_name (builder, "helped");
              json_builder_add_int_value (builder, CLAMP (helped, KINDRED_HELPED_MIN,
                                                          KINDRED_HELPED_MAX));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }

      if (level >= KINDRED_SHARE_LEVEL_TRIGGERS)
        {
          const char * const *triggers = kindred_entry_get_triggers (entry);

          if (triggers != NULL && g_strv_length ((char **) triggers) > MAX_LIST)
            {
              set_invalid (error, _("One of the chosen entries has too many triggers to share."));
              return NULL;
            }
          json_builder_set_member_name (builder, "triggers");
          json_builder_begin_array (builder);
          for (guint j = 0; triggers != NULL && triggers[j] != NULL; j++)
            json_builder_add_string_value (builder, triggers[j]);
          json_builder_end_array (builder);
        }

      if (level >= KINDRED_SHARE_LEVEL_TEXT)
        {
          const char *title = kindred_entry_get_title (entry);
          const char *body = kindred_entry_get_body (entry);

          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, title != NULL ? title : "");
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, body != NULL ? body : "");
        }

      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return _kindred_json_to_bytes (root);
}

void
_kindred_share_payload_info_clear (KindredSharePayloadInfo *info)
{
  g_clear_pointer (&info->moods, g_free);
  g_clear_pointer (&info->dates_us, g_free);
  g_clear_pointer (&info->offsets_s, g_free);
  g_clear_pointer (&info->message, g_free);
  info->n_entries = 0;
}

static gboolean
malformed (GError    **error,
           const char *what)
{
  /* No content in the message: @what names a field, never a value. */
  g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
               _("This share is damaged or not in a format Kindred knows (%s)."), what);
  return FALSE;
}

static gboolean
check_string_member (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     glong        max_chars,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return required ? malformed (error, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return malformed (error, member);
  if (max_chars > 0 && too_long (json_node_get_string (node), max_chars))
    return malformed (error, member);
  return TRUE;
}

static gboolean
check_int_member (JsonObject  *object,
                  const char  *member,
                  gint64       min,
                  gint64       max,
                  gboolean     required,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL)
    return required ? malformed (error, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return malformed (error, member);
  value = json_node_get_int (node);
  if (value < min || value > max)
    return malformed (error, member);
  return TRUE;
}

static JsonArray *
get_array_member (JsonObject  *object,
                  const char  *member,
                  guint        max_len,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) > max_len)
    {
      malformed (error, member);
      return NULL;
    }
  return json_node_get_array (node);
}

static GDateTime *
parse_date (const char *text)
{
  /* With no default time zone, a date without an offset is refused: the time
   * shown must never depend on the reader's time zone. */
  if (text == NULL || strlen (text) < 20 || strlen (text) > 40)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static gboolean
check_entry (JsonObject         *entry,
             KindredShareLevel   level,
             GError            **error)
{
  static const char * const by_level[] = {
    [KINDRED_SHARE_LEVEL_EMOTIONS] = "emotions",
    [KINDRED_SHARE_LEVEL_STRATEGIES] = "strategies",
    [KINDRED_SHARE_LEVEL_TRIGGERS] = "triggers",
    [KINDRED_SHARE_LEVEL_TEXT] = "text",
  };
  g_autoptr(GDateTime) date = NULL;
  JsonArray *array;

  if (!check_string_member (entry, "date", TRUE, 40, error))
    return FALSE;
  date = parse_date (json_object_get_string_member (entry, "date"));
  if (date == NULL)
    return malformed (error, "date");
  if (!check_int_member (entry, "mood", KINDRED_MOOD_MIN, KINDRED_MOOD_MAX, FALSE, error))
    return FALSE;

  /* A field beyond the share's level would show the recipient more than the sender
   * was told leaves: refuse rather than show it. */
  for (guint l = KINDRED_SHARE_LEVEL_EMOTIONS; l < G_N_ELEMENTS (by_level); l++)
    {
      gboolean allowed = level >= l;

      if (json_object_has_member (entry, by_level[l]) != allowed)
        return malformed (error, by_level[l]);
    }
  if (json_object_has_member (entry, "title") != (level >= KINDRED_SHARE_LEVEL_TEXT))
    return malformed (error, "title");

  if (level >= KINDRED_SHARE_LEVEL_EMOTIONS)
    {
      array = get_array_member (entry, "emotions", MAX_LIST, error);
      if (array == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return malformed (error, "emotions");
          if (!check_string_member (json_node_get_object (node), "id", TRUE, MAX_NAME, error) ||
              !check_int_member (json_node_get_object (node), "intensity",
                                 KINDRED_INTENSITY_MIN, KINDRED_INTENSITY_MAX, TRUE, error))
            return FALSE;
        }
    }
  if (level >= KINDRED_SHARE_LEVEL_STRATEGIES)
    {
      array = get_array_member (entry, "strategies", MAX_LIST, error);
      if (array == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return malformed (error, "strategies");
          if (!check_string_member (json_node_get_object (node), "name", TRUE, MAX_NAME, error) ||
              !check_int_member (json_node_get_object (node), "helped",
                                 KINDRED_HELPED_MIN, KINDRED_HELPED_MAX, TRUE, error))
            return FALSE;
        }
    }
  if (level >= KINDRED_SHARE_LEVEL_TRIGGERS)
    {
      array = get_array_member (entry, "triggers", MAX_LIST, error);
      if (array == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
              too_long (json_node_get_string (node), MAX_NAME))
            return malformed (error, "triggers");
        }
    }
  if (level >= KINDRED_SHARE_LEVEL_TEXT)
    {
      if (!check_string_member (entry, "title", TRUE, MAX_TITLE, error) ||
          !check_string_member (entry, "text", TRUE, 0, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_kindred_share_payload_parse (GBytes                   *payload,
                              KindredSharePayloadInfo  *info,
                              JsonObject              **out_object,
                              GError                  **error)
{
  g_autoptr(JsonObject) object = NULL;
  KindredShareLevel level;
  KindredShareAudience audience;
  JsonArray *entries;
  gsize len = 0;
  const char *data;
  guint n;

  g_return_val_if_fail (payload != NULL, FALSE);

  data = g_bytes_get_data (payload, &len);
  object = kindred_envelope_parse_object (data, len, KINDRED_GROUPS_MAX_DEPTH, error);
  if (object == NULL)
    return FALSE;

  if (!check_string_member (object, "group_id", TRUE, 100, error) ||
      !check_string_member (object, "share_id", TRUE, 100, error) ||
      !check_string_member (object, "audience", TRUE, 20, error) ||
      !check_string_member (object, "level", TRUE, 20, error) ||
      !check_string_member (object, "message", TRUE, KINDRED_GROUPS_MAX_MESSAGE, error))
    return FALSE;
  if (!_kindred_share_level_from_string (json_object_get_string_member (object, "level"), &level))
    return malformed (error, "level");
  if (!_kindred_share_audience_from_string (json_object_get_string_member (object, "audience"),
                                            &audience))
    return malformed (error, "audience");

  entries = get_array_member (object, "entries", KINDRED_GROUPS_MAX_ENTRIES, error);
  if (entries == NULL)
    return FALSE;
  n = json_array_get_length (entries);
  if (n == 0)
    return malformed (error, "entries");

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return malformed (error, "entries");
      if (!check_entry (json_node_get_object (node), level, error))
        return FALSE;
    }

  if (info != NULL)
    {
      _kindred_share_payload_info_clear (info);
      info->n_entries = n;
      info->moods = g_new0 (int, n);
      info->dates_us = g_new0 (gint64, n);
      info->offsets_s = g_new0 (int, n);
      info->message = g_strdup (json_object_get_string_member (object, "message"));
      for (guint i = 0; i < n; i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          g_autoptr(GDateTime) date = parse_date (json_object_get_string_member (entry, "date"));

          info->moods[i] = json_object_has_member (entry, "mood") ?
                           (int) json_object_get_int_member (entry, "mood") : 0;
          info->dates_us[i] = _kindred_groups_time_to_us (date);
          info->offsets_s[i] = (int) (g_date_time_get_utc_offset (date) / G_USEC_PER_SEC);
        }
    }

  if (out_object != NULL)
    *out_object = g_steal_pointer (&object);
  return TRUE;
}

/* Remote text goes into labels as it is: only control characters (which could
 * reorder or hide what is shown) become spaces.  @single_line: newlines too. */
static void
append_clean (GString    *out,
              const char *text,
              gboolean    single_line)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == '\n' && !single_line) || c == '\t')
        g_string_append_unichar (out, c);
      else if (g_unichar_iscntrl (c) || c == 0x202a || c == 0x202b || c == 0x202c ||
               c == 0x202d || c == 0x202e || (c >= 0x2066 && c <= 0x2069))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
}

/* (nullable): the items joined for one line, NULL when there are none. */
static char *
join_items (GPtrArray *items)
{
  g_autoptr(GString) joined = NULL;

  if (items->len == 0)
    return NULL;
  joined = g_string_new (NULL);
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        /* Translators: between items of a list in a shared entry */
        g_string_append (joined, _(", "));
      g_string_append (joined, g_ptr_array_index (items, i));
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
render_entry (GString    *out,
              JsonObject *entry)
{
  g_autoptr(GDateTime) date = parse_date (json_object_get_string_member (entry, "date"));
  g_autofree char *when = g_date_time_format (date, "%Y-%m-%d %H:%M");

  g_string_append (out, when);
  g_string_append_c (out, '\n');

  if (json_object_has_member (entry, "mood"))
    {
      /* Translators: the mood of a shared entry, on Kindred's scale of 1 to 5 */
      g_string_append_printf (out, _("Mood: %d of 5"),
                              (int) json_object_get_int_member (entry, "mood"));
      g_string_append_c (out, '\n');
    }

  if (json_object_has_member (entry, "emotions"))
    {
      JsonArray *array = json_object_get_array_member (entry, "emotions");
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *emotion = json_array_get_object_element (array, i);
          const char *id = json_object_get_string_member (emotion, "id");
          const char *label = kindred_emotion_get_label (id);
          g_autoptr(GString) item = g_string_new (NULL);

          append_clean (item, label != NULL ? label : id, TRUE);
          /* Translators: an emotion and its intensity in a shared entry: "Calm (2 of 5)" */
          g_ptr_array_add (items, g_strdup_printf (_("%s (%d of 5)"), item->str,
                                                   (int) json_object_get_int_member (emotion,
                                                                                     "intensity")));
        }
      joined = join_items (items);
      if (joined != NULL)
        {
          /* Translators: %s is a list of emotions */
          g_string_append_printf (out, _("Emotions: %s"), joined);
          g_string_append_c (out, '\n');
        }
    }

  if (json_object_has_member (entry, "strategies"))
    {
      JsonArray *array = json_object_get_array_member (entry, "strategies");
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *strategy = json_array_get_object_element (array, i);
          gint64 helped = json_object_get_int_member (strategy, "helped");
          g_autoptr(GString) item = g_string_new (NULL);

          append_clean (item, json_object_get_string_member (strategy, "name"), TRUE);
          /* Translators: a coping strategy and how much it helped: "Going for a walk
           * (helped a lot)" */
          g_ptr_array_add (items, g_strdup_printf (_("%s (%s)"), item->str,
                                                   _(helped_labels[helped])));
        }
      joined = join_items (items);
      if (joined != NULL)
        {
          /* Translators: %s is a list of coping strategies */
          g_string_append_printf (out, _("Strategies: %s"), joined);
          g_string_append_c (out, '\n');
        }
    }

  if (json_object_has_member (entry, "triggers"))
    {
      JsonArray *array = json_object_get_array_member (entry, "triggers");
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(GString) item = g_string_new (NULL);

          append_clean (item, json_array_get_string_element (array, i), TRUE);
          g_ptr_array_add (items, g_string_free (g_steal_pointer (&item), FALSE));
        }
      joined = join_items (items);
      if (joined != NULL)
        {
          /* Translators: %s is a list of triggers (free tags) */
          g_string_append_printf (out, _("Triggers: %s"), joined);
          g_string_append_c (out, '\n');
        }
    }

  if (json_object_has_member (entry, "title"))
    {
      const char *title = json_object_get_string_member (entry, "title");
      const char *text = json_object_get_string_member (entry, "text");

      if (title[0] != '\0')
        {
          append_clean (out, title, TRUE);
          g_string_append_c (out, '\n');
        }
      if (text[0] != '\0')
        {
          append_clean (out, text, FALSE);
          if (!g_str_has_suffix (text, "\n"))
            g_string_append_c (out, '\n');
        }
    }
}

char *
kindred_share_render_text (GBytes  *payload,
                           GError **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *message;
  JsonArray *entries;

  g_return_val_if_fail (payload != NULL, NULL);

  if (!_kindred_share_payload_parse (payload, NULL, &object, error))
    return NULL;

  message = json_object_get_string_member (object, "message");
  if (message[0] != '\0')
    {
      append_clean (out, message, FALSE);
      g_string_append (out, "\n\n");
    }

  entries = json_object_get_array_member (object, "entries");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      render_entry (out, json_array_get_object_element (entries, i));
    }

  /* No trailing newline: the text goes into a label as it is. */
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

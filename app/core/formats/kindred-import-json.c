/* kindred-import-json.c: reading Kindred's own JSON export and jrnl's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A field of the wrong type makes the whole file malformed (it was not written
 * by the program it claims); a value that cannot be used (an impossible date, a
 * mood out of range) sets only that record aside.  Messages name the record and
 * the field, never what the entry says.
 */

#define G_LOG_DOMAIN "kindred-formats"

#include "config.h"

#include "formats/kindred-formats.h"
#include "formats/kindred-formats-private.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Typed members */

static gboolean
set_type_error (GError     **error,
                const char  *where,
                const char  *member,
                const char  *expected)
{
  /* Translators: "Entry 12: “mood” should be a whole number." */
  g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
               _("%s: “%s” should be %s."), where, member, expected);
  return FALSE;
}

static gboolean
set_missing_error (GError     **error,
                   const char  *where,
                   const char  *member)
{
  g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
               _("%s: “%s” is missing."), where, member);
  return FALSE;
}

/* Missing or null: *value = NULL. */
static gboolean
get_string (JsonObject   *object,
            const char   *member,
            gboolean      required,
            const char   *where,
            const char  **value,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? set_missing_error (error, where, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_type_error (error, where, member, _("text"));

  *value = json_node_get_string (node);
  return TRUE;
}

/* Missing or null: *value = @fallback. */
static gboolean
get_int (JsonObject  *object,
         const char  *member,
         gboolean     required,
         gint64       fallback,
         const char  *where,
         gint64      *value,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? set_missing_error (error, where, member) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return set_type_error (error, where, member, _("a whole number"));

  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *member,
          const char  *where,
          gboolean    *value,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return set_type_error (error, where, member, _("true or false"));

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Missing or null: *value = NULL. */
static gboolean
get_array (JsonObject   *object,
           const char   *member,
           gboolean      required,
           const char   *where,
           JsonArray   **value,
           GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? set_missing_error (error, where, member) : TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_type_error (error, where, member, _("a list"));

  *value = json_node_get_array (node);
  return TRUE;
}

static JsonObject *
get_element_object (JsonArray   *array,
                    guint        index,
                    const char  *where,
                    GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("%s should be an object with named fields."), where);
      return NULL;
    }

  return json_node_get_object (node);
}

static const char *
get_element_string (JsonArray   *array,
                    guint        index,
                    const char  *where,
                    const char  *member,
                    GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_type_error (error, where, member, _("a list of texts"));
      return NULL;
    }

  return json_node_get_string (node);
}

/* Kindred JSON */

static gboolean
read_strategies (JsonArray     *array,
                 ImportData    *data,
                 GHashTable    *known,
                 GError       **error)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      /* Translators: names a record in an import message, "Strategy 3: …" */
      g_autofree char *where = g_strdup_printf (_("Strategy %u"), i + 1);
      g_autoptr(KindredStrategy) strategy = NULL;
      g_autoptr(GDateTime) created_at = NULL;
      g_autoptr(GDateTime) updated_at = NULL;
      const char *uuid, *name, *category, *description, *created, *updated, *when;
      gboolean builtin, archived;
      gint64 minutes_min, minutes_max;
      JsonArray *steps_array;
      g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();
      g_auto(GStrv) step_list = NULL;
      JsonObject *object;

      object = get_element_object (array, i, where, error);
      if (object == NULL ||
          !get_string (object, "uuid", TRUE, where, &uuid, error) ||
          !get_string (object, "name", TRUE, where, &name, error) ||
          !get_string (object, "category", FALSE, where, &category, error) ||
          !get_string (object, "description", FALSE, where, &description, error) ||
          !get_bool (object, "builtin", where, &builtin, error) ||
          !get_bool (object, "archived", where, &archived, error) ||
          !get_string (object, "created_at", FALSE, where, &created, error) ||
          !get_string (object, "updated_at", FALSE, where, &updated, error) ||
          /* Since Kindred's v4 journal: absent in older exports. */
          !get_array (object, "steps", FALSE, where, &steps_array, error) ||
          !get_int (object, "minutes_min", FALSE, 0, where, &minutes_min, error) ||
          !get_int (object, "minutes_max", FALSE, 0, where, &minutes_max, error) ||
          !get_string (object, "when", FALSE, where, &when, error))
        return FALSE;

      for (guint j = 0; steps_array != NULL && j < json_array_get_length (steps_array); j++)
        {
          JsonNode *step = json_array_get_element (steps_array, j);

          if (!JSON_NODE_HOLDS_VALUE (step) || json_node_get_value_type (step) != G_TYPE_STRING)
            return set_type_error (error, where, "steps", _("a list of text"));
          g_strv_builder_add (steps, json_node_get_string (step));
        }
      step_list = g_strv_builder_end (steps);
      if (minutes_min < 0 || minutes_min > 24 * 60 || minutes_max < 0 || minutes_max > 24 * 60)
        {
          _kindred_import_data_reject (data, _("%s: how long it takes is out of range."), where);
          continue;
        }

      if (!g_uuid_string_is_valid (uuid))
        {
          _kindred_import_data_reject (data, _("%s: its identifier is damaged."), where);
          continue;
        }
      if (name[0] == '\0')
        {
          _kindred_import_data_reject (data, _("%s: it has no name."), where);
          continue;
        }
      if ((created != NULL && (created_at = _kindred_formats_parse_time (created)) == NULL) ||
          (updated != NULL && (updated_at = _kindred_formats_parse_time (updated)) == NULL))
        {
          _kindred_import_data_reject (data, _("%s: a date could not be read."), where);
          continue;
        }

      strategy = kindred_strategy_new_with_uuid (uuid);
      kindred_strategy_set_name (strategy, name);
      kindred_strategy_set_category (strategy, category);
      kindred_strategy_set_description (strategy, description);
      kindred_strategy_set_steps (strategy, step_list[0] != NULL ?
                                            (const char * const *) step_list : NULL);
      kindred_strategy_set_minutes (strategy, (guint) minutes_min, (guint) minutes_max);
      kindred_strategy_set_when (strategy, when);
      kindred_strategy_set_builtin (strategy, builtin);
      kindred_strategy_set_archived (strategy, archived);
      kindred_strategy_set_created_at (strategy, created_at);
      kindred_strategy_set_updated_at (strategy, updated_at);

      g_hash_table_add (known, g_strdup (uuid));
      g_ptr_array_add (data->strategies, g_steal_pointer (&strategy));
    }

  return TRUE;
}

/* FALSE with @error for a malformed record; FALSE without for a rejected one. */
static gboolean
read_kindred_entry (JsonObject     *object,
                    const char     *where,
                    ImportData     *data,
                    GHashTable     *strategies,
                    KindredEntry  **out,
                    GError        **error)
{
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_null_terminated (4, NULL, TRUE);
  const char *uuid, *created, *updated, *title, *body;
  JsonArray *emotions, *trigger_list, *used;
  gint64 mood;

  *out = NULL;

  if (!get_string (object, "uuid", TRUE, where, &uuid, error) ||
      !get_string (object, "created_at", TRUE, where, &created, error) ||
      !get_string (object, "updated_at", FALSE, where, &updated, error) ||
      !get_int (object, "mood", FALSE, KINDRED_MOOD_NONE, where, &mood, error) ||
      !get_string (object, "title", FALSE, where, &title, error) ||
      !get_string (object, "body", FALSE, where, &body, error) ||
      !get_array (object, "emotions", FALSE, where, &emotions, error) ||
      !get_array (object, "triggers", FALSE, where, &trigger_list, error) ||
      !get_array (object, "strategies", FALSE, where, &used, error))
    return FALSE;

  /* Every type first, so that a malformed file fails whatever record comes first. */
  for (guint i = 0; emotions != NULL && i < json_array_get_length (emotions); i++)
    {
      JsonObject *emotion = get_element_object (emotions, i, where, error);
      const char *name;
      gint64 intensity;

      if (emotion == NULL ||
          !get_string (emotion, "name", TRUE, where, &name, error) ||
          !get_int (emotion, "intensity", TRUE, 0, where, &intensity, error))
        return FALSE;
    }
  for (guint i = 0; trigger_list != NULL && i < json_array_get_length (trigger_list); i++)
    {
      const char *trigger = get_element_string (trigger_list, i, where, "triggers", error);

      if (trigger == NULL)
        return FALSE;
      if (trigger[0] != '\0')
        g_ptr_array_add (triggers, (gpointer) trigger);
    }
  for (guint i = 0; used != NULL && i < json_array_get_length (used); i++)
    {
      JsonObject *link = get_element_object (used, i, where, error);
      const char *strategy;
      gint64 helped;

      if (link == NULL ||
          !get_string (link, "uuid", TRUE, where, &strategy, error) ||
          !get_int (link, "helped", TRUE, 0, where, &helped, error))
        return FALSE;
    }

  if (!g_uuid_string_is_valid (uuid))
    {
      _kindred_import_data_reject (data, _("%s: its identifier is damaged."), where);
      return FALSE;
    }
  created_at = _kindred_formats_parse_time (created);
  if (created_at == NULL ||
      (updated != NULL && (updated_at = _kindred_formats_parse_time (updated)) == NULL))
    {
      _kindred_import_data_reject (data, _("%s: a date could not be read."), where);
      return FALSE;
    }
  if (mood != KINDRED_MOOD_NONE && (mood < KINDRED_MOOD_MIN || mood > KINDRED_MOOD_MAX))
    {
      _kindred_import_data_reject (data, _("%s: the mood is not between %d and %d."), where,
                                   KINDRED_MOOD_MIN, KINDRED_MOOD_MAX);
      return FALSE;
    }

  entry = kindred_entry_new_with_uuid (uuid);
  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_updated_at (entry, updated_at);
  kindred_entry_set_mood (entry, (int) mood);
  kindred_entry_set_title (entry, title);
  kindred_entry_set_body (entry, body);
  kindred_entry_set_triggers (entry, (const char * const *) triggers->pdata);

  for (guint i = 0; emotions != NULL && i < json_array_get_length (emotions); i++)
    {
      JsonObject *emotion = json_array_get_object_element (emotions, i);
      const char *name = json_object_get_string_member (emotion, "name");
      gint64 intensity = json_object_get_int_member (emotion, "intensity");

      if (name[0] == '\0' || intensity < KINDRED_INTENSITY_MIN || intensity > KINDRED_INTENSITY_MAX)
        {
          _kindred_import_data_reject (data, _("%s: a feeling’s strength is not between %d and %d."),
                                       where, KINDRED_INTENSITY_MIN, KINDRED_INTENSITY_MAX);
          return FALSE;
        }
      kindred_entry_set_emotion (entry, name, (int) intensity);
    }

  for (guint i = 0; used != NULL && i < json_array_get_length (used); i++)
    {
      JsonObject *link = json_array_get_object_element (used, i);
      const char *strategy = json_object_get_string_member (link, "uuid");
      gint64 helped = json_object_get_int_member (link, "helped");

      if (helped < KINDRED_HELPED_MIN || helped > KINDRED_HELPED_MAX)
        {
          _kindred_import_data_reject (data, _("%s: how much something helped is not between %d and %d."),
                                       where, KINDRED_HELPED_MIN, KINDRED_HELPED_MAX);
          return FALSE;
        }
      if (!g_hash_table_contains (strategies, strategy))
        {
          _kindred_import_data_reject (data, _("%s: it uses a coping strategy the file does not contain."),
                                       where);
          return FALSE;
        }
      kindred_entry_set_strategy (entry, strategy, (int) helped);
    }

  *out = g_steal_pointer (&entry);
  return TRUE;
}

gboolean
_kindred_import_kindred_json (GBytes        *bytes,
                              ImportData    *data,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) strategies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *where = _("The file");
  JsonObject *object;
  JsonArray *strategy_list, *entries;
  const char *format;
  gint64 version;

  root = _kindred_formats_parse_json (bytes, KINDRED_FORMATS_MAX_DEPTH, error);
  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);

  if (!get_string (object, "format", TRUE, where, &format, error))
    return FALSE;
  if (strcmp (format, "kindred-journal") != 0)
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("This JSON file is not a Kindred journal export."));
      return FALSE;
    }
  if (!get_int (object, "version", TRUE, 0, where, &version, error))
    return FALSE;
  if (version > KINDRED_FORMATS_JSON_VERSION)
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_NEWER_VERSION,
                   _("This export was made by a newer version of Kindred. Update Kindred "
                     "to import it."));
      return FALSE;
    }
  if (version < 1)
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("The file’s format version is not one Kindred ever wrote."));
      return FALSE;
    }

  if (!get_array (object, "strategies", FALSE, where, &strategy_list, error) ||
      !get_array (object, "entries", TRUE, where, &entries, error))
    return FALSE;

  if (!read_strategies (strategy_list, data, strategies, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      /* Translators: names a record in an import message, "Entry 12: …" */
      g_autofree char *entry_where = g_strdup_printf (_("Entry %u"), i + 1);
      g_autoptr(GError) local_error = NULL;
      KindredEntry *entry = NULL;
      JsonObject *entry_object;

      if (i % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      entry_object = get_element_object (entries, i, entry_where, error);
      if (entry_object == NULL)
        return FALSE;
      if (!read_kindred_entry (entry_object, entry_where, data, strategies, &entry, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue;
        }
      _kindred_import_data_add (data, entry);
    }

  return TRUE;
}

/* jrnl JSON: {"tags": {"@tag": n}, "entries": [{"title", "body", "date":
 * "YYYY-MM-DD", "time": "HH:MM", "tags": ["@tag"], "starred": bool}]} (jrnl's
 * plugins/json_exporter.py), or one such entry per file (--file folder/). */

static gboolean
parse_local (const char  *date,
             const char  *time,
             GDateTime  **out)
{
  int year, month, day, hour = 0, minute = 0, second = 0;
  char tail;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  *out = NULL;
  if (sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return FALSE;
  if (time != NULL && time[0] != '\0' &&
      sscanf (time, "%2d:%2d%c", &hour, &minute, &tail) != 2 &&
      sscanf (time, "%2d:%2d:%2d%c", &hour, &minute, &second, &tail) != 3)
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 59)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  *out = g_date_time_new (local, year, month, day, hour, minute, second);
  return *out != NULL;
}

static gboolean
read_jrnl_entry (JsonObject     *object,
                 const char     *where,
                 ImportData     *data,
                 KindredEntry  **out,
                 GError        **error)
{
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  g_autofree char *uuid = NULL;
  const char *title, *body, *date, *time, *source_uuid;
  gboolean starred;
  JsonArray *tags;

  *out = NULL;

  if (!get_string (object, "title", FALSE, where, &title, error) ||
      !get_string (object, "body", FALSE, where, &body, error) ||
      !get_string (object, "date", TRUE, where, &date, error) ||
      !get_string (object, "time", FALSE, where, &time, error) ||
      !get_array (object, "tags", FALSE, where, &tags, error) ||
      !get_bool (object, "starred", where, &starred, error) ||
      !get_string (object, "uuid", FALSE, where, &source_uuid, error))
    return FALSE;

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      const char *tag = get_element_string (tags, i, where, "tags", error);

      if (tag == NULL)
        return FALSE;
      /* jrnl keeps the tag symbol ("@work"; "#" is the other default). */
      while (*tag == '@' || *tag == '#')
        tag++;
      if (*tag != '\0')
        g_ptr_array_add (triggers, g_strdup (tag));
    }
  /* Kindred has no star: a tag keeps the mark findable. */
  if (starred)
    g_ptr_array_add (triggers, g_strdup ("starred"));

  if (!parse_local (date, time, &created_at))
    {
      _kindred_import_data_reject (data, _("%s: the date or time could not be read."), where);
      return FALSE;
    }

  /* jrnl journals have no ids (only those from Day One carry one): the content
   * names the entry, so the same file imported twice gives the same uuids. */
  if (source_uuid != NULL && source_uuid[0] != '\0')
    {
      const char *parts[] = { source_uuid, NULL };

      uuid = _kindred_formats_derive_uuid ("jrnl-uuid", parts);
    }
  else
    {
      const char *parts[] = { date, time != NULL ? time : "", title != NULL ? title : "",
                              body != NULL ? body : "", NULL };

      uuid = _kindred_formats_derive_uuid ("jrnl", parts);
    }

  entry = kindred_entry_new_with_uuid (uuid);
  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_title (entry, title);
  kindred_entry_set_body (entry, body);
  kindred_entry_set_triggers (entry, (const char * const *) triggers->pdata);

  *out = g_steal_pointer (&entry);
  return TRUE;
}

gboolean
_kindred_import_jrnl_json (GBytes        *bytes,
                           ImportData    *data,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *entries = NULL;
  guint n;

  root = _kindred_formats_parse_json (bytes, KINDRED_FORMATS_MAX_DEPTH, error);
  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);

  if (json_object_has_member (object, "entries"))
    {
      if (!get_array (object, "entries", TRUE, _("The file"), &entries, error))
        return FALSE;
      n = json_array_get_length (entries);
    }
  else if (json_object_has_member (object, "date"))
    n = 1;
  else
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("This JSON file is not a jrnl export: it has no entries."));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf (_("Entry %u"), i + 1);
      g_autoptr(GError) local_error = NULL;
      KindredEntry *entry = NULL;
      JsonObject *entry_object = object;

      if (i % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (entries != NULL)
        {
          entry_object = get_element_object (entries, i, where, error);
          if (entry_object == NULL)
            return FALSE;
        }

      if (!read_jrnl_entry (entry_object, where, data, &entry, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue;
        }
      _kindred_import_data_add (data, entry);
    }

  return TRUE;
}

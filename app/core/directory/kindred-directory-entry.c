/* kindred-directory-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-directory"

#include "config.h"

#include "directory/kindred-directory-entry.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "directory/kindred-directory.h"
#include "directory/kindred-directory-private.h"

struct _KindredDirectoryEntry
{
  GObject   parent_instance;

  char     *id;
  char     *country;
  char     *organisation;
  char     *service;
  GStrv     kinds;
  GStrv     phone_numbers;
  GStrv     phone_labels;     /* "" where the source gave none */
  char     *text_number;
  char     *text_keyword;
  char     *text_details;
  char     *chat_url;
  char     *website;
  char     *hours;
  GStrv     languages;
  char     *cost;
  char     *cost_note;
  char     *description;
  char     *source_url;
  GStrv     additional_source_urls;
  char     *checked;

  char     *haystack;
};

G_DEFINE_FINAL_TYPE (KindredDirectoryEntry, kindred_directory_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_COUNTRY,
  PROP_ORGANISATION,
  PROP_SERVICE,
  PROP_KINDS,
  PROP_PHONE_NUMBERS,
  PROP_PHONE_LABELS,
  PROP_TEXT_NUMBER,
  PROP_TEXT_KEYWORD,
  PROP_TEXT_DETAILS,
  PROP_CHAT_URL,
  PROP_WEBSITE,
  PROP_HOURS,
  PROP_LANGUAGES,
  PROP_COST,
  PROP_COST_NOTE,
  PROP_DESCRIPTION,
  PROP_SOURCE_URL,
  PROP_ADDITIONAL_SOURCE_URLS,
  PROP_CHECKED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static const char * const known_costs[] = {
  "free", "standard-rate", "varies", "unknown", NULL
};

/* Shared validation (kindred-directory-private.h) */

/* The schema's patterns, as PCRE; DOLLAR_ENDONLY because PCRE's $ would also match
 * before a final newline, which JSON Schema's does not. */
static const char * const shape_patterns[] = {
  [SHAPE_ANY_STRING] = NULL,
  [SHAPE_ID] = "^[a-z0-9]+(-[a-z0-9]+)*$",
  [SHAPE_COUNTRY] = "^([A-Z]{2}|INT)$",
  [SHAPE_TEXT] = "\\S",
  [SHAPE_DESCRIPTION] = "\\S",
  [SHAPE_URL] = "^https?://[^\\s]+$",
  [SHAPE_DATE] = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
  [SHAPE_PHONE] = "^\\+?[0-9][0-9 ()\\-]*[0-9]$",
  [SHAPE_KEYWORD] = "^\\S(.*\\S)?$",
  [SHAPE_LANGUAGE] = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
  [SHAPE_KIND] = NULL,
  [SHAPE_COST] = NULL,
};

static GRegex *
shape_regex (Shape shape)
{
  static GRegex *regexes[G_N_ELEMENTS (shape_patterns)];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (shape_patterns); i++)
        if (shape_patterns[i] != NULL)
          regexes[i] = g_regex_new (shape_patterns[i],
                                    G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY,
                                    0, NULL);
      g_once_init_leave (&initialized, 1);
    }

  return regexes[shape];
}

gboolean
_kindred_directory_check_shape (Shape       shape,
                                const char *value)
{
  glong len;
  GRegex *regex;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return FALSE;

  len = g_utf8_strlen (value, -1);

  switch (shape)
    {
    case SHAPE_ANY_STRING:
      return TRUE;
    case SHAPE_ID:
      if (len > 80)
        return FALSE;
      break;
    case SHAPE_TEXT:
      if (len < 1 || len > 400)
        return FALSE;
      break;
    case SHAPE_DESCRIPTION:
      if (len < 10 || len > 240)
        return FALSE;
      break;
    case SHAPE_URL:
      if (len < 10 || len > 500)
        return FALSE;
      break;
    case SHAPE_PHONE:
      if (len < 2 || len > 32)
        return FALSE;
      break;
    case SHAPE_KEYWORD:
      if (len < 1 || len > 40)
        return FALSE;
      break;
    case SHAPE_DATE:
      {
        unsigned y, m, d;

        /* The pattern allows 2026-02-31; a real date does not. */
        if (!g_regex_match (shape_regex (shape), value, 0, NULL) ||
            sscanf (value, "%4u-%2u-%2u", &y, &m, &d) != 3)
          return FALSE;
        return g_date_valid_dmy (d, m, y);
      }
    case SHAPE_KIND:
      return g_strv_contains (kindred_directory_get_known_kinds (), value);
    case SHAPE_COST:
      return g_strv_contains (known_costs, value);
    case SHAPE_COUNTRY:
    case SHAPE_LANGUAGE:
    default:
      break;
    }

  regex = shape_regex (shape);
  return regex != NULL && g_regex_match (regex, value, 0, NULL);
}

gboolean
_kindred_directory_set_invalid (GError     **error,
                                const char  *path)
{
  /* The path names a field of the directory format, never anything private. */
  g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_INVALID,
               _("This file is not a valid directory for Kindred: “%s” is missing or "
                 "not as expected."),
               path);
  return FALSE;
}

static gboolean
set_invalid_member (GError     **error,
                    const char  *where,
                    const char  *member)
{
  g_autofree char *path = NULL;

  path = where != NULL && *where != '\0'
         ? g_strdup_printf ("%s.%s", where, member)
         : g_strdup (member);
  return _kindred_directory_set_invalid (error, path);
}

gboolean
_kindred_directory_only_members (JsonObject          *object,
                                 const char * const  *allowed,
                                 const char          *where,
                                 GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (!g_strv_contains (allowed, name))
        return set_invalid_member (error, where, name);
    }

  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
_kindred_directory_string_member (JsonObject   *object,
                                  const char   *member,
                                  gboolean      required,
                                  Shape         shape,
                                  const char   *where,
                                  const char  **out,
                                  GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL)
    return required ? set_invalid_member (error, where, member) : TRUE;

  if (!node_is_string (node) ||
      !_kindred_directory_check_shape (shape, json_node_get_string (node)))
    return set_invalid_member (error, where, member);

  *out = json_node_get_string (node);
  return TRUE;
}

/* A non-empty array of strings of @shape, each once (the schema's minItems 1 and
 * uniqueItems). */
static gboolean
strv_member (JsonObject   *object,
             const char   *member,
             gboolean      required,
             Shape         shape,
             const char   *where,
             GStrv        *out,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array;
  guint n;

  g_assert (*out == NULL);

  if (node == NULL)
    {
      if (required)
        return set_invalid_member (error, where, member);
      *out = g_new0 (char *, 1);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_invalid_member (error, where, member);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return set_invalid_member (error, where, member);

  builder = g_strv_builder_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *value;

      if (!node_is_string (item) ||
          !_kindred_directory_check_shape (shape, json_node_get_string (item)))
        {
          g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);

          return set_invalid_member (error, where, path);
        }

      value = json_node_get_string (item);
      if (!g_hash_table_add (seen, (gpointer) value))
        {
          g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);

          return set_invalid_member (error, where, path);
        }
      g_strv_builder_add (builder, value);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* Only strings people read; an empty string would fetch the .po header. */
static char *
translate (const char *msgid)
{
  if (msgid == NULL || *msgid == '\0')
    return g_strdup (msgid);

  return g_strdup (g_dgettext (GETTEXT_PACKAGE, msgid));
}

static gboolean
parse_phones (KindredDirectoryEntry  *self,
              JsonObject             *object,
              const char             *where,
              GError                **error)
{
  static const char * const allowed[] = { "number", "label", NULL };
  JsonNode *node = json_object_get_member (object, "phones");
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return set_invalid_member (error, where, "phones");
      array = json_node_get_array (node);
      n = json_array_get_length (array);
      if (n == 0)
        return set_invalid_member (error, where, "phones");

      for (guint i = 0; i < n; i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *path = NULL;
          g_autofree char *label = NULL;
          const char *number;
          const char *label_msgid;
          JsonObject *phone;

          path = g_strdup_printf ("%s.phones[%u]", where, i);
          if (!JSON_NODE_HOLDS_OBJECT (item))
            return _kindred_directory_set_invalid (error, path);
          phone = json_node_get_object (item);
          if (!_kindred_directory_only_members (phone, allowed, path, error) ||
              !_kindred_directory_string_member (phone, "number", TRUE, SHAPE_PHONE,
                                                 path, &number, error) ||
              !_kindred_directory_string_member (phone, "label", FALSE, SHAPE_TEXT,
                                                 path, &label_msgid, error))
            return FALSE;

          label = translate (label_msgid);
          g_strv_builder_add (numbers, number);
          g_strv_builder_add (labels, label != NULL ? label : "");
        }
    }

  self->phone_numbers = g_strv_builder_end (numbers);
  self->phone_labels = g_strv_builder_end (labels);
  return TRUE;
}

static gboolean
parse_text (KindredDirectoryEntry  *self,
            JsonObject             *object,
            const char             *where,
            GError                **error)
{
  static const char * const allowed[] = { "number", "keyword", "details", NULL };
  JsonNode *node = json_object_get_member (object, "text");
  g_autofree char *path = NULL;
  const char *number;
  const char *keyword;
  const char *details;
  JsonObject *text;

  if (node == NULL)
    return TRUE;

  path = g_strdup_printf ("%s.text", where);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _kindred_directory_set_invalid (error, path);
  text = json_node_get_object (node);
  if (!_kindred_directory_only_members (text, allowed, path, error) ||
      !_kindred_directory_string_member (text, "number", TRUE, SHAPE_PHONE, path,
                                         &number, error) ||
      !_kindred_directory_string_member (text, "keyword", FALSE, SHAPE_KEYWORD, path,
                                         &keyword, error) ||
      !_kindred_directory_string_member (text, "details", FALSE, SHAPE_TEXT, path,
                                         &details, error))
    return FALSE;

  self->text_number = g_strdup (number);
  self->text_keyword = g_strdup (keyword);
  self->text_details = translate (details);
  return TRUE;
}

static void
build_haystack (KindredDirectoryEntry *self)
{
  GString *haystack = g_string_new (NULL);

  g_string_append_printf (haystack, "%s %s %s %s %s",
                          self->id, self->organisation, self->service,
                          self->description, self->country);
  for (guint i = 0; self->kinds[i] != NULL; i++)
    g_string_append_printf (haystack, " %s %s", self->kinds[i],
                            kindred_directory_kind_get_label (self->kinds[i]));

  self->haystack = g_string_free (haystack, FALSE);
}

KindredDirectoryEntry *
_kindred_directory_entry_new_from_json (JsonNode    *node,
                                        const char  *where,
                                        GError     **error)
{
  static const char * const allowed[] = {
    "id", "country", "organisation", "service", "kinds", "phones", "text", "chat_url",
    "website", "hours", "languages", "cost", "cost_note", "description", "source_url",
    "additional_source_urls", "checked", NULL
  };
  g_autoptr(KindredDirectoryEntry) self = NULL;
  JsonObject *object;
  const char *id, *country, *organisation, *service, *chat_url, *website, *hours;
  const char *cost, *cost_note, *description, *source_url, *checked;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _kindred_directory_set_invalid (error, where);
      return NULL;
    }
  object = json_node_get_object (node);

  self = g_object_new (KINDRED_TYPE_DIRECTORY_ENTRY, NULL);

  if (!_kindred_directory_only_members (object, allowed, where, error) ||
      !_kindred_directory_string_member (object, "id", TRUE, SHAPE_ID, where, &id,
                                         error) ||
      !_kindred_directory_string_member (object, "country", TRUE, SHAPE_COUNTRY, where,
                                         &country, error) ||
      !_kindred_directory_string_member (object, "organisation", TRUE, SHAPE_TEXT,
                                         where, &organisation, error) ||
      !_kindred_directory_string_member (object, "service", TRUE, SHAPE_TEXT, where,
                                         &service, error) ||
      !strv_member (object, "kinds", TRUE, SHAPE_KIND, where, &self->kinds, error) ||
      !parse_phones (self, object, where, error) ||
      !parse_text (self, object, where, error) ||
      !_kindred_directory_string_member (object, "chat_url", FALSE, SHAPE_URL, where,
                                         &chat_url, error) ||
      !_kindred_directory_string_member (object, "website", FALSE, SHAPE_URL, where,
                                         &website, error) ||
      !_kindred_directory_string_member (object, "hours", FALSE, SHAPE_TEXT, where,
                                         &hours, error) ||
      !strv_member (object, "languages", FALSE, SHAPE_LANGUAGE, where,
                    &self->languages, error) ||
      !_kindred_directory_string_member (object, "cost", FALSE, SHAPE_COST, where,
                                         &cost, error) ||
      !_kindred_directory_string_member (object, "cost_note", FALSE, SHAPE_TEXT, where,
                                         &cost_note, error) ||
      !_kindred_directory_string_member (object, "description", TRUE,
                                         SHAPE_DESCRIPTION, where, &description,
                                         error) ||
      !_kindred_directory_string_member (object, "source_url", TRUE, SHAPE_URL, where,
                                         &source_url, error) ||
      !strv_member (object, "additional_source_urls", FALSE, SHAPE_URL, where,
                    &self->additional_source_urls, error) ||
      !_kindred_directory_string_member (object, "checked", TRUE, SHAPE_DATE, where,
                                         &checked, error))
    return NULL;

  /* The schema's anyOf: a way to reach the service. */
  if (self->phone_numbers[0] == NULL && self->text_number == NULL &&
      chat_url == NULL && website == NULL)
    {
      set_invalid_member (error, where, "phones");
      return NULL;
    }

  self->id = g_strdup (id);
  self->country = g_strdup (country);
  self->organisation = g_strdup (organisation);
  self->service = translate (service);
  self->chat_url = g_strdup (chat_url);
  self->website = g_strdup (website);
  self->hours = translate (hours);
  self->cost = g_strdup (cost);
  self->cost_note = translate (cost_note);
  self->description = translate (description);
  self->source_url = g_strdup (source_url);
  self->checked = g_strdup (checked);

  build_haystack (self);

  return g_steal_pointer (&self);
}

const char *
_kindred_directory_entry_get_haystack (KindredDirectoryEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ENTRY (self), NULL);

  return self->haystack;
}

/* GObject */

static void
kindred_directory_entry_finalize (GObject *object)
{
  KindredDirectoryEntry *self = KINDRED_DIRECTORY_ENTRY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->kinds, g_strfreev);
  g_clear_pointer (&self->phone_numbers, g_strfreev);
  g_clear_pointer (&self->phone_labels, g_strfreev);
  g_clear_pointer (&self->text_number, g_free);
  g_clear_pointer (&self->text_keyword, g_free);
  g_clear_pointer (&self->text_details, g_free);
  g_clear_pointer (&self->chat_url, g_free);
  g_clear_pointer (&self->website, g_free);
  g_clear_pointer (&self->hours, g_free);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_pointer (&self->cost, g_free);
  g_clear_pointer (&self->cost_note, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->source_url, g_free);
  g_clear_pointer (&self->additional_source_urls, g_strfreev);
  g_clear_pointer (&self->checked, g_free);
  g_clear_pointer (&self->haystack, g_free);

  G_OBJECT_CLASS (kindred_directory_entry_parent_class)->finalize (object);
}

static void
kindred_directory_entry_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  KindredDirectoryEntry *self = KINDRED_DIRECTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_COUNTRY: g_value_set_string (value, self->country); break;
    case PROP_ORGANISATION: g_value_set_string (value, self->organisation); break;
    case PROP_SERVICE: g_value_set_string (value, self->service); break;
    case PROP_KINDS: g_value_set_boxed (value, self->kinds); break;
    case PROP_PHONE_NUMBERS: g_value_set_boxed (value, self->phone_numbers); break;
    case PROP_PHONE_LABELS: g_value_set_boxed (value, self->phone_labels); break;
    case PROP_TEXT_NUMBER: g_value_set_string (value, self->text_number); break;
    case PROP_TEXT_KEYWORD: g_value_set_string (value, self->text_keyword); break;
    case PROP_TEXT_DETAILS: g_value_set_string (value, self->text_details); break;
    case PROP_CHAT_URL: g_value_set_string (value, self->chat_url); break;
    case PROP_WEBSITE: g_value_set_string (value, self->website); break;
    case PROP_HOURS: g_value_set_string (value, self->hours); break;
    case PROP_LANGUAGES: g_value_set_boxed (value, self->languages); break;
    case PROP_COST: g_value_set_string (value, self->cost); break;
    case PROP_COST_NOTE: g_value_set_string (value, self->cost_note); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_SOURCE_URL: g_value_set_string (value, self->source_url); break;
    case PROP_ADDITIONAL_SOURCE_URLS:
      g_value_set_boxed (value, self->additional_source_urls);
      break;
    case PROP_CHECKED: g_value_set_string (value, self->checked); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_directory_entry_class_init (KindredDirectoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kindred_directory_entry_finalize;
  object_class->get_property = kindred_directory_entry_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_COUNTRY] = g_param_spec_string ("country", NULL, NULL, NULL, flags);
  properties[PROP_ORGANISATION] =
    g_param_spec_string ("organisation", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, flags);
  properties[PROP_KINDS] = g_param_spec_boxed ("kinds", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PHONE_NUMBERS] =
    g_param_spec_boxed ("phone-numbers", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PHONE_LABELS] =
    g_param_spec_boxed ("phone-labels", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TEXT_NUMBER] =
    g_param_spec_string ("text-number", NULL, NULL, NULL, flags);
  properties[PROP_TEXT_KEYWORD] =
    g_param_spec_string ("text-keyword", NULL, NULL, NULL, flags);
  properties[PROP_TEXT_DETAILS] =
    g_param_spec_string ("text-details", NULL, NULL, NULL, flags);
  properties[PROP_CHAT_URL] = g_param_spec_string ("chat-url", NULL, NULL, NULL, flags);
  properties[PROP_WEBSITE] = g_param_spec_string ("website", NULL, NULL, NULL, flags);
  properties[PROP_HOURS] = g_param_spec_string ("hours", NULL, NULL, NULL, flags);
  properties[PROP_LANGUAGES] =
    g_param_spec_boxed ("languages", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_COST] = g_param_spec_string ("cost", NULL, NULL, NULL, flags);
  properties[PROP_COST_NOTE] = g_param_spec_string ("cost-note", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_URL] =
    g_param_spec_string ("source-url", NULL, NULL, NULL, flags);
  properties[PROP_ADDITIONAL_SOURCE_URLS] =
    g_param_spec_boxed ("additional-source-urls", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CHECKED] = g_param_spec_string ("checked", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_directory_entry_init (KindredDirectoryEntry *self)
{
}

/* Public API */

#define DEFINE_GETTER(type, field) \
  type \
  kindred_directory_entry_get_##field (KindredDirectoryEntry *self) \
  { \
    g_return_val_if_fail (KINDRED_IS_DIRECTORY_ENTRY (self), NULL); \
    return (type) self->field; \
  }

DEFINE_GETTER (const char *, id)
DEFINE_GETTER (const char *, country)
DEFINE_GETTER (const char *, organisation)
DEFINE_GETTER (const char *, service)
DEFINE_GETTER (const char * const *, kinds)
DEFINE_GETTER (const char * const *, phone_numbers)
DEFINE_GETTER (const char * const *, phone_labels)
DEFINE_GETTER (const char *, text_number)
DEFINE_GETTER (const char *, text_keyword)
DEFINE_GETTER (const char *, text_details)
DEFINE_GETTER (const char *, chat_url)
DEFINE_GETTER (const char *, website)
DEFINE_GETTER (const char *, hours)
DEFINE_GETTER (const char * const *, languages)
DEFINE_GETTER (const char *, cost)
DEFINE_GETTER (const char *, cost_note)
DEFINE_GETTER (const char *, description)
DEFINE_GETTER (const char *, source_url)
DEFINE_GETTER (const char * const *, additional_source_urls)
DEFINE_GETTER (const char *, checked)

gboolean
kindred_directory_entry_has_kind (KindredDirectoryEntry *self,
                                  const char            *kind)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ENTRY (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->kinds, kind);
}

guint
kindred_directory_entry_get_n_phones (KindredDirectoryEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ENTRY (self), 0);

  return g_strv_length (self->phone_numbers);
}

const char *
kindred_directory_entry_get_phone_number (KindredDirectoryEntry *self,
                                          guint                  i)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ENTRY (self), NULL);
  g_return_val_if_fail (i < g_strv_length (self->phone_numbers), NULL);

  return self->phone_numbers[i];
}

const char *
kindred_directory_entry_get_phone_label (KindredDirectoryEntry *self,
                                         guint                  i)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ENTRY (self), NULL);
  g_return_val_if_fail (i < g_strv_length (self->phone_labels), NULL);

  return *self->phone_labels[i] != '\0' ? self->phone_labels[i] : NULL;
}

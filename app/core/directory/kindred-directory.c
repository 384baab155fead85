/* kindred-directory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-directory"

#include "config.h"

#include "directory/kindred-directory.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "directory/kindred-directory-private.h"
#include "kindred-core-resources.h"
#include "kindred-util.h"

#define BUNDLED_PATH "/io/github/kindredapp/Kindred/core/directory/kindred-directory.json"

/* One parsed and validated directory file; swapped in whole, so a failed import
 * leaves the one in use untouched. */
typedef struct
{
  char      *version;
  gint64     version_key;
  GPtrArray *entries;    /* KindredDirectoryEntry */
  GPtrArray *emergency;  /* KindredEmergencyNumber */
} Data;

struct _KindredDirectory
{
  GObject     parent_instance;

  Data       *data;
  GListStore *entries;
  char       *update_path;
  gboolean    using_update;
  gboolean    update_damaged;
};

G_DEFINE_FINAL_TYPE (KindredDirectory, kindred_directory, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (KindredEmergencyNumber, kindred_emergency_number,
                     kindred_emergency_number_copy, kindred_emergency_number_free)
G_DEFINE_QUARK (kindred-directory-error-quark, kindred_directory_error)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_UPDATE_PATH,
  PROP_USING_UPDATE,
  PROP_UPDATE_DAMAGED,
  PROP_ENTRIES,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *id;
  const char *label;
} kinds[] = {
  { "crisis-line", N_("Crisis line") },
  { "suicide-prevention", N_("Suicide prevention") },
  { "text-line", N_("Text line") },
  { "chat", N_("Online chat") },
  { "peer-support", N_("Peer support") },
  { "young-people", N_("Young people") },
  { "lgbtq", N_("LGBTQ+") },
  { "veterans", N_("Veterans") },
  { "bereavement", N_("Bereavement") },
  { "eating-disorders", N_("Eating disorders") },
  { "substance-use", N_("Alcohol and drugs") },
  { "domestic-abuse", N_("Domestic abuse") },
  { "mental-health-info", N_("Mental health information") },
  { "find-a-helpline", N_("Find a helpline") },
};

/* Helpers */

static void
data_free (Data *data)
{
  g_free (data->version);
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_clear_pointer (&data->emergency, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Data, data_free)

/* json-glib 1.6 parses recursively without a limit, so a file of nothing but
 * "[[[[…" would exhaust the stack: count the nesting on the raw bytes first. */
static gboolean
nesting_within (const char *bytes,
                gsize       len,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = bytes[i];

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

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

static gboolean
parse_version (JsonObject  *root,
               Data        *data,
               GError     **error)
{
  JsonNode *node = json_object_get_member (root, "version");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 1)
    {
      data->version_key = json_node_get_int (node);
      data->version = g_strdup_printf ("%" G_GINT64_FORMAT, data->version_key);
      return TRUE;
    }

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      _kindred_directory_check_shape (SHAPE_DATE, json_node_get_string (node)))
    {
      unsigned y, m, d;

      data->version = g_strdup (json_node_get_string (node));
      sscanf (data->version, "%4u-%2u-%2u", &y, &m, &d);
      data->version_key = (gint64) y * 10000 + m * 100 + d;
      return TRUE;
    }

  return _kindred_directory_set_invalid (error, "version");
}

static KindredEmergencyNumber *
parse_emergency (JsonNode    *node,
                 const char  *where,
                 GError     **error)
{
  static const char * const allowed[] = {
    "country", "number", "label", "source_url", "checked", NULL
  };
  g_autoptr(KindredEmergencyNumber) number = NULL;
  const char *country, *dial, *label, *source_url, *checked;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _kindred_directory_set_invalid (error, where);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!_kindred_directory_only_members (object, allowed, where, error) ||
      !_kindred_directory_string_member (object, "country", TRUE, SHAPE_COUNTRY, where,
                                         &country, error) ||
      !_kindred_directory_string_member (object, "number", TRUE, SHAPE_PHONE, where,
                                         &dial, error) ||
      !_kindred_directory_string_member (object, "label", FALSE, SHAPE_TEXT, where,
                                         &label, error) ||
      !_kindred_directory_string_member (object, "source_url", TRUE, SHAPE_URL, where,
                                         &source_url, error) ||
      !_kindred_directory_string_member (object, "checked", TRUE, SHAPE_DATE, where,
                                         &checked, error))
    return NULL;

  number = g_new0 (KindredEmergencyNumber, 1);
  number->country = g_strdup (country);
  number->number = g_strdup (dial);
  number->label = label != NULL ? g_strdup (g_dgettext (GETTEXT_PACKAGE, label)) : NULL;
  number->source_url = g_strdup (source_url);
  number->checked = g_strdup (checked);

  return g_steal_pointer (&number);
}

/* Everything the schema requires, checked here in C: the UI relies on it, and an
 * update must be refused before it replaces anything. */
static Data *
parse_data (GBytes  *bytes,
            GError **error)
{
  static const char * const allowed[] = {
    "format", "version", "entries", "emergency_numbers", NULL
  };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Data) data = NULL;
  g_autoptr(GHashTable) ids = NULL;
  const char *bytes_data;
  gsize len;
  JsonNode *root_node;
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;

  bytes_data = g_bytes_get_data (bytes, &len);

  if (!nesting_within (bytes_data, len, KINDRED_DIRECTORY_MAX_DEPTH))
    {
      g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_INVALID,
                   _("This file is not a valid directory for Kindred: it is nested "
                     "far too deeply."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, bytes_data, len, &local_error) ||
      (root_node = json_parser_get_root (parser)) == NULL)
    {
      /* json-glib's message is technical and may quote the file: keep it out. */
      g_debug ("Directory file does not parse: %s",
               local_error != NULL ? local_error->message : "empty");
      g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_NOT_JSON,
                   _("This file is not a directory for Kindred: it is damaged, "
                     "incomplete or of another kind."));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_INVALID,
                   _("This file is not a directory for Kindred: it holds other data."));
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!_kindred_directory_only_members (root, allowed, NULL, error))
    return NULL;

  node = json_object_get_member (root, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) != 1)
    {
      _kindred_directory_set_invalid (error, "format");
      return NULL;
    }

  data = g_new0 (Data, 1);
  data->entries = g_ptr_array_new_with_free_func (g_object_unref);
  data->emergency = g_ptr_array_new_with_free_func ((GDestroyNotify) kindred_emergency_number_free);

  if (!parse_version (root, data, error))
    return NULL;

  node = json_object_get_member (root, "entries");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      _kindred_directory_set_invalid (error, "entries");
      return NULL;
    }
  array = json_node_get_array (node);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("entries[%u]", i);
      KindredDirectoryEntry *entry;

      entry = _kindred_directory_entry_new_from_json (json_array_get_element (array, i),
                                                      where, error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (data->entries, entry);

      /* Not in the schema, but lookups and the UI's remembered rows rely on it. */
      if (!g_hash_table_add (ids, (gpointer) kindred_directory_entry_get_id (entry)))
        {
          g_autofree char *path = g_strdup_printf ("%s.id", where);

          _kindred_directory_set_invalid (error, path);
          return NULL;
        }
    }

  node = json_object_get_member (root, "emergency_numbers");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _kindred_directory_set_invalid (error, "emergency_numbers");
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("emergency_numbers[%u]", i);
      KindredEmergencyNumber *number;

      number = parse_emergency (json_array_get_element (array, i), where, error);
      if (number == NULL)
        return NULL;
      g_ptr_array_add (data->emergency, number);
    }

  return g_steal_pointer (&data);
}

static gboolean
set_io_error (GError     **error,
              GError      *cause)
{
  g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_IO,
               _("The directory file could not be read: %s"), cause->message);
  return FALSE;
}

static gboolean
set_too_large (GError **error)
{
  g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_TOO_LARGE,
               _("This file is too large to be a directory for Kindred."));
  return FALSE;
}

/* Reads at most KINDRED_DIRECTORY_MAX_FILE_SIZE bytes: the size is checked before
 * reading, and again while reading in case the file grows meanwhile. */
static GBytes *
read_capped (GFile   *file,
             GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = NULL;
  gsize n_read = 0;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      set_io_error (error, local_error);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_IO,
                   _("This is not a file, so it cannot be a directory for Kindred."));
      return NULL;
    }

  if (g_file_info_get_size (info) > KINDRED_DIRECTORY_MAX_FILE_SIZE)
    {
      set_too_large (error);
      return NULL;
    }

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      set_io_error (error, local_error);
      return NULL;
    }

  buffer = g_malloc (KINDRED_DIRECTORY_MAX_FILE_SIZE + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer,
                                KINDRED_DIRECTORY_MAX_FILE_SIZE + 1, &n_read,
                                NULL, &local_error))
    {
      set_io_error (error, local_error);
      return NULL;
    }

  if (n_read > KINDRED_DIRECTORY_MAX_FILE_SIZE)
    {
      set_too_large (error);
      return NULL;
    }

  return g_bytes_new_take (g_realloc (g_steal_pointer (&buffer), MAX (n_read, 1)), n_read);
}

static Data *
load_bundled (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (kindred_core_get_resource (), BUNDLED_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return parse_data (bytes, error);
}

static void
install_data (KindredDirectory *self,
              Data             *data)
{
  g_autofree char *old_version = NULL;
  guint n_old;

  old_version = self->data != NULL ? g_strdup (self->data->version) : NULL;
  n_old = self->data != NULL ? self->data->entries->len : 0;

  g_clear_pointer (&self->data, data_free);
  self->data = data;

  g_list_store_splice (self->entries, 0, n_old, self->data->entries->pdata,
                       self->data->entries->len);

  if (g_strcmp0 (old_version, self->data->version) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

static void
set_using_update (KindredDirectory *self,
                  gboolean          using_update,
                  gboolean          update_damaged)
{
  if (self->using_update != using_update)
    {
      self->using_update = using_update;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USING_UPDATE]);
    }
  if (self->update_damaged != update_damaged)
    {
      self->update_damaged = update_damaged;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATE_DAMAGED]);
    }
}

typedef struct
{
  KindredDirectoryEntry *entry;
  guint                  rank;
  guint                  index;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *hit_a = a;
  const Hit *hit_b = b;
  int cmp;

  if (hit_a->rank != hit_b->rank)
    return hit_a->rank < hit_b->rank ? -1 : 1;

  cmp = strcmp (kindred_directory_entry_get_country (hit_a->entry),
                kindred_directory_entry_get_country (hit_b->entry));
  if (cmp != 0)
    return cmp;

  return hit_a->index < hit_b->index ? -1 : hit_a->index > hit_b->index;
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* GObject */

static void
kindred_directory_dispose (GObject *object)
{
  KindredDirectory *self = KINDRED_DIRECTORY (object);

  g_clear_object (&self->entries);

  G_OBJECT_CLASS (kindred_directory_parent_class)->dispose (object);
}

static void
kindred_directory_finalize (GObject *object)
{
  KindredDirectory *self = KINDRED_DIRECTORY (object);

  g_clear_pointer (&self->data, data_free);
  g_clear_pointer (&self->update_path, g_free);

  G_OBJECT_CLASS (kindred_directory_parent_class)->finalize (object);
}

static void
kindred_directory_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KindredDirectory *self = KINDRED_DIRECTORY (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, kindred_directory_get_version (self));
      break;
    case PROP_UPDATE_PATH:
      g_value_set_string (value, self->update_path);
      break;
    case PROP_USING_UPDATE:
      g_value_set_boolean (value, self->using_update);
      break;
    case PROP_UPDATE_DAMAGED:
      g_value_set_boolean (value, self->update_damaged);
      break;
    case PROP_ENTRIES:
      g_value_set_object (value, self->entries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_directory_class_init (KindredDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS;

  object_class->dispose = kindred_directory_dispose;
  object_class->finalize = kindred_directory_finalize;
  object_class->get_property = kindred_directory_get_property;

  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_UPDATE_PATH] =
    g_param_spec_string ("update-path", NULL, NULL, NULL, flags);
  properties[PROP_USING_UPDATE] =
    g_param_spec_boolean ("using-update", NULL, NULL, FALSE, flags);
  properties[PROP_UPDATE_DAMAGED] =
    g_param_spec_boolean ("update-damaged", NULL, NULL, FALSE, flags);
  properties[PROP_ENTRIES] =
    g_param_spec_object ("entries", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_directory_init (KindredDirectory *self)
{
  self->entries = g_list_store_new (KINDRED_TYPE_DIRECTORY_ENTRY);
}

/* Public API */

KindredEmergencyNumber *
kindred_emergency_number_copy (const KindredEmergencyNumber *self)
{
  KindredEmergencyNumber *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (KindredEmergencyNumber, 1);
  copy->country = g_strdup (self->country);
  copy->number = g_strdup (self->number);
  copy->label = g_strdup (self->label);
  copy->source_url = g_strdup (self->source_url);
  copy->checked = g_strdup (self->checked);

  return copy;
}

void
kindred_emergency_number_free (KindredEmergencyNumber *self)
{
  if (self == NULL)
    return;

  g_free (self->country);
  g_free (self->number);
  g_free (self->label);
  g_free (self->source_url);
  g_free (self->checked);
  g_free (self);
}

KindredDirectory *
kindred_directory_new (const char  *update_path,
                       GError     **error)
{
  g_autoptr(KindredDirectory) self = NULL;
  g_autoptr(Data) bundled = NULL;
  g_autoptr(Data) update = NULL;

  bundled = load_bundled (error);
  if (bundled == NULL)
    return NULL;

  self = g_object_new (KINDRED_TYPE_DIRECTORY, NULL);
  self->update_path = g_strdup (update_path);

  if (update_path != NULL && g_file_test (update_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) file = g_file_new_for_path (update_path);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;

      bytes = read_capped (file, &local_error);
      if (bytes != NULL)
        update = parse_data (bytes, &local_error);

      if (update == NULL)
        {
          /* Never a crash and never a silent loss: the UI reads update-damaged. */
          g_message ("The installed directory update %s cannot be used, so the "
                     "bundled directory is used instead: %s",
                     update_path, local_error->message);
          self->update_damaged = TRUE;
        }
    }

  if (update != NULL && update->version_key > bundled->version_key)
    {
      self->using_update = TRUE;
      install_data (self, g_steal_pointer (&update));
    }
  else
    {
      install_data (self, g_steal_pointer (&bundled));
    }

  return g_steal_pointer (&self);
}

char *
kindred_directory_get_default_update_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kindred", "directory.json", NULL);
}

const char *
kindred_directory_get_version (KindredDirectory *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), NULL);

  return self->data->version;
}

const char *
kindred_directory_get_update_path (KindredDirectory *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), NULL);

  return self->update_path;
}

gboolean
kindred_directory_get_using_update (KindredDirectory *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), FALSE);

  return self->using_update;
}

gboolean
kindred_directory_get_update_damaged (KindredDirectory *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), FALSE);

  return self->update_damaged;
}

GListModel *
kindred_directory_get_entries (KindredDirectory *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), NULL);

  return G_LIST_MODEL (self->entries);
}

KindredDirectoryEntry *
kindred_directory_lookup (KindredDirectory *self,
                          const char       *id)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->data->entries->len; i++)
    {
      KindredDirectoryEntry *entry = g_ptr_array_index (self->data->entries, i);

      if (g_strcmp0 (kindred_directory_entry_get_id (entry), id) == 0)
        return entry;
    }

  return NULL;
}

char **
kindred_directory_dup_countries (KindredDirectory *self)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) countries = NULL;

  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->data->entries->len; i++)
    g_hash_table_add (seen, (gpointer) kindred_directory_entry_get_country (
                              g_ptr_array_index (self->data->entries, i)));
  for (guint i = 0; i < self->data->emergency->len; i++)
    g_hash_table_add (seen, ((KindredEmergencyNumber *)
                             g_ptr_array_index (self->data->emergency, i))->country);
  g_hash_table_remove (seen, "INT");

  countries = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (countries, g_strdup (key));
  }
  g_ptr_array_sort (countries, compare_strings);
  g_ptr_array_add (countries, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&countries), FALSE);
}

GPtrArray *
kindred_directory_dup_emergency_numbers (KindredDirectory *self,
                                         const char       *country)
{
  GPtrArray *numbers;

  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), NULL);

  numbers = g_ptr_array_new_with_free_func ((GDestroyNotify) kindred_emergency_number_free);
  for (guint i = 0; i < self->data->emergency->len; i++)
    {
      KindredEmergencyNumber *number = g_ptr_array_index (self->data->emergency, i);

      if (g_strcmp0 (number->country, country) == 0)
        g_ptr_array_add (numbers, kindred_emergency_number_copy (number));
    }

  return numbers;
}

GListModel *
kindred_directory_query (KindredDirectory   *self,
                         const char         *country,
                         const char         *search,
                         const char * const *wanted_kinds)
{
  g_autoptr(GArray) hits = NULL;
  GListStore *store;

  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), NULL);

  if (is_blank (search))
    search = NULL;
  if (wanted_kinds != NULL && wanted_kinds[0] == NULL)
    wanted_kinds = NULL;
  if (country != NULL && *country == '\0')
    country = NULL;

  hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  for (guint i = 0; i < self->data->entries->len; i++)
    {
      KindredDirectoryEntry *entry = g_ptr_array_index (self->data->entries, i);
      const char *entry_country = kindred_directory_entry_get_country (entry);
      Hit hit = { entry, 2, i };

      if (wanted_kinds != NULL)
        {
          gboolean any = FALSE;

          for (guint k = 0; wanted_kinds[k] != NULL && !any; k++)
            any = kindred_directory_entry_has_kind (entry, wanted_kinds[k]);
          if (!any)
            continue;
        }

      /* Casefolds, normalises and also tries ASCII forms of the entry's words, so
       * "telefon" finds "Téléfon" and "SAMARITANS" finds "Samaritans". */
      if (search != NULL &&
          !g_str_match_string (search, _kindred_directory_entry_get_haystack (entry), TRUE))
        continue;

      if (country != NULL && g_strcmp0 (entry_country, country) == 0)
        hit.rank = 0;
      else if (g_strcmp0 (entry_country, "INT") == 0)
        hit.rank = 1;

      g_array_append_val (hits, hit);
    }

  g_array_sort (hits, compare_hits);

  store = g_list_store_new (KINDRED_TYPE_DIRECTORY_ENTRY);
  for (guint i = 0; i < hits->len; i++)
    g_list_store_append (store, g_array_index (hits, Hit, i).entry);

  return G_LIST_MODEL (store);
}

gboolean
kindred_directory_import_update (KindredDirectory  *self,
                                 GFile             *file,
                                 const char        *dest_path,
                                 GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Data) data = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = NULL;
  const char *contents;
  gsize len;

  g_return_val_if_fail (KINDRED_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (dest_path == NULL)
    dest_path = self->update_path;
  g_return_val_if_fail (dest_path != NULL, FALSE);

  bytes = read_capped (file, error);
  if (bytes == NULL)
    return FALSE;

  data = parse_data (bytes, error);
  if (data == NULL)
    return FALSE;

  if (data->version_key <= self->data->version_key)
    {
      g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_OLDER_VERSION,
                   _("This directory (version %s) is not newer than the one Kindred "
                     "already has (version %s), so nothing was changed."),
                   data->version, self->data->version);
      return FALSE;
    }

  folder = g_path_get_dirname (dest_path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_IO,
                   _("The directory update could not be saved: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  /* The bytes that were checked, not the file again: it may have changed since. */
  contents = g_bytes_get_data (bytes, &len);
  if (!kindred_write_file_atomic (dest_path, contents, len, 0644, &local_error))
    {
      g_set_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_IO,
                   _("The directory update could not be saved: %s"),
                   local_error->message);
      return FALSE;
    }

  if (g_strcmp0 (self->update_path, dest_path) != 0)
    {
      g_free (self->update_path);
      self->update_path = g_strdup (dest_path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATE_PATH]);
    }

  install_data (self, g_steal_pointer (&data));
  set_using_update (self, TRUE, FALSE);

  return TRUE;
}

char *
kindred_directory_country_from_locale (const char *locale)
{
  const char *territory;
  gsize len;

  if (locale == NULL)
    return g_strdup ("");

  /* language[_territory][.codeset][@modifier] */
  len = strcspn (locale, ".@");
  territory = memchr (locale, '_', len);
  if (territory == NULL)
    return g_strdup ("");
  territory++;

  if (locale + len - territory != 2 ||
      !g_ascii_isalpha (territory[0]) || !g_ascii_isalpha (territory[1]))
    return g_strdup ("");

  return g_ascii_strup (territory, 2);
}

char *
kindred_directory_default_country (void)
{
  static const char * const variables[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return kindred_directory_country_from_locale (value);
    }

  return g_strdup ("");
}

const char *
kindred_directory_kind_get_label (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].id, kind) == 0)
      return g_dgettext (GETTEXT_PACKAGE, kinds[i].label);

  return kind;
}

const char * const *
kindred_directory_get_known_kinds (void)
{
  static const char *ids[G_N_ELEMENTS (kinds) + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        ids[i] = kinds[i].id;
      ids[G_N_ELEMENTS (kinds)] = NULL;
      g_once_init_leave (&initialized, 1);
    }

  return ids;
}

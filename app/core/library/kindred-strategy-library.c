/* kindred-strategy-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-library"

#include "config.h"

#include "library/kindred-strategy-library.h"

#include <glib/gi18n-lib.h>

#include "kindred-core-resources.h"
#include "library/kindred-strategy-library-private.h"

#define BUNDLED_PATH "/io/github/kindredapp/Kindred/core/library/kindred-strategies.json"

struct _KindredStrategyLibrary
{
  GObject     parent_instance;

  int         version;
  GPtrArray  *categories;  /* KindredStrategyCategory */
  GListStore *strategies;  /* KindredStrategyInfo */
};

G_DEFINE_FINAL_TYPE (KindredStrategyLibrary, kindred_strategy_library, G_TYPE_OBJECT)
G_DEFINE_QUARK (kindred-strategy-library-error-quark, kindred_strategy_library_error)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_STRATEGIES,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* Helpers */

gboolean
_kindred_strategy_library_set_invalid (GError     **error,
                                       const char  *path)
{
  g_set_error (error, KINDRED_STRATEGY_LIBRARY_ERROR,
               KINDRED_STRATEGY_LIBRARY_ERROR_INVALID,
               _("The library of coping strategies is damaged: “%s” is missing or not "
                 "as expected."),
               path);
  return FALSE;
}

static void
category_free (KindredStrategyCategory *category)
{
  g_free (category->id);
  g_free (category->name);
  g_free (category->description);
  g_free (category);
}

static const char *
category_string (JsonObject  *object,
                 const char  *member,
                 const char  *where,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", where, member);

      _kindred_strategy_library_set_invalid (error, path);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
load (KindredStrategyLibrary  *self,
      GBytes                  *bytes,
      GError                 **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GHashTable) slugs = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!json_parser_load_from_data (parser, data, len, &local_error) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return _kindred_strategy_library_set_invalid (error, "/");
  root = json_node_get_object (json_parser_get_root (parser));

  node = json_object_get_member (root, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) != 1)
    return _kindred_strategy_library_set_invalid (error, "format");

  node = json_object_get_member (root, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1 || json_node_get_int (node) > G_MAXINT)
    return _kindred_strategy_library_set_invalid (error, "version");
  self->version = (int) json_node_get_int (node);

  node = json_object_get_member (root, "categories");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return _kindred_strategy_library_set_invalid (error, "categories");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("categories[%u]", i);
      JsonNode *item = json_array_get_element (array, i);
      KindredStrategyCategory *category;
      const char *id, *name, *description;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return _kindred_strategy_library_set_invalid (error, where);
      if ((id = category_string (json_node_get_object (item), "id", where, error)) == NULL ||
          (name = category_string (json_node_get_object (item), "name", where, error)) == NULL ||
          (description = category_string (json_node_get_object (item), "description",
                                          where, error)) == NULL)
        return FALSE;
      if (kindred_strategy_library_lookup_category (self, id) != NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s.id", where);

          return _kindred_strategy_library_set_invalid (error, path);
        }

      category = g_new0 (KindredStrategyCategory, 1);
      category->id = g_strdup (id);
      category->name = g_strdup (g_dgettext (GETTEXT_PACKAGE, name));
      category->description = g_strdup (g_dgettext (GETTEXT_PACKAGE, description));
      g_ptr_array_add (self->categories, category);
    }

  node = json_object_get_member (root, "strategies");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return _kindred_strategy_library_set_invalid (error, "strategies");
  array = json_node_get_array (node);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("strategies[%u]", i);
      g_autoptr(KindredStrategyInfo) info = NULL;

      info = _kindred_strategy_info_new_from_json (json_array_get_element (array, i),
                                                   where, error);
      if (info == NULL)
        return FALSE;

      /* Seeding and the journal's links go by uuid; a duplicate would merge two
       * strategies into one row. */
      if (!g_hash_table_add (ids, g_strdup (kindred_strategy_info_get_id (info))))
        {
          g_autofree char *path = g_strdup_printf ("%s.id", where);

          return _kindred_strategy_library_set_invalid (error, path);
        }
      if (!g_hash_table_add (slugs, g_strdup (kindred_strategy_info_get_slug (info))))
        {
          g_autofree char *path = g_strdup_printf ("%s.slug", where);

          return _kindred_strategy_library_set_invalid (error, path);
        }
      if (kindred_strategy_library_lookup_category (
            self, kindred_strategy_info_get_category (info)) == NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s.category", where);

          return _kindred_strategy_library_set_invalid (error, path);
        }

      g_list_store_append (self->strategies, info);
    }

  return TRUE;
}

/* GObject */

static void
kindred_strategy_library_dispose (GObject *object)
{
  KindredStrategyLibrary *self = KINDRED_STRATEGY_LIBRARY (object);

  g_clear_object (&self->strategies);

  G_OBJECT_CLASS (kindred_strategy_library_parent_class)->dispose (object);
}

static void
kindred_strategy_library_finalize (GObject *object)
{
  KindredStrategyLibrary *self = KINDRED_STRATEGY_LIBRARY (object);

  g_clear_pointer (&self->categories, g_ptr_array_unref);

  G_OBJECT_CLASS (kindred_strategy_library_parent_class)->finalize (object);
}

static void
kindred_strategy_library_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  KindredStrategyLibrary *self = KINDRED_STRATEGY_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    case PROP_STRATEGIES:
      g_value_set_object (value, self->strategies);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_strategy_library_class_init (KindredStrategyLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kindred_strategy_library_dispose;
  object_class->finalize = kindred_strategy_library_finalize;
  object_class->get_property = kindred_strategy_library_get_property;

  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_STRATEGIES] =
    g_param_spec_object ("strategies", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_strategy_library_init (KindredStrategyLibrary *self)
{
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);
  self->strategies = g_list_store_new (KINDRED_TYPE_STRATEGY_INFO);
}

/* Public API */

KindredStrategyLibrary *
kindred_strategy_library_new_from_bytes (GBytes  *bytes,
                                         GError **error)
{
  g_autoptr(KindredStrategyLibrary) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (KINDRED_TYPE_STRATEGY_LIBRARY, NULL);
  if (!load (self, bytes, error))
    return NULL;

  return g_steal_pointer (&self);
}

KindredStrategyLibrary *
kindred_strategy_library_new (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (kindred_core_get_resource (), BUNDLED_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return kindred_strategy_library_new_from_bytes (bytes, error);
}

int
kindred_strategy_library_get_version (KindredStrategyLibrary *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), 0);

  return self->version;
}

guint
kindred_strategy_library_get_n_categories (KindredStrategyLibrary *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), 0);

  return self->categories->len;
}

const KindredStrategyCategory *
kindred_strategy_library_get_category (KindredStrategyLibrary *self,
                                       guint                   i)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), NULL);
  g_return_val_if_fail (i < self->categories->len, NULL);

  return g_ptr_array_index (self->categories, i);
}

const KindredStrategyCategory *
kindred_strategy_library_lookup_category (KindredStrategyLibrary *self,
                                          const char             *id)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->categories->len; i++)
    {
      KindredStrategyCategory *category = g_ptr_array_index (self->categories, i);

      if (g_str_equal (category->id, id))
        return category;
    }

  return NULL;
}

GListModel *
kindred_strategy_library_get_strategies (KindredStrategyLibrary *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), NULL);

  return G_LIST_MODEL (self->strategies);
}

GListModel *
kindred_strategy_library_dup_category_strategies (KindredStrategyLibrary *self,
                                                  const char             *category)
{
  GListStore *store;
  guint n;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), NULL);
  g_return_val_if_fail (category != NULL, NULL);

  store = g_list_store_new (KINDRED_TYPE_STRATEGY_INFO);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->strategies));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredStrategyInfo) info =
        g_list_model_get_item (G_LIST_MODEL (self->strategies), i);

      if (g_str_equal (kindred_strategy_info_get_category (info), category))
        g_list_store_append (store, info);
    }

  return G_LIST_MODEL (store);
}

KindredStrategyInfo *
kindred_strategy_library_lookup (KindredStrategyLibrary *self,
                                 const char             *id_or_slug)
{
  guint n;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), NULL);
  g_return_val_if_fail (id_or_slug != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->strategies));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredStrategyInfo) info =
        g_list_model_get_item (G_LIST_MODEL (self->strategies), i);

      if (g_str_equal (kindred_strategy_info_get_id (info), id_or_slug) ||
          g_str_equal (kindred_strategy_info_get_slug (info), id_or_slug))
        return info;  /* the store keeps its reference */
    }

  return NULL;
}

gboolean
kindred_strategy_library_seed (KindredStrategyLibrary  *self,
                               KindredStore            *store,
                               GError                 **error)
{
  guint n;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_LIBRARY (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->strategies));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredStrategyInfo) info =
        g_list_model_get_item (G_LIST_MODEL (self->strategies), i);

      /* kindred_store_add_strategy() updates the row of an existing uuid in place
       * (keeping the id that entry_strategies points at) and writes nothing when
       * it is unchanged, so seeding on every unlock adds no rows and no stamps for
       * sync to carry.  The English text is stored so that the journal does not
       * change with the locale; an edited library text updates the row. */
      if (!kindred_store_add_strategy (store,
                                       kindred_strategy_info_get_id (info),
                                       kindred_strategy_info_get_name_msgid (info),
                                       kindred_strategy_info_get_category (info),
                                       kindred_strategy_info_get_description_msgid (info),
                                       TRUE, error))
        return FALSE;
    }

  return TRUE;
}

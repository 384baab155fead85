/* kindred-entry-list.c: a paged GListModel of the journal, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-entry-list"

#include "config.h"

#include "store/kindred-entry-list.h"
#include "store/kindred-store-private.h"

/* A screenful or two of rows per query; a few pages kept, so scrolling back and
 * forth near one place does not query again, while memory stays small whatever
 * the journal's size. */
#define ROWS_PER_PAGE 64
#define MAX_PAGES     8

typedef struct
{
  GPtrArray *entries;   /* KindredEntry */
  guint64    used;      /* for LRU eviction */
} Page;

struct _KindredEntryList
{
  GObject             parent_instance;

  KindredStore       *store;
  KindredEntryFilter *filter;
  gulong              filter_changed_id;
  guint               n_items;
  GHashTable   *pages;  /* page number → Page */
  guint64       clock;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KindredEntryList, kindred_entry_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      list_model_iface_init))

enum { PROP_0, PROP_STORE, PROP_FILTER, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->entries);
  g_free (page);
}

static void
evict_pages (KindredEntryList *self,
             guint             keep)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (GPOINTER_TO_UINT (key) != keep && page->used < oldest)
            {
              oldest = page->used;
              oldest_key = key;
            }
        }

      g_hash_table_remove (self->pages, oldest_key);
    }
}

static Page *
fetch_page (KindredEntryList *self,
            guint             number)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;
  Page *previous;
  Page *page;

  previous = number > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (number - 1))
                        : NULL;

  /* The previous page's last row is the key for this one: the index walks there
   * directly.  Without it (a jump), OFFSET has to step over the rows before. */
  if (number == 0)
    entries = kindred_store_list_entries_filtered (self->store, self->filter, 0, NULL,
                                                   ROWS_PER_PAGE, &error);
  else if (previous != NULL && previous->entries->len == ROWS_PER_PAGE)
    {
      KindredEntry *last = g_ptr_array_index (previous->entries, ROWS_PER_PAGE - 1);

      entries = kindred_store_list_entries_filtered (self->store, self->filter,
                                                     _kindred_entry_get_created_at_us (last),
                                                     kindred_entry_get_uuid (last),
                                                     ROWS_PER_PAGE, &error);
    }
  else
    entries = _kindred_store_list_entries_filtered_at (self->store, self->filter,
                                                       number * ROWS_PER_PAGE,
                                                       ROWS_PER_PAGE, &error);

  if (entries == NULL)
    {
      /* A locked (closed) store is the normal end of a session, not news. */
      if (!g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED))
        g_debug ("Could not read a page of entries: %s", error->message);
      return NULL;
    }

  page = g_new0 (Page, 1);
  page->entries = entries;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (number), page);
  evict_pages (self, number);

  return page;
}

static guint
count_entries (KindredEntryList *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  n = kindred_store_count_entries_filtered (self->store, self->filter, &error);
  if (error != NULL &&
      !g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED))
    g_debug ("Could not count the entries: %s", error->message);

  return n;
}

/* Where @uuid sits among the cached rows. */
static gboolean
find_cached (KindredEntryList  *self,
             const char        *uuid,
             guint             *number,
             guint             *index)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Page *page = value;

      for (guint i = 0; i < page->entries->len; i++)
        if (g_strcmp0 (kindred_entry_get_uuid (g_ptr_array_index (page->entries, i)), uuid) == 0)
          {
            *number = GPOINTER_TO_UINT (key);
            *index = i;
            return TRUE;
          }
    }

  return FALSE;
}

/* An autosave while someone types must not rebuild every visible row (and lose
 * the view's scroll position and focus): when the entry stays where it was, only
 * its row changes.  Anything else (new, deleted, moved in time, now in or out of
 * the filter, not cached) reloads everything, which is always right. */
static void
entry_changed_cb (KindredEntryList *self,
                  const char       *uuid)
{
  g_autoptr(KindredEntry) fresh = NULL;
  g_autoptr(GError) error = NULL;
  KindredEntry *cached;
  guint number, index;
  Page *page;

  if (!find_cached (self, uuid, &number, &index))
    {
      kindred_entry_list_reload (self);
      return;
    }

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (number));
  cached = g_ptr_array_index (page->entries, index);
  fresh = kindred_store_get_entry (self->store, uuid, &error);

  if (fresh == NULL ||
      kindred_entry_get_deleted (fresh) ||
      _kindred_entry_get_created_at_us (fresh) != _kindred_entry_get_created_at_us (cached) ||
      (self->filter != NULL && !kindred_entry_filter_is_empty (self->filter) &&
       !_kindred_store_entry_matches (self->store, self->filter, uuid, NULL)))
    {
      kindred_entry_list_reload (self);
      return;
    }

  g_ptr_array_index (page->entries, index) = g_steal_pointer (&fresh);
  g_object_unref (cached);
  g_list_model_items_changed (G_LIST_MODEL (self), number * ROWS_PER_PAGE + index, 1, 1);
}

static void
entries_reset_cb (KindredEntryList *self)
{
  kindred_entry_list_reload (self);
}

static void
filter_changed_cb (KindredEntryList *self)
{
  kindred_entry_list_reload (self);
}

static GType
kindred_entry_list_get_item_type (GListModel *model)
{
  return KINDRED_TYPE_ENTRY;
}

static guint
kindred_entry_list_get_n_items (GListModel *model)
{
  return KINDRED_ENTRY_LIST (model)->n_items;
}

static gpointer
kindred_entry_list_get_item (GListModel *model,
                             guint       position)
{
  KindredEntryList *self = KINDRED_ENTRY_LIST (model);
  guint number = position / ROWS_PER_PAGE;
  guint index = position % ROWS_PER_PAGE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (number));
  if (page == NULL)
    page = fetch_page (self, number);
  if (page == NULL || index >= page->entries->len)
    return NULL;

  page->used = ++self->clock;

  return g_object_ref (g_ptr_array_index (page->entries, index));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kindred_entry_list_get_item_type;
  iface->get_n_items = kindred_entry_list_get_n_items;
  iface->get_item = kindred_entry_list_get_item;
}

static void
kindred_entry_list_constructed (GObject *object)
{
  KindredEntryList *self = KINDRED_ENTRY_LIST (object);

  G_OBJECT_CLASS (kindred_entry_list_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "entry-changed",
                           G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "entries-reset",
                           G_CALLBACK (entries_reset_cb), self, G_CONNECT_SWAPPED);

  self->n_items = count_entries (self);
}

static void
kindred_entry_list_dispose (GObject *object)
{
  KindredEntryList *self = KINDRED_ENTRY_LIST (object);

  if (self->pages != NULL)
    g_hash_table_remove_all (self->pages);
  if (self->filter != NULL)
    g_clear_signal_handler (&self->filter_changed_id, self->filter);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kindred_entry_list_parent_class)->dispose (object);
}

static void
kindred_entry_list_finalize (GObject *object)
{
  KindredEntryList *self = KINDRED_ENTRY_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (kindred_entry_list_parent_class)->finalize (object);
}

static void
kindred_entry_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KindredEntryList *self = KINDRED_ENTRY_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KindredEntryList *self = KINDRED_ENTRY_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      kindred_entry_list_set_filter (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_list_class_init (KindredEntryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kindred_entry_list_constructed;
  object_class->dispose = kindred_entry_list_dispose;
  object_class->finalize = kindred_entry_list_finalize;
  object_class->get_property = kindred_entry_list_get_property;
  object_class->set_property = kindred_entry_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KINDRED_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, KINDRED_TYPE_ENTRY_FILTER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_entry_list_init (KindredEntryList *self)
{
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, page_free);
}

KindredEntryList *
kindred_entry_list_new (KindredStore *store)
{
  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  return g_object_new (KINDRED_TYPE_ENTRY_LIST, "store", store, NULL);
}

/**
 * kindred_entry_list_get_store:
 *
 * Returns: (transfer none): the store
 */
KindredStore *
kindred_entry_list_get_store (KindredEntryList *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_LIST (self), NULL);

  return self->store;
}

/**
 * kindred_entry_list_set_filter:
 * @filter: (nullable): what to show; %NULL for every entry
 */
void
kindred_entry_list_set_filter (KindredEntryList   *self,
                               KindredEntryFilter *filter)
{
  g_return_if_fail (KINDRED_IS_ENTRY_LIST (self));
  g_return_if_fail (filter == NULL || KINDRED_IS_ENTRY_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_clear_signal_handler (&self->filter_changed_id, self->filter);
  g_set_object (&self->filter, filter);
  if (filter != NULL)
    self->filter_changed_id = g_signal_connect_swapped (filter, "changed",
                                                        G_CALLBACK (filter_changed_cb),
                                                        self);

  /* While constructing, constructed() counts once the store is there. */
  if (self->store != NULL)
    kindred_entry_list_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * kindred_entry_list_get_filter:
 *
 * Returns: (transfer none) (nullable): the filter
 */
KindredEntryFilter *
kindred_entry_list_get_filter (KindredEntryList *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_LIST (self), NULL);

  return self->filter;
}

void
kindred_entry_list_reload (KindredEntryList *self)
{
  guint old_n_items;

  g_return_if_fail (KINDRED_IS_ENTRY_LIST (self));

  old_n_items = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->n_items = count_entries (self);

  /* Rows may have moved anywhere (a changed date, a delete): say everything
   * changed rather than guess. */
  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
}

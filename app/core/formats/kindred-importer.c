/* kindred-importer.c: one import, from reading the file to the summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-formats"

#include "config.h"

#include "formats/kindred-formats.h"
#include "formats/kindred-formats-private.h"
#include "kindred-util.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Daylio says nothing of how much an activity helped: the editor's default. */
#define ACTIVITY_HELPED 2

struct _KindredImporter
{
  GObject                  parent_instance;

  KindredStore            *store;
  char                    *path;
  KindredFormat            format;
  KindredImportActivities  activities_as;

  ImportData              *data;       /* NULL until prepared */
  guint                    n_added;
  guint                    n_duplicates;
};

G_DEFINE_FINAL_TYPE (KindredImporter, kindred_importer, G_TYPE_OBJECT)

/* Helpers */

static ImportName *
find_mood (KindredImporter *self,
           const char      *mood_name)
{
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;

  if (self->data == NULL || mood_name == NULL)
    return NULL;

  normalized = g_utf8_normalize (mood_name, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  key = g_utf8_casefold (normalized != NULL ? g_strstrip (normalized) : mood_name, -1);
  for (guint i = 0; i < self->data->moods->len; i++)
    {
      ImportName *mood = g_ptr_array_index (self->data->moods, i);

      if (strcmp (mood->key, key) == 0)
        return mood;
    }

  return NULL;
}

static int
compare_moods (gconstpointer a,
               gconstpointer b)
{
  const ImportName *ma = *(ImportName * const *) a;
  const ImportName *mb = *(ImportName * const *) b;

  if (ma->value != mb->value)
    return mb->value - ma->value;
  if (ma->count != mb->count)
    return ma->count > mb->count ? -1 : 1;
  return g_utf8_collate (ma->name, mb->name);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const ImportName *na = *(ImportName * const *) a;
  const ImportName *nb = *(ImportName * const *) b;

  if (na->count != nb->count)
    return na->count > nb->count ? -1 : 1;
  return g_utf8_collate (na->name, nb->name);
}

static char **
dup_names (GPtrArray        *names,
           GCompareFunc      compare)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GStrvBuilder *builder = g_strv_builder_new ();
  char **result;

  for (guint i = 0; names != NULL && i < names->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (names, i));
  g_ptr_array_sort (sorted, compare);
  for (guint i = 0; i < sorted->len; i++)
    g_strv_builder_add (builder, ((ImportName *) g_ptr_array_index (sorted, i))->name);

  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/* The same key as the Daylio parser's: composed, then casefolded. */
static char *
make_strategy_key (const char *name)
{
  g_autofree char *normalized = g_utf8_normalize (name != NULL ? name : "", -1,
                                                  G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

/* The strategies Daylio activities become: an existing one of the same name
 * (case ignored), or a new one of the user's with a uuid from the name, so that a
 * second import finds the first one's. */
static GPtrArray *
activity_strategies (KindredImporter  *self,
                     GPtrArray        *uuids,
                     GError          **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  existing = kindred_store_list_strategies (self->store, TRUE, error);
  if (existing == NULL)
    return NULL;

  /* Live strategies win over archived ones of the same name. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < existing->len; i++)
      {
        KindredStrategy *strategy = g_ptr_array_index (existing, i);
        char *key;

        if (kindred_strategy_get_archived (strategy) != (pass == 1))
          continue;
        key = make_strategy_key (kindred_strategy_get_name (strategy));
        if (!g_hash_table_contains (by_name, key))
          g_hash_table_insert (by_name, key, (gpointer) kindred_strategy_get_uuid (strategy));
        else
          g_free (key);
      }

  for (guint i = 0; i < self->data->activities->len; i++)
    {
      ImportName *activity = g_ptr_array_index (self->data->activities, i);
      const char *uuid = g_hash_table_lookup (by_name, activity->key);

      if (uuid == NULL)
        {
          const char *parts[] = { activity->key, NULL };
          g_autofree char *derived = _kindred_formats_derive_uuid ("daylio-activity", parts);
          g_autoptr(KindredStrategy) strategy = kindred_strategy_new_with_uuid (derived);

          kindred_strategy_set_name (strategy, activity->name);
          g_ptr_array_add (uuids, g_strdup (derived));
          g_ptr_array_add (created, g_steal_pointer (&strategy));
        }
      else
        g_ptr_array_add (uuids, g_strdup (uuid));
    }

  return g_steal_pointer (&created);
}

/* Daylio: the mood mapping and activities applied as they are now. */
static gboolean
apply_choices (KindredImporter  *self,
               GPtrArray        *strategies,
               GError          **error)
{
  g_autoptr(GPtrArray) activity_uuids = g_ptr_array_new_with_free_func (g_free);

  if (self->format != KINDRED_FORMAT_DAYLIO_CSV)
    return TRUE;

  if (self->activities_as == KINDRED_IMPORT_ACTIVITIES_STRATEGIES &&
      self->data->activities->len > 0)
    {
      g_autoptr(GPtrArray) created = activity_strategies (self, activity_uuids, error);

      if (created == NULL)
        return FALSE;
      g_ptr_array_extend_and_steal (strategies, g_steal_pointer (&created));
    }

  for (guint i = 0; i < self->data->records->len; i++)
    {
      ImportRecord *record = g_ptr_array_index (self->data->records, i);
      g_autoptr(GPtrArray) triggers = g_ptr_array_new_null_terminated (4, NULL, TRUE);
      int mood = KINDRED_MOOD_NONE;

      if (record->mood_index >= 0)
        mood = ((ImportName *) g_ptr_array_index (self->data->moods, record->mood_index))->value;
      kindred_entry_set_mood (record->entry, mood);

      /* Start from none: a second run may have changed tags ↔ strategies. */
      for (guint k = kindred_entry_get_n_strategies (record->entry); k > 0; k--)
        kindred_entry_set_strategy (record->entry,
                                    kindred_entry_get_strategy (record->entry, k - 1, NULL), -1);

      for (guint k = 0; record->activities != NULL && k < record->activities->len; k++)
        {
          guint index = GPOINTER_TO_UINT (g_ptr_array_index (record->activities, k));

          if (self->activities_as == KINDRED_IMPORT_ACTIVITIES_STRATEGIES)
            kindred_entry_set_strategy (record->entry, g_ptr_array_index (activity_uuids, index),
                                        ACTIVITY_HELPED);
          else
            g_ptr_array_add (triggers,
                             ((ImportName *) g_ptr_array_index (self->data->activities, index))->name);
        }
      kindred_entry_set_triggers (record->entry, (const char * const *) triggers->pdata);
    }

  return TRUE;
}

/* GObject */

static void
kindred_importer_finalize (GObject *object)
{
  KindredImporter *self = KINDRED_IMPORTER (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->data, _kindred_import_data_free);

  G_OBJECT_CLASS (kindred_importer_parent_class)->finalize (object);
}

static void
kindred_importer_class_init (KindredImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kindred_importer_finalize;
}

static void
kindred_importer_init (KindredImporter *self)
{
  self->activities_as = KINDRED_IMPORT_ACTIVITIES_TAGS;
}

/* Public API */

/**
 * kindred_importer_new:
 *
 * Returns: (transfer full): a new importer
 */
KindredImporter *
kindred_importer_new (KindredStore  *store,
                      const char    *path,
                      KindredFormat  format)
{
  KindredImporter *self;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (format != KINDRED_FORMAT_MARKDOWN, NULL);

  self = g_object_new (KINDRED_TYPE_IMPORTER, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (path);
  self->format = format;

  return self;
}

const char *
kindred_importer_get_path (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), NULL);

  return self->path;
}

KindredFormat
kindred_importer_get_format (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), KINDRED_FORMAT_AUTO);

  return self->format;
}

gboolean
kindred_importer_prepare (KindredImporter  *self,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ImportData) data = NULL;
  KindredFormat format = self->format;
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), FALSE);

  bytes = _kindred_formats_read_file (self->path, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  if (format == KINDRED_FORMAT_AUTO)
    {
      gsize len;
      const char *text = g_bytes_get_data (bytes, &len);

      format = _kindred_formats_sniff (text, MIN (len, 64 * 1024));
      if (format == KINDRED_FORMAT_AUTO)
        {
          g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_UNKNOWN_FORMAT,
                       _("This file is not one Kindred can import. Kindred reads its own "
                         "JSON export, jrnl’s JSON export and Daylio’s CSV export."));
          return FALSE;
        }
    }

  data = _kindred_import_data_new ();
  switch (format)
    {
    case KINDRED_FORMAT_KINDRED_JSON:
      ok = _kindred_import_kindred_json (bytes, data, cancellable, error);
      break;
    case KINDRED_FORMAT_JRNL_JSON:
      ok = _kindred_import_jrnl_json (bytes, data, cancellable, error);
      break;
    case KINDRED_FORMAT_DAYLIO_CSV:
      ok = _kindred_import_daylio_csv (bytes, data, cancellable, error);
      break;
    case KINDRED_FORMAT_AUTO:
    case KINDRED_FORMAT_MARKDOWN:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    return FALSE;

  self->format = format;
  g_clear_pointer (&self->data, _kindred_import_data_free);
  self->data = g_steal_pointer (&data);
  self->n_added = 0;
  self->n_duplicates = self->data->n_duplicates;

  return TRUE;
}

static void
prepare_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (kindred_importer_prepare (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kindred_importer_prepare_async (KindredImporter     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KINDRED_IS_IMPORTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_importer_prepare_async);
  g_task_run_in_thread (task, prepare_worker);
}

gboolean
kindred_importer_prepare_finish (KindredImporter  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
kindred_importer_get_n_entries (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), 0);

  return self->data != NULL ? self->data->records->len : 0;
}

/**
 * kindred_importer_dup_mood_names:
 *
 * Returns: (transfer full) (array zero-terminated=1): mood names
 */
char **
kindred_importer_dup_mood_names (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), NULL);

  return dup_names (self->data != NULL ? self->data->moods : NULL, compare_moods);
}

int
kindred_importer_get_mood_mapping (KindredImporter *self,
                                   const char      *mood_name)
{
  ImportName *mood;

  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), 0);

  mood = find_mood (self, mood_name);
  return mood != NULL ? mood->value : 0;
}

gboolean
kindred_importer_set_mood_mapping (KindredImporter *self,
                                   const char      *mood_name,
                                   int              mood)
{
  ImportName *found;

  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (mood == KINDRED_MOOD_NONE ||
                        (mood >= KINDRED_MOOD_MIN && mood <= KINDRED_MOOD_MAX), FALSE);

  found = find_mood (self, mood_name);
  if (found == NULL)
    return FALSE;

  found->value = mood;
  return TRUE;
}

gboolean
kindred_importer_is_mood_standard (KindredImporter *self,
                                   const char      *mood_name)
{
  ImportName *mood;

  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), FALSE);

  mood = find_mood (self, mood_name);
  return mood != NULL && mood->standard;
}

/**
 * kindred_importer_dup_activities:
 *
 * Returns: (transfer full) (array zero-terminated=1): activity names
 */
char **
kindred_importer_dup_activities (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), NULL);

  return dup_names (self->data != NULL ? self->data->activities : NULL, compare_counts);
}

KindredImportActivities
kindred_importer_get_activities_as (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), KINDRED_IMPORT_ACTIVITIES_TAGS);

  return self->activities_as;
}

void
kindred_importer_set_activities_as (KindredImporter         *self,
                                    KindredImportActivities  as)
{
  g_return_if_fail (KINDRED_IS_IMPORTER (self));

  self->activities_as = as;
}

gboolean
kindred_importer_run (KindredImporter             *self,
                      GCancellable                *cancellable,
                      KindredFormatsProgressFunc   progress,
                      gpointer                     progress_data,
                      GError                     **error)
{
  g_autoptr(GPtrArray) strategies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  guint added = 0;
  guint existing = 0;

  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), FALSE);

  if (self->data == NULL && !kindred_importer_prepare (self, cancellable, error))
    return FALSE;

  if (self->data->records->len == 0)
    {
      if (self->data->rejected->len > 0)
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_NOTHING_TO_IMPORT,
                     ngettext ("Nothing could be imported: the only entry was set aside.",
                               "Nothing could be imported: all %u entries were set aside.",
                               self->data->rejected->len),
                     self->data->rejected->len);
      else if (self->data->n_duplicates > 0)
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_NOTHING_TO_IMPORT,
                     _("Nothing could be imported from this file."));
      else
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_NOTHING_TO_IMPORT,
                     _("There are no entries in this file."));
      return FALSE;
    }

  for (guint i = 0; i < self->data->strategies->len; i++)
    g_ptr_array_add (strategies, g_object_ref (g_ptr_array_index (self->data->strategies, i)));
  if (!apply_choices (self, strategies, error))
    return FALSE;

  for (guint i = 0; i < self->data->records->len; i++)
    g_ptr_array_add (entries, ((ImportRecord *) g_ptr_array_index (self->data->records, i))->entry);

  if (!kindred_store_import (self->store, strategies, entries, cancellable, progress,
                             progress_data, &added, &existing, error))
    return FALSE;

  self->n_added = added;
  self->n_duplicates = self->data->n_duplicates + existing;

  return TRUE;
}

typedef struct
{
  KindredFormatsProgressFunc  progress;
  gpointer                    progress_data;
  GDestroyNotify              progress_destroy;
  GMainContext               *context;
  GThread                    *home;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  if (run->progress_destroy != NULL)
    run->progress_destroy (run->progress_data);
  g_main_context_unref (run->context);
  g_thread_unref (run->home);
  g_free (run);
}

typedef struct
{
  GTask *task;
  guint  done;
  guint  total;
} RunProgress;

static void
run_progress_free (gpointer data)
{
  RunProgress *call = data;

  g_object_unref (call->task);
  g_free (call);
}

static gboolean
run_progress_cb (gpointer data)
{
  RunProgress *call = data;
  RunData *run = g_task_get_task_data (call->task);

  run->progress (call->done, call->total, run->progress_data);
  return G_SOURCE_REMOVE;
}

static void
run_progress (guint    done,
              guint    total,
              gpointer user_data)
{
  GTask *task = user_data;
  RunData *run = g_task_get_task_data (task);
  RunProgress *call = g_new0 (RunProgress, 1);

  call->task = g_object_ref (task);
  call->done = done;
  call->total = total;
  kindred_main_context_dispatch (run->context, run->home, run_progress_cb, call,
                                 run_progress_free);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *run = task_data;
  GError *error = NULL;

  if (kindred_importer_run (source_object, cancellable,
                            run->progress != NULL ? run_progress : NULL, task, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kindred_importer_run_async (KindredImporter             *self,
                            GCancellable                *cancellable,
                            KindredFormatsProgressFunc   progress,
                            gpointer                     progress_data,
                            GDestroyNotify               progress_destroy,
                            GAsyncReadyCallback          callback,
                            gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (KINDRED_IS_IMPORTER (self));

  run = g_new0 (RunData, 1);
  run->progress = progress;
  run->progress_data = progress_data;
  run->progress_destroy = progress_destroy;
  run->context = g_main_context_ref_thread_default ();
  run->home = g_thread_ref (g_thread_self ());

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_importer_run_async);
  g_task_set_task_data (task, run, run_data_free);
  g_task_run_in_thread (task, run_worker);
}

gboolean
kindred_importer_run_finish (KindredImporter  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
kindred_importer_get_n_added (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), 0);

  return self->n_added;
}

guint
kindred_importer_get_n_duplicates (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), 0);

  return self->n_duplicates;
}

guint
kindred_importer_get_n_rejected (KindredImporter *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), 0);

  return self->data != NULL ? self->data->rejected->len : 0;
}

/**
 * kindred_importer_get_rejected:
 *
 * Returns: (transfer none) (element-type utf8): reasons
 */
GPtrArray *
kindred_importer_get_rejected (KindredImporter *self)
{
  static GPtrArray *empty;

  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), NULL);

  if (self->data != NULL)
    return self->data->rejected;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return empty;
}

char *
kindred_importer_dup_summary (KindredImporter *self)
{
  g_autofree char *added = NULL;
  g_autofree char *duplicates = NULL;
  g_autofree char *rejected = NULL;
  guint n_rejected;

  g_return_val_if_fail (KINDRED_IS_IMPORTER (self), NULL);

  n_rejected = kindred_importer_get_n_rejected (self);
  added = g_strdup_printf (ngettext ("%u entry added", "%u entries added", self->n_added),
                           self->n_added);
  duplicates = g_strdup_printf (ngettext ("%u already in your journal",
                                          "%u already in your journal", self->n_duplicates),
                                self->n_duplicates);
  rejected = g_strdup_printf (ngettext ("%u set aside", "%u set aside", n_rejected), n_rejected);

  /* Translators: "12 entries added, 3 already in your journal, 1 set aside" */
  return g_strdup_printf (_("%s, %s, %s"), added, duplicates, rejected);
}

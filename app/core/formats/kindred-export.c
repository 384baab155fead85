/* kindred-export.c: the plain exports (Kindred JSON, Markdown)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are built whole in memory (cancellable at every entry), then written in
 * one go: a cancelled export leaves no file behind, and the JSON is written
 * atomically.  The JSON is written by hand rather than through JsonGenerator so
 * that its layout is fixed byte for byte (the round trip test compares bytes) and
 * a 50,000-entry journal needs no second tree in memory.
 */

#define G_LOG_DOMAIN "kindred-formats"

#include "config.h"

#include "formats/kindred-formats.h"
#include "formats/kindred-formats-private.h"
#include "kindred-util.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Reading the journal */

/* Every live entry, oldest first. */
static GPtrArray *
collect_entries (KindredStore  *store,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return kindred_store_list_all_entries (store, cancellable, error);
}

/* JSON writing */

static void
append_json_time (GString   *out,
                  GDateTime *date_time)
{
  g_autofree char *text = NULL;

  if (date_time == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  text = _kindred_formats_format_time (date_time);
  kindred_json_append_string (out, text);
}

static void
append_strategy (GString         *out,
                 KindredStrategy *strategy)
{
  g_string_append (out, "    {\n      \"uuid\": ");
  kindred_json_append_string (out, kindred_strategy_get_uuid (strategy));
  g_string_append (out, ",\n      \"name\": ");
  kindred_json_append_string (out, kindred_strategy_get_name (strategy));
  g_string_append (out, ",\n      \"category\": ");
  kindred_json_append_string (out, kindred_strategy_get_category (strategy));
  g_string_append (out, ",\n      \"description\": ");
  kindred_json_append_string (out, kindred_strategy_get_description (strategy));
  g_string_append (out, ",\n      \"steps\": [");
  {
    const char * const *steps = kindred_strategy_get_steps (strategy);

    for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
      {
        if (i > 0)
          g_string_append (out, ", ");
        kindred_json_append_string (out, steps[i]);
      }
  }
  g_string_append (out, "]");
  g_string_append_printf (out, ",\n      \"minutes_min\": %u,\n      \"minutes_max\": %u",
                          kindred_strategy_get_minutes_min (strategy),
                          kindred_strategy_get_minutes_max (strategy));
  g_string_append (out, ",\n      \"when\": ");
  kindred_json_append_string (out, kindred_strategy_get_when (strategy));
  g_string_append_printf (out, ",\n      \"builtin\": %s",
                          kindred_strategy_get_builtin (strategy) ? "true" : "false");
  g_string_append_printf (out, ",\n      \"archived\": %s",
                          kindred_strategy_get_archived (strategy) ? "true" : "false");
  g_string_append (out, ",\n      \"created_at\": ");
  append_json_time (out, kindred_strategy_get_created_at (strategy));
  g_string_append (out, ",\n      \"updated_at\": ");
  append_json_time (out, kindred_strategy_get_updated_at (strategy));
  g_string_append (out, "\n    }");
}

static void
append_entry (GString      *out,
              KindredEntry *entry)
{
  const char * const *triggers = kindred_entry_get_triggers (entry);
  int mood = kindred_entry_get_mood (entry);
  guint n;

  g_string_append (out, "    {\n      \"uuid\": ");
  kindred_json_append_string (out, kindred_entry_get_uuid (entry));
  g_string_append (out, ",\n      \"created_at\": ");
  append_json_time (out, kindred_entry_get_created_at (entry));
  g_string_append (out, ",\n      \"updated_at\": ");
  append_json_time (out, kindred_entry_get_updated_at (entry));
  if (mood == KINDRED_MOOD_NONE)
    g_string_append (out, ",\n      \"mood\": null");
  else
    g_string_append_printf (out, ",\n      \"mood\": %d", mood);
  g_string_append (out, ",\n      \"title\": ");
  kindred_json_append_string (out, kindred_entry_get_title (entry));
  g_string_append (out, ",\n      \"body\": ");
  kindred_json_append_string (out, kindred_entry_get_body (entry));

  g_string_append (out, ",\n      \"emotions\": [");
  n = kindred_entry_get_n_emotions (entry);
  for (guint i = 0; i < n; i++)
    {
      int intensity;
      const char *emotion = kindred_entry_get_emotion (entry, i, &intensity);

      g_string_append (out, i == 0 ? "\n        { \"name\": " : ",\n        { \"name\": ");
      kindred_json_append_string (out, emotion);
      g_string_append_printf (out, ", \"intensity\": %d }", intensity);
    }
  g_string_append (out, n > 0 ? "\n      ]" : "]");

  g_string_append (out, ",\n      \"triggers\": [");
  for (guint i = 0; triggers != NULL && triggers[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      kindred_json_append_string (out, triggers[i]);
    }
  g_string_append (out, "]");

  g_string_append (out, ",\n      \"strategies\": [");
  n = kindred_entry_get_n_strategies (entry);
  for (guint i = 0; i < n; i++)
    {
      int helped;
      const char *uuid = kindred_entry_get_strategy (entry, i, &helped);

      g_string_append (out, i == 0 ? "\n        { \"uuid\": " : ",\n        { \"uuid\": ");
      kindred_json_append_string (out, uuid);
      g_string_append_printf (out, ", \"helped\": %d }", helped);
    }
  g_string_append (out, n > 0 ? "\n      ]" : "]");

  g_string_append (out, "\n    }");
}

typedef struct
{
  char  *name;
  guint  count;
} TagCount;

static void
tag_count_free (gpointer data)
{
  TagCount *tag = data;

  g_free (tag->name);
  g_free (tag);
}

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  const TagCount *ta = *(TagCount * const *) a;
  const TagCount *tb = *(TagCount * const *) b;

  if (ta->count != tb->count)
    return ta->count > tb->count ? -1 : 1;
  return strcmp (ta->name, tb->name);
}

/* Every tag with the number of entries that carry it, most used first, as jrnl
 * lists them: for people and tools reading the file; import ignores it. */
static void
append_tags (GString   *out,
             GPtrArray *entries)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (tag_count_free);

  for (guint i = 0; i < entries->len; i++)
    {
      const char * const *triggers = kindred_entry_get_triggers (g_ptr_array_index (entries, i));

      for (guint t = 0; triggers != NULL && triggers[t] != NULL; t++)
        {
          g_autofree char *key = g_utf8_casefold (triggers[t], -1);
          TagCount *tag = g_hash_table_lookup (by_key, key);

          if (tag == NULL)
            {
              tag = g_new0 (TagCount, 1);
              tag->name = g_strdup (triggers[t]);
              g_ptr_array_add (tags, tag);
              g_hash_table_insert (by_key, g_steal_pointer (&key), tag);
            }
          tag->count++;
        }
    }

  g_ptr_array_sort (tags, compare_tags);

  g_string_append (out, "  \"tags\": {");
  for (guint i = 0; i < tags->len; i++)
    {
      TagCount *tag = g_ptr_array_index (tags, i);

      g_string_append (out, i == 0 ? "\n    " : ",\n    ");
      kindred_json_append_string (out, tag->name);
      g_string_append_printf (out, ": %u", tag->count);
    }
  g_string_append (out, tags->len > 0 ? "\n  },\n" : "},\n");
}

static GString *
build_json (KindredStore                *store,
            GCancellable                *cancellable,
            KindredFormatsProgressFunc   progress,
            gpointer                     progress_data,
            guint                       *n_entries,
            GError                     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GString) out = NULL;

  entries = collect_entries (store, cancellable, error);
  if (entries == NULL)
    return NULL;
  strategies = kindred_store_list_strategies (store, TRUE, error);
  if (strategies == NULL)
    return NULL;

  out = g_string_sized_new (1024 + entries->len * 512);
  g_string_append_printf (out,
                          "{\n"
                          "  \"format\": \"kindred-journal\",\n"
                          "  \"version\": %d,\n"
                          "  \"generator\": \"Kindred %s\",\n",
                          KINDRED_FORMATS_JSON_VERSION, PACKAGE_VERSION);

  g_string_append (out, "  \"strategies\": [");
  for (guint i = 0; i < strategies->len; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_strategy (out, g_ptr_array_index (strategies, i));
    }
  g_string_append (out, strategies->len > 0 ? "\n  ],\n" : "],\n");

  append_tags (out, entries);

  g_string_append (out, "  \"entries\": [");
  for (guint i = 0; i < entries->len; i++)
    {
      if (i % 256 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (progress != NULL)
            progress (i, entries->len, progress_data);
        }
      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_entry (out, g_ptr_array_index (entries, i));
    }
  g_string_append (out, entries->len > 0 ? "\n  ]\n}\n" : "]\n}\n");

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (progress != NULL)
    progress (entries->len, entries->len, progress_data);

  if (n_entries != NULL)
    *n_entries = entries->len;

  return g_steal_pointer (&out);
}

static gboolean
set_write_error (GError     **error,
                 GError      *cause)
{
  /* The cause names the path, which the user chose: fine to show. */
  g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
               _("The export could not be saved: %s"), cause->message);
  return FALSE;
}

gboolean
kindred_export_json (KindredStore                *store,
                     const char                  *path,
                     GCancellable                *cancellable,
                     KindredFormatsProgressFunc   progress,
                     gpointer                     progress_data,
                     guint                       *n_entries,
                     GError                     **error)
{
  g_autoptr(GString) json = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = build_json (store, cancellable, progress, progress_data, n_entries, error);
  if (json == NULL)
    return FALSE;

  if (!kindred_write_file_atomic (path, json->str, json->len, 0600, &local_error))
    return set_write_error (error, local_error);

  return TRUE;
}

/* Markdown */

typedef struct
{
  char    *name;    /* "2024-03.md" */
  GString *text;
} MonthFile;

static void
month_file_free (gpointer data)
{
  MonthFile *month = data;

  g_free (month->name);
  g_string_free (month->text, TRUE);
  g_free (month);
}

static void
append_markdown_entry (GString      *out,
                       KindredEntry *entry,
                       GHashTable   *strategy_names,
                       GDateTime    *local)
{
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_autoptr(GString) facts = g_string_new (NULL);
  const char * const *triggers = kindred_entry_get_triggers (entry);
  const char *title = kindred_entry_get_title (entry);
  const char *body = kindred_entry_get_body (entry);
  int mood = kindred_entry_get_mood (entry);
  guint n;

  if (title != NULL && title[0] != '\0')
    g_string_append_printf (out, "## %s · %s\n\n", when, title);
  else
    g_string_append_printf (out, "## %s\n\n", when);

  if (mood != KINDRED_MOOD_NONE)
    {
      /* Translators: a line of the Markdown export: the entry's mood */
      g_string_append_printf (facts, _("- Mood: %d of %d\n"), mood, KINDRED_MOOD_MAX);
    }

  n = kindred_entry_get_n_emotions (entry);
  if (n > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        {
          int intensity;
          const char *emotion = kindred_entry_get_emotion (entry, i, &intensity);

          g_string_append_printf (list, "%s%s (%d)", i > 0 ? ", " : "", emotion, intensity);
        }
      /* Translators: a line of the Markdown export: feelings with how strong (1–5) */
      g_string_append_printf (facts, _("- Feelings: %s\n"), list->str);
    }

  if (triggers != NULL && triggers[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) triggers);

      /* Translators: a line of the Markdown export: the entry's tags */
      g_string_append_printf (facts, _("- Tags: %s\n"), list);
    }

  n = kindred_entry_get_n_strategies (entry);
  if (n > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        {
          int helped;
          const char *uuid = kindred_entry_get_strategy (entry, i, &helped);
          const char *name = g_hash_table_lookup (strategy_names, uuid);

          g_string_append_printf (list, "%s%s (%d/%d)", i > 0 ? ", " : "",
                                  name != NULL ? name : uuid, helped, KINDRED_HELPED_MAX);
        }
      /* Translators: a line of the Markdown export: coping strategies tried, each
       * with how much it helped (0–4) */
      g_string_append_printf (facts, _("- What I tried: %s\n"), list->str);
    }

  if (facts->len > 0)
    g_string_append_printf (out, "%s\n", facts->str);

  if (body != NULL && body[0] != '\0')
    {
      g_string_append (out, body);
      g_string_append (out, g_str_has_suffix (body, "\n") ? "\n" : "\n\n");
    }
}

static gboolean
ensure_folder (const char  *folder,
               GError     **error)
{
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
                   _("The folder “%s” could not be made: %s"), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
kindred_export_markdown (KindredStore                *store,
                         const char                  *folder,
                         GCancellable                *cancellable,
                         KindredFormatsProgressFunc   progress,
                         gpointer                     progress_data,
                         guint                       *n_entries,
                         GError                     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (month_file_free);
  g_autoptr(GHashTable) strategy_names = g_hash_table_new (g_str_hash, g_str_equal);
  MonthFile *month = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  entries = collect_entries (store, cancellable, error);
  if (entries == NULL)
    return FALSE;
  strategies = kindred_store_list_strategies (store, TRUE, error);
  if (strategies == NULL)
    return FALSE;
  for (guint i = 0; i < strategies->len; i++)
    {
      KindredStrategy *strategy = g_ptr_array_index (strategies, i);

      g_hash_table_insert (strategy_names, (gpointer) kindred_strategy_get_uuid (strategy),
                           (gpointer) kindred_strategy_get_name (strategy));
    }

  for (guint i = 0; i < entries->len; i++)
    {
      KindredEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (kindred_entry_get_created_at (entry));
      g_autofree char *name = g_date_time_format (local, "%Y-%m.md");

      if (i % 256 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress (i, entries->len, progress_data);
        }

      /* Oldest first, so a month's entries are consecutive. */
      if (month == NULL || strcmp (month->name, name) != 0)
        {
          g_autofree char *heading = g_date_time_format (local, "%B %Y");

          month = g_new0 (MonthFile, 1);
          month->name = g_steal_pointer (&name);
          month->text = g_string_new (NULL);
          g_string_append_printf (month->text, "# %s\n\n", heading);
          g_ptr_array_add (months, month);
        }

      append_markdown_entry (month->text, entry, strategy_names, local);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!ensure_folder (folder, error))
    return FALSE;

  for (guint i = 0; i < months->len; i++)
    {
      MonthFile *file = g_ptr_array_index (months, i);
      g_autofree char *path = g_build_filename (folder, file->name, NULL);
      g_autoptr(GError) local_error = NULL;

      if (!kindred_write_file_atomic (path, file->text->str, file->text->len, 0600,
                                      &local_error))
        return set_write_error (error, local_error);
    }

  if (progress != NULL)
    progress (entries->len, entries->len, progress_data);
  if (n_entries != NULL)
    *n_entries = entries->len;

  return TRUE;
}

/* Async */

typedef struct
{
  KindredStore               *store;
  KindredFormat               format;
  char                       *path;
  KindredFormatsProgressFunc  progress;
  gpointer                    progress_data;
  GDestroyNotify              progress_destroy;
  GMainContext               *context;
  GThread                    *home;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_clear_object (&export->store);
  g_free (export->path);
  if (export->progress_destroy != NULL)
    export->progress_destroy (export->progress_data);
  g_main_context_unref (export->context);
  g_thread_unref (export->home);
  g_free (export);
}

typedef struct
{
  ExportData *export;   /* kept alive by the task, which outlives the idles */
  GTask      *task;
  guint       done;
  guint       total;
} ProgressCall;

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_object_unref (call->task);
  g_free (call);
}

static gboolean
progress_call_cb (gpointer data)
{
  ProgressCall *call = data;

  call->export->progress (call->done, call->total, call->export->progress_data);
  return G_SOURCE_REMOVE;
}

static void
export_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  GTask *task = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->task = g_object_ref (task);
  call->export = g_task_get_task_data (task);
  call->done = done;
  call->total = total;
  kindred_main_context_dispatch (call->export->context, call->export->home, progress_call_cb,
                                 call, progress_call_free);
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  GError *error = NULL;
  guint n = 0;
  gboolean ok;

  if (export->format == KINDRED_FORMAT_MARKDOWN)
    ok = kindred_export_markdown (export->store, export->path, cancellable,
                                  export->progress != NULL ? export_progress : NULL, task,
                                  &n, &error);
  else
    ok = kindred_export_json (export->store, export->path, cancellable,
                              export->progress != NULL ? export_progress : NULL, task,
                              &n, &error);

  if (ok)
    g_task_return_int (task, n);
  else
    g_task_return_error (task, error);
}

void
kindred_export_async (KindredStore               *store,
                      KindredFormat               format,
                      const char                 *path,
                      GCancellable               *cancellable,
                      KindredFormatsProgressFunc  progress,
                      gpointer                    progress_data,
                      GDestroyNotify              progress_destroy,
                      GAsyncReadyCallback         callback,
                      gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *export;

  g_return_if_fail (KINDRED_IS_STORE (store));
  g_return_if_fail (format == KINDRED_FORMAT_KINDRED_JSON || format == KINDRED_FORMAT_MARKDOWN);
  g_return_if_fail (path != NULL);

  export = g_new0 (ExportData, 1);
  export->store = g_object_ref (store);
  export->format = format;
  export->path = g_strdup (path);
  export->progress = progress;
  export->progress_data = progress_data;
  export->progress_destroy = progress_destroy;
  export->context = g_main_context_ref_thread_default ();
  export->home = g_thread_ref (g_thread_self ());

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_export_async);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, export_worker);
}

gboolean
kindred_export_finish (GAsyncResult  *result,
                       guint         *n_entries,
                       GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kindred_export_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_entries != NULL)
    *n_entries = (guint) n;
  return TRUE;
}

/* kindred-folder-watch.c: notice files arriving in a folder, with or without events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every look at the folder is a "scan": one listing (name, size, mtime, inode of
 * each matching file) made in a worker thread, compared on the watch's own thread
 * with what was reported before.  Events and the poll timer only ask for a scan, so
 * both paths end in the same code.  A changed file becomes "pending" and is
 * reported by the first scan that finds it unchanged at least the debounce time
 * later: a file still being written by a sync tool keeps changing and waits.
 */

#define G_LOG_DOMAIN "kindred-folder-watch"

#include "config.h"

#include "kindred-folder-watch.h"
#include "kindred-folder-watch-private.h"

#include <string.h>

#include "kindred-util.h"

#define DEFAULT_POLL_SECONDS 5
#define DEFAULT_DEBOUNCE_MS  1000
/* Test-only: with KINDRED_FOLDER_WATCH_NO_MONITOR=1 no GFileMonitor is made, so
 * that only polling finds changes (as in a folder that delivers no events). */
#define NO_MONITOR_ENV       "KINDRED_FOLDER_WATCH_NO_MONITOR"
#define SCAN_ATTRIBUTES      G_FILE_ATTRIBUTE_STANDARD_NAME "," \
                             G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
                             G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
                             G_FILE_ATTRIBUTE_TIME_MODIFIED "," \
                             G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC "," \
                             G_FILE_ATTRIBUTE_UNIX_INODE

typedef struct
{
  goffset  size;
  guint64  mtime_usec;
  guint64  inode;      /* an atomic replace changes it even with the same size and time */
} Stamp;

typedef struct
{
  Stamp    stamp;
  gint64   noted_at;   /* monotonic µs when this stamp was first seen */
} Pending;

struct _KindredFolderWatch
{
  GObject       parent_instance;

  GFile        *folder;
  char         *suffix;
  guint         poll_seconds;
  guint         debounce_ms;

  GMainContext *context;     /* the creating thread's: every source and signal runs here */
  GThread      *home;        /* not a reference */
  GFileMonitor *monitor;
  GSource      *poll_source;
  GSource      *settle_source;
  GCancellable *cancellable;

  GHashTable   *seen;        /* basename → Stamp: as last reported (or found at start) */
  GHashTable   *pending;     /* basename → Pending */
  GHashTable   *ignored;     /* basename set */
  gboolean      scanning;
  guint         scans;       /* finished, for tests */
  gboolean      rescan;      /* asked for while a scan ran */
};

G_DEFINE_FINAL_TYPE (KindredFolderWatch, kindred_folder_watch, G_TYPE_OBJECT)

enum { FILE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void start_scan (KindredFolderWatch *self);

/* Helpers */

static gboolean
name_matches (const char *name,
              const char *suffix)
{
  /* Dot files are temporary files (ours, and sync tools'): never reported. */
  return name[0] != '.' && g_str_has_suffix (name, suffix) && strlen (name) > strlen (suffix);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
stamp_equal (const Stamp *a,
             const Stamp *b)
{
  return a->size == b->size && a->mtime_usec == b->mtime_usec && a->inode == b->inode;
}

/* basename → Stamp of the matching regular files in @folder; NULL on error. */
static GHashTable *
list_folder (GFile         *folder,
             const char    *suffix,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GHashTable) files = NULL;

  enumerator = g_file_enumerate_children (folder, SCAN_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                          cancellable, error);
  if (enumerator == NULL)
    return NULL;

  files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (;;)
    {
      GFileInfo *info = NULL;
      const char *name;
      Stamp *stamp;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
          !name_matches (name, suffix))
        continue;

      stamp = g_new0 (Stamp, 1);
      stamp->size = g_file_info_get_size (info);
      stamp->mtime_usec =
        g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
        g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
      stamp->inode = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE);
      g_hash_table_insert (files, g_strdup (name), stamp);
    }

  return g_steal_pointer (&files);
}

static gboolean
settle_cb (gpointer data)
{
  KindredFolderWatch *self = data;

  g_clear_pointer (&self->settle_source, g_source_unref);
  start_scan (self);
  return G_SOURCE_REMOVE;
}

/* (Re)starts the debounce timer: a scan once things have been quiet that long. */
static void
schedule_settle (KindredFolderWatch *self)
{
  if (self->settle_source != NULL)
    {
      g_source_destroy (self->settle_source);
      g_clear_pointer (&self->settle_source, g_source_unref);
    }

  self->settle_source = g_timeout_source_new (self->debounce_ms);
  g_source_set_callback (self->settle_source, settle_cb, self, NULL);
  g_source_set_static_name (self->settle_source, "[kindred] folder watch settle");
  g_source_attach (self->settle_source, self->context);
}

static void
apply_scan (KindredFolderWatch *self,
            GHashTable         *files,
            gint64              started_at)
{
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  /* Gone files are forgotten, so that one coming back is news. */
  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (files, key))
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (files, key))
      g_hash_table_iter_remove (&iter);

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = key;
      const Stamp *stamp = value;
      Pending *pending;
      Stamp *seen;

      if (g_hash_table_contains (self->ignored, name))
        continue;

      pending = g_hash_table_lookup (self->pending, name);
      seen = g_hash_table_lookup (self->seen, name);

      if (pending != NULL)
        {
          if (!stamp_equal (&pending->stamp, stamp))
            {
              /* Still changing: wait another debounce time from now. */
              pending->stamp = *stamp;
              pending->noted_at = g_get_monotonic_time ();
            }
          else if (started_at - pending->noted_at >= (gint64) self->debounce_ms * 1000)
            {
              g_hash_table_remove (self->pending, name);
              if (seen == NULL || !stamp_equal (seen, stamp))
                {
                  g_hash_table_insert (self->seen, g_strdup (name),
                                       g_memdup2 (stamp, sizeof *stamp));
                  g_ptr_array_add (report, g_strdup (name));
                }
            }
        }
      else if (seen == NULL || !stamp_equal (seen, stamp))
        {
          pending = g_new0 (Pending, 1);
          pending->stamp = *stamp;
          pending->noted_at = g_get_monotonic_time ();
          g_hash_table_insert (self->pending, g_strdup (name), pending);
        }
    }

  if (g_hash_table_size (self->pending) > 0)
    schedule_settle (self);

  /* Sorted, so that several files arriving together are reported in name order. */
  g_ptr_array_sort (report, compare_names);
  for (guint i = 0; i < report->len; i++)
    {
      const char *name = g_ptr_array_index (report, i);
      g_autoptr(GFile) file = g_file_get_child (self->folder, name);

      g_signal_emit (self, signals[FILE_CHANGED], 0, file);
    }
}

/* Callbacks */

static void
scan_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KindredFolderWatch *self = source_object;
  GError *error = NULL;
  GHashTable *files;

  /* folder and suffix never change after construction */
  files = list_folder (self->folder, self->suffix, cancellable, &error);
  if (files == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, files, (GDestroyNotify) g_hash_table_unref);
}

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KindredFolderWatch *self = KINDRED_FOLDER_WATCH (object);
  gint64 *started_at = g_task_get_task_data (G_TASK (result));
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GError) error = NULL;

  self->scanning = FALSE;
  self->scans++;

  files = g_task_propagate_pointer (G_TASK (result), &error);
  if (files == NULL)
    {
      /* A folder that went away (an unplugged stick) is quiet, not an error: the
       * next poll tries again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the watched folder: %s", error->message);
      return;
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  apply_scan (self, files, *started_at);

  if (self->rescan)
    {
      self->rescan = FALSE;
      start_scan (self);
    }
}

static void
start_scan (KindredFolderWatch *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 *started_at;

  if (self->scanning)
    {
      self->rescan = TRUE;
      return;
    }

  self->scanning = TRUE;
  started_at = g_new (gint64, 1);
  *started_at = g_get_monotonic_time ();

  /* GTask returns to the thread-default context of this thread, which is always
   * self->context: scans start only from its sources and from poll(). */
  task = g_task_new (self, self->cancellable, scan_done_cb, NULL);
  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, started_at, g_free);
  g_task_run_in_thread (task, scan_worker);
}

static gboolean
poll_cb (gpointer data)
{
  start_scan (KINDRED_FOLDER_WATCH (data));
  return G_SOURCE_CONTINUE;
}

static gboolean
poll_now_cb (gpointer data)
{
  KindredFolderWatch *self = data;

  if (!g_cancellable_is_cancelled (self->cancellable))
    start_scan (self);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  KindredFolderWatch *self = user_data;
  g_autofree char *name = NULL;
  g_autofree char *other = NULL;

  if (event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  name = file != NULL ? g_file_get_basename (file) : NULL;
  other = other_file != NULL ? g_file_get_basename (other_file) : NULL;

  /* A rename into a matching name (how atomic writers finish) counts by its new name. */
  if ((name != NULL && name_matches (name, self->suffix)) ||
      (other != NULL && name_matches (other, self->suffix)))
    schedule_settle (self);
}

/* Interface */

static void
kindred_folder_watch_dispose (GObject *object)
{
  KindredFolderWatch *self = KINDRED_FOLDER_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
  if (self->settle_source != NULL)
    {
      g_source_destroy (self->settle_source);
      g_clear_pointer (&self->settle_source, g_source_unref);
    }

  G_OBJECT_CLASS (kindred_folder_watch_parent_class)->dispose (object);
}

static void
kindred_folder_watch_finalize (GObject *object)
{
  KindredFolderWatch *self = KINDRED_FOLDER_WATCH (object);

  g_clear_object (&self->folder);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->suffix, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->ignored, g_hash_table_unref);

  G_OBJECT_CLASS (kindred_folder_watch_parent_class)->finalize (object);
}

static void
kindred_folder_watch_class_init (KindredFolderWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kindred_folder_watch_dispose;
  object_class->finalize = kindred_folder_watch_finalize;

  signals[FILE_CHANGED] =
    g_signal_new ("file-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
kindred_folder_watch_init (KindredFolderWatch *self)
{
  self->debounce_ms = DEFAULT_DEBOUNCE_MS;
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->home = g_thread_self ();
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Public API */

KindredFolderWatch *
kindred_folder_watch_new (GFile      *folder,
                          const char *suffix,
                          guint       poll_seconds)
{
  KindredFolderWatch *self;
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (suffix != NULL && *suffix != '\0', NULL);

  self = g_object_new (KINDRED_TYPE_FOLDER_WATCH, NULL);
  self->folder = g_object_ref (folder);
  self->suffix = g_strdup (suffix);
  self->poll_seconds = poll_seconds > 0 ? poll_seconds : DEFAULT_POLL_SECONDS;

  /* What is there now is not news (kindred_folder_watch_list() gives it).  Listed
   * here, not in a worker, so that a file written right after _new() is never
   * mistaken for one that was already there. */
  files = list_folder (folder, suffix, NULL, &error);
  if (files != NULL)
    {
      GHashTableIter iter;
      gpointer key;
      gpointer value;

      g_hash_table_iter_init (&iter, files);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_insert (self->seen, key, value);
        }
    }
  else
    g_debug ("Could not list the watched folder: %s", error->message);

  if (g_strcmp0 (g_getenv (NO_MONITOR_ENV), "1") != 0)
    {
      g_clear_error (&error);
      self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (self->monitor != NULL)
        g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
      else
        g_debug ("No events for the watched folder, polling only: %s", error->message);
    }

  self->poll_source = g_timeout_source_new_seconds (self->poll_seconds);
  g_source_set_callback (self->poll_source, poll_cb, self, NULL);
  g_source_set_static_name (self->poll_source, "[kindred] folder watch poll");
  g_source_attach (self->poll_source, self->context);

  return self;
}

GFile *
kindred_folder_watch_get_folder (KindredFolderWatch *self)
{
  g_return_val_if_fail (KINDRED_IS_FOLDER_WATCH (self), NULL);

  return self->folder;
}

void
kindred_folder_watch_ignore (KindredFolderWatch *self,
                             const char         *basename)
{
  g_return_if_fail (KINDRED_IS_FOLDER_WATCH (self));
  g_return_if_fail (basename != NULL);

  g_hash_table_add (self->ignored, g_strdup (basename));
  g_hash_table_remove (self->pending, basename);
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *name_a = g_file_get_basename (*(GFile * const *) a);
  g_autofree char *name_b = g_file_get_basename (*(GFile * const *) b);

  return strcmp (name_a, name_b);
}

GPtrArray *
kindred_folder_watch_list (KindredFolderWatch  *self,
                           GError             **error)
{
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GPtrArray) result = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (KINDRED_IS_FOLDER_WATCH (self), NULL);

  files = list_folder (self->folder, self->suffix, NULL, error);
  if (files == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->ignored, key))
      g_ptr_array_add (result, g_file_get_child (self->folder, key));

  g_ptr_array_sort (result, compare_files);
  return g_steal_pointer (&result);
}

void
kindred_folder_watch_poll (KindredFolderWatch *self)
{
  g_return_if_fail (KINDRED_IS_FOLDER_WATCH (self));

  /* From any thread; the scan itself starts on the watch's own. */
  kindred_main_context_dispatch (self->context, self->home, poll_now_cb,
                                 g_object_ref (self), g_object_unref);
}

void
kindred_folder_watch_set_debounce (KindredFolderWatch *self,
                                   guint               msec)
{
  g_return_if_fail (KINDRED_IS_FOLDER_WATCH (self));

  self->debounce_ms = msec;
}

gboolean
_kindred_folder_watch_has_monitor (KindredFolderWatch *self)
{
  g_return_val_if_fail (KINDRED_IS_FOLDER_WATCH (self), FALSE);

  return self->monitor != NULL;
}

void
_kindred_folder_watch_disable_monitor (KindredFolderWatch *self)
{
  g_return_if_fail (KINDRED_IS_FOLDER_WATCH (self));

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
}

guint
_kindred_folder_watch_get_scans (KindredFolderWatch *self)
{
  g_return_val_if_fail (KINDRED_IS_FOLDER_WATCH (self), 0);

  return self->scans;
}

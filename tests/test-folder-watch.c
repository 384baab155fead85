/* test-folder-watch.c: the folder watch, through file events and through polling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real folders under g_dir_make_tmp(), real inotify events.  Nothing is timed: each
 * wait iterates the main context until what it waits for has happened, and fails
 * only if it never does within a generous limit.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kindred-core.h"
#include "kindred-folder-watch.h"
#include "kindred-folder-watch-private.h"

#define SUFFIX        ".kindred-share"
#define WAIT_SECONDS  60
/* No poll timer fires during a test: whatever is found, events or poll() found. */
#define NEVER_POLL    3600

typedef struct
{
  char               *dir;
  GFile              *folder;
  KindredFolderWatch *watch;
  GPtrArray          *reported;   /* basenames, in order */
  GThread            *thread;     /* where the signal must arrive */
} Fixture;

static void
file_changed_cb (KindredFolderWatch *watch,
                 GFile              *file,
                 Fixture            *fixture)
{
  g_assert_true (G_IS_FILE (file));
  g_assert_true (g_thread_self () == fixture->thread);
  g_ptr_array_add (fixture->reported, g_file_get_basename (file));
}

static void
fixture_watch (Fixture *fixture,
               guint    debounce_ms)
{
  fixture->watch = kindred_folder_watch_new (fixture->folder, SUFFIX, NEVER_POLL);
  kindred_folder_watch_set_debounce (fixture->watch, debounce_ms);
  g_signal_connect (fixture->watch, "file-changed", G_CALLBACK (file_changed_cb), fixture);
}

static void
write_in (Fixture    *fixture,
          const char *name,
          const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
append_in (Fixture    *fixture,
           const char *name,
           const char *more)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  FILE *f = fopen (path, "a");

  g_assert_nonnull (f);
  fputs (more, f);
  fclose (f);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-watch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->folder = g_file_new_for_path (fixture->dir);
  fixture->reported = g_ptr_array_new_with_free_func (g_free);
  fixture->thread = g_thread_self ();
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

/* Iterates the thread-default context until @condition holds. */
static void
wait_until (Fixture       *fixture,
            Condition      condition,
            gconstpointer  data)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  g_autoptr(GSource) wake = g_timeout_source_new (100);

  /* wakes the loop now and then, so that the deadline is looked at */
  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, context);

  while (!condition (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited %d s and it never happened", WAIT_SECONDS);
      g_main_context_iteration (context, TRUE);
    }

  g_source_destroy (wake);
}

static gboolean
reported_count (Fixture       *fixture,
                gconstpointer  data)
{
  return fixture->reported->len >= GPOINTER_TO_UINT (data);
}

static gboolean
scans_reach (Fixture       *fixture,
             gconstpointer  data)
{
  return _kindred_folder_watch_get_scans (fixture->watch) >= GPOINTER_TO_UINT (data);
}

/* Polls and waits until that scan (or a later one) has finished. */
static void
poll_and_wait (Fixture *fixture)
{
  guint target = _kindred_folder_watch_get_scans (fixture->watch) + 1;

  kindred_folder_watch_poll (fixture->watch);
  wait_until (fixture, scans_reach, GUINT_TO_POINTER (target));
}

static gboolean
object_gone (Fixture       *fixture,
             gconstpointer  data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->watch != NULL)
    {
      gpointer weak = fixture->watch;

      g_object_add_weak_pointer (G_OBJECT (fixture->watch), &weak);
      g_clear_object (&fixture->watch);
      /* a scan in flight holds a reference until it returns */
      wait_until (fixture, object_gone, &weak);
    }

  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_DIR))
          g_rmdir (path);
        else
          g_unlink (path);
      }
  }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_object (&fixture->folder);
  g_clear_pointer (&fixture->reported, g_ptr_array_unref);
}

static void
assert_reported (Fixture     *fixture,
                 const char **names)
{
  guint n = names != NULL ? g_strv_length ((char **) names) : 0;

  g_assert_cmpuint (fixture->reported->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->reported, i), ==, names[i]);
}

/* Tests */

static void
test_events (Fixture       *fixture,
             gconstpointer  data)
{
  const char *first[] = { "new" SUFFIX, NULL };
  const char *second[] = { "new" SUFFIX, "new" SUFFIX, NULL };
  const char *third[] = { "new" SUFFIX, "new" SUFFIX, "zz-last" SUFFIX, NULL };

  write_in (fixture, "old" SUFFIX, "there before");
  fixture_watch (fixture, 50);
  g_assert_true (_kindred_folder_watch_has_monitor (fixture->watch));

  /* Not reported: another suffix, a dot file (a writer's temporary file) */
  write_in (fixture, "notes.txt", "not ours");
  write_in (fixture, ".new" SUFFIX ".tmp" SUFFIX, "half written");
  /* g_file_set_contents() writes a temporary file and renames it: a move event */
  write_in (fixture, "new" SUFFIX, "a share");
  wait_until (fixture, reported_count, GUINT_TO_POINTER (1));
  assert_reported (fixture, first);

  /* Changed in place */
  append_in (fixture, "new" SUFFIX, " and more");
  wait_until (fixture, reported_count, GUINT_TO_POINTER (2));
  assert_reported (fixture, second);

  /* A last file: everything before it has settled by now, and nothing else came */
  write_in (fixture, "zz-last" SUFFIX, "last");
  wait_until (fixture, reported_count, GUINT_TO_POINTER (3));
  assert_reported (fixture, third);
}

static void
test_poll_without_monitor (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *first[] = { "a" SUFFIX, "b" SUFFIX, NULL };
  const char *second[] = { "a" SUFFIX, "b" SUFFIX, "a" SUFFIX, NULL };
  const char *third[] = { "a" SUFFIX, "b" SUFFIX, "a" SUFFIX, "b" SUFFIX, NULL };

  write_in (fixture, "old" SUFFIX, "there before");
  fixture_watch (fixture, 50);
  _kindred_folder_watch_disable_monitor (fixture->watch);
  g_assert_false (_kindred_folder_watch_has_monitor (fixture->watch));

  write_in (fixture, "b" SUFFIX, "second");
  write_in (fixture, "a" SUFFIX, "first");
  write_in (fixture, "notes.txt", "not ours");

  /* Without events and without a poll, nothing can notice them */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (_kindred_folder_watch_get_scans (fixture->watch), ==, 0);
  assert_reported (fixture, NULL);

  /* poll() notices; the debounce scan reports, in name order */
  kindred_folder_watch_poll (fixture->watch);
  wait_until (fixture, reported_count, GUINT_TO_POINTER (2));
  assert_reported (fixture, first);

  /* A change of content with the same size */
  write_in (fixture, "a" SUFFIX, "FIRST");
  kindred_folder_watch_poll (fixture->watch);
  wait_until (fixture, reported_count, GUINT_TO_POINTER (3));
  assert_reported (fixture, second);

  /* Unchanged files are not reported again */
  poll_and_wait (fixture);
  poll_and_wait (fixture);
  assert_reported (fixture, second);

  /* Deleted, then back: news again */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "b" SUFFIX, NULL);

    g_assert_cmpint (g_unlink (path), ==, 0);
    poll_and_wait (fixture);
    write_in (fixture, "b" SUFFIX, "second");
    kindred_folder_watch_poll (fixture->watch);
    wait_until (fixture, reported_count, GUINT_TO_POINTER (4));
    assert_reported (fixture, third);
  }
}

static void
test_poll_env (Fixture       *fixture,
               gconstpointer  data)
{
  const char *first[] = { "a" SUFFIX, NULL };

  /* In a child process, where setenv() runs before any thread exists */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("KINDRED_FOLDER_WATCH_NO_MONITOR", "1", TRUE);
  fixture_watch (fixture, 50);
  g_assert_false (_kindred_folder_watch_has_monitor (fixture->watch));

  write_in (fixture, "a" SUFFIX, "first");
  kindred_folder_watch_poll (fixture->watch);
  wait_until (fixture, reported_count, GUINT_TO_POINTER (1));
  assert_reported (fixture, first);
}

static void
test_debounce (Fixture       *fixture,
               gconstpointer  data)
{
  const char *once[] = { "growing" SUFFIX, NULL };

  /* A debounce no test outlives: a file that keeps changing is never reported… */
  fixture_watch (fixture, 10 * 60 * 1000);
  _kindred_folder_watch_disable_monitor (fixture->watch);

  write_in (fixture, "growing" SUFFIX, "part one");
  poll_and_wait (fixture);
  append_in (fixture, "growing" SUFFIX, ", part two");
  poll_and_wait (fixture);
  append_in (fixture, "growing" SUFFIX, ", part three");
  poll_and_wait (fixture);
  poll_and_wait (fixture);
  assert_reported (fixture, NULL);

  /* … until it has been still for the debounce time: once, as it is at the end */
  kindred_folder_watch_set_debounce (fixture->watch, 0);
  kindred_folder_watch_poll (fixture->watch);
  wait_until (fixture, reported_count, GUINT_TO_POINTER (1));
  assert_reported (fixture, once);
  poll_and_wait (fixture);
  assert_reported (fixture, once);
}

static void
test_ignore_and_list (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *subdir = g_build_filename (fixture->dir, "folder" SUFFIX, NULL);
  const char *reported[] = { "other" SUFFIX, NULL };

  write_in (fixture, "c" SUFFIX, "3");
  write_in (fixture, "a" SUFFIX, "1");
  write_in (fixture, "own" SUFFIX, "mine");
  write_in (fixture, ".hidden" SUFFIX, "temporary");
  write_in (fixture, "x.txt", "other suffix");
  write_in (fixture, SUFFIX, "only the suffix");
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);

  fixture_watch (fixture, 50);
  g_assert_true (kindred_folder_watch_get_folder (fixture->watch) == fixture->folder);
  kindred_folder_watch_ignore (fixture->watch, "own" SUFFIX);

  files = kindred_folder_watch_list (fixture->watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 2);
  {
    g_autofree char *a = g_file_get_basename (g_ptr_array_index (files, 0));
    g_autofree char *c = g_file_get_basename (g_ptr_array_index (files, 1));

    g_assert_cmpstr (a, ==, "a" SUFFIX);
    g_assert_cmpstr (c, ==, "c" SUFFIX);
  }

  /* Our own file changes, and another arrives: only the other is reported */
  write_in (fixture, "own" SUFFIX, "mine, changed");
  write_in (fixture, "other" SUFFIX, "theirs");
  kindred_folder_watch_poll (fixture->watch);
  wait_until (fixture, reported_count, GUINT_TO_POINTER (1));
  poll_and_wait (fixture);
  poll_and_wait (fixture);
  assert_reported (fixture, reported);

  /* A folder that is gone lists with an error and polls quietly */
  {
    g_autoptr(GFile) gone = g_file_new_for_path ("/nonexistent/kindred-watch");
    g_autoptr(KindredFolderWatch) watch = kindred_folder_watch_new (gone, SUFFIX, NEVER_POLL);
    g_autoptr(GPtrArray) none = kindred_folder_watch_list (watch, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_null (none);
  }
}

/* The watch lives in another thread's context: its signals arrive there, even when
 * poll() is called from elsewhere. */

typedef struct
{
  Fixture  *fixture;
  GMutex    lock;
  GCond     cond;
  KindredFolderWatch *watch;  /* set once made */
  gboolean  done;
} ThreadData;

static gpointer
watch_thread (gpointer user_data)
{
  ThreadData *td = user_data;
  Fixture *fixture = td->fixture;
  g_autoptr(GMainContext) context = g_main_context_new ();
  const char *expected[] = { "from-thread" SUFFIX, NULL };

  g_main_context_push_thread_default (context);
  fixture->thread = g_thread_self ();
  fixture_watch (fixture, 50);
  _kindred_folder_watch_disable_monitor (fixture->watch);

  g_mutex_lock (&td->lock);
  td->watch = fixture->watch;
  g_cond_signal (&td->cond);
  g_mutex_unlock (&td->lock);

  wait_until (fixture, reported_count, GUINT_TO_POINTER (1));
  assert_reported (fixture, expected);

  {
    gpointer weak = fixture->watch;

    g_object_add_weak_pointer (G_OBJECT (fixture->watch), &weak);
    g_clear_object (&fixture->watch);
    wait_until (fixture, object_gone, &weak);
  }
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_other_thread (Fixture       *fixture,
                   gconstpointer  data)
{
  ThreadData td = { .fixture = fixture };
  GThread *thread;

  g_mutex_init (&td.lock);
  g_cond_init (&td.cond);
  thread = g_thread_new ("watch", watch_thread, &td);

  g_mutex_lock (&td.lock);
  while (td.watch == NULL)
    g_cond_wait (&td.cond, &td.lock);
  g_mutex_unlock (&td.lock);

  write_in (fixture, "from-thread" SUFFIX, "hello");
  /* from this (main) thread; the scan and the signal happen in the watch's thread */
  kindred_folder_watch_poll (td.watch);

  g_thread_join (thread);
  g_mutex_clear (&td.lock);
  g_cond_clear (&td.cond);
  g_assert_null (fixture->watch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/folder-watch/events/new-and-changed", Fixture, NULL,
              fixture_set_up, test_events, fixture_tear_down);
  g_test_add ("/folder-watch/poll/without-monitor", Fixture, NULL,
              fixture_set_up, test_poll_without_monitor, fixture_tear_down);
  g_test_add ("/folder-watch/poll/environment", Fixture, NULL,
              fixture_set_up, test_poll_env, fixture_tear_down);
  g_test_add ("/folder-watch/debounce/settles", Fixture, NULL,
              fixture_set_up, test_debounce, fixture_tear_down);
  g_test_add ("/folder-watch/list/ignore", Fixture, NULL,
              fixture_set_up, test_ignore_and_list, fixture_tear_down);
  g_test_add ("/folder-watch/context/other-thread", Fixture, NULL,
              fixture_set_up, test_other_thread, fixture_tear_down);

  return g_test_run ();
}

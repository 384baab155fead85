/* kindred-bench-app.c: the app on a 50,000-entry journal, next to the floor
 *
 * Run inside build-aux/test-session.sh (Xvfb, a D-Bus session and an unlocked
 * gnome-keyring), by build-aux/bench.sh:
 *   kindred-bench-app --app <build>/app/kindred --floor <build>/tests/bench/kindred-bench-floor
 * Makes the journal as the app would on first launch (KindredJournal in keyring
 * mode, in a temporary XDG_DATA_HOME) and fills it with the benchmark's synthetic
 * entries, then launches kindred and the minimal libadwaita window in turn, each
 * --launches times, and reads what they print (app/ui/kindred-bench-hooks.c and
 * kindred-bench-floor.c): the time from spawning to the first frame with the
 * journal's list on screen, and the resident memory once the window settled.
 * One more launch of kindred scrolls the whole list and reads the memory after.
 * Not a test: nothing here passes or fails on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kindred-core.h"
#include "bench-data.h"

static gboolean renderer_shown;

/* A launch that never shows its first frame (say, the hook is not wired) ends
 * here rather than hanging the run. */
#define LAUNCH_TIMEOUT "180"
#define SCROLL_TIMEOUT "1800"

typedef struct
{
  double first_paint_ms;   /* the window's first frame; < 0: not printed */
  double first_frame_ms;   /* the first with the list's rows; < 0: not printed */
  double open_hwm_mb;
  double open_rss_mb;
  double scrolled_hwm_mb;
  double scrolled_rss_mb;
} Launch;

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "kindred-bench-app: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static KindredEntry *
make_entry (BenchJournal *journal,
            BenchEntry   *e)
{
  g_autoptr(GDateTime) created_at = g_date_time_new_from_unix_utc (e->created_at);
  const char *triggers[BENCH_MAX_TRIGGERS + 1] = { NULL, };
  KindredEntry *entry;

  entry = kindred_entry_new_with_uuid (e->uuid);
  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_mood (entry, e->mood);
  kindred_entry_set_title (entry, e->title);
  kindred_entry_set_body (entry, e->body);
  for (guint i = 0; i < e->n_emotions; i++)
    kindred_entry_set_emotion (entry, e->emotions[i], e->intensities[i]);
  for (guint i = 0; i < e->n_triggers; i++)
    triggers[i] = e->triggers[i];
  kindred_entry_set_triggers (entry, triggers);
  for (guint i = 0; i < e->n_links; i++)
    kindred_entry_set_strategy (entry, journal->strategy_uuids[e->strategies[i]],
                                e->helped[i]);

  return entry;
}

/* The journal the app will find at its default place, made the app's own way. */
static void
make_journal (guint n_entries)
{
  g_autoptr(KindredJournal) journal = kindred_journal_new (NULL);
  g_autoptr(GError) error = NULL;
  BenchJournal *data = bench_journal_new (n_entries);
  KindredStore *store;

  if (!kindred_journal_open_keyring (journal, NULL, &error))
    die ("open the journal in keyring mode", error);
  store = kindred_journal_get_store (journal);

  for (guint i = 0; i < BENCH_N_STRATEGIES; i++)
    if (!kindred_store_add_strategy (store, data->strategy_uuids[i], data->strategy_names[i],
                                     data->strategy_categories[i], NULL, TRUE, &error))
      die ("add strategy", error);

  for (guint start = 0; start < data->n_entries; start += BENCH_BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = start; i < MIN (start + BENCH_BATCH, data->n_entries); i++)
        g_ptr_array_add (batch, make_entry (data, &data->entries[i]));
      if (!kindred_store_save_entries (store, batch, &error))
        die ("save entries", error);
    }

  kindred_journal_lock (journal);
  bench_journal_free (data);
}

static Launch
launch (const char *program,
        gboolean    scroll)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *launch_us = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "timeout", scroll ? SCROLL_TIMEOUT : LAUNCH_TIMEOUT, program, NULL };
  Launch result = { -1, -1, -1, -1, -1, -1 };
  int status;

  env = g_environ_unsetenv (env, "KINDRED_BENCH_SCROLL");
  if (scroll)
    env = g_environ_setenv (env, "KINDRED_BENCH_SCROLL", "1", TRUE);

  /* The clock starts here, as a person's click would start it. */
  launch_us = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  env = g_environ_setenv (env, "KINDRED_BENCH_FIRST_FRAME", launch_us, TRUE);
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, NULL, &status, &error))
    die (program, error);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      long hwm, rss;

      if (sscanf (lines[i], "first-frame-ms %lf", &result.first_frame_ms) == 1)
        continue;
      if (sscanf (lines[i], "first-paint-ms %lf", &result.first_paint_ms) == 1)
        continue;
      if (g_str_has_prefix (lines[i], "renderer ") && !renderer_shown)
        {
          printf ("INFO\tfloor\trenderer\t%s\n", lines[i] + strlen ("renderer "));
          renderer_shown = TRUE;
        }
      if (sscanf (lines[i], "memory-open-kb %ld %ld", &hwm, &rss) == 2)
        {
          result.open_hwm_mb = hwm / 1024.0;
          result.open_rss_mb = rss / 1024.0;
        }
      if (sscanf (lines[i], "memory-scrolled-kb %ld %ld", &hwm, &rss) == 2)
        {
          result.scrolled_hwm_mb = hwm / 1024.0;
          result.scrolled_rss_mb = rss / 1024.0;
        }
    }

  if (result.first_frame_ms < 0)
    fprintf (stderr, "kindred-bench-app: %s printed no first frame (exit status %d)\n",
             program, status);

  return result;
}

/* "RESULT <program> <measure> <median> <max or -> <n>": memory in MB. */
static void
report (const char *who,
        const char *measure,
        Launch     *launches,
        guint       n,
        gsize       offset,
        gboolean    is_time)
{
  g_autofree double *values = g_new0 (double, MAX (n, 1));
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      double v = G_STRUCT_MEMBER (double, &launches[i], offset);

      if (v >= 0)
        values[m++] = v;
    }
  if (m == 0)
    {
      printf ("INFO\t%s\tmissing\t%s\n", who, measure);
      return;
    }

  if (is_time)
    bench_report (who, measure, values, m, FALSE);
  else
    {
      double median = bench_median (values, m);

      printf ("RESULT\t%s\t%s\t%.1f\t%.1f\t%u\n", who, measure, median,
              bench_percentile (values, m, 1.0), m);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *app = NULL;
  const char *floor_program = NULL;
  guint n_entries = BENCH_N_ENTRIES;
  guint launches = 10;
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree Launch *app_runs = NULL;
  g_autofree Launch *floor_runs = NULL;
  Launch scrolled;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--app") && i + 1 < argc)
        app = argv[++i];
      else if (g_str_equal (argv[i], "--floor") && i + 1 < argc)
        floor_program = argv[++i];
      else if (g_str_equal (argv[i], "--entries") && i + 1 < argc)
        n_entries = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--launches") && i + 1 < argc)
        launches = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else
        {
          fprintf (stderr, "usage: %s --app PATH --floor PATH [--entries N] [--launches N]\n",
                   argv[0]);
          return 2;
        }
    }
  launches = MAX (launches, 1);
  if (app == NULL || floor_program == NULL)
    {
      fprintf (stderr, "%s: --app and --floor are needed\n", argv[0]);
      return 2;
    }

  /* Before anything asks GLib for the user data dir (it is read once). */
  data_home = g_dir_make_tmp ("kindred-bench-app-XXXXXX", &error);
  if (data_home == NULL)
    die ("temporary folder", error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  fprintf (stderr, "kindred-bench-app: making the journal (%u entries)…\n", n_entries);
  make_journal (n_entries);
  printf ("INFO\tapp\tentries\t%u\n", n_entries);

  /* Once each, not counted: the first launch after a build also fills the
   * caches of the system (fonts, icons, shaders) that every later one finds. */
  launch (floor_program, FALSE);
  launch (app, FALSE);

  /* Turn about, so both see the same machine. */
  app_runs = g_new0 (Launch, launches);
  floor_runs = g_new0 (Launch, launches);
  for (guint i = 0; i < launches; i++)
    {
      floor_runs[i] = launch (floor_program, FALSE);
      app_runs[i] = launch (app, FALSE);
      fprintf (stderr, "kindred-bench-app: launch %u: floor %.0f ms, kindred %.0f ms\n",
               i + 1, floor_runs[i].first_frame_ms, app_runs[i].first_frame_ms);
    }
  scrolled = launch (app, TRUE);

  report ("floor", "first-frame", floor_runs, launches,
          G_STRUCT_OFFSET (Launch, first_frame_ms), TRUE);
  report ("app", "first-frame", app_runs, launches,
          G_STRUCT_OFFSET (Launch, first_frame_ms), TRUE);
  report ("app", "first-paint", app_runs, launches,
          G_STRUCT_OFFSET (Launch, first_paint_ms), TRUE);
  report ("floor", "mem-open-hwm", floor_runs, launches,
          G_STRUCT_OFFSET (Launch, open_hwm_mb), FALSE);
  report ("floor", "mem-open-rss", floor_runs, launches,
          G_STRUCT_OFFSET (Launch, open_rss_mb), FALSE);
  report ("app", "mem-open-hwm", app_runs, launches,
          G_STRUCT_OFFSET (Launch, open_hwm_mb), FALSE);
  report ("app", "mem-open-rss", app_runs, launches,
          G_STRUCT_OFFSET (Launch, open_rss_mb), FALSE);
  report ("app", "mem-scrolled-hwm", &scrolled, 1,
          G_STRUCT_OFFSET (Launch, scrolled_hwm_mb), FALSE);
  report ("app", "mem-scrolled-rss", &scrolled, 1,
          G_STRUCT_OFFSET (Launch, scrolled_rss_mb), FALSE);

  {
    g_autofree char *dir = g_build_filename (data_home, "kindred", NULL);
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
    g_rmdir (data_home);
  }

  return 0;
}

/* test-insights-view.c: the Insights view and its charts under Xvfb, on a real
 * encrypted journal with known entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kindred-application.h"
#include "kindred-insights-view.h"
#include "kindred-mood-chart.h"
#include "kindred-rank-list.h"
#include "kindred-year-grid.h"

typedef struct
{
  char                *dir;
  KindredStore        *store;
  char                *walk_uuid;
  GtkWidget           *window;
  KindredInsightsView *view;
} Fixture;

static gboolean can_run;

#define SPIN_UNTIL(cond) \
  G_STMT_START { while (!(cond)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static void
flush_events (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GDateTime *
days_ago (int days,
          int hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (now),
                                                    g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now),
                                                    hour, 0, 0);

  return g_date_time_add_days (day, -days);
}

static void
add_entry (Fixture    *fixture,
           int         days,
           int         mood,
           const char *emotion,
           const char *trigger,
           int         helped)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GDateTime) created_at = days_ago (days, 10);
  g_autoptr(GError) error = NULL;

  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_mood (entry, mood);
  kindred_entry_set_body (entry, "private words");
  if (emotion != NULL)
    kindred_entry_set_emotion (entry, emotion, 3);
  if (trigger != NULL)
    kindred_entry_add_trigger (entry, trigger);
  if (helped >= 0)
    kindred_entry_set_strategy (entry, fixture->walk_uuid, helped);
  g_assert_true (kindred_store_save_entry (fixture->store, entry, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
wait_loaded (KindredInsightsView *view)
{
  SPIN_UNTIL (!kindred_insights_view_is_loading (view));
  flush_events ();
}

/* @data: "known" for the journal below, NULL for an empty one.
 * Today mood 4 (Calm, work, Walk helped 3), yesterday mood 2 (Anxious, work), the day
 * before mood 3. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredStrategy) strategy = NULL;
  g_autofree char *path = NULL;

  if (!can_run)
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->dir = g_dir_make_tmp ("kindred-test-insights-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  key = kindred_key_new_random ();
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);

  strategy = kindred_strategy_new ();
  kindred_strategy_set_name (strategy, "Walk");
  g_assert_true (kindred_store_save_strategy (fixture->store, strategy, &error));
  fixture->walk_uuid = g_strdup (kindred_strategy_get_uuid (strategy));

  if (g_strcmp0 (data, "known") == 0)
    {
      add_entry (fixture, 0, 4, "calm", "work", 3);
      add_entry (fixture, 1, 2, "anxious", "work", -1);
      add_entry (fixture, 2, 3, NULL, NULL, -1);
    }
  flush_events ();

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 900);
  fixture->view = KINDRED_INSIGHTS_VIEW (kindred_insights_view_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  kindred_insights_view_set_store (fixture->view, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_loaded (fixture->view);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!can_run)
    return;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  flush_events ();
  kindred_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->walk_uuid);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
assert_label_shown (Fixture    *fixture,
                    const char *text)
{
  GtkWidget *label = find_label (GTK_WIDGET (fixture->view), text);

  if (label == NULL)
    g_error ("no label “%s”", text);
  g_assert_true (gtk_widget_is_drawable (label));
}

/* Renders @widget as it is on screen and checks that it drew something: some
 * pixel differs from the first one (the background). */
static void
assert_renders (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride;
  gboolean differs = FALSE;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * height && !differs; i += 4)
    differs = memcmp (pixels, pixels + i, 4) != 0;
  g_assert_true (differs);
}

static void
check_renders_at (Fixture *fixture,
                  int      width,
                  gboolean dark)
{
  GtkWidget *chart, *grid;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  /* A new window of that size (a mapped window without a window manager keeps
   * its size), the same view in it. */
  g_object_ref (fixture->view);
  gtk_window_set_child (GTK_WINDOW (fixture->window), NULL);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 900);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  g_object_unref (fixture->view);
  gtk_window_present (GTK_WINDOW (fixture->window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)) &&
              gtk_widget_get_width (GTK_WIDGET (fixture->view)) > 0);
  flush_events ();
  g_assert_cmpint (gtk_widget_get_width (fixture->window), ==, width);

  chart = find_widget (GTK_WIDGET (fixture->view), KINDRED_TYPE_MOOD_CHART);
  grid = find_widget (GTK_WIDGET (fixture->view), KINDRED_TYPE_YEAR_GRID);
  g_assert_nonnull (chart);
  g_assert_nonnull (grid);

  /* No sideways scrolling: everything fits the window's width. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), <=, width);
  g_assert_cmpint (gtk_widget_get_width (chart), <=, width);
  g_assert_cmpint (gtk_widget_get_width (grid), <=, width);

  assert_renders (chart);
  assert_renders (grid);
  assert_renders (GTK_WIDGET (fixture->view));
}

static void
test_insights_view_render (Fixture       *fixture,
                           gconstpointer  data)
{
  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  check_renders_at (fixture, 800, FALSE);
  check_renders_at (fixture, 360, FALSE);
  check_renders_at (fixture, 800, TRUE);
  check_renders_at (fixture, 360, TRUE);

  /* Every period draws too, "all" included. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "insights.period", "s", "all");
  wait_loaded (fixture->view);
  check_renders_at (fixture, 360, TRUE);
}

static void
test_insights_view_summaries (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GDateTime) first = days_ago (2, 10);
  g_autoptr(GDateTime) today = days_ago (0, 10);
  g_autofree char *emotions = NULL;
  GtkWidget *helps;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  g_assert_cmpstr (kindred_insights_view_get_period (fixture->view), ==, "30");
  /* Moods 4, 2 and 3; nothing in the 30 days before. */
  assert_label_shown (fixture, "Mood averaged 3.0 in the last 30 days.");
  g_assert_cmpuint (kindred_mood_chart_get_n_days (KINDRED_MOOD_CHART (
    find_widget (GTK_WIDGET (fixture->view), KINDRED_TYPE_MOOD_CHART))), ==, 30);

  /* A tie between the three moods: the better one is named. */
  if (g_date_time_get_year (first) == g_date_time_get_year (today))
    {
      g_autofree char *year = NULL;

      year = g_strdup_printf ("In %d you noted a mood on 3 days, most often “Good”.",
                              g_date_time_get_year (today));
      assert_label_shown (fixture, year);
    }

  assert_label_shown (fixture, "“Walk” helped most: “Quite a bit” on average.");
  helps = find_widget (GTK_WIDGET (fixture->view), KINDRED_TYPE_RANK_LIST);
  g_assert_cmpuint (kindred_rank_list_get_n_rows (KINDRED_RANK_LIST (helps)), ==, 1);
  assert_label_shown (fixture, "Used 1 time. On days you used it, mood averaged 4.0, "
                               "against 2.5 on other days.");

  /* Anxious and Calm once each: the name decides. */
  emotions = g_strdup_printf ("The emotion you noted most: “%s”. The trigger you noted "
                              "most: “work”.", kindred_emotion_get_label ("anxious"));
  assert_label_shown (fixture, emotions);
  assert_label_shown (fixture, "50% of the entries with this trigger had a low mood.");

  /* All entries, through the period buttons' action. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "insights.period", "s", "all");
  g_assert_cmpstr (kindred_insights_view_get_period (fixture->view), ==, "all");
  wait_loaded (fixture->view);
  assert_label_shown (fixture, "Mood averaged 3.0 over 3 entries.");

  /* A new entry reloads the view (after a short pause). */
  add_entry (fixture, 0, 5, NULL, NULL, -1);
  SPIN_UNTIL (kindred_insights_view_is_loading (fixture->view));
  wait_loaded (fixture->view);
  assert_label_shown (fixture, "Mood averaged 3.5 over 4 entries.");

  /* Locking forgets what was shown. */
  kindred_insights_view_set_store (fixture->view, NULL);
  flush_events ();
  g_assert_null (find_label (GTK_WIDGET (fixture->view), "Used 1 time. On days you used it, "
                             "mood averaged 4.0, against 2.5 on other days."));
}

static void
test_insights_view_year (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  g_assert_cmpint (kindred_insights_view_get_year (fixture->view), ==, year);
  /* No years after this one. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "insights.year-next", NULL);
  g_assert_cmpint (kindred_insights_view_get_year (fixture->view), ==, year);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "insights.year-previous", NULL);
  g_assert_cmpint (kindred_insights_view_get_year (fixture->view), ==, year - 1);
  wait_loaded (fixture->view);
  title = g_strdup_printf ("%d in pixels", year - 1);
  assert_label_shown (fixture, title);
  summary = g_strdup_printf ("No moods were noted in %d.", year - 1);
  assert_label_shown (fixture, summary);
  g_assert_cmpuint (kindred_year_grid_get_n_days (KINDRED_YEAR_GRID (
    find_widget (GTK_WIDGET (fixture->view), KINDRED_TYPE_YEAR_GRID))), >=, 365);
  /* Which colour is which mood */
  assert_label_shown (fixture, "Awful");
  assert_label_shown (fixture, "Great");
}

static void
test_insights_view_empty (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *status;

  if (!can_run)
    {
      g_test_skip ("needs a display (DISPLAY)");
      return;
    }

  status = find_widget (GTK_WIDGET (fixture->view), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_drawable (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "Insights will appear as you write");
  g_assert_false (gtk_widget_is_drawable (find_widget (GTK_WIDGET (fixture->view),
                                                       KINDRED_TYPE_MOOD_CHART)));
  /* And a way to start: the window's new entry */
  {
    GtkWidget *button = find_widget (status, GTK_TYPE_BUTTON);

    g_assert_nonnull (button);
    g_assert_true (gtk_widget_is_drawable (button));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Write an entry");
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.new-entry");
  }

  /* The first entry brings the charts. */
  add_entry (fixture, 0, 3, NULL, NULL, -1);
  SPIN_UNTIL (kindred_insights_view_is_loading (fixture->view));
  wait_loaded (fixture->view);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (
    find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_STACK))), ==, "content");
  assert_label_shown (fixture, "Mood averaged 3.0 in the last 30 days.");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  can_run = g_getenv ("DISPLAY") != NULL;

  if (can_run)
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
      kindred_ui_register_resources ();
      {
        g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

        gtk_css_provider_load_from_resource (css, "/io/github/kindredapp/Kindred/style.css");
        gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                    GTK_STYLE_PROVIDER (css),
                                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      }
    }
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add ("/insights-view/charts/render", Fixture, "known",
              fixture_set_up, test_insights_view_render, fixture_tear_down);
  g_test_add ("/insights-view/summaries/known", Fixture, "known",
              fixture_set_up, test_insights_view_summaries, fixture_tear_down);
  g_test_add ("/insights-view/year/navigate", Fixture, "known",
              fixture_set_up, test_insights_view_year, fixture_tear_down);
  g_test_add ("/insights-view/empty/state", Fixture, NULL,
              fixture_set_up, test_insights_view_empty, fixture_tear_down);

  return g_test_run ();
}

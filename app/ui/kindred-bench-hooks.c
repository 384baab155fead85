/* kindred-bench-hooks.c: first frame and memory figures for the benchmark
 *
 * Only active when the benchmark launches the app with KINDRED_BENCH_FIRST_FRAME;
 * a normal launch pays one getenv.  The lines go to stdout, one figure each:
 *   first-paint-ms <ms>                  (the window's first frame, whatever it shows)
 *   first-frame-ms <ms>                  (the first with rows of the list)
 *   memory-open-kb <VmHWM> <VmRSS>
 *   memory-scrolled-kb <VmHWM> <VmRSS>   (with KINDRED_BENCH_SCROLL)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-bench"

#include "config.h"

#include "kindred-bench-hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* After the first frame, long enough for the window's idle work (the rest of the
 * first page, the calendar's month, the strategies) to be done. */
#define SETTLE_MS 1500

#define SCROLL_SCREENS 4

typedef struct
{
  GtkWindow     *window;
  gint64         launch_us;     /* monotonic; 0: from /proc/self/stat */
  GdkFrameClock *clock;
  gulong         after_paint_id;
  GtkListView   *list;
  GtkAdjustment *adjustment;
  guint          still_frames;  /* frames at the end with nothing more to load */
  double         last_upper;
  gboolean       painted;
} Hooks;

/* Milliseconds since this process started, from its start time in clock ticks
 * after boot (10 ms steps): only when the launcher gave no time of its own. */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  struct timespec now;
  unsigned long long start_ticks = 0;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return -1;

  /* Field 22; the name in field 2 may hold spaces, so count after its ')'. */
  p = strrchr (stat, ')');
  for (int field = 2; p != NULL && field < 22; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p + 1, "%llu", &start_ticks) != 1)
    return -1;

  clock_gettime (CLOCK_BOOTTIME, &now);

  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK)) * 1000;
}

static double
since_launch_ms (Hooks *hooks)
{
  if (hooks->launch_us > 0)
    return (g_get_monotonic_time () - hooks->launch_us) / 1000.0;

  return ms_since_process_start ();
}

static void
print_memory (const char *what)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;
  long hwm = -1, rss = -1;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      lines = g_strsplit (status, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          sscanf (lines[i], "VmHWM: %ld", &hwm);
          sscanf (lines[i], "VmRSS: %ld", &rss);
        }
    }

  printf ("%s %ld %ld\n", what, hwm, rss);
  fflush (stdout);
}

static void
quit (Hooks *hooks)
{
  GApplication *app = g_application_get_default ();

  if (hooks->after_paint_id != 0)
    g_clear_signal_handler (&hooks->after_paint_id, hooks->clock);
  if (app != NULL)
    g_application_quit (app);
  else
    gtk_window_destroy (hooks->window);
}

/* The journal's list: the first list view on screen with a row on screen. */
static GtkListView *
find_list (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;

  if (GTK_IS_LIST_VIEW (widget))
    {
      for (GtkWidget *row = gtk_widget_get_first_child (widget);
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (gtk_widget_get_mapped (row))
          return GTK_LIST_VIEW (widget);
      return NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *list = find_list (child);

      if (list != NULL)
        return list;
    }

  return NULL;
}

/* A few screens further on each frame: every page of the model (64 rows, more
 * than SCROLL_SCREENS screens hold) is fetched and rows are bound all the way
 * down, in a few minutes even at 50,000 entries; done when the end stays the
 * end. */
static void
scroll_after_paint_cb (GdkFrameClock *clock,
                       Hooks         *hooks)
{
  double value = gtk_adjustment_get_value (hooks->adjustment);
  double page = gtk_adjustment_get_page_size (hooks->adjustment);
  double upper = gtk_adjustment_get_upper (hooks->adjustment);

  if (value + page >= upper - 1 && upper == hooks->last_upper)
    {
      if (++hooks->still_frames >= 3)
        {
          print_memory ("memory-scrolled-kb");
          quit (hooks);
          return;
        }
    }
  else
    hooks->still_frames = 0;

  hooks->last_upper = upper;
  gtk_adjustment_set_value (hooks->adjustment,
                            MIN (value + SCROLL_SCREENS * page, upper - page));
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static gboolean
settled_cb (gpointer data)
{
  Hooks *hooks = data;
  GtkWidget *scroller;

  print_memory ("memory-open-kb");

  scroller = gtk_widget_get_ancestor (GTK_WIDGET (hooks->list), GTK_TYPE_SCROLLED_WINDOW);
  if (g_getenv ("KINDRED_BENCH_SCROLL") == NULL || scroller == NULL)
    {
      quit (hooks);
      return G_SOURCE_REMOVE;
    }

  hooks->adjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  hooks->after_paint_id = g_signal_connect (hooks->clock, "after-paint",
                                            G_CALLBACK (scroll_after_paint_cb), hooks);
  gdk_frame_clock_request_phase (hooks->clock, GDK_FRAME_CLOCK_PHASE_PAINT);

  return G_SOURCE_REMOVE;
}

static void
first_after_paint_cb (GdkFrameClock *clock,
                      Hooks         *hooks)
{
  /* The window's very first frame (a loading page, say), to tell the cost of
   * the window from the cost of opening the journal. */
  if (!hooks->painted)
    {
      hooks->painted = TRUE;
      printf ("first-paint-ms %.1f\n", since_launch_ms (hooks));
      fflush (stdout);
    }

  hooks->list = find_list (GTK_WIDGET (hooks->window));
  /* Not yet: the frame that maps the rows comes by itself, and asking for more
   * frames here would slow down the launch being measured. */
  if (hooks->list == NULL)
    return;

  printf ("first-frame-ms %.1f\n", since_launch_ms (hooks));
  fflush (stdout);

  g_clear_signal_handler (&hooks->after_paint_id, clock);
  g_timeout_add (SETTLE_MS, settled_cb, hooks);
}

static void
realize_cb (GtkWidget *widget,
            Hooks     *hooks)
{
  hooks->clock = gtk_widget_get_frame_clock (widget);
  hooks->after_paint_id = g_signal_connect (hooks->clock, "after-paint",
                                            G_CALLBACK (first_after_paint_cb), hooks);
}

void
kindred_bench_hooks_install (GtkWindow *window)
{
  const char *launch = g_getenv ("KINDRED_BENCH_FIRST_FRAME");
  Hooks *hooks;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (launch == NULL)
    return;

  hooks = g_new0 (Hooks, 1);
  hooks->window = window;
  hooks->launch_us = g_ascii_strtoll (launch, NULL, 10);
  /* Lives as long as the window: the process ends with it. */
  g_object_set_data_full (G_OBJECT (window), "kindred-bench-hooks", hooks, g_free);

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window), hooks);
  else
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), hooks);
}

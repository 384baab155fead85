/* kindred-bench-floor.c: the floor for the app's launch and memory figures
 *
 * The smallest libadwaita app: an AdwApplicationWindow with a label, the same
 * size as Kindred's window.  kindred-bench-app launches it next to kindred in
 * the same run, so the app's first frame and memory can be read against what
 * GTK and libadwaita cost on this machine by themselves.  Prints the same lines
 * as app/ui/kindred-bench-hooks.c:
 *   first-frame-ms <ms since the launch time in KINDRED_BENCH_FIRST_FRAME>
 *   memory-open-kb <VmHWM> <VmRSS>
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <stdio.h>

#define SETTLE_MS 1500   /* as in kindred-bench-hooks.c */

static gint64 launch_us;
static gulong after_paint_id;

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

static gboolean
settled_cb (gpointer data)
{
  print_memory ("memory-open-kb");
  g_application_quit (G_APPLICATION (data));

  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *label)
{
  if (!gtk_widget_get_mapped (label))
    return;

  printf ("first-frame-ms %.1f\n", (g_get_monotonic_time () - launch_us) / 1000.0);
  /* Which of GTK's renderers this machine gave (GL or cairo): the floor depends
   * on it. */
  printf ("renderer %s\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (gtk_widget_get_native (label))));
  fflush (stdout);
  g_clear_signal_handler (&after_paint_id, clock);
  g_timeout_add (SETTLE_MS, settled_cb, g_application_get_default ());
}

static void
realize_cb (GtkWidget *window,
            GtkWidget *label)
{
  after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                     G_CALLBACK (after_paint_cb), label);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *label = gtk_label_new ("Kindred");

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), label);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 680);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), label);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;
  const char *launch = g_getenv ("KINDRED_BENCH_FIRST_FRAME");

  launch_us = launch != NULL ? g_ascii_strtoll (launch, NULL, 10) : 0;
  if (launch_us <= 0)
    launch_us = g_get_monotonic_time ();

  app = adw_application_new ("io.github.kindredapp.KindredBenchFloor",
                             G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}

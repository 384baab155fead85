/* test-report.c: the report PDF on a real encrypted journal with known entries,
 * read back with poppler-utils (pdfinfo, pdftotext), and the Insights view's
 * "Save report as PDF…" action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kindred-application.h"
#include "kindred-insights-view.h"
#include "kindred-report-pdf.h"

#define PRIVATE_WORDS "The walk by the river was quiet today"

typedef struct
{
  char         *dir;
  KindredStore *store;
  char         *strategy_uuid;
  GDateTime    *from;
  GDateTime    *to;
} Fixture;

static gboolean have_display;

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
           int         hour,
           int         mood,
           const char *emotion,
           const char *trigger,
           int         helped,
           const char *title,
           const char *body)
{
  g_autoptr(KindredEntry) entry = kindred_entry_new ();
  g_autoptr(GDateTime) created_at = days_ago (days, hour);
  g_autoptr(GError) error = NULL;

  kindred_entry_set_created_at (entry, created_at);
  kindred_entry_set_mood (entry, mood);
  kindred_entry_set_title (entry, title);
  kindred_entry_set_body (entry, body);
  if (emotion != NULL)
    kindred_entry_set_emotion (entry, emotion, 3);
  if (trigger != NULL)
    kindred_entry_add_trigger (entry, trigger);
  if (helped >= 0)
    kindred_entry_set_strategy (entry, fixture->strategy_uuid, helped);
  g_assert_true (kindred_store_save_entry (fixture->store, entry, &error));
  g_assert_no_error (error);
}

/* Today mood 4 (calm, "deadlines", Box breathing helped 3, the private words),
 * yesterday mood 2 (anxious, "deadlines", Box breathing helped 2), the day before
 * mood 3; one entry 40 days ago, outside the last 30 days. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autoptr(KindredStrategy) strategy = kindred_strategy_new ();
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-test-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  kindred_strategy_set_name (strategy, "Box breathing");
  g_assert_true (kindred_store_save_strategy (fixture->store, strategy, &error));
  g_assert_no_error (error);
  fixture->strategy_uuid = g_strdup (kindred_strategy_get_uuid (strategy));

  add_entry (fixture, 0, 10, 4, "calm", "deadlines", 3, "A calmer day", PRIVATE_WORDS);
  add_entry (fixture, 1, 10, 2, "anxious", "deadlines", 2, NULL, "A hard morning at work");
  add_entry (fixture, 2, 10, 3, NULL, NULL, -1, NULL, "Nothing special");
  add_entry (fixture, 40, 10, 1, NULL, "an old worry", -1, NULL, "Long ago");

  /* The Insights view's "last 30 days": whole local days, today included. */
  {
    g_autoptr(GDateTime) today = days_ago (0, 0);

    fixture->to = g_date_time_add_days (today, 1);
    fixture->from = g_date_time_add_days (fixture->to, -30);
  }
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
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  kindred_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->from, g_date_time_unref);
  g_clear_pointer (&fixture->to, g_date_time_unref);
  g_clear_pointer (&fixture->strategy_uuid, g_free);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static guint
count_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *pages;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("pdfinfo failed: %s", err);

  pages = strstr (out, "\nPages:");
  g_assert_nonnull (pages);

  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

/* pdftotext's words with every run of white space made one space. */
static char *
squeeze (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t\f", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }

  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("pdftotext failed: %s", err);

  return squeeze (out);
}

static char *
write_report (Fixture    *fixture,
              const char *name,
              gboolean    include_entries)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) made = g_date_time_new_now_local ();
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (kindred_report_pdf_write (fixture->store, path, made, fixture->from,
                                           fixture->to, include_entries, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  return path;
}

static char *
format_day (GDateTime *day)
{
  g_autofree char *text = g_date_time_format (day, "%e %B %Y");

  return g_strdup (g_strstrip (text));
}

static void
test_report_pdf_summary (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = write_report (fixture, "summary.pdf", FALSE);
  g_autofree char *text = pdf_text (path);
  g_autoptr(GDateTime) made = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last = g_date_time_add_days (fixture->to, -1);
  g_autofree char *made_day = format_day (made);
  g_autofree char *from_day = format_day (fixture->from);
  g_autofree char *last_day = format_day (last);
  g_autofree char *made_line = NULL;
  g_autofree char *period = NULL;
  GStatBuf st;

  g_assert_cmpuint (count_pages (path), ==, 1);

  made_line = g_strdup_printf ("Made by you from your private journal in Kindred on %s. "
                               "It holds only what you chose to include.", made_day);
  g_assert_nonnull (strstr (text, made_line));
  period = g_strdup_printf ("Period: %s to %s", from_day, last_day);
  g_assert_nonnull (strstr (text, period));
  /* Two uses in the period; the one 40 days ago is not in it. */
  g_assert_nonnull (strstr (text, "Box breathing: used 2 times"));
  g_assert_nonnull (strstr (text, "deadlines: 2 times"));
  g_assert_null (strstr (text, "an old worry"));
  g_assert_nonnull (strstr (text, "Page 1"));
  /* No entry's text unless asked for. */
  g_assert_null (strstr (text, PRIVATE_WORDS));
  g_assert_null (strstr (text, "A hard morning at work"));

  /* Not encrypted: only its owner may read it. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_report_pdf_entries (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = write_report (fixture, "entries.pdf", TRUE);
  g_autofree char *text = pdf_text (path);
  const char *first, *second;

  /* The summary on page 1, the entries from page 2. */
  g_assert_cmpuint (count_pages (path), ==, 2);
  g_assert_nonnull (strstr (text, "Made by you from your private journal in Kindred on"));
  g_assert_nonnull (strstr (text, "Box breathing: used 2 times"));
  /* Date, mood word, title, text; oldest first. */
  g_assert_nonnull (strstr (text, "A calmer day"));
  first = strstr (text, "A hard morning at work");
  second = strstr (text, PRIVATE_WORDS);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (first < second);
  g_assert_nonnull (strstr (text, "· Good"));
  g_assert_nonnull (strstr (text, "Page 2"));
  g_assert_null (strstr (text, "Long ago"));
}

static void
test_report_pdf_long (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary_path = NULL;

  /* Forty long entries: each a few hundred words, so one alone runs over part of a
   * page and the whole takes many. */
  for (int i = 0; i < 40; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);

      for (int j = 0; j < 60; j++)
        g_string_append_printf (body, "Sentence %d of a long day, written slowly. ", j);
      if (i == 39)
        g_string_append (body, "This is how the last entry ends.");
      add_entry (fixture, 3 + i % 20, 8 + i / 20, 3, NULL, NULL, -1, NULL, body->str);
    }

  summary_path = write_report (fixture, "long-summary.pdf", FALSE);
  g_assert_cmpuint (count_pages (summary_path), ==, 1);

  path = write_report (fixture, "long.pdf", TRUE);
  g_assert_cmpuint (count_pages (path), >=, 10);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "This is how the last entry ends."));
  g_assert_nonnull (strstr (text, PRIVATE_WORDS));
  g_assert_nonnull (strstr (text, "Page 10"));
}

static void
test_report_pdf_empty (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) made = g_date_time_new_now_local ();
  g_autoptr(GDateTime) to = g_date_time_add_days (fixture->from, -60);
  g_autoptr(GDateTime) from = g_date_time_add_days (to, -30);
  g_autofree char *path = g_build_filename (fixture->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;

  /* A period with nothing in it still makes a gentle, one-page report. */
  g_assert_true (kindred_report_pdf_write (fixture->store, path, made, from, to, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_pages (path), ==, 1);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "No strategies were noted in this period."));
  g_assert_nonnull (strstr (text, "There are no entries in this period."));
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
test_report_view_action (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *view;
  GtkWidget *button;
  AdwMessageDialog *dialog;
  GtkWidget *check;

  if (!have_display)
    {
      g_test_skip ("No display");
      return;
    }

  window = gtk_window_new ();
  view = kindred_insights_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  button = find_action_button (view, "insights.save-report");
  g_assert_nonnull (button);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (gtk_widget_get_sensitive (button));

  kindred_insights_view_set_store (KINDRED_INSIGHTS_VIEW (view), fixture->store);
  while (kindred_insights_view_is_loading (KINDRED_INSIGHTS_VIEW (view)))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_true (gtk_widget_get_sensitive (button));

  /* The dialog asks first: entries are left out unless chosen. */
  g_assert_true (gtk_widget_activate_action (view, "insights.save-report", NULL));
  while (g_main_context_iteration (NULL, FALSE));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "not encrypted"));
  check = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");
  while (g_main_context_iteration (NULL, FALSE));

  /* A locked journal: nothing to report. */
  kindred_insights_view_set_store (KINDRED_INSIGHTS_VIEW (view), NULL);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      have_display = gtk_init_check ();
      if (have_display)
        {
          adw_init ();
          kindred_ui_register_resources ();
        }
    }

  g_test_add ("/report/pdf/summary", Fixture, NULL,
              fixture_set_up, test_report_pdf_summary, fixture_tear_down);
  g_test_add ("/report/pdf/entries", Fixture, NULL,
              fixture_set_up, test_report_pdf_entries, fixture_tear_down);
  g_test_add ("/report/pdf/long-entries", Fixture, NULL,
              fixture_set_up, test_report_pdf_long, fixture_tear_down);
  g_test_add ("/report/pdf/empty-period", Fixture, NULL,
              fixture_set_up, test_report_pdf_empty, fixture_tear_down);
  g_test_add ("/report/view/action", Fixture, NULL,
              fixture_set_up, test_report_view_action, fixture_tear_down);

  return g_test_run ();
}

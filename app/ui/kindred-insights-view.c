/* kindred-insights-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-insights-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kindred-insights-view.h"
#include "kindred-insights-colors.h"
#include "kindred-directory-row.h"
#include "kindred-mood.h"
#include "kindred-mood-chart.h"
#include "kindred-rank-list.h"
#include "kindred-report-pdf.h"
#include "kindred-strategy-picker.h"
#include "kindred-year-grid.h"

/* Saves come in bursts (autosave, an import): wait for a quiet moment. */
#define RELOAD_DELAY_MS  400
#define MOVING_DAYS      7
#define TOP_LIMIT        5

struct _KindredInsightsView
{
  GtkWidget         parent_instance;

  GtkStack         *stack;
  KindredMoodChart *mood_chart;
  GtkLabel         *mood_summary;
  GtkLabel         *year_title;
  KindredYearGrid  *year_grid;
  GtkFlowBox       *year_legend;
  GtkLabel         *year_summary;
  GtkLabel         *helps_summary;
  KindredRankList  *helps_list;
  GtkLabel         *emotions_summary;
  KindredRankList  *emotions_list;
  KindredRankList  *triggers_list;
  KindredRankList  *low_list;
  GtkWidget        *low_empty;

  KindredStore     *store;
  char             *period;
  int               year;
  guint             reload_id;
  GCancellable     *cancellable;   /* the load in flight */
  gboolean          loading;

  GtkFileChooserNative *chooser;   /* the report's save dialog */
  gboolean              report_entries;
  gboolean              saving_report;
};

G_DEFINE_FINAL_TYPE (KindredInsightsView, kindred_insights_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STORE, PROP_PERIOD, PROP_YEAR, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* What one load reads, on a worker: the store's lock keeps it apart from saves. */
typedef struct
{
  KindredStore *store;
  GDateTime    *from;     /* NULL: all */
  GDateTime    *to;       /* NULL: all */
  int           year;

  guint         n_entries;
  GArray       *series;
  char         *mood_summary;
  GArray       *year_days;
  GPtrArray    *helps;
  GPtrArray    *emotions;
  GPtrArray    *triggers;
  GPtrArray    *low;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_clear_object (&load->store);
  g_clear_pointer (&load->from, g_date_time_unref);
  g_clear_pointer (&load->to, g_date_time_unref);
  g_clear_pointer (&load->series, g_array_unref);
  g_clear_pointer (&load->mood_summary, g_free);
  g_clear_pointer (&load->year_days, g_array_unref);
  g_clear_pointer (&load->helps, g_ptr_array_unref);
  g_clear_pointer (&load->emotions, g_ptr_array_unref);
  g_clear_pointer (&load->triggers, g_ptr_array_unref);
  g_clear_pointer (&load->low, g_ptr_array_unref);
  g_free (load);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;

  /* Aggregates over a year or more take tens of milliseconds on a big journal:
   * never on the main thread. */
  load->n_entries = kindred_store_count_entries (load->store, &error);
  if (error == NULL && load->n_entries > 0)
    {
      if ((load->series = kindred_insights_mood_series (load->store, load->from, load->to,
                                                        MOVING_DAYS, &error)) == NULL ||
          (load->mood_summary = kindred_insights_summary (load->store, load->from, load->to,
                                                          &error)) == NULL ||
          (load->year_days = kindred_insights_year_pixels (load->store, load->year,
                                                           &error)) == NULL ||
          (load->helps = kindred_insights_what_helps (load->store, load->from, load->to,
                                                      &error)) == NULL ||
          (load->emotions = kindred_insights_top_emotions (load->store, load->from, load->to,
                                                           TOP_LIMIT, &error)) == NULL ||
          (load->triggers = kindred_insights_top_triggers (load->store, load->from, load->to,
                                                           TOP_LIMIT, &error)) == NULL ||
          (load->low = kindred_insights_low_mood_triggers (load->store, load->from, load->to,
                                                           TOP_LIMIT, &error)) == NULL)
        g_assert (error != NULL);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_loading (KindredInsightsView *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
format_mood (double mood)
{
  return g_strdup_printf ("%.1f", mood);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA color;

  kindred_insights_mood_color (GPOINTER_TO_INT (user_data), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

/* Which colour is which mood: the grid alone does not say */
static void
fill_year_legend (KindredInsightsView *self)
{
  for (int mood = 1; mood <= 5; mood++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *swatch = gtk_drawing_area_new ();
      GtkWidget *label = gtk_label_new (kindred_mood_get_label (mood));
      GtkWidget *child;

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      GINT_TO_POINTER (mood), NULL);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      /* The label says it; the colour is for the eye only */
      gtk_accessible_update_state (GTK_ACCESSIBLE (swatch), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (item), swatch);
      gtk_box_append (GTK_BOX (item), label);
      gtk_flow_box_append (self->year_legend, item);
      /* A legend, not a list to move through */
      child = gtk_widget_get_parent (item);
      gtk_widget_set_focusable (child, FALSE);
    }
}

static void
show_year (KindredInsightsView *self,
           GArray              *days)
{
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  guint per_mood[6] = { 0 };
  guint n_days = 0;
  int most = 0;

  /* Translators: the heading of the year in pixels, e.g. "2026 in pixels" */
  title = g_strdup_printf (_("%d in pixels"), self->year);
  gtk_label_set_label (self->year_title, title);
  kindred_year_grid_set_days (self->year_grid, days);

  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      const KindredDayMood *day = &g_array_index (days, KindredDayMood, i);

      if (day->average <= 0)
        continue;
      n_days++;
      per_mood[CLAMP (lround (day->average), 1, 5)]++;
    }
  for (int mood = 1; mood <= 5; mood++)
    if (per_mood[mood] > 0 && (most == 0 || per_mood[mood] >= per_mood[most]))
      most = mood;

  if (n_days == 0)
    summary = g_strdup_printf (_("No moods were noted in %d."), self->year);
  else
    summary = g_strdup_printf (ngettext ("In %d you noted a mood on %u day, most often “%s”.",
                                         "In %d you noted a mood on %u days, most often “%s”.",
                                         n_days),
                               self->year, n_days, kindred_mood_get_label (most));
  gtk_label_set_label (self->year_summary, summary);
  kindred_year_grid_set_summary (self->year_grid, summary);
}

static void
show_helps (KindredInsightsView *self,
            GPtrArray           *helps)
{
  kindred_rank_list_clear (self->helps_list);

  if (helps == NULL || helps->len == 0)
    {
      gtk_label_set_label (self->helps_summary,
                           _("No strategies were noted in this period. When you note what "
                             "you tried, you will see here what helped."));
      return;
    }

  for (guint i = 0; i < helps->len; i++)
    {
      KindredInsightsStrategy *s = g_ptr_array_index (helps, i);
      g_autofree char *uses = NULL;
      g_autofree char *detail = NULL;

      uses = g_strdup_printf (ngettext ("Used %u time.", "Used %u times.", s->uses), s->uses);
      if (s->has_comparison)
        {
          g_autofree char *with = format_mood (s->mood_with);
          g_autofree char *without = format_mood (s->mood_without);
          g_autofree char *compare = NULL;

          compare = g_strdup_printf (_("On days you used it, mood averaged %s, against %s on "
                                       "other days."), with, without);
          /* Translators: two sentences after each other */
          detail = g_strdup_printf (_("%s %s"), uses, compare);
        }
      else
        {
          detail = g_steal_pointer (&uses);
        }

      kindred_rank_list_append (self->helps_list, s->name,
                                kindred_strategy_picker_helped_label ((int) lround (s->average_helped)),
                                s->average_helped / 4.0, detail);
    }

  {
    KindredInsightsStrategy *best = g_ptr_array_index (helps, 0);
    g_autofree char *summary = NULL;

    summary = g_strdup_printf (_("“%s” helped most: “%s” on average."), best->name,
                               kindred_strategy_picker_helped_label ((int) lround (best->average_helped)));
    gtk_label_set_label (self->helps_summary, summary);
  }
}

static const char *
emotion_label (const char *id)
{
  const char *label = kindred_emotion_get_label (id);

  return label != NULL ? label : id;
}

static void
fill_counts (KindredRankList *list,
             GPtrArray       *counts,
             gboolean         emotions,
             gboolean         low)
{
  guint max = 1;

  kindred_rank_list_clear (list);
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    max = MAX (max, ((KindredInsightsCount *) g_ptr_array_index (counts, i))->count);

  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      KindredInsightsCount *c = g_ptr_array_index (counts, i);
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;

      value = g_strdup_printf (ngettext ("%u time", "%u times", c->count), c->count);
      if (low)
        detail = g_strdup_printf (_("%d%% of the entries with this trigger had a low mood."),
                                  (int) lround (c->share * 100));
      kindred_rank_list_append (list, emotions ? emotion_label (c->name) : c->name, value,
                                low ? c->share : (double) c->count / max, detail);
    }
}

static void
show_counts (KindredInsightsView *self,
             GPtrArray           *emotions,
             GPtrArray           *triggers,
             GPtrArray           *low)
{
  g_autoptr(GString) summary = g_string_new (NULL);

  fill_counts (self->emotions_list, emotions, TRUE, FALSE);
  fill_counts (self->triggers_list, triggers, FALSE, FALSE);
  fill_counts (self->low_list, low, FALSE, TRUE);
  gtk_widget_set_visible (self->low_empty, low == NULL || low->len == 0);

  if (emotions != NULL && emotions->len > 0)
    g_string_append_printf (summary, _("The emotion you noted most: “%s”."),
                            emotion_label (((KindredInsightsCount *) g_ptr_array_index (emotions, 0))->name));
  if (triggers != NULL && triggers->len > 0)
    {
      if (summary->len > 0)
        g_string_append_c (summary, ' ');
      g_string_append_printf (summary, _("The trigger you noted most: “%s”."),
                              ((KindredInsightsCount *) g_ptr_array_index (triggers, 0))->name);
    }
  if (summary->len == 0)
    g_string_append (summary, _("No emotions or triggers were noted in this period."));
  gtk_label_set_label (self->emotions_summary, summary->str);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (source);
  GTask *task = G_TASK (result);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* A locked journal: the window shows the unlock page anyway. */
          g_debug ("Insights not loaded: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }
  /* A newer load replaced this one. */
  if (g_task_get_cancellable (task) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (load->n_entries == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      kindred_mood_chart_set_series (self->mood_chart, NULL);
      kindred_year_grid_set_days (self->year_grid, NULL);
      return;
    }

  kindred_mood_chart_set_series (self->mood_chart, load->series);
  gtk_label_set_label (self->mood_summary, load->mood_summary);
  kindred_mood_chart_set_summary (self->mood_chart, load->mood_summary);
  show_year (self, load->year_days);
  show_helps (self, load->helps);
  show_counts (self, load->emotions, load->triggers, load->low);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

/* The chosen period as [from, to): NULL both for "all". */
static void
get_period_range (KindredInsightsView  *self,
                  GDateTime           **from,
                  GDateTime           **to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  int days;

  *from = *to = NULL;
  if (g_strcmp0 (self->period, "all") == 0)
    return;

  /* Whole local days, today included. */
  days = (int) g_ascii_strtoll (self->period, NULL, 10);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  *to = g_date_time_add_days (today, 1);
  *from = g_date_time_add_days (*to, -MAX (days, 1));
}

static void
reload (KindredInsightsView *self)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  load = g_new0 (Load, 1);
  load->store = g_object_ref (self->store);
  load->year = self->year;
  get_period_range (self, &load->from, &load->to);

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, load, load_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_worker);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  KindredInsightsView *self = user_data;

  self->reload_id = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

static void
queue_reload (KindredInsightsView *self)
{
  set_loading (self, TRUE);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
store_changed_cb (KindredInsightsView *self)
{
  queue_reload (self);
}

static void
update_actions (KindredInsightsView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.year-next",
                                 self->year < g_date_time_get_year (now));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.year-previous", self->year > 1970);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.save-report",
                                 self->store != NULL && !self->saving_report);
}

/* The report, written on a worker: reading a long period and laying out many
 * entries takes a while. */
typedef struct
{
  KindredStore *store;
  char         *path;
  GDateTime    *from;
  GDateTime    *to;
  gboolean      include_entries;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_clear_object (&report->store);
  g_clear_pointer (&report->path, g_free);
  g_clear_pointer (&report->from, g_date_time_unref);
  g_clear_pointer (&report->to, g_date_time_unref);
  g_free (report);
}

static void
report_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Report *report = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GError *error = NULL;

  if (kindred_report_pdf_write (report->store, report->path, now, report->from, report->to,
                                report->include_entries, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_error_dialog (KindredInsightsView *self,
                   const char          *heading,
                   const char          *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
report_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (source);
  g_autoptr(GError) error = NULL;

  self->saving_report = FALSE;
  update_actions (self);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    kindred_show_toast (GTK_WIDGET (self), _("Your report was saved as a PDF"));
  else
    show_error_dialog (self, _("The Report Could Not Be Saved"), error->message);
}

static void
report_chooser_response_cb (GtkNativeDialog     *chooser,
                            int                  response,
                            KindredInsightsView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  Report *report;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL || self->store == NULL)
    return;
  if (g_file_peek_path (file) == NULL)
    {
      show_error_dialog (self, _("The Report Could Not Be Saved"),
                         _("Please choose a folder on this computer."));
      return;
    }

  report = g_new0 (Report, 1);
  report->store = g_object_ref (self->store);
  report->path = g_file_get_path (file);
  report->include_entries = self->report_entries;
  get_period_range (self, &report->from, &report->to);

  self->saving_report = TRUE;
  update_actions (self);
  task = g_task_new (self, NULL, report_saved_cb, NULL);
  g_task_set_source_tag (task, report_chooser_response_cb);
  g_task_set_task_data (task, report, report_free);
  g_task_run_in_thread (task, report_worker);
}

static void
report_dialog_response_cb (AdwMessageDialog    *dialog,
                           const char          *response,
                           KindredInsightsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "save") != 0 || self->chooser != NULL)
    return;

  self->report_entries =
    gtk_check_button_get_active (GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog)));

  self->chooser = gtk_file_chooser_native_new (_("Save Your Report"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* Translators: the suggested file name of the saved report; %s is a date */
  name = g_strdup_printf (_("Journal report %s.pdf"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (report_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *check;
  const char *period;
  g_autofree char *body = NULL;

  if (self->store == NULL || self->chooser != NULL)
    return;

  if (g_strcmp0 (self->period, "365") == 0)
    period = _("the last year");
  else if (g_strcmp0 (self->period, "90") == 0)
    period = _("the last 90 days");
  else if (g_strcmp0 (self->period, "all") == 0)
    period = _("all your entries");
  else
    period = _("the last 30 days");

  /* Translators: %s is a period, e.g. "the last 30 days" */
  body = g_strdup_printf (_("The report sums up %s: your moods, what helped, and frequent "
                            "emotions and triggers. The PDF is not encrypted: anyone who has "
                            "the file can read it, so keep it somewhere safe."), period);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Save a Report as PDF"), body);
  check = gtk_check_button_new_with_label (_("Include the text of entries from this period"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), check);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Choose Where to Save…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (report_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
year_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (widget);

  kindred_insights_view_set_year (self, self->year - 1);
}

static void
year_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (widget);

  kindred_insights_view_set_year (self, self->year + 1);
}

static void
kindred_insights_view_dispose (GObject *object)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_INSIGHTS_VIEW);

  G_OBJECT_CLASS (kindred_insights_view_parent_class)->dispose (object);
}

static void
kindred_insights_view_finalize (GObject *object)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (object);

  g_clear_pointer (&self->period, g_free);

  G_OBJECT_CLASS (kindred_insights_view_parent_class)->finalize (object);
}

static void
kindred_insights_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_insights_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KindredInsightsView *self = KINDRED_INSIGHTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kindred_insights_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_PERIOD:
      kindred_insights_view_set_period (self, g_value_get_string (value));
      break;
    case PROP_YEAR:
      kindred_insights_view_set_year (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_insights_view_class_init (KindredInsightsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_insights_view_dispose;
  object_class->finalize = kindred_insights_view_finalize;
  object_class->get_property = kindred_insights_view_get_property;
  object_class->set_property = kindred_insights_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KINDRED_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, "30",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 1, 9998, 2000,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KINDRED_TYPE_MOOD_CHART);
  g_type_ensure (KINDRED_TYPE_YEAR_GRID);
  g_type_ensure (KINDRED_TYPE_RANK_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-insights-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, mood_chart);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, mood_summary);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, year_title);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, year_grid);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, year_legend);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, year_summary);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, helps_summary);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, helps_list);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, emotions_summary);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, emotions_list);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, triggers_list);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, low_list);
  gtk_widget_class_bind_template_child (widget_class, KindredInsightsView, low_empty);

  gtk_widget_class_install_property_action (widget_class, "insights.period", "period");
  gtk_widget_class_install_action (widget_class, "insights.year-previous", NULL,
                                   year_previous_action);
  gtk_widget_class_install_action (widget_class, "insights.year-next", NULL, year_next_action);
  gtk_widget_class_install_action (widget_class, "insights.save-report", NULL,
                                   save_report_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "insightsview");
}

static void
kindred_insights_view_init (KindredInsightsView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->period = g_strdup ("30");
  self->year = g_date_time_get_year (now);

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_year_legend (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

GtkWidget *
kindred_insights_view_new (void)
{
  return g_object_new (KINDRED_TYPE_INSIGHTS_VIEW, NULL);
}

void
kindred_insights_view_set_store (KindredInsightsView *self,
                                 KindredStore        *store)
{
  g_return_if_fail (KINDRED_IS_INSIGHTS_VIEW (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_swapped (store, "entry-changed", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (store, "entries-reset", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (store, "strategies-changed", G_CALLBACK (store_changed_cb), self);
    }

  /* Nothing of a locked journal stays on screen. */
  kindred_mood_chart_set_series (self->mood_chart, NULL);
  kindred_year_grid_set_days (self->year_grid, NULL);
  kindred_rank_list_clear (self->helps_list);
  kindred_rank_list_clear (self->emotions_list);
  kindred_rank_list_clear (self->triggers_list);
  kindred_rank_list_clear (self->low_list);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  update_actions (self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KindredStore *
kindred_insights_view_get_store (KindredInsightsView *self)
{
  g_return_val_if_fail (KINDRED_IS_INSIGHTS_VIEW (self), NULL);

  return self->store;
}

void
kindred_insights_view_set_period (KindredInsightsView *self,
                                  const char          *period)
{
  g_return_if_fail (KINDRED_IS_INSIGHTS_VIEW (self));

  if (period == NULL ||
      (g_strcmp0 (period, "30") != 0 && g_strcmp0 (period, "90") != 0 &&
       g_strcmp0 (period, "365") != 0 && g_strcmp0 (period, "all") != 0))
    period = "30";
  if (g_strcmp0 (self->period, period) == 0)
    return;

  g_free (self->period);
  self->period = g_strdup (period);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

const char *
kindred_insights_view_get_period (KindredInsightsView *self)
{
  g_return_val_if_fail (KINDRED_IS_INSIGHTS_VIEW (self), NULL);

  return self->period;
}

void
kindred_insights_view_set_year (KindredInsightsView *self,
                                int                  year)
{
  g_return_if_fail (KINDRED_IS_INSIGHTS_VIEW (self));
  g_return_if_fail (year >= 1 && year < 9999);

  if (self->year == year)
    return;

  self->year = year;
  update_actions (self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

int
kindred_insights_view_get_year (KindredInsightsView *self)
{
  g_return_val_if_fail (KINDRED_IS_INSIGHTS_VIEW (self), 0);

  return self->year;
}

gboolean
kindred_insights_view_is_loading (KindredInsightsView *self)
{
  g_return_val_if_fail (KINDRED_IS_INSIGHTS_VIEW (self), FALSE);

  return self->loading;
}

/* kindred-calendar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-calendar"

#include "config.h"

#include <math.h>
#ifdef __GLIBC__
#include <langinfo.h>
#endif

#include <glib/gi18n.h>

#include "kindred-calendar.h"
#include "kindred-mood.h"

#define N_CELLS 42

struct _KindredCalendar
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *prev_button;
  GtkWidget    *next_button;
  GtkLabel     *title;
  GtkGrid      *grid;
  GtkWidget    *weekday_labels[7];
  GtkWidget    *cells[N_CELLS];
  char         *cell_classes[N_CELLS];

  int           year;
  int           month;
  int           first_weekday;   /* the preference: -1 = from the locale */
  int           selected_year;
  int           selected_month;
  int           selected_day;
  /* The one day Tab reaches (a roving tab stop): arrows move it */
  int           focus_day;

  /* The month shown, by day (1–31) */
  double        averages[32];
  guint         counts[32];

  KindredStore *store;
  GSettings    *settings;
  guint         reload_id;
};

G_DEFINE_FINAL_TYPE (KindredCalendar, kindred_calendar, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_YEAR, PROP_MONTH, PROP_FIRST_WEEKDAY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { DAY_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* As GtkCalendar does it: glibc knows the first weekday of each locale */
static int
locale_first_weekday (void)
{
#ifdef __GLIBC__
  union { unsigned int word; char *string; } langinfo;
  int week_1stday = 0;
  int first_weekday;
  guint week_origin;

  langinfo.string = nl_langinfo (_NL_TIME_FIRST_WEEKDAY);
  first_weekday = langinfo.string[0];
  langinfo.string = nl_langinfo (_NL_TIME_WEEK_1STDAY);
  week_origin = langinfo.word;
  if (week_origin == 19971130)       /* a Sunday */
    week_1stday = 0;
  else if (week_origin == 19971201)  /* a Monday */
    week_1stday = 1;

  return ((week_1stday + first_weekday - 1) % 7 + 7) % 7;
#else
  return 1;
#endif
}

static int
days_in_month (int year,
               int month)
{
  return g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

/* 0 = Sunday … 6 = Saturday */
static int
weekday_of (int year,
            int month,
            int day)
{
  g_autoptr(GDate) date = g_date_new_dmy ((GDateDay) day, (GDateMonth) month,
                                          (GDateYear) year);

  return g_date_get_weekday (date) % 7;
}

static int
first_cell (KindredCalendar *self)
{
  return (weekday_of (self->year, self->month, 1) -
          kindred_calendar_get_first_weekday (self) + 7) % 7;
}

static char *
describe_day (KindredCalendar *self,
              int              day)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (self->year, self->month, day, 12, 0, 0);
  /* Translators: a calendar day as a screen reader says it, see strftime(3) */
  g_autofree char *name = g_date_time_format (date, _("%A %-d %B"));
  guint count = self->counts[day];
  const char *mood;

  if (count == 0)
    /* Translators: "Tuesday 3 March, no entries" */
    return g_strdup_printf (_("%s, no entries"), name);

  mood = kindred_mood_get_label ((int) lround (self->averages[day]));
  if (mood == NULL)
    /* Translators: "Tuesday 3 March, 2 entries" */
    return g_strdup_printf (ngettext ("%s, %u entry", "%s, %u entries", count), name, count);

  /* Translators: "Tuesday 3 March, 2 entries, mood around Good" */
  return g_strdup_printf (ngettext ("%s, %u entry, mood around %s",
                                    "%s, %u entries, mood around %s", count),
                          name, count, mood);
}

static void
update_cells (KindredCalendar *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = g_date_time_new_local (self->year, self->month, 1, 0, 0, 0);
  /* Translators: the month a calendar shows, see strftime(3); %OB is the month's name
   * on its own (not "of March") */
  g_autofree char *title = g_date_time_format (first, _("%OB %Y"));
  int offset = first_cell (self);
  int n_days = days_in_month (self->year, self->month);
  int first_weekday = kindred_calendar_get_first_weekday (self);

  gtk_label_set_label (self->title, title);

  /* Tab lands on the chosen day, else today, else the 1st; never on 31 buttons */
  if (self->selected_year == self->year && self->selected_month == self->month)
    self->focus_day = self->selected_day;
  else if (self->focus_day < 1 || self->focus_day > n_days)
    {
      if (g_date_time_get_year (now) == self->year && g_date_time_get_month (now) == self->month)
        self->focus_day = g_date_time_get_day_of_month (now);
      else
        self->focus_day = 1;
    }

  for (int i = 0; i < 7; i++)
    {
      /* 1 January 2023 was a Sunday */
      g_autoptr(GDateTime) weekday = g_date_time_new_local (2023, 1, 1 + (first_weekday + i) % 7,
                                                            12, 0, 0);
      /* Translators: a weekday's short name over a calendar column, see strftime(3) */
      g_autofree char *short_name = g_date_time_format (weekday, _("%a"));
      g_autofree char *long_name = g_date_time_format (weekday, "%A");

      gtk_label_set_label (GTK_LABEL (self->weekday_labels[i]), short_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->weekday_labels[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, long_name,
                                      -1);
    }

  for (int i = 0; i < N_CELLS; i++)
    {
      GtkWidget *cell = self->cells[i];
      int day = i - offset + 1;
      g_autofree char *number = NULL;
      g_autofree char *label = NULL;
      const char *mood_class = NULL;

      if (self->cell_classes[i] != NULL)
        {
          gtk_widget_remove_css_class (cell, self->cell_classes[i]);
          g_clear_pointer (&self->cell_classes[i], g_free);
        }
      gtk_widget_remove_css_class (cell, "today");
      gtk_widget_remove_css_class (cell, "selected");

      if (day < 1 || day > n_days)
        {
          /* Keeps its place in the grid, so every month has the same shape */
          g_object_set_data (G_OBJECT (cell), "day", GINT_TO_POINTER (0));
          gtk_widget_set_child_visible (cell, FALSE);
          gtk_widget_set_focusable (cell, FALSE);
          continue;
        }

      g_object_set_data (G_OBJECT (cell), "day", GINT_TO_POINTER (day));
      gtk_widget_set_child_visible (cell, TRUE);
      gtk_widget_set_focusable (cell, day == self->focus_day);

      number = g_strdup_printf ("%d", day);
      gtk_button_set_label (GTK_BUTTON (cell), number);

      if (self->counts[day] > 0)
        {
          mood_class = kindred_mood_get_css_class ((int) lround (self->averages[day]));
          self->cell_classes[i] = g_strdup (mood_class != NULL ? mood_class : "no-mood");
          gtk_widget_add_css_class (cell, self->cell_classes[i]);
        }

      if (g_date_time_get_year (now) == self->year &&
          g_date_time_get_month (now) == self->month &&
          g_date_time_get_day_of_month (now) == day)
        gtk_widget_add_css_class (cell, "today");

      if (self->selected_year == self->year && self->selected_month == self->month &&
          self->selected_day == day)
        gtk_widget_add_css_class (cell, "selected");

      label = describe_day (self, day);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
}

static void
load_moods (KindredCalendar *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;

  memset (self->averages, 0, sizeof self->averages);
  memset (self->counts, 0, sizeof self->counts);

  if (self->store == NULL || !kindred_store_is_open (self->store))
    return;

  from = g_date_time_new_local (self->year, self->month, 1, 0, 0, 0);
  to = g_date_time_add_months (from, 1);
  days = kindred_store_get_day_moods (self->store, from, to, &error);
  if (days == NULL)
    {
      /* The month stays plain; the list still works */
      g_debug ("Could not read the month’s moods: %s", error->message);
      return;
    }

  for (guint i = 0; i < days->len; i++)
    {
      KindredDayMood *day = &g_array_index (days, KindredDayMood, i);

      if (day->year != self->year || day->month != self->month || day->day < 1 || day->day > 31)
        continue;

      self->averages[day->day] = day->average;
      self->counts[day->day] = day->count;
    }
}

static void
focused_date (KindredCalendar *self,
              GDate           *date)
{
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->grid));
  int day = focus != NULL ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (focus), "day")) : 0;

  if (day == 0)
    day = 1;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) self->month, (GDateYear) self->year);
}

static void
move_to (KindredCalendar *self,
         GDate           *date)
{
  int year = g_date_get_year (date);
  int month = g_date_get_month (date);

  if (year != self->year || month != self->month)
    kindred_calendar_set_month (self, year, month);

  kindred_calendar_focus_day (self, g_date_get_day (date));
}

static gboolean
key_pressed_cb (KindredCalendar       *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  g_autoptr(GDate) date = g_date_new ();
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int days = 0;
  int months = 0;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      days = rtl ? 1 : -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      days = rtl ? -1 : 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      days = -7;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      days = 7;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      months = -1;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      months = 1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  focused_date (self, date);
  if (days > 0)
    g_date_add_days (date, days);
  else if (days < 0)
    g_date_subtract_days (date, -days);
  else if (months > 0)
    g_date_add_months (date, months);
  else
    g_date_subtract_months (date, -months);

  move_to (self, date);

  return GDK_EVENT_STOP;
}

static void
day_clicked_cb (KindredCalendar *self,
                GtkButton       *button)
{
  int day = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "day"));

  if (day > 0)
    kindred_calendar_select_day (self, self->year, self->month, day);
}

static void
previous_clicked_cb (KindredCalendar *self)
{
  if (self->month == 1)
    kindred_calendar_set_month (self, self->year - 1, 12);
  else
    kindred_calendar_set_month (self, self->year, self->month - 1);
}

static void
next_clicked_cb (KindredCalendar *self)
{
  if (self->month == 12)
    kindred_calendar_set_month (self, self->year + 1, 1);
  else
    kindred_calendar_set_month (self, self->year, self->month + 1);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  KindredCalendar *self = user_data;

  self->reload_id = 0;
  kindred_calendar_reload (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (KindredCalendar *self)
{
  /* An autosave changes one entry at a time: one re-read for a burst of them */
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
settings_changed_cb (KindredCalendar *self)
{
  kindred_calendar_set_first_weekday (self, g_settings_get_int (self->settings,
                                                                "first-weekday"));
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");

  return button;
}

static void
build (KindredCalendar *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *legend;
  GtkEventController *keys;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->box, "journal-calendar");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->prev_button = new_icon_button ("go-previous-symbolic", _("Previous month"));
  self->next_button = new_icon_button ("go-next-symbolic", _("Next month"));
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-4");
  gtk_box_append (GTK_BOX (header), self->prev_button);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), self->next_button);
  gtk_box_append (GTK_BOX (self->box), header);
  g_signal_connect_swapped (self->prev_button, "clicked", G_CALLBACK (previous_clicked_cb), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_grid_set_row_homogeneous (self->grid, FALSE);
  gtk_grid_set_column_spacing (self->grid, 4);
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Days of the month"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->grid));

  for (int i = 0; i < 7; i++)
    {
      self->weekday_labels[i] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->weekday_labels[i], "weekday");
      gtk_widget_add_css_class (self->weekday_labels[i], "dim-label");
      gtk_widget_add_css_class (self->weekday_labels[i], "caption-heading");
      gtk_label_set_ellipsize (GTK_LABEL (self->weekday_labels[i]), PANGO_ELLIPSIZE_END);
      gtk_grid_attach (self->grid, self->weekday_labels[i], i, 0, 1, 1);
    }

  for (int i = 0; i < N_CELLS; i++)
    {
      self->cells[i] = gtk_button_new ();
      gtk_widget_add_css_class (self->cells[i], "calendar-day");
      gtk_widget_add_css_class (self->cells[i], "flat");
      gtk_widget_add_css_class (self->cells[i], "numeric");
      /* Round, however wide the columns grow */
      gtk_widget_set_halign (self->cells[i], GTK_ALIGN_CENTER);
      g_signal_connect_swapped (self->cells[i], "clicked", G_CALLBACK (day_clicked_cb), self);
      gtk_grid_attach (self->grid, self->cells[i], i % 7, 1 + i / 7, 1, 1);
    }

  /* What the colours mean, in words (each day's accessible label says it too) */
  legend = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_halign (legend, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (legend, "calendar-legend");
  for (int mood = KINDRED_MOOD_MIN; mood <= KINDRED_MOOD_MAX; mood++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label = gtk_label_new (kindred_mood_get_label (mood));

      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (swatch, "calendar-swatch");
      gtk_widget_add_css_class (swatch, kindred_mood_get_css_class (mood));
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (item), swatch);
      gtk_box_append (GTK_BOX (item), label);
      gtk_box_append (GTK_BOX (legend), item);
    }
  gtk_box_append (GTK_BOX (self->box), legend);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->grid), keys);
}

static void
kindred_calendar_dispose (GObject *object)
{
  KindredCalendar *self = KINDRED_CALENDAR (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  kindred_calendar_set_store (self, NULL);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (kindred_calendar_parent_class)->dispose (object);
}

static void
kindred_calendar_finalize (GObject *object)
{
  KindredCalendar *self = KINDRED_CALENDAR (object);

  for (int i = 0; i < N_CELLS; i++)
    g_free (self->cell_classes[i]);

  G_OBJECT_CLASS (kindred_calendar_parent_class)->finalize (object);
}

static void
kindred_calendar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KindredCalendar *self = KINDRED_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    case PROP_MONTH:
      g_value_set_int (value, self->month);
      break;
    case PROP_FIRST_WEEKDAY:
      g_value_set_int (value, self->first_weekday);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_calendar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KindredCalendar *self = KINDRED_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_YEAR:
      kindred_calendar_set_month (self, g_value_get_int (value), self->month);
      break;
    case PROP_MONTH:
      kindred_calendar_set_month (self, self->year, g_value_get_int (value));
      break;
    case PROP_FIRST_WEEKDAY:
      kindred_calendar_set_first_weekday (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_calendar_class_init (KindredCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_calendar_dispose;
  object_class->finalize = kindred_calendar_finalize;
  object_class->get_property = kindred_calendar_get_property;
  object_class->set_property = kindred_calendar_set_property;

  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 1, 9999, 2000,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MONTH] =
    g_param_spec_int ("month", NULL, NULL, 1, 12, 1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FIRST_WEEKDAY] =
    g_param_spec_int ("first-weekday", NULL, NULL, -1, 6, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DAY_SELECTED] =
    g_signal_new ("day-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredcalendar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kindred_calendar_init (KindredCalendar *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->first_weekday = -1;
  self->year = g_date_time_get_year (now);
  self->month = g_date_time_get_month (now);

  build (self);

  /* Run uninstalled from a build folder there may be no schema: the locale decides */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "first-weekday"))
    {
      self->settings = g_settings_new (APP_ID);
      g_signal_connect_object (self->settings, "changed::first-weekday",
                               G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
      self->first_weekday = g_settings_get_int (self->settings, "first-weekday");
    }

  update_cells (self);
}

GtkWidget *
kindred_calendar_new (void)
{
  return g_object_new (KINDRED_TYPE_CALENDAR, NULL);
}

void
kindred_calendar_set_store (KindredCalendar *self,
                            KindredStore    *store)
{
  g_return_if_fail (KINDRED_IS_CALENDAR (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (self->store != NULL)
    {
      g_signal_connect_swapped (self->store, "entry-changed",
                                G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (self->store, "entries-reset",
                                G_CALLBACK (store_changed_cb), self);
    }

  self->selected_year = self->selected_month = self->selected_day = 0;
  kindred_calendar_reload (self);
}

void
kindred_calendar_set_month (KindredCalendar *self,
                            int              year,
                            int              month)
{
  g_return_if_fail (KINDRED_IS_CALENDAR (self));
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (year >= 1 && year <= 9999);

  if (self->year == year && self->month == month)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->year != year)
    {
      self->year = year;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
    }
  if (self->month != month)
    {
      self->month = month;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);
    }
  self->focus_day = MIN (self->focus_day, days_in_month (year, month));
  kindred_calendar_reload (self);
  g_object_thaw_notify (G_OBJECT (self));
}

int
kindred_calendar_get_year (KindredCalendar *self)
{
  g_return_val_if_fail (KINDRED_IS_CALENDAR (self), 0);

  return self->year;
}

int
kindred_calendar_get_month (KindredCalendar *self)
{
  g_return_val_if_fail (KINDRED_IS_CALENDAR (self), 0);

  return self->month;
}

void
kindred_calendar_set_first_weekday (KindredCalendar *self,
                                    int              first_weekday)
{
  g_return_if_fail (KINDRED_IS_CALENDAR (self));
  g_return_if_fail (first_weekday >= -1 && first_weekday <= 6);

  if (self->first_weekday == first_weekday)
    return;

  self->first_weekday = first_weekday;
  update_cells (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_WEEKDAY]);
}

int
kindred_calendar_get_first_weekday (KindredCalendar *self)
{
  g_return_val_if_fail (KINDRED_IS_CALENDAR (self), 0);

  if (self->first_weekday < 0)
    return locale_first_weekday ();

  return self->first_weekday;
}

void
kindred_calendar_reload (KindredCalendar *self)
{
  g_return_if_fail (KINDRED_IS_CALENDAR (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  load_moods (self);
  update_cells (self);
}

void
kindred_calendar_select_day (KindredCalendar *self,
                             int              year,
                             int              month,
                             int              day)
{
  g_return_if_fail (KINDRED_IS_CALENDAR (self));
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (day >= 1 && day <= days_in_month (year, month));

  self->selected_year = year;
  self->selected_month = month;
  self->selected_day = day;

  if (self->year != year || self->month != month)
    kindred_calendar_set_month (self, year, month);
  else
    update_cells (self);

  g_signal_emit (self, signals[DAY_SELECTED], 0, year, month, day);
}

void
kindred_calendar_focus_day (KindredCalendar *self,
                            int              day)
{
  GtkWidget *button;

  g_return_if_fail (KINDRED_IS_CALENDAR (self));

  button = kindred_calendar_get_day_button (self, day);
  if (button == NULL)
    return;

  if (self->focus_day != day)
    {
      GtkWidget *old = kindred_calendar_get_day_button (self, self->focus_day);

      if (old != NULL)
        gtk_widget_set_focusable (old, FALSE);
      self->focus_day = day;
    }
  gtk_widget_set_focusable (button, TRUE);
  gtk_widget_grab_focus (button);
}

GtkWidget *
kindred_calendar_get_day_button (KindredCalendar *self,
                                 int              day)
{
  int cell;

  g_return_val_if_fail (KINDRED_IS_CALENDAR (self), NULL);

  if (day < 1 || day > days_in_month (self->year, self->month))
    return NULL;

  cell = first_cell (self) + day - 1;

  return self->cells[cell];
}

GtkWidget *
kindred_calendar_lookup_widget (KindredCalendar *self,
                                const char      *name)
{
  g_return_val_if_fail (KINDRED_IS_CALENDAR (self), NULL);

  if (g_strcmp0 (name, "previous") == 0)
    return self->prev_button;
  if (g_strcmp0 (name, "next") == 0)
    return self->next_button;
  if (g_strcmp0 (name, "title") == 0)
    return GTK_WIDGET (self->title);

  return NULL;
}

/* kindred-journal-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-journal-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kindred-calendar.h"
#include "kindred-entry-row.h"
#include "kindred-filter-popover.h"
#include "kindred-journal-view.h"

struct _KindredJournalView
{
  GtkWidget             parent_instance;

  /* template */
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *write_first_button;
  AdwLeaflet           *leaflet;
  GtkWidget            *list_pane;
  GtkWidget            *toolbar;
  GtkToggleButton      *list_toggle;
  GtkToggleButton      *calendar_toggle;
  GtkToggleButton      *search_button;
  GtkMenuButton        *filter_button;
  GtkLabel             *filter_count_label;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *chips_revealer;
  GtkWidget            *day_chip;
  GtkLabel             *day_chip_label;
  GtkLabel             *chips_label;
  GtkWidget            *clear_filters_button;
  GtkStack             *content_stack;
  GtkWidget            *list_scroller;
  GtkListView          *list_view;
  AdwStatusPage        *no_results_page;
  GtkWidget            *no_results_clear_button;
  KindredCalendar      *calendar;
  GtkStack             *editor_stack;
  GtkWidget            *editor_bar;
  GtkWidget            *back_button;
  GtkWidget            *done_button;
  KindredEntryEditor   *editor;

  KindredFilterPopover *filter_popover;

  KindredStore         *store;
  KindredEntryList     *entries;
  KindredEntryFilter   *filter;
  /* uuid → name of every strategy (archived ones too: old entries name them) */
  GHashTable           *strategy_names;

  gboolean              editing;
  gboolean              show_calendar;
};

G_DEFINE_FINAL_TYPE (KindredJournalView, kindred_journal_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_EDITING,
  PROP_SEARCH_MODE,
  PROP_SHOW_CALENDAR,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void foreach_row (KindredJournalView *self,
                         GtkWidget          *widget,
                         gboolean            refresh);

static void
update_actions (KindredJournalView *self)
{
  gboolean open = self->store != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.new-entry", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.close-editor", self->editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.search", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.clear-filters",
                                 kindred_entry_filter_count_conditions (self->filter) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.clear-all",
                                 !kindred_entry_filter_is_empty (self->filter));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journal.clear-day",
                                 kindred_entry_filter_get_from (self->filter) != 0 ||
                                 kindred_entry_filter_get_to (self->filter) != 0);
}

static void
update_view (KindredJournalView *self)
{
  guint n_items = 0;
  gboolean filtered = !kindred_entry_filter_is_empty (self->filter);
  const char *content;

  if (self->entries != NULL)
    n_items = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  /* The welcome only for a journal that is truly empty and not being written in */
  if (self->store == NULL || (!self->editing && !filtered && n_items == 0))
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "browse");

  if (self->show_calendar)
    content = "calendar";
  else if (n_items > 0)
    content = "list";
  else if (filtered)
    content = "no-results";
  else
    content = "nothing";
  gtk_stack_set_visible_child_name (self->content_stack, content);

  gtk_stack_set_visible_child_name (self->editor_stack, self->editing ? "editor" : "placeholder");
  adw_leaflet_set_visible_child (self->leaflet,
                                 self->editing ? GTK_WIDGET (self->editor_stack) : self->list_pane);

  foreach_row (self, GTK_WIDGET (self->list_view), FALSE);

  /* Narrow, the editor covers the list and needs a way back; wide, Done is enough */
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));

  update_actions (self);
}

/* The local day [from, to) spans, when the filter's dates are exactly one day */
static gboolean
filter_is_one_day (KindredEntryFilter *filter,
                   GDateTime         **day_out)
{
  gint64 from = kindred_entry_filter_get_from (filter);
  gint64 to = kindred_entry_filter_get_to (filter);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) next = NULL;

  if (from == 0 || to == 0)
    return FALSE;

  utc = g_date_time_new_from_unix_utc (from / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  if (g_date_time_get_hour (local) != 0 || g_date_time_get_minute (local) != 0 ||
      g_date_time_get_second (local) != 0)
    return FALSE;

  next = g_date_time_add_days (local, 1);
  if (g_date_time_to_unix (next) * G_USEC_PER_SEC != to)
    return FALSE;

  if (day_out != NULL)
    *day_out = g_steal_pointer (&local);

  return TRUE;
}

static void
update_filter_ui (KindredJournalView *self)
{
  guint n = kindred_entry_filter_count_conditions (self->filter);
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *count = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *summary = NULL;
  gboolean one_day = filter_is_one_day (self->filter, &day);

  count = g_strdup_printf ("%u", n);
  gtk_label_set_label (self->filter_count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_count_label), n > 0);
  if (n > 0)
    /* Translators: the filter button's accessible name, e.g. "Filters, 2 on" */
    accessible = g_strdup_printf (ngettext ("Filters, %u on", "Filters, %u on", n), n);
  else
    accessible = g_strdup (_("Filters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  gtk_widget_set_visible (self->day_chip, one_day);
  if (one_day)
    {
      /* Translators: the day chosen in the calendar, on a chip that clears it */
      g_autofree char *label = g_date_time_format (day, _("%-d %B"));
      /* Translators: the accessible name of the chip, e.g. "Show all days, not only 3 March" */
      g_autofree char *chip_name = g_strdup_printf (_("Show all days, not only %s"), label);

      gtk_label_set_label (self->day_chip_label, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->day_chip),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, chip_name,
                                      -1);
    }

  /* The day chip speaks for itself; other conditions are counted */
  if (n > (one_day ? 1u : 0u))
    summary = g_strdup_printf (ngettext ("%u filter on", "%u filters on", n), n);
  gtk_label_set_label (self->chips_label, summary != NULL ? summary : "");
  gtk_revealer_set_reveal_child (self->chips_revealer, n > 0);

  gtk_button_set_label (GTK_BUTTON (self->no_results_clear_button),
                        n > 0 ? _("_Clear Filters") : _("_Clear Search"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->no_results_clear_button),
                                  "journal.clear-all");
}

static void
filter_changed_cb (KindredJournalView *self)
{
  update_filter_ui (self);
  update_view (self);
}

static void
entries_changed_cb (KindredJournalView *self)
{
  update_view (self);
}

/* Whether @row shows the entry open in the editor */
static gboolean
row_is_current (KindredJournalView *self,
                KindredEntryRow    *row)
{
  KindredEntry *shown = kindred_entry_row_get_entry (row);
  KindredEntry *open = self->editing ? kindred_entry_editor_get_entry (self->editor) : NULL;

  return shown != NULL && open != NULL &&
         g_strcmp0 (kindred_entry_get_uuid (shown), kindred_entry_get_uuid (open)) == 0;
}

/* The rows the list view made (a screenful or so), wherever they sit below it */
static void
foreach_row (KindredJournalView *self,
             GtkWidget          *widget,
             gboolean            refresh)
{
  if (widget == NULL)
    return;

  if (KINDRED_IS_ENTRY_ROW (widget))
    {
      if (refresh)
        kindred_entry_row_refresh (KINDRED_ENTRY_ROW (widget));
      kindred_entry_row_set_current (KINDRED_ENTRY_ROW (widget),
                                     row_is_current (self, KINDRED_ENTRY_ROW (widget)));
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    foreach_row (self, child, refresh);
}

static void
load_strategy_names (KindredJournalView *self)
{
  g_autoptr(GPtrArray) strategies = NULL;

  g_hash_table_remove_all (self->strategy_names);

  if (self->store != NULL && kindred_store_is_open (self->store))
    strategies = kindred_store_list_strategies (self->store, TRUE, NULL);

  for (guint i = 0; strategies != NULL && i < strategies->len; i++)
    {
      KindredStrategy *strategy = g_ptr_array_index (strategies, i);

      g_hash_table_insert (self->strategy_names,
                           g_strdup (kindred_strategy_get_uuid (strategy)),
                           g_strdup (kindred_strategy_get_name (strategy)));
    }

  if (self->list_view != NULL)
    foreach_row (self, GTK_WIDGET (self->list_view), TRUE);
}

static void
update_row_previous (KindredJournalView *self,
                     GtkListItem        *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  guint position = gtk_list_item_get_position (item);
  g_autoptr(KindredEntry) previous = NULL;

  if (row == NULL || self->entries == NULL || position == GTK_INVALID_LIST_POSITION)
    return;

  /* Only the neighbour: it sits in the same cached page, or the next one */
  if (position > 0)
    previous = g_list_model_get_item (G_LIST_MODEL (self->entries), position - 1);

  kindred_entry_row_set_previous (KINDRED_ENTRY_ROW (row), previous);
}

static void
item_position_cb (GtkListItem        *item,
                  GParamSpec         *pspec,
                  KindredJournalView *self)
{
  if (gtk_list_item_get_item (item) != NULL)
    update_row_previous (self, item);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KindredJournalView       *self)
{
  GtkWidget *row = kindred_entry_row_new ();

  kindred_entry_row_set_strategy_names (KINDRED_ENTRY_ROW (row), self->strategy_names);
  gtk_list_item_set_child (item, row);
  g_signal_connect_object (item, "notify::position", G_CALLBACK (item_position_cb), self, 0);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             KindredJournalView       *self)
{
  KindredEntryRow *row = KINDRED_ENTRY_ROW (gtk_list_item_get_child (item));

  kindred_entry_row_set_entry (row, gtk_list_item_get_item (item));
  kindred_entry_row_set_highlight (row, kindred_entry_filter_get_text (self->filter));
  kindred_entry_row_set_current (row, row_is_current (self, row));
  update_row_previous (self, item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KindredJournalView       *self)
{
  kindred_entry_row_set_entry (KINDRED_ENTRY_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
list_activate_cb (KindredJournalView *self,
                  guint               position)
{
  g_autoptr(KindredEntry) entry = NULL;

  if (self->entries == NULL)
    return;

  entry = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  if (entry != NULL)
    kindred_journal_view_open_entry (self, kindred_entry_get_uuid (entry));
}

static void
search_changed_cb (KindredJournalView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* Results are a list: words typed over the calendar show them */
  if (*text != '\0' && self->show_calendar)
    kindred_journal_view_set_show_calendar (self, FALSE);

  kindred_entry_filter_set_text (self->filter, *text != '\0' ? text : NULL);
}

static void
search_mode_cb (KindredJournalView *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      /* Closing the search forgets the words, as everywhere in GNOME */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      kindred_entry_filter_set_text (self->filter, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

static void
view_toggled_cb (KindredJournalView *self)
{
  kindred_journal_view_set_show_calendar (self,
                                          gtk_toggle_button_get_active (self->calendar_toggle));
}

static void
day_selected_cb (KindredJournalView *self,
                 int                 year,
                 int                 month,
                 int                 day)
{
  g_autoptr(GDateTime) from = g_date_time_new_local (year, month, day, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_add_days (from, 1);

  g_object_freeze_notify (G_OBJECT (self->filter));
  kindred_entry_filter_set_from (self->filter, g_date_time_to_unix (from) * G_USEC_PER_SEC);
  kindred_entry_filter_set_to (self->filter, g_date_time_to_unix (to) * G_USEC_PER_SEC);
  g_object_thaw_notify (G_OBJECT (self->filter));

  kindred_journal_view_set_show_calendar (self, FALSE);
}

static void
leaflet_folded_cb (KindredJournalView *self)
{
  update_view (self);
}

static void
leaflet_child_cb (KindredJournalView *self)
{
  /* Narrow, going back (Back, a swipe, Alt+Left) is being done with the entry */
  if (adw_leaflet_get_folded (self->leaflet) && self->editing &&
      adw_leaflet_get_visible_child (self->leaflet) == self->list_pane)
    kindred_journal_view_close_editor (self);
}

static void
editor_close_requested_cb (KindredJournalView *self)
{
  kindred_journal_view_close_editor (self);
}

static void
new_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kindred_journal_view_new_entry (KINDRED_JOURNAL_VIEW (widget));
}

static void
close_editor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kindred_journal_view_close_editor (KINDRED_JOURNAL_VIEW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (widget);

  kindred_journal_view_set_search_mode (self, !kindred_journal_view_get_search_mode (self));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (widget);
  g_autofree char *text = g_strdup (kindred_entry_filter_get_text (self->filter));

  g_object_freeze_notify (G_OBJECT (self->filter));
  kindred_entry_filter_clear (self->filter);
  kindred_entry_filter_set_text (self->filter, text);
  g_object_thaw_notify (G_OBJECT (self->filter));

  gtk_popover_popdown (GTK_POPOVER (self->filter_popover));
}

static void
clear_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  kindred_entry_filter_clear (self->filter);
}

static void
clear_day_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (widget);

  g_object_freeze_notify (G_OBJECT (self->filter));
  kindred_entry_filter_set_from (self->filter, 0);
  kindred_entry_filter_set_to (self->filter, 0);
  g_object_thaw_notify (G_OBJECT (self->filter));
}

static void
kindred_journal_view_dispose (GObject *object)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (object);

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  kindred_journal_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_JOURNAL_VIEW);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (kindred_journal_view_parent_class)->dispose (object);
}

static void
kindred_journal_view_finalize (GObject *object)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (object);

  g_clear_pointer (&self->strategy_names, g_hash_table_unref);

  G_OBJECT_CLASS (kindred_journal_view_parent_class)->finalize (object);
}

static void
kindred_journal_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, kindred_journal_view_get_search_mode (self));
      break;
    case PROP_SHOW_CALENDAR:
      g_value_set_boolean (value, self->show_calendar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_journal_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KindredJournalView *self = KINDRED_JOURNAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kindred_journal_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_SEARCH_MODE:
      kindred_journal_view_set_search_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_CALENDAR:
      kindred_journal_view_set_show_calendar (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_journal_view_class_init (KindredJournalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_journal_view_dispose;
  object_class->finalize = kindred_journal_view_finalize;
  object_class->get_property = kindred_journal_view_get_property;
  object_class->set_property = kindred_journal_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KINDRED_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_EDITING] =
    g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_CALENDAR] =
    g_param_spec_boolean ("show-calendar", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KINDRED_TYPE_CALENDAR);
  g_type_ensure (KINDRED_TYPE_ENTRY_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-journal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, write_first_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, list_toggle);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, calendar_toggle);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, search_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, filter_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, filter_count_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, chips_revealer);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, day_chip);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, day_chip_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, chips_label);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, list_view);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView,
                                        no_results_clear_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, calendar);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, editor_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, back_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, done_button);
  gtk_widget_class_bind_template_child (widget_class, KindredJournalView, editor);

  gtk_widget_class_install_action (widget_class, "journal.new-entry", NULL, new_entry_action);
  gtk_widget_class_install_action (widget_class, "journal.close-editor", NULL,
                                   close_editor_action);
  gtk_widget_class_install_action (widget_class, "journal.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "journal.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "journal.clear-all", NULL, clear_all_action);
  gtk_widget_class_install_action (widget_class, "journal.clear-day", NULL, clear_day_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredjournalview");
}

static void
kindred_journal_view_init (KindredJournalView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = kindred_entry_filter_new ();
  self->strategy_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);

  self->filter_popover = KINDRED_FILTER_POPOVER (kindred_filter_popover_new ());
  kindred_filter_popover_set_filter (self->filter_popover, self->filter);
  gtk_menu_button_set_popover (self->filter_button, GTK_WIDGET (self->filter_popover));

  g_signal_connect_swapped (self->filter, "changed", G_CALLBACK (filter_changed_cb), self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, self->list_scroller);
  g_object_bind_property (self->search_button, "active",
                          self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                            G_CALLBACK (search_mode_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (search_changed_cb), self);

  g_signal_connect_swapped (self->calendar_toggle, "notify::active",
                            G_CALLBACK (view_toggled_cb), self);
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self);

  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (leaflet_folded_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child",
                            G_CALLBACK (leaflet_child_cb), self);

  /* An editor with a Done of its own ("close-requested") needs no bar of ours: two
   * rows of buttons over one entry would only crowd a narrow screen */
  if (g_signal_lookup ("close-requested", KINDRED_TYPE_ENTRY_EDITOR) != 0)
    {
      g_signal_connect_swapped (self->editor, "close-requested",
                                G_CALLBACK (editor_close_requested_cb), self);
      gtk_widget_set_visible (self->editor_bar, FALSE);
    }

  update_filter_ui (self);
  update_view (self);
}

GtkWidget *
kindred_journal_view_new (void)
{
  return g_object_new (KINDRED_TYPE_JOURNAL_VIEW, NULL);
}

void
kindred_journal_view_set_store (KindredJournalView *self,
                                KindredStore       *store)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (KINDRED_IS_JOURNAL_VIEW (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->editing)
    {
      g_autoptr(GError) error = NULL;

      /* The window flushes before it locks; this is the last chance otherwise */
      if (!kindred_entry_editor_save_now (self->editor, &error))
        g_debug ("Could not save the open entry: %s", error->message);
      kindred_entry_editor_set_entry (self->editor, NULL);
      self->editing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
    }

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->entries != NULL)
    g_signal_handlers_disconnect_by_data (self->entries, self);
  g_clear_object (&self->entries);

  g_set_object (&self->store, store);

  /* Nothing typed for one journal (or before a lock) stays on screen for the next */
  if (self->search_entry != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
    }
  kindred_entry_filter_clear (self->filter);

  if (self->editor != NULL)
    kindred_entry_editor_set_store (self->editor, store);
  if (self->calendar != NULL)
    kindred_calendar_set_store (self->calendar, store);
  if (self->filter_popover != NULL)
    kindred_filter_popover_set_store (self->filter_popover, store);

  if (store != NULL)
    {
      self->entries = kindred_entry_list_new (store);
      kindred_entry_list_set_filter (self->entries, self->filter);
      g_signal_connect_swapped (self->entries, "items-changed",
                                G_CALLBACK (entries_changed_cb), self);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

      g_signal_connect_swapped (store, "strategies-changed",
                                G_CALLBACK (load_strategy_names), self);
      g_signal_connect_swapped (store, "entries-reset",
                                G_CALLBACK (load_strategy_names), self);
    }

  if (self->strategy_names != NULL)
    load_strategy_names (self);

  if (self->stack != NULL)
    update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KindredStore *
kindred_journal_view_get_store (KindredJournalView *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), NULL);

  return self->store;
}

static void
open_in_editor (KindredJournalView *self,
                KindredEntry       *entry)
{
  kindred_entry_editor_set_entry (self->editor, entry);
  if (!self->editing)
    {
      self->editing = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
    }
  update_view (self);
}

/* Saves the entry open now before another takes its place. FALSE: it could not be
 * saved, so it stays. */
static gboolean
save_open_entry (KindredJournalView *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->editing)
    return TRUE;

  if (!kindred_entry_editor_save_now (self->editor, &error))
    {
      g_debug ("Could not save the open entry: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

void
kindred_journal_view_new_entry (KindredJournalView *self)
{
  g_autoptr(KindredEntry) entry = NULL;

  g_return_if_fail (KINDRED_IS_JOURNAL_VIEW (self));

  if (self->store == NULL)
    return;

  /* A new entry still blank is reused rather than stacked up */
  if (!self->editing || kindred_entry_editor_has_content (self->editor))
    {
      if (!save_open_entry (self))
        return;

      entry = kindred_entry_new ();
      open_in_editor (self, entry);
    }
  else
    update_view (self);

  kindred_entry_editor_focus_text (self->editor);
}

void
kindred_journal_view_open_entry (KindredJournalView *self,
                                 const char         *uuid)
{
  g_autoptr(KindredEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  KindredEntry *current;

  g_return_if_fail (KINDRED_IS_JOURNAL_VIEW (self));
  g_return_if_fail (uuid != NULL);

  if (self->store == NULL)
    return;

  current = kindred_entry_editor_get_entry (self->editor);
  if (self->editing && current != NULL &&
      g_strcmp0 (kindred_entry_get_uuid (current), uuid) == 0)
    {
      update_view (self);
      return;
    }

  if (!save_open_entry (self))
    return;

  /* A copy of its own: the list's rows come and go as it pages */
  entry = kindred_store_get_entry (self->store, uuid, &error);
  if (entry == NULL || kindred_entry_get_deleted (entry))
    {
      if (error != NULL)
        g_debug ("Could not open an entry: %s", error->message);
      return;
    }

  open_in_editor (self, entry);
}

void
kindred_journal_view_close_editor (KindredJournalView *self)
{
  g_return_if_fail (KINDRED_IS_JOURNAL_VIEW (self));

  if (!self->editing)
    return;

  /* Nothing typed is ever dropped: a failed save keeps the editor open */
  if (!save_open_entry (self))
    return;

  self->editing = FALSE;
  kindred_entry_editor_set_entry (self->editor, NULL);
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

gboolean
kindred_journal_view_flush (KindredJournalView *self,
                            GError            **error)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), FALSE);

  if (!self->editing)
    return TRUE;

  return kindred_entry_editor_save_now (self->editor, error);
}

gboolean
kindred_journal_view_get_editing (KindredJournalView *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), FALSE);

  return self->editing;
}

void
kindred_journal_view_set_search_mode (KindredJournalView *self,
                                      gboolean            search_mode)
{
  g_return_if_fail (KINDRED_IS_JOURNAL_VIEW (self));

  search_mode = !!search_mode;
  if (search_mode == kindred_journal_view_get_search_mode (self))
    return;

  /* Search needs the browse page; the editor gives way when narrow */
  if (search_mode && adw_leaflet_get_folded (self->leaflet) && self->editing)
    kindred_journal_view_close_editor (self);

  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
  if (search_mode)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

gboolean
kindred_journal_view_get_search_mode (KindredJournalView *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
kindred_journal_view_set_show_calendar (KindredJournalView *self,
                                        gboolean            show)
{
  g_return_if_fail (KINDRED_IS_JOURNAL_VIEW (self));

  show = !!show;
  if (self->show_calendar == show)
    return;

  self->show_calendar = show;
  gtk_toggle_button_set_active (show ? self->calendar_toggle : self->list_toggle, TRUE);
  if (show)
    kindred_calendar_reload (self->calendar);

  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CALENDAR]);
}

gboolean
kindred_journal_view_get_show_calendar (KindredJournalView *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), FALSE);

  return self->show_calendar;
}

KindredEntryEditor *
kindred_journal_view_get_editor (KindredJournalView *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), NULL);

  return self->editor;
}

GListModel *
kindred_journal_view_get_entries (KindredJournalView *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), NULL);

  return self->entries != NULL ? G_LIST_MODEL (self->entries) : NULL;
}

KindredEntryFilter *
kindred_journal_view_get_filter (KindredJournalView *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), NULL);

  return self->filter;
}

GtkWidget *
kindred_journal_view_lookup_widget (KindredJournalView *self,
                                    const char         *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_JOURNAL_VIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "filter_popover"))
    return GTK_WIDGET (self->filter_popover);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_JOURNAL_VIEW, name);
  if (GTK_IS_WIDGET (child))
    return GTK_WIDGET (child);

  return kindred_filter_popover_lookup_widget (self->filter_popover, name);
}

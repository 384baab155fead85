/* kindred-filter-popover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-filter-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-filter-popover.h"
#include "kindred-mood.h"

#define MAX_TRIGGERS 200

struct _KindredFilterPopover
{
  GtkPopover          parent_instance;

  GtkDropDown        *mood_from;
  GtkDropDown        *mood_to;
  GtkDropDown        *emotion;
  GtkEntry           *trigger;
  GtkListStore       *trigger_model;
  GtkDropDown        *strategy;
  GtkStringList      *strategy_names;
  GtkMenuButton      *date_from;
  GtkMenuButton      *date_to;
  GtkCalendar        *date_from_calendar;
  GtkCalendar        *date_to_calendar;
  GtkWidget          *clear_button;

  GPtrArray          *emotion_ids;     /* parallel to the drop-down, after "any" */
  GPtrArray          *strategy_uuids;  /* ditto */

  KindredEntryFilter *filter;
  KindredStore       *store;
  gboolean            syncing;
};

G_DEFINE_FINAL_TYPE (KindredFilterPopover, kindred_filter_popover, GTK_TYPE_POPOVER)

guint
kindred_entry_filter_count_conditions (KindredEntryFilter *filter)
{
  guint n = 0;

  if (filter == NULL)
    return 0;

  if (kindred_entry_filter_get_mood_min (filter) > 0 ||
      kindred_entry_filter_get_mood_max (filter) > 0)
    n++;
  if (kindred_entry_filter_get_emotion (filter) != NULL)
    n++;
  if (kindred_entry_filter_get_trigger (filter) != NULL)
    n++;
  if (kindred_entry_filter_get_strategy (filter) != NULL)
    n++;
  if (kindred_entry_filter_get_from (filter) != 0 || kindred_entry_filter_get_to (filter) != 0)
    n++;

  return n;
}

static guint
index_of (GPtrArray  *ids,
          const char *id)
{
  if (id == NULL)
    return 0;

  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return i + 1;

  return 0;
}

static char *
format_day (gint64 us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  /* Translators: a day in the date filter, see strftime(3) */
  return g_date_time_format (local, _("%-d %b %Y"));
}

static GDateTime *
local_day_of (gint64 us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return g_date_time_to_local (utc);
}

static void
sync_from_filter (KindredFilterPopover *self)
{
  KindredEntryFilter *filter = self->filter;
  gint64 from = 0, to = 0;
  g_autofree char *from_label = NULL;
  g_autofree char *to_label = NULL;
  const char *trigger = NULL;

  self->syncing = TRUE;

  if (filter != NULL)
    {
      from = kindred_entry_filter_get_from (filter);
      to = kindred_entry_filter_get_to (filter);
      trigger = kindred_entry_filter_get_trigger (filter);
    }

  gtk_drop_down_set_selected (self->mood_from,
                              filter ? (guint) kindred_entry_filter_get_mood_min (filter) : 0);
  gtk_drop_down_set_selected (self->mood_to,
                              filter ? (guint) kindred_entry_filter_get_mood_max (filter) : 0);
  gtk_drop_down_set_selected (self->emotion,
    index_of (self->emotion_ids, filter ? kindred_entry_filter_get_emotion (filter) : NULL));
  gtk_drop_down_set_selected (self->strategy,
    index_of (self->strategy_uuids, filter ? kindred_entry_filter_get_strategy (filter) : NULL));

  /* Someone typing a trigger is not interrupted by their own half word */
  if (trigger != NULL || !gtk_widget_has_focus (GTK_WIDGET (self->trigger)))
    {
      const char *shown = gtk_editable_get_text (GTK_EDITABLE (self->trigger));

      if (g_ascii_strcasecmp (shown, trigger != NULL ? trigger : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->trigger), trigger != NULL ? trigger : "");
    }

  from_label = from != 0 ? format_day (from) : g_strdup (_("Any day"));
  /* [from, to): the last day included is the one before @to */
  to_label = to != 0 ? format_day (to - 1) : g_strdup (_("Any day"));
  gtk_menu_button_set_label (self->date_from, from_label);
  gtk_menu_button_set_label (self->date_to, to_label);

  if (from != 0)
    {
      g_autoptr(GDateTime) day = local_day_of (from);

      gtk_calendar_select_day (self->date_from_calendar, day);
    }
  if (to != 0)
    {
      g_autoptr(GDateTime) day = local_day_of (to - 1);

      gtk_calendar_select_day (self->date_to_calendar, day);
    }

  gtk_widget_set_sensitive (self->clear_button,
                            kindred_entry_filter_count_conditions (filter) > 0);

  self->syncing = FALSE;
}

static void
mood_changed_cb (KindredFilterPopover *self)
{
  int from, to;

  if (self->syncing || self->filter == NULL)
    return;

  from = (int) gtk_drop_down_get_selected (self->mood_from);
  to = (int) gtk_drop_down_get_selected (self->mood_to);
  if (from == (int) GTK_INVALID_LIST_POSITION)
    from = 0;
  if (to == (int) GTK_INVALID_LIST_POSITION)
    to = 0;

  g_object_freeze_notify (G_OBJECT (self->filter));
  kindred_entry_filter_set_mood_min (self->filter, from);
  kindred_entry_filter_set_mood_max (self->filter, to);
  g_object_thaw_notify (G_OBJECT (self->filter));
}

static void
emotion_changed_cb (KindredFilterPopover *self)
{
  guint selected;

  if (self->syncing || self->filter == NULL)
    return;

  selected = gtk_drop_down_get_selected (self->emotion);
  kindred_entry_filter_set_emotion (self->filter,
    selected > 0 && selected <= self->emotion_ids->len
      ? g_ptr_array_index (self->emotion_ids, selected - 1) : NULL);
}

static void
strategy_changed_cb (KindredFilterPopover *self)
{
  guint selected;

  if (self->syncing || self->filter == NULL)
    return;

  selected = gtk_drop_down_get_selected (self->strategy);
  kindred_entry_filter_set_strategy (self->filter,
    selected > 0 && selected <= self->strategy_uuids->len
      ? g_ptr_array_index (self->strategy_uuids, selected - 1) : NULL);
}

static void
apply_trigger (KindredFilterPopover *self)
{
  g_autofree char *text = NULL;

  if (self->syncing || self->filter == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->trigger))));
  kindred_entry_filter_set_trigger (self->filter, *text != '\0' ? text : NULL);
}

static gboolean
is_known_trigger (KindredFilterPopover *self,
                  const char           *text)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->trigger_model);
  GtkTreeIter iter;
  gboolean valid;

  for (valid = gtk_tree_model_get_iter_first (model, &iter);
       valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *trigger = NULL;

      gtk_tree_model_get (model, &iter, 0, &trigger, -1);
      if (g_ascii_strcasecmp (trigger, text) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
trigger_changed_cb (KindredFilterPopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->trigger));

  /* Filtering on half a word would empty the list while typing: only a cleared
   * field or a trigger used before applies at once, anything else on Enter */
  if (*text == '\0' || is_known_trigger (self, text))
    apply_trigger (self);
}

static gboolean
trigger_match_selected_cb (KindredFilterPopover *self,
                           GtkTreeModel         *model,
                           GtkTreeIter          *iter)
{
  g_autofree char *trigger = NULL;

  gtk_tree_model_get (model, iter, 0, &trigger, -1);
  gtk_editable_set_text (GTK_EDITABLE (self->trigger), trigger);
  gtk_editable_set_position (GTK_EDITABLE (self->trigger), -1);
  apply_trigger (self);

  return TRUE;
}

static gint64
local_midnight_us (GDateTime *day,
                   int        add_days)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (day);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local),
                                                         g_date_time_get_month (local),
                                                         g_date_time_get_day_of_month (local),
                                                         0, 0, 0);
  g_autoptr(GDateTime) shifted = g_date_time_add_days (midnight, add_days);

  return g_date_time_to_unix (shifted) * G_USEC_PER_SEC;
}

static void
date_from_selected_cb (KindredFilterPopover *self)
{
  g_autoptr(GDateTime) day = NULL;

  if (self->syncing || self->filter == NULL)
    return;

  day = gtk_calendar_get_date (self->date_from_calendar);
  kindred_entry_filter_set_from (self->filter, local_midnight_us (day, 0));
  gtk_menu_button_popdown (self->date_from);
}

static void
date_to_selected_cb (KindredFilterPopover *self)
{
  g_autoptr(GDateTime) day = NULL;

  if (self->syncing || self->filter == NULL)
    return;

  day = gtk_calendar_get_date (self->date_to_calendar);
  /* The day chosen is included: up to the midnight after it */
  kindred_entry_filter_set_to (self->filter, local_midnight_us (day, 1));
  gtk_menu_button_popdown (self->date_to);
}

static void
date_from_any_cb (KindredFilterPopover *self)
{
  if (self->filter != NULL)
    kindred_entry_filter_set_from (self->filter, 0);
  gtk_menu_button_popdown (self->date_from);
}

static void
date_to_any_cb (KindredFilterPopover *self)
{
  if (self->filter != NULL)
    kindred_entry_filter_set_to (self->filter, 0);
  gtk_menu_button_popdown (self->date_to);
}

static void
load_strategies (KindredFilterPopover *self)
{
  g_autoptr(GPtrArray) strategies = NULL;
  guint n_old;

  g_ptr_array_set_size (self->strategy_uuids, 0);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->strategy_names));

  if (self->store != NULL && kindred_store_is_open (self->store))
    strategies = kindred_store_list_strategies (self->store, FALSE, NULL);

  self->syncing = TRUE;
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new ();

    g_ptr_array_add (names, (gpointer) _("Any strategy"));
    for (guint i = 0; strategies != NULL && i < strategies->len; i++)
      {
        KindredStrategy *strategy = g_ptr_array_index (strategies, i);

        g_ptr_array_add (self->strategy_uuids, g_strdup (kindred_strategy_get_uuid (strategy)));
        g_ptr_array_add (names, (gpointer) kindred_strategy_get_name (strategy));
      }
    g_ptr_array_add (names, NULL);
    gtk_string_list_splice (self->strategy_names, 0, n_old,
                            (const char * const *) names->pdata);
  }
  self->syncing = FALSE;

  sync_from_filter (self);
}

static void
load_triggers (KindredFilterPopover *self)
{
  g_auto(GStrv) triggers = NULL;

  gtk_list_store_clear (self->trigger_model);

  if (self->store != NULL && kindred_store_is_open (self->store))
    triggers = kindred_store_list_triggers (self->store, NULL, MAX_TRIGGERS, NULL);

  for (guint i = 0; triggers != NULL && triggers[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->trigger_model, NULL, -1, 0, triggers[i], -1);
}

static void
popover_show_cb (KindredFilterPopover *self)
{
  /* Triggers grow with every entry: read them when someone looks */
  load_triggers (self);
}

static GtkWidget *
add_field (GtkBox     *box,
           const char *title,
           GtkWidget  *control)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "filter-heading");
  gtk_box_append (box, label);
  gtk_box_append (box, control);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);

  return label;
}

static GtkDropDown *
new_drop_down (GListModel *model,
               const char *accessible_label)
{
  GtkExpression *expression =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *drop_down = gtk_drop_down_new (model, expression);

  gtk_widget_set_hexpand (drop_down, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);

  return GTK_DROP_DOWN (drop_down);
}

static GtkMenuButton *
new_date_button (const char   *accessible_label,
                 GtkCalendar **calendar_out,
                 GCallback     selected_cb,
                 GCallback     any_cb,
                 gpointer      self)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *calendar = gtk_calendar_new ();
  GtkWidget *any = gtk_button_new_with_mnemonic (_("_Any Day"));

  gtk_widget_set_hexpand (button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_box_append (GTK_BOX (box), calendar);
  gtk_box_append (GTK_BOX (box), any);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);

  g_signal_connect_swapped (calendar, "day-selected", selected_cb, self);
  g_signal_connect_swapped (any, "clicked", any_cb, self);

  *calendar_out = GTK_CALENDAR (calendar);

  return GTK_MENU_BUTTON (button);
}

static void
build (KindredFilterPopover *self)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  g_autoptr(GtkStringList) moods = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) moods_to = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) emotions = gtk_string_list_new (NULL);
  g_autoptr(GtkEntryCompletion) completion = NULL;
  GtkWidget *mood_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mood_label;
  GtkWidget *date_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *date_label;
  GtkWidget *dash;

  gtk_widget_add_css_class (GTK_WIDGET (box), "filter-popover-box");
  gtk_widget_set_size_request (GTK_WIDGET (box), 260, -1);

  /* Mood: from … to */
  gtk_string_list_append (moods, _("Any"));
  gtk_string_list_append (moods_to, _("Any"));
  for (int mood = KINDRED_MOOD_MIN; mood <= KINDRED_MOOD_MAX; mood++)
    {
      gtk_string_list_append (moods, kindred_mood_get_label (mood));
      gtk_string_list_append (moods_to, kindred_mood_get_label (mood));
    }
  self->mood_from = new_drop_down (G_LIST_MODEL (g_steal_pointer (&moods)), _("Lowest mood"));
  self->mood_to = new_drop_down (G_LIST_MODEL (g_steal_pointer (&moods_to)), _("Highest mood"));
  dash = gtk_label_new ("–");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dash), GTK_ACCESSIBLE_PROPERTY_LABEL, _("to"), -1);
  gtk_box_append (GTK_BOX (mood_box), GTK_WIDGET (self->mood_from));
  gtk_box_append (GTK_BOX (mood_box), dash);
  gtk_box_append (GTK_BOX (mood_box), GTK_WIDGET (self->mood_to));
  mood_label = gtk_label_new (_("Mood"));
  gtk_label_set_xalign (GTK_LABEL (mood_label), 0);
  gtk_widget_add_css_class (mood_label, "heading");
  gtk_box_append (box, mood_label);
  gtk_box_append (box, mood_box);

  /* Emotion: the curated list, group by group */
  gtk_string_list_append (emotions, _("Any emotion"));
  for (guint group = 0; group < kindred_emotions_get_n_groups (); group++)
    {
      guint n = 0;
      const KindredEmotion *list = kindred_emotions_get (group, &n);

      for (guint i = 0; i < n; i++)
        {
          g_ptr_array_add (self->emotion_ids, (gpointer) list[i].id);
          gtk_string_list_append (emotions, kindred_emotion_get_label (list[i].id));
        }
    }
  self->emotion = new_drop_down (G_LIST_MODEL (g_steal_pointer (&emotions)), _("Emotion"));
  gtk_drop_down_set_enable_search (self->emotion, TRUE);
  add_field (box, _("Emotion"), GTK_WIDGET (self->emotion));

  /* Trigger: free text, completed from the journal's own */
  self->trigger = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->trigger, _("Any trigger"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->trigger),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trigger"),
                                  -1);
  self->trigger_model = gtk_list_store_new (1, G_TYPE_STRING);
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->trigger_model));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_inline_completion (completion, FALSE);
  gtk_entry_completion_set_popup_completion (completion, TRUE);
  gtk_entry_set_completion (self->trigger, completion);
  add_field (box, _("Trigger"), GTK_WIDGET (self->trigger));

  /* Strategy */
  self->strategy_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->strategy_names, _("Any strategy"));
  self->strategy = new_drop_down (G_LIST_MODEL (g_object_ref (self->strategy_names)),
                                  _("Strategy"));
  gtk_drop_down_set_enable_search (self->strategy, TRUE);
  add_field (box, _("Strategy"), GTK_WIDGET (self->strategy));

  /* Dates */
  self->date_from = new_date_button (_("From"), &self->date_from_calendar,
                                     G_CALLBACK (date_from_selected_cb),
                                     G_CALLBACK (date_from_any_cb), self);
  self->date_to = new_date_button (_("Until"), &self->date_to_calendar,
                                   G_CALLBACK (date_to_selected_cb),
                                   G_CALLBACK (date_to_any_cb), self);
  dash = gtk_label_new ("–");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dash), GTK_ACCESSIBLE_PROPERTY_LABEL, _("to"), -1);
  gtk_box_append (GTK_BOX (date_box), GTK_WIDGET (self->date_from));
  gtk_box_append (GTK_BOX (date_box), dash);
  gtk_box_append (GTK_BOX (date_box), GTK_WIDGET (self->date_to));
  date_label = gtk_label_new (_("Dates"));
  gtk_label_set_xalign (GTK_LABEL (date_label), 0);
  gtk_widget_add_css_class (date_label, "heading");
  gtk_widget_add_css_class (date_label, "filter-heading");
  gtk_box_append (box, date_label);
  gtk_box_append (box, date_box);

  self->clear_button = gtk_button_new_with_mnemonic (_("_Clear Filters"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->clear_button), "journal.clear-filters");
  gtk_widget_set_margin_top (self->clear_button, 6);
  gtk_box_append (box, self->clear_button);

  gtk_popover_set_child (GTK_POPOVER (self), GTK_WIDGET (box));

  g_signal_connect_swapped (self->mood_from, "notify::selected", G_CALLBACK (mood_changed_cb), self);
  g_signal_connect_swapped (self->mood_to, "notify::selected", G_CALLBACK (mood_changed_cb), self);
  g_signal_connect_swapped (self->emotion, "notify::selected",
                            G_CALLBACK (emotion_changed_cb), self);
  g_signal_connect_swapped (self->strategy, "notify::selected",
                            G_CALLBACK (strategy_changed_cb), self);
  g_signal_connect_swapped (self->trigger, "changed", G_CALLBACK (trigger_changed_cb), self);
  g_signal_connect_swapped (self->trigger, "activate", G_CALLBACK (apply_trigger), self);
  g_signal_connect_swapped (completion, "match-selected",
                            G_CALLBACK (trigger_match_selected_cb), self);
  g_signal_connect_swapped (self, "show", G_CALLBACK (popover_show_cb), self);
}

static void
kindred_filter_popover_dispose (GObject *object)
{
  KindredFilterPopover *self = KINDRED_FILTER_POPOVER (object);

  kindred_filter_popover_set_filter (self, NULL);
  kindred_filter_popover_set_store (self, NULL);
  g_clear_object (&self->trigger_model);
  g_clear_object (&self->strategy_names);

  G_OBJECT_CLASS (kindred_filter_popover_parent_class)->dispose (object);
}

static void
kindred_filter_popover_finalize (GObject *object)
{
  KindredFilterPopover *self = KINDRED_FILTER_POPOVER (object);

  g_ptr_array_unref (self->emotion_ids);
  g_ptr_array_unref (self->strategy_uuids);

  G_OBJECT_CLASS (kindred_filter_popover_parent_class)->finalize (object);
}

static void
kindred_filter_popover_class_init (KindredFilterPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kindred_filter_popover_dispose;
  object_class->finalize = kindred_filter_popover_finalize;
}

static void
kindred_filter_popover_init (KindredFilterPopover *self)
{
  self->emotion_ids = g_ptr_array_new ();
  self->strategy_uuids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_add_css_class (GTK_WIDGET (self), "filter-popover");
  build (self);
  sync_from_filter (self);
}

GtkWidget *
kindred_filter_popover_new (void)
{
  return g_object_new (KINDRED_TYPE_FILTER_POPOVER, NULL);
}

void
kindred_filter_popover_set_filter (KindredFilterPopover *self,
                                   KindredEntryFilter   *filter)
{
  g_return_if_fail (KINDRED_IS_FILTER_POPOVER (self));
  g_return_if_fail (filter == NULL || KINDRED_IS_ENTRY_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_set_object (&self->filter, filter);
  if (self->filter != NULL)
    g_signal_connect_swapped (self->filter, "changed", G_CALLBACK (sync_from_filter), self);

  sync_from_filter (self);
}

void
kindred_filter_popover_set_store (KindredFilterPopover *self,
                                  KindredStore         *store)
{
  g_return_if_fail (KINDRED_IS_FILTER_POPOVER (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (self->store != NULL)
    g_signal_connect_swapped (self->store, "strategies-changed",
                              G_CALLBACK (load_strategies), self);

  /* Nothing of a closed journal stays in the widgets; triggers are read again
   * when the popover opens */
  load_strategies (self);
  gtk_list_store_clear (self->trigger_model);
}

GtkWidget *
kindred_filter_popover_lookup_widget (KindredFilterPopover *self,
                                      const char           *name)
{
  g_return_val_if_fail (KINDRED_IS_FILTER_POPOVER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "mood_from"))
    return GTK_WIDGET (self->mood_from);
  if (g_str_equal (name, "mood_to"))
    return GTK_WIDGET (self->mood_to);
  if (g_str_equal (name, "emotion"))
    return GTK_WIDGET (self->emotion);
  if (g_str_equal (name, "trigger"))
    return GTK_WIDGET (self->trigger);
  if (g_str_equal (name, "strategy"))
    return GTK_WIDGET (self->strategy);
  if (g_str_equal (name, "date_from"))
    return GTK_WIDGET (self->date_from);
  if (g_str_equal (name, "date_to"))
    return GTK_WIDGET (self->date_to);
  if (g_str_equal (name, "date_from_calendar"))
    return GTK_WIDGET (self->date_from_calendar);
  if (g_str_equal (name, "date_to_calendar"))
    return GTK_WIDGET (self->date_to_calendar);
  if (g_str_equal (name, "clear"))
    return self->clear_button;

  return NULL;
}

/* kindred-strategies-view.c: the Strategies view: the library, your own strategies, exercises
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-strategies-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kindred-strategies-view.h"
#include "kindred-strategy-picker.h"

struct _KindredStrategiesView
{
  GtkWidget               parent_instance;

  GtkStack               *stack;
  GtkSearchEntry         *search_entry;
  AdwPreferencesGroup    *own_group;
  GtkWidget              *own_placeholder;
  GtkBox                 *library_box;
  GtkWidget              *archived_group;
  AdwExpanderRow         *archived_row;
  GtkWidget              *no_results;
  KindredStrategyPage    *detail_page;
  KindredExercisePage    *exercise_page;

  KindredStore           *store;
  KindredStrategyLibrary *library;
  GHashTable             *rows;       /* uuid → AdwActionRow (owned by the tree) */
  GPtrArray              *own_rows;   /* rows in own_group */
  GPtrArray              *archived_rows;
  char                   *current;    /* uuid on the detail page */
  KindredStrategyDialog  *dialog;     /* unowned: cleared on its "destroy" */
  guint                   refresh_id;
};

G_DEFINE_FINAL_TYPE (KindredStrategiesView, kindred_strategies_view, GTK_TYPE_WIDGET)

static void update_actions (KindredStrategiesView *self);

static KindredStrategyLibrary *
get_library (KindredStrategiesView *self)
{
  if (self->library == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->library = kindred_strategy_library_new (&error);
      if (self->library == NULL)
        g_critical ("The bundled strategy library does not load: %s", error->message);
    }

  return self->library;
}

/* (nullable) the library's text for a built-in strategy */
static KindredStrategyInfo *
lookup_info (KindredStrategiesView *self,
             KindredStrategy       *strategy)
{
  KindredStrategyLibrary *library = get_library (self);

  if (library == NULL || !kindred_strategy_get_builtin (strategy))
    return NULL;

  return kindred_strategy_library_lookup (library, kindred_strategy_get_uuid (strategy));
}

static char *
stats_text (KindredStrategiesView *self,
            const char            *uuid)
{
  guint uses = 0;
  double average = 0;
  const char *word;

  if (self->store == NULL || !kindred_store_get_strategy_stats (self->store, uuid, &uses, &average, NULL))
    return g_strdup (_("Not used yet"));

  if (uses == 0)
    return g_strdup (_("Not used yet"));

  word = kindred_strategy_picker_helped_label (CLAMP ((int) (average + 0.5),
                                                      KINDRED_HELPED_MIN, KINDRED_HELPED_MAX));
  /* Translators: "Used 12 times · helped Quite a bit on average"; the second %s is
   * one of Not at all, A little, Somewhat, Quite a bit, A lot */
  return g_strdup_printf (ngettext ("Used %u time · helped %s on average",
                                       "Used %u times · helped %s on average", uses),
                          uses, word);
}

/* (nullable) the library's name for the strategy's category */
static const char *
library_category_name (KindredStrategiesView *self,
                       KindredStrategy       *strategy)
{
  KindredStrategyLibrary *library = get_library (self);
  const KindredStrategyCategory *category = NULL;

  if (library != NULL && kindred_strategy_get_category (strategy) != NULL)
    category = kindred_strategy_library_lookup_category (library, kindred_strategy_get_category (strategy));

  return category != NULL ? category->name : NULL;
}

/* The line under a strategy's name on its page.  (transfer full) (nullable) */
static char *
category_text (KindredStrategiesView *self,
               KindredStrategy       *strategy)
{
  const char *name = library_category_name (self, strategy);

  if (kindred_strategy_get_builtin (strategy))
    return g_strdup (name);

  if (name == NULL)
    return g_strdup (_("My strategies"));

  /* Translators: the line under one of the person's own strategies, e.g.
   * "My strategies · Grounding" */
  return g_strdup_printf (_("My strategies · %s"), name);
}

static void
append_search_text (GString    *text,
                    const char *part)
{
  g_autofree char *folded = NULL;

  if (part == NULL)
    return;

  folded = g_utf8_casefold (part, -1);
  g_string_append (text, folded);
  g_string_append_c (text, '\n');
}

static void
row_activated_cb (AdwActionRow          *row,
                  KindredStrategiesView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "strategies.show-strategy", "s",
                              g_object_get_data (G_OBJECT (row), "kindred-uuid"));
}

static GtkWidget *
new_row (KindredStrategiesView *self,
         KindredStrategy       *strategy,
         KindredStrategyInfo   *info)
{
  const char *uuid = kindred_strategy_get_uuid (strategy);
  g_autofree char *stats = stats_text (self, uuid);
  g_autofree char *minutes = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) search = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  if (info != NULL)
    minutes = kindred_strategy_format_minutes (kindred_strategy_info_get_minutes_min (info),
                                               kindred_strategy_info_get_minutes_max (info));
  else
    minutes = kindred_strategy_format_minutes (kindred_strategy_get_minutes_min (strategy),
                                               kindred_strategy_get_minutes_max (strategy));
  subtitle = minutes != NULL ? g_strdup_printf ("%s · %s", minutes, stats) : g_steal_pointer (&stats);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 info != NULL ? kindred_strategy_info_get_name (info)
                                              : kindred_strategy_get_name (strategy));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);

  if (info != NULL)
    {
      const char * const *keywords = kindred_strategy_info_get_keywords (info);

      append_search_text (search, kindred_strategy_info_get_name (info));
      append_search_text (search, kindred_strategy_info_get_description (info));
      for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
        append_search_text (search, keywords[i]);
    }
  else
    {
      append_search_text (search, kindred_strategy_get_name (strategy));
      append_search_text (search, kindred_strategy_get_description (strategy));
      append_search_text (search, kindred_strategy_get_when (strategy));
      append_search_text (search, library_category_name (self, strategy));
    }

  g_object_set_data_full (G_OBJECT (row), "kindred-uuid", g_strdup (uuid), g_free);
  g_object_set_data_full (G_OBJECT (row), "kindred-search", g_string_free (g_steal_pointer (&search), FALSE), g_free);
  g_hash_table_insert (self->rows, g_strdup (uuid), row);

  return row;
}

static void
apply_search (KindredStrategiesView *self)
{
  g_autofree char *query = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  gboolean searching;
  gboolean any = FALSE;
  guint own_shown = 0;
  guint archived_shown = 0;
  GHashTableIter iter;
  gpointer value;

  g_strstrip (query);
  searching = query[0] != '\0';

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *text = g_object_get_data (G_OBJECT (value), "kindred-search");
      gboolean shown = !searching || (text != NULL && strstr (text, query) != NULL);

      gtk_widget_set_visible (GTK_WIDGET (value), shown);
      any |= shown;
    }

  /* A category whose rows are all filtered out goes too, header and all */
  for (GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (self->library_box));
       group != NULL; group = gtk_widget_get_next_sibling (group))
    {
      GPtrArray *group_rows = g_object_get_data (G_OBJECT (group), "kindred-rows");
      gboolean shown = FALSE;

      for (guint i = 0; group_rows != NULL && i < group_rows->len; i++)
        shown |= gtk_widget_get_visible (g_ptr_array_index (group_rows, i));
      gtk_widget_set_visible (group, shown);
    }

  for (guint i = 0; i < self->own_rows->len; i++)
    own_shown += gtk_widget_get_visible (g_ptr_array_index (self->own_rows, i));
  for (guint i = 0; i < self->archived_rows->len; i++)
    archived_shown += gtk_widget_get_visible (g_ptr_array_index (self->archived_rows, i));

  gtk_widget_set_visible (self->own_placeholder, self->own_rows->len == 0 && !searching);
  gtk_widget_set_visible (GTK_WIDGET (self->own_group), !searching || own_shown > 0);
  gtk_widget_set_visible (self->archived_group, archived_shown > 0);
  if (searching && archived_shown > 0)
    adw_expander_row_set_expanded (self->archived_row, TRUE);
  gtk_widget_set_visible (self->no_results, searching && !any);
}

static void
clear_rows (KindredStrategiesView *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->rows);
  for (guint i = 0; i < self->own_rows->len; i++)
    adw_preferences_group_remove (self->own_group, g_ptr_array_index (self->own_rows, i));
  g_ptr_array_set_size (self->own_rows, 0);
  for (guint i = 0; i < self->archived_rows->len; i++)
    adw_expander_row_remove (self->archived_row, g_ptr_array_index (self->archived_rows, i));
  g_ptr_array_set_size (self->archived_rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->library_box))) != NULL)
    gtk_box_remove (self->library_box, child);
}

static void
rebuild (KindredStrategiesView *self)
{
  KindredStrategyLibrary *library = get_library (self);
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  clear_rows (self);

  if (self->store != NULL)
    strategies = kindred_store_list_strategies (self->store, TRUE, &error);
  if (strategies == NULL)
    {
      if (error != NULL)
        g_message ("Could not list strategies: %s", error->message);
      apply_search (self);
      return;
    }

  /* The library's categories in its own order (not the store's alphabetical one) */
  for (guint i = 0; library != NULL && i < kindred_strategy_library_get_n_categories (library); i++)
    {
      const KindredStrategyCategory *category = kindred_strategy_library_get_category (library, i);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), category->name);
      g_object_set_data_full (G_OBJECT (group), "kindred-rows", g_ptr_array_new (),
                              (GDestroyNotify) g_ptr_array_unref);
      gtk_box_append (self->library_box, group);
      g_hash_table_insert (groups, category->id, group);
    }

  for (guint i = 0; i < strategies->len; i++)
    {
      KindredStrategy *strategy = g_ptr_array_index (strategies, i);
      KindredStrategyInfo *info = lookup_info (self, strategy);
      GtkWidget *row;

      if (kindred_strategy_get_builtin (strategy))
        {
          GtkWidget *group = info != NULL
            ? g_hash_table_lookup (groups, kindred_strategy_info_get_category (info)) : NULL;

          /* Built-ins are never archived from here; one the library no longer
           * ships stays out of the list but keeps its entries */
          if (group == NULL || kindred_strategy_get_archived (strategy))
            continue;
          row = new_row (self, strategy, info);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          g_ptr_array_add (g_object_get_data (G_OBJECT (group), "kindred-rows"), row);
        }
      else if (kindred_strategy_get_archived (strategy))
        {
          GtkWidget *restore;

          row = new_row (self, strategy, NULL);
          restore = gtk_button_new_with_label (_("Restore"));
          gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (restore), "strategies.restore-strategy");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (restore), "s", kindred_strategy_get_uuid (strategy));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
          adw_expander_row_add_row (self->archived_row, row);
          g_ptr_array_add (self->archived_rows, row);
        }
      else
        {
          row = new_row (self, strategy, NULL);
          adw_preferences_group_add (self->own_group, row);
          g_ptr_array_add (self->own_rows, row);
        }
    }

  apply_search (self);
}

static void
show_detail (KindredStrategiesView *self,
             const char            *uuid)
{
  g_autoptr(KindredStrategy) strategy = NULL;
  g_autofree char *stats = NULL;
  g_autofree char *category = NULL;

  if (self->store == NULL || uuid == NULL)
    return;

  strategy = kindred_store_get_strategy (self->store, uuid, NULL);
  if (strategy == NULL)
    return;

  if (g_strcmp0 (self->current, uuid) != 0)
    {
      g_free (self->current);
      self->current = g_strdup (uuid);
    }
  stats = stats_text (self, uuid);
  category = category_text (self, strategy);
  kindred_strategy_page_set_strategy (self->detail_page, strategy, lookup_info (self, strategy),
                                      category, stats);
  gtk_stack_set_visible_child_name (self->stack, "detail");
  update_actions (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  KindredStrategiesView *self = user_data;

  self->refresh_id = 0;
  rebuild (self);
  /* The numbers on the detail page change with the entries too */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    {
      g_autofree char *stats = stats_text (self, self->current);

      gtk_label_set_label (kindred_strategy_page_get_stats_label (self->detail_page), stats);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_refresh (KindredStrategiesView *self)
{
  /* One rebuild for a burst of saves (an import emits many) */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_LOW, refresh_cb, self, NULL);
}

static void
store_changed_cb (KindredStrategiesView *self)
{
  queue_refresh (self);
}

static void
search_changed_cb (KindredStrategiesView *self)
{
  apply_search (self);
}

static void
exercise_closed_cb (KindredStrategiesView *self)
{
  show_detail (self, self->current);
}

static void
exercise_saved_cb (KindredStrategiesView *self,
                   const char            *entry_uuid)
{
  const char *message = _("Saved to your journal.");

  show_detail (self, self->current);
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message))
    kindred_strategy_page_set_message (self->detail_page, message);
}

static void
dialog_saved_cb (KindredStrategiesView *self,
                 KindredStrategy       *strategy)
{
  rebuild (self);
  show_detail (self, kindred_strategy_get_uuid (strategy));
}

static void
dialog_save_failed_cb (KindredStrategiesView *self,
                       const char            *message)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message))
    {
      kindred_strategy_page_set_message (self->detail_page, message);
      gtk_stack_set_visible_child_name (self->stack, "detail");
    }
}

static void
dialog_destroy_cb (KindredStrategiesView *self)
{
  self->dialog = NULL;
}

static void
open_dialog (KindredStrategiesView *self,
             KindredStrategy       *strategy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  dialog = kindred_strategy_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->store, get_library (self), strategy);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "save-failed", G_CALLBACK (dialog_save_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), self, G_CONNECT_SWAPPED);
  self->dialog = KINDRED_STRATEGY_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_actions (KindredStrategiesView *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autoptr(KindredStrategy) strategy = NULL;
  KindredStrategyInfo *info = NULL;
  gboolean on_detail = g_strcmp0 (page, "detail") == 0;
  gboolean own = FALSE;

  if (on_detail && self->store != NULL && self->current != NULL)
    strategy = kindred_store_get_strategy (self->store, self->current, NULL);
  if (strategy != NULL)
    {
      info = lookup_info (self, strategy);
      own = !kindred_strategy_get_builtin (strategy);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strategies.back", g_strcmp0 (page, "list") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strategies.add", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strategies.edit", own);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strategies.archive",
                                 own && !kindred_strategy_get_archived (strategy));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strategies.restore",
                                 own && kindred_strategy_get_archived (strategy));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strategies.start-exercise",
                                 info != NULL && kindred_strategy_info_get_guided_kind (info) != KINDRED_GUIDED_NONE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredStrategiesView *self = KINDRED_STRATEGIES_VIEW (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");
  update_actions (self);
  /* Back where the person came from: the row they opened */
  if (self->current != NULL && g_hash_table_lookup (self->rows, self->current) != NULL)
    gtk_widget_grab_focus (g_hash_table_lookup (self->rows, self->current));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (KINDRED_STRATEGIES_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredStrategiesView *self = KINDRED_STRATEGIES_VIEW (widget);
  g_autoptr(KindredStrategy) strategy = NULL;

  if (self->store != NULL && self->current != NULL)
    strategy = kindred_store_get_strategy (self->store, self->current, NULL);
  if (strategy != NULL)
    open_dialog (self, strategy);
}

static void
set_archived (KindredStrategiesView *self,
              const char            *uuid,
              gboolean               archived)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || uuid == NULL)
    return;

  if (!kindred_store_archive_strategy (self->store, uuid, archived, &error))
    {
      kindred_strategy_page_set_message (self->detail_page, error->message);
      return;
    }

  rebuild (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0
      && g_strcmp0 (self->current, uuid) == 0)
    {
      show_detail (self, uuid);
      kindred_strategy_page_set_message (self->detail_page,
                                         archived ? _("Archived. Entries that used it still show it.")
                                                  : _("Back in your strategies."));
    }
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KindredStrategiesView *self = KINDRED_STRATEGIES_VIEW (widget);

  set_archived (self, self->current, TRUE);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KindredStrategiesView *self = KINDRED_STRATEGIES_VIEW (widget);

  set_archived (self, self->current, FALSE);
}

static void
restore_strategy_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  set_archived (KINDRED_STRATEGIES_VIEW (widget), g_variant_get_string (parameter, NULL), FALSE);
}

static void
show_strategy_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_detail (KINDRED_STRATEGIES_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
start_exercise_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KindredStrategiesView *self = KINDRED_STRATEGIES_VIEW (widget);
  g_autoptr(KindredStrategy) strategy = NULL;
  KindredStrategyInfo *info = NULL;

  if (self->store != NULL && self->current != NULL)
    strategy = kindred_store_get_strategy (self->store, self->current, NULL);
  if (strategy != NULL)
    info = lookup_info (self, strategy);
  if (info == NULL || kindred_strategy_info_get_guided_kind (info) == KINDRED_GUIDED_NONE)
    return;

  kindred_exercise_page_set_store (self->exercise_page, self->store);
  gtk_stack_set_visible_child_name (self->stack, "exercise");
  kindred_exercise_page_start (self->exercise_page, info);
  update_actions (self);
}

static void
kindred_strategies_view_dispose (GObject *object)
{
  KindredStrategiesView *self = KINDRED_STRATEGIES_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  kindred_strategies_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_STRATEGIES_VIEW);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (kindred_strategies_view_parent_class)->dispose (object);
}

static void
kindred_strategies_view_finalize (GObject *object)
{
  KindredStrategiesView *self = KINDRED_STRATEGIES_VIEW (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->own_rows, g_ptr_array_unref);
  g_clear_pointer (&self->archived_rows, g_ptr_array_unref);
  g_clear_pointer (&self->current, g_free);

  G_OBJECT_CLASS (kindred_strategies_view_parent_class)->finalize (object);
}

static void
kindred_strategies_view_class_init (KindredStrategiesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_strategies_view_dispose;
  object_class->finalize = kindred_strategies_view_finalize;

  g_type_ensure (KINDRED_TYPE_STRATEGY_PAGE);
  g_type_ensure (KINDRED_TYPE_EXERCISE_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-strategies-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, own_group);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, own_placeholder);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, library_box);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, archived_group);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, archived_row);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, no_results);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, detail_page);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategiesView, exercise_page);

  gtk_widget_class_install_action (widget_class, "strategies.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "strategies.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "strategies.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "strategies.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "strategies.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "strategies.restore-strategy", "s", restore_strategy_action);
  gtk_widget_class_install_action (widget_class, "strategies.show-strategy", "s", show_strategy_action);
  gtk_widget_class_install_action (widget_class, "strategies.start-exercise", NULL, start_exercise_action);
  /* The exercise page handles its own Escape first (it is deeper in the tree) */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "strategies.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "strategies.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kindred_strategies_view_init (KindredStrategiesView *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->own_rows = g_ptr_array_new ();
  self->archived_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->exercise_page, "closed", G_CALLBACK (exercise_closed_cb), self);
  g_signal_connect_swapped (self->exercise_page, "saved", G_CALLBACK (exercise_saved_cb), self);
  rebuild (self);
  update_actions (self);
}

GtkWidget *
kindred_strategies_view_new (void)
{
  return g_object_new (KINDRED_TYPE_STRATEGIES_VIEW, NULL);
}

void
kindred_strategies_view_set_store (KindredStrategiesView *self,
                                   KindredStore          *store)
{
  g_return_if_fail (KINDRED_IS_STRATEGIES_VIEW (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_swapped (store, "strategies-changed", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (store, "entry-changed", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (store, "entries-reset", G_CALLBACK (store_changed_cb), self);
    }

  /* A locked journal leaves nothing of itself on screen */
  g_clear_pointer (&self->current, g_free);
  kindred_exercise_page_set_store (self->exercise_page, store);
  if (self->stack != NULL)
    gtk_stack_set_visible_child_name (self->stack, "list");
  if (self->rows != NULL && self->stack != NULL)
    rebuild (self);
  update_actions (self);
}

GtkSearchEntry *
kindred_strategies_view_get_search_entry (KindredStrategiesView *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGIES_VIEW (self), NULL);

  return self->search_entry;
}

const char *
kindred_strategies_view_get_page_name (KindredStrategiesView *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGIES_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

KindredStrategyPage *
kindred_strategies_view_get_detail_page (KindredStrategiesView *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGIES_VIEW (self), NULL);

  return self->detail_page;
}

KindredExercisePage *
kindred_strategies_view_get_exercise_page (KindredStrategiesView *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGIES_VIEW (self), NULL);

  return self->exercise_page;
}

AdwActionRow *
kindred_strategies_view_find_row (KindredStrategiesView *self,
                                  const char            *uuid)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGIES_VIEW (self), NULL);

  return g_hash_table_lookup (self->rows, uuid);
}

KindredStrategyDialog *
kindred_strategies_view_get_dialog (KindredStrategiesView *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGIES_VIEW (self), NULL);

  return self->dialog;
}

void
kindred_strategies_view_refresh (KindredStrategiesView *self)
{
  g_return_if_fail (KINDRED_IS_STRATEGIES_VIEW (self));

  if (self->refresh_id != 0)
    refresh_cb (self);
}

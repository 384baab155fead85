/* kindred-strategy-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-strategy-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kindred-strategy-picker.h"

#define DEFAULT_HELPED 2

struct _KindredStrategyPicker
{
  GtkWidget      parent_instance;

  GtkListBox    *rows;
  GtkMenuButton *add_button;
  GtkBox        *choices_box;

  KindredEntry  *entry;
  KindredStore  *store;
  gulong         entry_changed_id;
  gulong         strategies_changed_id;
  GHashTable    *strategies;  /* uuid → KindredStrategy, archived ones too */
  GHashTable    *choices;     /* uuid → GtkCheckButton (popover) */
  GHashTable    *row_for;     /* uuid → AdwActionRow */
  /* Set while widgets are filled from the entry, so that is not a change */
  gboolean       loading;
};

G_DEFINE_FINAL_TYPE (KindredStrategyPicker, kindred_strategy_picker, GTK_TYPE_WIDGET)

static const char * const helped_labels[] = {
  /* Translators: how much a coping strategy helped, from 0 to 4 */
  N_("Not at all"),
  N_("A little"),
  N_("Somewhat"),
  N_("Quite a bit"),
  N_("A lot"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (helped_labels) == KINDRED_HELPED_MAX - KINDRED_HELPED_MIN + 1);

/* The bundled library gives built-in strategies their translated names; the
 * journal keeps the English ones so it does not depend on the locale. */
static KindredStrategyLibrary *
get_library (void)
{
  static KindredStrategyLibrary *library;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GError) error = NULL;

      library = kindred_strategy_library_new (&error);
      if (library == NULL)
        g_critical ("The bundled strategy library does not load: %s", error->message);
      g_once_init_leave (&loaded, 1);
    }

  return library;
}

static const char *
strategy_name (KindredStrategyPicker *self,
               const char            *uuid)
{
  KindredStrategyLibrary *library = get_library ();
  KindredStrategyInfo *info = library != NULL ? kindred_strategy_library_lookup (library, uuid) : NULL;
  KindredStrategy *strategy;

  if (info != NULL)
    return kindred_strategy_info_get_name (info);

  strategy = g_hash_table_lookup (self->strategies, uuid);
  if (strategy != NULL)
    return kindred_strategy_get_name (strategy);

  return _("A strategy no longer in your journal");
}

static const char *
category_label (const char *category)
{
  KindredStrategyLibrary *library = get_library ();
  const KindredStrategyCategory *known = NULL;

  if (category == NULL || category[0] == '\0')
    return _("Your own");

  if (library != NULL)
    known = kindred_strategy_library_lookup_category (library, category);

  return known != NULL ? known->name : category;
}

const char *
kindred_strategy_picker_helped_label (int helped)
{
  if (helped < KINDRED_HELPED_MIN || helped > KINDRED_HELPED_MAX)
    return NULL;

  return _(helped_labels[helped - KINDRED_HELPED_MIN]);
}

static void
helped_changed_cb (GtkDropDown           *drop_down,
                   GParamSpec            *pspec,
                   KindredStrategyPicker *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (drop_down), "kindred-strategy");
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (self->loading || self->entry == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  kindred_entry_set_strategy (self->entry, uuid, (int) selected + KINDRED_HELPED_MIN);
}

static void
remove_clicked_cb (GtkButton             *button,
                   KindredStrategyPicker *self)
{
  g_autofree char *uuid = g_strdup (g_object_get_data (G_OBJECT (button), "kindred-strategy"));

  if (self->entry == NULL)
    return;

  /* Focus would fall to the window when its row goes: keep it near */
  gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
  kindred_entry_set_strategy (self->entry, uuid, -1);
}

static GtkWidget *
new_row (KindredStrategyPicker *self,
         const char            *uuid,
         int                    helped)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GtkStringList) words = gtk_string_list_new (NULL);
  GtkWidget *drop_down;
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  const char *name = strategy_name (self, uuid);
  g_autofree char *helped_label = NULL;
  g_autofree char *remove_label = NULL;

  for (int i = KINDRED_HELPED_MIN; i <= KINDRED_HELPED_MAX; i++)
    gtk_string_list_append (words, kindred_strategy_picker_helped_label (i));

  /* Markup off: a name the person wrote may hold an ampersand */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("How much it helped"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&words)), NULL);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), helped - KINDRED_HELPED_MIN);
  /* Translators: the accessible name of the choice of how much a strategy helped */
  helped_label = g_strdup_printf (_("How much %s helped"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, helped_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (drop_down), "kindred-strategy", g_strdup (uuid), g_free);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (helped_changed_cb), self);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of the button taking a strategy off an entry */
  remove_label = g_strdup_printf (_("Remove %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_widget_set_tooltip_text (remove, remove_label);
  g_object_set_data_full (G_OBJECT (remove), "kindred-strategy", g_strdup (uuid), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "kindred-helped", drop_down);
  g_object_set_data (G_OBJECT (row), "kindred-remove", remove);

  return row;
}

static void
sync_from_entry (KindredStrategyPicker *self)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = self->entry != NULL ? kindred_entry_get_n_strategies (self->entry) : 0;
  GHashTableIter iter;
  gpointer key, value;

  self->loading = TRUE;

  for (guint i = 0; i < n; i++)
    {
      int helped = 0;
      const char *uuid = kindred_entry_get_strategy (self->entry, i, &helped);
      GtkWidget *row = g_hash_table_lookup (self->row_for, uuid);

      g_hash_table_add (wanted, (gpointer) uuid);

      if (row == NULL)
        {
          row = new_row (self, uuid, helped);
          g_hash_table_insert (self->row_for, g_strdup (uuid), row);
          gtk_list_box_append (self->rows, row);
        }
      else
        {
          GtkDropDown *drop_down = g_object_get_data (G_OBJECT (row), "kindred-helped");

          if (gtk_drop_down_get_selected (drop_down) != (guint) (helped - KINDRED_HELPED_MIN))
            gtk_drop_down_set_selected (drop_down, helped - KINDRED_HELPED_MIN);
        }
    }

  g_hash_table_iter_init (&iter, self->row_for);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted, key))
      {
        gtk_list_box_remove (self->rows, value);
        g_hash_table_iter_remove (&iter);
      }

  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_check_button_set_active (value, g_hash_table_contains (wanted, key));

  gtk_widget_set_visible (GTK_WIDGET (self->rows), n > 0);

  self->loading = FALSE;
}

static void
choice_toggled_cb (GtkCheckButton        *button,
                   KindredStrategyPicker *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (button), "kindred-strategy");
  gboolean used = FALSE;

  if (self->loading || self->entry == NULL)
    return;

  for (guint i = 0; i < kindred_entry_get_n_strategies (self->entry); i++)
    if (g_strcmp0 (kindred_entry_get_strategy (self->entry, i, NULL), uuid) == 0)
      used = TRUE;

  if (gtk_check_button_get_active (button) && !used)
    kindred_entry_set_strategy (self->entry, uuid, DEFAULT_HELPED);
  else if (!gtk_check_button_get_active (button) && used)
    kindred_entry_set_strategy (self->entry, uuid, -1);
}

static gboolean
entry_uses (KindredStrategyPicker *self,
            const char            *uuid)
{
  if (self->entry == NULL)
    return FALSE;

  for (guint i = 0; i < kindred_entry_get_n_strategies (self->entry); i++)
    if (g_strcmp0 (kindred_entry_get_strategy (self->entry, i, NULL), uuid) == 0)
      return TRUE;

  return FALSE;
}

static void
rebuild_choices (KindredStrategyPicker *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *last_category = NULL;
  gboolean first = TRUE;
  GtkWidget *child;

  g_hash_table_remove_all (self->choices);
  g_hash_table_remove_all (self->strategies);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))) != NULL)
    gtk_box_remove (self->choices_box, child);

  if (self->store != NULL && kindred_store_is_open (self->store))
    {
      list = kindred_store_list_strategies (self->store, TRUE, &error);
      if (list == NULL)
        g_debug ("No strategies to pick from: %s", error->message);
    }

  if (list == NULL || list->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No strategies yet"));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_box_append (self->choices_box, empty);
      return;
    }

  for (guint i = 0; i < list->len; i++)
    {
      KindredStrategy *strategy = g_ptr_array_index (list, i);
      const char *uuid = kindred_strategy_get_uuid (strategy);
      const char *category = kindred_strategy_get_category (strategy);
      GtkWidget *check;

      g_hash_table_insert (self->strategies, g_strdup (uuid), g_object_ref (strategy));

      /* Archived: out of the picker, unless this entry used it (so it can be unticked) */
      if (kindred_strategy_get_archived (strategy) && !entry_uses (self, uuid))
        continue;

      if (first || g_strcmp0 (category, last_category) != 0)
        {
          GtkWidget *heading = gtk_label_new (category_label (category));

          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_set_margin_top (heading, first ? 0 : 8);
          gtk_widget_set_margin_start (heading, 4);
          gtk_box_append (self->choices_box, heading);
          last_category = category;
          first = FALSE;
        }

      check = gtk_check_button_new_with_label (strategy_name (self, uuid));
      g_object_set_data_full (G_OBJECT (check), "kindred-strategy", g_strdup (uuid), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), entry_uses (self, uuid));
      g_signal_connect (check, "toggled", G_CALLBACK (choice_toggled_cb), self);
      gtk_box_append (self->choices_box, check);
      g_hash_table_insert (self->choices, g_strdup (uuid), check);
    }

  /* Names of rows already shown may have changed (a strategy renamed) */
  g_hash_table_remove_all (self->row_for);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows))) != NULL)
    gtk_list_box_remove (self->rows, child);
  sync_from_entry (self);
}

static void
kindred_strategy_picker_dispose (GObject *object)
{
  KindredStrategyPicker *self = KINDRED_STRATEGY_PICKER (object);

  kindred_strategy_picker_set_store (self, NULL);
  kindred_strategy_picker_set_entry (self, NULL);
  g_clear_pointer (&self->strategies, g_hash_table_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->row_for, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_STRATEGY_PICKER);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_strategy_picker_parent_class)->dispose (object);
}

static void
kindred_strategy_picker_class_init (KindredStrategyPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_strategy_picker_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-strategy-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPicker, rows);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPicker, add_button);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyPicker, choices_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredstrategypicker");
}

static void
kindred_strategy_picker_init (KindredStrategyPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->strategies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->row_for = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rebuild_choices (self);
}

GtkWidget *
kindred_strategy_picker_new (void)
{
  return g_object_new (KINDRED_TYPE_STRATEGY_PICKER, NULL);
}

void
kindred_strategy_picker_set_entry (KindredStrategyPicker *self,
                                   KindredEntry          *entry)
{
  g_return_if_fail (KINDRED_IS_STRATEGY_PICKER (self));
  g_return_if_fail (entry == NULL || KINDRED_IS_ENTRY (entry));

  if (self->entry == entry)
    return;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->entry_changed_id, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->entry_changed_id = g_signal_connect_swapped (entry, "changed",
                                                       G_CALLBACK (sync_from_entry), self);

  /* Which archived strategies show depends on the entry */
  if (self->choices != NULL)
    rebuild_choices (self);
}

void
kindred_strategy_picker_set_store (KindredStrategyPicker *self,
                                   KindredStore          *store)
{
  g_return_if_fail (KINDRED_IS_STRATEGY_PICKER (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_clear_signal_handler (&self->strategies_changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->strategies_changed_id = g_signal_connect_swapped (store, "strategies-changed",
                                                            G_CALLBACK (rebuild_choices), self);

  if (self->choices != NULL)
    rebuild_choices (self);
}

GtkMenuButton *
kindred_strategy_picker_get_add_button (KindredStrategyPicker *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_PICKER (self), NULL);

  return self->add_button;
}

GtkCheckButton *
kindred_strategy_picker_get_choice (KindredStrategyPicker *self,
                                    const char            *uuid)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_PICKER (self), NULL);

  return g_hash_table_lookup (self->choices, uuid);
}

GtkDropDown *
kindred_strategy_picker_get_helped (KindredStrategyPicker *self,
                                    const char            *uuid)
{
  GtkWidget *row;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_PICKER (self), NULL);

  row = g_hash_table_lookup (self->row_for, uuid);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "kindred-helped") : NULL;
}

GtkButton *
kindred_strategy_picker_get_remove_button (KindredStrategyPicker *self,
                                           const char            *uuid)
{
  GtkWidget *row;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_PICKER (self), NULL);

  row = g_hash_table_lookup (self->row_for, uuid);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "kindred-remove") : NULL;
}

/* kindred-strategy-dialog.c: add or edit one of the person's own strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-strategy-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-strategy-dialog.h"
#include "kindred-strategy-page.h"

typedef struct
{
  guint min;
  guint max;
} Minutes;

struct _KindredStrategyDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *name_row;
  AdwComboRow      *category_row;
  AdwComboRow      *minutes_row;
  GtkTextView      *description_view;
  GtkTextView      *when_view;
  GtkTextView      *steps_view;

  KindredStore     *store;
  KindredStrategy  *strategy;       /* NULL: a new one */
  GPtrArray        *category_ids;   /* char *, per category_row item; NULL: none */
  GArray           *minutes;        /* Minutes, per minutes_row item; 0: not said */
};

G_DEFINE_FINAL_TYPE (KindredStrategyDialog, kindred_strategy_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum { SAVED, SAVE_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Rough lengths to choose from: a person's "about 10 minutes" needs no spin button */
static const guint minute_choices[] = { 1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120 };

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* (transfer full) */
static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static void
name_changed_cb (KindredStrategyDialog *self)
{
  g_autofree char *name = stripped_text (self->name_row);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", name[0] != '\0');
}

static void
fill_categories (KindredStrategyDialog  *self,
                 KindredStrategyLibrary *library,
                 const char             *current)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gboolean found = current == NULL;

  gtk_string_list_append (names, C_("strategy category", "None"));
  g_ptr_array_add (self->category_ids, NULL);
  for (guint i = 0; library != NULL && i < kindred_strategy_library_get_n_categories (library); i++)
    {
      const KindredStrategyCategory *category = kindred_strategy_library_get_category (library, i);

      gtk_string_list_append (names, category->name);
      g_ptr_array_add (self->category_ids, g_strdup (category->id));
      found |= g_strcmp0 (category->id, current) == 0;
    }
  /* A category this Kindred does not know (another device's newer library): kept
   * as it is, under its id, rather than lost on the next save */
  if (!found)
    {
      gtk_string_list_append (names, current);
      g_ptr_array_add (self->category_ids, g_strdup (current));
    }

  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (names));
}

static void
add_minutes (KindredStrategyDialog *self,
             GtkStringList         *labels,
             guint                  min,
             guint                  max)
{
  Minutes minutes = { min, max };
  g_autofree char *label = kindred_strategy_format_minutes (min, max);

  gtk_string_list_append (labels, label != NULL ? label : C_("strategy length", "Not set"));
  g_array_append_val (self->minutes, minutes);
}

static void
fill_minutes (KindredStrategyDialog *self,
              guint                  current_min,
              guint                  current_max)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean single = current_max <= current_min;
  gboolean placed = current_min == 0 && current_max == 0;

  add_minutes (self, labels, 0, 0);
  for (guint i = 0; i < G_N_ELEMENTS (minute_choices); i++)
    {
      /* A length from elsewhere (a range, or one not in the list) keeps its place */
      if (!placed && current_min <= minute_choices[i])
        {
          placed = TRUE;
          if (!single || current_min != minute_choices[i])
            add_minutes (self, labels, current_min, MAX (current_min, current_max));
        }
      add_minutes (self, labels, minute_choices[i], minute_choices[i]);
    }
  if (!placed)
    add_minutes (self, labels, current_min, MAX (current_min, current_max));

  adw_combo_row_set_model (self->minutes_row, G_LIST_MODEL (labels));
}

static guint
find_minutes (KindredStrategyDialog *self,
              guint                  min,
              guint                  max)
{
  max = MAX (min, max);
  for (guint i = 0; i < self->minutes->len; i++)
    {
      Minutes *minutes = &g_array_index (self->minutes, Minutes, i);

      if (minutes->min == min && minutes->max == max)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static guint
find_category (KindredStrategyDialog *self,
               const char            *id)
{
  for (guint i = 0; i < self->category_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->category_ids, i), id) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static char **
steps_from_view (KindredStrategyDialog *self)
{
  g_autofree char *text = view_text (self->steps_view);

  /* KindredStrategy trims each line and leaves out the empty ones */
  return g_strsplit (text, "\n", -1);
}

static void
kindred_strategy_dialog_response (AdwMessageDialog *dialog,
                                  const char       *response)
{
  KindredStrategyDialog *self = KINDRED_STRATEGY_DIALOG (dialog);
  g_autoptr(KindredStrategy) strategy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *when = NULL;
  g_auto(GStrv) steps = NULL;
  guint category = adw_combo_row_get_selected (self->category_row);
  guint length = adw_combo_row_get_selected (self->minutes_row);
  Minutes minutes = { 0, 0 };

  if (g_strcmp0 (response, "save") != 0 || self->store == NULL)
    return;

  name = stripped_text (self->name_row);
  description = g_strstrip (view_text (self->description_view));
  when = g_strstrip (view_text (self->when_view));
  if (name[0] == '\0')
    return;
  steps = steps_from_view (self);
  if (length < self->minutes->len)
    minutes = g_array_index (self->minutes, Minutes, length);

  strategy = self->strategy != NULL ? g_object_ref (self->strategy) : kindred_strategy_new ();
  kindred_strategy_set_name (strategy, name);
  kindred_strategy_set_description (strategy, description[0] != '\0' ? description : NULL);
  kindred_strategy_set_category (strategy, category < self->category_ids->len
                                           ? g_ptr_array_index (self->category_ids, category)
                                           : NULL);
  kindred_strategy_set_minutes (strategy, minutes.min, minutes.max);
  kindred_strategy_set_when (strategy, when[0] != '\0' ? when : NULL);
  kindred_strategy_set_steps (strategy, (const char * const *) steps);
  kindred_strategy_set_builtin (strategy, FALSE);

  if (!kindred_store_save_strategy (self->store, strategy, &error))
    {
      /* The dialog closes after any response, and the name is still typed
       * nowhere else: the view hears "save-failed" and says so */
      g_signal_emit (self, signals[SAVE_FAILED], 0, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, strategy);
}

static void
kindred_strategy_dialog_dispose (GObject *object)
{
  KindredStrategyDialog *self = KINDRED_STRATEGY_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->strategy);

  G_OBJECT_CLASS (kindred_strategy_dialog_parent_class)->dispose (object);
}

static void
kindred_strategy_dialog_finalize (GObject *object)
{
  KindredStrategyDialog *self = KINDRED_STRATEGY_DIALOG (object);

  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  g_clear_pointer (&self->minutes, g_array_unref);

  G_OBJECT_CLASS (kindred_strategy_dialog_parent_class)->finalize (object);
}

static void
kindred_strategy_dialog_class_init (KindredStrategyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = kindred_strategy_dialog_dispose;
  object_class->finalize = kindred_strategy_dialog_finalize;
  dialog_class->response = kindred_strategy_dialog_response;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, KINDRED_TYPE_STRATEGY);
  signals[SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-strategy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, minutes_row);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, when_view);
  gtk_widget_class_bind_template_child (widget_class, KindredStrategyDialog, steps_view);
}

static void
kindred_strategy_dialog_init (KindredStrategyDialog *self)
{
  self->category_ids = g_ptr_array_new_with_free_func (g_free);
  self->minutes = g_array_new (FALSE, FALSE, sizeof (Minutes));

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  name_changed_cb (self);
}

GtkWidget *
kindred_strategy_dialog_new (GtkWindow              *parent,
                             KindredStore           *store,
                             KindredStrategyLibrary *library,
                             KindredStrategy        *strategy)
{
  KindredStrategyDialog *self;
  const char * const *steps = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (library == NULL || KINDRED_IS_STRATEGY_LIBRARY (library), NULL);
  g_return_val_if_fail (strategy == NULL || KINDRED_IS_STRATEGY (strategy), NULL);

  self = g_object_new (KINDRED_TYPE_STRATEGY_DIALOG,
                       "transient-for", parent,
                       "heading", strategy != NULL ? _("Edit your strategy") : _("Add your own strategy"),
                       NULL);
  self->store = g_object_ref (store);
  fill_categories (self, library, strategy != NULL ? kindred_strategy_get_category (strategy) : NULL);
  fill_minutes (self,
                strategy != NULL ? kindred_strategy_get_minutes_min (strategy) : 0,
                strategy != NULL ? kindred_strategy_get_minutes_max (strategy) : 0);
  if (strategy == NULL)
    return GTK_WIDGET (self);

  self->strategy = g_object_ref (strategy);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), kindred_strategy_get_name (strategy));
  set_view_text (self->description_view, kindred_strategy_get_description (strategy));
  set_view_text (self->when_view, kindred_strategy_get_when (strategy));
  kindred_strategy_dialog_select_category (self, kindred_strategy_get_category (strategy));
  adw_combo_row_set_selected (self->minutes_row,
                              find_minutes (self, kindred_strategy_get_minutes_min (strategy),
                                            kindred_strategy_get_minutes_max (strategy)));
  steps = kindred_strategy_get_steps (strategy);
  if (steps != NULL)
    {
      g_autofree char *text = g_strjoinv ("\n", (char **) steps);

      set_view_text (self->steps_view, text);
    }

  return GTK_WIDGET (self);
}

AdwEntryRow *
kindred_strategy_dialog_get_name_row (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->name_row;
}

GtkTextView *
kindred_strategy_dialog_get_description_view (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->description_view;
}

GtkTextView *
kindred_strategy_dialog_get_when_view (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->when_view;
}

GtkTextView *
kindred_strategy_dialog_get_steps_view (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->steps_view;
}

AdwComboRow *
kindred_strategy_dialog_get_category_row (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->category_row;
}

AdwComboRow *
kindred_strategy_dialog_get_minutes_row (KindredStrategyDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), NULL);

  return self->minutes_row;
}

gboolean
kindred_strategy_dialog_select_category (KindredStrategyDialog *self,
                                         const char            *category_id)
{
  guint position;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), FALSE);

  position = find_category (self, category_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  adw_combo_row_set_selected (self->category_row, position);
  return TRUE;
}

gboolean
kindred_strategy_dialog_select_minutes (KindredStrategyDialog *self,
                                        guint                  minutes)
{
  guint position;

  g_return_val_if_fail (KINDRED_IS_STRATEGY_DIALOG (self), FALSE);

  position = find_minutes (self, minutes, minutes);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  adw_combo_row_set_selected (self->minutes_row, position);
  return TRUE;
}

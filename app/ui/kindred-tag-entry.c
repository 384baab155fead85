/* kindred-tag-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-tag-entry"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kindred-tag-entry.h"

/* Completion offers the most used triggers; more would only be noise */
#define MAX_COMPLETIONS 500

struct _KindredTagEntry
{
  GtkWidget           parent_instance;

  GtkFlowBox         *chips;
  GtkEntry           *text_entry;
  GtkEntryCompletion *completion;
  GtkListStore       *completions;

  KindredEntry       *entry;
  KindredStore       *store;
  gulong              changed_id;
  /* Set while the field's text is rewritten by a comma, so that is not typing */
  gboolean            splitting;
};

G_DEFINE_FINAL_TYPE (KindredTagEntry, kindred_tag_entry, GTK_TYPE_WIDGET)

static void
remove_clicked_cb (GtkButton       *button,
                   KindredTagEntry *self)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "kindred-tag");
  const char * const *triggers;
  g_autoptr(GPtrArray) kept = NULL;

  if (self->entry == NULL)
    return;

  triggers = kindred_entry_get_triggers (self->entry);
  kept = g_ptr_array_new_null_terminated (8, NULL, TRUE);
  for (guint i = 0; triggers != NULL && triggers[i] != NULL; i++)
    if (g_strcmp0 (triggers[i], tag) != 0)
      g_ptr_array_add (kept, (gpointer) triggers[i]);

  /* Focus would fall to the window when its chip goes: keep it in the field */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
  kindred_entry_set_triggers (self->entry, (const char * const *) kept->pdata);
}

static GtkWidget *
new_chip (KindredTagEntry *self,
          const char      *tag)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *label = gtk_label_new (tag);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *remove_label = NULL;

  gtk_widget_set_focusable (child, FALSE);
  gtk_widget_add_css_class (box, "editor-chip");
  gtk_widget_add_css_class (box, "tag-chip");
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_margin_start (label, 8);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  /* Translators: the accessible name of the button removing a trigger tag */
  remove_label = g_strdup_printf (_("Remove trigger %s"), tag);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_widget_set_tooltip_text (remove, remove_label);
  g_object_set_data_full (G_OBJECT (remove), "kindred-tag", g_strdup (tag), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  g_object_set_data (G_OBJECT (child), "kindred-remove", remove);

  return child;
}

/* Tags are few: rebuilding the chips is cheap, and only happens when they differ */
static void
sync_from_entry (KindredTagEntry *self)
{
  const char * const *triggers = NULL;
  GtkWidget *child;
  guint n = 0;
  gboolean same = TRUE;

  if (self->entry != NULL)
    triggers = kindred_entry_get_triggers (self->entry);
  n = triggers != NULL ? g_strv_length ((char **) triggers) : 0;

  child = gtk_widget_get_first_child (GTK_WIDGET (self->chips));
  for (guint i = 0; i < n || child != NULL; i++)
    {
      GtkButton *remove = child != NULL ? g_object_get_data (G_OBJECT (child), "kindred-remove") : NULL;

      if (i >= n || remove == NULL ||
          g_strcmp0 (g_object_get_data (G_OBJECT (remove), "kindred-tag"), triggers[i]) != 0)
        {
          same = FALSE;
          break;
        }
      child = gtk_widget_get_next_sibling (child);
    }

  if (same)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips))) != NULL)
    gtk_flow_box_remove (self->chips, child);
  for (guint i = 0; i < n; i++)
    gtk_flow_box_append (self->chips, new_chip (self, triggers[i]));

  gtk_widget_set_visible (GTK_WIDGET (self->chips), n > 0);
}

static void
add_tag (KindredTagEntry *self,
         const char      *text)
{
  g_autofree char *tag = g_strstrip (g_strdup (text));

  if (self->entry == NULL || tag[0] == '\0')
    return;

  kindred_entry_add_trigger (self->entry, tag);
}

static void
activate_cb (KindredTagEntry *self)
{
  add_tag (self, gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
}

/* A comma ends a tag, as it does in most tag fields (pasted "a, b, c" too) */
static void
text_changed_cb (KindredTagEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text_entry));
  g_auto(GStrv) parts = NULL;
  guint n;

  if (self->splitting || strchr (text, ',') == NULL)
    return;

  parts = g_strsplit (text, ",", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i + 1 < n; i++)
    add_tag (self, parts[i]);

  self->splitting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), g_strchug (parts[n - 1]));
  gtk_editable_set_position (GTK_EDITABLE (self->text_entry), -1);
  self->splitting = FALSE;
}

static gboolean
match_selected_cb (KindredTagEntry    *self,
                   GtkTreeModel       *model,
                   GtkTreeIter        *iter)
{
  g_autofree char *tag = NULL;

  gtk_tree_model_get (model, iter, 0, &tag, -1);
  add_tag (self, tag);
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");

  return TRUE;
}

static void
kindred_tag_entry_dispose (GObject *object)
{
  KindredTagEntry *self = KINDRED_TAG_ENTRY (object);

  kindred_tag_entry_set_entry (self, NULL);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_TAG_ENTRY);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_tag_entry_parent_class)->dispose (object);
}

static void
kindred_tag_entry_class_init (KindredTagEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_tag_entry_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-tag-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredTagEntry, chips);
  gtk_widget_class_bind_template_child (widget_class, KindredTagEntry, text_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredTagEntry, completion);
  gtk_widget_class_bind_template_child (widget_class, KindredTagEntry, completions);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredtagentry");
}

static void
kindred_tag_entry_init (KindredTagEntry *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->text_entry, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->text_entry, "changed", G_CALLBACK (text_changed_cb), self);
  g_signal_connect_swapped (self->completion, "match-selected",
                            G_CALLBACK (match_selected_cb), self);
}

GtkWidget *
kindred_tag_entry_new (void)
{
  return g_object_new (KINDRED_TYPE_TAG_ENTRY, NULL);
}

void
kindred_tag_entry_set_entry (KindredTagEntry *self,
                             KindredEntry    *entry)
{
  g_return_if_fail (KINDRED_IS_TAG_ENTRY (self));
  g_return_if_fail (entry == NULL || KINDRED_IS_ENTRY (entry));

  if (self->entry == entry)
    return;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->changed_id, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->changed_id = g_signal_connect_swapped (entry, "changed",
                                                 G_CALLBACK (sync_from_entry), self);

  if (self->chips != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
      sync_from_entry (self);
    }
}

void
kindred_tag_entry_set_store (KindredTagEntry *self,
                             KindredStore    *store)
{
  g_return_if_fail (KINDRED_IS_TAG_ENTRY (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  /* Completions are read when an entry is shown (the editor reloads then), not
   * here: a new store arrives at launch, before anyone writes */
  if (g_set_object (&self->store, store))
    gtk_list_store_clear (self->completions);
}

void
kindred_tag_entry_reload (KindredTagEntry *self)
{
  g_auto(GStrv) triggers = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KINDRED_IS_TAG_ENTRY (self));

  gtk_list_store_clear (self->completions);

  if (self->store == NULL || !kindred_store_is_open (self->store))
    return;

  triggers = kindred_store_list_triggers (self->store, NULL, MAX_COMPLETIONS, &error);
  if (triggers == NULL)
    {
      /* Completion is a convenience: without it the field still takes any tag */
      g_debug ("No trigger completions: %s", error->message);
      return;
    }

  for (guint i = 0; triggers[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->completions, NULL, -1, 0, triggers[i], -1);
}

GtkEntry *
kindred_tag_entry_get_text_entry (KindredTagEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_TAG_ENTRY (self), NULL);

  return self->text_entry;
}

GtkButton *
kindred_tag_entry_get_remove_button (KindredTagEntry *self,
                                     const char      *tag)
{
  g_return_val_if_fail (KINDRED_IS_TAG_ENTRY (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->chips));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *remove = g_object_get_data (G_OBJECT (child), "kindred-remove");

      if (remove != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (remove), "kindred-tag"), tag) == 0)
        return remove;
    }

  return NULL;
}

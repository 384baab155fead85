/* kindred-rank-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-rank-list"

#include "config.h"

#include "kindred-rank-list.h"

struct _KindredRankList
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  guint      n_rows;
};

G_DEFINE_FINAL_TYPE (KindredRankList, kindred_rank_list, GTK_TYPE_WIDGET)

static void
kindred_rank_list_dispose (GObject *object)
{
  KindredRankList *self = KINDRED_RANK_LIST (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (kindred_rank_list_parent_class)->dispose (object);
}

static void
kindred_rank_list_class_init (KindredRankListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_rank_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ranklist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
kindred_rank_list_init (KindredRankList *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
kindred_rank_list_new (void)
{
  return g_object_new (KINDRED_TYPE_RANK_LIST, NULL);
}

void
kindred_rank_list_clear (KindredRankList *self)
{
  GtkWidget *child;

  g_return_if_fail (KINDRED_IS_RANK_LIST (self));

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  self->n_rows = 0;
}

void
kindred_rank_list_append (KindredRankList *self,
                          const char      *name,
                          const char      *value,
                          double           fraction,
                          const char      *detail)
{
  GtkWidget *row, *top, *name_label, *value_label, *bar;
  g_autofree char *accessible = NULL;

  g_return_if_fail (KINDRED_IS_RANK_LIST (self));

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_add_css_class (row, "rank-row");

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_wrap (GTK_LABEL (name_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (name_label, TRUE);
  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 1);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_box_append (GTK_BOX (top), name_label);
  gtk_box_append (GTK_BOX (top), value_label);
  gtk_box_append (GTK_BOX (row), top);

  /* A level bar without offsets stays in the accent colour at every value. */
  bar = gtk_level_bar_new_for_interval (0, 1);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (fraction, 0, 1));
  gtk_widget_add_css_class (bar, "rank-bar");
  /* The numbers are in the labels; the bar is only their picture. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (row), bar);

  if (detail != NULL)
    {
      GtkWidget *detail_label = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
      gtk_widget_add_css_class (detail_label, "dim-label");
      gtk_widget_add_css_class (detail_label, "caption");
      gtk_box_append (GTK_BOX (row), detail_label);
    }

  gtk_box_append (GTK_BOX (self->box), row);
  self->n_rows++;
}

guint
kindred_rank_list_get_n_rows (KindredRankList *self)
{
  g_return_val_if_fail (KINDRED_IS_RANK_LIST (self), 0);

  return self->n_rows;
}

/* kindred-emotion-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-emotion-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-emotion-picker.h"

#define DEFAULT_INTENSITY 3

struct _KindredEmotionPicker
{
  GtkWidget      parent_instance;

  GtkFlowBox    *chips;
  GtkMenuButton *add_button;
  GtkBox        *groups_box;

  KindredEntry  *entry;
  gulong         changed_id;
  GHashTable    *choices;     /* emotion id → GtkToggleButton (popover) */
  GHashTable    *chip_for;    /* emotion id → GtkFlowBoxChild */
  /* Set while widgets are filled from the entry, so that is not a change */
  gboolean       loading;
};

G_DEFINE_FINAL_TYPE (KindredEmotionPicker, kindred_emotion_picker, GTK_TYPE_WIDGET)

static const char *
emotion_label (const char *id)
{
  const char *label = kindred_emotion_get_label (id);

  /* An id from an import that the curated list does not know: shown as it is */
  return label != NULL ? label : id;
}

static void
update_chip_accessible (GtkWidget  *chip,
                        const char *id,
                        int         intensity)
{
  GtkRange *scale = g_object_get_data (G_OBJECT (chip), "kindred-scale");
  g_autofree char *label = NULL;
  g_autofree char *value = NULL;

  /* Translators: a feeling and how strong it was, e.g. "Anxious, intensity 3 of 5" */
  label = g_strdup_printf (_("%s, intensity %d of %d"), emotion_label (id), intensity,
                           KINDRED_INTENSITY_MAX);
  /* Translators: how strong a feeling was, e.g. "3 of 5" */
  value = g_strdup_printf (_("%d of %d"), intensity, KINDRED_INTENSITY_MAX);

  gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, value,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (scale), label);
}

static void
intensity_changed_cb (GtkRange             *scale,
                      KindredEmotionPicker *self)
{
  GtkWidget *chip = g_object_get_data (G_OBJECT (scale), "kindred-chip");
  const char *id = g_object_get_data (G_OBJECT (chip), "kindred-emotion");
  int intensity = CLAMP ((int) (gtk_range_get_value (scale) + 0.5),
                         KINDRED_INTENSITY_MIN, KINDRED_INTENSITY_MAX);

  update_chip_accessible (chip, id, intensity);

  if (self->loading || self->entry == NULL)
    return;

  kindred_entry_set_emotion (self->entry, id, intensity);
}

static void
remove_clicked_cb (GtkButton            *button,
                   KindredEmotionPicker *self)
{
  GtkWidget *chip = g_object_get_data (G_OBJECT (button), "kindred-chip");
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (chip), "kindred-emotion"));

  if (self->entry == NULL)
    return;

  /* Focus would fall to the window when its chip goes: keep it near */
  gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
  kindred_entry_set_emotion (self->entry, id, 0);
}

static GtkWidget *
new_chip (KindredEmotionPicker *self,
          const char           *id,
          int                   intensity)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (emotion_label (id));
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL,
                                               KINDRED_INTENSITY_MIN,
                                               KINDRED_INTENSITY_MAX, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *scale_label = NULL;
  g_autofree char *remove_label = NULL;

  gtk_widget_add_css_class (box, "emotion-chip");
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_widget_add_css_class (box, "editor-chip");
  gtk_widget_set_focusable (child, FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_widget_set_margin_start (label, 6);

  gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
  gtk_range_set_round_digits (GTK_RANGE (scale), 0);
  for (int i = KINDRED_INTENSITY_MIN; i <= KINDRED_INTENSITY_MAX; i++)
    gtk_scale_add_mark (GTK_SCALE (scale), i, GTK_POS_BOTTOM, NULL);
  gtk_widget_set_size_request (scale, 96, -1);
  gtk_range_set_value (GTK_RANGE (scale), intensity);
  /* Translators: the accessible name of the slider for a feeling's strength */
  scale_label = g_strdup_printf (_("Intensity of %s"), emotion_label (id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, scale_label,
                                  -1);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of the button removing a feeling from an entry */
  remove_label = g_strdup_printf (_("Remove %s"), emotion_label (id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_widget_set_tooltip_text (remove, remove_label);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scale);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);

  g_object_set_data_full (G_OBJECT (child), "kindred-emotion", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (child), "kindred-scale", scale);
  g_object_set_data (G_OBJECT (child), "kindred-remove", remove);
  g_object_set_data (G_OBJECT (scale), "kindred-chip", child);
  g_object_set_data (G_OBJECT (remove), "kindred-chip", child);
  update_chip_accessible (child, id, intensity);

  g_signal_connect (scale, "value-changed", G_CALLBACK (intensity_changed_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  return child;
}

/* Brings chips and popover toggles in line with the entry, touching only what
 * differs: a rebuild would take the focus from the slider being moved. */
static void
sync_from_entry (KindredEmotionPicker *self)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = self->entry != NULL ? kindred_entry_get_n_emotions (self->entry) : 0;
  GHashTableIter iter;
  gpointer key, value;

  self->loading = TRUE;

  for (guint i = 0; i < n; i++)
    {
      int intensity = 0;
      const char *id = kindred_entry_get_emotion (self->entry, i, &intensity);
      GtkWidget *chip = g_hash_table_lookup (self->chip_for, id);

      g_hash_table_add (wanted, (gpointer) id);

      if (chip == NULL)
        {
          chip = new_chip (self, id, intensity);
          g_hash_table_insert (self->chip_for, g_strdup (id), chip);
          gtk_flow_box_append (self->chips, chip);
        }
      else
        {
          GtkRange *scale = g_object_get_data (G_OBJECT (chip), "kindred-scale");

          if ((int) gtk_range_get_value (scale) != intensity)
            gtk_range_set_value (scale, intensity);
        }
    }

  g_hash_table_iter_init (&iter, self->chip_for);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted, key))
      {
        gtk_flow_box_remove (self->chips, value);
        g_hash_table_iter_remove (&iter);
      }

  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_toggle_button_set_active (value, g_hash_table_contains (wanted, key));

  gtk_widget_set_visible (GTK_WIDGET (self->chips), n > 0);

  self->loading = FALSE;
}

static void
choice_toggled_cb (GtkToggleButton      *button,
                   KindredEmotionPicker *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "kindred-emotion");

  if (self->loading || self->entry == NULL)
    return;

  if (gtk_toggle_button_get_active (button))
    {
      if (kindred_entry_get_emotion_intensity (self->entry, id) == 0)
        kindred_entry_set_emotion (self->entry, id, DEFAULT_INTENSITY);
    }
  else
    {
      kindred_entry_set_emotion (self->entry, id, 0);
    }
}

static void
build_choices (KindredEmotionPicker *self)
{
  for (guint group = 0; group < kindred_emotions_get_n_groups (); group++)
    {
      guint n_emotions = 0;
      const KindredEmotion *emotions = kindred_emotions_get (group, &n_emotions);
      GtkWidget *heading = gtk_label_new (kindred_emotions_get_group_label (group));
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_top (heading, group > 0 ? 6 : 0);
      gtk_widget_set_margin_start (heading, 4);

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
      gtk_accessible_update_property (GTK_ACCESSIBLE (flow),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kindred_emotions_get_group_label (group),
                                      -1);

      for (guint i = 0; i < n_emotions; i++)
        {
          GtkWidget *toggle = gtk_toggle_button_new_with_label (emotion_label (emotions[i].id));
          GtkWidget *child = gtk_flow_box_child_new ();

          gtk_widget_add_css_class (toggle, "choice-chip");
          gtk_widget_set_focusable (child, FALSE);
          g_object_set_data_full (G_OBJECT (toggle), "kindred-emotion",
                                  g_strdup (emotions[i].id), g_free);
          g_signal_connect (toggle, "toggled", G_CALLBACK (choice_toggled_cb), self);
          gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), toggle);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), child);
          g_hash_table_insert (self->choices, g_strdup (emotions[i].id), toggle);
        }

      gtk_box_append (self->groups_box, heading);
      gtk_box_append (self->groups_box, flow);
    }
}

static void
kindred_emotion_picker_dispose (GObject *object)
{
  KindredEmotionPicker *self = KINDRED_EMOTION_PICKER (object);

  kindred_emotion_picker_set_entry (self, NULL);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->chip_for, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_EMOTION_PICKER);
  /* dispose_template clears only bound children; the root of a bin goes here */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_emotion_picker_parent_class)->dispose (object);
}

static void
kindred_emotion_picker_class_init (KindredEmotionPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_emotion_picker_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-emotion-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredEmotionPicker, chips);
  gtk_widget_class_bind_template_child (widget_class, KindredEmotionPicker, add_button);
  gtk_widget_class_bind_template_child (widget_class, KindredEmotionPicker, groups_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredemotionpicker");
}

static void
kindred_emotion_picker_init (KindredEmotionPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->chip_for = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  build_choices (self);
}

GtkWidget *
kindred_emotion_picker_new (void)
{
  return g_object_new (KINDRED_TYPE_EMOTION_PICKER, NULL);
}

void
kindred_emotion_picker_set_entry (KindredEmotionPicker *self,
                                  KindredEntry         *entry)
{
  g_return_if_fail (KINDRED_IS_EMOTION_PICKER (self));
  g_return_if_fail (entry == NULL || KINDRED_IS_ENTRY (entry));

  if (self->entry == entry)
    return;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->changed_id, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->changed_id = g_signal_connect_swapped (entry, "changed",
                                                 G_CALLBACK (sync_from_entry), self);

  if (self->chip_for != NULL)
    sync_from_entry (self);
}

GtkMenuButton *
kindred_emotion_picker_get_add_button (KindredEmotionPicker *self)
{
  g_return_val_if_fail (KINDRED_IS_EMOTION_PICKER (self), NULL);

  return self->add_button;
}

GtkToggleButton *
kindred_emotion_picker_get_choice (KindredEmotionPicker *self,
                                   const char           *emotion)
{
  g_return_val_if_fail (KINDRED_IS_EMOTION_PICKER (self), NULL);

  return g_hash_table_lookup (self->choices, emotion);
}

GtkWidget *
kindred_emotion_picker_get_chip (KindredEmotionPicker *self,
                                 const char           *emotion)
{
  g_return_val_if_fail (KINDRED_IS_EMOTION_PICKER (self), NULL);

  return g_hash_table_lookup (self->chip_for, emotion);
}

GtkRange *
kindred_emotion_picker_get_intensity (KindredEmotionPicker *self,
                                      const char           *emotion)
{
  GtkWidget *chip = kindred_emotion_picker_get_chip (self, emotion);

  return chip != NULL ? g_object_get_data (G_OBJECT (chip), "kindred-scale") : NULL;
}

GtkButton *
kindred_emotion_picker_get_remove_button (KindredEmotionPicker *self,
                                          const char           *emotion)
{
  GtkWidget *chip = kindred_emotion_picker_get_chip (self, emotion);

  return chip != NULL ? g_object_get_data (G_OBJECT (chip), "kindred-remove") : NULL;
}

/* kindred-review-flag.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-review-flag"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-country.h"
#include "kindred-review-flag.h"
#include "kindred-window.h"

struct _KindredReviewFlag
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkLabel          *note_label;
  GtkBox            *lines_box;
  GtkLabel          *emergency_label;

  KindredGroup      *group;
  GSettings         *settings;
  GPtrArray         *lines;      /* KindredDirectoryEntry */
};

G_DEFINE_FINAL_TYPE (KindredReviewFlag, kindred_review_flag, GTK_TYPE_WIDGET)

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
update_note (KindredReviewFlag *self)
{
  const char *note = kindred_group_get_escalation_note (self->group);

  if (note != NULL && *note != '\0')
    {
      gtk_label_set_text (self->note_label, note);
      gtk_widget_remove_css_class (GTK_WIDGET (self->note_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->note_label,
                          _("This group has no note yet about what you do when someone may "
                            "be in danger."));
      gtk_widget_add_css_class (GTK_WIDGET (self->note_label), "dim-label");
    }
}

static GtkWidget *
new_line_box (KindredDirectoryEntry *entry)
{
  const char *organisation = kindred_directory_entry_get_organisation (entry);
  const char *service = kindred_directory_entry_get_service (entry);
  const char *hours = kindred_directory_entry_get_hours (entry);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *name = NULL;
  guint n_phones = kindred_directory_entry_get_n_phones (entry);

  if (service != NULL && g_strcmp0 (service, organisation) != 0)
    /* Translators: a crisis line in a share's check-in prompt: organisation – service */
    name = g_strdup_printf (_("%s – %s"), organisation, service);
  else
    name = g_strdup (organisation);
  gtk_box_append (GTK_BOX (box), new_label (name, "heading"));

  for (guint i = 0; i < n_phones; i++)
    {
      const char *number = kindred_directory_entry_get_phone_number (entry, i);
      const char *label = kindred_directory_entry_get_phone_label (entry, i);
      GtkWidget *number_label = new_label (number, "review-phone");

      gtk_label_set_selectable (GTK_LABEL (number_label), TRUE);
      if (label != NULL && *label != '\0')
        {
          GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
          GtkWidget *what = new_label (label, "dim-label");

          gtk_widget_set_hexpand (what, TRUE);
          gtk_box_append (GTK_BOX (row), number_label);
          gtk_box_append (GTK_BOX (row), what);
          gtk_box_append (GTK_BOX (box), row);
        }
      else
        gtk_box_append (GTK_BOX (box), number_label);
    }
  if (n_phones == 0 && kindred_directory_entry_get_text_number (entry) != NULL)
    {
      /* Translators: a text (SMS) number of a crisis line */
      g_autofree char *text = g_strdup_printf (_("Text %s"),
                                               kindred_directory_entry_get_text_number (entry));
      GtkWidget *number_label = new_label (text, "review-phone");

      gtk_label_set_selectable (GTK_LABEL (number_label), TRUE);
      gtk_box_append (GTK_BOX (box), number_label);
    }
  if (hours != NULL && *hours != '\0')
    gtk_box_append (GTK_BOX (box), new_label (hours, "caption"));
  if (n_phones == 0 && kindred_directory_entry_get_text_number (entry) == NULL &&
      kindred_directory_entry_get_website (entry) != NULL)
    {
      const char *website = kindred_directory_entry_get_website (entry);
      GtkWidget *link = gtk_link_button_new (website);

      gtk_widget_set_halign (link, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), link);
    }

  return box;
}

static void
fill_lines (KindredReviewFlag *self)
{
  KindredDirectory *directory = kindred_country_get_default_directory ();
  static const char * const kinds[] = { "crisis-line", NULL };
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autofree char *country = kindred_country_dup_effective (self->settings);
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_box_remove (self->lines_box, child);
  g_ptr_array_set_size (self->lines, 0);

  entries = kindred_directory_query (directory, country, NULL, kinds);
  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n && self->lines->len < KINDRED_REVIEW_FLAG_MAX_LINES; i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (entries, i);
      const char *entry_country = kindred_directory_entry_get_country (entry);

      /* The person's country, then the international lines: another country's
       * number would not work here */
      if (g_strcmp0 (entry_country, country) != 0 && g_strcmp0 (entry_country, "INT") != 0)
        break;
      g_ptr_array_add (self->lines, g_object_ref (entry));
      gtk_box_append (self->lines_box, new_line_box (entry));
    }
  if (self->lines->len == 0)
    {
      static const char * const finders[] = { "find-a-helpline", NULL };
      g_autoptr(GListModel) found = NULL;
      g_autofree char *text = NULL;

      if (*country != '\0')
        /* Translators: %s is a country name */
        text = g_strdup_printf (_("Kindred does not list a crisis line for %s yet. This "
                                  "service finds one anywhere:"),
                                kindred_country_get_name (country));
      else
        text = g_strdup (_("Choose your country in Resources to see its crisis lines here. "
                           "This service finds one anywhere:"));
      gtk_box_append (self->lines_box, new_label (text, "dim-label"));

      /* The international helpline finders, so there is always somewhere to turn */
      found = kindred_directory_query (directory, "INT", NULL, finders);
      for (guint i = 0; i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (found, i);

          if (g_strcmp0 (kindred_directory_entry_get_country (entry), "INT") != 0)
            break;
          gtk_box_append (self->lines_box, new_line_box (entry));
        }
    }

  if (*country != '\0')
    numbers = kindred_directory_dup_emergency_numbers (directory, country);
  if (numbers != NULL && numbers->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint i = 0; i < numbers->len; i++)
        {
          KindredEmergencyNumber *number = g_ptr_array_index (numbers, i);

          if (i > 0)
            /* Translators: between emergency numbers: "112 (Police) or 113 (Ambulance)" */
            g_string_append (list, i + 1 == numbers->len ? _(" or ") : ", ");
          g_string_append (list, number->number);
          if (numbers->len > 1 && number->label != NULL)
            g_string_append_printf (list, " (%s)", number->label);
        }
      /* Translators: %s is one or more emergency numbers, e.g. "999" */
      text = g_strdup_printf (_("If someone is in immediate danger, call %s."), list->str);
      gtk_label_set_text (self->emergency_label, text);
    }
  else
    gtk_label_set_text (self->emergency_label,
                        _("If someone is in immediate danger, call the local emergency "
                          "number."));
}

static void
open_resources_cb (KindredReviewFlag *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (KINDRED_IS_WINDOW (root))
    kindred_window_show_view (KINDRED_WINDOW (root), "resources");
}

static void
kindred_review_flag_dispose (GObject *object)
{
  KindredReviewFlag *self = KINDRED_REVIEW_FLAG (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->group);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (kindred_review_flag_parent_class)->dispose (object);
}

static void
kindred_review_flag_class_init (KindredReviewFlagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_review_flag_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewflag");
}

static void
kindred_review_flag_init (KindredReviewFlag *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (KINDRED_SETTINGS_SCHEMA);
  g_signal_connect_swapped (self->settings, "changed::" KINDRED_SETTINGS_COUNTRY,
                            G_CALLBACK (fill_lines), self);
}

GtkWidget *
kindred_review_flag_new (KindredGroup      *group,
                         KindredShareFlags  flags,
                         const char        *pseudonym)
{
  KindredReviewFlag *self;
  GtkWidget *title_box, *icon, *label, *button;
  GtkBox *box;

  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);

  self = g_object_new (KINDRED_TYPE_REVIEW_FLAG, NULL);
  self->group = g_object_ref (group);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  box = GTK_BOX (self->box);
  gtk_widget_add_css_class (self->box, "review-flag");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("A gentle check-in"), -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (title_box), icon);
  label = new_label (_("This share may be worth a gentle check-in"), "heading");
  gtk_widget_set_name (label, "flag-title");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (title_box), label);
  gtk_box_append (box, title_box);

  /* What made Kindred point it out, in words that describe the share, never the
   * person: only a human can tell what it means. */
  if (flags & KINDRED_SHARE_FLAG_WORDS)
    gtk_box_append (box, new_label (_("It contains words people sometimes use when things "
                                      "feel very hard. Only a person can tell what they mean "
                                      "here."), NULL));
  if (flags & KINDRED_SHARE_FLAG_LOW_MOODS)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a member's pseudonym, %u a number of shares (3 or more) */
      text = g_strdup_printf (ngettext ("The last %u share from %s had the lowest mood.",
                                        "The last %u shares from %s all had the lowest mood.",
                                        KINDRED_GROUPS_LOW_MOOD_SHARES),
                              KINDRED_GROUPS_LOW_MOOD_SHARES,
                              pseudonym != NULL ? pseudonym : "");
      gtk_box_append (box, new_label (text, NULL));
    }
  gtk_box_append (box, new_label (_("Reading it soon and reaching out, as you agreed with "
                                    "your group, is a good next step."), NULL));

  label = new_label (_("What you agreed to do"), "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (box, label);
  self->note_label = GTK_LABEL (new_label (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->note_label), "escalation-note");
  gtk_label_set_selectable (self->note_label, TRUE);
  gtk_box_append (box, GTK_WIDGET (self->note_label));
  g_signal_connect_object (group, "notify::escalation-note", G_CALLBACK (update_note), self,
                           G_CONNECT_SWAPPED);
  update_note (self);

  label = new_label (_("Crisis lines"), "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (box, label);
  self->lines_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 8));
  gtk_widget_set_name (GTK_WIDGET (self->lines_box), "crisis-lines");
  gtk_box_append (box, GTK_WIDGET (self->lines_box));
  self->emergency_label = GTK_LABEL (new_label (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->emergency_label), "emergency");
  gtk_box_append (box, GTK_WIDGET (self->emergency_label));

  button = gtk_button_new_with_mnemonic (_("All Crisis Lines and Services"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (open_resources_cb), self);
  gtk_box_append (box, button);

  fill_lines (self);

  return GTK_WIDGET (self);
}

GPtrArray *
kindred_review_flag_get_lines (KindredReviewFlag *self)
{
  g_return_val_if_fail (KINDRED_IS_REVIEW_FLAG (self), NULL);

  return self->lines;
}

/* kindred-help-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-help-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-country.h"
#include "kindred-directory-row.h"
#include "kindred-help-page.h"

struct _KindredHelpPage
{
  GtkWidget          parent_instance;

  GtkScrolledWindow *scroller;
  GtkWidget         *people_box;
  GtkListBox        *people_list;
  GtkLabel          *lines_heading;
  GtkListBox        *lines_list;
  GtkLabel          *no_lines_label;
  GtkLabel          *emergency_label;
  GtkBox            *country_box;

  KindredDirectory  *directory;
  KindredStore      *store;
  GSettings         *settings;
};

G_DEFINE_FINAL_TYPE (KindredHelpPage, kindred_help_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DIRECTORY, PROP_STORE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_row (GtkWidget *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);

  return row;
}

static GtkWidget *
new_wrapped_label (const char *text,
                   const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
new_contact_card (KindredContact *contact)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_add_css_class (box, "directory-card");
  gtk_box_append (GTK_BOX (box), new_wrapped_label (kindred_contact_get_name (contact), "title-3"));
  if (kindred_contact_get_phone (contact) != NULL)
    gtk_box_append (GTK_BOX (box), kindred_phone_box_new (kindred_contact_get_phone (contact), NULL));
  if (kindred_contact_get_other (contact) != NULL)
    {
      GtkWidget *other = new_wrapped_label (kindred_contact_get_other (contact), "contact-reach");

      gtk_box_append (GTK_BOX (box), other);
    }
  if (kindred_contact_get_note (contact) != NULL)
    gtk_box_append (GTK_BOX (box), new_wrapped_label (kindred_contact_get_note (contact), "dim-label"));

  return box;
}

static void
fill_people (KindredHelpPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSafetyPlan) plan = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  const char * const *uuids;
  const char * const *items;
  guint shown = 0;

  clear_list (self->people_list);

  if (self->store == NULL || !kindred_store_is_open (self->store))
    {
      gtk_widget_set_visible (self->people_box, FALSE);
      return;
    }

  plan = kindred_safety_plan_load (self->store, &error);
  if (plan == NULL)
    {
      if (error != NULL)
        g_message ("The safety plan could not be read: %s", error->message);
      gtk_widget_set_visible (self->people_box, FALSE);
      return;
    }

  contacts = kindred_contact_load_all (self->store, FALSE, NULL);
  uuids = kindred_safety_plan_get_contacts (plan, KINDRED_PLAN_SECTION_PEOPLE);
  for (guint i = 0; uuids[i] != NULL && contacts != NULL; i++)
    for (guint j = 0; j < contacts->len; j++)
      {
        KindredContact *contact = g_ptr_array_index (contacts, j);

        if (g_str_equal (kindred_contact_get_uuid (contact), uuids[i]))
          {
            gtk_list_box_append (self->people_list, new_row (new_contact_card (contact)));
            shown++;
          }
      }

  /* People written as text in the plan ("Mum", "my neighbour Ana") */
  items = kindred_safety_plan_get_items (plan, KINDRED_PLAN_SECTION_PEOPLE);
  for (guint i = 0; items[i] != NULL; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_widget_add_css_class (box, "directory-card");
      gtk_box_append (GTK_BOX (box), new_wrapped_label (items[i], "title-3"));
      gtk_list_box_append (self->people_list, new_row (box));
      shown++;
    }

  gtk_widget_set_visible (self->people_box, shown > 0);
}

static void
fill_lines (KindredHelpPage *self,
            const char      *country)
{
  g_autoptr(GListModel) entries = NULL;
  guint n;
  guint local = 0;

  clear_list (self->lines_list);

  if (*country != '\0')
    {
      /* Translators: %s is a country name */
      g_autofree char *heading = g_strdup_printf (_("Support lines in %s"),
                                                  kindred_country_get_name (country));

      gtk_label_set_text (self->lines_heading, heading);
    }
  else
    gtk_label_set_text (self->lines_heading, _("Support lines"));

  entries = kindred_directory_query (self->directory, country, NULL, NULL);
  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (entries, i);
      const char *entry_country = kindred_directory_entry_get_country (entry);

      /* Local lines, then the international ones; another country's would only
       * be a number that does not work here */
      if (g_strcmp0 (entry_country, country) != 0 && g_strcmp0 (entry_country, "INT") != 0)
        break;
      if (g_strcmp0 (entry_country, country) == 0)
        local++;

      gtk_list_box_append (self->lines_list, new_row (kindred_directory_row_new (entry, TRUE)));
    }

  if (local == 0)
    {
      g_autofree char *text = NULL;

      if (*country != '\0')
        /* Translators: %s is a country name */
        text = g_strdup_printf (_("Kindred does not list a support line for %s yet. The service "
                                  "below can help you find one."),
                                kindred_country_get_name (country));
      else
        text = g_strdup (_("Choose your country above to see its support lines. The service "
                           "below can help you find one anywhere."));
      gtk_label_set_text (self->no_lines_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_lines_label), local == 0);
}

/* Callbacks */

static void
country_changed_cb (KindredHelpPage *self)
{
  kindred_help_page_refresh (self);
}

static void
map_cb (KindredHelpPage *self)
{
  /* The plan may have changed while the page was hidden */
  kindred_help_page_refresh (self);
}

/* GObject */

static void
kindred_help_page_constructed (GObject *object)
{
  KindredHelpPage *self = KINDRED_HELP_PAGE (object);

  G_OBJECT_CLASS (kindred_help_page_parent_class)->constructed (object);

  if (self->directory == NULL)
    self->directory = g_object_ref (kindred_country_get_default_directory ());

  gtk_box_append (self->country_box, kindred_country_dropdown_new (self->directory, self->settings));
  kindred_help_page_refresh (self);
}

static void
kindred_help_page_dispose (GObject *object)
{
  KindredHelpPage *self = KINDRED_HELP_PAGE (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_HELP_PAGE);
  g_clear_object (&self->settings);
  g_clear_object (&self->directory);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kindred_help_page_parent_class)->dispose (object);
}

static void
kindred_help_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KindredHelpPage *self = KINDRED_HELP_PAGE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_help_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KindredHelpPage *self = KINDRED_HELP_PAGE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    case PROP_STORE:
      kindred_help_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_help_page_class_init (KindredHelpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kindred_help_page_constructed;
  object_class->dispose = kindred_help_page_dispose;
  object_class->get_property = kindred_help_page_get_property;
  object_class->set_property = kindred_help_page_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, KINDRED_TYPE_DIRECTORY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KINDRED_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-help-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, people_box);
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, people_list);
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, lines_heading);
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, lines_list);
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, no_lines_label);
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, emergency_label);
  gtk_widget_class_bind_template_child (widget_class, KindredHelpPage, country_box);
  kindred_install_directory_actions (widget_class);
}

static void
kindred_help_page_init (KindredHelpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (KINDRED_SETTINGS_SCHEMA);
  g_signal_connect_swapped (self->settings, "changed::" KINDRED_SETTINGS_COUNTRY,
                            G_CALLBACK (country_changed_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

/* Public API */

GtkWidget *
kindred_help_page_new (KindredDirectory *directory)
{
  g_return_val_if_fail (directory == NULL || KINDRED_IS_DIRECTORY (directory), NULL);

  return g_object_new (KINDRED_TYPE_HELP_PAGE, "directory", directory, NULL);
}

void
kindred_help_page_set_store (KindredHelpPage *self,
                             KindredStore    *store)
{
  g_return_if_fail (KINDRED_IS_HELP_PAGE (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  if (self->directory != NULL)
    kindred_help_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KindredStore *
kindred_help_page_get_store (KindredHelpPage *self)
{
  g_return_val_if_fail (KINDRED_IS_HELP_PAGE (self), NULL);

  return self->store;
}

void
kindred_help_page_refresh (KindredHelpPage *self)
{
  g_autofree char *country = NULL;
  g_autofree char *emergency = NULL;

  g_return_if_fail (KINDRED_IS_HELP_PAGE (self));

  country = kindred_country_dup_effective (self->settings);
  fill_people (self);
  fill_lines (self, country);
  emergency = kindred_country_dup_emergency_line (self->directory, country);
  gtk_label_set_text (self->emergency_label, emergency);
}

void
kindred_help_page_scroll_to_top (KindredHelpPage *self)
{
  g_return_if_fail (KINDRED_IS_HELP_PAGE (self));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

GtkWidget *
kindred_help_page_lookup_widget (KindredHelpPage *self,
                                 const char      *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_HELP_PAGE (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_HELP_PAGE, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

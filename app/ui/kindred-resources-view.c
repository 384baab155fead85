/* kindred-resources-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-resources-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-contacts-dialog.h"
#include "kindred-country.h"
#include "kindred-directory-row.h"
#include "kindred-resources-view.h"
#include "kindred-safety-plan-page.h"

struct _KindredResourcesView
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkLabel          *emergency_label;
  GtkSearchEntry    *search_entry;
  GtkFlowBox        *kinds_box;
  GtkListBox        *results_list;
  GtkBox            *country_box;
  GtkListBox        *contacts_list;
  GtkWidget         *contacts_locked_label;
  GtkWidget         *contacts_empty_label;
  GtkWidget         *add_contact_button;
  GtkWidget         *plan_row;
  GtkWidget         *import_button;
  GtkLabel          *version_label;
  GtkWidget         *plan_page;
  GtkWidget         *country_dropdown;

  KindredDirectory  *directory;
  KindredStore      *store;
  GSettings         *settings;
  GListModel        *results;
  GHashTable        *kind_buttons;    /* kind id → GtkToggleButton */
  char              *country;
  GtkFileChooserNative *chooser;
  gboolean           results_bound;  /* the results list holds rows of self->results */
};

G_DEFINE_FINAL_TYPE (KindredResourcesView, kindred_resources_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DIRECTORY, PROP_RESULTS, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Helpers */

/* 0: the person's country, 1: international, 2: elsewhere */
static int
entry_group (KindredResourcesView  *self,
             KindredDirectoryEntry *entry)
{
  const char *country = kindred_directory_entry_get_country (entry);

  if (*self->country != '\0' && g_strcmp0 (country, self->country) == 0)
    return 0;
  if (g_strcmp0 (country, "INT") == 0)
    return 1;

  return 2;
}

static KindredDirectoryEntry *
row_entry (GtkListBoxRow *row)
{
  GtkWidget *child = row != NULL ? gtk_list_box_row_get_child (row) : NULL;

  return KINDRED_IS_DIRECTORY_ROW (child) ? kindred_directory_row_get_entry (KINDRED_DIRECTORY_ROW (child))
                                          : NULL;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  KindredResourcesView *self = user_data;
  KindredDirectoryEntry *entry = row_entry (row);
  KindredDirectoryEntry *previous = row_entry (before);
  int group;
  GtkWidget *header;
  g_autofree char *text = NULL;

  if (entry == NULL)
    return;

  group = entry_group (self, entry);
  if (previous != NULL && entry_group (self, previous) == group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  if (group == 0)
    /* Translators: a heading of the directory list; %s is a country name */
    text = g_strdup_printf (_("In %s"), kindred_country_get_name (self->country));
  else if (group == 1)
    text = g_strdup (_("International"));
  else
    text = g_strdup (_("Other countries"));

  header = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "directory-group");
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                              kindred_directory_row_new (KINDRED_DIRECTORY_ENTRY (item), FALSE));

  return row;
}

/* The directory's rows are made only while the view is on screen: hidden in the
 * window's view stack they cost the launch their making and every measure of the
 * stack, which sizes all its pages (map binds them when the view is first shown) */
static void
bind_results (KindredResourcesView *self)
{
  GListModel *model = gtk_widget_get_mapped (GTK_WIDGET (self)) ? self->results : NULL;

  self->results_bound = model != NULL;
  gtk_list_box_bind_model (self->results_list, model, create_row, self, NULL);
  gtk_list_box_invalidate_headers (self->results_list);
}

static void
refresh_results (KindredResourcesView *self)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autofree char *emergency = NULL;
  GHashTableIter iter;
  gpointer kind, button;

  g_free (self->country);
  self->country = kindred_country_dup_effective (self->settings);

  g_hash_table_iter_init (&iter, self->kind_buttons);
  while (g_hash_table_iter_next (&iter, &kind, &button))
    if (gtk_toggle_button_get_active (button))
      g_ptr_array_add (kinds, kind);
  g_ptr_array_add (kinds, NULL);

  g_clear_object (&self->results);
  self->results = kindred_directory_query (self->directory, self->country,
                                           gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                           (const char * const *) kinds->pdata);
  bind_results (self);

  emergency = kindred_country_dup_emergency_line (self->directory, self->country);
  gtk_label_set_text (self->emergency_label, emergency);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

static void
fill_kinds (KindredResourcesView *self)
{
  const char * const *known = kindred_directory_get_known_kinds ();
  GListModel *entries = kindred_directory_get_entries (self->directory);
  guint n = g_list_model_get_n_items (entries);

  for (guint k = 0; known[k] != NULL; k++)
    {
      gboolean used = FALSE;
      GtkWidget *button;

      /* Only kinds some entry has: a filter that can only empty the list is noise */
      for (guint i = 0; i < n && !used; i++)
        {
          g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (entries, i);

          used = kindred_directory_entry_has_kind (entry, known[k]);
        }
      if (!used || g_hash_table_contains (self->kind_buttons, known[k]))
        continue;

      button = gtk_toggle_button_new_with_label (kindred_directory_kind_get_label (known[k]));
      gtk_widget_add_css_class (button, "kind-chip");
      gtk_widget_set_name (button, known[k]);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (refresh_results), self);
      gtk_flow_box_append (self->kinds_box, button);
      g_hash_table_insert (self->kind_buttons, (gpointer) known[k], button);
    }
}

static void
update_version (KindredResourcesView *self)
{
  g_autofree char *text = NULL;

  /* Translators: %s is the directory's data version, usually a date */
  text = g_strdup_printf (_("Directory version %s. Every entry was checked against the "
                            "organisation's own page on the date shown with it."),
                          kindred_directory_get_version (self->directory));
  gtk_label_set_text (self->version_label, text);
}

static void
rebuild_country_dropdown (KindredResourcesView *self)
{
  if (self->country_dropdown != NULL)
    gtk_box_remove (self->country_box, self->country_dropdown);
  self->country_dropdown = kindred_country_dropdown_new (self->directory, self->settings);
  gtk_box_append (self->country_box, self->country_dropdown);
}

static void
show_dialog (KindredResourcesView *self,
             const char           *heading,
             const char           *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Contacts */

static void refresh_contacts (KindredResourcesView *self);

static void
contact_saved_cb (KindredResourcesView *self)
{
  refresh_contacts (self);
}

static void
open_contact_dialog (KindredResourcesView *self,
                     KindredContact       *contact)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KindredContactsDialog *dialog;

  if (self->store == NULL || !kindred_store_is_open (self->store))
    return;

  dialog = kindred_contacts_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->store, contact);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (contact_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_contact_cb (GtkButton            *button,
                 KindredResourcesView *self)
{
  open_contact_dialog (self, g_object_get_data (G_OBJECT (button), "contact"));
}

static void
remove_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    KindredResourcesView *self)
{
  g_autoptr(GError) error = NULL;
  KindredContact *contact = g_object_get_data (G_OBJECT (dialog), "contact");

  if (g_strcmp0 (response, "remove") != 0 || self->store == NULL)
    return;

  if (!kindred_contact_remove (self->store, kindred_contact_get_uuid (contact), &error))
    show_dialog (self, _("The Contact Could Not Be Removed"), error->message);
  else
    kindred_show_toast (GTK_WIDGET (self), _("Contact removed"));
  refresh_contacts (self);
}

static void
remove_contact_cb (GtkButton            *button,
                   KindredResourcesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KindredContact *contact = g_object_get_data (G_OBJECT (button), "contact");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Remove This Contact?"),
                                   _("They will also leave your safety plan."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "remove", _("Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return button;
}

static GtkWidget *
new_contact_row (KindredResourcesView *self,
                 KindredContact       *contact)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autoptr(GString) subtitle = g_string_new (kindred_contact_get_reach (contact));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kindred_contact_get_name (contact));
  if (kindred_contact_get_phone (contact) != NULL && kindred_contact_get_other (contact) != NULL)
    g_string_append_printf (subtitle, " · %s", kindred_contact_get_other (contact));
  if (kindred_contact_get_note (contact) != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "",
                            kindred_contact_get_note (contact));
  /* Subtitles are markup in libadwaita 1.2; the person's words are escaped */
  if (subtitle->len > 0)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }

  if (kindred_contact_get_phone (contact) != NULL)
    {
      button = new_icon_button ("edit-copy-symbolic", _("Copy number"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "directory.copy-number");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (kindred_contact_get_phone (contact)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  button = new_icon_button ("document-edit-symbolic", _("Edit contact"));
  g_object_set_data_full (G_OBJECT (button), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (edit_contact_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  button = new_icon_button ("user-trash-symbolic", _("Remove contact"));
  g_object_set_data_full (G_OBJECT (button), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_contact_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
refresh_contacts (KindredResourcesView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  gboolean open = self->store != NULL && kindred_store_is_open (self->store);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->contacts_list))) != NULL)
    gtk_list_box_remove (self->contacts_list, child);

  if (open)
    {
      contacts = kindred_contact_load_all (self->store, FALSE, &error);
      if (contacts == NULL)
        g_message ("The contacts could not be read: %s", error->message);
    }

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    gtk_list_box_append (self->contacts_list, new_contact_row (self, g_ptr_array_index (contacts, i)));

  gtk_widget_set_visible (self->contacts_locked_label, !open);
  gtk_widget_set_visible (self->contacts_empty_label, open && (contacts == NULL || contacts->len == 0));
  gtk_widget_set_visible (GTK_WIDGET (self->contacts_list), contacts != NULL && contacts->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "resources.add-contact", open);
}

/* Actions */

static void
show_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kindred_resources_view_show_plan (KINDRED_RESOURCES_VIEW (widget));
}

static void
add_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_contact_dialog (KINDRED_RESOURCES_VIEW (widget), NULL);
}

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     KindredResourcesView *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    kindred_resources_view_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredResourcesView *self = KINDRED_RESOURCES_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Import Directory Update"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Directory files (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Callbacks */

static void
country_changed_cb (KindredResourcesView *self)
{
  refresh_results (self);
}

static void
plan_close_requested_cb (KindredResourcesView *self)
{
  kindred_resources_view_show_directory (self);
}

/* GObject */

static void
kindred_resources_view_constructed (GObject *object)
{
  KindredResourcesView *self = KINDRED_RESOURCES_VIEW (object);

  G_OBJECT_CLASS (kindred_resources_view_parent_class)->constructed (object);

  if (self->directory == NULL)
    self->directory = g_object_ref (kindred_country_get_default_directory ());

  self->plan_page = kindred_safety_plan_page_new (self->directory);
  g_signal_connect_swapped (self->plan_page, "close-requested",
                            G_CALLBACK (plan_close_requested_cb), self);
  gtk_stack_add_named (self->stack, self->plan_page, "plan");

  rebuild_country_dropdown (self);
  fill_kinds (self);
  update_version (self);
  refresh_results (self);
  refresh_contacts (self);
}

static void
kindred_resources_view_dispose (GObject *object)
{
  KindredResourcesView *self = KINDRED_RESOURCES_VIEW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_RESOURCES_VIEW);
  g_clear_object (&self->results);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->kind_buttons, g_hash_table_unref);
  g_clear_pointer (&self->country, g_free);

  G_OBJECT_CLASS (kindred_resources_view_parent_class)->dispose (object);
}

static void
kindred_resources_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KindredResourcesView *self = KINDRED_RESOURCES_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_RESULTS:
      g_value_set_object (value, self->results);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_resources_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KindredResourcesView *self = KINDRED_RESOURCES_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_resources_view_map (GtkWidget *widget)
{
  KindredResourcesView *self = KINDRED_RESOURCES_VIEW (widget);

  GTK_WIDGET_CLASS (kindred_resources_view_parent_class)->map (widget);

  if (!self->results_bound)
    bind_results (self);
}

static void
kindred_resources_view_class_init (KindredResourcesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kindred_resources_view_constructed;
  object_class->dispose = kindred_resources_view_dispose;
  object_class->get_property = kindred_resources_view_get_property;
  object_class->set_property = kindred_resources_view_set_property;
  widget_class->map = kindred_resources_view_map;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, KINDRED_TYPE_DIRECTORY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RESULTS] =
    g_param_spec_object ("results", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-resources-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, scroller);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, emergency_label);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, kinds_box);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, results_list);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, country_box);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, contacts_list);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, contacts_locked_label);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, contacts_empty_label);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, add_contact_button);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, plan_row);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, import_button);
  gtk_widget_class_bind_template_child (widget_class, KindredResourcesView, version_label);

  gtk_widget_class_install_action (widget_class, "resources.show-plan", NULL, show_plan_action);
  gtk_widget_class_install_action (widget_class, "resources.add-contact", NULL, add_contact_action);
  gtk_widget_class_install_action (widget_class, "resources.import", NULL, import_action);
  kindred_install_directory_actions (widget_class);
}

static void
kindred_resources_view_init (KindredResourcesView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->kind_buttons = g_hash_table_new (g_str_hash, g_str_equal);
  self->country = g_strdup ("");
  self->settings = g_settings_new (KINDRED_SETTINGS_SCHEMA);
  g_signal_connect_swapped (self->settings, "changed::" KINDRED_SETTINGS_COUNTRY,
                            G_CALLBACK (country_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (refresh_results), self);
  gtk_list_box_set_header_func (self->results_list, header_func, self, NULL);
  placeholder = gtk_label_new (_("Nothing matches. Try other words, or clear the filters."));
  /* Wraps: it also shows until the view is first mapped, and must fit 360 px */
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_justify (GTK_LABEL (placeholder), GTK_JUSTIFY_CENTER);
  gtk_list_box_set_placeholder (self->results_list, placeholder);
}

/* Public API */

GtkWidget *
kindred_resources_view_new (KindredDirectory *directory)
{
  g_return_val_if_fail (directory == NULL || KINDRED_IS_DIRECTORY (directory), NULL);

  return g_object_new (KINDRED_TYPE_RESOURCES_VIEW, "directory", directory, NULL);
}

void
kindred_resources_view_set_store (KindredResourcesView *self,
                                  KindredStore         *store)
{
  g_return_if_fail (KINDRED_IS_RESOURCES_VIEW (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  g_set_object (&self->store, store);
  kindred_safety_plan_page_set_store (KINDRED_SAFETY_PLAN_PAGE (self->plan_page), store);
  refresh_contacts (self);
  if (store == NULL)
    kindred_resources_view_show_directory (self);
}

KindredStore *
kindred_resources_view_get_store (KindredResourcesView *self)
{
  g_return_val_if_fail (KINDRED_IS_RESOURCES_VIEW (self), NULL);

  return self->store;
}

GListModel *
kindred_resources_view_get_results (KindredResourcesView *self)
{
  g_return_val_if_fail (KINDRED_IS_RESOURCES_VIEW (self), NULL);

  return self->results;
}

gboolean
kindred_resources_view_import_file (KindredResourcesView *self,
                                    GFile                *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (KINDRED_IS_RESOURCES_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!kindred_directory_import_update (self->directory, file, NULL, &error))
    {
      show_dialog (self, _("This Update Was Not Used"), error->message);
      return FALSE;
    }

  /* Translators: %s is the new directory version, usually a date */
  message = g_strdup_printf (_("Directory updated to version %s"),
                             kindred_directory_get_version (self->directory));
  kindred_show_toast (GTK_WIDGET (self), message);

  rebuild_country_dropdown (self);
  fill_kinds (self);
  update_version (self);
  refresh_results (self);

  return TRUE;
}

void
kindred_resources_view_show_plan (KindredResourcesView *self)
{
  g_return_if_fail (KINDRED_IS_RESOURCES_VIEW (self));

  gtk_stack_set_visible_child_name (self->stack, "plan");
}

void
kindred_resources_view_show_directory (KindredResourcesView *self)
{
  g_return_if_fail (KINDRED_IS_RESOURCES_VIEW (self));

  refresh_contacts (self);
  gtk_stack_set_visible_child_name (self->stack, "directory");
}

GtkWidget *
kindred_resources_view_get_kind_button (KindredResourcesView *self,
                                        const char           *kind)
{
  g_return_val_if_fail (KINDRED_IS_RESOURCES_VIEW (self), NULL);

  return g_hash_table_lookup (self->kind_buttons, kind);
}

GtkWidget *
kindred_resources_view_lookup_widget (KindredResourcesView *self,
                                      const char           *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_RESOURCES_VIEW (self), NULL);

  if (g_strcmp0 (name, "plan_page") == 0)
    return self->plan_page;

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_RESOURCES_VIEW, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

/* kindred-safety-plan-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-safety-plan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-country.h"
#include "kindred-directory-row.h"
#include "kindred-plan-pdf.h"
#include "kindred-safety-plan-page.h"

/* Long enough that a word being typed is not a write each; short enough that
 * closing the laptop right after loses nothing (and unmap saves at once). */
#define SAVE_DELAY_MS 700

typedef struct
{
  GtkWidget      *page;
  GtkListBox     *items_list;
  AdwEntryRow    *add_row;
  AdwExpanderRow *strategies_row;
  AdwExpanderRow *contacts_row;
  AdwExpanderRow *services_row;
  GPtrArray      *item_rows;        /* AdwEntryRow, in order */
} Step;

struct _KindredSafetyPlanPage
{
  GtkWidget          parent_instance;

  GtkStack          *steps;
  GtkLabel          *step_label;
  GtkWidget         *prev_button;
  GtkWidget         *next_button;
  GtkWidget         *pdf_button;
  GtkLabel          *status_label;
  GtkLabel          *locked_label;
  GtkScrolledWindow *scroller;

  Step               step_widgets[KINDRED_PLAN_N_SECTIONS];
  guint              step;

  KindredDirectory  *directory;
  KindredStore      *store;
  KindredSafetyPlan *plan;
  GtkFileChooserNative *chooser;
  guint              save_id;
  gboolean           loading;     /* widgets are being filled: not a change */
  gboolean           dirty;
};

G_DEFINE_FINAL_TYPE (KindredSafetyPlanPage, kindred_safety_plan_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DIRECTORY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CLOSE_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule_save (KindredSafetyPlanPage *self);
static void add_item_row  (KindredSafetyPlanPage *self,
                           KindredPlanSection     section,
                           const char            *text);

/* Helpers */

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

/* The library gives built-in strategies their translated names */
static const char *
strategy_name (KindredStrategy *strategy)
{
  KindredStrategyLibrary *library = get_library ();
  KindredStrategyInfo *info = NULL;

  if (library != NULL)
    info = kindred_strategy_library_lookup (library, kindred_strategy_get_uuid (strategy));

  return info != NULL ? kindred_strategy_info_get_name (info) : kindred_strategy_get_name (strategy);
}

static gboolean
editable (KindredSafetyPlanPage *self)
{
  return self->store != NULL && kindred_store_is_open (self->store) && self->plan != NULL;
}

static void
set_status (KindredSafetyPlanPage *self,
            const char            *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
}

static void
update_actions (KindredSafetyPlanPage *self)
{
  g_autofree char *label = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.previous", self->step > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.save-pdf", editable (self));
  gtk_button_set_label (GTK_BUTTON (self->next_button),
                        self->step + 1 < KINDRED_PLAN_N_SECTIONS ? _("Next") : _("Done"));

  /* Translators: progress through the safety plan: "Step 2 of 7" */
  label = g_strdup_printf (_("Step %u of %u"), self->step + 1, (guint) KINDRED_PLAN_N_SECTIONS);
  gtk_label_set_text (self->step_label, label);
}

/* The rows' small titles count the items: an entry row without a title leaves an
 * empty line above the text */
static void
renumber (Step *step)
{
  for (guint i = 0; i < step->item_rows->len; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (g_ptr_array_index (step->item_rows, i)),
                                     number);
    }
}

static void
collect_items (KindredSafetyPlanPage *self,
               KindredPlanSection     section)
{
  Step *step = &self->step_widgets[section];
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;

  if (self->loading || self->plan == NULL)
    return;

  for (guint i = 0; i < step->item_rows->len; i++)
    g_strv_builder_add (builder, gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (step->item_rows, i))));
  items = g_strv_builder_end (builder);

  kindred_safety_plan_set_items (self->plan, section, (const char * const *) items);
}

/* Every check button below @expander that is active, by widget name (uuid or id) */
static GStrv
collect_checks (AdwExpanderRow *expander)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *checks;

  if (expander == NULL)
    return g_strv_builder_end (builder);

  checks = g_object_get_data (G_OBJECT (expander), "checks");
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, gtk_widget_get_name (GTK_WIDGET (check)));
    }

  return g_strv_builder_end (builder);
}

static void
collect_links (KindredSafetyPlanPage *self,
               KindredPlanSection     section)
{
  Step *step = &self->step_widgets[section];

  if (self->loading || self->plan == NULL)
    return;

  if (step->strategies_row != NULL)
    {
      g_auto(GStrv) uuids = collect_checks (step->strategies_row);

      kindred_safety_plan_set_strategies (self->plan, (const char * const *) uuids);
    }
  if (step->contacts_row != NULL)
    {
      g_auto(GStrv) uuids = collect_checks (step->contacts_row);

      kindred_safety_plan_set_contacts (self->plan, section, (const char * const *) uuids);
    }
  if (step->services_row != NULL)
    {
      g_auto(GStrv) ids = collect_checks (step->services_row);

      kindred_safety_plan_set_services (self->plan, (const char * const *) ids);
    }
}

/* Callbacks of the step widgets */

static void
item_changed_cb (GtkEditable           *row,
                 KindredSafetyPlanPage *self)
{
  collect_items (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "section")));
}

static void
remove_item_cb (GtkButton             *button,
                KindredSafetyPlanPage *self)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "row");
  KindredPlanSection section = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "section"));
  Step *step = &self->step_widgets[section];

  g_ptr_array_remove (step->item_rows, row);
  gtk_list_box_remove (step->items_list, GTK_WIDGET (row));
  renumber (step);
  collect_items (self, section);
  gtk_widget_grab_focus (GTK_WIDGET (step->add_row));
}

static void
add_activated_cb (AdwEntryRow           *add_row,
                  KindredSafetyPlanPage *self)
{
  KindredPlanSection section = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (add_row), "section"));
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (add_row)));

  if (*g_strstrip (text) == '\0')
    return;

  add_item_row (self, section, text);
  gtk_editable_set_text (GTK_EDITABLE (add_row), "");
  collect_items (self, section);
}

static void
check_toggled_cb (GtkCheckButton        *check,
                  KindredSafetyPlanPage *self)
{
  collect_links (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "section")));
}

static void
plan_changed_cb (KindredSafetyPlanPage *self)
{
  self->dirty = TRUE;
  schedule_save (self);
}

/* Building the steps */

static void
add_item_row (KindredSafetyPlanPage *self,
              KindredPlanSection     section,
              const char            *text)
{
  Step *step = &self->step_widgets[section];
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  int position = (int) step->item_rows->len;

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kindred_plan_section_get_title (section), -1);
  g_object_set_data (G_OBJECT (row), "section", GUINT_TO_POINTER (section));
  g_signal_connect (row, "changed", G_CALLBACK (item_changed_cb), self);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove"), -1);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_item_cb), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  gtk_list_box_insert (step->items_list, row, position);
  g_ptr_array_add (step->item_rows, row);
  renumber (step);
}

static AdwExpanderRow *
new_expander (GtkListBox *list,
              const char *title,
              const char *subtitle)
{
  GtkWidget *expander = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  g_object_set_data_full (G_OBJECT (expander), "checks", g_ptr_array_new (),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (expander), "rows", g_ptr_array_new (),
                          (GDestroyNotify) g_ptr_array_unref);
  gtk_list_box_append (list, expander);

  return ADW_EXPANDER_ROW (expander);
}

static void
clear_expander (AdwExpanderRow *expander)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (expander), "rows");
  GPtrArray *checks = g_object_get_data (G_OBJECT (expander), "checks");

  for (guint i = 0; i < rows->len; i++)
    adw_expander_row_remove (expander, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
  g_ptr_array_set_size (checks, 0);
}

static void
add_check (KindredSafetyPlanPage *self,
           AdwExpanderRow        *expander,
           KindredPlanSection     section,
           const char            *id,
           const char            *title,
           const char            *subtitle,
           gboolean               active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (check, id);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (check), "section", GUINT_TO_POINTER (section));
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_expander_row_add_row (expander, row);

  g_ptr_array_add (g_object_get_data (G_OBJECT (expander), "rows"), row);
  g_ptr_array_add (g_object_get_data (G_OBJECT (expander), "checks"), check);
}

static void
add_note (AdwExpanderRow *expander,
          const char     *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_expander_row_add_row (expander, row);
  g_ptr_array_add (g_object_get_data (G_OBJECT (expander), "rows"), row);
}

static void
fill_links (KindredSafetyPlanPage *self)
{
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GListModel) services = NULL;
  g_autofree char *country = NULL;
  g_autoptr(GSettings) settings = NULL;
  Step *coping = &self->step_widgets[KINDRED_PLAN_SECTION_COPING];
  Step *professionals = &self->step_widgets[KINDRED_PLAN_SECTION_PROFESSIONALS];
  const KindredPlanSection contact_sections[] = {
    KINDRED_PLAN_SECTION_PEOPLE, KINDRED_PLAN_SECTION_PROFESSIONALS,
  };
  const char * const *chosen;
  guint n;

  self->loading = TRUE;

  clear_expander (coping->strategies_row);
  for (guint s = 0; s < G_N_ELEMENTS (contact_sections); s++)
    clear_expander (self->step_widgets[contact_sections[s]].contacts_row);
  clear_expander (professionals->services_row);

  if (editable (self))
    {
      strategies = kindred_store_list_strategies (self->store, FALSE, NULL);
      contacts = kindred_contact_load_all (self->store, FALSE, NULL);
    }

  chosen = self->plan != NULL ? kindred_safety_plan_get_strategies (self->plan) : NULL;
  for (guint i = 0; strategies != NULL && i < strategies->len; i++)
    {
      KindredStrategy *strategy = g_ptr_array_index (strategies, i);
      const char *uuid = kindred_strategy_get_uuid (strategy);

      add_check (self, coping->strategies_row, KINDRED_PLAN_SECTION_COPING, uuid,
                 strategy_name (strategy), NULL,
                 chosen != NULL && g_strv_contains (chosen, uuid));
    }

  for (guint s = 0; s < G_N_ELEMENTS (contact_sections); s++)
    {
      AdwExpanderRow *expander = self->step_widgets[contact_sections[s]].contacts_row;

      chosen = self->plan != NULL ? kindred_safety_plan_get_contacts (self->plan, contact_sections[s]) : NULL;
      if (contacts == NULL || contacts->len == 0)
        add_note (expander, _("No contacts yet. You can add people in Resources, under "
                              "“My support contacts”."));
      for (guint i = 0; contacts != NULL && i < contacts->len; i++)
        {
          KindredContact *contact = g_ptr_array_index (contacts, i);
          const char *uuid = kindred_contact_get_uuid (contact);

          add_check (self, expander, contact_sections[s], uuid, kindred_contact_get_name (contact),
                     kindred_contact_get_reach (contact),
                     chosen != NULL && g_strv_contains (chosen, uuid));
        }
    }

  settings = g_settings_new (KINDRED_SETTINGS_SCHEMA);
  country = kindred_country_dup_effective (settings);
  services = kindred_directory_query (self->directory, country, NULL, NULL);
  chosen = self->plan != NULL ? kindred_safety_plan_get_services (self->plan) : NULL;
  n = g_list_model_get_n_items (services);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (services, i);
      const char *entry_country = kindred_directory_entry_get_country (entry);
      const char *id = kindred_directory_entry_get_id (entry);
      g_autofree char *subtitle = NULL;

      /* This country's services and the international ones, and any chosen before
       * (the person may have moved) */
      if (g_strcmp0 (entry_country, country) != 0 && g_strcmp0 (entry_country, "INT") != 0 &&
          (chosen == NULL || !g_strv_contains (chosen, id)))
        continue;

      if (kindred_directory_entry_get_n_phones (entry) > 0)
        subtitle = g_strdup (kindred_directory_entry_get_phone_number (entry, 0));
      add_check (self, professionals->services_row, KINDRED_PLAN_SECTION_PROFESSIONALS, id,
                 kindred_directory_entry_get_organisation (entry), subtitle,
                 chosen != NULL && g_strv_contains (chosen, id));
    }

  self->loading = FALSE;
}

static void
build_step (KindredSafetyPlanPage *self,
            KindredPlanSection     section)
{
  Step *step = &self->step_widgets[section];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (kindred_plan_section_get_title (section));
  GtkWidget *explanation = gtk_label_new (kindred_plan_section_get_explanation (section));
  GtkWidget *items = gtk_list_box_new ();
  GtkWidget *add_row = adw_entry_row_new ();
  g_autofree char *name = g_strdup_printf ("step-%s", kindred_plan_section_get_id (section));

  step->page = box;
  step->item_rows = g_ptr_array_new ();

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), explanation);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (items), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (items, "boxed-list");
  step->items_list = GTK_LIST_BOX (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add_row), _("Add something"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add_row), TRUE);
  g_object_set_data (G_OBJECT (add_row), "section", GUINT_TO_POINTER (section));
  g_signal_connect (add_row, "entry-activated", G_CALLBACK (add_activated_cb), self);
  g_signal_connect (add_row, "apply", G_CALLBACK (add_activated_cb), self);
  gtk_list_box_append (step->items_list, add_row);
  step->add_row = ADW_ENTRY_ROW (add_row);
  gtk_box_append (GTK_BOX (box), items);

  if (section == KINDRED_PLAN_SECTION_COPING || section == KINDRED_PLAN_SECTION_PEOPLE ||
      section == KINDRED_PLAN_SECTION_PROFESSIONALS)
    {
      GtkWidget *links = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (links), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (links, "boxed-list");
      if (section == KINDRED_PLAN_SECTION_COPING)
        step->strategies_row = new_expander (GTK_LIST_BOX (links), _("Choose from your strategies"),
                                             NULL);
      else
        step->contacts_row = new_expander (GTK_LIST_BOX (links), _("Choose from your contacts"),
                                           NULL);
      if (section == KINDRED_PLAN_SECTION_PROFESSIONALS)
        step->services_row = new_expander (GTK_LIST_BOX (links), _("Choose support services"),
                                           _("From the directory, for your country"));
      gtk_box_append (GTK_BOX (box), links);
    }

  gtk_stack_add_named (self->steps, box, name);
}

static void
fill_items (KindredSafetyPlanPage *self)
{
  self->loading = TRUE;
  for (guint s = 0; s < KINDRED_PLAN_N_SECTIONS; s++)
    {
      Step *step = &self->step_widgets[s];
      const char * const *items = self->plan != NULL ? kindred_safety_plan_get_items (self->plan, s) : NULL;

      for (guint i = 0; i < step->item_rows->len; i++)
        gtk_list_box_remove (step->items_list, g_ptr_array_index (step->item_rows, i));
      g_ptr_array_set_size (step->item_rows, 0);

      for (guint i = 0; items != NULL && items[i] != NULL; i++)
        add_item_row (self, s, items[i]);
    }
  self->loading = FALSE;
}

/* Saving */

static gboolean
save_timeout_cb (gpointer user_data)
{
  KindredSafetyPlanPage *self = user_data;

  self->save_id = 0;
  kindred_safety_plan_page_save_now (self, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule_save (KindredSafetyPlanPage *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  set_status (self, _("Saving…"));
}

/* Actions */

static void
show_step (KindredSafetyPlanPage *self,
           guint                  step)
{
  self->step = MIN (step, KINDRED_PLAN_N_SECTIONS - 1);
  gtk_stack_set_visible_child (self->steps, self->step_widgets[self->step].page);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  update_actions (self);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (widget);

  if (self->step > 0)
    show_step (self, self->step - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (widget);

  if (self->step + 1 < KINDRED_PLAN_N_SECTIONS)
    show_step (self, self->step + 1);
  else
    {
      kindred_safety_plan_page_save_now (self, NULL);
      g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
    }
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (widget);

  kindred_safety_plan_page_save_now (self, NULL);
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

static void
show_error_dialog (KindredSafetyPlanPage *self,
                   const char            *heading,
                   const char            *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (GtkNativeDialog       *chooser,
                     int                    response,
                     KindredSafetyPlanPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  if (kindred_safety_plan_page_export_pdf (self, file, &error))
    kindred_show_toast (GTK_WIDGET (self), _("Your safety plan was saved as a PDF"));
  else
    show_error_dialog (self, _("The PDF Could Not Be Saved"), error->message);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Your Safety Plan"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* Translators: the suggested file name of the saved safety plan */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("My safety plan.pdf"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject */

static void
unmap_cb (KindredSafetyPlanPage *self)
{
  if (self->save_id != 0)
    kindred_safety_plan_page_save_now (self, NULL);
}

static void
map_cb (KindredSafetyPlanPage *self)
{
  /* Contacts may have been added in Resources meanwhile */
  fill_links (self);
}

static void
kindred_safety_plan_page_constructed (GObject *object)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (object);

  G_OBJECT_CLASS (kindred_safety_plan_page_parent_class)->constructed (object);

  if (self->directory == NULL)
    self->directory = g_object_ref (kindred_country_get_default_directory ());

  for (guint s = 0; s < KINDRED_PLAN_N_SECTIONS; s++)
    build_step (self, s);
  kindred_safety_plan_page_set_store (self, NULL);
  show_step (self, 0);
}

static void
kindred_safety_plan_page_dispose (GObject *object)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (object);
  GtkWidget *child;

  if (self->save_id != 0)
    kindred_safety_plan_page_save_now (self, NULL);
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_SAFETY_PLAN_PAGE);
  /* The template's outer box has no id, so dispose_template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (guint s = 0; s < KINDRED_PLAN_N_SECTIONS; s++)
    g_clear_pointer (&self->step_widgets[s].item_rows, g_ptr_array_unref);
  g_clear_object (&self->plan);
  g_clear_object (&self->store);
  g_clear_object (&self->directory);

  G_OBJECT_CLASS (kindred_safety_plan_page_parent_class)->dispose (object);
}

static void
kindred_safety_plan_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_safety_plan_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  KindredSafetyPlanPage *self = KINDRED_SAFETY_PLAN_PAGE (object);

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
kindred_safety_plan_page_class_init (KindredSafetyPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kindred_safety_plan_page_constructed;
  object_class->dispose = kindred_safety_plan_page_dispose;
  object_class->get_property = kindred_safety_plan_page_get_property;
  object_class->set_property = kindred_safety_plan_page_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL, KINDRED_TYPE_DIRECTORY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-safety-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, steps);
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, step_label);
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, prev_button);
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, locked_label);
  gtk_widget_class_bind_template_child (widget_class, KindredSafetyPlanPage, scroller);

  gtk_widget_class_install_action (widget_class, "plan.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "plan.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "plan.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "plan.save-pdf", NULL, save_pdf_action);
}

static void
kindred_safety_plan_page_init (KindredSafetyPlanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (unmap_cb), NULL);
}

/* Public API */

GtkWidget *
kindred_safety_plan_page_new (KindredDirectory *directory)
{
  g_return_val_if_fail (directory == NULL || KINDRED_IS_DIRECTORY (directory), NULL);

  return g_object_new (KINDRED_TYPE_SAFETY_PLAN_PAGE, "directory", directory, NULL);
}

void
kindred_safety_plan_page_set_store (KindredSafetyPlanPage *self,
                                    KindredStore          *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSafetyPlan) plan = NULL;

  g_return_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  /* The old journal gets what was typed before it goes */
  if (self->save_id != 0)
    kindred_safety_plan_page_save_now (self, NULL);

  g_set_object (&self->store, store);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_clear_object (&self->plan);
  set_status (self, NULL);

  if (store != NULL && kindred_store_is_open (store))
    {
      plan = kindred_safety_plan_load (store, &error);
      if (error != NULL)
        {
          /* The damaged text is set aside (not lost) on the first save */
          set_status (self, _("Your saved plan could not be read, so this is a fresh one. "
                              "Nothing is lost: the old one is kept in your journal."));
          g_clear_error (&error);
        }
      self->plan = plan != NULL ? g_steal_pointer (&plan) : kindred_safety_plan_new ();
      g_signal_connect_swapped (self->plan, "changed", G_CALLBACK (plan_changed_cb), self);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->locked_label), self->plan == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->steps), self->plan != NULL);
  fill_items (self);
  fill_links (self);
  update_actions (self);
}

KindredSafetyPlan *
kindred_safety_plan_page_get_plan (KindredSafetyPlanPage *self)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self), NULL);

  return self->plan;
}

guint
kindred_safety_plan_page_get_step (KindredSafetyPlanPage *self)
{
  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self), 0);

  return self->step;
}

void
kindred_safety_plan_page_set_step (KindredSafetyPlanPage *self,
                                   guint                  step)
{
  g_return_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self));

  show_step (self, step);
}

gboolean
kindred_safety_plan_page_save_now (KindredSafetyPlanPage  *self,
                                   GError                **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty || !editable (self))
    {
      if (self->dirty)
        set_status (self, NULL);
      return TRUE;
    }

  if (!kindred_safety_plan_save (self->plan, self->store, &local_error))
    {
      set_status (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->dirty = FALSE;
  set_status (self, _("Saved in your private journal"));

  return TRUE;
}

char **
kindred_safety_plan_page_dup_section_lines (KindredSafetyPlanPage *self,
                                            KindredPlanSection     section)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) contacts = NULL;
  const char * const *items;
  const char * const *uuids;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self), NULL);
  g_return_val_if_fail (section < KINDRED_PLAN_N_SECTIONS, NULL);

  if (self->plan == NULL)
    return g_strv_builder_end (builder);

  items = kindred_safety_plan_get_items (self->plan, section);
  g_strv_builder_addv (builder, (const char **) items);

  if (section == KINDRED_PLAN_SECTION_COPING && editable (self))
    {
      uuids = kindred_safety_plan_get_strategies (self->plan);
      for (guint i = 0; uuids[i] != NULL; i++)
        {
          g_autoptr(KindredStrategy) strategy = kindred_store_get_strategy (self->store, uuids[i], NULL);

          if (strategy != NULL)
            g_strv_builder_add (builder, strategy_name (strategy));
        }
    }

  uuids = kindred_safety_plan_get_contacts (self->plan, section);
  if (uuids[0] != NULL && editable (self))
    contacts = kindred_contact_load_all (self->store, FALSE, NULL);
  for (guint i = 0; contacts != NULL && uuids[i] != NULL; i++)
    for (guint j = 0; j < contacts->len; j++)
      {
        KindredContact *contact = g_ptr_array_index (contacts, j);

        if (g_str_equal (kindred_contact_get_uuid (contact), uuids[i]))
          {
            const char *reach = kindred_contact_get_reach (contact);

            if (reach != NULL)
              {
                g_autofree char *line = g_strdup_printf ("%s — %s",
                                                         kindred_contact_get_name (contact), reach);

                g_strv_builder_add (builder, line);
              }
            else
              g_strv_builder_add (builder, kindred_contact_get_name (contact));
          }
      }

  if (section == KINDRED_PLAN_SECTION_PROFESSIONALS)
    {
      const char * const *ids = kindred_safety_plan_get_services (self->plan);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          KindredDirectoryEntry *entry = kindred_directory_lookup (self->directory, ids[i]);
          g_autoptr(GString) line = NULL;
          guint n;

          if (entry == NULL)
            continue;

          line = g_string_new (kindred_directory_entry_get_organisation (entry));
          n = kindred_directory_entry_get_n_phones (entry);
          for (guint p = 0; p < n; p++)
            g_string_append_printf (line, p == 0 ? " — %s" : ", %s",
                                    kindred_directory_entry_get_phone_number (entry, p));
          g_strv_builder_add (builder, line->str);
        }
    }

  return g_strv_builder_end (builder);
}

gboolean
kindred_safety_plan_page_export_pdf (KindredSafetyPlanPage  *self,
                                     GFile                  *file,
                                     GError                **error)
{
  KindredPlanPdfSection sections[KINDRED_PLAN_N_SECTIONS];
  GStrv lines[KINDRED_PLAN_N_SECTIONS];
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GSettings) settings = g_settings_new (KINDRED_SETTINGS_SCHEMA);
  g_autofree char *country = kindred_country_dup_effective (settings);
  g_autofree char *footer = kindred_country_dup_emergency_line (self->directory, country);
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  kindred_safety_plan_page_save_now (self, NULL);

  for (guint s = 0; s < KINDRED_PLAN_N_SECTIONS; s++)
    {
      lines[s] = kindred_safety_plan_page_dup_section_lines (self, s);
      sections[s].title = kindred_plan_section_get_title (s);
      sections[s].lines = (const char * const *) lines[s];
    }

  ok = kindred_plan_pdf_write (file, now, sections, KINDRED_PLAN_N_SECTIONS, footer, error);

  for (guint s = 0; s < KINDRED_PLAN_N_SECTIONS; s++)
    g_strfreev (lines[s]);

  return ok;
}

GtkWidget *
kindred_safety_plan_page_get_step_widget (KindredSafetyPlanPage *self,
                                          KindredPlanSection     section,
                                          const char            *what)
{
  Step *step;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self), NULL);
  g_return_val_if_fail (section < KINDRED_PLAN_N_SECTIONS, NULL);

  step = &self->step_widgets[section];
  if (g_strcmp0 (what, "add_row") == 0)
    return GTK_WIDGET (step->add_row);
  if (g_strcmp0 (what, "items_list") == 0)
    return GTK_WIDGET (step->items_list);
  if (g_strcmp0 (what, "strategies_row") == 0)
    return GTK_WIDGET (step->strategies_row);
  if (g_strcmp0 (what, "contacts_row") == 0)
    return GTK_WIDGET (step->contacts_row);
  if (g_strcmp0 (what, "services_row") == 0)
    return GTK_WIDGET (step->services_row);

  return NULL;
}

GtkWidget *
kindred_safety_plan_page_lookup_widget (KindredSafetyPlanPage *self,
                                        const char            *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_SAFETY_PLAN_PAGE (self), NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_SAFETY_PLAN_PAGE, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

/* kindred-import-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-import-dialog.h"
#include "kindred-mood.h"

/* The formats the format row offers, in its order */
static const KindredFormat formats[] = {
  KINDRED_FORMAT_KINDRED_JSON,
  KINDRED_FORMAT_JRNL_JSON,
  KINDRED_FORMAT_DAYLIO_CSV,
};

/* The mood rows' choices: Kindred's five moods, best first, then none */
#define N_MOOD_CHOICES 6

/* How many activity names the activities group names before "and n more" */
#define MAX_ACTIVITY_NAMES 5

struct _KindredImportDialog
{
  AdwWindow             parent_instance;

  /* template */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkWidget            *cancel_button;
  GtkButton            *next_button;
  GtkStack             *stack;
  GtkSpinner           *reading_spinner;
  AdwActionRow         *file_row;
  AdwComboRow          *format_row;
  GtkLabel             *file_error_label;
  AdwPreferencesGroup  *found_group;
  AdwActionRow         *found_row;
  AdwExpanderRow       *rejected_row;
  AdwPreferencesGroup  *moods_group;
  AdwPreferencesGroup  *activities_group;
  GtkCheckButton       *tags_check;
  GtkCheckButton       *strategies_check;
  AdwPreferencesGroup  *summary_group;
  GtkLabel             *stopped_label;
  GtkLabel             *run_error_label;
  GtkProgressBar       *progress_bar;
  AdwActionRow         *added_row;
  AdwActionRow         *duplicates_row;
  AdwExpanderRow       *result_rejected_row;

  KindredStore         *store;
  KindredImporter      *importer;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *path;
  /* Why the file could not be read with the format tried (NULL: it could) */
  GError               *prepare_error;
  GPtrArray            *mood_rows;
  GPtrArray            *rejected_rows;
  GPtrArray            *result_rejected_rows;
  GPtrArray            *summary_rows;
  /* The format row is being set from the importer, not by the person */
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (KindredImportDialog, kindred_import_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_STORE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void read_file (KindredImportDialog *self,
                       KindredFormat        format);

int
kindred_import_dialog_mood_for_position (guint position)
{
  if (position >= KINDRED_MOOD_MAX)
    return KINDRED_MOOD_NONE;

  return KINDRED_MOOD_MAX - (int) position;
}

guint
kindred_import_dialog_position_for_mood (int mood)
{
  if (mood < KINDRED_MOOD_MIN || mood > KINDRED_MOOD_MAX)
    return N_MOOD_CHOICES - 1;

  return (guint) (KINDRED_MOOD_MAX - mood);
}

static gboolean
is_daylio (KindredImportDialog *self)
{
  return self->importer != NULL && self->prepare_error == NULL &&
         kindred_importer_get_format (self->importer) == KINDRED_FORMAT_DAYLIO_CSV;
}

static gboolean
can_import (KindredImportDialog *self)
{
  return self->importer != NULL && self->prepare_error == NULL &&
         kindred_importer_get_n_entries (self->importer) > 0;
}

static void
remove_rows (GPtrArray *rows,
             GtkWidget *parent)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (ADW_IS_EXPANDER_ROW (parent))
        adw_expander_row_remove (ADW_EXPANDER_ROW (parent), row);
      else
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (parent), row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  return row;
}

/* One row per record set aside, with the importer's reason (which names the line or
 * record, never the entry's text) */
static void
fill_rejected (KindredImportDialog *self,
               AdwExpanderRow      *expander,
               GPtrArray           *rows)
{
  GPtrArray *rejected = self->importer != NULL ? kindred_importer_get_rejected (self->importer)
                                               : NULL;
  guint n = rejected != NULL ? rejected->len : 0;
  g_autofree char *title = NULL;

  remove_rows (rows, GTK_WIDGET (expander));
  gtk_widget_set_visible (GTK_WIDGET (expander), n > 0);
  if (n == 0)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u entry can’t be used",
                                        "%u entries can’t be used",
                                        n),
                           n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = new_row (g_ptr_array_index (rejected, i), NULL, NULL);

      adw_expander_row_add_row (expander, row);
      g_ptr_array_add (rows, row);
    }
}

static void
update_header (KindredImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean running = g_strcmp0 (page, "running") == 0;
  gboolean reading = g_strcmp0 (page, "reading") == 0;
  gboolean next_visible = TRUE;
  gboolean next_enabled = TRUE;
  const char *next_label = _("_Next");
  const char *subtitle = "";

  gtk_widget_set_visible (self->back_button,
                          g_strcmp0 (page, "file") == 0 || g_strcmp0 (page, "moods") == 0 ||
                          g_strcmp0 (page, "summary") == 0);
  gtk_widget_set_visible (self->cancel_button, running || reading);
  /* While it runs, closing would stop it: Cancel says so more plainly */
  adw_header_bar_set_show_end_title_buttons (self->header_bar, !running && !reading);
  gtk_window_set_deletable (GTK_WINDOW (self), !running);

  if (g_strcmp0 (page, "choose") == 0 || reading || running)
    next_visible = FALSE;
  else if (g_strcmp0 (page, "file") == 0)
    next_enabled = can_import (self);
  else if (g_strcmp0 (page, "summary") == 0)
    next_label = _("_Import");
  else if (g_strcmp0 (page, "result") == 0)
    next_label = _("_Done");

  if (g_strcmp0 (page, "moods") == 0)
    subtitle = _("Moods and Activities");
  else if (g_strcmp0 (page, "summary") == 0)
    subtitle = _("Ready to Import");

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next_visible);
  gtk_button_set_label (self->next_button, next_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.next", next_enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !running && !reading);
}

static void
show_page (KindredImportDialog *self,
           const char          *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->reading_spinner, g_strcmp0 (name, "reading") == 0);
  update_header (self);
}

/* The "file" page */

static void
fill_file_page (KindredImportDialog *self)
{
  g_autofree char *name = g_filename_display_basename (self->path);
  KindredFormat format = self->importer != NULL ? kindred_importer_get_format (self->importer)
                                                : KINDRED_FORMAT_AUTO;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);

  /* Not recognised: no format chosen, so that any of them can be tried */
  self->loading = TRUE;
  adw_combo_row_set_selected (self->format_row, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == format)
      adw_combo_row_set_selected (self->format_row, i);
  self->loading = FALSE;

  if (self->prepare_error != NULL)
    {
      gtk_label_set_label (self->file_error_label, self->prepare_error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->file_error_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->found_group), FALSE);
    }
  else
    {
      guint n = kindred_importer_get_n_entries (self->importer);
      g_autofree char *found = NULL;
      const char *subtitle;

      if (n > 0)
        found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u entry found",
                                              "%u entries found",
                                              n),
                                 n);
      else
        found = g_strdup (_("No entry in this file can be imported"));

      if (n == 0)
        subtitle = _("Try another format above, or another file.");
      else
        subtitle = _("Entries already in your journal will be skipped.");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->found_row), found);
      adw_action_row_set_subtitle (self->found_row, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->file_error_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->found_group), TRUE);
      fill_rejected (self, self->rejected_row, self->rejected_rows);
    }
}

/* The "moods" page */

static void
mood_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
mood_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  GtkStringObject *string = gtk_list_item_get_item (item);
  /* Not the item's position: the row's own display of the choice has none */
  int mood = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (string), "kindred-mood")) - 1;
  const char *icon_name = kindred_mood_get_icon_name (mood);

  /* Each mood's own icon and tint, as in the editor: recognised at a glance */
  for (int m = KINDRED_MOOD_MIN; m <= KINDRED_MOOD_MAX; m++)
    gtk_widget_remove_css_class (image, kindred_mood_get_css_class (m));
  if (icon_name != NULL)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
      gtk_widget_add_css_class (image, kindred_mood_get_css_class (mood));
    }
  else
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (image), "window-close-symbolic");
    }
  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (string));
}

static GListModel *
new_mood_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < N_MOOD_CHOICES; i++)
    {
      int mood = kindred_import_dialog_mood_for_position (i);
      g_autoptr(GObject) item = NULL;

      gtk_string_list_append (list, mood != KINDRED_MOOD_NONE ? kindred_mood_get_label (mood)
                                                              : _("No mood"));
      /* The mood travels with its item, + 1 so that "none" is not NULL */
      item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_object_set_data (item, "kindred-mood", GINT_TO_POINTER (mood + 1));
    }

  return G_LIST_MODEL (list);
}

static void
mood_selected_cb (KindredImportDialog *self,
                  GParamSpec          *pspec,
                  AdwComboRow         *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "kindred-mood-name");
  int mood = kindred_import_dialog_mood_for_position (adw_combo_row_get_selected (row));

  if (self->importer != NULL && name != NULL)
    kindred_importer_set_mood_mapping (self->importer, name, mood);
}

static void
fill_moods_page (KindredImportDialog *self)
{
  g_auto(GStrv) moods = kindred_importer_dup_mood_names (self->importer);
  g_auto(GStrv) activities = kindred_importer_dup_activities (self->importer);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *description = NULL;
  guint n_activities = activities != NULL ? g_strv_length (activities) : 0;

  g_signal_connect (factory, "setup", G_CALLBACK (mood_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (mood_bind_cb), NULL);

  remove_rows (self->mood_rows, GTK_WIDGET (self->moods_group));
  for (guint i = 0; moods != NULL && moods[i] != NULL; i++)
    {
      g_autoptr(GListModel) model = new_mood_model ();
      GtkWidget *row = adw_combo_row_new ();
      int mood = kindred_importer_get_mood_mapping (self->importer, moods[i]);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), moods[i]);
      if (!kindred_importer_is_mood_standard (self->importer, moods[i]))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Your own mood: please check"));
      adw_combo_row_set_factory (ADW_COMBO_ROW (row), factory);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), model);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                  kindred_import_dialog_position_for_mood (mood));
      g_object_set_data_full (G_OBJECT (row), "kindred-mood-name", g_strdup (moods[i]), g_free);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (mood_selected_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->moods_group, row);
      g_ptr_array_add (self->mood_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->moods_group), self->mood_rows->len > 0);

  if (n_activities > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < n_activities && i < MAX_ACTIVITY_NAMES; i++)
        {
          if (i > 0)
            /* Translators: between the names of Daylio activities in a list */
            g_string_append (names, _(", "));
          g_string_append (names, activities[i]);
        }

      if (n_activities > MAX_ACTIVITY_NAMES)
        /* Translators: %s lists activity names, %u how many more there are */
        description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "Found: %s and %u more.",
                                                    "Found: %s and %u more.",
                                                    n_activities - MAX_ACTIVITY_NAMES),
                                       names->str, n_activities - MAX_ACTIVITY_NAMES);
      else
        /* Translators: %s lists activity names */
        description = g_strdup_printf (_("Found: %s."), names->str);
    }
  adw_preferences_group_set_description (self->activities_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->activities_group), n_activities > 0);

  if (kindred_importer_get_activities_as (self->importer) == KINDRED_IMPORT_ACTIVITIES_STRATEGIES)
    gtk_check_button_set_active (self->strategies_check, TRUE);
  else
    gtk_check_button_set_active (self->tags_check, TRUE);
}

static void
activities_toggled_cb (KindredImportDialog *self)
{
  if (self->importer == NULL)
    return;

  kindred_importer_set_activities_as (self->importer,
                                      gtk_check_button_get_active (self->strategies_check)
                                      ? KINDRED_IMPORT_ACTIVITIES_STRATEGIES
                                      : KINDRED_IMPORT_ACTIVITIES_TAGS);
}

/* The "summary" page */

static void
add_summary_row (KindredImportDialog *self,
                 const char          *title,
                 const char          *subtitle,
                 const char          *icon_name)
{
  GtkWidget *row = new_row (title, subtitle, icon_name);

  adw_preferences_group_add (self->summary_group, row);
  g_ptr_array_add (self->summary_rows, row);
}

static void
fill_summary_page (KindredImportDialog *self)
{
  guint n = kindred_importer_get_n_entries (self->importer);
  GPtrArray *rejected = kindred_importer_get_rejected (self->importer);
  KindredFormat format = kindred_importer_get_format (self->importer);
  g_autofree char *name = g_filename_display_basename (self->path);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  remove_rows (self->summary_rows, GTK_WIDGET (self->summary_group));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Up to %u entry comes into your journal",
                                        "Up to %u entries come into your journal",
                                        n),
                           n);
  /* Translators: %s is a file name and its format, e.g. "export.csv (Daylio CSV)" */
  subtitle = g_strdup_printf (_("From “%s” (%s). Entries already in your journal are "
                                "skipped, so importing the same file twice adds nothing."),
                              name, kindred_format_get_display_name (format));
  add_summary_row (self, title, subtitle, "x-office-document-symbolic");

  if (is_daylio (self))
    {
      g_auto(GStrv) moods = kindred_importer_dup_mood_names (self->importer);
      g_auto(GStrv) activities = kindred_importer_dup_activities (self->importer);
      guint n_moods = moods != NULL ? g_strv_length (moods) : 0;
      guint n_without = 0;
      g_autofree char *mood_title = NULL;
      g_autoptr(GString) own = g_string_new (NULL);

      for (guint i = 0; i < n_moods; i++)
        {
          int mood = kindred_importer_get_mood_mapping (self->importer, moods[i]);
          g_autofree char *line = NULL;

          if (mood == KINDRED_MOOD_NONE)
            n_without++;
          if (kindred_importer_is_mood_standard (self->importer, moods[i]))
            continue;

          /* The person's own moods, and what they become: the choice to check */
          /* Translators: a Daylio mood name, then a Kindred mood ("Bad") */
          line = g_strdup_printf (_("“%s” becomes %s"), moods[i],
                                  mood != KINDRED_MOOD_NONE ? kindred_mood_get_label (mood)
                                                            : _("no mood"));
          if (own->len > 0)
            /* Translators: between the parts of a list */
            g_string_append (own, _(", "));
          g_string_append (own, line);
        }

      if (n_moods > 0)
        {
          mood_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u Daylio mood becomes a Kindred mood",
                                                     "%u Daylio moods become Kindred moods",
                                                     n_moods - n_without),
                                        n_moods - n_without);
          add_summary_row (self, mood_title, own->len > 0 ? own->str : NULL,
                           "face-smile-symbolic");
        }

      if (activities != NULL && activities[0] != NULL)
        {
          if (kindred_importer_get_activities_as (self->importer) ==
              KINDRED_IMPORT_ACTIVITIES_STRATEGIES)
            add_summary_row (self, _("Activities become strategies"),
                             _("Those you don’t have yet are added to your strategies."),
                             "emoji-nature-symbolic");
          else
            add_summary_row (self, _("Activities become triggers"), NULL,
                             "bookmark-new-symbolic");
        }
    }

  if (rejected != NULL && rejected->len > 0)
    {
      g_autofree char *left_out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u entry is left out",
                                                                "%u entries are left out",
                                                                rejected->len),
                                                   rejected->len);

      add_summary_row (self, left_out, _("They can’t be read; the file page says why."),
                       "dialog-warning-symbolic");
    }
}

/* The "result" page */

static void
fill_result_page (KindredImportDialog *self)
{
  guint added = kindred_importer_get_n_added (self->importer);
  guint duplicates = kindred_importer_get_n_duplicates (self->importer);
  g_autofree char *added_title = NULL;
  g_autofree char *duplicates_title = NULL;

  added_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u entry added",
                                              "%u entries added",
                                              added),
                                 added);
  duplicates_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u already there",
                                                   "%u already there",
                                                   duplicates),
                                      duplicates);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->added_row), added_title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->duplicates_row), duplicates_title);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_row), duplicates > 0);
  fill_rejected (self, self->result_rejected_row, self->result_rejected_rows);
  if (self->result_rejected_rows->len > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u set aside",
                                                             "%u set aside",
                                                             self->result_rejected_rows->len),
                                                self->result_rejected_rows->len);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_rejected_row), title);
    }
}

/* Reading and running */

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KindredImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  kindred_importer_prepare_finish (KINDRED_IMPORTER (object), result, &error);

  /* Closed, or another file or format asked for meanwhile */
  if (self->stack == NULL || KINDRED_IMPORTER (object) != self->importer)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_page (self, "choose");
      return;
    }

  g_clear_error (&self->prepare_error);
  self->prepare_error = g_steal_pointer (&error);
  fill_file_page (self);
  show_page (self, "file");
}

static void
read_file (KindredImportDialog *self,
           KindredFormat        format)
{
  g_clear_object (&self->importer);
  g_clear_error (&self->prepare_error);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  self->importer = kindred_importer_new (self->store, self->path, format);
  show_page (self, "reading");
  kindred_importer_prepare_async (self->importer, self->cancellable, prepare_cb,
                                  g_object_ref (self));
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  KindredImportDialog *self = user_data;

  if (self->progress_bar != NULL && total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(KindredImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean success;
  g_autofree char *summary = NULL;

  success = kindred_importer_run_finish (KINDRED_IMPORTER (object), result, &error);
  if (self->stack == NULL)
    return;

  if (!success)
    {
      gboolean stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      /* One transaction: whatever went wrong, nothing went in */
      gtk_widget_set_visible (GTK_WIDGET (self->stopped_label), stopped);
      if (!stopped)
        {
          g_autofree char *message = g_strdup_printf (_("%s Nothing was imported."),
                                                      error->message);

          gtk_label_set_label (self->run_error_label, message);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->run_error_label), !stopped);
      show_page (self, "summary");
      return;
    }

  fill_result_page (self);
  show_page (self, "result");

  summary = kindred_importer_dup_summary (self->importer);
  g_signal_emit (self, signals[FINISHED], 0, summary);
}

static void
run_import (KindredImportDialog *self)
{
  if (!can_import (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->stopped_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->run_error_label), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_page (self, "running");

  kindred_importer_run_async (self->importer, self->cancellable,
                              progress_cb, g_object_ref (self), g_object_unref,
                              run_cb, g_object_ref (self));
}

/* Actions */

static void
chooser_response_cb (KindredImportDialog  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path != NULL)
    kindred_import_dialog_open_file (self, path);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose a File to Import"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (all, _("Journals Kindred can read"));
  gtk_file_filter_add_pattern (all, "*.json");
  gtk_file_filter_add_pattern (all, "*.csv");
  gtk_file_filter_add_mime_type (all, "application/json");
  gtk_file_filter_add_mime_type (all, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "file") == 0)
    show_page (self, "choose");
  else if (g_strcmp0 (page, "moods") == 0)
    show_page (self, "file");
  else if (g_strcmp0 (page, "summary") == 0)
    show_page (self, is_daylio (self) ? "moods" : "file");
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "file") == 0 && can_import (self))
    {
      if (is_daylio (self))
        {
          fill_moods_page (self);
          show_page (self, "moods");
        }
      else
        {
          fill_summary_page (self);
          show_page (self, "summary");
        }
    }
  else if (g_strcmp0 (page, "moods") == 0)
    {
      fill_summary_page (self);
      show_page (self, "summary");
    }
  else if (g_strcmp0 (page, "summary") == 0)
    {
      run_import (self);
    }
  else if (g_strcmp0 (page, "result") == 0)
    {
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "running") == 0 || g_strcmp0 (page, "reading") == 0)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
format_selected_cb (KindredImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  if (self->loading || self->path == NULL || selected >= G_N_ELEMENTS (formats))
    return;

  kindred_import_dialog_set_format (self, formats[selected]);
}

/* GObject */

static gboolean
kindred_import_dialog_close_request (GtkWindow *window)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (window);

  /* Closing while it runs stops it: nothing is imported */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (kindred_import_dialog_parent_class)->close_request (window);
}

static void
kindred_import_dialog_dispose (GObject *object)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->mood_rows, g_ptr_array_unref);
  g_clear_pointer (&self->rejected_rows, g_ptr_array_unref);
  g_clear_pointer (&self->result_rejected_rows, g_ptr_array_unref);
  g_clear_pointer (&self->summary_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->importer);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kindred_import_dialog_parent_class)->dispose (object);
}

static void
kindred_import_dialog_finalize (GObject *object)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_error (&self->prepare_error);

  G_OBJECT_CLASS (kindred_import_dialog_parent_class)->finalize (object);
}

static void
kindred_import_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_import_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KindredImportDialog *self = KINDRED_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_import_dialog_class_init (KindredImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kindred_import_dialog_dispose;
  object_class->finalize = kindred_import_dialog_finalize;
  object_class->get_property = kindred_import_dialog_get_property;
  object_class->set_property = kindred_import_dialog_set_property;
  window_class->close_request = kindred_import_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KINDRED_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, reading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, file_error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, found_group);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, found_row);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, moods_group);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, activities_group);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, tags_check);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, strategies_check);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, stopped_label);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, run_error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, added_row);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, KindredImportDialog, result_rejected_row);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
kindred_import_dialog_init (KindredImportDialog *self)
{
  g_autoptr(GtkStringList) format_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->mood_rows = g_ptr_array_new ();
  self->rejected_rows = g_ptr_array_new ();
  self->result_rejected_rows = g_ptr_array_new ();
  self->summary_rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_string_list_append (format_names, kindred_format_get_display_name (formats[i]));
  self->loading = TRUE;
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (format_names));
  self->loading = FALSE;

  g_signal_connect_swapped (self->format_row, "notify::selected",
                            G_CALLBACK (format_selected_cb), self);
  g_signal_connect_swapped (self->strategies_check, "toggled",
                            G_CALLBACK (activities_toggled_cb), self);

  show_page (self, "choose");
}

GtkWidget *
kindred_import_dialog_new (GtkWindow    *parent,
                           KindredStore *store)
{
  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  return g_object_new (KINDRED_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

void
kindred_import_dialog_open_file (KindredImportDialog *self,
                                 const char          *path)
{
  g_return_if_fail (KINDRED_IS_IMPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "running") == 0)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  read_file (self, KINDRED_FORMAT_AUTO);
}

void
kindred_import_dialog_set_format (KindredImportDialog *self,
                                  KindredFormat        format)
{
  g_return_if_fail (KINDRED_IS_IMPORT_DIALOG (self));
  g_return_if_fail (format != KINDRED_FORMAT_MARKDOWN);

  if (self->path == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "running") == 0)
    return;

  /* Read with the format the person picked, unless that is what it already was */
  if (self->importer != NULL && self->prepare_error == NULL &&
      kindred_importer_get_format (self->importer) == format)
    return;

  read_file (self, format);
}

const char *
kindred_import_dialog_get_page (KindredImportDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

KindredImporter *
kindred_import_dialog_get_importer (KindredImportDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_IMPORT_DIALOG (self), NULL);

  return self->importer;
}

GtkWidget *
kindred_import_dialog_get_mood_row (KindredImportDialog *self,
                                    const char          *mood_name)
{
  g_return_val_if_fail (KINDRED_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (mood_name != NULL, NULL);

  for (guint i = 0; i < self->mood_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->mood_rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "kindred-mood-name"), mood_name) == 0)
        return row;
    }

  return NULL;
}

GtkWidget *
kindred_import_dialog_lookup_widget (KindredImportDialog *self,
                                     const char          *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_IMPORT_DIALOG, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

/* kindred-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-export-dialog.h"

struct _KindredExportDialog
{
  AdwWindow             parent_instance;

  /* template */
  GtkStack             *stack;
  GtkWidget            *warning_box;
  GtkLabel             *warning_label;
  GtkCheckButton       *json_check;
  GtkCheckButton       *markdown_check;
  GtkLabel             *error_label;
  GtkWidget            *export_button;
  GtkWidget            *cancel_button;
  GtkProgressBar       *progress_bar;

  KindredStore         *store;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *path;
  KindredFormat         running_format;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (KindredExportDialog, kindred_export_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_STORE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_error (KindredExportDialog *self,
            const char          *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (KindredExportDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->busy ? "working" : "choose");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !self->busy);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  KindredExportDialog *self = user_data;

  if (self->progress_bar != NULL && total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KindredExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  guint n_entries = 0;

  if (!kindred_export_finish (result, &n_entries, &error))
    {
      /* Closed meanwhile: nothing left to tell */
      if (self->stack == NULL)
        return;

      self->busy = FALSE;
      update (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The export was stopped. No file was left behind."));
      else
        show_error (self, error->message);  /* translated, never holds entry text */
      return;
    }

  self->busy = FALSE;
  name = g_filename_display_basename (self->path);
  if (self->running_format == KINDRED_FORMAT_MARKDOWN)
    /* Translators: %u is a number of entries, %s a folder name */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u entry exported to the folder “%s”",
                                            "%u entries exported to the folder “%s”",
                                            n_entries),
                               n_entries, name);
  else
    /* Translators: %u is a number of entries, %s a file name */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u entry exported to “%s”",
                                            "%u entries exported to “%s”",
                                            n_entries),
                               n_entries, name);

  g_signal_emit (self, signals[FINISHED], 0, message);
  if (self->stack != NULL)
    gtk_window_close (GTK_WINDOW (self));
}

static void
chooser_response_cb (KindredExportDialog  *self,
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
  if (path == NULL)
    {
      show_error (self, _("Please choose a place on this computer (or on a drive plugged "
                          "into it)."));
      return;
    }

  kindred_export_dialog_export_to (self, path);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredExportDialog *self = KINDRED_EXPORT_DIALOG (widget);
  KindredFormat format = kindred_export_dialog_get_format (self);

  if (self->busy || self->chooser != NULL)
    return;

  show_error (self, NULL);

  if (format == KINDRED_FORMAT_MARKDOWN)
    {
      self->chooser = gtk_file_chooser_native_new (_("Choose a Folder for the Markdown Files"),
                                                   GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Export Here"), _("_Cancel"));
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *name = NULL;

      self->chooser = gtk_file_chooser_native_new (_("Export Your Journal"),
                                                   GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE,
                                                   _("_Export"), _("_Cancel"));
      /* Translators: the suggested file name of an export; keep the date and .json */
      name = g_date_time_format (now, _("kindred-journal-%Y-%m-%d.json"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
      gtk_file_filter_set_name (filter, _("Kindred JSON"));
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredExportDialog *self = KINDRED_EXPORT_DIALOG (widget);

  if (self->busy)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
kindred_export_dialog_dispose (GObject *object)
{
  KindredExportDialog *self = KINDRED_EXPORT_DIALOG (object);

  /* Closed while it runs: stopped, and no file is left behind */
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kindred_export_dialog_parent_class)->dispose (object);
}

static void
kindred_export_dialog_finalize (GObject *object)
{
  KindredExportDialog *self = KINDRED_EXPORT_DIALOG (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kindred_export_dialog_parent_class)->finalize (object);
}

static void
kindred_export_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KindredExportDialog *self = KINDRED_EXPORT_DIALOG (object);

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
kindred_export_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KindredExportDialog *self = KINDRED_EXPORT_DIALOG (object);

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
kindred_export_dialog_class_init (KindredExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_export_dialog_dispose;
  object_class->finalize = kindred_export_dialog_finalize;
  object_class->get_property = kindred_export_dialog_get_property;
  object_class->set_property = kindred_export_dialog_set_property;

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
    "/io/github/kindredapp/Kindred/ui/kindred-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, warning_box);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, json_check);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, markdown_check);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KindredExportDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
kindred_export_dialog_init (KindredExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->running_format = KINDRED_FORMAT_KINDRED_JSON;
  /* The core's sentence, so the command line and the window say the same */
  gtk_label_set_label (self->warning_label, kindred_formats_get_unencrypted_warning ());
  update (self);
}

GtkWidget *
kindred_export_dialog_new (GtkWindow    *parent,
                           KindredStore *store)
{
  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  return g_object_new (KINDRED_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

KindredFormat
kindred_export_dialog_get_format (KindredExportDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_EXPORT_DIALOG (self), KINDRED_FORMAT_KINDRED_JSON);

  return gtk_check_button_get_active (self->markdown_check) ? KINDRED_FORMAT_MARKDOWN
                                                            : KINDRED_FORMAT_KINDRED_JSON;
}

void
kindred_export_dialog_set_format (KindredExportDialog *self,
                                  KindredFormat        format)
{
  g_return_if_fail (KINDRED_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format == KINDRED_FORMAT_KINDRED_JSON || format == KINDRED_FORMAT_MARKDOWN);

  if (format == KINDRED_FORMAT_MARKDOWN)
    gtk_check_button_set_active (self->markdown_check, TRUE);
  else
    gtk_check_button_set_active (self->json_check, TRUE);
}

void
kindred_export_dialog_export_to (KindredExportDialog *self,
                                 const char          *path)
{
  g_return_if_fail (KINDRED_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->busy)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  self->running_format = kindred_export_dialog_get_format (self);
  self->busy = TRUE;
  g_cancellable_reset (self->cancellable);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  show_error (self, NULL);
  update (self);

  kindred_export_async (self->store, self->running_format, path, self->cancellable,
                        progress_cb, g_object_ref (self), g_object_unref,
                        export_cb, g_object_ref (self));
}

gboolean
kindred_export_dialog_get_busy (KindredExportDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_EXPORT_DIALOG (self), FALSE);

  return self->busy;
}

GtkWidget *
kindred_export_dialog_lookup_widget (KindredExportDialog *self,
                                     const char          *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_EXPORT_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_EXPORT_DIALOG, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

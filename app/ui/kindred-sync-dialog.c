/* kindred-sync-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-sync-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-passphrase-prompt.h"
#include "kindred-sync-dialog.h"

struct _KindredSyncDialog
{
  AdwWindow             parent_instance;

  /* template */
  GtkStack             *stack;
  AdwWindowTitle       *window_title;
  AdwActionRow         *folder_row;
  GtkWidget            *choose_folder_button;
  AdwPasswordEntryRow  *passphrase_row;
  AdwPasswordEntryRow  *confirm_row;
  GtkSwitch            *remember_switch;
  AdwEntryRow          *device_name_row;
  GtkLabel             *hint_label;
  GtkLabel             *error_label;
  GtkWidget            *set_up_button;
  GtkSpinner           *set_up_spinner;
  GtkLabel             *set_up_label;
  AdwPreferencesGroup  *result_group;
  AdwActionRow         *result_row;
  GtkStack             *result_icon_stack;
  GtkImage             *result_icon;
  GtkSpinner           *result_spinner;
  GtkWidget            *progress_row;
  GtkProgressBar       *progress_bar;
  GtkWidget            *sync_now_button;
  AdwPreferencesGroup  *files_group;
  AdwActionRow         *folder_status_row;
  AdwEntryRow          *device_row;
  AdwActionRow         *auto_row;
  GtkSwitch            *auto_switch;
  AdwActionRow         *turn_off_row;

  KindredSync          *sync;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *folder;
  /* Rows of files that could not be read, rebuilt after each run */
  GPtrArray            *file_rows;
  gboolean              setting_up;
  /* A run this dialog started is on its way (its callback may still ask for the
   * passphrase) */
  gboolean              running;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (KindredSyncDialog, kindred_sync_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_SYNC, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update (KindredSyncDialog *self);

/* "Today at 14:02", "Yesterday at 09:15", "Tuesday 3 March at 18:40" */
static char *
dup_when (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  int days;

  if (when == NULL)
    return NULL;

  local = g_date_time_to_local (when);
  now = g_date_time_new_now_local ();
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (local);
  if (g_date_time_get_year (now) != g_date_time_get_year (local))
    days = -1;

  /* Translators: the time of day of the last sync, see strftime(3) */
  time = g_date_time_format (local, _("%H:%M"));
  if (days == 0)
    /* Translators: %s is a time of day, e.g. 14:02 */
    return g_strdup_printf (_("Today at %s"), time);
  if (days == 1)
    /* Translators: %s is a time of day, e.g. 09:15 */
    return g_strdup_printf (_("Yesterday at %s"), time);

  /* Translators: the day and time of the last sync, see strftime(3) */
  return g_date_time_format (local, _("%A %-d %B at %H:%M"));
}

static gboolean
passphrase_is_valid (KindredSyncDialog *self)
{
  const char *first = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *second = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));

  return g_utf8_strlen (first, -1) >= KINDRED_KEY_PASSPHRASE_MIN_CHARS &&
         g_strcmp0 (first, second) == 0;
}

static void
show_error (KindredSyncDialog *self,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_setup (KindredSyncDialog *self)
{
  const char *first = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *second = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  g_autofree char *hint = NULL;
  gboolean ready;

  if (self->folder != NULL)
    {
      g_autofree char *display = g_filename_display_name (self->folder);

      adw_action_row_set_subtitle (self->folder_row, display);
    }
  else
    {
      adw_action_row_set_subtitle (self->folder_row, _("None chosen yet"));
    }

  /* Say what is missing only once there is something to say it about */
  if (*first != '\0' && g_utf8_strlen (first, -1) < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Use at least %d character for the sync passphrase.",
                                         "Use at least %d characters for the sync passphrase.",
                                         KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                            KINDRED_KEY_PASSPHRASE_MIN_CHARS);
  else if (*second != '\0' && g_strcmp0 (first, second) != 0)
    hint = g_strdup (_("The two passphrases are not the same yet."));
  else if (self->folder == NULL && passphrase_is_valid (self))
    hint = g_strdup (_("Now choose the sync folder."));

  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);

  ready = self->folder != NULL && passphrase_is_valid (self) && !self->setting_up;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.set-up", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.choose-folder", !self->setting_up);

  gtk_widget_set_visible (GTK_WIDGET (self->set_up_spinner), self->setting_up);
  gtk_spinner_set_spinning (self->set_up_spinner, self->setting_up);
  gtk_label_set_label (self->set_up_label,
                       self->setting_up ? _("Checking the Folder…") : _("_Set Up Sync"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), !self->setting_up);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_row), !self->setting_up);
  gtk_widget_set_sensitive (GTK_WIDGET (self->device_name_row), !self->setting_up);
}

static void
clear_file_rows (KindredSyncDialog *self)
{
  for (guint i = 0; i < self->file_rows->len; i++)
    adw_preferences_group_remove (self->files_group, g_ptr_array_index (self->file_rows, i));
  g_ptr_array_set_size (self->file_rows, 0);
}

static void
update_result (KindredSyncDialog *self)
{
  KindredSyncResult *result = kindred_sync_get_last_result (self->sync);
  const GError *error = kindred_sync_get_last_error (self->sync);
  gboolean busy = kindred_sync_get_busy (self->sync);
  guint n_refused = 0;

  gtk_stack_set_visible_child_name (self->result_icon_stack, busy ? "busy" : "icon");
  gtk_spinner_set_spinning (self->result_spinner, busy);
  gtk_widget_set_visible (self->progress_row, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.run", !busy && !self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.turn-off", !busy);

  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "success");

  if (busy)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), _("Syncing…"));
      adw_action_row_set_subtitle (self->result_row,
                                   _("Reading your other devices’ files and writing this "
                                     "one’s"));
      return;
    }

  clear_file_rows (self);

  if (error != NULL)
    {
      g_autofree char *message = kindred_sync_describe_error (error);

      gtk_image_set_from_icon_name (self->result_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row),
                                     _("The last sync didn’t finish"));
      adw_action_row_set_subtitle (self->result_row, message);
    }
  else if (result != NULL)
    {
      g_autofree char *summary = kindred_sync_result_dup_summary (result);
      g_autofree char *when = dup_when (kindred_sync_result_get_finished_at (result));
      g_autofree char *subtitle = NULL;
      guint n_files = kindred_sync_result_get_n_files (result);

      n_refused = kindred_sync_result_get_files_refused (result);
      if (n_files == 0)
        {
          /* Translators: %s is when the sync finished, e.g. "Today at 14:02" */
          subtitle = g_strdup_printf (_("%s. No other device has left its file in the "
                                        "folder yet: set up sync there with the same "
                                        "folder and sync passphrase."), when);
        }
      else
        {
          g_autoptr(GString) devices = g_string_new (NULL);

          /* Which devices were heard from: the one a person expects should be there */
          for (guint i = 0; i < n_files; i++)
            {
              const char *device = kindred_sync_result_get_file_device (result, i);

              if (kindred_sync_result_get_file_error (result, i) != NULL)
                continue;
              if (device == NULL)
                device = kindred_sync_result_get_file_name (result, i);
              if (devices->len > 0)
                /* Translators: between device names in a list */
                g_string_append (devices, _(", "));
              g_string_append (devices, device);
            }

          if (devices->len > 0)
            /* Translators: %s is when the sync finished ("Today at 14:02"), then the
             * names of the other devices whose files were read ("Desktop, Phone") */
            subtitle = g_strdup_printf (_("%s · with %s"), when, devices->str);
          else
            subtitle = g_strdup (when);
        }

      gtk_image_set_from_icon_name (self->result_icon,
                                    n_refused > 0 ? "dialog-warning-symbolic"
                                                  : "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon),
                                n_refused > 0 ? "warning" : "success");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), summary);
      adw_action_row_set_subtitle (self->result_row, subtitle);

      for (guint i = 0; i < n_files; i++)
        {
          g_autofree char *message = kindred_sync_result_dup_file_message (result, i);
          const char *device = kindred_sync_result_get_file_device (result, i);
          const char *name = kindred_sync_result_get_file_name (result, i);
          GtkWidget *row;
          GtkWidget *icon;

          if (message == NULL)
            continue;

          row = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                         device != NULL ? device : name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
          icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
          gtk_widget_add_css_class (icon, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not read"),
                                          -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          adw_preferences_group_add (self->files_group, row);
          g_ptr_array_add (self->file_rows, row);
        }
    }
  else
    {
      gtk_image_set_from_icon_name (self->result_icon, "emblem-synchronizing-symbolic");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row),
                                     _("Not synced yet"));
      adw_action_row_set_subtitle (self->result_row, "");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->files_group), self->file_rows->len > 0);
}

static void
update (KindredSyncDialog *self)
{
  gboolean enabled;
  const char *folder;

  if (self->disposed)
    return;

  enabled = kindred_sync_get_enabled (self->sync);
  folder = kindred_sync_get_folder (self->sync);

  /* While set up runs the form stays; it turns into the status once it succeeded */
  if (!self->setting_up)
    gtk_stack_set_visible_child_name (self->stack, enabled ? "enabled" : "setup");

  adw_window_title_set_subtitle (self->window_title, enabled ? _("On") : "");

  if (folder != NULL)
    {
      g_autofree char *display = g_filename_display_name (folder);

      adw_action_row_set_subtitle (self->folder_status_row, display);
    }

  update_setup (self);
  update_result (self);
}

/* The folder */

static void
chooser_response_cb (KindredSyncDialog    *self,
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

  /* Through the portal this is a path under /run/user/…/doc, which is fine */
  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Please choose a folder on this computer (or on a drive "
                          "plugged into it)."));
      return;
    }

  kindred_sync_dialog_set_folder (self, path);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (widget);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the Sync Folder"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Set up, then the first sync */

static void run (KindredSyncDialog *self);

static void
set_up_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KindredSyncDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean success = kindred_sync_set_up_finish (KINDRED_SYNC (object), result, &error);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->setting_up = FALSE;

  if (!success)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WRONG_PASSPHRASE))
        message = g_strdup (_("This passphrase doesn’t open the files your other devices "
                              "already left in this folder. Every device needs the same "
                              "sync passphrase: please type the one you chose on your "
                              "first device."));
      else
        message = kindred_sync_describe_error (error);

      show_error (self, message);
      update (self);
      if (g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WRONG_PASSPHRASE) ||
          g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WEAK_PASSPHRASE))
        gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }

  /* Done with the passphrase: the fields do not keep it */
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->device_row),
                         kindred_sync_get_device_name (self->sync));
  update (self);
  run (self);
}

static void
set_up_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (widget);
  g_autofree char *name = NULL;

  if (self->setting_up || self->folder == NULL || !passphrase_is_valid (self))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->device_name_row))));
  if (*name != '\0')
    kindred_sync_set_device_name (self->sync, name);

  self->setting_up = TRUE;
  show_error (self, NULL);
  update (self);

  /* Argon2id and the keyring: slow, so on a worker */
  kindred_sync_set_up_async (self->sync,
                             self->folder,
                             gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)),
                             gtk_switch_get_active (self->remember_switch),
                             self->cancellable,
                             set_up_cb,
                             g_object_ref (self));
}

/* Running */

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(KindredSyncDialog) self = user_data;
  g_autoptr(KindredSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;

  sync_result = kindred_sync_run_finish (KINDRED_SYNC (object), result, &error);
  self->running = FALSE;
  if (self->disposed)
    return;

  /* The result itself arrives through "finished" */
  if (g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE))
    kindred_passphrase_prompt_ask_and_run (GTK_WINDOW (self), self->sync);

  update (self);
}

static void
run (KindredSyncDialog *self)
{
  if (self->running || kindred_sync_get_busy (self->sync))
    return;

  self->running = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  /* Not cancelled when the dialog closes: the window keeps showing it */
  kindred_sync_run_async (self->sync, NULL, run_cb, g_object_ref (self));
  update (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  run (KINDRED_SYNC_DIALOG (widget));
}

/* Turning it off */

static gboolean
close_cb (gpointer data)
{
  g_autoptr(GtkWindow) window = data;

  gtk_window_close (window);
  return G_SOURCE_REMOVE;
}

static void
turn_off_response_cb (KindredSyncDialog *self,
                      const char        *response,
                      AdwMessageDialog  *dialog)
{
  GtkWidget *check = adw_message_dialog_get_extra_child (dialog);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "turn-off") != 0)
    return;

  if (!kindred_sync_forget (self->sync,
                            gtk_check_button_get_active (GTK_CHECK_BUTTON (check)),
                            &error))
    {
      g_autofree char *message = kindred_sync_describe_error (error);
      GtkWidget *problem = adw_message_dialog_new (GTK_WINDOW (self),
                                                   _("Sync Couldn’t Be Turned Off"),
                                                   message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (problem), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (problem));
      return;
    }

  /* The window says it is off; this dialog has nothing more to show.  Once the
   * question is gone: it is transient for this window */
  g_idle_add (close_cb, g_object_ref (self));
}

static void
turn_off_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (widget);
  GtkWidget *dialog;
  GtkWidget *check;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Turn Off Sync?"),
                                   _("This device stops syncing. Every entry stays on this "
                                     "device, and your other devices keep theirs. The sync "
                                     "passphrase is forgotten here."));
  check = gtk_check_button_new_with_mnemonic (_("Also _remove this device’s file from the "
                                                "sync folder, so your other devices stop "
                                                "reading it"));
  /* A check button's label does not wrap by itself */
  gtk_label_set_wrap (GTK_LABEL (gtk_widget_get_last_child (check)), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), check);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "turn-off", _("_Turn Off"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "turn-off",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (turn_off_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Callbacks */

static void
progress_cb (KindredSyncDialog *self,
             double             fraction)
{
  if (!self->disposed)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
device_apply_cb (KindredSyncDialog *self)
{
  g_autofree char *name =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->device_row))));

  if (*name != '\0')
    kindred_sync_set_device_name (self->sync, name);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->device_row),
                           kindred_sync_get_device_name (self->sync));
}

static void
passphrase_activate_cb (KindredSyncDialog *self,
                        GtkWidget         *row)
{
  if (row == GTK_WIDGET (self->passphrase_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
  else if (passphrase_is_valid (self) && self->folder != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "sync.set-up", NULL);
}

/* GObject */

static void
kindred_sync_dialog_constructed (GObject *object)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (object);

  G_OBJECT_CLASS (kindred_sync_dialog_parent_class)->constructed (object);

  g_return_if_fail (KINDRED_IS_SYNC (self->sync));

  gtk_editable_set_text (GTK_EDITABLE (self->device_name_row),
                         kindred_sync_get_device_name (self->sync));
  gtk_editable_set_text (GTK_EDITABLE (self->device_row),
                         kindred_sync_get_device_name (self->sync));
  g_object_bind_property (self->sync, "auto-sync", self->auto_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->sync, "notify::enabled", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::folder", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::busy", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "finished", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);

  update (self);
}

static void
kindred_sync_dialog_dispose (GObject *object)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* GTK 4.8: a password row's peek icon outlives a focused entry (see
   * kindred-passphrase-dialog.c); no focus, no dangling handler */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  if (self->file_rows != NULL)
    g_ptr_array_set_size (self->file_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_SYNC_DIALOG);
  g_clear_object (&self->sync);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kindred_sync_dialog_parent_class)->dispose (object);
}

static void
kindred_sync_dialog_finalize (GObject *object)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (object);

  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->file_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kindred_sync_dialog_parent_class)->finalize (object);
}

static void
kindred_sync_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_sync_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KindredSyncDialog *self = KINDRED_SYNC_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_sync_dialog_class_init (KindredSyncDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kindred_sync_dialog_constructed;
  object_class->dispose = kindred_sync_dialog_dispose;
  object_class->finalize = kindred_sync_dialog_finalize;
  object_class->get_property = kindred_sync_dialog_get_property;
  object_class->set_property = kindred_sync_dialog_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         KINDRED_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-sync-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, choose_folder_button);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, device_name_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, set_up_button);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, set_up_spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, set_up_label);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, result_group);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, result_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, result_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, result_icon);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, result_spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, progress_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, sync_now_button);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, files_group);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, folder_status_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, device_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, auto_row);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, KindredSyncDialog, turn_off_row);

  gtk_widget_class_install_action (widget_class, "sync.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_install_action (widget_class, "sync.set-up", NULL, set_up_action);
  gtk_widget_class_install_action (widget_class, "sync.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "sync.turn-off", NULL, turn_off_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kindred_sync_dialog_init (KindredSyncDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->file_rows = g_ptr_array_new ();

  g_signal_connect_swapped (self->passphrase_row, "changed", G_CALLBACK (update_setup), self);
  g_signal_connect_swapped (self->confirm_row, "changed", G_CALLBACK (update_setup), self);
  g_signal_connect_swapped (self->passphrase_row, "entry-activated",
                            G_CALLBACK (passphrase_activate_cb), self);
  g_signal_connect_swapped (self->confirm_row, "entry-activated",
                            G_CALLBACK (passphrase_activate_cb), self);
  g_signal_connect_swapped (self->device_row, "apply", G_CALLBACK (device_apply_cb), self);
}

GtkWidget *
kindred_sync_dialog_new (GtkWindow   *parent,
                         KindredSync *sync)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (sync), NULL);

  return g_object_new (KINDRED_TYPE_SYNC_DIALOG,
                       "transient-for", parent,
                       "sync", sync,
                       NULL);
}

KindredSync *
kindred_sync_dialog_get_sync (KindredSyncDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC_DIALOG (self), NULL);

  return self->sync;
}

const char *
kindred_sync_dialog_get_page (KindredSyncDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
kindred_sync_dialog_set_folder (KindredSyncDialog *self,
                                const char        *folder)
{
  g_return_if_fail (KINDRED_IS_SYNC_DIALOG (self));

  if (g_strcmp0 (self->folder, folder) == 0)
    return;

  g_free (self->folder);
  self->folder = g_strdup (folder);
  show_error (self, NULL);
  update_setup (self);
}

const char *
kindred_sync_dialog_get_folder (KindredSyncDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC_DIALOG (self), NULL);

  return self->folder;
}

gboolean
kindred_sync_dialog_get_busy (KindredSyncDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC_DIALOG (self), FALSE);

  return self->setting_up || self->running;
}

GtkWidget *
kindred_sync_dialog_lookup_widget (KindredSyncDialog *self,
                                   const char        *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_SYNC_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_SYNC_DIALOG, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

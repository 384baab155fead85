/* kindred-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-passphrase-dialog.h"
#include "kindred-preferences-window.h"
#include "kindred-recovery-dialog.h"
#include "kindred-sync-dialog.h"

struct _KindredPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template */
  AdwActionRow         *protection_row;
  GtkWidget            *rekey_spinner;
  AdwActionRow         *set_passphrase_row;
  AdwActionRow         *use_keyring_row;
  AdwComboRow          *auto_lock_row;
  AdwActionRow         *hide_row;
  GtkSwitch            *hide_switch;
  AdwActionRow         *recovery_row;
  AdwComboRow          *color_scheme_row;
  AdwComboRow          *first_weekday_row;
  AdwActionRow         *erase_row;
  AdwActionRow         *sync_row;

  KindredJournal       *journal;
  /* The window's, while the journal is open (nullable) */
  KindredSync          *sync;
  GSettings            *settings;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (KindredPreferencesWindow, kindred_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum { PROP_0, PROP_JOURNAL, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { PREPARE_REKEY, ERASE_REQUESTED, REKEY_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The choices of the combo rows, in the order of their .ui string lists */
static const guint auto_lock_minutes[] = { 0, 1, 5, 15, 30, 60 };
static const char *color_schemes[] = { "system", "light", "dark" };
static const int first_weekdays[] = { -1, 1, 0, 6 };

/* Settings mappings: GSettings value ↔ the selected position of a combo row */

static gboolean
auto_lock_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  guint minutes = g_variant_get_uint32 (variant);
  guint best = 0;

  /* A value set elsewhere (dconf) shows as the nearest choice */
  for (guint i = 0; i < G_N_ELEMENTS (auto_lock_minutes); i++)
    if (ABS ((int) auto_lock_minutes[i] - (int) minutes) <
        ABS ((int) auto_lock_minutes[best] - (int) minutes))
      best = i;

  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
auto_lock_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (auto_lock_minutes))
    return NULL;

  return g_variant_new_uint32 (auto_lock_minutes[i]);
}

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_strcmp0 (nick, color_schemes[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[i]);
}

static gboolean
first_weekday_get_mapping (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  int weekday = g_variant_get_int32 (variant);

  for (guint i = 0; i < G_N_ELEMENTS (first_weekdays); i++)
    if (first_weekdays[i] == weekday)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  /* Another weekday, set elsewhere: the language's choice is the honest fallback */
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
first_weekday_set_mapping (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (first_weekdays))
    return NULL;

  return g_variant_new_int32 (first_weekdays[i]);
}

static void
bind_settings (KindredPreferencesWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Run uninstalled from a build folder there may be no schema: rows stay inert */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->auto_lock_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->hide_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->color_scheme_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->first_weekday_row), FALSE);
      return;
    }

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "auto-lock-minutes",
                                self->auto_lock_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                auto_lock_get_mapping, auto_lock_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "hide-when-inactive",
                   self->hide_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping, color_scheme_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "first-weekday",
                                self->first_weekday_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                first_weekday_get_mapping, first_weekday_set_mapping,
                                NULL, NULL);
}

static void
add_toast (KindredPreferencesWindow *self,
           const char               *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

/* Re-keying */

typedef struct
{
  KindredPreferencesWindow *self;
  KindredJournalOp          op;
  gboolean                  was_passphrase;
} RekeyData;

static void
rekey_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree RekeyData *data = user_data;
  g_autoptr(KindredPreferencesWindow) self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean success;

  success = kindred_journal_run_finish (KINDRED_JOURNAL (object), result, &error);
  self->busy = FALSE;
  kindred_preferences_window_update (self);

  if (!success)
    {
      /* Core messages are translated and hold no secrets; the journal is unchanged */
      add_toast (self, error->message);
    }
  else if (data->op == KINDRED_JOURNAL_OP_USE_KEYRING)
    add_toast (self, _("Your journal’s key is kept in your keyring now"));
  else if (data->was_passphrase)
    add_toast (self, _("Your passphrase is changed"));
  else
    add_toast (self, _("Your journal is locked with your passphrase now"));

  g_signal_emit (self, signals[REKEY_FINISHED], 0, success);
}

static void
run_rekey (KindredPreferencesWindow *self,
           KindredJournalOp          op,
           const char               *passphrase)
{
  gboolean stop = FALSE;
  RekeyData *data;

  if (self->busy || !kindred_journal_is_unlocked (self->journal))
    return;

  /* The store is replaced: what the editor holds must be saved first */
  g_signal_emit (self, signals[PREPARE_REKEY], 0, &stop);
  if (stop)
    return;

  data = g_new0 (RekeyData, 1);
  data->self = g_object_ref (self);
  data->op = op;
  data->was_passphrase =
    kindred_journal_get_state (self->journal) == KINDRED_JOURNAL_STATE_PASSPHRASE;

  self->busy = TRUE;
  kindred_preferences_window_update (self);

  /* Not cancelled when the window closes: a re-key is safe to finish either way, and
   * the person asked for it */
  kindred_journal_run_async (self->journal, op, passphrase, NULL, rekey_cb, data);
}

static void
passphrase_response_cb (KindredPreferencesWindow *self,
                        const char               *response,
                        KindredPassphraseDialog  *dialog)
{
  const char *passphrase;

  if (g_strcmp0 (response, KINDRED_PASSPHRASE_DIALOG_RESPONSE) != 0)
    return;

  passphrase = kindred_passphrase_dialog_get_passphrase (dialog);
  if (passphrase != NULL)
    run_rekey (self, KINDRED_JOURNAL_OP_SET_PASSPHRASE, passphrase);
}

static void
set_passphrase_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (widget);
  gboolean passphrase_mode =
    kindred_journal_get_state (self->journal) == KINDRED_JOURNAL_STATE_PASSPHRASE;
  GtkWidget *dialog;

  if (self->busy)
    return;

  if (passphrase_mode)
    dialog = kindred_passphrase_dialog_new (GTK_WINDOW (self),
                                            _("Change Passphrase"),
                                            _("Choose a new passphrase for your journal. "
                                              "Nobody can recover it for you, so pick one "
                                              "you will remember; your recovery key keeps "
                                              "working."),
                                            _("_Change Passphrase"));
  else
    dialog = kindred_passphrase_dialog_new (GTK_WINDOW (self),
                                            _("Use a Passphrase?"),
                                            _("Your journal will ask for this passphrase "
                                              "each time it opens, and its key will no "
                                              "longer be kept in your keyring. Nobody can "
                                              "recover the passphrase for you; your "
                                              "recovery key keeps working."),
                                            _("_Use Passphrase"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (passphrase_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
use_keyring_response_cb (KindredPreferencesWindow *self,
                         const char               *response,
                         AdwMessageDialog         *dialog)
{
  if (g_strcmp0 (response, "keyring") == 0)
    run_rekey (self, KINDRED_JOURNAL_OP_USE_KEYRING, NULL);
}

static void
use_keyring_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  if (self->busy)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Keep the Key in Your Keyring?"),
                                   _("Your journal will open without a passphrase whenever "
                                     "you are logged in to this computer. Anyone who can "
                                     "use your account can then read it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "keyring", _("_Use Keyring"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keyring",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (use_keyring_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_recovery_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (widget);

  if (!kindred_journal_is_unlocked (self->journal))
    return;

  gtk_window_present (GTK_WINDOW (kindred_recovery_dialog_new (GTK_WINDOW (self),
                                                               self->journal)));
}

static gboolean
close_cb (gpointer data)
{
  g_autoptr(GtkWindow) window = data;

  gtk_window_close (window);
  return G_SOURCE_REMOVE;
}

static void
erase_response_cb (KindredPreferencesWindow *self,
                   const char               *response,
                   AdwMessageDialog         *dialog)
{
  if (g_strcmp0 (response, "erase") != 0)
    return;

  g_signal_emit (self, signals[ERASE_REQUESTED], 0);
  /* Once the question is gone: it is transient for this window */
  g_idle_add (close_cb, g_object_ref (self));
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (widget);
  g_autofree char *db = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->busy)
    return;

  db = g_filename_display_name (kindred_journal_get_db_path (self->journal));
  sidecar = g_filename_display_name (kindred_journal_get_sidecar_path (self->journal));
  /* Translators: the two %s are file paths */
  body = g_strdup_printf (_("This removes from this computer:\n\n"
                            "• your journal, “%s”\n"
                            "• its key settings, “%s”\n"
                            "• its key in your keyring\n\n"
                            "Every entry will be gone. This cannot be undone."),
                          db, sidecar);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Erase All Your Data?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase Everything"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Sync: the row says whether it is on; the dialog does the rest */

static void
update_sync_row (KindredPreferencesWindow *self)
{
  g_autofree char *subtitle = NULL;

  if (self->sync == NULL)
    subtitle = g_strdup (_("Open your journal to set up sync"));
  else if (kindred_sync_get_enabled (self->sync) && kindred_sync_get_folder (self->sync) != NULL)
    {
      g_autofree char *folder = g_filename_display_name (kindred_sync_get_folder (self->sync));

      /* Translators: %s is the sync folder's path */
      subtitle = g_strdup_printf (_("On, through “%s”"), folder);
    }
  else
    subtitle = g_strdup (_("Keep one journal on your own devices, through a folder you "
                           "already sync"));

  adw_action_row_set_subtitle (self->sync_row, subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.sync", self->sync != NULL);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (widget);

  if (self->sync == NULL)
    return;

  gtk_window_present (GTK_WINDOW (kindred_sync_dialog_new (GTK_WINDOW (self), self->sync)));
}

static void
journal_store_changed_cb (KindredPreferencesWindow *self)
{
  /* Locked or re-keyed: that sync belonged to the store that went */
  if (self->sync != NULL &&
      kindred_sync_get_store (self->sync) != kindred_journal_get_store (self->journal))
    kindred_preferences_window_set_sync (self, NULL);
  kindred_preferences_window_update (self);
}

/* GObject */

static void
kindred_preferences_window_constructed (GObject *object)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (kindred_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (KINDRED_IS_JOURNAL (self->journal));

  g_signal_connect_object (self->journal, "notify::store",
                           G_CALLBACK (journal_store_changed_cb), self, G_CONNECT_SWAPPED);
  kindred_preferences_window_update (self);
}

static void
kindred_preferences_window_dispose (GObject *object)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_PREFERENCES_WINDOW);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->settings);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (kindred_preferences_window_parent_class)->dispose (object);
}

static void
kindred_preferences_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  KindredPreferencesWindow *self = KINDRED_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_preferences_window_class_init (KindredPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kindred_preferences_window_constructed;
  object_class->dispose = kindred_preferences_window_dispose;
  object_class->get_property = kindred_preferences_window_get_property;
  object_class->set_property = kindred_preferences_window_set_property;

  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL,
                         KINDRED_TYPE_JOURNAL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PREPARE_REKEY] =
    g_signal_new ("prepare-rekey",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 0);
  signals[ERASE_REQUESTED] =
    g_signal_new ("erase-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[REKEY_FINISHED] =
    g_signal_new ("rekey-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, protection_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, rekey_spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow,
                                        set_passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, use_keyring_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, auto_lock_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, hide_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, hide_switch);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, recovery_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow,
                                        color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow,
                                        first_weekday_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, erase_row);
  gtk_widget_class_bind_template_child (widget_class, KindredPreferencesWindow, sync_row);

  gtk_widget_class_install_action (widget_class, "prefs.set-passphrase", NULL,
                                   set_passphrase_action);
  gtk_widget_class_install_action (widget_class, "prefs.use-keyring", NULL,
                                   use_keyring_action);
  gtk_widget_class_install_action (widget_class, "prefs.show-recovery", NULL,
                                   show_recovery_action);
  gtk_widget_class_install_action (widget_class, "prefs.erase", NULL, erase_action);
  gtk_widget_class_install_action (widget_class, "prefs.sync", NULL, sync_action);
}

static void
kindred_preferences_window_init (KindredPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  bind_settings (self);
  update_sync_row (self);
}

GtkWidget *
kindred_preferences_window_new (GtkWindow      *parent,
                                KindredJournal *journal)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL (journal), NULL);

  return g_object_new (KINDRED_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "journal", journal,
                       NULL);
}

void
kindred_preferences_window_update (KindredPreferencesWindow *self)
{
  KindredJournalState state;
  gboolean unlocked;
  gboolean passphrase_mode;

  g_return_if_fail (KINDRED_IS_PREFERENCES_WINDOW (self));

  state = kindred_journal_get_state (self->journal);
  unlocked = kindred_journal_is_unlocked (self->journal);
  passphrase_mode = state == KINDRED_JOURNAL_STATE_PASSPHRASE;

  if (self->busy)
    adw_action_row_set_subtitle (self->protection_row,
                                 _("Changing how your journal is locked…"));
  else if (passphrase_mode)
    adw_action_row_set_subtitle (self->protection_row,
                                 _("Your journal is locked with your passphrase"));
  else
    adw_action_row_set_subtitle (self->protection_row,
                                 _("Your journal’s key is kept in your keyring, which opens "
                                   "when you log in"));

  gtk_widget_set_visible (self->rekey_spinner, self->busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->rekey_spinner), self->busy);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->set_passphrase_row),
                                 passphrase_mode ? _("Change Passphrase…")
                                                 : _("Use a Passphrase Instead…"));
  adw_action_row_set_subtitle (self->set_passphrase_row,
                               passphrase_mode ? _("Choose a new passphrase")
                                               : _("Ask for a passphrase each time your "
                                                   "journal opens"));
  gtk_widget_set_visible (GTK_WIDGET (self->use_keyring_row), passphrase_mode);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.set-passphrase",
                                 unlocked && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.use-keyring",
                                 unlocked && passphrase_mode && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.show-recovery",
                                 unlocked && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.erase", !self->busy);
}

void
kindred_preferences_window_set_sync (KindredPreferencesWindow *self,
                                     KindredSync              *sync)
{
  g_return_if_fail (KINDRED_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (sync == NULL || KINDRED_IS_SYNC (sync));

  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      g_signal_connect_swapped (sync, "notify::enabled", G_CALLBACK (update_sync_row), self);
      g_signal_connect_swapped (sync, "notify::folder", G_CALLBACK (update_sync_row), self);
    }
  update_sync_row (self);
}

gboolean
kindred_preferences_window_get_busy (KindredPreferencesWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->busy;
}

GtkWidget *
kindred_preferences_window_lookup_widget (KindredPreferencesWindow *self,
                                          const char               *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_PREFERENCES_WINDOW,
                                         name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

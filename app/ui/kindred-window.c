/* kindred-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-create-passphrase-page.h"
#include "kindred-entry-editor.h"
#include "kindred-entry-row.h"
#include "kindred-unlock-page.h"
#include "kindred-window.h"

struct _KindredWindow
{
  AdwApplicationWindow         parent_instance;

  /* template */
  AdwToastOverlay             *toast_overlay;
  GtkStack                    *stack;
  GtkSpinner                  *loading_spinner;
  KindredUnlockPage           *unlock_page;
  KindredCreatePassphrasePage *create_page;
  AdwStatusPage               *problem_page;
  GtkWidget                   *problem_retry_button;
  GtkWidget                   *problem_recovery_button;
  GtkWidget                   *problem_passphrase_button;
  GtkWidget                   *problem_move_button;
  AdwHeaderBar                *header_bar;
  AdwSqueezer                 *switcher_title;
  GtkWidget                   *switcher_none;
  AdwViewSwitcherBar          *switcher_bar;
  AdwViewStack                *view_stack;
  GtkStack                    *journal_stack;
  AdwStatusPage               *empty_page;
  GtkWidget                   *write_first_button;
  GtkListView                 *list_view;
  KindredEntryEditor          *editor;
  GtkWidget                   *new_entry_button;
  GtkWidget                   *menu_button;
  GtkWidget                   *help_button;

  KindredJournal              *journal;
  GSettings                   *settings;
  GCancellable                *cancellable;
  KindredEntryList            *entries;
  gulong                       items_changed_id;

  /* The state the journal was in when we started opening it: a failure on a NEW
   * journal offers other ways (a passphrase) than one on an existing journal */
  KindredJournalState          opening_state;
  gboolean                     editing;
  gboolean                     saving;
  /* While the help page is up, the page to go back to (and to show instead) */
  char                        *page_after_help;
};

G_DEFINE_FINAL_TYPE (KindredWindow, kindred_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_JOURNAL, PROP_PAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void open_journal (KindredWindow *self);

static gboolean
journal_is_open (KindredWindow *self)
{
  return self->entries != NULL && kindred_journal_get_store (self->journal) != NULL;
}

static void
update_actions (KindredWindow *self)
{
  gboolean open = journal_is_open (self);
  gboolean has_content = self->editing && kindred_entry_editor_has_content (self->editor);
  gboolean passphrase_mode = open &&
    kindred_journal_get_state (self->journal) == KINDRED_JOURNAL_STATE_PASSPHRASE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-entry", open && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-entry",
                                 open && has_content && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-entry",
                                 self->editing && !self->saving);
  /* Locking while the editor is open would drop what is typed: save or cancel first */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock",
                                 passphrase_mode && !self->editing && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.help-back",
                                 self->page_after_help != NULL);
}

static void
show_page (KindredWindow *self,
           const char    *name)
{
  GtkWidget *child;

  /* Someone reading crisis help is not pulled away when the journal opens meanwhile */
  if (self->page_after_help != NULL && g_strcmp0 (name, KINDRED_WINDOW_PAGE_HELP) != 0)
    {
      g_free (self->page_after_help);
      self->page_after_help = g_strdup (name);
      update_actions (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->loading_spinner,
                            g_strcmp0 (name, KINDRED_WINDOW_PAGE_LOADING) == 0);

  child = gtk_stack_get_visible_child (self->stack);
  if (g_strcmp0 (name, KINDRED_WINDOW_PAGE_UNLOCK) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->unlock_page));
  else if (g_strcmp0 (name, KINDRED_WINDOW_PAGE_CREATE_PASSPHRASE) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->create_page));
  else if (child != NULL)
    gtk_widget_child_focus (child, GTK_DIR_TAB_FORWARD);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
update_journal_view (KindredWindow *self)
{
  const char *name;

  if (self->editing)
    name = "editor";
  else if (self->entries != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0)
    name = "list";
  else
    name = "empty";

  gtk_stack_set_visible_child_name (self->journal_stack, name);
}

static void
add_toast (KindredWindow *self,
           const char    *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
close_journal_view (KindredWindow *self)
{
  /* Also from dispose, which may run after the template is gone */
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->entries != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->entries);
  g_clear_object (&self->entries);
  self->editing = FALSE;
  if (self->editor != NULL)
    kindred_entry_editor_set_entry (self->editor, NULL);
}

static void
entries_changed_cb (KindredWindow *self)
{
  update_journal_view (self);
}

static void
show_main (KindredWindow *self)
{
  KindredStore *store = kindred_journal_get_store (self->journal);
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (store != NULL);

  close_journal_view (self);

  self->entries = kindred_entry_list_new (store);
  self->items_changed_id = g_signal_connect_swapped (self->entries, "items-changed",
                                                     G_CALLBACK (entries_changed_cb), self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  update_journal_view (self);
  show_page (self, KINDRED_WINDOW_PAGE_MAIN);
}

/* The problem page: one specific, gentle message per error, and the ways forward
 * that make sense for it. */
typedef enum
{
  WAY_RETRY      = 1 << 0,
  WAY_RECOVERY   = 1 << 1,
  WAY_PASSPHRASE = 1 << 2,
  WAY_MOVE_ASIDE = 1 << 3,
} Ways;

static void
show_problem (KindredWindow *self,
              const GError  *error)
{
  g_autofree char *description = NULL;
  const char *title = NULL;
  const char *text = NULL;
  gboolean show_details = FALSE;
  gboolean is_new = self->opening_state == KINDRED_JOURNAL_STATE_NEW;
  Ways ways = WAY_RETRY;

  if (g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_A_JOURNAL))
    {
      title = _("This Journal Can’t Be Read");
      text = _("The file where Kindred keeps your journal seems damaged, or it is not a "
               "Kindred journal. It has not been changed.");
      ways = WAY_RETRY | WAY_MOVE_ASIDE;
    }
  else if (g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NEWER_SCHEMA))
    {
      title = _("Your Journal Is From a Newer Kindred");
      text = _("It was last used by a newer version of Kindred. Please update Kindred to "
               "open it. The file has not been changed.");
      ways = WAY_RETRY | WAY_MOVE_ASIDE;
    }
  else if (g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_WRONG_KEY))
    {
      title = _("The Key Doesn’t Fit");
      text = _("The key Kindred found does not open this journal. If you kept the "
               "journal’s recovery key, you can open it with that. The file has not "
               "been changed.");
      ways = WAY_RETRY | WAY_RECOVERY | WAY_MOVE_ASIDE;
    }
  else if (g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED))
    {
      title = _("Your Journal Is Busy");
      text = _("Another program seems to be using your journal right now. Close it, "
               "then try again.");
    }
  else if (g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NO_CIPHER))
    {
      title = _("This Kindred Can’t Encrypt");
      text = _("This copy of Kindred was built without encryption, so it will not open "
               "or create a journal. Please install Kindred from a trusted source.");
      ways = 0;
    }
  else if (g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_NO_SERVICE))
    {
      title = _("The Keyring Isn’t Available");
      text = _("Your journal’s key is kept in your keyring, and Kindred could not reach "
               "it. Make sure you are logged in to your desktop, then try again, or open "
               "the journal with its recovery key.");
      ways = WAY_RETRY | WAY_RECOVERY;
    }
  else if (g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_KEYRING_LOCKED))
    {
      title = _("Your Keyring Is Locked");
      if (is_new)
        {
          text = _("Kindred keeps your journal’s key in your keyring, which is still "
                   "locked. Unlock it when you are asked, or protect your journal with a "
                   "passphrase instead.");
          ways = WAY_RETRY | WAY_PASSPHRASE;
        }
      else
        {
          text = _("Kindred keeps your journal’s key in your keyring, which is still "
                   "locked. Unlock it when you are asked, then try again.");
          ways = WAY_RETRY | WAY_RECOVERY;
        }
    }
  else if (g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_KEY_MISSING))
    {
      title = _("Your Journal’s Key Is Missing");
      text = _("Your journal is here, but its key is no longer in your keyring. You can "
               "open it with its recovery key. The file has not been changed.");
      ways = WAY_RETRY | WAY_RECOVERY | WAY_MOVE_ASIDE;
    }
  else if (g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR))
    {
      title = _("Your Journal’s Lock Settings Are Damaged");
      text = _("The small file that says how your journal is locked cannot be read. The "
               "journal itself has not been changed. If you kept its recovery key, you can "
               "try that.");
      ways = WAY_RETRY | WAY_RECOVERY | WAY_MOVE_ASIDE;
    }
  else if (g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_IO))
    {
      title = _("Kindred Couldn’t Read Your Journal");
      text = _("Something went wrong reading or writing the file. Check that there is "
               "free space on your disk and that the file belongs to you, then try again.");
      show_details = TRUE;
      ways = WAY_RETRY | WAY_MOVE_ASIDE;
    }
  else
    {
      title = _("Kindred Couldn’t Open Your Journal");
      text = _("Something unexpected went wrong. Your journal has not been changed.");
      show_details = TRUE;
      ways = WAY_RETRY | WAY_MOVE_ASIDE;
    }

  /* Only a journal that exists can be moved aside */
  if (is_new)
    ways &= ~WAY_MOVE_ASIDE;

  /* Core messages are translated and never hold entry text or secrets */
  if (show_details && error != NULL && error->message != NULL)
    description = g_strdup_printf ("%s\n\n%s", text, error->message);
  else
    description = g_strdup (text);

  adw_status_page_set_title (self->problem_page, title);
  adw_status_page_set_description (self->problem_page, description);
  gtk_widget_set_visible (self->problem_retry_button, (ways & WAY_RETRY) != 0);
  gtk_widget_set_visible (self->problem_recovery_button, (ways & WAY_RECOVERY) != 0);
  gtk_widget_set_visible (self->problem_passphrase_button, (ways & WAY_PASSPHRASE) != 0);
  gtk_widget_set_visible (self->problem_move_button, (ways & WAY_MOVE_ASIDE) != 0);

  /* The first way shown is the one suggested */
  gtk_widget_remove_css_class (self->problem_recovery_button, "suggested-action");
  if ((ways & WAY_RETRY) == 0 && (ways & WAY_RECOVERY) != 0)
    gtk_widget_add_css_class (self->problem_recovery_button, "suggested-action");

  show_page (self, KINDRED_WINDOW_PAGE_PROBLEM);
}

static void
show_create_passphrase (KindredWindow *self,
                        const char    *description)
{
  kindred_create_passphrase_page_reset (self->create_page);
  kindred_create_passphrase_page_set_description (self->create_page, description);
  show_page (self, KINDRED_WINDOW_PAGE_CREATE_PASSPHRASE);
}

static void
show_recovery_key (KindredWindow *self)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *label;
  char *recovery;

  recovery = kindred_journal_dup_recovery (self->journal);
  if (recovery == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Keep Your Recovery Key Safe"),
                                   _("If you ever forget your passphrase, this key is the "
                                     "only way to open your journal. Write it down and keep "
                                     "it somewhere safe and private."));
  label = gtk_label_new (recovery);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "recovery-key");
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recovery key"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done",
                                   _("I’ve _Kept It Safe"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "done",
                                              ADW_RESPONSE_SUGGESTED);
  gtk_window_present (GTK_WINDOW (dialog));

  kindred_secret_free (recovery);
}

/* Callbacks of the journal's operations.  Each holds a reference on the window; a
 * cancelled one (the window went away) touches nothing. */

static void
open_keyring_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kindred_journal_run_finish (KINDRED_JOURNAL (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_NO_SERVICE) &&
          self->opening_state == KINDRED_JOURNAL_STATE_NEW)
        {
          show_create_passphrase (self,
            _("Kindred could not find a keyring on this computer to keep your journal’s "
              "key, so your journal will be locked with a passphrase instead. Nobody can "
              "recover it for you: if you forget it, only the recovery key can open your "
              "journal."));
          return;
        }

      show_problem (self, error);
      return;
    }

  show_main (self);
}

static void
unlock_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean recovery = kindred_unlock_page_get_use_recovery (self->unlock_page);

  if (!kindred_journal_run_finish (KINDRED_JOURNAL (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      kindred_unlock_page_set_busy (self->unlock_page, FALSE);

      if (g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WRONG_PASSPHRASE) ||
          g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_WRONG_KEY))
        {
          kindred_unlock_page_set_error (self->unlock_page,
            recovery ? _("That recovery key doesn’t open this journal. Please check it and "
                         "try again.")
                     : _("That passphrase doesn’t open this journal. Please check it (and "
                         "Caps Lock) and try again."));
          return;
        }

      if (recovery && g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT))
        {
          kindred_unlock_page_set_error (self->unlock_page,
            _("That doesn’t look like a recovery key. It is made of groups of four letters "
              "and numbers."));
          return;
        }

      show_problem (self, error);
      return;
    }

  kindred_unlock_page_reset (self->unlock_page);
  show_main (self);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kindred_journal_run_finish (KINDRED_JOURNAL (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      kindred_create_passphrase_page_set_busy (self->create_page, FALSE);

      if (g_error_matches (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WEAK_PASSPHRASE))
        {
          kindred_create_passphrase_page_set_error (self->create_page, error->message);
          return;
        }

      show_problem (self, error);
      return;
    }

  kindred_create_passphrase_page_reset (self->create_page);
  show_main (self);
  show_recovery_key (self);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kindred_store_save_entry_finish (KINDRED_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->saving = FALSE;
      update_actions (self);
      /* The editor stays open with the text in it, so nothing is lost */
      add_toast (self, error->message);
      return;
    }

  self->saving = FALSE;
  self->editing = FALSE;
  kindred_entry_editor_set_entry (self->editor, NULL);
  update_journal_view (self);
  update_actions (self);
  add_toast (self, _("Entry saved"));
}

static void
unlock_page_unlock_cb (KindredWindow     *self,
                       const char        *secret,
                       gboolean           recovery,
                       KindredUnlockPage *page)
{
  kindred_unlock_page_set_busy (page, TRUE);
  kindred_journal_run_async (self->journal,
                             recovery ? KINDRED_JOURNAL_OP_UNLOCK_RECOVERY
                                      : KINDRED_JOURNAL_OP_UNLOCK_PASSPHRASE,
                             secret,
                             self->cancellable,
                             unlock_cb,
                             g_object_ref (self));
}

static void
unlock_page_cancel_cb (KindredWindow *self)
{
  kindred_unlock_page_reset (self->unlock_page);
  open_journal (self);
}

static void
create_page_create_cb (KindredWindow               *self,
                       const char                  *passphrase,
                       KindredCreatePassphrasePage *page)
{
  kindred_create_passphrase_page_set_busy (page, TRUE);
  kindred_journal_run_async (self->journal,
                             KINDRED_JOURNAL_OP_CREATE_PASSPHRASE,
                             passphrase,
                             self->cancellable,
                             create_cb,
                             g_object_ref (self));
}

static void
create_page_cancel_cb (KindredWindow *self)
{
  kindred_create_passphrase_page_reset (self->create_page);
  open_journal (self);
}

static void
switcher_changed_cb (KindredWindow *self)
{
  /* Neither switcher fits in the header: the bottom bar takes over */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
    adw_squeezer_get_visible_child (self->switcher_title) == self->switcher_none);
}

static void
editor_changed_cb (KindredWindow *self)
{
  update_actions (self);
}

static void
open_journal (KindredWindow *self)
{
  if (kindred_journal_is_unlocked (self->journal))
    {
      show_main (self);
      return;
    }

  self->opening_state = kindred_journal_get_state (self->journal);

  if (self->opening_state == KINDRED_JOURNAL_STATE_PASSPHRASE)
    {
      kindred_unlock_page_set_passphrase_mode (self->unlock_page, TRUE);
      kindred_unlock_page_reset (self->unlock_page);
      show_page (self, KINDRED_WINDOW_PAGE_UNLOCK);
      return;
    }

  /* NEW, KEYRING and UNKNOWN: the keyring creates or finds the key, asking nothing */
  show_page (self, KINDRED_WINDOW_PAGE_LOADING);
  kindred_journal_run_async (self->journal,
                             KINDRED_JOURNAL_OP_OPEN_KEYRING,
                             NULL,
                             self->cancellable,
                             open_keyring_cb,
                             g_object_ref (self));
}

static void
new_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);

  if (!journal_is_open (self))
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "journal");

  if (!self->editing)
    {
      g_autoptr(KindredEntry) entry = kindred_entry_new ();

      self->editing = TRUE;
      kindred_entry_editor_set_entry (self->editor, entry);
      update_journal_view (self);
      update_actions (self);
    }

  kindred_entry_editor_focus_text (self->editor);
}

static void
save_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  KindredStore *store = kindred_journal_get_store (self->journal);
  KindredEntry *entry = kindred_entry_editor_get_entry (self->editor);

  if (store == NULL || entry == NULL || self->saving ||
      !kindred_entry_editor_has_content (self->editor))
    return;

  self->saving = TRUE;
  update_actions (self);
  kindred_store_save_entry_async (store, entry, self->cancellable, save_cb,
                                  g_object_ref (self));
}

static void
discard_response_cb (KindredWindow    *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "discard") != 0 || self->saving)
    return;

  self->editing = FALSE;
  kindred_entry_editor_set_entry (self->editor, NULL);
  update_journal_view (self);
  update_actions (self);
}

static void
cancel_entry_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  GtkWidget *dialog;

  if (!self->editing || self->saving)
    return;

  if (!kindred_entry_editor_has_content (self->editor))
    {
      discard_response_cb (self, "discard", NULL);
      return;
    }

  /* Never lose what someone wrote without asking */
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Discard This Entry?"),
                                   _("What you wrote will not be saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Writing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);

  if (self->editing || self->saving ||
      kindred_journal_get_state (self->journal) != KINDRED_JOURNAL_STATE_PASSPHRASE)
    return;

  close_journal_view (self);
  kindred_journal_lock (self->journal);
  open_journal (self);
}

static void
help_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  g_autofree char *page = g_steal_pointer (&self->page_after_help);

  if (page != NULL)
    show_page (self, page);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  open_journal (KINDRED_WINDOW (widget));
}

static void
use_recovery_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);

  kindred_unlock_page_set_passphrase_mode (self->unlock_page,
    kindred_journal_get_state (self->journal) == KINDRED_JOURNAL_STATE_PASSPHRASE);
  kindred_unlock_page_reset (self->unlock_page);
  kindred_unlock_page_set_use_recovery (self->unlock_page, TRUE);
  show_page (self, KINDRED_WINDOW_PAGE_UNLOCK);
}

static void
use_passphrase_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);

  /* Only a journal that does not exist yet can be created with a passphrase */
  if (kindred_journal_get_state (self->journal) != KINDRED_JOURNAL_STATE_NEW)
    return;

  show_create_passphrase (self, NULL);
}

static void
move_aside_response_cb (KindredWindow    *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "move") != 0)
    return;

  new_path = kindred_journal_move_aside (self->journal, &error);
  if (new_path == NULL)
    {
      show_problem (self, error);
      return;
    }

  name = g_path_get_basename (new_path);
  /* Translators: %s is a file name such as journal-2026-11-27.db */
  message = g_strdup_printf (_("Your old journal is kept as “%s”"), name);
  add_toast (self, message);

  open_journal (self);
}

static void
move_aside_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("The journal that can’t be opened will be renamed and kept "
                            "in the folder “%s”. Nothing is deleted. Then a new, empty "
                            "journal will be started."),
                          kindred_journal_get_dir (self->journal));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Start a New Journal?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "move", _("_Move Aside and Start Anew"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_aside_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, kindred_entry_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  kindred_entry_row_set_entry (KINDRED_ENTRY_ROW (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  kindred_entry_row_set_entry (KINDRED_ENTRY_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
load_window_size (KindredWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Run uninstalled from a build folder, there may be no schema: keep the defaults */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
kindred_window_close_request (GtkWindow *window)
{
  KindredWindow *self = KINDRED_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  if (GTK_WINDOW_CLASS (kindred_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (kindred_window_parent_class)->close_request (window);

  return FALSE;
}

static void
kindred_window_constructed (GObject *object)
{
  KindredWindow *self = KINDRED_WINDOW (object);

  G_OBJECT_CLASS (kindred_window_parent_class)->constructed (object);

  g_return_if_fail (KINDRED_IS_JOURNAL (self->journal));

  open_journal (self);
}

static void
kindred_window_dispose (GObject *object)
{
  KindredWindow *self = KINDRED_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  close_journal_view (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (kindred_window_parent_class)->dispose (object);
}

static void
kindred_window_finalize (GObject *object)
{
  KindredWindow *self = KINDRED_WINDOW (object);

  g_clear_pointer (&self->page_after_help, g_free);

  G_OBJECT_CLASS (kindred_window_parent_class)->finalize (object);
}

static void
kindred_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KindredWindow *self = KINDRED_WINDOW (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_PAGE:
      g_value_set_string (value, kindred_window_get_page (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KindredWindow *self = KINDRED_WINDOW (object);

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
kindred_window_class_init (KindredWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kindred_window_constructed;
  object_class->dispose = kindred_window_dispose;
  object_class->finalize = kindred_window_finalize;
  object_class->get_property = kindred_window_get_property;
  object_class->set_property = kindred_window_set_property;
  window_class->close_request = kindred_window_close_request;

  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL,
                         KINDRED_TYPE_JOURNAL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Types the template names */
  g_type_ensure (KINDRED_TYPE_UNLOCK_PAGE);
  g_type_ensure (KINDRED_TYPE_CREATE_PASSPHRASE_PAGE);
  g_type_ensure (KINDRED_TYPE_ENTRY_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, create_page);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, problem_page);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, problem_retry_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, problem_recovery_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, problem_passphrase_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, problem_move_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, switcher_none);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, journal_stack);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, write_first_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, new_entry_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, help_button);

  /* Shortcuts are the application's accels (see kindred-application.c), so the
   * shortcuts window can list them */
  gtk_widget_class_install_action (widget_class, "win.new-entry", NULL, new_entry_action);
  gtk_widget_class_install_action (widget_class, "win.save-entry", NULL, save_entry_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-entry", NULL, cancel_entry_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.help-back", NULL, help_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.help-back", NULL);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.use-recovery", NULL, use_recovery_action);
  gtk_widget_class_install_action (widget_class, "win.use-passphrase", NULL,
                                   use_passphrase_action);
  gtk_widget_class_install_action (widget_class, "win.move-aside", NULL, move_aside_action);
}

static void
kindred_window_init (KindredWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  g_signal_connect_swapped (self->unlock_page, "unlock",
                            G_CALLBACK (unlock_page_unlock_cb), self);
  g_signal_connect_swapped (self->unlock_page, "cancel",
                            G_CALLBACK (unlock_page_cancel_cb), self);
  g_signal_connect_swapped (self->create_page, "create",
                            G_CALLBACK (create_page_create_cb), self);
  g_signal_connect_swapped (self->create_page, "cancel",
                            G_CALLBACK (create_page_cancel_cb), self);
  g_signal_connect_swapped (self->editor, "changed",
                            G_CALLBACK (editor_changed_cb), self);
  g_signal_connect_swapped (self->switcher_title, "notify::visible-child",
                            G_CALLBACK (switcher_changed_cb), self);

  load_window_size (self);
  update_actions (self);
}

KindredWindow *
kindred_window_new (GtkApplication *application,
                    KindredJournal *journal)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KINDRED_IS_JOURNAL (journal), NULL);

  return g_object_new (KINDRED_TYPE_WINDOW,
                       "application", application,
                       "journal", journal,
                       NULL);
}

KindredJournal *
kindred_window_get_journal (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);

  return self->journal;
}

const char *
kindred_window_get_page (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
kindred_window_show_view (KindredWindow *self,
                          const char    *name)
{
  g_return_if_fail (KINDRED_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (!journal_is_open (self))
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
kindred_window_show_help (KindredWindow *self)
{
  const char *page;

  g_return_if_fail (KINDRED_IS_WINDOW (self));

  if (journal_is_open (self) && self->page_after_help == NULL)
    {
      kindred_window_show_view (self, "resources");
      return;
    }

  page = kindred_window_get_page (self);
  if (g_strcmp0 (page, KINDRED_WINDOW_PAGE_HELP) == 0)
    return;

  self->page_after_help = g_strdup (page);
  gtk_stack_set_visible_child_name (self->stack, KINDRED_WINDOW_PAGE_HELP);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

KindredEntryEditor *
kindred_window_get_editor (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);

  return self->editor;
}

GListModel *
kindred_window_get_entries (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);

  return self->entries != NULL ? G_LIST_MODEL (self->entries) : NULL;
}

GtkWidget *
kindred_window_lookup_widget (KindredWindow *self,
                              const char    *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_WINDOW, name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}

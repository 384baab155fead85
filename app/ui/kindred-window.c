/* kindred-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-create-passphrase-page.h"
#include "kindred-entry-editor.h"
#include "kindred-export-dialog.h"
#include "kindred-group-view.h"
#include "kindred-help-page.h"
#include "kindred-import-dialog.h"
#include "kindred-insights-view.h"
#include "kindred-journal-view.h"
#include "kindred-passphrase-dialog.h"
#include "kindred-passphrase-prompt.h"
#include "kindred-preferences-window.h"
#include "kindred-privacy-cover.h"
#include "kindred-resources-view.h"
#include "kindred-strategies-view.h"
#include "kindred-sync-button.h"
#include "kindred-sync-dialog.h"
#include "kindred-unlock-page.h"
#include "kindred-window.h"

/* After deletes, the full-text index is cleaned up once things are quiet */
#define OPTIMIZE_DELAY_SECONDS 2
/* While the window is in the background, how often to look whether another of
 * Kindred's windows (a dialog) still has the focus */
#define BACKGROUND_CHECK_MS 250

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
  KindredJournalView          *journal_view;
  KindredHelpPage             *help_page;
  KindredResourcesView        *resources_view;
  KindredInsightsView         *insights_view;
  KindredStrategiesView       *strategies_view;
  KindredGroupView            *group_view;
  GtkWidget                   *new_entry_button;
  GtkWidget                   *menu_button;
  GtkWidget                   *help_button;
  KindredPrivacyCover         *privacy_cover;
  GtkWidget                   *cover_help_button;
  KindredSyncButton           *sync_button;

  KindredJournal              *journal;
  /* The open journal's peer groups (NULL while it is locked) */
  KindredGroups               *groups;
  /* The open journal's sync (NULL while it is locked) */
  KindredSync                 *sync;
  /* Sync Now was pressed: that run's result gets a toast even when nothing changed */
  gboolean                     sync_on_demand;
  gboolean                     sync_was_enabled;
  /* An automatic run's problem is told once, not every few seconds */
  gboolean                     sync_problem_told;
  /* Whether the header has room for the Sync button, looked at after layout */
  guint                        sync_room_id;
  int                          sync_button_width;
  GSettings                   *settings;
  GCancellable                *cancellable;

  /* The state the journal was in when we started opening it: a failure on a NEW
   * journal offers other ways (a passphrase) than one on an existing journal */
  KindredJournalState          opening_state;
  /* A close that could not save the open entry was refused once: the next goes */
  gboolean                     close_refused;
  /* While the help page is up, the page to go back to (and to show instead) */
  char                        *page_after_help;

  /* The cover came from the window going to the background: it lifts by itself */
  gboolean                     covered_for_background;
  guint                        background_check_id;

  /* Idle lock: the last key press or pointer move, and the check that follows it */
  gint64                       last_activity;
  guint                        idle_check_id;
  guint                        idle_seconds_override;

  /* A deleted entry's copy, held in memory only while its Undo toast shows */
  KindredEntry                *undo_entry;
  AdwToast                    *undo_toast;
  guint                        optimize_id;
  guint                        n_workers;
  /* An erase or a re-key of our own is running */
  gboolean                     busy;
  KindredJournalOp             rekey_op;
};

G_DEFINE_FINAL_TYPE (KindredWindow, kindred_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_JOURNAL, PROP_PAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void open_journal     (KindredWindow *self);
static void start_idle_timer (KindredWindow *self);
static void seed_library     (KindredWindow *self,
                              KindredStore  *store);
static void offer_new_key    (KindredWindow *self);
static void set_sync_store   (KindredWindow *self,
                              KindredStore  *store);

static gboolean
journal_is_open (KindredWindow *self)
{
  return self->journal != NULL && kindred_journal_get_store (self->journal) != NULL &&
         kindred_journal_view_get_store (self->journal_view) != NULL;
}

static void
update_actions (KindredWindow *self)
{
  gboolean open = journal_is_open (self);

  gboolean covered = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                KINDRED_WINDOW_PAGE_COVER) == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-entry", open && !covered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", open && !covered);
  /* Locking saves the open entry first (see lock_journal); a keyring journal is
   * covered instead */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock",
                                 open && !covered && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.uncover", covered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-entry", open && !covered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.share-entry",
                                 open && !covered && self->group_view != NULL &&
                                 kindred_group_view_can_share (self->group_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete",
                                 open && self->undo_entry != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.help-back",
                                 self->page_after_help != NULL);
  /* Sync, import and export */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-setup",
                                 open && !covered && self->sync != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 open && !covered && self->sync != NULL &&
                                 kindred_sync_get_enabled (self->sync));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-passphrase",
                                 open && !covered && self->sync != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-conflicts",
                                 open && !covered && self->sync != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.keep-conflict-copy",
                                 open && !covered && self->sync != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 open && !covered && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 open && !covered && !self->busy);
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
  if (self->journal_view != NULL)
    kindred_journal_view_set_store (self->journal_view, NULL);
  /* Contacts and the safety plan are the journal's too */
  if (self->resources_view != NULL)
    kindred_resources_view_set_store (self->resources_view, NULL);
  if (self->help_page != NULL)
    kindred_help_page_set_store (self->help_page, NULL);
  if (self->insights_view != NULL)
    kindred_insights_view_set_store (self->insights_view, NULL);
  if (self->strategies_view != NULL)
    kindred_strategies_view_set_store (self->strategies_view, NULL);
  /* The groups live in the journal too */
  if (self->group_view != NULL)
    kindred_group_view_set_groups (self->group_view, NULL);
  g_clear_object (&self->groups);
  set_sync_store (self, NULL);
}

/* Insights and Strategies read the whole journal as soon as they have a store (the
 * insights' sums on a worker that holds the store's lock, one statistics query per
 * strategy): on a large journal that kept the journal's first page, and so the first
 * frame, waiting. They get the store when they are first shown instead, and so do
 * Resources (its contacts and safety plan). */
static void
give_store_to_shown_view (KindredWindow *self)
{
  KindredStore *store;
  GtkWidget *child;

  /* Also while dispose takes the template apart */
  if (self->view_stack == NULL || self->journal_view == NULL || !journal_is_open (self))
    return;

  store = kindred_journal_get_store (self->journal);
  child = adw_view_stack_get_visible_child (self->view_stack);
  if (child == NULL)
    return;
  if (child == GTK_WIDGET (self->insights_view))
    kindred_insights_view_set_store (self->insights_view, store);
  else if (child == GTK_WIDGET (self->strategies_view))
    kindred_strategies_view_set_store (self->strategies_view, store);
  else if (child == GTK_WIDGET (self->resources_view))
    kindred_resources_view_set_store (self->resources_view, store);
}

/* Every view that shows the journal follows the open store (the others once they
 * are shown) */
static void
set_views_store (KindredWindow *self,
                 KindredStore  *store)
{
  GtkWidget *shown = adw_view_stack_get_visible_child (self->view_stack);

  kindred_journal_view_set_store (self->journal_view, store);
  set_sync_store (self, store);
  /* Groups are loaded with the journal: the editor's "Share with a group…" needs to
   * know whether there is one (a few small reads) */
  if (self->groups == NULL || kindred_groups_get_store (self->groups) != store)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&self->groups);
      self->groups = kindred_groups_new (store, &error);
      if (self->groups == NULL)
        g_warning ("Could not load the groups: %s", error->message);
    }
  kindred_group_view_set_groups (self->group_view, self->groups);
  /* A hidden view keeps no store the journal left behind (a re-key replaces it) */
  if (shown != GTK_WIDGET (self->insights_view))
    kindred_insights_view_set_store (self->insights_view, NULL);
  if (shown != GTK_WIDGET (self->strategies_view))
    kindred_strategies_view_set_store (self->strategies_view, NULL);
  if (shown != GTK_WIDGET (self->resources_view))
    kindred_resources_view_set_store (self->resources_view, NULL);
  give_store_to_shown_view (self);
}

static void
show_main (KindredWindow *self)
{
  KindredStore *store = kindred_journal_get_store (self->journal);

  g_return_if_fail (store != NULL);

  close_journal_view (self);
  set_views_store (self, store);

  show_page (self, KINDRED_WINDOW_PAGE_MAIN);
  start_idle_timer (self);
  seed_library (self, store);
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

  /* The usual way in is lost (or forgotten): offer to set it up again */
  if (recovery)
    offer_new_key (self);
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
  gboolean narrow = adw_squeezer_get_visible_child (self->switcher_title) == self->switcher_none;

  /* Neither switcher fits in the header: the bottom bar takes over, and toasts
   * rise above it (style.css) instead of hiding it */
  adw_view_switcher_bar_set_reveal (self->switcher_bar, narrow);
  if (narrow)
    gtk_widget_add_css_class (GTK_WIDGET (self->toast_overlay), "above-bottom-bar");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->toast_overlay), "above-bottom-bar");
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

/* A worker with a main context of its own: the store hands its signals to the main
 * thread by g_main_context_invoke(), which would run them right here (UI handlers
 * on a worker) if this thread could acquire the default context between two
 * iterations of the main loop */
static GMainContext *
push_worker_context (void)
{
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  return context;
}

static void
pop_worker_context (GMainContext *context)
{
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

/* Built-in strategies: in a worker, so the first frame with the journal is not held
 * up; safe on every unlock (a second seed writes nothing) */

static void
seed_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KindredStore *store = task_data;
  GMainContext *context = push_worker_context ();
  g_autoptr(KindredStrategyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;

  library = kindred_strategy_library_new (&error);
  /* A lock or an erase may close the store meanwhile: the next unlock seeds again */
  if (library == NULL || !kindred_strategy_library_seed (library, store, &error))
    g_debug ("Could not add the built-in strategies: %s", error->message);

  pop_worker_context (context);
  g_task_return_boolean (task, TRUE);
}

static void
seed_library (KindredWindow *self,
              KindredStore  *store)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, seed_library);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, seed_worker);
}

/* Privacy: the cover, locking, the idle and session locks */

static gboolean
is_covered (KindredWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                    KINDRED_WINDOW_PAGE_COVER) == 0;
}

static void
stop_idle_timer (KindredWindow *self)
{
  g_clear_handle_id (&self->idle_check_id, g_source_remove);
}

static guint
idle_timeout_seconds (KindredWindow *self)
{
  if (self->idle_seconds_override > 0)
    return self->idle_seconds_override;
  if (self->settings == NULL)
    return 0;

  return g_settings_get_uint (self->settings, "auto-lock-minutes") * 60;
}

static void
cover (KindredWindow *self,
       gboolean       for_background)
{
  /* Only the open journal needs covering; a page in front of it stays */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                 KINDRED_WINDOW_PAGE_MAIN) != 0)
    return;

  self->covered_for_background = for_background;
  stop_idle_timer (self);
  /* The share and join dialogs show entries and groups too */
  kindred_group_view_set_covered (self->group_view, TRUE);
  /* At once, no crossfade: the entries must not linger. The stack takes the main
   * page out of the drawn (and the accessibility) tree. */
  gtk_stack_set_visible_child_full (self->stack, KINDRED_WINDOW_PAGE_COVER,
                                    GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_grab_focus (GTK_WIDGET (self->privacy_cover));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
uncover (KindredWindow *self)
{
  if (!is_covered (self))
    return;

  self->covered_for_background = FALSE;
  show_page (self, KINDRED_WINDOW_PAGE_MAIN);
  kindred_group_view_set_covered (self->group_view, FALSE);
  start_idle_timer (self);
}

/* libadwaita 1.2 breaks when a toast is dismissed twice, so each dismissal is
 * noted on the toast and no second one is made */
static gboolean
toast_is_dismissed (AdwToast *toast)
{
  return g_object_get_data (G_OBJECT (toast), "kindred-dismissed") != NULL;
}

static gboolean
dismiss_toast_cb (gpointer data)
{
  g_autoptr(AdwToast) toast = data;

  if (!toast_is_dismissed (toast))
    adw_toast_dismiss (toast);

  return G_SOURCE_REMOVE;
}

static void
drop_undo (KindredWindow *self)
{
  g_autoptr(AdwToast) toast = g_steal_pointer (&self->undo_toast);

  /* The deleted text lives no longer than its toast */
  g_clear_object (&self->undo_entry);
  if (toast != NULL && !toast_is_dismissed (toast))
    adw_toast_dismiss (toast);
  update_actions (self);
}

/* Passphrase journals close the database and wipe the key; keyring journals (whose
 * key the session hands out anyway) are covered. */
static void
lock_journal (KindredWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!journal_is_open (self) || self->busy)
    return;

  if (kindred_journal_get_state (self->journal) != KINDRED_JOURNAL_STATE_PASSPHRASE)
    {
      cover (self, FALSE);
      return;
    }

  /* What is typed is saved before the key goes; if it can't be, nothing is locked */
  if (!kindred_journal_view_flush (self->journal_view, &error))
    {
      add_toast (self, error->message);
      return;
    }

  stop_idle_timer (self);
  drop_undo (self);
  close_journal_view (self);
  kindred_journal_lock (self->journal);
  open_journal (self);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  KindredWindow *self = user_data;
  guint timeout = idle_timeout_seconds (self);
  gint64 idle;

  self->idle_check_id = 0;
  if (timeout == 0)
    return G_SOURCE_REMOVE;

  idle = (g_get_monotonic_time () - self->last_activity) / G_USEC_PER_SEC;
  if (idle >= timeout)
    lock_journal (self);
  else
    self->idle_check_id = g_timeout_add_seconds (timeout - idle, idle_check_cb, self);

  return G_SOURCE_REMOVE;
}

static void
start_idle_timer (KindredWindow *self)
{
  guint timeout = idle_timeout_seconds (self);

  stop_idle_timer (self);
  self->last_activity = g_get_monotonic_time ();
  if (timeout == 0 || !journal_is_open (self))
    return;

  /* One check at the deadline, not a tick per event: activity only moves the stamp */
  self->idle_check_id = g_timeout_add_seconds (timeout, idle_check_cb, self);
}

static gboolean
activity_cb (KindredWindow            *self,
             GdkEvent                 *event,
             GtkEventControllerLegacy *controller)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      self->last_activity = g_get_monotonic_time ();
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
auto_lock_changed_cb (KindredWindow *self)
{
  if (journal_is_open (self) && !is_covered (self))
    start_idle_timer (self);
}

static gboolean
any_window_active (KindredWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (gtk_window_is_active (GTK_WINDOW (self)))
    return TRUE;
  if (application == NULL)
    return FALSE;

  /* Our own dialogs (preferences, a question) keep the journal in view */
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (gtk_window_is_active (GTK_WINDOW (l->data)) &&
        gtk_window_get_transient_for (GTK_WINDOW (l->data)) == GTK_WINDOW (self))
      return TRUE;

  return FALSE;
}

static gboolean
background_check_cb (gpointer user_data)
{
  KindredWindow *self = user_data;

  if (gtk_window_is_active (GTK_WINDOW (self)) || is_covered (self) ||
      self->settings == NULL ||
      !g_settings_get_boolean (self->settings, "hide-when-inactive"))
    {
      self->background_check_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* Focus moves between windows in two steps: look again a moment later */
  if (any_window_active (self))
    return G_SOURCE_CONTINUE;

  self->background_check_id = 0;
  if (journal_is_open (self))
    cover (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
is_active_changed_cb (KindredWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    {
      g_clear_handle_id (&self->background_check_id, g_source_remove);
      if (self->covered_for_background)
        uncover (self);
      return;
    }

  if (self->settings == NULL ||
      !g_settings_get_boolean (self->settings, "hide-when-inactive") ||
      self->background_check_id != 0)
    return;

  self->background_check_id = g_timeout_add (BACKGROUND_CHECK_MS, background_check_cb, self);
}

static void
screensaver_changed_cb (KindredWindow  *self,
                        GParamSpec     *pspec,
                        GtkApplication *application)
{
  gboolean active = FALSE;

  g_object_get (application, "screensaver-active", &active, NULL);
  kindred_window_screensaver_changed (self, active);
}

/* The journal's store comes and goes under us when it is re-keyed (the preferences)
 * or locked: the Journal view follows it */
static void
journal_store_changed_cb (KindredWindow *self)
{
  KindredStore *store = kindred_journal_get_store (self->journal);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (store == kindred_journal_view_get_store (self->journal_view))
    {
      update_actions (self);
      return;
    }

  if (store == NULL)
    close_journal_view (self);
  else if (g_strcmp0 (page, KINDRED_WINDOW_PAGE_MAIN) == 0 ||
           g_strcmp0 (page, KINDRED_WINDOW_PAGE_COVER) == 0 ||
           (g_strcmp0 (page, KINDRED_WINDOW_PAGE_HELP) == 0 &&
            (g_strcmp0 (self->page_after_help, KINDRED_WINDOW_PAGE_MAIN) == 0 ||
             g_strcmp0 (self->page_after_help, KINDRED_WINDOW_PAGE_COVER) == 0)))
    set_views_store (self, store);

  update_actions (self);
}

/* Delete, Undo, and the index clean-up after */

static void
optimize_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GMainContext *context = push_worker_context ();
  g_autoptr(GError) error = NULL;

  /* A lock may close the store meanwhile; the next delete tries again */
  if (!kindred_store_optimize_index (KINDRED_STORE (task_data), &error))
    g_debug ("Could not clean up the search index: %s", error->message);

  pop_worker_context (context);
  g_task_return_boolean (task, TRUE);
}

static void
worker_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KindredWindow *self = KINDRED_WINDOW (object);

  self->n_workers--;
}

static gboolean
optimize_cb (gpointer user_data)
{
  KindredWindow *self = user_data;
  KindredStore *store = kindred_journal_get_store (self->journal);
  g_autoptr(GTask) task = NULL;

  self->optimize_id = 0;
  if (store == NULL)
    return G_SOURCE_REMOVE;

  self->n_workers++;
  task = g_task_new (self, NULL, worker_done_cb, NULL);
  g_task_set_source_tag (task, optimize_cb);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, optimize_worker);

  return G_SOURCE_REMOVE;
}

static void
schedule_optimize (KindredWindow *self)
{
  /* Debounced: deleting several entries in a row cleans up once */
  g_clear_handle_id (&self->optimize_id, g_source_remove);
  self->optimize_id = g_timeout_add_seconds (OPTIMIZE_DELAY_SECONDS, optimize_cb, self);
}

typedef struct
{
  GWeakRef  window;
  AdwToast *toast;
} DismissedUndo;

static gboolean
drop_dismissed_undo_cb (gpointer user_data)
{
  DismissedUndo *data = user_data;
  g_autoptr(KindredWindow) self = g_weak_ref_get (&data->window);

  /* Still this toast's copy (not one taken by Undo, nor a later delete's) */
  if (self != NULL && self->undo_toast == data->toast)
    drop_undo (self);

  g_weak_ref_clear (&data->window);
  g_object_unref (data->toast);
  g_free (data);

  return G_SOURCE_REMOVE;
}

static void
undo_toast_dismissed_cb (AdwToast      *toast,
                         KindredWindow *self)
{
  DismissedUndo *data;

  g_object_set_data (G_OBJECT (toast), "kindred-dismissed", GINT_TO_POINTER (TRUE));
  if (self->undo_toast != toast)
    return;

  /* Its Undo button dismisses it too, maybe before the action runs: let go of the
   * copy only once this click is over */
  data = g_new0 (DismissedUndo, 1);
  g_weak_ref_init (&data->window, self);
  data->toast = g_object_ref (toast);
  g_idle_add (drop_dismissed_undo_cb, data);
}

static void
delete_entry_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  KindredStore *store = kindred_journal_get_store (self->journal);
  KindredEntryEditor *editor = kindred_journal_view_get_editor (self->journal_view);
  KindredEntry *editing = kindred_entry_editor_get_entry (editor);
  const char *uuid = g_variant_get_string (parameter, NULL);
  g_autoptr(KindredEntry) copy = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (store == NULL || uuid == NULL || *uuid == '\0')
    return;

  /* The editor's last changes go in first, then it closes: nothing it holds may
   * save the entry back to life afterwards */
  if (kindred_journal_view_get_editing (self->journal_view) && editing != NULL &&
      g_strcmp0 (kindred_entry_get_uuid (editing), uuid) == 0)
    {
      if (!kindred_journal_view_flush (self->journal_view, &error))
        {
          add_toast (self, error->message);
          return;
        }
      kindred_journal_view_close_editor (self->journal_view);
    }

  copy = kindred_store_get_entry (store, uuid, &error);
  if (copy == NULL)
    {
      /* A new entry never saved: there is nothing to delete */
      if (!g_error_matches (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND))
        add_toast (self, error->message);
      return;
    }
  if (kindred_entry_get_deleted (copy))
    return;

  if (!kindred_store_delete_entry (store, uuid, &error))
    {
      add_toast (self, error->message);
      return;
    }

  /* One Undo at a time: the one before lets go of its copy */
  drop_undo (self);
  self->undo_entry = g_steal_pointer (&copy);

  toast = adw_toast_new (_("Entry deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  /* Not HIGH: libadwaita 1.2 trips over a postponed toast dismissed in a hurry */
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (undo_toast_dismissed_cb), self, 0);
  self->undo_toast = g_object_ref (toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  update_actions (self);
  schedule_optimize (self);
}

static void
share_entry_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  KindredEntryEditor *editor = kindred_journal_view_get_editor (self->journal_view);
  KindredEntry *editing = kindred_entry_editor_get_entry (editor);
  const char *uuid = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!journal_is_open (self) || uuid == NULL || *uuid == '\0')
    return;

  /* What is shared is what was typed, up to the last keystroke */
  if (kindred_journal_view_get_editing (self->journal_view) && editing != NULL &&
      g_strcmp0 (kindred_entry_get_uuid (editing), uuid) == 0 &&
      !kindred_journal_view_flush (self->journal_view, &error))
    {
      add_toast (self, error->message);
      return;
    }

  kindred_group_view_open_share_dialog (self->group_view, uuid);
}

static void
can_share_changed_cb (KindredWindow *self)
{
  kindred_entry_editor_set_can_share (kindred_journal_view_get_editor (self->journal_view),
                                      kindred_group_view_can_share (self->group_view));
  update_actions (self);
}

static void
undo_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kindred_store_save_entry_finish (KINDRED_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    add_toast (self, error->message);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  KindredStore *store = kindred_journal_get_store (self->journal);
  g_autoptr(KindredEntry) entry = g_steal_pointer (&self->undo_entry);
  AdwToast *toast = g_steal_pointer (&self->undo_toast);

  /* From the toast's own button the toast goes away by itself right after this;
   * from anywhere else it is sent away once this is over */
  if (toast != NULL)
    g_idle_add (dismiss_toast_cb, toast);
  update_actions (self);
  if (entry == NULL || store == NULL)
    return;

  kindred_entry_set_deleted (entry, FALSE);
  kindred_store_save_entry_async (store, entry, self->cancellable, undo_saved_cb,
                                  g_object_ref (self));
}

/* Re-keying from the window (after a recovery unlock); the preferences do their own */

static void
rekey_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  KindredJournalOp op = self->rekey_op;
  gboolean success = kindred_journal_run_finish (KINDRED_JOURNAL (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  update_actions (self);

  if (!success)
    add_toast (self, error->message);
  else if (op == KINDRED_JOURNAL_OP_USE_KEYRING)
    add_toast (self, _("Your journal’s key is kept in your keyring again"));
  else
    add_toast (self, _("Your new passphrase is set"));
}

static gboolean
prepare_rekey_cb (KindredWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* The store is about to be replaced: the editor's changes go in first */
  if (!kindred_journal_view_flush (self->journal_view, &error))
    {
      add_toast (self, error->message);
      return TRUE;
    }

  drop_undo (self);
  return FALSE;
}

static void
run_rekey (KindredWindow    *self,
           KindredJournalOp  op,
           const char       *passphrase)
{
  if (self->busy || prepare_rekey_cb (self))
    return;

  self->busy = TRUE;
  self->rekey_op = op;
  update_actions (self);
  kindred_journal_run_async (self->journal, op, passphrase, self->cancellable, rekey_cb,
                             g_object_ref (self));
}

static void
new_passphrase_response_cb (KindredWindow           *self,
                            const char              *response,
                            KindredPassphraseDialog *dialog)
{
  const char *passphrase = kindred_passphrase_dialog_get_passphrase (dialog);

  if (g_strcmp0 (response, KINDRED_PASSPHRASE_DIALOG_RESPONSE) == 0 && passphrase != NULL)
    run_rekey (self, KINDRED_JOURNAL_OP_SET_PASSPHRASE, passphrase);
}

static void
new_key_response_cb (KindredWindow    *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "keyring") == 0)
    {
      run_rekey (self, KINDRED_JOURNAL_OP_USE_KEYRING, NULL);
    }
  else if (g_strcmp0 (response, "passphrase") == 0)
    {
      GtkWidget *ask;

      ask = kindred_passphrase_dialog_new (GTK_WINDOW (self),
                                           _("Set a New Passphrase"),
                                           _("Your journal will ask for it each time it "
                                             "opens. Nobody can recover it for you; your "
                                             "recovery key keeps working."),
                                           _("_Set Passphrase"));
      g_signal_connect_object (ask, "response", G_CALLBACK (new_passphrase_response_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (ask));
    }
}

static void
offer_new_key (KindredWindow *self)
{
  gboolean passphrase_mode =
    kindred_journal_get_state (self->journal) == KINDRED_JOURNAL_STATE_PASSPHRASE;
  const char *suggested = passphrase_mode ? "passphrase" : "keyring";
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Your Journal Is Open"),
                                   _("You opened it with your recovery key. To open it the "
                                     "usual way next time, set a new passphrase, or keep "
                                     "its key in your keyring, which opens when you log "
                                     "in."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Not Now"),
                                    "keyring", _("Use _Keyring"),
                                    "passphrase", _("Set _Passphrase…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), suggested,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), suggested);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_key_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Erase all my data (asked for and confirmed in the preferences) */

static void
erase_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kindred_journal_run_finish (KINDRED_JOURNAL (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->busy = FALSE;
      add_toast (self, error->message);
      open_journal (self);
      return;
    }

  self->busy = FALSE;
  add_toast (self, _("All your data is erased. This is a fresh, empty journal."));
  /* A first launch again: a new journal with its key in the keyring */
  open_journal (self);
}

static void
erase_requested_cb (KindredWindow *self)
{
  if (self->busy)
    return;

  stop_idle_timer (self);
  g_clear_handle_id (&self->optimize_id, g_source_remove);
  drop_undo (self);
  close_journal_view (self);

  self->busy = TRUE;
  self->covered_for_background = FALSE;
  show_page (self, KINDRED_WINDOW_PAGE_LOADING);
  kindred_journal_run_async (self->journal, KINDRED_JOURNAL_OP_ERASE, NULL, self->cancellable,
                             erase_cb, g_object_ref (self));
}

/* Sync, import and export: the window owns the open journal's KindredSync (the
 * header's Sync button, the toasts after each run); the dialogs do the rest */

static void
refresh_open_entry (KindredWindow *self)
{
  KindredEntryEditor *editor = kindred_journal_view_get_editor (self->journal_view);
  KindredEntry *open = kindred_entry_editor_get_entry (editor);
  KindredStore *store = kindred_journal_get_store (self->journal);
  g_autoptr(KindredEntry) stored = NULL;
  g_autofree char *uuid = NULL;

  if (store == NULL || open == NULL || !kindred_journal_view_get_editing (self->journal_view))
    return;

  /* Something typed and not saved yet is newer than what came in: it wins when it
   * is saved, so the editor keeps it */
  if (kindred_entry_editor_get_save_state (editor) != KINDRED_SAVE_STATE_SAVED)
    return;

  /* A new entry not saved yet is not in the journal: nothing came in for it */
  stored = kindred_store_get_entry (store, kindred_entry_get_uuid (open), NULL);
  if (stored == NULL || kindred_entry_get_hlc (stored) == kindred_entry_get_hlc (open))
    return;

  /* Another device's version arrived: an editor left on the old copy would save it
   * back over the new one at the next keystroke */
  uuid = g_strdup (kindred_entry_get_uuid (open));
  kindred_journal_view_close_editor (self->journal_view);
  if (!kindred_entry_get_deleted (stored))
    kindred_journal_view_open_entry (self->journal_view, uuid);
}

static void
sync_finished_cb (KindredWindow     *self,
                  KindredSyncResult *result,
                  const GError      *error,
                  KindredSync       *sync)
{
  gboolean on_demand = self->sync_on_demand;
  g_autofree char *summary = NULL;
  AdwToast *toast;
  guint changes;
  guint refused;

  self->sync_on_demand = FALSE;

  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* Sync Now asks for the passphrase itself (sync_now_cb) */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_BUSY) ||
          (on_demand &&
           g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE)))
        return;
      /* An automatic run tries again every few seconds: said once is enough */
      if (!on_demand && self->sync_problem_told)
        return;

      self->sync_problem_told = TRUE;
      message = kindred_sync_describe_error (error);
      toast = adw_toast_new (message);
      if (g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE))
        {
          adw_toast_set_button_label (toast, _("_Enter Passphrase"));
          adw_toast_set_action_name (toast, "win.sync-passphrase");
        }
      else
        {
          adw_toast_set_button_label (toast, _("_Details"));
          adw_toast_set_action_name (toast, "win.sync-setup");
        }
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (result == NULL)
    return;

  changes = kindred_sync_result_get_added (result) + kindred_sync_result_get_updated (result) +
            kindred_sync_result_get_deleted (result) + kindred_sync_result_get_conflicts (result);
  refused = kindred_sync_result_get_files_refused (result);
  if (changes > 0)
    refresh_open_entry (self);

  /* Automatic runs speak up only when something came in, or once about a file they
   * could not read */
  if (!on_demand && changes == 0 && kindred_sync_result_get_other_changes (result) == 0 &&
      (refused == 0 || self->sync_problem_told))
    return;
  self->sync_problem_told = refused > 0;

  /* "2 added, 1 conflict to look at, 1 file could not be read" */
  summary = kindred_sync_result_dup_summary (result);
  toast = adw_toast_new (summary);
  if (kindred_sync_result_get_conflicts (result) > 0)
    {
      /* Two versions of an entry are kept: the person decides, in the editor */
      adw_toast_set_button_label (toast, _("_Look"));
      adw_toast_set_action_name (toast, "win.show-conflicts");
      adw_toast_set_timeout (toast, 0);
    }
  else if (refused > 0)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.sync-setup");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
sync_enabled_cb (KindredWindow *self)
{
  gboolean enabled = kindred_sync_get_enabled (self->sync);

  if (self->sync_was_enabled && !enabled)
    add_toast (self, _("Sync is off. Every entry stays on this device."));
  self->sync_was_enabled = enabled;
  self->sync_problem_told = FALSE;
  update_actions (self);
}

/* One KindredSync per open store: made when the journal opens (or is re-keyed),
 * dropped when it locks */
static void
set_sync_store (KindredWindow *self,
                KindredStore  *store)
{
  if (self->sync != NULL && kindred_sync_get_store (self->sync) == store)
    return;
  if (self->sync == NULL && store == NULL)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  self->sync_on_demand = FALSE;
  self->sync_problem_told = FALSE;

  if (store != NULL)
    {
      self->sync = kindred_sync_new (store);
      self->sync_was_enabled = kindred_sync_get_enabled (self->sync);
      g_signal_connect_swapped (self->sync, "finished", G_CALLBACK (sync_finished_cb), self);
      g_signal_connect_swapped (self->sync, "notify::enabled", G_CALLBACK (sync_enabled_cb),
                                self);
    }

  if (self->sync_button != NULL)
    kindred_sync_button_set_sync (self->sync_button, self->sync);
  if (self->stack != NULL)
    update_actions (self);
}

/* The header is full at 360 px with three window buttons (New entry, "Get help now",
 * the menu): the Sync button shows only when it does not make the window's smallest
 * width larger than 360 px.  That depends on the header's other buttons (the window
 * buttons the desktop asks for, the font), not on the window's width now, so it
 * never flips back and forth.  "Sync Now" is in the main menu either way. */
static gboolean
sync_button_room_cb (gpointer user_data)
{
  KindredWindow *self = user_data;
  GtkWidget *button = GTK_WIDGET (self->sync_button);
  GtkWidget *header = GTK_WIDGET (self->header_bar);
  int header_min = 0;
  int button_min = 0;
  int request = 0;
  int frame;
  int spacing = 6;

  self->sync_room_id = 0;
  /* Only the main page's header holds it; it is laid out once that page shows */
  if (button == NULL || header == NULL || !gtk_widget_get_mapped (header))
    return G_SOURCE_REMOVE;

  gtk_widget_measure (header, GTK_ORIENTATION_HORIZONTAL, -1, &header_min, NULL, NULL, NULL);
  /* A hidden widget measures 0: its size from when it last showed, or Adwaita's
   * icon button's until then */
  if (gtk_widget_get_visible (button))
    {
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &button_min, NULL, NULL,
                          NULL);
      self->sync_button_width = button_min;
      header_min -= button_min + spacing;
    }
  button_min = self->sync_button_width > 0 ? self->sync_button_width : 34;

  /* What the window takes around the header (its frame), then the header's width in
   * the narrowest window */
  frame = gtk_widget_get_width (GTK_WIDGET (self)) - gtk_widget_get_width (header);
  gtk_widget_get_size_request (GTK_WIDGET (self), &request, NULL);

  kindred_sync_button_set_fits (self->sync_button,
                                header_min + spacing + button_min <=
                                MAX (request, 360) - frame);

  return G_SOURCE_REMOVE;
}

static void
kindred_window_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  KindredWindow *self = KINDRED_WINDOW (widget);

  GTK_WIDGET_CLASS (kindred_window_parent_class)->size_allocate (widget, width, height,
                                                                  baseline);

  /* Not in the middle of a layout: once it is done */
  if (self->sync_room_id == 0)
    self->sync_room_id = g_idle_add (sync_button_room_cb, self);
}

static void
page_changed_close_cb (GtkWindow     *dialog,
                       GParamSpec    *pspec,
                       KindredWindow *self)
{
  const char *page = kindred_window_get_page (self);

  /* Locked or covered: nothing of the journal stays on screen over it (crisis help
   * comes and goes over the journal, and leaves it be) */
  if (g_strcmp0 (page, KINDRED_WINDOW_PAGE_MAIN) != 0 &&
      g_strcmp0 (page, KINDRED_WINDOW_PAGE_HELP) != 0)
    gtk_window_close (dialog);
}

/* Sync, import and export dialogs go when the journal locks or is covered */
static void
present_journal_dialog (KindredWindow *self,
                        GtkWidget     *dialog)
{
  g_signal_connect_object (self, "notify::page", G_CALLBACK (page_changed_close_cb), dialog,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sync_setup_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);

  if (self->sync == NULL)
    return;

  present_journal_dialog (self, kindred_sync_dialog_new (GTK_WINDOW (self), self->sync));
}

static void
sync_passphrase_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);

  if (self->sync != NULL && kindred_sync_get_enabled (self->sync))
    kindred_passphrase_prompt_ask_and_run (GTK_WINDOW (self), self->sync);
}

static void
sync_now_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KindredWindow) self = user_data;
  g_autoptr(KindredSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;

  /* The result itself comes through "finished" (sync_finished_cb) */
  sync_result = kindred_sync_run_finish (KINDRED_SYNC (object), result, &error);
  if (g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE) &&
      self->sync == KINDRED_SYNC (object))
    kindred_passphrase_prompt_ask_and_run (GTK_WINDOW (self), self->sync);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->sync == NULL)
    return;

  if (!kindred_sync_get_enabled (self->sync))
    {
      sync_setup_action (widget, NULL, NULL);
      return;
    }

  /* The run going on already (an automatic one) gets the toast instead */
  self->sync_on_demand = TRUE;
  if (kindred_sync_get_busy (self->sync))
    return;

  /* What is typed goes with it */
  if (!kindred_journal_view_flush (self->journal_view, &error))
    g_debug ("Saving before syncing failed: %s", error->message);

  kindred_sync_run_async (self->sync, self->cancellable, sync_now_cb, g_object_ref (self));
}

static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GError) error = NULL;

  if (self->sync == NULL || !journal_is_open (self))
    return;

  uuids = kindred_sync_list_conflicts (self->sync, &error);
  if (uuids == NULL)
    {
      add_toast (self, error->message);
      return;
    }
  if (uuids->len == 0)
    {
      add_toast (self, _("No copies from other devices are waiting"));
      return;
    }

  /* The newest first; its editor says what it is and offers the two ways */
  adw_view_stack_set_visible_child_name (self->view_stack, "journal");
  kindred_journal_view_open_entry (self->journal_view, g_ptr_array_index (uuids, 0));
}

static void
keep_conflict_copy_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  KindredEntry *open = kindred_entry_editor_get_entry (
    kindred_journal_view_get_editor (self->journal_view));
  g_autofree char *uuid = g_variant_dup_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  gboolean is_open;

  if (self->sync == NULL || *uuid == '\0')
    return;

  is_open = kindred_journal_view_get_editing (self->journal_view) && open != NULL &&
            g_strcmp0 (kindred_entry_get_uuid (open), uuid) == 0;

  /* The last keystrokes go in first */
  if (is_open && !kindred_journal_view_flush (self->journal_view, &error))
    {
      add_toast (self, error->message);
      return;
    }

  if (!kindred_sync_keep_conflict_copy (self->sync, uuid, &error))
    {
      add_toast (self, error->message);
      return;
    }

  /* The editor's copy still says it is a conflict copy: open the entry afresh */
  if (is_open)
    {
      kindred_journal_view_close_editor (self->journal_view);
      kindred_journal_view_open_entry (self->journal_view, uuid);
    }
  add_toast (self, _("Kept as an entry of its own"));
}

static void
dialog_finished_cb (KindredWindow *self,
                    const char    *message)
{
  if (message != NULL)
    add_toast (self, message);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  KindredStore *store = kindred_journal_get_store (self->journal);
  GtkWidget *dialog;

  if (store == NULL)
    return;

  dialog = kindred_import_dialog_new (GTK_WINDOW (self), store);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (dialog_finished_cb), self,
                           G_CONNECT_SWAPPED);
  present_journal_dialog (self, dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  KindredStore *store = kindred_journal_get_store (self->journal);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (store == NULL)
    return;

  /* The copy holds what is on screen too */
  if (!kindred_journal_view_flush (self->journal_view, &error))
    g_debug ("Saving before exporting failed: %s", error->message);

  dialog = kindred_export_dialog_new (GTK_WINDOW (self), store);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (dialog_finished_cb), self,
                           G_CONNECT_SWAPPED);
  present_journal_dialog (self, dialog);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  GtkWidget *preferences;

  preferences = kindred_preferences_window_new (GTK_WINDOW (self), self->journal);
  kindred_preferences_window_set_sync (KINDRED_PREFERENCES_WINDOW (preferences), self->sync);
  g_signal_connect_object (preferences, "prepare-rekey", G_CALLBACK (prepare_rekey_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (preferences, "erase-requested", G_CALLBACK (erase_requested_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
uncover_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  uncover (KINDRED_WINDOW (widget));
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
  kindred_journal_view_new_entry (self->journal_view);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredWindow *self = KINDRED_WINDOW (widget);
  gboolean on_journal;

  if (!journal_is_open (self))
    return;

  /* From another view, Ctrl+F means "find in my journal": always open, never close */
  on_journal = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                          "journal") == 0;
  adw_view_stack_set_visible_child_name (self->view_stack, "journal");
  kindred_journal_view_set_search_mode (self->journal_view,
    !on_journal || !kindred_journal_view_get_search_mode (self->journal_view));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  lock_journal (KINDRED_WINDOW (widget));
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
  g_autoptr(GError) error = NULL;

  /* Closing never loses typed text: save it, and if that fails say so and stay
   * open once, so the person can copy it somewhere */
  if (!kindred_journal_view_flush (self->journal_view, &error) && !self->close_refused)
    {
      self->close_refused = TRUE;
      add_toast (self, error->message);
      return TRUE;
    }

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

  g_signal_connect_object (self->journal, "notify::store",
                           G_CALLBACK (journal_store_changed_cb), self, G_CONNECT_SWAPPED);
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    g_signal_connect_object (gtk_window_get_application (GTK_WINDOW (self)),
                             "notify::screensaver-active",
                             G_CALLBACK (screensaver_changed_cb), self, G_CONNECT_SWAPPED);

  open_journal (self);
}

static void
kindred_window_dispose (GObject *object)
{
  KindredWindow *self = KINDRED_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_check_id, g_source_remove);
  g_clear_handle_id (&self->background_check_id, g_source_remove);
  g_clear_handle_id (&self->optimize_id, g_source_remove);
  g_clear_handle_id (&self->sync_room_id, g_source_remove);
  g_clear_object (&self->undo_entry);
  g_clear_object (&self->undo_toast);
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
  widget_class->size_allocate = kindred_window_size_allocate;

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
  g_type_ensure (KINDRED_TYPE_JOURNAL_VIEW);
  g_type_ensure (KINDRED_TYPE_PRIVACY_COVER);
  g_type_ensure (KINDRED_TYPE_HELP_PAGE);
  g_type_ensure (KINDRED_TYPE_RESOURCES_VIEW);
  g_type_ensure (KINDRED_TYPE_INSIGHTS_VIEW);
  g_type_ensure (KINDRED_TYPE_STRATEGIES_VIEW);
  g_type_ensure (KINDRED_TYPE_SYNC_BUTTON);
  g_type_ensure (KINDRED_TYPE_GROUP_VIEW);

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
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, journal_view);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, help_page);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, resources_view);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, insights_view);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, strategies_view);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, group_view);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, new_entry_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, help_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, privacy_cover);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, cover_help_button);
  gtk_widget_class_bind_template_child (widget_class, KindredWindow, sync_button);

  /* Shortcuts are the application's accels (see kindred-application.c), so the
   * shortcuts window can list them */
  gtk_widget_class_install_action (widget_class, "win.new-entry", NULL, new_entry_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.uncover", NULL, uncover_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.delete-entry", "s", delete_entry_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.share-entry", "s", share_entry_action);
  gtk_widget_class_install_action (widget_class, "win.help-back", NULL, help_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.help-back", NULL);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.use-recovery", NULL, use_recovery_action);
  gtk_widget_class_install_action (widget_class, "win.use-passphrase", NULL,
                                   use_passphrase_action);
  gtk_widget_class_install_action (widget_class, "win.move-aside", NULL, move_aside_action);
  gtk_widget_class_install_action (widget_class, "win.sync-setup", NULL, sync_setup_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.sync-passphrase", NULL,
                                   sync_passphrase_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL,
                                   show_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.keep-conflict-copy", "s",
                                   keep_conflict_copy_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
}

static void
kindred_window_init (KindredWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* Until the first layout says there is room (sync_button_room_cb) */
  kindred_sync_button_set_fits (self->sync_button, FALSE);

  g_signal_connect_swapped (self->unlock_page, "unlock",
                            G_CALLBACK (unlock_page_unlock_cb), self);
  g_signal_connect_swapped (self->unlock_page, "cancel",
                            G_CALLBACK (unlock_page_cancel_cb), self);
  g_signal_connect_swapped (self->create_page, "create",
                            G_CALLBACK (create_page_create_cb), self);
  g_signal_connect_swapped (self->create_page, "cancel",
                            G_CALLBACK (create_page_cancel_cb), self);
  g_signal_connect_swapped (self->switcher_title, "notify::visible-child",
                            G_CALLBACK (switcher_changed_cb), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (give_store_to_shown_view), self);
  g_signal_connect_swapped (self->group_view, "notify::can-share",
                            G_CALLBACK (can_share_changed_cb), self);

  /* Any key press or pointer move counts as use, wherever it goes in the window */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "event", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (is_active_changed_cb), self);

  load_window_size (self);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::auto-lock-minutes",
                             G_CALLBACK (auto_lock_changed_cb), self, G_CONNECT_SWAPPED);
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

  /* One focused page from everywhere, locked or not: the fewest steps to a number.
   * The plan's people come with it only while the journal is open and uncovered
   * (under the cover nothing of the journal may show). */
  kindred_help_page_set_store (self->help_page,
                               journal_is_open (self) && !is_covered (self)
                               ? kindred_journal_get_store (self->journal) : NULL);
  kindred_help_page_refresh (self->help_page);
  kindred_help_page_scroll_to_top (self->help_page);

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

  return kindred_journal_view_get_editor (self->journal_view);
}

GListModel *
kindred_window_get_entries (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);

  return kindred_journal_view_get_entries (self->journal_view);
}

GtkWidget *
kindred_window_lookup_widget (KindredWindow *self,
                              const char    *name)
{
  GObject *child;

  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self), KINDRED_TYPE_WINDOW, name);
  if (GTK_IS_WIDGET (child))
    return GTK_WIDGET (child);

  /* The Journal view's own widgets ("list_view", "empty_page", "editor"…) */
  return kindred_journal_view_lookup_widget (self->journal_view, name);
}

gboolean
kindred_window_get_busy (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), FALSE);

  return self->busy || self->optimize_id != 0 || self->n_workers > 0;
}

void
kindred_window_set_idle_timeout_seconds (KindredWindow *self,
                                         guint          seconds)
{
  g_return_if_fail (KINDRED_IS_WINDOW (self));

  self->idle_seconds_override = seconds;
  auto_lock_changed_cb (self);
}

void
kindred_window_screensaver_changed (KindredWindow *self,
                                    gboolean       active)
{
  g_return_if_fail (KINDRED_IS_WINDOW (self));

  /* The desktop locked: so does the journal (a keyring journal is covered) */
  if (active)
    lock_journal (self);
}

gboolean
kindred_window_has_undo (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), FALSE);

  return self->undo_entry != NULL;
}

void
kindred_window_dismiss_undo (KindredWindow *self)
{
  g_return_if_fail (KINDRED_IS_WINDOW (self));

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
}

KindredSync *
kindred_window_get_sync (KindredWindow *self)
{
  g_return_val_if_fail (KINDRED_IS_WINDOW (self), NULL);

  return self->sync;
}

/* kindred-journal.c: the user's journal on disk: where it is, how its key is kept,
 * and the store once it is unlocked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-journal"

#include "config.h"

#include "kindred-journal.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "keys/kindred-keyring.h"
#include "kindred-util.h"
#include "store/kindred-store-private.h"

/* Test-only: with KINDRED_TEST_CHEAP_KDF=1 in the environment, new passphrases use
 * libsodium's smallest Argon2id cost instead of the ~0.5 s default, so that the tests
 * can re-key dozens of times.  Nothing but the test suite sets it; a sidecar written
 * that way still carries its own parameters, so it opens the same with or without. */
#define CHEAP_KDF_ENV "KINDRED_TEST_CHEAP_KDF"

struct _KindredJournal
{
  GObject       parent_instance;

  char         *dir;
  char         *db_path;
  char         *sidecar_path;
  char         *rekey_path;
  GMainContext *context;      /* where "store" is notified */
  GThread      *home;         /* the thread that runs it (not a reference) */

  GMutex        lock;         /* guards store and key: a worker sets them */
  KindredStore *store;
  KindredKey   *key;
};

G_DEFINE_FINAL_TYPE (KindredJournal, kindred_journal, G_TYPE_OBJECT)

enum { PROP_0, PROP_STORE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
kdf_params (guint64 *opslimit,
            gsize   *memlimit)
{
  if (g_strcmp0 (g_getenv (CHEAP_KDF_ENV), "1") == 0)
    {
      *opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
      *memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
    }
  else
    {
      *opslimit = KINDRED_KEY_KDF_OPSLIMIT;
      *memlimit = KINDRED_KEY_KDF_MEMLIMIT;
    }
}

static gboolean
path_exists (const char *path)
{
  GStatBuf st;

  /* lstat: a dangling symlink is something there too, and never ours to replace */
  return g_lstat (path, &st) == 0;
}

static void
remove_quietly (const char *path)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", path, g_strerror (errno));
}

/* The store is opened on a worker, but it belongs to the journal's thread: its
 * signals must reach the UI there, never run on the worker. */
static KindredStore *
open_store (KindredJournal  *self,
            KindredKey      *key,
            gboolean         create,
            GCancellable    *cancellable,
            GError         **error)
{
  KindredStore *store = kindred_store_open (self->db_path, key, create, cancellable, error);

  if (store != NULL)
    _kindred_store_set_home (store, self->context, self->home);

  return store;
}

static void
remove_rekey_copy (KindredJournal *self)
{
  g_autofree char *rollback = g_strconcat (self->rekey_path, "-journal", NULL);

  remove_quietly (self->rekey_path);
  remove_quietly (rollback);
}

static gboolean
notify_store_cb (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_STORE]);
  return G_SOURCE_REMOVE;
}

/* Takes ownership of @store and @key (either may be NULL). */
static void
set_unlocked (KindredJournal *self,
              KindredStore   *store,
              KindredKey     *key)
{
  g_autoptr(KindredStore) old_store = NULL;
  g_autoptr(KindredKey) old_key = NULL;
  gboolean changed;

  g_mutex_lock (&self->lock);
  old_store = g_steal_pointer (&self->store);
  old_key = g_steal_pointer (&self->key);
  self->store = store;
  self->key = key;
  changed = old_store != store;
  g_mutex_unlock (&self->lock);

  if (old_store != NULL && old_store != store)
    kindred_store_close (old_store);

  /* The UI listens on its own thread: a worker must not notify from here. */
  if (changed)
    kindred_main_context_dispatch (self->context, self->home, notify_store_cb,
                                   g_object_ref (self), g_object_unref);
}

static KindredKey *
dup_key (KindredJournal *self)
{
  KindredKey *key = NULL;

  g_mutex_lock (&self->lock);
  if (self->key != NULL)
    key = kindred_key_ref (self->key);
  g_mutex_unlock (&self->lock);

  return key;
}

static KindredStore *
dup_store (KindredJournal *self)
{
  KindredStore *store = NULL;

  g_mutex_lock (&self->lock);
  if (self->store != NULL)
    store = g_object_ref (self->store);
  g_mutex_unlock (&self->lock);

  return store;
}

static gboolean
ensure_dir (KindredJournal  *self,
            GError         **error)
{
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (self->dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Kindred could not make the folder “%s” for your journal: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static void
set_wrong_passphrase (GError **error)
{
  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WRONG_PASSPHRASE,
                       _("This passphrase does not open your journal. Please check it "
                         "(and Caps Lock) and try again."));
}

/* The journal (or the slot that still opens it) is kept with a passphrase. */
static void
set_needs_passphrase (GError **error)
{
  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WRONG_PASSPHRASE,
                       _("Your journal is protected by a passphrase. Please type it to "
                         "open your journal. If a change of passphrase was interrupted, "
                         "your previous passphrase opens it."));
}

static void
set_not_unlocked (GError **error)
{
  g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED,
                       _("Your journal needs to be open for this."));
}

static void
set_no_journal (GError **error)
{
  g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_A_JOURNAL,
                       _("There is no journal here yet."));
}

static KindredSidecar *
load_sidecar (KindredJournal  *self,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  KindredSidecar *sidecar;

  sidecar = kindred_sidecar_load (self->sidecar_path, &local_error);
  if (sidecar != NULL)
    return sidecar;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR,
                         _("Kindred found your journal, but not the small file "
                           "(journal.json) that says how it is locked. If you have the "
                           "recovery key, you can use it to open your journal."));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return NULL;
}

static void
delete_keyring_slot (const char           *journal_id,
                     const KindredKeySlot *slot,
                     GCancellable         *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (slot->mode != KINDRED_KEY_MODE_KEYRING)
    return;

  /* A left-over item only holds a key that opens nothing any more. */
  if (!kindred_keyring_delete (journal_id, slot->key_check, cancellable, &error))
    g_debug ("Could not remove an old key from the keyring: %s", error->message);
}

static gboolean
same_key_slot (const KindredKeySlot *a,
               const KindredKeySlot *b)
{
  return g_strcmp0 (a->key_check, b->key_check) == 0;
}

/* The journal opened with @key, from the current slot or (@used_previous) from the
 * previous one: bring the sidecar back to a single slot and take the store. */
static void
finish_open (KindredJournal *self,
             KindredSidecar *sidecar,
             gboolean        used_previous,
             KindredStore   *store,
             KindredKey     *key,
             GCancellable   *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (sidecar != NULL && sidecar->previous != NULL)
    {
      KindredKeySlot dropped = { 0 };

      if (used_previous)
        {
          /* The re-key did not reach the rename: the file still has the old key.
           * Roll back to it; the new key opened nothing and can go. */
          dropped = sidecar->current;
          sidecar->current = *sidecar->previous;
        }
      else
        {
          /* The rename happened: the new key is the key.  Finish the clean-up. */
          dropped = *sidecar->previous;
        }
      g_clear_pointer (&sidecar->previous, g_free);

      if (!kindred_sidecar_save (sidecar, self->sidecar_path, &error))
        g_debug ("Could not tidy the key settings: %s", error->message);
      else if (!same_key_slot (&dropped, &sidecar->current))
        delete_keyring_slot (sidecar->journal_id, &dropped, cancellable);

      kindred_key_slot_clear (&dropped);
    }

  /* Left by an interrupted re-key; it never holds the only copy of anything. */
  if (path_exists (self->rekey_path))
    remove_rekey_copy (self);

  set_unlocked (self, store, key);
}

/* Opens journal.db with whichever key fits, trying @current_key and @previous_key
 * first (those the caller derived or was given), then keys of keyring slots. */
static gboolean
open_with_slots (KindredJournal  *self,
                 KindredSidecar  *sidecar,
                 KindredKey      *current_key,
                 KindredKey      *previous_key,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) wrong_key_error = NULL;
  gboolean passphrase_untried = FALSE;

  for (int pass = 0; pass < 2; pass++)
    for (int which = 0; which < 2; which++)
      {
        const KindredKeySlot *slot = which == 0 ? &sidecar->current : sidecar->previous;
        KindredKey *given = which == 0 ? current_key : previous_key;
        g_autoptr(KindredKey) key = NULL;
        g_autoptr(KindredStore) store = NULL;
        g_autoptr(GError) local_error = NULL;

        if (slot == NULL)
          continue;

        if (pass == 0)
          {
            if (given == NULL)
              continue;
            key = kindred_key_ref (given);
          }
        else
          {
            if (given != NULL)
              continue;
            if (slot->mode != KINDRED_KEY_MODE_KEYRING)
              {
                passphrase_untried = TRUE;
                continue;
              }

            key = kindred_keyring_lookup (sidecar->journal_id, slot->key_check,
                                          cancellable, &local_error);
            if (key == NULL)
              {
                if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                  {
                    g_propagate_error (error, g_steal_pointer (&local_error));
                    return FALSE;
                  }
                if (lookup_error == NULL)
                  lookup_error = g_steal_pointer (&local_error);
                continue;
              }
          }

        store = open_store (self, key, FALSE, cancellable, &local_error);
        if (store != NULL)
          {
            finish_open (self, sidecar, which == 1, g_steal_pointer (&store),
                         g_steal_pointer (&key), cancellable);
            return TRUE;
          }

        /* Only a wrong key is worth another try; anything else is about the file. */
        if (!g_error_matches (local_error, KINDRED_STORE_ERROR,
                              KINDRED_STORE_ERROR_WRONG_KEY))
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
        if (wrong_key_error == NULL)
          wrong_key_error = g_steal_pointer (&local_error);
      }

  /* The most useful of what went wrong: a file that needs the passphrase we did not
   * have, else a keyring problem (missing, locked…), else the wrong key itself. */
  if (passphrase_untried && wrong_key_error != NULL)
    set_needs_passphrase (error);
  else if (lookup_error != NULL)
    g_propagate_error (error, g_steal_pointer (&lookup_error));
  else if (wrong_key_error != NULL)
    g_propagate_error (error, g_steal_pointer (&wrong_key_error));
  else
    set_needs_passphrase (error);

  return FALSE;
}

/* Undoes what a failed first open made, and nothing that was there before. */
static void
undo_create (KindredJournal *self,
             const char     *journal_id,
             gboolean        stored_in_keyring,
             gboolean        wrote_sidecar,
             gboolean        db_existed)
{
  if (!db_existed && path_exists (self->db_path))
    {
      g_autofree char *rollback = g_strconcat (self->db_path, "-journal", NULL);

      remove_quietly (self->db_path);
      remove_quietly (rollback);
    }
  if (wrote_sidecar)
    remove_quietly (self->sidecar_path);
  if (stored_in_keyring)
    {
      g_autoptr(GError) error = NULL;

      if (!kindred_keyring_delete (journal_id, NULL, NULL, &error))
        g_debug ("Could not remove the new key: %s", error->message);
    }
}

static gboolean
create_journal (KindredJournal  *self,
                KindredKey      *key,
                KindredKeySlot  *slot,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(KindredSidecar) sidecar = kindred_sidecar_new ();
  g_autoptr(KindredStore) store = NULL;
  gboolean in_keyring = slot->mode == KINDRED_KEY_MODE_KEYRING;

  if (path_exists (self->db_path))
    {
      g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_IO,
                           _("There is already a journal here. Kindred will not "
                             "replace it."));
      return FALSE;
    }

  if (!ensure_dir (self, error))
    return FALSE;

  sidecar->journal_id = g_uuid_string_random ();
  kindred_key_slot_copy (&sidecar->current, slot);

  /* The key is kept first: a journal must never exist without a way to open it. */
  if (in_keyring &&
      !kindred_keyring_store (sidecar->journal_id, key, cancellable, error))
    return FALSE;

  if (!kindred_sidecar_save (sidecar, self->sidecar_path, error))
    {
      undo_create (self, sidecar->journal_id, in_keyring, FALSE, TRUE);
      return FALSE;
    }

  store = open_store (self, key, TRUE, cancellable, error);
  if (store == NULL)
    {
      undo_create (self, sidecar->journal_id, in_keyring, TRUE, FALSE);
      return FALSE;
    }

  set_unlocked (self, g_steal_pointer (&store), kindred_key_ref (key));
  return TRUE;
}

static gboolean
create_keyring (KindredJournal  *self,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(KindredKey) key = NULL;
  KindredKeySlot slot = { 0 };
  gboolean ok;

  if (!kindred_keyring_is_available (cancellable, error))
    return FALSE;

  key = kindred_key_new_random ();
  slot.mode = KINDRED_KEY_MODE_KEYRING;
  slot.key_check = kindred_key_check_value (key);
  ok = create_journal (self, key, &slot, cancellable, error);
  kindred_key_slot_clear (&slot);

  return ok;
}

/* The sidecar to re-key with; a journal opened with only its recovery key has none,
 * so one is made for it. */
static KindredSidecar *
sidecar_for_rekey (KindredJournal *self,
                   KindredKey     *key)
{
  KindredSidecar *sidecar = kindred_sidecar_load (self->sidecar_path, NULL);

  if (sidecar == NULL)
    {
      sidecar = kindred_sidecar_new ();
      sidecar->journal_id = g_uuid_string_random ();
      sidecar->current.mode = KINDRED_KEY_MODE_KEYRING;
      sidecar->current.key_check = kindred_key_check_value (key);
    }

  return sidecar;
}

/* The re-key itself.  Every step leaves the folder in a state that an open can sort
 * out: the sidecar names the new key (current) and the old one (previous) before
 * the file changes, and the rename is the single moment the file switches keys. */
static gboolean
rekey (KindredJournal  *self,
       KindredSidecar  *sidecar,
       KindredKey      *new_key,
       KindredKeySlot  *new_slot,
       GCancellable    *cancellable,
       GError         **error)
{
  g_autoptr(KindredStore) store = dup_store (self);
  g_autoptr(KindredKey) old_key = dup_key (self);
  g_autoptr(KindredStore) new_store = NULL;
  gboolean new_in_keyring = new_slot->mode == KINDRED_KEY_MODE_KEYRING;
  KindredKeySlot old_slot = { 0 };

  if (store == NULL || old_key == NULL)
    {
      set_not_unlocked (error);
      goto undo_key;
    }

  kindred_key_slot_copy (&old_slot, &sidecar->current);
  if (sidecar->previous != NULL)
    kindred_key_slot_clear (sidecar->previous);
  else
    sidecar->previous = g_new0 (KindredKeySlot, 1);
  kindred_key_slot_copy (sidecar->previous, &old_slot);
  kindred_key_slot_copy (&sidecar->current, new_slot);

  if (!kindred_sidecar_save (sidecar, self->sidecar_path, error))
    goto undo_key;

  remove_rekey_copy (self);
  if (!kindred_store_export_rekeyed (store, self->rekey_path, new_key, error) ||
      !kindred_fsync_path (self->rekey_path, error))
    goto undo_sidecar;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto undo_sidecar;

  kindred_store_close (store);
  set_unlocked (self, NULL, NULL);

  if (g_rename (self->rekey_path, self->db_path) != 0)
    {
      int saved_errno = errno;
      g_autoptr(KindredStore) reopened = NULL;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Kindred could not put the re-locked journal in place: %s. "
                     "Your journal is unchanged."), g_strerror (saved_errno));
      reopened = open_store (self, old_key, FALSE, NULL, NULL);
      if (reopened != NULL)
        set_unlocked (self, g_steal_pointer (&reopened), kindred_key_ref (old_key));
      goto undo_sidecar;
    }

  /* From here the file has the new key; nothing may remove it. */
  if (!kindred_fsync_path (self->dir, NULL))
    g_debug ("Could not flush the journal folder");

  new_store = open_store (self, new_key, FALSE, NULL, error);
  if (new_store == NULL)
    {
      kindred_key_slot_clear (&old_slot);
      return FALSE;
    }

  finish_open (self, sidecar, FALSE, g_steal_pointer (&new_store), kindred_key_ref (new_key),
               cancellable);
  kindred_key_slot_clear (&old_slot);
  return TRUE;

undo_sidecar:
  remove_rekey_copy (self);
  kindred_key_slot_copy (&sidecar->current, &old_slot);
  kindred_key_slot_clear (sidecar->previous);
  g_clear_pointer (&sidecar->previous, g_free);
  if (!kindred_sidecar_save (sidecar, self->sidecar_path, NULL))
    g_debug ("Could not restore the key settings; the next open will");
undo_key:
  if (new_in_keyring)
    delete_keyring_slot (sidecar->journal_id, new_slot, NULL);
  kindred_key_slot_clear (&old_slot);
  return FALSE;
}

/* GObject */

static void
kindred_journal_dispose (GObject *object)
{
  KindredJournal *self = KINDRED_JOURNAL (object);

  if (self->store != NULL)
    kindred_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->key, kindred_key_unref);

  G_OBJECT_CLASS (kindred_journal_parent_class)->dispose (object);
}

static void
kindred_journal_finalize (GObject *object)
{
  KindredJournal *self = KINDRED_JOURNAL (object);

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->sidecar_path, g_free);
  g_clear_pointer (&self->rekey_path, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kindred_journal_parent_class)->finalize (object);
}

static void
kindred_journal_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KindredJournal *self = KINDRED_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_take_object (value, dup_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_journal_class_init (KindredJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kindred_journal_dispose;
  object_class->finalize = kindred_journal_finalize;
  object_class->get_property = kindred_journal_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KINDRED_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_journal_init (KindredJournal *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->home = g_thread_self ();
}

/* Public API */

/**
 * kindred_journal_new:
 * @dir: (nullable): the folder for journal.db and journal.json
 *
 * Returns: (transfer full): a journal, still locked
 */
KindredJournal *
kindred_journal_new (const char *dir)
{
  KindredJournal *self = g_object_new (KINDRED_TYPE_JOURNAL, NULL);

  if (dir != NULL)
    self->dir = g_strdup (dir);
  else
    self->dir = g_build_filename (g_get_user_data_dir (), "kindred", NULL);

  self->db_path = g_build_filename (self->dir, "journal.db", NULL);
  self->sidecar_path = g_build_filename (self->dir, "journal.json", NULL);
  /* Beside journal.db: rename() is atomic only within one file system. */
  self->rekey_path = g_build_filename (self->dir, "journal.db.rekey", NULL);

  return self;
}

const char *
kindred_journal_get_dir (KindredJournal *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), NULL);

  return self->dir;
}

const char *
kindred_journal_get_db_path (KindredJournal *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), NULL);

  return self->db_path;
}

const char *
kindred_journal_get_sidecar_path (KindredJournal *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), NULL);

  return self->sidecar_path;
}

KindredJournalState
kindred_journal_get_state (KindredJournal *self)
{
  g_autoptr(KindredSidecar) sidecar = NULL;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), KINDRED_JOURNAL_STATE_UNKNOWN);

  /* A sidecar without journal.db is what an interrupted first launch leaves: there
   * is nothing to open, so it counts as new (and is replaced on creation). */
  if (!path_exists (self->db_path))
    return KINDRED_JOURNAL_STATE_NEW;

  sidecar = kindred_sidecar_load (self->sidecar_path, NULL);
  if (sidecar == NULL)
    return KINDRED_JOURNAL_STATE_UNKNOWN;

  return sidecar->current.mode == KINDRED_KEY_MODE_PASSPHRASE
           ? KINDRED_JOURNAL_STATE_PASSPHRASE
           : KINDRED_JOURNAL_STATE_KEYRING;
}

/**
 * kindred_journal_get_store:
 *
 * Only call this from the thread that made the journal, and not while an operation
 * runs on a worker.
 *
 * Returns: (nullable) (transfer none): the store while unlocked
 */
KindredStore *
kindred_journal_get_store (KindredJournal *self)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), NULL);

  return self->store;
}

gboolean
kindred_journal_is_unlocked (KindredJournal *self)
{
  gboolean unlocked;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);

  g_mutex_lock (&self->lock);
  unlocked = self->store != NULL;
  g_mutex_unlock (&self->lock);

  return unlocked;
}

gboolean
kindred_journal_open_keyring (KindredJournal  *self,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(KindredSidecar) sidecar = NULL;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);

  if (kindred_journal_is_unlocked (self))
    return TRUE;

  if (!path_exists (self->db_path))
    return create_keyring (self, cancellable, error);

  sidecar = load_sidecar (self, error);
  if (sidecar == NULL)
    return FALSE;

  if (sidecar->current.mode != KINDRED_KEY_MODE_KEYRING &&
      (sidecar->previous == NULL || sidecar->previous->mode != KINDRED_KEY_MODE_KEYRING))
    {
      set_needs_passphrase (error);
      return FALSE;
    }

  return open_with_slots (self, sidecar, NULL, NULL, cancellable, error);
}

gboolean
kindred_journal_create_passphrase (KindredJournal  *self,
                                   const char      *passphrase,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_autoptr(KindredKey) key = NULL;
  KindredKeySlot slot = { 0 };
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (path_exists (self->db_path))
    {
      g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_IO,
                           _("There is already a journal here. Kindred will not "
                             "replace it."));
      return FALSE;
    }

  slot.mode = KINDRED_KEY_MODE_PASSPHRASE;
  randombytes_buf (slot.salt, sizeof slot.salt);
  kdf_params (&slot.opslimit, &slot.memlimit);

  key = kindred_key_derive (passphrase, slot.salt, slot.opslimit, slot.memlimit, error);
  if (key == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  slot.key_check = kindred_key_check_value (key);
  ok = create_journal (self, key, &slot, cancellable, error);
  kindred_key_slot_clear (&slot);

  return ok;
}

/* Derives the key for a passphrase slot; NULL when @passphrase does not fit it. */
static KindredKey *
derive_for_slot (const char            *passphrase,
                 const KindredKeySlot  *slot,
                 GError               **error)
{
  g_autoptr(KindredKey) key = NULL;
  g_autofree char *check = NULL;

  if (slot == NULL || slot->mode != KINDRED_KEY_MODE_PASSPHRASE)
    return NULL;

  key = kindred_key_derive (passphrase, slot->salt, slot->opslimit, slot->memlimit, error);
  if (key == NULL)
    return NULL;

  check = kindred_key_check_value (key);
  if (strlen (check) != strlen (slot->key_check) ||
      sodium_memcmp (check, slot->key_check, strlen (check)) != 0)
    return NULL;

  return g_steal_pointer (&key);
}

gboolean
kindred_journal_unlock_passphrase (KindredJournal  *self,
                                   const char      *passphrase,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_autoptr(KindredSidecar) sidecar = NULL;
  g_autoptr(KindredKey) current_key = NULL;
  g_autoptr(KindredKey) previous_key = NULL;
  gboolean has_passphrase_slot;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (kindred_journal_is_unlocked (self))
    return TRUE;

  if (!path_exists (self->db_path))
    {
      set_no_journal (error);
      return FALSE;
    }

  sidecar = load_sidecar (self, error);
  if (sidecar == NULL)
    return FALSE;

  has_passphrase_slot = sidecar->current.mode == KINDRED_KEY_MODE_PASSPHRASE ||
                        (sidecar->previous != NULL &&
                         sidecar->previous->mode == KINDRED_KEY_MODE_PASSPHRASE);
  if (!has_passphrase_slot)
    {
      g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WRONG_PASSPHRASE,
                           _("Your journal’s key is kept in your keyring, not behind a "
                             "passphrase."));
      return FALSE;
    }

  /* A passphrase too short to have been accepted cannot be the right one. */
  if (!g_utf8_validate (passphrase, -1, NULL) ||
      g_utf8_strlen (passphrase, -1) < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    {
      set_wrong_passphrase (error);
      return FALSE;
    }

  /* Both slots are tried: someone may "change" to the same passphrase, and an
   * interrupted change then needs the key from either salt. */
  {
    g_autoptr(GError) derive_error = NULL;

    current_key = derive_for_slot (passphrase, &sidecar->current, &derive_error);
    if (derive_error == NULL && sidecar->previous != NULL)
      previous_key = derive_for_slot (passphrase, sidecar->previous, &derive_error);
    if (derive_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&derive_error));
        return FALSE;
      }
  }

  if (current_key == NULL && previous_key == NULL)
    {
      set_wrong_passphrase (error);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return open_with_slots (self, sidecar, current_key, previous_key, cancellable, error);
}

gboolean
kindred_journal_unlock_recovery (KindredJournal  *self,
                                 const char      *recovery,
                                 GCancellable    *cancellable,
                                 GError         **error)
{
  g_autoptr(KindredSidecar) sidecar = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(GError) sidecar_error = NULL;
  g_autofree char *check = NULL;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (recovery != NULL, FALSE);

  if (kindred_journal_is_unlocked (self))
    return TRUE;

  key = kindred_key_new_from_recovery (recovery, error);
  if (key == NULL)
    return FALSE;

  if (!path_exists (self->db_path))
    {
      set_no_journal (error);
      return FALSE;
    }

  check = kindred_key_check_value (key);
  sidecar = kindred_sidecar_load (self->sidecar_path, &sidecar_error);
  if (sidecar == NULL)
    {
      g_autoptr(KindredStore) store = NULL;
      g_autoptr(GError) local_error = NULL;

      /* No (readable) sidecar: the file itself is the only judge. */
      store = open_store (self, key, FALSE, cancellable, &local_error);
      if (store == NULL)
        {
          if (g_error_matches (local_error, KINDRED_STORE_ERROR,
                               KINDRED_STORE_ERROR_WRONG_KEY))
            g_set_error_literal (error, KINDRED_KEYS_ERROR,
                                 KINDRED_KEYS_ERROR_WRONG_PASSPHRASE,
                                 _("This recovery key does not fit this journal."));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      finish_open (self, NULL, FALSE, g_steal_pointer (&store), g_steal_pointer (&key),
                   cancellable);
      return TRUE;
    }

  if (g_strcmp0 (check, sidecar->current.key_check) == 0)
    return open_with_slots (self, sidecar, key, NULL, cancellable, error);
  if (sidecar->previous != NULL && g_strcmp0 (check, sidecar->previous->key_check) == 0)
    return open_with_slots (self, sidecar, NULL, key, cancellable, error);

  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WRONG_PASSPHRASE,
                       _("This recovery key does not fit this journal. Please check "
                         "that it is the one Kindred showed for this journal."));
  return FALSE;
}

gboolean
kindred_journal_set_passphrase (KindredJournal  *self,
                                const char      *passphrase,
                                GCancellable    *cancellable,
                                GError         **error)
{
  g_autoptr(KindredSidecar) sidecar = NULL;
  g_autoptr(KindredKey) old_key = NULL;
  g_autoptr(KindredKey) new_key = NULL;
  KindredKeySlot slot = { 0 };
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  old_key = dup_key (self);
  if (old_key == NULL || !kindred_journal_is_unlocked (self))
    {
      set_not_unlocked (error);
      return FALSE;
    }

  slot.mode = KINDRED_KEY_MODE_PASSPHRASE;
  randombytes_buf (slot.salt, sizeof slot.salt);
  kdf_params (&slot.opslimit, &slot.memlimit);
  new_key = kindred_key_derive (passphrase, slot.salt, slot.opslimit, slot.memlimit, error);
  if (new_key == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  slot.key_check = kindred_key_check_value (new_key);
  sidecar = sidecar_for_rekey (self, old_key);
  ok = rekey (self, sidecar, new_key, &slot, cancellable, error);
  kindred_key_slot_clear (&slot);

  return ok;
}

gboolean
kindred_journal_use_keyring (KindredJournal  *self,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(KindredSidecar) sidecar = NULL;
  g_autoptr(KindredKey) old_key = NULL;
  g_autoptr(KindredKey) new_key = NULL;
  KindredKeySlot slot = { 0 };
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);

  old_key = dup_key (self);
  if (old_key == NULL || !kindred_journal_is_unlocked (self))
    {
      set_not_unlocked (error);
      return FALSE;
    }

  if (!kindred_keyring_is_available (cancellable, error))
    return FALSE;

  sidecar = sidecar_for_rekey (self, old_key);
  new_key = kindred_key_new_random ();
  slot.mode = KINDRED_KEY_MODE_KEYRING;
  slot.key_check = kindred_key_check_value (new_key);

  /* Stored before anything else changes, so the file never has a key we lack. */
  if (!kindred_keyring_store (sidecar->journal_id, new_key, cancellable, error))
    {
      kindred_key_slot_clear (&slot);
      return FALSE;
    }

  ok = rekey (self, sidecar, new_key, &slot, cancellable, error);
  kindred_key_slot_clear (&slot);

  return ok;
}

/**
 * kindred_journal_dup_recovery:
 *
 * Returns: (transfer full) (nullable): the recovery key; free with
 *   kindred_secret_free()
 */
char *
kindred_journal_dup_recovery (KindredJournal *self)
{
  g_autoptr(KindredKey) key = NULL;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), NULL);

  key = dup_key (self);
  if (key == NULL)
    return NULL;

  return kindred_key_to_recovery (key);
}

void
kindred_journal_lock (KindredJournal *self)
{
  g_return_if_fail (KINDRED_IS_JOURNAL (self));

  /* Closing wipes SQLCipher's copy; the last unref of the key wipes ours. */
  set_unlocked (self, NULL, NULL);
}

gboolean
kindred_journal_erase (KindredJournal  *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(KindredSidecar) sidecar = NULL;
  const char *suffixes[] = { "", "-journal", "-wal", "-shm", ".rekey", ".rekey-journal" };

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);

  kindred_journal_lock (self);
  sidecar = kindred_sidecar_load (self->sidecar_path, NULL);

  /* The journal goes first: it is what the person asked to be rid of. */
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (self->db_path, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Kindred could not remove “%s”: %s"), display,
                       g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (sidecar != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      /* Without a keyring (a passphrase journal) there is nothing there to remove. */
      if (!kindred_keyring_delete (sidecar->journal_id, NULL, cancellable, &local_error) &&
          !g_error_matches (local_error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_NO_SERVICE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (g_unlink (self->sidecar_path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Kindred could not remove journal.json: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  kindred_fsync_path (self->dir, NULL);
  return TRUE;
}

/**
 * kindred_journal_move_aside:
 *
 * Returns: (transfer full) (nullable): where journal.db now is
 */
char *
kindred_journal_move_aside (KindredJournal  *self,
                            GError         **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *db_target = NULL;
  g_autofree char *sidecar_target = NULL;

  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), NULL);

  kindred_journal_lock (self);

  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  /* Never over an earlier one moved aside in the same second. */
  for (guint n = 1; ; n++)
    {
      g_autofree char *base = n == 1 ? g_strdup_printf ("journal-%s", stamp)
                                     : g_strdup_printf ("journal-%s-%u", stamp, n);
      g_autofree char *db_name = g_strconcat (base, ".db", NULL);
      g_autofree char *sidecar_name = g_strconcat (base, ".json", NULL);

      g_free (db_target);
      g_free (sidecar_target);
      db_target = g_build_filename (self->dir, db_name, NULL);
      sidecar_target = g_build_filename (self->dir, sidecar_name, NULL);
      if (!path_exists (db_target) && !path_exists (sidecar_target))
        break;
    }

  if (path_exists (self->db_path) && g_rename (self->db_path, db_target) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Kindred could not move your journal aside: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  if (path_exists (self->sidecar_path) && g_rename (self->sidecar_path, sidecar_target) != 0)
    {
      int saved_errno = errno;

      /* Keep the pair together: put the journal back where it was. */
      if (g_rename (db_target, self->db_path) != 0)
        g_debug ("Could not move the journal back: %s", g_strerror (errno));
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Kindred could not move your journal aside: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  kindred_fsync_path (self->dir, NULL);
  return g_steal_pointer (&db_target);
}

/* Async */

typedef struct
{
  KindredJournalOp  op;
  char             *secret;  /* sodium_malloc memory, or NULL */
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  if (run->secret != NULL)
    sodium_free (run->secret);  /* wipes */
  g_free (run);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  KindredJournal *self = source_object;
  RunData *run = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (run->op)
    {
    case KINDRED_JOURNAL_OP_OPEN_KEYRING:
      ok = kindred_journal_open_keyring (self, cancellable, &error);
      break;
    case KINDRED_JOURNAL_OP_CREATE_PASSPHRASE:
      ok = kindred_journal_create_passphrase (self, run->secret, cancellable, &error);
      break;
    case KINDRED_JOURNAL_OP_UNLOCK_PASSPHRASE:
      ok = kindred_journal_unlock_passphrase (self, run->secret, cancellable, &error);
      break;
    case KINDRED_JOURNAL_OP_UNLOCK_RECOVERY:
      ok = kindred_journal_unlock_recovery (self, run->secret, cancellable, &error);
      break;
    case KINDRED_JOURNAL_OP_SET_PASSPHRASE:
      ok = kindred_journal_set_passphrase (self, run->secret, cancellable, &error);
      break;
    case KINDRED_JOURNAL_OP_USE_KEYRING:
      ok = kindred_journal_use_keyring (self, cancellable, &error);
      break;
    case KINDRED_JOURNAL_OP_ERASE:
      ok = kindred_journal_erase (self, cancellable, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kindred_journal_run_async (KindredJournal      *self,
                           KindredJournalOp     op,
                           const char          *secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (KINDRED_IS_JOURNAL (self));
  g_return_if_fail (op <= KINDRED_JOURNAL_OP_ERASE);
  g_return_if_fail (secret != NULL ||
                    (op != KINDRED_JOURNAL_OP_CREATE_PASSPHRASE &&
                     op != KINDRED_JOURNAL_OP_UNLOCK_PASSPHRASE &&
                     op != KINDRED_JOURNAL_OP_UNLOCK_RECOVERY &&
                     op != KINDRED_JOURNAL_OP_SET_PASSPHRASE));

  run = g_new0 (RunData, 1);
  run->op = op;
  if (secret != NULL)
    {
      gsize len = strlen (secret);

      /* The caller's copy is theirs to wipe; ours lives in guarded memory. */
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      run->secret = sodium_malloc (len + 1);
      if (run->secret == NULL)
        g_error ("Out of guarded memory for a passphrase");
      memcpy (run->secret, secret, len + 1);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_journal_run_async);
  g_task_set_task_data (task, run, run_data_free);
  g_task_run_in_thread (task, run_worker);
}

gboolean
kindred_journal_run_finish (KindredJournal  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (KINDRED_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kindred_journal_run_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

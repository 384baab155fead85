/* kindred-journal.h: the user's journal on disk: where it is, how its key is kept,
 * and the store once it is unlocked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keys/kindred-key.h"
#include "keys/kindred-sidecar.h"
#include "store/kindred-store.h"

G_BEGIN_DECLS

/**
 * KindredJournalState:
 * @KINDRED_JOURNAL_STATE_NEW: no journal yet (first launch)
 * @KINDRED_JOURNAL_STATE_KEYRING: a journal whose key is in the keyring
 * @KINDRED_JOURNAL_STATE_PASSPHRASE: a journal protected by a passphrase
 * @KINDRED_JOURNAL_STATE_UNKNOWN: a journal.db without a readable sidecar (damaged
 *   or from elsewhere): open_keyring tries the keyring, nothing is overwritten
 */
typedef enum
{
  KINDRED_JOURNAL_STATE_NEW,
  KINDRED_JOURNAL_STATE_KEYRING,
  KINDRED_JOURNAL_STATE_PASSPHRASE,
  KINDRED_JOURNAL_STATE_UNKNOWN,
} KindredJournalState;

#define KINDRED_TYPE_JOURNAL (kindred_journal_get_type ())
G_DECLARE_FINAL_TYPE (KindredJournal, kindred_journal, KINDRED, JOURNAL, GObject)

/* @dir: the folder that holds journal.db and journal.json; NULL for the default
 * <g_get_user_data_dir()>/kindred. Nothing is touched on disk until an open. */
KindredJournal     *kindred_journal_new                   (const char      *dir);
const char         *kindred_journal_get_dir               (KindredJournal  *self);
const char         *kindred_journal_get_db_path           (KindredJournal  *self);
const char         *kindred_journal_get_sidecar_path      (KindredJournal  *self);
/* Reads the disk again (sidecar, db presence). */
KindredJournalState kindred_journal_get_state             (KindredJournal  *self);
/* (nullable) (transfer none): the store while unlocked. Property "store" notifies. */
KindredStore       *kindred_journal_get_store             (KindredJournal  *self);
gboolean            kindred_journal_is_unlocked           (KindredJournal  *self);

/* The synchronous calls below are slow (keyring, Argon2id, SQLCipher): from a worker,
 * or use the _async variants. Each returns FALSE with an error from
 * KINDRED_KEYS_ERROR or KINDRED_STORE_ERROR; no file is changed on failure. */

/* First launch: creates the journal with a random key stored in the keyring, asking
 * nothing; later launches: looks the key up and opens. */
gboolean            kindred_journal_open_keyring          (KindredJournal  *self,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
/* Creates a new journal protected by @passphrase (no keyring, or the user chose it). */
gboolean            kindred_journal_create_passphrase     (KindredJournal  *self,
                                                           const char      *passphrase,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
gboolean            kindred_journal_unlock_passphrase     (KindredJournal  *self,
                                                           const char      *passphrase,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
/* Opens with the recovery key (when the keyring item or the passphrase is lost). The
 * journal stays in its mode; the caller should then offer to set a new passphrase or
 * store the key in the keyring again. */
gboolean            kindred_journal_unlock_recovery       (KindredJournal  *self,
                                                           const char      *recovery,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
/* Re-keys: to passphrase mode (or a new passphrase), or to keyring mode. The journal
 * must be unlocked. Export to a new file with the new key, fsync, rename over the old
 * one; the new key is stored before and the old one removed only after the rename, so
 * an interruption leaves a file that opens with the old key or the new one. */
gboolean            kindred_journal_set_passphrase        (KindredJournal  *self,
                                                           const char      *passphrase,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
gboolean            kindred_journal_use_keyring           (KindredJournal  *self,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
/* (transfer full): free with kindred_secret_free(). The journal must be unlocked. */
char               *kindred_journal_dup_recovery          (KindredJournal  *self);
/* Closes the store and wipes the key from memory. */
void                kindred_journal_lock                  (KindredJournal  *self);
/* Removes journal.db, its sidecar and its keyring items. */
gboolean            kindred_journal_erase                 (KindredJournal  *self,
                                                           GCancellable    *cancellable,
                                                           GError         **error);
/* Renames a journal that cannot be opened to journal-<date>.db (and its sidecar)
 * so that the user can start afresh without losing it. (transfer full): new path. */
char               *kindred_journal_move_aside            (KindredJournal  *self,
                                                           GError         **error);

/* Async wrappers: run the call above in a worker thread. @passphrase is copied into
 * guarded memory and wiped. */
typedef enum
{
  KINDRED_JOURNAL_OP_OPEN_KEYRING,
  KINDRED_JOURNAL_OP_CREATE_PASSPHRASE,
  KINDRED_JOURNAL_OP_UNLOCK_PASSPHRASE,
  KINDRED_JOURNAL_OP_UNLOCK_RECOVERY,
  KINDRED_JOURNAL_OP_SET_PASSPHRASE,
  KINDRED_JOURNAL_OP_USE_KEYRING,
  KINDRED_JOURNAL_OP_ERASE,
} KindredJournalOp;

void                kindred_journal_run_async             (KindredJournal      *self,
                                                           KindredJournalOp     op,
                                                           const char          *secret,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean            kindred_journal_run_finish            (KindredJournal      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS

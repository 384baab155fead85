/* kindred-sync.h: one journal on several of one's own devices, through a folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each device writes its whole journal, encrypted under a sync passphrase, to
 * `<device-id>.kindred-sync` in a folder the person already syncs (Syncthing,
 * Nextcloud, a USB stick), and merges every other device's file it finds there.
 * The layout and the merge rules are in envelope/FORMATS.md ("Sync").
 *
 * One KindredSync per open store.  It keeps its settings (folder, device name,
 * whether it runs by itself) in the journal, and the sync passphrase in the
 * keyring when the person asks for that; otherwise the passphrase is asked for
 * and kept in memory for this session only.
 */

#pragma once

#include <gio/gio.h>

#include "store/kindred-store.h"

G_BEGIN_DECLS

/* The file name's ending, and the format version this build writes and reads. */
#define KINDRED_SYNC_SUFFIX         ".kindred-sync"
#define KINDRED_SYNC_FORMAT_VERSION 1

#define KINDRED_SYNC_ERROR (kindred_sync_error_quark ())

/**
 * KindredSyncError:
 * @KINDRED_SYNC_ERROR_NOT_SET_UP: sync has no folder yet
 * @KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE: no passphrase in memory nor in the keyring:
 *   ask for it (kindred_sync_set_passphrase()) and run again
 * @KINDRED_SYNC_ERROR_WRONG_PASSPHRASE: set up: the passphrase does not open the
 *   files the other devices already wrote in that folder
 * @KINDRED_SYNC_ERROR_WEAK_PASSPHRASE: set up: too short (fewer than
 *   KINDRED_KEY_PASSPHRASE_MIN_CHARS characters)
 * @KINDRED_SYNC_ERROR_FOLDER: the folder is missing, not a folder, or cannot be
 *   written
 * @KINDRED_SYNC_ERROR_BUSY: a sync is already running
 * @KINDRED_SYNC_ERROR_FAILED: anything else (the message says what)
 *
 * A file that cannot be merged (wrong passphrase, newer format, damaged, foreign)
 * is not an error of the run: it is listed in the run's #KindredSyncResult with
 * its own error (usually of KINDRED_ENVELOPE_ERROR), and nothing is merged from it.
 */
typedef enum
{
  KINDRED_SYNC_ERROR_NOT_SET_UP,
  KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE,
  KINDRED_SYNC_ERROR_WRONG_PASSPHRASE,
  KINDRED_SYNC_ERROR_WEAK_PASSPHRASE,
  KINDRED_SYNC_ERROR_FOLDER,
  KINDRED_SYNC_ERROR_BUSY,
  KINDRED_SYNC_ERROR_FAILED,
} KindredSyncError;

GQuark kindred_sync_error_quark (void);

/* ---- The outcome of one run ------------------------------------------------ */

typedef struct _KindredSyncResult KindredSyncResult;

#define KINDRED_TYPE_SYNC_RESULT (kindred_sync_result_get_type ())
GType              kindred_sync_result_get_type          (void) G_GNUC_CONST;
KindredSyncResult *kindred_sync_result_ref               (KindredSyncResult *self);
void               kindred_sync_result_unref             (KindredSyncResult *self);

/* Entries added (new to this journal), updated (another device's newer version
 * taken), deleted (made tombstones by another device's deletion), and conflict
 * copies made (edits on two devices that had not seen each other). */
guint              kindred_sync_result_get_added         (KindredSyncResult *self);
guint              kindred_sync_result_get_updated       (KindredSyncResult *self);
guint              kindred_sync_result_get_deleted       (KindredSyncResult *self);
guint              kindred_sync_result_get_conflicts     (KindredSyncResult *self);
/* Strategies, safety plan, contacts and settings taken from other devices. */
guint              kindred_sync_result_get_other_changes (KindredSyncResult *self);
/* Whether this device's own file was (re)written in this run. */
gboolean           kindred_sync_result_get_wrote         (KindredSyncResult *self);
/* When the run ended. (transfer none) */
GDateTime         *kindred_sync_result_get_finished_at   (KindredSyncResult *self);

/* Other devices' files looked at in this run, sorted by file name: merged, already
 * merged before (unchanged since), or refused. */
guint              kindred_sync_result_get_n_files       (KindredSyncResult *self);
guint              kindred_sync_result_get_files_read    (KindredSyncResult *self);
guint              kindred_sync_result_get_files_refused (KindredSyncResult *self);
/* The file's base name. */
const char        *kindred_sync_result_get_file_name     (KindredSyncResult *self,
                                                          guint              index);
/* (nullable): the device name from the file's header; NULL when the header could
 * not be read. */
const char        *kindred_sync_result_get_file_device   (KindredSyncResult *self,
                                                          guint              index);
/* (nullable): why the file was refused; NULL when it was read. */
const GError      *kindred_sync_result_get_file_error    (KindredSyncResult *self,
                                                          guint              index);
/* (transfer full) (nullable): a sentence for a person about a refused file
 * ("The file from “laptop” was changed after it was written, so nothing was taken
 * from it."); NULL when it was read. */
char              *kindred_sync_result_dup_file_message  (KindredSyncResult *self,
                                                          guint              index);
/* (transfer full): one translated line for a toast or the terminal, e.g.
 * "2 added, 1 updated, 1 conflict to look at" or "Everything is up to date". */
char              *kindred_sync_result_dup_summary       (KindredSyncResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredSyncResult, kindred_sync_result_unref)

/* ---- The sync of one journal ----------------------------------------------- */

#define KINDRED_TYPE_SYNC (kindred_sync_get_type ())
G_DECLARE_FINAL_TYPE (KindredSync, kindred_sync, KINDRED, SYNC, GObject)

/* Properties (notified in the main context that created the object):
 *   "store"        KindredStore, construct-only
 *   "folder"       string, read-only, nullable: the sync folder's path; NULL when
 *                  sync is off
 *   "enabled"      boolean, read-only: a folder is set up
 *   "device-id"    string, read-only: this journal's device id (the file's name)
 *   "device-name"  string, read-write: shown to the other devices (defaults to the
 *                  host name); kept in the journal
 *   "auto-sync"    boolean, read-write (default TRUE): while enabled, watch the
 *                  folder for other devices' files (GFileMonitor and polling) and
 *                  sync about 5 s after local changes; kept in the journal
 *   "busy"         boolean, read-only: a run is in progress
 *   "last-result"  KindredSyncResult, read-only, nullable: of the last run that
 *                  finished (on demand or automatic)
 *   "last-error"   GError (boxed), read-only, nullable: why the last run failed;
 *                  NULL after a run that finished
 *
 * Signals:
 *   "progress" (double fraction): 0…1 during a run, in the main context
 *   "finished" (KindredSyncResult *result (nullable), GError *error (nullable)):
 *              after every run, automatic or not, in the main context
 *
 * Changes merged from other devices arrive through the store's own
 * "entries-reset" and "strategies-changed" signals.
 */

KindredSync       *kindred_sync_new                (KindredStore        *store);
KindredStore      *kindred_sync_get_store          (KindredSync         *self);
const char        *kindred_sync_get_folder         (KindredSync         *self);
gboolean           kindred_sync_get_enabled        (KindredSync         *self);
const char        *kindred_sync_get_device_id      (KindredSync         *self);
const char        *kindred_sync_get_device_name    (KindredSync         *self);
void               kindred_sync_set_device_name    (KindredSync         *self,
                                                    const char          *name);
gboolean           kindred_sync_get_auto_sync      (KindredSync         *self);
void               kindred_sync_set_auto_sync      (KindredSync         *self,
                                                    gboolean             auto_sync);
gboolean           kindred_sync_get_busy           (KindredSync         *self);
/* (transfer none) (nullable) */
KindredSyncResult *kindred_sync_get_last_result    (KindredSync         *self);
/* (transfer none) (nullable) */
const GError      *kindred_sync_get_last_error     (KindredSync         *self);

/* The passphrase for this session (in guarded memory, never written anywhere),
 * e.g. one `kindred --sync` read from the terminal, or one the UI asked for after
 * NEEDS_PASSPHRASE.  @remember: also keep it in the keyring (slow: libsecret runs
 * synchronously here, so pass TRUE only from a worker, or use set_up).  NULL
 * forgets it for this session. */
gboolean           kindred_sync_set_passphrase     (KindredSync         *self,
                                                    const char          *passphrase,
                                                    gboolean             remember,
                                                    GError             **error);
/* Whether a passphrase is known in memory (given, or already found in the keyring
 * by an earlier run).  Never blocks: a run looks in the keyring itself. */
gboolean           kindred_sync_has_passphrase     (KindredSync         *self);

/* Turns sync on with @folder (an existing folder; the file chooser's path, the
 * document portal's too) and @passphrase.  Checks that the folder can be written
 * and that the passphrase opens the files other devices already left there
 * (WRONG_PASSPHRASE otherwise: every device must use the same one); stores the
 * passphrase in the keyring when @remember_in_keyring (a keyring that cannot be
 * reached is then an error, from KINDRED_KEYS_ERROR).  Does not sync: call
 * run_async afterwards.  Slow (Argon2id, keyring): a worker does it. */
void               kindred_sync_set_up_async       (KindredSync         *self,
                                                    const char          *folder,
                                                    const char          *passphrase,
                                                    gboolean             remember_in_keyring,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           kindred_sync_set_up_finish      (KindredSync         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* The same, blocking (command line, tests; not from the UI's main thread). */
gboolean           kindred_sync_set_up             (KindredSync         *self,
                                                    const char          *folder,
                                                    const char          *passphrase,
                                                    gboolean             remember_in_keyring,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

/* Turns sync off: forgets the folder and the passphrase (keyring item too).  The
 * files in the folder are left alone, this device's own included (@remove_own_file
 * TRUE removes it, so the other devices stop seeing this one).  Local entries are
 * never touched. */
gboolean           kindred_sync_forget             (KindredSync         *self,
                                                    gboolean             remove_own_file,
                                                    GError             **error);

/* One run: reads every other device's file in the folder and merges it (each
 * file one transaction; a file that cannot be read is listed in the result and
 * skipped), then writes this device's own file if anything changed.  BUSY while
 * another run goes on.  "progress" is emitted while it runs. */
void               kindred_sync_run_async          (KindredSync         *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
/* (transfer full) (nullable) */
KindredSyncResult *kindred_sync_run_finish         (KindredSync         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* The same, blocking (command line, tests). */
KindredSyncResult *kindred_sync_run                (KindredSync         *self,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

/* Conflict copies: entries made when two devices edited the same entry without
 * having seen each other's change (KindredEntry "conflict-of" names the original).
 * (transfer full): uuids of the live copies, newest first. */
GPtrArray         *kindred_sync_list_conflicts     (KindredSync         *self,
                                                    GError             **error);
/* Resolving a copy: keep it as an entry of its own (it stops being a conflict, on
 * every device); or delete it with kindred_store_delete_entry(). */
gboolean           kindred_sync_keep_conflict_copy (KindredSync         *self,
                                                    const char          *uuid,
                                                    GError             **error);

/* Tests and the bench: Argon2id limits for the files this device writes (0, 0:
 * the defaults, or libsodium's minimum when KINDRED_TEST_CHEAP_KDF=1 is set). */
void               kindred_sync_set_kdf_limits     (KindredSync         *self,
                                                    guint64              opslimit,
                                                    gsize                memlimit);

/* A sentence for a person for an error of a run or a set-up (any domain).
 * (transfer full) */
char              *kindred_sync_describe_error     (const GError        *error);

G_END_DECLS

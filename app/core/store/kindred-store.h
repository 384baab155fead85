/* kindred-store.h: the encrypted journal database (SQLCipher)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keys/kindred-key.h"
#include "store/kindred-entry.h"
#include "store/kindred-entry-filter.h"
#include "store/kindred-strategy.h"

G_BEGIN_DECLS

#define KINDRED_STORE_ERROR (kindred_store_error_quark ())

/**
 * KindredStoreError:
 * @KINDRED_STORE_ERROR_WRONG_KEY: the file is a journal, but not for this key
 * @KINDRED_STORE_ERROR_NOT_A_JOURNAL: not a database, corrupt, truncated, empty or a directory
 * @KINDRED_STORE_ERROR_NEWER_SCHEMA: written by a newer Kindred
 * @KINDRED_STORE_ERROR_LOCKED: the store is closed (locked) or the file is busy
 * @KINDRED_STORE_ERROR_IO: the file could not be read or written
 * @KINDRED_STORE_ERROR_NO_CIPHER: the SQLite library in this process does not encrypt
 * @KINDRED_STORE_ERROR_NOT_FOUND: no such record
 * @KINDRED_STORE_ERROR_INVALID: a value out of range (mood, intensity, helped…)
 * @KINDRED_STORE_ERROR_FAILED: anything else the database reported
 */
typedef enum
{
  KINDRED_STORE_ERROR_WRONG_KEY,
  KINDRED_STORE_ERROR_NOT_A_JOURNAL,
  KINDRED_STORE_ERROR_NEWER_SCHEMA,
  KINDRED_STORE_ERROR_LOCKED,
  KINDRED_STORE_ERROR_IO,
  KINDRED_STORE_ERROR_NO_CIPHER,
  KINDRED_STORE_ERROR_NOT_FOUND,
  KINDRED_STORE_ERROR_INVALID,
  KINDRED_STORE_ERROR_FAILED,
} KindredStoreError;

GQuark kindred_store_error_quark (void);

/* The schema version this build writes; PRAGMA user_version. */
#define KINDRED_STORE_SCHEMA_VERSION 5

#define KINDRED_TYPE_STORE (kindred_store_get_type ())
G_DECLARE_FINAL_TYPE (KindredStore, kindred_store, KINDRED, STORE, GObject)

/* Signals (always emitted in the main context that opened the store, even when the
 * write ran on a worker):
 *   "entry-changed" (const char *uuid): saved, created or made a tombstone
 *   "entries-reset" (): many rows changed at once (bulk save, import)
 *   "strategies-changed" (): a strategy was added, edited or (un)archived
 */

/**
 * KindredDayMood:
 * @year, @month, @day: the local calendar day
 * @average: the mean mood (1–5) of the day's entries that have one; 0 when none has
 * @count: all live entries of the day, with or without a mood
 */
typedef struct
{
  int     year;
  int     month;
  int     day;
  double  average;
  guint   count;
} KindredDayMood;

/* Opening.  @create: when TRUE a missing file is created (never an existing bad one
 * overwritten); when FALSE a missing file is NOT_A_JOURNAL.  The file's bytes are
 * never changed when opening fails. */
KindredStore  *kindred_store_open                 (const char           *path,
                                                   KindredKey           *key,
                                                   gboolean              create,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void           kindred_store_open_async           (const char           *path,
                                                   KindredKey           *key,
                                                   gboolean              create,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
KindredStore  *kindred_store_open_finish          (GAsyncResult         *result,
                                                   GError              **error);

/* Closes the connection; every later call fails with LOCKED. Idempotent. */
void           kindred_store_close                (KindredStore         *self);
gboolean       kindred_store_is_open              (KindredStore         *self);
const char    *kindred_store_get_path             (KindredStore         *self);
const char    *kindred_store_get_device_id        (KindredStore         *self);

/* Writes a copy of the whole journal, encrypted with @new_key, to @new_path
 * (sqlcipher_export), fsynced. The caller renames it into place. */
gboolean       kindred_store_export_rekeyed       (KindredStore         *self,
                                                   const char           *new_path,
                                                   KindredKey           *new_key,
                                                   GError              **error);

/* Read back the cipher settings in force (tests; see kindred-store.c for why). */
int            kindred_store_get_cipher_page_size (KindredStore         *self);
int            kindred_store_get_kdf_iter         (KindredStore         *self);
char          *kindred_store_dup_cipher_version   (KindredStore         *self);
gboolean       kindred_store_check_integrity      (KindredStore         *self,
                                                   GError              **error);

/* Entries.  Each call is one transaction.  save_entry inserts or updates by uuid,
 * stamps updated-at, the HLC and the device id back onto @entry. */
gboolean       kindred_store_save_entry           (KindredStore         *self,
                                                   KindredEntry         *entry,
                                                   GError              **error);
void           kindred_store_save_entry_async     (KindredStore         *self,
                                                   KindredEntry         *entry,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       kindred_store_save_entry_finish    (KindredStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* All of @entries (KindredEntry) in one transaction: all or nothing. */
gboolean       kindred_store_save_entries         (KindredStore         *self,
                                                   GPtrArray            *entries,
                                                   GError              **error);
/* Every live entry, oldest first (created-at, then uuid), each loaded whole, in a
 * few statements: for exports, where the paged list_entries would load each
 * entry's children one entry at a time.  (transfer full): KindredEntry objects. */
GPtrArray     *kindred_store_list_all_entries     (KindredStore         *self,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
/* Progress of a long call: @done of @total rows, called on the calling thread. */
typedef void (*KindredStoreProgressFunc) (guint    done,
                                          guint    total,
                                          gpointer user_data);
/* Import (formats/): inserts those of @strategies (KindredStrategy, nullable) and
 * @entries (KindredEntry) whose uuid the journal does not hold yet, live or
 * deleted, in one transaction; rows already there are never changed.  Unlike the
 * saves, inserted rows keep their created-at and updated-at (updated-at: now when
 * unset); HLC and device id are fresh.  @progress (nullable) and @cancellable are
 * looked at every 256 entries; cancelled: rolled back, G_IO_ERROR_CANCELLED.
 * @n_added, @n_existing: (out) (optional): entries inserted / already there. */
gboolean       kindred_store_import               (KindredStore         *self,
                                                   GPtrArray            *strategies,
                                                   GPtrArray            *entries,
                                                   GCancellable         *cancellable,
                                                   KindredStoreProgressFunc progress,
                                                   gpointer              progress_data,
                                                   guint                *n_added,
                                                   guint                *n_existing,
                                                   GError              **error);
/* (transfer full) (nullable): NOT_FOUND for an unknown uuid; a tombstone comes back
 * with deleted=TRUE and no content. */
KindredEntry  *kindred_store_get_entry            (KindredStore         *self,
                                                   const char           *uuid,
                                                   GError              **error);
/* Makes the entry a tombstone: keeps uuid and stamps, erases text, tags and links. */
gboolean       kindred_store_delete_entry         (KindredStore         *self,
                                                   const char           *uuid,
                                                   GError              **error);
/* Live (not deleted) entries. */
guint          kindred_store_count_entries        (KindredStore         *self,
                                                   GError              **error);
/* Full-text search (FTS4 MATCH syntax over title, body and tags), newest first.
 * (transfer full): uuids. */
GPtrArray     *kindred_store_search               (KindredStore         *self,
                                                   const char           *query,
                                                   guint                 limit,
                                                   GError              **error);
/* Plain words typed by a person → a safe FTS4 query for kindred_store_search():
 * each word a quoted prefix term (`"word1*" "word2*"`), all required; quotes and
 * operators lose their meaning.  (transfer full) (nullable): NULL when no word. */
char          *kindred_store_build_match_query    (const char           *user_text);
/* Keyset page of live entries, newest first: those strictly older than
 * (@before_created_at, @before_uuid), or the newest when @before_uuid is NULL.
 * (transfer full): KindredEntry objects. */
GPtrArray     *kindred_store_list_entries         (KindredStore         *self,
                                                   gint64                before_created_at,
                                                   const char           *before_uuid,
                                                   guint                 limit,
                                                   GError              **error);
/* Merges deleted words out of the full-text index (FTS4 optimize); slow on a big
 * journal, so run after deletes from a worker, not on every delete. */
gboolean       kindred_store_optimize_index       (KindredStore         *self,
                                                   GError              **error);

/* Search and filters.  The same keyset order and paging as list_entries; @filter
 * NULL or empty lists every live entry.  (transfer full): KindredEntry objects. */
GPtrArray     *kindred_store_list_entries_filtered (KindredStore        *self,
                                                   KindredEntryFilter   *filter,
                                                   gint64                before_created_at,
                                                   const char           *before_uuid,
                                                   guint                 limit,
                                                   GError              **error);
guint          kindred_store_count_entries_filtered (KindredStore       *self,
                                                   KindredEntryFilter   *filter,
                                                   GError              **error);
/* Trigger tags used before, most used first, for completion: those starting with
 * @prefix (ASCII case ignored; NULL or "" for all).  @limit 0: no limit.
 * (transfer full): a NULL-terminated array, empty when none. */
char         **kindred_store_list_triggers        (KindredStore         *self,
                                                   const char           *prefix,
                                                   guint                 limit,
                                                   GError              **error);
/* The calendar: one KindredDayMood per local day (the process time zone) touched by
 * [@from, @to), ascending, days without entries included (count 0).  Only entries
 * inside [@from, @to) count.  (transfer full) (element-type KindredDayMood). */
GArray        *kindred_store_get_day_moods        (KindredStore         *self,
                                                   GDateTime            *from,
                                                   GDateTime            *to,
                                                   GError              **error);

/* Strategies.  Every write is one transaction with its own HLC stamp and emits
 * "strategies-changed".
 * add_strategy: the library seeder's call; inserts, or for an existing uuid updates
 * name, category, description and builtin (never archived), and writes nothing
 * (no new stamp) when they are already so. */
gboolean       kindred_store_add_strategy         (KindredStore         *self,
                                                   const char           *uuid,
                                                   const char           *name,
                                                   const char           *category,
                                                   const char           *description,
                                                   gboolean              builtin,
                                                   GError              **error);
/* Sorted by category, then name.  (transfer full) (element-type KindredStrategy). */
GPtrArray     *kindred_store_list_strategies      (KindredStore         *self,
                                                   gboolean              include_archived,
                                                   GError              **error);
/* (transfer full) (nullable): NOT_FOUND for an unknown uuid. */
KindredStrategy *kindred_store_get_strategy       (KindredStore         *self,
                                                   const char           *uuid,
                                                   GError              **error);
/* Inserts or updates by uuid every field (name must not be empty); writes the
 * stamps (created-at, updated-at, hlc) back onto @strategy. */
gboolean       kindred_store_save_strategy        (KindredStore         *self,
                                                   KindredStrategy      *strategy,
                                                   GError              **error);
/* Archiving hides a strategy from pickers; the entries that used it keep their
 * links (and their stats).  NOT_FOUND for an unknown uuid. */
gboolean       kindred_store_archive_strategy     (KindredStore         *self,
                                                   const char           *uuid,
                                                   gboolean              archived,
                                                   GError              **error);
/* How many live entries used it, and how much it helped on average (0–4; 0 when
 * never used).  NOT_FOUND for an unknown uuid. */
gboolean       kindred_store_get_strategy_stats   (KindredStore         *self,
                                                   const char           *uuid,
                                                   guint                *uses,
                                                   double               *average_helped,
                                                   GError              **error);

/* Settings that live in the journal (not GSettings: they are private). */
char          *kindred_store_dup_setting          (KindredStore         *self,
                                                   const char           *key);
gboolean       kindred_store_set_setting          (KindredStore         *self,
                                                   const char           *key,
                                                   const char           *value,
                                                   GError              **error);

G_END_DECLS

/* kindred-store-private.h: what the store's own files (and its tests) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "store/kindred-entry.h"
#include "store/kindred-hlc.h"
#include "store/kindred-store.h"

G_BEGIN_DECLS

/* Times in the database (created_at, updated_at) are microseconds since the Unix
 * epoch, UTC: GDateTime's own precision, so an entry reads back exactly as saved.
 * HLC stamps are milliseconds << 16 (see kindred-hlc.h). */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* kindred-schema.c */
int       _kindred_store_read_user_version     (sqlite3       *db,
                                                GError       **error);
/* Applies every migration after the file's user_version, each in its own
 * transaction.  NEWER_SCHEMA (without writing) for a file from a newer Kindred. */
gboolean  _kindred_store_migrate               (sqlite3       *db,
                                                GError       **error);

/* kindred-store.c */
gboolean  _kindred_store_exec                  (sqlite3       *db,
                                                const char    *sql,
                                                GError       **error);
void      _kindred_store_set_error             (GError       **error,
                                                sqlite3       *db,
                                                int            rc,
                                                const char    *what);
/* Positional page for the list model when no neighbouring key is known. */
GPtrArray *_kindred_store_list_entries_at      (KindredStore  *self,
                                                guint          offset,
                                                guint          limit,
                                                GError       **error);
/* The same with a filter (nullable); also for the list model's jumps. */
GPtrArray *_kindred_store_list_entries_filtered_at (KindredStore       *self,
                                                    KindredEntryFilter *filter,
                                                    guint               offset,
                                                    guint               limit,
                                                    GError            **error);
/* Whether the live entry @uuid passes @filter (nullable).  FALSE with no error for
 * a tombstone or an unknown uuid. */
gboolean   _kindred_store_entry_matches            (KindredStore       *self,
                                                    KindredEntryFilter *filter,
                                                    const char         *uuid,
                                                    GError            **error);
/* Tests only: the query plan of the filtered list (first page) as text lines. */
char      *_kindred_store_explain_filtered         (KindredStore       *self,
                                                    KindredEntryFilter *filter,
                                                    gboolean            count);
/* Tests only: makes the file look as if a newer Kindred wrote it. */
gboolean  _kindred_store_set_user_version      (KindredStore  *self,
                                                int            version,
                                                GError       **error);

/* kindred-entry.c */
/* A deep copy, for saving a snapshot on a worker while the editor goes on. */
KindredEntry *_kindred_entry_copy              (KindredEntry  *self);
gint64        _kindred_entry_get_created_at_us (KindredEntry  *self);
/* Filling an entry from the database: no "changed" (no one listens yet, and
 * autosave must not take a load for an edit). */
void          _kindred_entry_freeze_changed    (KindredEntry  *self);
void          _kindred_entry_thaw_changed      (KindredEntry  *self);
/* The store fills it from entries.conflict_of (schema v5, sync). */
void          _kindred_entry_set_conflict_of   (KindredEntry  *self,
                                                const char    *conflict_of);

/* Signals go to @context, run at once on @home: for a store opened in a worker on
 * behalf of an object that lives on @home (KindredJournal). */
void _kindred_store_set_home (KindredStore *self,
                              GMainContext *context,
                              GThread      *home);

/* kindred-store.c: runs @func with the connection under the store's lock (LOCKED
 * when closed).  For read-only aggregates outside the store (insights). */
gboolean _kindred_store_read (KindredStore  *self,
                              gboolean     (*func) (sqlite3  *db,
                                                    gpointer  data,
                                                    GError  **error),
                              gpointer       data,
                              GError       **error);

/* kindred-store.c: runs @func inside one write transaction under the store's lock;
 * commit when it returns TRUE, roll back otherwise.  For the modules that keep their
 * own tables in the journal (groups/, sync/).  @reset: emit "entries-reset" after
 * the commit.  Inside @func, _kindred_store_next_stamp() hands out fresh HLC stamps
 * (saved as the journal's last stamp at commit) and _kindred_store_receive_stamp()
 * moves the clock past a stamp seen from elsewhere. */
gboolean   _kindred_store_write        (KindredStore  *self,
                                        gboolean     (*func) (sqlite3  *db,
                                                              gpointer  data,
                                                              GError  **error),
                                        gpointer       data,
                                        gboolean       reset,
                                        GError       **error);
KindredHlc _kindred_store_next_stamp    (void);
KindredHlc _kindred_store_receive_stamp (KindredHlc     seen);

G_END_DECLS

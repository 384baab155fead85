/* kindred-store-sync.h: the journal as sync records, and merging another device's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the core: sync/ reads and writes the journal through these calls only,
 * and the tests use them to compare journals.  The record format and the merge
 * rules are documented in envelope/FORMATS.md ("Sync"); the why of each rule is in
 * kindred-store-sync.c.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "store/kindred-hlc.h"
#include "store/kindred-store.h"

G_BEGIN_DECLS

/* Everything a merge changed, for the run's summary. */
typedef struct
{
  guint    added;       /* entries new to this journal (or brought back) */
  guint    updated;     /* entries whose content changed */
  guint    deleted;     /* entries made tombstones */
  guint    conflicts;   /* conflict copies made */
  guint    other;       /* strategies, safety plan, contacts */
  gboolean entries_changed;     /* rows a list shows */
  gboolean strategies_changed;
  gboolean journal_changed;     /* anything at all, what sync keeps beside rows too */
} KindredSyncCounts;

/* A parsed, checked set of records from one device's file (opaque). */
typedef struct _KindredSyncBatch KindredSyncBatch;

/* The journal's whole synced state as JSON lines (one record a line, in the order
 * the merge wants them), appended to @out.  @hwm: the highest stamp in it.  The
 * text is the person's: the caller wipes @out when done.  One read under the
 * store's lock. */
gboolean          _kindred_store_sync_export      (KindredStore       *store,
                                                   GString            *out,
                                                   KindredHlc         *hwm,
                                                   guint              *n_records,
                                                   GError            **error);

/* Parses and checks @len bytes of JSON lines (as written by export).  Nothing is
 * written; a record that does not pass fails the whole batch with a
 * KINDRED_ENVELOPE_ERROR_MALFORMED naming the line, never its content.
 * (transfer full) */
KindredSyncBatch *_kindred_sync_batch_parse       (const char         *data,
                                                   gsize               len,
                                                   GError            **error);
void              _kindred_sync_batch_free        (KindredSyncBatch   *batch);
/* The records before the closing "end" one, unknown kinds included. */
guint             _kindred_sync_batch_get_n_records (KindredSyncBatch *batch);
KindredHlc        _kindred_sync_batch_get_hwm     (KindredSyncBatch   *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredSyncBatch, _kindred_sync_batch_free)

/* Merges @batch in one transaction (all of it or nothing), moving the journal's
 * clock past every stamp in it.  @seen_key/@seen_value (nullable): a settings row
 * written in the same transaction (which generation of which file was merged).
 * Emits no signal: the caller does ("entries-reset", "strategies-changed"). */
gboolean          _kindred_store_sync_merge       (KindredStore       *store,
                                                   KindredSyncBatch   *batch,
                                                   const char         *seen_key,
                                                   const char         *seen_value,
                                                   KindredSyncCounts  *counts,
                                                   GError            **error);

/* Conflict copies (live, conflict_of set), newest first.  (transfer full): uuids. */
GPtrArray        *_kindred_store_sync_list_conflicts (KindredStore    *store,
                                                   GError            **error);
/* Keeps a conflict copy as an entry of its own: clears conflict_of with a fresh
 * stamp, so every device does the same.  NOT_FOUND for an unknown uuid or an
 * entry that is not a conflict copy. */
gboolean          _kindred_store_sync_keep_copy   (KindredStore       *store,
                                                   const char         *uuid,
                                                   GError            **error);

/* The uuid of the conflict copy of version (@hlc, @device) of entry @original:
 * the same on every device, so copies made apart are one entry. */
void              _kindred_sync_copy_uuid         (const char         *original,
                                                   KindredHlc          hlc,
                                                   const char         *device,
                                                   char                out[37]);

/* Tests: the versions entry row @uuid stands for, its own and its aliases (same
 * content), as "<device>=<hlc>".  (transfer full) (nullable): NULL when there is
 * no such row. */
GPtrArray        *_kindred_store_sync_row_dots    (KindredStore       *store,
                                                   const char         *uuid,
                                                   GError            **error);

/* Tests: the synced state in a canonical text (sorted, no row ids, no local
 * settings), equal on two devices exactly when they hold the same journal.  The
 * person's text is in it: tests only. (transfer full) */
char             *_kindred_store_sync_dump        (KindredStore       *store,
                                                   gboolean            with_lineage,
                                                   GError            **error);

G_END_DECLS

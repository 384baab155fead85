/* kindred-entry-list.h: a paged GListModel of the journal, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "store/kindred-store.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_ENTRY_LIST (kindred_entry_list_get_type ())
G_DECLARE_FINAL_TYPE (KindredEntryList, kindred_entry_list, KINDRED, ENTRY_LIST, GObject)

/* Implements GListModel of KindredEntry.  Rows are fetched a page at a time with
 * keyset pagination and only a few pages are cached, so a 50,000-entry journal is
 * never loaded whole.  Follows the store's "entry-changed"/"entries-reset" signals:
 * an edit that leaves an entry where it was (same time, still passing the filter)
 * replaces that one row (items-changed (p, 1, 1)); anything else reloads all.
 * Property "filter" (KindredEntryFilter, nullable): only the entries that pass it;
 * the list reloads on the filter's "changed". */
KindredEntryList *kindred_entry_list_new       (KindredStore     *store);
KindredStore     *kindred_entry_list_get_store (KindredEntryList *self);
void              kindred_entry_list_set_filter (KindredEntryList   *self,
                                                 KindredEntryFilter *filter);
KindredEntryFilter *kindred_entry_list_get_filter (KindredEntryList *self);
/* Drops the cache and re-counts; emits items-changed. */
void              kindred_entry_list_reload    (KindredEntryList *self);

G_END_DECLS

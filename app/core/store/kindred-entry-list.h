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
 * never loaded whole.  Follows the store's "entry-changed"/"entries-reset" signals. */
KindredEntryList *kindred_entry_list_new       (KindredStore     *store);
KindredStore     *kindred_entry_list_get_store (KindredEntryList *self);
/* Drops the cache and re-counts; emits items-changed. */
void              kindred_entry_list_reload    (KindredEntryList *self);

G_END_DECLS

/* kindred-entry-row.h: one entry in the journal list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

/* A run of bytes in a string: [start, end). */
typedef struct
{
  guint start;
  guint end;
} KindredTextRange;

#define KINDRED_TYPE_ENTRY_ROW (kindred_entry_row_get_type ())
G_DECLARE_FINAL_TYPE (KindredEntryRow, kindred_entry_row, KINDRED, ENTRY_ROW, GtkWidget)

GtkWidget    *kindred_entry_row_new         (void);
/* (nullable): rows are recycled, so the entry changes as the list scrolls. */
KindredEntry *kindred_entry_row_get_entry   (KindredEntryRow *self);
void          kindred_entry_row_set_entry   (KindredEntryRow *self,
                                             KindredEntry    *entry);
/* The text shown for the entry (its first line); for tests. */
const char   *kindred_entry_row_get_summary (KindredEntryRow *self);

/* The entry shown just above this one (NULL for the first row): the row carries a
 * day header when its entry is the first of its day. */
void          kindred_entry_row_set_previous   (KindredEntryRow *self,
                                                KindredEntry    *previous);
/* (nullable): the day header shown, or NULL when the row has none. */
const char   *kindred_entry_row_get_day_header (KindredEntryRow *self);
/* The words being searched for, highlighted in the summary (NULL for none). */
void          kindred_entry_row_set_highlight  (KindredEntryRow *self,
                                                const char      *words);
/* uuid → name of the journal's strategies, for the chips. Shared, not copied: call
 * kindred_entry_row_refresh() after changing it. */
void          kindred_entry_row_set_strategy_names (KindredEntryRow *self,
                                                    GHashTable      *names);
void          kindred_entry_row_refresh        (KindredEntryRow *self);
/* TRUE when the row shows the "Copy from another device" badge (its entry is a
 * conflict copy sync kept). */
gboolean      kindred_entry_row_get_shows_conflict (KindredEntryRow *self);
/* Marks the row whose entry is open in the editor (CSS class "current"). */
void          kindred_entry_row_set_current    (KindredEntryRow *self,
                                                gboolean         current);

/* The header above an entry written at @created_at when the entry above it was
 * written at @previous (NULL: none above): "Today", "Yesterday", "Tuesday 3 March",
 * "Tuesday 3 March 2025"; NULL when both fall on the same local day.
 * (transfer full) (nullable) */
char         *kindred_entry_row_dup_day_header (GDateTime       *created_at,
                                                GDateTime       *previous,
                                                GDateTime       *now);
/* Where in @text the words of @words match the start of a word, as FTS4 prefix
 * search does (case and accents ignored): whole words, byte offsets, in order.
 * (transfer full) (element-type KindredTextRange) */
GArray       *kindred_text_find_matches        (const char      *text,
                                                const char      *words);

G_END_DECLS

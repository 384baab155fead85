/* kindred-entry-row.h: one entry in the journal list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_ENTRY_ROW (kindred_entry_row_get_type ())
G_DECLARE_FINAL_TYPE (KindredEntryRow, kindred_entry_row, KINDRED, ENTRY_ROW, GtkWidget)

GtkWidget    *kindred_entry_row_new         (void);
/* (nullable): rows are recycled, so the entry changes as the list scrolls. */
KindredEntry *kindred_entry_row_get_entry   (KindredEntryRow *self);
void          kindred_entry_row_set_entry   (KindredEntryRow *self,
                                             KindredEntry    *entry);
/* The text shown for the entry (its first line); for tests. */
const char   *kindred_entry_row_get_summary (KindredEntryRow *self);

G_END_DECLS

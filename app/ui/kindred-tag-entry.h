/* kindred-tag-entry.h: the triggers of an entry, as free tags with completion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_TAG_ENTRY (kindred_tag_entry_get_type ())
G_DECLARE_FINAL_TYPE (KindredTagEntry, kindred_tag_entry, KINDRED, TAG_ENTRY, GtkWidget)

/* Shows the triggers of an entry as removable chips above a text field: Enter or a
 * comma turns what is typed into a chip, and the field completes from the triggers
 * used before (kindred_store_list_triggers).  Every change is written straight into
 * the entry. */

GtkWidget          *kindred_tag_entry_new               (void);
void                kindred_tag_entry_set_entry         (KindredTagEntry *self,
                                                         KindredEntry    *entry);
/* Where completions come from; read again by kindred_tag_entry_reload(). */
void                kindred_tag_entry_set_store         (KindredTagEntry *self,
                                                         KindredStore    *store);
void                kindred_tag_entry_reload            (KindredTagEntry *self);

/* The widgets a person uses, so tests can drive them as a person would.
 * (transfer none) (nullable) */
GtkEntry           *kindred_tag_entry_get_text_entry    (KindredTagEntry *self);
GtkButton          *kindred_tag_entry_get_remove_button (KindredTagEntry *self,
                                                         const char      *tag);

G_END_DECLS

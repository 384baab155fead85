/* kindred-entry-editor.h: writing one entry (mood and text, for now)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_ENTRY_EDITOR (kindred_entry_editor_get_type ())
G_DECLARE_FINAL_TYPE (KindredEntryEditor, kindred_entry_editor, KINDRED, ENTRY_EDITOR, GtkWidget)

/* Signal "changed": the person changed the mood or the text (written through to the
 * entry's properties already). */

GtkWidget       *kindred_entry_editor_new             (void);
/* (nullable) (transfer none) */
KindredEntry    *kindred_entry_editor_get_entry       (KindredEntryEditor *self);
/* Shows @entry and writes every change into it. NULL clears the editor. */
void             kindred_entry_editor_set_entry       (KindredEntryEditor *self,
                                                       KindredEntry       *entry);
/* TRUE when there is something worth saving: a mood or some text. */
gboolean         kindred_entry_editor_has_content     (KindredEntryEditor *self);
void             kindred_entry_editor_focus_text      (KindredEntryEditor *self);

/* The widgets a person uses, so tests can drive them as a person would. */
GtkToggleButton *kindred_entry_editor_get_mood_button (KindredEntryEditor *self,
                                                       int                 mood);
GtkTextView     *kindred_entry_editor_get_text_view   (KindredEntryEditor *self);

G_END_DECLS

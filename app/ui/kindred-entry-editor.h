/* kindred-entry-editor.h: writing one entry: mood, title, text, feelings, triggers,
 * strategies and its time, saved as the person goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"
#include "kindred-datetime-button.h"
#include "kindred-emotion-picker.h"
#include "kindred-strategy-picker.h"
#include "kindred-tag-entry.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_ENTRY_EDITOR (kindred_entry_editor_get_type ())
G_DECLARE_FINAL_TYPE (KindredEntryEditor, kindred_entry_editor, KINDRED, ENTRY_EDITOR, GtkWidget)

/* Signal "changed": the person changed something (written through to the entry's
 * properties already).
 * Signal "close-requested": the person is done with this entry (Back / Done).
 * Property "save-state" (KindredSaveState): for the quiet "Saved" indication.
 * Delete activates the action "win.delete-entry" with the entry's uuid (a string
 * parameter): the window deletes it and offers Undo. */

typedef enum
{
  KINDRED_SAVE_STATE_SAVED,    /* nothing pending (or nothing to save yet) */
  KINDRED_SAVE_STATE_PENDING,  /* changed; an autosave is scheduled */
  KINDRED_SAVE_STATE_SAVING,
  KINDRED_SAVE_STATE_FAILED,   /* the last save failed; the text is still here */
} KindredSaveState;

#define KINDRED_TYPE_SAVE_STATE (kindred_save_state_get_type ())
GType kindred_save_state_get_type (void);

GtkWidget       *kindred_entry_editor_new             (void);
/* (nullable) (transfer none) */
KindredEntry    *kindred_entry_editor_get_entry       (KindredEntryEditor *self);
/* Shows @entry and writes every change into it. NULL clears the editor. */
void             kindred_entry_editor_set_entry       (KindredEntryEditor *self,
                                                       KindredEntry       *entry);
/* The store the editor saves to (debounced autosave, one transaction per save), reads
 * strategies and trigger completions from. NULL stops saving. */
void             kindred_entry_editor_set_store       (KindredEntryEditor *self,
                                                       KindredStore       *store);
/* Saves a pending change now, synchronously (closing, locking). TRUE when nothing is
 * left unsaved. */
gboolean         kindred_entry_editor_save_now        (KindredEntryEditor *self,
                                                       GError            **error);
KindredSaveState kindred_entry_editor_get_save_state  (KindredEntryEditor *self);

/* TRUE when there is something worth saving: a mood, a title, some text, or a
 * feeling, trigger or strategy (a time alone is not an entry). */
gboolean         kindred_entry_editor_has_content     (KindredEntryEditor *self);
void             kindred_entry_editor_focus_text      (KindredEntryEditor *self);

/* The widgets a person uses, so tests can drive them as a person would. */
GtkToggleButton *kindred_entry_editor_get_mood_button (KindredEntryEditor *self,
                                                       int                 mood);
GtkTextView     *kindred_entry_editor_get_text_view   (KindredEntryEditor *self);
GtkEditable           *kindred_entry_editor_get_title_entry     (KindredEntryEditor *self);
KindredDatetimeButton *kindred_entry_editor_get_datetime_button (KindredEntryEditor *self);
KindredEmotionPicker  *kindred_entry_editor_get_emotion_picker  (KindredEntryEditor *self);
KindredTagEntry       *kindred_entry_editor_get_tag_entry       (KindredEntryEditor *self);
KindredStrategyPicker *kindred_entry_editor_get_strategy_picker (KindredEntryEditor *self);
GtkButton             *kindred_entry_editor_get_delete_button   (KindredEntryEditor *self);
GtkButton             *kindred_entry_editor_get_done_button     (KindredEntryEditor *self);
GtkLabel              *kindred_entry_editor_get_status_label    (KindredEntryEditor *self);
/* Sync's conflict copies: the banner (shown for a copy) and its two buttons,
 * "Keep as Its Own Entry" (win.keep-conflict-copy with the uuid) and "Discard This
 * Copy" (a delete, win.delete-entry, with Undo). */
GtkWidget             *kindred_entry_editor_get_conflict_banner     (KindredEntryEditor *self);
GtkButton             *kindred_entry_editor_get_keep_copy_button    (KindredEntryEditor *self);
GtkButton             *kindred_entry_editor_get_discard_copy_button (KindredEntryEditor *self);

/* Shows "Share with a group…" (in the "More" menu), which activates
 * "win.share-entry" with the entry's uuid after saving it: TRUE while there is a
 * group to share with. */
void                   kindred_entry_editor_set_can_share       (KindredEntryEditor *self,
                                                                 gboolean            can_share);

G_END_DECLS

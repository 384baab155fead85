/* kindred-emotion-picker.h: the emotions of an entry, each with an intensity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_EMOTION_PICKER (kindred_emotion_picker_get_type ())
G_DECLARE_FINAL_TYPE (KindredEmotionPicker, kindred_emotion_picker, KINDRED, EMOTION_PICKER, GtkWidget)

/* Shows the emotions of an entry as chips (name, intensity 1–5, remove) and an
 * "Add feelings" popover with the curated list in its groups.  Every change is
 * written straight into the entry (kindred_entry_set_emotion); the picker follows
 * the entry's "changed" signal.  Ids not in the curated list (imports) are shown
 * as they are. */

GtkWidget       *kindred_emotion_picker_new               (void);
void             kindred_emotion_picker_set_entry         (KindredEmotionPicker *self,
                                                           KindredEntry         *entry);

/* The widgets a person uses, so tests can drive them as a person would.
 * (transfer none) (nullable) */
GtkMenuButton   *kindred_emotion_picker_get_add_button    (KindredEmotionPicker *self);
GtkToggleButton *kindred_emotion_picker_get_choice        (KindredEmotionPicker *self,
                                                           const char           *emotion);
GtkRange        *kindred_emotion_picker_get_intensity     (KindredEmotionPicker *self,
                                                           const char           *emotion);
GtkButton       *kindred_emotion_picker_get_remove_button (KindredEmotionPicker *self,
                                                           const char           *emotion);
/* The chip showing @emotion (it carries "Anxious, intensity 3 of 5" as its
 * accessible label). */
GtkWidget       *kindred_emotion_picker_get_chip          (KindredEmotionPicker *self,
                                                           const char           *emotion);

G_END_DECLS

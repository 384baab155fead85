/* kindred-entry.h: one journal entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KINDRED_MOOD_NONE 0
#define KINDRED_MOOD_MIN  1
#define KINDRED_MOOD_MAX  5

#define KINDRED_INTENSITY_MIN 1
#define KINDRED_INTENSITY_MAX 5

#define KINDRED_HELPED_MIN 0 /* not at all */
#define KINDRED_HELPED_MAX 4 /* a lot */

#define KINDRED_TYPE_ENTRY (kindred_entry_get_type ())
G_DECLARE_FINAL_TYPE (KindredEntry, kindred_entry, KINDRED, ENTRY, GObject)

/* Properties: "uuid" (construct-only; a new v4 uuid when NULL), "created-at"
 * (GDateTime, defaults to now), "updated-at" (GDateTime, nullable), "hlc" (guint64),
 * "device-id", "mood" (0 = not set, 1–5), "title", "body", "deleted", "conflict-of"
 * (read-only, nullable).
 * Signal "changed": any field, including emotions, triggers and strategies, changed
 * through a setter (the editor's autosave listens to it).  The stamps a save writes
 * back (updated-at, hlc, device-id) only notify their property: "changed" there would
 * make an autosave save again after every save.
 * Times in the database are microseconds since the epoch (UTC). */

KindredEntry       *kindred_entry_new                  (void);
KindredEntry       *kindred_entry_new_with_uuid        (const char         *uuid);

const char         *kindred_entry_get_uuid             (KindredEntry       *self);
GDateTime          *kindred_entry_get_created_at       (KindredEntry       *self);
void                kindred_entry_set_created_at       (KindredEntry       *self,
                                                        GDateTime          *created_at);
GDateTime          *kindred_entry_get_updated_at       (KindredEntry       *self);
void                kindred_entry_set_updated_at       (KindredEntry       *self,
                                                        GDateTime          *updated_at);
guint64             kindred_entry_get_hlc              (KindredEntry       *self);
void                kindred_entry_set_hlc              (KindredEntry       *self,
                                                        guint64             hlc);
const char         *kindred_entry_get_device_id        (KindredEntry       *self);
void                kindred_entry_set_device_id        (KindredEntry       *self,
                                                        const char         *device_id);
int                 kindred_entry_get_mood             (KindredEntry       *self);
void                kindred_entry_set_mood             (KindredEntry       *self,
                                                        int                 mood);
const char         *kindred_entry_get_title            (KindredEntry       *self);
void                kindred_entry_set_title            (KindredEntry       *self,
                                                        const char         *title);
const char         *kindred_entry_get_body             (KindredEntry       *self);
void                kindred_entry_set_body             (KindredEntry       *self,
                                                        const char         *body);
gboolean            kindred_entry_get_deleted          (KindredEntry       *self);
void                kindred_entry_set_deleted          (KindredEntry       *self,
                                                        gboolean            deleted);
/* (nullable): for a conflict copy that sync made (two devices edited the entry
 * without having seen each other's change), the uuid of the original entry; NULL
 * for every other entry.  Read-only property "conflict-of"; see kindred-sync.h for
 * resolving a copy. */
const char         *kindred_entry_get_conflict_of      (KindredEntry       *self);

/* Emotions, in the order they were added. Setting an intensity of 0 removes one. */
guint               kindred_entry_get_n_emotions       (KindredEntry       *self);
const char         *kindred_entry_get_emotion          (KindredEntry       *self,
                                                        guint               position,
                                                        int                *intensity);
int                 kindred_entry_get_emotion_intensity (KindredEntry      *self,
                                                        const char         *emotion);
void                kindred_entry_set_emotion          (KindredEntry       *self,
                                                        const char         *emotion,
                                                        int                 intensity);

/* Triggers: free tags, kept unique (case-insensitively) and in order. */
const char * const *kindred_entry_get_triggers         (KindredEntry       *self);
void                kindred_entry_set_triggers         (KindredEntry       *self,
                                                        const char * const *triggers);
void                kindred_entry_add_trigger          (KindredEntry       *self,
                                                        const char         *trigger);

/* Strategies used, by strategy uuid, with how much each helped (0–4).
 * A helped value of -1 removes one. */
guint               kindred_entry_get_n_strategies     (KindredEntry       *self);
const char         *kindred_entry_get_strategy         (KindredEntry       *self,
                                                        guint               position,
                                                        int                *helped);
void                kindred_entry_set_strategy         (KindredEntry       *self,
                                                        const char         *strategy_uuid,
                                                        int                 helped);

/* The first non-empty line of the body (or the title), for list rows. (transfer full) */
char               *kindred_entry_dup_summary          (KindredEntry       *self);

G_END_DECLS

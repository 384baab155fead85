/* kindred-entry-filter.h: what the journal list shows (search words and filters)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_ENTRY_FILTER (kindred_entry_filter_get_type ())
G_DECLARE_FINAL_TYPE (KindredEntryFilter, kindred_entry_filter, KINDRED, ENTRY_FILTER, GObject)

/* Properties:
 *   "text" (nullable): the words a person typed; every word must match the start of
 *     a word in the title, body or triggers (see kindred_store_build_match_query())
 *   "mood-min", "mood-max" (0–5; 0 = any): entries without a mood never match a
 *     mood bound
 *   "emotion" (nullable): an emotion id the entry has
 *   "trigger" (nullable): a trigger tag the entry has (ASCII case does not matter)
 *   "strategy" (nullable): the uuid of a strategy the entry used
 *   "from", "to" (gint64, µs since the epoch, UTC; 0 = open): created-at in
 *     [from, to)
 * Signal "changed": once per change, also when many properties change at once
 * inside g_object_freeze_notify()/thaw (kindred_entry_filter_clear() does). */

KindredEntryFilter *kindred_entry_filter_new          (void);

const char         *kindred_entry_filter_get_text     (KindredEntryFilter *self);
void                kindred_entry_filter_set_text     (KindredEntryFilter *self,
                                                       const char         *text);
int                 kindred_entry_filter_get_mood_min (KindredEntryFilter *self);
void                kindred_entry_filter_set_mood_min (KindredEntryFilter *self,
                                                       int                 mood_min);
int                 kindred_entry_filter_get_mood_max (KindredEntryFilter *self);
void                kindred_entry_filter_set_mood_max (KindredEntryFilter *self,
                                                       int                 mood_max);
const char         *kindred_entry_filter_get_emotion  (KindredEntryFilter *self);
void                kindred_entry_filter_set_emotion  (KindredEntryFilter *self,
                                                       const char         *emotion);
const char         *kindred_entry_filter_get_trigger  (KindredEntryFilter *self);
void                kindred_entry_filter_set_trigger  (KindredEntryFilter *self,
                                                       const char         *trigger);
const char         *kindred_entry_filter_get_strategy (KindredEntryFilter *self);
void                kindred_entry_filter_set_strategy (KindredEntryFilter *self,
                                                       const char         *strategy_uuid);
gint64              kindred_entry_filter_get_from     (KindredEntryFilter *self);
void                kindred_entry_filter_set_from     (KindredEntryFilter *self,
                                                       gint64              from_us);
gint64              kindred_entry_filter_get_to       (KindredEntryFilter *self);
void                kindred_entry_filter_set_to       (KindredEntryFilter *self,
                                                       gint64              to_us);

/* TRUE when the filter lets every entry through (no words, no condition). */
gboolean            kindred_entry_filter_is_empty     (KindredEntryFilter *self);
/* Everything back to "any", with one "changed". */
void                kindred_entry_filter_clear        (KindredEntryFilter *self);

/* The filter's search words as an FTS4 query. (transfer full) (nullable): NULL when
 * there is no word to search for. */
char               *kindred_entry_filter_dup_match_query (KindredEntryFilter *self);

G_END_DECLS

/* kindred-strategy.h: one coping strategy (built in or the user's own)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_STRATEGY (kindred_strategy_get_type ())
G_DECLARE_FINAL_TYPE (KindredStrategy, kindred_strategy, KINDRED, STRATEGY, GObject)

/* Properties: "uuid" (construct-only; a new v4 uuid when NULL), "name",
 * "category" (nullable; one of the library's category ids), "description"
 * (nullable), "steps" (GStrv, nullable: what to do, in order; a step is one line,
 * so a line break inside one becomes a space), "minutes-min", "minutes-max"
 * (roughly how long, as the library has it; 0 when not said), "when" (nullable:
 * when it may help), "builtin" (from the bundled library), "archived" (hidden from
 * pickers; entries keep their links), "created-at", "updated-at" (GDateTime,
 * nullable until saved), "hlc" (guint64).
 * A built-in strategy's steps, minutes and when come from the library, translated;
 * these are the person's own.
 * The store writes created-at, updated-at and hlc back on save. */

KindredStrategy    *kindred_strategy_new              (void);
KindredStrategy    *kindred_strategy_new_with_uuid    (const char         *uuid);

const char         *kindred_strategy_get_uuid         (KindredStrategy    *self);
const char         *kindred_strategy_get_name         (KindredStrategy    *self);
void                kindred_strategy_set_name         (KindredStrategy    *self,
                                                       const char         *name);
const char         *kindred_strategy_get_category     (KindredStrategy    *self);
void                kindred_strategy_set_category     (KindredStrategy    *self,
                                                       const char         *category);
const char         *kindred_strategy_get_description  (KindredStrategy    *self);
void                kindred_strategy_set_description  (KindredStrategy    *self,
                                                       const char         *description);
/* (transfer none) (nullable): NULL or a non-empty array */
const char * const *kindred_strategy_get_steps        (KindredStrategy    *self);
void                kindred_strategy_set_steps        (KindredStrategy    *self,
                                                       const char * const *steps);
guint               kindred_strategy_get_minutes_min  (KindredStrategy    *self);
guint               kindred_strategy_get_minutes_max  (KindredStrategy    *self);
/* @minutes_max < @minutes_min is taken as @minutes_min (one length, not a range) */
void                kindred_strategy_set_minutes      (KindredStrategy    *self,
                                                       guint               minutes_min,
                                                       guint               minutes_max);
const char         *kindred_strategy_get_when         (KindredStrategy    *self);
void                kindred_strategy_set_when         (KindredStrategy    *self,
                                                       const char         *when);
gboolean            kindred_strategy_get_builtin      (KindredStrategy    *self);
void                kindred_strategy_set_builtin      (KindredStrategy    *self,
                                                       gboolean            builtin);
gboolean            kindred_strategy_get_archived     (KindredStrategy    *self);
void                kindred_strategy_set_archived     (KindredStrategy    *self,
                                                       gboolean            archived);
GDateTime          *kindred_strategy_get_created_at   (KindredStrategy    *self);
void                kindred_strategy_set_created_at   (KindredStrategy    *self,
                                                       GDateTime          *created_at);
GDateTime          *kindred_strategy_get_updated_at   (KindredStrategy    *self);
void                kindred_strategy_set_updated_at   (KindredStrategy    *self,
                                                       GDateTime          *updated_at);
guint64             kindred_strategy_get_hlc          (KindredStrategy    *self);
void                kindred_strategy_set_hlc          (KindredStrategy    *self,
                                                       guint64             hlc);

G_END_DECLS

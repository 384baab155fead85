/* kindred-plan-private.h: what the safety plan and the contacts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "store/kindred-hlc.h"
#include "store/kindred-store.h"

G_BEGIN_DECLS

/* The root object of a stored document, after the size and depth checks.
 * (transfer full): DAMAGED when it is not a JSON object. */
JsonNode   *_kindred_plan_parse          (const char    *json,
                                          gssize         length,
                                          GError       **error);
/* A trimmed copy of a string node cut to KINDRED_PLAN_MAX_TEXT characters; NULL
 * for anything else or a blank string. */
char       *_kindred_plan_dup_text       (JsonNode      *node);
/* The string items of @array (nullable), trimmed, blank and non-string ones
 * skipped, at most KINDRED_PLAN_MAX_ITEMS. (transfer full): never NULL. */
char      **_kindred_plan_dup_strv       (JsonArray     *array);
/* The next stamp for a document of @store last stamped @previous: after the
 * journal's own clock and after @previous. */
KindredHlc  _kindred_plan_next_stamp     (KindredStore  *store,
                                          KindredHlc     previous);
/* Reads setting @key: (transfer full) (nullable); LOCKED when the store is closed. */
gboolean    _kindred_plan_read           (KindredStore  *store,
                                          const char    *key,
                                          char         **value,
                                          GError       **error);
/* Writes @value under @key; when @damaged, the old value is first kept under
 * "<key>-damaged" (unless one is kept already). */
gboolean    _kindred_plan_write          (KindredStore  *store,
                                          const char    *key,
                                          const char    *value,
                                          gboolean       damaged,
                                          GError       **error);

G_END_DECLS

/* kindred-strategy-library-private.h: what the library's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "library/kindred-strategy-info.h"

G_BEGIN_DECLS

/* Sets KINDRED_STRATEGY_LIBRARY_ERROR_INVALID naming @path; returns FALSE. */
gboolean             _kindred_strategy_library_set_invalid (GError     **error,
                                                            const char  *path);
/* Reads one member of "strategies" and checks what the C code relies on (the
 * category's existence is the library's check). (transfer full) (nullable) */
KindredStrategyInfo *_kindred_strategy_info_new_from_json  (JsonNode    *node,
                                                            const char  *where,
                                                            GError     **error);

G_END_DECLS

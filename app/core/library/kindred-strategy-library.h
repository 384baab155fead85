/* kindred-strategy-library.h: the built-in library of coping strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "library/kindred-strategy-info.h"
#include "store/kindred-store.h"

G_BEGIN_DECLS

#define KINDRED_STRATEGY_LIBRARY_ERROR (kindred_strategy_library_error_quark ())

/**
 * KindredStrategyLibraryError:
 * @KINDRED_STRATEGY_LIBRARY_ERROR_INVALID: the library data is not JSON, or not of
 *   the known format (a build error for the bundled file)
 */
typedef enum
{
  KINDRED_STRATEGY_LIBRARY_ERROR_INVALID,
} KindredStrategyLibraryError;

GQuark kindred_strategy_library_error_quark (void);

/**
 * KindredStrategyCategory:
 * @id: stable slug ("breathing")
 * @name: translated name
 * @description: translated description
 */
typedef struct
{
  char *id;
  char *name;
  char *description;
} KindredStrategyCategory;

#define KINDRED_TYPE_STRATEGY_LIBRARY (kindred_strategy_library_get_type ())
G_DECLARE_FINAL_TYPE (KindredStrategyLibrary, kindred_strategy_library, KINDRED, STRATEGY_LIBRARY, GObject)

/* Properties (read-only): "version" (int), "strategies" (GListModel of
 * KindredStrategyInfo, in file order). */

/* The library bundled in the core's GResource. (transfer full) */
KindredStrategyLibrary        *kindred_strategy_library_new              (GError                 **error);
/* The same from JSON bytes (tests). (transfer full) */
KindredStrategyLibrary        *kindred_strategy_library_new_from_bytes   (GBytes                  *bytes,
                                                                          GError                 **error);

int                            kindred_strategy_library_get_version      (KindredStrategyLibrary  *self);
guint                          kindred_strategy_library_get_n_categories (KindredStrategyLibrary  *self);
/* (transfer none) */
const KindredStrategyCategory *kindred_strategy_library_get_category     (KindredStrategyLibrary  *self,
                                                                          guint                    i);
/* (transfer none) (nullable) */
const KindredStrategyCategory *kindred_strategy_library_lookup_category  (KindredStrategyLibrary  *self,
                                                                          const char              *id);
/* (transfer none) */
GListModel                    *kindred_strategy_library_get_strategies   (KindredStrategyLibrary  *self);
/* The strategies of @category, in file order. (transfer full) */
GListModel                    *kindred_strategy_library_dup_category_strategies (KindredStrategyLibrary *self,
                                                                          const char              *category);
/* By uuid or slug. (transfer none) (nullable) */
KindredStrategyInfo           *kindred_strategy_library_lookup           (KindredStrategyLibrary  *self,
                                                                          const char              *id_or_slug);

/* Makes sure every built-in strategy is a row of @store's strategies table (by
 * uuid, builtin = 1), with its English name, category and description: the journal
 * does not depend on the locale, and the UI shows the translated text from the
 * library.  Safe to call on every unlock: a second call adds no rows.  One small
 * transaction per strategy; call it from a worker on a big journal. */
gboolean                       kindred_strategy_library_seed             (KindredStrategyLibrary  *self,
                                                                          KindredStore            *store,
                                                                          GError                 **error);

G_END_DECLS

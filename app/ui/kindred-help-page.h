/* kindred-help-page.h: "Get help now": the plan's people, local lines, emergency number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_HELP_PAGE (kindred_help_page_get_type ())
G_DECLARE_FINAL_TYPE (KindredHelpPage, kindred_help_page, KINDRED, HELP_PAGE, GtkWidget)

/* Works without a journal: the directory alone gives the local lines and the
 * emergency number.  With an open store, the safety plan's "people I can ask for
 * help" come first.  The country is the "country" setting (or the locale's). */

/* @directory: (nullable): NULL uses the app's shared directory. */
GtkWidget  *kindred_help_page_new           (KindredDirectory *directory);
/* @store: (nullable): the open journal, or NULL while it is locked. */
void        kindred_help_page_set_store     (KindredHelpPage  *self,
                                             KindredStore     *store);
KindredStore *kindred_help_page_get_store   (KindredHelpPage  *self);
/* Reads the plan and the directory again (done on every map, too). */
void        kindred_help_page_refresh       (KindredHelpPage  *self);
/* Scrolls back to the top (the page is reused). */
void        kindred_help_page_scroll_to_top (KindredHelpPage  *self);
/* (transfer none): "people_box", "people_list", "lines_heading", "lines_list",
 * "no_lines_label", "emergency_label", "country_box" (tests) */
GtkWidget  *kindred_help_page_lookup_widget (KindredHelpPage  *self,
                                             const char       *name);

G_END_DECLS

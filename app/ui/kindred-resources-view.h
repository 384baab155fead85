/* kindred-resources-view.h: the Resources view: directory, contacts, safety plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_RESOURCES_VIEW (kindred_resources_view_get_type ())
G_DECLARE_FINAL_TYPE (KindredResourcesView, kindred_resources_view, KINDRED, RESOURCES_VIEW, GtkWidget)

/* Property "results" (GListModel of KindredDirectoryEntry, read-only): the entries
 * shown, replaced (and notified) after every change of country, search or filter.
 * Actions: resources.show-plan, resources.add-contact, resources.import, and the
 * rows' directory.copy-number / directory.open-uri. */

/* @directory: (nullable): NULL uses the app's shared directory. */
GtkWidget    *kindred_resources_view_new           (KindredDirectory     *directory);
/* @store: (nullable): the open journal (contacts, safety plan), NULL while locked. */
void          kindred_resources_view_set_store     (KindredResourcesView *self,
                                                    KindredStore         *store);
KindredStore *kindred_resources_view_get_store     (KindredResourcesView *self);
/* (transfer none) */
GListModel   *kindred_resources_view_get_results   (KindredResourcesView *self);
/* What the file chooser of "Import directory update…" calls: installs a newer
 * directory and says so in a toast, or explains the refusal in a dialog. */
gboolean      kindred_resources_view_import_file   (KindredResourcesView *self,
                                                    GFile                *file);
/* Shows the safety plan page / the directory, scrolled to the top. */
void          kindred_resources_view_show_plan     (KindredResourcesView *self);
void          kindred_resources_view_show_directory (KindredResourcesView *self);
/* (transfer none) (nullable): the filter toggle of a kind id (tests) */
GtkWidget    *kindred_resources_view_get_kind_button (KindredResourcesView *self,
                                                      const char           *kind);
/* (transfer none): "stack", "emergency_label", "search_entry", "kinds_box",
 * "results_list", "country_box", "contacts_list", "contacts_locked_label",
 * "add_contact_button", "plan_row", "import_button", "version_label", "plan_page"
 * (tests) */
GtkWidget    *kindred_resources_view_lookup_widget (KindredResourcesView *self,
                                                    const char           *name);

G_END_DECLS

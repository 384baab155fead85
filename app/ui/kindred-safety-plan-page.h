/* kindred-safety-plan-page.h: "My safety plan", edited step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_SAFETY_PLAN_PAGE (kindred_safety_plan_page_get_type ())
G_DECLARE_FINAL_TYPE (KindredSafetyPlanPage, kindred_safety_plan_page, KINDRED, SAFETY_PLAN_PAGE, GtkWidget)

/* One step per KindredPlanSection, with Back and Next.  Every change is saved to the
 * journal a moment later (one write), and at once when the page goes away.
 * Signal "close-requested" (): Back to Resources, or Done on the last step.
 * Actions: plan.previous, plan.next, plan.close, plan.save-pdf. */

/* @directory: (nullable): NULL uses the app's shared directory. */
GtkWidget         *kindred_safety_plan_page_new          (KindredDirectory      *directory);
/* Loads the plan of @store (nullable: locked, nothing can be edited). */
void               kindred_safety_plan_page_set_store    (KindredSafetyPlanPage *self,
                                                          KindredStore          *store);
/* (transfer none) (nullable): the plan being edited */
KindredSafetyPlan *kindred_safety_plan_page_get_plan     (KindredSafetyPlanPage *self);
guint              kindred_safety_plan_page_get_step     (KindredSafetyPlanPage *self);
void               kindred_safety_plan_page_set_step     (KindredSafetyPlanPage *self,
                                                          guint                  step);
/* Writes a pending change now.  FALSE (and says so on the page) when it fails. */
gboolean           kindred_safety_plan_page_save_now     (KindredSafetyPlanPage *self,
                                                          GError               **error);
/* The lines of @section as printed: the items, then linked strategies, people
 * and services by name. (transfer full) */
char             **kindred_safety_plan_page_dup_section_lines (KindredSafetyPlanPage *self,
                                                               KindredPlanSection     section);
/* What "Save as PDF…" does after the file chooser. */
gboolean           kindred_safety_plan_page_export_pdf   (KindredSafetyPlanPage *self,
                                                          GFile                 *file,
                                                          GError               **error);
/* (transfer none) (nullable): a widget of step @section: "add_row", "items_list",
 * "strategies_row", "contacts_row", "services_row" (AdwExpanderRows whose check
 * buttons are named by uuid or entry id). Tests. */
GtkWidget         *kindred_safety_plan_page_get_step_widget (KindredSafetyPlanPage *self,
                                                             KindredPlanSection     section,
                                                             const char            *what);
/* (transfer none): "steps", "step_label", "prev_button", "next_button",
 * "pdf_button", "status_label" (tests) */
GtkWidget         *kindred_safety_plan_page_lookup_widget (KindredSafetyPlanPage *self,
                                                           const char            *name);

G_END_DECLS

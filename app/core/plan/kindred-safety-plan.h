/* kindred-safety-plan.h: the person's safety plan (Stanley–Brown structure)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "store/kindred-store.h"

G_BEGIN_DECLS

/* Limits of a stored document (the plan, the contact list): larger or deeper ones
 * are DAMAGED, and more items than these are cut when read. */
#define KINDRED_PLAN_MAX_DOCUMENT_SIZE (1024 * 1024)
#define KINDRED_PLAN_MAX_DEPTH         16
#define KINDRED_PLAN_MAX_ITEMS         200
/* Characters of one item, one name or one note kept when read */
#define KINDRED_PLAN_MAX_TEXT          4000

#define KINDRED_PLAN_ERROR (kindred_plan_error_quark ())

/**
 * KindredPlanError:
 * @KINDRED_PLAN_ERROR_LOCKED: the journal is closed
 * @KINDRED_PLAN_ERROR_DAMAGED: the stored document could not be read (not JSON, too
 *   large, too deep, not the known format)
 * @KINDRED_PLAN_ERROR_INVALID: a value that cannot be saved (a contact without a name)
 * @KINDRED_PLAN_ERROR_NOT_FOUND: no such contact
 * @KINDRED_PLAN_ERROR_FAILED: the journal did not take the write
 */
typedef enum
{
  KINDRED_PLAN_ERROR_LOCKED,
  KINDRED_PLAN_ERROR_DAMAGED,
  KINDRED_PLAN_ERROR_INVALID,
  KINDRED_PLAN_ERROR_NOT_FOUND,
  KINDRED_PLAN_ERROR_FAILED,
} KindredPlanError;

GQuark kindred_plan_error_quark (void);

/**
 * KindredPlanSection:
 * The seven steps of the Stanley–Brown Safety Planning Intervention, in order.
 * Every section has a list of short text items; some also link to other records:
 * @KINDRED_PLAN_SECTION_WARNING_SIGNS: thoughts, moods, situations that come before
 *   a crisis
 * @KINDRED_PLAN_SECTION_COPING: my own coping strategies (+ strategy uuids)
 * @KINDRED_PLAN_SECTION_DISTRACTIONS: people and places that take my mind off things
 * @KINDRED_PLAN_SECTION_PEOPLE: people I can ask for help (+ contact uuids)
 * @KINDRED_PLAN_SECTION_PROFESSIONALS: professionals and services (+ directory
 *   entry ids and contact uuids)
 * @KINDRED_PLAN_SECTION_ENVIRONMENT: making my environment safer
 * @KINDRED_PLAN_SECTION_REASONS: my reasons for living
 */
typedef enum
{
  KINDRED_PLAN_SECTION_WARNING_SIGNS,
  KINDRED_PLAN_SECTION_COPING,
  KINDRED_PLAN_SECTION_DISTRACTIONS,
  KINDRED_PLAN_SECTION_PEOPLE,
  KINDRED_PLAN_SECTION_PROFESSIONALS,
  KINDRED_PLAN_SECTION_ENVIRONMENT,
  KINDRED_PLAN_SECTION_REASONS,
  KINDRED_PLAN_N_SECTIONS,
} KindredPlanSection;

/* Stable id of a section in the stored document ("warning-signs"). */
const char *kindred_plan_section_get_id          (KindredPlanSection section);
/* Translated title and a short gentle explanation of the step. */
const char *kindred_plan_section_get_title       (KindredPlanSection section);
const char *kindred_plan_section_get_explanation (KindredPlanSection section);

#define KINDRED_TYPE_SAFETY_PLAN (kindred_safety_plan_get_type ())
G_DECLARE_FINAL_TYPE (KindredSafetyPlan, kindred_safety_plan, KINDRED, SAFETY_PLAN, GObject)

/* Properties: "updated-at" (GDateTime, nullable until saved), "hlc" (guint64).
 * Signal "changed" (): any list of any section was changed through the setters
 * (not on load).  The texts are the person's own: never log them. */

KindredSafetyPlan  *kindred_safety_plan_new             (void);

/* The text items of @section. (transfer none): never NULL, maybe empty. */
const char * const *kindred_safety_plan_get_items       (KindredSafetyPlan  *self,
                                                         KindredPlanSection  section);
/* Copies @items, dropping blank ones and trimming the rest. */
void                kindred_safety_plan_set_items       (KindredSafetyPlan  *self,
                                                         KindredPlanSection  section,
                                                         const char * const *items);
/* Strategy uuids (COPING only; other sections have none). (transfer none) */
const char * const *kindred_safety_plan_get_strategies  (KindredSafetyPlan  *self);
void                kindred_safety_plan_set_strategies  (KindredSafetyPlan  *self,
                                                         const char * const *uuids);
/* Contact uuids of PEOPLE or PROFESSIONALS; empty for the others. (transfer none) */
const char * const *kindred_safety_plan_get_contacts    (KindredSafetyPlan  *self,
                                                         KindredPlanSection  section);
void                kindred_safety_plan_set_contacts    (KindredSafetyPlan  *self,
                                                         KindredPlanSection  section,
                                                         const char * const *uuids);
/* Directory entry ids (PROFESSIONALS). (transfer none) */
const char * const *kindred_safety_plan_get_services    (KindredSafetyPlan  *self);
void                kindred_safety_plan_set_services    (KindredSafetyPlan  *self,
                                                         const char * const *ids);
/* TRUE when no section has an item or a link. */
gboolean            kindred_safety_plan_is_empty        (KindredSafetyPlan  *self);

GDateTime          *kindred_safety_plan_get_updated_at  (KindredSafetyPlan  *self);
guint64             kindred_safety_plan_get_hlc         (KindredSafetyPlan  *self);

/* The stored form: a JSON object (see kindred-safety-plan.c). (transfer full) */
char               *kindred_safety_plan_to_json         (KindredSafetyPlan  *self);
/* Parses defensively: size and depth are checked before parsing, unknown members
 * are ignored, items of the wrong type are skipped, long texts cut.  DAMAGED when
 * it is not a plan at all. (transfer full) */
KindredSafetyPlan  *kindred_safety_plan_new_from_json   (const char         *json,
                                                         gssize              length,
                                                         GError            **error);

/* The plan of the journal (settings key "safety-plan"), encrypted with it.
 * (transfer full) (nullable): NULL without an error when none was saved yet;
 * DAMAGED, LOCKED. */
KindredSafetyPlan  *kindred_safety_plan_load            (KindredStore       *store,
                                                         GError            **error);
/* One write with a new HLC stamp and updated-at (written back onto @self).  A
 * damaged stored plan is first set aside under "safety-plan-damaged". */
gboolean            kindred_safety_plan_save            (KindredSafetyPlan  *self,
                                                         KindredStore       *store,
                                                         GError            **error);

G_END_DECLS

/* kindred-group.h: one peer support group as this journal knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "groups/kindred-group-enums.h"
#include "groups/kindred-group-member.h"
#include "groups/kindred-group-share.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_GROUP (kindred_group_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroup, kindred_group, KINDRED, GROUP, GObject)

/* Properties (read-only; KindredGroups changes them and notifies):
 *   "id"                     the group's id (a uuid)
 *   "name", "description", "meets" (how and when it meets), "ground-rules",
 *   "escalation-note"        (what the facilitator does if someone may be in danger)
 *   "role"                   KindredGroupRole of this journal in the group
 *   "pseudonym"              my pseudonym in it (the facilitator's too)
 *   "facilitator-pseudonym"  the facilitator's pseudonym
 *   "epoch"                  the group key's generation: 1, +1 at each rotation
 *   "removed"                (members) the facilitator removed this journal from the
 *                            group: a key update came without a key for us.  What
 *                            was shared and received stays readable here.
 *   "created-at"             (GDateTime) created (facilitator) or joined (member)
 *   "n-unreviewed"           received shares not yet marked reviewed, not retracted
 *   "n-flagged"              received shares with flags, not reviewed, not retracted
 *
 * Lists (the same objects for the life of the group, updated in place):
 *   roster    KindredGroupMember, removed ones included (show them greyed or
 *             filter them), in order of joining; never the facilitator
 *   history   KindredGroupShare written by this journal ("mine"), newest first
 *   received  KindredGroupShare from others (the facilitator's review queue; a
 *             member's Group view), newest first by "shared-at"; retracted ones stay
 *             as markers without content.  Filter by member or "reviewed" in the UI
 *             (GtkFilterListModel), or use kindred_groups_dup_received_for().
 */

const char       *kindred_group_get_id                    (KindredGroup *self);
const char       *kindred_group_get_name                  (KindredGroup *self);
const char       *kindred_group_get_description           (KindredGroup *self);
const char       *kindred_group_get_meets                 (KindredGroup *self);
const char       *kindred_group_get_ground_rules          (KindredGroup *self);
const char       *kindred_group_get_escalation_note       (KindredGroup *self);
KindredGroupRole  kindred_group_get_role                  (KindredGroup *self);
gboolean          kindred_group_is_facilitator            (KindredGroup *self);
const char       *kindred_group_get_pseudonym             (KindredGroup *self);
const char       *kindred_group_get_facilitator_pseudonym (KindredGroup *self);
guint             kindred_group_get_epoch                 (KindredGroup *self);
gboolean          kindred_group_get_removed               (KindredGroup *self);
GDateTime        *kindred_group_get_created_at            (KindredGroup *self);
guint             kindred_group_get_n_unreviewed          (KindredGroup *self);
guint             kindred_group_get_n_flagged             (KindredGroup *self);

/* (transfer none) (element-type KindredGroupMember) */
GListModel       *kindred_group_get_roster                (KindredGroup *self);
/* (transfer none) (element-type KindredGroupShare) */
GListModel       *kindred_group_get_history               (KindredGroup *self);
/* (transfer none) (element-type KindredGroupShare) */
GListModel       *kindred_group_get_received              (KindredGroup *self);

/* (transfer none) (nullable): by KindredGroupMember:id, removed ones included */
KindredGroupMember *kindred_group_lookup_member           (KindredGroup *self,
                                                           const char   *member_id);
/* (transfer none) (nullable): a share of history or received, by id */
KindredGroupShare  *kindred_group_lookup_share            (KindredGroup *self,
                                                           const char   *share_id);

G_END_DECLS

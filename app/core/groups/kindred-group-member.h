/* kindred-group-member.h: one person on a group's roster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_GROUP_MEMBER (kindred_group_member_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroupMember, kindred_group_member, KINDRED, GROUP_MEMBER, GObject)

/* Properties (read-only; KindredGroups changes them and notifies):
 *   "id"         the member's Ed25519 public signing key, base64: stable, unique
 *   "pseudonym"  the name they chose when joining (never a real name required)
 *   "removed"    the facilitator removed them; kept so that old shares still show
 *                who wrote them
 *   "joined-at"  (GDateTime, nullable) when the facilitator imported their join
 *                file (for members: when they first appeared in a roster update)
 *   "note"       the facilitator's private note about this member ("" when none;
 *                only ever in the facilitator's own journal).  Set it with
 *                kindred_groups_set_member_note().
 */

const char   *kindred_group_member_get_id         (KindredGroupMember *self);
const char   *kindred_group_member_get_pseudonym  (KindredGroupMember *self);
gboolean      kindred_group_member_get_removed    (KindredGroupMember *self);
GDateTime    *kindred_group_member_get_joined_at  (KindredGroupMember *self);
const char   *kindred_group_member_get_note       (KindredGroupMember *self);
/* The raw public keys (32 bytes each). */
const guint8 *kindred_group_member_get_sign_key   (KindredGroupMember *self);
const guint8 *kindred_group_member_get_box_key    (KindredGroupMember *self);

G_END_DECLS

/* kindred-group-share.h: a share (sent or received) and a reply to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "groups/kindred-group-enums.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_GROUP_REPLY (kindred_group_reply_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroupReply, kindred_group_reply, KINDRED, GROUP_REPLY, GObject)

/* A facilitator's reply to one share.  Properties (read-only): "id", "share-id",
 * "text", "written-at" (GDateTime), "mine" (TRUE in the facilitator's journal, FALSE
 * in the member's). */
const char   *kindred_group_reply_get_id          (KindredGroupReply *self);
const char   *kindred_group_reply_get_share_id    (KindredGroupReply *self);
const char   *kindred_group_reply_get_text        (KindredGroupReply *self);
GDateTime    *kindred_group_reply_get_written_at  (KindredGroupReply *self);
gboolean      kindred_group_reply_get_mine        (KindredGroupReply *self);

#define KINDRED_TYPE_GROUP_SHARE (kindred_group_share_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroupShare, kindred_group_share, KINDRED, GROUP_SHARE, GObject)

/* One share, in the sender's history ("mine" TRUE) or received (FALSE).
 * Properties (read-only; KindredGroups changes them and notifies):
 *   "id"           the share's id (a uuid)
 *   "group-id"     the group's id
 *   "author-id"    the author's member id (KindredGroupMember:id)
 *   "pseudonym"    the author's pseudonym as on the roster (for "mine": my own)
 *   "mine"         written by this journal (sharing history)
 *   "audience"     KindredShareAudience
 *   "level"        KindredShareLevel
 *   "sequence"     the author's sequence number of this share in the group
 *   "shared-at"    (GDateTime) when the author wrote the file
 *   "received-at"  (GDateTime, nullable) when it was imported (NULL for "mine")
 *   "message"      the short message to the group ("" when none)
 *   "text"         the share as a person reads it: kindred_share_render_text() of the
 *                  exact payload (for "mine" the very bytes that were sealed), ""
 *                  once a received share was retracted
 *   "n-entries"    how many entries it holds
 *   "mood-average" mean mood of its entries that have one (0 when none)
 *   "retracted"    the author took it back: a received copy holds no content any
 *                  more; the author's own history keeps it, marked
 *   "retracted-at" (GDateTime, nullable)
 *   "reviewed"     the facilitator marked it reviewed (kindred_groups_mark_reviewed)
 *   "flags"        KindredShareFlags, computed once on import (received shares only)
 *   "note"         the facilitator's private note on it ("" when none)
 *   "replies"      GListModel of KindredGroupReply, oldest first (same object for the
 *                  life of the share)
 */
const char          *kindred_group_share_get_id           (KindredGroupShare *self);
const char          *kindred_group_share_get_group_id     (KindredGroupShare *self);
const char          *kindred_group_share_get_author_id    (KindredGroupShare *self);
const char          *kindred_group_share_get_pseudonym    (KindredGroupShare *self);
gboolean             kindred_group_share_get_mine         (KindredGroupShare *self);
KindredShareAudience kindred_group_share_get_audience     (KindredGroupShare *self);
KindredShareLevel    kindred_group_share_get_level        (KindredGroupShare *self);
gint64               kindred_group_share_get_sequence     (KindredGroupShare *self);
GDateTime           *kindred_group_share_get_shared_at    (KindredGroupShare *self);
GDateTime           *kindred_group_share_get_received_at  (KindredGroupShare *self);
const char          *kindred_group_share_get_message      (KindredGroupShare *self);
const char          *kindred_group_share_get_text         (KindredGroupShare *self);
guint                kindred_group_share_get_n_entries    (KindredGroupShare *self);
double               kindred_group_share_get_mood_average (KindredGroupShare *self);
gboolean             kindred_group_share_get_retracted    (KindredGroupShare *self);
GDateTime           *kindred_group_share_get_retracted_at (KindredGroupShare *self);
gboolean             kindred_group_share_get_reviewed     (KindredGroupShare *self);
KindredShareFlags    kindred_group_share_get_flags        (KindredGroupShare *self);
const char          *kindred_group_share_get_note         (KindredGroupShare *self);
/* (transfer none) (element-type KindredGroupReply) */
GListModel          *kindred_group_share_get_replies      (KindredGroupShare *self);
/* The moods (1–5, 0 = not set) of its entries in payload order; @n_moods receives
 * how many (n-entries).  Empty after a retraction.  (transfer none) */
const int           *kindred_group_share_get_moods        (KindredGroupShare *self,
                                                           guint             *n_moods);
/* (transfer none) (nullable): the exact payload bytes; NULL once retracted (a
 * received copy) */
GBytes              *kindred_group_share_get_payload      (KindredGroupShare *self);

G_END_DECLS

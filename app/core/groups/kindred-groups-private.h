/* kindred-groups-private.h: what the groups module's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "envelope/kindred-envelope.h"
#include "groups/kindred-groups.h"

G_BEGIN_DECLS

/* kindred-groups.c: times are microseconds since the epoch, UTC, as in the store.
 * from_us: local time zone (what the UI shows).  (transfer full) */
GDateTime          *_kindred_groups_time_from_us     (gint64              us);
gint64              _kindred_groups_time_to_us       (GDateTime          *date_time);

/* Only KindredGroups sets these: the objects are views of the journal's rows. */

/* kindred-group-member.c */
KindredGroupMember *_kindred_group_member_new        (const char         *id,
                                                      const guint8       *sign_key,
                                                      const guint8       *box_key);
void                _kindred_group_member_update     (KindredGroupMember *self,
                                                      const char         *pseudonym,
                                                      gboolean            removed,
                                                      gint64              joined_at_us,
                                                      const char         *note);

/* kindred-group-share.c */
KindredGroupReply  *_kindred_group_reply_new         (const char         *id,
                                                      const char         *share_id,
                                                      const char         *text,
                                                      gint64              written_at_us,
                                                      gboolean            mine);

/* The parts of a share payload that the objects keep (parsed once). */
typedef struct
{
  guint    n_entries;
  int     *moods;         /* n_entries */
  gint64  *dates_us;      /* n_entries: the entries' dates, UTC microseconds */
  int     *offsets_s;     /* n_entries: their UTC offsets in seconds */
  char    *message;
} KindredSharePayloadInfo;

void                _kindred_share_payload_info_clear (KindredSharePayloadInfo *info);
/* Parses and checks a share payload (limits, types).  MALFORMED / INVALID. */
gboolean            _kindred_share_payload_parse     (GBytes                  *payload,
                                                      KindredSharePayloadInfo *info,
                                                      JsonObject             **object,
                                                      GError                 **error);

KindredGroupShare  *_kindred_group_share_new         (const char         *id,
                                                      const char         *group_id,
                                                      const char         *author_id,
                                                      gboolean            mine);
/* @payload: (nullable) NULL once retracted (a received copy); parsed here. */
void                _kindred_group_share_set_content (KindredGroupShare  *self,
                                                      GBytes             *payload,
                                                      KindredShareAudience audience,
                                                      KindredShareLevel   level,
                                                      gint64              sequence,
                                                      gint64              shared_at_us,
                                                      gint64              received_at_us);
void                _kindred_group_share_update      (KindredGroupShare  *self,
                                                      const char         *pseudonym,
                                                      gboolean            retracted,
                                                      gint64              retracted_at_us,
                                                      gboolean            reviewed,
                                                      KindredShareFlags   flags,
                                                      const char         *note);
gboolean            _kindred_group_share_has_payload (KindredGroupShare  *self);
/* Dates of its entries (n-entries of them): UTC microseconds and offsets. */
const gint64       *_kindred_group_share_get_dates   (KindredGroupShare  *self,
                                                      const int         **offsets_s);
/* Adds @reply unless one with its id is there. */
void                _kindred_group_share_add_reply   (KindredGroupShare  *self,
                                                      KindredGroupReply  *reply);

/* kindred-group.c */
KindredGroup       *_kindred_group_new               (const char         *id,
                                                      KindredGroupRole    role);
void                _kindred_group_update            (KindredGroup       *self,
                                                      const char         *name,
                                                      const char         *description,
                                                      const char         *meets,
                                                      const char         *ground_rules,
                                                      const char         *escalation_note,
                                                      const char         *pseudonym,
                                                      const char         *facilitator_pseudonym,
                                                      guint               epoch,
                                                      gboolean            removed,
                                                      gint64              created_at_us);
GListStore         *_kindred_group_get_roster_store  (KindredGroup       *self);
GListStore         *_kindred_group_get_history_store (KindredGroup       *self);
GListStore         *_kindred_group_get_received_store (KindredGroup      *self);
/* Recounts n-unreviewed and n-flagged from the received list. */
void                _kindred_group_recount           (KindredGroup       *self);

/* kindred-group-invite.c: an opened invite (keys in guarded memory). */
typedef struct
{
  char   *pseudonym;
  guint8  sign[KINDRED_SIGN_PUBLIC_SIZE];
  guint8  box[KINDRED_BOX_PUBLIC_SIZE];
} KindredRosterEntry;

void                _kindred_roster_entry_free       (KindredRosterEntry *entry);

KindredGroupInvite *_kindred_group_invite_new        (void);
/* Fills it from a checked invite payload (transfer: takes @key). */
void                _kindred_group_invite_set        (KindredGroupInvite *self,
                                                      const char         *group_id,
                                                      const char         *name,
                                                      const char         *description,
                                                      const char         *meets,
                                                      const char         *ground_rules,
                                                      const char         *escalation_note,
                                                      const char         *facilitator_pseudonym,
                                                      const guint8       *facilitator_sign,
                                                      const guint8       *facilitator_box,
                                                      guint               epoch,
                                                      gint64              serial,
                                                      KindredKey         *key,
                                                      GPtrArray          *members);
void                _kindred_group_invite_set_already_joined (KindredGroupInvite *self,
                                                      gboolean            joined);
const guint8       *_kindred_group_invite_get_facilitator_sign (KindredGroupInvite *self);
const guint8       *_kindred_group_invite_get_facilitator_box  (KindredGroupInvite *self);
guint               _kindred_group_invite_get_epoch  (KindredGroupInvite *self);
gint64              _kindred_group_invite_get_serial (KindredGroupInvite *self);
KindredKey         *_kindred_group_invite_get_key    (KindredGroupInvite *self);
/* (element-type KindredRosterEntry) */
GPtrArray          *_kindred_group_invite_get_members (KindredGroupInvite *self);

/* kindred-share-draft.c */
KindredShareDraft  *_kindred_share_draft_new         (KindredGroup       *group,
                                                      const char         *share_id,
                                                      KindredShareLevel   level,
                                                      KindredShareAudience audience,
                                                      const char         *message,
                                                      guint               n_entries,
                                                      GBytes             *payload,
                                                      char               *text);
gboolean            _kindred_share_draft_get_written (KindredShareDraft  *self);
void                _kindred_share_draft_set_written (KindredShareDraft  *self);

/* kindred-group-import.c */
KindredGroupImport *_kindred_group_import_new        (KindredGroupFileKind kind,
                                                      gboolean            changed,
                                                      KindredGroup       *group,
                                                      KindredGroupMember *member,
                                                      KindredGroupShare  *share,
                                                      KindredGroupReply  *reply,
                                                      const char         *message);

/* kindred-share-payload.c: building and reading share payloads. */
const char         *_kindred_share_level_to_string   (KindredShareLevel    level);
gboolean            _kindred_share_level_from_string (const char          *text,
                                                      KindredShareLevel   *level);
const char         *_kindred_share_audience_to_string (KindredShareAudience audience);
gboolean            _kindred_share_audience_from_string (const char        *text,
                                                      KindredShareAudience *audience);
/* The payload of @entries; @strategy_names maps strategy uuid → name (the caller
 * looked them up in the store).  (transfer full) */
GBytes             *_kindred_share_payload_build     (const char          *group_id,
                                                      const char          *share_id,
                                                      KindredShareLevel    level,
                                                      KindredShareAudience audience,
                                                      const char          *message,
                                                      GPtrArray           *entries,
                                                      GHashTable          *strategy_names,
                                                      GError             **error);
/* JSON text of @node, compact, as the payload bytes. */
GBytes             *_kindred_json_to_bytes           (JsonNode            *node);

/* kindred-groups.c: for tests and the corpus generator, which need fixed keys, ids
 * and times so that the same program writes the same files. */
KindredGroup       *_kindred_groups_create_group_full (KindredGroups     *self,
                                                      const char          *group_id,
                                                      const char          *name,
                                                      const char          *description,
                                                      const char          *meets,
                                                      const char          *ground_rules,
                                                      const char          *escalation_note,
                                                      const char          *my_pseudonym,
                                                      KindredKeyPair      *sign,
                                                      KindredKeyPair      *box,
                                                      KindredKey          *key,
                                                      GError             **error);
KindredGroup       *_kindred_groups_join_full        (KindredGroups       *self,
                                                      KindredGroupInvite  *invite,
                                                      const char          *pseudonym,
                                                      gboolean             accepted_rules,
                                                      const char          *join_path,
                                                      KindredKeyPair      *sign,
                                                      KindredKeyPair      *box,
                                                      GError             **error);
/* @now_us 0: the real clock. */
void                _kindred_groups_set_now          (KindredGroups       *self,
                                                      gint64               now_us);

/* Inner envelopes of a key-update file (FORMATS.md). */
#define KINDRED_GROUPS_KIND_GROUP_KEY    "group-key"
#define KINDRED_GROUPS_KIND_GROUP_ROSTER "group-roster"

/* kindred-crisis-phrases.c */
/* Whether @text holds a phrase of the curated list (English or translated),
 * ignoring case and the kind of apostrophe. */
gboolean            _kindred_crisis_phrases_match    (const char          *text);
/* (transfer none): the untranslated list, NULL-terminated (tests). */
const char * const *_kindred_crisis_phrases_get      (void);

G_END_DECLS

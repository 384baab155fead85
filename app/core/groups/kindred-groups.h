/* kindred-groups.h: peer support groups without a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For UI writers, the whole API in one page
 * -----------------------------------------
 * Everything travels as files the person moves themselves; every file is an
 * envelope (envelope/kindred-envelope.h, FORMATS.md "Groups").  One KindredGroups
 * per open store owns the groups' tables in the encrypted journal and the models:
 *
 *   groups = kindred_groups_new (store);             // on the main thread
 *   kindred_groups_get_groups (groups)               // GListModel of KindredGroup
 *
 * Facilitator
 *   group = kindred_groups_create_group (groups, name, description, meets,
 *             rules, escalation_note, my_pseudonym, &error);
 *             (kindred_groups_get_default_ground_rules () prefills the rules)
 *   kindred_groups_write_invite_async (groups, group, passphrase, path, …)  // Argon2id
 *   kindred_groups_import_file_async (groups, path, NULL, …)  // join → roster
 *   kindred_groups_write_update (groups, group, path, &error) // after joins: one
 *             file that tells every member the roster (no new key)
 *   group's "received" model is the review queue (newest first); each
 *   KindredGroupShare has "reviewed", "flags", "note", "replies";
 *   kindred_groups_mark_reviewed (), kindred_groups_set_share_note (),
 *   kindred_groups_set_member_note (), kindred_groups_write_reply (),
 *   kindred_groups_dup_mood_overview () (plain data for a chart),
 *   kindred_groups_remove_member (groups, group, member, path, &error) // rotates the
 *             group key and writes ONE key-update file for everyone who stays
 *   kindred_groups_watch_folder (groups, folder) // imports arriving files itself
 *
 * Member
 *   invite = kindred_groups_read_invite_finish (…)   // passphrase: Argon2id, async
 *   show kindred_group_invite_get_* (description, meets, rules, escalation note)
 *   group = kindred_groups_join (groups, invite, pseudonym, accepted, join_path, &e)
 *             // writes the join file for the facilitator
 *   draft = kindred_groups_build_share (groups, group, entries, level, audience,
 *             message, &error)
 *   preview: kindred_share_draft_get_text (draft) — exactly
 *             kindred_share_render_text (payload), byte for byte what recipients see
 *   kindred_groups_write_share_async (groups, draft, path, …) // signs, seals, history
 *   group's "history" model: my shares; kindred_groups_retract_share ()
 *   group's "received" model: other members' group shares (after importing them)
 *
 * Anyone
 *   kindred_groups_import_file[_async] (groups, path, expected_group, …) → a
 *   KindredGroupImport (kind, "changed", group, share/member/reply, and a gentle
 *   "message" for a toast).  Importing the same file again changes nothing
 *   ("changed" FALSE).  On any error nothing in the journal has changed; show
 *   kindred_envelope_describe_error (error), which handles both domains
 *   (KINDRED_ENVELOPE_ERROR for damaged, foreign, tampered, newer, too large, wrong
 *   passphrase; KINDRED_GROUPS_ERROR below for what the group logic refuses).
 *
 * Threads: create KindredGroups, and call every function without _async, on the
 * main thread (they are quick: X25519/Ed25519 and a small transaction).  The _async
 * functions do their slow part (Argon2id, reading up to 8 MiB, decrypting) in a
 * worker and change the models in the callback.  Models and objects change only on
 * the thread that created KindredGroups.
 *
 * Flags: a received share gets KINDRED_SHARE_FLAG_WORDS or _LOW_MOODS on import.
 * Show it gently with kindred_group_get_escalation_note () and the directory's
 * crisis lines (directory/kindred-directory.h, kind "crisis-line"); the wording
 * never diagnoses: it is a prompt for a person to check in.
 */

#pragma once

#include <gio/gio.h>

#include "groups/kindred-group.h"
#include "groups/kindred-group-enums.h"
#include "groups/kindred-group-member.h"
#include "groups/kindred-group-share.h"
#include "store/kindred-store.h"

G_BEGIN_DECLS

/* Version of every group file kind this build writes and the newest it reads. */
#define KINDRED_GROUPS_FORMAT_VERSION 1

/* Whole-file limits per kind: larger files are refused before they are read. */
#define KINDRED_GROUPS_MAX_INVITE_SIZE     (64 * 1024)
#define KINDRED_GROUPS_MAX_JOIN_SIZE       (64 * 1024)
#define KINDRED_GROUPS_MAX_SHARE_SIZE      (8 * 1024 * 1024)
#define KINDRED_GROUPS_MAX_RETRACTION_SIZE (64 * 1024)
#define KINDRED_GROUPS_MAX_REPLY_SIZE      (1024 * 1024)
#define KINDRED_GROUPS_MAX_KEY_UPDATE_SIZE (4 * 1024 * 1024)
/* Content limits (characters) checked when writing and when reading. */
#define KINDRED_GROUPS_MAX_PSEUDONYM   64
#define KINDRED_GROUPS_MAX_NAME        200
#define KINDRED_GROUPS_MAX_DETAILS     8000  /* description, meets, rules, note */
#define KINDRED_GROUPS_MAX_MESSAGE     2000
#define KINDRED_GROUPS_MAX_REPLY       8000
#define KINDRED_GROUPS_MAX_ENTRIES     200   /* entries in one share */
#define KINDRED_GROUPS_MAX_MEMBERS     500
/* Deepest JSON nesting accepted in a payload (the formats need 4). */
#define KINDRED_GROUPS_MAX_DEPTH       16
/* A member's shares whose moods are all at the lowest level, in a row, that flag. */
#define KINDRED_GROUPS_LOW_MOOD_SHARES 3

#define KINDRED_GROUPS_ERROR (kindred_groups_error_quark ())

/**
 * KindredGroupsError:
 * Damaged, tampered, foreign, truncated, too large and newer files fail in
 * KINDRED_ENVELOPE_ERROR; these are the group logic's own refusals.
 * @KINDRED_GROUPS_ERROR_INVALID: an argument out of range (empty name or pseudonym,
 *   too long, no entries…); also a payload field beyond the limits above
 * @KINDRED_GROUPS_ERROR_NOT_ACCEPTED: joining without accepting the ground rules
 * @KINDRED_GROUPS_ERROR_UNKNOWN_GROUP: the file is for a group this journal is not in
 * @KINDRED_GROUPS_ERROR_OTHER_GROUP: the file is for another group than the one it
 *   was opened for (@expected_group), or its parts name different groups
 * @KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER: signed by someone not on the roster
 * @KINDRED_GROUPS_ERROR_REMOVED_MEMBER: from a member who was removed from the group
 * @KINDRED_GROUPS_ERROR_WRONG_SIGNER: signed by someone other than the one who must
 *   have written it (a reply or update not from the facilitator, a retraction not
 *   from the share's author, a join whose keys are not the signer's)
 * @KINDRED_GROUPS_ERROR_OLDER_SEQUENCE: an older share of a member than one already
 *   imported (a replayed file)
 * @KINDRED_GROUPS_ERROR_OLD_KEY: sealed with a group key that was replaced since
 * @KINDRED_GROUPS_ERROR_NOT_FOR_YOU: meant for someone else (another member's
 *   facilitator-only share, a join file at a member's, a reply to another member)
 * @KINDRED_GROUPS_ERROR_RETRACTED: the share was retracted; a late copy is not kept
 * @KINDRED_GROUPS_ERROR_UNKNOWN_SHARE: a reply to a share this journal does not have
 * @KINDRED_GROUPS_ERROR_ALREADY_JOINED: an invite to a group this journal is already in
 * @KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN: another member already uses that pseudonym
 * @KINDRED_GROUPS_ERROR_NOT_FACILITATOR: only the group's facilitator can do that
 * @KINDRED_GROUPS_ERROR_REMOVED: this journal was removed from the group
 * @KINDRED_GROUPS_ERROR_OLD_INVITE: a join made with an invite from before a key
 *   rotation; the person needs a new invite
 * @KINDRED_GROUPS_ERROR_NEWER_KEY: sealed with a group key this journal does not have
 *   yet (a member who has not imported the facilitator's latest key update)
 */
typedef enum
{
  KINDRED_GROUPS_ERROR_INVALID,
  KINDRED_GROUPS_ERROR_NOT_ACCEPTED,
  KINDRED_GROUPS_ERROR_UNKNOWN_GROUP,
  KINDRED_GROUPS_ERROR_OTHER_GROUP,
  KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER,
  KINDRED_GROUPS_ERROR_REMOVED_MEMBER,
  KINDRED_GROUPS_ERROR_WRONG_SIGNER,
  KINDRED_GROUPS_ERROR_OLDER_SEQUENCE,
  KINDRED_GROUPS_ERROR_OLD_KEY,
  KINDRED_GROUPS_ERROR_NOT_FOR_YOU,
  KINDRED_GROUPS_ERROR_RETRACTED,
  KINDRED_GROUPS_ERROR_UNKNOWN_SHARE,
  KINDRED_GROUPS_ERROR_ALREADY_JOINED,
  KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN,
  KINDRED_GROUPS_ERROR_NOT_FACILITATOR,
  KINDRED_GROUPS_ERROR_REMOVED,
  KINDRED_GROUPS_ERROR_OLD_INVITE,
  KINDRED_GROUPS_ERROR_NEWER_KEY,
} KindredGroupsError;

GQuark kindred_groups_error_quark (void);

/* ------------------------------------------------------------------------- */

#define KINDRED_TYPE_GROUP_INVITE (kindred_group_invite_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroupInvite, kindred_group_invite, KINDRED, GROUP_INVITE, GObject)

/* An opened invite: what a person reads before joining.  Nothing is stored until
 * kindred_groups_join().  Properties (read-only): "group-id", "name",
 * "description", "meets", "ground-rules", "escalation-note",
 * "facilitator-pseudonym", "n-members", "already-joined" (this journal is in the
 * group already: joining again fails with ALREADY_JOINED). */
const char *kindred_group_invite_get_group_id              (KindredGroupInvite *self);
const char *kindred_group_invite_get_name                  (KindredGroupInvite *self);
const char *kindred_group_invite_get_description           (KindredGroupInvite *self);
const char *kindred_group_invite_get_meets                 (KindredGroupInvite *self);
const char *kindred_group_invite_get_ground_rules          (KindredGroupInvite *self);
const char *kindred_group_invite_get_escalation_note       (KindredGroupInvite *self);
const char *kindred_group_invite_get_facilitator_pseudonym (KindredGroupInvite *self);
guint       kindred_group_invite_get_n_members             (KindredGroupInvite *self);
gboolean    kindred_group_invite_get_already_joined        (KindredGroupInvite *self);

/* ------------------------------------------------------------------------- */

#define KINDRED_TYPE_SHARE_DRAFT (kindred_share_draft_get_type ())
G_DECLARE_FINAL_TYPE (KindredShareDraft, kindred_share_draft, KINDRED, SHARE_DRAFT, GObject)

/* A share built but not written: its payload is exactly the bytes that
 * kindred_groups_write_share() seals.  Properties (read-only): "group"
 * (KindredGroup), "share-id", "level", "audience", "message", "n-entries",
 * "payload" (GBytes), "text" (kindred_share_render_text of the payload: the
 * preview). */
KindredGroup        *kindred_share_draft_get_group     (KindredShareDraft *self);
const char          *kindred_share_draft_get_share_id  (KindredShareDraft *self);
KindredShareLevel    kindred_share_draft_get_level     (KindredShareDraft *self);
KindredShareAudience kindred_share_draft_get_audience  (KindredShareDraft *self);
const char          *kindred_share_draft_get_message   (KindredShareDraft *self);
guint                kindred_share_draft_get_n_entries (KindredShareDraft *self);
/* (transfer none) */
GBytes              *kindred_share_draft_get_payload   (KindredShareDraft *self);
const char          *kindred_share_draft_get_text      (KindredShareDraft *self);

/* A share payload as a person reads it: the message, then per entry its date and
 * the fields it carries.  Labels ("Mood", "Emotions"…) are in the reader's
 * language; every value is the payload's own.  The same bytes give the same text,
 * so the sender's preview and the recipient's view are equal.  MALFORMED
 * (KINDRED_ENVELOPE_ERROR) for a payload that is not a share.  (transfer full) */
char                *kindred_share_render_text         (GBytes            *payload,
                                                        GError           **error);

/* ------------------------------------------------------------------------- */

#define KINDRED_TYPE_GROUP_IMPORT (kindred_group_import_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroupImport, kindred_group_import, KINDRED, GROUP_IMPORT, GObject)

/* What importing one file did.  Properties (read-only):
 *   "kind"     KindredGroupFileKind of the file
 *   "changed"  FALSE when the file was already imported (nothing to do), and for an
 *              invite (open it with kindred_groups_read_invite: it needs the
 *              passphrase)
 *   "group"    (nullable) the group it belongs to (NULL for an invite)
 *   "member"   (nullable) join: the new member; key-update: NULL
 *   "share"    (nullable) share, retraction: the share concerned (for a retraction
 *              of a share never received: NULL); reply: the share replied to
 *   "reply"    (nullable) reply: the reply
 *   "message"  a gentle, translated sentence for a toast ("Kim joined Tuesday
 *              group.", "A share from Kim was added to the review queue.",
 *              "This share was already here.") */
KindredGroupFileKind kindred_group_import_get_kind     (KindredGroupImport *self);
gboolean             kindred_group_import_get_changed  (KindredGroupImport *self);
KindredGroup        *kindred_group_import_get_group    (KindredGroupImport *self);
KindredGroupMember  *kindred_group_import_get_member   (KindredGroupImport *self);
KindredGroupShare   *kindred_group_import_get_share    (KindredGroupImport *self);
KindredGroupReply   *kindred_group_import_get_reply    (KindredGroupImport *self);
const char          *kindred_group_import_get_message  (KindredGroupImport *self);

/* ------------------------------------------------------------------------- */

/**
 * KindredGroupMoodWeek:
 * One point of the group mood overview.
 * @year, @week: the ISO 8601 week-numbering year and week of the entries' dates
 * @member_id: KindredGroupMember:id
 * @pseudonym: the member's pseudonym
 * @average: mean mood (1–5) of the member's shared entries of that week that have one
 * @count: how many entries with a mood
 */
typedef struct
{
  int     year;
  int     week;
  char   *member_id;
  char   *pseudonym;
  double  average;
  guint   count;
} KindredGroupMoodWeek;

#define KINDRED_TYPE_GROUP_MOOD_WEEK (kindred_group_mood_week_get_type ())
GType                 kindred_group_mood_week_get_type (void) G_GNUC_CONST;
KindredGroupMoodWeek *kindred_group_mood_week_copy     (const KindredGroupMoodWeek *self);
void                  kindred_group_mood_week_free     (KindredGroupMoodWeek       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredGroupMoodWeek, kindred_group_mood_week_free)

/* ------------------------------------------------------------------------- */

#define KINDRED_TYPE_GROUPS (kindred_groups_get_type ())
G_DECLARE_FINAL_TYPE (KindredGroups, kindred_groups, KINDRED, GROUPS, GObject)

/* Properties: "store" (KindredStore, construct-only), "groups" (GListModel of
 * KindredGroup, by name; the same object for the life of @self).
 * Signals (on the thread that created @self):
 *   "imported" (KindredGroupImport *result): a file was imported, by any call or by
 *     the watched folder; emitted only when result's "changed" is TRUE
 *   "import-failed" (GFile *file, GError *error): a file from the watched folder was
 *     refused (calls report their errors themselves) */

/* Creates the tables on first use (settings 'groups.schema') and loads the groups.
 * NULL with @error when the store is closed or the tables cannot be made. */
KindredGroups      *kindred_groups_new                   (KindredStore        *store,
                                                          GError             **error);
KindredStore       *kindred_groups_get_store             (KindredGroups       *self);
/* (transfer none) (element-type KindredGroup) */
GListModel         *kindred_groups_get_groups            (KindredGroups       *self);
/* (transfer none) (nullable) */
KindredGroup       *kindred_groups_lookup_group          (KindredGroups       *self,
                                                          const char          *group_id);

/* Argon2id limits used when writing invites (0, 0: the envelope's defaults).  Tests
 * make them cheap; reading always accepts up to the envelope's caps. */
void                kindred_groups_set_invite_kdf_limits (KindredGroups       *self,
                                                          guint64              opslimit,
                                                          gsize                memlimit);

/* Editable defaults, translated.  (transfer none) */
const char         *kindred_groups_get_default_ground_rules    (void);
const char         *kindred_groups_get_default_escalation_note (void);

/* A file name to offer in a save dialog: "<group name> – <what> <date><suffix>",
 * with characters that file systems refuse replaced.  (transfer full) */
char               *kindred_groups_suggest_filename      (KindredGroup        *group,
                                                          KindredGroupFileKind kind);

/* --- Facilitator -------------------------------------------------------- */

/* Makes the group's identity (signing and box keys, a random group key, epoch 1).
 * @name and @my_pseudonym must not be empty; the rest may be "" or NULL.
 * (transfer none): the group in the "groups" model. */
KindredGroup       *kindred_groups_create_group          (KindredGroups       *self,
                                                          const char          *name,
                                                          const char          *description,
                                                          const char          *meets,
                                                          const char          *ground_rules,
                                                          const char          *escalation_note,
                                                          const char          *my_pseudonym,
                                                          GError             **error);
/* Changes the details (facilitator only); members get them with the next update or
 * invite file. */
gboolean            kindred_groups_update_group          (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          const char          *name,
                                                          const char          *description,
                                                          const char          *meets,
                                                          const char          *ground_rules,
                                                          const char          *escalation_note,
                                                          GError             **error);
/* The invite: details, the facilitator's public keys, the roster so far and the
 * group key, sealed with @passphrase (Argon2id, slow: use the async one from the
 * UI), signed by the facilitator.  Passphrase of at least
 * KINDRED_KEY_PASSPHRASE_MIN_CHARS characters (INVALID otherwise). */
gboolean            kindred_groups_write_invite          (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          const char          *passphrase,
                                                          const char          *path,
                                                          GError             **error);
void                kindred_groups_write_invite_async    (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          const char          *passphrase,
                                                          const char          *path,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            kindred_groups_write_invite_finish   (KindredGroups       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* A key-update file without a new key: the current details and roster for every
 * member (send it after people joined, so members can read each other's shares, or
 * after update_group).  One file for the whole group. */
gboolean            kindred_groups_write_update          (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          const char          *path,
                                                          GError             **error);
/* Marks @member removed, makes a new group key (epoch + 1) and writes ONE key-update
 * file to @path that wraps it for each remaining member's box key.  Afterwards
 * shares from @member, and group shares sealed with an older key, are refused.
 * All or nothing: when the file cannot be written nothing changes. */
gboolean            kindred_groups_remove_member         (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          KindredGroupMember  *member,
                                                          const char          *path,
                                                          GError             **error);
/* Review queue: mark a received share reviewed (or not). */
gboolean            kindred_groups_mark_reviewed         (KindredGroups       *self,
                                                          KindredGroupShare   *share,
                                                          gboolean             reviewed,
                                                          GError             **error);
/* Private notes in this journal only ("" or NULL clears). */
gboolean            kindred_groups_set_member_note       (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          KindredGroupMember  *member,
                                                          const char          *note,
                                                          GError             **error);
gboolean            kindred_groups_set_share_note        (KindredGroups       *self,
                                                          KindredGroupShare   *share,
                                                          const char          *note,
                                                          GError             **error);
/* Writes a reply to a received share, sealed to its author, signed (facilitator
 * only).  (transfer none): the reply, also in the share's "replies". */
KindredGroupReply  *kindred_groups_write_reply           (KindredGroups       *self,
                                                          KindredGroupShare   *share,
                                                          const char          *text,
                                                          const char          *path,
                                                          GError             **error);
/* The group mood overview of received shares (not retracted), by ISO week of the
 * entries' dates then pseudonym.  (transfer full) (element-type KindredGroupMoodWeek) */
GPtrArray          *kindred_groups_dup_mood_overview     (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          GError             **error);
/* Received shares of @group, optionally of one member and/or only unreviewed ones,
 * newest first.  A snapshot: (transfer full) (element-type KindredGroupShare). */
GListModel         *kindred_groups_dup_received_for      (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          KindredGroupMember  *member,
                                                          gboolean             unreviewed_only);
/* Watches @folder (NULL stops) for join, share and retraction files (and reply and
 * key-update files, for a member who watches a shared folder)
 * (KindredFolderWatch, events with polling as the fallback) and imports what
 * arrives, emitting "imported" / "import-failed".  Files already in the folder are
 * imported once at the start (quietly: duplicates change nothing). */
void                kindred_groups_watch_folder          (KindredGroups       *self,
                                                          GFile               *folder);
/* (transfer none) (nullable) */
GFile              *kindred_groups_get_watched_folder    (KindredGroups       *self);

/* --- Member ------------------------------------------------------------- */

/* Opens an invite with its passphrase (Argon2id: use the async one from the UI).
 * Errors: envelope ones (WRONG_PASSPHRASE, KDF_LIMITS, TOO_LARGE…).  Nothing is
 * stored.  (transfer full) */
KindredGroupInvite *kindred_groups_read_invite           (KindredGroups       *self,
                                                          const char          *path,
                                                          const char          *passphrase,
                                                          GError             **error);
void                kindred_groups_read_invite_async     (KindredGroups       *self,
                                                          const char          *path,
                                                          const char          *passphrase,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
KindredGroupInvite *kindred_groups_read_invite_finish    (KindredGroups       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* Joins: makes my signing and box keys, stores the group and writes the join file
 * for the facilitator to @join_path.  NOT_ACCEPTED unless @accepted_rules;
 * ALREADY_JOINED; INVALID for an empty or too long pseudonym.  All or nothing.
 * (transfer none): the group in the "groups" model. */
KindredGroup       *kindred_groups_join                  (KindredGroups       *self,
                                                          KindredGroupInvite  *invite,
                                                          const char          *pseudonym,
                                                          gboolean             accepted_rules,
                                                          const char          *join_path,
                                                          GError             **error);
/* The join file again (lost, or sent to the wrong place). */
gboolean            kindred_groups_write_join            (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          const char          *path,
                                                          GError             **error);
/* The payload of a share of @entries (KindredEntry, in the order given; at least
 * one, at most KINDRED_GROUPS_MAX_ENTRIES) at @level for @audience, with an
 * optional @message.  Nothing is written and nothing leaves.  (transfer full) */
KindredShareDraft  *kindred_groups_build_share           (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          GPtrArray           *entries,
                                                          KindredShareLevel    level,
                                                          KindredShareAudience audience,
                                                          const char          *message,
                                                          GError             **error);
/* Signs and seals the draft's payload (group key, or to the facilitator), with my
 * next sequence number, writes it to @path and adds it to the history.  Writing the
 * same draft twice fails (INVALID): build a new one.  (transfer none): the share in
 * the group's "history". */
KindredGroupShare  *kindred_groups_write_share           (KindredGroups       *self,
                                                          KindredShareDraft   *draft,
                                                          const char          *path,
                                                          GError             **error);
void                kindred_groups_write_share_async     (KindredGroups       *self,
                                                          KindredShareDraft   *draft,
                                                          const char          *path,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
KindredGroupShare  *kindred_groups_write_share_finish    (KindredGroups       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* Retracts one of my shares: writes a signed retraction file to @path for the same
 * audience and marks the share retracted in my history. */
gboolean            kindred_groups_retract_share         (KindredGroups       *self,
                                                          KindredGroupShare   *share,
                                                          const char          *path,
                                                          GError             **error);

/* --- Anyone ------------------------------------------------------------- */

/* Imports a join, share, retraction, reply or key-update file (an invite gives a
 * result of kind INVITE with "changed" FALSE: open it with read_invite).
 * @expected_group: (nullable): refuse with OTHER_GROUP a file of another group.
 * Idempotent; on error nothing changed.  (transfer full) */
KindredGroupImport *kindred_groups_import_file           (KindredGroups       *self,
                                                          const char          *path,
                                                          KindredGroup        *expected_group,
                                                          GError             **error);
void                kindred_groups_import_file_async     (KindredGroups       *self,
                                                          const char          *path,
                                                          KindredGroup        *expected_group,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
KindredGroupImport *kindred_groups_import_file_finish    (KindredGroups       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* Forgets a group: its keys, roster, shares, replies and notes in this journal.
 * Files already sent are not affected. */
gboolean            kindred_groups_delete_group          (KindredGroups       *self,
                                                          KindredGroup        *group,
                                                          GError             **error);

G_END_DECLS

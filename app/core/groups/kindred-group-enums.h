/* kindred-group-enums.h: the enumerations of the groups module, with GTypes for
 * properties and combo rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KindredGroupRole:
 * @KINDRED_GROUP_ROLE_FACILITATOR: this journal created the group
 * @KINDRED_GROUP_ROLE_MEMBER: this journal joined it from an invite
 */
typedef enum
{
  KINDRED_GROUP_ROLE_FACILITATOR,
  KINDRED_GROUP_ROLE_MEMBER,
} KindredGroupRole;

/**
 * KindredShareLevel:
 * What of each chosen entry leaves.  Cumulative: each level includes all before it.
 * @KINDRED_SHARE_LEVEL_MOOD: the date and the mood only
 * @KINDRED_SHARE_LEVEL_EMOTIONS: plus the emotions and their intensity
 * @KINDRED_SHARE_LEVEL_STRATEGIES: plus the strategies used and how much each helped
 * @KINDRED_SHARE_LEVEL_TRIGGERS: plus the triggers
 * @KINDRED_SHARE_LEVEL_TEXT: plus the title and the text
 */
typedef enum
{
  KINDRED_SHARE_LEVEL_MOOD,
  KINDRED_SHARE_LEVEL_EMOTIONS,
  KINDRED_SHARE_LEVEL_STRATEGIES,
  KINDRED_SHARE_LEVEL_TRIGGERS,
  KINDRED_SHARE_LEVEL_TEXT,
} KindredShareLevel;

/**
 * KindredShareAudience:
 * @KINDRED_SHARE_AUDIENCE_GROUP: everyone in the group (sealed with the group key)
 * @KINDRED_SHARE_AUDIENCE_FACILITATOR: the facilitator only (sealed to their key)
 */
typedef enum
{
  KINDRED_SHARE_AUDIENCE_GROUP,
  KINDRED_SHARE_AUDIENCE_FACILITATOR,
} KindredShareAudience;

/**
 * KindredShareFlags:
 * Gentle prompts for a person to check in; never a diagnosis.
 * @KINDRED_SHARE_FLAG_NONE: nothing to point out
 * @KINDRED_SHARE_FLAG_WORDS: the text or message contains a phrase from the curated
 *   list of words people use when they may be in danger
 * @KINDRED_SHARE_FLAG_LOW_MOODS: the moods of this member's last
 *   %KINDRED_GROUPS_LOW_MOOD_SHARES shares (this one included) are all at the
 *   lowest level
 */
typedef enum /*< flags >*/
{
  KINDRED_SHARE_FLAG_NONE      = 0,
  KINDRED_SHARE_FLAG_WORDS     = 1 << 0,
  KINDRED_SHARE_FLAG_LOW_MOODS = 1 << 1,
} KindredShareFlags;

/**
 * KindredGroupFileKind:
 * The kinds of group files (the envelope's "kindred" member) and their suffixes.
 * @KINDRED_GROUP_FILE_INVITE: "invite", `.kindred-invite`
 * @KINDRED_GROUP_FILE_JOIN: "join", `.kindred-join`
 * @KINDRED_GROUP_FILE_SHARE: "share", `.kindred-share`
 * @KINDRED_GROUP_FILE_RETRACTION: "retraction", `.kindred-retraction`
 * @KINDRED_GROUP_FILE_REPLY: "reply", `.kindred-reply`
 * @KINDRED_GROUP_FILE_KEY_UPDATE: "key-update", `.kindred-key-update`
 */
typedef enum
{
  KINDRED_GROUP_FILE_INVITE,
  KINDRED_GROUP_FILE_JOIN,
  KINDRED_GROUP_FILE_SHARE,
  KINDRED_GROUP_FILE_RETRACTION,
  KINDRED_GROUP_FILE_REPLY,
  KINDRED_GROUP_FILE_KEY_UPDATE,
} KindredGroupFileKind;

#define KINDRED_TYPE_GROUP_ROLE      (kindred_group_role_get_type ())
#define KINDRED_TYPE_SHARE_LEVEL     (kindred_share_level_get_type ())
#define KINDRED_TYPE_SHARE_AUDIENCE  (kindred_share_audience_get_type ())
#define KINDRED_TYPE_SHARE_FLAGS     (kindred_share_flags_get_type ())
#define KINDRED_TYPE_GROUP_FILE_KIND (kindred_group_file_kind_get_type ())

GType       kindred_group_role_get_type      (void) G_GNUC_CONST;
GType       kindred_share_level_get_type     (void) G_GNUC_CONST;
GType       kindred_share_audience_get_type  (void) G_GNUC_CONST;
GType       kindred_share_flags_get_type     (void) G_GNUC_CONST;
GType       kindred_group_file_kind_get_type (void) G_GNUC_CONST;

/* Translated, for pickers and summaries ("Mood only", "Mood and emotions", "Plus
 * strategies", "Plus triggers", "Everything, with the text"; "The whole group",
 * "The facilitator only").  (transfer none) */
const char *kindred_share_level_get_label    (KindredShareLevel    level);
const char *kindred_share_audience_get_label (KindredShareAudience audience);
/* The file name suffix with its dot, e.g. ".kindred-share"; and the envelope kind,
 * e.g. "share".  (transfer none) */
const char *kindred_group_file_kind_get_suffix (KindredGroupFileKind kind);
const char *kindred_group_file_kind_get_name   (KindredGroupFileKind kind);

G_END_DECLS

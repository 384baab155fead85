/* kindred-group-enums.c: GTypes, labels and names of the groups module's enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-group-enums.h"

#include <glib/gi18n-lib.h>

G_DEFINE_ENUM_TYPE (KindredGroupRole, kindred_group_role,
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_ROLE_FACILITATOR, "facilitator"),
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_ROLE_MEMBER, "member"))

G_DEFINE_ENUM_TYPE (KindredShareLevel, kindred_share_level,
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_LEVEL_MOOD, "mood"),
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_LEVEL_EMOTIONS, "emotions"),
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_LEVEL_STRATEGIES, "strategies"),
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_LEVEL_TRIGGERS, "triggers"),
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_LEVEL_TEXT, "text"))

G_DEFINE_ENUM_TYPE (KindredShareAudience, kindred_share_audience,
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_AUDIENCE_GROUP, "group"),
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_AUDIENCE_FACILITATOR, "facilitator"))

G_DEFINE_FLAGS_TYPE (KindredShareFlags, kindred_share_flags,
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_FLAG_NONE, "none"),
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_FLAG_WORDS, "words"),
  G_DEFINE_ENUM_VALUE (KINDRED_SHARE_FLAG_LOW_MOODS, "low-moods"))

G_DEFINE_ENUM_TYPE (KindredGroupFileKind, kindred_group_file_kind,
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_FILE_INVITE, "invite"),
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_FILE_JOIN, "join"),
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_FILE_SHARE, "share"),
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_FILE_RETRACTION, "retraction"),
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_FILE_REPLY, "reply"),
  G_DEFINE_ENUM_VALUE (KINDRED_GROUP_FILE_KEY_UPDATE, "key-update"))

const char *
kindred_share_level_get_label (KindredShareLevel level)
{
  switch (level)
    {
    case KINDRED_SHARE_LEVEL_MOOD:
      return _("Mood only");
    case KINDRED_SHARE_LEVEL_EMOTIONS:
      return _("Mood and emotions");
    case KINDRED_SHARE_LEVEL_STRATEGIES:
      return _("Plus strategies and how they helped");
    case KINDRED_SHARE_LEVEL_TRIGGERS:
      return _("Plus triggers");
    case KINDRED_SHARE_LEVEL_TEXT:
      return _("Everything, with the text");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
kindred_share_audience_get_label (KindredShareAudience audience)
{
  switch (audience)
    {
    case KINDRED_SHARE_AUDIENCE_GROUP:
      return _("The whole group");
    case KINDRED_SHARE_AUDIENCE_FACILITATOR:
      return _("The facilitator only");
    default:
      g_return_val_if_reached ("");
    }
}

static const struct
{
  const char *name;
  const char *suffix;
} file_kinds[] = {
  [KINDRED_GROUP_FILE_INVITE] = { "invite", ".kindred-invite" },
  [KINDRED_GROUP_FILE_JOIN] = { "join", ".kindred-join" },
  [KINDRED_GROUP_FILE_SHARE] = { "share", ".kindred-share" },
  [KINDRED_GROUP_FILE_RETRACTION] = { "retraction", ".kindred-retraction" },
  [KINDRED_GROUP_FILE_REPLY] = { "reply", ".kindred-reply" },
  [KINDRED_GROUP_FILE_KEY_UPDATE] = { "key-update", ".kindred-key-update" },
};

const char *
kindred_group_file_kind_get_suffix (KindredGroupFileKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (file_kinds), "");

  return file_kinds[kind].suffix;
}

const char *
kindred_group_file_kind_get_name (KindredGroupFileKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (file_kinds), "");

  return file_kinds[kind].name;
}

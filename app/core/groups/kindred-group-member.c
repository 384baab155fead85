/* kindred-group-member.c: one person on a group's roster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-group-member.h"

#include <string.h>

#include "groups/kindred-groups-private.h"

struct _KindredGroupMember
{
  GObject     parent_instance;

  char       *id;
  char       *pseudonym;
  GDateTime  *joined_at;
  char       *note;       /* the facilitator's private words: never log them */
  guint8      sign_key[KINDRED_SIGN_PUBLIC_SIZE];
  guint8      box_key[KINDRED_BOX_PUBLIC_SIZE];
  gboolean    removed;
};

G_DEFINE_FINAL_TYPE (KindredGroupMember, kindred_group_member, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_PSEUDONYM,
  PROP_REMOVED,
  PROP_JOINED_AT,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kindred_group_member_finalize (GObject *object)
{
  KindredGroupMember *self = KINDRED_GROUP_MEMBER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->pseudonym, g_free);
  g_clear_pointer (&self->joined_at, g_date_time_unref);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (kindred_group_member_parent_class)->finalize (object);
}

static void
kindred_group_member_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KindredGroupMember *self = KINDRED_GROUP_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PSEUDONYM:
      g_value_set_string (value, self->pseudonym);
      break;
    case PROP_REMOVED:
      g_value_set_boolean (value, self->removed);
      break;
    case PROP_JOINED_AT:
      g_value_set_boxed (value, self->joined_at);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_group_member_class_init (KindredGroupMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kindred_group_member_finalize;
  object_class->get_property = kindred_group_member_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PSEUDONYM] =
    g_param_spec_string ("pseudonym", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOVED] =
    g_param_spec_boolean ("removed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOINED_AT] =
    g_param_spec_boxed ("joined-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_group_member_init (KindredGroupMember *self)
{
  self->pseudonym = g_strdup ("");
  self->note = g_strdup ("");
}

KindredGroupMember *
_kindred_group_member_new (const char   *id,
                           const guint8 *sign_key,
                           const guint8 *box_key)
{
  KindredGroupMember *self = g_object_new (KINDRED_TYPE_GROUP_MEMBER, NULL);

  self->id = g_strdup (id);
  memcpy (self->sign_key, sign_key, sizeof self->sign_key);
  memcpy (self->box_key, box_key, sizeof self->box_key);

  return self;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
_kindred_group_member_update (KindredGroupMember *self,
                              const char         *pseudonym,
                              gboolean            removed,
                              gint64              joined_at_us,
                              const char         *note)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);

  if (set_string (&self->pseudonym, pseudonym))
    g_object_notify_by_pspec (object, properties[PROP_PSEUDONYM]);
  if (set_string (&self->note, note))
    g_object_notify_by_pspec (object, properties[PROP_NOTE]);
  if (self->removed != !!removed)
    {
      self->removed = !!removed;
      g_object_notify_by_pspec (object, properties[PROP_REMOVED]);
    }
  if (joined_at_us > 0 &&
      (self->joined_at == NULL || _kindred_groups_time_to_us (self->joined_at) != joined_at_us))
    {
      g_clear_pointer (&self->joined_at, g_date_time_unref);
      self->joined_at = _kindred_groups_time_from_us (joined_at_us);
      g_object_notify_by_pspec (object, properties[PROP_JOINED_AT]);
    }

  g_object_thaw_notify (object);
}

const char *
kindred_group_member_get_id (KindredGroupMember *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (self), NULL);
  return self->id;
}

const char *
kindred_group_member_get_pseudonym (KindredGroupMember *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (self), NULL);
  return self->pseudonym;
}

gboolean
kindred_group_member_get_removed (KindredGroupMember *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (self), FALSE);
  return self->removed;
}

GDateTime *
kindred_group_member_get_joined_at (KindredGroupMember *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (self), NULL);
  return self->joined_at;
}

const char *
kindred_group_member_get_note (KindredGroupMember *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (self), NULL);
  return self->note;
}

const guint8 *
kindred_group_member_get_sign_key (KindredGroupMember *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (self), NULL);
  return self->sign_key;
}

const guint8 *
kindred_group_member_get_box_key (KindredGroupMember *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (self), NULL);
  return self->box_key;
}

/* kindred-group-invite.c: an opened invite, before joining
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include <string.h>

#include "groups/kindred-groups-private.h"

struct _KindredGroupInvite
{
  GObject      parent_instance;

  char        *group_id;
  char        *name;
  char        *description;
  char        *meets;
  char        *ground_rules;
  char        *escalation_note;
  char        *facilitator_pseudonym;
  KindredKey  *key;        /* the group key: guarded memory */
  GPtrArray   *members;    /* KindredRosterEntry */
  gint64       serial;
  guint        epoch;
  guint8       facilitator_sign[KINDRED_SIGN_PUBLIC_SIZE];
  guint8       facilitator_box[KINDRED_BOX_PUBLIC_SIZE];
  gboolean     already_joined;
};

G_DEFINE_FINAL_TYPE (KindredGroupInvite, kindred_group_invite, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_GROUP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_MEETS,
  PROP_GROUND_RULES,
  PROP_ESCALATION_NOTE,
  PROP_FACILITATOR_PSEUDONYM,
  PROP_N_MEMBERS,
  PROP_ALREADY_JOINED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_kindred_roster_entry_free (KindredRosterEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->pseudonym);
  g_free (entry);
}

static void
kindred_group_invite_finalize (GObject *object)
{
  KindredGroupInvite *self = KINDRED_GROUP_INVITE (object);

  g_clear_pointer (&self->group_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->meets, g_free);
  g_clear_pointer (&self->ground_rules, g_free);
  g_clear_pointer (&self->escalation_note, g_free);
  g_clear_pointer (&self->facilitator_pseudonym, g_free);
  g_clear_pointer (&self->key, kindred_key_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (kindred_group_invite_parent_class)->finalize (object);
}

static void
kindred_group_invite_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KindredGroupInvite *self = KINDRED_GROUP_INVITE (object);

  switch (prop_id)
    {
    case PROP_GROUP_ID:
      g_value_set_string (value, self->group_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_MEETS:
      g_value_set_string (value, self->meets);
      break;
    case PROP_GROUND_RULES:
      g_value_set_string (value, self->ground_rules);
      break;
    case PROP_ESCALATION_NOTE:
      g_value_set_string (value, self->escalation_note);
      break;
    case PROP_FACILITATOR_PSEUDONYM:
      g_value_set_string (value, self->facilitator_pseudonym);
      break;
    case PROP_N_MEMBERS:
      g_value_set_uint (value, self->members != NULL ? self->members->len : 0);
      break;
    case PROP_ALREADY_JOINED:
      g_value_set_boolean (value, self->already_joined);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_group_invite_class_init (KindredGroupInviteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kindred_group_invite_finalize;
  object_class->get_property = kindred_group_invite_get_property;

  properties[PROP_GROUP_ID] = g_param_spec_string ("group-id", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);
  properties[PROP_MEETS] = g_param_spec_string ("meets", NULL, NULL, NULL, ro);
  properties[PROP_GROUND_RULES] = g_param_spec_string ("ground-rules", NULL, NULL, NULL, ro);
  properties[PROP_ESCALATION_NOTE] =
    g_param_spec_string ("escalation-note", NULL, NULL, NULL, ro);
  properties[PROP_FACILITATOR_PSEUDONYM] =
    g_param_spec_string ("facilitator-pseudonym", NULL, NULL, NULL, ro);
  properties[PROP_N_MEMBERS] =
    g_param_spec_uint ("n-members", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ALREADY_JOINED] =
    g_param_spec_boolean ("already-joined", NULL, NULL, FALSE, ro | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_group_invite_init (KindredGroupInvite *self)
{
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) _kindred_roster_entry_free);
}

KindredGroupInvite *
_kindred_group_invite_new (void)
{
  return g_object_new (KINDRED_TYPE_GROUP_INVITE, NULL);
}

void
_kindred_group_invite_set (KindredGroupInvite *self,
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
                           GPtrArray          *members)
{
  self->group_id = g_strdup (group_id);
  self->name = g_strdup (name);
  self->description = g_strdup (description);
  self->meets = g_strdup (meets);
  self->ground_rules = g_strdup (ground_rules);
  self->escalation_note = g_strdup (escalation_note);
  self->facilitator_pseudonym = g_strdup (facilitator_pseudonym);
  memcpy (self->facilitator_sign, facilitator_sign, sizeof self->facilitator_sign);
  memcpy (self->facilitator_box, facilitator_box, sizeof self->facilitator_box);
  self->epoch = epoch;
  self->serial = serial;
  self->key = key;
  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = g_ptr_array_ref (members);
}

void
_kindred_group_invite_set_already_joined (KindredGroupInvite *self,
                                          gboolean            joined)
{
  if (self->already_joined == !!joined)
    return;
  self->already_joined = !!joined;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALREADY_JOINED]);
}

const guint8 *
_kindred_group_invite_get_facilitator_sign (KindredGroupInvite *self)
{
  return self->facilitator_sign;
}

const guint8 *
_kindred_group_invite_get_facilitator_box (KindredGroupInvite *self)
{
  return self->facilitator_box;
}

guint
_kindred_group_invite_get_epoch (KindredGroupInvite *self)
{
  return self->epoch;
}

gint64
_kindred_group_invite_get_serial (KindredGroupInvite *self)
{
  return self->serial;
}

KindredKey *
_kindred_group_invite_get_key (KindredGroupInvite *self)
{
  return self->key;
}

GPtrArray *
_kindred_group_invite_get_members (KindredGroupInvite *self)
{
  return self->members;
}

const char *
kindred_group_invite_get_group_id (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), NULL);
  return self->group_id;
}

const char *
kindred_group_invite_get_name (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), NULL);
  return self->name;
}

const char *
kindred_group_invite_get_description (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), NULL);
  return self->description;
}

const char *
kindred_group_invite_get_meets (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), NULL);
  return self->meets;
}

const char *
kindred_group_invite_get_ground_rules (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), NULL);
  return self->ground_rules;
}

const char *
kindred_group_invite_get_escalation_note (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), NULL);
  return self->escalation_note;
}

const char *
kindred_group_invite_get_facilitator_pseudonym (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), NULL);
  return self->facilitator_pseudonym;
}

guint
kindred_group_invite_get_n_members (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), 0);
  return self->members->len;
}

gboolean
kindred_group_invite_get_already_joined (KindredGroupInvite *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (self), FALSE);
  return self->already_joined;
}

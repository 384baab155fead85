/* kindred-group.c: one peer support group as this journal knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-group.h"

#include "groups/kindred-groups-private.h"

struct _KindredGroup
{
  GObject           parent_instance;

  char             *id;
  char             *name;
  char             *description;
  char             *meets;
  char             *ground_rules;
  char             *escalation_note;
  char             *pseudonym;
  char             *facilitator_pseudonym;
  GDateTime        *created_at;
  GListStore       *roster;
  GListStore       *history;
  GListStore       *received;
  KindredGroupRole  role;
  guint             epoch;
  guint             n_unreviewed;
  guint             n_flagged;
  gboolean          removed;
};

G_DEFINE_FINAL_TYPE (KindredGroup, kindred_group, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_MEETS,
  PROP_GROUND_RULES,
  PROP_ESCALATION_NOTE,
  PROP_ROLE,
  PROP_PSEUDONYM,
  PROP_FACILITATOR_PSEUDONYM,
  PROP_EPOCH,
  PROP_REMOVED,
  PROP_CREATED_AT,
  PROP_N_UNREVIEWED,
  PROP_N_FLAGGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kindred_group_dispose (GObject *object)
{
  KindredGroup *self = KINDRED_GROUP (object);

  g_clear_object (&self->roster);
  g_clear_object (&self->history);
  g_clear_object (&self->received);

  G_OBJECT_CLASS (kindred_group_parent_class)->dispose (object);
}

static void
kindred_group_finalize (GObject *object)
{
  KindredGroup *self = KINDRED_GROUP (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->meets, g_free);
  g_clear_pointer (&self->ground_rules, g_free);
  g_clear_pointer (&self->escalation_note, g_free);
  g_clear_pointer (&self->pseudonym, g_free);
  g_clear_pointer (&self->facilitator_pseudonym, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (kindred_group_parent_class)->finalize (object);
}

static void
kindred_group_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KindredGroup *self = KINDRED_GROUP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
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
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_PSEUDONYM:
      g_value_set_string (value, self->pseudonym);
      break;
    case PROP_FACILITATOR_PSEUDONYM:
      g_value_set_string (value, self->facilitator_pseudonym);
      break;
    case PROP_EPOCH:
      g_value_set_uint (value, self->epoch);
      break;
    case PROP_REMOVED:
      g_value_set_boolean (value, self->removed);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_N_UNREVIEWED:
      g_value_set_uint (value, self->n_unreviewed);
      break;
    case PROP_N_FLAGGED:
      g_value_set_uint (value, self->n_flagged);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_group_class_init (KindredGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = ro | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = kindred_group_dispose;
  object_class->finalize = kindred_group_finalize;
  object_class->get_property = kindred_group_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_MEETS] = g_param_spec_string ("meets", NULL, NULL, NULL, rw);
  properties[PROP_GROUND_RULES] = g_param_spec_string ("ground-rules", NULL, NULL, NULL, rw);
  properties[PROP_ESCALATION_NOTE] =
    g_param_spec_string ("escalation-note", NULL, NULL, NULL, rw);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KINDRED_TYPE_GROUP_ROLE,
                       KINDRED_GROUP_ROLE_MEMBER, ro);
  properties[PROP_PSEUDONYM] = g_param_spec_string ("pseudonym", NULL, NULL, NULL, rw);
  properties[PROP_FACILITATOR_PSEUDONYM] =
    g_param_spec_string ("facilitator-pseudonym", NULL, NULL, NULL, rw);
  properties[PROP_EPOCH] = g_param_spec_uint ("epoch", NULL, NULL, 0, G_MAXUINT, 1, rw);
  properties[PROP_REMOVED] = g_param_spec_boolean ("removed", NULL, NULL, FALSE, rw);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_N_UNREVIEWED] =
    g_param_spec_uint ("n-unreviewed", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_N_FLAGGED] =
    g_param_spec_uint ("n-flagged", NULL, NULL, 0, G_MAXUINT, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_group_init (KindredGroup *self)
{
  self->name = g_strdup ("");
  self->description = g_strdup ("");
  self->meets = g_strdup ("");
  self->ground_rules = g_strdup ("");
  self->escalation_note = g_strdup ("");
  self->pseudonym = g_strdup ("");
  self->facilitator_pseudonym = g_strdup ("");
  self->epoch = 1;
  self->roster = g_list_store_new (KINDRED_TYPE_GROUP_MEMBER);
  self->history = g_list_store_new (KINDRED_TYPE_GROUP_SHARE);
  self->received = g_list_store_new (KINDRED_TYPE_GROUP_SHARE);
}

KindredGroup *
_kindred_group_new (const char       *id,
                    KindredGroupRole  role)
{
  KindredGroup *self = g_object_new (KINDRED_TYPE_GROUP, NULL);

  self->id = g_strdup (id);
  self->role = role;

  return self;
}

static void
update_string (KindredGroup  *self,
               char         **field,
               const char    *value,
               guint          prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_kindred_group_update (KindredGroup *self,
                       const char   *name,
                       const char   *description,
                       const char   *meets,
                       const char   *ground_rules,
                       const char   *escalation_note,
                       const char   *pseudonym,
                       const char   *facilitator_pseudonym,
                       guint         epoch,
                       gboolean      removed,
                       gint64        created_at_us)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);

  update_string (self, &self->name, name, PROP_NAME);
  update_string (self, &self->description, description, PROP_DESCRIPTION);
  update_string (self, &self->meets, meets, PROP_MEETS);
  update_string (self, &self->ground_rules, ground_rules, PROP_GROUND_RULES);
  update_string (self, &self->escalation_note, escalation_note, PROP_ESCALATION_NOTE);
  update_string (self, &self->pseudonym, pseudonym, PROP_PSEUDONYM);
  update_string (self, &self->facilitator_pseudonym, facilitator_pseudonym,
                 PROP_FACILITATOR_PSEUDONYM);
  if (self->epoch != epoch)
    {
      self->epoch = epoch;
      g_object_notify_by_pspec (object, properties[PROP_EPOCH]);
    }
  if (self->removed != !!removed)
    {
      self->removed = !!removed;
      g_object_notify_by_pspec (object, properties[PROP_REMOVED]);
    }
  if (self->created_at == NULL || _kindred_groups_time_to_us (self->created_at) != created_at_us)
    {
      g_clear_pointer (&self->created_at, g_date_time_unref);
      self->created_at = _kindred_groups_time_from_us (created_at_us);
      g_object_notify_by_pspec (object, properties[PROP_CREATED_AT]);
    }

  g_object_thaw_notify (object);
}

GListStore *
_kindred_group_get_roster_store (KindredGroup *self)
{
  return self->roster;
}

GListStore *
_kindred_group_get_history_store (KindredGroup *self)
{
  return self->history;
}

GListStore *
_kindred_group_get_received_store (KindredGroup *self)
{
  return self->received;
}

void
_kindred_group_recount (KindredGroup *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->received));
  guint unreviewed = 0, flagged = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (G_LIST_MODEL (self->received), i);

      if (kindred_group_share_get_retracted (share) || kindred_group_share_get_reviewed (share))
        continue;
      unreviewed++;
      if (kindred_group_share_get_flags (share) != KINDRED_SHARE_FLAG_NONE)
        flagged++;
    }

  if (self->n_unreviewed != unreviewed)
    {
      self->n_unreviewed = unreviewed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNREVIEWED]);
    }
  if (self->n_flagged != flagged)
    {
      self->n_flagged = flagged;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FLAGGED]);
    }
}

const char *
kindred_group_get_id (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->id;
}

const char *
kindred_group_get_name (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->name;
}

const char *
kindred_group_get_description (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->description;
}

const char *
kindred_group_get_meets (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->meets;
}

const char *
kindred_group_get_ground_rules (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->ground_rules;
}

const char *
kindred_group_get_escalation_note (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->escalation_note;
}

KindredGroupRole
kindred_group_get_role (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), KINDRED_GROUP_ROLE_MEMBER);
  return self->role;
}

gboolean
kindred_group_is_facilitator (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), FALSE);
  return self->role == KINDRED_GROUP_ROLE_FACILITATOR;
}

const char *
kindred_group_get_pseudonym (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->pseudonym;
}

const char *
kindred_group_get_facilitator_pseudonym (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->facilitator_pseudonym;
}

guint
kindred_group_get_epoch (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), 0);
  return self->epoch;
}

gboolean
kindred_group_get_removed (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), FALSE);
  return self->removed;
}

GDateTime *
kindred_group_get_created_at (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return self->created_at;
}

guint
kindred_group_get_n_unreviewed (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), 0);
  return self->n_unreviewed;
}

guint
kindred_group_get_n_flagged (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), 0);
  return self->n_flagged;
}

GListModel *
kindred_group_get_roster (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return G_LIST_MODEL (self->roster);
}

GListModel *
kindred_group_get_history (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return G_LIST_MODEL (self->history);
}

GListModel *
kindred_group_get_received (KindredGroup *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);
  return G_LIST_MODEL (self->received);
}

KindredGroupMember *
kindred_group_lookup_member (KindredGroup *self,
                             const char   *member_id)
{
  guint n;

  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->roster));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupMember) member = g_list_model_get_item (G_LIST_MODEL (self->roster), i);

      if (g_strcmp0 (kindred_group_member_get_id (member), member_id) == 0)
        return member;   /* the store keeps its reference */
    }
  return NULL;
}

static KindredGroupShare *
find_share (GListModel *model,
            const char *share_id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (model, i);

      if (g_strcmp0 (kindred_group_share_get_id (share), share_id) == 0)
        return share;
    }
  return NULL;
}

KindredGroupShare *
kindred_group_lookup_share (KindredGroup *self,
                            const char   *share_id)
{
  KindredGroupShare *share;

  g_return_val_if_fail (KINDRED_IS_GROUP (self), NULL);

  share = find_share (G_LIST_MODEL (self->history), share_id);
  if (share == NULL)
    share = find_share (G_LIST_MODEL (self->received), share_id);
  return share;
}

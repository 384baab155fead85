/* kindred-group-import.c: what importing one group file did
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-groups-private.h"

struct _KindredGroupImport
{
  GObject               parent_instance;

  KindredGroup         *group;
  KindredGroupMember   *member;
  KindredGroupShare    *share;
  KindredGroupReply    *reply;
  char                 *message;
  KindredGroupFileKind  kind;
  gboolean              changed;
};

G_DEFINE_FINAL_TYPE (KindredGroupImport, kindred_group_import, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_CHANGED,
  PROP_GROUP,
  PROP_MEMBER,
  PROP_SHARE,
  PROP_REPLY,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kindred_group_import_dispose (GObject *object)
{
  KindredGroupImport *self = KINDRED_GROUP_IMPORT (object);

  g_clear_object (&self->group);
  g_clear_object (&self->member);
  g_clear_object (&self->share);
  g_clear_object (&self->reply);

  G_OBJECT_CLASS (kindred_group_import_parent_class)->dispose (object);
}

static void
kindred_group_import_finalize (GObject *object)
{
  KindredGroupImport *self = KINDRED_GROUP_IMPORT (object);

  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (kindred_group_import_parent_class)->finalize (object);
}

static void
kindred_group_import_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KindredGroupImport *self = KINDRED_GROUP_IMPORT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CHANGED:
      g_value_set_boolean (value, self->changed);
      break;
    case PROP_GROUP:
      g_value_set_object (value, self->group);
      break;
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;
    case PROP_SHARE:
      g_value_set_object (value, self->share);
      break;
    case PROP_REPLY:
      g_value_set_object (value, self->reply);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_group_import_class_init (KindredGroupImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kindred_group_import_dispose;
  object_class->finalize = kindred_group_import_finalize;
  object_class->get_property = kindred_group_import_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, KINDRED_TYPE_GROUP_FILE_KIND,
                       KINDRED_GROUP_FILE_SHARE, ro);
  properties[PROP_CHANGED] = g_param_spec_boolean ("changed", NULL, NULL, FALSE, ro);
  properties[PROP_GROUP] = g_param_spec_object ("group", NULL, NULL, KINDRED_TYPE_GROUP, ro);
  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL, KINDRED_TYPE_GROUP_MEMBER, ro);
  properties[PROP_SHARE] =
    g_param_spec_object ("share", NULL, NULL, KINDRED_TYPE_GROUP_SHARE, ro);
  properties[PROP_REPLY] =
    g_param_spec_object ("reply", NULL, NULL, KINDRED_TYPE_GROUP_REPLY, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_group_import_init (KindredGroupImport *self)
{
}

KindredGroupImport *
_kindred_group_import_new (KindredGroupFileKind  kind,
                           gboolean              changed,
                           KindredGroup         *group,
                           KindredGroupMember   *member,
                           KindredGroupShare    *share,
                           KindredGroupReply    *reply,
                           const char           *message)
{
  KindredGroupImport *self = g_object_new (KINDRED_TYPE_GROUP_IMPORT, NULL);

  self->kind = kind;
  self->changed = !!changed;
  g_set_object (&self->group, group);
  g_set_object (&self->member, member);
  g_set_object (&self->share, share);
  g_set_object (&self->reply, reply);
  self->message = g_strdup (message != NULL ? message : "");

  return self;
}

KindredGroupFileKind
kindred_group_import_get_kind (KindredGroupImport *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_IMPORT (self), KINDRED_GROUP_FILE_SHARE);
  return self->kind;
}

gboolean
kindred_group_import_get_changed (KindredGroupImport *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_IMPORT (self), FALSE);
  return self->changed;
}

KindredGroup *
kindred_group_import_get_group (KindredGroupImport *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_IMPORT (self), NULL);
  return self->group;
}

KindredGroupMember *
kindred_group_import_get_member (KindredGroupImport *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_IMPORT (self), NULL);
  return self->member;
}

KindredGroupShare *
kindred_group_import_get_share (KindredGroupImport *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_IMPORT (self), NULL);
  return self->share;
}

KindredGroupReply *
kindred_group_import_get_reply (KindredGroupImport *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_IMPORT (self), NULL);
  return self->reply;
}

const char *
kindred_group_import_get_message (KindredGroupImport *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_IMPORT (self), NULL);
  return self->message;
}

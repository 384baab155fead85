/* kindred-group-reply.c: a facilitator's reply to one share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-group-share.h"

#include "groups/kindred-groups-private.h"

struct _KindredGroupReply
{
  GObject     parent_instance;

  char       *id;
  char       *share_id;
  char       *text;       /* private words: never log them */
  GDateTime  *written_at;
  gboolean    mine;
};

G_DEFINE_FINAL_TYPE (KindredGroupReply, kindred_group_reply, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SHARE_ID,
  PROP_TEXT,
  PROP_WRITTEN_AT,
  PROP_MINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kindred_group_reply_finalize (GObject *object)
{
  KindredGroupReply *self = KINDRED_GROUP_REPLY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->share_id, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->written_at, g_date_time_unref);

  G_OBJECT_CLASS (kindred_group_reply_parent_class)->finalize (object);
}

static void
kindred_group_reply_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KindredGroupReply *self = KINDRED_GROUP_REPLY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SHARE_ID:
      g_value_set_string (value, self->share_id);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_WRITTEN_AT:
      g_value_set_boxed (value, self->written_at);
      break;
    case PROP_MINE:
      g_value_set_boolean (value, self->mine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_group_reply_class_init (KindredGroupReplyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kindred_group_reply_finalize;
  object_class->get_property = kindred_group_reply_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARE_ID] =
    g_param_spec_string ("share-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITTEN_AT] =
    g_param_spec_boxed ("written-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MINE] =
    g_param_spec_boolean ("mine", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_group_reply_init (KindredGroupReply *self)
{
}

KindredGroupReply *
_kindred_group_reply_new (const char *id,
                          const char *share_id,
                          const char *text,
                          gint64      written_at_us,
                          gboolean    mine)
{
  KindredGroupReply *self = g_object_new (KINDRED_TYPE_GROUP_REPLY, NULL);

  self->id = g_strdup (id);
  self->share_id = g_strdup (share_id);
  self->text = g_strdup (text != NULL ? text : "");
  self->written_at = _kindred_groups_time_from_us (written_at_us);
  self->mine = !!mine;

  return self;
}

const char *
kindred_group_reply_get_id (KindredGroupReply *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_REPLY (self), NULL);
  return self->id;
}

const char *
kindred_group_reply_get_share_id (KindredGroupReply *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_REPLY (self), NULL);
  return self->share_id;
}

const char *
kindred_group_reply_get_text (KindredGroupReply *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_REPLY (self), NULL);
  return self->text;
}

GDateTime *
kindred_group_reply_get_written_at (KindredGroupReply *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_REPLY (self), NULL);
  return self->written_at;
}

gboolean
kindred_group_reply_get_mine (KindredGroupReply *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_REPLY (self), FALSE);
  return self->mine;
}

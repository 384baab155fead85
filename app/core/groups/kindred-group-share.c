/* kindred-group-share.c: one share, sent or received
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-group-share.h"

#include "groups/kindred-groups-private.h"

struct _KindredGroupShare
{
  GObject                  parent_instance;

  char                    *id;
  char                    *group_id;
  char                    *author_id;
  char                    *pseudonym;
  GBytes                  *payload;    /* private content: never log it */
  KindredSharePayloadInfo  info;
  char                    *text;       /* rendered on demand */
  GDateTime               *shared_at;
  GDateTime               *received_at;
  GDateTime               *retracted_at;
  char                    *note;
  GListStore              *replies;
  gint64                   sequence;
  KindredShareAudience     audience;
  KindredShareLevel        level;
  KindredShareFlags        flags;
  gboolean                 mine;
  gboolean                 retracted;
  gboolean                 reviewed;
};

G_DEFINE_FINAL_TYPE (KindredGroupShare, kindred_group_share, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_GROUP_ID,
  PROP_AUTHOR_ID,
  PROP_PSEUDONYM,
  PROP_MINE,
  PROP_AUDIENCE,
  PROP_LEVEL,
  PROP_SEQUENCE,
  PROP_SHARED_AT,
  PROP_RECEIVED_AT,
  PROP_MESSAGE,
  PROP_TEXT,
  PROP_N_ENTRIES,
  PROP_MOOD_AVERAGE,
  PROP_RETRACTED,
  PROP_RETRACTED_AT,
  PROP_REVIEWED,
  PROP_FLAGS,
  PROP_NOTE,
  PROP_REPLIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kindred_group_share_dispose (GObject *object)
{
  KindredGroupShare *self = KINDRED_GROUP_SHARE (object);

  g_clear_object (&self->replies);

  G_OBJECT_CLASS (kindred_group_share_parent_class)->dispose (object);
}

static void
kindred_group_share_finalize (GObject *object)
{
  KindredGroupShare *self = KINDRED_GROUP_SHARE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->group_id, g_free);
  g_clear_pointer (&self->author_id, g_free);
  g_clear_pointer (&self->pseudonym, g_free);
  g_clear_pointer (&self->payload, g_bytes_unref);
  _kindred_share_payload_info_clear (&self->info);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->shared_at, g_date_time_unref);
  g_clear_pointer (&self->received_at, g_date_time_unref);
  g_clear_pointer (&self->retracted_at, g_date_time_unref);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (kindred_group_share_parent_class)->finalize (object);
}

static void
kindred_group_share_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KindredGroupShare *self = KINDRED_GROUP_SHARE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_GROUP_ID:
      g_value_set_string (value, self->group_id);
      break;
    case PROP_AUTHOR_ID:
      g_value_set_string (value, self->author_id);
      break;
    case PROP_PSEUDONYM:
      g_value_set_string (value, self->pseudonym);
      break;
    case PROP_MINE:
      g_value_set_boolean (value, self->mine);
      break;
    case PROP_AUDIENCE:
      g_value_set_enum (value, self->audience);
      break;
    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case PROP_SEQUENCE:
      g_value_set_int64 (value, self->sequence);
      break;
    case PROP_SHARED_AT:
      g_value_set_boxed (value, self->shared_at);
      break;
    case PROP_RECEIVED_AT:
      g_value_set_boxed (value, self->received_at);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, kindred_group_share_get_message (self));
      break;
    case PROP_TEXT:
      g_value_set_string (value, kindred_group_share_get_text (self));
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->info.n_entries);
      break;
    case PROP_MOOD_AVERAGE:
      g_value_set_double (value, kindred_group_share_get_mood_average (self));
      break;
    case PROP_RETRACTED:
      g_value_set_boolean (value, self->retracted);
      break;
    case PROP_RETRACTED_AT:
      g_value_set_boxed (value, self->retracted_at);
      break;
    case PROP_REVIEWED:
      g_value_set_boolean (value, self->reviewed);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_REPLIES:
      g_value_set_object (value, self->replies);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_group_share_class_init (KindredGroupShareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = ro | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = kindred_group_share_dispose;
  object_class->finalize = kindred_group_share_finalize;
  object_class->get_property = kindred_group_share_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_GROUP_ID] = g_param_spec_string ("group-id", NULL, NULL, NULL, ro);
  properties[PROP_AUTHOR_ID] = g_param_spec_string ("author-id", NULL, NULL, NULL, ro);
  properties[PROP_PSEUDONYM] = g_param_spec_string ("pseudonym", NULL, NULL, NULL, rw);
  properties[PROP_MINE] = g_param_spec_boolean ("mine", NULL, NULL, FALSE, ro);
  properties[PROP_AUDIENCE] =
    g_param_spec_enum ("audience", NULL, NULL, KINDRED_TYPE_SHARE_AUDIENCE,
                       KINDRED_SHARE_AUDIENCE_GROUP, rw);
  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, KINDRED_TYPE_SHARE_LEVEL,
                       KINDRED_SHARE_LEVEL_MOOD, rw);
  properties[PROP_SEQUENCE] =
    g_param_spec_int64 ("sequence", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SHARED_AT] =
    g_param_spec_boxed ("shared-at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_RECEIVED_AT] =
    g_param_spec_boxed ("received-at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, rw);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, rw);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_MOOD_AVERAGE] =
    g_param_spec_double ("mood-average", NULL, NULL, 0, 5, 0, rw);
  properties[PROP_RETRACTED] = g_param_spec_boolean ("retracted", NULL, NULL, FALSE, rw);
  properties[PROP_RETRACTED_AT] =
    g_param_spec_boxed ("retracted-at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_REVIEWED] = g_param_spec_boolean ("reviewed", NULL, NULL, FALSE, rw);
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, KINDRED_TYPE_SHARE_FLAGS,
                        KINDRED_SHARE_FLAG_NONE, rw);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, rw);
  properties[PROP_REPLIES] =
    g_param_spec_object ("replies", NULL, NULL, G_TYPE_LIST_MODEL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_group_share_init (KindredGroupShare *self)
{
  self->pseudonym = g_strdup ("");
  self->note = g_strdup ("");
  self->replies = g_list_store_new (KINDRED_TYPE_GROUP_REPLY);
}

KindredGroupShare *
_kindred_group_share_new (const char *id,
                          const char *group_id,
                          const char *author_id,
                          gboolean    mine)
{
  KindredGroupShare *self = g_object_new (KINDRED_TYPE_GROUP_SHARE, NULL);

  self->id = g_strdup (id);
  self->group_id = g_strdup (group_id);
  self->author_id = g_strdup (author_id);
  self->mine = !!mine;

  return self;
}

static void
set_time (KindredGroupShare  *self,
          GDateTime         **field,
          gint64              us,
          guint               prop)
{
  if (us <= 0)
    {
      if (*field == NULL)
        return;
      g_clear_pointer (field, g_date_time_unref);
    }
  else
    {
      if (*field != NULL && _kindred_groups_time_to_us (*field) == us)
        return;
      g_clear_pointer (field, g_date_time_unref);
      *field = _kindred_groups_time_from_us (us);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_kindred_group_share_set_content (KindredGroupShare    *self,
                                  GBytes               *payload,
                                  KindredShareAudience  audience,
                                  KindredShareLevel     level,
                                  gint64                sequence,
                                  gint64                shared_at_us,
                                  gint64                received_at_us)
{
  GObject *object = G_OBJECT (self);
  gboolean payload_changed;

  g_object_freeze_notify (object);

  payload_changed = (payload == NULL) != (self->payload == NULL) ||
                    (payload != NULL && !g_bytes_equal (payload, self->payload));
  if (payload_changed)
    {
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&self->payload, g_bytes_unref);
      g_clear_pointer (&self->text, g_free);
      _kindred_share_payload_info_clear (&self->info);
      if (payload != NULL)
        {
          /* Checked on import and on build: failing here means a damaged row,
           * shown as an empty share rather than not at all. */
          if (_kindred_share_payload_parse (payload, &self->info, NULL, &error))
            self->payload = g_bytes_ref (payload);
          else
            g_warning ("A stored share could not be read: %s", error->message);
        }
      g_object_notify_by_pspec (object, properties[PROP_TEXT]);
      g_object_notify_by_pspec (object, properties[PROP_MESSAGE]);
      g_object_notify_by_pspec (object, properties[PROP_N_ENTRIES]);
      g_object_notify_by_pspec (object, properties[PROP_MOOD_AVERAGE]);
    }
  if (self->audience != audience)
    {
      self->audience = audience;
      g_object_notify_by_pspec (object, properties[PROP_AUDIENCE]);
    }
  if (self->level != level)
    {
      self->level = level;
      g_object_notify_by_pspec (object, properties[PROP_LEVEL]);
    }
  if (self->sequence != sequence)
    {
      self->sequence = sequence;
      g_object_notify_by_pspec (object, properties[PROP_SEQUENCE]);
    }
  set_time (self, &self->shared_at, shared_at_us, PROP_SHARED_AT);
  set_time (self, &self->received_at, received_at_us, PROP_RECEIVED_AT);

  g_object_thaw_notify (object);
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
_kindred_group_share_update (KindredGroupShare *self,
                             const char        *pseudonym,
                             gboolean           retracted,
                             gint64             retracted_at_us,
                             gboolean           reviewed,
                             KindredShareFlags  flags,
                             const char        *note)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);

  if (set_string (&self->pseudonym, pseudonym))
    g_object_notify_by_pspec (object, properties[PROP_PSEUDONYM]);
  if (set_string (&self->note, note))
    g_object_notify_by_pspec (object, properties[PROP_NOTE]);
  if (self->retracted != !!retracted)
    {
      self->retracted = !!retracted;
      g_object_notify_by_pspec (object, properties[PROP_RETRACTED]);
    }
  set_time (self, &self->retracted_at, retracted ? retracted_at_us : 0, PROP_RETRACTED_AT);
  if (self->reviewed != !!reviewed)
    {
      self->reviewed = !!reviewed;
      g_object_notify_by_pspec (object, properties[PROP_REVIEWED]);
    }
  if (self->flags != flags)
    {
      self->flags = flags;
      g_object_notify_by_pspec (object, properties[PROP_FLAGS]);
    }

  g_object_thaw_notify (object);
}

gboolean
_kindred_group_share_has_payload (KindredGroupShare *self)
{
  return self->payload != NULL;
}

const gint64 *
_kindred_group_share_get_dates (KindredGroupShare  *self,
                                const int         **offsets_s)
{
  if (offsets_s != NULL)
    *offsets_s = self->info.offsets_s;
  return self->info.dates_us;
}

void
_kindred_group_share_add_reply (KindredGroupShare *self,
                                KindredGroupReply *reply)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->replies));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupReply) old = g_list_model_get_item (G_LIST_MODEL (self->replies), i);

      if (g_strcmp0 (kindred_group_reply_get_id (old), kindred_group_reply_get_id (reply)) == 0)
        return;
    }
  g_list_store_append (self->replies, reply);
}

const char *
kindred_group_share_get_id (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->id;
}

const char *
kindred_group_share_get_group_id (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->group_id;
}

const char *
kindred_group_share_get_author_id (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->author_id;
}

const char *
kindred_group_share_get_pseudonym (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->pseudonym;
}

gboolean
kindred_group_share_get_mine (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), FALSE);
  return self->mine;
}

KindredShareAudience
kindred_group_share_get_audience (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), KINDRED_SHARE_AUDIENCE_GROUP);
  return self->audience;
}

KindredShareLevel
kindred_group_share_get_level (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), KINDRED_SHARE_LEVEL_MOOD);
  return self->level;
}

gint64
kindred_group_share_get_sequence (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), 0);
  return self->sequence;
}

GDateTime *
kindred_group_share_get_shared_at (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->shared_at;
}

GDateTime *
kindred_group_share_get_received_at (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->received_at;
}

const char *
kindred_group_share_get_message (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->info.message != NULL ? self->info.message : "";
}

const char *
kindred_group_share_get_text (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);

  if (self->text == NULL)
    {
      if (self->payload != NULL)
        self->text = kindred_share_render_text (self->payload, NULL);
      if (self->text == NULL)
        self->text = g_strdup ("");
    }
  return self->text;
}

guint
kindred_group_share_get_n_entries (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), 0);
  return self->info.n_entries;
}

double
kindred_group_share_get_mood_average (KindredGroupShare *self)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), 0);

  for (guint i = 0; i < self->info.n_entries; i++)
    if (self->info.moods[i] > 0)
      {
        sum += self->info.moods[i];
        n++;
      }
  return n > 0 ? sum / n : 0;
}

gboolean
kindred_group_share_get_retracted (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), FALSE);
  return self->retracted;
}

GDateTime *
kindred_group_share_get_retracted_at (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->retracted_at;
}

gboolean
kindred_group_share_get_reviewed (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), FALSE);
  return self->reviewed;
}

KindredShareFlags
kindred_group_share_get_flags (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), KINDRED_SHARE_FLAG_NONE);
  return self->flags;
}

const char *
kindred_group_share_get_note (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->note;
}

GListModel *
kindred_group_share_get_replies (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return G_LIST_MODEL (self->replies);
}

const int *
kindred_group_share_get_moods (KindredGroupShare *self,
                               guint             *n_moods)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);

  if (n_moods != NULL)
    *n_moods = self->info.n_entries;
  return self->info.moods;
}

GBytes *
kindred_group_share_get_payload (KindredGroupShare *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (self), NULL);
  return self->payload;
}

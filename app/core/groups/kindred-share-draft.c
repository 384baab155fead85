/* kindred-share-draft.c: a share built, shown, not yet written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-groups-private.h"

struct _KindredShareDraft
{
  GObject               parent_instance;

  KindredGroup         *group;
  char                 *share_id;
  char                 *message;
  GBytes               *payload;   /* exactly what is sealed: never log it */
  char                 *text;
  guint                 n_entries;
  KindredShareLevel     level;
  KindredShareAudience  audience;
  gboolean              written;
};

G_DEFINE_FINAL_TYPE (KindredShareDraft, kindred_share_draft, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_GROUP,
  PROP_SHARE_ID,
  PROP_LEVEL,
  PROP_AUDIENCE,
  PROP_MESSAGE,
  PROP_N_ENTRIES,
  PROP_PAYLOAD,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kindred_share_draft_dispose (GObject *object)
{
  KindredShareDraft *self = KINDRED_SHARE_DRAFT (object);

  g_clear_object (&self->group);

  G_OBJECT_CLASS (kindred_share_draft_parent_class)->dispose (object);
}

static void
kindred_share_draft_finalize (GObject *object)
{
  KindredShareDraft *self = KINDRED_SHARE_DRAFT (object);

  g_clear_pointer (&self->share_id, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (kindred_share_draft_parent_class)->finalize (object);
}

static void
kindred_share_draft_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KindredShareDraft *self = KINDRED_SHARE_DRAFT (object);

  switch (prop_id)
    {
    case PROP_GROUP:
      g_value_set_object (value, self->group);
      break;
    case PROP_SHARE_ID:
      g_value_set_string (value, self->share_id);
      break;
    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case PROP_AUDIENCE:
      g_value_set_enum (value, self->audience);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n_entries);
      break;
    case PROP_PAYLOAD:
      g_value_set_boxed (value, self->payload);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_share_draft_class_init (KindredShareDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kindred_share_draft_dispose;
  object_class->finalize = kindred_share_draft_finalize;
  object_class->get_property = kindred_share_draft_get_property;

  properties[PROP_GROUP] = g_param_spec_object ("group", NULL, NULL, KINDRED_TYPE_GROUP, ro);
  properties[PROP_SHARE_ID] = g_param_spec_string ("share-id", NULL, NULL, NULL, ro);
  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, KINDRED_TYPE_SHARE_LEVEL,
                       KINDRED_SHARE_LEVEL_MOOD, ro);
  properties[PROP_AUDIENCE] =
    g_param_spec_enum ("audience", NULL, NULL, KINDRED_TYPE_SHARE_AUDIENCE,
                       KINDRED_SHARE_AUDIENCE_GROUP, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PAYLOAD] = g_param_spec_boxed ("payload", NULL, NULL, G_TYPE_BYTES, ro);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_share_draft_init (KindredShareDraft *self)
{
}

/* Takes @text. */
KindredShareDraft *
_kindred_share_draft_new (KindredGroup         *group,
                          const char           *share_id,
                          KindredShareLevel     level,
                          KindredShareAudience  audience,
                          const char           *message,
                          guint                 n_entries,
                          GBytes               *payload,
                          char                 *text)
{
  KindredShareDraft *self = g_object_new (KINDRED_TYPE_SHARE_DRAFT, NULL);

  self->group = g_object_ref (group);
  self->share_id = g_strdup (share_id);
  self->level = level;
  self->audience = audience;
  self->message = g_strdup (message != NULL ? message : "");
  self->n_entries = n_entries;
  self->payload = g_bytes_ref (payload);
  self->text = text;

  return self;
}

gboolean
_kindred_share_draft_get_written (KindredShareDraft *self)
{
  return self->written;
}

void
_kindred_share_draft_set_written (KindredShareDraft *self)
{
  self->written = TRUE;
}

KindredGroup *
kindred_share_draft_get_group (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), NULL);
  return self->group;
}

const char *
kindred_share_draft_get_share_id (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), NULL);
  return self->share_id;
}

KindredShareLevel
kindred_share_draft_get_level (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), KINDRED_SHARE_LEVEL_MOOD);
  return self->level;
}

KindredShareAudience
kindred_share_draft_get_audience (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), KINDRED_SHARE_AUDIENCE_GROUP);
  return self->audience;
}

const char *
kindred_share_draft_get_message (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), NULL);
  return self->message;
}

guint
kindred_share_draft_get_n_entries (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), 0);
  return self->n_entries;
}

GBytes *
kindred_share_draft_get_payload (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), NULL);
  return self->payload;
}

const char *
kindred_share_draft_get_text (KindredShareDraft *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (self), NULL);
  return self->text;
}

/* kindred-entry.c: one journal entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-entry"

#include "config.h"

#include "store/kindred-entry.h"
#include "store/kindred-store-private.h"

#include <string.h>

typedef struct
{
  char *name;
  int   value;       /* intensity for emotions, helped for strategies */
} Item;

struct _KindredEntry
{
  GObject     parent_instance;

  char       *uuid;
  GDateTime  *created_at;
  GDateTime  *updated_at;
  guint64     hlc;
  char       *device_id;
  int         mood;
  char       *title;      /* private text: never log it */
  char       *body;       /* private text: never log it */
  gboolean    deleted;
  char       *conflict_of; /* sync's conflict copies: the original's uuid */

  GArray     *emotions;   /* Item */
  GPtrArray  *triggers;   /* char *, NULL-terminated */
  GArray     *strategies; /* Item: name is the strategy uuid */

  guint       changed_freeze;
};

G_DEFINE_FINAL_TYPE (KindredEntry, kindred_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_HLC,
  PROP_DEVICE_ID,
  PROP_MOOD,
  PROP_TITLE,
  PROP_BODY,
  PROP_DELETED,
  PROP_CONFLICT_OF,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
clear_item (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->name, g_free);
}

static int
find_item (GArray     *items,
           const char *name)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (g_array_index (items, Item, i).name, name) == 0)
      return (int) i;

  return -1;
}

static void
emit_changed (KindredEntry *self)
{
  if (self->changed_freeze == 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Like g_strcmp0 on two GDateTimes, NULL first. */
static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}

static void
kindred_entry_finalize (GObject *object)
{
  KindredEntry *self = KINDRED_ENTRY (object);

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->conflict_of, g_free);
  g_clear_pointer (&self->emotions, g_array_unref);
  g_clear_pointer (&self->triggers, g_ptr_array_unref);
  g_clear_pointer (&self->strategies, g_array_unref);

  G_OBJECT_CLASS (kindred_entry_parent_class)->finalize (object);
}

static void
kindred_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KindredEntry *self = KINDRED_ENTRY (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    case PROP_HLC:
      g_value_set_uint64 (value, self->hlc);
      break;
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_MOOD:
      g_value_set_int (value, self->mood);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;
    case PROP_CONFLICT_OF:
      g_value_set_string (value, self->conflict_of);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KindredEntry *self = KINDRED_ENTRY (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_assert (self->uuid == NULL);
      if (g_value_get_string (value) != NULL)
        self->uuid = g_value_dup_string (value);
      else
        self->uuid = g_uuid_string_random ();
      break;
    case PROP_CREATED_AT:
      kindred_entry_set_created_at (self, g_value_get_boxed (value));
      break;
    case PROP_UPDATED_AT:
      kindred_entry_set_updated_at (self, g_value_get_boxed (value));
      break;
    case PROP_HLC:
      kindred_entry_set_hlc (self, g_value_get_uint64 (value));
      break;
    case PROP_DEVICE_ID:
      kindred_entry_set_device_id (self, g_value_get_string (value));
      break;
    case PROP_MOOD:
      kindred_entry_set_mood (self, g_value_get_int (value));
      break;
    case PROP_TITLE:
      kindred_entry_set_title (self, g_value_get_string (value));
      break;
    case PROP_BODY:
      kindred_entry_set_body (self, g_value_get_string (value));
      break;
    case PROP_DELETED:
      kindred_entry_set_deleted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_class_init (KindredEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kindred_entry_finalize;
  object_class->get_property = kindred_entry_get_property;
  object_class->set_property = kindred_entry_set_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_HLC] =
    g_param_spec_uint64 ("hlc", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL, flags);
  /* The setter keeps any value so that the store can refuse it as INVALID
   * instead of the entry silently changing what the user chose. */
  properties[PROP_MOOD] =
    g_param_spec_int ("mood", NULL, NULL,
                      KINDRED_MOOD_NONE, KINDRED_MOOD_MAX, KINDRED_MOOD_NONE, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_DELETED] =
    g_param_spec_boolean ("deleted", NULL, NULL, FALSE, flags);
  /* Read-only: only sync makes a conflict copy, and keeping one as an entry of its
   * own goes through kindred_sync_keep_conflict_copy(), so that it syncs. */
  properties[PROP_CONFLICT_OF] =
    g_param_spec_string ("conflict-of", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Content only: the stamps the store writes back after a save (updated-at, hlc,
   * device-id) notify their property but do not emit "changed", or an autosave
   * listening here would save again after every save. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kindred_entry_init (KindredEntry *self)
{
  self->created_at = g_date_time_new_now_utc ();
  self->emotions = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->emotions, clear_item);
  self->strategies = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->strategies, clear_item);
  self->triggers = g_ptr_array_new_null_terminated (4, g_free, TRUE);
}

KindredEntry *
kindred_entry_new (void)
{
  return g_object_new (KINDRED_TYPE_ENTRY, NULL);
}

KindredEntry *
kindred_entry_new_with_uuid (const char *uuid)
{
  return g_object_new (KINDRED_TYPE_ENTRY, "uuid", uuid, NULL);
}

const char *
kindred_entry_get_uuid (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return self->uuid;
}

GDateTime *
kindred_entry_get_created_at (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return self->created_at;
}

void
kindred_entry_set_created_at (KindredEntry *self,
                              GDateTime    *created_at)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  /* An entry always has a creation time: NULL means "now". */
  if (created_at == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      kindred_entry_set_created_at (self, now);
      return;
    }

  if (date_time_equal0 (self->created_at, created_at))
    return;

  g_clear_pointer (&self->created_at, g_date_time_unref);
  self->created_at = g_date_time_ref (created_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
  emit_changed (self);
}

GDateTime *
kindred_entry_get_updated_at (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return self->updated_at;
}

void
kindred_entry_set_updated_at (KindredEntry *self,
                              GDateTime    *updated_at)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  if (date_time_equal0 (self->updated_at, updated_at))
    return;

  g_clear_pointer (&self->updated_at, g_date_time_unref);
  if (updated_at != NULL)
    self->updated_at = g_date_time_ref (updated_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

guint64
kindred_entry_get_hlc (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), 0);

  return self->hlc;
}

void
kindred_entry_set_hlc (KindredEntry *self,
                       guint64       hlc)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  if (self->hlc == hlc)
    return;

  self->hlc = hlc;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HLC]);
}

const char *
kindred_entry_get_device_id (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return self->device_id;
}

void
kindred_entry_set_device_id (KindredEntry *self,
                             const char   *device_id)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  /* g_set_str() needs GLib 2.76; Debian 12 has 2.74 */
  if (g_strcmp0 (self->device_id, device_id) == 0)
    return;

  g_free (self->device_id);
  self->device_id = g_strdup (device_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ID]);
}

int
kindred_entry_get_mood (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), KINDRED_MOOD_NONE);

  return self->mood;
}

void
kindred_entry_set_mood (KindredEntry *self,
                        int           mood)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  if (self->mood == mood)
    return;

  self->mood = mood;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOOD]);
  emit_changed (self);
}

const char *
kindred_entry_get_title (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return self->title;
}

void
kindred_entry_set_title (KindredEntry *self,
                         const char   *title)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  emit_changed (self);
}

const char *
kindred_entry_get_body (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return self->body;
}

void
kindred_entry_set_body (KindredEntry *self,
                        const char   *body)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  if (g_strcmp0 (self->body, body) == 0)
    return;

  g_free (self->body);
  self->body = g_strdup (body);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
  emit_changed (self);
}

gboolean
kindred_entry_get_deleted (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), FALSE);

  return self->deleted;
}

void
kindred_entry_set_deleted (KindredEntry *self,
                           gboolean      deleted)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  deleted = !!deleted;
  if (self->deleted == deleted)
    return;

  self->deleted = deleted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
  emit_changed (self);
}

guint
kindred_entry_get_n_emotions (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), 0);

  return self->emotions->len;
}

const char *
kindred_entry_get_emotion (KindredEntry *self,
                           guint         position,
                           int          *intensity)
{
  Item *item;

  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);
  g_return_val_if_fail (position < self->emotions->len, NULL);

  item = &g_array_index (self->emotions, Item, position);
  if (intensity != NULL)
    *intensity = item->value;

  return item->name;
}

int
kindred_entry_get_emotion_intensity (KindredEntry *self,
                                     const char   *emotion)
{
  int i;

  g_return_val_if_fail (KINDRED_IS_ENTRY (self), 0);

  i = find_item (self->emotions, emotion);
  if (i < 0)
    return 0;

  return g_array_index (self->emotions, Item, i).value;
}

void
kindred_entry_set_emotion (KindredEntry *self,
                           const char   *emotion,
                           int           intensity)
{
  int i;

  g_return_if_fail (KINDRED_IS_ENTRY (self));
  g_return_if_fail (emotion != NULL);

  i = find_item (self->emotions, emotion);

  if (intensity == 0)
    {
      if (i < 0)
        return;
      g_array_remove_index (self->emotions, i);
    }
  else if (i >= 0)
    {
      if (g_array_index (self->emotions, Item, i).value == intensity)
        return;
      g_array_index (self->emotions, Item, i).value = intensity;
    }
  else
    {
      Item item = { g_strdup (emotion), intensity };

      g_array_append_val (self->emotions, item);
    }

  emit_changed (self);
}

const char * const *
kindred_entry_get_triggers (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return (const char * const *) self->triggers->pdata;
}

static gboolean
has_trigger (GPtrArray  *triggers,
             const char *folded)
{
  for (guint i = 0; i < triggers->len; i++)
    {
      g_autofree char *other = g_utf8_casefold (g_ptr_array_index (triggers, i), -1);

      if (g_strcmp0 (other, folded) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Trimmed, non-empty and not yet present (ignoring case): then appended. */
static gboolean
append_trigger (GPtrArray  *triggers,
                const char *trigger)
{
  g_autofree char *tag = NULL;
  g_autofree char *folded = NULL;

  if (trigger == NULL || !g_utf8_validate (trigger, -1, NULL))
    return FALSE;

  tag = g_strstrip (g_strdup (trigger));
  if (tag[0] == '\0')
    return FALSE;

  folded = g_utf8_casefold (tag, -1);
  if (has_trigger (triggers, folded))
    return FALSE;

  g_ptr_array_add (triggers, g_steal_pointer (&tag));
  return TRUE;
}

void
kindred_entry_set_triggers (KindredEntry       *self,
                            const char * const *triggers)
{
  g_autoptr(GPtrArray) next = NULL;

  g_return_if_fail (KINDRED_IS_ENTRY (self));

  next = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  for (guint i = 0; triggers != NULL && triggers[i] != NULL; i++)
    append_trigger (next, triggers[i]);

  if (next->len == self->triggers->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; same && i < next->len; i++)
        same = g_strcmp0 (g_ptr_array_index (next, i),
                          g_ptr_array_index (self->triggers, i)) == 0;
      if (same)
        return;
    }

  g_ptr_array_unref (self->triggers);
  self->triggers = g_steal_pointer (&next);
  emit_changed (self);
}

void
kindred_entry_add_trigger (KindredEntry *self,
                           const char   *trigger)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  if (append_trigger (self->triggers, trigger))
    emit_changed (self);
}

guint
kindred_entry_get_n_strategies (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), 0);

  return self->strategies->len;
}

const char *
kindred_entry_get_strategy (KindredEntry *self,
                            guint         position,
                            int          *helped)
{
  Item *item;

  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);
  g_return_val_if_fail (position < self->strategies->len, NULL);

  item = &g_array_index (self->strategies, Item, position);
  if (helped != NULL)
    *helped = item->value;

  return item->name;
}

void
kindred_entry_set_strategy (KindredEntry *self,
                            const char   *strategy_uuid,
                            int           helped)
{
  int i;

  g_return_if_fail (KINDRED_IS_ENTRY (self));
  g_return_if_fail (strategy_uuid != NULL);

  i = find_item (self->strategies, strategy_uuid);

  if (helped == -1)
    {
      if (i < 0)
        return;
      g_array_remove_index (self->strategies, i);
    }
  else if (i >= 0)
    {
      if (g_array_index (self->strategies, Item, i).value == helped)
        return;
      g_array_index (self->strategies, Item, i).value = helped;
    }
  else
    {
      Item item = { g_strdup (strategy_uuid), helped };

      g_array_append_val (self->strategies, item);
    }

  emit_changed (self);
}

char *
kindred_entry_dup_summary (KindredEntry *self)
{
  const char *line;

  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  if (self->title != NULL)
    {
      g_autofree char *title = g_strstrip (g_strdup (self->title));

      if (title[0] != '\0')
        return g_steal_pointer (&title);
    }

  line = self->body;
  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');
      g_autofree char *copy = end ? g_strndup (line, end - line) : g_strdup (line);

      g_strstrip (copy);
      if (copy[0] != '\0')
        return g_steal_pointer (&copy);

      line = end ? end + 1 : NULL;
    }

  return g_strdup ("");
}

/* Private */

KindredEntry *
_kindred_entry_copy (KindredEntry *self)
{
  KindredEntry *copy;

  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  copy = kindred_entry_new_with_uuid (self->uuid);
  g_date_time_unref (copy->created_at);
  copy->created_at = g_date_time_ref (self->created_at);
  copy->updated_at = self->updated_at ? g_date_time_ref (self->updated_at) : NULL;
  copy->hlc = self->hlc;
  copy->device_id = g_strdup (self->device_id);
  copy->mood = self->mood;
  copy->title = g_strdup (self->title);
  copy->body = g_strdup (self->body);
  copy->deleted = self->deleted;
  copy->conflict_of = g_strdup (self->conflict_of);

  for (guint i = 0; i < self->emotions->len; i++)
    {
      Item *item = &g_array_index (self->emotions, Item, i);
      Item dup = { g_strdup (item->name), item->value };

      g_array_append_val (copy->emotions, dup);
    }
  for (guint i = 0; i < self->strategies->len; i++)
    {
      Item *item = &g_array_index (self->strategies, Item, i);
      Item dup = { g_strdup (item->name), item->value };

      g_array_append_val (copy->strategies, dup);
    }
  for (guint i = 0; i < self->triggers->len; i++)
    g_ptr_array_add (copy->triggers, g_strdup (g_ptr_array_index (self->triggers, i)));

  return copy;
}

gint64
_kindred_entry_get_created_at_us (KindredEntry *self)
{
  return g_date_time_to_unix (self->created_at) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (self->created_at);
}

void
_kindred_entry_freeze_changed (KindredEntry *self)
{
  self->changed_freeze++;
}

void
_kindred_entry_thaw_changed (KindredEntry *self)
{
  g_return_if_fail (self->changed_freeze > 0);

  self->changed_freeze--;
}

const char *
kindred_entry_get_conflict_of (KindredEntry *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY (self), NULL);

  return self->conflict_of;
}

void
_kindred_entry_set_conflict_of (KindredEntry *self,
                                const char   *conflict_of)
{
  g_return_if_fail (KINDRED_IS_ENTRY (self));

  if (g_strcmp0 (self->conflict_of, conflict_of) == 0)
    return;

  g_free (self->conflict_of);
  self->conflict_of = g_strdup (conflict_of);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT_OF]);
}

/* kindred-contact.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored form (settings key "contacts", inside the encrypted journal):
 *
 *   { "format": "kindred-contacts", "version": 1,
 *     "contacts": [ { "uuid": "…", "name": "…", "phone": "…", "other": "…",
 *                     "note": "…", "updated-at": "…Z", "hlc": 123, "deleted": false } ] }
 *
 * Each contact carries its own HLC stamp, so sync can merge two devices' lists
 * contact by contact; a removal leaves a tombstone for the same reason.
 */

#define G_LOG_DOMAIN "kindred-contact"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "plan/kindred-contact.h"
#include "plan/kindred-plan-private.h"

#define CONTACTS_KEY     "contacts"
#define CONTACTS_FORMAT  "kindred-contacts"
#define CONTACTS_VERSION 1

struct _KindredContact
{
  GObject     parent_instance;

  char       *uuid;
  char       *name;     /* the person's words: never log them */
  char       *phone;
  char       *other;
  char       *note;
  GDateTime  *updated_at;
  guint64     hlc;
  gboolean    deleted;
};

G_DEFINE_FINAL_TYPE (KindredContact, kindred_contact, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  PROP_PHONE,
  PROP_OTHER,
  PROP_NOTE,
  PROP_UPDATED_AT,
  PROP_HLC,
  PROP_DELETED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
set_string (KindredContact  *self,
            char           **slot,
            const char      *value,
            guint            prop)
{
  g_autofree char *clean = NULL;

  /* g_set_str() needs GLib 2.76; Debian 12 has 2.74 */
  if (value != NULL)
    {
      clean = g_strstrip (g_strdup (value));
      if (*clean == '\0')
        g_clear_pointer (&clean, g_free);
    }

  if (g_strcmp0 (*slot, clean) == 0)
    return;

  g_free (*slot);
  *slot = g_steal_pointer (&clean);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  KindredContact *ca = *(KindredContact **) a;
  KindredContact *cb = *(KindredContact **) b;
  g_autofree char *ka = g_utf8_collate_key (ca->name != NULL ? ca->name : "", -1);
  g_autofree char *kb = g_utf8_collate_key (cb->name != NULL ? cb->name : "", -1);

  return strcmp (ka, kb);
}

static char *
member_text (JsonObject *object,
             const char *name)
{
  return _kindred_plan_dup_text (json_object_get_member (object, name));
}

static KindredContact *
contact_from_json (JsonNode *node)
{
  g_autoptr(KindredContact) self = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *updated_at = NULL;
  JsonObject *object;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  uuid = member_text (object, "uuid");
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    return NULL;

  self = kindred_contact_new_with_uuid (uuid);
  self->name = member_text (object, "name");
  self->phone = member_text (object, "phone");
  self->other = member_text (object, "other");
  self->note = member_text (object, "note");

  updated_at = member_text (object, "updated-at");
  if (updated_at != NULL)
    self->updated_at = g_date_time_new_from_iso8601 (updated_at, NULL);

  member = json_object_get_member (object, "hlc");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_INT64 && json_node_get_int (member) > 0)
    self->hlc = (guint64) json_node_get_int (member);

  member = json_object_get_member (object, "deleted");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_BOOLEAN)
    self->deleted = json_node_get_boolean (member);

  /* A live contact without a name is not something a person could pick */
  if (!self->deleted && self->name == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static char *
contacts_to_json (GPtrArray *contacts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, CONTACTS_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CONTACTS_VERSION);
  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < contacts->len; i++)
    {
      KindredContact *contact = g_ptr_array_index (contacts, i);
      g_autofree char *stamp = NULL;

      if (contact->updated_at != NULL)
        stamp = g_date_time_format_iso8601 (contact->updated_at);

      json_builder_begin_object (builder);
      add_string_member (builder, "uuid", contact->uuid);
      add_string_member (builder, "name", contact->name);
      add_string_member (builder, "phone", contact->phone);
      add_string_member (builder, "other", contact->other);
      add_string_member (builder, "note", contact->note);
      add_string_member (builder, "updated-at", stamp);
      json_builder_set_member_name (builder, "hlc");
      json_builder_add_int_value (builder, (gint64) contact->hlc);
      json_builder_set_member_name (builder, "deleted");
      json_builder_add_boolean_value (builder, contact->deleted);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Every stored contact, tombstones too, in stored order. */
static GPtrArray *
read_contacts (KindredStore  *store,
               GError       **error)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  guint n;

  if (!_kindred_plan_read (store, CONTACTS_KEY, &json, error))
    return NULL;
  if (json == NULL)
    return g_steal_pointer (&contacts);

  root = _kindred_plan_parse (json, -1, error);
  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  node = json_object_get_member (object, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      g_strcmp0 (json_node_get_string (node), CONTACTS_FORMAT) != 0 ||
      (node = json_object_get_member (object, "contacts")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_DAMAGED,
                           _("Your saved contacts could not be read. They may have been "
                             "damaged."));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n && contacts->len < KINDRED_CONTACTS_MAX; i++)
    {
      KindredContact *contact = contact_from_json (json_array_get_element (array, i));
      gboolean seen = FALSE;

      if (contact == NULL)
        continue;

      /* A uuid twice: the first one wins, as a reader cannot tell which is right */
      for (guint j = 0; j < contacts->len && !seen; j++)
        seen = g_str_equal (KINDRED_CONTACT (g_ptr_array_index (contacts, j))->uuid,
                            contact->uuid);
      if (seen)
        g_object_unref (contact);
      else
        g_ptr_array_add (contacts, contact);
    }

  return g_steal_pointer (&contacts);
}

static gboolean
write_contact (KindredContact  *self,
               KindredStore    *store,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GDateTime) previous_at = NULL;
  g_autofree char *json = NULL;
  KindredContact *stored = NULL;
  guint64 previous_hlc;
  gboolean damaged = FALSE;
  guint index = 0;

  contacts = read_contacts (store, &local_error);
  if (contacts == NULL)
    {
      if (!g_error_matches (local_error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_DAMAGED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      damaged = TRUE;
      contacts = g_ptr_array_new_with_free_func (g_object_unref);
    }

  for (guint i = 0; i < contacts->len && stored == NULL; i++)
    if (g_str_equal (KINDRED_CONTACT (g_ptr_array_index (contacts, i))->uuid, self->uuid))
      {
        stored = g_ptr_array_index (contacts, i);
        index = i;
      }

  if (stored == NULL && contacts->len >= KINDRED_CONTACTS_MAX)
    {
      g_set_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_INVALID,
                   _("There is room for %d contacts."), KINDRED_CONTACTS_MAX);
      return FALSE;
    }

  previous_hlc = self->hlc;
  previous_at = self->updated_at != NULL ? g_date_time_ref (self->updated_at) : NULL;
  self->hlc = _kindred_plan_next_stamp (store, MAX (self->hlc,
                                                    stored != NULL ? stored->hlc : 0));
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_new_now_utc ();

  if (stored != NULL)
    {
      g_ptr_array_index (contacts, index) = g_object_ref (self);
      g_object_unref (stored);
    }
  else
    g_ptr_array_add (contacts, g_object_ref (self));

  json = contacts_to_json (contacts);
  if (!_kindred_plan_write (store, CONTACTS_KEY, json, damaged, error))
    {
      self->hlc = previous_hlc;
      g_clear_pointer (&self->updated_at, g_date_time_unref);
      self->updated_at = g_steal_pointer (&previous_at);
      return FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HLC]);

  return TRUE;
}

/* GObject */

static void
kindred_contact_finalize (GObject *object)
{
  KindredContact *self = KINDRED_CONTACT (object);

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->other, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (kindred_contact_parent_class)->finalize (object);
}

static void
kindred_contact_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KindredContact *self = KINDRED_CONTACT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_OTHER:
      g_value_set_string (value, self->other);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;

    case PROP_HLC:
      g_value_set_uint64 (value, self->hlc);
      break;

    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_contact_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KindredContact *self = KINDRED_CONTACT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      self->uuid = g_value_dup_string (value);
      if (self->uuid == NULL)
        self->uuid = g_uuid_string_random ();
      break;

    case PROP_NAME:
      kindred_contact_set_name (self, g_value_get_string (value));
      break;

    case PROP_PHONE:
      kindred_contact_set_phone (self, g_value_get_string (value));
      break;

    case PROP_OTHER:
      kindred_contact_set_other (self, g_value_get_string (value));
      break;

    case PROP_NOTE:
      kindred_contact_set_note (self, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      kindred_contact_set_updated_at (self, g_value_get_boxed (value));
      break;

    case PROP_HLC:
      kindred_contact_set_hlc (self, g_value_get_uint64 (value));
      break;

    case PROP_DELETED:
      kindred_contact_set_deleted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_contact_class_init (KindredContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kindred_contact_finalize;
  object_class->get_property = kindred_contact_get_property;
  object_class->set_property = kindred_contact_set_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_OTHER] = g_param_spec_string ("other", NULL, NULL, NULL, flags);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_HLC] = g_param_spec_uint64 ("hlc", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DELETED] = g_param_spec_boolean ("deleted", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kindred_contact_init (KindredContact *self)
{
}

/* Public API */

KindredContact *
kindred_contact_new (void)
{
  return g_object_new (KINDRED_TYPE_CONTACT, NULL);
}

KindredContact *
kindred_contact_new_with_uuid (const char *uuid)
{
  return g_object_new (KINDRED_TYPE_CONTACT, "uuid", uuid, NULL);
}

const char *
kindred_contact_get_uuid (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), NULL);

  return self->uuid;
}

const char *
kindred_contact_get_name (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), NULL);

  return self->name;
}

void
kindred_contact_set_name (KindredContact *self,
                          const char     *name)
{
  g_return_if_fail (KINDRED_IS_CONTACT (self));

  set_string (self, &self->name, name, PROP_NAME);
}

const char *
kindred_contact_get_phone (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), NULL);

  return self->phone;
}

void
kindred_contact_set_phone (KindredContact *self,
                           const char     *phone)
{
  g_return_if_fail (KINDRED_IS_CONTACT (self));

  set_string (self, &self->phone, phone, PROP_PHONE);
}

const char *
kindred_contact_get_other (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), NULL);

  return self->other;
}

void
kindred_contact_set_other (KindredContact *self,
                           const char     *other)
{
  g_return_if_fail (KINDRED_IS_CONTACT (self));

  set_string (self, &self->other, other, PROP_OTHER);
}

const char *
kindred_contact_get_note (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), NULL);

  return self->note;
}

void
kindred_contact_set_note (KindredContact *self,
                          const char     *note)
{
  g_return_if_fail (KINDRED_IS_CONTACT (self));

  set_string (self, &self->note, note, PROP_NOTE);
}

GDateTime *
kindred_contact_get_updated_at (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), NULL);

  return self->updated_at;
}

void
kindred_contact_set_updated_at (KindredContact *self,
                                GDateTime      *updated_at)
{
  g_return_if_fail (KINDRED_IS_CONTACT (self));

  if (self->updated_at == updated_at)
    return;

  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = updated_at != NULL ? g_date_time_ref (updated_at) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

guint64
kindred_contact_get_hlc (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), 0);

  return self->hlc;
}

void
kindred_contact_set_hlc (KindredContact *self,
                         guint64         hlc)
{
  g_return_if_fail (KINDRED_IS_CONTACT (self));

  if (self->hlc == hlc)
    return;

  self->hlc = hlc;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HLC]);
}

gboolean
kindred_contact_get_deleted (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), FALSE);

  return self->deleted;
}

void
kindred_contact_set_deleted (KindredContact *self,
                             gboolean        deleted)
{
  g_return_if_fail (KINDRED_IS_CONTACT (self));

  deleted = !!deleted;
  if (self->deleted == deleted)
    return;

  self->deleted = deleted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
}

const char *
kindred_contact_get_reach (KindredContact *self)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), NULL);

  return self->phone != NULL ? self->phone : self->other;
}

GPtrArray *
kindred_contact_load_all (KindredStore  *store,
                          gboolean       include_deleted,
                          GError       **error)
{
  g_autoptr(GPtrArray) contacts = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  contacts = read_contacts (store, error);
  if (contacts == NULL)
    return NULL;

  if (!include_deleted)
    for (guint i = contacts->len; i > 0; i--)
      if (KINDRED_CONTACT (g_ptr_array_index (contacts, i - 1))->deleted)
        g_ptr_array_remove_index (contacts, i - 1);

  g_ptr_array_sort (contacts, compare_by_name);

  return g_steal_pointer (&contacts);
}

KindredContact *
kindred_contact_load (KindredStore  *store,
                      const char    *uuid,
                      GError       **error)
{
  g_autoptr(GPtrArray) contacts = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  contacts = kindred_contact_load_all (store, FALSE, error);
  if (contacts == NULL)
    return NULL;

  for (guint i = 0; i < contacts->len; i++)
    {
      KindredContact *contact = g_ptr_array_index (contacts, i);

      if (g_str_equal (contact->uuid, uuid))
        return g_object_ref (contact);
    }

  g_set_error_literal (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_NOT_FOUND,
                       _("This contact is no longer in your journal."));
  return NULL;
}

gboolean
kindred_contact_save (KindredContact  *self,
                      KindredStore    *store,
                      GError         **error)
{
  g_return_val_if_fail (KINDRED_IS_CONTACT (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);

  if (!self->deleted && self->name == NULL)
    {
      g_set_error_literal (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_INVALID,
                           _("A contact needs a name."));
      return FALSE;
    }

  return write_contact (self, store, error);
}

gboolean
kindred_contact_remove (KindredStore  *store,
                        const char    *uuid,
                        GError       **error)
{
  g_autoptr(KindredContact) contact = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  contact = kindred_contact_load (store, uuid, error);
  if (contact == NULL)
    return FALSE;

  /* The tombstone keeps only what sync needs to merge the removal */
  g_clear_pointer (&contact->name, g_free);
  g_clear_pointer (&contact->phone, g_free);
  g_clear_pointer (&contact->other, g_free);
  g_clear_pointer (&contact->note, g_free);
  contact->deleted = TRUE;

  return write_contact (contact, store, error);
}

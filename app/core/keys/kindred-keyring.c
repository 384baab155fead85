/* kindred-keyring.c: the journal key in the user's keyring (Secret Service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-keyring"

#include "config.h"

#include "keys/kindred-keyring.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

static const SecretSchema journal_key_schema = {
  KINDRED_KEYRING_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "journal", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "key-check", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
set_no_service (GError **error)
{
  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_NO_SERVICE,
                       _("Kindred could not reach your keyring. You can protect your "
                         "journal with a passphrase instead."));
}

static void
set_locked (GError **error)
{
  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_KEYRING_LOCKED,
                       _("Your keyring is locked, so Kindred cannot get your journal’s "
                         "key. Unlock the keyring and try again, or use your recovery "
                         "key."));
}

static void
set_missing (GError **error)
{
  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_KEY_MISSING,
                       _("Kindred could not find its key in your keyring. If you have "
                         "the recovery key, you can use it to open your journal."));
}

/* Errors that mean nobody answers on the bus for the Secret Service. */
static gboolean
is_service_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    return TRUE;
  if (error->domain == G_IO_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (error->domain == G_SPAWN_ERROR)
    return TRUE;
  return FALSE;
}

/* Keeps a cancellation (the caller asked for it) and turns the rest into our codes,
 * keeping libsecret's text out of what the user sees but in the debug log. */
static void
propagate (GError  **error,
           GError   *local_error)
{
  g_debug ("Secret Service: %s", local_error->message);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local_error);
  else
    {
      if (g_error_matches (local_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
        set_locked (error);
      else if (is_service_error (local_error))
        set_no_service (error);
      else
        g_set_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_FAILED,
                     _("Your keyring reported a problem: %s"), local_error->message);
      g_error_free (local_error);
    }
}

static SecretService *
get_service (GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  SecretService *service;

  /* Opening a session makes a real call to the service, so a bus without a Secret
   * Service fails here rather than on the first search. */
  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local_error);
  if (service == NULL)
    {
      g_debug ("No Secret Service: %s", local_error->message);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_no_service (error);
    }

  return service;
}

static GHashTable *
make_attributes (const char *journal_id,
                 const char *key_check)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "journal", (gpointer) journal_id);
  if (key_check != NULL)
    g_hash_table_insert (attributes, (gpointer) "key-check", (gpointer) key_check);

  return attributes;
}

/* Unlocks @paths (items or collections), showing the keyring's prompt if it wants
 * one.  Returns TRUE if anything was unlocked.
 *
 * Not secret_service_unlock_sync(): in libsecret 0.20 (and still in 0.21) its prompt
 * step never completes when the prompt is dismissed, by the person or by our
 * cancellable, so the call would block for ever (on_real_prompt_completed() hands a
 * NULL error to g_task_return_error()).  Calling Unlock ourselves and running the
 * prompt with secret_prompt_perform_sync() avoids that step, and the prompt still
 * honours @cancellable: libsecret dismisses it when the cancellable fires. */
static gboolean
unlock_paths (SecretService  *service,
              const char    **paths,
              GCancellable   *cancellable)
{
  GDBusProxy *proxy = G_DBUS_PROXY (service);
  GDBusConnection *bus = g_dbus_proxy_get_connection (proxy);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) unlocked = NULL;
  g_autoptr(GVariant) result = NULL;
  g_autoptr(SecretPrompt) prompt = NULL;
  g_autoptr(GError) error = NULL;
  const char *prompt_path = NULL;

  reply = g_dbus_connection_call_sync (bus, g_dbus_proxy_get_name (proxy),
                                       g_dbus_proxy_get_object_path (proxy),
                                       "org.freedesktop.Secret.Service", "Unlock",
                                       g_variant_new ("(^ao)", paths),
                                       G_VARIANT_TYPE ("(aoo)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       cancellable, &error);
  if (reply == NULL)
    {
      g_debug ("Unlock failed: %s", error->message);
      return FALSE;
    }

  g_variant_get (reply, "(@ao&o)", &unlocked, &prompt_path);
  if (g_strcmp0 (prompt_path, "/") == 0)
    return g_variant_n_children (unlocked) > 0;

  prompt = g_initable_new (SECRET_TYPE_PROMPT, cancellable, &error,
                           "g-flags", G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                           "g-interface-info", NULL,
                           "g-name", g_dbus_proxy_get_name (proxy),
                           "g-connection", bus,
                           "g-object-path", prompt_path,
                           "g-interface-name", "org.freedesktop.Secret.Prompt",
                           NULL);
  if (prompt == NULL)
    {
      g_debug ("No unlock prompt: %s", error->message);
      return FALSE;
    }

  /* No return type: a dismissed prompt may answer with any type, and libsecret
   * would warn about it.  We check the type ourselves. */
  result = secret_prompt_perform_sync (prompt, NULL, cancellable, NULL, &error);
  if (result == NULL)
    {
      g_debug ("Unlock prompt dismissed or failed: %s", error ? error->message : "dismissed");
      return FALSE;
    }

  return g_variant_is_of_type (result, G_VARIANT_TYPE ("ao")) &&
         g_variant_n_children (result) > 0;
}

gboolean
kindred_keyring_is_available (GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(SecretService) service = NULL;

  service = get_service (cancellable, error);
  return service != NULL;
}

/* A locked default keyring would make libsecret prompt in its own way when storing,
 * which can hang when dismissed (see unlock_paths()): unlock it ourselves first. */
static gboolean
unlock_default_collection (SecretService  *service,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(SecretCollection) collection = NULL;
  GError *local_error = NULL;

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, cancellable,
                                                 &local_error);
  if (local_error != NULL)
    {
      propagate (error, local_error);
      return FALSE;
    }
  if (collection != NULL && secret_collection_get_locked (collection))
    {
      const char *paths[] = {
        g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)), NULL
      };

      if (!unlock_paths (service, paths, cancellable))
        {
          set_locked (error);
          return FALSE;
        }
    }

  return TRUE;
}

static void
item_list_free (GList *items)
{
  g_list_free_full (items, g_object_unref);
}

typedef GList GList_SecretItem;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GList_SecretItem, item_list_free)

/* libsecret's simple lookup answers NULL both for a missing item and for a locked
 * keyring whose prompt was dismissed.  Searching without SECRET_SEARCH_UNLOCK lists
 * locked items too, without a prompt, so the two can be told apart: NULL with no
 * error is a missing item.  (transfer full): the secret of the first unlocked
 * item, unlocking them (which may show the keyring's own prompt) when none is. */
static SecretValue *
find_secret (SecretService       *service,
             const SecretSchema  *schema,
             GHashTable          *attributes,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(GList_SecretItem) items = NULL;
  SecretItem *open_item = NULL;
  SecretValue *value;
  GError *local_error = NULL;

  items = secret_service_search_sync (service, schema, attributes, SECRET_SEARCH_ALL,
                                      cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate (error, local_error);
      return NULL;
    }
  if (items == NULL)
    return NULL;

  for (GList *l = items; l != NULL && open_item == NULL; l = l->next)
    if (!secret_item_get_locked (l->data))
      open_item = l->data;

  if (open_item == NULL)
    {
      g_autoptr(GPtrArray) paths = g_ptr_array_new ();

      for (GList *l = items; l != NULL; l = l->next)
        g_ptr_array_add (paths, (gpointer) g_dbus_proxy_get_object_path (l->data));
      g_ptr_array_add (paths, NULL);

      if (!unlock_paths (service, (const char **) paths->pdata, cancellable))
        {
          set_locked (error);
          return NULL;
        }
      /* The item proxies may not have heard yet that they are unlocked; reading the
       * secret asks the service itself. */
      open_item = items->data;
    }

  if (!secret_item_load_secret_sync (open_item, cancellable, &local_error))
    {
      propagate (error, local_error);
      return NULL;
    }

  value = secret_item_get_secret (open_item);
  if (value == NULL)
    set_locked (error);

  return value;
}

/* FALSE without an error from libsecret means nothing matched: fine here. */
static gboolean
clear_items (const SecretSchema  *schema,
             GHashTable          *attributes,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(SecretService) service = NULL;
  GError *local_error = NULL;

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  if (!secret_service_clear_sync (service, schema, attributes, cancellable, &local_error) &&
      local_error != NULL)
    {
      propagate (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
kindred_keyring_store (const char    *journal_id,
                       KindredKey    *key,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *check = NULL;
  GError *local_error = NULL;
  char *hex;

  g_return_val_if_fail (journal_id != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL || !unlock_default_collection (service, cancellable, error))
    return FALSE;

  check = kindred_key_check_value (key);
  attributes = make_attributes (journal_id, check);
  hex = kindred_key_to_hex (key);
  /* SecretValue keeps its own copy in libsecret's non-pageable memory */
  value = secret_value_new (hex, -1, "text/plain");
  kindred_secret_free (hex);

  if (!secret_service_store_sync (service, &journal_key_schema, attributes,
                                  SECRET_COLLECTION_DEFAULT,
                                  _("Kindred journal key"), value,
                                  cancellable, &local_error))
    {
      propagate (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static KindredKey *
key_from_value (SecretValue  *value,
                const char   *key_check,
                GError      **error)
{
  g_autoptr(KindredKey) key = NULL;
  g_autofree char *check = NULL;
  const char *text;
  gsize len;

  /* secret_value_get_text() refuses a content type other than text/plain; the bytes
   * are what matter, and they end in a NUL inside libsecret. */
  text = secret_value_get (value, &len);
  if (text == NULL || len != KINDRED_KEY_SIZE * 2 || memchr (text, '\0', len) != NULL)
    {
      g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT,
                           _("The journal key in your keyring is not in the form Kindred "
                             "expects."));
      return NULL;
    }

  key = kindred_key_new_from_hex (text, error);
  if (key == NULL)
    return NULL;

  /* The attribute could have been edited; trust only the key itself. */
  check = kindred_key_check_value (key);
  if (key_check != NULL && strcmp (check, key_check) != 0)
    {
      set_missing (error);
      return NULL;
    }

  return g_steal_pointer (&key);
}

KindredKey *
kindred_keyring_lookup (const char    *journal_id,
                        const char    *key_check,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (journal_id != NULL, NULL);

  service = get_service (cancellable, error);
  if (service == NULL)
    return NULL;

  attributes = make_attributes (journal_id, key_check);
  value = find_secret (service, &journal_key_schema, attributes, cancellable, &local_error);
  if (value == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        set_missing (error);
      return NULL;
    }

  return key_from_value (value, key_check, error);
}

gboolean
kindred_keyring_delete (const char    *journal_id,
                        const char    *key_check,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_val_if_fail (journal_id != NULL, FALSE);

  attributes = make_attributes (journal_id, key_check);
  return clear_items (&journal_key_schema, attributes, cancellable, error);
}

/* The sync passphrase */

static const SecretSchema sync_passphrase_schema = {
  KINDRED_KEYRING_SYNC_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "journal", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "sync-folder", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static GHashTable *
make_sync_attributes (const char *journal_id,
                      const char *folder)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "journal", (gpointer) journal_id);
  if (folder != NULL)
    g_hash_table_insert (attributes, (gpointer) "sync-folder", (gpointer) folder);

  return attributes;
}

gboolean
kindred_keyring_store_sync_passphrase (const char    *journal_id,
                                       const char    *folder,
                                       const char    *passphrase,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (journal_id != NULL, FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL || !unlock_default_collection (service, cancellable, error))
    return FALSE;

  attributes = make_sync_attributes (journal_id, folder);
  value = secret_value_new (passphrase, -1, "text/plain");

  if (!secret_service_store_sync (service, &sync_passphrase_schema, attributes,
                                  SECRET_COLLECTION_DEFAULT,
                                  _("Kindred sync passphrase"), value,
                                  cancellable, &local_error))
    {
      propagate (error, local_error);
      return FALSE;
    }

  return TRUE;
}

char *
kindred_keyring_lookup_sync_passphrase (const char    *journal_id,
                                        const char    *folder,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;
  const char *text;
  gsize len;

  g_return_val_if_fail (journal_id != NULL, NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  service = get_service (cancellable, error);
  if (service == NULL)
    return NULL;

  attributes = make_sync_attributes (journal_id, folder);
  value = find_secret (service, &sync_passphrase_schema, attributes, cancellable,
                       &local_error);
  if (value == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_KEY_MISSING,
                             _("Your keyring holds no sync passphrase for this folder."));
      return NULL;
    }

  text = secret_value_get (value, &len);
  if (text == NULL || len == 0 || memchr (text, '\0', len) != NULL ||
      !g_utf8_validate (text, (gssize) len, NULL))
    {
      g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT,
                           _("The sync passphrase in your keyring is not in the form "
                             "Kindred expects."));
      return NULL;
    }

  return g_strndup (text, len);
}

gboolean
kindred_keyring_delete_sync_passphrase (const char    *journal_id,
                                        const char    *folder,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;

  g_return_val_if_fail (journal_id != NULL, FALSE);

  attributes = make_sync_attributes (journal_id, folder);
  return clear_items (&sync_passphrase_schema, attributes, cancellable, error);
}

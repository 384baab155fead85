/* kindred-sidecar.c: journal.json, the small plain file beside journal.db that says
 * how the journal's key is kept (never the key itself)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-sidecar"

#include "config.h"

#include "keys/kindred-sidecar.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kindred-util.h"

/* A real sidecar is a few hundred bytes; anything bigger was not written by us. */
#define SIDECAR_MAX_SIZE  (64 * 1024)
/* Ours nests three deep; json-glib's parser recurses, so a file of 64 KiB of '['
 * must be refused before it is parsed. */
#define SIDECAR_MAX_DEPTH 8
#define CHECK_VALUE_CHARS 32
#define KDF_ALGORITHM     "argon2id13"

KindredSidecar *
kindred_sidecar_new (void)
{
  KindredSidecar *self = g_new0 (KindredSidecar, 1);

  self->current.mode = KINDRED_KEY_MODE_KEYRING;
  return self;
}

void
kindred_key_slot_clear (KindredKeySlot *slot)
{
  if (slot == NULL)
    return;

  g_clear_pointer (&slot->key_check, g_free);
  memset (slot, 0, sizeof *slot);
}

void
kindred_key_slot_copy (KindredKeySlot       *dest,
                       const KindredKeySlot *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  if (dest == src)
    return;

  kindred_key_slot_clear (dest);
  *dest = *src;
  dest->key_check = g_strdup (src->key_check);
}

void
kindred_sidecar_free (KindredSidecar *self)
{
  if (self == NULL)
    return;

  g_free (self->journal_id);
  kindred_key_slot_clear (&self->current);
  if (self->previous != NULL)
    {
      kindred_key_slot_clear (self->previous);
      g_free (self->previous);
    }
  g_free (self);
}

static gpointer
bad (GError     **error,
     const char  *path,
     const char  *why)
{
  g_autofree char *name = g_path_get_basename (path);

  /* @why is for whoever reads the log, not a sentence for the window */
  g_debug ("Refusing sidecar: %s", why);
  g_set_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR,
               _("The file “%s” that says how your journal is locked is damaged, so "
                 "Kindred cannot open the journal with it. Your journal has not been "
                 "changed."), name);
  return NULL;
}

static gboolean
fail (const char **why,
      const char  *reason)
{
  *why = reason;
  return FALSE;
}

/* Deepest nesting of arrays/objects, outside strings. */
static guint
max_depth (const char *text,
           gsize       len)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          deepest = MAX (deepest, ++depth);
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return deepest;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *out = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static gboolean
is_lower_hex (const char *s,
              gsize       len)
{
  if (strlen (s) != len)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]) || g_ascii_isupper (s[i]))
      return FALSE;

  return TRUE;
}

static gboolean
decode_salt (const char *b64,
             guint8      salt[KINDRED_KEY_SALT_SIZE])
{
  g_autofree guint8 *bytes = NULL;
  gsize len = 0;

  /* g_base64_decode() skips characters it does not know; be strict ourselves. The
   * standard encoding of 16 bytes is 22 characters and "==". */
  if (strlen (b64) != 24 || strcmp (b64 + 22, "==") != 0)
    return FALSE;
  for (gsize i = 0; i < 22; i++)
    if (!g_ascii_isalnum (b64[i]) && b64[i] != '+' && b64[i] != '/')
      return FALSE;

  bytes = g_base64_decode (b64, &len);
  if (len != KINDRED_KEY_SALT_SIZE)
    return FALSE;

  memcpy (salt, bytes, KINDRED_KEY_SALT_SIZE);
  return TRUE;
}

static gboolean
parse_slot (JsonObject      *object,
            KindredKeySlot  *slot,
            const char     **why)
{
  const char *mode;
  const char *check;
  JsonObject *kdf;

  mode = get_string (object, "mode");
  if (g_strcmp0 (mode, "keyring") == 0)
    slot->mode = KINDRED_KEY_MODE_KEYRING;
  else if (g_strcmp0 (mode, "passphrase") == 0)
    slot->mode = KINDRED_KEY_MODE_PASSPHRASE;
  else
    return fail (why, "unknown or missing mode");

  check = get_string (object, "check");
  if (check == NULL || !is_lower_hex (check, CHECK_VALUE_CHARS))
    return fail (why, "bad or missing check");
  slot->key_check = g_strdup (check);

  kdf = get_object (object, "kdf");
  if (kdf == NULL)
    {
      if (slot->mode == KINDRED_KEY_MODE_PASSPHRASE)
        return fail (why, "passphrase without kdf");
      return TRUE;
    }

  {
    const char *algorithm = get_string (kdf, "algorithm");
    const char *salt = get_string (kdf, "salt");
    gint64 opslimit;
    gint64 memlimit;

    if (g_strcmp0 (algorithm, KDF_ALGORITHM) != 0)
      return fail (why, "unknown kdf");
    if (salt == NULL || !decode_salt (salt, slot->salt))
      return fail (why, "bad salt");
    if (!get_int (kdf, "opslimit", &opslimit) || !get_int (kdf, "memlimit", &memlimit))
      return fail (why, "missing kdf limits");
    if (opslimit < (gint64) crypto_pwhash_argon2id_OPSLIMIT_MIN ||
        opslimit > KINDRED_KEY_KDF_OPSLIMIT_MAX ||
        memlimit < (gint64) crypto_pwhash_argon2id_MEMLIMIT_MIN ||
        memlimit > (gint64) KINDRED_KEY_KDF_MEMLIMIT_MAX)
      return fail (why, "kdf limits out of range");

    slot->opslimit = (guint64) opslimit;
    slot->memlimit = (gsize) memlimit;
  }

  return TRUE;
}

static char *
read_small_file (const char  *path,
                 gsize       *len_out,
                 GError     **error)
{
  g_autofree char *buf = NULL;
  struct stat st;
  gsize len = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The file that says how your journal is locked is missing."));
      else
        bad (error, path, g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      bad (error, path, "not a regular file");
      return NULL;
    }

  if (st.st_size > SIDECAR_MAX_SIZE)
    {
      close (fd);
      bad (error, path, "too large");
      return NULL;
    }

  /* One byte more than allowed: a file that grew since fstat() is caught too. */
  buf = g_malloc (SIDECAR_MAX_SIZE + 2);
  while (len <= SIDECAR_MAX_SIZE)
    {
      gssize n = read (fd, buf + len, SIDECAR_MAX_SIZE + 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          bad (error, path, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      len += (gsize) n;
    }
  close (fd);

  if (len > SIDECAR_MAX_SIZE)
    {
      bad (error, path, "too large");
      return NULL;
    }

  buf[len] = '\0';
  *len_out = len;
  return g_steal_pointer (&buf);
}

KindredSidecar *
kindred_sidecar_load (const char  *path,
                      GError     **error)
{
  g_autoptr(KindredSidecar) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *why = NULL;
  const char *journal_id;
  JsonNode *root;
  JsonObject *object;
  JsonObject *key;
  JsonObject *previous;
  JsonNode *previous_node;
  gint64 format;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  text = read_small_file (path, &len, error);
  if (text == NULL)
    return NULL;

  if (!g_utf8_validate (text, len, NULL) || memchr (text, '\0', len) != NULL)
    return bad (error, path, "not UTF-8 text");

  if (max_depth (text, len) > SIDECAR_MAX_DEPTH)
    return bad (error, path, "nested too deep");

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
    return bad (error, path, local_error->message);

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return bad (error, path, "not an object");
  object = json_node_get_object (root);

  if (!get_int (object, "format", &format) || format < 1)
    return bad (error, path, "bad or missing format");
  if (format > KINDRED_SIDECAR_FORMAT)
    {
      g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR,
                           _("Your journal was set up by a newer version of Kindred. "
                             "Please update Kindred to open it."));
      return NULL;
    }

  self = kindred_sidecar_new ();

  journal_id = get_string (object, "journal");
  if (journal_id == NULL || !g_uuid_string_is_valid (journal_id))
    return bad (error, path, "bad or missing journal id");
  self->journal_id = g_ascii_strdown (journal_id, -1);

  key = get_object (object, "key");
  if (key == NULL)
    return bad (error, path, "missing key");
  if (!parse_slot (key, &self->current, &why))
    return bad (error, path, why);

  previous_node = json_object_get_member (object, "previous");
  if (previous_node != NULL && !JSON_NODE_HOLDS_NULL (previous_node))
    {
      previous = get_object (object, "previous");
      if (previous == NULL)
        return bad (error, path, "previous is not an object");

      self->previous = g_new0 (KindredKeySlot, 1);
      if (!parse_slot (previous, self->previous, &why))
        return bad (error, path, why);
    }

  return g_steal_pointer (&self);
}

static void
build_slot (JsonBuilder          *builder,
            const KindredKeySlot *slot)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder,
                                 slot->mode == KINDRED_KEY_MODE_PASSPHRASE ? "passphrase"
                                                                           : "keyring");
  json_builder_set_member_name (builder, "check");
  json_builder_add_string_value (builder, slot->key_check);

  if (slot->mode == KINDRED_KEY_MODE_PASSPHRASE)
    {
      g_autofree char *salt = g_base64_encode (slot->salt, sizeof slot->salt);

      json_builder_set_member_name (builder, "kdf");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "algorithm");
      json_builder_add_string_value (builder, KDF_ALGORITHM);
      json_builder_set_member_name (builder, "salt");
      json_builder_add_string_value (builder, salt);
      json_builder_set_member_name (builder, "opslimit");
      json_builder_add_int_value (builder, (gint64) slot->opslimit);
      json_builder_set_member_name (builder, "memlimit");
      json_builder_add_int_value (builder, (gint64) slot->memlimit);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
}

gboolean
kindred_sidecar_save (KindredSidecar  *self,
                      const char      *path,
                      GError         **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->journal_id != NULL, FALSE);
  g_return_val_if_fail (self->current.key_check != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, KINDRED_SIDECAR_FORMAT);
  json_builder_set_member_name (builder, "journal");
  json_builder_add_string_value (builder, self->journal_id);
  json_builder_set_member_name (builder, "key");
  build_slot (builder, &self->current);
  if (self->previous != NULL)
    {
      json_builder_set_member_name (builder, "previous");
      build_slot (builder, self->previous);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return kindred_write_file_atomic (path, text, len, 0600, error);
}

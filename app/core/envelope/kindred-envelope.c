/* kindred-envelope.c: the one container for every file that leaves the machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FORMATS.md beside this file documents the layout and the cryptography: change the
 * two together.  Everything here is plain functions on immutable data, safe to call
 * from worker threads.
 */

#define G_LOG_DOMAIN "kindred-envelope"

#include "config.h"

#include "envelope/kindred-envelope.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kindred-util.h"

#define NONCE_SIZE         crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define AEAD_ABYTES        crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SEALED_KEY_SIZE    (crypto_box_SEALBYTES + KINDRED_KEY_SIZE)
#define STREAM_HEADER_SIZE crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define STREAM_ABYTES      crypto_secretstream_xchacha20poly1305_ABYTES
#define STREAM_MAX_CIPHER  (KINDRED_ENVELOPE_STREAM_CHUNK + STREAM_ABYTES)
#define STREAM_LENGTH_SIZE 4
#define KDF_ALGORITHM      "argon2id13"
#define KDF_CHECK_SIZE     16
/* The passphrase seal's "check": BLAKE2b keyed with the derived key over this text,
 * so a wrong passphrase is told apart from a changed file without revealing the key. */
#define KDF_CHECK_CONTEXT  "io.github.kindredapp.Kindred envelope passphrase check v1"
/* kindred_envelope_open() with @max_size 0 */
#define DEFAULT_MAX_SIZE   ((gsize) 64 * 1024 * 1024)
/* Test-only, as in kindred-journal.c: "defaults" become libsodium's cheapest Argon2id. */
#define CHEAP_KDF_ENV      "KINDRED_TEST_CHEAP_KDF"

G_STATIC_ASSERT (KINDRED_SIGN_PUBLIC_SIZE == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (KINDRED_SIGN_SECRET_SIZE == crypto_sign_SECRETKEYBYTES);
G_STATIC_ASSERT (KINDRED_SIGNATURE_SIZE == crypto_sign_BYTES);
G_STATIC_ASSERT (KINDRED_BOX_PUBLIC_SIZE == crypto_box_PUBLICKEYBYTES);
G_STATIC_ASSERT (KINDRED_BOX_SECRET_SIZE == crypto_box_SECRETKEYBYTES);
G_STATIC_ASSERT (KINDRED_KEY_SIZE == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
G_STATIC_ASSERT (KINDRED_KEY_SIZE == crypto_secretstream_xchacha20poly1305_KEYBYTES);
G_STATIC_ASSERT (KINDRED_KEY_SALT_SIZE == crypto_pwhash_SALTBYTES);

static const char * const seal_names[] = {
  [KINDRED_ENVELOPE_SEAL_NONE] = "none",
  [KINDRED_ENVELOPE_SEAL_SECRET] = "secret",
  [KINDRED_ENVELOPE_SEAL_BOX] = "box",
  [KINDRED_ENVELOPE_SEAL_PASSPHRASE] = "passphrase",
  [KINDRED_ENVELOPE_SEAL_STREAM] = "stream",
};

/* Members the envelope writes itself ("kdf" too for the passphrase seal; for the
 * stream seal the caller puts it there with kindred_envelope_kdf_new()). */
static const char * const reserved_members[] = {
  "kindred", "version", "seal", "nonce", "sealed_key", "recipient", "payload_size",
  "signer", "stream_header",
};

struct _KindredKeyPair
{
  gatomicrefcount  ref_count;
  gboolean         sign;
  guint8           public_key[KINDRED_SIGN_PUBLIC_SIZE];
  guint8          *secret;  /* sodium_malloc, read-only once made */
};

struct _KindredEnvelope
{
  gatomicrefcount      ref_count;
  GBytes              *bytes;
  gsize                header_len;     /* the header line, from offset 0, without "\n" */
  gsize                payload_offset;
  gsize                payload_len;
  JsonObject          *header;
  char                *kind;
  gint                 version;
  KindredEnvelopeSeal  seal;
  gboolean             signed_;
  guint8               signer[KINDRED_SIGN_PUBLIC_SIZE];
};

struct _KindredEnvelopeWriter
{
  char        *path;         /* NULL: into memory */
  char        *tmp_path;
  int          fd;
  GByteArray  *memory;
  char        *header_line;  /* the first chunk's additional data */
  gsize        header_len;
  crypto_secretstream_xchacha20poly1305_state *state;  /* sodium_malloc */
  guint8      *clear;        /* sodium_malloc, one chunk of clear bytes */
  gsize        clear_len;
  guint8      *cipher;       /* length + one sealed chunk */
  gboolean     first;
  gboolean     failed;
};

struct _KindredEnvelopeReader
{
  int          fd;           /* -1: reading from memory */
  char        *path;
  GBytes      *memory;
  gsize        memory_pos;
  char        *header_line;
  gsize        header_len;
  JsonObject  *header;
  gsize        payload_offset;
  guint8       stream_header[STREAM_HEADER_SIZE];
  crypto_secretstream_xchacha20poly1305_state *state;  /* sodium_malloc */
  guint8      *cipher;
  GBytes      *pending;      /* the first chunk, opened by set_key */
  GError      *failure;      /* once a read failed, every later read fails too */
  gboolean     keyed;
  gboolean     first;
  gboolean     finished;
};

G_DEFINE_QUARK (kindred-envelope-error-quark, kindred_envelope_error)

G_DEFINE_BOXED_TYPE (KindredKeyPair, kindred_key_pair, kindred_key_pair_ref,
                     kindred_key_pair_unref)
G_DEFINE_BOXED_TYPE (KindredEnvelope, kindred_envelope, kindred_envelope_ref,
                     kindred_envelope_unref)

/* Helpers */

static gpointer
init_sodium (gpointer data)
{
  /* sodium_init() is idempotent; keys/ calls it too.  It fails only without
   * /dev/urandom, and nothing here would be safe without random numbers. */
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  return NULL;
}

static void
ensure_sodium (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_sodium, NULL);
}

static gpointer
secure_alloc (gsize size)
{
  gpointer p;

  ensure_sodium ();
  p = sodium_malloc (MAX (size, 1));
  if (p == NULL)
    g_error ("Out of guarded memory for a key");

  return p;
}

static gboolean
fail (GError              **error,
      KindredEnvelopeError  code,
      const char           *message)
{
  g_set_error_literal (error, KINDRED_ENVELOPE_ERROR, code, message);
  return FALSE;
}

static gboolean
fail_field (GError     **error,
            const char  *member)
{
  g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
               _("The file’s “%s” is missing or not valid."), member);
  return FALSE;
}

static gboolean
fail_io (GError     **error,
         int          saved_errno,
         const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_IO,
               _("Kindred could not read or save “%s”: %s"), display,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fail_from (GError  **error,
           GError   *local)
{
  g_set_error_literal (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_IO,
                       local->message);
  g_error_free (local);
  return FALSE;
}

/* Clear payloads handed out as GBytes are wiped when the last reference goes. */
typedef struct
{
  gsize  len;
  guint8 data[];
} ClearBuffer;

static void
clear_buffer_free (gpointer data)
{
  ClearBuffer *buffer = data;

  sodium_memzero (buffer->data, buffer->len);
  g_free (buffer);
}

static ClearBuffer *
clear_buffer_new (gsize len)
{
  ClearBuffer *buffer = g_malloc (sizeof (ClearBuffer) + MAX (len, 1));

  buffer->len = len;
  return buffer;
}

static GBytes *
clear_buffer_to_bytes (ClearBuffer *buffer,
                       gsize        used)
{
  g_assert (used <= buffer->len);
  return g_bytes_new_with_free_func (buffer->data, used, clear_buffer_free, buffer);
}

static void
put_be32 (guint8  *out,
          guint32  value)
{
  out[0] = (guint8) (value >> 24);
  out[1] = (guint8) (value >> 16);
  out[2] = (guint8) (value >> 8);
  out[3] = (guint8) value;
}

static guint32
get_be32 (const guint8 *in)
{
  return ((guint32) in[0] << 24) | ((guint32) in[1] << 16) | ((guint32) in[2] << 8) | in[3];
}

static void
set_b64 (JsonObject   *object,
         const char   *member,
         const guint8 *data,
         gsize         len)
{
  g_autofree char *text = kindred_envelope_b64_encode (data, len);

  json_object_set_string_member (object, member, text);
}

typedef enum
{
  SCAN_OK,
  SCAN_TOO_DEEP,
  SCAN_NOT_ONE_OBJECT,
} ScanResult;

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Runs before json-glib, whose parser recurses (1.6 crashes on deep nesting) and
 * accepts more values after the first ("{} {}"): the text must be one object, with
 * arrays/objects nested at most @max_depth deep, brackets inside strings (with
 * their escapes) not counting. */
static ScanResult
scan_json (const char *text,
           gsize       len,
           guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gsize i = 0;

  while (i < len && is_json_space (text[i]))
    i++;
  if (i == len || text[i] != '{')
    return SCAN_NOT_ONE_OBJECT;

  for (; i < len; i++)
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
          if (++depth > max_depth)
            return SCAN_TOO_DEEP;
          break;
        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            {
              /* the end of the object: only white space may follow */
              for (i++; i < len; i++)
                if (!is_json_space (text[i]))
                  return SCAN_NOT_ONE_OBJECT;
              return SCAN_OK;
            }
          break;
        default:
          break;
        }
    }

  /* unclosed: json-glib reports it */
  return SCAN_OK;
}

/* @not_json: the code for bytes that are not a JSON object (FOREIGN for a header,
 * MALFORMED for a payload); nesting too deep is always MALFORMED. */
static JsonObject *
parse_json_object (const char            *data,
                   gsize                  len,
                   guint                  max_depth,
                   KindredEnvelopeError   not_json,
                   GError               **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  /* g_utf8_validate() also refuses a NUL inside, where json-glib would stop early */
  if (!g_utf8_validate (data, (gssize) len, NULL))
    {
      fail (error, not_json, _("This is not readable JSON text."));
      return NULL;
    }

  switch (scan_json (data, len, max_depth))
    {
    case SCAN_TOO_DEEP:
      fail (error, KINDRED_ENVELOPE_ERROR_MALFORMED,
            _("The file nests its data deeper than Kindred allows."));
      return NULL;
    case SCAN_NOT_ONE_OBJECT:
      fail (error, not_json, _("This JSON text is not an object."));
      return NULL;
    case SCAN_OK:
    default:
      break;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL))
    {
      fail (error, not_json, _("This is not readable JSON text."));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, not_json, _("This JSON text is not an object."));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail_field (error, member);
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
parse_seal (const char          *name,
            KindredEnvelopeSeal *seal)
{
  for (guint i = 0; i < G_N_ELEMENTS (seal_names); i++)
    if (g_strcmp0 (name, seal_names[i]) == 0)
      {
        *seal = (KindredEnvelopeSeal) i;
        return TRUE;
      }

  return FALSE;
}

/* KDF limits */

static void
default_kdf_limits (guint64 *opslimit,
                    gsize   *memlimit)
{
  gboolean cheap = g_strcmp0 (g_getenv (CHEAP_KDF_ENV), "1") == 0;

  if (*opslimit == 0)
    *opslimit = cheap ? crypto_pwhash_argon2id_OPSLIMIT_MIN : KINDRED_KEY_KDF_OPSLIMIT;
  if (*memlimit == 0)
    *memlimit = cheap ? crypto_pwhash_argon2id_MEMLIMIT_MIN : KINDRED_KEY_KDF_MEMLIMIT;
}

static gboolean
check_kdf_limits (gint64   opslimit,
                  gint64   memlimit,
                  GError **error)
{
  if (opslimit < (gint64) crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      opslimit > KINDRED_ENVELOPE_KDF_OPSLIMIT_MAX ||
      memlimit < (gint64) crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      memlimit > (gint64) KINDRED_ENVELOPE_KDF_MEMLIMIT_MAX)
    return fail (error, KINDRED_ENVELOPE_ERROR_KDF_LIMITS,
                 _("The file asks for more (or less) passphrase work than Kindred allows."));

  return TRUE;
}

/* Reads a header's "kdf" object.  Limits out of the caps are KDF_LIMITS, so the
 * caller can refuse the file before any Argon2id work. */
static gboolean
read_kdf (JsonObject  *header,
          guint8       salt[KINDRED_KEY_SALT_SIZE],
          guint64     *opslimit,
          gsize       *memlimit,
          JsonObject **kdf_out,
          GError     **error)
{
  JsonObject *kdf;
  const char *alg;
  gint64 ops;
  gint64 mem;

  kdf = get_object (header, "kdf", error);
  if (kdf == NULL)
    return FALSE;

  alg = kindred_envelope_get_string (kdf, "alg", error);
  if (alg == NULL)
    return FALSE;
  if (strcmp (alg, KDF_ALGORITHM) != 0)
    return fail_field (error, "alg");

  if (!kindred_envelope_get_key (kdf, "salt", salt, KINDRED_KEY_SALT_SIZE, error) ||
      !kindred_envelope_get_int (kdf, "opslimit", G_MININT64, G_MAXINT64, &ops, error) ||
      !kindred_envelope_get_int (kdf, "memlimit", G_MININT64, G_MAXINT64, &mem, error))
    return FALSE;

  if (!check_kdf_limits (ops, mem, error))
    return FALSE;

  *opslimit = (guint64) ops;
  *memlimit = (gsize) mem;
  if (kdf_out != NULL)
    *kdf_out = kdf;
  return TRUE;
}

/* Argon2id into @out (KINDRED_KEY_SIZE bytes of sodium_malloc memory). */
static gboolean
derive_key (const char    *passphrase,
            const guint8  *salt,
            guint64        opslimit,
            gsize          memlimit,
            guint8        *out,
            GError       **error)
{
  gsize len = strlen (passphrase);

  ensure_sodium ();

  if (len > crypto_pwhash_PASSWD_MAX)
    return fail (error, KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE,
                 _("This passphrase is too long."));

  if (crypto_pwhash (out, KINDRED_KEY_SIZE, passphrase, len, salt, opslimit, memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    /* crypto_pwhash fails only when it cannot get the memory it was asked for */
    return fail (error, KINDRED_ENVELOPE_ERROR_IO,
                 _("There was not enough memory to check the passphrase. "
                   "Closing other programs may help."));

  return TRUE;
}

static void
kdf_check_value (const guint8 *key,
                 guint8        out[KDF_CHECK_SIZE])
{
  crypto_generichash (out, KDF_CHECK_SIZE,
                      (const guint8 *) KDF_CHECK_CONTEXT, strlen (KDF_CHECK_CONTEXT),
                      key, KINDRED_KEY_SIZE);
}

/* Fills "kdf" of @header and derives into @key_out (sodium memory). */
static gboolean
kdf_fill (const char  *passphrase,
          guint64      opslimit,
          gsize        memlimit,
          gboolean     with_check,
          JsonObject  *header,
          guint8      *key_out,
          GError     **error)
{
  g_autoptr(JsonObject) kdf = json_object_new ();
  guint8 salt[KINDRED_KEY_SALT_SIZE];

  default_kdf_limits (&opslimit, &memlimit);
  if (!check_kdf_limits ((gint64) MIN (opslimit, (guint64) G_MAXINT64),
                         (gint64) MIN (memlimit, (gsize) G_MAXINT64), error))
    return FALSE;

  randombytes_buf (salt, sizeof salt);
  if (!derive_key (passphrase, salt, opslimit, memlimit, key_out, error))
    return FALSE;

  json_object_set_string_member (kdf, "alg", KDF_ALGORITHM);
  set_b64 (kdf, "salt", salt, sizeof salt);
  json_object_set_int_member (kdf, "opslimit", (gint64) opslimit);
  json_object_set_int_member (kdf, "memlimit", (gint64) memlimit);
  if (with_check)
    {
      guint8 check[KDF_CHECK_SIZE];

      kdf_check_value (key_out, check);
      set_b64 (kdf, "check", check, sizeof check);
    }
  json_object_set_object_member (header, "kdf", g_steal_pointer (&kdf));
  return TRUE;
}

/* Headers */

static gboolean
check_fields (JsonObject           *fields,
              KindredEnvelopeSeal   seal,
              GError              **error)
{
  if (fields == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (reserved_members); i++)
    if (json_object_has_member (fields, reserved_members[i]))
      return fail_field (error, reserved_members[i]);

  if (seal == KINDRED_ENVELOPE_SEAL_PASSPHRASE && json_object_has_member (fields, "kdf"))
    return fail_field (error, "kdf");

  return TRUE;
}

static JsonObject *
header_new (const char          *kind,
            gint                 version,
            KindredEnvelopeSeal  seal)
{
  JsonObject *header = json_object_new ();

  /* "kindred" first: the first bytes of every file say what it is */
  json_object_set_string_member (header, "kindred", kind);
  json_object_set_int_member (header, "version", version);
  json_object_set_string_member (header, "seal", seal_names[seal]);
  return header;
}

static void
header_add_fields (JsonObject *header,
                   JsonObject *fields)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (fields == NULL)
    return;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (header, name, json_node_copy (node));
}

static char *
header_to_line (JsonObject  *header,
                gsize       *len,
                GError     **error)
{
  g_autofree char *line = kindred_envelope_to_json (header, len);

  /* json-glib escapes newlines inside strings; a header that is too big would be
   * refused by every reader, so it is not written either. */
  if (*len > KINDRED_ENVELOPE_MAX_HEADER || memchr (line, '\n', *len) != NULL)
    {
      fail (error, KINDRED_ENVELOPE_ERROR_MALFORMED,
            _("The file’s header would be larger than Kindred allows."));
      return NULL;
    }

  return g_steal_pointer (&line);
}

/* Reads and checks the header line from the first @len bytes of a file (all of it
 * when @whole): FOREIGN, MALFORMED (depth), WRONG_KIND, NEWER_VERSION, seal. */
static JsonObject *
read_header (const char           *data,
             gsize                 len,
             gboolean              whole,
             const char           *kind,
             gint                  max_version,
             gsize                *header_len,
             gint                 *version,
             KindredEnvelopeSeal  *seal,
             GError              **error)
{
  g_autoptr(JsonObject) header = NULL;
  const char *newline;
  const char *found_kind;
  const char *seal_name;
  JsonNode *node;
  gint64 v;

  newline = memchr (data, '\n', MIN (len, (gsize) KINDRED_ENVELOPE_MAX_HEADER + 1));
  if (newline == NULL)
    {
      /* Our writer always starts with "kindred": such a file cut inside its header
       * is ours, only incomplete. */
      if (whole && len <= KINDRED_ENVELOPE_MAX_HEADER && len >= 10 &&
          strncmp (data, "{\"kindred\"", 10) == 0)
        fail (error, KINDRED_ENVELOPE_ERROR_TRUNCATED,
              _("The file ends inside its header."));
      else
        fail (error, KINDRED_ENVELOPE_ERROR_FOREIGN, _("This is not a Kindred file."));
      return NULL;
    }

  *header_len = (gsize) (newline - data);
  if (*header_len == 0 || data[0] != '{')
    {
      fail (error, KINDRED_ENVELOPE_ERROR_FOREIGN, _("This is not a Kindred file."));
      return NULL;
    }

  header = parse_json_object (data, *header_len, KINDRED_ENVELOPE_MAX_DEPTH,
                              KINDRED_ENVELOPE_ERROR_FOREIGN, error);
  if (header == NULL)
    return NULL;

  node = json_object_get_member (header, "kindred");
  found_kind = NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    found_kind = json_node_get_string (node);
  if (found_kind == NULL || *found_kind == '\0')
    {
      fail (error, KINDRED_ENVELOPE_ERROR_FOREIGN, _("This is not a Kindred file."));
      return NULL;
    }

  if (kind != NULL && strcmp (kind, found_kind) != 0)
    {
      fail (error, KINDRED_ENVELOPE_ERROR_WRONG_KIND,
            _("This Kindred file is of another kind than expected."));
      return NULL;
    }

  if (!kindred_envelope_get_int (header, "version", 1, G_MAXINT, &v, error))
    return NULL;
  if (v > max_version)
    {
      fail (error, KINDRED_ENVELOPE_ERROR_NEWER_VERSION,
            _("This file was written by a newer version of Kindred."));
      return NULL;
    }
  *version = (gint) v;

  seal_name = kindred_envelope_get_string (header, "seal", error);
  if (seal_name == NULL)
    return NULL;
  if (!parse_seal (seal_name, seal))
    {
      fail_field (error, "seal");
      return NULL;
    }

  return g_steal_pointer (&header);
}

/* Key pairs */

static KindredKeyPair *
key_pair_alloc (gboolean sign)
{
  KindredKeyPair *self = g_new0 (KindredKeyPair, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->sign = sign;
  self->secret = secure_alloc (sign ? KINDRED_SIGN_SECRET_SIZE : KINDRED_BOX_SECRET_SIZE);
  return self;
}

static KindredKeyPair *
key_pair_seal (KindredKeyPair *self)
{
  /* Nothing writes to a secret key after it is made */
  sodium_mprotect_readonly (self->secret);
  return self;
}

KindredKeyPair *
kindred_key_pair_new_sign (void)
{
  KindredKeyPair *self = key_pair_alloc (TRUE);

  crypto_sign_keypair (self->public_key, self->secret);
  return key_pair_seal (self);
}

KindredKeyPair *
kindred_key_pair_new_box (void)
{
  KindredKeyPair *self = key_pair_alloc (FALSE);

  crypto_box_keypair (self->public_key, self->secret);
  return key_pair_seal (self);
}

KindredKeyPair *
kindred_key_pair_new_from_secret (gboolean       sign,
                                  const guint8  *secret,
                                  gsize          len,
                                  GError       **error)
{
  g_autoptr(KindredKeyPair) self = NULL;

  g_return_val_if_fail (secret != NULL, NULL);

  if (len != (sign ? KINDRED_SIGN_SECRET_SIZE : KINDRED_BOX_SECRET_SIZE))
    {
      fail (error, KINDRED_ENVELOPE_ERROR_MALFORMED, _("This key is not of the right size."));
      return NULL;
    }

  self = key_pair_alloc (sign);
  if (sign)
    {
      /* An Ed25519 secret key is seed ‖ public key: remake it from the seed and
       * refuse one whose halves do not belong together. */
      crypto_sign_seed_keypair (self->public_key, self->secret, secret);
      if (sodium_memcmp (self->secret, secret, KINDRED_SIGN_SECRET_SIZE) != 0)
        {
          fail (error, KINDRED_ENVELOPE_ERROR_MALFORMED, _("This key is damaged."));
          return NULL;
        }
    }
  else
    {
      memcpy (self->secret, secret, KINDRED_BOX_SECRET_SIZE);
      crypto_scalarmult_base (self->public_key, self->secret);
    }

  return key_pair_seal (g_steal_pointer (&self));
}

KindredKeyPair *
kindred_key_pair_ref (KindredKeyPair *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kindred_key_pair_unref (KindredKeyPair *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      sodium_free (self->secret);
      g_free (self);
    }
}

gboolean
kindred_key_pair_is_sign (KindredKeyPair *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->sign;
}

const guint8 *
kindred_key_pair_get_public (KindredKeyPair *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->public_key;
}

const guint8 *
kindred_key_pair_get_secret (KindredKeyPair *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->secret;
}

gsize
kindred_key_pair_get_secret_size (KindredKeyPair *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sign ? KINDRED_SIGN_SECRET_SIZE : KINDRED_BOX_SECRET_SIZE;
}

/* Base64 and fields */

char *
kindred_envelope_b64_encode (const guint8 *data,
                             gsize         len)
{
  gsize size = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL);
  char *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  ensure_sodium ();
  out = g_malloc (size);
  sodium_bin2base64 (out, size, data, len, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

gboolean
kindred_envelope_b64_decode (const char    *text,
                             guint8        *out,
                             gsize          len,
                             GError       **error)
{
  gsize text_len;
  size_t bin_len = 0;
  const char *end = NULL;

  g_return_val_if_fail (out != NULL || len == 0, FALSE);

  ensure_sodium ();
  /* libsodium's decoder is strict (no stray characters, padding required), unlike
   * g_base64_decode(), which skips what it does not understand. */
  if (text == NULL ||
      sodium_base642bin (out, len, text, (text_len = strlen (text)), NULL, &bin_len, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text + text_len || bin_len != len)
    return fail (error, KINDRED_ENVELOPE_ERROR_MALFORMED,
                 _("A key or identifier in the file is not valid."));

  return TRUE;
}

const char *
kindred_envelope_get_string (JsonObject  *object,
                             const char  *member,
                             GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail_field (error, member);
      return NULL;
    }

  return json_node_get_string (node);
}

gboolean
kindred_envelope_get_int (JsonObject  *object,
                          const char  *member,
                          gint64       min,
                          gint64       max,
                          gint64      *out,
                          GError     **error)
{
  JsonNode *node;
  gint64 value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = json_object_get_member (object, member);
  /* json-glib keeps integers as gint64 and anything with a point or exponent as a
   * double: only the former is an integer here. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fail_field (error, member);

  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail_field (error, member);

  if (out != NULL)
    *out = value;
  return TRUE;
}

gboolean
kindred_envelope_get_key (JsonObject  *object,
                          const char  *member,
                          guint8      *out,
                          gsize        len,
                          GError     **error)
{
  const char *text = kindred_envelope_get_string (object, member, error);

  if (text == NULL)
    return FALSE;

  if (!kindred_envelope_b64_decode (text, out, len, NULL))
    return fail_field (error, member);

  return TRUE;
}

JsonObject *
kindred_envelope_parse_object (const char  *data,
                               gssize       len,
                               guint        max_depth,
                               GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len < 0)
    len = (gssize) strlen (data);

  return parse_json_object (data, (gsize) len, max_depth, KINDRED_ENVELOPE_ERROR_MALFORMED,
                            error);
}

char *
kindred_envelope_to_json (JsonObject *object,
                          gsize      *len)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, object);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, len);
}

/* Stream writing */

static KindredEnvelopeWriter *
writer_new (const char  *path,
            const char  *kind,
            gint         version,
            JsonObject  *fields,
            KindredKey  *key,
            GError     **error)
{
  g_autoptr(KindredEnvelopeWriter) self = NULL;
  g_autoptr(JsonObject) header = NULL;
  guint8 stream_header[STREAM_HEADER_SIZE];

  if (!check_fields (fields, KINDRED_ENVELOPE_SEAL_STREAM, error))
    return NULL;

  self = g_new0 (KindredEnvelopeWriter, 1);
  self->fd = -1;
  self->first = TRUE;
  self->state = secure_alloc (sizeof *self->state);
  self->clear = secure_alloc (KINDRED_ENVELOPE_STREAM_CHUNK);
  self->cipher = g_malloc (STREAM_LENGTH_SIZE + STREAM_MAX_CIPHER);

  crypto_secretstream_xchacha20poly1305_init_push (self->state, stream_header,
                                                   kindred_key_get_data (key));

  header = header_new (kind, version, KINDRED_ENVELOPE_SEAL_STREAM);
  set_b64 (header, "stream_header", stream_header, sizeof stream_header);
  header_add_fields (header, fields);
  self->header_line = header_to_line (header, &self->header_len, error);
  if (self->header_line == NULL)
    return NULL;

  if (path == NULL)
    self->memory = g_byte_array_new ();
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);

      self->path = g_strdup (path);
      /* A dot file beside the target, as kindred_write_file_atomic() does: rename()
       * is atomic only within a file system, and sync tools skip dot files. */
      self->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
      self->fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, 0600);
      if (self->fd < 0)
        {
          fail_io (error, errno, path);
          g_clear_pointer (&self->tmp_path, g_free);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

static gboolean
writer_out (KindredEnvelopeWriter  *self,
            const guint8           *data,
            gsize                   len,
            GError                **error)
{
  if (self->memory != NULL)
    {
      g_byte_array_append (self->memory, data, (guint) len);
      return TRUE;
    }

  while (len > 0)
    {
      ssize_t n = write (self->fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          self->failed = TRUE;
          return fail_io (error, errno, self->path);
        }
      data += n;
      len -= (gsize) n;
    }

  return TRUE;
}

static gboolean
writer_push (KindredEnvelopeWriter  *self,
             guint8                  tag,
             GError                **error)
{
  const guint8 *ad;
  unsigned long long clen = 0;

  if (self->first)
    {
      /* The header line goes out before the first chunk, which authenticates it. */
      if (!writer_out (self, (const guint8 *) self->header_line, self->header_len, error) ||
          !writer_out (self, (const guint8 *) "\n", 1, error))
        return FALSE;
    }

  ad = self->first ? (const guint8 *) self->header_line : NULL;
  crypto_secretstream_xchacha20poly1305_push (self->state,
                                              self->cipher + STREAM_LENGTH_SIZE, &clen,
                                              self->clear, self->clear_len,
                                              ad, ad != NULL ? self->header_len : 0, tag);
  put_be32 (self->cipher, (guint32) clen);
  sodium_memzero (self->clear, self->clear_len);
  self->clear_len = 0;
  self->first = FALSE;

  return writer_out (self, self->cipher, STREAM_LENGTH_SIZE + (gsize) clen, error);
}

/* The last chunk; then the bytes are complete (memory) or the file is closed. */
static gboolean
writer_close (KindredEnvelopeWriter  *self,
              GError                **error)
{
  if (self->failed)
    return fail (error, KINDRED_ENVELOPE_ERROR_IO, _("Kindred could not finish writing the file."));

  if (!writer_push (self, crypto_secretstream_xchacha20poly1305_TAG_FINAL, error))
    return FALSE;

  if (self->memory != NULL)
    return TRUE;

  if (fsync (self->fd) != 0)
    return fail_io (error, errno, self->path);

  if (close (self->fd) != 0)
    {
      self->fd = -1;
      return fail_io (error, errno, self->path);
    }
  self->fd = -1;

  if (g_rename (self->tmp_path, self->path) != 0)
    return fail_io (error, errno, self->path);
  g_clear_pointer (&self->tmp_path, g_free);

  {
    g_autofree char *dir = g_path_get_dirname (self->path);
    GError *local = NULL;

    /* The rename itself is only durable once the folder is synced. */
    if (!kindred_fsync_path (dir, &local))
      return fail_from (error, local);
  }

  return TRUE;
}

KindredEnvelopeWriter *
kindred_envelope_writer_new (const char  *path,
                             const char  *kind,
                             gint         version,
                             JsonObject  *header,
                             KindredKey  *key,
                             GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (kind != NULL && *kind != '\0', NULL);
  g_return_val_if_fail (version >= 1, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return writer_new (path, kind, version, header, key, error);
}

gboolean
kindred_envelope_writer_write (KindredEnvelopeWriter  *self,
                               const void             *data,
                               gsize                   len,
                               GError                **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->failed)
    return fail (error, KINDRED_ENVELOPE_ERROR_IO, _("Kindred could not finish writing the file."));

  while (len > 0)
    {
      gsize n;

      /* A full chunk goes out only when more follows, so that the last one (which
       * _finish marks FINAL) is never empty unless the whole stream is. */
      if (self->clear_len == KINDRED_ENVELOPE_STREAM_CHUNK &&
          !writer_push (self, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, error))
        return FALSE;

      n = MIN (len, KINDRED_ENVELOPE_STREAM_CHUNK - self->clear_len);
      memcpy (self->clear + self->clear_len, p, n);
      self->clear_len += n;
      p += n;
      len -= n;
    }

  return TRUE;
}

gboolean
kindred_envelope_writer_finish (KindredEnvelopeWriter  *self,
                                GError                **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  ok = writer_close (self, error);
  kindred_envelope_writer_free (self);
  return ok;
}

void
kindred_envelope_writer_free (KindredEnvelopeWriter *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);

  sodium_free (self->state);
  sodium_free (self->clear);
  g_free (self->cipher);
  g_free (self->header_line);
  g_free (self->path);
  g_free (self->tmp_path);
  g_clear_pointer (&self->memory, g_byte_array_unref);
  g_free (self);
}

/* Stream reading */

static KindredEnvelopeReader *
reader_alloc (void)
{
  KindredEnvelopeReader *self = g_new0 (KindredEnvelopeReader, 1);

  self->fd = -1;
  self->state = secure_alloc (sizeof *self->state);
  self->cipher = g_malloc (STREAM_MAX_CIPHER);
  return self;
}

static gboolean
reader_setup (KindredEnvelopeReader  *self,
              JsonObject             *header,
              gsize                   header_len,
              const char             *data,
              GError                **error)
{
  if (!kindred_envelope_get_key (header, "stream_header", self->stream_header,
                                 STREAM_HEADER_SIZE, error))
    return FALSE;

  self->header = json_object_ref (header);
  self->header_line = g_strndup (data, header_len);
  self->header_len = header_len;
  self->payload_offset = header_len + 1;
  return TRUE;
}

/* Up to @len bytes; fewer only at the end of the file. */
static gboolean
reader_in (KindredEnvelopeReader  *self,
           guint8                 *buf,
           gsize                   len,
           gsize                  *got,
           GError                **error)
{
  *got = 0;

  if (self->fd < 0)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (self->memory, &size);
      gsize n = MIN (len, size - self->memory_pos);

      memcpy (buf, data + self->memory_pos, n);
      self->memory_pos += n;
      *got = n;
      return TRUE;
    }

  while (*got < len)
    {
      ssize_t n = read (self->fd, buf + *got, len - *got);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return fail_io (error, errno, self->path);
        }
      if (n == 0)
        break;
      *got += (gsize) n;
    }

  return TRUE;
}

static gboolean
reader_rewind (KindredEnvelopeReader  *self,
               GError                **error)
{
  if (self->fd < 0)
    {
      self->memory_pos = self->payload_offset;
      return TRUE;
    }

  if (lseek (self->fd, (off_t) self->payload_offset, SEEK_SET) < 0)
    return fail_io (error, errno, self->path);

  return TRUE;
}

static gboolean
fail_truncated (GError **error)
{
  return fail (error, KINDRED_ENVELOPE_ERROR_TRUNCATED,
               _("The file ends before its last part."));
}

static gboolean
fail_changed (GError **error)
{
  return fail (error, KINDRED_ENVELOPE_ERROR_DECRYPT,
               _("The file was changed after it was written, or it is not for this key."));
}

/* The next chunk: (transfer full) its clear bytes, @final set on the last one. */
static GBytes *
reader_chunk (KindredEnvelopeReader  *self,
              gboolean               *final,
              GError                **error)
{
  guint8 length[STREAM_LENGTH_SIZE];
  ClearBuffer *clear;
  const guint8 *ad;
  unsigned long long mlen = 0;
  guint8 tag = 0;
  guint32 clen;
  gsize got;

  if (!reader_in (self, length, sizeof length, &got, error))
    return NULL;
  if (got < sizeof length)
    {
      fail_truncated (error);
      return NULL;
    }

  clen = get_be32 (length);
  if (clen < STREAM_ABYTES || clen > STREAM_MAX_CIPHER)
    {
      fail_changed (error);
      return NULL;
    }

  if (!reader_in (self, self->cipher, clen, &got, error))
    return NULL;
  if (got < clen)
    {
      fail_truncated (error);
      return NULL;
    }

  clear = clear_buffer_new (clen - STREAM_ABYTES);
  ad = self->first ? (const guint8 *) self->header_line : NULL;
  if (crypto_secretstream_xchacha20poly1305_pull (self->state, clear->data, &mlen, &tag,
                                                  self->cipher, clen,
                                                  ad, ad != NULL ? self->header_len : 0) != 0 ||
      (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE &&
       tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL))
    {
      clear_buffer_free (clear);
      fail_changed (error);
      return NULL;
    }
  self->first = FALSE;

  *final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  if (*final)
    {
      guint8 extra;

      /* Nothing may follow the last chunk. */
      if (!reader_in (self, &extra, 1, &got, error))
        {
          clear_buffer_free (clear);
          return NULL;
        }
      if (got != 0)
        {
          clear_buffer_free (clear);
          fail_changed (error);
          return NULL;
        }
    }

  return clear_buffer_to_bytes (clear, (gsize) mlen);
}

KindredEnvelopeReader *
kindred_envelope_reader_open (const char  *path,
                              const char  *kind,
                              gint         max_version,
                              GError     **error)
{
  g_autoptr(KindredEnvelopeReader) self = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autofree char *prefix = NULL;
  KindredEnvelopeSeal seal;
  struct stat st;
  gsize header_len;
  gsize got;
  gint version;

  g_return_val_if_fail (path != NULL, NULL);

  self = reader_alloc ();
  self->path = g_strdup (path);
  self->fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (self->fd < 0)
    {
      fail_io (error, errno, path);
      return NULL;
    }
  if (fstat (self->fd, &st) != 0)
    {
      fail_io (error, errno, path);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      fail (error, KINDRED_ENVELOPE_ERROR_FOREIGN, _("This is not a Kindred file."));
      return NULL;
    }

  prefix = g_malloc (KINDRED_ENVELOPE_MAX_HEADER + 1);
  if (!reader_in (self, (guint8 *) prefix, KINDRED_ENVELOPE_MAX_HEADER + 1, &got, error))
    return NULL;

  header = read_header (prefix, got, got <= KINDRED_ENVELOPE_MAX_HEADER, kind, max_version,
                        &header_len, &version, &seal, error);
  if (header == NULL)
    return NULL;
  if (seal != KINDRED_ENVELOPE_SEAL_STREAM)
    {
      fail_field (error, "seal");
      return NULL;
    }

  if (!reader_setup (self, header, header_len, prefix, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonObject *
kindred_envelope_reader_get_header (KindredEnvelopeReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->header;
}

gboolean
kindred_envelope_reader_set_key (KindredEnvelopeReader  *self,
                                 KindredKey             *key,
                                 GError                **error)
{
  GBytes *chunk;
  gboolean final = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  /* From the start again each time, so that a person can retry a passphrase. */
  self->keyed = FALSE;
  self->finished = FALSE;
  self->first = TRUE;
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_error (&self->failure);

  if (!reader_rewind (self, error))
    return FALSE;

  if (crypto_secretstream_xchacha20poly1305_init_pull (self->state, self->stream_header,
                                                       kindred_key_get_data (key)) != 0)
    return fail_changed (error);

  chunk = reader_chunk (self, &final, error);
  if (chunk == NULL)
    return FALSE;

  self->keyed = TRUE;
  self->finished = final;
  if (g_bytes_get_size (chunk) > 0 || !final)
    self->pending = chunk;
  else
    g_bytes_unref (chunk);

  return TRUE;
}

GBytes *
kindred_envelope_reader_read (KindredEnvelopeReader  *self,
                              GError                **error)
{
  GBytes *chunk;
  gboolean final = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->keyed, NULL);

  if (self->pending != NULL)
    return g_steal_pointer (&self->pending);

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return NULL;
    }

  if (self->finished)
    return NULL;

  chunk = reader_chunk (self, &final, &self->failure);
  if (chunk == NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return NULL;
    }

  self->finished = final;
  if (final && g_bytes_get_size (chunk) == 0)
    {
      g_bytes_unref (chunk);
      return NULL;
    }

  return chunk;
}

void
kindred_envelope_reader_free (KindredEnvelopeReader *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->memory, g_bytes_unref);
  g_clear_pointer (&self->header, json_object_unref);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_error (&self->failure);
  sodium_free (self->state);
  g_free (self->cipher);
  g_free (self->header_line);
  g_free (self->path);
  g_free (self);
}

/* Writing */

static GBytes *
build_stream (const char                *kind,
              gint                       version,
              JsonObject                *fields,
              GBytes                    *payload,
              const KindredEnvelopeKeys *keys,
              GError                   **error)
{
  g_autoptr(KindredEnvelopeWriter) writer = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (payload, &len);

  writer = writer_new (NULL, kind, version, fields, keys->secret_key, error);
  if (writer == NULL ||
      !kindred_envelope_writer_write (writer, data, len, error) ||
      !writer_close (writer, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&writer->memory));
}

GBytes *
kindred_envelope_write_bytes (const char                *kind,
                              gint                       version,
                              JsonObject                *fields,
                              GBytes                    *payload,
                              const KindredEnvelopeKeys *keys,
                              KindredKeyPair            *signer,
                              GError                   **error)
{
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(GByteArray) out = NULL;
  g_autofree char *line = NULL;
  KindredEnvelopeSeal seal = keys != NULL ? keys->seal : KINDRED_ENVELOPE_SEAL_NONE;
  guint8 nonce[NONCE_SIZE];
  guint8 *aead_key = NULL;
  const guint8 *clear;
  gsize clear_len;
  gsize line_len;
  gsize payload_size;
  gboolean ok = TRUE;

  g_return_val_if_fail (kind != NULL && *kind != '\0', NULL);
  g_return_val_if_fail (version >= 1, NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail ((guint) seal < G_N_ELEMENTS (seal_names), NULL);
  g_return_val_if_fail (signer == NULL || kindred_key_pair_is_sign (signer), NULL);
  g_return_val_if_fail (seal != KINDRED_ENVELOPE_SEAL_SECRET || keys->secret_key != NULL, NULL);
  g_return_val_if_fail (seal != KINDRED_ENVELOPE_SEAL_BOX || keys->recipient_public != NULL, NULL);
  g_return_val_if_fail (seal != KINDRED_ENVELOPE_SEAL_PASSPHRASE || keys->passphrase != NULL, NULL);
  g_return_val_if_fail (seal != KINDRED_ENVELOPE_SEAL_STREAM || keys->secret_key != NULL, NULL);
  /* A stream runs to the end of the file: there is no place for a signature. */
  g_return_val_if_fail (seal != KINDRED_ENVELOPE_SEAL_STREAM || signer == NULL, NULL);

  ensure_sodium ();

  if (seal == KINDRED_ENVELOPE_SEAL_STREAM)
    return build_stream (kind, version, fields, payload, keys, error);

  if (!check_fields (fields, seal, error))
    return NULL;

  header = header_new (kind, version, seal);
  randombytes_buf (nonce, sizeof nonce);

  switch (seal)
    {
    case KINDRED_ENVELOPE_SEAL_NONE:
      break;

    case KINDRED_ENVELOPE_SEAL_SECRET:
      set_b64 (header, "nonce", nonce, sizeof nonce);
      break;

    case KINDRED_ENVELOPE_SEAL_BOX:
      {
        guint8 sealed[SEALED_KEY_SIZE];

        /* A fresh key for this one file, sealed to the recipient; the payload is
         * then an AEAD like the other seals, so that the header is authenticated. */
        aead_key = secure_alloc (KINDRED_KEY_SIZE);
        randombytes_buf (aead_key, KINDRED_KEY_SIZE);
        if (crypto_box_seal (sealed, aead_key, KINDRED_KEY_SIZE, keys->recipient_public) != 0)
          {
            ok = fail_field (error, "recipient");
            break;
          }
        set_b64 (header, "recipient", keys->recipient_public, KINDRED_BOX_PUBLIC_SIZE);
        set_b64 (header, "sealed_key", sealed, sizeof sealed);
        set_b64 (header, "nonce", nonce, sizeof nonce);
      }
      break;

    case KINDRED_ENVELOPE_SEAL_PASSPHRASE:
      aead_key = secure_alloc (KINDRED_KEY_SIZE);
      ok = kdf_fill (keys->passphrase, keys->kdf_opslimit, keys->kdf_memlimit, TRUE, header,
                     aead_key, error);
      if (ok)
        set_b64 (header, "nonce", nonce, sizeof nonce);
      break;

    case KINDRED_ENVELOPE_SEAL_STREAM:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      if (aead_key != NULL)
        sodium_free (aead_key);
      return NULL;
    }

  clear = g_bytes_get_data (payload, &clear_len);
  /* GByteArray counts in guint; no envelope comes near that */
  if (clear_len > G_MAXUINT32 - 2 * KINDRED_ENVELOPE_MAX_HEADER)
    {
      if (aead_key != NULL)
        sodium_free (aead_key);
      fail (error, KINDRED_ENVELOPE_ERROR_TOO_LARGE,
            _("The file is larger than a Kindred file of its kind can be."));
      return NULL;
    }
  payload_size = clear_len + (seal == KINDRED_ENVELOPE_SEAL_NONE ? 0 : AEAD_ABYTES);

  header_add_fields (header, fields);
  json_object_set_int_member (header, "payload_size", (gint64) payload_size);
  if (signer != NULL)
    set_b64 (header, "signer", signer->public_key, sizeof signer->public_key);

  line = header_to_line (header, &line_len, error);
  if (line == NULL)
    {
      if (aead_key != NULL)
        sodium_free (aead_key);
      return NULL;
    }

  out = g_byte_array_sized_new ((guint) (line_len + 1 + payload_size +
                                         (signer != NULL ? KINDRED_SIGNATURE_SIZE : 0)));
  g_byte_array_append (out, (const guint8 *) line, (guint) line_len);
  g_byte_array_append (out, (const guint8 *) "\n", 1);

  if (seal == KINDRED_ENVELOPE_SEAL_NONE)
    g_byte_array_append (out, clear, (guint) clear_len);
  else
    {
      const guint8 *key = aead_key != NULL ? aead_key : kindred_key_get_data (keys->secret_key);
      unsigned long long clen = 0;
      gsize at = out->len;

      g_byte_array_set_size (out, (guint) (at + payload_size));
      /* The header line is the additional data: changing it fails like changing
       * the payload. */
      crypto_aead_xchacha20poly1305_ietf_encrypt (out->data + at, &clen, clear, clear_len,
                                                  (const guint8 *) line, line_len, NULL,
                                                  nonce, key);
      g_assert (clen == payload_size);
    }

  if (aead_key != NULL)
    sodium_free (aead_key);

  if (signer != NULL)
    {
      guint8 signature[KINDRED_SIGNATURE_SIZE];

      crypto_sign_detached (signature, NULL, out->data, out->len, signer->secret);
      g_byte_array_append (out, signature, sizeof signature);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
kindred_envelope_write (const char                *path,
                        const char                *kind,
                        gint                       version,
                        JsonObject                *header,
                        GBytes                    *payload,
                        const KindredEnvelopeKeys *keys,
                        KindredKeyPair            *signer,
                        GError                   **error)
{
  g_autoptr(GBytes) bytes = NULL;
  GError *local = NULL;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (path != NULL, FALSE);

  if (keys != NULL && keys->seal == KINDRED_ENVELOPE_SEAL_STREAM)
    {
      g_autoptr(KindredEnvelopeWriter) writer = NULL;

      g_return_val_if_fail (kind != NULL && *kind != '\0', FALSE);
      g_return_val_if_fail (version >= 1, FALSE);
      g_return_val_if_fail (payload != NULL, FALSE);
      g_return_val_if_fail (keys->secret_key != NULL, FALSE);
      g_return_val_if_fail (signer == NULL, FALSE);

      data = g_bytes_get_data (payload, &len);
      writer = writer_new (path, kind, version, header, keys->secret_key, error);
      if (writer == NULL || !kindred_envelope_writer_write (writer, data, len, error))
        return FALSE;
      return kindred_envelope_writer_finish (g_steal_pointer (&writer), error);
    }

  bytes = kindred_envelope_write_bytes (kind, version, header, payload, keys, signer, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (!kindred_write_file_atomic (path, data, len, 0600, &local))
    return fail_from (error, local);

  return TRUE;
}

/* Reading */

static KindredEnvelope *
envelope_parse (GBytes      *bytes,
                const char  *kind,
                gint         max_version,
                GError     **error)
{
  g_autoptr(KindredEnvelope) self = NULL;
  g_autoptr(JsonObject) header = NULL;
  const char *data;
  gsize len;
  gsize rest;
  gboolean signed_;
  guint8 signer[KINDRED_SIGN_PUBLIC_SIZE];
  KindredEnvelopeSeal seal;
  gsize header_len;
  gsize payload_len;
  gint version;
  gint64 payload_size = 0;
  guint8 scratch[SEALED_KEY_SIZE];

  ensure_sodium ();

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";

  header = read_header (data, len, TRUE, kind, max_version, &header_len, &version, &seal, error);
  if (header == NULL)
    return NULL;

  rest = len - header_len - 1;
  signed_ = json_object_has_member (header, "signer");
  if (signed_ && !kindred_envelope_get_key (header, "signer", signer, sizeof signer, error))
    return NULL;

  if (seal == KINDRED_ENVELOPE_SEAL_STREAM)
    {
      if (signed_)
        {
          fail_field (error, "signer");
          return NULL;
        }
      payload_len = rest;
    }
  else
    {
      if (!kindred_envelope_get_int (header, "payload_size", 0, G_MAXINT64, &payload_size, error))
        return NULL;

      if ((guint64) payload_size > rest)
        {
          fail (error, KINDRED_ENVELOPE_ERROR_TRUNCATED,
                _("The file is shorter than its header says."));
          return NULL;
        }
      payload_len = (gsize) payload_size;

      if (signed_ && rest == payload_len)
        {
          fail (error, KINDRED_ENVELOPE_ERROR_BAD_SIGNATURE,
                _("The file’s signature is missing."));
          return NULL;
        }
      if (signed_ && rest - payload_len < KINDRED_SIGNATURE_SIZE)
        {
          fail (error, KINDRED_ENVELOPE_ERROR_TRUNCATED,
                _("The file is shorter than its header says."));
          return NULL;
        }
      if (rest - payload_len != (signed_ ? KINDRED_SIGNATURE_SIZE : 0))
        {
          fail (error, KINDRED_ENVELOPE_ERROR_MALFORMED,
                _("The file is longer than its header says."));
          return NULL;
        }

      if (signed_ &&
          crypto_sign_verify_detached ((const guint8 *) data + header_len + 1 + payload_len,
                                       (const guint8 *) data, header_len + 1 + payload_len,
                                       signer) != 0)
        {
          fail (error, KINDRED_ENVELOPE_ERROR_BAD_SIGNATURE,
                _("The file’s signature does not match its contents."));
          return NULL;
        }
    }

  /* The seal's parameters are checked here, so that nothing half-checked is handed
   * out; the KDF limits wait for open_payload, which needs them. */
  switch (seal)
    {
    case KINDRED_ENVELOPE_SEAL_NONE:
      break;

    case KINDRED_ENVELOPE_SEAL_BOX:
      if (!kindred_envelope_get_key (header, "sealed_key", scratch, SEALED_KEY_SIZE, error) ||
          !kindred_envelope_get_key (header, "recipient", scratch, KINDRED_BOX_PUBLIC_SIZE, error))
        return NULL;
      G_GNUC_FALLTHROUGH;
    case KINDRED_ENVELOPE_SEAL_SECRET:
    case KINDRED_ENVELOPE_SEAL_PASSPHRASE:
      if (!kindred_envelope_get_key (header, "nonce", scratch, NONCE_SIZE, error))
        return NULL;
      if (payload_len < AEAD_ABYTES)
        {
          fail_field (error, "payload_size");
          return NULL;
        }
      if (seal == KINDRED_ENVELOPE_SEAL_PASSPHRASE)
        {
          JsonObject *kdf = get_object (header, "kdf", error);

          if (kdf == NULL ||
              kindred_envelope_get_string (kdf, "alg", error) == NULL ||
              !kindred_envelope_get_key (kdf, "salt", scratch, KINDRED_KEY_SALT_SIZE, error) ||
              !kindred_envelope_get_int (kdf, "opslimit", G_MININT64, G_MAXINT64, NULL, error) ||
              !kindred_envelope_get_int (kdf, "memlimit", G_MININT64, G_MAXINT64, NULL, error) ||
              !kindred_envelope_get_key (kdf, "check", scratch, KDF_CHECK_SIZE, error))
            return NULL;
        }
      break;

    case KINDRED_ENVELOPE_SEAL_STREAM:
      if (!kindred_envelope_get_key (header, "stream_header", scratch, STREAM_HEADER_SIZE, error))
        return NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  self = g_new0 (KindredEnvelope, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->bytes = g_bytes_ref (bytes);
  self->header_len = header_len;
  self->payload_offset = header_len + 1;
  self->payload_len = payload_len;
  self->kind = g_strdup (json_object_get_string_member (header, "kindred"));
  self->header = g_steal_pointer (&header);
  self->version = version;
  self->seal = seal;
  self->signed_ = signed_;
  if (signed_)
    memcpy (self->signer, signer, sizeof signer);

  return g_steal_pointer (&self);
}

KindredEnvelope *
kindred_envelope_open_bytes (GBytes      *bytes,
                             const char  *kind,
                             gint         max_version,
                             GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return envelope_parse (bytes, kind, max_version, error);
}

KindredEnvelope *
kindred_envelope_open (const char  *path,
                       const char  *kind,
                       gint         max_version,
                       gsize        max_size,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  struct stat st;
  guint8 *data;
  gsize got = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (max_size == 0)
    max_size = DEFAULT_MAX_SIZE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      fail_io (error, errno, path);
      return NULL;
    }

  /* The size of what was opened, before a byte is read: a huge (or sparse) file
   * costs nothing to refuse. */
  if (fstat (fd, &st) != 0)
    {
      fail_io (error, errno, path);
      close (fd);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      fail (error, KINDRED_ENVELOPE_ERROR_FOREIGN, _("This is not a Kindred file."));
      return NULL;
    }
  if ((guint64) st.st_size > max_size)
    {
      close (fd);
      fail (error, KINDRED_ENVELOPE_ERROR_TOO_LARGE,
            _("The file is larger than a Kindred file of its kind can be."));
      return NULL;
    }

  /* A file that grows while we read it is read only as far as it was: what follows
   * is not ours to trust, and the checks below see a consistent prefix. */
  data = g_malloc ((gsize) st.st_size + 1);
  while (got < (gsize) st.st_size)
    {
      ssize_t n = read (fd, data + got, (gsize) st.st_size - got);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          fail_io (error, errno, path);
          g_free (data);
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }
  close (fd);

  bytes = g_bytes_new_take (data, got);
  return envelope_parse (bytes, kind, max_version, error);
}

KindredEnvelope *
kindred_envelope_ref (KindredEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kindred_envelope_unref (KindredEnvelope *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_bytes_unref (self->bytes);
      json_object_unref (self->header);
      g_free (self->kind);
      g_free (self);
    }
}

const char *
kindred_envelope_get_kind (KindredEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->kind;
}

gint
kindred_envelope_get_version (KindredEnvelope *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->version;
}

KindredEnvelopeSeal
kindred_envelope_get_seal (KindredEnvelope *self)
{
  g_return_val_if_fail (self != NULL, KINDRED_ENVELOPE_SEAL_NONE);

  return self->seal;
}

JsonObject *
kindred_envelope_get_header (KindredEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->header;
}

const guint8 *
kindred_envelope_get_signer (KindredEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->signed_ ? self->signer : NULL;
}

gboolean
kindred_envelope_check_signer (KindredEnvelope  *self,
                               const guint8     *expected,
                               GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->signed_)
    return fail (error, KINDRED_ENVELOPE_ERROR_BAD_SIGNATURE,
                 _("The file’s signature is missing."));

  if (expected != NULL && sodium_memcmp (expected, self->signer, sizeof self->signer) != 0)
    return fail (error, KINDRED_ENVELOPE_ERROR_BAD_SIGNATURE,
                 _("The file was signed by someone other than expected."));

  return TRUE;
}

static GBytes *
aead_open (KindredEnvelope  *self,
           const guint8     *key,
           GError          **error)
{
  const guint8 *data = g_bytes_get_data (self->bytes, NULL);
  guint8 nonce[NONCE_SIZE];
  ClearBuffer *clear;
  unsigned long long mlen = 0;

  if (!kindred_envelope_get_key (self->header, "nonce", nonce, sizeof nonce, error))
    return NULL;

  clear = clear_buffer_new (self->payload_len - AEAD_ABYTES);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (clear->data, &mlen, NULL,
                                                  data + self->payload_offset, self->payload_len,
                                                  data, self->header_len, nonce, key) != 0)
    {
      clear_buffer_free (clear);
      fail_changed (error);
      return NULL;
    }

  return clear_buffer_to_bytes (clear, (gsize) mlen);
}

static GBytes *
open_box (KindredEnvelope  *self,
          KindredKeyPair   *recipient,
          GError          **error)
{
  guint8 sealed[SEALED_KEY_SIZE];
  guint8 for_whom[KINDRED_BOX_PUBLIC_SIZE];
  guint8 *key;
  GBytes *clear;

  if (recipient == NULL || recipient->sign)
    {
      fail_changed (error);
      return NULL;
    }

  if (!kindred_envelope_get_key (self->header, "recipient", for_whom, sizeof for_whom, error) ||
      !kindred_envelope_get_key (self->header, "sealed_key", sealed, sizeof sealed, error))
    return NULL;

  /* Meant for someone else: no need to try. */
  if (sodium_memcmp (for_whom, recipient->public_key, sizeof for_whom) != 0)
    {
      fail_changed (error);
      return NULL;
    }

  key = secure_alloc (KINDRED_KEY_SIZE);
  if (crypto_box_seal_open (key, sealed, sizeof sealed, recipient->public_key,
                            recipient->secret) != 0)
    {
      sodium_free (key);
      fail_changed (error);
      return NULL;
    }

  clear = aead_open (self, key, error);
  sodium_free (key);
  return clear;
}

static GBytes *
open_passphrase (KindredEnvelope  *self,
                 const char       *passphrase,
                 GError          **error)
{
  guint8 salt[KINDRED_KEY_SALT_SIZE];
  guint8 check[KDF_CHECK_SIZE];
  guint8 expected[KDF_CHECK_SIZE];
  JsonObject *kdf = NULL;
  guint64 opslimit;
  gsize memlimit;
  guint8 *key;
  GBytes *clear = NULL;

  /* The caps first: a hostile file must not make us do the work it asks for. */
  if (!read_kdf (self->header, salt, &opslimit, &memlimit, &kdf, error) ||
      !kindred_envelope_get_key (kdf, "check", expected, sizeof expected, error))
    return NULL;

  if (passphrase == NULL)
    {
      fail (error, KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE,
            _("This passphrase does not open the file."));
      return NULL;
    }

  key = secure_alloc (KINDRED_KEY_SIZE);
  if (derive_key (passphrase, salt, opslimit, memlimit, key, error))
    {
      kdf_check_value (key, check);
      if (sodium_memcmp (check, expected, sizeof check) != 0)
        fail (error, KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE,
              _("This passphrase does not open the file."));
      else
        clear = aead_open (self, key, error);
    }
  sodium_free (key);
  return clear;
}

static GBytes *
open_stream (KindredEnvelope  *self,
             KindredKey       *key,
             GError          **error)
{
  g_autoptr(KindredEnvelopeReader) reader = reader_alloc ();
  const char *data = g_bytes_get_data (self->bytes, NULL);
  ClearBuffer *all;
  gsize used = 0;
  GBytes *chunk;

  reader->memory = g_bytes_ref (self->bytes);
  if (!reader_setup (reader, self->header, self->header_len, data, error) ||
      !kindred_envelope_reader_set_key (reader, key, error))
    return NULL;

  /* The clear stream is never longer than the sealed one. */
  all = clear_buffer_new (self->payload_len);
  while ((chunk = kindred_envelope_reader_read (reader, error)) != NULL)
    {
      gsize n;
      const guint8 *p = g_bytes_get_data (chunk, &n);

      memcpy (all->data + used, p, n);
      used += n;
      g_bytes_unref (chunk);
    }

  if (!reader->finished || reader->failure != NULL)
    {
      clear_buffer_free (all);
      return NULL;
    }

  return clear_buffer_to_bytes (all, used);
}

GBytes *
kindred_envelope_open_payload (KindredEnvelope            *self,
                               const KindredEnvelopeKeys  *keys,
                               GError                    **error)
{
  const guint8 *data;

  g_return_val_if_fail (self != NULL, NULL);

  data = g_bytes_get_data (self->bytes, NULL);

  if (self->seal == KINDRED_ENVELOPE_SEAL_NONE &&
      (keys == NULL || keys->seal == KINDRED_ENVELOPE_SEAL_NONE))
    return g_bytes_new (data + self->payload_offset, self->payload_len);

  /* Sealed another way than the caller expects (e.g. "none" where a group key was
   * expected): refused, or a file could strip its own encryption. */
  if (keys == NULL || keys->seal != self->seal)
    {
      fail (error, KINDRED_ENVELOPE_ERROR_DECRYPT,
            _("The file is not sealed the way Kindred expects for it."));
      return NULL;
    }

  switch (self->seal)
    {
    case KINDRED_ENVELOPE_SEAL_SECRET:
      if (keys->secret_key == NULL)
        {
          fail_changed (error);
          return NULL;
        }
      return aead_open (self, kindred_key_get_data (keys->secret_key), error);

    case KINDRED_ENVELOPE_SEAL_BOX:
      return open_box (self, keys->recipient, error);

    case KINDRED_ENVELOPE_SEAL_PASSPHRASE:
      return open_passphrase (self, keys->passphrase, error);

    case KINDRED_ENVELOPE_SEAL_STREAM:
      if (keys->secret_key == NULL)
        {
          fail_changed (error);
          return NULL;
        }
      return open_stream (self, keys->secret_key, error);

    case KINDRED_ENVELOPE_SEAL_NONE:
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/* KDF for callers */

KindredKey *
kindred_envelope_kdf_new_full (const char  *passphrase,
                               guint64      opslimit,
                               gsize        memlimit,
                               JsonObject  *header,
                               GError     **error)
{
  guint8 *data;
  KindredKey *key = NULL;

  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);

  data = secure_alloc (KINDRED_KEY_SIZE);
  if (kdf_fill (passphrase, opslimit, memlimit, FALSE, header, data, error))
    key = kindred_key_new_from_data (data, KINDRED_KEY_SIZE);
  sodium_free (data);
  return key;
}

KindredKey *
kindred_envelope_kdf_new (const char  *passphrase,
                          JsonObject  *header,
                          GError     **error)
{
  return kindred_envelope_kdf_new_full (passphrase, 0, 0, header, error);
}

KindredKey *
kindred_envelope_kdf_derive (const char  *passphrase,
                             JsonObject  *header,
                             GError     **error)
{
  guint8 salt[KINDRED_KEY_SALT_SIZE];
  guint64 opslimit;
  gsize memlimit;
  guint8 *data;
  KindredKey *key = NULL;

  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);

  if (!read_kdf (header, salt, &opslimit, &memlimit, NULL, error))
    return NULL;

  data = secure_alloc (KINDRED_KEY_SIZE);
  if (derive_key (passphrase, salt, opslimit, memlimit, data, error))
    key = kindred_key_new_from_data (data, KINDRED_KEY_SIZE);
  sodium_free (data);
  return key;
}

/* Messages */

char *
kindred_envelope_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != KINDRED_ENVELOPE_ERROR)
    return g_strdup (error->message);

  switch ((KindredEnvelopeError) error->code)
    {
    case KINDRED_ENVELOPE_ERROR_IO:
      return g_strdup (_("Kindred could not read or save this file. Please check that it is "
                         "still there and that there is room on the disk."));
    case KINDRED_ENVELOPE_ERROR_TOO_LARGE:
      return g_strdup (_("This file is much larger than a Kindred file of its kind can be, "
                         "so Kindred left it unopened."));
    case KINDRED_ENVELOPE_ERROR_FOREIGN:
      return g_strdup (_("This does not look like a file from Kindred, so Kindred left it "
                         "alone."));
    case KINDRED_ENVELOPE_ERROR_WRONG_KIND:
      return g_strdup (_("This is a Kindred file, but not the kind that belongs here. "
                         "Perhaps a different file was meant."));
    case KINDRED_ENVELOPE_ERROR_NEWER_VERSION:
      return g_strdup (_("This file was made by a newer version of Kindred. Updating Kindred "
                         "should let you open it."));
    case KINDRED_ENVELOPE_ERROR_MALFORMED:
      return g_strdup (_("Part of this file is not in the form Kindred expects, so nothing "
                         "was taken from it."));
    case KINDRED_ENVELOPE_ERROR_TRUNCATED:
      return g_strdup (_("This file seems to be incomplete, perhaps it is still being copied. "
                         "Nothing was taken from it; you can try again once it has fully "
                         "arrived."));
    case KINDRED_ENVELOPE_ERROR_BAD_SIGNATURE:
      return g_strdup (_("Kindred could not confirm who made this file, so it was not "
                         "opened."));
    case KINDRED_ENVELOPE_ERROR_KDF_LIMITS:
      return g_strdup (_("This file asks for far more work to unlock than Kindred allows, "
                         "so it was not opened."));
    case KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE:
      return g_strdup (_("That passphrase does not open this file. Please check it and try "
                         "again."));
    case KINDRED_ENVELOPE_ERROR_DECRYPT:
      return g_strdup (_("This file was changed after it was written, or it was not meant "
                         "for you, so Kindred did not open it."));
    default:
      return g_strdup (error->message);
    }
}

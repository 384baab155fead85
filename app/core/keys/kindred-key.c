/* kindred-key.c: a 256-bit key held in libsodium's guarded memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-key"

#include "config.h"

#include "keys/kindred-key.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

/* Argon2id cost (KINDRED_KEY_KDF_OPSLIMIT/_MEMLIMIT in kindred-key.h).
 *
 * Measured on the development machine (2-core AMD EPYC VM, libsodium 1.0.18, best of 5,
 * 2026-11-27): libsodium's "moderate" 3 passes × 256 MiB took 0.76 s; 3 × 128 MiB
 * 0.36 s; 4 × 128 MiB 0.42 s; 2 × 192 MiB 0.53 s; 3 × 192 MiB 0.70 s.  Most of the
 * time is spent touching the memory, so the cost grows with memory more than passes.
 *
 * We keep the memory high and the passes low (2 × 192 MiB ≈ 0.5 s): against a
 * guessing attacker with GPUs or ASICs, memory is what is expensive for them (RFC 9106
 * prefers more memory over more passes), while 0.5 s is a pause a person barely notices
 * when opening the journal once.  192 MiB is also modest for a desktop, and an older
 * laptop that is twice as slow still unlocks in about a second. */

/* The recovery key's check group and the key check value hash over these, so the two
 * can never be confused with each other or with another program's hash of the key. */
#define CHECK_VALUE_CONTEXT "io.github.kindredapp.Kindred key check v1"
#define RECOVERY_CONTEXT    "io.github.kindredapp.Kindred recovery v1"
#define CHECK_VALUE_SIZE    16

/* Crockford's base32: no I, L, O or U, so that what a person writes down is not misread. */
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* 32 bytes = 256 bits = 52 characters of 5 bits (the last one holds 1 bit and 4 zero
 * bits), in 13 groups of 4, then one check group of 4 characters (20 bits of hash). */
#define RECOVERY_DATA_CHARS  52
#define RECOVERY_CHECK_CHARS 4
#define RECOVERY_GROUP       4
#define RECOVERY_CHARS       (RECOVERY_DATA_CHARS + RECOVERY_CHECK_CHARS)

struct _KindredKey
{
  gatomicrefcount  ref_count;
  guint8          *data;  /* KINDRED_KEY_SIZE bytes of sodium_malloc memory, read-only */
};

G_DEFINE_BOXED_TYPE (KindredKey, kindred_key, kindred_key_ref, kindred_key_unref)

G_DEFINE_QUARK (kindred-keys-error-quark, kindred_keys_error)

static gpointer
init_sodium (gpointer data)
{
  /* sodium_init() can fail only when /dev/urandom cannot be opened; nothing we could
   * do would be safe without random numbers. */
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

/* Returns a key whose data is writable until seal_key(). */
static KindredKey *
key_alloc (void)
{
  KindredKey *self;

  ensure_sodium ();

  self = g_new0 (KindredKey, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->data = sodium_malloc (KINDRED_KEY_SIZE);
  if (self->data == NULL)
    g_error ("Out of guarded memory for a key");

  return self;
}

static KindredKey *
seal_key (KindredKey *self)
{
  /* Nothing writes to a key after it is made: a stray write crashes instead of
   * silently changing the key. */
  sodium_mprotect_readonly (self->data);
  return self;
}

KindredKey *
kindred_key_new_random (void)
{
  KindredKey *self = key_alloc ();

  randombytes_buf (self->data, KINDRED_KEY_SIZE);
  return seal_key (self);
}

KindredKey *
kindred_key_new_from_data (const guint8 *data,
                           gsize         len)
{
  KindredKey *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (len == KINDRED_KEY_SIZE, NULL);

  self = key_alloc ();
  memcpy (self->data, data, KINDRED_KEY_SIZE);
  return seal_key (self);
}

KindredKey *
kindred_key_new_from_hex (const char  *hex,
                          GError     **error)
{
  g_autoptr(KindredKey) self = NULL;
  const char *start;
  const char *end;

  g_return_val_if_fail (hex != NULL, NULL);

  /* Trim without copying: a copy would be one more place the key is left behind. */
  start = hex;
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  if (end - start != KINDRED_KEY_SIZE * 2)
    goto bad;

  self = key_alloc ();
  for (gsize i = 0; i < KINDRED_KEY_SIZE; i++)
    {
      int hi = g_ascii_xdigit_value (start[2 * i]);
      int lo = g_ascii_xdigit_value (start[2 * i + 1]);

      if (hi < 0 || lo < 0)
        goto bad;

      self->data[i] = (guint8) ((hi << 4) | lo);
    }

  return seal_key (g_steal_pointer (&self));

bad:
  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT,
                       _("The journal key in your keyring is not in the form Kindred expects."));
  return NULL;
}

static gboolean
check_kdf_limits (guint64   opslimit,
                  gsize     memlimit,
                  GError  **error)
{
  if (opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      opslimit > KINDRED_KEY_KDF_OPSLIMIT_MAX ||
      memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      memlimit > KINDRED_KEY_KDF_MEMLIMIT_MAX)
    {
      g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR,
                           _("The settings for your journal’s passphrase ask for more "
                             "(or less) work than Kindred allows. The file journal.json "
                             "may be damaged."));
      return FALSE;
    }

  return TRUE;
}

KindredKey *
kindred_key_derive (const char    *passphrase,
                    const guint8  *salt,
                    guint64        opslimit,
                    gsize          memlimit,
                    GError       **error)
{
  g_autoptr(KindredKey) self = NULL;
  gsize len;

  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (salt != NULL, NULL);

  G_STATIC_ASSERT (KINDRED_KEY_SALT_SIZE == crypto_pwhash_SALTBYTES);

  if (!check_kdf_limits (opslimit, memlimit, error))
    return NULL;

  if (!g_utf8_validate (passphrase, -1, NULL) ||
      g_utf8_strlen (passphrase, -1) < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    {
      g_set_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WEAK_PASSPHRASE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A passphrase needs at least %d character.",
                                "A passphrase needs at least %d characters.",
                                KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                   KINDRED_KEY_PASSPHRASE_MIN_CHARS);
      return NULL;
    }

  len = strlen (passphrase);
  if (len > crypto_pwhash_PASSWD_MAX)
    {
      g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_FAILED,
                           _("This passphrase is too long."));
      return NULL;
    }

  self = key_alloc ();
  if (crypto_pwhash (self->data, KINDRED_KEY_SIZE, passphrase, len, salt,
                     opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      /* crypto_pwhash fails only when it cannot get the memory it was asked for */
      g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_FAILED,
                           _("There was not enough memory to check the passphrase. "
                             "Closing other programs may help."));
      return NULL;
    }

  return seal_key (g_steal_pointer (&self));
}

/* 20 bits of a keyed hash of the key: catches any typo in the recovery key with
 * a chance of about one in a million of missing it. */
static void
recovery_check_chars (const guint8 *data,
                      char          out[RECOVERY_CHECK_CHARS])
{
  guint8 hash[crypto_generichash_BYTES_MIN];
  guint32 bits;

  crypto_generichash (hash, sizeof hash,
                      (const guint8 *) RECOVERY_CONTEXT, strlen (RECOVERY_CONTEXT),
                      data, KINDRED_KEY_SIZE);
  bits = ((guint32) hash[0] << 12) | ((guint32) hash[1] << 4) | (hash[2] >> 4);
  for (int i = RECOVERY_CHECK_CHARS - 1; i >= 0; i--)
    {
      out[i] = crockford[bits & 31];
      bits >>= 5;
    }
  sodium_memzero (hash, sizeof hash);
}

static int
crockford_value (char c)
{
  c = g_ascii_toupper (c);
  switch (c)
    {
    case 'O':
      return 0;
    case 'I':
    case 'L':
      return 1;
    default:
      {
        const char *p = strchr (crockford, c);

        return (c != '\0' && p != NULL) ? (int) (p - crockford) : -1;
      }
    }
}

KindredKey *
kindred_key_new_from_recovery (const char  *recovery,
                               GError     **error)
{
  g_autoptr(KindredKey) self = NULL;
  char *chars;
  char check[RECOVERY_CHECK_CHARS];
  gsize n = 0;
  guint32 acc = 0;
  int acc_bits = 0;
  gsize out = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (recovery != NULL, NULL);

  ensure_sodium ();
  chars = sodium_malloc (RECOVERY_CHARS);
  if (chars == NULL)
    g_error ("Out of guarded memory for a key");

  for (const char *p = recovery; *p != '\0'; p++)
    {
      int v;

      if (*p == '-' || g_ascii_isspace (*p))
        continue;

      v = crockford_value (*p);
      if (v < 0 || n == RECOVERY_CHARS)
        {
          ok = FALSE;
          break;
        }
      chars[n++] = crockford[v];
    }

  if (!ok || n != RECOVERY_CHARS)
    goto bad;

  self = key_alloc ();
  for (gsize i = 0; i < RECOVERY_DATA_CHARS; i++)
    {
      acc = (acc << 5) | (guint32) crockford_value (chars[i]);
      acc_bits += 5;
      if (acc_bits >= 8)
        {
          acc_bits -= 8;
          self->data[out++] = (guint8) (acc >> acc_bits);
          acc &= (1u << acc_bits) - 1;
        }
    }
  g_assert (out == KINDRED_KEY_SIZE);
  /* The 4 padding bits are always zero when Kindred writes a recovery key. */
  if (acc != 0)
    goto bad;

  recovery_check_chars (self->data, check);
  if (sodium_memcmp (check, chars + RECOVERY_DATA_CHARS, RECOVERY_CHECK_CHARS) != 0)
    goto bad;

  sodium_free (chars);
  return seal_key (g_steal_pointer (&self));

bad:
  sodium_free (chars);
  g_set_error_literal (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT,
                       _("This recovery key is not complete or has a typing mistake. "
                         "Please check each group of characters."));
  return NULL;
}

KindredKey *
kindred_key_ref (KindredKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kindred_key_unref (KindredKey *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      /* sodium_free() zeroes the bytes before it gives the pages back */
      sodium_free (self->data);
      g_free (self);
    }
}

const guint8 *
kindred_key_get_data (KindredKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

gboolean
kindred_key_equal (KindredKey *a,
                   KindredKey *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return sodium_memcmp (a->data, b->data, KINDRED_KEY_SIZE) == 0;
}

char *
kindred_key_to_hex (KindredKey *self)
{
  char *hex;

  g_return_val_if_fail (self != NULL, NULL);

  hex = g_malloc (KINDRED_KEY_SIZE * 2 + 1);
  sodium_bin2hex (hex, KINDRED_KEY_SIZE * 2 + 1, self->data, KINDRED_KEY_SIZE);
  return hex;
}

char *
kindred_key_to_recovery (KindredKey *self)
{
  char digits[RECOVERY_CHARS];
  GString *s;
  guint32 acc = 0;
  int acc_bits = 0;
  gsize n = 0;
  char *result;

  g_return_val_if_fail (self != NULL, NULL);

  for (gsize i = 0; i < KINDRED_KEY_SIZE; i++)
    {
      acc = (acc << 8) | self->data[i];
      acc_bits += 8;
      while (acc_bits >= 5)
        {
          acc_bits -= 5;
          digits[n++] = crockford[(acc >> acc_bits) & 31];
        }
      acc &= (1u << acc_bits) - 1;
    }
  /* 256 = 51 × 5 + 1: the last character holds one bit and four zero bits */
  digits[n++] = crockford[(acc << (5 - acc_bits)) & 31];
  g_assert (n == RECOVERY_DATA_CHARS);
  recovery_check_chars (self->data, digits + RECOVERY_DATA_CHARS);

  /* Sized up front so the GString never reallocates and leaves a copy behind. */
  s = g_string_sized_new (RECOVERY_CHARS + RECOVERY_CHARS / RECOVERY_GROUP + 1);
  for (gsize i = 0; i < RECOVERY_CHARS; i++)
    {
      if (i > 0 && i % RECOVERY_GROUP == 0)
        g_string_append_c (s, '-');
      g_string_append_c (s, digits[i]);
    }

  sodium_memzero (digits, sizeof digits);
  result = g_string_free (s, FALSE);
  return result;
}

char *
kindred_key_check_value (KindredKey *self)
{
  guint8 hash[CHECK_VALUE_SIZE];
  char *hex;

  g_return_val_if_fail (self != NULL, NULL);

  crypto_generichash (hash, sizeof hash,
                      (const guint8 *) CHECK_VALUE_CONTEXT, strlen (CHECK_VALUE_CONTEXT),
                      self->data, KINDRED_KEY_SIZE);
  hex = g_malloc (CHECK_VALUE_SIZE * 2 + 1);
  sodium_bin2hex (hex, CHECK_VALUE_SIZE * 2 + 1, hash, sizeof hash);
  return hex;
}

void
kindred_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  ensure_sodium ();
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* kindred-key.h: a 256-bit key held in libsodium's guarded memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KINDRED_KEY_SIZE 32

#define KINDRED_KEYS_ERROR (kindred_keys_error_quark ())

/**
 * KindredKeysError:
 * @KINDRED_KEYS_ERROR_NO_SERVICE: no Secret Service (keyring) is reachable
 * @KINDRED_KEYS_ERROR_KEYRING_LOCKED: the keyring is locked and unlocking it was
 *   cancelled or failed
 * @KINDRED_KEYS_ERROR_KEY_MISSING: the keyring works but holds no key for this journal
 * @KINDRED_KEYS_ERROR_WRONG_PASSPHRASE: the passphrase (or recovery key) does not fit
 * @KINDRED_KEYS_ERROR_BAD_SIDECAR: the key settings file is damaged or from a newer Kindred
 * @KINDRED_KEYS_ERROR_BAD_FORMAT: a hex key or recovery key that is not well formed
 * @KINDRED_KEYS_ERROR_WEAK_PASSPHRASE: too short to protect a journal
 * @KINDRED_KEYS_ERROR_FAILED: anything else
 */
typedef enum
{
  KINDRED_KEYS_ERROR_NO_SERVICE,
  KINDRED_KEYS_ERROR_KEYRING_LOCKED,
  KINDRED_KEYS_ERROR_KEY_MISSING,
  KINDRED_KEYS_ERROR_WRONG_PASSPHRASE,
  KINDRED_KEYS_ERROR_BAD_SIDECAR,
  KINDRED_KEYS_ERROR_BAD_FORMAT,
  KINDRED_KEYS_ERROR_WEAK_PASSPHRASE,
  KINDRED_KEYS_ERROR_FAILED,
} KindredKeysError;

GQuark kindred_keys_error_quark (void);

/* Argon2id cost for the journal passphrase: about 0.5 s on the development machine;
 * see kindred-key.c for the measurement and why memory rather than passes. */
#define KINDRED_KEY_KDF_OPSLIMIT 2
#define KINDRED_KEY_KDF_MEMLIMIT (192u * 1024u * 1024u)
#define KINDRED_KEY_SALT_SIZE    16
/* A file may ask for no more than this (a hostile sidecar must not hang us). */
#define KINDRED_KEY_KDF_OPSLIMIT_MAX 16
#define KINDRED_KEY_KDF_MEMLIMIT_MAX (1024u * 1024u * 1024u)
#define KINDRED_KEY_PASSPHRASE_MIN_CHARS 8

typedef struct _KindredKey KindredKey;

#define KINDRED_TYPE_KEY (kindred_key_get_type ())
GType        kindred_key_get_type            (void) G_GNUC_CONST;

KindredKey  *kindred_key_new_random          (void);
/* Copies @len (== KINDRED_KEY_SIZE) bytes. */
KindredKey  *kindred_key_new_from_data       (const guint8  *data,
                                              gsize          len);
/* 64 hex characters (case-insensitive), as kept in the keyring. */
KindredKey  *kindred_key_new_from_hex        (const char    *hex,
                                              GError       **error);
/* Argon2id (crypto_pwhash) of @passphrase; caps @opslimit/@memlimit. Slow: call from
 * a worker thread. */
KindredKey  *kindred_key_derive              (const char    *passphrase,
                                              const guint8  *salt,
                                              guint64        opslimit,
                                              gsize          memlimit,
                                              GError       **error);
/* The recovery key: the key as groups of characters a person can write down
 * (Crockford base32, 4 per group, with a check group). Parsing ignores case, spaces
 * and dashes and accepts O/I/L for 0/1/1. */
KindredKey  *kindred_key_new_from_recovery   (const char    *recovery,
                                              GError       **error);

KindredKey  *kindred_key_ref                 (KindredKey    *self);
void         kindred_key_unref               (KindredKey    *self);

const guint8 *kindred_key_get_data           (KindredKey    *self);
gboolean     kindred_key_equal               (KindredKey    *a,
                                              KindredKey    *b);
/* (transfer full): free with kindred_secret_free(). */
char        *kindred_key_to_hex              (KindredKey    *self);
char        *kindred_key_to_recovery         (KindredKey    *self);
/* A value that identifies the key without revealing it (keyed BLAKE2b, 16 bytes as
 * hex): tells a wrong key from a damaged file before SQLCipher is asked. */
char        *kindred_key_check_value         (KindredKey    *self);

/* Wipes then frees a string that held key material. NULL-safe. */
void         kindred_secret_free             (char          *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredKey, kindred_key_unref)

G_END_DECLS

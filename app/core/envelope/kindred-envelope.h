/* kindred-envelope.h: the one container for every file that leaves the machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every Kindred file that travels (invite, join, share, retraction, reply, key
 * update, sync) is an envelope; FORMATS.md beside this file documents the layout
 * and every kind.  In short:
 *
 *   line 1   the header: one JSON object (UTF-8, no newline inside, at most
 *            KINDRED_ENVELOPE_MAX_HEADER bytes) with at least
 *              "kindred": the kind ("invite", "join", "share", …, "sync"),
 *              "version": the format version of that kind (integer),
 *              "seal":    how the payload is protected (see KindredEnvelopeSeal),
 *            the seal's parameters (nonce, Argon2id salt/limits, recipient…), and
 *            the kind's public fields (group id, sender, sequence…);
 *   "\n"
 *   payload  the sealed bytes ("payload_size" in the header says how many), or for
 *            the stream seal, secretstream chunks to the end of the file;
 *   trailer  for signed envelopes, the 64-byte Ed25519 signature of everything
 *            before it (header line, newline and payload) by "signer".
 *
 * The header is the AEAD's additional data wherever the seal is an AEAD, so a
 * changed header fails like a changed payload.  Reading goes: size check before
 * reading it all → header (depth check before json-glib sees it) → kind and
 * version → signature → KDF caps → decrypt.  Nothing is returned unverified.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keys/kindred-key.h"

G_BEGIN_DECLS

#define KINDRED_ENVELOPE_ERROR (kindred_envelope_error_quark ())

/**
 * KindredEnvelopeError:
 * @KINDRED_ENVELOPE_ERROR_IO: the file could not be read or written
 * @KINDRED_ENVELOPE_ERROR_TOO_LARGE: over the size limit for its kind (checked
 *   before reading it all)
 * @KINDRED_ENVELOPE_ERROR_FOREIGN: not a Kindred file at all (no header, not JSON)
 * @KINDRED_ENVELOPE_ERROR_WRONG_KIND: a Kindred file, but not the kind expected
 * @KINDRED_ENVELOPE_ERROR_NEWER_VERSION: written by a newer Kindred
 * @KINDRED_ENVELOPE_ERROR_MALFORMED: a field missing or of the wrong type, nesting
 *   too deep, a value out of range
 * @KINDRED_ENVELOPE_ERROR_TRUNCATED: shorter than its header says, or a stream
 *   without its final chunk
 * @KINDRED_ENVELOPE_ERROR_BAD_SIGNATURE: no signature, or it does not verify
 * @KINDRED_ENVELOPE_ERROR_KDF_LIMITS: Argon2id parameters beyond the caps
 * @KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE: the passphrase does not open it
 * @KINDRED_ENVELOPE_ERROR_DECRYPT: changed after it was written, or not for this key
 */
typedef enum
{
  KINDRED_ENVELOPE_ERROR_IO,
  KINDRED_ENVELOPE_ERROR_TOO_LARGE,
  KINDRED_ENVELOPE_ERROR_FOREIGN,
  KINDRED_ENVELOPE_ERROR_WRONG_KIND,
  KINDRED_ENVELOPE_ERROR_NEWER_VERSION,
  KINDRED_ENVELOPE_ERROR_MALFORMED,
  KINDRED_ENVELOPE_ERROR_TRUNCATED,
  KINDRED_ENVELOPE_ERROR_BAD_SIGNATURE,
  KINDRED_ENVELOPE_ERROR_KDF_LIMITS,
  KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE,
  KINDRED_ENVELOPE_ERROR_DECRYPT,
} KindredEnvelopeError;

GQuark kindred_envelope_error_quark (void);

/* Limits.  Whole-file sizes are per kind (kindred_envelope_open's @max_size). */
#define KINDRED_ENVELOPE_MAX_HEADER      (64 * 1024)
#define KINDRED_ENVELOPE_MAX_DEPTH       32
#define KINDRED_ENVELOPE_STREAM_CHUNK    (64 * 1024)
/* Argon2id caps for any file from outside: above them the file is refused before
 * any work is done (a hostile file must not make us allocate gigabytes). */
#define KINDRED_ENVELOPE_KDF_OPSLIMIT_MAX 8
#define KINDRED_ENVELOPE_KDF_MEMLIMIT_MAX (512u * 1024u * 1024u)

/* Ed25519 and X25519 sizes, re-exported so that users need not include sodium.h. */
#define KINDRED_SIGN_PUBLIC_SIZE  32
#define KINDRED_SIGN_SECRET_SIZE  64
#define KINDRED_SIGNATURE_SIZE    64
#define KINDRED_BOX_PUBLIC_SIZE   32
#define KINDRED_BOX_SECRET_SIZE   32

/**
 * KindredEnvelopeSeal:
 * @KINDRED_ENVELOPE_SEAL_NONE: payload in clear (still signed): "none"
 * @KINDRED_ENVELOPE_SEAL_SECRET: XChaCha20-Poly1305 with a shared 32-byte key (the
 *   group key), header as additional data: "secret"
 * @KINDRED_ENVELOPE_SEAL_BOX: sealed to one X25519 public key (crypto_box_seal)
 *   wrapping a fresh AEAD key, header as additional data: "box"
 * @KINDRED_ENVELOPE_SEAL_PASSPHRASE: Argon2id(passphrase, salt, limits in the
 *   header) → XChaCha20-Poly1305, header as additional data: "passphrase"
 * @KINDRED_ENVELOPE_SEAL_STREAM: secretstream XChaCha20-Poly1305 chunks under a
 *   32-byte key (the caller derives it, e.g. from the header's Argon2id
 *   parameters); the header is the first chunk's additional data: "stream"
 */
typedef enum
{
  KINDRED_ENVELOPE_SEAL_NONE,
  KINDRED_ENVELOPE_SEAL_SECRET,
  KINDRED_ENVELOPE_SEAL_BOX,
  KINDRED_ENVELOPE_SEAL_PASSPHRASE,
  KINDRED_ENVELOPE_SEAL_STREAM,
} KindredEnvelopeSeal;

/* Signing and box key pairs, secret halves in sodium_malloc memory. */
typedef struct _KindredKeyPair KindredKeyPair;

#define KINDRED_TYPE_KEY_PAIR (kindred_key_pair_get_type ())
GType           kindred_key_pair_get_type       (void) G_GNUC_CONST;
KindredKeyPair *kindred_key_pair_new_sign       (void);
KindredKeyPair *kindred_key_pair_new_box        (void);
/* From stored secret bytes (64 for sign, 32 for box); the public half is derived. */
KindredKeyPair *kindred_key_pair_new_from_secret (gboolean       sign,
                                                  const guint8  *secret,
                                                  gsize          len,
                                                  GError       **error);
KindredKeyPair *kindred_key_pair_ref            (KindredKeyPair *self);
void            kindred_key_pair_unref          (KindredKeyPair *self);
gboolean        kindred_key_pair_is_sign        (KindredKeyPair *self);
const guint8   *kindred_key_pair_get_public     (KindredKeyPair *self);
const guint8   *kindred_key_pair_get_secret     (KindredKeyPair *self);
gsize           kindred_key_pair_get_secret_size (KindredKeyPair *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredKeyPair, kindred_key_pair_unref)

/* Base64 (standard alphabet, padded) for keys and ids inside JSON.  decode: exactly
 * @len bytes or MALFORMED. */
char           *kindred_envelope_b64_encode     (const guint8  *data,
                                                 gsize          len);
gboolean        kindred_envelope_b64_decode     (const char    *text,
                                                 guint8        *out,
                                                 gsize          len,
                                                 GError       **error);

/* How to seal when writing / how to open when reading.  Only the fields of the
 * chosen seal are used; the rest stay NULL. */
typedef struct
{
  KindredEnvelopeSeal  seal;
  KindredKey          *secret_key;          /* SECRET, STREAM */
  const guint8        *recipient_public;    /* BOX: 32-byte X25519 public key */
  KindredKeyPair      *recipient;           /* BOX, reading: our box key pair */
  const char          *passphrase;          /* PASSPHRASE */
  guint64              kdf_opslimit;        /* PASSPHRASE, writing; 0: defaults */
  gsize                kdf_memlimit;        /* PASSPHRASE, writing; 0: defaults */
} KindredEnvelopeKeys;

/* Writes an envelope to @path atomically (temporary file in the same folder, fsync,
 * rename, fsync of the folder), mode 0600.  @header: the kind's public fields; the
 * envelope adds "kindred", "version", "seal", the seal's parameters,
 * "payload_size" and, when @signer is not NULL, "signer" (its public key).  Keys
 * that the envelope sets must not be in @header.  @payload: the clear bytes. */
gboolean        kindred_envelope_write          (const char                *path,
                                                 const char                *kind,
                                                 gint                       version,
                                                 JsonObject                *header,
                                                 GBytes                    *payload,
                                                 const KindredEnvelopeKeys *keys,
                                                 KindredKeyPair            *signer,
                                                 GError                   **error);
/* The same, into memory (for previews of the exact bytes, and tests). */
GBytes         *kindred_envelope_write_bytes    (const char                *kind,
                                                 gint                       version,
                                                 JsonObject                *header,
                                                 GBytes                    *payload,
                                                 const KindredEnvelopeKeys *keys,
                                                 KindredKeyPair            *signer,
                                                 GError                   **error);

/* A read envelope: parsed, size- and depth-checked, signature verified (when it
 * has one), not yet decrypted.  Two steps, because the caller often needs the
 * header (which group? which sender? which KDF salt?) to choose the key. */
typedef struct _KindredEnvelope KindredEnvelope;

#define KINDRED_TYPE_ENVELOPE (kindred_envelope_get_type ())
GType            kindred_envelope_get_type      (void) G_GNUC_CONST;

/* Reads @path (refused with TOO_LARGE before reading when over @max_size bytes;
 * @max_size 0: 64 MiB),
 * checks that it is a @kind envelope of a version ≤ @max_version (NEWER_VERSION
 * otherwise), and verifies the signature when there is one.  @kind NULL: any kind
 * (the caller dispatches on kindred_envelope_get_kind()).  A signed envelope is
 * verified against its own "signer"; whether that signer is the one expected is
 * the caller's check (kindred_envelope_get_signer). */
KindredEnvelope *kindred_envelope_open          (const char    *path,
                                                 const char    *kind,
                                                 gint           max_version,
                                                 gsize          max_size,
                                                 GError       **error);
KindredEnvelope *kindred_envelope_open_bytes    (GBytes        *bytes,
                                                 const char    *kind,
                                                 gint           max_version,
                                                 GError       **error);
KindredEnvelope *kindred_envelope_ref           (KindredEnvelope *self);
void             kindred_envelope_unref         (KindredEnvelope *self);
const char      *kindred_envelope_get_kind      (KindredEnvelope *self);
gint             kindred_envelope_get_version   (KindredEnvelope *self);
KindredEnvelopeSeal kindred_envelope_get_seal   (KindredEnvelope *self);
/* (transfer none): the whole header object as read. */
JsonObject      *kindred_envelope_get_header    (KindredEnvelope *self);
/* (nullable): the 32-byte Ed25519 public key that signed it; NULL if unsigned. */
const guint8    *kindred_envelope_get_signer    (KindredEnvelope *self);
/* For kinds that must be signed: BAD_SIGNATURE when the envelope is unsigned, or
 * when @expected (a 32-byte Ed25519 public key; NULL: any signer) did not sign it. */
gboolean         kindred_envelope_check_signer  (KindredEnvelope *self,
                                                 const guint8    *expected,
                                                 GError         **error);
/* Decrypts (and authenticates) the payload with @keys (ignored for NONE).  Argon2id
 * parameters beyond the caps fail with KDF_LIMITS before any work.  (transfer
 * full): the clear payload.  @keys->seal must be the envelope's seal: a file sealed
 * otherwise than the caller expects (e.g. "none" where a group key was expected)
 * is DECRYPT, so a file cannot strip its own encryption; for a NONE envelope @keys
 * may be NULL or of seal NONE. */
GBytes          *kindred_envelope_open_payload  (KindredEnvelope           *self,
                                                 const KindredEnvelopeKeys *keys,
                                                 GError                   **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredEnvelope, kindred_envelope_unref)

/* JSON from outside: the nesting depth is checked on the raw bytes before
 * json-glib parses them (json-glib 1.6 crashes on very deep nesting).  MALFORMED
 * for non-JSON, a non-object root or depth over @max_depth.  (transfer full). */
JsonObject      *kindred_envelope_parse_object  (const char    *data,
                                                 gssize         len,
                                                 guint          max_depth,
                                                 GError       **error);
/* One line of compact JSON (no newline), as the header is written. */
char            *kindred_envelope_to_json       (JsonObject    *object,
                                                 gsize         *len);

/* Field readers for parsed JSON that set MALFORMED naming the field when it is
 * missing or of the wrong type.  Strings are (transfer none). */
const char      *kindred_envelope_get_string    (JsonObject    *object,
                                                 const char    *member,
                                                 GError       **error);
gboolean         kindred_envelope_get_int       (JsonObject    *object,
                                                 const char    *member,
                                                 gint64         min,
                                                 gint64         max,
                                                 gint64        *out,
                                                 GError       **error);
gboolean         kindred_envelope_get_key       (JsonObject    *object,
                                                 const char    *member,
                                                 guint8        *out,
                                                 gsize          len,
                                                 GError       **error);

/* Streams (sync files): a header line, then secretstream chunks of at most
 * KINDRED_ENVELOPE_STREAM_CHUNK clear bytes, each written as a 4-byte big-endian
 * length and the ciphertext; the last chunk carries the FINAL tag, so a cut file
 * is TRUNCATED, never silently short.  The writer writes to a temporary file in
 * the target's folder and renames it into place only in _finish (fsync first), so
 * a reader or a crash never sees half a file. */
typedef struct _KindredEnvelopeWriter KindredEnvelopeWriter;

KindredEnvelopeWriter *kindred_envelope_writer_new    (const char    *path,
                                                       const char    *kind,
                                                       gint           version,
                                                       JsonObject    *header,
                                                       KindredKey    *key,
                                                       GError       **error);
/* Buffers and writes full chunks as they fill. */
gboolean         kindred_envelope_writer_write  (KindredEnvelopeWriter *self,
                                                 const void            *data,
                                                 gsize                  len,
                                                 GError               **error);
/* Final chunk, fsync, rename, fsync of the folder; the writer is freed. */
gboolean         kindred_envelope_writer_finish (KindredEnvelopeWriter *self,
                                                 GError               **error);
/* Abandons it: the temporary file is removed, @path untouched. */
void             kindred_envelope_writer_free   (KindredEnvelopeWriter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredEnvelopeWriter, kindred_envelope_writer_free)

typedef struct _KindredEnvelopeReader KindredEnvelopeReader;

/* Reads and checks the header only (kind, version ≤ @max_version, seal "stream");
 * the caller reads its KDF parameters and derives the key before set_key. */
KindredEnvelopeReader *kindred_envelope_reader_open   (const char    *path,
                                                       const char    *kind,
                                                       gint           max_version,
                                                       GError       **error);
JsonObject      *kindred_envelope_reader_get_header (KindredEnvelopeReader *self);
/* Checks the stream header against @key: WRONG_PASSPHRASE-like DECRYPT when the
 * key does not open the first chunk. */
gboolean         kindred_envelope_reader_set_key (KindredEnvelopeReader *self,
                                                  KindredKey            *key,
                                                  GError               **error);
/* The next chunk's clear bytes; NULL with no error after the FINAL chunk; NULL with
 * TRUNCATED when the file ends before it, DECRYPT when a chunk was changed. */
GBytes          *kindred_envelope_reader_read   (KindredEnvelopeReader *self,
                                                 GError               **error);
void             kindred_envelope_reader_free   (KindredEnvelopeReader *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredEnvelopeReader, kindred_envelope_reader_free)

/* Argon2id for files: a fresh salt and default limits into @header ("kdf":
 * {"alg": "argon2id13", "salt", "opslimit", "memlimit"}), and the key.  The
 * defaults are KINDRED_KEY_KDF_*. */
KindredKey      *kindred_envelope_kdf_new       (const char    *passphrase,
                                                 JsonObject    *header,
                                                 GError       **error);
/* The same with explicit limits (0: the defaults); limits beyond the caps or below
 * libsodium's minimum fail with KDF_LIMITS, as a reader would refuse them. */
KindredKey      *kindred_envelope_kdf_new_full  (const char    *passphrase,
                                                 guint64        opslimit,
                                                 gsize          memlimit,
                                                 JsonObject    *header,
                                                 GError       **error);
/* The key from a header's "kdf" member; KDF_LIMITS beyond the caps, MALFORMED when
 * missing.  (A wrong passphrase is only seen when decrypting.) */
KindredKey      *kindred_envelope_kdf_derive    (const char    *passphrase,
                                                 JsonObject    *header,
                                                 GError       **error);

/* A message for a person, for any error of this domain (or any other: its own
 * message).  Gentle and specific: "This file was changed after it was written, so
 * Kindred did not open it." (transfer full) */
char            *kindred_envelope_describe_error (const GError *error);

G_END_DECLS

/* kindred-keyring.h: the journal key in the user's keyring (Secret Service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keys/kindred-key.h"

G_BEGIN_DECLS

#define KINDRED_KEYRING_SCHEMA_NAME "io.github.kindredapp.Kindred.JournalKey"

/* These run the libsecret calls synchronously: call them from a worker thread.
 * Items carry the attributes "journal" (the journal id) and "key-check"
 * (kindred_key_check_value()), so that during a re-key old and new keys can live side
 * by side. The secret is the key as 64 lowercase hex characters. Errors are
 * KINDRED_KEYS_ERROR_NO_SERVICE, _KEYRING_LOCKED, _KEY_MISSING. */
gboolean     kindred_keyring_is_available (GCancellable  *cancellable,
                                           GError       **error);
gboolean     kindred_keyring_store        (const char    *journal_id,
                                           KindredKey    *key,
                                           GCancellable  *cancellable,
                                           GError       **error);
/* @key_check may be NULL: any key of that journal. */
KindredKey  *kindred_keyring_lookup       (const char    *journal_id,
                                           const char    *key_check,
                                           GCancellable  *cancellable,
                                           GError       **error);
/* @key_check may be NULL: every key of that journal. Missing items are not an error. */
gboolean     kindred_keyring_delete       (const char    *journal_id,
                                           const char    *key_check,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* The sync passphrase (sync/), a second kind of item: attributes "journal" (the
 * journal's device id) and "sync-folder" (the folder's path), the passphrase as the
 * secret.  Synchronous like the calls above.  lookup: (transfer full), free with
 * kindred_secret_free(); KEY_MISSING when there is none.  delete: @folder NULL
 * removes the journal's items for every folder; missing items are not an error. */
#define KINDRED_KEYRING_SYNC_SCHEMA_NAME "io.github.kindredapp.Kindred.SyncPassphrase"

gboolean     kindred_keyring_store_sync_passphrase  (const char    *journal_id,
                                                     const char    *folder,
                                                     const char    *passphrase,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
char        *kindred_keyring_lookup_sync_passphrase (const char    *journal_id,
                                                     const char    *folder,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
gboolean     kindred_keyring_delete_sync_passphrase (const char    *journal_id,
                                                     const char    *folder,
                                                     GCancellable  *cancellable,
                                                     GError       **error);

G_END_DECLS

/* kindred-sidecar.h: journal.json, the small plain file beside journal.db that says
 * how the journal's key is kept (never the key itself)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "keys/kindred-key.h"

G_BEGIN_DECLS

#define KINDRED_SIDECAR_FORMAT 1

typedef enum
{
  KINDRED_KEY_MODE_KEYRING,
  KINDRED_KEY_MODE_PASSPHRASE,
} KindredKeyMode;

typedef struct
{
  KindredKeyMode mode;
  char          *key_check;                      /* kindred_key_check_value() */
  /* passphrase mode only */
  guint8         salt[KINDRED_KEY_SALT_SIZE];
  guint64        opslimit;
  gsize          memlimit;
} KindredKeySlot;

typedef struct
{
  char           *journal_id;
  KindredKeySlot  current;
  /* Set only while a re-key is under way: the key the file had before. */
  KindredKeySlot *previous;
} KindredSidecar;

KindredSidecar *kindred_sidecar_new   (void);
void            kindred_sidecar_free  (KindredSidecar  *self);
/* BAD_SIDECAR for anything malformed, too large, too deep, from a newer format, or
 * asking for Argon2id parameters past the caps. A missing file is G_IO_ERROR_NOT_FOUND. */
KindredSidecar *kindred_sidecar_load  (const char      *path,
                                       GError         **error);
/* Atomic: temporary file, fsync, rename, fsync of the folder. */
gboolean        kindred_sidecar_save  (KindredSidecar  *self,
                                       const char      *path,
                                       GError         **error);
void            kindred_key_slot_clear (KindredKeySlot *slot);
void            kindred_key_slot_copy  (KindredKeySlot *dest,
                                        const KindredKeySlot *src);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredSidecar, kindred_sidecar_free)

G_END_DECLS

/* kindred-contact.h: a person or service the user chose to turn to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plan/kindred-safety-plan.h"
#include "store/kindred-store.h"

G_BEGIN_DECLS

/* Most contacts a journal keeps; a stored list with more is cut there when read. */
#define KINDRED_CONTACTS_MAX 500

#define KINDRED_TYPE_CONTACT (kindred_contact_get_type ())
G_DECLARE_FINAL_TYPE (KindredContact, kindred_contact, KINDRED, CONTACT, GObject)

/* Properties: "uuid" (construct-only; a new v4 uuid when NULL), "name", "phone"
 * (nullable), "other" (nullable: any other way to reach them, an e-mail address, an
 * app, "next door"), "note" (nullable), "updated-at" (GDateTime, nullable until
 * saved), "hlc" (guint64), "deleted" (a tombstone kept so sync can merge a removal).
 * Saving writes updated-at and hlc back.  Every text is the person's own: never
 * log it. */

KindredContact *kindred_contact_new              (void);
KindredContact *kindred_contact_new_with_uuid    (const char      *uuid);

const char     *kindred_contact_get_uuid         (KindredContact  *self);
const char     *kindred_contact_get_name         (KindredContact  *self);
void            kindred_contact_set_name         (KindredContact  *self,
                                                  const char      *name);
const char     *kindred_contact_get_phone        (KindredContact  *self);
void            kindred_contact_set_phone        (KindredContact  *self,
                                                  const char      *phone);
const char     *kindred_contact_get_other        (KindredContact  *self);
void            kindred_contact_set_other        (KindredContact  *self,
                                                  const char      *other);
const char     *kindred_contact_get_note         (KindredContact  *self);
void            kindred_contact_set_note         (KindredContact  *self,
                                                  const char      *note);
GDateTime      *kindred_contact_get_updated_at   (KindredContact  *self);
void            kindred_contact_set_updated_at   (KindredContact  *self,
                                                  GDateTime       *updated_at);
guint64         kindred_contact_get_hlc          (KindredContact  *self);
void            kindred_contact_set_hlc          (KindredContact  *self,
                                                  guint64          hlc);
gboolean        kindred_contact_get_deleted      (KindredContact  *self);
void            kindred_contact_set_deleted      (KindredContact  *self,
                                                  gboolean         deleted);
/* The phone, else the other way, else NULL: what a list shows under the name. */
const char     *kindred_contact_get_reach        (KindredContact  *self);

/* The contacts are one JSON document in the journal's settings table (key
 * "contacts"): encrypted with the journal, no schema change.
 *
 * load: the live contacts, sorted by name (with @include_deleted the tombstones
 * too).  Empty when none were saved.  DAMAGED when the stored document is not a
 * contact list (not JSON, too large or too deep); single malformed contacts inside
 * a good document are skipped.  LOCKED when the store is closed.
 * (transfer full) (element-type KindredContact) */
GPtrArray      *kindred_contact_load_all         (KindredStore    *store,
                                                  gboolean         include_deleted,
                                                  GError         **error);
/* (transfer full) (nullable): NOT_FOUND for an unknown uuid or a tombstone. */
KindredContact *kindred_contact_load             (KindredStore    *store,
                                                  const char      *uuid,
                                                  GError         **error);
/* Inserts or replaces @self by uuid, with a new HLC stamp and updated-at, in one
 * write.  The name must not be blank (INVALID).  When the stored document is
 * damaged it is set aside under "contacts-damaged" first, so nothing is lost. */
gboolean        kindred_contact_save             (KindredContact  *self,
                                                  KindredStore    *store,
                                                  GError         **error);
/* Leaves a tombstone (no name, number or note) with a new stamp.  NOT_FOUND for an
 * unknown uuid. */
gboolean        kindred_contact_remove           (KindredStore    *store,
                                                  const char      *uuid,
                                                  GError         **error);

G_END_DECLS

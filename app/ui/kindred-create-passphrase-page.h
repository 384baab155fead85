/* kindred-create-passphrase-page.h: choose a passphrase for a new journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_CREATE_PASSPHRASE_PAGE (kindred_create_passphrase_page_get_type ())
G_DECLARE_FINAL_TYPE (KindredCreatePassphrasePage, kindred_create_passphrase_page,
                      KINDRED, CREATE_PASSPHRASE_PAGE, GtkWidget)

/* Signals:
 *   "create" (gpointer passphrase): a const char * valid during the emission only,
 *     already checked (long enough, typed the same twice)
 *   "cancel" (): the person wants to try the keyring again
 */

GtkWidget *kindred_create_passphrase_page_new             (void);
/* Why a passphrase is asked for (no keyring here, or the person chose it). */
void       kindred_create_passphrase_page_set_description (KindredCreatePassphrasePage *self,
                                                           const char                  *description);
void       kindred_create_passphrase_page_set_busy        (KindredCreatePassphrasePage *self,
                                                           gboolean                     busy);
void       kindred_create_passphrase_page_set_error       (KindredCreatePassphrasePage *self,
                                                           const char                  *message);
void       kindred_create_passphrase_page_reset           (KindredCreatePassphrasePage *self);

G_END_DECLS

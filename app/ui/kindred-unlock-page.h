/* kindred-unlock-page.h: asks for the passphrase or the recovery key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_UNLOCK_PAGE (kindred_unlock_page_get_type ())
G_DECLARE_FINAL_TYPE (KindredUnlockPage, kindred_unlock_page, KINDRED, UNLOCK_PAGE, GtkWidget)

/* Signals:
 *   "unlock" (gpointer secret, gboolean recovery): @secret is a const char * that
 *     lives only during the emission (it is not copied into unguarded memory)
 *   "cancel" (): the person wants to try the keyring again (keyring journals only)
 */

GtkWidget *kindred_unlock_page_new            (void);
/* TRUE for a journal protected by a passphrase; FALSE when its key is in the keyring
 * and only the recovery key can stand in for it. */
void       kindred_unlock_page_set_passphrase_mode (KindredUnlockPage *self,
                                                    gboolean           passphrase_mode);
void       kindred_unlock_page_set_use_recovery    (KindredUnlockPage *self,
                                                    gboolean           use_recovery);
gboolean   kindred_unlock_page_get_use_recovery    (KindredUnlockPage *self);
/* While busy the fields are insensitive and a spinner turns. */
void       kindred_unlock_page_set_busy            (KindredUnlockPage *self,
                                                    gboolean           busy);
/* (nullable): a gentle sentence below the field; NULL hides it. */
void       kindred_unlock_page_set_error           (KindredUnlockPage *self,
                                                    const char        *message);
/* Empties the fields and the error. */
void       kindred_unlock_page_reset               (KindredUnlockPage *self);

G_END_DECLS

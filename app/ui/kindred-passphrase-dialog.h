/* kindred-passphrase-dialog.h: asks for a new passphrase, typed twice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KINDRED_PASSPHRASE_DIALOG_RESPONSE "set"

#define KINDRED_TYPE_PASSPHRASE_DIALOG (kindred_passphrase_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredPassphraseDialog, kindred_passphrase_dialog,
                      KINDRED, PASSPHRASE_DIALOG, AdwMessageDialog)

/* Responses: "cancel" and KINDRED_PASSPHRASE_DIALOG_RESPONSE, enabled only while both
 * fields hold the same passphrase of at least KINDRED_KEY_PASSPHRASE_MIN_CHARS
 * characters.  The fields are emptied once the response is handled. */
GtkWidget   *kindred_passphrase_dialog_new            (GtkWindow               *parent,
                                                       const char              *heading,
                                                       const char              *body,
                                                       const char              *action_label);
/* (nullable): the passphrase while the response "set" is emitted, else NULL. */
const char  *kindred_passphrase_dialog_get_passphrase (KindredPassphraseDialog *self);
/* For tests: 0 is the first field, 1 the repeat. */
GtkEditable *kindred_passphrase_dialog_get_entry      (KindredPassphraseDialog *self,
                                                       guint                    n);

G_END_DECLS

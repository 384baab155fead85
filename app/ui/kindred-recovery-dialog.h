/* kindred-recovery-dialog.h: explains the recovery key, then shows it once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_RECOVERY_DIALOG (kindred_recovery_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredRecoveryDialog, kindred_recovery_dialog,
                      KINDRED, RECOVERY_DIALOG, AdwMessageDialog)

/* The key is read from @journal only when the person asks to see it, and wiped from
 * the label when the dialog responds or goes away. */
GtkWidget *kindred_recovery_dialog_new           (GtkWindow             *parent,
                                                  KindredJournal        *journal);
/* What "Show Recovery Key" does. FALSE when the journal is locked. */
gboolean   kindred_recovery_dialog_reveal        (KindredRecoveryDialog *self);
/* For tests: the label that shows the key, and the Copy button. */
GtkLabel  *kindred_recovery_dialog_get_key_label (KindredRecoveryDialog *self);
GtkButton *kindred_recovery_dialog_get_copy_button (KindredRecoveryDialog *self);

G_END_DECLS

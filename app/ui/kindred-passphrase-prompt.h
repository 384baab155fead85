/* kindred-passphrase-prompt.h: asks once for the sync passphrase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_PASSPHRASE_PROMPT_RESPONSE "use"

#define KINDRED_TYPE_PASSPHRASE_PROMPT (kindred_passphrase_prompt_get_type ())
G_DECLARE_FINAL_TYPE (KindredPassphrasePrompt, kindred_passphrase_prompt,
                      KINDRED, PASSPHRASE_PROMPT, AdwMessageDialog)

/* Responses: "cancel" and KINDRED_PASSPHRASE_PROMPT_RESPONSE (enabled once something
 * is typed).  The field is emptied once the response is handled. */
GtkWidget   *kindred_passphrase_prompt_new            (GtkWindow               *parent);
/* (nullable): the passphrase while the response "use" is emitted, else NULL. */
const char  *kindred_passphrase_prompt_get_passphrase (KindredPassphrasePrompt *self);
/* "Remember in the keyring" (on unless the person turned it off). */
gboolean     kindred_passphrase_prompt_get_remember   (KindredPassphrasePrompt *self);
/* For tests. */
GtkEditable *kindred_passphrase_prompt_get_entry      (KindredPassphrasePrompt *self);
GtkCheckButton *kindred_passphrase_prompt_get_remember_check (KindredPassphrasePrompt *self);

/* What both the window and the sync dialog do after KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE:
 * asks for the passphrase, hands it to @sync (kept in the keyring, from a worker,
 * when the person leaves that on), then runs @sync once.  The outcome arrives
 * through @sync's "finished" signal.  Returns the prompt. */
GtkWidget   *kindred_passphrase_prompt_ask_and_run    (GtkWindow               *parent,
                                                       KindredSync             *sync);

G_END_DECLS

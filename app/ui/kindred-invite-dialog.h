/* kindred-invite-dialog.h: the facilitator writes an invite file for a group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_INVITE_DIALOG (kindred_invite_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredInviteDialog, kindred_invite_dialog, KINDRED, INVITE_DIALOG, AdwWindow)

/* A modal window: a passphrase twice (with the advice to tell it to members
 * separately), "Save Invite…" (a file chooser with kindred_groups_suggest_filename),
 * then kindred_groups_write_invite_async with a spinner, then where it was saved.
 * Emits "saved" (GFile *file) when the invite was written. */
GtkWidget  *kindred_invite_dialog_new            (GtkWindow           *parent,
                                                  KindredGroups       *groups,
                                                  KindredGroup        *group);
/* For tests and the file chooser's answer: checks the two passphrases and writes
 * the invite to @file (async: "saved" or the error shown in the window). FALSE
 * when the passphrases do not do (nothing is written then). */
gboolean    kindred_invite_dialog_save_to        (KindredInviteDialog *self,
                                                  GFile               *file);
void        kindred_invite_dialog_set_passphrase (KindredInviteDialog *self,
                                                  const char          *passphrase,
                                                  const char          *repeat);
/* "form", "working" or "done" */
const char *kindred_invite_dialog_get_state      (KindredInviteDialog *self);

G_END_DECLS

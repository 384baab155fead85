/* kindred-application.h: the Kindred application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_APPLICATION (kindred_application_get_type ())
G_DECLARE_FINAL_TYPE (KindredApplication, kindred_application, KINDRED, APPLICATION,
                      AdwApplication)

KindredApplication *kindred_application_new         (void);
/* (nullable): the journal, from startup on. */
KindredJournal     *kindred_application_get_journal (KindredApplication *self);

/* Registers the UI's GResource (it sits in a static library, so nothing would pull
 * in a constructor); safe to call more than once. */
void                kindred_ui_register_resources   (void);

G_END_DECLS

/* kindred-privacy-cover.h: what shows instead of the journal while it is covered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_PRIVACY_COVER (kindred_privacy_cover_get_type ())
G_DECLARE_FINAL_TYPE (KindredPrivacyCover, kindred_privacy_cover, KINDRED, PRIVACY_COVER, GtkWidget)

/* Its Continue button activates "win.uncover". */
GtkWidget *kindred_privacy_cover_new (void);

G_END_DECLS

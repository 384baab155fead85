/* kindred-directory-row.h: one crisis line or support service, as a card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_DIRECTORY_ROW (kindred_directory_row_get_type ())
G_DECLARE_FINAL_TYPE (KindredDirectoryRow, kindred_directory_row, KINDRED, DIRECTORY_ROW, GtkWidget)

/* Actions of every row (and of anything inside one): "directory.copy-number" ("s":
 * the number) and "directory.open-uri" ("s"). */

/* @compact: only what is needed to reach the service now (Get help now): name,
 * numbers, text and chat, hours; no description, kinds or sources. */
GtkWidget             *kindred_directory_row_new       (KindredDirectoryEntry *entry,
                                                        gboolean               compact);
KindredDirectoryEntry *kindred_directory_row_get_entry (KindredDirectoryRow   *self);
/* (transfer none) (nullable): the "Copy number" button of phone @i, for tests. */
GtkWidget             *kindred_directory_row_get_copy_button (KindredDirectoryRow *self,
                                                              guint                i);

/* Installs "directory.copy-number" and "directory.open-uri" on another widget
 * class, for phone boxes outside a row. */
void                   kindred_install_directory_actions (GtkWidgetClass      *widget_class);
/* Puts @number on @widget's clipboard and says so in the window's toast overlay
 * (the nearest AdwToastOverlay above @widget), only when a person asked. */
void                   kindred_copy_number             (GtkWidget             *widget,
                                                        const char            *number);
/* Shows @message in the nearest AdwToastOverlay above @widget, if there is one. */
void                   kindred_show_toast              (GtkWidget             *widget,
                                                        const char            *message);
/* Opens @uri with gtk_show_uri_full (the OpenURI portal in the Flatpak). */
void                   kindred_open_uri                (GtkWidget             *widget,
                                                        const char            *uri);

/* A large phone number with a "Copy number" button (and a small label under it),
 * also used for personal contacts. */
GtkWidget             *kindred_phone_box_new           (const char            *number,
                                                        const char            *label);

G_END_DECLS

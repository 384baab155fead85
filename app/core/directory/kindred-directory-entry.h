/* kindred-directory-entry.h: one service of the crisis and support directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_DIRECTORY_ENTRY (kindred_directory_entry_get_type ())
G_DECLARE_FINAL_TYPE (KindredDirectoryEntry, kindred_directory_entry, KINDRED, DIRECTORY_ENTRY, GObject)

/* Every field of a directory entry (see data/directory/kindred-directory.schema.json)
 * is a read-only property, so a GtkExpression or a list factory can bind to it:
 *
 *   "id", "country" (ISO 3166-1 alpha-2, or "INT"), "organisation", "service",
 *   "kinds" (GStrv of kind ids, see kindred_directory_kind_get_label()),
 *   "phone-numbers" and "phone-labels" (GStrv, parallel: label i belongs to number
 *   i, "" when the source gave no label), "text-number", "text-keyword",
 *   "text-details" (SMS), "chat-url", "website", "hours", "languages" (GStrv of
 *   BCP 47 tags), "cost" ("free", "standard-rate", "varies", "unknown" or NULL),
 *   "cost-note", "description", "source-url", "additional-source-urls" (GStrv),
 *   "checked" (YYYY-MM-DD).
 *
 * Optional fields are NULL (strings) or empty (GStrv) when the source did not show
 * them.  The strings people read (service, description, phone labels, text details,
 * hours, cost note) come back translated through gettext; organisation names, numbers
 * and URLs are never translated. */

const char          *kindred_directory_entry_get_id                     (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_country                (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_organisation           (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_service                (KindredDirectoryEntry *self);
const char * const  *kindred_directory_entry_get_kinds                  (KindredDirectoryEntry *self);
gboolean             kindred_directory_entry_has_kind                   (KindredDirectoryEntry *self,
                                                                         const char            *kind);
guint                kindred_directory_entry_get_n_phones               (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_phone_number           (KindredDirectoryEntry *self,
                                                                         guint                  i);
/* (nullable): NULL when the source gave no label. */
const char          *kindred_directory_entry_get_phone_label            (KindredDirectoryEntry *self,
                                                                         guint                  i);
const char * const  *kindred_directory_entry_get_phone_numbers          (KindredDirectoryEntry *self);
const char * const  *kindred_directory_entry_get_phone_labels           (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_text_number            (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_text_keyword           (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_text_details           (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_chat_url               (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_website                (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_hours                  (KindredDirectoryEntry *self);
const char * const  *kindred_directory_entry_get_languages              (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_cost                   (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_cost_note              (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_description            (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_source_url             (KindredDirectoryEntry *self);
const char * const  *kindred_directory_entry_get_additional_source_urls (KindredDirectoryEntry *self);
const char          *kindred_directory_entry_get_checked                (KindredDirectoryEntry *self);

G_END_DECLS

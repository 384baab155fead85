/* kindred-directory.h: the offline directory of crisis lines and support services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "directory/kindred-directory-entry.h"

G_BEGIN_DECLS

/* The day this release's data was last checked against its sources.  Every
 * directory entry must have been checked at most 12 months before it (tests/
 * test-directory.c), so MOVE IT WITH EVERY RELEASE, after re-checking the entries
 * whose "checked" date has grown old (see data/directory/SOURCES.md). */
#define KINDRED_RELEASE_DATE "2026-11-27"

/* An update file larger than this is refused before it is read. */
#define KINDRED_DIRECTORY_MAX_FILE_SIZE (2 * 1024 * 1024)
/* Deepest nesting of arrays and objects accepted (the format needs 4): json-glib
 * 1.6 recurses per level and a hostile file could exhaust the stack. */
#define KINDRED_DIRECTORY_MAX_DEPTH 64

#define KINDRED_DIRECTORY_ERROR (kindred_directory_error_quark ())

/**
 * KindredDirectoryError:
 * @KINDRED_DIRECTORY_ERROR_TOO_LARGE: the file is over %KINDRED_DIRECTORY_MAX_FILE_SIZE
 * @KINDRED_DIRECTORY_ERROR_NOT_JSON: not well-formed JSON (also a truncated or empty
 *   file)
 * @KINDRED_DIRECTORY_ERROR_INVALID: JSON, but not a directory of the known format:
 *   a required field missing, a wrong type or shape, too deeply nested
 * @KINDRED_DIRECTORY_ERROR_OLDER_VERSION: not newer than the installed directory
 * @KINDRED_DIRECTORY_ERROR_IO: the file could not be read, or the update not written
 */
typedef enum
{
  KINDRED_DIRECTORY_ERROR_TOO_LARGE,
  KINDRED_DIRECTORY_ERROR_NOT_JSON,
  KINDRED_DIRECTORY_ERROR_INVALID,
  KINDRED_DIRECTORY_ERROR_OLDER_VERSION,
  KINDRED_DIRECTORY_ERROR_IO,
} KindredDirectoryError;

GQuark kindred_directory_error_quark (void);

/**
 * KindredEmergencyNumber:
 * @country: ISO 3166-1 alpha-2 code
 * @number: as dialled in that country
 * @label: (nullable): what the number is for, translated
 * @source_url: the official page it was read from
 * @checked: the day it was read (YYYY-MM-DD)
 */
typedef struct
{
  char *country;
  char *number;
  char *label;
  char *source_url;
  char *checked;
} KindredEmergencyNumber;

#define KINDRED_TYPE_EMERGENCY_NUMBER (kindred_emergency_number_get_type ())
GType                   kindred_emergency_number_get_type   (void) G_GNUC_CONST;
KindredEmergencyNumber *kindred_emergency_number_copy       (const KindredEmergencyNumber *self);
void                    kindred_emergency_number_free       (KindredEmergencyNumber       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KindredEmergencyNumber, kindred_emergency_number_free)

#define KINDRED_TYPE_DIRECTORY (kindred_directory_get_type ())
G_DECLARE_FINAL_TYPE (KindredDirectory, kindred_directory, KINDRED, DIRECTORY, GObject)

/* Properties (read-only, notified on a successful import):
 *   "version"        the data version in use ("2026-11-27", or a serial like "12")
 *   "update-path"    where an installed update is looked for (nullable)
 *   "using-update"   TRUE when the installed update is in use, FALSE for the bundled data
 *   "update-damaged" TRUE when an update file exists at update-path but could not be
 *                    used (damaged, unreadable, not a directory); the bundled data is
 *                    used instead and nothing is written
 *   "entries"        GListModel of every KindredDirectoryEntry, in file order; the
 *                    same object for the life of the directory, its items replaced
 *                    on import
 *
 * Versions compare as numbers, a date YYYY-MM-DD counting as YYYYMMDD: a file is
 * newer when its number is larger.  An installed update that is not newer than the
 * bundled data (after Kindred itself was updated) is ignored, not deleted. */

/* Loads the directory bundled in the core's GResource and, when @update_path names
 * a readable, valid and newer file, that instead.  Fails only when the bundled data
 * is broken (a build error).  (transfer full) */
KindredDirectory   *kindred_directory_new                    (const char        *update_path,
                                                              GError           **error);
/* <user data dir>/kindred/directory.json, the usual @update_path. (transfer full) */
char               *kindred_directory_get_default_update_path (void);

const char         *kindred_directory_get_version            (KindredDirectory  *self);
const char         *kindred_directory_get_update_path        (KindredDirectory  *self);
gboolean            kindred_directory_get_using_update       (KindredDirectory  *self);
gboolean            kindred_directory_get_update_damaged     (KindredDirectory  *self);
/* (transfer none) */
GListModel         *kindred_directory_get_entries            (KindredDirectory  *self);
/* (transfer none) (nullable) */
KindredDirectoryEntry *kindred_directory_lookup              (KindredDirectory  *self,
                                                              const char        *id);

/* Country codes that have entries or emergency numbers, sorted, without "INT".
 * (transfer full) */
char              **kindred_directory_dup_countries          (KindredDirectory  *self);
/* The emergency numbers of @country (in file order; several where a country
 * publishes separate numbers).  (transfer full): KindredEmergencyNumber, empty when
 * the directory has none for @country. */
GPtrArray          *kindred_directory_dup_emergency_numbers  (KindredDirectory  *self,
                                                              const char        *country);

/* The entries that match, as a new GListStore of KindredDirectoryEntry
 * (transfer full).
 *
 * Order: the entries of @country first, then the international ones ("INT"), then
 * every other country's, by country code; file order inside each group (the
 * curated order: the national crisis line first).  Other countries are kept, not
 * dropped, so a search still finds a service of another country (someone
 * travelling, or a locale that does not say where the person is); a "Get help
 * now" page that wants only local lines stops at the first entry whose country is
 * neither @country nor "INT".
 *
 * @country: (nullable): ISO code; NULL or "" puts the international entries first.
 * @search: (nullable): words typed by a person; each word must start a word of the
 *   organisation, service, description, country code or kinds (their ids and
 *   translated labels), ignoring case and accents.  NULL or blank matches all.
 * @kinds: (nullable): entries having ANY of these kinds; NULL or empty matches all. */
GListModel         *kindred_directory_query                  (KindredDirectory  *self,
                                                              const char        *country,
                                                              const char        *search,
                                                              const char * const *kinds);

/* Checks @file as a directory update and installs it at @dest_path (NULL: the
 * update-path given at construction) when it is newer than the directory in use:
 * refuses a file over KINDRED_DIRECTORY_MAX_FILE_SIZE before reading it, nesting
 * deeper than KINDRED_DIRECTORY_MAX_DEPTH before parsing it, then every field the
 * schema requires, then the version.  Writes atomically and switches to the new
 * data.  On failure nothing on disk or in @self has changed.  Reads at most 2 MiB
 * and parses in memory: quick enough for the main thread. */
gboolean            kindred_directory_import_update          (KindredDirectory  *self,
                                                              GFile             *file,
                                                              const char        *dest_path,
                                                              GError           **error);

/* The country part of a POSIX locale name: "de_AT.UTF-8@euro" → "AT"; "", "C",
 * "POSIX", "C.UTF-8" or a name without a two-letter territory → "".
 * (transfer full) */
char               *kindred_directory_country_from_locale    (const char        *locale);
/* The country of the user's locale, from LC_ALL, LC_MESSAGES or LANG (the first
 * that is set, as setlocale() does). (transfer full): "" when unknown. */
char               *kindred_directory_default_country        (void);

/* Translated label of a kind id ("crisis-line" → "Crisis line"); the id itself
 * for an unknown kind. (transfer none) */
const char         *kindred_directory_kind_get_label         (const char        *kind);
/* Every kind id the format knows, in display order. (transfer none) */
const char * const *kindred_directory_get_known_kinds        (void);

G_END_DECLS

/* kindred-directory-private.h: what the directory's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "directory/kindred-directory-entry.h"

G_BEGIN_DECLS

/* The shapes of data/directory/kindred-directory.schema.json ($defs), checked in C
 * so that an update is refused before anything is installed. */
typedef enum
{
  SHAPE_ANY_STRING,
  SHAPE_ID,
  SHAPE_COUNTRY,
  SHAPE_TEXT,          /* nonempty_text */
  SHAPE_DESCRIPTION,
  SHAPE_URL,
  SHAPE_DATE,
  SHAPE_PHONE,
  SHAPE_KEYWORD,
  SHAPE_LANGUAGE,
  SHAPE_KIND,
  SHAPE_COST,
} Shape;

gboolean  _kindred_directory_check_shape      (Shape        shape,
                                               const char  *value);
/* Sets KINDRED_DIRECTORY_ERROR_INVALID naming @path (e.g. "entries[3].checked");
 * returns FALSE. */
gboolean  _kindred_directory_set_invalid      (GError     **error,
                                               const char  *path);
/* Allows only @allowed (NULL-terminated) members in @object. */
gboolean  _kindred_directory_only_members     (JsonObject  *object,
                                               const char * const *allowed,
                                               const char  *where,
                                               GError     **error);
/* @out: (out) (transfer none) (nullable): the string, NULL when missing and not
 * @required. */
gboolean  _kindred_directory_string_member    (JsonObject  *object,
                                               const char  *member,
                                               gboolean     required,
                                               Shape        shape,
                                               const char  *where,
                                               const char **out,
                                               GError     **error);

/* Validates one member of "entries" (@where is its path, for the message) and
 * builds the entry. (transfer full) (nullable) */
KindredDirectoryEntry *_kindred_directory_entry_new_from_json (JsonNode    *node,
                                                               const char  *where,
                                                               GError     **error);
/* Casefolded text that a search matches against. */
const char            *_kindred_directory_entry_get_haystack  (KindredDirectoryEntry *self);

G_END_DECLS

/* kindred-formats-private.h: what the files of formats/ share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "formats/kindred-formats.h"

G_BEGIN_DECLS

/* What a parser leaves behind: ready entries, plus for Daylio the raw mood and
 * activities, applied at run time (the user may change the mapping meanwhile). */
typedef struct
{
  KindredEntry *entry;
  int           mood_index;   /* Daylio: into ImportData.moods; -1 for none */
  GPtrArray    *activities;   /* Daylio: (nullable) indices into ImportData.activities,
                                 as GUINT_TO_POINTER */
} ImportRecord;

typedef struct
{
  char  *name;      /* as in the file, trimmed */
  char  *key;       /* casefolded, for lookups */
  int    value;     /* proposed or chosen 1–5, or 0 */
  guint  count;
  guint  standard : 1;
} ImportName;

typedef struct
{
  GPtrArray  *records;      /* ImportRecord */
  GPtrArray  *strategies;   /* KindredStrategy, Kindred JSON only */
  GPtrArray  *rejected;     /* char *: translated reasons */
  GHashTable *seen_uuids;   /* uuids already in records: duplicates within the file */
  guint       n_duplicates; /* within the file */
  GPtrArray  *moods;        /* ImportName (Daylio) */
  GPtrArray  *activities;   /* ImportName (Daylio) */
} ImportData;

ImportData   *_kindred_import_data_new        (void);
void          _kindred_import_data_free       (ImportData    *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, _kindred_import_data_free)
/* Adds @entry (transfer full) unless its uuid was already seen in this file. */
ImportRecord *_kindred_import_data_add        (ImportData    *data,
                                               KindredEntry  *entry);
/* printf-style reason, appended to data->rejected. */
void          _kindred_import_data_reject     (ImportData    *data,
                                               const char    *format,
                                               ...) G_GNUC_PRINTF (2, 3);

/* The whole file, refusing it before reading when over the size limit. */
GBytes       *_kindred_formats_read_file      (const char    *path,
                                               GCancellable  *cancellable,
                                               GError       **error);
/* A stable uuid (version 5 layout, SHA-256 based) for rows of formats that have
 * none: the same @parts always give the same uuid.  @parts NULL-terminated. */
char         *_kindred_formats_derive_uuid    (const char    *namespace_,
                                               const char * const *parts);
/* "2024-03-05T14:03:00.000000Z": UTC, always six fraction digits. */
char         *_kindred_formats_format_time    (GDateTime     *date_time);
/* Strict RFC 3339 reading (Z or ±HH:MM, optional fraction to the microsecond,
 * without the rounding of g_date_time_new_from_iso8601).  NULL when not one. */
GDateTime    *_kindred_formats_parse_time     (const char    *text);
/* Refuses nesting deeper than @max_depth before json-glib sees the bytes. */
JsonNode     *_kindred_formats_parse_json     (GBytes        *bytes,
                                               guint          max_depth,
                                               GError       **error);

/* Parsers: fill @data from @bytes; MALFORMED (or NEWER_VERSION) for a bad file. */
gboolean      _kindred_import_kindred_json    (GBytes        *bytes,
                                               ImportData    *data,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean      _kindred_import_jrnl_json       (GBytes        *bytes,
                                               ImportData    *data,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean      _kindred_import_daylio_csv      (GBytes        *bytes,
                                               ImportData    *data,
                                               GCancellable  *cancellable,
                                               GError       **error);
/* Detection on the first bytes of a file: AUTO when none fits. */
KindredFormat _kindred_formats_sniff          (const char    *data,
                                               gsize          len);

/* Daylio's mood names: the value for a known name (0 when unknown), and a
 * proposal from the words in a custom one. */
int           _kindred_daylio_standard_mood   (const char    *key);
int           _kindred_daylio_propose_mood    (const char    *key);

G_END_DECLS

/* kindred-formats.h: plain (unencrypted) export and import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export: Kindred's own plain JSON (documented and versioned in
 * envelope/FORMATS.md, section "Plain export") and Markdown (one file per month).
 * Import: Kindred's plain JSON (lossless round trip), jrnl's JSON export and
 * Daylio's CSV export, through a KindredImporter:
 *
 *   importer = kindred_importer_new (store, path, KINDRED_FORMAT_AUTO);
 *   kindred_importer_prepare_async (…)      parse it all into memory; the store is
 *                                          not written; counts, Daylio moods and
 *                                          activities are known afterwards
 *   kindred_importer_set_mood_mapping (…)  optional: the user's choices
 *   kindred_importer_set_activities_as (…)
 *   kindred_importer_run_async (…)         one transaction: all or nothing
 *   kindred_importer_get_n_added (…)       the summary
 *
 * Importing the same file twice adds nothing the second time: entries are
 * recognised by uuid (jrnl and Daylio rows get a uuid derived from their content).
 * An entry already in the journal (or deleted from it) is never overwritten.
 *
 * Files from outside are size-checked before they are read and depth-checked
 * before json-glib sees them.  Error messages name the line or record and what
 * is wrong with it, never the text of an entry.
 */

#pragma once

#include <gio/gio.h>

#include "store/kindred-store.h"

G_BEGIN_DECLS

#define KINDRED_FORMATS_ERROR (kindred_formats_error_quark ())

/**
 * KindredFormatsError:
 * @KINDRED_FORMATS_ERROR_IO: the file or folder could not be read or written
 * @KINDRED_FORMATS_ERROR_UNKNOWN_FORMAT: not a file Kindred can import
 * @KINDRED_FORMATS_ERROR_TOO_LARGE: over KINDRED_FORMATS_MAX_FILE_SIZE
 * @KINDRED_FORMATS_ERROR_MALFORMED: not valid JSON/CSV, truncated, a field of the
 *   wrong type, unknown or missing columns, nesting too deep; the message names the
 *   line or record
 * @KINDRED_FORMATS_ERROR_NEWER_VERSION: a Kindred export from a newer Kindred
 * @KINDRED_FORMATS_ERROR_NOTHING_TO_IMPORT: the file holds no entry that could be
 *   imported (all rejected, or empty)
 *
 * Cancellation is G_IO_ERROR_CANCELLED; store failures keep KINDRED_STORE_ERROR.
 */
typedef enum
{
  KINDRED_FORMATS_ERROR_IO,
  KINDRED_FORMATS_ERROR_UNKNOWN_FORMAT,
  KINDRED_FORMATS_ERROR_TOO_LARGE,
  KINDRED_FORMATS_ERROR_MALFORMED,
  KINDRED_FORMATS_ERROR_NEWER_VERSION,
  KINDRED_FORMATS_ERROR_NOTHING_TO_IMPORT,
} KindredFormatsError;

GQuark kindred_formats_error_quark (void);

/* The plain JSON format version this build writes (and the newest it reads). */
#define KINDRED_FORMATS_JSON_VERSION   1
/* Files larger than this are refused before they are read. */
#define KINDRED_FORMATS_MAX_FILE_SIZE  (256 * 1024 * 1024)
/* JSON nesting deeper than this is refused before json-glib parses it. */
#define KINDRED_FORMATS_MAX_DEPTH      16

/**
 * KindredFormat:
 * @KINDRED_FORMAT_AUTO: detect from the file's content (import only)
 * @KINDRED_FORMAT_KINDRED_JSON: Kindred's plain JSON ("kindred-json")
 * @KINDRED_FORMAT_JRNL_JSON: jrnl's `--format json` export ("jrnl-json")
 * @KINDRED_FORMAT_DAYLIO_CSV: Daylio's CSV export ("daylio-csv")
 * @KINDRED_FORMAT_MARKDOWN: Markdown, one file per month (export only, "markdown")
 */
typedef enum
{
  KINDRED_FORMAT_AUTO,
  KINDRED_FORMAT_KINDRED_JSON,
  KINDRED_FORMAT_JRNL_JSON,
  KINDRED_FORMAT_DAYLIO_CSV,
  KINDRED_FORMAT_MARKDOWN,
} KindredFormat;

/**
 * KindredImportActivities:
 * @KINDRED_IMPORT_ACTIVITIES_TAGS: Daylio activities become the entry's tags
 *   (triggers); the default
 * @KINDRED_IMPORT_ACTIVITIES_STRATEGIES: they become strategies (the user's own,
 *   created when no strategy of that name exists) linked to the entry
 */
typedef enum
{
  KINDRED_IMPORT_ACTIVITIES_TAGS,
  KINDRED_IMPORT_ACTIVITIES_STRATEGIES,
} KindredImportActivities;

/* Progress: @done of @total units (entries).  Called from the thread doing the work
 * in the synchronous calls; the _async calls call it in the main context of the
 * caller (thread-default when the call was made). */
typedef void (*KindredFormatsProgressFunc) (guint    done,
                                            guint    total,
                                            gpointer user_data);

/* "kindred-json", "jrnl-json", "daylio-csv", "markdown"; NULL for AUTO. */
const char    *kindred_format_to_string          (KindredFormat   format);
/* Parses the names above (as given to --format).  FALSE for anything else. */
gboolean       kindred_format_from_string        (const char     *name,
                                                  KindredFormat  *format);
/* A translated name for people ("Kindred JSON", "jrnl JSON", "Daylio CSV", "Markdown"). */
const char    *kindred_format_get_display_name   (KindredFormat   format);
/* Looks at the first bytes of @path (not the name): KINDRED_JSON, JRNL_JSON or
 * DAYLIO_CSV; AUTO with UNKNOWN_FORMAT (or IO) when it is none of them. */
KindredFormat  kindred_format_detect             (const char     *path,
                                                  GError        **error);
/* The translated sentence the UI shows before a plain export (these files are not
 * encrypted: anyone who gets them can read them). */
const char    *kindred_formats_get_unencrypted_warning (void);

/* Export.  JSON: one file, written atomically (temporary file, fsync, rename) with
 * mode 0600; live entries (no tombstones), all strategies (archived included),
 * all tags.  Markdown: @folder (created 0700 if missing) receives one file per
 * month, "YYYY-MM.md" (0600, each written atomically).  @n_entries: (out) (optional).
 * Both are built whole in memory first: cancelled (G_IO_ERROR_CANCELLED), nothing
 * has been written. */
gboolean       kindred_export_json               (KindredStore               *store,
                                                  const char                 *path,
                                                  GCancellable               *cancellable,
                                                  KindredFormatsProgressFunc  progress,
                                                  gpointer                    progress_data,
                                                  guint                      *n_entries,
                                                  GError                    **error);
gboolean       kindred_export_markdown           (KindredStore               *store,
                                                  const char                 *folder,
                                                  GCancellable               *cancellable,
                                                  KindredFormatsProgressFunc  progress,
                                                  gpointer                    progress_data,
                                                  guint                      *n_entries,
                                                  GError                    **error);
/* @format: KINDRED_JSON or MARKDOWN; @path a file or a folder accordingly. */
void           kindred_export_async              (KindredStore               *store,
                                                  KindredFormat               format,
                                                  const char                 *path,
                                                  GCancellable               *cancellable,
                                                  KindredFormatsProgressFunc  progress,
                                                  gpointer                    progress_data,
                                                  GDestroyNotify              progress_destroy,
                                                  GAsyncReadyCallback         callback,
                                                  gpointer                    user_data);
/* @n_entries: (out) (optional): how many entries were written. */
gboolean       kindred_export_finish             (GAsyncResult               *result,
                                                  guint                      *n_entries,
                                                  GError                    **error);

/* Import. */
#define KINDRED_TYPE_IMPORTER (kindred_importer_get_type ())
G_DECLARE_FINAL_TYPE (KindredImporter, kindred_importer, KINDRED, IMPORTER, GObject)

/* @format: AUTO to detect it in prepare. */
KindredImporter *kindred_importer_new            (KindredStore               *store,
                                                  const char                 *path,
                                                  KindredFormat               format);
const char    *kindred_importer_get_path         (KindredImporter            *self);
/* The format given, or the one detected once prepared. */
KindredFormat  kindred_importer_get_format       (KindredImporter            *self);

/* Reads and parses the whole file into memory; the store is not touched.  A
 * malformed file fails (MALFORMED naming the line or record); single records that
 * cannot be used (an impossible date, a mood out of range…) are set aside as
 * rejected and reported by get_rejected. */
gboolean       kindred_importer_prepare          (KindredImporter            *self,
                                                  GCancellable               *cancellable,
                                                  GError                    **error);
void           kindred_importer_prepare_async    (KindredImporter            *self,
                                                  GCancellable               *cancellable,
                                                  GAsyncReadyCallback         callback,
                                                  gpointer                    user_data);
gboolean       kindred_importer_prepare_finish   (KindredImporter            *self,
                                                  GAsyncResult               *result,
                                                  GError                    **error);

/* After prepare: entries ready to import (not yet checked for duplicates). */
guint          kindred_importer_get_n_entries    (KindredImporter            *self);

/* Daylio moods found (as spelled in the file, spaces trimmed), best proposal
 * first, then most used.  The five standard moods map rad→5, good→4, meh→3,
 * bad→2, awful→1 (case ignored; the German and Italian names Daylio writes too);
 * a custom mood gets a proposal from words in its name ("vaguely good" → 4),
 * else 3.  (transfer full): NULL-terminated, empty for other formats. */
char         **kindred_importer_dup_mood_names   (KindredImporter            *self);
/* 0 for a name not found in the file. */
int            kindred_importer_get_mood_mapping (KindredImporter            *self,
                                                  const char                 *mood_name);
/* FALSE when the file has no such mood; @mood 1–5, or 0 to import without a mood. */
gboolean       kindred_importer_set_mood_mapping (KindredImporter            *self,
                                                  const char                 *mood_name,
                                                  int                         mood);
/* TRUE when the name is one Kindred knows (the proposal is certain). */
gboolean       kindred_importer_is_mood_standard (KindredImporter            *self,
                                                  const char                 *mood_name);
/* Daylio activities found, most used first.  (transfer full): NULL-terminated. */
char         **kindred_importer_dup_activities   (KindredImporter            *self);
KindredImportActivities kindred_importer_get_activities_as (KindredImporter  *self);
void           kindred_importer_set_activities_as (KindredImporter           *self,
                                                  KindredImportActivities     as);

/* One transaction: every new entry (and, for Kindred JSON, strategy) goes in, or
 * nothing does.  Prepares first when prepare was not called.  Cancelled:
 * G_IO_ERROR_CANCELLED, nothing written.  Fails with NOTHING_TO_IMPORT when the
 * file had no usable entry; an import where every entry was already there
 * succeeds with n_added = 0.  Do not change the mapping while it runs. */
gboolean       kindred_importer_run              (KindredImporter            *self,
                                                  GCancellable               *cancellable,
                                                  KindredFormatsProgressFunc  progress,
                                                  gpointer                    progress_data,
                                                  GError                    **error);
void           kindred_importer_run_async        (KindredImporter            *self,
                                                  GCancellable               *cancellable,
                                                  KindredFormatsProgressFunc  progress,
                                                  gpointer                    progress_data,
                                                  GDestroyNotify              progress_destroy,
                                                  GAsyncReadyCallback         callback,
                                                  gpointer                    user_data);
gboolean       kindred_importer_run_finish       (KindredImporter            *self,
                                                  GAsyncResult               *result,
                                                  GError                    **error);

/* The summary, after run. */
guint          kindred_importer_get_n_added      (KindredImporter            *self);
guint          kindred_importer_get_n_duplicates (KindredImporter            *self);
guint          kindred_importer_get_n_rejected   (KindredImporter            *self);
/* Why each rejected record was set aside, as translated one-line messages that
 * name the line or record ("Line 12: the date could not be read"), never the
 * entry's text.  Known after prepare.  (transfer none) (element-type utf8). */
GPtrArray     *kindred_importer_get_rejected     (KindredImporter            *self);
/* A translated one-line summary: "12 entries added, 3 already there, 1 set aside". */
char          *kindred_importer_dup_summary      (KindredImporter            *self);

G_END_DECLS

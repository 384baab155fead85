/* kindred-import-dialog.h: entries from Kindred's JSON, jrnl or Daylio, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_IMPORT_DIALOG (kindred_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredImportDialog, kindred_import_dialog,
                      KINDRED, IMPORT_DIALOG, AdwWindow)

/* Pages, in order: "choose" (a file, through the file chooser portal), "reading",
 * "file" (the format found, with a way to change it; how many entries; the records
 * set aside and why), "moods" (Daylio only: each mood name found on Kindred's 1–5
 * scale, and activities as triggers or strategies), "summary" (what will happen),
 * "running" (progress; Cancel imports nothing), "result" (added, already there, set
 * aside with the reasons).
 * Actions: import.choose, import.back, import.next (Next / Import / Done),
 * import.cancel (stops reading or importing).
 * Signal "finished" (const char *summary): the import went in; a line for a toast. */

GtkWidget       *kindred_import_dialog_new           (GtkWindow           *parent,
                                                      KindredStore        *store);
/* Reads @path (what the file chooser does; also for a file opened from elsewhere). */
void             kindred_import_dialog_open_file     (KindredImportDialog *self,
                                                      const char          *path);
/* The format the person picked instead of the one detected (what the format row
 * does); the file is read again with it. */
void             kindred_import_dialog_set_format    (KindredImportDialog *self,
                                                      KindredFormat        format);
const char      *kindred_import_dialog_get_page      (KindredImportDialog *self);
/* (nullable) (transfer none): the importer of the file read last. */
KindredImporter *kindred_import_dialog_get_importer  (KindredImportDialog *self);
/* For tests: the mood row (an AdwComboRow) of a Daylio mood name on the "moods"
 * page; its choices are Great, Good, Okay, Bad, Awful, No mood, in that order. */
GtkWidget       *kindred_import_dialog_get_mood_row  (KindredImportDialog *self,
                                                      const char          *mood_name);
/* For tests: a named widget of the template ("stack", "format_row", "found_row",
 * "rejected_row", "file_error_label", "moods_group", "tags_check",
 * "strategies_check", "summary_group", "stopped_label", "progress_bar",
 * "added_row", "duplicates_row", "result_rejected_row", "next_button",
 * "back_button", "cancel_button"). */
GtkWidget       *kindred_import_dialog_lookup_widget (KindredImportDialog *self,
                                                      const char          *name);

/* The mood a row's choice stands for, and back: position 0–4 is mood 5–1, 5 none. */
int              kindred_import_dialog_mood_for_position (guint position);
guint            kindred_import_dialog_position_for_mood (int   mood);

G_END_DECLS

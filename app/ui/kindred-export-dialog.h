/* kindred-export-dialog.h: a plain (unencrypted) copy of the journal, as Kindred
 * JSON or Markdown, after a clear warning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_EXPORT_DIALOG (kindred_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KindredExportDialog, kindred_export_dialog,
                      KINDRED, EXPORT_DIALOG, AdwWindow)

/* Actions: export.choose (the file chooser portal: a file for JSON, a folder for
 * Markdown; then the export runs), export.cancel (stops a running export, leaving
 * no file behind; else closes).
 * Signal "finished" (const char *message): the export is written; the message is a
 * sentence for a toast ("12 entries exported to “journal.json”").  The dialog
 * closes itself afterwards. */

GtkWidget     *kindred_export_dialog_new           (GtkWindow           *parent,
                                                    KindredStore        *store);
/* KINDRED_FORMAT_KINDRED_JSON (the default) or KINDRED_FORMAT_MARKDOWN. */
KindredFormat  kindred_export_dialog_get_format    (KindredExportDialog *self);
void           kindred_export_dialog_set_format    (KindredExportDialog *self,
                                                    KindredFormat        format);
/* What the file chooser does with the file (JSON) or folder (Markdown) picked. */
void           kindred_export_dialog_export_to     (KindredExportDialog *self,
                                                    const char          *path);
gboolean       kindred_export_dialog_get_busy      (KindredExportDialog *self);
/* For tests: "stack", "warning_box", "warning_label", "json_check", "markdown_check",
 * "export_button", "error_label", "progress_bar", "cancel_button". */
GtkWidget     *kindred_export_dialog_lookup_widget (KindredExportDialog *self,
                                                    const char          *name);

G_END_DECLS

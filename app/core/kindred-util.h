/* kindred-util.h: small helpers shared by the core modules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @len bytes to @path so that a reader (or a crash) sees the old file or the
 * new one, never a half one: a temporary file in the same folder, fsync, rename over
 * @path, fsync of the folder. @mode for the new file (0600 for private data).
 * Errors in G_IO_ERROR. */
gboolean kindred_write_file_atomic (const char  *path,
                                    const void  *data,
                                    gsize        len,
                                    int          mode,
                                    GError     **error);
/* fsync() of an existing file or folder. */
gboolean kindred_fsync_path        (const char  *path,
                                    GError     **error);

/* Appends @text to @out as a JSON string (quoted and escaped; "null" for NULL).
 * Text that is not valid UTF-8 is repaired first, so the file stays readable. */
void     kindred_json_append_string (GString     *out,
                                     const char  *text);

G_END_DECLS

G_BEGIN_DECLS

/* Runs @func for @context's thread: at once when called on @home (the thread that
 * runs @context) or while dispatching @context, else from an idle source attached
 * to @context. Unlike g_main_context_invoke(), never runs @func on a worker that
 * merely managed to acquire a context nobody was iterating at that moment: signal
 * handlers in the UI must only ever run on the UI's thread. */
void     kindred_main_context_dispatch (GMainContext   *context,
                                        GThread        *home,
                                        GSourceFunc     func,
                                        gpointer        data,
                                        GDestroyNotify  notify);

G_END_DECLS

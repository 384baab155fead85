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

G_END_DECLS

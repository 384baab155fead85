/* kindred-folder-watch-private.h: test hooks for the folder watch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kindred-folder-watch.h"

G_BEGIN_DECLS

/* Whether a GFileMonitor delivers events for the folder. */
gboolean _kindred_folder_watch_has_monitor     (KindredFolderWatch *self);
/* Drops the monitor, so that only polling can find changes (a folder without events,
 * like the document portal's).  The environment variable
 * KINDRED_FOLDER_WATCH_NO_MONITOR=1 does the same for every new watch. */
void     _kindred_folder_watch_disable_monitor (KindredFolderWatch *self);
/* How many scans have finished: tests wait for a poll to be done without sleeping. */
guint    _kindred_folder_watch_get_scans       (KindredFolderWatch *self);

G_END_DECLS

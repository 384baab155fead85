/* kindred-folder-watch.h: notice files arriving in a folder, with or without events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the facilitator's watched folder (share files) and the sync folder (other
 * devices' files).  A GFileMonitor where the folder delivers events; polling as well,
 * because some folders never do (the Flatpak document portal's FUSE mount, network
 * shares): a poll compares each matching file's size and modification time with
 * what it saw before.  Events are debounced, so a file still being written by a sync
 * tool is reported once it has settled.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_FOLDER_WATCH (kindred_folder_watch_get_type ())
G_DECLARE_FINAL_TYPE (KindredFolderWatch, kindred_folder_watch, KINDRED, FOLDER_WATCH, GObject)

/* Signals (in the thread-default main context of the thread that created it):
 *   "file-changed" (GFile *file): a file whose name ends in the suffix appeared or
 *     changed (size or mtime) since the last report, and has not changed for the
 *     debounce time.  Files already there when the watch starts are not reported;
 *     kindred_folder_watch_list() gives them. */

/* @suffix: e.g. ".kindred-share" (required).  @poll_seconds: how often to poll (0:
 * a sensible default of a few seconds). */
KindredFolderWatch *kindred_folder_watch_new     (GFile              *folder,
                                                  const char         *suffix,
                                                  guint               poll_seconds);
GFile              *kindred_folder_watch_get_folder (KindredFolderWatch *self);
/* A file of our own (the device's own sync file): never reported. */
void                kindred_folder_watch_ignore  (KindredFolderWatch *self,
                                                  const char         *basename);
/* The matching files in the folder now, sorted by name, without ignored ones.
 * (transfer full) (element-type GFile). */
GPtrArray          *kindred_folder_watch_list    (KindredFolderWatch *self,
                                                  GError            **error);
/* Poll at once (tests, and "Sync now"); reports what changed like a timer poll. */
void                kindred_folder_watch_poll    (KindredFolderWatch *self);
/* Debounce in milliseconds (default 1000); tests make it short. */
void                kindred_folder_watch_set_debounce (KindredFolderWatch *self,
                                                  guint               msec);

G_END_DECLS

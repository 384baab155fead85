/* kindred-journal-view.h: the Journal view: browse, search, filter, calendar, and the
 * editor beside (wide) or over (narrow) the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"
#include "kindred-entry-editor.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_JOURNAL_VIEW (kindred_journal_view_get_type ())
G_DECLARE_FINAL_TYPE (KindredJournalView, kindred_journal_view, KINDRED, JOURNAL_VIEW, GtkWidget)

/* Actions (prefix "journal."): new-entry, close-editor, search (toggles the search
 * bar), clear-filters (every condition; the search words stay), clear-all (words
 * and conditions), clear-day (the day chosen in the calendar). */

GtkWidget          *kindred_journal_view_new              (void);
/* NULL drops every row, the filter's results and the editor (on lock). Property "store". */
void                kindred_journal_view_set_store        (KindredJournalView *self,
                                                           KindredStore       *store);
KindredStore       *kindred_journal_view_get_store        (KindredJournalView *self);

/* Opens the editor on a new, not yet saved entry (saved once it has content). */
void                kindred_journal_view_new_entry        (KindredJournalView *self);
void                kindred_journal_view_open_entry       (KindredJournalView *self,
                                                           const char         *uuid);
/* Saves what is pending and closes the editor. */
void                kindred_journal_view_close_editor     (KindredJournalView *self);
/* Saves what the editor holds now (closing the window, locking). TRUE when nothing
 * is left unsaved. */
gboolean            kindred_journal_view_flush            (KindredJournalView *self,
                                                           GError            **error);
/* Property "editing". */
gboolean            kindred_journal_view_get_editing      (KindredJournalView *self);

/* Search bar (Ctrl+F) and filters. Property "search-mode". */
void                kindred_journal_view_set_search_mode  (KindredJournalView *self,
                                                           gboolean            search_mode);
gboolean            kindred_journal_view_get_search_mode  (KindredJournalView *self);
/* Show the calendar instead of the list (property "show-calendar"). */
void                kindred_journal_view_set_show_calendar (KindredJournalView *self,
                                                            gboolean            show);
gboolean            kindred_journal_view_get_show_calendar (KindredJournalView *self);

/* For tests, which drive the view as a person would. */
KindredEntryEditor *kindred_journal_view_get_editor       (KindredJournalView *self);
/* (nullable): the rows shown (filtered), newest first. */
GListModel         *kindred_journal_view_get_entries      (KindredJournalView *self);
KindredEntryFilter *kindred_journal_view_get_filter       (KindredJournalView *self);
/* (nullable): a named widget: of the template ("stack", "empty_page",
 * "write_first_button", "leaflet", "list_pane", "list_view", "search_bar",
 * "search_entry", "search_button", "filter_button", "filter_count_label",
 * "chips_revealer", "day_chip", "clear_filters_button", "content_stack",
 * "no_results_page", "calendar", "list_toggle", "calendar_toggle", "editor_stack",
 * "back_button", "done_button", "editor") or of the filter popover
 * ("filter_popover", "mood_from", "mood_to", "emotion", "trigger", "strategy",
 * "date_from", "date_to", "date_from_calendar", "date_to_calendar"). */
GtkWidget          *kindred_journal_view_lookup_widget    (KindredJournalView *self,
                                                           const char         *name);

G_END_DECLS

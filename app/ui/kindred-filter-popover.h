/* kindred-filter-popover.h: the journal's filters (mood, emotion, trigger, strategy,
 * dates), written straight into a KindredEntryFilter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

#define KINDRED_TYPE_FILTER_POPOVER (kindred_filter_popover_get_type ())
G_DECLARE_FINAL_TYPE (KindredFilterPopover, kindred_filter_popover, KINDRED, FILTER_POPOVER,
                      GtkPopover)

GtkWidget *kindred_filter_popover_new           (void);
/* The filter the widgets show and change (the search words are left alone). */
void       kindred_filter_popover_set_filter    (KindredFilterPopover *self,
                                                 KindredEntryFilter   *filter);
/* Where the strategies and the trigger completions come from. */
void       kindred_filter_popover_set_store     (KindredFilterPopover *self,
                                                 KindredStore         *store);

/* How many kinds of condition (mood, emotion, trigger, strategy, dates) @filter
 * sets; the search words do not count. */
guint      kindred_entry_filter_count_conditions (KindredEntryFilter  *filter);

/* For tests: "mood_from", "mood_to", "emotion", "strategy" (GtkDropDown; item 0 is
 * "any"), "trigger" (GtkEntry), "date_from", "date_to" (GtkMenuButton),
 * "date_from_calendar", "date_to_calendar" (GtkCalendar), "clear" (GtkButton). */
GtkWidget *kindred_filter_popover_lookup_widget (KindredFilterPopover *self,
                                                 const char           *name);

G_END_DECLS

/* kindred-rank-list.h: a ranked list of rows, each with a bar and a line of detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINDRED_TYPE_RANK_LIST (kindred_rank_list_get_type ())
G_DECLARE_FINAL_TYPE (KindredRankList, kindred_rank_list, KINDRED, RANK_LIST, GtkWidget)

GtkWidget  *kindred_rank_list_new       (void);
void        kindred_rank_list_clear     (KindredRankList *self);
/* @fraction 0–1: the bar.  @detail: (nullable): a dimmed line under the bar. */
void        kindred_rank_list_append    (KindredRankList *self,
                                         const char      *name,
                                         const char      *value,
                                         double           fraction,
                                         const char      *detail);
guint       kindred_rank_list_get_n_rows (KindredRankList *self);

G_END_DECLS

/* kindred-emotions.h: the curated list of emotions an entry can name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KindredEmotion:
 * @id: stable, lowercase ASCII; what the journal stores
 * @group: the index of its group
 * @label: untranslated (N_()) label; show kindred_emotion_get_label (@id)
 */
typedef struct
{
  const char *id;
  guint       group;
  const char *label;
} KindredEmotion;

/* Groups in display order (pleasant first). */
guint                 kindred_emotions_get_n_groups     (void);
/* (transfer none): translated. */
const char           *kindred_emotions_get_group_label  (guint        group);
/* The emotions of @group in display order; @n_emotions receives how many.
 * (transfer none) (array length=n_emotions). */
const KindredEmotion *kindred_emotions_get              (guint        group,
                                                         guint       *n_emotions);
/* (transfer none) (nullable): the translated label, or NULL for an id that is not
 * in the list (e.g. from an import: the store keeps any id; show it as it is). */
const char           *kindred_emotion_get_label         (const char  *id);
/* The group of @id, or -1 when it is not in the list. */
int                   kindred_emotion_get_group         (const char  *id);

G_END_DECLS

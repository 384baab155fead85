/* kindred-emotions.c: the curated list of emotions an entry can name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-emotions"

#include "config.h"

#include "library/kindred-emotions.h"

#include <glib/gi18n-lib.h>

/* Plain words people use about themselves, not diagnoses.  The ids are what the
 * journal stores, shared and synced: never rename one, only add. */
static const char * const group_labels[] = {
  N_("Pleasant"),
  N_("Worried"),
  N_("Low"),
  N_("Angry"),
  N_("Self-conscious"),
  N_("Flat"),
};

static const KindredEmotion emotions[] = {
  { "calm",         0, N_("Calm") },
  { "content",      0, N_("Content") },
  { "hopeful",      0, N_("Hopeful") },
  { "grateful",     0, N_("Grateful") },
  { "proud",        0, N_("Proud") },
  { "loved",        0, N_("Loved") },
  { "relieved",     0, N_("Relieved") },
  { "joyful",       0, N_("Joyful") },

  { "anxious",      1, N_("Anxious") },
  { "worried",      1, N_("Worried") },
  { "scared",       1, N_("Scared") },
  { "overwhelmed",  1, N_("Overwhelmed") },
  { "stressed",     1, N_("Stressed") },

  { "sad",          2, N_("Sad") },
  { "lonely",       2, N_("Lonely") },
  { "disappointed", 2, N_("Disappointed") },
  { "hurt",         2, N_("Hurt") },
  { "grieving",     2, N_("Grieving") },

  { "angry",        3, N_("Angry") },
  { "frustrated",   3, N_("Frustrated") },
  { "irritated",    3, N_("Irritated") },
  { "resentful",    3, N_("Resentful") },

  { "ashamed",      4, N_("Ashamed") },
  { "guilty",       4, N_("Guilty") },
  { "embarrassed",  4, N_("Embarrassed") },

  { "numb",         5, N_("Numb") },
  { "tired",        5, N_("Tired") },
  { "empty",        5, N_("Empty") },
  { "bored",        5, N_("Bored") },
};

guint
kindred_emotions_get_n_groups (void)
{
  return G_N_ELEMENTS (group_labels);
}

const char *
kindred_emotions_get_group_label (guint group)
{
  g_return_val_if_fail (group < G_N_ELEMENTS (group_labels), NULL);

  return g_dgettext (GETTEXT_PACKAGE, group_labels[group]);
}

/**
 * kindred_emotions_get:
 * @group: a group index
 * @n_emotions: (out): how many
 *
 * Returns: (transfer none) (array length=n_emotions): the group's emotions
 */
const KindredEmotion *
kindred_emotions_get (guint  group,
                      guint *n_emotions)
{
  guint first = G_N_ELEMENTS (emotions);
  guint n = 0;

  g_return_val_if_fail (group < G_N_ELEMENTS (group_labels), NULL);
  g_return_val_if_fail (n_emotions != NULL, NULL);

  /* The table is sorted by group, so a group is one run of it. */
  for (guint i = 0; i < G_N_ELEMENTS (emotions); i++)
    if (emotions[i].group == group)
      {
        if (n == 0)
          first = i;
        n++;
      }

  *n_emotions = n;
  return n > 0 ? &emotions[first] : NULL;
}

static const KindredEmotion *
lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (emotions); i++)
    if (g_str_equal (emotions[i].id, id))
      return &emotions[i];

  return NULL;
}

/**
 * kindred_emotion_get_label:
 *
 * Returns: (transfer none) (nullable): the translated label
 */
const char *
kindred_emotion_get_label (const char *id)
{
  const KindredEmotion *emotion = lookup (id);

  if (emotion == NULL)
    return NULL;

  return g_dgettext (GETTEXT_PACKAGE, emotion->label);
}

int
kindred_emotion_get_group (const char *id)
{
  const KindredEmotion *emotion = lookup (id);

  return emotion != NULL ? (int) emotion->group : -1;
}

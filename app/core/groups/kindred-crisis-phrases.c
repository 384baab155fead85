/* kindred-crisis-phrases.c: the curated words that ask a facilitator to check in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept in C with N_() rather than as a JSON file in data/: the list is short,
 * changes only with code review, and so xgettext reads it directly (with the
 * comment below for translators) without a generator, a schema or a resource.
 * A match is never a diagnosis; it only highlights a share so that a person
 * reads it soon and, if needed, follows the group's escalation note.
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "groups/kindred-groups-private.h"

static const char * const phrases[] = {
  /* Translators: phrases people may write when they might be in danger.  A share
   * containing one is highlighted for the facilitator to check in.  Translate them
   * as people would say them in your language (lowercase, plain); they are matched
   * ignoring case.  Both the English and your phrase are matched. */
  N_("kill myself"),
  N_("killing myself"),
  N_("end my life"),
  N_("ending my life"),
  N_("take my own life"),
  N_("want to die"),
  N_("wish i was dead"),
  N_("wish i were dead"),
  N_("better off dead"),
  N_("better off without me"),
  N_("suicide"),
  N_("suicidal"),
  N_("hurt myself"),
  N_("hurting myself"),
  N_("harm myself"),
  N_("self-harm"),
  N_("self harm"),
  N_("cut myself"),
  N_("no reason to live"),
  N_("can't go on"),
  N_("cannot go on"),
  N_("end it all"),
  N_("don't want to be here anymore"),
  N_("don't want to wake up"),
  N_("overdose"),
  N_("say goodbye to everyone"),
  NULL
};

const char * const *
_kindred_crisis_phrases_get (void)
{
  return phrases;
}

/* Case-folded and normalised, with typographic apostrophes made plain: "I can’t
 * go on" matches "can't go on". */
static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = NULL;
  GString *out;

  if (normal == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (normal, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2019 || c == 0x2018 || c == 0x02bc)
        c = '\'';
      else if (g_unichar_isspace (c))
        c = ' ';
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
_kindred_crisis_phrases_match (const char *text)
{
  g_autofree char *haystack = NULL;

  if (text == NULL || text[0] == '\0')
    return FALSE;

  haystack = fold (text);
  for (guint i = 0; phrases[i] != NULL; i++)
    {
      g_autofree char *english = fold (phrases[i]);
      const char *translated = g_dgettext (GETTEXT_PACKAGE, phrases[i]);

      if (strstr (haystack, english) != NULL)
        return TRUE;
      if (translated != phrases[i])
        {
          g_autofree char *local = fold (translated);

          if (local[0] != '\0' && strstr (haystack, local) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

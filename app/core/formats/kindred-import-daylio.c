/* kindred-import-daylio.c: reading Daylio's CSV export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Daylio publishes no specification; the layout here is what open-source tools
 * that parse real exports expect (tests/data/formats/README.md lists them):
 *
 *   full_date,date,weekday,time,mood,activities,note_title,note
 *   2020-05-30,30 May,Saturday,6:50 pm,rad,friends | gaming,"","Awesome"
 *
 * with "scales" between activities and note_title in newer exports, and
 * "year,date,…" (no full_date, no note_title) in old ones.  The date and weekday
 * columns and the mood names are in the app's language; times are 12-hour
 * ("9:05 pm") or 24-hour ("14:58"); notes may span lines (quoted) and carry a
 * little HTML (<br>, <b>…).  Custom mood names are the user's own words.
 */

#define G_LOG_DOMAIN "kindred-formats"

#include "config.h"

#include "formats/kindred-formats.h"
#include "formats/kindred-formats-private.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CSV (RFC 4180, strict about quotes) */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
} CsvReader;

static gboolean
at_line_end (CsvReader *reader)
{
  return reader->p < reader->end && (*reader->p == '\n' || *reader->p == '\r');
}

static void
skip_line_end (CsvReader *reader)
{
  if (reader->p < reader->end && *reader->p == '\r')
    reader->p++;
  if (reader->p < reader->end && *reader->p == '\n')
    reader->p++;
  reader->line++;
}

/* 1: a row in @fields; 0: the end; -1: @error. */
static int
csv_next_row (CsvReader  *reader,
              GPtrArray  *fields,
              guint      *row_line,
              GError    **error)
{
  g_ptr_array_set_size (fields, 0);

  if (reader->p >= reader->end)
    return 0;

  *row_line = reader->line;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (reader->p < reader->end && *reader->p == '"')
        {
          guint start_line = reader->line;

          reader->p++;
          for (;;)
            {
              if (reader->p >= reader->end)
                {
                  g_string_free (field, TRUE);
                  g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                               _("Line %u: a quoted field never ends. The file may be cut "
                                 "short."), start_line);
                  return -1;
                }
              if (*reader->p == '"')
                {
                  if (reader->p + 1 < reader->end && reader->p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      reader->p += 2;
                      continue;
                    }
                  reader->p++;
                  break;
                }
              if (*reader->p == '\n')
                reader->line++;
              g_string_append_c (field, *reader->p);
              reader->p++;
            }

          if (reader->p < reader->end && *reader->p != ',' && !at_line_end (reader))
            {
              g_string_free (field, TRUE);
              g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                           _("Line %u: text follows a closing quote. Quotes inside a "
                             "field must be doubled."), reader->line);
              return -1;
            }
        }
      else
        {
          while (reader->p < reader->end && *reader->p != ',' && !at_line_end (reader))
            {
              if (*reader->p == '"')
                {
                  g_string_free (field, TRUE);
                  g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                               _("Line %u: a quote in the middle of a field that does not "
                                 "start with one."), reader->line);
                  return -1;
                }
              g_string_append_c (field, *reader->p);
              reader->p++;
            }
        }

      g_ptr_array_add (fields, g_string_free (field, FALSE));

      if (reader->p < reader->end && *reader->p == ',')
        {
          reader->p++;
          continue;
        }

      if (at_line_end (reader))
        skip_line_end (reader);
      return 1;
    }
}

/* Daylio's moods */

typedef struct
{
  const char *key;
  int         value;
} MoodName;

/* The five default moods as Daylio names them: English; German and Italian as
 * DaylioTools (Belluxx/DaylioTools, MoodTools.kt) maps them; "neutral" as the
 * Obsidian Daylio Parser names the middle group. */
static const MoodName standard_moods[] = {
  { "rad", 5 }, { "good", 4 }, { "meh", 3 }, { "bad", 2 }, { "awful", 1 },
  { "neutral", 3 },
  { "super", 5 }, { "gut", 4 }, { "ok", 3 }, { "schlecht", 2 }, { "einfach scheiße", 1 },
  { "ottimo", 5 }, { "buono", 4 }, { "così così", 3 }, { "male", 2 }, { "terribile", 1 },
};

/* Words that suggest a value for a custom mood ("vaguely good", "tired"). */
static const MoodName mood_words[] = {
  { "awful", 1 }, { "terrible", 1 }, { "horrible", 1 }, { "worst", 1 }, { "miserable", 1 },
  { "furchtbar", 1 }, { "schrecklich", 1 }, { "terribile", 1 }, { "fatal", 1 },
  { "horrible", 1 }, { "lifeless", 1 },
  { "rad", 5 }, { "amazing", 5 }, { "great", 5 }, { "excellent", 5 }, { "awesome", 5 },
  { "fantastic", 5 }, { "blissful", 5 }, { "excited", 5 }, { "super", 5 }, { "genial", 5 },
  { "ottimo", 5 }, { "wonderful", 5 },
  { "bad", 2 }, { "sad", 2 }, { "tired", 2 }, { "stressed", 2 }, { "down", 2 },
  { "anxious", 2 }, { "helpless", 2 }, { "schlecht", 2 }, { "traurig", 2 }, { "mal", 2 },
  { "male", 2 }, { "triste", 2 },
  { "good", 4 }, { "happy", 4 }, { "grateful", 4 }, { "calm", 4 }, { "fine", 4 },
  { "gut", 4 }, { "bien", 4 }, { "buono", 4 }, { "bon", 4 },
  { "meh", 3 }, { "ok", 3 }, { "okay", 3 }, { "neutral", 3 }, { "average", 3 },
  { "normal", 3 }, { "regular", 3 },
};

static char *make_key (const char *name);

/* Keys are compared casefolded ("scheiße" folds to "scheisse"). */
static gboolean
same_key (const char *key,
          const char *table_key)
{
  g_autofree char *folded = make_key (table_key);

  return strcmp (key, folded) == 0;
}

int
_kindred_daylio_standard_mood (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_moods); i++)
    if (same_key (key, standard_moods[i].key))
      return standard_moods[i].value;

  return 0;
}

int
_kindred_daylio_propose_mood (const char *key)
{
  g_auto(GStrv) words = NULL;
  int value = _kindred_daylio_standard_mood (key);

  if (value != 0)
    return value;

  words = g_strsplit_set (key, " \t-_/,.;:!?()", -1);
  /* The table's order decides between words: the strong ones first. */
  for (guint i = 0; i < G_N_ELEMENTS (mood_words); i++)
    for (guint w = 0; words[w] != NULL; w++)
      if (same_key (words[w], mood_words[i].key))
        return mood_words[i].value;

  return 3;
}

static char *
make_key (const char *name)
{
  g_autofree char *normalized = g_utf8_normalize (name, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (normalized != NULL ? normalized : name, -1);
}

static guint
intern_name (GPtrArray  *names,
             GHashTable *index,
             const char *name,
             gboolean    mood)
{
  g_autofree char *key = make_key (name);
  gpointer found;
  ImportName *entry;

  if (g_hash_table_lookup_extended (index, key, NULL, &found))
    {
      entry = g_ptr_array_index (names, GPOINTER_TO_UINT (found));
      entry->count++;
      return GPOINTER_TO_UINT (found);
    }

  entry = g_new0 (ImportName, 1);
  entry->name = g_strdup (name);
  entry->key = g_steal_pointer (&key);
  entry->count = 1;
  if (mood)
    {
      entry->standard = _kindred_daylio_standard_mood (entry->key) != 0;
      entry->value = _kindred_daylio_propose_mood (entry->key);
    }
  g_ptr_array_add (names, entry);
  g_hash_table_insert (index, g_strdup (entry->key), GUINT_TO_POINTER (names->len - 1));

  return names->len - 1;
}

/* Dates and times */

static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  char *p = g_strstrip (lower);
  int h = 0, m = 0, digits = 0;
  int meridiem = 0;   /* 1 am, 2 pm */

  while (g_ascii_isdigit (*p) && digits < 2)
    h = h * 10 + (*p++ - '0'), digits++;
  if (digits == 0 || *p++ != ':')
    return FALSE;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  m = (p[0] - '0') * 10 + (p[1] - '0');
  p += 2;
  if (*p == ':' && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]))
    p += 3;   /* seconds: Daylio writes none, a spreadsheet might */

  while (*p == ' ')
    p++;
  if (g_str_equal (p, "am") || g_str_equal (p, "a.m.") || g_str_equal (p, "a. m."))
    meridiem = 1;
  else if (g_str_equal (p, "pm") || g_str_equal (p, "p.m.") || g_str_equal (p, "p. m."))
    meridiem = 2;
  else if (*p != '\0')
    return FALSE;

  if (m > 59)
    return FALSE;
  if (meridiem != 0)
    {
      if (h < 1 || h > 12)
        return FALSE;
      /* 12:30 am is half past midnight; 12:30 pm half past noon. */
      h = h % 12 + (meridiem == 2 ? 12 : 0);
    }
  else if (h > 23)
    return FALSE;

  *hour = h;
  *minute = m;
  return TRUE;
}

static gboolean
parse_iso_date (const char *text,
                int        *year,
                int        *month,
                int        *day)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char tail;

  return sscanf (copy, "%4d-%2d-%2d%c", year, month, day, &tail) == 3 &&
         g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year);
}

/* Old exports: "year" and an English "18 May" or "May 18". */
static gboolean
parse_old_date (const char *year_text,
                const char *date_text,
                int        *year,
                int        *month,
                int        *day)
{
  static const char *months[] = { "jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec" };
  g_auto(GStrv) parts = g_strsplit_set (date_text, " .", -1);
  char tail;
  int d = 0, m = 0;

  if (sscanf (year_text, "%4d%c", year, &tail) != 1)
    return FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (g_ascii_isdigit (parts[i][0]))
        d = atoi (parts[i]);
      else
        for (guint k = 0; k < G_N_ELEMENTS (months); k++)
          if (g_ascii_strncasecmp (parts[i], months[k], 3) == 0)
            m = (int) k + 1;
    }

  *month = m;
  *day = d;
  return m != 0 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) *year);
}

/* Notes: the little HTML Daylio writes, to plain text */

static void
append_entity (GString     *out,
               const char **p)
{
  static const struct { const char *name; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", "\xc2\xa0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_ascii_strncasecmp (*p, entities[i].name, strlen (entities[i].name)) == 0)
      {
        g_string_append (out, entities[i].text);
        *p += strlen (entities[i].name);
        return;
      }

  if ((*p)[1] == '#')
    {
      char *end = NULL;
      gunichar c = (gunichar) g_ascii_strtoull (*p + 2, &end, 10);

      if (end != *p + 2 && *end == ';' && g_unichar_validate (c) && c != 0)
        {
          g_string_append_unichar (out, c);
          *p = end + 1;
          return;
        }
    }

  g_string_append_c (out, **p);
  (*p)++;
}

static char *
note_to_text (const char *note)
{
  static const char *dropped[] = { "b", "i", "u", "s", "em", "strong", "strike", "del",
                                   "span", "ul", "ol", "p", "div", "font" };
  GString *out;
  const char *p = note;

  if (strchr (note, '<') == NULL && strchr (note, '&') == NULL)
    return g_strdup (note);

  out = g_string_sized_new (strlen (note));
  while (*p != '\0')
    {
      const char *close;
      g_autofree char *tag = NULL;
      char *name;
      gboolean closing;
      gboolean known = FALSE;

      if (*p == '&')
        {
          append_entity (out, &p);
          continue;
        }
      if (*p != '<' || (close = strchr (p, '>')) == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }

      /* "<br/>", "</b>", "<li>", "<span style=…>": the name only */
      tag = g_ascii_strdown (p + 1, close - p - 1);
      closing = tag[0] == '/';
      name = closing ? tag + 1 : tag;
      name[strcspn (name, " /\t")] = '\0';

      if (g_str_equal (name, "br"))
        {
          g_string_append_c (out, '\n');
          known = TRUE;
        }
      else if (g_str_equal (name, "li"))
        {
          g_string_append (out, closing ? "\n" : "- ");
          known = TRUE;
        }
      else
        for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
          if (g_str_equal (name, dropped[i]))
            {
              if (closing && (g_str_equal (name, "p") || g_str_equal (name, "div")))
                g_string_append_c (out, '\n');
              known = TRUE;
              break;
            }

      if (known)
        p = close + 1;
      else
        g_string_append_c (out, *p++);
    }

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/* The file */

enum
{
  COL_FULL_DATE,
  COL_DATE,
  COL_WEEKDAY,
  COL_TIME,
  COL_MOOD,
  COL_ACTIVITIES,
  COL_SCALES,
  COL_NOTE_TITLE,
  COL_NOTE,
  COL_YEAR,
  N_COLUMNS
};

static const char *column_names[N_COLUMNS] = {
  "full_date", "date", "weekday", "time", "mood", "activities", "scales", "note_title",
  "note", "year",
};

static gboolean
read_header (GPtrArray  *fields,
             int         columns[N_COLUMNS],
             GError    **error)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    columns[c] = -1;

  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_ptr_array_index (fields, i), -1);
      gboolean found = FALSE;

      g_strstrip (name);
      for (guint c = 0; c < N_COLUMNS; c++)
        if (g_str_equal (name, column_names[c]))
          {
            if (columns[c] >= 0)
              {
                g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                             _("Line 1: the column “%s” appears twice."), column_names[c]);
                return FALSE;
              }
            columns[c] = (int) i;
            found = TRUE;
          }

      /* The column's number, not its name: in a file that is not a Daylio
       * export at all, the first line may be someone's writing. */
      if (!found)
        {
          g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                       _("Line 1: column %u is not one Daylio writes (Daylio writes "
                         "full_date, date, weekday, time, mood, activities, note_title and "
                         "note)."), i + 1);
          return FALSE;
        }
    }

  if (columns[COL_TIME] < 0 || columns[COL_MOOD] < 0 ||
      (columns[COL_FULL_DATE] < 0 && (columns[COL_YEAR] < 0 || columns[COL_DATE] < 0)))
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("Line 1: the columns for the date, time and mood are missing. This "
                     "does not look like a Daylio export."));
      return FALSE;
    }

  return TRUE;
}

static const char *
field (GPtrArray *fields,
       int        columns[N_COLUMNS],
       guint      column)
{
  return columns[column] >= 0 ? g_ptr_array_index (fields, columns[column]) : "";
}

gboolean
_kindred_import_daylio_csv (GBytes        *bytes,
                            ImportData    *data,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) mood_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) activity_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                NULL);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int columns[N_COLUMNS];
  CsvReader reader;
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  guint line = 0;
  guint rows = 0;
  int rc;

  if (len == 0 || memchr (text, '\0', len) != NULL || !g_utf8_validate (text, (gssize) len, NULL))
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("The file is empty or not text (UTF-8)."));
      return FALSE;
    }

  reader.p = text;
  reader.end = text + len;
  reader.line = 1;
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    reader.p += 3;

  rc = csv_next_row (&reader, fields, &line, error);
  if (rc < 0)
    return FALSE;
  if (rc == 0 || !read_header (fields, columns, error))
    {
      if (rc == 0)
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                     _("The file is empty."));
      return FALSE;
    }

  while ((rc = csv_next_row (&reader, fields, &line, error)) > 0)
    {
      g_autoptr(KindredEntry) entry = NULL;
      g_autoptr(GDateTime) created_at = NULL;
      g_autofree char *uuid = NULL;
      g_autofree char *body = NULL;
      g_autofree char *mood_name = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) activities = NULL;
      const char *note, *scales;
      ImportRecord *record;
      int year, month, day, hour, minute;
      gboolean date_ok;

      /* A blank line (often the last): nothing there. */
      if (fields->len == 1 && ((char *) g_ptr_array_index (fields, 0))[0] == '\0')
        continue;

      if (rows++ % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      {
        guint expected = 0;

        for (guint c = 0; c < N_COLUMNS; c++)
          if (columns[c] >= 0)
            expected++;
        if (fields->len != expected)
          {
            g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                         _("Line %u: %u fields where the header names %u."), line,
                         fields->len, expected);
            return FALSE;
          }
      }

      if (columns[COL_FULL_DATE] >= 0)
        date_ok = parse_iso_date (field (fields, columns, COL_FULL_DATE), &year, &month, &day);
      else
        date_ok = parse_old_date (field (fields, columns, COL_YEAR),
                                  field (fields, columns, COL_DATE), &year, &month, &day);
      if (!date_ok)
        {
          _kindred_import_data_reject (data, _("Line %u: the date could not be read."), line);
          continue;
        }
      if (!parse_time (field (fields, columns, COL_TIME), &hour, &minute))
        {
          _kindred_import_data_reject (data, _("Line %u: the time could not be read."), line);
          continue;
        }
      created_at = g_date_time_new (local, year, month, day, hour, minute, 0);
      if (created_at == NULL)
        {
          _kindred_import_data_reject (data, _("Line %u: the date could not be read."), line);
          continue;
        }

      {
        /* The raw cells name the row: the same export read twice gives the same
         * uuids, whatever mapping the user picks. */
        const char *parts[] = {
          columns[COL_FULL_DATE] >= 0 ? field (fields, columns, COL_FULL_DATE)
                                      : field (fields, columns, COL_YEAR),
          field (fields, columns, COL_DATE),
          field (fields, columns, COL_TIME),
          field (fields, columns, COL_MOOD),
          field (fields, columns, COL_ACTIVITIES),
          field (fields, columns, COL_NOTE_TITLE),
          field (fields, columns, COL_NOTE),
          NULL
        };

        /* The date column is localised: leave it out when full_date says it all. */
        if (columns[COL_FULL_DATE] >= 0)
          parts[1] = "";
        uuid = _kindred_formats_derive_uuid ("daylio", parts);
      }

      entry = kindred_entry_new_with_uuid (uuid);
      kindred_entry_set_created_at (entry, created_at);

      title = g_strstrip (g_strdup (field (fields, columns, COL_NOTE_TITLE)));
      if (title[0] != '\0')
        {
          g_autofree char *plain = note_to_text (title);

          kindred_entry_set_title (entry, plain);
        }

      note = field (fields, columns, COL_NOTE);
      scales = field (fields, columns, COL_SCALES);
      body = note_to_text (note);
      if (scales[0] != '\0')
        {
          /* Sleep quality and the like: no place for them in Kindred, but they are
           * the user's words and must not be lost. */
          char *with_scales = body[0] != '\0' ? g_strconcat (body, "\n\n", scales, NULL)
                                              : g_strdup (scales);

          g_free (body);
          body = with_scales;
        }
      if (body[0] != '\0')
        kindred_entry_set_body (entry, body);

      record = _kindred_import_data_add (data, g_steal_pointer (&entry));
      if (record == NULL)
        continue;

      mood_name = g_strstrip (g_strdup (field (fields, columns, COL_MOOD)));
      if (mood_name[0] != '\0')
        record->mood_index = (int) intern_name (data->moods, mood_index, mood_name, TRUE);

      activities = g_strsplit (field (fields, columns, COL_ACTIVITIES), "|", -1);
      for (guint i = 0; activities[i] != NULL; i++)
        {
          char *activity = g_strstrip (activities[i]);

          if (activity[0] == '\0')
            continue;
          if (record->activities == NULL)
            record->activities = g_ptr_array_new ();
          g_ptr_array_add (record->activities,
                           GUINT_TO_POINTER (intern_name (data->activities, activity_index,
                                                          activity, FALSE)));
        }
    }

  return rc == 0;
}

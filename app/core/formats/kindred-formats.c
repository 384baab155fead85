/* kindred-formats.c: format names, detection, and what the importers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-formats"

#include "config.h"

#include "formats/kindred-formats.h"
#include "formats/kindred-formats-private.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK (kindred-formats-error-quark, kindred_formats_error)

/* How much of a file detection looks at. */
#define SNIFF_SIZE (64 * 1024)

const char *
kindred_format_to_string (KindredFormat format)
{
  switch (format)
    {
    case KINDRED_FORMAT_KINDRED_JSON:
      return "kindred-json";
    case KINDRED_FORMAT_JRNL_JSON:
      return "jrnl-json";
    case KINDRED_FORMAT_DAYLIO_CSV:
      return "daylio-csv";
    case KINDRED_FORMAT_MARKDOWN:
      return "markdown";
    case KINDRED_FORMAT_AUTO:
    default:
      return NULL;
    }
}

gboolean
kindred_format_from_string (const char    *name,
                            KindredFormat *format)
{
  static const KindredFormat all[] = {
    KINDRED_FORMAT_KINDRED_JSON,
    KINDRED_FORMAT_JRNL_JSON,
    KINDRED_FORMAT_DAYLIO_CSV,
    KINDRED_FORMAT_MARKDOWN,
  };

  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_ascii_strcasecmp (name, kindred_format_to_string (all[i])) == 0)
      {
        *format = all[i];
        return TRUE;
      }

  return FALSE;
}

const char *
kindred_format_get_display_name (KindredFormat format)
{
  switch (format)
    {
    case KINDRED_FORMAT_KINDRED_JSON:
      return _("Kindred JSON");
    case KINDRED_FORMAT_JRNL_JSON:
      return _("jrnl JSON");
    case KINDRED_FORMAT_DAYLIO_CSV:
      return _("Daylio CSV");
    case KINDRED_FORMAT_MARKDOWN:
      return _("Markdown");
    case KINDRED_FORMAT_AUTO:
    default:
      return _("Detect automatically");
    }
}

const char *
kindred_formats_get_unencrypted_warning (void)
{
  return _("This copy is not encrypted: anyone who gets the file can read your "
           "journal. Keep it somewhere only you can reach, and delete it when you no "
           "longer need it.");
}

/* Detection */

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

static gboolean
contains (const char *data,
          gsize       len,
          const char *needle)
{
  return g_strstr_len (data, (gssize) len, needle) != NULL;
}

KindredFormat
_kindred_formats_sniff (const char *data,
                        gsize       len)
{
  const char *end = data + len;
  const char *p = data;
  const char *line_end;
  g_autofree char *header = NULL;

  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  p = skip_space (p, end);
  if (p == end)
    return KINDRED_FORMAT_AUTO;

  if (*p == '{')
    {
      /* Kindred writes "format" first; jrnl writes "tags" then "entries", or for
       * one entry per file, its fields. */
      if (contains (p, end - p, "\"kindred-journal\""))
        return KINDRED_FORMAT_KINDRED_JSON;
      if (contains (p, end - p, "\"entries\"") ||
          (contains (p, end - p, "\"date\"") && contains (p, end - p, "\"time\"")))
        return KINDRED_FORMAT_JRNL_JSON;
      return KINDRED_FORMAT_AUTO;
    }

  line_end = memchr (p, '\n', end - p);
  header = g_ascii_strdown (p, (line_end != NULL ? line_end : end) - p);
  if ((strstr (header, "full_date") != NULL || g_str_has_prefix (header, "year,")) &&
      strstr (header, "mood") != NULL && strstr (header, "time") != NULL)
    return KINDRED_FORMAT_DAYLIO_CSV;

  return KINDRED_FORMAT_AUTO;
}

KindredFormat
kindred_format_detect (const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = NULL;
  gsize n_read = 0;
  KindredFormat format;

  g_return_val_if_fail (path != NULL, KINDRED_FORMAT_AUTO);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
                   _("The file could not be opened."));
      return KINDRED_FORMAT_AUTO;
    }

  buffer = g_malloc (SNIFF_SIZE);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, SNIFF_SIZE, &n_read,
                                NULL, NULL))
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
                   _("The file could not be read."));
      return KINDRED_FORMAT_AUTO;
    }

  format = _kindred_formats_sniff (buffer, n_read);
  if (format == KINDRED_FORMAT_AUTO)
    g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_UNKNOWN_FORMAT,
                 _("This file is not one Kindred can import. Kindred reads its own "
                   "JSON export, jrnl’s JSON export and Daylio’s CSV export."));

  return format;
}

/* Reading */

GBytes *
_kindred_formats_read_file (const char    *path,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  goffset size;
  gsize n_read = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
                     _("The file could not be opened."));
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
                   _("This is not a file Kindred can read."));
      return NULL;
    }

  size = g_file_info_get_size (info);
  if (size > KINDRED_FORMATS_MAX_FILE_SIZE)
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_TOO_LARGE,
                   _("This file is too large to import (more than %d MB)."),
                   KINDRED_FORMATS_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
                     _("The file could not be opened."));
      return NULL;
    }

  /* One byte more than the size said: a file that grew meanwhile is caught, and
   * still never read beyond the limit. */
  data = g_malloc ((gsize) size + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data, (gsize) size + 1, &n_read,
                                cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_IO,
                     _("The file could not be read."));
      return NULL;
    }
  if (n_read > (gsize) size && n_read > KINDRED_FORMATS_MAX_FILE_SIZE)
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_TOO_LARGE,
                   _("This file is too large to import (more than %d MB)."),
                   KINDRED_FORMATS_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&data), n_read);
}

/* JSON with a depth limit.  json-glib 1.6 recurses once per level and crashes on
 * very deep nesting, so the brackets are counted first (outside strings). */
JsonNode *
_kindred_formats_parse_json (GBytes        *bytes,
                             guint          max_depth,
                             GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                           _("Line %u: the file is nested more deeply than a journal "
                             "export ever is."), line);
              return NULL;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  if (len == 0 || memchr (data, '\0', len) != NULL || !g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("The file is empty or not text (UTF-8)."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* json-glib's message ("<data>:3:9: Parse error: unexpected identifier
       * `word'") may quote the file, that is an entry: only the line is kept. */
      guint error_line = 0, column = 0;

      if (sscanf (local_error->message, "<data>:%u:%u", &error_line, &column) == 2)
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                     _("Line %u: the file is not valid JSON. It may be cut short or damaged."),
                     error_line);
      else
        g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                     _("The file is not valid JSON. It may be cut short or damaged."));
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, KINDRED_FORMATS_ERROR, KINDRED_FORMATS_ERROR_MALFORMED,
                   _("The file is JSON, but not a journal export."));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* Uuids and times */

char *
_kindred_formats_derive_uuid (const char         *namespace_,
                              const char * const *parts)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) namespace_, (gssize) strlen (namespace_) + 1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      /* The length first: ("ab", "c") and ("a", "bc") must differ. */
      g_autofree char *len = g_strdup_printf ("%zu:", strlen (parts[i]));

      g_checksum_update (checksum, (const guchar *) len, -1);
      g_checksum_update (checksum, (const guchar *) parts[i], -1);
    }
  g_checksum_get_digest (checksum, digest, &digest_len);

  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10],
                          digest[11], digest[12], digest[13], digest[14], digest[15]);
}

char *
_kindred_formats_format_time (GDateTime *date_time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date_time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
read_digits (const char **p,
             guint        n,
             int         *value)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

GDateTime *
_kindred_formats_parse_time (const char *text)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) whole = NULL;
  const char *p = text;
  int year, month, day, hour, minute, second;
  int micro = 0;

  if (text == NULL)
    return NULL;

  if (!read_digits (&p, 4, &year) || *p++ != '-' ||
      !read_digits (&p, 2, &month) || *p++ != '-' ||
      !read_digits (&p, 2, &day) || (*p != 'T' && *p != 't' && *p != ' ') || !*p++ ||
      !read_digits (&p, 2, &hour) || *p++ != ':' ||
      !read_digits (&p, 2, &minute) || *p++ != ':' ||
      !read_digits (&p, 2, &second))
    return NULL;

  if (*p == '.')
    {
      guint n = 0;

      p++;
      while (g_ascii_isdigit (*p))
        {
          if (n < 6)
            micro = micro * 10 + (*p - '0');
          n++;
          p++;
        }
      if (n == 0)
        return NULL;
      for (; n < 6; n++)
        micro *= 10;
    }

  if (*p == 'Z' || *p == 'z')
    {
      zone = g_time_zone_new_utc ();
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int offset_h, offset_m;
      const char *q = p + 1;

      if (!read_digits (&q, 2, &offset_h) || *q++ != ':' || !read_digits (&q, 2, &offset_m) ||
          offset_h > 23 || offset_m > 59)
        return NULL;
      zone = g_time_zone_new_offset ((*p == '-' ? -1 : 1) * (offset_h * 3600 + offset_m * 60));
      p = q;
    }
  else
    return NULL;

  if (*p != '\0' || zone == NULL)
    return NULL;

  /* Whole seconds here, the fraction added as an integer: no rounding. */
  whole = g_date_time_new (zone, year, month, day, hour, minute, second);
  if (whole == NULL)
    return NULL;

  return g_date_time_add (whole, micro);
}

/* ImportData */

static void
import_record_free (gpointer data)
{
  ImportRecord *record = data;

  g_clear_object (&record->entry);
  g_clear_pointer (&record->activities, g_ptr_array_unref);
  g_free (record);
}

static void
import_name_free (gpointer data)
{
  ImportName *name = data;

  g_free (name->name);
  g_free (name->key);
  g_free (name);
}

ImportData *
_kindred_import_data_new (void)
{
  ImportData *data = g_new0 (ImportData, 1);

  data->records = g_ptr_array_new_with_free_func (import_record_free);
  data->strategies = g_ptr_array_new_with_free_func (g_object_unref);
  data->rejected = g_ptr_array_new_with_free_func (g_free);
  data->seen_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  data->moods = g_ptr_array_new_with_free_func (import_name_free);
  data->activities = g_ptr_array_new_with_free_func (import_name_free);

  return data;
}

void
_kindred_import_data_free (ImportData *data)
{
  if (data == NULL)
    return;

  /* The table's keys belong to the entries: it goes first. */
  g_hash_table_unref (data->seen_uuids);
  g_ptr_array_unref (data->records);
  g_ptr_array_unref (data->strategies);
  g_ptr_array_unref (data->rejected);
  g_ptr_array_unref (data->moods);
  g_ptr_array_unref (data->activities);
  g_free (data);
}

ImportRecord *
_kindred_import_data_add (ImportData   *data,
                          KindredEntry *entry)
{
  g_autoptr(KindredEntry) owned = entry;
  ImportRecord *record;

  if (g_hash_table_contains (data->seen_uuids, kindred_entry_get_uuid (entry)))
    {
      data->n_duplicates++;
      return NULL;
    }

  record = g_new0 (ImportRecord, 1);
  record->entry = g_steal_pointer (&owned);
  record->mood_index = -1;
  g_hash_table_add (data->seen_uuids, (gpointer) kindred_entry_get_uuid (record->entry));
  g_ptr_array_add (data->records, record);

  return record;
}

void
_kindred_import_data_reject (ImportData *data,
                             const char *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (data->rejected, g_strdup_vprintf (format, args));
  va_end (args);
}

/* test-directory.c: the crisis and support directory, its queries and its updates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "kindred-core.h"

#define INSTALLED_VERSION "2099-01-01"

typedef struct
{
  char             *dir;
  char             *update_path;
  KindredDirectory *directory;
} Fixture;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("missing");

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static char *
test_data_path (const char *name)
{
  const char *base = g_getenv ("KINDRED_TEST_DATA");

  g_assert_nonnull (base);
  return g_build_filename (base, "directory", name, NULL);
}

/* The bundled file with another version: a full, valid directory. */
static char *
bundled_with_version (const char *version)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *replacement = NULL;
  guint n;

  bytes = g_resources_lookup_data ("/io/github/kindredapp/Kindred/core/directory/"
                                   "kindred-directory.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      /* The core's resource is looked up through its own handle; read the source. */
      g_autofree char *path = g_build_filename (g_getenv ("KINDRED_TEST_DATA"), "..", "..",
                                                "data", "directory",
                                                "kindred-directory.json", NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
    }

  text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  replacement = g_strdup_printf ("\"version\": \"%s\"", version);
  n = g_string_replace (text, "\"version\": \"" KINDRED_RELEASE_DATE "\"", replacement, 1);
  g_assert_cmpuint (n, ==, 1);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
write_temp (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-directory-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->update_path = g_build_filename (fixture->dir, "kindred", "directory.json", NULL);
  {
    g_autofree char *folder = g_path_get_dirname (fixture->update_path);

    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  }
  fixture->directory = kindred_directory_new (fixture->update_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->directory);
}

/* As fixture_set_up, with a newer update already installed, so that a refused file
 * has an installed file to leave alone. */
static void
fixture_set_up_installed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *path = NULL;

  fixture_set_up (fixture, data);

  newer = bundled_with_version (INSTALLED_VERSION);
  path = write_temp (fixture, "installed-source.json", newer, -1);
  file = g_file_new_for_path (path);
  g_assert_true (kindred_directory_import_update (fixture->directory, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_directory_get_version (fixture->directory), ==, INSTALLED_VERSION);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->directory);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->update_path);
}

static KindredDirectory *
load_bundled (void)
{
  g_autoptr(GError) error = NULL;
  KindredDirectory *directory;

  directory = kindred_directory_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (directory);
  return directory;
}

static GDate *
parse_date (const char *text)
{
  unsigned y, m, d;

  g_assert_nonnull (text);
  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
  return g_date_new_dmy (d, m, y);
}

/* At most 12 months before the release, and not after it. */
static void
assert_checked_recently (const char *what,
                         const char *checked)
{
  g_autoptr(GDate) release = parse_date (KINDRED_RELEASE_DATE);
  g_autoptr(GDate) limit = parse_date (KINDRED_RELEASE_DATE);
  g_autoptr(GDate) date = parse_date (checked);

  g_date_subtract_months (limit, 12);
  if (g_date_compare (date, limit) < 0 || g_date_compare (date, release) > 0)
    g_error ("%s was checked on %s, more than 12 months before the release date %s "
             "(or after it): check it again, then move KINDRED_RELEASE_DATE",
             what, checked, KINDRED_RELEASE_DATE);
}

static gboolean
is_url (const char *text)
{
  return text != NULL &&
         (g_str_has_prefix (text, "https://") || g_str_has_prefix (text, "http://"));
}

static GPtrArray *
ids_of (GListModel *model)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (model, i);

      g_ptr_array_add (ids, g_strdup (kindred_directory_entry_get_id (entry)));
    }

  return ids;
}

static gboolean
ids_contain (GPtrArray  *ids,
             const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

/* Loading */

static void
test_directory_load_bundled (void)
{
  g_autoptr(KindredDirectory) directory = load_bundled ();
  g_auto(GStrv) countries = NULL;
  g_autoptr(GPtrArray) emergency = NULL;
  KindredDirectoryEntry *samaritans;
  GListModel *entries;

  g_assert_cmpstr (kindred_directory_get_version (directory), ==, KINDRED_RELEASE_DATE);
  g_assert_false (kindred_directory_get_using_update (directory));
  g_assert_false (kindred_directory_get_update_damaged (directory));

  entries = kindred_directory_get_entries (directory);
  g_assert_cmpuint (g_list_model_get_item_type (entries), ==, KINDRED_TYPE_DIRECTORY_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (entries), >=, 20);

  countries = kindred_directory_dup_countries (directory);
  g_assert_cmpuint (g_strv_length (countries), >=, 20);
  g_assert_true (g_strv_contains ((const char * const *) countries, "GB"));
  g_assert_false (g_strv_contains ((const char * const *) countries, "INT"));
  for (guint i = 1; countries[i] != NULL; i++)
    g_assert_cmpstr (countries[i - 1], <, countries[i]);

  emergency = kindred_directory_dup_emergency_numbers (directory, "GB");
  g_assert_cmpuint (emergency->len, >=, 1);
  g_assert_cmpstr (((KindredEmergencyNumber *) emergency->pdata[0])->number, ==, "999");

  samaritans = kindred_directory_lookup (directory, "gb-samaritans");
  g_assert_nonnull (samaritans);
  g_assert_cmpstr (kindred_directory_entry_get_country (samaritans), ==, "GB");
  g_assert_cmpstr (kindred_directory_entry_get_organisation (samaritans), ==, "Samaritans");
  g_assert_cmpuint (kindred_directory_entry_get_n_phones (samaritans), ==, 1);
  g_assert_cmpstr (kindred_directory_entry_get_phone_number (samaritans, 0), ==, "116 123");
  g_assert_null (kindred_directory_entry_get_phone_label (samaritans, 0));
  g_assert_true (kindred_directory_entry_has_kind (samaritans, "crisis-line"));
  g_assert_cmpstr (kindred_directory_entry_get_cost (samaritans), ==, "free");

  /* The properties a list row binds to. */
  {
    g_auto(GStrv) numbers = NULL;
    g_autofree char *website = NULL;

    g_object_get (samaritans, "phone-numbers", &numbers, "website", &website, NULL);
    g_assert_cmpstr (numbers[0], ==, "116 123");
    g_assert_cmpstr (website, ==, "https://www.samaritans.org");
  }

  g_assert_null (kindred_directory_lookup (directory, "no-such-entry"));
}

static void
test_directory_load_sources (void)
{
  g_autoptr(KindredDirectory) directory = load_bundled ();
  GListModel *entries = kindred_directory_get_entries (directory);
  g_auto(GStrv) countries = kindred_directory_dup_countries (directory);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (entries, i);
      const char *id = kindred_directory_entry_get_id (entry);

      if (!is_url (kindred_directory_entry_get_source_url (entry)))
        g_error ("entry %s has no source URL", id);
      assert_checked_recently (id, kindred_directory_entry_get_checked (entry));
    }

  for (guint c = 0; countries[c] != NULL; c++)
    {
      g_autoptr(GPtrArray) numbers =
        kindred_directory_dup_emergency_numbers (directory, countries[c]);

      for (guint i = 0; i < numbers->len; i++)
        {
          KindredEmergencyNumber *number = numbers->pdata[i];
          g_autofree char *what = g_strdup_printf ("emergency number %s (%s)",
                                                   number->number, number->country);

          g_assert_true (is_url (number->source_url));
          assert_checked_recently (what, number->checked);
        }
    }
}

static void
test_directory_load_crisis_lines_reachable (void)
{
  g_autoptr(KindredDirectory) directory = load_bundled ();
  const char * const crisis[] = { "crisis-line", NULL };
  g_autoptr(GListModel) lines = kindred_directory_query (directory, NULL, NULL, crisis);

  g_assert_cmpuint (g_list_model_get_n_items (lines), >=, 20);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (lines, i);

      g_assert_true (kindred_directory_entry_has_kind (entry, "crisis-line"));
      if (kindred_directory_entry_get_n_phones (entry) == 0 &&
          kindred_directory_entry_get_text_number (entry) == NULL)
        g_error ("crisis line %s has no number to call or text",
                 kindred_directory_entry_get_id (entry));
    }
}

/* Queries */

static void
test_directory_query_search (void)
{
  g_autoptr(KindredDirectory) directory = load_bundled ();
  const char *searches[] = { "samaritans", "SAMARITANS", "  Samar ", "samaritans helpline" };

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GListModel) hits = kindred_directory_query (directory, "GB", searches[i], NULL);
      g_autoptr(KindredDirectoryEntry) first = NULL;

      g_assert_cmpuint (g_list_model_get_n_items (hits), >=, 1);
      first = g_list_model_get_item (hits, 0);
      g_assert_cmpstr (kindred_directory_entry_get_id (first), ==, "gb-samaritans");
    }

  /* Accents and case: the entry says "Ligne d'écoute" and "Prévention". */
  {
    const char *accented[] = { "ecoute", "ÉCOUTE", "prevention du suicide" };

    for (guint i = 0; i < G_N_ELEMENTS (accented); i++)
      {
        g_autoptr(GListModel) hits = kindred_directory_query (directory, NULL, accented[i], NULL);
        g_autoptr(GPtrArray) ids = ids_of (hits);

        g_assert_true (ids_contain (ids, "be-cps-0800-32-123"));
      }
  }

  /* Kinds are searchable by id and label; nothing matches nonsense. */
  {
    g_autoptr(GListModel) veterans = kindred_directory_query (directory, NULL, "veterans", NULL);
    g_autoptr(GListModel) none = kindred_directory_query (directory, "GB", "zzqxv", NULL);
    g_autoptr(GListModel) all = kindred_directory_query (directory, NULL, "   ", NULL);
    g_autoptr(GPtrArray) ids = ids_of (veterans);

    g_assert_true (ids_contain (ids, "us-veterans-crisis-line"));
    g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (all), ==,
                      g_list_model_get_n_items (kindred_directory_get_entries (directory)));
  }
}

static void
test_directory_query_kinds (void)
{
  g_autoptr(KindredDirectory) directory = load_bundled ();
  const char * const veterans[] = { "veterans", NULL };
  const char * const young_or_lgbtq[] = { "young-people", "lgbtq", NULL };
  const char * const none[] = { NULL };
  g_autoptr(GListModel) hits = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gboolean seen_young = FALSE, seen_lgbtq = FALSE;

  hits = kindred_directory_query (directory, "US", NULL, veterans);
  ids = ids_of (hits);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "us-veterans-crisis-line");
  g_clear_object (&hits);

  /* Several kinds: an entry with any of them. */
  hits = kindred_directory_query (directory, NULL, NULL, young_or_lgbtq);
  for (guint i = 0; i < g_list_model_get_n_items (hits); i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (hits, i);
      gboolean young = kindred_directory_entry_has_kind (entry, "young-people");
      gboolean lgbtq = kindred_directory_entry_has_kind (entry, "lgbtq");

      g_assert_true (young || lgbtq);
      seen_young |= young;
      seen_lgbtq |= lgbtq;
    }
  g_assert_true (seen_young && seen_lgbtq);

  /* Kind and search together. */
  g_clear_object (&hits);
  hits = kindred_directory_query (directory, "GB", "samaritans", veterans);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 0);

  all = kindred_directory_query (directory, NULL, NULL, none);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==,
                    g_list_model_get_n_items (kindred_directory_get_entries (directory)));

  g_assert_cmpstr (kindred_directory_kind_get_label ("crisis-line"), ==, "Crisis line");
  g_assert_true (g_strv_contains (kindred_directory_get_known_kinds (), "find-a-helpline"));
}

static void
test_directory_query_order (void)
{
  g_autoptr(KindredDirectory) directory = load_bundled ();
  g_autoptr(GListModel) hits = kindred_directory_query (directory, "GB", NULL, NULL);
  guint n = g_list_model_get_n_items (hits);
  guint stage = 0;  /* 0: GB, 1: INT, 2: the rest */
  g_autofree char *previous_other = NULL;
  gboolean seen_int = FALSE;

  g_assert_cmpuint (n, ==, g_list_model_get_n_items (kindred_directory_get_entries (directory)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredDirectoryEntry) entry = g_list_model_get_item (hits, i);
      const char *country = kindred_directory_entry_get_country (entry);
      guint this_stage = g_str_equal (country, "GB") ? 0 : g_str_equal (country, "INT") ? 1 : 2;

      if (i == 0)
        g_assert_cmpstr (kindred_directory_entry_get_id (entry), ==, "gb-samaritans");
      g_assert_cmpuint (this_stage, >=, stage);
      stage = this_stage;
      seen_int |= this_stage == 1;
      if (this_stage == 2)
        {
          if (previous_other != NULL)
            g_assert_cmpstr (previous_other, <=, country);
          g_free (previous_other);
          previous_other = g_strdup (country);
        }
    }
  g_assert_true (seen_int);
}

/* Locale */

static void
test_directory_locale_parse (void)
{
  const struct { const char *locale; const char *country; } cases[] = {
    { "de_AT.UTF-8", "AT" },
    { "en_GB", "GB" },
    { "fr_CA.utf8@euro", "CA" },
    { "sr_RS@latin", "RS" },
    { "pt_br.UTF-8", "BR" },
    { "en_US.ISO-8859-1", "US" },
    { "C", "" },
    { "POSIX", "" },
    { "C.UTF-8", "" },
    { "en", "" },
    { "es_419", "" },
    { "de_", "" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *country = kindred_directory_country_from_locale (cases[i].locale);

      g_assert_cmpstr (country, ==, cases[i].country);
    }
}

static void
test_directory_locale_default (void)
{
  const struct {
    const char *lc_all;
    const char *lc_messages;
    const char *lang;
    const char *country;
  } cases[] = {
    { NULL, NULL, "de_AT.UTF-8", "AT" },
    { NULL, "fr_BE.UTF-8", "en_US.UTF-8", "BE" },
    { "ja_JP.UTF-8", "fr_BE.UTF-8", "en_US.UTF-8", "JP" },
    { NULL, NULL, "C", "" },
    { "POSIX", NULL, "en_GB.UTF-8", "" },
    { NULL, NULL, NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *country = NULL;

      /* The test is single-threaded: changing the environment is safe here. */
      if (cases[i].lc_all) g_setenv ("LC_ALL", cases[i].lc_all, TRUE); else g_unsetenv ("LC_ALL");
      if (cases[i].lc_messages) g_setenv ("LC_MESSAGES", cases[i].lc_messages, TRUE); else g_unsetenv ("LC_MESSAGES");
      if (cases[i].lang) g_setenv ("LANG", cases[i].lang, TRUE); else g_unsetenv ("LANG");

      country = kindred_directory_default_country ();
      g_assert_cmpstr (country, ==, cases[i].country);
    }
}

/* Updates */

static void
test_directory_update_accepted (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KindredDirectory) reloaded = NULL;
  g_autofree char *newer = bundled_with_version ("2099-06-30");
  g_autofree char *path = write_temp (fixture, "newer.json", newer, -1);
  g_autofree char *installed = NULL;
  guint n_before;
  guint n_changes = 0;

  n_before = g_list_model_get_n_items (kindred_directory_get_entries (fixture->directory));
  guint n_notify = 0;

  g_signal_connect_swapped (fixture->directory, "notify::version",
                            G_CALLBACK (g_atomic_int_inc), &n_notify);
  g_signal_connect_swapped (kindred_directory_get_entries (fixture->directory),
                            "items-changed", G_CALLBACK (g_atomic_int_inc), &n_changes);

  file = g_file_new_for_path (path);
  g_assert_true (kindred_directory_import_update (fixture->directory, file, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (kindred_directory_get_version (fixture->directory), ==, "2099-06-30");
  g_assert_true (kindred_directory_get_using_update (fixture->directory));
  g_assert_false (kindred_directory_get_update_damaged (fixture->directory));
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (n_notify, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_directory_get_entries (fixture->directory)),
                    ==, n_before);

  /* Installed byte for byte, and used by the next start. */
  g_assert_true (g_file_get_contents (fixture->update_path, &installed, NULL, NULL));
  g_assert_cmpstr (installed, ==, newer);
  reloaded = kindred_directory_new (fixture->update_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_directory_get_version (reloaded), ==, "2099-06-30");
  g_assert_true (kindred_directory_get_using_update (reloaded));

  /* The same file again is not newer. */
  {
    g_autofree char *checksum_before = checksum_of (fixture->update_path);
    g_autofree char *checksum_after = NULL;

    g_assert_false (kindred_directory_import_update (fixture->directory, file, NULL, &error));
    g_assert_error (error, KINDRED_DIRECTORY_ERROR, KINDRED_DIRECTORY_ERROR_OLDER_VERSION);
    checksum_after = checksum_of (fixture->update_path);
    g_assert_cmpstr (checksum_after, ==, checksum_before);
  }
}

typedef struct
{
  const char *name;      /* in tests/data/directory, or a generated one */
  int         code;
} BadFile;

static const BadFile bad_files[] = {
  { "older-version.json", KINDRED_DIRECTORY_ERROR_OLDER_VERSION },
  { "older-serial.json", KINDRED_DIRECTORY_ERROR_OLDER_VERSION },
  { "@equal-version", KINDRED_DIRECTORY_ERROR_OLDER_VERSION },
  { "@bundled", KINDRED_DIRECTORY_ERROR_OLDER_VERSION },
  { "missing-field.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "wrong-type.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "wrong-type-checked.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "unknown-kind.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "bad-url.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "bad-country.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "bad-date.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "newer-format.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "unreachable.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "duplicate-id.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "emergency-missing-source.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "array.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "deeply-nested.json", KINDRED_DIRECTORY_ERROR_INVALID },
  { "truncated.json", KINDRED_DIRECTORY_ERROR_NOT_JSON },
  { "not-json.txt", KINDRED_DIRECTORY_ERROR_NOT_JSON },
  { "empty.json", KINDRED_DIRECTORY_ERROR_NOT_JSON },
  { "@huge", KINDRED_DIRECTORY_ERROR_TOO_LARGE },
  { "@folder", KINDRED_DIRECTORY_ERROR_IO },
  { "@missing", KINDRED_DIRECTORY_ERROR_IO },
};

/* Files too big to keep in git, or that only make sense at run time. */
static char *
bad_file_path (Fixture       *fixture,
               const BadFile *bad)
{
  if (g_str_equal (bad->name, "@equal-version"))
    {
      g_autofree char *same = bundled_with_version (INSTALLED_VERSION);

      return write_temp (fixture, "equal.json", same, -1);
    }
  if (g_str_equal (bad->name, "@bundled"))
    {
      g_autofree char *bundled = bundled_with_version (KINDRED_RELEASE_DATE);

      return write_temp (fixture, "bundled.json", bundled, -1);
    }
  if (g_str_equal (bad->name, "@huge"))
    {
      /* 3 MiB of a well-formed start: refused on its size alone. */
      gsize len = 3 * 1024 * 1024;
      g_autofree char *huge = g_malloc (len);

      memset (huge, ' ', len);
      memcpy (huge, "{\"format\": 1, \"version\": \"2100-01-01\"", 38);
      return write_temp (fixture, "huge.json", huge, len);
    }
  if (g_str_equal (bad->name, "@folder"))
    {
      char *path = g_build_filename (fixture->dir, "a-folder.json", NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      return path;
    }
  if (g_str_equal (bad->name, "@missing"))
    return g_build_filename (fixture->dir, "no-such-file.json", NULL);

  return test_data_path (bad->name);
}

static void
test_directory_update_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  const BadFile *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = bad_file_path (fixture, bad);
  g_autofree char *checksum_before = checksum_of (fixture->update_path);
  g_autofree char *checksum_after = NULL;
  guint n_before = g_list_model_get_n_items (kindred_directory_get_entries (fixture->directory));

  file = g_file_new_for_path (path);
  g_assert_false (kindred_directory_import_update (fixture->directory, file, NULL, &error));
  g_assert_error (error, KINDRED_DIRECTORY_ERROR, bad->code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s: %s", bad->name, error->message);
  g_clear_error (&error);

  /* Nothing changed: on disk, in memory, or for the next start. */
  checksum_after = checksum_of (fixture->update_path);
  g_assert_cmpstr (checksum_after, ==, checksum_before);
  g_assert_cmpstr (kindred_directory_get_version (fixture->directory), ==, INSTALLED_VERSION);
  g_assert_true (kindred_directory_get_using_update (fixture->directory));
  g_assert_cmpuint (g_list_model_get_n_items (kindred_directory_get_entries (fixture->directory)),
                    ==, n_before);
  {
    g_autoptr(KindredDirectory) reloaded = kindred_directory_new (fixture->update_path, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (kindred_directory_get_version (reloaded), ==, INSTALLED_VERSION);
  }
}

/* A bad file at the update path when Kindred starts: the bundled data is used, the
 * flag says so, and the file is left for the person (or a newer import) to replace. */
static void
test_directory_update_damaged_fallback (Fixture       *fixture,
                                        gconstpointer  data)
{
  const char *names[] = { "truncated.json", "deeply-nested.json", "missing-field.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KindredDirectory) directory = NULL;
      g_autofree char *source = test_data_path (names[i]);
      g_autofree char *contents = NULL;
      g_autofree char *checksum_before = NULL;
      g_autofree char *checksum_after = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (fixture->update_path, contents, len, NULL));
      checksum_before = checksum_of (fixture->update_path);

      directory = kindred_directory_new (fixture->update_path, &error);
      g_assert_no_error (error);
      g_assert_true (kindred_directory_get_update_damaged (directory));
      g_assert_false (kindred_directory_get_using_update (directory));
      g_assert_cmpstr (kindred_directory_get_version (directory), ==, KINDRED_RELEASE_DATE);
      g_assert_nonnull (kindred_directory_lookup (directory, "gb-samaritans"));

      checksum_after = checksum_of (fixture->update_path);
      g_assert_cmpstr (checksum_after, ==, checksum_before);
    }

  /* A good, newer import repairs it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KindredDirectory) directory = kindred_directory_new (fixture->update_path, &error);
    g_autofree char *newer = bundled_with_version ("2099-02-02");
    g_autofree char *path = write_temp (fixture, "newer.json", newer, -1);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (kindred_directory_import_update (directory, file, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (kindred_directory_get_update_damaged (directory));
    g_assert_true (kindred_directory_get_using_update (directory));
  }
}

/* After Kindred itself is updated, an older installed update is ignored (kept). */
static void
test_directory_update_stale (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredDirectory) directory = NULL;
  g_autofree char *older = bundled_with_version ("2020-01-01");

  g_assert_true (g_file_set_contents (fixture->update_path, older, -1, NULL));
  directory = kindred_directory_new (fixture->update_path, &error);
  g_assert_no_error (error);
  g_assert_false (kindred_directory_get_using_update (directory));
  g_assert_false (kindred_directory_get_update_damaged (directory));
  g_assert_cmpstr (kindred_directory_get_version (directory), ==, KINDRED_RELEASE_DATE);
  g_assert_true (g_file_test (fixture->update_path, G_FILE_TEST_EXISTS));
}

/* Brackets inside strings are not nesting. */
static void
test_directory_update_brackets_in_strings (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *newer = bundled_with_version ("2099-03-03");
  g_autofree char *brackets = NULL;
  g_autofree char *path = NULL;
  g_autofree char *replacement = NULL;

  brackets = g_strnfill (100, '[');
  text = g_string_new (newer);
  replacement = g_strdup_printf ("\"hours\": \"24/7 \\\" %s\"", brackets);
  g_assert_cmpuint (g_string_replace (text, "\"hours\": \"24/7\"", replacement, 1), ==, 1);
  path = write_temp (fixture, "brackets.json", text->str, -1);
  file = g_file_new_for_path (path);

  g_assert_true (kindred_directory_import_update (fixture->directory, file, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/directory/load/bundled", test_directory_load_bundled);
  g_test_add_func ("/directory/load/sources-checked-recently", test_directory_load_sources);
  g_test_add_func ("/directory/load/crisis-lines-reachable",
                   test_directory_load_crisis_lines_reachable);
  g_test_add_func ("/directory/query/search", test_directory_query_search);
  g_test_add_func ("/directory/query/kinds", test_directory_query_kinds);
  g_test_add_func ("/directory/query/order", test_directory_query_order);
  g_test_add_func ("/directory/locale/parse", test_directory_locale_parse);
  g_test_add_func ("/directory/locale/default", test_directory_locale_default);

  g_test_add ("/directory/update/accepted", Fixture, NULL,
              fixture_set_up, test_directory_update_accepted, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup (bad_files[i].name[0] == '@'
                                        ? bad_files[i].name + 1 : bad_files[i].name);
      g_autofree char *test_path = NULL;

      /* Test paths may not hold dots. */
      g_strdelimit (name, ".", '-');
      test_path = g_strdup_printf ("/directory/update/refused/%s", name);
      g_test_add (test_path, Fixture, &bad_files[i],
                  fixture_set_up_installed, test_directory_update_refused, fixture_tear_down);
    }
  g_test_add ("/directory/update/damaged-fallback", Fixture, NULL,
              fixture_set_up, test_directory_update_damaged_fallback, fixture_tear_down);
  g_test_add ("/directory/update/stale", Fixture, NULL,
              fixture_set_up, test_directory_update_stale, fixture_tear_down);
  g_test_add ("/directory/update/brackets-in-strings", Fixture, NULL,
              fixture_set_up, test_directory_update_brackets_in_strings, fixture_tear_down);

  return g_test_run ();
}

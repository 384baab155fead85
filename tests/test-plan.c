/* test-plan.c: the safety plan and the support contacts, in a real encrypted journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kindred-core.h"

typedef struct
{
  char         *dir;
  char         *path;
  KindredKey   *key;
  KindredStore *store;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kindred-test-plan-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "journal.db", NULL);
  fixture->key = kindred_key_new_random ();
  fixture->store = kindred_store_open (fixture->path, fixture->key, TRUE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    kindred_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->key, kindred_key_unref);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Closes the journal and opens the file again with the same key: what is read back
 * came from the disk, not from memory. */
static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  kindred_store_close (fixture->store);
  g_clear_object (&fixture->store);
  fixture->store = kindred_store_open (fixture->path, fixture->key, FALSE, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
assert_strv (const char * const *got,
             const char * const *expected)
{
  g_assert_cmpuint (g_strv_length ((char **) got), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (got[i], ==, expected[i]);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

#define SECRET_ITEM "Walking the dog along the canal at dusk"

static void
test_plan_safety_plan_round_trip (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSafetyPlan) plan = kindred_safety_plan_new ();
  g_autoptr(KindredSafetyPlan) loaded = NULL;
  const char *warning[] = { "Not sleeping", "Staying in my room all day", NULL };
  const char *coping[] = { SECRET_ITEM, "Cold water on my face", NULL };
  const char *strategies[] = { "0b9ea3f6-5a86-4f38-9b8e-4b1f0c4cd2a1", NULL };
  const char *people[] = { "2f1e9a51-1d1b-4d7c-8f5e-2d3f4a5b6c7d", NULL };
  const char *services[] = { "gb-samaritans", NULL };
  const char *reasons[] = { "My sister's kids", "Seeing the sea again", NULL };
  const char *messy[] = { "  padded  ", "", "   ", NULL };
  const char *padded[] = { "padded", NULL };
  guint changes = 0;
  guint64 first_hlc;

  g_assert_true (kindred_safety_plan_is_empty (plan));
  g_signal_connect_swapped (plan, "changed", G_CALLBACK (count_cb), &changes);

  kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_WARNING_SIGNS, warning);
  kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_COPING, coping);
  kindred_safety_plan_set_strategies (plan, strategies);
  kindred_safety_plan_set_contacts (plan, KINDRED_PLAN_SECTION_PEOPLE, people);
  kindred_safety_plan_set_contacts (plan, KINDRED_PLAN_SECTION_PROFESSIONALS, people);
  kindred_safety_plan_set_services (plan, services);
  kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_REASONS, reasons);
  kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_ENVIRONMENT, messy);
  g_assert_cmpuint (changes, ==, 8);
  /* The same list again is no change */
  kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_REASONS, reasons);
  g_assert_cmpuint (changes, ==, 8);
  g_assert_false (kindred_safety_plan_is_empty (plan));
  assert_strv (kindred_safety_plan_get_items (plan, KINDRED_PLAN_SECTION_ENVIRONMENT), padded);

  g_assert_true (kindred_safety_plan_save (plan, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_safety_plan_get_hlc (plan), >, 0);
  g_assert_nonnull (kindred_safety_plan_get_updated_at (plan));
  first_hlc = kindred_safety_plan_get_hlc (plan);

  reopen (fixture);
  /* Encrypted with the journal: the words are not in the file */
  g_assert_false (file_contains (fixture->path, SECRET_ITEM));

  loaded = kindred_safety_plan_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_strv (kindred_safety_plan_get_items (loaded, KINDRED_PLAN_SECTION_WARNING_SIGNS), warning);
  assert_strv (kindred_safety_plan_get_items (loaded, KINDRED_PLAN_SECTION_COPING), coping);
  assert_strv (kindred_safety_plan_get_items (loaded, KINDRED_PLAN_SECTION_REASONS), reasons);
  assert_strv (kindred_safety_plan_get_items (loaded, KINDRED_PLAN_SECTION_ENVIRONMENT), padded);
  g_assert_cmpuint (g_strv_length ((char **) kindred_safety_plan_get_items (loaded, KINDRED_PLAN_SECTION_DISTRACTIONS)), ==, 0);
  assert_strv (kindred_safety_plan_get_strategies (loaded), strategies);
  assert_strv (kindred_safety_plan_get_contacts (loaded, KINDRED_PLAN_SECTION_PEOPLE), people);
  assert_strv (kindred_safety_plan_get_contacts (loaded, KINDRED_PLAN_SECTION_PROFESSIONALS), people);
  g_assert_cmpuint (g_strv_length ((char **) kindred_safety_plan_get_contacts (loaded, KINDRED_PLAN_SECTION_REASONS)), ==, 0);
  assert_strv (kindred_safety_plan_get_services (loaded), services);
  g_assert_cmpuint (kindred_safety_plan_get_hlc (loaded), ==, first_hlc);
  g_assert_true (g_date_time_equal (kindred_safety_plan_get_updated_at (loaded),
                                    kindred_safety_plan_get_updated_at (plan)));

  /* A later save, even from a fresh object, stamps after the stored plan */
  {
    g_autoptr(KindredSafetyPlan) fresh = kindred_safety_plan_new ();

    kindred_safety_plan_set_items (fresh, KINDRED_PLAN_SECTION_REASONS, reasons);
    g_assert_true (kindred_safety_plan_save (fresh, fixture->store, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (kindred_safety_plan_get_hlc (fresh), >, first_hlc);
  }
}

static void
test_plan_safety_plan_none (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSafetyPlan) plan = NULL;

  plan = kindred_safety_plan_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (plan);
}

static void
test_plan_safety_plan_malformed (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) large = g_string_new ("{\"format\": \"kindred-safety-plan\", \"x\": \"");
  const char *bad[] = {
    "",
    "not json at all",
    "{\"format\": \"kindred-safety-plan\", \"sections\": {",   /* truncated */
    "[1, 2, 3]",
    "\"a string\"",
    "{\"format\": \"something-else\"}",
    "{\"sections\": {}}",
    NULL, /* deep */
    NULL, /* large */
  };

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  bad[7] = deep->str;
  while (large->len <= KINDRED_PLAN_MAX_DOCUMENT_SIZE)
    g_string_append (large, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (large, "\"}");
  bad[8] = large->str;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KindredSafetyPlan) plan = NULL;

      g_test_message ("bad document %u", i);
      g_assert_true (kindred_store_set_setting (fixture->store, "safety-plan", bad[i], &error));
      g_assert_no_error (error);
      plan = kindred_safety_plan_load (fixture->store, &error);
      g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_DAMAGED);
      g_assert_null (plan);
      g_clear_error (&error);
    }

  /* Saving over a damaged plan keeps the damaged text aside, then works */
  {
    g_autoptr(KindredSafetyPlan) plan = kindred_safety_plan_new ();
    g_autoptr(KindredSafetyPlan) loaded = NULL;
    g_autofree char *aside = NULL;
    const char *reasons[] = { "Spring", NULL };

    g_assert_true (kindred_store_set_setting (fixture->store, "safety-plan", "{oops", &error));
    kindred_safety_plan_set_items (plan, KINDRED_PLAN_SECTION_REASONS, reasons);
    g_assert_true (kindred_safety_plan_save (plan, fixture->store, &error));
    g_assert_no_error (error);
    aside = kindred_store_dup_setting (fixture->store, "safety-plan-damaged");
    g_assert_cmpstr (aside, ==, "{oops");
    loaded = kindred_safety_plan_load (fixture->store, &error);
    g_assert_no_error (error);
    assert_strv (kindred_safety_plan_get_items (loaded, KINDRED_PLAN_SECTION_REASONS), reasons);
  }
}

static void
test_plan_safety_plan_defensive (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSafetyPlan) plan = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) long_item = g_string_new (NULL);
  const char *ok[] = { "ok", "also ok", NULL };
  const char * const *reasons;

  for (guint i = 0; i < KINDRED_PLAN_MAX_TEXT + 100; i++)
    g_string_append (long_item, "é");

  /* Wrong types are skipped one by one; what is right is kept */
  g_string_printf (json,
                   "{\"format\": \"kindred-safety-plan\", \"version\": 7, \"hlc\": \"x\","
                   " \"updated-at\": 12, \"future\": {\"a\": [1]},"
                   " \"sections\": {"
                   "   \"warning-signs\": {\"items\": [1, \"ok\", null, {\"a\": 1}, \"  \", [\"x\"], \"also ok\"]},"
                   "   \"coping\": {\"items\": \"not a list\", \"strategies\": [true]},"
                   "   \"people\": [\"not an object\"],"
                   "   \"reasons\": {\"items\": [\"%s\"]}"
                   " }}", long_item->str);
  g_assert_true (kindred_store_set_setting (fixture->store, "safety-plan", json->str, &error));

  plan = kindred_safety_plan_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  assert_strv (kindred_safety_plan_get_items (plan, KINDRED_PLAN_SECTION_WARNING_SIGNS), ok);
  g_assert_cmpuint (g_strv_length ((char **) kindred_safety_plan_get_items (plan, KINDRED_PLAN_SECTION_COPING)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) kindred_safety_plan_get_strategies (plan)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) kindred_safety_plan_get_contacts (plan, KINDRED_PLAN_SECTION_PEOPLE)), ==, 0);
  g_assert_cmpuint (kindred_safety_plan_get_hlc (plan), ==, 0);
  g_assert_null (kindred_safety_plan_get_updated_at (plan));
  reasons = kindred_safety_plan_get_items (plan, KINDRED_PLAN_SECTION_REASONS);
  g_assert_cmpuint (g_strv_length ((char **) reasons), ==, 1);
  g_assert_cmpint (g_utf8_strlen (reasons[0], -1), ==, KINDRED_PLAN_MAX_TEXT);
  g_assert_true (g_utf8_validate (reasons[0], -1, NULL));
}

static void
test_plan_contacts_round_trip (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredContact) sam = kindred_contact_new ();
  g_autoptr(KindredContact) amira = kindred_contact_new ();
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(KindredContact) gone = NULL;
  KindredContact *first;
  guint64 sam_hlc;

  kindred_contact_set_name (sam, "  Sam Okafor ");
  kindred_contact_set_phone (sam, "07700 900123");
  kindred_contact_set_note (sam, "Evenings are best");
  kindred_contact_set_name (amira, "Amira");
  kindred_contact_set_other (amira, "Signal");
  g_assert_cmpstr (kindred_contact_get_reach (sam), ==, "07700 900123");
  g_assert_cmpstr (kindred_contact_get_reach (amira), ==, "Signal");

  g_assert_true (kindred_contact_save (sam, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_true (kindred_contact_save (amira, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_contact_get_hlc (amira), >, kindred_contact_get_hlc (sam));
  sam_hlc = kindred_contact_get_hlc (sam);

  reopen (fixture);
  g_assert_false (file_contains (fixture->path, "Evenings are best"));

  contacts = kindred_contact_load_all (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  /* Sorted by name */
  first = g_ptr_array_index (contacts, 0);
  g_assert_cmpstr (kindred_contact_get_name (first), ==, "Amira");
  g_assert_cmpstr (kindred_contact_get_other (first), ==, "Signal");
  g_assert_null (kindred_contact_get_phone (first));
  first = g_ptr_array_index (contacts, 1);
  g_assert_cmpstr (kindred_contact_get_uuid (first), ==, kindred_contact_get_uuid (sam));
  g_assert_cmpstr (kindred_contact_get_name (first), ==, "Sam Okafor");
  g_assert_cmpstr (kindred_contact_get_phone (first), ==, "07700 900123");
  g_assert_cmpstr (kindred_contact_get_note (first), ==, "Evenings are best");
  g_assert_cmpuint (kindred_contact_get_hlc (first), ==, sam_hlc);
  g_assert_nonnull (kindred_contact_get_updated_at (first));

  /* An edit replaces by uuid with a newer stamp */
  kindred_contact_set_phone (first, NULL);
  kindred_contact_set_other (first, "sam@example.org");
  g_assert_true (kindred_contact_save (first, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kindred_contact_get_hlc (first), >, sam_hlc);
  g_clear_object (&gone);
  gone = kindred_contact_load (fixture->store, kindred_contact_get_uuid (sam), &error);
  g_assert_no_error (error);
  g_assert_null (kindred_contact_get_phone (gone));
  g_assert_cmpstr (kindred_contact_get_other (gone), ==, "sam@example.org");
  g_clear_object (&gone);

  /* Removing leaves a tombstone without the person's words */
  g_assert_true (kindred_contact_remove (fixture->store, kindred_contact_get_uuid (sam), &error));
  g_assert_no_error (error);
  g_clear_pointer (&contacts, g_ptr_array_unref);
  contacts = kindred_contact_load_all (fixture->store, FALSE, &error);
  g_assert_cmpuint (contacts->len, ==, 1);
  all = kindred_contact_load_all (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    if (kindred_contact_get_deleted (g_ptr_array_index (all, i)))
      {
        g_assert_cmpstr (kindred_contact_get_uuid (g_ptr_array_index (all, i)), ==,
                         kindred_contact_get_uuid (sam));
        g_assert_null (kindred_contact_get_name (g_ptr_array_index (all, i)));
      }
  gone = kindred_contact_load (fixture->store, kindred_contact_get_uuid (sam), &error);
  g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);
  g_assert_false (kindred_contact_remove (fixture->store, kindred_contact_get_uuid (sam), &error));
  g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_NOT_FOUND);
}

static void
test_plan_contacts_invalid (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredContact) contact = kindred_contact_new ();
  g_autoptr(GPtrArray) contacts = NULL;

  kindred_contact_set_name (contact, "   ");
  kindred_contact_set_phone (contact, "123");
  g_assert_false (kindred_contact_save (contact, fixture->store, &error));
  g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_INVALID);
  g_clear_error (&error);

  contacts = kindred_contact_load_all (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 0);
}

static void
test_plan_contacts_malformed (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(KindredContact) contact = kindred_contact_new ();
  g_autofree char *aside = NULL;
  const char *bad[] = {
    "{\"format\": \"kindred-contacts\", \"contacts\": [",
    "{\"format\": \"kindred-contacts\", \"contacts\": {}}",
    "{\"contacts\": []}",
    "42",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) none = NULL;

      g_assert_true (kindred_store_set_setting (fixture->store, "contacts", bad[i], &error));
      none = kindred_contact_load_all (fixture->store, FALSE, &error);
      g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_DAMAGED);
      g_assert_null (none);
      g_clear_error (&error);
    }

  /* Single bad contacts are skipped: no uuid, a bad uuid, no name, a duplicate */
  g_assert_true (kindred_store_set_setting (fixture->store, "contacts",
    "{\"format\": \"kindred-contacts\", \"contacts\": ["
    " {\"name\": \"No uuid\"},"
    " {\"uuid\": \"nope\", \"name\": \"Bad uuid\"},"
    " {\"uuid\": \"6a1f1c9e-8a3d-4c36-9a43-0f7b8c2d1e11\"},"
    " \"a string\","
    " {\"uuid\": \"6a1f1c9e-8a3d-4c36-9a43-0f7b8c2d1e22\", \"name\": \"Kept\", \"phone\": 5,"
    "  \"hlc\": -3, \"deleted\": \"yes\"},"
    " {\"uuid\": \"6a1f1c9e-8a3d-4c36-9a43-0f7b8c2d1e22\", \"name\": \"Twice\"}"
    "]}", &error));
  contacts = kindred_contact_load_all (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (kindred_contact_get_name (g_ptr_array_index (contacts, 0)), ==, "Kept");
  g_assert_null (kindred_contact_get_phone (g_ptr_array_index (contacts, 0)));
  g_assert_cmpuint (kindred_contact_get_hlc (g_ptr_array_index (contacts, 0)), ==, 0);

  /* Saving over a damaged list sets it aside first */
  g_assert_true (kindred_store_set_setting (fixture->store, "contacts", "[[[", &error));
  kindred_contact_set_name (contact, "Jo");
  g_assert_true (kindred_contact_save (contact, fixture->store, &error));
  g_assert_no_error (error);
  aside = kindred_store_dup_setting (fixture->store, "contacts-damaged");
  g_assert_cmpstr (aside, ==, "[[[");
  g_clear_pointer (&contacts, g_ptr_array_unref);
  contacts = kindred_contact_load_all (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
}

static void
test_plan_locked (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSafetyPlan) plan = kindred_safety_plan_new ();
  g_autoptr(KindredContact) contact = kindred_contact_new ();
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(KindredSafetyPlan) loaded = NULL;

  kindred_store_close (fixture->store);

  loaded = kindred_safety_plan_load (fixture->store, &error);
  g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_LOCKED);
  g_assert_null (loaded);
  g_clear_error (&error);
  g_assert_false (kindred_safety_plan_save (plan, fixture->store, &error));
  g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_LOCKED);
  g_assert_cmpuint (kindred_safety_plan_get_hlc (plan), ==, 0);
  g_clear_error (&error);

  contacts = kindred_contact_load_all (fixture->store, FALSE, &error);
  g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_LOCKED);
  g_assert_null (contacts);
  g_clear_error (&error);
  kindred_contact_set_name (contact, "Jo");
  g_assert_false (kindred_contact_save (contact, fixture->store, &error));
  g_assert_error (error, KINDRED_PLAN_ERROR, KINDRED_PLAN_ERROR_LOCKED);
}

static void
test_plan_sections (void)
{
  for (guint i = 0; i < KINDRED_PLAN_N_SECTIONS; i++)
    {
      g_assert_nonnull (kindred_plan_section_get_id (i));
      g_assert_cmpstr (kindred_plan_section_get_title (i), !=, "");
      g_assert_cmpstr (kindred_plan_section_get_explanation (i), !=, "");
    }
  g_assert_cmpstr (kindred_plan_section_get_id (KINDRED_PLAN_SECTION_WARNING_SIGNS), ==, "warning-signs");
  g_assert_cmpstr (kindred_plan_section_get_id (KINDRED_PLAN_SECTION_REASONS), ==, "reasons");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/plan/safety-plan/round-trip", test_plan_safety_plan_round_trip);
  ADD ("/plan/safety-plan/none", test_plan_safety_plan_none);
  ADD ("/plan/safety-plan/malformed", test_plan_safety_plan_malformed);
  ADD ("/plan/safety-plan/defensive", test_plan_safety_plan_defensive);
  ADD ("/plan/contacts/round-trip", test_plan_contacts_round_trip);
  ADD ("/plan/contacts/invalid", test_plan_contacts_invalid);
  ADD ("/plan/contacts/malformed", test_plan_contacts_malformed);
  ADD ("/plan/locked", test_plan_locked);
  g_test_add_func ("/plan/sections", test_plan_sections);

#undef ADD

  return g_test_run ();
}

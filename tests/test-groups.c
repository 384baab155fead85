/* test-groups.c: peer groups between three journals (a facilitator and two members),
 * each a real SQLCipher file in its own folder with its own random key, and the
 * bad-file corpus in tests/data/groups/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `test-groups --write-corpus DIR` writes tests/data/groups/ again: libsodium's
 * random numbers come from a seeded generator and the groups' clock is fixed, so
 * the same program writes the same bytes (/groups/corpus/reproducible checks it).
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "kindred-core.h"
#include "groups/kindred-groups-private.h"
#include "store/kindred-store-private.h"

#define PASSPHRASE "quiet harbour lanterns"
#define MARKER     "ZQX-marker-5e1d-shared-words"
/* Argon2id at libsodium's minimum: the KDF's cost is not what these tests are about */
#define CHEAP_OPS  1
#define CHEAP_MEM  8192

static char *self_exe;

typedef struct
{
  char          *dir;
  char          *journal_path;
  KindredKey    *key;
  KindredStore  *store;
  KindredGroups *groups;
} Party;

typedef struct
{
  char  *files;          /* where files travel between the parties */
  Party  facilitator;
  Party  alice;
  Party  bob;
} Fixture;

/* ------------------------------------------------------------------------- */
/* Helpers */

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
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
    g_unlink (path);
}

static void
party_open (Party *party)
{
  g_autoptr(GError) error = NULL;

  party->store = kindred_store_open (party->journal_path, party->key, TRUE, NULL, &error);
  g_assert_no_error (error);
  party->groups = kindred_groups_new (party->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (party->groups);
  kindred_groups_set_invite_kdf_limits (party->groups, CHEAP_OPS, CHEAP_MEM);
}

static void
party_set_up (Party *party)
{
  g_autoptr(GError) error = NULL;

  party->dir = g_dir_make_tmp ("kindred-groups-XXXXXX", &error);
  g_assert_no_error (error);
  party->journal_path = g_build_filename (party->dir, "journal.db", NULL);
  party->key = kindred_key_new_random ();
  party_open (party);
}

static void
party_close (Party *party)
{
  if (party->groups != NULL)
    g_assert_finalize_object (g_steal_pointer (&party->groups));
  if (party->store != NULL)
    {
      kindred_store_close (party->store);
      g_clear_object (&party->store);
    }
}

static void
party_tear_down (Party *party)
{
  party_close (party);
  remove_tree (party->dir);
  g_free (party->dir);
  g_free (party->journal_path);
  kindred_key_unref (party->key);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->files = g_dir_make_tmp ("kindred-group-files-XXXXXX", &error);
  g_assert_no_error (error);
  party_set_up (&fixture->facilitator);
  party_set_up (&fixture->alice);
  party_set_up (&fixture->bob);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  party_tear_down (&fixture->facilitator);
  party_tear_down (&fixture->alice);
  party_tear_down (&fixture->bob);
  remove_tree (fixture->files);
  g_free (fixture->files);
}

static char *
file_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->files, name, NULL);
}

/* Everything the groups module keeps, and the journal's settings, as one hash:
 * "nothing in the journal changed" is this staying the same. */
static gboolean
digest_cb (sqlite3  *db,
           gpointer  data,
           GError  **error)
{
  static const char * const tables[] = {
    "groups", "group_keys", "group_members", "group_shares", "group_replies",
    "group_retractions", "settings",
  };
  GChecksum *sum = data;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_checksum_update (sum, (const guchar *) tables[t], -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            int type = sqlite3_column_type (stmt, c);
            const void *blob = sqlite3_column_blob (stmt, c);

            g_checksum_update (sum, (const guchar *) &type, sizeof type);
            if (blob != NULL)
              g_checksum_update (sum, blob, sqlite3_column_bytes (stmt, c));
          }
      sqlite3_finalize (stmt);
    }
  return TRUE;
}

static char *
journal_digest (Party *party)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;

  g_assert_true (_kindred_store_read (party->store, digest_cb, sum, &error));
  g_assert_no_error (error);
  return g_strdup (g_checksum_get_string (sum));
}

static KindredGroupImport *
import_ok (Party        *party,
           const char   *path,
           KindredGroup *expected)
{
  g_autoptr(GError) error = NULL;
  KindredGroupImport *result = kindred_groups_import_file (party->groups, path, expected, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (kindred_group_import_get_message (result), !=, "");
  return result;
}

static void
import_changed (Party        *party,
                const char   *path,
                KindredGroup *expected)
{
  g_autoptr(KindredGroupImport) result = import_ok (party, path, expected);

  g_assert_true (kindred_group_import_get_changed (result));
}

/* Importing the same file again changes nothing, not even a byte of the journal. */
static void
import_unchanged (Party        *party,
                  const char   *path,
                  KindredGroup *expected)
{
  g_autofree char *before = journal_digest (party);
  g_autoptr(KindredGroupImport) result = import_ok (party, path, expected);
  g_autofree char *after = NULL;

  g_assert_false (kindred_group_import_get_changed (result));
  after = journal_digest (party);
  g_assert_cmpstr (before, ==, after);
}

static void
import_fails (Party        *party,
              const char   *path,
              KindredGroup *expected,
              GQuark        domain,
              int           code)
{
  g_autofree char *before = journal_digest (party);
  g_autofree char *after = NULL;
  g_autofree char *described = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroupImport) result =
    kindred_groups_import_file (party->groups, path, expected, &error);

  if (result != NULL || !g_error_matches (error, domain, code))
    g_error ("importing %s: expected %s %d, got %s", path, g_quark_to_string (domain), code,
             error != NULL ? error->message : "success");
  described = kindred_envelope_describe_error (error);
  g_assert_cmpstr (described, !=, "");
  g_assert_null (strstr (described, MARKER));
  after = journal_digest (party);
  g_assert_cmpstr (before, ==, after);
}

static const char *
add_strategy (Party *party)
{
  g_autoptr(GError) error = NULL;
  static const char *uuid = "6f1b0c1e-2a4d-4e7b-9a37-5d0c3b1e9f21";

  kindred_store_add_strategy (party->store, uuid, "Walking by the river", "movement", "", FALSE,
                              &error);
  g_assert_no_error (error);
  return uuid;
}

static KindredEntry *
make_entry (const char *strategy,
            int         mood,
            int         day,
            const char *body)
{
  KindredEntry *entry = kindred_entry_new ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) when = g_date_time_new (zone, 2026, 3, day, 19, 30, 0);
  const char * const triggers[] = { "deadline", "noise", NULL };

  kindred_entry_set_created_at (entry, when);
  kindred_entry_set_mood (entry, mood);
  kindred_entry_set_title (entry, "After work");
  kindred_entry_set_body (entry, body);
  kindred_entry_set_emotion (entry, "calm", 3);
  kindred_entry_set_emotion (entry, "anxious", 2);
  kindred_entry_set_triggers (entry, triggers);
  if (strategy != NULL)
    kindred_entry_set_strategy (entry, strategy, 4);
  return entry;
}

static GPtrArray *
two_entries (const char *strategy)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (entries, make_entry (strategy, 4, 2, "The river was loud. " MARKER));
  g_ptr_array_add (entries, make_entry (strategy, 2, 3, "Slept badly.\nTired today."));
  return entries;
}

static KindredShareDraft *
build (Party                *party,
       KindredGroup         *group,
       GPtrArray            *entries,
       KindredShareLevel     level,
       KindredShareAudience  audience,
       const char           *message)
{
  g_autoptr(GError) error = NULL;
  KindredShareDraft *draft =
    kindred_groups_build_share (party->groups, group, entries, level, audience, message, &error);

  g_assert_no_error (error);
  g_assert_nonnull (draft);
  return draft;
}

static KindredGroupShare *
write_share (Party             *party,
             KindredShareDraft *draft,
             const char        *path)
{
  g_autoptr(GError) error = NULL;
  KindredGroupShare *share = kindred_groups_write_share (party->groups, draft, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (share);
  g_assert_true (kindred_group_share_get_mine (share));
  return share;
}

static KindredGroup *
only_group (Party *party)
{
  GListModel *groups = kindred_groups_get_groups (party->groups);
  g_autoptr(KindredGroup) group = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 1);
  group = g_list_model_get_item (groups, 0);
  return group;   /* the model keeps it */
}

static KindredGroupMember *
member_named (KindredGroup *group,
              const char   *pseudonym)
{
  GListModel *roster = kindred_group_get_roster (group);

  for (guint i = 0; i < g_list_model_get_n_items (roster); i++)
    {
      g_autoptr(KindredGroupMember) member = g_list_model_get_item (roster, i);

      if (g_strcmp0 (kindred_group_member_get_pseudonym (member), pseudonym) == 0)
        return member;
    }
  return NULL;
}

/* Creates the group at the facilitator, and Alice and Bob join it; everybody has
 * the roster. */
static KindredGroup *
set_up_group (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroupInvite) invite_a = NULL;
  g_autoptr(KindredGroupInvite) invite_b = NULL;
  g_autofree char *invite = file_in (fixture, "invite.kindred-invite");
  g_autofree char *join_a = file_in (fixture, "alice.kindred-join");
  g_autofree char *join_b = file_in (fixture, "bob.kindred-join");
  g_autofree char *update = file_in (fixture, "roster.kindred-key-update");
  KindredGroup *group;

  group = kindred_groups_create_group (fixture->facilitator.groups, "Tuesday circle",
                                       "We meet to talk about getting through the week.",
                                       "Tuesdays at 7 pm, in the library",
                                       kindred_groups_get_default_ground_rules (),
                                       kindred_groups_get_default_escalation_note (), "Sam",
                                       &error);
  g_assert_no_error (error);
  g_assert_true (kindred_groups_write_invite (fixture->facilitator.groups, group, PASSPHRASE,
                                              invite, &error));
  g_assert_no_error (error);

  invite_a = kindred_groups_read_invite (fixture->alice.groups, invite, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kindred_groups_join (fixture->alice.groups, invite_a, "Alice", TRUE, join_a,
                                         &error));
  g_assert_no_error (error);
  invite_b = kindred_groups_read_invite (fixture->bob.groups, invite, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kindred_groups_join (fixture->bob.groups, invite_b, "Bo", TRUE, join_b,
                                         &error));
  g_assert_no_error (error);

  import_changed (&fixture->facilitator, join_a, NULL);
  import_changed (&fixture->facilitator, join_b, NULL);
  g_assert_true (kindred_groups_write_update (fixture->facilitator.groups, group, update, &error));
  g_assert_no_error (error);
  import_changed (&fixture->alice, update, NULL);
  import_changed (&fixture->bob, update, NULL);
  return group;
}

/* ------------------------------------------------------------------------- */
/* The three-party flow */

static void
test_groups_flow (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(KindredGroupInvite) invite_bob = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *invite_path = file_in (fixture, "invite.kindred-invite");
  g_autofree char *join_alice = file_in (fixture, "alice.kindred-join");
  g_autofree char *join_bob = file_in (fixture, "bob.kindred-join");
  g_autofree char *update_path = file_in (fixture, "update.kindred-key-update");
  g_autofree char *before = NULL;
  Party *fac = &fixture->facilitator;
  Party *alice = &fixture->alice;
  Party *bob = &fixture->bob;
  KindredGroup *group;
  KindredGroup *group_alice;
  KindredGroup *group_bob;
  KindredGroupMember *member_alice;
  KindredGroupMember *member_bob;
  const char *strategy;
  KindredGroupShare *facilitator_only = NULL;
  KindredGroupShare *to_group = NULL;
  char *texts[KINDRED_SHARE_LEVEL_TEXT + 1][2] = { { NULL, }, };

  /* The facilitator creates the group */
  group = kindred_groups_create_group (fac->groups, "  ", NULL, NULL, NULL, NULL, "Sam", &error);
  g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID);
  g_assert_null (group);
  g_clear_error (&error);
  group = kindred_groups_create_group (fac->groups, "Tuesday circle",
                                       "We meet to talk about getting through the week.",
                                       "Tuesdays at 7 pm, in the library",
                                       kindred_groups_get_default_ground_rules (),
                                       kindred_groups_get_default_escalation_note (), "Sam",
                                       &error);
  g_assert_no_error (error);
  g_assert_nonnull (group);
  g_assert_true (group == only_group (fac));
  g_assert_true (kindred_group_is_facilitator (group));
  g_assert_cmpuint (kindred_group_get_epoch (group), ==, 1);
  g_assert_cmpstr (kindred_group_get_pseudonym (group), ==, "Sam");
  g_assert_cmpstr (kindred_group_get_facilitator_pseudonym (group), ==, "Sam");
  g_assert_nonnull (strstr (kindred_group_get_ground_rules (group), "not a substitute"));

  /* The invite, and opening it */
  g_assert_false (kindred_groups_write_invite (fac->groups, group, "short", invite_path, &error));
  g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kindred_groups_write_invite (fac->groups, group, PASSPHRASE, invite_path,
                                              &error));
  g_assert_no_error (error);

  before = journal_digest (alice);
  invite = kindred_groups_read_invite (alice->groups, invite_path, "not the passphrase", &error);
  g_assert_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (invite);
  g_clear_error (&error);
  invite = kindred_groups_read_invite (alice->groups, invite_path, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kindred_group_invite_get_name (invite), ==, "Tuesday circle");
  g_assert_cmpstr (kindred_group_invite_get_meets (invite), ==, "Tuesdays at 7 pm, in the library");
  g_assert_cmpstr (kindred_group_invite_get_facilitator_pseudonym (invite), ==, "Sam");
  g_assert_cmpstr (kindred_group_invite_get_escalation_note (invite), ==,
                   kindred_groups_get_default_escalation_note ());
  g_assert_cmpstr (kindred_group_invite_get_group_id (invite), ==, kindred_group_get_id (group));
  g_assert_cmpuint (kindred_group_invite_get_n_members (invite), ==, 0);
  g_assert_false (kindred_group_invite_get_already_joined (invite));
  {
    g_autofree char *after = journal_digest (alice);

    g_assert_cmpstr (after, ==, before);
  }

  /* Joining: the rules first, a pseudonym, then the join file */
  g_assert_null (kindred_groups_join (alice->groups, invite, "Alice", FALSE, join_alice, &error));
  g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NOT_ACCEPTED);
  g_clear_error (&error);
  g_assert_null (kindred_groups_join (alice->groups, invite, "sam", TRUE, join_alice, &error));
  g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN);
  g_clear_error (&error);
  g_assert_false (g_file_test (join_alice, G_FILE_TEST_EXISTS));
  group_alice = kindred_groups_join (alice->groups, invite, "Alice", TRUE, join_alice, &error);
  g_assert_no_error (error);
  g_assert_nonnull (group_alice);
  g_assert_true (kindred_group_invite_get_already_joined (invite));
  g_assert_null (kindred_groups_join (alice->groups, invite, "Alice", TRUE, join_alice, &error));
  g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_ALREADY_JOINED);
  g_clear_error (&error);
  g_assert_false (kindred_group_is_facilitator (group_alice));
  g_assert_cmpstr (kindred_group_get_pseudonym (group_alice), ==, "Alice");
  g_assert_cmpstr (kindred_group_get_facilitator_pseudonym (group_alice), ==, "Sam");
  g_assert_cmpstr (kindred_group_get_name (group_alice), ==, "Tuesday circle");

  invite_bob = kindred_groups_read_invite (bob->groups, invite_path, PASSPHRASE, &error);
  g_assert_no_error (error);
  group_bob = kindred_groups_join (bob->groups, invite_bob, "Bo", TRUE, join_bob, &error);
  g_assert_no_error (error);

  /* A join file is the facilitator's to import */
  import_fails (bob, join_alice, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);

  /* The facilitator's roster */
  {
    g_autoptr(KindredGroupImport) result = import_ok (fac, join_alice, NULL);

    g_assert_true (kindred_group_import_get_changed (result));
    g_assert_cmpint (kindred_group_import_get_kind (result), ==, KINDRED_GROUP_FILE_JOIN);
    g_assert_true (kindred_group_import_get_group (result) == group);
    g_assert_cmpstr (kindred_group_member_get_pseudonym (kindred_group_import_get_member (result)),
                     ==, "Alice");
  }
  import_unchanged (fac, join_alice, NULL);
  import_changed (fac, join_bob, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_roster (group)), ==, 2);
  member_alice = member_named (group, "Alice");
  member_bob = member_named (group, "Bo");
  g_assert_nonnull (member_alice);
  g_assert_nonnull (member_bob);
  g_assert_nonnull (kindred_group_member_get_joined_at (member_alice));

  /* The roster reaches the members */
  g_assert_false (kindred_groups_write_update (alice->groups, group_alice, update_path, &error));
  g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  g_clear_error (&error);
  g_assert_true (kindred_groups_write_update (fac->groups, group, update_path, &error));
  g_assert_no_error (error);
  import_changed (alice, update_path, NULL);
  import_unchanged (alice, update_path, NULL);
  import_changed (bob, update_path, NULL);
  import_unchanged (fac, update_path, NULL);
  g_assert_nonnull (member_named (group_alice, "Bo"));
  g_assert_nonnull (member_named (group_bob, "Alice"));

  /* Alice shares the same two entries at every level, to each audience */
  strategy = add_strategy (alice);
  entries = two_entries (strategy);
  for (int level = KINDRED_SHARE_LEVEL_MOOD; level <= KINDRED_SHARE_LEVEL_TEXT; level++)
    for (int audience = 0; audience < 2; audience++)
      {
        g_autoptr(KindredShareDraft) draft = NULL;
        g_autofree char *name = g_strdup_printf ("alice-%d-%d.kindred-share", level, audience);
        g_autofree char *path = file_in (fixture, name);
        KindredGroupShare *mine;
        KindredGroupShare *received;
        const char *text;

        draft = build (alice, group_alice, entries, level, audience,
                       audience == 0 ? "Hello everyone" : "");
        text = kindred_share_draft_get_text (draft);
        texts[level][audience] = g_strdup (text);

        /* What leaves at each level, and nothing more */
        g_assert_nonnull (strstr (text, "2026-03-02 19:30"));
        g_assert_nonnull (strstr (text, "4 of 5"));
        g_assert_true ((strstr (text, "Calm (3 of 5)") != NULL) ==
                       (level >= KINDRED_SHARE_LEVEL_EMOTIONS));
        g_assert_true ((strstr (text, "Walking by the river (helped a lot)") != NULL) ==
                       (level >= KINDRED_SHARE_LEVEL_STRATEGIES));
        g_assert_true ((strstr (text, "deadline, noise") != NULL) ==
                       (level >= KINDRED_SHARE_LEVEL_TRIGGERS));
        g_assert_true ((strstr (text, MARKER) != NULL) == (level >= KINDRED_SHARE_LEVEL_TEXT));
        g_assert_true ((strstr (text, "Hello everyone") != NULL) == (audience == 0));

        mine = write_share (alice, draft, path);
        g_assert_cmpstr (kindred_group_share_get_text (mine), ==, text);
        g_assert_cmpint (kindred_group_share_get_sequence (mine), ==, level * 2 + audience + 1);
        g_assert_null (kindred_groups_write_share (alice->groups, draft, path, &error));
        g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID);
        g_clear_error (&error);

        /* The facilitator reads both audiences, byte for byte the preview */
        import_changed (fac, path, group);
        received = kindred_group_lookup_share (group, kindred_share_draft_get_share_id (draft));
        g_assert_nonnull (received);
        g_assert_false (kindred_group_share_get_mine (received));
        g_assert_cmpstr (kindred_group_share_get_text (received), ==, text);
        g_assert_cmpstr (kindred_group_share_get_pseudonym (received), ==, "Alice");
        g_assert_cmpint (kindred_group_share_get_level (received), ==, level);
        g_assert_cmpint (kindred_group_share_get_audience (received), ==, audience);
        g_assert_true (g_bytes_equal (kindred_group_share_get_payload (received),
                                      kindred_share_draft_get_payload (draft)));
        import_unchanged (fac, path, group);

        /* Bob reads group shares only; Alice's own copy is nothing new */
        if (audience == KINDRED_SHARE_AUDIENCE_GROUP)
          {
            import_changed (bob, path, NULL);
            received = kindred_group_lookup_share (group_bob,
                                                   kindred_share_draft_get_share_id (draft));
            g_assert_cmpstr (kindred_group_share_get_text (received), ==, text);
            to_group = mine;
          }
        else
          {
            import_fails (bob, path, NULL, KINDRED_GROUPS_ERROR,
                          KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
            g_assert_null (kindred_group_lookup_share (group_bob,
                                                       kindred_share_draft_get_share_id (draft)));
            facilitator_only = mine;
          }
        import_unchanged (alice, path, NULL);
      }
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_history (group_alice)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_received (group)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_received (group_bob)), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_assert_cmpstr (texts[i][0], !=, texts[i][1]);
      g_free (texts[i][0]);
      g_free (texts[i][1]);
    }

  /* An older sequence number than one already here: refused (a replay) */
  {
    g_autofree char *first = file_in (fixture, "seq-first.kindred-share");
    g_autofree char *second = file_in (fixture, "seq-second.kindred-share");
    g_autoptr(KindredShareDraft) draft_first = NULL;
    g_autoptr(KindredShareDraft) draft_second = NULL;

    draft_first = build (alice, group_alice, entries, KINDRED_SHARE_LEVEL_MOOD,
                         KINDRED_SHARE_AUDIENCE_GROUP, NULL);
    write_share (alice, draft_first, first);
    draft_second = build (alice, group_alice, entries, KINDRED_SHARE_LEVEL_MOOD,
                          KINDRED_SHARE_AUDIENCE_GROUP, NULL);
    write_share (alice, draft_second, second);
    import_changed (bob, second, NULL);
    import_fails (bob, first, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_OLDER_SEQUENCE);
    import_changed (fac, first, NULL);
    import_changed (fac, second, NULL);
  }

  /* Review: newest first, mark reviewed, filter by member */
  {
    GListModel *queue = kindred_group_get_received (group);
    g_autoptr(KindredGroupShare) first = g_list_model_get_item (queue, 0);
    g_autoptr(GListModel) of_alice = NULL;
    g_autoptr(GListModel) of_bob = NULL;

    for (guint i = 1; i < g_list_model_get_n_items (queue); i++)
      {
        g_autoptr(KindredGroupShare) newer = g_list_model_get_item (queue, i - 1);
        g_autoptr(KindredGroupShare) older = g_list_model_get_item (queue, i);

        g_assert_cmpint (g_date_time_compare (kindred_group_share_get_shared_at (newer),
                                              kindred_group_share_get_shared_at (older)), >=, 0);
      }
    g_assert_cmpint (kindred_group_share_get_sequence (first), ==, 12);
    g_assert_cmpuint (kindred_group_get_n_unreviewed (group), ==, 12);
    g_assert_true (kindred_groups_mark_reviewed (fac->groups, first, TRUE, &error));
    g_assert_no_error (error);
    g_assert_true (kindred_group_share_get_reviewed (first));
    g_assert_cmpuint (kindred_group_get_n_unreviewed (group), ==, 11);
    of_alice = kindred_groups_dup_received_for (fac->groups, group, member_alice, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (of_alice), ==, 11);
    of_bob = kindred_groups_dup_received_for (fac->groups, group, member_bob, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (of_bob), ==, 0);

    /* Private notes, in the facilitator's journal only */
    g_assert_true (kindred_groups_set_share_note (fac->groups, first, "Ask how the week went.",
                                                  &error));
    g_assert_no_error (error);
    g_assert_cmpstr (kindred_group_share_get_note (first), ==, "Ask how the week went.");
    g_assert_true (kindred_groups_set_member_note (fac->groups, group, member_alice,
                                                   "Prefers e-mail.", &error));
    g_assert_no_error (error);
    g_assert_cmpstr (kindred_group_member_get_note (member_alice), ==, "Prefers e-mail.");
    g_assert_false (kindred_groups_set_member_note (alice->groups, group_alice,
                                                    member_named (group_alice, "Bo"), "x",
                                                    &error));
    g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
    g_clear_error (&error);
    g_assert_cmpstr (kindred_group_member_get_note (member_named (group_bob, "Alice")), ==, "");
  }

  /* A reply to Alice's facilitator-only share: only Alice reads it */
  {
    g_autofree char *reply_path = file_in (fixture, "reply.kindred-reply");
    KindredGroupShare *received =
      kindred_group_lookup_share (group, kindred_group_share_get_id (facilitator_only));
    KindredGroupReply *reply;
    GListModel *replies;

    reply = kindred_groups_write_reply (fac->groups, received, "Thank you for sharing this.",
                                        reply_path, &error);
    g_assert_no_error (error);
    g_assert_nonnull (reply);
    g_assert_true (kindred_group_reply_get_mine (reply));
    g_assert_cmpuint (g_list_model_get_n_items (kindred_group_share_get_replies (received)), ==, 1);

    import_fails (bob, reply_path, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
    import_unchanged (fac, reply_path, NULL);
    {
      g_autoptr(KindredGroupImport) result = import_ok (alice, reply_path, NULL);

      g_assert_true (kindred_group_import_get_changed (result));
      g_assert_true (kindred_group_import_get_share (result) == facilitator_only);
      g_assert_nonnull (kindred_group_import_get_reply (result));
    }
    import_unchanged (alice, reply_path, NULL);
    replies = kindred_group_share_get_replies (facilitator_only);
    g_assert_cmpuint (g_list_model_get_n_items (replies), ==, 1);
    {
      g_autoptr(KindredGroupReply) got = g_list_model_get_item (replies, 0);

      g_assert_cmpstr (kindred_group_reply_get_text (got), ==, "Thank you for sharing this.");
      g_assert_false (kindred_group_reply_get_mine (got));
    }
    g_assert_null (kindred_groups_write_reply (alice->groups, facilitator_only, "x", reply_path,
                                               &error));
    g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
    g_clear_error (&error);
  }

  /* Retraction: the copies go, the marker stays */
  {
    g_autofree char *retraction = file_in (fixture, "retract.kindred-retraction");
    g_autofree char *original = file_in (fixture, "alice-4-0.kindred-share");
    const char *id = kindred_group_share_get_id (to_group);
    KindredGroupShare *at_fac = kindred_group_lookup_share (group, id);
    KindredGroupShare *at_bob = kindred_group_lookup_share (group_bob, id);

    g_assert_nonnull (strstr (kindred_group_share_get_text (at_bob), MARKER));
    g_assert_false (kindred_groups_retract_share (fac->groups, at_fac, retraction, &error));
    g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (kindred_groups_retract_share (alice->groups, to_group, retraction, &error));
    g_assert_no_error (error);
    g_assert_true (kindred_group_share_get_retracted (to_group));
    g_assert_nonnull (kindred_group_share_get_retracted_at (to_group));
    g_assert_nonnull (kindred_group_share_get_payload (to_group));   /* my history keeps it */

    import_changed (fac, retraction, NULL);
    import_unchanged (fac, retraction, NULL);
    g_assert_true (kindred_group_share_get_retracted (at_fac));
    g_assert_null (kindred_group_share_get_payload (at_fac));
    g_assert_cmpstr (kindred_group_share_get_text (at_fac), ==, "");
    import_changed (bob, retraction, NULL);
    g_assert_true (kindred_group_share_get_retracted (at_bob));
    g_assert_cmpstr (kindred_group_share_get_text (at_bob), ==, "");
    g_assert_cmpuint (kindred_group_share_get_n_entries (at_bob), ==, 0);
    /* The same share file again does not bring the content back */
    import_unchanged (bob, original, NULL);
    g_assert_null (kindred_group_share_get_payload (at_bob));
    import_unchanged (alice, retraction, NULL);
  }

  /* Gentle flags: crisis words, and the lowest mood across the last three shares */
  {
    g_autoptr(GPtrArray) low = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (low, make_entry (NULL, 1, 9, "Heavy day."));
    for (int i = 0; i < KINDRED_GROUPS_LOW_MOOD_SHARES; i++)
      {
        g_autoptr(KindredShareDraft) draft = NULL;
        g_autofree char *name = g_strdup_printf ("low-%d.kindred-share", i);
        g_autofree char *path = file_in (fixture, name);
        KindredGroupShare *received;

        draft = build (alice, group_alice, low, KINDRED_SHARE_LEVEL_MOOD,
                       KINDRED_SHARE_AUDIENCE_FACILITATOR, NULL);
        write_share (alice, draft, path);
        import_changed (fac, path, NULL);
        received = kindred_group_lookup_share (group, kindred_share_draft_get_share_id (draft));
        g_assert_cmpint (kindred_group_share_get_flags (received), ==,
                         i == KINDRED_GROUPS_LOW_MOOD_SHARES - 1 ? KINDRED_SHARE_FLAG_LOW_MOODS :
                                                                    KINDRED_SHARE_FLAG_NONE);
      }
    g_assert_cmpuint (kindred_group_get_n_flagged (group), ==, 1);

    g_ptr_array_set_size (low, 0);
    g_ptr_array_add (low, make_entry (NULL, 3, 10, "Some days I think I can\u2019t go on."));
    {
      g_autoptr(KindredShareDraft) draft = NULL;
      g_autofree char *path = file_in (fixture, "words.kindred-share");
      KindredGroupShare *received;

      draft = build (alice, group_alice, low, KINDRED_SHARE_LEVEL_TEXT,
                     KINDRED_SHARE_AUDIENCE_FACILITATOR, NULL);
      write_share (alice, draft, path);
      import_changed (fac, path, NULL);
      received = kindred_group_lookup_share (group, kindred_share_draft_get_share_id (draft));
      g_assert_cmpint (kindred_group_share_get_flags (received), ==, KINDRED_SHARE_FLAG_WORDS);
      g_assert_cmpuint (kindred_group_get_n_flagged (group), ==, 2);
    }
  }

  /* The mood overview: per ISO week and pseudonym */
  {
    g_autoptr(GPtrArray) weeks = kindred_groups_dup_mood_overview (fac->groups, group, &error);
    gboolean seen = FALSE;

    g_assert_no_error (error);
    g_assert_nonnull (weeks);
    for (guint i = 0; i < weeks->len; i++)
      {
        KindredGroupMoodWeek *week = g_ptr_array_index (weeks, i);

        g_assert_cmpstr (week->pseudonym, ==, "Alice");
        if (week->year == 2026 && week->week == 10)
          {
            /* 2 and 3 March (week 10): eleven shares not retracted, moods 4 and 2 */
            g_assert_cmpuint (week->count, ==, 22);
            g_assert_cmpfloat_with_epsilon (week->average, 3.0, 1e-9);
            seen = TRUE;
          }
        if (i > 0)
          g_assert_cmpint (week->year * 100 + week->week, >=,
                           ((KindredGroupMoodWeek *) g_ptr_array_index (weeks, i - 1))->year * 100 +
                           ((KindredGroupMoodWeek *) g_ptr_array_index (weeks, i - 1))->week);
      }
    g_assert_true (seen);
  }

  /* Removing Bob: one key-update file for the others, a new key */
  {
    g_autofree char *rotation = file_in (fixture, "rotation.kindred-key-update");
    g_autofree char *old_key = file_in (fixture, "old-key.kindred-share");
    g_autofree char *from_bob = file_in (fixture, "from-bob.kindred-share");
    g_autofree char *after = file_in (fixture, "after.kindred-share");
    g_autofree char *old_join = NULL;
    g_autoptr(KindredShareDraft) draft = NULL;
    g_autoptr(KindredShareDraft) bob_draft = NULL;
    g_autoptr(KindredShareDraft) after_draft = NULL;

    /* Written under the first key, arriving after the rotation */
    draft = build (alice, group_alice, entries, KINDRED_SHARE_LEVEL_MOOD,
                   KINDRED_SHARE_AUDIENCE_GROUP, NULL);
    write_share (alice, draft, old_key);
    bob_draft = build (bob, group_bob, entries, KINDRED_SHARE_LEVEL_MOOD,
                       KINDRED_SHARE_AUDIENCE_GROUP, NULL);
    write_share (bob, bob_draft, from_bob);

    g_assert_true (kindred_groups_remove_member (fac->groups, group, member_bob, rotation, &error));
    g_assert_no_error (error);
    g_assert_true (kindred_group_member_get_removed (member_bob));
    g_assert_cmpuint (kindred_group_get_epoch (group), ==, 2);
    g_assert_false (kindred_groups_remove_member (fac->groups, group, member_bob, rotation, &error));
    g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID);
    g_clear_error (&error);

    import_fails (fac, old_key, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_OLD_KEY);
    import_fails (fac, from_bob, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_REMOVED_MEMBER);

    import_changed (alice, rotation, NULL);
    g_assert_cmpuint (kindred_group_get_epoch (group_alice), ==, 2);
    g_assert_true (kindred_group_member_get_removed (member_named (group_alice, "Bo")));
    import_fails (alice, from_bob, NULL, KINDRED_GROUPS_ERROR,
                  KINDRED_GROUPS_ERROR_REMOVED_MEMBER);

    after_draft = build (alice, group_alice, entries, KINDRED_SHARE_LEVEL_TEXT,
                         KINDRED_SHARE_AUDIENCE_GROUP, NULL);
    write_share (alice, after_draft, after);
    import_changed (fac, after, NULL);

    /* Bob, before the update: no key for it; after: removed */
    import_fails (bob, after, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_NEWER_KEY);
    import_changed (bob, rotation, NULL);
    g_assert_true (kindred_group_get_removed (group_bob));
    g_assert_cmpuint (kindred_group_get_epoch (group_bob), ==, 1);
    import_fails (bob, after, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_REMOVED);
    g_assert_null (kindred_group_lookup_share (group_bob,
                                               kindred_share_draft_get_share_id (after_draft)));
    g_assert_null (kindred_groups_build_share (bob->groups, group_bob, entries,
                                               KINDRED_SHARE_LEVEL_MOOD,
                                               KINDRED_SHARE_AUDIENCE_GROUP, NULL, &error));
    g_assert_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_REMOVED);
    g_clear_error (&error);
    /* What Bob received before stays readable for him */
    g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_received (group_bob)), ==, 6);

    /* A join made with the old invite is refused after the rotation */
    old_join = file_in (fixture, "late.kindred-join");
    {
      Party late = { 0, };
      g_autoptr(KindredGroupInvite) late_invite = NULL;

      party_set_up (&late);
      late_invite = kindred_groups_read_invite (late.groups, invite_path, PASSPHRASE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (kindred_groups_join (late.groups, late_invite, "Lee", TRUE, old_join,
                                             &error));
      g_assert_no_error (error);
      g_clear_object (&late_invite);
      party_tear_down (&late);
    }
    import_fails (fac, old_join, NULL, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_OLD_INVITE);
  }
}

/* Several groups per journal; a file for one group opened for another */
static void
test_groups_several (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(GPtrArray) entries = two_entries (NULL);
  g_autoptr(KindredShareDraft) draft = NULL;
  g_autofree char *invite_path = file_in (fixture, "second.kindred-invite");
  g_autofree char *join_path = file_in (fixture, "second.kindred-join");
  g_autofree char *share_path = file_in (fixture, "second.kindred-share");
  Party *fac = &fixture->facilitator;
  Party *alice = &fixture->alice;
  KindredGroup *first = set_up_group (fixture);
  KindredGroup *second;
  KindredGroup *second_alice;

  second = kindred_groups_create_group (fac->groups, "Sunday walkers", "", "", "", "", "Sam",
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_groups_get_groups (fac->groups)), ==, 2);
  g_assert_true (kindred_groups_write_invite (fac->groups, second, PASSPHRASE, invite_path,
                                              &error));
  g_assert_no_error (error);

  /* An invite for the second group, opened as a file of the first */
  import_fails (fac, invite_path, first, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_OTHER_GROUP);
  {
    g_autoptr(KindredGroupImport) result = import_ok (alice, invite_path, NULL);

    g_assert_cmpint (kindred_group_import_get_kind (result), ==, KINDRED_GROUP_FILE_INVITE);
    g_assert_false (kindred_group_import_get_changed (result));
    g_assert_null (kindred_group_import_get_group (result));
  }

  invite = kindred_groups_read_invite (alice->groups, invite_path, PASSPHRASE, &error);
  g_assert_no_error (error);
  second_alice = kindred_groups_join (alice->groups, invite, "Alice", TRUE, join_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_groups_get_groups (alice->groups)), ==, 2);
  import_fails (fac, join_path, first, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_OTHER_GROUP);
  import_changed (fac, join_path, second);

  draft = build (alice, second_alice, entries, KINDRED_SHARE_LEVEL_EMOTIONS,
                 KINDRED_SHARE_AUDIENCE_GROUP, NULL);
  write_share (alice, draft, share_path);
  import_fails (fac, share_path, first, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_OTHER_GROUP);
  import_changed (fac, share_path, second);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_received (second)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_received (first)), ==, 0);

  /* Bob is not in the second group */
  import_fails (&fixture->bob, share_path, NULL, KINDRED_GROUPS_ERROR,
                KINDRED_GROUPS_ERROR_UNKNOWN_GROUP);

  /* Forgetting a group leaves the other */
  g_assert_true (kindred_groups_delete_group (alice->groups, second_alice, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_groups_get_groups (alice->groups)), ==, 1);
}

/* Everything survives closing and opening the journal again */
static void
test_groups_reopen (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = two_entries (NULL);
  g_autoptr(KindredShareDraft) draft = NULL;
  g_autofree char *share_path = file_in (fixture, "kept.kindred-share");
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  Party *fac = &fixture->facilitator;
  KindredGroup *group = set_up_group (fixture);
  KindredGroup *group_alice = only_group (&fixture->alice);
  KindredGroupShare *share;

  id = g_strdup (kindred_group_get_id (group));
  draft = build (&fixture->alice, group_alice, entries, KINDRED_SHARE_LEVEL_TEXT,
                 KINDRED_SHARE_AUDIENCE_FACILITATOR, "For you");
  text = g_strdup (kindred_share_draft_get_text (draft));
  write_share (&fixture->alice, draft, share_path);
  import_changed (fac, share_path, NULL);
  share = kindred_group_lookup_share (group, kindred_share_draft_get_share_id (draft));
  g_assert_true (kindred_groups_mark_reviewed (fac->groups, share, TRUE, &error));
  g_assert_true (kindred_groups_set_share_note (fac->groups, share, "Noted.", &error));
  g_assert_no_error (error);

  party_close (fac);
  party_open (fac);
  group = kindred_groups_lookup_group (fac->groups, id);
  g_assert_nonnull (group);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_roster (group)), ==, 2);
  share = kindred_group_lookup_share (group, kindred_share_draft_get_share_id (draft));
  g_assert_nonnull (share);
  g_assert_cmpstr (kindred_group_share_get_text (share), ==, text);
  g_assert_cmpstr (kindred_group_share_get_message (share), ==, "For you");
  g_assert_true (kindred_group_share_get_reviewed (share));
  g_assert_cmpstr (kindred_group_share_get_note (share), ==, "Noted.");
  g_assert_cmpuint (kindred_group_get_n_unreviewed (group), ==, 0);
  import_unchanged (fac, share_path, NULL);

  party_close (&fixture->alice);
  party_open (&fixture->alice);
  group_alice = only_group (&fixture->alice);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_history (group_alice)), ==, 1);
}

/* The async calls and the watched folder, with the main loop */
typedef struct
{
  GMainLoop          *loop;
  GAsyncResult       *result;
  guint               imported;
  guint               failed;
} Waiter;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static GAsyncResult *
wait_for_result (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return waiter->result;
}

static void
imported_cb (KindredGroups      *groups,
             KindredGroupImport *result,
             gpointer            user_data)
{
  Waiter *waiter = user_data;

  g_assert_true (kindred_group_import_get_changed (result));
  waiter->imported++;
}

static void
import_failed_cb (KindredGroups *groups,
                  GFile         *file,
                  GError        *error,
                  gpointer       user_data)
{
  Waiter *waiter = user_data;

  g_assert_true (G_IS_FILE (file));
  g_assert_nonnull (error);
  waiter->failed++;
}

static void
test_groups_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = two_entries (NULL);
  g_autoptr(KindredShareDraft) draft = NULL;
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *watched = NULL;
  g_autofree char *invite_path = file_in (fixture, "async.kindred-invite");
  Party *fac = &fixture->facilitator;
  KindredGroup *group = set_up_group (fixture);
  KindredGroup *group_alice = only_group (&fixture->alice);
  KindredGroupShare *share;
  Waiter waiter = { 0, };

  waiter.loop = g_main_loop_new (NULL, FALSE);

  kindred_groups_write_invite_async (fac->groups, group, PASSPHRASE, invite_path, NULL,
                                     got_result_cb, &waiter);
  g_assert_true (kindred_groups_write_invite_finish (fac->groups, wait_for_result (&waiter),
                                                     &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  kindred_groups_read_invite_async (fixture->alice.groups, invite_path, PASSPHRASE, NULL,
                                    got_result_cb, &waiter);
  invite = kindred_groups_read_invite_finish (fixture->alice.groups, wait_for_result (&waiter),
                                              &error);
  g_assert_no_error (error);
  g_assert_true (kindred_group_invite_get_already_joined (invite));
  g_clear_object (&waiter.result);

  /* A watched folder: files there already are imported, bad ones reported */
  watched = g_build_filename (fixture->files, "watched", NULL);
  g_assert_cmpint (g_mkdir (watched, 0700), ==, 0);
  /* Several shares of one member at once: the folder imports them one by one in
   * the order they were written, so none is refused as an older sequence.  Their
   * names sort the other way round on purpose. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("%c.kindred-share", 'z' - i);
      g_autofree char *path = g_build_filename (watched, name, NULL);

      g_clear_object (&draft);
      draft = build (&fixture->alice, group_alice, entries, KINDRED_SHARE_LEVEL_STRATEGIES,
                     KINDRED_SHARE_AUDIENCE_GROUP, NULL);
      kindred_groups_write_share_async (fixture->alice.groups, draft, path, NULL, got_result_cb,
                                        &waiter);
      share = kindred_groups_write_share_finish (fixture->alice.groups,
                                                 wait_for_result (&waiter), &error);
      g_assert_no_error (error);
      g_assert_nonnull (share);
      g_assert_true (kindred_group_lookup_share (group_alice,
                                                 kindred_group_share_get_id (share)) == share);
      g_clear_object (&waiter.result);
    }
  {
    g_autofree char *bad = g_build_filename (watched, "bad.kindred-share", NULL);

    g_assert_true (g_file_set_contents (bad, "not a share\n", -1, &error));
  }
  g_signal_connect (fac->groups, "imported", G_CALLBACK (imported_cb), &waiter);
  g_signal_connect (fac->groups, "import-failed", G_CALLBACK (import_failed_cb), &waiter);
  folder = g_file_new_for_path (watched);
  kindred_groups_watch_folder (fac->groups, folder);
  g_assert_true (g_file_equal (kindred_groups_get_watched_folder (fac->groups), folder));
  while (waiter.imported + waiter.failed < 5)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (waiter.imported, ==, 4);
  g_assert_cmpuint (waiter.failed, ==, 1);
  g_assert_nonnull (kindred_group_lookup_share (group, kindred_share_draft_get_share_id (draft)));
  kindred_groups_watch_folder (fac->groups, NULL);
  g_assert_null (kindred_groups_get_watched_folder (fac->groups));

  g_signal_handlers_disconnect_by_data (fac->groups, &waiter);
  g_main_loop_unref (waiter.loop);
  /* Finished tasks let go of their source objects in an idle */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A file that cannot be written leaves the journal as it was */
static void
test_groups_all_or_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = two_entries (NULL);
  g_autoptr(KindredShareDraft) draft = NULL;
  g_autofree char *nowhere = g_build_filename (fixture->files, "missing", "folder", "x", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = file_in (fixture, "then.kindred-share");
  KindredGroup *group = set_up_group (fixture);
  KindredGroup *group_alice = only_group (&fixture->alice);
  KindredGroupMember *bob = member_named (group, "Bo");
  KindredGroupShare *share;

  before = journal_digest (&fixture->facilitator);
  g_assert_false (kindred_groups_remove_member (fixture->facilitator.groups, group, bob, nowhere,
                                                &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  after = journal_digest (&fixture->facilitator);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (kindred_group_member_get_removed (bob));
  g_assert_cmpuint (kindred_group_get_epoch (group), ==, 1);

  g_free (before);
  g_free (after);
  before = journal_digest (&fixture->alice);
  draft = build (&fixture->alice, group_alice, entries, KINDRED_SHARE_LEVEL_MOOD,
                 KINDRED_SHARE_AUDIENCE_GROUP, NULL);
  g_assert_null (kindred_groups_write_share (fixture->alice.groups, draft, nowhere, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  after = journal_digest (&fixture->alice);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (g_list_model_get_n_items (kindred_group_get_history (group_alice)), ==, 0);

  /* The same draft can still be written, with sequence number 1 */
  share = write_share (&fixture->alice, draft, path);
  g_assert_cmpint (kindred_group_share_get_sequence (share), ==, 1);
}

/* ------------------------------------------------------------------------- */
/* The bad-file corpus (tests/data/groups/) */

#define CORPUS_PASSPHRASE "corpus passphrase"
#define CORPUS_NOW        G_GINT64_CONSTANT (1772539200000000)  /* 2026-03-03T12:00:00Z */
#define ALPHA             "a1a1a1a1-0000-4000-8000-000000000001"
#define BETA              "b2b2b2b2-0000-4000-8000-000000000002"
#define GAMMA             "c3c3c3c3-0000-4000-8000-000000000003"

typedef enum
{
  BY_FACILITATOR,   /* imported by the facilitator's journal */
  BY_ALICE,         /* imported by Alice's journal */
  BY_INVITE,        /* opened with kindred_groups_read_invite() by a new journal */
} CorpusWho;

typedef enum
{
  RESULT_CHANGED,     /* imported, something new */
  RESULT_UNCHANGED,   /* imported, nothing new: the journal stays byte for byte */
  RESULT_OPENS,       /* an invite that opens */
  RESULT_ENVELOPE,    /* fails with KINDRED_ENVELOPE_ERROR @code */
  RESULT_GROUPS,      /* fails with KINDRED_GROUPS_ERROR @code */
} CorpusResult;

typedef struct
{
  const char   *file;
  CorpusWho     who;
  const char   *expected_group;   /* nullable */
  const char   *passphrase;       /* BY_INVITE */
  CorpusResult  result;
  int           code;
  const char   *code_name;
  gboolean      after_rotation;   /* once the facilitator removed Bob */
  const char   *what;
} CorpusCase;

#define ENV(c)    RESULT_ENVELOPE, KINDRED_ENVELOPE_ERROR_##c, #c
#define GRP(c)    RESULT_GROUPS, KINDRED_GROUPS_ERROR_##c, #c
#define CHANGED   RESULT_CHANGED, 0, "changed"
#define UNCHANGED RESULT_UNCHANGED, 0, "nothing new"
#define OPENS     RESULT_OPENS, 0, "opens"

static const CorpusCase corpus[] = {
  { "good-join-alice.kindred-join", BY_FACILITATOR, NULL, NULL, CHANGED, FALSE,
    "Alice's join file: she is on the roster" },
  { "good-join-alice.kindred-join", BY_FACILITATOR, NULL, NULL, UNCHANGED, FALSE,
    "the same join file again" },
  { "good-join-bob.kindred-join", BY_FACILITATOR, ALPHA, NULL, CHANGED, FALSE,
    "Bob's join file" },
  { "update.kindred-key-update", BY_ALICE, NULL, NULL, CHANGED, FALSE,
    "the facilitator's update with the roster (no new key)" },
  { "update.kindred-key-update", BY_ALICE, NULL, NULL, UNCHANGED, FALSE,
    "the same update again" },
  { "good-share-1.kindred-share", BY_FACILITATOR, ALPHA, NULL, CHANGED, FALSE,
    "Alice's share to the group, sequence 1" },
  { "good-share-1.kindred-share", BY_FACILITATOR, NULL, NULL, UNCHANGED, FALSE,
    "the same share file again (a duplicate)" },
  { "replayed-share.kindred-share", BY_FACILITATOR, NULL, NULL, UNCHANGED, FALSE,
    "good-share-1 sealed again with a fresh nonce and signed again (a replay)" },
  { "good-share-3.kindred-share", BY_FACILITATOR, NULL, NULL, CHANGED, FALSE,
    "Alice's share, sequence 3" },
  { "older-sequence.kindred-share", BY_FACILITATOR, NULL, NULL, GRP (OLDER_SEQUENCE), FALSE,
    "Alice's share with sequence 2, after sequence 3" },
  { "good-share-facilitator.kindred-share", BY_FACILITATOR, NULL, NULL, CHANGED, FALSE,
    "Alice's share for the facilitator only, sequence 4" },
  { "good-share-facilitator.kindred-share", BY_ALICE, NULL, NULL, UNCHANGED, FALSE,
    "Alice's own share, back at Alice's" },
  { "retraction.kindred-retraction", BY_FACILITATOR, NULL, NULL, CHANGED, FALSE,
    "Alice takes back good-share-3" },
  { "retraction.kindred-retraction", BY_FACILITATOR, NULL, NULL, UNCHANGED, FALSE,
    "the same retraction again" },
  { "good-share-3.kindred-share", BY_FACILITATOR, NULL, NULL, UNCHANGED, FALSE,
    "the retracted share again: its content does not come back" },
  { "late-retraction.kindred-retraction", BY_FACILITATOR, NULL, NULL, CHANGED, FALSE,
    "Alice takes back late-share before it arrived" },
  { "late-share.kindred-share", BY_FACILITATOR, NULL, NULL, GRP (RETRACTED), FALSE,
    "the share taken back, arriving late (sequence 5)" },
  { "tampered-ciphertext.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (BAD_SIGNATURE), FALSE,
    "good-share-1 with one ciphertext bit flipped (the signature fails first)" },
  { "tampered-resigned.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (DECRYPT), FALSE,
    "the same flip, signed again by Alice: the AEAD refuses it" },
  { "missing-signature.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (BAD_SIGNATURE), FALSE,
    "good-share-1 without its 64-byte signature" },
  { "unsigned.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (BAD_SIGNATURE), FALSE,
    "a share written without a signer" },
  { "wrong-signature.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (BAD_SIGNATURE), FALSE,
    "good-share-1 with a signature by Bob where the header names Alice" },
  { "unknown-group.kindred-share", BY_FACILITATOR, NULL, NULL, GRP (UNKNOWN_GROUP), FALSE,
    "a share for a group the journal is not in" },
  { "unknown-member.kindred-share", BY_FACILITATOR, NULL, NULL, GRP (UNKNOWN_MEMBER), FALSE,
    "a share from Carol, whose join file the facilitator never imported" },
  { "other-group.kindred-share", BY_FACILITATOR, ALPHA, NULL, GRP (OTHER_GROUP), FALSE,
    "a share for the facilitator's other group, opened for the first" },
  { "mismatched-group.kindred-share", BY_FACILITATOR, NULL, NULL, GRP (OTHER_GROUP), FALSE,
    "signed and sealed for the first group, its payload naming the other" },
  { "newer-version.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (NEWER_VERSION), FALSE,
    "a share of format version 2" },
  { "truncated.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (TRUNCATED), FALSE,
    "good-share-1 without its last 100 bytes" },
  { "not-json.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (FOREIGN), FALSE,
    "a line of text, not a Kindred file" },
  { "not-json-payload.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (MALFORMED), FALSE,
    "signed and sealed, but the payload is not JSON" },
  { "deep-nesting-payload.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (MALFORMED), FALSE,
    "signed and sealed, the payload 20000 arrays deep (json-glib 1.6 would crash)" },
  { "deep-nesting-header.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (MALFORMED), FALSE,
    "a header 40 arrays deep" },
  { "wrong-kind.kindred-share", BY_FACILITATOR, NULL, NULL, ENV (WRONG_KIND), FALSE,
    "a signed envelope of kind \"sync\"" },
  { "oversize-join.kindred-join", BY_FACILITATOR, NULL, NULL, ENV (TOO_LARGE), FALSE,
    "a well-formed join file of 70 KiB (joins are at most 64 KiB)" },
  { "other-group.kindred-invite", BY_FACILITATOR, ALPHA, NULL, GRP (OTHER_GROUP), FALSE,
    "an invite to the other group, opened for the first" },
  { "good.kindred-invite", BY_FACILITATOR, NULL, NULL, UNCHANGED, FALSE,
    "an invite, imported: it needs its passphrase instead" },
  { "good.kindred-invite", BY_INVITE, NULL, CORPUS_PASSPHRASE, OPENS, FALSE,
    "the invite, with its passphrase" },
  { "good.kindred-invite", BY_INVITE, NULL, "not the passphrase", ENV (WRONG_PASSPHRASE), FALSE,
    "the invite, with a wrong passphrase" },
  { "kdf-caps.kindred-invite", BY_INVITE, NULL, CORPUS_PASSPHRASE, ENV (KDF_LIMITS), FALSE,
    "the invite asking for 4294967295 Argon2id passes, validly signed" },
  { "wrong-signer.kindred-invite", BY_INVITE, NULL, CORPUS_PASSPHRASE, GRP (WRONG_SIGNER), FALSE,
    "an invite naming the facilitator's keys, signed by Bob" },
  { "wrong-signer.kindred-reply", BY_ALICE, NULL, NULL, GRP (WRONG_SIGNER), FALSE,
    "a reply to Alice sealed to her, signed by Bob instead of the facilitator" },
  { "reply-for-bob.kindred-reply", BY_ALICE, NULL, NULL, GRP (NOT_FOR_YOU), FALSE,
    "the facilitator's reply to Bob, at Alice's" },
  { "wrong-signer.kindred-retraction", BY_FACILITATOR, NULL, NULL, GRP (WRONG_SIGNER), FALSE,
    "Bob taking back Alice's good-share-1" },
  { "wrong-keys.kindred-join", BY_FACILITATOR, NULL, NULL, GRP (WRONG_SIGNER), FALSE,
    "a join naming Dee's keys, signed by Carol" },
  { "not-accepted.kindred-join", BY_FACILITATOR, NULL, NULL, GRP (NOT_ACCEPTED), FALSE,
    "a join whose writer did not accept the ground rules" },
  { "old-key.kindred-share", BY_FACILITATOR, NULL, NULL, GRP (OLD_KEY), TRUE,
    "Alice's share under the first group key, after the key changed" },
  { "from-removed.kindred-share", BY_FACILITATOR, NULL, NULL, GRP (REMOVED_MEMBER), TRUE,
    "Bob's share, after Bob was removed" },
};

/* Fixed identities: Ed25519 from a seed of 32 × @byte, X25519 secret 32 × @byte */
static KindredKeyPair *
corpus_sign (guint8 byte)
{
  guint8 seed[crypto_sign_SEEDBYTES];
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  g_autoptr(GError) error = NULL;
  KindredKeyPair *pair;

  memset (seed, byte, sizeof seed);
  crypto_sign_seed_keypair (pk, sk, seed);
  pair = kindred_key_pair_new_from_secret (TRUE, sk, sizeof sk, &error);
  g_assert_no_error (error);
  return pair;
}

static KindredKeyPair *
corpus_box (guint8 byte)
{
  guint8 secret[KINDRED_BOX_SECRET_SIZE];
  g_autoptr(GError) error = NULL;
  KindredKeyPair *pair;

  memset (secret, byte, sizeof secret);
  pair = kindred_key_pair_new_from_secret (FALSE, secret, sizeof secret, &error);
  g_assert_no_error (error);
  return pair;
}

static KindredKey *
corpus_key (guint8 byte)
{
  guint8 data[KINDRED_KEY_SIZE];

  memset (data, byte, sizeof data);
  return kindred_key_new_from_data (data, sizeof data);
}

enum { F_SIGN = 0x11, F_BOX = 0x31, ALPHA_KEY = 0x51, BETA_KEY = 0x52, GAMMA_KEY = 0x53,
       ALICE_SIGN = 0x21, ALICE_BOX = 0x41, BOB_SIGN = 0x22, BOB_BOX = 0x42,
       CAROL_SIGN = 0x23, CAROL_BOX = 0x43, DEE_SIGN = 0x24, DEE_BOX = 0x44 };

static void
corpus_facilitator (Party *party)
{
  g_autoptr(KindredKeyPair) sign = corpus_sign (F_SIGN);
  g_autoptr(KindredKeyPair) box = corpus_box (F_BOX);
  g_autoptr(KindredKey) alpha = corpus_key (ALPHA_KEY);
  g_autoptr(KindredKey) beta = corpus_key (BETA_KEY);
  g_autoptr(GError) error = NULL;

  _kindred_groups_set_now (party->groups, CORPUS_NOW);
  g_assert_nonnull (_kindred_groups_create_group_full (party->groups, ALPHA, "Alpha circle",
                                                       "A test group.", "Mondays",
                                                       kindred_groups_get_default_ground_rules (),
                                                       kindred_groups_get_default_escalation_note (),
                                                       "Sam", sign, box, alpha, &error));
  g_assert_no_error (error);
  g_assert_nonnull (_kindred_groups_create_group_full (party->groups, BETA, "Beta circle", "", "",
                                                       "", "", "Sam", sign, box, beta, &error));
  g_assert_no_error (error);
}

static KindredGroup *
corpus_join (Party      *party,
             const char *invite_path,
             const char *pseudonym,
             guint8      sign_byte,
             guint8      box_byte,
             const char *join_path)
{
  g_autoptr(KindredKeyPair) sign = corpus_sign (sign_byte);
  g_autoptr(KindredKeyPair) box = corpus_box (box_byte);
  g_autoptr(KindredGroupInvite) invite = NULL;
  g_autoptr(GError) error = NULL;
  KindredGroup *group;

  _kindred_groups_set_now (party->groups, CORPUS_NOW);
  invite = kindred_groups_read_invite (party->groups, invite_path, CORPUS_PASSPHRASE, &error);
  g_assert_no_error (error);
  group = _kindred_groups_join_full (party->groups, invite, pseudonym, TRUE, join_path, sign, box,
                                     &error);
  g_assert_no_error (error);
  return group;
}

static KindredEntry *
corpus_entry (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 ("2026-03-02T19:30:00+01:00", NULL);
  KindredEntry *entry = kindred_entry_new_with_uuid ("00000000-0000-4000-8000-00000000e001");

  kindred_entry_set_created_at (entry, when);
  kindred_entry_set_mood (entry, 3);
  kindred_entry_set_title (entry, "Corpus");
  kindred_entry_set_body (entry, "A plain day.");
  return entry;
}

static GBytes *
corpus_read (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
corpus_put (const char   *dir,
            const char   *name,
            const void   *data,
            gsize         len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static void
corpus_put_bytes (const char *dir,
                  const char *name,
                  GBytes     *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  corpus_put (dir, name, data, len);
}

/* @data without its last 64 bytes, signed again by @signer */
static GBytes *
corpus_resign (const guint8   *data,
               gsize           len,
               KindredKeyPair *signer)
{
  GByteArray *out = g_byte_array_new ();
  guint8 signature[crypto_sign_BYTES];

  g_byte_array_append (out, data, (guint) (len - crypto_sign_BYTES));
  crypto_sign_detached (signature, NULL, out->data, out->len, kindred_key_pair_get_secret (signer));
  g_byte_array_append (out, signature, sizeof signature);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
corpus_share_payload (const char *group_id,
                      const char *share_id)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GBytes *payload;

  g_ptr_array_add (entries, corpus_entry ());
  payload = _kindred_share_payload_build (group_id, share_id, KINDRED_SHARE_LEVEL_MOOD,
                                          KINDRED_SHARE_AUDIENCE_GROUP, "", entries, NULL, &error);
  g_assert_no_error (error);
  return payload;
}

/* A group share put together by hand (what a hostile or broken writer could do) */
static GBytes *
corpus_share (const char     *header_group,
              const char     *share_id,
              gint64          sequence,
              KindredKey     *key,
              GBytes         *payload,
              KindredKeyPair *signer,
              gint            version)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(GError) error = NULL;
  KindredEnvelopeKeys keys = { 0, };
  GBytes *bytes;

  json_object_set_string_member (header, "group_id", header_group);
  json_object_set_string_member (header, "share_id", share_id);
  json_object_set_int_member (header, "sequence", sequence);
  json_object_set_int_member (header, "epoch", 1);
  json_object_set_string_member (header, "audience", "group");
  json_object_set_int_member (header, "shared_at", CORPUS_NOW);
  keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
  keys.secret_key = key;
  bytes = kindred_envelope_write_bytes ("share", version, header, payload, &keys, signer, &error);
  g_assert_no_error (error);
  return bytes;
}

static GBytes *
corpus_envelope (const char                *kind,
                 JsonObject                *header,
                 JsonObject                *payload,
                 const KindredEnvelopeKeys *keys,
                 KindredKeyPair            *signer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) clear = NULL;
  gsize len = 0;
  GBytes *bytes;

  text = kindred_envelope_to_json (payload, &len);
  clear = g_bytes_new (text, len);
  bytes = kindred_envelope_write_bytes (kind, 1, header, clear, keys, signer, &error);
  g_assert_no_error (error);
  return bytes;
}

static void
set_key (JsonObject   *object,
         const char   *member,
         const guint8 *data,
         gsize         len)
{
  g_autofree char *text = kindred_envelope_b64_encode (data, len);

  json_object_set_string_member (object, member, text);
}

static void
corpus_write_readme (const char *dir)
{
  GString *readme = g_string_new (NULL);

  g_string_append (readme,
    "# Groups bad-file corpus\n"
    "\n"
    "Written by `test-groups --write-corpus tests/data/groups` (libsodium's random numbers\n"
    "from a seeded generator, the groups' clock fixed at 2026-03-03T12:00:00Z, so the bytes\n"
    "are reproducible; `/groups/corpus/reproducible` fails when they differ).  Do not edit\n"
    "by hand.  FORMATS.md (\"Groups\") describes every kind.\n"
    "\n"
    "Identities (fixed): the facilitator \"Sam\" signs with Ed25519 from a seed of 32 × 0x11\n"
    "and has the X25519 box key 32 × 0x31; group \"Alpha circle\" (" ALPHA ") has\n"
    "the group key 32 × 0x51, group \"Beta circle\" (" BETA ") 32 × 0x52.  Members:\n"
    "Alice (sign 0x21, box 0x41), Bob (0x22, 0x42), Carol (0x23, 0x43, joined but never\n"
    "imported), Dee (0x24, 0x44, never joined).  Invites are sealed with the passphrase\n"
    "\"" CORPUS_PASSPHRASE "\" at libsodium's cheapest Argon2id.\n"
    "\n"
    "`/groups/corpus/files` makes a facilitator's journal with both groups (the same keys)\n"
    "and a journal for Alice (joined with good.kindred-invite), then opens each file in\n"
    "this order, by the journal shown (\"invite\": kindred_groups_read_invite() in a new\n"
    "journal), for the group shown if any.  \"changed\" / \"nothing new\": imported; every\n"
    "other result is the KINDRED_ENVELOPE_ERROR_ or KINDRED_GROUPS_ERROR_ code shown, and\n"
    "then the journal's group tables and settings are byte for byte what they were.\n"
    "The last two run after the facilitator removed Bob (the key changed).  Not committed:\n"
    "a sparse file just over 8 MiB, made at test time (TOO_LARGE before a byte is read).\n"
    "\n"
    "| file | opened by | for group | result | what it is |\n"
    "|---|---|---|---|---|\n");
  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      static const char * const who[] = { "facilitator", "Alice", "invite" };
      const CorpusCase *c = &corpus[i];

      g_string_append_printf (readme, "| %s | %s | %s | %s%s | %s |\n", c->file, who[c->who],
                              c->expected_group == NULL ? "" :
                              g_str_equal (c->expected_group, ALPHA) ? "Alpha" : "Beta",
                              c->result == RESULT_ENVELOPE ? "ENVELOPE " :
                              c->result == RESULT_GROUPS ? "GROUPS " : "",
                              c->code_name, c->what);
    }
  corpus_put (dir, "README.md", readme->str, readme->len);
  g_string_free (readme, TRUE);
}

static int
write_corpus (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("kindred-group-corpus-XXXXXX", &error);
  g_autofree char *invite = g_build_filename (dir, "good.kindred-invite", NULL);
  g_autofree char *scratch = NULL;
  g_autoptr(KindredKeyPair) f_sign = corpus_sign (F_SIGN);
  g_autoptr(KindredKeyPair) f_box = corpus_box (F_BOX);
  g_autoptr(KindredKeyPair) alice_sign = corpus_sign (ALICE_SIGN);
  g_autoptr(KindredKeyPair) alice_box = corpus_box (ALICE_BOX);
  g_autoptr(KindredKeyPair) bob_sign = corpus_sign (BOB_SIGN);
  g_autoptr(KindredKeyPair) carol_sign = corpus_sign (CAROL_SIGN);
  g_autoptr(KindredKeyPair) dee_sign = corpus_sign (DEE_SIGN);
  g_autoptr(KindredKeyPair) dee_box = corpus_box (DEE_BOX);
  g_autoptr(KindredKey) alpha = corpus_key (ALPHA_KEY);
  g_autoptr(KindredKey) beta = corpus_key (BETA_KEY);
  g_autoptr(KindredKey) gamma = corpus_key (GAMMA_KEY);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  Party fac = { 0, };
  Party alice = { 0, };
  Party bob = { 0, };
  Party carol = { 0, };
  KindredGroup *group_f;
  KindredGroup *group_alice;
  KindredGroup *group_bob;
  KindredGroup *group_carol;
  KindredGroupShare *facilitator_share = NULL;
  KindredGroupShare *share_3 = NULL;
  KindredGroupShare *late = NULL;
  char *share_1_id = NULL;

  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0755);
  scratch = g_build_filename (tmp, "scratch", NULL);
  party_set_up (&fac);
  party_set_up (&alice);
  party_set_up (&bob);
  party_set_up (&carol);
  g_ptr_array_add (entries, corpus_entry ());

  /* The facilitator, the invites, the joins, the roster */
  corpus_facilitator (&fac);
  group_f = kindred_groups_lookup_group (fac.groups, ALPHA);
  g_assert_true (kindred_groups_write_invite (fac.groups, group_f, CORPUS_PASSPHRASE, invite,
                                              &error));
  g_assert_no_error (error);
  {
    g_autofree char *other = g_build_filename (dir, "other-group.kindred-invite", NULL);

    g_assert_true (kindred_groups_write_invite (fac.groups,
                                                kindred_groups_lookup_group (fac.groups, BETA),
                                                CORPUS_PASSPHRASE, other, &error));
    g_assert_no_error (error);
  }
  {
    g_autofree char *join_alice = g_build_filename (dir, "good-join-alice.kindred-join", NULL);
    g_autofree char *join_bob = g_build_filename (dir, "good-join-bob.kindred-join", NULL);
    g_autofree char *update = g_build_filename (dir, "update.kindred-key-update", NULL);

    group_alice = corpus_join (&alice, invite, "Alice", ALICE_SIGN, ALICE_BOX, join_alice);
    group_bob = corpus_join (&bob, invite, "Bob", BOB_SIGN, BOB_BOX, join_bob);
    group_carol = corpus_join (&carol, invite, "Carol", CAROL_SIGN, CAROL_BOX, scratch);
    import_changed (&fac, join_alice, NULL);
    import_changed (&fac, join_bob, NULL);
    g_assert_true (kindred_groups_write_update (fac.groups, group_f, update, &error));
    g_assert_no_error (error);
    import_changed (&alice, update, NULL);
    import_changed (&bob, update, NULL);
  }

  /* Alice's shares, sequences 1 to 6 */
  {
    static const struct { const char *file; KindredShareAudience audience; } shares[] = {
      { "good-share-1.kindred-share", KINDRED_SHARE_AUDIENCE_GROUP },
      { "older-sequence.kindred-share", KINDRED_SHARE_AUDIENCE_GROUP },
      { "good-share-3.kindred-share", KINDRED_SHARE_AUDIENCE_GROUP },
      { "good-share-facilitator.kindred-share", KINDRED_SHARE_AUDIENCE_FACILITATOR },
      { "late-share.kindred-share", KINDRED_SHARE_AUDIENCE_GROUP },
      { "old-key.kindred-share", KINDRED_SHARE_AUDIENCE_GROUP },
    };

    for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
      {
        g_autofree char *path = g_build_filename (dir, shares[i].file, NULL);
        g_autoptr(KindredShareDraft) draft = build (&alice, group_alice, entries,
                                                    KINDRED_SHARE_LEVEL_EMOTIONS,
                                                    shares[i].audience, "Hello");
        KindredGroupShare *share = write_share (&alice, draft, path);

        g_assert_cmpint (kindred_group_share_get_sequence (share), ==, i + 1);
        if (i == 0)
          share_1_id = g_strdup (kindred_group_share_get_id (share));
        else if (i == 2)
          share_3 = share;
        else if (i == 3)
          facilitator_share = share;
        else if (i == 4)
          late = share;
      }
    {
      g_autofree char *path = g_build_filename (dir, "retraction.kindred-retraction", NULL);

      g_assert_true (kindred_groups_retract_share (alice.groups, share_3, path, &error));
      g_assert_no_error (error);
      g_free (path);
      path = g_build_filename (dir, "late-retraction.kindred-retraction", NULL);
      g_assert_true (kindred_groups_retract_share (alice.groups, late, path, &error));
      g_assert_no_error (error);
    }
  }

  /* Bob's share (he is removed later) and Carol's (never on the facilitator's roster) */
  {
    g_autofree char *path = g_build_filename (dir, "from-removed.kindred-share", NULL);
    g_autoptr(KindredShareDraft) draft = build (&bob, group_bob, entries,
                                                KINDRED_SHARE_LEVEL_MOOD,
                                                KINDRED_SHARE_AUDIENCE_GROUP, NULL);

    write_share (&bob, draft, path);
    import_changed (&fac, path, NULL);
    {
      g_autofree char *reply = g_build_filename (dir, "reply-for-bob.kindred-reply", NULL);
      KindredGroupShare *received =
        kindred_group_lookup_share (group_f, kindred_share_draft_get_share_id (draft));

      g_assert_nonnull (kindred_groups_write_reply (fac.groups, received, "Thank you, Bob.",
                                                    reply, &error));
      g_assert_no_error (error);
    }
  }
  {
    g_autofree char *path = g_build_filename (dir, "unknown-member.kindred-share", NULL);
    g_autoptr(KindredShareDraft) draft = build (&carol, group_carol, entries,
                                                KINDRED_SHARE_LEVEL_MOOD,
                                                KINDRED_SHARE_AUDIENCE_GROUP, NULL);

    write_share (&carol, draft, path);
  }

  /* By hand: what a broken or hostile writer could send */
  {
    g_autoptr(GBytes) good = corpus_read (dir, "good-share-1.kindred-share");
    gsize len;
    const guint8 *data = g_bytes_get_data (good, &len);
    g_autofree guint8 *flipped = g_memdup2 (data, len);
    g_autoptr(GBytes) resigned = NULL;
    g_autoptr(GBytes) by_bob = NULL;

    flipped[len - crypto_sign_BYTES - 5] ^= 0x01;
    corpus_put (dir, "tampered-ciphertext.kindred-share", flipped, len);
    resigned = corpus_resign (flipped, len, alice_sign);
    corpus_put_bytes (dir, "tampered-resigned.kindred-share", resigned);
    corpus_put (dir, "missing-signature.kindred-share", data, len - crypto_sign_BYTES);
    by_bob = corpus_resign (data, len, bob_sign);
    corpus_put_bytes (dir, "wrong-signature.kindred-share", by_bob);
    corpus_put (dir, "truncated.kindred-share", data, len - 100);
  }
  {
    /* The same share sealed again: a fresh nonce, the same id and sequence */
    g_autoptr(GBytes) good = corpus_read (dir, "good-share-1.kindred-share");
    g_autoptr(KindredEnvelope) envelope = kindred_envelope_open_bytes (good, "share", 1, &error);
    g_autoptr(JsonObject) header = json_object_new ();
    g_autoptr(GBytes) payload = NULL;
    g_autoptr(GBytes) again = NULL;
    KindredEnvelopeKeys keys = { 0, };
    static const char * const copied[] = {
      "group_id", "share_id", "sequence", "epoch", "audience", "shared_at"
    };

    g_assert_no_error (error);
    keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
    keys.secret_key = alpha;
    payload = kindred_envelope_open_payload (envelope, &keys, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
      json_object_set_member (header, copied[i],
                              json_node_copy (json_object_get_member (
                                kindred_envelope_get_header (envelope), copied[i])));
    again = kindred_envelope_write_bytes ("share", 1, header, payload, &keys, alice_sign, &error);
    g_assert_no_error (error);
    corpus_put_bytes (dir, "replayed-share.kindred-share", again);
  }
  {
    g_autoptr(GBytes) p_unsigned = corpus_share_payload (ALPHA, "00000000-0000-4000-8000-0000000000a7");
    g_autoptr(GBytes) unsigned_share = corpus_share (ALPHA, "00000000-0000-4000-8000-0000000000a7",
                                                     7, alpha, p_unsigned, NULL, 1);
    g_autoptr(GBytes) p_gamma = corpus_share_payload (GAMMA, "00000000-0000-4000-8000-0000000000a8");
    g_autoptr(GBytes) gamma_share = corpus_share (GAMMA, "00000000-0000-4000-8000-0000000000a8", 8,
                                                  gamma, p_gamma, alice_sign, 1);
    g_autoptr(GBytes) p_beta = corpus_share_payload (BETA, "00000000-0000-4000-8000-0000000000a9");
    g_autoptr(GBytes) beta_share = corpus_share (BETA, "00000000-0000-4000-8000-0000000000a9", 9,
                                                 beta, p_beta, alice_sign, 1);
    g_autoptr(GBytes) p_mixed = corpus_share_payload (BETA, "00000000-0000-4000-8000-0000000000aa");
    g_autoptr(GBytes) mixed = corpus_share (ALPHA, "00000000-0000-4000-8000-0000000000aa", 10,
                                            alpha, p_mixed, alice_sign, 1);
    g_autoptr(GBytes) p_newer = corpus_share_payload (ALPHA, "00000000-0000-4000-8000-0000000000ab");
    g_autoptr(GBytes) newer = corpus_share (ALPHA, "00000000-0000-4000-8000-0000000000ab", 11,
                                            alpha, p_newer, alice_sign, 2);
    g_autoptr(GBytes) p_text = g_bytes_new_static ("{\"group_id\": not json", 21);
    g_autoptr(GBytes) not_json = corpus_share (ALPHA, "00000000-0000-4000-8000-0000000000ac", 12,
                                               alpha, p_text, alice_sign, 1);
    GString *deep = g_string_new (NULL);
    g_autoptr(GBytes) p_deep = NULL;
    g_autoptr(GBytes) deep_share = NULL;

    for (int i = 0; i < 20000; i++)
      g_string_append_c (deep, '[');
    for (int i = 0; i < 20000; i++)
      g_string_append_c (deep, ']');
    p_deep = g_string_free_to_bytes (deep);
    deep_share = corpus_share (ALPHA, "00000000-0000-4000-8000-0000000000ad", 13, alpha, p_deep,
                               alice_sign, 1);

    corpus_put_bytes (dir, "unsigned.kindred-share", unsigned_share);
    corpus_put_bytes (dir, "unknown-group.kindred-share", gamma_share);
    corpus_put_bytes (dir, "other-group.kindred-share", beta_share);
    corpus_put_bytes (dir, "mismatched-group.kindred-share", mixed);
    corpus_put_bytes (dir, "newer-version.kindred-share", newer);
    corpus_put_bytes (dir, "not-json-payload.kindred-share", not_json);
    corpus_put_bytes (dir, "deep-nesting-payload.kindred-share", deep_share);
  }
  {
    static const char text[] = "This is a note, not a Kindred file.\n";
    GString *deep = g_string_new ("{\"kindred\":\"share\",\"version\":1,\"seal\":\"none\",\"x\":");
    g_autoptr(JsonObject) header = json_object_new ();
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(GBytes) sync = NULL;

    corpus_put (dir, "not-json.kindred-share", text, strlen (text));
    for (int i = 0; i < 40; i++)
      g_string_append_c (deep, '[');
    for (int i = 0; i < 40; i++)
      g_string_append_c (deep, ']');
    g_string_append (deep, ",\"payload_size\":0}\n");
    corpus_put (dir, "deep-nesting-header.kindred-share", deep->str, deep->len);
    g_string_free (deep, TRUE);

    json_object_set_string_member (header, "group_id", ALPHA);
    json_object_set_string_member (payload, "group_id", ALPHA);
    sync = corpus_envelope ("sync", header, payload, NULL, alice_sign);
    corpus_put_bytes (dir, "wrong-kind.kindred-share", sync);
  }
  {
    /* A join: well formed, sealed, signed, and too large for its kind */
    g_autoptr(JsonObject) header = json_object_new ();
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *padding = g_strnfill (70 * 1024, 'x');
    KindredEnvelopeKeys keys = { 0, };

    keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
    keys.secret_key = alpha;
    json_object_set_string_member (header, "group_id", ALPHA);
    json_object_set_int_member (header, "epoch", 1);
    json_object_set_string_member (payload, "group_id", ALPHA);
    json_object_set_string_member (payload, "pseudonym", "Dee");
    set_key (payload, "sign_key", kindred_key_pair_get_public (dee_sign), KINDRED_SIGN_PUBLIC_SIZE);
    set_key (payload, "box_key", kindred_key_pair_get_public (dee_box), KINDRED_BOX_PUBLIC_SIZE);
    json_object_set_boolean_member (payload, "accepted_rules", TRUE);
    json_object_set_string_member (payload, "padding", padding);
    bytes = corpus_envelope ("join", header, payload, &keys, dee_sign);
    corpus_put_bytes (dir, "oversize-join.kindred-join", bytes);

    /* Dee's keys, Carol's signature */
    json_object_remove_member (payload, "padding");
    g_clear_pointer (&bytes, g_bytes_unref);
    bytes = corpus_envelope ("join", header, payload, &keys, carol_sign);
    corpus_put_bytes (dir, "wrong-keys.kindred-join", bytes);

    /* Dee did not accept the rules */
    json_object_set_boolean_member (payload, "accepted_rules", FALSE);
    g_clear_pointer (&bytes, g_bytes_unref);
    bytes = corpus_envelope ("join", header, payload, &keys, dee_sign);
    corpus_put_bytes (dir, "not-accepted.kindred-join", bytes);
  }
  {
    /* The good invite asking for far more Argon2id work, signed again */
    g_autoptr(GBytes) good = corpus_read (dir, "good.kindred-invite");
    gsize len;
    const char *data = g_bytes_get_data (good, &len);
    const char *newline = memchr (data, '\n', len);
    g_autofree char *line = g_strndup (data, (gsize) (newline - data));
    g_auto(GStrv) parts = g_strsplit (line, "\"opslimit\":1,", 2);
    g_autofree char *changed = NULL;
    g_autoptr(GByteArray) out = g_byte_array_new ();
    g_autoptr(GBytes) signed_again = NULL;

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    changed = g_strjoin ("\"opslimit\":4294967295,", parts[0], parts[1], NULL);
    g_byte_array_append (out, (const guint8 *) changed, (guint) strlen (changed));
    g_byte_array_append (out, (const guint8 *) newline,
                         (guint) (len - (gsize) (newline - data)));
    signed_again = corpus_resign (out->data, out->len, f_sign);
    corpus_put_bytes (dir, "kdf-caps.kindred-invite", signed_again);
  }
  {
    /* An invite naming the facilitator's keys, signed by Bob */
    g_autoptr(JsonObject) header = json_object_new ();
    g_autoptr(JsonObject) payload = json_object_new ();
    JsonObject *facilitator = json_object_new ();
    g_autoptr(GBytes) bytes = NULL;
    KindredEnvelopeKeys keys = { 0, };

    json_object_set_string_member (header, "group_id", ALPHA);
    json_object_set_int_member (header, "epoch", 1);
    json_object_set_string_member (payload, "group_id", ALPHA);
    json_object_set_int_member (payload, "epoch", 1);
    json_object_set_int_member (payload, "serial", 0);
    json_object_set_string_member (payload, "name", "Alpha circle");
    json_object_set_string_member (payload, "description", "");
    json_object_set_string_member (payload, "meets", "");
    json_object_set_string_member (payload, "ground_rules", "");
    json_object_set_string_member (payload, "escalation_note", "");
    json_object_set_string_member (facilitator, "pseudonym", "Sam");
    set_key (facilitator, "sign_key", kindred_key_pair_get_public (f_sign), KINDRED_SIGN_PUBLIC_SIZE);
    set_key (facilitator, "box_key", kindred_key_pair_get_public (f_box), KINDRED_BOX_PUBLIC_SIZE);
    json_object_set_object_member (payload, "facilitator", facilitator);
    set_key (payload, "group_key", kindred_key_get_data (alpha), KINDRED_KEY_SIZE);
    json_object_set_array_member (payload, "members", json_array_new ());
    keys.seal = KINDRED_ENVELOPE_SEAL_PASSPHRASE;
    keys.passphrase = CORPUS_PASSPHRASE;
    keys.kdf_opslimit = CHEAP_OPS;
    keys.kdf_memlimit = CHEAP_MEM;
    bytes = corpus_envelope ("invite", header, payload, &keys, bob_sign);
    corpus_put_bytes (dir, "wrong-signer.kindred-invite", bytes);
  }
  {
    /* A reply sealed to Alice, signed by Bob */
    g_autoptr(JsonObject) header = json_object_new ();
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(GBytes) bytes = NULL;
    KindredEnvelopeKeys keys = { 0, };
    const char *share_id = kindred_group_share_get_id (facilitator_share);

    json_object_set_string_member (header, "group_id", ALPHA);
    json_object_set_string_member (header, "share_id", share_id);
    json_object_set_string_member (header, "reply_id", "00000000-0000-4000-8000-0000000000b1");
    json_object_set_string_member (payload, "group_id", ALPHA);
    json_object_set_string_member (payload, "share_id", share_id);
    json_object_set_string_member (payload, "reply_id", "00000000-0000-4000-8000-0000000000b1");
    json_object_set_string_member (payload, "text", "Not from the facilitator.");
    json_object_set_int_member (payload, "written_at", CORPUS_NOW);
    keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
    keys.recipient_public = kindred_key_pair_get_public (alice_box);
    bytes = corpus_envelope ("reply", header, payload, &keys, bob_sign);
    corpus_put_bytes (dir, "wrong-signer.kindred-reply", bytes);
  }
  {
    /* Bob taking back Alice's share */
    g_autoptr(JsonObject) header = json_object_new ();
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(GBytes) bytes = NULL;
    KindredEnvelopeKeys keys = { 0, };

    json_object_set_string_member (header, "group_id", ALPHA);
    json_object_set_string_member (header, "share_id", share_1_id);
    json_object_set_int_member (header, "epoch", 1);
    json_object_set_string_member (header, "audience", "group");
    json_object_set_string_member (payload, "group_id", ALPHA);
    json_object_set_string_member (payload, "share_id", share_1_id);
    json_object_set_int_member (payload, "retracted_at", CORPUS_NOW);
    keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
    keys.secret_key = alpha;
    bytes = corpus_envelope ("retraction", header, payload, &keys, bob_sign);
    corpus_put_bytes (dir, "wrong-signer.kindred-retraction", bytes);
  }

  corpus_write_readme (dir);

  g_free (share_1_id);
  party_tear_down (&fac);
  party_tear_down (&alice);
  party_tear_down (&bob);
  party_tear_down (&carol);
  remove_tree (tmp);
  return 0;
}

/* Deterministic random numbers for --write-corpus, as in test-envelope.c */

static guint8 corpus_seed[randombytes_SEEDBYTES];
static guint64 corpus_counter;

static const char *
corpus_random_name (void)
{
  return "kindred-test-groups-corpus";
}

static void
corpus_random_buf (void * const buf,
                   const size_t size)
{
  guint8 block_seed[randombytes_SEEDBYTES];
  guint8 counter[8];

  for (int i = 0; i < 8; i++)
    counter[i] = (guint8) (corpus_counter >> (8 * i));
  corpus_counter++;
  crypto_generichash (block_seed, sizeof block_seed, counter, sizeof counter,
                      corpus_seed, sizeof corpus_seed);
  randombytes_buf_deterministic (buf, size, block_seed);
}

static uint32_t
corpus_random (void)
{
  uint32_t value;

  corpus_random_buf (&value, sizeof value);
  return value;
}

static randombytes_implementation corpus_random_impl = {
  .implementation_name = corpus_random_name,
  .random = corpus_random,
  .buf = corpus_random_buf,
};

static char *
corpus_dir (void)
{
  const char *data = g_getenv ("KINDRED_TEST_DATA");

  if (data == NULL)
    data = "tests/data";
  return g_build_filename (data, "groups", NULL);
}

static void
test_corpus_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = corpus_dir ();
  g_autofree char *invite = g_build_filename (dir, "good.kindred-invite", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("kindred-group-corpus-XXXXXX", &error);
  g_autofree char *join = g_build_filename (tmp, "alice.kindred-join", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  Party fac = { 0, };
  Party alice = { 0, };
  gboolean rotated = FALSE;

  g_assert_no_error (error);
  party_set_up (&fac);
  party_set_up (&alice);
  corpus_facilitator (&fac);
  corpus_join (&alice, invite, "Alice", ALICE_SIGN, ALICE_BOX, join);

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      const CorpusCase *c = &corpus[i];
      g_autofree char *path = g_build_filename (dir, c->file, NULL);
      Party *party = c->who == BY_ALICE ? &alice : &fac;
      KindredGroup *expected = c->expected_group != NULL ?
                               kindred_groups_lookup_group (fac.groups, c->expected_group) : NULL;

      g_test_message ("%s: %s", c->file, c->what);
      if (c->after_rotation && !rotated)
        {
          g_autofree char *update = g_build_filename (tmp, "rotation.kindred-key-update", NULL);
          KindredGroup *group = kindred_groups_lookup_group (fac.groups, ALPHA);

          g_assert_true (kindred_groups_remove_member (fac.groups, group,
                                                       member_named (group, "Bob"), update,
                                                       &error));
          g_assert_no_error (error);
          rotated = TRUE;

          /* The file too large to read, sparse: no disk space and no reading */
          {
            g_autofree char *huge = g_build_filename (tmp, "oversize.kindred-share", NULL);
            int fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);

            g_assert_cmpint (fd, >=, 0);
            g_assert_cmpint (ftruncate (fd, KINDRED_GROUPS_MAX_SHARE_SIZE + 1), ==, 0);
            close (fd);
            import_fails (&fac, huge, NULL, KINDRED_ENVELOPE_ERROR,
                          KINDRED_ENVELOPE_ERROR_TOO_LARGE);
          }
        }

      switch (c->who == BY_INVITE ? RESULT_OPENS + 100 : (int) c->result)
        {
        case RESULT_CHANGED:
          import_changed (party, path, expected);
          break;
        case RESULT_UNCHANGED:
          import_unchanged (party, path, expected);
          break;
        case RESULT_ENVELOPE:
          import_fails (party, path, expected, KINDRED_ENVELOPE_ERROR, c->code);
          break;
        case RESULT_GROUPS:
          import_fails (party, path, expected, KINDRED_GROUPS_ERROR, c->code);
          break;
        default:
          {
            Party reader = { 0, };
            g_autoptr(KindredGroupInvite) opened = NULL;

            party_set_up (&reader);
            opened = kindred_groups_read_invite (reader.groups, path, c->passphrase, &error);
            if (c->result == RESULT_OPENS)
              {
                g_assert_no_error (error);
                g_assert_cmpstr (kindred_group_invite_get_group_id (opened), ==, ALPHA);
              }
            else
              {
                GQuark domain = c->result == RESULT_ENVELOPE ? KINDRED_ENVELOPE_ERROR :
                                                               KINDRED_GROUPS_ERROR;

                g_assert_error (error, domain, c->code);
                g_assert_null (opened);
                g_clear_error (&error);
              }
            g_clear_object (&opened);
            party_tear_down (&reader);
          }
        }
      g_hash_table_add (seen, GINT_TO_POINTER (c->result * 100 + c->code));
    }

  /* Every file in the folder is in the table */
  {
    g_autoptr(GDir) folder = g_dir_open (dir, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (folder)) != NULL)
      {
        gboolean found = g_str_equal (name, "README.md");

        for (guint i = 0; i < G_N_ELEMENTS (corpus) && !found; i++)
          found = g_str_equal (name, corpus[i].file);
        if (!found)
          g_error ("tests/data/groups/%s is not in the corpus table", name);
      }
  }

  party_tear_down (&fac);
  party_tear_down (&alice);
  remove_tree (tmp);
}

static void
test_corpus_reproducible (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("kindred-group-corpus-XXXXXX", &error);
  g_autofree char *out = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *committed = corpus_dir ();
  const char *argv[] = { self_exe, "--write-corpus", out, NULL };
  g_autoptr(GDir) folder = NULL;
  const char *name;
  guint n_made = 0;
  guint n_there = 0;
  int status = -1;

  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  folder = g_dir_open (out, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autoptr(GBytes) made = corpus_read (out, name);
      g_autofree char *there_path = g_build_filename (committed, name, NULL);
      g_autoptr(GBytes) there = NULL;

      n_made++;
      if (!g_file_test (there_path, G_FILE_TEST_EXISTS))
        g_error ("--write-corpus makes %s, which tests/data/groups/ lacks", name);
      there = corpus_read (committed, name);
      if (!g_bytes_equal (made, there))
        g_error ("tests/data/groups/%s differs from what --write-corpus makes now", name);
    }
  g_clear_pointer (&folder, g_dir_close);
  folder = g_dir_open (committed, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (folder) != NULL)
    n_there++;
  g_assert_cmpuint (n_made, ==, n_there);

  remove_tree (tmp);
}

/* ------------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  if (argc == 3 && g_str_equal (argv[1], "--write-corpus"))
    {
      /* Before anything starts libsodium: its generator is chosen once */
      memset (corpus_seed, 0x6b, sizeof corpus_seed);
      randombytes_set_implementation (&corpus_random_impl);
      if (sodium_init () < 0)
        return 1;
      return write_corpus (argv[2]);
    }

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (sodium_init () < 0)
    return 1;
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/groups/flow/three-parties", Fixture, NULL, fixture_set_up, test_groups_flow,
              fixture_tear_down);
  g_test_add ("/groups/flow/several-groups", Fixture, NULL, fixture_set_up, test_groups_several,
              fixture_tear_down);
  g_test_add ("/groups/flow/reopen", Fixture, NULL, fixture_set_up, test_groups_reopen,
              fixture_tear_down);
  g_test_add ("/groups/flow/all-or-nothing", Fixture, NULL, fixture_set_up,
              test_groups_all_or_nothing, fixture_tear_down);
  g_test_add ("/groups/flow/async-and-watch", Fixture, NULL, fixture_set_up, test_groups_async,
              fixture_tear_down);

  g_test_add_func ("/groups/corpus/files", test_corpus_files);
  g_test_add_func ("/groups/corpus/reproducible", test_corpus_reproducible);

  return g_test_run ();
}

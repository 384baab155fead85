/* test-keys.c: keys, recovery keys, Argon2id and the sidecar (no keyring needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "kindred-core.h"

/* Tests use libsodium's smallest Argon2id cost: the function is the same, only faster. */
#define CHEAP_OPS crypto_pwhash_OPSLIMIT_MIN
#define CHEAP_MEM crypto_pwhash_MEMLIMIT_MIN

static const guint8 fixed_bytes[KINDRED_KEY_SIZE] = {
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
  0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

static const char *
data_dir (void)
{
  const char *dir = g_getenv ("KINDRED_TEST_DATA");

  g_assert_nonnull (dir);
  return dir;
}

static void
test_keys_hex_round_trip (void)
{
  for (int i = 0; i < 20; i++)
    {
      g_autoptr(KindredKey) key = kindred_key_new_random ();
      g_autoptr(KindredKey) back = NULL;
      g_autoptr(GError) error = NULL;
      char *hex = kindred_key_to_hex (key);

      g_assert_cmpuint (strlen (hex), ==, 64);
      for (const char *p = hex; *p; p++)
        g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));

      back = kindred_key_new_from_hex (hex, &error);
      g_assert_no_error (error);
      g_assert_true (kindred_key_equal (key, back));
      kindred_secret_free (hex);
    }
}

static void
test_keys_hex_known (void)
{
  g_autoptr(KindredKey) key = kindred_key_new_from_data (fixed_bytes, sizeof fixed_bytes);
  g_autoptr(KindredKey) upper = NULL;
  g_autoptr(GError) error = NULL;
  char *hex = kindred_key_to_hex (key);

  g_assert_cmpstr (hex, ==, "000102030405060708090a0b0c0d0e0f1011121314151617f8f9fafbfcfdfeff");
  kindred_secret_free (hex);

  /* trimmed and case-insensitive */
  upper = kindred_key_new_from_hex ("  000102030405060708090A0B0C0D0E0F"
                                    "1011121314151617F8F9FAFBFCFDFEFF\n", &error);
  g_assert_no_error (error);
  g_assert_true (kindred_key_equal (key, upper));
}

static void
test_keys_hex_bad (void)
{
  const char *bad[] = {
    "",
    "00",
    /* 63 characters */
    "000102030405060708090a0b0c0d0e0f1011121314151617f8f9fafbfcfdfef",
    /* 65 characters */
    "000102030405060708090a0b0c0d0e0f1011121314151617f8f9fafbfcfdfeff0",
    /* a non-hex character */
    "000102030405060708090a0b0c0d0e0f1011121314151617f8f9fafbfcfdfeg0",
    /* a space inside */
    "00010203040506070809 a0b0c0d0e0f1011121314151617f8f9fafbfcfdfeff",
    "0x0102030405060708090a0b0c0d0e0f1011121314151617f8f9fafbfcfdfeff",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KindredKey) key = kindred_key_new_from_hex (bad[i], &error);

      g_assert_null (key);
      g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT);
    }
}

static void
test_keys_recovery_round_trip (void)
{
  for (int i = 0; i < 50; i++)
    {
      g_autoptr(KindredKey) key = kindred_key_new_random ();
      g_autoptr(KindredKey) back = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) groups = NULL;
      char *recovery = kindred_key_to_recovery (key);

      /* 13 groups for the 256 bits and one check group */
      groups = g_strsplit (recovery, "-", -1);
      g_assert_cmpuint (g_strv_length (groups), ==, 14);
      for (guint g = 0; groups[g] != NULL; g++)
        {
          g_assert_cmpuint (strlen (groups[g]), ==, 4);
          for (const char *p = groups[g]; *p; p++)
            g_assert_nonnull (strchr ("0123456789ABCDEFGHJKMNPQRSTVWXYZ", *p));
        }

      back = kindred_key_new_from_recovery (recovery, &error);
      g_assert_no_error (error);
      g_assert_true (kindred_key_equal (key, back));
      kindred_secret_free (recovery);
    }
}

static void
test_keys_recovery_typo (void)
{
  g_autoptr(KindredKey) key = kindred_key_new_from_data (fixed_bytes, sizeof fixed_bytes);
  char *recovery = kindred_key_to_recovery (key);
  gsize len = strlen (recovery);
  guint tried = 0;

  /* Every single-character change anywhere is caught. */
  for (gsize i = 0; i < len; i++)
    {
      if (recovery[i] == '-')
        continue;

      for (const char *c = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; *c; c++)
        {
          g_autofree char *typo = g_strdup (recovery);
          g_autoptr(GError) error = NULL;
          g_autoptr(KindredKey) back = NULL;

          if (*c == recovery[i])
            continue;

          typo[i] = *c;
          back = kindred_key_new_from_recovery (typo, &error);
          g_assert_null (back);
          g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT);
          tried++;
        }
    }
  g_assert_cmpuint (tried, ==, 56 * 31);

  /* a missing group, an extra character, a letter Crockford leaves out */
  {
    g_autofree char *shorter = g_strndup (recovery, len - 5);
    g_autofree char *longer = g_strconcat (recovery, "0", NULL);
    g_autofree char *with_u = g_strdup (recovery);
    const char *bad[] = { shorter, longer, with_u, "", "----" };

    with_u[0] = 'U';
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(KindredKey) back = kindred_key_new_from_recovery (bad[i], &error);

        g_assert_null (back);
        g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_FORMAT);
      }
  }

  kindred_secret_free (recovery);
}

static void
test_keys_recovery_tolerant (void)
{
  g_autoptr(KindredKey) key = kindred_key_new_from_data (fixed_bytes, sizeof fixed_bytes);
  char *recovery = kindred_key_to_recovery (key);
  g_autoptr(GString) sloppy = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) back = NULL;
  gboolean had_zero = FALSE, had_one = FALSE;

  /* Lowercase, spaces instead of dashes, O for 0 and l/I for 1. */
  for (const char *p = recovery; *p; p++)
    {
      if (*p == '-')
        g_string_append (sloppy, "  ");
      else if (*p == '0')
        {
          g_string_append_c (sloppy, 'o');
          had_zero = TRUE;
        }
      else if (*p == '1')
        {
          g_string_append_c (sloppy, had_one ? 'I' : 'l');
          had_one = TRUE;
        }
      else
        g_string_append_c (sloppy, g_ascii_tolower (*p));
    }
  g_assert_true (had_zero);
  g_assert_true (had_one);

  back = kindred_key_new_from_recovery (sloppy->str, &error);
  g_assert_no_error (error);
  g_assert_true (kindred_key_equal (key, back));

  /* and with no separators at all */
  {
    g_autofree char *joined = NULL;
    g_auto(GStrv) parts = g_strsplit (recovery, "-", -1);
    g_autoptr(KindredKey) again = NULL;

    joined = g_strjoinv ("", parts);
    again = kindred_key_new_from_recovery (joined, &error);
    g_assert_no_error (error);
    g_assert_true (kindred_key_equal (key, again));
  }

  kindred_secret_free (recovery);
}

static void
test_keys_derive_deterministic (void)
{
  guint8 salt[KINDRED_KEY_SALT_SIZE];
  guint8 other_salt[KINDRED_KEY_SALT_SIZE];
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) a = NULL;
  g_autoptr(KindredKey) b = NULL;
  g_autoptr(KindredKey) c = NULL;
  g_autoptr(KindredKey) d = NULL;

  memset (salt, 7, sizeof salt);
  memcpy (other_salt, salt, sizeof salt);
  other_salt[15] ^= 1;

  a = kindred_key_derive ("correct horse battery", salt, CHEAP_OPS, CHEAP_MEM, &error);
  g_assert_no_error (error);
  b = kindred_key_derive ("correct horse battery", salt, CHEAP_OPS, CHEAP_MEM, &error);
  g_assert_no_error (error);
  c = kindred_key_derive ("correct horse battery", other_salt, CHEAP_OPS, CHEAP_MEM, &error);
  g_assert_no_error (error);
  d = kindred_key_derive ("correct horse batterz", salt, CHEAP_OPS, CHEAP_MEM, &error);
  g_assert_no_error (error);

  g_assert_true (kindred_key_equal (a, b));
  g_assert_false (kindred_key_equal (a, c));
  g_assert_false (kindred_key_equal (a, d));

  /* libsodium's own Argon2id gives the same bytes: no hidden extra step */
  {
    guint8 expected[KINDRED_KEY_SIZE];

    g_assert_cmpint (crypto_pwhash (expected, sizeof expected, "correct horse battery",
                                    strlen ("correct horse battery"), salt, CHEAP_OPS,
                                    CHEAP_MEM, crypto_pwhash_ALG_ARGON2ID13), ==, 0);
    g_assert_cmpmem (kindred_key_get_data (a), KINDRED_KEY_SIZE, expected, sizeof expected);
  }
}

static void
test_keys_derive_weak (void)
{
  guint8 salt[KINDRED_KEY_SALT_SIZE] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;

  key = kindred_key_derive ("short", salt, CHEAP_OPS, CHEAP_MEM, &error);
  g_assert_null (key);
  g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);

  /* 7 characters but 14 bytes: characters are what count */
  key = kindred_key_derive ("ééééééé", salt, CHEAP_OPS, CHEAP_MEM, &error);
  g_assert_null (key);
  g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);

  key = kindred_key_derive ("éééééééé", salt, CHEAP_OPS, CHEAP_MEM, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
}

static void
test_keys_derive_caps (void)
{
  guint8 salt[KINDRED_KEY_SALT_SIZE] = { 0 };
  struct { guint64 ops; gsize mem; } bad[] = {
    { KINDRED_KEY_KDF_OPSLIMIT_MAX + 1, CHEAP_MEM },
    { CHEAP_OPS, (gsize) KINDRED_KEY_KDF_MEMLIMIT_MAX + 1 },
    { 0, CHEAP_MEM },
    { CHEAP_OPS, crypto_pwhash_MEMLIMIT_MIN - 1 },
    { G_MAXUINT64, G_MAXSIZE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KindredKey) key = NULL;

      key = kindred_key_derive ("long enough passphrase", salt, bad[i].ops, bad[i].mem, &error);
      g_assert_null (key);
      g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR);
    }

  /* the defaults are within the caps */
  g_assert_cmpuint (KINDRED_KEY_KDF_OPSLIMIT, <=, KINDRED_KEY_KDF_OPSLIMIT_MAX);
  g_assert_cmpuint (KINDRED_KEY_KDF_MEMLIMIT, <=, KINDRED_KEY_KDF_MEMLIMIT_MAX);
  g_assert_cmpuint (KINDRED_KEY_KDF_OPSLIMIT, >=, crypto_pwhash_OPSLIMIT_MIN);
  g_assert_cmpuint (KINDRED_KEY_KDF_MEMLIMIT, >=, crypto_pwhash_MEMLIMIT_MIN);
}

static void
test_keys_check_value (void)
{
  g_autoptr(KindredKey) a = kindred_key_new_from_data (fixed_bytes, sizeof fixed_bytes);
  g_autoptr(KindredKey) b = kindred_key_new_from_data (fixed_bytes, sizeof fixed_bytes);
  g_autoptr(KindredKey) c = kindred_key_new_random ();
  g_autofree char *check_a = kindred_key_check_value (a);
  g_autofree char *check_b = kindred_key_check_value (b);
  g_autofree char *check_c = kindred_key_check_value (c);
  char *hex = kindred_key_to_hex (a);

  g_assert_cmpuint (strlen (check_a), ==, 32);
  g_assert_cmpstr (check_a, ==, check_b);
  g_assert_cmpstr (check_a, !=, check_c);
  /* it reveals nothing of the key: not a piece of its hex */
  g_assert_null (strstr (hex, check_a));
  g_assert_false (g_str_has_prefix (hex, check_a));
  kindred_secret_free (hex);
}

static void
test_keys_ref_unref (void)
{
  KindredKey *key = kindred_key_new_random ();
  GType type = KINDRED_TYPE_KEY;
  KindredKey *copy;

  g_assert_true (G_TYPE_IS_BOXED (type));
  copy = g_boxed_copy (type, key);
  g_assert_true (copy == key);
  g_boxed_free (type, copy);
  kindred_key_unref (key);

  kindred_secret_free (NULL);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kindred-keys-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_keys_sidecar_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.json", NULL);
  g_autoptr(KindredSidecar) sidecar = kindred_sidecar_new ();
  g_autoptr(KindredSidecar) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autoptr(KindredKey) old_key = kindred_key_new_random ();
  g_autofree char *text = NULL;
  GStatBuf st;

  sidecar->journal_id = g_strdup (uuid);
  sidecar->current.mode = KINDRED_KEY_MODE_PASSPHRASE;
  sidecar->current.key_check = kindred_key_check_value (key);
  randombytes_buf (sidecar->current.salt, sizeof sidecar->current.salt);
  sidecar->current.opslimit = KINDRED_KEY_KDF_OPSLIMIT;
  sidecar->current.memlimit = KINDRED_KEY_KDF_MEMLIMIT;
  sidecar->previous = g_new0 (KindredKeySlot, 1);
  sidecar->previous->mode = KINDRED_KEY_MODE_KEYRING;
  sidecar->previous->key_check = kindred_key_check_value (old_key);

  kindred_sidecar_save (sidecar, path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* the key itself is never in the file */
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  {
    char *hex = kindred_key_to_hex (key);

    g_assert_null (strstr (text, hex));
    kindred_secret_free (hex);
  }

  back = kindred_sidecar_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->journal_id, ==, uuid);
  g_assert_cmpint (back->current.mode, ==, KINDRED_KEY_MODE_PASSPHRASE);
  g_assert_cmpstr (back->current.key_check, ==, sidecar->current.key_check);
  g_assert_cmpmem (back->current.salt, KINDRED_KEY_SALT_SIZE,
                   sidecar->current.salt, KINDRED_KEY_SALT_SIZE);
  g_assert_cmpuint (back->current.opslimit, ==, KINDRED_KEY_KDF_OPSLIMIT);
  g_assert_cmpuint (back->current.memlimit, ==, KINDRED_KEY_KDF_MEMLIMIT);
  g_assert_nonnull (back->previous);
  g_assert_cmpint (back->previous->mode, ==, KINDRED_KEY_MODE_KEYRING);
  g_assert_cmpstr (back->previous->key_check, ==, sidecar->previous->key_check);

  /* and without "previous" after the re-key is done */
  kindred_key_slot_clear (back->previous);
  g_clear_pointer (&back->previous, g_free);
  kindred_sidecar_save (back, path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&back, kindred_sidecar_free);
  back = kindred_sidecar_load (path, &error);
  g_assert_no_error (error);
  g_assert_null (back->previous);

  /* slot copy */
  {
    KindredKeySlot copy = { 0 };

    kindred_key_slot_copy (&copy, &sidecar->current);
    g_assert_cmpstr (copy.key_check, ==, sidecar->current.key_check);
    g_assert_true (copy.key_check != sidecar->current.key_check);
    kindred_key_slot_clear (&copy);
  }

  remove_tmp_dir (dir);
}

static void
test_keys_sidecar_missing (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSidecar) sidecar = kindred_sidecar_load (path, &error);

  g_assert_null (sidecar);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  remove_tmp_dir (dir);
}

static void
test_keys_sidecar_bad (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = g_build_filename (data_dir (), "keys", name, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSidecar) sidecar = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &before, &len, NULL));

  sidecar = kindred_sidecar_load (path, &error);
  g_assert_null (sidecar);
  g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR);
  g_test_message ("%s: %s", name, error->message);

  if (g_str_equal (name, "newer-format.json"))
    g_assert_nonnull (strstr (error->message, "newer"));

  /* refusing a file never changes it */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpmem (before, len, after, strlen (after));
}

static void
test_keys_sidecar_directory (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredSidecar) sidecar = kindred_sidecar_load (dir, &error);

  g_assert_null (sidecar);
  g_assert_error (error, KINDRED_KEYS_ERROR, KINDRED_KEYS_ERROR_BAD_SIDECAR);
  remove_tmp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  static const char *bad_sidecars[] = {
    "too-big.json",
    "too-deep.json",
    "not-json.json",
    "not-object.json",
    "newer-format.json",
    "missing-field.json",
    "wrong-type.json",
    "bad-mode.json",
    "wrong-salt-length.json",
    "huge-memlimit.json",
    "huge-opslimit.json",
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keys/hex/round-trip", test_keys_hex_round_trip);
  g_test_add_func ("/keys/hex/known", test_keys_hex_known);
  g_test_add_func ("/keys/hex/bad", test_keys_hex_bad);
  g_test_add_func ("/keys/recovery/round-trip", test_keys_recovery_round_trip);
  g_test_add_func ("/keys/recovery/typo", test_keys_recovery_typo);
  g_test_add_func ("/keys/recovery/tolerant", test_keys_recovery_tolerant);
  g_test_add_func ("/keys/derive/deterministic", test_keys_derive_deterministic);
  g_test_add_func ("/keys/derive/weak", test_keys_derive_weak);
  g_test_add_func ("/keys/derive/caps", test_keys_derive_caps);
  g_test_add_func ("/keys/check-value/differs", test_keys_check_value);
  g_test_add_func ("/keys/key/ref-unref", test_keys_ref_unref);
  g_test_add_func ("/keys/sidecar/round-trip", test_keys_sidecar_round_trip);
  g_test_add_func ("/keys/sidecar/missing", test_keys_sidecar_missing);
  g_test_add_func ("/keys/sidecar/directory", test_keys_sidecar_directory);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_sidecars); i++)
    {
      g_autofree char *path = g_strdup_printf ("/keys/sidecar/bad/%s", bad_sidecars[i]);

      g_test_add_data_func (path, bad_sidecars[i], test_keys_sidecar_bad);
    }

  return g_test_run ();
}

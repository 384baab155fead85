/* kindred-groups.c: peer support groups: their tables in the journal, the models, and
 * every group file written or imported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FORMATS.md ("Groups") documents each file kind: change the two together.  Every
 * byte that leaves or arrives goes through envelope/.
 *
 * An import runs in three steps, so that the slow part can leave the main thread:
 *   prepare  open, verify, decrypt and parse the file (reads the journal, writes
 *            nothing; any thread);
 *   apply    one transaction that checks again what may have changed meanwhile
 *            (duplicates, sequence numbers, the roster) and writes (any thread);
 *   refresh  brings the models up to date from the journal (the thread that made
 *            KindredGroups).
 * Writing a file that changes the journal (a share, a join, a removal…) writes the
 * file inside the transaction: when the file cannot be written nothing is stored,
 * and when the transaction fails the file is removed again.
 */

#define G_LOG_DOMAIN "kindred-groups"

#include "config.h"

#include "groups/kindred-groups.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "groups/kindred-groups-private.h"
#include "kindred-folder-watch.h"
#include "store/kindred-store-private.h"

#define SCHEMA_KEY      "groups.schema"
#define SCHEMA_VERSION  1
#define MAX_ID_CHARS    100

struct _KindredGroups
{
  GObject        parent_instance;

  KindredStore  *store;
  GListStore    *groups;
  GHashTable    *by_id;          /* group id → KindredGroup (owned by @groups too) */
  GPtrArray     *watches;        /* KindredFolderWatch */
  GFile         *watched_folder;
  GCancellable  *cancellable;    /* the watched folder's imports */
  GQueue         watch_queue;    /* GFile: files waiting to be imported, in order */
  gboolean       watch_busy;     /* one of them is being imported */
  guint64        kdf_opslimit;
  gsize          kdf_memlimit;
  gint64         fixed_now;      /* tests: 0 = the clock */
};

G_DEFINE_FINAL_TYPE (KindredGroups, kindred_groups, G_TYPE_OBJECT)

G_DEFINE_QUARK (kindred-groups-error-quark, kindred_groups_error)

G_DEFINE_BOXED_TYPE (KindredGroupMoodWeek, kindred_group_mood_week,
                     kindred_group_mood_week_copy, kindred_group_mood_week_free)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_GROUPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_IMPORTED,
  SIGNAL_IMPORT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS groups ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  role INTEGER NOT NULL,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  description TEXT NOT NULL DEFAULT '',"
  "  meets TEXT NOT NULL DEFAULT '',"
  "  ground_rules TEXT NOT NULL DEFAULT '',"
  "  escalation_note TEXT NOT NULL DEFAULT '',"
  "  pseudonym TEXT NOT NULL DEFAULT '',"
  "  facilitator_pseudonym TEXT NOT NULL DEFAULT '',"
  "  facilitator_sign BLOB NOT NULL,"
  "  facilitator_box BLOB NOT NULL,"
  "  sign_secret BLOB NOT NULL,"
  "  box_secret BLOB NOT NULL,"
  "  epoch INTEGER NOT NULL,"
  "  serial INTEGER NOT NULL DEFAULT 0,"
  "  next_sequence INTEGER NOT NULL DEFAULT 1,"
  "  removed INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  /* Every generation of the group key this journal was given: a retraction may
   * come sealed with an older one (from a member removed since). */
  "CREATE TABLE IF NOT EXISTS group_keys ("
  "  group_id TEXT NOT NULL,"
  "  epoch INTEGER NOT NULL,"
  "  key BLOB NOT NULL,"
  "  PRIMARY KEY (group_id, epoch));"
  "CREATE TABLE IF NOT EXISTS group_members ("
  "  group_id TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  pseudonym TEXT NOT NULL,"
  "  sign_key BLOB NOT NULL,"
  "  box_key BLOB NOT NULL,"
  "  removed INTEGER NOT NULL DEFAULT 0,"
  "  joined_at INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  last_sequence INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (group_id, id));"
  "CREATE TABLE IF NOT EXISTS group_shares ("
  "  group_id TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  author_id TEXT NOT NULL,"
  "  mine INTEGER NOT NULL,"
  "  audience INTEGER NOT NULL,"
  "  level INTEGER NOT NULL,"
  "  sequence INTEGER NOT NULL,"
  "  epoch INTEGER NOT NULL,"
  "  shared_at INTEGER NOT NULL,"
  "  received_at INTEGER NOT NULL DEFAULT 0,"
  "  payload BLOB,"
  "  lowest INTEGER NOT NULL DEFAULT 0,"
  "  retracted INTEGER NOT NULL DEFAULT 0,"
  "  retracted_at INTEGER NOT NULL DEFAULT 0,"
  "  reviewed INTEGER NOT NULL DEFAULT 0,"
  "  flags INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (group_id, id));"
  "CREATE INDEX IF NOT EXISTS group_shares_author"
  "  ON group_shares (group_id, author_id, sequence);"
  "CREATE TABLE IF NOT EXISTS group_replies ("
  "  group_id TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  share_id TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  written_at INTEGER NOT NULL,"
  "  mine INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, id));"
  /* Retractions seen, also of shares never received: a late copy stays out. */
  "CREATE TABLE IF NOT EXISTS group_retractions ("
  "  group_id TEXT NOT NULL,"
  "  share_id TEXT NOT NULL,"
  "  author_id TEXT NOT NULL,"
  "  retracted_at INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, share_id));";

/* ------------------------------------------------------------------------- */
/* Small helpers */

GDateTime *
_kindred_groups_time_from_us (gint64 us)
{
  g_autoptr(GDateTime) utc = NULL;
  gint64 seconds = us / G_USEC_PER_SEC;
  gint64 rest = us % G_USEC_PER_SEC;

  if (rest < 0)
    {
      seconds--;
      rest += G_USEC_PER_SEC;
    }
  utc = g_date_time_new_from_unix_utc (seconds);
  if (utc == NULL)
    utc = g_date_time_new_from_unix_utc (0);
  if (rest != 0)
    {
      GDateTime *more = g_date_time_add (utc, rest);

      g_date_time_unref (utc);
      utc = more;
    }
  return g_date_time_to_local (utc);
}

gint64
_kindred_groups_time_to_us (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, 0);

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

KindredGroupMoodWeek *
kindred_group_mood_week_copy (const KindredGroupMoodWeek *self)
{
  KindredGroupMoodWeek *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (KindredGroupMoodWeek, 1);
  *copy = *self;
  copy->member_id = g_strdup (self->member_id);
  copy->pseudonym = g_strdup (self->pseudonym);
  return copy;
}

void
kindred_group_mood_week_free (KindredGroupMoodWeek *self)
{
  if (self == NULL)
    return;
  g_free (self->member_id);
  g_free (self->pseudonym);
  g_free (self);
}

static gint64
now_of (KindredGroups *self)
{
  return self->fixed_now != 0 ? self->fixed_now : g_get_real_time ();
}

/* A v4 uuid from libsodium's generator (which the corpus generator seeds). */
static char *
new_uuid (void)
{
  guint8 b[16];

  randombytes_buf (b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
                          b[10], b[11], b[12], b[13], b[14], b[15]);
}

static char *
b64 (const guint8 *data,
     gsize         len)
{
  return kindred_envelope_b64_encode (data, len);
}

static gboolean
groups_error (GError               **error,
              KindredGroupsError     code)
{
  const char *message;

  switch (code)
    {
    case KINDRED_GROUPS_ERROR_NOT_ACCEPTED:
      message = _("Please read the group’s ground rules and accept them to join.");
      break;
    case KINDRED_GROUPS_ERROR_UNKNOWN_GROUP:
      message = _("This file is for a group that this journal is not part of.");
      break;
    case KINDRED_GROUPS_ERROR_OTHER_GROUP:
      message = _("This file belongs to a different group than the one it was opened for.");
      break;
    case KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER:
      message = _("This file comes from someone who is not on the group’s list of members "
                  "yet. If they joined recently, their join file or the facilitator’s "
                  "latest update may be needed first.");
      break;
    case KINDRED_GROUPS_ERROR_REMOVED_MEMBER:
      message = _("This file comes from someone who is no longer in the group, so it was "
                  "not added.");
      break;
    case KINDRED_GROUPS_ERROR_WRONG_SIGNER:
      message = _("This file was not written by the person who should have written it, so "
                  "Kindred did not open it.");
      break;
    case KINDRED_GROUPS_ERROR_OLDER_SEQUENCE:
      message = _("Something newer from the same person is already here, so this older "
                  "file was not added.");
      break;
    case KINDRED_GROUPS_ERROR_OLD_KEY:
      message = _("This share was sealed with a group key that has since been replaced, "
                  "so it was not added.");
      break;
    case KINDRED_GROUPS_ERROR_NOT_FOR_YOU:
      message = _("This file is meant for someone else.");
      break;
    case KINDRED_GROUPS_ERROR_RETRACTED:
      message = _("The person who wrote this share has taken it back, so it was not added.");
      break;
    case KINDRED_GROUPS_ERROR_UNKNOWN_SHARE:
      message = _("This reply is to a share that is not in this journal.");
      break;
    case KINDRED_GROUPS_ERROR_ALREADY_JOINED:
      message = _("This journal is already part of this group.");
      break;
    case KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN:
      message = _("Someone in the group already uses that name. Please choose another one.");
      break;
    case KINDRED_GROUPS_ERROR_NOT_FACILITATOR:
      message = _("Only the group’s facilitator can do that.");
      break;
    case KINDRED_GROUPS_ERROR_REMOVED:
      message = _("This journal is no longer part of this group, so that could not be done.");
      break;
    case KINDRED_GROUPS_ERROR_OLD_INVITE:
      message = _("This join file was made with an invite from before the group’s key "
                  "changed. The person needs a new invite.");
      break;
    case KINDRED_GROUPS_ERROR_NEWER_KEY:
      message = _("This file uses a group key this journal does not have yet. Importing the "
                  "facilitator’s latest update first should help.");
      break;
    case KINDRED_GROUPS_ERROR_INVALID:
    default:
      message = _("Something in this request or file is out of range.");
      break;
    }

  g_set_error_literal (error, KINDRED_GROUPS_ERROR, code, message);
  return FALSE;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  /* @what names a field, never a value */
  g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
               _("This group file is damaged or not in a format Kindred knows (%s)."), what);
  return FALSE;
}

/* A string member of JSON from outside: present, a string, at most @max_chars
 * characters (INVALID beyond), not empty unless @may_be_empty. */
static const char *
get_text (JsonObject  *object,
          const char  *member,
          glong        max_chars,
          gboolean     may_be_empty,
          GError     **error)
{
  const char *text = kindred_envelope_get_string (object, member, error);

  if (text == NULL)
    return NULL;
  if (!may_be_empty && text[0] == '\0')
    {
      malformed (error, member);
      return NULL;
    }
  if (g_utf8_strlen (text, -1) > max_chars)
    {
      invalid (error, _("A field in this group file is longer than Kindred allows."));
      return NULL;
    }
  return text;
}

static gboolean
get_flag (JsonObject  *object,
          const char  *member,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return malformed (error, member);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Strict base64 of any length up to @max_len bytes (g_base64_decode skips what it
 * does not understand; a file from outside must be exactly what it says). */
static GBytes *
decode_b64 (const char  *text,
            gsize        max_len,
            const char  *what,
            GError     **error)
{
  gsize len = text != NULL ? strlen (text) : 0;
  guchar *data;
  gsize out_len = 0;

  if (len == 0 || len % 4 != 0 || len / 4 * 3 > max_len + 2)
    {
      malformed (error, what);
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      if (c == '=' && (i >= len - 2) && (i == len - 1 || text[len - 1] == '='))
        continue;
      malformed (error, what);
      return NULL;
    }
  data = g_base64_decode (text, &out_len);
  return g_bytes_new_take (data, out_len);
}

static JsonObject *
parse_payload (GBytes  *payload,
               GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (payload, &len);

  return kindred_envelope_parse_object (data != NULL ? data : "", (gssize) len,
                                        KINDRED_GROUPS_MAX_DEPTH, error);
}

/* Payload bytes of a JSON object, wiped when freed (they may hold a key). */
static void
wipe_free (gpointer data)
{
  kindred_secret_free (data);
}

static GBytes *
object_to_bytes (JsonObject *object)
{
  gsize len = 0;
  char *text = kindred_envelope_to_json (object, &len);

  return g_bytes_new_with_free_func (text, len, wipe_free, text);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);
  g_autofree char *na = g_utf8_normalize (fa, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *nb = g_utf8_normalize (fb, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_strcmp0 (na, nb) == 0;
}

/* Pseudonyms and names: trimmed; NULL with INVALID when empty or too long. */
static char *
clean_name (const char  *text,
            glong        max_chars,
            const char  *empty_message,
            const char  *long_message,
            GError     **error)
{
  g_autofree char *copy = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      invalid (error, empty_message);
      return NULL;
    }
  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0')
    {
      invalid (error, empty_message);
      return NULL;
    }
  if (g_utf8_strlen (copy, -1) > max_chars)
    {
      invalid (error, long_message);
      return NULL;
    }
  return g_steal_pointer (&copy);
}

static gboolean
check_details (const char  *description,
               const char  *meets,
               const char  *ground_rules,
               const char  *escalation_note,
               GError     **error)
{
  const char *all[] = { description, meets, ground_rules, escalation_note };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (all[i] == NULL)
        continue;
      if (!g_utf8_validate (all[i], -1, NULL) ||
          g_utf8_strlen (all[i], -1) > KINDRED_GROUPS_MAX_DETAILS)
        return invalid (error, _("One of the group’s details is too long."));
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Database helpers */

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _kindred_store_set_error (error, db, rc, "groups: prepare");
      return NULL;
    }
  return stmt;
}

static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, db, rc, "groups: step");
      return FALSE;
    }
  return TRUE;
}

/* SQLITE_ROW → TRUE; SQLITE_DONE → FALSE without error; else FALSE with @error. */
static gboolean
step_row (sqlite3       *db,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    _kindred_store_set_error (error, db, rc, "groups: step");
  return FALSE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static void
bind_blob (sqlite3_stmt *stmt,
           int           index,
           const void   *data,
           gsize         len)
{
  sqlite3_bind_blob (stmt, index, data, (int) len, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);

  return g_strdup (text != NULL ? text : "");
}

static gboolean
column_key (sqlite3_stmt *stmt,
            int           index,
            guint8       *out,
            gsize         len)
{
  const void *data = sqlite3_column_blob (stmt, index);

  if (data == NULL || (gsize) sqlite3_column_bytes (stmt, index) != len)
    return FALSE;
  memcpy (out, data, len);
  return TRUE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *group_id,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, group_id);
  return step_done (db, stmt, error);
}

/* ------------------------------------------------------------------------- */
/* A group as the journal holds it */

typedef struct
{
  char             *id;
  KindredGroupRole  role;
  char             *name;
  char             *description;
  char             *meets;
  char             *ground_rules;
  char             *escalation_note;
  char             *pseudonym;
  char             *facilitator_pseudonym;
  guint8            facilitator_sign[KINDRED_SIGN_PUBLIC_SIZE];
  guint8            facilitator_box[KINDRED_BOX_PUBLIC_SIZE];
  KindredKeyPair   *sign;        /* with_secrets only */
  KindredKeyPair   *box;         /* with_secrets only */
  KindredKey       *key;         /* with_secrets only: the current epoch's */
  char             *my_id;       /* with_secrets only */
  guint             epoch;
  gint64            serial;
  gint64            next_sequence;
  gboolean          removed;
  gint64            created_at;
} GroupCtx;

static void
group_ctx_free (GroupCtx *ctx)
{
  if (ctx == NULL)
    return;
  g_free (ctx->id);
  g_free (ctx->name);
  g_free (ctx->description);
  g_free (ctx->meets);
  g_free (ctx->ground_rules);
  g_free (ctx->escalation_note);
  g_free (ctx->pseudonym);
  g_free (ctx->facilitator_pseudonym);
  g_clear_pointer (&ctx->sign, kindred_key_pair_unref);
  g_clear_pointer (&ctx->box, kindred_key_pair_unref);
  g_clear_pointer (&ctx->key, kindred_key_unref);
  g_free (ctx->my_id);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GroupCtx, group_ctx_free)

/* (nullable): NULL without error when the journal has no key of that epoch. */
static KindredKey *
load_key (sqlite3     *db,
          const char  *group_id,
          guint        epoch,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (db, "SELECT key FROM group_keys WHERE group_id = ?1 AND epoch = ?2", error);
  guint8 data[KINDRED_KEY_SIZE];
  KindredKey *key;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, epoch);
  if (!step_row (db, stmt, error))
    return NULL;
  if (!column_key (stmt, 0, data, sizeof data))
    {
      malformed (error, "key");
      return NULL;
    }
  key = kindred_key_new_from_data (data, sizeof data);
  sodium_memzero (data, sizeof data);
  return key;
}

/* UNKNOWN_GROUP when the journal has no such group. */
static GroupCtx *
load_ctx (sqlite3     *db,
          const char  *group_id,
          gboolean     with_secrets,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GroupCtx) ctx = NULL;
  GError *local = NULL;

  stmt = prepare (db,
                  "SELECT role, name, description, meets, ground_rules, escalation_note,"
                  " pseudonym, facilitator_pseudonym, facilitator_sign, facilitator_box,"
                  " sign_secret, box_secret, epoch, serial, next_sequence, removed, created_at"
                  " FROM groups WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, group_id);
  if (!step_row (db, stmt, &local))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_GROUP);
      return NULL;
    }

  ctx = g_new0 (GroupCtx, 1);
  ctx->id = g_strdup (group_id);
  ctx->role = sqlite3_column_int (stmt, 0) == KINDRED_GROUP_ROLE_FACILITATOR ?
              KINDRED_GROUP_ROLE_FACILITATOR : KINDRED_GROUP_ROLE_MEMBER;
  ctx->name = column_text (stmt, 1);
  ctx->description = column_text (stmt, 2);
  ctx->meets = column_text (stmt, 3);
  ctx->ground_rules = column_text (stmt, 4);
  ctx->escalation_note = column_text (stmt, 5);
  ctx->pseudonym = column_text (stmt, 6);
  ctx->facilitator_pseudonym = column_text (stmt, 7);
  if (!column_key (stmt, 8, ctx->facilitator_sign, sizeof ctx->facilitator_sign) ||
      !column_key (stmt, 9, ctx->facilitator_box, sizeof ctx->facilitator_box))
    {
      malformed (error, "facilitator");
      return NULL;
    }
  ctx->epoch = (guint) sqlite3_column_int64 (stmt, 12);
  ctx->serial = sqlite3_column_int64 (stmt, 13);
  ctx->next_sequence = sqlite3_column_int64 (stmt, 14);
  ctx->removed = sqlite3_column_int (stmt, 15) != 0;
  ctx->created_at = sqlite3_column_int64 (stmt, 16);

  if (with_secrets)
    {
      ctx->sign = kindred_key_pair_new_from_secret (TRUE, sqlite3_column_blob (stmt, 10),
                                                    (gsize) sqlite3_column_bytes (stmt, 10),
                                                    error);
      if (ctx->sign == NULL)
        return NULL;
      ctx->box = kindred_key_pair_new_from_secret (FALSE, sqlite3_column_blob (stmt, 11),
                                                   (gsize) sqlite3_column_bytes (stmt, 11),
                                                   error);
      if (ctx->box == NULL)
        return NULL;
      ctx->my_id = b64 (kindred_key_pair_get_public (ctx->sign), KINDRED_SIGN_PUBLIC_SIZE);
      ctx->key = load_key (db, group_id, ctx->epoch, &local);
      if (ctx->key == NULL)
        {
          if (local != NULL)
            g_propagate_error (error, local);
          else
            malformed (error, "key");
          return NULL;
        }
    }

  return g_steal_pointer (&ctx);
}

typedef struct
{
  char     *id;
  char     *pseudonym;
  guint8    sign[KINDRED_SIGN_PUBLIC_SIZE];
  guint8    box[KINDRED_BOX_PUBLIC_SIZE];
  gboolean  removed;
  gint64    joined_at;
  char     *note;
  gint64    last_sequence;
  gint64    position;
} MemberRow;

static void
member_row_free (MemberRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->pseudonym);
  g_free (row->note);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemberRow, member_row_free)

#define MEMBER_COLUMNS \
  "id, pseudonym, sign_key, box_key, removed, joined_at, note, last_sequence, position"

static MemberRow *
member_row_read (sqlite3_stmt *stmt)
{
  MemberRow *row = g_new0 (MemberRow, 1);

  row->id = column_text (stmt, 0);
  row->pseudonym = column_text (stmt, 1);
  column_key (stmt, 2, row->sign, sizeof row->sign);
  column_key (stmt, 3, row->box, sizeof row->box);
  row->removed = sqlite3_column_int (stmt, 4) != 0;
  row->joined_at = sqlite3_column_int64 (stmt, 5);
  row->note = column_text (stmt, 6);
  row->last_sequence = sqlite3_column_int64 (stmt, 7);
  row->position = sqlite3_column_int64 (stmt, 8);
  return row;
}

/* (nullable): NULL without error when not on the roster. */
static MemberRow *
load_member (sqlite3     *db,
             const char  *group_id,
             const char  *member_id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (db, "SELECT " MEMBER_COLUMNS " FROM group_members"
                 " WHERE group_id = ?1 AND id = ?2", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, member_id);
  if (!step_row (db, stmt, error))
    return NULL;
  return member_row_read (stmt);
}

static GPtrArray *
load_members (sqlite3     *db,
              const char  *group_id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (db, "SELECT " MEMBER_COLUMNS " FROM group_members WHERE group_id = ?1"
                 " ORDER BY position, id", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) member_row_free);
  GError *local = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, group_id);
  while (step_row (db, stmt, &local))
    g_ptr_array_add (rows, member_row_read (stmt));
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gint64
next_member_position (sqlite3     *db,
                      const char  *group_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (db, "SELECT COALESCE(MAX(position), -1) + 1 FROM group_members"
                 " WHERE group_id = ?1", error);

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, group_id);
  if (!step_row (db, stmt, error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
insert_member (sqlite3       *db,
               const char    *group_id,
               const char    *pseudonym,
               const guint8  *sign,
               const guint8  *box,
               gint64         joined_at,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = b64 (sign, KINDRED_SIGN_PUBLIC_SIZE);
  gint64 position = next_member_position (db, group_id, error);

  if (position < 0)
    return FALSE;
  stmt = prepare (db, "INSERT INTO group_members (group_id, id, position, pseudonym, sign_key,"
                      " box_key, joined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, position);
  bind_text (stmt, 4, pseudonym);
  bind_blob (stmt, 5, sign, KINDRED_SIGN_PUBLIC_SIZE);
  bind_blob (stmt, 6, box, KINDRED_BOX_PUBLIC_SIZE);
  sqlite3_bind_int64 (stmt, 7, joined_at);
  return step_done (db, stmt, error);
}

static gboolean
insert_key (sqlite3     *db,
            const char  *group_id,
            guint        epoch,
            KindredKey  *key,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (db, "INSERT OR REPLACE INTO group_keys (group_id, epoch, key) VALUES (?1, ?2, ?3)",
             error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, epoch);
  bind_blob (stmt, 3, kindred_key_get_data (key), KINDRED_KEY_SIZE);
  return step_done (db, stmt, error);
}

static gboolean
row_exists (sqlite3     *db,
            const char  *sql,
            const char  *group_id,
            const char  *id,
            gboolean    *exists,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, id);
  *exists = step_row (db, stmt, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Models: brought up to date from the journal, on the home thread */

typedef struct
{
  char                 *id;
  char                 *author_id;
  gboolean              mine;
  KindredShareAudience  audience;
  KindredShareLevel     level;
  gint64                sequence;
  gint64                shared_at;
  gint64                received_at;
  gboolean              has_payload;
  GBytes               *payload;   /* loaded only when the object lacks it */
  gboolean              retracted;
  gint64                retracted_at;
  gboolean              reviewed;
  KindredShareFlags     flags;
  char                 *note;
} ShareRow;

static void
share_row_free (ShareRow *row)
{
  g_free (row->id);
  g_free (row->author_id);
  g_clear_pointer (&row->payload, g_bytes_unref);
  g_free (row->note);
  g_free (row);
}

typedef struct
{
  char     *id;
  char     *share_id;
  char     *text;
  gint64    written_at;
  gboolean  mine;
} ReplyRow;

static void
reply_row_free (ReplyRow *row)
{
  g_free (row->id);
  g_free (row->share_id);
  g_free (row->text);
  g_free (row);
}

typedef struct
{
  const char  *group_id;
  GHashTable  *have_payload;   /* share ids whose payload is in memory already */
  GroupCtx    *ctx;            /* NULL: the group is gone */
  GPtrArray   *members;
  GPtrArray   *shares;
  GPtrArray   *replies;
} Snapshot;

static void
snapshot_clear (Snapshot *snap)
{
  g_clear_pointer (&snap->ctx, group_ctx_free);
  g_clear_pointer (&snap->members, g_ptr_array_unref);
  g_clear_pointer (&snap->shares, g_ptr_array_unref);
  g_clear_pointer (&snap->replies, g_ptr_array_unref);
}

static gboolean
load_snapshot (sqlite3  *db,
               gpointer  data,
               GError  **error)
{
  Snapshot *snap = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) payload_stmt = NULL;
  GError *local = NULL;

  snap->ctx = load_ctx (db, snap->group_id, FALSE, &local);
  if (snap->ctx == NULL)
    {
      if (g_error_matches (local, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_UNKNOWN_GROUP))
        {
          g_error_free (local);
          return TRUE;
        }
      g_propagate_error (error, local);
      return FALSE;
    }

  snap->members = load_members (db, snap->group_id, error);
  if (snap->members == NULL)
    return FALSE;

  stmt = prepare (db, "SELECT id, author_id, mine, audience, level, sequence, shared_at,"
                      " received_at, payload IS NOT NULL, retracted, retracted_at, reviewed,"
                      " flags, note FROM group_shares WHERE group_id = ?1"
                      " ORDER BY shared_at DESC, sequence DESC, id", error);
  payload_stmt = prepare (db, "SELECT payload FROM group_shares WHERE group_id = ?1 AND id = ?2",
                          error);
  if (stmt == NULL || payload_stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, snap->group_id);
  snap->shares = g_ptr_array_new_with_free_func ((GDestroyNotify) share_row_free);
  while (step_row (db, stmt, &local))
    {
      ShareRow *row = g_new0 (ShareRow, 1);
      int audience = sqlite3_column_int (stmt, 3);
      int level = sqlite3_column_int (stmt, 4);

      row->id = column_text (stmt, 0);
      row->author_id = column_text (stmt, 1);
      row->mine = sqlite3_column_int (stmt, 2) != 0;
      row->audience = audience == KINDRED_SHARE_AUDIENCE_FACILITATOR ?
                      KINDRED_SHARE_AUDIENCE_FACILITATOR : KINDRED_SHARE_AUDIENCE_GROUP;
      row->level = CLAMP (level, KINDRED_SHARE_LEVEL_MOOD, KINDRED_SHARE_LEVEL_TEXT);
      row->sequence = sqlite3_column_int64 (stmt, 5);
      row->shared_at = sqlite3_column_int64 (stmt, 6);
      row->received_at = sqlite3_column_int64 (stmt, 7);
      row->has_payload = sqlite3_column_int (stmt, 8) != 0;
      row->retracted = sqlite3_column_int (stmt, 9) != 0;
      row->retracted_at = sqlite3_column_int64 (stmt, 10);
      row->reviewed = sqlite3_column_int (stmt, 11) != 0;
      row->flags = (KindredShareFlags) (sqlite3_column_int (stmt, 12) &
                                        (KINDRED_SHARE_FLAG_WORDS | KINDRED_SHARE_FLAG_LOW_MOODS));
      row->note = column_text (stmt, 13);
      g_ptr_array_add (snap->shares, row);

      if (row->has_payload && !g_hash_table_contains (snap->have_payload, row->id))
        {
          sqlite3_reset (payload_stmt);
          bind_text (payload_stmt, 1, snap->group_id);
          bind_text (payload_stmt, 2, row->id);
          if (step_row (db, payload_stmt, &local))
            row->payload = g_bytes_new (sqlite3_column_blob (payload_stmt, 0),
                                        (gsize) sqlite3_column_bytes (payload_stmt, 0));
          if (local != NULL)
            break;
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (db, "SELECT id, share_id, text, written_at, mine FROM group_replies"
                      " WHERE group_id = ?1 ORDER BY written_at, id", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, snap->group_id);
  snap->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_row_free);
  while (step_row (db, stmt, &local))
    {
      ReplyRow *row = g_new0 (ReplyRow, 1);

      row->id = column_text (stmt, 0);
      row->share_id = column_text (stmt, 1);
      row->text = column_text (stmt, 2);
      row->written_at = sqlite3_column_int64 (stmt, 3);
      row->mine = sqlite3_column_int (stmt, 4) != 0;
      g_ptr_array_add (snap->replies, row);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  return TRUE;
}

/* Makes @store hold @items (in order) with one splice of the part that differs. */
static void
sync_store (GListStore *store,
            GPtrArray  *items)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (model);
  guint n_new = items->len;
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, prefix);

      if (item != g_ptr_array_index (items, prefix))
        break;
      prefix++;
    }
  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, n_old - 1 - suffix);

      if (item != g_ptr_array_index (items, n_new - 1 - suffix))
        break;
      suffix++;
    }
  if (prefix == n_old && prefix == n_new)
    return;

  g_list_store_splice (store, prefix, n_old - prefix - suffix,
                       items->pdata + prefix, n_new - prefix - suffix);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  KindredGroup *ga = (KindredGroup *) a;
  KindredGroup *gb = (KindredGroup *) b;
  int result = g_utf8_collate (kindred_group_get_name (ga), kindred_group_get_name (gb));

  return result != 0 ? result : g_strcmp0 (kindred_group_get_id (ga), kindred_group_get_id (gb));
}

static gboolean
find_in_store (GListStore *store,
               gpointer    item,
               guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (other == item)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static KindredGroupShare *
find_share_in (GListModel *model,
               const char *share_id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (model, i);

      if (g_strcmp0 (kindred_group_share_get_id (share), share_id) == 0)
        return share;
    }
  return NULL;
}

static void
apply_snapshot (KindredGroups *self,
                Snapshot      *snap)
{
  KindredGroup *group = g_hash_table_lookup (self->by_id, snap->group_id);
  g_autoptr(GPtrArray) roster = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GHashTable) pseudonyms = NULL;
  g_autofree char *old_name = NULL;
  GroupCtx *ctx = snap->ctx;
  gboolean is_new = FALSE;
  guint position;

  if (ctx == NULL)
    {
      if (group != NULL && find_in_store (self->groups, group, &position))
        g_list_store_remove (self->groups, position);
      g_hash_table_remove (self->by_id, snap->group_id);
      return;
    }

  if (group == NULL)
    {
      group = _kindred_group_new (ctx->id, ctx->role);
      g_hash_table_insert (self->by_id, g_strdup (ctx->id), group);
      is_new = TRUE;
    }
  else
    old_name = g_strdup (kindred_group_get_name (group));

  _kindred_group_update (group, ctx->name, ctx->description, ctx->meets, ctx->ground_rules,
                         ctx->escalation_note, ctx->pseudonym, ctx->facilitator_pseudonym,
                         ctx->epoch, ctx->removed, ctx->created_at);

  /* The roster */
  roster = g_ptr_array_new_with_free_func (g_object_unref);
  pseudonyms = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < snap->members->len; i++)
    {
      MemberRow *row = g_ptr_array_index (snap->members, i);
      KindredGroupMember *member = kindred_group_lookup_member (group, row->id);

      if (member != NULL)
        g_object_ref (member);
      else
        member = _kindred_group_member_new (row->id, row->sign, row->box);
      _kindred_group_member_update (member, row->pseudonym, row->removed, row->joined_at,
                                    row->note);
      g_hash_table_insert (pseudonyms, row->id, row->pseudonym);
      g_ptr_array_add (roster, member);
    }
  sync_store (_kindred_group_get_roster_store (group), roster);

  /* Shares: my history and what I received */
  history = g_ptr_array_new_with_free_func (g_object_unref);
  received = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snap->shares->len; i++)
    {
      ShareRow *row = g_ptr_array_index (snap->shares, i);
      GListStore *list = row->mine ? _kindred_group_get_history_store (group) :
                                     _kindred_group_get_received_store (group);
      KindredGroupShare *share = find_share_in (G_LIST_MODEL (list), row->id);
      GBytes *payload = NULL;
      const char *pseudonym;

      if (share != NULL)
        g_object_ref (share);
      else
        share = _kindred_group_share_new (row->id, ctx->id, row->author_id, row->mine);

      if (row->has_payload)
        payload = row->payload != NULL ? row->payload : kindred_group_share_get_payload (share);
      _kindred_group_share_set_content (share, payload, row->audience, row->level,
                                        row->sequence, row->shared_at, row->received_at);
      pseudonym = row->mine ? ctx->pseudonym : g_hash_table_lookup (pseudonyms, row->author_id);
      _kindred_group_share_update (share, pseudonym, row->retracted, row->retracted_at,
                                   row->reviewed, row->flags, row->note);
      g_ptr_array_add (row->mine ? history : received, share);
    }
  sync_store (_kindred_group_get_history_store (group), history);
  sync_store (_kindred_group_get_received_store (group), received);

  /* Replies, next to their shares */
  for (guint i = 0; i < snap->replies->len; i++)
    {
      ReplyRow *row = g_ptr_array_index (snap->replies, i);
      KindredGroupShare *share = kindred_group_lookup_share (group, row->share_id);
      g_autoptr(KindredGroupReply) reply = NULL;

      if (share == NULL)
        continue;
      reply = _kindred_group_reply_new (row->id, row->share_id, row->text, row->written_at,
                                        row->mine);
      _kindred_group_share_add_reply (share, reply);
    }

  _kindred_group_recount (group);

  if (is_new)
    g_list_store_insert_sorted (self->groups, group, compare_groups, NULL);
  else if (g_strcmp0 (old_name, ctx->name) != 0 && find_in_store (self->groups, group, &position))
    {
      g_object_ref (group);
      g_list_store_remove (self->groups, position);
      g_list_store_insert_sorted (self->groups, group, compare_groups, NULL);
      g_object_unref (group);
    }
}

static void
collect_payloads (KindredGroup *group,
                  GHashTable   *have)
{
  GListModel *lists[] = { kindred_group_get_history (group), kindred_group_get_received (group) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      guint n = g_list_model_get_n_items (lists[l]);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KindredGroupShare) share = g_list_model_get_item (lists[l], i);

          if (kindred_group_share_get_payload (share) != NULL)
            g_hash_table_add (have, g_strdup (kindred_group_share_get_id (share)));
        }
    }
}

/* Brings the group's objects up to date with the journal (home thread). */
static gboolean
refresh_group (KindredGroups  *self,
               const char     *group_id,
               GError        **error)
{
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KindredGroup *group = g_hash_table_lookup (self->by_id, group_id);
  g_autofree char *id = g_strdup (group_id);
  Snapshot snap = { 0, };
  gboolean ok;

  if (group != NULL)
    collect_payloads (group, have);
  snap.group_id = id;
  snap.have_payload = have;
  ok = _kindred_store_read (self->store, load_snapshot, &snap, error);
  if (ok)
    apply_snapshot (self, &snap);
  snapshot_clear (&snap);
  return ok;
}

static void
refresh_quietly (KindredGroups *self,
                 const char    *group_id)
{
  g_autoptr(GError) error = NULL;

  /* The journal has the change; only the view of it is behind until next time. */
  if (!refresh_group (self, group_id, &error))
    g_warning ("Could not reload a group: %s", error->message);
}

typedef struct
{
  GPtrArray *ids;
} IdList;

static gboolean
load_group_ids (sqlite3  *db,
                gpointer  data,
                GError  **error)
{
  IdList *list = data;
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT id FROM groups ORDER BY id", error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  while (step_row (db, stmt, &local))
    g_ptr_array_add (list->ids, column_text (stmt, 0));
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_schema (sqlite3  *db,
               gpointer  data,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;
  GError *local = NULL;
  gint64 version = 0;

  stmt = prepare (db, "SELECT value FROM settings WHERE key = '" SCHEMA_KEY "'", error);
  if (stmt == NULL)
    return FALSE;
  if (step_row (db, stmt, &local) && sqlite3_column_text (stmt, 0) != NULL)
    version = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  if (version > SCHEMA_VERSION)
    {
      g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NEWER_SCHEMA,
                           _("This journal’s groups were saved by a newer version of Kindred."));
      return FALSE;
    }
  if (version == SCHEMA_VERSION)
    return TRUE;

  if (!_kindred_store_exec (db, schema_sql, error))
    return FALSE;
  set = prepare (db, "INSERT OR REPLACE INTO settings (key, value) VALUES ('" SCHEMA_KEY "', ?1)",
                 error);
  if (set == NULL)
    return FALSE;
  sqlite3_bind_int (set, 1, SCHEMA_VERSION);
  return step_done (db, set, error);
}

static gboolean
schema_is_current (sqlite3  *db,
                   gpointer  data,
                   GError  **error)
{
  gboolean *current = data;
  g_autoptr(sqlite3_stmt) stmt =
    prepare (db, "SELECT value FROM settings WHERE key = '" SCHEMA_KEY "'", error);
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  *current = step_row (db, stmt, &local) && sqlite3_column_text (stmt, 0) != NULL &&
             g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10) ==
             SCHEMA_VERSION;
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Building and reading the parts of files */

static void
set_key_member (JsonObject   *object,
                const char   *member,
                const guint8 *data,
                gsize         len)
{
  char *text = b64 (data, len);

  json_object_set_string_member (object, member, text);
  g_free (text);
}

static JsonArray *
members_to_json (GPtrArray *members,
                 gboolean   with_removed)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < members->len; i++)
    {
      MemberRow *row = g_ptr_array_index (members, i);
      JsonObject *item;

      if (row->removed && !with_removed)
        continue;
      item = json_object_new ();
      json_object_set_string_member (item, "pseudonym", row->pseudonym);
      set_key_member (item, "sign_key", row->sign, sizeof row->sign);
      set_key_member (item, "box_key", row->box, sizeof row->box);
      if (with_removed)
        json_object_set_boolean_member (item, "removed", row->removed);
      json_array_add_object_element (array, item);
    }
  return array;
}

typedef struct
{
  char     *pseudonym;
  guint8    sign[KINDRED_SIGN_PUBLIC_SIZE];
  guint8    box[KINDRED_BOX_PUBLIC_SIZE];
  gboolean  removed;
} RosterItem;

static void
roster_item_free (RosterItem *item)
{
  g_free (item->pseudonym);
  g_free (item);
}

/* "members" of an invite (@with_removed FALSE) or of a roster update. */
static GPtrArray *
members_from_json (JsonObject  *object,
                   gboolean     with_removed,
                   GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_item_free);
  JsonNode *node = json_object_get_member (object, "members");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      malformed (error, "members");
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > KINDRED_GROUPS_MAX_MEMBERS)
    {
      invalid (error, _("This group file lists more members than Kindred allows."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *pseudonym;
      JsonObject *member;
      RosterItem *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          malformed (error, "members");
          return NULL;
        }
      member = json_node_get_object (element);
      item = g_new0 (RosterItem, 1);
      g_ptr_array_add (items, item);
      pseudonym = get_text (member, "pseudonym", KINDRED_GROUPS_MAX_PSEUDONYM, FALSE, error);
      if (pseudonym == NULL ||
          !kindred_envelope_get_key (member, "sign_key", item->sign, sizeof item->sign, error) ||
          !kindred_envelope_get_key (member, "box_key", item->box, sizeof item->box, error) ||
          (with_removed && !get_flag (member, "removed", &item->removed, error)))
        return NULL;
      item->pseudonym = g_strdup (pseudonym);
    }

  return g_steal_pointer (&items);
}

static gboolean
check_group_id (JsonObject  *payload,
                const char  *group_id,
                GError     **error)
{
  const char *inner = get_text (payload, "group_id", MAX_ID_CHARS, FALSE, error);

  if (inner == NULL)
    return FALSE;
  /* Signed and sealed, but naming another group than its header: refused rather
   * than guessed at. */
  if (strcmp (inner, group_id) != 0)
    return groups_error (error, KINDRED_GROUPS_ERROR_OTHER_GROUP);
  return TRUE;
}

static gboolean
check_same_string (JsonObject  *payload,
                   const char  *member,
                   const char  *expected,
                   GError     **error)
{
  const char *value = get_text (payload, member, MAX_ID_CHARS, FALSE, error);

  if (value == NULL)
    return FALSE;
  if (strcmp (value, expected) != 0)
    return malformed (error, member);
  return TRUE;
}

static gboolean
check_same_int (JsonObject  *payload,
                const char  *member,
                gint64       expected,
                GError     **error)
{
  gint64 value;

  if (!kindred_envelope_get_int (payload, member, G_MININT64, G_MAXINT64, &value, error))
    return FALSE;
  if (value != expected)
    return malformed (error, member);
  return TRUE;
}

/* The join file: the member's pseudonym and public keys, sealed with the group key
 * of the invite it answers (so it shows that its writer opened that invite). */
static gboolean
write_join_file (GroupCtx    *ctx,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GBytes) bytes = NULL;
  KindredEnvelopeKeys keys = { 0, };

  json_object_set_string_member (header, "group_id", ctx->id);
  json_object_set_int_member (header, "epoch", ctx->epoch);

  json_object_set_string_member (payload, "group_id", ctx->id);
  json_object_set_string_member (payload, "pseudonym", ctx->pseudonym);
  set_key_member (payload, "sign_key", kindred_key_pair_get_public (ctx->sign),
                  KINDRED_SIGN_PUBLIC_SIZE);
  set_key_member (payload, "box_key", kindred_key_pair_get_public (ctx->box),
                  KINDRED_BOX_PUBLIC_SIZE);
  json_object_set_boolean_member (payload, "accepted_rules", TRUE);
  bytes = object_to_bytes (payload);

  keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
  keys.secret_key = ctx->key;
  return kindred_envelope_write (path, kindred_group_file_kind_get_name (KINDRED_GROUP_FILE_JOIN),
                                 KINDRED_GROUPS_FORMAT_VERSION, header, bytes, &keys, ctx->sign,
                                 error);
}

/* The key-update file of @ctx's epoch, serial and key: the key sealed to each
 * member who stays, and the details and roster under that key. */
static gboolean
write_update_file (sqlite3     *db,
                   GroupCtx    *ctx,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GPtrArray) members = load_members (db, ctx->id, error);
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) inner_header = NULL;
  g_autoptr(GBytes) content_bytes = NULL;
  g_autoptr(GBytes) sealed_content = NULL;
  g_autoptr(GBytes) key_bytes = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *content_text = NULL;
  KindredEnvelopeKeys keys = { 0, };
  JsonArray *wrapped;

  if (members == NULL)
    return FALSE;

  key_bytes = g_bytes_new_static (kindred_key_get_data (ctx->key), KINDRED_KEY_SIZE);
  inner_header = json_object_new ();
  json_object_set_string_member (inner_header, "group_id", ctx->id);
  json_object_set_int_member (inner_header, "epoch", ctx->epoch);

  wrapped = json_array_new ();
  for (guint i = 0; i < members->len; i++)
    {
      MemberRow *row = g_ptr_array_index (members, i);
      g_autoptr(GBytes) sealed = NULL;
      g_autofree char *text = NULL;
      JsonObject *item;
      gsize len;
      const guint8 *data;

      if (row->removed)
        continue;
      keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
      keys.recipient_public = row->box;
      sealed = kindred_envelope_write_bytes (KINDRED_GROUPS_KIND_GROUP_KEY,
                                             KINDRED_GROUPS_FORMAT_VERSION, inner_header,
                                             key_bytes, &keys, NULL, error);
      if (sealed == NULL)
        {
          json_array_unref (wrapped);
          return FALSE;
        }
      data = g_bytes_get_data (sealed, &len);
      text = g_base64_encode (data, len);
      item = json_object_new ();
      json_object_set_string_member (item, "member", row->id);
      json_object_set_string_member (item, "envelope", text);
      json_array_add_object_element (wrapped, item);
    }

  content = json_object_new ();
  json_object_set_string_member (content, "name", ctx->name);
  json_object_set_string_member (content, "description", ctx->description);
  json_object_set_string_member (content, "meets", ctx->meets);
  json_object_set_string_member (content, "ground_rules", ctx->ground_rules);
  json_object_set_string_member (content, "escalation_note", ctx->escalation_note);
  json_object_set_string_member (content, "facilitator_pseudonym", ctx->pseudonym);
  json_object_set_array_member (content, "members", members_to_json (members, TRUE));
  content_bytes = object_to_bytes (content);

  json_object_set_int_member (inner_header, "serial", ctx->serial);
  memset (&keys, 0, sizeof keys);
  keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
  keys.secret_key = ctx->key;
  sealed_content = kindred_envelope_write_bytes (KINDRED_GROUPS_KIND_GROUP_ROSTER,
                                                 KINDRED_GROUPS_FORMAT_VERSION, inner_header,
                                                 content_bytes, &keys, NULL, error);
  if (sealed_content == NULL)
    {
      json_array_unref (wrapped);
      return FALSE;
    }
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (sealed_content, &len);

    content_text = g_base64_encode (data, len);
  }

  payload = json_object_new ();
  json_object_set_string_member (payload, "group_id", ctx->id);
  json_object_set_int_member (payload, "epoch", ctx->epoch);
  json_object_set_int_member (payload, "serial", ctx->serial);
  json_object_set_array_member (payload, "keys", wrapped);
  json_object_set_string_member (payload, "content", content_text);
  bytes = object_to_bytes (payload);

  header = json_object_new ();
  json_object_set_string_member (header, "group_id", ctx->id);
  json_object_set_int_member (header, "epoch", ctx->epoch);
  json_object_set_int_member (header, "serial", ctx->serial);

  /* Signed, not sealed: everything private in it is sealed inside. */
  return kindred_envelope_write (path,
                                 kindred_group_file_kind_get_name (KINDRED_GROUP_FILE_KEY_UPDATE),
                                 KINDRED_GROUPS_FORMAT_VERSION, header, bytes, NULL, ctx->sign,
                                 error);
}

/* The invite's header and payload (the Argon2id sealing comes later, off the main
 * thread). */
typedef struct
{
  const char      *group_id;
  JsonObject      *header;
  GBytes          *payload;
  KindredKeyPair  *signer;
} InviteBuild;

static void
invite_build_clear (InviteBuild *build)
{
  g_clear_pointer (&build->header, json_object_unref);
  g_clear_pointer (&build->payload, g_bytes_unref);
  g_clear_pointer (&build->signer, kindred_key_pair_unref);
}

static gboolean
build_invite (sqlite3  *db,
              gpointer  data,
              GError  **error)
{
  InviteBuild *build = data;
  g_autoptr(GroupCtx) ctx = load_ctx (db, build->group_id, TRUE, error);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(JsonObject) payload = NULL;
  JsonObject *facilitator;

  if (ctx == NULL)
    return FALSE;
  if (ctx->role != KINDRED_GROUP_ROLE_FACILITATOR)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  members = load_members (db, ctx->id, error);
  if (members == NULL)
    return FALSE;

  payload = json_object_new ();
  json_object_set_string_member (payload, "group_id", ctx->id);
  json_object_set_int_member (payload, "epoch", ctx->epoch);
  json_object_set_int_member (payload, "serial", ctx->serial);
  json_object_set_string_member (payload, "name", ctx->name);
  json_object_set_string_member (payload, "description", ctx->description);
  json_object_set_string_member (payload, "meets", ctx->meets);
  json_object_set_string_member (payload, "ground_rules", ctx->ground_rules);
  json_object_set_string_member (payload, "escalation_note", ctx->escalation_note);
  facilitator = json_object_new ();
  json_object_set_string_member (facilitator, "pseudonym", ctx->pseudonym);
  set_key_member (facilitator, "sign_key", kindred_key_pair_get_public (ctx->sign),
                  KINDRED_SIGN_PUBLIC_SIZE);
  set_key_member (facilitator, "box_key", kindred_key_pair_get_public (ctx->box),
                  KINDRED_BOX_PUBLIC_SIZE);
  json_object_set_object_member (payload, "facilitator", facilitator);
  set_key_member (payload, "group_key", kindred_key_get_data (ctx->key), KINDRED_KEY_SIZE);
  json_object_set_array_member (payload, "members", members_to_json (members, FALSE));

  build->header = json_object_new ();
  json_object_set_string_member (build->header, "group_id", ctx->id);
  json_object_set_int_member (build->header, "epoch", ctx->epoch);
  build->payload = object_to_bytes (payload);
  build->signer = kindred_key_pair_ref (ctx->sign);
  return TRUE;
}

/* Opens an invite (Argon2id: any thread, no journal). */
static KindredGroupInvite *
read_invite_file (const char  *path,
                  const char  *passphrase,
                  GError     **error)
{
  g_autoptr(KindredEnvelope) envelope = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  KindredEnvelopeKeys keys = { 0, };
  KindredGroupInvite *invite;
  JsonObject *header;
  JsonNode *node;
  JsonObject *facilitator;
  const char *group_id;
  const char *fields[6];
  static const char * const field_names[] = {
    "name", "description", "meets", "ground_rules", "escalation_note", NULL
  };
  guint8 sign[KINDRED_SIGN_PUBLIC_SIZE];
  guint8 box[KINDRED_BOX_PUBLIC_SIZE];
  guint8 key_data[KINDRED_KEY_SIZE];
  gint64 epoch;
  gint64 serial;

  envelope = kindred_envelope_open (path,
                                    kindred_group_file_kind_get_name (KINDRED_GROUP_FILE_INVITE),
                                    KINDRED_GROUPS_FORMAT_VERSION,
                                    KINDRED_GROUPS_MAX_INVITE_SIZE, error);
  if (envelope == NULL)
    return NULL;
  header = kindred_envelope_get_header (envelope);
  group_id = get_text (header, "group_id", MAX_ID_CHARS, FALSE, error);
  if (group_id == NULL ||
      !kindred_envelope_get_int (header, "epoch", 1, G_MAXUINT32, &epoch, error) ||
      !kindred_envelope_check_signer (envelope, NULL, error))
    return NULL;

  keys.seal = KINDRED_ENVELOPE_SEAL_PASSPHRASE;
  keys.passphrase = passphrase;
  payload = kindred_envelope_open_payload (envelope, &keys, error);
  if (payload == NULL)
    return NULL;
  object = parse_payload (payload, error);
  if (object == NULL ||
      !check_group_id (object, group_id, error) ||
      !check_same_int (object, "epoch", epoch, error) ||
      !kindred_envelope_get_int (object, "serial", 0, G_MAXINT64, &serial, error))
    return NULL;

  for (guint i = 0; field_names[i] != NULL; i++)
    {
      fields[i] = get_text (object, field_names[i],
                            i == 0 ? KINDRED_GROUPS_MAX_NAME : KINDRED_GROUPS_MAX_DETAILS,
                            i != 0, error);
      if (fields[i] == NULL)
        return NULL;
    }

  node = json_object_get_member (object, "facilitator");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (error, "facilitator");
      return NULL;
    }
  facilitator = json_node_get_object (node);
  fields[5] = get_text (facilitator, "pseudonym", KINDRED_GROUPS_MAX_PSEUDONYM, FALSE, error);
  if (fields[5] == NULL ||
      !kindred_envelope_get_key (facilitator, "sign_key", sign, sizeof sign, error) ||
      !kindred_envelope_get_key (facilitator, "box_key", box, sizeof box, error))
    return NULL;
  /* Whoever signed it must be the facilitator it names. */
  if (memcmp (sign, kindred_envelope_get_signer (envelope), sizeof sign) != 0)
    {
      groups_error (error, KINDRED_GROUPS_ERROR_WRONG_SIGNER);
      return NULL;
    }

  items = members_from_json (object, FALSE, error);
  if (items == NULL)
    return NULL;
  if (!kindred_envelope_get_key (object, "group_key", key_data, sizeof key_data, error))
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) _kindred_roster_entry_free);
  for (guint i = 0; i < items->len; i++)
    {
      RosterItem *item = g_ptr_array_index (items, i);
      KindredRosterEntry *entry = g_new0 (KindredRosterEntry, 1);

      entry->pseudonym = g_strdup (item->pseudonym);
      memcpy (entry->sign, item->sign, sizeof entry->sign);
      memcpy (entry->box, item->box, sizeof entry->box);
      g_ptr_array_add (entries, entry);
    }

  invite = _kindred_group_invite_new ();
  _kindred_group_invite_set (invite, group_id, fields[0], fields[1], fields[2], fields[3],
                             fields[4], fields[5], sign, box, (guint) epoch, serial,
                             kindred_key_new_from_data (key_data, sizeof key_data), entries);
  sodium_memzero (key_data, sizeof key_data);
  return invite;
}

/* ------------------------------------------------------------------------- */
/* Importing: prepare (no writes, any thread) */

/* A transaction with nothing to write ends with this, so that it is rolled back
 * rather than committed: a duplicate leaves the journal exactly as it was. */
static GQuark
nothing_to_do_quark (void)
{
  return g_quark_from_static_string ("kindred-groups-nothing-to-do");
}

typedef struct
{
  KindredStore         *store;
  char                 *path;
  char                 *expected_group;
  gint64                now;

  KindredGroupFileKind  kind;
  char                 *group_id;
  guint8                signer[KINDRED_SIGN_PUBLIC_SIZE];
  char                 *signer_id;
  gboolean              own;            /* written by this journal */
  guint                 epoch;
  char                 *share_id;
  gint64                sequence;
  KindredShareAudience  audience;
  KindredShareLevel     level;
  gint64                shared_at;
  GBytes               *payload;
  KindredShareFlags     flags;
  gboolean              lowest;
  gint64                retracted_at;
  char                 *reply_id;
  char                 *text;
  gint64                written_at;
  char                 *pseudonym;
  guint8                member_sign[KINDRED_SIGN_PUBLIC_SIZE];
  guint8                member_box[KINDRED_BOX_PUBLIC_SIZE];
  gint64                serial;
  KindredKey           *key;
  gboolean              update_removed;  /* a key update without a key for us */
  char                 *details[5];      /* name, description, meets, rules, note */
  char                 *facilitator_pseudonym;
  GPtrArray            *roster;          /* RosterItem */

  gboolean              changed;
  char                 *message;
  char                 *member_id;
  char                 *result_share_id;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->store);
  g_free (job->path);
  g_free (job->expected_group);
  g_free (job->group_id);
  g_free (job->signer_id);
  g_free (job->share_id);
  g_clear_pointer (&job->payload, g_bytes_unref);
  g_free (job->reply_id);
  g_free (job->text);
  g_free (job->pseudonym);
  g_clear_pointer (&job->key, kindred_key_unref);
  for (guint i = 0; i < G_N_ELEMENTS (job->details); i++)
    g_free (job->details[i]);
  g_free (job->facilitator_pseudonym);
  g_clear_pointer (&job->roster, g_ptr_array_unref);
  g_free (job->message);
  g_free (job->member_id);
  g_free (job->result_share_id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportJob, import_job_free)

static ImportJob *
import_job_new (KindredGroups *self,
                const char    *path,
                KindredGroup  *expected_group)
{
  ImportJob *job = g_new0 (ImportJob, 1);

  job->store = g_object_ref (self->store);
  job->path = g_strdup (path);
  job->expected_group = expected_group != NULL ?
                        g_strdup (kindred_group_get_id (expected_group)) : NULL;
  job->now = now_of (self);
  return job;
}

typedef struct
{
  const char  *group_id;
  const char  *member_id;   /* nullable */
  gboolean     want_key;
  guint        epoch;
  GroupCtx    *ctx;
  MemberRow   *member;
  KindredKey  *key;
} CtxLoad;

static void
ctx_load_clear (CtxLoad *load)
{
  g_clear_pointer (&load->ctx, group_ctx_free);
  g_clear_pointer (&load->member, member_row_free);
  g_clear_pointer (&load->key, kindred_key_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtxLoad, ctx_load_clear)

static gboolean
load_ctx_cb (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  CtxLoad *load = data;
  GError *local = NULL;

  load->ctx = load_ctx (db, load->group_id, TRUE, error);
  if (load->ctx == NULL)
    return FALSE;
  if (load->member_id != NULL)
    load->member = load_member (db, load->group_id, load->member_id, &local);
  if (local == NULL && load->want_key)
    load->key = load_key (db, load->group_id, load->epoch, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_me (GroupCtx     *ctx,
       const guint8 *signer)
{
  return memcmp (kindred_key_pair_get_public (ctx->sign), signer, KINDRED_SIGN_PUBLIC_SIZE) == 0;
}

static gboolean
get_audience (JsonObject           *header,
              KindredShareAudience *audience,
              GError              **error)
{
  const char *text = kindred_envelope_get_string (header, "audience", error);

  if (text == NULL)
    return FALSE;
  if (!_kindred_share_audience_from_string (text, audience))
    return malformed (error, "audience");
  return TRUE;
}

static gboolean
prepare_join (ImportJob        *job,
              KindredEnvelope  *envelope,
              GError          **error)
{
  JsonObject *header = kindred_envelope_get_header (envelope);
  g_auto(CtxLoad) load = { job->group_id, NULL, TRUE, 0, NULL, NULL, NULL };
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonObject) object = NULL;
  KindredEnvelopeKeys keys = { 0, };
  const char *pseudonym;
  gboolean accepted = FALSE;
  gint64 epoch;

  if (!kindred_envelope_get_int (header, "epoch", 1, G_MAXUINT32, &epoch, error))
    return FALSE;
  load.epoch = (guint) epoch;
  if (!_kindred_store_read (job->store, load_ctx_cb, &load, error))
    return FALSE;
  if (load.ctx->role != KINDRED_GROUP_ROLE_FACILITATOR)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
  if (load.key == NULL)
    return groups_error (error, epoch > load.ctx->epoch ? KINDRED_GROUPS_ERROR_NEWER_KEY :
                                                          KINDRED_GROUPS_ERROR_OLD_INVITE);

  keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
  keys.secret_key = load.key;
  payload = kindred_envelope_open_payload (envelope, &keys, error);
  if (payload == NULL)
    return FALSE;
  object = parse_payload (payload, error);
  if (object == NULL || !check_group_id (object, job->group_id, error))
    return FALSE;
  pseudonym = get_text (object, "pseudonym", KINDRED_GROUPS_MAX_PSEUDONYM, FALSE, error);
  if (pseudonym == NULL ||
      !kindred_envelope_get_key (object, "sign_key", job->member_sign, KINDRED_SIGN_PUBLIC_SIZE,
                                 error) ||
      !kindred_envelope_get_key (object, "box_key", job->member_box, KINDRED_BOX_PUBLIC_SIZE,
                                 error) ||
      !get_flag (object, "accepted_rules", &accepted, error))
    return FALSE;
  if (!accepted)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_ACCEPTED);
  /* The keys it brings must be its writer's: nobody joins in someone else's name. */
  if (memcmp (job->member_sign, job->signer, KINDRED_SIGN_PUBLIC_SIZE) != 0 ||
      is_me (load.ctx, job->signer))
    return groups_error (error, KINDRED_GROUPS_ERROR_WRONG_SIGNER);
  if (epoch < load.ctx->epoch)
    return groups_error (error, KINDRED_GROUPS_ERROR_OLD_INVITE);

  job->epoch = (guint) epoch;
  job->pseudonym = g_strdup (pseudonym);
  job->member_id = b64 (job->member_sign, KINDRED_SIGN_PUBLIC_SIZE);
  return TRUE;
}

static gboolean
prepare_share (ImportJob        *job,
               KindredEnvelope  *envelope,
               GError          **error)
{
  JsonObject *header = kindred_envelope_get_header (envelope);
  g_auto(CtxLoad) load = { job->group_id, job->signer_id, FALSE, 0, NULL, NULL, NULL };
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *text = NULL;
  KindredSharePayloadInfo info = { 0, };
  KindredEnvelopeKeys keys = { 0, };
  const char *share_id;
  gint64 epoch;
  guint n_moods = 0;
  gboolean all_lowest = TRUE;

  share_id = get_text (header, "share_id", MAX_ID_CHARS, FALSE, error);
  if (share_id == NULL ||
      !kindred_envelope_get_int (header, "sequence", 1, G_MAXINT64, &job->sequence, error) ||
      !kindred_envelope_get_int (header, "epoch", 1, G_MAXUINT32, &epoch, error) ||
      !get_audience (header, &job->audience, error) ||
      !kindred_envelope_get_int (header, "shared_at", 0, G_MAXINT64, &job->shared_at, error))
    return FALSE;
  job->share_id = g_strdup (share_id);
  job->epoch = (guint) epoch;

  if (!_kindred_store_read (job->store, load_ctx_cb, &load, error))
    return FALSE;
  if (is_me (load.ctx, job->signer))
    {
      job->own = TRUE;
      return TRUE;
    }
  if (load.ctx->role == KINDRED_GROUP_ROLE_MEMBER)
    {
      if (load.ctx->removed)
        return groups_error (error, KINDRED_GROUPS_ERROR_REMOVED);
      if (job->audience == KINDRED_SHARE_AUDIENCE_FACILITATOR)
        return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
    }
  if (load.member == NULL)
    return groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER);
  if (load.member->removed)
    return groups_error (error, KINDRED_GROUPS_ERROR_REMOVED_MEMBER);

  if (job->audience == KINDRED_SHARE_AUDIENCE_GROUP)
    {
      if (job->epoch < load.ctx->epoch)
        return groups_error (error, KINDRED_GROUPS_ERROR_OLD_KEY);
      if (job->epoch > load.ctx->epoch)
        return groups_error (error, KINDRED_GROUPS_ERROR_NEWER_KEY);
      keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
      keys.secret_key = load.ctx->key;
    }
  else
    {
      keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
      keys.recipient = load.ctx->box;
    }

  payload = kindred_envelope_open_payload (envelope, &keys, error);
  if (payload == NULL)
    return FALSE;
  if (!_kindred_share_payload_parse (payload, &info, &object, error))
    return FALSE;
  if (!check_group_id (object, job->group_id, error) ||
      !check_same_string (object, "share_id", job->share_id, error) ||
      !check_same_string (object, "audience", _kindred_share_audience_to_string (job->audience),
                          error) ||
      !_kindred_share_level_from_string (json_object_get_string_member (object, "level"),
                                         &job->level))
    {
      _kindred_share_payload_info_clear (&info);
      return FALSE;
    }

  text = kindred_share_render_text (payload, error);
  if (text == NULL)
    {
      _kindred_share_payload_info_clear (&info);
      return FALSE;
    }
  job->flags = _kindred_crisis_phrases_match (text) ? KINDRED_SHARE_FLAG_WORDS :
                                                      KINDRED_SHARE_FLAG_NONE;
  for (guint i = 0; i < info.n_entries; i++)
    if (info.moods[i] > 0)
      {
        n_moods++;
        if (info.moods[i] != KINDRED_MOOD_MIN)
          all_lowest = FALSE;
      }
  job->lowest = n_moods > 0 && all_lowest;
  _kindred_share_payload_info_clear (&info);

  job->payload = g_steal_pointer (&payload);
  return TRUE;
}

static gboolean
prepare_retraction (ImportJob        *job,
                    KindredEnvelope  *envelope,
                    GError          **error)
{
  JsonObject *header = kindred_envelope_get_header (envelope);
  g_auto(CtxLoad) load = { job->group_id, job->signer_id, FALSE, 0, NULL, NULL, NULL };
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonObject) object = NULL;
  KindredEnvelopeKeys keys = { 0, };
  const char *share_id;
  gint64 epoch;

  share_id = get_text (header, "share_id", MAX_ID_CHARS, FALSE, error);
  if (share_id == NULL ||
      !kindred_envelope_get_int (header, "epoch", 1, G_MAXUINT32, &epoch, error) ||
      !get_audience (header, &job->audience, error))
    return FALSE;
  job->share_id = g_strdup (share_id);
  job->epoch = (guint) epoch;

  load.want_key = job->audience == KINDRED_SHARE_AUDIENCE_GROUP;
  load.epoch = job->epoch;
  if (!_kindred_store_read (job->store, load_ctx_cb, &load, error))
    return FALSE;
  if (is_me (load.ctx, job->signer))
    {
      job->own = TRUE;
      return TRUE;
    }
  if (load.ctx->role == KINDRED_GROUP_ROLE_MEMBER &&
      job->audience == KINDRED_SHARE_AUDIENCE_FACILITATOR)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
  /* A member removed since may still take back what they shared. */
  if (load.member == NULL)
    return groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER);

  if (job->audience == KINDRED_SHARE_AUDIENCE_GROUP)
    {
      if (load.key == NULL)
        return groups_error (error, KINDRED_GROUPS_ERROR_NEWER_KEY);
      keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
      keys.secret_key = load.key;
    }
  else
    {
      keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
      keys.recipient = load.ctx->box;
    }

  payload = kindred_envelope_open_payload (envelope, &keys, error);
  if (payload == NULL)
    return FALSE;
  object = parse_payload (payload, error);
  return object != NULL &&
         check_group_id (object, job->group_id, error) &&
         check_same_string (object, "share_id", job->share_id, error) &&
         kindred_envelope_get_int (object, "retracted_at", 0, G_MAXINT64, &job->retracted_at,
                                   error);
}

static gboolean
prepare_reply (ImportJob        *job,
               KindredEnvelope  *envelope,
               GError          **error)
{
  JsonObject *header = kindred_envelope_get_header (envelope);
  g_auto(CtxLoad) load = { job->group_id, NULL, FALSE, 0, NULL, NULL, NULL };
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonObject) object = NULL;
  KindredEnvelopeKeys keys = { 0, };
  guint8 recipient[KINDRED_BOX_PUBLIC_SIZE];
  const char *share_id;
  const char *reply_id;
  const char *text;

  share_id = get_text (header, "share_id", MAX_ID_CHARS, FALSE, error);
  reply_id = share_id != NULL ? get_text (header, "reply_id", MAX_ID_CHARS, FALSE, error) : NULL;
  if (reply_id == NULL)
    return FALSE;
  job->share_id = g_strdup (share_id);
  job->reply_id = g_strdup (reply_id);

  if (!_kindred_store_read (job->store, load_ctx_cb, &load, error))
    return FALSE;
  if (load.ctx->role == KINDRED_GROUP_ROLE_FACILITATOR)
    {
      if (!is_me (load.ctx, job->signer))
        return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
      job->own = TRUE;
      return TRUE;
    }
  if (memcmp (job->signer, load.ctx->facilitator_sign, KINDRED_SIGN_PUBLIC_SIZE) != 0)
    return groups_error (error, KINDRED_GROUPS_ERROR_WRONG_SIGNER);
  if (kindred_envelope_get_seal (envelope) != KINDRED_ENVELOPE_SEAL_BOX)
    return malformed (error, "seal");
  if (!kindred_envelope_get_key (header, "recipient", recipient, sizeof recipient, error))
    return FALSE;
  if (memcmp (recipient, kindred_key_pair_get_public (load.ctx->box), sizeof recipient) != 0)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);

  keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
  keys.recipient = load.ctx->box;
  payload = kindred_envelope_open_payload (envelope, &keys, error);
  if (payload == NULL)
    return FALSE;
  object = parse_payload (payload, error);
  if (object == NULL ||
      !check_group_id (object, job->group_id, error) ||
      !check_same_string (object, "share_id", job->share_id, error) ||
      !check_same_string (object, "reply_id", job->reply_id, error) ||
      !kindred_envelope_get_int (object, "written_at", 0, G_MAXINT64, &job->written_at, error))
    return FALSE;
  text = get_text (object, "text", KINDRED_GROUPS_MAX_REPLY, FALSE, error);
  if (text == NULL)
    return FALSE;
  job->text = g_strdup (text);
  return TRUE;
}

static gboolean
prepare_key_update (ImportJob        *job,
                    KindredEnvelope  *envelope,
                    GError          **error)
{
  JsonObject *header = kindred_envelope_get_header (envelope);
  g_auto(CtxLoad) load = { job->group_id, NULL, FALSE, 0, NULL, NULL, NULL };
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GBytes) inner = NULL;
  g_autoptr(KindredEnvelope) inner_envelope = NULL;
  g_autoptr(GBytes) clear = NULL;
  g_autoptr(JsonObject) content = NULL;
  KindredEnvelopeKeys keys = { 0, };
  static const char * const detail_names[] = {
    "name", "description", "meets", "ground_rules", "escalation_note"
  };
  const char *mine = NULL;
  const char *text;
  JsonNode *node;
  JsonArray *wrapped;
  gint64 epoch;

  if (!kindred_envelope_get_int (header, "epoch", 1, G_MAXUINT32, &epoch, error) ||
      !kindred_envelope_get_int (header, "serial", 0, G_MAXINT64, &job->serial, error))
    return FALSE;
  job->epoch = (guint) epoch;

  if (!_kindred_store_read (job->store, load_ctx_cb, &load, error))
    return FALSE;
  if (load.ctx->role == KINDRED_GROUP_ROLE_FACILITATOR)
    {
      if (!is_me (load.ctx, job->signer))
        return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
      job->own = TRUE;
      return TRUE;
    }
  if (memcmp (job->signer, load.ctx->facilitator_sign, KINDRED_SIGN_PUBLIC_SIZE) != 0)
    return groups_error (error, KINDRED_GROUPS_ERROR_WRONG_SIGNER);

  payload = kindred_envelope_open_payload (envelope, NULL, error);
  if (payload == NULL)
    return FALSE;
  object = parse_payload (payload, error);
  if (object == NULL ||
      !check_group_id (object, job->group_id, error) ||
      !check_same_int (object, "epoch", job->epoch, error) ||
      !check_same_int (object, "serial", job->serial, error))
    return FALSE;

  node = json_object_get_member (object, "keys");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) > KINDRED_GROUPS_MAX_MEMBERS)
    return malformed (error, "keys");
  wrapped = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (wrapped); i++)
    {
      JsonNode *element = json_array_get_element (wrapped, i);
      const char *member;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return malformed (error, "keys");
      member = get_text (json_node_get_object (element), "member", MAX_ID_CHARS, FALSE, error);
      if (member == NULL)
        return FALSE;
      if (strcmp (member, load.ctx->my_id) == 0)
        {
          mine = get_text (json_node_get_object (element), "envelope", 8192, FALSE, error);
          if (mine == NULL)
            return FALSE;
        }
    }
  if (mine == NULL)
    {
      /* No key for us: the facilitator removed this journal from the group. */
      job->update_removed = TRUE;
      return TRUE;
    }
  if (job->epoch < load.ctx->epoch)
    return malformed (error, "epoch");

  /* Our key, sealed to our box key */
  inner = decode_b64 (mine, 8192, "keys", error);
  if (inner == NULL)
    return FALSE;
  inner_envelope = kindred_envelope_open_bytes (inner, KINDRED_GROUPS_KIND_GROUP_KEY,
                                                KINDRED_GROUPS_FORMAT_VERSION, error);
  if (inner_envelope == NULL ||
      !check_same_string (kindred_envelope_get_header (inner_envelope), "group_id",
                          job->group_id, error) ||
      !check_same_int (kindred_envelope_get_header (inner_envelope), "epoch", job->epoch, error))
    return FALSE;
  keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
  keys.recipient = load.ctx->box;
  clear = kindred_envelope_open_payload (inner_envelope, &keys, error);
  if (clear == NULL)
    return FALSE;
  if (g_bytes_get_size (clear) != KINDRED_KEY_SIZE)
    return malformed (error, "keys");
  job->key = kindred_key_new_from_data (g_bytes_get_data (clear, NULL), KINDRED_KEY_SIZE);
  g_clear_pointer (&clear, g_bytes_unref);
  g_clear_pointer (&inner_envelope, kindred_envelope_unref);
  g_clear_pointer (&inner, g_bytes_unref);

  /* The details and the roster, under that key */
  text = get_text (object, "content", KINDRED_GROUPS_MAX_KEY_UPDATE_SIZE, FALSE, error);
  if (text == NULL)
    return FALSE;
  inner = decode_b64 (text, KINDRED_GROUPS_MAX_KEY_UPDATE_SIZE, "content", error);
  if (inner == NULL)
    return FALSE;
  inner_envelope = kindred_envelope_open_bytes (inner, KINDRED_GROUPS_KIND_GROUP_ROSTER,
                                                KINDRED_GROUPS_FORMAT_VERSION, error);
  if (inner_envelope == NULL ||
      !check_same_string (kindred_envelope_get_header (inner_envelope), "group_id",
                          job->group_id, error) ||
      !check_same_int (kindred_envelope_get_header (inner_envelope), "epoch", job->epoch,
                       error) ||
      !check_same_int (kindred_envelope_get_header (inner_envelope), "serial", job->serial,
                       error))
    return FALSE;
  memset (&keys, 0, sizeof keys);
  keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
  keys.secret_key = job->key;
  clear = kindred_envelope_open_payload (inner_envelope, &keys, error);
  if (clear == NULL)
    return FALSE;
  content = parse_payload (clear, error);
  if (content == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (detail_names); i++)
    {
      const char *value = get_text (content, detail_names[i],
                                    i == 0 ? KINDRED_GROUPS_MAX_NAME : KINDRED_GROUPS_MAX_DETAILS,
                                    i != 0, error);

      if (value == NULL)
        return FALSE;
      job->details[i] = g_strdup (value);
    }
  text = get_text (content, "facilitator_pseudonym", KINDRED_GROUPS_MAX_PSEUDONYM, FALSE, error);
  if (text == NULL)
    return FALSE;
  job->facilitator_pseudonym = g_strdup (text);
  job->roster = members_from_json (content, TRUE, error);
  return job->roster != NULL;
}

static gboolean
kind_from_name (const char           *name,
                KindredGroupFileKind *kind)
{
  for (guint k = KINDRED_GROUP_FILE_INVITE; k <= KINDRED_GROUP_FILE_KEY_UPDATE; k++)
    if (g_strcmp0 (name, kindred_group_file_kind_get_name (k)) == 0)
      {
        *kind = (KindredGroupFileKind) k;
        return TRUE;
      }
  return FALSE;
}

static gsize
max_size_of (KindredGroupFileKind kind)
{
  switch (kind)
    {
    case KINDRED_GROUP_FILE_INVITE:
      return KINDRED_GROUPS_MAX_INVITE_SIZE;
    case KINDRED_GROUP_FILE_JOIN:
      return KINDRED_GROUPS_MAX_JOIN_SIZE;
    case KINDRED_GROUP_FILE_SHARE:
      return KINDRED_GROUPS_MAX_SHARE_SIZE;
    case KINDRED_GROUP_FILE_RETRACTION:
      return KINDRED_GROUPS_MAX_RETRACTION_SIZE;
    case KINDRED_GROUP_FILE_REPLY:
      return KINDRED_GROUPS_MAX_REPLY_SIZE;
    case KINDRED_GROUP_FILE_KEY_UPDATE:
    default:
      return KINDRED_GROUPS_MAX_KEY_UPDATE_SIZE;
    }
}

static gboolean
prepare_import (ImportJob  *job,
                GError    **error)
{
  g_autoptr(KindredEnvelope) envelope = NULL;
  JsonObject *header;
  const char *group_id;
  GStatBuf st;

  /* The largest kind's limit before a byte is read (the envelope looks at the size
   * of what it opened); the kind's own once the header says which it is. */
  envelope = kindred_envelope_open (job->path, NULL, KINDRED_GROUPS_FORMAT_VERSION,
                                    KINDRED_GROUPS_MAX_SHARE_SIZE, error);
  if (envelope == NULL)
    return FALSE;
  if (!kind_from_name (kindred_envelope_get_kind (envelope), &job->kind))
    {
      g_set_error_literal (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_WRONG_KIND,
                           _("This Kindred file is not a group file."));
      return FALSE;
    }
  if (g_stat (job->path, &st) == 0 && (guint64) st.st_size > max_size_of (job->kind))
    {
      g_set_error_literal (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_TOO_LARGE,
                           _("The file is larger than a Kindred file of its kind can be."));
      return FALSE;
    }

  header = kindred_envelope_get_header (envelope);
  group_id = get_text (header, "group_id", MAX_ID_CHARS, FALSE, error);
  if (group_id == NULL)
    return FALSE;
  job->group_id = g_strdup (group_id);
  if (job->expected_group != NULL && strcmp (job->expected_group, group_id) != 0)
    return groups_error (error, KINDRED_GROUPS_ERROR_OTHER_GROUP);

  /* Every group file is signed; who must have signed it depends on the kind. */
  if (!kindred_envelope_check_signer (envelope, NULL, error))
    return FALSE;
  memcpy (job->signer, kindred_envelope_get_signer (envelope), sizeof job->signer);
  job->signer_id = b64 (job->signer, sizeof job->signer);

  switch (job->kind)
    {
    case KINDRED_GROUP_FILE_INVITE:
      return TRUE;
    case KINDRED_GROUP_FILE_JOIN:
      return prepare_join (job, envelope, error);
    case KINDRED_GROUP_FILE_SHARE:
      return prepare_share (job, envelope, error);
    case KINDRED_GROUP_FILE_RETRACTION:
      return prepare_retraction (job, envelope, error);
    case KINDRED_GROUP_FILE_REPLY:
      return prepare_reply (job, envelope, error);
    case KINDRED_GROUP_FILE_KEY_UPDATE:
      return prepare_key_update (job, envelope, error);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Importing: apply (one transaction, any thread) */

static gboolean
nothing (ImportJob  *job,
         char       *message,
         GError    **error)
{
  job->changed = FALSE;
  g_free (job->message);
  job->message = message;
  g_set_error_literal (error, nothing_to_do_quark (), 0, "nothing to do");
  return FALSE;
}

static gboolean
bump_serial (sqlite3     *db,
             const char  *group_id,
             GError     **error)
{
  return exec_sql (db, "UPDATE groups SET serial = serial + 1 WHERE id = ?1", group_id, error);
}

static gboolean
apply_join (sqlite3    *db,
            ImportJob  *job,
            GError    **error)
{
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, FALSE, error);
  g_autoptr(MemberRow) existing = NULL;
  g_autoptr(GPtrArray) members = NULL;
  GError *local = NULL;
  guint active = 0;

  if (ctx == NULL)
    return FALSE;
  if (job->epoch < ctx->epoch)
    return groups_error (error, KINDRED_GROUPS_ERROR_OLD_INVITE);

  existing = load_member (db, job->group_id, job->member_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (existing != NULL)
    {
      if (existing->removed)
        return groups_error (error, KINDRED_GROUPS_ERROR_REMOVED_MEMBER);
      /* Translators: a pseudonym, then a group's name */
      return nothing (job, g_strdup_printf (_("%s is already in %s."), existing->pseudonym,
                                            ctx->name), error);
    }

  members = load_members (db, job->group_id, error);
  if (members == NULL)
    return FALSE;
  if (same_text (job->pseudonym, ctx->pseudonym))
    return groups_error (error, KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN);
  for (guint i = 0; i < members->len; i++)
    {
      MemberRow *row = g_ptr_array_index (members, i);

      if (same_text (job->pseudonym, row->pseudonym))
        return groups_error (error, KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN);
      if (!row->removed)
        active++;
    }
  if (active >= KINDRED_GROUPS_MAX_MEMBERS)
    return invalid (error, _("This group already has as many members as Kindred allows."));

  if (!insert_member (db, job->group_id, job->pseudonym, job->member_sign, job->member_box,
                      job->now, error) ||
      !bump_serial (db, job->group_id, error))
    return FALSE;

  job->changed = TRUE;
  /* Translators: a pseudonym, then a group's name */
  job->message = g_strdup_printf (_("%s joined %s."), job->pseudonym, ctx->name);
  return TRUE;
}

static gboolean
apply_share (sqlite3    *db,
             ImportJob  *job,
             GError    **error)
{
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, FALSE, error);
  g_autoptr(MemberRow) member = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local = NULL;
  KindredShareFlags flags = job->flags;
  gboolean exists = FALSE;

  if (ctx == NULL)
    return FALSE;
  if (!row_exists (db, "SELECT 1 FROM group_shares WHERE group_id = ?1 AND id = ?2",
                   job->group_id, job->share_id, &exists, error))
    return FALSE;
  if (job->own)
    {
      if (exists)
        job->result_share_id = g_strdup (job->share_id);
      return nothing (job, g_strdup (_("This is one of your own shares.")), error);
    }
  if (ctx->role == KINDRED_GROUP_ROLE_MEMBER && ctx->removed)
    return groups_error (error, KINDRED_GROUPS_ERROR_REMOVED);
  if (exists)
    {
      job->result_share_id = g_strdup (job->share_id);
      return nothing (job, g_strdup (_("This share was already here.")), error);
    }
  if (!row_exists (db, "SELECT 1 FROM group_retractions WHERE group_id = ?1 AND share_id = ?2",
                   job->group_id, job->share_id, &exists, error))
    return FALSE;
  if (exists)
    return groups_error (error, KINDRED_GROUPS_ERROR_RETRACTED);

  member = load_member (db, job->group_id, job->signer_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (member == NULL)
    return groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER);
  if (member->removed)
    return groups_error (error, KINDRED_GROUPS_ERROR_REMOVED_MEMBER);
  if (job->sequence <= member->last_sequence)
    return groups_error (error, KINDRED_GROUPS_ERROR_OLDER_SEQUENCE);
  if (job->audience == KINDRED_SHARE_AUDIENCE_GROUP && job->epoch != ctx->epoch)
    return groups_error (error, job->epoch < ctx->epoch ? KINDRED_GROUPS_ERROR_OLD_KEY :
                                                          KINDRED_GROUPS_ERROR_NEWER_KEY);

  if (job->lowest)
    {
      guint needed = KINDRED_GROUPS_LOW_MOOD_SHARES - 1;
      guint found = 0;
      gboolean all = TRUE;

      stmt = prepare (db, "SELECT lowest FROM group_shares WHERE group_id = ?1"
                          " AND author_id = ?2 AND mine = 0 AND retracted = 0"
                          " ORDER BY sequence DESC LIMIT ?3", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, job->group_id);
      bind_text (stmt, 2, job->signer_id);
      sqlite3_bind_int (stmt, 3, (int) needed);
      while (step_row (db, stmt, &local))
        {
          found++;
          if (sqlite3_column_int (stmt, 0) == 0)
            all = FALSE;
        }
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (found == needed && all)
        flags |= KINDRED_SHARE_FLAG_LOW_MOODS;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  stmt = prepare (db, "INSERT INTO group_shares (group_id, id, author_id, mine, audience, level,"
                      " sequence, epoch, shared_at, received_at, payload, lowest, flags)"
                      " VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  bind_text (stmt, 3, job->signer_id);
  sqlite3_bind_int (stmt, 4, job->audience);
  sqlite3_bind_int (stmt, 5, job->level);
  sqlite3_bind_int64 (stmt, 6, job->sequence);
  sqlite3_bind_int64 (stmt, 7, job->epoch);
  sqlite3_bind_int64 (stmt, 8, job->shared_at);
  sqlite3_bind_int64 (stmt, 9, job->now);
  bind_blob (stmt, 10, g_bytes_get_data (job->payload, NULL), g_bytes_get_size (job->payload));
  sqlite3_bind_int (stmt, 11, job->lowest);
  sqlite3_bind_int (stmt, 12, flags);
  if (!step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "UPDATE group_members SET last_sequence = ?3"
                      " WHERE group_id = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->signer_id);
  sqlite3_bind_int64 (stmt, 3, job->sequence);
  if (!step_done (db, stmt, error))
    return FALSE;

  job->changed = TRUE;
  job->result_share_id = g_strdup (job->share_id);
  if (ctx->role == KINDRED_GROUP_ROLE_FACILITATOR)
    /* Translators: a pseudonym */
    job->message = g_strdup_printf (_("A share from %s was added to the review queue."),
                                    member->pseudonym);
  else
    /* Translators: a pseudonym, then a group's name */
    job->message = g_strdup_printf (_("A share from %s was added to %s."), member->pseudonym,
                                    ctx->name);
  return TRUE;
}

static gboolean
apply_retraction (sqlite3    *db,
                  ImportJob  *job,
                  GError    **error)
{
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, FALSE, error);
  g_autoptr(MemberRow) member = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local = NULL;
  gboolean exists = FALSE;

  if (ctx == NULL)
    return FALSE;
  if (job->own)
    return nothing (job, g_strdup (_("This is one of your own files.")), error);
  if (!row_exists (db, "SELECT 1 FROM group_retractions WHERE group_id = ?1 AND share_id = ?2",
                   job->group_id, job->share_id, &exists, error))
    return FALSE;
  if (exists)
    {
      if (row_exists (db, "SELECT 1 FROM group_shares WHERE group_id = ?1 AND id = ?2",
                      job->group_id, job->share_id, &exists, NULL) && exists)
        job->result_share_id = g_strdup (job->share_id);
      return nothing (job, g_strdup (_("This share was already taken back.")), error);
    }

  member = load_member (db, job->group_id, job->signer_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (member == NULL)
    return groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER);

  stmt = prepare (db, "SELECT author_id, mine FROM group_shares WHERE group_id = ?1 AND id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  if (step_row (db, stmt, &local))
    {
      /* Only its author can take a share back. */
      if (sqlite3_column_int (stmt, 1) != 0 ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), job->signer_id) != 0)
        return groups_error (error, KINDRED_GROUPS_ERROR_WRONG_SIGNER);
      g_clear_pointer (&stmt, sqlite3_finalize);

      /* The copy goes; a marker that it was retracted stays. */
      stmt = prepare (db, "UPDATE group_shares SET retracted = 1, retracted_at = ?3,"
                          " payload = NULL, flags = 0, lowest = 0"
                          " WHERE group_id = ?1 AND id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, job->group_id);
      bind_text (stmt, 2, job->share_id);
      sqlite3_bind_int64 (stmt, 3, job->retracted_at > 0 ? job->retracted_at : job->now);
      if (!step_done (db, stmt, error))
        return FALSE;
      job->result_share_id = g_strdup (job->share_id);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "INSERT INTO group_retractions (group_id, share_id, author_id, retracted_at)"
                      " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  bind_text (stmt, 3, job->signer_id);
  sqlite3_bind_int64 (stmt, 4, job->retracted_at > 0 ? job->retracted_at : job->now);
  if (!step_done (db, stmt, error))
    return FALSE;

  job->changed = TRUE;
  /* Translators: a pseudonym */
  job->message = g_strdup_printf (_("%s took back a share."), member->pseudonym);
  return TRUE;
}

static gboolean
apply_reply (sqlite3    *db,
             ImportJob  *job,
             GError    **error)
{
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, FALSE, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local = NULL;
  gboolean exists = FALSE;

  if (ctx == NULL)
    return FALSE;
  if (!row_exists (db, "SELECT 1 FROM group_replies WHERE group_id = ?1 AND id = ?2",
                   job->group_id, job->reply_id, &exists, error))
    return FALSE;
  if (exists || job->own)
    {
      if (exists)
        job->result_share_id = g_strdup (job->share_id);
      return nothing (job, g_strdup (exists ? _("This reply was already here.") :
                                              _("This is one of your own files.")), error);
    }

  stmt = prepare (db, "SELECT mine FROM group_shares WHERE group_id = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  if (!step_row (db, stmt, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_SHARE);
    }
  if (sqlite3_column_int (stmt, 0) == 0)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FOR_YOU);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "INSERT INTO group_replies (group_id, id, share_id, text, written_at, mine)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, 0)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->reply_id);
  bind_text (stmt, 3, job->share_id);
  bind_text (stmt, 4, job->text);
  sqlite3_bind_int64 (stmt, 5, job->written_at > 0 ? job->written_at : job->now);
  if (!step_done (db, stmt, error))
    return FALSE;

  job->changed = TRUE;
  job->result_share_id = g_strdup (job->share_id);
  /* Translators: the facilitator's pseudonym */
  job->message = g_strdup_printf (_("%s replied to your share."), ctx->facilitator_pseudonym);
  return TRUE;
}

static gboolean
apply_key_update (sqlite3    *db,
                  ImportJob  *job,
                  GError    **error)
{
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, FALSE, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (ctx == NULL)
    return FALSE;
  if (job->own)
    return nothing (job, g_strdup (_("This is one of your own files.")), error);
  if (job->serial < ctx->serial)
    return groups_error (error, KINDRED_GROUPS_ERROR_OLDER_SEQUENCE);
  if (job->serial == ctx->serial)
    return nothing (job, g_strdup (_("This update was already here.")), error);

  if (job->update_removed)
    {
      stmt = prepare (db, "UPDATE groups SET removed = 1, serial = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, job->group_id);
      sqlite3_bind_int64 (stmt, 2, job->serial);
      if (!step_done (db, stmt, error))
        return FALSE;
      job->changed = TRUE;
      /* Translators: a group's name */
      job->message = g_strdup_printf (_("This journal is no longer part of %s. What was shared "
                                        "and received stays here."), ctx->name);
      return TRUE;
    }

  if (job->epoch < ctx->epoch)
    return malformed (error, "epoch");
  if (!insert_key (db, job->group_id, job->epoch, job->key, error))
    return FALSE;

  stmt = prepare (db, "UPDATE groups SET name = ?2, description = ?3, meets = ?4,"
                      " ground_rules = ?5, escalation_note = ?6, facilitator_pseudonym = ?7,"
                      " epoch = ?8, serial = ?9, removed = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  for (guint i = 0; i < G_N_ELEMENTS (job->details); i++)
    bind_text (stmt, (int) i + 2, job->details[i]);
  bind_text (stmt, 7, job->facilitator_pseudonym);
  sqlite3_bind_int64 (stmt, 8, job->epoch);
  sqlite3_bind_int64 (stmt, 9, job->serial);
  if (!step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "UPDATE group_members SET pseudonym = ?3, removed = ?4"
                      " WHERE group_id = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < job->roster->len; i++)
    {
      RosterItem *item = g_ptr_array_index (job->roster, i);
      g_autofree char *id = b64 (item->sign, sizeof item->sign);
      g_autoptr(MemberRow) existing = NULL;
      GError *local = NULL;

      existing = load_member (db, job->group_id, id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (existing == NULL &&
          !insert_member (db, job->group_id, item->pseudonym, item->sign, item->box, job->now,
                          error))
        return FALSE;
      sqlite3_reset (stmt);
      bind_text (stmt, 1, job->group_id);
      bind_text (stmt, 2, id);
      bind_text (stmt, 3, item->pseudonym);
      sqlite3_bind_int (stmt, 4, item->removed);
      if (!step_done (db, stmt, error))
        return FALSE;
    }

  job->changed = TRUE;
  if (job->epoch != ctx->epoch)
    /* Translators: a group's name */
    job->message = g_strdup_printf (_("%s has a new group key."), job->details[0]);
  else
    /* Translators: a group's name */
    job->message = g_strdup_printf (_("The details of %s were brought up to date."),
                                    job->details[0]);
  return TRUE;
}

static gboolean
apply_import (sqlite3  *db,
              gpointer  data,
              GError  **error)
{
  ImportJob *job = data;

  switch (job->kind)
    {
    case KINDRED_GROUP_FILE_JOIN:
      return apply_join (db, job, error);
    case KINDRED_GROUP_FILE_SHARE:
      return apply_share (db, job, error);
    case KINDRED_GROUP_FILE_RETRACTION:
      return apply_retraction (db, job, error);
    case KINDRED_GROUP_FILE_REPLY:
      return apply_reply (db, job, error);
    case KINDRED_GROUP_FILE_KEY_UPDATE:
      return apply_key_update (db, job, error);
    case KINDRED_GROUP_FILE_INVITE:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* prepare + apply: any thread. */
static gboolean
run_import (ImportJob  *job,
            GError    **error)
{
  GError *local = NULL;

  if (!prepare_import (job, error))
    return FALSE;
  if (job->kind == KINDRED_GROUP_FILE_INVITE)
    {
      job->changed = FALSE;
      job->message = g_strdup (_("This is an invite to a group. Open it with its passphrase "
                                 "to join."));
      return TRUE;
    }
  if (_kindred_store_write (job->store, apply_import, job, FALSE, &local))
    return TRUE;
  if (local->domain == nothing_to_do_quark ())
    {
      g_error_free (local);
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

/* refresh: the home thread. */
static KindredGroupImport *
finish_import (KindredGroups *self,
               ImportJob     *job)
{
  KindredGroup *group = NULL;
  KindredGroupMember *member = NULL;
  KindredGroupShare *share = NULL;
  KindredGroupReply *reply = NULL;
  KindredGroupImport *result;

  if (job->kind != KINDRED_GROUP_FILE_INVITE)
    {
      if (job->changed)
        refresh_quietly (self, job->group_id);
      group = g_hash_table_lookup (self->by_id, job->group_id);
    }
  if (group != NULL)
    {
      if (job->member_id != NULL)
        member = kindred_group_lookup_member (group, job->member_id);
      if (job->result_share_id != NULL)
        share = kindred_group_lookup_share (group, job->result_share_id);
      if (share != NULL && job->reply_id != NULL)
        {
          GListModel *replies = kindred_group_share_get_replies (share);

          for (guint i = 0; i < g_list_model_get_n_items (replies); i++)
            {
              g_autoptr(KindredGroupReply) item = g_list_model_get_item (replies, i);

              if (g_strcmp0 (kindred_group_reply_get_id (item), job->reply_id) == 0)
                reply = item;
            }
        }
    }

  result = _kindred_group_import_new (job->kind, job->changed, group, member, share, reply,
                                      job->message);
  if (job->changed)
    g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, result);
  return result;
}

/* ------------------------------------------------------------------------- */
/* Writing operations: one transaction each, the file written inside it */

static gboolean
insert_group (sqlite3           *db,
              const char        *id,
              KindredGroupRole   role,
              const char        *name,
              const char        *description,
              const char        *meets,
              const char        *ground_rules,
              const char        *escalation_note,
              const char        *pseudonym,
              const char        *facilitator_pseudonym,
              const guint8      *facilitator_sign,
              const guint8      *facilitator_box,
              KindredKeyPair    *sign,
              KindredKeyPair    *box,
              guint              epoch,
              gint64             serial,
              gint64             created_at,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db, "INSERT INTO groups (id, role, name, description, meets, ground_rules,"
                      " escalation_note, pseudonym, facilitator_pseudonym, facilitator_sign,"
                      " facilitator_box, sign_secret, box_secret, epoch, serial, next_sequence,"
                      " removed, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                      " ?11, ?12, ?13, ?14, ?15, 1, 0, ?16)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, role);
  bind_text (stmt, 3, name);
  bind_text (stmt, 4, description);
  bind_text (stmt, 5, meets);
  bind_text (stmt, 6, ground_rules);
  bind_text (stmt, 7, escalation_note);
  bind_text (stmt, 8, pseudonym);
  bind_text (stmt, 9, facilitator_pseudonym);
  bind_blob (stmt, 10, facilitator_sign, KINDRED_SIGN_PUBLIC_SIZE);
  bind_blob (stmt, 11, facilitator_box, KINDRED_BOX_PUBLIC_SIZE);
  bind_blob (stmt, 12, kindred_key_pair_get_secret (sign), kindred_key_pair_get_secret_size (sign));
  bind_blob (stmt, 13, kindred_key_pair_get_secret (box), kindred_key_pair_get_secret_size (box));
  sqlite3_bind_int64 (stmt, 14, epoch);
  sqlite3_bind_int64 (stmt, 15, serial);
  sqlite3_bind_int64 (stmt, 16, created_at);
  return step_done (db, stmt, error);
}

typedef struct
{
  const char      *id;
  const char      *name;
  const char      *description;
  const char      *meets;
  const char      *ground_rules;
  const char      *escalation_note;
  const char      *pseudonym;
  KindredKeyPair  *sign;
  KindredKeyPair  *box;
  KindredKey      *key;
  gint64           now;
} CreateJob;

static gboolean
create_txn (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  CreateJob *job = data;
  gboolean exists = FALSE;

  if (!row_exists (db, "SELECT 1 FROM groups WHERE id = ?1 AND ?2 IS NOT NULL", job->id, "",
                   &exists, error))
    return FALSE;
  if (exists)
    return groups_error (error, KINDRED_GROUPS_ERROR_ALREADY_JOINED);

  return insert_group (db, job->id, KINDRED_GROUP_ROLE_FACILITATOR, job->name, job->description,
                       job->meets, job->ground_rules, job->escalation_note, job->pseudonym,
                       job->pseudonym, kindred_key_pair_get_public (job->sign),
                       kindred_key_pair_get_public (job->box), job->sign, job->box, 1, 0,
                       job->now, error) &&
         insert_key (db, job->id, 1, job->key, error);
}

typedef struct
{
  KindredGroupInvite  *invite;
  const char          *pseudonym;
  KindredKeyPair      *sign;
  KindredKeyPair      *box;
  const char          *path;
  gint64               now;
  gboolean             file_written;
} JoinJob;

static gboolean
join_txn (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  JoinJob *job = data;
  KindredGroupInvite *invite = job->invite;
  const char *group_id = kindred_group_invite_get_group_id (invite);
  GPtrArray *members = _kindred_group_invite_get_members (invite);
  g_autoptr(GroupCtx) ctx = NULL;
  gboolean exists = FALSE;

  if (!row_exists (db, "SELECT 1 FROM groups WHERE id = ?1 AND ?2 IS NOT NULL", group_id, "",
                   &exists, error))
    return FALSE;
  if (exists)
    return groups_error (error, KINDRED_GROUPS_ERROR_ALREADY_JOINED);

  if (!insert_group (db, group_id, KINDRED_GROUP_ROLE_MEMBER,
                     kindred_group_invite_get_name (invite),
                     kindred_group_invite_get_description (invite),
                     kindred_group_invite_get_meets (invite),
                     kindred_group_invite_get_ground_rules (invite),
                     kindred_group_invite_get_escalation_note (invite), job->pseudonym,
                     kindred_group_invite_get_facilitator_pseudonym (invite),
                     _kindred_group_invite_get_facilitator_sign (invite),
                     _kindred_group_invite_get_facilitator_box (invite), job->sign, job->box,
                     _kindred_group_invite_get_epoch (invite),
                     _kindred_group_invite_get_serial (invite), job->now, error) ||
      !insert_key (db, group_id, _kindred_group_invite_get_epoch (invite),
                   _kindred_group_invite_get_key (invite), error))
    return FALSE;

  for (guint i = 0; i < members->len; i++)
    {
      KindredRosterEntry *entry = g_ptr_array_index (members, i);

      /* A roster that names us (or someone twice) is not ours to repeat. */
      if (memcmp (entry->sign, kindred_key_pair_get_public (job->sign),
                  KINDRED_SIGN_PUBLIC_SIZE) == 0)
        continue;
      {
        g_autofree char *id = b64 (entry->sign, sizeof entry->sign);

        if (!row_exists (db, "SELECT 1 FROM group_members WHERE group_id = ?1 AND id = ?2",
                         group_id, id, &exists, error))
          return FALSE;
        if (exists)
          continue;
      }
      if (!insert_member (db, group_id, entry->pseudonym, entry->sign, entry->box, job->now,
                          error))
        return FALSE;
    }
  if (!insert_member (db, group_id, job->pseudonym, kindred_key_pair_get_public (job->sign),
                      kindred_key_pair_get_public (job->box), job->now, error))
    return FALSE;

  ctx = load_ctx (db, group_id, TRUE, error);
  if (ctx == NULL || !write_join_file (ctx, job->path, error))
    return FALSE;
  job->file_written = TRUE;
  return TRUE;
}

typedef struct
{
  KindredStore          *store;
  char                  *group_id;
  char                  *share_id;
  GBytes                *payload;
  KindredShareLevel      level;
  KindredShareAudience   audience;
  char                  *path;
  gint64                 now;
  gboolean               file_written;
} ShareJob;

static void
share_job_free (ShareJob *job)
{
  g_clear_object (&job->store);
  g_free (job->group_id);
  g_free (job->share_id);
  g_clear_pointer (&job->payload, g_bytes_unref);
  g_free (job->path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShareJob, share_job_free)

static gboolean
share_txn (sqlite3  *db,
           gpointer  data,
           GError  **error)
{
  ShareJob *job = data;
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, TRUE, error);
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  KindredEnvelopeKeys keys = { 0, };
  gint64 sequence;

  if (ctx == NULL)
    return FALSE;
  if (ctx->role != KINDRED_GROUP_ROLE_MEMBER)
    return invalid (error, _("Only members share entries with their group."));
  if (ctx->removed)
    return groups_error (error, KINDRED_GROUPS_ERROR_REMOVED);

  sequence = ctx->next_sequence;
  header = json_object_new ();
  json_object_set_string_member (header, "group_id", ctx->id);
  json_object_set_string_member (header, "share_id", job->share_id);
  json_object_set_int_member (header, "sequence", sequence);
  json_object_set_int_member (header, "epoch", ctx->epoch);
  json_object_set_string_member (header, "audience",
                                 _kindred_share_audience_to_string (job->audience));
  json_object_set_int_member (header, "shared_at", job->now);

  if (job->audience == KINDRED_SHARE_AUDIENCE_GROUP)
    {
      keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
      keys.secret_key = ctx->key;
    }
  else
    {
      keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
      keys.recipient_public = ctx->facilitator_box;
    }
  if (!kindred_envelope_write (job->path,
                               kindred_group_file_kind_get_name (KINDRED_GROUP_FILE_SHARE),
                               KINDRED_GROUPS_FORMAT_VERSION, header, job->payload, &keys,
                               ctx->sign, error))
    return FALSE;
  job->file_written = TRUE;

  stmt = prepare (db, "INSERT INTO group_shares (group_id, id, author_id, mine, audience, level,"
                      " sequence, epoch, shared_at, payload)"
                      " VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, ctx->id);
  bind_text (stmt, 2, job->share_id);
  bind_text (stmt, 3, ctx->my_id);
  sqlite3_bind_int (stmt, 4, job->audience);
  sqlite3_bind_int (stmt, 5, job->level);
  sqlite3_bind_int64 (stmt, 6, sequence);
  sqlite3_bind_int64 (stmt, 7, ctx->epoch);
  sqlite3_bind_int64 (stmt, 8, job->now);
  bind_blob (stmt, 9, g_bytes_get_data (job->payload, NULL), g_bytes_get_size (job->payload));
  if (!step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "UPDATE groups SET next_sequence = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, ctx->id);
  sqlite3_bind_int64 (stmt, 2, sequence + 1);
  return step_done (db, stmt, error);
}

/* Runs @txn; removes the file it wrote when the journal did not take the change. */
static gboolean
write_with_file (KindredStore  *store,
                 gboolean     (*txn) (sqlite3  *db,
                                      gpointer  data,
                                      GError  **error),
                 gpointer       data,
                 const char    *path,
                 gboolean      *file_written,
                 GError       **error)
{
  if (_kindred_store_write (store, txn, data, FALSE, error))
    return TRUE;
  if (*file_written)
    g_unlink (path);
  return FALSE;
}

typedef struct
{
  const char  *group_id;
  const char  *share_id;
  const char  *path;
  gint64       now;
  gboolean     file_written;
} RetractJob;

static gboolean
retract_txn (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  RetractJob *job = data;
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, TRUE, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GBytes) bytes = NULL;
  KindredEnvelopeKeys keys = { 0, };
  KindredShareAudience audience;
  GError *local = NULL;
  gint64 retracted_at;

  if (ctx == NULL)
    return FALSE;
  stmt = prepare (db, "SELECT audience, mine, retracted, retracted_at FROM group_shares"
                      " WHERE group_id = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  if (!step_row (db, stmt, &local) || sqlite3_column_int (stmt, 1) == 0)
    {
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return invalid (error, _("Only your own shares can be taken back."));
    }
  audience = sqlite3_column_int (stmt, 0) == KINDRED_SHARE_AUDIENCE_FACILITATOR ?
             KINDRED_SHARE_AUDIENCE_FACILITATOR : KINDRED_SHARE_AUDIENCE_GROUP;
  /* Writing the file again keeps the first time it was taken back. */
  retracted_at = sqlite3_column_int (stmt, 2) != 0 ? sqlite3_column_int64 (stmt, 3) : job->now;
  g_clear_pointer (&stmt, sqlite3_finalize);

  header = json_object_new ();
  json_object_set_string_member (header, "group_id", ctx->id);
  json_object_set_string_member (header, "share_id", job->share_id);
  json_object_set_int_member (header, "epoch", ctx->epoch);
  json_object_set_string_member (header, "audience", _kindred_share_audience_to_string (audience));
  payload = json_object_new ();
  json_object_set_string_member (payload, "group_id", ctx->id);
  json_object_set_string_member (payload, "share_id", job->share_id);
  json_object_set_int_member (payload, "retracted_at", retracted_at);
  bytes = object_to_bytes (payload);

  if (audience == KINDRED_SHARE_AUDIENCE_GROUP)
    {
      keys.seal = KINDRED_ENVELOPE_SEAL_SECRET;
      keys.secret_key = ctx->key;
    }
  else
    {
      keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
      keys.recipient_public = ctx->facilitator_box;
    }
  if (!kindred_envelope_write (job->path,
                               kindred_group_file_kind_get_name (KINDRED_GROUP_FILE_RETRACTION),
                               KINDRED_GROUPS_FORMAT_VERSION, header, bytes, &keys, ctx->sign,
                               error))
    return FALSE;
  job->file_written = TRUE;

  stmt = prepare (db, "UPDATE group_shares SET retracted = 1, retracted_at = ?3"
                      " WHERE group_id = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  sqlite3_bind_int64 (stmt, 3, retracted_at);
  if (!step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "INSERT OR IGNORE INTO group_retractions (group_id, share_id, author_id,"
                      " retracted_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  bind_text (stmt, 3, ctx->my_id);
  sqlite3_bind_int64 (stmt, 4, retracted_at);
  return step_done (db, stmt, error);
}

typedef struct
{
  const char  *group_id;
  const char  *share_id;
  const char  *reply_id;
  const char  *text;
  const char  *path;
  gint64       now;
  gboolean     file_written;
} ReplyJob;

static gboolean
reply_txn (sqlite3  *db,
           gpointer  data,
           GError  **error)
{
  ReplyJob *job = data;
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, TRUE, error);
  g_autoptr(MemberRow) member = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *author_id = NULL;
  KindredEnvelopeKeys keys = { 0, };
  GError *local = NULL;

  if (ctx == NULL)
    return FALSE;
  if (ctx->role != KINDRED_GROUP_ROLE_FACILITATOR)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);

  stmt = prepare (db, "SELECT author_id, mine FROM group_shares WHERE group_id = ?1 AND id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->share_id);
  if (!step_row (db, stmt, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_SHARE);
    }
  author_id = column_text (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  member = load_member (db, job->group_id, author_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (member == NULL)
    return groups_error (error, KINDRED_GROUPS_ERROR_UNKNOWN_MEMBER);

  header = json_object_new ();
  json_object_set_string_member (header, "group_id", ctx->id);
  json_object_set_string_member (header, "share_id", job->share_id);
  json_object_set_string_member (header, "reply_id", job->reply_id);
  payload = json_object_new ();
  json_object_set_string_member (payload, "group_id", ctx->id);
  json_object_set_string_member (payload, "share_id", job->share_id);
  json_object_set_string_member (payload, "reply_id", job->reply_id);
  json_object_set_string_member (payload, "text", job->text);
  json_object_set_int_member (payload, "written_at", job->now);
  bytes = object_to_bytes (payload);

  keys.seal = KINDRED_ENVELOPE_SEAL_BOX;
  keys.recipient_public = member->box;
  if (!kindred_envelope_write (job->path,
                               kindred_group_file_kind_get_name (KINDRED_GROUP_FILE_REPLY),
                               KINDRED_GROUPS_FORMAT_VERSION, header, bytes, &keys, ctx->sign,
                               error))
    return FALSE;
  job->file_written = TRUE;

  stmt = prepare (db, "INSERT INTO group_replies (group_id, id, share_id, text, written_at, mine)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, 1)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->reply_id);
  bind_text (stmt, 3, job->share_id);
  bind_text (stmt, 4, job->text);
  sqlite3_bind_int64 (stmt, 5, job->now);
  return step_done (db, stmt, error);
}

typedef struct
{
  const char  *group_id;
  const char  *member_id;   /* NULL: an update without a new key */
  const char  *path;
  gboolean     file_written;
} UpdateJob;

static gboolean
update_txn (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  UpdateJob *job = data;
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, TRUE, error);

  if (ctx == NULL)
    return FALSE;
  if (ctx->role != KINDRED_GROUP_ROLE_FACILITATOR)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);

  if (job->member_id != NULL)
    {
      g_autoptr(MemberRow) member = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      GError *local = NULL;

      member = load_member (db, job->group_id, job->member_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (member == NULL || member->removed)
        return invalid (error, _("This person is not in the group."));
      stmt = prepare (db, "UPDATE group_members SET removed = 1 WHERE group_id = ?1 AND id = ?2",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, job->group_id);
      bind_text (stmt, 2, job->member_id);
      if (!step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);

      /* A new generation of the group key that the removed member never sees */
      g_clear_pointer (&ctx->key, kindred_key_unref);
      ctx->key = kindred_key_new_random ();
      ctx->epoch++;
      ctx->serial++;
      if (!insert_key (db, ctx->id, ctx->epoch, ctx->key, error))
        return FALSE;
      stmt = prepare (db, "UPDATE groups SET epoch = ?2, serial = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, ctx->id);
      sqlite3_bind_int64 (stmt, 2, ctx->epoch);
      sqlite3_bind_int64 (stmt, 3, ctx->serial);
      if (!step_done (db, stmt, error))
        return FALSE;
    }

  if (!write_update_file (db, ctx, job->path, error))
    return FALSE;
  job->file_written = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* The object */

static void
stop_watching (KindredGroups *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->watch_queue, g_object_unref);
  if (self->watches != NULL)
    {
      for (guint i = 0; i < self->watches->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watches, i), self);
      g_clear_pointer (&self->watches, g_ptr_array_unref);
    }
  g_clear_object (&self->watched_folder);
}

static void
kindred_groups_dispose (GObject *object)
{
  KindredGroups *self = KINDRED_GROUPS (object);

  stop_watching (self);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->groups);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kindred_groups_parent_class)->dispose (object);
}

static void
kindred_groups_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KindredGroups *self = KINDRED_GROUPS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_GROUPS:
      g_value_set_object (value, self->groups);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_groups_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KindredGroups *self = KINDRED_GROUPS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_groups_class_init (KindredGroupsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kindred_groups_dispose;
  object_class->get_property = kindred_groups_get_property;
  object_class->set_property = kindred_groups_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KINDRED_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUPS] =
    g_param_spec_object ("groups", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KINDRED_TYPE_GROUP_IMPORT);
  signals[SIGNAL_IMPORT_FAILED] =
    g_signal_new ("import-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_ERROR);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
}

static void
kindred_groups_init (KindredGroups *self)
{
  self->groups = g_list_store_new (KINDRED_TYPE_GROUP);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* ------------------------------------------------------------------------- */
/* Async: the worker runs an inner task without a source object, so that a worker
 * thread that lets go of its task late never holds (or finalizes) @self; the
 * caller's task is completed in the inner task's callback, on the home thread,
 * after the models changed. */

static void
run_in_thread (GTask            *outer,
               gpointer          job,
               GDestroyNotify    job_free,
               GTaskThreadFunc   worker,
               GAsyncReadyCallback done)
{
  g_autoptr(GTask) inner = g_task_new (NULL, NULL, done, outer);

  g_task_set_task_data (inner, job, job_free);
  g_task_run_in_thread (inner, worker);
}

/* ------------------------------------------------------------------------- */
/* Public API */

KindredGroups *
kindred_groups_new (KindredStore  *store,
                    GError       **error)
{
  g_autoptr(KindredGroups) self = NULL;
  IdList list = { NULL };
  gboolean current = FALSE;

  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_kindred_store_read (store, schema_is_current, &current, error))
    return NULL;
  if (!current && !_kindred_store_write (store, ensure_schema, NULL, FALSE, error))
    return NULL;

  self = g_object_new (KINDRED_TYPE_GROUPS, "store", store, NULL);

  list.ids = g_ptr_array_new_with_free_func (g_free);
  if (!_kindred_store_read (store, load_group_ids, &list, error))
    {
      g_ptr_array_unref (list.ids);
      return NULL;
    }
  for (guint i = 0; i < list.ids->len; i++)
    if (!refresh_group (self, g_ptr_array_index (list.ids, i), error))
      {
        g_ptr_array_unref (list.ids);
        return NULL;
      }
  g_ptr_array_unref (list.ids);

  return g_steal_pointer (&self);
}

KindredStore *
kindred_groups_get_store (KindredGroups *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  return self->store;
}

GListModel *
kindred_groups_get_groups (KindredGroups *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  return G_LIST_MODEL (self->groups);
}

KindredGroup *
kindred_groups_lookup_group (KindredGroups *self,
                             const char    *group_id)
{
  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);

  if (group_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, group_id);
}

void
kindred_groups_set_invite_kdf_limits (KindredGroups *self,
                                      guint64        opslimit,
                                      gsize          memlimit)
{
  g_return_if_fail (KINDRED_IS_GROUPS (self));

  self->kdf_opslimit = opslimit;
  self->kdf_memlimit = memlimit;
}

void
_kindred_groups_set_now (KindredGroups *self,
                         gint64         now_us)
{
  g_return_if_fail (KINDRED_IS_GROUPS (self));

  self->fixed_now = now_us;
}

const char *
kindred_groups_get_default_ground_rules (void)
{
  return _("What is shared in the group stays in the group: we do not pass on what others "
           "say or share, or who was there.\n"
           "We listen with respect and without judging. Everyone speaks for themselves.\n"
           "Everyone decides what and how much they share, and anyone may pass or take "
           "something back.\n"
           "We look after our own boundaries and respect those of others, including not "
           "contacting members outside the group unless they want it.\n"
           "This group is a place for peer support. It is not a substitute for professional "
           "or emergency care: if you may be in danger, call your local emergency number or "
           "a crisis line.");
}

const char *
kindred_groups_get_default_escalation_note (void)
{
  return _("If something you share makes me worry that you may be in danger, I will reach out "
           "to you privately as soon as I can and help you find a crisis line or emergency "
           "care. If I believe someone’s life is at immediate risk, I may contact emergency "
           "services.");
}

char *
kindred_groups_suggest_filename (KindredGroup         *group,
                                 KindredGroupFileKind  kind)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GString *out;
  const char *what;

  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);

  switch (kind)
    {
    case KINDRED_GROUP_FILE_INVITE:
      /* Translators: part of a file name: "Tuesday group – invite 2026-03-01" */
      what = C_("file name", "invite");
      break;
    case KINDRED_GROUP_FILE_JOIN:
      what = C_("file name", "join");
      break;
    case KINDRED_GROUP_FILE_SHARE:
      what = C_("file name", "share");
      break;
    case KINDRED_GROUP_FILE_RETRACTION:
      what = C_("file name", "retraction");
      break;
    case KINDRED_GROUP_FILE_REPLY:
      what = C_("file name", "reply");
      break;
    case KINDRED_GROUP_FILE_KEY_UPDATE:
    default:
      what = C_("file name", "update");
      break;
    }

  /* Characters that one file system or another refuses become "-"; a leading dot
   * would hide the file. */
  out = g_string_new (NULL);
  for (const char *p = kindred_group_get_name (group); *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", (int) c) != NULL)
        g_string_append_c (out, '-');
      else
        g_string_append_unichar (out, c);
    }
  while (out->len > 0 && (out->str[0] == '.' || out->str[0] == ' '))
    g_string_erase (out, 0, 1);
  if (out->len == 0)
    g_string_append (out, C_("file name", "group"));
  name = g_string_free (out, FALSE);

  return g_strdup_printf ("%s – %s %s%s", name, what, date,
                          kindred_group_file_kind_get_suffix (kind));
}

/* --- Facilitator -------------------------------------------------------- */

KindredGroup *
_kindred_groups_create_group_full (KindredGroups   *self,
                                   const char      *group_id,
                                   const char      *name,
                                   const char      *description,
                                   const char      *meets,
                                   const char      *ground_rules,
                                   const char      *escalation_note,
                                   const char      *my_pseudonym,
                                   KindredKeyPair  *sign,
                                   KindredKeyPair  *box,
                                   KindredKey      *key,
                                   GError         **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *pseudonym = NULL;
  CreateJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (group_id != NULL && sign != NULL && box != NULL && key != NULL, NULL);

  clean = clean_name (name, KINDRED_GROUPS_MAX_NAME, _("Please give the group a name."),
                      _("This name is too long. Please choose a shorter one."), error);
  if (clean == NULL)
    return NULL;
  pseudonym = clean_name (my_pseudonym, KINDRED_GROUPS_MAX_PSEUDONYM,
                          _("Please choose a name to use in the group."),
                          _("This name is too long. Please choose a shorter one."), error);
  if (pseudonym == NULL ||
      !check_details (description, meets, ground_rules, escalation_note, error))
    return NULL;

  job.id = group_id;
  job.name = clean;
  job.description = description;
  job.meets = meets;
  job.ground_rules = ground_rules;
  job.escalation_note = escalation_note;
  job.pseudonym = pseudonym;
  job.sign = sign;
  job.box = box;
  job.key = key;
  job.now = now_of (self);
  if (!_kindred_store_write (self->store, create_txn, &job, FALSE, error) ||
      !refresh_group (self, group_id, error))
    return NULL;

  return g_hash_table_lookup (self->by_id, group_id);
}

KindredGroup *
kindred_groups_create_group (KindredGroups  *self,
                             const char     *name,
                             const char     *description,
                             const char     *meets,
                             const char     *ground_rules,
                             const char     *escalation_note,
                             const char     *my_pseudonym,
                             GError        **error)
{
  g_autoptr(KindredKeyPair) sign = NULL;
  g_autoptr(KindredKeyPair) box = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);

  sign = kindred_key_pair_new_sign ();
  box = kindred_key_pair_new_box ();
  key = kindred_key_new_random ();
  id = new_uuid ();
  return _kindred_groups_create_group_full (self, id, name, description, meets, ground_rules,
                                            escalation_note, my_pseudonym, sign, box, key,
                                            error);
}

typedef struct
{
  const char  *group_id;
  const char  *name;
  const char  *description;
  const char  *meets;
  const char  *ground_rules;
  const char  *escalation_note;
} DetailsJob;

static gboolean
details_txn (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  DetailsJob *job = data;
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, FALSE, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (ctx == NULL)
    return FALSE;
  if (ctx->role != KINDRED_GROUP_ROLE_FACILITATOR)
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  stmt = prepare (db, "UPDATE groups SET name = ?2, description = ?3, meets = ?4,"
                      " ground_rules = ?5, escalation_note = ?6, serial = serial + 1"
                      " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->name);
  bind_text (stmt, 3, job->description);
  bind_text (stmt, 4, job->meets);
  bind_text (stmt, 5, job->ground_rules);
  bind_text (stmt, 6, job->escalation_note);
  return step_done (db, stmt, error);
}

gboolean
kindred_groups_update_group (KindredGroups  *self,
                             KindredGroup   *group,
                             const char     *name,
                             const char     *description,
                             const char     *meets,
                             const char     *ground_rules,
                             const char     *escalation_note,
                             GError        **error)
{
  g_autofree char *clean = NULL;
  DetailsJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), FALSE);

  if (!kindred_group_is_facilitator (group))
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  clean = clean_name (name, KINDRED_GROUPS_MAX_NAME, _("Please give the group a name."),
                      _("This name is too long. Please choose a shorter one."), error);
  if (clean == NULL || !check_details (description, meets, ground_rules, escalation_note, error))
    return FALSE;

  job.group_id = kindred_group_get_id (group);
  job.name = clean;
  job.description = description;
  job.meets = meets;
  job.ground_rules = ground_rules;
  job.escalation_note = escalation_note;
  if (!_kindred_store_write (self->store, details_txn, &job, FALSE, error))
    return FALSE;
  refresh_quietly (self, job.group_id);
  return TRUE;
}

typedef struct
{
  InviteBuild  build;
  char        *group_id;
  char        *passphrase;   /* wiped when freed */
  char        *path;
  guint64      opslimit;
  gsize        memlimit;
} InviteJob;

static void
invite_job_free (InviteJob *job)
{
  invite_build_clear (&job->build);
  g_free (job->group_id);
  kindred_secret_free (job->passphrase);
  g_free (job->path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InviteJob, invite_job_free)

static InviteJob *
invite_job_new (KindredGroups  *self,
                KindredGroup   *group,
                const char     *passphrase,
                const char     *path,
                GError        **error)
{
  g_autoptr(InviteJob) job = NULL;

  if (!kindred_group_is_facilitator (group))
    {
      groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
      return NULL;
    }
  if (passphrase == NULL || !g_utf8_validate (passphrase, -1, NULL) ||
      g_utf8_strlen (passphrase, -1) < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    {
      g_set_error (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID,
                   ngettext ("Please choose a passphrase of at least %d character.",
                             "Please choose a passphrase of at least %d characters.",
                             KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                   KINDRED_KEY_PASSPHRASE_MIN_CHARS);
      return NULL;
    }

  job = g_new0 (InviteJob, 1);
  job->group_id = g_strdup (kindred_group_get_id (group));
  job->build.group_id = job->group_id;
  job->passphrase = g_strdup (passphrase);
  job->path = g_strdup (path);
  job->opslimit = self->kdf_opslimit;
  job->memlimit = self->kdf_memlimit;
  /* The group's keys and roster now, on this thread; only the Argon2id waits. */
  if (!_kindred_store_read (self->store, build_invite, &job->build, error))
    return NULL;
  return g_steal_pointer (&job);
}

static gboolean
invite_job_run (InviteJob  *job,
                GError    **error)
{
  KindredEnvelopeKeys keys = { 0, };

  keys.seal = KINDRED_ENVELOPE_SEAL_PASSPHRASE;
  keys.passphrase = job->passphrase;
  keys.kdf_opslimit = job->opslimit;
  keys.kdf_memlimit = job->memlimit;
  return kindred_envelope_write (job->path,
                                 kindred_group_file_kind_get_name (KINDRED_GROUP_FILE_INVITE),
                                 KINDRED_GROUPS_FORMAT_VERSION, job->build.header,
                                 job->build.payload, &keys, job->build.signer, error);
}

gboolean
kindred_groups_write_invite (KindredGroups  *self,
                             KindredGroup   *group,
                             const char     *passphrase,
                             const char     *path,
                             GError        **error)
{
  g_autoptr(InviteJob) job = NULL;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  job = invite_job_new (self, group, passphrase, path, error);
  return job != NULL && invite_job_run (job, error);
}

static void
write_invite_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;

  if (invite_job_run (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_invite_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

void
kindred_groups_write_invite_async (KindredGroups       *self,
                                   KindredGroup        *group,
                                   const char          *passphrase,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  InviteJob *job;

  g_return_if_fail (KINDRED_IS_GROUPS (self));
  g_return_if_fail (KINDRED_IS_GROUP (group));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_groups_write_invite_async);
  job = invite_job_new (self, group, passphrase, path, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  run_in_thread (g_steal_pointer (&task), job, (GDestroyNotify) invite_job_free,
                 write_invite_worker, write_invite_done_cb);
}

gboolean
kindred_groups_write_invite_finish (KindredGroups  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kindred_groups_write_update (KindredGroups  *self,
                             KindredGroup   *group,
                             const char     *path,
                             GError        **error)
{
  UpdateJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!kindred_group_is_facilitator (group))
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  job.group_id = kindred_group_get_id (group);
  job.path = path;
  /* Nothing changes in the journal: only the file is written. */
  return _kindred_store_read (self->store, update_txn, &job, error);
}

gboolean
kindred_groups_remove_member (KindredGroups       *self,
                              KindredGroup        *group,
                              KindredGroupMember  *member,
                              const char          *path,
                              GError             **error)
{
  UpdateJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (member), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!kindred_group_is_facilitator (group))
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  job.group_id = kindred_group_get_id (group);
  job.member_id = kindred_group_member_get_id (member);
  job.path = path;
  if (!write_with_file (self->store, update_txn, &job, path, &job.file_written, error))
    return FALSE;
  refresh_quietly (self, job.group_id);
  return TRUE;
}

typedef struct
{
  const char  *sql;
  const char  *group_id;
  const char  *id;
  const char  *text;
  gint64       number;
} SetJob;

static gboolean
set_txn (sqlite3  *db,
         gpointer  data,
         GError  **error)
{
  SetJob *job = data;
  g_autoptr(sqlite3_stmt) stmt = prepare (db, job->sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, job->group_id);
  bind_text (stmt, 2, job->id);
  if (job->text != NULL)
    bind_text (stmt, 3, job->text);
  else
    sqlite3_bind_int64 (stmt, 3, job->number);
  if (!step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND,
                           _("This is no longer in the journal."));
      return FALSE;
    }
  return TRUE;
}

static KindredGroup *
group_of_share (KindredGroups     *self,
                KindredGroupShare *share)
{
  return g_hash_table_lookup (self->by_id, kindred_group_share_get_group_id (share));
}

gboolean
kindred_groups_mark_reviewed (KindredGroups      *self,
                              KindredGroupShare  *share,
                              gboolean            reviewed,
                              GError            **error)
{
  SetJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), FALSE);

  if (kindred_group_share_get_mine (share))
    return invalid (error, _("Only shares from others can be marked as reviewed."));
  if (kindred_group_share_get_reviewed (share) == !!reviewed)
    return TRUE;
  job.sql = "UPDATE group_shares SET reviewed = ?3 WHERE group_id = ?1 AND id = ?2 AND mine = 0";
  job.group_id = kindred_group_share_get_group_id (share);
  job.id = kindred_group_share_get_id (share);
  job.number = !!reviewed;
  if (!_kindred_store_write (self->store, set_txn, &job, FALSE, error))
    return FALSE;
  refresh_quietly (self, job.group_id);
  return TRUE;
}

static gboolean
check_note (const char  *note,
            GError     **error)
{
  if (note != NULL && (!g_utf8_validate (note, -1, NULL) ||
                       g_utf8_strlen (note, -1) > KINDRED_GROUPS_MAX_DETAILS))
    return invalid (error, _("This note is too long."));
  return TRUE;
}

gboolean
kindred_groups_set_member_note (KindredGroups       *self,
                                KindredGroup        *group,
                                KindredGroupMember  *member,
                                const char          *note,
                                GError             **error)
{
  SetJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP_MEMBER (member), FALSE);

  if (!kindred_group_is_facilitator (group))
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  if (!check_note (note, error))
    return FALSE;
  job.sql = "UPDATE group_members SET note = ?3 WHERE group_id = ?1 AND id = ?2";
  job.group_id = kindred_group_get_id (group);
  job.id = kindred_group_member_get_id (member);
  job.text = note != NULL ? note : "";
  if (!_kindred_store_write (self->store, set_txn, &job, FALSE, error))
    return FALSE;
  refresh_quietly (self, job.group_id);
  return TRUE;
}

gboolean
kindred_groups_set_share_note (KindredGroups      *self,
                               KindredGroupShare  *share,
                               const char         *note,
                               GError            **error)
{
  KindredGroup *group;
  SetJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), FALSE);

  group = group_of_share (self, share);
  if (group == NULL || !kindred_group_is_facilitator (group))
    return groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
  if (!check_note (note, error))
    return FALSE;
  job.sql = "UPDATE group_shares SET note = ?3 WHERE group_id = ?1 AND id = ?2";
  job.group_id = kindred_group_share_get_group_id (share);
  job.id = kindred_group_share_get_id (share);
  job.text = note != NULL ? note : "";
  if (!_kindred_store_write (self->store, set_txn, &job, FALSE, error))
    return FALSE;
  refresh_quietly (self, job.group_id);
  return TRUE;
}

KindredGroupReply *
kindred_groups_write_reply (KindredGroups      *self,
                            KindredGroupShare  *share,
                            const char         *text,
                            const char         *path,
                            GError            **error)
{
  g_autofree char *reply_id = NULL;
  g_autofree char *clean = NULL;
  KindredGroup *group;
  GListModel *replies;
  ReplyJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  group = group_of_share (self, share);
  if (group == NULL || !kindred_group_is_facilitator (group))
    {
      groups_error (error, KINDRED_GROUPS_ERROR_NOT_FACILITATOR);
      return NULL;
    }
  if (kindred_group_share_get_mine (share))
    {
      invalid (error, _("Replies go to shares from members."));
      return NULL;
    }
  clean = clean_name (text, KINDRED_GROUPS_MAX_REPLY, _("Please write a reply first."),
                      _("This reply is too long. Please shorten it."), error);
  if (clean == NULL)
    return NULL;

  reply_id = new_uuid ();
  job.group_id = kindred_group_get_id (group);
  job.share_id = kindred_group_share_get_id (share);
  job.reply_id = reply_id;
  job.text = clean;
  job.path = path;
  job.now = now_of (self);
  if (!write_with_file (self->store, reply_txn, &job, path, &job.file_written, error))
    return NULL;
  refresh_quietly (self, job.group_id);

  replies = kindred_group_share_get_replies (share);
  for (guint i = 0; i < g_list_model_get_n_items (replies); i++)
    {
      g_autoptr(KindredGroupReply) reply = g_list_model_get_item (replies, i);

      if (g_strcmp0 (kindred_group_reply_get_id (reply), reply_id) == 0)
        return reply;   /* the share keeps its reference */
    }
  g_return_val_if_reached (NULL);
}

typedef struct
{
  char    *member_id;
  double   sum;
  guint    count;
  int      year;
  int      week;
} WeekSum;

static int
compare_weeks (gconstpointer a,
               gconstpointer b)
{
  const KindredGroupMoodWeek *wa = *(KindredGroupMoodWeek * const *) a;
  const KindredGroupMoodWeek *wb = *(KindredGroupMoodWeek * const *) b;
  int result;

  if (wa->year != wb->year)
    return wa->year < wb->year ? -1 : 1;
  if (wa->week != wb->week)
    return wa->week < wb->week ? -1 : 1;
  result = g_utf8_collate (wa->pseudonym, wb->pseudonym);
  return result != 0 ? result : g_strcmp0 (wa->member_id, wb->member_id);
}

GPtrArray *
kindred_groups_dup_mood_overview (KindredGroups  *self,
                                  KindredGroup   *group,
                                  GError        **error)
{
  g_autoptr(GHashTable) sums = NULL;
  GPtrArray *weeks;
  GListModel *received;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);

  sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  received = kindred_group_get_received (group);
  for (guint i = 0; i < g_list_model_get_n_items (received); i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (received, i);
      const int *offsets = NULL;
      const gint64 *dates;
      const int *moods;
      guint n = 0;

      if (kindred_group_share_get_retracted (share) || !_kindred_group_share_has_payload (share))
        continue;
      moods = kindred_group_share_get_moods (share, &n);
      dates = _kindred_group_share_get_dates (share, &offsets);
      for (guint e = 0; e < n; e++)
        {
          g_autoptr(GDateTime) utc = NULL;
          g_autoptr(GDateTime) local = NULL;
          g_autoptr(GTimeZone) zone = NULL;
          g_autofree char *key = NULL;
          WeekSum *sum;
          int year;
          int week;

          if (moods[e] <= 0)
            continue;
          /* The week as the writer lived it: in the entry's own offset. */
          utc = _kindred_groups_time_from_us (dates[e]);
          zone = g_time_zone_new_offset (offsets[e]);
          local = g_date_time_to_timezone (utc, zone);
          year = g_date_time_get_week_numbering_year (local);
          week = g_date_time_get_week_of_year (local);
          key = g_strdup_printf ("%d-%d-%s", year, week, kindred_group_share_get_author_id (share));
          sum = g_hash_table_lookup (sums, key);
          if (sum == NULL)
            {
              sum = g_new0 (WeekSum, 1);
              sum->member_id = (char *) kindred_group_share_get_author_id (share);
              sum->year = year;
              sum->week = week;
              g_hash_table_insert (sums, g_steal_pointer (&key), sum);
            }
          sum->sum += moods[e];
          sum->count++;
        }
    }

  weeks = g_ptr_array_new_with_free_func ((GDestroyNotify) kindred_group_mood_week_free);
  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      WeekSum *sum = value;
      KindredGroupMember *member = kindred_group_lookup_member (group, sum->member_id);
      KindredGroupMoodWeek *week = g_new0 (KindredGroupMoodWeek, 1);

      week->year = sum->year;
      week->week = sum->week;
      week->member_id = g_strdup (sum->member_id);
      week->pseudonym = g_strdup (member != NULL ? kindred_group_member_get_pseudonym (member) : "");
      week->average = sum->sum / sum->count;
      week->count = sum->count;
      g_ptr_array_add (weeks, week);
    }
  g_ptr_array_sort (weeks, compare_weeks);
  return weeks;
}

GListModel *
kindred_groups_dup_received_for (KindredGroups       *self,
                                 KindredGroup        *group,
                                 KindredGroupMember  *member,
                                 gboolean             unreviewed_only)
{
  GListStore *out;
  GListModel *received;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);
  g_return_val_if_fail (member == NULL || KINDRED_IS_GROUP_MEMBER (member), NULL);

  out = g_list_store_new (KINDRED_TYPE_GROUP_SHARE);
  received = kindred_group_get_received (group);
  for (guint i = 0; i < g_list_model_get_n_items (received); i++)
    {
      g_autoptr(KindredGroupShare) share = g_list_model_get_item (received, i);

      if (member != NULL && g_strcmp0 (kindred_group_share_get_author_id (share),
                                       kindred_group_member_get_id (member)) != 0)
        continue;
      if (unreviewed_only && (kindred_group_share_get_reviewed (share) ||
                              kindred_group_share_get_retracted (share)))
        continue;
      g_list_store_append (out, share);
    }
  return G_LIST_MODEL (out);
}

/* The watched folder */

/* The watched folder imports one file at a time, in order: a member's shares
 * arriving together must go in by sequence (an older sequence after a newer one
 * is refused as a replay), and a join before that member's first share. */

static void pump_watch_queue (KindredGroups *self);

typedef struct
{
  KindredGroups *self;      /* (owned) */
  GFile         *file;      /* (owned) */
  GCancellable  *cancellable; /* (owned) the watch it belongs to */
} WatchImport;

static void
watch_import_free (WatchImport *data)
{
  g_object_unref (data->self);
  g_object_unref (data->file);
  g_object_unref (data->cancellable);
  g_free (data);
}

static void
watch_import_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WatchImport *data = user_data;
  KindredGroups *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredGroupImport) import = NULL;

  import = kindred_groups_import_file_finish (self, result, &error);
  if (import == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_IMPORT_FAILED], 0, data->file, error);

  /* A watch stopped (or replaced) meanwhile has emptied the queue already. */
  if (data->cancellable == self->cancellable)
    {
      self->watch_busy = FALSE;
      pump_watch_queue (self);
    }
  watch_import_free (data);
}

static void
pump_watch_queue (KindredGroups *self)
{
  while (!self->watch_busy && !g_queue_is_empty (&self->watch_queue))
    {
      g_autoptr(GFile) file = g_queue_pop_head (&self->watch_queue);
      g_autofree char *path = g_file_get_path (file);
      WatchImport *data;

      if (path == NULL)
        continue;

      data = g_new0 (WatchImport, 1);
      data->self = g_object_ref (self);
      data->file = g_steal_pointer (&file);
      data->cancellable = g_object_ref (self->cancellable);
      self->watch_busy = TRUE;
      kindred_groups_import_file_async (self, path, NULL, self->cancellable,
                                        watch_import_cb, data);
    }
}

static void
queue_watched (KindredGroups *self,
               GFile         *file)
{
  for (GList *l = self->watch_queue.head; l != NULL; l = l->next)
    if (g_file_equal (l->data, file))
      return;
  g_queue_push_tail (&self->watch_queue, g_object_ref (file));
}

static void
watch_file_changed_cb (KindredFolderWatch *watch,
                       GFile              *file,
                       gpointer            user_data)
{
  KindredGroups *self = KINDRED_GROUPS (user_data);

  queue_watched (self, file);
  pump_watch_queue (self);
}

static guint64
modified_time (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    return 0;
  return g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

typedef struct
{
  GFile   *file;
  guint    kind_order;
  guint64  mtime;
} Present;

static int
compare_present (gconstpointer a,
                 gconstpointer b)
{
  const Present *pa = a;
  const Present *pb = b;

  if (pa->kind_order != pb->kind_order)
    return pa->kind_order < pb->kind_order ? -1 : 1;
  if (pa->mtime != pb->mtime)
    return pa->mtime < pb->mtime ? -1 : 1;
  return 0;
}

void
kindred_groups_watch_folder (KindredGroups *self,
                             GFile         *folder)
{
  /* Also the order in which the files already there are imported: who joined
   * and which key is current first, then what depends on them. */
  static const KindredGroupFileKind kinds[] = {
    KINDRED_GROUP_FILE_JOIN, KINDRED_GROUP_FILE_KEY_UPDATE, KINDRED_GROUP_FILE_SHARE,
    KINDRED_GROUP_FILE_RETRACTION, KINDRED_GROUP_FILE_REPLY,
  };
  g_autoptr(GArray) present = NULL;

  g_return_if_fail (KINDRED_IS_GROUPS (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  if (folder != NULL && self->watched_folder != NULL && g_file_equal (folder, self->watched_folder))
    return;
  stop_watching (self);
  self->watch_busy = FALSE;
  if (folder == NULL)
    return;

  self->watched_folder = g_object_ref (folder);
  self->cancellable = g_cancellable_new ();
  self->watches = g_ptr_array_new_with_free_func (g_object_unref);
  present = g_array_new (FALSE, FALSE, sizeof (Present));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      KindredFolderWatch *watch =
        kindred_folder_watch_new (folder, kindred_group_file_kind_get_suffix (kinds[i]), 0);
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (self->watches, watch);
      g_signal_connect (watch, "file-changed", G_CALLBACK (watch_file_changed_cb), self);

      /* What is there already, once: duplicates change nothing. */
      files = kindred_folder_watch_list (watch, &error);
      if (files == NULL)
        {
          g_autoptr(GFile) where = g_object_ref (folder);

          g_signal_emit (self, signals[SIGNAL_IMPORT_FAILED], 0, where, error);
          continue;
        }
      for (guint j = 0; j < files->len; j++)
        {
          Present item = { g_ptr_array_index (files, j), i, 0 };

          item.mtime = modified_time (item.file);
          g_object_ref (item.file);
          g_array_append_val (present, item);
        }
    }

  g_array_sort (present, compare_present);
  for (guint i = 0; i < present->len; i++)
    {
      g_autoptr(GFile) file = g_array_index (present, Present, i).file;

      queue_watched (self, file);
    }
  pump_watch_queue (self);
}

GFile *
kindred_groups_get_watched_folder (KindredGroups *self)
{
  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  return self->watched_folder;
}

/* --- Member ------------------------------------------------------------- */

KindredGroupInvite *
kindred_groups_read_invite (KindredGroups  *self,
                            const char     *path,
                            const char     *passphrase,
                            GError        **error)
{
  KindredGroupInvite *invite;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  invite = read_invite_file (path, passphrase, error);
  if (invite != NULL)
    _kindred_group_invite_set_already_joined (
      invite, g_hash_table_contains (self->by_id, kindred_group_invite_get_group_id (invite)));
  return invite;
}

typedef struct
{
  char *path;
  char *passphrase;
} ReadInviteJob;

static void
read_invite_job_free (ReadInviteJob *job)
{
  g_free (job->path);
  kindred_secret_free (job->passphrase);
  g_free (job);
}

static void
read_invite_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ReadInviteJob *job = task_data;
  GError *error = NULL;
  KindredGroupInvite *invite = read_invite_file (job->path, job->passphrase, &error);

  if (invite != NULL)
    g_task_return_pointer (task, invite, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
read_invite_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  KindredGroups *self = g_task_get_source_object (outer);
  GError *error = NULL;
  KindredGroupInvite *invite = g_task_propagate_pointer (G_TASK (result), &error);

  if (invite == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  /* Here, on the home thread, where the groups may be looked at. */
  _kindred_group_invite_set_already_joined (
    invite, g_hash_table_contains (self->by_id, kindred_group_invite_get_group_id (invite)));
  g_task_return_pointer (outer, invite, g_object_unref);
}

void
kindred_groups_read_invite_async (KindredGroups       *self,
                                  const char          *path,
                                  const char          *passphrase,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadInviteJob *job;

  g_return_if_fail (KINDRED_IS_GROUPS (self));
  g_return_if_fail (path != NULL);

  job = g_new0 (ReadInviteJob, 1);
  job->path = g_strdup (path);
  job->passphrase = g_strdup (passphrase);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_groups_read_invite_async);
  run_in_thread (g_steal_pointer (&task), job, (GDestroyNotify) read_invite_job_free,
                 read_invite_worker, read_invite_done_cb);
}

KindredGroupInvite *
kindred_groups_read_invite_finish (KindredGroups  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  KindredGroupInvite *invite;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  invite = g_task_propagate_pointer (G_TASK (result), error);
  return invite;
}

KindredGroup *
_kindred_groups_join_full (KindredGroups       *self,
                           KindredGroupInvite  *invite,
                           const char          *pseudonym,
                           gboolean             accepted_rules,
                           const char          *join_path,
                           KindredKeyPair      *sign,
                           KindredKeyPair      *box,
                           GError             **error)
{
  g_autofree char *clean = NULL;
  GPtrArray *members;
  JoinJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP_INVITE (invite), NULL);
  g_return_val_if_fail (join_path != NULL, NULL);

  if (!accepted_rules)
    {
      groups_error (error, KINDRED_GROUPS_ERROR_NOT_ACCEPTED);
      return NULL;
    }
  clean = clean_name (pseudonym, KINDRED_GROUPS_MAX_PSEUDONYM,
                      _("Please choose a name to use in the group."),
                      _("This name is too long. Please choose a shorter one."), error);
  if (clean == NULL)
    return NULL;
  if (g_hash_table_contains (self->by_id, kindred_group_invite_get_group_id (invite)))
    {
      groups_error (error, KINDRED_GROUPS_ERROR_ALREADY_JOINED);
      return NULL;
    }
  /* As far as this invite knows; the facilitator checks again on import. */
  members = _kindred_group_invite_get_members (invite);
  if (same_text (clean, kindred_group_invite_get_facilitator_pseudonym (invite)))
    {
      groups_error (error, KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN);
      return NULL;
    }
  for (guint i = 0; i < members->len; i++)
    if (same_text (clean, ((KindredRosterEntry *) g_ptr_array_index (members, i))->pseudonym))
      {
        groups_error (error, KINDRED_GROUPS_ERROR_PSEUDONYM_TAKEN);
        return NULL;
      }

  job.invite = invite;
  job.pseudonym = clean;
  job.sign = sign;
  job.box = box;
  job.path = join_path;
  job.now = now_of (self);
  if (!write_with_file (self->store, join_txn, &job, join_path, &job.file_written, error))
    return NULL;
  refresh_quietly (self, kindred_group_invite_get_group_id (invite));
  _kindred_group_invite_set_already_joined (invite, TRUE);

  return g_hash_table_lookup (self->by_id, kindred_group_invite_get_group_id (invite));
}

KindredGroup *
kindred_groups_join (KindredGroups       *self,
                     KindredGroupInvite  *invite,
                     const char          *pseudonym,
                     gboolean             accepted_rules,
                     const char          *join_path,
                     GError             **error)
{
  g_autoptr(KindredKeyPair) sign = NULL;
  g_autoptr(KindredKeyPair) box = NULL;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);

  sign = kindred_key_pair_new_sign ();
  box = kindred_key_pair_new_box ();
  return _kindred_groups_join_full (self, invite, pseudonym, accepted_rules, join_path, sign,
                                    box, error);
}

typedef struct
{
  const char *group_id;
  const char *path;
} JoinAgainJob;

static gboolean
join_again (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  JoinAgainJob *job = data;
  g_autoptr(GroupCtx) ctx = load_ctx (db, job->group_id, TRUE, error);

  if (ctx == NULL)
    return FALSE;
  if (ctx->role != KINDRED_GROUP_ROLE_MEMBER)
    return invalid (error, _("The facilitator does not need a join file."));
  if (ctx->removed)
    return groups_error (error, KINDRED_GROUPS_ERROR_REMOVED);
  return write_join_file (ctx, job->path, error);
}

gboolean
kindred_groups_write_join (KindredGroups  *self,
                           KindredGroup   *group,
                           const char     *path,
                           GError        **error)
{
  JoinAgainJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  job.group_id = kindred_group_get_id (group);
  job.path = path;
  return _kindred_store_read (self->store, join_again, &job, error);
}

KindredShareDraft *
kindred_groups_build_share (KindredGroups         *self,
                            KindredGroup          *group,
                            GPtrArray             *entries,
                            KindredShareLevel      level,
                            KindredShareAudience   audience,
                            const char            *message,
                            GError               **error)
{
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *share_id = NULL;
  g_autofree char *clean_message = NULL;
  char *text;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), NULL);
  g_return_val_if_fail (level <= KINDRED_SHARE_LEVEL_TEXT, NULL);
  g_return_val_if_fail (audience <= KINDRED_SHARE_AUDIENCE_FACILITATOR, NULL);

  if (kindred_group_is_facilitator (group))
    {
      invalid (error, _("Only members share entries with their group."));
      return NULL;
    }
  if (kindred_group_get_removed (group))
    {
      groups_error (error, KINDRED_GROUPS_ERROR_REMOVED);
      return NULL;
    }
  if (message != NULL && !g_utf8_validate (message, -1, NULL))
    {
      invalid (error, _("The message is not valid text."));
      return NULL;
    }
  clean_message = g_strstrip (g_strdup (message != NULL ? message : ""));

  /* Strategies leave by name: their ids mean nothing in another journal. */
  if (level >= KINDRED_SHARE_LEVEL_STRATEGIES)
    {
      strategies = kindred_store_list_strategies (self->store, TRUE, error);
      if (strategies == NULL)
        return NULL;
      names = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < strategies->len; i++)
        {
          KindredStrategy *strategy = g_ptr_array_index (strategies, i);

          g_hash_table_insert (names, (gpointer) kindred_strategy_get_uuid (strategy),
                               (gpointer) kindred_strategy_get_name (strategy));
        }
    }

  share_id = new_uuid ();
  payload = _kindred_share_payload_build (kindred_group_get_id (group), share_id, level, audience,
                                          clean_message, entries, names, error);
  if (payload == NULL)
    return NULL;
  /* Room for the header and the signature: a file the recipient would refuse is
   * not written at all. */
  if (g_bytes_get_size (payload) > KINDRED_GROUPS_MAX_SHARE_SIZE - 64 * 1024)
    {
      invalid (error, _("These entries are too long to share at once. Please choose fewer."));
      return NULL;
    }
  text = kindred_share_render_text (payload, error);
  if (text == NULL)
    return NULL;

  return _kindred_share_draft_new (group, share_id, level, audience, clean_message,
                                   entries->len, payload, text);
}

static ShareJob *
share_job_new (KindredGroups      *self,
               KindredShareDraft  *draft,
               const char         *path,
               GError            **error)
{
  KindredGroup *group = kindred_share_draft_get_group (draft);
  ShareJob *job;

  if (_kindred_share_draft_get_written (draft))
    {
      invalid (error, _("This share was written already."));
      return NULL;
    }
  if (kindred_group_get_removed (group))
    {
      groups_error (error, KINDRED_GROUPS_ERROR_REMOVED);
      return NULL;
    }

  job = g_new0 (ShareJob, 1);
  job->store = g_object_ref (self->store);
  job->group_id = g_strdup (kindred_group_get_id (group));
  job->share_id = g_strdup (kindred_share_draft_get_share_id (draft));
  job->payload = g_bytes_ref (kindred_share_draft_get_payload (draft));
  job->level = kindred_share_draft_get_level (draft);
  job->audience = kindred_share_draft_get_audience (draft);
  job->path = g_strdup (path);
  job->now = now_of (self);
  return job;
}

static KindredGroupShare *
share_job_done (KindredGroups     *self,
                KindredShareDraft *draft,
                ShareJob          *job)
{
  KindredGroup *group;

  _kindred_share_draft_set_written (draft);
  refresh_quietly (self, job->group_id);
  group = g_hash_table_lookup (self->by_id, job->group_id);
  return group != NULL ? find_share_in (kindred_group_get_history (group), job->share_id) : NULL;
}

KindredGroupShare *
kindred_groups_write_share (KindredGroups      *self,
                            KindredShareDraft  *draft,
                            const char         *path,
                            GError            **error)
{
  g_autoptr(ShareJob) job = NULL;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (KINDRED_IS_SHARE_DRAFT (draft), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  job = share_job_new (self, draft, path, error);
  if (job == NULL ||
      !write_with_file (self->store, share_txn, job, path, &job->file_written, error))
    return NULL;
  return share_job_done (self, draft, job);
}

static void
write_share_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ShareJob *job = task_data;
  GError *error = NULL;

  if (write_with_file (job->store, share_txn, job, job->path, &job->file_written, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_share_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  KindredGroups *self = g_task_get_source_object (outer);
  KindredShareDraft *draft = g_task_get_task_data (outer);
  ShareJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  KindredGroupShare *share;

  /* The job may be freed on the worker; the store is let go of here. */
  g_clear_object (&job->store);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  share = share_job_done (self, draft, job);
  g_task_return_pointer (outer, share, NULL);
}

void
kindred_groups_write_share_async (KindredGroups       *self,
                                  KindredShareDraft   *draft,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  GError *error = NULL;
  ShareJob *job;

  g_return_if_fail (KINDRED_IS_GROUPS (self));
  g_return_if_fail (KINDRED_IS_SHARE_DRAFT (draft));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, kindred_groups_write_share_async);
  job = share_job_new (self, draft, path, &error);
  if (job == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  /* A share written is written: the inner task does not look at @cancellable. */
  g_task_set_task_data (outer, g_object_ref (draft), g_object_unref);
  run_in_thread (g_steal_pointer (&outer), job, (GDestroyNotify) share_job_free,
                 write_share_worker, write_share_done_cb);
}

KindredGroupShare *
kindred_groups_write_share_finish (KindredGroups  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
kindred_groups_retract_share (KindredGroups      *self,
                              KindredGroupShare  *share,
                              const char         *path,
                              GError            **error)
{
  RetractJob job = { 0, };

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP_SHARE (share), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!kindred_group_share_get_mine (share))
    return invalid (error, _("Only your own shares can be taken back."));
  job.group_id = kindred_group_share_get_group_id (share);
  job.share_id = kindred_group_share_get_id (share);
  job.path = path;
  job.now = now_of (self);
  if (!write_with_file (self->store, retract_txn, &job, path, &job.file_written, error))
    return FALSE;
  refresh_quietly (self, job.group_id);
  return TRUE;
}

/* --- Anyone ------------------------------------------------------------- */

KindredGroupImport *
kindred_groups_import_file (KindredGroups  *self,
                            const char     *path,
                            KindredGroup   *expected_group,
                            GError        **error)
{
  g_autoptr(ImportJob) job = NULL;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (expected_group == NULL || KINDRED_IS_GROUP (expected_group), NULL);

  job = import_job_new (self, path, expected_group);
  if (!run_import (job, error))
    return NULL;
  return finish_import (self, job);
}

static void
import_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_import (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  KindredGroups *self = g_task_get_source_object (outer);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  /* The job may be freed on the worker; the store is let go of here. */
  g_clear_object (&job->store);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  g_task_return_pointer (outer, finish_import (self, job), g_object_unref);
}

void
kindred_groups_import_file_async (KindredGroups       *self,
                                  const char          *path,
                                  KindredGroup        *expected_group,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *outer;

  g_return_if_fail (KINDRED_IS_GROUPS (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (expected_group == NULL || KINDRED_IS_GROUP (expected_group));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, kindred_groups_import_file_async);
  /* An import that committed is reported as such, cancelled or not. */
  run_in_thread (outer, import_job_new (self, path, expected_group),
                 (GDestroyNotify) import_job_free, import_worker, import_done_cb);
}

KindredGroupImport *
kindred_groups_import_file_finish (KindredGroups  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
delete_txn (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  static const char * const statements[] = {
    "DELETE FROM group_replies WHERE group_id = ?1",
    "DELETE FROM group_retractions WHERE group_id = ?1",
    "DELETE FROM group_shares WHERE group_id = ?1",
    "DELETE FROM group_members WHERE group_id = ?1",
    "DELETE FROM group_keys WHERE group_id = ?1",
    "DELETE FROM groups WHERE id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    if (!exec_sql (db, statements[i], data, error))
      return FALSE;
  return TRUE;
}

gboolean
kindred_groups_delete_group (KindredGroups  *self,
                             KindredGroup   *group,
                             GError        **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (KINDRED_IS_GROUPS (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_GROUP (group), FALSE);

  id = g_strdup (kindred_group_get_id (group));
  if (!_kindred_store_write (self->store, delete_txn, id, FALSE, error))
    return FALSE;
  refresh_quietly (self, id);
  return TRUE;
}

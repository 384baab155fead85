/* kindred-store.c: the encrypted journal database (SQLCipher)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-store"

#include "config.h"

#include "store/kindred-store.h"
#include "store/kindred-hlc.h"
#include "store/kindred-store-private.h"
#include "kindred-util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

/* The page size every journal is written with (see pin_cipher_settings ()). */
#define PAGE_SIZE 4096
#define KDF_ITER  64000

static const char plain_sqlite_header[16] = "SQLite format 3";

struct _KindredStore
{
  GObject       parent_instance;

  /* One connection, used by one thread at a time: SQLite's own locking would let
   * two threads interleave statements of different transactions. */
  GMutex        lock;
  sqlite3      *db;
  GHashTable   *stmts;       /* SQL text → sqlite3_stmt, prepared once */

  char         *path;
  char         *device_id;
  GMainContext *context;     /* where signals are emitted */
};

G_DEFINE_FINAL_TYPE (KindredStore, kindred_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (kindred-store-error-quark, kindred_store_error)

enum { ENTRY_CHANGED, ENTRIES_RESET, N_SIGNALS };
static guint signals[N_SIGNALS];

#define ENTRY_COLUMNS \
  "id, uuid, created_at, updated_at, hlc, device_id, mood, title, body, deleted"

/* Errors */

void
_kindred_store_set_error (GError     **error,
                          sqlite3     *db,
                          int          rc,
                          const char  *what)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = KINDRED_STORE_ERROR_LOCKED;
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = KINDRED_STORE_ERROR_NOT_A_JOURNAL;
      break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
      code = KINDRED_STORE_ERROR_IO;
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      code = KINDRED_STORE_ERROR_INVALID;
      break;
    default:
      code = KINDRED_STORE_ERROR_FAILED;
    }

  /* sqlite3_errmsg() can quote a search or a value back: keep it out of the
   * message and the log, the generic result string is enough. */
  g_debug ("%s: %s", what, sqlite3_errstr (rc));
  g_set_error (error, KINDRED_STORE_ERROR, code,
               _("The journal could not be used (%s)."), sqlite3_errstr (rc));
}

static gboolean
set_locked_error (GError **error)
{
  g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED,
               _("The journal is locked."));
  return FALSE;
}

gboolean
_kindred_store_exec (sqlite3     *db,
                     const char  *sql,
                     GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _kindred_store_set_error (error, db, rc, "exec");
      return FALSE;
    }

  return TRUE;
}

/* Connection guard and statement cache */

static sqlite3 *
lock_db (KindredStore  *self,
         GError       **error)
{
  g_mutex_lock (&self->lock);

  if (self->db == NULL)
    {
      g_mutex_unlock (&self->lock);
      set_locked_error (error);
      return NULL;
    }

  return self->db;
}

static void
unlock_db (KindredStore *self)
{
  GHashTableIter iter;
  gpointer stmt;

  /* A statement left on a row keeps a read transaction open. */
  g_hash_table_iter_init (&iter, self->stmts);
  while (g_hash_table_iter_next (&iter, NULL, &stmt))
    sqlite3_reset (stmt);

  g_mutex_unlock (&self->lock);
}

/* (transfer none): reset and unbound; valid until the store closes. */
static sqlite3_stmt *
prepare (KindredStore  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _kindred_store_set_error (error, self->db, rc, "prepare");
      return NULL;
    }

  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* Steps a statement that returns no row. */
static gboolean
step_done (KindredStore  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, self->db, rc, "step");
      return FALSE;
    }

  return TRUE;
}

static gboolean
begin (KindredStore  *self,
       GError       **error)
{
  /* IMMEDIATE takes the write lock now, so a busy file fails here and not
   * half-way through. */
  return _kindred_store_exec (self->db, "BEGIN IMMEDIATE", error);
}

static void
rollback (KindredStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
commit (KindredStore  *self,
        GError       **error)
{
  if (!_kindred_store_exec (self->db, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* Signals, always in the store's main context */

typedef struct
{
  GWeakRef  store;
  char     *uuid;   /* NULL: entries-reset */
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_weak_ref_clear (&emission->store);
  g_free (emission->uuid);
  g_free (emission);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;
  g_autoptr(KindredStore) self = g_weak_ref_get (&emission->store);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (emission->uuid != NULL)
    g_signal_emit (self, signals[ENTRY_CHANGED], 0, emission->uuid);
  else
    g_signal_emit (self, signals[ENTRIES_RESET], 0);

  return G_SOURCE_REMOVE;
}

/* Call with the lock released: handlers may call back into the store. Runs at
 * once when the caller is in the store's context, else from an idle there. */
static void
queue_emission (KindredStore *self,
                const char   *uuid)
{
  Emission *emission = g_new0 (Emission, 1);

  g_weak_ref_init (&emission->store, self);
  emission->uuid = g_strdup (uuid);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              emit_cb, emission, emission_free);
}

/* Time and stamps */

static gint64
now_us (void)
{
  return g_get_real_time ();
}

static GDateTime *
date_time_from_us (gint64 us)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 secs = us / G_USEC_PER_SEC;
  gint64 rest = us % G_USEC_PER_SEC;

  if (rest < 0)
    {
      secs -= 1;
      rest += G_USEC_PER_SEC;
    }

  seconds = g_date_time_new_from_unix_utc (secs);
  if (seconds == NULL)
    return NULL;

  return g_date_time_add (seconds, rest);
}

static gboolean
read_last_hlc (KindredStore  *self,
               KindredHlc    *hlc,
               GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT value FROM settings WHERE key = 'hlc'", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *hlc = g_ascii_strtoull ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
  else if (rc == SQLITE_DONE)
    *hlc = 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, self->db, rc, "hlc");
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_last_hlc (KindredStore  *self,
                KindredHlc     hlc,
                GError       **error)
{
  sqlite3_stmt *stmt;
  char value[32];

  stmt = prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES ('hlc', ?)",
                  error);
  if (stmt == NULL)
    return FALSE;

  g_snprintf (value, sizeof value, "%" G_GUINT64_FORMAT, hlc);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);

  return step_done (self, stmt, error);
}

/* Opening */

static gboolean
set_not_a_journal (GError     **error,
                   const char  *message)
{
  g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_A_JOURNAL,
                       message);
  return FALSE;
}

static gboolean
set_io_error (GError **error,
              int      saved_errno)
{
  g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_IO,
               _("The journal file could not be read: %s"), g_strerror (saved_errno));
  return FALSE;
}

/* Looks at the file before SQLite does: SQLCipher would open a zero-length file
 * as a new, empty database (and write to it), and it reports a wrong key, a plain
 * SQLite file and random bytes all alike.  *size is -1 for a missing file. */
static gboolean
check_path (const char  *path,
            gboolean     create,
            gint64      *size,
            GError     **error)
{
  GStatBuf st;
  char header[sizeof plain_sqlite_header];
  ssize_t n;
  int fd;

  *size = -1;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        return set_io_error (error, saved_errno);
      if (!create)
        return set_not_a_journal (error, _("There is no journal here yet."));
      return TRUE;
    }

  if (S_ISDIR (st.st_mode))
    return set_not_a_journal (error, _("There is a folder where the journal should be. "
                                       "It has been left as it was."));
  if (!S_ISREG (st.st_mode))
    return set_not_a_journal (error, _("This is not a Kindred journal. "
                                       "It has been left as it was."));

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_io_error (error, errno);

  do
    n = read (fd, header, sizeof header);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_io_error (error, saved_errno);
    }
  close (fd);

  /* SQLite writes through the file itself: a journal we can only read would
   * fail on the first save, so say so now. */
  if (access (path, W_OK) != 0)
    return set_io_error (error, errno);

  *size = st.st_size;

  if (st.st_size == 0)
    return set_not_a_journal (error, _("The journal file is empty. "
                                       "It has been left as it was."));
  if (n == sizeof header && memcmp (header, plain_sqlite_header, sizeof header) == 0)
    return set_not_a_journal (error, _("This file is an unencrypted database, not a "
                                       "Kindred journal. It has been left as it was."));
  if (st.st_size < PAGE_SIZE)
    return set_not_a_journal (error, _("The journal file is incomplete or damaged. "
                                       "It has been left as it was."));

  return TRUE;
}

static int
cipher_major_version (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int major = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA cipher_version", -1, &stmt, NULL) != SQLITE_OK)
    return -1;

  /* A plain libsqlite3 ignores the unknown pragma: no row at all. */
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    major = atoi ((const char *) sqlite3_column_text (stmt, 0));

  return major;
}

static int
apply_key (sqlite3    *db,
           KindredKey *key)
{
  /* "x'<64 hex>'": SQLCipher takes it as the raw key, no KDF. Built in guarded
   * memory that sodium_free() wipes. */
  const gsize len = 2 + 2 * KINDRED_KEY_SIZE + 1;
  char *raw = sodium_malloc (len + 1);
  int rc;

  if (raw == NULL)
    return SQLITE_NOMEM;

  raw[0] = 'x';
  raw[1] = '\'';
  sodium_bin2hex (raw + 2, 2 * KINDRED_KEY_SIZE + 1, kindred_key_get_data (key),
                  KINDRED_KEY_SIZE);
  raw[len - 1] = '\'';
  raw[len] = '\0';

  rc = sqlite3_key (db, raw, (int) len);
  sodium_free (raw);

  return rc;
}

/* @schema: "main" or an attached database's name.
 *
 * Why pin these: the journal must open the same under Debian 12's SQLCipher 3.4
 * and the Flatpak's SQLCipher 4, whose defaults differ (3.x: 1024-byte pages,
 * 64,000 PBKDF2 rounds, HMAC-SHA1; 4.x: 4096-byte pages, 256,000 rounds,
 * HMAC-SHA512 and PBKDF2-HMAC-SHA512).  3.4 does not know cipher_compatibility
 * nor the HMAC/KDF algorithm pragmas (it ignores them), so we set the page size
 * and the KDF rounds by hand everywhere, and on 4.x also choose the 3.x
 * algorithms.  With a raw key the rounds only matter for deriving the HMAC key,
 * but they must still agree.  It must happen before the first read of the file. */
static gboolean
pin_cipher_settings (sqlite3     *db,
                     const char  *schema,
                     int          cipher_major,
                     GError     **error)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("PRAGMA %s.cipher_page_size = %d;"
                         "PRAGMA %s.kdf_iter = %d;",
                         schema, PAGE_SIZE, schema, KDF_ITER);
  if (!_kindred_store_exec (db, sql, error))
    return FALSE;

  if (cipher_major >= 4)
    {
      g_autofree char *algorithms = NULL;

      algorithms = g_strdup_printf ("PRAGMA %s.cipher_hmac_algorithm = HMAC_SHA1;"
                                    "PRAGMA %s.cipher_kdf_algorithm = PBKDF2_HMAC_SHA1;",
                                    schema, schema);
      if (!_kindred_store_exec (db, algorithms, error))
        return FALSE;
    }

  return TRUE;
}

/* Opens and keys a connection and makes the first read.  Writes nothing: a file
 * that fails here keeps every byte.  @size: the file's size, -1 when new. */
static sqlite3 *
open_connection (const char  *path,
                 KindredKey  *key,
                 gboolean     create,
                 gint64       size,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_PRIVATECACHE;
  int cipher_major;
  int rc;

  if (create)
    flags |= SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      _kindred_store_set_error (error, db, rc, "open");
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        g_prefix_error (error, "%s ", _("The journal file could not be opened."));
      sqlite3_close (db);
      return NULL;
    }

  cipher_major = cipher_major_version (db);
  if (cipher_major < 0)
    {
      /* Linked against plain SQLite by mistake: going on would write the journal
       * in clear. */
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NO_CIPHER,
                   _("This copy of Kindred cannot encrypt, so it will not open "
                     "the journal."));
      sqlite3_close (db);
      return NULL;
    }

  rc = apply_key (db, key);
  if (rc != SQLITE_OK)
    {
      _kindred_store_set_error (error, db, rc, "key");
      sqlite3_close (db);
      return NULL;
    }

  if (!pin_cipher_settings (db, "main", cipher_major, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  /* SQLCipher only finds out about a wrong key when it first decrypts a page.
   * This must be the first statement that reads: some pragmas below (synchronous)
   * load the schema, and their failure would say less. */
  rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      /* SQLITE_NOTADB means "page 1 did not decrypt": a wrong key and a damaged
       * file look the same.  The caller (KindredJournal) has already compared the
       * key-check value, so a key that gets here is the one this journal was made
       * with as far as we know.  A file we wrote is always whole pages, so whole
       * pages that do not decrypt are most likely a journal for another key
       * (e.g. a key-check file from another journal): WRONG_KEY; anything cut
       * short or of another shape is damage: NOT_A_JOURNAL. */
      if ((rc & 0xff) == SQLITE_NOTADB && size >= PAGE_SIZE && size % PAGE_SIZE == 0)
        g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_WRONG_KEY,
                     _("This journal is locked with a different key."));
      else if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        set_not_a_journal (error, _("The journal file is damaged or is not a Kindred "
                                    "journal. It has been left as it was."));
      else
        _kindred_store_set_error (error, db, rc, "first read");
      sqlite3_close (db);
      return NULL;
    }

  /* Connection settings only; none of them writes to the file. */
  if (!_kindred_store_exec (db,
                            "PRAGMA temp_store = MEMORY;"
                            "PRAGMA secure_delete = ON;"
                            "PRAGMA synchronous = FULL;"
                            "PRAGMA foreign_keys = ON;",
                            error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/* The file opened: now bring it to our schema.  The version check comes before
 * the first write so that a newer Kindred's journal stays untouched. */
static gboolean
prepare_schema (sqlite3  *db,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;
  int rc;

  version = _kindred_store_read_user_version (db, error);
  if (version < 0)
    return FALSE;
  if (version > KINDRED_STORE_SCHEMA_VERSION)
    return _kindred_store_migrate (db, error);

  /* No WAL: its -wal file would need its own proof of being encrypted, and the
   * rollback journal is encrypted page by page like the database. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _kindred_store_set_error (error, db, rc, "journal_mode");
      return FALSE;
    }
  /* A statement still on its row would keep the migration from committing. */
  g_clear_pointer (&stmt, sqlite3_finalize);

  return _kindred_store_migrate (db, error);
}

static void
remove_with_journal (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (journal);
  g_unlink (path);
}

/* A new journal is made beside the path and moved into place only when its
 * schema is complete: a crash while creating leaves no half file that would
 * later look damaged. */
static gboolean
create_journal (const char  *path,
                KindredKey  *key,
                GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".creating", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_io_error (error, errno);

  /* Left by a crash in an earlier attempt: never a journal anyone used. */
  remove_with_journal (tmp);

  db = open_connection (tmp, key, TRUE, -1, error);
  if (db == NULL)
    {
      remove_with_journal (tmp);
      return FALSE;
    }

  if (!prepare_schema (db, error))
    {
      sqlite3_close (db);
      remove_with_journal (tmp);
      return FALSE;
    }

  sqlite3_close (db);

  if (g_chmod (tmp, 0600) != 0 || !kindred_fsync_path (tmp, NULL))
    {
      int saved_errno = errno;

      remove_with_journal (tmp);
      return set_io_error (error, saved_errno);
    }

  /* link() does not replace a journal that appeared meanwhile; rename() does,
   * so it is only the fallback for file systems without hard links. */
  if (link (tmp, path) == 0)
    g_unlink (tmp);
  else if (errno == EEXIST || g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      remove_with_journal (tmp);
      return set_io_error (error, saved_errno);
    }

  kindred_fsync_path (dir, NULL);
  return TRUE;
}

static char *
read_setting (sqlite3    *db,
              const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM settings WHERE key = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static KindredStore *
open_store (const char    *path,
            KindredKey    *key,
            gboolean       create,
            GMainContext  *context,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(KindredStore) self = NULL;
  sqlite3 *db;
  gint64 size;
  gboolean created = FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!check_path (path, create, &size, error))
    return NULL;

  if (size < 0)
    {
      if (!create_journal (path, key, error))
        return NULL;
      created = TRUE;
      if (!check_path (path, FALSE, &size, error))
        goto failed_unopened;
    }

  db = open_connection (path, key, FALSE, size, error);
  if (db == NULL)
    goto failed_unopened;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !prepare_schema (db, error))
    {
      sqlite3_close (db);
      goto failed_unopened;
    }

  self = g_object_new (KINDRED_TYPE_STORE, NULL);
  self->db = db;
  self->path = g_strdup (path);
  self->context = g_main_context_ref (context);
  self->device_id = read_setting (db, "device-id");

  if (self->device_id == NULL)
    {
      g_autofree char *device_id = g_uuid_string_random ();

      if (!kindred_store_set_setting (self, "device-id", device_id, error))
        return NULL;
      self->device_id = g_steal_pointer (&device_id);
    }

  return g_steal_pointer (&self);

failed_unopened:
  /* Only what this call made a moment ago: it holds no one's words yet. */
  if (created)
    remove_with_journal (path);
  return NULL;
}

/* Reading entries */

static gboolean
load_children (KindredStore  *self,
               KindredEntry  *entry,
               gint64         id,
               GError       **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  int rc;

  stmt = prepare (self,
                  "SELECT emotion, intensity FROM entry_emotions"
                  " WHERE entry_id = ? ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    kindred_entry_set_emotion (entry, (const char *) sqlite3_column_text (stmt, 0),
                               sqlite3_column_int (stmt, 1));
  if (rc != SQLITE_DONE)
    goto failed;

  stmt = prepare (self,
                  "SELECT tag FROM entry_triggers WHERE entry_id = ? ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    goto failed;
  kindred_entry_set_triggers (entry, (const char * const *) triggers->pdata);

  stmt = prepare (self,
                  "SELECT s.uuid, es.helped FROM entry_strategies es"
                  " JOIN strategies s ON s.id = es.strategy_id"
                  " WHERE es.entry_id = ? ORDER BY es.position",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    kindred_entry_set_strategy (entry, (const char *) sqlite3_column_text (stmt, 0),
                                sqlite3_column_int (stmt, 1));
  if (rc != SQLITE_DONE)
    goto failed;

  return TRUE;

failed:
  _kindred_store_set_error (error, self->db, rc, "children");
  return FALSE;
}

/* Builds an entry from a row of ENTRY_COLUMNS; *id receives the row id. */
static KindredEntry *
entry_from_row (sqlite3_stmt *stmt,
                gint64       *id)
{
  KindredEntry *entry;
  g_autoptr(GDateTime) created_at = NULL;

  *id = sqlite3_column_int64 (stmt, 0);
  entry = kindred_entry_new_with_uuid ((const char *) sqlite3_column_text (stmt, 1));
  _kindred_entry_freeze_changed (entry);

  created_at = date_time_from_us (sqlite3_column_int64 (stmt, 2));
  kindred_entry_set_created_at (entry, created_at);
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    {
      g_autoptr(GDateTime) updated_at = date_time_from_us (sqlite3_column_int64 (stmt, 3));

      kindred_entry_set_updated_at (entry, updated_at);
    }
  kindred_entry_set_hlc (entry, (guint64) sqlite3_column_int64 (stmt, 4));
  kindred_entry_set_device_id (entry, (const char *) sqlite3_column_text (stmt, 5));
  kindred_entry_set_mood (entry, sqlite3_column_int (stmt, 6));
  kindred_entry_set_title (entry, (const char *) sqlite3_column_text (stmt, 7));
  kindred_entry_set_body (entry, (const char *) sqlite3_column_text (stmt, 8));
  kindred_entry_set_deleted (entry, sqlite3_column_int (stmt, 9) != 0);

  return entry;
}

/* Steps @stmt (ENTRY_COLUMNS) to the end and loads each entry whole. */
static GPtrArray *
collect_entries (KindredStore  *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id;

      g_ptr_array_add (entries, entry_from_row (stmt, &id));
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, self->db, rc, "list");
      return NULL;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      KindredEntry *entry = g_ptr_array_index (entries, i);

      if (!load_children (self, entry, g_array_index (ids, gint64, i), error))
        return NULL;
      _kindred_entry_thaw_changed (entry);
    }

  return g_steal_pointer (&entries);
}

/* Writing entries */

static gboolean
validate_entry (KindredEntry  *entry,
                GError       **error)
{
  int mood = kindred_entry_get_mood (entry);

  if (!g_uuid_string_is_valid (kindred_entry_get_uuid (entry)))
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                   _("This entry has a damaged identifier."));
      return FALSE;
    }

  if (mood != KINDRED_MOOD_NONE && (mood < KINDRED_MOOD_MIN || mood > KINDRED_MOOD_MAX))
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                   _("A mood goes from %d to %d."), KINDRED_MOOD_MIN, KINDRED_MOOD_MAX);
      return FALSE;
    }

  for (guint i = 0; i < kindred_entry_get_n_emotions (entry); i++)
    {
      int intensity;
      const char *emotion = kindred_entry_get_emotion (entry, i, &intensity);

      if (emotion == NULL || emotion[0] == '\0' ||
          intensity < KINDRED_INTENSITY_MIN || intensity > KINDRED_INTENSITY_MAX)
        {
          g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                       _("How strong a feeling was goes from %d to %d."),
                       KINDRED_INTENSITY_MIN, KINDRED_INTENSITY_MAX);
          return FALSE;
        }
    }

  for (guint i = 0; i < kindred_entry_get_n_strategies (entry); i++)
    {
      int helped;

      kindred_entry_get_strategy (entry, i, &helped);
      if (helped < KINDRED_HELPED_MIN || helped > KINDRED_HELPED_MAX)
        {
          g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                       _("How much something helped goes from %d to %d."),
                       KINDRED_HELPED_MIN, KINDRED_HELPED_MAX);
          return FALSE;
        }
    }

  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text,
                   gboolean      deleted)
{
  if (text == NULL || deleted)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
}

static gboolean
write_children (KindredStore  *self,
                KindredEntry  *entry,
                gint64         id,
                GError       **error)
{
  const char * const *triggers = kindred_entry_get_triggers (entry);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM entry_emotions WHERE entry_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM entry_triggers WHERE entry_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM entry_strategies WHERE entry_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (kindred_entry_get_deleted (entry))
    return TRUE;

  for (guint i = 0; i < kindred_entry_get_n_emotions (entry); i++)
    {
      int intensity;
      const char *emotion = kindred_entry_get_emotion (entry, i, &intensity);

      stmt = prepare (self,
                      "INSERT INTO entry_emotions (entry_id, emotion, intensity, position)"
                      " VALUES (?, ?, ?, ?)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, emotion, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, intensity);
      sqlite3_bind_int (stmt, 4, (int) i);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; triggers[i] != NULL; i++)
    {
      stmt = prepare (self,
                      "INSERT INTO entry_triggers (entry_id, tag, position) VALUES (?, ?, ?)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, triggers[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < kindred_entry_get_n_strategies (entry); i++)
    {
      int helped;
      const char *strategy = kindred_entry_get_strategy (entry, i, &helped);
      gint64 strategy_id;
      int rc;

      stmt = prepare (self, "SELECT id FROM strategies WHERE uuid = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, strategy, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      strategy_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND,
                       _("A coping strategy used in this entry is not in the journal."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          _kindred_store_set_error (error, self->db, rc, "strategy");
          return FALSE;
        }

      stmt = prepare (self,
                      "INSERT INTO entry_strategies (entry_id, strategy_id, helped, position)"
                      " VALUES (?, ?, ?, ?)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, strategy_id);
      sqlite3_bind_int (stmt, 3, helped);
      sqlite3_bind_int (stmt, 4, (int) i);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Inside a transaction. */
static gboolean
write_entry (KindredStore  *self,
             KindredEntry  *entry,
             KindredHlc     hlc,
             gint64         updated_us,
             GError       **error)
{
  gboolean deleted = kindred_entry_get_deleted (entry);
  int mood = kindred_entry_get_mood (entry);
  sqlite3_stmt *stmt;
  gint64 id = -1;
  int rc;

  stmt = prepare (self, "SELECT id FROM entries WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kindred_entry_get_uuid (entry), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, self->db, rc, "lookup");
      return FALSE;
    }

  if (id >= 0)
    stmt = prepare (self,
                    "UPDATE entries SET created_at = ?2, updated_at = ?3, hlc = ?4,"
                    " device_id = ?5, mood = ?6, title = ?7, body = ?8, deleted = ?9"
                    " WHERE id = ?1",
                    error);
  else
    stmt = prepare (self,
                    "INSERT INTO entries (uuid, created_at, updated_at, hlc, device_id,"
                    " mood, title, body, deleted)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    error);
  if (stmt == NULL)
    return FALSE;

  if (id >= 0)
    sqlite3_bind_int64 (stmt, 1, id);
  else
    sqlite3_bind_text (stmt, 1, kindred_entry_get_uuid (entry), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, _kindred_entry_get_created_at_us (entry));
  sqlite3_bind_int64 (stmt, 3, updated_us);
  sqlite3_bind_int64 (stmt, 4, (gint64) hlc);
  sqlite3_bind_text (stmt, 5, self->device_id, -1, SQLITE_STATIC);
  if (mood == KINDRED_MOOD_NONE || deleted)
    sqlite3_bind_null (stmt, 6);
  else
    sqlite3_bind_int (stmt, 6, mood);
  bind_text_or_null (stmt, 7, kindred_entry_get_title (entry), deleted);
  bind_text_or_null (stmt, 8, kindred_entry_get_body (entry), deleted);
  sqlite3_bind_int (stmt, 9, deleted ? 1 : 0);

  if (!step_done (self, stmt, error))
    return FALSE;

  if (id < 0)
    id = sqlite3_last_insert_rowid (self->db);

  return write_children (self, entry, id, error);
}

/* Writes the stamps of a committed save back onto the caller's entry. */
static void
stamp_entry (KindredStore *self,
             KindredEntry *entry,
             KindredHlc    hlc,
             gint64        updated_us)
{
  g_autoptr(GDateTime) updated_at = date_time_from_us (updated_us);

  kindred_entry_set_updated_at (entry, updated_at);
  kindred_entry_set_hlc (entry, hlc);
  kindred_entry_set_device_id (entry, self->device_id);
}

static gboolean
save_entries (KindredStore  *self,
              GPtrArray     *entries,
              GError       **error)
{
  g_autofree KindredHlc *stamps = NULL;
  KindredHlc hlc;
  gint64 updated_us;

  for (guint i = 0; i < entries->len; i++)
    if (!validate_entry (g_ptr_array_index (entries, i), error))
      return FALSE;

  if (lock_db (self, error) == NULL)
    return FALSE;

  if (!begin (self, error))
    {
      unlock_db (self);
      return FALSE;
    }

  stamps = g_new0 (KindredHlc, MAX (entries->len, 1));
  updated_us = now_us ();

  if (!read_last_hlc (self, &hlc, error))
    goto failed;

  for (guint i = 0; i < entries->len; i++)
    {
      hlc = kindred_hlc_next (hlc, updated_us / 1000);
      stamps[i] = hlc;
      if (!write_entry (self, g_ptr_array_index (entries, i), hlc, updated_us, error))
        goto failed;
    }

  if (!write_last_hlc (self, hlc, error) || !commit (self, error))
    goto failed;

  unlock_db (self);

  for (guint i = 0; i < entries->len; i++)
    stamp_entry (self, g_ptr_array_index (entries, i), stamps[i], updated_us);

  if (entries->len == 1)
    queue_emission (self, kindred_entry_get_uuid (g_ptr_array_index (entries, 0)));
  else if (entries->len > 1)
    queue_emission (self, NULL);

  return TRUE;

failed:
  rollback (self);
  unlock_db (self);
  return FALSE;
}

/* GObject */

static void
kindred_store_finalize (GObject *object)
{
  KindredStore *self = KINDRED_STORE (object);

  kindred_store_close (self);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kindred_store_parent_class)->finalize (object);
}

static void
kindred_store_class_init (KindredStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kindred_store_finalize;

  signals[ENTRY_CHANGED] =
    g_signal_new ("entry-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ENTRIES_RESET] =
    g_signal_new ("entries-reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* sodium_malloc() needs it; safe to call again and from any thread. */
  if (sodium_init () < 0)
    g_error ("libsodium could not start");
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
kindred_store_init (KindredStore *self)
{
  g_mutex_init (&self->lock);
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
}

/* Public API */

/**
 * kindred_store_open:
 *
 * Opens (or with @create, creates) the journal at @path with @key.  Blocks on
 * the file: call it from a worker or use kindred_store_open_async().
 * Signals will be emitted in the thread-default main context of the caller.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
KindredStore *
kindred_store_open (const char    *path,
                    KindredKey    *key,
                    gboolean       create,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return open_store (path, key, create, context, cancellable, error);
}

typedef struct
{
  char         *path;
  KindredKey   *key;
  gboolean      create;
  GMainContext *context;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *open_data = data;

  g_free (open_data->path);
  kindred_key_unref (open_data->key);
  g_main_context_unref (open_data->context);
  g_free (open_data);
}

static void
open_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  KindredStore *store;

  store = open_store (data->path, data->key, data->create, data->context,
                      cancellable, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
kindred_store_open_async (const char          *path,
                          KindredKey          *key,
                          gboolean             create,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (key != NULL);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->key = kindred_key_ref (key);
  data->create = create;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_store_open_async);
  g_task_set_task_data (task, data, open_data_free);
  g_task_run_in_thread (task, open_worker);
}

/**
 * kindred_store_open_finish:
 *
 * Returns: (transfer full) (nullable): the store
 */
KindredStore *
kindred_store_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kindred_store_open_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kindred_store_close (KindredStore *self)
{
  g_return_if_fail (KINDRED_IS_STORE (self));

  g_mutex_lock (&self->lock);
  if (self->db != NULL)
    {
      g_hash_table_remove_all (self->stmts);
      /* Wipes SQLCipher's copy of the key too. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_mutex_unlock (&self->lock);
}

gboolean
kindred_store_is_open (KindredStore *self)
{
  gboolean open;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);

  g_mutex_lock (&self->lock);
  open = self->db != NULL;
  g_mutex_unlock (&self->lock);

  return open;
}

const char *
kindred_store_get_path (KindredStore *self)
{
  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  return self->path;
}

const char *
kindred_store_get_device_id (KindredStore *self)
{
  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  return self->device_id;
}

gboolean
kindred_store_export_rekeyed (KindredStore  *self,
                              const char    *new_path,
                              KindredKey    *new_key,
                              GError       **error)
{
  g_autofree char *version_sql = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *raw = NULL;
  const gsize raw_len = 2 + 2 * KINDRED_KEY_SIZE + 1;
  int version;
  int cipher_major;
  int fd;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (new_path != NULL, FALSE);
  g_return_val_if_fail (new_key != NULL, FALSE);

  db = lock_db (self, error);
  if (db == NULL)
    return FALSE;

  /* The caller picked @new_path for this copy: what is there is an earlier,
   * interrupted attempt and never the journal itself. */
  if (g_strcmp0 (new_path, self->path) == 0)
    {
      unlock_db (self);
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_IO,
                   _("The copy cannot replace the journal while it is open."));
      return FALSE;
    }
  remove_with_journal (new_path);

  /* ATTACH opens with the main connection's flags, which lack SQLITE_OPEN_CREATE
   * (an existing journal is never re-created): so make the empty file here, private
   * from the first byte.  SQLCipher takes a zero-length file as a new database. */
  fd = g_open (new_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      unlock_db (self);
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_IO,
                   _("The new copy of the journal could not be written: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  cipher_major = cipher_major_version (db);
  version = _kindred_store_read_user_version (db, error);
  if (version < 0)
    goto failed_unattached;

  raw = sodium_malloc (raw_len + 1);
  if (raw == NULL)
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_FAILED,
                   _("Not enough memory."));
      goto failed_unattached;
    }
  raw[0] = 'x';
  raw[1] = '\'';
  sodium_bin2hex (raw + 2, 2 * KINDRED_KEY_SIZE + 1, kindred_key_get_data (new_key),
                  KINDRED_KEY_SIZE);
  raw[raw_len - 1] = '\'';
  raw[raw_len] = '\0';

  /* Bound, not spliced into the SQL: the key never sits in a statement's text. */
  stmt = prepare (self, "ATTACH DATABASE ?1 AS rekeyed KEY ?2", error);
  if (stmt == NULL)
    goto failed_unattached;
  sqlite3_bind_text (stmt, 1, new_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, raw, (int) raw_len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  g_clear_pointer (&raw, sodium_free);
  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, db, rc, "attach");
      goto failed_unattached;
    }

  version_sql = g_strdup_printf ("PRAGMA rekeyed.user_version = %d", version);
  if (!pin_cipher_settings (db, "rekeyed", cipher_major, error) ||
      !_kindred_store_exec (db, "SELECT sqlcipher_export ('rekeyed')", error) ||
      !_kindred_store_exec (db, version_sql, error))
    goto failed;

  if (!_kindred_store_exec (db, "DETACH DATABASE rekeyed", error))
    goto failed_unattached;

  unlock_db (self);

  if (!kindred_fsync_path (new_path, NULL))
    {
      int saved_errno = errno;

      remove_with_journal (new_path);
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_IO,
                   _("The new copy of the journal could not be written: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;

failed:
  sqlite3_exec (db, "DETACH DATABASE rekeyed", NULL, NULL, NULL);
failed_unattached:
  g_clear_pointer (&raw, sodium_free);
  unlock_db (self);
  remove_with_journal (new_path);
  return FALSE;
}

static char *
read_pragma (KindredStore *self,
             const char   *sql)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  if (lock_db (self, NULL) == NULL)
    return NULL;

  stmt = prepare (self, sql, NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  unlock_db (self);

  return value;
}

int
kindred_store_get_cipher_page_size (KindredStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (self), -1);

  value = read_pragma (self, "PRAGMA cipher_page_size");
  return value ? atoi (value) : -1;
}

int
kindred_store_get_kdf_iter (KindredStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (self), -1);

  value = read_pragma (self, "PRAGMA kdf_iter");
  return value ? atoi (value) : -1;
}

/**
 * kindred_store_dup_cipher_version:
 *
 * Returns: (transfer full) (nullable): e.g. "3.4.1"
 */
char *
kindred_store_dup_cipher_version (KindredStore *self)
{
  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  return read_pragma (self, "PRAGMA cipher_version");
}

gboolean
kindred_store_check_integrity (KindredStore  *self,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);

  if (lock_db (self, error) == NULL)
    return FALSE;

  stmt = prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    {
      unlock_db (self);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0 &&
         sqlite3_step (stmt) == SQLITE_DONE;
  else
    _kindred_store_set_error (error, self->db, rc, "integrity_check");

  unlock_db (self);

  if (!ok && rc == SQLITE_ROW)
    set_not_a_journal (error, _("The journal is damaged."));

  return ok;
}

gboolean
kindred_store_save_entry (KindredStore  *self,
                          KindredEntry  *entry,
                          GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_ENTRY (entry), FALSE);

  entries = g_ptr_array_new ();
  g_ptr_array_add (entries, entry);

  return save_entries (self, entries, error);
}

typedef struct
{
  KindredEntry *entry;  /* the caller's: touched only in its thread */
  KindredEntry *copy;   /* saved by the worker */
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_object_unref (save->entry);
  g_object_unref (save->copy);
  g_free (save);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *save = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (kindred_store_save_entry (source_object, save->copy, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The entry is copied now, so the editor may keep changing it while the copy is
 * written; the stamps are put back on it in _finish(). */
void
kindred_store_save_entry_async (KindredStore        *self,
                                KindredEntry        *entry,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *save;

  g_return_if_fail (KINDRED_IS_STORE (self));
  g_return_if_fail (KINDRED_IS_ENTRY (entry));

  save = g_new0 (SaveData, 1);
  save->entry = g_object_ref (entry);
  save->copy = _kindred_entry_copy (entry);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_store_save_entry_async);
  g_task_set_task_data (task, save, save_data_free);
  g_task_run_in_thread (task, save_worker);
}

gboolean
kindred_store_save_entry_finish (KindredStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  SaveData *save;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        kindred_store_save_entry_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  save = g_task_get_task_data (G_TASK (result));
  kindred_entry_set_updated_at (save->entry, kindred_entry_get_updated_at (save->copy));
  kindred_entry_set_hlc (save->entry, kindred_entry_get_hlc (save->copy));
  kindred_entry_set_device_id (save->entry, kindred_entry_get_device_id (save->copy));

  return TRUE;
}

gboolean
kindred_store_save_entries (KindredStore  *self,
                            GPtrArray     *entries,
                            GError       **error)
{
  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  return save_entries (self, entries, error);
}

/**
 * kindred_store_get_entry:
 *
 * Returns: (transfer full) (nullable): the entry
 */
KindredEntry *
kindred_store_get_entry (KindredStore  *self,
                         const char    *uuid,
                         GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  stmt = prepare (self, "SELECT " ENTRY_COLUMNS " FROM entries WHERE uuid = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      entries = collect_entries (self, stmt, error);
    }

  unlock_db (self);

  if (entries == NULL)
    return NULL;

  if (entries->len == 0)
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND,
                   _("This entry is not in the journal."));
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (entries, 0));
}

gboolean
kindred_store_delete_entry (KindredStore  *self,
                            const char    *uuid,
                            GError       **error)
{
  sqlite3_stmt *stmt;
  KindredHlc hlc;
  gint64 updated_us = now_us ();

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (lock_db (self, error) == NULL)
    return FALSE;

  if (!begin (self, error))
    {
      unlock_db (self);
      return FALSE;
    }

  if (!read_last_hlc (self, &hlc, error))
    goto failed;
  hlc = kindred_hlc_next (hlc, updated_us / 1000);

  /* The entries_tombstone trigger erases emotions, tags and links; with
   * secure_delete the freed pages are zeroed, and the FTS row goes with the
   * update (its words leave the index at the next optimize). */
  stmt = prepare (self,
                  "UPDATE entries SET deleted = 1, title = NULL, body = NULL, mood = NULL,"
                  " updated_at = ?, hlc = ?, device_id = ? WHERE uuid = ?",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, updated_us);
  sqlite3_bind_int64 (stmt, 2, (gint64) hlc);
  sqlite3_bind_text (stmt, 3, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, uuid, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND,
                   _("This entry is not in the journal."));
      goto failed;
    }

  if (!write_last_hlc (self, hlc, error) || !commit (self, error))
    goto failed;

  unlock_db (self);
  queue_emission (self, uuid);
  return TRUE;

failed:
  rollback (self);
  unlock_db (self);
  return FALSE;
}

guint
kindred_store_count_entries (KindredStore  *self,
                             GError       **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), 0);

  if (lock_db (self, error) == NULL)
    return 0;

  stmt = prepare (self, "SELECT count(*) FROM entries WHERE deleted = 0", error);
  if (stmt != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        count = (guint) sqlite3_column_int64 (stmt, 0);
      else
        _kindred_store_set_error (error, self->db, rc, "count");
    }

  unlock_db (self);

  return count;
}

/**
 * kindred_store_search:
 *
 * Returns: (transfer full) (nullable): uuids (char *), newest first
 */
GPtrArray *
kindred_store_search (KindredStore  *self,
                      const char    *query,
                      guint          limit,
                      GError       **error)
{
  g_autoptr(GPtrArray) uuids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  uuids = g_ptr_array_new_with_free_func (g_free);
  if (query == NULL || query[0] == '\0')
    {
      unlock_db (self);
      return g_steal_pointer (&uuids);
    }

  stmt = prepare (self,
                  /* CROSS JOIN keeps the FTS table outside: else the planner may walk
                   * entries in date order and run the full-text query once per row. */
                  "SELECT e.uuid FROM entries_fts"
                  " CROSS JOIN entries e ON e.id = entries_fts.docid"
                  " WHERE entries_fts MATCH ?1 AND e.deleted = 0"
                  " ORDER BY e.created_at DESC, e.uuid DESC LIMIT ?2",
                  error);
  if (stmt == NULL)
    {
      unlock_db (self);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  unlock_db (self);

  if (rc != SQLITE_DONE)
    {
      /* FTS4 reports a malformed query as a plain SQLITE_ERROR (its message
       * quotes the query, which is why it is not shown). */
      if (rc == SQLITE_ERROR)
        g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                     _("That search could not be understood."));
      else
        _kindred_store_set_error (error, NULL, rc, "search");
      return NULL;
    }

  return g_steal_pointer (&uuids);
}

/**
 * kindred_store_build_match_query:
 * @user_text: what a person typed in a search field
 *
 * Turns plain words into a safe FTS4 query: each word a quoted prefix term,
 * all of them required (`"calm*" "walk*"`; FTS4 wants the star inside the
 * quotes).  Operators, quotes and brackets
 * in @user_text lose their meaning, so no input gives a malformed query.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @user_text
 *   holds no word
 */
char *
kindred_store_build_match_query (const char *user_text)
{
  g_autoptr(GString) query = NULL;
  const char *p;
  const char *word = NULL;

  if (user_text == NULL || !g_utf8_validate (user_text, -1, NULL))
    return NULL;

  query = g_string_new (NULL);

  for (p = user_text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean in_word = c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));

      if (in_word && word == NULL)
        word = p;
      else if (!in_word && word != NULL)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_c (query, '"');
          g_string_append_len (query, word, p - word);
          g_string_append (query, "*\"");
          word = NULL;
        }

      if (c == 0)
        break;
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/**
 * kindred_store_list_entries:
 *
 * Returns: (transfer full) (nullable): KindredEntry objects, newest first
 */
GPtrArray *
kindred_store_list_entries (KindredStore  *self,
                            gint64         before_created_at,
                            const char    *before_uuid,
                            guint          limit,
                            GError       **error)
{
  GPtrArray *entries = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  /* Written so that the (deleted, created_at DESC, uuid DESC) index gives both
   * the range and the order: no sort, however far back the page is. */
  if (before_uuid == NULL)
    stmt = prepare (self,
                    "SELECT " ENTRY_COLUMNS " FROM entries WHERE deleted = 0"
                    " ORDER BY created_at DESC, uuid DESC LIMIT ?3",
                    error);
  else
    stmt = prepare (self,
                    "SELECT " ENTRY_COLUMNS " FROM entries WHERE deleted = 0"
                    " AND created_at <= ?1 AND (created_at < ?1 OR uuid < ?2)"
                    " ORDER BY created_at DESC, uuid DESC LIMIT ?3",
                    error);

  if (stmt != NULL)
    {
      if (before_uuid != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, before_created_at);
          sqlite3_bind_text (stmt, 2, before_uuid, -1, SQLITE_TRANSIENT);
        }
      sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
      entries = collect_entries (self, stmt, error);
    }

  unlock_db (self);

  return entries;
}

GPtrArray *
_kindred_store_list_entries_at (KindredStore  *self,
                                guint          offset,
                                guint          limit,
                                GError       **error)
{
  GPtrArray *entries = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  stmt = prepare (self,
                  "SELECT " ENTRY_COLUMNS " FROM entries WHERE deleted = 0"
                  " ORDER BY created_at DESC, uuid DESC LIMIT ?1 OFFSET ?2",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
      sqlite3_bind_int64 (stmt, 2, offset);
      entries = collect_entries (self, stmt, error);
    }

  unlock_db (self);

  return entries;
}

gboolean
kindred_store_optimize_index (KindredStore  *self,
                              GError       **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);

  db = lock_db (self, error);
  if (db == NULL)
    return FALSE;

  ok = _kindred_store_exec (db, "INSERT INTO entries_fts (entries_fts) VALUES ('optimize')",
                            error);
  unlock_db (self);

  return ok;
}

gboolean
kindred_store_add_strategy (KindredStore  *self,
                            const char    *uuid,
                            const char    *name,
                            const char    *category,
                            const char    *description,
                            gboolean       builtin,
                            GError       **error)
{
  sqlite3_stmt *stmt;
  KindredHlc hlc;
  gint64 stamp_us = now_us ();

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!g_uuid_string_is_valid (uuid))
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                   _("This coping strategy has a damaged identifier."));
      return FALSE;
    }

  if (lock_db (self, error) == NULL)
    return FALSE;

  if (!begin (self, error))
    {
      unlock_db (self);
      return FALSE;
    }

  if (!read_last_hlc (self, &hlc, error))
    goto failed;
  hlc = kindred_hlc_next (hlc, stamp_us / 1000);

  /* No UPSERT in SQLite 3.15, and INSERT OR REPLACE would delete the row that
   * entry_strategies points at: update, then insert when nothing was there. */
  stmt = prepare (self,
                  "UPDATE strategies SET name = ?2, category = ?3, description = ?4,"
                  " builtin = ?5, hlc = ?6, device_id = ?7, updated_at = ?8"
                  " WHERE uuid = ?1",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, category, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, builtin ? 1 : 0);
  sqlite3_bind_int64 (stmt, 6, (gint64) hlc);
  sqlite3_bind_text (stmt, 7, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, stamp_us);
  if (!step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      stmt = prepare (self,
                      "INSERT INTO strategies (uuid, name, category, description, builtin,"
                      " hlc, device_id, created_at, updated_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                      error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, category, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 5, builtin ? 1 : 0);
      sqlite3_bind_int64 (stmt, 6, (gint64) hlc);
      sqlite3_bind_text (stmt, 7, self->device_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, stamp_us);
      if (!step_done (self, stmt, error))
        goto failed;
    }

  if (!write_last_hlc (self, hlc, error) || !commit (self, error))
    goto failed;

  unlock_db (self);
  return TRUE;

failed:
  rollback (self);
  unlock_db (self);
  return FALSE;
}

/**
 * kindred_store_dup_setting:
 *
 * Returns: (transfer full) (nullable): the value, %NULL when unset or closed
 */
char *
kindred_store_dup_setting (KindredStore *self,
                           const char   *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (lock_db (self, NULL) == NULL)
    return NULL;

  stmt = prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }

  unlock_db (self);

  return value;
}

/* @value NULL removes the setting. */
gboolean
kindred_store_set_setting (KindredStore  *self,
                           const char    *key,
                           const char    *value,
                           GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (lock_db (self, error) == NULL)
    return FALSE;

  if (value != NULL)
    stmt = prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                    error);
  else
    stmt = prepare (self, "DELETE FROM settings WHERE key = ?1", error);

  if (stmt == NULL)
    {
      unlock_db (self);
      return FALSE;
    }

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  ok = step_done (self, stmt, error);

  unlock_db (self);

  return ok;
}

gboolean
_kindred_store_set_user_version (KindredStore  *self,
                                 int            version,
                                 GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);
  sqlite3 *db;
  gboolean ok;

  db = lock_db (self, error);
  if (db == NULL)
    return FALSE;

  ok = _kindred_store_exec (db, sql, error);
  unlock_db (self);

  return ok;
}

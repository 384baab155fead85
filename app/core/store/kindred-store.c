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
  GThread      *home;        /* the thread that runs it (not a reference) */
};

G_DEFINE_FINAL_TYPE (KindredStore, kindred_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (kindred-store-error-quark, kindred_store_error)

enum { ENTRY_CHANGED, ENTRIES_RESET, STRATEGIES_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

#define ENTRY_COLUMNS \
  "id, uuid, created_at, updated_at, hlc, device_id, mood, title, body, deleted, conflict_of"

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

/* Every change: the connection's lock, then one IMMEDIATE transaction. On
 * failure nothing is held. */
static gboolean
begin_write (KindredStore  *self,
             GError       **error)
{
  if (lock_db (self, error) == NULL)
    return FALSE;

  if (!begin (self, error))
    {
      unlock_db (self);
      return FALSE;
    }

  return TRUE;
}

/* Signals, always in the store's main context */

typedef struct
{
  GWeakRef  store;
  guint     signal;
  char     *uuid;   /* for entry-changed */
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

  if (emission->signal == ENTRY_CHANGED)
    g_signal_emit (self, signals[ENTRY_CHANGED], 0, emission->uuid);
  else
    g_signal_emit (self, signals[emission->signal], 0);

  return G_SOURCE_REMOVE;
}

/* Call with the lock released: handlers may call back into the store. Runs at
 * once when the caller is dispatching the store's context, else from an idle there. */
static void
queue_signal (KindredStore *self,
              guint         signal,
              const char   *uuid)
{
  Emission *emission = g_new0 (Emission, 1);

  g_weak_ref_init (&emission->store, self);
  emission->signal = signal;
  emission->uuid = g_strdup (uuid);
  kindred_main_context_dispatch (self->context, self->home, emit_cb, emission, emission_free);
}

/* @uuid NULL: entries-reset. */
static void
queue_emission (KindredStore *self,
                const char   *uuid)
{
  queue_signal (self, uuid != NULL ? ENTRY_CHANGED : ENTRIES_RESET, uuid);
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

  /* Connection settings only; none of them writes to the file.
   * cache_size: SQLite's page cache holds pages decrypted, and SQLCipher pays for
   * every page that leaves it and comes back (decrypt, HMAC).  The default 2 MB
   * is less than one save of 1,000 entries dirties (text, indexes, FTS4
   * segments), so a bulk save spilled and re-read pages and FTS4 merges re-read
   * their segments: 8 MB took the 10,000-entry insert from 5.5 s to 4.7 s here
   * (16 MB was no better within the noise), at a cost of at most 8 MB resident
   * once that much has been read. */
  if (!_kindred_store_exec (db,
                            "PRAGMA temp_store = MEMORY;"
                            "PRAGMA secure_delete = ON;"
                            "PRAGMA synchronous = FULL;"
                            "PRAGMA foreign_keys = ON;"
                            "PRAGMA cache_size = -8000;",
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
            GThread       *home,
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
  self->home = home;
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
  /* Sync's conflict copies (schema v5); NULL for every other entry. */
  _kindred_entry_set_conflict_of (entry, (const char *) sqlite3_column_text (stmt, 10));

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
  const char * const *triggers = kindred_entry_get_triggers (entry);
  g_autofree char *tags = NULL;
  sqlite3_stmt *stmt;
  gint64 id = -1;
  int rc;

  /* The tags for the full-text index, in the same statement as the title and
   * body, so the index row is written once per save (see schema v3). */
  if (!deleted && triggers != NULL && triggers[0] != NULL)
    tags = g_strjoinv (" ", (char **) triggers);

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
                    " device_id = ?5, mood = ?6, title = ?7, body = ?8, deleted = ?9,"
                    " tags = ?10 WHERE id = ?1",
                    error);
  else
    stmt = prepare (self,
                    "INSERT INTO entries (uuid, created_at, updated_at, hlc, device_id,"
                    " mood, title, body, deleted, tags)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
  bind_text_or_null (stmt, 10, tags, deleted);

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

  if (!begin_write (self, error))
    return FALSE;

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
  signals[STRATEGIES_CHANGED] =
    g_signal_new ("strategies-changed",
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

/* Private API */

void
_kindred_store_set_home (KindredStore *self,
                         GMainContext *context,
                         GThread      *home)
{
  g_return_if_fail (KINDRED_IS_STORE (self));
  g_return_if_fail (context != NULL);

  g_main_context_ref (context);
  g_main_context_unref (self->context);
  self->context = context;
  self->home = home;
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

  return open_store (path, key, create, context, g_thread_self (), cancellable, error);
}

typedef struct
{
  char         *path;
  KindredKey   *key;
  gboolean      create;
  GMainContext *context;
  GThread      *home;
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

  store = open_store (data->path, data->key, data->create, data->context, data->home,
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
  data->home = g_thread_self ();

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

  if (!begin_write (self, error))
    return FALSE;

  if (!read_last_hlc (self, &hlc, error))
    goto failed;
  hlc = kindred_hlc_next (hlc, updated_us / 1000);

  /* The entries_tombstone trigger erases emotions, tags and links; with
   * secure_delete the freed pages are zeroed, and the FTS row goes with the
   * update (its words leave the index at the next optimize). */
  stmt = prepare (self,
                  "UPDATE entries SET deleted = 1, title = NULL, body = NULL, mood = NULL, tags = NULL,"
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

  /* Kept by triggers (schema v3): counting the index took 13 ms at 50,000. */
  stmt = prepare (self, "SELECT live FROM entry_count", error);
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
                  /* The matches become a set once (IN over a subquery, materialised:
                   * the full-text query never runs per row); then the time index,
                   * which holds the uuid too, is walked newest first and the walk
                   * stops after @limit hits.  Joining from the FTS side instead
                   * fetched and sorted every match: 200 ms for a common word on
                   * 50,000 entries.  The + keeps the planner from doing that. */
                  "SELECT uuid FROM entries"
                  " WHERE deleted = 0"
                  " AND +id IN (SELECT docid FROM entries_fts WHERE entries_fts MATCH ?1)"
                  " ORDER BY created_at DESC, uuid DESC LIMIT ?2",
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

/* Search and filters */

/* The parts of a filter that make SQL, read once so the statement and its
 * bindings agree. */
typedef struct
{
  char       *match;     /* FTS4 query, or NULL */
  int         mood_min;
  int         mood_max;
  const char *emotion;
  const char *trigger;
  const char *strategy;
  gint64      from_us;
  gint64      to_us;
} FilterParams;

typedef enum
{
  QUERY_PAGE,    /* keyset page */
  QUERY_AT,      /* page at an offset */
  QUERY_COUNT,
  QUERY_ONE,     /* does one uuid pass? */
} QueryKind;

static void
filter_params_init (FilterParams       *params,
                    KindredEntryFilter *filter)
{
  memset (params, 0, sizeof *params);
  if (filter == NULL)
    return;

  params->match = kindred_entry_filter_dup_match_query (filter);
  params->mood_min = kindred_entry_filter_get_mood_min (filter);
  params->mood_max = kindred_entry_filter_get_mood_max (filter);
  params->emotion = kindred_entry_filter_get_emotion (filter);
  params->trigger = kindred_entry_filter_get_trigger (filter);
  params->strategy = kindred_entry_filter_get_strategy (filter);
  params->from_us = kindred_entry_filter_get_from (filter);
  params->to_us = kindred_entry_filter_get_to (filter);
}

static void
filter_params_clear (FilterParams *params)
{
  g_clear_pointer (&params->match, g_free);
}

/* Parameters by number, so the text can leave out what a filter does not use:
 * ?1 match, ?2 mood-min, ?3 mood-max, ?4 emotion, ?5 trigger, ?6 strategy,
 * ?7 from, ?8 to, ?9/?10 keyset, ?11 limit, ?12 offset, ?13 uuid.
 *
 * The plan (checked by /search/plan): the (deleted, created_at DESC, uuid DESC,
 * mood) index gives the order, the date range and the mood; each other condition
 * is a set computed once (an IN over a subquery, which SQLite materialises) and
 * probed per index row.  The unary + keeps the planner from turning that IN into
 * row lookups followed by a sort of every match: with it a page stops after its
 * `limit` rows, and the FTS query runs once, never once per row.  A count reads
 * the index alone, never the rows with their text.
 *
 * (transfer none): interned, so the statement cache can keep it as its key. */
static const char *
build_filtered_sql (const FilterParams *params,
                    QueryKind           kind,
                    gboolean            keyset)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  /* Words alone: the index holds only live entries (tombstones leave it), so it
   * can count by itself without walking every entry. */
  if (kind == QUERY_COUNT && params->match != NULL &&
      params->mood_min == 0 && params->mood_max == 0 && params->emotion == NULL &&
      params->trigger == NULL && params->strategy == NULL &&
      params->from_us == 0 && params->to_us == 0)
    return g_intern_static_string ("SELECT count(*) FROM entries_fts"
                                   " WHERE entries_fts MATCH ?1");

  /* No filter at all: the number kept by triggers (schema v3). */
  if (kind == QUERY_COUNT && params->match == NULL &&
      params->mood_min == 0 && params->mood_max == 0 && params->emotion == NULL &&
      params->trigger == NULL && params->strategy == NULL &&
      params->from_us == 0 && params->to_us == 0)
    return g_intern_static_string ("SELECT live FROM entry_count");

  if (kind == QUERY_COUNT)
    g_string_append (sql, "SELECT count(*) FROM entries WHERE deleted = 0");
  else if (kind == QUERY_ONE)
    g_string_append (sql, "SELECT count(*) FROM entries WHERE uuid = ?13 AND deleted = 0");
  else
    g_string_append (sql, "SELECT " ENTRY_COLUMNS " FROM entries WHERE deleted = 0");

  if (params->from_us > 0)
    g_string_append (sql, " AND created_at >= ?7");
  if (params->to_us > 0)
    g_string_append (sql, " AND created_at < ?8");
  if (params->mood_min > 0)
    g_string_append (sql, " AND mood >= ?2");
  if (params->mood_max > 0)
    g_string_append (sql, " AND mood <= ?3");
  if (params->match != NULL)
    g_string_append (sql, " AND +id IN (SELECT docid FROM entries_fts"
                          " WHERE entries_fts MATCH ?1)");
  if (params->emotion != NULL)
    g_string_append (sql, " AND +id IN (SELECT entry_id FROM entry_emotions"
                          " WHERE emotion = ?4)");
  if (params->trigger != NULL)
    g_string_append (sql, " AND +id IN (SELECT entry_id FROM entry_triggers"
                          " WHERE tag = ?5 COLLATE NOCASE)");
  if (params->strategy != NULL)
    g_string_append (sql, " AND +id IN (SELECT es.entry_id FROM entry_strategies es"
                          " JOIN strategies s ON s.id = es.strategy_id WHERE s.uuid = ?6)");

  if (kind == QUERY_PAGE || kind == QUERY_AT)
    {
      if (keyset)
        g_string_append (sql, " AND created_at <= ?9 AND (created_at < ?9 OR uuid < ?10)");
      g_string_append (sql, " ORDER BY created_at DESC, uuid DESC LIMIT ?11");
      if (kind == QUERY_AT)
        g_string_append (sql, " OFFSET ?12");
    }

  return g_intern_string (sql->str);
}

static void
bind_filter_params (sqlite3_stmt       *stmt,
                    const FilterParams *params)
{
  if (params->match != NULL)
    sqlite3_bind_text (stmt, 1, params->match, -1, SQLITE_TRANSIENT);
  if (params->mood_min > 0)
    sqlite3_bind_int (stmt, 2, params->mood_min);
  if (params->mood_max > 0)
    sqlite3_bind_int (stmt, 3, params->mood_max);
  if (params->emotion != NULL)
    sqlite3_bind_text (stmt, 4, params->emotion, -1, SQLITE_TRANSIENT);
  if (params->trigger != NULL)
    sqlite3_bind_text (stmt, 5, params->trigger, -1, SQLITE_TRANSIENT);
  if (params->strategy != NULL)
    sqlite3_bind_text (stmt, 6, params->strategy, -1, SQLITE_TRANSIENT);
  if (params->from_us > 0)
    sqlite3_bind_int64 (stmt, 7, params->from_us);
  if (params->to_us > 0)
    sqlite3_bind_int64 (stmt, 8, params->to_us);
}

/* FTS4 says SQLITE_ERROR for a query it cannot parse; build_match_query() makes
 * that impossible, but a message that quotes the query must never get out. */
static void
set_query_error (GError     **error,
                 KindredStore *self,
                 int           rc,
                 const char   *what)
{
  if (rc == SQLITE_ERROR)
    g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                 _("That search could not be understood."));
  else
    _kindred_store_set_error (error, self->db, rc, what);
}

static GPtrArray *
list_filtered (KindredStore        *self,
               KindredEntryFilter  *filter,
               gint64               before_created_at,
               const char          *before_uuid,
               guint                offset,
               gboolean             at_offset,
               guint                limit,
               GError             **error)
{
  FilterParams params;
  GPtrArray *entries = NULL;
  sqlite3_stmt *stmt;

  if (lock_db (self, error) == NULL)
    return NULL;

  filter_params_init (&params, filter);
  stmt = prepare (self,
                  build_filtered_sql (&params, at_offset ? QUERY_AT : QUERY_PAGE,
                                      !at_offset && before_uuid != NULL),
                  error);
  if (stmt != NULL)
    {
      bind_filter_params (stmt, &params);
      if (!at_offset && before_uuid != NULL)
        {
          sqlite3_bind_int64 (stmt, 9, before_created_at);
          sqlite3_bind_text (stmt, 10, before_uuid, -1, SQLITE_TRANSIENT);
        }
      sqlite3_bind_int64 (stmt, 11, limit > 0 ? (gint64) limit : -1);
      if (at_offset)
        sqlite3_bind_int64 (stmt, 12, offset);
      entries = collect_entries (self, stmt, error);
    }

  filter_params_clear (&params);
  unlock_db (self);

  return entries;
}

/**
 * kindred_store_list_entries_filtered:
 * @filter: (nullable): what to show; %NULL for every live entry
 *
 * Returns: (transfer full) (nullable): KindredEntry objects, newest first
 */
GPtrArray *
kindred_store_list_entries_filtered (KindredStore        *self,
                                     KindredEntryFilter  *filter,
                                     gint64               before_created_at,
                                     const char          *before_uuid,
                                     guint                limit,
                                     GError             **error)
{
  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);
  g_return_val_if_fail (filter == NULL || KINDRED_IS_ENTRY_FILTER (filter), NULL);

  return list_filtered (self, filter, before_created_at, before_uuid, 0, FALSE, limit, error);
}

GPtrArray *
_kindred_store_list_entries_filtered_at (KindredStore        *self,
                                         KindredEntryFilter  *filter,
                                         guint                offset,
                                         guint                limit,
                                         GError             **error)
{
  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);
  g_return_val_if_fail (filter == NULL || KINDRED_IS_ENTRY_FILTER (filter), NULL);

  return list_filtered (self, filter, 0, NULL, offset, TRUE, limit, error);
}

static gint64
count_filtered (KindredStore        *self,
                KindredEntryFilter  *filter,
                const char          *uuid,
                GError             **error)
{
  FilterParams params;
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  if (lock_db (self, error) == NULL)
    return -1;

  filter_params_init (&params, filter);
  stmt = prepare (self,
                  build_filtered_sql (&params, uuid != NULL ? QUERY_ONE : QUERY_COUNT, FALSE),
                  error);
  if (stmt != NULL)
    {
      bind_filter_params (stmt, &params);
      if (uuid != NULL)
        sqlite3_bind_text (stmt, 13, uuid, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        set_query_error (error, self, rc, "count");
    }

  filter_params_clear (&params);
  unlock_db (self);

  return count;
}

/**
 * kindred_store_count_entries_filtered:
 * @filter: (nullable): what to count; %NULL for every live entry
 *
 * Returns: the number of live entries that pass @filter (0 with @error set on
 *   failure)
 */
guint
kindred_store_count_entries_filtered (KindredStore        *self,
                                      KindredEntryFilter  *filter,
                                      GError             **error)
{
  gint64 count;

  g_return_val_if_fail (KINDRED_IS_STORE (self), 0);
  g_return_val_if_fail (filter == NULL || KINDRED_IS_ENTRY_FILTER (filter), 0);

  count = count_filtered (self, filter, NULL, error);
  return count > 0 ? (guint) count : 0;
}

gboolean
_kindred_store_entry_matches (KindredStore        *self,
                              KindredEntryFilter  *filter,
                              const char          *uuid,
                              GError             **error)
{
  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  return count_filtered (self, filter, uuid, error) > 0;
}

char *
_kindred_store_explain_filtered (KindredStore       *self,
                                 KindredEntryFilter *filter,
                                 gboolean            count)
{
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  FilterParams params;

  if (lock_db (self, NULL) == NULL)
    return NULL;

  filter_params_init (&params, filter);
  sql = g_strconcat ("EXPLAIN QUERY PLAN ",
                     build_filtered_sql (&params, count ? QUERY_COUNT : QUERY_PAGE, FALSE),
                     NULL);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      bind_filter_params (stmt, &params);
      sqlite3_bind_int64 (stmt, 11, 64);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
    }

  filter_params_clear (&params);
  g_clear_pointer (&stmt, sqlite3_finalize);
  unlock_db (self);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* LIKE's own wildcards in a typed prefix mean themselves. */
static char *
escape_like (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  g_string_append_c (escaped, '%');

  return g_string_free (escaped, FALSE);
}

/**
 * kindred_store_list_triggers:
 * @prefix: (nullable): what the user has typed so far
 * @limit: at most this many; 0 for all
 *
 * Returns: (transfer full) (array zero-terminated=1): tags, most used first
 */
char **
kindred_store_list_triggers (KindredStore  *self,
                             const char    *prefix,
                             guint          limit,
                             GError       **error)
{
  g_autoptr(GPtrArray) tags = NULL;
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  /* Tags differing only in case are one trigger; the spelling shown is the one
   * used most recently (max of the row id: the latest write). */
  stmt = prepare (self,
                  "SELECT (SELECT t2.tag FROM entry_triggers t2"
                  "         WHERE t2.tag = t.tag COLLATE NOCASE"
                  "         ORDER BY t2.entry_id DESC LIMIT 1),"
                  "       count(*) AS uses"
                  " FROM entry_triggers t"
                  " WHERE ?1 IS NULL OR t.tag LIKE ?1 ESCAPE '\\'"
                  " GROUP BY t.tag COLLATE NOCASE"
                  " ORDER BY uses DESC, t.tag COLLATE NOCASE"
                  " LIMIT ?2",
                  error);
  if (stmt == NULL)
    {
      unlock_db (self);
      return NULL;
    }

  if (prefix != NULL && prefix[0] != '\0')
    {
      pattern = escape_like (prefix);
      sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  tags = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tags, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  unlock_db (self);

  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, NULL, rc, "triggers");
      return NULL;
    }

  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

static gint64
date_time_to_us (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

/**
 * kindred_store_get_day_moods:
 * @from: the first instant (inclusive)
 * @to: the end (exclusive)
 *
 * Days are local calendar days in the process's time zone (TZ), so an entry
 * written at 00:30 in Berlin belongs to that day even though it is still the
 * day before in UTC.  An entry without a mood counts in @count but not in the
 * average.
 *
 * Returns: (transfer full) (element-type KindredDayMood): one element per day
 */
GArray *
kindred_store_get_day_moods (KindredStore  *self,
                             GDateTime     *from,
                             GDateTime     *to,
                             GError       **error)
{
  g_autoptr(GArray) days = NULL;
  g_autoptr(GDateTime) day_start = NULL;
  g_autoptr(GDateTime) from_local = NULL;
  gint64 from_us, to_us;
  gint64 day_end_us = 0;
  double sum = 0;
  guint n_moods = 0;
  sqlite3_stmt *stmt;
  int year, month, day;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);

  days = g_array_new (FALSE, TRUE, sizeof (KindredDayMood));
  from_us = date_time_to_us (from);
  to_us = date_time_to_us (to);
  if (to_us <= from_us)
    return g_steal_pointer (&days);

  if (lock_db (self, error) == NULL)
    return NULL;

  /* Read from the (deleted, created_at, uuid, mood) index alone. */
  stmt = prepare (self,
                  "SELECT created_at, mood FROM entries"
                  " WHERE deleted = 0 AND created_at >= ?1 AND created_at < ?2"
                  " ORDER BY created_at",
                  error);
  if (stmt == NULL)
    {
      unlock_db (self);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);

  /* Walk the days and the rows together: each day's end is the next local
   * midnight, which GDateTime finds across daylight-saving changes (a day may
   * be 23 or 25 hours long). */
  from_local = g_date_time_to_local (from);
  g_date_time_get_ymd (from_local, &year, &month, &day);
  day_start = g_date_time_new_local (year, month, day, 0, 0, 0);

  rc = sqlite3_step (stmt);
  while (date_time_to_us (day_start) < to_us)
    {
      g_autoptr(GDateTime) next = NULL;
      KindredDayMood mood = { 0 };

      g_date_time_get_ymd (day_start, &mood.year, &mood.month, &mood.day);
      next = g_date_time_add_days (day_start, 1);
      /* A midnight that does not exist (a change at 00:00) comes back as 01:00:
       * add_days keeps the wall time, so go back to the day's own start. */
      {
        int y, m, d;

        g_date_time_get_ymd (next, &y, &m, &d);
        g_clear_pointer (&next, g_date_time_unref);
        next = g_date_time_new_local (y, m, d, 0, 0, 0);
      }
      day_end_us = date_time_to_us (next);

      sum = 0;
      n_moods = 0;
      while (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) < day_end_us)
        {
          mood.count++;
          if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            {
              sum += sqlite3_column_int (stmt, 1);
              n_moods++;
            }
          rc = sqlite3_step (stmt);
        }
      mood.average = n_moods > 0 ? sum / n_moods : 0;
      g_array_append_val (days, mood);

      g_clear_pointer (&day_start, g_date_time_unref);
      day_start = g_steal_pointer (&next);
    }
  if (rc == SQLITE_ROW)
    rc = SQLITE_DONE;   /* cannot happen: every row is before @to */
  sqlite3_reset (stmt);

  unlock_db (self);

  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, NULL, rc, "day moods");
      return NULL;
    }

  return g_steal_pointer (&days);
}

/* Strategies */

#define STRATEGY_COLUMNS \
  "uuid, name, category, description, builtin, archived, created_at, updated_at, hlc," \
  " steps, minutes_min, minutes_max, when_text"

/* Steps are kept one per line (KindredStrategy makes each step a single line). */
static char *
join_steps (KindredStrategy *strategy)
{
  const char * const *steps = kindred_strategy_get_steps (strategy);

  return steps != NULL ? g_strjoinv ("\n", (char **) steps) : NULL;
}

static KindredStrategy *
strategy_from_row (sqlite3_stmt *stmt)
{
  KindredStrategy *strategy;
  g_autoptr(GDateTime) created_at = NULL;

  strategy = kindred_strategy_new_with_uuid ((const char *) sqlite3_column_text (stmt, 0));
  kindred_strategy_set_name (strategy, (const char *) sqlite3_column_text (stmt, 1));
  kindred_strategy_set_category (strategy, (const char *) sqlite3_column_text (stmt, 2));
  kindred_strategy_set_description (strategy, (const char *) sqlite3_column_text (stmt, 3));
  kindred_strategy_set_builtin (strategy, sqlite3_column_int (stmt, 4) != 0);
  kindred_strategy_set_archived (strategy, sqlite3_column_int (stmt, 5) != 0);
  created_at = date_time_from_us (sqlite3_column_int64 (stmt, 6));
  kindred_strategy_set_created_at (strategy, created_at);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    {
      g_autoptr(GDateTime) updated_at = date_time_from_us (sqlite3_column_int64 (stmt, 7));

      kindred_strategy_set_updated_at (strategy, updated_at);
    }
  kindred_strategy_set_hlc (strategy, (guint64) sqlite3_column_int64 (stmt, 8));
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    {
      g_auto(GStrv) steps = g_strsplit ((const char *) sqlite3_column_text (stmt, 9), "\n", -1);

      kindred_strategy_set_steps (strategy, (const char * const *) steps);
    }
  kindred_strategy_set_minutes (strategy, (guint) MAX (0, sqlite3_column_int (stmt, 10)),
                                (guint) MAX (0, sqlite3_column_int (stmt, 11)));
  kindred_strategy_set_when (strategy, (const char *) sqlite3_column_text (stmt, 12));

  return strategy;
}

static gboolean
check_strategy_uuid (const char  *uuid,
                     GError     **error)
{
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                   _("This coping strategy has a damaged identifier."));
      return FALSE;
    }

  return TRUE;
}

static void
set_strategy_not_found (GError **error)
{
  g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND,
               _("This coping strategy is not in the journal."));
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
  gboolean exists;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_strategy_uuid (uuid, error))
    return FALSE;

  if (!begin_write (self, error))
    return FALSE;

  /* The seeder calls this at every start: a strategy already as given keeps its
   * stamps, or every launch would look like an edit to sync. */
  stmt = prepare (self,
                  "SELECT name IS ?2 AND category IS ?3 AND description IS ?4"
                  " AND builtin = ?5 FROM strategies WHERE uuid = ?1",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, category, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, builtin ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, self->db, rc, "strategy");
      goto failed;
    }
  exists = rc == SQLITE_ROW;
  if (exists && sqlite3_column_int (stmt, 0) != 0)
    {
      sqlite3_reset (stmt);
      rollback (self);
      unlock_db (self);
      return TRUE;
    }
  sqlite3_reset (stmt);

  if (!read_last_hlc (self, &hlc, error))
    goto failed;
  hlc = kindred_hlc_next (hlc, stamp_us / 1000);

  /* No UPSERT in SQLite 3.15, and INSERT OR REPLACE would delete the row that
   * entry_strategies points at.  Archived stays as the user left it. */
  if (exists)
    stmt = prepare (self,
                    "UPDATE strategies SET name = ?2, category = ?3, description = ?4,"
                    " builtin = ?5, hlc = ?6, device_id = ?7, updated_at = ?8"
                    " WHERE uuid = ?1",
                    error);
  else
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

  if (!write_last_hlc (self, hlc, error) || !commit (self, error))
    goto failed;

  unlock_db (self);
  queue_signal (self, STRATEGIES_CHANGED, NULL);
  return TRUE;

failed:
  rollback (self);
  unlock_db (self);
  return FALSE;
}

/**
 * kindred_store_list_strategies:
 *
 * Returns: (transfer full) (nullable) (element-type KindredStrategy): by
 *   category, then name
 */
GPtrArray *
kindred_store_list_strategies (KindredStore  *self,
                               gboolean       include_archived,
                               GError       **error)
{
  g_autoptr(GPtrArray) strategies = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  stmt = prepare (self,
                  "SELECT " STRATEGY_COLUMNS " FROM strategies"
                  " WHERE ?1 OR archived = 0"
                  " ORDER BY category IS NULL, category COLLATE NOCASE,"
                  " name COLLATE NOCASE, uuid",
                  error);
  if (stmt == NULL)
    {
      unlock_db (self);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, include_archived ? 1 : 0);

  strategies = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (strategies, strategy_from_row (stmt));
  sqlite3_reset (stmt);

  unlock_db (self);

  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, NULL, rc, "strategies");
      return NULL;
    }

  return g_steal_pointer (&strategies);
}

/**
 * kindred_store_get_strategy:
 *
 * Returns: (transfer full) (nullable): the strategy
 */
KindredStrategy *
kindred_store_get_strategy (KindredStore  *self,
                            const char    *uuid,
                            GError       **error)
{
  KindredStrategy *strategy = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  stmt = prepare (self, "SELECT " STRATEGY_COLUMNS " FROM strategies WHERE uuid = ?1", error);
  if (stmt == NULL)
    {
      unlock_db (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    strategy = strategy_from_row (stmt);
  sqlite3_reset (stmt);

  unlock_db (self);

  if (rc == SQLITE_DONE)
    set_strategy_not_found (error);
  else if (rc != SQLITE_ROW)
    _kindred_store_set_error (error, NULL, rc, "strategy");

  return strategy;
}

/* ?11 steps, ?12 minutes_min, ?13 minutes_max, ?14 when_text; NULL when not said */
static void
bind_strategy_details (sqlite3_stmt    *stmt,
                       KindredStrategy *strategy,
                       const char      *steps)
{
  guint minutes_min = kindred_strategy_get_minutes_min (strategy);
  guint minutes_max = kindred_strategy_get_minutes_max (strategy);
  const char *when = kindred_strategy_get_when (strategy);

  sqlite3_bind_text (stmt, 11, steps, -1, SQLITE_TRANSIENT);
  if (minutes_min > 0 || minutes_max > 0)
    {
      sqlite3_bind_int64 (stmt, 12, minutes_min);
      sqlite3_bind_int64 (stmt, 13, MAX (minutes_min, minutes_max));
    }
  else
    {
      sqlite3_bind_null (stmt, 12);
      sqlite3_bind_null (stmt, 13);
    }
  if (when != NULL && when[0] != '\0')
    sqlite3_bind_text (stmt, 14, when, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 14);
}

gboolean
kindred_store_save_strategy (KindredStore     *self,
                             KindredStrategy  *strategy,
                             GError          **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *steps = NULL;
  const char *uuid;
  const char *name;
  sqlite3_stmt *stmt;
  KindredHlc hlc;
  gint64 stamp_us = now_us ();
  gint64 created_us;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (KINDRED_IS_STRATEGY (strategy), FALSE);

  steps = join_steps (strategy);

  uuid = kindred_strategy_get_uuid (strategy);
  name = kindred_strategy_get_name (strategy);
  if (!check_strategy_uuid (uuid, error))
    return FALSE;
  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (stripped[0] == '\0')
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                   _("A coping strategy needs a name."));
      return FALSE;
    }

  created_us = kindred_strategy_get_created_at (strategy) != NULL
               ? date_time_to_us (kindred_strategy_get_created_at (strategy))
               : stamp_us;

  if (!begin_write (self, error))
    return FALSE;

  if (!read_last_hlc (self, &hlc, error))
    goto failed;
  hlc = kindred_hlc_next (hlc, stamp_us / 1000);

  stmt = prepare (self,
                  "UPDATE strategies SET name = ?2, category = ?3, description = ?4,"
                  " builtin = ?5, archived = ?6, hlc = ?7, device_id = ?8, updated_at = ?9,"
                  " steps = ?11, minutes_min = ?12, minutes_max = ?13, when_text = ?14"
                  " WHERE uuid = ?1",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kindred_strategy_get_category (strategy), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kindred_strategy_get_description (strategy), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, kindred_strategy_get_builtin (strategy) ? 1 : 0);
  sqlite3_bind_int (stmt, 6, kindred_strategy_get_archived (strategy) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  sqlite3_bind_text (stmt, 8, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, stamp_us);
  bind_strategy_details (stmt, strategy, steps);
  if (!step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      stmt = prepare (self,
                      "INSERT INTO strategies (uuid, name, category, description, builtin,"
                      " archived, hlc, device_id, updated_at, created_at,"
                      " steps, minutes_min, minutes_max, when_text)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                      error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, kindred_strategy_get_category (strategy), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, kindred_strategy_get_description (strategy), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, kindred_strategy_get_builtin (strategy) ? 1 : 0);
      sqlite3_bind_int (stmt, 6, kindred_strategy_get_archived (strategy) ? 1 : 0);
      sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
      sqlite3_bind_text (stmt, 8, self->device_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 9, stamp_us);
      sqlite3_bind_int64 (stmt, 10, created_us);
      bind_strategy_details (stmt, strategy, steps);
      if (!step_done (self, stmt, error))
        goto failed;
    }
  else
    {
      /* An update keeps the first save's time, whatever the object holds. */
      stmt = prepare (self, "SELECT created_at FROM strategies WHERE uuid = ?1", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          _kindred_store_set_error (error, self->db, rc, "strategy");
          goto failed;
        }
      created_us = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (!write_last_hlc (self, hlc, error) || !commit (self, error))
    goto failed;

  unlock_db (self);

  {
    g_autoptr(GDateTime) created_at = date_time_from_us (created_us);
    g_autoptr(GDateTime) updated_at = date_time_from_us (stamp_us);

    kindred_strategy_set_created_at (strategy, created_at);
    kindred_strategy_set_updated_at (strategy, updated_at);
    kindred_strategy_set_hlc (strategy, hlc);
  }

  queue_signal (self, STRATEGIES_CHANGED, NULL);
  return TRUE;

failed:
  rollback (self);
  unlock_db (self);
  return FALSE;
}

gboolean
kindred_store_archive_strategy (KindredStore  *self,
                                const char    *uuid,
                                gboolean       archived,
                                GError       **error)
{
  sqlite3_stmt *stmt;
  KindredHlc hlc;
  gint64 stamp_us = now_us ();

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;

  if (!read_last_hlc (self, &hlc, error))
    goto failed;
  hlc = kindred_hlc_next (hlc, stamp_us / 1000);

  /* Only the flag: entry_strategies rows stay, so old entries keep the link. */
  stmt = prepare (self,
                  "UPDATE strategies SET archived = ?2, hlc = ?3, device_id = ?4,"
                  " updated_at = ?5 WHERE uuid = ?1",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, archived ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, (gint64) hlc);
  sqlite3_bind_text (stmt, 4, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, stamp_us);
  if (!step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      set_strategy_not_found (error);
      goto failed;
    }

  if (!write_last_hlc (self, hlc, error) || !commit (self, error))
    goto failed;

  unlock_db (self);
  queue_signal (self, STRATEGIES_CHANGED, NULL);
  return TRUE;

failed:
  rollback (self);
  unlock_db (self);
  return FALSE;
}

gboolean
kindred_store_get_strategy_stats (KindredStore  *self,
                                  const char    *uuid,
                                  guint         *uses,
                                  double        *average_helped,
                                  GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  guint n = 0;
  double average = 0;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (lock_db (self, error) == NULL)
    return FALSE;

  /* An aggregate always gives one row: s.id is NULL when there is no such
   * strategy.  Tombstones have no links, but say deleted = 0 all the same. */
  stmt = prepare (self,
                  "SELECT s.id, count(e.id), avg(CASE WHEN e.id IS NOT NULL THEN es.helped END)"
                  " FROM strategies s"
                  " LEFT JOIN entry_strategies es ON es.strategy_id = s.id"
                  " LEFT JOIN entries e ON e.id = es.entry_id AND e.deleted = 0"
                  " WHERE s.uuid = ?1",
                  error);
  if (stmt == NULL)
    {
      unlock_db (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
      n = (guint) sqlite3_column_int64 (stmt, 1);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        average = sqlite3_column_double (stmt, 2);
    }
  sqlite3_reset (stmt);

  unlock_db (self);

  if (rc != SQLITE_ROW)
    {
      _kindred_store_set_error (error, NULL, rc, "strategy stats");
      return FALSE;
    }
  if (!found)
    {
      set_strategy_not_found (error);
      return FALSE;
    }

  if (uses != NULL)
    *uses = n;
  if (average_helped != NULL)
    *average_helped = average;

  return TRUE;
}

/* For the insights' read-only aggregates (app/core/insights/): the same guard as the
 * store's own reads, so their statements never interleave with a save on another
 * thread.  @func gets the connection only while the lock is held. */
gboolean
_kindred_store_read (KindredStore  *self,
                     gboolean     (*func) (sqlite3  *db,
                                           gpointer  data,
                                           GError  **error),
                     gpointer       data,
                     GError       **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  db = lock_db (self, error);
  if (db == NULL)
    return FALSE;

  ok = func (db, data, error);

  unlock_db (self);

  return ok;
}

/* The write twin of _kindred_store_read(): @func runs inside one transaction under
 * the store's lock with a fresh HLC stamp (@func may take more with
 * _kindred_store_next_stamp()).  Committed when @func returns TRUE, rolled back
 * otherwise.  @reset: emit "entries-reset" after a commit (entries were touched). */
typedef struct
{
  KindredHlc hlc;
  gint64     now_ms;
} WriteStamp;

static GPrivate write_stamp_key;

KindredHlc
_kindred_store_next_stamp (void)
{
  WriteStamp *stamp = g_private_get (&write_stamp_key);

  g_return_val_if_fail (stamp != NULL, 0);

  stamp->hlc = kindred_hlc_next (stamp->hlc, stamp->now_ms);
  return stamp->hlc;
}

KindredHlc
_kindred_store_receive_stamp (KindredHlc seen)
{
  WriteStamp *stamp = g_private_get (&write_stamp_key);

  g_return_val_if_fail (stamp != NULL, 0);

  stamp->hlc = kindred_hlc_receive (stamp->hlc, seen, stamp->now_ms);
  return stamp->hlc;
}

gboolean
_kindred_store_write (KindredStore  *self,
                      gboolean     (*func) (sqlite3  *db,
                                           gpointer  data,
                                           GError  **error),
                      gpointer       data,
                      gboolean       reset,
                      GError       **error)
{
  WriteStamp stamp = { 0, };
  WriteStamp *outer;
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;

  stamp.now_ms = now_us () / 1000;
  if (!read_last_hlc (self, &stamp.hlc, error))
    {
      rollback (self);
      unlock_db (self);
      return FALSE;
    }

  outer = g_private_get (&write_stamp_key);
  g_private_set (&write_stamp_key, &stamp);
  ok = func (self->db, data, error);
  g_private_set (&write_stamp_key, outer);

  if (ok)
    ok = write_last_hlc (self, stamp.hlc, error) && commit (self, error);

  if (!ok)
    rollback (self);

  unlock_db (self);

  if (ok && reset)
    queue_emission (self, NULL);

  return ok;
}

/* Import (formats/): the one place an import writes, so that it is a single
 * transaction and keeps the times the file carries (a save would restamp
 * updated-at, and an import must never overwrite what the journal holds). */

static gboolean
insert_strategy_if_new (KindredStore     *self,
                        KindredStrategy  *strategy,
                        KindredHlc        hlc,
                        gint64            now,
                        gboolean         *inserted,
                        GError          **error)
{
  const char *uuid = kindred_strategy_get_uuid (strategy);
  const char *name = kindred_strategy_get_name (strategy);
  GDateTime *created_at = kindred_strategy_get_created_at (strategy);
  GDateTime *updated_at = kindred_strategy_get_updated_at (strategy);
  sqlite3_stmt *stmt;
  int rc;

  *inserted = FALSE;

  stmt = prepare (self, "SELECT 1 FROM strategies WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, self->db, rc, "strategy");
      return FALSE;
    }

  stmt = prepare (self,
                  "INSERT INTO strategies (uuid, name, category, description, builtin,"
                  " archived, hlc, device_id, created_at, updated_at,"
                  " steps, minutes_min, minutes_max, when_text)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                  error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autofree char *steps = join_steps (strategy);

    bind_strategy_details (stmt, strategy, steps);
  }
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kindred_strategy_get_category (strategy), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kindred_strategy_get_description (strategy), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, kindred_strategy_get_builtin (strategy) ? 1 : 0);
  sqlite3_bind_int (stmt, 6, kindred_strategy_get_archived (strategy) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  sqlite3_bind_text (stmt, 8, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, created_at != NULL ? date_time_to_us (created_at) : now);
  sqlite3_bind_int64 (stmt, 10, updated_at != NULL ? date_time_to_us (updated_at) : now);
  if (!step_done (self, stmt, error))
    return FALSE;

  *inserted = TRUE;
  return TRUE;
}

gboolean
kindred_store_import (KindredStore               *self,
                      GPtrArray                  *strategies,
                      GPtrArray                  *entries,
                      GCancellable               *cancellable,
                      KindredStoreProgressFunc    progress,
                      gpointer                    progress_data,
                      guint                      *n_added,
                      guint                      *n_existing,
                      GError                    **error)
{
  gboolean strategies_added = FALSE;
  guint added = 0;
  guint existing = 0;
  KindredHlc hlc;
  gint64 now = now_us ();

  g_return_val_if_fail (KINDRED_IS_STORE (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  for (guint i = 0; strategies != NULL && i < strategies->len; i++)
    {
      KindredStrategy *strategy = g_ptr_array_index (strategies, i);
      g_autofree char *stripped = g_strstrip (g_strdup (kindred_strategy_get_name (strategy) != NULL
                                                        ? kindred_strategy_get_name (strategy)
                                                        : ""));

      if (!check_strategy_uuid (kindred_strategy_get_uuid (strategy), error))
        return FALSE;
      if (stripped[0] == '\0')
        {
          g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_INVALID,
                       _("A coping strategy needs a name."));
          return FALSE;
        }
    }
  for (guint i = 0; i < entries->len; i++)
    if (!validate_entry (g_ptr_array_index (entries, i), error))
      return FALSE;

  if (!begin_write (self, error))
    return FALSE;

  if (!read_last_hlc (self, &hlc, error))
    goto failed;

  for (guint i = 0; strategies != NULL && i < strategies->len; i++)
    {
      gboolean inserted;

      hlc = kindred_hlc_next (hlc, now / 1000);
      if (!insert_strategy_if_new (self, g_ptr_array_index (strategies, i), hlc, now,
                                   &inserted, error))
        goto failed;
      strategies_added |= inserted;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      KindredEntry *entry = g_ptr_array_index (entries, i);
      GDateTime *updated_at = kindred_entry_get_updated_at (entry);
      sqlite3_stmt *stmt;
      int rc;

      /* Checked every 256 rows: often enough to feel immediate, rarely enough
       * to cost nothing. */
      if (i % 256 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto failed;
          if (progress != NULL)
            progress (i, entries->len, progress_data);
        }

      stmt = prepare (self, "SELECT 1 FROM entries WHERE uuid = ?1", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, kindred_entry_get_uuid (entry), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_ROW)
        {
          /* Live or deleted: the journal's version wins, always. */
          existing++;
          continue;
        }
      if (rc != SQLITE_DONE)
        {
          _kindred_store_set_error (error, self->db, rc, "lookup");
          goto failed;
        }

      hlc = kindred_hlc_next (hlc, now / 1000);
      if (!write_entry (self, entry, hlc,
                        updated_at != NULL ? date_time_to_us (updated_at) : now, error))
        goto failed;
      added++;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  if (!write_last_hlc (self, hlc, error) || !commit (self, error))
    goto failed;

  unlock_db (self);

  if (progress != NULL)
    progress (entries->len, entries->len, progress_data);

  if (strategies_added)
    queue_signal (self, STRATEGIES_CHANGED, NULL);
  if (added > 0)
    queue_emission (self, NULL);

  if (n_added != NULL)
    *n_added = added;
  if (n_existing != NULL)
    *n_existing = existing;

  return TRUE;

failed:
  rollback (self);
  unlock_db (self);
  return FALSE;
}

/* Every live entry for an export, in four statements rather than three per entry:
 * the paged list loads each entry's emotions, tags and strategies one by one,
 * which is most of an export's time on a large journal. */
static KindredEntry *
entry_for_id (GHashTable *by_id,
              gint64      id)
{
  return g_hash_table_lookup (by_id, &id);
}

GPtrArray *
kindred_store_list_all_entries (KindredStore  *self,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) tags = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  KindredEntry *tagged = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KINDRED_IS_STORE (self), NULL);

  if (lock_db (self, error) == NULL)
    return NULL;

  stmt = prepare (self,
                  "SELECT " ENTRY_COLUMNS " FROM entries WHERE deleted = 0"
                  " ORDER BY created_at, uuid",
                  error);
  if (stmt == NULL)
    goto failed_locked;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id;

      g_ptr_array_add (entries, entry_from_row (stmt, &id));
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed_rc;

  /* The keys point into @ids, which no longer grows. */
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (by_id, &g_array_index (ids, gint64, i), g_ptr_array_index (entries, i));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed_locked;

  stmt = prepare (self,
                  "SELECT entry_id, emotion, intensity FROM entry_emotions"
                  " ORDER BY entry_id, position",
                  error);
  if (stmt == NULL)
    goto failed_locked;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KindredEntry *entry = entry_for_id (by_id, sqlite3_column_int64 (stmt, 0));

      if (entry != NULL)
        kindred_entry_set_emotion (entry, (const char *) sqlite3_column_text (stmt, 1),
                                   sqlite3_column_int (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed_rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed_locked;

  /* Rows come grouped by entry: each group's tags are set at once. */
  stmt = prepare (self,
                  "SELECT entry_id, tag FROM entry_triggers ORDER BY entry_id, position",
                  error);
  if (stmt == NULL)
    goto failed_locked;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KindredEntry *entry = entry_for_id (by_id, sqlite3_column_int64 (stmt, 0));

      if (entry != tagged)
        {
          if (tagged != NULL)
            kindred_entry_set_triggers (tagged, (const char * const *) tags->pdata);
          g_ptr_array_set_size (tags, 0);
          tagged = entry;
        }
      if (entry != NULL)
        g_ptr_array_add (tags, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (tagged != NULL)
    kindred_entry_set_triggers (tagged, (const char * const *) tags->pdata);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed_rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed_locked;

  stmt = prepare (self,
                  "SELECT es.entry_id, s.uuid, es.helped FROM entry_strategies es"
                  " JOIN strategies s ON s.id = es.strategy_id"
                  " ORDER BY es.entry_id, es.position",
                  error);
  if (stmt == NULL)
    goto failed_locked;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KindredEntry *entry = entry_for_id (by_id, sqlite3_column_int64 (stmt, 0));

      if (entry != NULL)
        kindred_entry_set_strategy (entry, (const char *) sqlite3_column_text (stmt, 1),
                                    sqlite3_column_int (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed_rc;

  unlock_db (self);

  for (guint i = 0; i < entries->len; i++)
    _kindred_entry_thaw_changed (g_ptr_array_index (entries, i));

  return g_steal_pointer (&entries);

failed_rc:
  _kindred_store_set_error (error, self->db, rc, "list");
failed_locked:
  unlock_db (self);
  return NULL;
}

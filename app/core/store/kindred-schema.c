/* kindred-schema.c: the journal's tables and the migrations between versions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-schema"

#include "config.h"

#include "store/kindred-store-private.h"

#include <glib/gi18n-lib.h>

/* Version 1.  Everything is addressed by uuid so that sharing and sync can name
 * rows across devices; the integer ids only join tables inside one file.
 * SQLCipher 3.4 carries SQLite 3.15: FTS4 (no FTS5), no UPSERT, no window
 * functions.  Times are microseconds since the epoch (UTC). */
static const char schema_v1[] =
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"

  "CREATE TABLE entries ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER,"
  "  hlc        INTEGER NOT NULL DEFAULT 0,"
  "  device_id  TEXT,"
  "  mood       INTEGER CHECK (mood IS NULL OR mood BETWEEN 1 AND 5),"
  "  title      TEXT,"
  "  body       TEXT,"
  "  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))"
  ");"
  /* Keyset paging, newest first: (created_at, uuid) is unique and total. */
  "CREATE INDEX entries_by_time ON entries (deleted, created_at DESC, uuid DESC);"

  "CREATE TABLE entry_emotions ("
  "  entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
  "  emotion   TEXT NOT NULL,"
  "  intensity INTEGER NOT NULL CHECK (intensity BETWEEN 1 AND 5),"
  "  position  INTEGER NOT NULL,"
  "  PRIMARY KEY (entry_id, emotion)"
  ");"

  "CREATE TABLE entry_triggers ("
  "  entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
  "  tag      TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (entry_id, tag)"
  ");"
  "CREATE INDEX entry_triggers_by_tag ON entry_triggers (tag);"

  "CREATE TABLE strategies ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  category    TEXT,"
  "  description TEXT,"
  "  builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),"
  "  archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  "  hlc         INTEGER NOT NULL DEFAULT 0,"
  "  device_id   TEXT,"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER"
  ");"

  "CREATE TABLE entry_strategies ("
  "  entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
  "  strategy_id INTEGER NOT NULL REFERENCES strategies (id),"
  "  helped      INTEGER NOT NULL CHECK (helped BETWEEN 0 AND 4),"
  "  position    INTEGER NOT NULL,"
  "  PRIMARY KEY (entry_id, strategy_id)"
  ");"
  "CREATE INDEX entry_strategies_by_strategy ON entry_strategies (strategy_id);"

  /* docid = entries.id.  Kept in step by the triggers below, so no code path can
   * forget it; a tombstone has no row here at all. */
  "CREATE VIRTUAL TABLE entries_fts USING fts4 ("
  "  title, body, tags, tokenize=unicode61 \"remove_diacritics=1\""
  ");"

  "CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries"
  " WHEN new.deleted = 0 BEGIN"
  "  INSERT INTO entries_fts (docid, title, body, tags)"
  "    VALUES (new.id, new.title, new.body,"
  "            (SELECT group_concat (tag, ' ') FROM entry_triggers"
  "              WHERE entry_id = new.id));"
  "END;"

  "CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, body, deleted ON entries"
  " BEGIN"
  "  DELETE FROM entries_fts WHERE docid = old.id;"
  "  INSERT INTO entries_fts (docid, title, body, tags)"
  "    SELECT new.id, new.title, new.body,"
  "           (SELECT group_concat (tag, ' ') FROM entry_triggers"
  "             WHERE entry_id = new.id)"
  "     WHERE new.deleted = 0;"
  "END;"

  "CREATE TRIGGER entries_fts_delete BEFORE DELETE ON entries BEGIN"
  "  DELETE FROM entries_fts WHERE docid = old.id;"
  "END;"

  /* A tombstone keeps only what sync needs (uuid, times, stamps): whatever path
   * sets deleted = 1, the text, mood, tags and links go with it. */
  "CREATE TRIGGER entries_tombstone AFTER UPDATE OF deleted ON entries"
  " WHEN new.deleted = 1 BEGIN"
  "  UPDATE entries SET title = NULL, body = NULL, mood = NULL"
  "   WHERE id = new.id AND (title IS NOT NULL OR body IS NOT NULL OR mood IS NOT NULL);"
  "  DELETE FROM entry_emotions WHERE entry_id = new.id;"
  "  DELETE FROM entry_triggers WHERE entry_id = new.id;"
  "  DELETE FROM entry_strategies WHERE entry_id = new.id;"
  "END;"

  "CREATE TRIGGER entry_triggers_fts_insert AFTER INSERT ON entry_triggers BEGIN"
  "  UPDATE entries_fts"
  "     SET tags = (SELECT group_concat (tag, ' ') FROM entry_triggers"
  "                  WHERE entry_id = new.entry_id)"
  "   WHERE docid = new.entry_id;"
  "END;"

  "CREATE TRIGGER entry_triggers_fts_delete AFTER DELETE ON entry_triggers BEGIN"
  "  UPDATE entries_fts"
  "     SET tags = (SELECT group_concat (tag, ' ') FROM entry_triggers"
  "                  WHERE entry_id = old.entry_id)"
  "   WHERE docid = old.entry_id;"
  "END;";

typedef gboolean (*MigrateFunc) (sqlite3  *db,
                                 GError  **error);

static gboolean
migrate_to_v1 (sqlite3  *db,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *device_id = NULL;
  int rc;

  if (!_kindred_store_exec (db, schema_v1, error))
    return FALSE;

  /* The device id names this journal's changes in sync; made once, here, so a
   * copy made by re-keying keeps it. */
  device_id = g_uuid_string_random ();
  rc = sqlite3_prepare_v2 (db, "INSERT INTO settings (key, value) VALUES ('device-id', ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _kindred_store_set_error (error, db, rc, "migrate");
      return FALSE;
    }

  return TRUE;
}

/* Version 2: indexes for the journal's search filters and the calendar, and a
 * tombstone that really leaves the full-text index.
 * - entries_by_time gains mood, so a mood filter, a filtered count and the day
 *   averages read the index alone and never the rows with their text.
 * - emotion and (case-insensitive) trigger lookups get an index each, so a filter
 *   builds its set of entries without reading every link.
 * - In v1, making an entry with triggers a tombstone left its words in the index
 *   (searchable by docid, though the row was gone): the tombstone trigger's
 *   DELETE of the tags rewrote the FTS row in the same statement that removed it.
 *   The tags trigger now leaves a tombstone alone, and 'rebuild' drops what v1
 *   left behind from the index's own content. */
static const char schema_v2[] =
  "DROP INDEX entries_by_time;"
  "CREATE INDEX entries_by_time ON entries (deleted, created_at DESC, uuid DESC, mood);"
  "CREATE INDEX entry_emotions_by_emotion ON entry_emotions (emotion);"
  "CREATE INDEX entry_triggers_by_tag_nocase ON entry_triggers (tag COLLATE NOCASE);"

  "DROP TRIGGER entry_triggers_fts_delete;"
  "CREATE TRIGGER entry_triggers_fts_delete AFTER DELETE ON entry_triggers"
  " WHEN (SELECT deleted FROM entries WHERE id = old.entry_id) = 0 BEGIN"
  "  UPDATE entries_fts"
  "     SET tags = (SELECT group_concat (tag, ' ') FROM entry_triggers"
  "                  WHERE entry_id = old.entry_id)"
  "   WHERE docid = old.entry_id;"
  "END;"
  "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');";

static gboolean
migrate_to_v2 (sqlite3  *db,
               GError  **error)
{
  return _kindred_store_exec (db, schema_v2, error);
}

/* Version 3: each save writes an entry's full-text row once, the index keeps no
 * second copy of the text, and the number of live entries is kept, not counted.
 * - In v2 the index followed the tags through triggers on entry_triggers: an
 *   entry with three tags had its FTS row written four times, and every one of
 *   those statements opened a savepoint, at which FTS4 flushes its pending terms
 *   into a new segment that has to be merged later.  Bulk insert spent most of
 *   its time there (6.0 s against 0.8 s for 10,000 entries written once).  Now
 *   entries carries its tags as one text (`tags`: the trigger tags in order,
 *   space-separated; only for the index, entry_triggers stays the truth), which
 *   the store sets in the same INSERT or UPDATE as the title and body, so
 *   triggers on entries alone keep the index in step, and only when the title,
 *   body, tags or tombstone really changed: an autosave of the mood alone leaves
 *   the index as it is.
 * - The index is an external-content FTS4 table over entries (content=): v2 kept
 *   its own copy of every title and body, a third of the file, written (and
 *   encrypted) twice on every save.  FTS4 reads the old text from entries to take
 *   a row out of the index, so that delete has to run BEFORE the row changes, and
 *   only for a row that is in the index (deleted = 0): taking out words that were
 *   never put in would damage it.
 *   (FTS4's automerge, which merges segments a little at each write instead,
 *   was no faster here: automerge=8 the same, automerge=2 a quarter slower.)
 * - entry_count holds the number of live entries, kept by triggers: the list's
 *   length was a count over the whole time index (13 ms at 50,000 entries, every
 *   time a list opened or reloaded). */
static const char schema_v3[] =
  "DROP TRIGGER entry_triggers_fts_insert;"
  "DROP TRIGGER entry_triggers_fts_delete;"
  "DROP TRIGGER entries_fts_insert;"
  "DROP TRIGGER entries_fts_update;"
  "DROP TRIGGER entries_fts_delete;"
  "DROP TRIGGER entries_tombstone;"
  /* secure_delete zeroes the old index's pages, the copies of the text too. */
  "DROP TABLE entries_fts;"

  "ALTER TABLE entries ADD COLUMN tags TEXT;"
  "UPDATE entries"
  "   SET tags = (SELECT group_concat (tag, ' ')"
  "                 FROM (SELECT tag FROM entry_triggers"
  "                        WHERE entry_id = entries.id ORDER BY position))"
  " WHERE deleted = 0;"

  /* docid = entries.id.  A tombstone has no row here. */
  "CREATE VIRTUAL TABLE entries_fts USING fts4 ("
  "  title, body, tags, content=\"entries\","
  "  tokenize=unicode61 \"remove_diacritics=1\""
  ");"
  "INSERT INTO entries_fts (docid, title, body, tags)"
  "  SELECT id, title, body, tags FROM entries WHERE deleted = 0;"

  "CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries"
  " WHEN new.deleted = 0 BEGIN"
  "  INSERT INTO entries_fts (docid, title, body, tags)"
  "    VALUES (new.id, new.title, new.body, new.tags);"
  "END;"

  "CREATE TRIGGER entries_fts_before_update BEFORE UPDATE OF title, body, tags, deleted"
  " ON entries"
  " WHEN old.deleted = 0 AND (old.title IS NOT new.title OR old.body IS NOT new.body"
  "   OR old.tags IS NOT new.tags OR new.deleted IS NOT 0) BEGIN"
  "  DELETE FROM entries_fts WHERE docid = old.id;"
  "END;"

  "CREATE TRIGGER entries_fts_after_update AFTER UPDATE OF title, body, tags, deleted"
  " ON entries"
  " WHEN new.deleted = 0 AND (old.title IS NOT new.title OR old.body IS NOT new.body"
  "   OR old.tags IS NOT new.tags OR old.deleted IS NOT 0) BEGIN"
  "  INSERT INTO entries_fts (docid, title, body, tags)"
  "    VALUES (new.id, new.title, new.body, new.tags);"
  "END;"

  "CREATE TRIGGER entries_fts_delete BEFORE DELETE ON entries"
  " WHEN old.deleted = 0 BEGIN"
  "  DELETE FROM entries_fts WHERE docid = old.id;"
  "END;"

  /* As in v1, and the tags column goes too. */
  "CREATE TRIGGER entries_tombstone AFTER UPDATE OF deleted ON entries"
  " WHEN new.deleted = 1 BEGIN"
  "  UPDATE entries SET title = NULL, body = NULL, mood = NULL, tags = NULL"
  "   WHERE id = new.id AND (title IS NOT NULL OR body IS NOT NULL OR mood IS NOT NULL"
  "                          OR tags IS NOT NULL);"
  "  DELETE FROM entry_emotions WHERE entry_id = new.id;"
  "  DELETE FROM entry_triggers WHERE entry_id = new.id;"
  "  DELETE FROM entry_strategies WHERE entry_id = new.id;"
  "END;"

  "CREATE TABLE entry_count ("
  "  live INTEGER NOT NULL"
  ");"
  "INSERT INTO entry_count (live) SELECT count(*) FROM entries WHERE deleted = 0;"
  "CREATE TRIGGER entry_count_insert AFTER INSERT ON entries"
  " WHEN new.deleted = 0 BEGIN"
  "  UPDATE entry_count SET live = live + 1;"
  "END;"
  "CREATE TRIGGER entry_count_update AFTER UPDATE OF deleted ON entries"
  " WHEN old.deleted IS NOT new.deleted BEGIN"
  "  UPDATE entry_count SET live = live + old.deleted - new.deleted;"
  "END;"
  "CREATE TRIGGER entry_count_delete AFTER DELETE ON entries"
  " WHEN old.deleted = 0 BEGIN"
  "  UPDATE entry_count SET live = live - 1;"
  "END;";

static gboolean
migrate_to_v3 (sqlite3  *db,
               GError  **error)
{
  return _kindred_store_exec (db, schema_v3, error);
}

/* Version 4: the person's own strategies say as much as the built-in ones: what to
 * do (steps, one per line), roughly how long (minutes, as the library has them)
 * and when it may help.  The category column was there from v1.  A built-in
 * strategy leaves them NULL: its text comes from the library, translated.
 * ("when" is an SQL keyword, hence when_text.) */
static const char schema_v4[] =
  "ALTER TABLE strategies ADD COLUMN steps TEXT;"
  "ALTER TABLE strategies ADD COLUMN minutes_min INTEGER;"
  "ALTER TABLE strategies ADD COLUMN minutes_max INTEGER;"
  "ALTER TABLE strategies ADD COLUMN when_text TEXT;";

static gboolean
migrate_to_v4 (sqlite3  *db,
               GError  **error)
{
  return _kindred_store_exec (db, schema_v4, error);
}

/* Version 5: sync between one's own devices (sync/, store/kindred-store-sync.c has
 * the why of each rule).
 * - conflict_of: on a conflict copy (two devices edited the entry without having
 *   seen each other's change), the uuid of the original entry; NULL elsewhere.
 * - lineage: the versions of this entry that the row's version had seen when it
 *   was saved, as sync last wrote it ("<device>=<hlc> … !<device>=<hlc>": a
 *   version vector with exceptions).  A local save changes only hlc and device_id,
 *   which sync recognises (the lineage then lacks the row's own stamp), so the
 *   store's save path stays as it was.
 * - superseded: on an entry's own row, the versions its family knows were written
 *   over (same notation).
 * - aliases: other versions with the very same content as the row's (two devices
 *   that imported the same file), with their stamps and lineages, as JSON.
 * All three NULL on rows sync has never touched.  The partial index finds an entry's
 * copies; nearly every row has none. */
static const char schema_v5[] =
  "ALTER TABLE entries ADD COLUMN conflict_of TEXT;"
  "ALTER TABLE entries ADD COLUMN lineage TEXT;"
  "ALTER TABLE entries ADD COLUMN superseded TEXT;"
  "ALTER TABLE entries ADD COLUMN aliases TEXT;"
  "CREATE INDEX entries_by_conflict ON entries (conflict_of) WHERE conflict_of IS NOT NULL;";

static gboolean
migrate_to_v5 (sqlite3  *db,
               GError  **error)
{
  return _kindred_store_exec (db, schema_v5, error);
}

/* Index i migrates from version i to i + 1.  Append, never edit a shipped one. */
static const MigrateFunc migrations[] = {
  migrate_to_v1,
  migrate_to_v2,
  migrate_to_v3,
  migrate_to_v4,
  migrate_to_v5,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KINDRED_STORE_SCHEMA_VERSION);

int
_kindred_store_read_user_version (sqlite3  *db,
                                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _kindred_store_set_error (error, db, rc, "user_version");
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

gboolean
_kindred_store_migrate (sqlite3  *db,
                        GError  **error)
{
  int version;

  version = _kindred_store_read_user_version (db, error);
  if (version < 0)
    return FALSE;

  /* Checked before any write: a newer Kindred's file stays as it was. */
  if (version > KINDRED_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NEWER_SCHEMA,
                   _("This journal was written by a newer version of Kindred. "
                     "Please update Kindred to open it."));
      return FALSE;
    }

  for (int v = version; v < KINDRED_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = NULL;

      /* One transaction per step: a crash leaves the file at a known version. */
      if (!_kindred_store_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      if (!migrations[v] (db, error) ||
          !_kindred_store_exec (db, set_version, error) ||
          !_kindred_store_exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      g_debug ("Journal schema migrated to version %d", v + 1);
    }

  return TRUE;
}

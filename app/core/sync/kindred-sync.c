/* kindred-sync.c: one journal on several of one's own devices, through a folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run: read every other device's `<device-id>.kindred-sync` in the folder (the
 * envelope checks size, header, version, passphrase and every chunk), merge each
 * in one transaction (store/kindred-store-sync.c has the rules), then write this
 * device's own file if the journal's synced state changed since it was last
 * written.  Runs go to a worker thread; the object itself lives in the main
 * context that created it, and so do its signals.
 *
 * Settings kept in the journal (never synced): sync.folder, sync.device-name,
 * sync.auto, sync.kdf (this device's Argon2id salt and limits), sync.digest and
 * sync.generation (what was last written), sync.seen.<file> (the generation of
 * another device's file that was merged last, so an unchanged file costs nothing,
 * not even its key derivation).
 */

#define G_LOG_DOMAIN "kindred-sync"

#include "config.h"

#include "sync/kindred-sync.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "envelope/kindred-envelope.h"
#include "keys/kindred-keyring.h"
#include "kindred-folder-watch.h"
#include "store/kindred-store-private.h"
#include "store/kindred-store-sync.h"

/* Test-only, as in kindred-journal.c: the smallest Argon2id cost for the files
 * this device writes.  A file still carries its own parameters. */
#define CHEAP_KDF_ENV "KINDRED_TEST_CHEAP_KDF"

/* A journal of 50,000 entries makes a file of about 30 MB; this leaves room and
 * still refuses a file that would exhaust memory. */
#define MAX_CLEAR_SIZE ((gsize) 1024 * 1024 * 1024)

#define LOCAL_CHANGE_DELAY_S 5
#define FOLDER_CHANGE_DELAY_MS 500
#define STARTUP_DELAY_S 2

#define KEY_FOLDER      "sync.folder"
#define KEY_DEVICE_NAME "sync.device-name"
#define KEY_AUTO        "sync.auto"
#define KEY_KDF         "sync.kdf"
#define KEY_DIGEST      "sync.digest"
#define KEY_GENERATION  "sync.generation"
#define KEY_FINGERPRINT "sync.fingerprint"
#define KEY_SEEN_PREFIX "sync.seen."

G_DEFINE_QUARK (kindred-sync-error-quark, kindred_sync_error)

/* ---- Result --------------------------------------------------------------- */

typedef struct
{
  char   *name;
  char   *device;
  GError *error;
} FileOutcome;

struct _KindredSyncResult
{
  gatomicrefcount  ref;
  guint            added;
  guint            updated;
  guint            deleted;
  guint            conflicts;
  guint            other;
  gboolean         wrote;
  GDateTime       *finished_at;
  GArray          *files;   /* FileOutcome */
};

G_DEFINE_BOXED_TYPE (KindredSyncResult, kindred_sync_result,
                     kindred_sync_result_ref, kindred_sync_result_unref)

static void
file_outcome_clear (gpointer data)
{
  FileOutcome *outcome = data;

  g_free (outcome->name);
  g_free (outcome->device);
  g_clear_error (&outcome->error);
}

static KindredSyncResult *
result_new (void)
{
  KindredSyncResult *self = g_new0 (KindredSyncResult, 1);

  g_atomic_ref_count_init (&self->ref);
  self->files = g_array_new (FALSE, TRUE, sizeof (FileOutcome));
  g_array_set_clear_func (self->files, file_outcome_clear);
  return self;
}

KindredSyncResult *
kindred_sync_result_ref (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
kindred_sync_result_unref (KindredSyncResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;

  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_array_unref (self->files);
  g_free (self);
}

guint
kindred_sync_result_get_added (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->added;
}

guint
kindred_sync_result_get_updated (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->updated;
}

guint
kindred_sync_result_get_deleted (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->deleted;
}

guint
kindred_sync_result_get_conflicts (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->conflicts;
}

guint
kindred_sync_result_get_other_changes (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->other;
}

gboolean
kindred_sync_result_get_wrote (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->wrote;
}

GDateTime *
kindred_sync_result_get_finished_at (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->finished_at;
}

guint
kindred_sync_result_get_n_files (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->files->len;
}

guint
kindred_sync_result_get_files_read (KindredSyncResult *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->files->len; i++)
    if (g_array_index (self->files, FileOutcome, i).error == NULL)
      n++;
  return n;
}

guint
kindred_sync_result_get_files_refused (KindredSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->files->len - kindred_sync_result_get_files_read (self);
}

const char *
kindred_sync_result_get_file_name (KindredSyncResult *self,
                                   guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->files->len, NULL);
  return g_array_index (self->files, FileOutcome, index).name;
}

const char *
kindred_sync_result_get_file_device (KindredSyncResult *self,
                                     guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->files->len, NULL);
  return g_array_index (self->files, FileOutcome, index).device;
}

const GError *
kindred_sync_result_get_file_error (KindredSyncResult *self,
                                    guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->files->len, NULL);
  return g_array_index (self->files, FileOutcome, index).error;
}

char *
kindred_sync_result_dup_file_message (KindredSyncResult *self,
                                      guint              index)
{
  FileOutcome *outcome;
  g_autofree char *sentence = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  outcome = &g_array_index (self->files, FileOutcome, index);
  if (outcome->error == NULL)
    return NULL;

  sentence = kindred_sync_describe_error (outcome->error);
  if (outcome->device != NULL)
    /* Translators: the first %s is a device's name ("laptop"), the second a sentence */
    return g_strdup_printf (_("From “%s”: %s"), outcome->device, sentence);
  /* Translators: the first %s is a file name, the second a sentence */
  return g_strdup_printf (_("%s: %s"), outcome->name, sentence);
}

char *
kindred_sync_result_dup_summary (KindredSyncResult *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint refused;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->added > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added",
                                                          "%u added", self->added),
                                             self->added));
  if (self->updated > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u updated",
                                                          "%u updated", self->updated),
                                             self->updated));
  if (self->deleted > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deleted",
                                                          "%u deleted", self->deleted),
                                             self->deleted));
  if (self->conflicts > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u conflict to look at",
                                                          "%u conflicts to look at",
                                                          self->conflicts),
                                             self->conflicts));
  if (parts->len == 0 && self->other > 0)
    g_ptr_array_add (parts, g_strdup (_("Strategies or your safety plan were brought up to "
                                        "date")));

  refused = kindred_sync_result_get_files_refused (self);
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup (_("Everything is up to date")));
  if (refused > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u file could not be read",
                                                          "%u files could not be read",
                                                          refused),
                                             refused));

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of a sync summary */
  joined = g_strjoinv (_(", "), (char **) parts->pdata);
  return g_steal_pointer (&joined);
}

/* ---- The object ------------------------------------------------------------- */

struct _KindredSync
{
  GObject             parent_instance;

  KindredStore       *store;
  GMainContext       *context;
  char               *device_id;
  char               *folder;
  char               *device_name;
  gboolean            auto_sync;
  gboolean            busy;
  KindredSyncResult  *last_result;
  GError             *last_error;

  /* Guards what a worker reads or fills: the passphrase and the derived keys. */
  GMutex              lock;
  char               *passphrase;   /* sodium_malloc */
  GHashTable         *keys;         /* KDF parameters (text) → KindredKey */
  guint64             opslimit;
  gsize               memlimit;

  KindredFolderWatch *watch;
  GCancellable       *cancellable;  /* automatic runs; cancelled on dispose */
  guint               timeout_id;
  gboolean            run_again;
  gboolean            emitting;     /* our own store signals: not local changes */
  gulong              store_handlers[3];
};

G_DEFINE_FINAL_TYPE (KindredSync, kindred_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FOLDER,
  PROP_ENABLED,
  PROP_DEVICE_ID,
  PROP_DEVICE_NAME,
  PROP_AUTO_SYNC,
  PROP_BUSY,
  PROP_LAST_RESULT,
  PROP_LAST_ERROR,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { PROGRESS, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule_run (KindredSync *self,
                          guint        delay_ms);

/* ---- Helpers ---------------------------------------------------------------- */

static char *
secure_strdup (const char *text)
{
  gsize len = strlen (text);
  char *copy = sodium_malloc (len + 1);

  memcpy (copy, text, len + 1);
  return copy;
}

static void
secure_free (char *text)
{
  if (text != NULL)
    sodium_free (text);
}

static char *
dup_passphrase (KindredSync *self)
{
  char *copy = NULL;

  g_mutex_lock (&self->lock);
  if (self->passphrase != NULL)
    copy = secure_strdup (self->passphrase);
  g_mutex_unlock (&self->lock);
  return copy;
}

static void
set_passphrase_locked (KindredSync *self,
                       const char  *passphrase)
{
  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->passphrase, passphrase) != 0)
    g_hash_table_remove_all (self->keys);
  g_clear_pointer (&self->passphrase, secure_free);
  if (passphrase != NULL)
    self->passphrase = secure_strdup (passphrase);
  g_mutex_unlock (&self->lock);
}

static void
effective_kdf_limits (KindredSync *self,
                      guint64     *opslimit,
                      gsize       *memlimit)
{
  g_mutex_lock (&self->lock);
  *opslimit = self->opslimit;
  *memlimit = self->memlimit;
  g_mutex_unlock (&self->lock);

  if (*opslimit == 0 && *memlimit == 0 && g_strcmp0 (g_getenv (CHEAP_KDF_ENV), "1") == 0)
    {
      *opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
      *memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
    }
}

/* The "kdf" member as text: the key cache's index. */
static char *
kdf_cache_key (JsonObject *header)
{
  JsonNode *kdf = json_object_get_member (header, "kdf");

  if (kdf == NULL || !JSON_NODE_HOLDS_OBJECT (kdf))
    return NULL;
  return json_to_string (kdf, FALSE);
}

/* The key for a header's KDF parameters, derived once per session (Argon2id is
 * the slow part of a run). */
static KindredKey *
key_for_header (KindredSync  *self,
                const char   *passphrase,
                JsonObject   *header,
                GError      **error)
{
  g_autofree char *cache_key = kdf_cache_key (header);
  KindredKey *key = NULL;

  if (cache_key != NULL)
    {
      g_mutex_lock (&self->lock);
      key = g_hash_table_lookup (self->keys, cache_key);
      if (key != NULL)
        kindred_key_ref (key);
      g_mutex_unlock (&self->lock);
      if (key != NULL)
        return key;
    }

  key = kindred_envelope_kdf_derive (passphrase, header, error);
  if (key == NULL)
    return NULL;

  if (cache_key != NULL)
    {
      g_mutex_lock (&self->lock);
      /* Only for the passphrase still in force (it may have changed meanwhile). */
      if (g_strcmp0 (self->passphrase, passphrase) == 0)
        g_hash_table_replace (self->keys, g_steal_pointer (&cache_key), kindred_key_ref (key));
      g_mutex_unlock (&self->lock);
    }

  return key;
}

static char *
own_file_path (const char *folder,
               const char *device_id)
{
  g_autofree char *name = g_strconcat (device_id, KINDRED_SYNC_SUFFIX, NULL);

  return g_build_filename (folder, name, NULL);
}

static gboolean
check_folder (const char  *folder,
              gboolean     writable,
              GError     **error)
{
  g_autofree char *probe = NULL;
  int fd;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_FOLDER,
                           _("The sync folder cannot be found. If it is on a removable "
                             "drive or a network share, please connect it and try again."));
      return FALSE;
    }

  if (!writable)
    return TRUE;

  /* access(W_OK) says nothing about a read-only mount or the document portal:
   * only writing does. */
  probe = g_build_filename (folder, ".kindred-sync-probe-XXXXXX", NULL);
  fd = g_mkstemp_full (probe, O_RDWR, 0600);
  if (fd < 0)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_FOLDER,
                           _("Kindred cannot save files in the sync folder. Please choose "
                             "a folder you can write to."));
      return FALSE;
    }
  close (fd);
  g_unlink (probe);
  return TRUE;
}

static gboolean
is_other_device_file (const char *name,
                      const char *own_name)
{
  return name[0] != '.' && g_str_has_suffix (name, KINDRED_SYNC_SUFFIX) &&
         strlen (name) > strlen (KINDRED_SYNC_SUFFIX) && strcmp (name, own_name) != 0;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Other devices' files now in @folder, sorted. */
static GPtrArray *
list_files (const char  *folder,
            const char  *device_id,
            GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *own_name = g_strconcat (device_id, KINDRED_SYNC_SUFFIX, NULL);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_debug ("Sync folder: %s", local_error->message);
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_FOLDER,
                           _("The sync folder could not be read. Please check that it is "
                             "still there."));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_other_device_file (name, own_name))
      g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* ---- One run (worker) ------------------------------------------------------- */

typedef struct
{
  KindredSync       *self;
  KindredStore      *store;
  char              *folder;
  char              *device_id;
  char              *device_name;
  char              *passphrase;     /* secure; NULL: look in the keyring */
  gboolean           from_keyring;
  KindredSyncResult *result;
  gboolean           entries_changed;
  gboolean           strategies_changed;
  gboolean           journal_changed;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_clear_object (&run->self);
  g_clear_object (&run->store);
  g_free (run->folder);
  g_free (run->device_id);
  g_free (run->device_name);
  secure_free (run->passphrase);
  g_clear_pointer (&run->result, kindred_sync_result_unref);
  g_free (run);
}

typedef struct
{
  GWeakRef sync;
  double   fraction;
} Progress;

static gboolean
emit_progress_cb (gpointer data)
{
  Progress *progress = data;
  g_autoptr(KindredSync) self = g_weak_ref_get (&progress->sync);

  if (self != NULL)
    g_signal_emit (self, signals[PROGRESS], 0, progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_weak_ref_clear (&progress->sync);
  g_free (progress);
}

static void
report_progress (KindredSync *self,
                 double       fraction)
{
  Progress *progress = g_new0 (Progress, 1);

  g_weak_ref_init (&progress->sync, self);
  progress->fraction = CLAMP (fraction, 0.0, 1.0);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_progress_cb,
                              progress, progress_free);
}

static gboolean
header_device (JsonObject  *header,
               const char **device,
               const char **name,
               const char **generation,
               GError     **error)
{
  *device = kindred_envelope_get_string (header, "device", error);
  if (*device == NULL)
    return FALSE;
  if (!g_uuid_string_is_valid (*device))
    {
      g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
                   _("The file does not say which device wrote it."));
      return FALSE;
    }

  *name = NULL;
  if (json_object_has_member (header, "device_name"))
    {
      *name = kindred_envelope_get_string (header, "device_name", error);
      if (*name == NULL)
        return FALSE;
    }

  *generation = kindred_envelope_get_string (header, "generation", error);
  return *generation != NULL;
}

static gboolean
check_key (JsonObject  *header,
           KindredKey  *key,
           GError     **error)
{
  g_autofree char *check = NULL;
  const char *expected;

  /* Without the check value a wrong passphrase looks like a changed file (the
   * stream cannot tell the two apart); with it, the message can be exact. */
  if (!json_object_has_member (header, "key_check"))
    return TRUE;

  expected = kindred_envelope_get_string (header, "key_check", error);
  if (expected == NULL)
    return FALSE;

  check = kindred_key_check_value (key);
  if (strcmp (check, expected) != 0)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WRONG_PASSPHRASE,
                           _("This file was saved with a different sync passphrase. Every "
                             "device needs the same one."));
      return FALSE;
    }
  return TRUE;
}

/* Reads the whole stream: nothing is merged before the final chunk has checked
 * out.  (transfer full): the clear bytes, to be wiped by the caller. */
static GByteArray *
read_stream (KindredEnvelopeReader  *reader,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(GByteArray) clear = g_byte_array_new ();

  for (;;)
    {
      g_autoptr(GBytes) chunk = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize size;
      const guint8 *data;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;

      chunk = kindred_envelope_reader_read (reader, &local_error);
      if (chunk == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto failed;
            }
          break;
        }

      data = g_bytes_get_data (chunk, &size);
      if (clear->len + size > MAX_CLEAR_SIZE)
        {
          g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_TOO_LARGE,
                       _("This file is much larger than a Kindred file of its kind can "
                         "be, so Kindred left it unopened."));
          goto failed;
        }
      g_byte_array_append (clear, data, (guint) size);
    }

  return g_steal_pointer (&clear);

failed:
  sodium_memzero (clear->data, clear->len);
  return NULL;
}

static void
wipe_bytes (GByteArray *bytes)
{
  if (bytes == NULL)
    return;
  sodium_memzero (bytes->data, bytes->len);
  g_byte_array_unref (bytes);
}

/* One other device's file.  FALSE only for what stops the whole run (the journal
 * itself failing, a cancellation); a bad file is an outcome, not a failure. */
static gboolean
read_one_file (RunData       *run,
               const char    *name,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *path = g_build_filename (run->folder, name, NULL);
  g_autofree char *seen_key = g_strconcat (KEY_SEEN_PREFIX, name, NULL);
  g_autofree char *seen = NULL;
  g_autoptr(KindredEnvelopeReader) reader = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredSyncBatch) batch = NULL;
  g_autoptr(GError) file_error = NULL;
  GByteArray *clear = NULL;
  KindredSyncCounts counts = { 0, };
  FileOutcome outcome = { g_strdup (name), NULL, NULL };
  const char *device = NULL, *device_name = NULL, *generation = NULL;
  JsonObject *header;

  reader = kindred_envelope_reader_open (path, "sync", KINDRED_SYNC_FORMAT_VERSION, &file_error);
  if (reader == NULL)
    goto refused;

  header = kindred_envelope_reader_get_header (reader);
  if (!header_device (header, &device, &device_name, &generation, &file_error))
    goto refused;
  /* A name for people, from a file: kept short. */
  outcome.device = device_name != NULL ? g_utf8_substring (device_name, 0, 100) : NULL;

  /* The same generation as last time: merged already, nothing to do. */
  seen = kindred_store_dup_setting (run->store, seen_key);
  if (g_strcmp0 (seen, generation) == 0)
    goto done;

  key = key_for_header (run->self, run->passphrase, header, &file_error);
  if (key == NULL || !check_key (header, key, &file_error))
    goto refused;

  if (!kindred_envelope_reader_set_key (reader, key, &file_error))
    goto refused;

  clear = read_stream (reader, cancellable, &file_error);
  if (clear == NULL)
    {
      if (g_error_matches (file_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&file_error));
          file_outcome_clear (&outcome);
          return FALSE;
        }
      goto refused;
    }

  batch = _kindred_sync_batch_parse ((const char *) clear->data, clear->len, &file_error);
  wipe_bytes (clear);
  if (batch == NULL)
    goto refused;

  if (!_kindred_store_sync_merge (run->store, batch, seen_key, generation, &counts,
                                  &file_error))
    {
      /* The journal itself failing stops the run; the file is not to blame. */
      if (file_error->domain != KINDRED_ENVELOPE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&file_error));
          file_outcome_clear (&outcome);
          return FALSE;
        }
      goto refused;
    }

  run->result->added += counts.added;
  run->result->updated += counts.updated;
  run->result->deleted += counts.deleted;
  run->result->conflicts += counts.conflicts;
  run->result->other += counts.other;
  run->entries_changed |= counts.entries_changed;
  run->strategies_changed |= counts.strategies_changed;
  run->journal_changed |= counts.journal_changed;

done:
  g_array_append_val (run->result->files, outcome);
  return TRUE;

refused:
  g_debug ("Sync file %s refused: %s", name, file_error->message);
  outcome.error = g_steal_pointer (&file_error);
  g_array_append_val (run->result->files, outcome);
  return TRUE;
}

/* This device's own KDF parameters (salt and limits), made at set-up. */
static JsonObject *
own_kdf (KindredStore  *store,
         GError       **error)
{
  g_autofree char *text = kindred_store_dup_setting (store, KEY_KDF);
  g_autoptr(JsonObject) kdf = NULL;

  if (text != NULL)
    kdf = kindred_envelope_parse_object (text, -1, 4, NULL);
  if (kdf == NULL)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NOT_SET_UP,
                           _("Sync is not set up on this device yet."));
      return NULL;
    }
  return g_steal_pointer (&kdf);
}

/* The generation in the header of the file at @path, or NULL. */
static char *
read_generation (const char *path)
{
  g_autoptr(KindredEnvelopeReader) reader = NULL;
  JsonObject *header;

  reader = kindred_envelope_reader_open (path, "sync", KINDRED_SYNC_FORMAT_VERSION, NULL);
  if (reader == NULL)
    return NULL;
  header = kindred_envelope_reader_get_header (reader);
  return g_strdup (json_object_get_string_member_with_default (header, "generation", NULL));
}

/* Temporary files of this device's own writes that a crash left behind (the
 * envelope writer's ".<name>.XXXXXX").  Only old ones: `kindred --sync` and the
 * app may run at once, and the other one's write must not lose its file. */
static void
remove_stale_temporaries (const char *folder,
                          const char *device_id)
{
  g_autofree char *prefix = g_strconcat (".", device_id, KINDRED_SYNC_SUFFIX, ".", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > 10 * 60)
        g_unlink (path);
    }
}

/* A cheap stand-in for the journal's synced state, to tell "nothing happened
 * since the last write" without reading the journal: every local save moves the
 * journal's clock, the safety plan and contacts carry their own stamps, and a
 * merge that changes anything says so (then the full export decides).  (transfer
 * full) */
static char *
state_fingerprint (RunData    *run,
                   JsonObject *kdf)
{
  static const char * const keys[] = { "hlc", "safety-plan", "contacts" };
  crypto_generichash_state state;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), kdf);
  g_autofree char *kdf_text = json_to_string (node, FALSE);
  guint8 hash[16];

  crypto_generichash_init (&state, NULL, 0, sizeof hash);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = kindred_store_dup_setting (run->store, keys[i]);

      crypto_generichash_update (&state, (const guint8 *) (value != NULL ? value : ""),
                                 (value != NULL ? strlen (value) : 0) + 1);
      if (value != NULL)
        sodium_memzero (value, strlen (value));
    }
  crypto_generichash_update (&state, (const guint8 *) kdf_text, strlen (kdf_text) + 1);
  crypto_generichash_update (&state, (const guint8 *) run->device_name,
                             strlen (run->device_name) + 1);
  crypto_generichash_final (&state, hash, sizeof hash);
  return kindred_envelope_b64_encode (hash, sizeof hash);
}

static gboolean
write_own_file (RunData       *run,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *path = own_file_path (run->folder, run->device_id);
  g_autoptr(JsonObject) kdf = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredEnvelopeWriter) writer = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *old_digest = NULL;
  g_autofree char *old_generation = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *old_fingerprint = NULL;
  g_autofree char *written_generation = NULL;
  g_autofree char *generation = NULL;
  g_autofree char *written_at = NULL;
  g_autofree char *check = NULL;
  GString *payload;
  KindredHlc hwm = 0;
  guint n_records = 0;
  guint8 hash[32];
  gboolean ok = FALSE;

  kdf = own_kdf (run->store, error);
  if (kdf == NULL)
    return FALSE;

  /* Nothing changed since the last write, and that file is still in place: not
   * even the journal needs reading. */
  fingerprint = state_fingerprint (run, kdf);
  old_fingerprint = kindred_store_dup_setting (run->store, KEY_FINGERPRINT);
  old_generation = kindred_store_dup_setting (run->store, KEY_GENERATION);
  if (!run->journal_changed && g_strcmp0 (fingerprint, old_fingerprint) == 0 &&
      old_generation != NULL)
    {
      written_generation = read_generation (path);
      if (g_strcmp0 (written_generation, old_generation) == 0)
        return TRUE;
    }

  /* About the size of the last file: 50,000 entries make tens of megabytes, and
   * growing a buffer that big by doubling copies it again and again. */
  {
    GStatBuf st;

    payload = g_string_sized_new (g_stat (path, &st) == 0 && st.st_size > 0 &&
                                  st.st_size < (goffset) MAX_CLEAR_SIZE
                                  ? (gsize) st.st_size + st.st_size / 8 : 64 * 1024);
  }
  if (!_kindred_store_sync_export (run->store, payload, &hwm, &n_records, error))
    goto out;
  g_string_append_printf (payload, "{\"t\":\"end\",\"records\":%u}\n", n_records);

  /* Unchanged since the last write, and that file still in place: nothing to do.
   * The kdf parameters are in the digest, so a new passphrase writes anew. */
  {
    g_autofree char *kdf_text = NULL;
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), kdf);
    crypto_generichash_state state;

    kdf_text = json_to_string (node, FALSE);
    crypto_generichash_init (&state, NULL, 0, sizeof hash);
    crypto_generichash_update (&state, (const guint8 *) kdf_text, strlen (kdf_text));
    crypto_generichash_update (&state, (const guint8 *) run->device_name,
                               strlen (run->device_name) + 1);
    crypto_generichash_update (&state, (const guint8 *) payload->str, payload->len);
    crypto_generichash_final (&state, hash, sizeof hash);
    digest = kindred_envelope_b64_encode (hash, sizeof hash);
  }

  old_digest = kindred_store_dup_setting (run->store, KEY_DIGEST);
  if (g_strcmp0 (old_digest, digest) == 0 && old_generation != NULL)
    {
      if (written_generation == NULL)
        written_generation = read_generation (path);
      if (g_strcmp0 (written_generation, old_generation) == 0)
        {
          ok = kindred_store_set_setting (run->store, KEY_FINGERPRINT, fingerprint, error);
          goto out;
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  remove_stale_temporaries (run->folder, run->device_id);

  header = json_object_new ();
  json_object_set_object_member (header, "kdf", json_object_ref (kdf));
  key = key_for_header (run->self, run->passphrase, header, error);
  if (key == NULL)
    goto out;

  generation = g_uuid_string_random ();
  now = g_date_time_new_now_utc ();
  written_at = g_date_time_format_iso8601 (now);
  check = kindred_key_check_value (key);
  json_object_set_string_member (header, "device", run->device_id);
  json_object_set_string_member (header, "device_name", run->device_name);
  json_object_set_int_member (header, "hlc", (gint64) hwm);
  json_object_set_string_member (header, "generation", generation);
  json_object_set_string_member (header, "written_at", written_at);
  json_object_set_int_member (header, "records", n_records);
  json_object_set_string_member (header, "key_check", check);

  writer = kindred_envelope_writer_new (path, "sync", KINDRED_SYNC_FORMAT_VERSION, header, key,
                                        error);
  if (writer == NULL)
    goto out;

  for (gsize done = 0; done < payload->len;)
    {
      gsize n = MIN (payload->len - done, (gsize) 4 * KINDRED_ENVELOPE_STREAM_CHUNK);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !kindred_envelope_writer_write (writer, payload->str + done, n, error))
        goto out;
      done += n;
    }

  if (!kindred_envelope_writer_finish (g_steal_pointer (&writer), error))
    goto out;

  if (!kindred_store_set_setting (run->store, KEY_DIGEST, digest, error) ||
      !kindred_store_set_setting (run->store, KEY_GENERATION, generation, error) ||
      !kindred_store_set_setting (run->store, KEY_FINGERPRINT, fingerprint, error))
    goto out;

  run->result->wrote = TRUE;
  ok = TRUE;

out:
  /* The person's words: gone from memory, not only freed. */
  sodium_memzero (payload->str, payload->len);
  g_string_free (payload, TRUE);
  return ok;
}

static gboolean
find_passphrase (RunData       *run,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *found;

  if (run->passphrase != NULL)
    return TRUE;

  found = kindred_keyring_lookup_sync_passphrase (run->device_id, run->folder, cancellable,
                                                  &local_error);
  if (found == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("No sync passphrase from the keyring: %s", local_error->message);
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE,
                           _("Please enter your sync passphrase to sync."));
      return FALSE;
    }

  run->passphrase = secure_strdup (found);
  run->from_keyring = TRUE;
  kindred_secret_free (found);
  return TRUE;
}

static gboolean
run_sync (RunData       *run,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  guint steps;

  if (run->folder == NULL)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NOT_SET_UP,
                           _("Sync is not set up on this device yet."));
      return FALSE;
    }

  if (!find_passphrase (run, cancellable, error) ||
      !check_folder (run->folder, FALSE, error))
    return FALSE;

  report_progress (run->self, 0.0);

  names = list_files (run->folder, run->device_id, error);
  if (names == NULL)
    return FALSE;

  steps = names->len + 1;
  for (guint i = 0; i < names->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !read_one_file (run, g_ptr_array_index (names, i), cancellable, error))
        return FALSE;
      report_progress (run->self, (double) (i + 1) / steps);
    }

  if (!write_own_file (run, cancellable, error))
    return FALSE;

  report_progress (run->self, 1.0);
  run->result->finished_at = g_date_time_new_now_local ();
  return TRUE;
}

static void
run_worker (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *run = task_data;
  GError *error = NULL;

  if (!run_sync (run, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, kindred_sync_result_ref (run->result),
                           (GDestroyNotify) kindred_sync_result_unref);
}

/* ---- Finishing a run (main context) ------------------------------------------ */

static void
set_busy (KindredSync *self,
          gboolean     busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
finish_run (KindredSync       *self,
            RunData           *run,
            KindredSyncResult *result,
            const GError      *error)
{
  if (run->from_keyring && run->passphrase != NULL && !kindred_sync_has_passphrase (self))
    set_passphrase_locked (self, run->passphrase);

  g_clear_pointer (&self->last_error, g_error_free);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  else
    {
      g_clear_pointer (&self->last_result, kindred_sync_result_unref);
      self->last_result = kindred_sync_result_ref (result);
    }

  set_busy (self, FALSE);

  /* The merges are committed: the lists reload.  Our own emission must not count
   * as a local change (that would sync again, for ever). */
  self->emitting = TRUE;
  if (run->entries_changed)
    g_signal_emit_by_name (self->store, "entries-reset");
  if (run->strategies_changed)
    g_signal_emit_by_name (self->store, "strategies-changed");
  self->emitting = FALSE;

  if (error == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RESULT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  g_signal_emit (self, signals[FINISHED], 0, error == NULL ? result : NULL, error);

  if (self->run_again)
    {
      self->run_again = FALSE;
      schedule_run (self, FOLDER_CHANGE_DELAY_MS);
    }
}

static RunData *
run_data_new (KindredSync *self)
{
  RunData *run = g_new0 (RunData, 1);

  run->self = g_object_ref (self);
  run->store = g_object_ref (self->store);
  run->folder = g_strdup (self->folder);
  run->device_id = g_strdup (self->device_id);
  run->device_name = g_strdup (self->device_name);
  run->passphrase = dup_passphrase (self);
  run->result = result_new ();
  return run;
}

static void
run_task_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  KindredSync *self = KINDRED_SYNC (source);
  GTask *task = G_TASK (result);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(KindredSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;

  sync_result = g_task_propagate_pointer (task, &error);
  finish_run (self, g_task_get_task_data (task), sync_result, error);

  if (outer == NULL)
    return;
  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, g_steal_pointer (&sync_result),
                           (GDestroyNotify) kindred_sync_result_unref);
}

static gboolean
start_run (KindredSync   *self,
           GCancellable  *cancellable,
           GTask         *outer,
           GError       **error)
{
  GTask *task;

  if (self->busy)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_BUSY,
                           _("Kindred is already syncing. Please wait a moment."));
      return FALSE;
    }
  if (self->folder == NULL)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NOT_SET_UP,
                           _("Sync is not set up on this device yet."));
      return FALSE;
    }

  set_busy (self, TRUE);
  task = g_task_new (self, cancellable, run_task_done, outer != NULL ? g_object_ref (outer) : NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, run_data_new (self), run_data_free);
  g_task_run_in_thread (task, run_worker);
  g_object_unref (task);
  return TRUE;
}

/* ---- Automatic runs ---------------------------------------------------------- */

static gboolean
auto_run_cb (gpointer user_data)
{
  KindredSync *self = user_data;

  self->timeout_id = 0;
  if (!kindred_sync_get_enabled (self) || !self->auto_sync || !kindred_store_is_open (self->store))
    return G_SOURCE_REMOVE;

  if (self->busy)
    self->run_again = TRUE;
  else
    start_run (self, self->cancellable, NULL, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule_run (KindredSync *self,
              guint        delay_ms)
{
  GSource *source;

  if (!kindred_sync_get_enabled (self) || !self->auto_sync)
    return;

  /* Debounced: every new change moves the run later. */
  if (self->timeout_id != 0)
    {
      g_source_remove (self->timeout_id);
      self->timeout_id = 0;
    }

  source = g_timeout_source_new (delay_ms);
  g_source_set_callback (source, auto_run_cb, self, NULL);
  g_source_set_name (source, "[kindred] sync");
  self->timeout_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
file_changed_cb (KindredFolderWatch *watch,
                 GFile              *file,
                 KindredSync        *self)
{
  schedule_run (self, FOLDER_CHANGE_DELAY_MS);
}

static void
local_change_cb (KindredSync *self)
{
  if (self->emitting)
    return;
  schedule_run (self, LOCAL_CHANGE_DELAY_S * 1000);
}

static void
entry_changed_cb (KindredStore *store,
                  const char   *uuid,
                  KindredSync  *self)
{
  local_change_cb (self);
}

static void
entries_reset_cb (KindredStore *store,
                  KindredSync  *self)
{
  local_change_cb (self);
}

static void
update_watch (KindredSync *self)
{
  gboolean want = kindred_sync_get_enabled (self) && self->auto_sync;

  if (!want)
    {
      if (self->watch != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->watch, self);
          g_clear_object (&self->watch);
        }
      if (self->timeout_id != 0)
        {
          g_source_remove (self->timeout_id);
          self->timeout_id = 0;
        }
      return;
    }

  if (self->watch != NULL)
    {
      g_autofree char *watched = g_file_get_path (kindred_folder_watch_get_folder (self->watch));

      if (g_strcmp0 (watched, self->folder) == 0)
        return;
      g_signal_handlers_disconnect_by_data (self->watch, self);
      g_clear_object (&self->watch);
    }

  {
    g_autoptr(GFile) folder = g_file_new_for_path (self->folder);
    g_autofree char *own_name = g_strconcat (self->device_id, KINDRED_SYNC_SUFFIX, NULL);

    self->watch = kindred_folder_watch_new (folder, KINDRED_SYNC_SUFFIX, 0);
    kindred_folder_watch_ignore (self->watch, own_name);
    g_signal_connect (self->watch, "file-changed", G_CALLBACK (file_changed_cb), self);
  }
}

/* ---- Settings ---------------------------------------------------------------- */

static void
load_settings (KindredSync *self)
{
  g_autofree char *auto_sync = kindred_store_dup_setting (self->store, KEY_AUTO);
  g_autofree char *folder = kindred_store_dup_setting (self->store, KEY_FOLDER);
  g_autofree char *kdf = kindred_store_dup_setting (self->store, KEY_KDF);

  g_free (self->folder);
  /* A folder without parameters is a set-up that did not finish. */
  self->folder = kdf != NULL ? g_steal_pointer (&folder) : NULL;

  g_free (self->device_name);
  self->device_name = kindred_store_dup_setting (self->store, KEY_DEVICE_NAME);
  if (self->device_name == NULL || self->device_name[0] == '\0')
    {
      g_free (self->device_name);
      self->device_name = g_strdup (g_get_host_name ());
    }

  self->auto_sync = g_strcmp0 (auto_sync, "0") != 0;
}

/* ---- GObject ------------------------------------------------------------------ */

static void
kindred_sync_dispose (GObject *object)
{
  KindredSync *self = KINDRED_SYNC (object);

  g_cancellable_cancel (self->cancellable);
  if (self->timeout_id != 0)
    {
      g_source_remove (self->timeout_id);
      self->timeout_id = 0;
    }
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      g_clear_object (&self->watch);
    }
  if (self->store != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->store_handlers); i++)
        g_clear_signal_handler (&self->store_handlers[i], self->store);
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kindred_sync_parent_class)->dispose (object);
}

static void
kindred_sync_finalize (GObject *object)
{
  KindredSync *self = KINDRED_SYNC (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->device_id);
  g_free (self->folder);
  g_free (self->device_name);
  g_clear_pointer (&self->last_result, kindred_sync_result_unref);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->passphrase, secure_free);
  g_hash_table_unref (self->keys);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kindred_sync_parent_class)->finalize (object);
}

static void
kindred_sync_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KindredSync *self = KINDRED_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, kindred_sync_get_enabled (self));
      break;
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_DEVICE_NAME:
      g_value_set_string (value, self->device_name);
      break;
    case PROP_AUTO_SYNC:
      g_value_set_boolean (value, self->auto_sync);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_LAST_RESULT:
      g_value_set_boxed (value, self->last_result);
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_sync_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KindredSync *self = KINDRED_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DEVICE_NAME:
      kindred_sync_set_device_name (self, g_value_get_string (value));
      break;
    case PROP_AUTO_SYNC:
      kindred_sync_set_auto_sync (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_sync_constructed (GObject *object)
{
  KindredSync *self = KINDRED_SYNC (object);

  G_OBJECT_CLASS (kindred_sync_parent_class)->constructed (object);

  g_return_if_fail (KINDRED_IS_STORE (self->store));

  self->device_id = g_strdup (kindred_store_get_device_id (self->store));
  load_settings (self);

  self->store_handlers[0] = g_signal_connect (self->store, "entry-changed",
                                              G_CALLBACK (entry_changed_cb), self);
  self->store_handlers[1] = g_signal_connect (self->store, "entries-reset",
                                              G_CALLBACK (entries_reset_cb), self);
  self->store_handlers[2] = g_signal_connect_swapped (self->store, "strategies-changed",
                                                      G_CALLBACK (local_change_cb), self);

  update_watch (self);
  /* Files that arrived while Kindred was closed are not "changes" to the watch. */
  if (kindred_sync_get_enabled (self) && self->auto_sync)
    schedule_run (self, STARTUP_DELAY_S * 1000);
}

static void
kindred_sync_class_init (KindredSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kindred_sync_dispose;
  object_class->finalize = kindred_sync_finalize;
  object_class->get_property = kindred_sync_get_property;
  object_class->set_property = kindred_sync_set_property;
  object_class->constructed = kindred_sync_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KINDRED_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FOLDER] = g_param_spec_string ("folder", NULL, NULL, NULL, ro);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE, ro);
  properties[PROP_DEVICE_ID] = g_param_spec_string ("device-id", NULL, NULL, NULL, ro);
  properties[PROP_DEVICE_NAME] = g_param_spec_string ("device-name", NULL, NULL, NULL, rw);
  properties[PROP_AUTO_SYNC] = g_param_spec_boolean ("auto-sync", NULL, NULL, TRUE, rw);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_RESULT] =
    g_param_spec_boxed ("last-result", NULL, NULL, KINDRED_TYPE_SYNC_RESULT, ro);
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  KINDRED_TYPE_SYNC_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kindred_sync_init (KindredSync *self)
{
  g_mutex_init (&self->lock);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) kindred_key_unref);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->auto_sync = TRUE;
}

/* ---- Public API ----------------------------------------------------------------- */

/**
 * kindred_sync_new:
 * @store: an open journal
 *
 * Returns: (transfer full): the sync of @store; its settings are read from @store
 */
KindredSync *
kindred_sync_new (KindredStore *store)
{
  g_return_val_if_fail (KINDRED_IS_STORE (store), NULL);

  return g_object_new (KINDRED_TYPE_SYNC, "store", store, NULL);
}

KindredStore *
kindred_sync_get_store (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);
  return self->store;
}

const char *
kindred_sync_get_folder (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);
  return self->folder;
}

gboolean
kindred_sync_get_enabled (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);
  return self->folder != NULL;
}

const char *
kindred_sync_get_device_id (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);
  return self->device_id;
}

const char *
kindred_sync_get_device_name (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);
  return self->device_name;
}

void
kindred_sync_set_device_name (KindredSync *self,
                              const char  *name)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KINDRED_IS_SYNC (self));

  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (g_utf8_strlen (trimmed, -1) > 100)
    {
      char *end = g_utf8_offset_to_pointer (trimmed, 100);

      *end = '\0';
    }
  if (trimmed[0] == '\0')
    {
      g_free (trimmed);
      trimmed = g_strdup (g_get_host_name ());
    }

  if (g_strcmp0 (self->device_name, trimmed) == 0)
    return;

  if (!kindred_store_set_setting (self->store, KEY_DEVICE_NAME, trimmed, &error))
    g_debug ("Device name not kept: %s", error->message);

  g_free (self->device_name);
  self->device_name = g_steal_pointer (&trimmed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_NAME]);
  /* The other devices learn the new name with the next file. */
  schedule_run (self, LOCAL_CHANGE_DELAY_S * 1000);
}

gboolean
kindred_sync_get_auto_sync (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);
  return self->auto_sync;
}

void
kindred_sync_set_auto_sync (KindredSync *self,
                            gboolean     auto_sync)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KINDRED_IS_SYNC (self));

  auto_sync = !!auto_sync;
  if (self->auto_sync == auto_sync)
    return;

  self->auto_sync = auto_sync;
  if (self->store != NULL &&
      !kindred_store_set_setting (self->store, KEY_AUTO, auto_sync ? "1" : "0", &error))
    g_debug ("Auto-sync setting not kept: %s", error->message);

  if (self->store != NULL)
    update_watch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_SYNC]);
}

gboolean
kindred_sync_get_busy (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);
  return self->busy;
}

KindredSyncResult *
kindred_sync_get_last_result (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);
  return self->last_result;
}

const GError *
kindred_sync_get_last_error (KindredSync *self)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);
  return self->last_error;
}

gboolean
kindred_sync_set_passphrase (KindredSync  *self,
                             const char   *passphrase,
                             gboolean      remember,
                             GError      **error)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);

  set_passphrase_locked (self, passphrase);

  if (passphrase != NULL && remember && self->folder != NULL)
    return kindred_keyring_store_sync_passphrase (self->device_id, self->folder, passphrase,
                                                  NULL, error);
  return TRUE;
}

gboolean
kindred_sync_has_passphrase (KindredSync *self)
{
  gboolean has;

  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);

  g_mutex_lock (&self->lock);
  has = self->passphrase != NULL;
  g_mutex_unlock (&self->lock);
  return has;
}

void
kindred_sync_set_kdf_limits (KindredSync *self,
                             guint64      opslimit,
                             gsize        memlimit)
{
  g_return_if_fail (KINDRED_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->opslimit = opslimit;
  self->memlimit = memlimit;
  g_mutex_unlock (&self->lock);
}

/* Set-up */

typedef struct
{
  KindredSync *self;
  char        *folder;
  char        *passphrase;   /* secure */
  gboolean     remember;
  char        *kdf_text;     /* out: this device's new KDF parameters */
  KindredKey  *key;          /* out: their key */
} SetUpData;

static void
set_up_data_free (gpointer data)
{
  SetUpData *setup = data;

  g_clear_object (&setup->self);
  g_free (setup->folder);
  secure_free (setup->passphrase);
  g_free (setup->kdf_text);
  g_clear_pointer (&setup->key, kindred_key_unref);
  g_free (setup);
}

/* Every device must use the same passphrase: a file another device left in the
 * folder that does not open with this one means the person typed something else. */
static gboolean
check_existing_files (SetUpData     *setup,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) names = list_files (setup->folder, setup->self->device_id, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (setup->folder, g_ptr_array_index (names, i), NULL);
      g_autoptr(KindredEnvelopeReader) reader = NULL;
      g_autoptr(KindredKey) key = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *header;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* A damaged or foreign file says nothing about the passphrase; a run will
       * report it. */
      reader = kindred_envelope_reader_open (path, "sync", KINDRED_SYNC_FORMAT_VERSION, NULL);
      if (reader == NULL)
        continue;
      header = kindred_envelope_reader_get_header (reader);
      key = key_for_header (setup->self, setup->passphrase, header, NULL);
      if (key == NULL)
        continue;

      if (!check_key (header, key, &local_error) ||
          (!kindred_envelope_reader_set_key (reader, key, &local_error) &&
           g_error_matches (local_error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_DECRYPT)))
        {
          g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WRONG_PASSPHRASE,
                               _("This passphrase does not open the files your other devices "
                                 "left in this folder. Please use the same sync passphrase "
                                 "as on your other devices."));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
set_up_run (SetUpData     *setup,
            GCancellable  *cancellable,
            GError       **error)
{
  KindredSync *self = setup->self;
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *kdf;
  guint64 opslimit;
  gsize memlimit;

  if (g_utf8_strlen (setup->passphrase, -1) < KINDRED_KEY_PASSPHRASE_MIN_CHARS)
    {
      g_set_error (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_WEAK_PASSPHRASE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A sync passphrase needs at least %d character.",
                                "A sync passphrase needs at least %d characters.",
                                KINDRED_KEY_PASSPHRASE_MIN_CHARS),
                   KINDRED_KEY_PASSPHRASE_MIN_CHARS);
      return FALSE;
    }

  if (!check_folder (setup->folder, TRUE, error) ||
      !check_existing_files (setup, cancellable, error))
    return FALSE;

  /* A fresh salt for this device's file: the key is derived once, here. */
  effective_kdf_limits (self, &opslimit, &memlimit);
  key = kindred_envelope_kdf_new_full (setup->passphrase, opslimit, memlimit, header, error);
  if (key == NULL)
    return FALSE;
  kdf = json_object_get_member (header, "kdf");
  setup->kdf_text = json_to_string (kdf, FALSE);
  setup->key = kindred_key_ref (key);

  if (setup->remember &&
      !kindred_keyring_store_sync_passphrase (self->device_id, setup->folder, setup->passphrase,
                                              cancellable, error))
    return FALSE;

  if (!setup->remember &&
      !kindred_keyring_delete_sync_passphrase (self->device_id, NULL, cancellable, &local_error))
    g_debug ("Old sync passphrase not removed from the keyring: %s", local_error->message);

  /* The folder last: without parameters it is not set up (see load_settings). */
  if (!kindred_store_set_setting (self->store, KEY_DIGEST, NULL, error) ||
      !kindred_store_set_setting (self->store, KEY_GENERATION, NULL, error) ||
      !kindred_store_set_setting (self->store, KEY_KDF, setup->kdf_text, error) ||
      !kindred_store_set_setting (self->store, KEY_DEVICE_NAME, self->device_name, error) ||
      !kindred_store_set_setting (self->store, KEY_FOLDER, setup->folder, error))
    return FALSE;

  return TRUE;
}

static void
set_up_worker (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (!set_up_run (task_data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_up_done (KindredSync *self,
             SetUpData   *setup)
{
  gboolean was_enabled = kindred_sync_get_enabled (self);

  /* After the passphrase: a new one empties the key cache. */
  set_passphrase_locked (self, setup->passphrase);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->keys, g_strdup (setup->kdf_text), kindred_key_ref (setup->key));
  g_mutex_unlock (&self->lock);

  g_free (self->folder);
  self->folder = g_strdup (setup->folder);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  if (!was_enabled)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  update_watch (self);
}

static SetUpData *
set_up_data_new (KindredSync *self,
                 const char  *folder,
                 const char  *passphrase,
                 gboolean     remember)
{
  SetUpData *setup = g_new0 (SetUpData, 1);
  g_autoptr(GFile) file = g_file_new_for_path (folder);

  setup->self = g_object_ref (self);
  /* One spelling of the folder, so that the keyring item is found again. */
  setup->folder = g_file_get_path (file);
  setup->passphrase = secure_strdup (passphrase);
  setup->remember = remember;
  return setup;
}

void
kindred_sync_set_up_async (KindredSync         *self,
                           const char          *folder,
                           const char          *passphrase,
                           gboolean             remember_in_keyring,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KINDRED_IS_SYNC (self));
  g_return_if_fail (folder != NULL);
  g_return_if_fail (passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kindred_sync_set_up_async);

  if (self->busy)
    {
      g_task_return_new_error (task, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_BUSY,
                               _("Kindred is already syncing. Please wait a moment."));
      return;
    }

  g_task_set_task_data (task, set_up_data_new (self, folder, passphrase, remember_in_keyring),
                        set_up_data_free);
  g_task_run_in_thread (task, set_up_worker);
}

gboolean
kindred_sync_set_up_finish (KindredSync   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;

  set_up_done (self, g_task_get_task_data (task));
  return TRUE;
}

gboolean
kindred_sync_set_up (KindredSync   *self,
                     const char    *folder,
                     const char    *passphrase,
                     gboolean       remember_in_keyring,
                     GCancellable  *cancellable,
                     GError       **error)
{
  SetUpData *setup;
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (self->busy)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_BUSY,
                           _("Kindred is already syncing. Please wait a moment."));
      return FALSE;
    }

  setup = set_up_data_new (self, folder, passphrase, remember_in_keyring);
  ok = set_up_run (setup, cancellable, error);
  if (ok)
    set_up_done (self, setup);
  set_up_data_free (setup);
  return ok;
}

/* Forgetting */

static void
forget_keyring_worker (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!kindred_keyring_delete_sync_passphrase (task_data, NULL, cancellable, &error))
    g_debug ("Sync passphrase not removed from the keyring: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static gboolean
forget_func (sqlite3   *db,
             gpointer   data,
             GError   **error)
{
  /* Everything but the device's name and the choice of automatic sync, which
   * still hold if sync is set up again. */
  return _kindred_store_exec (db,
                              "DELETE FROM settings WHERE key LIKE 'sync.%'"
                              " AND key NOT IN ('sync.device-name', 'sync.auto')",
                              error);
}

gboolean
kindred_sync_forget (KindredSync  *self,
                     gboolean      remove_own_file,
                     GError      **error)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *own_path = NULL;

  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);

  if (self->busy)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_BUSY,
                           _("Kindred is already syncing. Please wait a moment."));
      return FALSE;
    }

  if (!_kindred_store_write (self->store, forget_func, NULL, FALSE, error))
    return FALSE;

  if (remove_own_file && self->folder != NULL)
    {
      own_path = own_file_path (self->folder, self->device_id);
      if (g_unlink (own_path) != 0 && errno != ENOENT)
        g_debug ("Own sync file not removed: %s", g_strerror (errno));
    }

  /* libsecret blocks: off the main thread, and nothing waits for it. */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, g_strdup (self->device_id), g_free);
  g_task_run_in_thread (task, forget_keyring_worker);

  set_passphrase_locked (self, NULL);
  g_clear_pointer (&self->folder, g_free);
  update_watch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  return TRUE;
}

/* Running */

void
kindred_sync_run_async (KindredSync         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  GError *error = NULL;

  g_return_if_fail (KINDRED_IS_SYNC (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, kindred_sync_run_async);

  /* An automatic run about to start is this one now. */
  if (self->timeout_id != 0)
    {
      g_source_remove (self->timeout_id);
      self->timeout_id = 0;
    }

  if (!start_run (self, cancellable, outer, &error))
    g_task_return_error (outer, error);
}

KindredSyncResult *
kindred_sync_run_finish (KindredSync   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

KindredSyncResult *
kindred_sync_run (KindredSync   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  RunData *run;
  g_autoptr(GError) local_error = NULL;
  KindredSyncResult *result = NULL;

  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);

  if (self->busy)
    {
      g_set_error_literal (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_BUSY,
                           _("Kindred is already syncing. Please wait a moment."));
      return NULL;
    }

  set_busy (self, TRUE);
  run = run_data_new (self);
  if (run_sync (run, cancellable, &local_error))
    result = kindred_sync_result_ref (run->result);
  finish_run (self, run, result, local_error);
  run_data_free (run);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

/* Conflicts */

GPtrArray *
kindred_sync_list_conflicts (KindredSync  *self,
                             GError      **error)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), NULL);

  return _kindred_store_sync_list_conflicts (self->store, error);
}

gboolean
kindred_sync_keep_conflict_copy (KindredSync  *self,
                                 const char   *uuid,
                                 GError      **error)
{
  g_return_val_if_fail (KINDRED_IS_SYNC (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (!_kindred_store_sync_keep_copy (self->store, uuid, error))
    return FALSE;

  /* A local change like any other: the store's own signal, so that lists mark the
   * entry anew and the other devices hear of it. */
  g_signal_emit_by_name (self->store, "entry-changed", uuid);
  return TRUE;
}

char *
kindred_sync_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  /* A wrong passphrase is told apart before decrypting (the header's key check),
   * so a file that does not decrypt was changed after it was written. */
  if (error->domain == KINDRED_ENVELOPE_ERROR)
    return kindred_envelope_describe_error (error);

  return g_strdup (error->message);
}

/* test-crash.c: a writer killed at any moment loses no committed batch
 *
 * The test re-executes itself as a child ("--child PATH", the key as hex on
 * stdin, never in argv where ps would show it) that inserts 10,000 entries in
 * batches of 100, one transaction each, and reports each batch on stdout after
 * its commit returned.  The parent kills it with SIGKILL at a random moment,
 * reopens the journal and checks that every reported batch is there whole, no
 * batch is there in part, and PRAGMA integrity_check passes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kindred-core.h"

#define N_BATCHES  100
#define BATCH_SIZE 100
#define N_TRIALS   20

static void
make_uuid (char  *buf,
           gsize  len,
           guint  batch,
           guint  index)
{
  g_snprintf (buf, len, "%08x-0000-4000-8000-%012x", batch, index);
}

/* The child */

static int
run_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = NULL;
  g_autoptr(KindredStore) store = NULL;
  char hex[80] = { 0 };
  gsize len = 0;

  while (len < sizeof hex - 1)
    {
      ssize_t n = read (STDIN_FILENO, hex + len, sizeof hex - 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      len += (gsize) n;
    }
  g_strstrip (hex);

  key = kindred_key_new_from_hex (hex, &error);
  memset (hex, 0, sizeof hex);
  if (key == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  store = kindred_store_open (path, key, FALSE, NULL, &error);
  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  for (guint batch = 0; batch < N_BATCHES; batch++)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
      char line[32];
      int line_len;

      for (guint i = 0; i < BATCH_SIZE; i++)
        {
          g_autofree char *body = g_strdup_printf ("Crash test batch%03u, entry %u of the "
                                                   "batch, with a few more words.", batch, i);
          char uuid[40];
          KindredEntry *entry;

          make_uuid (uuid, sizeof uuid, batch, i);
          entry = kindred_entry_new_with_uuid (uuid);
          kindred_entry_set_body (entry, body);
          kindred_entry_set_mood (entry, 1 + (int) (i % 5));
          kindred_entry_add_trigger (entry, "crash");
          g_ptr_array_add (entries, entry);
        }

      if (!kindred_store_save_entries (store, entries, &error))
        {
          g_printerr ("child: batch %u: %s\n", batch, error->message);
          return 1;
        }

      /* Only now is the batch promised to the parent. */
      line_len = g_snprintf (line, sizeof line, "%u\n", batch);
      if (write (STDOUT_FILENO, line, (size_t) line_len) != line_len)
        return 1;
    }

  kindred_store_close (store);
  return 0;
}

/* The parent */

typedef struct
{
  int      fd;
  GString *pending;
  gint     last_batch;   /* -1: none reported yet */
  guint    n_reported;
  gboolean eof;
} Reports;

/* Reads what is there (blocking for at least one read); FALSE at EOF. */
static gboolean
read_reports (Reports *reports)
{
  char buf[256];
  ssize_t n;
  char *newline;

  do
    n = read (reports->fd, buf, sizeof buf);
  while (n < 0 && errno == EINTR);

  if (n <= 0)
    {
      reports->eof = TRUE;
      return FALSE;
    }

  g_string_append_len (reports->pending, buf, n);
  while ((newline = strchr (reports->pending->str, '\n')) != NULL)
    {
      gint batch = atoi (reports->pending->str);

      /* In order, one line per batch: anything else is a broken child. */
      g_assert_cmpint (batch, ==, reports->last_batch + 1);
      reports->last_batch = batch;
      reports->n_reported++;
      g_string_erase (reports->pending, 0, newline - reports->pending->str + 1);
    }

  return TRUE;
}

static guint
count_batch (KindredStore *store,
             guint         batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autofree char *query = g_strdup_printf ("batch%03u", batch);

  uuids = kindred_store_search (store, query, 0, &error);
  g_assert_no_error (error);

  return uuids->len;
}

static void
run_trial (const char *self_path,
           guint       trial)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredKey) key = kindred_key_new_random ();
  g_autoptr(KindredStore) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kindred-crash-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *journal = NULL;
  const char *argv[] = { self_path, "--child", NULL, NULL };
  Reports reports = { -1, NULL, -1, 0, FALSE };
  char *hex;
  GPid pid;
  int stdin_fd;
  int status;
  gint target_batch;
  guint committed;

  g_assert_no_error (error);
  path = g_build_filename (dir, "journal.db", NULL);
  journal = g_strconcat (path, "-journal", NULL);
  argv[2] = path;

  /* The journal exists before the child starts: this test is about the
   * inserts (a crash while creating is covered by creating beside the path). */
  store = kindred_store_open (path, key, TRUE, NULL, &error);
  g_assert_no_error (error);
  kindred_store_close (store);
  g_clear_object (&store);

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, &stdin_fd, &reports.fd, NULL, &error);
  g_assert_no_error (error);
  reports.pending = g_string_new (NULL);

  hex = kindred_key_to_hex (key);
  g_assert_cmpint (write (stdin_fd, hex, strlen (hex)), ==, (gssize) strlen (hex));
  g_assert_cmpint (write (stdin_fd, "\n", 1), ==, 1);
  kindred_secret_free (hex);
  close (stdin_fd);

  /* When to kill: most trials wait for a random batch and then a random few
   * milliseconds more (so the kill lands anywhere inside a transaction or
   * between two); every fifth kills at a random moment soon after the start,
   * during the open or the first batches. */
  if (trial % 5 == 0)
    {
      target_batch = -1;
      g_usleep ((gulong) g_test_rand_int_range (0, 80000));
    }
  else
    {
      /* The first half: a later kill tests nothing new and each batch
       * costs a few fsyncs, which keeps 20 trials within a minute. */
      target_batch = g_test_rand_int_range (0, N_BATCHES / 2);
      while (reports.last_batch < target_batch && read_reports (&reports))
        ;
      g_usleep ((gulong) g_test_rand_int_range (0, 60000));
    }

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  /* A child that failed by itself is a broken test, not a crash. */
  if (WIFEXITED (status))
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  else
    g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  while (read_reports (&reports))
    ;
  close (reports.fd);
  g_string_free (reports.pending, TRUE);

  store = kindred_store_open (path, key, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  committed = kindred_store_count_entries (store, &error);
  g_assert_no_error (error);
  g_test_message ("trial %u: %u batches reported, %u entries found", trial,
                  reports.n_reported, committed);

  /* Whole batches only; every reported one, and at most one more (committed,
   * killed before it could say so). */
  g_assert_cmpuint (committed % BATCH_SIZE, ==, 0);
  g_assert_cmpuint (committed / BATCH_SIZE, >=, reports.n_reported);
  g_assert_cmpuint (committed / BATCH_SIZE, <=, reports.n_reported + 1);

  for (guint batch = 0; batch < N_BATCHES; batch++)
    {
      guint expected = batch < committed / BATCH_SIZE ? BATCH_SIZE : 0;

      g_assert_cmpuint (count_batch (store, batch), ==, expected);
    }

  /* Spot-check whole rows, not only the index. */
  if (committed > 0)
    {
      char uuid[40];
      g_autoptr(KindredEntry) entry = NULL;

      make_uuid (uuid, sizeof uuid, committed / BATCH_SIZE - 1, BATCH_SIZE - 1);
      entry = kindred_store_get_entry (store, uuid, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kindred_entry_get_mood (entry), ==, 1 + (BATCH_SIZE - 1) % 5);
    }

  g_assert_true (kindred_store_check_integrity (store, &error));
  g_assert_no_error (error);

  /* And it still takes writes. */
  {
    g_autoptr(KindredEntry) entry = kindred_entry_new ();

    kindred_entry_set_body (entry, "after the crash");
    kindred_store_save_entry (store, entry, &error);
    g_assert_no_error (error);
  }

  kindred_store_close (store);

  /* A -journal the kill left behind was either rolled back on reopening or
   * empty (SQLite ignores those); the write above replaced it, and commits in
   * DELETE mode leave none. */
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));

  g_unlink (journal);
  g_unlink (path);
  g_rmdir (dir);
}

static const char *self_path;

static void
test_crash_sigkill_batches (void)
{
  for (guint trial = 0; trial < N_TRIALS; trial++)
    run_trial (self_path, trial);
}

int
main (int   argc,
      char *argv[])
{
  /* Before g_test_init(), which would refuse the unknown option. */
  if (argc == 3 && g_strcmp0 (argv[1], "--child") == 0)
    return run_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

  /* argv[0] may be relative, or a name found through PATH. */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_canonicalize_filename (argv[0], NULL);

  g_test_add_func ("/crash/sigkill/batches", test_crash_sigkill_batches);

  return g_test_run ();
}

/* test-cli.c: the built kindred binary on the command line, headless, against a
 * real journal in a fresh data folder (keyring journals through the test session's
 * gnome-keyring; passphrase journals typed into a real pseudo-terminal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <stdio.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kindred-core.h"

#define PASSPHRASE      "a quiet morning by the sea"
#define SYNC_PASSPHRASE "two desks, one journal, many seasons"
#define JOURNAL_PROMPT  "Passphrase of your journal: "
#define SYNC_PROMPT     "Sync passphrase: "

typedef struct
{
  char *home;       /* XDG_DATA_HOME of the child */
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static const char *binary;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->home = g_dir_make_tmp ("kindred-cli-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->home);
  g_free (fixture->home);
}

static gboolean
have_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session: run the tests in the test session (keyring)");
      return FALSE;
    }
  return TRUE;
}

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("KINDRED_TEST_DATA"), "formats", name, NULL);
}

/* Runs kindred with @argv (NULL-terminated, without the program) and no terminal. */
static void
run_kindred (Fixture            *fixture,
             Run                *run,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  /* Without a terminal: --import of a passphrase journal must say so, not hang. */
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                             G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                             G_SUBPROCESS_FLAGS_STDIN_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("kindred %s → %d\nstdout: %s\nstderr: %s", args[0], run->status, run->out,
                  run->err);
}

static void
assert_one_line_error (Run        *run,
                       const char *contains)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "kindred: "));
  g_assert_nonnull (strstr (run->err, contains));
  /* One line: the message, nothing else on stderr. */
  g_assert_cmpint (strchr (run->err, '\n') - run->err, ==, (int) strlen (run->err) - 1);
}

static void
test_version (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  const char *args[] = { "--version", NULL };

  run_kindred (fixture, &run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "kindred " PACKAGE_VERSION "\n");
}

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  const char *args[] = { "--help", NULL };
  const char *options[] = { "--version", "--new-entry", "--import=FILE", "--format=FORMAT",
                            "--export=FILE", "--sync" };

  run_kindred (fixture, &run, args);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (run.out, options[i]));
}

static void
test_bad_usage (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *file = sample ("jrnl-sample.json");
  const char *format_alone[] = { "--format", "jrnl-json", NULL };
  const char *two[] = { "--import", file, "--export", "out.json", NULL };
  const char *bad_format[] = { "--import", file, "--format", "pdf", NULL };
  const char *markdown_in[] = { "--import", file, "--format", "markdown", NULL };
  const char *unknown[] = { "--no-such-option", NULL };

  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, format_alone);
    assert_one_line_error (&run, "--format");
  }
  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, two);
    assert_one_line_error (&run, "one of");
  }
  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, bad_format);
    assert_one_line_error (&run, "“pdf”");
  }
  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, markdown_in);
    assert_one_line_error (&run, "“markdown”");
  }
  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, unknown);
    g_assert_cmpint (run.status, !=, 0);
  }
  /* Nothing was made on the way. */
  {
    g_autofree char *dir = g_build_filename (fixture->home, "kindred", NULL);

    g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  }
}

static void
test_export_without_journal (Fixture       *fixture,
                             gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autofree char *out = g_build_filename (fixture->home, "out.json", NULL);
  const char *args[] = { "--export", out, NULL };

  run_kindred (fixture, &run, args);
  assert_one_line_error (&run, "no journal yet");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_import_export (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *jrnl = sample ("jrnl-sample.json");
  g_autofree char *daylio = sample ("daylio-custom-moods.csv");
  g_autofree char *bad = sample ("daylio-bad-quote.csv");
  g_autofree char *nothing = sample ("kindred-bad-values.json");
  g_autofree char *text = sample ("not-a-journal.txt");
  g_autofree char *out = g_build_filename (fixture->home, "out.json", NULL);
  g_autofree char *markdown = g_build_filename (fixture->home, "months", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  if (!have_keyring ())
    return;

  {
    g_auto(Run) run = { 0, };
    const char *args[] = { "--import", jrnl, NULL };

    run_kindred (fixture, &run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "3 entries added, 0 already in your journal, 0 set aside.\n");
  }
  {
    /* Twice: nothing more, and that is no failure. */
    g_auto(Run) run = { 0, };
    const char *args[] = { "--import", jrnl, "--format", "jrnl-json", NULL };

    run_kindred (fixture, &run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "0 entries added, 3 already in your journal, 0 set aside.\n");
  }
  {
    g_auto(Run) run = { 0, };
    const char *args[] = { "--import", daylio, NULL };

    run_kindred (fixture, &run, args);
    g_assert_cmpint (run.status, ==, 0);
    /* The proposal for a custom mood is said out loud. */
    g_assert_nonnull (strstr (run.out, "The mood “laughing” is taken as 3 of 5.\n"));
    g_assert_nonnull (strstr (run.out, "7 entries added"));
  }
  {
    g_auto(Run) run = { 0, };
    const char *args[] = { "--import", bad, NULL };

    run_kindred (fixture, &run, args);
    assert_one_line_error (&run, "Line 3");
    g_assert_null (strstr (run.err, "SECRET"));
  }
  {
    g_auto(Run) run = { 0, };
    const char *args[] = { "--import", nothing, NULL };

    run_kindred (fixture, &run, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "Set aside: Entry 1: the mood is not between 1 and 5.\n"));
    g_assert_nonnull (strstr (run.err, "Nothing could be imported"));
  }
  {
    g_auto(Run) run = { 0, };
    const char *args[] = { "--import", text, NULL };

    run_kindred (fixture, &run, args);
    assert_one_line_error (&run, "not one Kindred can import");
  }
  {
    g_auto(Run) run = { 0, };
    const char *args[] = { "--export", out, NULL };

    run_kindred (fixture, &run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "10 entries written to"));
    g_assert_nonnull (strstr (run.err, "not encrypted"));
    g_assert_cmpint (g_stat (out, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\"format\": \"kindred-journal\""));
    g_assert_nonnull (strstr (contents, "This is the first sample entry"));
  }
  {
    g_auto(Run) run = { 0, };
    const char *args[] = { "--export", markdown, "--format", "markdown", NULL };

    run_kindred (fixture, &run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (markdown, G_FILE_TEST_IS_DIR));
  }
  {
    /* The export goes back in as it came out: all already there. */
    g_auto(Run) run = { 0, };
    const char *args[] = { "--import", out, NULL };

    run_kindred (fixture, &run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "0 entries added, 10 already in your journal, 0 set aside.\n");
  }
}

static void
test_sync_not_set_up (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *jrnl = sample ("jrnl-sample.json");
  const char *sync[] = { "--sync", NULL };
  const char *import[] = { "--import", jrnl, NULL };

  if (!have_keyring ())
    return;

  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, sync);
    assert_one_line_error (&run, "no journal yet");
  }
  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, import);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, sync);
    assert_one_line_error (&run, "not set up");
  }
}

/* Passphrase journals: typed into a real terminal */

typedef struct
{
  int    status;
  GString *seen;   /* everything the terminal showed */
} TtyRun;

/* Runs kindred on a new pseudo-terminal, typing each of @answers after each
 * "Passphrase" prompt. */
static void
run_on_tty (Fixture            *fixture,
            TtyRun             *run,
            const char * const *args,
            const char         *prompt,
            const char * const *answers)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = NULL;
  guint answered = 0;
  int master;
  pid_t pid;

  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Made before the fork: the child only execs. */
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", fixture->home, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  run->seen = g_string_new (NULL);
  pid = forkpty (&master, NULL, NULL, NULL);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      execve (binary, (char **) argv->pdata, envp);
      _exit (127);
    }

  for (;;)
    {
      struct pollfd pfd = { master, POLLIN, 0 };
      char buffer[512];
      ssize_t n;

      /* No time limit of our own: the test's timeout is the limit. */
      if (poll (&pfd, 1, -1) < 0 && errno == EINTR)
        continue;
      n = read (master, buffer, sizeof buffer);
      if (n <= 0)
        break;   /* EIO: the child closed the terminal */
      g_string_append_len (run->seen, buffer, n);

      /* One answer per prompt seen so far. */
      {
        guint prompts = 0;
        const char *p = run->seen->str;

        while ((p = strstr (p, prompt)) != NULL)
          prompts++, p++;
        while (answered < prompts && answers[answered] != NULL)
          {
            g_assert_cmpint (write (master, answers[answered], strlen (answers[answered])), >, 0);
            g_assert_cmpint (write (master, "\n", 1), ==, 1);
            answered++;
          }
      }
    }

  close (master);
  g_assert_cmpint (waitpid (pid, &run->status, 0), ==, pid);
  g_test_message ("terminal: %s", run->seen->str);
}

static void
make_passphrase_journal (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fixture->home, "kindred", NULL);
  g_autoptr(KindredJournal) journal = kindred_journal_new (dir);

  g_assert_true (kindred_journal_create_passphrase (journal, PASSPHRASE, NULL, &error));
  g_assert_no_error (error);
  kindred_journal_lock (journal);
  g_assert_cmpint (kindred_journal_get_state (journal), ==, KINDRED_JOURNAL_STATE_PASSPHRASE);
}

static void
test_passphrase (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *jrnl = sample ("jrnl-sample.json");
  const char *args[] = { "--import", jrnl, NULL };
  const char *right[] = { PASSPHRASE, NULL };
  const char *wrong_then_right[] = { "not it at all", PASSPHRASE, NULL };
  const char *all_wrong[] = { "wrong one", "wrong two", "wrong three", NULL };

  make_passphrase_journal (fixture);

  {
    TtyRun run = { 0, };

    run_on_tty (fixture, &run, args, JOURNAL_PROMPT, right);
    g_assert_true (WIFEXITED (run.status));
    g_assert_cmpint (WEXITSTATUS (run.status), ==, 0);
    g_assert_nonnull (strstr (run.seen->str, "3 entries added"));
    /* Typed without echo. */
    g_assert_null (strstr (run.seen->str, PASSPHRASE));
    g_string_free (run.seen, TRUE);
  }
  {
    TtyRun run = { 0, };

    run_on_tty (fixture, &run, args, JOURNAL_PROMPT, wrong_then_right);
    g_assert_cmpint (WEXITSTATUS (run.status), ==, 0);
    g_assert_nonnull (strstr (run.seen->str, "did not open the journal"));
    g_assert_nonnull (strstr (run.seen->str, "0 entries added, 3 already"));
    g_assert_null (strstr (run.seen->str, "not it at all"));
    g_string_free (run.seen, TRUE);
  }
  {
    TtyRun run = { 0, };

    run_on_tty (fixture, &run, args, JOURNAL_PROMPT, all_wrong);
    g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
    g_assert_nonnull (strstr (run.seen->str, "kindred: "));
    g_string_free (run.seen, TRUE);
  }
  {
    /* No terminal at all: a clear message, no hanging. */
    g_auto(Run) run = { 0, };

    run_kindred (fixture, &run, args);
    assert_one_line_error (&run, "terminal");
  }
}

/* Two data folders on one machine, one sync folder: kindred --sync on each
 * converges them.  Set up from this process as the preferences would. */
static void
set_up_sync (const char *home,
             const char *folder,
             gboolean    remember)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (home, "kindred", NULL);
  g_autoptr(KindredJournal) journal = kindred_journal_new (dir);
  g_autoptr(KindredSync) sync = NULL;

  g_assert_true (kindred_journal_open_keyring (journal, NULL, &error));
  g_assert_no_error (error);
  sync = kindred_sync_new (kindred_journal_get_store (journal));
  g_assert_true (kindred_sync_set_up (sync, folder, SYNC_PASSPHRASE, remember, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&sync);
  kindred_journal_lock (journal);
}

static guint
count_entries (Fixture *fixture)
{
  g_auto(Run) run = { 0, };
  g_autofree char *out = g_build_filename (fixture->home, "count.json", NULL);
  const char *args[] = { "--export", out, NULL };
  guint n = 0;

  run_kindred (fixture, &run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (sscanf (run.out, "%u entr", &n), ==, 1);
  g_unlink (out);
  return n;
}

static void
sync_once (Fixture *fixture)
{
  g_auto(Run) run = { 0, };
  const char *args[] = { "--sync", NULL };

  run_kindred (fixture, &run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_sync_two_devices (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *jrnl = sample ("jrnl-sample.json");
  g_autofree char *daylio = sample ("daylio-old.csv");
  Fixture other = { 0, };
  Fixture third = { 0, };

  if (!have_keyring ())
    return;

  fixture_set_up (&other, NULL);
  fixture_set_up (&third, NULL);
  folder = g_build_filename (fixture->home, "sync-folder", NULL);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  {
    g_auto(Run) a = { 0, };
    g_auto(Run) b = { 0, };
    g_auto(Run) c = { 0, };
    const char *import_a[] = { "--import", jrnl, NULL };
    const char *import_b[] = { "--import", daylio, NULL };

    run_kindred (fixture, &a, import_a);
    g_assert_cmpint (a.status, ==, 0);
    run_kindred (&other, &b, import_b);
    g_assert_cmpint (b.status, ==, 0);
    run_kindred (&third, &c, import_b);
    g_assert_cmpint (c.status, ==, 0);
  }
  set_up_sync (fixture->home, folder, TRUE);
  set_up_sync (other.home, folder, TRUE);
  /* The third keeps its sync passphrase out of the keyring: asked for. */
  set_up_sync (third.home, folder, FALSE);

  sync_once (fixture);
  sync_once (&other);
  sync_once (fixture);
  g_assert_cmpuint (count_entries (fixture), ==, 6);
  g_assert_cmpuint (count_entries (&other), ==, 6);

  {
    TtyRun run = { 0, };
    const char *args[] = { "--sync", NULL };
    const char *answers[] = { SYNC_PASSPHRASE, NULL };

    run_on_tty (&third, &run, args, SYNC_PROMPT, answers);
    g_assert_cmpint (WEXITSTATUS (run.status), ==, 0);
    g_assert_null (strstr (run.seen->str, SYNC_PASSPHRASE));
    g_string_free (run.seen, TRUE);
  }
  /* The daylio rows were the same on both: recognised, not doubled. */
  g_assert_cmpuint (count_entries (&third), ==, 6);

  fixture_tear_down (&other, NULL);
  fixture_tear_down (&third, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  binary = g_getenv ("KINDRED_BINARY");
  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("KINDRED_BINARY must name the built app/kindred\n");
      return 1;
    }
  /* The passphrase journal made here and opened by the child: cheap Argon2id. */
  g_setenv ("KINDRED_TEST_CHEAP_KDF", "1", TRUE);

  g_test_add ("/cli/version", Fixture, NULL, fixture_set_up, test_version, fixture_tear_down);
  g_test_add ("/cli/help", Fixture, NULL, fixture_set_up, test_help, fixture_tear_down);
  g_test_add ("/cli/bad-usage", Fixture, NULL, fixture_set_up, test_bad_usage, fixture_tear_down);
  g_test_add ("/cli/export/no-journal", Fixture, NULL, fixture_set_up,
              test_export_without_journal, fixture_tear_down);
  g_test_add ("/cli/import-export/keyring", Fixture, NULL, fixture_set_up, test_import_export,
              fixture_tear_down);
  g_test_add ("/cli/import/passphrase", Fixture, NULL, fixture_set_up, test_passphrase,
              fixture_tear_down);
  g_test_add ("/cli/sync/not-set-up", Fixture, NULL, fixture_set_up, test_sync_not_set_up,
              fixture_tear_down);
  g_test_add ("/cli/sync/two-devices", Fixture, NULL, fixture_set_up, test_sync_two_devices,
              fixture_tear_down);

  return g_test_run ();
}

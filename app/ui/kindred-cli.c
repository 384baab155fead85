/* kindred-cli.c: --import, --export and --sync, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These run from GApplication's handle-local-options, before the application
 * registers or GTK starts: no window, no display needed, and an instance already
 * running is not disturbed (SQLite's locking keeps the two writers apart).
 * Everything they print is one line per fact, so scripts can read it; errors go
 * to stderr as "kindred: <sentence>" and the exit status is 1.
 */

#define G_LOG_DOMAIN "kindred-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kindred-cli.h"
#include "kindred-core.h"

#define MAX_PASSPHRASE    1024
#define PASSPHRASE_TRIES  3

static const GOptionEntry options[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "new-entry", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the editor for a new entry"), NULL },
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the entries of FILE (Kindred JSON, jrnl JSON or Daylio CSV) and exit"),
    N_("FILE") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import: the file’s format, kindred-json, jrnl-json or daylio-csv "
       "(found out from the file when not given); with --export: kindred-json or "
       "markdown (a folder, one file per month)"),
    N_("FORMAT") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the whole journal to FILE as plain JSON, not encrypted, and exit"),
    N_("FILE") },
  { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sync once with your other devices through the sync folder and exit"), NULL },
  { NULL }
};

const GOptionEntry *
kindred_cli_get_options (void)
{
  return options;
}

static int
fail (const char *message)
{
  g_printerr ("kindred: %s\n", message);
  return 1;
}

/* The terminal */

static int tty_fd = -1;
static struct termios tty_saved;

static void
restore_tty_on_signal (int signum)
{
  /* Only async-signal-safe calls: the terminal must not stay without echo. */
  if (tty_fd >= 0)
    tcsetattr (tty_fd, TCSAFLUSH, &tty_saved);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* (transfer full) (nullable): free with kindred_secret_free(). */
static char *
read_passphrase (const char  *prompt,
                 GError     **error)
{
  struct termios quiet;
  struct sigaction action = { 0, }, old_int, old_term;
  char *buffer;
  gsize len = 0;
  gboolean done = FALSE;

  tty_fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty_fd < 0 || tcgetattr (tty_fd, &tty_saved) != 0)
    {
      if (tty_fd >= 0)
        close (tty_fd);
      tty_fd = -1;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This journal is protected by a passphrase. Run the command in a "
                     "terminal to type it."));
      return NULL;
    }

  action.sa_handler = restore_tty_on_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);

  /* Echo off before the prompt shows: whatever is typed after it is never seen. */
  quiet = tty_saved;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHOE | ECHOK);
  if (tcsetattr (tty_fd, TCSAFLUSH, &quiet) != 0 ||
      write (tty_fd, prompt, strlen (prompt)) < 0)
    {
      tcsetattr (tty_fd, TCSAFLUSH, &tty_saved);
      close (tty_fd);
      tty_fd = -1;
      sigaction (SIGINT, &old_int, NULL);
      sigaction (SIGTERM, &old_term, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The terminal could not be used."));
      return NULL;
    }

  buffer = g_malloc0 (MAX_PASSPHRASE + 1);
  while (!done)
    {
      char c;
      ssize_t n = read (tty_fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || c == '\n' || c == '\r')
        done = TRUE;
      else if (len < MAX_PASSPHRASE)
        buffer[len++] = c;
    }

  tcsetattr (tty_fd, TCSAFLUSH, &tty_saved);
  if (write (tty_fd, "\n", 1) < 0)
    { /* the newline is cosmetic */ }
  close (tty_fd);
  tty_fd = -1;
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);

  return buffer;
}

/* read_passphrase()'s own errors are sentences already. */
static gboolean
passphrase_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* Progress on stderr, on one line that rewrites itself, only for a person. */

typedef struct
{
  const char *what;
  gboolean    shown;
} Progress;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (!isatty (STDERR_FILENO) || total == 0)
    return;

  /* Translators: progress on the terminal, "Importing… 42%" */
  g_printerr ("\r%s %u%%", progress->what, (guint) ((guint64) done * 100 / total));
  progress->shown = TRUE;
}

static void
progress_end (Progress *progress)
{
  if (progress->shown)
    g_printerr ("\n");
  progress->shown = FALSE;
}

/* The journal */

static KindredJournal *
open_journal (gboolean   create,
              GError   **error)
{
  g_autoptr(KindredJournal) journal = kindred_journal_new (NULL);

  switch (kindred_journal_get_state (journal))
    {
    case KINDRED_JOURNAL_STATE_NEW:
      if (!create)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("There is no journal yet. Open Kindred once to start one."));
          return NULL;
        }
      G_GNUC_FALLTHROUGH;
    case KINDRED_JOURNAL_STATE_KEYRING:
    case KINDRED_JOURNAL_STATE_UNKNOWN:
      if (!kindred_journal_open_keyring (journal, NULL, error))
        return NULL;
      break;

    case KINDRED_JOURNAL_STATE_PASSPHRASE:
      for (guint attempt = 1; ; attempt++)
        {
          g_autoptr(GError) local_error = NULL;
          char *passphrase = read_passphrase (_("Passphrase of your journal: "), error);
          gboolean ok;

          if (passphrase == NULL)
            return NULL;
          ok = kindred_journal_unlock_passphrase (journal, passphrase, NULL, &local_error);
          kindred_secret_free (passphrase);
          if (ok)
            break;
          if (!g_error_matches (local_error, KINDRED_KEYS_ERROR,
                                KINDRED_KEYS_ERROR_WRONG_PASSPHRASE) ||
              attempt == PASSPHRASE_TRIES)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_printerr ("%s\n", _("That passphrase did not open the journal. Try again."));
        }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&journal);
}

/* --export */

static int
run_export (const char    *path,
            KindredFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredJournal) journal = NULL;
  g_autofree char *display = g_filename_display_name (path);
  Progress progress = { _("Exporting…"), FALSE };
  guint n = 0;
  gboolean ok;

  journal = open_journal (FALSE, &error);
  if (journal == NULL)
    return fail (error->message);

  if (format == KINDRED_FORMAT_MARKDOWN)
    ok = kindred_export_markdown (kindred_journal_get_store (journal), path, NULL, progress_cb,
                                  &progress, &n, &error);
  else
    ok = kindred_export_json (kindred_journal_get_store (journal), path, NULL, progress_cb,
                              &progress, &n, &error);
  progress_end (&progress);
  kindred_journal_lock (journal);

  if (!ok)
    return fail (error->message);

  g_print (ngettext ("%u entry written to %s.\n", "%u entries written to %s.\n", n), n, display);
  g_printerr ("%s\n", kindred_formats_get_unencrypted_warning ());
  return 0;
}

/* --import */

static int
run_import (const char    *path,
            KindredFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredJournal) journal = NULL;
  g_autoptr(KindredImporter) importer = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) moods = NULL;
  Progress progress = { _("Importing…"), FALSE };
  GPtrArray *rejected;
  gboolean ok;

  /* The file first: a bad file is reported before anything asks for a passphrase. */
  if (format == KINDRED_FORMAT_AUTO)
    {
      format = kindred_format_detect (path, &error);
      if (format == KINDRED_FORMAT_AUTO)
        return fail (error->message);
    }

  journal = open_journal (TRUE, &error);
  if (journal == NULL)
    return fail (error->message);

  importer = kindred_importer_new (kindred_journal_get_store (journal), path, format);
  ok = kindred_importer_prepare (importer, NULL, &error);

  /* Daylio: the proposed mapping, said out loud for moods Kindred had to guess. */
  moods = ok ? kindred_importer_dup_mood_names (importer) : NULL;
  for (guint i = 0; moods != NULL && moods[i] != NULL; i++)
    if (!kindred_importer_is_mood_standard (importer, moods[i]))
      g_print (_("The mood “%s” is taken as %d of 5.\n"), moods[i],
               kindred_importer_get_mood_mapping (importer, moods[i]));

  if (ok)
    ok = kindred_importer_run (importer, NULL, progress_cb, &progress, &error);
  progress_end (&progress);
  kindred_journal_lock (journal);

  rejected = kindred_importer_get_rejected (importer);
  for (guint i = 0; i < rejected->len; i++)
    /* Translators: one record that could not be imported, and why */
    g_print (_("Set aside: %s\n"), (const char *) g_ptr_array_index (rejected, i));

  if (!ok)
    return fail (error->message);

  summary = kindred_importer_dup_summary (importer);
  g_print ("%s.\n", summary);

  /* All already there is a success: the journal holds the file.  Records set
   * aside and none added means nothing of what was new could be imported. */
  if (kindred_importer_get_n_added (importer) == 0 && kindred_importer_get_n_rejected (importer) > 0)
    return fail (_("Nothing could be imported."));

  return 0;
}

/* --sync */

static void
sync_progress_cb (KindredSync *sync,
                  double       fraction,
                  gpointer     user_data)
{
  progress_cb ((guint) (CLAMP (fraction, 0.0, 1.0) * 1000), 1000, user_data);
}

static int
run_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KindredJournal) journal = NULL;
  g_autoptr(KindredSync) sync = NULL;
  g_autoptr(KindredSyncResult) result = NULL;
  g_autofree char *summary = NULL;
  Progress progress = { _("Syncing…"), FALSE };
  guint refused;

  journal = open_journal (FALSE, &error);
  if (journal == NULL)
    return fail (error->message);

  sync = kindred_sync_new (kindred_journal_get_store (journal));
  if (!kindred_sync_get_enabled (sync))
    {
      g_clear_object (&sync);
      kindred_journal_lock (journal);
      return fail (_("Sync is not set up for this journal. Set it up in Kindred’s "
                     "preferences first."));
    }

  g_signal_connect (sync, "progress", G_CALLBACK (sync_progress_cb), &progress);
  result = kindred_sync_run (sync, NULL, &error);

  /* Not in the keyring: asked for on the terminal, kept for this run only. */
  if (result == NULL &&
      g_error_matches (error, KINDRED_SYNC_ERROR, KINDRED_SYNC_ERROR_NEEDS_PASSPHRASE))
    {
      char *passphrase;
      gboolean ok;

      g_clear_error (&error);
      passphrase = read_passphrase (_("Sync passphrase: "), &error);
      ok = passphrase != NULL &&
           kindred_sync_set_passphrase (sync, passphrase, FALSE, &error);
      kindred_secret_free (passphrase);
      if (ok)
        result = kindred_sync_run (sync, NULL, &error);
    }
  progress_end (&progress);

  if (result == NULL)
    {
      g_autofree char *message = error->domain == G_IO_ERROR && passphrase_error (error)
                                 ? g_strdup (error->message)
                                 : kindred_sync_describe_error (error);

      g_clear_object (&sync);
      kindred_journal_lock (journal);
      return fail (message);
    }

  for (guint i = 0; i < kindred_sync_result_get_n_files (result); i++)
    {
      g_autofree char *message = kindred_sync_result_dup_file_message (result, i);

      if (message != NULL)
        g_print ("%s\n", message);
    }
  summary = kindred_sync_result_dup_summary (result);
  g_print ("%s\n", summary);

  refused = kindred_sync_result_get_files_refused (result);
  g_clear_object (&sync);
  kindred_journal_lock (journal);

  if (refused > 0)
    {
      g_autofree char *message =
        g_strdup_printf (ngettext ("%u file in the sync folder could not be read.",
                                   "%u files in the sync folder could not be read.", refused),
                         refused);

      return fail (message);
    }

  return 0;
}

int
kindred_cli_run (GVariantDict *dict)
{
  g_autofree char *import_path = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *format_name = NULL;
  KindredFormat format = KINDRED_FORMAT_AUTO;
  gboolean sync = g_variant_dict_contains (dict, "sync");
  guint n_commands;

  g_variant_dict_lookup (dict, "import", "^ay", &import_path);
  g_variant_dict_lookup (dict, "export", "^ay", &export_path);
  g_variant_dict_lookup (dict, "format", "s", &format_name);

  n_commands = (import_path != NULL) + (export_path != NULL) + (sync ? 1 : 0);
  if (n_commands == 0)
    {
      if (format_name != NULL)
        return fail (_("--format goes with --import or --export."));
      return -1;
    }
  if (n_commands > 1)
    return fail (_("Give one of --import, --export and --sync at a time."));

  if (format_name != NULL)
    {
      if (!kindred_format_from_string (format_name, &format) ||
          (import_path != NULL && format == KINDRED_FORMAT_MARKDOWN) ||
          (export_path != NULL && format != KINDRED_FORMAT_KINDRED_JSON &&
           format != KINDRED_FORMAT_MARKDOWN) ||
          sync)
        {
          g_autofree char *message =
            g_strdup_printf (import_path != NULL
                             ? _("“%s” is not a format Kindred imports: use kindred-json, "
                                 "jrnl-json or daylio-csv.")
                             : _("“%s” is not a format Kindred exports: use kindred-json or "
                                 "markdown."),
                             format_name);

          return fail (message);
        }
    }

  if (import_path != NULL)
    return run_import (import_path, format);
  if (export_path != NULL)
    return run_export (export_path, format == KINDRED_FORMAT_AUTO ? KINDRED_FORMAT_KINDRED_JSON
                                                                  : format);
  return run_sync ();
}

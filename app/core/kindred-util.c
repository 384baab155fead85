/* kindred-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-util"

#include "config.h"

#include "kindred-util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

static gboolean
set_io_error_from_errno (GError     **error,
                         int          saved_errno,
                         const char  *path,
                         const char  *what)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s “%s”: %s", what, display, g_strerror (saved_errno));
  return FALSE;
}

gboolean
kindred_fsync_path (const char  *path,
                    GError     **error)
{
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_io_error_from_errno (error, errno, path, _("Could not open"));

  /* Some file systems refuse fsync on a folder (EINVAL): nothing more can be done
   * there, and the rename is still atomic. */
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved_errno = errno;

      close (fd);
      return set_io_error_from_errno (error, saved_errno, path, _("Could not save"));
    }

  close (fd);
  return TRUE;
}

gboolean
kindred_write_file_atomic (const char  *path,
                           const void  *data,
                           gsize        len,
                           int          mode,
                           GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  const guint8 *p = data;
  gsize left = len;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* A dot file in the same folder: rename() is only atomic within one file system,
   * and sync tools skip dot files that are still being written. */
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    return set_io_error_from_errno (error, errno, path, _("Could not save"));

  while (left > 0)
    {
      ssize_t n = write (fd, p, left);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          close (fd);
          g_unlink (tmpl);
          return set_io_error_from_errno (error, saved_errno, path, _("Could not save"));
        }

      p += n;
      left -= (gsize) n;
    }

  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmpl);
      return set_io_error_from_errno (error, saved_errno, path, _("Could not save"));
    }

  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmpl);
      return set_io_error_from_errno (error, saved_errno, path, _("Could not save"));
    }

  if (g_rename (tmpl, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmpl);
      return set_io_error_from_errno (error, saved_errno, path, _("Could not save"));
    }

  /* The rename itself is only durable once the folder is synced. */
  return kindred_fsync_path (dir, error);
}

void
kindred_main_context_dispatch (GMainContext   *context,
                               GThread        *home,
                               GSourceFunc     func,
                               gpointer        data,
                               GDestroyNotify  notify)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (func != NULL);

  if (context == NULL)
    context = g_main_context_default ();

  if (g_thread_self () == home || g_main_context_is_owner (context))
    {
      func (data);
      if (notify != NULL)
        notify (data);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[kindred] dispatch");
  g_source_attach (source, context);
}

/* JSON written by hand (exports and sync files: tens of megabytes, where building
 * a JsonNode tree first would double the memory) */

void
kindred_json_append_string (GString    *out,
                            const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  /* A byte sequence that is not UTF-8 would make the whole file unreadable on the
   * other side; the person's words are kept as close as they can be. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0';)
    {
      const char *run = p;

      /* Most of a text needs no escape: copy it in runs. */
      while ((guchar) *p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (*p == '\0')
        break;

      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", (guchar) *p);
        }
      p++;
    }
  g_string_append_c (out, '"');

  if (valid != NULL)
    sodium_memzero (valid, strlen (valid));
}

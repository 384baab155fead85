/* kindred-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-application"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "kindred-application.h"
#include "kindred-bench-hooks.h"
#include "kindred-cli.h"
#include "kindred-resources.h"
#include "kindred-window.h"

struct _KindredApplication
{
  AdwApplication  parent_instance;

  KindredJournal *journal;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KindredApplication, kindred_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (KindredApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
color_scheme_changed_cb (KindredApplication *self)
{
  apply_color_scheme (self);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KindredApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows first lets them save their state */
  for (GList *l = g_list_copy (windows), *next; l != NULL; l = next)
    {
      next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      g_list_free_1 (l);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KindredApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Kindred contributors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", "Kindred",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Kindred contributors"),
                        "developers", developers,
                        "website", "https://github.com/kindredapp/kindred",
                        "issue-url", "https://github.com/kindredapp/kindred/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© The Kindred contributors"),
                        "comments",
                        _("A private, encrypted journal for your moods and thoughts, "
                          "kept on your own computer.\n\n"
                          "Kindred is not a substitute for professional care or emergency "
                          "help. If you are in danger, please contact your local emergency "
                          "number or a crisis line."),
                        NULL);
  /* Translators: your names, one per line */
  if (g_strcmp0 (_("translator-credits"), "translator-credits") != 0)
    adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about),
                                             _("translator-credits"));
  gtk_window_present (GTK_WINDOW (about));
}

static void
crisis_help_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KindredApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!KINDRED_IS_WINDOW (window))
    return;

  /* The resources directory (a later issue) fills this view */
  kindred_window_show_help (KINDRED_WINDOW (window));
  gtk_window_present (window);
}

static gboolean
new_entry_idle_cb (gpointer data)
{
  gtk_widget_activate_action (GTK_WIDGET (data), "win.new-entry", NULL);
  return G_SOURCE_REMOVE;
}

/* The journal opens (or waits for its passphrase) after the window appears: the
 * editor comes once the main page does. */
static void
new_entry_page_cb (KindredWindow *window,
                   GParamSpec    *pspec,
                   gpointer       user_data)
{
  if (g_strcmp0 (kindred_window_get_page (window), KINDRED_WINDOW_PAGE_MAIN) != 0)
    return;

  g_signal_handlers_disconnect_by_func (window, new_entry_page_cb, user_data);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, new_entry_idle_cb, g_object_ref (window),
                   g_object_unref);
}

/* kindred --new-entry, also sent to an instance already running. */
static void
new_entry_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KindredApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!KINDRED_IS_WINDOW (window))
    return;

  g_signal_handlers_disconnect_by_func (window, new_entry_page_cb, NULL);
  g_signal_connect (window, "notify::page", G_CALLBACK (new_entry_page_cb), NULL);
  new_entry_page_cb (KINDRED_WINDOW (window), NULL, NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "crisis-help", crisis_help_action },
  { "new-entry", new_entry_action },
};

static int
kindred_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("kindred %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* --import, --export, --sync: headless, before any registration or window */
  status = kindred_cli_run (options);
  if (status >= 0)
    return status;

  if (g_variant_dict_contains (options, "new-entry"))
    {
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("kindred: %s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (application), "new-entry", NULL);
      /* Another instance runs: it got the action, this one is done */
      if (g_application_get_is_remote (application))
        return 0;
    }

  return -1;
}

static void
kindred_application_startup (GApplication *application)
{
  KindredApplication *self = KINDRED_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *new_entry_accels[] = { "<Control>n", NULL };
  static const char *lock_accels[] = { "<Control>l", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (kindred_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.crisis-help",
                                         help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-entry",
                                         new_entry_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.lock", lock_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.preferences",
                                         preferences_accels);
  /* win.show-help-overlay gets Ctrl+? from GtkApplication itself, which loads
   * gtk/help-overlay.ui from the resource base path */

  /* Run uninstalled from a build folder there may be no schema: keep the defaults */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      g_signal_connect_object (self->settings, "changed::color-scheme",
                               G_CALLBACK (color_scheme_changed_cb), self,
                               G_CONNECT_SWAPPED);
      apply_color_scheme (self);
    }

  /* Only now: tests and the Flatpak set the data folder before this point */
  self->journal = kindred_journal_new (NULL);
}

static void
kindred_application_activate (GApplication *application)
{
  KindredApplication *self = KINDRED_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (kindred_window_new (GTK_APPLICATION (self), self->journal));
      /* Does nothing unless the bench asked for it (KINDRED_BENCH_FIRST_FRAME) */
      kindred_bench_hooks_install (window);
    }

  gtk_window_present (window);
}

static void
kindred_application_shutdown (GApplication *application)
{
  KindredApplication *self = KINDRED_APPLICATION (application);

  /* Close the database and wipe the key before the process ends */
  if (self->journal != NULL)
    kindred_journal_lock (self->journal);

  G_APPLICATION_CLASS (kindred_application_parent_class)->shutdown (application);
}

static void
kindred_application_dispose (GObject *object)
{
  KindredApplication *self = KINDRED_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (kindred_application_parent_class)->dispose (object);
}

static void
kindred_application_class_init (KindredApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kindred_application_dispose;
  app_class->handle_local_options = kindred_application_handle_local_options;
  app_class->startup = kindred_application_startup;
  app_class->activate = kindred_application_activate;
  app_class->shutdown = kindred_application_shutdown;

  kindred_ui_register_resources ();
}

static void
kindred_application_init (KindredApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), kindred_cli_get_options ());
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A private, encrypted journal for your moods "
                                              "and thoughts."));
}

KindredApplication *
kindred_application_new (void)
{
  /* Before any string is translated; the core shares the same domain */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return g_object_new (KINDRED_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/kindredapp/Kindred",
                       /* For GtkApplication:screensaver-active: the journal locks when
                        * the desktop session does */
                       "register-session", TRUE,
                       NULL);
}

KindredJournal *
kindred_application_get_journal (KindredApplication *self)
{
  g_return_val_if_fail (KINDRED_IS_APPLICATION (self), NULL);

  return self->journal;
}

void
kindred_ui_register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      kindred_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

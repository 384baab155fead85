/* kindred-directory-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-directory-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-directory-row.h"

struct _KindredDirectoryRow
{
  GtkWidget              parent_instance;

  KindredDirectoryEntry *entry;
  GPtrArray             *copy_buttons;   /* (element-type GtkButton), one per phone */
};

G_DEFINE_FINAL_TYPE (KindredDirectoryRow, kindred_directory_row, GTK_TYPE_WIDGET)

/* Helpers */

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
new_detail (const char *icon_name,
            const char *text,
            const char *accessible_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = new_label (text, NULL);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static const char *
cost_text (KindredDirectoryEntry *entry)
{
  const char *cost = kindred_directory_entry_get_cost (entry);

  if (g_strcmp0 (cost, "free") == 0)
    return _("Free to call");
  if (g_strcmp0 (cost, "standard-rate") == 0)
    return _("Standard call rate");
  if (g_strcmp0 (cost, "varies") == 0)
    return _("The cost depends on how you call");

  return NULL;
}

static const struct
{
  const char *tag;
  const char *name;
} language_names[] = {
  { "de", N_("German") },
  { "en", N_("English") },
  { "es", N_("Spanish") },
  { "fi", N_("Finnish") },
  { "fr", N_("French") },
  { "is", N_("Icelandic") },
  { "it", N_("Italian") },
  { "ja", N_("Japanese") },
  { "ko", N_("Korean") },
  { "nb", N_("Norwegian") },
  { "nl", N_("Dutch") },
  { "pt", N_("Portuguese") },
  { "ru", N_("Russian") },
  { "sv", N_("Swedish") },
  { "uk", N_("Ukrainian") },
};

/* The name of a BCP 47 tag; a tag without a known name is shown as written */
static const char *
language_name (const char *tag)
{
  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_ascii_strcasecmp (language_names[i].tag, tag) == 0)
      return _(language_names[i].name);

  return tag;
}

static char *
languages_text (KindredDirectoryEntry *entry)
{
  const char * const *languages = kindred_directory_entry_get_languages (entry);
  g_autoptr(GString) text = NULL;

  if (languages == NULL || languages[0] == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, language_name (languages[i]));
    }

  /* Translators: %s is a list of languages such as "English, Spanish" */
  return g_strdup_printf (_("Languages: %s"), text->str);
}

static void
add_phones (KindredDirectoryRow *self,
            GtkBox              *box)
{
  guint n = kindred_directory_entry_get_n_phones (self->entry);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *phone = kindred_phone_box_new (kindred_directory_entry_get_phone_number (self->entry, i),
                                                kindred_directory_entry_get_phone_label (self->entry, i));

      g_ptr_array_add (self->copy_buttons, g_object_get_data (G_OBJECT (phone), "copy-button"));
      gtk_box_append (box, phone);
    }
}

static void
add_text_and_chat (KindredDirectoryRow *self,
                   GtkBox              *box)
{
  const char *number = kindred_directory_entry_get_text_number (self->entry);
  const char *keyword = kindred_directory_entry_get_text_keyword (self->entry);
  const char *details = kindred_directory_entry_get_text_details (self->entry);
  const char *chat = kindred_directory_entry_get_chat_url (self->entry);

  if (details != NULL)
    gtk_box_append (box, new_detail ("mail-unread-symbolic", details, _("Text message")));
  else if (number != NULL && keyword != NULL)
    {
      /* Translators: a text message: "Text SHOUT to 85258" */
      g_autofree char *text = g_strdup_printf (_("Text %s to %s"), keyword, number);

      gtk_box_append (box, new_detail ("mail-unread-symbolic", text, _("Text message")));
    }
  else if (number != NULL)
    {
      /* Translators: %s is a number to send a text message (SMS) to */
      g_autofree char *text = g_strdup_printf (_("Text %s"), number);

      gtk_box_append (box, new_detail ("mail-unread-symbolic", text, _("Text message")));
    }

  if (chat != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Chat online"));

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "directory.open-uri");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (chat));
      gtk_widget_set_tooltip_text (button, chat);
      gtk_box_append (box, button);
    }
}

static void
add_website_button (GtkBox     *box,
                    const char *website)
{
  GtkWidget *button = gtk_button_new_with_label (_("Open website"));

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "directory.open-uri");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (website));
  gtk_widget_set_tooltip_text (button, website);
  gtk_box_append (box, button);
}

static void
build (KindredDirectoryRow *self,
       gboolean             compact)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *organisation = kindred_directory_entry_get_organisation (self->entry);
  const char *service = kindred_directory_entry_get_service (self->entry);
  const char *hours = kindred_directory_entry_get_hours (self->entry);
  GtkWidget *title;

  gtk_widget_set_parent (box, GTK_WIDGET (self));
  gtk_widget_add_css_class (box, "directory-card");

  title = new_label (organisation, "heading");
  gtk_box_append (GTK_BOX (box), title);
  if (service != NULL && g_strcmp0 (service, organisation) != 0)
    gtk_box_append (GTK_BOX (box), new_label (service, "dim-label"));

  if (!compact && kindred_directory_entry_get_description (self->entry) != NULL)
    gtk_box_append (GTK_BOX (box), new_label (kindred_directory_entry_get_description (self->entry),
                                              NULL));

  add_phones (self, GTK_BOX (box));
  add_text_and_chat (self, GTK_BOX (box));

  if (hours != NULL)
    gtk_box_append (GTK_BOX (box), new_detail ("preferences-system-time-symbolic", hours, _("Hours")));

  /* A service reached only through its website (the international helpline finder)
   * needs its button even on the short card */
  if (compact && kindred_directory_entry_get_n_phones (self->entry) == 0 &&
      kindred_directory_entry_get_text_number (self->entry) == NULL &&
      kindred_directory_entry_get_chat_url (self->entry) == NULL &&
      kindred_directory_entry_get_website (self->entry) != NULL)
    add_website_button (GTK_BOX (box), kindred_directory_entry_get_website (self->entry));

  if (!compact)
    {
      const char *website = kindred_directory_entry_get_website (self->entry);
      const char *cost = cost_text (self->entry);
      const char *cost_note = kindred_directory_entry_get_cost_note (self->entry);
      const char * const *kinds = kindred_directory_entry_get_kinds (self->entry);
      g_autofree char *languages = languages_text (self->entry);
      g_autoptr(GString) kind_text = g_string_new (NULL);
      g_autofree char *source = NULL;
      GtkWidget *small;

      if (cost != NULL || cost_note != NULL)
        {
          g_autofree char *text = NULL;

          if (cost != NULL && cost_note != NULL)
            text = g_strdup_printf ("%s. %s", cost, cost_note);
          else
            text = g_strdup (cost != NULL ? cost : cost_note);
          gtk_box_append (GTK_BOX (box), new_detail ("call-start-symbolic", text, _("Cost")));
        }
      if (languages != NULL)
        gtk_box_append (GTK_BOX (box),
                        new_detail ("preferences-desktop-locale-symbolic", languages, _("Languages")));

      for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
        {
          if (kind_text->len > 0)
            g_string_append (kind_text, " · ");
          g_string_append (kind_text, kindred_directory_kind_get_label (kinds[i]));
        }
      if (kind_text->len > 0)
        gtk_box_append (GTK_BOX (box), new_label (kind_text->str, "caption"));

      if (website != NULL)
        add_website_button (GTK_BOX (box), website);

      /* Translators: small print under a service: "Checked 2026-11-27 · Source: <link>" */
      source = g_markup_printf_escaped (_("Checked %s · Source: <a href=\"%s\">%s</a>"),
                                        kindred_directory_entry_get_checked (self->entry),
                                        kindred_directory_entry_get_source_url (self->entry),
                                        kindred_directory_entry_get_source_url (self->entry));
      small = new_label (NULL, "caption");
      gtk_widget_add_css_class (small, "dim-label");
      gtk_widget_add_css_class (small, "directory-source");
      gtk_label_set_markup (GTK_LABEL (small), source);
      gtk_label_set_wrap_mode (GTK_LABEL (small), PANGO_WRAP_CHAR);
      gtk_box_append (GTK_BOX (box), small);
    }
}

/* Actions */

static void
copy_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kindred_copy_number (widget, g_variant_get_string (parameter, NULL));
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kindred_open_uri (widget, g_variant_get_string (parameter, NULL));
}

/* GObject */

static void
kindred_directory_row_dispose (GObject *object)
{
  KindredDirectoryRow *self = KINDRED_DIRECTORY_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->copy_buttons, g_ptr_array_unref);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (kindred_directory_row_parent_class)->dispose (object);
}

static void
kindred_directory_row_class_init (KindredDirectoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_directory_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "directoryrow");
  kindred_install_directory_actions (widget_class);
}

static void
kindred_directory_row_init (KindredDirectoryRow *self)
{
  self->copy_buttons = g_ptr_array_new ();
}

/* Public API */

GtkWidget *
kindred_directory_row_new (KindredDirectoryEntry *entry,
                           gboolean               compact)
{
  KindredDirectoryRow *self;

  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ENTRY (entry), NULL);

  self = g_object_new (KINDRED_TYPE_DIRECTORY_ROW, NULL);
  self->entry = g_object_ref (entry);
  build (self, compact);

  return GTK_WIDGET (self);
}

KindredDirectoryEntry *
kindred_directory_row_get_entry (KindredDirectoryRow *self)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ROW (self), NULL);

  return self->entry;
}

GtkWidget *
kindred_directory_row_get_copy_button (KindredDirectoryRow *self,
                                       guint                i)
{
  g_return_val_if_fail (KINDRED_IS_DIRECTORY_ROW (self), NULL);

  return i < self->copy_buttons->len ? g_ptr_array_index (self->copy_buttons, i) : NULL;
}

void
kindred_install_directory_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "directory.copy-number", "s", copy_number_action);
  gtk_widget_class_install_action (widget_class, "directory.open-uri", "s", open_uri_action);
}

void
kindred_show_toast (GtkWidget  *widget,
                    const char *message)
{
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
kindred_copy_number (GtkWidget  *widget,
                     const char *number)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (number != NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), number);
  kindred_show_toast (widget, _("Number copied"));
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    g_message ("Could not open a link: %s", error->message);
}

void
kindred_open_uri (GtkWidget  *widget,
                  const char *uri)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  root = gtk_widget_get_root (widget);
  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME,
                     NULL, show_uri_cb, NULL);
}

GtkWidget *
kindred_phone_box_new (const char *number,
                       const char *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *number_label = new_label (number, "phone-number");
  GtkWidget *button = gtk_button_new_with_label (_("Copy number"));
  g_autofree char *accessible = NULL;

  /* Not selectable: a selectable label takes the first focus and shows selected,
   * and the button beside it copies the number */
  gtk_widget_add_css_class (box, "phone-box");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), number_label);
  if (label != NULL && *label != '\0')
    gtk_box_append (GTK_BOX (text), new_label (label, "caption"));
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "directory.copy-number");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (number));
  /* Translators: what a screen reader says for the button; %s is a phone number */
  accessible = g_strdup_printf (_("Copy number %s"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_box_append (GTK_BOX (box), button);
  g_object_set_data (G_OBJECT (box), "copy-button", button);

  return box;
}

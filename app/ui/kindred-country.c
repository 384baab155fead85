/* kindred-country.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-country"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kindred-core.h"
#include "kindred-country.h"

/* The directory's countries, so their names never depend on iso-codes being there */
static const struct
{
  const char *code;
  const char *name;
} known[] = {
  { "AT", N_("Austria") },
  { "AU", N_("Australia") },
  { "BE", N_("Belgium") },
  { "CA", N_("Canada") },
  { "CH", N_("Switzerland") },
  { "DE", N_("Germany") },
  { "FI", N_("Finland") },
  { "FR", N_("France") },
  { "GB", N_("United Kingdom") },
  { "HK", N_("Hong Kong") },
  { "IE", N_("Ireland") },
  { "IS", N_("Iceland") },
  { "JP", N_("Japan") },
  { "KR", N_("South Korea") },
  { "NL", N_("Netherlands") },
  { "NO", N_("Norway") },
  { "NZ", N_("New Zealand") },
  { "PH", N_("Philippines") },
  { "PT", N_("Portugal") },
  { "SG", N_("Singapore") },
  { "US", N_("United States") },
  /* Translators: the directory's entries that serve every country */
  { "INT", N_("International") },
};

#define ISO_CODES_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

/* code → name, from iso-codes, read once */
static GHashTable *
load_iso_codes (void)
{
  static GHashTable *names;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (json_parser_load_from_file (parser, ISO_CODES_JSON, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *root = json_node_get_object (json_parser_get_root (parser));
          JsonNode *node = json_object_get_member (root, "3166-1");
          JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
            {
              JsonNode *item = json_array_get_element (array, i);
              JsonObject *object;
              const char *code;
              const char *name;

              if (!JSON_NODE_HOLDS_OBJECT (item))
                continue;
              object = json_node_get_object (item);
              code = json_object_get_string_member_with_default (object, "alpha_2", NULL);
              name = json_object_get_string_member_with_default (object, "common_name", NULL);
              if (name == NULL)
                name = json_object_get_string_member_with_default (object, "name", NULL);
              if (code != NULL && name != NULL)
                g_hash_table_insert (names, g_strdup (code),
                                     g_strdup (g_dgettext ("iso_3166-1", name)));
            }
        }
      g_once_init_leave (&loaded, 1);
    }

  return names;
}

const char *
kindred_country_get_name (const char *code)
{
  const char *name;

  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (known[i].code, code))
      return _(known[i].name);

  name = g_hash_table_lookup (load_iso_codes (), code);

  return name != NULL ? name : code;
}

char *
kindred_country_dup_effective (GSettings *settings)
{
  g_autofree char *country = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), g_strdup (""));

  country = g_settings_get_string (settings, KINDRED_SETTINGS_COUNTRY);
  if (country != NULL && *country != '\0')
    return g_ascii_strup (country, -1);

  return kindred_directory_default_country ();
}

KindredDirectory *
kindred_country_get_default_directory (void)
{
  static KindredDirectory *directory;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *update_path = kindred_directory_get_default_update_path ();

      directory = kindred_directory_new (update_path, &error);
      if (directory == NULL)
        g_critical ("The bundled directory does not load: %s", error->message);
      g_once_init_leave (&loaded, 1);
    }

  return directory;
}

char *
kindred_country_dup_emergency_line (KindredDirectory *directory,
                                    const char       *country)
{
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GString) list = NULL;

  g_return_val_if_fail (KINDRED_IS_DIRECTORY (directory), NULL);

  if (country != NULL && *country != '\0')
    numbers = kindred_directory_dup_emergency_numbers (directory, country);

  if (numbers == NULL || numbers->len == 0)
    return g_strdup (_("If you are in immediate danger, call your local emergency number."));

  list = g_string_new (NULL);
  for (guint i = 0; i < numbers->len; i++)
    {
      KindredEmergencyNumber *number = g_ptr_array_index (numbers, i);

      if (i > 0)
        /* Translators: between emergency numbers: "112 (Police) or 113 (Ambulance)" */
        g_string_append (list, i + 1 == numbers->len ? _(" or ") : ", ");
      g_string_append (list, number->number);
      if (numbers->len > 1 && number->label != NULL)
        g_string_append_printf (list, " (%s)", number->label);
    }

  /* Translators: %s is one or more emergency numbers, e.g. "999" */
  return g_strdup_printf (_("If you are in immediate danger, call %s."), list->str);
}

typedef struct
{
  GtkDropDown *dropdown;
  GSettings   *settings;
  GPtrArray   *codes;
  gboolean     updating;
} Dropdown;

static void
dropdown_free (gpointer data)
{
  Dropdown *dropdown = data;

  g_signal_handlers_disconnect_by_data (dropdown->settings, dropdown);
  g_clear_object (&dropdown->settings);
  g_clear_pointer (&dropdown->codes, g_ptr_array_unref);
  g_free (dropdown);
}

static void
select_current (Dropdown *dropdown)
{
  g_autofree char *country = kindred_country_dup_effective (dropdown->settings);

  dropdown->updating = TRUE;
  for (guint i = 0; i < dropdown->codes->len; i++)
    if (g_str_equal (g_ptr_array_index (dropdown->codes, i), country))
      gtk_drop_down_set_selected (dropdown->dropdown, i);
  dropdown->updating = FALSE;
}

static void
dropdown_selected_cb (Dropdown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown->dropdown);

  if (dropdown->updating || selected >= dropdown->codes->len)
    return;

  g_settings_set_string (dropdown->settings, KINDRED_SETTINGS_COUNTRY,
                         g_ptr_array_index (dropdown->codes, selected));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (kindred_country_get_name (*(const char **) a),
                         kindred_country_get_name (*(const char **) b));
}

GtkWidget *
kindred_country_dropdown_new (KindredDirectory *directory,
                              GSettings        *settings)
{
  g_auto(GStrv) countries = NULL;
  g_autofree char *current = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  Dropdown *dropdown;
  GtkWidget *widget;

  g_return_val_if_fail (KINDRED_IS_DIRECTORY (directory), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  dropdown = g_new0 (Dropdown, 1);
  dropdown->settings = g_object_ref (settings);
  dropdown->codes = g_ptr_array_new_with_free_func (g_free);

  countries = kindred_directory_dup_countries (directory);
  for (guint i = 0; countries[i] != NULL; i++)
    g_ptr_array_add (dropdown->codes, g_strdup (countries[i]));
  /* The locale's country stays choosable even when Kindred has nothing for it yet */
  current = kindred_country_dup_effective (settings);
  if (*current != '\0' && !g_strv_contains ((const char * const *) countries, current))
    g_ptr_array_add (dropdown->codes, g_strdup (current));
  g_ptr_array_sort (dropdown->codes, compare_names);
  /* Nothing known: a first item that asks, rather than GTK's "(None)" */
  if (*current == '\0')
    g_ptr_array_insert (dropdown->codes, 0, g_strdup (""));

  for (guint i = 0; i < dropdown->codes->len; i++)
    {
      const char *code = g_ptr_array_index (dropdown->codes, i);

      gtk_string_list_append (names, *code != '\0' ? kindred_country_get_name (code)
                                                    : _("Choose your country"));
    }

  widget = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  dropdown->dropdown = GTK_DROP_DOWN (widget);
  gtk_drop_down_set_expression (dropdown->dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_enable_search (dropdown->dropdown, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Country"), -1);
  g_object_set_data_full (G_OBJECT (widget), "kindred-dropdown", dropdown, dropdown_free);

  /* No country known: nothing is selected until the person picks one */
  gtk_drop_down_set_selected (dropdown->dropdown, GTK_INVALID_LIST_POSITION);
  select_current (dropdown);
  g_signal_connect_swapped (widget, "notify::selected", G_CALLBACK (dropdown_selected_cb), dropdown);
  g_signal_connect_swapped (settings, "changed::" KINDRED_SETTINGS_COUNTRY,
                            G_CALLBACK (select_current), dropdown);

  return widget;
}

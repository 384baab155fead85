/* kindred-country.h: country names and the country the person chose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kindred-core.h"

G_BEGIN_DECLS

/* The GSettings schema and key that remember the country ("" = from the locale). */
#define KINDRED_SETTINGS_SCHEMA "io.github.kindredapp.Kindred"
#define KINDRED_SETTINGS_COUNTRY "country"

/* The translated name of an ISO 3166-1 code: from a table for the countries the
 * directory covers, else from iso-codes when installed, else the code itself.
 * "INT" is "International". (transfer none) */
const char *kindred_country_get_name      (const char *code);
/* The country in use: the "country" setting, or the locale's when that is empty.
 * (transfer full): "" when neither says. */
char       *kindred_country_dup_effective (GSettings  *settings);


/* The directory the app shares (bundled data, or the installed update), loaded on
 * first use. (transfer none) */
KindredDirectory *kindred_country_get_default_directory (void);
/* "If you are in immediate danger, call 999." with @country's emergency numbers,
 * or "…call your local emergency number." when the directory lists none.
 * (transfer full) */
char             *kindred_country_dup_emergency_line    (KindredDirectory *directory,
                                                         const char       *country);
/* A drop-down of the directory's countries (and @settings' current one) by name;
 * choosing one writes the "country" key, and a change of the key moves it. */
GtkWidget        *kindred_country_dropdown_new          (KindredDirectory *directory,
                                                         GSettings        *settings);

G_END_DECLS

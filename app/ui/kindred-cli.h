/* kindred-cli.h: the commands that run without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The command-line options of kindred (added by the application). */
const GOptionEntry *kindred_cli_get_options (void);

/* Runs the headless command in @options (--import, --export, --sync) and returns
 * the exit status; -1 when there is none and the application should start as
 * usual.  Invalid combinations return 1 with a one-line message on stderr. */
int                 kindred_cli_run         (GVariantDict *options);

G_END_DECLS

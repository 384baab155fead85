/* kindred-bench-hooks.h: what the benchmark needs to see from inside the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Does nothing unless KINDRED_BENCH_FIRST_FRAME is set (by build-aux/bench.sh,
 * through tests/bench/kindred-bench-app).  Then, on the first frame painted with
 * rows of the journal's list on screen, prints `first-frame-ms <ms>` (since the
 * launch time the variable holds, g_get_monotonic_time() µs of the launcher, or
 * since the process started when it holds no number), then the resident memory
 * once the window has settled, and with KINDRED_BENCH_SCROLL set scrolls the
 * list to its end a page at a time and prints the memory again; then quits. */
void kindred_bench_hooks_install (GtkWindow *window);

G_END_DECLS

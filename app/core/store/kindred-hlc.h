/* kindred-hlc.h: hybrid logical clock stamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A stamp is (milliseconds since the epoch << 16) | counter: it orders like wall
 * time, never goes backwards on one device, and moves past every stamp it has seen.
 * Ties between devices are broken by device id (sync's job). */
typedef guint64 KindredHlc;

#define KINDRED_HLC_PHYSICAL(hlc) ((gint64) ((hlc) >> 16))
#define KINDRED_HLC_COUNTER(hlc)  ((guint) ((hlc) & 0xffff))

/* The next stamp after @last, at wall time @now_ms. */
KindredHlc kindred_hlc_next    (KindredHlc last,
                                gint64     now_ms);
/* The next local stamp after @last that is also after @seen (a remote stamp). */
KindredHlc kindred_hlc_receive (KindredHlc last,
                                KindredHlc seen,
                                gint64     now_ms);

G_END_DECLS

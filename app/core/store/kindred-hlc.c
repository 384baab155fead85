/* kindred-hlc.c: hybrid logical clock stamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-hlc"

#include "config.h"

#include "store/kindred-hlc.h"

#define COUNTER_MAX 0xffff

static KindredHlc
make_stamp (gint64 physical,
            guint  counter)
{
  /* A counter that runs out (65,536 stamps in one millisecond) borrows the next
   * millisecond rather than wrapping, so stamps still only go forwards. */
  if (counter > COUNTER_MAX)
    {
      physical += 1;
      counter = 0;
    }

  if (physical < 0)
    physical = 0;

  return ((guint64) physical << 16) | (guint64) counter;
}

KindredHlc
kindred_hlc_next (KindredHlc last,
                  gint64     now_ms)
{
  gint64 last_physical = KINDRED_HLC_PHYSICAL (last);

  /* The wall clock may step back (NTP, a changed time zone does not matter
   * but a changed clock does): then keep the old time and count on. */
  if (now_ms > last_physical)
    return make_stamp (now_ms, 0);

  return make_stamp (last_physical, KINDRED_HLC_COUNTER (last) + 1);
}

KindredHlc
kindred_hlc_receive (KindredHlc last,
                     KindredHlc seen,
                     gint64     now_ms)
{
  gint64 last_physical = KINDRED_HLC_PHYSICAL (last);
  gint64 seen_physical = KINDRED_HLC_PHYSICAL (seen);
  gint64 physical = MAX (now_ms, MAX (last_physical, seen_physical));
  guint counter;

  if (physical == last_physical && physical == seen_physical)
    counter = MAX (KINDRED_HLC_COUNTER (last), KINDRED_HLC_COUNTER (seen)) + 1;
  else if (physical == last_physical)
    counter = KINDRED_HLC_COUNTER (last) + 1;
  else if (physical == seen_physical)
    counter = KINDRED_HLC_COUNTER (seen) + 1;
  else
    counter = 0;

  return make_stamp (physical, counter);
}

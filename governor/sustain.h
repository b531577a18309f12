/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sustained-threshold detector: a condition counts only once it has held for a given time,
 * the way oomd and systemd-oomd read PSI ("above 60% for 30 s").  "Held" is on average over
 * the run, each sample weighed by its interval: one calm sample does not restart a run whose
 * mean is still over the threshold, so pressure that oscillates around a high mean (90%,
 * 10%, 90%, ...) is seen; a run restarts when its mean falls below the threshold.
 */
#ifndef _MEMGOV_GOVERNOR_SUSTAIN_H
#define _MEMGOV_GOVERNOR_SUSTAIN_H

#include <linux/types.h>

struct memgov_sustain {
	u64 since;		/* when the current run of "over" began */
	bool over;
	u64 last;		/* the previous sample's time, when has_last */
	bool has_last;
	u64 area, span;		/* sum of value * interval, and of the intervals, in the run */
};

void memgov_sustain_reset(struct memgov_sustain *s);
/* Feed one observation; true once @value >= @threshold has held for at least @sustain_ns. */
bool memgov_sustain_update(struct memgov_sustain *s, u64 now_ns, u64 value, u64 threshold,
			   u64 sustain_ns);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sustained-threshold detector: a condition counts only once it has held for a given time,
 * the way oomd and systemd-oomd read PSI ("above 60% for 30 s").  "Held" is on average over
 * the last @sustain_ns, each sample weighed by the interval it describes: one calm sample
 * in a high window does not hide pressure that oscillates around a high mean (90%, 10%,
 * 90%, ...), and pressure older than the window no longer counts, however long and heavy
 * its episode was (a run's mean over the whole episode would stay over the threshold long
 * after the pressure ended, and blame whatever was in force in its tail).
 *
 * The window is kept as at most MEMGOV_SUSTAIN_SEGS segments (area and span): exact while
 * the window holds that many samples (1.6 s of 100 ms ticks), beyond that the two adjacent
 * segments with the smallest joint span are merged, so each covers about 1/16 of the
 * window and only the oldest is pro-rated at the window's edge.
 */
#ifndef _MEMGOV_GOVERNOR_SUSTAIN_H
#define _MEMGOV_GOVERNOR_SUSTAIN_H

#include <linux/types.h>

#define MEMGOV_SUSTAIN_SEGS 16

struct memgov_sustain {
	u64 since;		/* while over: the start of the first window that held */
	bool over;
	u64 last;		/* the previous sample's time, when has_last */
	bool has_last;
	u64 mean;		/* over the window, at the last sample (0 before it is full) */
	unsigned int nseg;	/* seg[0] the oldest */
	struct {
		u64 area;	/* sum of value * interval */
		u64 span;	/* sum of intervals */
	} seg[MEMGOV_SUSTAIN_SEGS];
};

void memgov_sustain_reset(struct memgov_sustain *s);
/*
 * Feed one observation: @value held over the interval since the previous one.  True while
 * the mean of the last @sustain_ns is >= @threshold (a window not yet observed in full never
 * is; with @sustain_ns 0, the last interval alone).
 */
bool memgov_sustain_update(struct memgov_sustain *s, u64 now_ns, u64 value, u64 threshold,
			   u64 sustain_ns);

#endif

// SPDX-License-Identifier: GPL-2.0
#include <linux/math64.h>
#include <linux/string.h>
#include "sustain.h"

void memgov_sustain_reset(struct memgov_sustain *s)
{
	memset(s, 0, sizeof(*s));
}

static void drop_oldest(struct memgov_sustain *s, unsigned int n)
{
	s->nseg -= n;
	memmove(&s->seg[0], &s->seg[n], s->nseg * sizeof(s->seg[0]));
}

/* Make room for one segment: merge the adjacent pair that covers the least time. */
static void merge_smallest_pair(struct memgov_sustain *s)
{
	unsigned int i, best = 0;

	for (i = 1; i + 1 < s->nseg; i++)
		if (s->seg[i].span + s->seg[i + 1].span <
		    s->seg[best].span + s->seg[best + 1].span)
			best = i;
	s->seg[best].area += s->seg[best + 1].area;
	s->seg[best].span += s->seg[best + 1].span;
	memmove(&s->seg[best + 1], &s->seg[best + 2],
		(s->nseg - best - 2) * sizeof(s->seg[0]));
	s->nseg--;
}

/* The mean over the last @window of the segments, or false when they cover less. */
static bool window_mean(struct memgov_sustain *s, u64 window, u64 *mean)
{
	u64 area = 0, span = 0, oldest_part;
	unsigned int i;

	if (!s->nseg)
		return false;
	if (!window) {
		*mean = div64_u64(s->seg[s->nseg - 1].area, s->seg[s->nseg - 1].span);
		return true;
	}
	for (i = 1; i < s->nseg; i++) {
		area += s->seg[i].area;
		span += s->seg[i].span;
	}
	if (span + s->seg[0].span < window)
		return false;
	/* The oldest segment straddles the window's start: its share, pro rata. */
	oldest_part = window - span;
	area += mul_u64_u64_div_u64(s->seg[0].area, oldest_part, s->seg[0].span);
	*mean = div64_u64(area, window);
	return true;
}

bool memgov_sustain_update(struct memgov_sustain *s, u64 now_ns, u64 value, u64 threshold,
			   u64 sustain_ns)
{
	u64 dt = s->has_last && now_ns > s->last ? now_ns - s->last : 0;
	bool stepped_back = s->has_last && now_ns < s->last;
	u64 total = 0, mean;
	unsigned int i;
	bool full;

	/* A clock that stepped back starts the window afresh rather than firing early. */
	if (stepped_back)
		memgov_sustain_reset(s);
	s->last = now_ns;
	s->has_last = true;
	if (dt) {
		if (s->nseg == MEMGOV_SUSTAIN_SEGS)
			merge_smallest_pair(s);
		s->seg[s->nseg].area = value * dt;
		s->seg[s->nseg].span = dt;
		s->nseg++;
	}
	/* Forget the segments wholly older than the window (the newest always stays). */
	for (i = 0; i < s->nseg; i++)
		total += s->seg[i].span;
	for (i = 0; i + 1 < s->nseg && total - s->seg[i].span >= sustain_ns; i++)
		total -= s->seg[i].span;
	if (i)
		drop_oldest(s, i);
	full = window_mean(s, sustain_ns, &mean);
	s->mean = full ? mean : 0;
	if (!full || mean < threshold) {
		s->over = false;
		return false;
	}
	if (!s->over) {
		s->over = true;
		s->since = now_ns - sustain_ns;
	}
	return true;
}

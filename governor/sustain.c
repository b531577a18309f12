// SPDX-License-Identifier: GPL-2.0
#include <linux/math64.h>
#include "sustain.h"

void memgov_sustain_reset(struct memgov_sustain *s)
{
	s->since = 0;
	s->over = false;
	s->last = 0;
	s->has_last = false;
	s->area = 0;
	s->span = 0;
}

/* Start a run at @now with one sample of @value over the interval @dt before it. */
static void run_start(struct memgov_sustain *s, u64 now_ns, u64 value, u64 dt)
{
	s->over = true;
	s->since = now_ns;
	s->area = value * dt;
	s->span = dt;
}

bool memgov_sustain_update(struct memgov_sustain *s, u64 now_ns, u64 value, u64 threshold,
			   u64 sustain_ns)
{
	u64 dt = s->has_last && now_ns > s->last ? now_ns - s->last : 0;
	bool stepped_back = s->has_last && now_ns < s->last;

	s->last = now_ns;
	s->has_last = true;
	/* A clock that stepped back restarts the run rather than firing early. */
	if (stepped_back) {
		s->over = false;
		if (value >= threshold)
			run_start(s, now_ns, value, 0);
		return false;
	}
	if (!s->over) {
		if (value < threshold)
			return false;
		run_start(s, now_ns, value, dt);
	} else {
		s->area += value * dt;
		s->span += dt;
		/* The run's mean fell below: it ends; this sample may start the next. */
		if (s->span && div64_u64(s->area, s->span) < threshold) {
			s->over = false;
			if (value < threshold)
				return false;
			run_start(s, now_ns, value, dt);
		}
	}
	return now_ns - s->since >= sustain_ns;
}

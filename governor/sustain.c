// SPDX-License-Identifier: GPL-2.0
#include "sustain.h"

void memgov_sustain_reset(struct memgov_sustain *s)
{
	s->since = 0;
	s->over = false;
}

bool memgov_sustain_update(struct memgov_sustain *s, u64 now_ns, u64 value, u64 threshold,
			   u64 sustain_ns)
{
	if (value < threshold) {
		memgov_sustain_reset(s);
		return false;
	}
	if (!s->over) {
		s->over = true;
		s->since = now_ns;
	}
	/* A clock that stepped back restarts the run rather than firing early. */
	if (now_ns < s->since) {
		s->since = now_ns;
		return false;
	}
	return now_ns - s->since >= sustain_ns;
}

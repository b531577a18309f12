// SPDX-License-Identifier: GPL-2.0
/*
 * PSI trigger arithmetic (see psitrig.h): the kernel's window_update() / update_triggers()
 * rules, restated for sampled totals.
 */
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/time64.h>
#include "psitrig.h"

int memgov_psi_trig_init(struct memgov_psi_trig *t, u32 threshold_us, u32 window_us,
			 u64 now, u64 total_ns)
{
	if (window_us < MEMGOV_PSI_WINDOW_MIN_US || window_us > MEMGOV_PSI_WINDOW_MAX_US ||
	    !threshold_us || threshold_us > window_us)
		return -EINVAL;
	*t = (struct memgov_psi_trig) {
		.threshold_ns = (u64)threshold_us * NSEC_PER_USEC,
		.window_ns = (u64)window_us * NSEC_PER_USEC,
		.start_time = now,
		.start_value = total_ns,
		.last_total = total_ns,
	};
	return 0;
}

/* Growth within the window ending @now; a window that has passed starts over. */
static u64 window_update(struct memgov_psi_trig *t, u64 now, u64 value)
{
	u64 elapsed = now - t->start_time;
	u64 growth = value - t->start_value;

	if (elapsed > t->window_ns) {
		t->start_time = now;
		t->start_value = value;
		t->prev_growth = growth;
		return growth;
	}
	return growth + mul_u64_u64_div_u64(t->prev_growth, t->window_ns - elapsed, t->window_ns);
}

bool memgov_psi_trig_update(struct memgov_psi_trig *t, u64 now, u64 total_ns)
{
	bool new_stall = total_ns != t->last_total;

	/* A total that went back (a cgroup re-created under the same id) restarts. */
	if (total_ns < t->last_total) {
		t->start_time = now;
		t->start_value = total_ns;
		t->prev_growth = 0;
		t->last_total = total_ns;
		return false;
	}
	t->last_total = total_ns;
	if (!new_stall && !t->pending)
		return false;
	if (new_stall) {
		u64 growth = window_update(t, now, total_ns);

		if (!t->pending) {
			if (growth < t->threshold_ns)
				return false;
			t->pending = true;
			t->growth = growth;
		}
	}
	/* At most one event per window. */
	if (t->fired && now < t->last_event_time + t->window_ns)
		return false;
	t->fired = true;
	t->last_event_time = now;
	t->pending = false;
	return true;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSI trigger arithmetic with the kernel's own semantics (kernel/sched/psi.c, 6.12:
 * window_update() and update_triggers()), on samples of a stall total taken elsewhere.
 *
 * A trigger watches the growth of a stall total (µs of "some" or "full" stall) within a
 * sliding window: the growth since the window began, plus the previous window's growth
 * prorated over the part of the window not yet elapsed (the kernel assumes it was linear).
 * When that reaches the threshold an event is due; events are sent at most once per window,
 * and one that is due while the last is less than a window old waits for the window to pass
 * (deferred, not dropped).  Samples come every tenth of the window, as the kernel's poller.
 * Pure: no locks, no clock.
 */
#ifndef _MEMGOV_GOVERNOR_PSITRIG_H
#define _MEMGOV_GOVERNOR_PSITRIG_H

#include <linux/types.h>

/* The kernel's limits for a trigger window (psi_trigger_create(): 500 ms min before 6.4). */
#define MEMGOV_PSI_WINDOW_MIN_US 500000U
#define MEMGOV_PSI_WINDOW_MAX_US 10000000U
/* Samples per window (the kernel's UPDATES_PER_WINDOW). */
#define MEMGOV_PSI_UPDATES_PER_WINDOW 10

struct memgov_psi_trig {
	u64 threshold_ns;
	u64 window_ns;
	u64 start_time;		/* the window's start, and the total then */
	u64 start_value;
	u64 prev_growth;	/* growth over the previous whole window */
	u64 last_total;		/* the total at the last sample (new stall?) */
	u64 last_event_time;	/* when the last event was sent, if fired */
	bool fired;		/* an event was sent */
	u64 growth;		/* the growth that made the last (or pending) event */
	bool pending;		/* over the threshold, the event waits for its window */
};

/* -EINVAL unless 0 < threshold <= window, window within the limits above. */
int memgov_psi_trig_init(struct memgov_psi_trig *t, u32 threshold_us, u32 window_us,
			 u64 now, u64 total_ns);
/* One sample of the total at @now; true when an event is to be sent now. */
bool memgov_psi_trig_update(struct memgov_psi_trig *t, u64 now, u64 total_ns);
/* How often to sample, ns. */
static inline u64 memgov_psi_trig_period(const struct memgov_psi_trig *t)
{
	return t->window_ns / MEMGOV_PSI_UPDATES_PER_WINDOW;
}

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sliding-window event rate: refaults, page faults, kills per window.
 *
 * The window is cut into at most MEMGOV_WINDOW_MAX_BUCKETS buckets; an event lands in the
 * bucket of its time, and buckets older than the window are forgotten as time advances.
 * The rate is therefore exact to one bucket width.  Not locked: callers serialise.
 */
#ifndef _MEMGOV_GOVERNOR_WINDOW_H
#define _MEMGOV_GOVERNOR_WINDOW_H

#include <linux/types.h>

#define MEMGOV_WINDOW_MAX_BUCKETS 16

struct memgov_window {
	u64 window_ns;
	u64 bucket_ns;
	u64 head_start;			/* start time of the newest bucket */
	unsigned int nbuckets;
	unsigned int head;		/* index of the newest bucket */
	u64 buckets[MEMGOV_WINDOW_MAX_BUCKETS];
};

int memgov_window_init(struct memgov_window *w, u64 window_ns, unsigned int nbuckets);
void memgov_window_add(struct memgov_window *w, u64 now_ns, u64 count);
u64 memgov_window_sum(struct memgov_window *w, u64 now_ns);
u64 memgov_window_rate_per_sec(struct memgov_window *w, u64 now_ns);

#endif

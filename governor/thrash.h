/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thrash and refault detector for one scope (the system, or one cgroup).
 *
 * Fed cumulative counters at each sample (PSI memory some/full stall time, refaults, the
 * LRU size), it turns them into rates over the sample interval and reports thrashing while
 * the mean of any of them over the last sustain time is at or over its limit (sustain.h):
 *   - PSI some and full, percent of wall time stalled (systemd-oomd's default limit for
 *     memory pressure is 60%: ManagedOOMMemoryPressureLimit=, systemd.resource-control(5));
 *   - refaults per second, absolute;
 *   - refaults per second relative to the LRU size, percent (Android lmkd's default
 *     thrashing limit is 100%: ro.lmk.thrashing_limit, refaults as a share of the file LRU).
 * A limit of 0 switches that signal off.  Pure logic: callers serialise.
 */
#ifndef _MEMGOV_GOVERNOR_THRASH_H
#define _MEMGOV_GOVERNOR_THRASH_H

#include <linux/types.h>
#include "sustain.h"

struct memgov_thrash_limits {
	u32 psi_some_pct;
	u32 psi_full_pct;
	u64 refault_per_sec;
	u32 refault_lru_pct;
	u64 sustain_ns;
};

struct memgov_thrash_sample {
	u64 now_ns;
	u64 some_us;		/* cumulative */
	u64 full_us;		/* cumulative */
	u64 refaults;		/* cumulative pages */
	u64 lru_pages;		/* current */
};

struct memgov_thrash {
	struct memgov_thrash_sample last;
	bool primed;
	struct memgov_sustain some, full, abs, rel;
	u64 onset_ns;		/* start of the first window over the limit, when it fired */
	/* The rates of the last interval, for reports. */
	u64 some_pct, full_pct, refault_rate, refault_rel_pct;
};

void memgov_thrash_reset(struct memgov_thrash *t);
/* Feed one sample; true when a limit has held for the sustain time.  @why says which. */
bool memgov_thrash_update(struct memgov_thrash *t, const struct memgov_thrash_limits *lim,
			  const struct memgov_thrash_sample *s, char *why, size_t len);

#endif

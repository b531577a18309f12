// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/string.h>
#include "thrash.h"

void memgov_thrash_reset(struct memgov_thrash *t)
{
	memset(t, 0, sizeof(*t));
}

static u64 delta(u64 now, u64 before)
{
	/* Counters that went back (a cgroup recreated, a reset) count as no progress. */
	return now > before ? now - before : 0;
}

bool memgov_thrash_update(struct memgov_thrash *t, const struct memgov_thrash_limits *lim,
			  const struct memgov_thrash_sample *s, char *why, size_t len)
{
	u64 dt_ns, dt_us, refaults;
	bool some, full, abs, rel;

	if (!t->primed || s->now_ns <= t->last.now_ns) {
		t->last = *s;
		t->primed = true;
		return false;
	}
	dt_ns = s->now_ns - t->last.now_ns;
	dt_us = max_t(u64, dt_ns / 1000, 1);
	t->some_pct = min_t(u64, div64_u64(delta(s->some_us, t->last.some_us) * 100, dt_us), 100);
	t->full_pct = min_t(u64, div64_u64(delta(s->full_us, t->last.full_us) * 100, dt_us), 100);
	refaults = delta(s->refaults, t->last.refaults);
	t->refault_rate = div64_u64(refaults * 1000000000ULL, dt_ns);
	t->refault_rel_pct = div64_u64(t->refault_rate * 100, max_t(u64, s->lru_pages, 1));
	t->last = *s;

	/* Feed every detector each time so that each run's start is right. */
	some = lim->psi_some_pct &&
	       memgov_sustain_update(&t->some, s->now_ns, t->some_pct, lim->psi_some_pct,
				     lim->sustain_ns);
	full = lim->psi_full_pct &&
	       memgov_sustain_update(&t->full, s->now_ns, t->full_pct, lim->psi_full_pct,
				     lim->sustain_ns);
	abs = lim->refault_per_sec &&
	      memgov_sustain_update(&t->abs, s->now_ns, t->refault_rate, lim->refault_per_sec,
				    lim->sustain_ns);
	rel = lim->refault_lru_pct &&
	      memgov_sustain_update(&t->rel, s->now_ns, t->refault_rel_pct, lim->refault_lru_pct,
				    lim->sustain_ns);
	t->onset_ns = some ? t->some.since : full ? t->full.since : abs ? t->abs.since :
		      rel ? t->rel.since : 0;
	if (some)
		scnprintf(why, len, "memory pressure some %llu%% >= %u%%", t->some.mean,
			  lim->psi_some_pct);
	else if (full)
		scnprintf(why, len, "memory pressure full %llu%% >= %u%%", t->full.mean,
			  lim->psi_full_pct);
	else if (abs)
		scnprintf(why, len, "%llu refaults/s >= %llu", t->abs.mean,
			  lim->refault_per_sec);
	else if (rel)
		scnprintf(why, len, "refaults %llu%% of the LRU per second >= %u%%",
			  t->rel.mean, lim->refault_lru_pct);
	return some || full || abs || rel;
}

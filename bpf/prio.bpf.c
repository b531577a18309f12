// SPDX-License-Identifier: GPL-2.0
/*
 * prio: dynamic protection of a high-priority cgroup, driven by its page-fault activity.
 *
 * Static memory.low protects a cgroup whether it uses its memory or sleeps on it; the seed
 * experiment (memcg_bpf_ops, 2026) shows what that costs the others when the protected
 * cgroup goes idle.  This policy protects the `high` cgroup only while it is busy: each charge
 * in `high` samples its page-fault counter (bpf_memgov_memcg_events(), at most every
 * `sample_ms`); when the rate reaches `threshold` faults per second, `high` is protected
 * for `protect_ms` -- below_min() (reclaim skips it) or below_low() (reclaim spares it while
 * others can give back), per `use_below_min`.  While `high` is protected, charges of the
 * `low` cgroup may be delayed by `over_high_ms` (0: never), at their return to user space.
 * An idle `high` stops faulting, the protection lapses, and `low` can use the memory.
 *
 * Attach it at a common ancestor of both cgroups (the root by default).
 * Knobs: high_id, low_id, threshold, use_below_min, over_high_ms, protect_ms, sample_ms.
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define NSEC_PER_MSEC 1000000ULL
#define MAX_PERIODS 5		/* a rate spans at most this many sample periods */

const volatile u64 high_id;
const volatile u64 low_id;
const volatile u64 threshold = 1000;
const volatile bool use_below_min;
const volatile u32 over_high_ms;
const volatile u32 protect_ms = 1000;
const volatile u32 sample_ms = 100;

u64 last_faults, last_sample_ns, protect_until_ns;
u64 nr_samples, nr_triggers, nr_protected, nr_delayed, last_rate;

static u64 id_of(struct mem_cgroup *memcg)
{
	return memcg->css.cgroup->kn->id;
}

unsigned int BPF_STRUCT_OPS(prio_memcg_charged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	u64 id = id_of(memcg), now = bpf_ktime_get_ns();

	if (id == high_id) {
		u64 faults, dt = now - last_sample_ns;

		if (dt < sample_ms * NSEC_PER_MSEC)
			return 0;
		faults = bpf_memgov_memcg_events(memcg, MEMGOV_EVENT_PGFAULT);
		/*
		 * A rate is taken over one or a few sample periods.  A cgroup that sat on its
		 * memory charges nothing, so the first charge after a quiet spell only starts a
		 * new period: averaged over the quiet spell, the burst that follows (its pages
		 * taken while it was quiet) would never reach the threshold.
		 */
		if (last_sample_ns && faults >= last_faults &&
		    dt <= MAX_PERIODS * sample_ms * NSEC_PER_MSEC) {
			last_rate = (faults - last_faults) * 1000000000ULL / dt;
			if (last_rate >= threshold) {
				if (now >= protect_until_ns)
					__sync_fetch_and_add(&nr_triggers, 1);
				protect_until_ns = now + protect_ms * NSEC_PER_MSEC;
			}
		}
		last_faults = faults;
		last_sample_ns = now;
		__sync_fetch_and_add(&nr_samples, 1);
		return 0;
	}
	if (id == low_id && over_high_ms && now < protect_until_ns) {
		__sync_fetch_and_add(&nr_delayed, 1);
		return over_high_ms;
	}
	return 0;
}

static bool protect(struct mem_cgroup *memcg)
{
	if (id_of(memcg) != high_id || bpf_ktime_get_ns() >= protect_until_ns)
		return false;
	__sync_fetch_and_add(&nr_protected, 1);
	return true;
}

bool BPF_STRUCT_OPS(prio_below_min, struct mem_cgroup *memcg, unsigned long emin,
		    unsigned long usage)
{
	return use_below_min && protect(memcg);
}

bool BPF_STRUCT_OPS(prio_below_low, struct mem_cgroup *memcg, unsigned long elow,
		    unsigned long usage)
{
	return !use_below_min && protect(memcg);
}

SEC(".struct_ops.link")
struct memgov_memcg_ops prio_ops = {
	.memcg_charged = (void *)prio_memcg_charged,
	.below_min = (void *)prio_below_min,
	.below_low = (void *)prio_below_low,
	.name = "prio",
};

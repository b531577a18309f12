// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_pin: a memcg policy with fixed answers, to show what each memcg hook can do.
 *
 * For every cgroup it governs (its own and the descendants without a policy of their own):
 *   - protect: 1 = below_min() always says "protect" (reclaim skips the cgroup entirely),
 *     2 = below_low() does (reclaim skips it while others can give memory back);
 *   - charge_delay_ms: every charge delays the charging task by this much at its return to
 *     user space (memgov clamps it to MEMGOV_DELAY_MAX_MS);
 *   - reclaim_above / reclaim_to: when usage crosses reclaim_above bytes, a bpf_wq job
 *     reclaims the cgroup down to reclaim_to through bpf_memgov_cgroup_reclaim(), off the
 *     charge path.  Charges keep reporting the usage while the job runs (on another CPU,
 *     the workload goes on meanwhile); the job goes again while the last usage reported is
 *     still over reclaim_above, up to 64 rounds in a row.
 * It counts every callback and samples the signal kfuncs, for the loader to print.
 *
 * Knobs: protect, charge_delay_ms, reclaim_above, reclaim_to (all 0 = off).
 */
#include <memgov/common.bpf.h>
#include "memcg_pin.h"

char _license[] SEC("license") = "GPL";

const volatile int protect;
const volatile u32 charge_delay_ms;
const volatile u64 reclaim_above;
const volatile u64 reclaim_to;

u64 nr_charged, nr_uncharged, nr_below_min, nr_below_low, nr_online, nr_offline;
u64 nr_reclaim_queued, nr_reclaim_requeued, nr_reclaim_ok, nr_reclaim_err, reclaimed_bytes;
u64 max_usage, last_limit_max, last_psi_some_us, last_faults, last_refaults;
u64 pages_charged, pages_uncharged, max_charge;	/* pages: a huge page charges 512 at once */
int last_reclaim_err;


MEMGOV_JOB_MAP(jobs);

static int reclaim_cb(void *map, int *key, void *value)
{
	struct memgov_job *job = value;
	u64 usage = job->usage, bytes;
	int err;

	bytes = usage > reclaim_to ? usage - reclaim_to : 0;
	if (bytes) {
		err = bpf_memgov_cgroup_reclaim(job->self, job->cgroup_id, bytes, -1);
		if (err && err != -EAGAIN) {
			__sync_fetch_and_add(&nr_reclaim_err, 1);
			last_reclaim_err = err;
		} else {
			__sync_fetch_and_add(&nr_reclaim_ok, 1);
			__sync_fetch_and_add(&reclaimed_bytes, bytes);
			/* Down to the target, unless a charge reported a newer usage meanwhile. */
			__sync_val_compare_and_swap(&job->usage, usage, reclaim_to);
		}
	}
	if (memgov_job_again(job, job->usage > reclaim_above, 64))
		__sync_fetch_and_add(&nr_reclaim_requeued, 1);
	return 0;
}

static void maybe_reclaim(struct mem_cgroup *memcg, u64 usage)
{
	struct memgov_job *job;
	int key = 0;

	if (!reclaim_above)
		return;
	job = bpf_map_lookup_elem(&jobs, &key);
	if (!job)
		return;
	job->usage = usage;
	if (usage > reclaim_above &&
	    memgov_job_queue(job, &jobs, reclaim_cb, memcg->css.cgroup->kn->id))
		__sync_fetch_and_add(&nr_reclaim_queued, 1);
}

unsigned int BPF_STRUCT_OPS(pin_memcg_charged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	u64 usage = bpf_memgov_memcg_usage(memcg);

	__sync_fetch_and_add(&nr_charged, 1);
	__sync_fetch_and_add(&pages_charged, nr_pages);
	if (nr_pages > max_charge)
		max_charge = nr_pages;
	if (usage > max_usage)
		max_usage = usage;
	last_limit_max = bpf_memgov_memcg_limit(memcg, MEMGOV_LIMIT_MAX);
	last_psi_some_us = bpf_memgov_memcg_psi(memcg, MEMGOV_PSI_SOME_TOTAL_US);
	last_faults = bpf_memgov_memcg_events(memcg, MEMGOV_EVENT_PGFAULT);
	last_refaults = bpf_memgov_memcg_events(memcg, MEMGOV_EVENT_REFAULT);
	maybe_reclaim(memcg, usage);
	return charge_delay_ms;
}

void BPF_STRUCT_OPS(pin_memcg_uncharged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	__sync_fetch_and_add(&nr_uncharged, 1);
	__sync_fetch_and_add(&pages_uncharged, nr_pages);
}

bool BPF_STRUCT_OPS(pin_below_low, struct mem_cgroup *memcg, unsigned long elow,
		    unsigned long usage)
{
	__sync_fetch_and_add(&nr_below_low, 1);
	return protect == PIN_PROTECT_LOW;
}

bool BPF_STRUCT_OPS(pin_below_min, struct mem_cgroup *memcg, unsigned long emin,
		    unsigned long usage)
{
	__sync_fetch_and_add(&nr_below_min, 1);
	return protect == PIN_PROTECT_MIN;
}

void BPF_STRUCT_OPS(pin_cgroup_online, struct mem_cgroup *memcg)
{
	__sync_fetch_and_add(&nr_online, 1);
}

void BPF_STRUCT_OPS(pin_cgroup_offline, struct mem_cgroup *memcg)
{
	__sync_fetch_and_add(&nr_offline, 1);
}

SEC(".struct_ops.link")
struct memgov_memcg_ops memcg_pin_ops = {
	.memcg_charged = (void *)pin_memcg_charged,
	.memcg_uncharged = (void *)pin_memcg_uncharged,
	.below_low = (void *)pin_below_low,
	.below_min = (void *)pin_below_min,
	.handle_cgroup_online = (void *)pin_cgroup_online,
	.handle_cgroup_offline = (void *)pin_cgroup_offline,
	.name = "memcg_pin",
};

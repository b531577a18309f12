// SPDX-License-Identifier: GPL-2.0
/*
 * noop: a memcg policy that decides nothing.
 *
 * Every callback of memgov_memcg_ops is implemented and leaves the kernel's behaviour as it
 * is: no charge delay, no extra protection.  It only counts how often each callback ran, so
 * it is the baseline for the hook overhead benchmark and the smallest policy that shows the
 * attach / list / eject cycle.
 *
 * Knobs: none (the loader sets the struct_ops data members name, cgroup_id and flags).
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

u64 nr_charged, nr_uncharged, nr_below_low, nr_below_min, nr_online, nr_offline;

unsigned int BPF_STRUCT_OPS(noop_memcg_charged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	__sync_fetch_and_add(&nr_charged, 1);
	return 0;
}

void BPF_STRUCT_OPS(noop_memcg_uncharged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	__sync_fetch_and_add(&nr_uncharged, 1);
}

bool BPF_STRUCT_OPS(noop_below_low, struct mem_cgroup *memcg, unsigned long elow,
		    unsigned long usage)
{
	__sync_fetch_and_add(&nr_below_low, 1);
	return false;
}

bool BPF_STRUCT_OPS(noop_below_min, struct mem_cgroup *memcg, unsigned long emin,
		    unsigned long usage)
{
	__sync_fetch_and_add(&nr_below_min, 1);
	return false;
}

void BPF_STRUCT_OPS(noop_cgroup_online, struct mem_cgroup *memcg)
{
	__sync_fetch_and_add(&nr_online, 1);
}

void BPF_STRUCT_OPS(noop_cgroup_offline, struct mem_cgroup *memcg)
{
	__sync_fetch_and_add(&nr_offline, 1);
}

SEC(".struct_ops.link")
struct memgov_memcg_ops noop_ops = {
	.memcg_charged = (void *)noop_memcg_charged,
	.memcg_uncharged = (void *)noop_memcg_uncharged,
	.below_low = (void *)noop_below_low,
	.below_min = (void *)noop_below_min,
	.handle_cgroup_online = (void *)noop_cgroup_online,
	.handle_cgroup_offline = (void *)noop_cgroup_offline,
	.name = "noop",
};

// SPDX-License-Identifier: GPL-2.0
/*
 * hookbench: trivial memcg policies that each take one of memgov's hooks, for `make bench`
 * to tell where a policy's cost on the fault path goes.  The loader creates one of the
 * maps (hookbench --hook charge|uncharge|protect|events):
 *
 *   hb_charge_ops    memcg_charged() only: the charge hook (every charge)
 *   hb_uncharge_ops  memcg_uncharged() only: the uncharge hook (every uncharge batch)
 *   hb_protect_ops   below_low() and below_min() only: the protection hook (reclaim)
 *   hb_events_ops    reads an event count once a cgroup comes online, which switches
 *                    memgov's fault and refault counting on (two probes on every fault)
 *
 * Each callback decides nothing: the cost measured is the hook's and the call's.
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

u64 nr_calls;

unsigned int BPF_STRUCT_OPS(hb_charged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	nr_calls++;
	return 0;
}

void BPF_STRUCT_OPS(hb_uncharged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	nr_calls++;
}

bool BPF_STRUCT_OPS(hb_below_low, struct mem_cgroup *memcg, unsigned long elow,
		    unsigned long usage)
{
	nr_calls++;
	return false;
}

bool BPF_STRUCT_OPS(hb_below_min, struct mem_cgroup *memcg, unsigned long emin,
		    unsigned long usage)
{
	nr_calls++;
	return false;
}

void BPF_STRUCT_OPS(hb_online, struct mem_cgroup *memcg)
{
	nr_calls += bpf_memgov_memcg_events(memcg, MEMGOV_EVENT_PGFAULT) + 1;
}

SEC(".struct_ops.link")
struct memgov_memcg_ops hb_charge_ops = {
	.memcg_charged = (void *)hb_charged,
	.name = "hb-charge",
};

SEC(".struct_ops.link")
struct memgov_memcg_ops hb_uncharge_ops = {
	.memcg_uncharged = (void *)hb_uncharged,
	.name = "hb-uncharge",
};

SEC(".struct_ops.link")
struct memgov_memcg_ops hb_protect_ops = {
	.below_low = (void *)hb_below_low,
	.below_min = (void *)hb_below_min,
	.name = "hb-protect",
};

SEC(".struct_ops.link")
struct memgov_memcg_ops hb_events_ops = {
	.handle_cgroup_online = (void *)hb_online,
	.name = "hb-events",
};

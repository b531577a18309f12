// SPDX-License-Identifier: GPL-2.0
/*
 * oomd: systemd-oomd's memory pressure rule as a PSI policy, acting inside the kernel.
 *
 * systemd-oomd kills the cgroups it manages whose memory pressure stays above
 * ManagedOOMMemoryPressureLimit= (60% by default) for DefaultMemoryPressureDurationSec= (30 s),
 * reading each cgroup's memory.pressure from user space every few seconds, and it kills the
 * whole cgroup.  Its users' complaints: it acts late (the machine is frozen by then, and so
 * may be oomd itself), and it takes everything in the cgroup with the culprit.
 *
 * Here each watched cgroup gets a PSI trigger: "full" memory stall (systemd-oomd's measure;
 * "some" with --some) of limit% of a window (default 1 s).  Every event that follows the
 * previous one within two windows extends an episode; once an episode has lasted the
 * duration (default: one window, so the first event acts), the policy declares an OOM in that
 * cgroup with bpf_out_of_memory().  The kernel's memcg OOM path then kills one process: the
 * one memgov's OOM policies choose when one is attached there (oom_prio's priorities), else
 * the kernel's largest (oom_score_adj honoured), or every process of the cgroup when it asks
 * for memory.oom.group.  It works with or without swap: without swap pressure shows as
 * reclaim stalls, with swap as swap-in stalls, the same PSI.  The governor rate-limits the
 * declarations (oom_declare_interval_ms) and strikes a policy that declares without pressure.
 *
 * systemd-oomd's other rule, SwapUsedLimit= (90% by default) for the cgroups with
 * ManagedOOMSwap=kill: when the system's swap is that full, kill in the one of them using the
 * most swap.  systemd-oomd polls swap every 150 ms; here the rule is checked on each event of
 * a trigger on the policy's own cgroup that fires on any real memory stall ("some" 5 ms in
 * 500 ms): swap filling up without anyone stalling on memory is no emergency, and a
 * declared OOM must answer pressure (the governor's rule).  The cgroup chosen is declared
 * OOM like the pressure rule's: one process dies, the largest there (swap counted).
 *
 * Knobs: the watched cgroups and their limits (up to 16; the loader's --watch PATH[=PCT]),
 * window_us, duration_us, use_some; the swap-managed cgroups (up to 16, --swap PATH) and
 * swap_limit_pct.
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define OOMD_MAX 16

const volatile u64 watch_ids[OOMD_MAX];
const volatile u32 watch_pct[OOMD_MAX];
const volatile u32 nwatch;
const volatile u32 window_us = 1000000;
const volatile u64 duration_us = 1000000;
const volatile bool use_some;

const volatile u64 swap_ids[OOMD_MAX];
const volatile u32 nswap;
const volatile u32 swap_limit_pct = 90;
/* The swap rule's trigger: any real memory stall on the policy's cgroup. */
#define SWAP_WINDOW_US 500000
#define SWAP_STALL_US 5000

/* Per watched cgroup: the current episode of pressure over its limit (0: none). */
u64 ep_start[OOMD_MAX], ep_last[OOMD_MAX];
/* When this policy last declared an OOM (ns, the event's clock; 0: never). */
u64 last_declared_ns;

u64 nr_events, nr_declared, nr_refused, nr_stale;
s64 last_err, init_err;
u64 last_declared_id, last_growth_us;
u64 swap_trigger_id, nr_swap_checks, nr_swap_declared, last_swap_used_pct, swap_used_pct_declared;

static u32 watch_resource(void)
{
	return PSI_MEM | (use_some ? 0 : BPF_PSI_FULL);
}

static u32 watch_threshold(u32 i)
{
	u64 threshold = (u64)window_us * watch_pct[i & (OOMD_MAX - 1)] / 100;

	return threshold ?: 1;
}

int BPF_STRUCT_OPS(oomd_init, struct memgov_psi_ctx *psi)
{
	u32 i;
	int err;

	for (i = 0; i < OOMD_MAX && i < nwatch; i++) {
		err = bpf_psi_create_trigger(psi, watch_ids[i], watch_resource(),
					     watch_threshold(i), window_us);
		if (err) {
			init_err = err;
			return err;
		}
	}
	if (nswap) {
		swap_trigger_id = psi->cgroup_id;
		err = bpf_psi_create_trigger(psi, swap_trigger_id, PSI_MEM, SWAP_STALL_US,
					     SWAP_WINDOW_US);
		if (err) {
			init_err = err;
			return err;
		}
	}
	return 0;
}

static bool declare(u64 id, u64 growth_us, u64 now_ns)
{
	struct mem_cgroup *memcg = memgov_memcg_of(id);
	int err = -ENOENT;

	if (memcg) {
		err = bpf_out_of_memory(memcg, 0, 0);
		bpf_put_mem_cgroup(memcg);
	}
	if (err) {
		nr_refused++;
		last_err = err;
		return false;
	}
	nr_declared++;
	last_declared_ns = now_ns;
	last_declared_id = id;
	last_growth_us = growth_us;
	return true;
}

static bool is_swap_trigger(const struct memgov_psi_trigger *t)
{
	return nswap && t->cgroup_id == swap_trigger_id && t->resource == PSI_MEM &&
	       t->threshold_us == SWAP_STALL_US && t->window_us == SWAP_WINDOW_US;
}

/* Swap over the limit: declare in the managed cgroup using the most swap, if any uses some. */
static void swap_rule(const struct memgov_psi_trigger *t)
{
	u64 total = bpf_memgov_swap_total(), used, most = 0, most_id = 0;
	u32 i;

	if (!total)
		return;
	used = bpf_memgov_swap_usage(NULL);
	nr_swap_checks++;
	last_swap_used_pct = used * 100 / total;
	if (used * 100 < total * swap_limit_pct)
		return;
	for (i = 0; i < OOMD_MAX && i < nswap; i++) {
		struct mem_cgroup *memcg = memgov_memcg_of(swap_ids[i]);
		u64 u;

		if (!memcg)
			continue;
		u = bpf_memgov_swap_usage(memcg);
		bpf_put_mem_cgroup(memcg);
		if (u > most) {
			most = u;
			most_id = swap_ids[i];
		}
	}
	if (most_id && declare(most_id, t->growth_us, t->time_ns)) {
		nr_swap_declared++;
		swap_used_pct_declared = last_swap_used_pct;
	}
}

void BPF_STRUCT_OPS(oomd_event, struct memgov_psi_ctx *psi, struct memgov_psi_trigger *t)
{
	u64 now = t->time_ns, gap = 2ULL * window_us * 1000;
	u32 i;

	nr_events++;
	if (is_swap_trigger(t))
		swap_rule(t);
	/* A watch's own trigger: its cgroup and its measure (the swap trigger may share one). */
	for (i = 0; i < OOMD_MAX && i < nwatch; i++)
		if (watch_ids[i] == t->cgroup_id && t->resource == watch_resource() &&
		    t->threshold_us == watch_threshold(i) && t->window_us == window_us)
			break;
	if (i >= OOMD_MAX || i >= nwatch)
		return;
	/* Over the limit again within two windows: the same episode. */
	if (!ep_start[i] || now - ep_last[i] > gap)
		ep_start[i] = now;
	ep_last[i] = now;
	/* The first event is one window of pressure already. */
	if (now - ep_start[i] + window_us * 1000ULL < duration_us * 1000)
		return;
	/*
	 * After a kill, only pressure measured after it is evidence for the next one: an event's
	 * growth counts the current window and a prorated part of the previous one (the kernel's
	 * trigger arithmetic), so it may be all the stall the last kill has already answered
	 * until two windows have passed since.  Such an event neither acts nor ends the episode.
	 */
	if (last_declared_ns && now - last_declared_ns < 2ULL * window_us * 1000) {
		nr_stale++;
		return;
	}
	declare(t->cgroup_id, t->growth_us, now);
	ep_start[i] = 0;
}

SEC(".struct_ops.link")
struct memgov_psi_ops oomd_ops = {
	.init = (void *)oomd_init,
	.handle_psi_event = (void *)oomd_event,
	.name = "oomd",
};

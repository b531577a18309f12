// SPDX-License-Identifier: GPL-2.0
/*
 * psi_watch: a PSI policy that watches memory pressure and decides nothing.
 *
 * At attach (init) it makes one trigger on the cgroup it watches (by default its own):
 * "some" (or "full") memory stall of threshold_us within window_us.  Each event is counted
 * with the stall the kernel-side window measured and the time since the previous one, so a
 * test can check the trigger semantics: events while over, at most one per window, none
 * while under.  With follow_new, every cgroup created below the policy's gets the same
 * trigger, and its going away is counted.  With declare, an event of the watched trigger
 * declares an OOM in the watched cgroup (bpf_out_of_memory(), as upstream's test policy
 * does), and the results are counted.  The knobs for the tests of the rules:
 * probe_errors tries every kind of bad trigger at init and records what the kfunc returned;
 * spin_us makes the event handler busy-wait that long (a slow policy for the watchdog).
 *
 * This is the shape of upstream's bpf_psi_ops test: handle_psi_event on a trigger made in
 * init, the OOM declared through the cgroup's memcg.
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

/* Knobs (the loader's options). */
const volatile u64 watch_cgroup_id;	/* 0: the policy's own cgroup */
const volatile u32 resource = PSI_MEM;
const volatile bool full;
const volatile u32 threshold_us = 100000;
const volatile u32 window_us = 1000000;
const volatile bool follow_new;
const volatile bool probe_errors;
const volatile u64 spin_us;
const volatile bool declare;
const volatile bool declare_twice;

/* What happened. */
u64 nr_events, nr_events_watched, nr_online, nr_offline, last_offline_id;
u64 last_growth_us, last_time_ns, min_gap_ns, max_growth_us;
s64 init_err, online_err;
u64 nr_declared, nr_declare_refused;
s64 last_declare_err, second_declare_err;
/* probe_errors: what bpf_psi_create_trigger() returned for each bad trigger. */
s64 err_window_short, err_window_long, err_threshold_zero, err_threshold_over_window;
s64 err_resource, err_no_cgroup, err_outside, err_too_many;
u64 made_before_too_many;

static u64 watched(struct memgov_psi_ctx *psi)
{
	return watch_cgroup_id ?: psi->cgroup_id;
}

static u32 res(void)
{
	return resource | (full ? BPF_PSI_FULL : 0);
}

static int make(struct memgov_psi_ctx *psi, u64 cgroup_id)
{
	return bpf_psi_create_trigger(psi, cgroup_id, res(), threshold_us, window_us);
}

static void try_bad_ones(struct memgov_psi_ctx *psi)
{
	u64 id = watched(psi);
	int i, err = 0;

	err_window_short = bpf_psi_create_trigger(psi, id, res(), 1000, 499999);
	err_window_long = bpf_psi_create_trigger(psi, id, res(), 1000, 10000001);
	err_threshold_zero = bpf_psi_create_trigger(psi, id, res(), 0, 1000000);
	err_threshold_over_window = bpf_psi_create_trigger(psi, id, res(), 1000001, 1000000);
	err_resource = bpf_psi_create_trigger(psi, id, 7, 1000, 1000000);
	err_no_cgroup = bpf_psi_create_trigger(psi, (u64)-2, res(), 1000, 1000000);
	/* The whole system, from a policy on a cgroup: outside its scope. */
	err_outside = bpf_psi_create_trigger(psi, 0, res(), 1000, 1000000);
	/* The watched trigger is one; fill up to the limit and one more. */
	for (i = 1; i <= MEMGOV_PSI_TRIGGERS_MAX; i++) {
		err = make(psi, id);
		if (err)
			break;
		made_before_too_many++;
	}
	err_too_many = err;
}

int BPF_STRUCT_OPS(watch_init, struct memgov_psi_ctx *psi)
{
	init_err = make(psi, watched(psi));
	if (init_err)
		return init_err;
	if (probe_errors)
		try_bad_ones(psi);
	return 0;
}

static int spin_until(u32 i, void *end)
{
	return bpf_ktime_get_ns() >= *(u64 *)end;
}

void BPF_STRUCT_OPS(watch_event, struct memgov_psi_ctx *psi, struct memgov_psi_trigger *t)
{
	u64 now = t->time_ns;

	__sync_fetch_and_add(&nr_events, 1);
	if (t->cgroup_id == watched(psi)) {
		if (nr_events_watched) {
			u64 gap = now - last_time_ns;

			if (!min_gap_ns || gap < min_gap_ns)
				min_gap_ns = gap;
		}
		nr_events_watched++;
		last_time_ns = now;
		last_growth_us = t->growth_us;
		if (t->growth_us > max_growth_us)
			max_growth_us = t->growth_us;
	}
	if (declare && t->cgroup_id == watched(psi)) {
		struct mem_cgroup *memcg = memgov_memcg_of(t->cgroup_id);
		int err = -ENOENT;

		if (memcg) {
			err = bpf_out_of_memory(memcg, 0, 0);
			/* At once again: the first is still pending. */
			if (declare_twice && !err)
				second_declare_err = bpf_out_of_memory(memcg, 0, 0);
			bpf_put_mem_cgroup(memcg);
		}
		if (err) {
			nr_declare_refused++;
			last_declare_err = err;
		} else {
			nr_declared++;
		}
	}
	if (spin_us) {
		u64 end = bpf_ktime_get_ns() + spin_us * 1000;

		bpf_loop(1 << 23, spin_until, &end, 0);
	}
}

void BPF_STRUCT_OPS(watch_online, struct memgov_psi_ctx *psi, u64 cgroup_id)
{
	int err;

	__sync_fetch_and_add(&nr_online, 1);
	if (follow_new) {
		err = make(psi, cgroup_id);
		if (err)
			online_err = err;
	}
}

void BPF_STRUCT_OPS(watch_offline, struct memgov_psi_ctx *psi, u64 cgroup_id)
{
	__sync_fetch_and_add(&nr_offline, 1);
	last_offline_id = cgroup_id;
}

SEC(".struct_ops.link")
struct memgov_psi_ops psi_watch_ops = {
	.init = (void *)watch_init,
	.handle_psi_event = (void *)watch_event,
	.handle_cgroup_online = (void *)watch_online,
	.handle_cgroup_offline = (void *)watch_offline,
	.name = "psi_watch",
};

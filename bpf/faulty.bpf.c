// SPDX-License-Identifier: GPL-2.0
/*
 * faulty: the zoo of misbehaving policies the governor must eject.
 *
 * One object, one fault at a time (knob `fault`), each the way a real policy goes wrong:
 *
 *   claim         OOM: returns "handled" and kills nothing          -> strikes
 *   tiny-kill     OOM: kills a process (`victim`) that frees nothing -> strikes
 *   protect-all   memcg: protects every cgroup, so others thrash      -> thrash
 *   slow          memcg: burns CPU in every charge callback           -> watchdog
 *   absurd-delay  memcg: asks ~50 days of delay per charge            -> clamped
 *   no-pet        memcg: arms its watchdog for its periodic work, then never pets it
 *                                                                      -> watchdog
 *   error         memcg: gives up with bpf_memgov_error()             -> error
 *
 * Knobs: fault, victim (comm, for tiny-kill), spin (loop iterations, for slow).
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

enum {
	F_CLAIM = 1, F_TINY_KILL, F_PROTECT_ALL, F_SLOW, F_ABSURD_DELAY, F_NO_PET, F_ERROR,
};

const volatile int fault;
const volatile char victim[16] = {};
const volatile u32 spin = 1000000;

u64 nr_oom, nr_charged, nr_armed;
u64 sink;

static bool comm_is_victim(const char *comm)
{
	int i;

	for (i = 0; i < 16; i++) {
		if (comm[i] != victim[i])
			return false;
		if (!comm[i])
			return true;
	}
	return true;
}

int BPF_STRUCT_OPS(faulty_handle_oom, struct memgov_oom_ctx *octx, struct oom_control *oc)
{
	struct task_struct *t;

	__sync_fetch_and_add(&nr_oom, 1);
	if (fault == F_CLAIM)
		return 1;
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS) {
		if (comm_is_victim(t->comm) &&
		    !bpf_memgov_oom_kill(octx, t, "faulty: a victim that frees nothing"))
			return 1;
	}
	return 0;
}

static long burn(u64 i, void *ctx)
{
	sink = sink * 6364136223846793005ULL + i;
	return 0;
}

unsigned int BPF_STRUCT_OPS(faulty_memcg_charged, struct mem_cgroup *memcg,
			    unsigned int nr_pages)
{
	__sync_fetch_and_add(&nr_charged, 1);
	switch (fault) {
	case F_SLOW:
		bpf_loop(spin, burn, NULL, 0);
		return 0;
	case F_ABSURD_DELAY:
		return 4294967295U;
	case F_NO_PET:
		if (!nr_armed && !bpf_memgov_watchdog_arm(0, 200))
			nr_armed = 1;
		return 0;
	case F_ERROR:
		bpf_memgov_error(0, "faulty: cannot go on, giving the kernel its defaults back");
		return 0;
	}
	return 0;
}

bool BPF_STRUCT_OPS(faulty_below_min, struct mem_cgroup *memcg, unsigned long emin,
		    unsigned long usage)
{
	return fault == F_PROTECT_ALL;
}

bool BPF_STRUCT_OPS(faulty_below_low, struct mem_cgroup *memcg, unsigned long elow,
		    unsigned long usage)
{
	return fault == F_PROTECT_ALL;
}

SEC(".struct_ops.link")
struct memgov_oom_ops faulty_oom_ops = {
	.handle_out_of_memory = (void *)faulty_handle_oom,
	.name = "faulty-oom",
};

SEC(".struct_ops.link")
struct memgov_memcg_ops faulty_memcg_ops = {
	.memcg_charged = (void *)faulty_memcg_charged,
	.below_min = (void *)faulty_below_min,
	.below_low = (void *)faulty_below_low,
	.name = "faulty-memcg",
};

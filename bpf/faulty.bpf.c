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
 * And the ways a hostile policy tries to get around the rules:
 *
 *   sleepable     memcg: a sleepable charge callback (runs in atomic context)
 *                                                           -> refused by the verifier
 *   foreign-kfunc a tcp_congestion_ops program calling memgov's kfuncs
 *                                                           -> refused by the verifier
 *   unclocked-slow memcg: burns ~`spin` in every charge but its own every 16th, hoping the
 *                 governor's clock only looks at those          -> watchdog
 *   reclaim-outside memcg: its bpf_wq job reclaims the root, then cgroup `other`, outside
 *                 its subtree (results in reclaim_err_root / reclaim_err_other) -> -EPERM
 *   max-delay     memcg: the longest delay not clamped (2 s) on every charge; attached at the
 *                 root, every task of the machine would sleep 2 s per page fault
 *                                                           -> watchdog (delay budget)
 *   protect-low-all memcg: low protection for every cgroup it governs; attached at the root,
 *                 the whole system thrashes under global pressure  -> thrash (system)
 *   timer-self    memcg: a per-CPU softirq timer (every 500 us) that interrupts its own slow
 *                 charge callbacks and asks "who is running here?" (bpf_memgov_self()), to act
 *                 as the interrupted policy    -> 0: only the context that entered a callback
 *                 (counts in nr_ticks, nr_overlap, nr_stolen, nr_self_in_cb)
 *   oom-no-pressure psi: declares an OOM in its own cgroup (bpf_out_of_memory()) whenever a
 *                 cgroup appears below it, with no pressure trigger firing    -> strikes
 *   wq-after-eject memcg: a self-requeueing bpf_wq job that reclaims in its own cgroup,
 *                 gives up with bpf_memgov_error() after 3 rounds and goes on reclaiming
 *                 -> -ESRCH from then on (counts in nr_ok, nr_esrch, nr_late_ok)
 *
 * Knobs: fault, victim (comm, for tiny-kill), spin (loop iterations, for slow), other (a
 * cgroup id, for reclaim-outside).
 */
#include <memgov/common.bpf.h>
#include "faulty.h"

char _license[] SEC("license") = "GPL";


#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC 1
#endif
#define TIMER_CPU_PIN 2		/* BPF_F_TIMER_CPU_PIN: the timer stays on the CPU it was armed on */

const volatile int fault;
const volatile char victim[16] = {};
const volatile u32 spin = 1000000;
const volatile u64 other;

u64 nr_oom, nr_charged, nr_armed, nr_jobs;
u64 sink;
int reclaim_err_root = 1, reclaim_err_other = 1;
u64 nr_ticks, nr_overlap, nr_stolen, nr_self_in_cb;
u32 in_cb[64];			/* per CPU: a charge callback runs there */
u64 nr_ok, nr_esrch, nr_late_ok;
/*
 * Which callback the job gets.  Not decided on `fault`: the verifier knows .rodata, and a
 * bpf_wq callback left in a branch it knows dead trips a verifier bug in 6.12
 * (jit_subprogs(): "verifier bug. No program starts at insn", a WARN and -EFAULT).
 */
u32 job_late;


struct tick {
	struct bpf_timer t;
	u32 ready;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, int);
	__type(value, struct tick);
} ticks SEC(".maps");

MEMGOV_JOB_MAP(jobs);

/* Reclaims outside its own subtree; every result is kept for the test to read. */
static int outside_cb(void *map, int *key, void *value)
{
	struct memgov_job *job = value;

	__sync_fetch_and_add(&nr_jobs, 1);
	reclaim_err_root = bpf_memgov_cgroup_reclaim(job->self, 1, 4096, -1);
	reclaim_err_other = bpf_memgov_cgroup_reclaim(job->self, other, 4096, -1);
	memgov_job_again(job, false, 0);
	return 0;
}

/*
 * Goes on reclaiming after it gave up: once ejected, every call must be refused (-ESRCH);
 * any other answer after the first -ESRCH is a job acting for an ejected policy.
 */
static int late_cb(void *map, int *key, void *value)
{
	struct memgov_job *job = value;
	int err;

	err = bpf_memgov_cgroup_reclaim(job->self, job->cgroup_id, 4096, -1);
	if (err == -ESRCH)
		__sync_fetch_and_add(&nr_esrch, 1);
	else if (nr_esrch)
		__sync_fetch_and_add(&nr_late_ok, 1);
	else if (__sync_add_and_fetch(&nr_ok, 1) == 3)
		bpf_memgov_error(job->self, "faulty: giving up, but my job goes on");
	memgov_job_again(job, true, 1000);
	return 0;
}

static void queue_job(struct mem_cgroup *memcg)
{
	u64 id = memcg->css.cgroup->kn->id;
	struct memgov_job *job;
	int key = 0;

	job = bpf_map_lookup_elem(&jobs, &key);
	if (!job)
		return;
	/* job_late, not `fault`: see its comment. */
	if (job_late)
		memgov_job_queue(job, &jobs, late_cb, id);
	else
		memgov_job_queue(job, &jobs, outside_cb, id);
}

/* A softirq timer: whatever it interrupts, "who is running here?" must not answer. */
static int tick_cb(void *map, int *key, struct tick *tk)
{
	u32 cpu = bpf_get_smp_processor_id() & 63;

	__sync_fetch_and_add(&nr_ticks, 1);
	if (in_cb[cpu])
		__sync_fetch_and_add(&nr_overlap, 1);
	if (bpf_memgov_self())
		__sync_fetch_and_add(&nr_stolen, 1);
	bpf_timer_start(&tk->t, 500000, TIMER_CPU_PIN);
	return 0;
}

static void arm_tick(void)
{
	int key = bpf_get_smp_processor_id() & 63;
	struct tick *tk = bpf_map_lookup_elem(&ticks, &key);

	if (!tk || !__sync_bool_compare_and_swap(&tk->ready, 0, 1))
		return;
	if (!bpf_timer_init(&tk->t, &ticks, CLOCK_MONOTONIC) &&
	    !bpf_timer_set_callback(&tk->t, tick_cb))
		bpf_timer_start(&tk->t, 500000, TIMER_CPU_PIN);
}

int BPF_STRUCT_OPS(faulty_handle_oom, struct memgov_oom_ctx *octx, struct oom_control *oc)
{
	struct task_struct *t;

	__sync_fetch_and_add(&nr_oom, 1);
	if (fault == F_CLAIM)
		return 1;
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS) {
		/*
		 * A fresh useless victim each time: one already killed (its signal's oom_mm
		 * set) may still be in the task list when the next OOM comes, and naming it
		 * again would let the kernel decide that OOM (a struck kill is not waited for)
		 * and strike this policy fewer times than it killed.
		 */
		if (t->signal->oom_mm)
			continue;
		if (memgov_comm_is(t->comm, victim) &&
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
	case F_UNCLOCKED_SLOW:
		if (nr_charged % 16 != 1)
			bpf_loop(spin, burn, NULL, 0);
		return 0;
	case F_WQ_AFTER_EJECT:
		job_late = 1;
		queue_job(memcg);
		return 0;
	case F_RECLAIM_OUTSIDE:
		queue_job(memcg);
		return 0;
	case F_MAX_DELAY:
		return 2000;
	case F_TIMER_SELF: {
		u32 cpu = bpf_get_smp_processor_id() & 63;

		arm_tick();
		if (bpf_memgov_self())
			__sync_fetch_and_add(&nr_self_in_cb, 1);
		in_cb[cpu] = 1;
		bpf_loop(spin, burn, NULL, 0);
		in_cb[cpu] = 0;
		return 0;
	}
	}
	return 0;
}

/* A sleepable callback: memgov's callbacks run in atomic context, so it is refused. */
SEC("struct_ops.s/faulty_sleepy_charged")
unsigned int BPF_PROG(faulty_sleepy_charged, struct mem_cgroup *memcg, unsigned int nr_pages)
{
	return 0;
}

/* Another struct_ops type calling memgov's kfuncs (this one runs in softirq): refused. */
SEC("struct_ops/faulty_tcp_ssthresh")
u32 BPF_PROG(faulty_tcp_ssthresh, struct sock *sk)
{
	bpf_memgov_error(0, "faulty: a TCP congestion control ejecting memgov policies");
	return 2;
}

SEC("struct_ops/faulty_tcp_undo_cwnd")
u32 BPF_PROG(faulty_tcp_undo_cwnd, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/faulty_tcp_cong_avoid")
void BPF_PROG(faulty_tcp_cong_avoid, struct sock *sk, u32 ack, u32 acked)
{
}

bool BPF_STRUCT_OPS(faulty_below_min, struct mem_cgroup *memcg, unsigned long emin,
		    unsigned long usage)
{
	return fault == F_PROTECT_ALL;
}

bool BPF_STRUCT_OPS(faulty_below_low, struct mem_cgroup *memcg, unsigned long elow,
		    unsigned long usage)
{
	return fault == F_PROTECT_ALL || fault == F_PROTECT_LOW_ALL;
}

SEC(".struct_ops.link")
struct memgov_oom_ops faulty_oom_ops = {
	.handle_out_of_memory = (void *)faulty_handle_oom,
	.name = "faulty-oom",
};

s64 psi_declare_err;
u64 nr_psi_declares;

int BPF_STRUCT_OPS(faulty_psi_init, struct memgov_psi_ctx *psi)
{
	return 0;
}

void BPF_STRUCT_OPS(faulty_psi_event, struct memgov_psi_ctx *psi, struct memgov_psi_trigger *t)
{
}

/* Something appeared below: "OOM!" in its own cgroup, though no trigger said so. */
void BPF_STRUCT_OPS(faulty_psi_online, struct memgov_psi_ctx *psi, u64 cgroup_id)
{
	struct mem_cgroup *memcg = memgov_memcg_of(psi->cgroup_id);

	if (!memcg)
		return;
	psi_declare_err = bpf_out_of_memory(memcg, 0, 0);
	nr_psi_declares++;
	bpf_put_mem_cgroup(memcg);
}

SEC(".struct_ops.link")
struct memgov_psi_ops faulty_psi_ops = {
	.init = (void *)faulty_psi_init,
	.handle_psi_event = (void *)faulty_psi_event,
	.handle_cgroup_online = (void *)faulty_psi_online,
	.name = "faulty-psi",
};

SEC(".struct_ops.link")
struct memgov_memcg_ops faulty_sleepy_ops = {
	.memcg_charged = (void *)faulty_sleepy_charged,
	.name = "faulty-sleepy",
};

SEC(".struct_ops.link")
struct tcp_congestion_ops faulty_tcp_ops = {
	.ssthresh = (void *)faulty_tcp_ssthresh,
	.undo_cwnd = (void *)faulty_tcp_undo_cwnd,
	.cong_avoid = (void *)faulty_tcp_cong_avoid,
	.name = "faulty_tcp",
};

SEC(".struct_ops.link")
struct memgov_memcg_ops faulty_memcg_ops = {
	.memcg_charged = (void *)faulty_memcg_charged,
	.below_min = (void *)faulty_below_min,
	.below_low = (void *)faulty_below_low,
	.name = "faulty-memcg",
};

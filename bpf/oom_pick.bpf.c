// SPDX-License-Identifier: GPL-2.0
/*
 * oom_pick: an OOM policy that names its victim.
 *
 * On an OOM in its cgroup or below, it looks for a process whose command name is the knob
 * `victim` and kills it with bpf_memgov_oom_kill(), whatever the kernel's badness score
 * says.  It is the smallest policy that overrides the kernel's choice, and, through `mode`,
 * also the two ways a policy can decline:
 *
 *   mode 0 (kill)  kill `victim`; return 1 (handled)
 *   mode 1 (pass)  return 0: the next handler up the tree decides, then the kernel
 *   mode 2 (claim) return 1 without killing: the module ignores the claim and goes on
 *
 * Signals: the task list, the OOM context.  Knobs: victim (comm, 15 chars), mode.
 */
#include <memgov/common.bpf.h>
#include "oom_pick.h"

char _license[] SEC("license") = "GPL";

const volatile char victim[16] = {};
const volatile int mode;

u64 nr_oom, nr_kills, nr_offline;
int last_err;

int BPF_STRUCT_OPS(pick_handle_oom, struct memgov_oom_ctx *octx, struct oom_control *oc)
{
	struct task_struct *t;
	int err = -ESRCH;

	__sync_fetch_and_add(&nr_oom, 1);
	if (mode == PICK_PASS)
		return 0;
	if (mode == PICK_CLAIM)
		return 1;
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS) {
		if (!memgov_comm_is(t->comm, victim))
			continue;
		/* -EXDEV: a namesake outside the OOMing cgroup; keep looking. */
		err = bpf_memgov_oom_kill(octx, t, "named by the oom_pick policy");
		if (!err)
			break;
	}
	last_err = err;
	if (err)
		return 0;
	__sync_fetch_and_add(&nr_kills, 1);
	return 1;
}

void BPF_STRUCT_OPS(pick_cgroup_offline, struct memgov_oom_ctx *octx, u64 cgroup_id)
{
	__sync_fetch_and_add(&nr_offline, 1);
}

SEC(".struct_ops.link")
struct memgov_oom_ops oom_pick_ops = {
	.handle_out_of_memory = (void *)pick_handle_oom,
	.handle_cgroup_offline = (void *)pick_cgroup_offline,
	.name = "oom_pick",
};

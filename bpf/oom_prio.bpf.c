// SPDX-License-Identifier: GPL-2.0
/*
 * oom_prio: OOM victims by cgroup priority, then by size.
 *
 * An administrator gives cgroups a priority (0..1000, higher = more important); a cgroup
 * without one inherits its nearest ancestor's, and the top falls back to `default_prio`.
 * On an OOM in the policy's domain, the victim is one process (not a whole cgroup): among
 * the processes in the OOMing cgroup (the whole system for a global OOM) that may be killed,
 * those in the lowest-priority cgroups, and of those the largest (resident + swapped pages).
 *
 * If the victim it chose last time is still dying, it returns 1 without killing again: the
 * kernel's memory is on its way back, and the governor credits a policy that waits for its
 * victim (until its kill deadline).
 *
 * Priorities live in the `prios` hash map (cgroup id -> priority), filled by the loader
 * and changeable at run time (bpftool map update).  Knobs: default_prio.
 */
#include <memgov/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define MAX_DEPTH 8	/* cgroup levels walked up from a task (systemd trees are 2-4 deep) */
#define OOM_SCORE_ADJ_MIN (-1000)
#define SIGKILL_BIT (1ULL << (9 - 1))
#define PF_EXITING 0x00000004	/* include/linux/sched.h */
#define PF_KTHREAD 0x00200000

extern struct task_struct *bpf_task_from_pid(s32 pid) __weak __ksym;
extern void bpf_task_release(struct task_struct *p) __weak __ksym;

const volatile u32 default_prio = 500;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u64);
	__type(value, u32);
} prios SEC(".maps");

u64 nr_oom, nr_kills, nr_waits, nr_none;
s32 last_victim, last_victim_prio;
u64 last_victim_pages;
int last_err;

/*
 * A cgroup's priority: its own, or its nearest ancestor's; and whether @domain is it or one
 * of its ancestors.  Walked through the cgroup's kernfs directories: a cgroup's id is its
 * directory's, and the parent directory is the parent cgroup.
 */
static u32 prio_of(struct cgroup *cg, u64 domain, bool *in_domain)
{
	struct kernfs_node *kn = cg ? cg->kn : NULL, *k;
	int i;

	/* Two walks, each ending at its answer, keep the verifier's state count linear. */
	*in_domain = !domain;
	for (i = 0, k = kn; i < MAX_DEPTH && k && domain; i++, k = memgov_kn_parent(k)) {
		if (k->id == domain) {
			*in_domain = true;
			break;
		}
	}
	if (!*in_domain)
		return 0;
	for (i = 0, k = kn; i < MAX_DEPTH && k; i++, k = memgov_kn_parent(k)) {
		u64 id = k->id;
		u32 *p = bpf_map_lookup_elem(&prios, &id);

		if (p)
			return *p;
	}
	return default_prio;
}

static u64 pages_of(struct mm_struct *mm)
{
	return mm->rss_stat[MM_FILEPAGES].count + mm->rss_stat[MM_ANONPAGES].count +
	       mm->rss_stat[MM_SHMEMPAGES].count + mm->rss_stat[MM_SWAPENTS].count;
}

/* The victim chosen last time, if it is still on its way out. */
static bool last_victim_dying(void)
{
	struct task_struct *t;
	bool dying;

	if (!last_victim)
		return false;
	t = bpf_task_from_pid(last_victim);
	if (!t)
		return false;
	dying = (t->flags & PF_EXITING) ||
		(t->signal->shared_pending.signal.sig[0] & SIGKILL_BIT) ||
		(t->pending.signal.sig[0] & SIGKILL_BIT);
	bpf_task_release(t);
	return dying;
}

int BPF_STRUCT_OPS(prio_handle_oom, struct memgov_oom_ctx *octx, struct oom_control *oc)
{
	u64 domain = octx->oom_cgroup_id, best_pages = 0;
	u32 best_prio = (u32)-1;
	s32 best_pid = 0;
	struct task_struct *t;
	int err;

	__sync_fetch_and_add(&nr_oom, 1);
	if (last_victim_dying()) {
		__sync_fetch_and_add(&nr_waits, 1);
		return 1;
	}
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS) {
		struct mm_struct *mm = t->mm;
		bool in_domain;
		u64 pages;
		u32 prio;

		if (!mm || (t->flags & (PF_KTHREAD | PF_EXITING)) || t->pid == 1 ||
		    t->signal->oom_score_adj == OOM_SCORE_ADJ_MIN)
			continue;
		prio = prio_of(t->cgroups->dfl_cgrp, domain, &in_domain);
		if (!in_domain)
			continue;
		pages = pages_of(mm);
		if (prio < best_prio || (prio == best_prio && pages > best_pages)) {
			best_prio = prio;
			best_pages = pages;
			best_pid = t->pid;
		}
	}
	if (!best_pid) {
		__sync_fetch_and_add(&nr_none, 1);
		return 0;	/* nothing to choose: the kernel decides */
	}
	t = bpf_task_from_pid(best_pid);
	if (!t)
		return 0;
	err = bpf_memgov_oom_kill(octx, t, "lowest cgroup priority, largest process");
	bpf_task_release(t);
	last_err = err;
	if (err)
		return 0;
	last_victim = best_pid;
	last_victim_prio = best_prio;
	last_victim_pages = best_pages;
	__sync_fetch_and_add(&nr_kills, 1);
	return 1;
}

SEC(".struct_ops.link")
struct memgov_oom_ops oom_prio_ops = {
	.handle_out_of_memory = (void *)prio_handle_oom,
	.name = "oom_prio",
};

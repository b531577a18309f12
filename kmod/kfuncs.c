// SPDX-License-Identifier: GPL-2.0
/*
 * Kfuncs for memgov policies: the trusted OOM kill, the signals 6.12 gives BPF no way to
 * read (a cgroup's usage, limits, memory pressure and event counts) and proactive reclaim.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/page_counter.h>
#include <linux/psi_types.h>
#include <linux/sched/loadavg.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include "call.h"
#include "compat.h"
#include "policy.h"
#include "gov.h"
#include "struct_ops.h"
#include "../include/memgov/kfuncs.h"
#include "hooks.h"
#include "cgfs.h"
#include "psi.h"
#include "oom_declare.h"

__bpf_kfunc_start_defs();

/**
 * bpf_memgov_oom_kill() - kill @task to resolve the OOM being handled
 * @ctx: the handler's context argument
 * @task: a task in the OOMing cgroup (any task for a global OOM); its whole process dies
 * @reason__str: a constant string, logged with the kill
 *
 * Only this marks an OOM handled.  The kernel's own OOM kill path kills the victim right
 * after the handler returns (victim reaped, memory.oom.group honoured; a victim already
 * exiting is waited for, not killed twice).  One victim per OOM.
 *
 * Return: 0; -EINVAL outside handle_out_of_memory(); -EBUSY when a victim was already
 * picked; -EPERM for init, kernel threads and oom_score_adj -1000; -ESRCH when @task has no
 * memory left to free; -EXDEV when @task is outside the OOMing cgroup.
 */
__bpf_kfunc int bpf_memgov_oom_kill(struct memgov_oom_ctx *ctx, struct task_struct *task,
				    const char *reason__str)
{
	return memgov_oom_kill(ctx, task, reason__str);
}

/**
 * bpf_memgov_memcg_usage() - bytes charged to @memcg (memory.current)
 * @memcg: the memory cgroup
 */
__bpf_kfunc u64 bpf_memgov_memcg_usage(struct mem_cgroup *memcg)
{
	if (!memcg)
		return 0;
	return (u64)page_counter_read(&memcg->memory) * PAGE_SIZE;
}

static u64 pages_to_bytes(unsigned long pages)
{
	return pages >= PAGE_COUNTER_MAX ? U64_MAX : (u64)pages * PAGE_SIZE;
}

/**
 * bpf_memgov_memcg_limit() - one limit of @memcg in bytes
 * @memcg: the memory cgroup
 * @which: MEMGOV_LIMIT_*
 *
 * Return: the limit, U64_MAX when there is none or @which is unknown.
 */
__bpf_kfunc u64 bpf_memgov_memcg_limit(struct mem_cgroup *memcg, u32 which)
{
	struct page_counter *c;

	if (!memcg)
		return U64_MAX;
	c = &memcg->memory;
	switch (which) {
	case MEMGOV_LIMIT_MIN:
		return pages_to_bytes(READ_ONCE(c->min));
	case MEMGOV_LIMIT_LOW:
		return pages_to_bytes(READ_ONCE(c->low));
	case MEMGOV_LIMIT_HIGH:
		return pages_to_bytes(READ_ONCE(c->high));
	case MEMGOV_LIMIT_MAX:
		return pages_to_bytes(READ_ONCE(c->max));
	case MEMGOV_LIMIT_EMIN:
		return pages_to_bytes(READ_ONCE(c->emin));
	case MEMGOV_LIMIT_ELOW:
		return pages_to_bytes(READ_ONCE(c->elow));
	}
	return U64_MAX;
}

/**
 * bpf_memgov_memcg_psi() - memory pressure of @memcg's cgroup
 * @memcg: the memory cgroup
 * @which: MEMGOV_PSI_*
 *
 * The kernel refreshes these every 2 s while there is pressure (PSI_FREQ), or when
 * memory.pressure is read.  The root cgroup's pressure is the system's, which 6.12 keeps
 * in an unexported object: it reads as 0 here (read /proc/pressure/memory instead).
 */
__bpf_kfunc u64 bpf_memgov_memcg_psi(struct mem_cgroup *memcg, u32 which)
{
	struct psi_group *g;

	if (!memcg)
		return 0;
	g = READ_ONCE(memcg->css.cgroup->psi);
	if (!g)
		return 0;
	switch (which) {
	case MEMGOV_PSI_SOME_TOTAL_US:
		return div_u64(READ_ONCE(g->total[PSI_AVGS][PSI_MEM_SOME]), NSEC_PER_USEC);
	case MEMGOV_PSI_FULL_TOTAL_US:
		return div_u64(READ_ONCE(g->total[PSI_AVGS][PSI_MEM_FULL]), NSEC_PER_USEC);
	case MEMGOV_PSI_SOME_AVG10:
		return div_u64((u64)READ_ONCE(g->avg[PSI_MEM_SOME][0]) * 10000, FIXED_1);
	case MEMGOV_PSI_FULL_AVG10:
		return div_u64((u64)READ_ONCE(g->avg[PSI_MEM_FULL][0]) * 10000, FIXED_1);
	}
	return 0;
}

/**
 * bpf_memgov_memcg_events() - events of one kind in @memcg's own cgroup
 * @memcg: the memory cgroup
 * @which: MEMGOV_EVENT_*
 *
 * Counted by memgov from the first call of this kfunc while any policy is attached; the
 * first calls read 0 while the counters are being switched on.
 */
__bpf_kfunc u64 bpf_memgov_memcg_events(struct mem_cgroup *memcg, u32 which)
{
	if (!memcg || which > MEMGOV_EVENT_REFAULT)
		return 0;
	/* Counting costs a probe on every fault: it starts with the first read. */
	memgov_hooks_want_events();
	return memgov_events_read(cgroup_id(memcg->css.cgroup), which);
}

/**
 * bpf_memgov_swap_total() - bytes of swap the system has (SwapTotal; 0 without swap)
 *
 * As of the last PSI event memgov delivered (read just before each handle_psi_event() and
 * each PSI policy's init(): fresh there), else of the latest one.
 */
__bpf_kfunc u64 bpf_memgov_swap_total(void)
{
	return memgov_psi_swap_total();
}

/**
 * bpf_memgov_swap_usage() - bytes of swap in use
 * @memcg__nullable: a memory cgroup (its memory.swap.current, descendants included), or NULL
 *	for the whole system (SwapTotal - SwapFree, swap cache counted as used)
 */
__bpf_kfunc u64 bpf_memgov_swap_usage(struct mem_cgroup *memcg__nullable)
{
	u64 total, free;

	if (memcg__nullable)
		return (u64)page_counter_read(&memcg__nullable->swap) * PAGE_SIZE;
	total = memgov_psi_swap_total();
	free = (u64)max(get_nr_swap_pages(), 0L) * PAGE_SIZE;
	return total > free ? total - free : 0;
}

/*
 * The policy @self names; caller holds RCU.  0 is the policy whose callback this very context
 * entered: not one that an interrupt, a softirq timer or a bpf_wq running here interrupted.
 */
static struct memgov_policy *self_policy(u64 self)
{
	struct memgov_policy *p;

	p = self ? memgov_policy_by_token(self) : memgov_running_here();
	return p && memgov_policy_live(p) ? p : NULL;
}

/**
 * bpf_memgov_cgroup_reclaim() - reclaim @bytes from a cgroup, as memory.reclaim does
 * @self: the handle from bpf_memgov_self() of the calling policy
 * @cgroup_id: a cgroup in the policy's own subtree (the policy's cgroup or below; never the
 *	root cgroup)
 * @bytes: how much to reclaim
 * @swappiness: 0..200, or -1 for the cgroup's default
 *
 * Sleepable: call it from a bpf_wq callback, never from the charge path.  The cgroup is
 * found in the cgroup2 hierarchy memgov pinned (not in the caller's namespace) and stays
 * referenced until the write is done.
 *
 * Return: 0 when all was reclaimed, -EAGAIN when less could be, -ESRCH when @self names no
 * attached policy (it was ejected or detached: its jobs do nothing), -ENOENT for an unknown
 * cgroup, -EPERM for a cgroup outside the policy's subtree or the root, -EINVAL for bad
 * arguments.
 */
__bpf_kfunc int bpf_memgov_cgroup_reclaim(u64 self, u64 cgroup_id, u64 bytes, int swappiness)
{
	struct memgov_policy *p;
	struct cgroup *cgrp;
	struct file *f;
	char cmd[48];
	loff_t pos = 0;
	bool inside;
	ssize_t n;
	int len;

	if (!bytes || swappiness < -1 || swappiness > 200)
		return -EINVAL;
	cgrp = cgroup_get_from_id(cgroup_id);
	if (IS_ERR(cgrp))
		return -ENOENT;
	rcu_read_lock();
	/* Sleepable: never inside a callback, so 0 names no policy. */
	p = self_policy(self);
	if (!p) {
		rcu_read_unlock();
		cgroup_put(cgrp);
		return -ESRCH;
	}
	inside = cgroup_parent(cgrp) && (!p->cgrp || cgroup_is_descendant(cgrp, p->cgrp));
	rcu_read_unlock();
	if (!inside) {
		cgroup_put(cgrp);
		return -EPERM;
	}
	f = memgov_cgfs_open(cgrp, "memory.reclaim", O_WRONLY);
	if (IS_ERR(f)) {
		cgroup_put(cgrp);
		return PTR_ERR(f);
	}
	if (swappiness >= 0)
		len = scnprintf(cmd, sizeof(cmd), "%llu swappiness=%d", bytes, swappiness);
	else
		len = scnprintf(cmd, sizeof(cmd), "%llu", bytes);
	n = kernel_write(f, cmd, len, &pos);
	filp_close(f, NULL);
	cgroup_put(cgrp);
	return n < 0 ? n : 0;
}

/**
 * bpf_memgov_self() - a handle on the calling policy, for its bpf_wq/timer callbacks
 *
 * Inside a struct_ops callback, returns a secret handle on the policy; store it and pass it
 * as @self to bpf_memgov_error() and the watchdog kfuncs from code that is not a callback
 * (a bpf_wq or timer callback).  Inside a callback, 0 works as @self too.
 *
 * Return: the handle, or 0 outside a callback.
 */
__bpf_kfunc u64 bpf_memgov_self(void)
{
	struct memgov_policy *p = memgov_running_here();

	return p ? p->token : 0;
}

/**
 * bpf_memgov_error() - eject the calling policy with its own message
 * @self: 0 inside a callback, else the handle from bpf_memgov_self()
 * @msg__str: a constant string, kept in the exit record
 *
 * Like scx_bpf_error(): the policy knows it cannot go on; the kernel's default behaviour
 * resumes.  The ejection happens shortly after, in process context.
 *
 * Return: 0, or -ENOENT when @self names no attached policy.
 */
__bpf_kfunc int bpf_memgov_error(u64 self, const char *msg__str)
{
	struct memgov_policy *p;
	int err = -ENOENT;

	rcu_read_lock();
	p = self_policy(self);
	if (p) {
		memgov_gov_eject(p, MEMGOV_EXIT_ERROR, "the policy called bpf_memgov_error()",
				 msg__str);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

/**
 * bpf_memgov_watchdog_arm() - eject the policy unless it pets within @period_ms
 * @self: 0 inside a callback, else the handle from bpf_memgov_self()
 * @period_ms: 10 ms to 60 s
 *
 * For a policy's own periodic work (a bpf_wq or timer loop): arm once, pet every round;
 * a missed deadline ejects the policy with exit kind watchdog.
 *
 * Return: 0, -EINVAL for a period out of range, -ENOENT for an unknown @self.
 */
__bpf_kfunc int bpf_memgov_watchdog_arm(u64 self, u64 period_ms)
{
	struct memgov_policy *p;
	int err = -ENOENT;

	if (period_ms < 10 || period_ms > 60000)
		return -EINVAL;
	rcu_read_lock();
	p = self_policy(self);
	if (p) {
		memgov_gov_watchdog_arm(p, period_ms * NSEC_PER_MSEC);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

/**
 * bpf_memgov_watchdog_pet() - push the armed deadline one period further
 * @self: 0 inside a callback, else the handle from bpf_memgov_self()
 *
 * Return: 0, -EALREADY when not armed, -ENOENT for an unknown @self.
 */
__bpf_kfunc int bpf_memgov_watchdog_pet(u64 self)
{
	struct memgov_policy *p;
	int err = -ENOENT;

	rcu_read_lock();
	p = self_policy(self);
	if (p)
		err = memgov_gov_watchdog_pet(p) ? 0 : -EALREADY;
	rcu_read_unlock();
	return err;
}

/**
 * bpf_memgov_watchdog_disarm() - stop the watchdog
 * @self: 0 inside a callback, else the handle from bpf_memgov_self()
 *
 * Return: 0, or -ENOENT for an unknown @self.
 */
__bpf_kfunc int bpf_memgov_watchdog_disarm(u64 self)
{
	struct memgov_policy *p;
	int err = -ENOENT;

	rcu_read_lock();
	p = self_policy(self);
	if (p) {
		memgov_gov_watchdog_disarm(p);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

/**
 * bpf_out_of_memory() - declare an OOM in a cgroup (upstream's kfunc of that name)
 * @memcg__nullable: the memory cgroup; NULL (the whole system) is not supported on 6.12
 * @order: order of the allocation that failed, 0 .. MAX_PAGE_ORDER
 * @flags: BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK accepted (the OOM runs right after the call, in
 *	memgov's own thread, so nothing waits)
 *
 * PSI policies only, from handle_psi_event() of a trigger on the cgroup or an ancestor.  The
 * cgroup's OOM then runs through the kernel's memcg OOM path: memgov's OOM policies, then the
 * kernel's killer.  kmod/oom_declare.c says how, and the governor's rules.
 *
 * Return: 0 declared; -EINVAL, -EOPNOTSUPP (root), -EPERM (outside the policy's cgroup, or no
 * pressure there: a strike), -EAGAIN (oom_declare_interval_ms), -EBUSY (one runs).
 */
__bpf_kfunc int bpf_out_of_memory(struct mem_cgroup *memcg__nullable, int order, u64 flags)
{
	return memgov_oom_declare(memcg__nullable, order, flags);
}

#ifndef MEMGOV_KERNEL_HAS_MEMCG_KFUNCS
/**
 * bpf_get_mem_cgroup() - the memory cgroup of @css's cgroup, referenced (upstream's, 7.0)
 * @css: any css of the cgroup (&cgroup->self from bpf_cgroup_from_id())
 *
 * Return: the memcg, to release with bpf_put_mem_cgroup(); NULL when the cgroup has no
 * memory controller.
 */
__bpf_kfunc struct mem_cgroup *bpf_get_mem_cgroup(struct cgroup_subsys_state *css)
{
	struct cgroup_subsys_state *mcss;
	struct mem_cgroup *memcg = NULL;

	rcu_read_lock();
	mcss = rcu_dereference(css->cgroup->subsys[memory_cgrp_id]);
	if (mcss && css_tryget(mcss))
		memcg = mem_cgroup_from_css(mcss);
	rcu_read_unlock();
	return memcg;
}

/** bpf_put_mem_cgroup() - release a memcg from bpf_get_mem_cgroup() */
__bpf_kfunc void bpf_put_mem_cgroup(struct mem_cgroup *memcg)
{
	css_put(&memcg->css);
}
#endif

/**
 * bpf_psi_create_trigger() - watch a cgroup's pressure (upstream's kfunc of that name)
 * @psi: the policy's handle, from its callback's arguments
 * @cgroup_id: the cgroup (0: the whole system); at or under the policy's cgroup
 * @resource: PSI_IO, PSI_MEM or PSI_CPU, | BPF_PSI_FULL for "full" stall
 * @threshold_us: stall within the window that raises handle_psi_event()
 * @window_us: the window, 500 ms to 10 s
 *
 * The trigger lives until the policy detaches or the cgroup goes away (then
 * handle_cgroup_offline()).  Kernel trigger semantics, sampled: kmod/psi.c.
 *
 * Return: 0; -EINVAL, -ENOENT, -EPERM (outside the policy's cgroup), -ENOSPC, -ENOMEM.
 */
__bpf_kfunc int bpf_psi_create_trigger(struct memgov_psi_ctx *psi, u64 cgroup_id, u32 resource,
				       u32 threshold_us, u32 window_us)
{
	return memgov_psi_trigger_create(psi, cgroup_id, resource, threshold_us, window_us);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(memgov_kfunc_ids)
BTF_ID_FLAGS(func, bpf_memgov_oom_kill, KF_RCU)
BTF_ID_FLAGS(func, bpf_memgov_memcg_usage, KF_RCU)
BTF_ID_FLAGS(func, bpf_memgov_memcg_limit, KF_RCU)
BTF_ID_FLAGS(func, bpf_memgov_memcg_psi, KF_RCU)
BTF_ID_FLAGS(func, bpf_memgov_memcg_events, KF_RCU)
BTF_ID_FLAGS(func, bpf_memgov_swap_total)
BTF_ID_FLAGS(func, bpf_memgov_swap_usage, KF_RCU)
BTF_ID_FLAGS(func, bpf_memgov_cgroup_reclaim, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpf_memgov_self)
BTF_ID_FLAGS(func, bpf_memgov_error)
BTF_ID_FLAGS(func, bpf_memgov_watchdog_arm)
BTF_ID_FLAGS(func, bpf_memgov_watchdog_pet)
BTF_ID_FLAGS(func, bpf_memgov_watchdog_disarm)
BTF_ID_FLAGS(func, bpf_psi_create_trigger, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_out_of_memory, KF_TRUSTED_ARGS)
#ifndef MEMGOV_KERNEL_HAS_MEMCG_KFUNCS
BTF_ID_FLAGS(func, bpf_get_mem_cgroup, KF_ACQUIRE | KF_RET_NULL | KF_RCU)
BTF_ID_FLAGS(func, bpf_put_mem_cgroup, KF_RELEASE)
#endif
BTF_KFUNCS_END(memgov_kfunc_ids)

/*
 * The kfuncs are for memgov's own struct_ops types: without this, every struct_ops program
 * (tcp_congestion_ops in softirq, sched_ext) could call them.
 *
 * The kernel consults this filter only for kfuncs of memgov's own module BTF, so it does not
 * look @kfunc_id up in memgov_kfunc_ids: a module built with a pahole that emits distilled
 * base BTF (trixie's) has its BTF ids relocated at load, in the kernel's copy of the set
 * (btf_relocate_id()) but not in memgov_kfunc_ids, and such a lookup missed every kfunc and
 * let foreign programs through (seen on Debian 13's 6.12.118).
 */
static int memgov_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	return memgov_struct_ops_prog(prog) ? 0 : -EACCES;
}

static const struct btf_kfunc_id_set memgov_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &memgov_kfunc_ids,
	.filter = memgov_kfunc_filter,
};

int memgov_kfuncs_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &memgov_kfunc_set);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * OOMs declared by PSI policies: upstream's bpf_out_of_memory(memcg, order, flags), on 6.12.
 *
 * Upstream's kfunc calls out_of_memory() under oom_lock.  6.12 exports neither, and calling
 * an unexported function through its address faults under IBT, which Debian's kernel
 * enables.  So the declared OOM goes through a kernel path that reaches the memcg OOM killer
 * on request: writing the cgroup's memory.max below its usage (memory_max_write(), the
 * admin's own interface).  That path first drains the per-CPU stocks and reclaims up to 16
 * times, then declares the OOM with mem_cgroup_out_of_memory(): oom_lock, the memgov OOM
 * policies of the cgroup and its ancestors, then the kernel's killer, so the reaper,
 * memory.oom.group, oom_score_adj and the kill ledger all apply, as for any memcg OOM.
 *
 * Two ftrace hooks, acting only in memgov's own declaring thread while its write runs, make
 * that write a declaration and nothing more: try_to_free_mem_cgroup_pages() returns 0 at
 * once (a declared OOM is one that reclaim is not to be tried for: the pressure that
 * justified it is reclaim failing), and mem_cgroup_out_of_memory() runs once: a second call
 * (the loop going round while the victim dies) returns "nothing killed", which ends the
 * write.  Then memory.max gets its old value back, unless someone wrote it meanwhile.  The
 * limit written is under the usage by more than the per-CPU charge stocks may hold (64 pages
 * a CPU: the write drains them first, and a limit they cover would end it before any OOM).
 * For the microseconds between the write and the kill, a task of the cgroup that charges
 * meets that limit and reclaims, or waits for the victim like any charge that meets an OOM.
 *
 * One declaration at a time (-EBUSY), for a cgroup, not the root (6.12 has no memory.max
 * there: -EOPNOTSUPP).  The governor's rules: only from handle_psi_event() of a trigger on
 * that cgroup or an ancestor (else a strike), at most one per oom_declare_interval_ms per
 * policy, recorded (not run) in shadow mode; each declaration is logged with the pressure
 * that justified it.
 */
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/mmzone.h>
#include <linux/page_counter.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include "../include/memgov/kfuncs.h"
#include "call.h"
#include "policy.h"
#include "gov.h"
#include "config.h"
#include "cgfs.h"
#include "hooks.h"
#include "psi.h"
#include "oom_declare.h"

struct decl {
	struct mem_cgroup *memcg;	/* referenced; NULL: none pending */
	u64 cgroup_id;
	char policy[MEMGOV_NAME_LEN];
	char why[MEMGOV_MSG_LEN];
};

static DEFINE_SPINLOCK(decl_lock);
static struct decl pending;		/* under decl_lock */
static bool busy;			/* a declaration pending or running */
static DECLARE_WAIT_QUEUE_HEAD(decl_wait);
static DECLARE_WAIT_QUEUE_HEAD(decl_done);
static struct task_struct *declarer;	/* the thread that runs them */
static struct task_struct *running;	/* == declarer while its memory.max write runs */
static unsigned int oom_calls;		/* mem_cgroup_out_of_memory() calls in that write */

/* --- the hooks: only the declaring thread, only during its write ---------------------- */

static noinline unsigned long declare_no_reclaim(void)
{
	return 0;
}

static noinline bool declare_no_second_oom(void)
{
	return false;
}

static void reclaim_fentry(struct ftrace_regs *fregs)
{
	if (current == READ_ONCE(running))
		ftrace_regs_set_instruction_pointer(fregs, (unsigned long)declare_no_reclaim);
}
MEMGOV_FENTRY(reclaim_ftrace, reclaim_fentry)

static void memcg_oom_fentry(struct ftrace_regs *fregs)
{
	if (current == READ_ONCE(running) && oom_calls++)
		ftrace_regs_set_instruction_pointer(fregs, (unsigned long)declare_no_second_oom);
}
MEMGOV_FENTRY(memcg_oom_ftrace, memcg_oom_fentry)

static struct memgov_probe declare_probes[] = {
	{ .symbol = "try_to_free_mem_cgroup_pages",
	  .params = "memcg:mem_cgroup,nr_pages,gfp_mask,reclaim_options,swappiness",
	  .fentry = reclaim_ftrace, .ipmodify = true },
	{ .symbol = "mem_cgroup_out_of_memory", .params = "memcg:mem_cgroup,gfp_mask,order",
	  .fentry = memcg_oom_ftrace, .ipmodify = true },
};

const struct memgov_hook_desc memgov_hook_declare = {
	.name = "declare",
	.probes = declare_probes,
	.nprobes = ARRAY_SIZE(declare_probes),
};

/* --- the declaration ---------------------------------------------------------------- */

/* Is @cgrp, or an ancestor of it, the cgroup with @id (0: the root)? */
static bool at_or_under_id(const struct cgroup *cgrp, u64 id)
{
	int level;

	if (!id)
		return true;
	for (level = cgrp->level; level > 0; level--)
		if (cgroup_id(cgrp->ancestors[level]) == id)
			return true;
	return false;
}

/**
 * memgov_oom_declare() - a PSI policy declares an OOM in @memcg
 * @memcg: the memory cgroup (not the root)
 * @order: the order of the allocation that could not be served (0 .. MAX_PAGE_ORDER)
 * @flags: BPF_OOM_FLAGS_*
 *
 * Called by the policy's callback (any context); the OOM runs right after, in memgov's
 * declaring thread.
 *
 * Return: 0 declared (or, in shadow mode, recorded); -EINVAL outside a PSI policy's callback
 * or for bad @order / @flags; -EOPNOTSUPP for the root; -EPERM for a cgroup outside the
 * policy's, or without its trigger firing there (a strike); -EBUSY while a declaration (its
 * own or another policy's) is pending or running; -EAGAIN within oom_declare_interval_ms of
 * its last one.
 */
int memgov_oom_declare(struct mem_cgroup *memcg, int order, u64 flags)
{
	struct memgov_policy *p = memgov_running_here();
	const struct memgov_psi_trigger *t;
	struct cgroup *cgrp;
	char why[MEMGOV_MSG_LEN];
	unsigned long irqflags;
	u64 now = ktime_get_ns(), interval_ns, id;

	if (!p || p->type != MEMGOV_POLICY_PSI || order < 0 || order > MAX_PAGE_ORDER ||
	    (flags & ~(u64)BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK))
		return -EINVAL;
	if (!memcg || !memcg->css.parent)
		return -EOPNOTSUPP;
	cgrp = memcg->css.cgroup;
	id = cgroup_id(cgrp);
	if (p->cgrp && !cgroup_is_descendant(cgrp, p->cgrp))
		return -EPERM;
	t = memgov_psi_firing(p);
	if (!t || !at_or_under_id(cgrp, t->cgroup_id)) {
		scnprintf(why, sizeof(why), "declared an OOM in cgroup %llu without pressure there (%s)",
			  id, t ? "its trigger fired on another cgroup" : "no trigger fired");
		memgov_gov_strike(p, why);
		return -EPERM;
	}
	scnprintf(why, sizeof(why), "%s %s stall %llu us within %u us, threshold %u us, cgroup %llu",
		  (t->resource & ~BPF_PSI_FULL) == PSI_MEM ? "memory" :
		  (t->resource & ~BPF_PSI_FULL) == PSI_IO ? "io" : "cpu",
		  t->resource & BPF_PSI_FULL ? "full" : "some", t->growth_us, t->window_us,
		  t->threshold_us, t->cgroup_id);
	/* One OOM at a time: a declaration still running answers first. */
	if (READ_ONCE(busy))
		return -EBUSY;
	interval_ns = memgov_cfg_get_for(p->cgroup_id, MEMGOV_CFG_A_OOM_DECLARE_INTERVAL_MS) *
		      NSEC_PER_MSEC;
	if (p->last_declare_ns && now - p->last_declare_ns < interval_ns)
		return -EAGAIN;
	if (p->flags & MEMGOV_F_SHADOW) {
		char what[MEMGOV_MSG_LEN];

		p->last_declare_ns = now;
		scnprintf(what, sizeof(what), "would declare an OOM in cgroup %llu (%s)", id, why);
		memgov_gov_shadow(p, true, what);
		return 0;
	}
	if (!css_tryget(&memcg->css))
		return -ENOENT;
	spin_lock_irqsave(&decl_lock, irqflags);
	if (busy || !declarer) {
		spin_unlock_irqrestore(&decl_lock, irqflags);
		css_put(&memcg->css);
		return -EBUSY;
	}
	busy = true;
	pending.memcg = memcg;
	pending.cgroup_id = id;
	strscpy(pending.policy, p->name, sizeof(pending.policy));
	strscpy(pending.why, why, sizeof(pending.why));
	spin_unlock_irqrestore(&decl_lock, irqflags);
	p->last_declare_ns = now;
	atomic64_inc(&p->applied);
	wake_up(&decl_wait);
	return 0;
}

static long oom_kills(struct mem_cgroup *memcg)
{
	return atomic_long_read(&memcg->memory_events[MEMCG_OOM_KILL]);
}

/* Tries of a declaration whose OOM found room made meanwhile; the gap grows each time. */
#define DECLARE_TRIES 3

/*
 * One memory.max write under the usage by @gap pages more than the stocks may hold.
 * Return: the write's result; *@changed when someone else wrote memory.max meanwhile.
 */
static ssize_t declare_write(struct mem_cgroup *memcg, struct file *f, const char *old,
			     unsigned long gap, bool *changed)
{
	/*
	 * Under the usage by more than what the per-CPU stocks may hold: memory_max_write()
	 * drains them first, and a limit they cover would end the write before any OOM.
	 */
	unsigned long usage = page_counter_read(&memcg->memory);
	unsigned long slack = 1 + MEMCG_CHARGE_BATCH * num_online_cpus() + gap;
	unsigned long lowered = usage > slack ? usage - slack : 0;
	char val[32];
	loff_t pos = 0;
	ssize_t n;

	scnprintf(val, sizeof(val), "%lu", lowered * PAGE_SIZE);
	oom_calls = 0;
	WRITE_ONCE(running, current);
	n = kernel_write(f, val, strlen(val), &pos);
	WRITE_ONCE(running, NULL);
	/* The old limit back, unless an admin (or the kernel) wrote another meanwhile. */
	*changed = READ_ONCE(memcg->memory.max) != lowered;
	if (!*changed) {
		pos = 0;
		if (kernel_write(f, old, strlen(old), &pos) < 0)
			pr_err("declared OOM in cgroup %llu: could not restore memory.max %s\n",
			       cgroup_id(memcg->css.cgroup), old);
	}
	return n;
}

static void run(struct decl *d)
{
	struct mem_cgroup *memcg = d->memcg;
	struct cgroup *cgrp = memcg->css.cgroup;
	long kills = oom_kills(memcg);
	bool changed = false, room;
	const char *result;
	unsigned int try;
	char old[32];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	pr_info("policy '%s' declared an OOM in cgroup %llu: %s\n", d->policy, d->cgroup_id,
		d->why);
	if (page_counter_read(&memcg->memory) < 2) {
		pr_info("declared OOM in cgroup %llu: nothing charged there\n", d->cgroup_id);
		return;
	}
	f = memgov_cgfs_open(cgrp, "memory.max", O_RDWR);
	if (IS_ERR(f)) {
		pr_warn("declared OOM in cgroup %llu: cannot open its memory.max: %ld\n",
			d->cgroup_id, PTR_ERR(f));
		return;
	}
	n = kernel_read(f, old, sizeof(old) - 1, &pos);
	if (n <= 0) {
		pr_warn("declared OOM in cgroup %llu: cannot read its memory.max: %zd\n",
			d->cgroup_id, n);
		goto out;
	}
	old[n] = '\0';
	strim(old);
	/*
	 * Upstream's bpf_out_of_memory() runs out_of_memory() itself: no margin check, a kill
	 * unless a victim still dies.  Here the kernel's memcg OOM checks the margin under
	 * oom_lock, and in a thrashing machine kswapd may swap enough of the cgroup out between
	 * the write and that check to leave room under the lowered limit: nothing killed, the
	 * write ends (one OOM call, no kill; a victim still dying makes a second call).  Then
	 * the declaration tries again under a wider gap: 1/32, then 1/8 of the usage.  (A
	 * cgroup with nothing killable looks the same: one OOM call, no kill; its tries are
	 * three OOM reports.)
	 */
	for (try = 0; try < DECLARE_TRIES; try++) {
		unsigned long gap = try ? page_counter_read(&memcg->memory) >> (7 - 2 * try) : 0;

		n = declare_write(memcg, f, old, gap, &changed);
		room = oom_calls < 2 && oom_kills(memcg) == kills;
		if (n < 0 || changed || !room)
			break;
	}
	if (changed)
		pr_info("declared OOM in cgroup %llu: memory.max was changed meanwhile, left as is\n",
			d->cgroup_id);
	if (n < 0)
		result = "the kernel refused the request";
	else if (oom_kills(memcg) != kills)
		result = try ? "the OOM killer killed (room had been made meanwhile: tried again)" :
			       "the OOM killer killed";
	else if (room)
		result = "nothing killed: room was made meanwhile each time, or none could be killed";
	else
		result = "nothing killed (a victim was still dying)";
	pr_info("declared OOM in cgroup %llu: %s\n", d->cgroup_id, result);
out:
	filp_close(f, NULL);
}

static int declarer_fn(void *arg)
{
	while (!kthread_should_stop()) {
		struct decl d;

		wait_event_interruptible(decl_wait,
					 READ_ONCE(pending.memcg) || kthread_should_stop());
		spin_lock_irq(&decl_lock);
		d = pending;
		pending.memcg = NULL;
		spin_unlock_irq(&decl_lock);
		if (!d.memcg)
			continue;
		run(&d);
		css_put(&d.memcg->css);
		spin_lock_irq(&decl_lock);
		busy = false;
		spin_unlock_irq(&decl_lock);
		wake_up_all(&decl_done);
	}
	return 0;
}

/*
 * Wait for a declaration pending or running to end.  A PSI policy's detach calls it before
 * its hooks go: without them, the memory.max write would reclaim and then kill until the
 * cgroup fits under the lowered limit.
 */
void memgov_oom_declare_wait(void)
{
	wait_event(decl_done, !READ_ONCE(busy) || !READ_ONCE(declarer));
}

int memgov_oom_declare_init(void)
{
	struct task_struct *t = kthread_run(declarer_fn, NULL, "memgov_oom");

	if (IS_ERR(t))
		return PTR_ERR(t);
	spin_lock_irq(&decl_lock);
	declarer = t;
	spin_unlock_irq(&decl_lock);
	return 0;
}

void memgov_oom_declare_exit(void)
{
	struct task_struct *t;

	spin_lock_irq(&decl_lock);
	t = declarer;
	declarer = NULL;
	spin_unlock_irq(&decl_lock);
	if (t)
		kthread_stop(t);
	/* Every policy is gone before the module: nothing can be pending. */
	if (pending.memcg)
		css_put(&pending.memcg->css);
	pending.memcg = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Charge throttling: a policy's memcg_charged() returns a delay; the charging task sleeps
 * it at its next return to user space, the way the kernel applies its own memory.high
 * penalty (mem_cgroup_handle_over_high()): in process context, with no locks held,
 * killable, and accounted as a memory stall in PSI.
 *
 * A task collects at most one pending delay: later charges before it returns to user space
 * raise it up to the ceiling instead of queueing more sleeps.
 */
#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/psi.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>
#include "stats.h"
#include "hooks.h"

struct throttle {
	struct callback_head cb;
	struct hlist_node node;
	struct task_struct *task;
	unsigned int ms;
};

static DEFINE_HASHTABLE(pending, 8);
static DEFINE_SPINLOCK(pending_lock);

static void throttle_fn(struct callback_head *cb)
{
	struct throttle *t = container_of(cb, struct throttle, cb);
	unsigned long pflags, flags, t0;
	unsigned int ms;

	spin_lock_irqsave(&pending_lock, flags);
	hash_del(&t->node);
	ms = t->ms;
	spin_unlock_irqrestore(&pending_lock, flags);
	kfree(t);

	/* An exiting task frees memory; do not hold it back. */
	if (!(current->flags & PF_EXITING) && !fatal_signal_pending(current)) {
		psi_memstall_enter(&pflags);
		t0 = jiffies;
		schedule_timeout_killable(msecs_to_jiffies(ms));
		psi_memstall_leave(&pflags);
		memgov_stat_inc(MEMGOV_STATS_A_DELAYS);
		memgov_stat_add(MEMGOV_STATS_A_DELAY_MS, jiffies_to_msecs(jiffies - t0));
	}
	/* Taken when queued: the module cannot go while a delay is pending. */
	module_put(THIS_MODULE);
}

/**
 * memgov_throttle_current() - delay the current task at its return to user space
 * @ms: the delay, already clamped to MEMGOV_DELAY_MAX_MS
 *
 * Any context the charge hook runs in (preemption disabled); @ms is already clamped.
 *
 * Return: the delay added to what the task will serve (0 when a pending one was as long),
 * which the governor judges against the policy's delay budget.
 */
unsigned int memgov_throttle_current(unsigned int ms)
{
	struct throttle *t;
	unsigned long flags;
	unsigned int added;

	spin_lock_irqsave(&pending_lock, flags);
	hash_for_each_possible(pending, t, node, (unsigned long)current) {
		if (t->task == current) {
			added = ms > t->ms ? ms - t->ms : 0;
			t->ms = max(t->ms, ms);
			spin_unlock_irqrestore(&pending_lock, flags);
			return added;
		}
	}
	spin_unlock_irqrestore(&pending_lock, flags);

	t = kzalloc(sizeof(*t), GFP_NOWAIT | __GFP_NOWARN);
	if (!t)
		return 0;
	if (!try_module_get(THIS_MODULE)) {
		kfree(t);
		return 0;
	}
	t->task = current;
	t->ms = ms;
	init_task_work(&t->cb, throttle_fn);
	spin_lock_irqsave(&pending_lock, flags);
	hash_add(pending, &t->node, (unsigned long)current);
	spin_unlock_irqrestore(&pending_lock, flags);
	if (task_work_add(current, &t->cb, TWA_RESUME)) {
		/* Exiting: task_work_add() refuses, nothing will run it. */
		spin_lock_irqsave(&pending_lock, flags);
		hash_del(&t->node);
		spin_unlock_irqrestore(&pending_lock, flags);
		kfree(t);
		module_put(THIS_MODULE);
		return 0;
	}
	return ms;
}

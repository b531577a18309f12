// SPDX-License-Identifier: GPL-2.0
/*
 * The governor's kernel side: it feeds what the hooks see (callback times, kills, claims)
 * to the verdict logic in governor/, and carries out the ejections it decides.
 *
 * Verdicts can be reached in any context (a charge hook in an interrupt, the OOM path under
 * oom_lock), so an ejection is only requested there; a worker carries it out in process
 * context, by policy id.  A periodic tick, running while any policy is attached, judges the
 * kill ledger's deadlines and the policies' armed watchdogs.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/oom.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "call.h"
#include "compat.h"
#include "policy.h"
#include "config.h"
#include "gov.h"
#include "stats.h"
#include "thrash_sampler.h"
#include "ledger.h"
#include "hooks.h"

/* The governor's window for callback time budgets and clamp counts. */
#define BUDGET_WINDOW_MS 1000

#define TICK_MS 50

DEFINE_PER_CPU(struct memgov_running, memgov_running);
DEFINE_PER_CPU(struct memgov_sampler, memgov_sampler);
DEFINE_PER_CPU(struct memgov_time_carry, memgov_time_carry);

struct eject_req {
	struct list_head node;
	u64 id;
	u32 kind;
	char reason[MEMGOV_MSG_LEN];
	char msg[MEMGOV_MSG_LEN];
};

static LIST_HEAD(reqs);
/* The victims of the ledger's kills, by reference (a pid number can be reused). */
static struct pid *victims[MEMGOV_LEDGER_LEN];
static DEFINE_SPINLOCK(reqs_lock);
static struct workqueue_struct *gov_wq;
static struct memgov_ledger ledger;
static DEFINE_SPINLOCK(ledger_lock);
/* Recent victims of OOMs a (non-shadow) policy took part in (under ledger_lock). */
static struct kernel_victim {
	struct pid *pid;
	u64 cgroup_id;
	u64 deadline;		/* ns */
} kvictims[4];
static unsigned int kvictim_next;

static void eject_workfn(struct work_struct *work);
static DECLARE_WORK(eject_work, eject_workfn);
static void tick_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(tick_work, tick_workfn);
static unsigned long ticks;

bool memgov_gov_refuse_attach(void)
{
	return READ_ONCE(memgov_cfg.refuse_attach);
}

/* The limits for a policy: its cgroup's overrides, else the global ones. */
static void limits_of(const struct memgov_policy *p, struct memgov_limits *lim)
{
	/* PSI callbacks run off the hot paths, in a work item, and may walk tasks: OOM limits. */
	bool oom = p->type == MEMGOV_POLICY_OOM || p->type == MEMGOV_POLICY_PSI;
	u64 cg = p->cgroup_id;

	lim->strikes_max = max_t(u64, memgov_cfg_get_for(cg, MEMGOV_CFG_A_STRIKES_MAX), 1);
	lim->call_ceiling_ns = memgov_cfg_get_for(cg, oom ? MEMGOV_CFG_A_OOM_CEILING_US :
							    MEMGOV_CFG_A_MEMCG_CEILING_US) *
			       NSEC_PER_USEC;
	lim->budget_ns = memgov_cfg_get_for(cg, oom ? MEMGOV_CFG_A_OOM_BUDGET_US :
						      MEMGOV_CFG_A_MEMCG_BUDGET_US) * NSEC_PER_USEC;
	lim->budget_window_ns = (u64)BUDGET_WINDOW_MS * NSEC_PER_MSEC;
	lim->clamps_max = memgov_cfg_get_for(cg, MEMGOV_CFG_A_CLAMPS_MAX);
	lim->delay_budget_ms = memgov_cfg_get_for(cg, MEMGOV_CFG_A_DELAY_BUDGET_MS);
}

/**
 * memgov_gov_clamped() - @p returned a value out of range, which was clamped
 * @p: the policy
 * @what: what kind of value, plural ("delays")
 */
void memgov_gov_clamped(struct memgov_policy *p, const char *what)
{
	struct memgov_limits lim;
	unsigned long flags;
	u32 v;

	atomic64_inc(&p->clamped);
	memgov_stat_inc(MEMGOV_STATS_A_CLAMPS);
	limits_of(p, &lim);
	spin_lock_irqsave(&p->judge_lock, flags);
	v = memgov_judge_clamp_hit(&p->judge, &lim, ktime_get_ns(), what);
	spin_unlock_irqrestore(&p->judge_lock, flags);
	if (v != MEMGOV_EXIT_NONE)
		memgov_gov_eject(p, v, p->judge.why, NULL);
}

int memgov_gov_policy_init(struct memgov_policy *p)
{
	struct memgov_limits lim;

	p->eject_req = kzalloc(sizeof(*p->eject_req), GFP_KERNEL);
	if (!p->eject_req)
		return -ENOMEM;
	limits_of(p, &lim);
	p->ceiling_us = div_u64(lim.call_ceiling_ns, NSEC_PER_USEC);
	spin_lock_init(&p->judge_lock);
	memgov_judge_init(&p->judge, &lim);
	atomic_set(&p->verdict, 0);
	p->token = get_random_u64() | 1;
	return 0;
}

/**
 * memgov_gov_eject() - request the ejection of @p, from any context
 * @p: the policy, seen by the caller under RCU
 * @kind: MEMGOV_EXIT_*
 * @why: what the governor saw
 * @msg: the policy's own message, or NULL
 */
void memgov_gov_eject(struct memgov_policy *p, u32 kind, const char *why, const char *msg)
{
	struct eject_req *r;
	unsigned long flags;

	if (atomic_xchg(&p->verdict, 1))
		return;	/* one verdict is enough */
	/* From here on the hooks skip @p (memgov_policy_live()). */
	r = xchg(&p->eject_req, NULL);
	if (WARN_ON_ONCE(!r))
		return;
	r->id = p->id;
	r->kind = kind;
	strscpy(r->reason, why ?: "", sizeof(r->reason));
	strscpy(r->msg, msg ?: "", sizeof(r->msg));
	spin_lock_irqsave(&reqs_lock, flags);
	list_add_tail(&r->node, &reqs);
	spin_unlock_irqrestore(&reqs_lock, flags);
	pr_warn("ejecting policy '%s': %s: %s%s%s\n", p->name, memgov_exit_kind_str(kind),
		r->reason, r->msg[0] ? ": " : "", r->msg);
	queue_work(gov_wq, &eject_work);
}

static void eject_workfn(struct work_struct *work)
{
	struct eject_req *r;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&reqs_lock, flags);
		r = list_first_entry_or_null(&reqs, struct eject_req, node);
		if (r)
			list_del(&r->node);
		spin_unlock_irqrestore(&reqs_lock, flags);
		if (!r)
			return;
		/* -ENOENT: it detached meanwhile; its exit record already says how. */
		memgov_policy_eject_id(r->id, r->kind, r->reason, r->msg);
		kfree(r);
	}
}

/**
 * memgov_gov_delayed() - @p queued @ms more of charge delay for a task
 * @p: the policy
 * @ms: what the task will serve on top of what it already had pending
 */
void memgov_gov_delayed(struct memgov_policy *p, u64 ms)
{
	struct memgov_limits lim;
	unsigned long flags;
	u32 v;

	atomic64_inc(&p->delayed);
	limits_of(p, &lim);
	spin_lock_irqsave(&p->judge_lock, flags);
	v = memgov_judge_delay(&p->judge, &lim, ktime_get_ns(), ms);
	spin_unlock_irqrestore(&p->judge_lock, flags);
	if (v != MEMGOV_EXIT_NONE)
		memgov_gov_eject(p, v, p->judge.why, NULL);
}

/**
 * memgov_gov_shadow() - a shadow policy decided; record it, and whether it differed
 * @p: the policy (MEMGOV_F_SHADOW)
 * @differs: the decision differs from what the kernel did
 * @what: the decision, for memgovctl
 */
void memgov_gov_shadow(struct memgov_policy *p, bool differs, const char *what)
{
	unsigned long flags;

	atomic64_inc(&p->shadow_decisions);
	if (!differs)
		return;
	atomic64_inc(&p->shadow_diffs);
	spin_lock_irqsave(&p->judge_lock, flags);
	strscpy(p->shadow_last, what, sizeof(p->shadow_last));
	spin_unlock_irqrestore(&p->judge_lock, flags);
}

/**
 * memgov_gov_called() - account one callback of @p
 * @p: the policy whose callback ran
 * @ns: how long it ran (for a call timed in ticks, a lower bound)
 * @weight: how many calls @ns stands for in the budget (0: judge the ceiling only)
 */
void memgov_gov_called(struct memgov_policy *p, u64 ns, u32 weight)
{
	struct memgov_limits lim;
	unsigned long flags;
	u64 ceiling_us;
	u32 v;

	/* The policy's ceiling, refreshed by the tick from its cgroup's limits. */
	ceiling_us = READ_ONCE(p->ceiling_us);
	/* The fast path: one atomic add.  The budget is judged by the tick. */
	if (weight)
		atomic64_add(memgov_judge_budget_share(ns, ceiling_us * NSEC_PER_USEC) * weight,
			     &p->busy_ns);
	if (likely(!ceiling_us || ns <= ceiling_us * NSEC_PER_USEC))
		return;
	limits_of(p, &lim);
	spin_lock_irqsave(&p->judge_lock, flags);
	v = memgov_judge_call(&p->judge, &lim, ktime_get_ns(), ns);
	spin_unlock_irqrestore(&p->judge_lock, flags);
	if (v != MEMGOV_EXIT_NONE)
		memgov_gov_eject(p, v, p->judge.why, NULL);
}

void memgov_gov_strike(struct memgov_policy *p, const char *what)
{
	struct memgov_limits lim;
	unsigned long flags;
	u32 v, n;

	limits_of(p, &lim);
	spin_lock_irqsave(&p->judge_lock, flags);
	v = memgov_judge_strike(&p->judge, &lim, ktime_get_ns(), what);
	n = p->judge.strikes;
	spin_unlock_irqrestore(&p->judge_lock, flags);
	atomic64_inc(&p->strikes);
	memgov_stat_inc(MEMGOV_STATS_A_STRIKES);
	pr_info("policy '%s' strike %u of %u: %s\n", p->name, n, lim.strikes_max, what);
	if (v != MEMGOV_EXIT_NONE)
		memgov_gov_eject(p, v, p->judge.why, NULL);
}

/**
 * memgov_gov_kill() - the kernel killed @victim for @p: put it in the ledger
 * @p: the policy that picked the victim
 * @victim: the thread group leader, referenced by the caller
 * @rss: the victim's own memory when the policy picked it, pages
 * @oom_cgroup_id: the OOMing cgroup (0: global)
 *
 * Called at the end of out_of_memory(), the victim signalled but not yet gone.
 */
void memgov_gov_kill(struct memgov_policy *p, struct task_struct *victim, u64 rss,
		     u64 oom_cgroup_id)
{
	u64 min_pages = memgov_cfg_get_for(p->cgroup_id, MEMGOV_CFG_A_KILL_MIN_KIB) * SZ_1K /
			PAGE_SIZE;
	u64 deadline = memgov_cfg_get_for(p->cgroup_id, MEMGOV_CFG_A_KILL_DEADLINE_MS) *
		       NSEC_PER_MSEC;
	struct pid *pid, *old = NULL;
	unsigned long flags;
	char what[96];
	int slot;

	if (rss < min_pages) {
		scnprintf(what, sizeof(what), "its victim pid %d held only %llu KiB of its own",
			  task_pid_nr(victim), rss * PAGE_SIZE / SZ_1K);
		memgov_gov_strike(p, what);
		return;
	}
	pid = get_task_pid(victim, PIDTYPE_PID);
	spin_lock_irqsave(&ledger_lock, flags);
	slot = memgov_ledger_add(&ledger, ktime_get_ns(), p->id, task_pid_nr(victim),
				 oom_cgroup_id, rss, deadline);
	if (slot >= 0) {
		old = victims[slot];
		victims[slot] = pid;
		pid = NULL;
	}
	spin_unlock_irqrestore(&ledger_lock, flags);
	put_pid(old);
	put_pid(pid);
	if (slot < 0)
		memgov_gov_strike(p, "too many kills awaiting their memory");
}

/*
 * Is the victim of @pid past its kill?  Gone: exited (a zombie has freed its memory) or
 * reaped and gone.  With @released, also when it gave its memory back otherwise: no mm
 * left, or reaped by the OOM reaper (which sets MMF_OOM_SKIP once it took what it could).
 */
static bool victim_done(struct pid *pid, bool released)
{
	struct task_struct *t;
	bool done;

	rcu_read_lock();
	t = pid_task(pid, PIDTYPE_PID);
	done = !t || t->exit_state;
	if (!done && released)
		done = !READ_ONCE(t->mm) ||
		       (t->signal->oom_mm && memgov_mm_flag(t->signal->oom_mm, MMF_OOM_SKIP));
	rcu_read_unlock();
	return done;
}

/**
 * memgov_gov_oom_victim() - the kernel killed @pid_nr in an OOM a policy took part in
 * @pid_nr: the policy's victim, or the kernel's own choice when the policies declined
 *	(memgov's reading of its selection)
 * @oom_cgroup_id: the OOMing cgroup, 0 for a global OOM
 *
 * Kept until it is gone or its kill deadline passes, if it is indeed an OOM victim now:
 * memgov_gov_oom_victim_exiting() holds the kernel from killing again meanwhile.  Caller
 * holds RCU (the OOM hook).
 */
void memgov_gov_oom_victim(pid_t pid_nr, u64 oom_cgroup_id)
{
	struct task_struct *t;
	struct pid *pid, *old;
	unsigned long flags;
	u64 deadline;

	pid = find_get_pid(pid_nr);
	t = pid ? pid_task(pid, PIDTYPE_PID) : NULL;
	if (!t || !tsk_is_oom_victim(t)) {
		put_pid(pid);
		return;
	}
	deadline = ktime_get_ns() + memgov_cfg_get_for(oom_cgroup_id,
							MEMGOV_CFG_A_KILL_DEADLINE_MS) * NSEC_PER_MSEC;
	spin_lock_irqsave(&ledger_lock, flags);
	old = kvictims[kvictim_next].pid;
	kvictims[kvictim_next] = (struct kernel_victim){ pid, oom_cgroup_id, deadline };
	kvictim_next = (kvictim_next + 1) % ARRAY_SIZE(kvictims);
	spin_unlock_irqrestore(&ledger_lock, flags);
	put_pid(old);
}

/**
 * memgov_gov_oom_victim_exiting() - is a victim of memgov_gov_oom_victim() still exiting?
 * @oom_cgroup_id: the OOMing cgroup, 0 for a global OOM (any victim counts)
 * @pid_nr: its pid, when it is
 *
 * Until it is gone (a zombie has given its memory back) or its kill deadline passed.  The
 * kernel stops its own selection for a dying victim only until MMF_OOM_SKIP, which exit_mmap()
 * sets before the last of the memory is freed and uncharged: on 7.3 the kernel's retry then
 * killed every other task of the cgroup, one after the other, within 20 ms.
 */
bool memgov_gov_oom_victim_exiting(u64 oom_cgroup_id, pid_t *pid_nr)
{
	u64 now = ktime_get_ns();
	unsigned long flags;
	bool exiting = false;
	unsigned int i;

	spin_lock_irqsave(&ledger_lock, flags);
	for (i = 0; i < ARRAY_SIZE(kvictims) && !exiting; i++) {
		struct kernel_victim *k = &kvictims[i];

		if (!k->pid || now > k->deadline ||
		    (oom_cgroup_id && k->cgroup_id != oom_cgroup_id))
			continue;
		exiting = !victim_done(k->pid, false);
		if (exiting)
			*pid_nr = pid_nr_ns(k->pid, &init_pid_ns);
	}
	spin_unlock_irqrestore(&ledger_lock, flags);
	return exiting;
}

/*
 * Is a kill of @p in this OOM domain still on its way?  Then waiting for it is fair, and the
 * kernel is held from a second kill: until the victim is gone or the kill's deadline passed,
 * even when the kernel already skips it (MMF_OOM_SKIP is set before the last of an exiting
 * mm is freed and uncharged).
 */
bool memgov_gov_waiting(struct memgov_policy *p, u64 oom_cgroup_id)
{
	unsigned long flags;
	u64 now = ktime_get_ns();
	bool waiting = false;
	unsigned int i;

	spin_lock_irqsave(&ledger_lock, flags);
	for (i = 0; i < MEMGOV_LEDGER_LEN && !waiting; i++) {
		const struct memgov_kill *k = &ledger.e[i];

		if ((k->state != MEMGOV_KILL_PENDING && k->state != MEMGOV_KILL_FREED) ||
		    k->policy != p->id || now > k->deadline ||
		    (oom_cgroup_id && k->cgroup_id != oom_cgroup_id) || !victims[i])
			continue;
		waiting = !victim_done(victims[i], false);
	}
	spin_unlock_irqrestore(&ledger_lock, flags);
	return waiting;
}

/**
 * memgov_gov_oom_protection() - an OOM where memcg policies' protection is in force
 * @oom_cgrp: the OOMing cgroup, NULL for a global OOM
 * @oom_cgroup_id: its id, for the log
 *
 * Protection everywhere turns reclaim into OOM kills before any thrash rule can fire.  So
 * every policy whose protection is in force in the OOM's domain (it protected within
 * in_force_ms, a cgroup inside the domain or above it) has its protection suspended for
 * in_force_ms and earns a strike; the caller then lets the kernel retry reclaim instead of
 * killing.  A policy already suspended is not asked again: the next OOM kills as usual.
 * Caller holds RCU (the OOM hook).
 *
 * Return: true when some protection was suspended.
 */
bool memgov_gov_oom_protection(struct cgroup *oom_cgrp, u64 oom_cgroup_id)
{
	struct memgov_policy_table *t = memgov_policy_table(MEMGOV_POLICY_MEMCG);
	u64 now = ktime_get_ns(), hold;
	struct memgov_policy *p;
	bool suspended = false;
	char what[96];
	unsigned int i;

	for (i = 0; t && i < t->n; i++) {
		p = t->pol[i];
		if (!memgov_policy_live(p) || !READ_ONCE(p->last_protect_ns) ||
		    (p->flags & MEMGOV_F_SHADOW))
			continue;
		hold = memgov_cfg_get_for(p->cgroup_id, MEMGOV_CFG_A_IN_FORCE_MS) * NSEC_PER_MSEC;
		if (now - READ_ONCE(p->last_protect_ns) > hold ||
		    now < READ_ONCE(p->suspend_until_ns))
			continue;
		/* In the domain: it governs the OOMing cgroup, or a cgroup below it. */
		if (oom_cgrp && p->cgrp && !cgroup_is_descendant(oom_cgrp, p->cgrp) &&
		    !cgroup_is_descendant(p->cgrp, oom_cgrp))
			continue;
		WRITE_ONCE(p->suspend_until_ns, now + hold);
		suspended = true;
		scnprintf(what, sizeof(what),
			  "its protection was in force during an OOM in cgroup %llu: suspended for %llu ms",
			  oom_cgroup_id, hold / NSEC_PER_MSEC);
		memgov_gov_strike(p, what);
	}
	return suspended;
}

struct late_kill {
	u64 policy;
	s32 pid;
	u64 kib;
};

static void note_late(u32 policy, const struct memgov_kill *k, void *arg)
{
	struct late_kill *late = arg;

	/* One strike per tick is plenty; the others expire with it. */
	if (!late->pid) {
		late->policy = policy;
		late->pid = k->pid;
		late->kib = k->rss_pages * PAGE_SIZE / SZ_1K;
	}
}

/*
 * A policy's watchdog, for its periodic work (bpf_memgov_watchdog_*()): armed with a period,
 * petted before each deadline, judged by the tick.  Any context; the caller holds RCU.
 */
void memgov_gov_watchdog_arm(struct memgov_policy *p, u64 period_ns)
{
	unsigned long flags;

	spin_lock_irqsave(&p->judge_lock, flags);
	memgov_judge_arm(&p->judge, ktime_get_ns(), period_ns);
	spin_unlock_irqrestore(&p->judge_lock, flags);
}

/* False when the watchdog was not armed. */
bool memgov_gov_watchdog_pet(struct memgov_policy *p)
{
	unsigned long flags;
	bool armed;

	spin_lock_irqsave(&p->judge_lock, flags);
	armed = memgov_judge_pet(&p->judge, ktime_get_ns());
	spin_unlock_irqrestore(&p->judge_lock, flags);
	return armed;
}

void memgov_gov_watchdog_disarm(struct memgov_policy *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->judge_lock, flags);
	memgov_judge_disarm(&p->judge);
	spin_unlock_irqrestore(&p->judge_lock, flags);
}

/* The thrash sampler's verdicts, carried out. */
static void eject_thrashing(void)
{
	struct memgov_thrash_verdict *v;
	struct memgov_policy *p;
	unsigned int i, n;

	n = memgov_thrash_tick(&v);
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		p = memgov_policy_by_id(v[i].policy_id);
		if (p)
			memgov_gov_eject(p, MEMGOV_EXIT_THRASH, v[i].reason, NULL);
	}
	rcu_read_unlock();
	kfree(v);
}

static void tick_workfn(struct work_struct *work)
{
	struct late_kill late = {};
	struct memgov_policy *p;
	unsigned long flags;
	u64 now = ktime_get_ns();
	struct pid *pids[MEMGOV_LEDGER_LEN];
	unsigned int slots[MEMGOV_LEDGER_LEN];
	unsigned int i, n = 0;
	char what[96];
	u64 id;

	/* Ledger: which pending victims gave their memory back, which are late. */
	spin_lock_irqsave(&ledger_lock, flags);
	for (i = 0; i < MEMGOV_LEDGER_LEN; i++) {
		if (ledger.e[i].state == MEMGOV_KILL_PENDING && victims[i]) {
			slots[n] = i;
			pids[n++] = get_pid(victims[i]);
		}
	}
	spin_unlock_irqrestore(&ledger_lock, flags);
	for (i = 0; i < n; i++) {
		if (victim_done(pids[i], true)) {
			spin_lock_irqsave(&ledger_lock, flags);
			if (victims[slots[i]] == pids[i])
				memgov_ledger_freed_slot(&ledger, slots[i], now);
			spin_unlock_irqrestore(&ledger_lock, flags);
		}
		put_pid(pids[i]);
	}
	spin_lock_irqsave(&ledger_lock, flags);
	memgov_ledger_expire(&ledger, now, note_late, &late);
	spin_unlock_irqrestore(&ledger_lock, flags);

	rcu_read_lock();
	if (late.pid) {
		p = memgov_policy_by_id(late.policy);
		if (p) {
			scnprintf(what, sizeof(what),
				  "its victim pid %d (%llu KiB) did not free its memory within %u ms",
				  late.pid, late.kib,
				  (u32)memgov_cfg_get_for(p->cgroup_id, MEMGOV_CFG_A_KILL_DEADLINE_MS));
			memgov_gov_strike(p, what);
		}
	}
	/* Callback time budgets, and the watchdogs policies armed for their periodic work. */
	for (id = 1; (p = memgov_policy_next(id)); id = p->id + 1) {
		struct memgov_limits lim;
		u64 busy = atomic64_read(&p->busy_ns);
		u32 v;

		/* Its cgroup was removed: it governs nothing any more; say so. */
		if (p->cgrp && !(READ_ONCE(p->cgrp->self.flags) & CSS_ONLINE)) {
			memgov_gov_eject(p, MEMGOV_EXIT_CGROUP_REMOVED, "its cgroup was removed",
					 NULL);
			continue;
		}
		limits_of(p, &lim);
		WRITE_ONCE(p->ceiling_us, div_u64(lim.call_ceiling_ns, NSEC_PER_USEC));
		spin_lock_irqsave(&p->judge_lock, flags);
		v = memgov_judge_budget(&p->judge, &lim, now, busy - p->busy_seen);
		p->busy_seen = busy;
		if (v == MEMGOV_EXIT_NONE)
			v = memgov_judge_tick(&p->judge, now);
		spin_unlock_irqrestore(&p->judge_lock, flags);
		if (v != MEMGOV_EXIT_NONE)
			memgov_gov_eject(p, v, p->judge.why, NULL);
	}
	rcu_read_unlock();

	/* Thrash sampling reads files: every other tick is enough (100 ms). */
	if (++ticks % 2 == 0)
		eject_thrashing();

	if (memgov_policy_any_attached())
		queue_delayed_work(gov_wq, &tick_work, msecs_to_jiffies(TICK_MS));
}

/* A policy attached: make sure the tick runs. */
void memgov_gov_start(void)
{
	mod_delayed_work(gov_wq, &tick_work, msecs_to_jiffies(TICK_MS));
}

int memgov_gov_init(void)
{
	int err;

	memgov_ledger_init(&ledger);
	err = memgov_thrash_init();
	if (err)
		return err;
	gov_wq = alloc_workqueue("memgov_gov", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!gov_wq) {
		memgov_thrash_exit();
		return -ENOMEM;
	}
	return 0;
}

void memgov_gov_exit(void)
{
	unsigned int i;

	cancel_delayed_work_sync(&tick_work);
	flush_work(&eject_work);
	destroy_workqueue(gov_wq);
	for (i = 0; i < MEMGOV_LEDGER_LEN; i++) {
		put_pid(victims[i]);
		victims[i] = NULL;
	}
	for (i = 0; i < ARRAY_SIZE(kvictims); i++) {
		put_pid(kvictims[i].pid);
		kvictims[i].pid = NULL;
	}
	memgov_thrash_exit();
}

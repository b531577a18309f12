// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM hook: policies choose the victim, the kernel's own OOM killer kills it.
 *
 * out_of_memory() is neither exported nor overridable on 6.12, and the pieces of a correct
 * kill (mark_oom_victim(), the OOM reaper, memory.oom.group, waiting for a victim already
 * dying) are all static.  So memgov does not kill by itself.  A kretprobe at the entry of
 * out_of_memory() runs the handler chain: the policy of the OOMing cgroup, then those of its
 * ancestors, then the one of the whole system.  A handler picks its victim with
 * bpf_memgov_oom_kill(); then, while the kernel scores its candidates, a kretprobe on
 * oom_badness() gives that victim the highest score, and the kernel's own selection and kill
 * path (oom_kill_process()) kill exactly it.  Without a victim the kernel chooses as usual.
 * That is the "kernel OOM killer" at the end of every chain.
 *
 * Every caller of out_of_memory() holds oom_lock, so one run is in flight at a time; the
 * run state below is owned by the task that claimed it.
 */
#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/oom.h>
#include <linux/ratelimit.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "call.h"
#include "policy.h"
#include "gov.h"
#include "stats.h"
#include "hooks.h"
#include "notify.h"

struct oom_run {
	struct task_struct *owner;	/* task inside out_of_memory(), NULL when idle */
	struct memgov_oom_ctx ctx;	/* what the running handler sees */
	struct oom_control *oc;
	struct memgov_policy *cur;	/* policy whose handler is running */
	struct task_struct *victim;	/* thread group leader picked by a handler */
	u64 victim_rss;			/* its own memory when picked, pages */
	bool wait;			/* a handler waits for its victim: the kernel kills nobody */
	bool aborted;			/* ... and the kernel's selection was stopped for it */
	bool kernel_victim;		/* ... for the victim of an earlier OOM, still exiting */
	char killer[MEMGOV_NAME_LEN];
	char reason[MEMGOV_MSG_LEN];	/* the killer's, for the events */
	u64 killer_id;
	unsigned int consulted;		/* handlers run that could have decided */
	/* Handlers that returned 1 without a kill: struck once the kernel has decided. */
	u64 claimer[4];
	unsigned int nclaim;
	bool steered;			/* oom_badness() of the victim was raised */
	/* Shadow policies: what they would have killed, and what the kernel chose. */
	struct memgov_policy *shadow[4];
	s32 shadow_pid[4];
	char shadow_comm[4][TASK_COMM_LEN];
	unsigned int nshadow;
	long best_points;
	s32 best_pid;
	char best_comm[TASK_COMM_LEN];
	char log[320];			/* one line on what the chain decided */
	int loglen;
};

static struct oom_run run;

/*
 * A charge that waits for a dying victim calls out_of_memory() again on every retry, dozens of
 * times a second: those lines are rate limited on their own, so that they never crowd out the
 * line of an OOM that was decided.  Decided OOMs kill, and the kernel logs every kill anyway.
 */
static DEFINE_RATELIMIT_STATE(oom_wait_rs, 5 * HZ, 3);

static __printf(1, 2) void run_log(const char *fmt, ...)
{
	va_list ap;

	if (run.loglen >= sizeof(run.log))
		return;
	va_start(ap, fmt);
	run.loglen += vscnprintf(run.log + run.loglen, sizeof(run.log) - run.loglen, fmt, ap);
	va_end(ap);
}

/* Run one policy's handler; true when the chain ends here. */
/* Kill, notice and fallback events; under oom_lock, not sleeping. */
static void publish_oom(enum memgov_note_kind kind, const char *policy,
			struct task_struct *victim, u64 oom_cgroup_id, const char *reason)
{
	struct memgov_note n = {
		.kind = kind,
		.oom = { .policy = policy, .victim = victim, .oom_cgroup_id = oom_cgroup_id,
			 .reason = reason },
	};

	memgov_notify(&n);
}

static bool call_handler(struct memgov_policy *p, struct oom_control *oc)
{
	struct memgov_oom_ops *ops = READ_ONCE(p->kdata);
	int ret;

	if (!ops || !ops->handle_out_of_memory)
		return false;
	run.ctx.cgroup_id = p->cgroup_id;
	run.cur = p;
	if (!(p->flags & MEMGOV_F_SHADOW))
		run.consulted++;
	ret = MEMGOV_CALL(p, ops->handle_out_of_memory(&run.ctx, oc));
	run.cur = NULL;
	if (p->flags & MEMGOV_F_SHADOW) {
		/* Decided, recorded, not applied: the chain goes on as if it declined. */
		if (run.victim && run.nshadow < ARRAY_SIZE(run.shadow)) {
			run.shadow[run.nshadow] = p;
			run.shadow_pid[run.nshadow] = task_pid_nr(run.victim);
			get_task_comm(run.shadow_comm[run.nshadow], run.victim);
			run.nshadow++;
		}
		if (run.victim) {
			run_log(" '%s' (shadow) would kill %d (%s);", p->name,
				task_pid_nr(run.victim), run.victim->comm);
			put_task_struct(run.victim);
			run.victim = NULL;
		} else {
			run_log(" '%s' (shadow)=%d;", p->name, ret);
		}
		return false;
	}
	if (run.victim) {
		run.killer_id = p->id;
		run_log(" '%s'=%d kill %d (%s);", p->name, ret, task_pid_nr(run.victim),
			run.victim->comm);
		/* A victim is on its way: that frees memory whatever the handler returned. */
		return true;
	}
	if (ret == 1 && memgov_gov_waiting(p, run.ctx.oom_cgroup_id)) {
		/*
		 * Its last victim is still dying: waiting for it is the right call, until the
		 * kill's deadline.  The kernel is held from a second kill too (oom_eval_*()):
		 * it skips a victim past MMF_OOM_SKIP whose memory is not all back yet.
		 */
		run_log(" '%s'=1 waits for its victim;", p->name);
		run.wait = true;
		return true;
	}
	run_log(" '%s'=%d%s;", p->name, ret, ret == 1 ? " without a kill: ignored" : "");
	if (ret == 1 && run.nclaim < ARRAY_SIZE(run.claimer))
		run.claimer[run.nclaim++] = p->id;
	return false;
}

static void run_chain(struct oom_control *oc)
{
	struct cgroup *cgrp = oc->memcg ? oc->memcg->css.cgroup : NULL;
	struct memgov_policy *p;
	int level;

	run.ctx.oom_cgroup_id = cgrp ? cgroup_id(cgrp) : 0;
	run_log("oom in cgroup %llu:", run.ctx.oom_cgroup_id);
	for (level = cgrp ? cgrp->level : 0; level > 0; level--) {
		p = memgov_policy_at(MEMGOV_POLICY_OOM, cgrp->ancestors[level]);
		if (p && call_handler(p, oc))
			return;
	}
	p = memgov_policy_at(MEMGOV_POLICY_OOM, NULL);
	if (p)
		call_handler(p, oc);
}

static int oom_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct oom_control *oc = (struct oom_control *)regs_get_kernel_argument(regs, 0);
	pid_t kpid;

	/* sysrq-f is the administrator's own kill: leave it to the kernel. */
	if (oc->order == -1)
		return 1;
	/* The kernel lets a dying allocator use reserves instead of killing anyone. */
	if (fatal_signal_pending(current) || (current->flags & PF_EXITING))
		return 1;
	if (cmpxchg(&run.owner, NULL, current))
		return 1;
	run.oc = oc;
	run.victim = NULL;
	run.victim_rss = 0;
	run.wait = false;
	run.aborted = false;
	run.kernel_victim = false;
	run.steered = false;
	run.loglen = 0;
	run.killer[0] = '\0';
	run.reason[0] = '\0';
	run.killer_id = 0;
	run.consulted = 0;
	run.nclaim = 0;
	run.nshadow = 0;
	run.best_points = LONG_MIN;
	run.best_pid = 0;
	run.best_comm[0] = '\0';
	memgov_stat_inc(MEMGOV_STATS_A_OOMS);
	rcu_read_lock();
	if (memgov_gov_oom_protection(oc->memcg ? oc->memcg->css.cgroup : NULL,
				      oc->memcg ? cgroup_id(oc->memcg->css.cgroup) : 0)) {
		/* Reclaim first, without that protection: the kernel kills nobody this time. */
		run.ctx.oom_cgroup_id = oc->memcg ? cgroup_id(oc->memcg->css.cgroup) : 0;
		run_log("oom in cgroup %llu: memcg protection in force is suspended;",
			run.ctx.oom_cgroup_id);
		run.wait = true;
	} else if (memgov_gov_oom_victim_exiting(oc->memcg ?
						    cgroup_id(oc->memcg->css.cgroup) : 0, &kpid)) {
		/* The last victim (a policy's, or the kernel's) still exits: it frees first. */
		run.ctx.oom_cgroup_id = oc->memcg ? cgroup_id(oc->memcg->css.cgroup) : 0;
		run_log("oom in cgroup %llu: victim %d is still exiting;",
			run.ctx.oom_cgroup_id, kpid);
		run.wait = true;
		run.kernel_victim = true;
	} else {
		run_chain(oc);
	}
	rcu_read_unlock();
	return 0;
}

static int oom_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct task_struct *victim = run.victim;
	bool waits = false;

	if (READ_ONCE(run.owner) != current)
		return 0;
	if (victim) {
		/*
		 * Killed only when the kernel chose exactly it: it may also have stopped its
		 * selection for an earlier victim still dying (chosen == -1), or preferred a task
		 * marked to die first.  oc->chosen may be freed by now: compare, never dereference.
		 */
		if (run.steered && run.oc->chosen == victim) {
			struct memgov_policy *p;

			run_log(" the kernel killed the policy's victim");
			memgov_stat_inc(MEMGOV_STATS_A_OOM_POLICY_KILLS);
			publish_oom(MEMGOV_NOTE_KILL, run.killer, victim, run.ctx.oom_cgroup_id,
				    run.reason);
			rcu_read_lock();
			p = memgov_policy_by_id(run.killer_id);
			if (p)
				memgov_gov_kill(p, victim, run.victim_rss, run.ctx.oom_cgroup_id);
			memgov_gov_oom_victim(task_pid_nr(victim), run.ctx.oom_cgroup_id);
			rcu_read_unlock();
		} else if (run.oc->chosen == (void *)-1UL) {
			run_log(" the kernel waits for a dying victim first");
			waits = true;
			run.nclaim = 0;
			run.nshadow = 0;
		} else {
			run_log(" the kernel did not kill the policy's victim (exiting, not eligible, or another task marked to die first); it decided itself");
			memgov_stat_inc(MEMGOV_STATS_A_OOM_FALLBACKS);
			publish_oom(MEMGOV_NOTE_FALLBACK, NULL, NULL, run.ctx.oom_cgroup_id,
				    "the policy's victim was not eligible");
		}
		put_task_struct(victim);
		run.victim = NULL;
	} else if (run.wait && (run.aborted || run.oc->chosen == (void *)-1UL ||
				!run.oc->chosen)) {
		run_log(" memgov holds the kernel killer%s",
			run.consulted || run.kernel_victim ? " until the victim is gone" :
			": reclaim retries first");
		waits = true;
		run.nshadow = 0;
	} else if (run.oc->chosen == (void *)-1UL) {
		/*
		 * The kernel found an earlier victim still dying in this domain and waits for
		 * it, killing nobody: a handler that claimed the OOM handled was right to.
		 */
		run_log(" the kernel waits for a dying victim");
		waits = true;
		run.nclaim = 0;
		/* Nothing decided to compare a shadow policy's pick with. */
		run.nshadow = 0;
	} else {
		run_log(" the kernel OOM killer decided");
		if (run.consulted) {
			memgov_stat_inc(MEMGOV_STATS_A_OOM_FALLBACKS);
			publish_oom(MEMGOV_NOTE_FALLBACK, NULL, NULL, run.ctx.oom_cgroup_id,
				    "no policy killed");
			if (run.best_pid) {
				rcu_read_lock();
				memgov_gov_oom_victim(run.best_pid, run.ctx.oom_cgroup_id);
				rcu_read_unlock();
			}
		}
	}
	if (run.nclaim) {
		unsigned int i;

		rcu_read_lock();
		for (i = 0; i < run.nclaim; i++) {
			struct memgov_policy *p = memgov_policy_by_id(run.claimer[i]);

			if (p)
				memgov_gov_strike(p, "claimed an OOM handled without killing");
		}
		rcu_read_unlock();
	}
	if (run.nshadow) {
		unsigned int i;
		char diff[MEMGOV_MSG_LEN];

		/* Hold the policies across the report: they were seen in the chain under RCU. */
		rcu_read_lock();
		for (i = 0; i < run.nshadow; i++) {
			struct memgov_policy *p = memgov_policy_by_id(run.shadow[i]->id);

			if (!p)
				continue;
			scnprintf(diff, sizeof(diff), "would kill %d (%s); the kernel chose %d (%s)",
				  run.shadow_pid[i], run.shadow_comm[i], run.best_pid,
				  run.best_comm);
			memgov_gov_shadow(p, run.shadow_pid[i] != run.best_pid, diff);
		}
		rcu_read_unlock();
	}
	if (!waits || __ratelimit(&oom_wait_rs))
		pr_info("%s\n", run.log);
	WRITE_ONCE(run.owner, NULL);
	return 0;
}

static int badness_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (READ_ONCE(run.owner) != current || (!run.victim && !run.nshadow && !run.consulted))
		return 1;	/* /proc/PID/oom_score, or an OOM no policy took part in */
	*(struct task_struct **)ri->data = (struct task_struct *)regs_get_kernel_argument(regs, 0);
	return 0;
}

static int badness_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct task_struct *t = *(struct task_struct **)ri->data;
	long points = (long)regs_return_value(regs);

	/*
	 * What the kernel will pick (its rule: the highest score, a later tie wins): for shadow
	 * policies' records, and for the kernel's victim when the policies declined.
	 */
	if ((run.nshadow || (run.consulted && !run.victim)) && points != LONG_MIN &&
	    points >= run.best_points) {
		run.best_points = points;
		run.best_pid = task_pid_nr(t);
		get_task_comm(run.best_comm, t);
	}
	/* LONG_MIN means unkillable (oom_score_adj -1000, no mm): never override that. */
	if (t == run.victim && points != LONG_MIN) {
		regs_set_return_value(regs, LONG_MAX);
		run.steered = true;
	}
	return 0;
}

/**
 * memgov_oom_kill() - record the victim of the running OOM handler
 * @ctx: the context the handler was given
 * @task: the task to kill (its thread group dies)
 * @reason: logged with the kill
 *
 * Called by bpf_memgov_oom_kill().  The kill itself happens right after the chain, inside
 * the same out_of_memory() call, through the kernel's kill path.
 */
int memgov_oom_kill(void *ctx, struct task_struct *task, const char *reason)
{
	struct memgov_policy *p = run.cur;
	struct mem_cgroup *memcg;
	struct task_struct *leader;
	bool in_domain = true;

	if (ctx != &run.ctx || READ_ONCE(run.owner) != current || !p)
		return -EINVAL;	/* only from inside handle_out_of_memory() */
	if (run.victim)
		return -EBUSY;	/* one victim per OOM; the next OOM asks again */
	leader = task->group_leader;
	if ((leader->flags & PF_KTHREAD) || is_global_init(leader))
		return -EPERM;
	if (READ_ONCE(leader->signal->oom_score_adj) == OOM_SCORE_ADJ_MIN)
		return -EPERM;
	if (!READ_ONCE(leader->mm))
		return -ESRCH;
	if (run.oc->memcg) {
		rcu_read_lock();
		memcg = mem_cgroup_from_task(leader);
		in_domain = memcg && mem_cgroup_is_descendant(memcg, run.oc->memcg);
		rcu_read_unlock();
	}
	if (!in_domain)
		return -EXDEV;	/* killing outside the OOMing cgroup frees nothing there */
	/*
	 * What dying frees: private memory, measured now, before the kernel's SIGKILL (on SMP
	 * the victim may drop its mm before the kill path returns).  Shared file and shmem
	 * pages stay behind.
	 */
	run.victim_rss = 0;
	task_lock(leader);
	if (leader->mm)
		run.victim_rss = get_mm_counter(leader->mm, MM_ANONPAGES) +
				 get_mm_counter(leader->mm, MM_SWAPENTS);
	task_unlock(leader);
	run.victim = get_task_struct(leader);
	strscpy(run.killer, p->name, sizeof(run.killer));
	strscpy(run.reason, reason ?: "", sizeof(run.reason));
	if (!(p->flags & MEMGOV_F_SHADOW)) {
		atomic64_inc(&p->kills);
		/* Before the kernel's kill path runs: listeners hear of it first. */
		publish_oom(MEMGOV_NOTE_KILL_NOTICE, p->name, leader, run.ctx.oom_cgroup_id,
			    run.reason);
	}
	pr_info("policy '%s' %s pid %d (%s) as OOM victim: %s\n", p->name,
		p->flags & MEMGOV_F_SHADOW ? "(shadow) would pick" : "picks",
		task_pid_nr(leader), leader->comm, reason ?: "");
	return 0;
}

/*
 * oom_evaluate_task(task, oc): the kernel's selection loop.  While a policy waits for its
 * victim, the first evaluation stops the loop the way the kernel stops it for a victim still
 * dying (oc->chosen = -1, return 1): out_of_memory() then kills nobody and the allocation
 * retries, until the victim is gone or its kill deadline passed.
 */
static int eval_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (READ_ONCE(run.owner) != current || !run.wait)
		return 1;
	*(struct oom_control **)ri->data = (struct oom_control *)regs_get_kernel_argument(regs, 1);
	return 0;
}

static int eval_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct oom_control *oc = *(struct oom_control **)ri->data;

	/* As the kernel's own abort does; the scan still holds the task, this is no last put. */
	if (oc->chosen && oc->chosen != (void *)-1UL)
		put_task_struct(oc->chosen);
	oc->chosen = (void *)-1UL;
	regs_set_return_value(regs, 1);
	run.aborted = true;
	return 0;
}

/*
 * The probes are gone: an out_of_memory() in flight never runs its return handler, so its
 * run state is let go here, or later OOMs would never consult a policy again.  Process
 * context, after unregistering, so no handler runs; the task in flight still holds oom_lock
 * and its own references, and no new run starts until it returns.
 */
static void oom_removed(void)
{
	struct task_struct *victim = run.victim;

	if (!READ_ONCE(run.owner))
		return;
	run.victim = NULL;
	run.cur = NULL;
	run.wait = false;
	if (victim)
		put_task_struct(victim);
	pr_info("OOM hook removed during an OOM in flight: its run state is released\n");
	WRITE_ONCE(run.owner, NULL);
}

static struct memgov_probe oom_probes[] = {
	{ .symbol = "out_of_memory", .params = "oc:oom_control", .entry = oom_entry, .ret = oom_return },
	{ .symbol = "oom_badness", .params = "p:task_struct,totalpages", .entry = badness_entry, .ret = badness_return,
	  .data_size = sizeof(struct task_struct *) },
	{ .symbol = "oom_evaluate_task", .params = "task:task_struct,arg", .entry = eval_entry,
	  .ret = eval_return, .data_size = sizeof(struct oom_control *) },
};

const struct memgov_hook_desc memgov_hook_oom = {
	.name = "oom",
	.probes = oom_probes,
	.nprobes = ARRAY_SIZE(oom_probes),
	.removed = oom_removed,
};

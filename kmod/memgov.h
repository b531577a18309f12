/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memgov.ko internals shared between the kernel-glue files.
 */
#ifndef _MEMGOV_KMOD_H
#define _MEMGOV_KMOD_H

#include <linux/atomic.h>
#include <linux/cgroup.h>
#include <linux/hardirq.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/timekeeping.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include <linux/spinlock.h>
#include <memgov/limits.h>
#include <memgov/ops.h>
#include "judge.h"
#include "thrash.h"

struct bpf_link;
struct bpf_prog;
struct eject_req;
struct cgroup;
struct sk_buff;

/* What happened to a policy when it stopped governing. */
struct memgov_exit {
	u32 kind;			/* enum memgov_exit_kind */
	u64 time;			/* CLOCK_BOOTTIME ns */
	char reason[MEMGOV_MSG_LEN];	/* what the kernel side saw */
	char msg[MEMGOV_MSG_LEN];	/* the policy's own message */
};

/*
 * One attached policy.  Lives on the active list from reg() to unreg(), then on a short
 * history list so that the loader and memgovctl can read why it exited.
 */
struct memgov_policy {
	struct list_head node;
	struct rcu_head rcu;		/* first: kfree_rcu() needs it in the first 4 KiB */
	u32 type;			/* enum memgov_policy_type */
	void *kdata;			/* struct memgov_{oom,memcg}_ops in the struct_ops map */
	struct bpf_link *link;		/* valid while on the active list */
	u32 link_id;			/* copied from the link at unreg(); see memgov_policy_link_id() */
	u64 cgroup_id;
	struct cgroup *cgrp;		/* NULL: whole system; referenced while attached */
	u32 flags;
	char name[MEMGOV_NAME_LEN];
	u64 attach_time;
	u64 id;				/* unique for the module's lifetime; never reused */
	spinlock_t judge_lock;		/* hooks run in any context */
	struct memgov_judge judge;	/* the governor's verdicts on this policy */
	atomic_t verdict;		/* an ejection was requested: no more calls into it */
	struct eject_req *eject_req;	/* preallocated: an ejection cannot be dropped */
	u64 token;			/* secret handle for the policy's own kfunc calls */
	atomic64_t strikes;
	atomic64_t shadow_decisions;	/* shadow mode: decisions made, none applied */
	atomic64_t shadow_diffs;	/* of which differed from the kernel's */
	char shadow_last[MEMGOV_MSG_LEN]; /* the last differing one, under judge_lock */
	atomic64_t busy_ns;		/* callback time, summed by the hooks */
	u64 ceiling_us;			/* one callback's limit, from its cgroup's config */
	u64 busy_seen;			/* what the governor tick already judged */
	/* Thrash detection (process context, under policy_lock). */
	struct memgov_thrash thrash_self, thrash_parent, thrash_siblings;
	u64 applied_seen, in_force_since, in_force_until;
	u64 delayed_seen, delay_in_force_since, delay_in_force_until;
	/* Protection and OOMs (any context): when it last protected, and its suspension. */
	u64 last_protect_ns, suspend_until_ns;
	unsigned long hooks;		/* BIT(enum memgov_hook) this policy needs */
	/* Counters the hooks update without a lock. */
	atomic64_t calls;		/* callbacks invoked */
	atomic64_t applied;		/* decisions that changed the kernel's outcome */
	atomic64_t protected;		/* of which protections (what the thrash detector watches) */
	atomic64_t delayed;		/* charge delays queued (in force for the system scope) */
	atomic64_t kills;		/* victims killed through bpf_memgov_oom_kill() */
	atomic64_t clamped;		/* returned values the module had to bound */
	u32 state;			/* enum memgov_policy_state */
	atomic_t eject_claimed;		/* first ejector wins; its record is kept */
	struct memgov_exit exit;
};

int memgov_policy_init(void);
void memgov_policy_exit(void);

int memgov_policy_may_attach(u32 type, struct cgroup *cgrp, u32 flags, const char *name);
int memgov_policy_attach(u32 type, void *kdata, struct bpf_link *link, const char *name,
			 struct cgroup *cgrp, u32 flags, unsigned long hooks);

/*
 * What the hooks read: per type, the attached policies, rebuilt under the registry's lock on
 * every attach and detach and published with RCU, so a hook takes no lock.  The lookups are
 * inline: they run on every charge.  Callers are RCU readers (rcu_read_lock(), or a probe
 * handler, which runs with preemption disabled).
 */
struct memgov_policy_table {
	struct rcu_head rcu;
	unsigned int n;
	struct memgov_policy *pol[];
};

extern struct memgov_policy_table __rcu *memgov_policy_tables[__MEMGOV_POLICY_TYPE_MAX];

static inline struct memgov_policy_table *memgov_policy_table(u32 type)
{
	return rcu_dereference_check(memgov_policy_tables[type], rcu_read_lock_any_held());
}

/*
 * A policy judged bad is not called again from the moment of the verdict, before its link is
 * torn down in process context (which may wait for locks and memory): an ejected policy
 * counts as not attached, and the next policy up the tree, or the kernel, decides.
 */
static inline bool memgov_policy_live(const struct memgov_policy *p)
{
	return !atomic_read(&p->verdict);
}

/**
 * memgov_policy_at() - the policy of @type attached exactly at @cgrp
 * @type: MEMGOV_POLICY_*
 * @cgrp: cgroup, or NULL for the whole system (the root cgroup)
 *
 * The result stays valid until the caller's RCU read side ends.
 */
static inline struct memgov_policy *memgov_policy_at(u32 type, const struct cgroup *cgrp)
{
	struct memgov_policy_table *t = memgov_policy_table(type);
	unsigned int i;

	for (i = 0; t && i < t->n; i++)
		if (t->pol[i]->cgrp == cgrp)
			return memgov_policy_live(t->pol[i]) ? t->pol[i] : NULL;
	return NULL;
}

/**
 * memgov_policy_governing() - the nearest policy of @type at or above @cgrp
 * @type: MEMGOV_POLICY_*
 * @cgrp: cgroup, or NULL for the root
 *
 * One pass over the attached policies, keeping the deepest one attached at an ancestor of
 * @cgrp (or at @cgrp); a policy at the root (cgrp NULL, level 0) governs everything.
 */
static inline struct memgov_policy *memgov_policy_governing(u32 type, struct cgroup *cgrp)
{
	struct memgov_policy_table *t = memgov_policy_table(type);
	struct memgov_policy *best = NULL;
	int best_level = -1, level;
	unsigned int i;

	for (i = 0; t && i < t->n; i++) {
		struct cgroup *at = t->pol[i]->cgrp;

		level = at ? at->level : 0;
		if (level <= best_level || !memgov_policy_live(t->pol[i]))
			continue;
		if (at && (!cgrp || level > cgrp->level || cgrp->ancestors[level] != at))
			continue;
		best = t->pol[i];
		best_level = level;
	}
	return best;
}
bool memgov_policy_any(u32 type);
unsigned long memgov_policy_detached(u32 type, void *kdata);

int memgov_policy_detach_name(const char *name, u32 *ndetached);
int memgov_policy_detach_all(u32 kind, const char *reason, u32 *ndetached);
int memgov_policy_eject_id(u64 id, u32 kind, const char *reason, const char *msg);
struct memgov_policy *memgov_policy_by_id(u64 id);
struct memgov_policy *memgov_policy_next(u64 min_id);
struct memgov_policy *memgov_policy_by_token(u64 token);

u32 memgov_policy_link_id(const struct memgov_policy *p);
void memgov_policy_counts(u32 *nattached, u32 *nejected);
/* Fill one netlink message per policy starting at *pos; returns the skb length or -errno. */
/* *@gen gets the registry's generation, read with the lists, for NLM_F_DUMP_INTR. */
int memgov_policy_dump(struct sk_buff *skb, unsigned long *pos,
		       int (*fill)(struct sk_buff *skb, const struct memgov_policy *p, void *arg),
		       void *arg, u32 *gen);
int memgov_policy_get_link(u32 link_id,
			   int (*fill)(struct sk_buff *skb, const struct memgov_policy *p, void *arg),
			   struct sk_buff *skb, void *arg);

int memgov_struct_ops_init(void);
/* Is @prog a program of one of memgov's struct_ops types? */
bool memgov_struct_ops_prog(const struct bpf_prog *prog);
void memgov_struct_ops_exit(void);

int memgov_kfuncs_init(void);

/* kmod/config.c: the governor's limits. */
#define MEMGOV_CFG_FIELD(attr, name, width, lo, hi, def, doc) u##width name;
struct memgov_cfg {
	MEMGOV_LIMITS(MEMGOV_CFG_FIELD)
};

struct memgov_cfg_key {
	const char *name;
	size_t offset, size;
	u64 min, max;
	const char *doc;
};

extern struct memgov_cfg memgov_cfg;
extern const struct memgov_cfg_key memgov_cfg_keys[MEMGOV_CFG_A_MAX + 1];
u64 memgov_cfg_get(unsigned int attr);
u64 memgov_cfg_get_for(u64 cgroup_id, unsigned int attr);
/* Cgroups that may carry their own limits at once (each override is ~200 bytes). */
#define MEMGOV_CG_CFG_MAX 4096
int memgov_cfg_set_many(u64 cgroup_id, const u64 *vals, unsigned long mask);
void memgov_cfg_exit(void);
void memgov_cfg_set(unsigned int attr, u64 v);
struct sk_buff *memgov_netlink_exit_alloc(void);
struct sk_buff *memgov_netlink_exit_fill(struct sk_buff *msg, const struct memgov_policy *p);
void memgov_netlink_exit_send(struct sk_buff *msg);
void memgov_netlink_notify_config(u64 cgroup_id, const u64 *vals, unsigned long mask);
/* While the module is up, limit writes through sysfs are announced. */
void memgov_cfg_live(bool live);
extern char *memgov_cgroup_mount;
void memgov_policy_for_each(void (*fn)(struct memgov_policy *p, void *arg), void *arg);
int memgov_thrash_init(void);
void memgov_thrash_exit(void);
void memgov_thrash_tick(void);

/* kmod/gov.c: the governor's kernel side. */
int memgov_gov_init(void);
void memgov_gov_exit(void);
int memgov_gov_policy_init(struct memgov_policy *p);
void memgov_gov_policy_free(struct memgov_policy *p);
void memgov_gov_start(void);
void memgov_gov_called(struct memgov_policy *p, u64 ns, u32 weight);
void memgov_gov_strike(struct memgov_policy *p, const char *what);
void memgov_gov_clamped(struct memgov_policy *p, const char *what);
void memgov_gov_delayed(struct memgov_policy *p, u64 ms);
void memgov_gov_shadow(struct memgov_policy *p, bool differs, const char *what);
void memgov_gov_eject(struct memgov_policy *p, u32 kind, const char *why, const char *msg);
void memgov_gov_kill(struct memgov_policy *p, struct task_struct *victim, u64 rss,
		     u64 oom_cgroup_id);
bool memgov_gov_waiting(struct memgov_policy *p, u64 oom_cgroup_id);
bool memgov_gov_oom_protection(struct cgroup *oom_cgrp, u64 oom_cgroup_id);
bool memgov_gov_refuse_attach(void);

int memgov_netlink_init(void);
void memgov_netlink_exit(void);
/* Events for the multicast group; any context (the OOM ones run under oom_lock). */
void memgov_netlink_notify_kill(u8 cmd, const char *policy, struct task_struct *victim,
				u64 oom_cgroup_id, const char *reason);
void memgov_netlink_notify_fallback(u64 oom_cgroup_id, const char *why);

/* kmod/stats.c: system-wide counters, MEMGOV_STATS_A_*, per CPU (bumped on the charge path). */
struct memgov_stats {
	u64 v[MEMGOV_STATS_A_MAX + 1];
};
DECLARE_PER_CPU(struct memgov_stats, memgov_stats);

static inline void memgov_stat_add(unsigned int stat, u64 n)
{
	if (WARN_ON_ONCE(stat > MEMGOV_STATS_A_MAX))
		return;
	this_cpu_add(memgov_stats.v[stat], n);
}
u64 memgov_stat_read(unsigned int stat);
void memgov_stat_exit(u32 exit_kind);
#define memgov_stat_inc(stat) memgov_stat_add(stat, 1)

const char *memgov_exit_kind_str(u32 kind);

/*
 * Call a policy's callback the governor's way: timed (watchdog), with the policy known to
 * the kfuncs it calls (memgov_running).  Hooks run with preemption disabled.  The _HOT
 * variants are for the fault path: timed in ticks, and with the clock about one call in
 * MEMGOV_TIME_EVERY, drawn at random (see governor/judge.h).
 *
 * A policy's BPF code cannot read this per-CPU state: the helpers that reach kernel per-CPU
 * data or arbitrary kernel memory are not offered to memgov programs (struct_ops.c).
 */
struct memgov_running {
	struct memgov_policy *p;
	unsigned int level;	/* interrupt_context_level() the callback was entered at */
};
DECLARE_PER_CPU(struct memgov_running, memgov_running);

/* The policy whose callback runs in this very context (not one it interrupted), or NULL. */
static inline struct memgov_policy *memgov_running_here(void)
{
	struct memgov_running *r = this_cpu_ptr(&memgov_running);

	return r->p && r->level == interrupt_context_level() ? r->p : NULL;
}

/* Fault-path sampling state of one CPU. */
struct memgov_sampler {
	u32 left;		/* calls until the next clocked one */
	u32 weight;		/* calls the next clocked one stands for */
};
DECLARE_PER_CPU(struct memgov_sampler, memgov_sampler);

/* A clocked call that was interrupted passes its weight to its policy's next call (judge.h). */
struct memgov_time_carry {
	u64 policy_id;
	u32 weight;
	u32 tries;		/* re-samples interrupted in a row */
};
DECLARE_PER_CPU(struct memgov_time_carry, memgov_time_carry);

/* Interrupts taken by this CPU: device interrupts and, on x86, the local timer. */
static __always_inline unsigned long memgov_irqs_taken(void)
{
	unsigned long n = this_cpu_read(kstat.irqs_sum);

#ifdef CONFIG_X86_LOCAL_APIC
	n += this_cpu_read(irq_stat.apic_timer_irqs);
#endif
	return n;
}

/*
 * This CPU's own timer interrupts, to tell time it ran from time it was not given
 * (memgov_time_present_ns()).  Without a per-CPU count, jiffies: no correction.
 */
static __always_inline unsigned long memgov_local_ticks(void)
{
#ifdef CONFIG_X86_LOCAL_APIC
	return this_cpu_read(irq_stat.apic_timer_irqs);
#else
	return jiffies;
#endif
}

struct memgov_call_clock {
	struct memgov_running prev;
	unsigned long j0;
	unsigned long lt0;	/* memgov_local_ticks() at the start */
	u64 t0;			/* 0: timed in ticks only */
	u32 weight;		/* calls the clocked time stands for */
	u32 tries;		/* re-samples before this one (memgov_time_weigh()) */
	unsigned long irqs;	/* memgov_irqs_taken() at the start of a clocked call */
};

/* Is this fault-path call clocked, and for how many calls?  0: timed in ticks only. */
static __always_inline u32 memgov_sample_weight(void)
{
	struct memgov_sampler *s = this_cpu_ptr(&memgov_sampler);
	u32 w;

	if (likely(s->left > 1)) {
		s->left--;
		return 0;
	}
	w = s->weight ?: 1;
	s->weight = memgov_time_gap(get_random_u32());
	s->left = s->weight;
	return w;
}

static __always_inline void memgov_call_begin(struct memgov_policy *p,
					      struct memgov_call_clock *c, bool hot)
{
	struct memgov_running *r = this_cpu_ptr(&memgov_running);

	c->prev = *r;
	c->j0 = jiffies;
	c->lt0 = memgov_local_ticks();
	c->t0 = 0;
	c->weight = 1;
	if (!hot) {
		c->irqs = memgov_irqs_taken();
		c->t0 = ktime_get_ns();
	} else {
		struct memgov_time_carry *carry = this_cpu_ptr(&memgov_time_carry);
		u32 w = memgov_sample_weight();

		c->tries = 0;
		if (unlikely(carry->weight) && carry->policy_id == p->id) {
			w += carry->weight;
			carry->weight = 0;
			c->tries = carry->tries;
		}
		if (w) {
			c->weight = w;
			c->irqs = memgov_irqs_taken();
			c->t0 = ktime_get_ns();
		}
	}
	r->p = p;
	r->level = interrupt_context_level();
}

static __always_inline void memgov_call_end(struct memgov_policy *p,
					    struct memgov_call_clock *c)
{
	unsigned long jdiff = jiffies - c->j0, local = memgov_local_ticks() - c->lt0;

	*this_cpu_ptr(&memgov_running) = c->prev;
	atomic64_inc(&p->calls);
	memgov_stat_inc(MEMGOV_STATS_A_CALLBACKS);
	if (c->t0) {
		u64 ns = ktime_get_ns() - c->t0;
		bool interrupted = memgov_irqs_taken() != c->irqs;
		u32 w = c->weight;

		if (w > 1) {
			struct memgov_time_carry *carry = this_cpu_ptr(&memgov_time_carry);

			/* Another policy's re-sample is pending: this call counts as it is. */
			if (!carry->weight) {
				w = memgov_time_weigh(w, interrupted, c->tries);
				if (!w) {
					carry->policy_id = p->id;
					carry->weight = c->weight;
					carry->tries = c->tries + 1;
				}
			}
		}
		if (!IS_ENABLED(CONFIG_X86_LOCAL_APIC))
			interrupted = false;
		memgov_gov_called(p, memgov_time_present_ns(ns, interrupted, local, TICK_NSEC), w);
		return;
	}
	/* Every call that ran a tick or more counts, clocked or not (local == jdiff without a
	 * per-CPU count: memgov_local_ticks()). */
	if (unlikely(jdiff >= 2)) {
		memgov_gov_called(p, memgov_judge_ticks_ns(c->j0, c->j0 + jdiff, local,
							   TICK_NSEC), 1);
	}
}

#define __MEMGOV_CALL(p, call, hot) ({					\
	struct memgov_call_clock __clk;					\
	typeof(call) __ret;						\
	memgov_call_begin((p), &__clk, (hot));				\
	__ret = (call);							\
	memgov_call_end((p), &__clk);					\
	__ret;								\
})

#define __MEMGOV_CALL_VOID(p, call, hot) do {				\
	struct memgov_call_clock __clk;					\
	memgov_call_begin((p), &__clk, (hot));				\
	call;								\
	memgov_call_end((p), &__clk);					\
} while (0)

#define MEMGOV_CALL(p, call) __MEMGOV_CALL(p, call, false)
#define MEMGOV_CALL_HOT(p, call) __MEMGOV_CALL(p, call, true)
#define MEMGOV_CALL_VOID(p, call) __MEMGOV_CALL_VOID(p, call, false)
#define MEMGOV_CALL_VOID_HOT(p, call) __MEMGOV_CALL_VOID(p, call, true)

#endif /* _MEMGOV_KMOD_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/policy.c: the registry of attached policies, and the lock-free tables the hooks
 * read them from.
 */
#ifndef _MEMGOV_KMOD_POLICY_H
#define _MEMGOV_KMOD_POLICY_H

#include <linux/atomic.h>
#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <memgov/ops.h>
#include "judge.h"
#include "thrash.h"

struct bpf_link;
struct eject_req;
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
	void *kdata;			/* struct memgov_{oom,memcg,psi}_ops in the struct_ops map */
	void *psi;			/* kmod/psi.c's record of a PSI policy (RCU) */
	u64 last_declare_ns;		/* its last declared OOM (oom_declare.c) */
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
	u64 slowest_ns;			/* the longest clocked callback (racy max: a report) */
	u64 ceiling_us;			/* one callback's limit, from its cgroup's config */
	u64 busy_seen;			/* what the governor tick already judged */
	/* Thrash detection (process context, under policy_lock). */
	struct memgov_thrash thrash_self, thrash_parent, thrash_siblings;
	bool thrash_idle;		/* not sampled last tick: its protection was not in force */
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
	bool announcing;		/* exited, its exit being announced: not trimmed */
	struct memgov_exit exit;
};

int memgov_policy_init(void);
void memgov_policy_exit(void);

int memgov_policy_may_attach(u32 type, struct cgroup *cgrp, u32 flags, const char *name);
struct memgov_policy *memgov_policy_new(u32 type, void *kdata, struct bpf_link *link,
					const char *name, struct cgroup *cgrp, u32 flags,
					unsigned long hooks);
int memgov_policy_attach(struct memgov_policy *p);
void memgov_policy_free(struct memgov_policy *p);

/*
 * What the hooks read: per type, the attached policies, rebuilt under the registry's lock on
 * every attach and detach and published with RCU, so a hook takes no lock.  The lookups are
 * inline: they run on every charge.  Callers are RCU readers (rcu_read_lock(), or a probe
 * handler, which runs with preemption disabled).
 */
struct memgov_policy_table {
	struct rcu_head rcu;
	unsigned int n;
	/*
	 * The same policies by cgroup: the one of the whole system, and the others in an open
	 * addressing hash of cgroup pointers (1 << bits slots after the cap entries of pol[]),
	 * so that finding the policy governing a cgroup costs a lookup per level of its
	 * ancestry, not a look at every attached policy (make bench: scale).
	 */
	struct memgov_policy *root;
	struct memgov_policy **slot;
	unsigned int bits;
	struct memgov_policy *pol[];
};

/* Up to this many policies of a type, a scan of pol[] is cheaper than the hash walk. */
#define MEMGOV_POLICY_SCAN_MAX 8

extern struct memgov_policy_table __rcu *memgov_policy_tables[__MEMGOV_POLICY_MAX];

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
static inline struct memgov_policy *memgov_policy_in(const struct memgov_policy_table *t,
						      const struct cgroup *cgrp)
{
	unsigned int i, mask = (1U << t->bits) - 1;

	if (!cgrp || !cgrp->level)
		return t->root;
	for (i = hash_ptr(cgrp, t->bits); t->slot[i]; i = (i + 1) & mask)
		if (t->slot[i]->cgrp == cgrp)
			return t->slot[i];
	return NULL;
}

static inline struct memgov_policy *memgov_policy_at(u32 type, const struct cgroup *cgrp)
{
	struct memgov_policy_table *t = memgov_policy_table(type);
	struct memgov_policy *p = t ? memgov_policy_in(t, cgrp) : NULL;

	return p && memgov_policy_live(p) ? p : NULL;
}

/**
 * memgov_policy_governing() - the nearest policy of @type at or above @cgrp
 * @type: MEMGOV_POLICY_*
 * @cgrp: cgroup, or NULL for the root
 *
 * The deepest live policy attached at @cgrp or an ancestor; a policy at the root (cgrp NULL,
 * level 0) governs everything.  With few policies, one pass over them; with more, a lookup
 * per level from @cgrp up: O(min(policies, depth)) per call.
 */
static inline struct memgov_policy *memgov_policy_governing(u32 type, struct cgroup *cgrp)
{
	struct memgov_policy_table *t = memgov_policy_table(type);
	struct memgov_policy *best = NULL;
	int best_level = -1, level;
	unsigned int i;

	if (t && t->n > MEMGOV_POLICY_SCAN_MAX) {
		for (level = cgrp ? cgrp->level : 0; level > 0; level--) {
			best = memgov_policy_in(t, cgrp->ancestors[level]);
			if (best && memgov_policy_live(best))
				return best;
		}
		return t->root && memgov_policy_live(t->root) ? t->root : NULL;
	}
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
/* Any policy of any type attached. */
static inline bool memgov_policy_any_attached(void)
{
	return memgov_policy_any(MEMGOV_POLICY_OOM) || memgov_policy_any(MEMGOV_POLICY_MEMCG) ||
	       memgov_policy_any(MEMGOV_POLICY_PSI);
}
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
void memgov_policy_for_each(void (*fn)(struct memgov_policy *p, void *arg), void *arg);

#endif /* _MEMGOV_KMOD_POLICY_H */

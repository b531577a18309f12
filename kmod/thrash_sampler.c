// SPDX-License-Identifier: GPL-2.0
/*
 * The thrash and refault detectors' kernel side: every 100 ms, while memcg policies are
 * attached, sample memory pressure and refaults for the system and for the cgroups each
 * policy's decisions touch (its own cgroup, its parent, and its siblings), feed
 * governor/thrash.c, and eject a policy whose decisions are in force while a limit holds.
 *
 * "In force" means protections: they take memory from others.  Charge delays stall their
 * own cgroup on purpose (and show up in its PSI, like the kernel's memory.high penalty);
 * they are bounded by the clamp instead, and too many out-of-range delays eject the policy.
 *
 * Sources, all through exported interfaces: PSI totals from the cgroups' memory.pressure, the
 * root's being the system's (reading them refreshes the totals; see cgfs.c), refaults and LRU sizes from
 * memory.stat and the global node counters.
 */
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/kernfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include "policy.h"
#include "config.h"
#include "thrash_sampler.h"
#include "cgstat.h"
#include "thrash.h"
#include "cgfs.h"

static struct memgov_thrash sys_thrash;
static char *buf;	/* one page, used by the tick only */

/* The thrash limits of a scope: the cgroup's overrides, else the global ones (id 0). */
static void limits(u64 cgroup_id, struct memgov_thrash_limits *lim)
{
	lim->psi_some_pct = memgov_cfg_get_for(cgroup_id, MEMGOV_CFG_A_PSI_SOME_PCT);
	lim->psi_full_pct = memgov_cfg_get_for(cgroup_id, MEMGOV_CFG_A_PSI_FULL_PCT);
	lim->refault_per_sec = memgov_cfg_get_for(cgroup_id, MEMGOV_CFG_A_REFAULT_PER_SEC);
	lim->refault_lru_pct = memgov_cfg_get_for(cgroup_id, MEMGOV_CFG_A_REFAULT_LRU_PCT);
	lim->sustain_ns = memgov_cfg_get_for(cgroup_id, MEMGOV_CFG_A_THRASH_SUSTAIN_MS) *
			  NSEC_PER_MSEC;
}

/* Read @file of @cgrp (NULL: the root, which is the system) into buf. */
static ssize_t read_text(struct cgroup *cgrp, const char *file)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = memgov_cgfs_open(cgrp, file, O_RDONLY);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, PAGE_SIZE - 1, &pos);
	filp_close(f, NULL);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static int sample_system(struct memgov_thrash_sample *s)
{
	/* The root cgroup's memory.pressure is /proc/pressure/memory (see cgfs.c). */
	if (read_text(NULL, "memory.pressure") < 0 ||
	    memgov_parse_pressure(buf, &s->some_us, &s->full_us))
		return -EIO;
	s->refaults = global_node_page_state(WORKINGSET_REFAULT_ANON) +
		      global_node_page_state(WORKINGSET_REFAULT_FILE);
	s->lru_pages = global_node_page_state(NR_INACTIVE_ANON) +
		       global_node_page_state(NR_ACTIVE_ANON) +
		       global_node_page_state(NR_INACTIVE_FILE) +
		       global_node_page_state(NR_ACTIVE_FILE);
	return 0;
}

static int sample_cgroup(struct cgroup *cgrp, struct memgov_thrash_sample *s)
{
	if (read_text(cgrp, "memory.pressure") < 0 ||
	    memgov_parse_pressure(buf, &s->some_us, &s->full_us))
		return -EIO;
	if (read_text(cgrp, "memory.stat") < 0)
		return -EIO;
	s->refaults = memgov_stat_value(buf, "workingset_refault_anon") +
		      memgov_stat_value(buf, "workingset_refault_file");
	s->lru_pages = (memgov_stat_value(buf, "active_anon") +
			memgov_stat_value(buf, "inactive_anon") +
			memgov_stat_value(buf, "active_file") +
			memgov_stat_value(buf, "inactive_file")) >> PAGE_SHIFT;
	return 0;
}

static const char *scope_name(struct cgroup *cgrp, char *name, size_t len)
{
	if (!cgrp || !cgroup_parent(cgrp))
		return "the system";
	if (kernfs_path_from_node(cgrp->kn, NULL, name, len) < 0)
		return "a cgroup";
	return name;
}

/*
 * Judge one scope of @p, already sampled; true when @p is to be ejected, with the reason in
 * @reason.  @p is to blame only
 * when its protection was in force over the whole window that proved the thrash (@in_force_ns:
 * how long it has been, 0 when it is not): pressure from before it protected is not its
 * doing, as when an administrator attaches a protection because the machine thrashes.  The
 * exit reason names the scope as @prefix and @cgrp's path ("/a/b", "the siblings of
 * /a/b/c"), looked up only then.
 */
static bool judge_scope(struct memgov_thrash *t, const struct memgov_thrash_limits *lim,
			const struct memgov_thrash_sample *s, const char *prefix,
			struct cgroup *cgrp, u64 in_force_ns, char *reason)
{
	char why[96], name[64];

	if (!memgov_thrash_update(t, lim, s, why, sizeof(why)) || in_force_ns < lim->sustain_ns)
		return false;
	scnprintf(reason, MEMGOV_MSG_LEN, "%s in %s%s while it protected (onset at %llu ns)",
		  why, prefix, scope_name(cgrp, name, sizeof(name)), t->onset_ns);
	return true;
}

static u64 minus(u64 a, u64 b)
{
	return a > b ? a - b : 0;
}

/*
 * The policy's own cgroup, its parent, and its siblings taken together (the parent minus
 * the policy's cgroup).  The last scope is the one a protection hurts: measured at the
 * parent, the refaults of a thrashing sibling are diluted by the protected cgroup's own
 * large, quiet LRU.  Its PSI cannot be split from the parent's, so it judges refaults only.
 */
/* A memcg policy's cgroups, sampled outside the registry's lock. */
struct sampled {
	u64 id;				/* the policy */
	struct cgroup *cgrp, *parent;	/* referenced; parent NULL when it is the root */
	struct memgov_thrash_sample self, up;
	bool self_ok, up_ok;
};

static bool judge_cgroups(struct memgov_policy *p, const struct sampled *sp, u64 in_force_ns,
			  char *reason)
{
	struct memgov_thrash_sample rest;
	struct memgov_thrash_limits lim;

	if (sp->self_ok) {
		limits(cgroup_id(p->cgrp), &lim);
		if (judge_scope(&p->thrash_self, &lim, &sp->self, "", p->cgrp, in_force_ns, reason))
			return true;
	}
	if (!sp->up_ok)
		return false;
	limits(cgroup_id(sp->parent), &lim);
	if (judge_scope(&p->thrash_parent, &lim, &sp->up, "", sp->parent, in_force_ns, reason))
		return true;
	if (!sp->self_ok)
		return false;
	rest = sp->up;
	rest.refaults = minus(sp->up.refaults, sp->self.refaults);
	rest.lru_pages = minus(sp->up.lru_pages, sp->self.lru_pages);
	lim.psi_some_pct = 0;
	lim.psi_full_pct = 0;
	return judge_scope(&p->thrash_siblings, &lim, &rest, "the siblings of ", p->cgrp,
			   in_force_ns, reason);
}

struct tick_ctx {
	struct memgov_thrash_limits lim;
	bool sys_fired;
	char sys_why[96];
	struct sampled *s;
	unsigned int n, cap;
	struct memgov_thrash_verdict *v;	/* cap of them */
	unsigned int nv;
};

/*
 * Under the registry's lock: which cgroups to sample.  No I/O here.  Only the cgroups of a
 * protection in force: a policy is blamed only for pressure over a window its protection was
 * in force throughout, so nothing from before counts, and the files, memory.stat above all,
 * cost their readers (make bench: icount_tick_cpu_*).  Sampling starts afresh each time.
 */
static void collect_policy(struct memgov_policy *p, void *arg)
{
	struct tick_ctx *c = arg;
	struct sampled *sp;
	struct cgroup *parent;

	if (p->type != MEMGOV_POLICY_MEMCG || !p->cgrp || c->n == c->cap)
		return;
	if (ktime_get_boottime_ns() >= p->in_force_until) {
		p->thrash_idle = true;
		return;
	}
	if (p->thrash_idle) {
		memgov_thrash_reset(&p->thrash_self);
		memgov_thrash_reset(&p->thrash_parent);
		memgov_thrash_reset(&p->thrash_siblings);
		p->thrash_idle = false;
	}
	sp = &c->s[c->n++];
	sp->id = p->id;
	sp->cgrp = p->cgrp;
	cgroup_get(sp->cgrp);
	parent = cgroup_parent(p->cgrp);
	if (parent && cgroup_parent(parent)) {
		sp->parent = parent;
		cgroup_get(parent);
	}
}

static void judge_policy(struct memgov_policy *p, void *arg)
{
	struct tick_ctx *c = arg;
	u64 now = ktime_get_boottime_ns(), applied = atomic64_read(&p->protected);
	u64 delayed = atomic64_read(&p->delayed), hold, in_force_ns = 0, delaying_ns = 0;
	struct memgov_thrash_verdict *v;
	bool in_force, delaying;
	unsigned int i;

	/* Policies attached since the tick counted them are judged next tick. */
	if (p->type != MEMGOV_POLICY_MEMCG || c->nv == c->cap)
		return;
	v = &c->v[c->nv];
	v->policy_id = p->id;
	hold = memgov_cfg_get_for(p->cgroup_id, MEMGOV_CFG_A_IN_FORCE_MS) * NSEC_PER_MSEC;
	/* Seen at tick granularity: an in-force period starts up to a tick late, never early. */
	if (applied != p->applied_seen) {
		p->applied_seen = applied;
		if (now >= p->in_force_until)
			p->in_force_since = now;
		p->in_force_until = now + hold;
	}
	if (delayed != p->delayed_seen) {
		p->delayed_seen = delayed;
		if (now >= p->delay_in_force_until)
			p->delay_in_force_since = now;
		p->delay_in_force_until = now + hold;
	}
	if (now < p->in_force_until)
		in_force_ns = max_t(u64, now - p->in_force_since, 1);
	/*
	 * Delays stall the policy's own cgroups on purpose, which their pressure shows (a
	 * policy delaying one cgroup on an idle machine is the system's whole pressure): they
	 * are in force only for a policy of the whole system, whose delayed tasks are the
	 * machine's.
	 */
	if (!p->cgrp && now < p->delay_in_force_until)
		delaying_ns = max_t(u64, now - p->delay_in_force_since, 1);
	for (i = 0; i < c->n; i++) {
		if (c->s[i].id == p->id && judge_cgroups(p, &c->s[i], in_force_ns, v->reason)) {
			c->nv++;
			return;
		}
	}
	/* As for a cgroup scope: in force over the whole window that proved it. */
	in_force = in_force_ns && in_force_ns >= c->lim.sustain_ns;
	delaying = delaying_ns && delaying_ns >= c->lim.sustain_ns;
	if (c->sys_fired && (in_force || delaying)) {
		scnprintf(v->reason, sizeof(v->reason),
			  "%s in the system while it %s (onset at %llu ns)",
			  c->sys_why, in_force ? "protected" : "delayed charges",
			  sys_thrash.onset_ns);
		c->nv++;
	}
}

/**
 * memgov_thrash_tick() - sample, and judge the memcg policies
 * @verdicts: set to the policies to eject (kfree() it), NULL when there are none
 *
 * Called by the governor tick in process context, every 100 ms while policies are attached;
 * the governor carries the verdicts out.  The files are read with the registry's lock
 * dropped: a read may wait for memory under the very pressure it measures.
 *
 * Return: the number of verdicts.
 */
unsigned int memgov_thrash_tick(struct memgov_thrash_verdict **verdicts)
{
	struct tick_ctx c = {};
	struct memgov_thrash_sample s = { .now_ns = ktime_get_boottime_ns() };
	u32 nattached, nejected;
	unsigned int i;

	*verdicts = NULL;
	if (!memgov_policy_any(MEMGOV_POLICY_MEMCG))
		return 0;
	limits(0, &c.lim);
	if (!sample_system(&s))
		c.sys_fired = memgov_thrash_update(&sys_thrash, &c.lim, &s, c.sys_why,
						   sizeof(c.sys_why));
	memgov_policy_counts(&nattached, &nejected);
	/* Policies attached meanwhile are sampled next tick. */
	c.cap = nattached;
	c.s = c.cap ? kcalloc(c.cap, sizeof(*c.s), GFP_KERNEL) : NULL;
	c.v = c.cap ? kcalloc(c.cap, sizeof(*c.v), GFP_KERNEL) : NULL;
	if (!c.s || !c.v) {
		kfree(c.s);
		kfree(c.v);
		c.s = NULL;
		c.v = NULL;
		c.cap = 0;
	}
	memgov_policy_for_each(collect_policy, &c);
	for (i = 0; i < c.n; i++) {
		struct sampled *sp = &c.s[i];

		sp->self.now_ns = sp->up.now_ns = s.now_ns;
		sp->self_ok = !sample_cgroup(sp->cgrp, &sp->self);
		sp->up_ok = sp->parent && !sample_cgroup(sp->parent, &sp->up);
	}
	memgov_policy_for_each(judge_policy, &c);
	for (i = 0; i < c.n; i++) {
		cgroup_put(c.s[i].cgrp);
		if (c.s[i].parent)
			cgroup_put(c.s[i].parent);
	}
	kfree(c.s);
	if (!c.nv) {
		kfree(c.v);
		return 0;
	}
	*verdicts = c.v;
	return c.nv;
}

int memgov_thrash_init(void)
{
	memgov_thrash_reset(&sys_thrash);
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	return buf ? 0 : -ENOMEM;
}

void memgov_thrash_exit(void)
{
	kfree(buf);
}

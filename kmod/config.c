// SPDX-License-Identifier: GPL-2.0
/*
 * The governor's limits: one table, read by the governor, set as module parameters at load
 * (/sys/module/memgov/parameters/) or over netlink at run time (memgovctl config set).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include "memgov.h"

struct memgov_cfg memgov_cfg = {
	.strikes_max = 3,
	.kill_deadline_ms = 2000,
	.kill_min_kib = 1024,
	.oom_ceiling_us = 100000,
	.oom_budget_us = 500000,
	.memcg_ceiling_us = 5000,
	.memcg_budget_us = 100000,
	.clamps_max = 10,
	.psi_some_pct = 0,
	.psi_full_pct = 60,		/* systemd-oomd: DefaultMemoryPressureLimit=60% */
	.refault_per_sec = 0,
	.refault_lru_pct = 100,		/* Android lmkd: ro.lmk.thrashing_limit=100 */
	.thrash_sustain_ms = 500,
	.in_force_ms = 2000,
	.refuse_attach = 0,
	.delay_budget_ms = 4000,	/* four tasks delayed all the time */
};

#define CFG(attr, field, lo, hi, what)						\
	[attr] = { #field, offsetof(struct memgov_cfg, field),			\
		   sizeof_field(struct memgov_cfg, field), lo, hi, what }

const struct memgov_cfg_key memgov_cfg_keys[MEMGOV_CFG_A_MAX + 1] = {
	CFG(MEMGOV_CFG_A_STRIKES_MAX, strikes_max, 1, 1000,
	    "strikes (claims without a kill, kills that free nothing) before ejection"),
	CFG(MEMGOV_CFG_A_KILL_DEADLINE_MS, kill_deadline_ms, 100, 600000,
	    "an OOM victim must release its memory within this, ms"),
	CFG(MEMGOV_CFG_A_KILL_MIN_KIB, kill_min_kib, 0, 1ULL << 30,
	    "a kill freeing less private memory than this (KiB) is a strike"),
	CFG(MEMGOV_CFG_A_OOM_CEILING_US, oom_ceiling_us, 0, 10000000,
	    "longest one OOM callback may run, us (0: off)"),
	CFG(MEMGOV_CFG_A_OOM_BUDGET_US, oom_budget_us, 0, 10000000,
	    "OOM callback time allowed per second, us (0: off)"),
	CFG(MEMGOV_CFG_A_MEMCG_CEILING_US, memcg_ceiling_us, 0, 10000000,
	    "longest one memcg callback may run, us (0: off)"),
	CFG(MEMGOV_CFG_A_MEMCG_BUDGET_US, memcg_budget_us, 0, 10000000,
	    "memcg callback time allowed per second, us (0: off)"),
	CFG(MEMGOV_CFG_A_CLAMPS_MAX, clamps_max, 0, 1000000,
	    "out-of-range values a policy may return per second (0: off)"),
	CFG(MEMGOV_CFG_A_PSI_SOME_PCT, psi_some_pct, 0, 100,
	    "thrash: memory pressure 'some', % of time (0: off)"),
	CFG(MEMGOV_CFG_A_PSI_FULL_PCT, psi_full_pct, 0, 100,
	    "thrash: memory pressure 'full', % of time (0: off)"),
	CFG(MEMGOV_CFG_A_REFAULT_PER_SEC, refault_per_sec, 0, 1ULL << 40,
	    "thrash: refaulted pages per second (0: off)"),
	CFG(MEMGOV_CFG_A_REFAULT_LRU_PCT, refault_lru_pct, 0, 100000,
	    "thrash: refaults per second as % of the LRU (0: off)"),
	CFG(MEMGOV_CFG_A_THRASH_SUSTAIN_MS, thrash_sustain_ms, 100, 600000,
	    "a thrash limit must hold on average over this window, ms"),
	CFG(MEMGOV_CFG_A_IN_FORCE_MS, in_force_ms, 100, 600000,
	    "a protection counts as in force this long after it was applied, ms"),
	CFG(MEMGOV_CFG_A_REFUSE_ATTACH, refuse_attach, 0, 1,
	    "kill switch: refuse every new policy"),
	CFG(MEMGOV_CFG_A_DELAY_BUDGET_MS, delay_budget_ms, 0, 10000000,
	    "charge delay a policy may impose per second, ms (0: off)"),
};

/*
 * Per-cgroup overrides: the limits an administrator set for one cgroup; the others come
 * from the global table.  Read under RCU from the governor, written under cfg_lock.
 */
struct cg_cfg {
	struct list_head node;
	struct rcu_head rcu;
	u64 cgroup_id;
	unsigned long set;		/* BIT(MEMGOV_CFG_A_*) overridden */
	u64 v[MEMGOV_CFG_A_MAX + 1];
};

static LIST_HEAD(cg_cfgs);
static unsigned int nr_cg_cfgs;
static DEFINE_MUTEX(cfg_lock);

static struct cg_cfg *cg_cfg_find(u64 cgroup_id)
{
	struct cg_cfg *c;

	list_for_each_entry_rcu(c, &cg_cfgs, node, lockdep_is_held(&cfg_lock))
		if (c->cgroup_id == cgroup_id)
			return c;
	return NULL;
}

/**
 * memgov_cfg_get_for() - a limit as it applies to one cgroup
 * @cgroup_id: the cgroup (0: the global value)
 * @attr: MEMGOV_CFG_A_*
 */
u64 memgov_cfg_get_for(u64 cgroup_id, unsigned int attr)
{
	struct cg_cfg *c;
	u64 v;

	if (!cgroup_id || list_empty(&cg_cfgs))
		return memgov_cfg_get(attr);
	rcu_read_lock();
	c = cg_cfg_find(cgroup_id);
	v = c && test_bit(attr, &c->set) ? READ_ONCE(c->v[attr]) : memgov_cfg_get(attr);
	rcu_read_unlock();
	return v;
}

/**
 * memgov_cfg_set_many() - set limits, globally or for one cgroup, all at once
 * @cgroup_id: 0 for the global limits
 * @vals: values indexed by MEMGOV_CFG_A_*, already range-checked
 * @mask: which of @vals to set
 */
int memgov_cfg_set_many(u64 cgroup_id, const u64 *vals, unsigned long mask)
{
	struct cg_cfg *c, *n;
	unsigned int a;

	mutex_lock(&cfg_lock);
	if (!cgroup_id) {
		for_each_set_bit(a, &mask, MEMGOV_CFG_A_MAX + 1)
			memgov_cfg_set(a, vals[a]);
		mutex_unlock(&cfg_lock);
		return 0;
	}
	c = cg_cfg_find(cgroup_id);
	if (!c && nr_cg_cfgs >= MEMGOV_CG_CFG_MAX) {
		mutex_unlock(&cfg_lock);
		return -ENOSPC;
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n) {
		mutex_unlock(&cfg_lock);
		return -ENOMEM;
	}
	if (c)
		*n = *c;
	n->cgroup_id = cgroup_id;
	for_each_set_bit(a, &mask, MEMGOV_CFG_A_MAX + 1)
		n->v[a] = vals[a];
	n->set |= mask;
	/* Replace, never edit in place: readers see the old set or the new, not a mix. */
	if (c) {
		list_replace_rcu(&c->node, &n->node);
		kfree_rcu(c, rcu);
	} else {
		list_add_rcu(&n->node, &cg_cfgs);
		nr_cg_cfgs++;
	}
	mutex_unlock(&cfg_lock);
	return 0;
}

void memgov_cfg_exit(void)
{
	struct cg_cfg *c, *tmp;

	list_for_each_entry_safe(c, tmp, &cg_cfgs, node) {
		list_del(&c->node);
		kfree(c);
	}
}

u64 memgov_cfg_get(unsigned int attr)
{
	const struct memgov_cfg_key *k = &memgov_cfg_keys[attr];
	const void *p = (const char *)&memgov_cfg + k->offset;

	return k->size == sizeof(u64) ? READ_ONCE(*(const u64 *)p) : READ_ONCE(*(const u32 *)p);
}

void memgov_cfg_set(unsigned int attr, u64 v)
{
	const struct memgov_cfg_key *k = &memgov_cfg_keys[attr];
	void *p = (char *)&memgov_cfg + k->offset;

	if (k->size == sizeof(u64))
		WRITE_ONCE(*(u64 *)p, v);
	else
		WRITE_ONCE(*(u32 *)p, (u32)v);
}

/*
 * Module parameters: the same limits at load time, and in sysfs.  A write goes through the
 * table's range, is logged and counted, and (once the module is up) announced on the events
 * group, as a netlink write is: sysfs is no way around the checks.
 */
static bool cfg_live;

void memgov_cfg_live(bool live)
{
	WRITE_ONCE(cfg_live, live);
}

static int param_set_limit(const char *val, const struct kernel_param *kp)
{
	const struct memgov_cfg_key *k = kp->arg;
	unsigned int attr = k - memgov_cfg_keys;
	u64 vals[MEMGOV_CFG_A_MAX + 1] = {}, v;
	int err;

	err = kstrtoull(val, 0, &v);
	if (err)
		return err;
	if (v < k->min || v > k->max) {
		pr_info("config: %s = %llu refused: out of range %llu..%llu\n", k->name, v, k->min,
			k->max);
		return -ERANGE;
	}
	vals[attr] = v;
	err = memgov_cfg_set_many(0, vals, BIT(attr));
	if (err)
		return err;
	if (READ_ONCE(cfg_live)) {
		pr_info("config: %s = %llu\n", k->name, v);
		memgov_stat_inc(MEMGOV_STATS_A_CONFIG_CHANGES);
		memgov_netlink_notify_config(0, vals, BIT(attr));
	}
	return 0;
}

static int param_get_limit(char *buf, const struct kernel_param *kp)
{
	const struct memgov_cfg_key *k = kp->arg;

	return sysfs_emit(buf, "%llu\n", memgov_cfg_get(k - memgov_cfg_keys));
}

static const struct kernel_param_ops limit_ops = {
	.set = param_set_limit,
	.get = param_get_limit,
};

#define LIMIT_PARAM(name, attr) \
	module_param_cb(name, &limit_ops, (void *)&memgov_cfg_keys[attr], 0644)

LIMIT_PARAM(strikes_max, MEMGOV_CFG_A_STRIKES_MAX);
LIMIT_PARAM(kill_deadline_ms, MEMGOV_CFG_A_KILL_DEADLINE_MS);
LIMIT_PARAM(kill_min_kib, MEMGOV_CFG_A_KILL_MIN_KIB);
LIMIT_PARAM(oom_ceiling_us, MEMGOV_CFG_A_OOM_CEILING_US);
LIMIT_PARAM(oom_budget_us, MEMGOV_CFG_A_OOM_BUDGET_US);
LIMIT_PARAM(memcg_ceiling_us, MEMGOV_CFG_A_MEMCG_CEILING_US);
LIMIT_PARAM(memcg_budget_us, MEMGOV_CFG_A_MEMCG_BUDGET_US);
LIMIT_PARAM(clamps_max, MEMGOV_CFG_A_CLAMPS_MAX);
LIMIT_PARAM(psi_some_pct, MEMGOV_CFG_A_PSI_SOME_PCT);
LIMIT_PARAM(psi_full_pct, MEMGOV_CFG_A_PSI_FULL_PCT);
LIMIT_PARAM(refault_per_sec, MEMGOV_CFG_A_REFAULT_PER_SEC);
LIMIT_PARAM(refault_lru_pct, MEMGOV_CFG_A_REFAULT_LRU_PCT);
LIMIT_PARAM(thrash_sustain_ms, MEMGOV_CFG_A_THRASH_SUSTAIN_MS);
LIMIT_PARAM(in_force_ms, MEMGOV_CFG_A_IN_FORCE_MS);
LIMIT_PARAM(refuse_attach, MEMGOV_CFG_A_REFUSE_ATTACH);
LIMIT_PARAM(delay_budget_ms, MEMGOV_CFG_A_DELAY_BUDGET_MS);
MODULE_PARM_DESC(strikes_max, "strikes before ejection (3)");
MODULE_PARM_DESC(refuse_attach, "kill switch: 1 refuses every new policy (0)");
MODULE_PARM_DESC(psi_full_pct, "thrash limit, memory pressure full % (60, systemd-oomd's default)");
MODULE_PARM_DESC(refault_lru_pct, "thrash limit, refaults/s as % of the LRU (100, Android lmkd's default)");

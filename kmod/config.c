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
#include "config.h"
#include "stats.h"
#include "notify.h"

/* The limits' defaults, types and ranges: include/memgov/limits.h. */
#define CFG_DEFAULT(attr, name, width, lo, hi, def, doc) .name = def,
struct memgov_cfg memgov_cfg = {
	MEMGOV_LIMITS(CFG_DEFAULT)
};

#define CFG_KEY(attr, name, width, lo, hi, def, doc)				\
	[MEMGOV_CFG_A_##attr] = { #name, offsetof(struct memgov_cfg, name),	\
				  sizeof_field(struct memgov_cfg, name), lo, hi, doc },
const struct memgov_cfg_key memgov_cfg_keys[MEMGOV_CFG_A_MAX + 1] = {
	MEMGOV_LIMITS(CFG_KEY)
};

/* Every attribute after PAD is a limit of the table, and nothing else is. */
#define CFG_COUNT(attr, name, width, lo, hi, def, doc) + 1
static_assert(0 MEMGOV_LIMITS(CFG_COUNT) == MEMGOV_CFG_A_MAX - MEMGOV_CFG_A_PAD);

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
		struct memgov_note n = {
			.kind = MEMGOV_NOTE_CONFIG,
			.config = { .cgroup_id = 0, .vals = vals, .mask = BIT(attr) },
		};

		pr_info("config: %s = %llu\n", k->name, v);
		memgov_stat_inc(MEMGOV_STATS_A_CONFIG_CHANGES);
		memgov_notify(&n);
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

#define LIMIT_PARAM(attr, name, width, lo, hi, def, doc)			\
	module_param_cb(name, &limit_ops, (void *)&memgov_cfg_keys[MEMGOV_CFG_A_##attr], 0644); \
	__MODULE_PARM_TYPE(name, "ullong");					\
	MODULE_PARM_DESC(name, doc " [" #lo ".." #hi ", default " #def "]");
MEMGOV_LIMITS(LIMIT_PARAM)

// SPDX-License-Identifier: GPL-2.0
/*
 * The memcg hooks: charge throttling, uncharge, protection and cgroup lifecycle.
 *
 * For a memcg decision the nearest policy at or above the memcg's cgroup decides
 * (memgov_policy_governing()).  Handlers run with preemption disabled inside the probe,
 * under RCU: the policy table and the struct_ops data they call through stay valid.
 */
#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/page_counter.h>
#include <linux/sched.h>
#include <linux/swap.h>
#include "call.h"
#include "compat.h"
#include "policy.h"
#include "gov.h"
#include "stats.h"
#include "hooks.h"
#include "psi.h"

static struct memgov_memcg_ops *governing_ops(struct mem_cgroup *memcg,
					      struct memgov_policy **pp)
{
	struct memgov_policy *p;

	p = memgov_policy_governing(MEMGOV_POLICY_MEMCG, memcg->css.cgroup);
	*pp = p;
	return p ? READ_ONCE(p->kdata) : NULL;
}

/* --- charge: try_charge_memcg(memcg, gfp_mask, nr_pages) ------------------------------ */

/* Is the charging task's own memcg governed by @p?  Only asked when a delay is due. */
static bool governs_current(struct memgov_policy *p, struct mem_cgroup *charged)
{
	struct mem_cgroup *own;
	bool ok;

	rcu_read_lock();
	own = mem_cgroup_from_task(current);
	ok = own == charged ||
	     (own && memgov_policy_governing(MEMGOV_POLICY_MEMCG, own->css.cgroup) == p);
	rcu_read_unlock();
	return ok;
}

static void charge_fentry(struct ftrace_regs *fregs)
{
	struct mem_cgroup *memcg = (struct mem_cgroup *)ftrace_regs_get_argument(fregs, 0);
	gfp_t gfp = (gfp_t)ftrace_regs_get_argument(fregs, 1);
	unsigned int nr_pages = (unsigned int)ftrace_regs_get_argument(fregs, 2);
	struct memgov_memcg_ops *ops;
	struct memgov_policy *p;
	unsigned int ms = 0;

	/* Every charge: no rcu_read_lock(), the probe's preemption-off section is the reader. */
	ops = governing_ops(memcg, &p);
	if (ops && ops->memcg_charged) {
		ms = MEMGOV_CALL_HOT(p, ops->memcg_charged(memcg, nr_pages));
		if (ms > MEMGOV_DELAY_MAX_MS) {
			ms = MEMGOV_DELAY_MAX_MS;
			memgov_gov_clamped(p, "delays");
		}
		/*
		 * Only a task that will return to user space and may sleep pays: not an
		 * interrupt, not a kernel thread, not an atomic allocation; and only a task
		 * the policy governs: not one charging another cgroup (swap-in of a page
		 * charged elsewhere, set_active_memcg()).
		 */
		if (ms && in_task() && !(current->flags & (PF_KTHREAD | PF_EXITING)) &&
		    gfpflags_allow_blocking(gfp) && governs_current(p, memcg)) {
			if (p->flags & MEMGOV_F_SHADOW) {
				char diff[64];

				scnprintf(diff, sizeof(diff), "would delay pid %d by %u ms",
					  task_pid_nr(current), ms);
				memgov_gov_shadow(p, true, diff);
			} else {
				unsigned int added = memgov_throttle_current(ms);

				atomic64_inc(&p->applied);
				if (added)
					memgov_gov_delayed(p, added);
			}
		}
	}
}
MEMGOV_FENTRY(charge_ftrace, charge_fentry)

static struct memgov_probe charge_probes[] = {
	{ .symbol = "try_charge_memcg", .params = "memcg:mem_cgroup,gfp_mask,nr_pages",
	  .fentry = charge_ftrace },
};

const struct memgov_hook_desc memgov_hook_charge = {
	.name = "charge",
	.probes = charge_probes,
	.nprobes = ARRAY_SIZE(charge_probes),
};

/* --- uncharge: __mem_cgroup_uncharge(folio), __mem_cgroup_uncharge_folios(folios) ----- */

static void uncharged(struct mem_cgroup *memcg, unsigned int nr_pages)
{
	struct memgov_memcg_ops *ops;
	struct memgov_policy *p;

	if (!memcg)
		return;
	ops = governing_ops(memcg, &p);
	if (ops && ops->memcg_uncharged) {
		MEMGOV_CALL_VOID_HOT(p, ops->memcg_uncharged(memcg, nr_pages));
	}
}

static void uncharge_fentry(struct ftrace_regs *fregs)
{
	struct folio *folio = (struct folio *)ftrace_regs_get_argument(fregs, 0);

	rcu_read_lock();
	uncharged(folio_memcg(folio), folio_nr_pages(folio));
	rcu_read_unlock();
}
MEMGOV_FENTRY(uncharge_ftrace, uncharge_fentry)

static void uncharge_folios_fentry(struct ftrace_regs *fregs)
{
	struct folio_batch *fbatch = (struct folio_batch *)ftrace_regs_get_argument(fregs, 0);
	struct mem_cgroup *memcg = NULL, *m;
	unsigned int i, nr = 0;

	/*
	 * One call per run of folios of the same memcg (an unmap's batch is usually one run),
	 * with the run's pages: what the kernel's own uncharge_batch() does.
	 */
	rcu_read_lock();
	for (i = 0; i < folio_batch_count(fbatch); i++) {
		m = folio_memcg(fbatch->folios[i]);
		if (m != memcg && nr) {
			uncharged(memcg, nr);
			nr = 0;
		}
		memcg = m;
		nr += folio_nr_pages(fbatch->folios[i]);
	}
	if (nr)
		uncharged(memcg, nr);
	rcu_read_unlock();
}
MEMGOV_FENTRY(uncharge_folios_ftrace, uncharge_folios_fentry)

static struct memgov_probe uncharge_probes[] = {
	{ .symbol = "__mem_cgroup_uncharge", .params = "folio:folio", .fentry = uncharge_ftrace },
	{ .symbol = "__mem_cgroup_uncharge_folios", .params = "folios:folio_batch",
	  .fentry = uncharge_folios_ftrace },
};

const struct memgov_hook_desc memgov_hook_uncharge = {
	.name = "uncharge",
	.probes = uncharge_probes,
	.nprobes = ARRAY_SIZE(uncharge_probes),
};

/* --- protection: mem_cgroup_calculate_protection(root, memcg) ------------------------- */

struct protect_args {
	struct mem_cgroup *root;
	struct mem_cgroup *memcg;
};

static int protect_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct protect_args *a = (struct protect_args *)ri->data;

	a->root = (struct mem_cgroup *)regs_get_kernel_argument(regs, 0);
	a->memcg = (struct mem_cgroup *)regs_get_kernel_argument(regs, 1);
	/* The target of reclaim and the root cgroup have no protection to decide. */
	if (!a->memcg || a->memcg == a->root || !a->memcg->css.cgroup->level)
		return 1;
	return 0;
}

/*
 * Reclaim compares the effective protection with the usage right after this returns
 * (mem_cgroup_below_min/low()); leave room for the charges that land in between.
 */
static unsigned long protected_level(unsigned long usage)
{
	return usage + (usage >> 3) + SWAP_CLUSTER_MAX;
}

/* A shadow policy's protection is recorded, not applied; true when @p is in shadow mode. */
static bool shadow_protect(struct memgov_policy *p, struct mem_cgroup *memcg, const char *what,
			   unsigned long usage)
{
	char diff[96];

	if (!(p->flags & MEMGOV_F_SHADOW))
		return false;
	scnprintf(diff, sizeof(diff), "would protect cgroup %llu (%s) at %lu KiB",
		  cgroup_id(memcg->css.cgroup), what, usage * (PAGE_SIZE / 1024));
	memgov_gov_shadow(p, true, diff);
	return true;
}

static int protect_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct protect_args *a = (struct protect_args *)ri->data;
	struct mem_cgroup *memcg = a->memcg;
	struct memgov_memcg_ops *ops;
	struct memgov_policy *p;
	unsigned long usage, emin, elow;

	rcu_read_lock();
	ops = governing_ops(memcg, &p);
	if (!ops || (!ops->below_min && !ops->below_low))
		goto out;
	/* Suspended for an OOM its protection helped cause (memgov_gov_oom_protection()). */
	if (unlikely(READ_ONCE(p->suspend_until_ns)) &&
	    ktime_get_ns() < READ_ONCE(p->suspend_until_ns))
		goto out;
	usage = page_counter_read(&memcg->memory);
	emin = READ_ONCE(memcg->memory.emin);
	elow = READ_ONCE(memcg->memory.elow);
	/* A policy adds protection; what the administrator configured always stays. */
	if (ops->below_min) {
		if (MEMGOV_CALL(p, ops->below_min(memcg, emin, usage)) && emin < usage) {
			if (shadow_protect(p, memcg, "min", usage))
				goto out;
			WRITE_ONCE(memcg->memory.emin, protected_level(usage));
			WRITE_ONCE(p->last_protect_ns, ktime_get_ns());
			atomic64_inc(&p->applied);
			atomic64_inc(&p->protected);
			memgov_stat_inc(MEMGOV_STATS_A_PROTECTIONS);
			goto out;
		}
	}
	if (ops->below_low) {
		if (MEMGOV_CALL(p, ops->below_low(memcg, elow, usage)) && elow < usage) {
			if (shadow_protect(p, memcg, "low", usage))
				goto out;
			WRITE_ONCE(memcg->memory.elow, protected_level(usage));
			WRITE_ONCE(p->last_protect_ns, ktime_get_ns());
			atomic64_inc(&p->applied);
			atomic64_inc(&p->protected);
			memgov_stat_inc(MEMGOV_STATS_A_PROTECTIONS);
		}
	}
out:
	rcu_read_unlock();
	return 0;
}

static struct memgov_probe protect_probes[] = {
	{ .symbol = "mem_cgroup_calculate_protection", .params = "root:mem_cgroup,memcg:mem_cgroup",
	  .entry = protect_entry,
	  .ret = protect_return, .data_size = sizeof(struct protect_args) },
};

const struct memgov_hook_desc memgov_hook_protect = {
	.name = "protect",
	.probes = protect_probes,
	.nprobes = ARRAY_SIZE(protect_probes),
};

/* --- lifecycle: mem_cgroup_css_online(css), mem_cgroup_css_offline(css) -------------- */

static int online_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(struct cgroup_subsys_state **)ri->data =
		(struct cgroup_subsys_state *)regs_get_kernel_argument(regs, 0);
	return 0;
}

/* After a successful online, so the policy sees a memcg that is fully set up. */
static int online_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct cgroup_subsys_state *css = *(struct cgroup_subsys_state **)ri->data;
	struct mem_cgroup *memcg = mem_cgroup_from_css(css);
	struct memgov_memcg_ops *ops;
	struct memgov_policy *p;

	if (regs_return_value(regs))
		return 0;
	rcu_read_lock();
	ops = governing_ops(memcg, &p);
	if (ops && ops->handle_cgroup_online) {
		MEMGOV_CALL_VOID(p, ops->handle_cgroup_online(memcg));
	}
	rcu_read_unlock();
	memgov_psi_cgroup_online(css->cgroup);
	return 0;
}

static struct memgov_probe online_probes[] = {
	{ .symbol = "mem_cgroup_css_online", .params = "css:cgroup_subsys_state", .entry = online_entry, .ret = online_return,
	  .data_size = sizeof(struct cgroup_subsys_state *) },
};

const struct memgov_hook_desc memgov_hook_online = {
	.name = "online",
	.probes = online_probes,
	.nprobes = ARRAY_SIZE(online_probes),
};

static void offline_fentry(struct ftrace_regs *fregs)
{
	struct cgroup_subsys_state *css =
		(struct cgroup_subsys_state *)ftrace_regs_get_argument(fregs, 0);
	struct mem_cgroup *memcg = mem_cgroup_from_css(css);
	struct cgroup *cgrp = css->cgroup;
	struct memgov_memcg_ops *ops;
	struct memgov_oom_ops *oops;
	struct memgov_policy *p;
	struct memgov_oom_ctx ctx;
	int level;

	rcu_read_lock();
	ops = governing_ops(memcg, &p);
	if (ops && ops->handle_cgroup_offline) {
		MEMGOV_CALL_VOID(p, ops->handle_cgroup_offline(memcg));
	}
	/* Every OOM policy at or above the cgroup may keep state about it. */
	ctx.oom_cgroup_id = 0;
	for (level = cgrp->level; level >= 0; level--) {
		p = memgov_policy_at(MEMGOV_POLICY_OOM, level ? cgrp->ancestors[level] : NULL);
		oops = p ? READ_ONCE(p->kdata) : NULL;
		if (oops && oops->handle_cgroup_offline) {
			ctx.cgroup_id = p->cgroup_id;
			MEMGOV_CALL_VOID(p, oops->handle_cgroup_offline(&ctx, cgroup_id(cgrp)));
		}
	}
	rcu_read_unlock();
}
MEMGOV_FENTRY(offline_ftrace, offline_fentry)

static struct memgov_probe offline_probes[] = {
	{ .symbol = "mem_cgroup_css_offline", .params = "css:cgroup_subsys_state",
	  .fentry = offline_ftrace },
};

const struct memgov_hook_desc memgov_hook_offline = {
	.name = "offline",
	.probes = offline_probes,
	.nprobes = ARRAY_SIZE(offline_probes),
};

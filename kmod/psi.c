// SPDX-License-Identifier: GPL-2.0
/*
 * PSI policies: triggers made from BPF, and the calls into memgov_psi_ops.
 *
 * psi_trigger_create() is not exported on 6.12, so a trigger here is the kernel's trigger
 * arithmetic (governor/psitrig.c: window growth, the previous window prorated, one event per
 * window, deferred not dropped) fed by the cgroup's own pressure file (memory.pressure,
 * io.pressure, cpu.pressure; the root's is the system's), read every tenth of the window, as
 * the kernel's poller samples: reading the file aggregates the per-CPU stall times
 * (psi_show() -> collect_percpu_times()), so each sample is exact to the µs.  One read costs
 * about 220,000 instructions (make bench): a 1 s window costs ~2 ms of CPU a second.  Triggers
 * on the same cgroup and resource share a read, and the reads count in their policy's time
 * budget, like its callbacks: a policy that samples too much is ejected for it.
 *
 * Callbacks run from one work item, in process context, one at a time, timed by the governor
 * like every other callback.  The lists are under psi_lock (a mutex: the work reads files);
 * triggers made by a running callback (atomic context) wait on a spinlocked list for the next
 * run.  A cgroup that goes offline takes its triggers with it: the work notices (the css is
 * no longer online), drops them and tells their policy.
 */
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/psi_types.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "../include/memgov/kfuncs.h"
#include "call.h"
#include "policy.h"
#include "gov.h"
#include "cgfs.h"
#include "cgstat.h"
#include "psitrig.h"
#include "psi.h"

/* A PSI policy as this file knows it; its ctx is what BPF passes back to the kfunc. */
struct psi_pol {
	struct memgov_psi_ctx ctx;
	struct memgov_policy *p;	/* valid while listed: forgotten before it is freed */
	struct memgov_psi_ops *ops;	/* its struct_ops data, the key at detach */
	struct list_head node;
	const struct memgov_psi_trigger *firing; /* the event its handler is given, if any */
	unsigned int ntrig;		/* under new_lock, with @gone */
	bool gone;			/* being forgotten: no more triggers */
	struct rcu_head rcu;
};

struct psi_trig {
	struct list_head node;
	struct psi_pol *pp;
	struct cgroup *cgrp;		/* referenced; NULL: the system */
	u64 cgroup_id;
	u32 resource;			/* PSI_* | BPF_PSI_FULL */
	u32 threshold_us, window_us;
	struct memgov_psi_trig win;
	bool started;			/* the window has its first sample */
	u64 next_ns;			/* next sample due */
};

static DEFINE_MUTEX(psi_lock);		/* pols, trigs; the work runs under it */
static LIST_HEAD(pols);
static LIST_HEAD(trigs);
static DEFINE_SPINLOCK(new_lock);	/* new_trigs: made in atomic context */
static LIST_HEAD(new_trigs);
static char *buf;			/* one page, for the work */

/* The cgroup memgov_psi_cgroup_online() announces on this CPU (preemption is off there). */
static DEFINE_PER_CPU(struct cgroup *, onlining);

/* SwapTotal in kB as of the last refresh (bpf_memgov_swap_*(): no exported way on 6.12). */
static atomic64_t swap_total_kb;

static void psi_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(psi_work, psi_workfn);

static const char *const res_file[] = {
	[PSI_IO] = "io.pressure",
	[PSI_MEM] = "memory.pressure",
	[PSI_CPU] = "cpu.pressure",
};

static void trig_free(struct psi_trig *t)
{
	if (t->cgrp)
		cgroup_put(t->cgrp);
	kfree(t);
}

/* Is @cgrp (NULL: the root) at or below @top (NULL: the root, above everything)? */
static bool under(struct cgroup *cgrp, struct cgroup *top)
{
	return !top || (cgrp && cgroup_is_descendant(cgrp, top));
}

/**
 * memgov_psi_trigger_create() - make a trigger for the policy whose callback runs
 * @ctx: the policy's handle (a callback argument)
 * @id: the cgroup to watch, 0 or the root's id for the whole system; at or under the
 *	policy's own cgroup
 * @resource: PSI_IO, PSI_MEM or PSI_CPU, | BPF_PSI_FULL for "full"
 * @threshold_us: stall within the window that raises an event, 1 .. @window_us
 * @window_us: 500 ms .. 10 s
 *
 * Any context.  The first sample is taken at the next run of the work.
 * Return: 0; -EINVAL for a bad resource, threshold or window; -ENOENT for no such cgroup;
 * -EPERM for a cgroup outside the policy's; -ENOSPC past MEMGOV_PSI_TRIGGERS_MAX; -ENOMEM.
 */
int memgov_psi_trigger_create(struct memgov_psi_ctx *ctx, u64 id, u32 resource,
			      u32 threshold_us, u32 window_us)
{
	struct psi_pol *pp = container_of(ctx, struct psi_pol, ctx);
	u32 res = resource & ~BPF_PSI_FULL;
	struct memgov_psi_trig probe;
	struct cgroup *cgrp = NULL;
	struct psi_trig *t;
	unsigned long flags;

	if (!ctx)
		return -EINVAL;
	if (res >= ARRAY_SIZE(res_file) || !res_file[res] ||
	    memgov_psi_trig_init(&probe, threshold_us, window_us, 0, 0))
		return -EINVAL;
	if (id) {
		struct cgroup *onl = this_cpu_read(onlining);

		/* A cgroup coming online is not found by id until its directory is active. */
		if (onl && cgroup_id(onl) == id) {
			cgroup_get(onl);
			cgrp = onl;
		} else {
			cgrp = cgroup_get_from_id(id);
		}
		if (IS_ERR(cgrp))
			return -ENOENT;
		if (!cgroup_parent(cgrp)) {
			cgroup_put(cgrp);
			cgrp = NULL;
			id = 0;
		}
	}
	if (!under(cgrp, pp->p->cgrp)) {
		if (cgrp)
			cgroup_put(cgrp);
		return -EPERM;
	}
	t = kzalloc(sizeof(*t), GFP_ATOMIC);
	if (!t) {
		if (cgrp)
			cgroup_put(cgrp);
		return -ENOMEM;
	}
	t->pp = pp;
	t->cgrp = cgrp;
	t->cgroup_id = id;
	t->resource = resource;
	t->threshold_us = threshold_us;
	t->window_us = window_us;
	spin_lock_irqsave(&new_lock, flags);
	if (pp->gone || pp->ntrig >= MEMGOV_PSI_TRIGGERS_MAX) {
		bool gone = pp->gone;

		spin_unlock_irqrestore(&new_lock, flags);
		trig_free(t);
		return gone ? -ENOENT : -ENOSPC;
	}
	pp->ntrig++;
	list_add_tail(&t->node, &new_trigs);
	spin_unlock_irqrestore(&new_lock, flags);
	mod_delayed_work(system_unbound_wq, &psi_work, 0);
	return 0;
}

/* Read @f (opened for it, closed here) into the work's page, NUL-terminated: the length. */
static ssize_t read_page(struct file *f)
{
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, PAGE_SIZE - 1, &pos);
	filp_close(f, NULL);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* The stall total of @t's file, ns. */
static int sample(struct psi_trig *t, u64 *total_ns)
{
	const char *file = res_file[t->resource & ~BPF_PSI_FULL];
	u64 some, full;
	ssize_t n;

	n = read_page(memgov_cgfs_open(t->cgrp, file, O_RDONLY));
	if (n < 0)
		return n;
	/* cpu.pressure at the root has a full line of zeros since 5.13: parsed the same. */
	if (memgov_parse_pressure(buf, &some, &full))
		return -EIO;
	*total_ns = ((t->resource & BPF_PSI_FULL) ? full : some) * NSEC_PER_USEC;
	return 0;
}

/*
 * The system's swap size, from /proc/meminfo: total_swap_pages and si_swapinfo() are not
 * exported on 6.12 (nr_swap_pages, the free count, is).  Read before each handle_psi_event()
 * and init(), in process context (one read, only when an event is delivered);
 * swapon/swapoff between two events are seen at the next.  @buf is the work's page (psi_lock held).
 */
static void swap_total_refresh(void)
{
	u64 kb;

	if (read_page(filp_open("/proc/meminfo", O_RDONLY, 0)) > 0 &&
	    !memgov_meminfo_kb(buf, "SwapTotal", &kb))
		atomic64_set(&swap_total_kb, kb);
}

u64 memgov_psi_swap_total(void)
{
	return (u64)atomic64_read(&swap_total_kb) * SZ_1K;
}

static bool cgroup_gone(const struct cgroup *cgrp)
{
	return cgrp && !(READ_ONCE(cgrp->self.flags) & CSS_ONLINE);
}

/* Call into a live policy, timed, as the hooks do (preemption off: see call.h). */
#define PSI_CALL(pp, member, ...) do {						\
	struct memgov_psi_ops *__ops = (pp)->ops;				\
	rcu_read_lock();							\
	preempt_disable();							\
	if (__ops->member && memgov_policy_live((pp)->p))			\
		MEMGOV_CALL_VOID((pp)->p, __ops->member(&(pp)->ctx, ##__VA_ARGS__)); \
	preempt_enable();							\
	rcu_read_unlock();							\
} while (0)

static void take_new(void)
{
	unsigned long flags;

	spin_lock_irqsave(&new_lock, flags);
	list_splice_tail_init(&new_trigs, &trigs);
	spin_unlock_irqrestore(&new_lock, flags);
}

static void drop_trig(struct psi_trig *t)
{
	unsigned long flags;

	list_del(&t->node);
	spin_lock_irqsave(&new_lock, flags);
	t->pp->ntrig--;
	spin_unlock_irqrestore(&new_lock, flags);
	trig_free(t);
}

/* One run's reads, shared by the triggers on the same cgroup and resource. */
struct psi_seen {
	struct cgroup *cgrp;
	u32 resource;
	u64 total;
};
#define PSI_SEEN_MAX 16

static int sample_shared(struct psi_trig *t, struct psi_seen *seen, unsigned int *nseen,
			 u64 *total)
{
	unsigned int i;
	int err;

	for (i = 0; i < *nseen; i++) {
		if (seen[i].cgrp == t->cgrp && seen[i].resource == t->resource) {
			*total = seen[i].total;
			return 0;
		}
	}
	err = sample(t, total);
	if (!err && *nseen < PSI_SEEN_MAX)
		seen[(*nseen)++] = (struct psi_seen){ t->cgrp, t->resource, *total };
	return err;
}

static void psi_workfn(struct work_struct *work)
{
	struct psi_seen seen[PSI_SEEN_MAX];
	unsigned int nseen = 0;
	bool swap_read = false;
	u64 now, next = U64_MAX, t0;
	struct psi_trig *t, *tmp;
	int err;

	mutex_lock(&psi_lock);
	take_new();
	now = ktime_get_ns();
	list_for_each_entry_safe(t, tmp, &trigs, node) {
		struct memgov_psi_trigger ev;
		u64 total;

		if (cgroup_gone(t->cgrp)) {
			u64 id = t->cgroup_id;
			struct psi_pol *pp = t->pp;

			drop_trig(t);
			PSI_CALL(pp, handle_cgroup_offline, id);
			continue;
		}
		if (t->started && now < t->next_ns) {
			next = min(next, t->next_ns);
			continue;
		}
		t0 = ktime_get_ns();
		err = sample_shared(t, seen, &nseen, &total);
		/* Reading is the policy's doing: its time counts in its budget. */
		memgov_gov_called(t->pp->p, ktime_get_ns() - t0, 1);
		if (err) {
			/* Unreadable (a cgroup on its way out): try again next period. */
			t->next_ns = now + (u64)t->window_us * NSEC_PER_USEC /
					   MEMGOV_PSI_UPDATES_PER_WINDOW;
			next = min(next, t->next_ns);
			continue;
		}
		now = ktime_get_ns();
		if (!t->started) {
			memgov_psi_trig_init(&t->win, t->threshold_us, t->window_us, now, total);
			t->started = true;
		} else if (memgov_psi_trig_update(&t->win, now, total)) {
			ev = (struct memgov_psi_trigger) {
				.cgroup_id = t->cgroup_id,
				.resource = t->resource,
				.threshold_us = t->threshold_us,
				.window_us = t->window_us,
				.growth_us = div_u64(t->win.growth, NSEC_PER_USEC),
				.time_ns = now,
			};
			if (!swap_read) {
				swap_total_refresh();
				swap_read = true;
			}
			t->pp->firing = &ev;
			PSI_CALL(t->pp, handle_psi_event, &ev);
			t->pp->firing = NULL;
		}
		t->next_ns = now + memgov_psi_trig_period(&t->win);
		next = min(next, t->next_ns);
	}
	/* Triggers made by the callbacks above start at once. */
	spin_lock_irq(&new_lock);
	if (!list_empty(&new_trigs))
		next = 0;
	spin_unlock_irq(&new_lock);
	mutex_unlock(&psi_lock);
	if (next != U64_MAX) {
		now = ktime_get_ns();
		mod_delayed_work(system_unbound_wq, &psi_work,
				 next > now ? nsecs_to_jiffies(next - now) : 0);
	}
}

/**
 * memgov_psi_policy_init() - know a PSI policy, then run its init()
 * @p: the policy, attached
 *
 * Process context.  Return: 0, -ENOMEM, or init()'s non-zero result (-EINVAL if positive).
 */
int memgov_psi_policy_init(struct memgov_policy *p)
{
	struct memgov_psi_ops *ops = p->kdata;
	struct psi_pol *pp;
	int ret = 0;

	mutex_lock(&psi_lock);
	if (!buf)
		buf = (char *)__get_free_page(GFP_KERNEL);
	pp = buf ? kzalloc(sizeof(*pp), GFP_KERNEL) : NULL;
	if (!pp) {
		mutex_unlock(&psi_lock);
		return -ENOMEM;
	}
	pp->p = p;
	pp->ops = ops;
	pp->ctx.cgroup_id = p->cgroup_id;
	list_add_tail(&pp->node, &pols);
	WRITE_ONCE(p->psi, pp);
	swap_total_refresh();
	mutex_unlock(&psi_lock);
	if (ops->init) {
		rcu_read_lock();
		preempt_disable();
		ret = MEMGOV_CALL(p, ops->init(&pp->ctx));
		preempt_enable();
		rcu_read_unlock();
	}
	return ret > 0 ? -EINVAL : ret;
}

/*
 * The policy of @kdata is being detached (or its attach failed): forget it and its triggers,
 * before the registry lets go of the policy.  No callback of it runs after this returns.
 */
void memgov_psi_policy_gone(void *kdata)
{
	struct psi_trig *t, *tmp;
	struct psi_pol *pp;

	mutex_lock(&psi_lock);
	list_for_each_entry(pp, &pols, node) {
		if (pp->ops != kdata)
			continue;
		/* A callback running now (online hook) makes no trigger after this. */
		spin_lock_irq(&new_lock);
		pp->gone = true;
		spin_unlock_irq(&new_lock);
		take_new();
		list_for_each_entry_safe(t, tmp, &trigs, node)
			if (t->pp == pp)
				drop_trig(t);
		WRITE_ONCE(pp->p->psi, NULL);
		list_del(&pp->node);
		/* memgov_psi_cgroup_online() may hold it under RCU. */
		kfree_rcu(pp, rcu);
		break;
	}
	mutex_unlock(&psi_lock);
}

/*
 * A memcg came online (hook_memcg.c, probe context): tell the PSI policies whose cgroup is
 * above it.  RCU: a policy leaving is unlinked from the table before it is forgotten here.
 */
void memgov_psi_cgroup_online(struct cgroup *cgrp)
{
	struct memgov_policy_table *tbl;
	unsigned int i;

	rcu_read_lock();
	this_cpu_write(onlining, cgrp);
	tbl = memgov_policy_table(MEMGOV_POLICY_PSI);
	for (i = 0; tbl && i < tbl->n; i++) {
		struct memgov_policy *p = tbl->pol[i];
		struct memgov_psi_ops *ops = p->kdata;
		struct psi_pol *pp;

		if (!ops->handle_cgroup_online || !memgov_policy_live(p) ||
		    p->cgrp == cgrp || !under(cgrp, p->cgrp))
			continue;
		pp = READ_ONCE(p->psi);
		if (pp)
			MEMGOV_CALL_VOID(p, ops->handle_cgroup_online(&pp->ctx, cgroup_id(cgrp)));
	}
	this_cpu_write(onlining, NULL);
	rcu_read_unlock();
}

/*
 * The trigger whose event @p's handle_psi_event() is handling right now, or NULL (called
 * from that handler's kfuncs: the work runs one handler at a time).
 */
const struct memgov_psi_trigger *memgov_psi_firing(struct memgov_policy *p)
{
	struct psi_pol *pp = READ_ONCE(p->psi);

	return pp ? READ_ONCE(pp->firing) : NULL;
}

void memgov_psi_exit(void)
{
	cancel_delayed_work_sync(&psi_work);
	free_page((unsigned long)buf);
	buf = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Installing and removing the hook points.
 *
 * Nothing is probed while no policy needs it: a policy's reg() takes a reference on each
 * hook its implemented callbacks need, its unreg() drops them, and the last reference
 * unregisters the probes, which also waits for handlers still running.  With the module
 * loaded and nothing attached the MM hot paths run exactly the kernel's code.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "policy.h"
#include "stats.h"
#include "oom_declare.h"
#include "hooks.h"

static const struct memgov_hook_desc *const descs[__MEMGOV_HOOK_MAX] = {
	[MEMGOV_HOOK_OOM] = &memgov_hook_oom,
	[MEMGOV_HOOK_CHARGE] = &memgov_hook_charge,
	[MEMGOV_HOOK_UNCHARGE] = &memgov_hook_uncharge,
	[MEMGOV_HOOK_PROTECT] = &memgov_hook_protect,
	[MEMGOV_HOOK_ONLINE] = &memgov_hook_online,
	[MEMGOV_HOOK_OFFLINE] = &memgov_hook_offline,
	[MEMGOV_HOOK_EVENTS] = &memgov_hook_events,
	[MEMGOV_HOOK_DECLARE] = &memgov_hook_declare,
};

static DEFINE_MUTEX(hooks_lock);
static unsigned int users[__MEMGOV_HOOK_MAX];
static unsigned long installed;
static bool events_wanted;

static void events_workfn(struct work_struct *work);
static DECLARE_WORK(events_work, events_workfn);
static void sweep_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(sweep_work, sweep_workfn);

static int fentry_register(struct memgov_probe *pr)
{
	int err;

	memset(&pr->fops, 0, sizeof(pr->fops));
	pr->fops.func = pr->fentry;
	/*
	 * No FTRACE_OPS_FL_RECURSION: MEMGOV_FENTRY() guards against recursion itself.  A
	 * handler that redirects the call (as livepatch does) needs the full registers and
	 * must be the only one to (IPMODIFY).
	 */
	pr->fops.flags = pr->ipmodify ? FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY : 0;
	err = ftrace_set_filter(&pr->fops, (unsigned char *)pr->symbol, strlen(pr->symbol), 0);
	if (!err)
		err = register_ftrace_function(&pr->fops);
	if (err)
		ftrace_free_filter(&pr->fops);
	return err;
}

static int probe_register(struct memgov_probe *pr)
{
	if (pr->fentry)
		return fentry_register(pr);
	if (pr->ret) {
		memset(&pr->krp, 0, sizeof(pr->krp));
		pr->krp.kp.symbol_name = pr->symbol;
		pr->krp.entry_handler = pr->entry;
		pr->krp.handler = pr->ret;
		pr->krp.data_size = pr->data_size;
		/* Handlers run for every CPU at once (reclaim, charges); never miss one. */
		pr->krp.maxactive = max_t(int, 4 * num_possible_cpus(), 32);
		return register_kretprobe(&pr->krp);
	}
	memset(&pr->kp, 0, sizeof(pr->kp));
	pr->kp.symbol_name = pr->symbol;
	pr->kp.pre_handler = pr->pre;
	return register_kprobe(&pr->kp);
}

static void probe_unregister(struct memgov_probe *pr)
{
	if (pr->fentry) {
		/* Waits for handlers still running (synchronize_rcu_tasks_rude and friends). */
		unregister_ftrace_function(&pr->fops);
		ftrace_free_filter(&pr->fops);
	} else if (pr->ret)
		unregister_kretprobe(&pr->krp);
	else
		unregister_kprobe(&pr->kp);
}

static int hook_install(const struct memgov_hook_desc *d)
{
	unsigned int i;
	int err;

	for (i = 0; i < d->nprobes; i++) {
		err = probe_register(&d->probes[i]);
		if (err) {
			pr_err("cannot probe %s for the %s hook: %d\n", d->probes[i].symbol,
			       d->name, err);
			while (i--)
				probe_unregister(&d->probes[i]);
			return err;
		}
	}
	memgov_stat_inc(MEMGOV_STATS_A_HOOK_INSTALLS);
	return 0;
}

static void hook_remove(const struct memgov_hook_desc *d)
{
	unsigned int i = d->nprobes;

	while (i--)
		probe_unregister(&d->probes[i]);
	if (d->removed)
		d->removed();
}

static void put_locked(unsigned long mask)
{
	unsigned int h;

	lockdep_assert_held(&hooks_lock);
	for_each_set_bit(h, &mask, __MEMGOV_HOOK_MAX) {
		if (WARN_ON_ONCE(!users[h]))
			continue;
		if (--users[h])
			continue;
		hook_remove(descs[h]);
		clear_bit(h, &installed);
	}
}

int memgov_hooks_get(unsigned long mask)
{
	unsigned long done = 0;
	unsigned int h;
	int err = 0;

	mutex_lock(&hooks_lock);
	for_each_set_bit(h, &mask, __MEMGOV_HOOK_MAX) {
		if (!users[h]) {
			err = hook_install(descs[h]);
			if (err)
				break;
			set_bit(h, &installed);
		}
		users[h]++;
		done |= BIT(h);
	}
	if (err)
		put_locked(done);
	mutex_unlock(&hooks_lock);
	return err;
}

void memgov_hooks_put(unsigned long mask)
{
	bool idle;

	mutex_lock(&hooks_lock);
	put_locked(mask);
	/* The event counters outlive no policy: they go with the last one. */
	idle = !memgov_policy_any_attached();
	if (idle && events_wanted) {
		WRITE_ONCE(events_wanted, false);
		put_locked(BIT(MEMGOV_HOOK_EVENTS));
		memgov_events_reset();
	}
	mutex_unlock(&hooks_lock);
}

static void events_workfn(struct work_struct *work)
{
	mutex_lock(&hooks_lock);
	/* A policy must still be there to want them. */
	if (!events_wanted &&
	    (memgov_policy_any_attached())) {
		if (!users[MEMGOV_HOOK_EVENTS] && hook_install(descs[MEMGOV_HOOK_EVENTS]) == 0)
			set_bit(MEMGOV_HOOK_EVENTS, &installed);
		if (test_bit(MEMGOV_HOOK_EVENTS, &installed)) {
			users[MEMGOV_HOOK_EVENTS]++;
			WRITE_ONCE(events_wanted, true);
			schedule_delayed_work(&sweep_work, HZ);
		}
	}
	mutex_unlock(&hooks_lock);
}

/* While counting, removed cgroups leave the counters' table once a second. */
static void sweep_workfn(struct work_struct *work)
{
	if (!READ_ONCE(events_wanted))
		return;
	memgov_events_sweep();
	schedule_delayed_work(&sweep_work, HZ);
}

/*
 * Event counting costs a probe on every page fault, so it starts the first time a policy
 * reads an event count and stops when the last policy detaches.
 */
void memgov_hooks_want_events(void)
{
	if (!READ_ONCE(events_wanted))
		schedule_work(&events_work);
}

/* Does this kernel have @sym as a function ftrace can hook?  Nothing is armed. */
static bool ftrace_can_hook(const char *sym)
{
	struct ftrace_ops *ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	int err;

	if (!ops)
		return false;
	err = ftrace_set_filter(ops, (unsigned char *)sym, strlen(sym), 0);
	ftrace_free_filter(ops);
	kfree(ops);
	return !err;
}

/*
 * A probed function a later kernel renamed (6.16: __count_memcg_events() became
 * count_memcg_events()): probe the name this kernel has.  The prototype is checked after,
 * under whichever name was picked.
 */
static void pick_names(void)
{
	unsigned int h, i;

	for (h = 0; h < __MEMGOV_HOOK_MAX; h++) {
		for (i = 0; i < descs[h]->nprobes; i++) {
			struct memgov_probe *pr = &descs[h]->probes[i];

			if (pr->renamed && !ftrace_can_hook(pr->symbol) &&
			    ftrace_can_hook(pr->renamed)) {
				pr_info("probing %s(), the name of %s() in this kernel\n",
					pr->renamed, pr->symbol);
				pr->symbol = pr->renamed;
			}
		}
	}
}

/*
 * At load, check that every function the hooks probe has the prototype the handlers decode
 * (memgov_symcheck()), exists in this kernel and can be probed, without arming anything:
 * disabled kprobes do not patch the kernel text.
 */
int memgov_hooks_init(void)
{
	const struct memgov_probe *all[32];
	struct kprobe kp;
	unsigned int h, i, n = 0;
	int err;

	pick_names();
	for (h = 0; h < __MEMGOV_HOOK_MAX; h++)
		for (i = 0; i < descs[h]->nprobes && n < ARRAY_SIZE(all); i++)
			all[n++] = &descs[h]->probes[i];
	err = memgov_symcheck(all, n);
	if (err)
		return err;

	for (h = 0; h < __MEMGOV_HOOK_MAX; h++) {
		for (i = 0; i < descs[h]->nprobes; i++) {
			const char *sym = descs[h]->probes[i].symbol;

			if (descs[h]->probes[i].fentry) {
				/* A filter that matches nothing is an error; nothing is armed. */
				if (!ftrace_can_hook(sym)) {
					pr_err("this kernel cannot trace %s() (needed by the %s hook); refusing to load\n",
					       sym, descs[h]->name);
					return -ENOENT;
				}
				continue;
			}
			memset(&kp, 0, sizeof(kp));
			kp.symbol_name = descs[h]->probes[i].symbol;
			kp.flags = KPROBE_FLAG_DISABLED;
			err = register_kprobe(&kp);
			if (err) {
				pr_err("this kernel lacks a probe-able %s() (needed by the %s hook): %d; refusing to load\n",
				       kp.symbol_name, descs[h]->name, err);
				return err;
			}
			unregister_kprobe(&kp);
		}
	}
	return 0;
}

void memgov_hooks_exit(void)
{
	cancel_work_sync(&events_work);
	mutex_lock(&hooks_lock);
	if (events_wanted) {
		WRITE_ONCE(events_wanted, false);
		put_locked(BIT(MEMGOV_HOOK_EVENTS));
	}
	WARN_ON(installed);
	mutex_unlock(&hooks_lock);
	cancel_delayed_work_sync(&sweep_work);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup event counts policies steer by: page faults, major faults and refaults.
 *
 * 6.12 keeps these in memcg->vmstats, whose layout is private to mm/memcontrol.c and whose
 * values are only flushed every two seconds.  memgov counts them itself, from the calls
 * that feed those statistics: __count_memcg_events(memcg, PGFAULT|PGMAJFAULT, n) and
 * workingset_refault(folio, shadow).  Counting starts the first time a policy reads a count
 * and stops with the last policy (see memgov_hooks_want_events()).
 *
 * Counts are local to the cgroup (not summed over descendants) and live in a fixed open
 * addressing table keyed by cgroup id: no allocation, no lock on the fault path.  While
 * counting, kmod/hooks.c sweeps out removed cgroups every second (memgov_events_sweep()):
 * it copies the live
 * ones into the other of two tables and switches to it, so a long-lived policy keeps
 * counting on a machine where cgroups come and go.
 */
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/vm_event_item.h>
#include <memgov/kfuncs.h>
#include "hooks.h"

#define EV_BITS 10
#define EV_SLOTS (1U << EV_BITS)
#define EV_PROBES 16

struct ev_slot {
	atomic64_t id;			/* cgroup id, 0 = free */
	atomic64_t count[__MEMGOV_EV_MAX];
};

static struct ev_slot tables[2][EV_SLOTS];
static struct ev_slot __rcu *table = tables[0];

/* Callers are RCU readers: probe handlers (preemption off) or under rcu_read_lock(). */
static struct ev_slot *slot_find_in(struct ev_slot *slots, u64 id, bool create)
{
	u32 h = hash_64(id, EV_BITS), i;
	struct ev_slot *s;
	s64 cur;

	for (i = 0; i < EV_PROBES; i++) {
		s = &slots[(h + i) & (EV_SLOTS - 1)];
		cur = atomic64_read(&s->id);
		if (cur == id)
			return s;
		if (!cur) {
			if (!create)
				return NULL;
			cur = atomic64_cmpxchg(&s->id, 0, id);
			if (!cur || cur == id)
				return s;
		}
	}
	return NULL;	/* table crowded: this cgroup is not counted */
}

static struct ev_slot *slot_find(u64 id, bool create)
{
	return slot_find_in(rcu_dereference_check(table, rcu_read_lock_any_held()), id, create);
}

static void count(struct mem_cgroup *memcg, u32 ev, long n)
{
	struct ev_slot *s;

	if (!memcg || n <= 0)
		return;
	s = slot_find(cgroup_id(memcg->css.cgroup), true);
	if (s)
		atomic64_add(n, &s->count[ev]);
}

static void count_events_fentry(struct ftrace_regs *fregs)
{
	struct mem_cgroup *memcg = (struct mem_cgroup *)ftrace_regs_get_argument(fregs, 0);
	enum vm_event_item idx = (enum vm_event_item)ftrace_regs_get_argument(fregs, 1);
	long n = (long)ftrace_regs_get_argument(fregs, 2);

	if (idx == PGFAULT)
		count(memcg, MEMGOV_EV_PGFAULT, n);
	else if (idx == PGMAJFAULT)
		count(memcg, MEMGOV_EV_PGMAJFAULT, n);
}
MEMGOV_FENTRY(count_events_ftrace, count_events_fentry)

static void refault_fentry(struct ftrace_regs *fregs)
{
	struct folio *folio = (struct folio *)ftrace_regs_get_argument(fregs, 0);

	rcu_read_lock();
	count(folio_memcg(folio), MEMGOV_EV_REFAULT, folio_nr_pages(folio));
	rcu_read_unlock();
}
MEMGOV_FENTRY(refault_ftrace, refault_fentry)

/* bpf_memgov_memcg_events() passes the UAPI kind straight through: the two must agree. */
static_assert((int)MEMGOV_EV_PGFAULT == (int)MEMGOV_EVENT_PGFAULT);
static_assert((int)MEMGOV_EV_PGMAJFAULT == (int)MEMGOV_EVENT_PGMAJFAULT);
static_assert((int)MEMGOV_EV_REFAULT == (int)MEMGOV_EVENT_REFAULT);

u64 memgov_events_read(u64 cgroup_id, u32 event)
{
	struct ev_slot *s;
	u64 v;

	if (event >= __MEMGOV_EV_MAX)
		return 0;
	rcu_read_lock();
	s = slot_find(cgroup_id, false);
	v = s ? atomic64_read(&s->count[event]) : 0;
	rcu_read_unlock();
	return v;
}

static void table_clear(struct ev_slot *slots)
{
	unsigned int i, e;

	for (i = 0; i < EV_SLOTS; i++) {
		for (e = 0; e < __MEMGOV_EV_MAX; e++)
			atomic64_set(&slots[i].count[e], 0);
		atomic64_set(&slots[i].id, 0);
	}
}

static bool cgroup_gone(u64 id)
{
	struct cgroup *cgrp = cgroup_get_from_id(id);

	if (IS_ERR(cgrp))
		return true;
	cgroup_put(cgrp);
	return false;
}

static DEFINE_MUTEX(sweep_lock);

/**
 * memgov_events_sweep() - drop the counts of removed cgroups
 *
 * Process context (kmod/hooks.c's sweep work).  Counts added to the old table while the live ones
 * are copied are lost: a few events of one tick, against a table that would otherwise fill
 * up with the dead and stop counting new cgroups.
 */
void memgov_events_sweep(void)
{
	static DECLARE_BITMAP(dead, EV_SLOTS);	/* under sweep_lock */
	struct ev_slot *cur, *next, *s;
	unsigned int i, e;
	u64 id;

	mutex_lock(&sweep_lock);
	cur = rcu_dereference_protected(table, lockdep_is_held(&sweep_lock));
	bitmap_zero(dead, EV_SLOTS);
	for (i = 0; i < EV_SLOTS; i++) {
		id = atomic64_read(&cur[i].id);
		if (id && cgroup_gone(id))
			__set_bit(i, dead);
	}
	if (bitmap_empty(dead, EV_SLOTS)) {
		mutex_unlock(&sweep_lock);
		return;
	}
	next = cur == tables[0] ? tables[1] : tables[0];
	table_clear(next);
	for (i = 0; i < EV_SLOTS; i++) {
		/* A slot claimed since the first pass is a new cgroup's: kept. */
		id = atomic64_read(&cur[i].id);
		if (!id || test_bit(i, dead))
			continue;
		s = slot_find_in(next, id, true);
		for (e = 0; s && e < __MEMGOV_EV_MAX; e++)
			atomic64_set(&s->count[e], atomic64_read(&cur[i].count[e]));
	}
	rcu_assign_pointer(table, next);
	/* No reader of the old table is left: the next sweep may clear and reuse it. */
	synchronize_rcu();
	mutex_unlock(&sweep_lock);
}

void memgov_events_reset(void)
{
	mutex_lock(&sweep_lock);
	table_clear(tables[0]);
	table_clear(tables[1]);
	mutex_unlock(&sweep_lock);
}

static struct memgov_probe events_probes[] = {
	{ .symbol = "__count_memcg_events", .renamed = "count_memcg_events",
	  .params = "memcg:mem_cgroup,idx,count",
	  .fentry = count_events_ftrace },
	{ .symbol = "workingset_refault", .params = "folio:folio,shadow", .fentry = refault_ftrace },
};

const struct memgov_hook_desc memgov_hook_events = {
	.name = "events",
	.probes = events_probes,
	.nprobes = ARRAY_SIZE(events_probes),
};

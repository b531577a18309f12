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
 * addressing table keyed by cgroup id: no allocation, no lock on the fault path.
 */
#include <linux/atomic.h>
#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/vm_event_item.h>
#include "memgov.h"
#include "hooks.h"

#define EV_BITS 10
#define EV_SLOTS (1U << EV_BITS)
#define EV_PROBES 16

struct ev_slot {
	atomic64_t id;			/* cgroup id, 0 = free */
	atomic64_t count[__MEMGOV_EV_MAX];
};

static struct ev_slot slots[EV_SLOTS];

static struct ev_slot *slot_find(u64 id, bool create)
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

u64 memgov_events_read(u64 cgroup_id, u32 event)
{
	struct ev_slot *s;

	if (event >= __MEMGOV_EV_MAX)
		return 0;
	memgov_hooks_want_events();
	s = slot_find(cgroup_id, false);
	return s ? atomic64_read(&s->count[event]) : 0;
}

void memgov_events_reset(void)
{
	unsigned int i, e;

	for (i = 0; i < EV_SLOTS; i++) {
		for (e = 0; e < __MEMGOV_EV_MAX; e++)
			atomic64_set(&slots[i].count[e], 0);
		atomic64_set(&slots[i].id, 0);
	}
}

static struct memgov_probe events_probes[] = {
	{ .symbol = "__count_memcg_events", .params = "memcg:mem_cgroup,idx,count",
	  .fentry = count_events_ftrace },
	{ .symbol = "workingset_refault", .params = "folio:folio,shadow", .fentry = refault_ftrace },
};

const struct memgov_hook_desc memgov_hook_events = {
	.name = "events",
	.probes = events_probes,
	.nprobes = ARRAY_SIZE(events_probes),
};

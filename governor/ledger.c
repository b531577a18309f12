// SPDX-License-Identifier: GPL-2.0
#include <linux/errno.h>
#include <linux/string.h>
#include "ledger.h"

void memgov_ledger_init(struct memgov_ledger *l)
{
	memset(l, 0, sizeof(*l));
}

int memgov_ledger_add(struct memgov_ledger *l, u64 now, u32 policy, s32 pid, u64 cgroup_id,
		      u64 rss_pages, u64 deadline_ns)
{
	unsigned int i, slot;
	struct memgov_kill *k;

	/* Never overwrite a pending record: it still owes a verdict. */
	for (i = 0; i < MEMGOV_LEDGER_LEN; i++) {
		slot = (l->next + i) % MEMGOV_LEDGER_LEN;
		if (l->e[slot].state != MEMGOV_KILL_PENDING)
			break;
	}
	if (i == MEMGOV_LEDGER_LEN)
		return -ENOSPC;
	k = &l->e[slot];
	k->state = MEMGOV_KILL_PENDING;
	k->policy = policy;
	k->pid = pid;
	k->cgroup_id = cgroup_id;
	k->rss_pages = rss_pages;
	k->t_kill = now;
	k->deadline = now + deadline_ns;
	k->t_done = 0;
	l->next = (slot + 1) % MEMGOV_LEDGER_LEN;
	return slot;
}

bool memgov_ledger_freed_slot(struct memgov_ledger *l, unsigned int slot, u64 now)
{
	struct memgov_kill *k;

	if (slot >= MEMGOV_LEDGER_LEN)
		return false;
	k = &l->e[slot];
	if (k->state != MEMGOV_KILL_PENDING)
		return false;
	/* Memory back after the deadline is still late: the strike stands. */
	k->state = now <= k->deadline ? MEMGOV_KILL_FREED : MEMGOV_KILL_LATE;
	k->t_done = now;
	return k->state == MEMGOV_KILL_FREED;
}

bool memgov_ledger_freed(struct memgov_ledger *l, s32 pid, u64 now)
{
	bool credited = false;
	unsigned int i;

	for (i = 0; i < MEMGOV_LEDGER_LEN; i++)
		if (l->e[i].state == MEMGOV_KILL_PENDING && l->e[i].pid == pid)
			credited |= memgov_ledger_freed_slot(l, i, now);
	return credited;
}

unsigned int memgov_ledger_expire(struct memgov_ledger *l, u64 now,
				  void (*strike)(u32 policy, const struct memgov_kill *k,
						 void *arg),
				  void *arg)
{
	unsigned int i, n = 0;

	for (i = 0; i < MEMGOV_LEDGER_LEN; i++) {
		struct memgov_kill *k = &l->e[i];

		if (k->state != MEMGOV_KILL_PENDING || now <= k->deadline)
			continue;
		k->state = MEMGOV_KILL_LATE;
		k->t_done = now;
		n++;
		if (strike)
			strike(k->policy, k, arg);
	}
	return n;
}

bool memgov_ledger_pending(const struct memgov_ledger *l, u32 policy, u64 cgroup_id, u64 now)
{
	unsigned int i;

	for (i = 0; i < MEMGOV_LEDGER_LEN; i++) {
		const struct memgov_kill *k = &l->e[i];

		if (k->state == MEMGOV_KILL_PENDING && k->policy == policy &&
		    (!cgroup_id || k->cgroup_id == cgroup_id) && now <= k->deadline)
			return true;
	}
	return false;
}

u64 memgov_ledger_next_deadline(const struct memgov_ledger *l)
{
	u64 next = 0;
	unsigned int i;

	for (i = 0; i < MEMGOV_LEDGER_LEN; i++) {
		const struct memgov_kill *k = &l->e[i];

		if (k->state == MEMGOV_KILL_PENDING && (!next || k->deadline < next))
			next = k->deadline;
	}
	return next;
}

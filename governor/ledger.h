/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The required-kill ledger.
 *
 * Every kill a policy makes through bpf_memgov_oom_kill() is written here with the victim,
 * the memory it held and a deadline.  A kill is good when the victim's memory came back
 * (its mm was released) before the deadline.  A kill is bad when the deadline passed first,
 * or when the same OOM came back before the victim freed anything; each bad kill is a strike
 * against the policy.  A victim that is already exiting is credited: while it dies, a
 * policy may wait for it instead of killing again, until the deadline.
 *
 * Pure logic: callers pass the time and serialise access.
 */
#ifndef _MEMGOV_GOVERNOR_LEDGER_H
#define _MEMGOV_GOVERNOR_LEDGER_H

#include <linux/types.h>

#define MEMGOV_LEDGER_LEN 32

enum memgov_kill_state {
	MEMGOV_KILL_FREE,	/* slot unused */
	MEMGOV_KILL_PENDING,	/* victim killed, memory not back yet */
	MEMGOV_KILL_FREED,	/* memory came back in time: good kill */
	MEMGOV_KILL_LATE,	/* deadline passed first: strike */
};

struct memgov_kill {
	u32 state;
	u32 policy;		/* caller's policy id */
	s32 pid;
	u64 cgroup_id;		/* OOMing cgroup, 0 = global */
	u64 rss_pages;		/* what the victim held when killed */
	u64 t_kill;
	u64 deadline;
	u64 t_done;
};

struct memgov_ledger {
	struct memgov_kill e[MEMGOV_LEDGER_LEN];
	u32 next;		/* ring position for the next record */
};

void memgov_ledger_init(struct memgov_ledger *l);
/* Record a kill; returns its slot.  The oldest finished record makes room. */
int memgov_ledger_add(struct memgov_ledger *l, u64 now, u32 policy, s32 pid, u64 cgroup_id,
		      u64 rss_pages, u64 deadline_ns);
/* The victim @pid released its memory at @now: credit the kill if still pending. */
bool memgov_ledger_freed(struct memgov_ledger *l, s32 pid, u64 now);
/* The victim of the kill in @slot released its memory at @now: as memgov_ledger_freed(). */
bool memgov_ledger_freed_slot(struct memgov_ledger *l, unsigned int slot, u64 now);
/*
 * Expire pending kills whose deadline passed; for each, @strike(policy, kill, arg) is
 * called.  Returns how many expired.
 */
unsigned int memgov_ledger_expire(struct memgov_ledger *l, u64 now,
				  void (*strike)(u32 policy, const struct memgov_kill *k,
						 void *arg),
				  void *arg);
/* Is a kill by @policy in @cgroup_id (0: any) still pending at @now?  (Waiting credit.) */
bool memgov_ledger_pending(const struct memgov_ledger *l, u32 policy, u64 cgroup_id, u64 now);
/* The earliest pending deadline, or 0 when nothing is pending. */
u64 memgov_ledger_next_deadline(const struct memgov_ledger *l);

#endif

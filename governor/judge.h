/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-policy verdicts: strikes, the callback time watchdog, the armed deadline, clamps.
 *
 * One struct memgov_judge per attached policy.  Each update returns the exit kind the
 * policy has earned (MEMGOV_EXIT_NONE while it behaves); the caller ejects on anything
 * else.  Pure logic: callers pass the time and serialise per policy.
 */
#ifndef _MEMGOV_GOVERNOR_JUDGE_H
#define _MEMGOV_GOVERNOR_JUDGE_H

#include <linux/types.h>
#include "window.h"

struct memgov_limits {
	u32 strikes_max;		/* strikes before ejection */
	u64 call_ceiling_ns;		/* one callback may not take longer */
	u64 budget_ns;			/* callback time allowed per budget window */
	u64 budget_window_ns;
	u32 clamps_max;			/* out-of-range values allowed per budget window */
	u64 delay_budget_ms;		/* charge delay the policy may impose per budget window */
};

struct memgov_judge {
	u32 strikes;
	u64 strike_at;			/* last strike, or last decay step */
	u64 clamps;
	struct memgov_window busy;	/* callback time spent, ns, over the budget window */
	struct memgov_window clamped;	/* out-of-range values, over the budget window */
	struct memgov_window delayed;	/* charge delay imposed, ms, over the budget window */
	u64 deadline;			/* armed watchdog deadline, 0 = disarmed */
	u64 period_ns;			/* what a pet re-arms to */
	bool over_seen;			/* a call ran over the ceiling ... */
	u64 over_at, over_ns;		/* ... ending then, this long */
	char why[96];			/* what earned the verdict */
};

int memgov_judge_init(struct memgov_judge *j, const struct memgov_limits *lim);
/*
 * A callback ran for @ns, ending at @now: the ceiling (two calls over it within the budget
 * window).  Its time reaches the budget through memgov_judge_budget(), capped by
 * memgov_judge_budget_share(): one long call is counted once, by the ceiling.
 */
u32 memgov_judge_call(struct memgov_judge *j, const struct memgov_limits *lim, u64 now, u64 ns);
/* Callbacks ran @ns in total since the last report, ending at @now: the budget only. */
u32 memgov_judge_budget(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
			u64 ns);
/* A strike (a claim without a kill, a kill that freed nothing in time). */
u32 memgov_judge_strike(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
			const char *what);
/* Strikes still standing at @now, after decay. */
u32 memgov_judge_strikes(struct memgov_judge *j, u64 now);
/* Watchdog: arm for @period_ns from @now, pet (re-arm), disarm, and check. */
void memgov_judge_arm(struct memgov_judge *j, u64 now, u64 period_ns);
bool memgov_judge_pet(struct memgov_judge *j, u64 now);
void memgov_judge_disarm(struct memgov_judge *j);
u32 memgov_judge_tick(struct memgov_judge *j, u64 now);
/* A value out of range was clamped at @now; too many per window is an error. */
u32 memgov_judge_clamp_hit(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
			   const char *what);
/*
 * The policy imposed @ms more of charge delay on tasks at @now: judged like callback time, a
 * budget per window summed over every task it delays.
 */
u32 memgov_judge_delay(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
		       u64 ms);
/* Bound @value to [@lo, @hi], counting the hits. */
u64 memgov_judge_clamp(struct memgov_judge *j, u64 value, u64 lo, u64 hi);

/*
 * Timing the callbacks of the fault path (charge, uncharge).  Two clock reads per call cost
 * more than everything else memgov adds to a page fault (measured: 4% of a fault under QEMU
 * TCG; natively some 20-40 ns a pair, the reason the kernel's own BPF run-time statistics
 * are off by default).  So on those paths every call is timed in ticks, which bounds a long
 * call from below, and about one call in MEMGOV_TIME_EVERY on each CPU is timed with the
 * clock and weighs the calls since the previous clocked one.  Which call is clocked is drawn
 * at random (memgov_time_gap()), so a policy cannot tell a clocked call from the others and
 * do its slow work only in those.  Other callbacks are always timed with the clock.
 */
#define MEMGOV_TIME_EVERY 16

/* Calls until the next clocked one, from a random number: 1 .. 2 * EVERY - 1, mean EVERY. */
static inline u32 memgov_time_gap(u32 rnd)
{
	return 1 + rnd % (2 * MEMGOV_TIME_EVERY - 1);
}

/*
 * A clocked call that stands for MEMGOV_TIME_EVERY calls is no sample of them when an
 * interrupt landed in it, or the hypervisor stalled the CPU (the timer interrupt at resume
 * shows that): one 1 ms interrupt would weigh 16 ms in the budget.  Debian's 6.12 has no IRQ
 * time accounting to subtract, so such a call is not counted and the next call of the same
 * policy on that CPU is clocked with its weight instead, up to MEMGOV_RESAMPLE_MAX times in
 * a row (@tries so far): then it counts whatever landed in it, so a policy whose calls are
 * all long enough to be always interrupted is still counted in full, a few calls later.
 * (On a loaded host, or under QEMU's round-robin vCPUs where a call that wakes another CPU
 * hands the host thread over, a re-sample was interrupted again often enough to eject
 * correct policies when one re-sample was all.)  Returns the weight to count the call
 * with, 0 for "re-sample".
 */
#define MEMGOV_RESAMPLE_MAX 4

static inline u32 memgov_time_weigh(u32 weight, bool interrupted, u32 tries)
{
	return weight > 1 && interrupted && tries < MEMGOV_RESAMPLE_MAX ? 0 : weight;
}

/*
 * Time the CPU did not run is not the policy's.  A CPU that runs takes its own timer
 * interrupt every tick (the tick is never stopped while a CPU is busy), and a vCPU that the
 * hypervisor descheduled (steal time; a loaded host; under QEMU TCG with several vCPUs, the
 * other vCPU's turn, up to 100 ms) takes the timer interrupt that came due meanwhile when it
 * resumes, inside the call it was running: one interrupt for any length of absence.  So a
 * clocked call during which its CPU took an interrupt counts what its own timer interrupts
 * prove it ran: a call that took N of them spanned N - 1 whole ticks, the same lower bound
 * as a call timed in ticks (memgov_judge_ticks_ns()).  A call without any interrupt counts
 * as clocked: its CPU was there all along.  A policy cannot use this: a call that really runs
 * N ticks takes N timer interrupts; only a section with interrupts off skips them, and the
 * verifier bounds those (bpf_spin_lock regions).
 */
static inline u64 memgov_time_present_ns(u64 ns, bool interrupted, unsigned long local,
					 u64 tick_ns)
{
	u64 seen;

	if (!interrupted)
		return ns;
	seen = local > 1 ? (u64)(local - 1) * tick_ns : 0;
	return ns < seen ? ns : seen;
}

/*
 * A call that began in tick @j0 and ended in tick @j1, during which its CPU took @local
 * timer interrupts, ran at least this long (0: unknown).
 */
u64 memgov_judge_ticks_ns(unsigned long j0, unsigned long j1, unsigned long local,
			  u64 tick_ns);

/* What one call of @ns adds to the budget: a call over the ceiling is judged by the ceiling. */
static inline u64 memgov_judge_budget_share(u64 ns, u64 ceiling_ns)
{
	return ceiling_ns && ns > ceiling_ns ? ceiling_ns : ns;
}

/* Strikes are forgiven one per this much time without a new one. */
#define MEMGOV_STRIKE_DECAY_NS (600ULL * 1000000000ULL)

#endif

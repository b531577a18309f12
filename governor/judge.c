// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include "judge.h"
#include <uapi/linux/memgov.h>

#define BUDGET_BUCKETS 10

int memgov_judge_init(struct memgov_judge *j, const struct memgov_limits *lim)
{
	*j = (struct memgov_judge){};
	return memgov_window_init(&j->busy, lim->budget_window_ns, BUDGET_BUCKETS) ?:
	       memgov_window_init(&j->clamped, lim->budget_window_ns, BUDGET_BUCKETS) ?:
	       memgov_window_init(&j->delayed, lim->budget_window_ns, BUDGET_BUCKETS);
}

u32 memgov_judge_call(struct memgov_judge *j, const struct memgov_limits *lim, u64 now, u64 ns)
{
	if (lim->call_ceiling_ns && ns > lim->call_ceiling_ns) {
		/*
		 * One long call may be no fault of the policy: an interrupt, or a hypervisor
		 * that took the CPU, lands inside the timed span.  A second one within the
		 * budget window is the policy's.
		 */
		if (j->over_seen && now - j->over_at <= lim->budget_window_ns) {
			scnprintf(j->why, sizeof(j->why),
				  "callbacks ran %llu us and %llu us, over the %llu us ceiling, within %llu ms",
				  j->over_ns / 1000, ns / 1000, lim->call_ceiling_ns / 1000,
				  lim->budget_window_ns / 1000000);
			return MEMGOV_EXIT_WATCHDOG;
		}
		j->over_seen = true;
		j->over_at = now;
		j->over_ns = ns;
	}
	return MEMGOV_EXIT_NONE;
}

u64 memgov_judge_ticks_ns(unsigned long j0, unsigned long j1, unsigned long local,
			  u64 tick_ns)
{
	unsigned long ticks = j1 - j0;	/* wraps like jiffies do */

	/* Only the ticks this CPU was there for (see memgov_time_present_ns()). */
	if (local < ticks)
		ticks = local;

	/* Begun just before a tick and ended just after the next: barely more than one tick. */
	return ticks >= 2 ? (u64)(ticks - 1) * tick_ns : 0;
}

u32 memgov_judge_budget(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
			u64 ns)
{
	u64 spent;

	memgov_window_add(&j->busy, now, ns);
	spent = memgov_window_sum(&j->busy, now);
	if (lim->budget_ns && spent > lim->budget_ns) {
		scnprintf(j->why, sizeof(j->why),
			  "callbacks ran %llu us in %llu ms, over the %llu us budget",
			  spent / 1000, lim->budget_window_ns / 1000000, lim->budget_ns / 1000);
		return MEMGOV_EXIT_WATCHDOG;
	}
	return MEMGOV_EXIT_NONE;
}

u32 memgov_judge_strikes(struct memgov_judge *j, u64 now)
{
	u64 n;

	if (!j->strikes || now <= j->strike_at)
		return j->strikes;
	n = div64_u64(now - j->strike_at, MEMGOV_STRIKE_DECAY_NS);
	if (n >= j->strikes) {
		j->strikes = 0;
	} else {
		j->strikes -= n;
		j->strike_at += n * MEMGOV_STRIKE_DECAY_NS;
	}
	return j->strikes;
}

u32 memgov_judge_strike(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
			const char *what)
{
	memgov_judge_strikes(j, now);
	j->strikes++;
	j->strike_at = now;
	if (j->strikes < lim->strikes_max)
		return MEMGOV_EXIT_NONE;
	scnprintf(j->why, sizeof(j->why), "%u strikes, the last: %s", j->strikes, what);
	return MEMGOV_EXIT_STRIKES;
}

void memgov_judge_arm(struct memgov_judge *j, u64 now, u64 period_ns)
{
	j->period_ns = period_ns;
	j->deadline = now + period_ns;
}

bool memgov_judge_pet(struct memgov_judge *j, u64 now)
{
	if (!j->deadline)
		return false;
	j->deadline = now + j->period_ns;
	return true;
}

void memgov_judge_disarm(struct memgov_judge *j)
{
	j->deadline = 0;
}

u32 memgov_judge_tick(struct memgov_judge *j, u64 now)
{
	if (!j->deadline || now <= j->deadline)
		return MEMGOV_EXIT_NONE;
	scnprintf(j->why, sizeof(j->why), "watchdog not petted for %llu ms (period %llu ms)",
		  (now - j->deadline + j->period_ns) / 1000000, j->period_ns / 1000000);
	j->deadline = 0;
	return MEMGOV_EXIT_WATCHDOG;
}

u32 memgov_judge_clamp_hit(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
			   const char *what)
{
	u64 n;

	j->clamps++;
	memgov_window_add(&j->clamped, now, 1);
	n = memgov_window_sum(&j->clamped, now);
	if (!lim->clamps_max || n <= lim->clamps_max)
		return MEMGOV_EXIT_NONE;
	scnprintf(j->why, sizeof(j->why), "%llu out-of-range %s in %llu ms (limit %u)", n, what,
		  lim->budget_window_ns / 1000000, lim->clamps_max);
	return MEMGOV_EXIT_ERROR;
}

u32 memgov_judge_delay(struct memgov_judge *j, const struct memgov_limits *lim, u64 now,
		       u64 ms)
{
	u64 n;

	memgov_window_add(&j->delayed, now, ms);
	n = memgov_window_sum(&j->delayed, now);
	if (!lim->delay_budget_ms || n <= lim->delay_budget_ms)
		return MEMGOV_EXIT_NONE;
	scnprintf(j->why, sizeof(j->why),
		  "imposed %llu ms of charge delay in %llu ms, over the %llu ms budget", n,
		  lim->budget_window_ns / 1000000, lim->delay_budget_ms);
	return MEMGOV_EXIT_WATCHDOG;
}

u64 memgov_judge_clamp(struct memgov_judge *j, u64 value, u64 lo, u64 hi)
{
	if (value < lo) {
		j->clamps++;
		return lo;
	}
	if (value > hi) {
		j->clamps++;
		return hi;
	}
	return value;
}

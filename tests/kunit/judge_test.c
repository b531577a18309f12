// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the governor's verdicts -- the kill ledger (deadlines, exiting-victim credit),
 * strikes, the callback watchdog (ceiling and budget), the armed deadline, clamps.
 */
#include <kunit/test.h>
#include "judge.h"
#include "ledger.h"
#include <uapi/linux/memgov.h>

#define MS 1000000ULL

/* --- ledger ----------------------------------------------------------------------- */

struct ledger_case {
	const char *desc;
	u64 freed_at;		/* 0: the victim never frees */
	u64 check_at;
	bool want_credit;
	unsigned int want_strikes;
};

static const struct ledger_case ledger_cases[] = {
	{ "victim_frees_before_deadline_is_credited", 500 * MS, 3000 * MS, true, 0 },
	{ "victim_frees_at_deadline_is_credited", 2000 * MS, 3000 * MS, true, 0 },
	{ "victim_frees_after_deadline_is_a_strike", 2500 * MS, 3000 * MS, false, 1 },
	{ "victim_that_never_frees_is_a_strike", 0, 3000 * MS, false, 1 },
	{ "no_verdict_before_the_deadline", 0, 1500 * MS, false, 0 },
};

static void ledger_case_desc(const struct ledger_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(ledger, ledger_cases, ledger_case_desc);

static void count_strike(u32 policy, const struct memgov_kill *k, void *arg)
{
	(*(unsigned int *)arg)++;
}

static void ledger_judges_kills_by_deadline(struct kunit *test)
{
	const struct ledger_case *c = test->param_value;
	struct memgov_ledger *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	unsigned int strikes = 0;
	bool credited = false;

	KUNIT_ASSERT_NOT_NULL(test, l);
	memgov_ledger_init(l);
	KUNIT_ASSERT_GE(test, memgov_ledger_add(l, 0, 7, 1234, 42, 25600, 2000 * MS), 0);

	if (c->freed_at && c->freed_at <= c->check_at) {
		memgov_ledger_expire(l, c->freed_at - 1, count_strike, &strikes);
		credited = memgov_ledger_freed(l, 1234, c->freed_at);
	}
	memgov_ledger_expire(l, c->check_at, count_strike, &strikes);

	KUNIT_EXPECT_EQ(test, credited, c->want_credit);
	KUNIT_EXPECT_EQ(test, strikes, c->want_strikes);
}

static void ledger_credits_waiting_for_an_exiting_victim(struct kunit *test)
{
	struct memgov_ledger *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, l);
	memgov_ledger_init(l);
	memgov_ledger_add(l, 100 * MS, 7, 1234, 42, 100, 2000 * MS);
	/* While the victim dies, the same policy may wait in the same cgroup... */
	KUNIT_EXPECT_TRUE(test, memgov_ledger_pending(l, 7, 42, 1000 * MS));
	KUNIT_EXPECT_TRUE(test, memgov_ledger_pending(l, 7, 0, 1000 * MS));
	/* ...not another policy, not another cgroup, not past the deadline. */
	KUNIT_EXPECT_FALSE(test, memgov_ledger_pending(l, 8, 42, 1000 * MS));
	KUNIT_EXPECT_FALSE(test, memgov_ledger_pending(l, 7, 43, 1000 * MS));
	KUNIT_EXPECT_FALSE(test, memgov_ledger_pending(l, 7, 42, 2101 * MS));
	KUNIT_EXPECT_EQ(test, memgov_ledger_next_deadline(l), 2100 * MS);
	memgov_ledger_freed(l, 1234, 1500 * MS);
	KUNIT_EXPECT_FALSE(test, memgov_ledger_pending(l, 7, 42, 1600 * MS));
	KUNIT_EXPECT_EQ(test, memgov_ledger_next_deadline(l), 0ULL);
}

static void ledger_never_drops_a_pending_kill(struct kunit *test)
{
	struct memgov_ledger *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	unsigned int i, strikes = 0;

	KUNIT_ASSERT_NOT_NULL(test, l);
	memgov_ledger_init(l);
	for (i = 0; i < MEMGOV_LEDGER_LEN; i++)
		KUNIT_ASSERT_GE(test, memgov_ledger_add(l, 0, 1, i + 1, 0, 1, 1000 * MS), 0);
	KUNIT_EXPECT_EQ(test, memgov_ledger_add(l, 0, 1, 999, 0, 1, 1000 * MS), -ENOSPC);
	KUNIT_EXPECT_EQ(test, memgov_ledger_expire(l, 2000 * MS, count_strike, &strikes),
			(unsigned int)MEMGOV_LEDGER_LEN);
	KUNIT_EXPECT_GE(test, memgov_ledger_add(l, 0, 1, 999, 0, 1, 1000 * MS), 0);
}

/* --- judge ------------------------------------------------------------------------ */

static const struct memgov_limits lim = {
	.strikes_max = 3,
	.call_ceiling_ns = 10 * MS,
	.budget_ns = 50 * MS,
	.budget_window_ns = 1000 * MS,
};

struct call_case {
	const char *desc;
	u64 call_ns;		/* each call's duration */
	u64 gap_ns;		/* time between call ends */
	unsigned int calls;
	u32 want;
	unsigned int at;	/* the call that earns the verdict (0: not checked) */
};

static const struct call_case call_cases[] = {
	{ "fast_calls_are_fine", 100000, 10 * MS, 100, MEMGOV_EXIT_NONE },
	{ "one_call_over_the_ceiling_is_forgiven", 11 * MS, 0, 1, MEMGOV_EXIT_NONE },
	{ "second_call_over_the_ceiling_within_a_window_ejects", 11 * MS, 500 * MS, 5,
	  MEMGOV_EXIT_WATCHDOG, 2 },
	{ "calls_over_the_ceiling_a_window_apart_are_forgiven", 11 * MS, 1000 * MS, 5,
	  MEMGOV_EXIT_NONE },
	{ "call_at_the_ceiling_is_fine", 10 * MS, 1000 * MS, 3, MEMGOV_EXIT_NONE },
	{ "many_short_calls_over_budget_eject", 5 * MS, 50 * MS, 20, MEMGOV_EXIT_WATCHDOG },
	{ "same_calls_spread_out_stay_in_budget", 5 * MS, 200 * MS, 20, MEMGOV_EXIT_NONE },
	/* 150 ms against a 50 ms budget: judged by the ceiling alone (once is forgiven). */
	{ "one_long_call_is_counted_once_by_the_ceiling_not_the_budget", 150 * MS, 0, 1,
	  MEMGOV_EXIT_NONE },
	{ "two_long_calls_eject_by_the_ceiling", 150 * MS, 100 * MS, 2, MEMGOV_EXIT_WATCHDOG, 2 },
};

/* One callback as memgov_gov_called() and the governor's tick judge it. */
static u32 judge_one(struct memgov_judge *j, const struct memgov_limits *l, u64 now, u64 ns)
{
	u32 v = memgov_judge_call(j, l, now, ns);

	if (v != MEMGOV_EXIT_NONE)
		return v;
	return memgov_judge_budget(j, l, now, memgov_judge_budget_share(ns, l->call_ceiling_ns));
}

static void call_case_desc(const struct call_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(call, call_cases, call_case_desc);

static void judge_watches_callback_time(struct kunit *test)
{
	const struct call_case *c = test->param_value;
	struct memgov_judge j;
	u32 verdict = MEMGOV_EXIT_NONE;
	u64 now = 0;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &lim), 0);
	for (i = 0; i < c->calls && verdict == MEMGOV_EXIT_NONE; i++) {
		now += c->gap_ns + c->call_ns;
		verdict = judge_one(&j, &lim, now, c->call_ns);
	}
	KUNIT_EXPECT_EQ_MSG(test, verdict, c->want, "after %u calls: %s", i, j.why);
	if (c->at)
		KUNIT_EXPECT_EQ(test, i, c->at);
}

/* A long call between two over the ceiling, but within it, does not reset the count. */
static void ceiling_counts_calls_over_it_not_calls_in_a_row(struct kunit *test)
{
	struct memgov_judge j;

	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &lim), 0);
	KUNIT_EXPECT_EQ(test, memgov_judge_call(&j, &lim, 100 * MS, 11 * MS), MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_call(&j, &lim, 200 * MS, 1 * MS), MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_call(&j, &lim, 300 * MS, 12 * MS),
			MEMGOV_EXIT_WATCHDOG);
	KUNIT_EXPECT_STREQ(test, j.why,
			   "callbacks ran 11000 us and 12000 us, over the 10000 us ceiling, within 1000 ms");
}

struct ticks_case {
	const char *desc;
	unsigned long j0, j1;
	unsigned long local;	/* timer interrupts this CPU took meanwhile */
	u64 want_ns;
};

#define TICK_NS (4 * MS)	/* HZ=250, Debian's */

static const struct ticks_case ticks_cases[] = {
	{ "call_within_one_tick_is_unknown", 1000, 1000, 0, 0 },
	{ "call_across_one_tick_edge_may_be_a_nanosecond", 1000, 1001, 1, 0 },
	{ "call_across_two_tick_edges_took_a_tick", 1000, 1002, 2, TICK_NS },
	{ "call_across_ten_tick_edges_took_nine_ticks", 1000, 1010, 10, 9 * TICK_NS },
	{ "tick_counter_wrapping_is_no_long_call", ULONG_MAX, 0, 1, 0 },
	{ "long_call_across_the_wrap", ULONG_MAX - 2, 2, 5, 4 * TICK_NS },
	/* Its vCPU was descheduled: one timer interrupt at resume, jiffies moved on. */
	{ "descheduled_vcpu_two_ticks_one_resume_interrupt_is_unknown", 1000, 1002, 1, 0 },
	{ "hypervisor_stall_of_25_ticks_is_unknown", 1000, 1025, 1, 0 },
	{ "stall_inside_a_long_call_counts_the_ticks_it_ran", 1000, 1025, 4, 3 * TICK_NS },
};

static void ticks_case_desc(const struct ticks_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(ticks, ticks_cases, ticks_case_desc);

static void judge_bounds_a_call_timed_in_ticks(struct kunit *test)
{
	const struct ticks_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, memgov_judge_ticks_ns(c->j0, c->j1, c->local, TICK_NS), c->want_ns);
}

/* A clocked call keeps its time unless interrupted; then its own timer ticks bound it. */
static void clocked_time_excludes_time_the_cpu_did_not_run(struct kunit *test)
{
	/* No interrupt: its CPU was there all along. */
	KUNIT_EXPECT_EQ(test, memgov_time_present_ns(3 * MS, false, 0, TICK_NS), 3 * MS);
	/* A slow call takes a timer interrupt every tick: N of them prove N - 1 ticks. */
	KUNIT_EXPECT_EQ(test, memgov_time_present_ns(9 * MS, true, 3, TICK_NS), 8 * MS);
	KUNIT_EXPECT_EQ(test, memgov_time_present_ns(50 * MS, true, 13, TICK_NS), 48 * MS);
	/* 100 ms away (TCG's round robin, a loaded host), one resume interrupt: nothing proven. */
	KUNIT_EXPECT_EQ(test, memgov_time_present_ns(100 * MS, true, 1, TICK_NS), 0ULL);
	/* Measured on 2 vCPUs: trivial protection callbacks of 5.6 and 6.7 ms, each away. */
	KUNIT_EXPECT_EQ(test, memgov_time_present_ns(6714000, true, 1, TICK_NS), 0ULL);
	/* A device interrupt in a short call. */
	KUNIT_EXPECT_EQ(test, memgov_time_present_ns(20000, true, 0, TICK_NS), 0ULL);
}

static void time_gaps_are_random_with_mean_every(struct kunit *test)
{
	u64 sum = 0;
	u32 r, g, lo = U32_MAX, hi = 0;

	/* Over a whole period of the modulus every gap appears equally often. */
	for (r = 0; r < 31 * 1000; r++) {
		g = memgov_time_gap(r);
		lo = min(lo, g);
		hi = max(hi, g);
		sum += g;
	}
	KUNIT_EXPECT_EQ(test, lo, 1U);
	KUNIT_EXPECT_EQ(test, hi, 2U * MEMGOV_TIME_EVERY - 1);
	KUNIT_EXPECT_EQ(test, sum, (u64)MEMGOV_TIME_EVERY * 31 * 1000);
	KUNIT_EXPECT_EQ(test, memgov_time_gap(U32_MAX), 1 + U32_MAX % (2 * MEMGOV_TIME_EVERY - 1));
}

/* The kernel's per-CPU sampler (memgov_sample_weight()), with a test's random numbers. */
struct sampler {
	u32 left, weight, rnd;
};

static u32 sampler_next(struct sampler *s)
{
	u32 w;

	if (s->left > 1) {
		s->left--;
		return 0;
	}
	w = s->weight ?: 1;
	s->rnd = s->rnd * 1103515245 + 12345;
	s->weight = memgov_time_gap(s->rnd >> 8);
	s->left = s->weight;
	return w;
}

/*
 * The fault path's sampling as memgov_call_begin()/end() run it on one CPU for one policy:
 * @call_ns(i) is what call i takes, @irq_ns(i) what an interrupt landing in it adds (0: none).
 * Returns the time counted in the budget; *@weights gets the calls it stands for.
 */
static u64 sampled_time(unsigned int calls, u64 (*call_ns)(unsigned int),
			u64 (*irq_ns)(unsigned int), u64 *weights)
{
	struct sampler smp = { .rnd = 42 };
	u32 carry = 0, carry_tries = 0;
	u64 sum = 0;
	unsigned int i;

	*weights = 0;
	for (i = 0; i < calls; i++) {
		u32 w = sampler_next(&smp), kept, tries = carry ? carry_tries : 0;

		w += carry;
		carry = 0;
		if (!w)
			continue;
		kept = memgov_time_weigh(w, irq_ns(i) > 0, tries);
		if (!kept) {
			carry = w;
			carry_tries = tries + 1;
		}
		sum += (call_ns(i) + irq_ns(i)) * kept;
		*weights += kept;
	}
	return sum;
}

static u64 us_1(unsigned int i) { return 1000; }
static u64 ms_6(unsigned int i) { return 6 * MS; }
static u64 no_irq(unsigned int i) { return 0; }
/* A 1.6 ms interrupt in every 160th call: a sampled one each time (160 = 10 * 16). */
static u64 irq_every_160(unsigned int i) { return i % 160 == 0 ? 1600000 : 0; }
/* A host stall or a wakeup of the other vCPU in every other call (1 ms each). */
static u64 irq_every_other(unsigned int i) { return i % 2 ? 0 : 1000000; }
/* The timer lands in every call that long. */
static u64 irq_always(unsigned int i) { return 4000; }

static void sampling_does_not_multiply_an_interrupt(struct kunit *test)
{
	u64 weights, t;

	/* The clocked calls stand for all calls but the last gap's. */
	t = sampled_time(1600, us_1, no_irq, &weights);
	KUNIT_EXPECT_EQ(test, t, weights * 1000);
	KUNIT_EXPECT_GE(test, weights, 1600ULL - 2 * MEMGOV_TIME_EVERY);
	KUNIT_EXPECT_LE(test, weights, 1600ULL);
	/*
	 * Ten interrupts of 1.6 ms, some in clocked calls: each counted once at most (a call of
	 * weight 1 counts its own), never as many times as its call weighs.
	 */
	t = sampled_time(1600, us_1, irq_every_160, &weights);
	KUNIT_EXPECT_GE(test, t, weights * 1000);
	KUNIT_EXPECT_LE(test, t, weights * 1000 + 10 * 1600000ULL);
	KUNIT_EXPECT_GE(test, weights, 1600ULL - 2 * MEMGOV_TIME_EVERY);
	/* Calls always interrupted are counted in full, their interrupts with them. */
	t = sampled_time(160, ms_6, irq_always, &weights);
	KUNIT_EXPECT_EQ(test, t, weights * (6 * MS + 4000));
	KUNIT_EXPECT_GE(test, weights, 160ULL - 2 * MEMGOV_TIME_EVERY - MEMGOV_RESAMPLE_MAX);
	/*
	 * An interrupt in every other call: re-sampled until a clean call, never multiplied (a
	 * clocked call of weight 1 counts its own, a few ms in all; multiplied, it was ~800 ms).
	 */
	t = sampled_time(1600, us_1, irq_every_other, &weights);
	KUNIT_EXPECT_GE(test, t, weights * 1000);
	KUNIT_EXPECT_LE(test, t, weights * 1000 + 10 * MS);
	KUNIT_EXPECT_GE(test, weights, 1600ULL - 2 * MEMGOV_TIME_EVERY - MEMGOV_RESAMPLE_MAX);
}

/* The budget from clocked calls weighed MEMGOV_TIME_EVERY, as the governor's tick sums them. */
static void judge_budget_from_sampled_calls(struct kunit *test)
{
	struct sampler smp = { .rnd = 7 };
	struct memgov_judge j;
	u32 verdict = MEMGOV_EXIT_NONE, w;
	u64 now = 0;
	unsigned int seq;

	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &lim), 0);
	/* 200 us calls every 2 ms: 10% of a CPU, twice the 50 ms a second budget. */
	for (seq = 1; seq <= 1000 && verdict == MEMGOV_EXIT_NONE; seq++) {
		now += 2 * MS;
		w = sampler_next(&smp);
		if (w)
			verdict = memgov_judge_budget(&j, &lim, now, 200000ULL * w);
	}
	KUNIT_EXPECT_EQ_MSG(test, verdict, (u32)MEMGOV_EXIT_WATCHDOG, "%s", j.why);
	/* Found within about one window (500 calls), not only at the end. */
	KUNIT_EXPECT_LE(test, seq, 600U);
}

static void judge_ejects_on_the_nth_strike(struct kunit *test)
{
	struct memgov_judge j;

	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &lim), 0);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 1 * MS, "a"), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 2 * MS, "b"), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 3 * MS, "claimed without a kill"),
			(u32)MEMGOV_EXIT_STRIKES);
	KUNIT_EXPECT_STREQ(test, j.why, "3 strikes, the last: claimed without a kill");
}

#define DECAY MEMGOV_STRIKE_DECAY_NS

/* A long-lived correct policy: three unrelated strikes over weeks do not eject it. */
static void strikes_decay_one_per_quiet_period(struct kunit *test)
{
	struct memgov_judge j;
	u64 week = 7 * 24 * 3600 * 1000 * MS;

	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &lim), 0);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 1 * week, "a"), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 2 * week, "b"), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 3 * week, "c"), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strikes(&j, 3 * week), 1U);
	/* One period after two strikes, one stands; two periods, none. */
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 3 * week + 1, "d"),
			(u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strikes(&j, 3 * week + 1 + DECAY), 1U);
	KUNIT_EXPECT_EQ(test, memgov_judge_strikes(&j, 3 * week + 1 + 2 * DECAY), 0U);
	/* Strikes close together still eject: just under a period apart each. */
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 4 * week, "e"), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 4 * week + DECAY - 1, "f"),
			(u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_strike(&j, &lim, 4 * week + 2 * DECAY - 2, "g"),
			(u32)MEMGOV_EXIT_STRIKES);
}

static void judge_watchdog_deadline(struct kunit *test)
{
	struct memgov_judge j;

	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &lim), 0);
	KUNIT_EXPECT_EQ(test, memgov_judge_tick(&j, 1000 * MS), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_FALSE(test, memgov_judge_pet(&j, 0));	/* not armed */
	memgov_judge_arm(&j, 0, 100 * MS);
	KUNIT_EXPECT_EQ(test, memgov_judge_tick(&j, 90 * MS), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_TRUE(test, memgov_judge_pet(&j, 90 * MS));
	KUNIT_EXPECT_EQ(test, memgov_judge_tick(&j, 180 * MS), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_tick(&j, 191 * MS), (u32)MEMGOV_EXIT_WATCHDOG);
	/* Disarmed, nothing more fires. */
	memgov_judge_arm(&j, 0, 100 * MS);
	memgov_judge_disarm(&j);
	KUNIT_EXPECT_EQ(test, memgov_judge_tick(&j, 5000 * MS), (u32)MEMGOV_EXIT_NONE);
}

struct clamp_case {
	const char *desc;
	u64 value, lo, hi, want;
	u64 want_clamps;
};

static const struct clamp_case clamp_cases[] = {
	{ "in_range_is_kept", 500, 0, 2000, 500, 0 },
	{ "above_is_cut_to_ceiling", 4294967295ULL, 0, 2000, 2000, 1 },
	{ "below_is_raised_to_floor", 1, 10, 20, 10, 1 },
	{ "bounds_are_inclusive", 2000, 0, 2000, 2000, 0 },
};

static void clamp_case_desc(const struct clamp_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(clamp, clamp_cases, clamp_case_desc);

static void judge_clamps_and_counts(struct kunit *test)
{
	const struct clamp_case *c = test->param_value;
	struct memgov_judge j;

	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &lim), 0);
	KUNIT_EXPECT_EQ(test, memgov_judge_clamp(&j, c->value, c->lo, c->hi), c->want);
	KUNIT_EXPECT_EQ(test, j.clamps, c->want_clamps);
}

static void judge_ejects_on_too_many_clamps(struct kunit *test)
{
	struct memgov_limits l = lim;
	struct memgov_judge j;
	unsigned int i;

	l.clamps_max = 10;
	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &l), 0);
	/* Ten a second, spread out, forever: fine. */
	for (i = 1; i <= 50; i++)
		KUNIT_ASSERT_EQ(test, memgov_judge_clamp_hit(&j, &l, i * 110 * MS, "delays"),
				(u32)MEMGOV_EXIT_NONE);
	/* Eleven within one window: an error. */
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, memgov_judge_clamp_hit(&j, &l, 10000 * MS + i, "delays"),
				(u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_clamp_hit(&j, &l, 10000 * MS + 20, "delays"),
			(u32)MEMGOV_EXIT_ERROR);
	KUNIT_EXPECT_NOT_NULL(test, strstr(j.why, "out-of-range delays"));
	KUNIT_EXPECT_EQ(test, j.clamps, 61ULL);
}

/* Delays are judged like time: summed over the tasks delayed, per window. */
static void judge_ejects_over_the_delay_budget(struct kunit *test)
{
	struct memgov_limits l = lim;
	struct memgov_judge j;
	unsigned int i;

	l.delay_budget_ms = 4000;
	KUNIT_ASSERT_EQ(test, memgov_judge_init(&j, &l), 0);
	/* One task delayed 2 s at a time, back to back: 1 s of delay a second, forever. */
	for (i = 0; i < 20; i++)
		KUNIT_ASSERT_EQ(test, memgov_judge_delay(&j, &l, i * 2000 * MS, 2000),
				(u32)MEMGOV_EXIT_NONE);
	/* Three tasks at once, 2 s each: over the budget. */
	KUNIT_EXPECT_EQ(test, memgov_judge_delay(&j, &l, 50000 * MS, 2000), (u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_delay(&j, &l, 50000 * MS + 1, 1999),
			(u32)MEMGOV_EXIT_NONE);
	KUNIT_EXPECT_EQ(test, memgov_judge_delay(&j, &l, 50000 * MS + 2, 2000),
			(u32)MEMGOV_EXIT_WATCHDOG);
	KUNIT_EXPECT_STREQ(test, j.why,
			   "imposed 5999 ms of charge delay in 1000 ms, over the 4000 ms budget");
	/* Off: anything goes. */
	l.delay_budget_ms = 0;
	KUNIT_EXPECT_EQ(test, memgov_judge_delay(&j, &l, 50000 * MS + 3, 100000),
			(u32)MEMGOV_EXIT_NONE);
}

static struct kunit_case judge_cases[] = {
	KUNIT_CASE(judge_ejects_over_the_delay_budget),
	KUNIT_CASE(judge_ejects_on_too_many_clamps),
	KUNIT_CASE_PARAM(ledger_judges_kills_by_deadline, ledger_gen_params),
	KUNIT_CASE(ledger_credits_waiting_for_an_exiting_victim),
	KUNIT_CASE(ledger_never_drops_a_pending_kill),
	KUNIT_CASE_PARAM(judge_watches_callback_time, call_gen_params),
	KUNIT_CASE(ceiling_counts_calls_over_it_not_calls_in_a_row),
	KUNIT_CASE_PARAM(judge_bounds_a_call_timed_in_ticks, ticks_gen_params),
	KUNIT_CASE(time_gaps_are_random_with_mean_every),
	KUNIT_CASE(clocked_time_excludes_time_the_cpu_did_not_run),
	KUNIT_CASE(judge_budget_from_sampled_calls),
	KUNIT_CASE(sampling_does_not_multiply_an_interrupt),
	KUNIT_CASE(judge_ejects_on_the_nth_strike),
	KUNIT_CASE(strikes_decay_one_per_quiet_period),
	KUNIT_CASE(judge_watchdog_deadline),
	KUNIT_CASE_PARAM(judge_clamps_and_counts, clamp_gen_params),
	{}
};

static struct kunit_suite judge_suite = {
	.name = "memgov_judge",
	.test_cases = judge_cases,
};
kunit_test_suite(judge_suite);

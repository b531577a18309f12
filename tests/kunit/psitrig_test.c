// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: PSI trigger windows (governor/psitrig.c) behave as the kernel's own triggers: an
 * event when the stall within the window reaches the threshold, at most one per window,
 * deferred rather than dropped, the previous window prorated; never while under.
 */
#include <kunit/test.h>
#include "psitrig.h"

#define MS (1000ULL * 1000ULL)

/* Feed a constant stall rate (ns of stall per ms) for @ms, sampling every @step ms. */
static unsigned int feed(struct memgov_psi_trig *t, u64 *now, u64 *total, u64 ms, u64 step,
			 u64 stall_per_ms, u64 *event_times, unsigned int max_events)
{
	unsigned int n = 0;
	u64 end = *now + ms * MS;

	while (*now < end) {
		*now += step * MS;
		*total += stall_per_ms * step;
		if (memgov_psi_trig_update(t, *now, *total)) {
			if (n < max_events)
				event_times[n] = *now;
			n++;
		}
	}
	return n;
}

static void fires_once_per_window_while_over(struct kunit *test)
{
	struct memgov_psi_trig t;
	u64 now = 1000 * MS, total = 0, ev[16];
	unsigned int n, i;

	/* 100 ms of stall in a 1 s window; the group stalls half the time. */
	KUNIT_ASSERT_EQ(test, memgov_psi_trig_init(&t, 100000, 1000000, now, total), 0);
	n = feed(&t, &now, &total, 5000, 100, MS / 2, ev, ARRAY_SIZE(ev));
	KUNIT_EXPECT_GE(test, n, 4U);
	KUNIT_EXPECT_LE(test, n, 5U);
	/* The first as soon as 100 ms of stall accumulated (after 200 ms), then one a window. */
	KUNIT_EXPECT_EQ(test, ev[0], 1200 * MS);
	for (i = 1; i < n && i < ARRAY_SIZE(ev); i++)
		KUNIT_EXPECT_GE(test, ev[i] - ev[i - 1], 1000 * MS);
}

static void never_fires_while_under(struct kunit *test)
{
	struct memgov_psi_trig t;
	u64 now = 0, total = 0, ev[4];

	/* 9% stall: 90 ms per 1 s window, under 100 ms, for a minute. */
	KUNIT_ASSERT_EQ(test, memgov_psi_trig_init(&t, 100000, 1000000, now, total), 0);
	KUNIT_EXPECT_EQ(test, feed(&t, &now, &total, 60000, 100, 90 * 1000, ev, 4), 0U);
}

static void event_due_within_a_window_is_deferred_not_dropped(struct kunit *test)
{
	struct memgov_psi_trig t;
	u64 now = 0, total = 0;

	KUNIT_ASSERT_EQ(test, memgov_psi_trig_init(&t, 100000, 1000000, now, total), 0);
	/* A burst: event at once. */
	total += 150 * MS;
	KUNIT_EXPECT_TRUE(test, memgov_psi_trig_update(&t, 100 * MS, total));
	/* Another burst 400 ms later: due, but the last event is less than a window old. */
	total += 150 * MS;
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&t, 500 * MS, total));
	KUNIT_EXPECT_TRUE(test, t.pending);
	/* No new stall since, and still within the window: nothing. */
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&t, 1000 * MS, total));
	/* The window passed: the deferred event goes out without new stall. */
	KUNIT_EXPECT_TRUE(test, memgov_psi_trig_update(&t, 1100 * MS, total));
	KUNIT_EXPECT_FALSE(test, t.pending);
	/* And nothing more after it, with no new stall. */
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&t, 2500 * MS, total));
}

static void previous_window_counts_prorated(struct kunit *test)
{
	struct memgov_psi_trig t, u;
	u64 now = 0;

	KUNIT_ASSERT_EQ(test, memgov_psi_trig_init(&t, 100000, 1000000, now, 0), 0);
	/* 91 ms over the first window (and a bit): under. */
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&t, 500 * MS, 50 * MS));
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&t, 1010 * MS, 91 * MS));
	u = t;
	/* 20 ms more 100 ms into the next: 20 + 91 * 0.9 = 101.9 ms within the window. */
	KUNIT_EXPECT_TRUE(test, memgov_psi_trig_update(&t, 1110 * MS, 111 * MS));
	KUNIT_EXPECT_EQ(test, t.growth, 20 * MS + 91 * MS * 9 / 10);
	/* 8 ms more instead: 8 + 81.9 = 89.9 ms, under. */
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&u, 1110 * MS, 99 * MS));
}

static void a_total_that_goes_back_restarts_the_window(struct kunit *test)
{
	struct memgov_psi_trig t;

	KUNIT_ASSERT_EQ(test, memgov_psi_trig_init(&t, 100000, 1000000, 0, 500 * MS), 0);
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&t, 100 * MS, 10 * MS));
	/* Growth counts from the new base: 50 ms, under. */
	KUNIT_EXPECT_FALSE(test, memgov_psi_trig_update(&t, 200 * MS, 60 * MS));
	KUNIT_EXPECT_TRUE(test, memgov_psi_trig_update(&t, 300 * MS, 120 * MS));
}

struct limits_case {
	const char *desc;
	u32 threshold_us, window_us;
	int ret;
};

static const struct limits_case limits_cases[] = {
	{ "window_500ms_threshold_1us", 1, 500000, 0 },
	{ "window_10s_threshold_10s", 10000000, 10000000, 0 },
	{ "window_under_500ms_refused", 100000, 499999, -EINVAL },
	{ "window_over_10s_refused", 100000, 10000001, -EINVAL },
	{ "threshold_0_refused", 0, 1000000, -EINVAL },
	{ "threshold_over_window_refused", 1000001, 1000000, -EINVAL },
};

static void limits_desc(const struct limits_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(limits, limits_cases, limits_desc);

static void trigger_limits_are_the_kernels(struct kunit *test)
{
	const struct limits_case *c = test->param_value;
	struct memgov_psi_trig t;

	KUNIT_EXPECT_EQ(test, memgov_psi_trig_init(&t, c->threshold_us, c->window_us, 0, 0),
			c->ret);
	if (!c->ret)
		KUNIT_EXPECT_EQ(test, memgov_psi_trig_period(&t), (u64)c->window_us * 100);
}

static struct kunit_case psitrig_cases[] = {
	KUNIT_CASE(fires_once_per_window_while_over),
	KUNIT_CASE(never_fires_while_under),
	KUNIT_CASE(event_due_within_a_window_is_deferred_not_dropped),
	KUNIT_CASE(previous_window_counts_prorated),
	KUNIT_CASE(a_total_that_goes_back_restarts_the_window),
	KUNIT_CASE_PARAM(trigger_limits_are_the_kernels, limits_gen_params),
	{}
};

static struct kunit_suite psitrig_suite = {
	.name = "memgov_psitrig",
	.test_cases = psitrig_cases,
};
kunit_test_suite(psitrig_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for governor/: the sliding rate window and the sustained-threshold detector.
 */
#include <kunit/test.h>
#include <linux/time64.h>
#include "window.h"
#include "sustain.h"

#define MS(x) ((u64)(x) * NSEC_PER_MSEC)
#define SEC(x) ((u64)(x) * NSEC_PER_SEC)

/* ---- window ---------------------------------------------------------------------------- */

struct window_event {
	u64 at;
	u64 count;
};

struct window_case {
	const char *name;
	u64 window_ns;
	unsigned int nbuckets;
	struct window_event events[8];
	unsigned int nevents;
	u64 query_at;
	u64 want_sum;
	u64 want_rate;		/* per second */
};

static const struct window_case window_cases[] = {
	{
		.name = "events_inside_window_all_count",
		.window_ns = SEC(1), .nbuckets = 10,
		.events = { { MS(0), 5 }, { MS(350), 7 }, { MS(990), 3 } }, .nevents = 3,
		.query_at = MS(999), .want_sum = 15, .want_rate = 15,
	},
	{
		.name = "events_older_than_window_are_forgotten",
		.window_ns = SEC(1), .nbuckets = 10,
		.events = { { MS(0), 100 }, { MS(1500), 4 } }, .nevents = 2,
		.query_at = MS(1500), .want_sum = 4, .want_rate = 4,
	},
	{
		.name = "bucket_expires_exactly_one_window_later",
		.window_ns = SEC(1), .nbuckets = 4,
		.events = { { MS(100), 8 }, { MS(300), 2 } }, .nevents = 2,
		.query_at = MS(1000), .want_sum = 2, .want_rate = 2,
	},
	{
		.name = "long_silence_clears_every_bucket",
		.window_ns = SEC(2), .nbuckets = 16,
		.events = { { MS(0), 50 }, { MS(900), 50 } }, .nevents = 2,
		.query_at = SEC(3600), .want_sum = 0, .want_rate = 0,
	},
	{
		.name = "rate_scales_to_per_second_for_long_window",
		.window_ns = SEC(10), .nbuckets = 10,
		.events = { { SEC(1), 300 }, { SEC(5), 300 }, { SEC(9), 400 } }, .nevents = 3,
		.query_at = SEC(9), .want_sum = 1000, .want_rate = 100,
	},
	{
		.name = "rate_scales_up_for_short_window",
		.window_ns = MS(250), .nbuckets = 5,
		.events = { { MS(10), 25 } }, .nevents = 1,
		.query_at = MS(200), .want_sum = 25, .want_rate = 100,
	},
	{
		.name = "late_event_counts_in_newest_bucket",
		.window_ns = SEC(1), .nbuckets = 10,
		.events = { { MS(800), 1 }, { MS(200), 6 } }, .nevents = 2,
		.query_at = MS(800), .want_sum = 7, .want_rate = 7,
	},
	{
		.name = "single_bucket_window",
		.window_ns = SEC(1), .nbuckets = 1,
		.events = { { MS(500), 3 }, { MS(1200), 9 } }, .nevents = 2,
		.query_at = MS(1300), .want_sum = 9, .want_rate = 9,
	},
};

static void window_case_desc(const struct window_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(window, window_cases, window_case_desc);

static void window_counts_events_in_window(struct kunit *test)
{
	const struct window_case *c = test->param_value;
	struct memgov_window w;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, memgov_window_init(&w, c->window_ns, c->nbuckets), 0);
	for (i = 0; i < c->nevents; i++)
		memgov_window_add(&w, c->events[i].at, c->events[i].count);

	KUNIT_EXPECT_EQ(test, memgov_window_sum(&w, c->query_at), c->want_sum);
	KUNIT_EXPECT_EQ(test, memgov_window_rate_per_sec(&w, c->query_at), c->want_rate);
}

static void window_rejects_bad_geometry(struct kunit *test)
{
	struct memgov_window w;

	KUNIT_EXPECT_EQ(test, memgov_window_init(&w, SEC(1), 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, memgov_window_init(&w, SEC(1), MEMGOV_WINDOW_MAX_BUCKETS + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, memgov_window_init(&w, 3, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, memgov_window_init(&w, SEC(1), MEMGOV_WINDOW_MAX_BUCKETS), 0);
}

static void window_sliding_keeps_steady_rate(struct kunit *test)
{
	struct memgov_window w;
	u64 t;

	/* 10 events every 100 ms is 100/s, whatever instant the window is read at. */
	KUNIT_ASSERT_EQ(test, memgov_window_init(&w, SEC(1), 10), 0);
	for (t = 0; t <= SEC(5); t += MS(100)) {
		memgov_window_add(&w, t, 10);
		if (t >= SEC(1))
			KUNIT_EXPECT_EQ(test, memgov_window_rate_per_sec(&w, t), 100);
	}
}

static struct kunit_case window_test_cases[] = {
	KUNIT_CASE_PARAM(window_counts_events_in_window, window_gen_params),
	KUNIT_CASE(window_rejects_bad_geometry),
	KUNIT_CASE(window_sliding_keeps_steady_rate),
	{}
};

static struct kunit_suite window_test_suite = {
	.name = "memgov_window",
	.test_cases = window_test_cases,
};

/* ---- sustain --------------------------------------------------------------------------- */

struct sample {
	u64 at;
	u64 value;
	bool want;	/* detector output after this sample */
};

struct sustain_case {
	const char *name;
	u64 threshold;
	u64 sustain_ns;
	struct sample samples[8];
	unsigned int nsamples;
};

static const struct sustain_case sustain_cases[] = {
	{
		.name = "fires_after_holding_for_sustain_time",
		.threshold = 10, .sustain_ns = SEC(1),
		.samples = { { MS(0), 11, false }, { MS(500), 12, false }, { MS(999), 50, false },
			     { MS(1000), 10, true }, { MS(1500), 99, true } },
		.nsamples = 5,
	},
	{
		/* A calm stretch pulls the window's mean under; a full high window again fires. */
		.name = "calm_stretch_pulls_the_window_mean_under",
		.threshold = 10, .sustain_ns = SEC(1),
		.samples = { { MS(0), 20, false }, { MS(500), 20, false }, { MS(1000), 20, true },
			     { MS(1400), 0, true }, { MS(1600), 0, false }, { MS(2000), 20, false },
			     { MS(2600), 20, true } },
		.nsamples = 7,
	},
	{
		/*
		 * Pressure around a high mean: 90%, 10%, 90%, ... every 100 ms, mean 58 >= 40.
		 * Each value is the interval's before it: the window is full at 500 ms.
		 */
		.name = "one_calm_sample_does_not_hide_a_high_window",
		.threshold = 40, .sustain_ns = MS(500),
		.samples = { { MS(0), 5, false }, { MS(100), 90, false }, { MS(200), 10, false },
			     { MS(300), 90, false }, { MS(400), 10, false }, { MS(500), 90, true },
			     { MS(600), 10, true }, { MS(700), 90, true } },
		.nsamples = 8,
	},
	{
		/*
		 * 3 s at 100% then 39%: 300 ms later the last 500 ms still average 63%, 400 ms
		 * later 51%.  (The mean of the whole run would stay >= 60% for 5.7 s.)
		 */
		.name = "old_pressure_ages_out_after_the_window",
		.threshold = 60, .sustain_ns = MS(500),
		.samples = { { MS(0), 0, false }, { MS(3000), 100, true }, { MS(3100), 39, true },
			     { MS(3200), 39, true }, { MS(3300), 39, true }, { MS(3400), 39, false } },
		.nsamples = 6,
	},
	{
		/* Mostly calm with spikes: mean 26 < 40, never. */
		.name = "spikes_over_a_calm_mean_never_fire",
		.threshold = 40, .sustain_ns = MS(300),
		.samples = { { MS(100), 90, false }, { MS(200), 5, false }, { MS(300), 5, false },
			     { MS(400), 90, false }, { MS(500), 5, false }, { MS(600), 5, false },
			     { MS(700), 5, false } },
		.nsamples = 7,
	},
	{
		.name = "never_fires_below_threshold",
		.threshold = 100, .sustain_ns = MS(100),
		.samples = { { MS(0), 99, false }, { SEC(10), 99, false }, { SEC(20), 0, false } },
		.nsamples = 3,
	},
	{
		.name = "zero_sustain_fires_at_once",
		.threshold = 5, .sustain_ns = 0,
		.samples = { { MS(0), 4, false }, { MS(1), 5, true }, { MS(2), 4, false } },
		.nsamples = 3,
	},
	{
		.name = "clock_stepping_back_does_not_fire_early",
		.threshold = 1, .sustain_ns = SEC(1),
		.samples = { { SEC(5), 2, false }, { SEC(1), 2, false }, { MS(1999), 2, false },
			     { SEC(2), 2, true } },
		.nsamples = 4,
	},
};

static void sustain_case_desc(const struct sustain_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sustain, sustain_cases, sustain_case_desc);

static void sustain_fires_only_while_the_window_holds_on_average(struct kunit *test)
{
	const struct sustain_case *c = test->param_value;
	struct memgov_sustain s;
	unsigned int i;

	memgov_sustain_reset(&s);
	for (i = 0; i < c->nsamples; i++) {
		bool got = memgov_sustain_update(&s, c->samples[i].at, c->samples[i].value,
						 c->threshold, c->sustain_ns);

		KUNIT_EXPECT_EQ_MSG(test, got, c->samples[i].want, "sample %u (t=%llu ns, v=%llu)",
				    i, c->samples[i].at, c->samples[i].value);
	}
}

/*
 * A 10 s window of 100 ms samples holds 100 of them in 16 segments: 60% for 10 s, then
 * 40%.  The merged segments never straddle the window's start with two values here, so
 * the mean stays exact: 6 s at 60 and 4 s at 40 is 52, 5 s each is 50, 4 and 6 s is 48.
 */
static void sustain_long_window_stays_exact_while_merging(struct kunit *test)
{
	struct memgov_sustain s;
	u64 t;
	bool got;

	memgov_sustain_reset(&s);
	for (t = 0; t <= SEC(16); t += MS(100)) {
		got = memgov_sustain_update(&s, t, t <= SEC(10) ? 60 : 40, 50, SEC(10));
		KUNIT_ASSERT_LE(test, s.nseg, MEMGOV_SUSTAIN_SEGS);
		if (t < SEC(10))
			KUNIT_EXPECT_FALSE_MSG(test, got, "t=%llu ms: window not yet full", t / MS(1));
		if (t == SEC(10))
			KUNIT_EXPECT_EQ(test, s.mean, 60ULL);
		if (t == SEC(14))
			KUNIT_EXPECT_EQ(test, s.mean, 52ULL);
		if (t == SEC(15)) {
			KUNIT_EXPECT_EQ(test, s.mean, 50ULL);
			KUNIT_EXPECT_TRUE(test, got);
		}
		if (t == SEC(16)) {
			KUNIT_EXPECT_EQ(test, s.mean, 48ULL);
			KUNIT_EXPECT_FALSE(test, got);
		}
	}
	KUNIT_EXPECT_EQ(test, s.nseg, (unsigned int)MEMGOV_SUSTAIN_SEGS);
}

static struct kunit_case sustain_test_cases[] = {
	KUNIT_CASE_PARAM(sustain_fires_only_while_the_window_holds_on_average, sustain_gen_params),
	KUNIT_CASE(sustain_long_window_stays_exact_while_merging),
	{}
};

static struct kunit_suite sustain_test_suite = {
	.name = "memgov_sustain",
	.test_cases = sustain_test_cases,
};

kunit_test_suites(&window_test_suite, &sustain_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for memgov's governor");

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the thrash and refault detector (governor/thrash.c), table-driven over synthetic
 * 100 ms samples.
 */
#include <kunit/test.h>
#include "thrash.h"

#define MS 1000000ULL

static const struct memgov_thrash_limits lim = {
	.psi_some_pct = 60,
	.psi_full_pct = 40,
	.refault_per_sec = 50000,
	.refault_lru_pct = 100,
	.sustain_ns = 500 * MS,
};

struct thrash_case {
	const char *desc;
	u32 some_pct;		/* stall share each 100 ms */
	u32 full_pct;
	u64 refaults;		/* per 100 ms */
	u64 lru_pages;
	unsigned int gap_at;	/* a calm sample at this index (0: none) */
	unsigned int samples;
	int want_at;		/* first sample reporting thrash, -1: never */
	const char *want_why;
};

static const struct thrash_case cases[] = {
	{ "calm_system_never_thrashes", 10, 0, 100, 100000, 0, 30, -1, "" },
	{ "psi_some_over_limit_fires_after_sustain", 80, 10, 0, 100000, 0, 30, 6,
	  "memory pressure some 80% >= 60%" },
	{ "psi_some_at_limit_counts", 60, 0, 0, 100000, 0, 30, 6, "memory pressure some 60%" },
	{ "psi_just_under_limit_never_fires", 59, 39, 0, 100000, 0, 30, -1, "" },
	{ "psi_full_alone_fires", 30, 50, 0, 100000, 0, 30, 6, "memory pressure full 50%" },
	/* 90% but one calm 100 ms: the run's mean stays over 60%, it goes on. */
	{ "one_calm_sample_does_not_restart_the_run", 90, 0, 0, 100000, 4, 30, 6,
	  "memory pressure some" },
	{ "absolute_refault_rate_fires", 0, 0, 6000, 10000000, 0, 30, 6, "60000 refaults/s" },
	{ "refaults_relative_to_small_lru_fire", 0, 0, 2000, 10000, 0, 30, 6,
	  "refaults 200% of the LRU" },
	{ "same_refaults_on_a_big_lru_are_fine", 0, 0, 2000, 1000000, 0, 30, -1, "" },
};

static void case_desc(const struct thrash_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(thrash, cases, case_desc);

static void thrash_fires_only_on_sustained_limits(struct kunit *test)
{
	const struct thrash_case *c = test->param_value;
	struct memgov_thrash t;
	struct memgov_thrash_sample s = { .now_ns = 1000 * MS };
	char why[96] = "";
	int fired = -1;
	unsigned int i;

	memgov_thrash_reset(&t);
	for (i = 0; i <= c->samples && fired < 0; i++) {
		bool calm = c->gap_at && i == c->gap_at;

		s.now_ns += 100 * MS;
		if (i) {
			s.some_us += calm ? 0 : c->some_pct * 1000;
			s.full_us += calm ? 0 : c->full_pct * 1000;
			s.refaults += calm ? 0 : c->refaults;
		}
		s.lru_pages = c->lru_pages;
		if (memgov_thrash_update(&t, &lim, &s, why, sizeof(why)))
			fired = i;
	}
	KUNIT_EXPECT_EQ_MSG(test, fired, c->want_at, "why: %s", why);
	if (c->want_at >= 0)
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(why, c->want_why), "why: %s", why);
}

static void thrash_ignores_counters_going_back(struct kunit *test)
{
	struct memgov_thrash t;
	struct memgov_thrash_sample s = { .now_ns = 100 * MS, .some_us = 5000000,
					  .lru_pages = 1000 };
	char why[96];

	memgov_thrash_reset(&t);
	KUNIT_EXPECT_FALSE(test, memgov_thrash_update(&t, &lim, &s, why, sizeof(why)));
	s.now_ns += 100 * MS;
	s.some_us = 0;	/* a reset: no stall, not a huge one */
	KUNIT_EXPECT_FALSE(test, memgov_thrash_update(&t, &lim, &s, why, sizeof(why)));
	KUNIT_EXPECT_EQ(test, t.some_pct, 0ULL);
}

static struct kunit_case thrash_cases[] = {
	KUNIT_CASE_PARAM(thrash_fires_only_on_sustained_limits, thrash_gen_params),
	KUNIT_CASE(thrash_ignores_counters_going_back),
	{}
};

static struct kunit_suite thrash_suite = {
	.name = "memgov_thrash",
	.test_cases = thrash_cases,
};
kunit_test_suite(thrash_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the parsers of memory.pressure and memory.stat (governor/cgstat.c), on texts as
 * 6.12 writes them and on the ways they can be malformed; and of /proc/meminfo's kB lines.
 */
#include <kunit/test.h>
#include "cgstat.h"

struct pressure_case {
	const char *desc;
	const char *text;
	int ret;
	u64 some, full;
};

static const struct pressure_case pressure_cases[] = {
	{ "as_6_12_writes_it",
	  "some avg10=1.23 avg60=0.50 avg300=0.10 total=123456\n"
	  "full avg10=0.00 avg60=0.00 avg300=0.00 total=7890\n", 0, 123456, 7890 },
	{ "without_a_final_newline",
	  "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=2",
	  0, 1, 2 },
	{ "largest_total", "some total=18446744073709551615\nfull total=0\n", 0, U64_MAX, 0 },
	{ "total_over_u64_refused", "some total=18446744073709551616\nfull total=0\n", -EINVAL },
	{ "no_full_line_refused", "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n", -EINVAL },
	{ "total_without_digits_refused", "some total=x\nfull total=1\n", -EINVAL },
	/* "full" inside the some line is no full line, and a total on another line is not it. */
	{ "words_inside_a_line_do_not_count", "some full total=3\nfull avg10=0\ntotal=4\n", -EINVAL },
	{ "empty_text_refused", "", -EINVAL },
};

static void pressure_desc(const struct pressure_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(pressure, pressure_cases, pressure_desc);

static void pressure_totals_are_read_from_their_own_lines(struct kunit *test)
{
	const struct pressure_case *c = test->param_value;
	u64 some = 0, full = 0;

	KUNIT_EXPECT_EQ(test, memgov_parse_pressure(c->text, &some, &full), c->ret);
	if (!c->ret) {
		KUNIT_EXPECT_EQ(test, some, c->some);
		KUNIT_EXPECT_EQ(test, full, c->full);
	}
}

struct stat_case {
	const char *desc;
	const char *key;
	u64 want;
};

static const char stat_text[] =
	"anon 1048576\n"
	"file 2097152\n"
	"anon_thp 0\n"
	"inactive_anon 4096\n"
	"active_anon 8192\n"
	"workingset_refault_anon 17\n"
	"workingset_refault_file 18446744073709551615\n"
	"pgfault 99";

static const struct stat_case stat_cases[] = {
	{ "first_line", "anon", 1048576 },
	{ "a_key_that_prefixes_another_is_not_confused", "file", 2097152 },
	{ "a_longer_key_than_one_present", "anon_thp", 0 },
	{ "not_the_tail_of_another_key", "anon_anon", 0 },
	{ "key_inside_another_key_is_not_found", "active", 0 },
	{ "middle_line", "active_anon", 8192 },
	{ "largest_value", "workingset_refault_file", U64_MAX },
	{ "last_line_without_newline", "pgfault", 99 },
	{ "absent_key_is_zero", "workingset_refault_shmem", 0 },
};

static void stat_desc(const struct stat_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(stat, stat_cases, stat_desc);

static void stat_value_is_the_value_of_its_own_key(struct kunit *test)
{
	const struct stat_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, memgov_stat_value(stat_text, c->key), c->want);
}

struct meminfo_case {
	const char *desc;
	const char *text;
	int ret;
	u64 kb;
};

static const struct meminfo_case meminfo_cases[] = {
	{ "as_6_12_writes_it",
	  "MemTotal:        1004196 kB\nSwapCached:            0 kB\n"
	  "SwapTotal:        524284 kB\nSwapFree:         524284 kB\n", 0, 524284 },
	{ "no_swap_is_zero", "SwapTotal:              0 kB\nSwapFree:               0 kB\n", 0, 0 },
	{ "last_line_without_newline", "MemTotal: 1 kB\nSwapTotal: 77 kB", 0, 77 },
	/* SwapCached comes first and starts with "Swap": only the whole key counts. */
	{ "a_key_that_starts_alike_is_not_it", "SwapTotalx: 5 kB\nSwapCached: 9 kB\n", -EINVAL },
	{ "missing_refused", "MemTotal:        1004196 kB\n", -EINVAL },
	{ "no_digits_refused", "SwapTotal:   kB\n", -EINVAL },
	{ "garbage_after_the_number_refused", "SwapTotal: 12x kB\n", -EINVAL },
	{ "over_u64_refused", "SwapTotal: 18446744073709551616 kB\n", -EINVAL },
};

static void meminfo_desc(const struct meminfo_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(meminfo, meminfo_cases, meminfo_desc);

static void meminfo_kb_is_the_number_of_its_whole_key(struct kunit *test)
{
	const struct meminfo_case *c = test->param_value;
	u64 kb = 0;

	KUNIT_EXPECT_EQ(test, memgov_meminfo_kb(c->text, "SwapTotal", &kb), c->ret);
	if (!c->ret)
		KUNIT_EXPECT_EQ(test, kb, c->kb);
}

static struct kunit_case cgstat_cases[] = {
	KUNIT_CASE_PARAM(pressure_totals_are_read_from_their_own_lines, pressure_gen_params),
	KUNIT_CASE_PARAM(stat_value_is_the_value_of_its_own_key, stat_gen_params),
	KUNIT_CASE_PARAM(meminfo_kb_is_the_number_of_its_whole_key, meminfo_gen_params),
	{}
};

static struct kunit_suite cgstat_suite = {
	.name = "memgov_cgstat",
	.test_cases = cgstat_cases,
};
kunit_test_suite(cgstat_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: which policy names the module takes (governor/name.c).
 */
#include <kunit/test.h>
#include "name.h"

#define MAX 8	/* a short limit, so that the edge cases fit in a line */

struct name_case {
	const char *desc;
	const char src[MAX + 2];	/* what the map carries, not always NUL-terminated */
	int want;
};

static const struct name_case name_cases[] = {
	{ "plain_name", "prio", 4 },
	{ "punctuation_is_printable", "a-b_c.d", 7 },
	{ "longest_fits_with_its_nul", "abcdefg", 7 },
	{ "no_nul_within_the_limit_refused", "abcdefgh", -EINVAL },
	{ "empty_refused", "", -EINVAL },
	{ "space_refused", "a b", -EINVAL },
	{ "tab_refused", "a\tb", -EINVAL },
	{ "newline_refused", "ab\n", -EINVAL },
	{ "control_character_refused", "a\x01", -EINVAL },
	{ "delete_refused", "ab\x7f", -EINVAL },
	{ "what_follows_the_nul_is_ignored", "ab\0 \x01", 2 },
};

static void name_desc(const struct name_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(name, name_cases, name_desc);

static void name_is_printable_non_empty_and_terminated(struct kunit *test)
{
	const struct name_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, memgov_name_len(c->src, MAX), c->want);
}

static struct kunit_case name_test_cases[] = {
	KUNIT_CASE_PARAM(name_is_printable_non_empty_and_terminated, name_gen_params),
	{}
};

static struct kunit_suite name_suite = {
	.name = "memgov_name",
	.test_cases = name_test_cases,
};
kunit_test_suite(name_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the load-time prototype check (governor/protocheck.c) on a hand-built BTF blob
 * describing   int try_charge_memcg(struct mem_cgroup *memcg, int gfp_mask, int nr_pages);
 */
#include <kunit/test.h>
#include <linux/btf.h>
#include <linux/string.h>
#include <uapi/linux/btf.h>
#include "protocheck.h"

static const char strs[] = "\0int\0mem_cgroup\0memcg\0gfp_mask\0nr_pages\0try_charge_memcg";
#define S_INT 1
#define S_MEMCG_T 5
#define S_MEMCG 16
#define S_GFP 22
#define S_NR 31
#define S_FN 40

struct blob {
	struct btf_header h;
	u32 types[64];
	char strs[sizeof(strs)];
};

/* Append one type record; returns the next free word. */
static u32 *put(u32 *w, u32 name, u32 kind, u32 vlen, u32 size_or_type)
{
	*w++ = name;
	*w++ = ((kind) << 24) | (vlen);
	*w++ = size_or_type;
	return w;
}

static size_t build(struct blob *b)
{
	u32 *w = b->types;

	memset(b, 0, sizeof(*b));
	w = put(w, S_INT, BTF_KIND_INT, 0, 4);			/* 1: int */
	*w++ = (BTF_INT_SIGNED << 24) | 32;
	w = put(w, S_MEMCG_T, BTF_KIND_STRUCT, 0, 0);		/* 2: struct mem_cgroup */
	w = put(w, 0, BTF_KIND_PTR, 0, 2);			/* 3: struct mem_cgroup * */
	w = put(w, 0, BTF_KIND_FUNC_PROTO, 3, 1);		/* 4: int (...) */
	*w++ = S_MEMCG; *w++ = 3;
	*w++ = S_GFP; *w++ = 1;
	*w++ = S_NR; *w++ = 1;
	w = put(w, S_FN, BTF_KIND_FUNC, 0, 4);			/* 5: try_charge_memcg */
	b->h.magic = BTF_MAGIC;
	b->h.version = BTF_VERSION;
	b->h.hdr_len = sizeof(b->h);
	b->h.type_off = 0;
	b->h.type_len = (w - b->types) * sizeof(u32);
	b->h.str_off = offsetof(struct blob, strs) - sizeof(b->h);
	b->h.str_len = sizeof(strs);
	memcpy(b->strs, strs, sizeof(strs));
	return sizeof(*b);
}

struct proto_case {
	const char *desc;
	const char *symbol;
	const char *params;
	bool corrupt;
	int want;
};

static const struct proto_case cases[] = {
	{ "same_prototype_matches", "try_charge_memcg", "memcg:mem_cgroup,gfp_mask,nr_pages", false, 0 },
	{ "names_only_match", "try_charge_memcg", "memcg,gfp_mask,nr_pages", false, 0 },
	{ "renamed_parameter_is_a_change", "try_charge_memcg", "memcg:mem_cgroup,gfp,nr_pages", false, -EINVAL },
	{ "retyped_pointer_is_a_change", "try_charge_memcg", "memcg:folio,gfp_mask,nr_pages", false, -EINVAL },
	{ "extra_parameter_is_a_change", "try_charge_memcg", "memcg:mem_cgroup,gfp_mask", false, -EINVAL },
	{ "missing_parameter_is_a_change", "try_charge_memcg", "memcg:mem_cgroup,gfp_mask,nr_pages,x", false, -EINVAL },
	{ "absent_function_is_missing", "try_charge_memcg_v2", "memcg", false, -ENOENT },
	{ "bad_magic_is_malformed", "try_charge_memcg", "memcg", true, -EBADMSG },
};

static void case_desc(const struct proto_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(proto, cases, case_desc);

static void protocheck_detects_changed_prototypes(struct kunit *test)
{
	const struct proto_case *c = test->param_value;
	struct memgov_proto want = { .symbol = c->symbol, .params = c->params };
	struct blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	unsigned int bad = 99;
	char why[96] = "";
	size_t len;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, b);
	len = build(b);
	if (c->corrupt)
		b->h.magic = 0x1234;

	err = memgov_protocheck(b, len, &want, 1, &bad, why, sizeof(why));

	KUNIT_EXPECT_EQ_MSG(test, err, c->want, "why: %s", why);
	if (c->want)
		KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void protocheck_reports_the_first_bad_function(struct kunit *test)
{
	const struct memgov_proto want[] = {
		{ "try_charge_memcg", "memcg:mem_cgroup,gfp_mask,nr_pages" },
		{ "out_of_memory", "oc:oom_control" },
	};
	struct blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	unsigned int bad = 99;
	char why[96] = "";

	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, memgov_protocheck(b, build(b), want, 2, &bad, why, sizeof(why)),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, bad, 1U);
}

static struct kunit_case protocheck_cases[] = {
	KUNIT_CASE_PARAM(protocheck_detects_changed_prototypes, proto_gen_params),
	KUNIT_CASE(protocheck_reports_the_first_bad_function),
	{}
};

static struct kunit_suite protocheck_suite = {
	.name = "memgov_protocheck",
	.test_cases = protocheck_cases,
};
kunit_test_suite(protocheck_suite);

// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/memgov.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink_gen.h"

#include <uapi/linux/memgov.h>

/* Integer value ranges */
static const struct netlink_range_validation memgov_cfg_a_kill_deadline_ms_range = {
	.min	= 100ULL,
	.max	= 600000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_kill_min_kib_range = {
	.min	= 0ULL,
	.max	= 1073741824ULL,
};

static const struct netlink_range_validation memgov_cfg_a_oom_ceiling_us_range = {
	.min	= 0ULL,
	.max	= 10000000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_oom_budget_us_range = {
	.min	= 0ULL,
	.max	= 10000000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_memcg_ceiling_us_range = {
	.min	= 0ULL,
	.max	= 10000000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_memcg_budget_us_range = {
	.min	= 0ULL,
	.max	= 10000000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_clamps_max_range = {
	.min	= 0ULL,
	.max	= 1000000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_refault_per_sec_range = {
	.min	= 0ULL,
	.max	= 1099511627776ULL,
};

static const struct netlink_range_validation memgov_cfg_a_refault_lru_pct_range = {
	.min	= 0ULL,
	.max	= 100000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_thrash_sustain_ms_range = {
	.min	= 100ULL,
	.max	= 600000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_in_force_ms_range = {
	.min	= 100ULL,
	.max	= 600000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_delay_budget_ms_range = {
	.min	= 0ULL,
	.max	= 10000000ULL,
};

static const struct netlink_range_validation memgov_cfg_a_oom_declare_interval_ms_range = {
	.min	= 100ULL,
	.max	= 3600000ULL,
};

/* Common nested types */
const struct nla_policy memgov_config_nl_policy[MEMGOV_CFG_A_OOM_DECLARE_INTERVAL_MS + 1] = {
	[MEMGOV_CFG_A_STRIKES_MAX] = NLA_POLICY_RANGE(NLA_U64, 1, 1000),
	[MEMGOV_CFG_A_KILL_DEADLINE_MS] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_kill_deadline_ms_range),
	[MEMGOV_CFG_A_KILL_MIN_KIB] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_kill_min_kib_range),
	[MEMGOV_CFG_A_OOM_CEILING_US] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_oom_ceiling_us_range),
	[MEMGOV_CFG_A_OOM_BUDGET_US] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_oom_budget_us_range),
	[MEMGOV_CFG_A_MEMCG_CEILING_US] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_memcg_ceiling_us_range),
	[MEMGOV_CFG_A_MEMCG_BUDGET_US] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_memcg_budget_us_range),
	[MEMGOV_CFG_A_CLAMPS_MAX] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_clamps_max_range),
	[MEMGOV_CFG_A_PSI_SOME_PCT] = NLA_POLICY_RANGE(NLA_U64, 0, 100),
	[MEMGOV_CFG_A_PSI_FULL_PCT] = NLA_POLICY_RANGE(NLA_U64, 0, 100),
	[MEMGOV_CFG_A_REFAULT_PER_SEC] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_refault_per_sec_range),
	[MEMGOV_CFG_A_REFAULT_LRU_PCT] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_refault_lru_pct_range),
	[MEMGOV_CFG_A_THRASH_SUSTAIN_MS] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_thrash_sustain_ms_range),
	[MEMGOV_CFG_A_IN_FORCE_MS] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_in_force_ms_range),
	[MEMGOV_CFG_A_REFUSE_ATTACH] = NLA_POLICY_RANGE(NLA_U64, 0, 1),
	[MEMGOV_CFG_A_DELAY_BUDGET_MS] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_delay_budget_ms_range),
	[MEMGOV_CFG_A_OOM_DECLARE_INTERVAL_MS] = NLA_POLICY_FULL_RANGE(NLA_U64, &memgov_cfg_a_oom_declare_interval_ms_range),
};

/* MEMGOV_CMD_GET_POLICY - do */
static const struct nla_policy memgov_get_policy_nl_policy[MEMGOV_A_LINK_ID + 1] = {
	[MEMGOV_A_LINK_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* MEMGOV_CMD_DETACH_POLICY - do */
static const struct nla_policy memgov_detach_policy_nl_policy[MEMGOV_A_ALL + 1] = {
	[MEMGOV_A_POLICY_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[MEMGOV_A_ALL] = { .type = NLA_FLAG, },
};

/* MEMGOV_CMD_GET_CONFIG - do */
static const struct nla_policy memgov_get_config_nl_policy[MEMGOV_A_CGROUP_ID + 1] = {
	[MEMGOV_A_CGROUP_ID] = { .type = NLA_U64, },
};

/* MEMGOV_CMD_SET_CONFIG - do */
static const struct nla_policy memgov_set_config_nl_policy[MEMGOV_A_CGROUP_ID + 1] = {
	[MEMGOV_A_CGROUP_ID] = { .type = NLA_U64, },
	[MEMGOV_A_CONFIG] = NLA_POLICY_NESTED(memgov_config_nl_policy),
};

/* Ops table for memgov */
const struct genl_split_ops memgov_nl_ops[7] = {
	{
		.cmd		= MEMGOV_CMD_GET_STATUS,
		.pre_doit	= memgov_nl_pre_doit_no_attrs,
		.doit		= memgov_nl_get_status_doit,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MEMGOV_CMD_GET_POLICY,
		.doit		= memgov_nl_get_policy_doit,
		.policy		= memgov_get_policy_nl_policy,
		.maxattr	= MEMGOV_A_LINK_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MEMGOV_CMD_GET_POLICY,
		.start	= memgov_nl_start_no_attrs,
		.dumpit	= memgov_nl_get_policy_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MEMGOV_CMD_DETACH_POLICY,
		.doit		= memgov_nl_detach_policy_doit,
		.policy		= memgov_detach_policy_nl_policy,
		.maxattr	= MEMGOV_A_ALL,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MEMGOV_CMD_GET_CONFIG,
		.doit		= memgov_nl_get_config_doit,
		.policy		= memgov_get_config_nl_policy,
		.maxattr	= MEMGOV_A_CGROUP_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MEMGOV_CMD_SET_CONFIG,
		.doit		= memgov_nl_set_config_doit,
		.policy		= memgov_set_config_nl_policy,
		.maxattr	= MEMGOV_A_CGROUP_ID,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MEMGOV_CMD_GET_STATS,
		.pre_doit	= memgov_nl_pre_doit_no_attrs,
		.doit		= memgov_nl_get_stats_doit,
		.flags		= GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group memgov_nl_mcgrps[] = {
	[MEMGOV_NLGRP_EVENTS] = { "events", },
};

/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * memgov: the contract between memgov.ko, its BPF policies and memgovctl.
 *
 * Generic netlink family MEMGOV_GENL_NAME, version MEMGOV_GENL_VERSION.
 * Writes need CAP_NET_ADMIN in the initial network namespace; reads are open.
 *
 * MEMGOV_CMD_GET_STATUS (do)
 *   request: nothing
 *   reply:
 *     MEMGOV_A_VERSION: NLA_NUL_STRING        module version
 *     MEMGOV_A_KERNEL: NLA_NUL_STRING         release of the running kernel
 *     MEMGOV_A_N_ATTACHED: NLA_U32            policies attached now
 *     MEMGOV_A_N_EJECTED: NLA_U32             policies ejected since load
 *
 * MEMGOV_CMD_GET_POLICY (dump: every attached policy, then the most recent exits;
 *                        do: one policy, selected by link id)
 *   request (do only):
 *     MEMGOV_A_LINK_ID: NLA_U32
 *   reply (one message per policy):
 *     MEMGOV_A_POLICY: NLA_NESTED
 *       MEMGOV_POLICY_A_NAME: NLA_NUL_STRING
 *       MEMGOV_POLICY_A_TYPE: NLA_U32        enum memgov_policy_type
 *       MEMGOV_POLICY_A_CGROUP_ID: NLA_U64   0 = whole system
 *       MEMGOV_POLICY_A_FLAGS: NLA_U32       MEMGOV_F_*
 *       MEMGOV_POLICY_A_LINK_ID: NLA_U32     id of the struct_ops link
 *       MEMGOV_POLICY_A_STATE: NLA_U32       enum memgov_policy_state
 *       MEMGOV_POLICY_A_ATTACH_TIME: NLA_U64 CLOCK_BOOTTIME ns
 *       MEMGOV_POLICY_A_CALLS: NLA_U64       callbacks run
 *       MEMGOV_POLICY_A_APPLIED: NLA_U64     decisions that changed the kernel's outcome
 *       MEMGOV_POLICY_A_KILLS: NLA_U64       OOM victims picked
 *       MEMGOV_POLICY_A_CLAMPED: NLA_U64     returned values that had to be bounded
 *       MEMGOV_POLICY_A_STRIKES: NLA_U64     governor strikes
 *       MEMGOV_POLICY_A_SHADOW_DECISIONS: NLA_U64  shadow mode: decisions made, not applied
 *       MEMGOV_POLICY_A_SHADOW_DIFFS: NLA_U64      of which differed from the kernel's
 *       MEMGOV_POLICY_A_SHADOW_LAST: NLA_NUL_STRING the last that differed, in words
 *       MEMGOV_POLICY_A_EXIT: NLA_NESTED     only once the policy has exited
 *         MEMGOV_EXIT_A_KIND: NLA_U32        enum memgov_exit_kind
 *         MEMGOV_EXIT_A_REASON: NLA_NUL_STRING   what the kernel side saw
 *         MEMGOV_EXIT_A_MSG: NLA_NUL_STRING  the policy's own message, if any
 *         MEMGOV_EXIT_A_TIME: NLA_U64        CLOCK_BOOTTIME ns
 *
 * MEMGOV_CMD_DETACH_POLICY (do, CAP_NET_ADMIN)
 *   request: exactly one of
 *     MEMGOV_A_POLICY_NAME: NLA_NUL_STRING   every attached policy of that name
 *     MEMGOV_A_ALL: NLA_FLAG                 every attached policy (kill switch)
 *   reply:
 *     MEMGOV_A_N_DETACHED: NLA_U32
 *
 * MEMGOV_CMD_GET_STATS (do)
 *   request: nothing
 *   reply:
 *     MEMGOV_A_STATS: NLA_NESTED             system-wide counters since the module loaded
 *       MEMGOV_STATS_A_*: NLA_U64            see enum memgov_stats_attr
 *
 * MEMGOV_CMD_GET_CONFIG (do)
 *   request:
 *     MEMGOV_A_CGROUP_ID: NLA_U64            optional: the limits as they apply to that cgroup
 *   reply:
 *     MEMGOV_A_CONFIG: NLA_NESTED            every governor limit
 *       MEMGOV_CFG_A_*: NLA_U64              see enum memgov_config_attr
 *
 * MEMGOV_CMD_SET_CONFIG (do, CAP_NET_ADMIN)
 *   request:
 *     MEMGOV_A_CONFIG: NLA_NESTED            the limits to change, each within its range
 *     MEMGOV_A_CGROUP_ID: NLA_U64            optional: change them for that cgroup only
 *   reply: as MEMGOV_CMD_GET_CONFIG, after the change
 *
 * Multicast group MEMGOV_MCGRP_EVENTS (sequence number 0):
 *   MEMGOV_CMD_POLICY_EXIT: a policy stopped governing (ejected, detached or unloaded);
 *     MEMGOV_A_POLICY as in MEMGOV_CMD_GET_POLICY, with its exit record
 *   MEMGOV_CMD_KILL_NOTICE: a policy picked an OOM victim; sent before the kernel kills it
 *   MEMGOV_CMD_KILL: the kernel's OOM killer killed the policy's victim
 *   MEMGOV_CMD_FALLBACK: policies were asked and the kernel's OOM killer decided instead
 *     MEMGOV_A_EVENT: NLA_NESTED
 *       MEMGOV_EVENT_A_POLICY_NAME: NLA_NUL_STRING   (not in FALLBACK)
 *       MEMGOV_EVENT_A_PID: NLA_U32          the victim's (not in FALLBACK)
 *       MEMGOV_EVENT_A_COMM: NLA_NUL_STRING  the victim's (not in FALLBACK)
 *       MEMGOV_EVENT_A_CGROUP_ID: NLA_U64    the OOMing cgroup (0: the whole system)
 *       MEMGOV_EVENT_A_REASON: NLA_NUL_STRING        the policy's reason, or why it fell back
 *       MEMGOV_EVENT_A_TIME: NLA_U64         CLOCK_BOOTTIME ns
 *   MEMGOV_CMD_CONFIG_CHANGED: an administrator changed limits
 *     MEMGOV_A_CGROUP_ID: NLA_U64            only when they were set for one cgroup
 *     MEMGOV_A_CONFIG: NLA_NESTED            the limits that changed, new values
 */
#ifndef _UAPI_LINUX_MEMGOV_H
#define _UAPI_LINUX_MEMGOV_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define MEMGOV_GENL_NAME	"memgov"
#define MEMGOV_GENL_VERSION	1

/* Longest policy name, terminating NUL included. */
#define MEMGOV_NAME_LEN		32
/* Longest exit reason or message, terminating NUL included. */
#define MEMGOV_MSG_LEN		128

/*
 * Ceiling of a charge delay a policy's memcg_charged() may ask for, in ms.  The kernel's
 * own memory.high penalty stops at 2 s (MEMCG_MAX_HIGH_DELAY_JIFFIES); so does memgov.
 */
#define MEMGOV_DELAY_MAX_MS	2000

/* bpf_memgov_memcg_limit(): which limit, in bytes (U64_MAX: none). */
enum memgov_limit {
	MEMGOV_LIMIT_MIN,
	MEMGOV_LIMIT_LOW,
	MEMGOV_LIMIT_HIGH,
	MEMGOV_LIMIT_MAX,
	MEMGOV_LIMIT_EMIN,	/* effective, as of the last reclaim that looked */
	MEMGOV_LIMIT_ELOW,
};

/* bpf_memgov_memcg_psi(): memory pressure of a cgroup. */
enum memgov_psi {
	MEMGOV_PSI_SOME_TOTAL_US,	/* cumulative stall time, some tasks */
	MEMGOV_PSI_FULL_TOTAL_US,	/* cumulative stall time, all tasks */
	MEMGOV_PSI_SOME_AVG10,		/* 10 s average, in hundredths of a percent */
	MEMGOV_PSI_FULL_AVG10,
};

/* bpf_memgov_memcg_events(): events counted in a cgroup since counting began. */
enum memgov_event_kind {
	MEMGOV_EVENT_PGFAULT,
	MEMGOV_EVENT_PGMAJFAULT,
	MEMGOV_EVENT_REFAULT,
};

enum memgov_policy_type {
	MEMGOV_POLICY_OOM = 1,		/* struct memgov_oom_ops */
	MEMGOV_POLICY_MEMCG = 2,	/* struct memgov_memcg_ops */
	__MEMGOV_POLICY_TYPE_MAX,
};

/* Data member `flags` of both struct_ops types. */
enum memgov_policy_flags {
	/* Descendant cgroups may attach a policy of their own that then governs them. */
	MEMGOV_F_ALLOW_OVERRIDE = 1U << 0,
	/* Decide and record, but do not apply. */
	MEMGOV_F_SHADOW = 1U << 1,
};
#define MEMGOV_F_ALL (MEMGOV_F_ALLOW_OVERRIDE | MEMGOV_F_SHADOW)

enum memgov_policy_state {
	MEMGOV_STATE_ATTACHED = 1,
	MEMGOV_STATE_EXITED = 2,
};

enum memgov_exit_kind {
	MEMGOV_EXIT_NONE = 0,
	MEMGOV_EXIT_UNLOADED,	/* the loader closed or detached its link */
	MEMGOV_EXIT_ADMIN,	/* memgovctl policy detach / kill switch */
	MEMGOV_EXIT_ERROR,	/* bpf_memgov_error(), or too many out-of-range values */
	MEMGOV_EXIT_WATCHDOG,	/* a callback or an armed deadline overran */
	MEMGOV_EXIT_THRASH,	/* thrash detector held while the policy was in force */
	MEMGOV_EXIT_STRIKES,	/* too many unresolved OOMs */
	MEMGOV_EXIT_CGROUP_REMOVED,	/* the cgroup it governed was removed */
	__MEMGOV_EXIT_MAX,
};

enum memgov_cmd {
	MEMGOV_CMD_UNSPEC,
	MEMGOV_CMD_GET_STATUS,
	MEMGOV_CMD_GET_POLICY,
	MEMGOV_CMD_DETACH_POLICY,
	MEMGOV_CMD_GET_CONFIG,
	MEMGOV_CMD_SET_CONFIG,
	MEMGOV_CMD_POLICY_EXIT,		/* event */
	MEMGOV_CMD_GET_STATS,
	MEMGOV_CMD_KILL_NOTICE,		/* event */
	MEMGOV_CMD_KILL,		/* event */
	MEMGOV_CMD_FALLBACK,		/* event */
	MEMGOV_CMD_CONFIG_CHANGED,	/* event */
	__MEMGOV_CMD_MAX,
};
#define MEMGOV_CMD_MAX (__MEMGOV_CMD_MAX - 1)

enum memgov_attr {
	MEMGOV_A_UNSPEC,
	MEMGOV_A_PAD,
	MEMGOV_A_VERSION,
	MEMGOV_A_KERNEL,
	MEMGOV_A_N_ATTACHED,
	MEMGOV_A_N_EJECTED,
	MEMGOV_A_POLICY,
	MEMGOV_A_LINK_ID,
	MEMGOV_A_POLICY_NAME,
	MEMGOV_A_ALL,
	MEMGOV_A_N_DETACHED,
	MEMGOV_A_CONFIG,
	MEMGOV_A_CGROUP_ID,
	MEMGOV_A_STATS,
	MEMGOV_A_EVENT,
	__MEMGOV_A_MAX,
};
#define MEMGOV_A_MAX (__MEMGOV_A_MAX - 1)

enum memgov_policy_attr {
	MEMGOV_POLICY_A_UNSPEC,
	MEMGOV_POLICY_A_PAD,
	MEMGOV_POLICY_A_NAME,
	MEMGOV_POLICY_A_TYPE,
	MEMGOV_POLICY_A_CGROUP_ID,
	MEMGOV_POLICY_A_FLAGS,
	MEMGOV_POLICY_A_LINK_ID,
	MEMGOV_POLICY_A_STATE,
	MEMGOV_POLICY_A_ATTACH_TIME,
	MEMGOV_POLICY_A_EXIT,
	MEMGOV_POLICY_A_CALLS,
	MEMGOV_POLICY_A_APPLIED,
	MEMGOV_POLICY_A_KILLS,
	MEMGOV_POLICY_A_CLAMPED,
	MEMGOV_POLICY_A_STRIKES,
	MEMGOV_POLICY_A_SHADOW_DECISIONS,
	MEMGOV_POLICY_A_SHADOW_DIFFS,
	MEMGOV_POLICY_A_SHADOW_LAST,
	__MEMGOV_POLICY_A_MAX,
};
#define MEMGOV_POLICY_A_MAX (__MEMGOV_POLICY_A_MAX - 1)

enum memgov_exit_attr {
	MEMGOV_EXIT_A_UNSPEC,
	MEMGOV_EXIT_A_PAD,
	MEMGOV_EXIT_A_KIND,
	MEMGOV_EXIT_A_REASON,
	MEMGOV_EXIT_A_MSG,
	MEMGOV_EXIT_A_TIME,
	__MEMGOV_EXIT_A_MAX,
};
#define MEMGOV_EXIT_A_MAX (__MEMGOV_EXIT_A_MAX - 1)

enum memgov_event_attr {
	MEMGOV_EVENT_A_UNSPEC,
	MEMGOV_EVENT_A_PAD,
	MEMGOV_EVENT_A_POLICY_NAME,
	MEMGOV_EVENT_A_PID,
	MEMGOV_EVENT_A_COMM,
	MEMGOV_EVENT_A_CGROUP_ID,
	MEMGOV_EVENT_A_REASON,
	MEMGOV_EVENT_A_TIME,
	__MEMGOV_EVENT_A_MAX,
};
#define MEMGOV_EVENT_A_MAX (__MEMGOV_EVENT_A_MAX - 1)

/* System-wide counters, all NLA_U64 inside MEMGOV_A_STATS, counted since the module loaded. */
enum memgov_stats_attr {
	MEMGOV_STATS_A_UNSPEC,
	MEMGOV_STATS_A_PAD,
	MEMGOV_STATS_A_ATTACHES,	/* policies attached */
	MEMGOV_STATS_A_ATTACH_REFUSED,	/* attaches refused (hierarchy, kill switch) */
	MEMGOV_STATS_A_EXIT_UNLOADED,	/* policies that left: one counter per exit kind */
	MEMGOV_STATS_A_EXIT_ADMIN,
	MEMGOV_STATS_A_EXIT_ERROR,
	MEMGOV_STATS_A_EXIT_WATCHDOG,
	MEMGOV_STATS_A_EXIT_THRASH,
	MEMGOV_STATS_A_EXIT_STRIKES,
	MEMGOV_STATS_A_CALLBACKS,	/* policy callbacks run */
	MEMGOV_STATS_A_OOMS,		/* OOMs seen while an OOM policy was attached */
	MEMGOV_STATS_A_OOM_POLICY_KILLS,	/* of which a policy's victim was killed */
	MEMGOV_STATS_A_OOM_FALLBACKS,	/* of which policies were asked, the kernel decided */
	MEMGOV_STATS_A_STRIKES,		/* governor strikes */
	MEMGOV_STATS_A_CLAMPS,		/* policy values bounded */
	MEMGOV_STATS_A_DELAYS,		/* charge delays served */
	MEMGOV_STATS_A_DELAY_MS,	/* their total, ms */
	MEMGOV_STATS_A_PROTECTIONS,	/* protections applied */
	MEMGOV_STATS_A_CONFIG_CHANGES,	/* successful MEMGOV_CMD_SET_CONFIG */
	MEMGOV_STATS_A_EVENTS_SENT,	/* multicast events sent */
	MEMGOV_STATS_A_EVENTS_DROPPED,	/* events not sent: no memory (e.g. during an OOM) */
	MEMGOV_STATS_A_EXIT_CGROUP_REMOVED,	/* policies whose cgroup was removed */
	MEMGOV_STATS_A_HOOK_INSTALLS,	/* hooks installed (kernel functions probed) */
	__MEMGOV_STATS_A_MAX,
};
#define MEMGOV_STATS_A_MAX (__MEMGOV_STATS_A_MAX - 1)

#define MEMGOV_MCGRP_EVENTS	"events"

/*
 * Governor limits, all NLA_U64 inside MEMGOV_A_CONFIG.  Ranges are checked by the kernel;
 * memgovctl names them by the lower-case suffix (MEMGOV_CFG_A_STRIKES_MAX: strikes_max).
 */
enum memgov_config_attr {
	MEMGOV_CFG_A_UNSPEC,
	MEMGOV_CFG_A_PAD,
	MEMGOV_CFG_A_STRIKES_MAX,	/* 1..1000: strikes before ejection */
	MEMGOV_CFG_A_KILL_DEADLINE_MS,	/* 100..600000: victim's memory must be back by then */
	MEMGOV_CFG_A_KILL_MIN_KIB,	/* 0..2^30: a kill freeing less is a strike */
	MEMGOV_CFG_A_OOM_CEILING_US,	/* 0..10^7 (0: off): longest OOM callback */
	MEMGOV_CFG_A_OOM_BUDGET_US,	/* 0..10^7 (0: off): OOM callback time per window */
	MEMGOV_CFG_A_MEMCG_CEILING_US,	/* 0..10^7 (0: off): longest memcg callback */
	MEMGOV_CFG_A_MEMCG_BUDGET_US,	/* 0..10^7 (0: off): memcg callback time per window */
	MEMGOV_CFG_A_CLAMPS_MAX,	/* 0..10^6 (0: off): clamped values per window */
	MEMGOV_CFG_A_PSI_SOME_PCT,	/* 0..100 (0: off) */
	MEMGOV_CFG_A_PSI_FULL_PCT,	/* 0..100 (0: off) */
	MEMGOV_CFG_A_REFAULT_PER_SEC,	/* 0..2^40 (0: off) */
	MEMGOV_CFG_A_REFAULT_LRU_PCT,	/* 0..100000 (0: off) */
	MEMGOV_CFG_A_THRASH_SUSTAIN_MS,	/* 100..600000 */
	MEMGOV_CFG_A_IN_FORCE_MS,	/* 100..600000 */
	MEMGOV_CFG_A_REFUSE_ATTACH,	/* 0..1: kill switch for new policies */
	MEMGOV_CFG_A_DELAY_BUDGET_MS,	/* 0..10^7 (0: off): charge delay imposed per window */
	__MEMGOV_CFG_A_MAX,
};
#define MEMGOV_CFG_A_MAX (__MEMGOV_CFG_A_MAX - 1)

#endif /* _UAPI_LINUX_MEMGOV_H */

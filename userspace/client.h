/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memgov's userspace view of the "memgov" generic-netlink family: one context, plain structs
 * for replies.  Shared by memgovctl and the policy loaders.
 */
#ifndef _MEMGOV_CLIENT_H
#define _MEMGOV_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/memgov.h>

struct mg_nl;

struct mg_status {
	char version[64];
	char kernel[128];
	uint32_t n_attached;
	uint32_t n_ejected;
	/* bit per attribute present */
	bool has_version, has_kernel, has_n_attached, has_n_ejected;
};

struct mg_exit {
	uint32_t kind;
	char reason[MEMGOV_MSG_LEN];
	char msg[MEMGOV_MSG_LEN];
	uint64_t time_ns;
};

struct mg_policy {
	char name[MEMGOV_NAME_LEN];
	uint32_t type;
	uint64_t cgroup_id;
	uint32_t flags;
	uint32_t link_id;
	uint32_t state;
	uint64_t attach_time_ns;
	bool has_exit;
	struct mg_exit exit;
	bool has_counters;
	uint64_t calls, applied, kills, clamped, strikes;
	uint64_t slowest_ns;	/* the longest callback the governor measured */
	bool has_shadow;	/* shadow mode: decisions recorded, not applied */
	uint64_t shadow_decisions, shadow_diffs;
	char shadow_last[MEMGOV_MSG_LEN];
};

/*
 * Errors: negative errno.  The kernel's extack text, if any, is in mg_nl_errmsg(); what
 * its extended ack said about the offending attribute (name, allowed range) is in
 * mg_nl_errdetail().
 */
int mg_nl_open(struct mg_nl **out);
void mg_nl_close(struct mg_nl *nl);
const char *mg_nl_errmsg(const struct mg_nl *nl);
const char *mg_nl_errdetail(const struct mg_nl *nl);

int mg_nl_status(struct mg_nl *nl, struct mg_status *st);
/* Calls @cb for each policy, attached ones first, then recent exits. */
int mg_nl_policy_dump(struct mg_nl *nl, int (*cb)(const struct mg_policy *p, void *arg),
		      void *arg);
int mg_nl_policy_get(struct mg_nl *nl, uint32_t link_id, struct mg_policy *p);
/* @name NULL = all. */
int mg_nl_policy_detach(struct mg_nl *nl, const char *name, uint32_t *ndetached);

/* Governor limits, indexed by MEMGOV_CFG_A_*; has[] says which the kernel sent. */
struct mg_config {
	uint64_t v[MEMGOV_CFG_A_MAX + 1];
	bool has[MEMGOV_CFG_A_MAX + 1];
};

/* The memgovctl name of each limit (lower-case MEMGOV_CFG_A_ suffix), NULL for none. */
extern const char *const mg_config_names[MEMGOV_CFG_A_MAX + 1];
int mg_config_attr(const char *name);

/* @cgroup_id 0: the global limits; else those that apply to that cgroup. */
int mg_nl_config_get(struct mg_nl *nl, uint64_t cgroup_id, struct mg_config *c);
/* System-wide counters, indexed by MEMGOV_STATS_A_*. */
struct mg_stats {
	uint64_t v[MEMGOV_STATS_A_MAX + 1];
	bool has[MEMGOV_STATS_A_MAX + 1];
};
extern const char *const mg_stats_names[MEMGOV_STATS_A_MAX + 1];
int mg_nl_stats(struct mg_nl *nl, struct mg_stats *s);

/* One message of the events group. */
struct mg_event {
	uint8_t cmd;			/* MEMGOV_CMD_POLICY_EXIT, _KILL_NOTICE, ... */
	struct mg_policy policy;	/* POLICY_EXIT */
	/* KILL_NOTICE, KILL, FALLBACK */
	char policy_name[MEMGOV_NAME_LEN];
	uint32_t pid;
	char comm[32];
	uint64_t cgroup_id;		/* also CONFIG_CHANGED (0: global) */
	char reason[MEMGOV_MSG_LEN];
	uint64_t time_ns;
	struct mg_config config;	/* CONFIG_CHANGED: the keys that changed */
};
const char *mg_event_str(uint8_t cmd);
/* Loop over events until @cb returns non-zero or an error.  A receive-buffer overrun is
 * reported through @lost (events the kernel could not queue for us) and the loop goes on. */
int mg_nl_monitor(struct mg_nl *nl, int (*cb)(const struct mg_event *e, void *arg),
		  void (*lost)(void *arg), void *arg);
/* Sets the limits marked in @set->has; on success @set holds the kernel's new config. */
int mg_nl_config_set(struct mg_nl *nl, uint64_t cgroup_id, struct mg_config *set);

const char *mg_exit_kind_str(uint32_t kind);
const char *mg_policy_type_str(uint32_t type);
const char *mg_policy_state_str(uint32_t state);

#endif

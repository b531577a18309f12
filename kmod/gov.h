/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/gov.c: the governor's kernel side: verdicts on policies, ejection, the tick.
 */
#ifndef _MEMGOV_KMOD_GOV_H
#define _MEMGOV_KMOD_GOV_H

#include <linux/types.h>

struct cgroup;
struct memgov_policy;
struct task_struct;

int memgov_gov_init(void);
void memgov_gov_exit(void);
int memgov_gov_policy_init(struct memgov_policy *p);
void memgov_gov_start(void);
void memgov_gov_watchdog_arm(struct memgov_policy *p, u64 period_ns);
bool memgov_gov_watchdog_pet(struct memgov_policy *p);
void memgov_gov_watchdog_disarm(struct memgov_policy *p);
void memgov_gov_called(struct memgov_policy *p, u64 ns, u32 weight);
void memgov_gov_strike(struct memgov_policy *p, const char *what);
void memgov_gov_clamped(struct memgov_policy *p, const char *what);
void memgov_gov_delayed(struct memgov_policy *p, u64 ms);
void memgov_gov_shadow(struct memgov_policy *p, bool differs, const char *what);
void memgov_gov_eject(struct memgov_policy *p, u32 kind, const char *why, const char *msg);
void memgov_gov_kill(struct memgov_policy *p, struct task_struct *victim, u64 rss,
		     u64 oom_cgroup_id);
bool memgov_gov_waiting(struct memgov_policy *p, u64 oom_cgroup_id);
void memgov_gov_oom_victim(pid_t pid_nr, u64 oom_cgroup_id);
bool memgov_gov_oom_victim_exiting(u64 oom_cgroup_id, pid_t *pid_nr);
bool memgov_gov_oom_protection(struct cgroup *oom_cgrp, u64 oom_cgroup_id);
bool memgov_gov_refuse_attach(void);

#endif /* _MEMGOV_KMOD_GOV_H */

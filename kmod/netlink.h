/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/netlink.c: the "memgov" generic netlink family, and the events it multicasts.
 */
#ifndef _MEMGOV_KMOD_NETLINK_H
#define _MEMGOV_KMOD_NETLINK_H

#include <linux/types.h>

struct memgov_policy;
struct sk_buff;
struct task_struct;

int memgov_netlink_init(void);
void memgov_netlink_exit(void);
/* Events for the multicast group; any context (the OOM ones run under oom_lock). */
void memgov_netlink_notify_kill(u8 cmd, const char *policy, struct task_struct *victim,
				u64 oom_cgroup_id, const char *reason);
void memgov_netlink_notify_fallback(u64 oom_cgroup_id, const char *why);
struct sk_buff *memgov_netlink_exit_alloc(void);
struct sk_buff *memgov_netlink_exit_fill(struct sk_buff *msg, const struct memgov_policy *p);
void memgov_netlink_exit_send(struct sk_buff *msg);
void memgov_netlink_notify_config(u64 cgroup_id, const u64 *vals, unsigned long mask);

#endif /* _MEMGOV_KMOD_NETLINK_H */

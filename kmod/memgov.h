/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memgov.ko internals shared between the kernel-glue files.
 */
#ifndef _MEMGOV_KMOD_H
#define _MEMGOV_KMOD_H

#include <linux/list.h>
#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include <memgov/ops.h>

struct bpf_link;
struct cgroup;
struct sk_buff;

/* What happened to a policy when it stopped governing. */
struct memgov_exit {
	u32 kind;			/* enum memgov_exit_kind */
	u64 time;			/* CLOCK_BOOTTIME ns */
	char reason[MEMGOV_MSG_LEN];	/* what the kernel side saw */
	char msg[MEMGOV_MSG_LEN];	/* the policy's own message */
};

/*
 * One attached policy.  Lives on the active list from reg() to unreg(), then on a short
 * history list so that the loader and memgovctl can read why it exited.
 */
struct memgov_policy {
	struct list_head node;
	u32 type;			/* enum memgov_policy_type */
	void *kdata;			/* struct memgov_{oom,memcg}_ops in the struct_ops map */
	struct bpf_link *link;		/* valid while on the active list */
	u32 link_id;			/* copied from the link at unreg(); see memgov_policy_link_id() */
	u64 cgroup_id;
	struct cgroup *cgrp;		/* NULL: whole system; referenced while attached */
	u32 flags;
	char name[MEMGOV_NAME_LEN];
	u64 attach_time;
	unsigned long hooks;		/* BIT(enum memgov_hook) this policy needs */
	struct rcu_head rcu;
	/* Counters the hooks update without a lock. */
	atomic64_t calls;		/* callbacks invoked */
	atomic64_t applied;		/* decisions that changed the kernel's outcome */
	atomic64_t kills;		/* victims killed through bpf_memgov_oom_kill() */
	atomic64_t clamped;		/* returned values the module had to bound */
	u32 state;			/* enum memgov_policy_state */
	atomic_t eject_claimed;		/* first ejector wins; its record is kept */
	struct memgov_exit exit;
};

int memgov_policy_init(void);
void memgov_policy_exit(void);

int memgov_policy_attach(u32 type, void *kdata, struct bpf_link *link, const char *name,
			 struct cgroup *cgrp, u32 flags, unsigned long hooks);
struct memgov_policy *memgov_policy_at(u32 type, const struct cgroup *cgrp);
struct memgov_policy *memgov_policy_governing(u32 type, struct cgroup *cgrp);
bool memgov_policy_any(u32 type);
unsigned long memgov_policy_detached(u32 type, void *kdata);

int memgov_policy_detach_name(const char *name, u32 *ndetached);
int memgov_policy_detach_all(u32 kind, const char *reason, u32 *ndetached);
int memgov_policy_eject_async(struct memgov_policy *p, u32 kind, const char *reason,
			      const char *msg);

u32 memgov_policy_link_id(const struct memgov_policy *p);
void memgov_policy_counts(u32 *nattached, u32 *nejected);
/* Fill one netlink message per policy starting at *pos; returns the skb length or -errno. */
int memgov_policy_dump(struct sk_buff *skb, unsigned long *pos,
		       int (*fill)(struct sk_buff *skb, const struct memgov_policy *p, void *arg),
		       void *arg);
int memgov_policy_get_link(u32 link_id,
			   int (*fill)(struct sk_buff *skb, const struct memgov_policy *p, void *arg),
			   struct sk_buff *skb, void *arg);

int memgov_struct_ops_init(void);
void memgov_struct_ops_exit(void);

int memgov_kfuncs_init(void);

int memgov_netlink_init(void);
void memgov_netlink_exit(void);

const char *memgov_exit_kind_str(u32 kind);

#endif /* _MEMGOV_KMOD_H */

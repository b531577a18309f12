// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "memgov": the administrator's interface.  Its spec,
 * Documentation/netlink/specs/memgov.yaml, describes every command and attribute; the
 * policies, the ops table and the UAPI header are generated from it (scripts/netlink-gen.sh,
 * into netlink_gen.c/.h); this file holds the family and the handlers.
 */
#include <linux/cgroup.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "policy.h"
#include "config.h"
#include "stats.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "notify.h"

#ifndef MEMGOV_VERSION
#define MEMGOV_VERSION "unknown"
#endif

static struct genl_family memgov_genl_family;

/*
 * The family struct and its multicast groups are written here, not generated: 6.12's
 * ynl-gen-c.py writes neither for a genetlink-legacy family (it would not know netnsok is
 * false, nor the groups' flags).  Events name victims (pid, command) and carry policies'
 * messages: administrators only (the spec's "flags: [ admin-perm ]", checked by
 * tests/spec/check_spec.py).
 */
static const struct genl_multicast_group memgov_mcgrps[] = {
	[MEMGOV_NLGRP_EVENTS] = { .name = MEMGOV_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static void *put_header(struct sk_buff *skb, struct genl_info *info, u32 portid, u32 seq,
			int flags, u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &memgov_genl_family, flags, cmd);
}

/*
 * Commands that take no attribute (the spec's "pre" hooks of get-status, get-stats and the
 * get-policy dump) refuse any, pointing at the first: the generated table gives them no
 * policy, and 6.12's genetlink core would then not look at the request's attributes at all.
 */
static int refuse_attrs(const struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	if (!nlmsg_attrlen(nlh, GENL_HDRLEN))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, nlmsg_attrdata(nlh, GENL_HDRLEN), "the command takes no attribute");
	return -EINVAL;
}

int memgov_nl_pre_doit_no_attrs(const struct genl_split_ops *ops, struct sk_buff *skb,
				struct genl_info *info)
{
	return refuse_attrs(info->nlhdr, info->extack);
}

int memgov_nl_start_no_attrs(struct netlink_callback *cb)
{
	return refuse_attrs(cb->nlh, cb->extack);
}

int memgov_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	u32 na, ne;
	void *hdr;

	memgov_policy_counts(&na, &ne);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = put_header(msg, info, info->snd_portid, info->snd_seq, 0, MEMGOV_CMD_GET_STATUS);
	if (!hdr)
		goto nospace;
	if (nla_put_string(msg, MEMGOV_A_VERSION, MEMGOV_VERSION) ||
	    nla_put_string(msg, MEMGOV_A_KERNEL, init_utsname()->release) ||
	    nla_put_u32(msg, MEMGOV_A_N_ATTACHED, na) ||
	    nla_put_u32(msg, MEMGOV_A_N_EJECTED, ne))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int memgov_nl_get_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	unsigned int s;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = put_header(msg, info, info->snd_portid, info->snd_seq, 0, MEMGOV_CMD_GET_STATS);
	if (!hdr)
		goto nospace;
	nest = nla_nest_start(msg, MEMGOV_A_STATS);
	if (!nest)
		goto nospace;
	for (s = MEMGOV_STATS_A_ATTACHES; s <= MEMGOV_STATS_A_MAX; s++)
		if (nla_put_u64_64bit(msg, s, memgov_stat_read(s), MEMGOV_STATS_A_PAD))
			goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int put_exit(struct sk_buff *skb, const struct memgov_exit *e)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, MEMGOV_POLICY_A_EXIT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, MEMGOV_EXIT_A_KIND, e->kind) ||
	    nla_put_string(skb, MEMGOV_EXIT_A_REASON, e->reason) ||
	    (e->msg[0] && nla_put_string(skb, MEMGOV_EXIT_A_MSG, e->msg)) ||
	    nla_put_u64_64bit(skb, MEMGOV_EXIT_A_TIME, e->time, MEMGOV_EXIT_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

struct fill_arg {
	u32 portid;
	u32 seq;
	int flags;
	u8 cmd;		/* 0: MEMGOV_CMD_GET_POLICY */
	bool unprivileged;	/* the reader lacks CAP_NET_ADMIN: no pids or commands */
	struct netlink_callback *cb;	/* a dump: mark a part cut by a change (DUMP_INTR) */
	const u32 *gen;
};

/* One message carrying one MEMGOV_A_POLICY nest. */
static int fill_policy(struct sk_buff *skb, const struct memgov_policy *p, void *arg)
{
	const struct fill_arg *fa = arg;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, fa->portid, fa->seq, &memgov_genl_family, fa->flags,
			  fa->cmd ?: MEMGOV_CMD_GET_POLICY);
	if (!hdr)
		return -EMSGSIZE;
	if (fa->cb) {
		/* Policies came or went since the last part: say so (NLM_F_DUMP_INTR). */
		fa->cb->seq = *fa->gen;
		genl_dump_check_consistent(fa->cb, hdr);
	}
	nest = nla_nest_start(skb, MEMGOV_A_POLICY);
	if (!nest)
		goto cancel;
	if (nla_put_string(skb, MEMGOV_POLICY_A_NAME, p->name) ||
	    nla_put_u32(skb, MEMGOV_POLICY_A_TYPE, p->type) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_CGROUP_ID, p->cgroup_id, MEMGOV_POLICY_A_PAD) ||
	    nla_put_u32(skb, MEMGOV_POLICY_A_FLAGS, p->flags) ||
	    nla_put_u32(skb, MEMGOV_POLICY_A_LINK_ID, memgov_policy_link_id(p)) ||
	    nla_put_u32(skb, MEMGOV_POLICY_A_STATE, p->state) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_ATTACH_TIME, p->attach_time,
			      MEMGOV_POLICY_A_PAD) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_CALLS, atomic64_read(&p->calls),
			      MEMGOV_POLICY_A_PAD) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_APPLIED, atomic64_read(&p->applied),
			      MEMGOV_POLICY_A_PAD) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_KILLS, atomic64_read(&p->kills),
			      MEMGOV_POLICY_A_PAD) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_CLAMPED, atomic64_read(&p->clamped),
			      MEMGOV_POLICY_A_PAD) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_STRIKES, atomic64_read(&p->strikes),
			      MEMGOV_POLICY_A_PAD) ||
	    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_SLOWEST_NS, READ_ONCE(p->slowest_ns),
			      MEMGOV_POLICY_A_PAD))
		goto cancel;
	if (p->flags & MEMGOV_F_SHADOW) {
		char last[MEMGOV_MSG_LEN];
		unsigned long flags;

		spin_lock_irqsave((spinlock_t *)&p->judge_lock, flags);
		strscpy(last, p->shadow_last, sizeof(last));
		spin_unlock_irqrestore((spinlock_t *)&p->judge_lock, flags);
		if (nla_put_u64_64bit(skb, MEMGOV_POLICY_A_SHADOW_DECISIONS,
				      atomic64_read(&p->shadow_decisions), MEMGOV_POLICY_A_PAD) ||
		    nla_put_u64_64bit(skb, MEMGOV_POLICY_A_SHADOW_DIFFS,
				      atomic64_read(&p->shadow_diffs), MEMGOV_POLICY_A_PAD) ||
		    (last[0] && !fa->unprivileged &&
		     nla_put_string(skb, MEMGOV_POLICY_A_SHADOW_LAST, last)))
			goto cancel;
	}
	if (p->state == MEMGOV_STATE_EXITED && put_exit(skb, &p->exit))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int memgov_nl_get_policy_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fill_arg fa = {
		.portid = NETLINK_CB(cb->skb).portid,
		.seq = cb->nlh->nlmsg_seq,
		.flags = NLM_F_MULTI,
		/* The shadow record names other users' processes. */
		.unprivileged = !netlink_capable(cb->skb, CAP_NET_ADMIN),
		.cb = cb,
	};
	u32 gen;

	fa.gen = &gen;
	return memgov_policy_dump(skb, &cb->args[0], fill_policy, &fa, &gen);
}

int memgov_nl_get_policy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fill_arg fa = { .portid = info->snd_portid, .seq = info->snd_seq,
			       .unprivileged = !netlink_capable(skb, CAP_NET_ADMIN) };
	struct sk_buff *msg;
	u32 link_id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MEMGOV_A_LINK_ID)) {
		NL_SET_ERR_MSG(info->extack, "missing MEMGOV_A_LINK_ID (u32, 1..4294967295)");
		return -EINVAL;
	}
	link_id = nla_get_u32(info->attrs[MEMGOV_A_LINK_ID]);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = memgov_policy_get_link(link_id, fill_policy, msg, &fa);
	if (err) {
		nlmsg_free(msg);
		if (err == -ENOENT)
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, info->attrs[MEMGOV_A_LINK_ID],
						"no policy with link id %u", link_id);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int memgov_nl_detach_policy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[MEMGOV_A_POLICY_NAME];
	bool all = nla_get_flag(info->attrs[MEMGOV_A_ALL]);
	struct sk_buff *msg;
	u32 n = 0;
	void *hdr;
	int err;

	if (!!name == all) {
		NL_SET_ERR_MSG(info->extack,
			       "give exactly one of a policy name (MEMGOV_A_POLICY_NAME) or all (MEMGOV_A_ALL)");
		return -EINVAL;
	}
	if (all) {
		err = memgov_policy_detach_all(MEMGOV_EXIT_ADMIN,
					       "detached by an administrator (all)", &n);
	} else {
		if (!nla_len(name) || !*(char *)nla_data(name)) {
			NL_SET_ERR_MSG_ATTR(info->extack, name, "empty policy name");
			return -EINVAL;
		}
		err = memgov_policy_detach_name(nla_data(name), &n);
		if (!err && !n) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, name, "no attached policy named '%s'",
						(char *)nla_data(name));
			err = -ENOENT;
		}
	}
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = put_header(msg, info, info->snd_portid, info->snd_seq, 0,
			 MEMGOV_CMD_DETACH_POLICY);
	if (!hdr || nla_put_u32(msg, MEMGOV_A_N_DETACHED, n)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int put_config(struct sk_buff *skb, u64 cgroup_id)
{
	struct nlattr *nest;
	unsigned int a;

	if (cgroup_id && nla_put_u64_64bit(skb, MEMGOV_A_CGROUP_ID, cgroup_id, MEMGOV_A_PAD))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MEMGOV_A_CONFIG);
	if (!nest)
		return -EMSGSIZE;
	for (a = MEMGOV_CFG_A_STRIKES_MAX; a <= MEMGOV_CFG_A_MAX; a++)
		if (nla_put_u64_64bit(skb, a, memgov_cfg_get_for(cgroup_id, a), MEMGOV_CFG_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* MEMGOV_A_CGROUP_ID, if given, must name a live cgroup; the root means global (0). */
static int config_cgroup(struct genl_info *info, u64 *idp)
{
	struct nlattr *a = info->attrs[MEMGOV_A_CGROUP_ID];
	struct cgroup *cgrp;

	*idp = 0;
	if (!a)
		return 0;
	cgrp = cgroup_get_from_id(nla_get_u64(a));
	if (IS_ERR(cgrp)) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, a, "no cgroup with id %llu",
					nla_get_u64(a));
		return -ENOENT;
	}
	if (cgroup_parent(cgrp))
		*idp = cgroup_id(cgrp);
	cgroup_put(cgrp);
	return 0;
}

static int reply_config(struct genl_info *info, u8 cmd, u64 cgroup_id)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = put_header(msg, info, info->snd_portid, info->snd_seq, 0, cmd);
	if (!hdr || put_config(msg, cgroup_id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int memgov_nl_get_config_doit(struct sk_buff *skb, struct genl_info *info)
{
	u64 cgroup_id;
	int err = config_cgroup(info, &cgroup_id);

	return err ?: reply_config(info, MEMGOV_CMD_GET_CONFIG, cgroup_id);
}

/* Send @msg to the events group; counts what could not be sent. */
static void notify(struct sk_buff *msg, gfp_t gfp)
{
	int err = genlmsg_multicast(&memgov_genl_family, msg, 0, MEMGOV_NLGRP_EVENTS, gfp);

	/* -ESRCH: every listener left meanwhile; nobody missed anything. */
	memgov_stat_inc(err && err != -ESRCH ? MEMGOV_STATS_A_EVENTS_DROPPED :
					       MEMGOV_STATS_A_EVENTS_SENT);
}

static void notify_config(u64 cgroup_id, const u64 *vals, unsigned long mask)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	unsigned int a;
	void *hdr;

	if (!genl_has_listeners(&memgov_genl_family, &init_net, MEMGOV_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto dropped;
	hdr = genlmsg_put(msg, 0, 0, &memgov_genl_family, 0, MEMGOV_CMD_CONFIG_CHANGED);
	if (!hdr)
		goto free;
	if (cgroup_id && nla_put_u64_64bit(msg, MEMGOV_A_CGROUP_ID, cgroup_id, MEMGOV_A_PAD))
		goto free;
	nest = nla_nest_start(msg, MEMGOV_A_CONFIG);
	if (!nest)
		goto free;
	for_each_set_bit(a, &mask, MEMGOV_CFG_A_MAX + 1)
		if (nla_put_u64_64bit(msg, a, vals[a], MEMGOV_CFG_A_PAD))
			goto free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	notify(msg, GFP_KERNEL);
	return;
free:
	nlmsg_free(msg);
dropped:
	memgov_stat_inc(MEMGOV_STATS_A_EVENTS_DROPPED);
}

/*
 * An OOM event.  These are sent from inside out_of_memory(), in atomic context, when memory
 * may be short: GFP_ATOMIC, and a message that could not be allocated is counted as dropped.
 */
static void notify_oom(u8 cmd, const char *policy, struct task_struct *victim,
		       u64 oom_cgroup_id, const char *reason)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	if (!genl_has_listeners(&memgov_genl_family, &init_net, MEMGOV_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC | __GFP_NOWARN);
	if (!msg)
		goto dropped;
	hdr = genlmsg_put(msg, 0, 0, &memgov_genl_family, 0, cmd);
	if (!hdr)
		goto free;
	nest = nla_nest_start(msg, MEMGOV_A_EVENT);
	if (!nest)
		goto free;
	if ((policy && nla_put_string(msg, MEMGOV_EVENT_A_POLICY_NAME, policy)) ||
	    (victim && (nla_put_u32(msg, MEMGOV_EVENT_A_PID, task_pid_nr(victim)) ||
			nla_put_string(msg, MEMGOV_EVENT_A_COMM, victim->comm))) ||
	    nla_put_u64_64bit(msg, MEMGOV_EVENT_A_CGROUP_ID, oom_cgroup_id, MEMGOV_EVENT_A_PAD) ||
	    (reason && reason[0] && nla_put_string(msg, MEMGOV_EVENT_A_REASON, reason)) ||
	    nla_put_u64_64bit(msg, MEMGOV_EVENT_A_TIME, ktime_get_boottime_ns(),
			      MEMGOV_EVENT_A_PAD))
		goto free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	notify(msg, GFP_ATOMIC | __GFP_NOWARN);
	return;
free:
	nlmsg_free(msg);
dropped:
	memgov_stat_inc(MEMGOV_STATS_A_EVENTS_DROPPED);
}

int memgov_nl_set_config_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MEMGOV_CFG_A_MAX + 1];
	u64 vals[MEMGOV_CFG_A_MAX + 1] = {}, cgroup_id;
	unsigned long mask = 0;
	unsigned int a;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MEMGOV_A_CONFIG)) {
		NL_SET_ERR_MSG(info->extack,
			       "missing MEMGOV_A_CONFIG (nest of the limits to set)");
		return -EINVAL;
	}
	/* Validated against memgov_config_nl_policy (ranges) when the request was parsed. */
	err = nla_parse_nested(tb, MEMGOV_CFG_A_MAX, info->attrs[MEMGOV_A_CONFIG], memgov_config_nl_policy,
			       info->extack);
	if (err)
		return err;
	err = config_cgroup(info, &cgroup_id);
	if (err)
		return err;
	for (a = MEMGOV_CFG_A_STRIKES_MAX; a <= MEMGOV_CFG_A_MAX; a++) {
		if (!tb[a])
			continue;
		vals[a] = nla_get_u64(tb[a]);
		mask |= BIT(a);
	}
	if (!mask) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MEMGOV_A_CONFIG],
				    "no limit to set in MEMGOV_A_CONFIG");
		return -EINVAL;
	}
	/* All or nothing: every value was checked before any is set. */
	err = memgov_cfg_set_many(cgroup_id, vals, mask);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG_FMT(info->extack, "at most %u cgroups can have their own limits",
				   MEMGOV_CG_CFG_MAX);
	if (err)
		return err;
	for_each_set_bit(a, &mask, MEMGOV_CFG_A_MAX + 1)
		pr_info("config%s%.0llu: %s = %llu\n", cgroup_id ? " of cgroup " : "", cgroup_id,
			memgov_cfg_keys[a].name, vals[a]);
	memgov_stat_inc(MEMGOV_STATS_A_CONFIG_CHANGES);
	notify_config(cgroup_id, vals, mask);
	return reply_config(info, MEMGOV_CMD_SET_CONFIG, cgroup_id);
}

/* A policy stopped governing: its record is final, and the registry keeps it alive meanwhile. */
static void notify_exit(const struct memgov_policy *p)
{
	struct fill_arg fa = { .cmd = MEMGOV_CMD_POLICY_EXIT };
	struct sk_buff *msg;

	if (!genl_has_listeners(&memgov_genl_family, &init_net, MEMGOV_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto dropped;
	if (fill_policy(msg, p, &fa) < 0) {
		nlmsg_free(msg);
		goto dropped;
	}
	notify(msg, GFP_KERNEL);
	return;
dropped:
	memgov_stat_inc(MEMGOV_STATS_A_EVENTS_DROPPED);
}

/* The events group is memgov's one notification sink (kmod/notify.c). */
static void netlink_sink(const struct memgov_note *n)
{
	switch (n->kind) {
	case MEMGOV_NOTE_POLICY_EXIT:
		notify_exit(n->policy);
		break;
	case MEMGOV_NOTE_KILL_NOTICE:
	case MEMGOV_NOTE_KILL:
	case MEMGOV_NOTE_FALLBACK:
		notify_oom(n->kind == MEMGOV_NOTE_KILL_NOTICE ? MEMGOV_CMD_KILL_NOTICE :
			   n->kind == MEMGOV_NOTE_KILL ? MEMGOV_CMD_KILL : MEMGOV_CMD_FALLBACK,
			   n->oom.policy, n->oom.victim, n->oom.oom_cgroup_id, n->oom.reason);
		break;
	case MEMGOV_NOTE_CONFIG:
		notify_config(n->config.cgroup_id, n->config.vals, n->config.mask);
		break;
	}
}

static struct genl_family memgov_genl_family __ro_after_init = {
	.name = MEMGOV_GENL_NAME,
	.version = MEMGOV_GENL_VERSION,
	.netnsok = false,
	.module = THIS_MODULE,
	.split_ops = memgov_nl_ops,
	.n_split_ops = ARRAY_SIZE(memgov_nl_ops),
	.mcgrps = memgov_mcgrps,
	.n_mcgrps = ARRAY_SIZE(memgov_mcgrps),
	.resv_start_op = MEMGOV_CMD_DETACH_POLICY + 1,
};

int memgov_netlink_init(void)
{
	int err = genl_register_family(&memgov_genl_family);

	if (!err)
		memgov_notify_set_sink(netlink_sink);
	return err;
}

void memgov_netlink_exit(void)
{
	memgov_notify_set_sink(NULL);
	genl_unregister_family(&memgov_genl_family);
}

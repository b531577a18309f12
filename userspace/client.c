// SPDX-License-Identifier: GPL-2.0
/*
 * libnl-3 genl client for the "memgov" family.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "client.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

struct mg_nl {
	struct nl_sock *sk;
	int family;
	int err;		/* errno from the last NLMSG_ERROR, negative */
	char errmsg[256];	/* its extack text */
};

static const char *const exit_kinds[] = {
	[MEMGOV_EXIT_NONE] = "none",
	[MEMGOV_EXIT_UNLOADED] = "unloaded",
	[MEMGOV_EXIT_ADMIN] = "admin",
	[MEMGOV_EXIT_ERROR] = "error",
	[MEMGOV_EXIT_WATCHDOG] = "watchdog",
	[MEMGOV_EXIT_THRASH] = "thrash",
	[MEMGOV_EXIT_STRIKES] = "strikes",
};

const char *mg_exit_kind_str(uint32_t kind)
{
	if (kind >= sizeof(exit_kinds) / sizeof(exit_kinds[0]) || !exit_kinds[kind])
		return "unknown";
	return exit_kinds[kind];
}

const char *mg_policy_type_str(uint32_t type)
{
	switch (type) {
	case MEMGOV_POLICY_OOM:
		return "oom";
	case MEMGOV_POLICY_MEMCG:
		return "memcg";
	default:
		return "unknown";
	}
}

const char *mg_policy_state_str(uint32_t state)
{
	switch (state) {
	case MEMGOV_STATE_ATTACHED:
		return "attached";
	case MEMGOV_STATE_EXITED:
		return "exited";
	default:
		return "unknown";
	}
}

const char *mg_nl_errmsg(const struct mg_nl *nl)
{
	return nl->errmsg;
}

/* Keep the errno and the extack message of an NLMSG_ERROR (NETLINK_CAP_ACK is set). */
static int error_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct mg_nl *nl = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(*e);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	(void)who;
	nl->err = e->error;
	nl->errmsg[0] = '\0';
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0 &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)(e + 1), len, NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

int mg_nl_open(struct mg_nl **out)
{
	struct mg_nl *nl;
	int one = 1;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		free(nl);
		return -ENOMEM;
	}
	if (genl_connect(nl->sk)) {
		nl_socket_free(nl->sk);
		free(nl);
		return -ECONNREFUSED;
	}
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, MEMGOV_GENL_NAME);
	if (nl->family < 0) {
		nl_socket_free(nl->sk);
		free(nl);
		return -ENOENT;	/* module not loaded */
	}
	*out = nl;
	return 0;
}

void mg_nl_close(struct mg_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	*(int *)arg = 1;
	return NL_STOP;
}

/* Send @msg (consumed) and run @valid on each reply until the ack, the dump's end or an error. */
static int transact(struct mg_nl *nl, struct nl_msg *msg, nl_recvmsg_msg_cb_t valid, void *arg)
{
	struct nl_cb *cb;
	int done = 0, err;

	nl->err = 0;
	nl->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	if (valid)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, finish_cb, &done);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &done);
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, nl);
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (!done && !nl->err) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0)
			break;
	}
	nl_cb_put(cb);
	if (nl->err)
		return nl->err;
	if (err < 0)
		return -EIO;
	return 0;
}

static struct nl_msg *new_msg(struct mg_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags, cmd,
			 MEMGOV_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void copy_str(char *dst, size_t len, struct nlattr *a)
{
	snprintf(dst, len, "%.*s", nla_len(a), (char *)nla_data(a));
}

static int status_cb(struct nl_msg *msg, void *arg)
{
	struct mg_status *st = arg;
	struct nlattr *tb[MEMGOV_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEMGOV_A_MAX, NULL))
		return NL_SKIP;
	if (tb[MEMGOV_A_VERSION]) {
		copy_str(st->version, sizeof(st->version), tb[MEMGOV_A_VERSION]);
		st->has_version = true;
	}
	if (tb[MEMGOV_A_KERNEL]) {
		copy_str(st->kernel, sizeof(st->kernel), tb[MEMGOV_A_KERNEL]);
		st->has_kernel = true;
	}
	if (tb[MEMGOV_A_N_ATTACHED]) {
		st->n_attached = nla_get_u32(tb[MEMGOV_A_N_ATTACHED]);
		st->has_n_attached = true;
	}
	if (tb[MEMGOV_A_N_EJECTED]) {
		st->n_ejected = nla_get_u32(tb[MEMGOV_A_N_EJECTED]);
		st->has_n_ejected = true;
	}
	return NL_OK;
}

int mg_nl_status(struct mg_nl *nl, struct mg_status *st)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_GET_STATUS, 0);

	memset(st, 0, sizeof(*st));
	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, status_cb, st);
}

static int parse_policy(struct nl_msg *msg, struct mg_policy *p)
{
	struct nlattr *tb[MEMGOV_A_MAX + 1];
	struct nlattr *pt[MEMGOV_POLICY_A_MAX + 1];
	struct nlattr *et[MEMGOV_EXIT_A_MAX + 1];

	memset(p, 0, sizeof(*p));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEMGOV_A_MAX, NULL) || !tb[MEMGOV_A_POLICY])
		return -EINVAL;
	if (nla_parse_nested(pt, MEMGOV_POLICY_A_MAX, tb[MEMGOV_A_POLICY], NULL))
		return -EINVAL;
	if (pt[MEMGOV_POLICY_A_NAME])
		copy_str(p->name, sizeof(p->name), pt[MEMGOV_POLICY_A_NAME]);
	if (pt[MEMGOV_POLICY_A_TYPE])
		p->type = nla_get_u32(pt[MEMGOV_POLICY_A_TYPE]);
	if (pt[MEMGOV_POLICY_A_CGROUP_ID])
		p->cgroup_id = nla_get_u64(pt[MEMGOV_POLICY_A_CGROUP_ID]);
	if (pt[MEMGOV_POLICY_A_FLAGS])
		p->flags = nla_get_u32(pt[MEMGOV_POLICY_A_FLAGS]);
	if (pt[MEMGOV_POLICY_A_LINK_ID])
		p->link_id = nla_get_u32(pt[MEMGOV_POLICY_A_LINK_ID]);
	if (pt[MEMGOV_POLICY_A_STATE])
		p->state = nla_get_u32(pt[MEMGOV_POLICY_A_STATE]);
	if (pt[MEMGOV_POLICY_A_ATTACH_TIME])
		p->attach_time_ns = nla_get_u64(pt[MEMGOV_POLICY_A_ATTACH_TIME]);
	if (pt[MEMGOV_POLICY_A_CALLS]) {
		p->has_counters = true;
		p->calls = nla_get_u64(pt[MEMGOV_POLICY_A_CALLS]);
		if (pt[MEMGOV_POLICY_A_APPLIED])
			p->applied = nla_get_u64(pt[MEMGOV_POLICY_A_APPLIED]);
		if (pt[MEMGOV_POLICY_A_KILLS])
			p->kills = nla_get_u64(pt[MEMGOV_POLICY_A_KILLS]);
		if (pt[MEMGOV_POLICY_A_CLAMPED])
			p->clamped = nla_get_u64(pt[MEMGOV_POLICY_A_CLAMPED]);
		if (pt[MEMGOV_POLICY_A_STRIKES])
			p->strikes = nla_get_u64(pt[MEMGOV_POLICY_A_STRIKES]);
	}
	if (pt[MEMGOV_POLICY_A_SHADOW_DECISIONS]) {
		p->has_shadow = true;
		p->shadow_decisions = nla_get_u64(pt[MEMGOV_POLICY_A_SHADOW_DECISIONS]);
		if (pt[MEMGOV_POLICY_A_SHADOW_DIFFS])
			p->shadow_diffs = nla_get_u64(pt[MEMGOV_POLICY_A_SHADOW_DIFFS]);
		if (pt[MEMGOV_POLICY_A_SHADOW_LAST])
			copy_str(p->shadow_last, sizeof(p->shadow_last),
				 pt[MEMGOV_POLICY_A_SHADOW_LAST]);
	}
	if (pt[MEMGOV_POLICY_A_EXIT] &&
	    !nla_parse_nested(et, MEMGOV_EXIT_A_MAX, pt[MEMGOV_POLICY_A_EXIT], NULL)) {
		p->has_exit = true;
		if (et[MEMGOV_EXIT_A_KIND])
			p->exit.kind = nla_get_u32(et[MEMGOV_EXIT_A_KIND]);
		if (et[MEMGOV_EXIT_A_REASON])
			copy_str(p->exit.reason, sizeof(p->exit.reason), et[MEMGOV_EXIT_A_REASON]);
		if (et[MEMGOV_EXIT_A_MSG])
			copy_str(p->exit.msg, sizeof(p->exit.msg), et[MEMGOV_EXIT_A_MSG]);
		if (et[MEMGOV_EXIT_A_TIME])
			p->exit.time_ns = nla_get_u64(et[MEMGOV_EXIT_A_TIME]);
	}
	return 0;
}

struct dump_arg {
	int (*cb)(const struct mg_policy *p, void *arg);
	void *arg;
	int ret;
};

static int dump_cb(struct nl_msg *msg, void *arg)
{
	struct dump_arg *da = arg;
	struct mg_policy p;

	if (parse_policy(msg, &p))
		return NL_SKIP;
	if (!da->ret)
		da->ret = da->cb(&p, da->arg);
	return NL_OK;
}

int mg_nl_policy_dump(struct mg_nl *nl, int (*cb)(const struct mg_policy *p, void *arg),
		      void *arg)
{
	struct dump_arg da = { .cb = cb, .arg = arg };
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_GET_POLICY, NLM_F_DUMP);
	int err;

	if (!msg)
		return -ENOMEM;
	err = transact(nl, msg, dump_cb, &da);
	return err ? err : da.ret;
}

static int get_cb(struct nl_msg *msg, void *arg)
{
	return parse_policy(msg, arg) ? NL_SKIP : NL_OK;
}

int mg_nl_policy_get(struct mg_nl *nl, uint32_t link_id, struct mg_policy *p)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_GET_POLICY, 0);

	memset(p, 0, sizeof(*p));
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MEMGOV_A_LINK_ID, link_id)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return transact(nl, msg, get_cb, p);
}

static int detach_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MEMGOV_A_MAX + 1];

	if (!genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEMGOV_A_MAX, NULL) &&
	    tb[MEMGOV_A_N_DETACHED])
		*(uint32_t *)arg = nla_get_u32(tb[MEMGOV_A_N_DETACHED]);
	return NL_OK;
}

int mg_nl_policy_detach(struct mg_nl *nl, const char *name, uint32_t *ndetached)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_DETACH_POLICY, 0);
	int err;

	*ndetached = 0;
	if (!msg)
		return -ENOMEM;
	err = name ? nla_put_string(msg, MEMGOV_A_POLICY_NAME, name) :
		     nla_put_flag(msg, MEMGOV_A_ALL);
	if (err) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return transact(nl, msg, detach_cb, ndetached);
}

const char *const mg_config_names[MEMGOV_CFG_A_MAX + 1] = {
	[MEMGOV_CFG_A_STRIKES_MAX] = "strikes_max",
	[MEMGOV_CFG_A_KILL_DEADLINE_MS] = "kill_deadline_ms",
	[MEMGOV_CFG_A_KILL_MIN_KIB] = "kill_min_kib",
	[MEMGOV_CFG_A_OOM_CEILING_US] = "oom_ceiling_us",
	[MEMGOV_CFG_A_OOM_BUDGET_US] = "oom_budget_us",
	[MEMGOV_CFG_A_MEMCG_CEILING_US] = "memcg_ceiling_us",
	[MEMGOV_CFG_A_MEMCG_BUDGET_US] = "memcg_budget_us",
	[MEMGOV_CFG_A_CLAMPS_MAX] = "clamps_max",
	[MEMGOV_CFG_A_PSI_SOME_PCT] = "psi_some_pct",
	[MEMGOV_CFG_A_PSI_FULL_PCT] = "psi_full_pct",
	[MEMGOV_CFG_A_REFAULT_PER_SEC] = "refault_per_sec",
	[MEMGOV_CFG_A_REFAULT_LRU_PCT] = "refault_lru_pct",
	[MEMGOV_CFG_A_THRASH_SUSTAIN_MS] = "thrash_sustain_ms",
	[MEMGOV_CFG_A_IN_FORCE_MS] = "in_force_ms",
	[MEMGOV_CFG_A_REFUSE_ATTACH] = "refuse_attach",
};

int mg_config_attr(const char *name)
{
	int a;

	for (a = 0; a <= MEMGOV_CFG_A_MAX; a++)
		if (mg_config_names[a] && !strcmp(mg_config_names[a], name))
			return a;
	return -1;
}

static int config_cb(struct nl_msg *msg, void *arg)
{
	struct mg_config *c = arg;
	struct nlattr *tb[MEMGOV_A_MAX + 1];
	struct nlattr *ct[MEMGOV_CFG_A_MAX + 1];
	int a;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEMGOV_A_MAX, NULL) || !tb[MEMGOV_A_CONFIG] ||
	    nla_parse_nested(ct, MEMGOV_CFG_A_MAX, tb[MEMGOV_A_CONFIG], NULL))
		return NL_SKIP;
	for (a = 0; a <= MEMGOV_CFG_A_MAX; a++) {
		if (!ct[a] || !mg_config_names[a] || nla_len(ct[a]) != sizeof(uint64_t))
			continue;
		c->v[a] = nla_get_u64(ct[a]);
		c->has[a] = true;
	}
	return NL_OK;
}

int mg_nl_config_get(struct mg_nl *nl, struct mg_config *c)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_GET_CONFIG, 0);

	memset(c, 0, sizeof(*c));
	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, config_cb, c);
}

int mg_nl_config_set(struct mg_nl *nl, struct mg_config *set)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_SET_CONFIG, 0);
	struct nlattr *nest;
	int a;

	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, MEMGOV_A_CONFIG);
	if (!nest)
		goto nomem;
	for (a = 0; a <= MEMGOV_CFG_A_MAX; a++)
		if (set->has[a] && nla_put_u64(msg, a, set->v[a]))
			goto nomem;
	nla_nest_end(msg, nest);
	memset(set, 0, sizeof(*set));
	return transact(nl, msg, config_cb, set);
nomem:
	nlmsg_free(msg);
	return -ENOMEM;
}

struct monitor_arg {
	int (*cb)(const struct mg_policy *p, void *arg);
	void *arg;
	int stop;
};

static int monitor_cb(struct nl_msg *msg, void *arg)
{
	struct monitor_arg *m = arg;
	struct mg_policy p;

	if (genlmsg_hdr(nlmsg_hdr(msg))->cmd != MEMGOV_CMD_POLICY_EXIT)
		return NL_SKIP;
	if (parse_policy(msg, &p))
		return NL_SKIP;
	m->stop = m->cb(&p, m->arg);
	return m->stop ? NL_STOP : NL_OK;
}

/* Events are unsolicited: they carry sequence number 0. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int mg_nl_monitor(struct mg_nl *nl, int (*cb)(const struct mg_policy *p, void *arg), void *arg)
{
	struct monitor_arg m = { .cb = cb, .arg = arg };
	struct nl_cb *ncb;
	int grp, err = 0;

	grp = genl_ctrl_resolve_grp(nl->sk, MEMGOV_GENL_NAME, MEMGOV_MCGRP_EVENTS);
	if (grp < 0)
		return -ENOENT;
	err = nl_socket_add_membership(nl->sk, grp);
	if (err) {
		snprintf(nl->errmsg, sizeof(nl->errmsg), "cannot join the events group: %s",
			 nl_geterror(err));
		return -EIO;
	}
	nl_socket_disable_seq_check(nl->sk);
	ncb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!ncb)
		return -ENOMEM;
	nl_cb_set(ncb, NL_CB_VALID, NL_CB_CUSTOM, monitor_cb, &m);
	nl_cb_set(ncb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	while (!m.stop) {
		err = nl_recvmsgs(nl->sk, ncb);
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			snprintf(nl->errmsg, sizeof(nl->errmsg), "receiving events: %s",
				 nl_geterror(err));
			break;
		}
		err = 0;
	}
	nl_cb_put(ncb);
	return err < 0 ? -EIO : 0;
}

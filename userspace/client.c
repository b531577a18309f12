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
#include <memgov/limits.h>
#include <memgov/names.h>
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
	char errdetail[256];	/* the attribute it points at, and that attribute's policy */
	void *req;		/* the last request, to find the attribute an ack points at */
	size_t reqlen;
};

static const char *const top_attr_names[MEMGOV_A_MAX + 1] = {
	[MEMGOV_A_VERSION] = "MEMGOV_A_VERSION",
	[MEMGOV_A_KERNEL] = "MEMGOV_A_KERNEL",
	[MEMGOV_A_N_ATTACHED] = "MEMGOV_A_N_ATTACHED",
	[MEMGOV_A_N_EJECTED] = "MEMGOV_A_N_EJECTED",
	[MEMGOV_A_POLICY] = "MEMGOV_A_POLICY",
	[MEMGOV_A_LINK_ID] = "MEMGOV_A_LINK_ID",
	[MEMGOV_A_POLICY_NAME] = "MEMGOV_A_POLICY_NAME",
	[MEMGOV_A_ALL] = "MEMGOV_A_ALL",
	[MEMGOV_A_N_DETACHED] = "MEMGOV_A_N_DETACHED",
	[MEMGOV_A_CONFIG] = "MEMGOV_A_CONFIG",
	[MEMGOV_A_CGROUP_ID] = "MEMGOV_A_CGROUP_ID",
	[MEMGOV_A_STATS] = "MEMGOV_A_STATS",
	[MEMGOV_A_EVENT] = "MEMGOV_A_EVENT",
};

static const char *const exit_kinds[__MEMGOV_EXIT_MAX] = MEMGOV_EXIT_KIND_NAMES;

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
	case MEMGOV_POLICY_PSI:
		return "psi";
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

const char *mg_nl_errdetail(const struct mg_nl *nl)
{
	return nl->errdetail;
}

static void attr_name(char *buf, size_t len, bool in_config, unsigned int type)
{
	if (in_config && type <= MEMGOV_CFG_A_MAX && mg_config_names[type])
		snprintf(buf, len, "%s", mg_config_names[type]);
	else if (in_config)
		snprintf(buf, len, "config attribute %u", type);
	else if (type <= MEMGOV_A_MAX && top_attr_names[type])
		snprintf(buf, len, "%s", top_attr_names[type]);
	else
		snprintf(buf, len, "attribute %u", type);
}

/* The attribute of the last request that starts at byte @off, named. */
static bool name_at(const struct mg_nl *nl, uint32_t off, char *buf, size_t len)
{
	size_t pos = NLMSG_HDRLEN + GENL_HDRLEN;
	const char *req = nl->req;

	while (req && pos + NLA_HDRLEN <= nl->reqlen) {
		const struct nlattr *a = (const struct nlattr *)(req + pos);
		unsigned int type = a->nla_type & NLA_TYPE_MASK;
		size_t alen = a->nla_len;

		if (alen < NLA_HDRLEN || pos + alen > nl->reqlen)
			break;
		if (off == pos) {
			attr_name(buf, len, false, type);
			return true;
		}
		if (type == MEMGOV_A_CONFIG && off > pos && off < pos + alen) {
			size_t in = pos + NLA_HDRLEN;

			while (in + NLA_HDRLEN <= pos + alen) {
				const struct nlattr *c = (const struct nlattr *)(req + in);

				if (c->nla_len < NLA_HDRLEN)
					break;
				if (off == in) {
					attr_name(buf, len, true, c->nla_type & NLA_TYPE_MASK);
					return true;
				}
				in += NLA_ALIGN(c->nla_len);
			}
		}
		pos += NLA_ALIGN(alen);
	}
	return false;
}

static const char *nl_type_str(uint32_t t)
{
	switch (t) {
	case NL_ATTR_TYPE_FLAG: return "flag";
	case NL_ATTR_TYPE_U8: return "u8";
	case NL_ATTR_TYPE_U16: return "u16";
	case NL_ATTR_TYPE_U32: return "u32";
	case NL_ATTR_TYPE_U64: return "u64";
	case NL_ATTR_TYPE_S64: return "s64";
	case NL_ATTR_TYPE_STRING: return "string";
	case NL_ATTR_TYPE_NUL_STRING: return "NUL-terminated string";
	case NL_ATTR_TYPE_NESTED: return "nest";
	default: return "attribute";
	}
}

/* NLMSGERR_ATTR_POLICY: what the attribute should have been. */
static void policy_str(struct nlattr *pol, char *buf, size_t len)
{
	struct nlattr *pt[NL_POLICY_TYPE_ATTR_MAX + 1];
	uint32_t type;
	int n;

	buf[0] = '\0';
	if (nla_parse_nested(pt, NL_POLICY_TYPE_ATTR_MAX, pol, NULL) ||
	    !pt[NL_POLICY_TYPE_ATTR_TYPE])
		return;
	type = nla_get_u32(pt[NL_POLICY_TYPE_ATTR_TYPE]);
	n = snprintf(buf, len, "%s", nl_type_str(type));
	if (pt[NL_POLICY_TYPE_ATTR_MIN_VALUE_U] && pt[NL_POLICY_TYPE_ATTR_MAX_VALUE_U])
		snprintf(buf + n, len - n, " in %llu..%llu",
			 (unsigned long long)nla_get_u64(pt[NL_POLICY_TYPE_ATTR_MIN_VALUE_U]),
			 (unsigned long long)nla_get_u64(pt[NL_POLICY_TYPE_ATTR_MAX_VALUE_U]));
	else if (pt[NL_POLICY_TYPE_ATTR_MAX_LENGTH])
		snprintf(buf + n, len - n, " of at most %u bytes",
			 nla_get_u32(pt[NL_POLICY_TYPE_ATTR_MAX_LENGTH]));
}

/* Keep the errno and the extended ack of an NLMSG_ERROR (NETLINK_CAP_ACK is set). */
static int error_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct mg_nl *nl = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(*e);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	char name[96] = "", pol[96] = "";

	(void)who;
	nl->err = e->error;
	nl->errmsg[0] = '\0';
	nl->errdetail[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0 ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)(e + 1), len, NULL))
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		attr_name(name, sizeof(name), !!tb[NLMSGERR_ATTR_MISS_NEST],
			  nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
		snprintf(nl->errdetail, sizeof(nl->errdetail), "missing %s", name);
		return NL_STOP;
	}
	if (tb[NLMSGERR_ATTR_OFFS] && !name_at(nl, nla_get_u32(tb[NLMSGERR_ATTR_OFFS]), name,
					       sizeof(name)))
		snprintf(name, sizeof(name), "the attribute at byte %u",
			 nla_get_u32(tb[NLMSGERR_ATTR_OFFS]));
	if (tb[NLMSGERR_ATTR_POLICY])
		policy_str(tb[NLMSGERR_ATTR_POLICY], pol, sizeof(pol));
	if (name[0] && pol[0])
		snprintf(nl->errdetail, sizeof(nl->errdetail), "%s must be a %s", name, pol);
	else if (name[0])
		snprintf(nl->errdetail, sizeof(nl->errdetail), "at %s", name);
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
	free(nl->req);
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
	nl->errdetail[0] = '\0';
	free(nl->req);
	nl->reqlen = nlmsg_hdr(msg)->nlmsg_len;
	nl->req = malloc(nl->reqlen);
	if (nl->req)
		memcpy(nl->req, nlmsg_hdr(msg), nl->reqlen);
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
	if (err == -NLE_DUMP_INTR) {
		/* The kernel set NLM_F_DUMP_INTR: policies came or went between two parts. */
		snprintf(nl->errmsg, sizeof(nl->errmsg),
			 "the policies changed while they were listed; run it again");
		return -EAGAIN;
	}
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
		if (pt[MEMGOV_POLICY_A_SLOWEST_NS])
			p->slowest_ns = nla_get_u64(pt[MEMGOV_POLICY_A_SLOWEST_NS]);
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

#define CONFIG_NAME(attr, name, width, lo, hi, def, doc) [MEMGOV_CFG_A_##attr] = #name,
const char *const mg_config_names[MEMGOV_CFG_A_MAX + 1] = {
	MEMGOV_LIMITS(CONFIG_NAME)
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

int mg_nl_config_get(struct mg_nl *nl, uint64_t cgroup_id, struct mg_config *c)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_GET_CONFIG, 0);

	memset(c, 0, sizeof(*c));
	if (!msg)
		return -ENOMEM;
	if (cgroup_id && nla_put_u64(msg, MEMGOV_A_CGROUP_ID, cgroup_id)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return transact(nl, msg, config_cb, c);
}

int mg_nl_config_set(struct mg_nl *nl, uint64_t cgroup_id, struct mg_config *set)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_SET_CONFIG, 0);
	struct nlattr *nest;
	int a;

	if (!msg)
		return -ENOMEM;
	if (cgroup_id && nla_put_u64(msg, MEMGOV_A_CGROUP_ID, cgroup_id))
		goto nomem;
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

const char *const mg_stats_names[MEMGOV_STATS_A_MAX + 1] = {
	[MEMGOV_STATS_A_ATTACHES] = "attaches",
	[MEMGOV_STATS_A_ATTACH_REFUSED] = "attach_refused",
	[MEMGOV_STATS_A_EXIT_UNLOADED] = "exit_unloaded",
	[MEMGOV_STATS_A_EXIT_ADMIN] = "exit_admin",
	[MEMGOV_STATS_A_EXIT_ERROR] = "exit_error",
	[MEMGOV_STATS_A_EXIT_WATCHDOG] = "exit_watchdog",
	[MEMGOV_STATS_A_EXIT_THRASH] = "exit_thrash",
	[MEMGOV_STATS_A_EXIT_STRIKES] = "exit_strikes",
	[MEMGOV_STATS_A_CALLBACKS] = "callbacks",
	[MEMGOV_STATS_A_OOMS] = "ooms",
	[MEMGOV_STATS_A_OOM_POLICY_KILLS] = "oom_policy_kills",
	[MEMGOV_STATS_A_OOM_FALLBACKS] = "oom_fallbacks",
	[MEMGOV_STATS_A_STRIKES] = "strikes",
	[MEMGOV_STATS_A_CLAMPS] = "clamps",
	[MEMGOV_STATS_A_DELAYS] = "delays",
	[MEMGOV_STATS_A_DELAY_MS] = "delay_ms",
	[MEMGOV_STATS_A_PROTECTIONS] = "protections",
	[MEMGOV_STATS_A_CONFIG_CHANGES] = "config_changes",
	[MEMGOV_STATS_A_EVENTS_SENT] = "events_sent",
	[MEMGOV_STATS_A_EVENTS_DROPPED] = "events_dropped",
	[MEMGOV_STATS_A_EXIT_CGROUP_REMOVED] = "exit_cgroup_removed",
	[MEMGOV_STATS_A_HOOK_INSTALLS] = "hook_installs",
};

static int stats_cb(struct nl_msg *msg, void *arg)
{
	struct mg_stats *st = arg;
	struct nlattr *tb[MEMGOV_A_MAX + 1];
	struct nlattr *sa[MEMGOV_STATS_A_MAX + 1];
	int a;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEMGOV_A_MAX, NULL) || !tb[MEMGOV_A_STATS] ||
	    nla_parse_nested(sa, MEMGOV_STATS_A_MAX, tb[MEMGOV_A_STATS], NULL))
		return NL_SKIP;
	for (a = 0; a <= MEMGOV_STATS_A_MAX; a++) {
		if (!sa[a] || !mg_stats_names[a] || nla_len(sa[a]) != sizeof(uint64_t))
			continue;
		st->v[a] = nla_get_u64(sa[a]);
		st->has[a] = true;
	}
	return NL_OK;
}

int mg_nl_stats(struct mg_nl *nl, struct mg_stats *st)
{
	struct nl_msg *msg = new_msg(nl, MEMGOV_CMD_GET_STATS, 0);

	memset(st, 0, sizeof(*st));
	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, stats_cb, st);
}

const char *mg_event_str(uint8_t cmd)
{
	switch (cmd) {
	case MEMGOV_CMD_POLICY_EXIT:
		return "exit";
	case MEMGOV_CMD_KILL_NOTICE:
		return "kill-notice";
	case MEMGOV_CMD_KILL:
		return "kill";
	case MEMGOV_CMD_FALLBACK:
		return "fallback";
	case MEMGOV_CMD_CONFIG_CHANGED:
		return "config";
	default:
		return "unknown";
	}
}

static int parse_event(struct nl_msg *msg, struct mg_event *e)
{
	struct nlattr *tb[MEMGOV_A_MAX + 1];
	struct nlattr *ea[MEMGOV_EVENT_A_MAX + 1];

	memset(e, 0, sizeof(*e));
	e->cmd = genlmsg_hdr(nlmsg_hdr(msg))->cmd;
	switch (e->cmd) {
	case MEMGOV_CMD_POLICY_EXIT:
		return parse_policy(msg, &e->policy);
	case MEMGOV_CMD_CONFIG_CHANGED:
		if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEMGOV_A_MAX, NULL))
			return -EINVAL;
		if (tb[MEMGOV_A_CGROUP_ID])
			e->cgroup_id = nla_get_u64(tb[MEMGOV_A_CGROUP_ID]);
		return config_cb(msg, &e->config) == NL_OK ? 0 : -EINVAL;
	case MEMGOV_CMD_KILL_NOTICE:
	case MEMGOV_CMD_KILL:
	case MEMGOV_CMD_FALLBACK:
		if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MEMGOV_A_MAX, NULL) ||
		    !tb[MEMGOV_A_EVENT] ||
		    nla_parse_nested(ea, MEMGOV_EVENT_A_MAX, tb[MEMGOV_A_EVENT], NULL))
			return -EINVAL;
		if (ea[MEMGOV_EVENT_A_POLICY_NAME])
			copy_str(e->policy_name, sizeof(e->policy_name),
				 ea[MEMGOV_EVENT_A_POLICY_NAME]);
		if (ea[MEMGOV_EVENT_A_PID])
			e->pid = nla_get_u32(ea[MEMGOV_EVENT_A_PID]);
		if (ea[MEMGOV_EVENT_A_COMM])
			copy_str(e->comm, sizeof(e->comm), ea[MEMGOV_EVENT_A_COMM]);
		if (ea[MEMGOV_EVENT_A_CGROUP_ID])
			e->cgroup_id = nla_get_u64(ea[MEMGOV_EVENT_A_CGROUP_ID]);
		if (ea[MEMGOV_EVENT_A_REASON])
			copy_str(e->reason, sizeof(e->reason), ea[MEMGOV_EVENT_A_REASON]);
		if (ea[MEMGOV_EVENT_A_TIME])
			e->time_ns = nla_get_u64(ea[MEMGOV_EVENT_A_TIME]);
		return 0;
	default:
		return -ENOENT;	/* from a newer module: skip */
	}
}

struct monitor_arg {
	int (*cb)(const struct mg_event *e, void *arg);
	void *arg;
	int stop;
};

static int monitor_cb(struct nl_msg *msg, void *arg)
{
	struct monitor_arg *m = arg;
	struct mg_event e;

	if (parse_event(msg, &e))
		return NL_SKIP;
	m->stop = m->cb(&e, m->arg);
	return m->stop ? NL_STOP : NL_OK;
}

/* Events are unsolicited: they carry sequence number 0. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int mg_nl_monitor(struct mg_nl *nl, int (*cb)(const struct mg_event *e, void *arg),
		  void (*lost)(void *arg), void *arg)
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
		if (err == -NLE_NOMEM && lost) {
			/* ENOBUFS: the socket's receive buffer overran; say so, go on. */
			lost(arg);
			continue;
		}
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

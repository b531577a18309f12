// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: talk raw generic netlink to the memgov family, to test what memgovctl never sends.
 *
 *   nlprobe [-u UID] [-d] CMD [ATTR...]    one request; prints what the kernel answered:
 *       "errno=N msg=TEXT offs_type=T offs_nest=T policy=TYPE:MIN..MAX miss_type=T" or
 *       "errno=0 replies=N"; exit status 0 when the kernel accepted the request.
 *     CMD: a number or status|get-policy|detach|get-config|set-config|stats
 *     ATTR: u8:T=V u16:T=V u32:T=V u64:T=V str:T=S (NUL added) raw:T=S (no NUL) flag:T
 *           bin:T=HEX  nest:T ... end   (T: attribute type number)
 *     -d: NLM_F_DUMP; -u UID: drop to that user (and its group) before opening the socket
 *     -p MS: pause MS milliseconds between sending a dump request and reading it, for a dump
 *         that a change cuts: the kernel makes the first part when the request arrives and
 *         each next one when the part before is read.  Reads with a 4 KiB buffer, so that
 *         the parts are of one page; prints "parts=N dump_intr=0|1" too (N: parts with
 *         replies).
 *
 *   nlprobe [-u UID] fuzz N SEED [CGROUP_ID...]
 *       N random and mutated requests.  Every answer must be an ack or an error for that very
 *       request.  A model of the governor's config follows each SET_CONFIG the kernel
 *       accepted; at the end the kernel's config (global, and for each cgroup given or
 *       written) must equal the model.  Prints "fuzz: sent N accepted N refused N
 *       eperm N config_writes N" and a per-errno count; exit 0 when all checks held.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <grp.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/memgov.h>

#define BUF 16384

static int sock = -1;
static uint16_t family;
static uint32_t seq = 1;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

struct msg {
	unsigned char b[BUF];
	size_t len;
	size_t nest[8];		/* open nests */
	int depth;
};

static void put_hdr(struct msg *m, uint16_t type, uint16_t flags, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->b;
	struct genlmsghdr *g = (struct genlmsghdr *)(m->b + NLMSG_HDRLEN);

	memset(m, 0, sizeof(*m));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static void put_attr(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->b + m->len);

	if (m->len + NLA_HDRLEN + NLA_ALIGN(len) > BUF)
		return;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(m->b + m->len + NLA_HDRLEN, data, len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
}

static void nest_start(struct msg *m, uint16_t type)
{
	if (m->depth >= 8)
		return;
	m->nest[m->depth++] = m->len;
	put_attr(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m)
{
	struct nlattr *a;

	if (!m->depth)
		return;
	a = (struct nlattr *)(m->b + m->nest[--m->depth]);
	a->nla_len = m->len - m->nest[m->depth];
}

static void finish(struct msg *m)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->b;

	while (m->depth)
		nest_end(m);
	nlh->nlmsg_len = m->len;
	nlh->nlmsg_seq = seq++;
}

static int open_sock(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0)
		die("socket");
	if (bind(sock, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind");
	setsockopt(sock, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(sock, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

static void send_msg(const struct msg *m)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(sock, m->b, m->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("sendto");
}

/* What the kernel answered one request. */
struct answer {
	int err;		/* 0, or negative errno from NLMSG_ERROR */
	int replies;		/* non-error messages for this request */
	bool ack_wanted;	/* the request had NLM_F_ACK: wait for the ack after a reply */
	bool done;
	char msg[256];
	uint32_t offs;
	bool has_offs;
	uint32_t miss_type;
	bool has_miss;
	char policy[96];
	unsigned char reply[BUF];	/* the first reply */
	size_t reply_len;
	int parts;		/* datagrams read that carried replies (not only NLMSG_DONE) */
	bool intr;		/* a message carried NLM_F_DUMP_INTR */
};

static int dump_pause_ms;

static void parse_ack_tlvs(struct answer *an, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const unsigned char *p = (const unsigned char *)(e + 1);
	int left = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	while (left >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		const unsigned char *d = p + NLA_HDRLEN;
		int dl = a->nla_len - NLA_HDRLEN;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > left)
			break;
		switch (a->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			snprintf(an->msg, sizeof(an->msg), "%.*s", dl, (const char *)d);
			break;
		case NLMSGERR_ATTR_OFFS:
			memcpy(&an->offs, d, 4);
			an->has_offs = true;
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			memcpy(&an->miss_type, d, 4);
			an->has_miss = true;
			break;
		case NLMSGERR_ATTR_POLICY: {
			const unsigned char *q = d;
			int ql = dl;
			uint32_t type = 0;
			uint64_t min = 0, max = 0, v;
			bool hmin = false, hmax = false;
			uint32_t maxlen = 0;

			while (ql >= NLA_HDRLEN) {
				const struct nlattr *b = (const struct nlattr *)q;

				if (b->nla_len < NLA_HDRLEN || b->nla_len > ql)
					break;
				v = 0;
				memcpy(&v, q + NLA_HDRLEN,
				       b->nla_len - NLA_HDRLEN > 8 ? 8 : b->nla_len - NLA_HDRLEN);
				switch (b->nla_type) {
				case NL_POLICY_TYPE_ATTR_TYPE: type = (uint32_t)v; break;
				case NL_POLICY_TYPE_ATTR_MIN_VALUE_U: min = v; hmin = true; break;
				case NL_POLICY_TYPE_ATTR_MAX_VALUE_U: max = v; hmax = true; break;
				case NL_POLICY_TYPE_ATTR_MAX_LENGTH: maxlen = (uint32_t)v; break;
				}
				q += NLA_ALIGN(b->nla_len);
				ql -= NLA_ALIGN(b->nla_len);
			}
			if (hmin && hmax)
				snprintf(an->policy, sizeof(an->policy), "%u:%llu..%llu", type,
					 (unsigned long long)min, (unsigned long long)max);
			else if (maxlen)
				snprintf(an->policy, sizeof(an->policy), "%u:len<=%u", type, maxlen);
			else
				snprintf(an->policy, sizeof(an->policy), "%u", type);
			break;
		}
		}
		p += NLA_ALIGN(a->nla_len);
		left -= NLA_ALIGN(a->nla_len);
	}
}

/*
 * Read until the request with @want_seq is answered: an NLMSG_ERROR (ack or refusal), or
 * NLMSG_DONE of a dump.  Messages of earlier requests must not turn up.
 */
static int await(uint32_t want_seq, bool ack, struct answer *an, int timeout_ms)
{
	static unsigned char buf[65536];

	memset(an, 0, sizeof(*an));
	an->ack_wanted = ack;
	while (!an->done) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		ssize_t n;
		struct nlmsghdr *nlh;
		bool counted;

		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -ETIMEDOUT;
		/* The kernel sizes dump parts to the largest buffer the socket was read with. */
		n = recv(sock, buf, dump_pause_ms ? 4096 : sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		counted = false;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				an->intr = true;
			if (nlh->nlmsg_seq != want_seq) {
				fprintf(stderr, "nlprobe: answer for seq %u while waiting for %u\n",
					nlh->nlmsg_seq, want_seq);
				return -EPROTO;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				an->err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				parse_ack_tlvs(an, nlh);
				an->done = true;
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				an->done = true;
			} else {
				if (!an->replies && nlh->nlmsg_len <= sizeof(an->reply)) {
					memcpy(an->reply, nlh, nlh->nlmsg_len);
					an->reply_len = nlh->nlmsg_len;
				}
				an->replies++;
				if (!counted)
					an->parts++;
				counted = true;
				/* A do-request without NLM_F_ACK ends with its reply. */
				if (!(nlh->nlmsg_flags & NLM_F_MULTI) && !an->ack_wanted)
					an->done = true;
			}
		}
	}
	return 0;
}

static uint16_t resolve_family(void)
{
	struct msg m;
	struct answer an;
	const unsigned char *p;
	int left;

	put_hdr(&m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	put_attr(&m, CTRL_ATTR_FAMILY_NAME, MEMGOV_GENL_NAME, sizeof(MEMGOV_GENL_NAME));
	finish(&m);
	send_msg(&m);
	if (await(((struct nlmsghdr *)m.b)->nlmsg_seq, true, &an, 5000) || an.err || !an.reply_len) {
		fprintf(stderr, "nlprobe: family %s not found\n", MEMGOV_GENL_NAME);
		exit(3);
	}
	p = an.reply + NLMSG_HDRLEN + GENL_HDRLEN;
	left = (int)an.reply_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while (left >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(const uint16_t *)(p + NLA_HDRLEN);
		p += NLA_ALIGN(a->nla_len);
		left -= NLA_ALIGN(a->nla_len);
	}
	exit(3);
}

static const char *const cmd_names[] = {
	[MEMGOV_CMD_GET_STATUS] = "status",
	[MEMGOV_CMD_GET_POLICY] = "get-policy",
	[MEMGOV_CMD_DETACH_POLICY] = "detach",
	[MEMGOV_CMD_GET_CONFIG] = "get-config",
	[MEMGOV_CMD_SET_CONFIG] = "set-config",
	[MEMGOV_CMD_GET_STATS] = "stats",
};

static int parse_cmd(const char *s)
{
	unsigned int i;

	for (i = 0; i < sizeof(cmd_names) / sizeof(cmd_names[0]); i++)
		if (cmd_names[i] && !strcmp(cmd_names[i], s))
			return i;
	return atoi(s);
}

static void drop_to(const char *uid)
{
	uid_t u = (uid_t)atoi(uid);

	if (setgroups(0, NULL) || setgid(u) || setuid(u))
		die("drop privileges");
}

/* The attribute of @m starting at byte @off: its type, and the nest it is in (0: top). */
static void attr_at(const struct msg *m, uint32_t off, int *type, int *nest)
{
	size_t pos = NLMSG_HDRLEN + GENL_HDRLEN;

	*type = -1;
	*nest = 0;
	while (pos + NLA_HDRLEN <= m->len) {
		const struct nlattr *a = (const struct nlattr *)(m->b + pos);
		size_t in;

		if (a->nla_len < NLA_HDRLEN)
			return;
		if (off == pos) {
			*type = a->nla_type & NLA_TYPE_MASK;
			return;
		}
		for (in = pos + NLA_HDRLEN; off > pos && off < pos + a->nla_len &&
		     in + NLA_HDRLEN <= pos + a->nla_len;) {
			const struct nlattr *c = (const struct nlattr *)(m->b + in);

			if (c->nla_len < NLA_HDRLEN)
				return;
			if (off == in) {
				*type = c->nla_type & NLA_TYPE_MASK;
				*nest = a->nla_type & NLA_TYPE_MASK;
				return;
			}
			in += NLA_ALIGN(c->nla_len);
		}
		pos += NLA_ALIGN(a->nla_len);
	}
}

static int probe(int argc, char **argv, bool dump)
{
	struct msg m;
	struct answer an;
	int i, err, type, nest;

	put_hdr(&m, family, NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0),
		(uint8_t)parse_cmd(argv[0]), MEMGOV_GENL_VERSION);
	for (i = 1; i < argc; i++) {
		char kind[8];
		unsigned int t;
		int off = 0;
		const char *val;

		if (!strcmp(argv[i], "end")) {
			nest_end(&m);
			continue;
		}
		if (sscanf(argv[i], "%7[a-z0-9]:%u%n", kind, &t, &off) < 2) {
			fprintf(stderr, "nlprobe: bad attribute '%s'\n", argv[i]);
			return 2;
		}
		val = argv[i][off] == '=' ? argv[i] + off + 1 : "";
		if (!strcmp(kind, "u8")) {
			uint8_t v = (uint8_t)strtoull(val, NULL, 0);
			put_attr(&m, t, &v, 1);
		} else if (!strcmp(kind, "u16")) {
			uint16_t v = (uint16_t)strtoull(val, NULL, 0);
			put_attr(&m, t, &v, 2);
		} else if (!strcmp(kind, "u32")) {
			uint32_t v = (uint32_t)strtoull(val, NULL, 0);
			put_attr(&m, t, &v, 4);
		} else if (!strcmp(kind, "u64")) {
			uint64_t v = strtoull(val, NULL, 0);
			put_attr(&m, t, &v, 8);
		} else if (!strcmp(kind, "str")) {
			put_attr(&m, t, val, strlen(val) + 1);
		} else if (!strcmp(kind, "raw")) {
			put_attr(&m, t, val, strlen(val));
		} else if (!strcmp(kind, "flag")) {
			put_attr(&m, t, NULL, 0);
		} else if (!strcmp(kind, "bin")) {
			unsigned char b[512];
			size_t n = 0;

			while (val[0] && val[1] && n < sizeof(b)) {
				sscanf(val, "%2hhx", &b[n++]);
				val += 2;
			}
			put_attr(&m, t, b, n);
		} else if (!strcmp(kind, "nest")) {
			nest_start(&m, t);
		} else {
			fprintf(stderr, "nlprobe: unknown kind '%s'\n", kind);
			return 2;
		}
	}
	finish(&m);
	send_msg(&m);
	if (dump_pause_ms)
		poll(NULL, 0, dump_pause_ms);
	err = await(((struct nlmsghdr *)m.b)->nlmsg_seq, true, &an, 10000);
	if (err) {
		printf("nlprobe: no answer: %s\n", strerror(-err));
		return 2;
	}
	if (!an.err) {
		printf("errno=0 replies=%d", an.replies);
		if (dump_pause_ms)
			printf(" parts=%d dump_intr=%d", an.parts, an.intr);
		printf("\n");
		return 0;
	}
	printf("errno=%d msg=\"%s\"", -an.err, an.msg);
	if (an.has_offs) {
		attr_at(&m, an.offs, &type, &nest);
		printf(" offs_type=%d offs_nest=%d", type, nest);
	}
	if (an.policy[0])
		printf(" policy=%s", an.policy);
	if (an.has_miss)
		printf(" miss_type=%u", an.miss_type);
	printf("\n");
	return 1;
}

/* ---- fuzz ------------------------------------------------------------------------------ */

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static const uint64_t cfg_min[MEMGOV_CFG_A_MAX + 1] = {
	[MEMGOV_CFG_A_STRIKES_MAX] = 1, [MEMGOV_CFG_A_KILL_DEADLINE_MS] = 100,
	[MEMGOV_CFG_A_THRASH_SUSTAIN_MS] = 100, [MEMGOV_CFG_A_IN_FORCE_MS] = 100,
};
static const uint64_t cfg_max[MEMGOV_CFG_A_MAX + 1] = {
	[MEMGOV_CFG_A_STRIKES_MAX] = 1000, [MEMGOV_CFG_A_KILL_DEADLINE_MS] = 600000,
	[MEMGOV_CFG_A_KILL_MIN_KIB] = 1ULL << 30, [MEMGOV_CFG_A_OOM_CEILING_US] = 10000000,
	[MEMGOV_CFG_A_OOM_BUDGET_US] = 10000000, [MEMGOV_CFG_A_MEMCG_CEILING_US] = 10000000,
	[MEMGOV_CFG_A_MEMCG_BUDGET_US] = 10000000, [MEMGOV_CFG_A_CLAMPS_MAX] = 1000000,
	[MEMGOV_CFG_A_PSI_SOME_PCT] = 100, [MEMGOV_CFG_A_PSI_FULL_PCT] = 100,
	[MEMGOV_CFG_A_REFAULT_PER_SEC] = 1ULL << 40, [MEMGOV_CFG_A_REFAULT_LRU_PCT] = 100000,
	[MEMGOV_CFG_A_THRASH_SUSTAIN_MS] = 600000, [MEMGOV_CFG_A_IN_FORCE_MS] = 600000,
	[MEMGOV_CFG_A_REFUSE_ATTACH] = 1, [MEMGOV_CFG_A_DELAY_BUDGET_MS] = 10000000,
};

static uint64_t interesting(void)
{
	static const uint64_t v[] = { 0, 1, 2, 99, 100, 101, 1000, 1001, 600000, 600001,
				      1ULL << 30, (1ULL << 30) + 1, 1ULL << 40, (1ULL << 40) + 1,
				      UINT32_MAX, UINT64_MAX, 1ULL << 63 };

	return below(4) ? v[below(sizeof(v) / sizeof(v[0]))] : rnd();
}

static uint64_t *cgroup_ids;
static int ncgroup_ids;

static void random_attr(struct msg *m, int depth)
{
	uint16_t type = (uint16_t)(below(8) ? below(MEMGOV_A_MAX + 3) : rnd());
	unsigned char junk[64];
	uint64_t v = interesting();
	size_t n;

	switch (below(depth < 2 ? 7 : 6)) {
	case 0: put_attr(m, type, &v, 8); break;
	case 1: put_attr(m, type, &v, 4); break;
	case 2: put_attr(m, type, &v, below(9)); break;
	case 3:
		n = below(sizeof(junk));
		for (size_t i = 0; i < n; i++)
			junk[i] = (unsigned char)rnd();
		put_attr(m, type, junk, n);
		break;
	case 4: {
		static const char *const s[] = { "", "noop", "fuzz", "a-very-long-policy-name-over-32-bytes" };
		const char *str = s[below(4)];

		put_attr(m, type, str, strlen(str) + below(2));
		break;
	}
	case 5: put_attr(m, type, NULL, 0); break;
	default: {
		int k = (int)below(6);

		nest_start(m, below(2) ? (uint16_t)MEMGOV_A_CONFIG : type);
		while (k--)
			random_attr(m, depth + 1);
		nest_end(m);
	}
	}
}

/* A config nest that is mostly valid: the shape a kernel has to get right. */
static void config_nest(struct msg *m)
{
	int k = 1 + (int)below(5);

	nest_start(m, MEMGOV_A_CONFIG);
	while (k--) {
		uint16_t a = (uint16_t)(below(10) ? 2 + below(MEMGOV_CFG_A_MAX - 1) : below(40));
		uint64_t v = below(3) && a <= MEMGOV_CFG_A_MAX ?
			     cfg_min[a] + below(cfg_max[a] - cfg_min[a] + 1) : interesting();

		put_attr(m, a, &v, below(20) ? 8 : below(9));
	}
	nest_end(m);
}

static void build(struct msg *m)
{
	uint8_t cmd = (uint8_t)(below(10) ? 1 + below(MEMGOV_CMD_MAX + 1) : rnd());
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	int k;

	if (!below(8))
		flags |= NLM_F_DUMP;
	if (!below(16))
		flags |= (uint16_t)(rnd() & ~(NLM_F_REQUEST | NLM_F_ACK));
	put_hdr(m, family, flags, cmd, (uint8_t)(below(8) ? MEMGOV_GENL_VERSION : rnd()));
	if (cmd == MEMGOV_CMD_SET_CONFIG || (cmd == MEMGOV_CMD_GET_CONFIG && below(2))) {
		if (below(4)) {
			uint64_t id = ncgroup_ids && below(2) ? cgroup_ids[below(ncgroup_ids)] :
				      interesting();
			put_attr(m, MEMGOV_A_CGROUP_ID, &id, below(16) ? 8 : 4);
		}
		config_nest(m);
	}
	for (k = below(3) ? 0 : 1 + (int)below(3); k; k--)
		random_attr(m, 0);
	/* Mutations: flip bytes after the netlink header, or cut the message short. */
	if (!below(4)) {
		for (k = 1 + (int)below(4); k; k--) {
			size_t at = NLMSG_HDRLEN + below(m->len - NLMSG_HDRLEN);

			m->b[at] ^= (unsigned char)(1u << below(8));
		}
	}
	if (!below(10) && m->len > NLMSG_HDRLEN)
		m->len = NLMSG_HDRLEN + below(m->len - NLMSG_HDRLEN + 1);
	m->depth = 0;
	finish(m);
}

/* The config the kernel should now hold: global, and overrides per cgroup. */
struct model {
	uint64_t global[MEMGOV_CFG_A_MAX + 1];
	struct { uint64_t id; uint64_t v[MEMGOV_CFG_A_MAX + 1]; unsigned long set; } cg[256];
	int ncg;
	uint64_t root_id;
};

static struct model model;

/* Attributes of one level, last one of each type wins (as nla_parse() does). */
static void parse_level(const unsigned char *p, int left, const struct nlattr **tb, int max)
{
	while (left >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		int t = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > left)
			break;
		if (t <= max)
			tb[t] = a;
		p += NLA_ALIGN(a->nla_len);
		left -= NLA_ALIGN(a->nla_len);
	}
}

/* GET_CONFIG [for @cgid]; 0 when @out was filled. */
static int get_config(uint64_t cgid, uint64_t *out)
{
	const struct nlattr *tb[MEMGOV_A_MAX + 1] = {}, *ct[MEMGOV_CFG_A_MAX + 1] = {};
	struct answer an;
	struct msg m;
	int a;

	put_hdr(&m, family, NLM_F_REQUEST | NLM_F_ACK, MEMGOV_CMD_GET_CONFIG, 1);
	if (cgid)
		put_attr(&m, MEMGOV_A_CGROUP_ID, &cgid, 8);
	finish(&m);
	send_msg(&m);
	if (await(((struct nlmsghdr *)m.b)->nlmsg_seq, true, &an, 10000) || an.err ||
	    !an.reply_len)
		return -1;
	parse_level(an.reply + NLMSG_HDRLEN + GENL_HDRLEN,
		    (int)an.reply_len - NLMSG_HDRLEN - GENL_HDRLEN, tb, MEMGOV_A_MAX);
	if (!tb[MEMGOV_A_CONFIG])
		return -1;
	parse_level((const unsigned char *)tb[MEMGOV_A_CONFIG] + NLA_HDRLEN,
		    tb[MEMGOV_A_CONFIG]->nla_len - NLA_HDRLEN, ct, MEMGOV_CFG_A_MAX);
	for (a = MEMGOV_CFG_A_STRIKES_MAX; a <= MEMGOV_CFG_A_MAX; a++) {
		if (!ct[a])
			return -1;
		memcpy(&out[a], (const unsigned char *)ct[a] + NLA_HDRLEN, 8);
	}
	return 0;
}

/* The kernel accepted SET_CONFIG @m: apply it to the model. */
static void model_apply(const struct msg *m)
{
	const struct nlattr *tb[MEMGOV_A_MAX + 1] = {}, *ct[MEMGOV_CFG_A_MAX + 1] = {};
	uint64_t id = 0, v;
	int a, i;

	parse_level(m->b + NLMSG_HDRLEN + GENL_HDRLEN, (int)m->len - NLMSG_HDRLEN - GENL_HDRLEN,
		    tb, MEMGOV_A_MAX);
	if (tb[MEMGOV_A_CGROUP_ID])
		memcpy(&id, (const unsigned char *)tb[MEMGOV_A_CGROUP_ID] + NLA_HDRLEN, 8);
	if (id == model.root_id)
		id = 0;
	parse_level((const unsigned char *)tb[MEMGOV_A_CONFIG] + NLA_HDRLEN,
		    tb[MEMGOV_A_CONFIG]->nla_len - NLA_HDRLEN, ct, MEMGOV_CFG_A_MAX);
	for (i = 0; id && i < model.ncg && model.cg[i].id != id; i++)
		;
	if (id && i == model.ncg && model.ncg < 256)
		model.cg[model.ncg++].id = id;
	for (a = MEMGOV_CFG_A_STRIKES_MAX; a <= MEMGOV_CFG_A_MAX; a++) {
		if (!ct[a])
			continue;
		memcpy(&v, (const unsigned char *)ct[a] + NLA_HDRLEN, 8);
		if (!id) {
			model.global[a] = v;
		} else if (i < 256) {
			model.cg[i].v[a] = v;
			model.cg[i].set |= 1UL << a;
		}
	}
}

static int model_check(void)
{
	uint64_t got[MEMGOV_CFG_A_MAX + 1];
	int a, i, bad = 0;

	if (get_config(0, got)) {
		printf("fuzz: the module does not answer GET_CONFIG\n");
		return 1;
	}
	for (a = MEMGOV_CFG_A_STRIKES_MAX; a <= MEMGOV_CFG_A_MAX; a++)
		if (got[a] != model.global[a]) {
			printf("fuzz: global config attribute %d is %llu, expected %llu\n", a,
			       (unsigned long long)got[a], (unsigned long long)model.global[a]);
			bad = 1;
		}
	for (i = 0; i < model.ncg; i++) {
		if (get_config(model.cg[i].id, got))
			continue;	/* that cgroup is gone */
		for (a = MEMGOV_CFG_A_STRIKES_MAX; a <= MEMGOV_CFG_A_MAX; a++) {
			uint64_t want = model.cg[i].set & (1UL << a) ? model.cg[i].v[a] :
								    model.global[a];
			if (got[a] != want) {
				printf("fuzz: cgroup %llu attribute %d is %llu, expected %llu\n",
				       (unsigned long long)model.cg[i].id, a,
				       (unsigned long long)got[a], (unsigned long long)want);
				bad = 1;
			}
		}
	}
	return bad;
}

static int fuzz(long n, uint64_t seed, char **ids, int nids)
{
	long i, accepted = 0, refused = 0, eperm = 0, writes = 0;
	static long by_errno[200];
	bool privileged = geteuid() == 0;
	int e, bad = 0;
	struct msg m;

	rng = seed * 2654435761ULL + 1;
	cgroup_ids = calloc(nids + 1, sizeof(*cgroup_ids));
	for (e = 0; e < nids; e++)
		cgroup_ids[ncgroup_ids++] = strtoull(ids[e], NULL, 0);
	model.root_id = 1;
	if (get_config(0, model.global)) {
		printf("fuzz: no GET_CONFIG answer before the run\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct answer an;
		const struct genlmsghdr *g = (const struct genlmsghdr *)(m.b + NLMSG_HDRLEN);
		int err;

		build(&m);
		send_msg(&m);
		err = await(((struct nlmsghdr *)m.b)->nlmsg_seq,
			    ((struct nlmsghdr *)m.b)->nlmsg_flags & NLM_F_ACK, &an, 10000);
		if (err) {
			printf("fuzz: message %ld (cmd %u, %zu bytes): %s\n", i, g->cmd, m.len,
			       strerror(-err));
			return 1;
		}
		if (an.err) {
			refused++;
			if (-an.err < 200)
				by_errno[-an.err]++;
			if (an.err == -EPERM)
				eperm++;
			continue;
		}
		accepted++;
		if (m.len >= NLMSG_HDRLEN + GENL_HDRLEN &&
		    (g->cmd == MEMGOV_CMD_SET_CONFIG || g->cmd == MEMGOV_CMD_DETACH_POLICY) &&
		    !(((struct nlmsghdr *)m.b)->nlmsg_flags & NLM_F_DUMP)) {
			if (!privileged) {
				printf("fuzz: unprivileged write (cmd %u) was accepted\n", g->cmd);
				bad = 1;
			}
			if (g->cmd == MEMGOV_CMD_SET_CONFIG) {
				writes++;
				model_apply(&m);
			}
		}
	}
	printf("fuzz: sent %ld accepted %ld refused %ld eperm %ld config_writes %ld\n", n,
	       accepted, refused, eperm, writes);
	printf("fuzz: errnos:");
	for (e = 0; e < 200; e++)
		if (by_errno[e])
			printf(" %s=%ld", strerror(e), by_errno[e]);
	printf("\n");
	bad |= model_check();
	printf("fuzz: %s\n", bad ? "FAILED" : "config matches the model");
	return bad;
}

int main(int argc, char **argv)
{
	bool dump = false;
	int opt;

	while ((opt = getopt(argc, argv, "+u:dp:")) != -1) {
		switch (opt) {
		case 'p':
			dump_pause_ms = atoi(optarg);
			break;
		case 'u':
			drop_to(optarg);
			break;
		case 'd':
			dump = true;
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: nlprobe [-u UID] [-d] [-p MS] CMD [ATTR...] | fuzz N SEED [CGROUP_ID...]\n");
		return 2;
	}
	open_sock();
	family = resolve_family();
	if (!strcmp(argv[optind], "fuzz")) {
		if (argc - optind < 3)
			return 2;
		return fuzz(atol(argv[optind + 1]), strtoull(argv[optind + 2], NULL, 0),
			    argv + optind + 3, argc - optind - 3);
	}
	return probe(argc - optind, argv + optind, dump);
}

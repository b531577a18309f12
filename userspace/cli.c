// SPDX-License-Identifier: GPL-2.0
/*
 * memgovctl: argument parsing and output formatting.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static int usage(char *err, size_t errlen, const char *fmt, const char *arg);
static int name_arg(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen);
static int key_value_arg(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen);
static int file_arg(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen);
static int show_finish(struct mg_cmd *cmd, char *err, size_t errlen);
static int detach_finish(struct mg_cmd *cmd, char *err, size_t errlen);
static int set_finish(struct mg_cmd *cmd, char *err, size_t errlen);
static int load_finish(struct mg_cmd *cmd, char *err, size_t errlen);

#define SUBCMD(obj, vb, verb_id, argv_doc, help_doc, ...)				\
	{ .object = obj, .verb = vb, .id = verb_id, .args = argv_doc, .help = help_doc,	\
	  __VA_ARGS__ }

const struct mg_subcmd mg_subcmds[] = {
	SUBCMD("status", NULL, MG_VERB_STATUS, "[--json]",
	       "module version, kernel, attached and ejected policy counts", .opts = MG_OPT_JSON),
	SUBCMD("policy", "list", MG_VERB_POLICY_LIST, "[--json]",
	       "attached policies, then the most recent exits with their reasons",
	       .opts = MG_OPT_JSON),
	SUBCMD("policy", "show", MG_VERB_POLICY_SHOW, "NAME | --id LINK_ID [--json]",
	       "one policy with its counters and exit record", .opts = MG_OPT_JSON | MG_OPT_ID,
	       .positional = name_arg, .finish = show_finish),
	SUBCMD("policy", "detach", MG_VERB_POLICY_DETACH, "NAME | --all",
	       "detach a policy by name, or every policy (kill switch); needs CAP_NET_ADMIN",
	       .opts = MG_OPT_ALL, .positional = name_arg, .finish = detach_finish),
	SUBCMD("config", "show", MG_VERB_CONFIG_SHOW, "[--cgroup PATH | --cgroup-id ID] [--json]",
	       "the governor's limits, global or as they apply to one cgroup",
	       .opts = MG_OPT_JSON | MG_OPT_CGROUP),
	SUBCMD("config", "set", MG_VERB_CONFIG_SET, "[--cgroup PATH | --cgroup-id ID] KEY=VALUE...",
	       "change limits (for one cgroup only with --cgroup), all or none; needs CAP_NET_ADMIN",
	       .opts = MG_OPT_CGROUP, .positional = key_value_arg, .finish = set_finish),
	SUBCMD("config", "load", MG_VERB_CONFIG_LOAD, "[--cgroup PATH | --cgroup-id ID] FILE",
	       "set the limits a file lists (KEY=VALUE lines, # comments), all or none, as config set",
	       .opts = MG_OPT_CGROUP, .positional = file_arg, .finish = load_finish),
	SUBCMD("stats", NULL, MG_VERB_STATS, "[--json]",
	       "system-wide counters: attaches, exits by kind, OOMs, kills, fallbacks, events",
	       .opts = MG_OPT_JSON),
	SUBCMD("monitor", NULL, MG_VERB_MONITOR, "[--json]",
	       "print events as they happen, one line each: exits, kills, fallbacks, config",
	       .opts = MG_OPT_JSON),
	SUBCMD("help", NULL, MG_VERB_HELP, "", "this text", .opts = 0),
};
const size_t mg_nsubcmds = sizeof(mg_subcmds) / sizeof(mg_subcmds[0]);

void mg_print_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: memgovctl OBJECT [VERB] [ARGS]\n\n");
	for (i = 0; i < mg_nsubcmds; i++) {
		char left[96];

		snprintf(left, sizeof(left), "%s%s%s %s", mg_subcmds[i].object,
			 mg_subcmds[i].verb ? " " : "", mg_subcmds[i].verb ?: "",
			 mg_subcmds[i].args);
		fprintf(f, "  %s\n      %s\n", left, mg_subcmds[i].help);
	}
	fprintf(f, "\nlimits (for config set KEY=VALUE; ranges in memgovctl.8):");
	for (i = 0; i <= MEMGOV_CFG_A_MAX; i++)
		if (mg_config_names[i])
			fprintf(f, " %s", mg_config_names[i]);
	fprintf(f, "\n\nexit status: 0 ok, 1 usage, 2 kernel refused, 3 memgov module not loaded\n");
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out);

static int usage(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return MG_EXIT_USAGE;
}

/* Options: each sets its part of @cmd from @arg (NULL when the command line ended). */
static int opt_json(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	cmd->json = true;
	return 0;
}

static int opt_cgroup(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	if (!arg || !arg[0])
		return usage(err, errlen, "%s--cgroup needs a cgroup directory", "");
	if (cmd->cgroup || cmd->has_cgroup_id)
		return usage(err, errlen, "%sgive one --cgroup or --cgroup-id", "");
	cmd->cgroup = arg;
	return 0;
}

static int opt_cgroup_id(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	if (cmd->cgroup || cmd->has_cgroup_id)
		return usage(err, errlen, "%sgive one --cgroup or --cgroup-id", "");
	if (!arg || parse_u64(arg, UINT64_MAX, &cmd->cgroup_id) || !cmd->cgroup_id)
		return usage(err, errlen, "%s--cgroup-id needs a cgroup id (a positive integer)", "");
	cmd->has_cgroup_id = true;
	return 0;
}

static int opt_id(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	uint64_t v;

	if (cmd->link_id || cmd->name)
		return usage(err, errlen, "%spolicy show takes one NAME or --id", "");
	if (!arg || parse_u64(arg, UINT32_MAX, &v) || !v)
		return usage(err, errlen, "%s--id needs a link id (1..4294967295)", "");
	cmd->link_id = (uint32_t)v;
	return 0;
}

static int opt_all(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	cmd->all = true;
	return 0;
}

static const struct mg_option {
	const char *name;
	unsigned int opt;	/* MG_OPT_*: the commands that take it */
	bool has_arg;
	int (*set)(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen);
} mg_options[] = {
	{ "--json", MG_OPT_JSON, false, opt_json },
	{ "--cgroup", MG_OPT_CGROUP, true, opt_cgroup },
	{ "--cgroup-id", MG_OPT_CGROUP, true, opt_cgroup_id },
	{ "--id", MG_OPT_ID, true, opt_id },
	{ "--all", MG_OPT_ALL, false, opt_all },
};

/* Positional arguments of the commands that take them; MG_NOT_MINE: one too many. */
#define MG_NOT_MINE (-1)

static int name_arg(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	if (cmd->name || cmd->link_id)
		return MG_NOT_MINE;
	if (strlen(arg) >= MEMGOV_NAME_LEN)
		return usage(err, errlen, "policy name '%s' is longer than 31 characters", arg);
	cmd->name = arg;
	return 0;
}

static int key_value_arg(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	return mg_parse_config_arg(arg, &cmd->set, err, errlen);
}

static int file_arg(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	if (cmd->file)
		return MG_NOT_MINE;
	cmd->file = arg;
	return 0;
}

static int show_finish(struct mg_cmd *cmd, char *err, size_t errlen)
{
	if (!cmd->name && !cmd->link_id)
		return usage(err, errlen, "%spolicy show needs a policy NAME or --id LINK_ID", "");
	return 0;
}

static int detach_finish(struct mg_cmd *cmd, char *err, size_t errlen)
{
	if (!!cmd->name == cmd->all)
		return usage(err, errlen, "%spolicy detach needs a policy NAME or --all, not both", "");
	return 0;
}

static int set_finish(struct mg_cmd *cmd, char *err, size_t errlen)
{
	int i;

	for (i = 0; i <= MEMGOV_CFG_A_MAX; i++)
		if (cmd->set.has[i])
			return 0;
	return usage(err, errlen, "%sconfig set needs at least one KEY=VALUE", "");
}

static int load_finish(struct mg_cmd *cmd, char *err, size_t errlen)
{
	if (!cmd->file)
		return usage(err, errlen, "%sconfig load needs a FILE", "");
	return mg_parse_config_file(cmd->file, &cmd->set, err, errlen);
}

/* The command argv names: OBJECT, or OBJECT VERB; *@first is its first argument. */
static int find_subcmd(int argc, char **argv, const struct mg_subcmd **sc, int *first,
		       char *err, size_t errlen)
{
	bool object = false;
	size_t i;

	for (i = 0; i < mg_nsubcmds; i++) {
		if (strcmp(mg_subcmds[i].object, argv[1]))
			continue;
		object = true;
		if (!mg_subcmds[i].verb) {
			*sc = &mg_subcmds[i];
			*first = 2;
			return 0;
		}
		if (argc < 3)
			return usage(err, errlen, "'%s' needs a verb (try 'memgovctl help')", argv[1]);
		if (!strcmp(mg_subcmds[i].verb, argv[2])) {
			*sc = &mg_subcmds[i];
			*first = 3;
			return 0;
		}
	}
	if (object)
		return usage(err, errlen, "unknown verb '%s'", argv[2]);
	return usage(err, errlen, "unknown command '%s' (try 'memgovctl help')", argv[1]);
}

int mg_parse_args(int argc, char **argv, struct mg_cmd *cmd, char *err, size_t errlen)
{
	const struct mg_subcmd *sc = NULL;
	int i, first, rc;
	size_t o;

	memset(cmd, 0, sizeof(*cmd));
	err[0] = '\0';
	if (argc < 2)
		return usage(err, errlen, "%smissing command (try 'memgovctl help')", "");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		cmd->verb = MG_VERB_HELP;
		return 0;
	}
	rc = find_subcmd(argc, argv, &sc, &first, err, errlen);
	if (rc)
		return rc;
	cmd->verb = sc->id;

	for (i = first; i < argc; i++) {
		const char *a = argv[i];

		for (o = 0; o < sizeof(mg_options) / sizeof(mg_options[0]); o++)
			if ((sc->opts & mg_options[o].opt) && !strcmp(a, mg_options[o].name))
				break;
		if (o < sizeof(mg_options) / sizeof(mg_options[0])) {
			const struct mg_option *opt = &mg_options[o];
			const char *arg = opt->has_arg && i + 1 < argc ? argv[i + 1] : NULL;

			rc = opt->set(cmd, arg, err, errlen);
			if (rc)
				return rc;
			i += opt->has_arg;
			continue;
		}
		if (a[0] == '-')
			return usage(err, errlen, "unknown option '%s'", a);
		rc = sc->positional ? sc->positional(cmd, a, err, errlen) : MG_NOT_MINE;
		if (rc == MG_NOT_MINE)
			return usage(err, errlen, "unexpected argument '%s'", a);
		if (rc)
			return rc;
	}
	return sc->finish ? sc->finish(cmd, err, errlen) : 0;
}

int mg_parse_config_file(const char *path, struct mg_config *c, char *err, size_t errlen)
{
	char line[512], why[256];
	unsigned int n = 0;
	FILE *f;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return MG_EXIT_USAGE;
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		char *s = line, *e;

		n++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line longer than %zu characters", path, n,
				 sizeof(line) - 2);
			rc = MG_EXIT_USAGE;
			break;
		}
		while (isspace((unsigned char)*s))
			s++;
		for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		if (!*s || *s == '#')
			continue;
		rc = mg_parse_config_arg(s, c, why, sizeof(why));
		if (rc)
			snprintf(err, errlen, "%s:%u: %s", path, n, why);
	}
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = MG_EXIT_USAGE;
	}
	fclose(f);
	return rc;
}

/* A decimal integer, digits only, at most @max. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end || errno || v > max)
		return -1;
	*out = v;
	return 0;
}

int mg_parse_config_arg(const char *arg, struct mg_config *c, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	char key[64];
	uint64_t v;
	int a;

	if (!eq || eq == arg)
		return usage(err, errlen, "'%s' is not KEY=VALUE", arg);
	if ((size_t)(eq - arg) >= sizeof(key))
		return usage(err, errlen, "unknown limit in '%s'", arg);
	memcpy(key, arg, eq - arg);
	key[eq - arg] = '\0';
	a = mg_config_attr(key);
	if (a < 0)
		return usage(err, errlen, "unknown limit '%s' (see 'memgovctl config show')", key);
	if (c->has[a])
		return usage(err, errlen, "limit '%s' given twice", key);
	if (parse_u64(eq + 1, UINT64_MAX, &v))
		return usage(err, errlen, "'%s' wants a non-negative integer, in decimal", arg);
	c->v[a] = v;
	c->has[a] = true;
	return 0;
}

static void print_config(FILE *f, const struct mg_config *c, bool json)
{
	bool first = true;
	int a;

	if (json)
		fputc('{', f);
	for (a = 0; a <= MEMGOV_CFG_A_MAX; a++) {
		if (!c->has[a] || !mg_config_names[a])
			continue;
		if (json)
			fprintf(f, "%s\"%s\":%llu", first ? "" : ",", mg_config_names[a],
				(unsigned long long)c->v[a]);
		else
			fprintf(f, "%-20s %llu\n", mg_config_names[a], (unsigned long long)c->v[a]);
		first = false;
	}
	if (json)
		fputc('}', f);
}

void mg_print_config(FILE *f, const struct mg_config *c, bool json)
{
	print_config(f, c, json);
	if (json)
		fputc('\n', f);
}

void mg_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void mg_print_status(FILE *f, const struct mg_status *st, bool json)
{
	if (json) {
		const char *sep = "";

		fputc('{', f);
		if (st->has_version) {
			fputs("\"version\":", f);
			mg_json_string(f, st->version);
			sep = ",";
		}
		if (st->has_kernel) {
			fprintf(f, "%s\"kernel\":", sep);
			mg_json_string(f, st->kernel);
			sep = ",";
		}
		if (st->has_n_attached) {
			fprintf(f, "%s\"attached\":%u", sep, st->n_attached);
			sep = ",";
		}
		if (st->has_n_ejected)
			fprintf(f, "%s\"ejected\":%u", sep, st->n_ejected);
		fputs("}\n", f);
		return;
	}
	if (st->has_version)
		fprintf(f, "memgov:   %s\n", st->version);
	if (st->has_kernel)
		fprintf(f, "kernel:   %s\n", st->kernel);
	if (st->has_n_attached)
		fprintf(f, "attached: %u\n", st->n_attached);
	if (st->has_n_ejected)
		fprintf(f, "ejected:  %u\n", st->n_ejected);
}

void mg_print_policy_header(FILE *f)
{
	fprintf(f, "%-20s %-6s %-10s %-6s %-9s %s\n", "NAME", "TYPE", "CGROUP", "LINK", "STATE",
		"EXIT");
}

static void print_flags(FILE *f, uint32_t flags, bool json)
{
	const char *sep = "";

	if (json)
		fputc('[', f);
	if (flags & MEMGOV_F_ALLOW_OVERRIDE) {
		fprintf(f, json ? "\"allow_override\"" : "allow_override");
		sep = ",";
	}
	if (flags & MEMGOV_F_SHADOW)
		fprintf(f, json ? "%s\"shadow\"" : "%sshadow", sep);
	if (json)
		fputc(']', f);
}

void mg_print_policy(FILE *f, const struct mg_policy *p, bool json, bool first)
{
	if (json) {
		fprintf(f, "%s{\"name\":", first ? "" : ",");
		mg_json_string(f, p->name);
		fprintf(f, ",\"type\":\"%s\",\"cgroup_id\":%llu,\"link_id\":%u,\"state\":\"%s\","
			   "\"attach_time_ns\":%llu,\"flags\":",
			mg_policy_type_str(p->type), (unsigned long long)p->cgroup_id, p->link_id,
			mg_policy_state_str(p->state), (unsigned long long)p->attach_time_ns);
		print_flags(f, p->flags, true);
		if (p->has_exit) {
			fprintf(f, ",\"exit\":{\"kind\":\"%s\",\"reason\":",
				mg_exit_kind_str(p->exit.kind));
			mg_json_string(f, p->exit.reason);
			if (p->exit.msg[0]) {
				fputs(",\"message\":", f);
				mg_json_string(f, p->exit.msg);
			}
			fprintf(f, ",\"time_ns\":%llu}", (unsigned long long)p->exit.time_ns);
		}
		if (p->has_counters)
			fprintf(f, ",\"counters\":{\"calls\":%llu,\"applied\":%llu,\"kills\":%llu,"
				   "\"clamped\":%llu,\"strikes\":%llu,\"slowest_ns\":%llu}",
				(unsigned long long)p->calls, (unsigned long long)p->applied,
				(unsigned long long)p->kills, (unsigned long long)p->clamped,
				(unsigned long long)p->strikes, (unsigned long long)p->slowest_ns);
		if (p->has_shadow) {
			fprintf(f, ",\"shadow\":{\"decisions\":%llu,\"differed\":%llu,\"last\":",
				(unsigned long long)p->shadow_decisions,
				(unsigned long long)p->shadow_diffs);
			mg_json_string(f, p->shadow_last);
			fputc('}', f);
		}
		fputc('}', f);
		return;
	}
	fprintf(f, "%-20s %-6s %-10llu %-6u %-9s ", p->name, mg_policy_type_str(p->type),
		(unsigned long long)p->cgroup_id, p->link_id, mg_policy_state_str(p->state));
	if (p->has_exit) {
		fprintf(f, "%s: %s", mg_exit_kind_str(p->exit.kind), p->exit.reason);
		if (p->exit.msg[0])
			fprintf(f, " (\"%s\")", p->exit.msg);
	} else {
		fputc('-', f);
	}
	if (p->flags) {
		fputs(" [", f);
		print_flags(f, p->flags, false);
		fputc(']', f);
	}
	fputc('\n', f);
	if (p->has_shadow)
		fprintf(f, "  shadow: %llu decisions, %llu differed from the kernel%s%s\n",
			(unsigned long long)p->shadow_decisions,
			(unsigned long long)p->shadow_diffs, p->shadow_last[0] ? "; last: " : "",
			p->shadow_last);
}

/* The line a loader prints when its policy stopped. */
void mg_print_exit(FILE *f, const struct mg_policy *p)
{
	if (!p->has_exit) {
		fprintf(f, "memgov: policy '%s' (link %u) exited, no exit record\n", p->name,
			p->link_id);
		return;
	}
	fprintf(f, "memgov: policy '%s' (link %u) exited: kind=%s reason=\"%s\"", p->name,
		p->link_id, mg_exit_kind_str(p->exit.kind), p->exit.reason);
	if (p->exit.msg[0])
		fprintf(f, " message=\"%s\"", p->exit.msg);
	fprintf(f, " at=%llu.%09llus\n", (unsigned long long)(p->exit.time_ns / 1000000000ULL),
		(unsigned long long)(p->exit.time_ns % 1000000000ULL));
}

/* `policy show`: everything the kernel keeps about one policy, a line per fact. */
void mg_print_policy_details(FILE *f, const struct mg_policy *p)
{
	fprintf(f, "name:        %s\n", p->name);
	fprintf(f, "type:        %s\n", mg_policy_type_str(p->type));
	fprintf(f, "cgroup id:   %llu%s\n", (unsigned long long)p->cgroup_id,
		p->cgroup_id ? "" : " (whole system)");
	fprintf(f, "link id:     %u\n", p->link_id);
	fprintf(f, "state:       %s\n", mg_policy_state_str(p->state));
	fprintf(f, "flags:       ");
	if (p->flags)
		print_flags(f, p->flags, false);
	else
		fputc('-', f);
	fputc('\n', f);
	fprintf(f, "attached at: %llu.%09llus\n",
		(unsigned long long)(p->attach_time_ns / 1000000000ULL),
		(unsigned long long)(p->attach_time_ns % 1000000000ULL));
	if (p->has_counters)
		fprintf(f, "counters:    calls %llu, applied %llu, kills %llu, clamped %llu, strikes %llu\n",
			(unsigned long long)p->calls, (unsigned long long)p->applied,
			(unsigned long long)p->kills, (unsigned long long)p->clamped,
			(unsigned long long)p->strikes);
	if (p->has_counters && p->calls)
		fprintf(f, "slowest:     %llu ns (one callback)\n",
			(unsigned long long)p->slowest_ns);
	if (p->has_shadow)
		fprintf(f, "shadow:      %llu decisions, %llu differed from the kernel%s%s\n",
			(unsigned long long)p->shadow_decisions,
			(unsigned long long)p->shadow_diffs, p->shadow_last[0] ? "; last: " : "",
			p->shadow_last);
	if (p->has_exit) {
		fprintf(f, "exit:        %s: %s\n", mg_exit_kind_str(p->exit.kind), p->exit.reason);
		if (p->exit.msg[0])
			fprintf(f, "message:     %s\n", p->exit.msg);
		fprintf(f, "exited at:   %llu.%09llus\n",
			(unsigned long long)(p->exit.time_ns / 1000000000ULL),
			(unsigned long long)(p->exit.time_ns % 1000000000ULL));
	}
}

void mg_print_stats(FILE *f, const struct mg_stats *s, bool json)
{
	bool first = true;
	int a;

	if (json)
		fputc('{', f);
	for (a = 0; a <= MEMGOV_STATS_A_MAX; a++) {
		if (!s->has[a] || !mg_stats_names[a])
			continue;
		if (json)
			fprintf(f, "%s\"%s\":%llu", first ? "" : ",", mg_stats_names[a],
				(unsigned long long)s->v[a]);
		else
			fprintf(f, "%-20s %llu\n", mg_stats_names[a], (unsigned long long)s->v[a]);
		first = false;
	}
	if (json)
		fputs("}\n", f);
}

static void print_time(FILE *f, uint64_t ns)
{
	fprintf(f, "%llu.%06llus", (unsigned long long)(ns / 1000000000ULL),
		(unsigned long long)(ns % 1000000000ULL / 1000));
}

void mg_print_event(FILE *f, const struct mg_event *e, bool json)
{
	const char *kind = mg_event_str(e->cmd);

	switch (e->cmd) {
	case MEMGOV_CMD_POLICY_EXIT:
		if (json) {
			fprintf(f, "{\"event\":\"%s\",\"policy\":", kind);
			mg_print_policy(f, &e->policy, true, true);
			fputs("}\n", f);
		} else {
			mg_print_exit(f, &e->policy);
		}
		return;
	case MEMGOV_CMD_CONFIG_CHANGED:
		if (json) {
			fprintf(f, "{\"event\":\"%s\",\"cgroup_id\":%llu,\"config\":", kind,
				(unsigned long long)e->cgroup_id);
			print_config(f, &e->config, true);
			fputs("}\n", f);
			return;
		}
		fprintf(f, "memgov: config changed%s", e->cgroup_id ? "" : " (global)");
		if (e->cgroup_id)
			fprintf(f, " for cgroup %llu", (unsigned long long)e->cgroup_id);
		fputc(':', f);
		for (int a = 0; a <= MEMGOV_CFG_A_MAX; a++)
			if (e->config.has[a] && mg_config_names[a])
				fprintf(f, " %s=%llu", mg_config_names[a],
					(unsigned long long)e->config.v[a]);
		fputc('\n', f);
		return;
	default:
		break;
	}
	if (json) {
		fprintf(f, "{\"event\":\"%s\"", kind);
		if (e->policy_name[0]) {
			fputs(",\"policy\":", f);
			mg_json_string(f, e->policy_name);
		}
		if (e->pid) {
			fprintf(f, ",\"pid\":%u,\"comm\":", e->pid);
			mg_json_string(f, e->comm);
		}
		fprintf(f, ",\"cgroup_id\":%llu,\"reason\":", (unsigned long long)e->cgroup_id);
		mg_json_string(f, e->reason);
		fprintf(f, ",\"time_ns\":%llu}\n", (unsigned long long)e->time_ns);
		return;
	}
	switch (e->cmd) {
	case MEMGOV_CMD_KILL_NOTICE:
		fprintf(f, "memgov: policy '%s' will kill pid %u (%s) for the OOM in cgroup %llu: %s",
			e->policy_name, e->pid, e->comm, (unsigned long long)e->cgroup_id,
			e->reason[0] ? e->reason : "-");
		break;
	case MEMGOV_CMD_KILL:
		fprintf(f, "memgov: policy '%s' killed pid %u (%s) for the OOM in cgroup %llu: %s",
			e->policy_name, e->pid, e->comm, (unsigned long long)e->cgroup_id,
			e->reason[0] ? e->reason : "-");
		break;
	case MEMGOV_CMD_FALLBACK:
		fprintf(f, "memgov: OOM in cgroup %llu left to the kernel's OOM killer: %s",
			(unsigned long long)e->cgroup_id, e->reason);
		break;
	default:
		fprintf(f, "memgov: event %u", e->cmd);
		break;
	}
	fputs(" at ", f);
	print_time(f, e->time_ns);
	fputc('\n', f);
}

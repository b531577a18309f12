// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tier: memgovctl's argument parsing and output formatting, table-driven.
 * Prints "ok - NAME" / "not ok - NAME" per case.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "loader.h"

static int failures;

static void report(bool pass, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static void report(bool pass, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s - %s\n", pass ? "ok" : "not ok", name);
	if (!pass) {
		failures++;
		printf("#   ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

struct parse_case {
	const char *name;
	const char *argv[8];
	int want_rc;
	enum mg_verb verb;
	bool json;
	const char *pname;
	bool all;
	const char *want_err;	/* substring of the usage message */
};

static const struct parse_case parse_cases[] = {
	{ "parse_status", { "status" }, 0, MG_VERB_STATUS },
	{ "parse_status_json", { "status", "--json" }, 0, MG_VERB_STATUS, true },
	{ "parse_policy_list", { "policy", "list" }, 0, MG_VERB_POLICY_LIST },
	{ "parse_policy_list_json", { "policy", "list", "--json" }, 0, MG_VERB_POLICY_LIST, true },
	{ "parse_detach_by_name", { "policy", "detach", "prio" }, 0, MG_VERB_POLICY_DETACH, false,
	  "prio" },
	{ "parse_detach_all", { "policy", "detach", "--all" }, 0, MG_VERB_POLICY_DETACH, false,
	  NULL, true },
	{ "parse_help", { "help" }, 0, MG_VERB_HELP },
	{ "parse_dash_h_is_help", { "-h" }, 0, MG_VERB_HELP },
	{ "parse_no_command_is_usage", { NULL }, MG_EXIT_USAGE, 0, false, NULL, false,
	  "missing command" },
	{ "parse_unknown_command", { "frobnicate" }, MG_EXIT_USAGE, 0, false, NULL, false,
	  "unknown command 'frobnicate'" },
	{ "parse_policy_without_verb", { "policy" }, MG_EXIT_USAGE, 0, false, NULL, false,
	  "'policy' needs a verb" },
	{ "parse_policy_unknown_verb", { "policy", "explode" }, MG_EXIT_USAGE, 0, false, NULL,
	  false, "unknown verb 'explode'" },
	{ "parse_detach_without_target", { "policy", "detach" }, MG_EXIT_USAGE, 0, false, NULL,
	  false, "needs a policy NAME or --all" },
	{ "parse_detach_name_and_all", { "policy", "detach", "x", "--all" }, MG_EXIT_USAGE, 0,
	  false, NULL, false, "not both" },
	{ "parse_detach_two_names", { "policy", "detach", "a", "b" }, MG_EXIT_USAGE, 0, false,
	  NULL, false, "unexpected argument 'b'" },
	{ "parse_detach_name_too_long",
	  { "policy", "detach", "abcdefghijklmnopqrstuvwxyz0123456" }, MG_EXIT_USAGE, 0, false,
	  NULL, false, "longer than 31" },
	{ "parse_json_not_accepted_by_detach", { "policy", "detach", "--json", "x" },
	  MG_EXIT_USAGE, 0, false, NULL, false, "unknown option '--json'" },
	{ "parse_all_not_accepted_by_list", { "policy", "list", "--all" }, MG_EXIT_USAGE, 0,
	  false, NULL, false, "unknown option '--all'" },
	{ "parse_status_extra_argument", { "status", "now" }, MG_EXIT_USAGE, 0, false, NULL,
	  false, "unexpected argument 'now'" },
	{ "parse_unknown_option", { "status", "--yaml" }, MG_EXIT_USAGE, 0, false, NULL, false,
	  "unknown option '--yaml'" },
	{ "parse_stats", { "stats" }, 0, MG_VERB_STATS },
	{ "parse_stats_json", { "stats", "--json" }, 0, MG_VERB_STATS, true },
	{ "parse_stats_extra_argument", { "stats", "all" }, MG_EXIT_USAGE, 0, false, NULL, false,
	  "unexpected argument 'all'" },
	{ "parse_monitor_json", { "monitor", "--json" }, 0, MG_VERB_MONITOR, true },
	{ "parse_policy_show_by_name", { "policy", "show", "prio", "--json" }, 0,
	  MG_VERB_POLICY_SHOW, true, "prio" },
	{ "parse_policy_show_needs_a_target", { "policy", "show" }, MG_EXIT_USAGE, 0, false, NULL,
	  false, "needs a policy NAME or --id" },
	{ "parse_policy_show_id_zero", { "policy", "show", "--id", "0" }, MG_EXIT_USAGE, 0, false,
	  NULL, false, "--id needs a link id" },
	{ "parse_policy_show_id_not_a_number", { "policy", "show", "--id", "x1" }, MG_EXIT_USAGE,
	  0, false, NULL, false, "--id needs a link id" },
	{ "parse_policy_show_id_over_u32", { "policy", "show", "--id", "4294967296" },
	  MG_EXIT_USAGE, 0, false, NULL, false, "--id needs a link id" },
	{ "parse_policy_show_name_and_id", { "policy", "show", "a", "--id", "3" }, MG_EXIT_USAGE,
	  0, false, NULL, false, "one NAME or --id" },
	{ "parse_config_cgroup_and_cgroup_id", { "config", "show", "--cgroup", "/a", "--cgroup-id",
	  "5" }, MG_EXIT_USAGE, 0, false, NULL, false, "one --cgroup or --cgroup-id" },
	{ "parse_config_cgroup_id_negative", { "config", "show", "--cgroup-id", "-5" },
	  MG_EXIT_USAGE, 0, false, NULL, false, "--cgroup-id needs a cgroup id" },
	{ "parse_config_cgroup_id_missing", { "config", "show", "--cgroup-id" }, MG_EXIT_USAGE, 0,
	  false, NULL, false, "--cgroup-id needs a cgroup id" },
	{ "parse_json_not_accepted_by_config_set", { "config", "set", "--json", "strikes_max=1" },
	  MG_EXIT_USAGE, 0, false, NULL, false, "unknown option '--json'" },
	{ "parse_cgroup_not_accepted_by_status", { "status", "--cgroup", "/a" }, MG_EXIT_USAGE, 0,
	  false, NULL, false, "unknown option '--cgroup'" },
};

static void test_parse(void)
{
	size_t i;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		char *argv[10] = { "memgovctl" };
		char err[256];
		struct mg_cmd cmd;
		int argc = 1, rc;
		bool pass;

		while (c->argv[argc - 1] && argc < 9) {
			argv[argc] = (char *)c->argv[argc - 1];
			argc++;
		}
		rc = mg_parse_args(argc, argv, &cmd, err, sizeof(err));
		pass = rc == c->want_rc;
		if (pass && rc == 0)
			pass = cmd.verb == c->verb && cmd.json == c->json && cmd.all == c->all &&
			       (c->pname ? cmd.name && !strcmp(cmd.name, c->pname) : !cmd.name);
		if (pass && c->want_err)
			pass = strstr(err, c->want_err) != NULL;
		report(pass, c->name, "rc=%d (want %d) verb=%d json=%d all=%d name=%s err='%s'", rc,
		       c->want_rc, cmd.verb, cmd.json, cmd.all, cmd.name ? cmd.name : "(null)", err);
	}
}

/* Run a printer into a string. */
#define CAPTURE(buf, call)                                              \
	do {                                                            \
		size_t _len;                                            \
		FILE *f = open_memstream(&(buf), &_len);                \
		call;                                                   \
		fclose(f);                                              \
	} while (0)

static void expect_str(const char *name, const char *got, const char *want)
{
	report(!strcmp(got, want), name, "got\n%s\nwant\n%s", got, want);
}

static void test_format(void)
{
	struct mg_status st = {
		.version = "0.1.0", .kernel = "6.12.117+deb12-amd64", .n_attached = 2,
		.n_ejected = 1, .has_version = true, .has_kernel = true, .has_n_attached = true,
		.has_n_ejected = true,
	};
	struct mg_status partial = { .n_attached = 3, .has_n_attached = true };
	struct mg_policy att = {
		.name = "noop", .type = MEMGOV_POLICY_MEMCG, .cgroup_id = 0, .link_id = 5,
		.state = MEMGOV_STATE_ATTACHED, .attach_time_ns = 123,
	};
	struct mg_policy gone = {
		.name = "oomer", .type = MEMGOV_POLICY_OOM, .cgroup_id = 104, .link_id = 9,
		.flags = MEMGOV_F_SHADOW, .state = MEMGOV_STATE_EXITED, .attach_time_ns = 1,
		.has_exit = true,
		.exit = { .kind = MEMGOV_EXIT_ERROR, .reason = "policy called bpf_memgov_error()",
			  .msg = "bad \"state\"\n", .time_ns = 2500000001ULL },
	};
	char *buf = NULL;

	CAPTURE(buf, mg_print_status(f, &st, false));
	expect_str("format_status_human", buf,
		   "memgov:   0.1.0\nkernel:   6.12.117+deb12-amd64\nattached: 2\nejected:  1\n");
	free(buf);
	CAPTURE(buf, mg_print_status(f, &st, true));
	expect_str("format_status_json", buf,
		   "{\"version\":\"0.1.0\",\"kernel\":\"6.12.117+deb12-amd64\",\"attached\":2,"
		   "\"ejected\":1}\n");
	free(buf);
	CAPTURE(buf, mg_print_status(f, &partial, true));
	expect_str("format_status_json_prints_only_present_attributes", buf,
		   "{\"attached\":3}\n");
	free(buf);
	CAPTURE(buf, mg_print_policy(f, &att, false, true));
	expect_str("format_policy_attached_human", buf,
		   "noop                 memcg  0          5      attached  -\n");
	free(buf);
	CAPTURE(buf, mg_print_policy(f, &gone, false, true));
	expect_str("format_policy_exited_human_shows_reason_and_message", buf,
		   "oomer                oom    104        9      exited    error: policy called "
		   "bpf_memgov_error() (\"bad \"state\"\n\") [shadow]\n");
	free(buf);
	CAPTURE(buf, mg_print_policy(f, &gone, true, false));
	expect_str("format_policy_json_escapes_strings", buf,
		   ",{\"name\":\"oomer\",\"type\":\"oom\",\"cgroup_id\":104,\"link_id\":9,"
		   "\"state\":\"exited\",\"attach_time_ns\":1,\"flags\":[\"shadow\"],"
		   "\"exit\":{\"kind\":\"error\",\"reason\":\"policy called bpf_memgov_error()\","
		   "\"message\":\"bad \\\"state\\\"\\n\",\"time_ns\":2500000001}}");
	free(buf);
	CAPTURE(buf, mg_print_exit(f, &gone));
	expect_str("format_loader_exit_line", buf,
		   "memgov: policy 'oomer' (link 9) exited: kind=error reason=\"policy called "
		   "bpf_memgov_error()\" message=\"bad \"state\"\n\" at=2.500000001s\n");
	free(buf);
	CAPTURE(buf, mg_json_string(f, "a\x01\tb\\"));
	expect_str("format_json_escapes_control_characters", buf, "\"a\\u0001\\tb\\\\\"");
	free(buf);
	CAPTURE(buf, mg_print_help(f));
	report(strstr(buf, "policy detach NAME | --all") && strstr(buf, "status [--json]") &&
	       strstr(buf, "3 memgov module not loaded"),
	       "format_help_lists_every_subcommand", "help:\n%s", buf);
	free(buf);

	report(!strcmp(mg_exit_kind_str(MEMGOV_EXIT_WATCHDOG), "watchdog") &&
	       !strcmp(mg_exit_kind_str(999), "unknown") &&
	       !strcmp(mg_policy_type_str(MEMGOV_POLICY_OOM), "oom") &&
	       !strcmp(mg_policy_state_str(0), "unknown"),
	       "format_enum_names_and_unknown_values", "enum names wrong");
}

/* KEY=VALUE for `config set`, every malformed form we could think of. */
struct kv_case {
	const char *name;
	const char *arg;
	int want_rc;
	int attr;		/* when accepted */
	unsigned long long value;
	const char *want_err;
};

static const struct kv_case kv_cases[] = {
	{ "config_kv_valid", "strikes_max=5", 0, MEMGOV_CFG_A_STRIKES_MAX, 5, NULL },
	{ "config_kv_zero", "psi_some_pct=0", 0, MEMGOV_CFG_A_PSI_SOME_PCT, 0, NULL },
	{ "config_kv_u64_max", "refault_per_sec=18446744073709551615", 0,
	  MEMGOV_CFG_A_REFAULT_PER_SEC, 18446744073709551615ULL, NULL },
	{ "config_kv_no_equals", "strikes_max", MG_EXIT_USAGE, 0, 0, "is not KEY=VALUE" },
	{ "config_kv_empty_key", "=5", MG_EXIT_USAGE, 0, 0, "is not KEY=VALUE" },
	{ "config_kv_empty_value", "strikes_max=", MG_EXIT_USAGE, 0, 0, "non-negative integer" },
	{ "config_kv_unknown_key", "strikes=5", MG_EXIT_USAGE, 0, 0, "unknown limit 'strikes'" },
	{ "config_kv_key_case_matters", "STRIKES_MAX=5", MG_EXIT_USAGE, 0, 0, "unknown limit" },
	{ "config_kv_negative", "strikes_max=-1", MG_EXIT_USAGE, 0, 0, "non-negative integer" },
	{ "config_kv_plus_sign", "strikes_max=+1", MG_EXIT_USAGE, 0, 0, "non-negative integer" },
	{ "config_kv_trailing_garbage", "strikes_max=5x", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_hex_is_not_decimal", "strikes_max=0x10", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_float", "psi_full_pct=60.5", MG_EXIT_USAGE, 0, 0, "non-negative integer" },
	{ "config_kv_overflow", "refault_per_sec=18446744073709551616", MG_EXIT_USAGE, 0, 0,
	  "non-negative integer" },
	{ "config_kv_space_before_value", "strikes_max= 5", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_double_equals", "strikes_max==5", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_tab_before_value", "strikes_max=\t5", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_trailing_newline", "strikes_max=5\n", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_trailing_space", "strikes_max=5 ", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_space_in_key", "strikes max=5", MG_EXIT_USAGE, 0, 0, "unknown limit" },
	{ "config_kv_space_before_equals", "strikes_max =5", MG_EXIT_USAGE, 0, 0, "unknown limit" },
	{ "config_kv_only_equals", "=", MG_EXIT_USAGE, 0, 0, "is not KEY=VALUE" },
	{ "config_kv_empty_argument", "", MG_EXIT_USAGE, 0, 0, "is not KEY=VALUE" },
	{ "config_kv_two_values", "strikes_max=5=6", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_exponent", "kill_min_kib=1e6", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_octal_looking_is_decimal", "strikes_max=010", 0, MEMGOV_CFG_A_STRIKES_MAX, 10,
	  NULL },
	{ "config_kv_unit_suffix", "kill_deadline_ms=2s", MG_EXIT_USAGE, 0, 0, "non-negative" },
	{ "config_kv_pad_attribute_is_not_a_key", "pad=1", MG_EXIT_USAGE, 0, 0, "unknown limit" },
	{ "config_kv_unspec_is_not_a_key", "unspec=1", MG_EXIT_USAGE, 0, 0, "unknown limit" },
	{ "config_kv_non_ascii_value", "strikes_max=\xd9\xa5", MG_EXIT_USAGE, 0, 0,
	  "non-negative" },
	{ "config_kv_very_long_key",
	  "this_key_is_far_far_longer_than_any_limit_name_memgov_will_ever_have=1",
	  MG_EXIT_USAGE, 0, 0, "unknown limit" },
};

static void test_config_kv(void)
{
	size_t i;

	for (i = 0; i < sizeof(kv_cases) / sizeof(kv_cases[0]); i++) {
		const struct kv_case *c = &kv_cases[i];
		struct mg_config cfg;
		char err[256] = "";
		int rc;
		bool pass;

		memset(&cfg, 0, sizeof(cfg));
		rc = mg_parse_config_arg(c->arg, &cfg, err, sizeof(err));
		pass = rc == c->want_rc;
		if (pass && !rc)
			pass = cfg.has[c->attr] && cfg.v[c->attr] == c->value;
		if (pass && c->want_err)
			pass = strstr(err, c->want_err) != NULL;
		report(pass, c->name, "rc=%d (want %d) err='%s'", rc, c->want_rc, err);
	}
}

static void test_config_cmd(void)
{
	char *dup[] = { "memgovctl", "config", "set", "strikes_max=2", "strikes_max=3", NULL };
	char *two[] = { "memgovctl", "config", "set", "strikes_max=2", "psi_full_pct=40", NULL };
	char *none[] = { "memgovctl", "config", "set", NULL };
	char *show[] = { "memgovctl", "config", "show", "--json", NULL };
	char *cg[] = { "memgovctl", "config", "set", "--cgroup", "/sys/fs/cgroup/a", "strikes_max=2",
		       NULL };
	char *cgmissing[] = { "memgovctl", "config", "show", "--cgroup", NULL };
	struct mg_cmd cmd;
	struct mg_config c;
	char err[256], *out = NULL;

	report(mg_parse_args(5, dup, &cmd, err, sizeof(err)) == MG_EXIT_USAGE &&
	       strstr(err, "given twice"), "config_set_same_key_twice_is_refused", "err='%s'", err);
	report(mg_parse_args(5, two, &cmd, err, sizeof(err)) == 0 &&
	       cmd.verb == MG_VERB_CONFIG_SET && cmd.set.v[MEMGOV_CFG_A_STRIKES_MAX] == 2 &&
	       cmd.set.v[MEMGOV_CFG_A_PSI_FULL_PCT] == 40, "config_set_takes_several_limits",
	       "err='%s'", err);
	report(mg_parse_args(3, none, &cmd, err, sizeof(err)) == MG_EXIT_USAGE,
	       "config_set_without_limits_is_usage", "err='%s'", err);
	report(mg_parse_args(4, show, &cmd, err, sizeof(err)) == 0 && cmd.json &&
	       cmd.verb == MG_VERB_CONFIG_SHOW, "config_show_json_parses", "err='%s'", err);
	report(mg_parse_args(6, cg, &cmd, err, sizeof(err)) == 0 && cmd.cgroup &&
	       !strcmp(cmd.cgroup, "/sys/fs/cgroup/a") && cmd.set.has[MEMGOV_CFG_A_STRIKES_MAX],
	       "config_set_for_one_cgroup_parses", "err='%s'", err);
	report(mg_parse_args(4, cgmissing, &cmd, err, sizeof(err)) == MG_EXIT_USAGE &&
	       strstr(err, "--cgroup needs"), "config_cgroup_without_path_is_usage", "err='%s'", err);

	memset(&c, 0, sizeof(c));
	c.v[MEMGOV_CFG_A_STRIKES_MAX] = 3;
	c.has[MEMGOV_CFG_A_STRIKES_MAX] = true;
	c.v[MEMGOV_CFG_A_PSI_FULL_PCT] = 60;
	c.has[MEMGOV_CFG_A_PSI_FULL_PCT] = true;
	CAPTURE(out, mg_print_config(f, &c, true));
	expect_str("format_config_json", out, "{\"strikes_max\":3,\"psi_full_pct\":60}\n");
	free(out);
	out = NULL;
	CAPTURE(out, mg_print_config(f, &c, false));
	expect_str("format_config_human", out, "strikes_max          3\npsi_full_pct         60\n");
	free(out);
}

static void test_shadow_format(void)
{
	struct mg_policy p;
	char *out = NULL;

	memset(&p, 0, sizeof(p));
	strcpy(p.name, "pick");
	p.type = MEMGOV_POLICY_OOM;
	p.state = MEMGOV_STATE_ATTACHED;
	p.flags = MEMGOV_F_SHADOW;
	p.link_id = 4;
	p.has_shadow = true;
	p.shadow_decisions = 2;
	p.shadow_diffs = 1;
	strcpy(p.shadow_last, "would kill 12 (b); the kernel chose 11 (a)");
	CAPTURE(out, mg_print_policy(f, &p, false, true));
	report(out && strstr(out, "\n  shadow: 2 decisions, 1 differed from the kernel; last: "
				  "would kill 12 (b); the kernel chose 11 (a)\n"),
	       "format_shadow_policy_shows_where_it_differed", "got '%s'", out);
	free(out);
	out = NULL;
	CAPTURE(out, mg_print_policy(f, &p, true, true));
	report(out && strstr(out, ",\"shadow\":{\"decisions\":2,\"differed\":1,\"last\":"
				  "\"would kill 12 (b); the kernel chose 11 (a)\"}"),
	       "format_shadow_policy_json", "got '%s'", out);
	free(out);
}

static void test_stats_and_events(void)
{
	struct mg_stats s;
	struct mg_event e;
	char *out = NULL;

	memset(&s, 0, sizeof(s));
	s.v[MEMGOV_STATS_A_OOMS] = 4;
	s.has[MEMGOV_STATS_A_OOMS] = true;
	s.v[MEMGOV_STATS_A_EVENTS_DROPPED] = 0;
	s.has[MEMGOV_STATS_A_EVENTS_DROPPED] = true;
	CAPTURE(out, mg_print_stats(f, &s, true));
	expect_str("format_stats_json", out, "{\"ooms\":4,\"events_dropped\":0}\n");
	free(out);
	out = NULL;
	CAPTURE(out, mg_print_stats(f, &s, false));
	expect_str("format_stats_human", out, "ooms                 4\nevents_dropped       0\n");
	free(out);
	out = NULL;
	report(!!mg_stats_names[MEMGOV_STATS_A_MAX] && !mg_stats_names[MEMGOV_STATS_A_PAD],
	       "stats_every_counter_has_a_name", "last counter unnamed");

	memset(&e, 0, sizeof(e));
	e.cmd = MEMGOV_CMD_KILL_NOTICE;
	strcpy(e.policy_name, "pick");
	e.pid = 42;
	strcpy(e.comm, "memhog \"b\"");
	e.cgroup_id = 77;
	strcpy(e.reason, "largest");
	e.time_ns = 1500000000ULL;
	CAPTURE(out, mg_print_event(f, &e, false));
	expect_str("format_event_kill_notice_line", out,
		   "memgov: policy 'pick' will kill pid 42 (memhog \"b\") for the OOM in cgroup 77: "
		   "largest at 1.500000s\n");
	free(out);
	out = NULL;
	CAPTURE(out, mg_print_event(f, &e, true));
	expect_str("format_event_kill_notice_json", out,
		   "{\"event\":\"kill-notice\",\"policy\":\"pick\",\"pid\":42,\"comm\":"
		   "\"memhog \\\"b\\\"\",\"cgroup_id\":77,\"reason\":\"largest\","
		   "\"time_ns\":1500000000}\n");
	free(out);
	out = NULL;
	memset(&e, 0, sizeof(e));
	e.cmd = MEMGOV_CMD_FALLBACK;
	strcpy(e.reason, "no policy killed");
	CAPTURE(out, mg_print_event(f, &e, false));
	expect_str("format_event_fallback_line", out,
		   "memgov: OOM in cgroup 0 left to the kernel's OOM killer: no policy killed at "
		   "0.000000s\n");
	free(out);
	out = NULL;
	memset(&e, 0, sizeof(e));
	e.cmd = MEMGOV_CMD_CONFIG_CHANGED;
	e.cgroup_id = 9;
	e.config.v[MEMGOV_CFG_A_PSI_FULL_PCT] = 30;
	e.config.has[MEMGOV_CFG_A_PSI_FULL_PCT] = true;
	CAPTURE(out, mg_print_event(f, &e, true));
	expect_str("format_event_config_json_is_one_line", out,
		   "{\"event\":\"config\",\"cgroup_id\":9,\"config\":{\"psi_full_pct\":30}}\n");
	free(out);
	out = NULL;
	CAPTURE(out, mg_print_event(f, &e, false));
	expect_str("format_event_config_line", out,
		   "memgov: config changed for cgroup 9: psi_full_pct=30\n");
	free(out);
	out = NULL;
	memset(&e, 0, sizeof(e));
	e.cmd = MEMGOV_CMD_POLICY_EXIT;
	strcpy(e.policy.name, "zoo");
	e.policy.link_id = 3;
	e.policy.has_exit = true;
	e.policy.exit.kind = MEMGOV_EXIT_THRASH;
	strcpy(e.policy.exit.reason, "thrash");
	CAPTURE(out, mg_print_event(f, &e, true));
	report(out && !strncmp(out, "{\"event\":\"exit\",\"policy\":{\"name\":\"zoo\"", 38) &&
	       strstr(out, "\"kind\":\"thrash\"") && !strchr(out, '\n')[1],
	       "format_event_exit_json_is_one_line", "got '%s'", out);
	free(out);
}

/* config load FILE: what /etc/memgov/limits.conf may hold, and every way it can be wrong. */
static int load_text(const char *text, struct mg_cmd *cmd, char *err, size_t errlen)
{
	char path[] = "/tmp/memgov-limits-XXXXXX";
	char *argv[] = { "memgovctl", "config", "load", path, NULL };
	int fd = mkstemp(path), rc;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	memset(cmd, 0, sizeof(*cmd));
	err[0] = '\0';
	rc = mg_parse_args(4, argv, cmd, err, errlen);
	unlink(path);
	return rc;
}

static void test_config_load(void)
{
	char *nofile[] = { "memgovctl", "config", "load", NULL };
	char *missing[] = { "memgovctl", "config", "load", "/nonexistent/limits.conf", NULL };
	char *cg[] = { "memgovctl", "config", "load", "--cgroup", "/sys/fs/cgroup/a", "/dev/null",
		       NULL };
	struct mg_cmd cmd;
	char err[512];
	int rc;

	rc = load_text("# memgov limits\n\n  strikes_max=5  \n\tpsi_full_pct=40\n# end\n",
		       &cmd, err, sizeof(err));
	report(rc == 0 && cmd.verb == MG_VERB_CONFIG_LOAD && cmd.set.v[MEMGOV_CFG_A_STRIKES_MAX] == 5 &&
	       cmd.set.v[MEMGOV_CFG_A_PSI_FULL_PCT] == 40 && !cmd.set.has[MEMGOV_CFG_A_KILL_MIN_KIB],
	       "config_load_reads_limits_skipping_comments_blanks_and_spaces", "rc=%d err='%s'", rc, err);
	rc = load_text("strikes_max=5\nstrikes_max=6\n", &cmd, err, sizeof(err));
	report(rc == MG_EXIT_USAGE && strstr(err, ":2: limit 'strikes_max' given twice"),
	       "config_load_refuses_a_key_twice_with_its_line", "rc=%d err='%s'", rc, err);
	rc = load_text("strikes_max=5\n\nno_such_limit=1\n", &cmd, err, sizeof(err));
	report(rc == MG_EXIT_USAGE && strstr(err, ":3: unknown limit 'no_such_limit'"),
	       "config_load_refuses_an_unknown_limit_with_its_line", "rc=%d err='%s'", rc, err);
	rc = load_text("strikes_max = 5\n", &cmd, err, sizeof(err));
	report(rc == MG_EXIT_USAGE && strstr(err, ":1: "),
	       "config_load_refuses_spaces_around_the_equals_sign", "rc=%d err='%s'", rc, err);
	rc = load_text("psi_full_pct=-1\n", &cmd, err, sizeof(err));
	report(rc == MG_EXIT_USAGE && strstr(err, "wants a non-negative integer"),
	       "config_load_refuses_a_negative_value", "rc=%d err='%s'", rc, err);
	rc = load_text("# only comments\n#strikes_max=3\n\n", &cmd, err, sizeof(err));
	report(rc == 0 && !cmd.set.has[MEMGOV_CFG_A_STRIKES_MAX],
	       "config_load_of_a_file_of_comments_sets_nothing", "rc=%d err='%s'", rc, err);
	memset(&cmd, 0, sizeof(cmd));
	rc = mg_parse_args(3, nofile, &cmd, err, sizeof(err));
	report(rc == MG_EXIT_USAGE && strstr(err, "needs a FILE"), "config_load_needs_a_file",
	       "rc=%d err='%s'", rc, err);
	memset(&cmd, 0, sizeof(cmd));
	rc = mg_parse_args(4, missing, &cmd, err, sizeof(err));
	report(rc == MG_EXIT_USAGE && strstr(err, "/nonexistent/limits.conf: No such file"),
	       "config_load_says_why_a_file_cannot_be_read", "rc=%d err='%s'", rc, err);
	memset(&cmd, 0, sizeof(cmd));
	rc = mg_parse_args(6, cg, &cmd, err, sizeof(err));
	report(rc == 0 && cmd.cgroup && !strcmp(cmd.cgroup, "/sys/fs/cgroup/a"),
	       "config_load_takes_a_cgroup", "rc=%d err='%s'", rc, err);
}

/* The policy loaders' one number parser: range, base, garbage, and the message. */
static void test_loader_parse_num(void)
{
	static const struct {
		const char *arg;
		uint64_t min, max;
		int rc;
		uint64_t v;
	} c[] = {
		{ "60", 1, 100, 0, 60 },	{ "100", 1, 100, 0, 100 },
		{ "0", 1, 100, -1, 0 },		{ "101", 1, 100, -1, 0 },
		{ "010", 0, 100, 0, 10 },	{ "0x10", 0, 100, 0, 16 },
		{ "-1", 0, UINT64_MAX, -1, 0 },	{ "", 0, 100, -1, 0 },
		{ "5ms", 0, 100, -1, 0 },	{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
		{ "18446744073709551616", 0, UINT64_MAX, -1, 0 },
	};
	char name[96], err[256] = "";
	int saved = dup(STDERR_FILENO);
	FILE *tmp = tmpfile();
	size_t i;

	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);	/* the refusals' messages */
	for (i = 0; i < MG_ARRAY_SIZE(c); i++) {
		uint64_t v = 12345;
		int rc = mg_loader_parse_num("t", "--x", c[i].arg, c[i].min, c[i].max, &v);

		snprintf(name, sizeof(name), "loader_parse_num_%s'%s'",
			 c[i].rc ? "refuses_" : "takes_", c[i].arg);
		report(rc == c[i].rc && (rc || v == c[i].v), name, "rc=%d v=%llu", rc,
		       (unsigned long long)v);
	}
	mg_loader_parse_num("oomd", "--limit", "0", 1, 100, &(uint64_t){ 0 });
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	while (fgets(err, sizeof(err), tmp))	/* the last line: the oomd one */
		;
	fclose(tmp);
	expect_str("loader_parse_num_says_the_range", err,
		   "oomd: --limit wants a number from 1 to 100, not '0'\n");
}

int main(void)
{
	test_loader_parse_num();
	test_stats_and_events();
	test_shadow_format();
	test_parse();
	test_config_kv();
	test_config_cmd();
	test_config_load();
	test_format();
	return failures ? 1 : 0;
}

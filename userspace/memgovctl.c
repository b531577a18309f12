// SPDX-License-Identifier: GPL-2.0
/*
 * memgovctl: administer memgov over generic netlink.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

static int kernel_error(struct mg_nl *nl, int err)
{
	const char *msg = nl ? mg_nl_errmsg(nl) : "";

	if (msg && msg[0])
		fprintf(stderr, "memgovctl: kernel says: %s (%s)\n", msg, strerror(-err));
	else
		fprintf(stderr, "memgovctl: kernel says: %s\n", strerror(-err));
	return MG_EXIT_KERNEL;
}

struct list_arg {
	bool json;
	bool first;
};

static int list_one(const struct mg_policy *p, void *arg)
{
	struct list_arg *la = arg;

	mg_print_policy(stdout, p, la->json, la->first);
	la->first = false;
	return 0;
}

static int monitor_one(const struct mg_policy *p, void *arg)
{
	bool json = *(bool *)arg;

	if (json) {
		mg_print_policy(stdout, p, true, true);
		fputc('\n', stdout);
	} else {
		mg_print_exit(stdout, p);
	}
	fflush(stdout);
	return 0;
}

static int run(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	struct mg_status st;
	struct list_arg la = { .json = cmd->json, .first = true };
	uint32_t n;
	int err;

	switch (cmd->verb) {
	case MG_VERB_STATUS:
		err = mg_nl_status(nl, &st);
		if (err)
			return kernel_error(nl, err);
		mg_print_status(stdout, &st, cmd->json);
		return MG_EXIT_OK;
	case MG_VERB_POLICY_LIST:
		if (cmd->json)
			fputc('[', stdout);
		else
			mg_print_policy_header(stdout);
		err = mg_nl_policy_dump(nl, list_one, &la);
		if (cmd->json)
			fputs("]\n", stdout);
		if (err)
			return kernel_error(nl, err);
		return MG_EXIT_OK;
	case MG_VERB_POLICY_DETACH:
		err = mg_nl_policy_detach(nl, cmd->all ? NULL : cmd->name, &n);
		if (err)
			return kernel_error(nl, err);
		printf("detached %u polic%s\n", n, n == 1 ? "y" : "ies");
		return MG_EXIT_OK;
	case MG_VERB_CONFIG_SHOW: {
		struct mg_config c;

		err = mg_nl_config_get(nl, &c);
		if (err)
			return kernel_error(nl, err);
		mg_print_config(stdout, &c, cmd->json);
		return MG_EXIT_OK;
	}
	case MG_VERB_CONFIG_SET: {
		struct mg_config c = cmd->set;

		err = mg_nl_config_set(nl, &c);
		if (err)
			return kernel_error(nl, err);
		mg_print_config(stdout, &c, false);
		return MG_EXIT_OK;
	}
	case MG_VERB_MONITOR: {
		bool json = cmd->json;

		err = mg_nl_monitor(nl, monitor_one, &json);
		if (err)
			return kernel_error(nl, err);
		return MG_EXIT_OK;
	}
	case MG_VERB_HELP:
		break;
	}
	mg_print_help(stdout);
	return MG_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct mg_cmd cmd;
	struct mg_nl *nl;
	char err[256];
	int rc;

	rc = mg_parse_args(argc, argv, &cmd, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "memgovctl: %s\n", err);
		return rc;
	}
	if (cmd.verb == MG_VERB_HELP) {
		mg_print_help(stdout);
		return MG_EXIT_OK;
	}
	rc = mg_nl_open(&nl);
	if (rc == -ENOENT) {
		fprintf(stderr, "memgovctl: the memgov module is not loaded (try: modprobe memgov)\n");
		return MG_EXIT_NOMODULE;
	}
	if (rc) {
		fprintf(stderr, "memgovctl: cannot open generic netlink: %s\n", strerror(-rc));
		return MG_EXIT_KERNEL;
	}
	rc = run(nl, &cmd);
	mg_nl_close(nl);
	return rc;
}

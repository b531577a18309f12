// SPDX-License-Identifier: GPL-2.0
/*
 * memgovctl: administer memgov over generic netlink.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include "cli.h"

/* The kernel's refusal: its errno, its extack message, and the attribute it pointed at. */
static int kernel_error(struct mg_nl *nl, int err)
{
	const char *msg = nl ? mg_nl_errmsg(nl) : "";
	const char *detail = nl ? mg_nl_errdetail(nl) : "";

	fprintf(stderr, "memgovctl: kernel says: ");
	if (msg[0])
		fprintf(stderr, "%s", msg);
	if (detail[0])
		fprintf(stderr, "%s%s", msg[0] ? ": " : "", detail);
	fprintf(stderr, "%s%s%s\n", msg[0] || detail[0] ? " (" : "", strerror(-err),
		msg[0] || detail[0] ? ")" : "");
	if (err == -EPERM)
		fprintf(stderr, "memgovctl: this command needs CAP_NET_ADMIN (run it as root)\n");
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

/* A cgroup v2 directory's id is its inode number. */
static int cgroup_id_of(const char *path, uint64_t *id)
{
	struct statfs sfs;
	struct stat st;

	if (statfs(path, &sfs) || stat(path, &st)) {
		fprintf(stderr, "memgovctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (sfs.f_type != CGROUP2_SUPER_MAGIC || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "memgovctl: %s is not a cgroup v2 directory\n", path);
		return -1;
	}
	*id = st.st_ino;
	return 0;
}

static int monitor_one(const struct mg_event *e, void *arg)
{
	mg_print_event(stdout, e, *(bool *)arg);
	fflush(stdout);
	return 0;
}

static void monitor_lost(void *arg)
{
	if (*(bool *)arg)
		printf("{\"event\":\"lost\"}\n");
	else
		printf("memgov: events lost (the monitor's receive buffer overran)\n");
	fflush(stdout);
}

struct show_arg {
	const char *name;
	struct mg_policy found;
	int n;
};

/* The attached policy of that name if there is one, else its most recent exit. */
static int show_pick(const struct mg_policy *p, void *arg)
{
	struct show_arg *sa = arg;

	if (strcmp(p->name, sa->name))
		return 0;
	if (!sa->n++ || (sa->found.state != MEMGOV_STATE_ATTACHED &&
			 p->state == MEMGOV_STATE_ATTACHED))
		sa->found = *p;
	return 0;
}

static int target_cgroup(const struct mg_cmd *cmd, uint64_t *cgid)
{
	*cgid = cmd->has_cgroup_id ? cmd->cgroup_id : 0;
	return cmd->cgroup ? cgroup_id_of(cmd->cgroup, cgid) : 0;
}

/* One handler per command (the table mg_subcmds[] in cli.c names them and parses their
 * arguments); each returns memgovctl's exit status. */
static int cmd_status(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	struct mg_status st;
	int err;

	err = mg_nl_status(nl, &st);
	if (err)
		return kernel_error(nl, err);
	mg_print_status(stdout, &st, cmd->json);
	return MG_EXIT_OK;
}

static int cmd_policy_list(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	struct list_arg la = { .json = cmd->json, .first = true };
	int err;

	if (cmd->json)
		fputc('[', stdout);
	else
		mg_print_policy_header(stdout);
	err = mg_nl_policy_dump(nl, list_one, &la);
	if (cmd->json)
		fputs("]\n", stdout);
	return err ? kernel_error(nl, err) : MG_EXIT_OK;
}

static int cmd_policy_show(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	struct show_arg sa = { .name = cmd->name };
	int err;

	if (cmd->link_id) {
		err = mg_nl_policy_get(nl, cmd->link_id, &sa.found);
		if (err)
			return kernel_error(nl, err);
	} else {
		err = mg_nl_policy_dump(nl, show_pick, &sa);
		if (err)
			return kernel_error(nl, err);
		if (!sa.n) {
			fprintf(stderr, "memgovctl: no policy named '%s' (attached or recently exited)\n",
				cmd->name);
			return MG_EXIT_KERNEL;
		}
	}
	if (cmd->json) {
		mg_print_policy(stdout, &sa.found, true, true);
		fputc('\n', stdout);
	} else {
		mg_print_policy_details(stdout, &sa.found);
	}
	return MG_EXIT_OK;
}

static int cmd_policy_detach(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	uint32_t n;
	int err;

	err = mg_nl_policy_detach(nl, cmd->all ? NULL : cmd->name, &n);
	if (err)
		return kernel_error(nl, err);
	printf("detached %u polic%s\n", n, n == 1 ? "y" : "ies");
	return MG_EXIT_OK;
}

static int cmd_stats(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	struct mg_stats s;
	int err;

	err = mg_nl_stats(nl, &s);
	if (err)
		return kernel_error(nl, err);
	mg_print_stats(stdout, &s, cmd->json);
	return MG_EXIT_OK;
}

static int cmd_config_show(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	struct mg_config c;
	uint64_t cgid = 0;
	int err;

	if (target_cgroup(cmd, &cgid))
		return MG_EXIT_USAGE;
	err = mg_nl_config_get(nl, cgid, &c);
	if (err)
		return kernel_error(nl, err);
	mg_print_config(stdout, &c, cmd->json);
	return MG_EXIT_OK;
}

/* config set and config load: the limits parsed from the arguments or the file. */
static int cmd_config_set(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	struct mg_config c = cmd->set;
	uint64_t cgid = 0;
	unsigned int a;
	int err;

	for (a = 0; a <= MEMGOV_CFG_A_MAX && !c.has[a]; a++)
		;
	if (a > MEMGOV_CFG_A_MAX) {
		/* config load of a file of comments (as shipped): nothing to set. */
		printf("%s sets no limit\n", cmd->file);
		return MG_EXIT_OK;
	}
	if (target_cgroup(cmd, &cgid))
		return MG_EXIT_USAGE;
	err = mg_nl_config_set(nl, cgid, &c);
	if (err)
		return kernel_error(nl, err);
	mg_print_config(stdout, &c, false);
	return MG_EXIT_OK;
}

static int cmd_monitor(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	bool json = cmd->json;
	int err;

	err = mg_nl_monitor(nl, monitor_one, monitor_lost, &json);
	return err ? kernel_error(nl, err) : MG_EXIT_OK;
}

static int (*const handlers[])(struct mg_nl *nl, const struct mg_cmd *cmd) = {
	[MG_VERB_STATUS] = cmd_status,
	[MG_VERB_POLICY_LIST] = cmd_policy_list,
	[MG_VERB_POLICY_SHOW] = cmd_policy_show,
	[MG_VERB_POLICY_DETACH] = cmd_policy_detach,
	[MG_VERB_STATS] = cmd_stats,
	[MG_VERB_CONFIG_SHOW] = cmd_config_show,
	[MG_VERB_CONFIG_SET] = cmd_config_set,
	[MG_VERB_CONFIG_LOAD] = cmd_config_set,
	[MG_VERB_MONITOR] = cmd_monitor,
};

static int run(struct mg_nl *nl, const struct mg_cmd *cmd)
{
	if ((size_t)cmd->verb < sizeof(handlers) / sizeof(handlers[0]) && handlers[cmd->verb])
		return handlers[cmd->verb](nl, cmd);
	mg_print_help(stdout);
	return MG_EXIT_OK;
}

/* False only when this process is known to be in another network namespace than init's. */
static bool in_initial_netns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self) || stat("/proc/1/ns/net", &init))
		return true;
	return self.st_ino == init.st_ino && self.st_dev == init.st_dev;
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
	if (rc == -ENOENT && !in_initial_netns()) {
		fprintf(stderr, "memgovctl: no memgov family in this network namespace: it exists only in "
				"the initial one (the module may be loaded)\n");
		return MG_EXIT_NOMODULE;
	}
	if (rc == -ENOENT) {
		fprintf(stderr, "memgovctl: the memgov module is not loaded (load it with: modprobe memgov; "
				"install it with: dkms install memgov/VERSION)\n");
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

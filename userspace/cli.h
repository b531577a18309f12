/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memgovctl's command line and output, kept apart from netlink so they can be unit-tested.
 */
#ifndef _MEMGOV_CLI_H
#define _MEMGOV_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "client.h"

enum mg_exit_code {
	MG_EXIT_OK = 0,
	MG_EXIT_USAGE = 1,
	MG_EXIT_KERNEL = 2,	/* the kernel refused; its extack text is printed */
	MG_EXIT_NOMODULE = 3,	/* memgov.ko is not loaded */
};

enum mg_verb {
	MG_VERB_HELP,
	MG_VERB_STATUS,
	MG_VERB_POLICY_LIST,
	MG_VERB_POLICY_DETACH,
	MG_VERB_CONFIG_SHOW,
	MG_VERB_CONFIG_SET,
	MG_VERB_MONITOR,
	MG_VERB_POLICY_SHOW,
	MG_VERB_STATS,
	MG_VERB_CONFIG_LOAD,
};

struct mg_cmd {
	enum mg_verb verb;
	bool json;
	const char *name;	/* policy detach NAME */
	bool all;		/* policy detach --all */
	struct mg_config set;	/* config set KEY=VALUE..., config load FILE */
	const char *file;	/* config load FILE */
	const char *cgroup;	/* config show|set --cgroup PATH */
	uint64_t cgroup_id;	/* config show|set --cgroup-id ID */
	bool has_cgroup_id;
	uint32_t link_id;	/* policy show --id LINK_ID */
};

/* The options a command takes (struct mg_subcmd.opts). */
enum {
	MG_OPT_JSON = 1 << 0,	/* --json */
	MG_OPT_CGROUP = 1 << 1,	/* --cgroup PATH | --cgroup-id ID */
	MG_OPT_ID = 1 << 2,	/* --id LINK_ID */
	MG_OPT_ALL = 1 << 3,	/* --all */
};

struct mg_subcmd {
	const char *object;
	const char *verb;	/* NULL: the object is the whole command */
	enum mg_verb id;
	const char *args;
	const char *help;
	unsigned int opts;	/* MG_OPT_* */
	/* An argument that is not an option: -1 when it is one too many, else as parse. */
	int (*positional)(struct mg_cmd *cmd, const char *arg, char *err, size_t errlen);
	/* After the last argument: what the command needs, all there. */
	int (*finish)(struct mg_cmd *cmd, char *err, size_t errlen);
};

extern const struct mg_subcmd mg_subcmds[];
extern const size_t mg_nsubcmds;

/* 0 on success; otherwise MG_EXIT_USAGE with a message in @err. */
int mg_parse_args(int argc, char **argv, struct mg_cmd *cmd, char *err, size_t errlen);
void mg_print_help(FILE *f);

void mg_print_status(FILE *f, const struct mg_status *st, bool json);
void mg_print_policy_header(FILE *f);
void mg_print_policy(FILE *f, const struct mg_policy *p, bool json, bool first);
void mg_print_exit(FILE *f, const struct mg_policy *p);
void mg_print_policy_details(FILE *f, const struct mg_policy *p);
void mg_print_stats(FILE *f, const struct mg_stats *s, bool json);
/* One line per event: words, or a JSON object. */
void mg_print_event(FILE *f, const struct mg_event *e, bool json);
void mg_json_string(FILE *f, const char *s);
void mg_print_config(FILE *f, const struct mg_config *c, bool json);
/* KEY=VALUE into @c; 0, or MG_EXIT_USAGE with a message in @err. */
int mg_parse_config_arg(const char *arg, struct mg_config *c, char *err, size_t errlen);
/*
 * A limits file (config load): KEY=VALUE lines, '#' comments and blank lines; each key once.
 * 0 with the limits in @c (maybe none: a file of comments sets nothing), or MG_EXIT_USAGE
 * with "FILE:LINE: why" in @err.
 */
int mg_parse_config_file(const char *path, struct mg_config *c, char *err, size_t errlen);

#endif

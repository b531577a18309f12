// SPDX-License-Identifier: GPL-2.0
/*
 * oom_pick: loader of the OOM policy that names its victim (see oom_pick.bpf.c).
 *
 *   oom_pick [common options] [--victim COMM] [--pass | --claim-only]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "loader.h"

extern const char memgov_obj_oom_pick[];
extern const char memgov_obj_oom_pick_end[];

static char victim[16];
static int mode;

enum { K_VICTIM = 256, K_PASS, K_CLAIM };

static const struct option knobs[] = {
	{ "victim", required_argument, NULL, K_VICTIM },
	{ "pass", no_argument, NULL, K_PASS },
	{ "claim-only", no_argument, NULL, K_CLAIM },
	{ 0 }
};

static int set_knob(int c, const char *arg)
{
	switch (c) {
	case K_VICTIM:
		if (!*arg || strlen(arg) >= sizeof(victim)) {
			fprintf(stderr, "oom_pick: --victim wants a command name of 1-15 characters\n");
			return -1;
		}
		strcpy(victim, arg);
		return 0;
	case K_PASS:
		mode = 1;
		return 0;
	case K_CLAIM:
		mode = 2;
		return 0;
	}
	return -1;
}

static void report(struct bpf_object *obj)
{
	uint64_t oom, kills;

	if (!mg_loader_read_var(obj, ".bss", "nr_oom", &oom, sizeof(oom)) &&
	    !mg_loader_read_var(obj, ".bss", "nr_kills", &kills, sizeof(kills)))
		printf("oom_pick: handled %llu OOMs, killed %llu\n", (unsigned long long)oom,
		       (unsigned long long)kills);
}

int main(int argc, char **argv)
{
	static const char usage[] = " [--victim COMM] [--pass | --claim-only]";
	struct mg_loader_opts o;
	const struct mg_rodata rodata[] = { MG_RODATA("victim", victim), MG_RODATA("mode", mode) };
	const struct mg_loader_run run = {
		.map_name = "oom_pick_ops", .rodata = rodata, .nrodata = MG_ARRAY_SIZE(rodata),
		.report = report,
	};
	struct bpf_object *obj;
	int rc;

	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc || (mode == 0 && !victim[0])) {
		mg_loader_usage(argv[0], usage);
		return MG_LOADER_ERR;
	}
	obj = mg_loader_open(memgov_obj_oom_pick, memgov_obj_oom_pick_end - memgov_obj_oom_pick,
			     "oom_pick", &o);
	if (!obj)
		return MG_LOADER_ERR;
	return mg_loader_run(obj, &o, &run);
}

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
#include "oom_pick.h"
#include "oom_pick.skel.h"

/* The knobs go straight into the policy's .rodata. */
static struct oom_pick *skel;

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
		if (!*arg || strlen(arg) >= sizeof(skel->rodata->victim)) {
			fprintf(stderr, "oom_pick: --victim wants a command name of 1-15 characters\n");
			return -1;
		}
		strcpy((char *)skel->rodata->victim, arg);
		return 0;
	case K_PASS:
		skel->rodata->mode = PICK_PASS;
		return 0;
	case K_CLAIM:
		skel->rodata->mode = PICK_CLAIM;
		return 0;
	}
	return -1;
}

static void report(void *arg)
{
	(void)arg;
	printf("oom_pick: handled %llu OOMs, killed %llu\n", skel->bss->nr_oom,
	       skel->bss->nr_kills);
}

int main(int argc, char **argv)
{
	static const char usage[] = " [--victim COMM] [--pass | --claim-only]";
	const struct mg_loader_run run = { .map_name = "oom_pick_ops", .report = report };
	struct mg_loader_opts o;
	int rc;

	skel = oom_pick__open();
	if (!skel) {
		perror("oom_pick: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc >= 0 && (rc != argc || (skel->rodata->mode == PICK_KILL && !skel->rodata->victim[0]))) {
		mg_loader_usage(argv[0], usage);
		rc = -1;
	}
	rc = rc < 0 ? MG_LOADER_ERR : mg_loader_run(skel->skeleton, &o, &run);
	oom_pick__destroy(skel);
	return rc;
}

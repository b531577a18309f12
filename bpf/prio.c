// SPDX-License-Identifier: GPL-2.0
/*
 * prio: loader of the dynamic-protection policy (see prio.bpf.c).
 *
 *   prio --high PATH --low PATH [--threshold N] [--use-below-min | --use-below-low]
 *        [--over-high-ms N] [--protect-ms N] [common options]
 *
 * Attach point: --cgroup (default: the whole system), a common ancestor of both.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include "loader.h"
#include "prio.skel.h"

/* The knobs go straight into the policy's .rodata, where their defaults are. */
static struct prio *skel;
static bool mode_set;

enum { K_HIGH = 256, K_LOW, K_THRESHOLD, K_MIN, K_LOW_PROT, K_OVER, K_PROTECT };

static const struct option knobs[] = {
	{ "high", required_argument, NULL, K_HIGH },
	{ "low", required_argument, NULL, K_LOW },
	{ "threshold", required_argument, NULL, K_THRESHOLD },
	{ "use-below-min", no_argument, NULL, K_MIN },
	{ "use-below-low", no_argument, NULL, K_LOW_PROT },
	{ "over-high-ms", required_argument, NULL, K_OVER },
	{ "protect-ms", required_argument, NULL, K_PROTECT },
	{ 0 }
};

static int cgroup_id(const char *what, const char *path, uint64_t *id)
{
	struct statfs sfs;
	struct stat st;

	if (statfs(path, &sfs) || stat(path, &st) || sfs.f_type != CGROUP2_SUPER_MAGIC ||
	    !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "prio: %s %s is not a cgroup v2 directory\n", what, path);
		return -1;
	}
	*id = st.st_ino;
	return 0;
}

static int set_knob(int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case K_HIGH:
		return cgroup_id("--high", arg, &v) ? -1 : (skel->rodata->high_id = v, 0);
	case K_LOW:
		return cgroup_id("--low", arg, &v) ? -1 : (skel->rodata->low_id = v, 0);
	case K_THRESHOLD:
		if (mg_loader_parse_num("prio", "--threshold", arg, 0, UINT32_MAX, &v) || !v) {
			fprintf(stderr, "prio: --threshold is a positive number of faults per second\n");
			return -1;
		}
		skel->rodata->threshold = v;
		return 0;
	case K_MIN:
	case K_LOW_PROT:
		if (mode_set && skel->rodata->use_below_min != (c == K_MIN)) {
			fprintf(stderr, "prio: --use-below-min and --use-below-low exclude each other\n");
			return -1;
		}
		mode_set = true;
		skel->rodata->use_below_min = c == K_MIN;
		return 0;
	case K_OVER:
		if (mg_loader_parse_num("prio", "--over-high-ms", arg, 0, 2000, &v))
			return -1;
		skel->rodata->over_high_ms = v;
		return 0;
	case K_PROTECT:
		if (mg_loader_parse_num("prio", "--protect-ms", arg, 0, 60000, &v) || !v)
			return -1;
		skel->rodata->protect_ms = v;
		return 0;
	}
	return -1;
}

static void report(void *arg)
{
	const struct mg_counter counters[] = {
		MG_COUNTER("samples", skel->bss->nr_samples),
		MG_COUNTER("triggers", skel->bss->nr_triggers),
		MG_COUNTER("protected", skel->bss->nr_protected),
		MG_COUNTER("delayed", skel->bss->nr_delayed),
		MG_COUNTER("last_rate", skel->bss->last_rate),
	};

	(void)arg;
	mg_loader_print_counters("prio", counters, MG_ARRAY_SIZE(counters));
}

int main(int argc, char **argv)
{
	static const char usage[] = " --high PATH --low PATH [--threshold N]"
				    " [--use-below-min|--use-below-low] [--over-high-ms N]"
				    " [--protect-ms N]";
	const struct mg_loader_run run = { .map_name = "prio_ops", .report = report };
	struct mg_loader_opts o;
	int rc;

	skel = prio__open();
	if (!skel) {
		perror("prio: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc >= 0 && (rc != argc || !skel->rodata->high_id || !skel->rodata->low_id ||
			skel->rodata->high_id == skel->rodata->low_id)) {
		if (rc == argc)
			fprintf(stderr, "prio: needs --high and --low, two different cgroups\n");
		mg_loader_usage(argv[0], usage);
		rc = -1;
	}
	rc = rc < 0 ? MG_LOADER_ERR : mg_loader_run(skel->skeleton, &o, &run);
	prio__destroy(skel);
	return rc;
}

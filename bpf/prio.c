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

extern const char memgov_obj_prio[];
extern const char memgov_obj_prio_end[];

static uint64_t high_id, low_id, threshold = 1000;
static bool use_below_min, mode_set;
static uint32_t over_high_ms, protect_ms = 1000;

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

static int number(const char *what, const char *arg, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || *v > max) {
		fprintf(stderr, "prio: %s wants a number up to %" PRIu64 ", not '%s'\n", what, max,
			arg);
		return -1;
	}
	return 0;
}

static int set_knob(int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case K_HIGH:
		return cgroup_id("--high", arg, &high_id);
	case K_LOW:
		return cgroup_id("--low", arg, &low_id);
	case K_THRESHOLD:
		if (number("--threshold", arg, UINT32_MAX, &threshold) || !threshold) {
			fprintf(stderr, "prio: --threshold is a positive number of faults per second\n");
			return -1;
		}
		return 0;
	case K_MIN:
	case K_LOW_PROT:
		if (mode_set && use_below_min != (c == K_MIN)) {
			fprintf(stderr, "prio: --use-below-min and --use-below-low exclude each other\n");
			return -1;
		}
		mode_set = true;
		use_below_min = c == K_MIN;
		return 0;
	case K_OVER:
		if (number("--over-high-ms", arg, 2000, &v))
			return -1;
		over_high_ms = v;
		return 0;
	case K_PROTECT:
		if (number("--protect-ms", arg, 60000, &v) || !v)
			return -1;
		protect_ms = v;
		return 0;
	}
	return -1;
}

static void report(struct bpf_object *obj)
{
	static const struct mg_counter counters[] = {
		{ "samples", "nr_samples", false },
		{ "triggers", "nr_triggers", false },
		{ "protected", "nr_protected", false },
		{ "delayed", "nr_delayed", false },
		{ "last_rate", "last_rate", false },
	};

	mg_loader_print_counters(obj, "prio", counters, MG_ARRAY_SIZE(counters));
}

int main(int argc, char **argv)
{
	static const char usage[] = " --high PATH --low PATH [--threshold N]"
				    " [--use-below-min|--use-below-low] [--over-high-ms N]"
				    " [--protect-ms N]";
	const struct mg_rodata rodata[] = {
		MG_RODATA("high_id", high_id),
		MG_RODATA("low_id", low_id),
		MG_RODATA("threshold", threshold),
		MG_RODATA("use_below_min", use_below_min),
		MG_RODATA("over_high_ms", over_high_ms),
		MG_RODATA("protect_ms", protect_ms),
	};
	const struct mg_loader_run run = {
		.map_name = "prio_ops", .rodata = rodata, .nrodata = MG_ARRAY_SIZE(rodata),
		.report = report,
	};
	struct mg_loader_opts o;
	struct bpf_object *obj;
	int rc;

	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc || !high_id || !low_id || high_id == low_id) {
		if (rc == argc)
			fprintf(stderr, "prio: needs --high and --low, two different cgroups\n");
		mg_loader_usage(argv[0], usage);
		return MG_LOADER_ERR;
	}
	obj = mg_loader_open(memgov_obj_prio, memgov_obj_prio_end - memgov_obj_prio, "prio", &o);
	if (!obj)
		return MG_LOADER_ERR;
	return mg_loader_run(obj, &o, &run);
}

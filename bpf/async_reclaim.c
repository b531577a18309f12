// SPDX-License-Identifier: GPL-2.0
/*
 * async_reclaim: loader of the background-reclaim policy (see async_reclaim.bpf.c).
 *
 *   async_reclaim --cgroup PATH --high-watermark BYTES --low-watermark BYTES [common options]
 *
 * BYTES takes a K, M or G suffix (powers of 1024).  On exit it prints one line of counters.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "loader.h"

extern const char memgov_obj_async_reclaim[];
extern const char memgov_obj_async_reclaim_end[];

static uint64_t high_wm, low_wm;

enum { K_HIGH = 256, K_LOW };

static const struct option knobs[] = {
	{ "high-watermark", required_argument, NULL, K_HIGH },
	{ "low-watermark", required_argument, NULL, K_LOW },
	{ 0 }
};

static int parse_bytes(const char *what, const char *arg, uint64_t *v)
{
	unsigned long long n;
	char *end;
	int shift = 0;

	errno = 0;
	n = strtoull(arg, &end, 10);
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (errno || end == arg || *end || arg[0] == '-' || !n || n > (UINT64_MAX >> shift)) {
		fprintf(stderr, "async_reclaim: %s wants a positive size in bytes (K, M, G), not '%s'\n",
			what, arg);
		return -1;
	}
	*v = (uint64_t)n << shift;
	return 0;
}

static int set_knob(int c, const char *arg)
{
	switch (c) {
	case K_HIGH:
		return parse_bytes("--high-watermark", arg, &high_wm);
	case K_LOW:
		return parse_bytes("--low-watermark", arg, &low_wm);
	}
	return -1;
}

static void report(struct bpf_object *obj)
{
	static const struct mg_counter counters[] = {
		{ "charged", "nr_charged", false },
		{ "queued", "nr_queued", false },
		{ "rounds", "nr_rounds", false },
		{ "requeued", "nr_requeued", false },
		{ "errors", "nr_errors", false },
		{ "reclaimed_bytes", "reclaimed_bytes", false },
		{ "max_usage", "max_usage", false },
		{ "last_err", "last_err", true },
	};

	mg_loader_print_counters(obj, "async_reclaim", counters, MG_ARRAY_SIZE(counters));
}

int main(int argc, char **argv)
{
	static const char usage[] = " --high-watermark BYTES --low-watermark BYTES";
	struct mg_loader_opts o;
	struct bpf_object *obj;
	uint64_t target = 0;
	const struct mg_rodata rodata[] = {
		MG_RODATA("high_wm", high_wm),
		MG_RODATA("low_wm", low_wm),
		MG_RODATA("target_id", target),
	};
	const struct mg_loader_run run = {
		.map_name = "async_reclaim_ops", .rodata = rodata, .nrodata = MG_ARRAY_SIZE(rodata),
		.report = report,
	};
	struct stat st;
	int rc;

	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc || !high_wm || !low_wm || low_wm >= high_wm ||
	    (!o.cgroup_path && !o.has_cgroup_id)) {
		if (rc == argc)
			fprintf(stderr, "async_reclaim: needs --cgroup, and --low-watermark below --high-watermark\n");
		mg_loader_usage(argv[0], usage);
		return MG_LOADER_ERR;
	}
	if (o.has_cgroup_id) {
		target = o.cgroup_id;
	} else if (!stat(o.cgroup_path, &st)) {
		target = st.st_ino;
	} else {
		fprintf(stderr, "async_reclaim: %s: %s\n", o.cgroup_path, strerror(errno));
		return MG_LOADER_ERR;
	}
	obj = mg_loader_open(memgov_obj_async_reclaim,
			     memgov_obj_async_reclaim_end - memgov_obj_async_reclaim,
			     "async_reclaim", &o);
	if (!obj)
		return MG_LOADER_ERR;
	return mg_loader_run(obj, &o, &run);
}

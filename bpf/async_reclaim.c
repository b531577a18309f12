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
#include "async_reclaim.skel.h"

/* The knobs go straight into the policy's .rodata. */
static struct async_reclaim *skel;

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
	uint64_t v;

	switch (c) {
	case K_HIGH:
		if (parse_bytes("--high-watermark", arg, &v))
			return -1;
		skel->rodata->high_wm = v;
		return 0;
	case K_LOW:
		if (parse_bytes("--low-watermark", arg, &v))
			return -1;
		skel->rodata->low_wm = v;
		return 0;
	}
	return -1;
}

static void report(void *arg)
{
	const struct mg_counter counters[] = {
		MG_COUNTER("charged", skel->bss->nr_charged),
		MG_COUNTER("queued", skel->bss->nr_queued),
		MG_COUNTER("rounds", skel->bss->nr_rounds),
		MG_COUNTER("requeued", skel->bss->nr_requeued),
		MG_COUNTER("errors", skel->bss->nr_errors),
		MG_COUNTER("reclaimed_bytes", skel->bss->reclaimed_bytes),
		MG_COUNTER("max_usage", skel->bss->max_usage),
		MG_COUNTER_SIGNED("last_err", skel->bss->last_err),
	};

	(void)arg;
	mg_loader_print_counters("async_reclaim", counters, MG_ARRAY_SIZE(counters));
}

int main(int argc, char **argv)
{
	static const char usage[] = " --high-watermark BYTES --low-watermark BYTES";
	const struct mg_loader_run run = { .map_name = "async_reclaim_ops", .report = report };
	struct mg_loader_opts o;
	struct stat st;
	int rc;

	skel = async_reclaim__open();
	if (!skel) {
		perror("async_reclaim: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, usage, knobs, set_knob);
	if (rc >= 0 && (rc != argc || !skel->rodata->high_wm || !skel->rodata->low_wm ||
			skel->rodata->low_wm >= skel->rodata->high_wm ||
			(!o.cgroup_path && !o.has_cgroup_id))) {
		if (rc == argc)
			fprintf(stderr, "async_reclaim: needs --cgroup, and --low-watermark below --high-watermark\n");
		mg_loader_usage(argv[0], usage);
		rc = -1;
	}
	if (rc >= 0 && o.has_cgroup_id) {
		skel->rodata->target_id = o.cgroup_id;
	} else if (rc >= 0 && !stat(o.cgroup_path, &st)) {
		skel->rodata->target_id = st.st_ino;
	} else if (rc >= 0) {
		fprintf(stderr, "async_reclaim: %s: %s\n", o.cgroup_path, strerror(errno));
		rc = -1;
	}
	rc = rc < 0 ? MG_LOADER_ERR : mg_loader_run(skel->skeleton, &o, &run);
	async_reclaim__destroy(skel);
	return rc;
}

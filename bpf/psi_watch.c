// SPDX-License-Identifier: GPL-2.0
/*
 * psi_watch: loader of the PSI policy that watches memory pressure (see psi_watch.bpf.c).
 *
 *   psi_watch [common options] [--watch PATH] [--full] [--threshold-us N] [--window-us N]
 *             [--follow-new] [--probe-errors] [--spin-us N] [--declare] [--declare-twice]
 *
 * On exit it prints one line of counters: "psi_watch: events=N ...".
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "loader.h"
#include "psi_watch.skel.h"

static struct psi_watch *skel;

enum { K_WATCH = 256, K_FULL, K_THRESHOLD, K_WINDOW, K_FOLLOW, K_PROBE, K_SPIN, K_DECLARE,
       K_TWICE };

static const struct option knobs[] = {
	{ "watch", required_argument, NULL, K_WATCH },
	{ "full", no_argument, NULL, K_FULL },
	{ "threshold-us", required_argument, NULL, K_THRESHOLD },
	{ "window-us", required_argument, NULL, K_WINDOW },
	{ "follow-new", no_argument, NULL, K_FOLLOW },
	{ "probe-errors", no_argument, NULL, K_PROBE },
	{ "spin-us", required_argument, NULL, K_SPIN },
	{ "declare", no_argument, NULL, K_DECLARE },
	{ "declare-twice", no_argument, NULL, K_TWICE },
	{ 0 }
};

static int set_knob(int c, const char *arg)
{
	struct stat st;
	uint64_t v;

	switch (c) {
	case K_WATCH:
		/* A cgroup's id is its directory's inode number. */
		if (stat(arg, &st)) {
			fprintf(stderr, "psi_watch: --watch %s: %s\n", arg, strerror(errno));
			return -1;
		}
		skel->rodata->watch_cgroup_id = st.st_ino;
		return 0;
	case K_FULL:
		skel->rodata->full = true;
		return 0;
	case K_THRESHOLD:
		if (mg_loader_parse_num("psi_watch", "--threshold-us", arg, 0, UINT32_MAX, &v))
			return -1;
		skel->rodata->threshold_us = v;
		return 0;
	case K_WINDOW:
		if (mg_loader_parse_num("psi_watch", "--window-us", arg, 0, UINT32_MAX, &v))
			return -1;
		skel->rodata->window_us = v;
		return 0;
	case K_FOLLOW:
		skel->rodata->follow_new = true;
		return 0;
	case K_PROBE:
		skel->rodata->probe_errors = true;
		return 0;
	case K_TWICE:
		skel->rodata->declare_twice = true;
		/* fall through */
	case K_DECLARE:
		skel->rodata->declare = true;
		return 0;
	case K_SPIN:
		if (mg_loader_parse_num("psi_watch", "--spin-us", arg, 0, UINT32_MAX, &v))
			return -1;
		skel->rodata->spin_us = v;
		return 0;
	}
	return -1;
}

static void report(void *arg __attribute__((unused)))
{
	struct psi_watch__bss *b = skel->bss;
	const struct mg_counter c[] = {
		MG_COUNTER("events", b->nr_events),
		MG_COUNTER("watched", b->nr_events_watched),
		MG_COUNTER("min_gap_ns", b->min_gap_ns),
		MG_COUNTER("last_growth_us", b->last_growth_us),
		MG_COUNTER("max_growth_us", b->max_growth_us),
		MG_COUNTER("online", b->nr_online),
		MG_COUNTER("offline", b->nr_offline),
		MG_COUNTER("last_offline_id", b->last_offline_id),
		MG_COUNTER_SIGNED("init_err", b->init_err),
		MG_COUNTER_SIGNED("online_err", b->online_err),
		MG_COUNTER_SIGNED("err_window_short", b->err_window_short),
		MG_COUNTER_SIGNED("err_window_long", b->err_window_long),
		MG_COUNTER_SIGNED("err_threshold_zero", b->err_threshold_zero),
		MG_COUNTER_SIGNED("err_threshold_over_window", b->err_threshold_over_window),
		MG_COUNTER_SIGNED("err_resource", b->err_resource),
		MG_COUNTER_SIGNED("err_no_cgroup", b->err_no_cgroup),
		MG_COUNTER_SIGNED("err_outside", b->err_outside),
		MG_COUNTER_SIGNED("err_too_many", b->err_too_many),
		MG_COUNTER("made_before_too_many", b->made_before_too_many),
		MG_COUNTER("declared", b->nr_declared),
		MG_COUNTER("declare_refused", b->nr_declare_refused),
		MG_COUNTER_SIGNED("last_declare_err", b->last_declare_err),
		MG_COUNTER_SIGNED("second_declare_err", b->second_declare_err),
	};

	mg_loader_print_counters("psi_watch", c, MG_ARRAY_SIZE(c));
}

int main(int argc, char **argv)
{
	static const char extra[] =
		"[--watch PATH] [--full] [--threshold-us N] [--window-us N] [--follow-new]\n"
		"       [--probe-errors] [--spin-us N] [--declare] [--declare-twice]";
	struct mg_loader_opts o;
	int rc;

	skel = psi_watch__open();
	if (!skel) {
		perror("psi_watch: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_parse_knobs(argc, argv, &o, extra, knobs, set_knob);
	if (rc < 0 || rc != argc) {
		if (rc >= 0)
			mg_loader_usage(argv[0], extra);
		psi_watch__destroy(skel);
		return MG_LOADER_ERR;
	}
	rc = mg_loader_run(skel->skeleton, &o, &(const struct mg_loader_run){
		.map_name = "psi_watch_ops", .report = report });
	psi_watch__destroy(skel);
	return rc;
}
